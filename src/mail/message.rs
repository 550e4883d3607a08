//! One personalised notice as an RFC 5322 message: multipart/alternative with the text as
//! plain text (from the Markdown) and as HTML, From and Reply-To the court's helpdesk. The
//! Date is the notice's date and the Message-ID and MIME boundary derive from the court,
//! kind and recipient, so building the same mailing twice gives the same bytes.

use std::time::{Duration, SystemTime};

use lettre::Message;
use lettre::message::header::ContentType;
use lettre::message::{Mailbox, MultiPart, MultiPartKind, SinglePart};
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::recipients::Recipient;
use crate::error::Error;
use crate::notice::Notice;

/// Who a mailing comes from: a display name and the court's helpdesk address.
#[derive(Debug, Clone)]
pub struct Sender {
    pub name: String,
    pub email: String,
}

/// `<kind>.<slug>.<court>.<yyyymmdd>@<sender's domain>`: unique per person and notice,
/// the same on every run.
pub fn message_id(notice: &Notice, recipient: &Recipient, sender: &Sender) -> String {
    let domain = sender
        .email
        .rsplit_once('@')
        .map_or("localhost", |(_, d)| d);
    format!(
        "<{}.{}.{}.{}@{domain}>",
        notice.kind,
        recipient.slug,
        notice.court,
        notice.meta.date.format("%Y%m%d")
    )
}

/// The message's bytes (CRLF line ends), ready to save as `.eml` or hand to a relay.
pub fn build(
    notice: &Notice,
    recipient: &Recipient,
    sender: &Sender,
    html: String,
) -> Result<Vec<u8>, Error> {
    let bad = |what: &str, e: &dyn std::fmt::Display| {
        Error::Usage(format!(
            "row {}: cannot address the message ({what}): {e}",
            recipient.row
        ))
    };
    let from_address = sender
        .email
        .parse()
        .map_err(|e| bad("court helpdesk e-mail", &e))?;
    let from = Mailbox::new(header_text(&sender.name), from_address);
    let to_name = recipient
        .address_lines
        .first()
        .and_then(|name| header_text(name));
    let to = Mailbox::new(
        to_name,
        recipient
            .email
            .parse()
            .map_err(|e| bad("recipient e-mail", &e))?,
    );
    let id = message_id(notice, recipient, sender);
    let date = notice
        .meta
        .date
        .and_hms_opt(0, 0, 0)
        .map_or(0, |dt| dt.and_utc().timestamp().max(0) as u64);
    let boundary = format!("=_noticegen_{:016x}", fnv(id.as_bytes()));
    let body = MultiPart::builder()
        .kind(MultiPartKind::Alternative)
        .boundary(boundary)
        .singlepart(
            SinglePart::builder()
                .header(ContentType::TEXT_PLAIN)
                .body(plain_text(&notice.markdown)),
        )
        .singlepart(
            SinglePart::builder()
                .header(ContentType::TEXT_HTML)
                .body(html),
        );
    let message = Message::builder()
        .from(from.clone())
        .reply_to(from)
        .to(to)
        .subject(header_text(&notice.meta.title).unwrap_or_default())
        .date(SystemTime::UNIX_EPOCH + Duration::from_secs(date))
        .message_id(Some(id))
        .multipart(body)
        .map_err(|e| bad("message", &e))?;
    Ok(message.formatted())
}

/// Text as it may stand in a header field (a display name, the subject): one line. A line
/// break or control character would end the field and start another (header injection) or
/// break the encoder, so each becomes a space, as do bidirectional overrides; spaces are
/// folded. Recipient fields are checked before this (a name with a line break is a rejected
/// row), but a subject or sender name comes from templates and court data, and a template
/// may put recipient text in it. None when nothing is left.
pub fn header_text(text: &str) -> Option<String> {
    let spaced: String = text
        .chars()
        .map(|c| {
            let breaking = c.is_control()
                || super::field_text::is_line_break(c)
                || super::field_text::is_bidi_control(c);
            if breaking { ' ' } else { c }
        })
        .collect();
    let folded = super::field_text::fold_spaces(&spaced);
    (!folded.is_empty()).then_some(folded)
}

