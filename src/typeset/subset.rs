//! Subsetting a TrueType face for embedding: a program holding only the glyphs a PDF uses,
//! under new ids 0, 1, 2… in the order asked for, the parts of composite glyphs after them.
//!
//! The program is the one allsorts' PDF profile writes, byte for byte (its tests compare the
//! two for every embedded face): the tables cmap, cvt, fpgm, glyf, head, hhea, hmtx, loca,
//! maxp, name, post and prep, in tag order, each padded to four bytes, with the checksums of
//! the OpenType specification. Written here because it is part of every PDF: allsorts read
//! every glyph record and every character mapping of the face to keep a hundred of them,
//! which was a tenth of a letter's time; this reads only the glyphs kept.
//!
//! Faces whose character map is not Unicode, or whose tables do not read, get `None`: the
//! caller embeds the whole face instead.

use std::collections::BTreeMap;

use ttf_parser::{RawFace, Tag};

/// The program of `face` (a TrueType file) holding the glyphs `gids`: sorted, no
/// duplicates, starting with 0 (`.notdef`).
pub fn subset(face: &[u8], gids: &[u16]) -> Option<Vec<u8>> {
    let tables = Tables::read(face)?;
    if gids.first() != Some(&0) || gids.windows(2).any(|pair| pair[0] >= pair[1]) {
        return None;
    }
    let glyphs = Glyphs::subset(&tables, gids)?;
    let num_glyphs = u16::try_from(glyphs.old_ids.len()).ok()?;
    let cmap = cmap(tables.cmap, gids)?;

    let mut font = Builder::default();
    font.add(b"cmap", cmap);
    for (tag, data) in [(b"cvt ", tables.cvt), (b"fpgm", tables.fpgm)] {
        if let Some(data) = data {
            font.add(tag, data.to_vec());
        }
    }
    font.add(b"glyf", glyphs.glyf);
    font.add(b"head", head(tables.head));
    font.add(b"hhea", hhea(tables.hhea, num_glyphs));
    font.add(b"hmtx", hmtx(&tables, &glyphs.old_ids)?);
    font.add(b"loca", loca(&glyphs.offsets, tables.long_offsets)?);
    font.add(b"maxp", maxp(tables.maxp, num_glyphs));
    if let Some(name) = tables.name {
        font.add(b"name", name.to_vec());
    }
    font.add(b"post", post(tables.post));
    if let Some(prep) = tables.prep {
        font.add(b"prep", prep.to_vec());
    }
    Some(font.finish())
}

/// The tables a subset is made from, as they are in the face.
struct Tables<'a> {
    cmap: &'a [u8],
    head: &'a [u8],
    hhea: &'a [u8],
    hmtx: &'a [u8],
    maxp: &'a [u8],
    post: &'a [u8],
    loca: &'a [u8],
    glyf: &'a [u8],
    cvt: Option<&'a [u8]>,
    fpgm: Option<&'a [u8]>,
    name: Option<&'a [u8]>,
    prep: Option<&'a [u8]>,
    /// `loca` holds 32-bit offsets (head's indexToLocFormat 1), not halved 16-bit ones.
    long_offsets: bool,
    num_glyphs: u16,
    num_h_metrics: u16,
}

