//! `noticegen serve`: a preview of `out/` for the person editing courts and templates. It
//! builds, serves the output folder on 127.0.0.1, polls the input folders for changes and
//! rebuilds; pages it serves (never the built files) carry a small script that reloads them
//! after each rebuild. A failed build shows its errors as a page and in the terminal, and the
//! server keeps serving until the data is fixed.

use std::collections::BTreeMap;
use std::fs;
use std::net::SocketAddr;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant, SystemTime};

use tiny_http::{Header, Response, Server};

use crate::build;
use crate::error::Error;
use crate::plan::Request;

/// The path pages poll for the build's version.
pub const VERSION_PATH: &str = "/__noticegen/version";
/// How often the input folders are checked for changes.
const POLL: Duration = Duration::from_millis(300);

/// What the last build left: a version that changes with every build, and its errors.
#[derive(Debug, Clone, Default)]
struct State {
    version: u64,
    error: Option<String>,
}

/// A running preview; dropping it stops the server and the watcher.
pub struct Preview {
    addr: SocketAddr,
    stop: Arc<AtomicBool>,
    threads: Vec<JoinHandle<()>>,
}

impl Preview {
    /// Builds once, then serves `request.out_dir` on 127.0.0.1:`port` (0: any free port) and
    /// rebuilds whenever a file under the courts folder or `watch` changes.
    pub fn start(request: Request, port: u16, watch: Vec<PathBuf>) -> Result<Preview, Error> {
        let server = Server::http(("127.0.0.1", port))
            .map_err(|error| Error::Usage(format!("cannot listen on 127.0.0.1:{port}: {error}")))?;
        let addr = server
            .server_addr()
            .to_ip()
            .ok_or_else(|| Error::Usage("the server has no IP address".into()))?;
        let state = Arc::new(Mutex::new(State::default()));
        let stop = Arc::new(AtomicBool::new(false));
        let mut folders = vec![request.courts_dir.clone()];
        folders.extend(watch);
        // Taken before the first build, not when the watcher thread gets to run: an edit
        // made while the build runs, or before a busy machine starts the thread, is seen.
        let mut seen = fingerprint(&folders);
        rebuild(&request, &state);

        let watcher = {
            let (state, stop, request) = (state.clone(), stop.clone(), request.clone());
            std::thread::spawn(move || {
                while !stop.load(Ordering::Relaxed) {
                    std::thread::sleep(POLL);
                    let now = fingerprint(&folders);
                    if now != seen {
                        seen = now;
                        rebuild(&request, &state);
                    }
                }
            })
        };
        let listener = {
            let (state, stop, out) = (state.clone(), stop.clone(), request.out_dir.clone());
            std::thread::spawn(move || {
                while !stop.load(Ordering::Relaxed) {
                    match server.recv_timeout(Duration::from_millis(200)) {
                        Ok(Some(request)) => {
                            let snapshot = lock(&state).clone();
                            let (status, content_type, body) =
                                respond(&out, request.url(), &snapshot);
                            let header = Header::from_bytes("Content-Type", content_type)
                                .expect("content types are valid header values");
                            let no_store = Header::from_bytes("Cache-Control", "no-store")
                                .expect("a valid header");
                            let response = Response::from_data(body)
                                .with_status_code(status)
                                .with_header(header)
                                .with_header(no_store);
                            let _ = request.respond(response);
                        }
                        Ok(None) => {}
                        Err(_) => break,
                    }
                }
            })
        };
        Ok(Preview {
            addr,
            stop,
            threads: vec![watcher, listener],
        })
    }

    pub fn url(&self) -> String {
        format!("http://{}/", self.addr)
    }

    /// Serves until the process is stopped.
    pub fn wait(mut self) {
        for thread in self.threads.drain(..) {
            let _ = thread.join();
        }
    }
}

impl Drop for Preview {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        for thread in self.threads.drain(..) {
            let _ = thread.join();
        }
    }
}

