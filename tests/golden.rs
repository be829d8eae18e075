//! Golden tests: every file under `samples/raw/` is cleaned by the real
//! cleaner and compared byte for byte with the file at the same relative
//! path under `samples/clean/`. Each pair is its own test case.
//!
//! Pairs under `samples/raw/fix/` go through `fix` (repairs only) instead of
//! `clean`. `scripts/bless` rewrites `samples/clean/` from the current code.

use dechaff::{Cleaner, Config};
use libtest_mimic::{Arguments, Failed, Trial};
use std::path::{Path, PathBuf};

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            files(&p, out);
        } else {
            out.push(p);
        }
    }
}

/// A readable line diff: the first differing lines with their numbers.
fn line_diff(want: &str, got: &str) -> String {
    let w: Vec<&str> = want.split('\n').collect();
    let g: Vec<&str> = got.split('\n').collect();
    let mut s = String::new();
    let mut shown = 0;
    for i in 0..w.len().max(g.len()) {
        let (a, b) = (w.get(i), g.get(i));
        if a != b {
            s.push_str(&format!(
                "line {}:\n  want: {:?}\n  got:  {:?}\n",
                i + 1,
                a.unwrap_or(&"<none>"),
                b.unwrap_or(&"<none>")
            ));
            shown += 1;
            if shown == 8 {
                s.push_str("  ...\n");
                break;
            }
        }
    }
    s
}

fn check(raw: &Path, clean: &Path, fix: bool) -> Result<(), Failed> {
    let cleaner = Cleaner::new(Config::default()).map_err(Failed::from)?;
    let input = std::fs::read(raw).map_err(|e| format!("{}: {e}", raw.display()))?;
    let want = std::fs::read(clean)
        .map_err(|e| format!("{}: {e} (run scripts/bless?)", clean.display()))?;
    let got = if fix {
        cleaner.fix(&input).text
    } else {
        cleaner.clean(&input).text
    };
    if got.as_bytes() == want.as_slice() {
        return Ok(());
    }
    let want = String::from_utf8_lossy(&want);
    Err(format!(
        "{} differs from {}:\n{}",
        raw.display(),
        clean.display(),
        line_diff(&want, &got)
    )
    .into())
}

fn main() {
    let args = Arguments::from_args();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    let raw_root = root.join("raw");
    let mut raws = Vec::new();
    files(&raw_root, &mut raws);
    let trials = raws
        .into_iter()
        .map(|raw| {
            let rel = raw
                .strip_prefix(&raw_root)
                .map(Path::to_path_buf)
                .unwrap_or_default();
            let clean = root.join("clean").join(&rel);
            let fix = rel.starts_with("fix");
            Trial::test(rel.display().to_string(), move || check(&raw, &clean, fix))
        })
        .collect();
    libtest_mimic::run(&args, trials).exit();
}
