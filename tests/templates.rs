//! Golden Markdown: every kind of notice for every court in courts/, built through the public
//! API (`load_courts` + `Catalog`) and compared with tests/snapshots/. A change to a template or
//! a court file shows up here as a reviewable diff (`cargo insta review`).

use std::path::Path;

use noticegen::court::{Court, load_courts};
use noticegen::template::Catalog;

/// The court of tests/fixtures/languages (it publishes in English and Spanish), with the
/// shared templates.
fn language_courts() -> (Catalog, Vec<Court>) {
    let catalog = Catalog::load(None).unwrap();
    let courts = load_courts(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/languages/courts"),
        &catalog.court_schema(),
    )
    .unwrap();
    (catalog, courts)
}

/// The courts of tests/fixtures/rollout-courts, with the catalog that merges their notices
/// (the shared templates, and the partials a court keeps in its own folder).
fn rollout_courts() -> (Catalog, Vec<Court>) {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rollout-courts/courts");
    let mut catalog = Catalog::load(None).unwrap();
    let courts = load_courts(&folder, &catalog.court_schema()).unwrap();
    let ids: Vec<&str> = courts.iter().map(|court| court.id.as_str()).collect();
    catalog.add_court_partials(&folder, &ids).unwrap();
    (catalog, courts)
}

