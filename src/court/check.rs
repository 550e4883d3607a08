//! The checks of the facts a court file states: e-mail and web addresses, phone numbers, ZIP
//! codes, time zones, dates and their order, text. Each returns what is wrong (a [`Flaw`]: a
//! message and what to type instead) or nothing; where in the file is the caller's business.

use std::str::FromStr;

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime};

use crate::calendar::{self, Local, Zone};
use crate::chars;
use crate::lang::Strings;

/// What is wrong with a value, and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flaw {
    pub message: String,
    pub help: Option<String>,
}

impl Flaw {
    pub fn new(message: impl Into<String>) -> Flaw {
        Flaw {
            message: message.into(),
            help: None,
        }
    }

    pub fn help(mut self, help: impl Into<String>) -> Flaw {
        self.help = Some(help.into());
        self
    }
}

/// `local@domain.tld`: letters, digits and `._%+-` before the `@`, dotted labels after it.
pub fn email(value: &str) -> Option<Flaw> {
    let bad = || Flaw::new(format!("`{value}` is not an e-mail address"));
    let Some((local, domain)) = value.split_once('@') else {
        return Some(bad().help("write it as name@domain, e.g. cmecf@nmd.uscourts.gov"));
    };
    if let Some(scripts) = host_scripts(domain) {
        return Some(bad().help(scripts));
    }
    let local_ok = !local.is_empty()
        && local
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._%+-".contains(c));
    if !local_ok || !hostname_ok(domain) {
        return Some(bad().help("write it as name@domain, e.g. cmecf@nmd.uscourts.gov"));
    }
    None
}

/// Why a host that is not plain ASCII is refused. A domain mixing scripts (a Cyrillic `а`
/// among Latin letters) is how look-alike addresses are made; one wholly in another script
/// must be given in its ASCII form, which every mail system and PDF link can carry.
fn host_scripts(host: &str) -> Option<String> {
    if host.is_ascii() {
        return None;
    }
    Some(match chars::mixed_scripts(host) {
        Some(scripts) => format!(
            "an address must not mix scripts, and this one mixes {} letters",
            chars::and_list(&scripts)
        ),
        None => "write the domain in plain letters (its ASCII form, `xn--…`)".to_string(),
    })
}

