//! Writes laid-out pages as PDF through printpdf's low-level operators, then fixes what
//! printpdf would make random (document ID) or leave out (language), so that the same
//! notice always gives the same bytes.

use printpdf::{
    Actions, BorderArray, Color, ColorArray, Destination, FontId, HighlightingMode, Line,
    LinePoint, LinkAnnotation, Op, PaintMode, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions,
    Point, Pt, RawImage, RawImageData, RawImageFormat, Rect, Rgb, TextItem, TextMatrix, XObject,
    XObjectId, XObjectTransform,
};

use super::embed::Embedder;
use crate::typeset::fonts::{FontStyle, Fonts};
use crate::typeset::page::{Element, Layout, TextRun};
use crate::typeset::shape::{Piece, pieces};

/// Document facts that end up in the PDF's metadata.
pub struct Meta<'a> {
    pub title: &'a str,
    pub author: &'a str,
    pub subject: &'a str,
    pub keywords: &'a [String],
    pub lang: &'a str,
    /// Seconds since the Unix epoch for creation and modification dates.
    pub timestamp: i64,
    /// Seed for the document ID: the same input must give the same ID.
    pub fingerprint: u64,
}

const LINK_BLUE: (f32, f32, f32) = (0.05, 0.2, 0.55);

fn rgb(r: f32, g: f32, b: f32) -> Color {
    Color::Rgb(Rgb {
        r,
        g,
        b,
        icc_profile: None,
    })
}

fn point(x: f32, y: f32) -> LinePoint {
    LinePoint {
        p: Point { x: Pt(x), y: Pt(y) },
        bezier: false,
    }
}

fn image_id(index: usize) -> XObjectId {
    XObjectId(format!("IMG{index}"))
}

pub fn write(layout: &Layout, fonts: &Fonts, embed: &Embedder, meta: &Meta<'_>) -> Vec<u8> {
    let mut doc = PdfDocument::new(meta.title);
    // Characters used per face, as a sorted set without allocation per glyph.
    let mut used: [Vec<char>; 4] = Default::default();
    for page in &layout.pages {
        for e in &page.elements {
            if let Element::Text(run) = e {
                used[run.style as usize].extend(run.text.chars());
            }
        }
    }
    for style in [
        FontStyle::Regular,
        FontStyle::Bold,
        FontStyle::Italic,
        FontStyle::BoldItalic,
    ] {
        let chars = &mut used[style as usize];
        if chars.is_empty() {
            continue;
        }
        chars.sort_unstable();
        chars.dedup();
        let font = embed.subset(fonts, style, chars);
        // Fixed ids (not printpdf's random ones) keep the output reproducible.
        let mut pdf_font = printpdf::PdfFont::new((*font).clone());
        // Already a subset: printpdf must embed it as it is.
        pdf_font.meta.requires_subsetting = false;
        doc.resources
            .fonts
            .map
            .insert(super::embed::font_id(style), pdf_font);
    }
    for (k, picture) in layout.images.iter().enumerate() {
        doc.resources.xobjects.map.insert(
            image_id(k),
            XObject::Image(RawImage {
                pixels: RawImageData::U8(picture.rgb.clone()),
                width: picture.width,
                height: picture.height,
                data_format: RawImageFormat::RGB8,
                tag: Vec::new(),
            }),
        );
    }
    let pages = layout
        .pages
        .iter()
        .map(|page| {
            let rect = Rect::from_wh(Pt(page.width), Pt(page.height));
            PdfPage {
                media_box: rect.clone(),
                trim_box: rect.clone(),
                crop_box: rect,
                ops: page_ops(page.height, &page.elements, fonts, layout),
            }
        })
        .collect();
    doc.with_pages(pages);

    let date = printpdf::OffsetDateTime::from_unix_timestamp(meta.timestamp)
        .unwrap_or_else(|_| printpdf::OffsetDateTime::from_unix_timestamp(0).expect("epoch"));
    let info = &mut doc.metadata.info;
    info.creation_date = date;
    info.modification_date = date;
    info.metadata_date = date;
    info.author = meta.author.to_string();
    info.subject = meta.subject.to_string();
    info.keywords = meta.keywords.to_vec();
    info.creator = format!("noticegen {}", env!("CARGO_PKG_VERSION"));
    info.producer = format!("noticegen {} (printpdf)", env!("CARGO_PKG_VERSION"));
    info.identifier = format!("{:016x}", meta.fingerprint);

    let opts = PdfSaveOptions {
        optimize: true,
        subset_fonts: true,
        secure: true,
        image_optimization: None,
    };
    let mut warnings = Vec::new();
    let mut lo = doc.to_lopdf_document(&opts, &mut warnings);
    let id = format!(
        "{:016x}{:016x}",
        meta.fingerprint,
        meta.fingerprint.rotate_left(29)
    );
    lo.trailer.set(
        "ID",
        lopdf::Object::Array(vec![
            lopdf::Object::String(id.clone().into_bytes(), lopdf::StringFormat::Literal),
            lopdf::Object::String(id.into_bytes(), lopdf::StringFormat::Literal),
        ]),
    );
    // printpdf labels every file PDF/X-3 in the Info dictionary; these files do not try
    // to meet PDF/X, so the claim goes.
    if let Ok(info_id) = lo
        .trailer
        .get(b"Info")
        .and_then(lopdf::Object::as_reference)
        && let Ok(info) = lo
            .get_object_mut(info_id)
            .and_then(lopdf::Object::as_dict_mut)
    {
        info.remove(b"GTS_PDFXVersion");
    }
    if let Ok(catalog) = lo.catalog_mut() {
        catalog.set(
            "Lang",
            lopdf::Object::String(meta.lang.as_bytes().to_vec(), lopdf::StringFormat::Literal),
        );
        let mut prefs = lopdf::Dictionary::new();
        prefs.set("DisplayDocTitle", lopdf::Object::Boolean(true));
        catalog.set("ViewerPreferences", lopdf::Object::Dictionary(prefs));
    }
    compress(&mut lo, embed);
    let mut out = Vec::new();
    // Writing to a Vec cannot fail.
    let _ = lo.save_to(&mut out);
    out
}

