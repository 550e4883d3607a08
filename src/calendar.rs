//! Dates and times as notices print them, and the schedule that dates a notice relative to
//! go-live. Pure functions over chrono values: no wall clock, so every build is reproducible.

use chrono::{
    DateTime, Datelike, Days, FixedOffset, LocalResult, NaiveDate, NaiveDateTime, NaiveTime,
    Timelike,
};

mod zone;
pub use zone::{Zone, ZoneOffset};

use crate::lang::{Strings, fill};

/// The ways a notice writes a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateStyle {
    /// The language's long date, the month, day and year in English (the day zero-padded when the
    /// court asks).
    Long,
    /// The long date after its weekday, which is computed from the date.
    Weekday,
    /// Month and ordinal day ("20th" in English).
    Ordinal,
    /// The long date in capitals.
    Upper,
    /// "2020-04-20".
    Iso,
}

impl DateStyle {
    pub fn parse(name: &str) -> Option<DateStyle> {
        Some(match name {
            "long" => DateStyle::Long,
            "weekday" => DateStyle::Weekday,
            "ordinal" => DateStyle::Ordinal,
            "upper" => DateStyle::Upper,
            "iso" => DateStyle::Iso,
            _ => return None,
        })
    }

    pub const NAMES: &'static [&'static str] = &["long", "weekday", "ordinal", "upper", "iso"];
}

/// Formats `date` in `style` with a language's words; `pad_day` writes the day with two
/// digits ("March 02, 2020").
pub fn format_date(date: NaiveDate, style: DateStyle, pad_day: bool, words: &Strings) -> String {
    let day = if pad_day {
        format!("{:02}", date.day())
    } else {
        date.day().to_string()
    };
    let year = date.year().to_string();
    let fields = [
        ("month", words.month(date)),
        ("day", day.as_str()),
        ("year", year.as_str()),
        ("weekday", words.weekday(date)),
    ];
    let long = fill(&words.dates.long, &fields);
    match style {
        DateStyle::Long => long,
        DateStyle::Weekday => fill(
            &words.dates.weekday,
            &[fields.as_slice(), &[("long", long.as_str())]].concat(),
        ),
        DateStyle::Ordinal => fill(
            &words.dates.ordinal,
            &[
                fields.as_slice(),
                &[("ordinal", &words.ordinal(date.day()))],
            ]
            .concat(),
        ),
        DateStyle::Upper => long.to_uppercase(),
        DateStyle::Iso => date.format("%Y-%m-%d").to_string(),
    }
}

/// "3:00 pm", "8:00 am"; with a zone, "8:00 am MT" (in English).
pub fn format_time(time: NaiveTime, zone: Option<&str>, words: &Strings) -> String {
    words.time(time, zone)
}

/// The date `offset_days` away from `anchor` (negative: before it).
pub fn offset(anchor: NaiveDate, offset_days: i64) -> Option<NaiveDate> {
    let days = Days::new(offset_days.unsigned_abs());
    if offset_days < 0 {
        anchor.checked_sub_days(days)
    } else {
        anchor.checked_add_days(days)
    }
}

/// The date a schedule gives: `offset_days` from `anchor`, moved off a weekend (offices do not
/// send notices on Saturdays and Sundays): back to the Friday before when it comes before the
/// anchor, forward to the Monday after when it is on or after it, so that a notice scheduled
/// for go-live day or later is never dated before go-live.
pub fn scheduled(anchor: NaiveDate, offset_days: i64) -> Option<NaiveDate> {
    let date = offset(anchor, offset_days)?;
    let weekend = match date.weekday() {
        chrono::Weekday::Sat => (1, 2),
        chrono::Weekday::Sun => (2, 1),
        _ => (0, 0),
    };
    if offset_days < 0 {
        date.checked_sub_days(Days::new(weekend.0))
    } else {
        date.checked_add_days(Days::new(weekend.1))
    }
}

/// Whole days from `from` to `to` (negative when `to` is earlier).
pub fn days_between(from: NaiveDate, to: NaiveDate) -> i64 {
    (to - from).num_days()
}

