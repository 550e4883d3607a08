//! Delivery of a folder of `.eml` messages through an SMTP relay, each exactly once: the
//! journal beside the messages records every hand-over, so a run that is stopped and
//! started again skips what went out. Without `deliver` it only says what it would send.
//!
//! Plain SMTP only (no TLS): mailings go through the court's own relay on its network, and
//! leaving out a TLS stack keeps the build small. `smtps://` is refused with that reason.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use lettre::Transport;
use lettre::address::{Address, Envelope};
use lettre::transport::smtp::SmtpTransport;
use lettre::transport::smtp::extension::ClientId;

use super::journal::{Journal, State};
use crate::error::Error;

pub struct SendRequest {
    /// Folder holding the `.eml` files (`noticegen merge --email` writes them).
    pub messages: PathBuf,
    /// `smtp://host[:port]`.
    pub smtp: String,
    /// Actually send; otherwise print what would be sent.
    pub deliver: bool,
    /// At most this many messages per second, for relays that limit senders.
    pub rate: Option<f64>,
    /// Send again messages whose earlier hand-over was never confirmed.
    pub resend_in_doubt: bool,
    pub progress: bool,
}

#[derive(Debug, Default)]
pub struct SendSummary {
    pub sent: usize,
    /// Would be sent (dry run).
    pub pending: usize,
    /// Sent by an earlier run.
    pub already: usize,
    /// Message-IDs handed over earlier without a recorded answer; not sent again.
    pub in_doubt: Vec<String>,
    /// Refused by the relay: file and reason.
    pub failed: Vec<(PathBuf, String)>,
}

/// The slowest `--rate`: one message every 10,000 seconds (about 2¾ hours).
pub const RATE_MIN: f64 = 0.0001;
/// The fastest `--rate`, beyond what any relay takes from one sender.
pub const RATE_MAX: f64 = 10_000.0;

/// A `--rate` as given on the command line: a number of messages a second within
/// [`RATE_MIN`]..=[`RATE_MAX`] (not NaN, not infinite, not zero or negative), so the pause
/// between two messages is a time the clock can wait.
pub fn parse_rate(text: &str) -> Result<f64, String> {
    let accepted = format!(
        "give messages a second, from {RATE_MIN} (one every {} seconds) to {RATE_MAX}, e.g. 5 or 0.5",
        1.0 / RATE_MIN
    );
    let rate: f64 = text
        .trim()
        .parse()
        .map_err(|_| format!("not a number; {accepted}"))?;
    if rate.is_nan() {
        return Err(format!("not a number; {accepted}"));
    }
    if rate.is_infinite() {
        return Err(format!("infinite; {accepted}"));
    }
    if !(RATE_MIN..=RATE_MAX).contains(&rate) {
        return Err(format!("out of range; {accepted}"));
    }
    Ok(rate)
}

/// The pause between two messages at `rate` messages a second.
fn pause_for(rate: f64) -> Result<Duration, Error> {
    parse_rate(&rate.to_string())
        .ok()
        .and_then(|rate| Duration::try_from_secs_f64(1.0 / rate).ok())
        .ok_or_else(|| {
            Error::Usage(format!(
                "--rate {rate}: give messages a second, from {RATE_MIN} to {RATE_MAX}"
            ))
        })
}

/// What a message says about its own delivery.
struct Envelopes {
    id: String,
    from: Address,
    to: Vec<Address>,
}

