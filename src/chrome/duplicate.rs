//! A line repeated later with other capitalization, spacing or punctuation
//! (the title printed twice): the first stays, later copies go.

use super::{Context, Rule};
use crate::document::Document;
use std::collections::HashSet;

pub struct Duplicate;

/// Keys shorter than this are not compared: short lines (`Yes`, list items)
/// legitimately repeat.
const MIN_KEY_CHARS: usize = 16;

/// Lowercased letters and digits only, single-spaced.
pub fn key(text: &str) -> String {
    // One pass over the chars (this runs on every kept line): a space goes
    // in where a run of non-alphanumerics separates two words.
    let mut k = String::with_capacity(text.len());
    let mut gap = false;
    if text.is_ascii() {
        // The same over bytes, without decoding or encoding chars.
        let mut v = Vec::with_capacity(text.len());
        for &b in text.as_bytes() {
            if !b.is_ascii_alphanumeric() {
                gap = true;
                continue;
            }
            if gap && !v.is_empty() {
                v.push(b' ');
            }
            gap = false;
            v.push(b.to_ascii_lowercase());
        }
        // ASCII bytes are always valid UTF-8.
        return String::from_utf8(v).unwrap_or_default();
    }
    for c in text.chars() {
        if !c.is_alphanumeric() {
            gap = true;
            continue;
        }
        if gap && !k.is_empty() {
            k.push(' ');
        }
        gap = false;
        if c.is_ascii() {
            k.push(c.to_ascii_lowercase());
        } else {
            k.extend(c.to_lowercase());
        }
    }
    k
}

impl Rule for Duplicate {
    fn name(&self) -> &'static str {
        "duplicate"
    }
    fn describe(&self) -> &'static str {
        "a line repeated with other capitalization or punctuation (keeps the first)"
    }
    fn apply(&self, doc: &mut Document, _ctx: &Context) {
        let mut seen = HashSet::new();
        for i in 0..doc.lines.len() {
            if !doc.is_kept(i) {
                continue;
            }
            // A key has at most as many chars as the text has bytes: a short
            // line cannot reach MIN_KEY_CHARS, skip building its key.
            if doc.lines[i].text.len() < MIN_KEY_CHARS {
                continue;
            }
            let k = key(&doc.lines[i].text);
            if k.chars().count() < MIN_KEY_CHARS {
                continue;
            }
            if !seen.insert(k) {
                doc.drop_line(i, self.name(), "repeats an earlier line");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kept(text: &str) -> Vec<String> {
        crate::chrome::kept_after(&Duplicate, text)
    }

    #[test]
    fn key_matches_split_and_join() {
        for t in [
            "",
            "--",
            "US Reply To Proposals 'Constructive'",
            "  Grüße, AUS Köln!! 2021 ",
            "ΣΟΦΟΣ λόγος — İstanbul",
            "a_b.c",
        ] {
            let words: Vec<String> = t
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .map(|w| w.chars().flat_map(char::to_lowercase).collect())
                .collect();
            assert_eq!(key(t), words.join(" "), "{t:?}");
        }
    }

    #[test]
    fn repeated_title_dropped_short_lines_kept() {
        assert_eq!(
            kept("US Reply To Proposals 'Constructive'\nYes\nUS Reply to Proposals \"Constructive\"\nYes"),
            vec!["US Reply To Proposals 'Constructive'", "Yes", "Yes"]
        );
    }
}