/// Reads a date as templates see it: "2020-04-20", or a date-time "2020-04-17T15:00:00".
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    serialised_date(text)
        .or_else(|| NaiveDate::parse_from_str(text, "%Y-%m-%d").ok())
        .or_else(|| parse_datetime(text).map(|dt| dt.date()))
}

/// Reads a date-time as chrono serialises it: "2020-04-17T15:00:00" (seconds optional).
pub fn parse_datetime(text: &str) -> Option<NaiveDateTime> {
    serialised_datetime(text)
        .or_else(|| NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f").ok())
        .or_else(|| NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M").ok())
}

/// A date exactly as chrono serialises one, "2020-04-20", read without chrono's format
/// parser: templates compare and print dates through filters on every letter of a mailing,
/// and interpreting the format string each time was a fiftieth of the mailing. Any other
/// spelling goes to chrono.
fn serialised_date(text: &str) -> Option<NaiveDate> {
    let bytes = text.as_bytes();
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return None;
    }
    let year = digits(&bytes[..4])?;
    NaiveDate::from_ymd_opt(year as i32, digits(&bytes[5..7])?, digits(&bytes[8..])?)
}

/// [`serialised_date`] for "2020-04-17T15:00:00" and "2020-04-17T15:00".
fn serialised_datetime(text: &str) -> Option<NaiveDateTime> {
    let bytes = text.as_bytes();
    if !matches!(bytes.len(), 16 | 19) || bytes[10] != b'T' || bytes[13] != b':' {
        return None;
    }
    let second = match &bytes[16..] {
        [] => 0,
        [b':', seconds @ ..] => digits(seconds)?,
        _ => return None,
    };
    let time = NaiveTime::from_hms_opt(digits(&bytes[11..13])?, digits(&bytes[14..16])?, second)?;
    Some(serialised_date(&text[..10])?.and_time(time))
}

/// The number ASCII `digits` spell, when they are all digits.
fn digits(digits: &[u8]) -> Option<u32> {
    digits.iter().try_fold(0, |number: u32, &digit| {
        digit
            .is_ascii_digit()
            .then(|| number * 10 + u32::from(digit - b'0'))
    })
}

/// A local date-time in `zone` as an instant. A time that a spring-forward skips is read as
/// the first instant after the gap; one that a fall-back repeats as its first occurrence, as
/// RFC 5545 reads it. (Court files cannot give either for the outage: see `court::check`.)
pub fn in_zone(local: NaiveDateTime, zone: &Zone) -> Option<DateTime<FixedOffset>> {
    match zone.from_local(local) {
        LocalResult::Single(instant) | LocalResult::Ambiguous(instant, _) => Some(instant),
        LocalResult::None => (1..=180).find_map(|minutes| {
            zone.from_local(local + chrono::Duration::minutes(minutes))
                .earliest()
        }),
    }
}

/// A date or date-time as templates see it, as an RFC 3339 instant in `zone`
/// ("2020-04-20T08:00:00-06:00"); a bare date means its first moment.
pub fn instant(text: &str, zone: &Zone) -> Option<String> {
    let local = parse_datetime(text).or_else(|| {
        NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .ok()?
            .and_hms_opt(0, 0, 0)
    })?;
    Some(in_zone(local, zone)?.to_rfc3339())
}

/// U.S. time-zone abbreviations a court may print after a time: each zone's standard and
/// daylight names and the generic one that holds all year (`MT` for `MST` and `MDT`).
pub const TIME_ZONES: &[&str] = &[
    "ET", "EST", "EDT", "CT", "CST", "CDT", "MT", "MST", "MDT", "PT", "PST", "PDT", "AKT", "AKST",
    "AKDT", "HT", "HST", "HDT", "AST", "ChST", "SST",
];

/// A wall-clock time and the abbreviation of the zone in force at it (`MDT`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wall {
    pub local: NaiveDateTime,
    pub zone: String,
}

