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
    Court::parse(
        &path,
        &std::fs::read_to_string(&path).unwrap(),
        &CATALOG.court_schema(),
    )
    .unwrap()
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
            court.site_menu = vec![noticegen::court::MenuEntry {
                label: next(),
                url: None,
            }];
            court.go_live = NaiveDate::from_ymd_opt(2019, 1, 1).unwrap() + Duration::days(go_live);
            court.dates = Default::default();
            court.dates.insert(
                "letter".into(),
                Some(court.go_live - Duration::days(letter)),
            );
            let end = court.go_live.and_time(NaiveTime::MIN) + Duration::minutes(15 * end as i64);
            let end = end.min(court.go_live.and_hms_opt(23, 0, 0).unwrap());
            court.outage = Some(Outage {
                start: end - Duration::hours(hours + 1),
                end,
                time_zone: "MT".into(),
                emergency_filing: None,
                order: None,
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
    plain.site_menu = vec![noticegen::court::MenuEntry {
        label: "Plain".into(),
        url: None,
    }];
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
            let notice = CATALOG.render(&court, kind, "en", None).unwrap();
            let again = CATALOG.render(&court, kind, "en", None).unwrap();
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
            let plain = CATALOG.render(&twin, kind, "en", None).unwrap();
            let plain_page = String::from_utf8(html.render(&plain).unwrap()).unwrap();
            prop_assert_eq!(tags(&page), tags(&plain_page), "data changed the page's tags");

            let first = pdf.render(&notice).unwrap();
            prop_assert!(first.starts_with(b"%PDF-"));
            prop_assert!(first == pdf.render(&again).unwrap(), "two PDFs differ");
        }
    }
}

// --- Pasted text: any Unicode through every kind, every format and a mailing merge ---
//
// Unpaired surrogates (U+D800–U+DFFF alone) are not generated because they cannot occur:
// Rust's `char` and `String` exclude them, the court loader refuses a file that is not
// UTF-8 before YAML sees it, and the recipients list is read as UTF-8. Everything else is
// fair game.

/// Every space separator (Zs) of Unicode.
const SPACE_SEPARATORS: [char; 17] = [
    ' ', '\u{a0}', '\u{1680}', '\u{2000}', '\u{2001}', '\u{2002}', '\u{2003}', '\u{2004}',
    '\u{2005}', '\u{2006}', '\u{2007}', '\u{2008}', '\u{2009}', '\u{200a}', '\u{202f}', '\u{205f}',
    '\u{3000}',
];
/// Line and paragraph separators, and the control characters that end a line or indent.
const BREAKS: [char; 8] = [
    '\u{2028}', '\u{2029}', '\u{b}', '\u{c}', '\u{85}', '\t', '\r', '\n',
];
/// Format and control-ish characters: zero-width space and joiners, marks and overrides of
/// direction, word joiner, byte-order mark, soft hyphen, variation selectors, a tag, and
/// C0/C1 controls.
const FORMAT: [char; 26] = [
    '\u{200b}',
    '\u{200c}',
    '\u{200d}',
    '\u{200e}',
    '\u{200f}',
    '\u{202a}',
    '\u{202b}',
    '\u{202c}',
    '\u{202d}',
    '\u{202e}',
    '\u{2066}',
    '\u{2067}',
    '\u{2068}',
    '\u{2069}',
    '\u{2060}',
    '\u{feff}',
    '\u{ad}',
    '\u{fe0f}',
    '\u{fe0e}',
    '\u{e0041}',
    '\u{34f}',
    '\u{61c}',
    '\u{0}',
    '\u{7}',
    '\u{1b}',
    '\u{9b}',
];

