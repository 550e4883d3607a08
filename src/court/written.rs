//! Where in a court file a character is written: the field whose value holds it, and the
//! line and column of the character itself. A character the PDF's fonts cannot draw is
//! reported there, where the clerk typed or pasted it, rather than in the notice.

use super::source::{Source, Spot};
use super::tree::{self, Node};

/// The first field (in the file's order) whose text holds `wanted`: its dotted path
/// (`clerk.name`, `divisional_offices[1].city`) and where the text starts. `None` when no
/// value holds it, or the file does not parse.
pub fn find_text(text: &str, wanted: &str) -> Option<(String, Spot)> {
    let root = tree::parse(text).ok()?;
    let source = Source::new(text);
    walk(&source, &root, String::new(), wanted)
}

fn walk(source: &Source<'_>, node: &Node, path: String, wanted: &str) -> Option<(String, Spot)> {
    match node {
        Node::Scalar { text, style, mark } => {
            let at = text.find(wanted)?;
            let index = text.get(..at)?.chars().count();
            Some((path, source.char_spot(text, *style, *mark, index)))
        }
        Node::Seq { items, .. } => items
            .iter()
            .enumerate()
            .find_map(|(i, item)| walk(source, item, format!("{path}[{i}]"), wanted)),
        Node::Map { entries, .. } => entries.iter().find_map(|entry| {
            let path = if path.is_empty() {
                entry.key.clone()
            } else {
                format!("{path}.{}", entry.key)
            };
            walk(source, &entry.value, path, wanted)
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_character_is_found_in_its_field_at_its_own_column() {
        let text = "name: Court\nclerk:\n  name: \"Wang 王小明\"\noffices:\n  - city: Paris\n  - city: 東京\n";
        let (path, spot) = find_text(text, "王").expect("found");
        assert_eq!(path, "clerk.name");
        assert_eq!((spot.line, spot.column), (3, 15));
        let (path, spot) = find_text(text, "京").expect("found");
        assert_eq!(path, "offices[1].city");
        assert_eq!((spot.line, spot.column), (6, 12));
        assert!(find_text(text, "\u{1f600}").is_none());
    }
}
