//! The `dechaff` command line: a thin layer over the library.
//!
//! Exit codes: 0 everything cleaned, 1 some files failed (each named on
//! stderr, the others written), 2 usage error.

use clap::{Args, Parser, Subcommand};
use dechaff::chrome::corpus::{SiteFrom, Stats, Thresholds, MIN_DOCS_FLOOR};
use dechaff::io::{self, learn, RunOptions, WalkOptions};
use dechaff::repair::{self as repair, RepairKind, RepairOptions};
use dechaff::{Cleaner, Config};
use std::io::{BufRead, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

#[derive(Parser)]
#[command(
    name = "dechaff",
    version,
    about = "Turns scraped web-text dumps into clean text"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Args, Clone)]
struct RuleArgs {
    /// Extra lexicon file (TOML, same format as rules/*.toml); repeatable.
    #[arg(long = "rules", value_name = "FILE.toml")]
    rules: Vec<PathBuf>,
    /// Switch a rule family off (see `dechaff rules`); repeatable.
    #[arg(long = "disable", value_name = "RULE")]
    disable: Vec<String>,
    /// The site the documents come from: applies the `[site."NAME"]`
    /// tables of the rules files.
    #[arg(long = "site", value_name = "NAME")]
    site: Option<String>,
}

/// The `corpus` rule: lines frequent in a site's documents are chrome.
#[derive(Args, Clone)]
struct CorpusArgs {
    /// Skip the counting pass and the `corpus` rule.
    #[arg(long)]
    no_corpus: bool,
    /// Use these counts (from `dechaff learn`) instead of counting the
    /// run's own files.
    #[arg(long, value_name = "STATS.bin")]
    stats: Option<PathBuf>,
    /// A line is chrome from this many documents of its site (at least 3;
    /// long sentence-like lines need 4 times as many).
    #[arg(long, value_name = "N", default_value_t = Thresholds::default().min_docs,
          value_parser = clap::value_parser!(u32).range(i64::from(MIN_DOCS_FLOOR)..))]
    min_docs: u32,
    /// ... and from this share (0 to 1) of its site's documents, so that
    /// the bar grows with the site.
    #[arg(long, value_name = "SHARE", default_value_t = Thresholds::default().min_share,
          value_parser = parse_share)]
    min_share: f64,
    #[command(flatten)]
    sites: SiteArgs,
}

/// How `clean` and `learn` group documents into sites for `corpus`.
#[derive(Args, Clone)]
struct SiteArgs {
    /// How files are grouped into sites: `parent` (the folder a file is
    /// in) or `none` (the whole run is one site); with --jsonl, `url` (the
    /// host of a record's `url` field) or `none`. Default: parent (url with
    /// --jsonl); for `clean`, the grouping the --stats file was learned with.
    #[arg(long, value_name = "HOW")]
    site_from: Option<SiteFrom>,
    /// With --jsonl: group records into sites by this field's value.
    #[arg(
        long,
        value_name = "NAME",
        requires = "jsonl",
        conflicts_with = "site_from"
    )]
    site_field: Option<String>,
}

const URL_NEEDS_JSONL: &str = "--site-from url groups the records of --jsonl input";

/// JSON Lines input for `clean` and `learn`.
#[derive(Args, Clone)]
struct JsonlArgs {
    /// The input is JSON Lines: clean (or count) one string field of each
    /// object, keeping the other fields.
    #[arg(long)]
    jsonl: bool,
    /// The field to clean with --jsonl.
    #[arg(long, default_value = "text", requires = "jsonl")]
    field: String,
}

impl SiteArgs {
    /// The grouping asked for, if any, with its field for `--site-field`.
    fn requested(&self) -> (Option<SiteFrom>, String) {
        match &self.site_field {
            Some(f) => (Some(SiteFrom::Field), f.clone()),
            None => (self.site_from, String::new()),
        }
    }
}

fn parse_share(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(v) if (0.0..=1.0).contains(&v) => Ok(v),
        _ => Err(format!("`{s}` is not a share between 0 and 1")),
    }
}

