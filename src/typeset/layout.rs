//! Block layout: walks the block tree and produces a vertical flow of items (one per text
//! line, table row, image, rule or side-by-side group), each with the height it needs and
//! the rules pagination must respect around it (may a page break here? must a new page
//! start here? which footnotes does it reference?). Horizontal positions are final here;
//! vertical ones are relative to the item's top until pagination places the item.

use std::path::Path;

use super::doc::{self, Block, DivKind, Doc, Span};
use super::fonts::FontStyle;
use super::image;
use super::letterhead;
use super::page::{Element, Node, NodeId, Picture, Role, TextRun};
use super::para::{Align, Setter, TextLine};
use super::shape::measure;

/// Widest an address block may be: a #10 envelope's window is 4½ inches wide.
pub const ADDRESS_WIDTH: f32 = 4.0 * 72.0;
/// Type size and line height of an address block: six lines (name, title, firm, two
/// street lines, city) take 72 pt of the window's 81.
pub const ADDRESS_SIZE: f32 = 11.0;
pub const ADDRESS_LINE: f32 = 12.0;

/// Line height as a multiple of the type size.
pub const LEADING: f32 = 1.22;

#[derive(Debug, Clone, Default)]
pub struct FlowItem {
    pub height: f32,
    /// White space above the item; dropped at the top of a page.
    pub space_before: f32,
    /// May a page break fall just before this item?
    pub breakable_before: bool,
    /// A new page (slide) must start with this item.
    pub page_break_before: bool,
    /// Elements at their final x; y relative to the item's top.
    pub elements: Vec<Element>,
    /// Footnote numbers referenced in this item.
    pub footnotes: Vec<u32>,
    /// Part of a slide's title band, which stays at the slide's head while the rest of
    /// the slide is balanced in the space below it.
    pub slide_head: bool,
}

#[derive(Clone, Copy)]
pub struct Ctx {
    pub left: f32,
    pub width: f32,
    pub size: f32,
    pub align: Align,
    pub bold: bool,
    /// Space between paragraphs, in points.
    pub para_space: f32,
    /// Line height of paragraphs as a multiple of the size ([`LEADING`] but in an
    /// address block, which must fit an envelope window).
    pub leading: f32,
}

pub struct Flow<'a> {
    pub setter: &'a Setter<'a>,
    pub items: Vec<FlowItem>,
    pub images: &'a mut Vec<Picture>,
    /// The notice's structure so far; what the flow sets now goes below `parent`.
    pub nodes: &'a mut Vec<Node>,
    pub parent: Option<NodeId>,
    pub assets: Option<&'a Path>,
    pub slides: bool,
    /// Tallest an image may be (the body height).
    pub max_image_height: f32,
    /// Left edge of an address block, and the height (from the top of the body) its
    /// middle goes at, if the flow has not passed that point yet.
    pub address_window: Option<(f32, f32)>,
    /// The continuation line's text, which is not set in the flow but at the head of the
    /// second and later pages.
    pub continuation: Option<Vec<Span>>,
    /// What a deck's slides name at their foot: the title slide's subtitle (the court).
    pub deck_footer: Option<Vec<Span>>,
    /// A deck's type size, which slide titles keep.
    pub slide_size: Option<f32>,
    keep_next: bool,
    page_break_next: bool,
    last_block_start: usize,
}

/// Offset of the baseline below the top of a line box of `size`, centring the face's
/// ascender-to-descender height (Liberation Serif's hhea values) in the leading.
pub fn baseline(size: f32, line_height: f32) -> f32 {
    const ASC: f32 = 0.891;
    const DESC: f32 = 0.216;
    (line_height - (ASC + DESC) * size) / 2.0 + ASC * size
}

impl<'a> Flow<'a> {
    pub fn new(
        setter: &'a Setter<'a>,
        images: &'a mut Vec<Picture>,
        nodes: &'a mut Vec<Node>,
        assets: Option<&'a Path>,
        slides: bool,
        max_image_height: f32,
    ) -> Self {
        // Below the notice as a whole (node 0), until a block opens a node of its own.
        let parent = (!nodes.is_empty()).then_some(0);
        Flow {
            setter,
            items: Vec::new(),
            images,
            nodes,
            parent,
            assets,
            slides,
            max_image_height,
            address_window: None,
            continuation: None,
            deck_footer: None,
            slide_size: None,
            keep_next: false,
            page_break_next: false,
            last_block_start: 0,
        }
    }

