use std::path::{Path, PathBuf};

use super::*;

/// Court dates as a kinds manifest might name them.
fn schema() -> CourtSchema {
    CourtSchema::new([("letter", ["letter"]), ("reminder", ["reminder"])])
}

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
    Court::parse(Path::new("courts/test.yaml"), text, &schema())
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
    assert_eq!(court.date("letter"), NaiveDate::from_ymd_opt(2020, 2, 20));
    assert_eq!(court.date("reminder"), None);
    assert_eq!(court.date("nonsense"), None);
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
    assert_eq!(
        message,
        "`2020-04-31` is not a date: April 2020 has 30 days"
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
    let error = Court::parse(Path::new("courts/New_Mexico.yaml"), VALID, &schema()).unwrap_err();
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
    assert_eq!(error.count(), 2);
    assert_eq!(
        error.to_string(),
        "courts/test.yaml:10:8: field `courthouse.zip`: `8710` is not a ZIP code\n\
         courts/test.yaml:18:8: field `outage.end`: the outage must end on or before go-live (2020-04-20)"
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
    let ids: Vec<String> = load_courts(dir.path(), &schema())
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
    let error = load_courts(dir.path(), &schema()).unwrap_err();
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
            "courts/test.yaml:10:8: field `courthouse.zip`: `8710` is not a ZIP code",
            "courts/test.yaml:14:10: field `helpdesk.email`: `help.example.gov` is not an e-mail address",
            "courts/test.yaml:15:3: field `helpdesk.emial`: unknown field `emial`",
            "courts/test.yaml:16:10: field `go_live`: `2020-04-31` is not a date: April 2020 has 30 days",
            "courts/test.yaml:20:14: field `outage.time_zone`: unknown time zone `Mountain`",
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
}

/// Notices may be dated after go-live (the templates choose their tense from the dates).
#[test]
fn notices_may_be_dated_after_go_live() {
    let text = VALID.replace("letter: 2020-02-20", "letter: 2020-05-01");
    let court = parse(&text).unwrap();
    assert_eq!(court.date("letter"), NaiveDate::from_ymd_opt(2020, 5, 1));
}

#[test]
fn a_file_of_a_million_mistakes_reports_fifty_and_a_count() {
    // 60,000 keys: a check quadratic in the number of keys would take minutes here.
    let text: String = (0..60_000).map(|i| format!("k{i}: v\n")).collect();
    let error = parse(&text).unwrap_err();
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
    let error = parse(&bomb).unwrap_err();
    assert!(error.to_string().contains("aliases"), "{error}");
}

#[test]
fn shipped_court_files_are_valid() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("courts");
    let schema = crate::template::Catalog::load(None).unwrap().court_schema();
    let ids: Vec<String> = load_courts(&dir, &schema)
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
    assert_eq!(parse(VALID).unwrap().tz().name(), "America/Denver");
}

/// Every data error `text` gives, as "line:column field: message".
fn errors(text: &str) -> Vec<String> {
    let error = parse(text).unwrap_err();
    error
        .leaves()
        .into_iter()
        .map(|leaf| match leaf {
            Error::Data {
                location,
                field,
                message,
                ..
            } => format!(
                "{}:{} {}: {message}",
                location.line,
                location.column,
                field.as_deref().unwrap_or("-")
            ),
            other => panic!("expected data errors, got {other}"),
        })
        .collect()
}

#[test]
fn null_is_missing_for_required_text_and_absent_for_optional_fields() {
    let text = VALID
        .replace("name: United States District Court", "name: ~")
        .replace("  title: Clerk of Court", "  title: null")
        .replace("closing: Sincerely,", "closing:");
    assert_eq!(
        errors(&text),
        [
            "1:7 name: `~` means \"no value\" in YAML, and `name` needs one",
            "5:10 clerk.title: `null` means \"no value\" in YAML, and `title` needs one",
            "23:1 closing: `closing` has no value",
        ]
    );
    let text = format!("{VALID}chief_judge: ~\nurls:\n  # ecf_login: to come\nsite_menu:\n");
    let court = parse(&text).unwrap();
    assert_eq!(court.chief_judge, None);
    assert_eq!(court.urls, Urls::default());
    assert!(court.site_menu.is_empty());
    let text = format!("{VALID}site_menu: [Home, ~]\n");
    assert_eq!(
        errors(&text),
        ["27:19 site_menu[1]: `site_menu[1]` is an empty entry"]
    );
}

