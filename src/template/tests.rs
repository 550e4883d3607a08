use std::path::Path;

use super::*;
use crate::court::load_courts;

fn courts() -> Vec<Court> {
    let schema = Catalog::load(None).unwrap().court_schema();
    load_courts(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("courts"),
        &schema,
    )
    .unwrap()
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
            "training-guide",
            "now-live"
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
            let notice = catalog.render(&court, kind, "en", None).unwrap();
            assert!(!notice.markdown.contains("{{"), "{}/{kind}", court.id);
            assert!(!notice.markdown.contains("\n\n\n"), "{}/{kind}", court.id);
            assert!(!notice.meta.title.is_empty());
        }
    }
}

#[test]
fn meta_is_plain_text_from_the_manifest() {
    let catalog = Catalog::load(None).unwrap();
    let notice = catalog
        .render(&court("casd"), "letter", "en", None)
        .unwrap();
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
    let markdown = catalog
        .render(&court, "letter", "en", None)
        .unwrap()
        .markdown;
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
    let error = catalog.render(&court, "letter", "en", None).unwrap_err();
    let Error::Template { file, report, .. } = error else {
        panic!("expected a template error");
    };
    assert!(file.ends_with("partials/prepare.md"), "{}", file.display());
    assert!(report.contains("javascript"), "{report}");
}

#[test]
fn overrides_replace_built_ins_file_by_file() {
    let dir = templates_folder(&[(
        "partials/intro.md",
        "Overridden intro for {{ court.district }}.\n",
    )]);
    let catalog = Catalog::load(Some(dir.path())).unwrap();
    let markdown = catalog
        .render(&court("nmd"), "letter", "en", None)
        .unwrap()
        .markdown;
    assert!(markdown.contains("Overridden intro for District of New Mexico."));
    assert!(markdown.contains("Central Sign-On"), "other built-ins stay");
}

/// The template error that loading the templates of `dir` stops at: its file and report.
fn template_error_of(dir: &std::path::Path) -> (std::path::PathBuf, String) {
    match Catalog::load(Some(dir)).err() {
        Some(Error::Template { file, report, .. }) => (file, report),
        other => panic!("expected a template error, got {other:?}"),
    }
}

#[test]
fn template_syntax_errors_name_the_file() {
    let dir = templates_folder(&[("letter.md", "Hello {{ court.name \n")]);
    let (file, report) = template_error_of(dir.path());
    assert_eq!(file, dir.path().join("letter.md"));
    assert!(report.contains("letter.md:1:"), "{report}");
}

/// A templates folder whose manifest gives the letter a title that does not compile.
fn letter_title_broken() -> tempfile::TempDir {
    let manifest = built_in(MANIFEST).replace(
        "title: \"Upgrade to NextGen CM/ECF: letter from the Clerk of Court\"",
        "title: \"Upgrade {% if court.name %} no end\"",
    );
    assert_ne!(
        manifest,
        built_in(MANIFEST),
        "the letter's title is in the manifest"
    );
    templates_folder(&[(MANIFEST, &manifest)])
}

#[test]
fn a_title_that_does_not_compile_is_reported_at_load_naming_its_kind() {
    let dir = letter_title_broken();
    let (file, report) = template_error_of(dir.path());
    assert_eq!(file, dir.path().join("kinds.yaml"));
    assert!(report.starts_with("kind `letter`: "), "{report}");
}

#[test]
fn a_title_is_compiled_only_when_its_kind_is_built() {
    let dir = letter_title_broken();
    let load = |kinds: &[&str]| load_kinds(dir.path(), kinds);
    let catalog = load(&["reminder"]).unwrap();
    assert!(
        catalog
            .render(&court("nmd"), "reminder", "en", None)
            .is_ok()
    );
    for kinds in [&["letter"][..], &["reminder", "letter"], &[]] {
        match load(kinds).err() {
            Some(Error::Template { file, report, .. }) => {
                assert_eq!(file, dir.path().join("kinds.yaml"), "{kinds:?}");
                assert!(report.starts_with("kind `letter`: "), "{report}");
            }
            other => panic!("{kinds:?}: expected the title's error, got {other:?}"),
        }
    }
}

