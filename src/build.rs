//! The build: from a [`Plan`], merge each (court, kind) into a notice once, hand it to every
//! renderer, hand what was merged to publishing, and stage the files so `out/` changes only
//! when everything worked.

mod inputs;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard, OnceLock, PoisonError};

use chrono::NaiveDate;

use crate::error::Error;
use crate::notice::Notice;
use crate::output::{Key, Record, Staging};
use crate::plan::{Job, Merged, Plan, Request};
use crate::render::html::{Chrome, HtmlRenderer};
use crate::render::pdf::{PdfRenderer, Typesetter};
use crate::render::{Format, MarkdownRenderer, Renderer};
use inputs::Inputs;

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
    let (_, site) = render_all(&plan, &[], Some(&typesetter), &Discard, |merged| {
        crate::publish::site(&plan, merged, &[]).map(drop)
    })?;
    site?;
    Ok(Summary {
        courts: plan.courts.len(),
        notices: plan.jobs().len(),
        files: Vec::new(),
        unchanged: 0,
        warnings: plan.warnings.clone(),
        data_warnings: reported(&plan),
    })
}

/// Builds every requested notice in every requested format into the output folder. A file
/// whose inputs are those recorded for the file in `out/` as it still is, is not rendered
/// again; a build that would change nothing writes nothing.
pub fn build(request: &Request) -> Result<Summary, Error> {
    build_holding(request).map(|(summary, _)| summary)
}

/// What a finished build loaded and still holds: the templates, the courts and the
/// renderers with their faces and patterns, tens of thousands of blocks.
pub struct Held {
    _plan: Plan,
    _renderers: Vec<Target>,
}

/// [`build`], handing back what it loaded rather than freeing it: a process about to exit
/// can leave that to the system, which takes the pages back at once (freeing them block by
/// block was a fiftieth of a letter's run).
pub fn build_holding(request: &Request) -> Result<(Summary, Held), Error> {
    let renderers = renderers(request);
    let warm = |hyphenation: Option<&str>| {
        for target in &renderers {
            target.renderer.warm(hyphenation);
        }
    };
    // Staging starts before rendering, so a foreign --out is refused before any notice is
    // rendered, and each notice is written as soon as it is rendered instead of all being
    // held in memory. It starts beside the templates' compiling, once the courts are read.
    let (plan, staging) = Plan::load_beside(
        request,
        || warm(None),
        |hyphenation| {
            warm(hyphenation);
            Staging::begin(&request.out_dir)
        },
    )?;
    let staging = staging?;
    let sink = Stager {
        out: request.out_dir.clone(),
        record: staging.record().clone(),
        staging: Mutex::new(staging),
        inputs: Inputs::default(),
        made_from: Mutex::new(HashMap::new()),
    };
    // Few and small (pages, a feed, a calendar, the court's images): compared by their
    // bytes, and held until commit in case another build replaces one meanwhile. Staged
    // where they are made, beside the rendering: on a disk, making their files took as long
    // as the calendar, feed and pages themselves.
    let (merged, published) = render_all(&plan, &renderers, None, &sink, |merged| {
        let published: BTreeMap<PathBuf, Vec<u8>> =
            crate::publish::outputs(&plan, merged, &request.formats)?
                .into_iter()
                .collect();
        // One at a time: a rebuild compares each with the file in place, and the workers
        // take the staging too, for every notice they find unchanged.
        for (relative, bytes) in &published {
            locked(&sink.staging).put(relative, None, bytes)?;
        }
        Ok::<_, Error>(published)
    })?;
    let published = published?;
    let Stager {
        staging, made_from, ..
    } = sink;
    let staging = held(staging);
    let made_from = held(made_from);
    let made = Made {
        plan: &plan,
        renderers: &renderers,
        made_from: &made_from,
        published: &published,
    };
    let committed = staging.commit_restoring(&mut |relative| made.again(relative))?;
    let summary = Summary {
        courts: plan.courts.len(),
        notices: merged.len(),
        files: committed.files,
        unchanged: committed.unchanged,
        warnings: plan.warnings.clone(),
        data_warnings: reported(&plan),
    };
    Ok((
        summary,
        Held {
            _plan: plan,
            _renderers: renderers,
        },
    ))
}

