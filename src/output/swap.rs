//! Moving a build's staged files into the output folder, all or nothing. Every check that can
//! refuse runs first ([`preflight`]), before anything in the folder changes; then each file
//! replaces its old version with one rename ([`apply`]), the old version kept under a second
//! name so that a failure half-way (a full disk, a permission) puts every file back.

use std::collections::{BTreeSet, HashSet};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::error::Error;

/// Moves the folder `staged` in as `out`, which must not exist: one rename, atomic, for a
/// build into a new folder. False, with nothing moved, where `out` exists by now or the file
/// system cannot rename without replacing (then the files move in one by one, [`apply`]).
#[cfg(target_os = "linux")]
pub fn move_in_whole(staged: &Path, out: &Path) -> io::Result<bool> {
    use std::os::unix::ffi::OsStrExt;
    let path = |path: &Path| std::ffi::CString::new(path.as_os_str().as_bytes());
    let (from, to) = (path(staged)?, path(out)?);
    // SAFETY: both are NUL-terminated paths that outlive the call; renameat2 only reads them.
    let done = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            from.as_ptr(),
            libc::AT_FDCWD,
            to.as_ptr(),
            libc::RENAME_NOREPLACE,
        )
    };
    if done == 0 {
        return Ok(true);
    }
    let error = io::Error::last_os_error();
    match error.raw_os_error() {
        // There now, or the flag is not supported here.
        Some(libc::EEXIST | libc::ENOTEMPTY | libc::EINVAL | libc::ENOSYS) => Ok(false),
        _ => Err(error),
    }
}

#[cfg(not(target_os = "linux"))]
pub fn move_in_whole(_staged: &Path, _out: &Path) -> io::Result<bool> {
    Ok(false)
}

/// Refuses, all at once, every path that cannot be written as a plain file inside `out`: a
/// symbolic link on the way (it would carry files out of the folder), a file where a folder
/// goes, or a folder where a file goes.
pub fn preflight<'a>(
    out: &Path,
    files: impl IntoIterator<Item = &'a PathBuf>,
) -> Result<(), Error> {
    check(out, files, true)
}

/// [`preflight`] for files already found to be plain files: only the folders on their way.
pub fn preflight_folders<'a>(
    out: &Path,
    files: impl IntoIterator<Item = &'a PathBuf>,
) -> Result<(), Error> {
    check(out, files, false)
}

fn check<'a>(
    out: &Path,
    files: impl IntoIterator<Item = &'a PathBuf>,
    targets: bool,
) -> Result<(), Error> {
    let mut problems = BTreeSet::new();
    // Folders already found to be plain folders, or to be missing: a court's files share
    // theirs, and nothing under a missing one needs looking at.
    let mut folders: HashSet<PathBuf> = HashSet::new();
    let mut missing: HashSet<PathBuf> = HashSet::new();
    for relative in files {
        let mut folder = out.to_path_buf();
        let parents: Vec<_> = relative
            .parent()
            .into_iter()
            .flat_map(Path::components)
            .collect();
        let mut present = true;
        for component in parents {
            folder.push(component);
            if folders.contains(&folder) {
                continue;
            }
            if missing.contains(&folder) {
                present = false;
                break;
            }
            match kind_of(&folder)? {
                Some(Kind::Folder) => {
                    folders.insert(folder.clone());
                }
                Some(Kind::Link) => {
                    problems.insert(link(out, &folder));
                    present = false;
                    break;
                }
                Some(Kind::File) => {
                    problems.insert(format!(
                        "`{}` is a file, but the build puts a folder there; move it away and build again",
                        folder.display()
                    ));
                    present = false;
                    break;
                }
                None => {
                    missing.insert(folder.clone());
                    present = false;
                    break;
                }
            }
        }
        if !present || !targets {
            continue;
        }
        let target = out.join(relative);
        match kind_of(&target)? {
            Some(Kind::Link) => {
                problems.insert(link(out, &target));
            }
            Some(Kind::Folder) => {
                problems.insert(format!(
                    "`{}` is a folder, but the build writes a file there; move it away and build again",
                    target.display()
                ));
            }
            Some(Kind::File) | None => {}
        }
    }
    Error::collect(problems.into_iter().map(Error::Usage).collect())
}

