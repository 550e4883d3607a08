//! Writing `out/` so that a failed build never changes it: every file goes to a staging folder
//! of the build's own first and is moved into place only when the whole build has succeeded,
//! after every check that can refuse. A marker file records what noticegen made, so it never
//! writes into a folder of someone else's; a lock file lets one build at a time change it. A
//! record of what each rendered file was made from ([`record`]) lets a rebuild skip what has
//! not changed, and a build that changes nothing writes nothing at all.

mod lock;
mod record;
mod swap;

use std::collections::{BTreeSet, HashMap, HashSet};
use std::fs;
use std::hash::{BuildHasher, Hasher};
use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};

use crate::error::Error;
use lock::{FolderLock, Owner};
use record::Entry;

pub use lock::{LOCK, WAIT};
pub use record::{Key, RECORD, Record, Stamp};

/// Lists, one per line, the files noticegen made in this output folder.
pub const MARKER: &str = ".noticegen";
const STAGING_PREFIX: &str = ".staging-";
/// Inside a staging folder: the files as they will be in `out/`, and the old versions they
/// replace (kept until the build has finished, to put back on a failure).
const NEW: &str = "new";
const OLD: &str = "old";
/// Files a person may keep in an output folder without making it "someone else's", and the
/// record, which means nothing without the marker (a folder whose marker was deleted).
const TOLERATED: [&str; 4] = ["README.md", ".gitignore", LOCK, RECORD];

/// Asked at commit for the bytes of a file the build kept without staging it, when another
/// build replaced that file in the meantime.
pub type Restore<'a> = dyn FnMut(&Path) -> Result<Vec<u8>, Error> + 'a;

pub struct Staging {
    out: PathBuf,
    /// This build's own staging folder, `out/.staging-<pid>-<random>`, once made. A build
    /// into a folder holding earlier output makes it only when it has a file to stage, so a
    /// rebuild that changes nothing creates nothing.
    dir: Option<PathBuf>,
    /// Held for the build's life: tells other builds the staging folder is in use.
    owner: Option<Owner>,
    /// Every file of this build, staged or kept.
    files: BTreeSet<PathBuf>,
    /// Files already in `out/` as this build would write them: left in place, not rewritten,
    /// so a rebuild changes (and makes new files for) only what changed. Each with what the
    /// file looked like when found, to notice another build replacing it before commit.
    kept: HashMap<PathBuf, Kept>,
    /// What each rendered file was made from, for the record.
    keys: HashMap<PathBuf, Key>,
    /// The record the folder held when the build began, and the record file's stamp then.
    record: Record,
    record_stamp: Option<Stamp>,
    committed: bool,
    /// The output folder did not exist before: a failed build removes it again.
    created_out: bool,
    /// The output folder did not exist: the staging folder is beside it, and its staged
    /// files move in as the folder itself ([`Staging::beside`]).
    beside: bool,
    /// Folders made in the staging folder: a court's files share theirs, and making it
    /// again for each was two system calls.
    made: HashSet<PathBuf>,
}

/// A file of the build left as it is in `out/`.
#[derive(Debug, Clone, Copy)]
struct Kept {
    stamp: Stamp,
    /// The staging folder holds a second name for it (a hard link), which moves in if
    /// another build replaces the file; otherwise commit asks for its bytes again.
    linked: bool,
}

impl Kept {
    /// The file at `path` is still the one found: same inode, size and time.
    fn still(&self, path: &Path) -> bool {
        Stamp::of(path) == Some(self.stamp)
    }
}

impl Staging {
    /// Prepares to write into `out`, refusing a folder that holds files noticegen did not make.
    pub fn begin(out: &Path) -> Result<Staging, Error> {
        // Refused before anything is created in it. A build moving its files in holds the
        // lock and writes the marker last, so a folder it is filling for the first time
        // looks foreign for a moment: then the check under the lock below decides.
        if let Err(error) = ensure_ours(out)
            && !out.join(LOCK).exists()
        {
            return Err(error);
        }
        if let Some(staging) = Staging::beside(out)? {
            return Ok(staging);
        }
        let created_out = !out.exists();
        if created_out {
            fs::create_dir_all(out).map_err(|e| Error::io(out, e))?;
        }
        let mut staging = Staging::empty(out);
        staging.record_stamp = Stamp::of(&out.join(RECORD));
        staging.record = Record::read(out);
        staging.created_out = created_out;
        // A folder with earlier output in it is never empty, so its staging folder can wait
        // until a file needs it. Any other is made now, not when the first file needs it:
        // while it exists the folder is not empty, so a failed first build running beside
        // this one never removes it.
        if !out.join(MARKER).is_file() {
            let lock = FolderLock::acquire(out)?;
            ensure_ours(out)?;
            staging.folder(true)?;
            drop(lock);
        }
        Ok(staging)
    }

    /// A build into a folder that does not exist stages beside it, in
    /// `<parent>/.<name>.staging-<pid>-<random>`, and at commit its staged files move in as
    /// the folder itself with one rename ([`swap::move_in_whole`]). Into a new folder on
    /// ext4, making it, a lock file and a staging folder in it, then moving each court's
    /// files in and removing what was left took a tenth of a letter's time. Should the
    /// folder appear meanwhile (another build made it), the files join it as any build's
    /// do. `None` where `out` exists, or names no folder that could be made beside.
    fn beside(out: &Path) -> Result<Option<Staging>, Error> {
        if !cfg!(target_os = "linux") || fs::symlink_metadata(out).is_ok() {
            return Ok(None);
        }
        let (Some(parent), Some(name)) = (out.parent(), out.file_name()) else {
            return Ok(None);
        };
        let parent = match parent.as_os_str().is_empty() {
            true => Path::new("."),
            false => parent,
        };
        // Where nothing can be made beside, the folder is made as any: what stops that is
        // then reported of the folder asked for, not of a hidden staging folder.
        if fs::create_dir_all(parent).is_err() {
            return Ok(None);
        }
        let prefix = format!(".{}{STAGING_PREFIX}", name.to_string_lossy());
        remove_abandoned_staging(parent, &prefix, Unowned::Kept);
        let Ok((dir, owner)) = make_staging_folder(parent, &prefix) else {
            return Ok(None);
        };
        let mut staging = Staging::empty(out);
        staging.dir = Some(dir);
        staging.owner = Some(owner);
        staging.beside = true;
        Ok(Some(staging))
    }

