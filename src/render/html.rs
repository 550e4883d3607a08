//! A standalone HTML page per notice: no external requests, readable on a phone, with a print
//! stylesheet. Markdown goes through pulldown-cmark; the few raw HTML tags templates may use
//! are let through by an allow-list, and link targets are limited to safe schemes.

use std::collections::HashMap;
use std::fmt::Write as _;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd, html};

use crate::error::Error;
use crate::markdown;
use crate::notice::{Layout, Notice};
use crate::render::{Format, Renderer};

const STYLE: &str = include_str!("html.css");

/// Whether the page carries its own `<html>`, `<head>` and styles, or is a body fragment to
/// paste into a site's content management system.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Chrome {
    #[default]
    Page,
    Fragment,
}

#[derive(Debug, Default)]
pub struct HtmlRenderer {
    pub chrome: Chrome,
}

impl Renderer for HtmlRenderer {
    fn format(&self) -> Format {
        Format::Html
    }

    fn render(&self, notice: &Notice) -> Result<Vec<u8>, Error> {
        let body = body_html(&notice.markdown);
        let page = match self.chrome {
            Chrome::Fragment => body,
            Chrome::Page => standalone_page(notice, &body),
        };
        Ok(page.into_bytes())
    }
}

fn standalone_page(notice: &Notice, body: &str) -> String {
    let meta = &notice.meta;
    let layout = match meta.layout {
        Layout::Document => "document",
        Layout::Letter => "letter",
        Layout::Slides => "slides",
    };
    let mut page = String::with_capacity(body.len() + STYLE.len() + 1024);
    page.push_str("<!DOCTYPE html>\n<html lang=\"");
    push_escaped(&mut page, &meta.lang);
    page.push_str("\">\n<head>\n<meta charset=\"utf-8\">\n");
    page.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    page.push_str("<title>");
    push_escaped(&mut page, &meta.title);
    page.push_str("</title>\n<meta name=\"description\" content=\"");
    push_escaped(&mut page, &meta.description);
    page.push_str("\">\n<meta name=\"author\" content=\"");
    push_escaped(&mut page, &meta.author);
    page.push_str("\">\n");
    if !meta.keywords.is_empty() {
        page.push_str("<meta name=\"keywords\" content=\"");
        push_escaped(&mut page, &meta.keywords.join(", "));
        page.push_str("\">\n");
    }
    let _ = writeln!(
        page,
        "<meta name=\"date\" content=\"{}\">",
        meta.date.format("%Y-%m-%d")
    );
    page.push_str("<style>\n");
    page.push_str(STYLE);
    page.push_str("</style>\n</head>\n");
    let _ = writeln!(page, "<body class=\"{layout}\">\n<main>");
    page.push_str(body);
    page.push_str("</main>\n</body>\n</html>\n");
    page
}

fn push_escaped(out: &mut String, text: &str) {
    // Writing into a String cannot fail.
    let _ = pulldown_cmark_escape::escape_html(&mut *out, text);
}

/// The notice's Markdown as HTML body content, footnotes gathered at the end.
pub fn body_html(markdown_text: &str) -> String {
    let mut footnotes = Footnotes::default();
    let mut main_events = Vec::new();
    let mut current_note: Option<(usize, Vec<Event>)> = None;

    for event in markdown::parse(markdown_text) {
        match event {
            Event::Start(Tag::FootnoteDefinition(label)) => {
                current_note = Some((footnotes.number(&label), Vec::new()));
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                if let Some((number, events)) = current_note.take() {
                    footnotes.definitions.push((number, events));
                }
            }
            other => {
                let safe = make_safe(other, &mut footnotes);
                match current_note.as_mut() {
                    Some((_, events)) => events.push(safe),
                    None => main_events.push(safe),
                }
            }
        }
    }

    let mut out = String::with_capacity(markdown_text.len() * 3 / 2);
    html::push_html(&mut out, main_events.into_iter());
    footnotes.push_section(&mut out);
    out
}

#[derive(Default)]
struct Footnotes<'a> {
    numbers: HashMap<CowStr<'a>, usize>,
    definitions: Vec<(usize, Vec<Event<'a>>)>,
}

impl<'a> Footnotes<'a> {
    /// Footnotes are numbered in order of first mention, as on paper.
    fn number(&mut self, label: &CowStr<'a>) -> usize {
        let next = self.numbers.len() + 1;
        *self.numbers.entry(label.clone()).or_insert(next)
    }

    fn push_section(mut self, out: &mut String) {
        if self.definitions.is_empty() {
            return;
        }
        self.definitions.sort_by_key(|(number, _)| *number);
        out.push_str("<section class=\"footnotes\" aria-label=\"Footnotes\">\n<hr>\n<ol>\n");
        for (number, events) in self.definitions {
            let _ = write!(out, "<li id=\"fn-{number}\" value=\"{number}\">");
            let mut note = String::new();
            html::push_html(&mut note, events.into_iter());
            // The back-reference goes inside the note's last paragraph, as readers expect.
            let back = format!(
                " <a href=\"#fnref-{number}\" class=\"footnote-back\" aria-label=\"Back to reference {number}\">↩</a>"
            );
            match note.rfind("</p>") {
                Some(at) => note.insert_str(at, &back),
                None => note.push_str(&back),
            }
            out.push_str(&note);
            out.push_str("</li>\n");
        }
        out.push_str("</ol>\n</section>\n");
    }
}

