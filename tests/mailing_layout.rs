//! Merged letters as the mailroom handles them, through the library's layout API and the
//! real templates: the address block inside a #10 envelope's window for addresses of three
//! to six lines, and a continuation line on every page after the first.

use std::collections::BTreeMap;
use std::path::PathBuf;

use noticegen::mail::recipients::Recipient;
use noticegen::plan::{Plan, Request};
use noticegen::typeset::{
    ADDRESS_LEFT, ENVELOPE_WINDOW, Element, Layout, PageSetup, TextRun, Typesetter,
};

fn plan(courts: &str) -> Plan {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let request = Request {
        courts_dir: root.join(courts),
        templates_dir: Some(root.join("notice-templates")),
        ..Request::default()
    };
    Plan::load(&request).expect("the courts and templates load")
}

/// A recipient whose printed address has `lines` lines (name, then as many of title, firm,
/// two street lines as it takes, then city).
fn recipient(lines: usize) -> Recipient {
    let middle = [
        "Office of the Federal Public Defender",
        "Lopez & Baca, P.C.",
        "400 Gold Ave. S.W.",
        "Suite 1100",
    ];
    let mut address_lines = vec!["Ms. Maria Lopez-Ybarra".to_string()];
    address_lines.extend(
        middle[middle.len() - (lines - 2)..]
            .iter()
            .map(|s| s.to_string()),
    );
    address_lines.push("Albuquerque, NM 87102-1234".into());
    Recipient {
        row: 2,
        slug: "maria-lopez".into(),
        name: "Maria Lopez-Ybarra".into(),
        prefix: "Ms.".into(),
        firm: "Lopez & Baca, P.C.".into(),
        address1: "400 Gold Ave. S.W.".into(),
        address2: "Suite 1100".into(),
        city: "Albuquerque".into(),
        state: "NM".into(),
        zip: "87102-1234".into(),
        email: "mlopez@lopezbaca.example".into(),
        salutation: "Dear Ms. Lopez-Ybarra:".into(),
        address_lines,
        extra: BTreeMap::new(),
        fields: Vec::new(),
    }
}

fn runs(layout: &Layout, page: usize) -> Vec<&TextRun> {
    layout.pages[page]
        .elements
        .iter()
        .filter_map(|e| match e {
            Element::Text(run) => Some(run),
            _ => None,
        })
        .collect()
}

/// Liberation Serif's ascent and descent, as the typesetter centres its lines.
const ASCENT: f32 = 0.891;
const DESCENT: f32 = 0.216;

#[test]
fn the_address_block_sits_inside_the_envelope_window_for_three_to_six_lines() {
    let typesetter = Typesetter::new(PageSetup::default());
    for courts in ["courts", "tests/fixtures/rollout-courts/courts"] {
        let plan = plan(courts);
        for court in &plan.courts {
            for lines in 3..=6 {
                let reader = recipient(lines);
                let notice = plan.notice_for(court, "letter", &reader).expect("merges");
                let layout = typesetter.layout(&notice);
                let first = runs(&layout, 0);
                let mut found = 0;
                for line in &reader.address_lines {
                    // The runs of this address line: those on the first baseline that
                    // starts with the line's first word at the block's left edge.
                    let word = line.split(' ').next().unwrap_or_default();
                    let Some(start) = first
                        .iter()
                        .filter(|r| r.text.starts_with(word) && (r.x - ADDRESS_LEFT).abs() < 0.1)
                        .min_by(|a, b| a.y.total_cmp(&b.y))
                    else {
                        panic!("{} {lines} lines: no `{line}` on page 1", court.id);
                    };
                    let on_line: Vec<&&TextRun> = first
                        .iter()
                        .filter(|r| (r.y - start.y).abs() < 0.1)
                        .collect();
                    for run in on_line {
                        let w = ENVELOPE_WINDOW;
                        let inside = run.x >= w.left
                            && run.x + run.width <= w.right
                            && run.y - ASCENT * run.size >= w.top
                            && run.y + DESCENT * run.size <= w.bottom;
                        assert!(
                            inside,
                            "{} {lines} lines: `{}` at ({:.1}, {:.1}) is outside {w:?}",
                            court.id, run.text, run.x, run.y
                        );
                    }
                    found += 1;
                }
                assert_eq!(found, lines);
                // Centred: as much room above the block as below it, to a point.
                let ys: Vec<f32> = reader
                    .address_lines
                    .iter()
                    .filter_map(|line| {
                        let word = line.split(' ').next().unwrap_or_default();
                        first
                            .iter()
                            .filter(|r| {
                                r.text.starts_with(word) && (r.x - ADDRESS_LEFT).abs() < 0.1
                            })
                            .map(|r| r.y)
                            .min_by(f32::total_cmp)
                    })
                    .collect();
                let size = first
                    .iter()
                    .find(|r| (r.y - ys[0]).abs() < 0.1)
                    .map(|r| r.size);
                let size = size.unwrap_or(11.0);
                let above = ys[0] - ASCENT * size - ENVELOPE_WINDOW.top;
                let below = ENVELOPE_WINDOW.bottom - (ys[lines - 1] + DESCENT * size);
                assert!(
                    (above - below).abs() < 1.0,
                    "{} {lines} lines: {above:.1} pt above, {below:.1} below",
                    court.id
                );
            }
        }
    }
}

#[test]
fn every_page_after_the_first_names_its_recipient_date_and_page() {
    let typesetter = Typesetter::new(PageSetup::default());
    let plan = plan("courts");
    let mut pages_checked = 0;
    for court in &plan.courts {
        let reader = recipient(5);
        let notice = plan.notice_for(court, "letter", &reader).expect("merges");
        let layout = typesetter.layout(&notice);
        let total = layout.pages.len();
        assert!(total >= 2, "{}: the letter fits one page", court.id);
        // The date as the template writes it: its month's name and its year, at least.
        let month = notice.meta.words.month(notice.meta.date).to_string();
        let year = notice.meta.date.format("%Y").to_string();
        for page in 1..total {
            // Furniture (no structure node) above the body, in the top margin.
            let head: String = runs(&layout, page)
                .iter()
                .filter(|r| r.node.is_none() && r.y < 72.0)
                .map(|r| r.text.as_str())
                .collect::<Vec<_>>()
                .join(" ");
            let label = notice.meta.words.page_label(page + 1, total);
            for part in ["Lopez-Ybarra", &month, &year, &label] {
                assert!(
                    head.contains(part),
                    "{} page {}: `{part}` missing from `{head}`",
                    court.id,
                    page + 1
                );
            }
            pages_checked += 1;
        }
        // Not on the first page, and not in the letter's text.
        assert!(
            !runs(&layout, 0)
                .iter()
                .any(|r| r.node.is_none() && r.y < 72.0)
        );
        assert_eq!(
            notice.markdown.matches("Lopez-Ybarra").count(),
            3,
            "address, continuation, salutation"
        );
    }
    assert!(pages_checked >= 4);
}
