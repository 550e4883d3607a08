use std::path::Path;

use super::*;
use crate::plan::{Merged, Plan, Request};

fn plan(courts: &[&str], kinds: &[&str]) -> Plan {
    let request = Request {
        courts_dir: Path::new(env!("CARGO_MANIFEST_DIR")).join("courts"),
        courts: courts.iter().map(|c| c.to_string()).collect(),
        kinds: kinds.iter().map(|k| k.to_string()).collect(),
        ..Request::default()
    };
    Plan::load(&request).unwrap()
}

/// Every notice of the plan, merged as a build merges them.
fn merged(plan: &Plan) -> Vec<Merged> {
    plan.jobs()
        .into_iter()
        .map(|job| Merged::new(&plan.merge(&job).unwrap(), &job.file()))
        .collect()
}

fn publish(plan: &Plan, formats: &[Format]) -> Result<Vec<(PathBuf, Vec<u8>)>, Error> {
    outputs(plan, &merged(plan), formats)
}

fn site_of(plan: &Plan) -> Result<Site, Error> {
    site(plan, &merged(plan), &[])
}

fn file<'a>(files: &'a [(PathBuf, Vec<u8>)], name: &str) -> &'a str {
    let (_, bytes) = files
        .iter()
        .find(|(path, _)| path == Path::new(name))
        .unwrap_or_else(|| panic!("no {name}"));
    std::str::from_utf8(bytes).unwrap()
}

#[test]
fn court_page_lists_built_notices_newest_first_with_dates_and_links() {
    let files = publish(&plan(&["nmd"], &[]), &[]).unwrap();
    let page = file(&files, "nmd/index.html");
    // The reminder (March 20, 2020) is newer than the letter (January 21, 2020).
    let reminder = page.find("href=\"reminder.html\"").unwrap();
    let letter = page.find("href=\"letter.html\"").unwrap();
    assert!(reminder < letter, "{page}");
    assert!(page.contains("<time datetime=\"2020-03-20\">March 20, 2020</time>"));
    assert!(page.contains("href=\"letter.pdf\""));
    assert!(page.contains("href=\"feed.xml\""));
    assert!(page.contains("href=\"nextgen.ics\""));
    let dates: Vec<&str> = page
        .match_indices("<time datetime=\"")
        .map(|(i, _)| &page[i + 16..i + 26])
        .collect();
    let mut sorted = dates.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(dates, sorted);
    assert_eq!(dates.len(), 7);
}

#[test]
fn a_partial_build_lists_only_what_it_built() {
    let files = publish(&plan(&["casd"], &["letter"]), &[Format::Pdf]).unwrap();
    let names: Vec<String> = files.iter().map(|(p, _)| p.display().to_string()).collect();
    assert_eq!(
        names,
        [
            "index.html",
            "casd/index.html",
            "casd/feed.xml",
            "casd/nextgen.ics"
        ]
    );
    let page = file(&files, "casd/index.html");
    assert!(page.contains("href=\"letter.pdf\""));
    assert!(
        !page.contains("letter.html") && !page.contains("notice.pdf"),
        "{page}"
    );
    let site = file(&files, "index.html");
    assert!(site.contains("href=\"casd/index.html\"") && !site.contains("nmd/"));
    let feed = file(&files, "casd/feed.xml");
    assert_eq!(feed.matches("<entry>").count(), 1, "{feed}");
}

#[test]
fn feed_has_stable_ids_and_updated_dates_from_the_notices() {
    let files = publish(&plan(&["nmd"], &[]), &[]).unwrap();
    let feed = file(&files, "nmd/feed.xml");
    assert!(
        feed.contains("<id>tag:www.nmd.uscourts.gov,2020:nmd/notices</id>"),
        "{feed}"
    );
    assert!(feed.contains("<id>tag:www.nmd.uscourts.gov,2020:nmd/notices/reminder</id>"));
    // The reminder is dated March 20, 2020: midnight in Denver, daylight time.
    assert!(
        feed.contains("<updated>2020-03-20T00:00:00-06:00</updated>"),
        "{feed}"
    );
    // The letter, January 21, 2020, is in standard time.
    assert!(
        feed.contains("<updated>2020-01-21T00:00:00-07:00</updated>"),
        "{feed}"
    );
    assert!(feed.contains("href=\"letter.html\""));
    let again = publish(&plan(&["nmd"], &[]), &[]).unwrap();
    assert_eq!(files, again, "a rebuild gives the same bytes");
}

