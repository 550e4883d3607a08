//! The bad-input corpus (tests/bad-input/): every case through the real binary, its exit code
//! and exact stderr held to a snapshot. A case is a folder of files a person got wrong; see
//! tests/bad-input/README.md.

mod common;

use common::copy_dir;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// Cases built to exhaust time or memory: each must end within a second.
const LIMITS: [&str; 8] = [
    "alias-bomb",
    "deep-nesting",
    "oversized-file",
    "nul-byte",
    "not-utf8",
    "utf16-file",
    "template-value-doubles-in-a-loop",
    "template-values-double-each-other",
];

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad-input")
}

fn run_case(case: &Path) -> (i32, String, Duration) {
    let temp = tempfile::tempdir().unwrap();
    copy_dir(case, temp.path());
    if let Ok(target) = fs::read_to_string(case.join("make-huge")) {
        let path = temp.path().join(target.trim());
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, "# padding\n".repeat(110_000)).unwrap();
    }
    let args =
        fs::read_to_string(case.join("args")).unwrap_or_else(|_| "check --courts courts".into());
    let started = Instant::now();
    // Hostile files run under a 256 MiB address-space limit: expanding an alias bomb or
    // recursing without bound would hit it and crash instead of exiting with 1.
    let output = Command::new("sh")
        .args(["-c", "ulimit -v 262144 && exec \"$0\" \"$@\""])
        .arg(env!("CARGO_BIN_EXE_noticegen"))
        .args(args.split_whitespace())
        .current_dir(temp.path())
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs");
    let elapsed = started.elapsed();
    let code = output.status.code().expect("exited, not killed");
    (code, String::from_utf8(output.stderr).unwrap(), elapsed)
}

/// The exit code a case expects: its `exit` file when it has one (0 for input that must be
/// accepted, such as pasted text with odd spaces), else 2 for usage mistakes and 1 for the rest.
fn expected_exit(case: &Path, name: &str) -> i32 {
    if let Ok(code) = fs::read_to_string(case.join("exit")) {
        return code.trim().parse().expect("an exit file holds a number");
    }
    if name.starts_with("unknown-court")
        || name.starts_with("unknown-kind")
        || name.starts_with("out-")
    {
        2
    } else {
        1
    }
}

#[test]
fn every_bad_input_gets_its_exact_error() {
    let mut cases: Vec<PathBuf> = fs::read_dir(corpus())
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.is_dir())
        .collect();
    cases.sort();
    assert!(cases.len() >= 40, "the corpus has {} cases", cases.len());
    for case in &cases {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let args = fs::read_to_string(case.join("args"))
            .unwrap_or_else(|_| "check --courts courts".into());
        let (code, stderr, elapsed) = run_case(case);
        let expected_code = expected_exit(case, &name);
        assert_eq!(code, expected_code, "{name}: {stderr}");
        let limit = if LIMITS.contains(&name.as_str()) {
            Duration::from_secs(1)
        } else {
            Duration::from_secs(5)
        };
        assert!(
            elapsed < limit,
            "{name} took {elapsed:?}; bad input must end quickly"
        );
        if code != 0 {
            assert!(stderr.starts_with("error"), "{name}: {stderr}");
        }
        insta::assert_snapshot!(
            name.as_str(),
            format!("$ noticegen {}\nexit: {code}\n{stderr}", args.trim())
        );
    }
}