/// How `clean` and `learn` walk their inputs and run.
#[derive(Args, Clone)]
struct TreeArgs {
    /// File name ending to read in directories; repeatable.
    #[arg(long = "ext", value_name = "EXT", default_value = "txt")]
    ext: Vec<String>,
    /// Read every regular file in directories, whatever its name.
    #[arg(long)]
    all: bool,
    /// Worker threads (default: all cores).
    #[arg(short = 'j', long = "jobs", value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    jobs: Option<u64>,
    /// No progress bar and no summary.
    #[arg(short, long)]
    quiet: bool,
}

impl TreeArgs {
    fn walk(&self, inputs: Vec<PathBuf>) -> WalkOptions {
        WalkOptions {
            inputs,
            exts: self
                .ext
                .iter()
                .map(|e| e.trim_start_matches('.').to_string())
                .collect(),
            all: self.all,
        }
    }

    fn jobs(&self) -> Option<usize> {
        self.jobs.and_then(|j| usize::try_from(j).ok())
    }
}

/// `dechaff learn`.
#[derive(Args)]
struct LearnArgs {
    /// Files or directories to count; with --merge, stats files.
    #[arg(required = true)]
    inputs: Vec<PathBuf>,
    /// The stats file to write.
    #[arg(short, long, value_name = "STATS.bin")]
    out: PathBuf,
    /// Add up stats files (learned with the same --site-from).
    #[arg(long)]
    merge: bool,
    #[command(flatten)]
    sites: SiteArgs,
    #[command(flatten)]
    jsonl: JsonlArgs,
    #[command(flatten)]
    tree: TreeArgs,
    /// Keep only lines found in at least N documents of their site: a
    /// smaller file for the machines that clean (the rule never drops a
    /// line below 3 documents, so `--prune 3` or less cleans the same). A
    /// pruned file cannot be merged any more.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u8).range(2..))]
    prune: Option<u8>,
}

#[derive(Subcommand)]
enum Command {
    /// Clean files or directory trees into OUTDIR (or `-` for stdin to stdout).
    Clean {
        /// Files or directories; `-` reads one document from stdin (with
        /// --jsonl, one JSON Lines file or `-`).
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        /// Output directory (mirrors the input tree); with --jsonl, the
        /// output file, or `-` for stdout.
        #[arg(short, long, value_name = "OUTDIR")]
        out: Option<PathBuf>,
        #[command(flatten)]
        jsonl: JsonlArgs,
        #[command(flatten)]
        tree: TreeArgs,
        /// Write a JSONL report: one object per input file (per record with
        /// --jsonl).
        #[arg(long, value_name = "FILE.jsonl")]
        report: Option<PathBuf>,
        #[command(flatten)]
        rules: RuleArgs,
        #[command(flatten)]
        corpus: CorpusArgs,
    },
    /// Repairs only (decoding, entities, mojibake, U+FFFD, whitespace, NFC); no chrome removal.
    Fix {
        /// A file, or `-` (the default) for stdin.
        #[arg(default_value = "-")]
        input: PathBuf,
        /// Input is JSON Lines: repair one string field of each object.
        #[arg(long)]
        jsonl: bool,
        /// The field to repair with --jsonl.
        #[arg(long, default_value = "text", requires = "jsonl")]
        field: String,
        /// List every repair made, with its kind and position, on stderr.
        #[arg(long)]
        explain: bool,
        /// Leave spaces, NBSP, tabs, invisible and control characters as they are.
        #[arg(long)]
        keep_spacing: bool,
        /// Fold typography like ftfy: straight quotes, ligatures spelled out,
        /// fullwidth forms made ordinary.
        #[arg(long)]
        fold: bool,
        /// Leave U+FFFD replacement characters as they are.
        #[arg(long)]
        keep_replacement: bool,
    },
    /// Show every line after repair, kept or dropped, with the rule that dropped it.
    Explain {
        /// A file, or `-` for stdin.
        input: PathBuf,
        #[command(flatten)]
        rules: RuleArgs,
        /// Counts for the `corpus` rule (from `dechaff learn`); the file's
        /// site is found as the stats were grouped (for stats grouped by
        /// url host or field, name it with --site).
        #[arg(long, value_name = "STATS.bin")]
        stats: Option<PathBuf>,
    },
    /// List the rule families with one line each.
    Rules,
    /// Count how many documents of each site every line appears in, for
    /// `clean --stats`; or merge such counts (--merge).
    Learn(LearnArgs),
}

