//! The one PDF writer: a single notice, a mailing of thousands of letters and each split
//! file are all written here, one notice after another. Each page's content stream goes to
//! the output as soon as its notice is added, so memory holds one letter at a time plus a
//! few numbers per object and page (offsets, page ids), however many letters the file holds.
//!
//! The file is tagged (PDF/UA-1): each notice's structure tree is written as soon as its
//! pages are, below the file's Document element (a mailing makes each letter an `/Art` of
//! its own, so a screen reader moves letter by letter); what stays in memory is one number
//! per page and link for the parent tree and one per letter.
//!
//! Fonts are embedded once, at the end, subset to every glyph the document used. Until
//! then content streams name glyphs by their id in the whole face (Identity-H CIDs), and
//! each embedded subset carries a `CIDToGIDMap` from those ids to its own. printpdf is not
//! used: its document model holds every page in memory until it saves (the README gives
//! the figures).

use std::collections::HashMap;
use std::io::{self, Write};
use std::sync::{Arc, Mutex};

use super::content::{Glyphs, Prepared, PreparedPage, Target, resource, text_string};
use super::deflate::deflate;
use super::number::Num;
use super::xmp;
use crate::typeset::fonts::{FaceId, Fonts};
use crate::typeset::page::{NodeId, Role};

const CATALOG: u32 = 1;
const PAGES: u32 = 2;
const INFO: u32 = 3;
/// Type0 font dictionaries, one per face (the body's four styles, then the fallbacks),
/// written last; a face no page used is `null`.
const FONT_BASE: u32 = 4;
/// The dictionary of the fonts used, shared by every page, written last.
const FONT_DICT: u32 = FONT_BASE + FaceId::COUNT as u32;
/// The structure tree's root, and the Document element below it, written last.
const STRUCT_ROOT: u32 = FONT_DICT + 1;
const DOCUMENT: u32 = STRUCT_ROOT + 1;
const FIRST_FREE: u32 = DOCUMENT + 1;

/// The sRGB profile of the output intent (ICC Profiles Free, zlib licence; see
/// `icc/COPYRIGHT`): every colour and image of the file is sRGB.
const SRGB_PROFILE: &[u8] = include_bytes!("icc/sRGB.icc");

/// Document facts for the Info dictionary, the XMP metadata and the catalog.
pub struct DocMeta<'a> {
    pub title: &'a str,
    pub author: &'a str,
    pub subject: &'a str,
    pub keywords: &'a [String],
    pub lang: &'a str,
    /// Seconds since the Unix epoch, for the creation date.
    pub timestamp: i64,
    /// Seed of the document ID.
    pub fingerprint: u64,
}

/// What the file holds: one notice, whose structure is the document's, or letters, each
/// an article of the document.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Notice,
    Letters,
}

/// A PDF being written one page at a time into `W`.
pub struct PdfStream<'f, W: Write> {
    out: Counting<W>,
    fonts: &'f Fonts,
    cache: &'f FontCache,
    kind: Kind,
    /// Byte offset of each object (0 until written).
    offsets: Offsets,
    page_ids: Vec<u32>,
    /// Per face: glyph id → the character it shows, for glyphs used so far.
    used: [Glyphs; FaceId::COUNT],
    /// Images already written, by a hash of their pixels, so a seal repeated on every
    /// letter is stored once.
    images: HashMap<u64, u32>,
    /// The parent tree, by key (a page's `/StructParents`, a link's `/StructParent`): the
    /// object that says whose content each is.
    parents: Vec<u32>,
    /// The Document element's children: each letter's `/Art`, or the notice's parts.
    document: Vec<u32>,
    notices: usize,
}

/// The file being written, counting its bytes: the cross-reference table gives each
/// object's offset.
struct Counting<W> {
    inner: W,
    written: u64,
}

impl<W: Write> Write for Counting<W> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(bytes)?;
        self.written += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// The byte offset of each object, by id, for the cross-reference table: the one list that
/// grows with every object of every letter, so four bytes an object, with the few that
/// lie past 4 GiB into the file kept apart.
#[derive(Default)]
struct Offsets {
    /// By id - 1; `u32::MAX` for an offset kept in `far`.
    near: Vec<u32>,
    far: HashMap<u32, u64>,
}

impl Offsets {
    fn new(count: u32) -> Offsets {
        Offsets {
            near: vec![0; count as usize],
            far: HashMap::new(),
        }
    }

    /// A new object id, not written yet.
    fn reserve(&mut self) -> u32 {
        self.near.push(0);
        self.near.len() as u32
    }

    fn set(&mut self, id: u32, offset: u64) {
        let Some(slot) = (id as usize)
            .checked_sub(1)
            .and_then(|i| self.near.get_mut(i))
        else {
            return;
        };
        match u32::try_from(offset) {
            Ok(near) if near != u32::MAX => *slot = near,
            _ => {
                *slot = u32::MAX;
                self.far.insert(id, offset);
            }
        }
    }

