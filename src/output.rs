//! Writing `out/` so that a failed build never leaves it half-written: every file goes to a
//! staging folder first and is renamed into place only when the whole build has succeeded.
//! A marker file records what noticegen made, so it never writes into a folder of someone else's.

use std::collections::BTreeSet;
use std::fs;
use std::io::Write;
use std::path::{Component, Path, PathBuf};

use crate::error::Error;

/// Lists, one per line, the files noticegen made in this output folder.
pub const MARKER: &str = ".noticegen";
const STAGING_PREFIX: &str = ".staging-";
/// Files a person may keep in an output folder without making it "someone else's".
const TOLERATED: [&str; 2] = ["README.md", ".gitignore"];

pub struct Staging {
    out: PathBuf,
    dir: PathBuf,
    files: BTreeSet<PathBuf>,
    committed: bool,
    /// The output folder did not exist before: a failed build removes it again.
    created_out: bool,
}

impl Staging {
    /// Prepares to write into `out`, refusing a folder that holds files noticegen did not make.
    pub fn begin(out: &Path) -> Result<Staging, Error> {
        ensure_ours(out)?;
        let created_out = !out.exists();
        fs::create_dir_all(out).map_err(|e| Error::io(out, e))?;
        remove_abandoned_staging(out);
        let dir = out.join(format!("{STAGING_PREFIX}{}", std::process::id()));
        if dir.exists() {
            fs::remove_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
        }
        fs::create_dir(&dir).map_err(|e| Error::io(&dir, e))?;
        Ok(Staging {
            out: out.to_path_buf(),
            dir,
            files: BTreeSet::new(),
            committed: false,
            created_out,
        })
    }

    /// Stages one file at `relative`, a path inside the output folder.
    pub fn write(&mut self, relative: &Path, bytes: &[u8]) -> Result<(), Error> {
        if !is_plain_relative(relative) {
            return Err(Error::Usage(format!(
                "refusing to write `{}`: output paths must stay inside the output folder",
                relative.display()
            )));
        }
        let path = self.dir.join(relative);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        let mut file = fs::File::create(&path).map_err(|e| Error::io(&path, e))?;
        file.write_all(bytes).map_err(|e| Error::io(&path, e))?;
        self.files.insert(relative.to_path_buf());
        Ok(())
    }

    /// Stages a file the caller writes itself (one too large to hold in memory) at
    /// `relative`, and opens it for writing.
    pub fn create(&mut self, relative: &Path) -> Result<fs::File, Error> {
        self.write(relative, &[])?;
        let path = self.dir.join(relative);
        fs::File::create(&path).map_err(|e| Error::io(&path, e))
    }

    /// Moves every staged file into place and records it in the marker.
    pub fn commit(mut self) -> Result<Vec<PathBuf>, Error> {
        let marker = self.out.join(MARKER);
        let mut made: BTreeSet<PathBuf> = fs::read_to_string(&marker)
            .map(|text| text.lines().map(PathBuf::from).collect())
            .unwrap_or_default();
        for relative in &self.files {
            let target = self.out.join(relative);
            refuse_symlinked_folders(&self.out, relative)?;
            if let Some(parent) = target.parent() {
                fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
            }
            let staged = self.dir.join(relative);
            fs::rename(&staged, &target).map_err(|e| Error::io(&target, e))?;
            made.insert(relative.clone());
        }
        let listing: String = made
            .iter()
            .map(|path| format!("{}\n", path.display()))
            .collect();
        let staged_marker = self.dir.join(MARKER);
        fs::write(&staged_marker, listing).map_err(|e| Error::io(&staged_marker, e))?;
        fs::rename(&staged_marker, &marker).map_err(|e| Error::io(&marker, e))?;
        self.committed = true;
        let _ = fs::remove_dir_all(&self.dir);
        Ok(self.files.iter().cloned().collect())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.dir);
            if self.created_out {
                // Only succeeds when empty: nothing but the staging folder was ever there.
                let _ = fs::remove_dir(&self.out);
            }
        }
    }
}

/// A folder inside `out` that is a symbolic link would carry files out of it (`out/nmd` →
/// `/home/clerk`); noticegen refuses rather than follow it.
fn refuse_symlinked_folders(out: &Path, relative: &Path) -> Result<(), Error> {
    let mut folder = out.to_path_buf();
    let parents: Vec<_> = relative.components().collect();
    for component in &parents[..parents.len().saturating_sub(1)] {
        folder.push(component);
        let is_link = fs::symlink_metadata(&folder).is_ok_and(|meta| meta.file_type().is_symlink());
        if is_link {
            return Err(Error::Usage(format!(
                "refusing to write through `{}`: it is a symbolic link, and output must stay inside `{}`",
                folder.display(),
                out.display()
            )));
        }
    }
    Ok(())
}