/// What a build made, to make any of its files again: at commit, a file it kept that another
/// build replaced meanwhile gets this build's bytes back.
struct Made<'a> {
    plan: &'a Plan,
    renderers: &'a [Target],
    /// Each notice file's job and renderer.
    made_from: &'a HashMap<PathBuf, (usize, usize)>,
    published: &'a BTreeMap<PathBuf, Vec<u8>>,
}

impl Made<'_> {
    fn again(&self, relative: &Path) -> Result<Vec<u8>, Error> {
        if let Some(bytes) = self.published.get(relative) {
            return Ok(bytes.clone());
        }
        let jobs = self.plan.jobs();
        let (job, target) = self
            .made_from
            .get(relative)
            .and_then(|&(job, target)| Some((jobs.get(job)?, self.renderers.get(target)?)))
            .ok_or_else(|| {
                Error::Usage(format!(
                    "`{}` changed during the build and cannot be made again; build again",
                    relative.display()
                ))
            })?;
        target.renderer.render(&self.plan.merge(job)?)
    }
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

/// A renderer, and everything that makes its bytes differ for one notice (see
/// [`inputs::output_key`]).
struct Target {
    renderer: Box<dyn Renderer>,
    settings: String,
}

impl Target {
    fn new(renderer: Box<dyn Renderer>) -> Target {
        let settings = format!(
            "{} {} {}",
            renderer.format(),
            renderer.extension(),
            renderer.settings()
        );
        Target { renderer, settings }
    }
}

fn renderers(request: &Request) -> Vec<Target> {
    let wanted = |format| request.formats.is_empty() || request.formats.contains(&format);
    let mut renderers = Vec::new();
    if wanted(Format::Markdown) {
        renderers.push(Target::new(Box::new(MarkdownRenderer)));
    }
    if wanted(Format::Html) {
        let mut chromes = vec![Chrome::Page];
        if request.fragments {
            chromes.push(Chrome::Fragment);
        }
        for chrome in chromes {
            renderers.push(Target::new(Box::new(HtmlRenderer { chrome })));
        }
    }
    if wanted(Format::Pdf) {
        renderers.push(Target::new(Box::new(PdfRenderer::new(request.page))));
    }
    renderers
}

/// A file a job made: rendered, or found in the output folder as it would be rendered.
struct Output {
    relative: PathBuf,
    key: Key,
    /// Which renderer (of the build's) made it.
    target: usize,
    /// `None`: the file in the output folder is kept as it is.
    bytes: Option<Vec<u8>>,
}

/// A failed job, tagged with the job's index so errors are reported in a stable order.
type JobError = (usize, Error);

/// Where each job's files go as soon as they are rendered.
trait Sink: Sync {
    /// The key of each output of `notice`, whose Markdown shows the images at `urls` (see
    /// [`inputs`]).
    fn keys(&self, notice: &Notice, urls: &[String], targets: &[Target]) -> Vec<Key>;
    /// Whether the file at `relative`, made from `key`, is in the output folder already and
    /// need not be rendered.
    fn reuse(&self, relative: &Path, key: Key) -> bool;
    /// Takes job `job`'s files.
    fn take(&self, job: usize, outputs: Vec<Output>) -> Result<(), Error>;
}

/// A check: nothing is kept or written.
struct Discard;

impl Sink for Discard {
    fn keys(&self, _: &Notice, _: &[String], targets: &[Target]) -> Vec<Key> {
        vec![0; targets.len()]
    }

    fn reuse(&self, _: &Path, _: Key) -> bool {
        false
    }

    fn take(&self, _: usize, _: Vec<Output>) -> Result<(), Error> {
        Ok(())
    }
}