#[test]
fn plain_words_are_text_as_yaml_1_2_reads_them_but_true_and_false_are_not() {
    let text = VALID
        .replace("closing: Sincerely,", "closing: yes")
        .replace("zip: \"87102\"", "zip: 01234");
    let court = parse(&text).unwrap();
    assert_eq!(court.closing, "yes");
    assert_eq!(court.courthouse.zip, "01234");
    let text = VALID.replace("closing: Sincerely,", "closing: TRUE");
    assert_eq!(
        errors(&text),
        ["23:10 closing: expected text, found `TRUE`, which YAML reads as true or false"]
    );
    let text = VALID.replace("exempt_users: true", "exempt_users: \"true\"");
    assert_eq!(
        errors(&text),
        ["25:15 exempt_users: expected true or false, found the text \"true\""]
    );
}

#[test]
fn a_byte_order_mark_is_accepted() {
    let court = Court::parse_bytes(
        Path::new("courts/test.yaml"),
        format!("\u{FEFF}{VALID}").as_bytes(),
        &schema(),
    )
    .unwrap();
    assert_eq!(court.name, "United States District Court");
}

#[test]
fn control_characters_in_text_are_refused_at_the_character() {
    let text = VALID.replace("closing: Sincerely,", "closing: \"Sincerely\\e[2J\"");
    assert_eq!(
        errors(&text),
        ["23:20 closing: the text has U+001B ESCAPE, a control character, which cannot be printed"]
    );
    for (escape, named) in [
        ("\\x07", "U+0007"),
        ("\\u0001", "U+0001"),
        ("\\x85", "U+0085"),
        ("\\x9b", "U+009B"),
        ("\\uFFFE", "U+FFFE"),
        ("\\t", "a tab"),
        ("\\r", "a line break"),
    ] {
        let text = VALID.replace("  name: Jane Roe", &format!("  name: \"Jane{escape}Roe\""));
        let found = errors(&text);
        assert_eq!(found.len(), 1, "{escape}: {found:?}");
        assert!(
            found[0].starts_with("4:14 clerk.name: "),
            "{escape}: {found:?}"
        );
        assert!(found[0].contains(named), "{escape}: {found:?}");
    }
    // A line separator or a no-break space is unusual, not wrong: it is set as text.
    let text = VALID.replace("  name: Jane Roe", "  name: \"Jane\\u00A0Roe\\L\"");
    assert_eq!(parse(&text).unwrap().clerk.name, "Jane\u{A0}Roe\u{2028}");
}

#[test]
fn look_alike_and_invisible_characters_are_named_where_they_are() {
    let text = VALID.replace("name: United", "n\u{430}me: United");
    let found = errors(&text);
    assert_eq!(
        found,
        [
            "1:2 n\u{430}me: unknown field `n\u{430}me`: it has U+0430 CYRILLIC SMALL LETTER A, which looks like `a` but is a Cyrillic letter"
        ]
    );
    let text = VALID.replace("help@example.gov", "help@ex\u{430}mple.gov");
    assert_eq!(
        errors(&text),
        [
            "14:17 helpdesk.email: `help@ex\u{430}mple.gov` is not an e-mail address: it has U+0430 CYRILLIC SMALL LETTER A, which looks like `a` but is a Cyrillic letter"
        ]
    );
    let text = VALID.replace(
        "website: https://www.example.gov",
        "website: https://www.ex\u{430}mple.gov",
    );
    assert!(
        errors(&text)[0].starts_with("12:24 website: "),
        "{:?}",
        errors(&text)
    );
    let text = VALID.replace(
        "time_zone: America/Denver",
        "time_zone: \"America/Denver \"",
    );
    assert_eq!(
        errors(&text),
        ["26:27 time_zone: unknown time zone `America/Denver `: it ends with U+0020 SPACE"]
    );
    let text = VALID.replace("go_live: 2020-04-20", "go_live: 2020-04-2\u{200B}0");
    assert_eq!(
        errors(&text),
        [
            "15:19 go_live: `2020-04-2\u{200B}0` is not a date: it has U+200B ZERO WIDTH SPACE, which cannot be seen"
        ]
    );
}

