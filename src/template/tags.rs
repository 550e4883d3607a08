//! The tags of a Tera template as its text shows them, read without Tera: which templates it
//! includes or extends and which components it calls or defines, with where each name is
//! written, for reports that point into the file and for knowing what a notice needs.

use std::ops::Range;

/// One `{{ … }}` or `{% … %}` of a template: its text between the delimiters and where that
/// starts.
pub struct Tag<'a> {
    pub block: bool,
    pub start: usize,
    pub content: &'a str,
}

/// The tags of a template in order; comments `{# … #}` are skipped, and a delimiter inside a
/// quoted string does not end a tag.
pub fn tags(text: &str) -> Vec<Tag<'_>> {
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(found) = text.get(at..).and_then(|rest| rest.find('{')) {
        let open = at + found;
        let kind = text.get(open + 1..open + 2);
        let close = match kind {
            Some("{") => "}}",
            Some("%") => "%}",
            Some("#") => "#}",
            _ => {
                at = open + 1;
                continue;
            }
        };
        let start = open + 2;
        let Some(end) = closing(text, start, close, kind != Some("#")) else {
            break;
        };
        if kind != Some("#") {
            out.push(Tag {
                block: kind == Some("%"),
                start,
                content: &text[start..end],
            });
        }
        at = end + close.len();
    }
    out
}

/// Where `close` ends the tag whose text starts at `start`, skipping quoted strings.
fn closing(text: &str, start: usize, close: &str, quotes: bool) -> Option<usize> {
    let mut quote: Option<char> = None;
    for (i, c) in text.get(start..)?.char_indices() {
        match quote {
            Some(open) if c == open => quote = None,
            Some(_) => {}
            None if quotes && matches!(c, '"' | '\'' | '`') => quote = Some(c),
            None if text[start + i..].starts_with(close) => return Some(start + i),
            None => {}
        }
    }
    None
}

/// `include "name"` (or `extends`): the name and its byte range in the template's text.
pub fn statement_target(tag: &Tag<'_>, keyword: &str) -> Option<(String, Range<usize>)> {
    let trimmed = tag
        .content
        .trim_start_matches(|c: char| c == '-' || c == '+' || c.is_whitespace());
    let rest = trimmed.strip_prefix(keyword)?;
    if !rest.starts_with(char::is_whitespace) {
        return None;
    }
    let quoted = rest.trim_start();
    let quote = quoted
        .chars()
        .next()
        .filter(|c| matches!(c, '"' | '\'' | '`'))?;
    let name_len = quoted[1..].find(quote)?;
    let name = &quoted[1..1 + name_len];
    let offset = tag.start + (tag.content.len() - quoted.len()) + 1;
    Some((name.to_string(), offset..offset + name.len()))
}

/// The components a tag calls, `<name …/>` or `{% <name …> %}`, with the byte range of each
/// name. A `<` after a value (`a < b`) is a comparison, not a call.
pub fn component_calls(tag: &Tag<'_>) -> Vec<(String, Range<usize>)> {
    let mut out = Vec::new();
    let mut previous: Option<char> = None;
    let mut quote: Option<char> = None;
    for (i, c) in tag.content.char_indices() {
        match quote {
            Some(open) if c == open => quote = None,
            Some(_) => continue,
            None if matches!(c, '"' | '\'' | '`') => quote = Some(c),
            None if c == '<' && previous.is_none_or(|p| "({[,=:~+-*/%|!".contains(p)) => {
                let name = identifier(&tag.content[i + 1..]);
                if !name.is_empty() {
                    let start = tag.start + i + 1;
                    out.push((name.to_string(), start..start + name.len()));
                }
            }
            None => {}
        }
        if !c.is_whitespace() {
            previous = Some(c);
        }
    }
    out
}

/// The identifier `text` starts with (letters, digits, `_`; not starting with a digit).
pub fn identifier(text: &str) -> &str {
    let end = text
        .char_indices()
        .find(|&(i, c)| !(c == '_' || c.is_ascii_alphabetic() || (i > 0 && c.is_ascii_digit())))
        .map_or(text.len(), |(i, _)| i);
    &text[..end]
}

/// The component a `{% component name(…) %}` tag defines.
pub fn component_definition<'a>(tag: &Tag<'a>) -> Option<&'a str> {
    if !tag.block {
        return None;
    }
    let content = tag
        .content
        .trim_matches(|c: char| c == '-' || c == '+' || c.is_whitespace());
    let rest = content.strip_prefix("component")?;
    let name = identifier(rest.trim_start());
    (!name.is_empty() && rest.starts_with(char::is_whitespace)).then_some(name)
}

/// Template name → text, from pairs: templates as the tests of the tag readers give them.
#[cfg(test)]
pub fn texts(files: &[(&str, &str)]) -> super::SourceTexts {
    files
        .iter()
        .map(|(name, text)| (name.to_string(), text.to_string().into()))
        .collect()
}
