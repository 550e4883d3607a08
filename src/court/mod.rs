//! Court data: one YAML file per court in `courts/`, typed and validated. Every fact a notice
//! states about a court (names, offices, contacts, web addresses, dates) lives here; the wording
//! that states it lives in the templates. Errors name file, line, column and field.

mod check;
pub mod discover;
pub(crate) mod locate;
pub mod schema;
pub mod tree;

use std::path::Path;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Location};
use locate::Positions;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Court {
    /// The file's stem, e.g. `nmd`; not written in the file.
    #[serde(skip_deserializing)]
    pub id: String,
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
    /// The court's public website.
    pub website: String,
    /// Entries of the website's main menu, for the web-page notice.
    #[serde(default)]
    pub site_menu: Vec<String>,
    pub helpdesk: Helpdesk,
    #[serde(default)]
    pub urls: Urls,
    pub go_live: NaiveDate,
    /// The court's IANA time zone, e.g. `America/Denver`: the zone of the outage times, the
    /// go-live countdown and the calendar events. `outage.time_zone` is how notices print it.
    pub time_zone: String,
    /// When the filing system is down for the upgrade.
    #[serde(default)]
    pub outage: Option<Outage>,
    /// Dates of the notices; a missing one follows the kinds manifest's schedule.
    #[serde(default)]
    pub dates: NoticeDates,
    /// "Dear Office Manager,".
    pub salutation: String,
    /// "Sincerely,".
    pub closing: String,
    /// The bankruptcy court runs its own filing system and is not upgrading with this court.
    pub separate_bankruptcy_system: bool,
    /// CJA panel attorneys and other exempt users get their own paragraph.
    pub exempt_users: bool,
    /// Pro se parties may be given permission to file electronically.
    #[serde(default)]
    pub pro_se_filers: bool,
    #[serde(default)]
    pub training: Training,
    #[serde(default)]
    pub presentation: Presentation,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Clerk {
    pub name: String,
    /// Exactly as the court writes it: "Clerk of Court", "District Court Executive/Clerk of Court".
    pub title: String,
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
    /// Local time, e.g. `2020-04-17T15:00:00`.
    pub start: NaiveDateTime,
    pub end: NaiveDateTime,
    /// Printed after the times, e.g. `MT`.
    pub time_zone: String,
}

/// One optional date per kind of notice that carries a date.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NoticeDates {
    #[serde(default)]
    pub letter: Option<NaiveDate>,
    #[serde(default)]
    pub notice: Option<NaiveDate>,
    #[serde(default)]
    pub press_release: Option<NaiveDate>,
    #[serde(default)]
    pub reminder: Option<NaiveDate>,
    #[serde(default)]
    pub web_page: Option<NaiveDate>,
    #[serde(default)]
    pub training_guide: Option<NaiveDate>,
}