#[test]
fn dates_outside_1990_to_2100_are_refused() {
    for (from, to, at) in [
        (
            "go_live: 2020-04-20",
            "go_live: 10000-04-20",
            "15:10 go_live",
        ),
        (
            "go_live: 2020-04-20",
            "go_live: 2101-01-01",
            "15:10 go_live",
        ),
        (
            "letter: 2020-02-20",
            "letter: 1989-12-31",
            "21:11 dates.letter",
        ),
        (
            "start: 2020-04-17T15:00:00",
            "start: 9999-04-17T15:00:00",
            "17:10 outage.start",
        ),
    ] {
        let found = errors(&VALID.replace(from, to));
        assert!(
            found.iter().any(|line| line.starts_with(at)
                && line.ends_with("the year must be between 1990 and 2100")),
            "{to}: {found:?}"
        );
    }
}

#[test]
fn the_outage_zone_must_be_the_courts_and_its_times_must_exist() {
    let text = VALID.replace("time_zone: America/Denver", "time_zone: America/New_York");
    assert_eq!(
        errors(&text),
        [
            "19:14 outage.time_zone: `MT` is not the court's time zone: in America/New_York the outage starts at 3:00 pm EDT"
        ]
    );
    let text = VALID
        .replace("start: 2020-04-17T15:00:00", "start: 2020-03-08T02:30:00")
        .replace("  time_zone: MT", "  time_zone: MDT");
    assert_eq!(
        errors(&text),
        [
            "17:10 outage.start: 2:30 am on March 8, 2020 does not exist in America/Denver: clocks go from 2:00 am MST straight to 3:00 am MDT"
        ]
    );
    let text = VALID
        .replace("go_live: 2020-04-20", "go_live: 2020-11-02")
        .replace("start: 2020-04-17T15:00:00", "start: 2020-10-31T22:00:00")
        .replace("end: 2020-04-20T08:00:00", "end: 2020-11-01T01:30:00")
        .replace("letter: 2020-02-20", "letter: 2020-10-01");
    let found = errors(&text);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].starts_with("18:8 outage.end: 1:30 am on November 1, 2020 happens twice"),
        "{found:?}"
    );
    // Saying which of the two (the first, daylight time) settles it.
    assert!(parse(&text.replace("  time_zone: MT", "  time_zone: MDT")).is_ok());
}

#[test]
fn a_court_left_untyped_is_a_district_court_of_attorneys() {
    let court = parse(VALID).unwrap();
    assert_eq!(court.court_type, CourtType::District);
    assert_eq!(court.filers, [Filer::Attorneys]);
    assert!(!court.pro_se_filers);
}

#[test]
fn a_bankruptcy_court_left_without_filers_has_its_usual_ones() {
    let court = parse(&format!("type: bankruptcy\n{VALID}")).unwrap();
    assert_eq!(court.court_type, CourtType::Bankruptcy);
    assert_eq!(
        court.filers,
        [
            Filer::Attorneys,
            Filer::Trustees,
            Filer::FilingAgents,
            Filer::LimitedUse
        ]
    );
}

#[test]
fn filers_keep_their_order_once_each_and_pro_se_is_one_fact_in_two_places() {
    let court = parse(&format!(
        "{VALID}filers: [trustees, attorneys, trustees]\npro_se_filers: true\n"
    ))
    .unwrap();
    assert_eq!(
        court.filers,
        [Filer::Trustees, Filer::Attorneys, Filer::ProSe]
    );
    let court = parse(&format!("{VALID}filers: [attorneys, pro_se]\n")).unwrap();
    assert!(court.pro_se_filers);
}

#[test]
fn an_unknown_type_or_filer_is_located_with_a_hint() {
    let (line, column, field, message) = data_error(&format!("type: bankrupcy\n{VALID}"));
    assert_eq!((line, column), (1, 7));
    assert_eq!(field.as_deref(), Some("type"));
    assert!(message.contains("bankrupcy"), "{message}");
    let (_, _, field, message) = data_error(&format!("{VALID}filers: [attorneys, trustee]\n"));
    assert_eq!(field.as_deref(), Some("filers[1]"));
    assert!(message.contains("trustee"), "{message}");
}

