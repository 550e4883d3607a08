//! A standalone HTML page per notice: no external requests, readable on a phone, with a print
//! stylesheet. Markdown goes through pulldown-cmark; the few raw HTML tags templates may use
//! are let through by an allow-list, and link targets are limited to safe schemes.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::Path;

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
        let body = body_html(&notice.markdown, notice.assets.as_deref());
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

/// The notice's Markdown as HTML body content.
///
/// Footnotes stay where the template defined them, as numbered notes linked both ways:
/// templates place a definition where a reader should meet it, as a printed page would put
/// it at the foot of the page. Images become captioned figures; one that is missing shows its
/// caption in a box, as the PDF does.
pub fn body_html(markdown_text: &str, assets: Option<&Path>) -> String {
    let mut numbers = FootnoteNumbers::default();
    let mut events = Vec::new();
    let mut image: Option<(CowStr, String)> = None;
    let mut current_note = 0;

    for event in markdown::parse(markdown_text) {
        if let Some((url, caption)) = image.as_mut() {
            match event {
                Event::End(TagEnd::Image) => {
                    let html = figure(url, caption, assets);
                    events.push(Event::InlineHtml(CowStr::from(html)));
                    image = None;
                }
                Event::Text(text) | Event::Code(text) => caption.push_str(&text),
                Event::SoftBreak | Event::HardBreak => caption.push(' '),
                _ => {}
            }
            continue;
        }
        match event {
            Event::Start(Tag::Image { dest_url, .. }) => image = Some((dest_url, String::new())),
            Event::Start(Tag::FootnoteDefinition(label)) => {
                current_note = numbers.number(&label);
                events.push(Event::Html(CowStr::from(format!(
                    "<aside class=\"footnote\" id=\"fn-{current_note}\" aria-label=\"Footnote {current_note}\">\n\
                     <span class=\"footnote-label\">{current_note}</span>\n"
                ))));
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                events.push(Event::Html(CowStr::from(format!(
                    "<a href=\"#fnref-{current_note}\" class=\"footnote-back\" \
                     aria-label=\"Back to reference {current_note}\">↩</a>\n</aside>\n"
                ))));
            }
            other => events.push(make_safe(other, &mut numbers)),
        }
    }

    let mut out = String::with_capacity(markdown_text.len() * 3 / 2);
    html::push_html(&mut out, events.into_iter());
    out
}

/// Footnotes are numbered in order of first mention, as on paper.
#[derive(Default)]
struct FootnoteNumbers<'a> {
    numbers: HashMap<CowStr<'a>, usize>,
}

impl<'a> FootnoteNumbers<'a> {
    fn number(&mut self, label: &CowStr<'a>) -> usize {
        let next = self.numbers.len() + 1;
        *self.numbers.entry(label.clone()).or_insert(next)
    }
}

/// An image with its caption shown, or the caption in a box when the court supplied no image.
fn figure(url: &str, caption: &str, assets: Option<&Path>) -> String {
    let mut html = String::new();
    let present = is_local_image(url) && assets.is_some_and(|dir| dir.join(url).is_file());
    if present || (is_safe_image(url) && url.contains("://")) {
        html.push_str("<span class=\"figure\"><img src=\"");
        let _ = pulldown_cmark_escape::escape_href(&mut html, url);
        html.push_str("\" alt=\"");
        push_escaped(&mut html, caption);
        html.push_str("\"><span class=\"caption\" aria-hidden=\"true\">");
    } else {
        html.push_str("<span class=\"figure missing\" role=\"img\" aria-label=\"");
        push_escaped(&mut html, caption);
        html.push_str("\"><span class=\"caption\" aria-hidden=\"true\">");
    }
    push_escaped(&mut html, caption);
    html.push_str("</span></span>");
    html
}

/// A path inside the court's own folder: relative, no `..`, no scheme.
pub fn is_local_image(url: &str) -> bool {
    !url.is_empty()
        && !url.contains(':')
        && Path::new(url)
            .components()
            .all(|c| matches!(c, std::path::Component::Normal(_)))
}

/// Rewrites one event so that nothing unsafe reaches the page: footnote references become
/// numbered links, unknown raw HTML is shown as text, and links keep only safe schemes.
fn make_safe<'a>(event: Event<'a>, footnotes: &mut FootnoteNumbers<'a>) -> Event<'a> {
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
    fn footnotes_are_numbered_notes_linked_both_ways_where_defined() {
        let html = body_html("Text.[^n] More.\n\n[^n]: The note.\n\nAfter.\n", None);
        assert!(
            html.contains("id=\"fnref-1\"><a href=\"#fn-1\">1</a>"),
            "{html}"
        );
        let note = html.find("<aside class=\"footnote\" id=\"fn-1\"").unwrap();
        assert!(note < html.find("After.").unwrap());
        assert!(html[note..].contains("The note."));
        assert!(html[note..].contains("href=\"#fnref-1\""));
    }

    #[test]
    fn missing_images_show_their_caption_in_a_box() {
        let html = body_html("![PACER login page](shots/login.png)", None);
        assert!(html.contains("class=\"figure missing\""), "{html}");
        assert!(html.contains(">PACER login page</span>"));
        assert!(!html.contains("<img"));
        let temp = tempfile::tempdir().unwrap();
        std::fs::create_dir(temp.path().join("shots")).unwrap();
        std::fs::write(temp.path().join("shots/login.png"), b"png").unwrap();
        let html = body_html("![PACER login page](shots/login.png)", Some(temp.path()));
        assert!(
            html.contains("<img src=\"shots/login.png\" alt=\"PACER login page\">"),
            "{html}"
        );
        assert!(!body_html("![x](../../etc/passwd)", Some(temp.path())).contains("<img"));
    }

    #[test]
    fn unknown_raw_html_is_shown_as_text() {
        let html = body_html(
            "<script>alert(1)</script>\n\nand <img src=x onerror=y>\n",
            None,
        );
        assert!(!html.contains("<script>"));
        assert!(html.contains("&lt;script&gt;"));
        assert!(!html.contains("<img"));
    }

    #[test]
    fn region_wrappers_pass_through() {
        let html = body_html("<div class=\"banner\">\n\n**NOTICE**\n\n</div>\n", None);
        assert!(html.contains("<div class=\"banner\">"));
        assert!(html.contains("<strong>NOTICE</strong>"));
        assert!(body_html("<div class=\"x\" onclick=\"y\">\n", None).contains("&lt;div"));
    }

    #[test]
    fn only_safe_link_schemes_survive() {
        let html = body_html(
            "[a](javascript:alert(1)) [b](https://example.gov) [c](mailto:x@y.gov) [d](#top)",
            None,
        );
        assert!(!html.contains("javascript"));
        assert!(html.contains("href=\"https://example.gov\""));
        assert!(html.contains("href=\"mailto:x@y.gov\""));
        assert!(html.contains("href=\"#top\""));
        assert!(!body_html("![x](data:image/png;base64,AAAA)", None).contains("data:"));
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