    fn get(&self, id: u32) -> u64 {
        match (id as usize).checked_sub(1).and_then(|i| self.near.get(i)) {
            Some(&u32::MAX) => self.far.get(&id).copied().unwrap_or(0),
            Some(&near) => u64::from(near),
            None => 0,
        }
    }

    fn len(&self) -> usize {
        self.near.len()
    }
}

/// An entry of a structure element's `/K`.
#[derive(Clone, Copy)]
enum Kid {
    Node(NodeId),
    /// Marked content `mcid` on page object `page`.
    Content {
        page: u32,
        mcid: usize,
    },
    /// Annotation object `annot` on page object `page`.
    Annot {
        page: u32,
        annot: u32,
    },
}

impl<'f, W: Write> PdfStream<'f, W> {
    pub fn new(mut out: W, fonts: &'f Fonts, cache: &'f FontCache, kind: Kind) -> io::Result<Self> {
        let header = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n";
        out.write_all(header)?;
        Ok(PdfStream {
            out: Counting {
                inner: out,
                written: header.len() as u64,
            },
            fonts,
            cache,
            kind,
            offsets: Offsets::new(FIRST_FREE - 1),
            page_ids: Vec::new(),
            used: Default::default(),
            images: HashMap::new(),
            parents: Vec::new(),
            document: Vec::new(),
            notices: 0,
        })
    }

    /// Pages written so far.
    pub fn pages(&self) -> usize {
        self.page_ids.len()
    }

    fn reserve(&mut self) -> u32 {
        self.offsets.reserve()
    }

    fn emit(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.out.write_all(bytes)
    }

    fn object(&mut self, id: u32, body: &[u8]) -> io::Result<()> {
        self.offsets.set(id, self.out.written);
        let mut head = Line::new();
        head.number(id.into());
        head.text(" 0 obj\n");
        self.emit(head.bytes())?;
        self.emit(body)?;
        self.emit(b"\nendobj\n")
    }

    /// A stream object; `dict` names its filter when `data` is already encoded. The data
    /// goes straight to the file, never copied into an object's body.
    fn stream(&mut self, id: u32, dict: &str, data: &[u8]) -> io::Result<()> {
        self.offsets.set(id, self.out.written);
        write!(
            self.out,
            "{id} 0 obj\n<< {dict} /Length {} >>\nstream\n",
            data.len()
        )?;
        self.emit(data)?;
        self.emit(b"\nendstream\nendobj\n")
    }

    /// An object whose body is `open`, the references `ids`, then `close`, written a line
    /// at a time: lists that grow with the page or letter count are never one string.
    fn list_object(&mut self, id: u32, open: &str, ids: &[u32], close: &str) -> io::Result<()> {
        self.offsets.set(id, self.out.written);
        write!(self.out, "{id} 0 obj\n{open}")?;
        let mut line = String::with_capacity(64 * 12);
        for chunk in ids.chunks(64) {
            line.clear();
            for &id in chunk {
                push_reference(&mut line, id);
            }
            line.push('\n');
            self.emit(line.as_bytes())?;
        }
        self.emit(close.as_bytes())?;
        self.emit(b"\nendobj\n")
    }

    /// Appends a prepared notice's pages and its structure, then blank pages up to a
    /// multiple of `pad_to` (2 for duplex printing, so the next letter starts on a new sheet).
    pub fn append(&mut self, notice: &Prepared, pad_to: usize) -> io::Result<usize> {
        if self.kind == Kind::Notice && self.notices > 0 {
            return Err(io::Error::other("a notice's PDF holds one notice"));
        }
        self.notices += 1;
        let mut image_ids = Vec::with_capacity(notice.images.len());
        for picture in &notice.images {
            let key = hash(&picture.rgb) ^ ((picture.width as u64) << 32) ^ picture.height as u64;
            let id = match self.images.get(&key) {
                Some(&id) => id,
                None => {
                    let id = self.reserve();
                    let dict = format!(
                        "/Type /XObject /Subtype /Image /Width {} /Height {} /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /FlateDecode",
                        picture.width, picture.height
                    );
                    self.stream(id, &dict, &deflate(&picture.rgb)?)?;
                    self.images.insert(key, id);
                    id
                }
            };
            image_ids.push(id);
        }
        for (face, used) in notice.used.iter().enumerate() {
            self.used[face].merge(used);
        }
        let elements = self.element_ids(notice);
        // Every page's object number is known before the first is written, so a link
        // may jump forward within its notice.
        let page_ids: Vec<u32> = notice.pages.iter().map(|_| self.reserve()).collect();
        let mut kids: Vec<Vec<Kid>> = vec![Vec::new(); notice.nodes.len()];
        let mut listed = vec![false; notice.nodes.len()];
        for (page, &page_id) in notice.pages.iter().zip(&page_ids) {
            let annots = self.page(page_id, page, &image_ids, &page_ids, &elements)?;
            for (mcid, &node) in page.marks.iter().enumerate() {
                list(notice, &mut kids, &mut listed, node);
                if let Some(k) = kids.get_mut(node as usize) {
                    k.push(Kid::Content {
                        page: page_id,
                        mcid,
                    });
                }
            }
            for (annot, node) in annots {
                list(notice, &mut kids, &mut listed, node);
                if let Some(k) = kids.get_mut(node as usize) {
                    k.push(Kid::Annot {
                        page: page_id,
                        annot,
                    });
                }
            }
        }
        self.structure(notice, &elements, kids)?;
        let mut count = notice.pages.len();
        let pad_to = pad_to.max(1);
        if let Some(last) = notice.pages.last() {
            while !count.is_multiple_of(pad_to) {
                let blank = PreparedPage::blank(last.width, last.height)?;
                let id = self.reserve();
                self.page(id, &blank, &[], &[], &[])?;
                count += 1;
            }
        }
        Ok(count)
    }