#[test]
fn calendar_has_the_outage_in_the_court_zone_and_go_live_all_day() {
    let files = publish(&plan(&["nmd"], &["letter"]), &[]).unwrap();
    let ics = file(&files, "nmd/nextgen.ics");
    assert!(
        ics.contains("DTSTART;TZID=America/Denver:20200417T150000"),
        "{ics}"
    );
    assert!(ics.contains("DTEND;TZID=America/Denver:20200420T080000"));
    assert!(ics.contains("DTSTART;VALUE=DATE:20200420"));
    assert!(ics.contains("DTEND;VALUE=DATE:20200421"));
    assert!(ics.contains("UID:nmd-outage@www.nmd.uscourts.gov"));
    assert!(ics.contains("UID:nmd-go-live@www.nmd.uscourts.gov"));
    // Daylight time began in Denver at 2:00 am on March 8, 2020, from -0700 to -0600.
    assert!(ics.contains(
        "BEGIN:DAYLIGHT\r\nDTSTART:20200308T020000\r\nTZOFFSETFROM:-0700\r\nTZOFFSETTO:-0600\r\nTZNAME:MDT\r\nEND:DAYLIGHT"
    ), "{ics}");
    assert!(ics.find("BEGIN:VTIMEZONE").unwrap() < ics.find("BEGIN:VEVENT").unwrap());
    assert!(
        !ics.contains("DTSTAMP:2026"),
        "the stamp comes from the data, not the clock"
    );
}

#[test]
fn a_court_without_an_outage_gets_only_the_go_live_event() {
    let files = publish(&plan(&["flsd"], &["letter"]), &[]).unwrap();
    let ics = file(&files, "flsd/nextgen.ics");
    assert_eq!(ics.matches("BEGIN:VEVENT").count(), 1, "{ics}");
    assert!(ics.contains("DTSTART;VALUE=DATE:20200127"));
    assert!(!ics.contains("VTIMEZONE"));
}

#[test]
fn a_zone_without_daylight_time_has_one_standard_part() {
    let text = ics::vtimezone(
        &crate::calendar::Zone::named("America/Phoenix").unwrap(),
        &[2020],
    );
    assert_eq!(text.matches("BEGIN:STANDARD").count(), 1, "{text}");
    assert!(text.contains("TZOFFSETFROM:-0700\r\nTZOFFSETTO:-0700"));
    assert!(!text.contains("DAYLIGHT"));
}

#[test]
fn bad_calendar_settings_are_located_in_publish_yaml() {
    let temp = tempfile::tempdir().unwrap();
    let text = crate::template::Catalog::load(None)
        .unwrap()
        .data_file(CONFIG)
        .unwrap()
        .1
        .replace("\"{{ rollout.calendar_file }}\"", "../evil.ics")
        .replace("id: go-live", "id: outage");
    std::fs::write(temp.path().join(CONFIG), &text).unwrap();
    let request = Request {
        courts_dir: Path::new(env!("CARGO_MANIFEST_DIR")).join("courts"),
        templates_dir: Some(temp.path().to_path_buf()),
        courts: vec!["nmd".into()],
        ..Request::default()
    };
    let error = site_of(&Plan::load(&request).unwrap())
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("publish.yaml:") && error.contains("calendar.events[1].id"),
        "{error}"
    );
    assert!(error.contains("used twice"), "{error}");
    let text = text.replace(
        "id: outage\n      when: go_live",
        "id: go-live\n      when: go_live",
    );
    std::fs::write(temp.path().join(CONFIG), &text).unwrap();
    let error = site_of(&Plan::load(&request).unwrap())
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("calendar.file") && error.contains("../evil.ics"),
        "{error}"
    );
}

