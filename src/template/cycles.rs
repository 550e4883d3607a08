//! Where templates call themselves: an `include` or `extends` that comes back to a template
//! already on the way (Tera finds the circle when loading, but names only the templates), or a
//! component that calls itself, directly or through others, until Tera's depth limit (Tera says
//! only that the limit was reached). Found again here by reading the templates' tags, so that
//! the report points at the file, line and column of the call that closes the circle.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use super::tags::{component_calls, component_definition, statement_target, tags};

/// A call in a template: which template, and the byte range of the called name in its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Call {
    pub template: String,
    pub range: Range<usize>,
}

/// The `include` or `extends` (`keyword`) in template `from` that names template `to`.
pub fn statement(texts: &super::SourceTexts, from: &str, keyword: &str, to: &str) -> Option<Call> {
    let text = texts.get(from)?;
    tags(text).into_iter().find_map(|tag| {
        let (name, range) = statement_target(&tag, keyword)?;
        (name == to).then(|| Call {
            template: from.to_string(),
            range,
        })
    })
}

/// A circle of component calls: the call that closes it, and the components along it (the
/// first repeated at the end).
pub fn component_circle(texts: &super::SourceTexts) -> Option<(Call, Vec<String>)> {
    let graph = graph(texts);
    let starts: Vec<&Node> = graph
        .keys()
        .filter(|node| matches!(node, Node::Component(_)))
        .collect();
    let mut done = BTreeSet::new();
    for start in starts {
        let mut path = vec![(start.clone(), None)];
        if let Some(found) = search(&graph, &mut path, &mut done) {
            return Some(found);
        }
    }
    None
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Node {
    Template(String),
    Component(String),
}

impl Node {
    fn name(&self) -> &str {
        match self {
            Node::Template(name) | Node::Component(name) => name,
        }
    }
}

type Graph = BTreeMap<Node, Vec<(Node, Call)>>;

/// Depth-first search for a way back to a node on `path`; `done` holds nodes from which none
/// leads back.
fn search(
    graph: &Graph,
    path: &mut Vec<(Node, Option<Call>)>,
    done: &mut BTreeSet<Node>,
) -> Option<(Call, Vec<String>)> {
    let (current, _) = path.last()?.clone();
    for (next, call) in graph.get(&current).into_iter().flatten() {
        if let Some(at) = path.iter().position(|(node, _)| node == next) {
            let names = path[at..]
                .iter()
                .map(|(node, _)| node.name().to_string())
                .chain([next.name().to_string()])
                .collect();
            return Some((call.clone(), names));
        }
        if done.contains(next) {
            continue;
        }
        path.push((next.clone(), Some(call.clone())));
        if let Some(found) = search(graph, path, done) {
            return Some(found);
        }
        path.pop();
    }
    done.insert(current);
    None
}

/// Who calls or includes whom: from a component's body, or from a template outside any
/// component definition.
fn graph(texts: &super::SourceTexts) -> Graph {
    let mut graph: Graph = BTreeMap::new();
    for (template, text) in texts {
        let mut inside: Option<String> = None;
        for tag in tags(text) {
            let content = tag
                .content
                .trim_matches(|c: char| c == '-' || c == '+' || c.is_whitespace());
            if let Some(name) = component_definition(&tag) {
                inside = Some(name.to_string());
                graph.entry(Node::Component(name.to_string())).or_default();
                continue;
            }
            if tag.block && content.starts_with("endcomponent") {
                inside = None;
                continue;
            }
            let from = match &inside {
                Some(component) => Node::Component(component.clone()),
                None => Node::Template(template.clone()),
            };
            let mut edges: Vec<(Node, Call)> = component_calls(&tag)
                .into_iter()
                .map(|(name, range)| {
                    let call = Call {
                        template: template.clone(),
                        range,
                    };
                    (Node::Component(name), call)
                })
                .collect();
            if tag.block
                && let Some((name, range)) = statement_target(&tag, "include")
            {
                let call = Call {
                    template: template.clone(),
                    range,
                };
                edges.push((Node::Template(name), call));
            }
            graph.entry(from).or_default().extend(edges);
        }
    }
    graph
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::template::tags::texts;

    fn at<'a>(texts: &'a crate::template::SourceTexts, call: &Call) -> &'a str {
        &texts[&call.template][call.range.clone()]
    }

    #[test]
    fn finds_the_include_that_closes_a_circle() {
        let texts = texts(&[
            ("letter.md", "Hi\n{% include \"partials/a.md\" %}\n"),
            ("partials/a.md", "A {%- include 'partials/b.md' -%}"),
            (
                "partials/b.md",
                "B\n{# {% include \"letter.md\" %} #}\n{% include \"partials/a.md\" %}",
            ),
        ]);
        let call = statement(&texts, "partials/b.md", "include", "partials/a.md").unwrap();
        assert_eq!(at(&texts, &call), "partials/a.md");
        assert_eq!(
            call.range.start,
            texts["partials/b.md"].rfind("partials/a.md").unwrap()
        );
        assert!(statement(&texts, "partials/a.md", "include", "letter.md").is_none());
    }

    #[test]
    fn finds_a_component_that_calls_itself() {
        let texts = texts(&[(
            "letter.md",
            "{% component loop(n: number) %}{{ <loop n={n} /> }}{% endcomponent loop %}\n{{ <loop n={1} /> }}",
        )]);
        let (call, names) = component_circle(&texts).unwrap();
        assert_eq!(names, ["loop", "loop"]);
        assert_eq!(
            call.range.start,
            texts["letter.md"].find("loop n={n}").unwrap()
        );
    }

    #[test]
    fn finds_components_calling_each_other_through_an_include() {
        let texts = texts(&[
            ("letter.md", "{{ <a/> }}"),
            (
                "partials/a.md",
                "{% component a() %}{% if 1 < 2 %}{% include \"partials/b.md\" %}{% endif %}{% endcomponent a %}",
            ),
            (
                "partials/b.md",
                "{% component b() %}{% <a> %}x{% </a> %}{% endcomponent b %}{{ <b/> }}",
            ),
        ]);
        let (call, names) = component_circle(&texts).unwrap();
        assert_eq!(names, ["a", "partials/b.md", "b", "a"]);
        assert_eq!(call.template, "partials/b.md");
        assert_eq!(at(&texts, &call), "a");
    }

    #[test]
    fn comparisons_and_components_that_end_are_not_circles() {
        let texts = texts(&[(
            "letter.md",
            "{% component a() %}{{ x < y }}{{ <b/> }}{% endcomponent a %}{% component b() %}b{% endcomponent b %}{{ \"<a\" }}",
        )]);
        assert_eq!(component_circle(&texts), None);
    }
}