    /// The object number of each node's structure element, 0 for a node with no content
    /// below it (it is not written). The notice as a whole is the Document element itself
    /// in a notice's file, an article of its own in a file of letters.
    fn element_ids(&mut self, notice: &Prepared) -> Vec<u32> {
        let count = notice.nodes.len();
        let mut filled = vec![false; count];
        for page in &notice.pages {
            for &node in &page.marks {
                if let Some(f) = filled.get_mut(node as usize) {
                    *f = true;
                }
            }
            for node in page.links.iter().filter_map(|l| l.node) {
                if let Some(f) = filled.get_mut(node as usize) {
                    *f = true;
                }
            }
        }
        // A parent comes before its children, so one pass from the end fills ancestors.
        for i in (0..count).rev() {
            if filled[i]
                && let Some(parent) = notice.nodes[i].parent
                && let Some(f) = filled.get_mut(parent as usize)
            {
                *f = true;
            }
        }
        (0..count)
            .map(|i| match (filled[i], i, self.kind) {
                (false, _, _) => 0,
                (true, 0, Kind::Notice) => DOCUMENT,
                (true, _, _) => self.reserve(),
            })
            .collect()
    }

    /// Writes the notice's structure elements, each with its children in reading order.
    fn structure(&mut self, notice: &Prepared, ids: &[u32], kids: Vec<Vec<Kid>>) -> io::Result<()> {
        let nodes = &notice.nodes;
        for (i, mut own) in kids.into_iter().enumerate() {
            let id = ids[i];
            if id == 0 {
                continue;
            }
            let node = &nodes[i];
            if i == 0 {
                // The notice's parts in the order they were set (footnotes last), not the
                // order they first show on a page.
                own.extend(
                    nodes
                        .iter()
                        .enumerate()
                        .filter(|(k, n)| n.parent == Some(0) && ids[*k] != 0)
                        .map(|(k, _)| Kid::Node(k as NodeId)),
                );
            }
            let (role, parent) = match (i, node.parent, self.kind) {
                (0, _, Kind::Notice) => ("Document", STRUCT_ROOT),
                (0, _, Kind::Letters) => ("Art", DOCUMENT),
                (_, Some(p), _) => (node.role.name(), ids[p as usize]),
                (_, None, _) => (node.role.name(), ids[0]),
            };
            let mut body = String::with_capacity(64 + 40 * own.len());
            body.push_str("<< /Type /StructElem /S /");
            body.push_str(role);
            body.push_str(" /P ");
            push_reference(&mut body, parent);
            body.push_str("/K ");
            // A single child stands alone rather than in an array: both are valid, and
            // some checkers read only the first form for headings.
            let single = own.len() == 1;
            if !single {
                body.push('[');
            }
            for kid in own {
                match kid {
                    Kid::Node(k) => push_reference(&mut body, ids[k as usize]),
                    Kid::Content { page, mcid } => {
                        body.push_str("<< /Type /MCR /Pg ");
                        push_reference(&mut body, page);
                        body.push_str("/MCID ");
                        push_decimal(&mut body, mcid as u64);
                        body.push_str(" >> ");
                    }
                    Kid::Annot { page, annot } => {
                        body.push_str("<< /Type /OBJR /Pg ");
                        push_reference(&mut body, page);
                        body.push_str("/Obj ");
                        push_reference(&mut body, annot);
                        body.push_str(">> ");
                    }
                }
            }
            if !single {
                body.push(']');
            }
            if let Some(alt) = &node.alt {
                body.push_str(&format!(" /Alt {}", text_string(alt)));
            }
            if node.role == Role::Note {
                // PDF/UA asks every note for an identifier unique in the file.
                body.push_str(&format!(" /ID (note-{id})"));
            }
            if node.role == Role::TH {
                body.push_str(" /A << /O /Table /Scope /Column >>");
            }
            if i == 0 {
                body.push_str(&format!(" /Lang {}", literal(&notice.lang)));
                if self.kind == Kind::Letters {
                    self.document.push(id);
                }
            }
            body.push_str(" >>");
            self.object(id, body.as_bytes())?;
        }
        Ok(())
    }

