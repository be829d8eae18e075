//! The document model the chrome rules work on.
//!
//! A [`Document`] is the repaired text split into non-empty lines. Rules never
//! delete anything: they set a line's [`Verdict`] to `Drop(Reason)`. Rendering
//! skips dropped lines, and `explain` and the report read the verdicts, so
//! every removal is visible with the name of the rule that made it.

use crate::chrome::layout;
use crate::script::{self, Script};
use std::borrow::Cow;
use std::ops::Deref;
use std::sync::Arc;

/// A line's text: a range of one buffer shared by all lines of a document,
/// so that splitting a document allocates twice (text, lowercase), not
/// twice per line. Reads as a `&str` (it derefs to one).
#[derive(Clone)]
pub struct Text {
    // Arc<String>, not Arc<str>: a String moves in without copying its bytes.
    buf: Arc<String>,
    start: usize,
    end: usize,
}

impl Text {
    fn new(buf: &Arc<String>, start: usize, end: usize) -> Text {
        Text {
            buf: Arc::clone(buf),
            start,
            end,
        }
    }

    pub fn as_str(&self) -> &str {
        // The range is a line's, cut on char boundaries when the text was
        // split: never empty by mistake.
        self.buf.get(self.start..self.end).unwrap_or_default()
    }

    /// Byte range of the text in the buffer it shares.
    fn range(&self) -> std::ops::Range<usize> {
        self.start..self.end
    }
}

impl Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl From<String> for Text {
    fn from(s: String) -> Text {
        let end = s.len();
        Text {
            buf: Arc::new(s),
            start: 0,
            end,
        }
    }
}

impl AsRef<str> for Text {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl std::fmt::Debug for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.as_str(), f)
    }
}

impl std::fmt::Display for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq<str> for Text {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Text {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

/// Why a line was dropped: the rule family's name and a short detail.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reason {
    pub rule: &'static str,
    /// Most details are fixed texts: borrowed, not a string allocated
    /// (and freed) for each of the many lines a rule drops.
    pub detail: Cow<'static, str>,
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
    pub text: Text,
    /// Lowercased text, for case-insensitive lexicon matching.
    pub lower: Text,
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
    /// Does the text as first split hold an ASCII digit? Found in the pass
    /// that counts words; several rules skip digit-less lines by it.
    digit: bool,
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

