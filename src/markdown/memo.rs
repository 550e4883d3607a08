//! Markdown parsed a run of whole blocks at a time, each run's events remembered on the
//! thread. The letters of a mailing differ only in a few blocks (the address, the
//! salutation); parsing every letter whole was a tenth of a mailing's time. A run is parsed
//! again only when its text was not seen lately.
//!
//! A text is cut only where no construct can join the blocks on either side: at a blank line
//! followed by a line that starts a new block at the margin and cannot continue a list, and
//! only in a text without link reference or footnote definitions (they reach across the
//! whole document), fenced code, or the HTML blocks that run past blank lines (comments,
//! `<pre>`, `<script>`, `<style>`, `<textarea>`, processing instructions, declarations).
//! Any other text is parsed whole, as before.

use std::cell::RefCell;
use std::convert::Infallible;
use std::rc::Rc;

use pulldown_cmark::{CowStr, Event};

use crate::recent::Recent;

/// Runs held on a thread in a generation, and the most of their text.
const KEPT: usize = 128;
const KEPT_BYTES: usize = 256 << 10;
/// A run longer than this is parsed but not kept: a notice that long is not a mailing's
/// letter, and keeping a few would hold megabytes for nothing.
const LONGEST_KEPT: usize = KEPT_BYTES / 16;

/// The events of one run, with no borrow from the text they were parsed from.
type Parsed = Rc<[Event<'static>]>;

thread_local! {
    static MEMO: RefCell<Recent<[Event<'static>]>> =
        RefCell::new(Recent::new(KEPT, KEPT_BYTES, LONGEST_KEPT));
}

/// The events of `run`, remembered.
fn parsed(memo: &mut Recent<[Event<'static>]>, run: &str) -> Parsed {
    let parse = || Ok::<_, Infallible>(super::parse(run).map(Event::into_static).collect());
    match memo.get_or_make(run.as_bytes(), parse) {
        Ok(parsed) => parsed,
        Err(never) => match never {},
    }
}

/// The events of a text: [`super::parse`]'s, from remembered runs where the text can be cut.
pub struct Remembered<'a> {
    text: &'a str,
    /// `None` for a text parsed whole.
    runs: Option<Vec<Parsed>>,
}

impl<'a> Remembered<'a> {
    pub fn of(text: &'a str) -> Remembered<'a> {
        let runs = runs(text).map(|runs| {
            MEMO.with(|memo| {
                let mut memo = memo.borrow_mut();
                runs.into_iter().map(|run| parsed(&mut memo, run)).collect()
            })
        });
        Remembered { text, runs }
    }

    pub fn events(&self) -> impl Iterator<Item = Event<'_>> {
        match &self.runs {
            Some(runs) => Either::Runs(runs.iter().flat_map(|run| run.iter().map(reborrow))),
            None => Either::Whole(super::parse(self.text)),
        }
    }
}

enum Either<R, W> {
    Runs(R),
    Whole(W),
}

impl<'a, R: Iterator<Item = Event<'a>>, W: Iterator<Item = Event<'a>>> Iterator for Either<R, W> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        match self {
            Either::Runs(runs) => runs.next(),
            Either::Whole(whole) => whole.next(),
        }
    }
}

/// A remembered event lent out: its text borrowed rather than copied.
fn reborrow<'a>(event: &'a Event<'static>) -> Event<'a> {
    let lend = |text: &'a CowStr<'static>| -> CowStr<'a> { CowStr::Borrowed(text) };
    match event {
        Event::Text(text) => Event::Text(lend(text)),
        Event::Code(text) => Event::Code(lend(text)),
        Event::Html(html) => Event::Html(lend(html)),
        Event::InlineHtml(html) => Event::InlineHtml(lend(html)),
        Event::FootnoteReference(label) => Event::FootnoteReference(lend(label)),
        other => other.clone(),
    }
}

/// What may tie blocks together across a blank line, anywhere in the text: definitions,
/// fences, and the HTML blocks that end at a closing mark rather than a blank line (comments,
/// declarations, processing instructions).
const TIES: &[&[u8]] = &[b"]:", b"```", b"~~~", b"<!", b"<?"];
/// HTML blocks that end at their closing tag rather than at a blank line, after their `<`
/// (matched without regard to case).
const RAW_BLOCKS: &[&[u8]] = &[b"pre", b"script", b"style", b"textarea"];

