//! The one place the Markdown dialect is defined, so the HTML and PDF renderers read the
//! same document the same way: CommonMark with footnotes, tables, strikethrough, heading
//! attributes and typographic punctuation (curly quotes, dashes, ellipses), which never touches
//! an e-mail or web address ([`addresses`]).

mod addresses;

use pulldown_cmark::{Event, Options, Parser};

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
