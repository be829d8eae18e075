//! Learning chrome from the whole dump: a line that appears in many
//! documents of the same site is site furniture (menus, footers, cookie
//! banners, newsletter boxes), whatever language it is in.
//!
//! This module is pure. It holds
//! - the line key: the line normalized (lowercase, every run of digits
//!   folded to `0`, whitespace collapsed) and hashed by [`key_hash`]
//!   (runs of plain ASCII eight bytes a multiply, other bytes FNV-1a, a
//!   final mix), which is stable across runs, machines and Rust versions
//!   (std's hasher is not), so saved statistics stay valid; changing it
//!   changes the stats file's version;
//! - [`Stats`]: per site, the number of documents and, per key, in how many
//!   of them it appears (once per document however often it repeats);
//!   stats merge by addition, so a dump split across machines learns as one;
//! - the compact versioned binary form of [`Stats`] (`stats.bin`);
//! - the [`Corpus`] rule that drops a kept line whose key is frequent in its
//!   site.
//!
//! Counting the files (a first pass over the run, in parallel) lives in
//! `io/`; the rule only reads the counts through [`Context::corpus`].
//!
//! On the command line (`io/` and `main.rs` do the passes):
//! - `dechaff clean DIR -o OUT` counts first, then cleans: the counting pass
//!   repairs every file (`Cleaner::fix`), counts its lines per site in
//!   parallel (the counts add up, so any `-j` gives the same result), and
//!   keeps the repaired texts for the cleaning pass when the run is at most
//!   256 MiB. Fewer than three input files: no counting, the rule is idle,
//!   so a lone document is never touched.
//! - `--site-from parent` (the default) makes each folder a site, which is
//!   right for dumps stored one folder per site and, for a dump in a single
//!   folder, the same as `--site-from none` (the whole run is one site).
//! - `--min-docs N` (default 5, at least 3) and `--min-share S` (default
//!   0.005) set the thresholds: a line is chrome from N documents of its
//!   site and from that share of them, whichever is more. The share makes
//!   the bar grow with the site: among 1,000 documents 5 copies of a short
//!   line are telling, among a million mixed ones many short body lines
//!   (`Zutaten`, `2 Eier`) repeat 5 times. On the development set (990
//!   pages in one folder) 5 documents, that is 0.5%, lost no article text.
//!   `--no-corpus` or `--disable corpus` skip the pass and the rule.
//! - `dechaff learn INPUT... -o stats.bin` writes the counts,
//!   `dechaff learn --merge a.bin b.bin -o all.bin` adds them up (bytes equal
//!   to learning everything at once), and `dechaff clean --stats all.bin`
//!   uses them *instead of* counting the run's own files: learn a dump in
//!   parts, merge, then clean each part with the whole dump's counts. The
//!   file records its `--site-from`; a run grouped otherwise is refused.
//!
//! Guards against losing article text:
//! - a line is never dropped when it appears in fewer than [`MIN_DOCS_FLOOR`]
//!   documents, whatever the options say;
//! - a long line that ends like a sentence needs [`LONG_FACTOR`] times the
//!   usual count: a quotation or a stock sentence repeated in a handful of
//!   articles is text, while real boilerplate sentences (cookie notices,
//!   legal footers) repeat on most pages of a site;
//! - a line without letters (`|---|---|`, `*`, `42`) is left alone: digit
//!   folding makes every number one key, and table rules are structure;
//! - a frequent line with prose of the document (long rare sentences) right
//!   before and after it is a subheading of the body (`Fazit`, `Methods`),
//!   and stays;
//! - when the document itself is duplicated in the site (the same article
//!   under several URLs), its own sentences are frequent too; the count
//!   of its long sentences tells how often, and a line must then be
//!   more than twice as frequent as that to count as chrome. Otherwise the
//!   subheadings of every duplicated article would go. (The lower quartile
//!   rather than the median, so that boilerplate sentences on the page do
//!   not switch the rule off; at least three long sentences are needed.)
//! - a headline followed by the document's prose, found in fewer than half
//!   the site's documents, is this document's title (and a teaser on the
//!   pages that link to it), and stays.
//!
//! Known limits: a site's recurring body lines that are none of the above
//! (recipe ingredients such as `1 Prise Salz`, a fixed list heading such
//! as `Zutaten`) are dropped like chrome once they pass the thresholds; a
//! larger `--min-share` spares them on big sites. Within one site, nothing
//! tells a duplicated short document from chrome.

use super::{ends_sentence, is_headline, Context, Rule};
use crate::chrome::layout::is_wide;
use crate::document::{lower_common, lowercase_is_itself, Document, LineScan, ScannedLine};
use crate::script::Counts;
use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasherDefault, Hasher};

/// Below this many documents a line is never dropped, whatever the options.
pub const MIN_DOCS_FLOOR: u32 = 3;
/// A long sentence-like line needs this many times the usual count.
pub const LONG_FACTOR: u32 = 4;
/// A line is long (sentence-like, if it also ends like a sentence) from
/// this many words.
pub const LONG_WORDS: usize = 10;
/// Long sentences a document needs before its own repetition is measured.
const MIN_OWN_SENTENCES: usize = 3;

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

fn fnv(mut h: u64, bytes: &[u8]) -> u64 {
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(FNV_PRIME);
    }
    h
}

/// Feeds the normalized form of `line` to `out`, char by char: lowercase,
/// each run of digits as one `0`, each run of whitespace as one space, no
/// leading or trailing space.
fn normalize_into(line: &str, mut out: impl FnMut(char)) {
    let mut pending_space = false;
    let mut in_digits = false;
    let mut started = false;
    for c in line.chars() {
        if c.is_whitespace() {
            pending_space = started;
            in_digits = false;
            continue;
        }
        if pending_space {
            out(' ');
            pending_space = false;
        }
        started = true;
        if c.is_numeric() {
            if !in_digits {
                out('0');
            }
            in_digits = true;
            continue;
        }
        in_digits = false;
        if c.is_ascii() {
            out(c.to_ascii_lowercase());
        } else {
            c.to_lowercase().for_each(&mut out);
        }
    }
}

/// The normalized line, as hashed by [`key`] (for tests and debugging).
pub fn normalize(line: &str) -> String {
    let mut s = String::with_capacity(line.len());
    normalize_into(line, |c| s.push(c));
    s
}

/// ASCII bytes that are neither whitespace (as `char::is_whitespace`) nor
/// digits: hashed as their lowercase, with no state change between them.
/// Each maps to its lowercase, every other byte to 0 (one load tells both).
const PLAIN_LOWER: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 0x80 {
        if !matches!(b as u8, b' ' | b'\t'..=b'\r' | b'0'..=b'9') {
            t[b] = (b as u8).to_ascii_lowercase();
        }
        b += 1;
    }
    t
};

/// How many bytes of `m` have their high bit set (`m` has no other bits).
#[inline(always)]
fn count_high_bits(m: u64) -> usize {
    ((m >> 7).wrapping_mul(LO) >> 56) as usize
}

/// The line key's hash of the normalized bytes. A run of plain bytes
/// (ASCII, neither digit nor whitespace) with single spaces inside it is
/// most of a line: after its first byte, its bytes go in 8-byte
/// little-endian words (the last one zero-padded, which is unambiguous:
/// a run holds no zero byte), one multiply a word. Every other byte (the
/// first of a run, a digit run's `0`, a space next to something that is
/// not plain, the bytes of other chars) is an FNV-1a step. Then a strong
/// final mix. The walk feeds it in pieces of any size, and the value
/// depends only on the normalized bytes ([`key_hash`] is the reference);
/// the runs start word-aligned, so their words fold straight in.
#[derive(Clone, Copy)]
struct KeyHash {
    h: u64,
    /// The bytes of the run's word being filled, low byte first.
    acc: u64,
    /// How many bits of `acc` are filled: 0 to 56.
    bits: u32,
}

const KEY_SEED: u64 = 0x243f_6a88_85a3_08d3;
/// Odd (the fold is then a bijection of the word for a given state).
const KEY_MUL: u64 = 0x9e37_79b9_7f4a_7c15;

/// One word into the state: a bijection of `w` for a given `h` and of `h`
/// for a given `w`; the rotation brings the well-mixed high bits down.
#[inline(always)]
fn fold(h: u64, w: u64) -> u64 {
    (h ^ w).wrapping_mul(KEY_MUL).rotate_left(29)
}

/// MurmurHash3's 64-bit finalizer: every bit of the input moves every
/// bit of the key (the count maps use the key's bits as they are).
#[inline(always)]
fn fmix64(mut k: u64) -> u64 {
    k ^= k >> 33;
    k = k.wrapping_mul(0xff51_afd7_ed55_8ccd);
    k ^= k >> 33;
    k = k.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    k ^ (k >> 33)
}

impl KeyHash {
    #[inline(always)]
    fn new() -> KeyHash {
        KeyHash {
            h: KEY_SEED,
            acc: 0,
            bits: 0,
        }
    }

    /// Feeds the `bits / 8` low bytes of `v` (0 to 64 bits; the bytes
    /// above them must be zero) to the run's words, low byte first.
    #[inline(always)]
    fn push(&mut self, v: u64, bits: u32) {
        self.acc |= v << self.bits;
        let total = self.bits + bits;
        if total >= 64 {
            self.h = fold(self.h, self.acc);
            // The bytes of `v` that did not fit (none when all did; in two
            // shifts, as `self.bits` may be 0).
            self.acc = (v >> 1) >> (63 - self.bits);
            self.bits = total - 64;
        } else {
            self.bits = total;
        }
    }

