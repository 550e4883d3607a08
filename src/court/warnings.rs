//! Court data that is valid but looks like a typo: `check` (and `build`, `list`) warn about it
//! and go on, exit 0. An e-mail address of the court at another domain than its website's (a
//! helpdesk address copied from another court), and one phone number given under two labels
//! (the notices would print it twice, as two ways to reach the court).

use std::path::Path;

use super::Court;
use super::locate::Positions;
use crate::error::{Error, Location};

/// The warnings about `court`, read from `file` whose text is `text`, in file order.
pub fn of(court: &Court, file: &Path, text: &str) -> Vec<Error> {
    let domains = other_domains(court);
    let phones = repeated_phones(court);
    if domains.is_empty() && phones.is_empty() {
        // Locating a warning reads the file's YAML again: done only for a file that has one.
        return Vec::new();
    }
    let positions = Positions::of(text);
    let at = |field: &str| {
        let (line, column) = positions.find(field);
        Location::new(file, line, column)
    };
    let mut warnings = Vec::new();
    warnings.extend(domains.into_iter().map(|(field, message, help)| {
        Error::data(at(&field), Some(field), message).with_help(help)
    }));
    warnings.extend(phones.into_iter().map(|(field, first, message)| {
        let (line, _) = positions.find(&first);
        Error::data(at(&field), Some(field), message).with_help(format!(
            "the notices list it under both; correct the one that is a typo, or give the \
             number once (`{first}`, line {line})"
        ))
    }));
    warnings.sort_by_key(|warning| match warning {
        Error::Data { location, .. } => (location.line, location.column),
        _ => (0, 0),
    });
    warnings
}

/// The website's host without `www.`: `nmd.uscourts.gov`.
fn site_domain(website: &str) -> Option<String> {
    let rest = website.split_once("://").map_or(website, |(_, rest)| rest);
    let host = rest.split(['/', '?', '#']).next()?;
    let host = host.rsplit_once('@').map_or(host, |(_, host)| host);
    let host = host.split(':').next()?.to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host).to_string();
    (!host.is_empty()).then_some(host)
}

/// Two domains of one organisation: the same, or one inside the other
/// (`ecf.nmd.uscourts.gov` beside `nmd.uscourts.gov`).
fn related(domain: &str, site: &str) -> bool {
    domain == site || domain.ends_with(&format!(".{site}")) || site.ends_with(&format!(".{domain}"))
}

/// (field, message, help) for each of the court's own e-mail addresses at another domain.
fn other_domains(court: &Court) -> Vec<(String, String, String)> {
    let Some(site) = site_domain(&court.website) else {
        return Vec::new();
    };
    let mut addresses: Vec<(String, &str)> = Vec::new();
    if let Some(email) = &court.helpdesk.email {
        addresses.push(("helpdesk.email".into(), email));
    }
    for (i, contact) in court.contacts.iter().enumerate() {
        if let Some(email) = &contact.email {
            addresses.push((format!("contacts[{i}].email"), email));
        }
    }
    if let Some(email) = court
        .outage
        .as_ref()
        .and_then(|outage| outage.emergency_filing.as_ref())
        .and_then(|emergency| emergency.email.as_ref())
    {
        addresses.push(("outage.emergency_filing.email".into(), email));
    }
    addresses
        .into_iter()
        .filter_map(|(field, email)| {
            let domain = email.rsplit_once('@')?.1.to_ascii_lowercase();
            (!related(&domain, &site)).then(|| {
                (
                    field,
                    format!("`{email}` is at `{domain}`, but the court's website is at `{site}`"),
                    format!(
                        "is it another court's address? the court's own would end in `@{site}`"
                    ),
                )
            })
        })
        .collect()
}

/// The ten digits of a phone number, without the country code.
fn ten_digits(number: &str) -> String {
    let digits: String = number.chars().filter(char::is_ascii_digit).collect();
    match digits.strip_prefix('1') {
        Some(ten) if digits.len() == 11 => ten.to_string(),
        _ => digits,
    }
}

/// An office's phone and fax: (field, what it is, number).
fn office_numbers<'a>(
    field: &str,
    what: &str,
    office: &'a super::Office,
) -> Vec<(String, String, &'a str)> {
    let mut found = Vec::new();
    if let Some(phone) = &office.phone {
        found.push((format!("{field}.phone"), what.to_string(), phone.as_str()));
    }
    if let Some(fax) = &office.fax {
        found.push((
            format!("{field}.fax"),
            format!("the fax of {what}"),
            fax.as_str(),
        ));
    }
    found
}

/// (field, field first giving it, message) for each number given again under another label.
/// The emergency-filing number is left out: it says whom to call first, usually the clerk's
/// office, rather than listing a contact.
fn repeated_phones(court: &Court) -> Vec<(String, String, String)> {
    let mut numbers: Vec<(String, String, &str)> = Vec::new();
    numbers.extend(office_numbers(
        "courthouse",
        "the clerk's office",
        &court.courthouse,
    ));
    for (i, division) in court.divisional_offices.iter().enumerate() {
        let what = division.name.as_deref().map_or_else(
            || format!("divisional office {}", i + 1),
            |name| format!("the office `{name}`"),
        );
        numbers.extend(office_numbers(
            &format!("divisional_offices[{i}]"),
            &what,
            division,
        ));
    }
    if let Some(phone) = &court.helpdesk.phone {
        numbers.push(("helpdesk.phone".into(), "the CM/ECF helpdesk".into(), phone));
    }
    for (i, contact) in court.contacts.iter().enumerate() {
        if let Some(phone) = &contact.phone {
            let what = format!("the contact `{}`", contact.label);
            numbers.push((format!("contacts[{i}].phone"), what, phone));
        }
    }
    let mut out = Vec::new();
    for (later, (field, what, number)) in numbers.iter().enumerate() {
        let first = numbers[..later]
            .iter()
            .find(|(_, _, earlier)| ten_digits(earlier) == ten_digits(number));
        if let Some((first_field, first_what, _)) = first {
            out.push((
                field.clone(),
                first_field.clone(),
                format!("`{number}` is given for {what} and also for {first_what}"),
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domains_of_one_organisation_are_related() {
        let site = site_domain("https://www.nmd.uscourts.gov/nextgen").unwrap();
        assert_eq!(site, "nmd.uscourts.gov");
        assert!(related("nmd.uscourts.gov", &site));
        assert!(related("ecf.nmd.uscourts.gov", &site));
        assert!(related("uscourts.gov", "ecf.nmd.uscourts.gov"));
        assert!(!related("casd.uscourts.gov", &site));
        assert!(!related("gmail.com", &site));
        assert!(!related("xnmd.uscourts.gov", &site));
        assert_eq!(
            site_domain("http://Court.Example.GOV:8080").unwrap(),
            "court.example.gov"
        );
    }

    #[test]
    fn a_number_is_the_same_however_typed() {
        assert_eq!(ten_digits("+1 616 456 2206"), ten_digits("(616) 456-2206"));
        assert_eq!(ten_digits("616.456.2206"), "6164562206");
        assert_ne!(ten_digits("1-888-318-2260"), ten_digits("888-318-2261"));
    }
}