    /// A new structure node below the current parent.
    pub fn open(&mut self, role: Role) -> NodeId {
        self.open_with(role, None)
    }

    pub(super) fn open_with(&mut self, role: Role, alt: Option<String>) -> NodeId {
        let id = self.nodes.len() as NodeId;
        self.nodes.push(Node {
            role,
            parent: self.parent,
            alt,
        });
        id
    }

    /// Runs `f` with a new node of `role` as the parent of what it sets.
    fn within(&mut self, role: Role, f: impl FnOnce(&mut Self)) -> NodeId {
        let id = self.open(role);
        let outer = self.parent.replace(id);
        f(self);
        self.parent = outer;
        id
    }

    /// Points the runs and link areas of one set line at `node`. Each link gets a Link
    /// node of its own below it (a footnote mark's inside a Reference), holding the link's
    /// words and its clickable areas; a link that goes on from the line before (its
    /// address is `last_link`'s) stays the same node.
    fn tag_line(
        &mut self,
        elements: &mut [Element],
        node: NodeId,
        last_link: &mut Option<(String, NodeId)>,
    ) {
        let mut areas: Vec<(f32, f32, NodeId)> = Vec::new();
        for e in elements.iter_mut() {
            let Element::Link {
                x,
                w,
                uri,
                node: link_node,
                ..
            } = e
            else {
                continue;
            };
            let id = match last_link {
                Some((previous, id)) if areas.is_empty() && previous == uri => *id,
                _ => {
                    let outer = self.parent.replace(node);
                    if uri.starts_with("#fn-") {
                        let reference = self.open(Role::Reference);
                        self.parent = Some(reference);
                    }
                    let id = self.open(Role::Link);
                    self.parent = outer;
                    id
                }
            };
            *link_node = Some(id);
            *last_link = Some((uri.clone(), id));
            areas.push((*x, *x + *w, id));
        }
        for e in elements.iter_mut() {
            if let Element::Text(run) = e {
                run.node = Some(node);
                if run.link
                    && let Some((_, _, id)) = areas
                        .iter()
                        .find(|(from, to, _)| run.x >= from - 0.5 && run.x < to + 0.5)
                {
                    run.node = Some(*id);
                }
            }
        }
    }

    pub(super) fn push(&mut self, mut item: FlowItem) {
        if self.keep_next {
            item.breakable_before = false;
            self.keep_next = false;
        }
        if self.page_break_next {
            item.page_break_before = true;
            item.breakable_before = true;
            self.page_break_next = false;
        }
        self.items.push(item);
    }

    /// Forces the next item onto a new page.
    pub fn page_break(&mut self) {
        if !self.items.is_empty() {
            self.page_break_next = true;
        }
    }

    pub fn blocks(&mut self, blocks: &[Block], ctx: Ctx) {
        let mut i = 0;
        while i < blocks.len() {
            // An aside outside a letterhead sits beside the block that follows it.
            if let Block::Div(DivKind::Aside, aside) = &blocks[i] {
                let main = blocks.get(i + 1).map(std::slice::from_ref).unwrap_or(&[]);
                self.side_by_side(aside, main, ctx, Align::Justify);
                i += 1 + main.len();
                continue;
            }
            let start = self.items.len();
            self.block(&blocks[i], ctx);
            if !matches!(blocks[i], Block::Div(DivKind::Signature, _)) {
                self.last_block_start = start;
            }
            if keeps_with_next(&blocks[i], blocks.get(i + 1)) {
                self.keep_next = true;
            }
            i += 1;
        }
    }

