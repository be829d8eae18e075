//! Tests of the built `dechaff` binary: tree mirroring, determinism across
//! thread counts, failures that do not stop the run, stdin, report, explain.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_dechaff"))
}

fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("run dechaff")
}

fn run_stdin(args: &[&str], input: &[u8]) -> Output {
    use std::io::Write;
    let mut child = bin()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn dechaff");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input)
        .expect("write stdin");
    child.wait_with_output().expect("wait")
}

fn write(path: &Path, bytes: &[u8]) {
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(path, bytes).expect("write");
}

fn samples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("samples")
}

/// All files under `dir`, relative, sorted.
fn tree(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().strip_prefix(dir).expect("prefix").to_path_buf())
        .collect();
    v.sort();
    v
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

const ARTICLE: &str = "A Title For The Article\n\nThe first paragraph of the article, a sentence.\nlog in or register\n";

#[test]
fn mirrors_the_tree_and_cleans_only_txt_by_default() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let input = tmp.path().join("in");
    write(&input.join("a/b/one.txt"), ARTICLE.as_bytes());
    write(&input.join("two.txt"), ARTICLE.as_bytes());
    write(&input.join("notes.md"), b"not cleaned");
    let out = tmp.path().join("out");
    let o = run(&[
        "clean",
        input.to_str().expect("utf8"),
        "-o",
        out.to_str().expect("utf8"),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        tree(&out),
        vec![PathBuf::from("a/b/one.txt"), PathBuf::from("two.txt")]
    );
    let text = std::fs::read_to_string(out.join("a/b/one.txt")).expect("read");
    assert_eq!(
        text,
        "A Title For The Article\n\nThe first paragraph of the article, a sentence.\n"
    );
    assert!(
        stderr(&o).contains("2 files cleaned, 0 failed"),
        "{}",
        stderr(&o)
    );

    // --ext and --all widen the selection.
    let out2 = tmp.path().join("out2");
    let o = run(&[
        "clean",
        input.to_str().expect("utf8"),
        "-o",
        out2.to_str().expect("utf8"),
        "--all",
        "-q",
    ]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(tree(&out2).len(), 3);
    assert!(o.stderr.is_empty(), "quiet prints nothing: {}", stderr(&o));
}

#[test]
fn output_is_identical_for_any_thread_count() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let raw = samples().join("raw");
    let (o1, o2) = (tmp.path().join("j1"), tmp.path().join("j2"));
    let r1 = tmp.path().join("r1.jsonl");
    let r2 = tmp.path().join("r2.jsonl");
    for (out, rep, j) in [(&o1, &r1, "1"), (&o2, &r2, "2")] {
        let o = run(&[
            "clean",
            raw.to_str().expect("utf8"),
            "-o",
            out.to_str().expect("utf8"),
            "-j",
            j,
            "-q",
            "--report",
            rep.to_str().expect("utf8"),
        ]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    }
    let files = tree(&o1);
    assert!(!files.is_empty());
    assert_eq!(files, tree(&o2));
    for f in &files {
        assert_eq!(
            std::fs::read(o1.join(f)).expect("j1"),
            std::fs::read(o2.join(f)).expect("j2"),
            "{}",
            f.display()
        );
    }
    assert_eq!(
        std::fs::read(&r1).expect("r1"),
        std::fs::read(&r2).expect("r2")
    );
}

#[cfg(unix)]
#[test]
fn a_bad_file_fails_alone_and_the_exit_code_says_so() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let input = tmp.path().join("in");
    write(&input.join("good.txt"), ARTICLE.as_bytes());
    write(&input.join("zz.txt"), ARTICLE.as_bytes());
    std::os::unix::fs::symlink(input.join("missing-target.txt"), input.join("y.txt"))
        .expect("symlink");
    std::os::unix::fs::symlink("loop.txt", input.join("loop.txt")).expect("loop symlink");
    // Binary content is refused, named, and nothing is written for it.
    write(
        &input.join("image.txt"),
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    );
    // Invalid bytes are repaired, not a failure.
    write(
        &input.join("bytes.txt"),
        b"Caf\xe9 society, don\x92t stop.\n",
    );
    let out = tmp.path().join("out");
    let o = run(&[
        "clean",
        input.to_str().expect("utf8"),
        "-o",
        out.to_str().expect("utf8"),
    ]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("y.txt") && err.contains("cannot read"),
        "{err}"
    );
    assert!(err.contains("loop.txt"), "{err}");
    assert!(err.contains("image.txt: not a text file"), "{err}");
    assert!(err.contains("3 files cleaned, 3 failed"), "{err}");
    assert_eq!(
        tree(&out),
        vec![
            PathBuf::from("bytes.txt"),
            PathBuf::from("good.txt"),
            PathBuf::from("zz.txt")
        ]
    );
    let fixed = std::fs::read_to_string(out.join("bytes.txt")).expect("bytes.txt");
    assert_eq!(fixed, "Café society, don\u{2019}t stop.\n");
}

