//! The typesetter: turns a notice's Markdown into pages of positioned glyph runs, rules,
//! images and link areas, knowing nothing of the file format they are written in.
//!
//! `doc` (Markdown to blocks) → `shape` (font metrics and kerning) → `para` + `linebreak`
//! (Knuth–Plass justified lines with hyphenation; `chars` says how each character of pasted
//! text is set, `bidi` puts right-to-left text in visual order) → `layout` (blocks to a
//! vertical flow) → `paginate` (pages, footnotes, widow/orphan control) → `page` (the
//! frames a writer turns into bytes). What the notice says of itself (its language, hence
//! its hyphenation patterns and the words of "Page N of M") decides how it is set.

pub mod arabic;
pub mod bidi;
pub mod chars;
pub mod doc;
pub mod fonts;
pub mod image;
mod kerning;
pub mod layout;
#[cfg(test)]
mod letter_tests;
pub mod letterhead;
pub mod linebreak;
pub mod page;
pub mod paginate;
pub mod para;
pub mod printed_links;
pub mod shape;
pub mod signature;
mod subset;
#[cfg(test)]
mod tests;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use hyphenation::{Language, Load, Standard};

use crate::lang::Strings;
use crate::notice::{Layout as NoticeLayout, Notice};

pub use fonts::FontStyle;
pub use page::{Element, Layout, Node, NodeId, Page, Picture, Role, TextRun};

use layout::{Ctx, Flow, LEADING, baseline};
use para::{Align, Setter};

/// Paper and margins; US Letter with 1-inch margins by default.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PageSetup {
    pub paper: Paper,
    /// Margin on every side, in points.
    pub margin: f32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Paper {
    #[default]
    Letter,
    A4,
}

impl Paper {
    /// Portrait width and height in points.
    pub fn size(self) -> (f32, f32) {
        match self {
            Paper::Letter => (612.0, 792.0),
            Paper::A4 => (595.276, 841.89),
        }
    }
}

impl Default for PageSetup {
    fn default() -> Self {
        PageSetup {
            paper: Paper::Letter,
            margin: 72.0,
        }
    }
}

/// Lays notices out on pages. Fonts and hyphenation patterns are loaded once and shared
/// by every notice it sets.
pub struct Typesetter {
    pub setup: PageSetup,
    pub fonts: fonts::Fonts,
    /// Hyphenation patterns by language code, each loaded when a notice first needs it.
    hyphenators: Mutex<HashMap<String, Arc<Standard>>>,
    lines: para::LineCache,
}

/// Body type size for documents and letters, and for slides.
pub(crate) const BODY_SIZE: f32 = 12.0;
const SLIDE_SIZE: f32 = 22.0;
const NOTE_SIZE: f32 = 9.0;
/// Room kept at the foot of portrait pages for "Page N of M".
const FOOTER_ROOM: f32 = 24.0;

/// A rectangle on the page, in points from the paper's left and top edges.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    pub left: f32,
    pub top: f32,
    pub right: f32,
    pub bottom: f32,
}

/// The recipient window of a #10 double-window envelope (4⅛ × 9½ in; the window 4½ × 1⅛ in,
/// ¾ in from its left edge and ½ in from its bottom) as it falls on the first page of a
/// Letter sheet tri-folded into 3⅔-in panels, resting on the envelope's bottom and against
/// its left side: ¾ to 5¼ in from the page's left edge, 2 1/24 to 3⅙ in from its top. The
/// README explains the figures.
pub const ENVELOPE_WINDOW: Rect = Rect {
    left: 0.75 * 72.0,
    top: (2.5 - (4.125 - 11.0 / 3.0)) * 72.0,
    right: 5.25 * 72.0,
    bottom: (3.625 - (4.125 - 11.0 / 3.0)) * 72.0,
};

/// Where the address block's lines start: ¼ in inside the window's left edge, so a sheet
/// that slides a little still shows the whole first letter.
pub const ADDRESS_LEFT: f32 = 72.0;

impl Typesetter {
    pub fn new(setup: PageSetup) -> Self {
        Typesetter {
            setup,
            fonts: fonts::Fonts::load(),
            hyphenators: Mutex::new(HashMap::new()),
            lines: para::LineCache::default(),
        }
    }

