//! A valid court whose text fields hold fuzzed strings: every kind merges (or fails with an
//! error, never a panic), and its HTML carries no tag or link the data put there.
#![no_main]

use std::path::Path;
use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use noticegen::court::Court;
use noticegen::render::Renderer;
use noticegen::render::html::HtmlRenderer;
use noticegen::template::Catalog;

static CATALOG: LazyLock<Catalog> = LazyLock::new(|| Catalog::load(None).expect("built-ins load"));
static COURT: LazyLock<Court> = LazyLock::new(|| {
    let text = include_str!("../../courts/nmd.yaml");
    Court::parse(Path::new("courts/nmd.yaml"), text, &CATALOG.court_schema()).expect("nmd is valid")
});

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut parts = text.split('\u{1}').map(str::to_string);
    let mut court = COURT.clone();
    let mut next = |field: &mut String| {
        if let Some(part) = parts.next() {
            *field = part;
        }
    };
    next(&mut court.name);
    next(&mut court.district);
    next(&mut court.clerk.name);
    next(&mut court.clerk.title);
    next(&mut court.courthouse.street);
    next(&mut court.courthouse.city);
    next(&mut court.salutation);
    next(&mut court.closing);
    let mut website = court.website.clone();
    next(&mut website);
    court.website = website;
    for kind in CATALOG.kinds() {
        let Ok(notice) = CATALOG.render(&court, kind, CATALOG.base_language(), None) else {
            continue;
        };
        let html = HtmlRenderer::default()
            .render(&notice)
            .expect("HTML renders");
        let html = String::from_utf8(html).expect("HTML is UTF-8");
        let lower = html.to_ascii_lowercase();
        // Only the page's own scripts (the web page's countdown), as many as for the real court.
        let baseline = CATALOG
            .render(&COURT, kind, CATALOG.base_language(), None)
            .expect("nmd renders");
        let baseline = HtmlRenderer::default()
            .render(&baseline)
            .expect("HTML renders");
        let scripts = String::from_utf8_lossy(&baseline)
            .matches("<script")
            .count();
        assert_eq!(lower.matches("<script").count(), scripts, "{html}");
        assert!(!lower.contains("href=\"javascript:"), "{html}");
        assert!(!lower.contains("<img src=\"data:"), "{html}");
    }
});
