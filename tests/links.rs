//! Links say where they go, and each medium shows what it can use: for every notice of every
//! court (the examples and the fixtures', in every language a court asks for), no link's
//! words are "click here" or a bare "here"; the calendar line, a file beside the web page,
//! is on screen and never on paper.

mod common;

use noticegen::plan::{Plan, Request};
use noticegen::render::Renderer;
use noticegen::render::html::HtmlRenderer;
use noticegen::typeset::doc::{self, Block};
use pulldown_cmark::{Event, Tag, TagEnd};

const COURT_FOLDERS: [&str; 3] = [
    "courts",
    "tests/fixtures/rollout-courts/courts",
    "tests/fixtures/languages/courts",
];

/// The calendar file beside each court's notices, as `notice-templates/rollout.yaml` names it.
const CALENDAR: &str = "nextgen.ics";

/// Words that say nothing of where a link goes, in the languages the templates are in.
const VAGUE: [&str; 8] = [
    "here",
    "click here",
    "click",
    "this",
    "link",
    "aquí",
    "haga clic aquí",
    "clic aquí",
];

fn plan(courts: &str) -> Plan {
    Plan::load(&Request {
        courts_dir: common::repo().join(courts),
        ..Request::default()
    })
    .expect("the courts and templates load")
}

/// The words of each link of `markdown`.
fn link_words(markdown: &str) -> Vec<String> {
    let mut open: Vec<String> = Vec::new();
    let mut done = Vec::new();
    for event in noticegen::markdown::parse(markdown) {
        match event {
            Event::Start(Tag::Link { .. }) => open.push(String::new()),
            Event::End(TagEnd::Link) => done.extend(open.pop()),
            Event::Text(text) | Event::Code(text) => {
                if let Some(words) = open.last_mut() {
                    words.push_str(&text);
                }
            }
            _ => {}
        }
    }
    done
}

/// Every piece of text paper lays out.
fn paper_text(markdown: &str) -> String {
    fn walk(blocks: &[Block], out: &mut String) {
        for block in blocks {
            match block {
                Block::Para(spans) | Block::Heading(_, spans) => {
                    out.extend(spans.iter().map(|s| s.text.as_str()));
                    out.push('\n');
                }
                Block::List { items, .. } => items.iter().for_each(|item| walk(item, out)),
                Block::Quote(inner) | Block::Div(_, inner) => walk(inner, out),
                Block::Table { rows, .. } => {
                    for cell in rows.iter().flatten() {
                        out.extend(cell.iter().map(|s| s.text.as_str()));
                        out.push('\n');
                    }
                }
                Block::Image { caption, .. } => out.push_str(caption),
                _ => {}
            }
        }
    }
    let doc = doc::parse(markdown);
    let mut out = String::new();
    walk(&doc.blocks, &mut out);
    for note in &doc.footnotes {
        walk(note, &mut out);
    }
    out
}

#[test]
fn link_words_say_where_the_link_goes() {
    let mut checked = 0;
    for folder in COURT_FOLDERS {
        let plan = plan(folder);
        for job in plan.jobs() {
            let notice = plan.merge(&job).expect("the notice merges");
            let name = format!("{folder}: {}/{}", job.court.id, job.file());
            for words in link_words(&notice.markdown) {
                let words = words.trim().trim_end_matches(['.', '!']).to_lowercase();
                assert!(
                    !VAGUE.contains(&words.as_str()),
                    "{name}: a link reads `{words}`"
                );
            }
            let text = notice.markdown.to_lowercase();
            for phrase in ["click here", "clic aquí", "haga clic [aquí]"] {
                assert!(!text.contains(phrase), "{name}: `{phrase}`");
            }
            checked += 1;
        }
    }
    assert!(checked > 50, "{checked}");
}

#[test]
fn the_calendar_line_is_on_screen_and_never_on_paper() {
    let mut on_screen = 0;
    for folder in COURT_FOLDERS {
        let plan = plan(folder);
        let calendar = CALENDAR.to_string();
        for job in plan.jobs() {
            let notice = plan.merge(&job).expect("the notice merges");
            let name = format!("{folder}: {}/{}", job.court.id, job.file());
            let paper = paper_text(&notice.markdown);
            assert!(!paper.contains(&calendar), "{name}: on paper: {paper}");
            let html = String::from_utf8(HtmlRenderer::default().render(&notice).unwrap()).unwrap();
            let link = format!("href=\"{calendar}\"");
            if notice.markdown.contains(&format!("]({calendar})"))
                || notice
                    .footer
                    .as_deref()
                    .is_some_and(|f| f.contains(&calendar))
            {
                assert!(html.contains(&link), "{name}: {html}");
                on_screen += 1;
            }
        }
    }
    // The letter and the web page of every court dated before its go-live link it.
    assert!(on_screen >= 8, "{on_screen}");
}
