//! End-to-end checks of the PDF renderer: geometry of laid-out pages, pagination rules,
//! reproducible bytes, and (where poppler's tools are installed) the text layer.

use std::path::Path;
use std::process::Command;

use super::*;
use crate::notice::Layout as NoticeLayout;
use crate::typeset::BODY_SIZE;
use hyphenation::Language;

fn notice(markdown: &str, layout: NoticeLayout) -> Notice {
    Notice::sample(markdown, layout)
}

fn runs(page: &Page) -> impl Iterator<Item = &TextRun> {
    page.elements.iter().filter_map(|e| match e {
        Element::Text(run) => Some(run),
        _ => None,
    })
}

fn long_text(paragraphs: usize) -> String {
    let para = "The United States District Court will be upgrading its electronic filing software to the Next Generation of CM/ECF. Attorneys must have an individual upgraded PACER account, and must know their current login and password, before the court goes live; shared accounts cannot be used by filing attorneys once the court has upgraded.";
    (0..paragraphs)
        .map(|i| {
            if i % 4 == 0 {
                format!("## Section {i}\n\n{para}")
            } else {
                para.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n\n")
}

#[test]
fn every_glyph_box_is_inside_the_margins() {
    let renderer = PdfRenderer::new(PageSetup::default());
    let layout = renderer.layout(&notice(&long_text(30), NoticeLayout::Letter));
    assert!(layout.pages.len() >= 3);
    for page in &layout.pages {
        for run in runs(page) {
            assert!(run.x >= 72.0 - 0.01, "{run:?}");
            assert!(run.x + run.width <= 612.0 - 72.0 + 0.01, "{run:?}");
            assert!(run.y - 0.891 * run.size >= 72.0 - 0.01, "{run:?}");
            assert!(run.y + 0.216 * run.size <= 792.0 - 72.0 + 0.01, "{run:?}");
        }
    }
    // "Page N of M" from page 2 on, not on page 1.
    assert!(!runs(&layout.pages[0]).any(|r| r.text.starts_with("Page ")));
    let n = layout.pages.len();
    assert!(runs(&layout.pages[1]).any(|r| r.text == format!("Page 2 of {n}")));
}

/// Baselines of the body lines on a page, top to bottom, by paragraph left edge.
fn line_ys(page: &Page) -> Vec<f32> {
    let mut ys: Vec<f32> = runs(page)
        .filter(|r| (r.size - BODY_SIZE).abs() < 0.01)
        .map(|r| r.y)
        .collect();
    ys.sort_by(f32::total_cmp);
    ys.dedup_by(|a, b| (*a - *b).abs() < 0.5);
    ys
}

#[test]
fn no_heading_ends_a_page_and_no_paragraph_leaves_a_single_line() {
    let renderer = PdfRenderer::new(PageSetup::default());
    for paragraphs in 8..40 {
        let layout = renderer.layout(&notice(&long_text(paragraphs), NoticeLayout::Document));
        for (p, page) in layout.pages.iter().enumerate() {
            // The last run on a page is never a heading.
            let last = runs(page).max_by(|a, b| a.y.total_cmp(&b.y)).unwrap();
            assert!(
                last.size <= BODY_SIZE + 0.01,
                "page {p} ends with a heading: {last:?}"
            );
            if p + 1 < layout.pages.len() {
                // A paragraph broken across pages leaves two lines on each side: the
                // next page starts either with a heading, a paragraph start, or two
                // lines of the carried paragraph, which the tests below see as at least
                // two body baselines before the first gap.
                let ys = line_ys(&layout.pages[p + 1]);
                assert!(ys.len() >= 2, "page {} has a lone line", p + 1);
            }
        }
    }
}

#[test]
fn widows_and_orphans_are_avoided() {
    // Quoted filler (indented, so told apart by x) pushes one long paragraph across page
    // breaks at every possible offset; wherever it breaks, each page keeps at least two
    // of its lines.
    let renderer = PdfRenderer::new(PageSetup::default());
    let para = long_text(1).replace("## Section 0\n\n", "").repeat(20);
    for extra in 0..16 {
        let mut md = String::new();
        for _ in 0..extra {
            md.push_str("> Short quoted line.\n\n");
        }
        md.push_str(&para);
        let layout = renderer.layout(&notice(&md, NoticeLayout::Document));
        assert!(layout.pages.len() >= 2);
        for (p, page) in layout.pages.iter().enumerate() {
            let mut ys: Vec<f32> = runs(page)
                .filter(|r| (r.x - 72.0).abs() < 0.5)
                .map(|r| r.y)
                .collect();
            ys.sort_by(f32::total_cmp);
            ys.dedup_by(|a, b| (*a - *b).abs() < 0.5);
            assert!(
                ys.is_empty() || ys.len() >= 2,
                "extra {extra}: page {p} holds a single line of the paragraph"
            );
        }
    }
}

#[test]
fn no_page_ends_inside_a_hyphenated_word() {
    let renderer = PdfRenderer::new(PageSetup::default());
    let para = long_text(1).replace("## Section 0\n\n", "").repeat(20);
    let mut hyphenated_lines = 0;
    for extra in 0..16 {
        let md = "> Short quoted line.\n\n".repeat(extra) + &para;
        let layout = renderer.layout(&notice(&md, NoticeLayout::Document));
        for (p, page) in layout.pages.iter().enumerate() {
            let mut lines: Vec<(f32, String)> = Vec::new();
            for run in runs(page) {
                match lines.iter_mut().find(|(y, _)| (y - run.y).abs() < 0.5) {
                    Some((_, text)) => text.push_str(&run.text),
                    None => lines.push((run.y, run.text.clone())),
                }
            }
            lines.sort_by(|a, b| a.0.total_cmp(&b.0));
            hyphenated_lines += lines.iter().filter(|(_, t)| t.ends_with('-')).count();
            if p + 1 < layout.pages.len() {
                let (_, last) = lines.last().expect("a page with text");
                assert!(
                    !last.ends_with('-'),
                    "extra {extra}: page {p} ends in `{last}`"
                );
            }
        }
    }
    assert!(
        hyphenated_lines > 0,
        "the text must hyphenate somewhere for this test to mean anything"
    );
}

#[test]
fn footnotes_sit_on_the_page_of_their_reference() {
    let mut md = long_text(9);
    md.push_str(
        "\n\nThis sentence has a note.[^n] And it continues for a while after the reference.\n\n",
    );
    md.push_str(&long_text(9));
    md.push_str("\n\n[^n]: Eventually all federal courts will transition to NextGen, allowing users to e-file in any court with a single account.\n");
    let renderer = PdfRenderer::new(PageSetup::default());
    let layout = renderer.layout(&notice(&md, NoticeLayout::Document));
    let ref_page = layout
        .pages
        .iter()
        .position(|p| runs(p).any(|r| r.text.contains("note.")))
        .expect("reference line");
    let note_page = layout
        .pages
        .iter()
        .position(|p| runs(p).any(|r| r.text.contains("Eventually")))
        .expect("footnote text");
    assert_eq!(ref_page, note_page);
    // The note is below every body line on its page.
    let page = &layout.pages[note_page];
    let note_y = runs(page)
        .find(|r| r.text.contains("Eventually"))
        .unwrap()
        .y;
    assert!(runs(page).filter(|r| r.size > 10.0).all(|r| r.y < note_y));
}

#[test]
fn two_renders_are_byte_identical() {
    let renderer = PdfRenderer::new(PageSetup::default());
    let n = notice(&long_text(12), NoticeLayout::Letter);
    let a = renderer.render(&n).unwrap();
    let b = renderer.render(&n).unwrap();
    assert!(a.starts_with(b"%PDF-"));
    assert_eq!(a, b);
}

#[test]
fn slides_are_landscape_with_one_slide_per_break() {
    let md = "Attorney Training\n\nCentral Sign-On\n\n---\n\n# Agenda\n\n- Register\n- Upgrade\n\n---\n\n# Step 1\n\nRegister for an individual PACER account.\n";
    let renderer = PdfRenderer::new(PageSetup::default());
    let layout = renderer.layout(&notice(md, NoticeLayout::Slides));
    assert_eq!(layout.pages.len(), 3);
    assert!(layout.pages[0].width > layout.pages[0].height);
    let body = runs(&layout.pages[2])
        .find(|r| r.text.contains("Register"))
        .unwrap();
    assert!(body.size >= 20.0);
}

#[test]
fn a_page_break_region_starts_a_new_page_after_its_footnote() {
    let md = "Intro with a note.[^1]\n\n[^1]: The note.\n\n<div class=\"page-break\">\n\n</div>\n\nNext page.\n";
    let renderer = PdfRenderer::new(PageSetup::default());
    let layout = renderer.layout(&notice(md, NoticeLayout::Document));
    assert_eq!(layout.pages.len(), 2);
    assert!(runs(&layout.pages[0]).any(|r| r.text.contains("note")));
    assert!(runs(&layout.pages[1]).any(|r| r.text.contains("Next")));
    assert!(!runs(&layout.pages[1]).any(|r| r.text.contains("Intro")));
}

#[test]
fn footnote_marks_and_internal_links_jump_to_their_targets() {
    let md = format!(
        "See [the contacts](#contacts) and a note.[^1]\n\n[^1]: The note.\n\n{}\n\n## Contacts {{#contacts}}\n\nThe helpdesk.\n",
        long_text(8)
    );
    let renderer = PdfRenderer::new(PageSetup::default());
    let layout = renderer.layout(&notice(&md, NoticeLayout::Document));
    let links: Vec<&str> = layout.pages[0]
        .elements
        .iter()
        .filter_map(|e| match e {
            Element::Link { uri, .. } => Some(uri.as_str()),
            _ => None,
        })
        .collect();
    assert!(
        links.contains(&"#fn-1") && links.contains(&"#contacts"),
        "{links:?}"
    );
    assert_eq!(layout.anchor("#fn-1").map(|(page, _)| page), Some(0));
    let (page, y) = layout.anchor("#contacts").expect("the heading is a target");
    assert!(page >= 1, "the heading sits after eight paragraphs");
    let heading = runs(&layout.pages[page])
        .find(|r| r.text.contains("Contacts"))
        .unwrap();
    assert!(
        heading.y > y && heading.y - y < 40.0,
        "the anchor marks the heading"
    );

    let pdf = renderer
        .render(&notice(&md, NoticeLayout::Document))
        .unwrap();
    let text = String::from_utf8_lossy(&pdf);
    assert_eq!(
        text.matches("/Dest [").count(),
        2,
        "two jumps within the document"
    );
}

#[test]
fn missing_images_become_captioned_boxes() {
    let md = "Before.\n\n![PACER login screen](img/login.png)\n\nAfter.\n";
    let renderer = PdfRenderer::new(PageSetup::default());
    let layout = renderer.layout(&notice(md, NoticeLayout::Document));
    let page = &layout.pages[0];
    assert!(
        page.elements
            .iter()
            .any(|e| matches!(e, Element::Frame { .. }))
    );
    assert!(runs(page).any(|r| r.text.contains("PACER login screen")));
}

fn pdftotext(pdf: &[u8], name: &str) -> Option<String> {
    let path = std::env::temp_dir().join(format!(
        "noticegen-pdf-test-{name}-{}.pdf",
        std::process::id()
    ));
    std::fs::write(&path, pdf).ok()?;
    let out = Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(&path)
        .arg("-")
        .output()
        .ok();
    let _ = std::fs::remove_file(&path);
    let out = out?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Share of the letters and digits of `source` that `extracted` returns in order.
pub fn coverage(source: &str, extracted: &str) -> f64 {
    let norm = |s: &str| -> Vec<u8> {
        s.to_lowercase()
            .bytes()
            .filter(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
            .collect()
    };
    let a = norm(source);
    let b = norm(extracted);
    if a.is_empty() {
        return 1.0;
    }
    // Longest common subsequence, two rows.
    let mut prev = vec![0u32; b.len() + 1];
    let mut cur = vec![0u32; b.len() + 1];
    for &x in &a {
        for (j, &y) in b.iter().enumerate() {
            cur[j + 1] = if x == y {
                prev[j] + 1
            } else {
                cur[j].max(prev[j + 1])
            };
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    f64::from(prev[b.len()]) / a.len() as f64
}

/// Markdown with its syntax removed, roughly as a reader sees it.
fn visible(markdown: &str) -> String {
    let mut out = String::new();
    for event in crate::markdown::parse(markdown) {
        use pulldown_cmark::Event;
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::FootnoteReference(_) => {}
            _ => out.push(' '),
        }
    }
    out
}

#[test]
fn text_layer_round_trips_through_pdftotext() {
    let md = "# Notice\n\nThe court’s **NextGen** upgrade goes live on *April 20, 2020*.[^1] Visit <https://www.pacer.gov/nextgen> or [the court](https://www.nmd.uscourts.gov).\n\n1. First item with internationalization and telecommunications.\n2. Second item\n\n| Office | Phone |\n|---|---|\n| Santa Fe | (505) 988-6481 |\n\n[^1]: Eventually all courts will transition.\n";
    let renderer = PdfRenderer::new(PageSetup::default());
    let pdf = renderer.render(&notice(md, NoticeLayout::Letter)).unwrap();
    let Some(text) = pdftotext(&pdf, "roundtrip") else {
        eprintln!("pdftotext not installed; skipping the text-layer check");
        return;
    };
    let share = coverage(&visible(md), &text);
    assert!(share >= 0.98, "coverage {share}: {text}");
}

#[test]
fn reference_notices_render_with_full_text_layer() {
    let dir = Path::new("/work/shared/reference");
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let renderer = PdfRenderer::new(PageSetup::default());
    let out_dir = std::env::temp_dir().join("noticegen-pdf");
    let _ = std::fs::create_dir_all(&out_dir);
    let mut files: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    files.sort();
    for path in files {
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        if path.extension().is_none_or(|e| e != "md") || name == "README" {
            continue;
        }
        let md = std::fs::read_to_string(&path).unwrap();
        let layout = if name.contains("training") {
            NoticeLayout::Slides
        } else if name.contains("letter") {
            NoticeLayout::Letter
        } else {
            NoticeLayout::Document
        };
        let pdf = renderer.render(&notice(&md, layout)).unwrap();
        let _ = std::fs::write(out_dir.join(format!("{name}.pdf")), &pdf);
        if let Some(text) = pdftotext(&pdf, &name) {
            let share = coverage(&visible(&md), &text);
            eprintln!("{name}: coverage {share:.4}");
            assert!(share >= 0.98, "{name}: coverage {share}");
        }
    }
}

const LETTERHEAD: &str = r#"<div class="letterhead">

United States District Court

District of New Mexico

Office of the Clerk

Pete V. Domenici United States Courthouse

Mitchell R. Elfers  
Clerk of Court

333 Lomas Blvd. N.W. - Suite 270  
Albuquerque, New Mexico 87102  
(505) 348-2000 - Fax (505) 348-2028

<div class="aside">

**Divisional Offices**

106 South Federal Place  
Santa Fe, NM 87501  
(505) 988-6481  
Fax (505) 988-6473

100 North Church Street  
Las Cruces, NM 88001  
(575) 528-1400  
Fax (575) 528-1425

</div>

</div>

<div class="banner">

NOTICE *from the* CLERK

</div>

Dear Attorney, Office Manager, Support Staff,

The United States District Court for the District of New Mexico will be upgrading its CM/ECF software to the Next Generation ("NextGen") of CM/ECF and plans to go live on **April 20, 2020**.[^1] Questions can be e-mailed to <cmecf@nmd.uscourts.gov>.

<div class="center">

*****FOR MORE INFORMATION*****

</div>

| Office | Telephone |
|---|---|
| Albuquerque | (505) 348-2000 |
| Las Cruces | (575) 528-1400 |

<div class="signature">

Respectfully,

Mitchell R. Elfers  
Clerk of Court

</div>

[^1]: NextGen is the culmination of a multi-year project headed by the Administrative Office of the U.S. Courts.
"#;

#[test]
fn letterhead_aside_sits_beside_the_court_name() {
    let renderer = PdfRenderer::new(PageSetup::default());
    let pdf = renderer
        .render(&notice(LETTERHEAD, NoticeLayout::Letter))
        .unwrap();
    let out = std::env::temp_dir().join("noticegen-pdf");
    let _ = std::fs::create_dir_all(&out);
    let _ = std::fs::write(out.join("letterhead.pdf"), &pdf);
    let layout = renderer.layout(&notice(LETTERHEAD, NoticeLayout::Letter));
    let page = &layout.pages[0];
    let court = runs(page)
        .find(|r| r.text.contains("United States District"))
        .unwrap();
    let aside = runs(page).find(|r| r.text.contains("Divisional")).unwrap();
    assert!(court.style == FontStyle::Bold && court.size > 14.0);
    assert!(aside.size < court.size && aside.size < 10.0);
    assert!(
        aside.x + aside.width < court.x || aside.x > court.x + court.width,
        "aside beside the court name"
    );
    // Beside the letterhead's own lines (under the court's name), not below them all.
    let last = runs(page).find(|r| r.text.contains("348-2028")).unwrap();
    assert!(
        aside.y > court.y && aside.y < last.y,
        "aside beside, not below"
    );
    if let Some(text) = pdftotext(&pdf, "letterhead") {
        assert!(text.contains("Clerk of Court") && text.contains("Respectfully"));
        let share = coverage(&visible(LETTERHEAD), &text);
        assert!(share >= 0.98, "coverage {share}: {text}");
    }
    // Written first, the aside is read first.
    let start = LETTERHEAD.find("<div class=\"aside\">").unwrap();
    let end = LETTERHEAD.find("</div>\n\n</div>").unwrap() + "</div>\n\n".len();
    let aside = &LETTERHEAD[start..end];
    let first = LETTERHEAD.replacen(aside, "", 1).replacen(
        "<div class=\"letterhead\">\n\n",
        &format!("<div class=\"letterhead\">\n\n{aside}"),
        1,
    );
    assert!(first.starts_with("<div class=\"letterhead\">\n\n<div class=\"aside\">"));
    let pdf = renderer
        .render(&notice(&first, NoticeLayout::Letter))
        .unwrap();
    let _ = std::fs::write(out.join("letterhead-aside-first.pdf"), &pdf);
    if let Some(text) = pdftotext(&pdf, "letterhead-first") {
        let share = coverage(&visible(&first), &text);
        assert!(share >= 0.98, "coverage {share}: {text}");
    }
}

#[test]
fn slide_deck_renders() {
    let md = "# Attorney Training\n\nCentral Sign-On (CSO)\n\n---\n\n# Agenda\n\n- **Step 1: REGISTER** for your own individual PACER account\n- **Step 2: UPGRADE** current PACER account\n  - Visit www.pacer.gov\n\n---\n\n<div class=\"banner\">\n\nTHE COURT GOES LIVE WITH NEXTGEN ON\n\n</div>\n\nMonday, April 20, 2020\n\n---\n\n![PACER Service Center login](img/psc.png)\n";
    let renderer = PdfRenderer::new(PageSetup::default());
    let pdf = renderer.render(&notice(md, NoticeLayout::Slides)).unwrap();
    let _ = std::fs::create_dir_all(std::env::temp_dir().join("noticegen-pdf"));
    let _ = std::fs::write(std::env::temp_dir().join("noticegen-pdf/slides.pdf"), &pdf);
    assert_eq!(
        renderer
            .layout(&notice(md, NoticeLayout::Slides))
            .pages
            .len(),
        4
    );
}

#[test]
fn a_long_footnote_continues_on_the_next_page() {
    let note = "Eventually all federal courts will transition to NextGen, allowing users to e-file in any court with a single account. ".repeat(90);
    let mut md = long_text(11);
    md.push_str("\n\nLate reference.[^long]\n\n");
    md.push_str(&long_text(4));
    md.push_str(&format!("\n\n[^long]: {note} THE-END-OF-NOTE\n"));
    let renderer = PdfRenderer::new(PageSetup::default());
    let layout = renderer.layout(&notice(&md, NoticeLayout::Document));
    let ref_page = layout
        .pages
        .iter()
        .position(|p| runs(p).any(|r| r.text.contains("reference.")))
        .unwrap();
    let first = layout
        .pages
        .iter()
        .position(|p| runs(p).any(|r| r.size < 9.5 && r.text.contains("Eventually")))
        .unwrap();
    let last = layout
        .pages
        .iter()
        .position(|p| runs(p).any(|r| r.text.contains("OF-NOTE")))
        .unwrap();
    let out = std::env::temp_dir().join("noticegen-pdf");
    let _ = std::fs::create_dir_all(&out);
    let pdf = renderer
        .render(&notice(&md, NoticeLayout::Document))
        .unwrap();
    let _ = std::fs::write(out.join("long-note.pdf"), pdf);
    assert_eq!(
        first, ref_page,
        "the note starts on the page of its reference"
    );
    assert!(last > first, "this note is too long for one page's foot");
    for page in &layout.pages {
        for run in runs(page) {
            assert!(run.y + 0.216 * run.size <= 792.0 - 72.0 + 0.01, "{run:?}");
        }
    }
}

/// A folder holding `shot.png`, 40 × 20 pixels.
fn screenshot() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let file = std::fs::File::create(dir.path().join("shot.png")).unwrap();
    let mut encoder = png::Encoder::new(std::io::BufWriter::new(file), 40, 20);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header().unwrap();
    let pixels: Vec<u8> = (0..40 * 20 * 3).map(|i| (i % 251) as u8).collect();
    writer.write_image_data(&pixels).unwrap();
    writer.finish().unwrap();
    dir
}

#[test]
fn a_described_image_is_a_figure_and_an_undescribed_one_decoration() {
    let dir = screenshot();
    let mut n = notice(
        "Before.\n\n![The PACER login screen](shot.png)\n\nBetween.\n\n![](shot.png)\n",
        NoticeLayout::Document,
    );
    n.assets = Some(dir.path().to_path_buf());
    let renderer = PdfRenderer::new(PageSetup::default());
    let layout = renderer.layout(&n);
    let figures: Vec<Option<u32>> = layout
        .pages
        .iter()
        .flat_map(|p| &p.elements)
        .filter_map(|e| match e {
            Element::Image { node, .. } => Some(*node),
            _ => None,
        })
        .collect();
    assert_eq!(figures.len(), 2);
    let figure = figures[0].expect("the described image is in the structure");
    let node = &layout.nodes[figure as usize];
    assert_eq!(node.role, crate::typeset::Role::Figure);
    assert_eq!(node.alt.as_deref(), Some("The PACER login screen"));
    assert_eq!(figures[1], None, "an image without words is decoration");
    let pdf = renderer.render(&n).unwrap();
    let text = String::from_utf8_lossy(&pdf);
    assert_eq!(text.matches("/S /Figure").count(), 1);
    let alt: String = "The PACER login screen"
        .encode_utf16()
        .map(|u| format!("{u:04X}"))
        .collect();
    assert!(text.contains(&format!("/Alt <FEFF{alt}>")));
}

#[test]
fn images_are_scaled_to_the_measure() {
    let dir = screenshot();
    let mut n = notice(
        "Before.\n\n![A screenshot](shot.png)\n\nAfter.\n",
        NoticeLayout::Document,
    );
    n.assets = Some(dir.path().to_path_buf());
    let renderer = PdfRenderer::new(PageSetup::default());
    let layout = renderer.layout(&n);
    let image = layout.pages[0]
        .elements
        .iter()
        .find_map(|e| match e {
            Element::Image { w, h, .. } => Some((*w, *h)),
            _ => None,
        })
        .expect("image placed");
    assert!((image.0 - 468.0).abs() < 0.01 && (image.1 - 234.0).abs() < 0.01);
    let pdf = renderer.render(&n).unwrap();
    assert!(pdf.windows(6).any(|w| w == b"/Image"));
}

#[test]
fn a4_pages_keep_their_margins() {
    let renderer = PdfRenderer::new(PageSetup {
        paper: Paper::A4,
        margin: 56.0,
    });
    let layout = renderer.layout(&notice(&long_text(12), NoticeLayout::Document));
    for page in &layout.pages {
        assert!((page.width - 595.276).abs() < 0.01);
        for run in runs(page) {
            assert!(run.x >= 56.0 - 0.01 && run.x + run.width <= 595.276 - 56.0 + 0.01);
        }
    }
}

#[test]
fn the_signature_stays_with_the_paragraph_before_it() {
    let renderer = PdfRenderer::new(PageSetup::default());
    for filler in 0..30 {
        let mut md = String::new();
        for _ in 0..filler {
            md.push_str("> Short quoted line.\n\n");
        }
        md.push_str(&long_text(5));
        md.push_str("\n\nThank you in advance for your cooperation as the court prepares to upgrade to NextGen CM/ECF, CLOSINGPARA.\n\n<div class=\"signature\">\n\nRespectfully,\n\nMitchell R. Elfers  \nClerk of Court\n\n</div>\n");
        let layout = renderer.layout(&notice(&md, NoticeLayout::Letter));
        let page_of = |needle: &str| {
            layout
                .pages
                .iter()
                .position(|p| runs(p).any(|r| r.text.contains(needle)))
                .unwrap()
        };
        let closing = page_of("CLOSINGPARA");
        let thanks = page_of("Thank");
        assert_eq!(thanks, closing, "filler {filler}");
        assert_eq!(page_of("Respectfully"), closing, "filler {filler}");
        assert_eq!(page_of("Clerk of Court"), closing, "filler {filler}");
    }
}

#[test]
fn an_aside_outside_the_letterhead_sits_beside_the_opening() {
    let md = format!(
        "<div class=\"aside\">\n\n**Divisional Offices**\n\n106 South Federal Place  \nSanta Fe, NM 87501  \n(505) 988-6481\n\n100 North Church Street  \nLas Cruces, NM 88001  \n(575) 528-1400\n\n</div>\n\nDear Attorney, Office Manager, Support Staff, {}\n\n{}",
        long_text(1).replace("## Section 0\n\n", ""),
        long_text(3)
    );
    let renderer = PdfRenderer::new(PageSetup::default());
    let pdf = renderer.render(&notice(&md, NoticeLayout::Letter)).unwrap();
    let out = std::env::temp_dir().join("noticegen-pdf");
    let _ = std::fs::create_dir_all(&out);
    let _ = std::fs::write(out.join("aside-opening.pdf"), &pdf);
    let layout = renderer.layout(&notice(&md, NoticeLayout::Letter));
    let page = &layout.pages[0];
    let dear = runs(page).find(|r| r.text.contains("Dear")).unwrap();
    let aside = runs(page).find(|r| r.text.contains("Divisional")).unwrap();
    assert!((aside.y - dear.y).abs() < 20.0, "aside beside the opening");
    if let Some(text) = pdftotext(&pdf, "aside-opening") {
        let share = coverage(&visible(&md), &text);
        assert!(share >= 0.98, "coverage {share}: {text}");
    }
}

#[test]
fn odd_input_renders_without_panics_and_stays_inside_the_margins() {
    let long_word = "a".repeat(300);
    let cases = [
        String::new(),
        "<div class=\"letterhead\">\n\nUnclosed letterhead\n".to_string(),
        "</div>\n\nStray close\n\n<span>inline <b>html</b></span> kept\n".to_string(),
        "- one\n  - two\n    - three\n      - four\n        - five deep item text\n".to_string(),
        format!("A {long_word} word.\n\nhttps://example.gov/{long_word}\n"),
        "| a | |\n|---|---|\n| | b |\n".to_string(),
        "[![img](x.png)](https://x.gov) [link](javascript:alert(1))\n".to_string(),
        "Hard  \nbreak\\\nand\n\n---\n\n> quote\n>\n> > nested\n\n```\ncode\n  block\n```\n"
            .to_string(),
        "[^missing] reference to nothing\n\n[^orphan]: definition nobody references\n".to_string(),
    ];
    let renderer = PdfRenderer::new(PageSetup::default());
    for layout_kind in [
        NoticeLayout::Document,
        NoticeLayout::Letter,
        NoticeLayout::Slides,
    ] {
        for md in &cases {
            let n = notice(md, layout_kind);
            let layout = renderer.layout(&n);
            assert!(!layout.pages.is_empty());
            for page in &layout.pages {
                let margin = if layout_kind == NoticeLayout::Slides {
                    54.0
                } else {
                    72.0
                };
                for run in runs(page) {
                    assert!(run.x >= margin - 0.01, "{md:?}: {run:?}");
                    assert!(
                        run.x + run.width <= page.width - margin + 0.01,
                        "{md:?}: {run:?}"
                    );
                }
            }
            let pdf = renderer.render(&n).unwrap();
            assert!(pdf.starts_with(b"%PDF-"));
        }
    }
    let layout = renderer.layout(&notice(&cases[8], NoticeLayout::Document));
    assert!(
        layout
            .pages
            .iter()
            .any(|p| runs(p).any(|r| r.text.contains("nobody"))),
        "an unreferenced footnote keeps its words"
    );
}

/// Fuzzing (markdown_pdf) found a panic: a word ending in a letter of more than one byte
/// (`exempt_usersڂ`) was sliced inside that letter when looking for hyphenation points.
#[test]
fn words_ending_in_a_multi_byte_letter_do_not_panic() {
    let renderer = PdfRenderer::new(PageSetup::default());
    for word in [
        "court.exempt_usersڂ",
        "abcdefgé",
        "Gerichtsbarkeitß",
        "naïveté",
    ] {
        let pdf = renderer
            .render(&notice(
                &format!("Before {word} after."),
                NoticeLayout::Letter,
            ))
            .unwrap();
        assert!(pdf.starts_with(b"%PDF-"), "{word}");
    }
}

/// A notice in Spanish is hyphenated with the Spanish patterns, numbers its pages in Spanish
/// and says its language in the catalog.
#[test]
fn a_spanish_notice_is_set_and_labelled_in_spanish() {
    let text = include_str!("../../../notice-templates/lang/es.yaml");
    let es = std::sync::Arc::new(
        crate::lang::Strings::parse(Path::new("lang/es.yaml"), "es", text).unwrap(),
    );
    let mut spanish = notice(&long_text(12), NoticeLayout::Letter);
    spanish.meta.lang = es.tag.clone();
    spanish.meta.words = es.clone();
    let renderer = PdfRenderer::new(PageSetup::default());
    assert_eq!(
        renderer.hyphenator(&es.hyphenation).language(),
        Language::Spanish
    );
    assert_eq!(renderer.hyphenator("en-us").language(), Language::EnglishUS);
    let layout = renderer.layout(&spanish);
    let pages = layout.pages.len();
    assert!(pages > 1);
    assert!(runs(&layout.pages[1]).any(|r| r.text == format!("Página 2 de {pages}")));
    let bytes = renderer.render(&spanish).unwrap();
    assert!(bytes.windows(13).any(|w| w == b"/Lang (es-US)"));
}
