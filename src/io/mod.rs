//! Everything that touches the file system or threads: walking the inputs,
//! cleaning files in parallel, atomic writes, progress and the report.
//!
//! Parallelism lives only here. Results are collected in input order, so the
//! output files, the report and the summary are the same for any `-j`.

pub mod json;
pub mod jsonl;
pub mod learn;
pub mod report;
pub mod walk;
pub mod write;

use crate::chrome::corpus::SiteFrom;
use crate::pipeline::Cleaner;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

pub use report::FileReport;
pub use walk::{collect_jobs, Job, WalkOptions};

/// The worker pool of `jobs` threads (`None`: one per core), the same one
/// for every pass of a run. Both passes of `clean` then run on the same
/// threads, and so allocate from the same malloc arenas: the memory the
/// counting pass frees is reused by the cleaning pass instead of being
/// faulted in anew by another thread's arena (page faults are a fifth of
/// the CPU time of a run over large files).
pub(crate) fn pool(jobs: Option<usize>) -> Result<std::sync::Arc<rayon::ThreadPool>, UsageError> {
    use std::sync::{Arc, Mutex, OnceLock};
    static POOLS: OnceLock<Mutex<BTreeMap<usize, Arc<rayon::ThreadPool>>>> = OnceLock::new();
    let n = jobs.unwrap_or(0);
    // A poisoned lock only means a thread panicked while holding it: the
    // map is still whole.
    let mut pools = POOLS
        .get_or_init(Mutex::default)
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some(p) = pools.get(&n) {
        return Ok(Arc::clone(p));
    }
    let p = Arc::new(
        rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build()
            .map_err(|e| UsageError(format!("cannot start {n} worker threads: {e}")))?,
    );
    pools.insert(n, Arc::clone(&p));
    Ok(p)
}

/// How to run `clean` over a tree.
#[derive(Clone, Debug, Default)]
pub struct RunOptions {
    pub walk: WalkOptions,
    pub out: PathBuf,
    /// Worker threads; `None` for all cores.
    pub jobs: Option<usize>,
    pub quiet: bool,
    pub report: Option<PathBuf>,
    /// How files are grouped into sites for the `corpus` rule.
    pub site_from: SiteFrom,
    /// Repaired texts kept by the counting pass, used instead of reading
    /// and repairing the files again.
    pub fixed: Option<std::sync::Arc<learn::FixedCache>>,
}

/// Totals of a run, for the summary line and the exit code.
#[derive(Clone, Debug, Default)]
pub struct Summary {
    pub files_ok: usize,
    pub files_failed: usize,
    pub bytes_in: u64,
    pub bytes_out: u64,
    pub elapsed: Duration,
    pub removed_by_rule: BTreeMap<&'static str, usize>,
    pub repairs_by_kind: BTreeMap<&'static str, usize>,
}

impl Summary {
    fn add(&mut self, r: &FileReport) {
        self.add_parts(
            r.error.is_some(),
            r.bytes_in,
            r.bytes_out,
            &r.removed,
            &r.repairs,
        );
    }

