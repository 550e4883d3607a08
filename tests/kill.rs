//! A build killed midway (SIGKILL, as by the OOM killer or a closed laptop) leaves the previous
//! `out/` byte-identical and complete, and the next build clears the abandoned staging folder.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const COURTS: usize = 12;

fn write_courts(dir: &Path, clerk: &str) {
    let nmd =
        fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("courts/nmd.yaml")).unwrap();
    let text = nmd.replace("Mitchell R. Elfers", clerk);
    assert_ne!(text, nmd, "the clerk's name is in nmd.yaml");
    fs::create_dir_all(dir).unwrap();
    for i in 0..COURTS {
        fs::write(dir.join(format!("c{i:02}.yaml")), &text).unwrap();
    }
}

/// Every file under `dir` (relative path → bytes), leaving out staging folders.
fn contents(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(folder) = pending.pop() {
        for entry in fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            let relative = path.strip_prefix(dir).unwrap().to_path_buf();
            if relative.to_string_lossy().starts_with(".staging-") {
                continue;
            }
            if path.is_dir() {
                pending.push(path);
            } else {
                files.insert(relative, fs::read(&path).unwrap());
            }
        }
    }
    files
}

fn staging_folders(out: &Path) -> Vec<PathBuf> {
    fs::read_dir(out)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| {
            path.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with(".staging-")
        })
        .collect()
}

fn staged_files(folder: &Path) -> usize {
    let Ok(entries) = fs::read_dir(folder) else {
        return 0;
    };
    entries
        .filter_map(Result::ok)
        .map(|entry| {
            let path = entry.path();
            if path.is_dir() {
                staged_files(&path)
            } else {
                1
            }
        })
        .sum()
}

fn build(dir: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_noticegen"));
    command
        .args(["build", "--format", "md", "--format", "pdf"])
        .current_dir(dir)
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    command
}

#[test]
fn a_build_killed_midway_leaves_the_previous_output_complete() {
    let temp = tempfile::tempdir().unwrap();
    let courts = temp.path().join("courts");
    let out = temp.path().join("out");
    write_courts(&courts, "Old Clerk");
    assert!(build(temp.path()).status().unwrap().success());
    let before = contents(&out);
    let notices = before
        .keys()
        .filter(|path| {
            path.extension()
                .is_some_and(|ext| ext == "md" || ext == "pdf")
        })
        .filter(|path| path.components().count() == 2)
        .count();
    assert_eq!(notices, COURTS * 7 * 2, "every notice in both formats");
    assert!(before.contains_key(Path::new(".noticegen")), "the marker");

    write_courts(&courts, "New Clerk");
    let mut child = build(temp.path()).spawn().unwrap();
    let started = Instant::now();
    // Kill once a few notices are staged but the build is far from done.
    loop {
        let staged: usize = staging_folders(&out).iter().map(|f| staged_files(f)).sum();
        if staged >= 6 {
            break;
        }
        assert!(
            child.try_wait().unwrap().is_none(),
            "the build ended before it could be killed midway"
        );
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "nothing was staged"
        );
        std::thread::sleep(Duration::from_millis(2));
    }
    child.kill().unwrap(); // SIGKILL: no destructor runs
    let status = child.wait().unwrap();
    assert!(!status.success(), "the build was killed, not finished");
    let abandoned = staging_folders(&out);
    assert_eq!(
        abandoned.len(),
        1,
        "the killed build left its staging folder"
    );

    assert!(
        contents(&out) == before,
        "out/ changed after a killed build"
    );

    assert!(build(temp.path()).status().unwrap().success());
    assert!(
        staging_folders(&out).is_empty(),
        "the abandoned staging folder is gone"
    );
    let after = contents(&out);
    assert_eq!(after.len(), before.len());
    let letter = String::from_utf8(after[Path::new("c00/letter.md")].clone()).unwrap();
    assert!(letter.contains("New Clerk"), "{letter}");
}
