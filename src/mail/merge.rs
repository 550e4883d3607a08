//! The mail merge: one notice per recipient, into a single print-ready PDF (each letter from
//! a new sheet), and on request per-recipient files and e-mail messages.
//!
//! Recipients stream through in small batches: a batch is merged and laid out on every
//! core, then written in row order (its pages straight into the PDF file) and dropped, so
//! memory stays flat however long the list. Everything is staged and moved into place only
//! when the run ends; bad rows are skipped, reported and listed in `rejected.csv`.

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::message::{self, Sender};
use super::recipients::{Recipient, RecipientReader, Rejection};
use crate::build::{Plan, Request};
use crate::error::{Error, Location};
use crate::notice::Notice;
use crate::output::Staging;
use crate::render::Renderer;
use crate::render::html::HtmlRenderer;
use crate::render::pdf::{PdfRenderer, PreparedNotice};

/// Recipients merged together before their pages are written.
const BATCH: usize = 64;

pub struct MergeRequest {
    /// Courts, templates and page set-up; exactly one court and one kind.
    pub build: Request,
    pub recipients: PathBuf,
    pub out_dir: PathBuf,
    /// Pad every letter to an even number of pages.
    pub duplex: bool,
    /// Also write each recipient's notice as Markdown, HTML and PDF.
    pub split: bool,
    /// Also write one `.eml` message per recipient.
    pub email: bool,
    /// Also write all messages into one mbox.
    pub mbox: bool,
    /// Stop at the first bad row and write nothing.
    pub strict: bool,
    pub progress: bool,
}

#[derive(Debug, Default)]
pub struct MergeSummary {
    pub produced: usize,
    pub rejected: Vec<Rejection>,
    /// Pages of the mailing PDF, blank duplex pages included.
    pub pages: usize,
    /// The folder the files went to: `<out>/<court>/<kind>/`.
    pub folder: PathBuf,
    pub files: Vec<PathBuf>,
}

/// A worker's result for one recipient: its notice and what was made of it.
type MadeResult = Result<(Notice, Made), Error>;

/// What a worker makes of one recipient.
struct Made {
    recipient: Recipient,
    pages: PreparedNotice,
    files: Vec<(PathBuf, Vec<u8>)>,
    eml: Option<Vec<u8>>,
}

