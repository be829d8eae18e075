//! Turns the inputs into a sorted list of jobs (source path, relative output
//! path). Problems with one entry become a failed job, so the run goes on
//! and the failure is reported with its path.

use super::UsageError;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

#[derive(Clone, Debug)]
pub struct WalkOptions {
    pub inputs: Vec<PathBuf>,
    /// File name endings to clean (without the dot), in directories.
    pub exts: Vec<String>,
    /// Clean every regular file, whatever its name.
    pub all: bool,
}

impl Default for WalkOptions {
    fn default() -> Self {
        WalkOptions {
            inputs: Vec::new(),
            exts: vec!["txt".to_string()],
            all: false,
        }
    }
}

#[derive(Clone, Debug)]
pub struct Job {
    pub src: PathBuf,
    /// Path of the output, relative to the output directory.
    pub rel: PathBuf,
    pub size: u64,
    /// Set when the entry is already known to be unusable.
    pub error: Option<String>,
}

impl WalkOptions {
    fn wanted(&self, path: &Path) -> bool {
        if self.all {
            return true;
        }
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default();
        self.exts.iter().any(|e| name.ends_with(&format!(".{e}")))
    }
}

/// Refuses an output directory inside an input directory: its files would be
/// walked as inputs on the next run, or during this one.
pub fn check_out_not_inside_inputs(inputs: &[PathBuf], out: &Path) -> Result<(), UsageError> {
    let Some(out_abs) = absolute(out) else {
        return Ok(());
    };
    for input in inputs.iter().filter(|p| p.is_dir()) {
        if let Ok(in_abs) = input.canonicalize() {
            if out_abs.starts_with(&in_abs) {
                return Err(UsageError(format!(
                    "output directory {} is inside input directory {}: choose an output outside the input",
                    out.display(),
                    input.display()
                )));
            }
        }
    }
    Ok(())
}

/// `path` made absolute with its links resolved, also when it does not
/// exist yet: the output directory is checked before it is created, so a
/// refused run leaves nothing behind in the input tree. The missing tail
/// has no links, so its `..` can be resolved by the name alone.
fn absolute(path: &Path) -> Option<PathBuf> {
    use std::path::Component;
    let parts: Vec<Component> = path.components().collect();
    // The longest prefix that exists, canonicalized; "." if none does.
    let (mut abs, rest) = (0..=parts.len()).rev().find_map(|n| {
        let prefix: PathBuf = parts[..n].iter().collect();
        let prefix = if n == 0 { PathBuf::from(".") } else { prefix };
        prefix.canonicalize().ok().map(|abs| (abs, &parts[n..]))
    })?;
    for part in rest {
        match part {
            Component::ParentDir => {
                abs.pop();
            }
            Component::Normal(name) => abs.push(name),
            _ => {}
        }
    }
    Some(abs)
}

pub fn collect_jobs(opts: &WalkOptions) -> Vec<Job> {
    let mut jobs = Vec::new();
    for input in &opts.inputs {
        let meta = std::fs::symlink_metadata(input);
        match meta {
            Err(e) => jobs.push(failed(input, file_name(input), format!("cannot open: {e}"))),
            Ok(m) if m.is_dir() => walk_dir(input, opts, &mut jobs),
            Ok(_) => jobs.push(job(input.clone(), file_name(input))),
        }
    }
    // Two inputs must not write the same output path. The same file named
    // twice (`clean a.txt a.txt`, `clean in in`) is cleaned once, not failed.
    let mut seen: HashMap<PathBuf, PathBuf> = HashMap::new();
    jobs.retain_mut(|j| {
        let Some(first) = seen.get(&j.rel) else {
            seen.insert(j.rel.clone(), j.src.clone());
            return true;
        };
        if j.error.is_none() {
            if same_file(first, &j.src) {
                return false;
            }
            j.error = Some(format!(
                "output path {} is also written for {}",
                j.rel.display(),
                first.display()
            ));
        }
        true
    });
    jobs
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

fn walk_dir(root: &Path, opts: &WalkOptions, jobs: &mut Vec<Job>) {
    for entry in WalkDir::new(root).follow_links(false).sort_by_file_name() {
        match entry {
            Ok(e) => {
                let ft = e.file_type();
                if ft.is_dir() || !opts.wanted(e.path()) {
                    continue;
                }
                let rel = e
                    .path()
                    .strip_prefix(root)
                    .map(Path::to_path_buf)
                    .unwrap_or_else(|_| file_name(e.path()));
                // Symlinks are followed when read; a dangling one fails then.
                if ft.is_file() || ft.is_symlink() {
                    jobs.push(job(e.path().to_path_buf(), rel));
                }
            }
            Err(err) => {
                let path = err
                    .path()
                    .map(Path::to_path_buf)
                    .unwrap_or_else(|| root.to_path_buf());
                let rel = path
                    .strip_prefix(root)
                    .map(Path::to_path_buf)
                    .unwrap_or_else(|_| file_name(&path));
                let msg = err
                    .io_error()
                    .map_or_else(|| err.to_string(), |e| e.to_string());
                jobs.push(failed(&path, rel, format!("cannot walk: {msg}")));
            }
        }
    }
}

fn file_name(p: &Path) -> PathBuf {
    p.file_name()
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("stdin"))
}

fn job(src: PathBuf, rel: PathBuf) -> Job {
    let size = std::fs::metadata(&src).map(|m| m.len()).unwrap_or(0);
    Job {
        src,
        rel,
        size,
        error: None,
    }
}

fn failed(src: &Path, rel: PathBuf, error: String) -> Job {
    Job {
        src: src.to_path_buf(),
        rel,
        size: 0,
        error: Some(error),
    }
}
