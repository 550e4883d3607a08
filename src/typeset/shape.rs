//! Shaping for a Latin serif face: advance widths plus pair kerning from the `kern` table.
//! Layout and writer both call into here, so the widths the line breaker counts are the
//! widths the PDF draws. Kerning is never applied across a space: the line breaker treats
//! spaces as glue whose width changes per line, so a kern pair across it would be counted
//! in one place and not the other.
//!
//! Text is measured as it will be drawn ([`display`]): grapheme cluster by cluster, with
//! invisible characters dropped and a cluster the face cannot draw replaced by one fallback
//! glyph, so a measured width is always the drawn width, whatever was pasted.

use std::borrow::Cow;

use unicode_segmentation::UnicodeSegmentation;

use super::chars::{CharClass, classify};
use super::fonts::Face;

/// Running kerned width in thousandths of an em, added to in drawing order.
struct Pen<'f> {
    face: &'f Face,
    total: f32,
    prev: Option<u16>,
}

impl<'f> Pen<'f> {
    fn new(face: &'f Face) -> Self {
        Pen {
            face,
            total: 0.0,
            prev: None,
        }
    }

    fn add(&mut self, c: char) {
        let gid = self.face.glyph(c);
        self.total += self.face.advance(gid);
        if c == ' ' {
            self.prev = None;
            return;
        }
        if let Some(p) = self.prev {
            self.total += self.face.kern(p, gid);
        }
        self.prev = Some(gid);
    }
}

/// Width of `text` in points at `size`, kerned, as [`display`] draws it.
pub fn measure(face: &Face, text: &str, size: f32) -> f32 {
    let mut pen = Pen::new(face);
    for c in display(face, text).chars() {
        pen.add(c);
    }
    pen.total * size / 1000.0
}

/// The characters drawn for `text` in `face`: each grapheme cluster as itself when the face
/// has all its visible characters, else as one fallback glyph ([`displayable`] of its
/// first), so an emoji with a skin tone or a family joined by ZWJs is one `?`, not four.
/// Invisible characters (joiners, marks of direction, soft hyphens) are dropped; spaces of
/// any kind become U+0020. Slices of a text cut between clusters display as the matching
/// slices of the whole.
pub fn display<'t>(face: &Face, text: &'t str) -> Cow<'t, str> {
    if text
        .chars()
        .all(|c| c == ' ' || (c.is_ascii() && !c.is_ascii_control() && face.has(c)))
    {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for (_, cluster) in clusters(text) {
        push_cluster(face, cluster, &mut out);
    }
    Cow::Owned(out)
}

/// The grapheme clusters of `text` with their byte offsets; each character of ASCII text is
/// a cluster of its own (the one exception, CR LF, never reaches a word).
pub fn clusters(text: &str) -> Box<dyn Iterator<Item = (usize, &str)> + '_> {
    if text.is_ascii() {
        Box::new((0..text.len()).map(move |i| (i, text.get(i..i + 1).unwrap_or(""))))
    } else {
        Box::new(text.grapheme_indices(true))
    }
}

/// Appends what one grapheme cluster draws.
fn push_cluster(face: &Face, cluster: &str, out: &mut String) {
    let mut visible = cluster.chars().filter(|&c| {
        !matches!(
            classify(c),
            CharClass::Invisible | CharClass::ZeroWidthBreak | CharClass::SoftHyphen
        )
    });
    let Some(first) = visible.next() else {
        return;
    };
    if matches!(
        classify(first),
        CharClass::Space | CharClass::NoBreakSpace | CharClass::LineBreak
    ) {
        out.push(' ');
        return;
    }
    if face.has(first) && visible.clone().all(|c| face.has(c)) {
        out.push(first);
        out.extend(visible);
    } else {
        out.push(displayable(face, first));
    }
}

/// Kerned widths of the prefixes of `text` that end between grapheme clusters, in
/// thousandths of an em: one `(end offset, width)` per cluster, in order, into `out`. The
/// width of a prefix is exactly what [`measure`] gives it (before scaling to a size).
pub fn cluster_widths(face: &Face, text: &str, out: &mut Vec<(usize, f32)>) {
    out.clear();
    let mut pen = Pen::new(face);
    let mut drawn = String::new();
    for (at, cluster) in clusters(text) {
        drawn.clear();
        push_cluster(face, cluster, &mut drawn);
        for c in drawn.chars() {
            pen.add(c);
        }
        out.push((at + cluster.len(), pen.total));
    }
}

/// The text shown for a character `face` lacks: the nearest character it has, so nothing
/// comes out as an empty `.notdef` box; `?` when there is none.
pub fn displayable(face: &Face, c: char) -> char {
    if face.has(c) {
        return c;
    }
    match c {
        '\u{2010}' | '\u{2011}' => '-',
        '\u{2212}' => '-',
        // Fixed-width spaces keep a fixed width: never a U+0020, which justification stretches.
        '\u{2007}' | '\u{202f}' if face.has('\u{a0}') => '\u{a0}',
        // Dingbat arrows and the private-use bullets of Word's Symbol and Wingdings fonts,
        // common in converted notices.
        '\u{2794}'..='\u{27bf}' | '\u{25b6}' | '\u{25ba}' | '\u{f0d8}' | '\u{f0e0}'
            if face.has('\u{2192}') =>
        {
            '\u{2192}'
        }
        '\u{25aa}' | '\u{25cf}' | '\u{25e6}' | '\u{2023}' | '\u{2043}' | '\u{f0a7}'
        | '\u{f0b7}' | '\u{f076}' | '\u{f0fc}'
            if face.has('\u{2022}') =>
        {
            '\u{2022}'
        }
        _ => '?',
    }
}

