//! A line repeated later with other capitalization, spacing or punctuation
//! (the title printed twice): the first stays, later copies go.

use super::{Context, Rule};
use crate::document::{lower_common, Document};
// Keys are compared within one document only: a fast hasher (seeded per
// process) instead of SipHash.
use foldhash::fast::RandomState;
use std::collections::{HashMap, HashSet};

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
        let Some((n, letter)) = wide_at(text, i) else {
            break;
        };
        i += n;
        let Some(letter) = letter else {
            gap = true;
            continue;
        };
        if gap && out.len() > start {
            out.push(b' ');
            chars += 1;
        }
        gap = false;
        let mut buf = [0u8; 4];
        match letter {
            Letter::Common(l) => {
                out.extend_from_slice(l.encode_utf8(&mut buf).as_bytes());
                chars += 1;
            }
            Letter::Other(c) => {
                for l in c.to_lowercase() {
                    out.extend_from_slice(l.encode_utf8(&mut buf).as_bytes());
                    chars += 1;
                }
            }
        }
    }
    chars
}

/// A letter or digit of a key, as [`wide_at`] reads it.
enum Letter {
    /// Its lowercase, one char, known without a property lookup.
    Common(char),
    /// Any other letter or digit: lowercased by `char::to_lowercase`.
    Other(char),
}