#[test]
fn the_sibling_upgrade_is_placed_beside_go_live() {
    let without_flag = VALID.replace("separate_bankruptcy_system: false\n", "");
    let at = |date: &str| {
        parse(&format!(
            "{without_flag}sibling:\n  separate: true\n  go_live: {date}\n"
        ))
        .unwrap()
        .sibling
        .upgrade
    };
    assert_eq!(at("2019-08-26"), SiblingUpgrade::Earlier);
    assert_eq!(at("2020-04-20"), SiblingUpgrade::Same);
    assert_eq!(at("2020-04-21"), SiblingUpgrade::Later);
    let court = parse(&format!("{without_flag}sibling:\n  separate: false\n")).unwrap();
    assert_eq!(court.sibling.upgrade, SiblingUpgrade::Unknown);
    assert!(!court.sibling.separate);
}

#[test]
fn the_older_flag_is_a_separate_sibling() {
    let court = parse(&VALID.replace(
        "separate_bankruptcy_system: false",
        "separate_bankruptcy_system: true",
    ))
    .unwrap();
    assert!(court.sibling.separate);
    assert_eq!(court.sibling.upgrade, SiblingUpgrade::Unknown);
}

#[test]
fn the_sibling_is_told_once_and_never_by_a_court_of_appeals() {
    let both = format!("{VALID}sibling:\n  separate: true\n");
    let (line, _, field, _) = data_error(&both);
    assert_eq!(line, 24);
    assert_eq!(field.as_deref(), Some("separate_bankruptcy_system"));
    let appeals = format!(
        "type: appeals\n{}sibling:\n  separate: true\n",
        VALID.replace("separate_bankruptcy_system: false\n", "")
    );
    let (_, _, field, message) = data_error(&appeals);
    assert_eq!(field.as_deref(), Some("sibling"));
    assert!(message.contains("court of appeals"), "{message}");
}

/// Valid data that looks like a typo is a warning at its field, not an error.
#[test]
fn an_email_at_another_domain_and_a_number_under_two_labels_are_warnings() {
    let text = VALID.replace(
        "  email: help@example.gov",
        "  email: help@other.gov\n  phone: 505.555.0100",
    );
    let court = parse(&text).unwrap();
    let warnings = warnings::of(&court, Path::new("courts/test.yaml"), &text);
    let shown: Vec<String> = warnings.iter().map(ToString::to_string).collect();
    assert_eq!(shown.len(), 2, "{shown:?}");
    assert!(
        shown[0].starts_with("courts/test.yaml:14:10: field `helpdesk.email`"),
        "{shown:?}"
    );
    assert!(shown[0].contains("is at `other.gov`, but the court's website is at `example.gov`"));
    assert!(
        shown[1].starts_with("courts/test.yaml:15:10: field `helpdesk.phone`"),
        "{shown:?}"
    );
    assert!(shown[1].contains("the CM/ECF helpdesk and also for the clerk's office"));
    // The example courts give none but cacd, whose helpdesk address is at `acd.uscourts.gov`.
    let schema = crate::template::Catalog::load(None).unwrap().court_schema();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("courts");
    let loaded = load_folder(&dir, &schema, &[]).unwrap();
    let ids: Vec<&str> = loaded
        .data_warnings
        .iter()
        .map(|(id, _)| id.as_str())
        .collect();
    assert_eq!(ids, ["cacd"]);
}

/// A court file `text` in a fresh courts folder whose court folder (`<folder>/test/`) holds
/// `files`; the court as loaded, or its report.
fn with_images(text: &str, files: &[(&str, &[u8])]) -> Result<Court, String> {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let folder = dir.path().join("test");
    std::fs::create_dir_all(&folder).expect("the court folder");
    for (name, bytes) in files {
        std::fs::write(folder.join(name), bytes).expect("an image file");
    }
    let file = dir.path().join("test.yaml");
    Court::parse(&file, text, &schema()).map_err(|error| {
        error
            .to_string()
            .replace(&format!("{}/", dir.path().display()), "")
    })
}

/// A 2 × 1 grey PNG.
fn tiny_png() -> Vec<u8> {
    let mut bytes = Vec::new();
    let mut encoder = png::Encoder::new(&mut bytes, 2, 1);
    encoder.set_color(png::ColorType::Grayscale);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header().expect("a PNG header");
    writer.write_image_data(&[10, 200]).expect("PNG data");
    drop(writer);
    bytes
}

