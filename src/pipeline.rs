//! Builds the ordered stages from a [`Config`] and runs them: the pure core,
//! `&[u8]` in, [`Cleaned`] out. No file system, no threads, no globals.

use crate::chrome::corpus::{CorpusView, Stats, Thresholds};
use crate::chrome::{self, quotes, Context, Rule};
use crate::decode::{self, Decoded};
use crate::document::{Document, LineScan, Verdict};
use crate::lexicon::Lexicon;
use crate::repair::{self, RepairKind, RepairLog, RepairOptions};
use std::borrow::Cow;
use std::sync::Arc;

/// What to run.
#[derive(Clone, Debug, Default)]
pub struct Config {
    pub repair: RepairOptions,
    /// Rule families switched off, by name.
    pub disabled: Vec<String>,
    /// User lexicons `(name, toml text)`, added to the built-in ones.
    pub rules: Vec<(String, String)>,
    /// The site every document comes from, for `[site."NAME"]` rules, for the whole run.
    pub site: Option<String>,
}

/// A removed line, for the report and `explain`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Removed {
    /// 1-based line number in the repaired text.
    pub line: usize,
    pub rule: &'static str,
    pub detail: String,
    pub text: String,
}

/// The result of cleaning one document.
#[derive(Clone, Debug)]
pub struct Cleaned {
    pub text: String,
    pub encoding: &'static str,
    pub repairs: RepairLog,
    pub removed: Vec<Removed>,
    /// The document with every line's verdict, for `explain`.
    pub document: Document,
}

/// The result of repairing one document (no chrome removal).
#[derive(Clone, Debug)]
pub struct Fixed {
    pub text: String,
    pub encoding: &'static str,
    pub repairs: RepairLog,
    /// The text's lines as the counting pass found them, if it did
    /// (`corpus::line_keys_scan`): the document is then built from them.
    pub lines: Option<LineScan>,
}

/// [`Fixed`] whose text borrows the input when it is valid UTF-8 that
/// needs no repair.
#[derive(Clone, Debug)]
pub struct FixedCow<'a> {
    pub text: Cow<'a, str>,
    pub encoding: &'static str,
    pub repairs: RepairLog,
}

/// [`Cleaner::fix`] without a cleaner (the repairs need no lexicon) and
/// without copying the text when it needs no repair.
pub fn fix_cow<'a>(bytes: &'a [u8], opts: &RepairOptions) -> FixedCow<'a> {
    let decode::DecodedCow {
        text,
        encoding,
        invalid_bytes,
    } = decode::decode_cow(bytes);
    let mut repairs = opts.new_log();
    repairs.count(RepairKind::InvalidBytes, invalid_bytes);
    let text = match repair::repair_cow(&text, opts, &mut repairs) {
        Cow::Borrowed(_) => text,
        Cow::Owned(s) => Cow::Owned(s),
    };
    FixedCow {
        text,
        encoding,
        repairs,
    }
}

/// [`Cleaner::fix_str`] without a cleaner.
pub fn fix_str(text: &str, opts: &RepairOptions) -> (String, RepairLog) {
    let mut repairs = opts.new_log();
    let text = repair::repair(text, opts, &mut repairs);
    (text, repairs)
}

/// A configured cleaner: build once, share across threads.
pub struct Cleaner {
    config: Config,
    lexicon: Lexicon,
    rules: Vec<Box<dyn Rule>>,
    /// Line counts per site for the `corpus` rule (none: the rule is idle),
    /// set with [`Cleaner::with_stats`].
    corpus: Option<Arc<Stats>>,
    thresholds: Thresholds,
}

/// Names and one-line descriptions of every rule family, in run order.
pub fn rule_catalog() -> Vec<(&'static str, &'static str)> {
    let mut v: Vec<_> = chrome::all()
        .iter()
        .map(|r| (r.name(), r.describe()))
        .collect();
    v.push((
        "quote_join",
        "joins a quotation the scraper split over two paragraphs (a repair)",
    ));
    v
}