/// The Markdown as plain text for the text/plain part: paragraphs separated by blank lines,
/// hard breaks kept, list items marked, links followed by their address in angle brackets,
/// raw HTML (region markers) dropped and footnotes as [n].
pub fn plain_text(markdown: &str) -> String {
    let options = Options::ENABLE_FOOTNOTES | Options::ENABLE_TABLES;
    let mut out = String::with_capacity(markdown.len());
    let mut lists: Vec<Option<u64>> = Vec::new();
    let mut links: Vec<String> = Vec::new();
    let mut link_text_start = 0;
    let block_end = |out: &mut String| {
        while out.ends_with(' ') {
            out.pop();
        }
        if !out.is_empty() && !out.ends_with("\n\n") {
            if !out.ends_with('\n') {
                out.push('\n');
            }
            out.push('\n');
        }
    };
    // An e-mail has no pages: the continuation line of a printed letter is left out.
    for event in crate::markdown::for_screen(Parser::new_ext(markdown, options)) {
        match event {
            Event::Text(text) | Event::Code(text) => out.push_str(&text),
            Event::SoftBreak => out.push(' '),
            Event::HardBreak => out.push('\n'),
            Event::Start(Tag::Item) => {
                if !out.is_empty() && !out.ends_with('\n') {
                    out.push('\n');
                }
                let depth = lists.len().saturating_sub(1);
                out.push_str(&"   ".repeat(depth));
                match lists.last_mut() {
                    Some(Some(n)) => {
                        out.push_str(&format!("{n}. "));
                        *n += 1;
                    }
                    _ => out.push_str("- "),
                }
            }
            Event::Start(Tag::List(start)) => {
                if !out.is_empty() && !out.ends_with('\n') {
                    out.push('\n');
                }
                lists.push(start);
            }
            Event::End(TagEnd::List(_)) => {
                lists.pop();
                if lists.is_empty() {
                    block_end(&mut out);
                }
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                links.push(dest_url.to_string());
                link_text_start = out.len();
            }
            Event::End(TagEnd::Link) => {
                if let Some(url) = links.pop() {
                    let shown = out[link_text_start..].trim();
                    let bare = url.trim_start_matches("mailto:");
                    if shown != bare && shown != url {
                        out.push_str(&format!(" <{bare}>"));
                    }
                }
            }
            Event::FootnoteReference(name) => out.push_str(&format!("[{name}]")),
            Event::Start(Tag::FootnoteDefinition(name)) => {
                block_end(&mut out);
                out.push_str(&format!("[{name}] "));
            }
            Event::Start(Tag::Paragraph) if out.ends_with("] ") => {}
            Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Table) => {
                if lists.is_empty() {
                    block_end(&mut out);
                } else if !out.ends_with('\n') {
                    out.push('\n');
                }
            }
            Event::End(TagEnd::TableCell) => out.push_str("  "),
            Event::End(TagEnd::TableRow | TagEnd::TableHead) => out.push('\n'),
            Event::Rule => {
                block_end(&mut out);
                out.push_str("----\n\n");
            }
            _ => {}
        }
    }
    let mut text = out.trim_end().to_string();
    text.push('\n');
    text
}

/// Appends `message` to an mbox (mboxrd): a `From ` separator line, the message with LF line
/// ends and `>`-quoted `From ` lines, and a blank line.
pub fn append_mbox(mbox: &mut Vec<u8>, message: &[u8], sender: &str, date: &str) {
    mbox.extend_from_slice(format!("From {sender} {date}\n").as_bytes());
    let text = String::from_utf8_lossy(message);
    for line in text.split("\r\n") {
        let unquoted = line.trim_start_matches('>');
        if unquoted.starts_with("From ") {
            mbox.push(b'>');
        }
        mbox.extend_from_slice(line.as_bytes());
        mbox.push(b'\n');
    }
    if !mbox.ends_with(b"\n\n") {
        mbox.push(b'\n');
    }
}