    /// A build into `out` with nothing staged, kept or recorded yet.
    fn empty(out: &Path) -> Staging {
        Staging {
            out: out.to_path_buf(),
            dir: None,
            owner: None,
            files: BTreeSet::new(),
            kept: HashMap::new(),
            keys: HashMap::new(),
            record: Record::default(),
            record_stamp: None,
            committed: false,
            created_out: false,
            beside: false,
            made: HashSet::new(),
        }
    }

    /// Moves a build staged beside its new output folder in as the folder, with its record
    /// and marker ([`Staging::beside`]). `None` where the folder has appeared since: the
    /// staged files are then moved to a staging folder inside it, for the commit under its
    /// lock.
    fn move_in_whole(&mut self) -> Result<Option<Committed>, Error> {
        self.beside = false;
        let Some(beside) = self.dir.clone() else {
            return Ok(None);
        };
        let staged_root = beside.join(NEW);
        let record = self.updated_record(&Record::default());
        if record != Record::default() {
            let staged = staged_root.join(RECORD);
            fs::write(&staged, record.text()).map_err(|e| Error::io(&staged, e))?;
        }
        let staged = staged_root.join(MARKER);
        fs::write(&staged, marker_text(&self.files)).map_err(|e| Error::io(&staged, e))?;
        if swap::move_in_whole(&staged_root, &self.out).map_err(|e| Error::io(&self.out, e))? {
            return Ok(Some(self.finish(self.files.len())));
        }
        self.created_out = !self.out.exists();
        // The folder beside goes whatever happens next; its files move on first.
        let beside_owner = (self.dir.take(), self.owner.take());
        let inside = fs::create_dir_all(&self.out)
            .map_err(|e| Error::io(&self.out, e))
            .and_then(|()| self.folder(false))
            .and_then(|inside| {
                let moved_to = inside.join(NEW);
                // Onto the empty folder made for it: the files keep their inodes and times.
                fs::rename(&staged_root, &moved_to).map_err(|e| Error::io(&moved_to, e))
            });
        drop(beside_owner);
        let _ = fs::remove_dir_all(&beside);
        self.made.clear();
        inside.map(|()| None)
    }

    /// This build's staging folder, made first if need be. `locked`: the caller holds the
    /// folder's lock (staging folders are made under it, see [`lock::is_abandoned`]).
    fn folder(&mut self, locked: bool) -> Result<PathBuf, Error> {
        if let Some(dir) = &self.dir {
            return Ok(dir.clone());
        }
        let lock = match locked {
            true => None,
            false => Some(FolderLock::acquire(&self.out)?),
        };
        if lock.is_some() {
            ensure_ours(&self.out)?;
        }
        remove_abandoned_staging(&self.out, STAGING_PREFIX, Unowned::Abandoned);
        let (dir, owner) = make_staging_folder(&self.out, STAGING_PREFIX)?;
        self.dir = Some(dir.clone());
        self.owner = Some(owner);
        drop(lock);
        Ok(dir)
    }

    /// Where staged files go, the staging folder made first if need be.
    fn staged_root(&mut self) -> Result<PathBuf, Error> {
        Ok(self.folder(false)?.join(NEW))
    }

    /// Stages one file at `relative`, a path inside the output folder. A file already there
    /// with the same bytes is left in place: the staging folder gets a second name for it (a
    /// hard link, no bytes written), which moves in only if another build replaces the file
    /// before this one commits.
    pub fn write(&mut self, relative: &Path, bytes: &[u8]) -> Result<(), Error> {
        check_relative(relative)?;
        self.keys.remove(relative);
        let current = self.out.join(relative);
        if let Some(stamp) = same_bytes(&current, bytes) {
            let staged = self.staged_root()?.join(relative);
            self.make_folder_of(&staged)?;
            // A file system without hard links gets the bytes staged as any new file's.
            if fs::hard_link(&current, &staged).is_ok() {
                self.leave(relative, stamp, true);
                return Ok(());
            }
        }
        self.stage(relative, bytes)
    }

    /// Like [`Staging::write`], for a build that can make any of its files again on demand
    /// (see [`Staging::commit_restoring`]): a file already there with the same bytes is left
    /// in place with nothing written for it at all. `key` is what the file was made from,
    /// recorded so that the next build can skip rendering it ([`Staging::reuse`]).
    pub fn put(&mut self, relative: &Path, key: Option<Key>, bytes: &[u8]) -> Result<(), Error> {
        check_relative(relative)?;
        match key {
            Some(key) => self.keys.insert(relative.to_path_buf(), key),
            None => self.keys.remove(relative),
        };
        if let Some(stamp) = same_bytes(&self.out.join(relative), bytes) {
            self.leave(relative, stamp, false);
            return Ok(());
        }
        self.stage(relative, bytes)
    }

    /// Whether the file at `relative` is the one this build would render from inputs `key`:
    /// the record has it made from `key`, and it is still the plain file recorded (same size,
    /// modification time and inode; a file edited or replaced by hand is not). If so it
    /// becomes this build's file, left as it is, and need not be rendered; if another build
    /// replaces it before commit, [`Staging::commit_restoring`] asks for its bytes.
    pub fn reuse(&mut self, relative: &Path, key: Key) -> bool {
        match self.record.unchanged(&self.out, relative, key) {
            Some(stamp) => self.keep(relative, key, stamp),
            None => false,
        }
    }

