//! IANA time zones, read from the copy of the tz database built into the program (jiff's), so a
//! court's times come out the same on every machine, whatever zone files it has or lacks.
//!
//! jiff keeps that copy as the zone files themselves, read when a zone is first asked for.
//! chrono-tz, used before, compiled every zone's every transition into tables of Rust values
//! whose names are pointers: 30,000 of them for the loader to relocate and a megabyte of pages
//! to copy at every start: 0.8 ms of the 8.8 a single letter took (medians of 40 runs, alternated).

use chrono::{DateTime, Datelike, FixedOffset, LocalResult, NaiveDateTime, Timelike, Utc};
use jiff::tz::{AmbiguousOffset, TimeZone};

/// A time zone the tz database names, such as `America/Denver`.
#[derive(Clone, Debug, PartialEq)]
pub struct Zone {
    tz: TimeZone,
}

/// The offset a zone gives at an instant, and what it calls it then.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ZoneOffset {
    pub utc: FixedOffset,
    /// `MDT`; `None` where the database gives only digits (`-03`).
    pub abbreviation: Option<String>,
    /// Whether daylight time is in force.
    pub daylight: bool,
}

impl Zone {
    /// The zone named exactly `name`; a name that differs from the database's in case is not
    /// one (jiff's lookup ignores case, the tz database does not).
    pub fn named(name: &str) -> Option<Zone> {
        let tz = jiff::tz::db().get(name).ok()?;
        (tz.iana_name() == Some(name)).then_some(Zone { tz })
    }

    pub fn utc() -> Zone {
        Zone { tz: TimeZone::UTC }
    }

    /// The database's name of the zone (`America/Denver`).
    pub fn name(&self) -> &str {
        self.tz.iana_name().unwrap_or("UTC")
    }

    /// Every name the database knows, canonical or not.
    pub fn names() -> Vec<String> {
        jiff::tz::db()
            .available()
            .map(|name| name.as_str().to_string())
            .collect()
    }

    /// What the zone gives at `instant`.
    pub fn offset_at(&self, instant: DateTime<Utc>) -> ZoneOffset {
        let Ok(at) = jiff::Timestamp::from_second(instant.timestamp()) else {
            return self.offset_at(DateTime::<Utc>::UNIX_EPOCH);
        };
        let info = self.tz.to_offset_info(at);
        let abbreviation = info.abbreviation();
        ZoneOffset {
            utc: fixed(info.offset()),
            abbreviation: named(abbreviation).then(|| abbreviation.to_string()),
            daylight: info.dst().is_dst(),
        }
    }

    /// The instants a wall-clock time `local` names in the zone: one, two where clocks fall
    /// back over it (earlier first), none where they spring forward over it. A time outside
    /// the years the database can count (-9999 to 9999) names none.
    pub fn from_local(&self, local: NaiveDateTime) -> LocalResult<DateTime<FixedOffset>> {
        let Some(civil) = civil(local) else {
            return LocalResult::None;
        };
        let at = |offset: jiff::tz::Offset| {
            let offset = fixed(offset);
            local
                .checked_sub_offset(offset)
                .map(|utc| DateTime::<FixedOffset>::from_naive_utc_and_offset(utc, offset))
        };
        match self.tz.to_ambiguous_timestamp(civil).offset() {
            AmbiguousOffset::Unambiguous { offset } => {
                at(offset).map_or(LocalResult::None, LocalResult::Single)
            }
            AmbiguousOffset::Fold { before, after } => match (at(before), at(after)) {
                (Some(first), Some(second)) => LocalResult::Ambiguous(first, second),
                _ => LocalResult::None,
            },
            AmbiguousOffset::Gap { .. } => LocalResult::None,
        }
    }

