//! JSON Lines input for `fix --jsonl`, `clean --jsonl` and `learn --jsonl`.
//!
//! Parsing: what to do with a line that serde_json refuses only because of
//! the very damage dechaff repairs.
//!
//! Scraped dumps written by Python carry lone UTF-16 surrogates as
//! `\ud800` escapes (`json.dumps` writes them, strict parsers refuse them)
//! and stray bytes that are not UTF-8. Refusing such a line would drop the
//! record from the output; instead the bytes are decoded as any document
//! is, and each lone surrogate becomes U+FFFD, which the repairs then
//! resolve by context or keep.

use super::learn::{Learned, KEEP_FIXED_MAX_BYTES};
use super::report::{removed_lines, repair_counts, RemovedLine};
use super::{Summary, UsageError};
use crate::chrome::corpus::{line_keys, line_keys_scan, SiteFrom, Stats};
use crate::pipeline::{Cleaner, Fixed};
use rayon::prelude::*;
use serde::Serialize;
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};
use std::io::{BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Instant;

/// Parses one line: as it is, or else salvaged.
pub fn parse_line(bytes: &[u8]) -> Result<Value, String> {
    super::json::from_slice(bytes)
        .or_else(|e| {
            salvage(bytes)
                .and_then(|s| serde_json::from_str(&s).ok())
                .ok_or(e)
        })
        .map_err(|e| format!("invalid JSON: {e}"))
}

/// The line made parseable, or `None` if there was nothing to salvage.
fn salvage(line: &[u8]) -> Option<String> {
    let text = crate::decode::decode(line).text;
    let fixed = replace_lone_surrogates(&text);
    (fixed.as_bytes() != line).then_some(fixed)
}

/// Replaces `\uD800`-`\uDFFF` escapes that are not a high-low pair with
/// `\uFFFD`. Escaped backslashes are skipped, so `\\ud800` (a backslash
/// and the letters `ud800`) stays as it is.
fn replace_lone_surrogates(s: &str) -> String {
    let b = s.as_bytes();
    let unit = |i: usize| -> Option<u16> {
        let hex = b.get(i + 2..i + 6)?;
        if b.get(i..i + 2)? != b"\\u" {
            return None;
        }
        u16::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok()
    };
    let mut out = String::with_capacity(s.len());
    let mut done = 0;
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'\\' {
            i += 1;
            continue;
        }
        match unit(i) {
            Some(0xD800..=0xDBFF) if matches!(unit(i + 6), Some(0xDC00..=0xDFFF)) => {
                i += 12;
            }
            Some(0xD800..=0xDFFF) => {
                out.push_str(&s[done..i]);
                out.push_str("\\ufffd");
                i += 6;
                done = i;
            }
            // Any other escape, `\\` included: skip both characters.
            _ => i += 2,
        }
    }
    out.push_str(&s[done..]);
    out
}

/// The host of a URL, lowercased and without `www.`; `None` when there is
/// none (`mailto:`, an empty string).
pub fn url_host(url: &str) -> Option<String> {
    let rest = match url.find("://") {
        Some(i) => &url[i + 3..],
        None => url.strip_prefix("//").unwrap_or(url),
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host_port = authority.rsplit('@').next().unwrap_or_default();
    // `[::1]:80`: the brackets hold the colons of an IPv6 address.
    let host = match host_port.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or_default(),
        None => host_port.split(':').next().unwrap_or_default(),
    };
    let host = host.trim_end_matches('.').to_lowercase();
    let host = host
        .strip_prefix("www.")
        .map(str::to_string)
        .unwrap_or(host);
    (!host.is_empty() && !host.contains(char::is_whitespace)).then_some(host)
}

/// How the records of a JSON Lines input are grouped into sites.
#[derive(Clone, Debug)]
pub struct Grouping {
    /// `Url`, `Field` or `None` (`Parent` means nothing for records).
    pub site_from: SiteFrom,
    /// The field `SiteFrom::Field` reads.
    pub site_field: String,
}

impl Grouping {
    /// The record's site: `""` (the whole input) when the record has no
    /// such field, or the grouping is `None`.
    pub fn site_of(&self, record: &Value) -> String {
        match self.site_from {
            SiteFrom::Url => record
                .get("url")
                .and_then(Value::as_str)
                .and_then(url_host)
                .unwrap_or_default(),
            SiteFrom::Field => match record.get(&self.site_field) {
                Some(Value::String(s)) => s.clone(),
                Some(Value::Null) | None => String::new(),
                // A number or the like: its JSON text names the group.
                Some(v) => v.to_string(),
            },
            SiteFrom::None | SiteFrom::Parent => String::new(),
        }
    }
}