/// The site whose counts `explain --stats` applies to `input`. Stats
/// grouped by folder give it from the path; stats grouped by url host or by
/// a field of JSON Lines records cannot, so the user names it with --site
/// (a host or a URL for `url`, as `learn` would have reduced it).
fn explain_site(input: &Path, from: SiteFrom, named: Option<&str>) -> Result<String, String> {
    match (from, named) {
        (SiteFrom::Url, Some(name)) => dechaff::io::jsonl::url_host(name)
            .ok_or_else(|| format!("--site {name:?} is not a host or URL")),
        (SiteFrom::Field, Some(name)) => Ok(name.to_string()),
        (SiteFrom::Url | SiteFrom::Field, None) => Err(format!(
            "the stats group records by --site-from {}: name the file's site with --site",
            from.name()
        )),
        _ => Ok(learn::site_of(input, from)),
    }
}

fn usage(msg: impl std::fmt::Display) -> ExitCode {
    eprintln!("dechaff: {msg}");
    ExitCode::from(2)
}

fn build_cleaner(rules: &RuleArgs, repair: RepairOptions) -> Result<Cleaner, String> {
    let mut sources = Vec::new();
    for p in &rules.rules {
        let text = std::fs::read_to_string(p)
            .map_err(|e| format!("cannot read rules file {}: {e}", p.display()))?;
        sources.push((p.display().to_string(), text));
    }
    Cleaner::new(Config {
        repair,
        disabled: rules.disable.clone(),
        rules: sources,
        site: rules.site.clone(),
    })
}

/// An input's bytes: a file mapped into memory, or read into a buffer.
enum Input {
    Mapped(memmap2::Mmap),
    Read(Vec<u8>),
}

impl std::ops::Deref for Input {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match self {
            Input::Mapped(m) => m,
            Input::Read(v) => v,
        }
    }
}

/// Files at least this large are mapped rather than read: reading copies
/// every byte from the page cache (8% of `fix` on a 60 MB file), mapping
/// only sets up page tables. Small files are read: a mapping costs more to
/// set up than they take to copy.
const MAP_MIN: u64 = 1 << 20;

/// A regular file of [`MAP_MIN`] bytes or more, mapped; `None` when it
/// cannot be (then it is read as any other input).
fn map_file(path: &PathBuf) -> Option<memmap2::Mmap> {
    let file = std::fs::File::open(path).ok()?;
    let meta = file.metadata().ok()?;
    if !meta.is_file() || meta.len() < MAP_MIN {
        return None;
    }
    // SAFETY: the mapping is only read. As for any program that maps its
    // input (ripgrep does the same), a file truncated or rewritten by
    // another process while dechaff runs can fault or change under it;
    // inputs are not expected to change during a run. Populated up front:
    // the whole file is read in order anyway.
    unsafe { memmap2::MmapOptions::new().populate().map(&file) }.ok()
}