fn page_ops(height: f32, elements: &[Element], fonts: &Fonts, layout: &Layout) -> Vec<Op> {
    let mut ops = Vec::with_capacity(elements.len() * 3 + 8);
    // Graphics first, text above them, link areas last.
    let mut stroke_set = false;
    for e in elements {
        match e {
            Element::Rule {
                x1,
                y1,
                x2,
                y2,
                thickness,
            } => {
                if !stroke_set {
                    ops.push(Op::SetOutlineColor {
                        col: rgb(0.0, 0.0, 0.0),
                    });
                    stroke_set = true;
                }
                ops.push(Op::SetOutlineThickness { pt: Pt(*thickness) });
                ops.push(Op::DrawLine {
                    line: Line {
                        points: vec![point(*x1, height - y1), point(*x2, height - y2)],
                        is_closed: false,
                    },
                });
            }
            Element::Frame { x, y, w, h } => {
                ops.push(Op::SetOutlineColor {
                    col: rgb(0.45, 0.45, 0.45),
                });
                stroke_set = false;
                ops.push(Op::SetOutlineThickness { pt: Pt(0.8) });
                ops.push(Op::DrawRectangle {
                    rectangle: Rect {
                        x: Pt(*x),
                        y: Pt(height - y - h),
                        width: Pt(*w),
                        height: Pt(*h),
                        mode: Some(PaintMode::Stroke),
                        winding_order: None,
                    },
                });
            }
            Element::Image { x, y, w, h, index } => {
                let picture = &layout.images[*index];
                ops.push(Op::UseXobject {
                    id: image_id(*index),
                    transform: XObjectTransform {
                        translate_x: Some(Pt(*x)),
                        translate_y: Some(Pt(height - y - h)),
                        scale_x: Some(w / picture.width.max(1) as f32),
                        scale_y: Some(h / picture.height.max(1) as f32),
                        dpi: Some(72.0),
                        ..XObjectTransform::default()
                    },
                });
            }
            Element::Text(_) | Element::Link { .. } | Element::Anchor { .. } => {}
        }
    }
    let mut font: Option<(FontStyle, f32)> = None;
    let mut blue = false;
    let mut started = false;
    let mut scratch = Vec::new();
    for e in elements {
        let Element::Text(run) = e else { continue };
        if run.text.trim().is_empty() {
            continue;
        }
        if !started {
            ops.push(Op::StartTextSection);
            ops.push(Op::SetFillColor {
                col: rgb(0.0, 0.0, 0.0),
            });
            started = true;
        }
        if font != Some((run.style, run.size)) {
            ops.push(Op::SetFont {
                font: PdfFontHandle::External(FontId(
                    super::embed::resource(run.style).to_string(),
                )),
                size: Pt(run.size),
            });
            font = Some((run.style, run.size));
        }
        if run.link != blue {
            let (r, g, b) = if run.link { LINK_BLUE } else { (0.0, 0.0, 0.0) };
            ops.push(Op::SetFillColor { col: rgb(r, g, b) });
            blue = run.link;
        }
        ops.push(Op::SetTextMatrix {
            matrix: TextMatrix::Translate(Pt(run.x), Pt(height - run.y)),
        });
        ops.push(Op::ShowText {
            items: text_items(run, fonts, &mut scratch),
        });
    }
    if started {
        ops.push(Op::EndTextSection);
    }
    for e in elements {
        if let Element::Link { x, y, w, h, uri } = e {
            let action = if uri.starts_with('#') {
                // A jump within the notice; a target that is not laid out stays plain text.
                let Some((page, top)) = layout.anchor(uri) else {
                    continue;
                };
                let target_height = layout.pages[page].height;
                Actions::Goto(Destination::Xyz {
                    page: page + 1,
                    left: None,
                    top: Some(target_height - top + ANCHOR_HEADROOM),
                    zoom: None,
                })
            } else {
                Actions::Uri(uri.clone())
            };
            ops.push(Op::LinkAnnotation {
                link: LinkAnnotation::new(
                    Rect {
                        x: Pt(*x),
                        y: Pt(height - y - h),
                        width: Pt(*w),
                        height: Pt(*h),
                        mode: None,
                        winding_order: None,
                    },
                    action,
                    Some(BorderArray::Solid([0.0, 0.0, 0.0])),
                    Some(ColorArray::Transparent),
                    Some(HighlightingMode::Invert),
                ),
            });
        }
    }
    ops
}