    /// Does the line hold an ASCII digit (`0-9`)? Of the text as first
    /// split, like `words`.
    pub fn has_digit(&self) -> bool {
        self.digit
    }
}

/// `t.to_lowercase()`, faster on mixed text: `str::to_lowercase` takes its
/// ASCII fast path only up to the first non-ASCII char, then looks every
/// char up in the case tables. Char by char the mapping is the same except
/// for the final-sigma rule of `Σ`, left to the standard function.
pub fn lowercase(t: &str) -> String {
    let mut out = Vec::with_capacity(t.len());
    lowercase_bytes(t, &mut out);
    utf8(out)
}

/// Appends [`lowercase`] of `t` to `out`.
pub fn lowercase_into(t: &str, out: &mut String) {
    out.push_str(&lowercase(t));
}

/// Bytes that [`lowercase_bytes`] built from whole chars as a `String`
/// (they are always valid UTF-8; the lossy branch never runs).
fn utf8(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// The eight bytes at `i` as one little-endian word, if there are eight.
#[inline]
fn load8(bytes: &[u8], i: usize) -> Option<u64> {
    let chunk: [u8; 8] = bytes.get(i..i + 8)?.try_into().ok()?;
    Some(u64::from_le_bytes(chunk))
}

/// The ASCII bytes at `i`, up to eight, as one little-endian word with
/// spaces after them, and how many there are (0 when the byte at `i` is
/// not ASCII, or there is none). Line tails and the ASCII before an
/// accent then go through the word-at-a-time paths too, not byte by byte.
#[inline]
fn load_ascii(bytes: &[u8], i: usize) -> (u64, usize) {
    let (x, len) = match load8(bytes, i) {
        Some(x) => (x, 8),
        // The last up to seven bytes of a longer text: the eight that end
        // it, the ones already read shifted out, spaces shifted in.
        None if bytes.len() >= 8 && i < bytes.len() => {
            let rest = bytes.len() - i;
            let x = load8(bytes, bytes.len() - 8).unwrap_or(0) >> (8 * (8 - rest));
            (x | ((LO * u64::from(b' ')) << (8 * rest)), rest)
        }
        None => {
            let rest = bytes.get(i..).unwrap_or_default();
            let mut chunk = [b' '; 8];
            for (d, &b) in chunk.iter_mut().zip(rest) {
                *d = b;
            }
            (u64::from_le_bytes(chunk), rest.len().min(8))
        }
    };
    let hi = x & HI;
    // The first non-ASCII byte ends the run (little-endian: the lowest).
    let n = if hi == 0 {
        len
    } else {
        (hi.trailing_zeros() / 8) as usize
    };
    if n >= 8 {
        return (x, 8);
    }
    let keep = (1u64 << (8 * n)) - 1;
    ((x & keep) | ((LO * u64::from(b' ')) & !keep), n)
}

/// Appends the UTF-8 of [`lowercase`] of `t` to `out`: eight ASCII bytes
/// at a time (most text, also between the accents of mixed lines), the
/// common accented letters without the case tables, the rest char by char.
fn lowercase_bytes(t: &str, out: &mut Vec<u8>) {
    let from = out.len();
    let bytes = t.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let (x, n) = load_ascii(bytes, i);
        if n > 0 {
            // The high bit of each byte in `A..=Z`, moved to 0x20.
            let upper = at_least(x, b'A') & !at_least(x, b'Z' + 1);
            // All eight bytes, then the padding cut off: a fixed-size
            // copy costs less than one of `n` bytes.
            out.extend_from_slice(&(x | (upper >> 2)).to_le_bytes());
            out.truncate(out.len() - (8 - n));
            i += n;
            continue;
        }
        let Some(c) = t.get(i..).and_then(|r| r.chars().next()) else {
            break;
        };
        i += c.len_utf8();
        if c == '\u{3A3}' {
            // Σ lowercases by its position in the word: all of `t` by the
            // standard function instead.
            out.truncate(from);
            out.extend_from_slice(t.to_lowercase().as_bytes());
            return;
        }
        let mut buf = [0u8; 4];
        match lower_common(c) {
            Some(l) => out.extend_from_slice(l.encode_utf8(&mut buf).as_bytes()),
            None => {
                for l in c.to_lowercase() {
                    out.extend_from_slice(l.encode_utf8(&mut buf).as_bytes());
                }
            }
        }
    }
}

/// `c.to_lowercase()` for the Latin-1 and basic Cyrillic letters most
/// non-ASCII text is written in, without the table search (`None`: ask the
/// table). A test checks every char of these ranges. Every char it answers
/// is a letter or `÷`: neither whitespace nor numeric.
pub(crate) fn lower_common(c: char) -> Option<char> {
    let u = c as u32;
    let l = match u {
        // À-Þ but ×, А-Я: the lowercase letter is 0x20 further.
        0xC0..=0xD6 | 0xD8..=0xDE | 0x410..=0x42F => u + 0x20,
        // Ѐ-Џ.
        0x400..=0x40F => u + 0x50,
        // ß-ÿ (with ÷) and а-я, ѐ-џ are their own lowercase.
        0xDF..=0xFF | 0x430..=0x45F => u,
        _ => return None,
    };
    char::from_u32(l)
}

/// `text.split('\n')`, finding the line ends with the `memchr` crate:
/// std's char searcher costs several times more per line, and the
/// documents have tens of thousands of short lines.
pub fn split_lines(text: &str) -> impl Iterator<Item = &str> {
    let mut from = 0;
    memchr::memchr_iter(b'\n', text.as_bytes())
        .chain(std::iter::once(text.len()))
        .map(move |end| {
            // Cut at a `\n` or the end: char boundaries.
            let line = text.get(from..end).unwrap_or_default();
            from = end + 1;
            line
        })
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

/// `(count_words(s), layout::weight(s), s holds an ASCII digit)`, adding
/// the letters of `s` to `letters` (as `Counts::add`), in one pass: eight
/// ASCII bytes at a time (most text), only the other chars are decoded and
/// looked up. The reference [`scan_line`] is tested against.
#[cfg(test)]
fn words_and_weight(s: &str, letters: &mut script::Counts) -> (usize, usize, bool) {
    let (mut n, mut w, mut latin) = (0, 0, 0);
    // The high bit of each ASCII digit byte seen (any bit: some digit).
    let mut digits = 0u64;
    // Was the char before the current position whitespace (or none)?
    let mut after_ws = true;
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let (x, k) = load_ascii(bytes, i);
        if k > 0 {
            // The spaces after the `k` bytes are no word, letter or digit.
            let (ws, alpha) = ascii_classes(x);
            // A word starts at a non-space byte after a space.
            let prev_ws = (ws << 8) | (u64::from(after_ws) << 7);
            n += count_high_bits(!ws & prev_ws & HI);
            latin += count_high_bits(alpha);
            digits |= at_least(x, b'0') & !at_least(x, b'9' + 1);
            w += k;
            // Whether the last of the `k` bytes is whitespace.
            after_ws = (ws >> (8 * k - 1)) & 1 == 1;
            i += k;
            continue;
        }
        let Some(c) = s.get(i..).and_then(|r| r.chars().next()) else {
            break;
        };
        i += c.len_utf8();
        letters.add_char(c);
        w += if layout::is_wide(c) { 3 } else { 1 };
        let ws = c.is_whitespace();
        n += usize::from(after_ws && !ws);
        after_ws = ws;
    }
    letters.add_latin(latin);
    (n, w, digits != 0)
}

/// One non-blank line as the counting pass's walk over a text found it
/// (`corpus::line_keys_scan`), with what [`Document::from_string`] would
/// otherwise count again.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct ScannedLine {
    // u32, not usize: a scan is kept for every file of a run until it is
    // cleaned, and half the size is half the memory to fault in. A text
    // of 4 GiB or more is not scanned (`corpus::line_keys_scan`).
    /// Byte range of the trimmed line in the text.
    pub(crate) start: u32,
    pub(crate) end: u32,
    pub(crate) number: u32,
    pub(crate) block: u32,
    /// Saturates at `u32::MAX` (a line's count is at most its length).
    pub(crate) n_words: u32,
    pub(crate) weight: u32,
    pub(crate) digit: bool,
    /// Does a char other than ASCII change in lowercase?
    pub(crate) changed: bool,
}

/// Where line `l` of a scan starts in `text`, and its text (u32 to usize:
/// a widening on every target dechaff builds for). A range that is not
/// the text's is an empty line at its start.
fn scanned_line<'t>(text: &'t str, l: &ScannedLine) -> (usize, &'t str) {
    let start = l.start as usize;
    (start, text.get(start..l.end as usize).unwrap_or_default())
}

/// The lines of a text as the counting pass found them, so that the
/// cleaning pass builds its [`Document`] without walking every byte
/// again ([`Document::from_scanned`]).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LineScan {
    /// Length of the text scanned: a scan of another text is not used.
    pub(crate) text_len: usize,
    pub(crate) lines: Vec<ScannedLine>,
    /// The letters of the text but the ASCII ones.
    pub(crate) letters: script::Counts,
}

/// ASCII whitespace as `char::is_whitespace` has it (with `\x0b`, which
/// `u8::is_ascii_whitespace` leaves out).
#[inline]
fn is_ascii_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\t'..=b'\r')
}

/// `line.trim()`: the repairs trim every line, so both ends are nearly
/// always a visible ASCII byte, and the line is then its own trim.
#[inline]
fn trim(line: &str) -> &str {
    match (line.as_bytes().first(), line.as_bytes().last()) {
        (Some(&a), Some(&b)) if a < 0x80 && b < 0x80 && !is_ascii_ws(a) && !is_ascii_ws(b) => line,
        _ => line.trim(),
    }
}

