//! The plan of a run: what a request asks for (courts, kinds, formats, folders), with the
//! courts and templates loaded and narrowed to it. Building, checking, listing, publishing
//! and mailings all start from a plan; this module imports none of them.

use std::collections::HashMap;
use std::path::PathBuf;

use crate::court::{self, Court, CourtSchema};
use crate::error::Error;
use crate::notice::{Notice, NoticeMeta};
use crate::render::Format;
use crate::render::pdf::PageSetup;
use crate::template::{Catalog, Reading};

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

/// A notice merged once, as publishing sees it: its court, kind and metadata (the Markdown
/// went to the renderers). Builds hand publishing these, as mdBook hands renderers its
/// `RenderContext`, so no notice is merged twice.
#[derive(Debug, Clone, PartialEq)]
pub struct Merged {
    pub court: String,
    pub kind: String,
    /// The stem of its files beside the court's index: the kind, with the language's code
    /// after it for each language but the court's first (`press-release.es`).
    pub file: String,
    pub meta: NoticeMeta,
    /// The court's folder its images are found in, and the images its web page shows, by
    /// their path in that folder: publishing puts them beside the page.
    pub assets: Option<PathBuf>,
    pub images: Vec<PathBuf>,
}

impl Merged {
    #[cfg(test)]
    pub fn new(notice: &Notice, file: &str) -> Merged {
        Merged::with_images(notice, file, &crate::markdown::image_urls(&notice.markdown))
    }

    /// [`Merged::new`] for a notice whose Markdown's image addresses, `urls`, are known.
    pub fn with_images(notice: &Notice, file: &str, urls: &[String]) -> Merged {
        Merged {
            court: notice.court.clone(),
            kind: notice.kind.clone(),
            file: file.to_string(),
            meta: notice.meta.clone(),
            assets: notice.assets.clone(),
            images: crate::publish::pictures::local(urls),
        }
    }
}

/// One notice of a build: a court's kind in one language, and the stem of its files.
#[derive(Debug, Clone, Copy)]
pub struct Job<'a> {
    pub court: &'a Court,
    pub kind: &'a str,
    pub lang: &'a str,
    /// The court's first language that the kind has: the plain file name.
    pub first: bool,
}

impl Job<'_> {
    /// `<kind>` in the court's first language that the kind has, `<kind>.<code>` in the others.
    pub fn file(&self) -> String {
        if self.first {
            self.kind.to_string()
        } else {
            format!("{}.{}", self.kind, self.lang)
        }
    }
}

/// Courts, kinds and templates loaded and narrowed to what the request asks for.
pub struct Plan {
    pub catalog: Catalog,
    pub courts: Vec<Court>,
    pub kinds: Vec<String>,
    /// Files of the courts folder that were skipped, and why.
    pub warnings: Vec<String>,
    /// Court data that is valid but looks like a typo, located in its file.
    pub data_warnings: Vec<Error>,
    courts_dir: PathBuf,
    /// Each court's image folder, `courts/<id>/`, by id, for those that have one: looked for
    /// once, not for every notice of a mailing.
    assets: HashMap<String, PathBuf>,
}

impl Plan {
    pub fn load(request: &Request) -> Result<Plan, Error> {
        Plan::load_beside(request, || (), |_| ()).map(|(plan, ())| plan)
    }

