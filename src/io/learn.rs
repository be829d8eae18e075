//! The counting pass of the `corpus` rule: reads and repairs every input
//! (the same `Cleaner::fix` the cleaning pass uses, so keys match), counts
//! its lines per site, in parallel. Counts add up, so the result does not
//! depend on the number of threads or the order files finish in.
//!
//! Also reading and writing `stats.bin` files (the format is in
//! `chrome::corpus`).

use super::walk::{collect_jobs, Job, WalkOptions};
use super::UsageError;
use crate::chrome::corpus::{line_keys, line_keys_scan, SiteFrom, Stats};
use crate::pipeline::{Cleaner, Fixed};
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The site a file belongs to, as the `corpus` rule groups them.
pub fn site_of(src: &Path, mode: SiteFrom) -> String {
    match mode {
        // The record groupings have no meaning for a file: one site.
        SiteFrom::None | SiteFrom::Url | SiteFrom::Field => String::new(),
        SiteFrom::Parent => std::path::absolute(src)
            .ok()
            .and_then(|p| {
                p.parent()
                    .and_then(Path::file_name)
                    .map(|n| n.to_string_lossy().into_owned())
            })
            .unwrap_or_default(),
    }
}

/// Up to this many input bytes, the counting pass keeps the repaired texts
/// for the cleaning pass, which then neither reads nor repairs them again;
/// above, memory matters more than the repeated repair.
pub const KEEP_FIXED_MAX_BYTES: u64 = 256 << 20;

/// A file as the counting pass left it for the cleaning pass.
pub struct Kept {
    /// The input's size in bytes.
    pub len: u64,
    pub fixed: Fixed,
    /// `corpus::line_keys` of the repaired text, computed to count them.
    pub keys: Vec<u64>,
}

/// Repaired texts from the counting pass, by source path, each taken once.
#[derive(Default)]
pub struct FixedCache {
    map: HashMap<PathBuf, Mutex<Option<Kept>>>,
}

impl FixedCache {
    /// The input's repaired text and line keys, if kept.
    pub fn take(&self, src: &Path) -> Option<Kept> {
        self.map.get(src)?.lock().ok()?.take()
    }
}

impl std::fmt::Debug for FixedCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "FixedCache({} files)", self.map.len())
    }
}

/// What the counting pass did.
#[derive(Debug)]
pub struct Learned {
    pub stats: Stats,
    /// Files counted.
    pub files: usize,
    /// Files that could not be read, with why, in path order (`clean`
    /// reports them in its cleaning pass; `learn` names them).
    pub failed: Vec<(String, String)>,
    /// The repaired texts, when asked for and the run is small enough.
    pub fixed: FixedCache,
    pub bytes: u64,
    pub elapsed: Duration,
}

impl Learned {
    pub fn render(&self) -> String {
        self.render_as("files")
    }

    /// [`Learned::render`] counting `unit` (`records` for JSON Lines).
    pub fn render_as(&self, unit: &str) -> String {
        let secs = self.elapsed.as_secs_f64().max(1e-9);
        let keys: usize = self.stats.sites().map(|(_, s)| s.keys()).sum();
        format!(
            "dechaff: counted {} {unit} ({} unreadable) in {} sites, {} distinct lines; {:.2} s, {:.1} MB/s\n",
            self.files,
            self.failed.len(),
            self.stats.sites().count(),
            keys,
            secs,
            self.bytes as f64 / 1e6 / secs
        )
    }
}

/// What one worker has counted so far.
#[derive(Default)]
struct Acc {
    stats: Stats,
    files: usize,
    bytes: u64,
    failed: Vec<(String, String)>,
    fixed: Vec<(PathBuf, Kept)>,
}

