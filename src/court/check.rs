//! Format checks for the facts a court file states: e-mail addresses, web addresses, phone
//! numbers, ZIP codes. Each returns a message for a person, or `None` when the value is fine.

/// `local@domain.tld`, letters, digits and `._%+-` before the `@`, dotted labels after it.
pub fn email(value: &str) -> Option<String> {
    let bad = || {
        Some(format!(
            "`{value}` is not an e-mail address (expected name@domain.gov)"
        ))
    };
    let Some((local, domain)) = value.split_once('@') else {
        return bad();
    };
    let local_ok = !local.is_empty()
        && local
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._%+-".contains(c));
    if !local_ok || !hostname_ok(domain) {
        return bad();
    }
    None
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
pub fn url(value: &str) -> Option<String> {
    let rest = value
        .strip_prefix("https://")
        .or_else(|| value.strip_prefix("http://"));
    let Some(rest) = rest else {
        return Some(format!(
            "`{value}` is not a web address: write it in full, starting with https:// or http://"
        ));
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    if !hostname_ok(host)
        || value
            .chars()
            .any(|c| c.is_whitespace() || "<>\"`".contains(c))
    {
        return Some(format!("`{value}` is not a web address"));
    }
    None
}

/// A U.S. number: ten digits, optionally after a leading 1, written with `()`, `-`, `.` or spaces.
pub fn phone(value: &str) -> Option<String> {
    let digits: String = value.chars().filter(char::is_ascii_digit).collect();
    let allowed = value
        .chars()
        .all(|c| c.is_ascii_digit() || " ()-.".contains(c));
    let count_ok = digits.len() == 10 || (digits.len() == 11 && digits.starts_with('1'));
    if !allowed || !count_ok {
        return Some(format!(
            "`{value}` is not a phone number (expected e.g. (505) 348-2000 or 1-888-318-2260)"
        ));
    }
    None
}

/// `87102` or `87102-1234`.
pub fn zip(value: &str) -> Option<String> {
    let ok = match value.split_once('-') {
        None => value.len() == 5 && value.chars().all(|c| c.is_ascii_digit()),
        Some((five, four)) => {
            five.len() == 5
                && four.len() == 4
                && five.chars().chain(four.chars()).all(|c| c.is_ascii_digit())
        }
    };
    (!ok).then(|| format!("`{value}` is not a ZIP code (expected 87102 or 87102-1234)"))
}

/// An IANA time-zone name such as `America/Denver`, as the tz database spells it.
pub fn time_zone(value: &str) -> Option<String> {
    if value.parse::<chrono_tz::Tz>().is_ok() {
        return None;
    }
    let hint = match value {
        "ET" | "EST" | "EDT" => " (Eastern: America/New_York)",
        "CT" | "CST" | "CDT" => " (Central: America/Chicago)",
        "MT" | "MST" | "MDT" => " (Mountain: America/Denver; Arizona: America/Phoenix)",
        "PT" | "PST" | "PDT" => " (Pacific: America/Los_Angeles)",
        _ => "",
    };
    Some(format!(
        "unknown time zone `{value}`: give its IANA name, e.g. America/Denver{hint}"
    ))
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
    start: chrono::NaiveDateTime,
    end: chrono::NaiveDateTime,
    go_live: chrono::NaiveDate,
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

/// A notice's date must come before go-live.
pub fn notice_date(date: chrono::NaiveDate, go_live: chrono::NaiveDate) -> Option<String> {
    (date >= go_live).then(|| format!("{date} must come before go-live ({go_live})"))
}

/// The outage's time zone as notices print it: one of [`crate::calendar::TIME_ZONES`].
pub fn outage_time_zone(zone: &str) -> Option<String> {
    let known = crate::calendar::TIME_ZONES;
    (!known.contains(&zone)).then(|| {
        format!(
            "unknown time zone `{zone}` (expected one of {})",
            known.join(", ")
        )
    })
}

/// Free text must say something and fit on its line: no empty values, no line breaks.
pub fn line(value: &str) -> Option<String> {
    if value.trim().is_empty() {
        Some("must not be empty".into())
    } else if value.contains(['\n', '\r']) {
        Some("must be a single line".into())
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails() {
        assert_eq!(email("cmecf@nmd.uscourts.gov"), None);
        assert_eq!(email("ecf-helpdesk@acd.uscourts.gov"), None);
        assert!(email("cmecf.nmd.uscourts.gov").is_some());
        assert!(email("cmecf@nmd").is_some());
        assert!(email("a b@nmd.uscourts.gov").is_some());
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
    }

    #[test]
    fn phones_and_zips() {
        assert_eq!(phone("(505) 348-2000"), None);
        assert_eq!(phone("1-888-318-2260"), None);
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
        let message = time_zone("MT").unwrap();
        assert!(message.contains("America/Denver"), "{message}");
        assert!(time_zone("America/Albuquerque").is_some());
        assert!(time_zone("").is_some());
    }

    #[test]
    fn ids_and_lines() {
        assert_eq!(id("nmd"), None);
        assert_eq!(id("ca-9"), None);
        assert!(id("NMD").is_some());
        assert!(id("n_md").is_some());
        assert!(line("").is_some());
        assert!(line("a\nb").is_some());
    }
}