/// One character of text pasted from a word processor, a mail program or a web page.
fn pasted_char() -> impl Strategy<Value = char> {
    prop_oneof![
        6 => prop::char::range('a', 'z'),
        2 => prop::char::range('A', 'Z'),
        2 => prop::sample::select(SPACE_SEPARATORS.to_vec()),
        1 => prop::sample::select(BREAKS.to_vec()),
        2 => prop::sample::select(FORMAT.to_vec()),
        2 => prop::char::range('\u{300}', '\u{36f}'),   // combining marks
        2 => prop::char::range('\u{5d0}', '\u{5ea}'),   // Hebrew
        2 => prop::char::range('\u{621}', '\u{64a}'),   // Arabic
        2 => prop::char::range('\u{1f300}', '\u{1f64f}'), // emoji
        1 => prop::char::range('\u{1f3fb}', '\u{1f3ff}'), // skin-tone modifiers
        1 => prop::char::range('\u{1f1e6}', '\u{1f1ff}'), // regional indicators (flags)
        1 => prop::char::range('\u{4e00}', '\u{4fff}'),   // CJK
        1 => prop::sample::select("*_`<>&[]()#!|\\~-/.@:{}%".chars().collect::<Vec<_>>()),
        1 => any::<char>(),
    ]
}

/// A field as pasted: a short phrase, or a long run with nowhere to break (one character
/// again and again, or a short pattern of them), as a name pasted without its spaces.
fn pasted_text() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => prop::collection::vec(pasted_char(), 1..40).prop_map(|cs| cs.into_iter().collect()),
        1 => (pasted_char(), 500usize..4000).prop_map(|(c, n)| format!("Jane{}", c.to_string().repeat(n))),
        1 => (prop::collection::vec(pasted_char(), 1..6), 300usize..1500)
            .prop_map(|(cs, n)| cs.into_iter().collect::<String>().repeat(n)),
    ]
}

fn pasted_court() -> impl Strategy<Value = Court> {
    prop::collection::vec(pasted_text(), 10).prop_map(|texts| {
        let mut court = NMD.clone();
        let mut texts = texts.into_iter();
        let mut next = || texts.next().unwrap_or_default();
        court.name = next();
        court.district = next();
        court.clerk.name = next();
        court.clerk.title = next();
        court.chief_judge = Some(next());
        court.courthouse.street = next();
        court.courthouse.city = next();
        court.salutation = next();
        court.closing = next();
        court.site_menu = vec![noticegen::court::MenuEntry {
            label: next(),
            url: None,
        }];
        court
    })
}

/// The fields [`pasted_court`] fills, as one text.
fn pasted_fields(court: &Court) -> String {
    [
        &court.name,
        &court.district,
        &court.clerk.name,
        &court.clerk.title,
        court.chief_judge.as_deref().unwrap_or_default(),
        &court.courthouse.street,
        &court.courthouse.city,
        &court.salutation,
        &court.closing,
    ]
    .into_iter()
    .chain(court.site_menu.iter().map(|entry| entry.label.as_str()))
    .collect::<Vec<_>>()
    .join("\n")
}

/// Every text run of every page lies inside the page's margins (`margin` points).
fn inside_margins(layout: &noticegen::render::pdf::Layout, margin: f32) -> Result<(), String> {
    for page in &layout.pages {
        for element in &page.elements {
            if let noticegen::render::pdf::Element::Text(run) = element
                && (run.x < margin - 0.01 || run.x + run.width > page.width - margin + 0.01)
            {
                return Err(format!("run outside the margins: {run:?}"));
            }
        }
    }
    Ok(())
}