#[test]
fn stdin_to_stdout() {
    let raw = std::fs::read(samples().join("raw/002_c73a8e4807f3649b.txt")).expect("seed");
    let want = std::fs::read(samples().join("clean/002_c73a8e4807f3649b.txt")).expect("seed");
    let o = run_stdin(&["clean", "-"], &raw);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(o.stdout, want);
}

#[test]
fn report_names_every_removed_line_and_rule() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let raw = samples().join("raw/000_9542332ba9c967ed.txt");
    let rep = tmp.path().join("report.jsonl");
    let out = tmp.path().join("out");
    let o = run(&[
        "clean",
        raw.to_str().expect("utf8"),
        "-o",
        out.to_str().expect("utf8"),
        "--report",
        rep.to_str().expect("utf8"),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = std::fs::read_to_string(&rep).expect("report");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 1);
    let v: serde_json::Value = serde_json::from_str(lines[0]).expect("json");
    assert_eq!(v["path"], "000_9542332ba9c967ed.txt");
    assert_eq!(v["encoding"], "UTF-8");
    assert!(
        v["bytes_in"].as_u64().expect("bytes_in") > v["bytes_out"].as_u64().expect("bytes_out")
    );
    let removed = v["removed"].as_array().expect("removed");
    let rules: Vec<&str> = removed
        .iter()
        .map(|r| r["rule"].as_str().expect("rule"))
        .collect();
    for want in ["masthead", "credit", "caption", "related", "prompt"] {
        assert!(rules.contains(&want), "{want} missing from {rules:?}");
    }
    // The closing UI string in another script goes too (which rule takes it
    // first depends on the order: `tail` or `script`).
    assert!(removed
        .iter()
        .any(|r| r["text"] == "Заголовок открываемого материала"));
    let login = removed
        .iter()
        .find(|r| r["text"] == "log in or register")
        .expect("login line");
    assert_eq!(login["rule"], "prompt");
    assert!(login["line"].as_u64().is_some());
}