#[test]
fn golden_markdown_for_every_court_and_kind() {
    let courts = load_courts(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("courts"),
        &Catalog::load(None).unwrap().court_schema(),
    )
    .unwrap();
    let catalog = Catalog::load(None).unwrap();
    assert_eq!(courts.len() * catalog.kinds().len(), 28);
    for court in &courts {
        for kind in catalog.kinds() {
            let notice = catalog.render(court, kind, "en", None).unwrap();
            assert_one_phone_style(&notice.markdown, &format!("{} {kind}", court.id));
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
    let (catalog, courts) = language_courts();
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
    // One date style on the page: the go-live date as the outage's dates are written.
    assert!(web.markdown.contains("**20 de abril de 2020**"));
    assert!(!web.markdown.contains("lunes,"), "{}", web.markdown);
    assert!(web.markdown.contains("3:00 p. m."));
    let press = catalog.render(court, "press-release", "es", None).unwrap();
    assert!(press.markdown.contains("21 de enero de 2020"));
    // A kind without a Spanish translation is refused in Spanish, not written in English.
    assert!(catalog.render(court, "letter", "es", None).is_err());
}

/// Courts of the rollout other than the examples (tests/fixtures/rollout-courts): bankruptcy
/// courts (miwb with every notice dated after go-live), a district court with pro se and CJA
/// panel filers, and one with several labelled contacts, an emergency-filing arrangement and an
/// administrative order (nvd). Every kind builds and its
/// golden Markdown is kept; a court that is not a district court is named in full wherever a
/// title names its district; no notice of a court where others than attorneys file speaks to
/// attorneys alone.
#[test]
fn golden_markdown_for_courts_of_every_type_and_audience() {
    use noticegen::court::{CourtType, Filer};
    let (catalog, courts) = rollout_courts();
    let ids: Vec<&str> = courts.iter().map(|court| court.id.as_str()).collect();
    assert_eq!(ids, ["mied", "miwb", "nvd", "prb", "wvsb"]);
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
            assert_one_phone_style(&notice.markdown, &format!("{} {kind}", court.id));
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
    let (catalog, mut courts) = language_courts();
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

/// The templates take their tense from the notice's date: before the outage the page counts
/// down and announces the outage; during it, it says the system is down until it ends; once
/// the court is live, it says the court upgraded, with no countdown to a past date and no
/// outage or calendar to add.
#[test]
fn notices_follow_the_date_before_during_and_after_go_live() {
    use chrono::NaiveDate;
    let (catalog, courts) = rollout_courts();
    let mut prb = courts
        .iter()
        .find(|court| court.id == "prb")
        .unwrap()
        .clone();
    let page_on = |court: &mut noticegen::court::Court, date: &str| {
        let date = NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap();
        court.dates.insert("web_page".into(), Some(date));
        catalog
            .render(court, "web-page", "en", None)
            .unwrap()
            .markdown
    };
    // Before the outage (it starts March 12, 2021 at 4:00 pm).
    let before = page_on(&mut prb, "2021-03-01");
    assert!(before.contains("14 days to go](#countdown="), "{before}");
    assert!(before.contains("will be **unavailable** from"), "{before}");
    // (prb opens with its own partial, which takes its tense from the date too.)
    assert!(
        before.contains("will move the court's electronic filing system"),
        "{before}"
    );
    // During the outage: down until it ends, go-live still to come.
    let during = page_on(&mut prb, "2021-03-13");
    assert!(
        during.contains("CM/ECF is **unavailable** until **March 15, 2021 at 8:00 am AST**"),
        "{during}"
    );
    assert!(!during.contains("will be **unavailable**"), "{during}");
    assert!(
        during.contains("emergency filings may be e-mailed"),
        "{during}"
    );
    assert!(during.contains("2 days to go"), "{during}");
    // On go-live day and after: what changed, no countdown, no outage, nothing to add.
    for date in ["2021-03-15", "2022-01-10"] {
        let after = page_on(&mut prb, date);
        assert!(!after.contains("#countdown"), "{after}");
        assert!(!after.contains("unavailable"), "{after}");
        assert!(!after.contains("nextgen.ics"), "{after}");
        assert!(
            after.contains("The court upgraded to NextGen CM/ECF on March 15, 2021."),
            "{after}"
        );
        assert!(!after.contains("will move"), "{after}");
    }
    // The "we are live" notice is scheduled on go-live day.
    assert_eq!(
        catalog.notice_date(&prb, "now-live").unwrap(),
        NaiveDate::from_ymd_opt(2021, 3, 15).unwrap()
    );
}

/// A court whose notices are all dated on or after go-live (tests/fixtures/rollout-courts/
/// miwb.yaml): no notice speaks of go-live as still to come.
#[test]
fn notices_dated_after_go_live_speak_of_it_as_past() {
    let (catalog, courts) = rollout_courts();
    let miwb = courts.iter().find(|court| court.id == "miwb").unwrap();
    for kind in catalog.kinds() {
        let notice = catalog.render(miwb, kind, "en", None).unwrap();
        assert!(notice.meta.date >= miwb.go_live, "{kind}");
        let text = notice.markdown.to_lowercase() + &notice.meta.title.to_lowercase();
        for future in [
            "will be upgrading",
            "will upgrade to nextgen on august",
            "days to go",
            "is coming",
            "prepares to upgrade",
            "goes live",
            "at a later date",
            "will be **unavailable**",
            "before the court upgrades",
        ] {
            assert!(!text.contains(future), "{kind} says `{future}`");
        }
    }
}

/// Every court of every fixture folder (and the examples): no notice of a bankruptcy court
/// speaks to attorneys alone or names a district court as the one issuing it. Outside the
/// footnote on the sibling court, such a notice never says "District Court", its title names
/// the bankruptcy court in full wherever it names the district, and its text names the court
/// as it is.
#[test]
fn no_bankruptcy_notice_speaks_to_attorneys_alone_or_reads_as_the_district_court() {
    use noticegen::court::CourtType;
    let catalog = Catalog::load(None).unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut folders = vec![root.join("courts")];
    for entry in std::fs::read_dir(root.join("tests/fixtures")).unwrap() {
        let courts = entry.unwrap().path().join("courts");
        if courts.is_dir() {
            folders.push(courts);
        }
    }
    let mut checked = 0;
    for folder in folders {
        let courts = load_courts(&folder, &catalog.court_schema()).unwrap();
        let ids: Vec<&str> = courts.iter().map(|court| court.id.as_str()).collect();
        let mut catalog = Catalog::load(None).unwrap();
        catalog.add_court_partials(&folder, &ids).unwrap();
        for court in courts {
            if court.court_type != CourtType::Bankruptcy {
                continue;
            }
            for lang in catalog.court_languages(&court) {
                for kind in catalog.kinds() {
                    if !catalog.languages_of(kind).contains(&lang) {
                        continue;
                    }
                    let notice = catalog.render(&court, kind, lang, None).unwrap();
                    let what = format!("{} {kind} ({lang})", court.id);
                    // The text without the footnote on the sibling court, which names it.
                    let own: String = notice
                        .markdown
                        .split("\n\n")
                        .filter(|block| !block.starts_with("[^"))
                        .collect::<Vec<_>>()
                        .join("\n\n");
                    let lower = own.to_lowercase();
                    for district_court in ["district court", "tribunal de distrito"] {
                        assert!(!lower.contains(district_court), "{what}: {own}");
                    }
                    assert!(
                        lower.contains(&court.name.to_lowercase())
                            || lower.contains("bankruptcy court")
                            || lower.contains("u.s. bankruptcy"),
                        "{what} does not name the court"
                    );
                    if notice.meta.title.contains(&court.district) {
                        assert!(
                            notice.meta.title.contains(&court.name),
                            "{what}: {}",
                            notice.meta.title
                        );
                    }
                    if lang == "en" {
                        let others = [
                            "e-filer",
                            "trustee",
                            "filing agent",
                            "limited-use",
                            "cm/ecf filer",
                        ];
                        assert!(
                            !lower.contains("attorney")
                                || others.iter().any(|other| lower.contains(other)),
                            "{what} speaks to attorneys only"
                        );
                        assert!(!notice.meta.title.contains("Attorney"), "{what}");
                    }
                    checked += 1;
                }
            }
        }
    }
    assert!(
        checked >= 3 * 7,
        "only {checked} bankruptcy notices checked"
    );
}

/// Every phone number of one notice prints in one style: all "(505) 348-2075" or all
/// "505-348-2075" (a toll-free number keeps its "1-" in either), never both, however the
/// court file typed them ("616.456.2206", "+1 616 456 2206").
fn assert_one_phone_style(markdown: &str, what: &str) {
    let chars: Vec<char> = markdown.chars().collect();
    let digits = |from: usize, n: usize| {
        chars
            .get(from..from + n)
            .is_some_and(|run| run.iter().all(char::is_ascii_digit))
    };
    let (mut parens, mut dashes) = (0, 0);
    for i in 0..chars.len() {
        let before = i.checked_sub(1).and_then(|j| chars.get(j));
        let starts = !before.is_some_and(|c| c.is_ascii_digit() || *c == '-' || *c == '.');
        if starts && chars[i] == '(' && digits(i + 1, 3) && chars.get(i + 4) == Some(&')') {
            parens += 1;
        }
        if starts
            && digits(i, 3)
            && chars.get(i + 3) == Some(&'-')
            && digits(i + 4, 3)
            && chars.get(i + 7) == Some(&'-')
            && digits(i + 8, 4)
        {
            dashes += 1;
        }
        // Typed styles that never print: dots, spaces or a country code.
        if starts && digits(i, 3) && chars.get(i + 3) == Some(&'.') && digits(i + 4, 3) {
            panic!("{what} prints a number with dots");
        }
        assert!(
            !(chars[i] == '+' && chars.get(i + 1) == Some(&'1')),
            "{what} prints a country code"
        );
    }
    assert!(
        parens == 0 || dashes == 0,
        "{what} mixes phone styles ({parens} with parentheses, {dashes} with dashes)"
    );
}

/// prb keeps its own opening paragraph (tests/fixtures/rollout-courts/courts/prb/partials/
/// intro.md): every notice of prb that opens with it says the court's sentence, and no other
/// court's does.
#[test]
fn a_court_partial_is_used_for_its_court_alone() {
    let (catalog, courts) = rollout_courts();
    for court in &courts {
        let letter = catalog
            .render(court, "letter", "en", None)
            .unwrap()
            .markdown;
        let own = letter.contains("Help is available in English and in Spanish.");
        assert_eq!(own, court.id == "prb", "{}", court.id);
        assert_eq!(
            letter.contains("will be upgrading its CM/ECF software"),
            court.id != "prb" && court.id != "miwb",
            "{}",
            court.id
        );
    }
}

/// The fixture courts are written as a careful clerk would: `check` has no warning for them.
#[test]
fn the_fixture_courts_give_no_warnings() {
    let catalog = Catalog::load(None).unwrap();
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rollout-courts/courts");
    let loaded = noticegen::court::load_folder(&folder, &catalog.court_schema(), &[]).unwrap();
    let shown: Vec<String> = loaded
        .data_warnings
        .iter()
        .map(|(_, warning)| warning.to_string())
        .collect();
    assert!(shown.is_empty(), "{shown:#?}");
}

/// A training session dated before the notice is past: the letter does not announce it, and
/// once every session is past it offers none.
#[test]
fn past_training_sessions_are_not_announced() {
    use chrono::NaiveDate;
    let (catalog, courts) = rollout_courts();
    let mut nvd = courts.into_iter().find(|court| court.id == "nvd").unwrap();
    let mut letter_on = |date: &str| {
        let date = NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap();
        nvd.dates.insert("letter".into(), Some(date));
        catalog.render(&nvd, "letter", "en", None).unwrap().markdown
    };
    let both = letter_on("2022-05-01");
    assert!(
        both.contains("Sessions:") && both.contains("Tuesday, May 24, 2022"),
        "{both}"
    );
    let one = letter_on("2022-05-25");
    assert!(one.contains("Sessions:"), "{one}");
    assert!(
        !one.contains("May 24, 2022") && one.contains("Thursday, May 26, 2022"),
        "{one}"
    );
    let none = letter_on("2022-06-01");
    assert!(
        !none.contains("Sessions:") && !none.contains("training opportunities"),
        "{none}"
    );
}

/// The Spanish web page and press release take their tense from the date too: once the court
/// is live, no countdown ("Faltan") and no outage to come.
#[test]
fn spanish_notices_dated_after_go_live_speak_of_it_as_past() {
    let (catalog, mut courts) = language_courts();
    let court = &mut courts[0];
    let after = court.go_live + chrono::Days::new(10);
    for date in ["web_page", "press_release"] {
        court.dates.insert(date.into(), Some(after));
    }
    let page = catalog
        .render(court, "web-page", "es", None)
        .unwrap()
        .markdown;
    assert!(
        !page.contains("Faltan") && !page.contains("#countdown"),
        "{page}"
    );
    assert!(
        page.contains("actualizó su sistema") && page.contains("Vincule su cuenta ahora"),
        "{page}"
    );
    assert!(!page.contains("no estará disponible"), "{page}");
    let press = catalog
        .render(court, "press-release", "es", None)
        .unwrap()
        .markdown;
    assert!(
        press.contains("actualizó su sistema") && !press.contains("actualizará"),
        "{press}"
    );
    assert!(!press.contains("no estará disponible"), "{press}");
}