    fn block(&mut self, block: &Block, ctx: Ctx) {
        match block {
            Block::Para(spans) => self.paragraph(spans, ctx, ctx.para_space),
            Block::Heading(level, spans) => self.heading(*level, spans, ctx),
            Block::List { start, items } => self.list(*start, items, ctx),
            Block::Quote(blocks) => {
                let from = self.items.len();
                let inner = Ctx {
                    left: ctx.left + 18.0,
                    width: ctx.width - 18.0,
                    ..ctx
                };
                self.within(Role::BlockQuote, |flow| flow.blocks(blocks, inner));
                for item in &mut self.items[from..] {
                    let h = item.height;
                    item.elements.push(Element::Rule {
                        x1: ctx.left + 5.0,
                        y1: 0.0,
                        x2: ctx.left + 5.0,
                        y2: h,
                        thickness: 1.5,
                    });
                }
            }
            Block::Table { rows, head_rows } => self.table(rows, *head_rows, ctx),
            Block::Rule => {
                if self.slides {
                    self.page_break();
                } else {
                    let h = ctx.size * LEADING;
                    self.push(FlowItem {
                        height: h,
                        space_before: ctx.para_space,
                        breakable_before: true,
                        elements: vec![Element::Rule {
                            x1: ctx.left + ctx.width * 0.25,
                            y1: h / 2.0,
                            x2: ctx.left + ctx.width * 0.75,
                            y2: h / 2.0,
                            thickness: 0.6,
                        }],
                        ..FlowItem::default()
                    });
                }
            }
            Block::Image { src, caption } => self.image(src, caption, ctx),
            Block::Div(kind, blocks) => self.div(*kind, blocks, ctx),
            Block::Anchor(name) => {
                // Takes the page-break chance of the block it marks, so both move together.
                self.push(FlowItem {
                    breakable_before: true,
                    elements: vec![Element::Anchor {
                        name: name.clone(),
                        y: 0.0,
                    }],
                    ..FlowItem::default()
                });
                self.keep_next = true;
            }
        }
    }

    fn set_lines(&self, spans: &[Span], ctx: Ctx) -> Vec<TextLine> {
        self.setter
            .set(spans, ctx.size, ctx.width, ctx.align, ctx.bold)
    }

    /// Lines of a paragraph; page breaks only where two lines stay on each side.
    pub fn paragraph(&mut self, spans: &[Span], ctx: Ctx, space_before: f32) {
        self.paragraph_as(Role::P, spans, ctx, space_before);
    }

    /// A paragraph read as `role` (a heading's text is one).
    pub fn paragraph_as(&mut self, role: Role, spans: &[Span], ctx: Ctx, space_before: f32) {
        // A heading is read at a glance: it breaks between whole words only.
        let hyphenate = !matches!(role, Role::H(_));
        let lines = self
            .setter
            .set_with(spans, ctx.size, ctx.width, ctx.align, ctx.bold, hyphenate);
        let node = self.open(role);
        let mut last_link = None;
        let n = lines.len();
        let lh = ctx.size * ctx.leading;
        let base = baseline(ctx.size, lh);
        let mut after_hyphen = false;
        for (i, line) in lines.into_iter().enumerate() {
            let mut elements = line.elements;
            self.tag_line(&mut elements, node, &mut last_link);
            for e in &mut elements {
                e.shift(ctx.left, base);
            }
            // A word is never split across two pages (TeX's \brokenpenalty, made absolute).
            let word_continues = std::mem::replace(&mut after_hyphen, line.hyphenated);
            self.push(FlowItem {
                height: lh,
                space_before: if i == 0 { space_before } else { 0.0 },
                breakable_before: i == 0 || (i >= 2 && n - i >= 2 && !word_continues),
                page_break_before: false,
                elements,
                footnotes: line.footnotes,
                slide_head: false,
            });
        }
    }

    fn heading(&mut self, level: u8, spans: &[Span], ctx: Ctx) {
        let starts_slide = self.slides && (self.page_break_next || self.items.is_empty());
        // A slide's title keeps the deck's size when the slide's text is set smaller to
        // fit it.
        let ctx = match self.slide_size {
            Some(size) if starts_slide => Ctx {
                size,
                para_space: size * 0.5,
                ..ctx
            },
            _ => ctx,
        };
        let scale = match (self.slides, level) {
            (true, 1) => 1.6,
            (true, 2) => 1.35,
            (true, _) => 1.15,
            (false, 1) => 1.5,
            (false, 2) => 1.25,
            (false, 3) => 1.08,
            (false, _) => 1.0,
        };
        let size = ctx.size * scale;
        let inner = Ctx {
            size,
            bold: true,
            align: if ctx.align == Align::Justify {
                Align::Left
            } else {
                ctx.align
            },
            ..ctx
        };
        let from = self.items.len();
        self.paragraph_as(Role::H(level.clamp(1, 6)), spans, inner, size * 0.8);
        for item in &mut self.items[from + 1..] {
            item.breakable_before = false;
        }
        if starts_slide {
            self.title_band(from, size, ctx);
        }
        // A heading is never the last thing on a page: it keeps with what follows, whose
        // first two lines stay together by the orphan rule.
        self.keep_next = true;
    }