    /// Writes a page, its links and its part of the parent tree; returns each link
    /// annotation written with its node.
    fn page(
        &mut self,
        page_id: u32,
        page: &PreparedPage,
        image_ids: &[u32],
        notice_pages: &[u32],
        elements: &[u32],
    ) -> io::Result<Vec<(u32, NodeId)>> {
        let content_id = self.reserve();
        self.stream(content_id, "/Filter /FlateDecode", &page.content)?;
        let mut annots = Vec::with_capacity(page.links.len());
        let mut refs = Vec::with_capacity(page.links.len());
        // Written piece by piece rather than with `format!`: every link of every letter
        // comes here.
        let mut body = String::new();
        for link in &page.links {
            let dest = match &link.target {
                Target::Uri(_) => None,
                Target::Page { index, top } => match notice_pages.get(*index) {
                    Some(&id) => Some((id, *top)),
                    None => continue,
                },
            };
            let id = self.reserve();
            let element = link
                .node
                .and_then(|n| elements.get(n as usize).copied())
                .filter(|&e| e != 0);
            body.clear();
            body.push_str("<< /Type /Annot /Subtype /Link /Rect [");
            for (k, v) in link.rect.into_iter().enumerate() {
                if k > 0 {
                    body.push(' ');
                }
                Num(v).push_to(&mut body);
            }
            body.push_str("] /Border [0 0 0] /F 4 /Contents ");
            body.push_str(&text_string(&link.contents));
            body.push(' ');
            if let Some(element) = element {
                self.parents.push(element);
                body.push_str("/StructParent ");
                push_decimal(&mut body, (self.parents.len() - 1) as u64);
                body.push(' ');
            }
            match (&link.target, dest) {
                (_, Some((page, top))) => {
                    body.push_str("/Dest [");
                    push_reference(&mut body, page);
                    body.push_str("/XYZ null ");
                    Num(top).push_to(&mut body);
                    body.push_str(" null]");
                }
                (Target::Uri(uri), None) => {
                    body.push_str("/A << /S /URI /URI ");
                    body.push_str(&literal(uri));
                    body.push_str(" >>");
                }
                (Target::Page { .. }, None) => {}
            }
            body.push_str(" >>");
            self.object(id, body.as_bytes())?;
            refs.push(id);
            if let (Some(_), Some(node)) = (element, link.node) {
                annots.push((id, node));
            }
        }
        let mut dict = String::with_capacity(256);
        dict.push_str("<< /Type /Page /Parent ");
        push_reference(&mut dict, PAGES);
        dict.push_str("/MediaBox [0 0 ");
        Num(page.width).push_to(&mut dict);
        dict.push(' ');
        Num(page.height).push_to(&mut dict);
        dict.push_str("] /Contents ");
        push_reference(&mut dict, content_id);
        dict.push_str("/Tabs /S /Resources << /Font ");
        push_reference(&mut dict, FONT_DICT);
        if !page.images.is_empty() {
            dict.push_str("/XObject << ");
            for &index in &page.images {
                if let Some(&id) = image_ids.get(index) {
                    dict.push_str("/IMG");
                    push_decimal(&mut dict, index as u64);
                    dict.push(' ');
                    push_reference(&mut dict, id);
                }
            }
            dict.push_str(">> ");
        }
        dict.push_str(">> ");
        if !page.marks.is_empty() {
            // The page's part of the parent tree: the element of each MCID.
            let array = self.reserve();
            let owners: Vec<u32> = page
                .marks
                .iter()
                .map(|&n| elements.get(n as usize).copied().unwrap_or(0))
                .collect();
            self.list_object(array, "[", &owners, "]")?;
            self.parents.push(array);
            dict.push_str("/StructParents ");
            push_decimal(&mut dict, (self.parents.len() - 1) as u64);
            dict.push(' ');
        }
        if !refs.is_empty() {
            dict.push_str("/Annots [");
            for (k, &id) in refs.iter().enumerate() {
                if k > 0 {
                    dict.push(' ');
                }
                push_decimal(&mut dict, id.into());
                dict.push_str(" 0 R");
            }
            dict.push_str("] ");
        }
        dict.push_str(">>");
        self.object(page_id, dict.as_bytes())?;
        self.page_ids.push(page_id);
        Ok(annots)
    }