    /// The record the folder held when the build began, to look files up in without holding
    /// the staging (see [`Record::unchanged`]).
    pub fn record(&self) -> &Record {
        &self.record
    }

    /// Makes the file at `relative`, found as `stamp` and made from `key` (see
    /// [`Record::unchanged`]), this build's file, left as it is; as [`Staging::reuse`].
    pub fn keep(&mut self, relative: &Path, key: Key, stamp: Stamp) -> bool {
        if check_relative(relative).is_err() {
            return false;
        }
        self.keys.insert(relative.to_path_buf(), key);
        self.leave(relative, stamp, false);
        true
    }

    /// Counts the file at `relative`, found as `stamp`, among this build's files, left in
    /// place; `linked` when the staging folder holds a second name for it.
    fn leave(&mut self, relative: &Path, stamp: Stamp, linked: bool) {
        self.files.insert(relative.to_path_buf());
        self.kept
            .insert(relative.to_path_buf(), Kept { stamp, linked });
    }

    fn stage(&mut self, relative: &Path, bytes: &[u8]) -> Result<(), Error> {
        let (mut file, path) = self.open_staged(relative)?;
        file.write_all(bytes).map_err(|e| Error::io(&path, e))
    }

    /// Creates the staged file for `relative` and counts it as this build's. It is opened
    /// once: opening an existing file again with truncation makes ext4 write the whole file
    /// out as it is closed (its guard for files replaced by truncating), which held a large
    /// mailing's process for the disk's time instead of leaving it to writeback.
    fn open_staged(&mut self, relative: &Path) -> Result<(fs::File, PathBuf), Error> {
        self.kept.remove(relative);
        let path = self.staged_root()?.join(relative);
        self.make_folder_of(&path)?;
        let file = fs::File::create(&path).map_err(|e| Error::io(&path, e))?;
        self.files.insert(relative.to_path_buf());
        Ok((file, path))
    }

    /// Makes the folder a staged file at `path` goes in, once per folder.
    fn make_folder_of(&mut self, path: &Path) -> Result<(), Error> {
        if let Some(parent) = path.parent()
            && !self.made.contains(parent)
        {
            fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
            self.made.insert(parent.to_path_buf());
        }
        Ok(())
    }

    /// Stages a file the caller writes itself (one too large to hold in memory) at
    /// `relative`, and opens it for writing.
    pub fn create(&mut self, relative: &Path) -> Result<fs::File, Error> {
        check_relative(relative)?;
        self.keys.remove(relative);
        Ok(self.open_staged(relative)?.0)
    }

    /// [`Staging::commit_restoring`] for a build whose every kept file has a second name in
    /// the staging folder ([`Staging::write`]), so none needs making again.
    pub fn commit(self) -> Result<Committed, Error> {
        self.commit_restoring(&mut |relative| {
            Err(Error::Usage(format!(
                "`{}` changed during the build and cannot be made again; build again",
                relative.display()
            )))
        })
    }

    /// Moves every staged file into place and records it in the marker: all of them or, when
    /// anything refuses or fails, none. Waits while another build is doing the same. A kept
    /// file that another build replaced since it was found is put back to this build's bytes,
    /// asked of `restore` when the staging folder has no second name for it, so each court's
    /// files still come whole from the last build to commit.
    pub fn commit_restoring(mut self, restore: &mut Restore) -> Result<Committed, Error> {
        if self.beside
            && let Some(committed) = self.move_in_whole()?
        {
            return Ok(committed);
        }
        if let Some(committed) = self.without_change()? {
            return Ok(committed);
        }
        let lock = FolderLock::acquire(&self.out)?;
        ensure_ours(&self.out)?;
        let (marker, record_name) = (PathBuf::from(MARKER), PathBuf::from(RECORD));
        swap::preflight(&self.out, self.files.iter().chain([&marker, &record_name]))?;
        let mut made = read_marker(&self.out)?;
        let before = made.clone();
        made.extend(self.files.iter().cloned());
        let mut replaced: Vec<(PathBuf, Kept)> = self
            .kept
            .iter()
            .filter(|(relative, kept)| !kept.still(&self.out.join(relative)))
            .map(|(relative, kept)| (relative.clone(), *kept))
            .collect();
        replaced.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        if !replaced.is_empty() {
            self.folder(true)?;
        }
        for (relative, kept) in replaced {
            if kept.linked {
                self.kept.remove(&relative);
            } else {
                let bytes = restore(&relative)?;
                self.stage(&relative, &bytes)?;
            }
        }
        let mut order: Vec<PathBuf> = self
            .files
            .iter()
            .filter(|relative| !self.kept.contains_key(*relative))
            .cloned()
            .collect();
        let moved = order.len();
        let current = Record::read(&self.out);
        let record = self.updated_record(&current);
        // A missing record reads as an empty one.
        let record_stale = record != current;
        let marker_stale = made != before || !self.out.join(MARKER).exists();
        if record_stale || marker_stale || !order.is_empty() {
            let dir = self.folder(true)?;
            let staged_root = dir.join(NEW);
            // The record after the files it describes, the marker last: it lists a file only
            // once the file is in place.
            if record_stale {
                let staged = staged_root.join(RECORD);
                fs::write(&staged, record.text()).map_err(|e| Error::io(&staged, e))?;
                order.push(record_name);
            }
            if marker_stale {
                let staged = staged_root.join(MARKER);
                fs::write(&staged, marker_text(&made)).map_err(|e| Error::io(&staged, e))?;
                order.push(marker);
            }
            swap::apply(&self.out, &staged_root, &dir.join(OLD), &order)?;
        }
        drop(lock);
        Ok(self.finish(moved))
    }

