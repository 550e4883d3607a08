//! Reading a file whole, up to a size limit: court files and templates are small, and a huge
//! one must cost neither the memory nor the time of reading it all.

use std::io::Read;
use std::path::Path;

/// The first `limit + 1` bytes of `path` at most, so a caller sees that the file is over
/// `limit`. The buffer is sized from the file's length up front: growing it from nothing
/// took a dozen reads for a 10 KB template.
pub fn read(path: &Path, limit: u64) -> std::io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    read_into(path, limit, &mut bytes)?;
    Ok(bytes)
}

/// [`read`] into `bytes`, emptied first: one buffer for many files, when most of what they
/// hold is only looked at.
pub fn read_into(path: &Path, limit: u64, bytes: &mut Vec<u8>) -> std::io::Result<()> {
    let file = std::fs::File::open(path)?;
    let expected = file.metadata().map_or(0, |meta| meta.len()).min(limit + 1);
    bytes.clear();
    // One byte more than the length, so the read that finds the end needs no new room.
    bytes.reserve(usize::try_from(expected).unwrap_or(0) + 1);
    file.take(limit + 1).read_to_end(bytes)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_read_whole_up_to_one_byte_over_the_limit() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        std::fs::write(&path, "x".repeat(5000)).unwrap();
        for (limit, read_back) in [(5000, 5000), (9000, 5000), (100, 101), (0, 1)] {
            assert_eq!(
                read(&path, limit).unwrap().len(),
                read_back,
                "limit {limit}"
            );
        }
    }
}
