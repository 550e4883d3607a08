//! Arabic letters in their joining forms. Arabic is written joined: a letter takes an
//! initial, medial, final or isolated shape by whether it joins the letters beside it
//! (Unicode's ArabicShaping.txt), and lam followed by alef is one ligature. The fallback
//! face (DejaVu Sans) draws each shape as a character of Unicode's Arabic Presentation
//! Forms, so the shaping is done here, on the text in reading order, before it is put in
//! visual order: the PDF draws the joined shapes while its `/ActualText` keeps the letters
//! as written, for copying and for screen readers.
//!
//! This covers the letters of Arabic (U+0621–U+064A) and the six Persian and Urdu letters
//! the presentation forms hold (پ چ ژ ک گ ی); other letters keep their nominal shape.
//! Marks (harakat) are transparent: they neither join nor break a join.

use std::borrow::Cow;

/// How a character joins its neighbours.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Joining {
    /// Joins on both sides (beh).
    Dual,
    /// Joins only the letter before it (alef, dal, reh, waw).
    Right,
    /// Joins both sides and has no forms of its own (tatweel, zero-width joiner).
    Causing,
    /// Marks: skipped when looking for the neighbours.
    Transparent,
    /// Joins nothing.
    None,
}

/// The presentation forms of a letter: isolated, final, initial, medial (the last two
/// only for dual-joining letters).
fn forms(c: char) -> Option<(Joining, [u32; 4])> {
    let cp = u32::from(c);
    // U+0621..U+064A: the number of forms of each letter, in order from U+FE80.
    const COUNTS: [u8; 42] = [
        1, 2, 2, 2, 2, 4, 2, 4, 2, 4, 4, 4, 4, 4, 2, 2, 2, 2, 4, 4, 4, 4, 4, 4, 4, 4, 0, 0, 0, 0,
        0, 0, 4, 4, 4, 4, 4, 4, 4, 2, 2, 4,
    ];
    if (0x621..=0x64a).contains(&cp) {
        let index = (cp - 0x621) as usize;
        let start = 0xfe80 + COUNTS[..index].iter().map(|&n| u32::from(n)).sum::<u32>();
        let count = *COUNTS.get(index)?;
        return match count {
            1 => Some((Joining::None, [start, start, start, start])),
            2 => Some((Joining::Right, [start, start + 1, start, start + 1])),
            4 => Some((Joining::Dual, [start, start + 1, start + 2, start + 3])),
            _ => None,
        };
    }
    let dual = |start: u32| Some((Joining::Dual, [start, start + 1, start + 2, start + 3]));
    match cp {
        0x67e => dual(0xfb56),
        0x686 => dual(0xfb7a),
        0x698 => Some((Joining::Right, [0xfb8a, 0xfb8b, 0xfb8a, 0xfb8b])),
        0x6a9 => dual(0xfb8e),
        0x6af => dual(0xfb92),
        0x6cc => dual(0xfbfc),
        _ => None,
    }
}

fn joining(c: char) -> Joining {
    match c {
        '\u{640}' | '\u{200d}' => Joining::Causing,
        '\u{64b}'..='\u{65f}' | '\u{670}' | '\u{6d6}'..='\u{6ed}' => Joining::Transparent,
        _ => forms(c).map_or(Joining::None, |(joining, _)| joining),
    }
}

/// The lam-alef ligature of an alef after lam: its isolated and final forms.
fn lam_alef(alef: char) -> Option<[u32; 2]> {
    match alef {
        '\u{622}' => Some([0xfef5, 0xfef6]),
        '\u{623}' => Some([0xfef7, 0xfef8]),
        '\u{625}' => Some([0xfef9, 0xfefa]),
        '\u{627}' => Some([0xfefb, 0xfefc]),
        _ => None,
    }
}