    /// Commits a build that would change nothing in the folder, without taking its lock and
    /// without writing anything: nothing was staged, every kept file is still the one found,
    /// the marker lists every file and the record already says what this build would. Any
    /// other build committing meanwhile then simply comes last, as it would after a commit
    /// under the lock; one that replaced a kept file before now makes this check fail, and
    /// the commit under the lock puts this build's bytes back.
    fn without_change(&mut self) -> Result<Option<Committed>, Error> {
        if self.files.len() != self.kept.len() {
            return Ok(None);
        }
        // A look at every file of the build: on all cores.
        let kept: Vec<(&PathBuf, &Kept)> = self.kept.iter().collect();
        let still = crate::parallel::map_in_order(&kept, |(relative, kept)| {
            kept.still(&self.out.join(relative))
        });
        if still.contains(&false) || !self.out.join(MARKER).is_file() {
            return Ok(None);
        }
        let listing = read_marker_text(&self.out)?;
        let listed: HashSet<&Path> = listing.lines().map(Path::new).collect();
        if !self
            .files
            .iter()
            .all(|file| listed.contains(file.as_path()))
        {
            return Ok(None);
        }
        // The record read at the start, unless another build has replaced it since.
        let reread;
        let current = if Stamp::of(&self.out.join(RECORD)) == self.record_stamp {
            &self.record
        } else {
            reread = Record::read(&self.out);
            &reread
        };
        let agrees = self.files.iter().all(|relative| {
            let expected = match (self.keys.get(relative), self.kept.get(relative)) {
                (Some(&key), Some(kept)) => Some(Entry {
                    key,
                    stamp: kept.stamp,
                }),
                _ => None,
            };
            current.get(relative) == expected.as_ref()
        });
        if !agrees {
            return Ok(None);
        }
        // Every file was just found to be a plain file: only the folders on the way are left
        // to check for a link planted since the last build.
        swap::preflight_folders(&self.out, &self.files)?;
        Ok(Some(self.finish(0)))
    }

    /// The build is in `out/`, `moved` of its files moved in, the rest kept.
    fn finish(&mut self, moved: usize) -> Committed {
        self.committed = true;
        if let Some(dir) = &self.dir {
            let _ = fs::remove_dir_all(dir);
        }
        Committed {
            unchanged: self.files.len() - moved,
            files: self.files.iter().cloned().collect(),
        }
    }

    /// `current` with this build's files: each rendered one with its key and what it will
    /// look like in place (a rename keeps size, time and inode), any other one left out.
    fn updated_record(&self, current: &Record) -> Record {
        let mut record = current.clone();
        let staged_root = self.dir.as_ref().map(|dir| dir.join(NEW));
        for relative in &self.files {
            let stamp = match self.kept.get(relative) {
                Some(kept) => Some(kept.stamp),
                None => staged_root
                    .as_ref()
                    .and_then(|root| Stamp::of(&root.join(relative))),
            };
            match (self.keys.get(relative), stamp) {
                (Some(&key), Some(stamp)) => record.insert(relative, Entry { key, stamp }),
                _ => record.remove(relative),
            }
        }
        record
    }
}

/// What a commit put in place.
#[derive(Debug)]
pub struct Committed {
    /// Every file of the build, in path order.
    pub files: Vec<PathBuf>,
    /// How many of them were already there as the build would write them and were left as
    /// they were.
    pub unchanged: usize,
}

/// The stamp of `path` when it is a plain file (not a link) holding exactly `bytes`.
fn same_bytes(path: &Path, bytes: &[u8]) -> Option<Stamp> {
    let stamp = Stamp::of(path)?;
    if stamp.len != bytes.len() as u64 {
        return None;
    }
    let on_disk = fs::read(path).ok()?;
    (on_disk == bytes && Stamp::of(path) == Some(stamp)).then_some(stamp)
}

fn check_relative(relative: &Path) -> Result<(), Error> {
    if !is_plain_relative(relative) || is_reserved(relative) {
        return Err(Error::Usage(format!(
            "refusing to write `{}`: output paths must stay inside the output folder",
            relative.display()
        )));
    }
    Ok(())
}

impl Drop for Staging {
    fn drop(&mut self) {
        if self.committed {
            return;
        }
        if let Some(dir) = &self.dir {
            let _ = fs::remove_dir_all(dir);
        }
        self.owner = None;
        if self.created_out {
            // Nothing but the staging folder was ever there, unless another build has started
            // in the meantime: the folder goes only when no build holds it and it is empty.
            if let Ok(Some(lock)) = FolderLock::try_acquire(&self.out) {
                drop(lock);
                let _ = fs::remove_dir(&self.out);
            }
        }
    }
}

/// The marker's text: `files`, one a line.
fn marker_text(files: &BTreeSet<PathBuf>) -> String {
    files
        .iter()
        .map(|path| format!("{}\n", path.display()))
        .collect()
}

/// Makes `<within>/<prefix><pid>-<random>` and claims it. The name is only a convenience for
/// people: creating a folder fails when the name exists, so two builds (in two containers
/// sharing a volume, whose process ids may be equal) never share one.
fn make_staging_folder(within: &Path, prefix: &str) -> Result<(PathBuf, Owner), Error> {
    let random = std::collections::hash_map::RandomState::new();
    let mut taken = None;
    for attempt in 0..100u64 {
        let mut hasher = random.build_hasher();
        hasher.write_u64(attempt);
        hasher.write_u128(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |elapsed| elapsed.as_nanos()),
        );
        let name = format!("{prefix}{}-{:016x}", std::process::id(), hasher.finish());
        let dir = within.join(name);
        match fs::create_dir(&dir) {
            Ok(()) => {
                let owner = Owner::claim(&dir)?;
                let staged = dir.join(NEW);
                fs::create_dir(&staged).map_err(|e| Error::io(&staged, e))?;
                return Ok((dir, owner));
            }
            Err(error) if error.kind() == io::ErrorKind::AlreadyExists => taken = Some(error),
            Err(error) => return Err(Error::io(&dir, error)),
        }
    }
    let error = taken.unwrap_or_else(|| io::Error::other("no free staging folder name"));
    Err(Error::io(within, error))
}