/// A build: files are staged, or kept when their inputs are those recorded for them.
struct Stager {
    out: PathBuf,
    /// The output folder's record, looked up by every worker at once; the staging is
    /// locked only to take a file found unchanged.
    record: Record,
    staging: Mutex<Staging>,
    inputs: Inputs,
    /// The job and renderer of each file, to make a kept one again at commit if another build
    /// replaced it meanwhile.
    made_from: Mutex<HashMap<PathBuf, (usize, usize)>>,
}

impl Sink for Stager {
    fn keys(&self, notice: &Notice, urls: &[String], targets: &[Target]) -> Vec<Key> {
        let hasher = self.inputs.notice_showing(notice, urls);
        targets
            .iter()
            .map(|target| inputs::output_key(&hasher, &target.settings))
            .collect()
    }

    fn reuse(&self, relative: &Path, key: Key) -> bool {
        let Some(stamp) = self.record.unchanged(&self.out, relative, key) else {
            return false;
        };
        locked(&self.staging).keep(relative, key, stamp)
    }

    fn take(&self, job: usize, outputs: Vec<Output>) -> Result<(), Error> {
        let mut made_from = locked(&self.made_from);
        for output in &outputs {
            made_from.insert(output.relative.clone(), (job, output.target));
        }
        drop(made_from);
        let mut staging = locked(&self.staging);
        for output in outputs {
            if let Some(bytes) = &output.bytes {
                staging.put(&output.relative, Some(output.key), bytes)?;
            }
        }
        Ok(())
    }
}

/// Merges and renders every job on all cores, handing each job's files to `sink`; returns
/// what was merged, in job order, or every error met on the way, in job order.
///
/// Once the last job is merged, `after_merging` runs with everything merged on a thread of
/// its own, on another core than the rendering still to do: publishing needs what each notice
/// says, not its files, and a single letter's PDF takes six times as long as its pages, feed
/// and calendar. It is not started once a job has failed; what it returns is handed back
/// beside the merged notices.
fn render_all<R: Send>(
    plan: &Plan,
    renderers: &[Target],
    glyphs: Option<&Typesetter>,
    sink: &dyn Sink,
    after_merging: impl FnOnce(&[Merged]) -> R + Send,
) -> Result<(Vec<Merged>, R), Error> {
    let jobs = plan.jobs();
    if jobs.is_empty() {
        return Ok((Vec::new(), after_merging(&[])));
    }
    let next = AtomicUsize::new(0);
    let errors: Mutex<Vec<JobError>> = Mutex::new(Vec::new());
    let merged: Mutex<Vec<(usize, Merged)>> = Mutex::new(Vec::new());
    // Jobs merged or failed: the worker that settles the last one starts `after_merging`.
    let settled = AtomicUsize::new(0);
    let all_merged: OnceLock<Vec<Merged>> = OnceLock::new();
    let after_merging = Mutex::new(Some(after_merging));
    let after: Mutex<Option<R>> = Mutex::new(None);
    let workers = crate::parallel::cores().min(jobs.len());
    std::thread::scope(|scope| {
        // Borrowed by the workers, which the `move` closures below copy.
        let (jobs, next, errors, merged) = (&jobs, &next, &errors, &merged);
        let (settled, all_merged, after_merging, after) =
            (&settled, &all_merged, &after_merging, &after);
        let settle = move || {
            let last = settled.fetch_add(1, Ordering::AcqRel) + 1 == jobs.len();
            if !last || !locked(errors).is_empty() {
                return;
            }
            let mut list = std::mem::take(&mut *locked(merged));
            list.sort_by_key(|(index, _)| *index);
            let list =
                all_merged.get_or_init(|| list.into_iter().map(|(_, notice)| notice).collect());
            if let Some(start) = locked(after_merging).take() {
                crate::parallel::spawn_beside(scope, move || *locked(after) = Some(start(list)));
            }
        };
        let work = move || {
            loop {
                let index = next.fetch_add(1, Ordering::Relaxed);
                let Some(job) = jobs.get(index) else {
                    break;
                };
                let rendered = match merge_one(plan, job, glyphs) {
                    Ok((notice, urls, made)) => {
                        locked(merged).push((index, made));
                        settle();
                        render_one(plan, job, &notice, &urls, renderers, sink)
                            .and_then(|outputs| sink.take(index, outputs))
                    }
                    Err(error) => {
                        // Counted before settling, so the last job never starts publishing
                        // past a failed one.
                        locked(errors).push((index, error));
                        settle();
                        continue;
                    }
                };
                if let Err(error) = rendered {
                    locked(errors).push((index, error));
                }
            }
        };
        // One job is done where it is: a thread of its own would start with its own empty heap.
        if workers == 1 {
            work();
        } else {
            for _ in 0..workers {
                scope.spawn(work);
            }
        }
    });
    let mut errors = held(errors);
    errors.sort_by_key(|(index, _)| *index);
    Error::collect_distinct(errors.into_iter().map(|(_, error)| error).collect())?;
    // With no error, the last job to be merged found none either and started it; the scope
    // waited for it.
    let Some(after) = held(after) else {
        unreachable!("every job merged without error, yet publishing never ran");
    };
    Ok((all_merged.into_inner().unwrap_or_default(), after))
}

