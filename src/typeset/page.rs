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
    /// Part of a link's words. Paper shows no colour for links (a printed blue says nothing
    /// and greys on a copier): the words are black, and the address follows them in print.
    pub link: bool,
    /// The structure node the text belongs to; `None` for page furniture ("Page 2 of 3").
    pub node: Option<NodeId>,
    /// What the text says, where the glyphs show something else: right-to-left letters
    /// drawn in visual order, a character the font lacks drawn as a look-alike.
    pub actual: Option<String>,
}

impl TextRun {
    /// Page furniture ("Page 2 of 3") in the regular face: no structure node, so the
    /// writer marks it as an artifact, which screen readers skip.
    pub fn furniture(x: f32, y: f32, size: f32, text: String, width: f32) -> TextRun {
        TextRun {
            x,
            y,
            size,
            style: FontStyle::Regular,
            text,
            space_adjust: 0.0,
            width,
            link: false,
            node: None,
            actual: None,
        }
    }
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
    /// Image `index` of [`Layout::images`], top-left at (x, y); `node` is its figure, or
    /// `None` for an image without a description (decoration).
    Image {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        index: usize,
        node: Option<NodeId>,
    },
    /// A clickable area: a web or mail address, or `#name` for an [`Element::Anchor`];
    /// `node` is the link in the structure.
    Link {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        uri: String,
        node: Option<NodeId>,
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
    /// How full pagination left the page, so white space can be measured and explained.
    pub fill: Fill,
}

/// How much of a page's body area its content takes, and why pagination stopped there.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Fill {
    /// Height of the body area (text and footnotes), in points.
    pub available: f32,
    /// Height taken by the body text, the footnote rule and the footnotes.
    pub used: f32,
    /// Height the next page's first unbreakable run of lines (with its space above it)
    /// would have needed here: the reason the page ended. 0 on the last page.
    pub next_block: f32,
    /// The page ended because the notice asked for a new page (a slide's end).
    pub forced_end: bool,
}

impl Fill {
    /// The share of the body area left empty, 0 to 1.
    pub fn empty_share(&self) -> f32 {
        if self.available <= 0.0 {
            return 0.0;
        }
        ((self.available - self.used) / self.available).clamp(0.0, 1.0)
    }
}

/// A decoded image ready for the PDF.
#[derive(Debug, Clone, PartialEq)]
pub struct Picture {
    pub width: usize,
    pub height: usize,
    /// 8-bit RGB samples, row by row; shared, so the seal and signature that every letter
    /// of a mailing prints are decoded once and never copied.
    pub rgb: std::sync::Arc<[u8]>,
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

/// Index of a node in [`Layout::nodes`].
pub type NodeId = u32;

/// What a part of the notice is, for a reader that does not see the page (a screen
/// reader): the standard structure types of PDF (ISO 32000-1, 14.8.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Document,
    /// A region set apart: letterhead, side column, banner, address, signature.
    Sect,
    /// Heading of level 1 to 6.
    H(u8),
    P,
    L,
    LI,
    Lbl,
    LBody,
    Table,
    TR,
    TH,
    TD,
    Link,
    Note,
    Reference,
    Figure,
    BlockQuote,
}

impl Role {
    /// The structure type's name.
    pub fn name(self) -> &'static str {
        match self {
            Role::Document => "Document",
            Role::Sect => "Sect",
            Role::H(1) => "H1",
            Role::H(2) => "H2",
            Role::H(3) => "H3",
            Role::H(4) => "H4",
            Role::H(5) => "H5",
            Role::H(_) => "H6",
            Role::P => "P",
            Role::L => "L",
            Role::LI => "LI",
            Role::Lbl => "Lbl",
            Role::LBody => "LBody",
            Role::Table => "Table",
            Role::TR => "TR",
            Role::TH => "TH",
            Role::TD => "TD",
            Role::Link => "Link",
            Role::Note => "Note",
            Role::Reference => "Reference",
            Role::Figure => "Figure",
            Role::BlockQuote => "BlockQuote",
        }
    }
}

/// One node of the notice's logical structure. Nodes are created in reading order, a
/// parent before its children; node 0 is the whole notice.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub role: Role,
    pub parent: Option<NodeId>,
    /// What a figure shows, in words.
    pub alt: Option<String>,
}

/// A whole laid-out notice.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    pub pages: Vec<Page>,
    pub images: Vec<Picture>,
    /// The logical structure, which text runs, images and links point into.
    pub nodes: Vec<Node>,
    /// The notice's language (BCP 47), which the text was hyphenated and labelled in.
    pub lang: String,
}
