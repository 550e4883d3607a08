//! The one place the Markdown dialect is defined, so the HTML and PDF renderers read the
//! same document the same way: CommonMark with footnotes, tables, strikethrough, heading
//! attributes and typographic punctuation (curly quotes, dashes, ellipses), which never touches
//! an e-mail or web address ([`addresses`]).

mod addresses;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

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

/// The class of a region that only print shows: a letter's continuation line, which the
/// typesetter sets at the head of its second and later pages and which a screen (or an
/// e-mail's text) has no pages to put it on.
pub const PRINT_ONLY: &str = "continuation";

/// `events` without the print-only regions (`<div class="continuation">` … `</div>`).
pub fn for_screen<'a>(events: impl Iterator<Item = Event<'a>>) -> impl Iterator<Item = Event<'a>> {
    let opening = format!("<div class=\"{PRINT_ONLY}\">");
    let mut events = events.peekable();
    // Depth of `<div>`s inside the region being dropped; 0 outside one.
    let mut depth = 0usize;
    std::iter::from_fn(move || {
        loop {
            let event = events.next()?;
            if depth == 0 {
                let opens = match &event {
                    Event::Start(Tag::HtmlBlock) => {
                        matches!(events.peek(), Some(Event::Html(html)) if html.trim() == opening)
                    }
                    Event::Html(html) | Event::InlineHtml(html) => html.trim() == opening,
                    _ => false,
                };
                if !opens {
                    return Some(event);
                }
                if matches!(event, Event::Start(Tag::HtmlBlock)) {
                    events.next();
                }
                depth = 1;
                continue;
            }
            if let Event::Html(html) | Event::InlineHtml(html) = &event {
                let html = html.trim();
                if html.starts_with("<div") {
                    depth += 1;
                } else if html == "</div>" {
                    depth -= 1;
                    if depth == 0 && matches!(events.peek(), Some(Event::End(TagEnd::HtmlBlock))) {
                        events.next();
                    }
                }
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