fn link(out: &Path, path: &Path) -> String {
    format!(
        "refusing to write through `{}`: it is a symbolic link, and output must stay inside `{}`",
        path.display(),
        out.display()
    )
}

enum Kind {
    File,
    Folder,
    Link,
}

/// What is at `path`, without following a symbolic link; `None` when nothing is.
fn kind_of(path: &Path) -> Result<Option<Kind>, Error> {
    match fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => Ok(Some(Kind::Link)),
        Ok(meta) if meta.is_dir() => Ok(Some(Kind::Folder)),
        Ok(_) => Ok(Some(Kind::File)),
        Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(error) => Err(Error::io(path, error)),
    }
}

/// Moves `files` (relative paths, in order) from `staged` into `out`. Old versions are kept
/// in `backups` until the end; on any failure every change is undone and the error returned.
/// A folder `out` does not have yet moves in whole, with one rename: `staged` holds nothing
/// but `files`, so every file of that folder is among them.
pub fn apply(out: &Path, staged: &Path, backups: &Path, files: &[PathBuf]) -> Result<(), Error> {
    let mut journal = Journal::default();
    let result = files.iter().try_for_each(|relative| {
        if journal.moved_in(relative) {
            return Ok(());
        }
        journal.replace(out, staged, backups, relative)
    });
    if result.is_err() {
        journal.undo(out, staged, backups);
    }
    result
}

/// What [`apply`] changed so far, to undo it.
#[derive(Default)]
struct Journal {
    /// Folders moved into `out` whole (relative paths), in the order they were moved.
    moved: Vec<PathBuf>,
    /// Files moved into `out`, and whether each replaced an old version.
    files: Vec<(PathBuf, bool)>,
}

impl Journal {
    /// Whether `relative` came in with a folder moved whole.
    fn moved_in(&self, relative: &Path) -> bool {
        self.moved.iter().any(|folder| relative.starts_with(folder))
    }

    fn replace(
        &mut self,
        out: &Path,
        staged: &Path,
        backups: &Path,
        relative: &Path,
    ) -> Result<(), Error> {
        let target = out.join(relative);
        if let Some(parent) = relative.parent() {
            let mut folder = PathBuf::new();
            for component in parent.components() {
                folder.push(component);
                let there = out.join(&folder);
                match kind_of(&there)? {
                    Some(_) => continue,
                    None => {
                        // A new folder: in with everything of the build in it, at once.
                        fs::rename(staged.join(&folder), &there)
                            .map_err(|e| Error::io(&there, e))?;
                        self.moved.push(folder);
                        return Ok(());
                    }
                }
            }
        }
        let had_old = kind_of(&target)?.is_some();
        if had_old {
            let backup = backups.join(relative);
            if let Some(parent) = backup.parent() {
                fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
            }
            // A second name for the old file: the target is never missing, even if the build
            // is killed between this and the rename.
            fs::hard_link(&target, &backup)
                .or_else(|_| fs::copy(&target, &backup).map(|_| ()))
                .map_err(|e| Error::io(&target, e))?;
        }
        fs::rename(staged.join(relative), &target).map_err(|e| Error::io(&target, e))?;
        self.files.push((relative.to_path_buf(), had_old));
        Ok(())
    }

