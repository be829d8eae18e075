//! A line repeated later with other capitalization, spacing or punctuation
//! (the title printed twice): the first stays, later copies go.

use super::{Context, Rule};
use crate::document::{lower_common, Document};
// Keys are compared within one document only: a fast hasher (seeded per
// process) instead of SipHash.
use foldhash::fast::RandomState;
use std::collections::HashSet;

pub struct Duplicate;

/// Keys shorter than this are not compared: short lines (`Yes`, list items)
/// legitimately repeat.
const MIN_KEY_CHARS: usize = 16;

/// Lowercased letters and digits only, single-spaced.
pub fn key(text: &str) -> String {
    let mut k = Vec::with_capacity(text.len());
    key_into(text, &mut k);
    // Built from whole chars and ASCII spaces: always valid UTF-8.
    String::from_utf8(k).unwrap_or_default()
}

/// Appends [`key`] of `text` to `out` as UTF-8 and returns its length in
/// chars. One pass over the bytes (this runs on every kept line): ASCII
/// bytes without decoding, accented Latin and Cyrillic letters without the
/// case tables (`lower_common`).
fn key_into(text: &str, out: &mut Vec<u8>) -> usize {
    let start = out.len();
    if text.is_ascii() {
        return key_into_ascii(text.as_bytes(), out);
    }
    let mut chars = 0;
    // A space goes in where a run of non-alphanumerics separates two words.
    let mut gap = false;
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b < 0x80 {
            if ALNUM_LOWER[usize::from(b)] == 0 {
                gap = true;
                i += 1;
                continue;
            }
            if gap && out.len() > start {
                out.push(b' ');
                chars += 1;
            }
            gap = false;
            // The word's whole run of ASCII letters and digits (the table
            // maps every other byte, and every non-ASCII one, to 0) in one
            // extend: one capacity check, not one per byte.
            let rest = bytes.get(i..).unwrap_or_default();
            let n = rest
                .iter()
                .position(|&b| ALNUM_LOWER[usize::from(b)] == 0)
                .unwrap_or(rest.len());
            let run = rest.get(..n).unwrap_or_default();
            out.extend(run.iter().map(|&b| ALNUM_LOWER[usize::from(b)]));
            chars += n;
            i += n;
            continue;
        }
        // General Punctuation (dashes, quotes, spaces) holds no letter or
        // digit (a test checks): no property lookup.
        if is_general_punctuation(bytes.get(i..).unwrap_or_default()) {
            gap = true;
            i += 3;
            continue;
        }
        let Some(c) = text.get(i..).and_then(|r| r.chars().next()) else {
            break;
        };
        i += c.len_utf8();
        if is_latin1_sign(c) {
            gap = true;
            continue;
        }
        // `lower_common` answers letters and `÷`, which is no letter; CJK
        // ideographs are letters without case (a test checks).
        let common = lower_common(c)
            .filter(|_| c != '\u{F7}')
            .or_else(|| ('\u{4E00}'..='\u{9FFF}').contains(&c).then_some(c));
        if common.is_none() && !c.is_alphanumeric() {
            gap = true;
            continue;
        }
        if gap && out.len() > start {
            out.push(b' ');
            chars += 1;
        }
        gap = false;
        let mut buf = [0u8; 4];
        match common {
            Some(l) => {
                out.extend_from_slice(l.encode_utf8(&mut buf).as_bytes());
                chars += 1;
            }
            None => {
                for l in c.to_lowercase() {
                    out.extend_from_slice(l.encode_utf8(&mut buf).as_bytes());
                    chars += 1;
                }
            }
        }
    }
    chars
}

/// Does `b` start with the UTF-8 of a char in U+2000..=U+206F?
fn is_general_punctuation(b: &[u8]) -> bool {
    match b {
        [0xE2, 0x80, _, ..] => true,
        [0xE2, 0x81, t, ..] => *t <= 0xAF,
        _ => false,
    }
}

/// Is `c` a Latin-1 sign or punctuation char (soft hyphen, `«»`, `©`,
/// `×÷`): neither letter nor digit (a test checks), without the lookup.
fn is_latin1_sign(c: char) -> bool {
    matches!(c as u32, 0x80..=0xBF | 0xD7 | 0xF7)
        && !matches!(c, 'ª' | '²' | '³' | 'µ' | '¹' | 'º' | '¼' | '½' | '¾')
}