/// A JSON Lines input that can be read twice (the counting pass, then the
/// cleaning pass): a file, or stdin copied into a temporary file.
pub struct Source {
    name: String,
    path: Option<PathBuf>,
    /// Holds stdin's copy until the run ends.
    spool: Option<tempfile::NamedTempFile>,
    /// Records as the counting pass left them, by line number, for the
    /// cleaning pass (see [`learn`]); each taken once.
    kept: Mutex<HashMap<usize, KeptRecord>>,
}

/// A record as the counting pass parsed, repaired and keyed it: the
/// cleaning pass then neither parses nor repairs it again.
struct KeptRecord {
    /// The record, its field's text taken out (the `fixed` text stands in).
    record: Value,
    site: String,
    fixed: Fixed,
    keys: Vec<u64>,
    /// The field's length in bytes, and whether it ended with a newline.
    len: usize,
    newline: bool,
}

impl Source {
    /// `-` is stdin; with `twice`, stdin is copied so it can be read again.
    pub fn open(input: &Path, twice: bool) -> Result<Source, String> {
        if input.as_os_str() != "-" {
            // Fails now, not in the middle of a run.
            std::fs::File::open(input)
                .map_err(|e| format!("{}: cannot read: {e}", input.display()))?;
            return Ok(Source {
                name: input.display().to_string(),
                path: Some(input.to_path_buf()),
                spool: None,
                kept: Mutex::default(),
            });
        }
        let spool = if twice {
            let mut tmp = tempfile::NamedTempFile::new()
                .map_err(|e| format!("stdin: cannot make a temporary copy: {e}"))?;
            std::io::copy(&mut std::io::stdin().lock(), &mut tmp)
                .map_err(|e| format!("stdin: cannot read: {e}"))?;
            Some(tmp)
        } else {
            None
        };
        Ok(Source {
            name: "stdin".into(),
            path: None,
            spool,
            kept: Mutex::default(),
        })
    }

    /// Size in bytes when it is a file (or stdin copied to one).
    fn size(&self) -> Option<u64> {
        let path = match (&self.path, &self.spool) {
            (Some(p), _) => p.as_path(),
            (None, Some(t)) => t.path(),
            (None, None) => return None,
        };
        std::fs::metadata(path).ok().map(|m| m.len())
    }

    /// The name errors give: the path, or `stdin`.
    pub fn name(&self) -> &str {
        &self.name
    }

    fn reader(&self) -> Result<Box<dyn Read>, String> {
        let path = match (&self.path, &self.spool) {
            (Some(p), _) => p.as_path(),
            (None, Some(t)) => t.path(),
            (None, None) => return Ok(Box::new(std::io::stdin())),
        };
        let f =
            std::fs::File::open(path).map_err(|e| format!("{}: cannot read: {e}", self.name))?;
        Ok(Box::new(f))
    }

    /// Calls `each` with the input's lines in chunks, each line with its
    /// number (from 1); blank lines are left out. The lines are slices of
    /// blocks read whole (see [`super::json::Blocks`]).
    fn chunks(
        &self,
        mut each: impl FnMut(Vec<(usize, &[u8])>) -> Result<(), String>,
    ) -> Result<(), String> {
        // A file small enough is one block: one read, no carried line. (A
        // pipe's size is 0: no hint.)
        let size = self
            .size()
            .filter(|&n| n > 0)
            .map_or(CHUNK_BYTES, |n| (n as usize).saturating_add(1))
            .min(CHUNK_BYTES);
        let mut blocks = super::json::Blocks::new(self.reader()?, size);
        let mut n = 0;
        while let Some(block) = blocks.next_block() {
            let block = block.map_err(|e| format!("{}:{}: cannot read: {e}", self.name, n + 1))?;
            let mut chunk = Vec::new();
            let mut bytes = 0;
            for line in super::json::block_lines(&block) {
                n += 1;
                if line.iter().all(u8::is_ascii_whitespace) {
                    continue;
                }
                bytes += line.len();
                chunk.push((n, line));
                // Enough to keep every thread busy, little enough to hold.
                if chunk.len() >= CHUNK_LINES || bytes >= CHUNK_BYTES {
                    each(std::mem::take(&mut chunk))?;
                    bytes = 0;
                }
            }
            if !chunk.is_empty() {
                each(chunk)?;
            }
        }
        Ok(())
    }
}

