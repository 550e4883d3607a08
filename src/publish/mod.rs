//! Publishing for a court's webmaster: index pages, an Atom feed and a calendar file written
//! beside the notices and staged with them, so they reach `out/` together. What they say comes
//! from `publish.yaml` in the templates; this module knows notices, dates and court facts only.
//!
//! A partial build (`--court`, `--kind`, `--format`) rewrites the pages, feed and calendar of
//! the courts it built, listing only the notices and formats it built; `out/index.html` lists
//! only those courts. A full build publishes everything.

pub mod feed;
pub mod ics;
pub mod index;
pub mod pictures;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{NaiveDate, NaiveDateTime};
use serde::Deserialize;

use crate::court::Court;
use crate::court::locate::{Positions, PositionsWhenAsked};
use crate::error::{Error, Location};
use crate::lang::Strings;
use crate::plan::{Merged, Plan};
use crate::render::Format;
use crate::template::{Catalog, parse_yaml};

/// The publishing settings' file in the templates folder.
pub const CONFIG: &str = "publish.yaml";
/// A court's page and the page of all courts.
pub const INDEX: &str = "index.html";
/// A court's Atom feed.
pub const FEED: &str = "feed.xml";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Config {
    site: Texts,
    court: Texts,
    calendar: CalendarConfig,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Texts {
    title: String,
    intro: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CalendarConfig {
    file: String,
    name: String,
    events: Vec<EventConfig>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct EventConfig {
    id: String,
    when: When,
    summary: String,
    description: String,
}

/// The court fact an event stands for.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "snake_case")]
enum When {
    /// `outage.start` to `outage.end`; no event when the court gives no outage.
    Outage,
    /// All day on `go_live`.
    GoLive,
}

/// One built notice as the index and the feed list it.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub kind: String,
    /// The stem of its files, `<kind>` or `<kind>.<code>` for a court's further languages.
    pub file: String,
    /// The notice's BCP 47 language tag.
    pub lang: String,
    pub title: String,
    pub description: String,
    pub date: NaiveDate,
    /// The formats built, each a file `<file>.<ext>` beside the index.
    pub formats: Vec<Format>,
}

/// A court's published pages: texts rendered, notices newest first, calendar events.
#[derive(Debug, Clone)]
pub struct CourtSite {
    pub court: Court,
    pub title: String,
    pub intro: String,
    pub lang: String,
    /// The words of that language the pages print.
    pub words: Arc<Strings>,
    pub entries: Vec<Entry>,
    pub calendar_file: String,
    pub calendar_name: String,
    pub events: Vec<ics::Event>,
    /// The newest date of any of the court's notices, built or not: the calendar's stamp.
    pub stamp: NaiveDate,
}

/// The page listing every court built.
#[derive(Debug, Clone)]
pub struct Site {
    pub title: String,
    pub intro: String,
    pub lang: String,
    /// The words of that language the pages print.
    pub words: Arc<Strings>,
    pub courts: Vec<CourtSite>,
}

/// Everything to publish for `plan`, whose notices `merged` were built in `formats` (empty:
/// all), as files relative to the output folder.
pub fn outputs(
    plan: &Plan,
    merged: &[Merged],
    formats: &[Format],
) -> Result<Vec<(PathBuf, Vec<u8>)>, Error> {
    let site = site(plan, merged, formats)?;
    let mut files = vec![(PathBuf::from(INDEX), index::site_page(&site).into_bytes())];
    for court_files in crate::parallel::map_in_order(&site.courts, court_files) {
        files.extend(court_files?);
    }
    // A web page shows the court's images from beside it; the PDF has them inside. Each
    // image is read once, however many of the court's pages show it.
    if formats.is_empty() || formats.contains(&Format::Html) {
        let mut wanted: BTreeMap<(&str, &Path), BTreeSet<&Path>> = BTreeMap::new();
        for notice in merged {
            if let Some(assets) = &notice.assets {
                wanted
                    .entry((notice.court.as_str(), assets.as_path()))
                    .or_default()
                    .extend(notice.images.iter().map(PathBuf::as_path));
            }
        }
        for ((court, assets), images) in wanted {
            files.extend(pictures::files(court, assets, images));
        }
    }
    Ok(files)
}

/// A court's page, feed and calendar, as files relative to the output folder.
fn court_files(court: &CourtSite) -> Result<Vec<(PathBuf, Vec<u8>)>, Error> {
    let dir = Path::new(&court.court.id);
    Ok(vec![
        (dir.join(INDEX), index::court_page(court).into_bytes()),
        (dir.join(FEED), feed::feed(court)?),
        (
            dir.join(&court.calendar_file),
            ics::calendar(court)?.into_bytes(),
        ),
    ])
}

/// Reads `publish.yaml` and renders its texts for every court in the plan, listing the notices
/// `merged`.
pub fn site(plan: &Plan, merged: &[Merged], formats: &[Format]) -> Result<Site, Error> {
    let catalog = &plan.catalog;
    let (file, text) = catalog.data_file(CONFIG).ok_or_else(|| Error::Template {
        file: PathBuf::from(CONFIG),
        report: format!("no `{CONFIG}` among the templates"),
        at: None,
    })?;
    let config: Config = parse_yaml(file, text)?;
    check_events(file, text, &config)?;
    let formats: Vec<Format> = Format::ALL
        .into_iter()
        .filter(|format| formats.is_empty() || formats.contains(format))
        .collect();
    let mut courts = Vec::new();
    let mut errors = Vec::new();
    // A court's page, feed and calendar speak its first language when the templates have
    // publishing texts in it (`publish.<code>.yaml`), else the manifest's.
    let mut configs = std::collections::BTreeMap::new();
    for court in &plan.courts {
        let lang = catalog.court_languages(court)[0];
        let name = format!("publish.{lang}.yaml");
        if lang != catalog.base_language()
            && !configs.contains_key(lang)
            && let Some((file, text)) = catalog.data_file(&name)
        {
            let config: Config = parse_yaml(file, text)?;
            check_events(file, text, &config)?;
            configs.insert(lang, (config, file, text));
        }
    }
    let mut by_court: std::collections::HashMap<&str, Vec<&Merged>> = Default::default();
    for notice in merged {
        by_court
            .entry(notice.court.as_str())
            .or_default()
            .push(notice);
    }
    let sites = crate::parallel::map_in_order(&plan.courts, |court| {
        let notices = by_court
            .get(court.id.as_str())
            .map_or(&[][..], Vec::as_slice);
        let lang = catalog.court_languages(court)[0];
        let (config, file, text, lang) = match configs.get(lang) {
            Some((config, file, text)) => (config, *file, *text, lang),
            None => (&config, file, text, catalog.base_language()),
        };
        let texts = Published {
            config,
            file,
            text,
            lang,
        };
        court_site(plan, &texts, court, notices, &formats)
    });
    for site in sites {
        match site {
            Ok(site) => courts.push(site),
            Err(error) => errors.push(error),
        }
    }
    Error::collect_distinct(errors)?;
    let site_texts = catalog.texts_for(None, catalog.base_language());
    Ok(Site {
        title: site_texts.render(&config.site.title, file, "site.title")?,
        intro: site_texts.render(&config.site.intro, file, "site.intro")?,
        lang: catalog.words().tag.clone(),
        words: catalog.words(),
        courts,
    })
}

/// The publishing texts a court's pages use: read from `file` (whose `text` places errors), in
/// language `lang`.
struct Published<'a> {
    config: &'a Config,
    file: &'a Path,
    text: &'a str,
    lang: &'a str,
}

fn court_site(
    plan: &Plan,
    texts: &Published,
    court: &Court,
    notices: &[&Merged],
    formats: &[Format],
) -> Result<CourtSite, Error> {
    let Published {
        config,
        file,
        text,
        lang,
    } = *texts;
    let catalog: &Catalog = &plan.catalog;
    let texts = catalog.texts_for(Some(court), lang);
    let render = |template: &str, what: &str| texts.render(template, file, what);
    let words = catalog.words_of(lang).unwrap_or_else(|| catalog.words());
    let mut entries: Vec<Entry> = notices
        .iter()
        .map(|notice| Entry {
            kind: notice.kind.clone(),
            file: notice.file.clone(),
            lang: notice.meta.lang.clone(),
            title: notice.meta.title.clone(),
            description: notice.meta.description.clone(),
            date: notice.meta.date,
            formats: formats.to_vec(),
        })
        .collect();
    // Newest first; notices of one day keep the manifest's order (a stable sort).
    entries.sort_by_key(|entry| std::cmp::Reverse(entry.date));
    let mut stamp = NaiveDate::MIN;
    for kind in catalog.kinds() {
        stamp = stamp.max(catalog.notice_date(court, kind)?);
    }
    let calendar_file = render(&config.calendar.file, "calendar.file")?;
    if let Some(problem) = calendar_file_problem(&calendar_file) {
        let (line, column) = Positions::of(text).find("calendar.file");
        return Err(Error::data(
            Location::new(file, line, column),
            Some("calendar.file"),
            problem,
        ));
    }
    let mut events = Vec::new();
    for (i, event) in config.calendar.events.iter().enumerate() {
        let when = match event.when {
            When::GoLive => ics::When::AllDay(court.go_live),
            When::Outage => match &court.outage {
                Some(outage) => ics::When::Timed {
                    start: outage.start,
                    end: outage.end,
                },
                None => continue,
            },
        };
        events.push(ics::Event {
            id: event.id.clone(),
            summary: render(&event.summary, &format!("calendar.events[{i}].summary"))?,
            description: render(
                &event.description,
                &format!("calendar.events[{i}].description"),
            )?,
            when,
        });
    }
    Ok(CourtSite {
        court: court.clone(),
        title: render(&config.court.title, "court.title")?,
        intro: render(&config.court.intro, "court.intro")?,
        lang: words.tag.clone(),
        words,
        entries,
        calendar_file,
        calendar_name: render(&config.calendar.name, "calendar.name")?,
        events,
        stamp,
    })
}

/// Event ids make UIDs: `[a-z0-9-]+`, each used once.
fn check_events(file: &Path, text: &str, config: &Config) -> Result<(), Error> {
    let positions = PositionsWhenAsked::of(text);
    let mut errors = Vec::new();
    for (i, event) in config.calendar.events.iter().enumerate() {
        let field = format!("calendar.events[{i}].id");
        let valid = !event.id.is_empty()
            && event
                .id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        let repeated = config.calendar.events[..i]
            .iter()
            .any(|other| other.id == event.id);
        let message = if !valid {
            format!("event id `{}` must use only a-z, 0-9 and `-`", event.id)
        } else if repeated {
            format!("event id `{}` is used twice", event.id)
        } else {
            continue;
        };
        let (line, column) = positions.find(&field);
        errors.push(Error::data(
            Location::new(file, line, column),
            Some(field),
            message,
        ));
    }
    Error::collect(errors)
}

/// The calendar is a file beside the notices: a plain name ending in `.ics`.
fn calendar_file_problem(name: &str) -> Option<String> {
    let plain = name.len() > 4
        && name.ends_with(".ics")
        && !name.starts_with('.')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._-".contains(c));
    (!plain).then(|| {
        format!("`{name}` is not a calendar file name (expected a plain name such as dates.ics)")
    })
}

/// The instant a date starts or a local time falls in the court's zone, as a fixed offset.
pub(crate) fn local_instant(
    court: &Court,
    local: NaiveDateTime,
) -> chrono::DateTime<chrono::FixedOffset> {
    let zone = court.tz();
    crate::calendar::in_zone(local, &zone)
        .map(|instant| instant.fixed_offset())
        .unwrap_or_else(|| local.and_utc().fixed_offset())
}

/// The host of the court's website, the authority of feed ids and calendar UIDs.
pub(crate) fn host(court: &Court) -> String {
    let rest = court
        .website
        .split_once("://")
        .map_or(court.website.as_str(), |(_, rest)| rest);
    rest.split(['/', '?', '#', ':'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase()
}

#[cfg(test)]
mod tests;