    /// Counts one document (a file, or a JSON Lines record).
    pub fn add_parts(
        &mut self,
        failed: bool,
        bytes_in: u64,
        bytes_out: u64,
        removed: &[report::RemovedLine],
        repairs: &BTreeMap<&'static str, usize>,
    ) {
        if failed {
            self.files_failed += 1;
            return;
        }
        self.files_ok += 1;
        self.bytes_in += bytes_in;
        self.bytes_out += bytes_out;
        // Each run of one rule's lines (a menu, a teaser block) is counted
        // first, then added with one map lookup, not one per line (a heavy
        // page drops hundreds of lines).
        let mut run: Option<(&'static str, usize)> = None;
        for rm in removed {
            match &mut run {
                Some((rule, n)) if std::ptr::eq(*rule, rm.rule) || *rule == rm.rule => *n += 1,
                _ => {
                    if let Some((rule, n)) = run.replace((rm.rule, 1)) {
                        *self.removed_by_rule.entry(rule).or_default() += n;
                    }
                }
            }
        }
        if let Some((rule, n)) = run {
            *self.removed_by_rule.entry(rule).or_default() += n;
        }
        for (k, n) in repairs {
            *self.repairs_by_kind.entry(k).or_default() += n;
        }
    }

    /// The summary printed on stderr at the end of a run.
    pub fn render(&self) -> String {
        self.render_as("files")
    }

    /// [`Summary::render`] counting `unit` (`records` for JSON Lines).
    pub fn render_as(&self, unit: &str) -> String {
        let secs = self.elapsed.as_secs_f64().max(1e-9);
        let mb_in = self.bytes_in as f64 / 1e6;
        let mut s = format!(
            "dechaff: {} {unit} cleaned, {} failed; {:.2} MB in, {:.2} MB out; {:.2} s, {:.1} MB/s\n",
            self.files_ok,
            self.files_failed,
            mb_in,
            self.bytes_out as f64 / 1e6,
            secs,
            mb_in / secs
        );
        if !self.removed_by_rule.is_empty() {
            let parts: Vec<String> = self
                .removed_by_rule
                .iter()
                .map(|(k, v)| format!("{k} {v}"))
                .collect();
            s.push_str(&format!("  lines removed: {}\n", parts.join(", ")));
        }
        if !self.repairs_by_kind.is_empty() {
            let parts: Vec<String> = self
                .repairs_by_kind
                .iter()
                .map(|(k, v)| format!("{k} {v}"))
                .collect();
            s.push_str(&format!("  repairs: {}\n", parts.join(", ")));
        }
        s
    }
}

/// Errors that stop a run before any file is cleaned (exit code 2).
#[derive(Debug)]
pub struct UsageError(pub String);

impl std::fmt::Display for UsageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

fn progress_bar(total: u64, quiet: bool) -> ProgressBar {
    progress_bar_of(Some(total), quiet, "files")
}

/// A progress bar over `total` input bytes; `{msg}` counts `unit`s done.
/// With no total (stdin read once), a spinner with the bytes and units done
/// and the throughput, since there is no end to show.
fn progress_bar_of(total: Option<u64>, quiet: bool, unit: &str) -> ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let pb = ProgressBar::with_draw_target(total, ProgressDrawTarget::stderr());
    let style = bar_style(total.is_some(), unit).unwrap_or_else(|_| match total {
        Some(_) => ProgressStyle::default_bar(),
        None => ProgressStyle::default_spinner(),
    });
    pb.set_style(style);
    if total.is_none() {
        // A spinner moves on ticks, not on progress.
        pb.enable_steady_tick(std::time::Duration::from_millis(120));
    }
    pb
}

/// The style of [`progress_bar_of`]: a bar with an ETA when the total is
/// known, a spinner otherwise.
fn bar_style(bounded: bool, unit: &str) -> Result<ProgressStyle, indicatif::style::TemplateError> {
    let template = if bounded {
        format!(
            "{{wide_bar}} {{bytes}}/{{total_bytes}} {{msg}} {unit} {{bytes_per_sec}} ETA {{eta}}"
        )
    } else {
        format!("{{spinner}} {{bytes}} {{msg}} {unit} {{bytes_per_sec}}")
    };
    ProgressStyle::with_template(&template)
}

/// The checks of a run's destinations, done before any pass reads an input:
/// the output directory is not inside an input and can be created, the
/// report file can be written (it is written last, and a bad path found only
/// then would come after all the work).
pub fn check_destinations(
    inputs: &[PathBuf],
    out: &Path,
    report: Option<&Path>,
) -> Result<(), UsageError> {
    walk::check_out_not_inside_inputs(inputs, out)?;
    std::fs::create_dir_all(out).map_err(|e| {
        UsageError(format!(
            "cannot create output directory {}: {e}",
            out.display()
        ))
    })?;
    if let Some(path) = report {
        report::check_writable(path)
            .map_err(|e| UsageError(format!("cannot write report {}: {e}", path.display())))?;
    }
    Ok(())
}

/// What a run did: the summary, one report per file, and the error of
/// writing the report file, if that failed at the end (the outputs are
/// written all the same).
pub struct RunResult {
    pub summary: Summary,
    /// Without `RunOptions::report`, the removed lines in these have an
    /// empty `detail` and `text` (only their rule is counted).
    pub reports: Vec<FileReport>,
    pub report_error: Option<String>,
}