    /// [`KeyHash::push`] of one byte.
    #[inline(always)]
    fn run_byte(&mut self, b: u8) {
        self.push(u64::from(b), 8);
    }

    /// A byte outside the runs' words: the last word is complete.
    #[inline(always)]
    fn byte(&mut self, b: u8) {
        if self.bits != 0 {
            self.h = fold(self.h, self.acc);
            self.acc = 0;
            self.bits = 0;
        }
        self.h = (self.h ^ u64::from(b)).wrapping_mul(FNV_PRIME);
    }

    /// [`KeyHash::byte`] of each byte.
    #[inline(always)]
    fn bytes(&mut self, b: &[u8]) {
        for &b in b {
            self.byte(b);
        }
    }

    #[inline(always)]
    fn finish(mut self) -> u64 {
        if self.bits != 0 {
            self.h = fold(self.h, self.acc);
        }
        fmix64(self.h)
    }
}

/// The hash [`KeyHash`] computes of the normalized bytes `n`, written
/// plainly: a byte is in a run's words when it is plain and follows a
/// plain byte (or a space after one), or is a space between two plain
/// bytes.
pub fn key_hash(n: &[u8]) -> u64 {
    let plain = |k: Option<usize>| {
        k.and_then(|k| n.get(k))
            .is_some_and(|&c| c < 0x80 && PLAIN_LOWER[usize::from(c)] != 0)
    };
    let mut h = KeyHash::new();
    for (k, &c) in n.iter().enumerate() {
        let before = k.checked_sub(1);
        let in_words = if plain(Some(k)) {
            plain(before)
                || (before.and_then(|b| n.get(b)) == Some(&b' ') && plain(k.checked_sub(2)))
        } else {
            c == b' ' && plain(before) && plain(Some(k + 1))
        };
        if in_words {
            h.run_byte(c);
        } else {
            h.byte(c);
        }
    }
    h.finish()
}

const LO: u64 = 0x0101_0101_0101_0101;
const HI: u64 = 0x8080_8080_8080_8080;

/// The high bit of each byte of `v` (eight bytes, each below 0x80) that is
/// at least `k`: adding `0x80 - k` sets it exactly then, with no carry
/// into the next byte.
#[inline(always)]
fn at_least(v: u64, k: u8) -> u64 {
    v.wrapping_add(LO * u64::from(0x80 - k)) & HI
}

/// For the eight bytes `x` that follow a plain byte: the high bit of each
/// byte where a plain run stops (one that is not plain ASCII: non-ASCII,
/// control, whitespace or digit; but a space before a plain byte of `x`
/// goes on), the bytes lowercased (up to the first stop), and the high bit
/// of each space. A space last is left to the caller: it needs the next
/// byte.
#[inline(always)]
fn chunk_stops(x: u64) -> (u64, u64, u64) {
    // The range tests are carry-free on the low seven bits; the high
    // bits stop by themselves.
    let hi = x & HI;
    let a = x & !HI;
    // With 0x10 flipped, the bytes below `!` but the space and the digits
    // are the ones below 0x2A, and the space is 0x30.
    let y = a ^ (LO * 0x10);
    let not_plain = hi | (!at_least(y, 0x2A) & HI);
    let space = (at_least(y, 0x30) ^ at_least(y, 0x31)) & !hi;
    let stops = not_plain | (space & ((not_plain | space) >> 8));
    // The high bit of each capital, moved to 0x20.
    let upper = at_least(a, b'A') ^ at_least(a, b'Z' + 1);
    (stops, x | (upper >> 2), space)
}

/// Hashes the plain run that goes on at `i` (the byte before it is plain):
/// ASCII bytes that are neither digits nor whitespace (lowercased), and
/// single spaces between them, eight bytes at a time, into the run's
/// words. Returns the index after the run (its last byte is plain); adds
/// to `words` the spaces in it (a word follows each).
#[inline(always)]
fn plain_run<const SCAN: bool, const ALIGNED: bool>(
    bytes: &[u8],
    i: usize,
    h: &mut KeyHash,
    words: &mut usize,
) -> usize {
    // With `ALIGNED` (no bytes of a word pending, as at the start of most
    // runs), each chunk is a word: the state stays in a register.
    let mut state = h.h;
    let mut spaces = 0;
    let mut rest = bytes.get(i..).unwrap_or_default();
    loop {
        let (x, tail) = match rest.split_first_chunk::<8>() {
            Some((c, tail)) => (u64::from_le_bytes(*c), tail),
            None => {
                // The end of the text: zeros after it stop the run.
                let mut c = [0u8; 8];
                for (d, &s) in c.iter_mut().zip(rest) {
                    *d = s;
                }
                (u64::from_le_bytes(c), &[][..])
            }
        };
        let (mut stops, low, space) = chunk_stops(x);
        // A space last needs a plain byte after it.
        if space >> 63 != 0
            && tail
                .first()
                .is_none_or(|&n| PLAIN_LOWER[usize::from(n)] <= b' ')
        {
            stops |= 1 << 63;
        }
        if stops == 0 {
            if SCAN {
                spaces += count_high_bits(space);
            }
            if ALIGNED {
                state = fold(state, low);
            } else {
                h.push(low, 64);
            }
            rest = tail;
            continue;
        }
        // The run ends before the first stop.
        let n = stops.trailing_zeros() / 8;
        // n < 8: a stop was found.
        let before = (1u64 << (n * 8)) - 1;
        if SCAN {
            spaces += count_high_bits(space & before);
            *words += spaces;
        }
        if ALIGNED {
            *h = KeyHash {
                h: state,
                acc: low & before,
                bits: n * 8,
            };
        } else {
            h.push(low & before, n * 8);
        }
        return bytes.len() - rest.len() + n as usize;
    }
}

/// The stable 64-bit key of a line: [`key_hash`] of the UTF-8 of
/// [`normalize`], without building the string. `None` for a blank line.
pub fn key(line: &str) -> Option<u64> {
    key_from::<false, false>(line, 0, &mut Walked::default(), &mut Counts::default()).0
}

/// What the walk of one line found besides its key (with `SCAN`): what
/// `Document::from_string` counts of a line.
#[derive(Default, Debug, PartialEq)]
struct Walked {
    /// Byte range of the trimmed line.
    first: usize,
    end: usize,
    words: usize,
    /// The line's length in bytes less its weight (`layout::weight`).
    excess: usize,
    /// The same of the whitespace since the last char that is not: it
    /// counts once a char that is not whitespace follows.
    pending_excess: usize,
    digit: bool,
    changed: bool,
}

impl Walked {
    /// A char that is not whitespace starts at `i`: a word when it is the
    /// line's first or follows whitespace.
    #[inline(always)]
    fn visible(&mut self, i: usize, started: bool, after_space: bool) {
        if !started {
            self.first = i;
            self.words += 1;
        } else if after_space {
            self.words += 1;
            self.excess += self.pending_excess;
            self.pending_excess = 0;
        }
    }
}

/// The char that starts at `i` in `bytes` (UTF-8) and its length.
#[inline(always)]
fn char_at(bytes: &[u8], i: usize) -> Option<(char, usize)> {
    let b = *bytes.get(i)?;
    let cont = |k: usize| bytes.get(i + k).map(|&c| u32::from(c & 0x3F));
    let (u, len) = match b {
        0..=0x7F => (u32::from(b), 1),
        0xC0..=0xDF => ((u32::from(b & 0x1F) << 6) | cont(1)?, 2),
        0xE0..=0xEF => ((u32::from(b & 0x0F) << 12) | (cont(1)? << 6) | cont(2)?, 3),
        _ => (
            (u32::from(b & 0x07) << 18) | (cont(1)? << 12) | (cont(2)? << 6) | cont(3)?,
            4,
        ),
    };
    Some((char::from_u32(u)?, len))
}

/// What the walk asks of a char that is not ASCII: whether it is
/// whitespace, whether it is numeric (as `char::is_whitespace` and
/// `char::is_numeric`), and, for the signs of Latin-1, General Punctuation
/// and the CJK ideographs (common in any text), whether it is a letter
/// (else no script counts it); these are their own lowercase. All without
/// the Unicode tables for them (a test compares every char).
#[inline(always)]
fn wide_props(c: char) -> (bool, bool, Option<bool>) {
    match c as u32 {
        0x80..=0xBF | 0xD7 => (
            matches!(c, '\u{85}' | '\u{A0}'),
            matches!(c, '²' | '³' | '¹' | '¼' | '½' | '¾'),
            Some(matches!(c, 'ª' | 'µ' | 'º')),
        ),
        0x2000..=0x206F => (
            matches!(
                c as u32,
                0x2000..=0x200A | 0x2028 | 0x2029 | 0x202F | 0x205F
            ),
            false,
            Some(false),
        ),
        0x4E00..=0x9FFF => (false, false, Some(true)),
        _ => (c.is_whitespace(), c.is_numeric(), None),
    }
}

