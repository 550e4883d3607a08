//! A court's dates as an iCalendar file (`out/<court>/<file>.ics`), written with the icalendar
//! crate, so attorneys can add them to their calendars. Timed events carry the court's IANA
//! zone as TZID with its VTIMEZONE definition (the crate cannot write one; it is built here from
//! the tz database's transitions for the years the events fall in). All-day events are dates.
//! UIDs and DTSTAMP depend only on the court's data, so rebuilding gives the same file.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, Utc};
use icalendar::{Calendar, CalendarDateTime, Component, EventLike};

use super::{CourtSite, host};
use crate::calendar::{Zone, ZoneOffset};
use crate::chars;
use crate::error::Error;

/// One event: what it is and when.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    /// Stable within the court; the UID is `<court>-<id>@<website host>`.
    pub id: String,
    pub summary: String,
    pub description: String,
    pub when: When,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum When {
    /// All day on a date.
    AllDay(NaiveDate),
    /// From `start` to `end`, local times in the court's zone.
    Timed {
        start: NaiveDateTime,
        end: NaiveDateTime,
    },
}

pub fn uid(site: &CourtSite, event: &Event) -> String {
    format!("{}-{}@{}", site.court.id, event.id, host(&site.court))
}

/// Refuses what would make the calendar ill-formed, whatever the data and templates hold:
/// control characters, which iCalendar text cannot carry (a line break in a summary or
/// description is escaped as `\n`), and dates without a four-digit year.
fn writable(site: &CourtSite) -> Result<(), Error> {
    let refuse = |problem: String| Error::Template {
        file: site.calendar_file.clone().into(),
        report: format!(
            "cannot write the calendar of `{}`: {problem}",
            site.court.id
        ),
        at: None,
    };
    let mut texts = vec![(
        "the calendar's name".to_string(),
        site.calendar_name.as_str(),
    )];
    for event in &site.events {
        texts.push((format!("the summary of `{}`", event.id), &event.summary));
        texts.push((
            format!("the description of `{}`", event.id),
            &event.description,
        ));
        texts.push(("an event id".into(), &event.id));
    }
    texts.push(("the website".into(), &site.court.website));
    texts.push(("the court id".into(), &site.court.id));
    for (what, text) in texts {
        if let Some(c) = text
            .chars()
            .find(|&c| c != '\n' && chars::is_unprintable(c))
        {
            let name = chars::name(c);
            return Err(refuse(format!(
                "{what} has {name}, which a calendar cannot hold"
            )));
        }
    }
    for event in &site.events {
        let (first, last) = match event.when {
            When::AllDay(date) => (date, date.succ_opt().unwrap_or(date)),
            When::Timed { start, end } => (start.date(), end.date()),
        };
        for date in [first, last] {
            if !(0..=9999).contains(&date.year()) || date == NaiveDate::MAX {
                return Err(refuse(format!("{date} has no four-digit year")));
            }
        }
    }
    Ok(())
}

/// A TEXT value for a property the icalendar crate writes as it is given (`NAME`,
/// `X-WR-CALNAME`): escaped as RFC 5545, 3.3.11 asks.
fn escaped_text(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace(';', "\\;")
        .replace(',', "\\,")
        .replace('\n', "\\n")
}