    /// Embeds the fonts, writes the structure tree's root, the page tree, metadata,
    /// catalog, cross-reference table and trailer.
    pub fn finish(mut self, meta: &DocMeta<'_>) -> io::Result<W> {
        let mut font_dict = String::from("<< ");
        for face in FaceId::all() {
            let id = FONT_BASE + face.index() as u32;
            if self.font(face, id)? {
                font_dict.push_str(&format!("/{} {id} 0 R ", resource(face)));
            }
        }
        font_dict.push_str(">>");
        self.object(FONT_DICT, font_dict.as_bytes())?;

        if self.kind == Kind::Letters || self.notices == 0 || self.offsets.get(DOCUMENT) == 0 {
            let document = std::mem::take(&mut self.document);
            let open = format!(
                "<< /Type /StructElem /S /Document /P {STRUCT_ROOT} 0 R /Lang {} /K [",
                literal(meta.lang)
            );
            self.list_object(DOCUMENT, &open, &document, "] >>")?;
        }
        let parent_tree = self.reserve();
        let parents = std::mem::take(&mut self.parents);
        self.offsets.set(parent_tree, self.out.written);
        self.emit(format!("{parent_tree} 0 obj\n<< /Nums [").as_bytes())?;
        let mut line = String::with_capacity(64 * 20);
        for (chunk_at, chunk) in parents.chunks(64).enumerate() {
            line.clear();
            for (k, &id) in chunk.iter().enumerate() {
                push_decimal(&mut line, (chunk_at * 64 + k) as u64);
                line.push(' ');
                push_reference(&mut line, id);
            }
            line.push('\n');
            self.emit(line.as_bytes())?;
        }
        self.emit(b"] >>\nendobj\n")?;
        let root = format!(
            "<< /Type /StructTreeRoot /K {DOCUMENT} 0 R /ParentTree {parent_tree} 0 R /ParentTreeNextKey {} >>",
            parents.len()
        );
        self.object(STRUCT_ROOT, root.as_bytes())?;

        // The page tree and cross-reference table are written a line at a time: they are
        // the only parts that grow with the page count.
        let page_ids = std::mem::take(&mut self.page_ids);
        let open = format!("<< /Type /Pages /Count {} /Kids [", page_ids.len());
        self.list_object(PAGES, &open, &page_ids, "] >>")?;

        let producer = format!("noticegen {}", env!("CARGO_PKG_VERSION"));
        let metadata = self.reserve();
        let packet = xmp::packet(&xmp::Facts {
            title: meta.title,
            author: meta.author,
            subject: meta.subject,
            keywords: &meta.keywords.join(", "),
            producer: &producer,
            timestamp: meta.timestamp,
        });
        // Left uncompressed, as PDF/A asks, so tools that do not parse PDF can read it.
        self.stream(metadata, "/Type /Metadata /Subtype /XML", packet.as_bytes())?;
        // PDF/A: the colours are sRGB, as the output intent's profile says.
        let profile = self.reserve();
        self.stream(
            profile,
            "/N 3 /Filter /FlateDecode",
            &deflate(SRGB_PROFILE)?,
        )?;
        let intent = self.reserve();
        let body = format!(
            "<< /Type /OutputIntent /S /GTS_PDFA1 /OutputConditionIdentifier (sRGB IEC61966-2.1) /Info (sRGB IEC61966-2.1) /DestOutputProfile {profile} 0 R >>"
        );
        self.object(intent, body.as_bytes())?;
        let catalog = format!(
            "<< /Type /Catalog /Pages {PAGES} 0 R /Lang {} /Metadata {metadata} 0 R /MarkInfo << /Marked true >> /StructTreeRoot {STRUCT_ROOT} 0 R /OutputIntents [{intent} 0 R] /ViewerPreferences << /DisplayDocTitle true >> >>",
            literal(meta.lang)
        );
        self.object(CATALOG, catalog.as_bytes())?;
        let date = pdf_date(meta.timestamp);
        let mut info = format!("<< /Title {}", text_string(meta.title));
        // Only what the XMP packet says too, so the two agree.
        for (key, value) in [("Author", meta.author), ("Subject", meta.subject)] {
            if !value.trim().is_empty() {
                info.push_str(&format!(" /{key} {}", text_string(value)));
            }
        }
        if !meta.keywords.is_empty() {
            info.push_str(&format!(
                " /Keywords {}",
                text_string(&meta.keywords.join(", "))
            ));
        }
        info.push_str(&format!(
            " /Creator {p} /Producer {p} /CreationDate {date} /ModDate {date} >>",
            p = text_string(&producer)
        ));
        self.object(INFO, info.as_bytes())?;

        let xref_at = self.out.written;
        let count = self.offsets.len();
        self.emit(format!("xref\n0 {}\n0000000000 65535 f \n", count + 1).as_bytes())?;
        let offsets = std::mem::take(&mut self.offsets);
        let mut lines = String::with_capacity(256 * 20);
        for from in (1..=count).step_by(256) {
            lines.clear();
            for id in from..(from + 256).min(count + 1) {
                push_padded(&mut lines, offsets.get(id as u32), 10);
                lines.push_str(" 00000 n \n");
            }
            self.emit(lines.as_bytes())?;
        }
        let id = format!(
            "{:016x}{:016x}",
            meta.fingerprint,
            meta.fingerprint.rotate_left(29)
        );
        let xref = format!(
            "trailer\n<< /Size {} /Root {CATALOG} 0 R /Info {INFO} 0 R /ID [<{id}> <{id}>] >>\nstartxref\n{xref_at}\n%%EOF\n",
            count + 1
        );
        self.emit(xref.as_bytes())?;
        self.out.flush()?;
        Ok(self.out.inner)
    }