/// One walk over a trimmed line for what [`Document::from_string`] keeps
/// of it: the line is `text[start..end]`. Appends it to `lower` with all
/// but its ASCII capitals already lowercased (the caller lowercases the
/// ASCII of the whole buffer at the end, at once), adds its letters but
/// the ASCII ones to `letters` (the caller counts those over the whole
/// text, at once), and returns `(count_words(t), layout::weight(t), t
/// holds an ASCII digit)`.
///
/// Eight ASCII bytes at a time (most text) for the counts, read from the
/// text even past the line's end (the bytes past it then read as spaces):
/// a line's last bytes take no slower path. Only the other chars are
/// decoded, and the common accented letters skip the Unicode tables. The
/// line is copied whole; only a line with a char other than ASCII that
/// changes in lowercase (a capital `Ä`, `Ж`) is built again char by char.
/// The buffer is a `String` built from `&str`s and chars, so it never
/// needs a UTF-8 check.
///
/// The walk goes on from `walk` (`Walk::at(start)`: from the start), whose
/// bytes before it are printable ASCII ([`printable_line`]).
fn scan_line(
    text: &str,
    start: usize,
    end: usize,
    walk: Walk,
    lower: &mut String,
    letters: &mut script::Counts,
) -> (usize, usize, bool) {
    let t = text.get(start..end).unwrap_or_default();
    let from = lower.len();
    lower.push_str(t);
    let Walk {
        mut i,
        mut n,
        mut digits,
        mut carry,
    } = walk;
    // Every byte weighs one until a char that is not ASCII says otherwise.
    let mut w = t.len();
    // Does a char other than ASCII change in lowercase?
    let mut changed = false;
    let bytes = text.as_bytes();
    let end = start + t.len();
    while i < end {
        // Eight ASCII bytes of the line at a time (most text), in a loop
        // with nothing else in it.
        let mut rest = bytes.get(i..end).unwrap_or_default();
        while let Some((c, tail)) = rest.split_first_chunk::<8>() {
            let Some((starts, digit, ws)) = printable_chunk(u64::from_le_bytes(*c), carry) else {
                break;
            };
            n += starts;
            digits |= digit;
            carry = ws >> 56;
            rest = tail;
        }
        i = end - rest.len();
        if rest.is_empty() {
            break;
        }
        // The line's last up to seven bytes, read with the text's bytes
        // after them (nearly every line has eight there) as spaces: most
        // lines end in printable ASCII, and are then done in the same few
        // operations as a whole chunk, not the general path below. No
        // carry is needed past the line's end.
        if rest.len() < 8 {
            if let Some((starts, digit, _)) =
                load8(bytes, i).and_then(|x| printable_chunk(spaces_from(x, rest.len()), carry))
            {
                n += starts;
                digits |= digit;
                break;
            }
        }
        // The line's last bytes, or eight with one that is not ASCII: the
        // ASCII ones before it, the bytes after them read as spaces.
        let mut x = load_spaced(bytes, i);
        let mut k = (end - i).min(8);
        let hi = x & HI;
        if hi != 0 {
            k = k.min((hi.trailing_zeros() / 8) as usize);
        }
        if k > 0 {
            if k < 8 {
                x = spaces_from(x, k);
            }
            let ws = ascii_ws(x);
            // The spaces after the `k` bytes start no word.
            n += count_high_bits(!ws & ((ws << 8) | carry) & HI);
            digits |= at_least(x, b'0') & !at_least(x, b'9' + 1);
            // The high bit of the last of the `k` bytes.
            carry = (ws >> (8 * (k - 1))) & 0x80;
            i += k;
            continue;
        }
        let Some(c) = text.get(i..).and_then(|r| r.chars().next()) else {
            break;
        };
        i += c.len_utf8();
        w -= c.len_utf8();
        if let Some(l) = lower_common(c) {
            // A letter (or `÷`): neither whitespace nor wide; below U+100
            // a Latin one but `÷` (as `script::of_char`).
            if (c as u32) < 0x100 && c != '\u{F7}' {
                letters.add_latin(1);
            } else {
                letters.add_char(c);
            }
            w += 1;
            n += usize::from(carry != 0);
            carry = 0;
            changed |= l != c;
            continue;
        }
        letters.add_char(c);
        w += if layout::is_wide(c) { 3 } else { 1 };
        let ws = c.is_whitespace();
        n += usize::from(carry != 0 && !ws);
        carry = if ws { 0x80 } else { 0 };
        changed = changed || !lowercase_is_itself(c);
    }
    if changed {
        lower.truncate(from);
        push_lowercase(t, lower);
    }
    (n, w, digits != 0)
}

/// For eight bytes read as a little-endian `u64`, all printable ASCII (a
/// space to DEL): how many words start in them (a non-space after a space;
/// `carry` is 0x80 when the byte before them is whitespace, else 0), the
/// high bit of each ASCII digit and of each space. `None` when a byte is
/// not ASCII or below a space (a tab, a control byte): the slower path
/// takes those. The others are whitespace exactly when they are a space.
#[inline]
fn printable_chunk(x: u64, carry: u64) -> Option<(usize, u64, u64)> {
    if unprintable(x) != 0 {
        return None;
    }
    let ws = !at_least(x, 0x21) & HI;
    // A word starts at a non-space byte after a space.
    let starts = count_high_bits(!ws & ((ws << 8) | carry) & HI);
    let digits = at_least(x, b'0') & !at_least(x, b'9' + 1);
    Some((starts, digits, ws))
}

/// The high bit of each byte of `x` (eight bytes read as a little-endian
/// `u64`) that is not printable ASCII (a space to DEL), exact up to the
/// first such byte: the bytes before it add nothing that carries into it.
/// Past a byte that is not ASCII the sum can carry into the next byte.
#[inline]
fn unprintable(x: u64) -> u64 {
    (x | !x.wrapping_add(LO * 0x60)) & HI
}

/// Where a walk over a line's bytes is (`i`), and what it counted of the
/// bytes before: the words, the high bit of each ASCII digit byte (any
/// bit: some digit), and 0x80 when the char before `i` is whitespace (or
/// there is none), else 0.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Walk {
    i: usize,
    n: usize,
    digits: u64,
    carry: u64,
}

