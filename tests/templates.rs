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
            let notice = catalog.render(court, kind, "en", None).unwrap();
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
                first.render(court, kind, "en", None).unwrap(),
                second.render(court, kind, "en", None).unwrap()
            );
        }
    }
}

/// A court publishing in English and Spanish (tests/fixtures/languages): the Spanish press
/// release and web page, with Spanish dates, times and the court's Spanish names.
#[test]
fn golden_spanish_markdown_for_a_court_in_two_languages() {
    let catalog = Catalog::load(None).unwrap();
    let courts = load_courts(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/languages/courts"),
        &catalog.court_schema(),
    )
    .unwrap();
    let court = &courts[0];
    assert_eq!(catalog.court_languages(court), ["en", "es"]);
    for kind in ["press-release", "web-page"] {
        assert!(catalog.languages_of(kind).contains(&"es"), "{kind}");
        let notice = catalog.render(court, kind, "es", None).unwrap();
        assert_eq!(notice.meta.lang, "es-US");
        assert_eq!(notice.meta.words.hyphenation, "es");
        let header = format!(
            "title: {}\ndate: {}\nlayout: {:?}\nauthor: {}\nlang: {}\n---\n",
            notice.meta.title,
            notice.meta.date,
            notice.meta.layout,
            notice.meta.author,
            notice.meta.lang
        );
        insta::assert_snapshot!(
            format!("{}__{kind}.es", court.id),
            header + &notice.markdown
        );
    }
    let web = catalog.render(court, "web-page", "es", None).unwrap();
    assert!(web.markdown.contains("lunes, 20 de abril de 2020"));
    assert!(web.markdown.contains("3:00 p. m."));
    let press = catalog.render(court, "press-release", "es", None).unwrap();
    assert!(press.markdown.contains("21 de enero de 2020"));
    // A kind without a Spanish translation is refused in Spanish, not written in English.
    assert!(catalog.render(court, "letter", "es", None).is_err());
}

/// Courts of the rollout other than the examples (tests/fixtures/rollout-courts): bankruptcy
/// courts and a district court with pro se and CJA panel filers. Every kind builds and its
/// golden Markdown is kept; a court that is not a district court is named in full wherever a
/// title names its district; no notice of a court where others than attorneys file speaks to
/// attorneys alone.
#[test]
fn golden_markdown_for_courts_of_every_type_and_audience() {
    use noticegen::court::{CourtType, Filer, PhoneStyle};
    let catalog = Catalog::load(None).unwrap();
    let courts = load_courts(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rollout-courts/courts"),
        &catalog.court_schema(),
    )
    .unwrap();
    let ids: Vec<&str> = courts.iter().map(|court| court.id.as_str()).collect();
    assert_eq!(ids, ["mied", "prb", "wvsb"]);
    for court in &courts {
        let full = format!("{} for the {}", court.name, court.district);
        let others_file = court.filers.iter().any(|filer| {
            matches!(
                filer,
                Filer::Trustees | Filer::FilingAgents | Filer::LimitedUse | Filer::NonAttorney
            )
        });
        for kind in catalog.kinds() {
            let notice = catalog.render(court, kind, "en", None).unwrap();
            if court.court_type != CourtType::District
                && notice.meta.title.contains(&court.district)
            {
                assert!(notice.meta.title.contains(&full), "{}", notice.meta.title);
            }
            if others_file {
                let speaks_to_others =
                    notice.markdown.contains("E-Filer") || notice.markdown.contains("trustees");
                assert!(
                    speaks_to_others || !notice.markdown.to_lowercase().contains("attorneys"),
                    "{} {kind} speaks to attorneys only",
                    court.id
                );
                assert!(
                    !notice.meta.title.contains("Attorney"),
                    "{}",
                    notice.meta.title
                );
            }
            if court.presentation.phone == Some(PhoneStyle::Parens) {
                // Every ten-digit number in parentheses: none written with a dash after the
                // area code ("800-676-6856"), whatever style the data or template gives.
                let bytes = notice.markdown.as_bytes();
                let dashed = bytes.windows(8).enumerate().any(|(i, w)| {
                    w[..3].iter().all(u8::is_ascii_digit)
                        && w[3] == b'-'
                        && w[4..7].iter().all(u8::is_ascii_digit)
                        && w[7] == b'-'
                        && (i == 0 || !bytes[i - 1].is_ascii_digit() && bytes[i - 1] != b'-')
                });
                assert!(!dashed, "{} {kind} mixes phone styles", court.id);
            }
            let header = format!(
                "title: {}\ndate: {}\nlayout: {:?}\nauthor: {}\n---\n",
                notice.meta.title, notice.meta.date, notice.meta.layout, notice.meta.author
            );
            insta::assert_snapshot!(format!("{}__{kind}", court.id), header + &notice.markdown);
        }
    }
}

/// The Spanish press release names every filer of the court too, in Spanish.
#[test]
fn spanish_notices_name_every_filer() {
    use noticegen::court::Filer;
    let catalog = Catalog::load(None).unwrap();
    let mut courts = load_courts(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/languages/courts"),
        &catalog.court_schema(),
    )
    .unwrap();
    let court = &mut courts[0];
    court.filers = vec![Filer::Attorneys, Filer::Trustees, Filer::ProSe];
    let notice = catalog.render(court, "press-release", "es", None).unwrap();
    assert!(
        notice.markdown.contains(
            "permitirá a los abogados, a los síndicos y a las partes por derecho propio autorizados"
        ),
        "{}",
        notice.markdown
    );
}
