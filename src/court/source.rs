//! Where a character of a value stands in the court file. The parser gives where each value
//! starts; a report about one character (an escaped control character, a Cyrillic letter in an
//! address, a trailing space) points at that character itself, so a clerk sees which of two
//! identical-looking strings is wrong and where. Escapes (`"\x07"`), doubled single quotes and
//! line folding mean the value's n-th character is not the source's n-th one: the scalar's
//! source is read again token by token.

use super::tree::{Mark, Style};

/// The file's text with the byte offset of each line's start.
pub struct Source<'a> {
    text: &'a str,
    lines: Vec<usize>,
}

/// A place to point at: 1-based line and column (in characters) and, when it is not the whole
/// value there, how many characters the mistake covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spot {
    pub line: usize,
    pub column: usize,
    pub length: Option<usize>,
}

impl Spot {
    pub fn at(mark: Mark) -> Spot {
        Spot {
            line: mark.line,
            column: mark.column,
            length: None,
        }
    }
}

impl<'a> Source<'a> {
    pub fn new(text: &'a str) -> Source<'a> {
        let lines = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Source { text, lines }
    }

    /// The byte offset of a 1-based line and column.
    fn offset(&self, line: usize, column: usize) -> Option<usize> {
        let start = *self.lines.get(line.checked_sub(1)?)?;
        let rest = self.text.get(start..)?;
        let end = rest.find('\n').unwrap_or(rest.len());
        let line_text = &rest[..end];
        match line_text.char_indices().nth(column.checked_sub(1)?) {
            Some((i, _)) => Some(start + i),
            None => Some(start + end),
        }
    }

    /// The character at a 1-based line and column.
    pub fn char_at(&self, line: usize, column: usize) -> Option<char> {
        self.text.get(self.offset(line, column)?..)?.chars().next()
    }

    /// The source text a spot covers, when it covers a known number of characters.
    pub fn written(&self, spot: Spot) -> Option<&'a str> {
        let start = self.offset(spot.line, spot.column)?;
        let rest = self.text.get(start..)?;
        let end = rest
            .char_indices()
            .nth(spot.length?)
            .map_or(rest.len(), |(i, _)| i);
        Some(&rest[..end])
    }

    /// The first character from `line`:`column` on (up to `limit` characters) that satisfies
    /// `wanted`, with its position.
    pub fn find_from(
        &self,
        line: usize,
        column: usize,
        limit: usize,
        wanted: impl Fn(char) -> bool,
    ) -> Option<(usize, usize, char)> {
        let start = self.offset(line, column)?;
        let (mut line, mut column) = (line, column);
        for c in self.text.get(start..)?.chars().take(limit) {
            if wanted(c) {
                return Some((line, column, c));
            }
            (line, column) = step(line, column, c);
        }
        None
    }

    /// Where the character at char `index` of a scalar's `value` is written, given where the
    /// scalar starts and how it is written; the scalar's start when it cannot be told.
    pub fn char_spot(&self, value: &str, style: Style, mark: Mark, index: usize) -> Spot {
        self.try_char_spot(value, style, mark, index)
            .unwrap_or(Spot::at(mark))
    }

    fn try_char_spot(&self, value: &str, style: Style, mark: Mark, index: usize) -> Option<Spot> {
        let target = value.chars().nth(index)?;
        // The target is the k-th of its kind in the value, so it is the k-th token of the
        // scalar's source that reads as it.
        let wanted = value.chars().take(index).filter(|&c| c == target).count();
        let start = self.offset(mark.line, mark.column)?;
        let mut chars = self.text.get(start..)?.chars().peekable();
        let (mut line, mut column) = (mark.line, mark.column);
        if matches!(style, Style::SingleQuoted | Style::DoubleQuoted) {
            let quote = chars.next()?;
            (line, column) = step(line, column, quote);
        }
        let mut seen = 0;
        while let Some(c) = chars.next() {
            let (token_line, token_column) = (line, column);
            (line, column) = step(line, column, c);
            let mut width = 1;
            let read = match (style, c) {
                (Style::DoubleQuoted, '"') | (Style::SingleQuoted, '\'')
                    if !(style == Style::SingleQuoted && chars.peek() == Some(&'\'')) =>
                {
                    return None;
                }
                (Style::SingleQuoted, '\'') => {
                    chars.next();
                    column += 1;
                    width = 2;
                    Some('\'')
                }
                (Style::DoubleQuoted, '\\') => {
                    let escape = chars.next()?;
                    (line, column) = step(line, column, escape);
                    width = 2;
                    let digits = match escape {
                        'x' => 2,
                        'u' => 4,
                        'U' => 8,
                        _ => 0,
                    };
                    if digits > 0 {
                        let hex: String = (0..digits).filter_map(|_| chars.next()).collect();
                        column += hex.chars().count();
                        width += hex.chars().count();
                        u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32)
                    } else {
                        escaped(escape)
                    }
                }
                // A line break inside a flow scalar folds into a space or vanishes; it is not
                // a character of the value the way it is written.
                (Style::Plain | Style::SingleQuoted | Style::DoubleQuoted, '\n' | '\r') => None,
                (_, c) => Some(c),
            };
            if read == Some(target) {
                if seen == wanted {
                    return Some(Spot {
                        line: token_line,
                        column: token_column,
                        length: Some(width),
                    });
                }
                seen += 1;
            }
        }
        None
    }
}

