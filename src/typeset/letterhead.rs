//! The letterhead of a letter or notice, set as a court's stationery is printed: the court's
//! seal (the image of a `seal` region in it, when the court has one) at the left margin, the court's
//! name (the region's first paragraph) in bold capitals and its district (the second)
//! centred on the page, the office and address lines (the rest) small beneath them, and the
//! divisional offices (an `aside` in the region) in a column flush to the right margin. The
//! centred lines keep clear of the seal and the column by the same amount on both sides, so
//! they stay centred on the page. A column written before the court's lines (a court's own
//! letterhead may do so) is read first, so it stands at the left beside them all, from the
//! top, and the seal goes right. The caller closes the letterhead with a hairline.

use super::doc::{Block, DivKind};
use super::image;
use super::layout::{Ctx, Flow, FlowItem, stack};
use super::page::{Element, Picture, Role};
use super::para::Align;

/// Type size of the court's name.
pub const NAME_SIZE: f32 = 14.5;
/// Type size of the district, beneath the name.
pub const DISTRICT_SIZE: f32 = 12.0;
/// Type size of the office and address lines and of the divisional offices.
pub const SMALL_SIZE: f32 = 9.5;
/// Tallest and widest a seal is printed: it never outgrows the letterhead's text.
pub const SEAL_HEIGHT: f32 = 0.8 * 72.0;
const SEAL_WIDTH: f32 = 1.25 * 72.0;
/// Width of the divisional offices' column.
pub const ASIDE_WIDTH: f32 = 1.75 * 72.0;
/// Thickness of the rule under the letterhead, and the height of the band it is centred in.
pub const HAIRLINE: f32 = 0.5;
pub const RULE_SPACE: f32 = 8.0;
/// White space between the centred lines and the seal or the column beside them.
const GAP: f32 = 12.0;

