use std::path::{Path, PathBuf};

use super::*;

const VALID: &str = "\
name: United States District Court
district: District of Testing
clerk:
  name: Jane Roe
  title: Clerk of Court
courthouse:
  street: 1 Main Street
  city: Springfield
  state: NM
  zip: \"87102\"
  phone: (505) 555-0100
website: https://www.example.gov
helpdesk:
  email: help@example.gov
go_live: 2020-04-20
outage:
  start: 2020-04-17T15:00:00
  end: 2020-04-20T08:00:00
  time_zone: MT
dates:
  letter: 2020-02-20
salutation: Dear Attorney,
closing: Sincerely,
separate_bankruptcy_system: false
exempt_users: true
time_zone: America/Denver
";

fn parse(text: &str) -> Result<Court, Error> {
    Court::parse(Path::new("courts/test.yaml"), text)
}

/// The single data error `text` gives: (line, column, field, message).
fn data_error(text: &str) -> (usize, usize, Option<String>, String) {
    match parse(text).unwrap_err() {
        Error::Data {
            location,
            field,
            message,
            ..
        } => {
            assert_eq!(location.file, PathBuf::from("courts/test.yaml"));
            (location.line, location.column, field, message)
        }
        other => panic!("expected one data error, got {other}"),
    }
}

#[test]
fn valid_file_loads_with_id_from_file_name() {
    let court = parse(VALID).unwrap();
    assert_eq!(court.id, "test");
    assert_eq!(court.clerk.title, "Clerk of Court");
    assert_eq!(court.go_live, NaiveDate::from_ymd_opt(2020, 4, 20).unwrap());
    assert_eq!(court.dates.get("letter"), Some(court.dates.letter));
    assert_eq!(court.dates.get("reminder"), Some(None));
    assert_eq!(court.dates.get("nonsense"), None);
    assert_eq!(court.presentation.steps, StepStyle::Numbered);
}

#[test]
fn unknown_field_is_an_error_with_position_and_field() {
    let text = VALID.replace(
        "  email: help@example.gov",
        "  email: help@example.gov\n  emial: x",
    );
    let (line, column, field, message) = data_error(&text);
    assert_eq!((line, column), (15, 3));
    assert_eq!(field.as_deref(), Some("helpdesk.emial"));
    assert!(message.contains("unknown field `emial`"), "{message}");
}

#[test]
fn wrong_type_is_an_error_with_position_and_field() {
    let text = VALID.replace("exempt_users: true", "exempt_users: sometimes");
    let (line, column, field, message) = data_error(&text);
    assert_eq!((line, column), (25, 15));
    assert_eq!(field.as_deref(), Some("exempt_users"));
    assert_eq!(message, "expected true or false, found `sometimes`");
}

#[test]
fn bad_date_is_an_error_with_position_and_field() {
    let text = VALID.replace("go_live: 2020-04-20", "go_live: 2020-04-31");
    let (line, column, field, message) = data_error(&text);
    assert_eq!((line, column), (15, 10));
    assert_eq!(field.as_deref(), Some("go_live"));
    assert!(
        message.contains("out of range") || message.contains("invalid"),
        "{message}"
    );
}

#[test]
fn bad_email_is_an_error_with_position_and_field() {
    let text = VALID.replace("help@example.gov", "help.example.gov");
    let (line, column, field, message) = data_error(&text);
    assert_eq!((line, column), (14, 10));
    assert_eq!(field.as_deref(), Some("helpdesk.email"));
    assert!(message.contains("not an e-mail address"), "{message}");
}

#[test]
fn bad_id_is_an_error_naming_the_file() {
    let error = Court::parse(Path::new("courts/New_Mexico.yaml"), VALID).unwrap_err();
    assert_eq!(
        error.to_string(),
        "courts/New_Mexico.yaml:1:1: court id `New_Mexico` (the file name) must use only a-z, 0-9 and `-`"
    );
}

#[test]
fn every_validation_error_is_reported_in_file_order() {
    let text = VALID
        .replace("\"87102\"", "\"8710\"")
        .replace("letter: 2020-02-20", "letter: 2020-05-01")
        .replace("end: 2020-04-20T08:00:00", "end: 2020-04-21T08:00:00");
    let error = parse(&text).unwrap_err();
    assert_eq!(error.count(), 3);
    assert_eq!(
        error.to_string(),
        "courts/test.yaml:10:8: field `courthouse.zip`: `8710` is not a ZIP code (expected 87102 or 87102-1234)\n\
         courts/test.yaml:18:8: field `outage.end`: the outage must end on or before go-live (2020-04-20)\n\
         courts/test.yaml:21:11: field `dates.letter`: 2020-05-01 must come before go-live (2020-04-20)"
    );
}

#[test]
fn syntax_error_is_located() {
    let text = VALID.replace("closing: Sincerely,", "closing: [Sincerely,");
    let (line, _, _, message) = data_error(&text);
    assert!(line >= 23, "{line}: {message}");
    assert!(message.starts_with("YAML syntax: "), "{message}");
    assert!(!message.contains(" at line "), "{message}");
}