impl Walk {
    /// A walk from `i`, with nothing counted.
    fn at(i: usize) -> Walk {
        Walk {
            i,
            n: 0,
            digits: 0,
            carry: 0x80,
        }
    }
}

/// The line that starts at `from` in `bytes` when it is all printable
/// ASCII (a space to DEL) and ends at a `\n`: where it ends, its word
/// count and whether it holds an ASCII digit, counted in the same walk
/// that finds its end, eight bytes at a time (the `\n` is the first byte
/// that is not printable). Most lines are such, and then need no search
/// for their end first. For any other line (with a tab, a control byte,
/// one that is not ASCII, or within the text's last eight bytes) the walk
/// as far as the bytes were printable, for [`scan_line`] to go on with.
fn printable_line(bytes: &[u8], from: usize) -> Result<(usize, usize, bool), Walk> {
    let mut walk = Walk::at(from);
    while let Some(x) = load8(bytes, walk.i) {
        if let Some((starts, digit, ws)) = printable_chunk(x, walk.carry) {
            walk.n += starts;
            walk.digits |= digit;
            walk.carry = ws >> 56;
            walk.i += 8;
            continue;
        }
        // The bytes before the first one that is not printable, those from
        // it on read as spaces.
        let k = (unprintable(x).trailing_zeros() / 8) as usize;
        if k > 0 {
            let Some((starts, digit, ws)) = printable_chunk(spaces_from(x, k), walk.carry) else {
                break;
            };
            walk.n += starts;
            walk.digits |= digit;
            // The high bit of the last of the `k` bytes.
            walk.carry = (ws >> (8 * (k - 1))) & 0x80;
            walk.i += k;
        }
        if bytes.get(walk.i) == Some(&b'\n') {
            return Ok((walk.i, walk.n, walk.digits != 0));
        }
        break;
    }
    Err(walk)
}

/// The eight bytes at `i` as one little-endian word, those past the end
/// of `bytes` as spaces.
#[inline]
fn load_spaced(bytes: &[u8], i: usize) -> u64 {
    if let Some(x) = load8(bytes, i) {
        return x;
    }
    // Only near the end of the text.
    let mut chunk = [b' '; 8];
    for (d, &b) in chunk.iter_mut().zip(bytes.get(i..).unwrap_or_default()) {
        *d = b;
    }
    u64::from_le_bytes(chunk)
}

/// `x` with its bytes from the `k`th on (`k` below 8) replaced by spaces.
#[inline]
fn spaces_from(x: u64, k: usize) -> u64 {
    let keep = (1u64 << (8 * k)) - 1;
    (x & keep) | ((LO * u64::from(b' ')) & !keep)
}

/// The high bit of each whitespace byte (as `char::is_whitespace`) of
/// eight ASCII bytes (each below 0x80) read as a little-endian `u64`.
#[inline]
fn ascii_ws(x: u64) -> u64 {
    // A byte equal to a space xors to zero, and zero is the only byte
    // not at least 1.
    let space = !at_least(x ^ (LO * 0x20), 1) & HI;
    space | (at_least(x, b'\t') & !at_least(x, b'\r' + 1))
}

/// Adds the ASCII letters of `bytes` to the Latin count of `counts`, as
/// far as [`script::Counts::dominant`] can tell: only the script with most
/// letters is read, and Latin is that (it wins ties) once it has as many
/// letters as all other scripts together, and at least one. Then the rest
/// need not be counted.
fn add_ascii_letters(counts: &mut script::Counts, bytes: &[u8]) {
    for block in bytes.chunks(1 << 14) {
        let others = counts.total() - counts.get(Script::Latin);
        if counts.get(Script::Latin) >= others.max(1) {
            return;
        }
        counts.add_latin(ascii_letters(block));
    }
}

/// How many bytes of `bytes` are ASCII letters: counted in blocks of 255
/// (one byte each holds a block's count), which the compiler turns into
/// wide vector sums.
fn ascii_letters(bytes: &[u8]) -> usize {
    bytes
        .chunks(255)
        .map(|c| {
            let n = c.iter().fold(0u8, |n, &b| {
                n.wrapping_add(u8::from((b | 0x20).wrapping_sub(b'a') < 26))
            });
            usize::from(n)
        })
        .sum()
}

/// Is `c` its own lowercase (one char)? Latin-1 signs and General
/// Punctuation (dashes, quotes, spaces: most chars outside words) have no
/// case, without the table search (a test checks). `Σ` is not: its
/// lowercase depends on its place in the word.
pub(crate) fn lowercase_is_itself(c: char) -> bool {
    if matches!(c as u32, 0x80..=0xBF | 0x2000..=0x206F) {
        return true;
    }
    if c == '\u{3A3}' {
        return false;
    }
    let mut l = c.to_lowercase();
    l.next() == Some(c) && l.next().is_none()
}

/// Appends [`lowercase`] of `t` to `out` but for its ASCII capitals, which
/// [`Document::from_string`] lowercases with the whole buffer.
fn push_lowercase(t: &str, out: &mut String) {
    if t.contains('\u{3A3}') {
        // Σ lowercases by its position in the word: the standard function.
        out.push_str(&t.to_lowercase());
        return;
    }
    // The ASCII runs between the other chars are copied as they are.
    let mut run = 0;
    while let Some(i) = next_non_ascii(t.as_bytes(), run) {
        let Some(c) = t.get(i..).and_then(|r| r.chars().next()) else {
            break;
        };
        out.push_str(t.get(run..i).unwrap_or_default());
        run = i + c.len_utf8();
        match lower_common(c) {
            Some(l) => out.push(l),
            None => out.extend(c.to_lowercase()),
        }
    }
    out.push_str(t.get(run..).unwrap_or_default());
}

/// Index of the first byte from `from` on that is not ASCII, looking at
/// eight bytes at a time.
fn next_non_ascii(bytes: &[u8], from: usize) -> Option<usize> {
    let mut i = from;
    while let Some(x) = load8(bytes, i) {
        let hi = x & HI;
        if hi != 0 {
            return Some(i + (hi.trailing_zeros() / 8) as usize);
        }
        i += 8;
    }
    let p = bytes.get(i..)?.iter().position(|&b| b >= 0x80)?;
    Some(i + p)
}

