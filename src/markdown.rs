//! The one place the Markdown dialect is defined, so the HTML and PDF renderers read the
//! same document the same way: CommonMark with footnotes, tables, strikethrough, heading
//! attributes and typographic punctuation (curly quotes, dashes, ellipses), which never touches
//! an e-mail or web address ([`addresses`]).

mod addresses;
mod memo;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

pub use memo::Remembered;

pub fn options() -> Options {
    Options::ENABLE_FOOTNOTES
        | Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// The events of `text`, addresses kept as written.
pub fn parse(text: &str) -> impl Iterator<Item = Event<'_>> {
    addresses::Verbatim::new(text, Parser::new_ext(text, options()).into_offset_iter())
}

/// The address of every image in `text`, in order, as both renderers read it (keeping
/// addresses verbatim, as [`parse`] does, changes text, never an image's address).
pub fn image_urls(text: &str) -> Vec<String> {
    // Only `![` starts an image, inline or by reference; most notices show none, and parsing
    // one whole was a tenth of a rebuild that changes nothing.
    if !text.contains("![") {
        return Vec::new();
    }
    parsed_image_urls(text)
}

/// [`image_urls`], from a parse of the whole text.
fn parsed_image_urls(text: &str) -> Vec<String> {
    Parser::new_ext(text, options())
        .filter_map(|event| match event {
            Event::Start(Tag::Image { dest_url, .. }) => Some(dest_url.into_string()),
            _ => None,
        })
        .collect()
}

/// The class of a region that only paper shows, and that screens (the HTML page, an e-mail)
/// leave out: `<div class="print-only">`.
pub const PRINT_ONLY: &str = "print-only";
/// The class of a region that only screens show, and that paper leaves out: a link to a file
/// beside the page, a live countdown, a breadcrumb. `<div class="screen-only">`.
pub const SCREEN_ONLY: &str = "screen-only";
/// A letter's continuation line, which the typesetter sets at the head of its second and
/// later pages: print only by nature, since a screen has no pages to put it on.
pub const CONTINUATION: &str = "continuation";

/// The class of a `<nav>` that is a breadcrumb trail rather than the website's menu: screen
/// only, as a breadcrumb leads nowhere on paper.
pub const BREADCRUMB: &str = "breadcrumb";
/// The link target that makes a countdown (see `render::html`): a live clock on screen,
/// which paper, showing the date counted down to, leaves out.
pub const COUNTDOWN_PREFIX: &str = "#countdown=";

/// Regions screens leave out.
const PRINT_ONLY_CLASSES: &[&str] = &[PRINT_ONLY, CONTINUATION];
/// Regions paper leaves out: a breadcrumb leads nowhere on paper.
const SCREEN_ONLY_CLASSES: &[&str] = &[SCREEN_ONLY, BREADCRUMB];

/// `events` without the print-only regions, for the HTML page and e-mail.
pub fn for_screen<'a>(events: impl Iterator<Item = Event<'a>>) -> impl Iterator<Item = Event<'a>> {
    without_regions(events, PRINT_ONLY_CLASSES)
}

/// `events` without the screen-only regions and countdowns, for the PDF.
pub fn for_paper<'a>(events: impl Iterator<Item = Event<'a>>) -> impl Iterator<Item = Event<'a>> {
    without_countdowns(without_regions(events, SCREEN_ONLY_CLASSES))
}

/// `events` without countdown links and their words.
fn without_countdowns<'a>(
    events: impl Iterator<Item = Event<'a>>,
) -> impl Iterator<Item = Event<'a>> {
    // Links open inside the countdown being dropped; 0 outside one.
    let mut depth = 0usize;
    events.filter(move |event| {
        match event {
            Event::Start(Tag::Link { dest_url, .. })
                if depth > 0 || dest_url.starts_with(COUNTDOWN_PREFIX) =>
            {
                depth += 1;
                return false;
            }
            Event::End(TagEnd::Link) if depth > 0 => {
                depth -= 1;
                return false;
            }
            _ => {}
        }
        depth == 0
    })
}

/// The classes of a region's opening tag, `<div class="a b">`; `None` for any other HTML.
pub fn div_classes(html: &str) -> Option<impl Iterator<Item = &str>> {
    let class = html
        .trim()
        .strip_prefix("<div class=\"")?
        .strip_suffix("\">")?;
    Some(class.split_whitespace())
}

/// The element of the region `html` opens when it carries one of `classes`: `div` for
/// `<div class="…">`, `nav` for `<nav class="…">`; `None` for any other HTML.
fn opens_one_of(html: &str, classes: &[&str]) -> Option<&'static str> {
    let html = html.trim();
    let (element, rest) = if let Some(rest) = html.strip_prefix("<div class=\"") {
        ("div", rest)
    } else {
        ("nav", html.strip_prefix("<nav class=\"")?)
    };
    let mut found = rest.strip_suffix("\">")?.split_whitespace();
    found
        .any(|class| classes.contains(&class))
        .then_some(element)
}

