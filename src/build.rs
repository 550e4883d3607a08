//! The build: load courts and templates, merge each (court, kind) into a notice, render it in
//! each requested format, and stage the files so `out/` changes only when everything worked.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use chrono::NaiveDate;

use crate::court::{self, Court, CourtSchema};
use crate::error::Error;
use crate::notice::Notice;
use crate::output::Staging;
use crate::render::html::{Chrome, HtmlRenderer};
use crate::render::pdf::{PageSetup, PdfRenderer};
use crate::render::{Format, MarkdownRenderer, Renderer};
use crate::template::Catalog;

/// What to build, from where, to where. Empty filters mean "all".
#[derive(Debug, Clone)]
pub struct Request {
    pub courts_dir: PathBuf,
    pub templates_dir: Option<PathBuf>,
    pub out_dir: PathBuf,
    pub courts: Vec<String>,
    pub kinds: Vec<String>,
    pub formats: Vec<Format>,
    /// Also write each HTML notice as a body fragment, `<kind>.fragment.html`.
    pub fragments: bool,
    pub page: PageSetup,
}

impl Default for Request {
    fn default() -> Self {
        Request {
            courts_dir: PathBuf::from("courts"),
            templates_dir: None,
            out_dir: PathBuf::from("out"),
            courts: Vec::new(),
            kinds: Vec::new(),
            formats: Vec::new(),
            fragments: false,
            page: PageSetup::default(),
        }
    }
}

/// What a build or check did, for the summary line.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Summary {
    pub courts: usize,
    pub notices: usize,
    pub files: Vec<PathBuf>,
    /// Things the user should know that did not stop the run (a file skipped).
    pub warnings: Vec<String>,
}

/// What `noticegen list` shows, and warnings as in [`Summary`].
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Table {
    pub rows: Vec<Listing>,
    pub warnings: Vec<String>,
}

/// One row of `noticegen list`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listing {
    pub court: String,
    pub kind: String,
    pub date: NaiveDate,
}

/// Courts, kinds and templates loaded and narrowed to what the request asks for.
pub struct Plan {
    pub catalog: Catalog,
    pub courts: Vec<Court>,
    pub kinds: Vec<String>,
    /// Files of the courts folder that were skipped, and why.
    pub warnings: Vec<String>,
    courts_dir: PathBuf,
}

impl Plan {
    pub fn load(request: &Request) -> Result<Plan, Error> {
        // Court files are checked against the manifest's court dates, so the templates load
        // first; when they fail, the courts are still read, taking any date name, so that
        // every mistake of the run is reported at once and none is blamed on the manifest's.
        let catalog = Catalog::load(request.templates_dir.as_deref());
        let schema = match &catalog {
            Ok(catalog) => catalog.court_schema(),
            Err(_) => CourtSchema::any_dates(),
        };
        let courts = court::load_folder(&request.courts_dir, &schema);
        let (catalog, court::Loaded { courts, warnings }) = match (catalog, courts) {
            (Ok(catalog), Ok(loaded)) => (catalog, loaded),
            (catalog, courts) => {
                let errors = [catalog.err(), courts.err()]
                    .into_iter()
                    .flatten()
                    .collect();
                return Err(Error::collect(errors).unwrap_err());
            }
        };
        let known_ids: Vec<&str> = courts.iter().map(|c| c.id.as_str()).collect();
        check_names("court", &request.courts, &known_ids)?;
        let known_kinds = catalog.kinds();
        check_names("kind", &request.kinds, &known_kinds)?;

        let kinds = known_kinds
            .iter()
            .filter(|kind| request.kinds.is_empty() || request.kinds.iter().any(|k| k == *kind))
            .map(|kind| kind.to_string())
            .collect();
        let courts = courts
            .into_iter()
            .filter(|c| request.courts.is_empty() || request.courts.contains(&c.id))
            .collect();
        Ok(Plan {
            catalog,
            courts,
            kinds,
            warnings,
            courts_dir: request.courts_dir.clone(),
        })
    }

    fn jobs(&self) -> Vec<(&Court, &str)> {
        self.courts
            .iter()
            .flat_map(|court| self.kinds.iter().map(move |kind| (court, kind.as_str())))
            .collect()
    }

    /// The folder a court's images live in, `courts/<id>/`, when it has one.
    fn assets(&self, court: &Court) -> Option<PathBuf> {
        let dir = self.courts_dir.join(&court.id);
        dir.is_dir().then_some(dir)
    }

