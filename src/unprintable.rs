//! Characters the PDF cannot show, traced to where they were written. The typesetter draws
//! each character in the first of its faces that has it (the body face, then the fallback
//! faces); a character none has (most emoji, a script no face covers) would print as `?`,
//! so the notice is refused instead, and the report points at the court file's field
//! (line and column of the character), the recipients list's row and column in a mailing,
//! or the template or words file that writes it. Characters of one field (a word in a
//! script no face has) are reported together, at the first of them.

use std::path::{Path, PathBuf};

use crate::chars;
use crate::court::Court;
use crate::error::{Error, Location};
use crate::plan::Plan;

/// What is wrong, naming each cluster and every character in it as Unicode names them.
pub fn problem(clusters: &[String]) -> String {
    let named: Vec<String> = clusters.iter().map(|c| describe(c)).collect();
    format!(
        "the PDF cannot show {}: none of its fonts has {}",
        chars::and_list(&named),
        if clusters.len() == 1 { "it" } else { "them" }
    )
}

/// What to do about it.
pub const HELP: &str = "the PDF's fonts cover Latin, Greek, Cyrillic, Hebrew, Arabic, Chinese, \
     Japanese, Korean and common symbols, but few emoji; write the text without the \
     character (a web page could show it, the printed notice cannot)";

/// `😀` (U+1F600 GRINNING FACE); a cluster of several characters names each.
fn describe(cluster: &str) -> String {
    let names: Vec<String> = cluster.chars().map(chars::name).collect();
    format!("`{cluster}` ({})", names.join(", "))
}

/// Where a cluster was written: the place to point at, and the field (court data) or line
/// (a template) whose clusters are reported together.
struct Place {
    location: Location,
    field: Option<String>,
}

impl Place {
    fn same_text(&self, other: &Place) -> bool {
        self.location.file == other.location.file
            && match (&self.field, &other.field) {
                (Some(a), Some(b)) => a == b,
                (None, None) => self.location.line == other.location.line,
                _ => false,
            }
    }
}

/// The cluster in the court's file: its field, and the line and column where it starts.
fn in_court_file(file: &Path, text: &str, cluster: &str) -> Option<Place> {
    let (field, spot) = crate::court::written::find_text(text, cluster)?;
    Some(Place {
        location: Location::new(file, spot.line, spot.column).covering(spot.length.or(Some(1))),
        field: Some(field),
    })
}

/// The cluster in the templates or the words files.
fn in_templates(plan: &Plan, cluster: &str) -> Option<Place> {
    let (file, line, column) = plan.catalog.find_text(cluster)?;
    Some(Place {
        location: Location::new(file, line, column).covering(Some(1)),
        field: None,
    })
}

/// One error per field or template line, naming its clusters.
fn errors(groups: Vec<(Place, Vec<String>)>) -> Vec<Error> {
    groups
        .into_iter()
        .map(|(place, clusters)| {
            Error::data(place.location, place.field, problem(&clusters)).with_help(HELP)
        })
        .collect()
}

fn add(groups: &mut Vec<(Place, Vec<String>)>, place: Place, cluster: &str) {
    match groups.iter_mut().find(|(seen, _)| seen.same_text(&place)) {
        Some((_, clusters)) => clusters.push(cluster.to_string()),
        None => groups.push((place, vec![cluster.to_string()])),
    }
}

/// The court's file and its text, when it can still be read.
fn court_source(plan: &Plan, court: &Court) -> Option<(PathBuf, String)> {
    let file = plan.court_file(court)?;
    let text = std::fs::read_to_string(&file).ok()?;
    Some((file, text))
}

/// The errors for those of `clusters` the court's file holds, at their fields; `None`
/// when it holds none of them.
pub fn in_court(plan: &Plan, court: &Court, clusters: &[String]) -> Option<Error> {
    let (file, text) = court_source(plan, court)?;
    let mut groups = Vec::new();
    for cluster in clusters {
        if let Some(place) = in_court_file(&file, &text, cluster) {
            add(&mut groups, place, cluster);
        }
    }
    Error::collect(errors(groups)).err()
}

/// The error for clusters no font draws in a notice of `court`, each where it was written:
/// the court file, else the templates; else the notice as a whole, named by court and kind.
pub fn in_notice(plan: &Plan, court: &Court, kind: &str, clusters: &[String]) -> Error {
    let source = court_source(plan, court);
    let mut groups = Vec::new();
    let mut unplaced = Vec::new();
    for cluster in clusters {
        let place = source
            .as_ref()
            .and_then(|(file, text)| in_court_file(file, text, cluster))
            .or_else(|| in_templates(plan, cluster));
        match place {
            Some(place) => add(&mut groups, place, cluster),
            None => unplaced.push(cluster.clone()),
        }
    }
    let mut all = errors(groups);
    if !unplaced.is_empty() {
        all.push(Error::Message {
            path: Path::new(&court.id).join(kind),
            problem: format!("{} ({HELP})", problem(&unplaced)),
        });
    }
    Error::collect(all)
        .err()
        .unwrap_or(Error::Unprintable(clusters.to_vec()))
}
