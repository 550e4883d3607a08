//! A standalone HTML page per notice: no external requests, readable on a phone, with a print
//! stylesheet. Markdown goes through pulldown-cmark; the few raw HTML tags templates may use
//! are let through by an allow-list, and link targets are limited to safe schemes.
//!
//! A countdown is a link to `#countdown=<RFC 3339 instant>`, titled with what to say once the
//! instant has passed: `[31 days to go](#countdown=2020-04-20T08:00:00-06:00 "We are live.")`.
//! Its text shows as it is in print and without JavaScript; the HTML page turns it into a live
//! clock with a small script, included only when the page has a countdown. It is a link so that
//! the Markdown's visible words stay exactly those a reader sees.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::Path;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Tag, TagEnd, html};

use crate::error::Error;
use crate::lang::Strings;
use crate::markdown;
use crate::notice::{Layout, Notice};
use crate::render::{Format, Renderer};
use crate::typeset::printed_links::address_to_print;

/// The stylesheet every page noticegen writes embeds (notices, index pages).
pub const STYLE: &str = include_str!("html.css");
/// Turns each `.countdown[data-until]` into a live days/hours/minutes/seconds clock; at the
/// instant, into its `data-done` text (or leaves its own text when it has none). It reads only
/// attributes the renderer wrote and escaped, and writes text, never markup.
const COUNTDOWN_SCRIPT: &str = include_str!("countdown.js");
/// The link target that makes a countdown.
pub use crate::markdown::COUNTDOWN_PREFIX;

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
    fn settings(&self) -> String {
        format!("{:?}", self.chrome)
    }

    fn format(&self) -> Format {
        Format::Html
    }

    /// A fragment sits beside its page: `<kind>.fragment.html`.
    fn extension(&self) -> &'static str {
        match self.chrome {
            Chrome::Page => "html",
            Chrome::Fragment => "fragment.html",
        }
    }

    fn render(&self, notice: &Notice) -> Result<Vec<u8>, Error> {
        let body = body_html(
            &notice.markdown,
            notice.assets.as_deref(),
            &notice.meta.words,
        );
        let script = if has_countdown(&body) {
            format!("<script>\n{COUNTDOWN_SCRIPT}</script>\n")
        } else {
            String::new()
        };
        let page = match self.chrome {
            // A site pasting the fragment frames it with its own header and menu.
            Chrome::Fragment => site_header(&body).1.to_string() + &script,
            Chrome::Page => standalone_page(notice, &body, &script),
        };
        Ok(page.into_bytes())
    }
}

/// Whether the body holds a countdown. Text and link attributes never contain a literal
/// `data-until="` (their quotes are escaped), so only a countdown element can.
fn has_countdown(body: &str) -> bool {
    body.contains(" data-until=\"")
}

/// The page around `body`; `script`, if any, follows `<main>`.
fn standalone_page(notice: &Notice, body: &str, script: &str) -> String {
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
    let (header, body) = site_header(body);
    let _ = writeln!(page, "<body class=\"{layout}\">");
    page.push_str(header);
    page.push_str("<main>\n");
    // A letter or a notice opens with a letterhead, not a heading: the page still gets its
    // title as a top-level heading, for screen readers and page outlines.
    if !body.contains("<h1") {
        page.push_str("<h1 class=\"visually-hidden\">");
        push_escaped(&mut page, &meta.title);
        page.push_str("</h1>\n");
    }
    page.push_str(body);
    page.push_str("</main>\n");
    if let Some(footer) = notice.footer.as_deref() {
        page.push_str("<footer>\n");
        page.push_str(&body_html(footer, notice.assets.as_deref(), &meta.words));
        page.push_str("</footer>\n");
    }
    page.push_str(script);
    page.push_str("</body>\n</html>\n");
    page
}

