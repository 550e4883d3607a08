//! The Tera filters notice templates use. Each is a small pure function over strings (dates
//! arrive as chrono serialises them, "2020-04-20" or "2020-04-17T15:00:00"), registered in
//! [`register`] and tested here without Tera.

use std::cell::RefCell;
use std::sync::Arc;

use tera::{Kwargs, State, Tera, TeraResult, Value};

use super::escape;
use crate::calendar::{self, DateStyle};
use crate::lang::Strings;

thread_local! {
    /// The language the notice being merged on this thread is written in: the `date` and
    /// `time` filters print its words. Set by [`speak`] before each merge.
    static WORDS: RefCell<Arc<Strings>> = RefCell::new(Strings::diagnostics());
}

/// Makes the filters on this thread print `words` until the next call.
pub fn speak(words: Arc<Strings>) {
    WORDS.with(|current| *current.borrow_mut() = words);
}

fn words() -> Arc<Strings> {
    WORDS.with(|current| current.borrow().clone())
}

pub fn register(tera: &mut Tera) {
    tera.register_filter("date", |value: &str, kwargs: Kwargs, _: &State| {
        let style = kwargs.get::<&str>("style")?.unwrap_or("long");
        let pad = kwargs.get::<bool>("pad")?.unwrap_or(false);
        date(value, style, pad).map_err(tera::Error::message)
    });
    tera.register_filter("time", |value: &str, kwargs: Kwargs, _: &State| {
        let zone = kwargs.get::<&str>("zone")?;
        time(value, zone).map_err(tera::Error::message)
    });
    tera.register_filter("days_until", |value: &str, kwargs: Kwargs, _: &State| {
        let to = kwargs.must_get::<&str>("to")?;
        days_until(value, to).map_err(tera::Error::message)
    });
    tera.register_filter("instant", |value: &str, kwargs: Kwargs, _: &State| {
        let zone = kwargs.must_get::<&str>("zone")?;
        instant(value, zone).map_err(tera::Error::message)
    });
    tera.register_filter("phone", |value: &str, kwargs: Kwargs, _: &State| {
        // A court's own style (`presentation.phone`, null when it gives none) wins over the
        // template's, so that every number of its notices prints alike.
        let court_style = kwargs
            .get::<Value>("court_style")?
            .and_then(|style| style.as_str().map(str::to_string));
        let style = match court_style {
            Some(style) => style,
            None => kwargs.get::<&str>("style")?.unwrap_or("dashes").to_string(),
        };
        phone(value, &style).map_err(tera::Error::message)
    });
    tera.register_filter(
        "url",
        |value: &str, _: Kwargs, _: &State| -> TeraResult<Value> {
            escape::url(value)
                .map(|url| Value::safe_string(&url))
                .map_err(|error| tera::Error::message(error.0))
        },
    );
    // In Markdown the text is escaped so that typography leaves it as typed (a host name
    // alone, `next--gen.court.gov`, is not recognisable as an address later).
    tera.register_filter(
        "url_text",
        |value: &str, _: Kwargs, state: &State| -> Value {
            let text = escape::url_text(value);
            if state.autoescaping_enabled() {
                Value::safe_string(&escape::address(&text))
            } else {
                Value::from(text)
            }
        },
    );
}

/// `date(style="long"|"weekday"|"ordinal"|"upper"|"iso", pad=false)`.
pub fn date(value: &str, style: &str, pad: bool) -> Result<String, String> {
    let date = calendar::parse_date(value)
        .ok_or_else(|| format!("`{value}` is not a date (YYYY-MM-DD)"))?;
    let style = DateStyle::parse(style).ok_or_else(|| {
        format!(
            "unknown date style `{style}` (expected one of {})",
            DateStyle::NAMES.join(", ")
        )
    })?;
    Ok(calendar::format_date(date, style, pad, &words()))
}

