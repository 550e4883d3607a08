//! The court file's JSON Schema (from the Rust types, via schemars) and a check of a located
//! YAML tree against it. serde stops at a file's first mistake; this walk reports every unknown,
//! missing, duplicate or mistyped field of the file at once, with "did you mean" hints, and runs
//! the format checks (e-mail, phone, web address, ZIP) on every value it can read.

use std::collections::HashMap;
use std::str::FromStr;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use serde_json::Value;

use super::Court;
use super::check;
use super::tree::{Mark, Node};

/// The JSON Schema of a court file, for editors (`noticegen schema`).
pub fn court_schema() -> Value {
    let mut schema = schemars::schema_for!(Court).to_value();
    if let Some(object) = schema.as_object_mut() {
        object.insert(
            "$id".into(),
            Value::String("https://noticegen.invalid/court.schema.json".into()),
        );
    }
    schema
}

/// One mistake found in the tree, with the dotted path of its field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub mark: Mark,
    pub field: Option<String>,
    pub message: String,
    pub help: Option<String>,
}

/// Findings kept per file; the rest are only counted, so a file of a million mistakes costs no
/// more than one of a few hundred.
pub const KEPT: usize = 200;

/// The mistakes of `root` against the court schema (at most [`KEPT`], in file order), and how
/// many there are in all.
pub fn validate(root: &Node) -> (Vec<Finding>, usize) {
    static SCHEMA: std::sync::LazyLock<Value> = std::sync::LazyLock::new(court_schema);
    let schema: &Value = &SCHEMA;
    let mut walk = Walk {
        root: schema,
        findings: Vec::new(),
        total: 0,
    };
    if let Node::Map { entries, mark } = root
        && entries.is_empty()
    {
        let required: Vec<String> = schema["required"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .map(|name| format!("`{name}`"))
            .collect();
        let finding = Finding {
            mark: *mark,
            field: None,
            message: "the court file is empty".into(),
            help: Some(format!(
                "a court file gives at least {}",
                required.join(", ")
            )),
        };
        return (vec![finding], 1);
    }
    walk.node(root, schema, "", None);
    walk.facts(root);
    walk.findings
        .sort_by_key(|finding| (finding.mark.line, finding.mark.column));
    (walk.findings, walk.total)
}

/// The closest of `candidates` to `word`, if it is close enough to be a likely typo.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|candidate| (strsim::jaro_winkler(word, candidate), candidate))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, candidate)| candidate)
}

struct Walk<'s> {
    root: &'s Value,
    findings: Vec<Finding>,
    total: usize,
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

impl<'s> Walk<'s> {
    fn full(&self) -> bool {
        self.findings.len() >= KEPT
    }

    fn push(&mut self, mark: Mark, path: &str, message: String, help: Option<String>) {
        self.total += 1;
        if self.full() {
            return;
        }
        self.findings.push(Finding {
            mark,
            field: (!path.is_empty()).then(|| path.to_string()),
            message,
            help,
        });
    }

