//! Finding the court files of a folder (`--courts DIR`): `<id>.yaml` or `<id>.yml`, the
//! extension in any letter case (`cacd.YAML`, as some systems save it). A folder that does not
//! exist or holds no court file is an error, never a build of nothing that would publish an
//! empty index; a file that looks meant as a court file but is not one by name
//! (`flsd.yaml.txt`, `nmd.yaml~`) is skipped with a warning naming it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::error::{Error, Location};

/// The court files of a folder, sorted, and warnings about files skipped.
#[derive(Debug, Default)]
pub struct Found {
    pub files: Vec<PathBuf>,
    pub warnings: Vec<String>,
}

const HOW: &str = "court files are named `<id>.yaml` or `<id>.yml`";

pub fn court_files(dir: &Path) -> Result<Found, Error> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            return Err(Error::Usage(format!(
                "no folder `{}` to read court files from ({HOW}; give their folder with --courts DIR)",
                dir.display()
            )));
        }
        Err(error) if error.kind() == std::io::ErrorKind::NotADirectory => {
            return Err(Error::Usage(format!(
                "`{}` is a file, not a folder of court files ({HOW}; give their folder with --courts DIR)",
                dir.display()
            )));
        }
        Err(error) => return Err(Error::io(dir, error)),
    };
    let mut files = Vec::new();
    let mut near_misses = Vec::new();
    for entry in entries {
        let path = entry.map_err(|error| Error::io(dir, error))?.path();
        let Some(name) = path
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
        else {
            continue;
        };
        if !path.is_file() {
            continue;
        }
        if is_court_file(&name) {
            files.push(path);
        } else if let Some(meant) = meant_as_court_file(&name) {
            near_misses.push((path, meant));
        }
    }
    files.sort();
    near_misses.sort();
    let ids: Vec<String> = files.iter().map(|file| stem(file)).collect();
    let warnings: Vec<String> = near_misses
        .iter()
        .map(|(path, meant)| {
            let id = meant.rsplit_once('.').map_or(meant.as_str(), |(id, _)| id);
            let advice = if ids.iter().any(|known| known == id) {
                format!("court `{id}` is read from its own file")
            } else {
                format!("rename it `{meant}` to build it")
            };
            format!("skipped `{}`: {HOW}; {advice}", path.display())
        })
        .collect();
    if files.is_empty() {
        let mut message = format!(
            "no court files in `{}` ({HOW}; give their folder with --courts DIR)",
            dir.display()
        );
        for warning in &warnings {
            message.push_str(&format!("\n{warning}"));
        }
        return Err(Error::Usage(message));
    }
    twins(&files)?;
    Ok(Found { files, warnings })
}

/// `nmd.yaml` and `nmd.yml` (or `nmd.YAML`) would be one court twice.
fn twins(files: &[PathBuf]) -> Result<(), Error> {
    let mut by_id: BTreeMap<String, Vec<&PathBuf>> = BTreeMap::new();
    for file in files {
        by_id.entry(stem(file)).or_default().push(file);
    }
    let errors = by_id
        .into_iter()
        .filter(|(_, files)| files.len() > 1)
        .map(|(id, files)| {
            let names: Vec<String> = files
                .iter()
                .map(|file| format!("`{}`", file.display()))
                .collect();
            let last = files
                .last()
                .map_or(PathBuf::new(), |file| file.to_path_buf());
            Error::data(
                Location::new(last, 1, 1),
                None::<String>,
                format!(
                    "court `{id}` has {} files, {}: keep one",
                    files.len(),
                    names.join(" and ")
                ),
            )
        })
        .collect();
    Error::collect(errors)
}