/// Host and port of `smtp://host[:port]`.
pub fn parse_url(url: &str) -> Result<(String, u16), Error> {
    if url.starts_with("smtps://") {
        return Err(Error::Usage(format!(
            "`{url}`: noticegen speaks plain SMTP to a relay on the court's network; it is built without TLS"
        )));
    }
    let rest = url
        .strip_prefix("smtp://")
        .ok_or_else(|| Error::Usage(format!("`{url}` is not an SMTP URL (smtp://host[:port])")))?;
    let rest = rest.trim_end_matches('/');
    let (host, port) = match rest.rsplit_once(':') {
        Some((host, port)) if !host.ends_with(']') || host.starts_with('[') => (
            host.trim_start_matches('[').trim_end_matches(']'),
            port.parse::<u16>()
                .ok()
                .filter(|port| *port > 0)
                .ok_or_else(|| {
                    Error::Usage(format!(
                        "`{url}`: bad port `{port}` (a number from 1 to 65535)"
                    ))
                })?,
        ),
        _ => (rest, 25),
    };
    if host.is_empty() || host.contains('@') || host.contains('/') {
        return Err(Error::Usage(format!(
            "`{url}`: expected smtp://host[:port]"
        )));
    }
    Ok((host.to_string(), port))
}

/// The `.eml` files of `dir`, in name order.
fn messages(dir: &Path) -> Result<Vec<PathBuf>, Error> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| Error::io(dir, e))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "eml"))
        .collect();
    files.sort();
    Ok(files)
}

/// Message-ID, From and To of a message, from its header (unfolded).
fn envelope_of(path: &Path, bytes: &[u8]) -> Result<Envelopes, Error> {
    let text = String::from_utf8_lossy(bytes);
    let head = text.split("\r\n\r\n").next().unwrap_or("");
    let unfolded = head.replace("\r\n ", " ").replace("\r\n\t", " ");
    let field = |name: &str| {
        unfolded.split("\r\n").find_map(|line| {
            let (key, value) = line.split_once(':')?;
            key.eq_ignore_ascii_case(name)
                .then(|| value.trim().to_string())
        })
    };
    let bad = |what: &str| Error::Message {
        path: path.to_path_buf(),
        problem: format!("not a message noticegen can send ({what})"),
    };
    let address = |value: &str| -> Option<Address> {
        let inner = match (value.rfind('<'), value.rfind('>')) {
            (Some(a), Some(b)) if a < b => &value[a + 1..b],
            _ => value,
        };
        inner.trim().parse().ok()
    };
    let id = field("Message-ID").ok_or_else(|| bad("no Message-ID"))?;
    let from = field("From")
        .as_deref()
        .and_then(address)
        .ok_or_else(|| bad("no From address"))?;
    let to = field("To")
        .as_deref()
        .and_then(address)
        .ok_or_else(|| bad("no To address"))?;
    Ok(Envelopes {
        id,
        from,
        to: vec![to],
    })
}