/// `time(zone="MT")`: the time of a date-time, "3:00 pm" or "8:00 am MT".
pub fn time(value: &str, zone: Option<&str>) -> Result<String, String> {
    let time = calendar::parse_datetime(value)
        .map(|dt| dt.time())
        .or_else(|| chrono::NaiveTime::parse_from_str(value, "%H:%M:%S").ok())
        .or_else(|| chrono::NaiveTime::parse_from_str(value, "%H:%M").ok())
        .ok_or_else(|| format!("`{value}` is not a time or date-time"))?;
    Ok(calendar::format_time(time, zone, &words()))
}

/// `days_until(to=date)`: whole days from the value to `to`.
pub fn days_until(value: &str, to: &str) -> Result<i64, String> {
    let parse = |text: &str| {
        calendar::parse_date(text).ok_or_else(|| format!("`{text}` is not a date (YYYY-MM-DD)"))
    };
    Ok(calendar::days_between(parse(value)?, parse(to)?))
}

/// `instant(zone="America/Denver")`: a date or local date-time as an RFC 3339 instant with the
/// zone's offset on that day, "2020-04-20T08:00:00-06:00", for machine-read attributes.
pub fn instant(value: &str, zone: &str) -> Result<String, String> {
    let tz =
        calendar::Zone::named(zone).ok_or_else(|| format!("`{zone}` is not an IANA time zone"))?;
    calendar::instant(value, &tz).ok_or_else(|| format!("`{value}` is not a date or date-time"))
}

/// `phone(style="dashes"|"parens"|"as-written")`: "505-348-2075" or "(505) 348-2075";
/// `as-written` prints the number as the court file gives it. The country code a number may
/// be typed with ("+1 616 456 2206") is dropped, as U.S. notices write numbers, except before
/// a toll-free area code, where the 1 is part of how the number is written and dialled
/// ("1-888-318-2260", in either style).
pub fn phone(value: &str, style: &str) -> Result<String, String> {
    if style == "as-written" {
        return Ok(value.to_string());
    }
    let digits: String = value.chars().filter(char::is_ascii_digit).collect();
    let (prefix, ten) = match digits.len() {
        10 => ("", digits.as_str()),
        11 if digits.starts_with('1') => {
            let ten = digits.get(1..).unwrap_or_default();
            (if toll_free(ten) { "1-" } else { "" }, ten)
        }
        _ => return Err(format!("`{value}` is not a ten-digit phone number")),
    };
    let (area, exchange, line) = (&ten[..3], &ten[3..6], &ten[6..]);
    match (style, prefix) {
        ("dashes", _) | (_, "1-") => Ok(format!("{prefix}{area}-{exchange}-{line}")),
        ("parens", _) => Ok(format!("({area}) {exchange}-{line}")),
        _ => Err(format!(
            "unknown phone style `{style}` (expected dashes or parens)"
        )),
    }
}