const CHUNK_LINES: usize = 4096;
const CHUNK_BYTES: usize = 64 << 20;

/// The string `field` of a parsed record, or why there is none.
fn field_mut<'v>(record: &'v mut Value, field: &str) -> Result<&'v mut String, String> {
    match record.get_mut(field) {
        Some(Value::String(s)) => Ok(s),
        Some(_) => Err(format!("field `{field}` is not a string")),
        None => Err(format!("no field `{field}`")),
    }
}

/// A record as counted, or why it could not be.
type Counted = Result<KeptRecord, String>;

/// The counting pass over a JSON Lines input: the `field` of each record,
/// repaired as the cleaning pass repairs it, counted under its site. Bad
/// lines are not counted (the cleaning pass reports them).
///
/// With `keep` (a `clean` run) and an input of at most
/// [`KEEP_FIXED_MAX_BYTES`], each record is kept parsed, repaired and keyed
/// in `source` for the cleaning pass, as `clean` keeps the files it counted.
pub fn learn(
    cleaner: &Cleaner,
    source: &Source,
    field: &str,
    grouping: &Grouping,
    jobs: Option<usize>,
    keep: bool,
) -> Result<Learned, UsageError> {
    let start = Instant::now();
    let pool = super::pool(jobs)?;
    let keep = keep && source.size().is_some_and(|n| n <= KEEP_FIXED_MAX_BYTES);
    let mut stats = Stats::new(grouping.site_from);
    let (mut records, mut bytes, mut failed) = (0, 0u64, Vec::new());
    let mut kept = HashMap::new();
    source
        .chunks(|chunk| {
            let counted: Vec<Counted> = pool.install(|| {
                chunk
                    .par_iter()
                    .map(|(_, line)| {
                        let mut record = parse_line(line)?;
                        let site = grouping.site_of(&record);
                        let text = field_mut(&mut record, field)?;
                        let mut fixed = cleaner.fix(text.as_bytes());
                        let (len, newline) = (text.len(), text.ends_with('\n'));
                        let keys = if keep {
                            // The repaired text stands in for the field, and
                            // what the walk that keys its lines found of them
                            // serves its document.
                            std::mem::take(text);
                            let (keys, scan) = line_keys_scan(&fixed.text);
                            fixed.lines = scan;
                            keys
                        } else {
                            line_keys(&fixed.text)
                        };
                        Ok(KeptRecord {
                            record,
                            site,
                            fixed,
                            keys,
                            len,
                            newline,
                        })
                    })
                    .collect()
            });
            // In input order, so the counts are the same for any -j.
            for ((n, _), c) in chunk.iter().zip(counted) {
                match c {
                    Ok(k) => {
                        stats.add_keys(&k.site, &k.keys);
                        records += 1;
                        bytes += k.len as u64;
                        if keep {
                            kept.insert(*n, k);
                        }
                    }
                    Err(e) => failed.push((format!("{}:{n}", source.name()), e)),
                }
            }
            Ok(())
        })
        .map_err(UsageError)?;
    if let Ok(mut m) = source.kept.lock() {
        *m = kept;
    }
    Ok(Learned {
        stats,
        files: records,
        failed,
        fixed: Default::default(),
        bytes,
        elapsed: start.elapsed(),
    })
}

