//! The document model the chrome rules work on.
//!
//! A [`Document`] is the repaired text split into non-empty lines. Rules never
//! delete anything: they set a line's [`Verdict`] to `Drop(Reason)`. Rendering
//! skips dropped lines, and `explain` and the report read the verdicts, so
//! every removal is visible with the name of the rule that made it.

use crate::script::{self, Script};

/// Why a line was dropped: the rule family's name and a short detail.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reason {
    pub rule: &'static str,
    pub detail: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    Keep,
    Drop(Reason),
    /// Appended to the previous kept line (a quotation split by the scraper).
    Joined,
}

/// One non-empty line of the document.
#[derive(Clone, Debug)]
pub struct Line {
    /// Repaired text, trimmed.
    pub text: String,
    /// Lowercased text, for case-insensitive lexicon matching.
    pub lower: String,
    /// Index of the block (run of lines between blank lines) the line is in.
    pub block: usize,
    /// 1-based line number in the repaired text, for explain and the report.
    pub number: usize,
    pub verdict: Verdict,
    /// Number of whitespace-separated words, counted once: most rules ask.
    n_words: usize,
}

impl Line {
    pub fn is_kept(&self) -> bool {
        matches!(self.verdict, Verdict::Keep)
    }

    /// Number of whitespace-separated words (of the text as first split;
    /// a quote join appends to `text` but the rules have run by then).
    pub fn words(&self) -> usize {
        self.n_words
    }
}

#[derive(Clone, Debug)]
pub struct Document {
    pub lines: Vec<Line>,
    /// The script most letters of the document are written in.
    pub script: Script,
}

impl Document {
    /// Splits repaired text into lines; blank lines only separate blocks.
    pub fn from_text(text: &str) -> Document {
        let mut lines = Vec::new();
        let mut block = 0;
        let mut in_block = false;
        for (i, raw) in text.split('\n').enumerate() {
            let t = raw.trim();
            if t.is_empty() {
                if in_block {
                    block += 1;
                    in_block = false;
                }
                continue;
            }
            in_block = true;
            lines.push(Line {
                text: t.to_string(),
                lower: t.to_lowercase(),
                block,
                number: i + 1,
                verdict: Verdict::Keep,
                n_words: t.split_whitespace().count(),
            });
        }
        let script = script::dominant(lines.iter().map(|l| l.text.as_str()));
        Document { lines, script }
    }

    /// Marks line `i` dropped unless an earlier rule already did: the first
    /// rule to claim a line names it.
    pub fn drop_line(&mut self, i: usize, rule: &'static str, detail: impl Into<String>) {
        if let Some(line) = self.lines.get_mut(i) {
            if line.is_kept() {
                line.verdict = Verdict::Drop(Reason {
                    rule,
                    detail: detail.into(),
                });
            }
        }
    }

    pub fn is_kept(&self, i: usize) -> bool {
        self.lines.get(i).is_some_and(Line::is_kept)
    }

    /// Index of the next kept line after `i`.
    pub fn next_kept(&self, i: usize) -> Option<usize> {
        (i + 1..self.lines.len()).find(|&j| self.lines[j].is_kept())
    }

    /// Index of the previous kept line before `i`.
    pub fn prev_kept(&self, i: usize) -> Option<usize> {
        (0..i).rev().find(|&j| self.lines[j].is_kept())
    }

    /// Kept lines as paragraphs separated by one blank line, with one final
    /// newline; an empty string when nothing is kept.
    pub fn render(&self) -> String {
        let mut out = String::new();
        for line in self.lines.iter().filter(|l| l.is_kept()) {
            if !out.is_empty() {
                out.push_str("\n\n");
            }
            out.push_str(&line.text);
        }
        if !out.is_empty() {
            out.push('\n');
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_and_numbers() {
        let d = Document::from_text("a\nb\n\n\nc\n");
        assert_eq!(d.lines.len(), 3);
        assert_eq!(d.lines[1].block, 0);
        assert_eq!(d.lines[2].block, 1);
        assert_eq!(d.lines[2].number, 5);
    }

    #[test]
    fn first_rule_wins_and_render_skips_dropped() {
        let mut d = Document::from_text("Title\nchrome\nBody.");
        d.drop_line(1, "first", "x");
        d.drop_line(1, "second", "y");
        match &d.lines[1].verdict {
            Verdict::Drop(r) => assert_eq!(r.rule, "first"),
            other => panic!("line should be dropped, is {other:?}"),
        }
        assert_eq!(d.render(), "Title\n\nBody.\n");
    }

    #[test]
    fn empty_document_renders_empty() {
        assert_eq!(Document::from_text("\n \n").render(), "");
    }
}
