//! The `dechaff` command line: a thin layer over the library.
//!
//! Exit codes: 0 everything cleaned, 1 some files failed (each named on
//! stderr, the others written), 2 usage error.

use clap::{Args, Parser, Subcommand};
use dechaff::io::{self, RunOptions, WalkOptions};
use dechaff::repair::RepairOptions;
use dechaff::{Cleaner, Config};
use std::io::{BufRead, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

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
}

#[derive(Subcommand)]
enum Command {
    /// Clean files or directory trees into OUTDIR (or `-` for stdin to stdout).
    Clean {
        /// Files or directories; `-` reads one document from stdin.
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        /// Output directory (mirrors the input tree).
        #[arg(short, long, value_name = "OUTDIR")]
        out: Option<PathBuf>,
        /// File name ending to clean in directories; repeatable.
        #[arg(long = "ext", value_name = "EXT", default_value = "txt")]
        ext: Vec<String>,
        /// Clean every regular file in directories, whatever its name.
        #[arg(long)]
        all: bool,
        /// Worker threads (default: all cores).
        #[arg(short = 'j', long = "jobs", value_name = "N")]
        jobs: Option<usize>,
        /// No progress bar and no summary.
        #[arg(short, long)]
        quiet: bool,
        /// Write a JSONL report: one object per input file.
        #[arg(long, value_name = "FILE.jsonl")]
        report: Option<PathBuf>,
        #[command(flatten)]
        rules: RuleArgs,
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
        #[arg(long, default_value = "text")]
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
    },
    /// List the rule families with one line each.
    Rules,
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
    })
}

fn read_input(input: &PathBuf) -> Result<Vec<u8>, String> {
    if input.as_os_str() == "-" {
        let mut buf = Vec::new();
        std::io::stdin()
            .read_to_end(&mut buf)
            .map_err(|e| format!("cannot read stdin: {e}"))?;
        Ok(buf)
    } else {
        std::fs::read(input).map_err(|e| format!("{}: cannot read: {e}", input.display()))
    }
}

fn write_stdout(bytes: &[u8]) -> ExitCode {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
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
            ext,
            all,
            jobs,
            quiet,
            report,
            rules,
        } => {
            let cleaner = match build_cleaner(&rules, RepairOptions::default()) {
                Ok(c) => c,
                Err(e) => return usage(e),
            };
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
            if jobs == Some(0) {
                return usage("-j must be at least 1");
            }
            let opts = RunOptions {
                walk: WalkOptions {
                    inputs,
                    exts: ext
                        .iter()
                        .map(|e| e.trim_start_matches('.').to_string())
                        .collect(),
                    all,
                },
                out,
                jobs,
                quiet,
                report,
            };
            match io::run_clean(&cleaner, &opts) {
                Err(e) => usage(e),
                Ok((summary, reports)) => {
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
                    if summary.files_failed > 0 {
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
            let cleaner = match build_cleaner(
                &RuleArgs {
                    rules: vec![],
                    disable: vec![],
                },
                RepairOptions {
                    keep_spacing,
                    fold,
                    keep_replacement,
                },
            ) {
                Ok(c) => c,
                Err(e) => return usage(e),
            };
            if jsonl {
                return fix_jsonl(&cleaner, &input, &field, explain);
            }
            let bytes = match read_input(&input) {
                Ok(b) => b,
                Err(e) => {
                    eprintln!("dechaff: {e}");
                    return ExitCode::from(1);
                }
            };
            let fixed = cleaner.fix_owned(bytes);
            if explain {
                eprintln!("encoding: {}", fixed.encoding);
                print_repairs(&fixed.repairs, None);
            }
            write_stdout(fixed.text.as_bytes())
        }
        Command::Explain { input, rules } => {
            let cleaner = match build_cleaner(&rules, RepairOptions::default()) {
                Ok(c) => c,
                Err(e) => return usage(e),
            };
            let bytes = match read_input(&input) {
                Ok(b) => b,
                Err(e) => {
                    eprintln!("dechaff: {e}");
                    return ExitCode::from(1);
                }
            };
            let cleaned = cleaner.clean(&bytes);
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
fn fix_jsonl(cleaner: &Cleaner, input: &PathBuf, field: &str, explain: bool) -> ExitCode {
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
    for (i, line) in reader.split(b'\n').enumerate() {
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
        let mut value: serde_json::Value = match serde_json::from_slice(&bytes) {
            Ok(v) => v,
            Err(e) => {
                eprintln!("dechaff: {name}:{n}: invalid JSON: {e}");
                failed += 1;
                continue;
            }
        };
        match value.get_mut(field) {
            Some(serde_json::Value::String(s)) => {
                let (fixed, log) = cleaner.fix_str(s);
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
        let res = serde_json::to_writer(&mut out, &value)
            .map_err(std::io::Error::from)
            .and_then(|()| out.write_all(b"\n"));
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