impl<'a> Tables<'a> {
    fn read(face: &'a [u8]) -> Option<Tables<'a>> {
        let raw = RawFace::parse(face, 0).ok()?;
        let table = |tag: &[u8; 4]| raw.table(Tag::from_bytes(tag));
        let head = table(b"head").filter(|head| head.len() >= 54)?;
        let hhea = table(b"hhea").filter(|hhea| hhea.len() >= 36)?;
        let maxp = table(b"maxp").filter(|maxp| maxp.len() >= 6)?;
        let long_offsets = match be_i16(head, 50)? {
            0 => false,
            1 => true,
            _ => return None,
        };
        Some(Tables {
            cmap: table(b"cmap")?,
            head,
            hhea,
            hmtx: table(b"hmtx")?,
            maxp,
            post: table(b"post").filter(|post| post.len() >= 32)?,
            loca: table(b"loca")?,
            glyf: table(b"glyf")?,
            cvt: table(b"cvt "),
            fpgm: table(b"fpgm"),
            name: table(b"name"),
            prep: table(b"prep"),
            long_offsets,
            num_glyphs: be_u16(maxp, 4)?,
            num_h_metrics: be_u16(hhea, 34)?,
        })
    }

    /// Glyph `gid`'s bytes in `glyf`, as `loca` bounds them.
    fn glyph(&self, gid: u16) -> Option<&'a [u8]> {
        if gid >= self.num_glyphs {
            return None;
        }
        let at = |index: usize| match self.long_offsets {
            true => be_u32(self.loca, index * 4).and_then(|o| usize::try_from(o).ok()),
            false => be_u16(self.loca, index * 2).map(|half| usize::from(half) * 2),
        };
        let (start, end) = (at(usize::from(gid))?, at(usize::from(gid) + 1)?);
        self.glyf.get(start..end)
    }

    /// Advance width and left side bearing of glyph `gid`, as stored.
    fn metrics(&self, gid: u16) -> Option<[u8; 4]> {
        let last = usize::from(self.num_h_metrics.checked_sub(1)?);
        let gid = usize::from(gid);
        let pair = |at: usize| self.hmtx.get(at..at + 2);
        let (advance, lsb) = if gid <= last {
            (pair(gid * 4)?, pair(gid * 4 + 2)?)
        } else {
            // Glyphs past the last full record share its advance and keep their own bearing.
            (
                pair(last * 4)?,
                pair((last + 1) * 4 + (gid - last - 1) * 2)?,
            )
        };
        Some([advance[0], advance[1], lsb[0], lsb[1]])
    }
}

/// The subset's glyphs: old ids in new-id order, their `glyf` table and its offsets.
struct Glyphs {
    old_ids: Vec<u16>,
    glyf: Vec<u8>,
    offsets: Vec<u32>,
}

impl Glyphs {
    fn subset(tables: &Tables<'_>, gids: &[u16]) -> Option<Glyphs> {
        let mut old_ids = gids.to_vec();
        let mut glyf = Vec::new();
        let mut offsets = Vec::with_capacity(gids.len() + 1);
        let mut index = 0;
        // Composite glyphs add their parts to the end of the list as they are met.
        while let Some(&gid) = old_ids.get(index) {
            offsets.push(u32::try_from(glyf.len()).ok()?);
            let data = tables.glyph(gid)?;
            match be_i16(data, 0) {
                Some(contours) if contours < 0 => composite(data, &mut old_ids, &mut glyf)?,
                Some(_) => glyf.extend_from_slice(data),
                None if data.is_empty() => {}
                None => return None,
            }
            // Short offsets count 16-bit words: every glyph starts on an even byte.
            if !tables.long_offsets && glyf.len() % 2 == 1 {
                glyf.push(0);
            }
            index += 1;
        }
        offsets.push(u32::try_from(glyf.len()).ok()?);
        Some(Glyphs {
            old_ids,
            glyf,
            offsets,
        })
    }
}

/// Composite-glyph flags (OpenType `glyf`).
const ARG_1_AND_2_ARE_WORDS: u16 = 0x0001;
const WE_HAVE_A_SCALE: u16 = 0x0008;
const MORE_COMPONENTS: u16 = 0x0020;
const WE_HAVE_AN_X_AND_Y_SCALE: u16 = 0x0040;
const WE_HAVE_A_TWO_BY_TWO: u16 = 0x0080;
const WE_HAVE_INSTRUCTIONS: u16 = 0x0100;
/// The flags the specification defines; reserved bits are dropped.
const DEFINED_FLAGS: u16 = 0x1FEF;