    /// Follows `$ref` and unwraps `Option` (`anyOf` with null); returns the schema and whether
    /// null is allowed.
    fn resolve(&self, schema: &'s Value) -> (&'s Value, bool) {
        if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
            let pointer = reference.trim_start_matches('#');
            if let Some(target) = self.root.pointer(pointer) {
                return self.resolve(target);
            }
        }
        if let Some(options) = schema.get("anyOf").and_then(Value::as_array) {
            let null = options
                .iter()
                .any(|option| option.get("type").and_then(Value::as_str) == Some("null"));
            if let Some(other) = options
                .iter()
                .find(|option| option.get("type").and_then(Value::as_str) != Some("null"))
            {
                let (resolved, inner_null) = self.resolve(other);
                return (resolved, null || inner_null);
            }
        }
        let null = match schema.get("type") {
            Some(Value::Array(types)) => types.iter().any(|t| t == "null"),
            _ => false,
        };
        (schema, null)
    }

    fn types(schema: &Value) -> Vec<&str> {
        match schema.get("type") {
            Some(Value::String(t)) => vec![t.as_str()],
            Some(Value::Array(types)) => types.iter().filter_map(Value::as_str).collect(),
            _ => Vec::new(),
        }
    }

    /// Checks `node` against `schema`; `key` is where the field holding it is named, which is
    /// where a missing field inside it is reported.
    fn node(&mut self, node: &Node, schema: &'s Value, path: &str, key: Option<Mark>) {
        let (schema, nullable) = self.resolve(schema);
        let types = Self::types(schema);
        if nullable && is_null(node) {
            return;
        }
        match node {
            Node::Map { entries, mark } => {
                if !types.contains(&"object") {
                    return self.wrong_type(*mark, path, &types, "a group of fields");
                }
                self.map(entries, key.unwrap_or(*mark), schema, path);
            }
            Node::Seq { items, mark } => {
                if !types.contains(&"array") {
                    return self.wrong_type(*mark, path, &types, "a list");
                }
                if let Some(item_schema) = schema.get("items") {
                    for (i, item) in items.iter().enumerate() {
                        self.node(item, item_schema, &format!("{path}[{i}]"), None);
                    }
                }
            }
            Node::Scalar { text, plain, mark } => self.scalar(text, *plain, *mark, schema, path),
        }
    }

    fn map(&mut self, entries: &[super::tree::Entry], mark: Mark, schema: &'s Value, path: &str) {
        static EMPTY: std::sync::LazyLock<serde_json::Map<String, Value>> =
            std::sync::LazyLock::new(serde_json::Map::new);
        let properties = schema
            .get("properties")
            .and_then(Value::as_object)
            .unwrap_or(&EMPTY);
        // A map, not a scan of earlier keys: a file of many keys must not take quadratic time.
        let mut seen: HashMap<&str, Mark> = HashMap::new();
        for entry in entries {
            let field = join(path, &entry.key);
            if let Some(first) = seen.insert(&entry.key, entry.key_mark) {
                seen.insert(&entry.key, first);
                self.push(
                    entry.key_mark,
                    &field,
                    format!("duplicate field `{}`", entry.key),
                    Some(format!(
                        "it was first given on line {}; keep one of the two",
                        first.line
                    )),
                );
                continue;
            }
            match properties.get(&entry.key) {
                Some(property) => self.node(&entry.value, property, &field, Some(entry.key_mark)),
                None if self.full() => self.total += 1,
                None => {
                    let names = properties.keys().map(String::as_str);
                    let help = match did_you_mean(&entry.key, names.clone()) {
                        Some(name) => format!("did you mean `{name}`?"),
                        None => format!(
                            "the fields here are {}",
                            names
                                .map(|n| format!("`{n}`"))
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    };
                    self.push(
                        entry.key_mark,
                        &field,
                        format!("unknown field `{}`", entry.key),
                        Some(help),
                    );
                }
            }
        }
        for required in schema
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
        {
            if !entries.iter().any(|entry| entry.key == required) {
                let misspelt = !self.full()
                    && entries
                        .iter()
                        .filter(|entry| !properties.contains_key(&entry.key))
                        .any(|entry| did_you_mean(&entry.key, [required]).is_some());
                if misspelt {
                    continue; // already reported as an unknown field with this hint
                }
                self.push(
                    mark,
                    &join(path, required),
                    format!("missing field `{required}`"),
                    describe(properties.get(required)),
                );
            }
        }
    }

    fn wrong_type(&mut self, mark: Mark, path: &str, types: &[&str], found: &str) {
        let expected = types
            .iter()
            .filter(|t| **t != "null")
            .map(|t| match *t {
                "object" => "a group of fields",
                "array" => "a list",
                "boolean" => "true or false",
                "integer" | "number" => "a number",
                _ => "text",
            })
            .collect::<Vec<_>>()
            .join(" or ");
        self.push(
            mark,
            path,
            format!("expected {expected}, found {found}"),
            None,
        );
    }

    fn scalar(&mut self, text: &str, plain: bool, mark: Mark, schema: &Value, path: &str) {
        let types = Self::types(schema);
        if types.contains(&"boolean") {
            if !(plain && matches!(text, "true" | "True" | "TRUE" | "false" | "False" | "FALSE")) {
                self.push(
                    mark,
                    path,
                    format!("expected true or false, found `{text}`"),
                    None,
                );
            }
            return;
        }
        if !types.contains(&"string") {
            let found = if plain {
                format!("`{text}`")
            } else {
                "text".into()
            };
            return self.wrong_type(mark, path, &types, &found);
        }
        if let Some(values) = schema.get("enum").and_then(Value::as_array) {
            let names: Vec<&str> = values.iter().filter_map(Value::as_str).collect();
            if !names.contains(&text) {
                let help = match did_you_mean(text, names.iter().copied()) {
                    Some(name) => format!("did you mean `{name}`?"),
                    None => format!("expected one of {}", quoted(&names)),
                };
                self.push(mark, path, format!("unknown value `{text}`"), Some(help));
            }
            return;
        }
        let format = schema.get("format").and_then(Value::as_str);
        let bad = match format {
            Some("date") => NaiveDate::from_str(text).err().map(|e| {
                (
                    format!("`{text}` is not a date: {e}"),
                    "write it as YYYY-MM-DD, e.g. 2020-04-20",
                )
            }),
            Some("partial-date-time") => NaiveDateTime::from_str(text).err().map(|e| {
                (
                    format!("`{text}` is not a date and time: {e}"),
                    "write it as YYYY-MM-DDTHH:MM:SS, e.g. 2020-04-17T15:00:00",
                )
            }),
            Some("partial-time") => NaiveTime::from_str(text).err().map(|e| {
                (
                    format!("`{text}` is not a time: {e}"),
                    "write it as HH:MM:SS, e.g. 09:30:00",
                )
            }),
            _ => None,
        };
        if let Some((message, help)) = bad {
            self.push(mark, path, message, Some(help.into()));
            return;
        }
        if let Some(message) = format_check(path, text) {
            self.push(mark, path, message, None);
        }
    }
}

