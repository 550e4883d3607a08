//! Errors as a person reads them, in the Rust compiler's style (annotate-snippets): the message,
//! `--> file:line:column`, the offending source line with a marker under the mistake, and a
//! `help:` line. Plain text when `NO_COLOR` is set or stderr is not a terminal, so snapshot
//! tests see the same bytes every time.

use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};

use crate::error::{Error, Location};

/// Renders every error of `error`, then a count when there are several. Source lines are read
/// from the files the errors name.
pub fn render(error: &Error, color: bool) -> String {
    render_with_sources(error, color, Vec::new())
}

/// Like [`render`], with the text of some files given rather than read from disk.
pub fn render_with_sources(error: &Error, color: bool, given: Vec<(PathBuf, String)>) -> String {
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut sources = Sources {
        texts: given
            .into_iter()
            .map(|(path, text)| {
                let text = displayable(&path, &text);
                (path, Some(text))
            })
            .collect(),
    };
    let leaves = error.leaves();
    let mut out = String::new();
    for leaf in &leaves {
        out.push_str(&render_one(leaf, &renderer, &mut sources, Level::ERROR));
        out.push_str("\n\n");
    }
    if leaves.len() > 1 {
        out.push_str(&format!("{} errors; nothing was written\n", leaves.len()));
    }
    out.trim_end().to_string()
}

/// Renders warnings about data that is valid but looks like a typo (`check` goes on, exit 0):
/// each as an error is, headed `warning:`.
pub fn render_warnings(warnings: &[Error], color: bool) -> String {
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut sources = Sources::default();
    let mut out = String::new();
    for warning in warnings.iter().flat_map(Error::leaves) {
        out.push_str(&render_one(
            warning,
            &renderer,
            &mut sources,
            Level::WARNING,
        ));
        out.push_str("\n\n");
    }
    out.trim_end().to_string()
}

/// Whether to colour reports written to stderr.
pub fn color_wanted() -> bool {
    use std::io::IsTerminal;
    std::env::var_os("NO_COLOR").is_none_or(|value| value.is_empty())
        && std::io::stderr().is_terminal()
}

/// Court files read once per report, however many errors point into them.
#[derive(Default)]
struct Sources {
    texts: HashMap<PathBuf, Option<String>>,
}

impl Sources {
    fn get(&mut self, path: &Path) -> Option<&str> {
        self.texts
            .entry(path.to_path_buf())
            .or_insert_with(|| {
                let bytes = std::fs::read(path).ok()?;
                // Lossy, so the line of a file that is not UTF-8 can still be shown.
                (bytes.len() <= crate::court::tree::MAX_BYTES)
                    .then(|| displayable(path, &String::from_utf8_lossy(&bytes)))
            })
            .as_deref()
    }
}

/// A file's text as reports quote it. A court file (any file but a CSV list, whose rows the
/// mailing code shows itself) loses a leading byte-order mark (columns are counted after it,
/// as editors show them), and its control characters other than tab and line breaks show as
/// their Control Pictures symbols (`␇` for BELL), so that quoting a line never rings the
/// terminal or moves its cursor. One character stands for one, so columns stay right.
fn displayable(path: &Path, text: &str) -> String {
    if path.extension().is_some_and(|ext| ext == "csv") {
        return text.to_string();
    }
    let text = text.strip_prefix(crate::court::tree::BOM).unwrap_or(text);
    text.chars()
        .map(|c| match c {
            '\t' | '\n' | '\r' => c,
            '\0'..='\u{1F}' => char::from_u32(0x2400 + u32::from(c)).unwrap_or('\u{FFFD}'),
            '\u{7F}' => '\u{2421}',
            c if c.is_control() => '\u{FFFD}',
            c => c,
        })
        .collect()
}

