//! A court's own partials: `courts/<id>/partials/<name>.md` takes the place of the shared
//! `partials/<name>.md` in that court's notices only, for the sentence its clerk insists on.
//! The court gets a Tera environment of its own, the shared one with its files swapped in, so
//! an error in one of them is reported at its own path, line and column, and no other court
//! sees it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use tera::Tera;

use crate::error::{Error, Location};

/// The folder of a court's partials, inside its own folder (`courts/<id>/`).
pub const FOLDER: &str = "partials";

/// The templates a court with partials of its own renders with.
pub(super) struct CourtTemplates {
    pub tera: Tera,
    /// Template name → the file it came from, the court's own where it has one.
    pub files: BTreeMap<String, PathBuf>,
    /// Template name → its text, to quote in error reports.
    pub texts: super::SourceTexts,
}

/// The partial files of a court's folder, `courts_dir/<id>/partials/*.md`, sorted, each as
/// (template name, file): `partials/intro.md`. A court without the folder has none.
pub(super) fn files_of(courts_dir: &Path, id: &str) -> Result<Vec<(String, PathBuf)>, Error> {
    let dir = courts_dir.join(id).join(FOLDER);
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut found = Vec::new();
    for entry in std::fs::read_dir(&dir).map_err(|e| Error::io(&dir, e))? {
        let path = entry.map_err(|e| Error::io(&dir, e))?.path();
        let is_markdown = path.extension().is_some_and(|ext| ext == "md");
        if !path.is_file() || !is_markdown {
            continue;
        }
        let Some(file) = path
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
        else {
            continue;
        };
        found.push((format!("{FOLDER}/{file}"), path));
    }
    found.sort();
    Ok(found)
}

/// `file` is meant to replace `name`, which the shared templates do not have: the error names
/// the shared partials, and the nearest one when the name looks misspelt.
pub(super) fn unknown(file: &Path, name: &str, shared: &[&str]) -> Error {
    let list = shared
        .iter()
        .map(|name| name.trim_start_matches("partials/").to_string())
        .collect::<Vec<_>>();
    let error = Error::data(
        Location::new(file, 1, 1),
        None::<String>,
        format!(
            "`{name}` is no shared partial, so this file would replace nothing (the shared \
             partials are: {})",
            list.join(", ")
        ),
    );
    let wanted = name.trim_start_matches("partials/");
    match list
        .iter()
        .map(|known| (strsim::levenshtein(known, wanted), known))
        .filter(|(distance, _)| *distance <= 3)
        .min()
    {
        Some((_, known)) => error.with_help(format!("did you mean `{known}`?")),
        None => error.with_help(format!(
            "name the file after the shared partial it replaces, as `{FOLDER}/contacts.md`"
        )),
    }
}