pub fn stem(file: &Path) -> String {
    file.file_stem()
        .map(|stem| stem.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// `<stem>.yaml` or `<stem>.yml`, the extension in any letter case.
fn is_court_file(name: &str) -> bool {
    match name.rsplit_once('.') {
        Some((stem, extension)) => {
            !stem.is_empty()
                && (extension.eq_ignore_ascii_case("yaml") || extension.eq_ignore_ascii_case("yml"))
        }
        None => false,
    }
}

/// The court file name a file was probably meant to have: `flsd.yaml.txt`, `nmd.yaml~`,
/// `nmd.yml.bak` and `nmd.yaml ` (a trailing space) were meant as `flsd.yaml`, `nmd.yaml`,
/// `nmd.yml`. Hidden files (an editor's `.nmd.yaml.swp`) are not anyone's court file.
fn meant_as_court_file(name: &str) -> Option<String> {
    if name.starts_with('.') {
        return None;
    }
    let lower = name.to_ascii_lowercase();
    ["yaml", "yml"].iter().find_map(|extension| {
        let at = lower.find(&format!(".{extension}"))?;
        let stem = name.get(..at).filter(|stem| !stem.is_empty())?;
        Some(format!("{stem}.{extension}"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folder(names: &[&str]) -> tempfile::TempDir {
        let temp = tempfile::tempdir().unwrap();
        for name in names {
            std::fs::write(temp.path().join(name), "name: x\n").unwrap();
        }
        temp
    }

    fn names(found: &Found) -> Vec<String> {
        found
            .files
            .iter()
            .map(|file| file.file_name().unwrap().to_string_lossy().into_owned())
            .collect()
    }

    #[test]
    fn yaml_and_yml_in_any_case_are_court_files() {
        let temp = folder(&["nmd.yaml", "casd.yml", "cacd.YAML", "flsd.Yml", "notes.txt"]);
        let found = court_files(temp.path()).unwrap();
        assert_eq!(
            names(&found),
            ["cacd.YAML", "casd.yml", "flsd.Yml", "nmd.yaml"]
        );
        assert!(found.warnings.is_empty(), "{:?}", found.warnings);
    }

    #[test]
    fn files_meant_as_court_files_are_named_in_warnings() {
        let temp = folder(&[
            "nmd.yaml",
            "nmd.yaml~",
            "flsd.yaml.txt",
            "casd.yml.bak",
            "cacd.yaml ",
            ".nmd.yaml.swp",
            "README.md",
        ]);
        let found = court_files(temp.path()).unwrap();
        assert_eq!(names(&found), ["nmd.yaml"]);
        let warnings = found.warnings.join("\n");
        assert_eq!(found.warnings.len(), 4, "{warnings}");
        assert!(warnings.contains("flsd.yaml.txt`: court files are named `<id>.yaml` or `<id>.yml`; rename it `flsd.yaml` to build it"), "{warnings}");
        assert!(warnings.contains("casd.yml.bak`: court files are named `<id>.yaml` or `<id>.yml`; rename it `casd.yml`"), "{warnings}");
        assert!(
            warnings.contains("cacd.yaml `"),
            "a trailing space: {warnings}"
        );
        assert!(warnings.contains("nmd.yaml~`: court files are named `<id>.yaml` or `<id>.yml`; court `nmd` is read from its own file"), "{warnings}");
    }

    #[test]
    fn a_folder_without_court_files_is_an_error_naming_it() {
        let temp = folder(&["flsd.yaml.txt", "notes.txt"]);
        let error = court_files(temp.path()).unwrap_err();
        let text = error.to_string();
        assert_eq!(error.exit_code(), 2);
        assert!(text.starts_with("no court files in `"), "{text}");
        assert!(text.contains("rename it `flsd.yaml`"), "{text}");

        let empty = folder(&[]);
        assert!(court_files(empty.path()).is_err());
        let missing = empty.path().join("court");
        let text = court_files(&missing).unwrap_err().to_string();
        assert!(text.starts_with("no folder `"), "{text}");
        assert!(text.contains("court`"), "{text}");
        let file = empty.path().join("a.yaml");
        std::fs::write(&file, "").unwrap();
        let text = court_files(&file).unwrap_err().to_string();
        assert!(text.contains("is a file, not a folder"), "{text}");
    }

    #[test]
    fn one_court_in_two_files_is_an_error() {
        let temp = folder(&["nmd.yaml", "nmd.yml", "casd.yaml"]);
        let text = court_files(temp.path()).unwrap_err().to_string();
        assert!(text.contains("court `nmd` has 2 files"), "{text}");
    }
}