/// A mutex's value, also after a thread panicked holding it (the panic is reported anyway).
fn locked<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// What a mutex held, as [`locked`] sees it.
fn held<T>(mutex: Mutex<T>) -> T {
    mutex.into_inner().unwrap_or_else(PoisonError::into_inner)
}

/// Merges `job` into its notice; returns it with its Markdown's image addresses and what
/// publishing needs of it. With `glyphs`, a character no PDF font has is reported here.
fn merge_one(
    plan: &Plan,
    job: &Job,
    glyphs: Option<&Typesetter>,
) -> Result<(Notice, Vec<String>, Merged), Error> {
    let notice = plan.merge(job)?;
    if let Some(typesetter) = glyphs {
        let missing = typesetter.missing_glyphs(&typesetter.layout(&notice));
        if !missing.is_empty() {
            return Err(crate::unprintable::in_notice(
                plan, job.court, job.kind, &missing,
            ));
        }
    }
    // Read once for the keys and for publishing, which puts the images beside the page.
    let urls = crate::markdown::image_urls(&notice.markdown);
    let made = Merged::with_images(&notice, &job.file(), &urls);
    Ok((notice, urls, made))
}

/// Renders `notice` in every format whose file is not already in place as it would be.
fn render_one(
    plan: &Plan,
    job: &Job,
    notice: &Notice,
    urls: &[String],
    renderers: &[Target],
    sink: &dyn Sink,
) -> Result<Vec<Output>, Error> {
    let stem = job.file();
    let keys = sink.keys(notice, urls, renderers);
    renderers
        .iter()
        .zip(keys)
        .enumerate()
        .map(|(target, (renderer, key))| {
            let file = format!("{stem}.{}", renderer.renderer.extension());
            let relative = Path::new(&notice.court).join(file);
            if sink.reuse(&relative, key) {
                return Ok(Output {
                    relative,
                    key,
                    target,
                    bytes: None,
                });
            }
            let rendered = renderer
                .renderer
                .render(notice)
                .map_err(|error| match error {
                    // Characters no PDF font has, traced to the court file or template that
                    // holds them.
                    Error::Unprintable(clusters) => {
                        crate::unprintable::in_notice(plan, job.court, job.kind, &clusters)
                    }
                    error => error,
                });
            rendered.map(|bytes| Output {
                relative,
                key,
                target,
                bytes: Some(bytes),
            })
        })
        .collect()
}

