//! The mail merge: one notice per recipient, into a single print-ready PDF (each letter from
//! a new sheet), and on request per-recipient files and e-mail messages.
//!
//! Recipients stream through in small batches: a batch is merged and laid out on every
//! core, then written in row order (its pages straight into the PDF file) and dropped, so
//! memory stays flat however long the list. Everything is staged and moved into place only
//! when the run ends; bad rows are skipped, reported and listed in `rejected.csv`. A letter
//! that fails on its own (its layout, its message, even a panic in a worker) is a rejected
//! row like any other: one person's odd data never stops the mailing of the rest.

use std::collections::BTreeMap;
use std::io::{BufWriter, Write};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use indicatif::ProgressBar;

use super::count;
use super::csv_out::SafeCsv;
use super::message::{self, Sender};
use super::recipients::{Recipient, RecipientReader, Rejection};
use crate::court::Court;
use crate::error::{Error, Location};
use crate::notice::Notice;
use crate::output::Staging;
use crate::plan::{Plan, Request};
use crate::render::Renderer;
use crate::render::html::HtmlRenderer;
use crate::render::pdf::{PdfRenderer, PreparedNotice};
use crate::template::Reading;

/// Rows a worker takes at a time, and hands back at a time: each handing wakes the writer,
/// and waking it for every letter cost more than a tenth of a mailing's time in the kernel.
const CHUNK: usize = 4;
/// Chunks that may be taken past the one holding the next letter to write: however slow one
/// letter is, the others made meanwhile wait in memory only this many rows deep.
const AHEAD: usize = 16;

/// Rejected rows reported in full on standard error; the rest are counted (all are in
/// `rejected.csv`).
const REPORTED: usize = 50;

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
type MadeResult = Result<(Notice, Made), Failure>;

