//! Knuth–Plass total-fit line breaking over boxes, glue and penalties.
//!
//! A paragraph is broken as a whole, choosing the set of breaks with the least total
//! demerits, which keeps word spacing even from line to line instead of greedily filling
//! one line at the expense of the next. The algorithm knows nothing about text: the
//! paragraph builder (`para.rs`) turns words, spaces, hyphenation points and URL break
//! points into items, and turns the chosen breaks back into positioned runs.

/// Penalty at or above this never breaks; at or below `-INFINITY_PENALTY` always breaks.
pub const INFINITY_PENALTY: f32 = 10_000.0;
/// Stretch that absorbs any amount of white space (end of paragraph, before hard breaks).
pub const FIL: f32 = 100_000.0;

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Item {
    Box {
        width: f32,
    },
    Glue {
        width: f32,
        stretch: f32,
        shrink: f32,
    },
    Penalty {
        width: f32,
        cost: f32,
        flagged: bool,
    },
}

impl Item {
    /// The width of glue set at `ratio` (positive stretches, negative shrinks); boxes and
    /// penalties are measured elsewhere and count nothing here.
    pub fn glue_width(&self, ratio: f32) -> f32 {
        match *self {
            Item::Glue {
                width,
                stretch,
                shrink,
            } => {
                width
                    + if ratio >= 0.0 {
                        ratio * stretch
                    } else {
                        ratio * shrink
                    }
            }
            _ => 0.0,
        }
    }
}

/// A chosen break: the line ends before item `at` (a glue or penalty), and its glue is
/// set at `ratio` (positive stretches, negative shrinks).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Break {
    pub at: usize,
    pub ratio: f32,
}

#[derive(Clone, Copy)]
struct Node {
    at: usize,
    line: usize,
    fitness: u8,
    // Running totals, in f64: in a paragraph thousands of points long (a pasted run) the
    // difference of two f32 totals can be a hundredth of a point off, enough to call an
    // overfull line one that fits.
    width: f64,
    stretch: f64,
    shrink: f64,
    demerits: f32,
    ratio: f32,
    prev: Option<usize>,
}

// TeX's plain values (\linepenalty, \finalhyphendemerits, \adjdemerits), but three times
// its \doublehyphendemerits: in the short paragraphs of a letter two hyphens in a row
// show more than a slightly looser line does.
const LINE_PENALTY: f32 = 10.0;
const DOUBLE_HYPHEN_DEMERITS: f32 = 30_000.0;
const FINAL_HYPHEN_DEMERITS: f32 = 5_000.0;
const FITNESS_DEMERITS: f32 = 10_000.0;
/// The passes before the emergency one, as TeX's: first without hyphenating, at
/// \pretolerance=100 (a stretch ratio of 1: badness is 100 · r³); then with hyphens at
/// \tolerance=200; then looser, for measures too narrow for either. The emergency pass
/// after them accepts any line.
const PASSES: [Pass; 3] = [
    Pass {
        tolerance: 1.0,
        hyphenate: false,
    },
    Pass {
        tolerance: 1.26,
        hyphenate: true,
    },
    Pass {
        tolerance: 2.5,
        hyphenate: true,
    },
];

#[derive(Clone, Copy)]
struct Pass {
    tolerance: f32,
    hyphenate: bool,
}

/// Breaks `items` (which must end with a forced penalty) into lines of `width`.
/// Tries a tight tolerance first and relaxes it; the last pass accepts any line, so it
/// always succeeds (see [`try_break`]). Linear in the number of items for a given measure:
/// each break point is weighed against the nodes that can still end a line there, and those
/// lie within one line's width of it.
pub fn break_lines(items: &[Item], width: f32) -> Vec<Break> {
    let next_stop = next_stops(items);
    for pass in PASSES {
        if let Some(breaks) = try_break(items, &next_stop, width, pass, false) {
            return breaks;
        }
    }
    let emergency = Pass {
        tolerance: f32::INFINITY,
        hyphenate: true,
    };
    if let Some(breaks) = try_break(items, &next_stop, width, emergency, true) {
        return breaks;
    }
    // Unreachable: the last pass keeps an overfull line rather than fail. Break at every
    // legal point rather than lose text.
    (0..items.len())
        .filter(|&i| is_legal(items, i))
        .map(|at| Break { at, ratio: 0.0 })
        .collect()
}

/// May a line end at item `i`? At a penalty that is not infinite, or at glue that follows
/// a box.
pub fn is_legal(items: &[Item], i: usize) -> bool {
    match items.get(i) {
        Some(Item::Penalty { cost, .. }) => *cost < INFINITY_PENALTY,
        Some(Item::Glue { .. }) => i > 0 && matches!(items.get(i - 1), Some(Item::Box { .. })),
        Some(Item::Box { .. }) | None => false,
    }
}

