//! Notice templates: the kinds manifest, the shared rollout facts and the Tera templates that
//! turn a court into Markdown. The templates come from `./notice-templates` (or `--templates
//! DIR`); the copy of `notice-templates/` compiled into the binary fills in any file the folder
//! lacks, and serves alone where there is no folder. The engine knows kinds only from the
//! manifest and knows nothing of what the notices announce.

pub mod court_partials;
mod cycles;
mod escape;
mod filters;
mod limits;
mod needs;
mod reading;
mod tags;

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use tera::{Context, Tera};

use crate::calendar;
use crate::court::locate::{Positions, PositionsWhenAsked};
use crate::court::{Court, CourtSchema};
use crate::error::{Error, Location};
use crate::lang::Strings;
use crate::notice::{Layout, Notice};
use limits::{Capped, Exceeded};

pub use escape::{markdown as escape_markdown, url as escape_url, url_text};
pub use limits::{MAX_OUTPUT, MAX_RANGE_STEPS, MAX_TEMPLATE_BYTES};
pub use reading::Reading;

/// The manifest listing the kinds of notice.
pub const MANIFEST: &str = "kinds.yaml";
/// Facts shared by every court's notices, passed to templates as `rollout`.
pub const SHARED_DATA: &str = "rollout.yaml";

/// Where the built-ins come from, for error messages.
const BUILTIN_DIR: &str = "notice-templates";

/// Every built-in file, by its name relative to `notice-templates/`: the whole folder, as
/// `build.rs` found it when the binary was built.
const BUILTINS: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/builtin_templates.rs"));

/// A template's or data file's text: the built-in copy's own, or read from a file that says
/// otherwise. A folder of templates is mostly the built-in copy (the one shipped beside the
/// binary): its files that say the same are not held twice.
pub(crate) type Text = Cow<'static, str>;

/// Template name → text.
pub(crate) type SourceTexts = BTreeMap<String, Text>;

/// The folder of templates a user keeps beside `courts/`, read when it exists.
pub const FOLDER: &str = "notice-templates";

/// Where a run's templates come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A folder on disk; a file it lacks falls back to the built-in copy.
    Folder(PathBuf),
    /// The copy compiled into the binary.
    BuiltIn,
}

impl Source {
    /// `--templates DIR` when given, else `./notice-templates` when it exists, else the
    /// built-in copy: the folder a user edits is the one the tool reads.
    pub fn choose(given: Option<&Path>) -> Source {
        match given {
            Some(dir) => Source::Folder(dir.to_path_buf()),
            None if Path::new(FOLDER).is_dir() => Source::Folder(PathBuf::from(FOLDER)),
            None => Source::BuiltIn,
        }
    }

    /// The folder, if templates are read from one.
    pub fn folder(&self) -> Option<&Path> {
        match self {
            Source::Folder(dir) => Some(dir),
            Source::BuiltIn => None,
        }
    }

    /// The source a request's resolved folder stands for (`None`: the built-in copy).
    pub fn of(folder: Option<&Path>) -> Source {
        folder.map_or(Source::BuiltIn, |dir| Source::Folder(dir.to_path_buf()))
    }

    /// For the summary of a run: `templates from notice-templates/`.
    pub fn describe(&self) -> String {
        match self {
            Source::Folder(dir) => format!("templates from {}", dir.display()),
            Source::BuiltIn => "built-in templates (no notice-templates/ folder here)".to_string(),
        }
    }
}

/// One kind of notice as the manifest describes it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Kind {
    /// `[a-z0-9-]+`, the output file's stem.
    pub name: String,
    /// Template file, relative to the templates folder.
    pub template: String,
    /// Tera strings rendered as plain text.
    pub title: String,
    pub description: String,
    #[serde(default)]
    pub layout: Layout,
    /// The court date (`dates.<name>` in a court file) that dates this notice; by default the
    /// kind's name with `_` for `-` (`press_release` for `press-release`).
    #[serde(default)]
    date: Option<String>,
    /// When that date is missing: this many days after go-live (negative: before).
    pub schedule: i64,
    #[serde(default)]
    pub keywords: Vec<String>,
    /// The language its template and texts are written in, by code; by default the
    /// manifest's `lang`.
    #[serde(default)]
    lang: Option<String>,
    /// The kind in other languages, by code (`es`): each its own template and texts. A court
    /// asking for a language the kind lacks does not get the kind in it.
    #[serde(default)]
    pub translations: BTreeMap<String, Translation>,
    /// A template for the footer the website puts under the notice's HTML page (the court's
    /// address, the page's date), if it has one: page furniture, so it is not part of the
    /// notice's Markdown or of its fragment, which a website frames with its own.
    #[serde(default)]
    pub footer: Option<String>,
}

/// A kind's template and texts in one more language.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Translation {
    /// Template file, relative to the templates folder (`press-release.es.md`).
    pub template: String,
    pub title: String,
    pub description: String,
    /// The kind's keywords when not given.
    #[serde(default)]
    pub keywords: Option<Vec<String>>,
    /// The page footer's template in this language (see [`Kind::footer`]).
    #[serde(default)]
    pub footer: Option<String>,
}

impl Kind {
    /// The name of the court date that dates this kind (`dates.<name>`).
    pub fn date(&self) -> &str {
        self.date.as_deref().unwrap_or_default()
    }