/// Why a recipient's letter was not made.
enum Failure {
    /// Wrong for every recipient (a template error): the run stops.
    Fatal(Error),
    /// Wrong for this recipient alone: its row is rejected and the run goes on.
    Row {
        row: usize,
        fields: Vec<String>,
        problem: String,
        /// The 1-based column of the field at fault, when one is (0 when the row as a
        /// whole is).
        column: usize,
    },
}

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

    // Made before anything is written: a kind or language the court cannot have stops here.
    let reading = plan.reading(court, kind)?;

    // First pass, when a progress bar shows or with --strict: count the rows (for the bar)
    // and stop at the first bad one before anything is written.
    let shown = super::progress_shown(request.progress);
    let mut total = 0;
    if shown || request.strict {
        for item in RecipientReader::open(&request.recipients, want_mail)? {
            match item {
                Ok(_) => total += 1,
                Err(rejection) if request.strict => return Err(rejection.error),
                Err(_) => {}
            }
        }
    }

    let folder = Path::new(&court.id).join(kind);
    let mut staging = Staging::begin(&request.out_dir)?;
    let pdf_path = folder.join("mailing.pdf");
    let pdf_file = staging.create(&pdf_path)?;
    let renderer = PdfRenderer::for_mailing(request.build.page);
    let html = HtmlRenderer::default();
    let staged = |e: std::io::Error| Error::io(&request.out_dir.join(&pdf_path), e);
    let mut mailing = renderer
        .mailing(BufWriter::with_capacity(1 << 16, pdf_file), request.duplex)
        .map_err(staged)?;
    let index_path = folder.join("mailing.csv");
    let index_error = |e: csv::Error| Error::io(&index_path, std::io::Error::other(e));
    let mut index = SafeCsv::new(staging.create(&index_path)?)
        .map_err(|e| Error::io(&request.out_dir.join(&index_path), e))?;
    index
        .row(["row", "file", "name", "first_page", "pages"])
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
    let progress = super::progress_bar(shown, total);
    let mut report = Reporter::new(&progress);

    let reader = RecipientReader::open(&request.recipients, want_mail)?;
    let header = reader.header().to_vec();
    // Rows go to a worker on every core, a few at a time, and their letters come back to this
    // thread, which writes them in row order while the workers make the next ones. Only the
    // letters in flight are held: at most AHEAD chunks of them, whatever the list's length.
    let rows = Mutex::new(Numbered { next: 0, reader });
    let workers = crate::parallel::cores();
    let (done, letters) = std::sync::mpsc::sync_channel::<Vec<(usize, Outcome)>>(workers);
    // A worker takes a permit for each chunk; the writer gives one back for each chunk it
    // has written. Chunks are taken in row order, so the chunk holding the next letter is
    // always taken or takeable, and the writer never waits for a permit of its own.
    let (permit, permits) = std::sync::mpsc::sync_channel::<()>(AHEAD);
    for _ in 0..AHEAD {
        let _ = permit.send(());
    }
    let permits = Mutex::new(permits);
    let maker = Maker {
        plan: &plan,
        court,
        kind,
        reading,
        renderer: &renderer,
        html: &html,
        sender: sender.as_ref(),
        request,
    };
    std::thread::scope(|scope| -> Result<(), Error> {
        for _ in 0..workers {
            let done = done.clone();
            let (rows, maker) = (&rows, &maker);
            let permits = &permits;
            scope.spawn(move || {
                loop {
                    // The writer has stopped (an error) once the permits are gone.
                    let permitted = permits
                        .lock()
                        .unwrap_or_else(|poisoned| poisoned.into_inner())
                        .recv();
                    if permitted.is_err() {
                        break;
                    }
                    let taken = next_rows(rows, CHUNK);
                    if taken.is_empty() {
                        break;
                    }
                    let outcomes = taken
                        .into_iter()
                        .map(|(number, row)| {
                            let outcome = match row {
                                Ok(recipient) => {
                                    Outcome::Made(Box::new(maker.make_guarded(recipient)))
                                }
                                Err(rejection) => Outcome::Unreadable(rejection),
                            };
                            (number, outcome)
                        })
                        .collect();
                    // The writer has stopped (an error): so do the workers.
                    if done.send(outcomes).is_err() {
                        break;
                    }
                }
            });
        }
        drop(done);
        // Owned here, so that leaving early (an error) drops them and the workers stop at
        // their next letter instead of waiting for room in the channel or for a permit.
        let letters = letters;
        let permit = permit;
        let mut arrived = BTreeMap::new();
        let mut next = 0;
        for (number, outcome) in letters.iter().flatten() {
            arrived.insert(number, outcome);
            while let Some(outcome) = arrived.remove(&next) {
                next += 1;
                if next % CHUNK == 0 {
                    let _ = permit.send(());
                }
                let made = match outcome {
                    Outcome::Unreadable(rejection) => {
                        report.rejected(&rejection);
                        summary.rejected.push(*rejection);
                        continue;
                    }
                    Outcome::Made(made) => made,
                };
                let (notice, made) = match *made {
                    Ok(made) => made,
                    Err(Failure::Fatal(error)) => return Err(error),
                    Err(Failure::Row {
                        row,
                        fields,
                        problem,
                        column,
                    }) => {
                        let header_name =
                            column.checked_sub(1).and_then(|i| header.get(i)).cloned();
                        let rejection = Rejection {
                            row,
                            column: header_name.clone().unwrap_or_default(),
                            error: Error::data(
                                Location::new(&request.recipients, row, column.max(1)),
                                header_name,
                                problem.clone(),
                            ),
                            problem,
                            fields,
                        };
                        report.rejected(&rejection);
                        summary.rejected.push(rejection);
                        progress.inc(1);
                        continue;
                    }
                };
                let first_page = mailing.pages() + 1;
                let pages = mailing.add(&made.pages).map_err(staged)?;
                let name = &made.recipient.name;
                index
                    .row([
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
        Ok(())
    })?;
    progress.finish_and_clear();
    report.finish(summary.produced > 0);
    summary.pages = mailing.pages();
    summary.rejected.sort_by_key(|r| r.row);

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
                "no recipient could be merged ({} rejected)",
                count(summary.rejected.len(), "row", "rows")
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
        let path = folder.join("rejected.csv");
        let bytes = rejected_csv(&header, &summary.rejected)
            .map_err(|e| Error::io(&path, std::io::Error::other(e)))?;
        staging.write(&path, &bytes)?;
    }
    summary.files = staging.commit()?.files;
    Ok(summary)
}

/// A row as read, or why it could not be.
type Row = Result<Recipient, Box<Rejection>>;

/// The recipients list, each row numbered in the order read.
struct Numbered {
    next: usize,
    reader: RecipientReader,
}

/// The next `count` rows of the list (fewer at its end) with their numbers, for whichever
/// worker asks first.
fn next_rows(rows: &Mutex<Numbered>, count: usize) -> Vec<(usize, Row)> {
    let mut rows = rows.lock().unwrap_or_else(|p| p.into_inner());
    let mut taken = Vec::with_capacity(count);
    while taken.len() < count {
        let Some(row) = rows.reader.next() else { break };
        taken.push((rows.next, row));
        rows.next += 1;
    }
    taken
}

/// What became of one row.
enum Outcome {
    /// Its letter, or why it could not be made (boxed: a letter is large, and the channel
    /// holds every kind of outcome in slots of one size).
    Made(Box<MadeResult>),
    /// The row itself could not be read.
    Unreadable(Box<Rejection>),
}

/// What every letter of a mailing is made with.
struct Maker<'a> {
    plan: &'a Plan,
    court: &'a Court,
    kind: &'a str,
    /// The notice, ready to be rendered for each reader.
    reading: Reading<'a>,
    renderer: &'a PdfRenderer,
    html: &'a HtmlRenderer,
    sender: Option<&'a Sender>,
    request: &'a MergeRequest,
}

impl Maker<'_> {
    /// [`Maker::make`], with a panic caught and turned into this row's rejection: a worker
    /// that panicked would otherwise end the whole mailing.
    fn make_guarded(&self, recipient: Recipient) -> MadeResult {
        let (row, fields) = (recipient.row, recipient.fields.clone());
        guard(row, fields, || self.make(recipient))
    }

    fn make(&self, recipient: Recipient) -> MadeResult {
        let Maker {
            plan,
            court,
            kind,
            renderer,
            html,
            sender,
            request,
            ..
        } = *self;
        let row_failure = |problem: String| Failure::Row {
            row: recipient.row,
            fields: recipient.fields.clone(),
            problem,
            column: 0,
        };
        let notice = self
            .reading
            .render(Some(&recipient))
            .map_err(Failure::Fatal)?;
        let layout = renderer.layout(&notice);
        let missing = renderer.missing_glyphs(&layout);
        if !missing.is_empty() {
            return Err(unprintable(plan, court, kind, &recipient, &missing));
        }
        let pages = renderer
            .prepare(layout)
            .map_err(|e| row_failure(format!("its letter could not be laid out: {e}")))?;
        let mut files = Vec::new();
        let mut page = None;
        if request.split || sender.is_some() {
            page = Some(html.render(&notice).map_err(Failure::Fatal)?);
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
            // The letter as laid out for the mailing, written as a file of its own.
            let pdf = renderer
                .write(&notice, &pages)
                .map_err(|e| row_failure(format!("its letter could not be written: {e}")))?;
            files.push((stem.with_extension("pdf"), pdf));
        }
        let eml = match (sender, page) {
            (Some(sender), Some(page)) => Some(
                message::build(
                    &notice,
                    &recipient,
                    sender,
                    String::from_utf8_lossy(&page).into_owned(),
                )
                .map_err(|e| row_failure(format!("its e-mail could not be made: {e}")))?,
            ),
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
}

/// Runs `make`, turning a panic into the rejection of row `row`.
fn guard(row: usize, fields: Vec<String>, make: impl FnOnce() -> MadeResult) -> MadeResult {
    catch_unwind(AssertUnwindSafe(make)).unwrap_or_else(|payload| {
        let what = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "no message".into());
        Err(Failure::Row {
            row,
            fields,
            problem: format!(
                "its letter could not be made: noticegen failed on it ({what}); this is a bug \
                 in noticegen, please report it with the row"
            ),
            column: 0,
        })
    })
}

/// A letter holding characters no PDF font has: wrong for every letter when the court's
/// file or a template holds them (reported there), else this row's, at its first field
/// that holds one.
fn unprintable(
    plan: &Plan,
    court: &Court,
    kind: &str,
    recipient: &Recipient,
    clusters: &[String],
) -> Failure {
    if let Some(error) = crate::unprintable::in_court(plan, court, clusters) {
        return Failure::Fatal(error);
    }
    let holds = |field: &String, cluster: &String| field.contains(cluster.as_str());
    let column = recipient
        .fields
        .iter()
        .position(|field| clusters.iter().any(|cluster| holds(field, cluster)));
    if let Some(index) = column
        && let Some(field) = recipient.fields.get(index)
    {
        let here: Vec<String> = clusters
            .iter()
            .filter(|cluster| holds(field, cluster))
            .cloned()
            .collect();
        return Failure::Row {
            row: recipient.row,
            fields: recipient.fields.clone(),
            problem: format!(
                "{}; {}",
                crate::unprintable::problem(&here),
                crate::unprintable::HELP
            ),
            column: index + 1,
        };
    }
    Failure::Fatal(crate::unprintable::in_notice(plan, court, kind, clusters))
}

/// Reports rejected rows on standard error as they come, in full for the first
/// [`REPORTED`], and counts the rest.
struct Reporter<'a> {
    progress: &'a ProgressBar,
    color: bool,
    reported: usize,
    unreported: usize,
}

