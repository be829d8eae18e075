//! Atomic writes: a temporary file in the target folder, then a rename, so an
//! interrupted run never leaves a half-written output. No fsync per file:
//! it cost more than the cleaning itself, and a killed process cannot leave
//! a partial file behind a rename anyway.

use std::io::Write;
use std::path::Path;

pub fn atomic(dest: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = dest.parent().unwrap_or_else(|| Path::new("."));
    std::fs::create_dir_all(dir)?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".dechaff-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.persist(dest).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_and_replaces_without_leftovers() {
        let dir = tempfile::tempdir().expect("tempdir");
        let dest = dir.path().join("a/b/c.txt");
        atomic(&dest, b"one").expect("first write");
        atomic(&dest, b"two").expect("second write");
        assert_eq!(std::fs::read(&dest).expect("read"), b"two");
        let names: Vec<_> = std::fs::read_dir(dir.path().join("a/b"))
            .expect("dir")
            .collect();
        assert_eq!(names.len(), 1, "no temporary file left behind");
    }
}
