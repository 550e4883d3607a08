//! Escaping data for the Markdown the templates write. Values merged into a `.md` template are
//! text, never structure: a `*` in a name must not start emphasis, a leading `1.` must not start
//! a list, a newline must not start a block. Web addresses have their own rules (see [`url`]).

use std::borrow::Cow;
use std::io::{self, Write};

/// Characters CommonMark may read as structure anywhere in a line; each gets a backslash.
const INLINE: &[char] = &[
    '\\', '`', '*', '_', '[', ']', '<', '>', '&', '|', '~', '#', '!',
];

/// Tera's escape function for `.md` templates.
pub fn escape_markdown(input: &str, out: &mut dyn Write) -> io::Result<()> {
    out.write_all(markdown(input).as_bytes())
}

/// `input` as Markdown text that renders as exactly `input` on one line.
pub fn markdown(input: &str) -> String {
    escape(input, false)
}

/// An address as Markdown text that renders as exactly `input`, with no typography: `--`,
/// `...` and quotes stay as typed (`next--gen...info`, not `next–gen…info`) because each
/// such character gets a backslash. The Markdown stage keeps addresses it can recognise
/// (a scheme, `www.`, an `@`); this is for those it cannot, such as a host name alone.
pub fn address(input: &str) -> String {
    escape(input, true)
}

