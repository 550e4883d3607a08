//! The court file's JSON Schema (from the Rust types, via schemars) and a check of a located
//! YAML tree against it. This walk is where a court file is checked: it reports every unknown,
//! missing, duplicate or mistyped field at once, with "did you mean" hints, checks every value
//! (text, formats, dates) and compares the facts (dates, time zones), each at the exact place
//! in the file, down to the one character at fault.

use std::collections::HashMap;

use serde_json::Value;

use super::Court;
use super::check::{self, Flaw, TextFlaw};
use super::source::{Source, Spot};
use super::tree::{Entry, Mark, Node, Style};
use crate::chars;

/// The years a date may fall in, as a pattern on the date's text for editors (the same bound
/// as [`check::YEARS`]).
const YEARS_PATTERN: &str = "^(199[0-9]|20[0-9][0-9]|2100)-";

/// What a court file is checked against: its fixed fields, from the Rust types, and the court
/// dates of the kinds manifest in use, which alone decide the keys `dates` may hold.
#[derive(Debug, Clone)]
pub struct CourtSchema {
    json: Value,
}

impl CourtSchema {
    /// The schema whose `dates` holds exactly `dates`: each a date name of the manifest with
    /// the kinds it dates, e.g. `("press_release", ["press-release"])`.
    pub fn new<N, K>(dates: impl IntoIterator<Item = (N, K)>) -> CourtSchema
    where
        N: Into<String>,
        K: IntoIterator,
        K::Item: std::fmt::Display,
    {
        CourtSchema::fixed().with_dates(dates)
    }

    /// The schema of a court file's fixed fields, the same whatever the manifest: made from
    /// the Rust types, which is most of the cost of a schema, so it can be made before the
    /// manifest is read. Its `dates` is finished by [`CourtSchema::with_dates`] or
    /// [`CourtSchema::with_any_dates`].
    pub fn fixed() -> CourtSchema {
        let mut json = schemars::schema_for!(Court).to_value();
        bound_years(&mut json);
        if let Some(object) = json.as_object_mut() {
            object.insert(
                "$id".into(),
                Value::String("https://noticegen.invalid/court.schema.json".into()),
            );
        }
        CourtSchema { json }
    }

    /// The schema whose `dates` holds exactly `dates` (see [`CourtSchema::new`]).
    pub fn with_dates<N, K>(mut self, dates: impl IntoIterator<Item = (N, K)>) -> CourtSchema
    where
        N: Into<String>,
        K: IntoIterator,
        K::Item: std::fmt::Display,
    {
        let mut properties = serde_json::Map::new();
        for (name, kinds) in dates {
            let kinds: Vec<String> = kinds.into_iter().map(|kind| format!("`{kind}`")).collect();
            properties.insert(
                name.into(),
                serde_json::json!({
                    "type": ["string", "null"],
                    "format": "date",
                    "description": format!(
                        "The date of the {} notice, e.g. `2020-02-20`, before or after go-live \
                         (the notice's wording follows); left out, the kinds manifest's \
                         schedule dates it.",
                        kinds.join(", ")
                    ),
                }),
            );
        }
        if let Some(dates) = self.json.pointer_mut("/properties/dates") {
            let description = dates.get("description").cloned();
            *dates = serde_json::json!({
                "type": "object",
                "properties": properties,
                "additionalProperties": false,
            });
            if let (Some(description), Some(object)) = (description, dates.as_object_mut()) {
                object.insert("description".into(), description);
            }
            bound_years(dates);
        }
        self
    }

    /// A schema that takes any name under `dates` (each still a date): for reading court files
    /// when the manifest could not be read, so that only their own mistakes are reported.
    pub fn any_dates() -> CourtSchema {
        CourtSchema::fixed().with_any_dates()
    }

    /// [`CourtSchema::any_dates`], from the fixed fields.
    pub fn with_any_dates(self) -> CourtSchema {
        let mut schema = self.with_dates(std::iter::empty::<(String, Vec<String>)>());
        if let Some(dates) = schema
            .json
            .pointer_mut("/properties/dates/additionalProperties")
        {
            *dates = serde_json::json!({ "type": ["string", "null"], "format": "date" });
            bound_years(dates);
        }
        schema
    }

    /// The schema whose `languages` may name only `codes`, the templates' strings files.
    pub fn with_languages<'a>(mut self, codes: impl IntoIterator<Item = &'a str>) -> CourtSchema {
        let codes: Vec<&str> = codes.into_iter().collect();
        if let Some(items) = self.json.pointer_mut("/properties/languages/items") {
            *items = serde_json::json!({ "type": "string", "enum": codes });
        }
        if let Some(lang) = self.json.pointer_mut("/properties/lang") {
            let description = lang.get("description").cloned();
            *lang = serde_json::json!({ "type": "string", "enum": codes });
            if let (Some(description), Some(object)) = (description, lang.as_object_mut()) {
                object.insert("description".into(), description);
            }
        }
        // `names` may hold the languages there are strings for, and no other key.
        if let Some(names) = self.json.pointer_mut("/properties/names")
            && let Some(object) = names.as_object_mut()
            && let Some(each) = object.remove("additionalProperties")
        {
            let properties: serde_json::Map<String, Value> = codes
                .iter()
                .map(|code| (code.to_string(), each.clone()))
                .collect();
            object.insert("properties".into(), Value::Object(properties));
            object.insert("additionalProperties".into(), Value::Bool(false));
        }
        self
    }

    /// The JSON Schema, for editors (`noticegen schema`).
    pub fn json(&self) -> &Value {
        &self.json
    }
}

