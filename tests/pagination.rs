//! Pagination of every notice the templates make, for the example courts and the fixture
//! courts (other court types, audiences and languages), through the library's layout API:
//! no page ends with a hole unless what comes next could not have filled it.

use std::path::{Path, PathBuf};

use noticegen::notice::{Layout as NoticeLayout, Notice};
use noticegen::plan::{Plan, Request};
use noticegen::typeset::{Element, Page, PageSetup, TextRun, Typesetter};

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

/// Every deck, as a trainer projects it: each slide on one page (none runs over), the
/// title slide naming the court, every other slide numbered at its foot with the court
/// beside the number, every slide title at the same height above a rule at the same
/// height, no title broken at a hyphen, and the text of each slide balanced in the space
/// below its title rather than crowded under it.
#[test]
fn every_deck_is_a_deck_a_trainer_would_project() {
    let typesetter = Typesetter::new(PageSetup::default());
    let mut decks = 0;
    for notice in all_notices() {
        if notice.meta.layout != NoticeLayout::Slides {
            continue;
        }
        decks += 1;
        let name = format!("{}/{} ({})", notice.court, notice.kind, notice.meta.lang);
        let layout = typesetter.layout(&notice);
        let slides = layout.pages.len();
        assert!(slides >= 10, "{name}: {slides} slides");
        let text = |page: &Page| -> Vec<TextRun> {
            page.elements
                .iter()
                .filter_map(|e| match e {
                    Element::Text(run) => Some(run.clone()),
                    _ => None,
                })
                .collect()
        };
        // The court (the subtitle) is on the title slide; its words, at least.
        let title_slide: String = text(&layout.pages[0])
            .iter()
            .map(|r| r.text.clone())
            .collect::<Vec<_>>()
            .join(" ");
        let footer: Vec<TextRun> = text(&layout.pages[1])
            .into_iter()
            .filter(|r| r.node.is_none() && r.y > layout.pages[1].height - 54.0)
            .collect();
        let court_words = footer
            .iter()
            .filter(|r| r.text.parse::<usize>().is_err())
            .map(|r| r.text.clone())
            .collect::<Vec<_>>()
            .join(" ");
        assert!(
            court_words.contains("Court"),
            "{name}: footer `{court_words}`"
        );
        assert!(
            title_slide.contains(court_words.split(',').next().unwrap_or_default().trim()),
            "{name}: title slide `{title_slide}` lacks the court"
        );
        let mut rule_ys = Vec::new();
        let mut title_ys = Vec::new();
        for (index, page) in layout.pages.iter().enumerate() {
            if index + 1 < slides {
                assert!(
                    page.fill.forced_end,
                    "{name}: slide {} runs over",
                    index + 1
                );
            }
            let runs = text(page);
            if index > 0 {
                let number = (index + 1).to_string();
                assert!(
                    runs.iter().any(|r| r.node.is_none() && r.text == number),
                    "{name}: slide {} has no number",
                    index + 1
                );
            }
            // The title band's rule: the first full-width rule of the slide.
            let rule = page.elements.iter().find_map(|e| match e {
                Element::Rule { x1, x2, y1, .. } if x2 - x1 > page.width * 0.8 => Some(*y1),
                _ => None,
            });
            let Some(rule) = rule else {
                continue;
            };
            rule_ys.push(rule);
            let title: Vec<&TextRun> = runs
                .iter()
                .filter(|r| r.node.is_some() && r.y < rule)
                .collect();
            if let Some(first) = title.iter().map(|r| r.y).min_by(f32::total_cmp) {
                title_ys.push(first);
            }
            // No title line ends in a hyphen.
            let mut lines: Vec<f32> = title.iter().map(|r| r.y).collect();
            lines.dedup_by(|a, b| (*a - *b).abs() < 0.5);
            for y in lines {
                let last = title
                    .iter()
                    .filter(|r| (r.y - y).abs() < 0.5)
                    .max_by(|a, b| a.x.total_cmp(&b.x));
                if let Some(last) = last {
                    assert!(
                        !last.text.trim_end().ends_with('-'),
                        "{name}: slide {} title hyphenated: `{}`",
                        index + 1,
                        last.text
                    );
                }
            }
            // Balanced: the text below the band is not crowded under it when there is
            // room (as much space below the text as above it, give or take).
            let body: Vec<&TextRun> = runs
                .iter()
                .filter(|r| r.node.is_some() && r.y > rule)
                .collect();
            if let (Some(top), Some(bottom)) = (
                body.iter().map(|r| r.y - r.size).min_by(f32::total_cmp),
                body.iter().map(|r| r.y).max_by(f32::total_cmp),
            ) {
                let above = top - rule;
                let below = page.height - 54.0 - bottom;
                assert!(
                    above > 0.3 * below || below < 60.0,
                    "{name}: slide {} crowded under its title ({above:.0} pt above, \
                     {below:.0} below)",
                    index + 1
                );
            }
        }
        assert!(
            rule_ys.len() + 1 >= slides,
            "{name}: slides without a title band"
        );
        for ys in [&rule_ys, &title_ys] {
            assert!(
                ys.iter().all(|y| (y - ys[0]).abs() < 0.5),
                "{name}: titles and their rules move from slide to slide: {ys:?}"
            );
        }
    }
    assert!(decks >= 7, "{decks} decks");
}
