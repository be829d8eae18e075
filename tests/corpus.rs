//! The `corpus` rule end to end: a footer shared by the documents of one
//! site folder goes, body lines repeated only twice stay, and learning in
//! parts, merging and cleaning with `--stats` gives the in-run result.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const FOOTER: &str = "Example Weekly - Harbour Street 12 - Springfield";
const TWICE: &str = "What the council decided";

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_dechaff"))
}

fn run(args: &[&str]) -> Output {
    let out = bin().args(args).output().expect("run dechaff");
    assert!(
        out.status.success(),
        "dechaff {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 temp path")
}

/// `news/` holds six articles sharing the footer (two also share a
/// subheading); `blog/` two documents with the same footer.
fn tree(root: &Path) -> Vec<PathBuf> {
    let names = ["one", "two", "three", "four", "five", "six"];
    let mut files = Vec::new();
    for (i, name) in names.iter().enumerate() {
        let mut text = format!(
            "Story number {name} makes the news\n\n\
             The {name} story opens with a sentence that only this article contains.\n\n"
        );
        if i < 2 {
            text.push_str(TWICE);
            text.push_str("\n\n");
        }
        text.push_str(&format!(
            "It closes with another sentence about the {name} story and nothing else.\n\n{FOOTER}\n"
        ));
        let p = root.join("news").join(format!("{name}.txt"));
        files.push(p.clone());
        write(&p, &text);
    }
    for name in ["alpha", "beta"] {
        let text =
            format!("A blog post called {name} with its own sentence of text.\n\n{FOOTER}\n");
        write(&root.join("blog").join(format!("{name}.txt")), &text);
    }
    files
}

fn write(p: &Path, text: &str) {
    std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
    std::fs::write(p, text).expect("write");
}

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// Every output file, by relative path.
fn outputs(dir: &Path) -> Vec<(String, String)> {
    let mut v = Vec::new();
    for site in ["news", "blog"] {
        let Ok(rd) = std::fs::read_dir(dir.join(site)) else {
            continue;
        };
        for e in rd.flatten() {
            v.push((format!("{site}/{:?}", e.file_name()), read(&e.path())));
        }
    }
    v.sort();
    v
}

#[test]
fn footer_goes_twice_repeated_body_stays() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let input = tmp.path().join("in");
    tree(&input);
    let out = tmp.path().join("out");
    let report = tmp.path().join("report.jsonl");
    run(&[
        "clean",
        s(&input),
        "-o",
        s(&out),
        "-q",
        "--report",
        s(&report),
    ]);

    for name in ["one", "two", "three", "four", "five", "six"] {
        let text = read(&out.join("news").join(format!("{name}.txt")));
        assert!(!text.contains(FOOTER), "footer left in {name}:\n{text}");
        assert!(text.contains("makes the news"), "title lost in {name}");
    }
    assert!(read(&out.join("news/one.txt")).contains(TWICE));
    assert!(read(&out.join("news/two.txt")).contains(TWICE));
    // Another site folder: the footer is in two of its documents only.
    assert!(read(&out.join("blog/alpha.txt")).contains(FOOTER));
    // The report names the rule.
    let rep = read(&report);
    assert_eq!(rep.matches("\"rule\":\"corpus\"").count(), 6, "{rep}");

    // One site for the whole run: eight documents share the footer.
    let none = tmp.path().join("none");
    run(&[
        "clean",
        s(&input),
        "-o",
        s(&none),
        "-q",
        "--site-from",
        "none",
    ]);
    assert!(!read(&none.join("blog/alpha.txt")).contains(FOOTER));

    // Switched off, or a lone file: nothing is learned.
    let off = tmp.path().join("off");
    run(&[
        "clean",
        s(&input),
        "-o",
        s(&off),
        "-q",
        "--disable",
        "corpus",
    ]);
    assert!(read(&off.join("news/one.txt")).contains(FOOTER));
    let off2 = tmp.path().join("off2");
    run(&["clean", s(&input), "-o", s(&off2), "-q", "--no-corpus"]);
    assert_eq!(outputs(&off), outputs(&off2));
    let lone = tmp.path().join("lone");
    run(&[
        "clean",
        s(&input.join("news/one.txt")),
        "-o",
        s(&lone),
        "-q",
    ]);
    assert!(read(&lone.join("one.txt")).contains(FOOTER));

    // A binary file among them is not counted, and still refused.
    std::fs::write(input.join("news/image.txt"), b"\x89PNG\r\n\x1a\n\x00\x00").expect("write");
    let bin_out = tmp.path().join("bin_out");
    let o = bin()
        .args(["clean", s(&input), "-o", s(&bin_out), "-q"])
        .output()
        .expect("run");
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("image.txt"));
    assert!(!bin_out.join("news/image.txt").exists());
    assert_eq!(
        read(&bin_out.join("news/one.txt")),
        read(&out.join("news/one.txt"))
    );

    let rules = String::from_utf8_lossy(&run(&["rules"]).stdout).into_owned();
    assert!(rules.lines().any(|l| l.starts_with("corpus ")), "{rules}");
}