    /// The instants after `from` and up to `to` at which the zone's offset or abbreviation
    /// changes, with what it gives before and after each. A change of the daylight flag
    /// alone, which the tz database records for some zones, is not one.
    pub fn changes(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Vec<(DateTime<Utc>, ZoneOffset, ZoneOffset)> {
        let Ok(start) = jiff::Timestamp::from_second(from.timestamp()) else {
            return Vec::new();
        };
        let mut before = self.offset_at(from);
        let mut found = Vec::new();
        for transition in self.tz.following(start) {
            let second = transition.timestamp().as_second();
            let Some(at) = DateTime::<Utc>::from_timestamp(second, 0).filter(|at| *at <= to) else {
                break;
            };
            let after = self.offset_at(at);
            if after.utc != before.utc || after.abbreviation != before.abbreviation {
                found.push((at, before, after.clone()));
            }
            before = after;
        }
        found
    }
}

/// Whether the database's abbreviation is a name (`MDT`, `ChST`) rather than digits (`-03`,
/// `+0530`), which it writes where a place has no name in use.
fn named(abbreviation: &str) -> bool {
    !abbreviation.starts_with(['+', '-'])
}

fn fixed(offset: jiff::tz::Offset) -> FixedOffset {
    FixedOffset::east_opt(offset.seconds()).unwrap_or(FixedOffset::east_opt(0).expect("zero"))
}

fn civil(local: NaiveDateTime) -> Option<jiff::civil::DateTime> {
    jiff::civil::DateTime::new(
        i16::try_from(local.year()).ok()?,
        i8::try_from(local.month()).ok()?,
        i8::try_from(local.day()).ok()?,
        i8::try_from(local.hour()).ok()?,
        i8::try_from(local.minute()).ok()?,
        i8::try_from(local.second()).ok()?,
        i32::try_from(local.nanosecond()).ok()?,
    )
    .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S").unwrap()
    }

    #[test]
    fn names_are_the_databases_in_its_own_case() {
        assert_eq!(
            Zone::named("America/Denver").unwrap().name(),
            "America/Denver"
        );
        assert!(Zone::named("america/denver").is_none());
        assert!(Zone::named("Mars/Olympus_Mons").is_none());
        assert!(Zone::names().iter().any(|name| name == "Pacific/Guam"));
    }

    #[test]
    fn a_wall_clock_time_names_one_two_or_no_instants() {
        let denver = Zone::named("America/Denver").unwrap();
        let one = denver
            .from_local(at("2020-04-20T08:00:00"))
            .single()
            .unwrap();
        assert_eq!(one.to_rfc3339(), "2020-04-20T08:00:00-06:00");
        assert_eq!(
            denver.from_local(at("2020-03-08T02:30:00")),
            LocalResult::None
        );
        let LocalResult::Ambiguous(first, second) = denver.from_local(at("2020-11-01T01:30:00"))
        else {
            panic!("the repeated hour reads twice");
        };
        assert_eq!(first.to_rfc3339(), "2020-11-01T01:30:00-06:00");
        assert_eq!(second.to_rfc3339(), "2020-11-01T01:30:00-07:00");
    }

    #[test]
    fn offsets_carry_the_abbreviation_in_force_and_digits_are_none() {
        let denver = Zone::named("America/Denver").unwrap();
        let summer = denver.offset_at(at("2020-07-01T12:00:00").and_utc());
        assert_eq!(summer.abbreviation.as_deref(), Some("MDT"));
        assert!(summer.daylight);
        assert_eq!(summer.utc.local_minus_utc(), -6 * 3600);
        let sao_paulo = Zone::named("America/Sao_Paulo").unwrap();
        assert_eq!(
            sao_paulo
                .offset_at(at("2020-07-01T12:00:00").and_utc())
                .abbreviation,
            None
        );
    }

    #[test]
    fn changes_are_the_years_transitions_and_a_fixed_zone_has_none() {
        let year = |zone: &Zone| {
            zone.changes(
                at("2020-01-01T00:00:00").and_utc(),
                at("2021-01-01T00:00:00").and_utc(),
            )
        };
        let changes = year(&Zone::named("America/Denver").unwrap());
        let when: Vec<String> = changes.iter().map(|(at, _, _)| at.to_rfc3339()).collect();
        assert_eq!(
            when,
            ["2020-03-08T09:00:00+00:00", "2020-11-01T08:00:00+00:00"]
        );
        assert_eq!(changes[0].2.abbreviation.as_deref(), Some("MDT"));
        assert!(year(&Zone::named("America/Phoenix").unwrap()).is_empty());
    }
}
