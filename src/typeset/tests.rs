//! Layout checks of the typesetter alone (no PDF): where pages break, what furniture each
//! page carries, where an address and a slide's parts go.

use super::*;
use crate::notice::Layout as NoticeLayout;

fn notice(markdown: &str, layout: NoticeLayout) -> Notice {
    Notice::sample(markdown, layout)
}

fn texts(page: &Page) -> Vec<&TextRun> {
    page.elements
        .iter()
        .filter_map(|e| match e {
            Element::Text(run) => Some(run),
            _ => None,
        })
        .collect()
}

/// The page holding a run whose text contains `needle`.
fn page_of(layout: &Layout, needle: &str) -> Option<usize> {
    layout
        .pages
        .iter()
        .position(|page| texts(page).iter().any(|run| run.text.contains(needle)))
}

const SENTENCE: &str = "Each attorney must have an individual upgraded PACER account and must know the current login and password before the court goes live. ";

/// Filler paragraphs, one line each, numbered so a test can find where a page ends.
pub(super) fn filler(lines: usize) -> String {
    (0..lines)
        .map(|i| format!("Line{i} of filler."))
        .collect::<Vec<_>>()
        .join("\n\n")
}

#[test]
fn a_lead_in_and_a_bold_line_stay_with_the_list_they_announce() {
    let typesetter = Typesetter::new(PageSetup::default());
    for lines in 20..36 {
        let md = format!(
            "{}\n\n**HELP**\n\nContact the court:\n\n- first item\n- second item\n- third item\n",
            filler(lines)
        );
        let layout = typesetter.layout(&notice(&md, NoticeLayout::Document));
        let list = page_of(&layout, "first").unwrap_or(usize::MAX);
        assert_eq!(page_of(&layout, "Contact"), Some(list), "{lines} lines");
        assert_eq!(page_of(&layout, "HELP"), Some(list), "{lines} lines");
    }
}

#[test]
fn a_long_list_item_splits_across_pages_keeping_two_lines_each_side() {
    let typesetter = Typesetter::new(PageSetup::default());
    let mut split = false;
    for lines in 20..40 {
        let item = SENTENCE.repeat(5);
        let md = format!("{}\n\n1. {item}\n2. {item}\n", filler(lines));
        let layout = typesetter.layout(&notice(&md, NoticeLayout::Document));
        for (index, page) in layout.pages.iter().enumerate().skip(1) {
            // Lines of the list carried to this page, and those left on the page before.
            let list_lines = |page: &Page| {
                let mut ys: Vec<f32> = texts(page)
                    .iter()
                    .filter(|run| run.x > 72.0 + 10.0 && run.node.is_some())
                    .map(|run| run.y)
                    .collect();
                ys.sort_by(f32::total_cmp);
                ys.dedup_by(|a, b| (*a - *b).abs() < 0.5);
                ys.len()
            };
            let before = list_lines(&layout.pages[index - 1]);
            let after = list_lines(page);
            if before > 0 && after > 0 {
                assert!(before >= 2 && after >= 2, "{lines}: {before} | {after}");
                split = true;
            }
            assert!(
                layout.pages[index - 1].fill.empty_share() < 0.2,
                "{lines}: page {index} left {:.0}% empty",
                layout.pages[index - 1].fill.empty_share() * 100.0
            );
        }
    }
    assert!(split, "no list item was ever split");
}

/// The "Page N of M" runs of a page: furniture, tied to no structure node.
fn page_labels(page: &Page) -> Vec<String> {
    texts(page)
        .iter()
        .filter(|run| run.node.is_none())
        .map(|run| run.text.clone())
        .collect()
}

#[test]
fn every_page_of_a_multi_page_document_is_numbered_as_furniture() {
    let typesetter = Typesetter::new(PageSetup::default());
    let layout = typesetter.layout(&notice(&filler(120), NoticeLayout::Document));
    let total = layout.pages.len();
    assert!(total >= 3);
    for (i, page) in layout.pages.iter().enumerate() {
        assert_eq!(
            page_labels(page),
            [format!("Page {} of {total}", i + 1)],
            "page {}",
            i + 1
        );
    }
    // One page: nothing to number.
    let single = typesetter.layout(&notice(&filler(3), NoticeLayout::Document));
    assert_eq!(single.pages.len(), 1);
    assert!(page_labels(&single.pages[0]).is_empty());
}

