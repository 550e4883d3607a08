//! The build: from a [`Plan`], merge each (court, kind) into a notice once, hand it to every
//! renderer, hand what was merged to publishing, and stage the files so `out/` changes only
//! when everything worked.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use chrono::NaiveDate;

use crate::error::Error;
use crate::notice::Notice;
use crate::output::Staging;
use crate::plan::{Job, Merged, Plan, Request};
use crate::render::html::{Chrome, HtmlRenderer};
use crate::render::pdf::{PdfRenderer, Typesetter};
use crate::render::{Format, MarkdownRenderer, Renderer};

/// What a build or check did, for the summary line.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Summary {
    pub courts: usize,
    pub notices: usize,
    pub files: Vec<PathBuf>,
    /// How many of `files` were already in the output folder, byte for byte, and were left
    /// as they were.
    pub unchanged: usize,
    /// Things the user should know that did not stop the run (a file skipped).
    pub warnings: Vec<String>,
    /// Court data that is valid but looks like a typo, each reported in the compiler's style
    /// (`warning: …`, file, line, column, the line itself).
    pub data_warnings: Vec<String>,
}

/// What `noticegen list` shows, and warnings as in [`Summary`].
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Table {
    pub rows: Vec<Listing>,
    pub warnings: Vec<String>,
    pub data_warnings: Vec<String>,
}

/// One row of `noticegen list`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listing {
    pub court: String,
    pub kind: String,
    pub date: NaiveDate,
    /// The date's weekday, abbreviated in the templates' language ("Mon").
    pub weekday: String,
}

/// The plan's warnings about court data, each rendered as a report.
fn reported(plan: &Plan) -> Vec<String> {
    let color = crate::diagnostic::color_wanted();
    plan.data_warnings
        .iter()
        .map(|warning| crate::diagnostic::render_warnings(std::slice::from_ref(warning), color))
        .collect()
}

/// Validates all data and templates by merging every notice; writes nothing.
pub fn check(request: &Request) -> Result<Summary, Error> {
    let plan = Plan::load(request)?;
    // No file is written, but every notice is laid out, so a character no PDF font has
    // is reported here as a build would report it.
    let typesetter = Typesetter::new(request.page);
    let merged = render_all(&plan, &[], Some(&typesetter), &|_| Ok(()))?;
    crate::publish::site(&plan, &merged, &[])?;
    Ok(Summary {
        courts: plan.courts.len(),
        notices: plan.jobs().len(),
        files: Vec::new(),
        unchanged: 0,
        warnings: plan.warnings.clone(),
        data_warnings: reported(&plan),
    })
}

/// Builds every requested notice in every requested format into the output folder.
pub fn build(request: &Request) -> Result<Summary, Error> {
    let plan = Plan::load(request)?;
    let renderers = renderers(request);
    // Staging starts before rendering, so a foreign --out is refused before any work, and each
    // notice is written as soon as it is rendered instead of all being held in memory.
    let staging = Mutex::new(Staging::begin(&request.out_dir)?);
    let merged = render_all(&plan, &renderers, None, &|outputs| {
        let mut staging = staging
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        outputs
            .iter()
            .try_for_each(|(relative, bytes)| staging.write(relative, bytes))
    })?;
    let mut staging = staging
        .into_inner()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    for (relative, bytes) in crate::publish::outputs(&plan, &merged, &request.formats)? {
        staging.write(&relative, &bytes)?;
    }
    let committed = staging.commit()?;
    Ok(Summary {
        courts: plan.courts.len(),
        notices: merged.len(),
        files: committed.files,
        unchanged: committed.unchanged,
        warnings: plan.warnings.clone(),
        data_warnings: reported(&plan),
    })
}

/// Court × kind with each notice's date, for `noticegen list`.
pub fn list(request: &Request) -> Result<Table, Error> {
    let plan = Plan::load(request)?;
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    let mut seen = std::collections::HashSet::new();
    // One row per court and kind: a notice's date is the same in every language.
    for job in plan.jobs() {
        let (court, kind) = (job.court, job.kind);
        if !seen.insert((&court.id, kind)) {
            continue;
        }
        match plan.catalog.notice_date(court, kind) {
            Ok(date) => rows.push(Listing {
                court: court.id.clone(),
                kind: kind.to_string(),
                date,
                weekday: plan.catalog.words().weekday_short(date).to_string(),
            }),
            Err(error) => errors.push(error),
        }
    }
    Error::collect(errors)?;
    Ok(Table {
        rows,
        warnings: plan.warnings.clone(),
        data_warnings: reported(&plan),
    })
}