pub fn merge(request: &MergeRequest) -> Result<MergeSummary, Error> {
    let plan = Plan::load(&request.build)?;
    let (Some(court), Some(kind)) = (plan.courts.first(), plan.kinds.first()) else {
        return Err(Error::Usage(
            "merge needs one --court and one --kind".into(),
        ));
    };
    if plan.courts.len() != 1 || plan.kinds.len() != 1 {
        return Err(Error::Usage(
            "merge takes exactly one --court and one --kind".into(),
        ));
    }
    let want_mail = request.email || request.mbox;
    let sender = if want_mail {
        let email = court.helpdesk.email.clone().ok_or_else(|| {
            Error::Usage(format!(
                "court `{}` has no helpdesk.email to send from (courts/{}.yaml)",
                court.id, court.id
            ))
        })?;
        Some(Sender {
            name: format!("{}, {}", court.clerk.title, court.district),
            email,
        })
    } else {
        None
    };

    // First pass: count the rows (for the progress bar) and, with --strict, stop at the
    // first bad one before anything is written.
    let mut total = 0;
    for item in RecipientReader::open(&request.recipients, want_mail)? {
        match item {
            Ok(_) => total += 1,
            Err(rejection) if request.strict => return Err(rejection.error),
            Err(_) => {}
        }
    }

    let folder = Path::new(&court.id).join(kind);
    let mut staging = Staging::begin(&request.out_dir)?;
    let pdf_path = folder.join("mailing.pdf");
    let pdf_file = staging.create(&pdf_path)?;
    let renderer = PdfRenderer::new(request.build.page);
    let html = HtmlRenderer::default();
    let staged = |e: std::io::Error| Error::io(&request.out_dir.join(&pdf_path), e);
    let mut mailing = renderer
        .mailing(BufWriter::with_capacity(1 << 16, pdf_file), request.duplex)
        .map_err(staged)?;
    let index_path = folder.join("mailing.csv");
    let index_error = |e: csv::Error| Error::Usage(format!("{}: {e}", index_path.display()));
    let mut index = csv::Writer::from_writer(staging.create(&index_path)?);
    index
        .write_record(["row", "file", "name", "first_page", "pages"])
        .map_err(index_error)?;
    let mut mbox = match request.mbox {
        true => Some(BufWriter::new(
            staging.create(&folder.join("mailing.mbox"))?,
        )),
        false => None,
    };
    let mbox_error =
        |e: std::io::Error| Error::io(&request.out_dir.join(&folder).join("mailing.mbox"), e);
    let mut summary = MergeSummary {
        folder: request.out_dir.join(&folder),
        ..MergeSummary::default()
    };
    let mut meta = None;
    let progress = super::progress_bar(request.progress, total);

    let mut reader = RecipientReader::open(&request.recipients, want_mail)?;
    let header = reader.header().to_vec();
    loop {
        let mut batch = Vec::with_capacity(BATCH);
        for item in reader.by_ref() {
            match item {
                Ok(recipient) => batch.push(recipient),
                Err(rejection) => {
                    progress.suspend(|| eprintln!("rejected: {}", rejection.error));
                    summary.rejected.push(*rejection);
                }
            }
            if batch.len() == BATCH {
                break;
            }
        }
        if batch.is_empty() {
            break;
        }
        let made = make_batch(
            &plan,
            court,
            kind,
            batch,
            &renderer,
            &html,
            sender.as_ref(),
            request,
        )?;
        for (notice, made) in made {
            let first_page = mailing.pages() + 1;
            let pages = mailing.add(made.pages).map_err(staged)?;
            let name = &made.recipient.name;
            index
                .write_record([
                    made.recipient.row.to_string(),
                    made.recipient.slug.clone(),
                    name.clone(),
                    first_page.to_string(),
                    pages.to_string(),
                ])
                .map_err(index_error)?;
            for (relative, bytes) in &made.files {
                staging.write(&folder.join(relative), bytes)?;
            }
            if let Some(eml) = &made.eml {
                let relative = folder
                    .join("email")
                    .join(format!("{}.eml", made.recipient.slug));
                staging.write(&relative, eml)?;
                if let Some(mbox) = &mut mbox {
                    let date = notice.meta.date.format("%a %b %e 00:00:00 %Y").to_string();
                    let from = sender.as_ref().map_or("noticegen", |s| s.email.as_str());
                    let mut entry = Vec::with_capacity(eml.len() + 64);
                    message::append_mbox(&mut entry, eml, from, &date);
                    mbox.write_all(&entry).map_err(mbox_error)?;
                }
            }
            meta.get_or_insert_with(|| notice.meta.clone());
            summary.produced += 1;
            progress.inc(1);
        }
    }
    progress.finish_and_clear();
    summary.pages = mailing.pages();

    let meta = match meta {
        Some(meta) => meta,
        // No recipient made it: the notice itself titles the (empty) file.
        None => plan.notice(court, kind)?.meta,
    };
    let mut writer = mailing.finish(&meta).map_err(staged)?;
    writer.flush().map_err(staged)?;
    drop(writer);
    if summary.produced == 0 {
        return Err(Error::data(
            Location::new(&request.recipients, 1, 1),
            None::<String>,
            format!(
                "no recipient could be merged ({} rows rejected)",
                summary.rejected.len()
            ),
        ));
    }
    index
        .flush()
        .map_err(|e| Error::io(&request.out_dir.join(&index_path), e))?;
    drop(index);
    if let Some(mut mbox) = mbox {
        mbox.flush().map_err(mbox_error)?;
    }
    if !summary.rejected.is_empty() {
        let bytes = rejected_csv(&header, &summary.rejected);
        staging.write(&folder.join("rejected.csv"), &bytes)?;
    }
    summary.files = staging.commit()?;
    Ok(summary)
}

