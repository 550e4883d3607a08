//! What each character of a paragraph means to the line breaker. Text pasted from Word,
//! Outlook or a web page carries every kind of space, invisible joiners and marks; each kind
//! is set as it is meant, and none is refused:
//!
//! - U+0020, tab, CR, LF and every other space separator (Zs: en, em, thin, hair,
//!   ideographic, medium mathematical, Ogham spaces…) are word spaces: a line may break
//!   there, and on the page they are the face's space, stretched with the line. In
//!   justified text a fixed em or thin space would only look like a mistake.
//! - U+00A0 NO-BREAK SPACE is a word space no line breaks at (TeX's tie `~`): it stretches
//!   with the other spaces of its line. Only a run of tied words wider than the whole line
//!   may break at its ties, as a last resort.
//! - U+2007 FIGURE SPACE and U+202F NARROW NO-BREAK SPACE (what Outlook and macOS put in
//!   "3:00 PM") are fixed-width characters inside the word, drawn as themselves: they align
//!   figures and keep a thin gap, which stretching would undo.
//! - U+2028 LINE SEPARATOR and U+2029 PARAGRAPH SEPARATOR, and the older VT, FF and NEL,
//!   end the line, as a Markdown hard break does: that is what they mean (UAX #14 class BK),
//!   and where they come from (an address block pasted from a mail program) the lines were
//!   meant as lines. A paragraph cannot start in the middle of a court's field, so the
//!   paragraph separator breaks the line too.
//! - U+200B ZERO WIDTH SPACE is a place a line may break, drawing nothing.
//! - U+00AD SOFT HYPHEN is a place a line may break with a hyphen, drawing nothing otherwise.
//! - Default-ignorable characters (joiners, bidirectional marks, variation selectors, the
//!   byte-order mark, word joiner, tags) and control characters draw nothing and never
//!   break a line.
//! - Everything else is part of a word; a character the font lacks is drawn as its
//!   fallback (see `shape::displayable`).

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CharClass {
    /// Part of a word.
    Word,
    /// A word space a line may break at.
    Space,
    /// A word space no line breaks at.
    NoBreakSpace,
    /// Ends the line.
    LineBreak,
    /// A line may break here; nothing is drawn.
    ZeroWidthBreak,
    /// A line may break here with a hyphen; nothing is drawn otherwise.
    SoftHyphen,
    /// Drawn as nothing; never a break.
    Invisible,
}

pub fn classify(c: char) -> CharClass {
    match c {
        '\u{a0}' => CharClass::NoBreakSpace,
        // Fixed-width no-break spaces: characters of the word.
        '\u{2007}' | '\u{202f}' => CharClass::Word,
        '\u{b}' | '\u{c}' | '\u{85}' | '\u{2028}' | '\u{2029}' => CharClass::LineBreak,
        '\u{200b}' => CharClass::ZeroWidthBreak,
        '\u{ad}' => CharClass::SoftHyphen,
        // White_Space: tab, CR, LF, U+0020 and the Zs separators not named above.
        c if c.is_whitespace() => CharClass::Space,
        c if c.is_control() || crate::chars::is_default_ignorable(c) => CharClass::Invisible,
        _ => CharClass::Word,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every space separator (general category Zs) of Unicode 16.
    const ZS: [char; 17] = [
        ' ', '\u{a0}', '\u{1680}', '\u{2000}', '\u{2001}', '\u{2002}', '\u{2003}', '\u{2004}',
        '\u{2005}', '\u{2006}', '\u{2007}', '\u{2008}', '\u{2009}', '\u{200a}', '\u{202f}',
        '\u{205f}', '\u{3000}',
    ];

    #[test]
    fn every_space_separator_is_a_space_of_some_kind() {
        for c in ZS {
            let class = classify(c);
            let expected = match c {
                '\u{a0}' => CharClass::NoBreakSpace,
                '\u{2007}' | '\u{202f}' => CharClass::Word,
                _ => CharClass::Space,
            };
            assert_eq!(class, expected, "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn separators_break_lines_and_format_characters_vanish() {
        for c in ['\u{2028}', '\u{2029}', '\u{b}', '\u{c}', '\u{85}'] {
            assert_eq!(classify(c), CharClass::LineBreak, "U+{:04X}", c as u32);
        }
        for c in ['\t', '\n', '\r'] {
            assert_eq!(classify(c), CharClass::Space);
        }
        assert_eq!(classify('\u{200b}'), CharClass::ZeroWidthBreak);
        assert_eq!(classify('\u{ad}'), CharClass::SoftHyphen);
        for c in [
            '\u{200c}',
            '\u{200d}',
            '\u{200e}',
            '\u{200f}',
            '\u{2060}',
            '\u{feff}',
            '\u{fe0f}',
            '\u{202e}',
            '\u{2066}',
            '\u{e0041}',
            '\u{0}',
            '\u{7}',
            '\u{1b}',
            '\u{7f}',
            '\u{9b}',
        ] {
            assert_eq!(classify(c), CharClass::Invisible, "U+{:04X}", c as u32);
        }
        for c in [
            'a',
            'é',
            '\u{301}',
            'א',
            '\u{1f600}',
            '\u{1f3fd}',
            '-',
            '\u{2011}',
        ] {
            assert_eq!(classify(c), CharClass::Word, "U+{:04X}", c as u32);
        }
    }
}