/// Writes composite glyph `data` with its parts renumbered, adding parts not yet in the
/// subset to the end of `old_ids`.
fn composite(data: &[u8], old_ids: &mut Vec<u16>, glyf: &mut Vec<u8>) -> Option<()> {
    glyf.extend_from_slice(&(-1i16).to_be_bytes());
    glyf.extend_from_slice(data.get(2..10)?);
    let mut at = 10;
    let mut instructions = false;
    loop {
        let flags = be_u16(data, at)?;
        let part = be_u16(data, at + 2)?;
        let arguments = if flags & ARG_1_AND_2_ARE_WORDS != 0 {
            4
        } else {
            2
        };
        let scale = if flags & WE_HAVE_A_SCALE != 0 {
            2
        } else if flags & WE_HAVE_AN_X_AND_Y_SCALE != 0 {
            4
        } else if flags & WE_HAVE_A_TWO_BY_TWO != 0 {
            8
        } else {
            0
        };
        let new_id = match old_ids.iter().position(|&id| id == part) {
            Some(new) => new,
            None => {
                old_ids.push(part);
                old_ids.len() - 1
            }
        };
        glyf.extend_from_slice(&(flags & DEFINED_FLAGS).to_be_bytes());
        glyf.extend_from_slice(&u16::try_from(new_id).ok()?.to_be_bytes());
        glyf.extend_from_slice(data.get(at + 4..at + 4 + arguments + scale)?);
        at += 4 + arguments + scale;
        instructions |= flags & WE_HAVE_INSTRUCTIONS != 0;
        if flags & MORE_COMPONENTS == 0 {
            break;
        }
    }
    if instructions {
        let length = usize::from(be_u16(data, at)?);
        glyf.extend_from_slice(data.get(at..at + 2 + length)?);
    }
    Some(())
}

/// A character map of the glyphs asked for (not the parts composites added) under their
/// new ids, which are their places in `gids`: format 4 for the Basic Multilingual Plane,
/// format 12 when a character lies beyond it.
fn cmap(table: &[u8], gids: &[u16]) -> Option<Vec<u8>> {
    let cmap = ttf_parser::cmap::Table::parse(table)?;
    let subtable = unicode_subtable(&cmap)?;
    let mut kept: BTreeMap<u32, u16> = BTreeMap::new();
    let mut keep = |code: u32, gid: u16| {
        if char::from_u32(code).is_some()
            && gid != 0
            && let Ok(new_id) = gids.binary_search(&gid)
        {
            kept.insert(code, new_id as u16);
        }
    };
    let raw = raw_subtable(table, &subtable);
    if raw.and_then(|raw| each_mapping(raw, &mut keep)).is_none() {
        subtable.codepoints(|code| {
            if let Some(gid) = subtable.glyph_index(code) {
                keep(code, gid.0);
            }
        });
    }
    let mut out = Vec::new();
    out.extend_from_slice(&[0, 0, 0, 1]);
    if kept.keys().any(|&code| code > 0xFFFF) {
        out.extend_from_slice(&[0, 0, 0, 4, 0, 0, 0, 12]);
        format12(&kept, &mut out)?;
    } else {
        out.extend_from_slice(&[0, 0, 0, 3, 0, 0, 0, 12]);
        format4(&kept, &mut out)?;
    }
    Some(out)
}

/// The subtable read for characters, in allsorts' order of preference: Windows UCS-4,
/// Windows BMP, Unicode UCS-4, then any Unicode one.
fn unicode_subtable<'a>(
    cmap: &ttf_parser::cmap::Table<'a>,
) -> Option<ttf_parser::cmap::Subtable<'a>> {
    use ttf_parser::PlatformId::{Unicode, Windows};
    let find = |wanted: &dyn Fn(ttf_parser::PlatformId, u16) -> bool| {
        cmap.subtables
            .into_iter()
            .find(|subtable| wanted(subtable.platform_id, subtable.encoding_id))
    };
    find(&|platform, encoding| platform == Windows && encoding == 10)
        .or_else(|| find(&|platform, encoding| platform == Windows && encoding == 1))
        .or_else(|| find(&|platform, encoding| platform == Unicode && encoding == 4))
        .or_else(|| find(&|platform, _| platform == Unicode))
}