    /// [`Plan::load`], also doing on the core that reads the courts what the run needs next,
    /// such as the faces and patterns a PDF is set with: `early` while the templates folder
    /// is read, and `after_courts` once the courts have been read without error, given the
    /// hyphenation code of the templates' language, while the templates compile. What
    /// `after_courts` made is handed back with the plan, or dropped when loading fails.
    pub fn load_beside<R: Send>(
        request: &Request,
        early: impl FnOnce() + Send,
        after_courts: impl FnOnce(Option<&str>) -> R + Send,
    ) -> Result<(Plan, R), Error> {
        // Court files are checked against the manifest's court dates, so they are read once
        // the manifest is, while the templates compile. When the templates fail, the courts
        // are still read, taking any date name, so that every mistake of the run is reported
        // at once and none is blamed on the manifest's.
        let (catalog, courts) = Catalog::load_beside(
            request.templates_dir.as_deref(),
            &request.kinds,
            early,
            |preview| {
                let courts =
                    court::load_folder(&request.courts_dir, preview.schema, &request.courts)?;
                Ok((courts, after_courts(preview.hyphenation)))
            },
        );
        let (
            catalog,
            (
                court::Loaded {
                    courts,
                    ids,
                    warnings,
                    data_warnings,
                },
                after,
            ),
        ) = match (catalog, courts) {
            (Ok(catalog), Ok(loaded)) => (catalog, loaded),
            (Ok(_), Err(error)) => return Err(error),
            (Err(error), _) => {
                let courts = court::load_folder(
                    &request.courts_dir,
                    &CourtSchema::any_dates(),
                    &request.courts,
                );
                let errors = [Some(error), courts.err()].into_iter().flatten().collect();
                return Err(Error::collect(errors).unwrap_err());
            }
        };
        let known_ids: Vec<&str> = ids.iter().map(String::as_str).collect();
        check_names("court", &request.courts, &known_ids)?;
        let known_kinds = catalog.kinds();
        check_names("kind", &request.kinds, &known_kinds)?;

        let kinds: Vec<String> = known_kinds
            .iter()
            .filter(|kind| request.kinds.is_empty() || request.kinds.iter().any(|k| k == *kind))
            .map(|kind| kind.to_string())
            .collect();
        let courts: Vec<Court> = courts
            .into_iter()
            .filter(|c| request.courts.is_empty() || request.courts.contains(&c.id))
            .collect();
        // A court's own partials (courts/<id>/partials/) replace the shared ones for it alone.
        let mut catalog = catalog;
        let ids: Vec<&str> = courts.iter().map(|court| court.id.as_str()).collect();
        catalog.add_court_partials(&request.courts_dir, &ids)?;
        let mut warnings = warnings;
        warnings.extend(untranslated(&catalog, &courts, &kinds));
        let data_warnings = data_warnings
            .into_iter()
            .filter(|(id, _)| courts.iter().any(|court| &court.id == id))
            .map(|(_, warning)| warning)
            .collect();
        let assets = courts
            .iter()
            .filter_map(|court| {
                let dir = request.courts_dir.join(&court.id);
                dir.is_dir().then(|| (court.id.clone(), dir))
            })
            .collect();
        let plan = Plan {
            catalog,
            courts,
            kinds,
            warnings,
            data_warnings,
            courts_dir: request.courts_dir.clone(),
            assets,
        };
        Ok((plan, after))
    }

    /// Every notice the plan covers: courts in id order, kinds in the manifest's, each in
    /// the court's languages that the kind has, in the court's order.
    pub fn jobs(&self) -> Vec<Job<'_>> {
        let mut jobs = Vec::new();
        for court in &self.courts {
            let languages = self.catalog.court_languages(court);
            for kind in &self.kinds {
                let has = self.catalog.languages_of(kind);
                // The first of the court's languages that the kind has keeps the plain name,
                // so every kind built has its `<kind>.<ext>`.
                let mut first = true;
                for lang in &languages {
                    if has.contains(lang) {
                        jobs.push(Job {
                            court,
                            kind,
                            lang,
                            first,
                        });
                        first = false;
                    }
                }
            }
        }
        jobs
    }

    /// The file a court was read from (`courts/nmd.yaml`), when it is still there.
    pub fn court_file(&self, court: &Court) -> Option<PathBuf> {
        court::discover::court_files(&self.courts_dir)
            .ok()?
            .files
            .into_iter()
            .find(|file| file.file_stem().is_some_and(|stem| *stem == *court.id))
    }

    /// The folder a court's images live in, `courts/<id>/`, when it has one.
    fn assets(&self, court: &Court) -> Option<PathBuf> {
        self.assets.get(&court.id).cloned()
    }

    /// The notice of a job.
    pub fn merge(&self, job: &Job) -> Result<Notice, Error> {
        self.catalog
            .render(job.court, job.kind, job.lang, self.assets(job.court))
    }

    /// The notice in the court's first language that has the kind.
    pub fn notice(&self, court: &Court, kind: &str) -> Result<Notice, Error> {
        let lang = self.mail_language(court, kind);
        self.catalog.render(court, kind, lang, self.assets(court))
    }

    /// The notice addressed to one reader (templates see it as `recipient`), in the court's
    /// first language that has the kind.
    pub fn notice_for<R: serde::Serialize>(
        &self,
        court: &Court,
        kind: &str,
        recipient: &R,
    ) -> Result<Notice, Error> {
        self.reading(court, kind)?.render(Some(recipient))
    }

    /// The notice for [`Plan::notice_for`] made ready once, for a mailing that renders it
    /// for every reader of its list.
    pub fn reading<'a>(&'a self, court: &'a Court, kind: &str) -> Result<Reading<'a>, Error> {
        let lang = self.mail_language(court, kind);
        self.catalog.reading(court, kind, lang, self.assets(court))
    }

    /// The court's first language the kind has, else the templates' own.
    fn mail_language<'a>(&'a self, court: &'a Court, kind: &str) -> &'a str {
        let has = self.catalog.languages_of(kind);
        self.catalog
            .court_languages(court)
            .into_iter()
            .find(|lang| has.contains(lang))
            .unwrap_or(self.catalog.base_language())
    }
}

