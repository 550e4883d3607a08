//! Shaping for a Latin serif face: advance widths plus pair kerning from the `kern` table.
//! Layout and writer both call into here, so the widths the line breaker counts are the
//! widths the PDF draws. Kerning is never applied across a space: the line breaker treats
//! spaces as glue whose width changes per line, so a kern pair across it would be counted
//! in one place and not the other.

use super::fonts::Face;

/// Width of `text` in points at `size`, kerned.
pub fn measure(face: &Face, text: &str, size: f32) -> f32 {
    let mut total = 0.0;
    let mut prev: Option<u16> = None;
    for c in text.chars() {
        let gid = face.glyph(c);
        total += face.advance(gid);
        if c == ' ' {
            prev = None;
            continue;
        }
        if let Some(p) = prev {
            total += face.kern(p, gid);
        }
        prev = Some(gid);
    }
    total * size / 1000.0
}

/// The text shown for `c`: characters the face lacks are replaced by the nearest
/// character it has, so nothing comes out as an empty `.notdef` box.
pub fn displayable(face: &Face, c: char) -> char {
    if face.has(c) {
        return c;
    }
    match c {
        '\u{a0}' | '\u{2002}'..='\u{200a}' | '\t' => ' ',
        '\u{2010}' | '\u{2011}' => '-',
        '\u{2212}' => '-',
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
}
