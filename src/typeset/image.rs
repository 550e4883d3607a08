//! Reads the PNG and JPEG files a notice's Markdown points at into 8-bit RGB for the PDF.
//! A file that is missing or unreadable is not an error: the layout draws a captioned box
//! in its place, so a notice still builds before a court has supplied its screenshots.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::SystemTime;

use super::page::Picture;

/// Images decoded so far, by path, with the modification time and length they were read
/// at: a court's seal and signature are printed on every letter of a mailing, and a
/// preview server rebuilds after an edit, so a changed file is read again.
type Decoded = HashMap<PathBuf, (Option<SystemTime>, u64, Picture)>;
static DECODED: Mutex<Option<Decoded>> = Mutex::new(None);
/// Few images recur (a seal, a signature per court): past this many, start afresh.
const KEPT: usize = 64;

/// [`load`], decoding each file once while it stays unchanged.
pub fn load_shared(path: &Path) -> Option<Picture> {
    let meta = std::fs::metadata(path).ok()?;
    let stamp = (meta.modified().ok(), meta.len());
    let mut decoded = DECODED
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let decoded = decoded.get_or_insert_with(HashMap::new);
    if let Some((modified, len, picture)) = decoded.get(path)
        && (*modified, *len) == stamp
    {
        return Some(picture.clone());
    }
    let picture = load(path)?;
    if decoded.len() >= KEPT {
        decoded.clear();
    }
    decoded.insert(path.to_path_buf(), (stamp.0, stamp.1, picture.clone()));
    Some(picture)
}

/// A plain file of at most [`MAX_IMAGE_BYTES`](crate::court::MAX_IMAGE_BYTES), read no further:
/// an address naming a device or a huge file draws the box, as a missing one does.
pub fn load(path: &Path) -> Option<Picture> {
    if !path.is_file() {
        return None;
    }
    let limit = crate::court::MAX_IMAGE_BYTES;
    let bytes = crate::limited::read(path, limit).ok()?;
    if bytes.len() as u64 > limit {
        return None;
    }
    if bytes.starts_with(b"\x89PNG") {
        png(&bytes)
    } else if bytes.starts_with(&[0xff, 0xd8]) {
        jpeg(&bytes)
    } else {
        None
    }
}

fn png(bytes: &[u8]) -> Option<Picture> {
    let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = decoder.read_info().ok()?;
    let mut buf = vec![0; reader.output_buffer_size()?];
    let frame = reader.next_frame(&mut buf).ok()?;
    buf.truncate(frame.buffer_size());
    let (w, h) = (frame.width as usize, frame.height as usize);
    let rgb = match frame.color_type {
        png::ColorType::Rgb => buf,
        // Transparent pixels are composited onto the white page.
        png::ColorType::Rgba => buf
            .chunks_exact(4)
            .flat_map(|p| {
                let a = u16::from(p[3]);
                let blend = |c: u8| ((u16::from(c) * a + 255 * (255 - a)) / 255) as u8;
                [blend(p[0]), blend(p[1]), blend(p[2])]
            })
            .collect(),
        png::ColorType::Grayscale => buf.iter().flat_map(|&g| [g, g, g]).collect(),
        png::ColorType::GrayscaleAlpha => buf
            .chunks_exact(2)
            .flat_map(|p| {
                let a = u16::from(p[1]);
                let g = ((u16::from(p[0]) * a + 255 * (255 - a)) / 255) as u8;
                [g, g, g]
            })
            .collect(),
        png::ColorType::Indexed => return None,
    };
    (rgb.len() == w * h * 3).then(|| Picture {
        width: w,
        height: h,
        rgb: rgb.into(),
    })
}

fn jpeg(bytes: &[u8]) -> Option<Picture> {
    let mut decoder = jpeg_decoder::Decoder::new(bytes);
    let pixels = decoder.decode().ok()?;
    let info = decoder.info()?;
    let (w, h) = (usize::from(info.width), usize::from(info.height));
    let rgb = match info.pixel_format {
        jpeg_decoder::PixelFormat::RGB24 => pixels,
        jpeg_decoder::PixelFormat::L8 => pixels.iter().flat_map(|&g| [g, g, g]).collect(),
        jpeg_decoder::PixelFormat::L16 => pixels
            .chunks_exact(2)
            .flat_map(|p| [p[0], p[0], p[0]])
            .collect(),
        jpeg_decoder::PixelFormat::CMYK32 => pixels
            .chunks_exact(4)
            .flat_map(|p| {
                let k = u16::from(255 - p[3]);
                let c = |v: u8| (u16::from(255 - v) * k / 255) as u8;
                [c(p[0]), c(p[1]), c(p[2])]
            })
            .collect(),
    };
    (rgb.len() == w * h * 3).then(|| Picture {
        width: w,
        height: h,
        rgb: rgb.into(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_device_or_a_folder_draws_the_box_unread() {
        #[cfg(unix)]
        assert!(load(Path::new("/dev/zero")).is_none());
        assert!(load(Path::new(".")).is_none());
    }
}