/// Reads and repairs one file for the counting pass.
fn count_one<'j>(
    cleaner: &Cleaner,
    job: &'j Job,
    pb: &indicatif::ProgressBar,
) -> Result<(&'j Job, Fixed, u64), (String, String)> {
    pb.inc(job.size);
    let src = job.src.display().to_string();
    if let Some(e) = &job.error {
        return Err((src, e.clone()));
    }
    let bytes = std::fs::read(&job.src).map_err(|e| (src.clone(), format!("cannot read: {e}")))?;
    // Not counted; the cleaning pass reports it.
    if crate::decode::looks_binary(&bytes) {
        return Err((src, "not a text file (NUL bytes in its first 8 KiB)".into()));
    }
    Ok((job, cleaner.fix(&bytes), bytes.len() as u64))
}

/// Counts the lines of every input file, per site. With `keep_fixed`, and
/// at most [`KEEP_FIXED_MAX_BYTES`] of input, also keeps the repaired texts.
pub fn learn(
    cleaner: &Cleaner,
    walk: &WalkOptions,
    site_from: SiteFrom,
    threads: Option<usize>,
    quiet: bool,
    keep_fixed: bool,
) -> Result<Learned, UsageError> {
    let start = Instant::now();
    let jobs = collect_jobs(walk);
    let total: u64 = jobs.iter().map(|j| j.size).sum();
    let keep = keep_fixed && total <= KEEP_FIXED_MAX_BYTES;
    let pb = super::progress_bar(total, quiet);
    pb.set_message("counting");
    let work = || {
        jobs.par_iter()
            .map(|job| count_one(cleaner, job, &pb))
            .fold(Acc::default, |mut acc, r| {
                match r {
                    Ok((job, mut fixed, len)) => {
                        let site = site_of(&job.src, site_from);
                        // A kept text also keeps what the walk that keys
                        // its lines found of them, for its document.
                        let keys = if keep {
                            let (keys, scan) = line_keys_scan(&fixed.text);
                            fixed.lines = scan;
                            keys
                        } else {
                            line_keys(&fixed.text)
                        };
                        acc.files += 1;
                        acc.bytes += len;
                        acc.stats.add_keys(&site, &keys);
                        if keep {
                            // The cleaning pass reads the keys again.
                            acc.fixed.push((job.src.clone(), Kept { len, fixed, keys }));
                        }
                    }
                    Err(e) => acc.failed.push(e),
                }
                acc
            })
            .reduce(Acc::default, |mut a, b| {
                // Same grouping on both sides: merging cannot fail.
                let _ = a.stats.merge(b.stats);
                a.files += b.files;
                a.bytes += b.bytes;
                a.failed.extend(b.failed);
                a.fixed.extend(b.fixed);
                a
            })
    };
    let acc = super::pool(threads)?.install(work);
    pb.finish_and_clear();
    let Acc {
        mut stats,
        files,
        bytes,
        mut failed,
        fixed,
    } = acc;
    // `Acc::default` groups by the default; set the run's grouping.
    stats.site_from = site_from;
    failed.sort();
    let fixed = FixedCache {
        map: fixed
            .into_iter()
            .map(|(src, kept)| (src, Mutex::new(Some(kept))))
            .collect(),
    };
    Ok(Learned {
        stats,
        files,
        failed,
        fixed,
        bytes,
        elapsed: start.elapsed(),
    })
}

/// Reads a `stats.bin` file; the error names the file.
pub fn read_stats(path: &Path) -> Result<Stats, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
    Stats::from_bytes(&bytes).map_err(|e| format!("{}: {e}", path.display()))
}

/// Writes a `stats.bin` file atomically.
pub fn write_stats(path: &Path, stats: &Stats) -> Result<(), String> {
    super::write::atomic(path, &stats.to_bytes())
        .map_err(|e| format!("cannot write {}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_is_the_parent_folder() {
        assert_eq!(
            site_of(Path::new("/dump/example.org/a.txt"), SiteFrom::Parent),
            "example.org"
        );
        assert_eq!(
            site_of(Path::new("/dump/example.org/a.txt"), SiteFrom::None),
            ""
        );
    }
}
