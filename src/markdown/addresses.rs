//! Typographic punctuation stops at addresses. pulldown-cmark turns `--` into an en dash,
//! `...` into an ellipsis and straight quotes into curly ones wherever they stand, so
//! `ecf--help@court.gov` would print as `ecf–help@court.gov`, an address no one can write to.
//! [`Verbatim`] puts the characters as written back inside every address: an e-mail address,
//! anything starting with a scheme (`https://`, `mailto:`) or `www.`, and the text of a link
//! that is its own address (`[www.court.gov/a--b](https://www.court.gov/a--b)`), however the
//! template printed it.

use std::collections::VecDeque;
use std::iter::Peekable;
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

/// The characters typographic punctuation makes, and the ones it makes them from.
const TYPOGRAPHIC: &[char] = &['–', '—', '…', '‘', '’', '“', '”'];
const TYPED: &[char] = &['-', '.', '\'', '"'];

pub struct Verbatim<'a, I: Iterator<Item = (Event<'a>, Range<usize>)>> {
    source: &'a str,
    events: Peekable<I>,
    ready: VecDeque<Event<'a>>,
    /// The destinations of the links the events are inside.
    links: Vec<String>,
}

impl<'a, I: Iterator<Item = (Event<'a>, Range<usize>)>> Verbatim<'a, I> {
    pub fn new(source: &'a str, events: I) -> Self {
        Verbatim {
            source,
            events: events.peekable(),
            ready: VecDeque::new(),
            links: Vec::new(),
        }
    }

    /// Restores the typed characters of the addresses in a run of text events (pulldown-cmark
    /// splits text at each piece of typography).
    fn restore(&self, run: &mut [(Event<'a>, Range<usize>)]) {
        let typed: Vec<Option<&'a str>> = run
            .iter()
            .map(|(event, range)| self.typed(event, range))
            .collect();
        if typed.iter().all(Option::is_none) {
            return;
        }
        // The text as written, and where each event's text lies in it.
        let mut literal = String::new();
        let mut spans = Vec::with_capacity(run.len());
        for ((event, _), typed) in run.iter().zip(&typed) {
            let start = literal.len();
            match (typed, event) {
                (Some(typed), _) => literal.push_str(typed),
                (None, Event::Text(text)) => literal.push_str(text),
                (None, _) => {}
            }
            spans.push(start..literal.len());
        }
        let addresses = addresses(&literal, self.links.last().map(String::as_str));
        for (((event, _), typed), span) in run.iter_mut().zip(typed).zip(spans) {
            let inside = addresses
                .iter()
                .any(|address| address.start <= span.start && span.end <= address.end);
            if let (Some(typed), true) = (typed, inside) {
                *event = Event::Text(CowStr::Borrowed(typed));
            }
        }
    }

    /// The characters as typed, when `event` is typography made from them.
    fn typed(&self, event: &Event<'a>, range: &Range<usize>) -> Option<&'a str> {
        let Event::Text(text) = event else {
            return None;
        };
        let typed = self.source.get(range.clone())?;
        let made = !text.is_empty() && text.chars().all(|c| TYPOGRAPHIC.contains(&c));
        let from = !typed.is_empty() && typed.chars().all(|c| TYPED.contains(&c));
        (made && from).then_some(typed)
    }
}

impl<'a, I: Iterator<Item = (Event<'a>, Range<usize>)>> Iterator for Verbatim<'a, I> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        if let Some(event) = self.ready.pop_front() {
            return Some(event);
        }
        let (event, range) = self.events.next()?;
        match &event {
            // Most text stands alone and holds no typography: nothing to restore, and no run
            // to gather (which cost two vectors for every piece of text of every letter).
            Event::Text(_)
                if !matches!(self.events.peek(), Some((Event::Text(_), _)))
                    && self.typed(&event, &range).is_none() =>
            {
                Some(event)
            }
            Event::Text(_) => {
                let mut run = vec![(event, range)];
                while let Some((Event::Text(_), _)) = self.events.peek() {
                    run.extend(self.events.next());
                }
                self.restore(&mut run);
                self.ready.extend(run.into_iter().map(|(event, _)| event));
                self.ready.pop_front()
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                self.links.push(dest_url.to_string());
                Some(event)
            }
            Event::End(TagEnd::Link) => {
                self.links.pop();
                Some(event)
            }
            _ => Some(event),
        }
    }
}

/// The byte ranges of `text` that are addresses; `link` is the destination of the link the
/// text is in, if any.
fn addresses(text: &str, link: Option<&str>) -> Vec<Range<usize>> {
    let mut found: Vec<Range<usize>> = if may_hold_address(text) {
        words(text)
            .into_iter()
            .map(|word| trim(text, word))
            .filter(|word| is_address(&text[word.clone()]))
            .collect()
    } else {
        Vec::new()
    };
    if let Some(link) = link {
        let trimmed = text.trim();
        let start = text.len() - text.trim_start().len();
        if is_address(link) && shown_as(link).contains(&trimmed) {
            found.push(start..start + trimmed.len());
        }
    }
    found
}