fn fnv(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notice::{Layout, NoticeMeta};

    fn notice(title: &str) -> Notice {
        Notice {
            court: "nmd".into(),
            kind: "letter".into(),
            meta: NoticeMeta {
                title: title.into(),
                description: String::new(),
                author: String::new(),
                subject: String::new(),
                keywords: Vec::new(),
                date: chrono::NaiveDate::from_ymd_opt(2020, 1, 21).unwrap(),
                layout: Layout::Letter,
                lang: "en-US".into(),
                words: crate::lang::Strings::diagnostics(),
            },
            markdown: "Dear reader:\n".into(),
            footer: None,
            assets: None,
        }
    }

    fn recipient(name: &str) -> Recipient {
        Recipient {
            row: 2,
            slug: "x-00000000".into(),
            name: name.into(),
            prefix: String::new(),
            firm: String::new(),
            address1: "1 Main St.".into(),
            address2: String::new(),
            city: "Albuquerque".into(),
            state: "NM".into(),
            zip: "87102".into(),
            email: "ann@lee.example".into(),
            salutation: "Dear Ann:".into(),
            address_lines: vec![name.into()],
            extra: Default::default(),
            fields: Vec::new(),
        }
    }

    /// The header block of a message, unfolded.
    fn head(bytes: &[u8]) -> String {
        let text = String::from_utf8_lossy(bytes).into_owned();
        let head = text.split("\r\n\r\n").next().unwrap_or("").to_string();
        head.replace("\r\n ", " ").replace("\r\n\t", " ")
    }

    #[test]
    fn hostile_names_and_subjects_stay_inside_their_header_field() {
        let sender = Sender {
            name: "Clerk of Court,\r\nBcc: all@example.com".into(),
            email: "cmecf@nmd.uscourts.gov".into(),
        };
        for name in [
            "Maria\nLopez",
            "Maria\r\nBcc: victim@example.com",
            "Ann \"The Boss\" Lee, Esq. <ann@evil.example>; x",
            "Back\\slash (comment) @ [brackets]",
            "José Núñez-O'Brien 李小龍 🙂",
            "\u{202e}evil\u{1b}[31m\u{7f}\u{85}end",
            "\r\n",
            &"W".repeat(300),
        ] {
            for title in ["Plain title", "Title\nBcc: all@example.com", "\n\r"] {
                let bytes = build(&notice(title), &recipient(name), &sender, "<p>x</p>".into())
                    .unwrap_or_else(|e| panic!("{name:?}: {e}"));
                let head = head(&bytes);
                let fields: Vec<&str> = head
                    .split("\r\n")
                    .map(|line| line.split(':').next().unwrap_or(""))
                    .collect();
                for field in &fields {
                    assert!(
                        [
                            "From",
                            "Reply-To",
                            "To",
                            "Subject",
                            "Date",
                            "Message-ID",
                            "MIME-Version",
                            "Content-Type"
                        ]
                        .contains(field),
                        "{name:?} / {title:?}: unexpected header field {field:?} in\n{head}"
                    );
                }
                assert!(!head.contains('\n') || head.contains("\r\n"), "{head}");
                assert!(
                    !head
                        .chars()
                        .any(|c| c.is_control() && c != '\r' && c != '\n')
                );
            }
        }
    }

    #[test]
    fn header_text_is_one_line() {
        assert_eq!(header_text("a\r\nb\tc").as_deref(), Some("a b c"));
        assert_eq!(header_text("\n\u{202e}\n"), None);
    }

    #[test]
    fn plain_text_drops_markup_and_keeps_structure() {
        let text = plain_text(
            "<div class=\"address\">\n\nMs. Ann Lee\\\n1 Main St.\n\n</div>\n\nDear Ms. Lee:\n\nPlease **read** [the page](https://x.gov/a) or write <help@x.gov>.[^1]\n\n1. one\n2. two\n\n[^1]: A note.\n",
        );
        assert!(
            text.starts_with("Ms. Ann Lee\n1 Main St.\n\nDear Ms. Lee:\n\n"),
            "{text}"
        );
        assert!(
            text.contains("Please read the page <https://x.gov/a> or write help@x.gov.[1]"),
            "{text}"
        );
        assert!(text.contains("1. one\n2. two\n"), "{text}");
        assert!(text.contains("[1] A note."), "{text}");
        assert!(!text.contains('<') || !text.contains("<div"), "{text}");
        assert!(!text.contains("**"), "{text}");
    }

    #[test]
    fn mbox_quotes_from_lines() {
        let mut mbox = Vec::new();
        append_mbox(
            &mut mbox,
            b"Subject: x\r\n\r\nFrom here on\r\n>From there\r\n",
            "a@b.gov",
            "Mon Jan  1 00:00:00 2024",
        );
        let text = String::from_utf8(mbox).unwrap();
        assert_eq!(
            text,
            "From a@b.gov Mon Jan  1 00:00:00 2024\nSubject: x\n\n>From here on\n>>From there\n\n"
        );
    }
}