    /// The hyphenation patterns of a language code (`es`), as the notice's strings file names
    /// them; the code was checked when that file was read, and US English stands in for one
    /// the patterns compiled in do not have.
    pub fn hyphenator(&self, code: &str) -> Arc<Standard> {
        let mut loaded = self
            .hyphenators
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(patterns) = loaded.get(code) {
            return patterns.clone();
        }
        let language = Language::try_from_code(code).unwrap_or(Language::EnglishUS);
        let patterns = Standard::from_embedded(language)
            .or_else(|_| Standard::from_embedded(Language::EnglishUS))
            .expect("embedded en-US hyphenation patterns load");
        let patterns = Arc::new(patterns);
        loaded.insert(code.to_string(), patterns.clone());
        patterns
    }

    /// Parses the faces nearly every notice is set in and loads the patterns of
    /// `hyphenation`, ahead of the first notice.
    pub fn warm(&self, hyphenation: Option<&str>) {
        for style in [FontStyle::Regular, FontStyle::Bold, FontStyle::Italic] {
            self.fonts.face(style);
        }
        if let Some(code) = hyphenation {
            self.hyphenator(code);
        }
    }

    /// Forgets the paragraphs set so far, which later notices would otherwise reuse: for
    /// timing the setting of a paragraph again and again.
    pub fn forget_set_paragraphs(&self) {
        self.lines.clear();
    }

    /// The grapheme clusters of a laid-out notice that no face can draw (each once, in
    /// reading order of the runs): none for a notice that prints as written. The text is
    /// read as written (a run's `actual`), not as drawn, where the two differ.
    pub fn missing_glyphs(&self, layout: &Layout) -> Vec<String> {
        let mut missing = Vec::new();
        for page in &layout.pages {
            for element in &page.elements {
                if let Element::Text(run) = element {
                    let written = run.actual.as_deref().unwrap_or(&run.text);
                    shape::missing(self.fonts.chain(run.style), written, &mut missing);
                }
            }
        }
        missing
    }