#[test]
fn a_letter_is_numbered_from_its_second_page_in_its_own_language() {
    let typesetter = Typesetter::new(PageSetup::default());
    let mut letter = notice(&filler(120), NoticeLayout::Letter);
    let mut words = (*letter.meta.words).clone();
    words.page = "Página {page} de {pages}".into();
    letter.meta.words = std::sync::Arc::new(words);
    let layout = typesetter.layout(&letter);
    let total = layout.pages.len();
    assert!(page_labels(&layout.pages[0]).is_empty());
    for (i, page) in layout.pages.iter().enumerate().skip(1) {
        assert_eq!(page_labels(page), [format!("Página {} de {total}", i + 1)]);
    }
}

fn frames(layout: &Layout) -> usize {
    layout
        .pages
        .iter()
        .flat_map(|page| &page.elements)
        .filter(|e| matches!(e, Element::Frame { .. }))
        .count()
}

#[test]
fn a_slide_holds_a_frame_only_for_a_screenshot_the_court_promised() {
    let typesetter = Typesetter::new(PageSetup::default());
    let md = "# Training\n\nThe court\n\n---\n\n## Log in\n\n- Open the page\n\n![PACER login page](screenshots/login.png)\n";
    // No folder of screenshots: the slide names what it would show, with no empty box.
    let mut deck = notice(md, NoticeLayout::Slides);
    let layout = typesetter.layout(&deck);
    assert_eq!(frames(&layout), 0);
    assert!(page_of(&layout, "PACER login page").is_some());
    // The court keeps screenshots but not this one: a frame holds its place.
    let court = tempfile::tempdir().expect("a temporary folder");
    std::fs::create_dir(court.path().join("screenshots")).expect("a folder");
    deck.assets = Some(court.path().to_path_buf());
    let layout = typesetter.layout(&deck);
    assert_eq!(frames(&layout), 1);
    assert!(page_of(&layout, "PACER login page").is_some());
}

/// Slide and document titles of many lengths, which the breaker would hyphenate here and
/// there if it were allowed to ("(con-⏎tinued)").
fn titles() -> Vec<String> {
    (0..40)
        .map(|n| {
            let prefix = "Register ".repeat(n / 4) + &"ab ".repeat(n % 4);
            format!("{prefix}Step 1: Register for an Individual PACER Account *(continued)*")
        })
        .collect()
}

#[test]
fn titles_break_between_whole_words_only() {
    let typesetter = Typesetter::new(PageSetup::default());
    let deck: String = titles()
        .iter()
        .map(|title| format!("\n\n---\n\n## {title}\n\nText."))
        .collect();
    let document: String = titles()
        .iter()
        .map(|title| format!("\n\n### {title}\n\nText."))
        .collect();
    for (md, layout) in [
        (
            format!("# Training\n\nThe court{deck}"),
            NoticeLayout::Slides,
        ),
        (document, NoticeLayout::Document),
    ] {
        let set = typesetter.layout(&notice(&md, layout));
        let hyphenated: Vec<&TextRun> = set
            .pages
            .iter()
            .flat_map(texts)
            .filter(|run| run.node.is_some() && run.text.trim_end().ends_with('-'))
            .collect();
        assert!(hyphenated.is_empty(), "{layout:?}: {hyphenated:?}");
    }
}

#[test]
fn a_slide_too_full_for_its_page_is_set_smaller_and_keeps_its_title_size() {
    let typesetter = Typesetter::new(PageSetup::default());
    let items: String = (0..14).map(|i| format!("- Contact number {i}\n")).collect();
    let md =
        format!("# Training\n\nThe court\n\n---\n\n## Short\n\n- One\n\n---\n\n## Help\n\n{items}");
    let layout = typesetter.layout(&notice(&md, NoticeLayout::Slides));
    assert_eq!(layout.pages.len(), 3, "the full slide runs over");
    let size_of = |page: usize, word: &str| {
        texts(&layout.pages[page])
            .iter()
            .find(|run| run.text.contains(word))
            .map(|run| run.size)
    };
    assert_eq!(size_of(1, "Short"), size_of(2, "Help"));
    assert!(size_of(2, "Contact") < size_of(1, "One"));
}

#[test]
fn short_numbers_are_tied_to_the_word_before_them_on_slides() {
    assert_eq!(
        tie_in("through April 20, 2020 at 8:00 am"),
        "through April\u{a0}20, 2020 at\u{a0}8:00 am"
    );
    assert_eq!(tie_in("Step 1: REGISTER"), "Step\u{a0}1: REGISTER");
    // Years, long numbers, numbers after punctuation and numbers that start words stay free.
    assert_eq!(tie_in("in 2020, (505) 348 1st"), "in 2020, (505) 348 1st");
    assert_eq!(tie_in(""), "");
    assert_eq!(tie_in(" 7"), " 7");
}