/// The bytes of `subtable`, found again among the records of the character map `table`.
fn raw_subtable<'a>(
    table: &'a [u8],
    subtable: &ttf_parser::cmap::Subtable<'_>,
) -> Option<&'a [u8]> {
    let platform = match subtable.platform_id {
        ttf_parser::PlatformId::Unicode => 0,
        ttf_parser::PlatformId::Macintosh => 1,
        ttf_parser::PlatformId::Iso => 2,
        ttf_parser::PlatformId::Windows => 3,
        ttf_parser::PlatformId::Custom => 4,
    };
    let records = usize::from(be_u16(table, 2)?);
    let offset = (0..records).find_map(|i| {
        let at = 4 + 8 * i;
        let same = be_u16(table, at)? == platform && be_u16(table, at + 2)? == subtable.encoding_id;
        same.then(|| be_u32(table, at + 4)).flatten()
    })?;
    table.get(usize::try_from(offset).ok()?..)
}

/// Calls `keep` with every character a format 4 or 12 subtable lists and the glyph it maps
/// it to, read off each segment or group in turn: what asking the subtable for each
/// character finds, without a search per character (over two thousand for a body face).
/// `None`, having called nothing, for another format or segments out of order, where only
/// the search is sure to find what a reader finds.
fn each_mapping(subtable: &[u8], keep: &mut dyn FnMut(u32, u16)) -> Option<()> {
    match be_u16(subtable, 0)? {
        4 => each_segment_mapping(subtable, keep),
        12 => each_group_mapping(subtable, keep),
        _ => None,
    }
}

/// [`each_mapping`] for format 4: segments of 16-bit characters, each mapped by a delta or
/// through the glyph array, with ttf-parser's arithmetic (a position wraps at 16 bits).
fn each_segment_mapping(subtable: &[u8], keep: &mut dyn FnMut(u32, u16)) -> Option<()> {
    let count = usize::from(be_u16(subtable, 6)? / 2);
    if count == 0 {
        return None;
    }
    let range_at = |i: usize| 16 + 6 * count + 2 * i;
    // (first, last, delta, range offset) of the segments a reader lists, up to the closing
    // 0xFFFF one.
    let mut segments = Vec::new();
    for i in 0..count {
        let first = be_u16(subtable, 16 + 2 * count + 2 * i)?;
        let last = be_u16(subtable, 14 + 2 * i)?;
        if first == 0xFFFF && last == 0xFFFF {
            break;
        }
        let delta = be_u16(subtable, 16 + 4 * count + 2 * i)?;
        segments.push((first, last, delta, be_u16(subtable, range_at(i))?));
    }
    if !in_order(segments.iter().map(|s| (s.0, s.1))) {
        return None;
    }
    for (i, &(first, last, delta, range)) in segments.iter().enumerate() {
        for code in first..=last {
            let gid = match range {
                0 => Some(code.wrapping_add(delta)),
                0xFFFF => None,
                _ => u16::try_from(u32::from(code - first) * 2)
                    .ok()
                    .map(|step| (range_at(i) as u16).wrapping_add(step).wrapping_add(range))
                    .and_then(|at| be_u16(subtable, usize::from(at)))
                    .filter(|&glyph| glyph != 0)
                    .and_then(|glyph| {
                        u16::try_from((glyph as i16).wrapping_add(delta as i16)).ok()
                    }),
            };
            if let Some(gid) = gid {
                keep(u32::from(code), gid);
            }
        }
    }
    Some(())
}