/// `events` without the `<div>` (or `<nav>`) regions that carry one of `classes`, and all
/// they hold.
fn without_regions<'a>(
    events: impl Iterator<Item = Event<'a>>,
    classes: &'static [&'static str],
) -> impl Iterator<Item = Event<'a>> {
    let mut events = events.peekable();
    // The element of the region being dropped, and how many of it are open inside it.
    let mut dropping: Option<(&'static str, usize)> = None;
    std::iter::from_fn(move || {
        loop {
            let event = events.next()?;
            let Some((element, depth)) = dropping.as_mut() else {
                let opened = match &event {
                    Event::Start(Tag::HtmlBlock) => match events.peek() {
                        Some(Event::Html(html)) => opens_one_of(html, classes),
                        _ => None,
                    },
                    Event::Html(html) | Event::InlineHtml(html) => opens_one_of(html, classes),
                    _ => None,
                };
                let Some(element) = opened else {
                    return Some(event);
                };
                if matches!(event, Event::Start(Tag::HtmlBlock)) {
                    events.next();
                }
                dropping = Some((element, 1));
                continue;
            };
            if let Event::Html(html) | Event::InlineHtml(html) = &event {
                let html = html.trim();
                let closing = html
                    .strip_prefix("</")
                    .and_then(|rest| rest.strip_suffix('>'));
                if closing == Some(*element) {
                    *depth -= 1;
                    if *depth == 0 {
                        dropping = None;
                        if matches!(events.peek(), Some(Event::End(TagEnd::HtmlBlock))) {
                            events.next();
                        }
                    }
                } else if html
                    .strip_prefix('<')
                    .and_then(|rest| rest.strip_prefix(*element))
                    .is_some_and(|after| after.starts_with([' ', '>']))
                {
                    *depth += 1;
                }
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn image_addresses_agree_with_a_full_parse_of_the_text() {
        for text in [
            "No picture here, only a [link](https://example.com) and a ! mark.",
            "![Seal](seal.png) and ![Steps][shot]\n\n[shot]: steps.png",
            "An escaped \\![not](shown.png), a spaced ! [no](x.png).",
            "<img src=\"raw.png\"> is HTML, not a Markdown image.",
            "",
        ] {
            assert_eq!(image_urls(text), parsed_image_urls(text), "{text}");
        }
        assert_eq!(
            image_urls("![Seal](seal.png) and ![Steps][shot]\n\n[shot]: steps.png"),
            ["seal.png", "steps.png"]
        );
    }

    #[test]
    fn screens_leave_out_print_only_regions_and_keep_the_rest() {
        let md = "<div class=\"address\">\n\nMs. Ann Lee\n\n</div>\n\n<div class=\"continuation\">\n\nMs. Ann Lee · May 1, 2020\n\n</div>\n\nDear Ms. Lee:\n";
        let all: Vec<Event> = parse(md).collect();
        let kept: Vec<Event> = for_screen(parse(md)).collect();
        let text = |events: &[Event]| {
            events
                .iter()
                .filter_map(|e| match e {
                    Event::Text(t) => Some(t.to_string()),
                    Event::Html(t) => Some(t.trim().to_string()),
                    _ => None,
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(
            text(&kept),
            [
                "<div class=\"address\">",
                "Ms. Ann Lee",
                "</div>",
                "Dear Ms. Lee:"
            ]
        );
        assert!(text(&all).iter().any(|t| t.contains("May 1")));
        // Every start still has its end.
        let starts = kept.iter().filter(|e| matches!(e, Event::Start(_))).count();
        let ends = kept.iter().filter(|e| matches!(e, Event::End(_))).count();
        assert_eq!(starts, ends);
    }

    fn texts(events: impl Iterator<Item = Event<'static>>) -> Vec<String> {
        events
            .filter_map(|e| match e {
                Event::Text(t) => Some(t.to_string()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn paper_leaves_out_screen_only_regions_and_screens_print_only_ones() {
        let md = "Before.\n\n<div class=\"screen-only\">\n\n[On screen](x.ics)\n\n<div class=\"center\">\n\nNested\n\n</div>\n\nStill screen\n\n</div>\n\n<div class=\"note print-only\">\n\nOn paper\n\n</div>\n\nAfter.\n";
        assert_eq!(
            texts(for_paper(parse(md))),
            ["Before.", "On paper", "After."]
        );
        assert_eq!(
            texts(for_screen(parse(md))),
            ["Before.", "On screen", "Nested", "Still screen", "After."]
        );
        // A breadcrumb is a screen's; the website's menu shows on paper (as a line of names).
        let md = "<nav class=\"breadcrumb\">\n\n- [Home](https://x.gov)\n\n</nav>\n\n<nav>\n\n- Jurors\n\n</nav>\n";
        assert_eq!(texts(for_paper(parse(md))), ["Jurors"]);
        assert_eq!(texts(for_screen(parse(md))), ["Home", "Jurors"]);
        // A class that merely starts like one is another class.
        let md = "<div class=\"screen-only-not\">\n\nKept\n\n</div>\n";
        assert_eq!(texts(for_paper(parse(md))), ["Kept"]);
    }
}
