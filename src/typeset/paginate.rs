//! Pagination: places the flow's items on pages, breaking only where the layout allowed
//! it (no widows or orphans, headings kept with what follows, signatures kept with the
//! paragraph before them), and sets each footnote at the foot of the page that references
//! it, carrying the rest of a long footnote to the next page when it must.

use super::layout::FlowItem;
use super::page::{Element, Fill, Page};

pub struct Geometry {
    pub width: f32,
    pub height: f32,
    pub left: f32,
    pub top: f32,
    pub measure: f32,
    /// Height available to body text and footnotes together.
    pub body_height: f32,
}

/// Space between the body and the footnote rule, plus the rule's own gap below.
const NOTE_SEP: f32 = 14.0;
const EPS: f32 = 0.01;

struct Snapshot {
    at: usize,
    body: usize,
    notes: usize,
    notes_h: f32,
    y: f32,
    placed: usize,
    carry: usize,
}

/// `center_first`: the pages are slides, the first a title slide.
pub fn paginate(
    body: &[FlowItem],
    notes: &[Vec<FlowItem>],
    geo: &Geometry,
    center_first: bool,
) -> Vec<Page> {
    let n = body.len();
    let avail = geo.body_height;
    let mut pages = Vec::new();
    let mut placed_notes: Vec<u32> = Vec::new();
    let mut carry: Vec<FlowItem> = Vec::new();
    let mut i = 0;
    while i < n || !carry.is_empty() {
        let start = i;
        let mut on_page: Vec<(usize, f32)> = Vec::new();
        let mut page_notes: Vec<FlowItem> = Vec::new();
        let mut notes_h = 0.0f32;
        let mut next_carry: Vec<FlowItem> = Vec::new();
        // Footnote text left over from the previous page comes first, up to half a page.
        for line in carry.drain(..) {
            let sep = if page_notes.is_empty() { NOTE_SEP } else { 0.0 };
            if next_carry.is_empty() && notes_h + sep + line.height <= avail * 0.5 {
                notes_h += sep + line.height;
                page_notes.push(line);
            } else {
                next_carry.push(line);
            }
        }
        let mut y = 0.0f32;
        let mut snapshot: Option<Snapshot> = None;
        let mut forced_end = false;
        let mut j = start;
        while j < n {
            let item = &body[j];
            if j > start && item.page_break_before {
                forced_end = true;
                break;
            }
            if j > start && item.breakable_before && !on_page.is_empty() {
                snapshot = Some(Snapshot {
                    at: j,
                    body: on_page.len(),
                    notes: page_notes.len(),
                    notes_h,
                    y,
                    placed: placed_notes.len(),
                    carry: next_carry.len(),
                });
            }
            let space = if on_page.is_empty() {
                0.0
            } else {
                item.space_before
            };
            let fresh: Vec<u32> = item
                .footnotes
                .iter()
                .copied()
                .filter(|f| !placed_notes.contains(f))
                .collect();
            let fresh_lines: Vec<&FlowItem> = fresh
                .iter()
                .filter_map(|f| notes.get(*f as usize - 1))
                .flatten()
                .collect();
            let fresh_h: f32 = fresh_lines.iter().map(|l| l.height).sum();
            let sep = if page_notes.is_empty() && !fresh_lines.is_empty() {
                NOTE_SEP
            } else {
                0.0
            };
            let body_end = y + space + item.height;
            if body_end + notes_h + sep + fresh_h <= avail + EPS {
                on_page.push((j, y + space));
                y = body_end;
                notes_h += sep + fresh_h;
                page_notes.extend(fresh_lines.into_iter().cloned());
                placed_notes.extend(fresh);
                j += 1;
                continue;
            }
            // The line fits with the start of its footnote: set at least two lines of the
            // note here and carry the rest.
            let min_lines = fresh_lines.len().min(2);
            if !fresh_lines.is_empty()
                && body_end
                    + notes_h
                    + sep
                    + fresh_lines[..min_lines]
                        .iter()
                        .map(|l| l.height)
                        .sum::<f32>()
                    <= avail + EPS
            {
                on_page.push((j, y + space));
                y = body_end;
                notes_h += sep;
                for line in fresh_lines {
                    if next_carry.is_empty() && body_end + notes_h + line.height <= avail + EPS {
                        notes_h += line.height;
                        page_notes.push(line.clone());
                    } else {
                        next_carry.push(line.clone());
                    }
                }
                placed_notes.extend(fresh);
                j += 1;
                break;
            }
            if on_page.is_empty() {
                // Taller than a page on its own: place it anyway rather than loop forever.
                on_page.push((j, 0.0));
                y = item.height;
                notes_h += sep + fresh_h;
                page_notes.extend(fresh_lines.into_iter().cloned());
                placed_notes.extend(fresh);
                j += 1;
                break;
            }
            if let Some(s) = snapshot.take() {
                on_page.truncate(s.body);
                page_notes.truncate(s.notes);
                notes_h = s.notes_h;
                y = s.y;
                placed_notes.truncate(s.placed);
                next_carry.truncate(s.carry);
                j = s.at;
            }
            break;
        }
        i = j;
        carry = next_carry;

        let mut page = Page {
            width: geo.width,
            height: geo.height,
            elements: Vec::new(),
            fill: Fill {
                available: avail,
                used: y + notes_h,
                next_block: next_block(body, i),
                forced_end,
            },
        };
        let slack = (avail - notes_h - y).max(0.0);
        // A deck's title slide is centred; every other slide keeps its title band at the
        // head and sets the rest a little above the middle of the space below it (the
        // optical centre), not crowded under the title with the slide's foot left empty.
        let (centre, balance) = if !center_first {
            (0.0, 0.0)
        } else if pages.is_empty() {
            (if forced_end { slack / 2.0 } else { 0.0 }, 0.0)
        } else {
            (0.0, slack * 0.4)
        };
        for (k, item_y) in on_page {
            let lift = if body[k].slide_head { 0.0 } else { balance };
            let dy = geo.top + item_y + centre + lift;
            for e in &body[k].elements {
                let mut e = e.clone();
                e.shift(0.0, dy);
                page.elements.push(e);
            }
        }
        if !page_notes.is_empty() {
            let mut ny = geo.top + avail - notes_h + NOTE_SEP;
            page.elements.push(Element::Rule {
                x1: geo.left,
                y1: ny - NOTE_SEP * 0.45,
                x2: geo.left + geo.measure.min(144.0),
                y2: ny - NOTE_SEP * 0.45,
                thickness: 0.5,
            });
            for line in page_notes {
                for e in &line.elements {
                    let mut e = e.clone();
                    e.shift(0.0, ny);
                    page.elements.push(e);
                }
                ny += line.height;
            }
        }
        pages.push(page);
    }
    if pages.is_empty() {
        pages.push(Page {
            width: geo.width,
            height: geo.height,
            elements: Vec::new(),
            fill: Fill {
                available: avail,
                ..Fill::default()
            },
        });
    }
    pages
}

/// Height of the run of items from `from` up to the next place a page may break, as it
/// would stand below other text (its space above counted): what a page needed room for
/// when it ended before `from`.
fn next_block(body: &[FlowItem], from: usize) -> f32 {
    let mut height = 0.0;
    for (k, item) in body.iter().enumerate().skip(from) {
        if k > from && (item.breakable_before || item.page_break_before) {
            break;
        }
        height += item.space_before + item.height;
    }
    height
}