/// The website's header and navigation that open `body`, if any, and the rest: they are
/// the page's landmarks beside `<main>`, not part of it. A closing tag cannot occur in text,
/// which is escaped.
fn site_header(body: &str) -> (&str, &str) {
    let lead = |text: &str, open: &str, close: &str| -> usize {
        match text.find(close) {
            Some(end) if text.starts_with(open) => end + close.len(),
            _ => 0,
        }
    };
    let header = lead(body, "<header>", "</header>\n");
    let nav = body
        .get(header..)
        .map_or(0, |rest| lead(rest, "<nav", "</nav>\n"));
    body.split_at(header + nav)
}

/// Text escaped for an attribute value in double quotes.
fn attribute(text: &str) -> String {
    let mut out = String::new();
    push_escaped(&mut out, text);
    out
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
pub fn body_html(markdown_text: &str, assets: Option<&Path>, words: &Strings) -> String {
    let mut numbers = FootnoteNumbers::default();
    let mut events = Vec::new();
    let mut image: Option<(CowStr, String)> = None;
    let mut current_note = 0;
    let mut in_countdown = false;
    // The links open here: their targets and their words so far.
    let mut links: Vec<(String, String)> = Vec::new();
    let mut in_nav = false;
    // The page's title is its level-one heading; a heading never skips a level below the one
    // before it (a notice's `###` sections under its banner are the page's second level).
    let mut outline = HeadingLevel::H1;
    let mut heading = HeadingLevel::H1;

    let parsed = markdown::Remembered::of(markdown_text);
    for event in markdown::for_screen(parsed.events()) {
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
            Event::Start(Tag::Link {
                ref dest_url,
                ref title,
                ..
            }) if countdown_instant(dest_url).is_some() => {
                let instant = countdown_instant(dest_url).unwrap_or_default();
                events.push(Event::InlineHtml(CowStr::from(countdown_open(
                    instant, title,
                ))));
                in_countdown = true;
            }
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                heading = level.min(deeper(outline));
                outline = heading;
                events.push(Event::Start(Tag::Heading {
                    level: heading,
                    id,
                    classes,
                    attrs,
                }));
            }
            Event::End(TagEnd::Heading(_)) => events.push(Event::End(TagEnd::Heading(heading))),
            Event::End(TagEnd::Link) if in_countdown => {
                events.push(Event::InlineHtml(CowStr::from("</span>")));
                in_countdown = false;
            }
            Event::Start(Tag::Link { ref dest_url, .. }) => {
                links.push((dest_url.to_string(), String::new()));
                events.push(make_safe(event, &mut numbers));
            }
            Event::End(TagEnd::Link) => {
                events.push(event);
                // Printed from a browser, the page is paper too: the address follows the
                // link's words there, as in the PDF, and nowhere on screen.
                // Paper shows no navigation (`nav` is not printed).
                if let Some((target, words)) = links.pop()
                    && !in_nav
                    && is_safe_url(&target)
                    && let Some(address) = address_to_print(&target, &words)
                {
                    let mut html = String::from("<span class=\"print-address\"> (");
                    push_escaped(&mut html, &address);
                    html.push_str(")</span>");
                    events.push(Event::InlineHtml(CowStr::from(html)));
                }
            }
            Event::Text(ref text) if !links.is_empty() => {
                if let Some((_, words)) = links.last_mut() {
                    words.push_str(text);
                }
                events.push(make_safe(event, &mut numbers));
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                current_note = numbers.number(&label);
                let (label, _) = words.footnote_labels(current_note);
                events.push(Event::Html(CowStr::from(format!(
                    "<aside class=\"footnote\" id=\"fn-{current_note}\" aria-label=\"{}\">\n\
                     <span class=\"footnote-label\">{current_note}</span>\n",
                    attribute(&label)
                ))));
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                let (_, back) = words.footnote_labels(current_note);
                events.push(Event::Html(CowStr::from(format!(
                    "<a href=\"#fnref-{current_note}\" class=\"footnote-back\" \
                     aria-label=\"{}\">↩</a>\n</aside>\n",
                    attribute(&back)
                ))));
            }
            Event::Html(ref raw) | Event::InlineHtml(ref raw)
                if is_allowed_tag(raw) && raw.trim().starts_with("<nav") =>
            {
                events.push(Event::Html(CowStr::from(nav_open(raw, words))));
                in_nav = true;
            }
            Event::Html(ref raw) | Event::InlineHtml(ref raw) if raw.trim() == "</nav>" => {
                events.push(make_safe(event, &mut numbers));
                in_nav = false;
            }
            other => events.push(make_safe(other, &mut numbers)),
        }
    }

    let mut out = String::with_capacity(markdown_text.len() * 3 / 2);
    html::push_html(&mut out, events.into_iter());
    out
}