/// The files an earlier build recorded in the marker. A marker that cannot be read stops the
/// build: writing a new one would forget what noticegen made.
fn read_marker(out: &Path) -> Result<BTreeSet<PathBuf>, Error> {
    Ok(read_marker_text(out)?
        .lines()
        .filter(|line| !line.is_empty())
        .map(PathBuf::from)
        .collect())
}

/// The marker's text, one file a line; empty when there is none.
fn read_marker_text(out: &Path) -> Result<String, Error> {
    let path = out.join(MARKER);
    match fs::read(&path) {
        Ok(bytes) => Ok(String::from_utf8_lossy(&bytes).into_owned()),
        Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(String::new()),
        Err(error) => Err(Error::io(&path, error)),
    }
}

/// A relative path with no `..`, root or prefix: it cannot leave the folder it is joined to.
fn is_plain_relative(path: &Path) -> bool {
    path.components().count() > 0 && path.components().all(|c| matches!(c, Component::Normal(_)))
}

/// The names noticegen keeps for itself at the top of an output folder.
fn is_reserved(path: &Path) -> bool {
    path.components().next().is_some_and(|first| {
        let name = first.as_os_str().to_string_lossy();
        name == MARKER || name == LOCK || name == RECORD || name.starts_with(STAGING_PREFIX)
    })
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

/// What a staging folder without an owner file is taken to be.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Unowned {
    /// Left by an older noticegen: inside `out/`, staging folders get their owner under the
    /// folder's lock, which the caller holds.
    Abandoned,
    /// Possibly a build's just made: beside a new output folder there is no lock to hold.
    Kept,
}