/// Merges and lays out a batch on every core; returns it in row order.
#[allow(clippy::too_many_arguments)]
fn make_batch(
    plan: &Plan,
    court: &crate::court::Court,
    kind: &str,
    batch: Vec<Recipient>,
    renderer: &PdfRenderer,
    html: &HtmlRenderer,
    sender: Option<&Sender>,
    request: &MergeRequest,
) -> Result<Vec<(Notice, Made)>, Error> {
    let count = batch.len();
    let slots: Vec<Mutex<Option<Recipient>>> =
        batch.into_iter().map(|r| Mutex::new(Some(r))).collect();
    let results: Mutex<Vec<(usize, MadeResult)>> = Mutex::new(Vec::with_capacity(count));
    let next = AtomicUsize::new(0);
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(count);
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(slot) = slots.get(i) else { break };
                    let recipient = slot
                        .lock()
                        .unwrap_or_else(|p| p.into_inner())
                        .take()
                        .expect("each slot is taken once");
                    let made = make_one(
                        plan, court, kind, recipient, renderer, html, sender, request,
                    );
                    results
                        .lock()
                        .unwrap_or_else(|p| p.into_inner())
                        .push((i, made));
                }
            });
        }
    });
    let mut results = results.into_inner().unwrap_or_else(|p| p.into_inner());
    results.sort_by_key(|(i, _)| *i);
    results.into_iter().map(|(_, made)| made).collect()
}

#[allow(clippy::too_many_arguments)]
fn make_one(
    plan: &Plan,
    court: &crate::court::Court,
    kind: &str,
    recipient: Recipient,
    renderer: &PdfRenderer,
    html: &HtmlRenderer,
    sender: Option<&Sender>,
    request: &MergeRequest,
) -> Result<(Notice, Made), Error> {
    let notice = plan.notice_for(court, kind, &recipient)?;
    let layout = renderer.layout(&notice);
    let pages = renderer
        .prepare(layout)
        .map_err(|e| Error::Usage(format!("row {}: {e}", recipient.row)))?;
    let mut files = Vec::new();
    let mut page = None;
    if request.split || sender.is_some() {
        page = Some(html.render(&notice)?);
    }
    if request.split {
        let stem = Path::new("split").join(&recipient.slug);
        files.push((
            stem.with_extension("md"),
            notice.markdown.clone().into_bytes(),
        ));
        if let Some(page) = &page {
            files.push((stem.with_extension("html"), page.clone()));
        }
        files.push((stem.with_extension("pdf"), renderer.render(&notice)?));
    }
    let eml = match (sender, page) {
        (Some(sender), Some(page)) => Some(message::build(
            &notice,
            &recipient,
            sender,
            String::from_utf8_lossy(&page).into_owned(),
        )?),
        _ => None,
    };
    Ok((
        notice,
        Made {
            recipient,
            pages,
            files,
            eml,
        },
    ))
}

/// The rejected rows as CSV: where and why, then the row as it was read under the list's
/// own header (short rows padded, fields beyond the header joined in a last column), so
/// the file stays rectangular for spreadsheets.
fn rejected_csv(header: &[String], rejected: &[Rejection]) -> Vec<u8> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let mut head = vec!["row".to_string(), "column".into(), "problem".into()];
    head.extend(header.iter().cloned());
    head.push("fields beyond the header".into());
    let _ = writer.write_record(&head);
    for r in rejected {
        let mut record = vec![r.row.to_string(), r.column.clone(), r.problem.clone()];
        let mut fields = r.fields.clone();
        let overflow = if fields.len() > header.len() {
            fields.split_off(header.len()).join(",")
        } else {
            String::new()
        };
        fields.resize(header.len(), String::new());
        record.extend(fields);
        record.push(overflow);
        let _ = writer.write_record(&record);
    }
    writer.into_inner().unwrap_or_default()
}
