//! PDF renderer: the typesetter (`crate::typeset`) lays a notice out on pages, and the
//! writer here turns those pages into bytes.

mod embed;
mod stream;
mod write;

use std::ops::Deref;

use crate::error::Error;
use crate::notice::Notice;
use crate::render::{Format, Renderer};

pub use crate::typeset::{
    ADDRESS_WINDOW, Element, FontStyle, Layout, Page, PageSetup, Paper, Picture, TextRun,
    Typesetter,
};

/// Typesets notices and writes them as PDF.
pub struct PdfRenderer {
    typesetter: Typesetter,
    embed: embed::Embedder,
}

impl PdfRenderer {
    pub fn new(setup: PageSetup) -> Self {
        let typesetter = Typesetter::new(setup);
        PdfRenderer {
            embed: embed::Embedder::new(&typesetter.fonts),
            typesetter,
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
            stream: stream::PdfStream::new(out, &self.fonts)?,
            pad_to: if duplex { 2 } else { 1 },
        })
    }
}

/// A laid-out notice turned into PDF content for a [`Mailing`], on any thread.
pub use stream::Prepared as PreparedNotice;

impl PdfRenderer {
    /// Turns a layout into PDF content for [`Mailing::add`]; the costly part of writing,
    /// so mailings run it on every core and keep only the writing in order.
    pub fn prepare(&self, layout: Layout) -> std::io::Result<PreparedNotice> {
        stream::prepare(&self.fonts, layout)
    }
}

impl<W: std::io::Write> Mailing<'_, W> {
    /// Writes a notice made ready by [`PdfRenderer::prepare`]; returns the pages it took,
    /// blank padding included.
    pub fn add(&mut self, notice: PreparedNotice) -> std::io::Result<usize> {
        self.stream.append(notice, self.pad_to)
    }

    /// Pages written so far.
    pub fn pages(&self) -> usize {
        self.stream.pages()
    }

    /// Embeds the fonts and closes the file; `meta` describes the mailing as a whole.
    pub fn finish(self, meta: &crate::notice::NoticeMeta) -> std::io::Result<W> {
        let lang = crate::typeset::document_lang(&meta.lang);
        let mut fingerprint: u64 = 0xcbf2_9ce4_8422_2325 ^ self.stream.pages() as u64;
        for b in meta.title.bytes().chain(meta.date.to_string().bytes()) {
            fingerprint = (fingerprint ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        let timestamp = std::env::var("SOURCE_DATE_EPOCH")
            .ok()
            .and_then(|v| v.trim().parse::<i64>().ok())
            .unwrap_or_else(|| {
                meta.date
                    .and_hms_opt(0, 0, 0)
                    .map_or(0, |dt| dt.and_utc().timestamp())
            });
        self.stream.finish(&stream::StreamMeta {
            title: &meta.title,
            author: &meta.author,
            subject: &meta.subject,
            lang,
            timestamp,
            fingerprint,
        })
    }
}

fn fingerprint(notice: &Notice) -> u64 {
    // FNV-1a: stable across runs and platforms, unlike std's hasher.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for part in [
        notice.court.as_bytes(),
        notice.kind.as_bytes(),
        notice.meta.title.as_bytes(),
        notice.meta.date.to_string().as_bytes(),
        notice.markdown.as_bytes(),
    ] {
        for &b in part {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        h ^= 0xff;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// SOURCE_DATE_EPOCH when set (reproducible-builds convention), else the notice's date.
fn timestamp(notice: &Notice) -> i64 {
    if let Some(epoch) = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|v| v.trim().parse::<i64>().ok())
    {
        return epoch;
    }
    notice
        .meta
        .date
        .and_hms_opt(0, 0, 0)
        .map_or(0, |dt| dt.and_utc().timestamp())
}

impl Renderer for PdfRenderer {
    fn format(&self) -> Format {
        Format::Pdf
    }

    fn render(&self, notice: &Notice) -> Result<Vec<u8>, Error> {
        let layout = self.layout(notice);
        let meta = write::Meta {
            title: &notice.meta.title,
            author: &notice.meta.author,
            subject: &notice.meta.subject,
            keywords: &notice.meta.keywords,
            lang: &layout.lang,
            timestamp: timestamp(notice),
            fingerprint: fingerprint(notice),
        };
        Ok(write::write(&layout, &self.fonts, &self.embed, &meta))
    }
}

#[cfg(test)]
mod tests;