/// [`each_mapping`] for format 12: groups of characters mapped to consecutive glyphs.
fn each_group_mapping(subtable: &[u8], keep: &mut dyn FnMut(u32, u16)) -> Option<()> {
    let count = usize::try_from(be_u32(subtable, 12)?).ok()?;
    // (first character, last character, first glyph)
    let groups = (0..count)
        .map(|i| {
            let at = 16 + 12 * i;
            Some((
                be_u32(subtable, at)?,
                be_u32(subtable, at + 4)?,
                be_u32(subtable, at + 8)?,
            ))
        })
        .collect::<Option<Vec<_>>>()?;
    if !in_order(groups.iter().map(|g| (g.0, g.1))) {
        return None;
    }
    for &(first, last, glyph) in &groups {
        for code in first..=last {
            let gid = glyph.checked_add(code).and_then(|id| id.checked_sub(first));
            if let Some(gid) = gid.and_then(|id| u16::try_from(id).ok()) {
                keep(code, gid);
            }
        }
    }
    Some(())
}

/// Whether each range (first, last) is well formed and starts after the one before ends: a
/// search for a character then finds the one range that holds it.
fn in_order<T: Ord + Copy>(ranges: impl Iterator<Item = (T, T)>) -> bool {
    let mut after: Option<T> = None;
    for (first, last) in ranges {
        if first > last || after.is_some_and(|after| first <= after) {
            return false;
        }
        after = Some(last);
    }
    true
}

/// A run of characters in a format 4 subtable, with the glyph ids it maps them to (0 for the
/// characters between that map to nothing).
struct Segment {
    start: u32,
    end: u32,
    glyphs: Vec<u16>,
    consecutive: bool,
}

impl Segment {
    fn new(start: u32, gid: u16) -> Segment {
        Segment {
            start,
            end: start,
            glyphs: vec![gid],
            consecutive: true,
        }
    }

    /// Takes `code` into the run when that is no larger than starting a new one: a segment
    /// costs 8 bytes, each character of a gap 2.
    fn add(&mut self, code: u32, gid: u16) -> bool {
        let gap = code.saturating_sub(self.end).saturating_sub(1);
        let compact = self.consecutive && self.glyphs.len() >= 4;
        if (gap > 0 && compact) || gap >= 4 {
            return false;
        }
        if gap == 0 {
            let previous = self.glyphs.last().copied().unwrap_or(0);
            self.consecutive &= previous.wrapping_add(1) == gid;
        } else {
            self.glyphs.extend(std::iter::repeat_n(0, gap as usize));
            self.consecutive = false;
        }
        self.glyphs.push(gid);
        self.end = code;
        true
    }
}

fn format4(kept: &BTreeMap<u32, u16>, out: &mut Vec<u8>) -> Option<()> {
    let mut segments: Vec<Segment> = Vec::new();
    for (&code, &gid) in kept {
        let taken = segments
            .last_mut()
            .is_some_and(|segment| segment.add(code, gid));
        if !taken {
            segments.push(Segment::new(code, gid));
        }
    }
    segments.push(Segment::new(0xFFFF, 0));
    let count = segments.len();
    let mut deltas = Vec::with_capacity(count);
    let mut range_offsets = Vec::with_capacity(count);
    let mut glyph_ids: Vec<u16> = Vec::new();
    for (index, segment) in segments.iter().enumerate() {
        if segment.consecutive {
            let first = i32::from(segment.glyphs[0]);
            deltas.push((first - (segment.start as i32 % 0x10000)) as i16);
            range_offsets.push(0u16);
        } else {
            deltas.push(0);
            // From this segment's entry to its first glyph id, in bytes.
            let words = count - index + glyph_ids.len();
            range_offsets.push(u16::try_from(2 * words).ok()?);
            glyph_ids.extend_from_slice(&segment.glyphs);
        }
    }
    let start = out.len();
    let seg_count = u16::try_from(count).ok()?;
    let power = 15 - seg_count.leading_zeros() as u16;
    let search_range = 2 * (1u16 << power);
    push_u16s(out, &[4, 0, 0, seg_count * 2, search_range, power]);
    push_u16s(out, &[seg_count * 2 - search_range]);
    for segment in &segments {
        push_u16s(out, &[segment.end as u16]);
    }
    push_u16s(out, &[0]);
    for segment in &segments {
        push_u16s(out, &[segment.start as u16]);
    }
    for delta in deltas {
        out.extend_from_slice(&delta.to_be_bytes());
    }
    push_u16s(out, &range_offsets);
    push_u16s(out, &glyph_ids);
    let length = u16::try_from(out.len() - start).ok()?;
    out[start + 2..start + 4].copy_from_slice(&length.to_be_bytes());
    Some(())
}

