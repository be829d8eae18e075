//! The per-file JSONL report: what was read, repaired and removed.

use super::walk::Job;
use crate::pipeline::Cleaned;
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

#[derive(Clone, Debug, Serialize)]
pub struct RemovedLine {
    pub line: usize,
    pub rule: &'static str,
    pub detail: String,
    pub text: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct FileReport {
    /// Relative path (the output's path under the output directory).
    pub path: String,
    pub bytes_in: u64,
    pub bytes_out: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub encoding: Option<&'static str>,
    /// Repair counts by kind.
    pub repairs: BTreeMap<&'static str, usize>,
    pub removed: Vec<RemovedLine>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// The source path, for error messages.
    #[serde(skip)]
    pub src: String,
}

impl FileReport {
    pub fn failed(job: &Job, error: String) -> FileReport {
        FileReport {
            path: job.rel.to_string_lossy().into_owned(),
            bytes_in: 0,
            bytes_out: 0,
            encoding: None,
            repairs: BTreeMap::new(),
            removed: Vec::new(),
            error: Some(error),
            src: job.src.display().to_string(),
        }
    }

    /// Takes the cleaned document by value: its removed lines move into the
    /// report instead of being copied (on a heavy dump, most lines).
    pub fn from_cleaned(job: &Job, bytes_in: u64, c: Cleaned) -> FileReport {
        FileReport {
            path: job.rel.to_string_lossy().into_owned(),
            bytes_in,
            bytes_out: c.text.len() as u64,
            encoding: Some(c.encoding),
            repairs: repair_counts(&c.repairs),
            removed: removed_lines(c.removed),
            error: None,
            src: job.src.display().to_string(),
        }
    }
}

/// Repair counts by kind name, as the reports show them.
pub fn repair_counts(log: &crate::repair::RepairLog) -> BTreeMap<&'static str, usize> {
    log.counts.iter().map(|(k, v)| (k.name(), *v)).collect()
}

/// The removed lines, moved into their report form.
pub fn removed_lines(removed: Vec<crate::pipeline::Removed>) -> Vec<RemovedLine> {
    removed
        .into_iter()
        .map(|r| RemovedLine {
            line: r.line,
            rule: r.rule,
            detail: r.detail,
            text: r.text,
        })
        .collect()
}

/// Writes one JSON object per line, atomically.
pub fn write_jsonl<T: Serialize>(path: &Path, reports: &[T]) -> std::io::Result<()> {
    let mut buf = Vec::new();
    for r in reports {
        serde_json::to_writer(&mut buf, r)?;
        buf.write_all(b"\n")?;
    }
    super::write::atomic(path, &buf)
}

/// Fails now if the report could not be written at the end: its path is a
/// directory, or no file can be created in its folder.
pub fn check_writable(path: &Path) -> std::io::Result<()> {
    if path.is_dir() {
        return Err(std::io::Error::other("is a directory"));
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir)?;
    // Dropped at once: creating it is the test.
    tempfile::Builder::new()
        .prefix(".dechaff-")
        .tempfile_in(dir)
        .map(drop)
}