/// Cleans every input file into `opts.out`. Per-file failures are in the
/// reports (and counted in the summary); only usage errors stop the run.
pub fn run_clean(cleaner: &Cleaner, opts: &RunOptions) -> Result<RunResult, UsageError> {
    let start = Instant::now();
    check_destinations(&opts.walk.inputs, &opts.out, opts.report.as_deref())?;
    let jobs = collect_jobs(&opts.walk);
    let total: u64 = jobs.iter().map(|j| j.size).sum();
    let pb = progress_bar(total, opts.quiet);
    let files_done = std::sync::atomic::AtomicUsize::new(0);
    let n_files = jobs.len();

    let work = || -> Vec<FileReport> {
        jobs.par_iter()
            .map(|job| {
                let r = process(cleaner, job, opts);
                pb.inc(job.size);
                let done = files_done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
                pb.set_message(format!("{done}/{n_files}"));
                r
            })
            .collect()
    };
    let reports = pool(opts.jobs)?.install(work);
    pb.finish_and_clear();

    let report_error = opts.report.as_ref().and_then(|path| {
        report::write_jsonl(path, &reports)
            .err()
            .map(|e| format!("cannot write report {}: {e}", path.display()))
    });
    let mut summary = Summary::default();
    for r in &reports {
        summary.add(r);
    }
    summary.elapsed = start.elapsed();
    Ok(RunResult {
        summary,
        reports,
        report_error,
    })
}

fn process(cleaner: &Cleaner, job: &Job, opts: &RunOptions) -> FileReport {
    if let Some(err) = &job.error {
        return FileReport::failed(job, err.clone());
    }
    // Kept by the counting pass (which leaves binary files out), or read now.
    let kept = opts.fixed.as_ref().and_then(|c| c.take(&job.src));
    let (len, fixed, keys) = match kept {
        Some(k) => (k.len, k.fixed, Some(k.keys)),
        None => {
            let bytes = match std::fs::read(&job.src) {
                Ok(b) => b,
                Err(e) => return FileReport::failed(job, format!("cannot read: {e}")),
            };
            if crate::decode::looks_binary(&bytes) {
                return FileReport::failed(
                    job,
                    "not a text file (NUL bytes in its first 8 KiB)".to_string(),
                );
            }
            (bytes.len() as u64, cleaner.fix(&bytes), None)
        }
    };
    let site = learn::site_of(&job.src, opts.site_from);
    // Without a report file the removed lines are only counted by rule:
    // their texts are not copied.
    let texts = opts.report.is_some();
    let cleaned = cleaner.clean_keyed_with(fixed, &site, keys.as_deref(), texts);
    let dest = opts.out.join(&job.rel);
    match write::atomic(&dest, cleaned.text.as_bytes()) {
        Ok(()) => FileReport::from_cleaned(job, len, cleaned),
        Err(e) => FileReport::failed(job, format!("cannot write {}: {e}", dest.display())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Both passes of a run get the same pool (and so the same threads),
    /// one per thread count.
    #[test]
    fn one_pool_per_thread_count() {
        let (a, b, c) = (pool(Some(1)), pool(Some(1)), pool(Some(2)));
        let (Ok(a), Ok(b), Ok(c)) = (a, b, c) else {
            panic!("pools start");
        };
        assert!(std::sync::Arc::ptr_eq(&a, &b));
        assert!(!std::sync::Arc::ptr_eq(&a, &c));
        assert_eq!((a.current_num_threads(), c.current_num_threads()), (1, 2));
    }

    fn removed(rules: &[&'static str]) -> Vec<report::RemovedLine> {
        rules
            .iter()
            .enumerate()
            .map(|(i, &rule)| report::RemovedLine {
                line: i + 1,
                rule,
                detail: String::new(),
                text: String::new(),
            })
            .collect()
    }

    /// Runs of one rule are counted as one line at a time would be.
    #[test]
    fn removed_lines_are_counted_by_rule() {
        let mut s = Summary::default();
        let no = BTreeMap::new();
        s.add_parts(false, 1, 1, &removed(&["nav", "nav", "tail", "nav"]), &no);
        s.add_parts(false, 1, 1, &removed(&[]), &no);
        s.add_parts(false, 1, 1, &removed(&["tail"]), &no);
        s.add_parts(true, 1, 1, &removed(&["prompt"]), &no);
        let want: BTreeMap<&str, usize> = [("nav", 3), ("tail", 2)].into_iter().collect();
        assert_eq!(s.removed_by_rule, want);
        assert_eq!((s.files_ok, s.files_failed), (3, 1));
    }

    /// Both templates parse (a typo would silently fall back to the plain
    /// default style).
    #[test]
    fn bar_and_spinner_templates_parse() {
        for bounded in [true, false] {
            assert!(bar_style(bounded, "records").is_ok(), "bounded: {bounded}");
        }
    }
}
