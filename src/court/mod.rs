//! Court data: one YAML file per court in `courts/`, typed and validated. Every fact a notice
//! states about a court (names, offices, contacts, web addresses, dates) lives here; the wording
//! that states it lives in the templates. Errors name file, line, column and field.

mod check;
pub mod discover;
mod images;
pub(crate) mod locate;
pub mod schema;
mod source;
pub mod starter;
pub mod tree;
mod warnings;
pub mod written;

use std::collections::BTreeMap;
use std::path::Path;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Location};
pub use images::MAX_IMAGE_BYTES;
use locate::Positions;
pub use schema::CourtSchema;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Court {
    /// The file's stem, e.g. `nmd`; not written in the file.
    #[serde(skip_deserializing)]
    pub id: String,
    /// Which court of the judiciary this is: a district court (left out), a bankruptcy court
    /// or a court of appeals. Templates name a court that is not a district court in full,
    /// so that its district never reads as the district court.
    #[serde(rename = "type", default)]
    pub court_type: CourtType,
    /// "United States District Court".
    pub name: String,
    /// "District of New Mexico".
    pub district: String,
    /// The court's own short name where its documents use one, e.g. "DNM".
    #[serde(default)]
    pub abbreviation: Option<String>,
    #[serde(default)]
    pub chief_judge: Option<String>,
    pub clerk: Clerk,
    pub courthouse: Office,
    #[serde(default)]
    pub divisional_offices: Vec<Office>,
    /// The court's seal, a PNG or JPEG image in the court's folder (`seal.png` for
    /// `courts/<id>/seal.png`), printed in the letterhead.
    #[serde(default)]
    pub seal: Option<String>,
    /// The court's public website.
    pub website: String,
    /// Entries of the website's main menu, for the web-page notice: each a label
    /// (`Jurors`) or a label with the page it opens (`{label: Jurors, url: https://…}`).
    #[serde(default)]
    pub site_menu: Vec<MenuEntry>,
    pub helpdesk: Helpdesk,
    /// More of the court's contacts, each labelled ("Toll-free helpdesk", "Las Cruces
    /// division", "Emergency filings"), listed after the helpdesk.
    #[serde(default)]
    pub contacts: Vec<Contact>,
    #[serde(default)]
    pub urls: Urls,
    /// The day the court starts on the new system, e.g. `2020-04-20`. Every date of a court
    /// file falls in the years 1990 to 2100.
    pub go_live: NaiveDate,
    /// The court's IANA time zone, e.g. `America/Denver`: the zone of the outage times, the
    /// go-live countdown and the calendar events. `outage.time_zone` is how notices print it.
    pub time_zone: String,
    /// When the filing system is down for the upgrade.
    #[serde(default)]
    pub outage: Option<Outage>,
    /// Dates of the notices, by the date names the kinds manifest gives its kinds
    /// (`letter: 2020-02-20`); a notice whose date is left out follows the manifest's schedule.
    #[serde(default)]
    pub dates: BTreeMap<String, Option<NaiveDate>>,
    /// The languages the court publishes its notices in, by the codes of the templates'
    /// strings files (`[en, es]`). The first keeps the plain file names (`letter.md`), each
    /// other is written beside it (`press-release.es.md`); a kind the templates do not have
    /// in a language is not written in it. Left out: the templates' own language.
    #[serde(default)]
    pub languages: Vec<String>,
    /// The one language of a court that publishes in one: `lang: es` is `languages: [es]`.
    #[serde(default)]
    pub lang: Option<String>,
    /// The court's names as notices in another language print them, by code (`es:` with
    /// `name: Tribunal de Distrito de los Estados Unidos`); a name left out stays as above.
    #[serde(default)]
    pub names: BTreeMap<String, Names>,
    /// "Dear Office Manager,".
    pub salutation: String,
    /// "Sincerely,".
    pub closing: String,
    /// The older spelling of `sibling: {separate: true}` at a district court: its bankruptcy
    /// court runs its own filing system.
    #[serde(default)]
    pub separate_bankruptcy_system: bool,
    /// The court's sibling: a district court's bankruptcy court, a bankruptcy court's district
    /// court. Whether it runs its own filing system and when it goes live on NextGen.
    #[serde(default)]
    pub sibling: Sibling,
    /// CJA panel attorneys and other exempt users get their own paragraph.
    pub exempt_users: bool,
    /// Pro se parties may be given permission to file electronically; the same as `pro_se`
    /// in `filers`, which it adds.
    #[serde(default)]
    pub pro_se_filers: bool,
    /// Who files at the court, in the order the notices name them: `[attorneys, trustees,
    /// filing_agents, limited_use]`. Left out: attorneys at a district court or court of
    /// appeals, and at a bankruptcy court also trustees, filing agents and limited-use filers.
    #[serde(default)]
    pub filers: Vec<Filer>,
    #[serde(default)]
    pub training: Training,
    #[serde(default)]
    pub presentation: Presentation,
}