    /// One face as a Type0/CIDFontType2 font holding the glyphs the document used;
    /// false when no page used the face.
    fn font(&mut self, face_id: FaceId, type0: u32) -> io::Result<bool> {
        let used = std::mem::take(&mut self.used[face_id.index()]);
        if used.is_empty() {
            // Keeps the cross-reference table dense; nothing refers to it.
            self.object(type0, b"null")?;
            return Ok(false);
        }
        let mut gids: Vec<u16> = std::iter::once(0)
            .chain(used.iter().map(|(g, _)| g))
            .collect();
        gids.sort_unstable();
        gids.dedup();
        let face = self.fonts.by_id(face_id);
        let style = face_id.style();
        let metrics = face.metrics();
        let program = self.cache.program(self.fonts, face_id, &gids)?;
        let tag = &program.tag;
        let subsetted = !tag.is_empty();
        let name = if subsetted {
            format!("{tag}+{}", face.postscript_name)
        } else {
            face.postscript_name.clone()
        };

        let file = self.reserve();
        self.stream(
            file,
            &format!("/Length1 {} /Filter /FlateDecode", program.length),
            &program.deflated,
        )?;
        let descriptor = self.reserve();
        // Nonsymbolic, italic where it is; serif for the body faces.
        let flags = 32 | if face_id.serif() { 2 } else { 0 } | if style.italic() { 64 } else { 0 };
        let body = format!(
            "<< /Type /FontDescriptor /FontName /{name} /Flags {flags} /FontBBox [{} {} {} {}] /ItalicAngle {} /Ascent {} /Descent {} /CapHeight {} /StemV {} /FontFile2 {file} 0 R >>",
            metrics.bbox[0],
            metrics.bbox[1],
            metrics.bbox[2],
            metrics.bbox[3],
            Num(metrics.italic_angle),
            metrics.ascent,
            metrics.descent,
            metrics.cap_height,
            if style.bold() { 140 } else { 80 },
        );
        self.object(descriptor, body.as_bytes())?;

        // CID (the whole face's glyph id) → glyph id in the subset, which keeps the
        // order of `gids`.
        let max = gids.last().copied().unwrap_or(0) as usize;
        let mut map = vec![0u8; (max + 1) * 2];
        for (new, &old) in gids.iter().enumerate() {
            let new = if subsetted { new as u16 } else { old };
            map[old as usize * 2..old as usize * 2 + 2].copy_from_slice(&new.to_be_bytes());
        }
        let cid_map = self.reserve();
        self.stream(cid_map, "/Filter /FlateDecode", &deflate(&map)?)?;

        let mut widths = String::new();
        for &gid in &gids {
            widths.push_str(&format!("{gid} [{}] ", face.advance(gid) as u32));
        }
        let cid_font = self.reserve();
        let body = format!(
            "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /{name} /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor {descriptor} 0 R /DW 0 /W [{}] /CIDToGIDMap {cid_map} 0 R >>",
            widths.trim_end()
        );
        self.object(cid_font, body.as_bytes())?;

        let to_unicode = self.reserve();
        let cmap = to_unicode_cmap(&used);
        self.stream(
            to_unicode,
            "/Filter /FlateDecode",
            &deflate(cmap.as_bytes())?,
        )?;

        let body = format!(
            "<< /Type /Font /Subtype /Type0 /BaseFont /{name} /Encoding /Identity-H /DescendantFonts [{cid_font} 0 R] /ToUnicode {to_unicode} 0 R >>"
        );
        self.object(type0, body.as_bytes())?;
        Ok(true)
    }
}

/// Lists `node` as a child of its parent, and the parent of its own, the first time
/// content of theirs is written: children then come in the order they are read. The
/// notice as a whole lists its parts itself.
fn list(notice: &Prepared, kids: &mut [Vec<Kid>], listed: &mut [bool], node: NodeId) {
    let mut child = node as usize;
    while let Some(seen) = listed.get_mut(child)
        && !*seen
    {
        *seen = true;
        match notice.nodes.get(child).and_then(|n| n.parent) {
            Some(parent) if parent != 0 => {
                if let Some(k) = kids.get_mut(parent as usize) {
                    k.push(Kid::Node(child as NodeId));
                }
                child = parent as usize;
            }
            _ => break,
        }
    }
}

/// A face's program as embedded: deflated, its length before, and the subset tag (empty
/// when the whole face is embedded).
pub struct Program {
    deflated: Vec<u8>,
    length: usize,
    tag: String,
}

/// Subset programs already built, by face and glyph list: the notices of one build use
/// nearly the same glyphs, so most files reuse a subset instead of building one.
#[derive(Default)]
pub struct FontCache(Mutex<HashMap<SubsetKey, Arc<Program>>>);

/// A face and the sorted glyph ids its subset keeps.
type SubsetKey = (FaceId, Vec<u16>);

impl FontCache {
    /// Beyond this many subsets the cache starts over, bounding its memory.
    const LIMIT: usize = 256;