impl Cleaner {
    /// Fails on an unknown rule name in `disabled` or an invalid rules file.
    pub fn new(config: Config) -> Result<Cleaner, String> {
        let known = rule_catalog();
        for d in &config.disabled {
            if !known.iter().any(|(n, _)| n == d) {
                let names: Vec<&str> = known.iter().map(|(n, _)| *n).collect();
                return Err(format!("unknown rule `{d}` (known: {})", names.join(", ")));
            }
        }
        let lexicon = Lexicon::build(&config.rules)?;
        let rules = chrome::all()
            .into_iter()
            .filter(|r| !config.disabled.iter().any(|d| d == r.name()))
            .collect();
        Ok(Cleaner {
            config,
            lexicon,
            rules,
            corpus: None,
            thresholds: Thresholds::default(),
        })
    }

    /// Decodes and repairs, without removing anything. Repairs are
    /// counted; they are itemized only with `RepairOptions::itemize`.
    pub fn fix(&self, bytes: &[u8]) -> Fixed {
        let FixedCow {
            text,
            encoding,
            repairs,
        } = fix_cow(bytes, &self.config.repair);
        Fixed {
            text: text.into_owned(),
            encoding,
            repairs,
            lines: None,
        }
    }

    /// [`Cleaner::fix`] taking the bytes by value: valid UTF-8 is not copied.
    pub fn fix_owned(&self, bytes: Vec<u8>) -> Fixed {
        self.repair_decoded(decode::decode_owned(bytes))
    }

    fn repair_decoded(&self, decoded: Decoded) -> Fixed {
        let Decoded {
            text,
            encoding,
            invalid_bytes,
        } = decoded;
        let mut repairs = self.config.repair.new_log();
        repairs.count(RepairKind::InvalidBytes, invalid_bytes);
        // Moved, not copied, when nothing needs repair.
        let text = match repair::repair_cow(&text, &self.config.repair, &mut repairs) {
            Cow::Borrowed(_) => text,
            Cow::Owned(s) => s,
        };
        Fixed {
            text,
            encoding,
            repairs,
            lines: None,
        }
    }

    /// Repairs text that is already decoded (a JSON string field, say).
    pub fn fix_str(&self, text: &str) -> (String, RepairLog) {
        fix_str(text, &self.config.repair)
    }

    /// Uses these thresholds for the `corpus` rule from now on.
    pub fn with_thresholds(mut self, t: Thresholds) -> Cleaner {
        self.thresholds = t;
        self
    }

    /// Uses these line counts for the `corpus` rule from now on.
    pub fn with_stats(mut self, stats: Arc<Stats>) -> Cleaner {
        self.corpus = Some(stats);
        self
    }

    /// The whole pipeline: decode, repair, mark chrome, join, render.
    pub fn clean(&self, bytes: &[u8]) -> Cleaned {
        self.clean_grouped(bytes, "")
    }

    /// [`Cleaner::clean`] for a document of the given corpus group: the
    /// site name its lines were counted under (`--site-from`; `""` for the
    /// whole run), whose counts the `corpus` rule reads. The user's
    /// `[site."NAME"]` rules follow `Config::site`, not the group.
    pub fn clean_grouped(&self, bytes: &[u8], group: &str) -> Cleaned {
        self.clean_fixed(self.fix(bytes), group)
    }

    /// [`Cleaner::clean_grouped`] from the output of [`Cleaner::fix`] (kept
    /// from the counting pass, so a run repairs each file once).
    pub fn clean_fixed(&self, fixed: Fixed, group: &str) -> Cleaned {
        self.clean_keyed(fixed, group, None)
    }

    /// [`Cleaner::clean_fixed`] with the text's `corpus::line_keys`, which
    /// the counting pass computed already.
    pub fn clean_keyed(&self, fixed: Fixed, group: &str, keys: Option<&[u64]>) -> Cleaned {
        self.clean_keyed_with(fixed, group, keys, true)
    }