impl Flow<'_> {
    /// Sets the blocks of a letterhead region as one unbreakable item.
    pub(super) fn letterhead(&mut self, blocks: &[Block], ctx: Ctx) {
        let mut seal: Option<(&str, &str)> = None;
        let mut aside: Vec<Block> = Vec::new();
        let mut main: Vec<&Block> = Vec::new();
        for block in blocks {
            match block {
                Block::Div(DivKind::Seal, inner) => {
                    for block in inner {
                        match block {
                            Block::Image { src, caption } if seal.is_none() => {
                                seal = Some((src, caption))
                            }
                            other => main.push(other),
                        }
                    }
                }
                Block::Div(DivKind::Aside, inner) => aside.extend(inner.iter().cloned()),
                other => main.push(other),
            }
        }
        // A column written before the court's lines is read before them: it stands at the
        // left, where text extraction reads it first, and the seal moves to the right.
        let aside_first = blocks
            .iter()
            .find(|b| !matches!(b, Block::Div(DivKind::Seal, _)))
            .is_some_and(|b| matches!(b, Block::Div(DivKind::Aside, _)));
        // The seal is read first, as it is seen first; its size waits for the text's height.
        let seal = seal.and_then(|(src, caption)| {
            let picture = self
                .assets
                .and_then(|dir| image::load_shared(&dir.join(src)))?;
            let alt = caption.trim();
            let node = (!alt.is_empty()).then(|| self.open_with(Role::Figure, Some(alt.into())));
            Some((picture, node))
        });
        let seal_room = seal.as_ref().map_or(0.0, |(picture, _)| {
            fit(picture, SEAL_WIDTH, SEAL_HEIGHT).0 + GAP
        });
        let aside_room = if aside.is_empty() {
            0.0
        } else {
            ASIDE_WIDTH + GAP
        };
        let small_room = seal_room.max(aside_room);
        // A column read first stands beside the court's name too, from the top.
        let head_room = if aside_first { small_room } else { seal_room };
        let band = |room: f32, size: f32, bold: bool| Ctx {
            left: ctx.left + room,
            width: (ctx.width - 2.0 * room).max(ctx.size * 6.0),
            size,
            bold,
            align: Align::Center,
            para_space: ctx.size * 0.2,
            ..ctx
        };
        let mut item = FlowItem {
            breakable_before: true,
            ..FlowItem::default()
        };
        let column = Ctx {
            left: if aside_first {
                ctx.left
            } else {
                ctx.left + ctx.width - ASIDE_WIDTH
            },
            width: ASIDE_WIDTH,
            align: Align::Left,
            ..band(0.0, SMALL_SIZE, false)
        };
        let set_aside = |flow: &mut Self| {
            if aside.is_empty() {
                return Vec::new();
            }
            let section = flow.open(Role::Sect);
            let outer = flow.parent.replace(section);
            let mut items = flow.sub_flow(|flow| flow.blocks(&aside, column));
            flow.parent = outer;
            if !aside_first {
                flush_right(&mut items, column.left + column.width);
            }
            items
        };
        let aside_items = if aside_first {
            set_aside(self)
        } else {
            Vec::new()
        };
        let head: Vec<&Block> = main.iter().take(2).copied().collect();
        let rest: Vec<&Block> = main.iter().skip(2).copied().collect();
        let head_items = self.sub_flow(|flow| {
            for (i, block) in head.iter().enumerate() {
                let c = if i == 0 {
                    band(head_room, NAME_SIZE, true)
                } else {
                    band(head_room, DISTRICT_SIZE, false)
                };
                flow.letterhead_block(block, c, if i == 0 { 0.0 } else { c.para_space });
            }
        });
        let head_h = stack(head_items, &mut item);
        let top = head_h + if head_h > 0.0 { ctx.size * 0.2 } else { 0.0 };
        // The office, the clerk and the address are groups of lines: a little air between.
        let small = Ctx {
            para_space: SMALL_SIZE * 0.4,
            ..band(small_room, SMALL_SIZE, false)
        };
        let rest_items = self.sub_flow(|flow| {
            for (i, block) in rest.iter().enumerate() {
                flow.letterhead_block(block, small, if i == 0 { 0.0 } else { small.para_space });
            }
        });
        let rest_h = shifted(rest_items, top, &mut item);
        let aside_items = if aside_first {
            aside_items
        } else {
            set_aside(self)
        };
        let aside_top = if aside_first { 0.0 } else { top };
        let aside_h = aside_top - top + shifted(aside_items, aside_top, &mut item);
        let text_h = (top + rest_h).max(top + aside_h).max(head_h);
        let mut height = text_h;
        if let Some((picture, node)) = seal {
            let (w, h) = fit(&picture, SEAL_WIDTH, SEAL_HEIGHT.min(text_h.max(ctx.size)));
            self.images.push(picture);
            item.elements.push(Element::Image {
                x: if aside_first {
                    ctx.left + ctx.width - w
                } else {
                    ctx.left
                },
                y: 0.0,
                w,
                h,
                index: self.images.len() - 1,
                node,
            });
            height = height.max(h);
        }
        item.height = height;
        self.push(item);
    }

    /// One block of the letterhead's centred lines: a paragraph in `c`, anything else as
    /// the flow sets it.
    fn letterhead_block(&mut self, block: &Block, c: Ctx, space_before: f32) {
        match block {
            Block::Para(spans) | Block::Heading(_, spans) => self.paragraph(spans, c, space_before),
            other => self.blocks(std::slice::from_ref(other), c),
        }
    }
}

/// Moves each line of `items` right so that it ends at `right`.
fn flush_right(items: &mut [FlowItem], right: f32) {
    for line in items {
        let end = line
            .elements
            .iter()
            .filter_map(|e| match e {
                Element::Text(run) => Some(run.x + run.width),
                _ => None,
            })
            .fold(f32::MIN, f32::max);
        if end > f32::MIN {
            let dx = (right - end).max(0.0);
            for e in &mut line.elements {
                e.shift(dx, 0.0);
            }
        }
    }
}

/// Width and height of `picture` scaled to fit `max_w` × `max_h`, keeping its proportions.
pub(super) fn fit(picture: &Picture, max_w: f32, max_h: f32) -> (f32, f32) {
    let aspect = picture.width.max(1) as f32 / picture.height.max(1) as f32;
    let mut h = max_h;
    let mut w = h * aspect;
    if w > max_w {
        w = max_w;
        h = w / aspect;
    }
    (w, h)
}

/// Stacks `items` into `into` starting `top` below its top; returns their height.
fn shifted(items: Vec<FlowItem>, top: f32, into: &mut FlowItem) -> f32 {
    let mut part = FlowItem::default();
    let h = stack(items, &mut part);
    for mut e in part.elements {
        e.shift(0.0, top);
        into.elements.push(e);
    }
    into.footnotes.extend(part.footnotes);
    h
}
