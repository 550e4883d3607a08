//! The list of recipients: a UTF-8 CSV file with a header row, read one row at a time so a
//! list of any length costs the memory of one row. Each row is checked (name present,
//! postal address complete, ZIP and e-mail well formed, the header's number of fields, not
//! a repeat of an earlier row); a bad row comes back as a [`Rejection`] naming its row and
//! column, and reading goes on with the next.

use std::collections::{BTreeMap, HashMap};
use std::fs::File;
use std::path::{Path, PathBuf};

use serde::Serialize;

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

pub struct RecipientReader {
    path: PathBuf,
    reader: csv::Reader<File>,
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
        let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(file);
        let header: Vec<String> = reader
            .headers()
            .map_err(|e| {
                Error::data(
                    Location::new(path, 1, 1),
                    None::<String>,
                    format!("unreadable header row: {e}"),
                )
            })?
            .iter()
            .map(|h| h.trim().trim_start_matches('\u{feff}').to_string())
            .collect();
        let find = |name: &str| header.iter().position(|h| h == name);
        let mut missing = Vec::new();
        let mut required = [0; 8];
        for (k, name) in REQUIRED.iter().enumerate() {
            match find(name) {
                Some(i) => required[k] = i,
                None => missing.push(*name),
            }
        }
        if !missing.is_empty() {
            return Err(Error::data(
                Location::new(path, 1, 1),
                None::<String>,
                format!(
                    "the header lacks column(s) {}; a recipients file needs {} (and may have {})",
                    missing.join(", "),
                    REQUIRED.join(", "),
                    OPTIONAL.join(", ")
                ),
            ));
        }
        let extra = header
            .iter()
            .enumerate()
            .filter(|(_, h)| !REQUIRED.contains(&h.as_str()) && !OPTIONAL.contains(&h.as_str()))
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
            reader,
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

    fn reject(
        &self,
        row: usize,
        column: Option<usize>,
        problem: String,
        fields: Vec<String>,
    ) -> Box<Rejection> {
        let name = column
            .and_then(|c| self.header.get(c).cloned())
            .unwrap_or_default();
        let error = Error::data(
            Location::new(&self.path, row, column.map_or(1, |c| c + 1)),
            (!name.is_empty()).then(|| name.clone()),
            problem.clone(),
        );
        Box::new(Rejection {
            row,
            column: name,
            problem,
            fields,
            error,
        })
    }

    fn check(&mut self, row: usize, fields: Vec<String>) -> Row {
        if fields.len() != self.header.len() {
            let problem = format!(
                "has {} fields where the header has {}",
                fields.len(),
                self.header.len()
            );
            return Err(self.reject(row, None, problem, fields));
        }
        let c = &self.columns;
        let get = |i: usize| fields[i].trim().to_string();
        let [name, firm, address1, address2, city, state, zip, email] = c.required.map(get);
        let prefix = c.prefix.map(get).unwrap_or_default();
        let custom = c.salutation.map(get).unwrap_or_default();
        let col = |k: usize| Some(c.required[k]);
        let problem = if name.is_empty() {
            Some((col(0), "the name is missing".to_string()))
        } else if address1.is_empty() {
            Some((col(2), "the street address is missing".to_string()))
        } else if city.is_empty() {
            Some((col(4), "the city is missing".to_string()))
        } else if state.is_empty() {
            Some((col(5), "the state is missing".to_string()))
        } else if !valid_zip(&zip) {
            Some((
                col(6),
                format!("`{zip}` is not a ZIP code (12345 or 12345-6789)"),
            ))
        } else if !email.is_empty() && !valid_email(&email) {
            Some((
                col(7),
                format!("`{email}` is not a well-formed e-mail address"),
            ))
        } else if email.is_empty() && self.require_email {
            Some((col(7), "the e-mail address is missing".to_string()))
        } else {
            None
        };
        if let Some((column, problem)) = problem {
            return Err(self.reject(row, column, problem, fields));
        }
        let key = hash(&[
            &name.to_lowercase(),
            &address1.to_lowercase(),
            &zip,
            &email.to_lowercase(),
        ]);
        if let Some(first) = self.seen.get(&key) {
            let problem = format!("repeats row {first} (same name, street, ZIP and e-mail)");
            return Err(self.reject(row, None, problem, fields));
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
        Ok(Recipient {
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
        })
    }
}

impl Iterator for RecipientReader {
    type Item = Row;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let mut record = csv::StringRecord::new();
        match self.reader.read_record(&mut record) {
            Ok(false) => None,
            Ok(true) => {
                let row = record.position().map_or(0, |p| p.line() as usize);
                let fields = record.iter().map(str::to_string).collect();
                Some(self.check(row, fields))
            }
            Err(error) => {
                let row = error.position().map_or(0, |p| p.line() as usize);
                let problem = match error.kind() {
                    csv::ErrorKind::Utf8 { .. } => "is not valid UTF-8".to_string(),
                    _ => format!("cannot be read: {error}"),
                };
                // A failing file would fail again on every call: stop after reporting it.
                self.done = matches!(error.kind(), csv::ErrorKind::Io(_));
                Some(Err(self.reject(row, None, problem, Vec::new())))
            }
        }
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