impl NoticeDates {
    /// Field names a kinds manifest may refer to.
    pub const NAMES: &'static [&'static str] = &[
        "letter",
        "notice",
        "press_release",
        "reminder",
        "web_page",
        "training_guide",
    ];

    /// The date named `name`: `None` if there is no such field, `Some(None)` if it is unset.
    pub fn get(&self, name: &str) -> Option<Option<NaiveDate>> {
        Some(match name {
            "letter" => self.letter,
            "notice" => self.notice,
            "press_release" => self.press_release,
            "reminder" => self.reminder,
            "web_page" => self.web_page,
            "training_guide" => self.training_guide,
            _ => return None,
        })
    }

    fn all(&self) -> impl Iterator<Item = (&'static str, NaiveDate)> + '_ {
        Self::NAMES
            .iter()
            .filter_map(|name| Some((*name, self.get(name)??)))
    }
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
    pub date: NaiveDate,
    pub start: NaiveTime,
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
    /// The court's time zone; `time_zone` was validated when the file was loaded.
    pub fn tz(&self) -> chrono_tz::Tz {
        self.time_zone.parse().unwrap_or(chrono_tz::UTC)
    }

    /// Reads one court file from untrusted bytes: size, NUL and UTF-8 are checked before
    /// parsing, then [`Court::parse`] runs. `file` names it in errors.
    pub fn parse_bytes(file: &Path, bytes: &[u8]) -> Result<Court, Error> {
        let text = tree::text(bytes).map_err(|problem| problem_error(file, None, problem))?;
        Court::parse(file, text)
    }

    /// Parses and validates one court file's text; `file` names it in errors, and its stem is
    /// the id. Every mistake of the file is reported, not only the first.
    pub fn parse(file: &Path, text: &str) -> Result<Court, Error> {
        let id = file
            .file_stem()
            .map(|stem| stem.to_string_lossy().into_owned())
            .unwrap_or_default();
        let id_error = || {
            check::id(&id)
                .map(|message| Error::data(Location::new(file, 1, 1), None::<String>, message))
        };
        if text.len() > tree::MAX_BYTES {
            return Err(problem_error(
                file,
                None,
                tree::text(text.as_bytes()).expect_err("too long"),
            ));
        }
        // The located tree first: it refuses aliases and deep nesting before serde_yaml (which
        // would expand aliases) sees the text, and it reports syntax errors with a position.
        let root = tree::parse(text).map_err(|problem| {
            let error = problem_error(file, None, problem);
            Error::collect(id_error().into_iter().chain([error]).collect()).unwrap_err()
        })?;
        let deserializer = serde_yaml::Deserializer::from_str(text);
        let mut court: Court = match serde_path_to_error::deserialize(deserializer) {
            Ok(court) => court,
            Err(error) => {
                // serde stops at the first mistake; the schema walk finds them all.
                let mut errors: Vec<Error> = id_error().into_iter().collect();
                let (mut findings, total) = schema::validate(&root);
                let more = total.saturating_sub(MAX_ERRORS_PER_FILE);
                findings.truncate(MAX_ERRORS_PER_FILE);
                if findings.is_empty() {
                    errors.push(yaml_error(file, error));
                } else {
                    errors.extend(findings.into_iter().map(|finding| {
                        let problem = tree::Problem {
                            line: finding.mark.line,
                            column: finding.mark.column,
                            message: finding.message,
                            help: finding.help,
                        };
                        problem_error(file, finding.field, problem)
                    }));
                }
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
                return Err(Error::collect(errors).unwrap_err());
            }
        };
        court.id = id;
        let problems = court.problems();
        if problems.is_empty() {
            return Ok(court);
        }
        let positions = Positions::of(text);
        let mut errors: Vec<(usize, usize, Error)> = problems
            .into_iter()
            .map(|(field, message)| {
                let (line, column) = match field {
                    Some(ref field) => positions.find(field),
                    None => (1, 1),
                };
                let location = Location::new(file, line, column);
                (line, column, Error::data(location, field, message))
            })
            .collect();
        errors.sort_by_key(|(line, column, _)| (*line, *column));
        Error::collect(errors.into_iter().map(|(_, _, error)| error).collect()).map(|()| court)
    }

    /// Every rule the types cannot express, as (dotted field path, message).
    fn problems(&self) -> Vec<(Option<String>, String)> {
        let mut out = Vec::new();
        let mut push = |field: &str, problem: Option<String>| {
            if let Some(message) = problem {
                out.push(((!field.is_empty()).then(|| field.to_string()), message));
            }
        };
        push("", check::id(&self.id));
        push("name", check::line(&self.name));
        push("district", check::line(&self.district));
        for (field, text) in [
            ("abbreviation", &self.abbreviation),
            ("chief_judge", &self.chief_judge),
        ] {
            if let Some(text) = text {
                push(field, check::line(text));
            }
        }
        push("clerk.name", check::line(&self.clerk.name));
        push("clerk.title", check::line(&self.clerk.title));
        let offices = std::iter::once(("courthouse".to_string(), &self.courthouse)).chain(
            self.divisional_offices
                .iter()
                .enumerate()
                .map(|(i, office)| (format!("divisional_offices[{i}]"), office)),
        );
        for (path, office) in offices {
            push(&format!("{path}.street"), check::line(&office.street));
            push(&format!("{path}.city"), check::line(&office.city));
            push(&format!("{path}.state"), check::line(&office.state));
            push(&format!("{path}.zip"), check::zip(&office.zip));
            for (field, text) in [("name", &office.name), ("suite", &office.suite)] {
                if let Some(text) = text {
                    push(&format!("{path}.{field}"), check::line(text));
                }
            }
            for (field, number) in [("phone", &office.phone), ("fax", &office.fax)] {
                if let Some(number) = number {
                    push(&format!("{path}.{field}"), check::phone(number));
                }
            }
        }
        push("website", check::url(&self.website));
        for (i, entry) in self.site_menu.iter().enumerate() {
            push(&format!("site_menu[{i}]"), check::line(entry));
        }
        if let Some(email) = &self.helpdesk.email {
            push("helpdesk.email", check::email(email));
        }
        if self.helpdesk.email.is_none() && self.helpdesk.phone.is_none() {
            push(
                "helpdesk",
                Some("give the helpdesk's `email`, `phone` or both".into()),
            );
        }
        if let Some(phone) = &self.helpdesk.phone {
            push("helpdesk.phone", check::phone(phone));
        }
        if let Some(url) = &self.helpdesk.url {
            push("helpdesk.url", check::url(url));
        }
        for (field, url) in [
            ("urls.nextgen_page", &self.urls.nextgen_page),
            ("urls.ecf_login", &self.urls.ecf_login),
            ("urls.password_reset", &self.urls.password_reset),
            ("urls.account_request", &self.urls.account_request),
            ("urls.contact_update", &self.urls.contact_update),
        ] {
            if let Some(url) = url {
                push(field, check::url(url));
            }
        }
        push("time_zone", check::time_zone(&self.time_zone));
        if let Some(outage) = &self.outage {
            for (field, message) in check::outage(outage.start, outage.end, self.go_live) {
                push(field, Some(message));
            }
            push(
                "outage.time_zone",
                check::outage_time_zone(&outage.time_zone),
            );
        }
        for (name, date) in self.dates.all() {
            push(
                &format!("dates.{name}"),
                check::notice_date(date, self.go_live),
            );
        }
        for (i, session) in self.training.sessions.iter().enumerate() {
            push(
                &format!("training.sessions[{i}].location"),
                check::line(&session.location),
            );
            if session.end <= session.start {
                push(
                    &format!("training.sessions[{i}].end"),
                    Some("a session must end after it starts".into()),
                );
            }
        }
        push("salutation", check::line(&self.salutation));
        push("closing", check::line(&self.closing));
        out
    }
}