fn lock(state: &Mutex<State>) -> std::sync::MutexGuard<'_, State> {
    state
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn rebuild(request: &Request, state: &Mutex<State>) {
    let started = Instant::now();
    let result = build::build(request);
    let mut state = lock(state);
    state.version += 1;
    match result {
        Ok(summary) => {
            state.error = None;
            // A skipped court file or a missing translation is as easy to miss while
            // previewing as in a build.
            for warning in &summary.warnings {
                eprintln!("warning: {warning}");
            }
            eprintln!(
                "built {} files in {} ms",
                summary.files.len(),
                started.elapsed().as_millis()
            );
        }
        Err(error) => {
            let text = error_text(&error);
            eprintln!("{text}\nthe build failed; still serving the previous output");
            state.error = Some(text);
        }
    }
}

/// Every error on its own line, as the command line prints them.
pub fn error_text(error: &Error) -> String {
    match error {
        Error::Many(errors) => errors.iter().map(error_text).collect::<Vec<_>>().join("\n"),
        error => format!("error: {error}"),
    }
}

/// Path → (modified time, length) of every file under `folders`.
fn fingerprint(folders: &[PathBuf]) -> BTreeMap<PathBuf, (Option<SystemTime>, u64)> {
    let mut files = BTreeMap::new();
    let mut pending: Vec<PathBuf> = folders.to_vec();
    while let Some(folder) = pending.pop() {
        let Ok(entries) = fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries.filter_map(Result::ok) {
            let path = entry.path();
            let Ok(meta) = entry.metadata() else {
                continue;
            };
            if meta.is_dir() {
                pending.push(path);
            } else {
                files.insert(path, (meta.modified().ok(), meta.len()));
            }
        }
    }
    files
}

/// (status, content type, body) for a request path.
fn respond(out: &Path, url: &str, state: &State) -> (u16, &'static str, Vec<u8>) {
    let path = url.split(['?', '#']).next().unwrap_or("/");
    if path == VERSION_PATH {
        return (
            200,
            "text/plain; charset=utf-8",
            state.version.to_string().into_bytes(),
        );
    }
    let Some(relative) = file_path(path) else {
        return not_found(state);
    };
    let file = out.join(&relative);
    let file = if file.is_dir() {
        file.join("index.html")
    } else {
        file
    };
    let content_type = content_type(&file);
    let is_html = content_type.starts_with("text/html");
    if is_html && let Some(error) = &state.error {
        return (
            500,
            content_type,
            error_page(error, state.version).into_bytes(),
        );
    }
    match fs::read(&file) {
        Ok(bytes) if is_html => {
            let page = String::from_utf8_lossy(&bytes);
            (
                200,
                content_type,
                with_reload(&page, state.version).into_bytes(),
            )
        }
        Ok(bytes) => (200, content_type, bytes),
        Err(_) => not_found(state),
    }
}

/// A URL path as a path inside the output folder: percent-decoded, no `..`, no root.
fn file_path(path: &str) -> Option<PathBuf> {
    let decoded = percent_decode(path)?;
    let relative = decoded.trim_start_matches('/');
    let relative = Path::new(relative);
    relative
        .components()
        .all(|c| matches!(c, Component::Normal(_)))
        .then(|| relative.to_path_buf())
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn content_type(file: &Path) -> &'static str {
    match file.extension().and_then(|ext| ext.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "xml" => "application/atom+xml; charset=utf-8",
        "ics" => "text/calendar; charset=utf-8",
        "md" => "text/markdown; charset=utf-8",
        "pdf" => "application/pdf",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "css" => "text/css; charset=utf-8",
        _ => "application/octet-stream",
    }
}

fn not_found(state: &State) -> (u16, &'static str, Vec<u8>) {
    let body = page(
        "Not found",
        "<h1>Not found</h1>\n<p>No such file in the output folder. <a href=\"/\">All courts</a></p>\n",
        state.version,
    );
    (404, "text/html; charset=utf-8", body.into_bytes())
}