impl<'a> Reporter<'a> {
    fn new(progress: &'a ProgressBar) -> Reporter<'a> {
        Reporter {
            progress,
            color: crate::diagnostic::color_wanted(),
            reported: 0,
            unreported: 0,
        }
    }

    fn rejected(&mut self, rejection: &Rejection) {
        if self.reported == REPORTED {
            self.unreported += 1;
            return;
        }
        self.reported += 1;
        let text = crate::diagnostic::render(&rejection.error, self.color);
        self.progress.suspend(|| eprintln!("{text}\n"));
    }

    /// Counts the rows not shown; `listed` when rejected.csv is written (some letter was
    /// made).
    fn finish(&self, listed: bool) {
        if self.unreported > 0 {
            let rows = if self.unreported == 1 { "row" } else { "rows" };
            let where_listed = if listed {
                "; rejected.csv lists every one"
            } else {
                ""
            };
            eprintln!(
                "... and {} more rejected {rows}, not shown here{where_listed}\n",
                self.unreported
            );
        }
    }
}

/// The rejected rows as CSV: where and why, then the row as it was read under the list's
/// own header (short rows padded, fields beyond the header joined in a last column), so
/// the file stays rectangular for spreadsheets. Cells are neutralised (see
/// [`super::csv_out`]): a rejected row is as likely as any to hold a formula.
fn rejected_csv(header: &[String], rejected: &[Rejection]) -> Result<Vec<u8>, String> {
    let mut writer = SafeCsv::new(Vec::new()).map_err(|e| e.to_string())?;
    let mut head = vec!["row".to_string(), "column".into(), "problem".into()];
    head.extend(header.iter().cloned());
    head.push("fields beyond the header".into());
    writer.row(&head).map_err(|e| e.to_string())?;
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
        writer.row(&record).map_err(|e| e.to_string())?;
    }
    writer.into_inner()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_making_one_letter_rejects_that_row_alone() {
        let made = guard(7, vec!["Ann".into()], || panic!("boom in row seven"));
        match made {
            Err(Failure::Row {
                row,
                fields,
                problem,
                ..
            }) => {
                assert_eq!((row, fields), (7, vec!["Ann".to_string()]));
                assert!(problem.contains("boom in row seven"), "{problem}");
            }
            _ => panic!("a panic must become the row's rejection"),
        }
        let formatted = guard(8, Vec::new(), || panic!("{} apples", 3));
        assert!(
            matches!(formatted, Err(Failure::Row { problem, .. }) if problem.contains("3 apples"))
        );
    }

    #[test]
    fn rejected_rows_keep_the_list_rectangular_and_neutralise_formulas() {
        let header = vec!["name".to_string(), "zip".into()];
        let rejection = |row: usize, fields: Vec<&str>| Rejection {
            row,
            column: "zip".into(),
            problem: "bad".into(),
            fields: fields.into_iter().map(String::from).collect(),
            error: Error::Usage(String::new()),
        };
        let bytes = rejected_csv(
            &header,
            &[
                rejection(2, vec!["=HYPERLINK(\"http://x\")"]),
                rejection(3, vec!["Ann", "1", "@x", "y"]),
            ],
        )
        .unwrap();
        assert_eq!(
            String::from_utf8(bytes).unwrap(),
            "\u{feff}\"row\",\"column\",\"problem\",\"name\",\"zip\",\"fields beyond the header\"\n\
             \"2\",\"zip\",\"bad\",\"'=HYPERLINK(\"\"http://x\"\")\",\"\",\"\"\n\
             \"3\",\"zip\",\"bad\",\"Ann\",\"1\",\"'@x,y\"\n"
        );
    }
}