    /// Sets one slide (the blocks between two thematic breaks) on a slide of its own, at
    /// the deck's size or, when that would run over the slide's `height`, in type a tenth
    /// smaller at a time, down to 60 %, as presentation programs fit text to a slide; its
    /// title stays at the deck's size.
    pub fn slide(&mut self, blocks: &[Block], ctx: Ctx, height: f32) {
        self.slide_size = Some(ctx.size);
        let (items, nodes, images) = (self.items.len(), self.nodes.len(), self.images.len());
        let flags = (self.keep_next, self.page_break_next, self.last_block_start);
        let mut scale = 1.0f32;
        loop {
            let fitted = Ctx {
                size: ctx.size * scale,
                para_space: ctx.para_space * scale,
                ..ctx
            };
            self.blocks(blocks, fitted);
            let set: f32 = self.items[items..]
                .iter()
                .enumerate()
                .map(|(k, item)| item.height + if k == 0 { 0.0 } else { item.space_before })
                .sum();
            if set <= height || scale <= 0.65 {
                return;
            }
            // Set it again, smaller: forget what this attempt added.
            self.items.truncate(items);
            self.nodes.truncate(nodes);
            self.images.truncate(images);
            (self.keep_next, self.page_break_next, self.last_block_start) = flags;
            scale -= 0.1;
        }
    }

    /// Makes the heading set from item `from` on a slide's title band: two title lines
    /// high whatever the title's length (up to two lines), closed by a rule across the
    /// slide, so every slide's text starts at the same height.
    fn title_band(&mut self, from: usize, size: f32, ctx: Ctx) {
        let lh = size * LEADING;
        let title: f32 = self.items[from..].iter().map(|item| item.height).sum();
        let gap = ctx.size * 0.6;
        self.push(FlowItem {
            height: (2.0 * lh - title).max(0.0) + gap,
            ..FlowItem::default()
        });
        self.push(FlowItem {
            height: ctx.size * 0.8,
            elements: vec![Element::Rule {
                x1: ctx.left,
                y1: 0.0,
                x2: ctx.left + ctx.width,
                y2: 0.0,
                thickness: 1.5,
            }],
            ..FlowItem::default()
        });
        for item in &mut self.items[from..] {
            item.slide_head = true;
        }
    }

    fn list(&mut self, start: Option<u64>, items: &[Vec<Block>], ctx: Ctx) {
        let indent = if self.slides {
            1.4 * ctx.size
        } else {
            1.6 * ctx.size
        };
        let inner = Ctx {
            left: ctx.left + indent,
            width: ctx.width - indent,
            para_space: ctx.para_space * 0.5,
            // Centred list items would drift away from their markers.
            align: if ctx.align == Align::Center {
                Align::Left
            } else {
                ctx.align
            },
            ..ctx
        };
        let outer = self.parent;
        let list = self.open(Role::L);
        for (k, blocks) in items.iter().enumerate() {
            let from = self.items.len();
            let first_space = if k == 0 {
                ctx.para_space
            } else {
                ctx.para_space * 0.35
            };
            let before = self.items.len();
            self.parent = Some(list);
            let item = self.open(Role::LI);
            self.parent = Some(item);
            self.within(Role::LBody, |flow| flow.blocks(blocks, inner));
            let label = self.open(Role::Lbl);
            self.parent = outer;
            if self.items.len() == before {
                continue;
            }
            self.items[from].space_before = first_space;
            let marker = match start {
                Some(n) => format!("{}.", n + k as u64),
                None => "\u{2022}".to_string(),
            };
            let style = if ctx.bold {
                FontStyle::Bold
            } else {
                FontStyle::Regular
            };
            let w = measure(self.setter.fonts.chain(style), &marker, ctx.size);
            let lh = ctx.size * LEADING;
            // Align the marker with the first line of the item's text.
            let y = self.items[from]
                .elements
                .iter()
                .find_map(|e| match e {
                    Element::Text(run) => Some(run.y),
                    _ => None,
                })
                .unwrap_or(baseline(ctx.size, lh));
            self.items[from].elements.insert(
                0,
                Element::Text(TextRun {
                    x: ctx.left + indent - w - ctx.size * 0.45,
                    y,
                    size: ctx.size,
                    style,
                    text: marker,
                    space_adjust: 0.0,
                    width: w,
                    link: false,
                    node: Some(label),
                    actual: None,
                }),
            );
        }
    }

