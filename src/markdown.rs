//! The one place the Markdown dialect is defined, so the HTML and PDF renderers read the
//! same document the same way.

use pulldown_cmark::{Options, Parser};

pub fn options() -> Options {
    Options::ENABLE_FOOTNOTES
        | Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
}

pub fn parse(text: &str) -> Parser<'_> {
    Parser::new_ext(text, options())
}