/// Gives every date and date-time in the schema the pattern of the years a court file may use.
fn bound_years(schema: &mut Value) {
    match schema {
        Value::Object(object) => {
            let dated = matches!(
                object.get("format").and_then(Value::as_str),
                Some("date" | "partial-date-time")
            );
            if dated {
                object.insert("pattern".into(), Value::String(YEARS_PATTERN.into()));
            }
            object.values_mut().for_each(bound_years);
        }
        Value::Array(items) => items.iter_mut().for_each(bound_years),
        _ => {}
    }
}

/// One mistake found in the tree, with the dotted path of its field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub spot: Spot,
    pub field: Option<String>,
    pub message: String,
    pub help: Option<String>,
}

/// Findings kept per file; the rest are only counted, so a file of a million mistakes costs no
/// more than one of a few hundred.
pub const KEPT: usize = 200;

/// The mistakes of `root` (read from `source`) against the court schema (at most [`KEPT`], in
/// file order), and how many there are in all.
pub fn validate(source: &Source, root: &Node, schema: &CourtSchema) -> (Vec<Finding>, usize) {
    let schema: &Value = &schema.json;
    let mut walk = Walk {
        root: schema,
        source,
        findings: Vec::new(),
        total: 0,
    };
    if root.is_null() || matches!(root, Node::Map { entries, .. } if entries.is_empty()) {
        let required: Vec<String> = schema["required"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .map(|name| format!("`{name}`"))
            .collect();
        let finding = Finding {
            spot: Spot::at(Mark { line: 1, column: 1 }),
            field: None,
            message: "the court file is empty".into(),
            help: Some(format!(
                "a court file gives at least {}",
                required.join(", ")
            )),
        };
        return (vec![finding], 1);
    }
    walk.node(root, schema, "", Field::ROOT);
    walk.facts(root);
    walk.findings
        .sort_by_key(|finding| (finding.spot.line, finding.spot.column));
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

struct Walk<'s, 't> {
    root: &'s Value,
    source: &'s Source<'t>,
    findings: Vec<Finding>,
    total: usize,
}

/// What the walk knows of the field holding a node: where its name is written, whether it
/// must be given, and its description (for hints).
#[derive(Clone, Copy)]
struct Field<'s> {
    key: Option<Mark>,
    required: bool,
    property: Option<&'s Value>,
}

impl Field<'_> {
    const ROOT: Field<'static> = Field {
        key: None,
        required: true,
        property: None,
    };
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// The last name of a dotted path: `email` for `helpdesk.email`, `site_menu[2]` stays whole.
fn last_name(path: &str) -> &str {
    path.rsplit('.').next().unwrap_or(path)
}