    /// Puts back every old file, removes every new one and every folder moved in.
    fn undo(self, out: &Path, staged: &Path, backups: &Path) {
        for folder in self.moved.iter().rev() {
            let _ = fs::rename(out.join(folder), staged.join(folder));
        }
        for (relative, had_old) in self.files.into_iter().rev() {
            let target = out.join(&relative);
            let _ = if had_old {
                fs::rename(backups.join(&relative), &target)
            } else {
                fs::remove_file(&target)
            };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn setup() -> (tempfile::TempDir, PathBuf, PathBuf, PathBuf) {
        let temp = tempfile::tempdir().unwrap();
        let out = temp.path().join("out");
        let staged = temp.path().join("new");
        let backups = temp.path().join("old");
        for dir in [&out, &staged, &backups] {
            fs::create_dir(dir).unwrap();
        }
        (temp, out, staged, backups)
    }

    fn stage(root: &Path, relative: &str, text: &str) -> PathBuf {
        let path = root.join(relative);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, text).unwrap();
        PathBuf::from(relative)
    }

    /// A folder `out` has gets its files one by one; one it lacks moves in whole.
    #[test]
    fn replaces_old_files_adds_new_ones_and_moves_new_folders_in_whole() {
        let (_temp, out, staged, backups) = setup();
        stage(&out, "a/old.md", "old");
        let files = [
            stage(&staged, "a/new.md", "new"),
            stage(&staged, "a/old.md", "newer"),
            stage(&staged, "b/c/x.md", "x"),
            stage(&staged, "b/y.md", "y"),
        ];
        #[cfg(unix)]
        let folder = {
            use std::os::unix::fs::MetadataExt;
            fs::metadata(staged.join("b")).unwrap().ino()
        };
        preflight(&out, &files).unwrap();
        apply(&out, &staged, &backups, &files).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            assert_eq!(fs::metadata(out.join("b")).unwrap().ino(), folder);
        }
        assert!(!staged.join("b").exists());
        assert!(staged.join("a").is_dir(), "the folder out had stays staged");
        assert_eq!(fs::read_to_string(out.join("a/old.md")).unwrap(), "newer");
        assert_eq!(fs::read_to_string(out.join("a/new.md")).unwrap(), "new");
        assert_eq!(fs::read_to_string(out.join("b/c/x.md")).unwrap(), "x");
        assert_eq!(fs::read_to_string(out.join("b/y.md")).unwrap(), "y");
    }

    #[test]
    fn a_failure_half_way_puts_everything_back() {
        let (_temp, out, staged, backups) = setup();
        stage(&out, "a.md", "old a");
        stage(&out, "m/b.md", "old b");
        let mut files = vec![
            stage(&staged, "a.md", "new a"),
            stage(&staged, "m/b.md", "new b"),
        ];
        files.push(stage(&staged, "n/new.md", "new"));
        // The last file vanished from the staging folder: its rename fails.
        files.push(PathBuf::from("z/missing.md"));
        assert!(apply(&out, &staged, &backups, &files).is_err());
        assert_eq!(fs::read_to_string(out.join("a.md")).unwrap(), "old a");
        assert_eq!(fs::read_to_string(out.join("m/b.md")).unwrap(), "old b");
        assert!(
            !out.join("n").exists(),
            "a folder moved in for the build is gone"
        );
        assert!(staged.join("n/new.md").is_file(), "and back where it was");
        assert!(!out.join("z").exists());
    }

    #[cfg(unix)]
    #[test]
    fn every_refusal_is_reported_before_anything_changes() {
        let (temp, out, staged, _) = setup();
        let elsewhere = temp.path().join("elsewhere");
        fs::create_dir(&elsewhere).unwrap();
        std::os::unix::fs::symlink(&elsewhere, out.join("nmd")).unwrap();
        std::os::unix::fs::symlink(elsewhere.join("x"), out.join("index.html")).unwrap();
        fs::write(out.join("casd"), "a file").unwrap();
        fs::create_dir_all(out.join("cacd/letter.md")).unwrap();
        let files = [
            stage(&staged, "cacd/letter.md", "x"),
            stage(&staged, "casd/letter.md", "x"),
            stage(&staged, "index.html", "x"),
            stage(&staged, "nmd/letter.md", "x"),
            stage(&staged, "nmd/notice.md", "x"),
        ];
        let error = preflight(&out, &files).unwrap_err();
        assert_eq!(error.count(), 4, "{error}");
        let text = error.to_string();
        assert!(text.contains("out/nmd`: it is a symbolic link"), "{text}");
        assert!(
            text.contains("out/index.html`: it is a symbolic link"),
            "{text}"
        );
        assert!(text.contains("out/casd` is a file"), "{text}");
        assert!(text.contains("out/cacd/letter.md` is a folder"), "{text}");
    }
}
