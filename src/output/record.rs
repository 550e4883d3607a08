//! `out/.noticegen-inputs`: for each file a build rendered, the key of what it was made from
//! and what the file looked like once in place (size, modification time, inode). A rebuild
//! that finds the same key for a file still looking the same skips rendering it and leaves it
//! alone. Only a hint: a record that is missing, unreadable or malformed means "render
//! everything", and deleting it is always safe.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

/// The record's name in the output folder.
pub const RECORD: &str = ".noticegen-inputs";
/// The first line; a record of another format is not read.
const HEADER: &str = "noticegen inputs 1";

/// What an output file was made from (see `build::inputs`).
pub type Key = u128;

/// A plain file as a build left it. Renaming a file keeps all three; replacing or editing it
/// (by hand, by another program) changes at least one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    pub len: u64,
    /// Nanoseconds since the Unix epoch.
    pub modified: u128,
    pub inode: u64,
}

impl Stamp {
    /// The stamp of `path` when it is a plain file (not a link, not a folder).
    pub fn of(path: &Path) -> Option<Stamp> {
        Stamp::from_metadata(&fs::symlink_metadata(path).ok()?)
    }

    fn from_metadata(meta: &fs::Metadata) -> Option<Stamp> {
        if !meta.file_type().is_file() {
            return None;
        }
        let modified = meta
            .modified()
            .ok()?
            .duration_since(std::time::UNIX_EPOCH)
            .ok()?
            .as_nanos();
        #[cfg(unix)]
        let inode = std::os::unix::fs::MetadataExt::ino(meta);
        #[cfg(not(unix))]
        let inode = 0;
        Some(Stamp {
            len: meta.len(),
            modified,
            inode,
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    pub key: Key,
    pub stamp: Stamp,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Record {
    /// Looked up once per file of a build: hashed, as paths compare slowly.
    entries: HashMap<PathBuf, Entry>,
}

impl Record {
    /// The record in `out`; empty when there is none or it cannot be read whole.
    pub fn read(out: &Path) -> Record {
        fs::read_to_string(out.join(RECORD))
            .ok()
            .and_then(|text| Record::parse(&text))
            .unwrap_or_default()
    }

    /// Every line or nothing: a record damaged in one place is not trusted in another.
    pub fn parse(text: &str) -> Option<Record> {
        let mut lines = text.split_terminator('\n');
        if lines.next()? != HEADER {
            return None;
        }
        let mut entries = HashMap::new();
        for line in lines {
            let mut fields = line.splitn(5, ' ');
            let key = Key::from_str_radix(fields.next()?, 16).ok()?;
            let len = fields.next()?.parse().ok()?;
            let modified = fields.next()?.parse().ok()?;
            let inode = fields.next()?.parse().ok()?;
            let path = PathBuf::from(fields.next()?);
            if !super::is_plain_relative(&path) || super::is_reserved(&path) {
                return None;
            }
            let stamp = Stamp {
                len,
                modified,
                inode,
            };
            if entries.insert(path, Entry { key, stamp }).is_some() {
                return None;
            }
        }
        Some(Record { entries })
    }

    /// The record as written, in path order.
    pub fn text(&self) -> String {
        let mut text = format!("{HEADER}\n");
        let mut entries: Vec<_> = self.entries.iter().collect();
        entries.sort_unstable_by(|a, b| a.0.cmp(b.0));
        for (path, Entry { key, stamp }) in entries {
            text.push_str(&format!(
                "{key:032x} {} {} {} {}\n",
                stamp.len,
                stamp.modified,
                stamp.inode,
                path.display()
            ));
        }
        text
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn get(&self, path: &Path) -> Option<&Entry> {
        self.entries.get(path)
    }

    /// The stamp of `out/<path>` when the record has it made from `key` and it is still the
    /// plain file recorded.
    pub fn unchanged(&self, out: &Path, path: &Path, key: Key) -> Option<Stamp> {
        let entry = self.get(path).filter(|entry| entry.key == key)?;
        (Stamp::of(&out.join(path)) == Some(entry.stamp)).then_some(entry.stamp)
    }

    /// Records `path`, unless its name cannot be written on one line of the record (it is
    /// then rendered again each time, which is always correct).
    pub fn insert(&mut self, path: &Path, entry: Entry) {
        match path.to_str() {
            Some(name) if !name.contains(['\n', '\r']) => {
                self.entries.insert(path.to_path_buf(), entry);
            }
            _ => {
                self.entries.remove(path);
            }
        }
    }

    pub fn remove(&mut self, path: &Path) {
        self.entries.remove(path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(key: Key) -> Entry {
        Entry {
            key,
            stamp: Stamp {
                len: 12,
                modified: 1_700_000_000_123_456_789,
                inode: 42,
            },
        }
    }

    #[test]
    fn a_record_reads_back_as_written() {
        let mut record = Record::default();
        record.insert(Path::new("nmd/letter.pdf"), entry(u128::MAX - 7));
        record.insert(Path::new("casd/notice file.md"), entry(1));
        let text = record.text();
        assert_eq!(
            text.lines().nth(1),
            Some("00000000000000000000000000000001 12 1700000000123456789 42 casd/notice file.md")
        );
        assert_eq!(Record::parse(&text), Some(record));
    }

    #[test]
    fn a_damaged_record_is_not_trusted_at_all() {
        let mut record = Record::default();
        record.insert(Path::new("nmd/letter.pdf"), entry(3));
        record.insert(Path::new("nmd/letter.md"), entry(4));
        let good = record.text();
        let damaged = [
            String::new(),
            good.replacen(HEADER, "noticegen inputs 0", 1),
            good.replacen(" 12 ", " twelve ", 1),
            good.replacen(" 42 ", " -42 ", 1),
            good.replacen("00000000000000000000000000000003", "zz", 1),
            good.replacen(" nmd/letter.pdf", "", 1),
            good.replacen("nmd/letter.pdf", "../letter.pdf", 1),
            good.replacen("nmd/letter.pdf", "/etc/passwd", 1),
            good.replacen("nmd/letter.pdf", ".noticegen", 1),
            good.replacen("nmd/letter.pdf", "nmd/letter.md", 1),
            format!("{good}\n"),
            good[..good.len() - 20].to_string(),
        ];
        for text in damaged {
            assert_eq!(Record::parse(&text), None, "{text:?}");
        }
    }

    #[test]
    fn a_missing_or_unreadable_record_is_empty() {
        let temp = tempfile::tempdir().unwrap();
        assert!(Record::read(temp.path()).is_empty());
        fs::write(temp.path().join(RECORD), b"\xff\xfe not text").unwrap();
        assert!(Record::read(temp.path()).is_empty());
        fs::create_dir(temp.path().join("folder")).unwrap();
        assert!(Record::read(&temp.path().join("folder")).is_empty());
    }

    #[test]
    fn a_name_that_does_not_fit_on_a_line_is_not_recorded() {
        let mut record = Record::default();
        record.insert(Path::new("nmd/a\nb.md"), entry(1));
        assert!(record.is_empty());
        assert_eq!(Record::parse(&record.text()), Some(record));
    }

    #[test]
    fn a_stamp_is_of_plain_files_only() {
        let temp = tempfile::tempdir().unwrap();
        let file = temp.path().join("a.md");
        fs::write(&file, b"hello").unwrap();
        let stamp = Stamp::of(&file).unwrap();
        assert_eq!(stamp.len, 5);
        assert!(Stamp::of(temp.path()).is_none());
        assert!(Stamp::of(&temp.path().join("gone.md")).is_none());
        #[cfg(unix)]
        {
            let link = temp.path().join("link.md");
            std::os::unix::fs::symlink(&file, &link).unwrap();
            assert!(Stamp::of(&link).is_none());
        }
    }
}