/// [`key`] of `text[start..]`; with `LINES`, of the line that starts there
/// (up to the next `\n`), and the index after that `\n` (`None`: the text
/// ended first).
#[inline(always)]
fn key_from<const LINES: bool, const SCAN: bool>(
    text: &str,
    start: usize,
    w: &mut Walked,
    letters: &mut Counts,
) -> (Option<u64>, Option<usize>) {
    let bytes = text.as_bytes();
    let mut h = KeyHash::new();
    let mut pending_space = false;
    let mut in_digits = false;
    let mut started = false;
    // The last normalized byte is plain: a run goes on in the same words.
    let mut prev_plain = false;
    let mut i = start;
    // The same steps as `normalize_into`, which a test checks: runs of
    // plain ASCII eight bytes at a time, digit runs at once, accented
    // Latin-1 letters from their bytes, other chars one by one.
    while let Some(&b) = bytes.get(i) {
        let l = PLAIN_LOWER[usize::from(b)];
        if l != 0 {
            if SCAN {
                w.visible(i, started, pending_space);
            }
            if prev_plain {
                if pending_space {
                    h.run_byte(b' ');
                }
                h.run_byte(l);
            } else {
                if pending_space {
                    h.byte(b' ');
                }
                h.byte(l);
            }
            pending_space = false;
            prev_plain = true;
            started = true;
            in_digits = false;
            i = if h.bits == 0 {
                plain_run::<SCAN, true>(bytes, i + 1, &mut h, &mut w.words)
            } else {
                plain_run::<SCAN, false>(bytes, i + 1, &mut h, &mut w.words)
            };
            if SCAN {
                // A run ends with a plain byte.
                w.end = i;
            }
            continue;
        }
        if b < 0x80 {
            if LINES && b == b'\n' {
                return (started.then(|| h.finish()), Some(i + 1));
            }
            // char::is_whitespace in ASCII: space and \t \n \x0b \x0c \r.
            if matches!(b, b' ' | b'\t'..=b'\r') {
                pending_space = started;
                in_digits = false;
                i += 1;
                continue;
            }
            // A digit or NUL.
            if SCAN {
                w.visible(i, started, pending_space);
            }
            if pending_space {
                h.byte(b' ');
                pending_space = false;
            }
            started = true;
            prev_plain = false;
            if b == 0 {
                in_digits = false;
                h.byte(0);
                i += 1;
            } else {
                if !in_digits {
                    h.byte(b'0');
                }
                in_digits = true;
                // The whole run of ASCII digits.
                i += 1;
                while bytes.get(i).is_some_and(u8::is_ascii_digit) {
                    i += 1;
                }
                if SCAN {
                    w.digit = true;
                }
            }
            if SCAN {
                w.end = i;
            }
            continue;
        }
        // À-ÿ but ×: two bytes, 0xC3 then 0x80..=0xBF; the capitals (but ß,
        // 0x9F) lowercase to the same with 0x20 set.
        if b == 0xC3 {
            if let Some(&s) = bytes.get(i + 1) {
                if s & 0xC0 == 0x80 && s != 0x97 {
                    let l = if s == 0x9F { s } else { s | 0x20 };
                    if SCAN {
                        w.visible(i, started, pending_space);
                        w.end = i + 2;
                        w.excess += 1;
                        w.changed |= l != s;
                        // Latin letters but `÷`.
                        if s != 0xB7 {
                            letters.add_latin(1);
                        }
                    }
                    if pending_space {
                        h.byte(b' ');
                        pending_space = false;
                    }
                    started = true;
                    prev_plain = false;
                    in_digits = false;
                    h.byte(0xC3);
                    h.byte(l);
                    i += 2;
                    continue;
                }
            }
        }
        let Some((c, len)) = char_at(bytes, i) else {
            break;
        };
        // Accented Latin and Cyrillic letters: no property lookups.
        if let Some(l) = lower_common(c) {
            if SCAN {
                w.visible(i, started, pending_space);
                w.end = i + len;
                w.excess += len - 1;
                w.changed |= l != c;
                // Below U+100 a Latin letter but `÷` (as
                // `script::of_char`).
                if (c as u32) < 0x100 && c != '\u{F7}' {
                    letters.add_latin(1);
                } else {
                    letters.add_char(c);
                }
            }
            if pending_space {
                h.byte(b' ');
                pending_space = false;
            }
            started = true;
            prev_plain = false;
            in_digits = false;
            let mut buf = [0u8; 4];
            h.bytes(l.encode_utf8(&mut buf).as_bytes());
            i += len;
            continue;
        }
        // `known`: the lowercase is the char itself, and whether it is a
        // letter.
        let (ws, digit, known) = wide_props(c);
        if SCAN {
            match known {
                Some(false) => {}
                Some(true) => letters.add_char(c),
                None => {
                    letters.add_char(c);
                    w.changed |= !lowercase_is_itself(c);
                }
            }
        }
        if ws {
            if SCAN && started {
                // No whitespace is wide: it weighs one.
                w.pending_excess += len - 1;
            }
            pending_space = started;
            in_digits = false;
            i += len;
            continue;
        }
        if SCAN {
            w.visible(i, started, pending_space);
            w.end = i + len;
            w.excess += len.saturating_sub(if is_wide(c) { 3 } else { 1 });
        }
        if pending_space {
            h.byte(b' ');
            pending_space = false;
        }
        started = true;
        prev_plain = false;
        if digit {
            if !in_digits {
                h.byte(b'0');
            }
            in_digits = true;
        } else {
            in_digits = false;
            if known.is_some() {
                // The char's own bytes.
                h.bytes(bytes.get(i..i + len).unwrap_or_default());
            } else {
                let mut buf = [0u8; 4];
                for l in c.to_lowercase() {
                    h.bytes(l.encode_utf8(&mut buf).as_bytes());
                }
            }
        }
        i += len;
    }
    (started.then(|| h.finish()), None)
}

/// The keys of a repaired text's non-blank lines, in order: the keys of the
/// lines of `Document::from_text(text)`, one for one (both skip the lines
/// that are blank once trimmed, and a key ignores the spaces a trim removes).
/// One walk over the text: the line ends are found by the walk that hashes.
pub fn line_keys(text: &str) -> Vec<u64> {
    let mut keys = Vec::new();
    let mut start = 0;
    loop {
        let (k, next) =
            key_from::<true, false>(text, start, &mut Walked::default(), &mut Counts::default());
        keys.extend(k);
        let Some(next) = next else {
            break;
        };
        start = next;
    }
    keys
}

/// [`line_keys`], and what `Document::from_string` would find of the
/// lines (their ranges, numbers, blocks, words, weights, digits, letters),
/// found by the same walk: the cleaning pass then builds the document
/// without looking at every byte again (`Document::from_scanned`). A text
/// of 4 GiB or more gets no scan (its ranges would not fit the scan's
/// 32-bit fields): its document is built from the text.
pub fn line_keys_scan(text: &str) -> (Vec<u64>, Option<LineScan>) {
    if u32::try_from(text.len()).map_or(true, |n| n == u32::MAX) {
        return (line_keys(text), None);
    }
    // Room for every line up front: a count of `\n` costs far less than
    // regrowing (copying, and faulting in twice) these vectors.
    let room = memchr::memchr_iter(b'\n', text.as_bytes()).count() + 1;
    let mut keys = Vec::with_capacity(room);
    let mut lines = Vec::with_capacity(room);
    let mut letters = Counts::default();
    let mut start = 0;
    let mut number: u32 = 0;
    let mut block: u32 = 0;
    let mut in_block = false;
    // Below u32::MAX: the text is shorter (checked above), and so is
    // every offset, count and line number in it: `as` loses nothing
    // (and costs no saturating test a field, a line).
    let narrow = |n: usize| n as u32;
    loop {
        number += 1;
        let mut w = Walked::default();
        let (k, next) = key_from::<true, true>(text, start, &mut w, &mut letters);
        match k {
            Some(k) => {
                keys.push(k);
                in_block = true;
                lines.push(ScannedLine {
                    start: narrow(w.first),
                    end: narrow(w.end),
                    number,
                    block,
                    n_words: narrow(w.words),
                    weight: narrow((w.end - w.first).saturating_sub(w.excess)),
                    digit: w.digit,
                    changed: w.changed,
                });
            }
            // A blank line ends a block (as in `Document::from_string`).
            None if in_block => {
                block += 1;
                in_block = false;
            }
            None => {}
        }
        let Some(next) = next else {
            break;
        };
        start = next;
    }
    let scan = LineScan {
        text_len: text.len(),
        lines,
        letters,
    };
    (keys, Some(scan))
}

/// Keys are already hashes: use them as they are.
#[derive(Default, Clone, Copy)]
pub struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        self.0 = fnv(self.0, bytes);
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// A key's count, and the document that counted it last.
#[derive(Clone, Copy, Debug, Default)]
struct Count {
    /// In how many documents the key appears.
    docs: u32,
    /// [`SiteStats::stamp`] of the last document that counted it (0:
    /// none of the documents counted since the stamps were last reset).
    last: u32,
}

// Same size as the `(u64, u32)` entries of a plain count map: the stamp
// sits in what was padding.
type KeyMap = HashMap<u64, Count, BuildHasherDefault<IdHasher>>;

/// How documents are grouped into sites. Saved in the stats file, because
/// counts grouped one way mean nothing to a run grouped another way.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SiteFrom {
    /// The whole run is one site.
    None,
    /// The name of the folder a file is in.
    #[default]
    Parent,
    /// JSON Lines: the host of a record's `url` field, without `www.`.
    Url,
    /// JSON Lines: the value of a record's field (`--site-field`).
    Field,
}

impl SiteFrom {
    pub fn name(self) -> &'static str {
        match self {
            SiteFrom::None => "none",
            SiteFrom::Parent => "parent",
            SiteFrom::Url => "url",
            SiteFrom::Field => "field",
        }
    }
    fn code(self) -> u8 {
        match self {
            SiteFrom::None => 0,
            SiteFrom::Parent => 1,
            SiteFrom::Url => 2,
            SiteFrom::Field => 3,
        }
    }
    fn from_code(c: u8) -> Option<SiteFrom> {
        match c {
            0 => Some(SiteFrom::None),
            1 => Some(SiteFrom::Parent),
            2 => Some(SiteFrom::Url),
            3 => Some(SiteFrom::Field),
            _ => None,
        }
    }
}