/// Rewrites one event so that nothing unsafe reaches the page: footnote references become
/// numbered links, unknown raw HTML is shown as text, and links keep only safe schemes.
fn make_safe<'a>(event: Event<'a>, footnotes: &mut Footnotes<'a>) -> Event<'a> {
    match event {
        Event::FootnoteReference(label) => {
            let number = footnotes.number(&label);
            Event::InlineHtml(CowStr::from(format!(
                "<sup class=\"footnote-ref\" id=\"fnref-{number}\"><a href=\"#fn-{number}\">{number}</a></sup>"
            )))
        }
        Event::Html(raw) | Event::InlineHtml(raw) if !is_allowed_tag(&raw) => Event::Text(raw),
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Link {
            link_type,
            dest_url: if is_safe_url(&dest_url) {
                dest_url
            } else {
                CowStr::from("")
            },
            title,
            id,
        }),
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Image {
            link_type,
            dest_url: if is_safe_image(&dest_url) {
                dest_url
            } else {
                CowStr::from("")
            },
            title,
            id,
        }),
        other => other,
    }
}

/// The raw HTML templates may use: region wrappers, line breaks, superscripts.
fn is_allowed_tag(raw: &str) -> bool {
    let tag = raw.trim();
    if let Some(class) = tag
        .strip_prefix("<div class=\"")
        .and_then(|rest| rest.strip_suffix("\">"))
    {
        return !class.is_empty()
            && class
                .chars()
                .all(|c| c.is_ascii_lowercase() || c == '-' || c == ' ');
    }
    matches!(
        tag,
        "</div>" | "<br>" | "<br/>" | "<br />" | "<sup>" | "</sup>" | "<sub>" | "</sub>"
    )
}

/// Links may point to the web, to a mailbox, within the page, or to a relative file.
pub fn is_safe_url(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    match lower.split_once(':') {
        Some((scheme, _)) if !scheme.contains('/') && !scheme.contains('#') => {
            matches!(scheme, "http" | "https" | "mailto")
        }
        _ => true,
    }
}

/// Images are files beside the notice or on the web; never inline data.
fn is_safe_image(url: &str) -> bool {
    is_safe_url(url) && !url.trim().to_ascii_lowercase().starts_with("mailto:")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notice::NoticeMeta;
    use chrono::NaiveDate;

    fn notice(markdown: &str) -> Notice {
        Notice {
            court: "test".into(),
            kind: "letter".into(),
            meta: NoticeMeta {
                title: "A <title> & more".into(),
                description: "Say \"hello\"".into(),
                author: "Clerk".into(),
                subject: "Subject".into(),
                keywords: vec!["one".into(), "two".into()],
                date: NaiveDate::from_ymd_opt(2020, 3, 2).unwrap(),
                layout: Layout::Letter,
                lang: "en-US".into(),
            },
            markdown: markdown.into(),
            assets: None,
        }
    }

    fn render(markdown: &str) -> String {
        let bytes = HtmlRenderer::default().render(&notice(markdown)).unwrap();
        String::from_utf8(bytes).unwrap()
    }

    #[test]
    fn page_has_language_title_description_and_no_external_requests() {
        let page = render("Hello");
        assert!(page.starts_with("<!DOCTYPE html>\n<html lang=\"en-US\">"));
        assert!(page.contains("<title>A &lt;title&gt; &amp; more</title>"));
        assert!(page.contains("content=\"Say &quot;hello&quot;\""));
        assert!(page.contains("@media print"));
        assert!(!page.contains("http://") && !page.contains("https://"));
    }

    #[test]
    fn footnotes_are_numbered_links_gathered_at_the_end() {
        let html = body_html("Text.[^1] More.\n\n[^1]: The note.\n\nAfter.\n");
        assert!(html.contains("<a href=\"#fn-1\">1</a>"));
        let note = html.find("<section class=\"footnotes\"").unwrap();
        assert!(html.find("After.").unwrap() < note);
        assert!(html[note..].contains("The note. <a href=\"#fnref-1\""));
    }

    #[test]
    fn unknown_raw_html_is_shown_as_text() {
        let html = body_html("<script>alert(1)</script>\n\nand <img src=x onerror=y>\n");
        assert!(!html.contains("<script>"));
        assert!(html.contains("&lt;script&gt;"));
        assert!(!html.contains("<img"));
    }

    #[test]
    fn region_wrappers_pass_through() {
        let html = body_html("<div class=\"banner\">\n\n**NOTICE**\n\n</div>\n");
        assert!(html.contains("<div class=\"banner\">"));
        assert!(html.contains("<strong>NOTICE</strong>"));
        assert!(body_html("<div class=\"x\" onclick=\"y\">\n").contains("&lt;div"));
    }

    #[test]
    fn only_safe_link_schemes_survive() {
        let html = body_html(
            "[a](javascript:alert(1)) [b](https://example.gov) [c](mailto:x@y.gov) [d](#top)",
        );
        assert!(!html.contains("javascript"));
        assert!(html.contains("href=\"https://example.gov\""));
        assert!(html.contains("href=\"mailto:x@y.gov\""));
        assert!(html.contains("href=\"#top\""));
        assert!(!body_html("![x](data:image/png;base64,AAAA)").contains("data:"));
    }

    #[test]
    fn fragment_has_no_page_chrome() {
        let renderer = HtmlRenderer {
            chrome: Chrome::Fragment,
        };
        let html = String::from_utf8(renderer.render(&notice("Hi")).unwrap()).unwrap();
        assert_eq!(html, "<p>Hi</p>\n");
    }
}
