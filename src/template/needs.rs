//! Which templates a run needs. Building only some kinds (`--kind letter`) compiles only the
//! templates those kinds reach: Tera compiles every template it is given, and the kinds not
//! asked for are half the templates' text and 0.6 ms of a single letter's 8.

use std::collections::{BTreeMap, BTreeSet};

use super::tags::{component_calls, component_definition, statement_target, tags};

/// `seeds` and every template they reach through `include` and `extends` and through the
/// components they call (each component's defining template), by `texts` (template name →
/// text). A name that no text holds is kept, so Tera reports it missing as it would have.
pub fn needed<'a>(
    texts: &super::SourceTexts,
    seeds: impl IntoIterator<Item = &'a str>,
) -> BTreeSet<String> {
    // Where each component is defined, read only once a call to one is met: notices that
    // call none are most.
    let mut homes: Option<BTreeMap<&str, Vec<&str>>> = None;
    let mut found = BTreeSet::new();
    let mut to_read: Vec<String> = seeds.into_iter().map(str::to_string).collect();
    while let Some(name) = to_read.pop() {
        if found.contains(&name) {
            continue;
        }
        if let Some(text) = texts.get(&name) {
            for tag in tags(text) {
                if tag.block {
                    for keyword in ["include", "extends"] {
                        to_read.extend(statement_target(&tag, keyword).map(|(target, _)| target));
                    }
                }
                for (component, _) in component_calls(&tag) {
                    let homes = homes.get_or_insert_with(|| component_homes(texts));
                    let defined = homes.get(component.as_str()).into_iter().flatten();
                    to_read.extend(defined.map(|home| home.to_string()));
                }
            }
        }
        found.insert(name);
    }
    found
}

/// Component name → the templates that define it.
fn component_homes(texts: &super::SourceTexts) -> BTreeMap<&str, Vec<&str>> {
    let mut homes: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (name, text) in texts {
        for tag in tags(text) {
            if let Some(component) = component_definition(&tag) {
                homes.entry(component).or_default().push(name);
            }
        }
    }
    homes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::template::tags::texts;

    #[test]
    fn a_template_needs_what_it_includes_extends_and_calls_and_no_more() {
        let texts = texts(&[
            (
                "letter.md",
                "{% extends \"base.md\" %}{% include 'partials/a.md' %}",
            ),
            ("base.md", "{{ <seal/> }}"),
            (
                "partials/a.md",
                "{#- {% include \"partials/c.md\" %} #}A {% include \"gone.md\" %}",
            ),
            (
                "partials/seal.md",
                "{% component seal() %}S{% endcomponent seal %}",
            ),
            ("partials/c.md", "C"),
            ("press-release.md", "{% include 'partials/c.md' %}"),
        ]);
        let needed: Vec<String> = needed(&texts, ["letter.md"]).into_iter().collect();
        assert_eq!(
            needed,
            [
                "base.md",
                "gone.md",
                "letter.md",
                "partials/a.md",
                "partials/seal.md"
            ]
        );
    }

    #[test]
    fn a_circle_of_includes_ends() {
        let texts = texts(&[
            ("a.md", "{% include 'b.md' %}"),
            ("b.md", "{% include 'a.md' %}"),
        ]);
        assert_eq!(needed(&texts, ["a.md"]).len(), 2);
    }
}