fn format12(kept: &BTreeMap<u32, u16>, out: &mut Vec<u8>) -> Option<()> {
    // (first character, last character, first glyph id)
    let mut groups: Vec<(u32, u32, u32)> = Vec::new();
    let mut previous_gid = None;
    for (&code, &gid) in kept {
        match groups.last_mut() {
            Some(group) if code == group.1 + 1 && Some(gid) == previous_gid.map(|g: u16| g + 1) => {
                group.1 += 1
            }
            _ => groups.push((code, code, u32::from(gid))),
        }
        previous_gid = Some(gid);
    }
    let length = u32::try_from(16 + 12 * groups.len()).ok()?;
    push_u16s(out, &[12, 0]);
    for value in [length, 0, u32::try_from(groups.len()).ok()?] {
        out.extend_from_slice(&value.to_be_bytes());
    }
    for (first, last, gid) in groups {
        for value in [first, last, gid] {
            out.extend_from_slice(&value.to_be_bytes());
        }
    }
    Some(())
}

/// `head` as it is, its checksum adjustment left at zero for [`Builder::finish`].
fn head(head: &[u8]) -> Vec<u8> {
    let mut out = head[..54].to_vec();
    out[8..12].fill(0);
    // Bits of macStyle the specification does not define are dropped.
    out[45] &= 0x7F;
    out[44] = 0;
    out
}

/// `hhea` of version 1.0, its reserved fields zero, with one full metric per glyph.
fn hhea(hhea: &[u8], num_glyphs: u16) -> Vec<u8> {
    let mut out = vec![0, 1, 0, 0];
    out.extend_from_slice(&hhea[4..24]);
    out.extend_from_slice(&[0; 10]);
    out.extend_from_slice(&num_glyphs.to_be_bytes());
    out
}

fn hmtx(tables: &Tables<'_>, old_ids: &[u16]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(old_ids.len() * 4);
    for &gid in old_ids {
        out.extend_from_slice(&tables.metrics(gid)?);
    }
    Some(out)
}

fn loca(offsets: &[u32], long: bool) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(offsets.len() * if long { 4 } else { 2 });
    for &offset in offsets {
        match long {
            true => out.extend_from_slice(&offset.to_be_bytes()),
            false => out.extend_from_slice(&u16::try_from(offset / 2).ok()?.to_be_bytes()),
        }
    }
    Some(out)
}

/// `maxp` with the subset's glyph count: version 1.0 keeps its limits, 0.5 has none.
fn maxp(maxp: &[u8], num_glyphs: u16) -> Vec<u8> {
    let mut out = Vec::with_capacity(32);
    match maxp
        .get(6..32)
        .filter(|_| be_u32(maxp, 0) == Some(0x0001_0000))
    {
        Some(limits) => {
            out.extend_from_slice(&[0, 1, 0, 0]);
            out.extend_from_slice(&num_glyphs.to_be_bytes());
            out.extend_from_slice(limits);
        }
        None => {
            out.extend_from_slice(&[0, 0, 0x50, 0]);
            out.extend_from_slice(&num_glyphs.to_be_bytes());
        }
    }
    out
}