const LO: u64 = 0x0101_0101_0101_0101;
const HI: u64 = 0x8080_8080_8080_8080;

/// How many bytes of `m` have their high bit set (`m` has no other bits):
/// the multiplication adds the bytes' 0/1 into the top byte. Cheaper than
/// `count_ones`, which is a long bit-twiddling sequence on CPUs without
/// `popcnt` (the default x86-64 target).
fn count_high_bits(m: u64) -> usize {
    ((m >> 7).wrapping_mul(LO) >> 56) as usize
}

/// The high bit of each byte of `v` (eight bytes, each below 0x80) that is
/// at least `k`: adding `0x80 - k` sets it exactly then, with no carry
/// into the next byte.
fn at_least(v: u64, k: u8) -> u64 {
    v.wrapping_add(LO * u64::from(0x80 - k)) & HI
}

/// For eight ASCII bytes (each below 0x80) read as a little-endian `u64`:
/// the high bit of each byte that is whitespace (as `char::is_whitespace`), and of
/// each that is an ASCII letter. Adding `0x80 - k` to a byte below 0x80
/// sets its high bit exactly when it is at least `k`, with no carry into
/// the next byte.
#[cfg(test)]
fn ascii_classes(x: u64) -> (u64, u64) {
    // A byte equal to a space xors to zero, and zero is the only byte
    // not at least 1.
    let space = !at_least(x ^ (LO * 0x20), 1) & HI;
    let ws = space | (at_least(x, b'\t') & !at_least(x, b'\r' + 1));
    let folded = x | (LO * 0x20);
    let alpha = at_least(folded, b'a') & !at_least(folded, b'z' + 1);
    (ws, alpha)
}

#[derive(Clone, Debug)]
pub struct Document {
    pub lines: Vec<Line>,
    /// The script most letters of the document are written in.
    pub script: Script,
    /// The body span the layout rules used (first and last line index), set
    /// by the pipeline once the rules ran; for `explain`.
    pub body: Option<(usize, usize)>,
    /// Every line's `lower`, each followed by `\n`, in line order: the
    /// buffer the lines' `lower` share, searched whole by the lexicon.
    lower_joined: Arc<String>,
}

impl Document {
    /// Splits repaired text into lines; blank lines only separate blocks.
    pub fn from_text(text: &str) -> Document {
        Document::from_string(text.to_string())
    }

    /// [`Document::from_text`], keeping the text it is given as the buffer
    /// the lines share (no copy).
    pub fn from_string(text: String) -> Document {
        // Room for every line up front (a count of `\n` costs far less
        // than the regrowing and copying of this vector).
        let mut lines = Vec::with_capacity(memchr::memchr_iter(b'\n', text.as_bytes()).count() + 1);
        let mut lower = String::with_capacity(text.len() + 1);
        let mut counts = script::Counts::default();
        let mut block = 0;
        let mut in_block = false;
        let base = text.as_ptr() as usize;
        // The lines point into the text's buffer at once; their lowercase
        // is attached once it is all written (`Document::finish`).
        let text = Arc::new(text);
        let pending = Arc::new(String::new());
        let bytes = text.as_bytes();
        // The lines as `split_lines` has them: from `from` to the next `\n`
        // or the text's end.
        let mut from = 0;
        for number in 1.. {
            let printable = printable_line(bytes, from);
            let end = match printable {
                Ok((end, ..)) => end,
                Err(walk) => memchr::memchr(b'\n', bytes.get(walk.i..).unwrap_or_default())
                    .map_or(bytes.len(), |p| walk.i + p),
            };
            let raw = text.get(from..end).unwrap_or_default();
            let t = trim(raw);
            if t.is_empty() {
                if in_block {
                    block += 1;
                    in_block = false;
                }
            } else {
                in_block = true;
                let start = t.as_ptr() as usize - base;
                let low = lower.len();
                let (n_words, weight, digit) = match printable {
                    // A printable ASCII line that is its own trim: counted
                    // already; each byte weighs one, and only its ASCII
                    // capitals change in lowercase (done below, at once).
                    Ok((_, n_words, digit)) if t.len() == raw.len() => {
                        lower.push_str(t);
                        (n_words, t.len(), digit)
                    }
                    _ => {
                        // One walk over the line for all that is counted of
                        // it: from where the printable bytes ended, when the
                        // trim cut off none of those.
                        let walk = match printable {
                            Err(walk) if start == from && walk.i <= start + t.len() => walk,
                            _ => Walk::at(start),
                        };
                        scan_line(&text, start, start + t.len(), walk, &mut lower, &mut counts)
                    }
                };
                let low_end = lower.len();
                lower.push('\n');
                lines.push(Line {
                    text: Text::new(&text, start, start + t.len()),
                    lower: Text::new(&pending, low, low_end),
                    block,
                    number,
                    verdict: Verdict::Keep,
                    n_words,
                    prose: layout::prose_value_with(t, weight),
                    digit,
                });
            }
            if end >= bytes.len() {
                break;
            }
            from = end + 1;
        }
        // The ASCII capitals of every line, at once (the lines were copied
        // with them; nothing else in the buffer is an ASCII capital).
        lower.make_ascii_lowercase();
        // The ASCII letters of every line, at once (the lines' ends that
        // a trim cut off are whitespace: no letters).
        add_ascii_letters(&mut counts, text.as_bytes());
        Document::finish(lines, lower, &counts)
    }