/// Removes the staging folders named `<prefix>…` in `folder` that builds left when they ended
/// without cleaning up (killed, crashed), so they do not pile up; a live build's folder, in
/// this process or any other, is kept. Inside `out/` (prefix [`STAGING_PREFIX`]) it is
/// called with the folder's lock held; beside a new output folder, see [`Staging::beside`].
fn remove_abandoned_staging(folder: &Path, prefix: &str, unowned: Unowned) {
    let Ok(entries) = fs::read_dir(folder) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        let is_staging = entry.file_name().to_string_lossy().starts_with(prefix);
        let is_folder = entry.file_type().is_ok_and(|kind| kind.is_dir());
        let path = entry.path();
        let owned = unowned == Unowned::Abandoned || path.join(lock::OWNER).is_file();
        if is_staging && is_folder && owned && lock::is_abandoned(&path) {
            let _ = fs::remove_dir_all(path);
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

    #[cfg(unix)]
    fn inode(path: &Path) -> u64 {
        use std::os::unix::fs::MetadataExt;
        fs::metadata(path).unwrap().ino()
    }

    #[cfg(unix)]
    #[test]
    fn a_rebuild_leaves_unchanged_files_and_the_marker_alone() {
        let temp = tempfile::tempdir().unwrap();
        let out = temp.path().join("out");
        let mut first = Staging::begin(&out).unwrap();
        first.write(Path::new("nmd/letter.md"), b"same").unwrap();
        first.write(Path::new("nmd/notice.md"), b"old").unwrap();
        assert_eq!(first.commit().unwrap().unchanged, 0);
        let inodes = [
            inode(&out.join("nmd/letter.md")),
            inode(&out.join("nmd/notice.md")),
            inode(&out.join(MARKER)),
        ];

        let mut second = Staging::begin(&out).unwrap();
        second.write(Path::new("nmd/letter.md"), b"same").unwrap();
        second.write(Path::new("nmd/notice.md"), b"new").unwrap();
        let committed = second.commit().unwrap();
        assert_eq!(committed.files.len(), 2);
        assert_eq!(committed.unchanged, 1);
        assert_eq!(inode(&out.join("nmd/letter.md")), inodes[0]);
        assert_ne!(inode(&out.join("nmd/notice.md")), inodes[1]);
        assert_eq!(fs::read(out.join("nmd/notice.md")).unwrap(), b"new");
        assert_eq!(
            inode(&out.join(MARKER)),
            inodes[2],
            "same listing, same marker"
        );

        let rewritten = inode(&out.join("nmd/notice.md"));
        let mut third = Staging::begin(&out).unwrap();
        third.write(Path::new("nmd/letter.md"), b"same").unwrap();
        third.write(Path::new("nmd/notice.md"), b"new").unwrap();
        assert_eq!(third.commit().unwrap().unchanged, 2);
        assert_eq!(inode(&out.join("nmd/notice.md")), rewritten);
        assert_eq!(inode(&out.join("nmd/letter.md")), inodes[0]);
    }

    #[test]
    fn a_kept_file_replaced_before_commit_gets_this_builds_bytes_back() {
        let temp = tempfile::tempdir().unwrap();
        let out = temp.path().join("out");
        let mut first = Staging::begin(&out).unwrap();
        first.write(Path::new("a.md"), b"same").unwrap();
        first.write(Path::new("b.md"), b"old").unwrap();
        first.commit().unwrap();
        let mut second = Staging::begin(&out).unwrap();
        second.write(Path::new("a.md"), b"same").unwrap();
        second.write(Path::new("b.md"), b"new").unwrap();
        // Another build moves its a.md in between this build's comparison and its commit.
        fs::remove_file(out.join("a.md")).unwrap();
        fs::write(out.join("a.md"), b"theirs, longer").unwrap();
        let committed = second.commit().unwrap();
        assert_eq!(committed.unchanged, 0);
        assert_eq!(fs::read(out.join("a.md")).unwrap(), b"same");
        assert_eq!(fs::read(out.join("b.md")).unwrap(), b"new");
    }

    /// Every name in `folder`, sorted, staging folders and lock file included.
    fn names(folder: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(folder)
            .unwrap()
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    fn first_build(out: &Path) {
        let mut first = Staging::begin(out).unwrap();
        first
            .put(Path::new("nmd/letter.pdf"), Some(7), b"pdf")
            .unwrap();
        first
            .put(Path::new("nmd/letter.md"), Some(8), b"md")
            .unwrap();
        first.put(Path::new("index.html"), None, b"index").unwrap();
        first.commit().unwrap();
    }

    #[test]
    fn the_record_says_what_each_rendered_file_was_made_from() {
        let temp = tempfile::tempdir().unwrap();
        let out = temp.path().join("out");
        first_build(&out);
        let record = Record::read(&out);
        let letter = record.get(Path::new("nmd/letter.pdf")).unwrap();
        assert_eq!(letter.key, 7);
        assert_eq!(Some(letter.stamp), Stamp::of(&out.join("nmd/letter.pdf")));
        assert_eq!(record.get(Path::new("nmd/letter.md")).unwrap().key, 8);
        assert!(
            record.get(Path::new("index.html")).is_none(),
            "a file made without a key is always compared"
        );
        assert_eq!(names(&out), [MARKER, RECORD, "index.html", "nmd"]);
    }

    #[cfg(unix)]
    #[test]
    fn a_build_that_changes_nothing_creates_nothing() {
        let temp = tempfile::tempdir().unwrap();
        let out = temp.path().join("out");
        first_build(&out);
        let before: Vec<_> = [".", MARKER, RECORD, "nmd", "nmd/letter.pdf", "index.html"]
            .iter()
            .map(|name| {
                let meta = fs::metadata(out.join(name)).unwrap();
                (inode(&out.join(name)), meta.modified().unwrap())
            })
            .collect();
        let mut second = Staging::begin(&out).unwrap();
        assert!(second.reuse(Path::new("nmd/letter.pdf"), 7));
        assert!(second.reuse(Path::new("nmd/letter.md"), 8));
        second.put(Path::new("index.html"), None, b"index").unwrap();
        assert!(second.dir.is_none(), "no staging folder");
        assert_eq!(names(&out), [MARKER, RECORD, "index.html", "nmd"]);
        let committed = second.commit().unwrap();
        assert_eq!((committed.files.len(), committed.unchanged), (3, 3));
        let after: Vec<_> = [".", MARKER, RECORD, "nmd", "nmd/letter.pdf", "index.html"]
            .iter()
            .map(|name| {
                let meta = fs::metadata(out.join(name)).unwrap();
                (inode(&out.join(name)), meta.modified().unwrap())
            })
            .collect();
        assert_eq!(after, before);
        assert_eq!(names(&out), [MARKER, RECORD, "index.html", "nmd"]);
    }

    #[test]
    fn only_a_file_recorded_with_its_key_and_untouched_since_is_reused() {
        let temp = tempfile::tempdir().unwrap();
        let out = temp.path().join("out");
        first_build(&out);
        let pdf = Path::new("nmd/letter.pdf");
        let check = |key| Staging::begin(&out).unwrap().reuse(pdf, key);
        assert!(check(7));
        assert!(!check(6), "made from other inputs");
        assert!(
            !Staging::begin(&out)
                .unwrap()
                .reuse(Path::new("index.html"), 0),
            "not in the record"
        );
        let file = fs::File::options().write(true).open(out.join(pdf)).unwrap();
        file.set_modified(std::time::SystemTime::now() + std::time::Duration::from_secs(9))
            .unwrap();
        assert!(!check(7), "touched");
        // The same bytes as a new file: replaced by hand, so no longer the one recorded.
        let temp_copy = out.join("copy");
        fs::copy(out.join(pdf), &temp_copy).unwrap();
        fs::rename(&temp_copy, out.join(pdf)).unwrap();
        assert!(!check(7), "replaced");
        fs::write(out.join(RECORD), "damaged").unwrap();
        assert!(
            !Staging::begin(&out)
                .unwrap()
                .reuse(Path::new("nmd/letter.md"), 8),
            "a damaged record is no record"
        );
    }

    #[test]
    fn a_rendered_file_changed_by_hand_is_recorded_anew() {
        let temp = tempfile::tempdir().unwrap();
        let out = temp.path().join("out");
        first_build(&out);
        fs::write(out.join("nmd/letter.pdf"), b"edited").unwrap();
        let mut second = Staging::begin(&out).unwrap();
        assert!(!second.reuse(Path::new("nmd/letter.pdf"), 7));
        second
            .put(Path::new("nmd/letter.pdf"), Some(7), b"pdf")
            .unwrap();
        assert!(second.reuse(Path::new("nmd/letter.md"), 8));
        let committed = second.commit().unwrap();
        assert_eq!(committed.unchanged, 1);
        assert_eq!(fs::read(out.join("nmd/letter.pdf")).unwrap(), b"pdf");
        assert!(
            Staging::begin(&out)
                .unwrap()
                .reuse(Path::new("nmd/letter.pdf"), 7)
        );
    }

    #[test]
    fn a_reused_file_replaced_before_commit_is_made_again() {
        let temp = tempfile::tempdir().unwrap();
        let out = temp.path().join("out");
        first_build(&out);
        let mut second = Staging::begin(&out).unwrap();
        assert!(second.reuse(Path::new("nmd/letter.pdf"), 7));
        assert!(second.reuse(Path::new("nmd/letter.md"), 8));
        second.put(Path::new("index.html"), None, b"index").unwrap();
        // Another build moves its files in between this build's decision and its commit.
        for (name, theirs) in [
            ("nmd/letter.pdf", "their pdf"),
            ("index.html", "their index"),
        ] {
            fs::remove_file(out.join(name)).unwrap();
            fs::write(out.join(name), theirs).unwrap();
        }
        let mut asked = Vec::new();
        let committed = second
            .commit_restoring(&mut |relative| {
                asked.push(relative.to_path_buf());
                Ok(match relative.to_str() {
                    Some("nmd/letter.pdf") => b"pdf".to_vec(),
                    _ => b"index".to_vec(),
                })
            })
            .unwrap();
        assert_eq!(
            asked,
            [Path::new("index.html"), Path::new("nmd/letter.pdf")]
        );
        assert_eq!(committed.unchanged, 1);
        assert_eq!(fs::read(out.join("nmd/letter.pdf")).unwrap(), b"pdf");
        assert_eq!(fs::read(out.join("index.html")).unwrap(), b"index");
        let record = Record::read(&out);
        let entry = record.get(Path::new("nmd/letter.pdf")).unwrap();
        assert_eq!(Some(entry.stamp), Stamp::of(&out.join("nmd/letter.pdf")));
        assert_eq!(names(&out), [MARKER, RECORD, "index.html", "nmd"]);
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_is_never_taken_for_an_unchanged_file() {
        let temp = tempfile::tempdir().unwrap();
        let out = temp.path().join("out");
        let mut first = Staging::begin(&out).unwrap();
        first.write(Path::new("a.md"), b"x").unwrap();
        first.commit().unwrap();
        let elsewhere = temp.path().join("elsewhere");
        fs::create_dir(&elsewhere).unwrap();
        fs::write(elsewhere.join("letter.md"), b"x").unwrap();
        std::os::unix::fs::symlink(&elsewhere, out.join("nmd")).unwrap();
        let mut second = Staging::begin(&out).unwrap();
        second.write(Path::new("nmd/letter.md"), b"x").unwrap();
        let error = second.commit().unwrap_err();
        assert!(error.to_string().contains("symbolic link"), "{error}");
    }

    #[test]
    fn a_folder_another_build_is_filling_for_the_first_time_is_not_foreign() {
        let temp = tempfile::tempdir().unwrap();
        let out = temp.path().join("out");
        // Another build is moving its files in: the first are there, the marker not yet.
        fs::create_dir_all(out.join("cacd")).unwrap();
        fs::write(out.join("cacd/letter.md"), b"x").unwrap();
        let lock = FolderLock::acquire(&out).unwrap();
        let finishing = std::thread::spawn({
            let out = out.clone();
            move || {
                std::thread::sleep(std::time::Duration::from_millis(200));
                fs::write(out.join(MARKER), "cacd/letter.md\n").unwrap();
                drop(lock);
            }
        });
        let staging = Staging::begin(&out);
        finishing.join().unwrap();
        assert!(
            staging.is_ok(),
            "{:?}",
            staging.err().map(|e| e.to_string())
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
        let mut leftovers: Vec<String> = fs::read_dir(&out)
            .unwrap()
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        leftovers.sort();
        assert_eq!(
            leftovers,
            [MARKER, "a.md"],
            "no staging folder or lock file remains"
        );
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

    /// Every file under `dir` (symbolic links by their target), leaving out staging folders.
    fn snapshot(dir: &Path) -> std::collections::BTreeMap<PathBuf, Vec<u8>> {
        let mut files = std::collections::BTreeMap::new();
        let mut pending = vec![dir.to_path_buf()];
        while let Some(folder) = pending.pop() {
            for entry in fs::read_dir(&folder).unwrap() {
                let path = entry.unwrap().path();
                let relative = path.strip_prefix(dir).unwrap().to_path_buf();
                if relative.to_string_lossy().starts_with(STAGING_PREFIX) {
                    continue;
                }
                let meta = fs::symlink_metadata(&path).unwrap();
                if meta.file_type().is_symlink() {
                    let target = fs::read_link(&path).unwrap();
                    files.insert(relative, target.to_string_lossy().as_bytes().to_vec());
                } else if meta.is_dir() {
                    pending.push(path);
                } else {
                    files.insert(relative, fs::read(&path).unwrap());
                }
            }
        }
        files
    }

    #[cfg(unix)]
    #[test]
    fn a_refused_build_changes_nothing_not_even_files_it_could_write() {
        let temp = tempfile::tempdir().unwrap();
        let out = temp.path().join("out");
        let elsewhere = temp.path().join("elsewhere");
        fs::create_dir(&elsewhere).unwrap();
        let mut first = Staging::begin(&out).unwrap();
        for file in ["aa/letter.md", "index.html", "zz/letter.md"] {
            first.write(Path::new(file), b"old").unwrap();
        }
        first.commit().unwrap();
        std::os::unix::fs::symlink(&elsewhere, out.join("nmd")).unwrap();
        let before = snapshot(&out);
        // `aa/` and `index.html` come before `nmd/` in the order files are moved.
        let mut second = Staging::begin(&out).unwrap();
        for file in [
            "aa/letter.md",
            "index.html",
            "nmd/letter.md",
            "zz/letter.md",
        ] {
            second.write(Path::new(file), b"new").unwrap();
        }
        let error = second.commit().unwrap_err();
        assert!(error.to_string().contains("symbolic link"), "{error}");
        assert_eq!(snapshot(&out), before);
        assert_eq!(fs::read_dir(&elsewhere).unwrap().count(), 0);
    }

    #[test]
    fn two_builds_in_one_process_never_share_a_staging_folder() {
        let temp = tempfile::tempdir().unwrap();
        let out = temp.path().join("out");
        let mut first = Staging::begin(&out).unwrap();
        first.write(Path::new("a.md"), b"first").unwrap();
        let mut second = Staging::begin(&out).unwrap();
        second.write(Path::new("b.md"), b"second").unwrap();
        assert_ne!(first.dir, second.dir);
        assert!(
            first.dir.as_ref().unwrap().join(NEW).join("a.md").exists(),
            "not cleaned as abandoned"
        );
        first.commit().unwrap();
        second.commit().unwrap();
        assert_eq!(fs::read(out.join("a.md")).unwrap(), b"first");
        assert_eq!(fs::read(out.join("b.md")).unwrap(), b"second");
        assert_eq!(
            fs::read_to_string(out.join(MARKER)).unwrap(),
            "a.md\nb.md\n",
            "the marker lists both"
        );
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_build_into_a_new_folder_stages_beside_it_and_moves_in_as_the_folder() {
        let temp = tempfile::tempdir().unwrap();
        let out = temp.path().join("out");
        let mut staging = Staging::begin(&out).unwrap();
        staging
            .put(Path::new("nmd/letter.md"), Some(3), b"md")
            .unwrap();
        staging
            .put(Path::new("index.html"), None, b"index")
            .unwrap();
        assert!(
            !out.exists(),
            "nothing is made in the folder's place before commit"
        );
        let beside = names(temp.path());
        assert_eq!(beside.len(), 1);
        assert!(beside[0].starts_with(".out.staging-"), "{beside:?}");
        let committed = staging.commit().unwrap();
        assert_eq!((committed.files.len(), committed.unchanged), (2, 0));
        assert_eq!(names(temp.path()), ["out"], "the staging folder went");
        assert_eq!(names(&out), [MARKER, RECORD, "index.html", "nmd"]);
        assert_eq!(
            fs::read_to_string(out.join(MARKER)).unwrap(),
            "index.html\nnmd/letter.md\n"
        );
        let record = Record::read(&out);
        let letter = record.get(Path::new("nmd/letter.md")).unwrap();
        assert_eq!(letter.key, 3);
        assert_eq!(Some(letter.stamp), Stamp::of(&out.join("nmd/letter.md")));
        // The next build finds its file recorded, as after any build.
        let mut again = Staging::begin(&out).unwrap();
        assert!(again.reuse(Path::new("nmd/letter.md"), 3));
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_build_whose_new_folder_appears_meanwhile_joins_it() {
        let temp = tempfile::tempdir().unwrap();
        let out = temp.path().join("out");
        let mut late = Staging::begin(&out).unwrap();
        late.write(Path::new("b.md"), b"late").unwrap();
        assert!(late.beside);
        // Another build makes the folder first.
        let mut early = Staging::begin(&out).unwrap();
        early.write(Path::new("a.md"), b"early").unwrap();
        early.commit().unwrap();
        late.commit().unwrap();
        assert_eq!(fs::read(out.join("a.md")).unwrap(), b"early");
        assert_eq!(fs::read(out.join("b.md")).unwrap(), b"late");
        assert_eq!(
            fs::read_to_string(out.join(MARKER)).unwrap(),
            "a.md\nb.md\n"
        );
        assert_eq!(names(temp.path()), ["out"]);
        assert_eq!(names(&out), [MARKER, "a.md", "b.md"]);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_dropped_build_into_a_new_folder_leaves_nothing_beside_it() {
        let temp = tempfile::tempdir().unwrap();
        let out = temp.path().join("out");
        let mut staging = Staging::begin(&out).unwrap();
        staging.write(Path::new("a.md"), b"x").unwrap();
        drop(staging);
        assert!(names(temp.path()).is_empty());
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_dead_builds_staging_beside_a_new_folder_goes_and_a_live_ones_stays() {
        let temp = tempfile::tempdir().unwrap();
        let out = temp.path().join("out");
        let live = Staging::begin(&out).unwrap();
        // Left by a killed build (its owner lock is free), and one just made, not yet owned.
        let killed = temp.path().join(".out.staging-1-0000000000000001");
        fs::create_dir_all(killed.join(NEW)).unwrap();
        fs::write(killed.join(lock::OWNER), b"").unwrap();
        let unowned = temp.path().join(".out.staging-1-0000000000000002");
        fs::create_dir(&unowned).unwrap();
        // Another folder's is not this one's to remove.
        let other = temp.path().join(".other.staging-1-0000000000000003");
        fs::create_dir(&other).unwrap();
        fs::write(other.join(lock::OWNER), b"").unwrap();
        let next = Staging::begin(&out).unwrap();
        assert!(!killed.exists());
        assert!(unowned.exists() && other.exists());
        assert!(
            live.dir.as_ref().unwrap().exists(),
            "a live build's is kept"
        );
        assert!(next.dir.as_ref().unwrap().exists());
    }

    #[test]
    fn abandoned_staging_folders_go_and_live_ones_stay() {
        let temp = tempfile::tempdir().unwrap();
        let out = temp.path().join("out");
        let mut live = Staging::begin(&out).unwrap();
        live.write(Path::new("a.md"), b"x").unwrap();
        // Left by a killed build (its owner lock is free) and by an older noticegen (no owner).
        let killed = out.join(".staging-1-0000000000000001");
        fs::create_dir_all(killed.join(NEW)).unwrap();
        fs::write(killed.join(lock::OWNER), b"").unwrap();
        let older = out.join(".staging-1");
        fs::create_dir(&older).unwrap();
        let mut next = Staging::begin(&out).unwrap();
        next.write(Path::new("b.md"), b"x").unwrap();
        assert!(!killed.exists());
        assert!(!older.exists());
        assert!(
            live.dir.as_ref().unwrap().exists(),
            "a live build's staging folder is kept"
        );
        assert!(next.dir.as_ref().unwrap().exists());
    }

    #[test]
    fn paths_cannot_escape_the_output_folder() {
        let temp = tempfile::tempdir().unwrap();
        let mut staging = Staging::begin(temp.path()).unwrap();
        for bad in [
            "../evil.md",
            "/etc/passwd",
            "a/../../b",
            "",
            ".noticegen",
            ".staging-1/x",
        ] {
            assert!(staging.write(Path::new(bad), b"x").is_err(), "{bad}");
        }
    }
}
