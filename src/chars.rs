//! Characters a person cannot see or cannot tell apart: a control character escaped in a quoted
//! string, a zero-width space, a Cyrillic `а` in an e-mail domain, a trailing space, a line break
//! typed into a spreadsheet cell. Reports on court files and recipients lists name them as the
//! Unicode standard does ("U+0430 CYRILLIC SMALL LETTER A", from `unicode_names2`; controls by
//! their formal aliases) and say what they look like (the confusable skeleton of UTS #39, from
//! `unicode-security`), because the quoted value in a report looks exactly like what the clerk
//! meant to type. The typesetter and the recipients' comparison share its list of characters
//! that show as nothing.

use unicode_script::{Script, UnicodeScript};

/// `U+0430 CYRILLIC SMALL LETTER A`; a character without a name (a control character, a
/// private-use or unassigned code point) by its code point and kind.
pub fn name(c: char) -> String {
    let code = format!("U+{:04X}", u32::from(c));
    if let Some(alias) = control_alias(c) {
        return format!("{code} {alias}");
    }
    match unicode_names2::name(c) {
        Some(name) => format!("{code} {name}"),
        None if c.is_control() => format!("{code}, a control character"),
        None if is_noncharacter(c) => format!("{code}, a noncharacter"),
        None => format!("{code}, a character without a name"),
    }
}

/// The code point alone, for short mentions: `U+0009`.
pub fn code(c: char) -> String {
    format!("U+{:04X}", u32::from(c))
}

/// Characters no text field may hold: control characters (C0 including tab and line breaks,
/// DEL, C1) and the code points XML 1.0 cannot carry at all (U+FFFE, U+FFFF). Every text
/// field reaches the Atom feed, an XML file, and the calendar, whose text forbids controls.
pub fn is_unprintable(c: char) -> bool {
    c.is_control() || !is_xml_char(c)
}

/// XML 1.0's `Char` production: what a well-formed XML document may contain.
pub fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// U+FDD0..U+FDEF and the last two code points of every plane.
fn is_noncharacter(c: char) -> bool {
    let code = u32::from(c);
    (0xFDD0..=0xFDEF).contains(&code) || code & 0xFFFE == 0xFFFE
}

/// Whether `c` leaves no mark of its own on the page or screen: white space other than the
/// plain space, and format characters (zero-width spaces and joiners, the byte-order mark,
/// direction marks, the soft hyphen), which UTS #39 maps to nothing.
pub fn is_invisible(c: char) -> bool {
    (c.is_whitespace() && c != ' ') || c.is_control() || skeleton(c).is_empty()
}

/// The plain-text character `c` is made to look like, when it is not that character: `a` for
/// U+0430 CYRILLIC SMALL LETTER A, a space for U+00A0 NO-BREAK SPACE, `5` for U+FF15
/// FULLWIDTH DIGIT FIVE. Compatibility forms (full-width, no-break) are read first as
/// Unicode's NFKC form gives them, since UTS #39 would make a full-width `0` an `O`.
pub fn looks_like(c: char) -> Option<String> {
    use unicode_normalization::UnicodeNormalization;
    if c.is_ascii() {
        return None;
    }
    let plain_ascii =
        |text: &str| !text.is_empty() && text.chars().all(|p| p.is_ascii_graphic() || p == ' ');
    let compatible: String = std::iter::once(c).nfkc().collect();
    if plain_ascii(&compatible) {
        return Some(compatible);
    }
    let plain = skeleton(c);
    plain_ascii(&plain).then_some(plain)
}

fn skeleton(c: char) -> String {
    let mut buffer = [0; 4];
    unicode_security::skeleton(c.encode_utf8(&mut buffer)).collect()
}

/// A sentence part naming `c` for a person: "U+0430 CYRILLIC SMALL LETTER A, which looks like
/// `a` but is a Cyrillic letter", "U+200B ZERO WIDTH SPACE, which cannot be seen".
pub fn explain(c: char) -> String {
    let name = name(c);
    if c == ' ' {
        return name;
    }
    if let Some(plain) = looks_like(c) {
        if plain == " " {
            return format!("{name}, which looks like a space");
        }
        let script = c.script();
        let what = if c.is_alphabetic() && !matches!(script, Script::Common | Script::Inherited) {
            format!("a {} letter", script.full_name().replace('_', " "))
        } else {
            "another character".to_string()
        };
        return format!("{name}, which looks like `{plain}` but is {what}");
    }
    if c.is_control() {
        return format!("{name}, a control character");
    }
    if is_invisible(c) {
        return format!("{name}, which cannot be seen");
    }
    name
}

/// Where a value meant to be plain ASCII (a field name, an address, a code, a date) holds a
/// character that does not belong there: (char index, character, where it sits).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Oddity {
    pub index: usize,
    pub c: char,
    pub place: Place,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    Start,
    Inside,
    End,
}