/// A warning for each kind that courts ask for in a language it lacks: it is not written in
/// that language (and not at all for a court none of whose languages it has).
fn untranslated(catalog: &Catalog, courts: &[Court], kinds: &[String]) -> Vec<String> {
    let mut warnings = Vec::new();
    for kind in kinds {
        let has = catalog.languages_of(kind);
        let mut missing: std::collections::BTreeMap<&str, Vec<&str>> = Default::default();
        for court in courts {
            for lang in catalog.court_languages(court) {
                if !has.contains(&lang) {
                    missing.entry(lang).or_default().push(&court.id);
                }
            }
        }
        for (lang, ids) in missing {
            warnings.push(format!(
                "kind `{kind}` has no `{lang}` translation, so it is not written in `{lang}` \
                 for {} (it has: {})",
                ids.iter()
                    .map(|id| format!("`{id}`"))
                    .collect::<Vec<_>>()
                    .join(", "),
                has.join(", ")
            ));
        }
    }
    warnings
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A courts folder holding casd, whose file also names a date the manifest lacks.
    fn court_with_an_unknown_date(dir: &std::path::Path) -> PathBuf {
        let courts = dir.join("courts");
        std::fs::create_dir_all(&courts).unwrap();
        let text = std::fs::read_to_string("courts/casd.yaml").unwrap();
        let text = text.replacen("dates:\n", "dates:\n  made_up: 2020-01-06\n", 1);
        std::fs::write(courts.join("casd.yaml"), text).unwrap();
        courts
    }

    #[test]
    fn a_court_is_checked_against_the_manifest_dates_while_the_templates_compile() {
        let dir = tempfile::tempdir().unwrap();
        let request = Request {
            courts_dir: court_with_an_unknown_date(dir.path()),
            ..Request::default()
        };
        let error = format!("{:?}", Plan::load(&request).err().unwrap());
        assert!(error.contains("made_up"), "{error}");
    }

    #[test]
    fn when_the_templates_fail_courts_are_read_taking_any_date_name() {
        let dir = tempfile::tempdir().unwrap();
        let templates = dir.path().join("templates");
        std::fs::create_dir_all(&templates).unwrap();
        std::fs::write(templates.join("letter.md"), "Hello {{ court.name \n").unwrap();
        let request = Request {
            courts_dir: court_with_an_unknown_date(dir.path()),
            templates_dir: Some(templates),
            ..Request::default()
        };
        let error = format!("{:?}", Plan::load(&request).err().unwrap());
        assert!(error.contains("letter.md"), "{error}");
        assert!(!error.contains("made_up"), "{error}");
    }

    #[test]
    fn the_work_beside_loading_runs_first_with_no_code_then_with_the_templates_hyphenation_code() {
        let seen = std::sync::Mutex::new(Vec::new());
        let record = |code: Option<&str>| seen.lock().unwrap().push(code.map(str::to_string));
        Plan::load_beside(&Request::default(), || record(None), record).unwrap();
        // The built-in templates are written in English.
        let path = std::path::Path::new("notice-templates/lang/en.yaml");
        let text = std::fs::read_to_string(path).unwrap();
        let en = crate::lang::Strings::parse(path, "en", &text).unwrap();
        assert_eq!(*seen.lock().unwrap(), [None, Some(en.hyphenation.clone())]);
    }
}
