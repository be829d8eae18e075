//! Photo credits: `© REUTERS / Jim Bourg`, `Photo: AP`, `Фото: РИА Новости`,
//! `Name/Getty Images`, including credits glued to the caption after them.

use super::{Context, Rule};
use crate::document::Document;

pub struct Credit;

const MAX_WORDS: usize = 60;

impl Rule for Credit {
    fn name(&self) -> &'static str {
        "credit"
    }
    fn describe(&self) -> &'static str {
        "photo credits and captions: `© AGENCY / Name`, `Photo: ...`, `Name/Getty Images`"
    }
    fn apply(&self, doc: &mut Document, ctx: &Context) {
        let labels = ctx.families(&["credit_label"]);
        let agencies = ctx.families(&["agency"]);
        for i in 0..doc.lines.len() {
            let line = &doc.lines[i];
            let lower = line.lower.as_str();
            let copyright = lower.starts_with('©')
                || lower.starts_with("(c) ")
                || lower.starts_with("copyright ");
            // Most lines carry no credit marker at all: skip them before
            // counting their words.
            if !copyright
                && ctx.hits_in(i, &labels).next().is_none()
                && ctx.hits_in(i, &agencies).next().is_none()
            {
                continue;
            }
            let words = line.words();
            if words > MAX_WORDS {
                continue;
            }
            let detail = if copyright {
                Some("starts with a copyright sign")
            } else if ctx
                .hits_in(i, &labels)
                .any(|h| h.start == 0 && label_ends(&lower[h.end..]))
                && words <= 30
            {
                Some("starts with a credit label")
            } else if words <= 15
                && ctx
                    .hits_in(i, &agencies)
                    .any(|h| ends_credit(lower, h.start, h.end))
            {
                Some("ends with an agency credit")
            } else {
                None
            };
            if let Some(d) = detail {
                doc.drop_line(i, self.name(), d);
            }
        }
    }
}

/// A label is followed by `:` (or `/`, `.`, `|`), not by running text.
fn label_ends(rest: &str) -> bool {
    let rest = rest.trim_start();
    rest.starts_with([':', '/', '|', '.']) || rest.starts_with("by ")
}

/// The agency ends the line (after optional punctuation) and is introduced
/// by `/`, `©`, `(`, or a credit word, as credits are.
fn ends_credit(lower: &str, start: usize, end: usize) -> bool {
    let tail =
        lower[end..].trim_matches(|c: char| c.is_whitespace() || matches!(c, ')' | ']' | '.'));
    if !tail.is_empty() {
        return false;
    }
    let head = lower[..start].trim_end();
    head.ends_with(['/', '©', '(', '[', '|']) || head.ends_with("photo") || head.ends_with("foto")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chrome::{Context, Rule};
    use crate::lexicon::Lexicon;

    fn dropped(text: &str) -> Vec<bool> {
        let lex = Lexicon::build(&[]).expect("lexicon");
        let mut doc = Document::from_text(text);
        let ctx = Context::new(&lex, &doc);
        Credit.apply(&mut doc, &ctx);
        doc.lines.iter().map(|l| !l.is_kept()).collect()
    }

    #[test]
    fn credits_dropped() {
        assert_eq!(
            dropped("© REUTERS / Jim BourgA view of the White House."),
            vec![true]
        );
        assert_eq!(dropped("Photo: John Smith"), vec![true]);
        assert_eq!(dropped("Фото: РИА Новости"), vec![true]);
        assert_eq!(dropped("Jane Doe/Getty Images"), vec![true]);
        assert_eq!(dropped("Protesters in Paris (AFP)"), vec![true]);
    }

    #[test]
    fn prose_kept() {
        assert_eq!(
            dropped("Photos of the event were shared widely, she said."),
            vec![false]
        );
        assert_eq!(
            dropped("The AP reported the news first, citing officials in Kyiv."),
            vec![false]
        );
        assert_eq!(dropped("He worked for Reuters"), vec![false]);
    }
}
