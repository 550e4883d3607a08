//! The room to sign a letter: the `signature-space` region between the closing
//! ("Respectfully,") and the clerk's typed name. It is [`SIGNATURE_SPACE`] high whatever it
//! holds: nothing (the clerk signs by hand), the court's signature image (a figure, read by
//! its description), or a line such as "/s/ Jane Roe", each set at the foot of the room,
//! just above the name, as a hand would sign. Content taller than the room makes it taller.

use super::doc::Block;
use super::image;
use super::layout::{Ctx, Flow, FlowItem, stack};
use super::letterhead::fit;
use super::page::{Element, Role};
use super::para::Align;

/// White space from the foot of the closing's line to the head of the typed name's line:
/// two thirds of an inch, within the 0.6–0.75 in a signature needs.
pub const SIGNATURE_SPACE: f32 = 0.65 * 72.0;
/// Widest a signature image is printed.
const SIGNATURE_WIDTH: f32 = 3.0 * 72.0;

impl Flow<'_> {
    /// Sets the room to sign; the paragraph after it (the name) keeps its usual space
    /// before, which is part of the room.
    pub(super) fn signature_space(&mut self, blocks: &[Block], ctx: Ctx) {
        let inner = Ctx {
            align: Align::Left,
            ..ctx
        };
        let mut content = FlowItem::default();
        let mut content_h = 0.0;
        let mut text: Vec<Block> = Vec::new();
        for block in blocks {
            match block {
                Block::Image { src, caption } => {
                    let Some(picture) = self
                        .assets
                        .and_then(|dir| image::load_shared(&dir.join(src)))
                    else {
                        // The court file's check reports a missing or unreadable image;
                        // here the room stays blank, to sign by hand.
                        continue;
                    };
                    let max_h = SIGNATURE_SPACE - ctx.para_space;
                    let (w, h) = fit(&picture, SIGNATURE_WIDTH.min(ctx.width), max_h);
                    let alt = caption.trim();
                    let node =
                        (!alt.is_empty()).then(|| self.open_with(Role::Figure, Some(alt.into())));
                    self.images.push(picture);
                    content.elements.push(Element::Image {
                        x: inner.left,
                        y: content_h,
                        w,
                        h,
                        index: self.images.len() - 1,
                        node,
                    });
                    content_h += h;
                }
                other => text.push(other.clone()),
            }
        }
        if !text.is_empty() {
            let items = self.sub_flow(|flow| flow.blocks(&text, inner));
            let mut lines = FlowItem::default();
            let h = stack(items, &mut lines);
            for mut e in lines.elements {
                e.shift(0.0, content_h);
                content.elements.push(e);
            }
            content.footnotes.extend(lines.footnotes);
            content_h += h;
        }
        // The name's space before completes the room.
        let height = (SIGNATURE_SPACE - ctx.para_space).max(content_h);
        let top = height - content_h;
        for e in &mut content.elements {
            e.shift(0.0, top);
        }
        self.push(FlowItem {
            height,
            space_before: 0.0,
            breakable_before: false,
            elements: content.elements,
            footnotes: content.footnotes,
            ..FlowItem::default()
        });
    }
}