#[test]
fn a_seal_and_a_signature_image_in_the_court_folder_load() {
    let text = VALID.replace(
        "  title: Clerk of Court\n",
        "  title: Clerk of Court\n  signature: sign/clerk.png\nseal: seal.png\n",
    );
    let png = tiny_png();
    let dir = tempfile::tempdir().expect("a temporary folder");
    std::fs::create_dir_all(dir.path().join("test/sign")).expect("folders");
    std::fs::write(dir.path().join("test/seal.png"), &png).expect("seal");
    std::fs::write(dir.path().join("test/sign/clerk.png"), &png).expect("signature");
    let court = Court::parse(&dir.path().join("test.yaml"), &text, &schema()).expect("loads");
    assert_eq!(court.seal.as_deref(), Some("seal.png"));
    assert_eq!(court.clerk.signature.as_deref(), Some("sign/clerk.png"));
}

#[test]
fn the_slash_s_form_needs_no_file() {
    let text = VALID.replace(
        "  title: Clerk of Court\n",
        "  title: Clerk of Court\n  signature: /s/\n",
    );
    let court = with_images(&text, &[]).expect("loads");
    assert_eq!(court.clerk.signature.as_deref(), Some("/s/"));
}

#[test]
fn a_missing_unreadable_or_outside_image_is_reported_at_its_field() {
    let signature = |value: &str| {
        VALID.replace(
            "  title: Clerk of Court\n",
            &format!("  title: Clerk of Court\n  signature: {value}\n"),
        )
    };
    assert_eq!(
        with_images(&signature("signature.png"), &[]).unwrap_err(),
        "test.yaml:6:14: field `clerk.signature`: the signature image `test/signature.png` does not exist"
    );
    assert_eq!(
        with_images(
            &signature("signature.png"),
            &[("signature.png", b"\x89PNG\r\n\x1a\nbroken")]
        )
        .unwrap_err(),
        "test.yaml:6:14: field `clerk.signature`: the signature image `test/signature.png` is not a PNG or JPEG image noticegen can read"
    );
    assert_eq!(
        with_images(&signature("scan.gif"), &[("scan.gif", b"GIF89a")]).unwrap_err(),
        "test.yaml:6:14: field `clerk.signature`: the signature image `test/scan.gif` is not a PNG or JPEG image noticegen can read"
    );
    for outside in [
        "../other/signature.png",
        "/etc/signature.png",
        "C:signature.png",
    ] {
        assert_eq!(
            with_images(&signature(outside), &[]).unwrap_err(),
            format!(
                "test.yaml:6:14: field `clerk.signature`: `{outside}` is not a file name inside the court's folder"
            )
        );
    }
    let seal = format!("{VALID}seal: seal.jpg\n");
    assert_eq!(
        with_images(&seal, &[]).unwrap_err(),
        "test.yaml:27:7: field `seal`: the seal image `test/seal.jpg` does not exist"
    );
}

#[cfg(unix)]
#[test]
fn an_image_linked_from_outside_the_court_folder_is_refused() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    std::fs::create_dir_all(dir.path().join("test")).expect("the court folder");
    std::fs::write(dir.path().join("elsewhere.png"), tiny_png()).expect("an image");
    std::os::unix::fs::symlink(
        dir.path().join("elsewhere.png"),
        dir.path().join("test/seal.png"),
    )
    .expect("a link");
    let text = format!("{VALID}seal: seal.png\n");
    let error = Court::parse(&dir.path().join("test.yaml"), &text, &schema())
        .expect_err("the link is refused")
        .to_string()
        .replace(&format!("{}/", dir.path().display()), "");
    assert_eq!(
        error,
        "test.yaml:27:7: field `seal`: the seal image `test/seal.png` is a link to a file outside the court's folder"
    );
}

#[test]
fn courts_not_asked_for_are_not_read_and_their_mistakes_stop_no_one() {
    let schema = crate::template::Catalog::load(None).unwrap().court_schema();
    let dir = tempfile::tempdir().unwrap();
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("courts");
    std::fs::copy(examples.join("casd.yaml"), dir.path().join("casd.yaml")).unwrap();
    std::fs::write(dir.path().join("broken.yaml"), "name: [unclosed\n").unwrap();
    let only = load_folder(dir.path(), &schema, &["casd".to_string()]).unwrap();
    let read: Vec<&str> = only.courts.iter().map(|court| court.id.as_str()).collect();
    assert_eq!(read, ["casd"]);
    assert_eq!(
        only.ids,
        ["broken", "casd"],
        "every file's id, to check the names asked"
    );
    let all = load_folder(dir.path(), &schema, &[])
        .unwrap_err()
        .to_string();
    assert!(all.contains("broken.yaml"), "{all}");
}
