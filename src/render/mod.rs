//! Renderers turn a [`Notice`] into the bytes of one output format. They share one small
//! interface so the build loop treats Markdown, HTML and PDF alike.

pub mod html;
pub mod pdf;

use std::fmt;
use std::str::FromStr;

use crate::error::Error;
use crate::notice::Notice;

/// An output format; its name is also the file extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Format {
    Markdown,
    Html,
    Pdf,
}

impl Format {
    pub const ALL: [Format; 3] = [Format::Markdown, Format::Html, Format::Pdf];

    pub fn extension(self) -> &'static str {
        match self {
            Format::Markdown => "md",
            Format::Html => "html",
            Format::Pdf => "pdf",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.extension())
    }
}

impl FromStr for Format {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Format::ALL
            .into_iter()
            .find(|format| format.extension() == s)
            .ok_or_else(|| format!("unknown format `{s}` (expected md, html or pdf)"))
    }
}

pub trait Renderer: Sync {
    fn format(&self) -> Format;
    /// The output file's extension; the format's own unless a renderer writes a variant
    /// beside it (an HTML fragment, `fragment.html`).
    fn extension(&self) -> &'static str {
        self.format().extension()
    }
    fn render(&self, notice: &Notice) -> Result<Vec<u8>, Error>;
    /// Everything besides the notice that makes this renderer's bytes differ (its options,
    /// the environment it reads): part of the key that decides whether a built file is
    /// reused, so it is said here, beside the options themselves.
    fn settings(&self) -> String {
        String::new()
    }
    /// Loads ahead what rendering will need (faces, patterns), on a core that would
    /// otherwise wait; `hyphenation` names the patterns most notices will ask for.
    fn warm(&self, _hyphenation: Option<&str>) {}
}

/// The Markdown "renderer": the notice's own text, as merged from its template.
pub struct MarkdownRenderer;

impl Renderer for MarkdownRenderer {
    fn format(&self) -> Format {
        Format::Markdown
    }

    fn render(&self, notice: &Notice) -> Result<Vec<u8>, Error> {
        Ok(notice.markdown.clone().into_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_names_round_trip() {
        for format in Format::ALL {
            assert_eq!(format.extension().parse::<Format>(), Ok(format));
        }
        assert!("docx".parse::<Format>().is_err());
    }
}