    fn table(&mut self, rows: &[Vec<Vec<Span>>], head_rows: usize, ctx: Ctx) {
        let cols = rows.iter().map(Vec::len).max().unwrap_or(0);
        if cols == 0 {
            return;
        }
        let size = ctx.size * 0.95;
        let pad = size * 0.5;
        let mut natural = vec![0.0f32; cols];
        for row in rows {
            for (c, cell) in row.iter().enumerate() {
                let w: f32 = cell
                    .iter()
                    .map(|s| measure(self.setter.fonts.chain(s.style), &s.text, size))
                    .sum();
                natural[c] = natural[c].max(w + 2.0 * pad);
            }
        }
        let total: f32 = natural.iter().sum();
        let widths: Vec<f32> = if total <= ctx.width {
            natural.clone()
        } else {
            // Share the measure by natural width, but give no column less than an equal
            // share's half, so a short label column is not crushed by a long one.
            let floor = ctx.width / cols as f32 * 0.5;
            let raw: Vec<f32> = natural.iter().map(|w| w.max(floor)).collect();
            let sum: f32 = raw.iter().sum();
            raw.iter().map(|w| w * ctx.width / sum).collect()
        };
        let table_w: f32 = widths.iter().sum();
        let lh = size * LEADING;
        let base = baseline(size, lh);
        self.push(FlowItem {
            height: 2.0,
            space_before: ctx.para_space,
            breakable_before: true,
            elements: vec![Element::Rule {
                x1: ctx.left,
                y1: 1.0,
                x2: ctx.left + table_w,
                y2: 1.0,
                thickness: 0.6,
            }],
            ..FlowItem::default()
        });
        self.keep_next = true;
        let outer = self.parent;
        let table = self.open(Role::Table);
        for (r, row) in rows.iter().enumerate() {
            let mut item = FlowItem {
                breakable_before: r != head_rows || head_rows == 0,
                ..FlowItem::default()
            };
            self.parent = Some(table);
            let tr = self.open(Role::TR);
            self.parent = Some(tr);
            let mut x = ctx.left;
            let mut height: f32 = lh;
            for (c, w) in widths.iter().enumerate() {
                if let Some(cell) = row.get(c) {
                    let lines =
                        self.setter
                            .set(cell, size, w - 2.0 * pad, Align::Left, r < head_rows);
                    height = height.max(lines.len() as f32 * lh);
                    let node = self.open(if r < head_rows { Role::TH } else { Role::TD });
                    let mut last_link = None;
                    for (i, mut line) in lines.into_iter().enumerate() {
                        self.tag_line(&mut line.elements, node, &mut last_link);
                        for mut e in line.elements {
                            e.shift(x + pad, pad * 0.5 + i as f32 * lh + base);
                            item.elements.push(e);
                        }
                        item.footnotes.extend(line.footnotes);
                    }
                }
                x += w;
            }
            item.height = height + pad;
            let rule_y = item.height;
            item.elements.push(Element::Rule {
                x1: ctx.left,
                y1: rule_y,
                x2: ctx.left + table_w,
                y2: rule_y,
                thickness: if r + 1 == head_rows || r + 1 == rows.len() {
                    0.6
                } else {
                    0.25
                },
            });
            self.parent = outer;
            self.push(item);
        }
        self.parent = outer;
    }