/// `post` of version 3.0: the header alone, no glyph names.
fn post(post: &[u8]) -> Vec<u8> {
    let mut out = vec![0, 3, 0, 0];
    out.extend_from_slice(&post[4..32]);
    out
}

/// Tables in tag order, assembled into one file.
#[derive(Default)]
struct Builder {
    tables: Vec<([u8; 4], Vec<u8>)>,
}

impl Builder {
    fn add(&mut self, tag: &[u8; 4], data: Vec<u8>) {
        self.tables.push((*tag, data));
    }

    fn finish(mut self) -> Vec<u8> {
        self.tables.sort_by_key(|(tag, _)| *tag);
        let count = self.tables.len() as u16;
        let power = 15 - count.leading_zeros() as u16;
        let search_range = (1u16 << power) * 16;
        let size = 12
            + 16 * self.tables.len()
            + self
                .tables
                .iter()
                .map(|(_, data)| data.len().next_multiple_of(4))
                .sum::<usize>();
        let mut font = Vec::with_capacity(size);
        font.extend_from_slice(&0x0001_0000u32.to_be_bytes());
        push_u16s(
            &mut font,
            &[count, search_range, power, count * 16 - search_range],
        );
        let mut offset = 12 + 16 * self.tables.len();
        let mut total = 0u32;
        for (tag, data) in &mut self.tables {
            let length = data.len();
            data.resize(length.next_multiple_of(4), 0);
            let checksum = checksum(data);
            total = total.wrapping_add(checksum);
            font.extend_from_slice(tag);
            for value in [checksum, offset as u32, length as u32] {
                font.extend_from_slice(&value.to_be_bytes());
            }
            offset += data.len();
        }
        total = total.wrapping_add(checksum(&font));
        let adjustment = 0xB1B0_AFBAu32.wrapping_sub(total);
        for (tag, data) in &mut self.tables {
            if tag == b"head" {
                data[8..12].copy_from_slice(&adjustment.to_be_bytes());
            }
            font.extend_from_slice(data);
        }
        font
    }
}

/// The OpenType checksum: the sum of the big-endian 32-bit words (`data` is padded).
fn checksum(data: &[u8]) -> u32 {
    data.chunks_exact(4)
        .map(|word| u32::from_be_bytes([word[0], word[1], word[2], word[3]]))
        .fold(0, u32::wrapping_add)
}

fn push_u16s(out: &mut Vec<u8>, values: &[u16]) {
    for value in values {
        out.extend_from_slice(&value.to_be_bytes());
    }
}

fn be_u16(data: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes(data.get(at..at + 2)?.try_into().ok()?))
}

fn be_i16(data: &[u8], at: usize) -> Option<i16> {
    be_u16(data, at).map(|value| value as i16)
}

