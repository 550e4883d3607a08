//! Pagination of every notice the templates make, for the example courts and the fixture
//! courts (other court types, audiences and languages), through the library's layout API:
//! no page ends with a hole unless what comes next could not have filled it.

use std::path::{Path, PathBuf};

use noticegen::notice::{Layout as NoticeLayout, Notice};
use noticegen::plan::{Plan, Request};
use noticegen::typeset::{Element, PageSetup, Typesetter};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every notice of every court in `courts`, in each of the court's languages.
fn notices(courts: &Path) -> Vec<Notice> {
    let request = Request {
        courts_dir: courts.to_path_buf(),
        templates_dir: Some(repo().join("notice-templates")),
        ..Request::default()
    };
    let plan = Plan::load(&request).expect("the courts and templates load");
    plan.jobs()
        .iter()
        .map(|job| plan.merge(job).expect("every notice merges"))
        .collect()
}

fn all_notices() -> Vec<Notice> {
    let mut all = notices(&repo().join("courts"));
    all.extend(notices(
        &repo().join("tests/fixtures/rollout-courts/courts"),
    ));
    all.extend(notices(&repo().join("tests/fixtures/languages/courts")));
    assert!(all.len() >= 40, "only {} notices", all.len());
    all
}

/// A page may end with more than a fifth of its body area empty only when the next page's
/// first unbreakable run of lines would not have fitted in that space, and a document page
/// only ever ends where the flow does (no forced breaks on paper).
#[test]
fn no_page_ends_more_than_a_fifth_empty_unless_the_next_block_cannot_fit() {
    let typesetter = Typesetter::new(PageSetup::default());
    let mut worst: f32 = 0.0;
    for notice in all_notices() {
        let layout = typesetter.layout(&notice);
        let name = format!("{}/{} ({})", notice.court, notice.kind, notice.meta.lang);
        let last = layout.pages.len() - 1;
        for (index, page) in layout.pages.iter().enumerate().take(last) {
            let fill = page.fill;
            let hole = fill.available - fill.used;
            if notice.meta.layout == NoticeLayout::Slides {
                // A slide ends where the deck says, however full.
                continue;
            }
            assert!(
                !fill.forced_end,
                "{name}: page {} ends at a forced break",
                index + 1
            );
            worst = worst.max(fill.empty_share());
            if fill.empty_share() > 0.2 {
                assert!(
                    fill.next_block > hole,
                    "{name}: page {} is {:.0}% empty ({hole:.0} pt) though the next block \
                     needs only {:.0} pt",
                    index + 1,
                    fill.empty_share() * 100.0,
                    fill.next_block
                );
            }
        }
    }
    eprintln!(
        "emptiest page ending before its notice does: {:.1}%",
        worst * 100.0
    );
}

/// Every notice of two or more pages says on each page which page of how many it is, in
/// its own language, as page furniture (no structure node: a reader skips it); a letter
/// from its second page on.
#[test]
fn every_multi_page_notice_numbers_its_pages_in_its_language() {
    let typesetter = Typesetter::new(PageSetup::default());
    let mut numbered = 0;
    for notice in all_notices() {
        if notice.meta.layout == NoticeLayout::Slides {
            continue;
        }
        let layout = typesetter.layout(&notice);
        let total = layout.pages.len();
        if total < 2 {
            continue;
        }
        let first = usize::from(notice.meta.layout == NoticeLayout::Letter);
        for (index, page) in layout.pages.iter().enumerate().skip(first) {
            let label = notice.meta.words.page_label(index + 1, total);
            let found = page.elements.iter().any(
                |e| matches!(e, Element::Text(run) if run.text == label && run.node.is_none()),
            );
            assert!(
                found,
                "{}/{} ({}): no \"{label}\" on page {}",
                notice.court,
                notice.kind,
                notice.meta.lang,
                index + 1
            );
            numbered += 1;
        }
    }
    assert!(numbered > 40, "only {numbered} pages numbered");
}