    fn image(&mut self, src: &str, caption: &str, ctx: Ctx) {
        let caption_spans = vec![Span {
            text: caption.to_string(),
            style: FontStyle::Italic,
            link: None,
            sup: false,
            footnote: None,
        }];
        let cap_ctx = Ctx {
            size: ctx.size * 0.85,
            align: Align::Center,
            ..ctx
        };
        let picture = self.assets.and_then(|dir| image::load(&dir.join(src)));
        // A court that keeps images of this kind (their folder exists) has promised this
        // one: a slide holds its place with a frame. Otherwise a slide shows only the
        // words of what would be there, with no empty box.
        let promised = self
            .assets
            .and_then(|dir| dir.join(src).parent().map(Path::is_dir))
            .unwrap_or(false);
        if picture.is_none() && self.slides && !promised {
            self.paragraph(&caption_spans, cap_ctx, ctx.para_space);
            return;
        }
        let mut item = FlowItem {
            space_before: ctx.para_space,
            breakable_before: true,
            ..FlowItem::default()
        };
        match picture {
            Some(picture) => {
                let mut w = ctx.width;
                let mut h = w * picture.height as f32 / picture.width.max(1) as f32;
                let max_h = self.max_image_height - 3.0 * ctx.size * LEADING;
                if h > max_h {
                    w *= max_h / h;
                    h = max_h;
                }
                self.images.push(picture);
                // An image described in words is a figure; one without a description is
                // decoration, as an empty `alt` is on the web page.
                let alt = caption.trim();
                let node =
                    (!alt.is_empty()).then(|| self.open_with(Role::Figure, Some(alt.into())));
                item.elements.push(Element::Image {
                    x: ctx.left + (ctx.width - w) / 2.0,
                    y: 0.0,
                    w,
                    h,
                    index: self.images.len() - 1,
                    node,
                });
                item.height = h;
                self.push(item);
                if !caption.trim().is_empty() {
                    self.keep_next = true;
                    self.paragraph(&caption_spans, cap_ctx, ctx.size * 0.3);
                }
            }
            None => {
                // The image is missing: a captioned box holds its place and its words.
                let inner = Ctx {
                    left: ctx.left + 12.0,
                    width: ctx.width - 24.0,
                    ..cap_ctx
                };
                let mut lines = self.set_lines(&caption_spans, inner);
                let node = self.open(Role::P);
                let mut last_link = None;
                for line in &mut lines {
                    self.tag_line(&mut line.elements, node, &mut last_link);
                }
                let lh = inner.size * LEADING;
                let text_h = lines.len() as f32 * lh;
                let h = (ctx.width * 0.3)
                    .clamp(text_h + 24.0, self.max_image_height * 0.5)
                    .max(text_h + 24.0);
                let top = (h - text_h) / 2.0;
                let base = baseline(inner.size, lh);
                item.elements.push(Element::Frame {
                    x: ctx.left,
                    y: 0.0,
                    w: ctx.width,
                    h,
                });
                for (i, line) in lines.into_iter().enumerate() {
                    for mut e in line.elements {
                        e.shift(inner.left, top + i as f32 * lh + base);
                        item.elements.push(e);
                    }
                }
                item.height = h;
                self.push(item);
            }
        }
    }

    fn div(&mut self, kind: DivKind, blocks: &[Block], ctx: Ctx) {
        match kind {
            DivKind::Letterhead => {
                self.within(Role::Sect, |flow| flow.letterhead(blocks, ctx));
                // The letterhead is one unit, closed by a hairline and set apart from the
                // letter below it.
                self.keep_next = false;
                self.push(FlowItem {
                    height: letterhead::RULE_SPACE,
                    breakable_before: false,
                    elements: vec![Element::Rule {
                        x1: ctx.left,
                        y1: letterhead::RULE_SPACE / 2.0,
                        x2: ctx.left + ctx.width,
                        y2: letterhead::RULE_SPACE / 2.0,
                        thickness: letterhead::HAIRLINE,
                    }],
                    ..FlowItem::default()
                });
                self.push(FlowItem {
                    height: ctx.size,
                    breakable_before: false,
                    ..FlowItem::default()
                });
            }
            DivKind::Aside => self.side_by_side(blocks, &[], ctx, Align::Left),
            DivKind::Banner => {
                let inner = Ctx {
                    size: ctx.size * if self.slides { 1.5 } else { 1.7 },
                    align: Align::Center,
                    bold: true,
                    para_space: ctx.size * 0.2,
                    ..ctx
                };
                let from = self.items.len();
                self.within(Role::Sect, |flow| flow.blocks(blocks, inner));
                for item in self.items.iter_mut().skip(from + 1) {
                    item.breakable_before = false;
                }
                if let Some(first) = self.items.get_mut(from) {
                    first.space_before = ctx.para_space;
                }
                self.push(FlowItem {
                    height: ctx.size * 0.8,
                    breakable_before: false,
                    elements: vec![Element::Rule {
                        x1: ctx.left,
                        y1: ctx.size * 0.4,
                        x2: ctx.left + ctx.width,
                        y2: ctx.size * 0.4,
                        thickness: 1.2,
                    }],
                    ..FlowItem::default()
                });
                self.keep_next = true;
            }
            DivKind::Center => self.blocks(
                blocks,
                Ctx {
                    align: Align::Center,
                    ..ctx
                },
            ),
            DivKind::Signature => {
                let from = self.last_block_start.min(self.items.len());
                let inner = Ctx {
                    align: Align::Left,
                    ..ctx
                };
                self.within(Role::Sect, |flow| flow.blocks(blocks, inner));
                // The closing, signature and the paragraph before them share a page.
                for item in self.items.iter_mut().skip(from + 1) {
                    item.breakable_before = false;
                }
            }
            DivKind::SignatureSpace => self.signature_space(blocks, ctx),
            DivKind::PageBreak => {
                self.blocks(blocks, ctx);
                self.page_break();
            }
            DivKind::Address => {
                self.within(Role::Sect, |flow| flow.address(blocks, ctx));
            }
            // A seal outside a letterhead is an image like any other; a site menu and a
            // site header are plain regions or a letterhead by now (`doc`).
            DivKind::Plain | DivKind::Seal | DivKind::SiteMenu | DivKind::SiteHeader => {
                self.blocks(blocks, ctx)
            }
            DivKind::Continuation => {
                // Its paragraphs run together on one line.
                let mut spans: Vec<Span> = Vec::new();
                for block in blocks {
                    if let Block::Para(para) | Block::Heading(_, para) = block {
                        if !spans.is_empty() {
                            spans.push(Span {
                                text: " ".into(),
                                style: FontStyle::Regular,
                                link: None,
                                sup: false,
                                footnote: None,
                            });
                        }
                        spans.extend(para.iter().filter(|s| s.footnote.is_none()).map(|s| Span {
                            text: if s.text == "\n" {
                                " ".into()
                            } else {
                                s.text.clone()
                            },
                            link: None,
                            ..s.clone()
                        }));
                    }
                }
                self.continuation = Some(spans);
            }
        }
    }

