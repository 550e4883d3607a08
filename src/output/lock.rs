//! Who may change an output folder, and when. Builds into one folder render side by side but
//! change it one at a time: each holds an exclusive lock on `<out>/.noticegen.lock` (a file
//! there only while it is held) while it sets up its staging folder and while it moves its
//! files into place. And every staging
//! folder holds a locked `owner` file for as long as its build lives, so a staging folder whose
//! owner lock can be taken belongs to a build that has ended (killed, crashed): the kernel
//! drops a process's locks when it dies, whatever its PID namespace or container, which a PID
//! recorded in a folder name cannot tell.

use std::fs::{self, File, OpenOptions, TryLockError};
use std::io;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::error::Error;

/// The lock file every build of a folder takes before changing it.
pub const LOCK: &str = ".noticegen.lock";
/// How long a build waits for another one to finish changing the folder. Changing takes a
/// moment (renames only), so a lock held this long belongs to a stopped or hung build.
pub const WAIT: Duration = Duration::from_secs(60);
/// The file inside a staging folder that its build keeps locked.
pub const OWNER: &str = "owner";

const POLL: Duration = Duration::from_millis(20);

/// The exclusive right to change an output folder; released when dropped.
pub struct FolderLock {
    file: File,
    path: PathBuf,
}

impl FolderLock {
    /// Takes the folder's lock, waiting up to [`WAIT`] for another build to release it.
    pub fn acquire(out: &Path) -> Result<FolderLock, Error> {
        FolderLock::acquire_within(out, WAIT)
    }

    pub fn acquire_within(out: &Path, wait: Duration) -> Result<FolderLock, Error> {
        let deadline = Instant::now() + wait;
        loop {
            if let Some(lock) = FolderLock::try_acquire(out)? {
                return Ok(lock);
            }
            if Instant::now() >= deadline {
                let path = out.join(LOCK);
                return Err(Error::io(
                    &path,
                    io::Error::new(
                        io::ErrorKind::WouldBlock,
                        format!(
                            "another noticegen run has been writing into `{}` for over {} s; \
                             wait for it to finish or stop it, then try again",
                            out.display(),
                            wait.as_secs()
                        ),
                    ),
                ));
            }
            std::thread::sleep(POLL);
        }
    }

    /// Takes the folder's lock if no one holds it.
    pub fn try_acquire(out: &Path) -> Result<Option<FolderLock>, Error> {
        let path = out.join(LOCK);
        // Opening follows symbolic links: a planted link must not make noticegen create or
        // lock a file elsewhere.
        if fs::symlink_metadata(&path).is_ok_and(|meta| !meta.is_file()) {
            return Err(Error::Usage(format!(
                "refusing to use `{}`: noticegen's lock file there is a symbolic link or a folder",
                path.display()
            )));
        }
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(|e| Error::io(&path, e))?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => return Ok(None),
            Err(TryLockError::Error(e)) => return Err(Error::io(&path, e)),
        }
        // The holder before removed the file as it let go: a file no longer in the folder is
        // no one's lock.
        if !still_at(&file, &path) {
            return Ok(None);
        }
        Ok(Some(FolderLock { file, path }))
    }
}

/// The lock file goes with the lock, so an output folder at rest holds none. It is removed
/// while still locked: whoever opened it just before finds, once they hold it, that it is no
/// longer the folder's lock file, and starts over (see [`still_at`]).
impl Drop for FolderLock {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.path);
        let _ = self.file.unlock();
    }
}

/// The lock held by a live build on its staging folder.
pub struct Owner {
    _file: File,
}

impl Owner {
    /// Creates and locks `dir/owner`; `dir` is a staging folder just made.
    pub fn claim(dir: &Path) -> Result<Owner, Error> {
        let path = dir.join(OWNER);
        let file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .map_err(|e| Error::io(&path, e))?;
        match file.try_lock() {
            Ok(()) => Ok(Owner { _file: file }),
            Err(TryLockError::WouldBlock) => Err(Error::io(
                &path,
                io::Error::new(io::ErrorKind::WouldBlock, "locked by another process"),
            )),
            Err(TryLockError::Error(e)) => Err(Error::io(&path, e)),
        }
    }
}

