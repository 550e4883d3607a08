//! Property tests over generated valid courts: every kind renders in every format without
//! panicking, data cannot add tags or links to the HTML (the page has exactly the tags it has for
//! a court with plain names), and rendering twice gives the same bytes.

use std::path::Path;
use std::sync::LazyLock;

use chrono::{Duration, NaiveDate, NaiveTime};
use noticegen::court::{Court, Outage};
use noticegen::render::Renderer;
use noticegen::render::html::HtmlRenderer;
use noticegen::render::pdf::{PageSetup, PdfRenderer};
use noticegen::template::Catalog;
use proptest::prelude::*;

static CATALOG: LazyLock<Catalog> = LazyLock::new(|| Catalog::load(None).unwrap());
static NMD: LazyLock<Court> = LazyLock::new(|| {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("courts/nmd.yaml");
    Court::parse(&path, &std::fs::read_to_string(&path).unwrap()).unwrap()
});

/// One line of text a clerk or a pasted e-mail might hold, heavy on Markdown and HTML syntax.
fn text() -> impl Strategy<Value = String> {
    let hostile = prop_oneof![
        Just("<script>alert(1)</script>".to_string()),
        Just("<img src=x onerror=alert(1)>".to_string()),
        Just("[click](javascript:alert(1))".to_string()),
        Just("![x](data:image/png;base64,AAAA)".to_string()),
        Just("# Heading".to_string()),
        Just("1. First".to_string()),
        Just("- item".to_string()),
        Just("**bold** _it_ `code` ~~s~~".to_string()),
        Just("<https://evil.example>".to_string()),
        Just("a | b | c".to_string()),
        Just("[^note]".to_string()),
        Just("&amp; &lt; &#60;".to_string()),
        Just("{{ court.name }} {% raw %}".to_string()),
        Just("---".to_string()),
        Just("<div class=\"banner\">".to_string()),
    ];
    let random = "[A-Za-z0-9 *_#<>&!`|~.()\\[\\]\\\\=+:/\"'-]{1,24}";
    (
        prop_oneof![hostile, random.prop_map(String::from)],
        "[A-Za-z]{1,8}",
    )
        .prop_map(|(text, word)| format!("{word} {text}"))
}

fn court() -> impl Strategy<Value = Court> {
    (
        prop::collection::vec(text(), 10),
        0i64..3000,   // go-live, days after 2019-01-01
        1i64..200,    // letter, days before go-live
        0i64..72,     // outage length, hours
        0u32..24 * 4, // outage end, quarter hours before go-live's end of day
    )
        .prop_map(|(texts, go_live, letter, hours, end)| {
            let mut court = NMD.clone();
            let mut texts = texts.into_iter();
            let mut next = || texts.next().unwrap();
            court.name = next();
            court.district = next();
            court.clerk.name = next();
            court.clerk.title = next();
            court.chief_judge = Some(next());
            court.courthouse.street = next();
            court.courthouse.city = next();
            court.salutation = next();
            court.closing = next();
            court.site_menu = vec![next()];
            court.go_live = NaiveDate::from_ymd_opt(2019, 1, 1).unwrap() + Duration::days(go_live);
            court.dates = Default::default();
            court.dates.letter = Some(court.go_live - Duration::days(letter));
            let end = court.go_live.and_time(NaiveTime::MIN) + Duration::minutes(15 * end as i64);
            let end = end.min(court.go_live.and_hms_opt(23, 0, 0).unwrap());
            court.outage = Some(Outage {
                start: end - Duration::hours(hours + 1),
                end,
                time_zone: "MT".into(),
            });
            court
        })
}

/// The names of the tags in an HTML page's body, in order.
fn tags(html: &str) -> Vec<String> {
    let body = &html[html.find("<body").unwrap_or(0)..];
    body.split('<')
        .skip(1)
        .map(|tag| {
            tag.split(|c: char| c.is_whitespace() || c == '>')
                .next()
                .unwrap_or("")
                .to_string()
        })
        .collect()
}

/// The same court with every text replaced by a plain word: the structure templates give it.
fn plain_twin(court: &Court) -> Court {
    let mut plain = court.clone();
    for field in [
        &mut plain.name,
        &mut plain.district,
        &mut plain.clerk.name,
        &mut plain.clerk.title,
        &mut plain.courthouse.street,
        &mut plain.courthouse.city,
        &mut plain.salutation,
        &mut plain.closing,
    ] {
        *field = "Plain".into();
    }
    plain.chief_judge = Some("Plain".into());
    plain.site_menu = vec!["Plain".into()];
    plain
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(8))]

    #[test]
    fn any_valid_court_renders_every_kind_safely_and_deterministically(court in court()) {
        let html = HtmlRenderer::default();
        let pdf = PdfRenderer::new(PageSetup::default());
        let twin = plain_twin(&court);
        for kind in CATALOG.kinds() {
            let notice = CATALOG.render(&court, kind, None).unwrap();
            let again = CATALOG.render(&court, kind, None).unwrap();
            prop_assert_eq!(&notice, &again);

            let page = String::from_utf8(html.render(&notice).unwrap()).unwrap();
            prop_assert_eq!(&page, &String::from_utf8(html.render(&again).unwrap()).unwrap());
            let lower = page.to_ascii_lowercase();
            // Data may *say* "javascript:" (escaped, as text); it may not be a link or a tag.
            // (The web page has its own countdown script; the tag comparison below shows data
            // added no other.)
            prop_assert!(!lower.contains("href=\"javascript"), "{}", page);
            prop_assert!(!lower.contains("src=\"data:"), "{}", page);
            prop_assert!(!lower.contains("<img"), "{}", page);
            let plain = CATALOG.render(&twin, kind, None).unwrap();
            let plain_page = String::from_utf8(html.render(&plain).unwrap()).unwrap();
            prop_assert_eq!(tags(&page), tags(&plain_page), "data changed the page's tags");

            let first = pdf.render(&notice).unwrap();
            prop_assert!(first.starts_with(b"%PDF-"));
            prop_assert!(first == pdf.render(&again).unwrap(), "two PDFs differ");
        }
    }
}
