//! Runs the real binary in temporary folders and checks what a user sees: files, messages and
//! exit codes.

mod common;

use common::{copy_dir, noticegen, repo};
use std::fs;
use std::process::Output;

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A scratch folder holding a copy of the bundled court files.
fn workspace() -> tempfile::TempDir {
    let temp = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("courts"), &temp.path().join("courts"));
    temp
}

fn court_ids() -> Vec<String> {
    let mut ids: Vec<String> = fs::read_dir(repo().join("courts"))
        .unwrap()
        .filter_map(|e| {
            let path = e.unwrap().path();
            if path.extension()? != "yaml" {
                return None;
            }
            Some(path.file_stem()?.to_string_lossy().into_owned())
        })
        .collect();
    ids.sort();
    ids
}

const KINDS: [&str; 6] = [
    "letter",
    "notice",
    "press-release",
    "reminder",
    "web-page",
    "training-guide",
];

#[test]
fn build_writes_every_kind_of_every_court_in_three_formats() {
    let temp = workspace();
    let output = noticegen(temp.path(), &["build"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let ids = court_ids();
    assert!(ids.len() >= 4);
    for id in &ids {
        for kind in KINDS {
            for ext in ["md", "html", "pdf"] {
                let path = temp
                    .path()
                    .join("out")
                    .join(id)
                    .join(format!("{kind}.{ext}"));
                let bytes =
                    fs::read(&path).unwrap_or_else(|_| panic!("{} missing", path.display()));
                assert!(bytes.len() > 500, "{} is nearly empty", path.display());
            }
        }
    }
    // Per court: 18 notices, its index page, feed and calendar; and the index of all courts.
    for id in &ids {
        for file in ["index.html", "feed.xml", "nextgen.ics"] {
            let path = temp.path().join("out").join(id).join(file);
            assert!(path.is_file(), "{} missing", path.display());
        }
    }
    assert!(temp.path().join("out/index.html").is_file());
    assert!(stderr(&output).contains(&format!("built {} files", ids.len() * 21 + 1)));
}

#[test]
fn fragment_writes_body_only_html_beside_each_page() {
    let temp = workspace();
    let output = noticegen(
        temp.path(),
        &["build", "--court", "nmd", "--format", "html", "--fragment"],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    for kind in KINDS {
        let page = fs::read_to_string(temp.path().join(format!("out/nmd/{kind}.html"))).unwrap();
        let fragment =
            fs::read_to_string(temp.path().join(format!("out/nmd/{kind}.fragment.html"))).unwrap();
        assert!(page.starts_with("<!DOCTYPE html>"));
        for chrome in ["<!DOCTYPE", "<html", "<head", "<body", "<main", "<style"] {
            assert!(!fragment.contains(chrome), "{kind}: fragment has {chrome}");
        }
        let main = &page[page.find("<main>\n").unwrap() + 7..page.find("</main>").unwrap()];
        // The page adds its title as a hidden heading when the notice has none; a CMS page
        // has its own title.
        let body = match main.strip_prefix("<h1 class=\"visually-hidden\">") {
            Some(rest) => &rest[rest.find("</h1>\n").unwrap() + 6..],
            None => main,
        };
        assert!(
            fragment.starts_with(body),
            "{kind}: the fragment is the page's body"
        );
    }
    let web_page = fs::read_to_string(temp.path().join("out/nmd/web-page.fragment.html")).unwrap();
    assert!(
        web_page.contains("<script>"),
        "the countdown works in a fragment too"
    );
}

#[test]
fn two_builds_are_byte_identical() {
    let temp = workspace();
    for out in ["a", "b"] {
        let output = noticegen(temp.path(), &["build", "--court", "nmd", "--out", out]);
        assert!(output.status.success(), "{}", stderr(&output));
    }
    let published = [
        "index.html",
        "nmd/index.html",
        "nmd/feed.xml",
        "nmd/nextgen.ics",
    ];
    let notices = KINDS
        .iter()
        .flat_map(|kind| ["md", "html", "pdf"].map(|ext| format!("nmd/{kind}.{ext}")));
    for file in notices.chain(published.map(String::from)) {
        let a = fs::read(temp.path().join("a").join(&file)).unwrap();
        let b = fs::read(temp.path().join("b").join(&file)).unwrap();
        assert!(a == b, "{file} differs between two builds");
    }
}

#[test]
fn narrowing_by_court_kind_and_format() {
    let temp = workspace();
    let output = noticegen(
        temp.path(),
        &[
            "build", "--court", "casd", "--kind", "letter", "--kind", "reminder", "--format", "md",
        ],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let out = temp.path().join("out");
    assert!(out.join("casd/letter.md").exists());
    assert!(out.join("casd/reminder.md").exists());
    assert!(!out.join("casd/letter.pdf").exists());
    assert!(!out.join("nmd").exists());
}

#[test]
fn bad_data_names_file_line_column_and_field_and_leaves_out_as_it_was() {
    let temp = workspace();
    assert!(
        noticegen(temp.path(), &["build", "--court", "nmd", "--format", "md"])
            .status
            .success()
    );
    let before = fs::read(temp.path().join("out/nmd/letter.md")).unwrap();

    let path = temp.path().join("courts/nmd.yaml");
    let text = fs::read_to_string(&path).unwrap();
    let line = text
        .lines()
        .position(|l| l.starts_with("go_live:"))
        .expect("nmd has go_live")
        + 1;
    let broken = text.replace("go_live:", "go_liv:");
    fs::write(&path, broken).unwrap();

    let output = noticegen(temp.path(), &["build", "--format", "md"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let message = stderr(&output);
    assert!(message.contains(&format!("nmd.yaml:{line}:")), "{message}");
    assert!(message.contains("go_liv"), "{message}");
    assert_eq!(
        fs::read(temp.path().join("out/nmd/letter.md")).unwrap(),
        before
    );
}

#[test]
fn bad_template_names_the_template_and_line() {
    let temp = workspace();
    let templates = temp.path().join("my-templates");
    fs::create_dir(&templates).unwrap();
    let letter = fs::read_dir(repo().join("notice-templates"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .find(|name| name.starts_with("letter"))
        .expect("a letter template");
    fs::write(
        templates.join(&letter),
        "Dear reader,\n\n{{ court.name | nosuchfilter }}\n",
    )
    .unwrap();
    let output = noticegen(
        temp.path(),
        &["check", "--templates", templates.to_str().unwrap()],
    );
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let message = stderr(&output);
    assert!(message.contains(&letter), "{message}");
    assert!(message.contains(":3:"), "{message}");
    assert!(!temp.path().join("out").exists(), "check writes nothing");
}

#[test]
fn usage_errors_exit_2() {
    let temp = workspace();
    let unknown_flag = noticegen(temp.path(), &["build", "--colour"]);
    assert_eq!(unknown_flag.status.code(), Some(2));
    let unknown_court = noticegen(temp.path(), &["build", "--court", "zzz"]);
    assert_eq!(unknown_court.status.code(), Some(2));
    assert!(stderr(&unknown_court).contains("unknown court `zzz`"));
    assert!(!temp.path().join("out").exists());
}

#[test]
fn refuses_an_output_folder_of_someone_elses() {
    let temp = workspace();
    let home = temp.path().join("home");
    fs::create_dir(&home).unwrap();
    fs::write(home.join("taxes.pdf"), b"keep me").unwrap();
    let output = noticegen(temp.path(), &["build", "--out", "home", "--format", "md"]);
    assert_ne!(output.status.code(), Some(0));
    assert!(stderr(&output).contains("taxes.pdf"), "{}", stderr(&output));
    assert_eq!(fs::read_dir(&home).unwrap().count(), 1);
}

#[test]
fn list_shows_each_notice_with_its_date() {
    let temp = workspace();
    let output = noticegen(temp.path(), &["list", "--court", "casd"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(
        stdout.contains("casd") && stdout.contains("letter"),
        "{stdout}"
    );
    assert!(
        stdout.contains("2019-12-05"),
        "the casd letter is dated December 5, 2019: {stdout}"
    );
    assert_eq!(stdout.lines().count(), 1 + KINDS.len());
}

#[test]
fn help_has_examples() {
    let output = noticegen(&repo(), &["build", "--help"]);
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(
        text.contains("Examples:") && text.contains("--court"),
        "{text}"
    );
}

#[test]
fn schema_prints_the_court_files_json_schema() {
    let output = noticegen(&repo(), &["schema"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let schema: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(schema["type"], "object");
    assert_eq!(schema["additionalProperties"], false);
    assert_eq!(schema["properties"]["go_live"]["format"], "date");
    let required = schema["required"].as_array().unwrap();
    assert!(required.iter().any(|name| name == "helpdesk"));
    assert!(!required.iter().any(|name| name == "urls"));
}

#[test]
fn errors_are_plain_text_without_a_terminal_and_name_every_mistake_of_a_file() {
    let temp = workspace();
    let path = temp.path().join("courts/nmd.yaml");
    let text = fs::read_to_string(&path).unwrap();
    let text = text
        .replace("go_live:", "go_liv:")
        .replace("cmecf@nmd.uscourts.gov", "cmecf.nmd.uscourts.gov");
    fs::write(&path, text).unwrap();
    let output = noticegen(temp.path(), &["check"]);
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert!(!message.contains('\x1b'), "no colour codes: {message}");
    assert!(
        message.contains("help: did you mean `go_live`?"),
        "{message}"
    );
    assert!(message.contains("is not an e-mail address"), "{message}");
    assert!(
        message.contains("2 errors; nothing was written"),
        "{message}"
    );
}