    /// Typesets `notice` into positioned pages, without writing PDF.
    pub fn layout(&self, notice: &Notice) -> Layout {
        let slides = notice.meta.layout == NoticeLayout::Slides;
        let letter = notice.meta.layout == NoticeLayout::Letter;
        let (pw, ph) = self.setup.paper.size();
        let (width, height) = if slides { (ph, pw) } else { (pw, ph) };
        let margin = if slides {
            self.setup.margin * 0.75
        } else {
            self.setup.margin
        };
        let measure = width - 2.0 * margin;
        // A letter keeps room for its page footer whatever its length; a document only once
        // it runs to a second page (a one-page notice says nothing of pages).
        let footer = if letter { FOOTER_ROOM } else { 0.0 };
        let body_height = height - 2.0 * margin - footer;

        let mut doc = doc::parse(&notice.markdown);
        if slides {
            // Read from across a room, "April ⏎ 20" or "Step ⏎ 1" reads as two things.
            tie_short_numbers(&mut doc.blocks);
        }
        let hyphenator = self.hyphenator(&notice.meta.words.hyphenation);
        let setter = Setter {
            cache: Some(&self.lines),
            fonts: &self.fonts,
            hyphenator: &hyphenator,
            links: &doc.links,
        };
        let size = if slides { SLIDE_SIZE } else { BODY_SIZE };
        let ctx = Ctx {
            left: margin,
            width: measure,
            size,
            align: if slides { Align::Left } else { Align::Justify },
            bold: false,
            para_space: size * if slides { 0.5 } else { 0.6 },
            leading: LEADING,
        };
        let mut images = Vec::new();
        // Node 0 is the notice as a whole; everything read aloud hangs below it.
        let mut nodes = vec![Node {
            role: Role::Document,
            parent: None,
            alt: None,
        }];
        let mut flow = Flow::new(
            &setter,
            &mut images,
            &mut nodes,
            notice.assets.as_deref(),
            slides,
            body_height,
        );
        if !slides {
            let middle = (ENVELOPE_WINDOW.top + ENVELOPE_WINDOW.bottom) / 2.0;
            flow.address_window = Some((ADDRESS_LEFT, middle - margin));
        }
        if slides {
            title_slide(&mut flow, &doc.blocks, ctx, body_height);
        } else {
            flow.blocks(&doc.blocks, ctx);
        }
        let body = std::mem::take(&mut flow.items);
        let continuation = flow.continuation.take();
        let deck_footer = flow.deck_footer.take();
        let note_ctx = Ctx {
            size: if slides { SLIDE_SIZE * 0.6 } else { NOTE_SIZE },
            para_space: 2.0,
            align: Align::Justify,
            ..ctx
        };
        let notes = layout::footnotes(&mut flow, &doc, note_ctx);
        drop(flow);

        let mut geometry = paginate::Geometry {
            width,
            height,
            left: margin,
            top: margin,
            measure,
            body_height,
        };
        let mut pages = paginate::paginate(&body, &notes, &geometry, slides);
        let mut body_height = body_height;
        if !slides && !letter && pages.len() >= 2 {
            body_height -= FOOTER_ROOM;
            geometry.body_height = body_height;
            pages = paginate::paginate(&body, &notes, &geometry, slides);
        }
        if slides {
            self.slide_furniture(&mut pages, deck_footer.as_deref(), &setter, margin);
        }
        if !slides && pages.len() >= 2 {
            match &continuation {
                // A merged letter's later pages say whose letter they are, of what date,
                // and which page, at their head.
                Some(spans) => {
                    self.continuation_lines(&mut pages, spans, &setter, margin, &notice.meta.words)
                }
                None => {
                    // A letter's first page carries its letterhead and is known to be the
                    // first; a notice or release is posted and handed round page by page,
                    // so each says so.
                    let first = if letter { 1 } else { 0 };
                    self.page_numbers(&mut pages, first, margin, body_height, &notice.meta.words);
                }
            }
        }
        outline(&mut nodes);
        Layout {
            pages,
            images,
            nodes,
            lang: document_lang(&notice.meta.lang).to_string(),
        }
    }

    /// "Page N of M", in the notice's language, centred below the body of every page from
    /// index `first` on: page furniture, which a reader of the text skips.
    fn page_numbers(
        &self,
        pages: &mut [Page],
        first: usize,
        margin: f32,
        body_height: f32,
        words: &Strings,
    ) {
        let total = pages.len();
        let chain = self.fonts.chain(FontStyle::Regular);
        let size = FURNITURE_SIZE;
        for (i, page) in pages.iter_mut().enumerate().skip(first) {
            let text = words.page_label(i + 1, total);
            let w = shape::measure(chain, &text, size);
            // Page furniture: a reader announces pages its own way.
            let y = margin + body_height + FOOTER_ROOM - size * LEADING
                + baseline(size, size * LEADING);
            page.elements.push(Element::Text(TextRun::furniture(
                (page.width - w) / 2.0,
                y,
                size,
                text,
                w,
            )));
        }
    }
}

/// The first line of `spans` set in `room` at `size`, with its left end at `x` and its
/// baseline at `y`, as furniture: its text only, not read as part of the notice (no
/// structure node) and drawn in the text colour even where it was a link. Text too long
/// for the line keeps only what fits on it.
fn furniture_line(
    setter: &Setter<'_>,
    spans: &[doc::Span],
    size: f32,
    room: f32,
    x: f32,
    y: f32,
) -> Vec<Element> {
    let first = setter
        .set(spans, size, room, Align::Left, false)
        .into_iter()
        .next();
    let mut elements = first.map(|line| line.elements).unwrap_or_default();
    elements.retain(|e| matches!(e, Element::Text(_)));
    for e in &mut elements {
        e.shift(x, y);
        if let Element::Text(run) = e {
            run.node = None;
            run.link = false;
        }
    }
    elements
}

