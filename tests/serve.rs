//! `noticegen serve` as a person uses it: start the real binary on a free port, fetch a page,
//! edit a court file, and see the change served; break the file and see the error page while
//! the server keeps running; fix it and see the page again. Every wait is bounded and the
//! server is killed when the test ends, passed or failed.

mod common;

use common::copy_dir;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// Kills the server when dropped, so a failing assertion does not leave it running.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// (status, body) of a GET, with a bounded wait.
fn get(addr: &str, path: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let status = response
        .split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or(0);
    let body = response
        .split_once("\r\n\r\n")
        .map(|(_, body)| body.to_string())
        .unwrap_or_default();
    (status, body)
}

/// Polls `path` until `wanted` holds of (status, body) or 60 s pass.
fn wait_for(addr: &str, path: &str, what: &str, wanted: impl Fn(u16, &str) -> bool) -> String {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let (status, body) = get(addr, path);
        if wanted(status, &body) {
            return body;
        }
        assert!(
            Instant::now() < deadline,
            "gave up waiting for {what}; last answer {status}: {body:.400}"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
}

#[test]
fn serve_rebuilds_on_change_shows_errors_and_keeps_running() {
    let temp = tempfile::tempdir().unwrap();
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    copy_dir(&repo.join("courts"), &temp.path().join("courts"));
    let mut child = Command::new(env!("CARGO_BIN_EXE_noticegen"))
        .args(["serve", "--port", "0", "--court", "nmd", "--format", "md"])
        .args(["--format", "html"])
        .current_dir(temp.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the binary runs");
    let stdout = child.stdout.take().unwrap();
    let server = Server(child);

    // The first line names the URL; read it on a thread so the wait is bounded.
    let (send, receive) = mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let _ = BufReader::new(stdout).read_line(&mut line);
        let _ = send.send(line);
    });
    let line = receive
        .recv_timeout(Duration::from_secs(60))
        .expect("the server prints its URL");
    let addr = line
        .split("http://")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .unwrap_or_else(|| panic!("no URL in {line:?}"))
        .to_string();
    assert!(addr.starts_with("127.0.0.1:"), "{addr}");

    let (status, page) = get(&addr, "/nmd/letter.html");
    assert_eq!(status, 200);
    assert!(page.contains("Mitchell R. Elfers"));
    assert!(page.contains("/__noticegen/version"), "served pages reload");
    let built = std::fs::read_to_string(temp.path().join("out/nmd/letter.html")).unwrap();
    assert!(
        !built.contains("__noticegen"),
        "built files carry no reload script"
    );
    let (status, index) = get(&addr, "/");
    assert_eq!(status, 200);
    assert!(index.contains("href=\"nmd/index.html\""));

    let court_file = temp.path().join("courts/nmd.yaml");
    let text = std::fs::read_to_string(&court_file).unwrap();
    std::fs::write(
        &court_file,
        text.replace("Mitchell R. Elfers", "Jane Q. Public"),
    )
    .unwrap();
    wait_for(
        &addr,
        "/nmd/letter.html",
        "the edited clerk",
        |status, body| status == 200 && body.contains("Jane Q. Public"),
    );

    std::fs::write(
        &court_file,
        text.replace("go_live: 2020-04-20", "go_live: someday"),
    )
    .unwrap();
    let error = wait_for(&addr, "/nmd/letter.html", "the error page", |status, _| {
        status == 500
    });
    assert!(error.contains("nmd.yaml:"), "{error}");
    assert!(error.contains("go_live"), "{error}");
    let (status, _) = get(&addr, "/nmd/letter.md");
    assert_eq!(
        status, 200,
        "files are still served while the build is broken"
    );

    std::fs::write(&court_file, &text).unwrap();
    wait_for(
        &addr,
        "/nmd/letter.html",
        "the fixed page",
        |status, body| status == 200 && body.contains("Mitchell R. Elfers"),
    );
    drop(server);
}
