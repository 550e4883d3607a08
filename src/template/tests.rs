use std::path::Path;

use super::*;
use crate::court::load_courts;

fn courts() -> Vec<Court> {
    load_courts(&Path::new(env!("CARGO_MANIFEST_DIR")).join("courts")).unwrap()
}

fn court(id: &str) -> Court {
    courts().into_iter().find(|court| court.id == id).unwrap()
}

#[test]
fn kinds_come_from_the_manifest_in_order() {
    let catalog = Catalog::load(None).unwrap();
    assert_eq!(
        catalog.kinds(),
        [
            "letter",
            "notice",
            "press-release",
            "reminder",
            "web-page",
            "training-guide"
        ]
    );
    assert_eq!(
        catalog.kind("training-guide").unwrap().layout,
        Layout::Slides
    );
    assert!(matches!(catalog.kind("memo"), Err(Error::Usage(_))));
}

#[test]
fn notice_dates_come_from_the_court_or_the_schedule() {
    let catalog = Catalog::load(None).unwrap();
    let nmd = court("nmd");
    let date = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
    assert_eq!(
        catalog.notice_date(&nmd, "reminder").unwrap(),
        date(2020, 3, 20)
    );
    // No letter date in courts/nmd.yaml: go-live (April 20, 2020) less 90 days.
    assert_eq!(
        catalog.notice_date(&nmd, "letter").unwrap(),
        date(2020, 1, 21)
    );
    assert_eq!(
        catalog.notice_date(&nmd, "training-guide").unwrap(),
        date(2020, 4, 6)
    );
}

#[test]
fn every_kind_renders_for_every_court() {
    let catalog = Catalog::load(None).unwrap();
    for court in courts() {
        for kind in catalog.kinds() {
            let notice = catalog.render(&court, kind, None).unwrap();
            assert!(!notice.markdown.contains("{{"), "{}/{kind}", court.id);
            assert!(!notice.markdown.contains("\n\n\n"), "{}/{kind}", court.id);
            assert!(!notice.meta.title.is_empty());
        }
    }
}

#[test]
fn meta_is_plain_text_from_the_manifest() {
    let catalog = Catalog::load(None).unwrap();
    let notice = catalog.render(&court("casd"), "letter", None).unwrap();
    assert_eq!(notice.meta.author, "John Morrill, Clerk of Court");
    assert_eq!(notice.meta.layout, Layout::Letter);
    assert_eq!(
        notice.meta.date,
        NaiveDate::from_ymd_opt(2019, 12, 5).unwrap()
    );
    assert!(
        notice.meta.description.contains("March 2, 2020"),
        "{}",
        notice.meta.description
    );
    assert!(
        notice.meta.description.contains("James")
            || notice.meta.description.contains("John Morrill")
    );
}

#[test]
fn court_data_is_escaped_for_markdown() {
    let catalog = Catalog::load(None).unwrap();
    let mut court = court("casd");
    court.clerk.name = "*Jane* _Roe_ [x](y)\n# Heading".into();
    court.courthouse.street = "1. Main Street".into();
    let markdown = catalog.render(&court, "letter", None).unwrap().markdown;
    assert!(
        markdown.contains(r"\*Jane\* \_Roe\_ \[x\](y) \# Heading"),
        "{markdown}"
    );
    assert!(markdown.contains(r"1\. Main Street"), "{markdown}");
    assert!(
        markdown.contains(r"James M. Carter \& Judith N. Keep"),
        "{markdown}"
    );
}

#[test]
fn unsafe_urls_in_data_fail_the_render() {
    let catalog = Catalog::load(None).unwrap();
    let mut court = court("casd");
    court.urls.password_reset = Some("javascript:alert(1)".into());
    let error = catalog.render(&court, "letter", None).unwrap_err();
    let Error::Template { file, report, .. } = error else {
        panic!("expected a template error");
    };
    assert!(file.ends_with("partials/prepare.md"), "{}", file.display());
    assert!(report.contains("javascript"), "{report}");
}

#[test]
fn overrides_replace_built_ins_file_by_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("partials")).unwrap();
    std::fs::write(
        dir.path().join("partials/intro.md"),
        "Overridden intro for {{ court.district }}.\n",
    )
    .unwrap();
    let catalog = Catalog::load(Some(dir.path())).unwrap();
    let markdown = catalog
        .render(&court("nmd"), "letter", None)
        .unwrap()
        .markdown;
    assert!(markdown.contains("Overridden intro for District of New Mexico."));
    assert!(markdown.contains("Central Sign-On"), "other built-ins stay");
}

#[test]
fn template_syntax_errors_name_the_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("letter.md"), "Hello {{ court.name \n").unwrap();
    let error = Catalog::load(Some(dir.path())).err().unwrap();
    let Error::Template { file, report, .. } = error else {
        panic!("expected a template error");
    };
    assert_eq!(file, dir.path().join("letter.md"));
    assert!(report.contains("letter.md:1:"), "{report}");
}

#[test]
fn manifest_errors_are_located() {
    let dir = tempfile::tempdir().unwrap();
    let manifest = BUILTINS[0]
        .1
        .replace("    date: reminder\n", "    date: reminders\n");
    std::fs::write(dir.path().join("kinds.yaml"), manifest).unwrap();
    let error = Catalog::load(Some(dir.path())).err().unwrap();
    let Error::Data {
        location, field, ..
    } = error
    else {
        panic!("expected a data error");
    };
    assert_eq!(field.as_deref(), Some("kinds[3].date"));
    assert_eq!(location.file, dir.path().join("kinds.yaml"));
    assert!(location.line > 1);

    let manifest = BUILTINS[0].1.replace(
        "    layout: slides\n",
        "    layout: slides\n    colour: red\n",
    );
    std::fs::write(dir.path().join("kinds.yaml"), manifest).unwrap();
    let error = Catalog::load(Some(dir.path())).err().unwrap();
    assert!(
        error.to_string().contains("unknown field `colour`"),
        "{error}"
    );
}