/// A row of furniture on `page` at `baseline_y`: `left` flush left (what fits of it beside the
/// label), `label` flush right.
#[allow(clippy::too_many_arguments)]
fn furniture_row(
    page: &mut Page,
    chain: fonts::Chain<'_>,
    setter: &Setter<'_>,
    left: Option<&[doc::Span]>,
    label: String,
    size: f32,
    margin: f32,
    baseline_y: f32,
) {
    let label_w = shape::measure(chain, &label, size);
    let right = page.width - margin;
    if let Some(spans) = left {
        let room = (right - margin - label_w - 2.0 * size).max(size);
        page.elements.extend(furniture_line(
            setter, spans, size, room, margin, baseline_y,
        ));
    }
    page.elements.push(Element::Text(TextRun::furniture(
        right - label_w,
        baseline_y,
        size,
        label,
        label_w,
    )));
}

/// Type size of page furniture: page numbers, continuation lines.
const FURNITURE_SIZE: f32 = 9.0;
/// Type size of a slide's foot: the court and the slide's number.
const SLIDE_FOOT_SIZE: f32 = 12.0;

impl Typesetter {
    /// The foot of every slide but the title slide: the deck's footer text (the court, from
    /// the title slide) flush left and the slide's number flush right, as furniture. The
    /// number is a bare figure, the same in every language.
    fn slide_furniture(
        &self,
        pages: &mut [Page],
        footer: Option<&[doc::Span]>,
        setter: &Setter<'_>,
        margin: f32,
    ) {
        let chain = self.fonts.chain(FontStyle::Regular);
        let size = SLIDE_FOOT_SIZE;
        for (i, page) in pages.iter_mut().enumerate().skip(1) {
            let baseline_y = page.height - margin * 0.45;
            furniture_row(
                page,
                chain,
                setter,
                footer,
                (i + 1).to_string(),
                size,
                margin,
                baseline_y,
            );
        }
    }

    /// The continuation line at the head of every page but the first: its text (the
    /// recipient and the date, as the template words it) flush left, "Page N of M" flush
    /// right, a hairline below, all in the top margin and all furniture. Text too long for
    /// the line keeps only what fits on it.
    fn continuation_lines(
        &self,
        pages: &mut [Page],
        spans: &[doc::Span],
        setter: &Setter<'_>,
        margin: f32,
        words: &Strings,
    ) {
        let total = pages.len();
        let chain = self.fonts.chain(FontStyle::Regular);
        let size = FURNITURE_SIZE;
        let baseline_y = margin * 0.6;
        let rule_y = margin * 0.75;
        for (i, page) in pages.iter_mut().enumerate().skip(1) {
            let label = words.page_label(i + 1, total);
            furniture_row(
                page,
                chain,
                setter,
                Some(spans),
                label,
                size,
                margin,
                baseline_y,
            );
            let right = page.width - margin;
            page.elements.push(Element::Rule {
                x1: margin,
                y1: rule_y,
                x2: right,
                y2: rule_y,
                thickness: 0.4,
            });
        }
    }
}

/// The first slide (everything before the first `---`) is a title slide: centred, its
/// first block set large and bold. A deck without any `---` gets its first block alone
/// as the title slide.
fn title_slide(flow: &mut Flow<'_>, blocks: &[doc::Block], ctx: Ctx, height: f32) {
    let split = blocks
        .iter()
        .position(|b| matches!(b, doc::Block::Rule))
        .unwrap_or(1.min(blocks.len()));
    let (title, rest) = blocks.split_at(split);
    let centred = Ctx {
        align: Align::Center,
        ..ctx
    };
    // A title slide wrapped whole in a centring region is read as its blocks.
    let title = match title {
        [doc::Block::Div(doc::DivKind::Center | doc::DivKind::Plain, inner)] => inner.as_slice(),
        other => other,
    };
    for (i, block) in title.iter().enumerate() {
        match block {
            // The subtitle under the title (the court's name) is set larger, and names the
            // deck at the foot of every other slide.
            doc::Block::Para(spans) if i == 1 => {
                flow.deck_footer = Some(spans.clone());
                let sub = Ctx {
                    size: ctx.size * 1.2,
                    ..centred
                };
                flow.paragraph(spans, sub, ctx.para_space * 1.5);
            }
            doc::Block::Para(spans) if i == 0 => {
                let big = Ctx {
                    size: ctx.size * 1.7,
                    bold: true,
                    ..centred
                };
                flow.paragraph(spans, big, 0.0);
            }
            doc::Block::Heading(level, spans) if i == 0 => {
                let big = Ctx {
                    size: ctx.size * 1.7,
                    bold: true,
                    ..centred
                };
                flow.paragraph_as(Role::H(*level), spans, big, 0.0);
            }
            other => flow.blocks(std::slice::from_ref(other), centred),
        }
    }
    // Each slide on a page of its own, fitted to it.
    for slide in rest.split(|b| matches!(b, doc::Block::Rule)) {
        if slide.is_empty() {
            continue;
        }
        flow.page_break();
        flow.slide(slide, ctx, height);
    }
}

