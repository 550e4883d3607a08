//! noticegen: court data + shared templates → Markdown, HTML and PDF notices.

pub mod court;
pub mod error;
pub mod markdown;
pub mod notice;
pub mod render;
pub mod template;