fn render_one(
    error: &Error,
    renderer: &Renderer,
    sources: &mut Sources,
    level: Level<'static>,
) -> String {
    match error {
        Error::Data {
            location,
            field,
            message,
            help,
        } => {
            let label = field.as_ref().map(|field| format!("in `{field}`"));
            let source = sources.get(&location.file);
            let title = level.primary_title(message.as_str());
            let path = location.file.display().to_string();
            // A CSV file's line is the row a spreadsheet shows and its column the field's
            // number, as spreadsheets count: the report shows that row alone, numbered so,
            // and marks the field's text.
            let csv = location.file.extension().is_some_and(|ext| ext == "csv");
            let shown = match source {
                Some(text) if csv => {
                    crate::csv_rows::locate(text, location.line, location.column.saturating_sub(1))
                        .map(|cell| (Cow::Owned(cell.text), location.line, cell.span))
                }
                Some(_) if csv => None,
                Some(text) => span_at(text, location).map(|span| (Cow::Borrowed(text), 1, span)),
                None => None,
            };
            let group = match shown {
                Some((text, first_line, span)) => {
                    let mut annotation = AnnotationKind::Primary.span(span);
                    if let Some(label) = &label {
                        annotation = annotation.label(label.as_str());
                    }
                    title.element(
                        Snippet::source(text)
                            .line_start(first_line)
                            .path(path)
                            .fold(true)
                            .annotation(annotation),
                    )
                }
                None => title.element(
                    Origin::path(path)
                        .line(location.line)
                        .char_column(location.column),
                ),
            };
            let group = match (help, source.is_some(), &label) {
                (Some(help), _, _) => group.element(Level::HELP.message(help.as_str())),
                // Without the source line, the field still says where.
                (None, false, Some(label)) => group.element(Level::NOTE.message(label.as_str())),
                _ => group,
            };
            renderer.render(&[group])
        }
        Error::Template {
            file, at: Some(at), ..
        } => {
            let span = if at.range.is_empty() {
                at.range.start..(at.range.start + 1).min(at.source.len())
            } else {
                at.range.clone()
            };
            let group = Level::ERROR.primary_title(at.message.as_str()).element(
                Snippet::source(at.source.as_str())
                    .path(file.display().to_string())
                    .fold(true)
                    .annotation(AnnotationKind::Primary.span(span)),
            );
            let group = match &at.help {
                Some(help) => group.element(Level::HELP.message(help.as_str())),
                None => group,
            };
            renderer.render(&[group])
        }
        Error::Template { file, report, .. } => {
            // Tera's own report already quotes the template; it is kept as a note.
            let report = report.strip_prefix("error: ").unwrap_or(report);
            let (first, rest) = report.split_once('\n').unwrap_or((report, ""));
            let title = format!("template {}: {first}", file.display());
            let mut group = Group::with_title(Level::ERROR.primary_title(title));
            if !rest.trim().is_empty() {
                group = group.element(Level::NOTE.message(rest.trim_end()));
            }
            renderer.render(&[group])
        }
        other => {
            let title = other.to_string();
            renderer.render(&[Group::with_title(Level::ERROR.primary_title(title))])
        }
    }
}