/// Reads one input for `clean -`, `fix` and `explain`. Binary content is
/// refused here, as `clean` refuses it for files in a tree: its "repair"
/// would only be garbage with an exit code saying all went well.
fn read_input(input: &PathBuf) -> Result<Input, String> {
    let (name, bytes) = if input.as_os_str() == "-" {
        let mut buf = Vec::new();
        std::io::stdin()
            .read_to_end(&mut buf)
            .map_err(|e| format!("stdin: cannot read: {e}"))?;
        ("stdin".into(), Input::Read(buf))
    } else if let Some(m) = map_file(input) {
        (input.display().to_string(), Input::Mapped(m))
    } else {
        let bytes =
            std::fs::read(input).map_err(|e| format!("{}: cannot read: {e}", input.display()))?;
        (input.display().to_string(), Input::Read(bytes))
    };
    if dechaff::decode::looks_binary(&bytes) {
        return Err(format!(
            "{name}: not a text file (NUL bytes in its first 8 KiB)"
        ));
    }
    Ok(bytes)
}

fn write_stdout(bytes: &[u8]) -> ExitCode {
    write_pieces(&[bytes])
}

/// Writes `pieces` in order; small ones are gathered in a buffer, so that
/// a replaced line costs no write call of its own.
fn write_pieces<T: AsRef<[u8]>>(pieces: &[T]) -> ExitCode {
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    let written = pieces
        .iter()
        .try_for_each(|p| out.write_all(p.as_ref()))
        .and_then(|()| out.flush());
    match written {
        Ok(()) => ExitCode::SUCCESS,
        // A closed pipe (`| head`) is not an error worth a message.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("dechaff: cannot write to stdout: {e}");
            ExitCode::from(1)
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Clean {
            inputs,
            out,
            tree,
            report,
            rules,
            corpus,
            jsonl,
        } => {
            let (jobs, quiet) = (tree.jobs(), tree.quiet);
            let cleaner = match build_cleaner(&rules, RepairOptions::default()) {
                Ok(c) => c,
                Err(e) => return usage(e),
            };
            if jsonl.jsonl {
                let (input, out) =
                    match (&inputs[..], out) {
                        ([input], Some(out)) => (input.clone(), out),
                        ([_], None) => return usage(
                            "clean --jsonl needs an output file: -o OUT.jsonl (or -o - for stdout)",
                        ),
                        _ => return usage("clean --jsonl reads one input file (or `-`)"),
                    };
                return clean_jsonl(
                    cleaner,
                    &input,
                    out,
                    report,
                    &jsonl.field,
                    &rules,
                    &corpus,
                    jobs,
                    quiet,
                );
            }
            // Before the counting pass, which would count all as one site.
            if corpus.sites.site_from == Some(SiteFrom::Url) {
                return usage(URL_NEEDS_JSONL);
            }
            if inputs.len() == 1 && inputs[0].as_os_str() == "-" {
                return match read_input(&inputs[0]) {
                    Ok(bytes) => write_stdout(cleaner.clean(&bytes).text.as_bytes()),
                    Err(e) => {
                        eprintln!("dechaff: {e}");
                        ExitCode::from(1)
                    }
                };
            }
            if inputs.iter().any(|p| p.as_os_str() == "-") {
                return usage("`-` (stdin) cannot be mixed with other inputs");
            }
            let Some(out) = out else {
                return usage("clean needs an output directory: -o OUTDIR");
            };
            let walk = tree.walk(inputs);
            // Before the counting pass, which reads every input.
            if let Err(e) = io::check_destinations(&walk.inputs, &out, report.as_deref()) {
                return usage(e);
            }
            let count = |cleaner: &Cleaner, site_from| {
                // Fewer files than the floor: no line can be frequent.
                if walk.inputs.len() < MIN_DOCS_FLOOR as usize
                    && walk.inputs.iter().all(|p| p.is_file())
                {
                    return Ok(None);
                }
                learn::learn(cleaner, &walk, site_from, jobs, quiet, true)
                    .map(Some)
                    .map_err(|e| e.to_string())
            };
            let run = match setup_corpus(
                cleaner,
                &corpus,
                &rules,
                SiteFrom::Parent,
                quiet,
                "files",
                count,
            ) {
                Ok(r) => r,
                Err(e) => return usage(e),
            };
            if run.site_from != SiteFrom::Parent && run.site_from != SiteFrom::None {
                return usage(format!(
                    "the stats were grouped with --site-from {}, which groups the records of --jsonl input",
                    run.site_from.name()
                ));
            }
            let cleaner = run.cleaner;
            let opts = RunOptions {
                walk,
                out,
                jobs,
                quiet,
                report,
                site_from: run.site_from,
                fixed: run.fixed,
            };
            match io::run_clean(&cleaner, &opts) {
                Err(e) => usage(e),
                Ok(io::RunResult {
                    mut summary,
                    reports,
                    report_error,
                }) => {
                    // The summary's speed covers both passes.
                    summary.elapsed += run.counting.unwrap_or_default();
                    for r in reports.iter().filter(|r| r.error.is_some()) {
                        eprintln!(
                            "dechaff: {}: {}",
                            r.src,
                            r.error.as_deref().unwrap_or_default()
                        );
                    }
                    if !quiet {
                        eprint!("{}", summary.render());
                    }
                    if let Some(e) = &report_error {
                        eprintln!("dechaff: {e}");
                    }
                    if summary.files_failed > 0 || report_error.is_some() {
                        ExitCode::from(1)
                    } else {
                        ExitCode::SUCCESS
                    }
                }
            }
        }
        Command::Fix {
            input,
            jsonl,
            field,
            explain,
            keep_spacing,
            fold,
            keep_replacement,
        } => {
            // No cleaner: the repairs need no lexicon, which takes longer
            // to build than a small input takes to repair.
            let opts = RepairOptions {
                keep_spacing,
                fold,
                keep_replacement,
                itemize: explain,
            };
            if jsonl {
                return fix_jsonl(&opts, &input, &field, explain);
            }
            let bytes = match read_input(&input) {
                Ok(b) => b,
                Err(e) => {
                    eprintln!("dechaff: {e}");
                    return ExitCode::from(1);
                }
            };
            // pipeline::fix_cow, but with the text left in pieces when
            // that saves making it whole (see repair_pieces).
            let decoded = dechaff::decode::decode_cow(&bytes);
            let mut repairs = opts.new_log();
            repairs.count(RepairKind::InvalidBytes, decoded.invalid_bytes);
            let fixed = repair::repair_pieces(&decoded.text, &opts, &mut repairs);
            if explain {
                eprintln!("encoding: {}", decoded.encoding);
                print_repairs(&repairs, None);
            }
            write_pieces(&fixed.pieces())
        }
        Command::Learn(args) => learn_cmd(args),
        Command::Explain {
            input,
            rules,
            stats,
        } => {
            let itemized = RepairOptions {
                itemize: true,
                ..RepairOptions::default()
            };
            let mut cleaner = match build_cleaner(&rules, itemized) {
                Ok(c) => c,
                Err(e) => return usage(e),
            };
            let mut site = String::new();
            if let Some(path) = &stats {
                match learn::read_stats(path) {
                    Ok(st) => {
                        site = match explain_site(&input, st.site_from, rules.site.as_deref()) {
                            Ok(site) => site,
                            Err(e) => return usage(e),
                        };
                        cleaner = cleaner.with_stats(Arc::new(st));
                    }
                    Err(e) => return usage(e),
                }
            }
            let bytes = match read_input(&input) {
                Ok(b) => b,
                Err(e) => {
                    eprintln!("dechaff: {e}");
                    return ExitCode::from(1);
                }
            };
            let cleaned = cleaner.clean_grouped(&bytes, &site);
            let mut s = format!("encoding: {}\n", cleaned.encoding);
            s.push_str(&dechaff::pipeline::explain(&cleaned));
            write_stdout(s.as_bytes())
        }
        Command::Rules => {
            let mut s = String::new();
            for (name, about) in dechaff::rule_catalog() {
                s.push_str(&format!("{name:<12} {about}\n"));
            }
            write_stdout(s.as_bytes())
        }
    }
}

