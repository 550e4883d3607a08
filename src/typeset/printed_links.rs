//! On paper a link cannot be followed, so its address is printed after its words: "the
//! court's CM/ECF login page (https://ecf.nmd.uscourts.gov/cgi-bin/login.pl)". A link whose
//! words already are its address ("www.pacer.gov/nextgen", an e-mail address) prints once.
//!
//! The address is printed as a reader types it: an e-mail address without `mailto:`, a web
//! address starting `www.` without its scheme (browsers add it), any other with its scheme,
//! so that it is never taken for a word (and never hyphenated as one).

/// The address to print after a link's `words`, or `None` when the words already show it or
/// the target is no address a reader could type (a jump within the document).
pub fn address_to_print(target: &str, words: &str) -> Option<String> {
    let printed = printed_form(target)?;
    if shows(words, target) {
        None
    } else {
        Some(printed)
    }
}

/// How `target` is printed; `None` for targets that are not web or e-mail addresses.
fn printed_form(target: &str) -> Option<String> {
    let target = target.trim();
    let lower = target.to_ascii_lowercase();
    if lower.starts_with("mailto:") {
        let address = target.get("mailto:".len()..)?;
        // `?subject=…` is for the mail program, not for the reader.
        let address = address.split('?').next().unwrap_or(address);
        return (!address.is_empty()).then(|| address.to_string());
    }
    let rest = ["https://", "http://"]
        .iter()
        .find_map(|scheme| {
            lower
                .starts_with(scheme)
                .then(|| target.get(scheme.len()..))
        })
        .flatten()?;
    // A bare host ends in no slash on paper: `www.pacer.gov`, not `www.pacer.gov/`.
    let bare_host = rest.strip_suffix('/').filter(|host| !host.contains('/'));
    let shown = bare_host.unwrap_or(rest);
    if shown.is_empty() {
        return None;
    }
    Some(if shown.to_ascii_lowercase().starts_with("www.") {
        shown.to_string()
    } else if bare_host.is_some() {
        target.strip_suffix('/').unwrap_or(target).to_string()
    } else {
        target.to_string()
    })
}

/// Whether `words` show the address `target`: written in full or as it is printed, with
/// or without its scheme, its `mailto:` or a final slash, in any letter case.
fn shows(words: &str, target: &str) -> bool {
    let address = comparable(target);
    !address.is_empty()
        && words.split_whitespace().any(|word| {
            let word = word
                .trim_start_matches(['(', '[', '<', '"', '\u{201c}'])
                .trim_end_matches(['.', ',', ';', ':', ')', ']', '>', '"', '\u{201d}', '!', '?']);
            comparable(word) == address
        })
}

/// An address without what readers and browsers leave off.
fn comparable(address: &str) -> String {
    let lower = address.trim().to_ascii_lowercase();
    let rest = ["mailto:", "https://", "http://"]
        .iter()
        .find_map(|prefix| lower.strip_prefix(prefix))
        .unwrap_or(&lower);
    rest.trim_end_matches('/').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_that_are_not_the_address_get_it_printed_after_them() {
        assert_eq!(
            address_to_print(
                "https://ecf.nmd.uscourts.gov/cgi-bin/login.pl",
                "CM/ECF login page"
            )
            .as_deref(),
            Some("https://ecf.nmd.uscourts.gov/cgi-bin/login.pl")
        );
        assert_eq!(
            address_to_print("https://www.nmd.uscourts.gov/cmecf-nextgen", "NextGen page")
                .as_deref(),
            Some("www.nmd.uscourts.gov/cmecf-nextgen")
        );
        assert_eq!(
            address_to_print("https://www.pacer.gov/", "PACER").as_deref(),
            Some("www.pacer.gov")
        );
        assert_eq!(
            address_to_print("https://court.gov/", "the court").as_deref(),
            Some("https://court.gov")
        );
        assert_eq!(
            address_to_print("mailto:help@court.gov?subject=NextGen", "the helpdesk").as_deref(),
            Some("help@court.gov")
        );
    }

    #[test]
    fn words_that_show_the_address_print_it_once() {
        for (target, words) in [
            ("https://www.pacer.gov/", "www.pacer.gov"),
            ("https://www.pacer.gov/nextgen", "www.pacer.gov/nextgen"),
            (
                "https://www.pacer.gov/nextgen",
                "https://www.pacer.gov/nextgen",
            ),
            (
                "http://www.casd.uscourts.gov/password-reset",
                "WWW.CASD.USCOURTS.GOV/password-reset",
            ),
            ("mailto:cmecf@nmd.uscourts.gov", "cmecf@nmd.uscourts.gov"),
            (
                "mailto:cmecf@nmd.uscourts.gov",
                "write to cmecf@nmd.uscourts.gov.",
            ),
        ] {
            assert_eq!(address_to_print(target, words), None, "{target} {words}");
        }
        // A part of the address is not the address.
        assert!(address_to_print("https://www.pacer.gov/nextgen", "www.pacer.gov").is_some());
    }

    #[test]
    fn jumps_within_the_document_print_nothing() {
        assert_eq!(address_to_print("#fn-1", "1"), None);
        assert_eq!(
            address_to_print("#countdown=2020-04-20T08:00:00Z", "31 days"),
            None
        );
        assert_eq!(address_to_print("https://", "x"), None);
        assert_eq!(address_to_print("mailto:", "x"), None);
    }
}
