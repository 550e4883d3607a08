//! Layout checks of a letter's letterhead and signature: the court centred on the page in
//! its sizes, the offices flush right, the hairline, the seal, and the room to sign.

use std::path::Path;

use super::letterhead::{DISTRICT_SIZE, HAIRLINE, NAME_SIZE, SMALL_SIZE};
use super::signature::SIGNATURE_SPACE;
use super::tests::filler;
use super::*;
use crate::notice::Layout as NoticeLayout;

fn letter(markdown: &str, assets: Option<&Path>) -> Notice {
    Notice {
        assets: assets.map(Path::to_path_buf),
        ..Notice::sample(markdown, NoticeLayout::Letter)
    }
}

fn runs(page: &Page) -> Vec<&TextRun> {
    page.elements
        .iter()
        .filter_map(|e| match e {
            Element::Text(run) => Some(run),
            _ => None,
        })
        .collect()
}

/// The page and run of the first run whose text contains `needle`.
fn find<'a>(layout: &'a Layout, needle: &str) -> Option<(usize, &'a TextRun)> {
    layout.pages.iter().enumerate().find_map(|(i, page)| {
        runs(page)
            .into_iter()
            .find(|run| run.text.contains(needle))
            .map(|run| (i, run))
    })
}

/// A PNG of `w` × `h` grey pixels.
fn png(w: u32, h: u32) -> Vec<u8> {
    let mut bytes = Vec::new();
    let mut encoder = ::png::Encoder::new(&mut bytes, w, h);
    encoder.set_color(::png::ColorType::Grayscale);
    encoder.set_depth(::png::BitDepth::Eight);
    let mut writer = encoder.write_header().expect("a PNG header");
    writer
        .write_image_data(&vec![90; (w * h) as usize])
        .expect("PNG data");
    drop(writer);
    bytes
}

const LETTERHEAD: &str = "<div class=\"letterhead\">\n\n{seal}**UNITED STATES BANKRUPTCY COURT**\n\nDistrict of Testing\n\nOffice of the Clerk\\\nOne Courthouse\n\n1 Main Street · Suite 2\\\nSpringfield, NM 87102\n\n<div class=\"aside\">\n\n**Divisional Offices**\n\n2 Side Street\\\nShelbyville, NM 87001\n\n</div>\n\n</div>\n\nMarch 20, 2020\n\nDear Attorney,\n\nBody text of the letter.\n";

fn signature(space: &str) -> String {
    format!(
        "<div class=\"signature\">\n\nRespectfully,\n\n<div class=\"signature-space\">\n\n{space}\n\n</div>\n\n**Jane Roe**\\\nClerk of Court\n\n</div>\n"
    )
}

#[test]
fn the_court_is_centred_on_the_page_above_small_address_lines_and_a_hairline() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    std::fs::write(dir.path().join("seal.png"), png(40, 40)).expect("seal");
    for seal in [
        "",
        "<div class=\"seal\">\n\n![Seal of the court](seal.png)\n\n</div>\n\n",
    ] {
        let typesetter = Typesetter::new(PageSetup::default());
        let md = LETTERHEAD.replace("{seal}", seal);
        let layout = typesetter.layout(&letter(&md, Some(dir.path())));
        let page = &layout.pages[0];
        let centre = page.width / 2.0;
        let (_, name) = find(&layout, "UNITED STATES BANKRUPTCY COURT").expect("the name");
        assert!(
            (name.x + name.width / 2.0 - centre).abs() <= 1.0,
            "{seal:?}: name at {}",
            name.x
        );
        assert_eq!(name.size, NAME_SIZE);
        assert_eq!(name.style, FontStyle::Bold);
        let (_, district) = find(&layout, "District of Testing").expect("the district");
        assert!((district.x + district.width / 2.0 - centre).abs() <= 1.0);
        assert_eq!(district.size, DISTRICT_SIZE);
        assert!(district.y > name.y);
        for needle in ["Office of the Clerk", "Springfield", "Shelbyville"] {
            let (_, run) = find(&layout, needle).expect(needle);
            assert!(
                (9.0..=10.0).contains(&run.size),
                "{needle} at {} pt",
                run.size
            );
            assert_eq!(run.size, SMALL_SIZE);
            assert!(run.y > district.y, "{needle} above the district");
        }
        // The offices' column ends at the right margin.
        let right = page.width - 72.0;
        for needle in [
            "Divisional Offices",
            "2 Side Street",
            "Shelbyville, NM 87001",
        ] {
            let (_, run) = find(&layout, needle).expect(needle);
            assert!(
                (run.x + run.width - right).abs() <= 0.5,
                "{needle} ends at {}",
                run.x + run.width
            );
        }
        // A hairline across the measure between the letterhead and the date.
        let (_, office) = find(&layout, "Springfield").expect("the address");
        let (_, date) = find(&layout, "March 20, 2020").expect("the date");
        let rule = page.elements.iter().find_map(|e| match e {
            Element::Rule {
                x1,
                y1,
                x2,
                thickness,
                ..
            } if *y1 > office.y && *y1 < date.y => Some((*x1, *x2, *thickness)),
            _ => None,
        });
        assert_eq!(rule, Some((72.0, page.width - 72.0, HAIRLINE)), "{seal:?}");
        // The seal: at the left margin, beside the name, a figure read by its words.
        let image = page.elements.iter().find_map(|e| match e {
            Element::Image { x, y, w, node, .. } => Some((*x, *y, *w, *node)),
            _ => None,
        });
        if seal.is_empty() {
            assert_eq!(image, None);
        } else {
            let (x, y, w, node) = image.expect("the seal is drawn");
            assert_eq!(x, 72.0);
            assert!(y <= name.y && x + w < name.x, "the seal overlaps the name");
            let node = &layout.nodes[node.expect("the seal is tagged") as usize];
            assert_eq!(node.role, Role::Figure);
            assert_eq!(node.alt.as_deref(), Some("Seal of the court"));
        }
    }
}

