//! Right-to-left text: a Hebrew or Arabic name pasted into a court field or a recipients
//! list reads right to left even inside an English letter. Each paragraph gets the
//! embedding levels of the Unicode Bidirectional Algorithm (UAX #9, from `unicode-bidi`)
//! with a left-to-right base, lines are broken in logical order as always, and each line is
//! then put in visual order (rule L2): its right-to-left words are drawn reversed, cluster
//! by cluster with brackets mirrored, and runs of them in reverse order. A paragraph with
//! no right-to-left character skips all of this.

use unicode_bidi::{BidiClass, BidiInfo, LTR_LEVEL, bidi_class};

use super::doc::Span;
use super::shape::clusters;

/// The embedding level of every byte of every span, or `None` when nothing in the
/// paragraph can be right to left.
pub fn levels(spans: &[Span]) -> Option<Vec<Vec<u8>>> {
    let rtl = spans.iter().any(|span| {
        span.text.chars().any(|c| {
            c >= '\u{590}'
                && matches!(
                    bidi_class(c),
                    BidiClass::R
                        | BidiClass::AL
                        | BidiClass::AN
                        | BidiClass::RLE
                        | BidiClass::RLO
                        | BidiClass::RLI
                        | BidiClass::FSI
                )
        })
    });
    if !rtl {
        return None;
    }
    let text: String = spans.iter().map(|s| s.text.as_str()).collect();
    let info = BidiInfo::new(&text, Some(LTR_LEVEL));
    let mut from = 0;
    let mut out = Vec::with_capacity(spans.len());
    for span in spans {
        let to = from + span.text.len();
        out.push(
            info.levels
                .get(from..to)
                .unwrap_or(&[])
                .iter()
                .map(|level| level.number())
                .collect(),
        );
        from = to;
    }
    Some(out)
}

/// `text` as drawn at a right-to-left level: Arabic letters in their joining forms
/// (`arabic::join`, decided in reading order), then its grapheme clusters in reverse order
/// (each kept whole, so an accent stays on its letter), brackets mirrored.
pub fn visual(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let joined = super::arabic::join(text);
    let parts: Vec<&str> = clusters(&joined).map(|(_, cluster)| cluster).collect();
    for cluster in parts.into_iter().rev() {
        out.extend(cluster.chars().map(mirror));
    }
    out
}

/// The mirrored form of a paired punctuation mark (Bidi_Mirroring_Glyph, the pairs a notice
/// may hold); any other character is itself.
fn mirror(c: char) -> char {
    match c {
        '(' => ')',
        ')' => '(',
        '[' => ']',
        ']' => '[',
        '{' => '}',
        '}' => '{',
        '<' => '>',
        '>' => '<',
        '\u{ab}' => '\u{bb}',
        '\u{bb}' => '\u{ab}',
        '\u{2039}' => '\u{203a}',
        '\u{203a}' => '\u{2039}',
        '\u{2264}' => '\u{2265}',
        '\u{2265}' => '\u{2264}',
        '\u{27e8}' => '\u{27e9}',
        '\u{27e9}' => '\u{27e8}',
        _ => c,
    }
}

/// The visual order of a line's pieces from their levels (rule L2): from the highest level
/// down to the lowest odd one, every maximal stretch at that level or above is reversed.
pub fn visual_order(levels: &[u8]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..levels.len()).collect();
    let highest = levels.iter().copied().max().unwrap_or(0);
    let lowest_odd = levels
        .iter()
        .copied()
        .filter(|l| l % 2 == 1)
        .min()
        .unwrap_or(highest.saturating_add(1));
    let mut level = highest;
    while level >= lowest_odd && level > 0 {
        let mut i = 0;
        while i < order.len() {
            if levels[order[i]] < level {
                i += 1;
                continue;
            }
            let start = i;
            while i < order.len() && levels[order[i]] >= level {
                i += 1;
            }
            order[start..i].reverse();
        }
        level -= 1;
    }
    order
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::typeset::fonts::FontStyle;

    fn span(text: &str) -> Span {
        Span {
            text: text.into(),
            style: FontStyle::Regular,
            link: None,
            sup: false,
            footnote: None,
        }
    }

    #[test]
    fn left_to_right_paragraphs_skip_the_algorithm() {
        assert!(levels(&[span("Jane Roe, Clerk (Santa Fe) \u{2013} 2020")]).is_none());
        let levels = levels(&[span("Clerk: \u{5de}\u{5e9}\u{5d4} 12 ok")]).unwrap();
        let hebrew = "Clerk: ".len();
        assert_eq!(levels[0][0], 0);
        assert_eq!(levels[0][hebrew], 1);
    }

    #[test]
    fn right_to_left_words_reverse_by_cluster_with_mirrored_brackets() {
        assert_eq!(
            visual("\u{5d0}\u{5d1}\u{5b8}(\u{5d2}"),
            "\u{5d2})\u{5d1}\u{5b8}\u{5d0}"
        );
    }

    #[test]
    fn runs_are_reversed_from_the_highest_level_down() {
        // "abc DEF 12 GHI xyz": RTL words at level 1, a number inside them at level 2.
        assert_eq!(visual_order(&[0, 1, 2, 1, 0]), [0, 3, 2, 1, 4]);
        assert_eq!(visual_order(&[0, 0, 0]), [0, 1, 2]);
        assert_eq!(visual_order(&[1, 1, 1]), [2, 1, 0]);
    }
}
