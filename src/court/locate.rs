//! Where each field of a YAML file starts, so checks made after deserialising (e-mail formats,
//! date order) can point at the line and column a clerk must fix. serde_yaml keeps no positions
//! once a value is built; yaml-rust2's marked event parser does, and this walks its events.

use std::collections::HashMap;

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

/// Field path (`helpdesk.email`, `divisional_offices[0].zip`) → 1-based (line, column) of its value.
#[derive(Debug, Default)]
pub(crate) struct Positions {
    values: HashMap<String, (usize, usize)>,
}

impl Positions {
    /// Parses `text`; a file that does not parse yields no positions (serde_yaml reports why).
    pub fn of(text: &str) -> Positions {
        let mut walker = Walker::default();
        let mut parser = Parser::new_from_str(text);
        let _ = parser.load(&mut walker, false);
        Positions {
            values: walker.values,
        }
    }

    /// Position of `path`, or of its nearest ancestor that is present, or of the file's start.
    pub fn find(&self, path: &str) -> (usize, usize) {
        let mut path = path;
        loop {
            if let Some(position) = self.values.get(path) {
                return *position;
            }
            match path.rfind(['.', '[']) {
                Some(cut) => path = &path[..cut],
                None => return (1, 1),
            }
        }
    }
}

/// [`Positions`] of a text read only when a position is first asked for: reading them is a
/// second parse of the file, which only a mistake to report needs.
pub(crate) struct PositionsWhenAsked<'t> {
    text: &'t str,
    read: std::cell::OnceCell<Positions>,
}

impl<'t> PositionsWhenAsked<'t> {
    pub fn of(text: &'t str) -> PositionsWhenAsked<'t> {
        PositionsWhenAsked {
            text,
            read: std::cell::OnceCell::new(),
        }
    }

    /// [`Positions::find`], parsing the text the first time.
    pub fn find(&self, path: &str) -> (usize, usize) {
        self.read
            .get_or_init(|| Positions::of(self.text))
            .find(path)
    }
}

enum Frame {
    Map { path: String, key: Option<String> },
    Seq { path: String, next: usize },
}

#[derive(Default)]
struct Walker {
    stack: Vec<Frame>,
    values: HashMap<String, (usize, usize)>,
}

impl Walker {
    /// The path of the node starting now, or `None` when the node is a mapping key.
    fn node_path(&mut self, event: &Event) -> Option<String> {
        match self.stack.last_mut() {
            None => Some(String::new()),
            Some(Frame::Seq { path, next }) => {
                let node = format!("{path}[{next}]");
                *next += 1;
                Some(node)
            }
            Some(Frame::Map { path, key }) => match key.take() {
                Some(key) if path.is_empty() => Some(key),
                Some(key) => Some(format!("{path}.{key}")),
                None => {
                    *key = Some(match event {
                        Event::Scalar(text, ..) => text.clone(),
                        _ => String::from("?"),
                    });
                    None
                }
            },
        }
    }
}

impl MarkedEventReceiver for Walker {
    fn on_event(&mut self, event: Event, mark: Marker) {
        match event {
            Event::Scalar(..)
            | Event::Alias(..)
            | Event::MappingStart(..)
            | Event::SequenceStart(..) => {
                let Some(path) = self.node_path(&event) else {
                    // A mapping key: a complex (non-scalar) key would need its own frame; court
                    // files have none, so they are only marked so their values still line up.
                    if matches!(event, Event::MappingStart(..) | Event::SequenceStart(..)) {
                        self.stack.push(Frame::Seq {
                            path: "?".into(),
                            next: 0,
                        });
                    }
                    return;
                };
                self.values
                    .entry(path.clone())
                    .or_insert((mark.line(), mark.col() + 1));
                match event {
                    Event::MappingStart(..) => self.stack.push(Frame::Map { path, key: None }),
                    Event::SequenceStart(..) => self.stack.push(Frame::Seq { path, next: 0 }),
                    _ => {}
                }
            }
            Event::MappingEnd | Event::SequenceEnd => {
                self.stack.pop();
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "\
name: Court
helpdesk:
  email: nobody
offices:
  - city: Albuquerque
    zip: \"8710\"
  - city: Santa Fe
";

    #[test]
    fn finds_nested_fields_and_sequence_items() {
        let positions = Positions::of(TEXT);
        assert_eq!(positions.find("name"), (1, 7));
        assert_eq!(positions.find("helpdesk.email"), (3, 10));
        assert_eq!(positions.find("offices[0].zip"), (6, 10));
        assert_eq!(positions.find("offices[1].city"), (7, 11));
    }

    #[test]
    fn falls_back_to_the_nearest_present_ancestor() {
        let positions = Positions::of(TEXT);
        assert_eq!(positions.find("helpdesk.phone"), positions.find("helpdesk"));
        assert_eq!(positions.find("missing"), (1, 1));
    }
}