impl Walk<'_> {
    /// The checks that compare facts, on the values that can be read: they need no typed court,
    /// so they run even when other parts of the file are wrong.
    fn facts(&mut self, root: &Node) {
        let go_live =
            scalar(root, &["go_live"]).and_then(|(text, _)| NaiveDate::from_str(text).ok());
        let Some(go_live) = go_live else {
            return;
        };
        let start = scalar(root, &["outage", "start"])
            .and_then(|(text, _)| NaiveDateTime::from_str(text).ok());
        let end = scalar(root, &["outage", "end"]);
        if let (Some(start), Some((end_text, end_mark))) = (start, end)
            && let Ok(end) = NaiveDateTime::from_str(end_text)
        {
            for (field, message) in check::outage(start, end, go_live) {
                self.push(end_mark, field, message, None);
            }
        }
        if let Node::Map { entries, .. } = root
            && let Some(dates) = entries.iter().find(|entry| entry.key == "dates")
            && let Node::Map { entries, .. } = &dates.value
        {
            for entry in entries {
                if let Node::Scalar { text, mark, .. } = &entry.value
                    && let Ok(date) = NaiveDate::from_str(text)
                    && let Some(message) = check::notice_date(date, go_live)
                {
                    self.push(*mark, &format!("dates.{}", entry.key), message, None);
                }
            }
        }
    }
}

/// The scalar at `path` (mapping keys only), with its position.
fn scalar<'a>(root: &'a Node, path: &[&str]) -> Option<(&'a str, Mark)> {
    let mut node = root;
    for key in path {
        let Node::Map { entries, .. } = node else {
            return None;
        };
        node = &entries.iter().find(|entry| entry.key == *key)?.value;
    }
    match node {
        Node::Scalar { text, mark, .. } => Some((text, *mark)),
        _ => None,
    }
}

/// The format check a field's name calls for (the same checks typed validation runs).
fn format_check(path: &str, text: &str) -> Option<String> {
    let name = path.rsplit(['.', ']']).next().unwrap_or(path);
    match name {
        "email" => check::email(text),
        "phone" | "fax" => check::phone(text),
        "zip" => check::zip(text),
        "website" | "url" => check::url(text),
        "time_zone" if path == "time_zone" => check::time_zone(text),
        "time_zone" => check::outage_time_zone(text),
        _ if path.starts_with("urls.") => check::url(text),
        _ => None,
    }
}

fn quoted(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A property's doc comment, as help for a missing field.
fn describe(property: Option<&Value>) -> Option<String> {
    let description = property?.get("description")?.as_str()?;
    Some(format!("add it: {}", description.lines().next()?.trim()))
}

fn is_null(node: &Node) -> bool {
    matches!(node, Node::Scalar { text, plain: true, .. } if matches!(text.as_str(), "" | "~" | "null" | "Null" | "NULL"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::court::tree;

    #[test]
    fn schema_describes_fields_with_their_doc_comments() {
        let schema = court_schema();
        let properties = schema["properties"].as_object().unwrap();
        assert!(properties.contains_key("go_live"));
        assert!(!properties.contains_key("id"), "the id is the file name");
        assert_eq!(schema["additionalProperties"], Value::Bool(false));
        let required: Vec<&str> = schema["required"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(Value::as_str)
            .collect();
        assert!(required.contains(&"go_live") && !required.contains(&"urls"));
    }

    #[test]
    fn shipped_court_files_have_no_findings() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("courts");
        let mut checked = 0;
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|ext| ext == "yaml") {
                let text = std::fs::read_to_string(&path).unwrap();
                let (findings, _) = validate(&tree::parse(&text).unwrap());
                assert!(findings.is_empty(), "{}: {findings:?}", path.display());
                checked += 1;
            }
        }
        assert!(checked >= 4);
    }

    #[test]
    fn reports_every_mistake_of_a_file() {
        let text = "name: x\nname: y\ngo_liv: 2020-04-20\nhelpdesk:\n  email: nobody\nexempt_users: maybe\n";
        let (findings, _) = validate(&tree::parse(text).unwrap());
        let messages: Vec<&str> = findings.iter().map(|f| f.message.as_str()).collect();
        assert!(messages.contains(&"duplicate field `name`"), "{messages:?}");
        assert!(messages.contains(&"unknown field `go_liv`"), "{messages:?}");
        assert!(
            messages.iter().any(|m| m.contains("not an e-mail")),
            "{messages:?}"
        );
        assert!(
            messages.iter().any(|m| m.contains("true or false")),
            "{messages:?}"
        );
        assert!(
            messages.contains(&"missing field `district`"),
            "{messages:?}"
        );
        assert!(
            !messages.contains(&"missing field `go_live`"),
            "{messages:?}"
        );
        let typo = findings
            .iter()
            .find(|f| f.message.contains("go_liv"))
            .unwrap();
        assert_eq!(typo.help.as_deref(), Some("did you mean `go_live`?"));
        assert_eq!((typo.mark.line, typo.mark.column), (3, 1));
    }
}
