//! A court file read as untrusted bytes: size, NUL, UTF-8 and unprintable characters are
//! checked before any YAML parser sees it, then yaml-rust2 builds a tree that keeps every node's
//! position. Aliases are refused and nesting is bounded, so "billion laughs" files and deep
//! nesting end at once, in bounded memory. The tree is the only reading of the file: the typed
//! court is deserialised from it ([`to_value`]), so what is checked is what is used.

use serde_json::Value;
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

use super::source::Source;
use crate::chars;

/// Court files larger than this are refused before parsing (stated in the README).
pub const MAX_BYTES: usize = 1024 * 1024;
/// Deepest nesting of mappings and sequences a court file may use; real files use 4.
pub const MAX_DEPTH: usize = 32;
/// The byte-order mark Notepad and some exports put first; it is not part of the text.
pub const BOM: char = '\u{FEFF}';

/// A problem found while reading the file: 1-based line and column, how many characters it
/// covers when that is not the whole token there, message and help.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub line: usize,
    pub column: usize,
    pub length: Option<usize>,
    pub message: String,
    pub help: Option<String>,
}

impl Problem {
    fn at(mark: Mark, message: impl Into<String>) -> Problem {
        Problem {
            line: mark.line,
            column: mark.column,
            length: None,
            message: message.into(),
            help: None,
        }
    }

    fn with_help(mut self, help: impl Into<String>) -> Problem {
        self.help = Some(help.into());
        self
    }

    fn covering(mut self, length: usize) -> Problem {
        self.length = Some(length);
        self
    }
}

/// 1-based line and column of a node.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mark {
    pub line: usize,
    pub column: usize,
}

impl From<Marker> for Mark {
    fn from(marker: Marker) -> Mark {
        Mark {
            line: marker.line(),
            column: marker.col() + 1,
        }
    }
}

/// How a scalar is written: plain scalars may be null or booleans, the others are always text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Plain,
    SingleQuoted,
    DoubleQuoted,
    /// `|` or `>`.
    Block,
}