    /// The templates the kind is made from, in every language it has: its own, its
    /// translations' and their page footers.
    fn templates(&self) -> impl Iterator<Item = &str> {
        let own = [Some(&self.template), self.footer.as_ref()];
        let translated = self
            .translations
            .values()
            .flat_map(|translation| [Some(&translation.template), translation.footer.as_ref()]);
        own.into_iter()
            .chain(translated)
            .flatten()
            .map(String::as_str)
    }

    /// Gives a kind without `date` its default date name.
    fn fill_in_date(&mut self) {
        if self.date.is_none() {
            self.date = Some(self.name.replace('-', "_"));
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Manifest {
    #[serde(default = "default_lang")]
    lang: String,
    kinds: Vec<Kind>,
}

fn default_lang() -> String {
    "en".into()
}

/// What a template sees as `notice`.
#[derive(Serialize)]
struct NoticeContext<'a> {
    kind: &'a str,
    date: NaiveDate,
    title: &'a str,
}

pub struct Catalog {
    tera: Tera,
    kinds: Vec<Kind>,
    /// The code of the language the kinds' templates are written in (`en`).
    lang: String,
    /// Each language's words, by code, from `lang/<code>.yaml`.
    languages: BTreeMap<String, Arc<Strings>>,
    rollout: serde_yaml::Value,
    /// Template name → the file it came from.
    files: BTreeMap<String, PathBuf>,
    /// File name → its text, to quote in error reports: the templates and the YAML files
    /// (manifest, shared facts, publishing, words).
    texts: SourceTexts,
    /// The templates of courts that override shared partials (`courts/<id>/partials/`), by id.
    courts: BTreeMap<String, court_partials::CourtTemplates>,
}

impl Catalog {
    /// The built-in templates, overridden file by file by `overrides` when given.
    pub fn load(overrides: Option<&Path>) -> Result<Catalog, Error> {
        Front::read(overrides)?.compile(&[])
    }

    /// [`Catalog::load`], compiling only the templates and titles that the kinds named in
    /// `kinds` need (all when it is empty), and running `beside` on another core while they
    /// compile, with the schema court files are checked against: the manifest's, or
    /// [`CourtSchema::any_dates`] when the manifest or the words cannot be read. Compiling
    /// the templates is most of loading, and reading the courts needs only the manifest.
    /// `early` runs on that core first, while the templates folder is read.
    pub fn load_beside<T: Send>(
        overrides: Option<&Path>,
        kinds: &[String],
        early: impl FnOnce() + Send,
        beside: impl FnOnce(&Preview<'_>) -> T + Send,
    ) -> (Result<Catalog, Error>, T) {
        std::thread::scope(|scope| {
            // The other thread starts before the front is read: it makes the part of the
            // schema no manifest changes and runs `early` meanwhile, then waits for what the
            // manifest says.
            let (send, receive) = std::sync::mpsc::sync_channel::<Option<SchemaFacts>>(1);
            let other = crate::parallel::spawn_beside(scope, move || {
                let fixed = CourtSchema::fixed();
                early();
                let (schema, hyphenation) = match receive.recv() {
                    Ok(Some(facts)) => (
                        fixed
                            .with_dates(facts.dates)
                            .with_languages(facts.languages.iter().map(String::as_str)),
                        facts.hyphenation,
                    ),
                    Ok(None) | Err(_) => (fixed.with_any_dates(), None),
                };
                beside(&Preview {
                    schema: &schema,
                    hyphenation: hyphenation.as_deref(),
                })
            });
            let join = |other: std::thread::ScopedJoinHandle<'_, T>| match other.join() {
                Ok(done) => done,
                Err(panic) => std::panic::resume_unwind(panic),
            };
            let front = match Front::read(overrides) {
                Ok(front) => front,
                Err(error) => {
                    let _ = send.send(None);
                    return (Err(error), join(other));
                }
            };
            let facts = front.languages.as_ref().ok().map(|languages| SchemaFacts {
                dates: court_dates(&front.manifest.kinds),
                languages: languages.keys().cloned().collect(),
                hyphenation: languages
                    .get(&language_code(&front.manifest.lang))
                    .map(|words| words.hyphenation.clone()),
            });
            let _ = send.send(facts);
            let catalog = front.compile(kinds);
            (catalog, join(other))
        })
    }

    /// The first template or words file (in name order) whose text holds `wanted`, with
    /// the 1-based line and column of its first occurrence there: where a character the
    /// PDF cannot draw was written, when no court data holds it.
    pub fn find_text(&self, wanted: &str) -> Option<(PathBuf, usize, usize)> {
        self.texts.iter().find_map(|(name, text)| {
            let at = text.find(wanted)?;
            let before = text.get(..at)?;
            let line = before.matches('\n').count() + 1;
            let line_start = before.rfind('\n').map_or(0, |i| i + 1);
            let column = before.get(line_start..)?.chars().count() + 1;
            Some((self.files.get(name)?.clone(), line, column))
        })
    }

    /// Reads the partials each court of `ids` keeps in `courts_dir/<id>/partials/`: each
    /// replaces the shared partial of its name in that court's notices only. A file that
    /// replaces no shared partial, or does not parse, is an error at its own path, line and
    /// column; every court's mistakes are reported together.
    pub fn add_court_partials(&mut self, courts_dir: &Path, ids: &[&str]) -> Result<(), Error> {
        let shared: Vec<&str> = self
            .files
            .keys()
            .map(String::as_str)
            .filter(|name| {
                name.starts_with(&format!("{}/", court_partials::FOLDER)) && name.ends_with(".md")
            })
            .collect();
        let mut errors = Vec::new();
        let mut added = BTreeMap::new();
        for id in ids {
            let found = match court_partials::files_of(courts_dir, id) {
                Ok(found) => found,
                Err(error) => {
                    errors.push(error);
                    continue;
                }
            };
            if found.is_empty() {
                continue;
            }
            let mut files = self.files.clone();
            let mut texts = self.texts.clone();
            let mut own = Vec::new();
            for (name, path) in found {
                if !shared.contains(&name.as_str()) {
                    errors.push(court_partials::unknown(&path, &name, &shared));
                    continue;
                }
                match read_template(&path) {
                    Ok(text) => {
                        files.insert(name.clone(), path);
                        texts.insert(name.clone(), Cow::Owned(text.clone()));
                        own.push((name, Cow::Owned(text)));
                    }
                    Err(error) => errors.push(error),
                }
            }
            // What the court's partials include that the kinds asked for did not need.
            let names: Vec<&str> = own.iter().map(|(name, _)| name.as_str()).collect();
            let wanted: Vec<(String, Text)> = needs::needed(&texts, names)
                .into_iter()
                .filter(|name| name.ends_with(".md") && !self.tera.contains_template(name))
                .filter(|name| !own.iter().any(|(own, _)| own == name))
                .filter_map(|name| Some((name.clone(), texts.get(&name)?.clone())))
                .collect();
            own.extend(wanted);
            let mut tera = self.tera.clone();
            match tera.add_raw_templates(own) {
                Ok(()) => {
                    added.insert(
                        id.to_string(),
                        court_partials::CourtTemplates { tera, files, texts },
                    );
                }
                Err(error) => errors.push(template_error(&files, &texts, error)),
            }
        }
        Error::collect(errors)?;
        self.courts.extend(added);
        Ok(())
    }

    /// The Tera environment, files and texts a court's notices are merged with: its own when
    /// it overrides shared partials, else the shared ones.
    fn templates_for(&self, court: &str) -> (&Tera, &BTreeMap<String, PathBuf>, &SourceTexts) {
        match self.courts.get(court) {
            Some(own) => (&own.tera, &own.files, &own.texts),
            None => (&self.tera, &self.files, &self.texts),
        }
    }

    /// A YAML file of the templates folder (e.g. `publish.yaml`): the file it came from and its
    /// text, built-in or overridden.
    pub fn data_file(&self, name: &str) -> Option<(&Path, &str)> {
        if !name.ends_with(".yaml") {
            return None;
        }
        Some((self.files.get(name)?.as_path(), self.texts.get(name)?))
    }

    /// The words of the language the kinds' templates are written in (the manifest's `lang`).
    pub fn words(&self) -> Arc<Strings> {
        self.languages
            .get(&self.lang)
            .cloned()
            .unwrap_or_else(Strings::diagnostics)
    }

    /// The words of language `code`, when there is a strings file for it.
    pub fn words_of(&self, code: &str) -> Option<Arc<Strings>> {
        self.languages.get(code).cloned()
    }

    /// Tera strings (of `publish.yaml`) rendered as plain trimmed text, seeing `rollout` and,
    /// when given, `court`, in language `lang`: its dates and times, the court's names in it.
    /// What they see is put together once, not for each string (a court's pages and
    /// calendar have half a dozen).
    pub fn texts_for(&self, court: Option<&Court>, lang: &str) -> Texts<'_> {
        let mut context = Context::new();
        if let Some(court) = court {
            if lang == self.lang {
                context.insert("court", court);
            } else {
                context.insert("court", &court.in_language(lang));
            }
        }
        context.insert("rollout", &self.rollout);
        let court = court.map_or("", |court| court.id.as_str());
        let (tera, _, _) = self.templates_for(court);
        Texts {
            tera,
            context,
            court: court.to_string(),
            words: self.words_of(lang).unwrap_or_else(|| self.words()),
        }
    }

    /// What a court file is checked against: its `dates` may hold the date of each kind of
    /// the manifest, by the kind's date name, and nothing else.
    pub fn court_schema(&self) -> CourtSchema {
        CourtSchema::new(court_dates(&self.kinds)).with_languages(self.language_codes())
    }

    /// Kind names in the manifest's order.
    pub fn kinds(&self) -> Vec<&str> {
        self.kinds.iter().map(|kind| kind.name.as_str()).collect()
    }

    /// The manifest's description of `kind`.
    pub fn kind(&self, name: &str) -> Result<&Kind, Error> {
        self.kinds
            .iter()
            .find(|kind| kind.name == name)
            .ok_or_else(|| {
                Error::Usage(format!(
                    "unknown kind `{name}` (known: {})",
                    self.kinds().join(", ")
                ))
            })
    }

    /// The court's date for `kind`, or the manifest's schedule relative to go-live (a weekend
    /// date moves back to the Friday before).
    pub fn notice_date(&self, court: &Court, kind: &str) -> Result<NaiveDate, Error> {
        let kind = self.kind(kind)?;
        if let Some(date) = court.date(kind.date()) {
            return Ok(date);
        }
        calendar::scheduled(court.go_live, kind.schedule).ok_or_else(|| {
            let field = self
                .kinds
                .iter()
                .position(|k| k.name == kind.name)
                .map_or_else(|| "kinds".to_string(), |i| format!("kinds[{i}].schedule"));
            let file = self.file_of(MANIFEST);
            let (line, column) = self
                .texts
                .get(MANIFEST)
                .map_or((1, 1), |text| Positions::of(text).find(&field));
            Error::data(
                Location::new(file, line, column),
                Some(field),
                format!(
                    "{} days from go-live ({}) is no date, for court `{}`",
                    kind.schedule, court.go_live, court.id
                ),
            )
        })
    }

    pub fn render(
        &self,
        court: &Court,
        kind: &str,
        lang: &str,
        assets: Option<PathBuf>,
    ) -> Result<Notice, Error> {
        self.reading(court, kind, lang, assets)?.render(None::<&()>)
    }

    /// The code of the language the kinds' own templates are written in (`en`).
    pub fn base_language(&self) -> &str {
        &self.lang
    }

    /// The languages `kind` can be written in: its own (by default the manifest's), then its
    /// translations'.
    pub fn languages_of(&self, kind: &str) -> Vec<&str> {
        let Some(kind) = self.kinds.iter().find(|k| k.name == kind) else {
            return vec![self.lang.as_str()];
        };
        let own = kind.lang.as_deref().unwrap_or(&self.lang);
        let mut codes = vec![own];
        codes.extend(
            kind.translations
                .keys()
                .map(String::as_str)
                .filter(|code| *code != own),
        );
        codes
    }

    /// The codes of every strings file, `lang/<code>.yaml`.
    pub fn language_codes(&self) -> Vec<&str> {
        self.languages.keys().map(String::as_str).collect()
    }

    /// The languages `court` publishes in: its `languages`, each once, else its `lang`, else
    /// the manifest's.
    pub fn court_languages<'a>(&'a self, court: &'a Court) -> Vec<&'a str> {
        let mut codes: Vec<&str> = Vec::new();
        for code in &court.languages {
            if !codes.contains(&code.as_str()) {
                codes.push(code);
            }
        }
        if codes.is_empty() {
            codes.push(court.lang.as_deref().unwrap_or(&self.lang));
        }
        codes
    }
}

/// The name a kind's title or description is compiled under, `lang` empty for the kind's own
/// language and a translation's code otherwise: one Tera template each, made
/// once when the templates load rather than for every notice (a mailing renders them for every
/// letter). Not ending in `.md`, so it is not escaped for Markdown: it is plain text.
fn kind_text(kind: &str, lang: &str, field: &str) -> String {
    format!("{MANIFEST}#{kind}.{lang}.{field}")
}

/// Compiles the title and description of each of `kinds`, in each of its languages. A
/// mistake in one is reported at the manifest, naming the kind, as when it was rendered.
fn add_kind_texts(tera: &mut Tera, manifest: &Path, kinds: &[&Kind]) -> Result<(), Error> {
    let mut texts = Vec::new();
    for &kind in kinds {
        texts.push((kind, kind_text(&kind.name, "", "title"), &kind.title));
        texts.push((
            kind,
            kind_text(&kind.name, "", "description"),
            &kind.description,
        ));
        for (lang, translation) in &kind.translations {
            texts.push((
                kind,
                kind_text(&kind.name, lang, "title"),
                &translation.title,
            ));
            texts.push((
                kind,
                kind_text(&kind.name, lang, "description"),
                &translation.description,
            ));
        }
    }
    let batch = texts
        .iter()
        .map(|(_, name, text)| (name.as_str(), text.as_str()));
    if tera.add_raw_templates(batch).is_ok() {
        return Ok(());
    }
    // Only on a mistake: find each text that does not compile, on its own.
    let errors = texts
        .iter()
        .filter_map(|(kind, name, text)| {
            let error = tera.clone().add_raw_template(name, text).err()?;
            Some(Error::Template {
                file: manifest.to_path_buf(),
                report: format!("kind `{}`: {error}", kind.name),
                at: None,
            })
        })
        .collect();
    Error::collect(errors)
}

impl Catalog {
    /// The file a template came from.
    fn file_of(&self, name: &str) -> PathBuf {
        self.files
            .get(name)
            .cloned()
            .unwrap_or_else(|| PathBuf::from(BUILTIN_DIR).join(name))
    }
}

/// Tera strings of one court and language, rendered as plain trimmed text
/// ([`Catalog::texts_for`]).
pub struct Texts<'a> {
    tera: &'a Tera,
    context: Context,
    /// The court's id, empty for none: for limits and reports.
    court: String,
    words: Arc<Strings>,
}