impl std::str::FromStr for SiteFrom {
    type Err = String;
    fn from_str(s: &str) -> Result<SiteFrom, String> {
        match s {
            "none" => Ok(SiteFrom::None),
            "parent" => Ok(SiteFrom::Parent),
            "url" => Ok(SiteFrom::Url),
            // `field` needs the field's name: --site-field NAME sets it.
            _ => Err(format!(
                "unknown site grouping `{s}` (known: parent, none, url; or --site-field NAME)"
            )),
        }
    }
}

/// The counts of one site.
#[derive(Clone, Debug, Default)]
pub struct SiteStats {
    /// Documents counted.
    pub docs: u64,
    counts: KeyMap,
    /// Stamp of the last document counted (see [`SiteStats::add_keys`]):
    /// not part of the counts.
    stamp: u32,
}

/// Equal counts, whatever the stamps.
impl PartialEq for SiteStats {
    fn eq(&self, other: &SiteStats) -> bool {
        self.docs == other.docs
            && self.counts.len() == other.counts.len()
            && self
                .counts
                .iter()
                .all(|(k, c)| other.counts.get(k).map(|o| o.docs) == Some(c.docs))
    }
}

impl Eq for SiteStats {}

impl SiteStats {
    /// In how many documents the key appears.
    pub fn docs_with(&self, key: u64) -> u32 {
        self.counts.get(&key).map_or(0, |c| c.docs)
    }

    /// Number of distinct keys.
    pub fn keys(&self) -> usize {
        self.counts.len()
    }

    /// Counts one document: each distinct key once.
    pub fn add_doc<'l>(&mut self, lines: impl IntoIterator<Item = &'l str>) {
        let keys: Vec<u64> = lines.into_iter().filter_map(key).collect();
        self.add_keys(&keys);
    }

    /// Counts one document given the keys of its lines (any order, repeats
    /// allowed). Each key is looked up once, in the order given: a key
    /// already stamped with this document's stamp is a repeat, so the keys
    /// need no sorting to count once per document.
    pub fn add_keys(&mut self, keys: &[u64]) {
        self.docs += 1;
        self.stamp = self.stamp.wrapping_add(1);
        if self.stamp == 0 {
            // After 2^32 documents: no old stamp may equal a new one.
            for c in self.counts.values_mut() {
                c.last = 0;
            }
            self.stamp = 1;
        }
        // Room for a new document's keys at once, not by doublings.
        self.counts.reserve(keys.len());
        for &k in keys {
            let c = self.counts.entry(k).or_default();
            if c.last != self.stamp {
                c.last = self.stamp;
                c.docs = c.docs.saturating_add(1);
            }
        }
    }

    fn merge(&mut self, other: SiteStats) {
        self.docs = self.docs.saturating_add(other.docs);
        // Both maps' stamps are at most their own `stamp`: the next document
        // counted here gets a stamp above all of them.
        self.stamp = self.stamp.max(other.stamp);
        if self.counts.len() < other.counts.len() {
            // Add the smaller map into the larger one.
            let mine = std::mem::replace(&mut self.counts, other.counts);
            for (k, n) in mine {
                let e = self.counts.entry(k).or_default();
                e.docs = e.docs.saturating_add(n.docs);
            }
        } else {
            for (k, n) in other.counts {
                let e = self.counts.entry(k).or_default();
                e.docs = e.docs.saturating_add(n.docs);
            }
        }
    }
}

/// Per site, in how many documents each line key appears.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    pub site_from: SiteFrom,
    /// Keys in fewer documents than this were dropped ([`Stats::prune`]);
    /// 0 when complete. Pruned counts clean the same (below the floor)
    /// but cannot be merged: the dropped counts would be missing.
    pub pruned_below: u8,
    sites: BTreeMap<String, SiteStats>,
}

impl Stats {
    pub fn new(site_from: SiteFrom) -> Stats {
        Stats {
            site_from,
            pruned_below: 0,
            sites: BTreeMap::new(),
        }
    }

    /// Counts one document of `site` (its non-blank lines).
    pub fn add_doc<'l>(&mut self, site: &str, lines: impl IntoIterator<Item = &'l str>) {
        let keys: Vec<u64> = lines.into_iter().filter_map(key).collect();
        self.add_keys(site, &keys);
    }

    /// Counts one document of `site` given the keys of its lines.
    pub fn add_keys(&mut self, site: &str, keys: &[u64]) {
        if !self.sites.contains_key(site) {
            self.sites.insert(site.to_string(), SiteStats::default());
        }
        if let Some(s) = self.sites.get_mut(site) {
            s.add_keys(keys);
        }
    }

    pub fn site(&self, name: &str) -> Option<&SiteStats> {
        self.sites.get(name)
    }

    /// Sites with their counts, by name.
    pub fn sites(&self) -> impl Iterator<Item = (&str, &SiteStats)> {
        self.sites.iter().map(|(k, v)| (k.as_str(), v))
    }

    /// Total documents over all sites.
    pub fn docs(&self) -> u64 {
        self.sites.values().map(|s| s.docs).sum()
    }

    /// Adds `other`'s counts (order does not matter). Fails when the two
    /// were grouped into sites differently.
    pub fn merge(&mut self, other: Stats) -> Result<(), String> {
        if self.pruned_below > 0 || other.pruned_below > 0 {
            return Err(
                "cannot merge pruned stats (the counts of rare lines were dropped): merge the files learned without --prune, then prune"
                    .to_string(),
            );
        }
        if self.site_from != other.site_from {
            return Err(format!(
                "cannot merge stats grouped by `--site-from {}` with stats grouped by `--site-from {}`",
                self.site_from.name(),
                other.site_from.name()
            ));
        }
        for (name, s) in other.sites {
            match self.sites.get_mut(&name) {
                Some(mine) => mine.merge(s),
                None => {
                    self.sites.insert(name, s);
                }
            }
        }
        Ok(())
    }

    /// Drops the keys found in fewer than `min` documents: a smaller file to
    /// ship to the machines that clean. Below [`MIN_DOCS_FLOOR`] this never
    /// changes what the rule drops.
    pub fn prune(&mut self, min: u8) {
        if min <= 1 {
            return;
        }
        for s in self.sites.values_mut() {
            s.counts.retain(|_, n| n.docs >= u32::from(min));
        }
        self.pruned_below = self.pruned_below.max(min);
    }

    /// The `stats.bin` form. Deterministic: the same counts give the same
    /// bytes, however they were gathered.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(HEADER_LEN + 64);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&VERSION.to_le_bytes());
        out.extend_from_slice(&[self.site_from.code(), self.pruned_below, 0, 0]);
        put_varint(&mut out, self.sites.len() as u64);
        for (name, s) in &self.sites {
            put_varint(&mut out, name.len() as u64);
            out.extend_from_slice(name.as_bytes());
            put_varint(&mut out, s.docs);
            let mut entries: Vec<(u64, u32)> = s.counts.iter().map(|(&k, n)| (k, n.docs)).collect();
            entries.sort_unstable();
            put_varint(&mut out, entries.len() as u64);
            // Sorted keys as deltas: smaller numbers, shorter varints.
            let mut prev = 0u64;
            for (k, n) in entries {
                put_varint(&mut out, k - prev);
                put_varint(&mut out, u64::from(n));
                prev = k;
            }
        }
        let sum = fnv(FNV_OFFSET, &out);
        out.extend_from_slice(&sum.to_le_bytes());
        out
    }

    /// Reads the `stats.bin` form; any damage is an error, never a panic.
    pub fn from_bytes(bytes: &[u8]) -> Result<Stats, StatsError> {
        if bytes.len() < MAGIC.len() || &bytes[..MAGIC.len()] != MAGIC {
            return Err(StatsError::NotStats);
        }
        if bytes.len() < HEADER_LEN + 8 {
            return Err(StatsError::Truncated);
        }
        let version = u32::from_le_bytes([bytes[8], bytes[9], bytes[10], bytes[11]]);
        if version != VERSION {
            return Err(StatsError::Version(version));
        }
        let (body, sum) = bytes.split_at(bytes.len() - 8);
        let mut sum_bytes = [0u8; 8];
        sum_bytes.copy_from_slice(sum);
        if fnv(FNV_OFFSET, body) != u64::from_le_bytes(sum_bytes) {
            return Err(StatsError::Checksum);
        }
        let site_from = SiteFrom::from_code(bytes[12]).ok_or_else(|| {
            StatsError::Corrupt(format!("unknown site grouping code {}", bytes[12]))
        })?;
        let mut r = Reader {
            bytes: &body[HEADER_LEN..],
            pos: 0,
        };
        let mut stats = Stats::new(site_from);
        stats.pruned_below = bytes[13];
        let n_sites = r.varint()?;
        let mut prev_name: Option<String> = None;
        for _ in 0..n_sites {
            let len = r.len()?;
            let name = std::str::from_utf8(r.take(len)?)
                .map_err(|_| StatsError::Corrupt("site name is not UTF-8".into()))?
                .to_string();
            if prev_name.as_ref().is_some_and(|p| *p >= name) {
                return Err(StatsError::Corrupt("sites out of order".into()));
            }
            let docs = r.varint()?;
            let n_keys = r.len()?;
            // Each entry takes at least two bytes: a lying count cannot
            // make us allocate more than the file could hold.
            let mut counts = KeyMap::default();
            counts.reserve(n_keys.min(r.remaining() / 2));
            let mut prev = 0u64;
            for i in 0..n_keys {
                let delta = r.varint()?;
                if i > 0 && delta == 0 {
                    return Err(StatsError::Corrupt("keys out of order".into()));
                }
                let k = prev
                    .checked_add(delta)
                    .ok_or_else(|| StatsError::Corrupt("key overflow".into()))?;
                let n = r.varint()?;
                if n == 0 || n > docs || n > u64::from(u32::MAX) {
                    return Err(StatsError::Corrupt(format!(
                        "count {n} out of range for {docs} documents"
                    )));
                }
                counts.insert(
                    k,
                    Count {
                        docs: n as u32,
                        last: 0,
                    },
                );
                prev = k;
            }
            stats.sites.insert(
                name.clone(),
                SiteStats {
                    docs,
                    counts,
                    stamp: 0,
                },
            );
            prev_name = Some(name);
        }
        if r.remaining() != 0 {
            return Err(StatsError::Corrupt("trailing bytes".into()));
        }
        Ok(stats)
    }
}