    /// [`Document::from_string`] with the lines as the counting pass's walk
    /// found them (the same lines, numbers, blocks and counts): only the
    /// lowercase is built, no byte is classified again. A scan of another
    /// text (of another length) is ignored.
    pub fn from_scanned(text: String, scan: LineScan) -> Document {
        if scan.text_len != text.len() {
            return Document::from_string(text);
        }
        let LineScan {
            lines: scanned,
            mut letters,
            ..
        } = scan;
        // The lowercase first, then the lines: each line's `lower` then
        // points at the final buffer at once, with no placeholder buffer
        // to count references to and replace (atomic operations, per line).
        let mut lower = String::with_capacity(text.len() + 1);
        let mut lows = Vec::with_capacity(scanned.len() + 1);
        for l in &scanned {
            let (_, t) = scanned_line(&text, l);
            lows.push(lower.len());
            if l.changed {
                push_lowercase(t, &mut lower);
            } else {
                lower.push_str(t);
            }
            lower.push('\n');
        }
        lows.push(lower.len());
        lower.make_ascii_lowercase();
        let lower_joined = Arc::new(lower);
        let text = Arc::new(text);
        let lines = scanned
            .iter()
            .zip(lows.windows(2))
            .map(|(l, low)| {
                let (start, t) = scanned_line(&text, l);
                // A line's lowercase ends before the `\n` that follows it.
                let (low, low_end) = (low[0], low[1].saturating_sub(1));
                Line {
                    text: Text::new(&text, start, start + t.len()),
                    lower: Text::new(&lower_joined, low, low_end),
                    block: l.block as usize,
                    number: l.number as usize,
                    verdict: Verdict::Keep,
                    n_words: l.n_words as usize,
                    prose: layout::prose_value_with(t, l.weight as usize),
                    digit: l.digit,
                }
            })
            .collect();
        add_ascii_letters(&mut letters, text.as_bytes());
        Document {
            lines,
            script: letters.dominant(),
            body: None,
            lower_joined,
        }
    }

    /// The document of `lines`, whose `lower` ranges are ranges of `lower`
    /// (the lowercase lines joined): each line's `lower` is pointed at it.
    fn finish(mut lines: Vec<Line>, lower: String, counts: &script::Counts) -> Document {
        let lower_joined = Arc::new(lower);
        for l in &mut lines {
            l.lower.buf = Arc::clone(&lower_joined);
        }
        Document {
            lines,
            script: counts.dominant(),
            body: None,
            lower_joined,
        }
    }

    /// Every line's `lower`, each followed by `\n`, and where each line's
    /// `lower` is in it (`None` for a line whose `lower` was replaced).
    pub fn lower_joined(&self) -> (&str, Vec<Option<std::ops::Range<usize>>>) {
        self.lower_joined_where(|_| true)
    }

    /// [`Document::lower_joined`] with `None` also for the lines `keep`
    /// leaves out, in the same walk over the lines.
    pub(crate) fn lower_joined_where(
        &self,
        keep: impl Fn(&Line) -> bool,
    ) -> (&str, Vec<Option<std::ops::Range<usize>>>) {
        let ranges = self
            .lines
            .iter()
            .map(|l| {
                (keep(l) && Arc::ptr_eq(&l.lower.buf, &self.lower_joined)).then(|| l.lower.range())
            })
            .collect();
        (&self.lower_joined, ranges)
    }

