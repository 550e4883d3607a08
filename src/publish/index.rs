//! The index pages: `out/index.html` lists the courts, `out/<court>/index.html` a court's
//! notices newest first, with their dates and a link to each format, the feed and the
//! calendar. Standalone pages in the notices' own style, with no external requests.

use std::fmt::Write as _;

use super::{CourtSite, FEED, INDEX, Site};
use crate::calendar::{DateStyle, format_date};
use crate::lang::Strings;
use crate::render::Format;
use crate::render::html::STYLE;

/// `out/<court>/index.html`.
pub fn court_page(site: &CourtSite) -> String {
    let pad = site.court.presentation.pad_day;
    let words = &site.words;
    let said = &words.index;
    let mut body = String::new();
    body.push_str("<h1>");
    push_escaped(&mut body, &site.title);
    body.push_str("</h1>\n<p>");
    push_escaped(&mut body, &site.intro);
    body.push_str("</p>\n");
    if site.entries.is_empty() {
        body.push_str("<p>");
        push_escaped(&mut body, &said.no_notices);
        body.push_str("</p>\n");
    } else {
        push_table_head(&mut body, [&said.date, &said.notice, &said.files]);
        for entry in &site.entries {
            body.push_str("<tr>");
            push_cell_start(&mut body, &said.date);
            push_date(&mut body, entry.date, pad, words);
            body.push_str("</td>");
            push_cell_start(&mut body, &said.notice);
            let main = [Format::Html, Format::Pdf, Format::Markdown]
                .into_iter()
                .find(|format| entry.formats.contains(format));
            match main {
                Some(format) => {
                    let _ = write!(body, "<a href=\"{}.{}\"", entry.file, format.extension());
                    // A title in another language than the page's says so to screen readers.
                    if entry.lang != site.lang {
                        body.push_str(" lang=\"");
                        push_escaped(&mut body, &entry.lang);
                        body.push('"');
                    }
                    body.push('>');
                    push_escaped(&mut body, &entry.title);
                    body.push_str("</a>");
                }
                None => push_escaped(&mut body, &entry.title),
            }
            body.push_str("</td>");
            push_cell_start(&mut body, &said.files);
            let links: Vec<String> = [Format::Html, Format::Pdf]
                .into_iter()
                .filter(|format| entry.formats.contains(format))
                .map(|format| {
                    // The format's name shows; the rest of "PDF of <title>" is for screen
                    // readers, which would otherwise read "PDF" alone.
                    let name = format.extension().to_ascii_uppercase();
                    let (before, after) = said
                        .format_of
                        .split_once("{format}")
                        .unwrap_or(("", said.format_of.as_str()));
                    let title = [("title", entry.title.as_str())];
                    let shown = format!("{}{name}", crate::lang::fill(before, &title));
                    let hidden = crate::lang::fill(after, &title);
                    let mut link = format!("<a href=\"{}.{}\">", entry.file, format.extension());
                    push_escaped(&mut link, &shown);
                    link.push_str("<span class=\"visually-hidden\">");
                    push_escaped(&mut link, &hidden);
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
    for (href, text) in [
        (FEED.to_string(), &said.feed),
        (site.calendar_file.clone(), &said.calendar),
        (format!("../{INDEX}"), &said.all_courts),
    ] {
        let _ = write!(body, "<li><a href=\"{href}\">");
        push_escaped(&mut body, text);
        body.push_str("</a></li>\n");
    }
    body.push_str("</ul>\n");
    let feed_link = format!(
        "<link rel=\"alternate\" type=\"application/atom+xml\" href=\"{FEED}\" title=\"{}\">\n",
        escaped(&site.title)
    );
    page(&site.lang, &site.title, &site.intro, &feed_link, &body)
}

/// `out/index.html`.
pub fn site_page(site: &Site) -> String {
    let words = &site.words;
    let said = &words.index;
    let mut body = String::new();
    body.push_str("<h1>");
    push_escaped(&mut body, &site.title);
    body.push_str("</h1>\n<p>");
    push_escaped(&mut body, &site.intro);
    body.push_str("</p>\n");
    push_table_head(&mut body, [&said.court, &said.go_live, &said.latest]);
    // Courts pad days differently in their own notices ("March 02"); one page of many
    // courts keeps one style, the plain one.
    let pad = false;
    for court in &site.courts {
        let facts = &court.court;
        body.push_str("<tr>");
        push_cell_start(&mut body, &said.court);
        let _ = write!(body, "<a href=\"{}/{INDEX}\">", facts.id);
        push_escaped(&mut body, &format!("{}, {}", facts.name, facts.district));
        body.push_str("</a></td>");
        push_cell_start(&mut body, &said.go_live);
        push_date(&mut body, facts.go_live, pad, words);
        body.push_str("</td>");
        push_cell_start(&mut body, &said.latest);
        match court.entries.first() {
            Some(latest) => {
                push_date(&mut body, latest.date, pad, words);
                body.push_str(": ");
                push_escaped(&mut body, &latest.title);
            }
            None => push_escaped(&mut body, &said.none_built),
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
    page.push_str("</style>\n</head>\n<body class=\"document index\">\n<main>\n");
    page.push_str(body);
    page.push_str("</main>\n</body>\n</html>\n");
    page
}

fn push_table_head(out: &mut String, headings: [&str; 3]) {
    out.push_str("<table class=\"index-table\">\n<thead><tr>");
    for heading in headings {
        out.push_str("<th scope=\"col\">");
        push_escaped(out, heading);
        out.push_str("</th>");
    }
    out.push_str("</tr></thead>\n<tbody>\n");
}

/// A cell carrying its column's heading, which narrow screens show beside the value once
/// the table is stacked into one block per row.
fn push_cell_start(out: &mut String, heading: &str) {
    out.push_str("<td data-label=\"");
    push_escaped(out, heading);
    out.push_str("\">");
}

fn push_date(out: &mut String, date: chrono::NaiveDate, pad: bool, words: &Strings) {
    let _ = write!(out, "<time datetime=\"{}\">", date.format("%Y-%m-%d"));
    push_escaped(out, &format_date(date, DateStyle::Long, pad, words));
    out.push_str("</time>");
}

fn push_escaped(out: &mut String, text: &str) {
    let _ = pulldown_cmark_escape::escape_html(&mut *out, text);
}

fn escaped(text: &str) -> String {
    let mut out = String::new();
    push_escaped(&mut out, text);
    out
}