    fn program(&self, fonts: &Fonts, face: FaceId, gids: &[u16]) -> io::Result<Arc<Program>> {
        let key = (face, gids.to_vec());
        if let Some(found) = self.0.lock().ok().and_then(|map| map.get(&key).cloned()) {
            return Ok(found);
        }
        let (bytes, tag) = match fonts.subset_program(face, gids) {
            Some(bytes) => (bytes, subset_tag(gids)),
            // Subsetting failed: embed the whole face, whose glyph ids are the CIDs.
            None => (fonts.program(face).to_vec(), String::new()),
        };
        let program = Arc::new(Program {
            deflated: deflate(&bytes)?,
            length: bytes.len(),
            tag,
        });
        if let Ok(mut map) = self.0.lock() {
            if map.len() >= Self::LIMIT {
                map.clear();
            }
            map.insert(key, Arc::clone(&program));
        }
        Ok(program)
    }
}

/// Six capitals derived from the glyph set (ISO 32000-1 9.6.4), the same on every run.
fn subset_tag(gids: &[u16]) -> String {
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

fn to_unicode_cmap(used: &Glyphs) -> String {
    let pairs: Vec<(u16, char)> = used.iter().collect();
    let mut cmap = String::from(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
    );
    for chunk in pairs.chunks(100) {
        cmap.push_str(&format!("{} beginbfchar\n", chunk.len()));
        for (gid, c) in chunk {
            let mut units = [0u16; 2];
            let hex: String = c
                .encode_utf16(&mut units)
                .iter()
                .map(|u| format!("{u:04X}"))
                .collect();
            cmap.push_str(&format!("<{gid:04X}> <{hex}>\n"));
        }
        cmap.push_str("endbfchar\n");
    }
    cmap.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    cmap
}

/// A PDF literal string of ASCII text, escaped.
fn literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('(');
    for c in text.chars() {
        match c {
            '(' | ')' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_ascii() && !c.is_ascii_control() => out.push(c),
            _ => out.push('?'),
        }
    }
    out.push(')');
    out
}

/// An object's first line, built on the stack. The writer puts a few numbers into every one
/// of a mailing's half-million objects, cross-reference lines and parent-tree entries, and
/// formatting them with `format!` and `write!` took a tenth of the writer's time; the
/// helpers below write the same digits with `itoa`.
struct Line {
    bytes: [u8; 48],
    len: usize,
}

impl Line {
    fn new() -> Line {
        Line {
            bytes: [0; 48],
            len: 0,
        }
    }

    fn text(&mut self, text: &str) {
        let end = self.len + text.len();
        if let Some(slot) = self.bytes.get_mut(self.len..end) {
            slot.copy_from_slice(text.as_bytes());
            self.len = end;
        }
    }

    fn number(&mut self, n: u64) {
        self.text(itoa::Buffer::new().format(n));
    }

    fn bytes(&self) -> &[u8] {
        self.bytes.get(..self.len).unwrap_or_default()
    }
}

/// `n` in decimal, as `{n}` formats it.
fn push_decimal(out: &mut String, n: u64) {
    out.push_str(itoa::Buffer::new().format(n));
}

/// `n` in decimal with zeros before it to `width` digits, as `{n:0width$}` formats it.
fn push_padded(out: &mut String, n: u64, width: usize) {
    let mut digits = itoa::Buffer::new();
    let digits = digits.format(n);
    for _ in digits.len()..width {
        out.push('0');
    }
    out.push_str(digits);
}

/// An indirect reference and a space: `12 0 R `.
fn push_reference(out: &mut String, id: u32) {
    push_decimal(out, id.into());
    out.push_str(" 0 R ");
}

fn pdf_date(timestamp: i64) -> String {
    let dt = chrono::DateTime::from_timestamp(timestamp, 0).unwrap_or_default();
    format!("(D:{}Z)", dt.format("%Y%m%d%H%M%S"))
}