/// Sends (or, without `deliver`, lists) every message of the folder not sent before;
/// `log` receives one line per message.
pub fn send(request: &SendRequest, log: &mut dyn Write) -> Result<SendSummary, Error> {
    let (host, port) = parse_url(&request.smtp)?;
    let files = messages(&request.messages)?;
    if files.is_empty() {
        return Err(Error::Usage(format!(
            "no .eml files in {} (noticegen merge --email writes them)",
            request.messages.display()
        )));
    }
    let mut journal = Journal::open(&request.messages)?;
    let transport = SmtpTransport::builder_dangerous(host)
        .port(port)
        .hello_name(ClientId::Domain("localhost".into()))
        .timeout(Some(Duration::from_secs(60)))
        .build();
    let progress = super::progress_bar(request.progress && request.deliver, files.len());
    let pause = request.rate.map(pause_for).transpose()?;
    let mut summary = SendSummary::default();
    let mut last = None::<Instant>;
    let say = |log: &mut dyn Write, line: String| {
        let _ = writeln!(log, "{line}");
    };
    for path in &files {
        progress.inc(1);
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        let envelope = envelope_of(path, &bytes)?;
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        match journal.state(&envelope.id) {
            Some(State::Sent) => {
                summary.already += 1;
                continue;
            }
            Some(State::InDoubt) if !request.resend_in_doubt => {
                say(log, format!("in doubt, not resent: {name} {}", envelope.id));
                summary.in_doubt.push(envelope.id);
                continue;
            }
            _ => {}
        }
        let to: Vec<String> = envelope.to.iter().map(ToString::to_string).collect();
        if !request.deliver {
            say(
                log,
                format!("would send {name} to {} {}", to.join(", "), envelope.id),
            );
            summary.pending += 1;
            continue;
        }
        if let (Some(pause), Some(at)) = (pause, last) {
            let elapsed = at.elapsed();
            if elapsed < pause {
                std::thread::sleep(pause - elapsed);
            }
        }
        last = Some(Instant::now());
        let smtp_envelope = Envelope::new(Some(envelope.from.clone()), envelope.to.clone())
            .map_err(|e| Error::Message {
                path: path.clone(),
                problem: e.to_string(),
            })?;
        journal.sending(&envelope.id)?;
        match transport.send_raw(&smtp_envelope, &bytes) {
            Ok(_) => {
                journal.sent(&envelope.id)?;
                summary.sent += 1;
                progress.suspend(|| say(log, format!("sent {name} to {}", to.join(", "))));
            }
            Err(error) if error.is_permanent() || error.is_transient() => {
                // The relay answered with a refusal: nothing was delivered.
                journal.failed(&envelope.id)?;
                say(log, format!("refused {name}: {error}"));
                summary.failed.push((path.clone(), error.to_string()));
            }
            Err(error) => {
                // No answer: the connection failed, perhaps after the relay took the
                // message. It stays in doubt and the run stops, as the rest would fail too.
                progress.finish_and_clear();
                return Err(Error::Relay(format!(
                    "SMTP relay {}: {error} (while sending {name}; it is recorded as in doubt)",
                    request.smtp
                )));
            }
        }
    }
    progress.finish_and_clear();
    Ok(summary)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn smtp_urls() {
        assert_eq!(
            parse_url("smtp://127.0.0.1:2525").unwrap(),
            ("127.0.0.1".to_string(), 2525)
        );
        assert_eq!(
            parse_url("smtp://relay.court.local").unwrap(),
            ("relay.court.local".to_string(), 25)
        );
        assert_eq!(
            parse_url("smtp://[::1]:2525").unwrap(),
            ("::1".to_string(), 2525)
        );
        for bad in [
            "http://x",
            "smtps://x:465",
            "smtp://",
            "smtp://x:port",
            "smtp://x:0",
            "smtp://x:65536",
            "smtp://u@x",
        ] {
            assert!(parse_url(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn rates_are_numbers_a_clock_can_wait_for() {
        assert_eq!(parse_rate("5"), Ok(5.0));
        assert_eq!(parse_rate("0.0001"), Ok(0.0001));
        assert_eq!(parse_rate("10000"), Ok(10_000.0));
        for bad in [
            "1e-300", "1e300", "0", "-1", "-0", "NaN", "nan", "inf", "-inf", "fast", "", "0.00009",
        ] {
            let error = parse_rate(bad).unwrap_err();
            assert!(error.contains("from 0.0001"), "{bad}: {error}");
        }
        assert!(pause_for(1e-300).is_err());
        assert!(pause_for(f64::NAN).is_err());
        assert_eq!(pause_for(4.0).unwrap(), Duration::from_millis(250));
    }

    #[test]
    fn envelope_from_folded_header() {
        let eml = b"From: \"Clerk of Court, District\" <cmecf@nmd.uscourts.gov>\r\nTo: \"Ms. Ann\r\n Lee\" <ann@lee.law>\r\nMessage-ID: <a.b@nmd.uscourts.gov>\r\n\r\nbody\r\n";
        let env = envelope_of(Path::new("x.eml"), eml).unwrap();
        assert_eq!(env.id, "<a.b@nmd.uscourts.gov>");
        assert_eq!(env.from.to_string(), "cmecf@nmd.uscourts.gov");
        assert_eq!(env.to[0].to_string(), "ann@lee.law");
        assert!(envelope_of(Path::new("x.eml"), b"To: a@b.c\r\n\r\n").is_err());
    }
}
