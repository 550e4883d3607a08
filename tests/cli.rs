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

/// The kinds the bundled manifest lists, in its order.
fn kinds() -> Vec<String> {
    let text = fs::read_to_string(repo().join("notice-templates/kinds.yaml")).unwrap();
    let manifest: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
    manifest["kinds"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|kind| kind["name"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn build_writes_every_kind_of_every_court_in_three_formats() {
    let temp = workspace();
    let output = noticegen(temp.path(), &["build"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let ids = court_ids();
    assert!(ids.len() >= 4);
    for id in &ids {
        for kind in kinds() {
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
    // Per court: 21 notices, its index page, feed and calendar; and the index of all courts.
    for id in &ids {
        for file in ["index.html", "feed.xml", "nextgen.ics"] {
            let path = temp.path().join("out").join(id).join(file);
            assert!(path.is_file(), "{} missing", path.display());
        }
    }
    assert!(temp.path().join("out/index.html").is_file());
    assert!(stderr(&output).contains(&format!("built {} files", ids.len() * 24 + 1)));
}

/// A workspace whose `courts/` holds the fixture court `id` with its folder of images.
fn fixture_court(id: &str) -> tempfile::TempDir {
    let temp = tempfile::tempdir().unwrap();
    let fixtures = repo().join("tests/fixtures/rollout-courts/courts");
    let courts = temp.path().join("courts");
    fs::create_dir_all(&courts).unwrap();
    let file = format!("{id}.yaml");
    fs::copy(fixtures.join(&file), courts.join(&file)).unwrap();
    copy_dir(&fixtures.join(id), &courts.join(id));
    temp
}

#[test]
fn a_web_page_finds_the_court_images_it_shows_beside_it() {
    let temp = fixture_court("wvsb");
    let courts = temp.path().join("courts");
    let output = noticegen(temp.path(), &["build", "--kind", "letter"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let out = temp.path().join("out/wvsb");
    let page = fs::read_to_string(out.join("letter.html")).unwrap();
    for image in ["seal.png", "signature.jpg"] {
        assert!(page.contains(&format!("src=\"{image}\"")), "{page}");
        assert_eq!(
            fs::read(out.join(image)).unwrap(),
            fs::read(courts.join("wvsb").join(image)).unwrap()
        );
    }
    // Without HTML there is no page to show them: no copies.
    let output = noticegen(
        temp.path(),
        &[
            "build", "--kind", "letter", "--format", "pdf", "--out", "pdf-only",
        ],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(!temp.path().join("pdf-only/wvsb/seal.png").exists());
}

#[test]
fn fragment_writes_body_only_html_beside_each_page() {
    let temp = workspace();
    let output = noticegen(
        temp.path(),
        &["build", "--court", "nmd", "--format", "html", "--fragment"],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    for kind in kinds() {
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
    let notices = kinds()
        .into_iter()
        .flat_map(|kind| ["md", "html", "pdf"].map(|ext| format!("nmd/{kind}.{ext}")));
    for file in notices.chain(published.map(String::from)) {
        let a = fs::read(temp.path().join("a").join(&file)).unwrap();
        let b = fs::read(temp.path().join("b").join(&file)).unwrap();
        assert!(a == b, "{file} differs between two builds");
    }
}

/// Every file under `dir` with its inode: a file rewritten gets a new one.
#[cfg(unix)]
fn inodes(dir: &std::path::Path) -> std::collections::BTreeMap<std::path::PathBuf, u64> {
    use std::os::unix::fs::MetadataExt;
    snapshot(dir)
        .into_keys()
        .map(|path| {
            let inode = fs::metadata(dir.join(&path)).unwrap().ino();
            (path, inode)
        })
        .collect()
}

#[cfg(unix)]
#[test]
fn a_rebuild_rewrites_only_the_files_whose_bytes_change() {
    let temp = workspace();
    let build = || noticegen(temp.path(), &["build", "--court", "nmd", "--out", "out"]);
    let first = build();
    assert!(first.status.success(), "{}", stderr(&first));
    let out = temp.path().join("out");
    let before = inodes(&out);

    let again = build();
    assert!(
        stderr(&again).contains("(all unchanged)"),
        "{}",
        stderr(&again)
    );
    assert_eq!(
        inodes(&out),
        before,
        "a rebuild with nothing changed writes no file"
    );

    // A new clerk changes every notice that names the clerk, and nothing else.
    let court = temp.path().join("courts/nmd.yaml");
    let text = fs::read_to_string(&court).unwrap();
    fs::write(&court, text.replace("Mitchell R. Elfers", "Ada Q. Clerk")).unwrap();
    let changed = build();
    assert!(changed.status.success(), "{}", stderr(&changed));
    let after = inodes(&out);
    let rewritten: Vec<_> = before
        .iter()
        .filter(|(path, inode)| after.get(*path) != Some(*inode))
        .map(|(path, _)| path.display().to_string())
        .collect();
    assert!(
        rewritten.contains(&"nmd/letter.pdf".to_string()),
        "{rewritten:?}"
    );
    assert!(rewritten.len() < before.len(), "{rewritten:?}");
    for path in &rewritten {
        let bytes = fs::read(out.join(path)).unwrap();
        assert!(
            !path.ends_with(".md") || String::from_utf8_lossy(&bytes).contains("Ada Q. Clerk"),
            "{path} was rewritten but does not name the new clerk"
        );
    }
}

/// Every file and folder under `dir` (itself included, as ""), hidden ones too, with its inode
/// and modification time: whatever a build creates, writes or removes changes one.
#[cfg(unix)]
fn stamps(
    dir: &std::path::Path,
) -> std::collections::BTreeMap<std::path::PathBuf, (u64, std::time::SystemTime)> {
    use std::os::unix::fs::MetadataExt;
    let mut stamps = std::collections::BTreeMap::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(path) = pending.pop() {
        let meta = fs::symlink_metadata(&path).unwrap();
        let relative = path.strip_prefix(dir).unwrap().to_path_buf();
        stamps.insert(relative, (meta.ino(), meta.modified().unwrap()));
        if meta.is_dir() {
            pending.extend(fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
        }
    }
    stamps
}

/// Overwrites `path` in place with as many `x` as it has bytes and puts its modification
/// time back, so that only rendering it again would tell. Returns the bytes it had, and the
/// bytes it has.
fn plant(path: &std::path::Path) -> (Vec<u8>, Vec<u8>) {
    let meta = fs::metadata(path).unwrap();
    let original = fs::read(path).unwrap();
    let bytes = vec![b'x'; original.len()];
    let mut file = fs::OpenOptions::new().write(true).open(path).unwrap();
    std::io::Write::write_all(&mut file, &bytes).unwrap();
    file.set_modified(meta.modified().unwrap()).unwrap();
    (original, bytes)
}

#[cfg(unix)]
#[test]
fn a_rebuild_renders_only_what_changed_and_writes_nothing_when_nothing_did() {
    let temp = workspace();
    let build = || {
        let output = noticegen(temp.path(), &["build", "--out", "out"]);
        assert!(output.status.success(), "{}", stderr(&output));
        stderr(&output)
    };
    build();
    let out = temp.path().join("out");
    assert!(
        out.join(".noticegen-inputs").is_file(),
        "the record is written"
    );
    let before = stamps(&out);
    assert!(build().contains("(all unchanged)"));
    assert_eq!(
        stamps(&out),
        before,
        "nothing in out/ was created, written or removed"
    );

    // One court's data changes: only its files are rendered again. Every other court's files
    // stay as they are, so one of them, edited in place with its time put back, is not
    // rendered again either.
    let ids = court_ids();
    let (edited, others) = ids.split_first().unwrap();
    let kind = &kinds()[0];
    let planted: Vec<(std::path::PathBuf, Vec<u8>, Vec<u8>)> = others
        .iter()
        .map(|id| {
            let path = out.join(id).join(format!("{kind}.md"));
            let (original, bytes) = plant(&path);
            (path, original, bytes)
        })
        .collect();
    let before = stamps(&out);
    rename_clerks_of(
        &temp.path().join("courts").join(format!("{edited}.yaml")),
        "Ada Q. Clerk",
    );
    let summary = build();
    assert!(summary.contains("unchanged)"), "{summary}");
    for (path, _, bytes) in &planted {
        assert_eq!(
            &fs::read(path).unwrap(),
            bytes,
            "{} was rendered again",
            path.display()
        );
    }
    let after = stamps(&out);
    for id in others {
        for (path, stamp) in before.iter().filter(|(path, _)| path.starts_with(id)) {
            assert_eq!(after.get(path), Some(stamp), "{} changed", path.display());
        }
    }
    let letter = fs::read_to_string(out.join(edited).join(format!("{kind}.md"))).unwrap();
    assert!(letter.contains("Ada Q. Clerk"), "{letter}");

    // A file touched or overwritten by hand is rendered again.
    let (touched, touched_original, _) = &planted[0];
    fs::File::options()
        .write(true)
        .open(touched)
        .unwrap()
        .set_modified(std::time::SystemTime::now() + std::time::Duration::from_secs(5))
        .unwrap();
    let (overwritten, overwritten_original, _) = &planted[1];
    fs::write(overwritten, "by hand").unwrap();
    build();
    assert_eq!(&fs::read(touched).unwrap(), touched_original);
    assert_eq!(&fs::read(overwritten).unwrap(), overwritten_original);
}

#[cfg(unix)]
#[test]
fn a_rebuild_renders_again_what_an_image_a_template_or_the_paper_changes() {
    let temp = fixture_court("wvsb");
    let courts = temp.path().join("courts");
    copy_dir(
        &repo().join("notice-templates"),
        &temp.path().join("notice-templates"),
    );
    let out = temp.path().join("out");
    let build = |extra: &[&str]| {
        let mut args = vec!["build", "--kind", "letter", "--kind", "notice"];
        args.extend(extra);
        let output = noticegen(temp.path(), &args);
        assert!(output.status.success(), "{}", stderr(&output));
    };
    // The files whose inode or time a build changed.
    let changed_by = |extra: &[&str]| {
        let before = stamps(&out);
        build(extra);
        let after = stamps(&out);
        let mut changed: Vec<String> = after
            .iter()
            .filter(|(path, stamp)| before.get(*path) != Some(*stamp) && out.join(path).is_file())
            .map(|(path, _)| path.display().to_string())
            .collect();
        changed.retain(|path| path != ".noticegen-inputs");
        changed
    };
    build(&[]);
    assert_eq!(changed_by(&[]), Vec::<String>::new());
    // None of the changes below is read by the notice's Markdown: it is never rendered
    // again, so an edit that only rendering it would undo stays.
    let (_, planted) = plant(&out.join("wvsb/notice.md"));

    // Another seal: the letter's PDF shows it, its web page links the copy beside it; the
    // notice shows no seal.
    fs::copy(
        repo().join("tests/bad-input/seal-image-builds/courts/test/seal.png"),
        courts.join("wvsb/seal.png"),
    )
    .unwrap();
    assert_eq!(changed_by(&[]), ["wvsb/letter.pdf", "wvsb/seal.png"]);

    let letter = temp.path().join("notice-templates/letter.md");
    let text = fs::read_to_string(&letter).unwrap();
    fs::write(&letter, format!("{text}\nQuokka sightings rose.\n")).unwrap();
    assert_eq!(
        changed_by(&[]),
        ["wvsb/letter.html", "wvsb/letter.md", "wvsb/letter.pdf"]
    );

    assert_eq!(
        changed_by(&["--paper", "a4"]),
        ["wvsb/letter.pdf", "wvsb/notice.pdf"]
    );
    assert_eq!(fs::read(out.join("wvsb/notice.md")).unwrap(), planted);
}

/// Gives the court file at `path` a new clerk.
fn rename_clerks_of(path: &std::path::Path, clerk: &str) {
    let text = fs::read_to_string(path).unwrap();
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    let at = lines
        .iter()
        .position(|line| line == "clerk:")
        .expect("a clerk block");
    lines[at + 1] = format!("  name: {clerk}");
    fs::write(path, lines.join("\n") + "\n").unwrap();
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
    assert_eq!(stdout.lines().count(), 1 + kinds().len());
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

/// Every file and symbolic link under `dir` (a link by its target), leaving out staging
/// folders and the lock file, which carry no output.
fn snapshot(dir: &std::path::Path) -> std::collections::BTreeMap<std::path::PathBuf, Vec<u8>> {
    let mut files = std::collections::BTreeMap::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(folder) = pending.pop() {
        for entry in fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            let relative = path.strip_prefix(dir).unwrap().to_path_buf();
            let name = relative.to_string_lossy();
            if name.starts_with(".staging-") || name == ".noticegen.lock" {
                continue;
            }
            let meta = fs::symlink_metadata(&path).unwrap();
            if meta.file_type().is_symlink() {
                let target = fs::read_link(&path).unwrap();
                files.insert(relative, target.to_string_lossy().as_bytes().to_vec());
            } else if meta.is_dir() {
                pending.push(path);
            } else {
                files.insert(relative, fs::read(&path).unwrap());
            }
        }
    }
    files
}

/// Gives every court file of `courts` a new clerk, so a build changes every notice.
fn rename_clerks(courts: &std::path::Path, clerk: &str) {
    for entry in fs::read_dir(courts).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|ext| ext == "yaml") {
            rename_clerks_of(&path, clerk);
        }
    }
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_planted_in_out_is_refused_and_out_stays_byte_identical() {
    let temp = workspace();
    let first = noticegen(temp.path(), &["build", "--format", "md"]);
    assert!(first.status.success(), "{}", stderr(&first));
    let out = temp.path().join("out");
    let elsewhere = temp.path().join("elsewhere");
    fs::create_dir(&elsewhere).unwrap();
    fs::write(elsewhere.join("letter.md"), b"someone's file").unwrap();
    // A court folder that leads out, and a notice that does (casd, cacd and flsd come before
    // nmd, and index.html before nmd/, in the order files are moved into place).
    fs::remove_dir_all(out.join("nmd")).unwrap();
    std::os::unix::fs::symlink(&elsewhere, out.join("nmd")).unwrap();
    fs::remove_file(out.join("flsd/letter.md")).unwrap();
    std::os::unix::fs::symlink(elsewhere.join("letter.md"), out.join("flsd/letter.md")).unwrap();
    rename_clerks(&temp.path().join("courts"), "Pat Newclerk");
    let before = snapshot(&out);
    let elsewhere_before = snapshot(&elsewhere);

    let output = noticegen(temp.path(), &["build", "--format", "md"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    let message = stderr(&output);
    assert!(
        message.contains("out/nmd`: it is a symbolic link"),
        "{message}"
    );
    assert!(
        message.contains("out/flsd/letter.md`: it is a symbolic link"),
        "{message}"
    );
    assert!(
        snapshot(&out) == before,
        "out/ changed after a refused build"
    );
    assert!(snapshot(&elsewhere) == elsewhere_before);
    let staging = fs::read_dir(&out)
        .unwrap()
        .filter(|e| {
            let name = e.as_ref().unwrap().file_name();
            name.to_string_lossy().starts_with(".staging-")
        })
        .count();
    assert_eq!(staging, 0, "the refused build removed its staging folder");
}

/// The links of `out/index.html` and of each court's index page, resolved in `out`.
fn index_links(out: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut pages = vec![out.join("index.html")];
    let mut links = Vec::new();
    while let Some(page) = pages.pop() {
        let html = fs::read_to_string(&page).unwrap();
        let folder = page.parent().unwrap().to_path_buf();
        for piece in html.split("href=\"").skip(1) {
            let target = &piece[..piece.find('"').unwrap()];
            if target.contains(':') || target.starts_with('#') {
                continue;
            }
            let path = folder.join(target);
            if page == out.join("index.html") && target.ends_with("index.html") {
                pages.push(path.clone());
            }
            links.push(path);
        }
    }
    links
}

#[test]
fn concurrent_builds_into_one_out_leave_it_consistent() {
    let temp = workspace();
    let courts = temp.path().join("courts");
    // Build `a` makes every court; build `b` two of them with other data; build `c` fails
    // while rendering, after it has started staging (a template names no such field).
    let b_courts = temp.path().join("b-courts");
    fs::create_dir(&b_courts).unwrap();
    for id in ["casd", "nmd"] {
        let name = format!("{id}.yaml");
        fs::copy(courts.join(&name), b_courts.join(&name)).unwrap();
    }
    rename_clerks(&b_courts, "Blair Beta");
    let broken = temp.path().join("broken-templates");
    fs::create_dir(&broken).unwrap();
    fs::write(
        broken.join("letter.md"),
        "Dear reader, {{ court.no_such_field }}\n",
    )
    .unwrap();
    let build = |extra: &[&str], out: &str| -> Vec<String> {
        let mut args: Vec<String> = ["build", "--format", "md", "--format", "html", "--out", out]
            .map(String::from)
            .to_vec();
        args.extend(extra.iter().map(|arg| arg.to_string()));
        args
    };
    // What each build makes on its own.
    for (extra, out) in [(&[][..], "ref-a"), (&["--courts", "b-courts"][..], "ref-b")] {
        let args = build(extra, out);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        assert!(noticegen(temp.path(), &args).status.success());
    }
    let references = [
        snapshot(&temp.path().join("ref-a")),
        snapshot(&temp.path().join("ref-b")),
    ];
    let builds = [
        build(&[], "out"),
        build(&["--courts", "b-courts"], "out"),
        build(&["--templates", "broken-templates"], "out"),
    ];
    let out = temp.path().join("out");
    for round in 0..3 {
        let children: Vec<_> = builds
            .iter()
            .map(|args| {
                std::process::Command::new(env!("CARGO_BIN_EXE_noticegen"))
                    .args(args)
                    .current_dir(temp.path())
                    .stdout(std::process::Stdio::null())
                    .stderr(std::process::Stdio::null())
                    .spawn()
                    .unwrap()
            })
            .collect();
        let codes: Vec<Option<i32>> = children
            .into_iter()
            .map(|mut child| child.wait().unwrap().code())
            .collect();
        assert_eq!(codes, [Some(0), Some(0), Some(1)], "round {round}");

        let now = snapshot(&out);
        let staging = fs::read_dir(&out)
            .unwrap()
            .filter(|e| {
                let name = e.as_ref().unwrap().file_name();
                name.to_string_lossy().starts_with(".staging-")
            })
            .count();
        assert_eq!(
            staging, 0,
            "round {round}: a staging folder was left behind"
        );
        for link in index_links(&out) {
            assert!(
                link.is_file(),
                "round {round}: {} is linked but missing",
                link.display()
            );
        }
        let marker = fs::read_to_string(out.join(".noticegen")).unwrap();
        for line in marker.lines() {
            assert!(
                out.join(line).is_file(),
                "round {round}: {line} is listed but missing"
            );
        }
        // The index, and each court's files, all come whole from one of the two builds that
        // succeeded: the last to move its files in.
        let groups = court_ids().into_iter().chain([String::new()]);
        for group in groups {
            let of_group = |files: &std::collections::BTreeMap<std::path::PathBuf, Vec<u8>>| {
                files
                    .iter()
                    .filter(|(path, _)| {
                        let first = path.components().next().unwrap().as_os_str();
                        let top = path.components().count() == 1;
                        if group.is_empty() {
                            top && first != ".noticegen" && first != ".noticegen-inputs"
                        } else {
                            first.to_string_lossy() == group
                        }
                    })
                    .map(|(path, bytes)| (path.clone(), bytes.clone()))
                    .collect::<Vec<_>>()
            };
            let found = of_group(&now);
            assert!(
                references
                    .iter()
                    .any(|reference| of_group(reference) == found),
                "round {round}: the files of `{group}` mix builds or match neither"
            );
        }
    }
}

#[test]
fn a_build_waits_while_another_holds_the_lock_on_out() {
    let temp = workspace();
    let first = noticegen(temp.path(), &["build", "--court", "nmd", "--format", "md"]);
    assert!(first.status.success(), "{}", stderr(&first));
    let out = temp.path().join("out");
    let before = snapshot(&out);
    rename_clerks(&temp.path().join("courts"), "Pat Newclerk");
    // Another build is moving its files in: it holds the lock.
    let lock = fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(out.join(".noticegen.lock"))
        .unwrap();
    lock.lock().unwrap();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_noticegen"))
        .args(["build", "--court", "nmd", "--format", "md"])
        .current_dir(temp.path())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(1500));
    assert!(child.try_wait().unwrap().is_none(), "the build waits");
    assert!(snapshot(&out) == before, "and changes nothing meanwhile");
    drop(lock);
    // As a build lets go of the lock, it removes the file.
    fs::remove_file(out.join(".noticegen.lock")).unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let letter = fs::read_to_string(out.join("nmd/letter.md")).unwrap();
    assert!(letter.contains("Pat Newclerk"), "{letter}");
}

/// Two builds in two PID namespaces (two containers sharing a volume) have the same process
/// id; they must still stage apart and both succeed. Needs `unshare` and the right to use it.
#[cfg(target_os = "linux")]
#[test]
fn builds_with_the_same_process_id_stage_apart() {
    let unshare = |args: &[&str], dir: &std::path::Path| {
        let mut command = std::process::Command::new("unshare");
        command
            .args(["--pid", "--fork", "--mount-proc"])
            .args(args)
            .current_dir(dir)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped());
        command
    };
    let temp = workspace();
    let probe = unshare(&["true"], temp.path()).status();
    if !probe.is_ok_and(|status| status.success()) {
        eprintln!("unshare --pid is not available here; skipping");
        return;
    }
    let b_courts = temp.path().join("b-courts");
    copy_dir(&temp.path().join("courts"), &b_courts);
    rename_clerks(&b_courts, "Blair Beta");
    let binary = env!("CARGO_BIN_EXE_noticegen");
    for _ in 0..3 {
        let children: Vec<_> = [
            &["build", "--format", "md"][..],
            &["build", "--format", "md", "--courts", "b-courts"],
        ]
        .into_iter()
        .map(|args| {
            let mut command = unshare(&[binary], temp.path());
            command.args(args).spawn().unwrap()
        })
        .collect();
        for child in children {
            let output = child.wait_with_output().unwrap();
            assert!(output.status.success(), "{}", stderr(&output));
        }
        for link in index_links(&temp.path().join("out")) {
            assert!(link.is_file(), "{} is linked but missing", link.display());
        }
    }
}

#[test]
fn a_courts_folder_without_court_files_stops_the_build_and_keeps_the_index() {
    let temp = workspace();
    let first = noticegen(temp.path(), &["build", "--court", "nmd", "--format", "md"]);
    assert!(first.status.success(), "{}", stderr(&first));
    let out = temp.path().join("out");
    let before = snapshot(&out);
    fs::create_dir(temp.path().join("empty")).unwrap();
    fs::write(temp.path().join("empty/flsd.yaml.txt"), "name: x\n").unwrap();
    for folder in ["court", "empty"] {
        let output = noticegen(temp.path(), &["build", "--courts", folder]);
        assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
        assert!(
            stderr(&output).contains(&format!("`{folder}`")),
            "{}",
            stderr(&output)
        );
        assert!(snapshot(&out) == before, "out/ changed");
    }
}

/// Replaces the line starting with `key` (and its indentation) in a court file.
fn set_field(path: &std::path::Path, key: &str, value: &str) {
    let text = fs::read_to_string(path).unwrap();
    let mut found = false;
    let lines: Vec<String> = text
        .lines()
        .map(|line| {
            let trimmed = line.trim_start();
            if !found && trimmed.starts_with(&format!("{key}:")) {
                found = true;
                let indent = &line[..line.len() - trimmed.len()];
                format!("{indent}{key}: {value}")
            } else {
                line.to_string()
            }
        })
        .collect();
    assert!(found, "{key} in {}", path.display());
    fs::write(path, lines.join("\n") + "\n").unwrap();
}

#[test]
fn typography_never_touches_an_address_in_any_format() {
    let temp = workspace();
    let nmd = temp.path().join("courts/nmd.yaml");
    set_field(&nmd, "email", "ecf--help@nmd.uscourts.gov");
    set_field(
        &nmd,
        "website",
        "https://next--gen.uscourts.gov/it's...here",
    );
    let templates = temp.path().join("templates");
    fs::create_dir(&templates).unwrap();
    // Every way a template prints an address: bare, as link text, as an autolink; the
    // address itself and as `url_text` shows it.
    fs::write(
        templates.join("letter.md"),
        "Write to {{ court.helpdesk.email }}, [{{ court.helpdesk.email }}]({{ (\"mailto:\" ~ court.helpdesk.email) | url }}) or <{{ (\"mailto:\" ~ court.helpdesk.email) | url }}>.\n\n\
         See {{ court.website | url_text }}, [{{ court.website | url_text }}]({{ court.website | url }}), {{ court.website | url }} or <{{ court.website | url }}>.\n\n\
         It's \"typography\" -- kept... around them.\n",
    )
    .unwrap();
    let output = noticegen(
        temp.path(),
        &[
            "build",
            "--court",
            "nmd",
            "--kind",
            "letter",
            "--templates",
            "templates",
        ],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let out = temp.path().join("out/nmd");
    let email = "ecf--help@nmd.uscourts.gov";
    let site = "next--gen.uscourts.gov/it's...here";

    let markdown = fs::read_to_string(out.join("letter.md")).unwrap();
    assert_eq!(markdown.matches(email).count(), 4, "{markdown}");
    assert!(
        markdown.contains(r"next\-\-gen.uscourts.gov/it\'s\.\.\.here"),
        "{markdown}"
    );

    let html = fs::read_to_string(out.join("letter.html")).unwrap();
    let html = html.replace("&#x27;", "'").replace("&#39;", "'");
    assert!(html.contains(&format!(">{email}</a>")), "{html}");
    assert!(html.contains(&format!(">mailto:{email}</a>")), "{html}");
    assert!(html.contains(&format!("Write to {email},")), "{html}");
    assert!(html.contains(&format!("See {site}, ")), "{html}");
    assert!(html.contains(&format!(">{site}</a>")), "{html}");
    assert!(html.contains(&format!(", https://{site} or")), "{html}");
    assert!(html.contains(&format!(">https://{site}</a>")), "{html}");
    for mangled in ["ecf–help", "next–gen", "it’s", "…here"] {
        assert!(!html.contains(mangled), "{mangled} in {html}");
    }
    assert!(
        html.contains("It’s “typography” – kept… around them."),
        "typography stays elsewhere: {html}"
    );

    let pdf = out.join("letter.pdf");
    let Ok(text) = std::process::Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
    else {
        eprintln!("pdftotext not installed; the PDF's text is not checked");
        return;
    };
    let text = String::from_utf8_lossy(&text.stdout).replace('\n', " ");
    assert!(text.contains(email), "{text}");
    assert!(text.contains(site), "{text}");
    for mangled in ["ecf–help", "next–gen", "it’s", "…here"] {
        assert!(!text.contains(mangled), "{mangled} in {text}");
    }
    assert!(
        text.contains("It’s “typography” – kept… around them."),
        "{text}"
    );
}

#[test]
fn nested_loops_in_a_template_stop_under_a_memory_limit() {
    let temp = workspace();
    let templates = temp.path().join("templates");
    fs::create_dir(&templates).unwrap();
    for body in ["x", "", "{{ court.name }}"] {
        fs::write(
            templates.join("letter.md"),
            format!(
                "Dear reader,\n\n{{% for i in range(end=100000) %}}{{% for j in range(end=100000) %}}{body}{{% endfor %}}{{% endfor %}}\n"
            ),
        )
        .unwrap();
        // 256 MiB of address space, as the bad-input corpus runs.
        let output = std::process::Command::new("sh")
            .args(["-c", "ulimit -v 262144 && exec \"$0\" \"$@\""])
            .arg(env!("CARGO_BIN_EXE_noticegen"))
            .args(["build", "--court", "nmd", "--templates", "templates"])
            .current_dir(temp.path())
            .output()
            .unwrap();
        let message = stderr(&output);
        assert_eq!(output.status.code(), Some(1), "{message}");
        assert!(message.contains("templates/letter.md:3:"), "{message}");
        assert!(message.contains("court `nmd`"), "{message}");
        assert!(!temp.path().join("out").exists(), "nothing was written");
    }
}

/// The text of every page of a PDF, as lopdf reads it back through the fonts' ToUnicode maps.
fn pdf_text(path: &std::path::Path) -> String {
    let document = lopdf::Document::load(path).unwrap();
    let pages: Vec<u32> = document.get_pages().keys().copied().collect();
    document.extract_text(&pages).unwrap()
}

#[test]
fn an_edit_to_notice_templates_shows_in_every_format() {
    let temp = workspace();
    copy_dir(
        &repo().join("notice-templates"),
        &temp.path().join("notice-templates"),
    );
    let letter = temp.path().join("notice-templates/letter.md");
    let text = fs::read_to_string(&letter).unwrap();
    fs::write(&letter, format!("{text}\nQuokka sightings rose.\n")).unwrap();
    let output = noticegen(
        temp.path(),
        &["build", "--court", "nmd", "--kind", "letter"],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("templates from notice-templates"),
        "{}",
        stderr(&output)
    );
    let out = temp.path().join("out/nmd");
    for ext in ["md", "html"] {
        let written = fs::read_to_string(out.join(format!("letter.{ext}"))).unwrap();
        assert!(written.contains("Quokka sightings rose."), "letter.{ext}");
    }
    let pdf = pdf_text(&out.join("letter.pdf"));
    assert!(pdf.contains("Quokka sightings rose."), "{pdf}");

    // Without the folder, the built-in copy is read, and the build says so.
    fs::remove_dir_all(temp.path().join("notice-templates")).unwrap();
    let output = noticegen(
        temp.path(),
        &["build", "--court", "nmd", "--kind", "letter"],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("built-in templates"),
        "{}",
        stderr(&output)
    );
    let written = fs::read_to_string(out.join("letter.md")).unwrap();
    assert!(!written.contains("Quokka"));
}

#[test]
fn a_new_kind_is_a_manifest_entry_and_a_template() {
    let temp = workspace();
    let templates = temp.path().join("templates");
    fs::create_dir_all(&templates).unwrap();
    let manifest = fs::read_to_string(repo().join("notice-templates/kinds.yaml")).unwrap();
    let new_kind = "
  - name: jury-notice
    template: jury-notice.md
    title: \"Jury duty and NextGen, {{ court.district }}\"
    description: \"Jurors' questionnaires move to NextGen on {{ court.go_live | date }}\"
    date: jury_notice
    schedule: -7
    keywords: [jury]
";
    fs::write(
        templates.join("kinds.yaml"),
        format!("{manifest}{new_kind}"),
    )
    .unwrap();
    fs::write(
        templates.join("jury-notice.md"),
        "# {{ notice.title }}\n\n{{ notice.date | date }}\n\nJurors of the {{ court.district }}: \
         questionnaires move on {{ court.go_live | date(style='weekday') }}.\n",
    )
    .unwrap();
    let nmd = temp.path().join("courts/nmd.yaml");
    let court = fs::read_to_string(&nmd).unwrap();
    fs::write(
        &nmd,
        court.replace("dates:\n", "dates:\n  jury_notice: 2020-04-06\n"),
    )
    .unwrap();

    let args = ["build", "--templates", "templates", "--kind", "jury-notice"];
    let output = noticegen(temp.path(), &args);
    assert!(output.status.success(), "{}", stderr(&output));
    let out = temp.path().join("out");
    for ext in ["md", "html", "pdf"] {
        assert!(out.join(format!("nmd/jury-notice.{ext}")).is_file());
    }
    let md = fs::read_to_string(out.join("nmd/jury-notice.md")).unwrap();
    assert!(md.contains("April 6, 2020"), "the court's date: {md}");
    assert!(md.contains("Monday, April 20, 2020"), "{md}");
    // A court without the date gets the schedule: a week before go-live.
    let casd = fs::read_to_string(out.join("casd/jury-notice.md")).unwrap();
    let output = noticegen(
        temp.path(),
        &[
            "list",
            "--templates",
            "templates",
            "--court",
            "casd",
            "--kind",
            "jury-notice",
        ],
    );
    let listed = String::from_utf8(output.stdout).unwrap();
    assert!(listed.contains("jury-notice"), "{listed}");
    assert!(!casd.contains("April 6, 2020"), "{casd}");
    assert!(
        fs::read_to_string(out.join("nmd/index.html"))
            .unwrap()
            .contains("jury-notice.html")
    );

    // The schema offers the new date; a misspelt one is reported with the name meant.
    let output = noticegen(temp.path(), &["schema", "--templates", "templates"]);
    let schema: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert!(schema["properties"]["dates"]["properties"]["jury_notice"].is_object());
    fs::write(
        &nmd,
        court.replace("dates:\n", "dates:\n  jury_notic: 2020-04-06\n"),
    )
    .unwrap();
    let output = noticegen(temp.path(), &["check", "--templates", "templates"]);
    assert_eq!(output.status.code(), Some(1));
    let report = stderr(&output);
    assert!(report.contains("unknown field `jury_notic`"), "{report}");
    assert!(report.contains("did you mean `jury_notice`?"), "{report}");
    // Without the new manifest, the date is not one a court may give.
    fs::write(
        &nmd,
        court.replace("dates:\n", "dates:\n  jury_notice: 2020-04-06\n"),
    )
    .unwrap();
    let output = noticegen(temp.path(), &["check"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("unknown field `jury_notice`"));
}

/// A court in two languages (tests/fixtures/languages): the Spanish press release and web page
/// beside the English files in every format, marked Spanish in HTML and PDF and listed on the
/// court's index and in its feed; the kinds without Spanish are named in warnings.
#[test]
fn a_court_in_two_languages_gets_spanish_files_side_by_side() {
    let temp = tempfile::tempdir().unwrap();
    copy_dir(
        &repo().join("tests/fixtures/languages/courts"),
        &temp.path().join("courts"),
    );
    let output = noticegen(temp.path(), &["build"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let err = stderr(&output);
    assert!(
        err.contains(
            "kind `letter` has no `es` translation, so it is not written in `es` for `prd`"
        ),
        "{err}"
    );
    let out = temp.path().join("out/prd");
    for kind in kinds() {
        for ext in ["md", "html", "pdf"] {
            assert!(out.join(format!("{kind}.{ext}")).is_file(), "{kind}.{ext}");
            let spanish = out.join(format!("{kind}.es.{ext}"));
            let translated = kind == "press-release" || kind == "web-page";
            assert_eq!(spanish.is_file(), translated, "{}", spanish.display());
        }
    }
    let html = fs::read_to_string(out.join("web-page.es.html")).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"es-US\">"));
    // One date style on the page.
    assert!(html.contains("20 de abril de 2020") && !html.contains("lunes,"));
    let english = fs::read_to_string(out.join("web-page.html")).unwrap();
    assert!(english.starts_with("<!DOCTYPE html>\n<html lang=\"en-US\">"));
    let pdf = fs::read(out.join("press-release.es.pdf")).unwrap();
    assert!(pdf.windows(13).any(|w| w == b"/Lang (es-US)"));
    let index = fs::read_to_string(out.join("index.html")).unwrap();
    assert!(
        index.contains("href=\"press-release.es.html\" lang=\"es-US\""),
        "{index}"
    );
    assert!(index.contains("href=\"press-release.html\""));
    let feed = fs::read_to_string(out.join("feed.xml")).unwrap();
    assert!(feed.contains("web-page.es.html"), "{feed}");
    let listed = noticegen(temp.path(), &["list"]);
    let rows = String::from_utf8_lossy(&listed.stdout).into_owned();
    assert_eq!(rows.matches("press-release").count(), 1, "{rows}");
}

/// A court whose first language is Spanish: each kind's plain file is in the first language
/// it has (Spanish for the press release, English for the letter), and the court's index
/// page, feed and calendar speak Spanish, from publish.es.yaml and lang/es.yaml.
#[test]
fn a_court_publishing_first_in_spanish_gets_its_pages_in_spanish() {
    let temp = tempfile::tempdir().unwrap();
    let court = fs::read_to_string(repo().join("tests/fixtures/languages/courts/prd.yaml"))
        .unwrap()
        .replace("languages: [en, es]", "languages: [es, en]");
    fs::create_dir_all(temp.path().join("courts")).unwrap();
    fs::write(temp.path().join("courts/prd.yaml"), court).unwrap();
    let output = noticegen(temp.path(), &["build", "--format", "md"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let out = temp.path().join("out/prd");
    let press = fs::read_to_string(out.join("press-release.md")).unwrap();
    assert!(press.contains("COMUNICADO DE PRENSA"));
    let english = fs::read_to_string(out.join("press-release.en.md")).unwrap();
    assert!(english.contains("PRESS RELEASE"));
    assert!(out.join("letter.md").is_file() && !out.join("letter.en.md").exists());
    let index = fs::read_to_string(out.join("index.html")).unwrap();
    assert!(index.starts_with("<!DOCTYPE html>\n<html lang=\"es-US\">"));
    assert!(index.contains("<th scope=\"col\">Fecha</th>"), "{index}");
    assert!(index.contains(">21 de enero de 2020</time>"), "{index}");
    assert!(
        index.contains("href=\"letter.md\" lang=\"en-US\""),
        "{index}"
    );
    let feed = fs::read_to_string(out.join("feed.xml")).unwrap();
    assert!(feed.contains("xml:lang=\"es-US\""), "{feed}");
    let calendar = fs::read_to_string(out.join("nextgen.ics")).unwrap();
    assert!(calendar.contains("PRODID:-//noticegen//notices calendar//ES"));
    assert!(calendar.contains("Entrada en funcionamiento de NextGen CM/ECF"));
}

/// The value a court would write for each placeholder of a starter file, as YAML.
fn fill_placeholder(id: &str, placeholder: &str) -> String {
    let inside = placeholder.trim_matches(|c| c == '"' || c == '<' || c == '>');
    let table = [
        ("district", "District of Testing".to_string()),
        ("circuit", "Tenth Circuit".to_string()),
        ("clerk's full name", "Jane Roe".to_string()),
        ("street", "1 Main Street".to_string()),
        ("city", "Springfield".to_string()),
        ("state", "NM".to_string()),
        ("ZIP", "\"87102\"".to_string()),
        ("clerk's office phone", "(505) 555-0100".to_string()),
        (
            "the court's website",
            format!("https://www.{id}.uscourts.gov"),
        ),
        ("CM/ECF helpdesk e-mail", format!("cmecf@{id}.uscourts.gov")),
        ("CM/ECF helpdesk phone", "505-555-0175".to_string()),
        ("go-live date", "2020-04-20".to_string()),
        ("the court's IANA time zone", "America/Denver".to_string()),
        ("true if the", "true".to_string()),
        ("true or false", "false".to_string()),
    ];
    table
        .iter()
        .find(|(start, _)| inside.starts_with(start))
        .map(|(_, value)| value.clone())
        .unwrap_or_else(|| panic!("no value for placeholder {placeholder}"))
}

/// `noticegen new` writes a commented starter file for each type of court; `check` fails on
/// it, naming every placeholder at its line and column, and passes once they are filled.
#[test]
fn new_writes_a_starter_file_that_validates_once_its_placeholders_are_filled() {
    for (id, court_type) in [
        ("nmb", "bankruptcy"),
        ("txd", "district"),
        ("ca10", "appeals"),
    ] {
        let temp = tempfile::tempdir().unwrap();
        let output = noticegen(temp.path(), &["new", id, "--type", court_type]);
        assert!(output.status.success(), "{}", stderr(&output));
        assert!(stderr(&output).contains(&format!("wrote courts/{id}.yaml")));
        let file = temp.path().join("courts").join(format!("{id}.yaml"));
        let text = fs::read_to_string(&file).unwrap();
        assert!(text.contains(&format!("type: {court_type}")), "{text}");
        assert!(text.lines().filter(|line| line.starts_with('#')).count() > 10);

        // Every placeholder is listed, at its line and column, and check fails.
        let mut spots = Vec::new();
        for (i, line) in text.lines().enumerate() {
            if line.trim_start().starts_with('#') {
                continue;
            }
            if let Some(column) = line.find("\"<<") {
                spots.push(format!("courts/{id}.yaml:{}:{}", i + 1, column + 1));
            }
        }
        assert!(spots.len() >= 12, "{spots:?}");
        let output = noticegen(temp.path(), &["check"]);
        assert_eq!(output.status.code(), Some(1));
        let report = stderr(&output);
        for spot in &spots {
            assert!(report.contains(spot), "{spot} missing from\n{report}");
        }
        assert_eq!(
            report
                .matches("is still the starter file's placeholder")
                .count(),
            spots.len(),
            "{report}"
        );
        assert!(
            report.contains(&format!("{} errors", spots.len())),
            "{report}"
        );

        // Filled in, the file validates and builds every kind.
        let mut filled = String::new();
        for line in text.lines() {
            match (line.find("\"<<"), line.rfind(">>\"")) {
                (Some(start), Some(end)) if !line.trim_start().starts_with('#') => {
                    let placeholder = &line[start..end + 3];
                    filled.push_str(&line[..start]);
                    filled.push_str(&fill_placeholder(id, placeholder));
                    filled.push_str(&line[end + 3..]);
                }
                _ => filled.push_str(line),
            }
            filled.push('\n');
        }
        fs::write(&file, &filled).unwrap();
        let output = noticegen(temp.path(), &["check"]);
        assert!(output.status.success(), "{}\n{filled}", stderr(&output));
    }
}

#[test]
fn new_never_replaces_a_court_file_and_refuses_an_id_no_file_can_have() {
    let temp = workspace();
    let before = fs::read(temp.path().join("courts/nmd.yaml")).unwrap();
    let output = noticegen(temp.path(), &["new", "nmd", "--type", "district"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("already exists"),
        "{}",
        stderr(&output)
    );
    assert_eq!(
        fs::read(temp.path().join("courts/nmd.yaml")).unwrap(),
        before
    );
    // The same court under another spelling of the extension.
    fs::write(temp.path().join("courts/azb.YML"), "name: x\n").unwrap();
    let output = noticegen(temp.path(), &["new", "azb", "--type", "bankruptcy"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(!temp.path().join("courts/azb.yaml").exists());
    for bad in ["NMB", "nm b", "../nmb", ""] {
        let output = noticegen(temp.path(), &["new", bad]);
        assert_eq!(output.status.code(), Some(2), "{bad}: {}", stderr(&output));
    }
    let output = noticegen(temp.path(), &["new", "nmb", "--type", "tax"]);
    assert_eq!(output.status.code(), Some(2));
}