impl<'s> Walk<'s, '_> {
    fn full(&self) -> bool {
        self.findings.len() >= KEPT
    }

    fn push(&mut self, spot: Spot, path: &str, message: String, help: Option<String>) {
        self.total += 1;
        if self.full() {
            return;
        }
        self.findings.push(Finding {
            spot,
            field: (!path.is_empty()).then(|| path.to_string()),
            message,
            help,
        });
    }

    fn flaw(&mut self, mark: Mark, path: &str, flaw: Flaw) {
        self.push(Spot::at(mark), path, flaw.message, flaw.help);
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

    /// Of a field that may be written in several forms (`anyOf`: a menu entry as a label or
    /// as a group of fields), the form `node` is written in; the first when none fits, so
    /// the report names what the field is mostly expected to be.
    fn form_for(&self, node: &Node, schema: &'s Value) -> &'s Value {
        let schema = match schema.get("$ref").and_then(Value::as_str) {
            Some(reference) => self
                .root
                .pointer(reference.trim_start_matches('#'))
                .unwrap_or(schema),
            None => schema,
        };
        let Some(options) = schema.get("anyOf").and_then(Value::as_array) else {
            return schema;
        };
        let wanted = match node {
            Node::Map { .. } => "object",
            Node::Seq { .. } => "array",
            Node::Scalar { .. } => return schema,
        };
        options
            .iter()
            .find(|option| Self::types(self.resolve(option).0).contains(&wanted))
            .unwrap_or(schema)
    }

    fn types(schema: &Value) -> Vec<&str> {
        match schema.get("type") {
            Some(Value::String(t)) => vec![t.as_str()],
            Some(Value::Array(types)) => types.iter().filter_map(Value::as_str).collect(),
            _ => Vec::new(),
        }
    }

    /// Checks `node` against `schema`; `field` says where the field holding it is named,
    /// which is where a missing field inside it or a missing value is reported.
    fn node(&mut self, node: &Node, schema: &'s Value, path: &str, field: Field<'s>) {
        let (schema, nullable) = self.resolve(self.form_for(node, schema));
        let types = Self::types(schema);
        if node.is_null() {
            // Null is "not given": fine where the field may be left out, missing where not.
            if !nullable && field.required {
                self.no_value(node, path, field);
            }
            return;
        }
        match node {
            Node::Map { entries, mark } => {
                if !types.contains(&"object") {
                    return self.wrong_type(*mark, path, &types, "a group of fields");
                }
                self.map(entries, field.key.unwrap_or(*mark), schema, path);
            }
            Node::Seq { items, mark } => {
                if !types.contains(&"array") {
                    return self.wrong_type(*mark, path, &types, "a list");
                }
                if let Some(item_schema) = schema.get("items") {
                    for (i, item) in items.iter().enumerate() {
                        let item_field = Field {
                            key: None,
                            required: true,
                            property: None,
                        };
                        self.node(item, item_schema, &format!("{path}[{i}]"), item_field);
                    }
                }
            }
            Node::Scalar { text, style, mark } => {
                self.scalar(node, text, *style, *mark, schema, path)
            }
        }
    }

    /// A required field or a list entry given as YAML null: nothing after the colon is
    /// reported at the field's name (the parser places an empty value at the next line);
    /// a written `~` or `null` where it stands.
    fn no_value(&mut self, node: &Node, path: &str, field: Field) {
        let name = last_name(path);
        let example = field
            .property
            .and_then(description)
            .map(|description| format!(" ({})", inline(&description)))
            .unwrap_or_default();
        if field.key.is_none() {
            let message = format!("`{path}` is an empty entry");
            let help = "give the entry a value, or remove it from the list".to_string();
            return self.push(written_null(node), path, message, Some(help));
        }
        match node {
            Node::Scalar { text, .. } if !node.is_empty_value() => {
                let message =
                    format!("`{text}` means \"no value\" in YAML, and `{name}` needs one");
                let help = format!(
                    "write its value instead{example}; in quotes (\"{text}\") if you mean those characters"
                );
                self.push(written_null(node), path, message, Some(help));
            }
            _ => {
                let spot = Spot::at(field.key.unwrap_or(node.mark()));
                let message = format!("`{name}` has no value");
                let help = format!("write its value after the colon{example}");
                self.push(spot, path, message, Some(help));
            }
        }
    }

    fn map(&mut self, entries: &[Entry], mark: Mark, schema: &'s Value, path: &str) {
        static EMPTY: std::sync::LazyLock<serde_json::Map<String, Value>> =
            std::sync::LazyLock::new(serde_json::Map::new);
        let properties = schema
            .get("properties")
            .and_then(Value::as_object)
            .unwrap_or(&EMPTY);
        let required: Vec<&str> = schema
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        // A map, not a scan of earlier keys: a file of many keys must not take quadratic time.
        let mut seen: HashMap<&str, Mark> = HashMap::new();
        for entry in entries {
            let field = join(path, &entry.key);
            if let Some(first) = seen.insert(&entry.key, entry.key_mark) {
                seen.insert(&entry.key, first);
                self.push(
                    Spot::at(entry.key_mark),
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
                Some(property) => {
                    let holder = Field {
                        key: Some(entry.key_mark),
                        required: required.contains(&entry.key.as_str()),
                        property: Some(property),
                    };
                    self.node(&entry.value, property, &field, holder)
                }
                None if self.full() => self.total += 1,
                None => match schema.get("additionalProperties").filter(|s| s.is_object()) {
                    // A map of free keys, each value of one schema.
                    Some(values) => {
                        let holder = Field {
                            key: Some(entry.key_mark),
                            required: false,
                            property: Some(values),
                        };
                        self.node(&entry.value, values, &field, holder)
                    }
                    None => self.unknown_field(entry, properties, &field),
                },
            }
        }
        for name in required {
            if !entries.iter().any(|entry| entry.key == name) {
                let misspelt = !self.full()
                    && entries
                        .iter()
                        .filter(|entry| !properties.contains_key(&entry.key))
                        .any(|entry| {
                            let plain = chars::plain_form(&entry.key);
                            let key = plain.as_deref().unwrap_or(&entry.key);
                            did_you_mean(key, [name]).is_some()
                        });
                if misspelt {
                    continue; // already reported as an unknown field with this hint
                }
                let help = properties
                    .get(name)
                    .and_then(description)
                    .map(|description| format!("add it: {description}"));
                self.push(
                    Spot::at(mark),
                    &join(path, name),
                    format!("missing field `{name}`"),
                    help,
                );
            }
        }
    }

    /// An unknown field name; when it holds a character a field name never has (a Cyrillic
    /// letter, an invisible space), the report points at that character and names it.
    fn unknown_field(
        &mut self,
        entry: &Entry,
        properties: &serde_json::Map<String, Value>,
        field: &str,
    ) {
        let names = properties.keys().map(String::as_str);
        let all = || {
            format!(
                "the fields here are {}",
                names
                    .clone()
                    .map(|n| format!("`{n}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        };
        let Some(oddity) = chars::first_oddity(&entry.key) else {
            let help = match did_you_mean(&entry.key, names.clone()) {
                Some(name) => format!("did you mean `{name}`?"),
                None => all(),
            };
            let message = format!("unknown field `{}`", entry.key);
            return self.push(Spot::at(entry.key_mark), field, message, Some(help));
        };
        let spot = self
            .source
            .char_spot(&entry.key, entry.key_style, entry.key_mark, oddity.index);
        let message = format!("unknown field `{}`: {}", entry.key, chars::clause(&oddity));
        let meant = chars::plain_form(&entry.key).and_then(|plain| {
            properties
                .keys()
                .find(|name| **name == plain)
                .map(String::as_str)
                .or_else(|| did_you_mean(&plain, names.clone()))
        });
        let help = match meant {
            Some(name) => format!("did you mean `{name}`? {}", retype(&oddity)),
            None => all(),
        };
        self.push(spot, field, message, Some(help));
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
            Spot::at(mark),
            path,
            format!("expected {expected}, found {found}"),
            None,
        );
    }

    fn scalar(
        &mut self,
        node: &Node,
        text: &str,
        style: Style,
        mark: Mark,
        schema: &Value,
        path: &str,
    ) {
        // A value `noticegen new` left for the court to fill in, whatever the field wants.
        if super::starter::is_placeholder(text) {
            let message = format!("`{path}` is still the starter file's placeholder `{text}`");
            let help = "write the court's own value in its place".to_string();
            return self.push(Spot::at(mark), path, message, Some(help));
        }
        let types = Self::types(schema);
        if types.contains(&"boolean") {
            return self.boolean(node, text, style, mark, path);
        }
        if !types.contains(&"string") {
            let found = if style == Style::Plain {
                format!("`{text}`")
            } else {
                "text".into()
            };
            return self.wrong_type(mark, path, &types, &found);
        }
        if node.as_bool().is_some() {
            let message =
                format!("expected text, found `{text}`, which YAML reads as true or false");
            let help = format!("put it in quotes if you mean the word: \"{text}\"");
            return self.push(Spot::at(mark), path, message, Some(help));
        }
        // Characters no output can carry, in any text field, before what the field means.
        if let Some(TextFlaw::LineBreak { index, c } | TextFlaw::Unprintable { index, c }) =
            check::text(text)
        {
            return self.unprintable(text, style, mark, path, index, c);
        }
        if let Some(values) = schema.get("enum").and_then(Value::as_array) {
            let names: Vec<&str> = values.iter().filter_map(Value::as_str).collect();
            if !names.contains(&text) {
                let plain = chars::plain_form(text);
                let near = did_you_mean(plain.as_deref().unwrap_or(text), names.iter().copied());
                let help = match near {
                    Some(name) => format!("did you mean `{name}`?"),
                    None => format!("expected one of {}", quoted(&names)),
                };
                let flaw = Flaw::new(format!("unknown value `{text}`")).help(help);
                self.odd(text, style, mark, path, flaw, |_| false);
            }
            return;
        }
        let format = schema.get("format").and_then(Value::as_str);
        let read = match format {
            Some("date") => Some(check::date(text).err()),
            Some("partial-date-time") => Some(check::date_time(text).err()),
            Some("partial-time") => Some(check::time(text).err()),
            _ => None,
        };
        if let Some(flaw) = read {
            if let Some(flaw) = flaw {
                let accepts = |plain: &str| match format {
                    Some("date") => check::date(plain).is_ok(),
                    Some("partial-date-time") => check::date_time(plain).is_ok(),
                    _ => check::time(plain).is_ok(),
                };
                self.odd(text, style, mark, path, flaw, accepts);
            }
            return;
        }
        match format_check(path, text) {
            Some(Some(flaw)) => {
                let accepts = |plain: &str| format_check(path, plain) == Some(None);
                self.odd(text, style, mark, path, flaw, accepts);
            }
            Some(None) => {}
            None => self.free_text(text, mark, path),
        }
    }

    fn boolean(&mut self, node: &Node, text: &str, style: Style, mark: Mark, path: &str) {
        if node.as_bool().is_some() {
            return;
        }
        let lower = text.to_ascii_lowercase();
        let help = if style != Style::Plain && matches!(lower.as_str(), "true" | "false") {
            format!(
                "remove the quotes: `{lower}` without them is true or false, with them it is text"
            )
        } else if matches!(lower.as_str(), "yes" | "no" | "on" | "off" | "y" | "n") {
            "write `true` or `false`: court files are YAML 1.2, where `yes` and `no` are words"
                .to_string()
        } else {
            "write `true` or `false`".to_string()
        };
        let message = if style == Style::Plain {
            format!("expected true or false, found `{text}`")
        } else {
            format!("expected true or false, found the text \"{text}\"")
        };
        self.push(Spot::at(mark), path, message, Some(help));
    }

    /// A control character, a line break or a code point XML cannot carry, named and pointed
    /// at where it is written (its escape, for a double-quoted string).
    fn unprintable(
        &mut self,
        text: &str,
        style: Style,
        mark: Mark,
        path: &str,
        index: usize,
        c: char,
    ) {
        let spot = self.source.char_spot(text, style, mark, index);
        let written = self
            .source
            .written(spot)
            .filter(|written| written.starts_with('\\'));
        let (message, help) = match c {
            '\n' | '\r' => (
                format!(
                    "must be a single line, but has a line break ({})",
                    chars::code(c)
                ),
                "write the text on one line".to_string(),
            ),
            '\t' => (
                format!("the text has a tab ({})", chars::code(c)),
                "replace it with a space".to_string(),
            ),
            _ => (
                format!(
                    "the text has {}, which cannot be printed",
                    chars::explain(c)
                ),
                "delete it: court files hold printable text only".to_string(),
            ),
        };
        let help = match written {
            Some(escape) => format!("{help} (`{escape}` in the file)"),
            None => help,
        };
        self.push(spot, path, message, Some(help));
    }

    /// A value of a fixed form (address, code, date) that fails its check: when it holds a
    /// character such values never have, the report names it and points at it, and offers
    /// the value without it when that passes (`accepts`).
    fn odd(
        &mut self,
        text: &str,
        style: Style,
        mark: Mark,
        path: &str,
        flaw: Flaw,
        accepts: impl Fn(&str) -> bool,
    ) {
        let Some(oddity) = chars::first_oddity(text) else {
            return self.flaw(mark, path, flaw);
        };
        let spot = self.source.char_spot(text, style, mark, oddity.index);
        let message = format!("{}: {}", flaw.message, chars::clause(&oddity));
        let meant = chars::plain_form(text).filter(|plain| accepts(plain));
        let help = match (meant, flaw.help) {
            (Some(plain), Some(help)) if help.starts_with("an address") => {
                format!("{help}; did you mean `{plain}`?")
            }
            (Some(plain), _) => format!("did you mean `{plain}`? {}", retype(&oddity)),
            (None, Some(help)) => help,
            (None, None) => retype(&oddity).to_string(),
        };
        self.push(spot, path, message, Some(help));
    }

    /// Free text (a name, an address line): it must say something.
    fn free_text(&mut self, text: &str, mark: Mark, path: &str) {
        match check::text(text) {
            Some(TextFlaw::Empty) => self.push(
                Spot::at(mark),
                path,
                "must not be empty".into(),
                Some("write the text, or leave the field out if it is optional".into()),
            ),
            Some(TextFlaw::Invisible { c }) => self.push(
                Spot::at(mark),
                path,
                format!("the text holds only {}", chars::explain(c)),
                Some("write the text, or leave the field out if it is optional".into()),
            ),
            _ => {}
        }
    }
}

/// Where a null is written: the `~` or `null` itself, or (written as nothing) where the
/// parser places it.
fn written_null(node: &Node) -> Spot {
    match node {
        Node::Scalar { text, mark, .. } if !text.is_empty() => Spot {
            length: Some(text.chars().count()),
            ..Spot::at(*mark)
        },
        _ => Spot::at(node.mark()),
    }
}

/// How to fix a value holding an odd character.
fn retype(oddity: &chars::Oddity) -> &'static str {
    let c = oddity.c;
    if c.is_whitespace() && (c == ' ' || oddity.place != chars::Place::Inside) {
        "remove the space"
    } else if chars::is_invisible(c) && chars::looks_like(c).is_none() {
        "delete the invisible character"
    } else if c.is_alphabetic() {
        "type it again with plain Latin letters"
    } else {
        "type the character again on the keyboard"
    }
}

impl Walk<'_, '_> {
    /// The checks that compare facts, on the values that can be read: they need no typed court,
    /// so they run even when other parts of the file are wrong.
    fn facts(&mut self, root: &Node) {
        self.helpdesk(root);
        self.contacts(root);
        self.emergency_filing(root);
        self.languages(root);
        self.sibling(root);
        // A zone refused by its own check (a fixed offset such as `EST`) is not compared.
        let zone = scalar(root, &["time_zone"])
            .filter(|(text, _)| check::time_zone(text).is_none())
            .and_then(|(text, _)| crate::calendar::Zone::named(text));
        self.outage_times(root, zone.as_ref());
        self.sessions(root, zone.as_ref());
        let go_live = scalar(root, &["go_live"]).and_then(|(text, _)| check::date(text).ok());
        let Some(go_live) = go_live else {
            return;
        };
        let start =
            scalar(root, &["outage", "start"]).and_then(|(text, _)| check::date_time(text).ok());
        let end = scalar(root, &["outage", "end"]);
        if let (Some(start), Some((end_text, end_mark))) = (start, end)
            && let Ok(end) = check::date_time(end_text)
        {
            for (field, message) in check::outage(start, end, go_live) {
                self.push(Spot::at(end_mark), field, message, None);
            }
        }
    }

    /// The sibling court is told once, and only by a court that has one: a district court's
    /// bankruptcy court, a bankruptcy court's district court; `separate_bankruptcy_system` is
    /// the older spelling at a district court.
    fn sibling(&mut self, root: &Node) {
        let court_type = scalar(root, &["type"])
            .map(|(text, _)| text)
            .unwrap_or("district");
        let old = child(root, "separate_bankruptcy_system").map(Node::mark);
        let sibling = key_mark(root, "sibling")
            .filter(|_| child(root, "sibling").is_some_and(|node| !node.is_null()));
        if let (Some(old), Some(sibling)) = (old, sibling) {
            self.push(
                Spot::at(old),
                "separate_bankruptcy_system",
                "`separate_bankruptcy_system` and `sibling` both say whether the sibling court \
                 runs its own system"
                    .into(),
                Some(format!(
                    "keep `sibling` (line {}) and remove this line",
                    sibling.line
                )),
            );
        }
        match court_type {
            "appeals" => {
                if let Some(mark) = sibling {
                    self.push(
                        Spot::at(mark),
                        "sibling",
                        "a court of appeals has no sibling district or bankruptcy court".into(),
                        Some("remove `sibling`".into()),
                    );
                }
            }
            "bankruptcy" => {
                if let Some(mark) = old
                    && scalar(root, &["separate_bankruptcy_system"])
                        .is_some_and(|(text, _)| text == "true")
                {
                    self.push(
                        Spot::at(mark),
                        "separate_bankruptcy_system",
                        "a bankruptcy court's sibling is its district court".into(),
                        Some(
                            "write `sibling:` with `separate: true` (and its `go_live` when \
                             known) for the district court's own system"
                                .into(),
                        ),
                    );
                }
            }
            _ => {}
        }
    }

    /// `lang` names a court's one language; beside `languages` it must be the first of them.
    fn languages(&mut self, root: &Node) {
        let Some((lang, mark)) = scalar(root, &["lang"]) else {
            return;
        };
        let first = match child(root, "languages") {
            Some(Node::Seq { items, .. }) => match items.first() {
                Some(Node::Scalar { text, .. }) => text.as_str(),
                _ => return,
            },
            _ => return,
        };
        if first != lang {
            let lang = lang.to_string();
            self.push(
                Spot::at(mark),
                "lang",
                format!("`lang` is `{lang}` but `languages` starts with `{first}`"),
                Some(format!(
                    "give one of them: `lang: {lang}` means `languages: [{lang}]`, and the \
                     first of `languages` is the court's main language"
                )),
            );
        }
    }

    /// A helpdesk is reached by e-mail or phone. (A misspelt field is reported as unknown,
    /// and not again as a missing contact.)
    fn helpdesk(&mut self, root: &Node) {
        let Node::Map { entries, .. } = root else {
            return;
        };
        let Some(helpdesk) = entries.iter().find(|entry| entry.key == "helpdesk") else {
            return;
        };
        let Node::Map { entries, .. } = &helpdesk.value else {
            return;
        };
        let known = ["email", "phone", "url"];
        if !entries
            .iter()
            .all(|entry| known.contains(&entry.key.as_str()))
        {
            return;
        }
        let given = |name: &str| {
            entries
                .iter()
                .any(|entry| entry.key == name && !entry.value.is_null())
        };
        if !given("email") && !given("phone") {
            let message = "give the helpdesk's `email`, `phone` or both".to_string();
            self.push(Spot::at(helpdesk.key_mark), "helpdesk", message, None);
        }
    }

    /// An emergency-filing arrangement gives at least one way to file.
    fn emergency_filing(&mut self, root: &Node) {
        let Some(outage) = child(root, "outage") else {
            return;
        };
        let (Some(Node::Map { entries, .. }), Some(mark)) = (
            child(outage, "emergency_filing"),
            key_mark(outage, "emergency_filing"),
        ) else {
            return;
        };
        // An unknown field or a `paper` that is not true or false is reported as such.
        let known = ["email", "phone", "paper"];
        let readable = entries.iter().all(|entry| {
            known.contains(&entry.key.as_str())
                && (entry.key != "paper"
                    || entry.value.is_null()
                    || entry.value.as_bool().is_some())
        });
        if !readable {
            return;
        }
        let given = |name: &str| {
            entries.iter().any(|entry| {
                entry.key == name
                    && !entry.value.is_null()
                    && (name != "paper" || entry.value.as_bool() == Some(true))
            })
        };
        if !given("email") && !given("phone") && !given("paper") {
            let message =
                "give the emergency filing's `email`, `phone` or `paper: true`".to_string();
            self.push(Spot::at(mark), "outage.emergency_filing", message, None);
        }
    }

    /// Each labelled contact gives a way to reach it.
    fn contacts(&mut self, root: &Node) {
        let Some(Node::Seq { items, .. }) = child(root, "contacts") else {
            return;
        };
        for (i, item) in items.iter().enumerate() {
            let Node::Map { entries, mark } = item else {
                continue;
            };
            // An unknown field is reported as such; the contact may be meant by it.
            let known = ["label", "email", "phone", "url"];
            if !entries
                .iter()
                .all(|entry| known.contains(&entry.key.as_str()))
            {
                continue;
            }
            let given = |name: &str| {
                entries
                    .iter()
                    .any(|entry| entry.key == name && !entry.value.is_null())
            };
            if !given("email") && !given("phone") && !given("url") {
                let message = "give the contact's `email`, `phone` or `url`".to_string();
                self.push(Spot::at(*mark), &format!("contacts[{i}]"), message, None);
            }
        }
    }

    /// The outage's times exist once in the court's zone, and its printed zone is that zone.
    fn outage_times(&mut self, root: &Node, zone: Option<&crate::calendar::Zone>) {
        let Some(zone) = zone else {
            return;
        };
        let label = scalar(root, &["outage", "time_zone"])
            .filter(|(text, _)| crate::calendar::TIME_ZONES.contains(text));
        let mut times = Vec::new();
        for name in ["start", "end"] {
            if let Some((text, mark)) = scalar(root, &["outage", name])
                && let Ok(local) = check::date_time(text)
            {
                let field = format!("outage.{name}");
                if let Some(flaw) = check::local_time(local, zone, label.map(|(text, _)| text)) {
                    self.flaw(mark, &field, flaw);
                }
                times.push(local);
            }
        }
        if let (Some((label, mark)), [start, end]) = (label, times.as_slice())
            && let Some(flaw) = check::outage_zone_label(label, zone, *start, *end)
        {
            self.flaw(mark, "outage.time_zone", flaw);
        }
    }

    /// Each training session ends after it starts, at times that exist that day.
    fn sessions(&mut self, root: &Node, zone: Option<&crate::calendar::Zone>) {
        let Some(Node::Seq { items, .. }) =
            child(root, "training").and_then(|training| child(training, "sessions"))
        else {
            return;
        };
        for (i, session) in items.iter().enumerate() {
            let date = scalar(session, &["date"]).and_then(|(text, _)| check::date(text).ok());
            let mut times = Vec::new();
            for name in ["start", "end"] {
                if let Some((text, mark)) = scalar(session, &[name])
                    && let Ok(time) = check::time(text)
                {
                    let field = format!("training.sessions[{i}].{name}");
                    if let (Some(date), Some(zone)) = (date, zone)
                        && let Some(flaw) = check::local_time(date.and_time(time), zone, None)
                    {
                        self.flaw(mark, &field, flaw);
                    }
                    times.push((time, mark));
                }
            }
            if let [(start, _), (end, end_mark)] = times.as_slice()
                && end <= start
            {
                let field = format!("training.sessions[{i}].end");
                let message = "a session must end after it starts".to_string();
                self.push(Spot::at(*end_mark), &field, message, None);
            }
        }
    }
}

/// The value of mapping key `key` in `node`.
fn child<'a>(node: &'a Node, key: &str) -> Option<&'a Node> {
    let Node::Map { entries, .. } = node else {
        return None;
    };
    Some(&entries.iter().find(|entry| entry.key == key)?.value)
}

/// Where mapping key `key` of `node` is written.
fn key_mark(node: &Node, key: &str) -> Option<Mark> {
    let Node::Map { entries, .. } = node else {
        return None;
    };
    Some(entries.iter().find(|entry| entry.key == key)?.key_mark)
}

/// The scalar at `path` (mapping keys only), with its position.
pub(super) fn scalar<'a>(root: &'a Node, path: &[&str]) -> Option<(&'a str, Mark)> {
    let mut node = root;
    for key in path {
        node = child(node, key)?;
    }
    match node {
        Node::Scalar { text, mark, .. } => Some((text, *mark)),
        _ => None,
    }
}

/// The format check a field's name calls for: `None` for free text, `Some(None)` for a value
/// of the right form.
fn format_check(path: &str, text: &str) -> Option<Option<Flaw>> {
    let name = path.rsplit(['.', ']']).next().unwrap_or(path);
    Some(match name {
        "email" => check::email(text),
        "phone" | "fax" => check::phone(text),
        "zip" => check::zip(text),
        "website" | "url" => check::url(text),
        "time_zone" if path == "time_zone" => check::time_zone(text),
        "time_zone" => check::outage_time_zone(text),
        _ if path.starts_with("urls.") => check::url(text),
        _ => return None,
    })
}

fn quoted(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A property's doc comment, for hints: its first sentence, without the final stop.
fn description(property: &Value) -> Option<String> {
    let text = property
        .get("description")?
        .as_str()?
        .trim()
        .replace('\n', " ");
    // A sentence ends at a stop before a capital letter ("e.g. `2020-04-20`" does not end one).
    let end = text
        .match_indices(". ")
        .map(|(i, _)| i)
        .find(|&i| text[i + 2..].starts_with(|c: char| c.is_uppercase()));
    let first = end.map_or(text.as_str(), |cut| &text[..cut]);
    let first = first.trim_end_matches('.');
    (!first.is_empty()).then(|| first.to_string())
}

/// A description inside a sentence: "the day …" rather than "The day …" (but "CJA …" stays).
fn inline(description: &str) -> String {
    let mut chars = description.chars();
    match (chars.next(), chars.next()) {
        (Some(first), Some(second)) if first.is_uppercase() && !second.is_uppercase() => {
            format!(
                "{}{}",
                first.to_lowercase(),
                &description[first.len_utf8()..]
            )
        }
        _ => description.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::court::tree;

    fn schema() -> CourtSchema {
        CourtSchema::new([("letter", ["letter"]), ("reminder", ["reminder"])])
    }

    fn findings_of(text: &str) -> (Vec<Finding>, usize) {
        validate(&Source::new(text), &tree::parse(text).unwrap(), &schema())
    }

    #[test]
    fn dates_hold_the_manifests_date_names_only() {
        let schema = schema();
        let dates = &schema.json()["properties"]["dates"];
        assert_eq!(dates["additionalProperties"], Value::Bool(false));
        let names: Vec<&String> = dates["properties"].as_object().unwrap().keys().collect();
        assert_eq!(names, ["letter", "reminder"]);
        assert!(dates["properties"]["letter"]["pattern"].is_string());
        let (findings, _) = findings_of("dates:\n  leter: 2020-01-01\n  reminder: ~\n");
        let typo = findings
            .iter()
            .find(|f| f.message == "unknown field `leter`")
            .unwrap();
        assert_eq!(typo.help.as_deref(), Some("did you mean `letter`?"));
        assert_eq!(typo.field.as_deref(), Some("dates.leter"));
        assert_eq!((typo.spot.line, typo.spot.column), (2, 3));
    }

    #[test]
    fn without_a_manifest_any_date_name_is_taken_but_still_checked_as_a_date() {
        let text = "dates:\n  jury_notice: 2020-04-06\n  leter: 2020-13-01\n";
        let (findings, _) = validate(
            &Source::new(text),
            &tree::parse(text).unwrap(),
            &CourtSchema::any_dates(),
        );
        assert!(!findings.iter().any(|f| f.message.contains("unknown field")));
        let month = findings
            .iter()
            .find(|f| f.field.as_deref() == Some("dates.leter"))
            .unwrap();
        assert_eq!((month.spot.line, month.spot.column), (3, 10));
    }

    #[test]
    fn schema_describes_fields_with_their_doc_comments() {
        let schema = schema().json().clone();
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
                let schema = crate::template::Catalog::load(None).unwrap().court_schema();
                let (findings, _) =
                    validate(&Source::new(&text), &tree::parse(&text).unwrap(), &schema);
                assert!(findings.is_empty(), "{}: {findings:?}", path.display());
                checked += 1;
            }
        }
        assert!(checked >= 4);
    }

    #[test]
    fn reports_every_mistake_of_a_file() {
        let text = "name: x\nname: y\ngo_liv: 2020-04-20\nhelpdesk:\n  email: nobody\nexempt_users: maybe\n";
        let (findings, _) = findings_of(text);
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
        assert_eq!((typo.spot.line, typo.spot.column), (3, 1));
    }

    #[test]
    fn dates_are_those_named_each_bounded_to_the_years_a_court_file_may_use() {
        let schema = CourtSchema::new([("letter", ["letter"]), ("notice", ["notice"])]);
        let dates = schema.json().pointer("/properties/dates").unwrap();
        let names: Vec<&String> = dates["properties"].as_object().unwrap().keys().collect();
        assert_eq!(names, ["letter", "notice"]);
        assert_eq!(dates["properties"]["letter"]["pattern"], YEARS_PATTERN);
        assert_eq!(dates["additionalProperties"], false);
        assert!(
            dates["description"].is_string(),
            "the field's own description is kept"
        );
        assert!(schema.json()["$id"].is_string());
    }

    #[test]
    fn a_schema_for_any_dates_takes_every_name_as_a_date_bounded_like_the_others() {
        let schema = CourtSchema::any_dates();
        let dates = schema.json().pointer("/properties/dates").unwrap();
        assert_eq!(dates["properties"], serde_json::json!({}));
        let any = &dates["additionalProperties"];
        assert_eq!(
            (&any["format"], &any["pattern"]),
            (&"date".into(), &YEARS_PATTERN.into())
        );
        assert!(dates["description"].is_string());
        assert!(schema.json()["$id"].is_string());
    }
}