const MAGIC: &[u8; 8] = b"DCHFSTAT";
/// 2: the line keys are [`key_hash`]es (1: FNV-1a 64 of the same bytes).
const VERSION: u32 = 2;
/// Magic, version, site grouping, prune level and two reserved bytes.
const HEADER_LEN: usize = 16;

/// Why a stats file cannot be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StatsError {
    NotStats,
    Version(u32),
    Truncated,
    Checksum,
    Corrupt(String),
}

impl std::fmt::Display for StatsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StatsError::NotStats => {
                f.write_str("not a dechaff stats file (made by `dechaff learn`)")
            }
            StatsError::Version(v) if *v < VERSION => write!(
                f,
                "stats file version {v} was written by an older dechaff, whose line keys differ (this dechaff reads version {VERSION}): re-run `dechaff learn` to make it again"
            ),
            StatsError::Version(v) => write!(
                f,
                "stats file version {v} is not supported (this dechaff reads version {VERSION}): re-run `dechaff learn` with this dechaff"
            ),
            StatsError::Truncated => f.write_str("stats file is truncated"),
            StatsError::Checksum => {
                f.write_str("stats file is truncated or damaged (checksum mismatch)")
            }
            StatsError::Corrupt(why) => write!(f, "stats file is damaged: {why}"),
        }
    }
}

impl std::error::Error for StatsError {}

fn put_varint(out: &mut Vec<u8>, mut n: u64) {
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

struct Reader<'b> {
    bytes: &'b [u8],
    pos: usize,
}

impl<'b> Reader<'b> {
    fn remaining(&self) -> usize {
        self.bytes.len() - self.pos
    }

    fn varint(&mut self) -> Result<u64, StatsError> {
        let mut n = 0u64;
        for shift in (0..64).step_by(7) {
            let b = *self.bytes.get(self.pos).ok_or(StatsError::Truncated)?;
            self.pos += 1;
            let part = u64::from(b & 0x7f);
            if shift == 63 && part > 1 {
                return Err(StatsError::Corrupt("number too large".into()));
            }
            n |= part << shift;
            if b & 0x80 == 0 {
                return Ok(n);
            }
        }
        Err(StatsError::Corrupt("number too long".into()))
    }

    /// A length that must fit in what is left of the file.
    fn len(&mut self) -> Result<usize, StatsError> {
        let n = self.varint()?;
        usize::try_from(n)
            .ok()
            .filter(|&n| n <= self.remaining())
            .ok_or(StatsError::Truncated)
    }

    fn take(&mut self, n: usize) -> Result<&'b [u8], StatsError> {
        let s = self
            .bytes
            .get(self.pos..self.pos + n)
            .ok_or(StatsError::Truncated)?;
        self.pos += n;
        Ok(s)
    }
}

/// When a frequent line counts as chrome.
#[derive(Clone, Debug, PartialEq)]
pub struct Thresholds {
    /// A line must appear in at least this many documents of its site
    /// (never less than [`MIN_DOCS_FLOOR`]).
    pub min_docs: u32,
    /// ... and in at least this share of the site's documents (0 to 1).
    pub min_share: f64,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            min_docs: 5,
            min_share: 0.005,
        }
    }
}

impl Thresholds {
    /// The count from which a line of a site with `docs` documents is
    /// chrome, for a short line and for a long sentence-like one.
    pub fn needed(&self, docs: u64) -> (u64, u64) {
        let share = (self.min_share.clamp(0.0, 1.0) * docs as f64).ceil() as u64;
        let base = u64::from(self.min_docs.max(MIN_DOCS_FLOOR)).max(share);
        (base, base.saturating_mul(u64::from(LONG_FACTOR)))
    }
}

/// What the corpus rule reads: the counts of the document's site.
#[derive(Clone, Copy)]
pub struct CorpusView<'a> {
    pub site: &'a SiteStats,
    pub thresholds: &'a Thresholds,
    /// The document's [`line_keys`], when the counting pass kept them; the
    /// rule computes them otherwise.
    pub keys: Option<&'a [u64]>,
}

/// A long line ending like a sentence: article prose unless proven otherwise.
pub fn is_sentence_like(text: &str) -> bool {
    ends_sentence(text) && text.split_whitespace().nth(LONG_WORDS - 1).is_some()
}

pub struct Corpus;

