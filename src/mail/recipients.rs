//! The list of recipients: a UTF-8 CSV file with a header row, read one row at a time so a
//! list of any length costs the memory of one row. Rows are numbered as a spreadsheet shows
//! them (see [`crate::csv_rows`]). Each row is checked (its form: quotes closed, UTF-8, the
//! header's number of fields; its text: see [`super::field_text`]; name present, postal
//! address complete, ZIP and e-mail well formed; not a repeat of an earlier row); a bad row
//! comes back as a [`Rejection`] naming its row and column, and reading goes on with the next.
//! A row whose fields are all empty (as spreadsheets save rows that were only formatted) is
//! no one and is passed over like a blank line.

use std::collections::{BTreeMap, HashMap};
use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::count;
use super::field_text::{self, BadKind};
use crate::csv_rows::{CsvRows, Record, Trouble};
use crate::error::{Error, Location};

/// Columns every list must have, in the order the README documents them.
pub const REQUIRED: [&str; 8] = [
    "name", "firm", "address1", "address2", "city", "state", "zip", "email",
];
/// Columns a list may have.
pub const OPTIONAL: [&str; 2] = ["prefix", "salutation"];

/// One reader of a notice, as templates see it (`recipient.*`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Recipient {
    /// Row in the file, the header being row 1 (as a spreadsheet numbers it).
    #[serde(skip)]
    pub row: usize,
    /// Stable file-name stem: the name in lowercase ASCII and a hash of name, street,
    /// ZIP and e-mail, so the same person gets the same files whatever the row order.
    #[serde(skip)]
    pub slug: String,
    pub name: String,
    pub prefix: String,
    pub firm: String,
    pub address1: String,
    pub address2: String,
    pub city: String,
    pub state: String,
    pub zip: String,
    pub email: String,
    /// The `salutation` column, or "Dear <prefix> <last name>:".
    pub salutation: String,
    /// The postal address as printed: name, firm, street lines, "City, ST ZIP".
    pub address_lines: Vec<String>,
    /// Every other column, by its header.
    pub extra: BTreeMap<String, String>,
    /// The row's fields as read, for the rejected-rows file should its letter fail.
    #[serde(skip)]
    pub fields: Vec<String>,
}

/// A row that was not produced, and why.
#[derive(Debug)]
pub struct Rejection {
    pub row: usize,
    /// Header of the offending column; empty when the row as a whole is wrong.
    pub column: String,
    pub problem: String,
    /// The row's fields as read, for the rejected-rows file.
    pub fields: Vec<String>,
    /// The error as it is reported: file, row, column, field.
    pub error: Error,
}

/// One row read: the recipient, or why the row is not produced.
pub type Row = Result<Recipient, Box<Rejection>>;

/// Where each known column sits in a row.
struct Columns {
    required: [usize; 8],
    prefix: Option<usize>,
    salutation: Option<usize>,
    extra: Vec<(usize, String)>,
}

impl Columns {
    /// Whether column `i` is printed on one line (part of the address or the e-mail header).
    fn is_one_line(&self, i: usize) -> bool {
        self.required.contains(&i) || self.prefix == Some(i) || self.salutation == Some(i)
    }
}

/// What a rejected row is missing or has wrong: the column (by index), the problem, and
/// what to do about it.
struct Problem {
    column: Option<usize>,
    problem: String,
    help: Option<String>,
}

impl Problem {
    fn new(column: Option<usize>, problem: impl Into<String>) -> Problem {
        Problem {
            column,
            problem: problem.into(),
            help: None,
        }
    }

    fn help(mut self, help: impl Into<String>) -> Problem {
        self.help = Some(help.into());
        self
    }
}

pub struct RecipientReader {
    path: PathBuf,
    rows: CsvRows<BufReader<File>>,
    header: Vec<String>,
    columns: Columns,
    require_email: bool,
    /// Hash of each produced person → its row, to catch repeats.
    seen: HashMap<u64, usize>,
    done: bool,
}

