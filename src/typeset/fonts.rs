//! The four Liberation Serif faces, and two fallback faces for what they lack, embedded in
//! the binary so a build renders the same wherever it runs. Each face is parsed once
//! (ttf-parser) and then shared by every notice set; a writer embeds the programs (or
//! subsets of them) under the names the faces give.
//!
//! A character the body face lacks is looked up in DejaVu Sans (Latin extensions, Greek,
//! Cyrillic, Armenian, Georgian, Hebrew, Arabic, symbols and arrows) and then in Droid Sans
//! Fallback (Chinese, Japanese, Korean), in that order ([`Chain`]): it is measured, broken
//! and drawn in the first face that has it, so a court's Chinese clerk name prints as
//! itself rather than as `?`. Bold and italic text falls back to the same upright faces.
//!
//! Widths are kept in whole thousandths of an em, truncated, as a PDF `/W` array holds
//! them: layout and viewer then agree to the last unit, so a line measured to fit the
//! measure also renders inside it.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicU16, Ordering};

use super::kerning::Kerning;

const REGULAR: &[u8] = include_bytes!("fonts/LiberationSerif-Regular.ttf");
const BOLD: &[u8] = include_bytes!("fonts/LiberationSerif-Bold.ttf");
const ITALIC: &[u8] = include_bytes!("fonts/LiberationSerif-Italic.ttf");
const BOLD_ITALIC: &[u8] = include_bytes!("fonts/LiberationSerif-BoldItalic.ttf");
/// DejaVu Sans 2.37 (Debian's fonts-dejavu-core; Bitstream Vera licence, see
/// `fonts/DejaVu-COPYRIGHT`): the first fallback, for scripts and symbols beyond Latin.
const SANS: &[u8] = include_bytes!("fonts/DejaVuSans.ttf");
/// Droid Sans Fallback (Debian's fonts-droid-fallback; Apache-2.0, see
/// `fonts/Droid-COPYRIGHT`): the second fallback, for Chinese, Japanese and Korean.
const CJK: &[u8] = include_bytes!("fonts/DroidSansFallback.ttf");

/// One of the faces a PDF may embed: the four body faces, then the fallbacks. Also an
/// index into [`Fonts`] and a PDF's font resources.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FaceId(u8);

impl FaceId {
    /// How many faces there are.
    pub const COUNT: usize = 6;
    pub const SANS: FaceId = FaceId(4);
    pub const CJK: FaceId = FaceId(5);
    /// The fallbacks, in the order a character is looked up in them.
    const FALLBACKS: [FaceId; 2] = [FaceId::SANS, FaceId::CJK];

    /// The body face of a style.
    pub fn body(style: FontStyle) -> FaceId {
        FaceId(style as u8)
    }

    /// Every face, in order.
    pub fn all() -> impl Iterator<Item = FaceId> {
        (0..Self::COUNT as u8).map(FaceId)
    }

    pub fn index(self) -> usize {
        usize::from(self.0)
    }

    /// The style the face is drawn in: a fallback face is upright and regular.
    pub fn style(self) -> FontStyle {
        match self.0 {
            1 => FontStyle::Bold,
            2 => FontStyle::Italic,
            3 => FontStyle::BoldItalic,
            _ => FontStyle::Regular,
        }
    }

    /// A serif face (the body faces) rather than a sans-serif one.
    pub fn serif(self) -> bool {
        self.0 < 4
    }
}

/// One of the four faces; also an index into [`Fonts`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum FontStyle {
    #[default]
    Regular = 0,
    Bold = 1,
    Italic = 2,
    BoldItalic = 3,
}

impl FontStyle {
    pub fn from_flags(bold: bool, italic: bool) -> Self {
        match (bold, italic) {
            (false, false) => FontStyle::Regular,
            (true, false) => FontStyle::Bold,
            (false, true) => FontStyle::Italic,
            (true, true) => FontStyle::BoldItalic,
        }
    }

    pub fn bold(self) -> bool {
        matches!(self, FontStyle::Bold | FontStyle::BoldItalic)
    }

    pub fn italic(self) -> bool {
        matches!(self, FontStyle::Italic | FontStyle::BoldItalic)
    }
}

/// Metrics of one face, in thousandths of an em.
pub struct Face {
    /// Advance per glyph id, in whole thousandths of an em, as [`Remembered`].
    widths: Box<[AtomicU16]>,
    /// Glyph id per code point below [`FAST_CMAP`] (0 = not in the font), as [`Remembered`].
    /// Covers Latin, punctuation and the symbols notices use without a table lookup per
    /// character.
    fast_cmap: Box<[AtomicU16]>,
    face: ttf_parser::Face<'static>,
    units_per_em: f32,
    /// The face's PostScript name (`LiberationSerif-Bold`), from its name table.
    pub postscript_name: String,
    kern: Kerning,
}

const FAST_CMAP: u32 = 0x2200;

/// A table of values read from a face the first time each is asked for, shared by the
/// threads that set notices. A slot holds the value plus one, so a table of zeros reads as
/// nothing known yet. Two threads asking at once both read the face and store the same
/// value.
struct Remembered;

