//! The counting pass of the `corpus` rule: reads and repairs every input
//! (the same `Cleaner::fix` the cleaning pass uses, so keys match), counts
//! its lines per site, in parallel. Counts add up, so the result does not
//! depend on the number of threads or the order files finish in.
//!
//! Also reading and writing `stats.bin` files (the format is in
//! `chrome::corpus`).

use super::walk::{collect_jobs, Job, WalkOptions};
use super::UsageError;
use crate::chrome::corpus::{SiteFrom, Stats};
use crate::pipeline::Cleaner;
use rayon::prelude::*;
use std::path::Path;
use std::time::{Duration, Instant};

/// The site a file belongs to, as the `corpus` rule groups them.
pub fn site_of(src: &Path, mode: SiteFrom) -> String {
    match mode {
        SiteFrom::None => String::new(),
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

/// What the counting pass did.
#[derive(Clone, Debug)]
pub struct Learned {
    pub stats: Stats,
    /// Files counted, and files that could not be read (the cleaning pass
    /// reports those).
    pub files: usize,
    pub unreadable: usize,
    pub bytes: u64,
    pub elapsed: Duration,
}

impl Learned {
    pub fn render(&self) -> String {
        let secs = self.elapsed.as_secs_f64().max(1e-9);
        let keys: usize = self.stats.sites().map(|(_, s)| s.keys()).sum();
        format!(
            "dechaff: counted {} files ({} unreadable) in {} sites, {} distinct lines; {:.2} s, {:.1} MB/s\n",
            self.files,
            self.unreadable,
            self.stats.sites().count(),
            keys,
            secs,
            self.bytes as f64 / 1e6 / secs
        )
    }
}

/// Counts the lines of every input file, per site.
pub fn learn(
    cleaner: &Cleaner,
    walk: &WalkOptions,
    site_from: SiteFrom,
    threads: Option<usize>,
    quiet: bool,
) -> Result<Learned, UsageError> {
    let start = Instant::now();
    let jobs = collect_jobs(walk);
    let total: u64 = jobs.iter().map(|j| j.size).sum();
    let pb = super::progress_bar(total, quiet);
    pb.set_message("counting");
    let count = |job: &Job| -> Option<(String, String)> {
        pb.inc(job.size);
        if job.error.is_some() {
            return None;
        }
        let bytes = std::fs::read(&job.src).ok()?;
        Some((site_of(&job.src, site_from), cleaner.fix(&bytes).text))
    };
    let work = || {
        jobs.par_iter()
            .map(count)
            .fold(
                || (Stats::new(site_from), 0usize, 0usize, 0u64),
                |(mut s, ok, bad, bytes), r| match r {
                    Some((site, text)) => {
                        s.add_doc(&site, text.lines());
                        (s, ok + 1, bad, bytes + text.len() as u64)
                    }
                    None => (s, ok, bad + 1, bytes),
                },
            )
            .reduce(
                || (Stats::new(site_from), 0, 0, 0),
                |(mut a, ok_a, bad_a, by_a), (b, ok_b, bad_b, by_b)| {
                    // Same grouping on both sides: merging cannot fail.
                    let _ = a.merge(b);
                    (a, ok_a + ok_b, bad_a + bad_b, by_a + by_b)
                },
            )
    };
    let n = threads.unwrap_or(0);
    let (stats, files, unreadable, bytes) = rayon::ThreadPoolBuilder::new()
        .num_threads(n)
        .build()
        .map_err(|e| UsageError(format!("cannot start {n} worker threads: {e}")))?
        .install(work);
    pb.finish_and_clear();
    Ok(Learned {
        stats,
        files,
        unreadable,
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