impl RecipientReader {
    /// Opens the list and checks its header. With `require_email`, a row without an e-mail
    /// address is bad (mail merges need one; paper ones do not).
    pub fn open(path: &Path, require_email: bool) -> Result<RecipientReader, Error> {
        let file = File::open(path).map_err(|e| Error::io(path, e))?;
        let mut buffered = BufReader::new(file);
        let start = buffered.fill_buf().map_err(|e| Error::io(path, e))?;
        if start.starts_with(b"\xff\xfe") || start.starts_with(b"\xfe\xff") {
            return Err(Error::data(
                Location::new(path, 1, 1),
                None::<String>,
                "the list is saved as UTF-16 (Excel's \"Unicode Text\"); noticegen reads UTF-8",
            )
            .with_help("save it as \"CSV UTF-8 (Comma delimited)\""));
        }
        let mut rows = CsvRows::new(buffered);
        let at = |row: usize, column: usize, message: String| {
            Error::data(Location::new(path, row, column), None::<String>, message)
        };
        let Some(record) = rows.next_record().map_err(|e| Error::io(path, e))? else {
            return Err(at(1, 1, "the list is empty; it needs a header row".into())
                .with_help(header_help()));
        };
        if let Some(trouble) = &record.trouble {
            let (column, message) = match trouble {
                Trouble::NotUtf8 { field, byte } => (
                    *field,
                    format!("the header row is not UTF-8 (byte 0x{byte:02X})"),
                ),
                Trouble::UnclosedQuote { field, .. } | Trouble::QuoteClosedLate { field, .. } => (
                    *field,
                    "a quote in the header row is never closed".to_string(),
                ),
            };
            return Err(at(record.row, column + 1, message));
        }
        let header: Vec<String> = record.fields.iter().map(|h| h.trim().to_string()).collect();
        let key = |h: &str| h.to_lowercase();
        let find = |name: &str| header.iter().position(|h| key(h) == name);
        for (i, h) in header.iter().enumerate() {
            if let Some(first) = header[..i].iter().position(|g| key(g) == key(h)) {
                if h.is_empty() {
                    continue;
                }
                return Err(at(
                    record.row,
                    i + 1,
                    format!(
                        "the column `{h}` comes twice (columns {} and {}); a list has each column once",
                        first + 1,
                        i + 1
                    ),
                ));
            }
        }
        let missing: Vec<&str> = REQUIRED
            .iter()
            .copied()
            .filter(|name| find(name).is_none())
            .collect();
        if !missing.is_empty() {
            let mut error = at(
                record.row,
                1,
                format!(
                    "the header lacks the {} {}",
                    if missing.len() == 1 {
                        "column"
                    } else {
                        "columns"
                    },
                    missing
                        .iter()
                        .map(|m| format!("`{m}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            );
            error = match header.as_slice() {
                [one] if one.contains(';') || one.contains('\t') => error.with_help(
                    "the header reads as one column: the list is separated by semicolons or \
                     tabs; save it as CSV with commas (\"CSV UTF-8 (Comma delimited)\")",
                ),
                _ => error.with_help(header_help()),
            };
            return Err(error);
        }
        let mut required = [0; 8];
        for (k, name) in REQUIRED.iter().enumerate() {
            required[k] = find(name).unwrap_or_default();
        }
        let extra = header
            .iter()
            .enumerate()
            .filter(|(_, h)| {
                let h = key(h);
                !REQUIRED.contains(&h.as_str()) && !OPTIONAL.contains(&h.as_str())
            })
            .map(|(i, h)| (i, h.clone()))
            .collect();
        let columns = Columns {
            required,
            prefix: find("prefix"),
            salutation: find("salutation"),
            extra,
        };
        Ok(RecipientReader {
            path: path.to_path_buf(),
            rows,
            header,
            columns,
            require_email,
            seen: HashMap::new(),
            done: false,
        })
    }

    /// The header row as read.
    pub fn header(&self) -> &[String] {
        &self.header
    }

    fn reject(&self, row: usize, problem: Problem, fields: Vec<String>) -> Box<Rejection> {
        let Problem {
            column,
            problem,
            help,
        } = problem;
        let name = column
            .and_then(|c| self.header.get(c).cloned())
            .unwrap_or_default();
        let mut error = Error::data(
            Location::new(&self.path, row, column.map_or(1, |c| c + 1)),
            (!name.is_empty()).then(|| name.clone()),
            problem.clone(),
        );
        if let Some(help) = help {
            error = error.with_help(help);
        }
        Box::new(Rejection {
            row,
            column: name,
            problem,
            fields,
            error,
        })
    }

    /// What is wrong with the form of a record: its quotes, its encoding, its length.
    fn form_problem(&self, record: &Record) -> Option<Problem> {
        let close_it = "close the quote where the field ends (or double a quote meant as \
                        text: \"\"); the rows after it are read as rows of their own";
        if let Some(trouble) = &record.trouble {
            return Some(match *trouble {
                Trouble::NotUtf8 { field, byte } => Problem::new(
                    Some(field),
                    format!(
                        "is not UTF-8 (byte 0x{byte:02X}): the list was saved in another encoding"
                    ),
                )
                .help("save the list as \"CSV UTF-8 (Comma delimited)\""),
                Trouble::UnclosedQuote { field, lines: 0 } => Problem::new(
                    Some(field),
                    "the quote that opens this field is never closed",
                )
                .help(close_it),
                Trouble::UnclosedQuote { field, lines } => Problem::new(
                    Some(field),
                    format!(
                        "the quote that opens this field is never closed: it would take in \
                         {} after this row, to the end of the file",
                        the_lines(lines)
                    ),
                )
                .help(close_it),
                Trouble::QuoteClosedLate { field, lines } => Problem::new(
                    Some(field),
                    format!(
                        "the quote that opens this field is not closed on this row: it would \
                         run on over {} after it, to a quote of a later row",
                        the_lines(lines)
                    ),
                )
                .help(close_it),
            });
        }
        let (have, want) = (record.fields.len(), self.header.len());
        let beyond_empty = record
            .fields
            .get(want..)
            .is_some_and(|rest| rest.iter().all(|f| f.trim().is_empty()));
        if have < want || (have > want && !beyond_empty) {
            return Some(Problem::new(
                None,
                format!(
                    "has {} where the header has {}",
                    count(have, "field", "fields"),
                    want
                ),
            ));
        }
        None
    }

    /// The first field, left to right, holding a character it may not hold.
    fn text_problem(&self, fields: &[String]) -> Option<Problem> {
        fields
            .iter()
            .take(self.header.len())
            .enumerate()
            .find_map(|(i, text)| {
                let one_line = self.columns.is_one_line(i);
                let bad = if one_line {
                    field_text::one_line(text).err()
                } else {
                    field_text::free_text(text).err()
                }?;
                let column = self.header.get(i).map_or("", String::as_str);
                let help = match bad.kind {
                    BadKind::LineBreak => {
                        let elsewhere = match column.to_lowercase().as_str() {
                            "address1" => "; a second street line goes in `address2`",
                            "name" | "prefix" => "; a firm or office goes in `firm`",
                            "firm" => "; a suite or floor goes in `address2`",
                            _ => "",
                        };
                        format!(
                            "`{column}` is printed on one line (in the address block or the \
                             e-mail's header): remove the line break (Alt+Enter in Excel \
                             makes one){elsewhere}"
                        )
                    }
                    BadKind::Control | BadKind::BidiControl => {
                        "delete the character; it cannot be seen in a spreadsheet, so retype \
                         the field if need be"
                            .to_string()
                    }
                };
                Some(Problem::new(Some(i), bad.describe()).help(help))
            })
    }

    fn check(&mut self, record: Record) -> Option<Row> {
        let row = record.row;
        if record.trouble.is_none() && record.fields.iter().all(|f| f.trim().is_empty()) {
            return None;
        }
        if let Some(problem) = self.form_problem(&record) {
            return Some(Err(self.reject(row, problem, record.fields)));
        }
        let fields = record.fields;
        if let Some(problem) = self.text_problem(&fields) {
            return Some(Err(self.reject(row, problem, fields)));
        }
        let c = &self.columns;
        let get = |i: usize| field_text::fold_spaces(&fields[i]);
        let [name, firm, address1, address2, city, state, zip, email] = c.required.map(get);
        let prefix = c.prefix.map(get).unwrap_or_default();
        let custom = c.salutation.map(get).unwrap_or_default();
        let col = |k: usize| Some(c.required[k]);
        let problem = if name.is_empty() {
            Some(Problem::new(col(0), "the name is missing"))
        } else if address1.is_empty() {
            Some(Problem::new(col(2), "the street address is missing"))
        } else if city.is_empty() {
            Some(Problem::new(col(4), "the city is missing"))
        } else if state.is_empty() {
            Some(Problem::new(col(5), "the state is missing"))
        } else if !valid_zip(&zip) {
            Some(Problem::new(
                col(6),
                format!("`{zip}` is not a ZIP code (12345 or 12345-6789)"),
            ))
        } else if let Some(odd) = field_text::first_non_ascii(&email) {
            Some(Problem::new(
                col(7),
                format!(
                    "the e-mail address holds {}, which no address can hold",
                    crate::chars::name(odd)
                ),
            ))
        } else if !email.is_empty() && !valid_email(&email) {
            Some(Problem::new(
                col(7),
                format!("`{email}` is not a well-formed e-mail address"),
            ))
        } else if email.is_empty() && self.require_email {
            Some(Problem::new(col(7), "the e-mail address is missing"))
        } else {
            None
        };
        if let Some(problem) = problem {
            return Some(Err(self.reject(row, problem, fields)));
        }
        let key = hash(&[
            &field_text::comparison_key(&name),
            &field_text::comparison_key(&address1),
            &zip,
            &field_text::comparison_key(&email),
        ]);
        if let Some(first) = self.seen.get(&key) {
            let problem = Problem::new(
                None,
                format!(
                    "repeats row {first} (same name, street, ZIP and e-mail, whatever the \
                     spacing and case)"
                ),
            );
            return Some(Err(self.reject(row, problem, fields)));
        }
        self.seen.insert(key, row);

        let salutation = if custom.is_empty() {
            default_salutation(&prefix, &name)
        } else {
            custom
        };
        let full_name = if prefix.is_empty() {
            name.clone()
        } else {
            format!("{prefix} {name}")
        };
        let address_lines = [
            full_name,
            firm.clone(),
            address1.clone(),
            address2.clone(),
            format!("{city}, {state} {zip}"),
        ]
        .into_iter()
        .filter(|line| !line.is_empty())
        .collect();
        let extra = c
            .extra
            .iter()
            .map(|(i, h)| (h.clone(), fields[*i].clone()))
            .collect();
        let mut fields = fields;
        fields.truncate(self.header.len());
        Some(Ok(Recipient {
            row,
            slug: format!("{}-{:08x}", slugify(&name), key as u32),
            name,
            prefix,
            firm,
            address1,
            address2,
            city,
            state,
            zip,
            email,
            salutation,
            address_lines,
            extra,
            fields,
        }))
    }
}

/// "the line", "the 3 lines".
fn the_lines(n: usize) -> String {
    match n {
        1 => "the line".to_string(),
        n => format!("the {n} lines"),
    }
}

/// What a header row needs, for reports about it.
fn header_help() -> String {
    format!(
        "a recipients list starts with a header row naming its columns: {} (and may have {})",
        REQUIRED.join(", "),
        OPTIONAL.join(", ")
    )
}

impl Iterator for RecipientReader {
    type Item = Row;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            match self.rows.next_record() {
                Ok(None) => self.done = true,
                Ok(Some(record)) => {
                    if let Some(row) = self.check(record) {
                        return Some(row);
                    }
                }
                Err(error) => {
                    // A failing file would fail again on every call: stop after reporting it.
                    self.done = true;
                    return Some(Err(Box::new(Rejection {
                        row: 0,
                        column: String::new(),
                        problem: format!("cannot be read: {error}"),
                        fields: Vec::new(),
                        error: Error::io(&self.path, error),
                    })));
                }
            }
        }
        None
    }
}

fn valid_zip(zip: &str) -> bool {
    let b = zip.as_bytes();
    let digits = |s: &[u8]| s.iter().all(u8::is_ascii_digit);
    match b.len() {
        5 => digits(b),
        10 => digits(&b[..5]) && b[5] == b'-' && digits(&b[6..]),
        _ => false,
    }
}

/// A mailbox address `local@domain.tld` that an SMTP relay will take: one `@`, a local
/// part of printable ASCII without spaces or brackets, a dotted domain of letters, digits
/// and hyphens.
pub fn valid_email(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    let local_ok = !local.is_empty()
        && local.len() <= 64
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+-/=?^_`{|}~.".contains(c));
    let labels: Vec<&str> = domain.split('.').collect();
    let domain_ok = labels.len() >= 2
        && domain.len() <= 253
        && labels.iter().all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        });
    local_ok && domain_ok
}

/// "Dear Ms. Lopez:" from prefix and name; the last name is the last word that is not a
/// suffix (Jr., III, Esq.). Without a prefix the whole name is used.
pub fn default_salutation(prefix: &str, name: &str) -> String {
    if prefix.is_empty() {
        return format!("Dear {name}:");
    }
    const SUFFIXES: [&str; 9] = ["jr", "sr", "ii", "iii", "iv", "v", "esq", "phd", "md"];
    let last = name
        .split_whitespace()
        .map(|w| w.trim_end_matches(','))
        .rev()
        .find(|w| {
            let bare: String = w
                .chars()
                .filter(|c| c.is_alphanumeric())
                .collect::<String>()
                .to_lowercase();
            !SUFFIXES.contains(&bare.as_str())
        })
        .unwrap_or(name);
    format!("Dear {prefix} {last}:")
}

/// Lowercase ASCII letters and digits joined by hyphens; accented Latin letters lose their
/// accents, anything else separates words.
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let c = fold(c);
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out.truncate(48);
    if out.is_empty() {
        out.push_str("recipient");
    }
    out
}

fn fold(c: char) -> char {
    match c {
        'à'..='å' | 'À'..='Å' => 'a',
        'ç' | 'Ç' => 'c',
        'è'..='ë' | 'È'..='Ë' => 'e',
        'ì'..='ï' | 'Ì'..='Ï' => 'i',
        'ñ' | 'Ñ' => 'n',
        'ò'..='ö' | 'Ò'..='Ö' | 'ø' | 'Ø' => 'o',
        'ù'..='ü' | 'Ù'..='Ü' => 'u',
        'ý' | 'ÿ' | 'Ý' => 'y',
        other => other,
    }
}

/// FNV-1a over the parts, separated, so ("ab", "c") and ("a", "bc") differ.
fn hash(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for b in part.bytes().chain(std::iter::once(0xff)) {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(csv: &str, require_email: bool) -> (Vec<Recipient>, Vec<Rejection>) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.csv");
        std::fs::write(&path, csv).unwrap();
        let reader = RecipientReader::open(&path, require_email).unwrap();
        let (mut good, mut bad) = (Vec::new(), Vec::new());
        for item in reader {
            match item {
                Ok(r) => good.push(r),
                Err(r) => bad.push(*r),
            }
        }
        (good, bad)
    }

    const HEADER: &str = "email,zip,state,city,address2,address1,firm,name,prefix,bar_number\n";

    #[test]
    fn columns_in_any_order_and_extras_are_kept() {
        let (good, bad) = read(
            &format!(
                "{HEADER}mlopez@lopezlaw.com,87102,NM,Albuquerque,Suite 4,1 Main St.,Lopez Law,Maria Lopez,Ms.,NM-1234\n"
            ),
            false,
        );
        assert!(bad.is_empty(), "{bad:?}");
        let r = &good[0];
        assert_eq!(r.row, 2);
        assert_eq!(r.salutation, "Dear Ms. Lopez:");
        assert_eq!(
            r.address_lines,
            [
                "Ms. Maria Lopez",
                "Lopez Law",
                "1 Main St.",
                "Suite 4",
                "Albuquerque, NM 87102"
            ]
        );
        assert_eq!(r.extra["bar_number"], "NM-1234");
        assert!(r.slug.starts_with("maria-lopez-"), "{}", r.slug);
    }

    #[test]
    fn bad_rows_are_reported_by_row_and_column_and_skipped() {
        let (good, bad) = read(
            &format!(
                "{HEADER}a@b.com,87102,NM,X,,1 St,,Ann Lee,,\n\
                 a@b,87102,NM,X,,1 St,,Bo Lee,,\n\
                 c@d.com,8710,NM,X,,1 St,,Cy Lee,,\n\
                 c@d.com,87102,NM,X,,1 St,,,,\n\
                 c@d.com,87102,NM,X\n\
                 a@b.com,87102,NM,X,,1 St,,Ann Lee,,\n\
                 e@f.org,87102-1234,NM,X,,1 St,,Di Lee,Mr.,\n"
            ),
            false,
        );
        let names: Vec<&str> = good.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, ["Ann Lee", "Di Lee"]);
        let found: Vec<(usize, &str)> = bad.iter().map(|r| (r.row, r.column.as_str())).collect();
        assert_eq!(
            found,
            [(3, "email"), (4, "zip"), (5, "name"), (6, ""), (7, "")]
        );
        assert!(bad[3].problem.contains("4 fields"), "{}", bad[3].problem);
        assert!(
            bad[4].problem.contains("repeats row 2"),
            "{}",
            bad[4].problem
        );
        assert!(
            bad[0].error.to_string().contains("r.csv:3:1"),
            "{}",
            bad[0].error
        );
    }

    #[test]
    fn a_missing_email_is_bad_only_when_mailing() {
        let csv = format!("{HEADER},87102,NM,X,,1 St,,Ann Lee,,\n");
        assert_eq!(read(&csv, false).0.len(), 1);
        let (_, bad) = read(&csv, true);
        assert_eq!(bad[0].column, "email");
    }

    #[test]
    fn missing_required_column_is_an_error_at_the_header() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.csv");
        std::fs::write(&path, "name,email\nA,a@b.com\n").unwrap();
        let error = RecipientReader::open(&path, false).err().unwrap();
        assert!(error.to_string().contains("zip"), "{error}");
    }

    #[test]
    fn salutations_skip_suffixes_and_respect_overrides() {
        assert_eq!(
            default_salutation("Mr.", "Robert T. Smith, Jr."),
            "Dear Mr. Smith:"
        );
        assert_eq!(default_salutation("", "Pat Doe"), "Dear Pat Doe:");
        let (good, _) = read(
            "name,firm,address1,address2,city,state,zip,email,salutation\nA B,,1 St,,X,NM,87102,,Dear Counsel:\n",
            false,
        );
        assert_eq!(good[0].salutation, "Dear Counsel:");
    }

    const PLAIN: &str = "name,firm,address1,address2,city,state,zip,email,notes\n";

    #[test]
    fn one_line_fields_refuse_line_breaks_and_other_columns_keep_them() {
        let (good, bad) = read(
            &format!(
                "{PLAIN}\"Ann\r\nLee\",,1 St,,X,NM,87102,,\n\
                 Bo Lee,,\"1 St\nFloor 2\",,X,NM,87102,,\n\
                 Cy Lee,,1 St,,X,NM,87102,,\"first line\nsecond line\"\n\
                 Di\u{1b}Lee,,1 St,,X,NM,87102,,\n\
                 Ed Lee,,1 St,,X,NM,87102,,bell\u{7}\n"
            ),
            false,
        );
        let found: Vec<(usize, &str)> = bad.iter().map(|r| (r.row, r.column.as_str())).collect();
        assert_eq!(
            found,
            [(2, "name"), (3, "address1"), (5, "name"), (6, "notes")]
        );
        assert!(
            bad[0]
                .problem
                .contains("a line break (U+000D CARRIAGE RETURN) after `Ann`"),
            "{}",
            bad[0].problem
        );
        assert!(
            bad[2].problem.contains("U+001B ESCAPE"),
            "{}",
            bad[2].problem
        );
        assert_eq!(good.len(), 1);
        assert_eq!(good[0].extra["notes"], "first line\nsecond line");
    }

    #[test]
    fn pasted_spaces_are_folded_and_repeats_found_whatever_the_spacing_and_case() {
        let (good, bad) = read(
            &format!(
                "{PLAIN}Maria Lopez,,1 Main St.,,X,NM,87102,ml@x.example,\n\
                 \u{a0}Maria\u{2009}\u{2009}Lopez ,,1  Main St.,,X,NM,87102,ml@x.example,\n\
                 MARIA LOPEZ,,1 MAIN ST.,,X,NM,87102,ML@X.EXAMPLE,\n\
                 Maria\tLopez,,1 Main St.,,X,NM, 87102\u{a0},ml@x.example,\n\
                 Maria Lopes,,1 Main St.,,X,NM,87102,ml@x.example,\n"
            ),
            false,
        );
        let names: Vec<&str> = good.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, ["Maria Lopez", "Maria Lopes"]);
        let repeats: Vec<usize> = bad.iter().map(|r| r.row).collect();
        assert_eq!(repeats, [3, 4, 5]);
        assert!(bad.iter().all(|r| r.problem.starts_with("repeats row 2")));
    }

    #[test]
    fn rows_are_spreadsheet_rows_and_empty_rows_are_no_one() {
        let (good, bad) = read(
            "\u{feff}Name,FIRM,address1,address2,city,state,zip,email\r\n\
             \r\n\
             ,,,,,,,\r\n\
             \"Ann\",\"Lee & Co.\r\nLLP\",1 St,,X,NM,87102,\r\n\
             Bo,,1 St,,X,NM,8710,\r\n\
             Cy,,1 St,,X,NM,87102,,,\r\n",
            false,
        );
        let rows: Vec<usize> = good.iter().map(|r| r.row).collect();
        assert_eq!(rows, [6]);
        let rows: Vec<(usize, &str)> = bad.iter().map(|r| (r.row, r.column.as_str())).collect();
        // Row 4: the firm's line break; row 5: the ZIP. Trailing empty fields are no fault.
        assert_eq!(rows, [(4, "FIRM"), (5, "zip")]);
        assert!(
            bad[0].error.to_string().contains("r.csv:4:2"),
            "{}",
            bad[0].error
        );
    }

    #[test]
    fn an_unclosed_quote_says_how_much_it_would_swallow() {
        let (good, bad) = read(
            &format!("{PLAIN}\"Ann,,1 St,,X,NM,87102,,\nBo,,1 St,,X,NM,87102,,\n"),
            false,
        );
        assert_eq!(good.len(), 1);
        assert_eq!((bad[0].row, bad[0].column.as_str()), (2, "name"));
        assert!(
            bad[0].problem.contains("take in the line after this row"),
            "{}",
            bad[0].problem
        );
        let (_, bad) = read(
            &format!("{PLAIN}\"Ann,,1 St,,X,NM,87102,,\nBo,,\"1 St\",,X,NM,87102,,\n"),
            false,
        );
        assert!(
            bad[0]
                .problem
                .contains("over the line after it, to a quote of a later row"),
            "{}",
            bad[0].problem
        );
    }

    #[test]
    fn a_header_naming_a_column_twice_or_separated_by_semicolons_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.csv");
        std::fs::write(
            &path,
            "name,firm,address1,address2,city,state,zip,email,Name\n",
        )
        .unwrap();
        let error = RecipientReader::open(&path, false).err().unwrap();
        assert!(
            error
                .to_string()
                .contains("`Name` comes twice (columns 1 and 9)"),
            "{error}"
        );
        std::fs::write(&path, "name;firm;address1;address2;city;state;zip;email\n").unwrap();
        let error = RecipientReader::open(&path, false).err().unwrap();
        assert!(
            crate::diagnostic::render(&error, false).contains("semicolons"),
            "{error}"
        );
        std::fs::write(&path, b"\xff\xfen\0a\0").unwrap();
        let error = RecipientReader::open(&path, false).err().unwrap();
        assert!(error.to_string().contains("UTF-16"), "{error}");
    }

    #[test]
    fn slugs_are_ascii_and_stable() {
        assert_eq!(slugify("José  Núñez-O'Brien"), "jose-nunez-o-brien");
        assert_eq!(slugify("***"), "recipient");
        assert!(valid_email("first.last+tag@sub.example.org"));
        for bad in [
            "a@b",
            "@b.com",
            "a b@c.com",
            "a@@b.com",
            "a@-b.com",
            "a.@b.com",
        ] {
            assert!(!valid_email(bad), "{bad}");
        }
    }
}