#[test]
fn explain_marks_lines_with_their_rule() {
    let raw = samples().join("raw/002_c73a8e4807f3649b.txt");
    let o = run(&["explain", raw.to_str().expect("utf8")]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let s = String::from_utf8_lossy(&o.stdout);
    assert!(s.contains("DROP (@FahadShabbir)"), "{s}");
    assert!(s.contains("-> social (social handle)"), "{s}");
    assert!(s.contains("-> duplicate"), "{s}");
    assert!(
        s.contains("JOIN Russia will not take it off the table"),
        "{s}"
    );
    assert!(s.contains("replacement_char"), "{s}");
    // The body span the position rules used, by source line numbers.
    assert!(s.contains("\nbody: lines "), "{s}");
}

#[test]
fn usage_errors_exit_2() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let input = tmp.path().join("in");
    write(&input.join("a.txt"), ARTICLE.as_bytes());
    let inp = input.to_str().expect("utf8");
    // No output directory.
    assert_eq!(run(&["clean", inp]).status.code(), Some(2));
    // Output inside the input.
    let inside = input.join("out");
    let o = run(&["clean", inp, "-o", inside.to_str().expect("utf8")]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("inside input directory"),
        "{}",
        stderr(&o)
    );
    // Refused before the corpus counting pass reads the inputs.
    assert!(!stderr(&o).contains("counted"), "{}", stderr(&o));
    // Refused before anything is created in the input tree, even deeper.
    assert!(!inside.exists(), "the refused output directory was created");
    let deeper = input.join("new/deeper/../out");
    let o = run(&["clean", inp, "-o", deeper.to_str().expect("utf8")]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(!input.join("new").exists());
    // Unknown rule, bad rules file, unknown flag.
    assert_eq!(
        run(&["clean", inp, "-o", "x", "--disable", "nope"])
            .status
            .code(),
        Some(2)
    );
    let bad = tmp.path().join("bad.toml");
    write(&bad, b"[login\n");
    let o = run(&["explain", inp, "--rules", bad.to_str().expect("utf8")]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("bad.toml"), "{}", stderr(&o));
    assert_eq!(run(&["clean", "--bogus"]).status.code(), Some(2));
    // Zero worker threads, for clean and learn alike (shared arguments).
    assert_eq!(
        run(&["clean", inp, "-o", "x", "-j", "0"]).status.code(),
        Some(2)
    );
    assert_eq!(
        run(&["learn", inp, "-o", "x.bin", "-j", "0"]).status.code(),
        Some(2)
    );
    // --field means nothing without --jsonl: said, not ignored.
    assert_eq!(run(&["fix", "--field", "body", inp]).status.code(), Some(2));
}

#[test]
fn user_rules_and_disable() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let rules = tmp.path().join("mine.toml");
    write(
        &rules,
        "[subscribe]\nen = [\"join the club today\"]\n".as_bytes(),
    );
    let input = b"Real text of the article here.\nJoin the club today!\n(@someone)\n";
    let o = run_stdin(
        &[
            "clean",
            "-",
            "--rules",
            rules.to_str().expect("utf8"),
            "--disable",
            "social",
        ],
        input,
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        String::from_utf8_lossy(&o.stdout),
        "Real text of the article here.\n\n(@someone)\n"
    );
}

#[test]
fn rules_lists_every_family() {
    let o = run(&["rules"]);
    let s = String::from_utf8_lossy(&o.stdout);
    for name in [
        "masthead",
        "credit",
        "caption",
        "related",
        "prompt",
        "social",
        "duplicate",
        "script",
        "quote_join",
    ] {
        assert!(
            s.lines().any(|l| l.starts_with(name)),
            "{name} missing:\n{s}"
        );
    }
}

#[test]
fn fix_jsonl_keeps_other_fields_and_reports_bad_lines() {
    let input = "{\"id\":1,\"text\":\"the\u{FFFD}agenda\",\"url\":\"u\"}\nnot json\n{\"id\":3,\"text\":\"ok\"}\n";
    let o = run_stdin(&["fix", "--jsonl"], input.as_bytes());
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("stdin:2: invalid JSON"),
        "{}",
        stderr(&o)
    );
    let out = String::from_utf8_lossy(&o.stdout);
    assert_eq!(
        out,
        "{\"id\":1,\"text\":\"the agenda\",\"url\":\"u\"}\n{\"id\":3,\"text\":\"ok\"}\n"
    );
}

#[test]
fn fix_jsonl_writes_other_fields_back_unchanged() {
    // Numbers too: an id beyond u64 or a float's spelling must not pass
    // through f64 (it did: `1.2345678901234568e+29`, `1.1`).
    let input = "{\"id\":123456789012345678901234567890,\"g\":1.10,\"text\":\"ok\"}\n";
    let o = run_stdin(&["fix", "--jsonl"], input.as_bytes());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(String::from_utf8_lossy(&o.stdout), input);
}