/// `text` cut into runs of whole blocks, or `None` when it may not be cut. Every letter of a
/// mailing is scanned: the bytes that can start a tie are found with `memchr` rather than
/// looked at one by one.
fn runs(text: &str) -> Option<Vec<&str>> {
    let bytes = text.as_bytes();
    if memchr::memchr(b'\r', bytes).is_some() {
        return None;
    }
    let ties = |at: usize| {
        let rest = &bytes[at..];
        TIES.iter().any(|tie| rest.starts_with(tie))
            || (rest.starts_with(b"<")
                && RAW_BLOCKS.iter().any(|tag| {
                    rest.get(1..=tag.len())
                        .is_some_and(|found| found.eq_ignore_ascii_case(tag))
                }))
    };
    if memchr::memchr3_iter(b']', b'`', b'~', bytes).any(ties)
        || memchr::memchr_iter(b'<', bytes).any(ties)
    {
        return None;
    }
    let mut runs = Vec::new();
    let (mut start, mut line) = (0, 0);
    let mut after_blank = false;
    let ends = memchr::memchr_iter(b'\n', bytes).map(|at| at + 1);
    for end in ends.chain((!text.ends_with('\n')).then_some(text.len())) {
        let this = &text[line..end];
        if after_blank && line > start && starts_a_block(this) {
            runs.push(&text[start..line]);
            start = line;
        }
        after_blank = this.bytes().all(|b| matches!(b, b' ' | b'\t' | b'\n'));
        line = end;
    }
    runs.push(&text[start..]);
    Some(runs)
}

/// Whether a line after a blank one starts a block at the margin that nothing before the
/// blank line can take in: not indented (a list item's or code block's continuation), and
/// not a list item or block quote, which may continue a list or quote above.
fn starts_a_block(line: &str) -> bool {
    match line.chars().next() {
        None => false,
        Some(first) => !(first.is_whitespace() || first.is_ascii_digit() || "-*+>".contains(first)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn whole(text: &str) -> Vec<Event<'static>> {
        super::super::parse(text).map(Event::into_static).collect()
    }

    fn remembered(text: &str) -> Vec<Event<'static>> {
        Remembered::of(text)
            .events()
            .map(Event::into_static)
            .collect()
    }

    #[test]
    fn a_text_cut_into_runs_parses_as_it_does_whole() {
        let texts = [
            "<div class=\"address\">\n\nAnn Archer\\\n1 First St.\n\n</div>\n\nDear Ann:\n\nThe \"court\" -- it's here...\n\n# Heading {#top}\n\nText with [a link](https://example.com/a--b) and foo@example.com.\n",
            "- one\n- two\n\n- three, the same loose list\n\nAfter the list.\n\n1. first\n\n2. second\n\nEnd.\n",
            "> quoted\n\n> quoted again\n\nPlain.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nAfter the table.\n",
            "Para\n\n    indented code\n\n    more code\n\nNext.\n\n***\n\nAfter a rule.\n\nSetext\n===\n",
            "A note[^1] here.\n\nMore.\n\n[^1]: The note.\n\nAfter.\n",
            "See [the page][ref].\n\nMore.\n\n[ref]: https://example.com\n",
            "<!-- a comment\n\nstill the comment -->\n\nText.\n",
            "<PRE>\n\nraw\n\n</PRE>\n\nText.\n",
            "```\ncode\n\nstill code\n```\n\nText.\n",
            "- item\n\n  continued in the item\n\nOut.\n",
            "Line one\r\n\r\nLine two\r\n",
            "",
            "\n\n\nText after blank lines.\n\n",
        ];
        for text in texts {
            assert_eq!(remembered(text), whole(text), "{text:?}");
            // A second time, from what the thread remembers.
            assert_eq!(remembered(text), whole(text), "{text:?}");
        }
    }

    #[test]
    fn runs_start_only_where_a_new_block_must_start() {
        assert_eq!(
            runs("One.\n\nTwo.\n\n- a\n\n- b\n\n  c\n\nThree.\n"),
            Some(vec![
                "One.\n\n",
                "Two.\n\n- a\n\n- b\n\n  c\n\n",
                "Three.\n"
            ])
        );
        assert_eq!(runs("[x]: /u\n\nText.\n"), None);
        assert_eq!(runs("<Script>\n\nx\n\n</script>\n"), None);
    }
}