fn escape(input: &str, verbatim: bool) -> String {
    // Line breaks in data would end paragraphs or start blocks: they become spaces.
    // Most values are one line: they are only trimmed, not copied.
    let flat: Cow<str> = if input.contains(['\n', '\r']) {
        Cow::Owned(
            input
                .split(['\n', '\r'])
                .filter(|part| !part.trim().is_empty())
                .map(str::trim)
                .collect::<Vec<_>>()
                .join(" "),
        )
    } else {
        Cow::Borrowed(input.trim())
    };
    let mut out = String::with_capacity(flat.len() + 8);
    // At the start of a value, which may be the start of a line: `-`, `+`, `=` (lists, setext
    // headings) and an ordered-list number `12.` or `12)`.
    let leading_digits = flat.chars().take_while(char::is_ascii_digit).count();
    // Neighbours matter only to typography, which only addresses escape.
    let chars: Vec<char> = if verbatim {
        flat.chars().collect()
    } else {
        Vec::new()
    };
    for (i, c) in flat.chars().enumerate() {
        let list_marker = (i == 0 && matches!(c, '-' | '+' | '='))
            || (i == leading_digits && leading_digits > 0 && matches!(c, '.' | ')'));
        if INLINE.contains(&c) || list_marker || (verbatim && typographic(&chars, i)) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Whether the character at `i` would take part in typographic punctuation: a quote, a
/// hyphen next to another (`--` makes a dash) or a dot in a run of three (an ellipsis).
fn typographic(chars: &[char], i: usize) -> bool {
    let at = |j: usize| chars.get(j).copied();
    let before = |n: usize| i.checked_sub(n).and_then(at);
    match chars[i] {
        '\'' | '"' => true,
        '-' => before(1) == Some('-') || at(i + 1) == Some('-'),
        '.' => {
            // The dots before this one, this one and the dots after it.
            let up_to = (0..=i).rev().take_while(|&j| chars[j] == '.').count();
            let from = (i..chars.len()).take_while(|&j| chars[j] == '.').count();
            up_to + from > 3
        }
        _ => false,
    }
}

/// Why a web address cannot go into a link.
#[derive(Debug, PartialEq, Eq)]
pub struct UnsafeUrl(pub String);

/// A web address made safe for a `<...>` autolink or a `(...)` link target. Backslash escapes
/// do not work inside autolinks, so the few characters that would end one are percent-encoded.
/// Only `http`, `https` and `mailto` addresses are accepted.
pub fn url(input: &str) -> Result<String, UnsafeUrl> {
    let lower = input.trim().to_ascii_lowercase();
    let allowed = ["https://", "http://", "mailto:"];
    if !allowed.iter().any(|scheme| lower.starts_with(scheme)) {
        return Err(UnsafeUrl(format!(
            "`{input}` is not an http, https or mailto address"
        )));
    }
    let mut out = String::with_capacity(input.len());
    for c in input.trim().chars() {
        match c {
            ' ' => out.push_str("%20"),
            '<' => out.push_str("%3C"),
            '>' => out.push_str("%3E"),
            '(' => out.push_str("%28"),
            ')' => out.push_str("%29"),
            '"' => out.push_str("%22"),
            '\\' => out.push_str("%5C"),
            '`' => out.push_str("%60"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    Ok(out)
}

/// How a web address reads in running text: no scheme, no trailing slash
/// (`https://www.pacer.gov/` → `www.pacer.gov`, `mailto:a@b.gov` → `a@b.gov`).
pub fn url_text(input: &str) -> String {
    let trimmed = input.trim();
    let lower = trimmed.to_ascii_lowercase();
    let rest = ["https://", "http://", "mailto:"]
        .iter()
        .find(|scheme| lower.starts_with(*scheme))
        .map_or(trimmed, |scheme| &trimmed[scheme.len()..]);
    rest.strip_suffix('/').unwrap_or(rest).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_structure_is_escaped() {
        assert_eq!(
            markdown("James M. Carter & Judith N. Keep"),
            r"James M. Carter \& Judith N. Keep"
        );
        assert_eq!(markdown("*bold* _it_ `code`"), r"\*bold\* \_it\_ \`code\`");
        assert_eq!(markdown("[link](x) <b> a|b"), r"\[link\](x) \<b\> a\|b");
        assert_eq!(markdown("reg_firm.html"), r"reg\_firm.html");
    }

    #[test]
    fn leading_block_markers_are_escaped() {
        assert_eq!(markdown("# Court"), r"\# Court");
        assert_eq!(markdown("- Suite 270"), r"\- Suite 270");
        assert_eq!(markdown("1. First"), r"1\. First");
        assert_eq!(markdown("12) Twelfth"), r"12\) Twelfth");
        assert_eq!(markdown("333 Lomas Blvd. N.W."), "333 Lomas Blvd. N.W.");
        assert_eq!(markdown("a - b"), "a - b");
    }

    #[test]
    fn newlines_never_make_blocks() {
        assert_eq!(
            markdown("Mitchell\n\n# Elfers\r\n- x"),
            r"Mitchell \# Elfers - x"
        );
    }

    #[test]
    fn plain_text_is_unchanged() {
        let text = "Court Administrator • Clerk of Court, (505) 348-2000";
        assert_eq!(markdown(text), text);
    }

    #[test]
    fn addresses_escape_what_typography_would_change() {
        assert_eq!(address("www.pacer.gov/a-b.c"), "www.pacer.gov/a-b.c");
        assert_eq!(
            address("next--gen...info/it's"),
            r"next\-\-gen\.\.\.info/it\'s"
        );
        assert_eq!(address("a---b..c"), r"a\-\-\-b..c");
        assert_eq!(address("--x"), r"\-\-x");
        assert_eq!(markdown("next--gen...info"), "next--gen...info");
    }

    #[test]
    fn urls_keep_their_characters_but_not_the_ones_ending_a_link() {
        assert_eq!(
            url("https://www.pacer.gov/reg_firm.html").unwrap(),
            "https://www.pacer.gov/reg_firm.html"
        );
        assert_eq!(
            url("mailto:cmecf@nmd.uscourts.gov").unwrap(),
            "mailto:cmecf@nmd.uscourts.gov"
        );
        assert_eq!(
            url("https://x.gov/a b>(c)").unwrap(),
            "https://x.gov/a%20b%3E%28c%29"
        );
    }

    #[test]
    fn urls_with_other_schemes_are_rejected() {
        assert!(url("javascript:alert(1)").is_err());
        assert!(url("www.pacer.gov").is_err());
        assert!(url("file:///etc/passwd").is_err());
    }

    #[test]
    fn url_text_drops_scheme_and_trailing_slash() {
        assert_eq!(url_text("https://www.pacer.gov/"), "www.pacer.gov");
        assert_eq!(
            url_text("http://www.casd.uscourts.gov/password-reset"),
            "www.casd.uscourts.gov/password-reset"
        );
        assert_eq!(url_text("mailto:a@b.gov"), "a@b.gov");
    }
}