/// `<court>/<kind>.<ext>`, the layout scripts and people rely on.
pub fn output_path(notice: &Notice, format: Format) -> PathBuf {
    Path::new(&notice.court).join(format!("{}.{}", notice.kind, format.extension()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::pdf::{PageSetup, Paper};

    fn settings(request: &Request) -> Vec<String> {
        renderers(request)
            .into_iter()
            .map(|target| target.settings)
            .collect()
    }

    #[test]
    fn a_kept_file_is_made_again_byte_for_byte() {
        let temp = tempfile::tempdir().unwrap();
        let request = Request {
            out_dir: temp.path().join("out"),
            courts: vec!["nmd".into()],
            ..Request::default()
        };
        build(&request).unwrap();
        let plan = Plan::load(&request).unwrap();
        let targets = renderers(&request);
        let job = plan
            .jobs()
            .iter()
            .position(|job| job.kind == "letter" && job.first)
            .unwrap();
        let pdf = targets
            .iter()
            .position(|target| target.renderer.format() == Format::Pdf)
            .unwrap();
        let made_from = HashMap::from([(PathBuf::from("nmd/letter.pdf"), (job, pdf))]);
        let published = BTreeMap::from([(PathBuf::from("index.html"), b"index".to_vec())]);
        let made = Made {
            plan: &plan,
            renderers: &targets,
            made_from: &made_from,
            published: &published,
        };
        let again = made.again(Path::new("nmd/letter.pdf")).unwrap();
        assert!(again == std::fs::read(request.out_dir.join("nmd/letter.pdf")).unwrap());
        assert_eq!(made.again(Path::new("index.html")).unwrap(), b"index");
        assert!(made.again(Path::new("nmd/other.pdf")).is_err());
    }

    #[test]
    fn what_was_merged_is_handed_on_once_in_job_order_unless_a_merge_failed() {
        let request = Request {
            courts: vec!["nmd".into(), "casd".into()],
            ..Request::default()
        };
        let plan = Plan::load(&request).unwrap();
        let calls = AtomicUsize::new(0);
        let (merged, seen) = render_all(&plan, &[], None, &Discard, |merged| {
            calls.fetch_add(1, Ordering::Relaxed);
            merged
                .iter()
                .map(|notice| format!("{}/{}", notice.court, notice.file))
                .collect::<Vec<_>>()
        })
        .unwrap();
        let jobs: Vec<String> = plan
            .jobs()
            .iter()
            .map(|job| format!("{}/{}", job.court.id, job.file()))
            .collect();
        assert!(
            jobs.len() > crate::parallel::cores(),
            "more jobs than workers"
        );
        assert_eq!(seen, jobs);
        assert_eq!(merged.len(), jobs.len());
        assert_eq!(calls.load(Ordering::Relaxed), 1);

        // A clerk's name no PDF font can show fails every job of that court in its merge.
        let temp = tempfile::tempdir().unwrap();
        let text = std::fs::read_to_string("courts/nmd.yaml").unwrap();
        let text = text.replacen("Mitchell R. Elfers", "\u{16A0} Elfers", 1);
        assert!(text.contains('\u{16A0}'));
        std::fs::write(temp.path().join("nmd.yaml"), text).unwrap();
        let failing = Plan::load(&Request {
            courts_dir: temp.path().to_path_buf(),
            ..Request::default()
        })
        .unwrap();
        let typesetter = Typesetter::new(PageSetup::default());
        let result = render_all(&failing, &[], Some(&typesetter), &Discard, |_| {
            calls.fetch_add(1, Ordering::Relaxed);
        });
        assert!(matches!(result, Err(Error::Data { .. } | Error::Many(_))));
        assert_eq!(
            calls.load(Ordering::Relaxed),
            1,
            "not handed on after a failure"
        );
    }

    #[test]
    fn every_renderer_and_page_setup_has_settings_of_its_own() {
        let letter = settings(&Request {
            fragments: true,
            ..Request::default()
        });
        assert_eq!(letter.len(), 4);
        let distinct: std::collections::BTreeSet<&String> = letter.iter().collect();
        assert_eq!(distinct.len(), 4, "{letter:?}");
        let a4 = settings(&Request {
            page: PageSetup {
                paper: Paper::A4,
                ..PageSetup::default()
            },
            ..Request::default()
        });
        let margin = settings(&Request {
            page: PageSetup {
                margin: PageSetup::default().margin + 1.0,
                ..PageSetup::default()
            },
            ..Request::default()
        });
        let plain = settings(&Request::default());
        assert_eq!(
            plain[..2],
            letter[..2],
            "md and html do not depend on the paper"
        );
        assert_ne!(plain[2], a4[2]);
        assert_ne!(plain[2], margin[2]);
    }
}
