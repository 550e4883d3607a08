//! Every failure noticegen reports to a person. Data errors carry the file, line, column and
//! field so a clerk editing YAML by hand can go straight to the mistake.

use std::fmt;
use std::path::{Path, PathBuf};

/// A position in an input file, 1-based as editors show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub file: PathBuf,
    pub line: usize,
    pub column: usize,
    /// How many characters the mistake covers, when it is one character (or escape) inside a
    /// value rather than the whole key or value starting at the column. (Four bytes: every
    /// error carries a location, and errors travel in every `Result`.)
    pub length: Option<std::num::NonZeroU32>,
}

impl Location {
    pub fn new(file: impl Into<PathBuf>, line: usize, column: usize) -> Self {
        Location {
            file: file.into(),
            line,
            column,
            length: None,
        }
    }

    /// The same place, marking `length` characters rather than the token there.
    pub fn covering(mut self, length: Option<usize>) -> Self {
        self.length = length
            .and_then(|length| u32::try_from(length).ok())
            .and_then(std::num::NonZeroU32::new);
        self
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file.display(), self.line, self.column)
    }
}

/// The place in a template an error points at, with the template's text to quote from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateSpot {
    /// Tera's message without the snippet, e.g. "Variable `nme` is not defined".
    pub message: String,
    pub line: usize,
    /// 1-based.
    pub column: usize,
    /// Byte range in `source`.
    pub range: std::ops::Range<usize>,
    pub source: String,
    /// What to do about it, e.g. "did you mean `name`?".
    pub help: Option<String>,
}

#[derive(Debug)]
pub enum Error {
    /// A court or shared data file is malformed or fails validation.
    Data {
        location: Location,
        /// Dotted path of the offending field, e.g. `helpdesk.email`.
        field: Option<String>,
        message: String,
        /// What to do about it, e.g. "did you mean `go_live`?".
        help: Option<String>,
    },
    /// A template failed to parse or render; `report` already names file, line and column.
    Template {
        file: PathBuf,
        report: String,
        /// Where in the template, when Tera knows: shown as a source snippet.
        at: Option<Box<TemplateSpot>>,
    },
    /// Reading or writing a file failed.
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// The command line asked for something that does not exist (an unknown court or kind), or
    /// for something that cannot be done as asked (a folder that is not one, a bad option).
    Usage(String),
    /// The SMTP relay could not be reached or stopped answering: nothing wrong with the command
    /// line or the data, and the run can be started again.
    Relay(String),
    /// A message file of a mailing cannot be sent as it is (edited by hand, or not one
    /// noticegen wrote).
    Message { path: PathBuf, problem: String },
    /// A notice holds characters (grapheme clusters) that none of the PDF's fonts can
    /// draw. The renderer knows only the notice; a caller that knows where its text came
    /// from turns this into an error at that place (`crate::unprintable`).
    Unprintable(Vec<String>),
    /// Several independent errors found in one run; all are reported.
    Many(Vec<Error>),
}

impl Error {
    pub fn io(path: &Path, source: std::io::Error) -> Self {
        Error::Io {
            path: path.to_path_buf(),
            source,
        }
    }

    pub fn data(
        location: Location,
        field: Option<impl Into<String>>,
        message: impl Into<String>,
    ) -> Self {
        Error::Data {
            location,
            field: field.map(Into::into),
            message: message.into(),
            help: None,
        }
    }

    /// Adds a hint to a data error; other errors are returned unchanged.
    pub fn with_help(mut self, hint: impl Into<String>) -> Self {
        if let Error::Data { help, .. } = &mut self {
            *help = Some(hint.into());
        }
        self
    }

    /// The single errors this one holds, in order.
    pub fn leaves(&self) -> Vec<&Error> {
        match self {
            Error::Many(errors) => errors.iter().flat_map(Error::leaves).collect(),
            error => vec![error],
        }
    }

    /// Folds a list of errors into one, or `Ok` when there are none.
    pub fn collect(mut errors: Vec<Error>) -> Result<(), Error> {
        match errors.len() {
            0 => Ok(()),
            1 => Err(errors.remove(0)),
            _ => Err(Error::Many(errors)),
        }
    }