#[test]
fn fix_and_explain_refuse_binary_files_like_clean() {
    let dir = tempfile::tempdir().expect("tempdir");
    let bin_file = dir.path().join("a.bin");
    write(
        &bin_file,
        b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x03\x00>\x00",
    );
    let path = bin_file.to_str().expect("utf-8 path");
    for args in [&["fix", path][..], &["explain", path][..]] {
        let o = run(args);
        assert_eq!(o.status.code(), Some(1), "{args:?}");
        assert!(o.stdout.is_empty(), "{args:?} wrote output");
        assert!(
            stderr(&o).contains("a.bin: not a text file"),
            "{}",
            stderr(&o)
        );
    }
    let o = run_stdin(&["fix", "-"], b"\x00\x01\x02junk\x00");
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("stdin: not a text file"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn report_path_that_cannot_be_written_stops_the_run_before_any_output() {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = dir.path().join("in");
    write(&input.join("a.txt"), ARTICLE.as_bytes());
    let blocker = dir.path().join("plain-file");
    write(&blocker, b"x");
    for report in [dir.path().to_path_buf(), blocker.join("r.jsonl")] {
        let out = dir.path().join("out");
        let o = run(&[
            "clean",
            input.to_str().expect("utf-8"),
            "-o",
            out.to_str().expect("utf-8"),
            "--report",
            report.to_str().expect("utf-8"),
        ]);
        assert_eq!(o.status.code(), Some(2), "{report:?}: {}", stderr(&o));
        assert!(stderr(&o).contains("cannot write report"), "{}", stderr(&o));
        assert!(tree(&out).is_empty(), "{report:?}: outputs written anyway");
    }
}

#[test]
fn the_same_input_named_twice_is_cleaned_once_but_a_clash_fails() {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = dir.path().join("in");
    write(&input.join("a.txt"), ARTICLE.as_bytes());
    write(&dir.path().join("other/a.txt"), ARTICLE.as_bytes());
    let inp = input.to_str().expect("utf-8");
    let file = input.join("a.txt");
    let file = file.to_str().expect("utf-8");
    for args in [[inp, inp], [file, file]] {
        let out = dir.path().join("out");
        let o = run(&[
            "clean",
            args[0],
            args[1],
            "-o",
            out.to_str().expect("utf-8"),
            "-q",
        ]);
        assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
        assert_eq!(tree(&out), vec![PathBuf::from("a.txt")]);
    }
    // Two different files that would write the same output: the second fails.
    let other = dir.path().join("other/a.txt");
    let out = dir.path().join("out2");
    let o = run(&[
        "clean",
        file,
        other.to_str().expect("utf-8"),
        "-o",
        out.to_str().expect("utf-8"),
        "-q",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("is also written for"), "{}", stderr(&o));
}

#[test]
fn fix_jsonl_repairs_lone_surrogates_and_stray_bytes_instead_of_dropping() {
    // What Python's json.dumps writes for a lone surrogate, and a stray
    // windows-1252 byte: strict JSON parsers refuse both lines.
    let input = b"{\"text\":\"don\\ud800t\"}\n{\"text\":\"caf\xe9\"}\n";
    let o = run_stdin(&["fix", "--jsonl"], input);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        String::from_utf8_lossy(&o.stdout),
        "{\"text\":\"don't\"}\n{\"text\":\"café\"}\n"
    );
}

#[test]
fn user_line_patterns_apply_per_site() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let rules = tmp.path().join("site.toml");
    write(
        &rules,
        "[drop_line]\nany = [\"Sponsored by *\"]\n\n[site.\"example.org\".drop_line]\nany = [\"* | Example Weekly\"]\n".as_bytes(),
    );
    let input = b"Body text of the article, a full sentence.\nSponsored by Acme\nArchive | Example Weekly\n";
    let r = rules.to_str().expect("utf8");
    // Without --site only the global pattern applies.
    let o = run_stdin(&["clean", "-", "--rules", r], input);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        String::from_utf8_lossy(&o.stdout),
        "Body text of the article, a full sentence.\n\nArchive | Example Weekly\n"
    );
    // With the site named, its table applies too.
    let o = run_stdin(
        &["clean", "-", "--rules", r, "--site", "example.org"],
        input,
    );
    assert_eq!(
        String::from_utf8_lossy(&o.stdout),
        "Body text of the article, a full sentence.\n"
    );
}
