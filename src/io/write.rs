//! Atomic writes: a temporary file in the target folder, then a rename, so an
//! interrupted run never leaves a half-written output. No fsync per file:
//! it cost more than the cleaning itself, and a killed process cannot leave
//! a partial file behind a rename anyway.

use std::io::Write;
use std::path::Path;

pub fn atomic(dest: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut tmp = temp_for(dest)?;
    tmp.write_all(bytes)?;
    tmp.persist(dest).map_err(|e| e.error)?;
    Ok(())
}

/// A temporary file beside `dest`, to be written and then persisted to it
/// (for outputs written as they are made, like `clean --jsonl`'s).
pub fn temp_for(dest: &Path) -> std::io::Result<tempfile::NamedTempFile> {
    let dir = match dest.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir)?;
    let mut builder = tempfile::Builder::new();
    builder.prefix(".dechaff-").suffix(".tmp");
    // tempfile creates 0600 files; outputs get the mode any new file gets
    // (0666 less the umask), like `cp` or a shell redirect would give them.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    builder.tempfile_in(dir)
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

    #[cfg(unix)]
    #[test]
    fn outputs_are_readable_by_others_like_any_new_file() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("tempdir");
        let dest = dir.path().join("out.txt");
        atomic(&dest, b"x").expect("write");
        // A plain new file shows what the umask allows.
        let plain = dir.path().join("plain.txt");
        std::fs::write(&plain, b"x").expect("plain write");
        let mode = |p: &Path| std::fs::metadata(p).expect("meta").permissions().mode() & 0o777;
        assert_eq!(mode(&dest), mode(&plain));
    }
}
