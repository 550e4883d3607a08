//! Content streams: a laid-out notice's pages turned into PDF operators, each piece of
//! text and each figure in a marked-content sequence of the structure node it belongs to,
//! and page furniture (rules, page numbers, decoration) marked as artifact. This is the
//! costly part of writing, done apart from any document so it can run on any thread; the
//! writer (`stream.rs`) numbers the objects.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::io;

use super::deflate::deflate;
use super::number::Num;
use super::runs;
use crate::typeset::fonts::{FaceId, Fonts};
use crate::typeset::page::{Element, Layout, Node, NodeId, Page, Picture, Role};
use crate::typeset::shape::Piece;

/// Glyphs of one face in use, each with the character it shows, indexed by glyph id
/// (a glyph-id table is faster than hashing on every glyph drawn).
#[derive(Default)]
pub struct Glyphs(Vec<char>);

impl Glyphs {
    const UNUSED: char = '\0';

    /// None used, with room for glyph ids below `len` (not touched until used, so a face
    /// with tens of thousands of glyphs costs nothing where a notice does not use it).
    fn with_room(len: usize) -> Glyphs {
        Glyphs(Vec::with_capacity(len))
    }

    pub fn add(&mut self, gid: u16, c: char) {
        let i = usize::from(gid);
        if i >= self.0.len() {
            self.0.resize(i + 1, Self::UNUSED);
        }
        if self.0[i] == Self::UNUSED {
            self.0[i] = c;
        }
    }