/// `text` (in reading order) with each Arabic letter in the shape its neighbours give it;
/// text without Arabic letters is returned as it is.
pub fn join(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| forms(c).is_some()) {
        return Cow::Borrowed(text);
    }
    let chars: Vec<char> = text.chars().collect();
    // The nearest non-transparent neighbour on each side.
    let neighbour = |from: usize, forward: bool| -> Option<usize> {
        let mut i = from;
        loop {
            i = if forward {
                i.checked_add(1)?
            } else {
                i.checked_sub(1)?
            };
            let c = *chars.get(i)?;
            if joining(c) != Joining::Transparent {
                return Some(i);
            }
        }
    };
    let joins_forward = |i: usize| {
        chars
            .get(i)
            .is_some_and(|&c| matches!(joining(c), Joining::Dual | Joining::Causing))
    };
    let joins_back = |i: usize| {
        chars.get(i).is_some_and(|&c| {
            matches!(
                joining(c),
                Joining::Dual | Joining::Right | Joining::Causing
            )
        })
    };
    let mut out = String::with_capacity(text.len() * 2);
    let mut skip = None;
    for (i, &c) in chars.iter().enumerate() {
        if skip == Some(i) {
            continue;
        }
        let Some((kind, shapes)) = forms(c) else {
            out.push(c);
            continue;
        };
        let prev = neighbour(i, false);
        let next = neighbour(i, true);
        let after_joiner = prev.is_some_and(joins_forward) && kind != Joining::None;
        // Lam and the alef after it (marks between them allowed) are one ligature.
        if c == '\u{644}'
            && let Some(n) = next
            && let Some(&alef) = chars.get(n)
            && let Some(ligature) = lam_alef(alef)
        {
            let shape = ligature[usize::from(after_joiner)];
            out.push(char::from_u32(shape).unwrap_or(c));
            // The marks between lam and alef stay, after the ligature.
            out.extend(chars.get(i + 1..n).unwrap_or(&[]).iter());
            skip = Some(n);
            continue;
        }
        let before_joiner = kind == Joining::Dual && next.is_some_and(joins_back);
        let shape = match (after_joiner, before_joiner) {
            (false, false) => shapes[0],
            (true, false) => shapes[1],
            (false, true) => shapes[2],
            (true, true) => shapes[3],
        };
        out.push(char::from_u32(shape).unwrap_or(c));
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(text: &str) -> Vec<u32> {
        text.chars().map(u32::from).collect()
    }

    #[test]
    fn letters_take_the_shape_of_their_place_in_the_word() {
        // مكتب: meem initial, kaf medial, teh medial, beh final.
        assert_eq!(codes(&join("مكتب")), vec![0xfee3, 0xfedc, 0xfe98, 0xfe90]);
        // دار: dal, alef and reh never join the letter after them: all isolated.
        assert_eq!(codes(&join("دار")), vec![0xfea9, 0xfe8d, 0xfead]);
        // باب: beh initial, alef final, beh isolated.
        assert_eq!(codes(&join("باب")), vec![0xfe91, 0xfe8e, 0xfe8f]);
        // A lone letter is isolated.
        assert_eq!(codes(&join("ب")), vec![0xfe8f]);
    }

    #[test]
    fn lam_alef_is_one_ligature_and_marks_do_not_break_a_join() {
        // ال: the article as the lam-alef ligature, isolated.
        assert_eq!(codes(&join("ال")), vec![0xfe8d, 0xfedd]);
        assert_eq!(codes(&join("الب")), vec![0xfe8d, 0xfedf, 0xfe90]);
        assert_eq!(codes(&join("لا")), vec![0xfefb]);
        assert_eq!(codes(&join("سلام")), vec![0xfeb3, 0xfefc, 0xfee1]);
        // A fatha between beh and teh is skipped: both stay joined.
        assert_eq!(codes(&join("بَت")), vec![0xfe91, 0x64e, 0xfe96]);
    }

    #[test]
    fn text_without_arabic_letters_is_untouched() {
        assert!(matches!(join("Wang 王小明 שלום"), Cow::Borrowed(_)));
        // Letters of other words do not join across a space.
        assert_eq!(codes(&join("ب ب")), vec![0xfe8f, 0x20, 0xfe8f]);
    }
}
