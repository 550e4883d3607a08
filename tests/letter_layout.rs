//! The signing block of every letter the templates make, for the example courts and the
//! fixture courts, through the library's layout API: the room to sign between the closing
//! and the clerk's typed name, on the page of the closing, and what the court signs with.

use std::path::{Path, PathBuf};

use noticegen::notice::Layout as NoticeLayout;
use noticegen::plan::{Plan, Request};
use noticegen::typeset::{Element, Layout, PageSetup, Role, TextRun, Typesetter};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn plan(courts: &Path) -> Plan {
    let request = Request {
        courts_dir: courts.to_path_buf(),
        templates_dir: Some(repo().join("notice-templates")),
        ..Request::default()
    };
    Plan::load(&request).expect("the courts and templates load")
}

/// The last run on any page whose text starts with `needle`, with its page.
fn last_run<'a>(layout: &'a Layout, needle: &str) -> Option<(usize, &'a TextRun)> {
    let mut found = None;
    for (i, page) in layout.pages.iter().enumerate() {
        for e in &page.elements {
            if let Element::Text(run) = e
                && run.node.is_some()
                && run.text.starts_with(needle)
            {
                found = Some((i, run));
            }
        }
    }
    found
}

#[test]
fn every_letter_leaves_two_thirds_of_an_inch_to_sign_on_the_closing_page() {
    let typesetter = Typesetter::new(PageSetup::default());
    let mut letters = 0;
    for courts in [
        "courts",
        "tests/fixtures/rollout-courts/courts",
        "tests/fixtures/languages/courts",
    ] {
        let plan = plan(&repo().join(courts));
        for job in plan.jobs() {
            let notice = plan.merge(&job).expect("every notice merges");
            if notice.meta.layout != NoticeLayout::Letter {
                continue;
            }
            let court = job.court.in_language(job.lang);
            let name = format!("{}/{} ({})", notice.court, notice.kind, job.lang);
            let layout = typesetter.layout(&notice);
            let first_word = |text: &str| text.split_whitespace().next().unwrap_or("").to_string();
            let (closing_page, closing) =
                last_run(&layout, &first_word(&court.closing)).expect("the closing is set");
            let (name_page, typed) =
                last_run(&layout, &first_word(&court.clerk.name)).expect("the name is set");
            assert_eq!(closing_page, name_page, "{name}: the name left its closing");
            let line = 12.0 * 1.22;
            let room = typed.y - closing.y - line;
            assert!(
                (0.6 * 72.0..=0.75 * 72.0).contains(&room),
                "{name}: {room:.1} pt to sign"
            );
            // What the court signs with stands in that room.
            let inside = |y: f32| y > closing.y && y < typed.y;
            let page = &layout.pages[closing_page];
            match court.clerk.signature.as_deref() {
                Some("/s/") => assert!(
                    page.elements.iter().any(|e| matches!(e,
                        Element::Text(run) if run.text.starts_with("/s/") && inside(run.y))),
                    "{name}: no /s/ line"
                ),
                Some(_) => assert!(
                    page.elements.iter().any(|e| matches!(e,
                        Element::Image { y, node: Some(node), .. }
                            if inside(*y) && layout.nodes[*node as usize].role == Role::Figure)),
                    "{name}: no signature figure"
                ),
                None => assert!(
                    !page.elements.iter().any(|e| matches!(e,
                        Element::Text(run) if inside(run.y) && run.y > closing.y + 1.0
                            && run.y < typed.y - 1.0)),
                    "{name}: the room to sign is not blank"
                ),
            }
            letters += 1;
        }
    }
    assert!(letters >= 10, "only {letters} letters");
}