/// A `<nav>` as the page writes it: named for screen readers in the notice's language, as
/// the website's menu or, with the class `breadcrumb`, as a breadcrumb trail. `raw` is an
/// allowed tag, so its class is lowercase letters and hyphens.
fn nav_open(raw: &str, words: &Strings) -> String {
    let class = raw
        .trim()
        .strip_prefix("<nav class=\"")
        .and_then(|rest| rest.strip_suffix("\">"));
    let label = if class == Some(markdown::BREADCRUMB) {
        &words.aria.breadcrumb
    } else {
        &words.aria.site_menu
    };
    let mut html = String::from("<nav");
    if let Some(class) = class {
        html.push_str(" class=\"");
        html.push_str(class);
        html.push('"');
    }
    if !label.is_empty() {
        html.push_str(" aria-label=\"");
        push_escaped(&mut html, label);
        html.push('"');
    }
    html.push_str(">\n");
    html
}

/// The level below `level` (h6 has none).
fn deeper(level: HeadingLevel) -> HeadingLevel {
    HeadingLevel::try_from(level as usize + 1).unwrap_or(HeadingLevel::H6)
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
    if let Some(class) = tag
        .strip_prefix("<nav class=\"")
        .and_then(|rest| rest.strip_suffix("\">"))
    {
        return !class.is_empty() && class.chars().all(|c| c.is_ascii_lowercase() || c == '-');
    }
    matches!(
        tag,
        "</div>"
            | "<br>"
            | "<br/>"
            | "<br />"
            | "<sup>"
            | "</sup>"
            | "<sub>"
            | "</sub>"
            | "<header>"
            | "</header>"
            | "<nav>"
            | "</nav>"
    )
}

/// A countdown link's instant: `#countdown=` and an RFC 3339 date-time.
fn countdown_instant(url: &str) -> Option<&str> {
    let instant = url.strip_prefix(COUNTDOWN_PREFIX)?;
    chrono::DateTime::parse_from_rfc3339(instant).ok()?;
    Some(instant)
}

