//! Shaping for a Latin serif face and its fallbacks: advance widths plus pair kerning from
//! the `kern` table. Layout and writer both call into here, so the widths the line breaker
//! counts are the widths the PDF draws. Kerning is never applied across a space: the line
//! breaker treats spaces as glue whose width changes per line, so a kern pair across it
//! would be counted in one place and not the other; nor between two faces.
//!
//! Text is measured as it will be drawn ([`display`]): grapheme cluster by cluster, with
//! invisible characters dropped, each character in the first face of its [`Chain`] that
//! has it, and a cluster no face can draw replaced by one `?`, so a measured width is
//! always the drawn width, whatever was pasted. Such a cluster is an error for the caller
//! to report ([`missing`]); the `?` only keeps layout going until it is.

use std::borrow::Cow;

use unicode_normalization::char::canonical_combining_class;
use unicode_segmentation::UnicodeSegmentation;

use super::chars::{CharClass, classify};
use super::fonts::{Chain, Face, FaceId};

/// Running kerned width in thousandths of an em, added to in drawing order.
struct Pen<'f> {
    chain: Chain<'f>,
    total: f32,
    /// The face and glyph drawn last, for kerning and for the face of a combining mark.
    prev: Option<(FaceId, u16)>,
}

impl<'f> Pen<'f> {
    fn new(chain: Chain<'f>) -> Self {
        Pen {
            chain,
            total: 0.0,
            prev: None,
        }
    }

    fn add(&mut self, c: char) {
        let (id, gid) = self.chain.resolve(c, self.prev.map(|p| p.0));
        let face = self.chain.fonts.by_id(id);
        let advance = face.advance(gid);
        self.total += advance;
        if c == ' ' {
            self.prev = None;
            return;
        }
        if let Some((prev_id, prev_gid)) = self.prev {
            if prev_id == id {
                self.total += face.kern(prev_gid, gid);
            }
            if advance != 0.0 && sits_on_letter(c) {
                self.total -= advance;
            }
        }
        self.prev = Some((id, gid));
    }
}

/// Whether `c` is a mark set on the letter before it. Such a mark takes no room of its own,
/// but a few faces give some marks a letter's advance (Liberation Serif Bold's
/// U+0363-U+036F, DejaVu Sans' U+065A, Droid Sans Fallback's U+3099 and U+309A): a letter
/// under hundreds of them, as pasted text can hold, was one unbreakable cluster metres
/// wide. Measuring takes the advance back and drawing moves back by it; the font's widths
/// stay as its program says, as PDF/UA asks.
fn sits_on_letter(c: char) -> bool {
    c >= '\u{300}' && canonical_combining_class(c) != 0
}

/// Width of `text` in points at `size`, kerned, as [`display`] draws it.
pub fn measure(chain: Chain<'_>, text: &str, size: f32) -> f32 {
    let mut pen = Pen::new(chain);
    for c in display(chain, text).chars() {
        pen.add(c);
    }
    pen.total * size / 1000.0
}