/// One piece of a `TJ` array: a stretch of text, or a move in thousandths of an em
/// (positive moves left, as in PDF).
#[derive(Debug, Clone, PartialEq)]
pub enum Piece {
    Text(String),
    Move(f32),
}

/// Splits `text` into the pieces of one `TJ`: text broken at each kerned pair, and after
/// every space a move that adds `space_adjust` points (justification).
pub fn pieces(face: &Face, text: &str, size: f32, space_adjust: f32, out: &mut Vec<Piece>) {
    let mut chunk = String::with_capacity(text.len());
    let mut prev: Option<u16> = None;
    let adjust = if space_adjust.abs() > 1e-4 {
        -space_adjust * 1000.0 / size
    } else {
        0.0
    };
    for c in text.chars() {
        let gid = face.glyph(c);
        if c == ' ' {
            chunk.push(' ');
            prev = None;
            if adjust != 0.0 {
                out.push(Piece::Text(std::mem::take(&mut chunk)));
                out.push(Piece::Move(adjust));
            }
            continue;
        }
        if let Some(p) = prev {
            let k = face.kern(p, gid);
            if k != 0.0 {
                if !chunk.is_empty() {
                    out.push(Piece::Text(std::mem::take(&mut chunk)));
                }
                out.push(Piece::Move(-k));
            }
        }
        chunk.push(c);
        prev = Some(gid);
    }
    if !chunk.is_empty() {
        out.push(Piece::Text(chunk));
    }
}

#[cfg(test)]
mod tests {
    use super::super::fonts::{FontStyle, Fonts};
    use super::*;

    #[test]
    fn kerning_tightens_known_pairs() {
        let fonts = Fonts::load();
        let face = fonts.face(FontStyle::Regular);
        assert!(
            face.kern_pairs() > 800,
            "Liberation Serif has a format-0 kern table"
        );
        let av = measure(face, "AV", 12.0);
        let apart = measure(face, "A", 12.0) + measure(face, "V", 12.0);
        assert!(av < apart, "AV kerned: {av} vs {apart}");
    }

    #[test]
    fn pieces_reproduce_measured_width() {
        let fonts = Fonts::load();
        let face = fonts.face(FontStyle::Regular);
        let text = "AVAST, Tower of Yore";
        let mut out = Vec::new();
        pieces(face, text, 10.0, 1.5, &mut out);
        let mut width = 0.0;
        for piece in &out {
            match piece {
                Piece::Text(t) => {
                    width += t.chars().map(|c| face.advance(face.glyph(c))).sum::<f32>()
                }
                Piece::Move(m) => width -= m,
            }
        }
        let expected = measure(face, text, 10.0) + 3.0 * 1.5;
        assert!((width * 10.0 / 1000.0 - expected).abs() < 1e-3);
    }

    #[test]
    fn pasted_text_displays_as_the_face_can_draw_it() {
        let fonts = Fonts::load();
        let face = fonts.face(FontStyle::Regular);
        let shown = |text: &str| display(face, text).into_owned();
        // Plain text is not copied.
        assert!(matches!(display(face, "Jane Roe, Clerk"), Cow::Borrowed(_)));
        // Invisible characters vanish; marks the face has stay on their letter.
        assert_eq!(shown("Ja\u{200d}ne\u{ad}\u{200e}\u{feff}Roe"), "JaneRoe");
        assert_eq!(shown("Jose\u{301}"), "Jose\u{301}");
        // A cluster the face cannot draw is one fallback glyph, however many code points.
        assert_eq!(shown("\u{1f468}\u{200d}\u{1f469}\u{200d}\u{1f467}"), "?");
        assert_eq!(shown("\u{1f1fa}\u{1f1f8}\u{1f44d}\u{1f3fd}"), "??");
        assert_eq!(shown("a\u{2011}b"), "a-b");
        // Spaces of every kind are spaces; fixed-width spaces keep their glyph.
        assert_eq!(shown("a\u{2003}b\u{3000}c\u{a0}d"), "a b c d");
        assert_eq!(shown("3:00\u{202f}PM"), "3:00\u{202f}PM");
    }

    #[test]
    fn prefix_widths_are_what_measure_gives_each_prefix() {
        let fonts = Fonts::load();
        let face = fonts.face(FontStyle::Regular);
        let text = "AVa\u{301}\u{200d}W\u{1f468}\u{200d}\u{1f469}.To\u{ad}y";
        let mut widths = Vec::new();
        cluster_widths(face, text, &mut widths);
        assert_eq!(widths.last().map(|w| w.0), Some(text.len()));
        for &(end, units) in &widths {
            assert!(text.is_char_boundary(end));
            let expected = measure(face, &text[..end], 1000.0);
            assert!(
                (units - expected).abs() < 1e-3,
                "{end}: {units} vs {expected}"
            );
        }
        // Clusters, not characters: the accent and the joined emoji add no boundary.
        assert_eq!(widths.len(), 10);
    }
}