/// A cleaner ready for the run, with the `corpus` rule's counts.
struct CorpusRun {
    cleaner: Cleaner,
    site_from: SiteFrom,
    /// Time of the counting pass, for the summary.
    counting: Option<std::time::Duration>,
    fixed: Option<Arc<learn::FixedCache>>,
}

/// Reads `--stats`, or runs the counting pass (`count`, which may find
/// nothing to count); a no-op with --no-corpus or --disable corpus.
/// `default_from` is the grouping when neither asks for one; `unit` what
/// the counting pass counts, for its summary.
fn setup_corpus(
    cleaner: Cleaner,
    corpus: &CorpusArgs,
    rules: &RuleArgs,
    default_from: SiteFrom,
    quiet: bool,
    unit: &str,
    count: impl FnOnce(&Cleaner, SiteFrom) -> Result<Option<learn::Learned>, String>,
) -> Result<CorpusRun, String> {
    let requested = corpus.sites.requested().0;
    let mut run = CorpusRun {
        cleaner,
        site_from: requested.unwrap_or(default_from),
        counting: None,
        fixed: None,
    };
    if corpus.no_corpus || rules.disable.iter().any(|d| d == "corpus") {
        return Ok(run);
    }
    let stats = match &corpus.stats {
        Some(path) => learn::read_stats(path)?,
        None => match count(&run.cleaner, run.site_from)? {
            None => Stats::new(run.site_from),
            Some(mut l) => {
                if !quiet {
                    eprint!("{}", l.render_as(unit));
                }
                run.counting = Some(l.elapsed);
                run.fixed = Some(Arc::new(std::mem::take(&mut l.fixed)));
                l.stats
            }
        },
    };
    if let Some(s) = requested.filter(|&s| s != stats.site_from) {
        return Err(format!(
            "the stats were grouped with --site-from {}, this run with --site-from {}",
            stats.site_from.name(),
            s.name()
        ));
    }
    run.site_from = stats.site_from;
    run.cleaner = run
        .cleaner
        .with_thresholds(Thresholds {
            min_docs: corpus.min_docs,
            min_share: corpus.min_share,
        })
        .with_stats(Arc::new(stats));
    Ok(run)
}