impl Texts<'_> {
    /// `text`, from `file`; `what` names it in errors (`court.title`).
    pub fn render(&self, text: &str, file: &Path, what: &str) -> Result<String, Error> {
        limits::start(&self.court);
        filters::speak(self.words.clone());
        capped(|out| self.tera.render_str_to(text, &self.context, false, out))
            .map(|out| out.trim().to_string())
            .map_err(|failure| Error::Template {
                file: file.to_path_buf(),
                report: match failure {
                    Failure::Tera(error) => format!("`{what}`: {error}"),
                    Failure::TooLong(exceeded) => {
                        format!("`{what}`: {}", exceeded.message(&self.court))
                    }
                },
                at: None,
            })
    }
}

/// What the manifest and the words files say of court files: the court dates, each with the
/// kinds it dates, the languages there are words for, and the hyphenation code of the
/// templates' own language.
struct SchemaFacts {
    dates: BTreeMap<String, Vec<String>>,
    languages: Vec<String>,
    hyphenation: Option<String>,
}

/// What is known of a catalog before its templates compile.
pub struct Preview<'a> {
    /// What court files are checked against.
    pub schema: &'a CourtSchema,
    /// The hyphenation code of the templates' own language, when its words file reads.
    pub hyphenation: Option<&'a str>,
}