/// One record in the `clean --jsonl` report.
#[derive(Clone, Debug, Serialize)]
pub struct RecordReport {
    /// Line number in the input, from 1.
    pub line: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    pub bytes_in: u64,
    pub bytes_out: u64,
    pub repairs: BTreeMap<&'static str, usize>,
    pub removed: Vec<RemovedLine>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// How to run `clean --jsonl`.
pub struct CleanOptions {
    pub field: String,
    pub grouping: Grouping,
    /// `-` for stdout.
    pub out: PathBuf,
    pub jobs: Option<usize>,
    pub report: Option<PathBuf>,
    /// No progress bar.
    pub quiet: bool,
}

/// What `clean --jsonl` did: the summary, the bad lines (`FILE:LINE: why`,
/// in input order) and the error of writing the report, if any.
pub struct CleanResult {
    pub summary: Summary,
    pub errors: Vec<String>,
    pub report_error: Option<String>,
}

/// Cleans one line: the output line (none for invalid JSON; the record as
/// it was when it lacks the field) and its report.
fn clean_line(
    cleaner: &Cleaner,
    n: usize,
    line: &[u8],
    kept: Option<KeptRecord>,
    opts: &CleanOptions,
) -> (Option<Vec<u8>>, RecordReport) {
    let mut report = RecordReport {
        line: n,
        url: None,
        bytes_in: 0,
        bytes_out: 0,
        repairs: BTreeMap::new(),
        removed: Vec::new(),
        error: None,
    };
    let (mut record, mut kept) = match kept {
        Some(mut k) => (std::mem::take(&mut k.record), Some(k)),
        None => match parse_line(line) {
            Ok(v) => (v, None),
            Err(e) => {
                report.error = Some(e);
                return (None, report);
            }
        },
    };
    report.url = record
        .get("url")
        .and_then(Value::as_str)
        .map(str::to_string);
    // The removed lines' texts are only read by the report.
    let texts = opts.report.is_some();
    let site = match &mut kept {
        Some(k) => std::mem::take(&mut k.site),
        None => opts.grouping.site_of(&record),
    };
    match field_mut(&mut record, &opts.field) {
        Ok(text) => {
            let (fixed, keys, len, newline) = match kept {
                Some(k) => (k.fixed, Some(k.keys), k.len, k.newline),
                None => (
                    cleaner.fix(text.as_bytes()),
                    None,
                    text.len(),
                    text.ends_with('\n'),
                ),
            };
            let cleaned = cleaner.clean_keyed_with(fixed, &site, keys.as_deref(), texts);
            let mut out = cleaned.text;
            // The render ends the text with a newline; the field may not.
            if !newline && out.ends_with('\n') {
                out.pop();
            }
            report.bytes_in = len as u64;
            report.bytes_out = out.len() as u64;
            report.repairs = repair_counts(&cleaned.repairs);
            report.removed = removed_lines(cleaned.removed);
            *text = out;
        }
        Err(e) => report.error = Some(e),
    }
    let mut bytes = Vec::with_capacity(line.len() + 1);
    match super::json::write_record(&mut bytes, &record) {
        Ok(()) => {
            bytes.push(b'\n');
            (Some(bytes), report)
        }
        Err(e) => {
            report.error = Some(format!("cannot write the record: {e}"));
            (None, report)
        }
    }
}

/// Where the cleaned lines go: stdout, or a temporary file renamed over
/// the output at the end, so a run that stops leaves no half-written file.
enum Sink {
    Stdout(BufWriter<std::io::StdoutLock<'static>>),
    File(BufWriter<super::write::Staged>),
}

/// Cleans the `field` of every record of `source` into `opts.out`, in
/// input order. Bad lines are reported and passed over; only usage errors
/// and failures to read the input or write the output stop the run.
pub fn clean(
    cleaner: &Cleaner,
    source: &Source,
    opts: &CleanOptions,
) -> Result<CleanResult, UsageError> {
    let start = Instant::now();
    let pool = super::pool(opts.jobs)?;
    let mut sink = if opts.out.as_os_str() == "-" {
        Sink::Stdout(BufWriter::new(std::io::stdout().lock()))
    } else {
        let out = super::write::staged(&opts.out)
            .map_err(|e| UsageError(format!("cannot write {}: {e}", opts.out.display())))?;
        Sink::File(BufWriter::with_capacity(1 << 20, out))
    };
    let out_name = if opts.out.as_os_str() == "-" {
        "stdout".to_string()
    } else {
        opts.out.display().to_string()
    };
    let mut summary = Summary::default();
    let mut errors = Vec::new();
    let mut reports = Vec::new();
    let mut closed = false;
    // Stdin read once has no known size: a spinner then.
    let pb = super::progress_bar_of(source.size(), opts.quiet, "records");
    let mut records = 0usize;
    source
        .chunks(|chunk| {
            let base = records;
            let cleaned = std::sync::atomic::AtomicUsize::new(0);
            let kept: Vec<Option<KeptRecord>> = match source.kept.lock() {
                Ok(mut m) if !m.is_empty() => chunk.iter().map(|(n, _)| m.remove(n)).collect(),
                _ => chunk.iter().map(|_| None).collect(),
            };
            let done: Vec<_> = pool.install(|| {
                chunk
                    .par_iter()
                    .zip(kept)
                    .map(|((n, line), kept)| {
                        let out = clean_line(cleaner, *n, line, kept, opts);
                        // Record by record, so the bar moves within a chunk
                        // (one chunk can be the whole input); each line's
                        // newline, left out of the chunk, counts too.
                        pb.inc(line.len() as u64 + 1);
                        let k = cleaned.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
                        if k.is_multiple_of(32) {
                            pb.set_message((base + k).to_string());
                        }
                        out
                    })
                    .collect()
            });
            records += chunk.len();
            pb.set_message(records.to_string());
            for (bytes, report) in done {
                if let Some(e) = &report.error {
                    errors.push(format!("{}:{}: {e}", source.name(), report.line));
                }
                summary.add_parts(
                    report.error.is_some(),
                    report.bytes_in,
                    report.bytes_out,
                    &report.removed,
                    &report.repairs,
                );
                if let (Some(b), false) = (bytes, closed) {
                    let res = match &mut sink {
                        Sink::Stdout(w) => w.write_all(&b),
                        Sink::File(w) => w.write_all(&b),
                    };
                    match res {
                        Ok(()) => {}
                        // A closed pipe (`| head`): nothing more to write.
                        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => closed = true,
                        Err(e) => return Err(format!("cannot write {out_name}: {e}")),
                    }
                }
                if opts.report.is_some() {
                    reports.push(report);
                }
            }
            Ok(())
        })
        .map_err(UsageError)?;
    pb.finish_and_clear();
    let finish = match sink {
        Sink::Stdout(mut w) => match w.flush() {
            Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e),
            _ => Ok(()),
        },
        Sink::File(w) => w
            .into_inner()
            .map_err(|e| e.into_error())
            .and_then(|out| out.finish(&opts.out)),
    };
    finish.map_err(|e| UsageError(format!("cannot write {out_name}: {e}")))?;
    let report_error = opts.report.as_ref().and_then(|path| {
        super::report::write_jsonl(path, &reports)
            .err()
            .map(|e| format!("cannot write report {}: {e}", path.display()))
    });
    summary.elapsed = start.elapsed();
    Ok(CleanResult {
        summary,
        errors,
        report_error,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_hosts() {
        assert_eq!(
            url_host("https://www.Example.org/a?b").as_deref(),
            Some("example.org")
        );
        assert_eq!(
            url_host("http://user@news.example.org:8080/x").as_deref(),
            Some("news.example.org")
        );
        assert_eq!(
            url_host("//cdn.example.org/x").as_deref(),
            Some("cdn.example.org")
        );
        assert_eq!(url_host("http://[::1]:80/").as_deref(), Some("::1"));
        assert_eq!(url_host("https://heavy-01/").as_deref(), Some("heavy-01"));
        assert_eq!(url_host(""), None);
        assert_eq!(url_host("https:///x"), None);
    }

    #[test]
    fn sites_by_field_or_url() {
        let rec: Value =
            serde_json::from_str(r#"{"url":"https://www.a.org/1","site":7}"#).expect("json");
        let g = |site_from| Grouping {
            site_from,
            site_field: "site".into(),
        };
        assert_eq!(g(SiteFrom::Url).site_of(&rec), "a.org");
        assert_eq!(g(SiteFrom::Field).site_of(&rec), "7");
        assert_eq!(g(SiteFrom::None).site_of(&rec), "");
        let bare: Value = serde_json::from_str(r#"{"text":"x"}"#).expect("json");
        assert_eq!(g(SiteFrom::Url).site_of(&bare), "");
    }

    #[test]
    fn lone_surrogates_become_replacement_pairs_stay() {
        assert_eq!(
            replace_lone_surrogates(r#"{"text":"a\ud800b\udc00c\ud83d\ude00d\\ud800"}"#),
            r#"{"text":"a\ufffdb\ufffdc\ud83d\ude00d\\ud800"}"#
        );
        assert_eq!(replace_lone_surrogates(r"\ud83d"), r"\ufffd");
        assert_eq!(replace_lone_surrogates(r"x\u12"), r"x\u12");
    }

    #[test]
    fn nothing_to_salvage_in_plain_bad_json() {
        assert_eq!(salvage(b"not json"), None);
        assert!(salvage(b"{\"text\":\"caf\xe9\"}").is_some());
    }
}
