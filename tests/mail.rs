//! Mailings through the real binary: a 1,000-row merge with bad rows, e-mail messages read
//! back by a real mail parser, and delivery through a live SMTP server (when .ci/run starts
//! one) with the sender killed half-way.

mod common;

use common::{noticegen, repo, text};
use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// `noticegen merge` of `court`'s letter (bundled courts) for `list`, run in `dir`, with `flags`.
fn merge(dir: &Path, court: &str, list: &Path, flags: &[&str]) -> Output {
    let courts = repo().join("courts");
    let mut args = vec!["merge"];
    args.extend_from_slice(flags);
    args.extend([
        "--courts",
        courts.to_str().unwrap(),
        "--court",
        court,
        "--recipients",
        list.to_str().unwrap(),
    ]);
    noticegen(dir, &args)
}

const HEADER: &str = "prefix,name,firm,address1,address2,city,state,zip,email,bar_number\n";

/// Row `i` (file row `i + 2`) of a generated list; every name is different.
fn good_row(i: usize) -> String {
    let prefix = ["Ms.", "Mr.", "", "Hon."][i % 4];
    format!(
        "{prefix},Pat Q. Attorney{i:04},Firm {i} LLP,{n} Main St.,Suite {i},Albuquerque,NM,87102,pat{i}@example.com,NM-{i:05}\n",
        n = 100 + i
    )
}

