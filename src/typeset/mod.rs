//! The typesetter: turns a notice's Markdown into pages of positioned glyph runs, rules,
//! images and link areas, knowing nothing of the file format they are written in.
//!
//! `doc` (Markdown to blocks) → `shape` (font metrics and kerning) → `para` + `linebreak`
//! (Knuth–Plass justified lines with hyphenation; `chars` says how each character of pasted
//! text is set, `bidi` puts right-to-left text in visual order) → `layout` (blocks to a
//! vertical flow) → `paginate` (pages, footnotes, widow/orphan control) → `page` (the
//! frames a writer turns into bytes).

pub mod bidi;
pub mod chars;
pub mod doc;
pub mod fonts;
pub mod image;
pub mod layout;
pub mod linebreak;
pub mod page;
pub mod paginate;
pub mod para;
pub mod shape;