/// A relative path with no `..`, root or prefix: it cannot leave the folder it is joined to.
fn is_plain_relative(path: &Path) -> bool {
    path.components().count() > 0 && path.components().all(|c| matches!(c, Component::Normal(_)))
}

fn ensure_ours(out: &Path) -> Result<(), Error> {
    let entries = match fs::read_dir(out) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(Error::io(out, e)),
    };
    if out.join(MARKER).exists() {
        return Ok(());
    }
    let foreign: Vec<String> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| !TOLERATED.contains(&name.as_str()) && !name.starts_with(STAGING_PREFIX))
        .collect();
    match foreign.first() {
        None => Ok(()),
        Some(example) => Err(Error::Usage(format!(
            "refusing to write into `{}`: it holds files noticegen did not make (such as `{example}`); \
             choose an empty or new folder with --out",
            out.display()
        ))),
    }
}

/// Removes staging folders left by builds that were killed, so they do not pile up.
fn remove_abandoned_staging(out: &Path) {
    let Ok(entries) = fs::read_dir(out) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(pid) = name.strip_prefix(STAGING_PREFIX) else {
            continue;
        };
        let alive = Path::new("/proc").join(pid).exists();
        if !alive {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_reaches_out_until_commit() {
        let temp = tempfile::tempdir().unwrap();
        let out = temp.path().join("out");
        let mut staging = Staging::begin(&out).unwrap();
        staging.write(Path::new("nmd/letter.md"), b"hello").unwrap();
        assert!(!out.join("nmd/letter.md").exists());
        staging.commit().unwrap();
        assert_eq!(fs::read(out.join("nmd/letter.md")).unwrap(), b"hello");
        assert_eq!(
            fs::read_to_string(out.join(MARKER)).unwrap(),
            "nmd/letter.md\n"
        );
    }

    #[test]
    fn a_dropped_build_leaves_the_previous_output() {
        let temp = tempfile::tempdir().unwrap();
        let out = temp.path().join("out");
        let mut first = Staging::begin(&out).unwrap();
        first.write(Path::new("a.md"), b"old").unwrap();
        first.commit().unwrap();
        let mut second = Staging::begin(&out).unwrap();
        second.write(Path::new("a.md"), b"new").unwrap();
        drop(second);
        assert_eq!(fs::read(out.join("a.md")).unwrap(), b"old");
        let leftovers: Vec<_> = fs::read_dir(&out).unwrap().collect();
        assert_eq!(leftovers.len(), 2, "only a.md and the marker remain");
    }

    #[test]
    fn a_failed_first_build_leaves_no_output_folder() {
        let temp = tempfile::tempdir().unwrap();
        let out = temp.path().join("out");
        let mut staging = Staging::begin(&out).unwrap();
        staging.write(Path::new("a.md"), b"x").unwrap();
        drop(staging);
        assert!(!out.exists());
    }

    #[test]
    fn refuses_a_folder_of_someone_elses() {
        let temp = tempfile::tempdir().unwrap();
        fs::write(temp.path().join("thesis.docx"), b"precious").unwrap();
        let error = Staging::begin(temp.path()).err().unwrap();
        assert!(error.to_string().contains("thesis.docx"), "{error}");
        assert!(temp.path().join("thesis.docx").exists());
    }

    #[test]
    fn tolerates_a_readme_in_a_fresh_output_folder() {
        let temp = tempfile::tempdir().unwrap();
        fs::write(temp.path().join("README.md"), b"generated files").unwrap();
        assert!(Staging::begin(temp.path()).is_ok());
    }

    #[cfg(unix)]
    #[test]
    fn a_symlinked_court_folder_cannot_carry_files_out() {
        let temp = tempfile::tempdir().unwrap();
        let out = temp.path().join("out");
        let elsewhere = temp.path().join("elsewhere");
        fs::create_dir(&elsewhere).unwrap();
        let mut first = Staging::begin(&out).unwrap();
        first.write(Path::new("a.md"), b"x").unwrap();
        first.commit().unwrap();
        std::os::unix::fs::symlink(&elsewhere, out.join("nmd")).unwrap();
        let mut second = Staging::begin(&out).unwrap();
        second.write(Path::new("nmd/letter.md"), b"x").unwrap();
        let error = second.commit().unwrap_err();
        assert!(error.to_string().contains("symbolic link"), "{error}");
        assert_eq!(fs::read_dir(&elsewhere).unwrap().count(), 0);
    }

    #[test]
    fn paths_cannot_escape_the_output_folder() {
        let temp = tempfile::tempdir().unwrap();
        let mut staging = Staging::begin(temp.path()).unwrap();
        for bad in ["../evil.md", "/etc/passwd", "a/../../b", ""] {
            assert!(staging.write(Path::new(bad), b"x").is_err(), "{bad}");
        }
    }
}