/// The grouping of a JSON Lines run: what was asked for (or learned in the
/// stats), else by `url` host; `parent` means nothing for records.
fn jsonl_grouping(site_from: SiteFrom, site_field: String) -> Result<io::jsonl::Grouping, String> {
    if site_from == SiteFrom::Parent {
        return Err("--site-from parent groups the files of a tree; with --jsonl use url, none or --site-field NAME".into());
    }
    Ok(io::jsonl::Grouping {
        site_from,
        site_field,
    })
}

/// `dechaff clean --jsonl`: a counting pass over the records (unless the
/// `corpus` rule is off or --stats is given), then the cleaning pass.
#[allow(clippy::too_many_arguments)]
fn clean_jsonl(
    cleaner: Cleaner,
    input: &std::path::Path,
    out: PathBuf,
    report: Option<PathBuf>,
    field: &str,
    rules: &RuleArgs,
    corpus: &CorpusArgs,
    jobs: Option<usize>,
    quiet: bool,
) -> ExitCode {
    let site_field = corpus.sites.requested().1;
    // Found now rather than when the output is renamed, after all the work.
    if out.is_dir() {
        return usage(format!(
            "{} is a directory: --jsonl writes one output file",
            out.display()
        ));
    }
    if let Some(path) = &report {
        if let Err(e) = io::report::check_writable(path) {
            return usage(format!("cannot write report {}: {e}", path.display()));
        }
    }
    let counting =
        !corpus.no_corpus && corpus.stats.is_none() && !rules.disable.iter().any(|d| d == "corpus");
    let source = match io::jsonl::Source::open(input, counting) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("dechaff: {e}");
            return ExitCode::from(1);
        }
    };
    let count = |cleaner: &Cleaner, site_from| {
        let grouping = jsonl_grouping(site_from, site_field.clone())?;
        io::jsonl::learn(cleaner, &source, field, &grouping, jobs, true)
            .map(Some)
            .map_err(|e| e.to_string())
    };
    let run = match setup_corpus(
        cleaner,
        corpus,
        rules,
        SiteFrom::Url,
        quiet,
        "records",
        count,
    ) {
        Ok(r) => r,
        Err(e) => return usage(e),
    };
    // The stats file keeps the grouping, not the field's name.
    if run.site_from == SiteFrom::Field && site_field.is_empty() {
        return usage("the stats were grouped by a field: name it with --site-field NAME");
    }
    let grouping = match jsonl_grouping(run.site_from, site_field) {
        Ok(g) => g,
        Err(e) => return usage(e),
    };
    let opts = io::jsonl::CleanOptions {
        field: field.to_string(),
        grouping,
        out,
        jobs,
        report,
        quiet,
    };
    match io::jsonl::clean(&run.cleaner, &source, &opts) {
        Err(e) => {
            eprintln!("dechaff: {e}");
            ExitCode::from(1)
        }
        Ok(io::jsonl::CleanResult {
            mut summary,
            errors,
            report_error,
        }) => {
            summary.elapsed += run.counting.unwrap_or_default();
            for e in &errors {
                eprintln!("dechaff: {e}");
            }
            if !quiet {
                eprint!("{}", summary.render_as("records"));
            }
            if let Some(e) = &report_error {
                eprintln!("dechaff: {e}");
            }
            if errors.is_empty() && report_error.is_none() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            }
        }
    }
}