/// The characters drawn for `text`: each grapheme cluster as itself when some face of the
/// chain has all its visible characters (the body face's look-alike first, for the few
/// typographic characters it lacks: see [`lookalike`]), else as one `?`, so an emoji
/// with a skin tone or a family joined by ZWJs is one `?`, not four. Invisible characters
/// (joiners, marks of direction, soft hyphens) are dropped; spaces of any kind become
/// U+0020. Slices of a text cut between clusters display as the matching slices of the
/// whole.
pub fn display<'t>(chain: Chain<'_>, text: &'t str) -> Cow<'t, str> {
    let face = chain.face();
    if text
        .chars()
        .all(|c| c == ' ' || (c.is_ascii() && !c.is_ascii_control() && face.has(c)))
    {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for (_, cluster) in clusters(text) {
        push_cluster(chain, cluster, &mut out);
    }
    Cow::Owned(out)
}

/// The grapheme clusters of `text` no face of `chain` can draw, each once, in order of
/// first appearance, added to `out` (which may hold some from other text already).
pub fn missing(chain: Chain<'_>, text: &str, out: &mut Vec<String>) {
    let face = chain.face();
    // Every character printable ASCII (every body face has it; tested first, so a run with
    // one curly quote need not look up each of its letters), in the body face, or drawn as
    // nothing or a space: nothing is missing, and the text need not be cut into clusters
    // (most runs of every notice).
    let printable = |c: char| c.is_ascii_graphic() || c == ' ';
    if text
        .chars()
        .all(|c| printable(c) || face.has(c) || classify(c) != CharClass::Word)
    {
        return;
    }
    let mut scratch = String::new();
    for (_, cluster) in clusters(text) {
        scratch.clear();
        if !push_cluster(chain, cluster, &mut scratch) && !out.iter().any(|m| m == cluster) {
            out.push(cluster.to_string());
        }
    }
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

/// Appends what one grapheme cluster draws; false when no face has all it shows, and a
/// `?` (or the letter without the marks no face has) stands in for it.
fn push_cluster(chain: Chain<'_>, cluster: &str, out: &mut String) -> bool {
    let face = chain.face();
    let mut visible = cluster.chars().filter(|&c| {
        !matches!(
            classify(c),
            CharClass::Invisible | CharClass::ZeroWidthBreak | CharClass::SoftHyphen
        )
    });
    let Some(first) = visible.next() else {
        return true;
    };
    if matches!(
        classify(first),
        CharClass::Space | CharClass::NoBreakSpace | CharClass::LineBreak
    ) {
        out.push(' ');
        return true;
    }
    if face.has(first) && visible.clone().all(|c| face.has(c)) {
        out.push(first);
        out.extend(visible);
        return true;
    }
    if !face.has(first)
        && let Some(like) = lookalike(face, first)
    {
        out.push(like);
        return true;
    }
    if chain.has(first) && visible.clone().all(|c| chain.has(c)) {
        out.push(first);
        out.extend(visible);
        return true;
    }
    out.push(if chain.has(first) { first } else { '?' });
    false
}

/// Kerned widths of the prefixes of `text` that end between grapheme clusters, in
/// thousandths of an em: one `(end offset, width)` per cluster, in order, into `out`. The
/// width of a prefix is exactly what [`measure`] gives it (before scaling to a size).
pub fn cluster_widths(chain: Chain<'_>, text: &str, out: &mut Vec<(usize, f32)>) {
    out.clear();
    let mut pen = Pen::new(chain);
    let mut drawn = String::new();
    for (at, cluster) in clusters(text) {
        drawn.clear();
        push_cluster(chain, cluster, &mut drawn);
        for c in drawn.chars() {
            pen.add(c);
        }
        out.push((at + cluster.len(), pen.total));
    }
}

/// The body face's stand-in for a typographic character it lacks (a non-breaking hyphen,
/// a figure space, a Wingdings bullet): kept in the text's own face, as a typesetter
/// would set it, rather than taken from a fallback face of another design.
fn lookalike(face: &Face, c: char) -> Option<char> {
    let like = match c {
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
        _ => return None,
    };
    face.has(like).then_some(like)
}

/// One piece of a `TJ` array: a glyph of the current face with the character it shows, a
/// move in thousandths of an em (positive moves left, as in PDF), or a change of face for the
/// glyphs after it. A glyph at a time, not a string per stretch: a mailing sets millions,
/// and the writer groups them back into one hex string per stretch.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Piece {
    Glyph(u16, char),
    Move(f32),
    Face(FaceId),
}

/// Splits `text` (as [`display`] gave it) into the pieces of one `TJ`: a move between each
/// kerned pair, after every space a move that adds `space_adjust` points (justification),
/// and a [`Piece::Face`] wherever the face changes, starting from the chain's body face.
pub fn pieces(chain: Chain<'_>, text: &str, size: f32, space_adjust: f32, out: &mut Vec<Piece>) {
    let mut prev: Option<(FaceId, u16)> = None;
    let mut current = chain.body;
    let adjust = if space_adjust.abs() > 1e-4 {
        -space_adjust * 1000.0 / size
    } else {
        0.0
    };
    for c in text.chars() {
        let (id, gid) = chain.resolve(c, prev.map(|p| p.0));
        if id != current {
            out.push(Piece::Face(id));
            current = id;
        }
        if c == ' ' {
            out.push(Piece::Glyph(gid, ' '));
            prev = None;
            if adjust != 0.0 {
                out.push(Piece::Move(adjust));
            }
            continue;
        }
        if let Some((prev_id, prev_gid)) = prev
            && prev_id == id
        {
            let k = chain.fonts.by_id(id).kern(prev_gid, gid);
            if k != 0.0 {
                out.push(Piece::Move(-k));
            }
        }
        out.push(Piece::Glyph(gid, c));
        if prev.is_some() {
            let advance = chain.fonts.by_id(id).advance(gid);
            if advance != 0.0 && sits_on_letter(c) {
                out.push(Piece::Move(advance));
            }
        }
        prev = Some((id, gid));
    }
}

#[cfg(test)]
mod tests {
    use super::super::fonts::{FontStyle, Fonts};
    use super::*;

    /// The drawn width of `pieces`, in thousandths of an em.
    fn width_of(chain: Chain<'_>, pieces: &[Piece]) -> f32 {
        let mut face = chain.body;
        let mut width = 0.0;
        for piece in pieces {
            match piece {
                Piece::Glyph(gid, _) => width += chain.fonts.by_id(face).advance(*gid),
                Piece::Move(m) => width -= m,
                Piece::Face(id) => face = *id,
            }
        }
        width
    }

    #[test]
    fn kerning_tightens_known_pairs() {
        let fonts = Fonts::load();
        let chain = fonts.chain(FontStyle::Regular);
        assert!(
            chain.face().kern_pairs() > 800,
            "Liberation Serif has a format-0 kern table"
        );
        let av = measure(chain, "AV", 12.0);
        let apart = measure(chain, "A", 12.0) + measure(chain, "V", 12.0);
        assert!(av < apart, "AV kerned: {av} vs {apart}");
    }

    #[test]
    fn marks_a_face_gives_an_advance_take_no_room_on_their_letter() {
        let fonts = Fonts::load();
        let bold = fonts.chain(FontStyle::Bold);
        // Liberation Serif Bold gives U+0363 a letter's advance; U+0301 has none anyway.
        let gid = bold.face().glyph('\u{363}');
        assert!(bold.face().advance(gid) > 0.0);
        let letter = measure(bold, "E", 14.5);
        for text in ["E\u{363}", "E\u{363}\u{363}\u{363}", "E\u{301}\u{363}"] {
            assert!(
                (measure(bold, text, 14.5) - letter).abs() < 1e-3,
                "{text:?}"
            );
            let mut out = Vec::new();
            pieces(bold, text, 14.5, 0.0, &mut out);
            let drawn = width_of(bold, &out) * 14.5 / 1000.0;
            assert!(
                (drawn - letter).abs() < 1e-3,
                "{text:?}: {drawn} vs {letter}"
            );
        }
        // Alone, with no letter to sit on, a mark keeps the face's advance.
        assert!(measure(bold, "\u{363}", 14.5) > 0.0);
    }

    #[test]
    fn pieces_reproduce_measured_width() {
        let fonts = Fonts::load();
        let chain = fonts.chain(FontStyle::Regular);
        for text in ["AVAST, Tower of Yore", "Clerk 王小明 and مكتب المحاماة AV"] {
            let drawn = display(chain, text);
            let mut out = Vec::new();
            pieces(chain, &drawn, 10.0, 1.5, &mut out);
            let spaces = drawn.matches(' ').count() as f32;
            let expected = measure(chain, text, 10.0) + spaces * 1.5;
            let width = width_of(chain, &out) * 10.0 / 1000.0;
            assert!(
                (width - expected).abs() < 1e-3,
                "{text}: {width} vs {expected}"
            );
        }
    }

    #[test]
    fn characters_the_body_face_lacks_come_from_a_fallback_face() {
        let fonts = Fonts::load();
        let chain = fonts.chain(FontStyle::Bold);
        // Chinese from Droid Sans Fallback, Arabic and Greek beyond Liberation from DejaVu.
        assert_eq!(chain.resolve('王', None).0, FaceId::CJK);
        assert_eq!(chain.resolve('م', None).0, FaceId::SANS);
        assert_eq!(chain.resolve('A', None).0, FaceId::body(FontStyle::Bold));
        let mut out = Vec::new();
        pieces(chain, "Wang 王小明 Sr", 12.0, 0.0, &mut out);
        // The faces in turn, each with the characters it draws.
        let mut stretches: Vec<(FaceId, String)> = vec![(chain.body, String::new())];
        for piece in &out {
            match piece {
                Piece::Face(id) => stretches.push((*id, String::new())),
                Piece::Glyph(_, c) => stretches.last_mut().unwrap().1.push(*c),
                Piece::Move(_) => {}
            }
        }
        assert_eq!(
            stretches,
            vec![
                (FaceId::body(FontStyle::Bold), "Wang ".to_string()),
                (FaceId::CJK, "王小明".to_string()),
                (FaceId::body(FontStyle::Bold), " Sr".to_string()),
            ]
        );
        // Drawn as themselves, not as `?`, and nothing is missing.
        assert_eq!(display(chain, "王小明 مكتب"), "王小明 مكتب");
        let mut lacking = Vec::new();
        missing(chain, "王小明 مكتب Ελλάδα Жанна", &mut lacking);
        assert!(lacking.is_empty(), "{lacking:?}");
    }

    #[test]
    fn clusters_no_face_has_are_missing_once_each() {
        let fonts = Fonts::load();
        let chain = fonts.chain(FontStyle::Regular);
        let mut lacking = Vec::new();
        let family = "\u{1f468}\u{200d}\u{1f469}\u{200d}\u{1f467}";
        missing(
            chain,
            &format!("a {family} b \u{1f984}\u{1f984} {family}"),
            &mut lacking,
        );
        assert_eq!(lacking, vec![family.to_string(), "\u{1f984}".to_string()]);
        // Look-alikes the body face has are not missing.
        lacking.clear();
        missing(chain, "a\u{2011}b \u{f0b7} \u{2794}", &mut lacking);
        assert!(lacking.is_empty(), "{lacking:?}");
    }

    #[test]
    fn pasted_text_displays_as_the_faces_can_draw_it() {
        let fonts = Fonts::load();
        let chain = fonts.chain(FontStyle::Regular);
        let shown = |text: &str| display(chain, text).into_owned();
        // Plain text is not copied.
        assert!(matches!(
            display(chain, "Jane Roe, Clerk"),
            Cow::Borrowed(_)
        ));
        // Invisible characters vanish; marks the face has stay on their letter.
        assert_eq!(shown("Ja\u{200d}ne\u{ad}\u{200e}\u{feff}Roe"), "JaneRoe");
        assert_eq!(shown("Jose\u{301}"), "Jose\u{301}");
        // A cluster no face can draw is one `?`, however many code points.
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
        let chain = fonts.chain(FontStyle::Regular);
        let text = "AVa\u{301}\u{200d}W\u{1f468}\u{200d}\u{1f469}.To\u{ad}y王م\u{64e}ل";
        let mut widths = Vec::new();
        cluster_widths(chain, text, &mut widths);
        assert_eq!(widths.last().map(|w| w.0), Some(text.len()));
        for &(end, units) in &widths {
            assert!(text.is_char_boundary(end));
            let expected = measure(chain, &text[..end], 1000.0);
            assert!(
                (units - expected).abs() < 1e-3,
                "{end}: {units} vs {expected}"
            );
        }
        // Clusters, not characters: the accents and the joined emoji add no boundary.
        assert_eq!(widths.len(), 13);
    }
}