/// For each index, the first item at or after it that is a box or a forced break (or the
/// end): where the line after a break starts, past the glue and penalties it drops.
/// Computed once, so a long run of spaces or ties costs no more than its length.
fn next_stops(items: &[Item]) -> Vec<usize> {
    let mut stops = vec![items.len(); items.len() + 1];
    for i in (0..items.len()).rev() {
        stops[i] = match items[i] {
            Item::Box { .. } => i,
            Item::Penalty { cost, .. } if cost <= -INFINITY_PENALTY => i,
            _ => stops[i + 1],
        };
    }
    stops
}

/// One pass of total-fit breaking at `tolerance`. The last pass (`last`) is TeX's emergency
/// pass: an underfull line is judged as if it had [`emergency_stretch`] more stretch, so
/// that among lines of a word too wide for the measure the fuller ones win (without it
/// every line with no glue is equally "infinitely bad", and the breaks fall anywhere); and
/// when no line can end at a break point without overflowing and no node is left, the line
/// is kept overfull from the newest node rather than the pass failing.
fn try_break(
    items: &[Item],
    next_stop: &[usize],
    line_width: f32,
    pass: Pass,
    last: bool,
) -> Option<Vec<Break>> {
    let Pass {
        tolerance,
        hyphenate,
    } = pass;
    let n = items.len();
    let extra = if last {
        emergency_stretch(line_width)
    } else {
        0.0
    };
    // Running totals before item i.
    let mut sum_w = Vec::with_capacity(n + 1);
    let mut sum_y = Vec::with_capacity(n + 1);
    let mut sum_z = Vec::with_capacity(n + 1);
    let (mut w, mut y, mut z) = (0.0f64, 0.0f64, 0.0f64);
    for item in items {
        sum_w.push(w);
        sum_y.push(y);
        sum_z.push(z);
        match *item {
            Item::Box { width } => w += f64::from(width),
            Item::Glue {
                width,
                stretch,
                shrink,
            } => {
                w += f64::from(width);
                y += f64::from(stretch);
                z += f64::from(shrink);
            }
            Item::Penalty { .. } => {}
        }
    }
    sum_w.push(w);
    sum_y.push(y);
    sum_z.push(z);

    let mut nodes = vec![Node {
        at: 0,
        line: 0,
        fitness: 1,
        width: 0.0,
        stretch: 0.0,
        shrink: 0.0,
        demerits: 0.0,
        ratio: 0.0,
        prev: None,
    }];
    let mut active: Vec<usize> = vec![0];
    let mut next_active: Vec<usize> = Vec::new();

    for (b, item) in items.iter().enumerate() {
        if !is_legal(items, b) {
            continue;
        }
        let (pen_w, cost, flagged) = match *item {
            Item::Penalty {
                width,
                cost,
                flagged,
            } => (width, cost, flagged),
            _ => (0.0, 0.0, false),
        };
        if flagged && !hyphenate {
            continue;
        }
        let forced = cost <= -INFINITY_PENALTY;
        // Best candidate per fitness class: (demerits, from node, ratio).
        let mut best: [Option<(f32, usize, f32)>; 4] = [None; 4];
        // The newest node whose line would overflow here: the last pass's way out.
        let mut overfull: Option<usize> = None;
        next_active.clear();
        for &a in &active {
            let node = nodes[a];
            let natural = (sum_w[b] - node.width) as f32 + pen_w;
            let stretch = (sum_y[b] - node.stretch) as f32;
            let ratio = if natural < line_width {
                if stretch > 0.0 {
                    (line_width - natural) / stretch
                } else {
                    INFINITY_PENALTY
                }
            } else if natural > line_width {
                let shrink = (sum_z[b] - node.shrink) as f32;
                if shrink > 0.0 {
                    (line_width - natural) / shrink
                } else {
                    -INFINITY_PENALTY
                }
            } else {
                0.0
            };
            if ratio >= -1.0 && !forced {
                next_active.push(a);
            }
            if ratio < -1.0 {
                overfull = Some(a);
                continue;
            }
            if ratio > tolerance {
                continue;
            }
            // How bad the line looks, counting the emergency stretch on the last pass.
            let judged = if extra > 0.0 && natural < line_width {
                (line_width - natural) / (stretch + extra)
            } else {
                ratio
            };
            let badness = 100.0 * judged.abs().powi(3);
            let mut d = (LINE_PENALTY + badness.min(INFINITY_PENALTY)).powi(2);
            if cost >= 0.0 {
                d += cost * cost;
            } else if !forced {
                d -= cost * cost;
            }
            if flagged && node_flagged(items, node.at) {
                d += DOUBLE_HYPHEN_DEMERITS;
            }
            if forced && b + 1 == n && node_flagged(items, node.at) {
                d += FINAL_HYPHEN_DEMERITS;
            }
            let fitness = match judged {
                r if r < -0.5 => 0u8,
                r if r <= 0.5 => 1,
                r if r <= 1.0 => 2,
                _ => 3,
            };
            if (i16::from(fitness) - i16::from(node.fitness)).abs() > 1 {
                d += FITNESS_DEMERITS;
            }
            let total = node.demerits + d;
            let slot = &mut best[fitness as usize];
            if slot.is_none_or(|(best_d, _, _)| total < best_d) {
                *slot = Some((total, a, ratio));
            }
        }
        std::mem::swap(&mut active, &mut next_active);
        if last
            && active.is_empty()
            && best.iter().all(Option::is_none)
            && let Some(a) = overfull
        {
            // Nothing fits: keep the shortest overfull line, its glue shrunk all it can.
            let d = (LINE_PENALTY + INFINITY_PENALTY).powi(2) + cost.max(0.0).powi(2);
            best[0] = Some((nodes[a].demerits + d, a, -1.0));
        }
        if last {
            // One node per break point, not one per fitness class: the last pass is about
            // setting the paragraph at all, and inside a word wider than the line, where
            // every character is a break point, four times the nodes was four times the time.
            let keep = best
                .iter()
                .enumerate()
                .filter_map(|(i, slot)| slot.map(|s| (i, s.0)))
                .min_by(|x, y| x.1.total_cmp(&y.1))
                .map(|(i, _)| i);
            for (i, slot) in best.iter_mut().enumerate() {
                if Some(i) != keep {
                    *slot = None;
                }
            }
        }
        // Totals after the break skip the glue and penalties a new line starts without.
        let after = next_stop.get(b + 1).copied().unwrap_or(n);
        for (fitness, slot) in best.iter().enumerate() {
            if let Some((demerits, from, ratio)) = *slot {
                nodes.push(Node {
                    at: b,
                    line: nodes[from].line + 1,
                    fitness: fitness as u8,
                    width: sum_w[after],
                    stretch: sum_y[after],
                    shrink: sum_z[after],
                    demerits,
                    ratio,
                    prev: Some(from),
                });
                active.push(nodes.len() - 1);
            }
        }
        if active.is_empty() {
            return None;
        }
    }

    let last = *active
        .iter()
        .filter(|&&a| nodes[a].at + 1 == n)
        .min_by(|&&a, &&b| nodes[a].demerits.total_cmp(&nodes[b].demerits))?;
    let mut breaks = Vec::with_capacity(nodes[last].line);
    let mut cur = Some(last);
    while let Some(i) = cur {
        if nodes[i].prev.is_none() {
            break;
        }
        breaks.push(Break {
            at: nodes[i].at,
            ratio: nodes[i].ratio,
        });
        cur = nodes[i].prev;
    }
    breaks.reverse();
    Some(breaks)
}