/// What a catalog is read from, before its templates are compiled: every source, the
/// manifest, the shared facts and the words (whose mistakes are reported after the
/// templates', as they always were).
struct Front {
    sources: BTreeMap<String, (PathBuf, Text)>,
    manifest: Manifest,
    rollout: serde_yaml::Value,
    languages: Result<BTreeMap<String, Arc<Strings>>, Error>,
}

impl Front {
    fn read(overrides: Option<&Path>) -> Result<Front, Error> {
        let mut sources: BTreeMap<String, (PathBuf, Text)> = BTreeMap::new();
        if let Some(dir) = overrides {
            // One buffer for every file: most say what their built-in copy says, and are
            // not kept.
            let mut read = Vec::new();
            for path in files_under(dir)? {
                let name = path
                    .strip_prefix(dir)
                    .unwrap_or(&path)
                    .to_string_lossy()
                    .replace('\\', "/");
                let text = read_template_into(&path, &mut read, builtin(&name))?;
                sources.insert(name, (path, text));
            }
        }
        // The built-in copy of what the folder does not override (a copy of every one, made
        // only to be replaced, was a tenth of a millisecond of every run).
        for (name, text) in BUILTINS {
            if !sources.contains_key(*name) {
                let path = Path::new(BUILTIN_DIR).join(name);
                sources.insert(name.to_string(), (path, Cow::Borrowed(*text)));
            }
        }
        let (manifest_path, manifest_text) = &sources[MANIFEST];
        let mut manifest: Manifest = parse_yaml(manifest_path, manifest_text)?;
        manifest.kinds.iter_mut().for_each(Kind::fill_in_date);
        let (rollout_path, rollout_text) = &sources[SHARED_DATA];
        let rollout: serde_yaml::Value = parse_yaml(rollout_path, rollout_text)?;
        let languages = load_languages(&sources);
        Ok(Front {
            sources,
            manifest,
            rollout,
            languages,
        })
    }

