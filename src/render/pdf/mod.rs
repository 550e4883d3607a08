//! PDF renderer (stub: being written).
use crate::error::Error;
use crate::notice::Notice;
use crate::render::{Format, Renderer};

/// Paper and margins; US Letter with 1-inch margins by default.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PageSetup {
    pub paper: Paper,
    /// Margin on every side, in points.
    pub margin: f32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Paper {
    #[default]
    Letter,
    A4,
}

impl Default for PageSetup {
    fn default() -> Self {
        PageSetup {
            paper: Paper::Letter,
            margin: 72.0,
        }
    }
}

pub struct PdfRenderer {
    pub setup: PageSetup,
}

impl PdfRenderer {
    pub fn new(setup: PageSetup) -> Self {
        PdfRenderer { setup }
    }
}

impl Renderer for PdfRenderer {
    fn format(&self) -> Format {
        Format::Pdf
    }

    fn render(&self, _notice: &Notice) -> Result<Vec<u8>, Error> {
        todo!("PDF renderer")
    }
}