/// The position after `c`.
fn step(line: usize, column: usize, c: char) -> (usize, usize) {
    if c == '\n' {
        (line + 1, 1)
    } else {
        (line, column + 1)
    }
}

/// What a one-letter escape of a double-quoted YAML string stands for (YAML 1.2, 5.7).
fn escaped(escape: char) -> Option<char> {
    Some(match escape {
        '0' => '\0',
        'a' => '\u{7}',
        'b' => '\u{8}',
        't' | '\t' => '\t',
        'n' => '\n',
        'v' => '\u{B}',
        'f' => '\u{C}',
        'r' => '\r',
        'e' => '\u{1B}',
        ' ' => ' ',
        '"' => '"',
        '/' => '/',
        '\\' => '\\',
        'N' => '\u{85}',
        '_' => '\u{A0}',
        'L' => '\u{2028}',
        'P' => '\u{2029}',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spot(text: &str, value: &str, style: Style, mark: (usize, usize), index: usize) -> Spot {
        let mark = Mark {
            line: mark.0,
            column: mark.1,
        };
        Source::new(text).char_spot(value, style, mark, index)
    }

    #[test]
    fn escapes_are_found_where_they_are_written() {
        let text = "a: 1\nclosing: \"Sincerely\\x07\"\n";
        let at = spot(text, "Sincerely\u{7}", Style::DoubleQuoted, (2, 10), 9);
        assert_eq!((at.line, at.column, at.length), (2, 20, Some(4)));
        let text = "b: \"tab\\there \\u0001\"\n";
        let at = spot(text, "tab\there \u{1}", Style::DoubleQuoted, (1, 4), 9);
        assert_eq!((at.line, at.column, at.length), (1, 15, Some(6)));
        let at = spot(text, "tab\there \u{1}", Style::DoubleQuoted, (1, 4), 3);
        assert_eq!((at.line, at.column, at.length), (1, 8, Some(2)));
    }

    #[test]
    fn plain_and_single_quoted_values_count_their_own_characters() {
        let text = "email: help@ex\u{430}mple.gov\n";
        let at = spot(text, "help@ex\u{430}mple.gov", Style::Plain, (1, 8), 7);
        assert_eq!((at.line, at.column, at.length), (1, 15, Some(1)));
        let text = "x: 'it''s \u{430}'\n";
        let at = spot(text, "it's \u{430}", Style::SingleQuoted, (1, 4), 5);
        assert_eq!((at.line, at.column), (1, 11));
    }

    #[test]
    fn the_second_of_two_equal_characters_is_the_second_one_written() {
        let text = "t: \"a\\tb\\tc\"\n";
        let at = spot(text, "a\tb\tc", Style::DoubleQuoted, (1, 4), 3);
        assert_eq!((at.line, at.column), (1, 9));
    }

    #[test]
    fn unknown_places_fall_back_to_the_start_of_the_value() {
        let at = spot("x: y\n", "zzz", Style::Plain, (1, 4), 1);
        assert_eq!((at.line, at.column, at.length), (1, 4, None));
        assert_eq!(Source::new("a\nbc").char_at(2, 2), Some('c'));
        assert_eq!(
            Source::new("a: 1\n\tb: 2").find_from(1, 4, 100, |c| c == '\t'),
            Some((2, 1, '\t'))
        );
    }
}