/// Toll-free area codes of the North American Numbering Plan: 800, 833, 844, 855, 866, 877,
/// 888.
fn toll_free(ten: &str) -> bool {
    ["800", "833", "844", "855", "866", "877", "888"]
        .iter()
        .any(|code| ten.starts_with(code))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_numbers_print_in_one_style_however_typed() {
        for typed in [
            "616-456-2206",
            "(616) 456-2206",
            "616.456.2206",
            "+1 616 456 2206",
            "1 (616) 456-2206",
        ] {
            assert_eq!(phone(typed, "dashes").unwrap(), "616-456-2206", "{typed}");
            assert_eq!(phone(typed, "parens").unwrap(), "(616) 456-2206", "{typed}");
        }
        assert_eq!(
            phone("+1 888 318 2260", "parens").unwrap(),
            "1-888-318-2260"
        );
        assert_eq!(phone("(800) 676-6856", "dashes").unwrap(), "800-676-6856");
        assert_eq!(phone("616.456.2206", "as-written").unwrap(), "616.456.2206");
        assert!(phone("456-2206", "dashes").is_err());
    }

    #[test]
    fn date_styles() {
        assert_eq!(date("2020-04-20", "long", false).unwrap(), "April 20, 2020");
        assert_eq!(date("2020-03-02", "long", true).unwrap(), "March 02, 2020");
        assert_eq!(
            date("2020-04-20", "weekday", false).unwrap(),
            "Monday, April 20, 2020"
        );
        assert_eq!(date("2020-04-20", "ordinal", false).unwrap(), "April 20th");
        assert_eq!(
            date("2020-04-20", "upper", false).unwrap(),
            "APRIL 20, 2020"
        );
        assert_eq!(
            date("2020-04-17T15:00:00", "long", false).unwrap(),
            "April 17, 2020"
        );
        assert!(date("April 20", "long", false).is_err());
        assert!(
            date("2020-04-20", "fancy", false)
                .unwrap_err()
                .contains("weekday")
        );
    }

    #[test]
    fn times() {
        assert_eq!(time("2020-04-17T15:00:00", None).unwrap(), "3:00 pm");
        assert_eq!(
            time("2020-04-20T08:00:00", Some("MT")).unwrap(),
            "8:00 am MT"
        );
        assert_eq!(time("09:30:00", None).unwrap(), "9:30 am");
        assert!(time("noon", None).is_err());
    }

    #[test]
    fn days() {
        assert_eq!(days_until("2020-03-27", "2020-04-20").unwrap(), 24);
        assert!(days_until("soon", "2020-04-20").is_err());
    }

    #[test]
    fn instants() {
        assert_eq!(
            instant("2020-04-20T08:00:00", "America/Denver").unwrap(),
            "2020-04-20T08:00:00-06:00"
        );
        assert_eq!(
            instant("2020-03-02", "America/Los_Angeles").unwrap(),
            "2020-03-02T00:00:00-08:00"
        );
        assert!(instant("2020-04-20", "MT").unwrap_err().contains("IANA"));
    }

    #[test]
    fn phones() {
        assert_eq!(phone("(505) 348-2075", "dashes").unwrap(), "505-348-2075");
        assert_eq!(phone("505-348-2075", "parens").unwrap(), "(505) 348-2075");
        assert_eq!(phone("1-888-318-2260", "parens").unwrap(), "1-888-318-2260");
        assert!(phone("348-2075", "dashes").is_err());
        assert!(phone("505-348-2075", "dots").is_err());
        assert_eq!(phone("505.348.2075", "as-written").unwrap(), "505.348.2075");
    }

    #[test]
    fn filters_run_inside_tera() {
        let mut tera = Tera::new();
        register(&mut tera);
        let mut context = tera::Context::new();
        context.insert("go_live", &chrono::NaiveDate::from_ymd_opt(2020, 4, 20));
        context.insert("link", "javascript:alert(1)");
        let out = tera
            .render_str(
                "{{ go_live | date(style='weekday') }}; {{ 'https://www.pacer.gov/' | url_text }}",
                &context,
                false,
            )
            .unwrap();
        assert_eq!(out, "Monday, April 20, 2020; www.pacer.gov");
        assert!(
            tera.render_str("{{ link | url }}", &context, false)
                .is_err()
        );
    }

    #[test]
    fn url_text_keeps_typography_off_in_markdown_only() {
        let mut tera = Tera::new();
        register(&mut tera);
        tera.set_escape_fn(escape::escape_markdown);
        let template = "{{ 'https://next--gen.court.gov/a...b/' | url_text }}";
        let context = tera::Context::new();
        let markdown = tera.render_str(template, &context, true).unwrap();
        assert_eq!(markdown, r"next\-\-gen.court.gov/a\.\.\.b");
        let plain = tera.render_str(template, &context, false).unwrap();
        assert_eq!(plain, "next--gen.court.gov/a...b");
    }
}