/// The courts of the rollout, by the filing system each runs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum CourtType {
    #[default]
    District,
    Bankruptcy,
    Appeals,
}

/// Those who file at a court, each named by the notices that speak to them: attorneys, case
/// trustees and the U.S. Trustee, creditors' agents who file claims, limited-use filers
/// (creditors filing claims or notices), other non-attorney filers, pro se parties with
/// permission to file electronically, and Criminal Justice Act panel attorneys. (Plain
/// comments, not doc comments, on the values: the schema keeps them a plain list of names.)
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Filer {
    Attorneys,
    Trustees,
    FilingAgents,
    LimitedUse,
    NonAttorney,
    ProSe,
    CjaPanel,
}

impl CourtType {
    /// Who files at a court of this type when its file does not say.
    fn usual_filers(self) -> Vec<Filer> {
        match self {
            CourtType::District | CourtType::Appeals => vec![Filer::Attorneys],
            CourtType::Bankruptcy => vec![
                Filer::Attorneys,
                Filer::Trustees,
                Filer::FilingAgents,
                Filer::LimitedUse,
            ],
        }
    }
}

/// The other court of the same district: its filing system and its own upgrade.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Sibling {
    /// The sibling court runs its own filing system, with accounts of its own.
    pub separate: bool,
    /// The day the sibling court goes (or went) live on NextGen, e.g. `2019-08-26`; left
    /// out when it is not known.
    #[serde(default)]
    pub go_live: Option<NaiveDate>,
    /// When the sibling upgrades, beside this court's go-live: set when the file is loaded.
    #[serde(skip_deserializing)]
    pub upgrade: SiblingUpgrade,
}

/// The sibling court's upgrade beside this court's go-live.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum SiblingUpgrade {
    /// The file gives no date.
    #[default]
    Unknown,
    Earlier,
    Same,
    Later,
}

/// A court's names in one more language.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Names {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub district: Option<String>,
    /// The clerk's title: "Secretaria del Tribunal".
    #[serde(default)]
    pub clerk_title: Option<String>,
    #[serde(default)]
    pub salutation: Option<String>,
    #[serde(default)]
    pub closing: Option<String>,
}

