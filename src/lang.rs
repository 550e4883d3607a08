//! The words the engine prints, per language: month and weekday names, ordinals, times, page
//! labels, index headings, ARIA labels, the calendar's product id. They come from
//! `lang/<code>.yaml` in the templates folder, so the engine holds no human language; a court
//! asks for a language by its code.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::{Arc, OnceLock};

use chrono::{Datelike, NaiveDate, NaiveTime, Timelike};
use serde::Deserialize;

use crate::error::{Error, Location};

/// The folder of strings files in the templates folder: `lang/<code>.yaml`.
pub const FOLDER: &str = "lang";

/// One language's words, as `lang/<code>.yaml` gives them.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Strings {
    /// The code a court asks for (`es`): the file's stem, not read from the file.
    #[serde(skip)]
    pub code: String,
    /// A hash of the file's text: a cheap way to tell whether two builds printed the same
    /// words, without comparing every field.
    #[serde(skip)]
    pub fingerprint: u64,
    /// BCP 47 tag (`es-US`): HTML `lang`, PDF `/Lang`, the feed's `xml:lang`.
    pub tag: String,
    /// The hyphenation patterns' code (`en-us`, `es`).
    pub hyphenation: String,
    pub months: [String; 12],
    /// In ISO week order: the week's first working day first.
    pub weekdays: [String; 7],
    pub weekdays_short: [String; 7],
    pub dates: DatePatterns,
    pub ordinals: Ordinals,
    pub time: TimePattern,
    /// "Page {page} of {pages}".
    pub page: String,
    pub aria: Aria,
    pub index: IndexWords,
    pub calendar: CalendarWords,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DatePatterns {
    pub long: String,
    pub weekday: String,
    pub ordinal: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ordinals {
    #[serde(default)]
    pub days: BTreeMap<u32, String>,
    #[serde(default)]
    pub last_digits: BTreeMap<u32, String>,
    pub other: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TimePattern {
    pub pattern: String,
    pub am: String,
    pub pm: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Aria {
    pub footnote: String,
    pub back_to_reference: String,
    /// The name of the website's menu (`<nav>`); none when left out.
    #[serde(default)]
    pub site_menu: String,
    /// The name of a breadcrumb trail (`<nav>`); none when left out.
    #[serde(default)]
    pub breadcrumb: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndexWords {
    pub date: String,
    pub notice: String,
    pub files: String,
    pub format_of: String,
    pub no_notices: String,
    pub feed: String,
    pub calendar: String,
    pub all_courts: String,
    pub court: String,
    pub go_live: String,
    pub latest: String,
    pub none_built: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CalendarWords {
    pub product: String,
}

/// Fills `{name}` placeholders of `pattern` with `values`; other text stays as it is.
pub fn fill(pattern: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut rest = pattern;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let named = after.find('}').and_then(|close| {
            let name = &after[..close];
            values
                .iter()
                .find(|(key, _)| *key == name)
                .map(|(_, value)| (close, *value))
        });
        match named {
            Some((close, value)) => {
                out.push_str(value);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The `{name}` placeholders of `pattern`.
fn placeholders(pattern: &str) -> Vec<&str> {
    pattern
        .split('{')
        .skip(1)
        .filter_map(|part| part.split_once('}').map(|(name, _)| name))
        .collect()
}

impl Strings {
    /// Reads `lang/<code>.yaml`; each pattern may use only its own placeholders.
    pub fn parse(path: &Path, code: &str, text: &str) -> Result<Strings, Error> {
        let mut strings: Strings = crate::template::parse_yaml(path, text)?;
        strings.code = code.to_string();
        strings.fingerprint = {
            use std::hash::{Hash, Hasher};
            let mut hasher = std::hash::DefaultHasher::new();
            text.hash(&mut hasher);
            hasher.finish()
        };
        let patterns: [(&str, &str, &[&str]); 7] = [
            (
                "dates.long",
                &strings.dates.long,
                &["month", "day", "year", "weekday"],
            ),
            (
                "dates.weekday",
                &strings.dates.weekday,
                &["month", "day", "year", "weekday", "long"],
            ),
            (
                "dates.ordinal",
                &strings.dates.ordinal,
                &["month", "day", "year", "weekday", "ordinal"],
            ),
            (
                "time.pattern",
                &strings.time.pattern,
                &["hour", "minute", "period"],
            ),
            ("page", &strings.page, &["page", "pages"]),
            ("aria.footnote", &strings.aria.footnote, &["number"]),
            (
                "aria.back_to_reference",
                &strings.aria.back_to_reference,
                &["number"],
            ),
        ];
        let mut errors = Vec::new();
        for (field, pattern, known) in patterns.into_iter().chain([(
            "index.format_of",
            strings.index.format_of.as_str(),
            &["format", "title"][..],
        )]) {
            for name in placeholders(pattern) {
                if !known.contains(&name) {
                    let (line, column) = crate::court::locate::Positions::of(text).find(field);
                    errors.push(Error::data(
                        Location::new(path.to_path_buf(), line, column),
                        Some(field.to_string()),
                        format!(
                            "unknown placeholder `{{{name}}}` (this pattern may use {})",
                            known
                                .iter()
                                .map(|k| format!("{{{k}}}"))
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    ));
                }
            }
        }
        if hyphenation::Language::try_from_code(&strings.hyphenation).is_none() {
            let (line, column) = crate::court::locate::Positions::of(text).find("hyphenation");
            errors.push(Error::data(
                Location::new(path.to_path_buf(), line, column),
                Some("hyphenation".to_string()),
                format!(
                    "`{}` is not a hyphenation language code (e.g. en-us, es, fr, de-1996)",
                    strings.hyphenation
                ),
            ));
        }
        Error::collect(errors)?;
        Ok(strings)
    }

    /// The English words compiled into the binary: for the engine's own diagnostics, which
    /// speak English whatever the notices' language.
    pub fn diagnostics() -> Arc<Strings> {
        static ENGLISH: OnceLock<Arc<Strings>> = OnceLock::new();
        ENGLISH
            .get_or_init(|| {
                let text = include_str!("../notice-templates/lang/en.yaml");
                let parsed = Strings::parse(Path::new("notice-templates/lang/en.yaml"), "en", text);
                // The file is part of the binary and a unit test reads it: it parses.
                Arc::new(parsed.unwrap_or_else(|error| panic!("built-in lang/en.yaml: {error}")))
            })
            .clone()
    }

    pub fn month(&self, date: NaiveDate) -> &str {
        &self.months[date.month0() as usize]
    }

    pub fn weekday(&self, date: NaiveDate) -> &str {
        &self.weekdays[date.weekday() as usize]
    }

    pub fn weekday_short(&self, date: NaiveDate) -> &str {
        &self.weekdays_short[date.weekday() as usize]
    }

    /// "1st", "21st", "11th" in English; by the day, else its last digit, else `other`.
    pub fn ordinal(&self, day: u32) -> String {
        let suffix = self
            .ordinals
            .days
            .get(&day)
            .or_else(|| self.ordinals.last_digits.get(&(day % 10)))
            .unwrap_or(&self.ordinals.other);
        format!("{day}{suffix}")
    }

    /// The time of day as the pattern writes it ("3:00 pm"); `zone`, if any, follows it.
    pub fn time(&self, time: NaiveTime, zone: Option<&str>) -> String {
        let (pm, hour) = time.hour12();
        let text = fill(
            &self.time.pattern,
            &[
                ("hour", &hour.to_string()),
                ("minute", &format!("{:02}", time.minute())),
                ("period", if pm { &self.time.pm } else { &self.time.am }),
            ],
        );
        match zone {
            Some(zone) if !zone.is_empty() => format!("{text} {zone}"),
            _ => text,
        }
    }

    /// "Page 2 of 3".
    pub fn page_label(&self, page: usize, pages: usize) -> String {
        fill(
            &self.page,
            &[("page", &page.to_string()), ("pages", &pages.to_string())],
        )
    }

    /// The ARIA label of footnote `number`, and of its back link.
    pub fn footnote_labels(&self, number: usize) -> (String, String) {
        let number = number.to_string();
        (
            fill(&self.aria.footnote, &[("number", &number)]),
            fill(&self.aria.back_to_reference, &[("number", &number)]),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_strings_parse() {
        let en = Strings::diagnostics();
        assert_eq!(en.tag, "en-US");
        assert_eq!(en.page_label(2, 3), "Page 2 of 3");
    }

    fn spanish() -> Strings {
        let text = include_str!("../notice-templates/lang/es.yaml");
        Strings::parse(Path::new("lang/es.yaml"), "es", text).unwrap()
    }

    #[test]
    fn spanish_dates_times_and_labels() {
        use crate::calendar::{DateStyle, format_date};
        let es = spanish();
        let day = |m, d| NaiveDate::from_ymd_opt(2020, m, d).unwrap();
        assert_eq!(
            format_date(day(4, 20), DateStyle::Long, false, &es),
            "20 de abril de 2020"
        );
        assert_eq!(
            format_date(day(4, 20), DateStyle::Weekday, false, &es),
            "lunes, 20 de abril de 2020"
        );
        assert_eq!(
            format_date(day(4, 1), DateStyle::Ordinal, false, &es),
            "1.º de abril"
        );
        assert_eq!(
            format_date(day(4, 21), DateStyle::Ordinal, false, &es),
            "21 de abril"
        );
        assert_eq!(es.weekday_short(day(4, 22)), "mié");
        let time = |h, m| NaiveTime::from_hms_opt(h, m, 0).unwrap();
        assert_eq!(es.time(time(15, 0), None), "3:00 p. m.");
        assert_eq!(es.time(time(8, 0), Some("AST")), "8:00 a. m. AST");
        assert_eq!(es.page_label(2, 3), "Página 2 de 3");
        assert_eq!(es.footnote_labels(1).0, "Nota 1");
        assert_eq!(es.tag, "es-US");
    }

    #[test]
    fn english_ordinals_by_day_then_last_digit() {
        let en = Strings::diagnostics();
        let suffixes: Vec<String> = [1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 31]
            .into_iter()
            .map(|day| en.ordinal(day))
            .collect();
        assert_eq!(
            suffixes,
            [
                "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "23rd", "31st"
            ]
        );
    }

    #[test]
    fn placeholders_fill_and_unknown_braces_stay() {
        assert_eq!(fill("{a} {b} {c", &[("a", "1"), ("b", "2")]), "1 2 {c");
        assert_eq!(fill("{x}", &[]), "{x}");
        assert_eq!(fill("ünï{a}", &[("a", "é")]), "ünïé");
    }

    #[test]
    fn unknown_placeholder_is_reported_with_its_field() {
        let text = include_str!("../notice-templates/lang/en.yaml")
            .replace("Page {page} of {pages}", "Page {page} of {total}");
        let error = Strings::parse(Path::new("lang/xx.yaml"), "xx", &text).unwrap_err();
        let report = error.to_string();
        assert!(report.contains("{total}"), "{report}");
    }

    #[test]
    fn unknown_hyphenation_code_is_reported() {
        let text = include_str!("../notice-templates/lang/en.yaml")
            .replace("hyphenation: en-us", "hyphenation: klingon");
        assert!(Strings::parse(Path::new("lang/xx.yaml"), "xx", &text).is_err());
    }
}