/// The first character of `text` that a plain ASCII value would not have: anything beyond
/// ASCII, an ASCII control, or white space at either end.
pub fn first_oddity(text: &str) -> Option<Oddity> {
    let count = text.chars().count();
    text.chars().enumerate().find_map(|(index, c)| {
        let place = if index == 0 {
            Place::Start
        } else if index + 1 == count {
            Place::End
        } else {
            Place::Inside
        };
        let at_edge = place != Place::Inside && c.is_whitespace();
        (!c.is_ascii() || c.is_ascii_control() || at_edge).then_some(Oddity { index, c, place })
    })
}

/// "it has U+0430 CYRILLIC SMALL LETTER A, which looks like `a` but is a Cyrillic letter";
/// "it ends with U+0020 SPACE".
pub fn clause(oddity: &Oddity) -> String {
    let explained = explain(oddity.c);
    match oddity.place {
        Place::Start if oddity.c.is_whitespace() => format!("it starts with {explained}"),
        Place::End if oddity.c.is_whitespace() => format!("it ends with {explained}"),
        _ => format!("it has {explained}"),
    }
}

/// `text` as the person meant it: white space at the ends and invisible characters removed,
/// look-alikes replaced by the letters they imitate. `None` when nothing would change or a
/// character has no plain equivalent.
pub fn plain_form(text: &str) -> Option<String> {
    let mut plain = String::with_capacity(text.len());
    for c in text.trim().chars() {
        if c.is_ascii() && !c.is_ascii_control() {
            plain.push(c);
        } else if let Some(like) = looks_like(c).filter(|like| like != " ") {
            plain.push_str(&like);
        } else if is_invisible(c) {
            continue;
        } else {
            return None;
        }
    }
    (plain != text).then_some(plain)
}

/// The scripts of the letters in `text` when they are more than one (ignoring digits and
/// punctuation, which all scripts share): ["Latin", "Cyrillic"].
pub fn mixed_scripts(text: &str) -> Option<Vec<String>> {
    let mut scripts: Vec<Script> = Vec::new();
    for c in text.chars() {
        let script = c.script();
        if matches!(script, Script::Common | Script::Inherited | Script::Unknown) {
            continue;
        }
        if !scripts.contains(&script) {
            scripts.push(script);
        }
    }
    (scripts.len() > 1).then(|| {
        scripts
            .iter()
            .map(|script| script.full_name().replace('_', " "))
            .collect()
    })
}

/// "Latin and Cyrillic", "Latin, Greek and Cyrillic".
pub fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// Unicode's Default_Ignorable_Code_Point (DerivedCoreProperties.txt, Unicode 16): characters
/// a renderer shows as nothing when it has no special use for them. U+00AD and U+200B have
/// their own use in the typesetter, which classifies them before it asks.
pub fn is_default_ignorable(c: char) -> bool {
    matches!(
        c,
        '\u{ad}'
            | '\u{34f}'
            | '\u{61c}'
            | '\u{115f}'..='\u{1160}'
            | '\u{17b4}'..='\u{17b5}'
            | '\u{180b}'..='\u{180f}'
            | '\u{200b}'..='\u{200f}'
            | '\u{202a}'..='\u{202e}'
            | '\u{2060}'..='\u{206f}'
            | '\u{3164}'
            | '\u{fe00}'..='\u{fe0f}'
            | '\u{feff}'
            | '\u{ffa0}'
            | '\u{fff0}'..='\u{fff8}'
            | '\u{1bca0}'..='\u{1bca3}'
            | '\u{1d173}'..='\u{1d17a}'
            | '\u{e0000}'..='\u{e0fff}'
    )
}