#[test]
fn learn_merge_then_clean_with_stats_equals_in_run() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let input = tmp.path().join("in");
    let news = tree(&input);
    let in_run = tmp.path().join("in_run");
    run(&["clean", s(&input), "-o", s(&in_run), "-q", "-j", "2"]);

    // Two "machines": half of the news files, then the rest and the blog.
    let a = tmp.path().join("a.bin");
    let b = tmp.path().join("b.bin");
    let all = tmp.path().join("all.bin");
    let mut args = vec!["learn", "-q", "-o", s(&a)];
    args.extend(news[..3].iter().map(|p| s(p)));
    run(&args);
    let mut args = vec!["learn", "-q", "-o", s(&b), "-j", "1"];
    args.extend(news[3..].iter().map(|p| s(p)));
    let blog = input.join("blog");
    args.push(s(&blog));
    run(&args);
    run(&["learn", "--merge", s(&a), s(&b), "-o", s(&all)]);

    // The same counts as learning everything at once, byte for byte.
    let whole = tmp.path().join("whole.bin");
    run(&["learn", "-q", s(&input), "-o", s(&whole)]);
    assert_eq!(std::fs::read(&all).ok(), std::fs::read(&whole).ok());
    let whole1 = tmp.path().join("whole1.bin");
    run(&["learn", "-q", "-j", "1", s(&input), "-o", s(&whole1)]);
    assert_eq!(std::fs::read(&whole1).ok(), std::fs::read(&whole).ok());

    let with_stats = tmp.path().join("with_stats");
    run(&[
        "clean",
        s(&input),
        "-o",
        s(&with_stats),
        "-q",
        "--stats",
        s(&all),
    ]);
    assert_eq!(outputs(&in_run), outputs(&with_stats));
    assert!(!read(&with_stats.join("news/three.txt")).contains(FOOTER));

    // Pruned to the lines in 3 documents or more: smaller, cleans the
    // same, and cannot be merged again.
    let small = tmp.path().join("small.bin");
    run(&[
        "learn",
        "--merge",
        s(&a),
        s(&b),
        "--prune",
        "3",
        "-o",
        s(&small),
    ]);
    let size = |p: &Path| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0);
    assert!(size(&small) < size(&all));
    let pruned_out = tmp.path().join("pruned_out");
    run(&[
        "clean",
        s(&input),
        "-o",
        s(&pruned_out),
        "-q",
        "--stats",
        s(&small),
    ]);
    assert_eq!(outputs(&in_run), outputs(&pruned_out));
    let o = bin()
        .args([
            "learn",
            "--merge",
            s(&small),
            s(&all),
            "-o",
            s(&tmp.path().join("no.bin")),
        ])
        .output()
        .expect("run");
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("pruned"));

    // Explain shows the rule by name.
    let ex = run(&["explain", s(&news[0]), "--stats", s(&all)]);
    let ex = String::from_utf8_lossy(&ex.stdout).into_owned();
    assert!(ex.contains("-> corpus (in 6 of 6 documents"), "{ex}");
}

#[test]
fn bad_stats_files_are_usage_errors() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let input = tmp.path().join("in");
    tree(&input);
    let good = tmp.path().join("good.bin");
    run(&["learn", "-q", s(&input), "-o", s(&good)]);
    let bytes = std::fs::read(&good).expect("read stats");

    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "junk.bin",
            b"not a stats file".to_vec(),
            "not a dechaff stats file",
        ),
        ("cut.bin", bytes[..bytes.len() / 2].to_vec(), "truncated"),
        // Version 1 (FNV-1a line keys): learned again, not misread.
        (
            "old.bin",
            {
                let mut b = bytes.clone();
                b[8] = 1;
                b
            },
            "re-run `dechaff learn`",
        ),
    ];
    for (name, data, want) in cases {
        let p = tmp.path().join(name);
        std::fs::write(&p, data).expect("write");
        let out = tmp.path().join(format!("out-{name}"));
        let o = bin()
            .args(["clean", s(&input), "-o", s(&out), "-q", "--stats", s(&p)])
            .output()
            .expect("run");
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{err}");
        assert!(err.contains(want) && err.contains(name), "{err}");
        let m = bin()
            .args(["learn", "--merge", s(&good), s(&p), "-o", s(&out)])
            .output()
            .expect("run");
        assert_eq!(m.status.code(), Some(2));
    }

    // Stats grouped one way cannot clean a run grouped another way.
    let o = bin()
        .args([
            "clean",
            s(&input),
            "-o",
            s(&tmp.path().join("x")),
            "--stats",
            s(&good),
        ])
        .args(["--site-from", "none"])
        .output()
        .expect("run");
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--site-from"));
    // An unreadable input is named, the rest is counted, the exit code says so.
    let partial = tmp.path().join("partial.bin");
    let missing = tmp.path().join("missing.txt");
    let o = bin()
        .args(["learn", "-q", s(&input), s(&missing), "-o", s(&partial)])
        .output()
        .expect("run");
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("missing.txt"));
    assert_eq!(std::fs::read(&partial).ok(), Some(bytes));
    // --min-docs below the floor is refused.
    let o = bin()
        .args([
            "clean",
            s(&input),
            "-o",
            s(&tmp.path().join("y")),
            "--min-docs",
            "2",
        ])
        .output()
        .expect("run");
    assert_eq!(o.status.code(), Some(2));
}
