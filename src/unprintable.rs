//! Characters the PDF cannot show, traced to where they were written. The typesetter draws
//! each character in the first of its faces that has it (the body face, then the fallback
//! faces); a character none has (an emoji, a script no face covers) would print as `?`,
//! so the notice is refused instead, and the report points at the court file's field
//! (line and column of the character), the recipients list's row and column in a mailing,
//! or the template that writes it.

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

/// The first character of a cluster that is not invisible: what to look for in the
/// sources (a joiner or variation selector is in many places).
fn key_char(cluster: &str) -> Option<char> {
    cluster
        .chars()
        .find(|&c| !chars::is_default_ignorable(c))
        .or_else(|| cluster.chars().next())
}

/// One cluster in the court's file: the data error at its field, line and column.
pub fn in_court(plan: &Plan, court: &Court, cluster: &str) -> Option<Error> {
    let wanted = key_char(cluster)?;
    let file = plan.court_file(court)?;
    let text = std::fs::read_to_string(&file).ok()?;
    let (field, spot) = crate::court::written::find_char(&text, wanted)?;
    let location = Location::new(file, spot.line, spot.column).covering(spot.length.or(Some(1)));
    Some(Error::data(location, Some(field), problem(&[cluster.to_string()])).with_help(HELP))
}

/// One cluster in the templates or the words files: the error at its line and column.
pub fn in_templates(plan: &Plan, cluster: &str) -> Option<Error> {
    let wanted = key_char(cluster)?;
    let (file, line, column) = plan.catalog.find_char(wanted)?;
    let location = Location::new(file, line, column).covering(Some(1));
    Some(Error::data(location, None::<String>, problem(&[cluster.to_string()])).with_help(HELP))
}

/// The error for clusters no font draws in a notice of `court`, each where it was written:
/// the court file, else the templates; else the notice as a whole, named by court and kind.
pub fn in_notice(plan: &Plan, court: &Court, kind: &str, clusters: &[String]) -> Error {
    let mut errors = Vec::new();
    let mut unplaced = Vec::new();
    for cluster in clusters {
        match in_court(plan, court, cluster).or_else(|| in_templates(plan, cluster)) {
            Some(error) => errors.push(error),
            None => unplaced.push(cluster.clone()),
        }
    }
    if !unplaced.is_empty() {
        errors.push(Error::Message {
            path: std::path::Path::new(&court.id).join(kind),
            problem: format!("{} ({HELP})", problem(&unplaced)),
        });
    }
    Error::collect(errors)
        .err()
        .unwrap_or(Error::Unprintable(clusters.to_vec()))
}