fn renderers(request: &Request) -> Vec<Box<dyn Renderer>> {
    let wanted = |format| request.formats.is_empty() || request.formats.contains(&format);
    let mut renderers: Vec<Box<dyn Renderer>> = Vec::new();
    if wanted(Format::Markdown) {
        renderers.push(Box::new(MarkdownRenderer));
    }
    if wanted(Format::Html) {
        renderers.push(Box::new(HtmlRenderer::default()));
        if request.fragments {
            renderers.push(Box::new(HtmlRenderer {
                chrome: Chrome::Fragment,
            }));
        }
    }
    if wanted(Format::Pdf) {
        renderers.push(Box::new(PdfRenderer::new(request.page)));
    }
    renderers
}

type Output = (PathBuf, Vec<u8>);
/// A failed job, tagged with the job's index so errors are reported in a stable order.
type JobError = (usize, Error);
/// Where each job's files go as soon as they are rendered.
type Sink<'a> = dyn Fn(Vec<Output>) -> Result<(), Error> + Sync + 'a;

/// Merges and renders every job on all cores, handing each job's files to `sink`; returns
/// what was merged, in job order, or every error met on the way, in job order.
fn render_all(
    plan: &Plan,
    renderers: &[Box<dyn Renderer>],
    glyphs: Option<&Typesetter>,
    sink: &Sink,
) -> Result<Vec<Merged>, Error> {
    let jobs = plan.jobs();
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<JobError>> = Mutex::new(Vec::new());
    let merged: Mutex<Vec<(usize, Merged)>> = Mutex::new(Vec::new());
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(jobs.len().max(1));
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                loop {
                    let index = next.fetch_add(1, Ordering::Relaxed);
                    let Some(job) = jobs.get(index) else {
                        break;
                    };
                    let result = render_one(plan, job, renderers, glyphs)
                        .and_then(|(notice, outputs)| sink(outputs).map(|()| notice));
                    match result {
                        Ok(notice) => merged
                            .lock()
                            .unwrap_or_else(|poisoned| poisoned.into_inner())
                            .push((index, notice)),
                        Err(error) => results
                            .lock()
                            .unwrap_or_else(|poisoned| poisoned.into_inner())
                            .push((index, error)),
                    }
                }
            });
        }
    });
    let mut results = results
        .into_inner()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    results.sort_by_key(|(index, _)| *index);
    Error::collect_distinct(results.into_iter().map(|(_, error)| error).collect())?;
    let mut merged = merged
        .into_inner()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    merged.sort_by_key(|(index, _)| *index);
    Ok(merged.into_iter().map(|(_, notice)| notice).collect())
}

fn render_one(
    plan: &Plan,
    job: &Job,
    renderers: &[Box<dyn Renderer>],
    glyphs: Option<&Typesetter>,
) -> Result<(Merged, Vec<Output>), Error> {
    let notice = plan.merge(job)?;
    // Characters no PDF font has, traced to the court file or template that holds them.
    let unprintable =
        |clusters: &[String]| crate::unprintable::in_notice(plan, job.court, job.kind, clusters);
    if let Some(typesetter) = glyphs {
        let missing = typesetter.missing_glyphs(&typesetter.layout(&notice));
        if !missing.is_empty() {
            return Err(unprintable(&missing));
        }
    }
    let stem = job.file();
    let outputs: Vec<Output> = renderers
        .iter()
        .map(|renderer| {
            let bytes = renderer.render(&notice).map_err(|error| match error {
                Error::Unprintable(clusters) => unprintable(&clusters),
                error => error,
            })?;
            let file = format!("{stem}.{}", renderer.extension());
            Ok((Path::new(&notice.court).join(file), bytes))
        })
        .collect::<Result<_, Error>>()?;
    Ok((Merged::new(&notice, &stem), outputs))
}

/// `<court>/<kind>.<ext>`, the layout scripts and people rely on.
pub fn output_path(notice: &Notice, format: Format) -> PathBuf {
    Path::new(&notice.court).join(format!("{}.{}", notice.kind, format.extension()))
}