    /// Like [`Error::collect`], but one mistake met by many jobs (a template error hit by every
    /// court) is reported once.
    pub fn collect_distinct(errors: Vec<Error>) -> Result<(), Error> {
        let mut seen = std::collections::HashSet::new();
        let distinct = errors
            .into_iter()
            .filter(|error| seen.insert(error.to_string()))
            .collect();
        Error::collect(distinct)
    }

    /// The process exit code a CLI should use: 2 for usage errors (also several at once), 1
    /// for everything else.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Usage(_) => 2,
            Error::Many(errors) if errors.iter().all(|error| error.exit_code() == 2) => 2,
            _ => 1,
        }
    }

    /// How many separate problems this error reports.
    pub fn count(&self) -> usize {
        match self {
            Error::Many(errors) => errors.iter().map(Error::count).sum(),
            _ => 1,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Data {
                location,
                field: Some(field),
                message,
                ..
            } => write!(f, "{location}: field `{field}`: {message}"),
            Error::Data {
                location,
                field: None,
                message,
                ..
            } => write!(f, "{location}: {message}"),
            Error::Template {
                file, at: Some(at), ..
            } => write!(
                f,
                "template {}:{}:{}: {}",
                file.display(),
                at.line,
                at.column,
                at.message
            ),
            Error::Template { file, report, .. } => {
                // Tera's own report starts with "error: "; ours already says it.
                let report = report.strip_prefix("error: ").unwrap_or(report);
                write!(f, "template {}: {report}", file.display())
            }
            Error::Io { path, source } => write!(f, "{}: {source}", path.display()),
            Error::Usage(message) | Error::Relay(message) => f.write_str(message),
            Error::Message { path, problem } => write!(f, "{}: {problem}", path.display()),
            Error::Unprintable(clusters) => f.write_str(&crate::unprintable::problem(clusters)),
            Error::Many(errors) => {
                for (i, error) in errors.iter().enumerate() {
                    if i > 0 {
                        writeln!(f)?;
                    }
                    write!(f, "{error}")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_error_names_file_line_column_and_field() {
        let error = Error::data(
            Location::new("courts/nmd.yaml", 12, 3),
            Some("helpdesk.email"),
            "not an e-mail address",
        );
        assert_eq!(
            error.to_string(),
            "courts/nmd.yaml:12:3: field `helpdesk.email`: not an e-mail address"
        );
        assert_eq!(error.exit_code(), 1);
    }

    #[test]
    fn only_usage_errors_exit_2() {
        assert_eq!(Error::Usage("--rate 0".into()).exit_code(), 2);
        assert_eq!(Error::Relay("connection refused".into()).exit_code(), 1);
        let message = Error::Message {
            path: "a.eml".into(),
            problem: "no recipient".into(),
        };
        assert_eq!(message.exit_code(), 1);
        assert_eq!(message.to_string(), "a.eml: no recipient");
    }

    #[test]
    fn collect_keeps_every_error() {
        let errors = vec![Error::Usage("a".into()), Error::Usage("b".into())];
        let folded = Error::collect(errors).unwrap_err();
        assert_eq!(folded.count(), 2);
        assert_eq!(folded.to_string(), "a\nb");
        assert_eq!(folded.exit_code(), 2, "usage errors only");
        let mixed = Error::collect(vec![
            Error::Usage("a".into()),
            Error::io(Path::new("x"), std::io::ErrorKind::NotFound.into()),
        ]);
        assert_eq!(mixed.unwrap_err().exit_code(), 1);
        assert!(Error::collect(Vec::new()).is_ok());
    }

    #[test]
    fn the_same_error_from_many_jobs_is_reported_once() {
        let same = || Error::Template {
            file: "letter.md".into(),
            report: "error: Field `nme` is not defined".into(),
            at: None,
        };
        let folded = Error::collect_distinct(vec![same(), same(), same()]).unwrap_err();
        assert_eq!(folded.count(), 1);
        assert_eq!(
            folded.to_string(),
            "template letter.md: Field `nme` is not defined"
        );
    }
}