/// Stretch the emergency pass imagines in every line: a quarter of the measure. With it a
/// line that ends at a real break point (a space, a hyphen, a slash of a URL) beats one
/// filled by breaking inside a word (a penalty of 900, `para.rs`: about the badness of a
/// ratio of 2) unless it would be less than about half full.
fn emergency_stretch(line_width: f32) -> f32 {
    (line_width / 4.0).max(1.0)
}

fn node_flagged(items: &[Item], at: usize) -> bool {
    at > 0 && matches!(items.get(at), Some(Item::Penalty { flagged: true, .. }))
}

/// The item range each line covers, given the breaks: a line starts after the previous
/// break's discardable glue and penalties and ends before its own break.
pub fn line_ranges(items: &[Item], breaks: &[Break]) -> Vec<std::ops::Range<usize>> {
    let mut ranges = Vec::with_capacity(breaks.len());
    let mut start = 0;
    for brk in breaks {
        ranges.push(start..brk.at);
        start = brk.at;
        if matches!(
            items.get(start),
            Some(Item::Glue { .. } | Item::Penalty { .. })
        ) {
            start += 1;
        }
        while start < items.len() && !matches!(items[start], Item::Box { .. }) {
            if let Item::Penalty { cost, .. } = items[start]
                && cost <= -INFINITY_PENALTY
            {
                break;
            }
            start += 1;
        }
    }
    ranges
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The paragraph's end as `para.rs` writes it: fill, then a forced break.
    fn end_paragraph(mut items: Vec<Item>) -> Vec<Item> {
        items.push(Item::Glue {
            width: 0.0,
            stretch: FIL,
            shrink: 0.0,
        });
        items.push(Item::Penalty {
            width: 0.0,
            cost: -INFINITY_PENALTY,
            flagged: false,
        });
        items
    }

    fn words(lens: &[f32]) -> Vec<Item> {
        let mut items = Vec::new();
        for (i, &w) in lens.iter().enumerate() {
            if i > 0 {
                items.push(Item::Glue {
                    width: 3.0,
                    stretch: 1.5,
                    shrink: 1.0,
                });
            }
            items.push(Item::Box { width: w });
        }
        end_paragraph(items)
    }

    #[test]
    fn every_line_fits_and_last_is_not_stretched() {
        let lens: Vec<f32> = (0..60).map(|i| 10.0 + (i * 7 % 13) as f32).collect();
        let items = words(&lens);
        let breaks = break_lines(&items, 100.0);
        assert!(breaks.len() > 5);
        for (range, brk) in line_ranges(&items, &breaks).iter().zip(&breaks) {
            let mut natural = 0.0;
            let (mut y, mut z) = (0.0, 0.0);
            for item in &items[range.clone()] {
                match *item {
                    Item::Box { width } => natural += width,
                    Item::Glue {
                        width,
                        stretch,
                        shrink,
                    } => {
                        natural += width;
                        y += stretch;
                        z += shrink;
                    }
                    _ => {}
                }
            }
            let set = natural
                + if brk.ratio >= 0.0 {
                    brk.ratio * y
                } else {
                    brk.ratio * z
                };
            assert!(set <= 100.0 + 1e-3, "line set to {set}");
            assert!(brk.ratio >= -1.0);
        }
        let last = breaks.last().unwrap();
        assert!(last.ratio.abs() < 0.01, "last line ratio {}", last.ratio);
    }

    #[test]
    fn total_fit_beats_greedy_on_a_classic_case() {
        // Greedy would fill the first line and leave the second very loose.
        let items = words(&[40.0, 40.0, 10.0, 45.0, 45.0]);
        let breaks = break_lines(&items, 100.0);
        assert_eq!(breaks.len(), 2);
        assert!(breaks.iter().all(|b| b.ratio <= 2.0));
    }

    /// Width of each line as set: its boxes and glue at the break's ratio.
    fn set_widths(items: &[Item], breaks: &[Break]) -> Vec<f32> {
        line_ranges(items, breaks)
            .iter()
            .zip(breaks)
            .map(|(range, brk)| {
                items[range.clone()]
                    .iter()
                    .map(|item| match *item {
                        Item::Box { width } => width,
                        _ => item.glue_width(brk.ratio.min(1e3)),
                    })
                    .sum()
            })
            .collect()
    }

    /// A word, a space, then a run of `n` letters 5 pt wide with a break of last resort
    /// between each two, as `para.rs` builds a word wider than the line.
    fn word_then_run(n: usize) -> Vec<Item> {
        let mut items = vec![
            Item::Box { width: 30.0 },
            Item::Glue {
                width: 3.0,
                stretch: 1.5,
                shrink: 1.0,
            },
        ];
        for i in 0..n {
            if i > 0 {
                items.push(Item::Penalty {
                    width: 0.0,
                    cost: 900.0,
                    flagged: false,
                });
            }
            items.push(Item::Box { width: 5.0 });
        }
        end_paragraph(items)
    }

    #[test]
    fn the_emergency_pass_fills_the_lines_of_a_run_too_wide_for_one() {
        let items = word_then_run(1000);
        let breaks = break_lines(&items, 100.0);
        let widths = set_widths(&items, &breaks);
        assert_eq!(widths.len(), 51, "{widths:?}");
        // The run starts beside the word, and every line but the last is full.
        assert!(widths[0] > 95.0, "{widths:?}");
        for w in &widths[..widths.len() - 1] {
            assert!((95.0..=100.0).contains(w), "{widths:?}");
        }
    }

    #[test]
    fn a_box_wider_than_the_line_is_set_overfull_and_the_rest_still_fits() {
        let items = words(&[20.0, 30.0, 250.0, 20.0, 30.0, 40.0]);
        let breaks = break_lines(&items, 100.0);
        let widths = set_widths(&items, &breaks);
        assert_eq!(widths.len(), 3, "{widths:?}");
        assert!(widths[0] <= 100.0 && widths[2] <= 100.0, "{widths:?}");
        assert!(widths[1] >= 250.0, "{widths:?}");
    }

    #[test]
    fn a_long_run_of_discardable_items_is_skipped_once() {
        // Thousands of spaces where a line may break: each break point finds the next
        // line's start in one step.
        let mut items = vec![Item::Box { width: 10.0 }];
        for _ in 0..20_000 {
            items.push(Item::Penalty {
                width: 0.0,
                cost: 0.0,
                flagged: false,
            });
            items.push(Item::Glue {
                width: 0.0,
                stretch: 1.0,
                shrink: 0.0,
            });
        }
        items.extend(words(&[10.0]));
        let stops = next_stops(&items);
        assert_eq!(stops[1], 40_001);
        let breaks = break_lines(&items, 100.0);
        assert_eq!(breaks.last().map(|b| b.at), Some(items.len() - 1));
    }
}
