//! The index pages: `out/index.html` lists the courts, `out/<court>/index.html` a court's
//! notices newest first, with their dates and a link to each format, the feed and the
//! calendar. Standalone pages in the notices' own style, with no external requests.

use std::fmt::Write as _;

use super::{CourtSite, FEED, INDEX, Site};
use crate::calendar::{DateStyle, format_date};
use crate::render::Format;
use crate::render::html::STYLE;

/// `out/<court>/index.html`.
pub fn court_page(site: &CourtSite) -> String {
    let pad = site.court.presentation.pad_day;
    let mut body = String::new();
    body.push_str("<h1>");
    push_escaped(&mut body, &site.title);
    body.push_str("</h1>\n<p>");
    push_escaped(&mut body, &site.intro);
    body.push_str("</p>\n");
    if site.entries.is_empty() {
        body.push_str("<p>No notices were built.</p>\n");
    } else {
        body.push_str(
            "<table class=\"index-table\">\n<thead><tr><th scope=\"col\">Date</th>\
             <th scope=\"col\">Notice</th><th scope=\"col\">Files</th></tr></thead>\n<tbody>\n",
        );
        for entry in &site.entries {
            body.push_str("<tr><td>");
            push_date(&mut body, entry.date, pad);
            body.push_str("</td><td>");
            let main = [Format::Html, Format::Pdf, Format::Markdown]
                .into_iter()
                .find(|format| entry.formats.contains(format));
            match main {
                Some(format) => {
                    let _ = write!(body, "<a href=\"{}.{}\">", entry.kind, format.extension());
                    push_escaped(&mut body, &entry.title);
                    body.push_str("</a>");
                }
                None => push_escaped(&mut body, &entry.title),
            }
            body.push_str("</td><td>");
            let links: Vec<String> = [Format::Html, Format::Pdf]
                .into_iter()
                .filter(|format| entry.formats.contains(format))
                .map(|format| {
                    let mut link = format!(
                        "<a href=\"{}.{}\">{}<span class=\"visually-hidden\"> of ",
                        entry.kind,
                        format.extension(),
                        format.extension().to_ascii_uppercase()
                    );
                    push_escaped(&mut link, &entry.title);
                    link.push_str("</span></a>");
                    link
                })
                .collect();
            body.push_str(&links.join(" · "));
            body.push_str("</td></tr>\n");
        }
        body.push_str("</tbody>\n</table>\n");
    }
    body.push_str("<ul class=\"index-links\">\n");
    let _ = writeln!(
        body,
        "<li><a href=\"{FEED}\">Atom feed of these notices</a></li>"
    );
    let _ = writeln!(
        body,
        "<li><a href=\"{}\">Calendar of the dates (iCalendar)</a></li>",
        site.calendar_file
    );
    let _ = writeln!(body, "<li><a href=\"../{INDEX}\">All courts</a></li>");
    body.push_str("</ul>\n");
    let feed_link = format!(
        "<link rel=\"alternate\" type=\"application/atom+xml\" href=\"{FEED}\" title=\"{}\">\n",
        escaped(&site.title)
    );
    page(&site.lang, &site.title, &site.intro, &feed_link, &body)
}

/// `out/index.html`.
pub fn site_page(site: &Site) -> String {
    let mut body = String::new();
    body.push_str("<h1>");
    push_escaped(&mut body, &site.title);
    body.push_str("</h1>\n<p>");
    push_escaped(&mut body, &site.intro);
    body.push_str("</p>\n");
    body.push_str(
        "<table class=\"index-table\">\n<thead><tr><th scope=\"col\">Court</th>\
         <th scope=\"col\">Go-live</th><th scope=\"col\">Latest notice</th></tr></thead>\n<tbody>\n",
    );
    for court in &site.courts {
        let facts = &court.court;
        let _ = write!(body, "<tr><td><a href=\"{}/{INDEX}\">", facts.id);
        push_escaped(&mut body, &format!("{}, {}", facts.name, facts.district));
        body.push_str("</a></td><td>");
        push_date(&mut body, facts.go_live, facts.presentation.pad_day);
        body.push_str("</td><td>");
        match court.entries.first() {
            Some(latest) => {
                push_date(&mut body, latest.date, facts.presentation.pad_day);
                body.push_str(": ");
                push_escaped(&mut body, &latest.title);
            }
            None => body.push_str("none built"),
        }
        body.push_str("</td></tr>\n");
    }
    body.push_str("</tbody>\n</table>\n");
    page(&site.lang, &site.title, &site.intro, "", &body)
}

fn page(lang: &str, title: &str, description: &str, head: &str, body: &str) -> String {
    let mut page = String::with_capacity(body.len() + STYLE.len() + 512);
    page.push_str("<!DOCTYPE html>\n<html lang=\"");
    push_escaped(&mut page, lang);
    page.push_str("\">\n<head>\n<meta charset=\"utf-8\">\n");
    page.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    page.push_str("<title>");
    push_escaped(&mut page, title);
    page.push_str("</title>\n<meta name=\"description\" content=\"");
    push_escaped(&mut page, description);
    page.push_str("\">\n");
    page.push_str(head);
    page.push_str("<style>\n");
    page.push_str(STYLE);
    page.push_str("</style>\n</head>\n<body class=\"document\">\n<main>\n");
    page.push_str(body);
    page.push_str("</main>\n</body>\n</html>\n");
    page
}

fn push_date(out: &mut String, date: chrono::NaiveDate, pad: bool) {
    let _ = write!(
        out,
        "<time datetime=\"{}\">{}</time>",
        date.format("%Y-%m-%d"),
        format_date(date, DateStyle::Long, pad)
    );
}

fn push_escaped(out: &mut String, text: &str) {
    let _ = pulldown_cmark_escape::escape_html(&mut *out, text);
}

fn escaped(text: &str) -> String {
    let mut out = String::new();
    push_escaped(&mut out, text);
    out
}