fn be_u32(data: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(data.get(at..at + 4)?.try_into().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::typeset::fonts::{FaceId, Fonts};
    use std::collections::BTreeSet;

    /// The program allsorts' PDF profile makes of the same glyphs.
    fn allsorts(face: &[u8], gids: &[u16]) -> Vec<u8> {
        use allsorts::binary::read::ReadScope;
        use allsorts::font_data::FontData;
        use allsorts::subset::{CmapTarget, SubsetProfile, subset};
        let file = ReadScope::new(face).read::<FontData<'_>>().unwrap();
        let provider = file.table_provider(0).unwrap();
        subset(&provider, gids, &SubsetProfile::Pdf, CmapTarget::Unicode).unwrap()
    }

    /// Glyph sets of many sizes drawn over the whole face, each sorted and starting with 0.
    fn glyph_sets(num_glyphs: u16) -> Vec<Vec<u16>> {
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let mut sets = vec![vec![0], (0..num_glyphs.min(400)).collect()];
        for size in [1usize, 2, 5, 20, 60, 120, 250, 700] {
            for _ in 0..4 {
                let mut set: Vec<u16> = (0..size)
                    .map(|_| (next() % u64::from(num_glyphs)) as u16)
                    .chain([0])
                    .collect();
                set.sort_unstable();
                set.dedup();
                sets.push(set);
            }
        }
        sets
    }

    #[test]
    fn every_face_is_subset_as_allsorts_subsets_it() {
        let fonts = Fonts::load();
        let mut composites = 0;
        for face in FaceId::all() {
            let data = fonts.program(face);
            let tables = Tables::read(data).expect("the face reads");
            for gids in glyph_sets(tables.num_glyphs) {
                composites += gids
                    .iter()
                    .filter(|&&gid| tables.glyph(gid).and_then(|g| be_i16(g, 0)) < Some(0))
                    .count();
                let ours = subset(data, &gids).expect("subsets");
                assert!(
                    ours == allsorts(data, &gids),
                    "{face:?}, {} glyphs from {:?}",
                    gids.len(),
                    &gids[..gids.len().min(8)]
                );
            }
        }
        assert!(composites > 20, "composite glyphs are among those kept");
    }

    /// The mappings read off the segments are those the subtable's own search finds, for
    /// every character of every face (format 4 for the body faces, 12 for the fallbacks).
    #[test]
    fn each_mapping_read_off_the_segments_is_what_the_search_finds() {
        let fonts = Fonts::load();
        let mut formats = BTreeSet::new();
        for face in FaceId::all() {
            let tables = Tables::read(fonts.program(face)).expect("the face reads");
            let cmap = ttf_parser::cmap::Table::parse(tables.cmap).unwrap();
            let subtable = unicode_subtable(&cmap).unwrap();
            let raw = raw_subtable(tables.cmap, &subtable).unwrap();
            formats.insert(be_u16(raw, 0).unwrap());
            let mut searched = Vec::new();
            subtable.codepoints(|code| {
                if let Some(gid) = subtable.glyph_index(code) {
                    searched.push((code, gid.0));
                }
            });
            let mut read = Vec::new();
            each_mapping(raw, &mut |code, gid| read.push((code, gid))).expect("read");
            assert!(
                read == searched,
                "{face:?}: {} against {}",
                read.len(),
                searched.len()
            );
            assert!(read.len() > 2000, "{face:?} maps {}", read.len());
        }
        assert_eq!(formats, BTreeSet::from([4, 12]));
    }

    #[test]
    fn segments_out_of_order_are_left_to_the_search() {
        // Format 4, two segments, the second starting before the first ends.
        let mut table = vec![0, 4, 0, 0, 0, 0, 0, 4, 0, 0, 0, 0, 0, 0];
        table.extend_from_slice(&[0, 20, 0, 30]); // ends
        table.extend_from_slice(&[0, 0]); // pad
        table.extend_from_slice(&[0, 10, 0, 15]); // starts
        table.extend_from_slice(&[0; 8]); // deltas, range offsets
        let mut called = 0;
        assert!(each_mapping(&table, &mut |_, _| called += 1).is_none());
        assert_eq!(called, 0);
        table[22..24].copy_from_slice(&21u16.to_be_bytes());
        assert!(each_mapping(&table, &mut |_, _| called += 1).is_some());
        assert_eq!(called, 11 + 10);
    }

    #[test]
    fn a_glyph_set_without_notdef_or_out_of_order_is_refused() {
        let fonts = Fonts::load();
        let data = fonts.program(FaceId::all().next().unwrap());
        assert!(subset(data, &[3, 4]).is_none());
        assert!(subset(data, &[0, 5, 4]).is_none());
        assert!(subset(data, &[0, 4, 4]).is_none());
        assert!(subset(data, &[0, u16::MAX]).is_none(), "no such glyph");
        assert!(subset(b"not a font", &[0]).is_none());
    }
}