    pub fn notice(&self, court: &Court, kind: &str) -> Result<Notice, Error> {
        self.catalog.render(court, kind, self.assets(court))
    }

    /// The notice addressed to one reader (templates see it as `recipient`).
    pub fn notice_for<R: serde::Serialize>(
        &self,
        court: &Court,
        kind: &str,
        recipient: &R,
    ) -> Result<Notice, Error> {
        self.catalog
            .render_for(court, kind, self.assets(court), Some(recipient))
    }
}

fn check_names(what: &str, asked: &[String], known: &[&str]) -> Result<(), Error> {
    let unknown: Vec<Error> = asked
        .iter()
        .filter(|name| !known.contains(&name.as_str()))
        .map(|name| {
            Error::Usage(format!(
                "unknown {what} `{name}` (known: {})",
                known.join(", ")
            ))
        })
        .collect();
    Error::collect(unknown)
}

/// Validates all data and templates by merging every notice; writes nothing.
pub fn check(request: &Request) -> Result<Summary, Error> {
    let plan = Plan::load(request)?;
    render_all(&plan, &[], &|_| Ok(()))?;
    crate::publish::site(&plan, &[])?;
    Ok(Summary {
        courts: plan.courts.len(),
        notices: plan.jobs().len(),
        files: Vec::new(),
        warnings: plan.warnings.clone(),
    })
}

/// Builds every requested notice in every requested format into the output folder.
pub fn build(request: &Request) -> Result<Summary, Error> {
    let plan = Plan::load(request)?;
    let renderers = renderers(request);
    // Staging starts before rendering, so a foreign --out is refused before any work, and each
    // notice is written as soon as it is rendered instead of all being held in memory.
    let staging = Mutex::new(Staging::begin(&request.out_dir)?);
    render_all(&plan, &renderers, &|outputs| {
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
    for (relative, bytes) in crate::publish::outputs(&plan, &request.formats)? {
        staging.write(&relative, &bytes)?;
    }
    let files = staging.commit()?;
    Ok(Summary {
        courts: plan.courts.len(),
        notices: plan.courts.len() * plan.kinds.len(),
        files,
        warnings: plan.warnings.clone(),
    })
}

/// Court × kind with each notice's date, for `noticegen list`.
pub fn list(request: &Request) -> Result<Table, Error> {
    let plan = Plan::load(request)?;
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    for (court, kind) in plan.jobs() {
        match plan.catalog.notice_date(court, kind) {
            Ok(date) => rows.push(Listing {
                court: court.id.clone(),
                kind: kind.to_string(),
                date,
            }),
            Err(error) => errors.push(error),
        }
    }
    Error::collect(errors)?;
    Ok(Table {
        rows,
        warnings: plan.warnings.clone(),
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
/// every error met on the way, in job order.
fn render_all(plan: &Plan, renderers: &[Box<dyn Renderer>], sink: &Sink) -> Result<(), Error> {
    let jobs = plan.jobs();
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<JobError>> = Mutex::new(Vec::new());
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(jobs.len().max(1));
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                loop {
                    let index = next.fetch_add(1, Ordering::Relaxed);
                    let Some(&(court, kind)) = jobs.get(index) else {
                        break;
                    };
                    let result = render_one(plan, court, kind, renderers).and_then(sink);
                    if let Err(error) = result {
                        results
                            .lock()
                            .unwrap_or_else(|poisoned| poisoned.into_inner())
                            .push((index, error));
                    }
                }
            });
        }
    });
    let mut results = results
        .into_inner()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    results.sort_by_key(|(index, _)| *index);
    Error::collect_distinct(results.into_iter().map(|(_, error)| error).collect())
}

fn render_one(
    plan: &Plan,
    court: &Court,
    kind: &str,
    renderers: &[Box<dyn Renderer>],
) -> Result<Vec<Output>, Error> {
    let notice = plan.notice(court, kind)?;
    renderers
        .iter()
        .map(|renderer| {
            let bytes = renderer.render(&notice)?;
            let file = format!("{}.{}", notice.kind, renderer.extension());
            Ok((Path::new(&notice.court).join(file), bytes))
        })
        .collect()
}

/// `<court>/<kind>.<ext>`, the layout scripts and people rely on.
pub fn output_path(notice: &Notice, format: Format) -> PathBuf {
    Path::new(&notice.court).join(format!("{}.{}", notice.kind, format.extension()))
}
