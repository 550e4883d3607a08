//! A court file read as untrusted bytes: size, NUL and UTF-8 are checked before any YAML parser
//! sees it, then yaml-rust2 builds a tree that keeps every node's position. Aliases are refused
//! and nesting is bounded, so "billion laughs" files and deep nesting end at once, in bounded
//! memory, before serde_yaml expands anything.

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

/// Court files larger than this are refused before parsing (stated in the README).
pub const MAX_BYTES: usize = 1024 * 1024;
/// Deepest nesting of mappings and sequences a court file may use; real files use 4.
pub const MAX_DEPTH: usize = 32;

/// A problem found while reading the file: (1-based line, 1-based column, message, help).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub line: usize,
    pub column: usize,
    pub message: String,
    pub help: Option<String>,
}

impl Problem {
    fn at(mark: Mark, message: impl Into<String>) -> Problem {
        Problem {
            line: mark.line,
            column: mark.column,
            message: message.into(),
            help: None,
        }
    }

    fn with_help(mut self, help: impl Into<String>) -> Problem {
        self.help = Some(help.into());
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

#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    Scalar {
        text: String,
        /// Quoted or block scalars are always strings; plain ones may be numbers or booleans.
        plain: bool,
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
    pub value: Node,
}

impl Node {
    pub fn mark(&self) -> Mark {
        match self {
            Node::Scalar { mark, .. } | Node::Seq { mark, .. } | Node::Map { mark, .. } => *mark,
        }
    }
}

/// Checks the raw bytes: size limit, NUL bytes, UTF-8. Returns the text or the one problem.
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
    std::str::from_utf8(bytes).map_err(|error| {
        let (line, column) = position_of(bytes, error.valid_up_to());
        Problem::at(Mark { line, column }, "the file is not valid UTF-8 text").with_help(
            "save the file as UTF-8; text pasted from e-mail or Word is often Windows-1252",
        )
    })
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

/// Parses `text` into a located tree; a syntax error, an alias or too deep nesting is a problem.
pub fn parse(text: &str) -> Result<Node, Problem> {
    let mut builder = Builder::default();
    let mut parser = Parser::new_from_str(text);
    if let Err(error) = parser.load(&mut builder, false) {
        let mark = Mark::from(*error.marker());
        return Err(Problem::at(mark, format!("YAML syntax: {}", error.info())));
    }
    if let Some(problem) = builder.problem {
        return Err(problem);
    }
    Ok(builder.root.unwrap_or(Node::Map {
        entries: Vec::new(),
        mark: Mark { line: 1, column: 1 },
    }))
}

enum Open {
    Seq(Vec<Node>, Mark),
    Map {
        entries: Vec<Entry>,
        pending_key: Option<(String, Mark)>,
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
                Some((key, key_mark)) => entries.push(Entry {
                    key,
                    key_mark,
                    value: node,
                }),
                None => match node {
                    Node::Scalar { text, mark, .. } => *pending_key = Some((text, mark)),
                    other => {
                        let mark = other.mark();
                        *pending_key = Some(("?".into(), mark));
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
            Event::Scalar(text, style, ..) => self.finish(Node::Scalar {
                text,
                plain: style == TScalarStyle::Plain,
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
        assert!(matches!(&items[1], Node::Scalar { plain: false, .. }));
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
}