/// The element a countdown link becomes; both attributes are escaped.
fn countdown_open(instant: &str, done: &str) -> String {
    let mut html = String::from("<span class=\"countdown\" data-until=\"");
    push_escaped(&mut html, instant);
    html.push('"');
    if !done.trim().is_empty() {
        html.push_str(" data-done=\"");
        push_escaped(&mut html, done.trim());
        html.push('"');
    }
    html.push('>');
    html
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
                words: crate::lang::Strings::diagnostics(),
            },
            markdown: markdown.into(),
            footer: None,
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
    fn a_page_without_a_heading_gets_its_title_as_a_hidden_one() {
        let page = render("Dear Attorney,");
        assert!(
            page.contains("<main>\n<h1 class=\"visually-hidden\">A &lt;title&gt; &amp; more</h1>"),
            "{page}"
        );
        assert_eq!(render("# Heading\n\nText").matches("<h1").count(), 1);
    }

    #[test]
    fn headings_never_skip_a_level() {
        let html = body_html(
            "### A\n\n#### B\n\n### C\n\n# D\n\n### E\n",
            None,
            &Strings::diagnostics(),
        );
        assert_eq!(
            html, "<h2>A</h2>\n<h3>B</h3>\n<h3>C</h3>\n<h1>D</h1>\n<h2>E</h2>\n",
            "{html}"
        );
    }

    #[test]
    fn footnotes_are_numbered_notes_linked_both_ways_where_defined() {
        let html = body_html(
            "Text.[^n] More.\n\n[^n]: The note.\n\nAfter.\n",
            None,
            &Strings::diagnostics(),
        );
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
        let html = body_html(
            "![PACER login page](shots/login.png)",
            None,
            &Strings::diagnostics(),
        );
        assert!(html.contains("class=\"figure missing\""), "{html}");
        assert!(html.contains(">PACER login page</span>"));
        assert!(!html.contains("<img"));
        let temp = tempfile::tempdir().unwrap();
        std::fs::create_dir(temp.path().join("shots")).unwrap();
        std::fs::write(temp.path().join("shots/login.png"), b"png").unwrap();
        let html = body_html(
            "![PACER login page](shots/login.png)",
            Some(temp.path()),
            &Strings::diagnostics(),
        );
        assert!(
            html.contains("<img src=\"shots/login.png\" alt=\"PACER login page\">"),
            "{html}"
        );
        assert!(
            !body_html(
                "![x](../../etc/passwd)",
                Some(temp.path()),
                &Strings::diagnostics()
            )
            .contains("<img")
        );
    }

    #[test]
    fn unknown_raw_html_is_shown_as_text() {
        let html = body_html(
            "<script>alert(1)</script>\n\nand <img src=x onerror=y>\n",
            None,
            &Strings::diagnostics(),
        );
        assert!(!html.contains("<script>"));
        assert!(html.contains("&lt;script&gt;"));
        assert!(!html.contains("<img"));
    }

    #[test]
    fn region_wrappers_pass_through() {
        let html = body_html(
            "<div class=\"banner\">\n\n**NOTICE**\n\n</div>\n",
            None,
            &Strings::diagnostics(),
        );
        assert!(html.contains("<div class=\"banner\">"));
        assert!(html.contains("<strong>NOTICE</strong>"));
        assert!(
            body_html(
                "<div class=\"x\" onclick=\"y\">\n",
                None,
                &Strings::diagnostics()
            )
            .contains("&lt;div")
        );
    }

    #[test]
    fn countdown_links_become_timers_and_bring_their_script() {
        let md = "**Go live:**\\\n[27 days to go](#countdown=2020-04-20T08:00:00-06:00 \"We are live.\")\n";
        let page = render(md);
        assert!(
            page.contains("<span class=\"countdown\" data-until=\"2020-04-20T08:00:00-06:00\" data-done=\"We are live.\">27 days to go</span>"),
            "{page}"
        );
        assert!(!page.contains("href=\"#countdown"));
        assert_eq!(page.matches("<script>").count(), 1);
        assert!(page.contains("querySelectorAll(\".countdown[data-until]\")"));
        assert!(page.find("</main>") < page.find("<script>"));
        // No countdown, no script; nor for text or links that merely look like one.
        assert!(!render("Hello").contains("<script"));
        assert!(!render("data-until=\"2020-04-20T08:00:00Z\"").contains("<script"));
        assert!(!render("[x](#a \"data-until=&quot;\")").contains("<script"));
    }

    #[test]
    fn countdown_attributes_are_escaped_and_bad_instants_stay_links() {
        let html = body_html(
            "[soon](#countdown=2020-04-20T08:00:00Z \"a\\\" onload=\\\"x() <b>\")",
            None,
            &Strings::diagnostics(),
        );
        assert!(
            html.contains("data-done=\"a&quot; onload=&quot;x() &lt;b&gt;\">soon</span>"),
            "{html}"
        );
        let html = body_html("[soon](#countdown=tomorrow)", None, &Strings::diagnostics());
        assert!(
            html.contains("<a href=\"#countdown=tomorrow\">soon</a>"),
            "{html}"
        );
        assert!(!html.contains("data-until"));
    }

    #[test]
    fn fragment_files_sit_beside_their_pages() {
        let fragment = HtmlRenderer {
            chrome: Chrome::Fragment,
        };
        assert_eq!(fragment.extension(), "fragment.html");
        assert_eq!(HtmlRenderer::default().extension(), "html");
    }

    #[test]
    fn only_safe_link_schemes_survive() {
        let html = body_html(
            "[a](javascript:alert(1)) [b](https://example.gov) [c](mailto:x@y.gov) [d](#top)",
            None,
            &Strings::diagnostics(),
        );
        assert!(!html.contains("javascript"));
        assert!(html.contains("href=\"https://example.gov\""));
        assert!(html.contains("href=\"mailto:x@y.gov\""));
        assert!(html.contains("href=\"#top\""));
        assert!(
            !body_html(
                "![x](data:image/png;base64,AAAA)",
                None,
                &Strings::diagnostics()
            )
            .contains("data:")
        );
    }

    #[test]
    fn the_website_frame_is_header_navigation_main_and_footer() {
        let mut page = notice(
            "<header>\n\n**COURT**\n\n</header>\n\n<nav>\n\n- [Home](https://x.gov/)\n- Jurors\n\n</nav>\n\n# Title\n\nText.\n",
        );
        page.footer = Some("Last updated May 1, 2020".into());
        let html = String::from_utf8(HtmlRenderer::default().render(&page).unwrap()).unwrap();
        let at = |needle: &str| {
            html.find(needle)
                .unwrap_or_else(|| panic!("{needle}: {html}"))
        };
        // The header is a landmark of its own before <main>, the footer after it.
        assert!(at("<header>") < at("<main>"), "{html}");
        assert!(at("</header>") < at("<nav"));
        assert!(at("</nav>") < at("<main>"));
        assert!(at("</main>") < at("<footer>"));
        assert!(html[at("<footer>")..].contains("Last updated May 1, 2020"));
        // The menu is a navigation list, named for screen readers.
        assert!(
            html.contains("<nav aria-label=\"Court website\">\n<ul>\n<li><a href=\"https://x.gov/\">Home</a></li>\n<li>Jurors</li>"),
            "{html}"
        );
        // A breadcrumb is named as one.
        let crumb = body_html(
            "<nav class=\"breadcrumb\">\n\n- Home\n\n</nav>\n",
            None,
            &Strings::diagnostics(),
        );
        assert!(
            crumb.contains("<nav class=\"breadcrumb\" aria-label=\"Breadcrumb\">"),
            "{crumb}"
        );
        // A fragment is pasted into a site that has its own frame: no header, menu or footer.
        let fragment = HtmlRenderer {
            chrome: Chrome::Fragment,
        };
        let html = String::from_utf8(fragment.render(&page).unwrap()).unwrap();
        assert!(html.starts_with("<h1>Title</h1>"), "{html}");
        assert!(!html.contains("Last updated"), "{html}");
        // Printed from a browser, a link's address follows its words, as in the PDF; only
        // where the words are not the address.
        let html = body_html(
            "See the [login page](https://ecf.x.gov/login.pl) or [www.x.gov](https://www.x.gov/).",
            None,
            &Strings::diagnostics(),
        );
        assert!(
            html.contains(
                "login page</a><span class=\"print-address\"> (https://ecf.x.gov/login.pl)</span>"
            ),
            "{html}"
        );
        assert_eq!(html.matches("print-address").count(), 1, "{html}");
        // Only a header that opens the page is lifted; other raw tags stay text.
        assert!(
            body_html("<nav onclick=\"x\">\n", None, &Strings::diagnostics()).contains("&lt;nav")
        );
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