    /// The address block centred in the envelope window, flush left at the window's text
    /// edge: white space down to it, then its lines in a size and leading that let six
    /// of them fit the window. A flow already past that point (a very tall letterhead)
    /// sets the block where it stands.
    fn address(&mut self, blocks: &[Block], ctx: Ctx) {
        let y = self.height();
        let inner = Ctx {
            size: ADDRESS_SIZE,
            leading: ADDRESS_LINE / ADDRESS_SIZE,
            align: Align::Left,
            para_space: 0.0,
            ..ctx
        };
        let from = self.items.len();
        match self.address_window {
            Some((left, middle)) if y < middle => {
                // A spacer whose height is known once the block is set.
                self.push(FlowItem {
                    breakable_before: false,
                    ..FlowItem::default()
                });
                let measure = ADDRESS_WIDTH.min(ctx.left + ctx.width - left);
                self.blocks(
                    blocks,
                    Ctx {
                        left,
                        width: measure,
                        ..inner
                    },
                );
                let block: f32 = self.items[from + 1..]
                    .iter()
                    .enumerate()
                    .map(|(k, item)| item.height + if k == 0 { 0.0 } else { item.space_before })
                    .sum();
                // Each line's ascent-to-descent box is centred in its line, so centring the
                // lines centres the text. The white space that sets the letterhead apart
                // may give way to it, down to a quarter line.
                let blank = |item: &FlowItem| item.elements.is_empty();
                let give: f32 = self.items[..from]
                    .iter()
                    .rev()
                    .take_while(|item| blank(item))
                    .map(|item| item.height)
                    .sum();
                let floor = y - (give - ctx.size * 0.25).max(0.0);
                let top = (middle - block / 2.0).max(floor);
                if top >= y {
                    self.items[from].height = top - y;
                } else {
                    let mut excess = y - top;
                    for item in self.items[..from].iter_mut().rev() {
                        if !blank(item) || excess <= 0.0 {
                            break;
                        }
                        let cut = excess.min(item.height);
                        item.height -= cut;
                        excess -= cut;
                    }
                }
                if let Some(first) = self.items.get_mut(from + 1) {
                    first.space_before = 0.0;
                }
            }
            _ => {
                self.blocks(blocks, inner);
                if let Some(first) = self.items.get_mut(from) {
                    first.space_before = ctx.para_space;
                }
            }
        }
        for item in self.items.iter_mut().skip(from + 1) {
            item.breakable_before = false;
        }
    }

    /// Height of the flow so far, as pagination would stack it on one page.
    fn height(&self) -> f32 {
        self.items
            .iter()
            .enumerate()
            .map(|(i, item)| item.height + if i == 0 { 0.0 } else { item.space_before })
            .sum()
    }