impl Court {
    /// The court as notices in language `code` state it: its names in that language where
    /// the file gives them.
    pub fn in_language(&self, code: &str) -> Court {
        let mut court = self.clone();
        if let Some(names) = self.names.get(code) {
            let replace = |field: &mut String, name: &Option<String>| {
                if let Some(name) = name {
                    field.clone_from(name);
                }
            };
            replace(&mut court.name, &names.name);
            replace(&mut court.district, &names.district);
            replace(&mut court.clerk.title, &names.clerk_title);
            replace(&mut court.salutation, &names.salutation);
            replace(&mut court.closing, &names.closing);
        }
        court
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Clerk {
    pub name: String,
    /// Exactly as the court writes it: "Clerk of Court", "District Court Executive/Clerk of Court".
    pub title: String,
    /// How letters are signed in the room left between the closing and the clerk's name: a
    /// PNG or JPEG image in the court's folder (`signature.png` for `courts/<id>/signature.png`),
    /// or `/s/` for the electronic form ("/s/ Jane Roe"). Left out: the room stays blank, to
    /// sign by hand.
    #[serde(default)]
    pub signature: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Office {
    #[serde(default)]
    pub name: Option<String>,
    pub street: String,
    #[serde(default)]
    pub suite: Option<String>,
    pub city: String,
    /// As the court writes it on this office's address: "New Mexico" or "NM".
    pub state: String,
    pub zip: String,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub fax: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Helpdesk {
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
    /// The helpdesk's web page, if the court has one.
    #[serde(default)]
    pub url: Option<String>,
}

/// One labelled contact: an e-mail address, a phone number, a web page, or several of them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    /// What the contact is for, as the notices print it: "Emergency filings".
    pub label: String,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
}

/// One entry of the website's menu. Written as a label alone or as a label and its page;
/// templates always see both fields (`url` null when the file gives none), so they need
/// not tell the two forms apart.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(from = "MenuEntryForm")]
pub struct MenuEntry {
    pub label: String,
    pub url: Option<String>,
}

/// The two ways a court file may write a menu entry.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(untagged)]
enum MenuEntryForm {
    /// The entry's label alone: `Jurors`.
    Label(String),
    /// The label and the page the entry opens.
    Link(MenuLink),
}

#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct MenuLink {
    /// The entry's name, as the menu shows it: "Jurors".
    label: String,
    /// The page it opens: `https://www.nmd.uscourts.gov/jurors`.
    #[serde(default)]
    url: Option<String>,
}

impl From<MenuEntryForm> for MenuEntry {
    fn from(form: MenuEntryForm) -> Self {
        match form {
            MenuEntryForm::Label(label) => MenuEntry { label, url: None },
            MenuEntryForm::Link(MenuLink { label, url }) => MenuEntry { label, url },
        }
    }
}

impl JsonSchema for MenuEntry {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "MenuEntry".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        MenuEntryForm::json_schema(generator)
    }
}

/// The court's web addresses that notices send readers to.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Urls {
    /// The court's page about the upgrade.
    #[serde(default)]
    pub nextgen_page: Option<String>,
    /// The filing system's login page.
    #[serde(default)]
    pub ecf_login: Option<String>,
    #[serde(default)]
    pub password_reset: Option<String>,
    /// Where to request a filing account.
    #[serde(default)]
    pub account_request: Option<String>,
    /// Instructions for keeping one's contact information current.
    #[serde(default)]
    pub contact_update: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Outage {
    /// Local time in the court's `time_zone`, e.g. `2020-04-17T15:00:00`: a time that exists
    /// once that day (not skipped or repeated by a change of clocks).
    pub start: NaiveDateTime,
    /// Local time, e.g. `2020-04-20T08:00:00`, on or before go-live.
    pub end: NaiveDateTime,
    /// Printed after the times, e.g. `MT`: the court's zone on the outage's dates (`MT`, or
    /// `MDT` in summer and `MST` in winter for `America/Denver`).
    pub time_zone: String,
    /// How an emergency is filed while the filing system is down.
    #[serde(default)]
    pub emergency_filing: Option<EmergencyFiling>,
    /// The administrative order that governs filing during the outage.
    #[serde(default)]
    pub order: Option<AdministrativeOrder>,
}

/// The ways to file an emergency during the outage: at least one is given.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EmergencyFiling {
    /// The address emergency filings are e-mailed to.
    #[serde(default)]
    pub email: Option<String>,
    /// The number to call before filing an emergency.
    #[serde(default)]
    pub phone: Option<String>,
    /// Emergencies may be filed on paper at the clerk's office.
    #[serde(default)]
    pub paper: bool,
}

/// An administrative order, e.g. number `21-03` and its page on the court's website.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AdministrativeOrder {
    /// As the court numbers it: `21-03`, `2021-7`.
    pub number: String,
    #[serde(default)]
    pub url: Option<String>,
}