    /// Adds every glyph `other` uses, keeping the character already known for a glyph.
    /// Slot by slot over the two tables (the writer merges every letter's into the file's).
    pub fn merge(&mut self, other: &Glyphs) {
        if other.0.len() > self.0.len() {
            self.0.resize(other.0.len(), Self::UNUSED);
        }
        for (mine, &theirs) in self.0.iter_mut().zip(&other.0) {
            if *mine == Self::UNUSED {
                *mine = theirs;
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.iter().all(|&c| c == Self::UNUSED)
    }

    /// (glyph id, character) in glyph order.
    pub fn iter(&self) -> impl Iterator<Item = (u16, char)> + '_ {
        self.0
            .iter()
            .enumerate()
            .filter(|(_, c)| **c != Self::UNUSED)
            .map(|(g, c)| (g as u16, *c))
    }
}

/// One page ready to write: its content stream deflated, the images it shows, its link
/// annotations, and the structure node of each marked-content id (MCID) it uses.
pub struct PreparedPage {
    pub width: f32,
    pub height: f32,
    pub content: Vec<u8>,
    pub images: Vec<usize>,
    pub links: Vec<PreparedLink>,
    /// By MCID: the node whose content the sequence is.
    pub marks: Vec<NodeId>,
}

impl PreparedPage {
    /// A page with nothing on it (the back of a one-page letter printed on both sides).
    pub fn blank(width: f32, height: f32) -> io::Result<PreparedPage> {
        Ok(PreparedPage {
            width,
            height,
            content: deflate(b"")?,
            images: Vec::new(),
            links: Vec::new(),
            marks: Vec::new(),
        })
    }
}

/// A link area, in PDF coordinates (x1 y1 x2 y2, from the bottom left).
pub struct PreparedLink {
    pub rect: [f32; 4],
    pub target: Target,
    /// The Link node it belongs to.
    pub node: Option<NodeId>,
    /// Where it leads, in words, for a reader that cannot see it.
    pub contents: String,
}

pub enum Target {
    Uri(String),
    /// A page of the same notice (by index) and the height to show at the window's top.
    Page {
        index: usize,
        top: f32,
    },
}

/// Points shown above a jump target, so the line it marks is not flush with the window's top.
const ANCHOR_HEADROOM: f32 = 14.0;

/// A laid-out notice turned into PDF content, apart from any document.
pub struct Prepared {
    pub pages: Vec<PreparedPage>,
    pub images: Vec<Picture>,
    /// Per face: glyph id → the character it shows.
    pub used: [Glyphs; FaceId::COUNT],
    /// The notice's structure, which the pages' marks and links point into.
    pub nodes: Vec<Node>,
    /// The notice's language (BCP 47).
    pub lang: String,
}

impl Prepared {
    /// Room for the PDF file of this notice alone, so the file is not copied over and over
    /// as it grows: its streams, and a generous share for each face's program and the
    /// objects around them. Room never written is never touched, and costs nothing.
    pub fn room(&self) -> usize {
        const PER_FACE: usize = 64 << 10;
        let content: usize = self.pages.iter().map(|page| page.content.len()).sum();
        let images: usize = self.images.iter().map(|image| image.rgb.len()).sum();
        let faces = self.used.iter().filter(|used| !used.is_empty()).count();
        content + images + PER_FACE * (faces + 1)
    }
}

thread_local! {
    /// The buffer [`prepare`] writes a page's operators into before they are deflated.
    static OPS: std::cell::Cell<String> = const { std::cell::Cell::new(String::new()) };
    /// Per face, the length the last notice's table of used glyphs grew to: the next one
    /// starts with room for it rather than growing there again by reallocations.
    static GLYPH_TABLE_LENGTHS: std::cell::Cell<[usize; FaceId::COUNT]> =
        const { std::cell::Cell::new([0; FaceId::COUNT]) };
}

/// The pages of `layout` ready to write, each content stream deflated by `compress`.
pub fn prepare(
    fonts: &Fonts,
    layout: Layout,
    compress: fn(&[u8]) -> io::Result<Vec<u8>>,
) -> io::Result<Prepared> {
    let lengths = GLYPH_TABLE_LENGTHS.get();
    let mut used: [Glyphs; FaceId::COUNT] = std::array::from_fn(|i| Glyphs::with_room(lengths[i]));
    let mut scratch = Vec::new();
    // One buffer for every page's operators, kept by the thread from letter to letter: a
    // letter's page runs to 15 KB of them, and a new string grown to that for each page
    // cost a realloc every few hundred bytes.
    let mut ops = OPS.take();
    let mut pages = Vec::with_capacity(layout.pages.len());
    let words = link_words(&layout);
    for page in &layout.pages {
        let mut marks = Vec::new();
        content(
            fonts,
            page,
            &layout.nodes,
            &mut used,
            &mut marks,
            &mut scratch,
            &mut ops,
        );
        let images = page
            .elements
            .iter()
            .filter_map(|e| match e {
                Element::Image { index, .. } => Some(*index),
                _ => None,
            })
            .collect();
        let links = page
            .elements
            .iter()
            .filter_map(|e| {
                let Element::Link {
                    x,
                    y,
                    w,
                    h,
                    uri,
                    node,
                } = e
                else {
                    return None;
                };
                let target = if uri.starts_with('#') {
                    // A jump within the notice; a target that is not laid out stays plain text.
                    let (index, top) = layout.anchor(uri)?;
                    let height = layout.pages.get(index)?.height;
                    Target::Page {
                        index,
                        top: height - top + ANCHOR_HEADROOM,
                    }
                } else {
                    Target::Uri(uri.clone())
                };
                let contents = node
                    .and_then(|n| words.get(&n))
                    .map(|w| w.trim())
                    .filter(|w| !w.is_empty())
                    .unwrap_or(uri)
                    .to_string();
                Some(PreparedLink {
                    rect: [*x, page.height - y - h, x + w, page.height - y],
                    target,
                    node: *node,
                    contents,
                })
            })
            .collect();
        pages.push(PreparedPage {
            width: page.width,
            height: page.height,
            content: compress(ops.as_bytes())?,
            images,
            links,
            marks,
        });
    }
    OPS.set(ops);
    GLYPH_TABLE_LENGTHS.set(std::array::from_fn(|i| used[i].0.len()));
    Ok(Prepared {
        pages,
        images: layout.images,
        used,
        nodes: layout.nodes,
        lang: layout.lang,
    })
}

/// The words of each Link node, as its runs show them.
fn link_words(layout: &Layout) -> HashMap<NodeId, String> {
    let mut words: HashMap<NodeId, String> = HashMap::new();
    for page in &layout.pages {
        for e in &page.elements {
            if let Element::Text(run) = e
                && let Some(node) = run.node
                && layout
                    .nodes
                    .get(node as usize)
                    .is_some_and(|n| n.role == Role::Link)
            {
                let text = words.entry(node).or_default();
                if !text.is_empty() && !text.ends_with(' ') {
                    text.push(' ');
                }
                text.push_str(&run.text);
            }
        }
    }
    words
}

/// The page's operators, into `ops` (emptied first): graphics first, then text. Each figure
/// and each run of text of one node is a marked-content sequence whose MCID `marks`
/// records; everything else is an artifact.
fn content(
    fonts: &Fonts,
    page: &Page,
    nodes: &[Node],
    used: &mut [Glyphs; FaceId::COUNT],
    marks: &mut Vec<NodeId>,
    scratch: &mut Vec<Piece>,
    ops: &mut String,
) {
    let h = page.height;
    ops.clear();
    ops.reserve(page.elements.len() * 48);
    let role = |node: NodeId| {
        nodes
            .get(node as usize)
            .map_or("Span", |n: &Node| n.role.name())
    };
    for e in &page.elements {
        match e {
            Element::Rule {
                x1,
                y1,
                x2,
                y2,
                thickness,
            } => {
                let _ = writeln!(
                    ops,
                    "/Artifact BMC 0 0 0 RG {} w {} {} m {} {} l S EMC",
                    Num(*thickness),
                    Num(*x1),
                    Num(h - y1),
                    Num(*x2),
                    Num(h - y2)
                );
            }
            Element::Frame { x, y, w, h: fh } => {
                let _ = writeln!(
                    ops,
                    "/Artifact BMC 0.45 0.45 0.45 RG 0.8 w {} {} {} {} re S EMC",
                    Num(*x),
                    Num(h - y - fh),
                    Num(*w),
                    Num(*fh)
                );
            }
            Element::Image {
                x,
                y,
                w,
                h: ih,
                index,
                node,
            } => {
                match node {
                    Some(node) => {
                        let _ = write!(ops, "/{} <</MCID {}>> BDC ", role(*node), marks.len());
                        marks.push(*node);
                    }
                    None => ops.push_str("/Artifact BMC "),
                }
                let _ = writeln!(
                    ops,
                    "q {} 0 0 {} {} {} cm /IMG{index} Do Q EMC",
                    Num(*w),
                    Num(*ih),
                    Num(*x),
                    Num(h - y - ih)
                );
            }
            Element::Text(_) | Element::Link { .. } | Element::Anchor { .. } => {}
        }
    }
    let mut started = false;
    let mut font: Option<(FaceId, f32)> = None;
    // The marked-content sequence open now: the node, or `None` for an artifact.
    let mut open: Option<Option<NodeId>> = None;
    for e in &page.elements {
        let Element::Text(run) = e else { continue };
        if run.text.trim().is_empty() {
            continue;
        }
        if !started {
            ops.push_str("BT 0 0 0 rg\n");
            started = true;
        }
        if open != Some(run.node) {
            if open.is_some() {
                ops.push_str("EMC\n");
            }
            match run.node {
                Some(node) => {
                    let _ = writeln!(ops, "/{} <</MCID {}>> BDC", role(node), marks.len());
                    marks.push(node);
                }
                None => ops.push_str("/Artifact BMC\n"),
            }
            open = Some(run.node);
        }
        runs::draw(fonts, run, h, &mut font, used, ops, scratch);
    }
    if open.is_some() {
        ops.push_str("EMC\n");
    }
    if started {
        ops.push_str("ET\n");
    }
}

/// The resource name of a face in content streams.
pub fn resource(id: FaceId) -> &'static str {
    ["F1", "F2", "F3", "F4", "F5", "F6"][id.index()]
}