/// Formal aliases of the C0 controls, DELETE and the C1 controls (Unicode's NameAliases.txt).
fn control_alias(c: char) -> Option<&'static str> {
    const C0: [&str; 32] = [
        "NULL",
        "START OF HEADING",
        "START OF TEXT",
        "END OF TEXT",
        "END OF TRANSMISSION",
        "ENQUIRY",
        "ACKNOWLEDGE",
        "ALERT",
        "BACKSPACE",
        "CHARACTER TABULATION",
        "LINE FEED",
        "LINE TABULATION",
        "FORM FEED",
        "CARRIAGE RETURN",
        "SHIFT OUT",
        "SHIFT IN",
        "DATA LINK ESCAPE",
        "DEVICE CONTROL ONE",
        "DEVICE CONTROL TWO",
        "DEVICE CONTROL THREE",
        "DEVICE CONTROL FOUR",
        "NEGATIVE ACKNOWLEDGE",
        "SYNCHRONOUS IDLE",
        "END OF TRANSMISSION BLOCK",
        "CANCEL",
        "END OF MEDIUM",
        "SUBSTITUTE",
        "ESCAPE",
        "INFORMATION SEPARATOR FOUR",
        "INFORMATION SEPARATOR THREE",
        "INFORMATION SEPARATOR TWO",
        "INFORMATION SEPARATOR ONE",
    ];
    const C1: [&str; 32] = [
        "PADDING CHARACTER",
        "HIGH OCTET PRESET",
        "BREAK PERMITTED HERE",
        "NO BREAK HERE",
        "INDEX",
        "NEXT LINE",
        "START OF SELECTED AREA",
        "END OF SELECTED AREA",
        "CHARACTER TABULATION SET",
        "CHARACTER TABULATION WITH JUSTIFICATION",
        "LINE TABULATION SET",
        "PARTIAL LINE FORWARD",
        "PARTIAL LINE BACKWARD",
        "REVERSE LINE FEED",
        "SINGLE SHIFT TWO",
        "SINGLE SHIFT THREE",
        "DEVICE CONTROL STRING",
        "PRIVATE USE ONE",
        "PRIVATE USE TWO",
        "SET TRANSMIT STATE",
        "CANCEL CHARACTER",
        "MESSAGE WAITING",
        "START OF GUARDED AREA",
        "END OF GUARDED AREA",
        "START OF STRING",
        "SINGLE GRAPHIC CHARACTER INTRODUCER",
        "SINGLE CHARACTER INTRODUCER",
        "CONTROL SEQUENCE INTRODUCER",
        "STRING TERMINATOR",
        "OPERATING SYSTEM COMMAND",
        "PRIVACY MESSAGE",
        "APPLICATION PROGRAM COMMAND",
    ];
    let n = c as usize;
    match n {
        0..=0x1f => C0.get(n).copied(),
        0x7f => Some("DELETE"),
        0x80..=0x9f => C1.get(n - 0x80).copied(),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_come_from_the_unicode_standard() {
        assert_eq!(name('\u{430}'), "U+0430 CYRILLIC SMALL LETTER A");
        assert_eq!(name('\u{200B}'), "U+200B ZERO WIDTH SPACE");
        assert_eq!(name(' '), "U+0020 SPACE");
        assert_eq!(name('\u{7}'), "U+0007 ALERT");
        assert_eq!(name('\n'), "U+000A LINE FEED");
        assert_eq!(name('\u{7f}'), "U+007F DELETE");
        assert_eq!(name('\u{85}'), "U+0085 NEXT LINE");
        assert_eq!(name('\u{a0}'), "U+00A0 NO-BREAK SPACE");
        assert_eq!(name('\u{FFFF}'), "U+FFFF, a noncharacter");
    }

    #[test]
    fn unprintable_means_controls_and_what_xml_cannot_hold() {
        for c in [
            '\0', '\u{7}', '\t', '\n', '\u{1B}', '\u{7F}', '\u{85}', '\u{9F}', '\u{FFFE}',
        ] {
            assert!(is_unprintable(c), "{c:?}");
        }
        for c in [
            'a', ' ', '\u{A0}', '\u{2028}', '\u{200B}', 'é', '😀', '\u{FFFD}',
        ] {
            assert!(!is_unprintable(c), "{c:?}");
        }
        assert!(!is_xml_char('\u{1}') && is_xml_char('\t') && !is_xml_char('\u{FFFF}'));
    }

    #[test]
    fn explanations_say_what_a_character_looks_like() {
        assert_eq!(
            explain('\u{430}'),
            "U+0430 CYRILLIC SMALL LETTER A, which looks like `a` but is a Cyrillic letter"
        );
        assert_eq!(
            explain('\u{A0}'),
            "U+00A0 NO-BREAK SPACE, which looks like a space"
        );
        assert_eq!(
            explain('\u{200B}'),
            "U+200B ZERO WIDTH SPACE, which cannot be seen"
        );
        assert_eq!(explain('é'), "U+00E9 LATIN SMALL LETTER E WITH ACUTE");
    }

    #[test]
    fn oddities_are_non_ascii_controls_and_spaces_at_the_ends() {
        assert_eq!(first_oddity("America/Denver"), None);
        assert_eq!(first_oddity("(505) 555-0100"), None);
        let trailing = first_oddity("America/Denver ").unwrap();
        assert_eq!((trailing.index, trailing.place), (14, Place::End));
        assert_eq!(clause(&trailing), "it ends with U+0020 SPACE");
        let cyrillic = first_oddity("help@ex\u{430}mple.gov").unwrap();
        assert_eq!((cyrillic.index, cyrillic.c), (7, '\u{430}'));
    }

    #[test]
    fn plain_forms_undo_look_alikes_and_invisible_characters() {
        assert_eq!(
            plain_form("help@ex\u{430}mple.gov").as_deref(),
            Some("help@example.gov")
        );
        assert_eq!(
            plain_form("America/Denver ").as_deref(),
            Some("America/Denver")
        );
        assert_eq!(plain_form("n\u{200B}ame").as_deref(), Some("name"));
        assert_eq!(plain_form("name"), None);
        assert_eq!(
            plain_form("（５０５） ５５５-０１００").as_deref(),
            Some("(505) 555-0100")
        );
        assert_eq!(plain_form("名前"), None);
    }

    #[test]
    fn mixed_scripts_are_named() {
        assert_eq!(
            mixed_scripts("ex\u{430}mple.gov"),
            Some(vec!["Latin".to_string(), "Cyrillic".to_string()])
        );
        assert_eq!(mixed_scripts("example.gov"), None);
        assert_eq!(
            mixed_scripts("\u{43F}\u{440}\u{438}\u{43C}\u{435}\u{440}.\u{440}\u{444}"),
            None
        );
        assert_eq!(
            and_list(&["a".into(), "b".into(), "c".into()]),
            "a, b and c"
        );
    }
}