fn hash(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ bytes.len() as u64;
    for &b in bytes {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_written_as_format_writes_them() {
        for n in [
            0,
            7,
            10,
            99,
            1_000,
            4_294_967_295,
            9_999_999_999,
            12_345_678_901,
            u64::MAX,
        ] {
            let mut plain = String::new();
            push_decimal(&mut plain, n);
            assert_eq!(plain, format!("{n}"));
            let mut padded = String::new();
            push_padded(&mut padded, n, 10);
            assert_eq!(padded, format!("{n:010}"));
            let mut line = Line::new();
            line.number(n);
            line.text(" 0 obj\n");
            assert_eq!(line.bytes(), format!("{n} 0 obj\n").as_bytes());
        }
        let mut reference = String::new();
        push_reference(&mut reference, 42);
        assert_eq!(reference, "42 0 R ");
    }
    use crate::render::pdf::{PageSetup, PdfRenderer};
    use crate::typeset::Element;

    #[test]
    fn offsets_past_four_gibibytes_are_kept_whole() {
        let mut offsets = Offsets::new(2);
        let id = offsets.reserve();
        offsets.set(1, 17);
        offsets.set(id, 5 << 32);
        offsets.set(2, u64::from(u32::MAX));
        assert_eq!(offsets.get(1), 17);
        assert_eq!(offsets.get(2), u64::from(u32::MAX));
        assert_eq!(offsets.get(id), 5 << 32);
        assert_eq!(offsets.get(9), 0, "an id never reserved");
        assert_eq!(offsets.len(), 3);
    }

    #[test]
    fn a_subset_keeps_the_order_of_the_glyphs_asked_for() {
        // The CIDToGIDMap assumes glyph k of the subset is the k-th glyph asked for; a
        // different order would draw the wrong letters while text extraction still passed.
        let fonts = Fonts::load();
        for style in FaceId::all() {
            let face = fonts.by_id(style);
            let mut gids: Vec<u16> = std::iter::once(0)
                .chain(
                    "Dear Ms. Núñez: é ‘quoted’ — 0123 王小明 مكتب Жанна"
                        .chars()
                        .map(|c| face.glyph(c)),
                )
                .collect();
            gids.sort_unstable();
            gids.dedup();
            let program = fonts.subset_program(style, &gids).expect("subsets");
            let subset = ttf_parser::Face::parse(&program, 0).unwrap();
            let original = ttf_parser::Face::parse(fonts.program(style), 0).unwrap();
            for (new, &old) in gids.iter().enumerate() {
                let a = subset.glyph_hor_advance(ttf_parser::GlyphId(new as u16));
                let b = original.glyph_hor_advance(ttf_parser::GlyphId(old));
                assert_eq!(a, b, "{style:?}: glyph {old} became {new}");
                let bbox_a = subset.glyph_bounding_box(ttf_parser::GlyphId(new as u16));
                let bbox_b = original.glyph_bounding_box(ttf_parser::GlyphId(old));
                assert_eq!(bbox_a, bbox_b, "{style:?}: outline of glyph {old}");
            }
        }
    }

    fn letter(markdown: &str) -> crate::notice::Notice {
        crate::notice::Notice {
            court: "nmd".into(),
            kind: "letter".into(),
            meta: crate::notice::NoticeMeta {
                title: "A letter".into(),
                description: String::new(),
                author: "Clerk".into(),
                subject: String::new(),
                keywords: Vec::new(),
                date: chrono::NaiveDate::from_ymd_opt(2020, 1, 21).unwrap(),
                layout: crate::notice::Layout::Letter,
                lang: "en-US".into(),
                words: crate::lang::Strings::diagnostics(),
            },
            markdown: markdown.into(),
            footer: None,
            assets: None,
        }
    }

    #[test]
    fn letters_pad_to_sheets_and_fonts_are_embedded_once() {
        let renderer = PdfRenderer::new(PageSetup::default());
        let long = "Text of the letter, long enough to need a second page. ".repeat(120);
        let mut mailing = renderer.mailing(Vec::new(), true).unwrap();
        let mut counts = Vec::new();
        for name in ["Ann Lee", "Bo Diaz", "Cy Young"] {
            let notice = letter(&format!("Dear {name}:\n\n{long}\n"));
            let layout = renderer.layout(&notice);
            assert_eq!(layout.pages.len(), 2);
            counts.push(mailing.add(&renderer.prepare(layout).unwrap()).unwrap());
        }
        let one = letter("Dear Di:\n\nShort.\n");
        counts.push(
            mailing
                .add(&renderer.prepare(renderer.layout(&one)).unwrap())
                .unwrap(),
        );
        assert_eq!(
            counts,
            [2, 2, 2, 2],
            "the one-page letter gets a blank back"
        );
        let bytes = mailing.finish(&one.meta).unwrap();
        let doc = lopdf::Document::load_mem(&bytes).expect("a readable PDF");
        assert_eq!(doc.get_pages().len(), 8);
        let font_programs = doc
            .objects
            .values()
            .filter(|o| matches!(o, lopdf::Object::Stream(s) if s.dict.get(b"Length1").is_ok()))
            .count();
        assert_eq!(
            font_programs, 1,
            "one subset of the regular face for all letters"
        );
    }

    #[test]
    fn the_address_block_sits_in_the_envelope_window() {
        let renderer = PdfRenderer::new(PageSetup::default());
        let notice = letter(
            "<div class=\"letterhead\">\n\n**COURT**\\\nDistrict\n\n</div>\n\n<div class=\"address\">\n\nMs. Ann Lee\\\n1 Main St.\\\nAlbuquerque, NM 87102\n\n</div>\n\nJanuary 21, 2020\n\nDear Ms. Lee:\n",
        );
        let layout = renderer.layout(&notice);
        let runs: Vec<&crate::typeset::page::TextRun> = layout.pages[0]
            .elements
            .iter()
            .filter_map(|e| match e {
                Element::Text(run) => Some(run),
                _ => None,
            })
            .collect();
        let name = runs.iter().find(|r| r.text.contains("Ann")).unwrap();
        let window = crate::render::pdf::ENVELOPE_WINDOW;
        assert_eq!(name.x, crate::render::pdf::ADDRESS_LEFT);
        assert!(name.y - 0.891 * name.size > window.top, "{name:?}");
        let city = runs.iter().find(|r| r.text.contains("87102")).unwrap();
        assert!(
            city.y + 0.216 * city.size < window.bottom,
            "the block ends inside the window: {city:?}"
        );
        let date = runs.iter().find(|r| r.text.contains("January")).unwrap();
        assert!(date.y > city.y, "what follows comes after the block");
    }
}