#[test]
fn load_courts_reports_all_files_and_sorts_by_id() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("zz.yaml"), VALID).unwrap();
    std::fs::write(dir.path().join("aa.yaml"), VALID).unwrap();
    std::fs::write(dir.path().join("notes.txt"), "not a court").unwrap();
    let ids: Vec<String> = load_courts(dir.path())
        .unwrap()
        .into_iter()
        .map(|c| c.id)
        .collect();
    assert_eq!(ids, ["aa", "zz"]);

    std::fs::write(dir.path().join("bad.yaml"), VALID.replace("help@", "help")).unwrap();
    std::fs::write(
        dir.path().join("Bad2.yaml"),
        VALID.replace("Jane", "Jane\n  x: 1"),
    )
    .unwrap();
    let error = load_courts(dir.path()).unwrap_err();
    // bad.yaml's e-mail, and both of Bad2.yaml's mistakes: its name and the unknown field.
    assert_eq!(error.count(), 3, "{error}");
}

#[test]
fn every_mistake_of_one_file_is_reported_even_when_serde_stops_early() {
    let text = VALID
        .replace(
            "  email: help@example.gov",
            "  email: help.example.gov\n  emial: x",
        )
        .replace("zip: \"87102\"", "zip: \"8710\"")
        .replace("go_live: 2020-04-20", "go_live: 2020-04-31")
        .replace("  time_zone: MT", "  time_zone: Mountain");
    let error = parse(&text).unwrap_err();
    let text = error.to_string();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines,
        [
            "courts/test.yaml:10:8: field `courthouse.zip`: `8710` is not a ZIP code (expected 87102 or 87102-1234)",
            "courts/test.yaml:14:10: field `helpdesk.email`: `help.example.gov` is not an e-mail address (expected name@domain.gov)",
            "courts/test.yaml:15:3: field `helpdesk.emial`: unknown field `emial`",
            "courts/test.yaml:16:10: field `go_live`: `2020-04-31` is not a date: input is out of range",
            "courts/test.yaml:20:14: field `outage.time_zone`: unknown time zone `Mountain` (expected one of ET, EST, EDT, CT, CST, CDT, MT, MST, MDT, PT, PST, PDT, AKT, HT, AST, ChST, SST)",
        ]
    );
}

#[test]
fn facts_are_compared_even_when_the_form_is_wrong() {
    let text = VALID
        .replace("  email: help@example.gov", "  emial: help@example.gov")
        .replace("end: 2020-04-20T08:00:00", "end: 2020-04-21T08:00:00")
        .replace("letter: 2020-02-20", "letter: 2020-05-01");
    let error = parse(&text).unwrap_err();
    let text = error.to_string();
    assert!(text.contains("unknown field `emial`"), "{text}");
    assert!(
        text.contains("courts/test.yaml:18:8: field `outage.end`: the outage must end on or before go-live (2020-04-20)"),
        "{text}"
    );
    assert!(
        text.contains("courts/test.yaml:21:11: field `dates.letter`: 2020-05-01 must come before go-live (2020-04-20)"),
        "{text}"
    );
}

#[test]
fn a_file_of_a_million_mistakes_reports_fifty_and_a_count() {
    let text: String = (0..60_000).map(|i| format!("k{i}: v\n")).collect();
    let started = std::time::Instant::now();
    let error = parse(&text).unwrap_err();
    assert!(started.elapsed() < std::time::Duration::from_secs(2));
    assert_eq!(error.count(), 51);
    assert!(
        error
            .to_string()
            .ends_with("more mistakes in this file are not shown"),
        "{error}"
    );
}

#[test]
fn alias_bombs_end_at_once() {
    let mut bomb = String::from(
        "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    for (name, previous) in ["b", "c", "d", "e", "f", "g", "h", "i"]
        .iter()
        .zip(["a", "b", "c", "d", "e", "f", "g", "h"])
    {
        let refs = vec![format!("*{previous}"); 9].join(",");
        bomb.push_str(&format!("{name}: &{name} [{refs}]\n"));
    }
    bomb.push_str(VALID);
    let started = std::time::Instant::now();
    let error = parse(&bomb).unwrap_err();
    assert!(started.elapsed() < std::time::Duration::from_secs(1));
    assert!(error.to_string().contains("aliases"), "{error}");
}

#[test]
fn shipped_court_files_are_valid() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("courts");
    let ids: Vec<String> = load_courts(&dir)
        .unwrap()
        .into_iter()
        .map(|c| c.id)
        .collect();
    assert_eq!(ids, ["cacd", "casd", "flsd", "nmd"]);
}

#[test]
fn time_zone_must_be_an_iana_name_located_at_its_value() {
    let text = VALID.replace("time_zone: America/Denver", "time_zone: Mountain");
    let (line, column, field, message) = data_error(&text);
    assert_eq!((line, column), (26, 12));
    assert_eq!(field.as_deref(), Some("time_zone"));
    assert!(
        message.contains("unknown time zone `Mountain`"),
        "{message}"
    );
    assert_eq!(parse(VALID).unwrap().tz(), chrono_tz::America::Denver);
}