    /// Compiles the templates the kinds named in `kinds` need, or all when it is empty.
    fn compile(self, kinds: &[String]) -> Result<Catalog, Error> {
        let Front {
            sources,
            manifest,
            rollout,
            languages,
        } = self;
        let mut files: BTreeMap<String, PathBuf> = BTreeMap::new();
        let mut texts = SourceTexts::new();
        for (name, (path, text)) in sources {
            files.insert(name.clone(), path);
            texts.insert(name, text);
        }
        let (manifest_path, manifest_text) = (&files[MANIFEST], &texts[MANIFEST]);
        let templates: Vec<(&String, &Text)> = texts
            .iter()
            .filter(|(name, _)| name.ends_with(".md"))
            .collect();
        // The kinds asked for, all of them when none is named.
        let asked: Vec<&Kind> = manifest
            .kinds
            .iter()
            .filter(|kind| kinds.is_empty() || kinds.contains(&kind.name))
            .collect();
        // The YAML files' texts are templates too (what the website pages say), so what
        // they include is needed whatever the kinds.
        let needed = (!kinds.is_empty()).then(|| {
            let templates = asked.iter().flat_map(|kind| kind.templates());
            let data = texts
                .keys()
                .filter(|name| !name.ends_with(".md"))
                .map(String::as_str);
            needs::needed(&texts, templates.chain(data))
        });
        let compiled = |only: Option<&BTreeSet<String>>| {
            let mut tera = Tera::new();
            tera.autoescape_on([".md"]);
            tera.set_escape_fn(escape::escape_markdown);
            filters::register(&mut tera);
            limits::register(&mut tera);
            let chosen = templates
                .iter()
                .filter(|(name, _)| only.is_none_or(|only| only.contains(*name)));
            tera.add_raw_templates(chosen.copied()).map(|()| tera)
        };
        let mut tera = match needed.as_ref().map(|needed| compiled(Some(needed))) {
            Some(Ok(tera)) => tera,
            // A mistake in a template needed is reported as a compile of them all reports
            // it; and should the reading of tags have missed a template needed, all are.
            _ => compiled(None).map_err(|error| template_error(&files, &texts, error))?,
        };
        // Only the kinds asked for: a notice renders its own kind's title and description
        // and no other's, and compiling every kind's texts in every language was a quarter
        // of compiling one letter's templates.
        add_kind_texts(&mut tera, manifest_path, &asked)?;

        let languages = languages?;
        let exists = |name: &str| name.ends_with(".md") && texts.contains_key(name);
        check_manifest(manifest_path, manifest_text, &manifest, &exists, &languages)?;
        let lang = language_code(&manifest.lang);
        if !languages.contains_key(&lang) {
            let (line, column) = Positions::of(manifest_text).find("lang");
            return Err(Error::data(
                Location::new(manifest_path.clone(), line, column),
                Some("lang".to_string()),
                format!(
                    "no strings file `{}/{lang}.yaml` for the templates' language (there are: {})",
                    crate::lang::FOLDER,
                    languages.keys().cloned().collect::<Vec<_>>().join(", ")
                ),
            ));
        }
        Ok(Catalog {
            tera,
            kinds: manifest.kinds,
            lang,
            languages,
            rollout,
            files,
            texts,
            courts: BTreeMap::new(),
        })
    }
}

/// Each court date of `kinds` with the kinds it dates.
fn court_dates(kinds: &[Kind]) -> BTreeMap<String, Vec<String>> {
    let mut dates: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for kind in kinds {
        dates
            .entry(kind.date().to_string())
            .or_default()
            .push(kind.name.clone());
    }
    dates
}