/// How a local date-time reads in a zone.
#[derive(Debug, Clone, PartialEq)]
pub enum Local {
    Unique(DateTime<FixedOffset>),
    /// Clocks skip it (spring forward): they go from `from` (read in the old zone) straight
    /// to `to`.
    Skipped {
        from: Wall,
        to: Wall,
    },
    /// Clocks show it twice (fall back): first in `first`'s zone, then in `second`'s.
    Repeated {
        first: Wall,
        second: Wall,
    },
}

/// Reads `local` in `zone`, saying where a change of offset skips or repeats it.
pub fn read_local(local: NaiveDateTime, zone: &Zone) -> Local {
    match zone.from_local(local) {
        LocalResult::Single(instant) => Local::Unique(instant),
        LocalResult::Ambiguous(first, second) => Local::Repeated {
            first: Wall {
                local,
                zone: abbreviation(zone, &first),
            },
            second: Wall {
                local,
                zone: abbreviation(zone, &second),
            },
        },
        LocalResult::None => {
            let minute = local.with_second(0).unwrap_or(local);
            let exists = |at: NaiveDateTime| zone.from_local(at).earliest();
            // Offset changes move clocks by at most a few hours; three cover every zone.
            let after = (1..=180)
                .map(|minutes| minute + chrono::Duration::minutes(minutes))
                .find_map(|at| Some((at, exists(at)?)));
            let before = (1..=180)
                .map(|minutes| minute - chrono::Duration::minutes(minutes))
                .find_map(|at| Some((at, exists(at)?)));
            match (before, after) {
                (Some((last, old)), Some((first, new))) => Local::Skipped {
                    from: Wall {
                        local: last + chrono::Duration::minutes(1),
                        zone: abbreviation(zone, &old),
                    },
                    to: Wall {
                        local: first,
                        zone: abbreviation(zone, &new),
                    },
                },
                _ => Local::Skipped {
                    from: Wall {
                        local,
                        zone: String::new(),
                    },
                    to: Wall {
                        local,
                        zone: String::new(),
                    },
                },
            }
        }
    }
}

/// The zone's abbreviation at an instant (`MDT`), or its offset from UTC (`UTC-03:00`) where
/// the tz database gives none.
fn abbreviation(zone: &Zone, instant: &DateTime<FixedOffset>) -> String {
    let offset = zone.offset_at(instant.to_utc());
    offset
        .abbreviation
        .unwrap_or_else(|| format!("UTC{}", offset.utc))
}

/// The abbreviation of `zone` at local time `local` (its first occurrence when repeated, the
/// time after the gap when skipped); `None` where the zone has no lettered abbreviation.
pub fn zone_abbreviation(local: NaiveDateTime, zone: &Zone) -> Option<String> {
    let name = abbreviation(zone, &in_zone(local, zone)?);
    name.chars()
        .all(|c| c.is_ascii_alphabetic())
        .then_some(name)
}

/// The name that holds all year for a standard or daylight abbreviation: `MT` for `MST` and
/// `MDT`, `AKT` for `AKST`, `HT` for `HST`; other names are their own.
pub fn generic_zone(name: &str) -> String {
    match name.strip_suffix("ST").or_else(|| name.strip_suffix("DT")) {
        Some(stem) if !stem.is_empty() => format!("{stem}T"),
        _ => name.to_string(),
    }
}

/// Whether a printed zone `label` names the zone whose abbreviation is `abbreviation`.
pub fn label_fits(label: &str, abbreviation: &str) -> bool {
    label == abbreviation || label == generic_zone(abbreviation)
}