/// Training the court offers its filers.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Training {
    /// The court has announced training, whether or not sessions are scheduled yet.
    #[serde(default)]
    pub planned: bool,
    #[serde(default)]
    pub sessions: Vec<TrainingSession>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TrainingSession {
    /// e.g. `2020-04-01`.
    pub date: NaiveDate,
    /// Local time on a 24-hour clock, e.g. `09:30:00`.
    pub start: NaiveTime,
    /// Local time, after `start`, e.g. `11:00:00`.
    pub end: NaiveTime,
    pub location: String,
}

/// Choices a court's documents make about layout, not wording.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Presentation {
    /// Steps as a numbered list (`numbered`) or bullets (`bulleted`).
    #[serde(default)]
    pub steps: StepStyle,
    /// Write days with two digits: "March 02, 2020".
    #[serde(default)]
    pub pad_day: bool,
    /// One style for every phone number the court's notices print: `dashes` (505-348-2075)
    /// or `parens` ((505) 348-2075). Left out, the style most of the court's own numbers are
    /// typed in.
    #[serde(default)]
    pub phone: Option<PhoneStyle>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum PhoneStyle {
    Dashes,
    Parens,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum StepStyle {
    #[default]
    Numbered,
    Bulleted,
}

/// A file with more mistakes than this is probably not a court file; the rest are counted.
const MAX_ERRORS_PER_FILE: usize = 50;

impl Court {
    /// Settles who files at the court: the usual filers of its type when `filers` is left
    /// out, and pro se parties in both `filers` and `pro_se_filers` when either names them,
    /// so that templates may ask either.
    fn settle_filers(&mut self) {
        if self.filers.is_empty() {
            self.filers = self.court_type.usual_filers();
        }
        let mut seen = Vec::new();
        self.filers.retain(|filer| {
            let first = !seen.contains(filer);
            seen.push(*filer);
            first
        });
        if self.pro_se_filers && !self.filers.contains(&Filer::ProSe) {
            self.filers.push(Filer::ProSe);
        }
        self.pro_se_filers = self.filers.contains(&Filer::ProSe);
    }

    /// Settles the sibling court: the older `separate_bankruptcy_system` as `sibling`, and
    /// when the sibling upgrades beside this court's go-live.
    fn settle_sibling(&mut self) {
        if self.separate_bankruptcy_system {
            self.sibling.separate = true;
        }
        self.sibling.upgrade = match self.sibling.go_live {
            None => SiblingUpgrade::Unknown,
            Some(date) => match date.cmp(&self.go_live) {
                std::cmp::Ordering::Less => SiblingUpgrade::Earlier,
                std::cmp::Ordering::Equal => SiblingUpgrade::Same,
                std::cmp::Ordering::Greater => SiblingUpgrade::Later,
            },
        };
    }

    /// Settles the one style every phone number of the court's notices prints in: its
    /// `presentation.phone`, else the style most of its own numbers are typed in ("(505)
    /// 348-2000" with parentheses, any other as dashes; on a tie the first typed), else dashes.
    /// Numbers typed in several styles then never print side by side in two.
    fn settle_phone_style(&mut self) {
        if self.presentation.phone.is_some() {
            return;
        }
        let typed = self.phone_numbers();
        let parens = typed.iter().filter(|number| number.contains('(')).count();
        let dashes = typed.len() - parens;
        let first_parens = typed.first().is_some_and(|number| number.contains('('));
        self.presentation.phone = Some(match parens.cmp(&dashes) {
            std::cmp::Ordering::Greater => PhoneStyle::Parens,
            std::cmp::Ordering::Equal if first_parens => PhoneStyle::Parens,
            _ => PhoneStyle::Dashes,
        });
    }

    /// Every phone number the court file gives, in the file's order of fields.
    pub fn phone_numbers(&self) -> Vec<&str> {
        let offices = std::iter::once(&self.courthouse).chain(&self.divisional_offices);
        let mut numbers: Vec<&str> = Vec::new();
        for office in offices {
            numbers.extend(office.phone.as_deref());
            numbers.extend(office.fax.as_deref());
        }
        numbers.extend(self.helpdesk.phone.as_deref());
        numbers.extend(self.contacts.iter().filter_map(|c| c.phone.as_deref()));
        if let Some(outage) = &self.outage {
            numbers.extend(
                outage
                    .emergency_filing
                    .as_ref()
                    .and_then(|e| e.phone.as_deref()),
            );
        }
        numbers
    }

    /// The court's date named `name` in `dates`, when it gives one.
    pub fn date(&self, name: &str) -> Option<NaiveDate> {
        self.dates.get(name).copied().flatten()
    }

    /// The court's time zone; `time_zone` was validated when the file was loaded.
    pub fn tz(&self) -> crate::calendar::Zone {
        crate::calendar::Zone::named(&self.time_zone).unwrap_or_else(crate::calendar::Zone::utc)
    }

    /// Reads one court file from untrusted bytes: size, NUL, UTF-8 and unprintable characters
    /// are checked before parsing, then [`Court::parse`] runs. `file` names it in errors;
    /// `schema` knows the court dates of the kinds manifest in use.
    pub fn parse_bytes(file: &Path, bytes: &[u8], schema: &CourtSchema) -> Result<Court, Error> {
        let text = tree::text(bytes).map_err(|problem| problem_error(file, None, problem))?;
        Court::parse_text(file, text, schema)
    }

    /// Parses and validates one court file's text; `file` names it in errors, and its stem is
    /// the id. Every mistake of the file is reported, not only the first.
    pub fn parse(file: &Path, text: &str, schema: &CourtSchema) -> Result<Court, Error> {
        Court::parse_bytes(file, text.as_bytes(), schema)
    }

    /// The text has passed [`tree::text`]. The located tree is built first: it refuses aliases
    /// and deep nesting, and it is the only reading of the file: the walk checks it, and the
    /// typed court is deserialised from it, so two YAML parsers can never disagree about
    /// what the file says.
    fn parse_text(file: &Path, text: &str, schema: &CourtSchema) -> Result<Court, Error> {
        let id = file
            .file_stem()
            .map(|stem| stem.to_string_lossy().into_owned())
            .unwrap_or_default();
        let mut errors: Vec<Error> = check::id(&id)
            .map(|message| Error::data(Location::new(file, 1, 1), None::<String>, message))
            .into_iter()
            .collect();
        let root = match tree::parse(text) {
            Ok(root) => root,
            Err(problem) => {
                errors.push(problem_error(file, None, problem));
                return Err(Error::collect(errors).unwrap_err());
            }
        };
        let (mut findings, mut total) = schema::validate(&source::Source::new(text), &root, schema);
        // The images a court names are checked once its file is otherwise readable, so a
        // file's own mistakes come first and a missing image is reported beside them.
        let folder = file.parent().map(|dir| dir.join(&id));
        for finding in images::check(folder.as_deref(), &id, &root) {
            total += 1;
            findings.push(finding);
        }
        findings.sort_by_key(|finding| (finding.spot.line, finding.spot.column));
        let more = total.saturating_sub(MAX_ERRORS_PER_FILE);
        findings.truncate(MAX_ERRORS_PER_FILE);
        errors.extend(findings.into_iter().map(|finding| {
            let problem = tree::Problem {
                line: finding.spot.line,
                column: finding.spot.column,
                length: finding.spot.length,
                message: finding.message,
                help: finding.help,
            };
            problem_error(file, finding.field, problem)
        }));
        if more > 0 {
            errors.push(
                Error::data(
                    Location::new(file, 1, 1),
                    None::<String>,
                    format!("{more} more mistakes in this file are not shown"),
                )
                .with_help("is this a court file? fix the mistakes above and check again"),
            );
        }
        if total == 0 {
            match serde_path_to_error::deserialize::<_, Court>(tree::to_value(&root)) {
                Ok(mut court) if errors.is_empty() => {
                    court.id = id;
                    court.settle_filers();
                    court.settle_sibling();
                    court.settle_phone_style();
                    return Ok(court);
                }
                Ok(_) => {}
                // The walk knows every rule the types do; this is a net under it.
                Err(error) => errors.push(value_error(file, text, error)),
            }
        }
        Err(Error::collect(errors).unwrap_err())
    }
}

/// A located problem of the file as a data error.
fn problem_error(file: &Path, field: Option<String>, problem: tree::Problem) -> Error {
    let location = Location::new(file, problem.line, problem.column).covering(problem.length);
    let error = Error::data(location, field, problem.message);
    match problem.help {
        Some(help) => error.with_help(help),
        None => error,
    }
}

/// A value the types refuse, located at its field.
fn value_error(
    file: &Path,
    text: &str,
    error: serde_path_to_error::Error<serde_json::Error>,
) -> Error {
    let path = error.path().to_string();
    let field = (path != "." && !path.is_empty()).then_some(path);
    let (line, column) = match &field {
        Some(field) => Positions::of(text).find(field),
        None => (1, 1),
    };
    Error::data(
        Location::new(file, line, column),
        field,
        error.inner().to_string(),
    )
}

/// Loads and validates every court file in `dir` (see [`discover`]) against `schema`, sorted
/// by id; reports all errors.
pub fn load_courts(dir: &Path, schema: &CourtSchema) -> Result<Vec<Court>, Error> {
    load_folder(dir, schema, &[]).map(|loaded| loaded.courts)
}

/// The courts of a folder, and warnings about files in it that were not read.
#[derive(Debug)]
pub struct Loaded {
    pub courts: Vec<Court>,
    /// The id of every court file in the folder, read or not, in id order.
    pub ids: Vec<String>,
    pub warnings: Vec<String>,
    /// Data that is valid but looks like a typo, located in its file (see `warnings`), by
    /// the id of the court whose file it is.
    pub data_warnings: Vec<(String, Error)>,
}

/// [`load_courts`] of the courts whose ids are in `only` (all when it is empty), also returning
/// warnings about files skipped (`flsd.yaml.txt`). A court not asked for is not read, so a
/// mistake in its file does not stop the others' notices: each file is its own court.
pub fn load_folder(dir: &Path, schema: &CourtSchema, only: &[String]) -> Result<Loaded, Error> {
    let mut found = discover::court_files(dir)?;
    let ids: Vec<String> = found
        .files
        .iter()
        .map(|file| discover::stem(file))
        .collect();
    if !only.is_empty() {
        found
            .files
            .retain(|file| only.contains(&discover::stem(file)));
    }
    let mut courts = Vec::new();
    let mut errors = Vec::new();
    let mut data_warnings = Vec::new();
    // Each file alone, on all cores; results in the files' order.
    let read = crate::parallel::map_in_order(&found.files, |file| {
        let bytes = read_limited(file)?;
        let court = Court::parse_bytes(file, &bytes, schema)?;
        let text = String::from_utf8_lossy(&bytes);
        let text = text.strip_prefix(tree::BOM).unwrap_or(&text);
        let warnings = warnings::of(&court, file, text);
        Ok((court, warnings))
    });
    for result in read {
        match result {
            Ok((court, warnings)) => {
                let id = &court.id;
                data_warnings.extend(warnings.into_iter().map(|warning| (id.clone(), warning)));
                courts.push(court);
            }
            Err(Error::Many(many)) => errors.extend(many),
            Err(error) => errors.push(error),
        }
    }
    courts.sort_by(|a, b| a.id.cmp(&b.id));
    // Stable: each court's warnings stay in file order.
    data_warnings.sort_by(|a, b| a.0.cmp(&b.0));
    Error::collect(errors).map(|()| Loaded {
        courts,
        ids,
        warnings: found.warnings,
        data_warnings,
    })
}

/// Reads at most one byte more than the size limit, so a huge file costs no memory.
fn read_limited(file: &Path) -> Result<Vec<u8>, Error> {
    crate::limited::read(file, tree::MAX_BYTES as u64).map_err(|error| Error::io(file, error))
}

#[cfg(test)]
mod tests;