/// The white space between the foot of the closing's line and the head of the name's,
/// on the same page.
fn room_to_sign(layout: &Layout) -> f32 {
    let (closing_page, closing) = find(layout, "Respectfully,").expect("the closing");
    let (name_page, name) = find(layout, "Jane Roe").expect("the name");
    assert_eq!(
        closing_page, name_page,
        "the signature block split from its closing"
    );
    let line = BODY_SIZE * layout::LEADING;
    name.y - closing.y - line
}

#[test]
fn every_letter_leaves_room_to_sign_and_never_parts_it_from_the_closing() {
    let typesetter = Typesetter::new(PageSetup::default());
    for lines in 20..50 {
        let md = format!("{}\n\nLast paragraph.\n\n{}", filler(lines), signature(""));
        let layout = typesetter.layout(&letter(&md, None));
        let room = room_to_sign(&layout);
        assert!(
            (0.6 * 72.0..=0.75 * 72.0).contains(&room),
            "{lines} lines: {room} pt to sign"
        );
        assert!((room - SIGNATURE_SPACE).abs() < 0.01);
        let (closing_page, _) = find(&layout, "Respectfully,").expect("closing");
        let (last_page, _) = find(&layout, "Last paragraph.").expect("last paragraph");
        assert_eq!(
            closing_page, last_page,
            "{lines}: the closing left its paragraph"
        );
    }
}

#[test]
fn a_signature_image_fills_the_room_as_a_described_figure() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    std::fs::write(dir.path().join("sig.png"), png(300, 60)).expect("signature");
    let typesetter = Typesetter::new(PageSetup::default());
    let md = format!(
        "Body.\n\n{}",
        signature("![Signature of Jane Roe](sig.png)")
    );
    let layout = typesetter.layout(&letter(&md, Some(dir.path())));
    assert!((room_to_sign(&layout) - SIGNATURE_SPACE).abs() < 0.01);
    let (page, closing) = find(&layout, "Respectfully,").expect("closing");
    let (_, name) = find(&layout, "Jane Roe").expect("name");
    let (x, y, w, h, node) = layout.pages[page]
        .elements
        .iter()
        .find_map(|e| match e {
            Element::Image {
                x, y, w, h, node, ..
            } => Some((*x, *y, *w, *h, *node)),
            _ => None,
        })
        .expect("the signature is drawn");
    assert_eq!(x, 72.0);
    assert!(y > closing.y && y + h < name.y - name.size * 0.8, "{y} {h}");
    assert!(
        (w / h - 5.0).abs() < 0.01,
        "the signature keeps its proportions"
    );
    assert!(h >= 0.4 * 72.0, "a signature {h} pt high");
    let node = &layout.nodes[node.expect("tagged") as usize];
    assert_eq!(node.role, Role::Figure);
    assert_eq!(node.alt.as_deref(), Some("Signature of Jane Roe"));
    // No caption under it: its words are for readers, the name is printed below.
    assert_eq!(find(&layout, "Signature of"), None);
}

#[test]
fn the_slash_s_form_is_printed_just_above_the_name() {
    let typesetter = Typesetter::new(PageSetup::default());
    let md = format!("Body.\n\n{}", signature("/s/ Jane Roe"));
    let layout = typesetter.layout(&letter(&md, None));
    let (_, closing) = find(&layout, "Respectfully,").expect("closing");
    let (_, slash) = find(&layout, "/s/").expect("the /s/ line");
    let (_, name) = find(&layout, "Clerk of Court").expect("title");
    assert!(
        slash.y > closing.y + 0.4 * 72.0 && slash.y < name.y,
        "{}",
        slash.y
    );
    assert!(slash.node.is_some(), "the /s/ line is read");
}