pub fn calendar(site: &CourtSite) -> Result<String, Error> {
    writable(site)?;
    let zone = site.court.tz();
    let tzid = zone.name().to_string();
    // The calendar's stamp: midnight UTC of the court's newest notice date.
    let stamp: DateTime<Utc> = site.stamp.and_time(chrono::NaiveTime::MIN).and_utc();
    let mut calendar = Calendar::empty();
    for (key, value) in [
        ("VERSION", "2.0"),
        ("PRODID", site.words.calendar.product.as_str()),
        ("CALSCALE", "GREGORIAN"),
        ("METHOD", "PUBLISH"),
        ("X-WR-TIMEZONE", tzid.as_str()),
    ] {
        calendar.append_property(icalendar::Property::new(key, value));
    }
    let name = escaped_text(&site.calendar_name);
    for key in ["NAME", "X-WR-CALNAME"] {
        calendar.append_property(icalendar::Property::new(key, name.as_str()));
    }
    let mut years = Vec::new();
    for event in &site.events {
        let mut ical = icalendar::Event::new();
        ical.uid(&uid(site, event))
            .summary(&event.summary)
            .description(&event.description)
            .timestamp(stamp);
        match event.when {
            When::AllDay(date) => {
                ical.starts(date).ends(date.succ_opt().unwrap_or(date));
            }
            When::Timed { start, end } => {
                let at = |date_time| CalendarDateTime::WithTimezone {
                    date_time,
                    tzid: tzid.clone(),
                };
                ical.starts(at(start)).ends(at(end));
                years.extend([start.year(), end.year()]);
            }
        }
        calendar.push(ical.done());
    }
    let text = calendar.done().to_string();
    years.sort_unstable();
    years.dedup();
    if years.is_empty() {
        return Ok(text);
    }
    // The VTIMEZONE goes before the first event, as RFC 5545 examples place it.
    let definition = vtimezone(&zone, &years);
    Ok(match text.find("BEGIN:VEVENT") {
        Some(at) => format!("{}{definition}{}", &text[..at], &text[at..]),
        None => text,
    })
}

/// A VTIMEZONE for `zone` covering `years`: one STANDARD or DAYLIGHT part per transition in
/// those years, or one STANDARD part when the zone keeps one offset all year.
pub fn vtimezone(zone: &Zone, years: &[i32]) -> String {
    let mut out = format!("BEGIN:VTIMEZONE\r\nTZID:{}\r\n", zone.name());
    let mut parts = 0;
    for &year in years {
        let start = first_moment(year).and_utc();
        let end = first_moment(year + 1).and_utc();
        for (at, before, after) in zone.changes(start, end) {
            let name = after.abbreviation.as_deref().unwrap_or("");
            let kind = if after.daylight {
                "DAYLIGHT"
            } else {
                "STANDARD"
            };
            // DTSTART is the local time the change happens, read in the offset before it.
            let local = at.naive_utc() + offset_duration(&before);
            out.push_str(&part(kind, local, &before, &after, name));
            parts += 1;
        }
    }
    if parts == 0 {
        let offset = zone.offset_at(first_moment(years[0]).and_utc());
        let local = NaiveDate::from_ymd_opt(1970, 1, 1)
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .unwrap_or_default();
        let name = offset.abbreviation.clone().unwrap_or_default();
        out.push_str(&part("STANDARD", local, &offset, &offset, &name));
    }
    out.push_str("END:VTIMEZONE\r\n");
    out
}

fn part(
    kind: &str,
    local: NaiveDateTime,
    before: &ZoneOffset,
    after: &ZoneOffset,
    name: &str,
) -> String {
    let mut text = format!(
        "BEGIN:{kind}\r\nDTSTART:{}\r\nTZOFFSETFROM:{}\r\nTZOFFSETTO:{}\r\n",
        local.format("%Y%m%dT%H%M%S"),
        utc_offset(before),
        utc_offset(after)
    );
    if !name.is_empty() {
        text.push_str(&format!("TZNAME:{name}\r\n"));
    }
    text.push_str(&format!("END:{kind}\r\n"));
    text
}

fn first_moment(year: i32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(year, 1, 1)
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .unwrap_or_default()
}

fn offset_duration(offset: &ZoneOffset) -> Duration {
    Duration::seconds(i64::from(offset.utc.local_minus_utc()))
}

/// `-0600`, `+0530`.
fn utc_offset(offset: &ZoneOffset) -> String {
    let seconds = offset.utc.local_minus_utc();
    let sign = if seconds < 0 { '-' } else { '+' };
    let minutes = seconds.abs() / 60;
    format!("{sign}{:02}{:02}", minutes / 60, minutes % 60)
}