impl From<TScalarStyle> for Style {
    fn from(style: TScalarStyle) -> Style {
        match style {
            TScalarStyle::Plain => Style::Plain,
            TScalarStyle::SingleQuoted => Style::SingleQuoted,
            TScalarStyle::DoubleQuoted => Style::DoubleQuoted,
            TScalarStyle::Literal | TScalarStyle::Folded => Style::Block,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    Scalar {
        text: String,
        style: Style,
        mark: Mark,
    },
    Seq {
        items: Vec<Node>,
        mark: Mark,
    },
    Map {
        entries: Vec<Entry>,
        mark: Mark,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub key: String,
    pub key_mark: Mark,
    pub key_style: Style,
    pub value: Node,
}

impl Node {
    pub fn mark(&self) -> Mark {
        match self {
            Node::Scalar { mark, .. } | Node::Seq { mark, .. } | Node::Map { mark, .. } => *mark,
        }
    }

    /// YAML's null: `~`, `null` (any case YAML 1.2 allows) or nothing at all, unquoted.
    pub fn is_null(&self) -> bool {
        matches!(self, Node::Scalar { text, style: Style::Plain, .. }
            if matches!(text.as_str(), "" | "~" | "null" | "Null" | "NULL"))
    }

    /// Nothing at all after the colon (rather than a written `~` or `null`).
    pub fn is_empty_value(&self) -> bool {
        matches!(self, Node::Scalar { text, style: Style::Plain, .. } if text.is_empty())
    }

    /// YAML 1.2's booleans, unquoted (`yes` and `no` are words, as in YAML 1.2).
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Node::Scalar {
                text,
                style: Style::Plain,
                ..
            } => match text.as_str() {
                "true" | "True" | "TRUE" => Some(true),
                "false" | "False" | "FALSE" => Some(false),
                _ => None,
            },
            _ => None,
        }
    }
}

/// The tree as a value serde can deserialise the typed court from: null and booleans as YAML
/// 1.2 reads them, every other scalar as its text (a court file has no numeric fields; a ZIP
/// code `01234` stays `01234`). A field given as null is left out, so it takes its default
/// (a required one was already reported as missing). A repeated key keeps its first value
/// (the repetition was already reported).
pub fn to_value(node: &Node) -> Value {
    match node {
        Node::Scalar { text, .. } => match (node.is_null(), node.as_bool()) {
            (true, _) => Value::Null,
            (_, Some(flag)) => Value::Bool(flag),
            _ => Value::String(text.clone()),
        },
        Node::Seq { items, .. } => Value::Array(items.iter().map(to_value).collect()),
        Node::Map { entries, .. } => {
            let mut object = serde_json::Map::new();
            for entry in entries {
                if !entry.value.is_null() && !object.contains_key(&entry.key) {
                    object.insert(entry.key.clone(), to_value(&entry.value));
                }
            }
            Value::Object(object)
        }
    }
}

/// Checks the raw bytes: size limit, NUL bytes, UTF-8, unprintable characters. Returns the text
/// without a leading byte-order mark, or the one problem.
pub fn text(bytes: &[u8]) -> Result<&str, Problem> {
    let start = Mark { line: 1, column: 1 };
    if bytes.len() > MAX_BYTES {
        return Err(Problem::at(
            start,
            format!("the file is larger than court files may be ({MAX_BYTES} bytes, 1 MiB)"),
        )
        .with_help("a court file holds one court's facts; is this the right file?"));
    }
    if let Some(at) = bytes.iter().position(|&b| b == 0) {
        let (line, column) = position_of(bytes, at);
        return Err(Problem::at(
            Mark { line, column },
            "the file contains a NUL byte; court files are plain text",
        )
        .with_help("save the file as UTF-8 text (not UTF-16, not a word-processor document)"));
    }
    let text = std::str::from_utf8(bytes).map_err(|error| {
        let (line, column) = position_of(bytes, error.valid_up_to());
        Problem::at(Mark { line, column }, "the file is not valid UTF-8 text").with_help(
            "save the file as UTF-8; text pasted from e-mail or Word is often Windows-1252",
        )
    })?;
    let text = text.strip_prefix(BOM).unwrap_or(text);
    if let Some(at) =
        text.find(|c: char| !matches!(c, '\t' | '\n' | '\r') && chars::is_unprintable(c))
    {
        let c = text[at..].chars().next().unwrap_or_default();
        let (line, column) = position_of(text.as_bytes(), at);
        return Err(Problem::at(
            Mark { line, column },
            format!("the file contains {}", chars::explain(c)),
        )
        .with_help(
            "delete it: court files hold printable text only (it may have come with pasted text)",
        )
        .covering(1));
    }
    Ok(text)
}

/// 1-based line and column (in characters) of byte `at`.
fn position_of(bytes: &[u8], at: usize) -> (usize, usize) {
    let before = &bytes[..at];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let column = String::from_utf8_lossy(&bytes[line_start..at])
        .chars()
        .count()
        + 1;
    (line, column)
}

/// Parses `text` into a located tree; a syntax error, an alias, too deep nesting or a second
/// document is a problem.
pub fn parse(text: &str) -> Result<Node, Problem> {
    let mut builder = Builder::default();
    let mut parser = Parser::new_from_str(text);
    if let Err(error) = parser.load(&mut builder, true) {
        let mark = Mark::from(*error.marker());
        // A problem met before the syntax error (an alias, a second document) comes first.
        return Err(builder
            .problem
            .unwrap_or_else(|| syntax_problem(text, mark, error.info())));
    }
    if let Some(problem) = builder.problem {
        return Err(problem);
    }
    Ok(builder.root.unwrap_or(Node::Map {
        entries: Vec::new(),
        mark: Mark { line: 1, column: 1 },
    }))
}

/// A syntax error as a person can act on it. yaml-rust2 refuses tabs where YAML wants spaces
/// (indentation, after a `:`) and reports them where it noticed, not where the tab is, and a
/// tab looks like spaces in the quoted line: the report points at the tab and names it.
fn syntax_problem(text: &str, mark: Mark, info: &str) -> Problem {
    let source = Source::new(text);
    let about_tabs = info.contains("tab") || info.contains("valid YAML whitespace");
    if about_tabs {
        // The tab is on the line the parser stopped at or soon after it.
        let tab = source
            .find_from(mark.line, 1, 10_000, |c| c == '\t')
            .filter(|(line, _, _)| *line <= mark.line + 2);
        if let Some((line, column, _)) = tab {
            let after_colon = column > 1 && source.char_at(line, column - 1) == Some(':');
            let message = if after_colon {
                "a tab (U+0009) follows the `:`; YAML needs a space there"
            } else {
                "a tab (U+0009) where YAML allows only spaces"
            };
            let help = if after_colon {
                "replace the tab with a space (editors show the two alike)"
            } else {
                "indent with spaces, not tabs (editors show the two alike)"
            };
            return Problem::at(Mark { line, column }, message)
                .with_help(help)
                .covering(1);
        }
    }
    Problem::at(mark, format!("YAML syntax: {info}"))
}

enum Open {
    Seq(Vec<Node>, Mark),
    Map {
        entries: Vec<Entry>,
        pending_key: Option<(String, Mark, Style)>,
        mark: Mark,
    },
}

#[derive(Default)]
struct Builder {
    stack: Vec<Open>,
    root: Option<Node>,
    problem: Option<Problem>,
    /// Inside a complex (non-scalar) key: its events are skipped.
    skipping: usize,
    documents: usize,
}

impl Builder {
    fn fail(&mut self, problem: Problem) {
        if self.problem.is_none() {
            self.problem = Some(problem);
        }
    }