/// `learn --jsonl`: counts the records of each input file, merged.
fn learn_jsonl(
    cleaner: &Cleaner,
    inputs: &[PathBuf],
    sites: &SiteArgs,
    field: &str,
    jobs: Option<usize>,
) -> Result<learn::Learned, String> {
    let (site_from, site_field) = sites.requested();
    let grouping = jsonl_grouping(site_from.unwrap_or(SiteFrom::Url), site_field)?;
    let mut acc: Option<learn::Learned> = None;
    for input in inputs {
        let source = io::jsonl::Source::open(input, false)?;
        let l = io::jsonl::learn(cleaner, &source, field, &grouping, jobs, false)
            .map_err(|e| e.to_string())?;
        match &mut acc {
            None => acc = Some(l),
            Some(a) => {
                a.stats.merge(l.stats)?;
                a.files += l.files;
                a.bytes += l.bytes;
                a.elapsed += l.elapsed;
                a.failed.extend(l.failed);
            }
        }
    }
    acc.ok_or_else(|| "no input".to_string())
}

/// `dechaff learn`: count the inputs, or merge stats files, into `out`.
fn learn_cmd(args: LearnArgs) -> ExitCode {
    let LearnArgs {
        inputs,
        out,
        merge,
        sites,
        jsonl,
        tree,
        prune,
    } = args;
    let (jobs, quiet) = (tree.jobs(), tree.quiet);
    let mut failed = false;
    let stats = if merge {
        let mut acc: Option<Stats> = None;
        for p in &inputs {
            let st = match learn::read_stats(p) {
                Ok(st) => st,
                Err(e) => return usage(e),
            };
            match &mut acc {
                None => acc = Some(st),
                Some(a) => {
                    if let Err(e) = a.merge(st) {
                        return usage(format!("{}: {e}", p.display()));
                    }
                }
            }
        }
        acc.unwrap_or_else(|| Stats::new(sites.site_from.unwrap_or_default()))
    } else {
        let cleaner = match build_cleaner(
            &RuleArgs {
                rules: vec![],
                disable: vec![],
                site: None,
            },
            RepairOptions::default(),
        ) {
            Ok(c) => c,
            Err(e) => return usage(e),
        };
        let learned = if jsonl.jsonl {
            learn_jsonl(&cleaner, &inputs, &sites, &jsonl.field, jobs)
        } else if sites.site_from == Some(SiteFrom::Url) {
            Err(URL_NEEDS_JSONL.to_string())
        } else {
            let walk = tree.walk(inputs);
            learn::learn(
                &cleaner,
                &walk,
                sites.site_from.unwrap_or_default(),
                jobs,
                quiet,
                false,
            )
            .map_err(|e| e.to_string())
        };
        match learned {
            Ok(l) => {
                for (src, e) in &l.failed {
                    eprintln!("dechaff: {src}: {e}");
                }
                if !quiet {
                    eprint!(
                        "{}",
                        l.render_as(if jsonl.jsonl { "records" } else { "files" })
                    );
                }
                failed = !l.failed.is_empty();
                l.stats
            }
            Err(e) => return usage(e),
        }
    };
    let mut stats = stats;
    if let Some(n) = prune {
        stats.prune(n);
    }
    match learn::write_stats(&out, &stats) {
        // Like `clean`: the others were counted, the exit code says so.
        Ok(()) if failed => ExitCode::from(1),
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("dechaff: {e}");
            ExitCode::from(1)
        }
    }
}