/// The ways a link's own address reads as its text: in full, without its scheme, and
/// without a trailing slash.
fn shown_as(link: &str) -> Vec<&str> {
    let mut shown = vec![link];
    let lower = link.to_ascii_lowercase();
    for scheme in ["https://", "http://", "mailto:"] {
        if lower.starts_with(scheme) {
            let rest = &link[scheme.len()..];
            shown.push(rest);
            shown.extend(rest.strip_suffix('/'));
        }
    }
    shown
}

/// The byte ranges of the whitespace-separated words of `text`.
fn words(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (c.is_whitespace(), start) {
            (true, Some(s)) => {
                out.push(s..i);
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(s..text.len());
    }
    out
}

/// A word without the punctuation around it: `("ecf--help@court.gov").` is an address
/// in brackets and quotes, ending a sentence.
fn trim(text: &str, word: Range<usize>) -> Range<usize> {
    let inner = &text[word.clone()];
    let left = inner.trim_start_matches(['(', '[', '{', '<', '"', '\'']);
    let both = left.trim_end_matches([')', ']', '}', '>', '.', ',', ';', ':', '!', '?', '"', '\'']);
    let start = word.start + (inner.len() - left.len());
    start..start + both.len()
}

/// Whether some word of `text` could be an address: every address [`is_address`] knows has
/// an `@`, a scheme's `:` or `www.`. Most text has none, and is not cut into words at all.
fn may_hold_address(text: &str) -> bool {
    text.contains(['@', ':'])
        || text
            .as_bytes()
            .windows(4)
            .any(|four| four.eq_ignore_ascii_case(b"www."))
}

/// An e-mail address (`name@host.tld`), or a web address with its scheme or `www.`.
fn is_address(word: &str) -> bool {
    // Compared in place: every word of a paragraph with typography comes through here.
    if ["http://", "https://", "mailto:", "ftp://", "www."]
        .iter()
        .any(|start| {
            word.len() > start.len()
                && word
                    .as_bytes()
                    .get(..start.len())
                    .is_some_and(|head| head.eq_ignore_ascii_case(start.as_bytes()))
        })
    {
        return true;
    }
    match word.split_once('@') {
        Some((local, host)) => !local.is_empty() && host.contains('.') && !host.starts_with('.'),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use pulldown_cmark::{Event, Parser};

    /// The text of `markdown`'s events, as the renderers see it.
    fn text(markdown: &str) -> String {
        crate::markdown::parse(markdown)
            .filter_map(|event| match event {
                Event::Text(text) => Some(text.to_string()),
                Event::SoftBreak => Some(" ".into()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn addresses_keep_their_characters() {
        assert_eq!(
            text("Write to ecf--help@court.gov or see www.next--gen...info/it's \"x\"."),
            "Write to ecf--help@court.gov or see www.next--gen...info/it's “x”."
        );
        assert_eq!(
            text("[ecf--help@court.gov](mailto:ecf--help@court.gov)"),
            "ecf--help@court.gov"
        );
        assert_eq!(
            text("Visit https://court.gov/a--b...c or mailto:o'neil@court.gov."),
            "Visit https://court.gov/a--b...c or mailto:o'neil@court.gov."
        );
        assert_eq!(
            text("Visit HTTPS://Court.gov/a--b or WWW.court.gov/c--d; not www. alone--so."),
            "Visit HTTPS://Court.gov/a--b or WWW.court.gov/c--d; not www. alone–so."
        );
        assert_eq!(
            text("(\"ecf--help@court.gov\") – written 'so'..."),
            "(“ecf--help@court.gov”) – written ‘so’…"
        );
    }

    #[test]
    fn a_link_that_shows_its_own_address_keeps_it() {
        assert_eq!(
            text("[next--gen...info/a](https://next--gen...info/a/)"),
            "next--gen...info/a"
        );
        assert_eq!(
            text("[the next--gen site](https://next--gen.court.gov/)"),
            "the next–gen site",
            "a link's words are words"
        );
    }

    #[test]
    fn every_address_passes_the_quick_look() {
        for word in [
            "ecf--help@court.gov",
            "HTTPS://Court.gov/a",
            "http://x.y",
            "mailto:o'neil@court.gov",
            "ftp://files.court.gov",
            "WwW.court.gov",
        ] {
            assert!(super::is_address(word), "{word}");
            assert!(super::may_hold_address(&format!("see {word}.")), "{word}");
        }
        for text in [
            "It's the court's \"NextGen\" -- live soon...",
            "A--B --- C",
            "ww.court",
        ] {
            assert!(!super::may_hold_address(text), "{text}");
        }
    }

    #[test]
    fn other_text_keeps_its_typography() {
        assert_eq!(
            text("It's the court's \"NextGen\" -- live soon... A--B --- C"),
            "It’s the court’s “NextGen” – live soon… A–B — C"
        );
        assert_eq!(text("e.g... @home x@y"), "e.g… @home x@y");
    }

    #[test]
    fn events_are_those_of_pulldown_cmark_when_there_is_no_address() {
        let markdown = "# It's *here*\n\nA -- B... \"c\" [link](https://x.gov) <https://y.gov>\n\n| a | b |\n|---|---|\n| 'c' | d |\n";
        let ours: Vec<Event> = crate::markdown::parse(markdown).collect();
        let theirs: Vec<Event> = Parser::new_ext(markdown, crate::markdown::options()).collect();
        assert_eq!(ours, theirs);
    }
}