/// The page every HTML request gets while the last build has failed.
fn error_page(error: &str, version: u64) -> String {
    let mut body = String::from(
        "<h1>The build failed</h1>\n<p>Fix the data or template below; this page reloads when \
         the build succeeds.</p>\n<pre class=\"build-error\">",
    );
    let _ = pulldown_cmark_escape::escape_html(&mut body, error);
    body.push_str("</pre>\n");
    page("Build failed", &body, version)
}

fn page(title: &str, body: &str, version: u64) -> String {
    let page = format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title}</title>\n<style>\n{}pre {{ white-space: pre-wrap; }}\n</style>\n</head>\n\
         <body>\n<main>\n{body}</main>\n</body>\n</html>\n",
        crate::render::html::STYLE
    );
    with_reload(&page, version)
}

/// The page with the reload script before `</body>`: it polls the version and reloads when a
/// build has finished since the page was served.
fn with_reload(page: &str, version: u64) -> String {
    let script = format!(
        "<script>\n(function () {{\n  var seen = \"{version}\";\n  function poll() {{\n    \
         fetch(\"{VERSION_PATH}\", {{ cache: \"no-store\" }})\n      \
         .then(function (r) {{ return r.text(); }})\n      \
         .then(function (v) {{ if (v !== seen) {{ location.reload(); }} }})\n      \
         .catch(function () {{}})\n      \
         .then(function () {{ setTimeout(poll, 1000); }});\n  }}\n  \
         setTimeout(poll, 1000);\n}})();\n</script>\n"
    );
    match page.rfind("</body>") {
        Some(at) => format!("{}{script}{}", &page[..at], &page[at..]),
        None => format!("{page}{script}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_stay_inside_the_output_folder() {
        assert_eq!(
            file_path("/nmd/letter.html"),
            Some(PathBuf::from("nmd/letter.html"))
        );
        assert_eq!(file_path("/a%20b.html"), Some(PathBuf::from("a b.html")));
        assert_eq!(file_path("/"), Some(PathBuf::new()));
        for bad in ["/../etc/passwd", "/nmd/%2e%2e/%2e%2e/x", "/%zz"] {
            assert_eq!(file_path(bad), None, "{bad}");
        }
    }

    #[test]
    fn served_pages_get_the_reload_script_before_the_body_ends() {
        let page = with_reload("<html><body><p>x</p></body></html>", 7);
        let script = page.find("<script>").unwrap();
        assert!(script < page.find("</body>").unwrap());
        assert!(page.contains("var seen = \"7\""));
        assert!(page.contains(VERSION_PATH));
    }

    #[test]
    fn a_failed_build_answers_html_with_its_errors_and_files_as_they_are() {
        let temp = tempfile::tempdir().unwrap();
        fs::write(temp.path().join("index.html"), "<body>ok</body>").unwrap();
        fs::write(temp.path().join("feed.xml"), "<feed/>").unwrap();
        let failed = State {
            version: 3,
            error: Some("error: courts/nmd.yaml:3:7: name: <must not be empty>".into()),
        };
        let (status, kind, body) = respond(temp.path(), "/", &failed);
        let body = String::from_utf8(body).unwrap();
        assert_eq!((status, kind), (500, "text/html; charset=utf-8"));
        assert!(
            body.contains("courts/nmd.yaml:3:7: name: &lt;must not be empty&gt;"),
            "{body}"
        );
        let (status, _, body) = respond(temp.path(), "/feed.xml", &failed);
        assert_eq!((status, body), (200, b"<feed/>".to_vec()));
        let fine = State {
            version: 4,
            error: None,
        };
        let (status, _, body) = respond(temp.path(), "/index.html?x=1", &fine);
        assert_eq!(status, 200);
        assert!(
            String::from_utf8(body)
                .unwrap()
                .starts_with("<body>ok<script>")
        );
        assert_eq!(respond(temp.path(), "/missing.html", &fine).0, 404);
        assert_eq!(respond(temp.path(), VERSION_PATH, &fine).2, b"4");
    }
}
