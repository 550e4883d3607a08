//! Golden Markdown: every kind of notice for every court in courts/, built through the public
//! API (`load_courts` + `Catalog`) and compared with tests/snapshots/. A change to a template or
//! a court file shows up here as a reviewable diff (`cargo insta review`).

use std::path::Path;

use noticegen::court::load_courts;
use noticegen::template::Catalog;

#[test]
fn golden_markdown_for_every_court_and_kind() {
    let courts = load_courts(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("courts"),
        &Catalog::load(None).unwrap().court_schema(),
    )
    .unwrap();
    let catalog = Catalog::load(None).unwrap();
    assert_eq!(courts.len() * catalog.kinds().len(), 24);
    for court in &courts {
        for kind in catalog.kinds() {
            let notice = catalog.render(court, kind, None).unwrap();
            let header = format!(
                "title: {}\ndate: {}\nlayout: {:?}\nauthor: {}\n---\n",
                notice.meta.title, notice.meta.date, notice.meta.layout, notice.meta.author
            );
            insta::assert_snapshot!(format!("{}__{kind}", court.id), header + &notice.markdown);
        }
    }
}

#[test]
fn rendering_is_deterministic() {
    let courts = load_courts(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("courts"),
        &Catalog::load(None).unwrap().court_schema(),
    )
    .unwrap();
    let first = Catalog::load(None).unwrap();
    let second = Catalog::load(None).unwrap();
    for court in &courts {
        for kind in first.kinds() {
            assert_eq!(
                first.render(court, kind, None).unwrap(),
                second.render(court, kind, None).unwrap()
            );
        }
    }
}