    /// Hands a finished node to its parent.
    fn finish(&mut self, node: Node) {
        match self.stack.last_mut() {
            None => self.root = Some(node),
            Some(Open::Seq(items, _)) => items.push(node),
            Some(Open::Map {
                entries,
                pending_key,
                ..
            }) => match pending_key.take() {
                Some((key, key_mark, key_style)) => entries.push(Entry {
                    key,
                    key_mark,
                    key_style,
                    value: node,
                }),
                None => match node {
                    Node::Scalar { text, mark, style } => *pending_key = Some((text, mark, style)),
                    other => {
                        let mark = other.mark();
                        *pending_key = Some(("?".into(), mark, Style::Plain));
                        self.fail(Problem::at(mark, "a field name must be plain text"));
                    }
                },
            },
        }
    }

    fn open(&mut self, open: Open, mark: Mark) {
        if self.stack.len() >= MAX_DEPTH {
            self.fail(
                Problem::at(
                    mark,
                    format!("nesting deeper than {MAX_DEPTH} levels; court files use at most 4"),
                )
                .with_help("check the indentation of this part of the file"),
            );
            self.skipping += 1;
            return;
        }
        self.stack.push(open);
    }
}

impl MarkedEventReceiver for Builder {
    fn on_event(&mut self, event: Event, marker: Marker) {
        if self.problem.is_some() {
            return;
        }
        let mark = Mark::from(marker);
        if self.skipping > 0 {
            match event {
                Event::MappingStart(..) | Event::SequenceStart(..) => self.skipping += 1,
                Event::MappingEnd | Event::SequenceEnd => self.skipping -= 1,
                _ => {}
            }
            return;
        }
        match event {
            Event::Alias(_) => self.fail(
                Problem::at(mark, "aliases (`*name`) are not allowed in court files")
                    .with_help("write the value out in full where it is needed"),
            ),
            Event::DocumentStart => {
                self.documents += 1;
                if self.documents > 1 {
                    self.fail(
                        Problem::at(
                            mark,
                            "a second YAML document starts here; a court file holds one court",
                        )
                        .with_help(
                            "remove this `---` and what follows, or give that court its own file",
                        ),
                    );
                }
            }
            Event::Scalar(text, style, ..) => self.finish(Node::Scalar {
                text,
                style: style.into(),
                mark,
            }),
            Event::SequenceStart(..) => self.open(Open::Seq(Vec::new(), mark), mark),
            Event::MappingStart(..) => self.open(
                Open::Map {
                    entries: Vec::new(),
                    pending_key: None,
                    mark,
                },
                mark,
            ),
            Event::SequenceEnd | Event::MappingEnd => match self.stack.pop() {
                Some(Open::Seq(items, mark)) => self.finish(Node::Seq { items, mark }),
                Some(Open::Map { entries, mark, .. }) => {
                    // yaml-rust2 marks a block mapping at its first `:`; its first key is where
                    // a reader sees it start.
                    let mark = entries.first().map_or(mark, |entry| entry.key_mark);
                    self.finish(Node::Map { entries, mark })
                }
                None => {}
            },
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_positions_of_keys_and_values() {
        let node = parse("a: 1\nb:\n  - x\n  - 'y'\n").unwrap();
        let Node::Map { entries, .. } = node else {
            panic!("a map")
        };
        assert_eq!(entries[0].key, "a");
        assert_eq!(entries[1].key_mark, Mark { line: 2, column: 1 });
        let Node::Seq { items, .. } = &entries[1].value else {
            panic!("a sequence")
        };
        assert_eq!(items[1].mark(), Mark { line: 4, column: 5 });
        assert!(matches!(
            &items[1],
            Node::Scalar {
                style: Style::SingleQuoted,
                ..
            }
        ));
    }

    #[test]
    fn refuses_aliases_deep_nesting_nul_and_bad_utf8() {
        assert!(
            parse("a: &x 1\nb: *x\n")
                .unwrap_err()
                .message
                .contains("aliases")
        );
        let deep = "[".repeat(100) + &"]".repeat(100);
        assert!(parse(&deep).unwrap_err().message.contains("nesting"));
        assert_eq!(text(b"a: 1\nb: \0").unwrap_err().line, 2);
        assert!(text(b"a: caf\xe9").unwrap_err().message.contains("UTF-8"));
        assert!(text(&vec![b'#'; MAX_BYTES + 1]).is_err());
        assert_eq!(text(b"a: 1").unwrap(), "a: 1");
    }

    #[test]
    fn a_byte_order_mark_is_not_part_of_the_text() {
        assert_eq!(text(b"\xef\xbb\xbfname: x\n").unwrap(), "name: x\n");
        // Further on it is a character like any other (and a field name holding it is unknown).
        assert_eq!(text("a: \u{FEFF}\n".as_bytes()).unwrap(), "a: \u{FEFF}\n");
    }

    #[test]
    fn unprintable_characters_are_refused_where_they_are() {
        let problem = text(b"a: 1\nbb: x\x01y\n").unwrap_err();
        assert_eq!(
            (problem.line, problem.column, problem.length),
            (2, 6, Some(1))
        );
        assert_eq!(
            problem.message,
            "the file contains U+0001 START OF HEADING, a control character"
        );
        for raw in ["a: x\u{7F}", "a: x\u{85}", "a: x\u{9B}", "a: \u{FFFF}"] {
            assert!(text(raw.as_bytes()).is_err(), "{raw:?}");
        }
        // Tabs and line breaks are YAML's own; other characters are text.
        assert!(text("a:\r\n  b: \"\tx\u{2028}\u{A0}\"\n".as_bytes()).is_ok());
        // Columns are counted after a byte-order mark, as editors count them.
        let problem = text("\u{FEFF}ab\u{7}".as_bytes()).unwrap_err();
        assert_eq!((problem.line, problem.column), (1, 3));
    }

    #[test]
    fn a_second_document_is_refused_where_it_starts() {
        let problem = parse("a: 1\n---\nb: 2\n").unwrap_err();
        assert_eq!((problem.line, problem.column), (2, 1));
        assert!(
            problem.message.contains("second YAML document"),
            "{problem:?}"
        );
        assert!(parse("---\na: 1\n").is_ok());
    }

    #[test]
    fn tabs_where_yaml_wants_spaces_are_pointed_at() {
        let problem = parse("a: 1\nclosing:\tSincerely\n").unwrap_err();
        assert_eq!(
            (problem.line, problem.column, problem.length),
            (2, 9, Some(1))
        );
        assert!(problem.message.contains("follows the `:`"), "{problem:?}");
        let problem = parse("k:\n  street: 1 Main\n\tcity: x\n").unwrap_err();
        assert_eq!((problem.line, problem.column), (3, 1));
        assert!(problem.message.contains("only spaces"), "{problem:?}");
    }

    #[test]
    fn values_for_serde_read_null_and_booleans_as_yaml_1_2_does() {
        let node = parse("a: ~\nb: true\nc: yes\nd: 01234\ne: 'true'\nf:\ng: [x, null]\n").unwrap();
        assert_eq!(
            to_value(&node),
            serde_json::json!({"b": true, "c": "yes", "d": "01234", "e": "true", "g": ["x", null]})
        );
    }
}
