//! noticegen: court data + shared templates → Markdown, HTML and PDF notices.
//!
//! The pipeline is `court` (typed YAML) + `template` (Tera) → [`notice::Notice`] (Markdown)
//! → `render` (HTML, PDF) → `output` (staged, then swapped into place). `plan` loads and narrows what a run asks for, `build` ties it together;
//! `publish` adds the index pages, feed and calendar a court's webmaster puts online, and
//! `serve` previews `out/` in a browser, rebuilding as the data changes.

pub mod build;
pub mod calendar;
pub mod chars;
pub mod court;
pub mod csv_rows;
pub mod diagnostic;
pub mod error;
pub mod lang;
pub mod limited;
pub mod mail;
pub mod markdown;
pub mod memory;
pub mod notice;
pub mod output;
pub mod parallel;
pub mod plan;
pub mod publish;
mod recent;
pub mod render;
pub mod serve;
pub mod template;
pub mod typeset;
pub mod unprintable;
