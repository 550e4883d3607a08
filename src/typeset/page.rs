//! The typesetter's output: pages of positioned glyph runs, rules, boxes, images and link
//! areas, in points from the page's top-left corner. Tests inspect these directly; a
//! writer turns them into bytes.

use super::fonts::FontStyle;

/// A run of text in one face and size on one baseline.
#[derive(Debug, Clone, PartialEq)]
pub struct TextRun {
    pub x: f32,
    /// Baseline, from the top of the page.
    pub y: f32,
    pub size: f32,
    pub style: FontStyle,
    pub text: String,
    /// Points added to each space (justification); may be negative.
    pub space_adjust: f32,
    /// Set width, kerning and spacing included.
    pub width: f32,
    /// Drawn in the link colour.
    pub link: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Element {
    Text(TextRun),
    /// A straight line from (x1, y1) to (x2, y2).
    Rule {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        thickness: f32,
    },
    /// An outlined box (a missing image).
    Frame {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
    },
    /// Image `index` of [`Layout::images`], top-left at (x, y).
    Image {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        index: usize,
    },
    /// A clickable area: a web or mail address, or `#name` for an [`Element::Anchor`].
    Link {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        uri: String,
    },
    /// A named place in the document that `#name` links jump to; draws nothing.
    Anchor {
        name: String,
        y: f32,
    },
}

impl Element {
    /// Moves the element by (dx, dy).
    pub fn shift(&mut self, dx: f32, dy: f32) {
        match self {
            Element::Text(run) => {
                run.x += dx;
                run.y += dy;
            }
            Element::Rule { x1, y1, x2, y2, .. } => {
                *x1 += dx;
                *x2 += dx;
                *y1 += dy;
                *y2 += dy;
            }
            Element::Frame { x, y, .. }
            | Element::Image { x, y, .. }
            | Element::Link { x, y, .. } => {
                *x += dx;
                *y += dy;
            }
            Element::Anchor { y, .. } => *y += dy,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    pub width: f32,
    pub height: f32,
    pub elements: Vec<Element>,
}

/// A decoded image ready for the PDF.
#[derive(Debug, Clone, PartialEq)]
pub struct Picture {
    pub width: usize,
    pub height: usize,
    /// 8-bit RGB samples, row by row.
    pub rgb: Vec<u8>,
}

impl Layout {
    /// Where `#name` links lead: page index and the anchor's distance from the page top.
    pub fn anchor(&self, name: &str) -> Option<(usize, f32)> {
        self.pages.iter().enumerate().find_map(|(index, page)| {
            page.elements.iter().find_map(|e| match e {
                Element::Anchor { name: n, y } if n == name => Some((index, *y)),
                _ => None,
            })
        })
    }
}

/// A whole laid-out notice.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    pub pages: Vec<Page>,
    pub images: Vec<Picture>,
    /// The notice's language (BCP 47), which the text was hyphenated and labelled in.
    pub lang: String,
}