/// A PDF lopdf can read back, with at least one page.
fn valid_pdf(bytes: &[u8]) -> Result<usize, String> {
    let doc = lopdf::Document::load_mem(bytes).map_err(|e| format!("unreadable PDF: {e}"))?;
    match doc.get_pages().len() {
        0 => Err("PDF without pages".into()),
        pages => Ok(pages),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(12))]

    #[test]
    fn pasted_unicode_in_court_data_sets_every_kind_in_every_format(court in pasted_court()) {
        let html = HtmlRenderer::default();
        let pdf = PdfRenderer::new(PageSetup::default());
        for kind in CATALOG.kinds() {
            let notice = CATALOG.render(&court, kind, "en", None).unwrap();
            let page = String::from_utf8(html.render(&notice).unwrap()).unwrap();
            prop_assert!(page.starts_with("<!DOCTYPE html>"), "{}", page);
            prop_assert!(page.trim_end().ends_with("</html>"), "{}", page);
            let layout = pdf.layout(&notice);
            let slides = notice.meta.layout == noticegen::notice::Layout::Slides;
            let margin = if slides { 54.0 } else { 72.0 };
            if let Err(problem) = inside_margins(&layout, margin) {
                prop_assert!(false, "{}: {}", kind, problem);
            }
            // A character no font has is refused, never printed as `?`: the render fails
            // naming exactly what the layout could not draw, all of it pasted text.
            let missing = pdf.missing_glyphs(&layout);
            match pdf.render(&notice) {
                Ok(bytes) => {
                    prop_assert!(missing.is_empty(), "{}: printed {:?}", kind, missing);
                    if let Err(problem) = valid_pdf(&bytes) {
                        prop_assert!(false, "{}: {}", kind, problem);
                    }
                }
                Err(noticegen::error::Error::Unprintable(clusters)) => {
                    prop_assert_eq!(&clusters, &missing);
                    let pasted = pasted_fields(&court);
                    for cluster in &clusters {
                        prop_assert!(
                            cluster.chars().any(|c| pasted.contains(c)),
                            "{}: {:?} is not pasted text", kind, cluster
                        );
                    }
                }
                Err(other) => prop_assert!(false, "{}: {}", kind, other),
            }
        }
    }

    #[test]
    fn pasted_unicode_in_recipient_fields_merges_into_a_valid_mailing(
        fields in prop::collection::vec(pasted_text(), 7),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let list = dir.path().join("recipients.csv");
        let mut csv = csv::Writer::from_path(&list).unwrap();
        csv.write_record(["prefix", "name", "firm", "address1", "address2", "city", "state", "zip", "email", "salutation"]).unwrap();
        csv.write_record([
            fields[0].as_str(), &fields[1], &fields[2], &fields[3], &fields[4], &fields[5],
            "NM", "87102", "ann@example.gov", &fields[6],
        ]).unwrap();
        csv.flush().unwrap();
        drop(csv);
        let request = noticegen::mail::merge::MergeRequest {
            build: noticegen::plan::Request {
                courts_dir: Path::new(env!("CARGO_MANIFEST_DIR")).join("courts"),
                courts: vec!["nmd".into()],
                kinds: vec!["letter".into()],
                ..Default::default()
            },
            recipients: list,
            out_dir: dir.path().join("mailings"),
            duplex: true,
            split: true,
            // Names reach the e-mail's headers, where a pasted line break once panicked.
            email: true,
            mbox: false,
            strict: false,
            progress: false,
        };
        // A row may be refused for what it holds (a name of nothing but spaces), with a
        // report naming its row; it may never stop the run or produce a broken file.
        match noticegen::mail::merge::merge(&request) {
            Ok(summary) => {
                prop_assert_eq!(summary.produced + summary.rejected.len(), 1);
                if summary.produced == 0 {
                    return Ok(());
                }
                let mailing = std::fs::read(summary.folder.join("mailing.pdf")).unwrap();
                let pages = valid_pdf(&mailing);
                prop_assert!(pages.is_ok(), "{:?}", pages);
                for file in &summary.files {
                    if file.extension().is_some_and(|e| e == "pdf") {
                        let split = valid_pdf(&std::fs::read(request.out_dir.join(file)).unwrap());
                        prop_assert!(split.is_ok(), "{}: {:?}", file.display(), split);
                    }
                }
            }
            Err(error) => {
                let report = error.to_string();
                prop_assert!(report.contains("recipients.csv"), "{}", report);
            }
        }
    }
}