#[test]
fn titles_in_each_language_are_rendered_from_their_own_text() {
    let catalog = Catalog::load(None).unwrap();
    let court = court("nmd");
    let english = catalog.render(&court, "press-release", "en", None).unwrap();
    let spanish = catalog.render(&court, "press-release", "es", None).unwrap();
    assert!(
        english.meta.title.starts_with("Press release: "),
        "{}",
        english.meta.title
    );
    assert!(
        spanish.meta.title.starts_with("Comunicado de prensa: "),
        "{}",
        spanish.meta.title
    );
    assert!(
        spanish.meta.description.contains("el tribunal"),
        "{}",
        spanish.meta.description
    );
}

#[test]
fn manifest_errors_are_located() {
    let dir = tempfile::tempdir().unwrap();
    let manifest = built_in(MANIFEST).replace("    date: reminder\n", "    date: Reminder\n");
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

    let manifest = built_in(MANIFEST).replace(
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

/// A templates folder holding `files` (name, text), to override the built-ins.
fn templates_folder(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

/// The catalog of the templates folder `dir`, compiled for `kinds` alone.
fn load_kinds(dir: &std::path::Path, kinds: &[&str]) -> Result<Catalog, Error> {
    let kinds: Vec<String> = kinds.iter().map(|kind| kind.to_string()).collect();
    Catalog::load_beside(Some(dir), &kinds, || (), |_| ()).0
}

/// A catalog with `files` (name, text) overriding the built-ins.
fn overridden(files: &[(&str, &str)]) -> (tempfile::TempDir, Result<Catalog, Error>) {
    let dir = templates_folder(files);
    let catalog = Catalog::load(Some(dir.path()));
    (dir, catalog)
}

#[test]
fn a_notice_too_long_names_the_template_and_the_court() {
    let (dir, catalog) = overridden(&[(
        "letter.md",
        "{% for i in range(end=100000) %}{{ court.name }} {% endfor %}\n",
    )]);
    let error = catalog
        .unwrap()
        .render(&court("nmd"), "letter", "en", None)
        .unwrap_err();
    let Error::Template { file, report, .. } = &error else {
        panic!("expected a template error: {error}");
    };
    assert_eq!(file, &dir.path().join("letter.md"));
    assert!(report.contains("court `nmd`"), "{report}");
    assert!(report.contains("over 1 MiB of Markdown"), "{report}");
}

#[test]
fn loops_inside_loops_are_stopped_at_the_range_that_starts_them() {
    let (_dir, catalog) = overridden(&[(
        "partials/intro.md",
        "{% for i in range(end=100000) %}\n{% for j in range(end=100000) %}{% endfor %}{% endfor %}\n",
    )]);
    let error = catalog
        .unwrap()
        .render(&court("casd"), "letter", "en", None)
        .unwrap_err();
    let Error::Template {
        file, at: Some(at), ..
    } = &error
    else {
        panic!("expected a located template error: {error}");
    };
    assert!(file.ends_with("partials/intro.md"), "{}", file.display());
    assert_eq!((at.line, at.column), (2, 13));
    assert!(at.message.contains("court `casd`"), "{}", at.message);
}

#[test]
fn a_title_that_loops_too_often_is_stopped() {
    let manifest = built_in(MANIFEST).replacen(
        "    title: ",
        "    title: \"{% for i in range(end=100000) %}{% for j in range(end=100000) %}{% endfor %}{% endfor %}\"\n    description_: ",
        1,
    );
    // Keep the manifest valid: only the first kind's title changes.
    let manifest = manifest.replacen("    description_: ", "    # ", 1);
    let (_dir, catalog) = overridden(&[("kinds.yaml", &manifest)]);
    let catalog = catalog.unwrap();
    let first = catalog.kinds()[0].to_string();
    let error = catalog
        .render(&court("nmd"), &first, "en", None)
        .unwrap_err();
    assert!(error.to_string().contains("court `nmd`"), "{error}");
}

#[test]
fn circles_of_templates_are_located() {
    let (dir, catalog) = overridden(&[
        ("letter.md", "Hi\n{% include \"partials/a.md\" %}\n"),
        ("partials/a.md", "A\n{% include \"partials/b.md\" %}\n"),
        ("partials/b.md", "B\n\n  {% include \"partials/a.md\" %}\n"),
    ]);
    let error = catalog.err().unwrap();
    let Error::Template {
        file, at: Some(at), ..
    } = &error
    else {
        panic!("expected a located template error: {error}");
    };
    assert_eq!(file, &dir.path().join("partials/b.md"));
    assert_eq!((at.line, at.column), (3, 15));
    assert!(
        at.message
            .contains("letter.md → partials/a.md → partials/b.md → partials/a.md"),
        "{}",
        at.message
    );
}

#[test]
fn a_component_that_calls_itself_is_located() {
    let (dir, catalog) = overridden(&[(
        "partials/intro.md",
        "{% component again(n: number) %}\n  {{ <again n={n} /> }}\n{% endcomponent again %}\n{{ <again n={1} /> }}\n",
    )]);
    let error = catalog
        .unwrap()
        .render(&court("nmd"), "letter", "en", None)
        .unwrap_err();
    let Error::Template {
        file, at: Some(at), ..
    } = &error
    else {
        panic!("expected a located template error: {error}");
    };
    assert_eq!(file, &dir.path().join("partials/intro.md"));
    assert_eq!((at.line, at.column), (2, 7));
    assert!(at.message.contains("again → again"), "{}", at.message);
}

#[test]
fn an_oversized_template_file_is_refused_unread() {
    let big = "x".repeat(MAX_TEMPLATE_BYTES as usize + 1);
    let (dir, catalog) = overridden(&[("letter.md", &big)]);
    let error = catalog.err().unwrap();
    let Error::Template { file, report, .. } = &error else {
        panic!("expected a template error: {error}");
    };
    assert_eq!(file, &dir.path().join("letter.md"));
    assert!(report.contains("over 1 MiB"), "{report}");
}

/// A built-in file's text.
fn built_in(name: &str) -> &'static str {
    builtin(name).unwrap()
}

#[test]
fn a_folder_file_that_says_what_the_built_in_copy_says_is_not_held_twice() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("letter.md");
    let same = built_in("letter.md");
    let mut buffer = Vec::new();
    std::fs::write(&path, same).unwrap();
    let read = read_template_into(&path, &mut buffer, Some(same)).unwrap();
    assert!(matches!(read, Cow::Borrowed(text) if std::ptr::eq(text, same)));
    std::fs::write(&path, format!("{same}One more line.\n")).unwrap();
    let read = read_template_into(&path, &mut buffer, Some(same)).unwrap();
    assert!(matches!(&read, Cow::Owned(text) if text.ends_with("One more line.\n")));
    // A file of its own, with no built-in copy to be.
    std::fs::write(&path, "Hello.").unwrap();
    let read = read_template_into(&path, &mut buffer, None).unwrap();
    assert!(matches!(&read, Cow::Owned(text) if text == "Hello."));
    // The buffer is reused, and a file that is not text is still refused.
    std::fs::write(&path, [0xff, 0xfe, b'x']).unwrap();
    let error = read_template_into(&path, &mut buffer, Some(same)).unwrap_err();
    assert!(error.to_string().contains("UTF-8"), "{error}");
}

#[test]
fn every_file_of_the_folder_is_built_in() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(FOLDER);
    for name in [
        "kinds.yaml",
        "letter.md",
        "partials/recipient.md",
        "publish.yaml",
    ] {
        let text = std::fs::read_to_string(root.join(name)).unwrap();
        assert_eq!(built_in(name), text, "{name}");
    }
}