/// The strings files of the templates, `lang/<code>.yaml`, by code; every error at once.
fn load_languages(
    sources: &BTreeMap<String, (PathBuf, Text)>,
) -> Result<BTreeMap<String, Arc<Strings>>, Error> {
    let prefix = format!("{}/", crate::lang::FOLDER);
    let mut languages = BTreeMap::new();
    let mut errors = Vec::new();
    for (name, (path, text)) in sources {
        let Some(code) = name
            .strip_prefix(&prefix)
            .and_then(|file| file.strip_suffix(".yaml"))
        else {
            continue;
        };
        // The code names files (`<kind>.<code>.md`) and is what court files write.
        let valid = !code.is_empty()
            && code
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if !valid {
            errors.push(Error::data(
                Location::new(path.clone(), 1, 1),
                None::<String>,
                format!(
                    "`{code}` is not a language code: name a strings file with a-z, 0-9 and \
                     `-` only, as `{}/es.yaml`",
                    crate::lang::FOLDER
                ),
            ));
            continue;
        }
        match Strings::parse(path, code, text) {
            Ok(strings) => {
                languages.insert(code.to_string(), Arc::new(strings));
            }
            Err(error) => errors.push(error),
        }
    }
    Error::collect(errors)?;
    Ok(languages)
}

/// The code of a language a manifest or court names: `en` for `en`, `en-US` or `EN`.
pub fn language_code(lang: &str) -> String {
    lang.split(['-', '_'])
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase()
}

/// Why a render failed: Tera's error, or the notice went past a limit of [`limits`].
enum Failure {
    Tera(tera::Error),
    TooLong(Exceeded),
}

/// Runs one render into a capped buffer.
fn capped(
    render: impl FnOnce(&mut Capped<Vec<u8>>) -> tera::TeraResult<()>,
) -> Result<String, Failure> {
    let mut out = Capped::new(Vec::new());
    match render(&mut out) {
        Ok(()) => Ok(String::from_utf8(out.into_inner())
            .unwrap_or_else(|error| String::from_utf8_lossy(error.as_bytes()).into_owned())),
        Err(error) => Err(match out.exceeded() {
            Some(exceeded) => Failure::TooLong(exceeded),
            None => Failure::Tera(error),
        }),
    }
}

/// The built-in copy of the file named `name` (relative to the templates folder).
fn builtin(name: &str) -> Option<&'static str> {
    BUILTINS
        .iter()
        .find(|(builtin, _)| *builtin == name)
        .map(|(_, text)| *text)
}

/// A template folder's file, read into `buffer`: `same` (the built-in copy) when it says
/// just that, else a text of its own.
fn read_template_into(
    path: &Path,
    buffer: &mut Vec<u8>,
    same: Option<&'static str>,
) -> Result<Text, Error> {
    crate::limited::read_into(path, MAX_TEMPLATE_BYTES, buffer).map_err(|e| Error::io(path, e))?;
    match same {
        Some(text) if text.as_bytes() == buffer.as_slice() => Ok(Cow::Borrowed(text)),
        _ => template_text(path, buffer.clone()).map(Cow::Owned),
    }
}

/// A template file's text; one over [`MAX_TEMPLATE_BYTES`] is refused unread.
fn read_template(path: &Path) -> Result<String, Error> {
    let bytes = crate::limited::read(path, MAX_TEMPLATE_BYTES).map_err(|e| Error::io(path, e))?;
    template_text(path, bytes)
}

/// A template file's bytes as text, or why they are not one.
fn template_text(path: &Path, bytes: Vec<u8>) -> Result<String, Error> {
    if bytes.len() as u64 > MAX_TEMPLATE_BYTES {
        return Err(Error::Template {
            file: path.to_path_buf(),
            report: format!(
                "the file is over {} MiB; a template is a page or two of text",
                MAX_TEMPLATE_BYTES >> 20
            ),
            at: None,
        });
    }
    String::from_utf8(bytes).map_err(|_| Error::Template {
        file: path.to_path_buf(),
        report: "the file is not UTF-8 text; save it as UTF-8".into(),
        at: None,
    })
}

/// Every file under `dir`, sorted, so overrides apply in a stable order.
fn files_under(dir: &Path) -> Result<Vec<PathBuf>, Error> {
    let mut out = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(folder) = pending.pop() {
        for entry in std::fs::read_dir(&folder).map_err(|e| Error::io(&folder, e))? {
            let entry = entry.map_err(|e| Error::io(&folder, e))?;
            let path = entry.path();
            // The listing's own file type saves a look at each file; a link is followed.
            let is_folder = match entry.file_type() {
                Ok(kind) if kind.is_symlink() => path.is_dir(),
                Ok(kind) => kind.is_dir(),
                Err(_) => path.is_dir(),
            };
            if is_folder {
                pending.push(path);
            } else if path
                .extension()
                .is_some_and(|ext| ext == "md" || ext == "yaml")
            {
                out.push(path);
            }
        }
    }
    out.sort();
    Ok(out)
}

pub(crate) fn parse_yaml<T: serde::de::DeserializeOwned>(
    path: &Path,
    text: &str,
) -> Result<T, Error> {
    serde_path_to_error::deserialize(serde_yaml::Deserializer::from_str(text)).map_err(|error| {
        let field = error.path().to_string();
        let inner = error.inner();
        let (line, column) = inner.location().map_or((1, 1), |l| (l.line(), l.column()));
        let mut message = inner.to_string();
        if let Some(cut) = message.rfind(" at line ") {
            message.truncate(cut);
        }
        let field = (field != ".").then_some(field);
        Error::data(Location::new(path, line, column), field, message)
    })
}

