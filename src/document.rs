//! The document model the chrome rules work on.
//!
//! A [`Document`] is the repaired text split into non-empty lines. Rules never
//! delete anything: they set a line's [`Verdict`] to `Drop(Reason)`. Rendering
//! skips dropped lines, and `explain` and the report read the verdicts, so
//! every removal is visible with the name of the rule that made it.

use crate::chrome::layout;
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
    /// [`layout::prose_value`] of the text as first split, computed once:
    /// the body span is computed several times.
    prose: Option<f32>,
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

    /// What the line adds to a body span as prose (`None`: not prose), see
    /// [`layout::prose_value`]; of the text as first split, like `words`.
    pub fn prose(&self) -> Option<f32> {
        self.prose
    }
}

/// `t.to_lowercase()`, faster on mixed text: `str::to_lowercase` takes its
/// ASCII fast path only up to the first non-ASCII char, then looks every
/// char up in the case tables. Char by char the mapping is the same except
/// for the final-sigma rule of `Σ`, left to the standard function.
pub fn lowercase(t: &str) -> String {
    if t.is_ascii() {
        return t.to_ascii_lowercase();
    }
    if t.contains('\u{3A3}') {
        return t.to_lowercase();
    }
    let mut out = String::with_capacity(t.len());
    // Mostly-ASCII lines with a few accents or quotes: copy each ASCII run
    // whole and lowercase it in place, look up only the other chars.
    let mut rest = t;
    while !rest.is_empty() {
        let ascii = rest.bytes().take_while(u8::is_ascii).count();
        let (run, tail) = rest.split_at(ascii);
        let from = out.len();
        out.push_str(run);
        if let Some(appended) = out.get_mut(from..) {
            appended.make_ascii_lowercase();
        }
        let mut chars = tail.chars();
        if let Some(c) = chars.next() {
            out.extend(c.to_lowercase());
        }
        rest = chars.as_str();
    }
    out
}

/// `s.split_whitespace().count()`, without the split iterator: several rules
/// ask for every line's word count, so this is on the hot path.
pub fn count_words(s: &str) -> usize {
    let mut n = 0;
    let mut in_word = false;
    if s.is_ascii() {
        for &b in s.as_bytes() {
            // The ASCII White_Space characters, as `char::is_whitespace`.
            let ws = matches!(b, b' ' | b'\t'..=b'\r');
            n += usize::from(!ws && !in_word);
            in_word = !ws;
        }
    } else {
        for c in s.chars() {
            let ws = c.is_whitespace();
            n += usize::from(!ws && !in_word);
            in_word = !ws;
        }
    }
    n
}

/// `(count_words(s), layout::weight(s))` in one pass over the chars: on
/// non-ASCII lines decoding the chars is most of the cost of each.
fn words_and_weight(s: &str) -> (usize, usize) {
    if s.is_ascii() {
        return (count_words(s), s.len());
    }
    let (mut n, mut w) = (0, 0);
    let mut in_word = false;
    for c in s.chars() {
        let ws = c.is_whitespace();
        n += usize::from(!ws && !in_word);
        in_word = !ws;
        w += if layout::is_wide(c) { 3 } else { 1 };
    }
    (n, w)
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
            let (n_words, weight) = words_and_weight(t);
            lines.push(Line {
                text: t.to_string(),
                lower: lowercase(t),
                block,
                number: i + 1,
                verdict: Verdict::Keep,
                n_words,
                prose: layout::prose_value_with(t, weight),
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
    fn count_words_matches_split_whitespace() {
        for s in [
            "",
            " ",
            "a",
            "  a  b\t\tc\x0bd\x0ce\rf\ng ",
            "x\u{1c}y",
            "Grüße\u{A0}aus\u{3000}Köln \u{2028} und\u{85}so",
            "\u{200B}zero width is not a space",
        ] {
            assert_eq!(count_words(s), s.split_whitespace().count(), "{s:?}");
        }
    }

    #[test]
    fn words_and_weight_match_the_separate_counts() {
        for s in [
            "",
            "a b",
            "Grüße\u{A0}aus Köln",
            "日本語 の テキスト",
            "한국어  text",
        ] {
            assert_eq!(
                words_and_weight(s),
                (s.split_whitespace().count(), layout::weight(s)),
                "{s:?}"
            );
        }
    }

    #[test]
    fn lowercase_matches_std() {
        for s in [
            "",
            "ASCII Only",
            "Grüße AUS KÖLN, ÄÖÜ ẞ",
            "İstanbul DİYARBAKIR",
            "ΟΔΥΣΣΕΥΣ και ΣΟΦΟΣ Σ",
            "ǅemal ǈ ǋ",
            "ФОТО: РИА НОВОСТИ",
            "ＡＢＣ Ⅻ ⓐⒶ",
            "ÉCOLE Émile",
            "Mixed ASCII — “Quoted” TEXT é À end",
            "日本語ABC",
        ] {
            assert_eq!(lowercase(s), s.to_lowercase(), "{s:?}");
        }
    }

    #[test]
    fn empty_document_renders_empty() {
        assert_eq!(Document::from_text("\n \n").render(), "");
    }
}