    /// [`Cleaner::clean_keyed`]; without `texts`, the `removed` lines get
    /// an empty `detail` and `text` (their rule and number are kept): for
    /// a run that only counts them by rule, which then copies no line.
    /// `document` holds them all either way.
    pub fn clean_keyed_with(
        &self,
        fixed: Fixed,
        group: &str,
        keys: Option<&[u64]>,
        texts: bool,
    ) -> Cleaned {
        let Fixed {
            text,
            encoding,
            mut repairs,
            lines,
        } = fixed;
        let doc = self.mark(text, lines, group, keys, &mut repairs);
        let removed = doc
            .lines
            .iter()
            .filter_map(|l| match &l.verdict {
                Verdict::Drop(r) => Some(Removed {
                    line: l.number,
                    rule: r.rule,
                    detail: if texts {
                        r.detail.to_string()
                    } else {
                        String::new()
                    },
                    // `as_str`: `Text`'s `to_string` would go through its
                    // `Display` (growing the string as it writes).
                    text: if texts {
                        l.text.as_str().to_owned()
                    } else {
                        String::new()
                    },
                }),
                Verdict::Keep | Verdict::Joined => None,
            })
            .collect();
        Cleaned {
            text: doc.render(),
            encoding,
            repairs,
            removed,
            document: doc,
        }
    }

    /// Runs the chrome rules and the quote join over repaired text.
    fn mark(
        &self,
        text: String,
        lines: Option<LineScan>,
        group: &str,
        keys: Option<&[u64]>,
        repairs: &mut RepairLog,
    ) -> Document {
        let mut doc = match lines {
            Some(scan) => Document::from_scanned(text, scan),
            None => Document::from_string(text),
        };
        let mut ctx = Context::new(&self.lexicon, &doc);
        ctx.site = self.config.site.as_deref();
        ctx.corpus = self.corpus.as_ref().and_then(|s| {
            Some(CorpusView {
                site: s.site(group)?,
                thresholds: &self.thresholds,
                keys,
            })
        });
        let mut laid_out = false;
        for rule in &self.rules {
            if rule.uses_layout() && !laid_out {
                ctx.relayout(&doc);
                laid_out = true;
            }
            rule.apply(&mut doc, &ctx);
        }
        doc.body = ctx.body;
        if !self.config.disabled.iter().any(|d| d == "quote_join") {
            quotes::join_split_quotes(&mut doc, repairs);
        }
        doc
    }
}

/// Every line after repair, marked kept, dropped (with its rule) or joined,
/// then the repairs made: what `dechaff explain` prints.
pub fn explain(cleaned: &Cleaned) -> String {
    let mut s = String::new();
    let lines = &cleaned.document.lines;
    match cleaned
        .document
        .body
        .and_then(|(a, b)| Some((lines.get(a)?, lines.get(b)?)))
    {
        // The position rules are stricter outside the body span.
        Some((a, b)) => s.push_str(&format!("body: lines {} to {}\n", a.number, b.number)),
        None => s.push_str("body: none (no run of prose lines)\n"),
    }
    for l in &cleaned.document.lines {
        let (mark, why) = match &l.verdict {
            Verdict::Keep => ("KEEP", String::new()),
            Verdict::Drop(r) => ("DROP", format!("{} ({})", r.rule, r.detail)),
            Verdict::Joined => ("JOIN", "quote_join (joined to the line before)".to_string()),
        };
        s.push_str(&format!("{:>5} {mark} {}\n", l.number, l.text));
        if !why.is_empty() {
            s.push_str(&format!("           -> {why}\n"));
        }
    }
    for r in &cleaned.repairs.items {
        s.push_str(&format!(
            "repair line {} col {}: {} {:?} -> {:?}\n",
            r.line,
            r.col,
            r.kind.name(),
            r.before,
            r.after
        ));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_rule_is_an_error() {
        let cfg = Config {
            disabled: vec!["nope".into()],
            ..Config::default()
        };
        let err = Cleaner::new(cfg).err().unwrap_or_default();
        assert!(err.contains("unknown rule `nope`"), "{err}");
    }

    #[test]
    fn disabled_rule_does_not_run() {
        let text = b"Body of the article.\n(@handle)\nMore body.";
        let on = Cleaner::new(Config::default()).map(|c| c.clean(text).text);
        assert_eq!(on.as_deref(), Ok("Body of the article.\n\nMore body.\n"));
        let cfg = Config {
            disabled: vec!["social".into()],
            ..Config::default()
        };
        let off = Cleaner::new(cfg).map(|c| c.clean(text).text);
        assert_eq!(
            off.as_deref(),
            Ok("Body of the article.\n\n(@handle)\n\nMore body.\n")
        );
    }
}
