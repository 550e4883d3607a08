//! What the text of a recipient field may hold. A field of the postal address or of the
//! e-mail's header (name, prefix, firm, street lines, city, state, ZIP, e-mail, salutation)
//! is one line: a line break in it (Alt+Enter in Excel) would add a line to the address
//! window or split a mail header, so the row is refused and the report names the character.
//! Other columns may hold line breaks (templates print them as spaces). No field may hold a
//! control character or a bidirectional override, which damage or disguise the text. Runs of
//! spaces of any kind (no-break, thin, ideographic, tabs) in a one-line field are one space:
//! pasted text is accepted as it was meant.

use unicode_normalization::UnicodeNormalization;

use crate::chars;

/// Why a field's text is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadChar {
    pub found: char,
    /// The text before it, up to a few words, to find it by.
    pub after: String,
    pub kind: BadKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BadKind {
    LineBreak,
    Control,
    BidiControl,
}

impl BadChar {
    /// "holds a line break (U+000A LINE FEED) after `Maria`".
    pub fn describe(&self) -> String {
        let name = chars::name(self.found);
        let what = match self.kind {
            BadKind::LineBreak => format!("a line break ({name})"),
            BadKind::Control => format!("{name}, a control character,"),
            BadKind::BidiControl => {
                format!("{name}, an invisible character that reorders the text around it,")
            }
        };
        let place = if self.after.is_empty() {
            "at its start".to_string()
        } else {
            format!("after `{}`", self.after)
        };
        format!("holds {what} {place}")
    }
}

/// Characters that end a line: LF, VT, FF, CR, NEL, LINE SEPARATOR, PARAGRAPH SEPARATOR.
pub fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\u{b}' | '\u{c}' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

/// Embeddings, overrides and isolates: they make text display in another order than it is
/// stored, which can disguise a name or an address.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

fn classify(c: char) -> Option<BadKind> {
    if is_line_break(c) {
        Some(BadKind::LineBreak)
    } else if c.is_control() && c != '\t' {
        Some(BadKind::Control)
    } else if is_bidi_control(c) {
        Some(BadKind::BidiControl)
    } else {
        None
    }
}

fn bad_at(text: &str, index: usize, found: char, kind: BadKind) -> BadChar {
    let before = &text[..index];
    let tail: Vec<char> = before.trim_end().chars().rev().take(24).collect();
    let mut after: String = tail.into_iter().rev().collect();
    if after.chars().any(|c| classify(c).is_some()) {
        // Never quote another invisible or breaking character back in the report.
        after = after
            .chars()
            .map(|c| if classify(c).is_some() { ' ' } else { c })
            .collect();
    }
    BadChar {
        found,
        after: after.trim().to_string(),
        kind,
    }
}

/// A one-line field: refused if it holds a line break, control character or bidirectional
/// override; otherwise its spaces folded (every run of white space is one space, none at
/// either end).
pub fn one_line(text: &str) -> Result<String, BadChar> {
    if let Some((i, c, kind)) = text
        .char_indices()
        .find_map(|(i, c)| classify(c).map(|kind| (i, c, kind)))
    {
        return Err(bad_at(text, i, c, kind));
    }
    Ok(fold_spaces(text))
}

/// A free-text field (a column templates may use): line breaks and tabs are kept, control
/// characters and bidirectional overrides are refused.
pub fn free_text(text: &str) -> Result<(), BadChar> {
    match text.char_indices().find_map(|(i, c)| {
        classify(c)
            .filter(|kind| *kind != BadKind::LineBreak)
            .map(|kind| (i, c, kind))
    }) {
        Some((i, c, kind)) => Err(bad_at(text, i, c, kind)),
        None => Ok(()),
    }
}

/// Every run of white space (any Unicode space separator, no-break space, tab) as one
/// space; none at either end.
pub fn fold_spaces(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The form in which two fields count as the same: spaces folded, compatibility forms
/// unified (full-width letters, ligatures), invisible characters dropped, lower case.
/// "Maria  LOPEZ" and "maria lopez" are the same person.
pub fn comparison_key(text: &str) -> String {
    fold_spaces(text)
        .nfkc()
        .filter(|c| !chars::is_default_ignorable(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

/// The first character of `text` that cannot be in an e-mail address as a relay takes it
/// (outside printable ASCII), for a report that names what the eye cannot see.
pub fn first_non_ascii(text: &str) -> Option<char> {
    text.chars().find(|c| !c.is_ascii_graphic())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_break_in_a_one_line_field_is_named_and_placed() {
        let bad = one_line("Maria\nLopez").unwrap_err();
        assert_eq!(bad.kind, BadKind::LineBreak);
        assert_eq!(
            bad.describe(),
            "holds a line break (U+000A LINE FEED) after `Maria`"
        );
        for text in ["a\r\nb", "a\rb", "a\u{2028}b", "a\u{85}b", "a\u{b}b"] {
            assert_eq!(
                one_line(text).unwrap_err().kind,
                BadKind::LineBreak,
                "{text:?}"
            );
        }
        assert_eq!(
            one_line("\rX").unwrap_err().describe(),
            "holds a line break (U+000D CARRIAGE RETURN) at its start"
        );
    }

    #[test]
    fn controls_and_overrides_are_refused_everywhere() {
        let bad = one_line("Ann\u{1b}[31mLee").unwrap_err();
        assert_eq!(
            bad.describe(),
            "holds U+001B ESCAPE, a control character, after `Ann`"
        );
        let bad = free_text("note \u{202e}gnp.exe").unwrap_err();
        assert_eq!(bad.kind, BadKind::BidiControl);
        assert!(
            bad.describe()
                .starts_with("holds U+202E RIGHT-TO-LEFT OVERRIDE"),
            "{}",
            bad.describe()
        );
        assert_eq!(free_text("\0").unwrap_err().found, '\0');
        assert_eq!(one_line("a\u{7f}").unwrap_err().kind, BadKind::Control);
        assert_eq!(one_line("a\u{9b}").unwrap_err().kind, BadKind::Control);
    }

    #[test]
    fn free_text_keeps_line_breaks_and_tabs() {
        assert!(free_text("first line\r\nsecond\tline").is_ok());
    }

    #[test]
    fn odd_spaces_fold_to_one() {
        assert_eq!(
            one_line("\u{a0} Maria\u{2009}\u{2009}\tLopez\u{3000}").unwrap(),
            "Maria Lopez"
        );
        assert_eq!(one_line("").unwrap(), "");
    }

    #[test]
    fn comparison_ignores_spacing_case_width_and_invisibles() {
        let key = comparison_key("Maria Lopez");
        for same in [
            "maria  lopez",
            " MARIA\u{a0}LOPEZ ",
            "Ｍaria Lopez",
            "Mar\u{200b}ia Lopez",
        ] {
            assert_eq!(comparison_key(same), key, "{same:?}");
        }
        assert_ne!(comparison_key("Maria Lopes"), key);
    }

    #[test]
    fn the_first_character_a_relay_refuses_is_found() {
        assert_eq!(first_non_ascii("a@b.c\u{200b}"), Some('\u{200b}'));
        assert_eq!(first_non_ascii("a@b.c"), None);
    }
}