impl Remembered {
    fn table(len: usize) -> Box<[AtomicU16]> {
        std::iter::repeat_with(|| AtomicU16::new(0))
            .take(len)
            .collect()
    }

    #[inline]
    fn get(slot: &AtomicU16, read: impl FnOnce() -> u16) -> u16 {
        match slot.load(Ordering::Relaxed) {
            0 => {
                let value = read();
                // The one value that does not fit stays unremembered: read again when asked.
                slot.store(value.wrapping_add(1), Ordering::Relaxed);
                value
            }
            known => known - 1,
        }
    }
}

impl Face {
    fn parse(data: &'static [u8]) -> Face {
        let face = ttf_parser::Face::parse(data, 0).expect("embedded font parses");
        let upm = f32::from(face.units_per_em());
        let scale = 1000.0 / upm;
        // Both tables are filled as they are read: a notice sets a hundred or so of a face's
        // thousands of glyphs, and filling them whole was most of parsing a face.
        let widths = Remembered::table(usize::from(face.number_of_glyphs()));
        let fast_cmap = Remembered::table(FAST_CMAP as usize);
        let mut pairs = Vec::new();
        if let Some(table) = face.tables().kern {
            for subtable in table.subtables {
                if !subtable.horizontal || subtable.variable {
                    continue;
                }
                if let ttf_parser::kern::Format::Format0(format0) = subtable.format {
                    pairs.extend(format0.pairs.into_iter().map(|pair| {
                        (pair.left().0, pair.right().0, f32::from(pair.value) * scale)
                    }));
                }
            }
        }
        let kern = Kerning::new(pairs);
        let postscript_name = face
            .names()
            .into_iter()
            .filter(|name| name.name_id == ttf_parser::name_id::POST_SCRIPT_NAME)
            .find_map(|name| name.to_string())
            .unwrap_or_else(|| "Font".to_string());
        Face {
            widths,
            fast_cmap,
            kern,
            face,
            units_per_em: upm,
            postscript_name,
        }
    }

    /// Glyph id of `c`, or 0 when the face lacks it.
    #[inline]
    pub fn glyph(&self, c: char) -> u16 {
        let look_up = || self.face.glyph_index(c).map_or(0, |g| g.0);
        match self.fast_cmap.get(c as usize) {
            Some(slot) => Remembered::get(slot, look_up),
            None => look_up(),
        }
    }

    pub fn has(&self, c: char) -> bool {
        self.glyph(c) != 0
    }

    #[inline]
    pub fn advance(&self, gid: u16) -> f32 {
        let Some(slot) = self.widths.get(usize::from(gid)) else {
            return 0.0;
        };
        f32::from(Remembered::get(slot, || {
            let advance = self
                .face
                .glyph_hor_advance(ttf_parser::GlyphId(gid))
                .unwrap_or(0);
            // Whole thousandths, truncated, as the PDF's `/W` array says them.
            (f32::from(advance) * 1000.0 / self.units_per_em) as u16
        }))
    }

    /// Kerning between two glyphs (negative pulls them together).
    #[inline]
    pub fn kern(&self, left: u16, right: u16) -> f32 {
        self.kern.get(left, right)
    }

    /// The face's design metrics, in thousandths of an em, for a font descriptor.
    pub fn metrics(&self) -> FaceMetrics {
        let scale = 1000.0 / f32::from(self.face.units_per_em());
        let units = |v: i16| (f32::from(v) * scale).round() as i32;
        let bbox = self.face.global_bounding_box();
        FaceMetrics {
            bbox: [
                units(bbox.x_min),
                units(bbox.y_min),
                units(bbox.x_max),
                units(bbox.y_max),
            ],
            italic_angle: self.face.italic_angle(),
            ascent: units(self.face.ascender()),
            descent: units(self.face.descender()),
            cap_height: units(self.face.capital_height().unwrap_or(self.face.ascender())),
        }
    }

    #[cfg(test)]
    pub fn kern_pairs(&self) -> usize {
        self.kern.pairs()
    }
}

/// What a PDF font descriptor says of a face.
pub struct FaceMetrics {
    pub bbox: [i32; 4],
    pub italic_angle: f32,
    pub ascent: i32,
    pub descent: i32,
    pub cap_height: i32,
}

/// All the faces, each parsed once per typesetter when first asked for: a notice in one
/// face and one script does not pay for the others (the CJK fallback alone holds tens of
/// thousands of glyphs).
pub struct Fonts {
    faces: [OnceLock<Face>; FaceId::COUNT],
    data: [&'static [u8]; FaceId::COUNT],
}

impl Fonts {
    pub fn load() -> Fonts {
        Fonts {
            faces: Default::default(),
            data: [REGULAR, BOLD, ITALIC, BOLD_ITALIC, SANS, CJK],
        }
    }

    /// The whole face's TrueType program.
    pub fn program(&self, id: FaceId) -> &'static [u8] {
        self.data[id.index()]
    }