/// ASCII letters and digits -> their lowercase; every other byte -> 0.
const ALNUM_LOWER: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 0x80 {
        let c = b as u8;
        if c.is_ascii_alphanumeric() {
            t[b] = c.to_ascii_lowercase();
        }
        b += 1;
    }
    t
};

/// [`key_into`] of ASCII text: written by index into room made first (a
/// key of ASCII text is never longer than the text: each space stands for
/// at least one byte left out).
fn key_into_ascii(text: &[u8], out: &mut Vec<u8>) -> usize {
    let start = out.len();
    out.resize(start + text.len(), 0);
    let mut w = start;
    let mut gap = false;
    for &b in text {
        let l = ALNUM_LOWER[usize::from(b)];
        if l == 0 {
            gap = true;
            continue;
        }
        if gap && w > start {
            if let Some(slot) = out.get_mut(w) {
                *slot = b' ';
            }
            w += 1;
        }
        gap = false;
        if let Some(slot) = out.get_mut(w) {
            *slot = l;
        }
        w += 1;
    }
    out.truncate(w);
    w - start
}

impl Rule for Duplicate {
    fn name(&self) -> &'static str {
        "duplicate"
    }
    fn describe(&self) -> &'static str {
        "a line repeated with other capitalization or punctuation (keeps the first)"
    }
    fn apply(&self, doc: &mut Document, _ctx: &Context) {
        // The keys of the candidate lines in one buffer (no allocation per
        // line), then compared. Dropping a line changes only that line's
        // verdict, so the candidates can all be chosen first.
        // Room for every candidate's key up front (an ASCII key is never
        // longer than its line): no regrowing and copying as it fills.
        let room: usize = doc.lines.iter().map(|l| l.text.len()).sum();
        let mut buf = Vec::with_capacity(room);
        let mut keyed = Vec::new();
        for (i, line) in doc.lines.iter().enumerate() {
            // A key has at most as many chars as the text has bytes: a short
            // line cannot reach MIN_KEY_CHARS, skip building its key.
            if !line.is_kept() || line.text.len() < MIN_KEY_CHARS {
                continue;
            }
            let from = buf.len();
            if key_into(&line.text, &mut buf) < MIN_KEY_CHARS {
                buf.truncate(from);
                continue;
            }
            keyed.push((i, from, buf.len()));
        }
        let mut seen = HashSet::with_capacity_and_hasher(keyed.len(), RandomState::default());
        let mut repeats = Vec::new();
        for &(i, from, to) in &keyed {
            if !seen.insert(buf.get(from..to).unwrap_or_default()) {
                repeats.push(i);
            }
        }
        for i in repeats {
            doc.drop_line(i, self.name(), "repeats an earlier line");
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
            "7÷2 × 3 ÷x Straße İZMİR ÀÉÎ ЁЖИК ǅ",
            "“Quoted” – text — with\u{2009}thin\u{2028}spaces… and ‰ ⁇ ⁰ ⁱ ⁿ",
            "Only ASCII here, with punctuation: (a) [b] {c}!",
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
    fn latin1_signs_are_no_letter_or_digit() {
        for c in '\u{80}'..='\u{FF}' {
            if is_latin1_sign(c) {
                assert!(!c.is_alphanumeric(), "{c:?}");
            } else if c < '\u{C0}' {
                assert!(c.is_alphanumeric(), "{c:?}");
            }
        }
    }

    #[test]
    fn cjk_ideographs_are_caseless_letters() {
        for c in '\u{4E00}'..='\u{9FFF}' {
            assert!(c.is_alphanumeric(), "{c:?}");
            assert_eq!(c.to_lowercase().collect::<String>(), c.to_string(), "{c:?}");
        }
    }

    #[test]
    fn general_punctuation_is_no_letter_or_digit() {
        for c in '\u{1F00}'..='\u{20FF}' {
            let mut b = [0u8; 4];
            let e = c.encode_utf8(&mut b).as_bytes();
            let inside = ('\u{2000}'..='\u{206F}').contains(&c);
            assert_eq!(is_general_punctuation(e), inside, "{c:?}");
            if inside {
                assert!(!c.is_alphanumeric(), "{c:?}");
            }
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