/// Points shown above a jump target, so the line it marks is not flush with the window's top.
const ANCHOR_HEADROOM: f32 = 14.0;

fn text_items(run: &TextRun, fonts: &Fonts, scratch: &mut Vec<Piece>) -> Vec<TextItem> {
    scratch.clear();
    pieces(
        fonts.face(run.style),
        &run.text,
        run.size,
        run.space_adjust,
        scratch,
    );
    scratch
        .drain(..)
        .map(|piece| match piece {
            Piece::Text(t) => TextItem::Text(t),
            Piece::Move(m) => TextItem::Offset(m),
        })
        .collect()
}

/// Deflates every stream. lopdf's own `compress` uses the slowest zlib level, which made
/// compression most of a render's time; the default level costs a few percent in size.
/// Font programs are the bulk of the bytes and repeat from notice to notice, so their
/// compressed form is cached by content.
fn compress(lo: &mut lopdf::Document, fonts: &Embedder) {
    use flate2::Compression;
    use flate2::write::ZlibEncoder;
    use std::io::Write;

    for object in lo.objects.values_mut() {
        let lopdf::Object::Stream(stream) = object else {
            continue;
        };
        if !stream.allows_compression || stream.dict.get(b"Filter").is_ok() {
            continue;
        }
        let font_program = stream.dict.get(b"Length1").is_ok();
        let key = font_program.then(|| fingerprint(&stream.content));
        let cached = key.and_then(|k| fonts.compressed(k));
        let compressed = match cached {
            Some(bytes) => bytes.as_ref().clone(),
            None => {
                let mut encoder = ZlibEncoder::new(
                    Vec::with_capacity(stream.content.len() / 2),
                    Compression::default(),
                );
                if encoder.write_all(&stream.content).is_err() {
                    continue;
                }
                let Ok(bytes) = encoder.finish() else {
                    continue;
                };
                if let Some(k) = key {
                    fonts.remember_compressed(k, bytes.clone());
                }
                bytes
            }
        };
        if compressed.len() + 19 < stream.content.len() {
            stream.dict.set("Filter", "FlateDecode");
            stream.set_content(compressed);
        }
    }
}

/// FNV-1a over the bytes, with the length, as a cache key.
fn fingerprint(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ bytes.len() as u64;
    for &b in bytes {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    h
}