    /// Marks line `i` dropped unless an earlier rule already did: the first
    /// rule to claim a line names it.
    pub fn drop_line(
        &mut self,
        i: usize,
        rule: &'static str,
        detail: impl Into<Cow<'static, str>>,
    ) {
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
        // Room for the whole output first: no regrowing and copying.
        // From the lines' ranges: no need to look at the text for its length.
        let room: usize = self
            .lines
            .iter()
            .filter(|l| l.is_kept())
            .map(|l| l.text.end.saturating_sub(l.text.start) + 2)
            .sum();
        let mut out = String::with_capacity(room);
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
            "Ünïcode\u{3000}line ΣΟΦΟΣ Привет ×÷ 12\u{85}x",
            " a",
            "a ",
            "\u{A0}a b\u{3000}",
            "é é",
            "éa  bé\t\tx",
            "a\u{2028}b",
            "  ",
            "x",
            "Eight or more ASCII bytes\tin\x0bone\x0cline\r\x1c\x1fbut @[`{ AZaz",
            "        leading spaces then words     ",
            "Grüße aus Köln, wo es heute regnet, und morgen auch\u{A0}wieder",
            "abcdefgh ijklmnop\u{3000}qrstuvwx yz012345 6789!?%& \u{85}end",
            "no digits here at all, only /:;@ and é",
            "eight by8 then a digit at the end 9",
            "Ü 1",
            "////////::::::::0",
        ] {
            let mut letters = script::Counts::default();
            assert_eq!(
                words_and_weight(s, &mut letters),
                (
                    s.split_whitespace().count(),
                    layout::weight(s),
                    s.bytes().any(|b| b.is_ascii_digit())
                ),
                "{s:?}"
            );
            assert_eq!(letters, script::Counts::of(s), "{s:?}");
        }
    }

    /// Lines from a fixed pseudo-random mix of ASCII, whitespace, digits,
    /// accented, Cyrillic, Greek (with `Σ`), wide and other chars.
    fn mixed_lines() -> Vec<String> {
        let alphabet: Vec<char> = "aZ zQ09 .,!?\t\x0b\x0c\r\x1cÄäßÿ×÷ÀЖжЀѐΣσςΟİǅ日本한\u{A0}\u{3000}\u{85}\u{2028}\u{200B}—“é@[`{"
            .chars()
            .collect();
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        (0..3000)
            .map(|_| {
                let len = (next() % 40) as usize;
                // Runs of plain ASCII too, as most text has them.
                let ascii = next() % 3 == 0;
                (0..len)
                    .map(|_| {
                        let r = next() as usize;
                        if ascii {
                            alphabet[r % 12]
                        } else {
                            alphabet[r % alphabet.len()]
                        }
                    })
                    .collect()
            })
            .collect()
    }

    #[test]
    fn scan_line_matches_the_separate_passes() {
        let mut lines: Vec<String> = [
            "",
            "a b",
            "Grüße\u{A0}aus Köln",
            "ΟΔΥΣΣΕΥΣ και ΣΟΦΟΣ Σ 12",
            "Eight or more ASCII bytes\tin\x0bone\x0cline\r\x1c\x1fbut @[`{ AZaz",
            "ФОТО: РИА НОВОСТИ 2022",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        lines.extend(mixed_lines());
        for (j, s) in lines.iter().enumerate() {
            // The line alone, and inside a text whose bytes after the line
            // (read in the same eight-byte loads) are digits, letters and
            // bytes that are not ASCII.
            let after = ["", "\n", "\n7Ab ÄÖ 12345678", "x9é", "ü", "\t\x01 9"][j % 6];
            let text = format!("ab{s}{after}");
            for (text, start) in [(s.as_str(), 0), (text.as_str(), 2)] {
                let mut letters = script::Counts::default();
                let mut lower = "prefix".to_string();
                let got = scan_line(
                    text,
                    start,
                    start + s.len(),
                    Walk::at(start),
                    &mut lower,
                    &mut letters,
                );
                letters.add_latin(ascii_letters(s.as_bytes()));
                lower.make_ascii_lowercase();
                let mut want_letters = script::Counts::default();
                assert_eq!(got, words_and_weight(s, &mut want_letters), "{s:?}");
                assert_eq!(got.0, count_words(s), "{s:?}");
                assert_eq!(letters, want_letters, "{s:?}");
                assert_eq!(lower, format!("prefix{}", s.to_lowercase()), "{s:?}");
            }
            assert_eq!(trim(s), s.trim(), "{s:?}");
            assert_eq!(
                ascii_letters(s.as_bytes()),
                s.bytes().filter(u8::is_ascii_alphabetic).count()
            );
        }
        let long = "aZ".repeat(700);
        assert_eq!(ascii_letters(long.as_bytes()), 1400);
    }

    #[test]
    fn lines_match_the_separate_passes() {
        let text = mixed_lines().join("\n");
        let d = Document::from_text(&text);
        let want: Vec<&str> = text
            .split('\n')
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .collect();
        assert_eq!(d.lines.len(), want.len());
        let mut letters = script::Counts::default();
        for (l, t) in d.lines.iter().zip(want) {
            assert_eq!(l.text, t);
            assert_eq!(l.lower, t.to_lowercase().as_str());
            assert_eq!(l.words(), t.split_whitespace().count(), "{t:?}");
            assert_eq!(l.prose(), layout::prose_value(t), "{t:?}");
            assert_eq!(l.has_digit(), t.bytes().any(|b| b.is_ascii_digit()));
            letters.add(t);
        }
        assert_eq!(d.script, letters.dominant());
    }

    /// Texts of the mixed lines joined in several ways: with blank and
    /// space-only lines between, long ASCII lines, a `\r\n`, and lines of
    /// every length up to past a chunk, to meet the walk at each offset.
    fn mixed_texts() -> Vec<String> {
        let lines = mixed_lines();
        let mut texts = vec![lines.join("\n"), lines.join("\n\n  \n")];
        let ascii: Vec<String> = (0..40)
            .map(|n| "ab 1 ".repeat(n / 5) + &"Zz ".repeat(n % 5))
            .collect();
        texts.push(ascii.join("\n"));
        texts.push(ascii.join("\r\n") + "\n");
        texts.push(format!("{}\n{}\n", "x".repeat(700), " y ".repeat(300)));
        texts.push(String::new());
        texts.push("\n".to_string());
        texts.push("a\n\nb c".to_string());
        texts
    }

    #[test]
    fn printable_line_is_the_line_when_it_says() {
        for text in mixed_texts() {
            let bytes = text.as_bytes();
            let mut from = 0;
            for line in text.split('\n') {
                let end = from + line.len();
                let printable = line.bytes().all(|b| (0x20..0x80).contains(&b));
                // The walk reaches the `\n` when eight bytes start at the
                // chunk that holds it.
                let reached = end - (end - from) % 8 + 8 <= bytes.len();
                let got = printable_line(bytes, from);
                if printable && end < bytes.len() && reached {
                    let digit = line.bytes().any(|b| b.is_ascii_digit());
                    assert_eq!(got, Ok((end, count_words(line), digit)), "{line:?}");
                } else {
                    // The walk stopped at the first byte that is not
                    // printable, or before the text's last eight bytes,
                    // with the counts of the bytes before.
                    let Err(walk) = got else {
                        panic!("{line:?}: {got:?}");
                    };
                    let before = &bytes[from..walk.i];
                    let first_bad = line
                        .bytes()
                        .position(|b| !(0x20..0x80).contains(&b))
                        .map_or(end, |p| from + p);
                    assert!(walk.i == first_bad || walk.i + 8 > bytes.len(), "{line:?}");
                    assert!(walk.i <= first_bad, "{line:?}");
                    let prefix = std::str::from_utf8(before).unwrap_or_default();
                    assert_eq!(walk.n, count_words(prefix), "{line:?}");
                    assert_eq!(walk.digits != 0, before.iter().any(u8::is_ascii_digit));
                    let ws = before.last().is_none_or(|&b| b == b' ');
                    assert_eq!(walk.carry, if ws { 0x80 } else { 0 }, "{line:?}");
                    // The scan of the line goes on from there as from its start.
                    if from + line.len() <= bytes.len() {
                        let (mut low, mut low_from) = (String::new(), String::new());
                        let (mut l1, mut l2) =
                            (script::Counts::default(), script::Counts::default());
                        let all = scan_line(&text, from, end, Walk::at(from), &mut low, &mut l1);
                        let on = scan_line(&text, from, end, walk, &mut low_from, &mut l2);
                        assert_eq!((all, low, l1), (on, low_from, l2), "{line:?}");
                    }
                }
                from = end + 1;
            }
        }
    }

    #[test]
    fn document_lines_are_the_split_lines() {
        for text in mixed_texts() {
            let d = Document::from_text(&text);
            let mut want = Vec::new();
            let (mut block, mut in_block) = (0, false);
            for (i, raw) in text.split('\n').enumerate() {
                let t = raw.trim();
                if t.is_empty() {
                    block += usize::from(in_block);
                    in_block = false;
                    continue;
                }
                in_block = true;
                want.push((t, i + 1, block));
            }
            let got: Vec<_> = d
                .lines
                .iter()
                .map(|l| (l.text.as_str(), l.number, l.block))
                .collect();
            assert_eq!(got, want);
            for (l, t) in d.lines.iter().zip(want.iter().map(|w| w.0)) {
                assert_eq!(l.lower, t.to_lowercase().as_str());
                assert_eq!(l.words(), t.split_whitespace().count(), "{t:?}");
                assert_eq!(l.prose(), layout::prose_value(t), "{t:?}");
                assert_eq!(l.has_digit(), t.bytes().any(|b| b.is_ascii_digit()));
            }
        }
    }

    #[test]
    fn push_lowercase_matches_std_but_ascii() {
        for s in mixed_lines().iter().map(String::as_str).chain([
            "ÄÖÜ",
            "abcdefghijklmnopÄqrstuvwxyzÖ",
            "Ж",
            "ΟΔΥΣΣΕΥΣ και",
            "İstanbul",
        ]) {
            let mut out = "x".to_string();
            push_lowercase(s, &mut out);
            out.make_ascii_lowercase();
            assert_eq!(out, format!("x{}", s.to_lowercase()), "{s:?}");
            for from in 0..=s.len() {
                let want = s
                    .bytes()
                    .enumerate()
                    .skip(from)
                    .find(|&(_, b)| b >= 0x80)
                    .map(|(i, _)| i);
                assert_eq!(next_non_ascii(s.as_bytes(), from), want, "{s:?} {from}");
            }
        }
    }

    #[test]
    fn early_letter_count_gives_the_dominant_script() {
        for s in mixed_lines().iter().map(String::as_str).chain([
            "Привет мир hello",
            "a",
            "",
            "1 2 3",
            "ЖЖ ab",
            "ЖЖ abc",
        ]) {
            let text = s.repeat(1 + (1 << 14) / (s.len() + 1) * (s.len() % 3));
            let mut c = script::Counts::default();
            for ch in text.chars().filter(|c| !c.is_ascii()) {
                c.add_char(ch);
            }
            add_ascii_letters(&mut c, text.as_bytes());
            assert_eq!(c.dominant(), script::Counts::of(&text).dominant(), "{s:?}");
        }
    }

    /// The document built from the counting pass's scan is the one
    /// built from the text alone, line for line.
    #[test]
    fn scanned_document_is_the_document() {
        let lines = mixed_lines();
        let mut texts: Vec<String> = vec![
            String::new(),
            "\n\n".into(),
            " \u{3000}Ab  \u{A0}\n\n\n ÄÖ x\u{2028} \r\n日本語 の\tテキスト 12\n\u{85}".into(),
            "Eight or more ASCII bytes\tin\x0bone\x0cline\r\x1c\x1fbut @[`{ AZaz 0815 ΣΟΦΟΣ".into(),
        ];
        for k in [1, 2, 3, 5, 8] {
            // Blank lines between some of them, at varied places.
            let text: Vec<&str> = lines
                .iter()
                .enumerate()
                .flat_map(|(i, l)| {
                    let blank = if i % k == 0 { "" } else { " \t" };
                    [l.as_str(), blank]
                        .into_iter()
                        .take(1 + usize::from(i % 3 == 0))
                })
                .collect();
            texts.push(text.join("\n"));
        }
        for text in texts {
            let (keys, scan) = crate::chrome::corpus::line_keys_scan(&text);
            assert_eq!(keys, crate::chrome::corpus::line_keys(&text));
            let want = Document::from_text(&text);
            let got = Document::from_scanned(text.clone(), scan.expect("a short text is scanned"));
            assert_eq!(got.lines.len(), want.lines.len());
            for (g, w) in got.lines.iter().zip(&want.lines) {
                assert_eq!(g.text.as_str(), w.text.as_str());
                assert_eq!(g.lower.as_str(), w.lower.as_str());
                assert_eq!(
                    (g.number, g.block, g.words(), g.prose(), g.has_digit()),
                    (w.number, w.block, w.words(), w.prose(), w.has_digit()),
                    "{:?}",
                    w.text
                );
            }
            assert_eq!(got.script, want.script);
            assert_eq!(got.lower_joined(), want.lower_joined());
            // A scan of another text is not used.
            let other = Document::from_scanned(format!("{text}x"), LineScan::default());
            assert_eq!(
                other.lines.len(),
                Document::from_text(&format!("{text}x")).lines.len()
            );
        }
    }

    #[test]
    fn lowercase_is_itself_matches_std() {
        for c in ('\u{80}'..='\u{2FFF}').chain(['Σ', 'İ', 'ǅ', 'Ⅻ', 'Ａ']) {
            let l: String = c.to_lowercase().collect();
            assert_eq!(
                lowercase_is_itself(c),
                l == c.to_string() && c != 'Σ',
                "{c:?}"
            );
        }
    }

    #[test]
    fn common_lowercase_matches_std() {
        for c in ('\u{80}'..='\u{2FF}').chain('\u{370}'..='\u{52F}') {
            if let Some(l) = lower_common(c) {
                assert_eq!(l.to_string(), c.to_lowercase().to_string(), "{c:?}");
            }
        }
        assert_eq!(lower_common('Ä'), Some('ä'));
        assert_eq!(lower_common('Ж'), Some('ж'));
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
    fn lines_share_the_text_and_the_joined_lowercase() {
        let d = Document::from_text("  Héllo World \n\nÄB  \n");
        assert_eq!(d.lines[0].text, "Héllo World");
        assert_eq!(d.lines[1].lower, "äb");
        let (joined, ranges) = d.lower_joined();
        assert_eq!(joined, "héllo world\näb\n");
        assert_eq!(ranges, vec![Some(0..12), Some(13..16)]);
        let mut e = d.clone();
        e.lines[1].lower = Text::from("other".to_string());
        assert_eq!(e.lower_joined().1, vec![Some(0..12), None]);
    }

    #[test]
    fn split_lines_is_split_on_newline() {
        for t in ["", "\n", "a", "a\n", "\na\n\nb", "é\nü\r\n\n", "x\n\n\n"] {
            let want: Vec<&str> = t.split('\n').collect();
            assert_eq!(split_lines(t).collect::<Vec<_>>(), want, "{t:?}");
        }
    }

    #[test]
    fn empty_document_renders_empty() {
        assert_eq!(Document::from_text("\n \n").render(), "");
    }
}
