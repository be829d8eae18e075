//! Tests of `dechaff clean --jsonl` and `learn --jsonl` through the built
//! binary: fields kept, chrome removed, bad lines reported, corpus grouping
//! by url host or field, the same output for any -j.

use std::path::Path;
use std::process::{Command, Output, Stdio};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_dechaff"))
}

fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("run dechaff")
}

/// `clean --jsonl INPUT -o OUT -q` and `extra`.
fn clean(input: &Path, out: &Path, extra: &[&str]) -> Output {
    let (i, o) = (input.to_str().expect("utf8"), out.to_str().expect("utf8"));
    run(&[&["clean", "--jsonl", i, "-o", o, "-q"][..], extra].concat())
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn lines(path: &Path) -> Vec<serde_json::Value> {
    std::fs::read_to_string(path)
        .expect("read output")
        .lines()
        .map(|l| serde_json::from_str(l).expect("output line is JSON"))
        .collect()
}

const BODY: &str = "The council voted on Tuesday to approve the new budget for the coming year, after a long debate about school funding and road repairs.";
const REPEATED: &str = "Visit our partner pages for more great stories";

/// A record of `host` whose text has a body, a prompt and `REPEATED`.
fn record(id: usize, host: &str) -> String {
    let text = format!(
        "Article {id} opens with a sentence about topic {id} that is its own and long enough.\n\nSubscribe to our newsletter\n\n{BODY} Paragraph {id}.\n\n{REPEATED}\n"
    );
    serde_json::json!({"id": id, "url": format!("https://www.{host}/p/{id}"), "text": text})
        .to_string()
}

#[test]
fn jsonl_clean_keeps_other_fields_and_order_and_removes_chrome() {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = dir.path().join("in.jsonl");
    let text = format!("Subscribe to our newsletter\n\n{BODY}");
    // Field order not alphabetical; numbers as written; nested values.
    let line = format!(
        r#"{{"zeta":1.50,"url":"https://x.org/1","text":{},"big":12345678901234567890123,"meta":{{"b":[1,2],"a":null}}}}"#,
        serde_json::to_string(&text).expect("json")
    );
    std::fs::write(&input, format!("{line}\n")).expect("write");
    let out = dir.path().join("out.jsonl");
    let o = clean(&input, &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let written = std::fs::read_to_string(&out).expect("out");
    let expected = format!(
        r#"{{"zeta":1.50,"url":"https://x.org/1","text":{},"big":12345678901234567890123,"meta":{{"b":[1,2],"a":null}}}}"#,
        serde_json::to_string(BODY).expect("json")
    );
    assert_eq!(written, format!("{expected}\n"));
}

#[test]
fn jsonl_bad_line_is_reported_with_its_number_and_the_others_written() {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = dir.path().join("in.jsonl");
    let good = |id: usize| serde_json::json!({"id": id, "text": BODY}).to_string();
    std::fs::write(
        &input,
        format!(
            "{}\n{{\"id\": 2, broken\n{}\n\n{{\"id\":4}}\n",
            good(1),
            good(3)
        ),
    )
    .expect("write");
    let out = dir.path().join("out.jsonl");
    let o = clean(&input, &out, &[]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("in.jsonl:2: invalid JSON"), "{err}");
    assert!(err.contains("in.jsonl:5: no field `text`"), "{err}");
    let ids: Vec<_> = lines(&out).iter().map(|v| v["id"].to_string()).collect();
    // The invalid line is left out; the one without the field stays as is.
    assert_eq!(ids, ["1", "3", "4"]);
}

#[test]
fn jsonl_corpus_groups_by_url_host() {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = dir.path().join("in.jsonl");
    // Four records of a.org share REPEATED; b.org and c.org have one each.
    let mut s = String::new();
    for id in 0..4 {
        s.push_str(&record(id, "a.org"));
        s.push('\n');
    }
    s.push_str(&record(4, "b.org"));
    s.push('\n');
    s.push_str(&record(5, "c.org"));
    s.push('\n');
    std::fs::write(&input, s).expect("write");
    let out = dir.path().join("out.jsonl");
    let report = dir.path().join("report.jsonl");
    let o = clean(
        &input,
        &out,
        &[
            "--report",
            report.to_str().expect("utf8"),
            "--min-docs",
            "3",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let recs = lines(&out);
    assert_eq!(recs.len(), 6);
    for (i, r) in recs.iter().enumerate() {
        let text = r["text"].as_str().expect("text");
        assert!(!text.contains("Subscribe"), "{text}");
        assert_eq!(text.contains(REPEATED), i >= 4, "record {i}: {text}");
    }
    let rep = lines(&report);
    assert_eq!(rep.len(), 6);
    assert_eq!(rep[0]["line"], 1);
    assert_eq!(rep[0]["url"], "https://www.a.org/p/0");
    let rules: Vec<_> = rep[0]["removed"]
        .as_array()
        .expect("removed")
        .iter()
        .map(|r| r["rule"].as_str().unwrap_or_default().to_string())
        .collect();
    assert!(rules.contains(&"corpus".to_string()), "{rules:?}");

    // Without the counting pass, the repeated line stays.
    let o = clean(&input, &out, &["--min-docs", "3", "--no-corpus"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(lines(&out)
        .iter()
        .all(|r| r["text"].as_str().unwrap_or_default().contains(REPEATED)));
}

#[test]
fn jsonl_corpus_groups_by_site_field_and_learned_stats() {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = dir.path().join("in.jsonl");
    // Every url has its own host; the `site` field puts 0..4 together.
    let mut s = String::new();
    for id in 0..5 {
        let mut v: serde_json::Value =
            serde_json::from_str(&record(id, &format!("h{id}.org"))).expect("json");
        v["site"] = if id < 4 { "one" } else { "two" }.into();
        s.push_str(&v.to_string());
        s.push('\n');
    }
    std::fs::write(&input, s).expect("write");
    let inp = input.to_str().expect("utf8");
    let out = dir.path().join("out.jsonl");
    let kept = |out: &Path| -> Vec<bool> {
        lines(out)
            .iter()
            .map(|r| r["text"].as_str().unwrap_or_default().contains(REPEATED))
            .collect()
    };
    let base = |extra: &[&str]| clean(&input, &out, &[&["--min-docs", "3"][..], extra].concat());
    let o = base(&["--site-field", "site"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(kept(&out), [false, false, false, false, true]);
    // By url host (the default), no host has enough documents.
    let o = base(&[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(kept(&out), [true; 5]);
    // The same counts from `learn --jsonl`.
    let stats = dir.path().join("stats.bin");
    let statsp = stats.to_str().expect("utf8");
    let o = run(&[
        "learn",
        "--jsonl",
        inp,
        "--site-field",
        "site",
        "-o",
        statsp,
        "-q",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = base(&["--stats", statsp]);
    assert_eq!(o.status.code(), Some(2), "the field must be named");
    let o = base(&["--stats", statsp, "--site-field", "site"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(kept(&out), [false, false, false, false, true]);
}

/// The counting pass keeps each record parsed, repaired and keyed for the
/// cleaning pass: the output and report must be those of a run that parses
/// and repairs every record again (`--stats` of the same counts), with bad
/// lines, blank lines, damaged text and fields with and without a final
/// newline in between.
#[test]
fn records_kept_by_the_counting_pass_clean_as_reparsed_ones() {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = dir.path().join("in.jsonl");
    let mut s = String::new();
    for id in 0..7 {
        let mut v: serde_json::Value = serde_json::from_str(&record(id, "a.org")).expect("json");
        if id % 2 == 1 {
            let t = format!(
                "The mayor didnâ€™t say when the {} road opens.\r\n{}",
                ["north", "east", "south", "west"][id / 2],
                v["text"].as_str().expect("text")
            );
            v["text"] = t.trim_end().into();
        }
        s.push_str(&v.to_string());
        s.push_str(if id == 3 {
            "\n\n{\"id\": broken\n"
        } else {
            "\n"
        });
    }
    std::fs::write(&input, s).expect("write");
    let inp = input.to_str().expect("utf8");
    let stats = dir.path().join("stats.bin");
    let statsp = stats.to_str().expect("utf8");
    let o = run(&["learn", "--jsonl", inp, "-o", statsp, "-q"]);
    assert_eq!(o.status.code(), Some(1), "the broken line: {}", stderr(&o));
    assert!(stats.exists(), "{}", stderr(&o));
    let mut got = Vec::new();
    for extra in [&[][..], &["--stats", statsp][..]] {
        let out = dir.path().join("out.jsonl");
        let report = dir.path().join("report.jsonl");
        let rep = report.to_str().expect("utf8");
        let o = clean(
            &input,
            &out,
            &[&["--report", rep, "--min-docs", "3"][..], extra].concat(),
        );
        assert_eq!(o.status.code(), Some(1), "the broken line: {}", stderr(&o));
        let text = std::fs::read_to_string(&out).expect("out");
        assert!(
            !text.contains(REPEATED) && text.contains("didn’t"),
            "{text}"
        );
        got.push((text, std::fs::read_to_string(&report).expect("report")));
    }
    assert_eq!(got[0], got[1]);
}

/// `explain --stats` on one document, with stats learned from records
/// grouped by url host: the file has no url, so the site is named.
#[test]
fn explain_with_url_grouped_stats_takes_the_site_by_name() {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = dir.path().join("in.jsonl");
    let mut s = String::new();
    for id in 0..6 {
        s.push_str(&record(id, "a.org"));
        s.push('\n');
    }
    std::fs::write(&input, s).expect("write");
    let stats = dir.path().join("stats.bin");
    let statsp = stats.to_str().expect("utf8");
    let o = run(&[
        "learn",
        "--jsonl",
        input.to_str().expect("utf8"),
        "-o",
        statsp,
        "-q",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let doc = dir.path().join("doc.txt");
    let v: serde_json::Value = serde_json::from_str(&record(0, "a.org")).expect("json");
    std::fs::write(&doc, v["text"].as_str().expect("text")).expect("write");
    let docp = doc.to_str().expect("utf8");
    let explain = |site: &[&str]| run(&[&["explain", docp, "--stats", statsp][..], site].concat());
    let o = explain(&["--site", "https://www.a.org/any"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(out.contains("-> corpus (in 6 of 6 documents"), "{out}");
    let o = explain(&["--site", "b.org"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!String::from_utf8_lossy(&o.stdout).contains("-> corpus"));
    let o = explain(&[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--site"), "{}", stderr(&o));
}

#[test]
fn jsonl_output_is_the_same_for_any_jobs_and_stdin() {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = dir.path().join("in.jsonl");
    let mut s = String::new();
    for id in 0..300 {
        s.push_str(&record(id, ["a.org", "b.org", "c.org"][id % 3]));
        s.push('\n');
    }
    std::fs::write(&input, &s).expect("write");
    let mut outputs = Vec::new();
    for j in ["1", "2", "4"] {
        let out = dir.path().join(format!("out{j}.jsonl"));
        let o = clean(&input, &out, &["-j", j]);
        assert!(o.status.success(), "{}", stderr(&o));
        outputs.push(std::fs::read(&out).expect("out"));
    }
    assert_eq!(outputs[0], outputs[1]);
    assert_eq!(outputs[0], outputs[2]);
    // stdin to stdout, two passes over a copy of stdin.
    let mut child = bin()
        .args(["clean", "--jsonl", "-", "-o", "-", "-q"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().expect("stdin");
        stdin.write_all(s.as_bytes()).expect("write stdin");
    }
    let o = child.wait_with_output().expect("wait");
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(o.stdout, outputs[0]);
}

#[test]
fn jsonl_failed_run_leaves_no_output_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("out.jsonl");
    let o = run(&[
        "clean",
        "--jsonl",
        dir.path().join("missing.jsonl").to_str().expect("utf8"),
        "-o",
        out.to_str().expect("utf8"),
        "-q",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("missing.jsonl: cannot read"));
    assert!(!out.exists());
    // A tree-only grouping is refused.
    let input = dir.path().join("in.jsonl");
    std::fs::write(&input, record(0, "a.org")).expect("write");
    let o = clean(&input, &out, &["--site-from", "parent"]);
    assert_eq!(o.status.code(), Some(2));
    // An output that is a directory is refused before any work.
    let o = clean(&input, dir.path(), &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("is a directory"), "{}", stderr(&o));
    assert!(!out.exists());
    let leftovers = std::fs::read_dir(dir.path())
        .expect("dir")
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .count();
    assert_eq!(leftovers, 0);
}
