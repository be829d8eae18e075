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
    /// Files counted.
    pub files: usize,
    /// Files that could not be read, with why, in path order (`clean`
    /// reports them in its cleaning pass; `learn` names them).
    pub failed: Vec<(String, String)>,
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
            self.failed.len(),
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
    let count = |job: &Job| -> Result<(String, String, u64), (String, String)> {
        pb.inc(job.size);
        let src = job.src.display().to_string();
        if let Some(e) = &job.error {
            return Err((src, e.clone()));
        }
        let bytes = std::fs::read(&job.src).map_err(|e| (src, format!("cannot read: {e}")))?;
        let text = cleaner.fix(&bytes).text;
        Ok((site_of(&job.src, site_from), text, bytes.len() as u64))
    };
    let work = || {
        jobs.par_iter()
            .map(count)
            .fold(
                || (Stats::new(site_from), 0usize, Vec::new(), 0u64),
                |(mut s, ok, mut bad, n), r| match r {
                    Ok((site, text, len)) => {
                        s.add_doc(&site, text.lines());
                        (s, ok + 1, bad, n + len)
                    }
                    Err(e) => {
                        bad.push(e);
                        (s, ok, bad, n)
                    }
                },
            )
            .reduce(
                || (Stats::new(site_from), 0, Vec::new(), 0),
                |(mut a, ok_a, mut bad_a, n_a), (b, ok_b, bad_b, n_b)| {
                    // Same grouping on both sides: merging cannot fail.
                    let _ = a.merge(b);
                    bad_a.extend(bad_b);
                    (a, ok_a + ok_b, bad_a, n_a + n_b)
                },
            )
    };
    let n = threads.unwrap_or(0);
    let (stats, files, mut failed, bytes) = rayon::ThreadPoolBuilder::new()
        .num_threads(n)
        .build()
        .map_err(|e| UsageError(format!("cannot start {n} worker threads: {e}")))?
        .install(work);
    pb.finish_and_clear();
    failed.sort();
    Ok(Learned {
        stats,
        files,
        failed,
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