/// Rules of the manifest that types cannot express, located in its file.
fn check_manifest(
    path: &Path,
    text: &str,
    manifest: &Manifest,
    exists: &dyn Fn(&str) -> bool,
    languages: &BTreeMap<String, Arc<Strings>>,
) -> Result<(), Error> {
    let positions = PositionsWhenAsked::of(text);
    let mut errors = Vec::new();
    let mut seen = HashSet::new();
    let mut error = |field: String, message: String| {
        let (line, column) = positions.find(&field);
        errors.push(Error::data(
            Location::new(path, line, column),
            Some(field),
            message,
        ));
    };
    for (i, kind) in manifest.kinds.iter().enumerate() {
        let valid_name = !kind.name.is_empty()
            && kind
                .name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if !valid_name {
            error(
                format!("kinds[{i}].name"),
                format!("kind `{}` must use only a-z, 0-9 and `-`", kind.name),
            );
        }
        if !seen.insert(kind.name.clone()) {
            error(
                format!("kinds[{i}].name"),
                format!("kind `{}` is listed twice", kind.name),
            );
        }
        if !exists(&kind.template) {
            error(
                format!("kinds[{i}].template"),
                format!("no template `{}`", kind.template),
            );
        }
        if let Some(footer) = &kind.footer
            && !exists(footer)
        {
            error(
                format!("kinds[{i}].footer"),
                format!("no template `{footer}`"),
            );
        }
        if let Some(code) = &kind.lang
            && !languages.contains_key(code)
        {
            error(
                format!("kinds[{i}].lang"),
                format!(
                    "no strings file `{}/{code}.yaml` for language `{code}` (there are: {})",
                    crate::lang::FOLDER,
                    languages.keys().cloned().collect::<Vec<_>>().join(", ")
                ),
            );
        }
        let own = kind.lang.as_deref().unwrap_or(&manifest.lang);
        for (code, translation) in &kind.translations {
            if language_code(own) == *code {
                error(
                    format!("kinds[{i}].translations.{code}"),
                    format!(
                        "`{code}` is the language kind `{}` is written in: its template is \
                         `{}`, so it needs no translation into it",
                        kind.name, kind.template
                    ),
                );
            }
            if !languages.contains_key(code) {
                error(
                    format!("kinds[{i}].translations.{code}"),
                    format!(
                        "no strings file `{}/{code}.yaml` for language `{code}` (there are: {})",
                        crate::lang::FOLDER,
                        languages.keys().cloned().collect::<Vec<_>>().join(", ")
                    ),
                );
            }
            if !exists(&translation.template) {
                error(
                    format!("kinds[{i}].translations.{code}.template"),
                    format!("no template `{}`", translation.template),
                );
            }
            if let Some(footer) = &translation.footer
                && !exists(footer)
            {
                error(
                    format!("kinds[{i}].translations.{code}.footer"),
                    format!("no template `{footer}`"),
                );
            }
        }
        let date = kind.date();
        let valid_date = !date.is_empty()
            && date
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if !valid_date {
            error(
                format!("kinds[{i}].date"),
                format!(
                    "court date `{date}` must use only a-z, 0-9 and `_`: it is a field of \
                     `dates` in court files"
                ),
            );
        }
    }
    Error::collect(errors)
}

/// A Tera error as a template error naming the file it points into, with the spot in its
/// text when Tera knows it. Reference checks (unknown filters, functions) come as one message
/// holding Tera's formatted reports; those are read back into one error each.
fn template_error(
    files: &BTreeMap<String, PathBuf>,
    texts: &SourceTexts,
    error: tera::Error,
) -> Error {
    let file_of = |name: &str| {
        files
            .get(name)
            .cloned()
            .unwrap_or_else(|| PathBuf::from(BUILTIN_DIR).join(name))
    };
    let (name, at) = match error.kind() {
        tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => {
            let span = report.span();
            let at = texts.get(report.filename()).and_then(|source| {
                spot(
                    report.message(),
                    source,
                    span.start_line,
                    span.start_col + 1,
                    span.range.clone(),
                )
            });
            (report.filename().to_string(), at)
        }
        tera::ErrorKind::Msg(text) if text.contains(" --> ") => {
            let errors: Vec<Error> = reports(text)
                .into_iter()
                .map(|(message, name, line, column, width)| {
                    let at = texts.get(&name).and_then(|source| {
                        let start = offset(source, line, column)?;
                        let end = source[start..]
                            .char_indices()
                            .nth(width)
                            .map_or(source.len(), |(i, _)| start + i);
                        spot(&message, source, line, column, start..end)
                    });
                    Error::Template {
                        file: file_of(&name),
                        report: format!("error: {message}"),
                        at,
                    }
                })
                .collect();
            if !errors.is_empty() {
                return Error::collect(errors).unwrap_err();
            }
            (String::new(), None)
        }
        tera::ErrorKind::CircularInclude { include_chain, .. } => {
            return circle_error(files, texts, "include", include_chain);
        }
        tera::ErrorKind::CircularExtend {
            tpl,
            inheritance_chain,
        } => {
            // Tera's chain starts at the first parent of `tpl`.
            let chain: Vec<String> = [tpl.clone()]
                .into_iter()
                .chain(inheritance_chain.iter().cloned())
                .collect();
            return circle_error(files, texts, "extends", &chain);
        }
        tera::ErrorKind::Msg(text) if text.contains("recursion depth for components") => {
            if let Some((call, names)) = cycles::component_circle(texts) {
                let message = format!(
                    "components call each other without end: {}",
                    names.join(" → ")
                );
                let help = "a component may call itself only under a condition that stops it \
                            (Tera stops at 20 levels)";
                return located(files, texts, &call, message, Some(help.to_string()));
            }
            (String::new(), None)
        }
        tera::ErrorKind::MissingParent { current, .. } => (current.clone(), None),
        tera::ErrorKind::TemplateNotFound(name) => (name.clone(), None),
        _ => (String::new(), None),
    };
    Error::Template {
        file: file_of(&name),
        report: error.to_string(),
        at,
    }
}