/// The nmd court's published pages, to alter for the writers' own checks.
fn nmd_site() -> CourtSite {
    site_of(&plan(&["nmd"], &[])).unwrap().courts.remove(0)
}

#[test]
fn the_feed_stays_well_formed_xml_whatever_the_text() {
    let mut court = nmd_site();
    // Markup characters, a C1 control and a line separator are all XML 1.0 characters:
    // escaped or carried, and the feed reads back.
    court.title = "<b>&amp; \"Q\" 'A' \u{85} \u{2028} \u{1F600}</b>".into();
    let bytes = feed::feed(&court).unwrap();
    let read = atom_syndication::Feed::read_from(&bytes[..]).unwrap();
    assert_eq!(read.title().value, court.title);
    // What XML 1.0 cannot hold at all is refused, naming it, rather than written.
    for bad in ["bell \u{7}", "escape \u{1B}[31m", "nonchar \u{FFFE}"] {
        let mut court = nmd_site();
        court.entries[0].description = bad.into();
        let error = feed::feed(&court).unwrap_err().to_string();
        assert!(
            error.contains("cannot write the Atom feed of `nmd`"),
            "{error}"
        );
        assert!(error.contains("which XML cannot hold"), "{error}");
    }
    let mut court = nmd_site();
    court.court.clerk.name = "Jane\u{0}Roe".into();
    let error = feed::feed(&court).unwrap_err().to_string();
    assert!(error.contains("the clerk's name has U+0000"), "{error}");
}

#[test]
fn the_calendar_refuses_controls_and_years_it_cannot_write() {
    let mut court = nmd_site();
    court.events[0].summary = "Down\r\nX-INJECTED:1".into();
    let error = ics::calendar(&court).unwrap_err().to_string();
    assert!(
        error.contains("cannot write the calendar of `nmd`"),
        "{error}"
    );
    assert!(error.contains("U+000D"), "{error}");
    let mut court = nmd_site();
    let late = chrono::NaiveDate::from_ymd_opt(9999, 12, 31).unwrap();
    court.events[1].when = ics::When::AllDay(late);
    let error = ics::calendar(&court).unwrap_err().to_string();
    assert!(error.contains("no four-digit year"), "{error}");
}

#[test]
fn calendar_names_are_escaped_as_text() {
    let mut court = nmd_site();
    court.calendar_name = "NextGen; the court, its notes\nand more".into();
    let ics = ics::calendar(&court).unwrap();
    assert!(
        ics.contains("X-WR-CALNAME:NextGen\\; the court\\, its notes\\nand more\r\n"),
        "{ics}"
    );
    assert_eq!(ics.matches("\r\nX-WR-CALNAME").count(), 1);
}

#[test]
fn the_site_page_keeps_one_date_style_for_courts_that_pad_days() {
    // casd pads the day in its own notices ("March 02, 2020"); the page of all courts does not.
    let plan = plan(&["casd", "nmd"], &[]);
    assert!(plan.courts.iter().any(|c| c.presentation.pad_day));
    let files = publish(&plan, &[]).unwrap();
    let page = file(&files, "index.html");
    assert!(page.contains(">March 2, 2020</time>"), "{page}");
    assert!(!page.contains("March 02"), "{page}");
    // The court's own page keeps the court's style, in its table and in its introduction.
    let court = file(&files, "casd/index.html");
    assert!(court.contains("December 05, 2019"));
    assert!(court.contains("on March 02, 2020."), "{court}");
    assert!(!court.contains("March 2,"), "{court}");
}

#[test]
fn index_cells_name_their_column_for_stacked_rows_on_phones() {
    let plan = plan(&["nmd"], &[]);
    let files = publish(&plan, &[]).unwrap();
    let site = file(&files, "index.html");
    let court = file(&files, "nmd/index.html");
    // Three cells a row: one row per court on the site's page, one per notice on the court's.
    for (page, cells) in [(site, 3), (court, 3 * plan.kinds.len())] {
        assert_eq!(page.matches("<td data-label=\"").count(), cells, "{page}");
        assert!(!page.contains("<td>"), "{page}");
    }
    assert!(site.contains("<td data-label=\"Go-live\">"));
}