/// `unit` as four upper-case hex digits, as glyph ids and UTF-16 units are written.
pub fn push_hex4(out: &mut String, unit: u16) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for shift in [12, 8, 4, 0] {
        out.push(char::from(HEX[usize::from((unit >> shift) & 0xf)]));
    }
}

/// A PDF text string: UTF-16BE with a byte-order mark, so any character survives.
pub fn text_string(text: &str) -> String {
    let mut out = String::with_capacity(6 + 4 * text.len());
    out.push_str("<FEFF");
    for unit in text.encode_utf16() {
        push_hex4(&mut out, unit);
    }
    out.push('>');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merged_glyphs_keep_the_character_known_first_and_gain_the_rest() {
        let mut file = Glyphs::default();
        file.add(3, 'a');
        file.add(40, 'b');
        let mut letter = Glyphs::default();
        letter.add(40, 'x');
        letter.add(7, 'c');
        letter.add(300, 'd');
        file.merge(&letter);
        assert_eq!(
            file.iter().collect::<Vec<_>>(),
            [(3, 'a'), (7, 'c'), (40, 'b'), (300, 'd')]
        );
        // A shorter table merged into a longer one leaves the rest as it was.
        file.merge(&Glyphs::default());
        assert_eq!(file.iter().count(), 4);
        assert!(!file.is_empty());
    }
}