impl Rule for Corpus {
    fn name(&self) -> &'static str {
        "corpus"
    }
    fn describe(&self) -> &'static str {
        "a line found in many documents of the same site (learned over the run or from --stats)"
    }
    fn apply(&self, doc: &mut Document, ctx: &Context) {
        let Some(view) = ctx.corpus else {
            return;
        };
        let site = view.site;
        let (short_min, long_min) = view.thresholds.needed(site.docs);
        // A key is in at most all the site's documents (counting adds one
        // per document, a stats file with more is refused): with fewer
        // documents than the lowest count needed, no line can be dropped.
        if site.docs < short_min {
            return;
        }
        let counts: Vec<u64> = match view.keys.filter(|k| k.len() == doc.lines.len()) {
            Some(keys) => keys.iter().map(|&k| u64::from(site.docs_with(k))).collect(),
            None => doc
                .lines
                .iter()
                .map(|l| key(&l.text).map_or(0, |k| u64::from(site.docs_with(k))))
                .collect(),
        };
        // `is_sentence_like`, with the word count the line already has.
        let long: Vec<bool> = doc
            .lines
            .iter()
            .map(|l| l.words() >= LONG_WORDS && ends_sentence(&l.text))
            .collect();
        // How often this document's own prose repeats in the site: the
        // lower quartile count of its long sentences, so that a few
        // boilerplate sentences among them do not count (1 when unique).
        let mut own: Vec<u64> = counts
            .iter()
            .zip(&long)
            .filter(|(_, &l)| l)
            .map(|(&c, _)| c)
            .collect();
        own.sort_unstable();
        let dup = if own.len() >= MIN_OWN_SENTENCES {
            own[own.len() / 4]
        } else {
            1
        };
        // From the floor: below it no line is dropped anyway (and stats pruned
        // below the floor give the same answer).
        let dup_min = if dup >= u64::from(MIN_DOCS_FLOOR) {
            dup * 2 + 1
        } else {
            0
        };
        // Prose of this document: a long sentence that is not frequent.
        let prose = |j: usize| long[j] && counts[j] < short_min;
        for i in 0..doc.lines.len() {
            let need = if long[i] { long_min } else { short_min }.max(dup_min);
            if counts[i] < need || !doc.is_kept(i) {
                continue;
            }
            // A common subheading (`Fazit`, `Conclusion`) between two
            // paragraphs of the document's own prose is part of the body;
            // chrome comes in runs of frequent lines, or at the edges.
            let in_body = i > 0 && i + 1 < doc.lines.len() && prose(i - 1) && prose(i + 1);
            // An article's title is also a teaser on other pages of the
            // site; followed by this document's prose, it is the title here.
            // Navigation, on most pages, is not spared.
            let title = i + 1 < doc.lines.len()
                && prose(i + 1)
                && counts[i].saturating_mul(2) < site.docs
                && is_headline(&doc.lines[i].text);
            // Separators, bullets and bare numbers (all numbers share one
            // key) carry nothing to learn, and may be a table's structure.
            let letters = doc.lines[i].text.chars().any(char::is_alphabetic);
            if letters && !in_body && !title {
                doc.drop_line(
                    i,
                    self.name(),
                    format!("in {} of {} documents of the site", counts[i], site.docs),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::Lexicon;

    #[test]
    fn line_keys_are_the_keys_of_the_document_lines() {
        for text in [
            "",
            "\n \n\t\n",
            "Menu\r\n  Home  \n\n\u{A0}\nBody 12 text.\n\u{200B}\nlast",
            "Ünïcode\u{3000}line\n\u{2028}\nΣΟΦΟΣ",
        ] {
            let doc = Document::from_text(text);
            let want: Vec<u64> = doc.lines.iter().filter_map(|l| key(&l.text)).collect();
            assert_eq!(want.len(), doc.lines.len(), "{text:?}");
            assert_eq!(line_keys(text), want, "{text:?}");
        }
    }

    #[test]
    fn normalization_folds_case_digits_space() {
        assert_eq!(
            normalize("  Foo\t BAR  12 Kommentare "),
            "foo bar 0 kommentare"
        );
        assert_eq!(normalize("© 2021–2024 Zeitung"), "© 0–0 zeitung");
        assert_eq!(normalize("ÜBER UNS"), "über uns");
        assert_eq!(key("12 comments"), key("3  Comments"));
        assert_ne!(key("12 comments"), key("12 comment"));
        assert_eq!(key("   "), None);
        // Pinned: keys are saved in stats files and must never change
        // (but with the file's version). Worked out by hand: a run's first
        // byte as an FNV-1a step, its other bytes as words.
        assert_eq!(key("a"), Some(0xc110_343a_adb2_d73e));
        assert_eq!(key("Hello  World, again"), Some(0xe78f_1d01_bf92_2332));
        assert_eq!(key("Über 3 uns"), key("über 41 UNS"));
        // Single spaces inside a run, runs of spaces, a space before a
        // digit, a non-ASCII char or the end.
        assert_eq!(
            key(" Ab cd  ef 1 g é h "),
            Some(key_hash("ab cd ef 0 g é h".as_bytes()))
        );
    }

    #[test]
    fn counts_once_per_document() {
        let mut s = Stats::new(SiteFrom::None);
        s.add_doc("x", ["Menu", "menu", "Body", "MENU"]);
        s.add_doc("x", ["Menu", "Other"]);
        s.add_doc("y", ["Menu"]);
        let x = s.site("x").expect("site x");
        assert_eq!(x.docs, 2);
        assert_eq!(x.docs_with(key("menu").unwrap_or(0)), 2);
        assert_eq!(x.docs_with(key("body").unwrap_or(0)), 1);
        assert_eq!(s.site("y").map(|y| y.docs), Some(1));
        assert_eq!(s.docs(), 3);
    }

    fn sample(seed: u32) -> Stats {
        let mut s = Stats::new(SiteFrom::Parent);
        for d in 0..5 + seed {
            let line = format!("line {}", (d * 7 + seed) % 4);
            let site = if d % 2 == 0 { "a" } else { "b" };
            s.add_doc(site, ["Footer", line.as_str(), "x y z"]);
        }
        s
    }

    #[test]
    fn merge_is_associative_and_commutative() {
        let (a, b, c) = (sample(1), sample(2), sample(3));
        let mut ab_c = a.clone();
        ab_c.merge(b.clone()).expect("merge");
        ab_c.merge(c.clone()).expect("merge");
        let mut bc = b.clone();
        bc.merge(c.clone()).expect("merge");
        let mut a_bc = a.clone();
        a_bc.merge(bc).expect("merge");
        let mut c_ba = c;
        c_ba.merge(b).expect("merge");
        c_ba.merge(a).expect("merge");
        assert_eq!(ab_c, a_bc);
        assert_eq!(ab_c, c_ba);
        assert_eq!(ab_c.to_bytes(), c_ba.to_bytes());
        let footer = key("footer").unwrap_or(0);
        let docs = ab_c.site("a").map(|s| s.docs).unwrap_or(0);
        let with = ab_c.site("a").map(|s| s.docs_with(footer)).unwrap_or(0);
        assert_eq!(u64::from(with), docs);
    }

    #[test]
    fn pruning_keeps_frequent_keys_and_refuses_merges() {
        let mut full = sample(3);
        full.add_doc("a", ["A rare line", "Footer"]);
        full.add_doc("b", ["Another rare line", "Footer"]);
        let mut pruned = full.clone();
        pruned.prune(MIN_DOCS_FLOOR as u8);
        let footer = key("footer").unwrap_or(0);
        for (name, s) in full.sites() {
            let p = pruned.site(name).expect("site kept");
            assert_eq!(p.docs, s.docs);
            assert_eq!(p.docs_with(footer), s.docs_with(footer));
            assert!(p.keys() < s.keys());
        }
        let back = Stats::from_bytes(&pruned.to_bytes()).expect("read");
        assert_eq!(back.pruned_below, 3);
        let err = back.clone().merge(full).err().unwrap_or_default();
        assert!(err.contains("pruned"), "{err}");
    }

    #[test]
    fn merge_refuses_other_grouping() {
        let mut a = Stats::new(SiteFrom::None);
        let err = a
            .merge(Stats::new(SiteFrom::Parent))
            .err()
            .unwrap_or_default();
        assert!(err.contains("--site-from"), "{err}");
    }

    #[test]
    fn binary_round_trip() {
        let s = sample(4);
        let bytes = s.to_bytes();
        assert_eq!(Stats::from_bytes(&bytes), Ok(s));
        let empty = Stats::new(SiteFrom::None);
        assert_eq!(Stats::from_bytes(&empty.to_bytes()), Ok(empty));
    }

    #[test]
    fn bad_files_are_errors() {
        let bytes = sample(2).to_bytes();
        assert_eq!(Stats::from_bytes(b""), Err(StatsError::NotStats));
        assert_eq!(Stats::from_bytes(b"hello world"), Err(StatsError::NotStats));
        assert_eq!(Stats::from_bytes(&bytes[..10]), Err(StatsError::Truncated));
        for cut in 16..bytes.len() {
            assert!(Stats::from_bytes(&bytes[..cut]).is_err(), "cut at {cut}");
        }
        let mut v3 = bytes.clone();
        v3[8] = 3;
        assert_eq!(Stats::from_bytes(&v3), Err(StatsError::Version(3)));
        // A file of the FNV-1a keys: refused before its checksum is read,
        // with what to do.
        let mut v1 = bytes.clone();
        v1[8] = 1;
        assert_eq!(Stats::from_bytes(&v1), Err(StatsError::Version(1)));
        let msg = StatsError::Version(1).to_string();
        assert!(
            msg.contains("older dechaff") && msg.contains("re-run `dechaff learn`"),
            "{msg}"
        );
        let mut flipped = bytes.clone();
        flipped[20] ^= 0x55;
        assert_eq!(Stats::from_bytes(&flipped), Err(StatsError::Checksum));
        // A body that lies about its sizes, with a valid checksum.
        let mut lying = bytes[..HEADER_LEN].to_vec();
        put_varint(&mut lying, 1);
        put_varint(&mut lying, u64::MAX);
        let sum = fnv(FNV_OFFSET, &lying);
        lying.extend_from_slice(&sum.to_le_bytes());
        assert_eq!(Stats::from_bytes(&lying), Err(StatsError::Truncated));
        assert!(StatsError::Checksum
            .to_string()
            .contains("truncated or damaged"));
    }

    // The walk before it took digit runs, Latin-1 letters and the ends of
    // plain runs at once: the reference the walk is pinned to.
    #[inline(always)]
    fn old_plain_chunk(c: &[u8; 8], next: Option<&u8>) -> Option<(u64, u64)> {
        let x = u64::from_le_bytes(*c);
        if x & HI != 0 {
            return None;
        }
        // A byte equal to a space xors to zero, the only byte not at least 1.
        let space = !at_least(x ^ (LO * 0x20), 1) & HI;
        let low = !at_least(x, 0x21) & HI & !space;
        let digit = at_least(x, b'0') & !at_least(x, b'9' + 1);
        if low | digit | (space & (space << 8)) != 0 {
            return None;
        }
        // A space last needs a plain byte after it.
        if space >> 63 != 0 && next.is_none_or(|&n| PLAIN_LOWER[usize::from(n)] <= b' ') {
            return None;
        }
        // The high bit of each capital, moved to 0x20.
        let upper = at_least(x, b'A') & !at_least(x, b'Z' + 1);
        Some((x | (upper >> 2), space))
    }

    /// The walk as it was (see `key_from`).
    fn old_key_from<const LINES: bool, const SCAN: bool>(
        text: &str,
        start: usize,
        w: &mut Walked,
        letters: &mut Counts,
    ) -> (Option<u64>, Option<usize>) {
        let bytes = text.as_bytes();
        let mut h = KeyHash::new();
        let mut pending_space = false;
        let mut in_digits = false;
        let mut started = false;
        let mut i = start;
        // Byte by byte for ASCII (most of any text), char by char otherwise;
        // the same steps as `normalize_into`, which a test checks.
        while let Some(&b) = bytes.get(i) {
            if PLAIN_LOWER[usize::from(b)] != 0 {
                // A run of ASCII bytes that are neither whitespace nor digits,
                // with single spaces (most of a line), hashed in tight loops.
                if SCAN {
                    w.visible(i, started, pending_space);
                }
                if pending_space {
                    h.byte(b' ');
                    pending_space = false;
                }
                started = true;
                in_digits = false;
                let mut rest = bytes.get(i..).unwrap_or_default();
                // Eight bytes at a time while they are all plain (the common
                // case): one test for the eight.
                while let Some((c, tail)) = rest.split_first_chunk::<8>() {
                    let Some((mut low, spaces)) = old_plain_chunk(c, tail.first()) else {
                        break;
                    };
                    if SCAN {
                        // Each space is followed by a word.
                        w.words += count_high_bits(spaces);
                    }
                    for _ in 0..8 {
                        h.byte(low as u8);
                        low >>= 8;
                    }
                    rest = tail;
                }
                // Then byte by byte to the end of the run.
                while let Some((&b, tail)) = rest.split_first() {
                    let l = PLAIN_LOWER[usize::from(b)];
                    if l != 0 {
                        h.byte(l);
                        rest = tail;
                        continue;
                    }
                    // One space between two plain bytes (most word gaps): the
                    // space is hashed as it is, the run goes on.
                    if b == b' ' {
                        if let Some((&n, tail)) = tail.split_first() {
                            let l = PLAIN_LOWER[usize::from(n)];
                            if l != 0 {
                                h.byte(b' ');
                                h.byte(l);
                                rest = tail;
                                if SCAN {
                                    w.words += 1;
                                }
                                continue;
                            }
                        }
                    }
                    break;
                }
                i = bytes.len() - rest.len();
                if SCAN {
                    // A run ends with a plain byte.
                    w.end = i;
                }
                continue;
            }
            if LINES && b == b'\n' {
                let _ = h;
                return (
                    started.then(|| key_hash(normalize(&text[start..i]).as_bytes())),
                    Some(i + 1),
                );
            }
            let (ws, digit, wide) = if b < 0x80 {
                // char::is_whitespace in ASCII: space and \t \n \x0b \x0c \r.
                (matches!(b, b' ' | b'\t'..=b'\r'), b.is_ascii_digit(), None)
            } else {
                let Some(c) = text.get(i..).and_then(|r| r.chars().next()) else {
                    break;
                };
                // Accented Latin and Cyrillic letters: no property lookups.
                if let Some(l) = lower_common(c) {
                    if SCAN {
                        w.visible(i, started, pending_space);
                        w.end = i + c.len_utf8();
                        w.excess += c.len_utf8() - 1;
                        w.changed |= l != c;
                        // Below U+100 a Latin letter but `÷` (as
                        // `script::of_char`).
                        if (c as u32) < 0x100 && c != '\u{F7}' {
                            letters.add_latin(1);
                        } else {
                            letters.add_char(c);
                        }
                    }
                    if pending_space {
                        h.byte(b' ');
                        pending_space = false;
                    }
                    started = true;
                    in_digits = false;
                    let mut buf = [0u8; 4];
                    for &b in l.encode_utf8(&mut buf).as_bytes() {
                        h.byte(b);
                    }
                    i += c.len_utf8();
                    continue;
                }
                if SCAN {
                    letters.add_char(c);
                    w.changed |= !lowercase_is_itself(c);
                }
                (c.is_whitespace(), c.is_numeric(), Some(c))
            };
            let len = wide.map_or(1, char::len_utf8);
            if ws {
                if SCAN && started {
                    // No whitespace is wide: it weighs one.
                    w.pending_excess += len - 1;
                }
                pending_space = started;
                in_digits = false;
                i += len;
                continue;
            }
            if SCAN {
                w.visible(i, started, pending_space);
                w.end = i + len;
                w.digit |= digit && wide.is_none();
                if let Some(c) = wide {
                    w.excess += len.saturating_sub(if is_wide(c) { 3 } else { 1 });
                }
            }
            if pending_space {
                h.byte(b' ');
                pending_space = false;
            }
            started = true;
            if digit {
                if !in_digits {
                    h.byte(b'0');
                }
                in_digits = true;
            } else {
                in_digits = false;
                match wide {
                    None => h.byte(b.to_ascii_lowercase()),
                    Some(c) => {
                        let mut buf = [0u8; 4];
                        for l in c.to_lowercase() {
                            for &b in l.encode_utf8(&mut buf).as_bytes() {
                                h.byte(b);
                            }
                        }
                    }
                }
            }
            i += len;
        }
        (
            started.then(|| key_hash(normalize(&text[start..]).as_bytes())),
            None,
        )
    }

    /// A walk of a line: `key_from` or `old_key_from`.
    type Walk = fn(&str, usize, &mut Walked, &mut Counts) -> (Option<u64>, Option<usize>);

    /// The keys and facts of every line of `text` and the letters, by
    /// `walk`.
    fn walk_lines(text: &str, walk: Walk) -> (Vec<(Option<u64>, Walked)>, Counts) {
        let mut out = Vec::new();
        let mut letters = Counts::default();
        let mut start = 0;
        loop {
            let mut w = Walked::default();
            let (k, next) = walk(text, start, &mut w, &mut letters);
            out.push((k, w));
            let Some(next) = next else {
                break;
            };
            start = next;
        }
        (out, letters)
    }

    fn assert_walk_as_before(text: &str) {
        assert_eq!(
            walk_lines(text, key_from::<true, true>),
            walk_lines(text, old_key_from::<true, true>),
            "{text:?}"
        );
        assert_eq!(
            walk_lines(text, key_from::<true, false>)
                .0
                .iter()
                .map(|l| l.0)
                .collect::<Vec<_>>(),
            walk_lines(text, old_key_from::<true, false>)
                .0
                .iter()
                .map(|l| l.0)
                .collect::<Vec<_>>(),
        );
        assert_eq!(
            key_from::<false, true>(text, 0, &mut Walked::default(), &mut Counts::default()),
            old_key_from::<false, true>(text, 0, &mut Walked::default(), &mut Counts::default()),
        );
    }

    #[test]
    fn walk_is_as_before() {
        for text in [
            "",
            "a",
            " \n\n  x ",
            "Eight or more ASCII bytes\tin\x0bone\x0cline\r\x1c\x1fbut @[`{ AZaz 0815 ΣΟΦΟΣ\n",
            "ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖ×ØÙÚÛÜÝÞßàáâãäåæçèéêëìíîïðñòóôõö÷øùúûüýþÿ",
            "\u{80}\u{85}\u{A0}\u{AD}²³¹¼½¾ª µ º«»©×÷ 1² ½5 x\u{2000}\u{200B}\u{2028}\u{205F}y",
            "ЀЁЏАЯаяѐџ Ѡ 日本語 の\u{3000}テキスト 中文，奖 한국어 Ⅻ ǅ İ ẞ Σ٣ 𝔸 😀",
            "word  word 12ab 3 \u{A0}x\0y\x7f z \x01\x02 tail ",
        ] {
            assert_walk_as_before(text);
        }
    }

    #[test]
    fn wide_props_match_std() {
        for c in ('\u{80}'..='\u{FF}')
            .chain('\u{2000}'..='\u{206F}')
            .chain('\u{4E00}'..='\u{9FFF}')
        {
            let (ws, numeric, known) = wide_props(c);
            assert_eq!((ws, numeric), (c.is_whitespace(), c.is_numeric()), "{c:?}");
            // Every char outside these blocks is asked the tables.
            if lower_common(c).is_none() {
                let letter = known.unwrap_or_else(|| panic!("{c:?}"));
                assert!(c.to_lowercase().eq([c]), "{c:?}");
                assert_eq!(
                    letter,
                    crate::script::of_char(c) != crate::script::Script::None,
                    "{c:?}"
                );
            }
        }
    }

    proptest::proptest! {
        /// The walk gives the keys and facts of the walk before it, on
        /// lines of words with every kind of gap at every place of the
        /// eight-byte chunks.
        #[test]
        fn walk_is_as_before_on_words(text in "([ \t]?([a-zA-Z.,@\x00\x01\x7f]{1,9}( |  | \t|\t|\n|0|12| 1 |\u{A0}|\u{AD}|ü|Ü|ß|×|÷|Ж|ї|–|日|²|½|\u{2028})){0,16}[ ]{0,2}\n?){0,4}") {
            assert_walk_as_before(&text);
        }

        /// ... and on any text.
        #[test]
        fn walk_is_as_before_on_any_text(text in "([ -~\t\n\x0b\x0c\r]|\\PC|\\s|\\d|[ÄÖÜİẞΣ٣À-ÿЀ-ӿ])*") {
            assert_walk_as_before(&text);
        }

        /// Any body behind a valid header and checksum is read or refused,
        /// never a panic or a huge allocation.
        #[test]
        fn damaged_bodies_never_panic(body in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..200)) {
            let mut bytes = Stats::new(SiteFrom::None).to_bytes()[..HEADER_LEN].to_vec();
            bytes.extend_from_slice(&body);
            let sum = fnv(FNV_OFFSET, &bytes);
            bytes.extend_from_slice(&sum.to_le_bytes());
            let _ = Stats::from_bytes(&bytes);
        }

        /// The key hashes exactly the normalized line.
        #[test]
        fn key_is_the_hash_of_normalize(line in "([ -~\t\n\x0b\x0c\r]|\\PC|\\s|\\d|[ÄÖÜİẞΣ٣])*") {
            let general = Some(key_hash(normalize(&line).as_bytes()))
                .filter(|_| !normalize(&line).is_empty());
            proptest::prop_assert_eq!(key(&line), general);
        }

        /// Stamped counting gives the counts of sorting and deduplicating
        /// each document's keys (the old way), also across merges, the
        /// stamps' wrap-around and a read back from bytes.
        #[test]
        fn add_keys_counts_each_key_once_per_document(
            docs in proptest::collection::vec(proptest::collection::vec(0u64..12, 0..10), 0..14),
            split in 0usize..14,
            start in proptest::prop_oneof![proptest::strategy::Just(0u32), (u32::MAX - 3)..=u32::MAX],
        ) {
            let mut want: HashMap<u64, u32> = HashMap::new();
            for d in &docs {
                let mut d = d.clone();
                d.sort_unstable();
                d.dedup();
                for k in d {
                    *want.entry(k).or_insert(0) += 1;
                }
            }
            // Two halves counted apart and merged, then the rest again on
            // the merged counts read back from bytes.
            let split = split.min(docs.len());
            let (first, rest) = docs.split_at(split);
            let (a_docs, b_docs) = first.split_at(split / 2);
            let mut a = SiteStats { stamp: start, ..SiteStats::default() };
            let mut b = SiteStats { stamp: start / 2, ..SiteStats::default() };
            a_docs.iter().for_each(|d| a.add_keys(d));
            b_docs.iter().for_each(|d| b.add_keys(d));
            a.merge(b);
            let mut st = Stats::new(SiteFrom::None);
            st.sites.insert(String::new(), a);
            let mut st = Stats::from_bytes(&st.to_bytes()).map_err(|e| proptest::test_runner::TestCaseError::fail(e.to_string()))?;
            if let Some(s) = st.sites.get_mut("") {
                s.stamp = start;
            }
            rest.iter().for_each(|d| st.add_keys("", d));
            let got = st.site("").cloned().unwrap_or_default();
            proptest::prop_assert_eq!(got.docs, docs.len() as u64);
            proptest::prop_assert_eq!(got.keys(), want.len());
            for (k, n) in want {
                proptest::prop_assert_eq!(got.docs_with(k), n);
            }
        }

        /// ... also on lines of words and single spaces, as most are.
        #[test]
        fn key_is_the_hash_of_normalize_on_words(line in "([A-Za-z.,;'\x00\x1c-]{1,12}( |  |\t|\\d| é |Ä|\u{A0})?){0,12} ?") {
            let general = Some(key_hash(normalize(&line).as_bytes()))
                .filter(|_| !normalize(&line).is_empty());
            proptest::prop_assert_eq!(key(&line), general);
        }

        /// ... and on short words with the gaps at every place of the
        /// eight-byte chunks: leading, trailing and double spaces, digits,
        /// capitals, accents and control bytes next to the chunk ends.
        #[test]
        fn key_is_the_hash_of_normalize_in_chunks(line in "[ \t]?([a-cA-C\x00\x01\x7f]{1,9}( |  | \t|\t|0|\u{A0}|ü|Ж| 1 )){0,24}[ ]{0,2}") {
            let general = Some(key_hash(normalize(&line).as_bytes()))
                .filter(|_| !normalize(&line).is_empty());
            proptest::prop_assert_eq!(key(&line), general);
        }

        /// Lines that normalize alike have one key: case, digit runs and
        /// whitespace (runs of any kind, at the ends, inside the words'
        /// eight-byte chunks) change nothing.
        #[test]
        fn keys_depend_only_on_the_normalized_line(
            words in proptest::collection::vec("[a-zA-Z,.;@_-]{1,11}|[0-9]{1,4}|[äÖßéЖ日]", 1..10),
            gaps in proptest::collection::vec(" |  |\t| \t |\u{A0}|\u{2003} ", 10),
            lead in "[ \t]{0,3}",
            trail in "[ \t\r]{0,3}",
            case in proptest::collection::vec(proptest::prelude::any::<bool>(), 10),
        ) {
            let plain = words.join(" ");
            let mut varied = lead.clone();
            for (k, w) in words.iter().enumerate() {
                if k > 0 {
                    varied.push_str(&gaps[k % gaps.len()]);
                }
                // Other digits, other case.
                let w: String = w
                    .chars()
                    .map(|c| if c.is_ascii_digit() { '7' } else { c })
                    .collect();
                if case[k % case.len()] {
                    varied.push_str(&w.to_uppercase());
                } else {
                    varied.push_str(&w);
                }
            }
            varied.push_str(&trail);
            proptest::prop_assume!(normalize(&plain) == normalize(&varied));
            proptest::prop_assert_eq!(key(&plain), key(&varied));
            proptest::prop_assert_eq!(key(&varied), Some(key_hash(normalize(&plain).as_bytes())));
            // And a different normalized line, a different key.
            let other = format!("{plain} x");
            proptest::prop_assert_ne!(key(&plain), key(&other));
        }

        /// Writing then reading gives the same counts, for any lines.
        #[test]
        fn round_trip_any_lines(docs in proptest::collection::vec(proptest::collection::vec("[a-c0-9 ]{0,6}", 0..6), 0..12)) {
            let mut s = Stats::new(SiteFrom::Parent);
            for (i, d) in docs.iter().enumerate() {
                s.add_doc(if i % 3 == 0 { "x" } else { "y" }, d.iter().map(String::as_str));
            }
            proptest::prop_assert_eq!(Stats::from_bytes(&s.to_bytes()), Ok(s));
        }
    }

    #[test]
    fn thresholds() {
        let t = Thresholds {
            min_docs: 1,
            min_share: 0.0,
        };
        assert_eq!(t.needed(100), (3, 12), "never below the floor");
        let t = Thresholds {
            min_docs: 5,
            min_share: 0.1,
        };
        assert_eq!(t.needed(10), (5, 20));
        assert_eq!(t.needed(1000), (100, 400));
        let t = Thresholds::default();
        assert_eq!(t.needed(990), (5, 20));
        assert_eq!(
            t.needed(100_000),
            (500, 2000),
            "the bar grows with the site"
        );
    }

    fn run(stats: &Stats, site: &str, t: &Thresholds, text: &str) -> Vec<String> {
        let lex = Lexicon::build(&[]).expect("lexicon");
        let mut doc = Document::from_text(text);
        let mut ctx = Context::new(&lex, &doc);
        let Some(site) = stats.site(site) else {
            return vec![];
        };
        ctx.corpus = Some(CorpusView {
            keys: None,
            site,
            thresholds: t,
        });
        Corpus.apply(&mut doc, &ctx);
        doc.lines
            .iter()
            .filter(|l| l.is_kept())
            .map(|l| l.text.to_string())
            .collect()
    }

    const LONG: &str =
        "This long sentence about the weather was quoted in several articles of the site.";

    #[test]
    fn drops_frequent_keeps_rare_and_long() {
        let mut s = Stats::new(SiteFrom::None);
        for d in 0..6 {
            // Letters, not digits: digits are folded.
            let body = format!("Unique body line {}.", char::from(b'a' + d));
            let mut lines = vec!["Home", "© 2024 Site", body.as_str(), "|---|", "7"];
            if d < 2 {
                lines.push("Subheading twice");
            }
            if d < 4 {
                lines.push("Sometimes");
            }
            lines.push(LONG);
            s.add_doc("", lines);
        }
        let t = Thresholds::default();
        let text = format!("Home\n© 2025 Site\nUnique body line a.\nSubheading twice\n{LONG}");
        assert_eq!(
            run(&s, "", &t, &text),
            vec!["Unique body line a.", "Subheading twice", LONG]
        );
        // In 4 of 6 documents: dropped from 3 documents, kept from a share of 0.9.
        let t = Thresholds {
            min_docs: 3,
            min_share: 0.0,
        };
        assert_eq!(
            run(&s, "", &t, "Sometimes\nUnique body line a."),
            vec!["Unique body line a."]
        );
        let t = Thresholds {
            min_docs: 3,
            min_share: 0.9,
        };
        assert_eq!(run(&s, "", &t, "Sometimes\nHome"), vec!["Sometimes"]);
        // Lines without letters are not the rule's business.
        assert_eq!(
            run(&s, "", &Thresholds::default(), "12\n|---|\nHome"),
            vec!["12", "|---|"]
        );
        // Never below the floor of three documents.
        let mut two = Stats::new(SiteFrom::None);
        two.add_doc("", ["Home"]);
        two.add_doc("", ["Home"]);
        let t = Thresholds {
            min_docs: 1,
            min_share: 0.0,
        };
        assert_eq!(run(&two, "", &t, "Home"), vec!["Home"]);
    }

    #[test]
    fn common_subheading_between_prose_stays() {
        let mut s = Stats::new(SiteFrom::None);
        for d in 0..10 {
            let p1 = format!(
                "Article {} opens with a sentence long enough to count as its prose.",
                char::from(b'a' + d)
            );
            let p2 = format!(
                "Article {} closes with another sentence long enough to be prose.",
                char::from(b'a' + d)
            );
            s.add_doc(
                "",
                ["Menu", p1.as_str(), "Conclusion", p2.as_str(), "Conclusion"],
            );
        }
        let text = "Menu\nArticle a opens with a sentence long enough to count as its prose.\n\
                    Conclusion\nArticle a closes with another sentence long enough to be prose.\nConclusion";
        assert_eq!(
            run(&s, "", &Thresholds::default(), text),
            vec![
                "Article a opens with a sentence long enough to count as its prose.",
                "Conclusion",
                "Article a closes with another sentence long enough to be prose.",
            ]
        );
    }

    #[test]
    fn title_that_is_a_teaser_elsewhere_stays_as_title() {
        let mut s = Stats::new(SiteFrom::None);
        for d in 0..30 {
            let own = format!(
                "Article {} has a sentence long enough to count as its own prose.",
                char::from(b'a' + d)
            );
            let mut lines = vec!["Menu", own.as_str()];
            if d < 8 {
                lines.push("Big Storm Hits The Coast");
            }
            s.add_doc("", lines);
        }
        let title_doc = "Menu\nBig Storm Hits The Coast\nArticle a has a sentence long enough to count as its own prose.";
        assert_eq!(
            run(&s, "", &Thresholds::default(), title_doc),
            vec![
                "Big Storm Hits The Coast",
                "Article a has a sentence long enough to count as its own prose."
            ]
        );
        let teaser_doc = "Article b has a sentence long enough to count as its own prose.\nBig Storm Hits The Coast\nMenu";
        assert_eq!(
            run(&s, "", &Thresholds::default(), teaser_doc),
            vec!["Article b has a sentence long enough to count as its own prose."]
        );
    }

    #[test]
    fn duplicated_article_keeps_its_subheadings() {
        let mut s = Stats::new(SiteFrom::None);
        let article = [
            "The first sentence of the article is long enough to count as prose.",
            "Short subheading",
            "The second sentence of the article is also long enough to count as prose.",
            "And a third sentence closes the article with enough words to be prose.",
        ];
        for _ in 0..6 {
            let mut lines = vec!["Site footer"];
            lines.extend(article);
            s.add_doc("", lines);
        }
        for d in 0..20 {
            let body = format!(
                "Another article {} with its own long sentence of plain prose here.",
                char::from(b'a' + d)
            );
            s.add_doc("", ["Site footer", body.as_str()]);
        }
        let text = format!("Site footer\n{}", article.join("\n"));
        assert_eq!(run(&s, "", &Thresholds::default(), &text), article.to_vec());
    }
}
