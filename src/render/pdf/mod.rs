//! PDF renderer: the typesetter (`crate::typeset`) lays a notice out on pages, and the
//! writer here turns those pages into bytes.

mod content;
mod deflate;
mod number;
mod pieces;
mod runs;
mod stream;
mod xmp;

use std::ops::Deref;

use crate::error::Error;
use crate::notice::{Notice, NoticeMeta};
use crate::render::{Format, Renderer};

pub use crate::typeset::{
    ADDRESS_LEFT, ENVELOPE_WINDOW, Element, FontStyle, Layout, Page, PageSetup, Paper, Picture,
    TextRun, Typesetter,
};

/// Typesets notices and writes them as PDF, through one writer (`stream`) for a single
/// notice, a mailing and the split files alike.
pub struct PdfRenderer {
    typesetter: Typesetter,
    fonts: stream::FontCache,
    /// Whether content streams are deflated in remembered pieces (see `pieces`), for the
    /// letters of a mailing, rather than whole.
    in_pieces: bool,
}

impl PdfRenderer {
    pub fn new(setup: PageSetup) -> Self {
        PdfRenderer {
            typesetter: Typesetter::new(setup),
            fonts: stream::FontCache::default(),
            in_pieces: false,
        }
    }

    /// A renderer for the letters of a mailing, which draw the same lines on most of their
    /// pages: their content streams are deflated in pieces remembered from letter to letter,
    /// for a file about 8 % larger.
    pub fn for_mailing(setup: PageSetup) -> Self {
        PdfRenderer {
            in_pieces: true,
            ..PdfRenderer::new(setup)
        }
    }
}

/// The renderer lays out as its typesetter does (`renderer.layout(&notice)`).
impl Deref for PdfRenderer {
    type Target = Typesetter;

    fn deref(&self) -> &Typesetter {
        &self.typesetter
    }
}

/// Many notices written one after another into one PDF (a mailing): each starts on a new
/// sheet, keeps its own "Page N of M", and the fonts are embedded once for the whole file.
/// Pages go to the writer as each notice is added, so memory does not grow with the count.
pub struct Mailing<'r, W: std::io::Write> {
    stream: stream::PdfStream<'r, W>,
    pad_to: usize,
}

impl PdfRenderer {
    /// Starts a mailing into `out`; with `duplex`, each notice is padded with a blank page
    /// to an even count so the next one starts on the front of a sheet.
    pub fn mailing<W: std::io::Write>(
        &self,
        out: W,
        duplex: bool,
    ) -> std::io::Result<Mailing<'_, W>> {
        Ok(Mailing {
            stream: stream::PdfStream::new(
                out,
                &self.typesetter.fonts,
                &self.fonts,
                stream::Kind::Letters,
            )?,
            pad_to: if duplex { 2 } else { 1 },
        })
    }

    /// Turns a layout into PDF content for [`Mailing::add`] or [`PdfRenderer::write`]; the
    /// costly part of writing, so mailings run it on every core and keep only the writing
    /// in order.
    pub fn prepare(&self, layout: Layout) -> std::io::Result<PreparedNotice> {
        let deflate = match self.in_pieces {
            true => pieces::deflate_in_pieces,
            false => deflate::deflate,
        };
        content::prepare(&self.typesetter.fonts, layout, deflate)
    }

    /// One notice as a PDF file of its own, from content made by [`PdfRenderer::prepare`]
    /// (a mailing's split files reuse the content of the letter in the mailing).
    pub fn write(&self, notice: &Notice, prepared: &PreparedNotice) -> std::io::Result<Vec<u8>> {
        let mut pdf = stream::PdfStream::new(
            Vec::with_capacity(prepared.room()),
            &self.typesetter.fonts,
            &self.fonts,
            stream::Kind::Notice,
        )?;
        pdf.append(prepared, 1)?;
        pdf.finish(&doc_meta(&notice.meta, fingerprint(notice)))
    }
}

/// A laid-out notice turned into PDF content for a [`Mailing`], on any thread.
pub use content::Prepared as PreparedNotice;

impl<W: std::io::Write> Mailing<'_, W> {
    /// Writes a notice made ready by [`PdfRenderer::prepare`]; returns the pages it took,
    /// blank padding included.
    pub fn add(&mut self, notice: &PreparedNotice) -> std::io::Result<usize> {
        self.stream.append(notice, self.pad_to)
    }

    /// Pages written so far.
    pub fn pages(&self) -> usize {
        self.stream.pages()
    }

    /// Embeds the fonts and closes the file; `meta` describes the mailing as a whole.
    pub fn finish(self, meta: &NoticeMeta) -> std::io::Result<W> {
        let seed = fnv(&[
            &self.stream.pages().to_le_bytes(),
            meta.title.as_bytes(),
            meta.date.to_string().as_bytes(),
        ]);
        self.stream.finish(&doc_meta(meta, seed))
    }
}

/// What the file says of itself, from the notice's facts: the one place the language
/// and date fall back when a notice has none.
fn doc_meta(meta: &NoticeMeta, fingerprint: u64) -> stream::DocMeta<'_> {
    stream::DocMeta {
        title: &meta.title,
        author: &meta.author,
        subject: &meta.subject,
        keywords: &meta.keywords,
        lang: crate::typeset::document_lang(&meta.lang),
        timestamp: timestamp(meta),
        fingerprint,
    }
}

/// FNV-1a over the parts, each closed by a separator: stable across runs and platforms,
/// unlike std's hasher.
fn fnv(parts: &[&[u8]]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for &b in *part {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        h = (h ^ 0xff).wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// Seed of a notice's document ID: the same notice gives the same ID.
fn fingerprint(notice: &Notice) -> u64 {
    fnv(&[
        notice.court.as_bytes(),
        notice.kind.as_bytes(),
        notice.meta.title.as_bytes(),
        notice.meta.date.to_string().as_bytes(),
        notice.markdown.as_bytes(),
    ])
}

/// SOURCE_DATE_EPOCH, when set to a number.
fn source_date_epoch() -> Option<i64> {
    std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|v| v.trim().parse::<i64>().ok())
}

/// SOURCE_DATE_EPOCH when set (reproducible-builds convention), else the notice's date.
fn timestamp(meta: &NoticeMeta) -> i64 {
    if let Some(epoch) = source_date_epoch() {
        return epoch;
    }
    meta.date
        .and_hms_opt(0, 0, 0)
        .map_or(0, |dt| dt.and_utc().timestamp())
}

impl Renderer for PdfRenderer {
    fn format(&self) -> Format {
        Format::Pdf
    }

    fn settings(&self) -> String {
        format!("{:?} {:?}", self.typesetter.setup, source_date_epoch())
    }

    fn warm(&self, hyphenation: Option<&str>) {
        self.typesetter.warm(hyphenation);
        deflate::make_spare();
    }

    fn render(&self, notice: &Notice) -> Result<Vec<u8>, Error> {
        let layout = self.layout(notice);
        let missing = self.missing_glyphs(&layout);
        if !missing.is_empty() {
            return Err(Error::Unprintable(missing));
        }
        let written = self
            .prepare(layout)
            .and_then(|prepared| self.write(notice, &prepared));
        // Writing into memory fails only if memory does.
        written.map_err(|e| Error::io(std::path::Path::new(&notice.kind), e))
    }
}

#[cfg(test)]
mod tests;