fn print_repairs(log: &dechaff::repair::RepairLog, record: Option<usize>) {
    let prefix = record.map(|n| format!("record {n}: ")).unwrap_or_default();
    for r in &log.items {
        eprintln!(
            "{prefix}line {} col {}: {} {:?} -> {:?}",
            r.line,
            r.col,
            r.kind.name(),
            r.before,
            r.after
        );
    }
    let counts: Vec<String> = log
        .counts
        .iter()
        .map(|(k, v)| format!("{} {v}", k.name()))
        .collect();
    if !counts.is_empty() {
        eprintln!("{prefix}repairs: {}", counts.join(", "));
    }
}

/// Repairs one string field of each JSON object, keeping the other fields
/// and their order. A bad line is reported with its number and passed over.
fn fix_jsonl(opts: &RepairOptions, input: &PathBuf, field: &str, explain: bool) -> ExitCode {
    let reader: Box<dyn BufRead> = if input.as_os_str() == "-" {
        Box::new(std::io::BufReader::new(std::io::stdin()))
    } else {
        match std::fs::File::open(input) {
            Ok(f) => Box::new(std::io::BufReader::new(f)),
            Err(e) => {
                eprintln!("dechaff: {}: cannot read: {e}", input.display());
                return ExitCode::from(1);
            }
        }
    };
    let name = if input.as_os_str() == "-" {
        "stdin".to_string()
    } else {
        input.display().to_string()
    };
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut failed = 0usize;
    for (i, line) in io::json::Lines::new(reader).enumerate() {
        let n = i + 1;
        let bytes = match line {
            Ok(b) => b,
            Err(e) => {
                eprintln!("dechaff: {name}:{n}: cannot read: {e}");
                return ExitCode::from(1);
            }
        };
        if bytes.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let mut value = match io::jsonl::parse_line(&bytes) {
            Ok(v) => v,
            Err(e) => {
                eprintln!("dechaff: {name}:{n}: {e}");
                failed += 1;
                continue;
            }
        };
        match value.get_mut(field) {
            Some(serde_json::Value::String(s)) => {
                let (fixed, log) = dechaff::pipeline::fix_str(s, opts);
                if explain {
                    print_repairs(&log, Some(n));
                }
                *s = fixed;
            }
            Some(_) => {
                eprintln!("dechaff: {name}:{n}: field `{field}` is not a string");
                failed += 1;
            }
            None => {
                eprintln!("dechaff: {name}:{n}: no field `{field}`");
                failed += 1;
            }
        }
        let res = io::json::write_record(&mut out, &value).and_then(|()| out.write_all(b"\n"));
        if let Err(e) = res {
            if e.kind() == std::io::ErrorKind::BrokenPipe {
                return ExitCode::SUCCESS;
            }
            eprintln!("dechaff: cannot write to stdout: {e}");
            return ExitCode::from(1);
        }
    }
    if let Err(e) = out.flush() {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            eprintln!("dechaff: cannot write to stdout: {e}");
            return ExitCode::from(1);
        }
    }
    if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