/// The byte range to underline at `location`: the key or value that starts there (up to `: `,
/// ` #` or the end of the line), or one character.
fn span_at(text: &str, location: &Location) -> Option<Range<usize>> {
    let line_start = if location.line <= 1 {
        0
    } else {
        text.match_indices('\n')
            .nth(location.line - 2)
            .map(|(i, _)| i + 1)?
    };
    let line_end = text[line_start..]
        .find('\n')
        .map_or(text.len(), |i| line_start + i);
    let line = &text[line_start..line_end];
    let offset = line
        .char_indices()
        .nth(location.column.saturating_sub(1))
        .map_or(line.len(), |(i, _)| i);
    let rest = &line[offset..];
    let token_len = match rest.chars().next() {
        Some(quote @ ('"' | '\'')) => rest[1..].find(quote).map_or(rest.len(), |i| i + 2),
        Some(_) => {
            let end = [rest.find(": "), rest.find(" #")]
                .into_iter()
                .flatten()
                .min()
                .unwrap_or(rest.len());
            let token = rest[..end].trim_end();
            let token = token.strip_suffix(':').unwrap_or(token);
            token.len()
        }
        None => 0,
    };
    let start = line_start + offset;
    if let Some(length) = location.length {
        // One character or escape inside a value: exactly those characters.
        let width = rest
            .char_indices()
            .nth(usize::try_from(length.get()).unwrap_or(1))
            .map_or(rest.len(), |(i, _)| i);
        if width > 0 {
            return Some(start..start + width);
        }
    }
    if token_len == 0 {
        // An empty line or the end of the file: point at the place itself.
        let end = text[start..]
            .chars()
            .next()
            .map_or(start, |c| start + c.len_utf8());
        return Some(start..end);
    }
    Some(start..start + token_len)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data(file: &Path, line: usize, column: usize) -> Error {
        Error::data(
            Location::new(file, line, column),
            Some("helpdesk.emial"),
            "unknown field `emial`",
        )
        .with_help("did you mean `email`?")
    }

    #[test]
    fn data_errors_quote_the_line_and_mark_the_key() {
        let temp = tempfile::tempdir().unwrap();
        let file = temp.path().join("test.yaml");
        std::fs::write(&file, "helpdesk:\n  emial: x@y.gov # typo\n").unwrap();
        let text = render(&data(&file, 2, 3), false);
        let expected = format!(
            "error: unknown field `emial`\n \
             --> {}:2:3\n  |\n\
             2 |   emial: x@y.gov # typo\n  \
             |   ^^^^^ in `helpdesk.emial`\n  |\n  \
             = help: did you mean `email`?",
            file.display()
        );
        assert_eq!(text, expected);
    }

    #[test]
    fn several_errors_are_counted_and_a_missing_file_still_names_the_place() {
        let many = Error::Many(vec![
            data(Path::new("/nonexistent/a.yaml"), 4, 2),
            Error::Usage("unknown court `zzz`".into()),
        ]);
        let text = render(&many, false);
        assert!(text.contains("--> /nonexistent/a.yaml:4:2"), "{text}");
        assert!(text.contains("error: unknown court `zzz`"), "{text}");
        assert!(text.ends_with("2 errors; nothing was written"), "{text}");
    }

    #[test]
    fn a_csv_row_is_shown_as_the_spreadsheet_row_whatever_its_line_ends() {
        // Row 4 as a spreadsheet numbers it: a blank row 2 and a two-line cell in row 3, CRLF.
        let text = "name,email,zip\r\n\r\n\"Roe,\r\nJane\",a@x.gov,87102\r\nAnn,b@x.gov,8710\r\n";
        let error = Error::data(Location::new("r.csv", 4, 3), Some("zip"), "not a ZIP code");
        let report = render_with_sources(&error, false, vec![("r.csv".into(), text.into())]);
        assert!(report.contains(" --> r.csv:4:13"), "{report}");
        assert!(report.contains("4 | Ann,b@x.gov,8710\n"), "{report}");
        assert!(report.contains("^^^^ in `zip`"), "{report}");
        // The two-line cell is drawn on its row's one line.
        let error = Error::data(Location::new("r.csv", 3, 2), Some("email"), "bad");
        let report = render_with_sources(&error, false, vec![("r.csv".into(), text.into())]);
        assert!(
            report.contains("3 | \"Roe,\u{240d}\u{240a}Jane\",a@x.gov,87102"),
            "{report}"
        );
        assert!(report.contains(" --> r.csv:3:14"), "{report}");
    }

    #[test]
    fn a_csv_error_located_by_field_number_marks_that_field() {
        let text = "name,zip,email\n\"Roe, Jane\",8710,jane@x.gov\n";
        // Column 2: the second field, as a spreadsheet counts.
        let error = Error::data(Location::new("r.csv", 2, 2), Some("zip"), "not a ZIP code");
        let report = render_with_sources(&error, false, vec![("r.csv".into(), text.into())]);
        assert!(report.contains(" --> r.csv:2:13"), "{report}");
        assert!(report.contains("            ^^^^ in `zip`"), "{report}");
    }

    #[test]
    fn quoted_court_lines_show_control_characters_and_no_byte_order_mark() {
        let yaml = Path::new("courts/test.yaml");
        assert_eq!(
            displayable(yaml, "\u{FEFF}a: b\u{7}\tc\u{7F}\u{85}\n"),
            "a: b\u{2407}\tc\u{2421}\u{FFFD}\n"
        );
        // A recipients list is shown by the mailing code, as it is.
        let csv = Path::new("recipients.csv");
        assert_eq!(
            displayable(csv, "\u{FEFF}a,b\u{85}\n"),
            "\u{FEFF}a,b\u{85}\n"
        );
    }

    #[test]
    fn one_character_inside_a_value_is_marked_alone() {
        let text = "email: help@ex\u{430}mple.gov\n";
        let location = Location::new("f", 1, 15).covering(Some(1));
        let span = span_at(text, &location).unwrap();
        assert_eq!(&text[span], "\u{430}");
        let location = Location::new("f", 1, 8).covering(Some(4));
        assert_eq!(&text[span_at(text, &location).unwrap()], "help");
    }

    #[test]
    fn spans_cover_a_key_a_quoted_value_or_one_character() {
        let text = "a: \"x y\" # c\nkey: value\n\n";
        let at = |line, column| span_at(text, &Location::new("f", line, column)).unwrap();
        assert_eq!(&text[at(1, 4)], "\"x y\"");
        assert_eq!(&text[at(2, 1)], "key");
        assert_eq!(&text[at(2, 6)], "value");
        assert_eq!(at(3, 1).len(), 1);
        assert!(span_at(text, &Location::new("f", 9, 1)).is_none());
    }
}