/// A courts folder in a temporary directory holding the example courts' files, with
/// `partials` written under `courts/<id>/partials/`: (id, file name, text).
fn courts_with_partials(partials: &[(&str, &str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (id, name, text) in partials {
        let folder = dir.path().join(id).join(court_partials::FOLDER);
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::write(folder.join(name), text).unwrap();
    }
    dir
}

#[test]
fn a_court_partial_replaces_the_shared_one_for_that_court_only() {
    let dir = courts_with_partials(&[(
        "nmd",
        "calendar-link.md",
        "The Clerk's Office asks every filer to save [{{ rollout.calendar_file }}]({{ rollout.calendar_file }}).\n",
    )]);
    let mut catalog = Catalog::load(None).unwrap();
    catalog
        .add_court_partials(dir.path(), &["nmd", "casd"])
        .unwrap();
    let nmd = catalog.render(&court("nmd"), "letter", "en", None).unwrap();
    assert!(
        nmd.markdown
            .contains("The Clerk's Office asks every filer to save [nextgen.ics](nextgen.ics)."),
        "{}",
        nmd.markdown
    );
    assert!(
        !nmd.markdown.contains("to your calendar"),
        "{}",
        nmd.markdown
    );
    // Another court keeps the shared partial, and so does the same court in a fresh catalog.
    let casd = catalog
        .render(&court("casd"), "letter", "en", None)
        .unwrap();
    assert!(
        casd.markdown.contains("to your calendar"),
        "{}",
        casd.markdown
    );
    let shared = Catalog::load(None).unwrap();
    let plain = shared.render(&court("nmd"), "letter", "en", None).unwrap();
    assert!(plain.markdown.contains("to your calendar"));
}

#[test]
fn an_error_in_a_court_partial_is_reported_at_its_own_path_line_and_column() {
    // A syntax error, found when the court's partials are read.
    let dir = courts_with_partials(&[("nmd", "intro.md", "The court\n\n  {% if %}upgrades.\n")]);
    let mut catalog = Catalog::load(None).unwrap();
    let error = catalog
        .add_court_partials(dir.path(), &["nmd"])
        .unwrap_err();
    let Error::Template {
        file, at: Some(at), ..
    } = &error
    else {
        panic!("expected a located template error: {error}");
    };
    assert_eq!(file, &dir.path().join("nmd/partials/intro.md"));
    assert_eq!(at.line, 3, "{error}");
    // An unknown variable, found when the court's notice is merged.
    let dir = courts_with_partials(&[("nmd", "intro.md", "The court\n{{ court.nmae }}\n")]);
    let mut catalog = Catalog::load(None).unwrap();
    catalog.add_court_partials(dir.path(), &["nmd"]).unwrap();
    let error = catalog
        .render(&court("nmd"), "letter", "en", None)
        .unwrap_err();
    let Error::Template {
        file, at: Some(at), ..
    } = &error
    else {
        panic!("expected a located template error: {error}");
    };
    assert_eq!(file, &dir.path().join("nmd/partials/intro.md"));
    assert_eq!((at.line, at.column), (2, 10), "{error}");
}

#[test]
fn a_court_partial_that_replaces_nothing_is_an_error_naming_the_one_meant() {
    let dir = courts_with_partials(&[
        ("nmd", "contact.md", "Call us.\n"),
        ("casd", "notes-for-me.md", "x\n"),
    ]);
    let mut catalog = Catalog::load(None).unwrap();
    let error = catalog
        .add_court_partials(dir.path(), &["nmd", "casd"])
        .unwrap_err();
    let text = error.to_string();
    assert_eq!(error.count(), 2, "{text}");
    assert!(text.contains("nmd/partials/contact.md"), "{text}");
    assert!(
        text.contains("`partials/contact.md` is no shared partial"),
        "{text}"
    );
    let Error::Many(errors) = &error else {
        panic!("{text}");
    };
    let helps: Vec<String> = errors
        .iter()
        .filter_map(|error| match error {
            Error::Data { help, .. } => help.clone(),
            _ => None,
        })
        .collect();
    assert!(
        helps
            .iter()
            .any(|help| help == "did you mean `contacts.md`?"),
        "{helps:?}"
    );
}

#[test]
fn a_build_of_some_kinds_compiles_only_the_templates_they_need() {
    let dir = templates_folder(&[("press-release.md", "Hello {{ court.name \n")]);
    let load = |kinds: &[&str]| load_kinds(dir.path(), kinds);
    let catalog = load(&["letter"]).unwrap();
    let markdown = catalog.render(&court("nmd"), "letter", "en", None).unwrap();
    assert!(markdown.markdown.contains("Central Sign-On"));
    for kinds in [&["press-release"][..], &["letter", "press-release"], &[]] {
        match load(kinds).err() {
            Some(Error::Template { file, .. }) => {
                assert_eq!(file, dir.path().join("press-release.md"), "{kinds:?}")
            }
            other => panic!("{kinds:?}: expected the template's error, got {other:?}"),
        }
    }
}

#[test]
fn a_mistake_in_a_partial_a_kind_needs_is_reported_when_only_it_is_built() {
    let dir = templates_folder(&[("partials/intro.md", "{% if court.name %}\n")]);
    match load_kinds(dir.path(), &["letter"]).err() {
        Some(Error::Template { file, .. }) => {
            assert_eq!(file, dir.path().join("partials/intro.md"))
        }
        other => panic!("expected the partial's error, got {other:?}"),
    }
}
