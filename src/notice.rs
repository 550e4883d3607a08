//! The document every renderer receives: one notice of one court, as Markdown plus the few
//! facts a renderer needs for page chrome and metadata. Renderers know nothing of YAML or Tera.

use std::path::PathBuf;
use std::sync::Arc;

use chrono::NaiveDate;
use serde::Deserialize;

use crate::lang::Strings;

/// How a notice is laid out on paper. The Markdown is the same in every layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Layout {
    /// Portrait pages, flowing text; "Page N of M" on every page when there are two or more.
    #[default]
    Document,
    /// Portrait pages; "Page N of M" from page 2; the closing and signature are kept together.
    Letter,
    /// Landscape pages, large type; each thematic break (`---`) starts a new slide.
    Slides,
}

#[derive(Debug, Clone, PartialEq)]
pub struct NoticeMeta {
    /// Plain text, unescaped: renderers escape it for their format.
    pub title: String,
    pub description: String,
    /// Who signs the notice, e.g. "Mitchell R. Elfers, Clerk of Court".
    pub author: String,
    pub subject: String,
    pub keywords: Vec<String>,
    /// The notice's own date; also the PDF's creation date, so builds are reproducible.
    pub date: NaiveDate,
    pub layout: Layout,
    /// BCP 47 language tag.
    pub lang: String,
    /// The words of that language the renderers print (page labels, ARIA labels) and the
    /// hyphenation patterns they set it with.
    pub words: Arc<Strings>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    /// Court id: the court file's stem, `[a-z0-9-]+`.
    pub court: String,
    /// Kind name as listed in the templates' manifest, e.g. `letter`.
    pub kind: String,
    pub meta: NoticeMeta,
    /// CommonMark with footnotes and tables; may wrap regions in `<div class="...">` blocks
    /// (`letterhead`, `aside`, `banner`, `signature`, `center`) that renderers style.
    pub markdown: String,
    /// The footer the website puts under the notice's HTML page (Markdown, from the kind's
    /// `footer` template), if any: page furniture, not part of the notice's own text.
    pub footer: Option<String>,
    /// Folder that relative image paths in the Markdown resolve against, if any.
    pub assets: Option<PathBuf>,
}

#[cfg(test)]
impl Notice {
    /// A notice of `markdown` in `layout` for the renderers' and the typesetter's tests: the
    /// District of New Mexico's NextGen notice of March 20, 2020, in US English.
    pub fn sample(markdown: &str, layout: Layout) -> Notice {
        Notice {
            court: "nmd".into(),
            kind: "letter".into(),
            meta: NoticeMeta {
                title: "NextGen CM/ECF".into(),
                description: String::new(),
                author: "Mitchell R. Elfers, Clerk of Court".into(),
                subject: "NextGen".into(),
                keywords: vec!["NextGen".into(), "CM/ECF".into()],
                date: NaiveDate::from_ymd_opt(2020, 3, 20).unwrap_or_default(),
                layout,
                lang: "en-US".into(),
                words: crate::lang::Strings::diagnostics(),
            },
            markdown: markdown.into(),
            footer: None,
            assets: None,
        }
    }
}