/// A located problem of the file as a data error.
fn problem_error(file: &Path, field: Option<String>, problem: tree::Problem) -> Error {
    let error = Error::data(
        Location::new(file, problem.line, problem.column),
        field,
        problem.message,
    );
    match problem.help {
        Some(help) => error.with_help(help),
        None => error,
    }
}

/// Turns a serde_yaml error (syntax, type, unknown or missing field) into a located data error.
fn yaml_error(file: &Path, error: serde_path_to_error::Error<serde_yaml::Error>) -> Error {
    let path = error.path().to_string();
    let inner = error.inner();
    let (line, column) = inner
        .location()
        .map(|location| (location.line(), location.column()))
        .unwrap_or((1, 1));
    let mut message = inner.to_string();
    if let Some(cut) = message.rfind(" at line ") {
        message.truncate(cut);
    }
    // serde_yaml prefixes the path it knows ("helpdesk.email: "); the field is reported apart.
    if let Some((prefix, rest)) = message.split_once(": ")
        && !prefix.contains(' ')
        && prefix != "invalid"
    {
        message = rest.to_string();
    }
    let field = (path != "." && !path.is_empty()).then_some(path);
    // "unknown field `emial`, expected one of `email`, `phone`, `url`": a hint for the typo.
    let mut help = None;
    if let Some((unknown, expected)) = message.split_once(", expected one of ") {
        let word = unknown.rsplit('`').nth(1).unwrap_or("");
        let names: Vec<&str> = expected.split(", ").map(|n| n.trim_matches('`')).collect();
        help = Some(match schema::did_you_mean(word, names.iter().copied()) {
            Some(name) => format!("did you mean `{name}`?"),
            None => format!("expected one of {expected}"),
        });
        message = unknown.to_string();
    }
    let error = Error::data(Location::new(file, line, column), field, message);
    match help {
        Some(help) => error.with_help(help),
        None => error,
    }
}

/// Loads and validates every court file in `dir` (see [`discover`]), sorted by id; reports
/// all errors.
pub fn load_courts(dir: &Path) -> Result<Vec<Court>, Error> {
    load_folder(dir).map(|loaded| loaded.courts)
}

/// The courts of a folder, and warnings about files in it that were not read.
#[derive(Debug)]
pub struct Loaded {
    pub courts: Vec<Court>,
    pub warnings: Vec<String>,
}

/// [`load_courts`], also returning warnings about files skipped (`flsd.yaml.txt`).
pub fn load_folder(dir: &Path) -> Result<Loaded, Error> {
    let found = discover::court_files(dir)?;
    let mut courts = Vec::new();
    let mut errors = Vec::new();
    for file in found.files {
        let result = read_limited(&file).and_then(|bytes| Court::parse_bytes(&file, &bytes));
        match result {
            Ok(court) => courts.push(court),
            Err(Error::Many(many)) => errors.extend(many),
            Err(error) => errors.push(error),
        }
    }
    courts.sort_by(|a, b| a.id.cmp(&b.id));
    Error::collect(errors).map(|()| Loaded {
        courts,
        warnings: found.warnings,
    })
}

/// Reads at most one byte more than the size limit, so a huge file costs no memory.
fn read_limited(file: &Path) -> Result<Vec<u8>, Error> {
    use std::io::Read;
    let handle = std::fs::File::open(file).map_err(|error| Error::io(file, error))?;
    let mut bytes = Vec::new();
    handle
        .take(tree::MAX_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|error| Error::io(file, error))?;
    Ok(bytes)
}

#[cfg(test)]
mod tests;