fn hostname_ok(host: &str) -> bool {
    let labels: Vec<&str> = host.split('.').collect();
    labels.len() >= 2
        && labels.iter().all(|label| {
            !label.is_empty()
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
        && labels
            .last()
            .is_some_and(|tld| tld.chars().all(|c| c.is_ascii_alphabetic()))
}

/// An absolute `http://` or `https://` address with a dotted host and no spaces.
pub fn url(value: &str) -> Option<Flaw> {
    let bad = || Flaw::new(format!("`{value}` is not a web address"));
    let rest = value
        .strip_prefix("https://")
        .or_else(|| value.strip_prefix("http://"));
    let Some(rest) = rest else {
        return Some(bad().help("write it in full, starting with https:// or http://"));
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    if let Some(scripts) = host_scripts(host) {
        return Some(bad().help(scripts));
    }
    if !hostname_ok(host)
        || value
            .chars()
            .any(|c| c.is_whitespace() || "<>\"`".contains(c))
    {
        return Some(
            bad().help("write it as a browser shows it, e.g. https://www.nmd.uscourts.gov"),
        );
    }
    None
}

/// A U.S. number: ten digits, optionally after a leading 1, written with `()`, `-`, `.` or spaces.
pub fn phone(value: &str) -> Option<Flaw> {
    // The styles numbers are typed in: 616-456-2206, (616) 456-2381, 616.456.2206, and with
    // the country code, +1 616 456 2206 or 1-888-318-2260.
    let rest = value.strip_prefix("+1").unwrap_or(value);
    let digits: String = value.chars().filter(char::is_ascii_digit).collect();
    let allowed = rest
        .chars()
        .all(|c| c.is_ascii_digit() || " ()-.".contains(c));
    let count_ok = digits.len() == 10 || (digits.len() == 11 && digits.starts_with('1'));
    (!allowed || !count_ok).then(|| {
        Flaw::new(format!("`{value}` is not a phone number")).help(
            "write ten digits with the area code, e.g. (505) 348-2000, 505-348-2000 or \
             1-888-318-2260",
        )
    })
}

/// `87102` or `87102-1234`.
pub fn zip(value: &str) -> Option<Flaw> {
    let ok = match value.split_once('-') {
        None => value.len() == 5 && value.chars().all(|c| c.is_ascii_digit()),
        Some((five, four)) => {
            five.len() == 5
                && four.len() == 4
                && five.chars().chain(four.chars()).all(|c| c.is_ascii_digit())
        }
    };
    (!ok).then(|| {
        Flaw::new(format!("`{value}` is not a ZIP code"))
            .help("write five digits, or five and four: 87102 or 87102-1234")
    })
}

/// An IANA time-zone name such as `America/Denver`, as the tz database spells it: a place
/// (`Area/City`), whose offset follows that place's clocks through the year.
pub fn time_zone(value: &str) -> Option<Flaw> {
    if Zone::named(value).is_some() {
        // `EST`, `MST`, `EST5EDT`, `UTC`, `Etc/GMT+7` are names the tz database keeps for old
        // systems: fixed offsets or rules that are no place's; `EST` ignores daylight time, so
        // a summer outage would be an hour off.
        let place = value.contains('/') && !value.starts_with("Etc/");
        if place {
            return None;
        }
        let hint = match value {
            "EST" | "EST5EDT" => "America/New_York",
            "CST6CDT" => "America/Chicago",
            "MST" => "America/Denver, or America/Phoenix for Arizona",
            "MST7MDT" => "America/Denver",
            "PST8PDT" => "America/Los_Angeles",
            "HST" => "Pacific/Honolulu",
            _ => "America/Denver",
        };
        return Some(
            Flaw::new(format!(
                "`{value}` is not a place's time zone: the tz database keeps it for old systems, and its clocks may not change when the court's do"
            ))
            .help(format!("give the court's zone as Area/City, e.g. {hint}")),
        );
    }
    let flaw = Flaw::new(format!("unknown time zone `{value}`"));
    let near = value.trim();
    if let Some(zone) = Zone::names()
        .into_iter()
        .find(|zone| zone.eq_ignore_ascii_case(near))
    {
        return Some(flaw.help(format!("did you mean `{zone}`?")));
    }
    let hint = match value {
        "ET" | "EST" | "EDT" => " (Eastern: America/New_York)",
        "CT" | "CST" | "CDT" => " (Central: America/Chicago)",
        "MT" | "MST" | "MDT" => " (Mountain: America/Denver; Arizona: America/Phoenix)",
        "PT" | "PST" | "PDT" => " (Pacific: America/Los_Angeles)",
        "AKT" | "AKST" | "AKDT" => " (Alaska: America/Anchorage)",
        "HT" | "HST" | "HDT" => " (Hawaii: Pacific/Honolulu)",
        "AST" => " (Puerto Rico and the Virgin Islands: America/Puerto_Rico)",
        "ChST" => " (Guam and the Northern Mariana Islands: Pacific/Guam)",
        "SST" => " (American Samoa: Pacific/Pago_Pago)",
        _ => "",
    };
    Some(flaw.help(format!("give its IANA name, e.g. America/Denver{hint}")))
}

/// A court id is its file's stem: lower-case letters, digits and hyphens.
pub fn id(value: &str) -> Option<String> {
    let ok = !value.is_empty()
        && value
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    (!ok).then(|| format!("court id `{value}` (the file name) must use only a-z, 0-9 and `-`"))
}

/// The outage's order: it ends after it starts, and on or before go-live. (field, message).
pub fn outage(
    start: NaiveDateTime,
    end: NaiveDateTime,
    go_live: NaiveDate,
) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    if end <= start {
        out.push(("outage.end", "the outage must end after it starts".into()));
    }
    if end.date() > go_live {
        out.push((
            "outage.end",
            format!("the outage must end on or before go-live ({go_live})"),
        ));
    }
    out
}

/// The outage's time zone as notices print it: one of [`calendar::TIME_ZONES`].
pub fn outage_time_zone(zone: &str) -> Option<Flaw> {
    let known = calendar::TIME_ZONES;
    if known.contains(&zone) {
        return None;
    }
    let flaw = Flaw::new(format!("unknown time zone `{zone}`"));
    Some(
        match known
            .iter()
            .find(|name| name.eq_ignore_ascii_case(zone.trim()))
        {
            Some(name) => flaw.help(format!("did you mean `{name}`?")),
            None => flaw.help(format!("write one of {}", known.join(", "))),
        },
    )
}

/// What is wrong with a line of free text (a name, an address line, a salutation), by the
/// char index of the character at fault where there is one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextFlaw {
    /// A line break (LF, CR): every text field is one line.
    LineBreak { index: usize, c: char },
    /// A control character or a code point XML cannot carry.
    Unprintable { index: usize, c: char },
    /// Nothing, or only white space.
    Empty,
    /// Only characters that cannot be seen, such as a zero-width space.
    Invisible { c: char },
}

/// Free text must say something, fit on its line, and be printable in every output.
pub fn text(value: &str) -> Option<TextFlaw> {
    if let Some((index, c)) = value
        .chars()
        .enumerate()
        .find(|(_, c)| chars::is_unprintable(*c))
    {
        return Some(match c {
            '\n' | '\r' => TextFlaw::LineBreak { index, c },
            _ => TextFlaw::Unprintable { index, c },
        });
    }
    if value.trim().is_empty() {
        return Some(TextFlaw::Empty);
    }
    if value
        .chars()
        .all(|c| c.is_whitespace() || chars::is_invisible(c))
    {
        let c = value
            .chars()
            .find(|c| !c.is_whitespace())
            .unwrap_or_default();
        return Some(TextFlaw::Invisible { c });
    }
    None
}

/// The years a date in a court file may fall in: a rollout's dates are recent or near, and
/// every output (iCalendar's four-digit years, RFC 3339 in the feed) can write them.
pub const YEARS: std::ops::RangeInclusive<i32> = 1990..=2100;

fn years_flaw(text: &str) -> Flaw {
    Flaw::new(format!(
        "`{text}`: the year must be between {} and {}",
        YEARS.start(),
        YEARS.end()
    ))
    .help("check the year; dates are written YYYY-MM-DD, e.g. 2020-04-20")
}

/// A date, `2020-04-20`, in [`YEARS`].
pub fn date(text: &str) -> Result<NaiveDate, Flaw> {
    let date = NaiveDate::from_str(text).map_err(|_| date_flaw(text))?;
    if !YEARS.contains(&date.year()) {
        return Err(years_flaw(text));
    }
    Ok(date)
}

/// Why `text` is not a date, in the calendar's terms where the shape is right.
fn date_flaw(text: &str) -> Flaw {
    let help = "write it as YYYY-MM-DD, e.g. 2020-04-20";
    let parts: Vec<&str> = text.split('-').collect();
    let numbers: Option<Vec<i64>> = match parts.as_slice() {
        [year, month, day] => [year.trim_start_matches('+'), month, day]
            .iter()
            .map(|part| {
                (!part.is_empty() && part.chars().all(|c| c.is_ascii_digit()))
                    .then(|| part.parse::<i64>().ok())
                    .flatten()
            })
            .collect(),
        _ => None,
    };
    let Some(&[year, month, day]) = numbers.as_deref() else {
        return Flaw::new(format!("`{text}` is not a date")).help(help);
    };
    if !(i64::from(*YEARS.start())..=i64::from(*YEARS.end())).contains(&year) {
        return years_flaw(text);
    }
    if !(1..=12).contains(&month) {
        return Flaw::new(format!("`{text}` is not a date: there is no month {month}")).help(help);
    }
    let first = i32::try_from(year)
        .ok()
        .zip(u32::try_from(month).ok())
        .and_then(|(year, month)| NaiveDate::from_ymd_opt(year, month, 1));
    if let Some(first) = first {
        let days = first
            .checked_add_months(chrono::Months::new(1))
            .and_then(|next| next.pred_opt())
            .map_or(31, |last| last.day());
        if day < 1 || day > i64::from(days) {
            return Flaw::new(format!(
                "`{text}` is not a date: {} {year} has {days} days",
                Strings::diagnostics().month(first)
            ))
            .help(help);
        }
    }
    Flaw::new(format!("`{text}` is not a date")).help(help)
}

/// A time of day, `09:30:00` (seconds optional).
pub fn time(text: &str) -> Result<NaiveTime, Flaw> {
    NaiveTime::from_str(text).map_err(|_| time_flaw(text))
}

fn time_flaw(text: &str) -> Flaw {
    let help = "write it as HH:MM:SS on a 24-hour clock, e.g. 09:30:00 or 15:00:00";
    let parts: Vec<Option<u32>> = text
        .split(':')
        .map(|part| {
            (!part.is_empty() && part.chars().all(|c| c.is_ascii_digit()))
                .then(|| part.parse().ok())
                .flatten()
        })
        .collect();
    match parts.as_slice() {
        [Some(hour), ..] if *hour > 23 => {
            Flaw::new(format!("`{text}` is not a time: there is no hour {hour}")).help(help)
        }
        [Some(_), Some(minute), ..] if *minute > 59 => Flaw::new(format!(
            "`{text}` is not a time: there is no minute {minute}"
        ))
        .help(help),
        _ => Flaw::new(format!("`{text}` is not a time")).help(help),
    }
}

/// A local date and time, `2020-04-17T15:00:00`, in [`YEARS`].
pub fn date_time(text: &str) -> Result<NaiveDateTime, Flaw> {
    let help = "write it as YYYY-MM-DDTHH:MM:SS, e.g. 2020-04-17T15:00:00";
    if let Ok(value) = NaiveDateTime::from_str(text) {
        if !YEARS.contains(&value.year()) {
            return Err(years_flaw(text));
        }
        return Ok(value);
    }
    let Some((day, clock)) = text.split_once('T') else {
        return Err(Flaw::new(format!("`{text}` is not a date and time")).help(help));
    };
    date(day)?;
    time(clock)?;
    Err(Flaw::new(format!("`{text}` is not a date and time")).help(help))
}

/// A local time that clocks skip or repeat in the court's zone. (message, help) for a time
/// that does not exist or that happens twice, unless `label` (the zone the notices print)
/// says which of the two is meant and it is the first, the one calendars read.
pub fn local_time(local: NaiveDateTime, zone: &Zone, label: Option<&str>) -> Option<Flaw> {
    let when = format!(
        "{} on {}",
        calendar::format_time(local.time(), None, &Strings::diagnostics()),
        calendar::format_date(
            local.date(),
            calendar::DateStyle::Long,
            false,
            &Strings::diagnostics(),
        )
    );
    match calendar::read_local(local, zone) {
        Local::Unique(_) => None,
        Local::Skipped { from, to } => Some(
            Flaw::new(format!(
                "{when} does not exist in {}: clocks go from {} {} straight to {} {}",
                zone.name(),
                calendar::format_time(from.local.time(), None, &Strings::diagnostics()),
                from.zone,
                calendar::format_time(to.local.time(), None, &Strings::diagnostics()),
                to.zone,
            ))
            .help(format!(
                "give a time that exists, such as {} {}",
                calendar::format_time(to.local.time(), None, &Strings::diagnostics()),
                to.zone
            )),
        ),
        Local::Repeated { first, second } => {
            if label == Some(first.zone.as_str()) {
                return None;
            }
            let flaw = Flaw::new(format!(
                "{when} happens twice in {}: first in {}, then an hour later in {} once clocks fall back",
                zone.name(),
                first.zone,
                second.zone
            ));
            Some(if label == Some(second.zone.as_str()) {
                flaw.help(format!(
                    "calendars read such a time as its first occurrence ({}); give a time outside the repeated hour",
                    first.zone
                ))
            } else {
                flaw.help(format!(
                    "write `{}` as outage.time_zone if the first is meant, or give a time outside the repeated hour",
                    first.zone
                ))
            })
        }
    }
}

/// Whether the outage's printed zone (`MT`, `MDT`) is the court's zone on the outage's dates:
/// the letters and the calendar must say the same hour.
pub fn outage_zone_label(
    label: &str,
    zone: &Zone,
    start: NaiveDateTime,
    end: NaiveDateTime,
) -> Option<Flaw> {
    let at_start = calendar::zone_abbreviation(start, zone);
    let at_end = calendar::zone_abbreviation(end, zone);
    let fits = |abbreviation: &Option<String>| {
        abbreviation
            .as_deref()
            .is_some_and(|abbreviation| calendar::label_fits(label, abbreviation))
    };
    if fits(&at_start) && fits(&at_end) {
        return None;
    }
    let (Some(at_start), Some(at_end)) = (at_start, at_end) else {
        return Some(
            Flaw::new(format!(
                "`{label}` is not a time zone of {}, the court's `time_zone`",
                zone.name()
            ))
            .help("correct `time_zone` (the court's IANA zone) or this label"),
        );
    };
    let day = calendar::format_date(
        start.date(),
        calendar::DateStyle::Long,
        false,
        &Strings::diagnostics(),
    );
    let mut fitting: Vec<String> = if at_start == at_end {
        vec![at_start.clone(), calendar::generic_zone(&at_start)]
    } else {
        vec![calendar::generic_zone(&at_start)]
    };
    fitting.retain(|name| calendar::TIME_ZONES.contains(&name.as_str()));
    fitting.dedup();
    let write = match fitting.as_slice() {
        [] => "correct `time_zone` or this label".to_string(),
        names => format!(
            "write {}",
            names
                .iter()
                .map(|name| format!("`{name}`"))
                .collect::<Vec<_>>()
                .join(" or ")
        ),
    };
    let same_family = calendar::generic_zone(label) == calendar::generic_zone(&at_start)
        || calendar::generic_zone(label) == calendar::generic_zone(&at_end);
    if !same_family {
        return Some(
            Flaw::new(format!(
                "`{label}` is not the court's time zone: in {} the outage starts at {} {at_start}",
                zone.name(),
                calendar::format_time(start.time(), None, &Strings::diagnostics()),
            ))
            .help(format!(
                "{write}, or correct `time_zone` if the court is not in {}",
                zone.name()
            )),
        );
    }
    let kind = |name: &str| {
        if name.ends_with("DT") {
            "daylight time"
        } else {
            "standard time"
        }
    };
    let message = if at_start == at_end {
        format!(
            "`{label}` is {}, but on {day} {} keeps {} ({at_start})",
            kind(label),
            zone.name(),
            kind(&at_start)
        )
    } else {
        format!(
            "`{label}` is {}, but {} changes from {at_start} to {at_end} during the outage",
            kind(label),
            zone.name()
        )
    };
    Some(Flaw::new(message).help(write))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> NaiveDateTime {
        NaiveDateTime::from_str(text).unwrap()
    }

    #[test]
    fn emails() {
        assert_eq!(email("cmecf@nmd.uscourts.gov"), None);
        assert_eq!(email("ecf-helpdesk@acd.uscourts.gov"), None);
        assert!(email("cmecf.nmd.uscourts.gov").is_some());
        assert!(email("cmecf@nmd").is_some());
        assert!(email("a b@nmd.uscourts.gov").is_some());
        let homograph = email("help@ex\u{430}mple.gov").unwrap();
        assert_eq!(
            homograph.help.as_deref(),
            Some("an address must not mix scripts, and this one mixes Latin and Cyrillic letters")
        );
    }

    #[test]
    fn urls() {
        assert_eq!(url("https://www.pacer.gov/reg_firm.html"), None);
        assert_eq!(
            url("http://www.cacd.uscourts.gov/e-filing/request-cmecf-account"),
            None
        );
        assert!(url("www.pacer.gov").is_some());
        assert!(url("javascript:alert(1)").is_some());
        assert!(url("https://exa mple.gov").is_some());
        let homograph = url("https://www.ex\u{430}mple.gov/help").unwrap();
        assert!(homograph.help.unwrap().contains("Latin and Cyrillic"));
        assert!(url("https://\u{43F}\u{440}\u{438}\u{43C}\u{435}\u{440}.gov").is_some());
    }

    #[test]
    fn phones_and_zips() {
        assert_eq!(phone("(505) 348-2000"), None);
        assert_eq!(phone("1-888-318-2260"), None);
        assert_eq!(phone("616.456.2206"), None);
        assert_eq!(phone("+1 616 456 2206"), None);
        assert_eq!(phone("+1 (616) 456-2206"), None);
        assert!(phone("+44 20 7946 0958").is_some());
        assert!(phone("616+456+2206").is_some());
        assert!(phone("+ 1 616 456 2206").is_some());
        assert!(phone("348-2000").is_some());
        assert!(phone("505-348-200x").is_some());
        assert_eq!(zip("87102"), None);
        assert_eq!(zip("87102-1234"), None);
        assert!(zip("8710").is_some());
    }

    #[test]
    fn time_zones() {
        assert_eq!(time_zone("America/Denver"), None);
        assert_eq!(time_zone("America/Los_Angeles"), None);
        let flaw = time_zone("MT").unwrap();
        assert!(flaw.help.unwrap().contains("America/Denver"));
        assert!(time_zone("America/Albuquerque").is_some());
        assert!(time_zone("").is_some());
        let case = time_zone("america/denver").unwrap();
        assert_eq!(case.help.as_deref(), Some("did you mean `America/Denver`?"));
        // Fixed offsets and old rule names are in the tz database but are no place's zone.
        for old in ["EST", "MST", "HST", "EST5EDT", "UTC", "Etc/GMT+7"] {
            assert!(time_zone(old).is_some(), "{old}");
        }
        assert!(
            time_zone("EST")
                .unwrap()
                .help
                .unwrap()
                .contains("America/New_York")
        );
        assert_eq!(time_zone("US/Mountain"), None);
        assert_eq!(
            outage_time_zone("mt").unwrap().help.as_deref(),
            Some("did you mean `MT`?")
        );
    }

    #[test]
    fn ids_and_text() {
        assert_eq!(id("nmd"), None);
        assert_eq!(id("ca-9"), None);
        assert!(id("NMD").is_some());
        assert!(id("n_md").is_some());
        assert_eq!(text(""), Some(TextFlaw::Empty));
        assert_eq!(text(" \u{A0} "), Some(TextFlaw::Empty));
        assert_eq!(
            text("\u{200B}"),
            Some(TextFlaw::Invisible { c: '\u{200B}' })
        );
        assert_eq!(
            text("a\nb"),
            Some(TextFlaw::LineBreak { index: 1, c: '\n' })
        );
        assert_eq!(
            text("Since\u{7}rely"),
            Some(TextFlaw::Unprintable {
                index: 5,
                c: '\u{7}'
            })
        );
        assert_eq!(text("Jane\u{A0}Roe \u{2028} \u{200B}x"), None);
    }

    #[test]
    fn dates_are_bounded_and_explained() {
        assert!(date("2020-04-20").is_ok());
        assert!(date("1990-01-01").is_ok() && date("2100-12-31").is_ok());
        for text in [
            "10000-04-20",
            "+10000-04-20",
            "9999-12-31",
            "1989-12-31",
            "0001-01-01",
        ] {
            let flaw = date(text).unwrap_err();
            assert!(
                flaw.message.contains("between 1990 and 2100"),
                "{text}: {flaw:?}"
            );
        }
        assert!(
            date("2020-04-31")
                .unwrap_err()
                .message
                .contains("April 2020 has 30 days")
        );
        assert!(
            date("2021-02-29")
                .unwrap_err()
                .message
                .contains("February 2021 has 28 days")
        );
        assert!(
            date("2020-13-01")
                .unwrap_err()
                .message
                .contains("no month 13")
        );
        assert_eq!(
            date("04/20/2020").unwrap_err().message,
            "`04/20/2020` is not a date"
        );
        assert!(date_time("2020-04-17T15:00:00").is_ok());
        assert!(date_time("9999-04-17T15:00:00").is_err());
        assert!(
            date_time("2020-04-17T25:00:00")
                .unwrap_err()
                .message
                .contains("no hour 25")
        );
        assert!(time("9am").is_err());
    }

    #[test]
    fn outage_labels_must_be_the_zone_on_its_dates() {
        let denver = &Zone::named("America/Denver").unwrap();
        let (start, end) = (at("2020-04-17T15:00:00"), at("2020-04-20T08:00:00"));
        for ok in ["MT", "MDT"] {
            assert_eq!(outage_zone_label(ok, denver, start, end), None, "{ok}");
        }
        let standard = outage_zone_label("MST", denver, start, end).unwrap();
        assert_eq!(
            standard.message,
            "`MST` is standard time, but on April 17, 2020 America/Denver keeps daylight time (MDT)"
        );
        assert_eq!(standard.help.as_deref(), Some("write `MDT` or `MT`"));
        let elsewhere =
            outage_zone_label("MT", &Zone::named("America/New_York").unwrap(), start, end).unwrap();
        assert_eq!(
            elsewhere.message,
            "`MT` is not the court's time zone: in America/New_York the outage starts at 3:00 pm EDT"
        );
        // Arizona keeps standard time all year; Hawaii, Puerto Rico and Guam too.
        let phoenix = &Zone::named("America/Phoenix").unwrap();
        assert_eq!(outage_zone_label("MST", phoenix, start, end), None);
        assert!(outage_zone_label("MDT", phoenix, start, end).is_some());
        for (label, zone) in [
            ("HST", &Zone::named("Pacific/Honolulu").unwrap()),
            ("HT", &Zone::named("Pacific/Honolulu").unwrap()),
            ("AST", &Zone::named("America/Puerto_Rico").unwrap()),
            ("ChST", &Zone::named("Pacific/Guam").unwrap()),
            ("AKT", &Zone::named("America/Anchorage").unwrap()),
            ("AKDT", &Zone::named("America/Anchorage").unwrap()),
        ] {
            assert_eq!(outage_zone_label(label, zone, start, end), None, "{label}");
        }
        assert!(
            outage_zone_label(
                "AKST",
                &Zone::named("America/Anchorage").unwrap(),
                start,
                end
            )
            .is_some()
        );
        // An outage over the spring-forward weekend is in two zones: only `MT` is right.
        let (start, end) = (at("2020-03-06T18:00:00"), at("2020-03-09T06:00:00"));
        assert_eq!(outage_zone_label("MT", denver, start, end), None);
        let across = outage_zone_label("MST", denver, start, end).unwrap();
        assert!(
            across.message.contains("changes from MST to MDT"),
            "{across:?}"
        );
        assert_eq!(across.help.as_deref(), Some("write `MT`"));
    }

    #[test]
    fn skipped_and_repeated_times_are_reported() {
        let denver = &Zone::named("America/Denver").unwrap();
        let gap = local_time(at("2020-03-08T02:30:00"), denver, Some("MT")).unwrap();
        assert_eq!(
            gap.message,
            "2:30 am on March 8, 2020 does not exist in America/Denver: clocks go from 2:00 am MST straight to 3:00 am MDT"
        );
        let twice = local_time(at("2020-11-01T01:30:00"), denver, Some("MT")).unwrap();
        assert!(twice.message.contains("happens twice"), "{twice:?}");
        assert!(local_time(at("2020-11-01T01:30:00"), denver, Some("MST")).is_some());
        assert_eq!(
            local_time(at("2020-11-01T01:30:00"), denver, Some("MDT")),
            None
        );
        assert_eq!(
            local_time(at("2020-04-17T15:00:00"), denver, Some("MT")),
            None
        );
    }
}