/// Templates that include (or extend) each other in a circle, reported at the statement that
/// closes it: `chain` runs from the first template to the one repeated.
fn circle_error(
    files: &BTreeMap<String, PathBuf>,
    texts: &SourceTexts,
    keyword: &str,
    chain: &[String],
) -> Error {
    let verb = keyword.strip_suffix('s').unwrap_or(keyword);
    let message = format!(
        "templates {verb} each other in a circle: {}",
        chain.join(" → ")
    );
    let closing = match chain {
        [.., from, to] => cycles::statement(texts, from, keyword, to),
        _ => None,
    };
    match closing {
        Some(call) => located(files, texts, &call, message, None),
        None => Error::Template {
            file: chain
                .first()
                .and_then(|name| files.get(name).cloned())
                .unwrap_or_else(|| PathBuf::from(BUILTIN_DIR)),
            report: message,
            at: None,
        },
    }
}

/// An error at a call found by [`cycles`], with the template's text to quote.
fn located(
    files: &BTreeMap<String, PathBuf>,
    texts: &SourceTexts,
    call: &cycles::Call,
    message: String,
    help: Option<String>,
) -> Error {
    let file = files
        .get(&call.template)
        .cloned()
        .unwrap_or_else(|| PathBuf::from(BUILTIN_DIR).join(&call.template));
    let at = texts.get(&call.template).map(|source| {
        let before = &source[..call.range.start];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        Box::new(crate::error::TemplateSpot {
            message: message.clone(),
            line,
            column,
            range: call.range.clone(),
            source: source.to_string(),
            help,
        })
    });
    Error::Template {
        file,
        report: message,
        at,
    }
}

/// The place an error points at, checked against the template's text, with a "did you mean"
/// for an undefined variable or field.
fn spot(
    message: &str,
    source: &str,
    line: usize,
    column: usize,
    range: std::ops::Range<usize>,
) -> Option<Box<crate::error::TemplateSpot>> {
    if range.end > source.len()
        || !source.is_char_boundary(range.start)
        || !source.is_char_boundary(range.end)
    {
        return None;
    }
    let mut message = message.to_string();
    let mut help = None;
    for marker in [". Available fields: ", ". Available variables: "] {
        if let Some((first, available)) = message.split_once(marker) {
            let word = first.split('`').nth(1).unwrap_or("");
            let names: Vec<&str> = available.split(", ").map(str::trim).collect();
            help = Some(
                match crate::court::schema::did_you_mean(word, names.iter().copied()) {
                    Some(name) => format!("did you mean `{name}`?"),
                    None => format!("available here: {}", names.join(", ")),
                },
            );
            message = first.to_string();
            break;
        }
    }
    Some(Box::new(crate::error::TemplateSpot {
        message,
        line,
        column,
        range,
        source: source.to_string(),
        help,
    }))
}

/// Byte offset of 1-based `line` and character `column` in `text`.
fn offset(text: &str, line: usize, column: usize) -> Option<usize> {
    let start = if line <= 1 {
        0
    } else {
        text.match_indices('\n').nth(line - 2)?.0 + 1
    };
    let rest = &text[start..];
    let within = rest
        .char_indices()
        .nth(column.saturating_sub(1))
        .map_or(rest.len(), |(i, _)| i);
    Some(start + within)
}

/// Tera's formatted reports read back: (message, template, line, column, marker width).
fn reports(text: &str) -> Vec<(String, String, usize, usize, usize)> {
    let mut out = Vec::new();
    for block in text.split("\n\nerror: ") {
        let block = block.strip_prefix("error: ").unwrap_or(block);
        let mut lines = block.lines();
        let Some(message) = lines.next() else {
            continue;
        };
        let Some(place) = block
            .lines()
            .find_map(|line| line.trim_start().strip_prefix("--> "))
        else {
            continue;
        };
        let mut parts = place.rsplitn(3, ':');
        let (Some(column), Some(line), Some(name)) = (parts.next(), parts.next(), parts.next())
        else {
            continue;
        };
        let (Ok(line), Ok(column)) = (line.parse(), column.parse()) else {
            continue;
        };
        let width = block
            .lines()
            .filter(|line| line.contains('^'))
            .map(|line| line.matches('^').count())
            .next()
            .unwrap_or(1);
        out.push((message.to_string(), name.to_string(), line, column, width));
    }
    out
}

/// Trailing spaces go and runs of blank lines become one, so template tags leave no traces.
fn tidy(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    let mut blank = true;
    for line in markdown.lines() {
        let line = line.trim_end();
        if line.is_empty() {
            if !blank {
                out.push('\n');
            }
            blank = true;
        } else {
            out.push_str(line);
            out.push('\n');
            blank = false;
        }
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests;