#[cfg(test)]
mod tests {
    #[test]
    fn dates_as_serialised_read_as_chrono_reads_them() {
        let texts = [
            "2020-04-20",
            "2024-02-29",
            "2023-02-29",
            "2020-13-01",
            "2020-00-10",
            "0000-01-01",
            "2020-4-20",
            "2020-04-2x",
            "+2020-04-20",
            "2020-04-17T15:00:00",
            "2020-04-17T15:00",
            "2020-04-17T15:00:60",
            "2020-04-17T24:00:00",
            "2020-04-17T15:00:00.5",
            "2020-04-17T15:00x00",
            "2020-04-17 15:00:00",
            "2020-04-17T5:00",
            "",
        ];
        for text in texts {
            let chrono_date = NaiveDate::parse_from_str(text, "%Y-%m-%d")
                .ok()
                .or_else(|| {
                    NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f")
                        .or_else(|_| NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M"))
                        .ok()
                        .map(|dt| dt.date())
                });
            let chrono_datetime = NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f")
                .or_else(|_| NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M"))
                .ok();
            assert_eq!(parse_date(text), chrono_date, "{text}");
            assert_eq!(parse_datetime(text), chrono_datetime, "{text}");
        }
        assert_eq!(
            serialised_date("2020-04-20"),
            NaiveDate::from_ymd_opt(2020, 4, 20)
        );
        assert!(serialised_datetime("2020-04-17T15:00:00").is_some());
    }

    use super::*;

    fn en() -> std::sync::Arc<Strings> {
        Strings::diagnostics()
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn long_dates_with_and_without_padding() {
        assert_eq!(
            format_date(d(2020, 4, 20), DateStyle::Long, false, &en()),
            "April 20, 2020"
        );
        assert_eq!(
            format_date(d(2020, 3, 2), DateStyle::Long, true, &en()),
            "March 02, 2020"
        );
        assert_eq!(
            format_date(d(2020, 3, 2), DateStyle::Long, false, &en()),
            "March 2, 2020"
        );
        assert_eq!(
            format_date(d(2019, 12, 5), DateStyle::Long, true, &en()),
            "December 05, 2019"
        );
    }

    #[test]
    fn weekday_is_computed() {
        assert_eq!(
            format_date(d(2020, 4, 20), DateStyle::Weekday, false, &en()),
            "Monday, April 20, 2020"
        );
        assert_eq!(
            format_date(d(2020, 3, 20), DateStyle::Weekday, false, &en()),
            "Friday, March 20, 2020"
        );
    }

    #[test]
    fn ordinal_and_upper_styles() {
        assert_eq!(
            format_date(d(2020, 4, 20), DateStyle::Ordinal, false, &en()),
            "April 20th"
        );
        assert_eq!(
            format_date(d(2020, 4, 20), DateStyle::Upper, false, &en()),
            "APRIL 20, 2020"
        );
        assert_eq!(
            format_date(d(2020, 4, 20), DateStyle::Iso, true, &en()),
            "2020-04-20"
        );
        let suffixes: Vec<String> = [1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 31]
            .into_iter()
            .map(|day| en().ordinal(day))
            .collect();
        assert_eq!(
            suffixes,
            [
                "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "23rd", "31st"
            ]
        );
    }

    #[test]
    fn times_are_twelve_hour_with_optional_zone() {
        let t = |h, m| NaiveTime::from_hms_opt(h, m, 0).unwrap();
        assert_eq!(format_time(t(15, 0), None, &en()), "3:00 pm");
        assert_eq!(format_time(t(8, 0), Some("MT"), &en()), "8:00 am MT");
        assert_eq!(format_time(t(0, 5), None, &en()), "12:05 am");
        assert_eq!(format_time(t(12, 30), None, &en()), "12:30 pm");
    }

    #[test]
    fn schedule_offsets_cross_months_and_years() {
        assert_eq!(offset(d(2020, 4, 20), -60), Some(d(2020, 2, 20)));
        assert_eq!(offset(d(2020, 1, 27), -94), Some(d(2019, 10, 25)));
        assert_eq!(offset(d(2020, 4, 20), 0), Some(d(2020, 4, 20)));
        assert_eq!(offset(d(2020, 4, 20), 3), Some(d(2020, 4, 23)));
        assert_eq!(days_between(d(2020, 3, 27), d(2020, 4, 20)), 24);
    }

    #[test]
    fn scheduled_dates_avoid_weekends() {
        // February 18, 2020 less 30 days is Sunday, January 19: the notice goes out Friday.
        assert_eq!(scheduled(d(2020, 2, 18), -30), Some(d(2020, 1, 17)));
        assert_eq!(scheduled(d(2020, 2, 18), -31), Some(d(2020, 1, 17)));
        assert_eq!(scheduled(d(2020, 4, 20), -90), Some(d(2020, 1, 21)));
        // On or after the anchor a weekend moves forward, never to before the anchor.
        assert_eq!(scheduled(d(2020, 4, 18), 0), Some(d(2020, 4, 20)));
        assert_eq!(scheduled(d(2020, 4, 19), 0), Some(d(2020, 4, 20)));
        assert_eq!(scheduled(d(2020, 4, 20), 12), Some(d(2020, 5, 4)));
        assert_eq!(scheduled(d(2020, 4, 20), 14), Some(d(2020, 5, 4)));
    }

    #[test]
    fn instants_carry_the_zone_offset_of_their_date() {
        let denver = &Zone::named("America/Denver").unwrap();
        assert_eq!(
            instant("2020-04-20T08:00:00", denver).as_deref(),
            Some("2020-04-20T08:00:00-06:00")
        );
        assert_eq!(
            instant("2020-01-27", &Zone::named("America/New_York").unwrap()).as_deref(),
            Some("2020-01-27T00:00:00-05:00")
        );
        // 2:30 am on the spring-forward night does not exist in Denver: 3:00 am MDT.
        assert_eq!(
            instant("2020-03-08T02:30:00", denver).as_deref(),
            Some("2020-03-08T03:00:00-06:00")
        );
        assert_eq!(instant("soon", denver), None);
    }

    #[test]
    fn local_times_skipped_or_repeated_are_told_apart() {
        let denver = &Zone::named("America/Denver").unwrap();
        let at = |text| parse_datetime(text).unwrap();
        assert!(matches!(
            read_local(at("2020-04-17T15:00:00"), denver),
            Local::Unique(_)
        ));
        let Local::Skipped { from, to } = read_local(at("2020-03-08T02:30:00"), denver) else {
            panic!("2:30 am is skipped")
        };
        assert_eq!(
            (from.local, from.zone.as_str()),
            (at("2020-03-08T02:00:00"), "MST")
        );
        assert_eq!(
            (to.local, to.zone.as_str()),
            (at("2020-03-08T03:00:00"), "MDT")
        );
        let Local::Repeated { first, second } = read_local(at("2020-11-01T01:30:00"), denver)
        else {
            panic!("1:30 am is repeated")
        };
        assert_eq!((first.zone.as_str(), second.zone.as_str()), ("MDT", "MST"));
        assert_eq!(
            zone_abbreviation(
                at("2020-07-01T12:00:00"),
                &Zone::named("Pacific/Guam").unwrap()
            )
            .as_deref(),
            Some("ChST")
        );
        assert_eq!(
            zone_abbreviation(
                at("2020-07-01T12:00:00"),
                &Zone::named("America/Sao_Paulo").unwrap()
            ),
            None
        );
    }

    #[test]
    fn generic_zone_names_hold_for_standard_and_daylight_time() {
        assert_eq!(generic_zone("MDT"), "MT");
        assert_eq!(generic_zone("AKST"), "AKT");
        assert_eq!(generic_zone("HST"), "HT");
        assert_eq!(generic_zone("MT"), "MT");
        assert!(label_fits("MT", "MST") && label_fits("MDT", "MDT") && !label_fits("MST", "MDT"));
        for label in TIME_ZONES {
            assert!(
                TIME_ZONES.contains(&generic_zone(label).as_str())
                    || *label == "ChST"
                    || *label == "SST"
                    || *label == "AST",
                "{label}"
            );
        }
    }

    #[test]
    fn parses_dates_and_datetimes_as_serialised() {
        assert_eq!(parse_date("2020-04-20"), Some(d(2020, 4, 20)));
        assert_eq!(parse_date("2020-04-17T15:00:00"), Some(d(2020, 4, 17)));
        assert_eq!(
            parse_datetime("2020-04-17T15:00").map(|dt| dt.time()),
            NaiveTime::from_hms_opt(15, 0, 0)
        );
        assert_eq!(parse_date("April 20"), None);
    }
}
