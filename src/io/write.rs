//! Atomic writes: a temporary file in the target folder, then a rename, so an
//! interrupted run never leaves a half-written output. No fsync per file:
//! it cost more than the cleaning itself, and a killed process cannot leave
//! a partial file behind a rename anyway.

use std::io::Write;
use std::path::Path;

pub fn atomic(dest: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut out = staged(dest)?;
    out.write_all(bytes)?;
    out.finish(dest)
}

/// Is `dest` an existing file that is neither a regular file nor a folder
/// (`/dev/null`, a named pipe, a terminal)? Such a destination is written
/// in place: renaming a temporary file over it would replace the device
/// with a regular file (as root, `-o /dev/null` did).
pub fn is_special(dest: &Path) -> bool {
    std::fs::metadata(dest).is_ok_and(|m| !m.is_file() && !m.is_dir())
}

/// An output written as it is made: a temporary file beside the
/// destination, renamed over it by [`Staged::finish`]; or the destination
/// itself when it is a device or a pipe ([`is_special`]).
pub enum Staged {
    Temp(tempfile::NamedTempFile),
    Direct(std::fs::File),
}

/// The [`Staged`] output for `dest`.
pub fn staged(dest: &Path) -> std::io::Result<Staged> {
    if is_special(dest) {
        return std::fs::OpenOptions::new()
            .write(true)
            .open(dest)
            .map(Staged::Direct);
    }
    temp_for(dest).map(Staged::Temp)
}

impl Staged {
    /// Puts the output in place: the rename, or nothing for a device.
    pub fn finish(self, dest: &Path) -> std::io::Result<()> {
        match self {
            Staged::Temp(tmp) => tmp.persist(dest).map(drop).map_err(|e| e.error),
            Staged::Direct(mut f) => f.flush(),
        }
    }
}

impl Write for Staged {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            Staged::Temp(t) => t.write(buf),
            Staged::Direct(f) => f.write(buf),
        }
    }
    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            Staged::Temp(t) => t.flush(),
            Staged::Direct(f) => f.flush(),
        }
    }
}

/// A temporary file beside `dest`, to be written and then persisted to it.
fn temp_for(dest: &Path) -> std::io::Result<tempfile::NamedTempFile> {
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

    /// A named pipe stays a pipe and gets the bytes: it is written in
    /// place, not replaced by a renamed temporary file (the bug that turned
    /// `/dev/null` into a regular file).
    #[cfg(unix)]
    #[test]
    fn special_files_are_written_in_place() {
        use std::os::unix::fs::FileTypeExt;
        let dir = tempfile::tempdir().expect("tempdir");
        let fifo = dir.path().join("pipe");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if !made.is_ok_and(|s| s.success()) {
            eprintln!("no mkfifo here: test skipped");
            return;
        }
        assert!(is_special(&fifo));
        assert!(!is_special(dir.path()));
        let reader = {
            let fifo = fifo.clone();
            std::thread::spawn(move || std::fs::read(&fifo).expect("read pipe"))
        };
        atomic(&fifo, b"through the pipe").expect("write pipe");
        // Checked before the join: a replaced pipe leaves the reader
        // waiting for a writer forever.
        let kind = std::fs::metadata(&fifo).expect("still there").file_type();
        assert!(kind.is_fifo(), "the pipe was replaced: {kind:?}");
        assert_eq!(reader.join().expect("reader"), b"through the pipe");
    }

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
