//! Short lines in another script than the document's, at the edges of the
//! page or among other chrome: UI strings a scraper picked up, like the
//! Russian `Заголовок открываемого материала` closing an English article.
//!
//! A quote in another language inside a paragraph is part of a longer line
//! in the main script and is never touched; a short foreign line in the
//! middle of the body, between kept lines, is kept too.

use super::{Context, Rule};
use crate::document::Document;
use crate::script::{Counts, Script};

pub struct ForeignScript;

const MAX_WORDS: usize = 8;
/// Lines from each end that count as the edge of the page.
const EDGE: usize = 3;

/// Can `text` not be nine tenths letters of one script other than Latin?
/// Such a letter takes at least two bytes, so with more than one ASCII
/// letter per 18 non-ASCII bytes the Latin letters are over a tenth.
/// Cheaper than classifying every char (most lines in a Latin document).
fn mostly_latin(text: &str) -> bool {
    // ASCII lines (most) answer by the word-at-a-time test of the standard
    // library, without counting.
    if text.is_ascii() {
        return true;
    }
    let (non_ascii, letters) = count_non_ascii_and_letters(text.as_bytes());
    // All ASCII: no letters, or only Latin ones.
    non_ascii == 0 || letters * 18 > non_ascii
}

const LO: u64 = 0x0101_0101_0101_0101;
const HI: u64 = 0x8080_8080_8080_8080;

/// How many bytes of `b` are 0x80 or above, and how many are ASCII
/// letters: eight bytes at a time (the counts of the high bits are added
/// by a multiplication into the top byte).
fn count_non_ascii_and_letters(b: &[u8]) -> (usize, usize) {
    let count = |m: u64| ((m >> 7).wrapping_mul(LO) >> 56) as usize;
    // The high bit of each byte (below 0x80) that is at least `k`.
    let at_least = |v: u64, k: u8| v.wrapping_add(LO * u64::from(0x80 - k)) & HI;
    let (mut non_ascii, mut letters) = (0, 0);
    let mut chunks = b.chunks_exact(8);
    for c in chunks.by_ref() {
        let mut w = [0u8; 8];
        w.copy_from_slice(c);
        let x = u64::from_le_bytes(w);
        let high = x & HI;
        // ASCII letters are `a..=z` once 0x20 is set; bytes of 0x80 and
        // above are masked out.
        let folded = (x & !HI) | (LO * 0x20);
        let alpha = at_least(folded, b'a') & !at_least(folded, b'z' + 1) & !high;
        non_ascii += count(high);
        letters += count(alpha);
    }
    for &c in chunks.remainder() {
        non_ascii += usize::from(c >= 0x80);
        letters += usize::from(c.is_ascii_alphabetic());
    }
    (non_ascii, letters)
}

impl Rule for ForeignScript {
    fn name(&self) -> &'static str {
        "script"
    }
    fn describe(&self) -> &'static str {
        "short lines in another script than the document's, at the edges or among chrome; look-alike letters of two scripts in one word"
    }
    fn apply(&self, doc: &mut Document, _ctx: &Context) {
        let main = doc.script;
        if main == Script::None {
            return;
        }
        // The kept lines that can be foreign (short, and in a Latin
        // document not mostly Latin: few), with their rank among the kept
        // lines; one walk, which counts the kept lines too (no list of them
        // all). Nothing is dropped before the loop below, which visits them
        // in order, as a walk over all kept lines did.
        let mut candidates: Vec<(usize, usize)> = Vec::new();
        let mut n_kept = 0;
        for (i, line) in doc.lines.iter().enumerate() {
            if !line.is_kept() {
                continue;
            }
            let rank = n_kept;
            n_kept += 1;
            if line.words() > MAX_WORDS || (main == Script::Latin && mostly_latin(&line.text)) {
                continue;
            }
            candidates.push((i, rank));
        }
        for (i, rank) in candidates {
            let Some(line) = doc.lines.get(i) else {
                continue;
            };
            let counts = Counts::of(&line.text);
            let total = counts.total();
            let other = counts.dominant();
            if total == 0 || other == main || counts.get(other) * 10 < total * 9 {
                continue;
            }
            // In a short document every line is near an end: the edge shrinks
            // with it, so a mid-body line stays.
            let edge = (n_kept / 4).clamp(1, EDGE);
            let at_edge = rank < edge || rank + edge >= n_kept;
            let near_chrome =
                (i > 0 && !doc.is_kept(i - 1)) || (i + 1 < doc.lines.len() && !doc.is_kept(i + 1));
            if at_edge || near_chrome {
                let detail = format!("{} line in a {} document", other.name(), main.name());
                doc.drop_line(i, self.name(), detail);
            }
        }
        // Only lines with a Cyrillic letter (lead byte D0 to D3) can be
        // disguised: they are found once for the document. The lowercase
        // of such a letter is one too (a test checks), so `lower` tells.
        let cyrillic = super::credit::lower_holds(doc, &[0xD0, 0xD1, 0xD2, 0xD3]);
        for (i, &cyrillic) in cyrillic.iter().enumerate() {
            if cyrillic && doc.is_kept(i) && disguised(&doc.lines[i].text) {
                doc.drop_line(
                    i,
                    self.name(),
                    "words spelled with look-alike letters of two scripts",
                );
            }
        }
    }
}