/// A 1,000-row list in which the rows at these file rows are bad, and why.
fn list_with_bad_rows(dir: &Path) -> (PathBuf, Vec<(usize, &'static str)>) {
    let bad: Vec<(usize, &str, String)> = vec![
        (
            7,
            "name",
            ",,Firm,1 St.,,Albuquerque,NM,87102,x@example.com,\n".into(),
        ),
        (
            250,
            "email",
            "Ms.,Bad Mail,Firm,1 St.,,Albuquerque,NM,87102,not-an-address,\n".into(),
        ),
        (
            500,
            "zip",
            "Ms.,Bad Zip,Firm,1 St.,,Albuquerque,NM,8710,bz@example.com,\n".into(),
        ),
        (750, "", "Ms.,Short Row,Firm,1 St.,Albuquerque,NM\n".into()),
        // A repeat of row 2 (the first data row).
        (999, "", good_row(0)),
    ];
    let mut csv = String::from(HEADER);
    let mut next_good = 0;
    for row in 2..=1001 {
        match bad.iter().find(|(r, _, _)| *r == row) {
            Some((_, _, line)) => csv.push_str(line),
            None => {
                csv.push_str(&good_row(next_good));
                next_good += 1;
            }
        }
    }
    let path = dir.join("attorneys.csv");
    fs::write(&path, csv).unwrap();
    (path, bad.iter().map(|(r, c, _)| (*r, *c)).collect())
}

fn pdftotext(pdf: &Path) -> Option<String> {
    let out = Command::new("pdftotext").arg(pdf).arg("-").output().ok()?;
    out.status.success().then(|| text(&out.stdout))
}

#[test]
fn merge_of_a_thousand_rows_skips_and_reports_the_bad_ones() {
    let temp = tempfile::tempdir().unwrap();
    let (list, bad) = list_with_bad_rows(temp.path());
    let output = merge(temp.path(), "nmd", &list, &[]);
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    for (row, _) in &bad {
        assert!(
            stderr.contains(&format!("attorneys.csv:{row}:")),
            "row {row} not reported: {stderr}"
        );
    }
    assert!(stderr.contains("merged 995 recipients"), "{stderr}");

    let folder = temp.path().join("mailings/nmd/letter");
    let mut rejected = csv::Reader::from_path(folder.join("rejected.csv")).unwrap();
    let found: Vec<(usize, String)> = rejected
        .records()
        .map(|r| {
            let r = r.unwrap();
            (r[0].parse().unwrap(), r[1].to_string())
        })
        .collect();
    let expected: Vec<(usize, String)> = bad.iter().map(|(r, c)| (*r, c.to_string())).collect();
    assert_eq!(found, expected);

    // The index: one line per letter, in row order, with its first page and length.
    let mut index = csv::Reader::from_path(folder.join("mailing.csv")).unwrap();
    let letters: Vec<(usize, String, usize, usize)> = index
        .records()
        .map(|r| {
            let r = r.unwrap();
            (
                r[0].parse().unwrap(),
                r[2].to_string(),
                r[3].parse().unwrap(),
                r[4].parse().unwrap(),
            )
        })
        .collect();
    assert_eq!(letters.len(), 995);
    let mut expected_first = 1;
    for (k, (_, name, first, pages)) in letters.iter().enumerate() {
        assert_eq!(name, &format!("Pat Q. Attorney{k:04}"));
        assert_eq!(
            *first, expected_first,
            "letter {k} starts after the one before"
        );
        assert!(*pages >= 1);
        expected_first += pages;
    }
    let total_pages = expected_first - 1;

    let pdf = folder.join("mailing.pdf");
    let document = lopdf::Document::load(&pdf).expect("the mailing is a readable PDF");
    assert_eq!(document.get_pages().len(), total_pages);

    let Some(extracted) = pdftotext(&pdf) else {
        eprintln!("pdftotext not installed; skipping the text-layer checks");
        return;
    };
    let pages: Vec<&str> = extracted.split('\u{c}').collect();
    for (k, (_, name, first, count)) in letters.iter().enumerate() {
        let page = pages[first - 1];
        assert!(
            page.contains(name.as_str()),
            "letter {k}: {name} not on page {first}"
        );
        assert!(
            page.contains(&format!("Attorney{k:04}:")),
            "letter {k}: personalised salutation"
        );
        assert!(!page.contains("Page 1 of"), "page 1 carries no page number");
        for p in 1..*count {
            let label = format!("Page {} of {count}", p + 1);
            assert!(pages[first - 1 + p].contains(&label), "letter {k}: {label}");
            // The continuation line names the letter's recipient, so a stray sheet finds
            // its letter.
            assert!(
                pages[first - 1 + p].contains(name.as_str()),
                "letter {k}: page {} does not name {name}",
                p + 1
            );
        }
    }
}

#[test]
fn strict_stops_at_the_first_bad_row_and_writes_nothing() {
    let temp = tempfile::tempdir().unwrap();
    let list = temp.path().join("list.csv");
    fs::write(
        &list,
        format!(
            "{HEADER}{}Ms.,,Firm,1 St.,,X,NM,87102,a@example.com,\n{}",
            good_row(0),
            good_row(1)
        ),
    )
    .unwrap();
    let output = merge(temp.path(), "nmd", &list, &["--strict"]);
    assert_eq!(output.status.code(), Some(1));
    // Row 3, the name field (the second), which starts at the row's fifth character: reports
    // give the character column, as editors count, and mark the field.
    assert!(
        text(&output.stderr).contains("list.csv:3:5"),
        "{}",
        text(&output.stderr)
    );
    assert!(!temp.path().join("mailings").join("nmd").exists());
}

#[test]
fn duplex_pads_every_letter_to_an_even_page_count() {
    let temp = tempfile::tempdir().unwrap();
    let list = temp.path().join("list.csv");
    let rows: String = (0..3).map(good_row).collect();
    fs::write(&list, format!("{HEADER}{rows}")).unwrap();
    for court in ["nmd", "casd", "cacd", "flsd"] {
        let output = merge(temp.path(), court, &list, &["--duplex"]);
        assert!(output.status.success(), "{}", text(&output.stderr));
        let folder = temp.path().join("mailings").join(court).join("letter");
        let mut index = csv::Reader::from_path(folder.join("mailing.csv")).unwrap();
        let mut total = 0;
        for record in index.records() {
            let record = record.unwrap();
            let first: usize = record[3].parse().unwrap();
            let pages: usize = record[4].parse().unwrap();
            assert_eq!(pages % 2, 0, "{court}: letter padded to an even count");
            assert_eq!(first % 2, 1, "{court}: each letter starts on a front side");
            total += pages;
        }
        let document = lopdf::Document::load(folder.join("mailing.pdf")).unwrap();
        assert_eq!(document.get_pages().len(), total);
    }
}

/// Runs Python's `email` package over the messages; None when there is no python3.
fn python(script: &str, args: &[&Path]) -> Option<Output> {
    Command::new("python3")
        .arg("-c")
        .arg(script)
        .args(args)
        .output()
        .ok()
}

const CHECK_EML: &str = r#"
import email, email.policy, mailbox, sys
folder, mbox = sys.argv[1], sys.argv[2]
import pathlib
ids = []
for path in sorted(pathlib.Path(folder).glob("*.eml")):
    msg = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    assert msg.get_content_type() == "multipart/alternative", msg.get_content_type()
    parts = [p.get_content_type() for p in msg.iter_parts()]
    assert parts == ["text/plain", "text/html"], parts
    plain = msg.get_body(("plain",)).get_content()
    html = msg.get_body(("html",)).get_content().replace("\u2019", "'")
    assert str(msg["From"].addresses[0].addr_spec) == "cmecf@nmd.uscourts.gov", msg["From"]
    assert str(msg["Reply-To"].addresses[0].addr_spec) == "cmecf@nmd.uscourts.gov"
    assert msg["Date"].datetime.year == 2020
    assert msg["Subject"]
    to = msg["To"].addresses[0]
    assert to.display_name.split()[-1] in plain and to.display_name.split()[-1] in html, to
    assert "Dear " in plain and "<html" in html.lower()
    ids.append(msg["Message-ID"])
assert len(set(ids)) == len(ids)
box = mailbox.mbox(mbox)
assert sorted(m["Message-ID"] for m in box) == sorted(ids), "mbox holds every message"
print(len(ids))
"#;

#[test]
fn email_messages_parse_with_a_real_mail_parser() {
    let temp = tempfile::tempdir().unwrap();
    let list = repo().join("examples/recipients.csv");
    let output = merge(temp.path(), "nmd", &list, &["--email", "--mbox", "--split"]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let folder = temp.path().join("mailings/nmd/letter");
    let emails = folder.join("email");
    let first = fs::read(emails.join("maria-lopez-f7f86887.eml")).expect("stable slug");
    let head = text(&first);
    assert!(
        head.contains("Message-ID: <letter.maria-lopez-f7f86887.nmd.20200121@nmd.uscourts.gov>")
    );
    assert!(head.contains("Date: Tue, 21 Jan 2020 00:00:00 +0000"));
    for ext in ["md", "html", "pdf"] {
        assert!(
            folder
                .join("split")
                .join(format!("maria-lopez-f7f86887.{ext}"))
                .exists()
        );
    }
    // The same run again gives the same bytes.
    let again = tempfile::tempdir().unwrap();
    merge(again.path(), "nmd", &list, &["--email"]);
    assert_eq!(
        fs::read(
            again
                .path()
                .join("mailings/nmd/letter/email/maria-lopez-f7f86887.eml")
        )
        .unwrap(),
        first
    );

    match python(CHECK_EML, &[&emails, &folder.join("mailing.mbox")]) {
        Some(out) if out.status.success() => assert_eq!(text(&out.stdout).trim(), "4"),
        Some(out)
            if text(&out.stderr).contains("No module named") || out.status.code() == Some(127) =>
        {
            eprintln!("python3's email package unavailable; skipping the parser check")
        }
        Some(out) => panic!("the mail parser rejected a message: {}", text(&out.stderr)),
        None => eprintln!("python3 not installed; skipping the parser check"),
    }
}

/// Message-IDs the test SMTP server received, from its log (one per line).
fn received(log: &Path) -> HashMap<String, usize> {
    let mut counts = HashMap::new();
    for line in fs::read_to_string(log).unwrap_or_default().lines() {
        if !line.trim().is_empty() {
            *counts.entry(line.trim().to_string()).or_insert(0) += 1;
        }
    }
    counts
}

/// Needs a live server: .ci/run starts one on 127.0.0.1 and sets NOTICEGEN_SMTP (host:port)
/// and NOTICEGEN_SMTP_LOG (the file where it writes each received Message-ID).
#[test]
fn send_delivers_each_message_once_across_a_killed_run() {
    let (Ok(server), Ok(log)) = (
        std::env::var("NOTICEGEN_SMTP"),
        std::env::var("NOTICEGEN_SMTP_LOG"),
    ) else {
        eprintln!("NOTICEGEN_SMTP not set (no test SMTP server): skipping the delivery test");
        return;
    };
    assert!(
        server.starts_with("127.0.0.1:") || server.starts_with("localhost:"),
        "the delivery test only talks to a loopback server"
    );
    let log = PathBuf::from(log);
    let temp = tempfile::tempdir().unwrap();
    let list = temp.path().join("list.csv");
    let count = 40;
    let rows: String = (0..count).map(good_row).collect();
    fs::write(&list, format!("{HEADER}{rows}")).unwrap();
    let merged = merge(temp.path(), "nmd", &list, &["--email"]);
    assert!(merged.status.success(), "{}", text(&merged.stderr));
    let messages = temp.path().join("mailings/nmd/letter/email");
    let url = format!("smtp://{server}");
    let before = received(&log);

    // A dry run sends nothing.
    let dry = noticegen(
        temp.path(),
        &[
            "send",
            "--smtp",
            &url,
            "--messages",
            messages.to_str().unwrap(),
        ],
    );
    assert!(dry.status.success(), "{}", text(&dry.stderr));
    assert_eq!(
        text(&dry.stdout)
            .lines()
            .filter(|l| l.starts_with("would send"))
            .count(),
        count
    );
    assert_eq!(received(&log), before);

    // Send slowly and kill the sender once a third has gone out.
    let mut child = Command::new(env!("CARGO_BIN_EXE_noticegen"))
        .args([
            "send",
            "--deliver",
            "--rate",
            "20",
            "--smtp",
            &url,
            "--messages",
        ])
        .arg(&messages)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let journal = messages.join("sent.journal");
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let sent = fs::read_to_string(&journal)
            .unwrap_or_default()
            .lines()
            .filter(|l| l.starts_with("sent\t"))
            .count();
        if sent >= count / 3 || Instant::now() > deadline {
            break;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let partial: usize = received(&log).values().sum::<usize>() - before.values().sum::<usize>();
    assert!(
        partial > 0 && partial < count,
        "killed half-way: {partial} of {count} delivered"
    );

    let rerun = noticegen(
        temp.path(),
        &[
            "send",
            "--deliver",
            "--smtp",
            &url,
            "--messages",
            messages.to_str().unwrap(),
        ],
    );
    assert!(rerun.status.success(), "{}", text(&rerun.stderr));
    // Counted at the server, against what it had received before this test.
    let after = received(&log);
    let mut delivered = 0;
    for path in fs::read_dir(&messages).unwrap() {
        let path = path.unwrap().path();
        if path.extension().is_none_or(|e| e != "eml") {
            continue;
        }
        let message = text(&fs::read(&path).unwrap());
        let id = message
            .lines()
            .find_map(|l| l.strip_prefix("Message-ID: "))
            .unwrap()
            .trim()
            .to_string();
        let times = after.get(&id).copied().unwrap_or(0) - before.get(&id).copied().unwrap_or(0);
        assert_eq!(times, 1, "{id} delivered {times} times");
        delivered += 1;
    }
    assert_eq!(delivered, count, "every message arrived exactly once");
    // A third run finds nothing left to send.
    let third = noticegen(
        temp.path(),
        &[
            "send",
            "--deliver",
            "--smtp",
            &url,
            "--messages",
            messages.to_str().unwrap(),
        ],
    );
    assert!(
        text(&third.stderr).contains("sent 0, sent before 40"),
        "{}",
        text(&third.stderr)
    );
}

#[test]
fn recipient_data_is_escaped_like_court_data() {
    use noticegen::mail::recipients::RecipientReader;
    use noticegen::plan::{Plan, Request};
    use noticegen::render::Renderer;
    use noticegen::render::html::HtmlRenderer;

    let temp = tempfile::tempdir().unwrap();
    let list = temp.path().join("list.csv");
    fs::write(
        &list,
        "name,firm,address1,address2,city,state,zip,email\n\
         Ann *Lee* <script>x</script>,[click](javascript:alert(1)),1 Main St.,# Suite 4,X,NM,87102,\n",
    )
    .unwrap();
    let recipient = RecipientReader::open(&list, false)
        .unwrap()
        .next()
        .unwrap()
        .unwrap();
    let plan = Plan::load(&Request {
        courts_dir: repo().join("courts"),
        courts: vec!["nmd".into()],
        kinds: vec!["letter".into()],
        ..Request::default()
    })
    .unwrap();
    let notice = plan
        .notice_for(&plan.courts[0], "letter", &recipient)
        .unwrap();
    let html = text(&HtmlRenderer::default().render(&notice).unwrap());
    assert!(
        html.contains("Ann *Lee* &lt;script&gt;x&lt;/script&gt;"),
        "{html}"
    );
    assert!(!html.contains("<script>"), "{html}");
    assert!(!html.contains("href=\"javascript:"), "{html}");
    assert!(html.contains("[click]"));
    assert!(
        !html.contains("<h1>Suite 4"),
        "a `#` in a field is no heading"
    );
    assert!(html.contains("Dear Ann *Lee* &lt;script&gt;x&lt;/script&gt;:"));
}

#[test]
fn merge_usage_errors_exit_2_and_help_shows_examples() {
    let temp = tempfile::tempdir().unwrap();
    let list = repo().join("examples/recipients.csv");
    let output = merge(temp.path(), "nowhere", &list, &[]);
    assert_eq!(output.status.code(), Some(2), "{}", text(&output.stderr));
    assert!(text(&output.stderr).contains("unknown court `nowhere`"));
    let send = noticegen(
        temp.path(),
        &["send", "--smtp", "smtps://relay:465", "--messages", "."],
    );
    assert_eq!(send.status.code(), Some(2));
    assert!(
        text(&send.stderr).contains("without TLS"),
        "{}",
        text(&send.stderr)
    );
    let help = noticegen(temp.path(), &["merge", "--help"]);
    assert!(text(&help.stdout).contains("noticegen merge --court nmd --recipients"));
}

/// The `row` column (and the name) of each line of a mailing's CSV file, read back.
fn rows_of(csv_file: &Path) -> Vec<(usize, String)> {
    let mut reader = csv::Reader::from_path(csv_file).unwrap();
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            (r[0].parse().unwrap(), r[2].to_string())
        })
        .collect()
}

#[test]
fn row_numbers_are_the_rows_a_spreadsheet_shows_whatever_the_file_looks_like() {
    // Rows as a spreadsheet numbers them: 1 header, 2 good, 3 blank, 4 good with a two-line
    // note, 5 bad ZIP, 6 good.
    let note = |eol: &str| format!("\"admitted 1998{eol}senior partner\"");
    for (label, eol, bom) in [
        ("LF", "\n", ""),
        ("CRLF", "\r\n", ""),
        ("CR", "\r", ""),
        ("BOM and CRLF", "\r\n", "\u{feff}"),
    ] {
        let temp = tempfile::tempdir().unwrap();
        let list = temp.path().join("list.csv");
        let rows = [
            HEADER.trim_end().to_string(),
            good_row(0).trim_end().to_string(),
            String::new(),
            good_row(1).trim_end().replace("NM-00001", &note(eol)),
            "Ms.,Bad Zip,,1 St.,,Albuquerque,NM,8710,bz@example.com,".to_string(),
            good_row(2).trim_end().to_string(),
        ];
        fs::write(&list, format!("{bom}{}{eol}", rows.join(eol))).unwrap();
        let output = merge(temp.path(), "nmd", &list, &[]);
        let stderr = text(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{label}: {stderr}");
        assert!(stderr.contains("--> "), "{label}: {stderr}");
        assert!(stderr.contains("list.csv:5:"), "{label}: {stderr}");
        let folder = temp.path().join("mailings/nmd/letter");
        let letters: Vec<usize> = rows_of(&folder.join("mailing.csv"))
            .into_iter()
            .map(|(row, _)| row)
            .collect();
        assert_eq!(letters, [2, 4, 6], "{label}: mailing.csv");
        let rejected: Vec<usize> = rows_of(&folder.join("rejected.csv"))
            .into_iter()
            .map(|(row, _)| row)
            .collect();
        assert_eq!(rejected, [5], "{label}: rejected.csv");
    }
}

#[test]
fn an_unclosed_quote_costs_one_letter_and_is_reported_where_it_opens() {
    let temp = tempfile::tempdir().unwrap();
    let list = temp.path().join("list.csv");
    let broken = good_row(1).replace("Firm 1 LLP", "\"Firm 1, LLP");
    fs::write(
        &list,
        format!(
            "{HEADER}{}{broken}{}{}",
            good_row(0),
            good_row(2),
            good_row(3)
        ),
    )
    .unwrap();
    let output = merge(temp.path(), "nmd", &list, &[]);
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("list.csv:3:"), "{stderr}");
    assert!(stderr.contains("never closed"), "{stderr}");
    assert!(
        stderr.contains("merged 3 recipients into 6 pages") && stderr.contains("; 1 row rejected"),
        "{stderr}"
    );
    let folder = temp.path().join("mailings/nmd/letter");
    let rows: Vec<usize> = rows_of(&folder.join("mailing.csv"))
        .into_iter()
        .map(|(row, _)| row)
        .collect();
    assert_eq!(rows, [2, 4, 5]);
    let rejected = rows_of(&folder.join("rejected.csv"));
    assert_eq!(rejected.len(), 1);
    assert_eq!(rejected[0].0, 3);
}

#[test]
fn cells_a_spreadsheet_would_run_are_neutralised_in_every_csv_and_printed_as_they_are() {
    let temp = tempfile::tempdir().unwrap();
    let list = temp.path().join("list.csv");
    let names = ["=1+2", "@SUM(A1:A9)", "+15055550100", "-2+3", "\u{ff1d}1+2"];
    let mut csv = String::from(HEADER);
    for (i, name) in names.iter().enumerate() {
        csv.push_str(&good_row(i).replace(&format!("Pat Q. Attorney{i:04}"), name));
    }
    // A rejected row (bad ZIP) whose name and extra column are formulas too.
    csv.push_str("Mr.,=cmd|' /C calc'!A0,,1 St.,,X,NM,8710,x@example.com,=HYPERLINK(\"http://evil.example\")\n");
    fs::write(&list, csv).unwrap();
    let output = merge(temp.path(), "nmd", &list, &["--split"]);
    assert_eq!(output.status.code(), Some(1), "{}", text(&output.stderr));
    let folder = temp.path().join("mailings/nmd/letter");

    let index = rows_of(&folder.join("mailing.csv"));
    let shown: Vec<String> = index.iter().map(|(_, name)| name.clone()).collect();
    let expected: Vec<String> = names.iter().map(|n| format!("'{n}")).collect();
    assert_eq!(shown, expected);
    let raw = fs::read_to_string(folder.join("mailing.csv")).unwrap();
    assert!(raw.contains("\"'=1+2\""), "every cell quoted: {raw}");

    let rejected = fs::read_to_string(folder.join("rejected.csv")).unwrap();
    assert!(rejected.contains("\"'=cmd|' /C calc'!A0\""), "{rejected}");
    assert!(
        rejected.contains("\"'=HYPERLINK(\"\"http://evil.example\"\")\""),
        "{rejected}"
    );
    for line in rejected.lines() {
        for cell in csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(line.as_bytes())
            .records()
            .flatten()
            .flat_map(|r| r.iter().map(str::to_string).collect::<Vec<_>>())
        {
            assert!(
                !cell.starts_with(['=', '+', '-', '@']),
                "a formula cell in rejected.csv: {cell}"
            );
        }
    }

    // The letters themselves keep the real text.
    for (_, slug_name) in &index {
        let name = slug_name.trim_start_matches('\'');
        let found = fs::read_dir(folder.join("split"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "html"))
            .any(|p| fs::read_to_string(p).unwrap().contains(name));
        assert!(found, "{name} printed as it is");
    }
}

const CHECK_TO: &str = r#"
import email, email.policy, pathlib, sys, json
expected = json.loads(sys.argv[2])
seen = {}
for path in sorted(pathlib.Path(sys.argv[1]).glob("*.eml")):
    msg = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    names = [k.lower() for k in msg.keys()]
    assert "bcc" not in names and "cc" not in names, names
    assert len(names) == len(set(names)), names
    to = msg["To"].addresses
    assert len(to) == 1, to
    # Python's parser keeps a space between two adjacent encoded words of a long name,
    # which RFC 2047 says to drop: names are compared without their spaces.
    seen[to[0].addr_spec] = "".join(to[0].display_name.split())
    assert "\n" not in str(msg["Subject"])
expected = {k: "".join(v.split()) for k, v in expected.items()}
assert seen == expected, (seen, expected)
print(len(seen))
"#;

#[test]
fn hostile_names_stay_one_display_name_in_one_to_header() {
    let temp = tempfile::tempdir().unwrap();
    let list = temp.path().join("list.csv");
    let names = [
        "Roe, Jane \"JJ\" <jr@evil.example>; Bcc: x@evil.example",
        "José Núñez-O'Brien",
        "Back\\slash (comment) [brackets] @ here",
        "李小龍",
    ];
    let mut csv = String::from("name,firm,address1,address2,city,state,zip,email\n");
    let mut expected = serde_json::Map::new();
    for (i, name) in names.iter().enumerate() {
        let quoted = format!("\"{}\"", name.replace('"', "\"\""));
        csv.push_str(&format!(
            "{quoted},,{i} Main St.,,Albuquerque,NM,87102,p{i}@example.com\n"
        ));
        expected.insert(format!("p{i}@example.com"), (*name).into());
    }
    // A name broken over two lines: rejected, and the mailing of the others goes on.
    csv.push_str("\"Maria\nLopez\",,9 Main St.,,Albuquerque,NM,87102,ml@example.com\n");
    fs::write(&list, csv).unwrap();
    let output = merge(temp.path(), "nmd", &list, &["--email"]);
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(
        stderr.contains("U+000A LINE FEED") && stderr.contains("list.csv:6:"),
        "{stderr}"
    );
    let emails = temp.path().join("mailings/nmd/letter/email");
    assert_eq!(fs::read_dir(&emails).unwrap().count(), names.len());
    let expected = serde_json::Value::Object(expected).to_string();
    let Ok(out) = Command::new("python3")
        .arg("-c")
        .arg(CHECK_TO)
        .arg(&emails)
        .arg(&expected)
        .output()
    else {
        eprintln!("python3 not installed; skipping the parser check");
        return;
    };
    assert!(
        out.status.success(),
        "the mail parser disagrees: {}",
        text(&out.stderr)
    );
    assert_eq!(text(&out.stdout).trim(), names.len().to_string());
}

#[test]
fn send_refuses_rates_no_clock_can_wait_for() {
    let temp = tempfile::tempdir().unwrap();
    for rate in ["1e-300", "0", "-1", "NaN", "inf", "1e300"] {
        let output = noticegen(
            temp.path(),
            &[
                "send",
                "--smtp",
                "smtp://relay.invalid",
                "--messages",
                ".",
                "--deliver",
                "--rate",
                rate,
            ],
        );
        let stderr = text(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{rate}: {stderr}");
        assert!(stderr.contains("from 0.0001"), "{rate}: {stderr}");
        assert!(!stderr.contains("panicked"), "{rate}: {stderr}");
    }
}

#[test]
fn many_bad_rows_are_shown_fifty_at_a_time_and_all_listed() {
    let temp = tempfile::tempdir().unwrap();
    let list = temp.path().join("list.csv");
    let mut csv = format!("{HEADER}{}", good_row(0));
    for i in 0..53 {
        csv.push_str(&format!("Ms.,Bad {i},,1 St.,,X,NM,8710,,\n"));
    }
    fs::write(&list, csv).unwrap();
    let output = merge(temp.path(), "nmd", &list, &[]);
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert_eq!(
        stderr.matches("error: `8710` is not a ZIP code").count(),
        50
    );
    assert!(
        stderr
            .contains("... and 3 more rejected rows, not shown here; rejected.csv lists every one"),
        "{stderr}"
    );
    assert!(stderr.contains("; 53 rows rejected"), "{stderr}");
    let folder = temp.path().join("mailings/nmd/letter");
    assert_eq!(rows_of(&folder.join("rejected.csv")).len(), 53);
}

#[test]
fn a_relay_that_cannot_be_reached_exits_1_not_the_usage_code() {
    let temp = tempfile::tempdir().unwrap();
    let list = repo().join("examples/recipients.csv");
    let output = merge(temp.path(), "nmd", &list, &["--email"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    // A port on loopback that nothing listens on: bound, then released.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let relay = format!("smtp://127.0.0.1:{port}");
    let send = noticegen(
        temp.path(),
        &[
            "send",
            "--smtp",
            &relay,
            "--messages",
            "mailings/nmd/letter/email",
            "--deliver",
        ],
    );
    let stderr = text(&send.stderr);
    assert_eq!(send.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("SMTP relay"), "{stderr}");
}
