//! `noticegen new <id> --type …`: a commented starter court file. Every fact the court must
//! give is a placeholder in double angle brackets (`"<<clerk's full name>>"`), which no real
//! value looks like; `check` reports each one left (field, line, column) and fails until all
//! are filled, and the file then validates. Optional fields are shown commented out, with an
//! example, so a clerk sees what may be given without guessing.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use super::{CourtType, check};
use crate::error::Error;

/// A value of the starter file the court has yet to fill in: `<<…>>`, as the whole value.
pub fn is_placeholder(text: &str) -> bool {
    let text = text.trim();
    text.len() > 4 && text.starts_with("<<") && text.ends_with(">>")
}

/// Writes the starter file for court `id` of `court_type` to `courts_dir/<id>.yaml` (making the
/// folder when there is none) and returns its path. It never replaces a file: a court file of
/// that id already there, in any spelling of the extension, is a usage error, and so is an id
/// a court file cannot have.
pub fn write(courts_dir: &Path, id: &str, court_type: CourtType) -> Result<PathBuf, Error> {
    if let Some(message) = check::id(id) {
        return Err(Error::Usage(message.replace("(the file name) ", "")));
    }
    if let Ok(entries) = std::fs::read_dir(courts_dir) {
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().to_lowercase();
            if name == format!("{id}.yaml") || name == format!("{id}.yml") {
                return Err(Error::Usage(format!(
                    "`{}` already exists: noticegen new never replaces a court file (edit it, \
                     or remove it first)",
                    entry.path().display()
                )));
            }
        }
    }
    std::fs::create_dir_all(courts_dir).map_err(|error| Error::io(courts_dir, error))?;
    let path = courts_dir.join(format!("{id}.yaml"));
    // `create_new`: a file that appears meanwhile is not replaced either.
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(|error| match error.kind() {
            std::io::ErrorKind::AlreadyExists => Error::Usage(format!(
                "`{}` already exists: noticegen new never replaces a court file",
                path.display()
            )),
            _ => Error::io(&path, error),
        })?;
    file.write_all(text(id, court_type).as_bytes())
        .map_err(|error| Error::io(&path, error))?;
    Ok(path)
}

/// The starter file's text.
pub fn text(id: &str, court_type: CourtType) -> String {
    let (type_line, name, district, salutation, filers, sibling) = match court_type {
        CourtType::District => (
            "district",
            "United States District Court",
            "<<district, e.g. District of New Mexico>>",
            "Dear Counsel,",
            "[attorneys]",
            Some("bankruptcy court"),
        ),
        CourtType::Bankruptcy => (
            "bankruptcy",
            "United States Bankruptcy Court",
            "<<district, e.g. District of New Mexico>>",
            "Dear CM/ECF Filer,",
            "[attorneys, trustees, filing_agents, limited_use]",
            Some("district court"),
        ),
        CourtType::Appeals => (
            "appeals",
            "United States Court of Appeals",
            "<<circuit, e.g. Tenth Circuit>>",
            "Dear Counsel,",
            "[attorneys]",
            None,
        ),
    };
    let upper = id.to_uppercase();
    let mut out = format!(
        r#"# Court file for `{id}`, written by `noticegen new`. Replace every value in double angle
# brackets, "<<like this>>", with the court's own (keep the quotes, or write the value plainly);
# `noticegen check` lists each one left and fails until none is. Lines starting with `#` are
# comments: uncomment an optional field to give it. Every field is described in
# courts/README.md; the notices' wording is in notice-templates/, never here.

type: {type_line}
name: {name}
district: "{district}"
# abbreviation: {upper}
# chief_judge: Jane Q. Public
clerk:
  name: "<<clerk's full name>>"
  # The title exactly as the court writes it.
  title: Clerk of Court
  # How letters are signed above the clerk's name: an image in courts/{id}/, or /s/.
  # signature: signature.png
# The court's seal for the letterhead, an image in courts/{id}/.
# seal: seal.png
courthouse:
  # name: Federal Building and United States Courthouse
  street: "<<street address of the clerk's office>>"
  # suite: Room 100
  city: "<<city>>"
  state: "<<state, as the court writes it: New Mexico or NM>>"
  zip: "<<ZIP code, e.g. 87102>>"
  phone: "<<clerk's office phone, e.g. (505) 348-2000>>"
  # fax: (505) 348-2001
# divisional_offices:
#   - name: Las Cruces Division
#     street: 100 North Church Street
#     city: Las Cruces
#     state: NM
#     zip: "88001"
#     phone: (575) 528-1400
website: "<<the court's website, e.g. https://www.{id}.uscourts.gov>>"
helpdesk:
  # At least one of email and phone.
  email: "<<CM/ECF helpdesk e-mail, e.g. cmecf@{id}.uscourts.gov>>"
  phone: "<<CM/ECF helpdesk phone, e.g. 505-348-2075>>"
# More contacts, printed after the helpdesk, each with a label and an email, phone or url:
# contacts:
#   - label: Toll-free help line
#     phone: 1-866-555-0142
#   - label: Emergency filings
#     email: emergency@{id}.uscourts.gov
# urls:
#   nextgen_page: https://www.{id}.uscourts.gov/nextgen
#   ecf_login: https://ecf.{id}.uscourts.gov/cgi-bin/login.pl
#   password_reset: https://www.{id}.uscourts.gov/password-reset
go_live: "<<go-live date, YYYY-MM-DD>>"
time_zone: "<<the court's IANA time zone, e.g. America/Denver>>"
# When CM/ECF is down for the upgrade, in the court's time zone; time_zone here is how the
# notices print it (MT, or MDT in summer, MST in winter).
# outage:
#   start: 2020-04-17T15:00:00
#   end: 2020-04-20T08:00:00
#   time_zone: MT
#   emergency_filing:
#     email: emergency@{id}.uscourts.gov
#     paper: true
#   order:
#     number: "20-01"
#     url: https://www.{id}.uscourts.gov/orders/20-01
# The notices' dates; each left out follows the schedule in notice-templates/kinds.yaml.
# dates:
#   letter: 2020-01-21
salutation: "{salutation}"
closing: Sincerely,
"#
    );
    if let Some(other) = sibling {
        out.push_str(&format!(
            r#"# The {other} of the same district: whether it runs its own CM/ECF system, and
# when it upgrades (or upgraded) to NextGen, if known.
sibling:
  separate: "<<true if the {other} runs its own CM/ECF system, else false>>"
  # go_live: 2020-09-01
"#
        ));
    }
    out.push_str(&format!(
        r#"# true: CJA panel attorneys and other exempt PACER users get their own paragraph.
exempt_users: "<<true or false>>"
# Who files at the court, in the order the notices name them: attorneys, trustees,
# filing_agents, limited_use, non_attorney, pro_se, cja_panel.
filers: {filers}
# training:
#   planned: true
# presentation:
#   steps: numbered
#   phone: parens
"#
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_whole_values_in_double_angle_brackets() {
        assert!(is_placeholder("<<clerk's full name>>"));
        assert!(is_placeholder(" <<city>> "));
        assert!(!is_placeholder("<<>>"));
        assert!(!is_placeholder("Dear <<name>>,"));
        assert!(!is_placeholder("United States District Court"));
    }

    #[test]
    fn a_court_of_appeals_has_no_sibling_and_names_its_circuit() {
        let text = text("ca10", CourtType::Appeals);
        assert!(!text.contains("sibling"));
        assert!(text.contains("<<circuit, e.g. Tenth Circuit>>"));
        assert!(text.contains("type: appeals"));
    }
}