/// The non-ASCII char at byte `i` of `text` as keys read it: its length
/// in bytes, and the letter or digit it is (`None`: it separates words).
/// `None` at the end of the text or off a char boundary. Shared by
/// [`key_into`] and [`signature`], so that equal keys keep equal
/// signatures.
#[inline(always)]
fn wide_at(text: &str, i: usize) -> Option<(usize, Option<Letter>)> {
    // General Punctuation (dashes, quotes, spaces) holds no letter or
    // digit (a test checks): no property lookup.
    if is_general_punctuation(text.as_bytes().get(i..).unwrap_or_default()) {
        return Some((3, None));
    }
    let c = text.get(i..).and_then(|r| r.chars().next())?;
    let n = c.len_utf8();
    if is_latin1_sign(c) {
        return Some((n, None));
    }
    // `lower_common` answers letters and `÷`, which is no letter; CJK
    // ideographs are letters without case (a test checks).
    let common = lower_common(c)
        .filter(|_| c != '\u{F7}')
        .or_else(|| ('\u{4E00}'..='\u{9FFF}').contains(&c).then_some(c));
    let letter = match common {
        Some(l) => Some(Letter::Common(l)),
        None if c.is_alphanumeric() => Some(Letter::Other(c)),
        None => None,
    };
    Some((n, letter))
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
        // Most lines repeat no other: a signature of each candidate's key
        // (of its first letters, see `signature`) rules them out, and only
        // the lines whose signature another line shares get a whole key,
        // compared as before. Equal keys have equal signatures, so no
        // repeat is missed. Dropping a line changes only that line's
        // verdict, so the candidates can all be chosen first.
        let mut sigs = Vec::new();
        let mut scratch = Vec::new();
        for (i, line) in doc.lines.iter().enumerate() {
            // A key has at most as many chars as the text has bytes: a short
            // line cannot reach MIN_KEY_CHARS, skip it.
            if !line.is_kept() {
                continue;
            }
            // Deref'd once: each deref of a text checks its range.
            let text: &str = &line.text;
            if text.len() < MIN_KEY_CHARS {
                continue;
            }
            let (sig, chars) = signature(text);
            // Fewer letters than MIN_KEY_CHARS: the whole line was read, and
            // only its key's length (with the spaces) tells.
            if chars < MIN_KEY_CHARS && key_len(text, &mut scratch) < MIN_KEY_CHARS {
                continue;
            }
            sigs.push((i, sig));
        }
        let shared = shared_signatures(&sigs);
        // Most lines that share a signature repeat a text exactly: a later
        // copy of a text repeats it (equal texts, equal keys) with no key
        // built. Of the other texts, only those whose signature another
        // text shares can have a key equal to another's.
        let mut repeats = Vec::new();
        let mut texts: HashSet<&str, RandomState> =
            HashSet::with_capacity_and_hasher(sigs.len(), RandomState::default());
        let mut distinct = Vec::new();
        let mut texts_of_sig: HashMap<u64, u32, RandomState> =
            HashMap::with_capacity_and_hasher(sigs.len(), RandomState::default());
        for (&(i, sig), _) in sigs.iter().zip(&shared).filter(|(_, &s)| s) {
            let Some(line) = doc.lines.get(i) else {
                continue;
            };
            if texts.insert(line.text.as_str()) {
                distinct.push((i, sig));
                *texts_of_sig.entry(sig).or_insert(0) += 1;
            } else {
                repeats.push(i);
            }
        }
        // The keys of those texts in one buffer (no allocation per line),
        // then compared.
        let mut buf = Vec::new();
        let mut keyed = Vec::new();
        for &(i, sig) in &distinct {
            if texts_of_sig.get(&sig).is_none_or(|&n| n < 2) {
                continue;
            }
            let Some(line) = doc.lines.get(i) else {
                continue;
            };
            let from = buf.len();
            key_into(&line.text, &mut buf);
            keyed.push((i, from, buf.len()));
        }
        let mut seen = HashSet::with_capacity_and_hasher(keyed.len(), RandomState::default());
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

/// Which of `sigs` share their signature with another: each looked up
/// once in an open-addressing table of first holders, the first holder
/// marked when a second comes. The signatures are sums of mixed parts
/// (their low byte a count): their upper bits index the table as they
/// are, with no hashing, and a probe is a compare of two numbers, several
/// times cheaper than a general map's.
fn shared_signatures(sigs: &[(usize, u64)]) -> Vec<bool> {
    // At most half full: short probe runs.
    let size = (sigs.len() * 2).next_power_of_two().max(16);
    let mask = size - 1;
    // A slot holds 1 + the index of its first holder; 0 is free (a table
    // of zeros comes zeroed from the allocator, with no fill).
    let mut slots = vec![0usize; size];
    let mut shared = vec![false; sigs.len()];
    for (k, &(_, sig)) in sigs.iter().enumerate() {
        let mut h = (sig >> 8) as usize & mask;
        // The table has free slots (at most half full): the probe ends.
        while let Some(slot) = slots.get_mut(h) {
            let Some(f) = slot.checked_sub(1) else {
                *slot = k + 1;
                break;
            };
            if sigs.get(f).is_some_and(|&(_, s)| s == sig) {
                for s in [f, k] {
                    if let Some(m) = shared.get_mut(s) {
                        *m = true;
                    }
                }
                break;
            }
            h = (h + 1) & mask;
        }
    }
    shared
}

/// How many chars [`key`] of `text` has: counted without building the key
/// for ASCII text (its words are its runs of letters and digits, one space
/// between two), built in `scratch` for other text.
fn key_len(text: &str, scratch: &mut Vec<u8>) -> usize {
    if !text.is_ascii() {
        scratch.clear();
        return key_into(text, scratch);
    }
    let (mut chars, mut runs, mut prev) = (0, 0, false);
    for &b in text.as_bytes() {
        let alnum = ALNUM_LOWER[usize::from(b)] != 0;
        chars += usize::from(alnum);
        runs += usize::from(alnum && !prev);
        prev = alnum;
    }
    chars + runs.saturating_sub(1)
}

/// Key chars (spaces left out) that a signature reads at most.
const SIG_CHARS: usize = 24;

/// A char's part of a signature: a 56-bit mix of the char above a 1 in the
/// low byte, so that a sum of parts counts its chars in its low byte.
const fn sig_part(c: u32) -> u64 {
    // splitmix64's finalizer: sums of such parts collide only by chance.
    let mut z = (c as u64).wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^= z >> 31;
    (z << 8) | 1
}

/// [`sig_part`] of the lowercase of each ASCII letter and digit; 0 for
/// every other byte (they add nothing to a key but a space).
const SIG_ASCII: [u64; 256] = {
    let mut t = [0u64; 256];
    let mut b = 0;
    while b < 0x80 {
        let l = ALNUM_LOWER[b];
        if l != 0 {
            t[b] = sig_part(l as u32);
        }
        b += 1;
    }
    t
};

/// The sum of [`sig_part`] of the first [`SIG_CHARS`] non-space chars of
/// [`key`] of `text`, and how many there are (all of them when fewer):
/// a function of the key, so equal keys have equal signatures, read from
/// the start of the text only. ASCII eight bytes at a time, a table
/// lookup per byte; other chars as `key_into` classes them.
fn signature(text: &str) -> (u64, usize) {
    let bytes = text.as_bytes();
    let mut acc = 0u64;
    let mut i = 0;
    // The low byte of `acc` counts the chars (never more than SIG_CHARS).
    let count = |acc: u64| (acc & 0xFF) as usize;
    loop {
        // Whole chunks while eight more chars cannot pass the limit.
        while count(acc) + 8 <= SIG_CHARS {
            let Some(chunk) = bytes
                .get(i..i + 8)
                .and_then(|c| <[u8; 8]>::try_from(c).ok())
            else {
                break;
            };
            if u64::from_le_bytes(chunk) & 0x8080_8080_8080_8080 != 0 {
                break;
            }
            for b in chunk {
                acc = acc.wrapping_add(SIG_ASCII[usize::from(b)]);
            }
            i += 8;
        }
        // Within eight chars of the limit, before a wide char or in the
        // last seven bytes: the ASCII bytes one by one in a tight loop
        // (a chunk tried again at each would fail until past them).
        while count(acc) < SIG_CHARS {
            let Some(&b) = bytes.get(i).filter(|&&b| b < 0x80) else {
                break;
            };
            acc = acc.wrapping_add(SIG_ASCII[usize::from(b)]);
            i += 1;
        }
        if count(acc) >= SIG_CHARS || i >= bytes.len() {
            break;
        }
        let Some((n, letter)) = wide_at(text, i) else {
            break;
        };
        i += n;
        match letter {
            Some(Letter::Common(l)) => acc = acc.wrapping_add(sig_part(l as u32)),
            Some(Letter::Other(c)) => {
                for l in c.to_lowercase() {
                    if count(acc) >= SIG_CHARS {
                        break;
                    }
                    acc = acc.wrapping_add(sig_part(l as u32));
                }
            }
            None => {}
        }
    }
    (acc, count(acc))
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

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        /// The table marks what the map it replaced marked: every
        /// signature another candidate shares (few values, many equal
        /// and many in one probe run).
        #[test]
        fn shared_signatures_as_the_map(
            raw in proptest::collection::vec((0u64..6, 0u64..4), 0..60),
        ) {
            let sigs: Vec<(usize, u64)> = raw
                .iter()
                .enumerate()
                .map(|(i, &(hi, lo))| (i, ((hi << 8) * 0x1_0000) | (hi << 8) | lo))
                .collect();
            let mut count = std::collections::HashMap::new();
            for &(_, s) in &sigs {
                *count.entry(s).or_insert(0) += 1;
            }
            let want: Vec<bool> = sigs.iter().map(|(_, s)| count[s] > 1).collect();
            proptest::prop_assert_eq!(shared_signatures(&sigs), want);
        }
    }

    /// [`signature`] as its definition reads: of the key itself.
    fn signature_of_key(text: &str) -> (u64, usize) {
        let k = key(text);
        let mut acc = 0u64;
        for c in k.chars().filter(|&c| c != ' ').take(SIG_CHARS) {
            acc = acc.wrapping_add(sig_part(c as u32));
        }
        (acc, k.chars().filter(|&c| c != ' ').count().min(SIG_CHARS))
    }

    fn lexicon() -> &'static crate::lexicon::Lexicon {
        static LEX: std::sync::OnceLock<crate::lexicon::Lexicon> = std::sync::OnceLock::new();
        LEX.get_or_init(|| crate::lexicon::Lexicon::build(&[]).expect("lexicon"))
    }

    /// The rule as it was before signatures: every candidate's whole key.
    fn repeats_by_keys(doc: &Document) -> Vec<usize> {
        let mut seen = std::collections::HashSet::new();
        let mut out = Vec::new();
        for (i, line) in doc.lines.iter().enumerate() {
            let k = key(&line.text);
            if k.chars().count() >= MIN_KEY_CHARS && !seen.insert(k) {
                out.push(i);
            }
        }
        out
    }

    #[test]
    fn signature_is_of_the_key() {
        for t in [
            "",
            "Only ASCII here, with punctuation: (a) [b] {c}!",
            "  Grüße, AUS Köln!! 2021 and a long tail of more words after it",
            "ΣΟΦΟΣ λόγος — İstanbul İİİİİİİİİİİİİİİİİİİİİİİİİİİİİİİİİİİİ",
            "7÷2 × 3 ÷x Straße İZMİR ÀÉÎ ЁЖИК ǅ",
            "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ",
            "abcdefghijklmnopqrstuvwxyz01234İİ",
            "“Quoted” – text — with\u{2009}thin\u{2028}spaces… and ‰ ⁇ ⁰ ⁱ ⁿ",
            "日本語のテキストと漢字、それから英語 words too, 12345",
        ] {
            assert_eq!(signature(t), signature_of_key(t), "{t:?}");
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        #[test]
        fn signature_is_of_the_key_on_any_text(
            t in "[a-zA-Z0-9 .,:;!?()'\"\\-]{0,80}|[a-zA-ZäöüÄÖÜßéÉİıΣσςЖж÷×«»©ª²µ¼ \u{2013}\u{2014}\u{201C}\u{2009}\u{4E00}\u{1E9E}\u{130}0-9.,!-]{0,60}|\\PC{0,50}"
        ) {
            proptest::prop_assert_eq!(signature(&t), signature_of_key(&t));
            proptest::prop_assert_eq!(key_len(&t, &mut Vec::new()), key(&t).chars().count());
        }

        #[test]
        fn same_repeats_as_whole_keys(
            lines in proptest::collection::vec(
                "[aAbB ,.\\-]{0,24}|[aAäÄ İi,.]{10,30}|(Same Title Here|same title, here!|SAME TITLE HERE)", 0..30)
        ) {
            let doc = Document::from_text(&lines.join("\n"));
            let want = repeats_by_keys(&doc);
            let mut after = doc.clone();
            Duplicate.apply(&mut after, &Context::new(lexicon(), &doc));
            let got: Vec<usize> = after.lines.iter().enumerate().filter(|(_, l)| !l.is_kept()).map(|(i, _)| i).collect();
            proptest::prop_assert_eq!(got, want);
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