    /// A TrueType program holding glyphs `gids` (sorted, starting with 0) under new ids
    /// 0, 1, 2… in the order given; composite glyphs' parts follow them.
    pub fn subset_program(&self, id: FaceId, gids: &[u16]) -> Option<Vec<u8>> {
        super::subset::subset(self.data[id.index()], gids)
    }

    /// The body face of a style.
    #[inline]
    pub fn face(&self, style: FontStyle) -> &Face {
        self.by_id(FaceId::body(style))
    }

    /// Any face, body or fallback.
    #[inline]
    pub fn by_id(&self, id: FaceId) -> &Face {
        let index = id.index();
        self.faces[index].get_or_init(|| Face::parse(self.data[index]))
    }

    /// The faces text of `style` is looked up in: its body face, then the fallbacks.
    #[inline]
    pub fn chain(&self, style: FontStyle) -> Chain<'_> {
        Chain {
            fonts: self,
            body: FaceId::body(style),
        }
    }
}

/// A style's body face followed by the fallback faces: where each character is found.
#[derive(Clone, Copy)]
pub struct Chain<'f> {
    pub fonts: &'f Fonts,
    pub body: FaceId,
}

impl<'f> Chain<'f> {
    /// The body face.
    #[inline]
    pub fn face(&self) -> &'f Face {
        self.fonts.by_id(self.body)
    }

    /// The face `c` is drawn in and its glyph there: a combining mark stays in the face of
    /// the letter before it (`after`) when that face has it, so a letter and its accent
    /// come from one design; anything else is taken from the first face that has it. The
    /// body face's glyph 0 (`.notdef`) when no face has it.
    #[inline]
    pub fn resolve(&self, c: char, after: Option<FaceId>) -> (FaceId, u16) {
        if let Some(prev) = after
            && prev != self.body
            && unicode_normalization::char::is_combining_mark(c)
        {
            let gid = self.fonts.by_id(prev).glyph(c);
            if gid != 0 {
                return (prev, gid);
            }
        }
        let gid = self.face().glyph(c);
        if gid != 0 {
            return (self.body, gid);
        }
        for id in FaceId::FALLBACKS {
            let gid = self.fonts.by_id(id).glyph(c);
            if gid != 0 {
                return (id, gid);
            }
        }
        (self.body, 0)
    }

    /// Some face of the chain has `c`.
    pub fn has(&self, c: char) -> bool {
        self.resolve(c, None).1 != 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_face_is_parsed_when_first_asked_for() {
        let fonts = Fonts::load();
        let parsed = |id: FaceId| fonts.faces[id.index()].get().is_some();
        assert!(!FaceId::all().any(parsed));
        assert_eq!(
            fonts.chain(FontStyle::Regular).resolve('a', None).0,
            FaceId(0)
        );
        assert!(parsed(FaceId(0)));
        assert!(!parsed(FaceId::SANS) && !parsed(FaceId::CJK));
        assert_eq!(
            fonts.chain(FontStyle::Regular).resolve('中', None).0,
            FaceId::CJK
        );
        assert!(parsed(FaceId::CJK));
    }

    /// Every face's glyphs and advances, read as they are asked for, are those of the
    /// tables filled whole from the face's Unicode subtables and metrics, and of the face's
    /// own look-up; each body face maps hundreds of code points below the table's end.
    #[test]
    fn what_is_read_when_asked_for_is_what_the_whole_tables_hold() {
        let fonts = Fonts::load();
        for id in FaceId::all() {
            let face = fonts.by_id(id);
            let parsed = ttf_parser::Face::parse(fonts.data[id.index()], 0).unwrap();
            let mut cmap = vec![0u16; FAST_CMAP as usize];
            for subtable in parsed.tables().cmap.unwrap().subtables {
                if !subtable.is_unicode() {
                    continue;
                }
                subtable.codepoints(|cp| {
                    if cp < FAST_CMAP
                        && cmap[cp as usize] == 0
                        && let Some(gid) = subtable.glyph_index(cp)
                    {
                        cmap[cp as usize] = gid.0;
                    }
                });
            }
            // Twice: once read from the face, once remembered. Each agrees with the face's
            // own look-up too.
            for _ in 0..2 {
                let mut mapped = 0;
                for (cp, &expected) in cmap.iter().enumerate() {
                    if let Some(c) = char::from_u32(cp as u32) {
                        assert_eq!(face.glyph(c), expected, "{id:?} U+{cp:04X}");
                        let searched = face.face.glyph_index(c).map_or(0, |g| g.0);
                        assert_eq!(face.glyph(c), searched, "{id:?} U+{cp:04X}");
                        mapped += usize::from(expected != 0);
                    }
                }
                if !FaceId::FALLBACKS.contains(&id) {
                    assert!(mapped > 500, "{id:?} maps {mapped} code points");
                }
                let upm = f32::from(parsed.units_per_em());
                for gid in 0..=parsed.number_of_glyphs() {
                    let advance = parsed.glyph_hor_advance(ttf_parser::GlyphId(gid));
                    let expected = advance.map_or(0, |a| (f32::from(a) * 1000.0 / upm) as u16);
                    assert_eq!(face.advance(gid), f32::from(expected), "{id:?} glyph {gid}");
                }
            }
        }
    }
}