/// The language a document declares: the notice's own, or US English for a notice that
/// names none (one merged from templates without a strings file).
pub fn document_lang(lang: &str) -> &str {
    if lang.trim().is_empty() {
        "en-US"
    } else {
        lang
    }
}

/// Heading levels as a reader lists them: the first heading is level 1 and none is more
/// than one level below the heading before it, whatever levels the Markdown used (a
/// notice whose first heading is `###`, a press release that starts at `##`). A heading
/// keeps its place in the hierarchy: below the nearest earlier heading of a higher
/// Markdown level. Only the structure changes; the type stays the size its level sets.
fn outline(nodes: &mut [Node]) {
    // (Markdown level, structure level) of the headings that enclose what comes next.
    let mut open: Vec<(u8, u8)> = Vec::new();
    for node in nodes.iter_mut() {
        let Role::H(level) = node.role else { continue };
        while open.last().is_some_and(|&(markdown, _)| markdown >= level) {
            open.pop();
        }
        let outline = open.last().map_or(1, |&(_, outline)| outline + 1).min(6);
        open.push((level, outline));
        node.role = Role::H(outline);
    }
}

/// Ties every number of one or two figures to the word before it with a no-break space
/// ("April 20", "Step 1"), in every paragraph, heading, list and region of `blocks`.
fn tie_short_numbers(blocks: &mut [doc::Block]) {
    for block in blocks {
        match block {
            doc::Block::Para(spans) | doc::Block::Heading(_, spans) => {
                for span in spans {
                    span.text = tie_in(&span.text);
                }
            }
            doc::Block::List { items, .. } => {
                for item in items {
                    tie_short_numbers(item);
                }
            }
            doc::Block::Quote(inner) | doc::Block::Div(_, inner) => tie_short_numbers(inner),
            _ => {}
        }
    }
}

/// `text` with the space before each number of one or two figures made a no-break space.
fn tie_in(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    for (i, &c) in chars.iter().enumerate() {
        let digits = chars[i + 1..]
            .iter()
            .take_while(|d| d.is_ascii_digit())
            .count();
        let before_word = i > 0 && chars[i - 1].is_alphabetic();
        let short = (1..=2).contains(&digits)
            && chars
                .get(i + 1 + digits)
                .is_none_or(|next| !next.is_alphanumeric());
        if c == ' ' && before_word && short {
            out.push('\u{a0}');
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod outline_tests {
    use super::*;

    fn levels(markdown: &[u8]) -> Vec<u8> {
        let mut nodes: Vec<Node> = markdown
            .iter()
            .map(|&level| Node {
                role: Role::H(level),
                parent: Some(0),
                alt: None,
            })
            .collect();
        outline(&mut nodes);
        nodes
            .iter()
            .map(|n| match n.role {
                Role::H(level) => level,
                _ => 0,
            })
            .collect()
    }

    #[test]
    fn headings_start_at_one_and_never_skip_a_level() {
        assert_eq!(levels(&[3, 3, 3]), [1, 1, 1]);
        assert_eq!(levels(&[2, 3, 3, 3]), [1, 2, 2, 2]);
        assert_eq!(levels(&[1, 2, 3]), [1, 2, 3]);
        assert_eq!(levels(&[1, 3, 2, 4, 1]), [1, 2, 2, 3, 1]);
        assert_eq!(levels(&[4, 2, 3]), [1, 1, 2]);
    }
}