/// Fewest words mixing Latin and Cyrillic letters that make a line
/// disguised, and their least share of its words (one in `MIX_SHARE`).
const MIX_MIN: usize = 3;
const MIX_SHARE: usize = 3;

/// Ads and spam spell words with look-alike letters of another script
/// (`Аdvеrtіѕе`, Cyrillic а, е, і, ѕ among Latin) to slip past filters;
/// real text of either script, or both side by side, does not mix them
/// inside a word.
fn disguised(text: &str) -> bool {
    // Basic Cyrillic letters are encoded with lead bytes D0 to D3: a line
    // without one has nothing to mix (nearly every line). One masked
    // compare per byte, without an early exit, so that the loop vectorizes:
    // cheaper than the memchr calls on the short lines most are.
    let lead = text
        .bytes()
        .fold(0u8, |acc, c| acc | u8::from(c & 0xFC == 0xD0));
    if lead == 0 {
        return false;
    }
    let (mut words, mut mixed) = (0, 0);
    for w in text.split_whitespace() {
        words += 1;
        let (mut latin, mut cyrillic) = (false, false);
        for c in w.chars() {
            match crate::script::of_char(c) {
                Script::Latin => latin = true,
                Script::Cyrillic => cyrillic = true,
                _ => {}
            }
        }
        mixed += usize::from(latin && cyrillic);
    }
    mixed >= MIX_MIN && mixed * MIX_SHARE >= words
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lowercase_keeps_cyrillic_letters_cyrillic() {
        for c in '\u{400}'..='\u{4FF}' {
            let l = crate::document::lowercase(&c.to_string());
            assert!(l.bytes().any(|b| (0xD0..=0xD3).contains(&b)), "{c:?}");
        }
    }

    #[test]
    fn counts_match_the_filters() {
        for t in [
            "",
            "abc",
            "Grüße aus Köln, 2021!",
            "Привет мир и все, ab",
            "@[`{ AZaz az 09 \u{7f}",
            "日本語のテキスト x y z w",
            "ÀÁÂ àáâ ÿ and some ASCII after eight bytes",
        ] {
            let b = t.as_bytes();
            let want = (
                b.iter().filter(|&&c| c >= 0x80).count(),
                b.iter().filter(|c| c.is_ascii_alphabetic()).count(),
            );
            assert_eq!(count_non_ascii_and_letters(b), want, "{t:?}");
        }
        // Every byte value, at every place in a chunk.
        for v in 0..=255u8 {
            for at in 0..9 {
                let mut b = vec![b' '; 9];
                b[at] = v;
                let want = (usize::from(v >= 0x80), usize::from(v.is_ascii_alphabetic()));
                assert_eq!(count_non_ascii_and_letters(&b), want, "{v} {at}");
            }
        }
    }

    #[test]
    fn mostly_latin_lines_are_never_foreign() {
        for t in [
            "",
            "plain ASCII",
            "Grüße aus Köln",
            "Привет мир",
            "a Привет мир и все",
            "ab Привет",
            "日本語のテキスト x",
            "abc 日本",
            "مرحبا بالعالم ok",
            "—– “” …",
        ] {
            if mostly_latin(t) {
                let c = Counts::of(t);
                let other = c.dominant();
                assert!(
                    c.total() == 0 || other == Script::Latin || c.get(other) * 10 < c.total() * 9,
                    "{t:?}"
                );
            }
        }
        assert!(!mostly_latin("Привет мир"));
    }

    fn kept(text: &str) -> Vec<String> {
        crate::chrome::kept_after(&ForeignScript, text)
    }

    #[test]
    fn foreign_ui_string_at_end_dropped() {
        let body = "This is the first paragraph of an English article.\nA second one follows here.\nA third and a fourth.\nThe fourth paragraph.\nThe last one.";
        let out = kept(&format!("{body}\nЗаголовок открываемого материала"));
        assert_eq!(out.len(), 5);
        assert!(out.iter().all(|l| !l.contains("Заголовок")));
    }

    #[test]
    fn look_alike_letters_dropped() {
        // Cyrillic а, е, і, о, ѕ inside English words.
        let spam = "Аdvеrtіѕе wіth us tоdау fоr thе bеѕt rаtеѕ";
        let body = "The first paragraph of an English article.";
        assert_eq!(kept(&format!("{body}\n{spam}\n{body}")), vec![body, body]);
        // Both scripts side by side, word by word, are real text.
        let both = "Moscow (Москва) and Kyiv (Київ) are capitals, said Иван Petrov.";
        assert_eq!(
            kept(&format!("{body}\n{both}\n{body}")),
            vec![body, both, body]
        );
        assert!(!disguised("Т-Mobile sells phones"));
    }

    #[test]
    fn quote_inside_paragraph_and_mid_body_line_kept() {
        let text = "First paragraph of an article in English.\nSecond paragraph.\nHe said «Мы победим», and left.\nThird paragraph.\nДа здравствует\nFourth paragraph.\nFifth paragraph.\nSixth paragraph.\nSeventh.";
        assert_eq!(kept(text).len(), 9);
    }
}
