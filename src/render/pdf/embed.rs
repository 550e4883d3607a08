//! What the PDF side keeps of each face: its resource name in content streams and, for
//! the printpdf document, parsed fonts and subsets, cached because notices from one
//! template use nearly the same glyphs.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use printpdf::{FontId, ParsedFont};

use crate::typeset::fonts::{FontStyle, Fonts};

/// The resource name of a face in content streams. Six capitals, because printpdf also
/// uses the first six characters of the id as the subset tag (`ABCDEF+FontName`).
pub fn resource(style: FontStyle) -> &'static str {
    ["NGSERR", "NGSERB", "NGSERI", "NGSERZ"][style as usize]
}

pub fn font_id(style: FontStyle) -> FontId {
    FontId(resource(style).to_string())
}

/// Six capitals derived from the glyph set (ISO 32000-1 9.6.4), the same on every run.
pub fn subset_tag(gids: &[u16]) -> String {
    let mut h: u32 = 0x811c_9dc5;
    for &g in gids {
        for b in g.to_le_bytes() {
            h = (h ^ u32::from(b)).wrapping_mul(0x0100_0193);
        }
    }
    (0..6)
        .map(|i| char::from(b'A' + ((h >> (i * 5)) % 26) as u8))
        .collect()
}

/// A face and the sorted glyph ids a subset keeps.
type SubsetKey = (FontStyle, Vec<u16>);

/// Beyond this many cached subsets the cache starts over, bounding its memory.
const CACHE_LIMIT: usize = 512;

/// printpdf's parsed faces and the subsets built from them.
pub struct Embedder {
    /// Whole faces, embedded only if subsetting ever fails.
    pdf: [ParsedFont; 4],
    subsets: Mutex<HashMap<SubsetKey, Arc<ParsedFont>>>,
    /// Deflated font programs by a hash of their bytes.
    compressed: Mutex<HashMap<u64, Arc<Vec<u8>>>>,
}

const STYLES: [FontStyle; 4] = [
    FontStyle::Regular,
    FontStyle::Bold,
    FontStyle::Italic,
    FontStyle::BoldItalic,
];

impl Embedder {
    pub fn new(fonts: &Fonts) -> Embedder {
        let pdf = STYLES.map(|style| {
            let mut warnings = Vec::new();
            let mut font = ParsedFont::from_bytes(fonts.program(style), 0, &mut warnings)
                .expect("embedded font parses for printpdf");
            // Without a name printpdf would use the resource id as the /BaseFont.
            font.font_name = Some(fonts.face(style).postscript_name.clone());
            font
        });
        Embedder {
            pdf,
            subsets: Mutex::new(HashMap::new()),
            compressed: Mutex::new(HashMap::new()),
        }
    }

    /// A font program deflated earlier, by [`Embedder::remember_compressed`]'s key.
    pub fn compressed(&self, key: u64) -> Option<Arc<Vec<u8>>> {
        self.compressed.lock().ok()?.get(&key).cloned()
    }

    pub fn remember_compressed(&self, key: u64, bytes: Vec<u8>) {
        if let Ok(mut map) = self.compressed.lock() {
            if map.len() >= CACHE_LIMIT {
                map.clear();
            }
            map.insert(key, Arc::new(bytes));
        }
    }

    /// A printpdf font holding only the glyphs of `chars`, so a notice embeds a few
    /// kilobytes of font instead of four whole faces.
    pub fn subset(&self, fonts: &Fonts, style: FontStyle, chars: &[char]) -> Arc<ParsedFont> {
        let face = fonts.face(style);
        let mut gids: Vec<u16> = std::iter::once(0)
            .chain(chars.iter().map(|&c| face.glyph(c)))
            .collect();
        gids.sort_unstable();
        gids.dedup();
        let key = (style, gids);
        if let Some(font) = self.subsets.lock().ok().and_then(|m| m.get(&key).cloned()) {
            return font;
        }
        let built = fonts.subset_program(style, &key.1).and_then(|bytes| {
            let mut warnings = Vec::new();
            let mut font = ParsedFont::from_bytes(&bytes, 0, &mut warnings)?;
            font.font_name = Some(format!("{}+{}", subset_tag(&key.1), face.postscript_name));
            Some(font)
        });
        let font = Arc::new(built.unwrap_or_else(|| self.pdf[style as usize].clone()));
        if let Ok(mut map) = self.subsets.lock() {
            if map.len() >= CACHE_LIMIT {
                map.clear();
            }
            map.insert(key, Arc::clone(&font));
        }
        font
    }
}