    /// Sets `aside` in a narrow column of small type at the left with `main` beside it, as
    /// one unbreakable item. The column is read first, as it is written first.
    fn side_by_side(&mut self, aside: &[Block], main: &[Block], ctx: Ctx, main_align: Align) {
        let gap = ctx.size * 1.6;
        let aside_w = (ctx.width * 0.27).max(90.0);
        let aside_ctx = Ctx {
            left: ctx.left,
            width: aside_w,
            size: ctx.size * 0.78,
            align: Align::Left,
            bold: false,
            // Barely more than the leading: text extractors then see the column as one
            // block and read it whole instead of interleaving it with the main column.
            para_space: ctx.size * 0.15,
            leading: LEADING,
        };
        let main_ctx = Ctx {
            left: ctx.left + aside_w + gap,
            width: ctx.width - aside_w - gap,
            align: main_align,
            ..ctx
        };
        let column = self.open(Role::Sect);
        let outer = self.parent.replace(column);
        let first = self.sub_flow(|flow| flow.blocks(aside, aside_ctx));
        self.parent = outer;
        let second = self.sub_flow(|flow| flow.blocks(main, main_ctx));
        let mut item = FlowItem {
            space_before: ctx.para_space,
            breakable_before: true,
            ..FlowItem::default()
        };
        let h1 = stack(first, &mut item);
        let h2 = stack(second, &mut item);
        item.height = h1.max(h2);
        self.push(item);
    }

    pub(super) fn sub_flow(&mut self, f: impl FnOnce(&mut Flow<'_>)) -> Vec<FlowItem> {
        let mut flow = Flow::new(
            self.setter,
            &mut *self.images,
            &mut *self.nodes,
            self.assets,
            self.slides,
            self.max_image_height,
        );
        flow.parent = self.parent;
        f(&mut flow);
        flow.items
    }
}

/// Does `block` belong on the page of the start of `next`? A paragraph set wholly in bold
/// is a heading in all but name, and a paragraph just before a list is its lead-in (most
/// end in a colon: "complete these steps:"); neither may end a page with the list it
/// announces on the next.
fn keeps_with_next(block: &Block, next: Option<&Block>) -> bool {
    let Block::Para(spans) = block else {
        return false;
    };
    let Some(next) = next else {
        return false;
    };
    let lead_in = matches!(next, Block::List { .. });
    lead_in || run_in_heading(spans)
}

/// A paragraph whose every visible character is bold.
fn run_in_heading(spans: &[Span]) -> bool {
    let mut words = spans
        .iter()
        .filter(|s| !s.text.trim().is_empty())
        .peekable();
    words.peek().is_some()
        && words.all(|s| matches!(s.style, FontStyle::Bold | FontStyle::BoldItalic))
}

/// Stacks items into one, returning their total height.
pub(super) fn stack(items: Vec<FlowItem>, into: &mut FlowItem) -> f32 {
    let mut y = 0.0;
    for (k, item) in items.into_iter().enumerate() {
        if k > 0 {
            y += item.space_before;
        }
        for mut e in item.elements {
            e.shift(0.0, y);
            into.elements.push(e);
        }
        into.footnotes.extend(item.footnotes);
        y += item.height;
    }
    y
}

/// Lays out `doc`'s footnote bodies at `ctx`, each led by its number.
pub fn footnotes(flow: &mut Flow<'_>, doc: &Doc, ctx: Ctx) -> Vec<Vec<FlowItem>> {
    let mut out = Vec::with_capacity(doc.footnotes.len());
    for (i, body) in doc.footnotes.iter().enumerate() {
        let mut blocks = body.clone();
        let mark = Span {
            text: format!("{} ", i + 1),
            style: FontStyle::Regular,
            link: None,
            sup: true,
            footnote: None,
        };
        match blocks.first_mut() {
            Some(Block::Para(spans)) => spans.insert(0, mark),
            _ => blocks.insert(0, Block::Para(vec![mark])),
        }
        flow.items.clear();
        // Each note is read after the text, in the order of its number.
        let outer = flow.parent.replace(0);
        flow.within(Role::Note, |flow| flow.blocks(&blocks, ctx));
        flow.parent = outer;
        let mut items = std::mem::take(&mut flow.items);
        if let Some(first) = items.first_mut() {
            first.space_before = 0.0;
            first.elements.push(Element::Anchor {
                name: doc::footnote_anchor(i as u32 + 1),
                y: 0.0,
            });
        }
        out.push(items);
    }
    out
}