/// Whether the build that made staging folder `dir` has ended. Called with the folder's lock
/// held, and staging folders get their owner under that lock, so a folder without an owner
/// file is not one being set up: it was left by a build that died or by an older noticegen.
/// When in doubt (the owner cannot be read), the folder is taken to be live.
pub fn is_abandoned(dir: &Path) -> bool {
    // Opened for writing: over NFS an exclusive lock needs a writable handle.
    match OpenOptions::new()
        .read(true)
        .write(true)
        .open(dir.join(OWNER))
    {
        Ok(file) => file.try_lock().is_ok(),
        Err(error) => error.kind() == io::ErrorKind::NotFound,
    }
}

#[cfg(unix)]
fn still_at(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), fs::symlink_metadata(path)) {
        (Ok(held), Ok(named)) => held.dev() == named.dev() && held.ino() == named.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn still_at(_: &File, path: &Path) -> bool {
    path.exists()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_holder_at_a_time() {
        let temp = tempfile::tempdir().unwrap();
        let first = FolderLock::try_acquire(temp.path()).unwrap();
        assert!(first.is_some());
        assert!(FolderLock::try_acquire(temp.path()).unwrap().is_none());
        let error = FolderLock::acquire_within(temp.path(), Duration::from_millis(50))
            .err()
            .unwrap();
        assert!(
            error.to_string().contains("another noticegen run"),
            "{error}"
        );
        drop(first);
        assert!(FolderLock::try_acquire(temp.path()).unwrap().is_some());
    }

    #[test]
    fn a_waiting_build_gets_the_lock_when_it_is_released() {
        let temp = tempfile::tempdir().unwrap();
        let first = FolderLock::try_acquire(temp.path()).unwrap().unwrap();
        let release = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(100));
            drop(first);
        });
        assert!(FolderLock::acquire_within(temp.path(), Duration::from_secs(10)).is_ok());
        release.join().unwrap();
    }

    #[test]
    fn a_removed_lock_file_is_not_shared() {
        let temp = tempfile::tempdir().unwrap();
        let first = FolderLock::try_acquire(temp.path()).unwrap().unwrap();
        // Opened before the holder removed it: the file is gone from the folder.
        let stale = File::open(temp.path().join(LOCK)).unwrap();
        drop(first);
        assert!(
            !temp.path().join(LOCK).exists(),
            "the file goes with the lock"
        );
        assert!(stale.try_lock().is_ok());
        assert!(!still_at(&stale, &temp.path().join(LOCK)));
        let second = FolderLock::try_acquire(temp.path()).unwrap();
        assert!(second.is_some(), "a fresh lock file is made and taken");
    }

    #[cfg(unix)]
    #[test]
    fn a_symlinked_lock_file_is_refused() {
        let temp = tempfile::tempdir().unwrap();
        let elsewhere = temp.path().join("elsewhere");
        let out = temp.path().join("out");
        fs::create_dir(&out).unwrap();
        std::os::unix::fs::symlink(&elsewhere, out.join(LOCK)).unwrap();
        assert!(FolderLock::try_acquire(&out).is_err());
        assert!(!elsewhere.exists());
    }

    #[test]
    fn a_staging_folder_is_abandoned_once_its_owner_lets_go() {
        let temp = tempfile::tempdir().unwrap();
        let owner = Owner::claim(temp.path()).unwrap();
        assert!(!is_abandoned(temp.path()), "its build is alive");
        drop(owner);
        assert!(is_abandoned(temp.path()), "its build has ended");
        let ownerless = temp.path().join("old");
        fs::create_dir(&ownerless).unwrap();
        assert!(
            is_abandoned(&ownerless),
            "left by a build without an owner file"
        );
    }
}
