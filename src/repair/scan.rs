//! One pass over a line that tells which repairs can apply to it, so that
//! a clean line (nearly all of them) costs one table lookup per character
//! instead of one pass per repair stage.

use super::codepage::{
    self, CONT_SHIFT, F_BREAK, F_CYR_LOW, F_CYR_NOT_DJE, F_CYR_ODD, F_CYR_PLAIN, F_CYR_UP, F_DROP,
    F_LATIN1, F_NFC, F_WS, LEAD2, LEAD3,
};
use super::mojibake;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Scan {
    /// May hold UTF-8 mojibake (see [`super::mojibake::suspicious`]).
    pub mojibake: bool,
    /// May be a single-byte code page read as another (see [`super::cyrillic`]).
    pub codepage: bool,
    /// Needs no whitespace work.
    pub spacing_clean: bool,
    /// Known to be NFC without the quick check.
    pub nfc: bool,
    /// Holds U+FFFD (resolved by its context later).
    pub replacement: bool,
    /// Holds U+2028 or U+2029 (a CR is a control byte: see [`Bytes`]).
    pub line_break: bool,
    /// May hold what [`super::whitespace::remove_invisible`] drops: a
    /// control byte, or an invisible character other than the soft hyphen.
    pub droppable: bool,
}

/// What one pass over the bytes of a line says before any decoding.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Bytes {
    pub ascii: bool,
    /// No control byte, no double space, no space at either end.
    pub spacing_clean: bool,
}

const LO7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
const HI: u64 = 0x8080_8080_8080_8080;
const ONES: u64 = 0x0101_0101_0101_0101;

/// Bytes per step of [`bytes`]: one SSE2 register.
const LANES: usize = 16;

/// One step of [`bytes`] at `at`: per lane, the OR of the bytes, and
/// whether a control byte or a space followed by a space was seen. Plain
/// loops over arrays of one register's width, so that they compile to
/// vector instructions (some 20 per 16 bytes, against some 40 for two
/// SWAR words).
#[inline(always)]
fn lanes(b: &[u8], at: usize, or: &mut [u8; LANES], bad: &mut [u8; LANES]) {
    let cur = b
        .get(at..at + LANES)
        .and_then(|c| <&[u8; LANES]>::try_from(c).ok());
    let next = b
        .get(at + 1..at + 1 + LANES)
        .and_then(|c| <&[u8; LANES]>::try_from(c).ok());
    let (Some(cur), Some(next)) = (cur, next) else {
        return;
    };
    for j in 0..LANES {
        let x = cur[j];
        or[j] |= x;
        // Below 0x20 or 0x7F: a control; a space before a space.
        bad[j] |= u8::from(x < 0x20)
            | u8::from(x == 0x7F)
            | (u8::from(x == b' ') & u8::from(next[j] == b' '));
    }
}

/// [`Bytes`] sixteen bytes at a time, for lines longer than that; shorter
/// ones go to [`bytes_swar`].
pub fn bytes(b: &[u8]) -> Bytes {
    let Some(last) = b.len().checked_sub(LANES + 1) else {
        return bytes_swar(b);
    };
    let mut or = [0u8; LANES];
    let mut bad = [0u8; LANES];
    let mut at = 0;
    while at < last {
        lanes(b, at, &mut or, &mut bad);
        at += LANES;
    }
    // The last step may overlap the one before it (harmless for an OR).
    // The steps read every byte, but the last one only as the byte after.
    lanes(b, last, &mut or, &mut bad);
    let end = b.last().copied().unwrap_or(b'A');
    let high = end >= 0x80 || or.iter().any(|&x| x >= 0x80);
    let bad = end < 0x20 || end == 0x7F || bad.iter().any(|&x| x != 0);
    let edge_space = b.first() == Some(&b' ') || end == b' ';
    Bytes {
        ascii: !high,
        spacing_clean: !edge_space && !bad,
    }
}

/// [`Bytes`] eight bytes at a time (SWAR): every test below sets the high
/// bit of exactly the bytes it matches, with no carry between bytes, so a
/// clean line costs a few operations per word instead of per byte.
fn bytes_swar(b: &[u8]) -> Bytes {
    let edge_space = b.first() == Some(&b' ') || b.last() == Some(&b' ');
    let (mut high, mut ctrl, mut double, mut prev_space) = (0u64, 0u64, 0u64, 0u64);
    let mut step = |w: u64| {
        let low = w & LO7;
        // Below 0x20: low + 0x60 leaves the high bit clear; 0x7F: low + 1 sets it.
        ctrl |= (!(low + 0x60 * ONES) | (low + ONES)) & !w & HI;
        high |= w & HI;
        let x = w ^ (0x20 * ONES);
        let space = !(((x & LO7) + LO7) | x) & HI;
        // A space after a space, within the word or across its start.
        double |= space & ((space << 8) | (prev_space >> 56));
        prev_space = space;
    };
    let mut chunks = b.chunks_exact(8);
    for c in &mut chunks {
        let mut w = [0u8; 8];
        w.copy_from_slice(c);
        step(u64::from_le_bytes(w));
    }
    // The tail, padded with a byte that matches no test.
    let mut w = [b'A'; 8];
    w[..chunks.remainder().len()].copy_from_slice(chunks.remainder());
    step(u64::from_le_bytes(w));
    Bytes {
        ascii: high == 0,
        spacing_clean: !edge_space && ctrl == 0 && double == 0,
    }
}

/// The bits a character may have and still take the short way in
/// [`scan_with`].
const LIGHT: u64 = LEAD2 | LEAD3 | F_CYR_NOT_DJE;

/// What [`RUN`] adds up for a pair of bytes in a run of Cyrillic letters:
/// two counts of 21 bits (lowercase and uppercase) and a flag.
const RUN_LO: u64 = 1;
const RUN_UP: u64 = 1 << 21;
/// An ASCII byte before a non-ASCII one (a space between words): the run
/// goes on one byte further.
const RUN_SEP: u64 = 1 << 63;
/// Bytes a run reads at most before its counts are added up, so that no
/// count can reach 2^21.
const RUN_MAX: usize = 1 << 20;

/// The class of the first byte of a pair: 1 for 0xD0, 2 for 0xD1, 3 for
/// ASCII, 0 for anything else.
const RUN_CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 256 {
        t[i] = match i {
            0..=0x7F => 3,
            0xD0 => 1,
            0xD1 => 2,
            _ => 0,
        };
        i += 1;
    }
    t
};

/// The index into [`RUN`] of a pair.
fn run_index(b0: u8, b1: u8) -> usize {
    (usize::from(RUN_CLASS[usize::from(b0)]) << 8) | usize::from(b1)
}

/// Indexed by [`run_index`]; zero ends the run. At a character boundary of
/// valid UTF-8, D0 B0 to D1 9F are exactly а..џ (U+0430..U+045F), D0 80 to
/// D0 AF Ѐ..Я (U+0400..U+042F), of which `Ђ`, `Р` and `С` end the run.
const RUN: [u64; 1024] = {
    let mut t = [0u64; 1024];
    let mut b1 = 0;
    while b1 < 256 {
        if matches!(b1, 0x80..=0xAF) && !matches!(b1, 0x82 | 0xA0 | 0xA1) {
            t[256 + b1] = RUN_UP;
        }
        if matches!(b1, 0xB0..=0xBF) {
            t[256 + b1] = RUN_LO;
        }
        if matches!(b1, 0x80..=0x9F) {
            t[512 + b1] = RUN_LO;
        }
        if b1 >= 0x80 {
            t[768 + b1] = RUN_SEP;
        }
        b1 += 1;
    }
    t
};

/// The index of the first byte from `i` on that is not ASCII (or the end),
/// eight bytes at a time.
fn skip_ascii(b: &[u8], mut i: usize) -> usize {
    while let Some(c) = b.get(i..i + 8) {
        let mut w = [0u8; 8];
        w.copy_from_slice(c);
        let high = u64::from_le_bytes(w) & HI;
        if high != 0 {
            return i + high.trailing_zeros() as usize / 8;
        }
        i += 8;
    }
    while i < b.len() && b[i] < 0x80 {
        i += 1;
    }
    i
}

/// How many bytes are ASCII letters, eight at a time: for a byte below
/// 0x80, `b | 0x20` is a lowercase letter when adding 0x1F sets its high
/// bit and adding 0x05 does not (no carry leaves a byte below 0x80).
fn count_ascii_letters(b: &[u8]) -> usize {
    let count = |w: u64| {
        let low = (w & LO7) | (0x20 * ONES);
        let ge_a = low + 0x1F * ONES;
        let gt_z = low + 0x05 * ONES;
        // One per matching byte, summed into the top byte by the multiply
        // (at most 8: no carry); no popcnt in the baseline x86-64.
        (((ge_a & !gt_z & !w & HI) >> 7).wrapping_mul(ONES) >> 56) as usize
    };
    let mut chunks = b.chunks_exact(8);
    let mut n = 0;
    for c in &mut chunks {
        let mut w = [0u8; 8];
        w.copy_from_slice(c);
        n += count(u64::from_le_bytes(w));
    }
    n + chunks
        .remainder()
        .iter()
        .filter(|c| c.is_ascii_alphabetic())
        .count()
}

/// Whether more than `n` bytes are ASCII letters: [`count_ascii_letters`]
/// a block at a time, stopping as soon as it is known (a few words into a
/// line of Latin text).
fn ascii_letters_exceed(b: &[u8], n: usize) -> bool {
    let mut seen = 0;
    b.chunks(64).any(|block| {
        seen += count_ascii_letters(block);
        seen > n
    })
}

pub fn scan(line: &str) -> Scan {
    scan_with(line, bytes(line.as_bytes()))
}

/// Whether the pair of the character at `start` (`u`, a continuation in
/// the code pages `hit`) and the one before it may be repaired (see
/// [`mojibake::pair_may_fix`]). Out of line: the scan loop calls it for a
/// few lines in a thousand, and inlined, its code was partly computed for
/// every character.
#[cold]
#[inline(never)]
fn live_pair(line: &str, start: usize, u: u32, hit: u64) -> bool {
    let lead = line.get(..start).and_then(|s| s.chars().next_back());
    lead.is_none_or(|l| mojibake::pair_may_fix(l, char::from_u32(u).unwrap_or('\u{FFFD}'), hit))
}

/// [`scan`] for a line whose [`bytes`] are already known.
pub fn scan_with(line: &str, by: Bytes) -> Scan {
    scan_with_from(line, by, 0)
}

/// [`scan_with`] for a line whose bytes before `from` are all ASCII: the
/// scan state after an ASCII byte is the state it starts in, so the loop
/// starts at `from` (the ASCII letters are still counted over the line).
///
/// Inlined into its one caller on the hot path ([`super::Pass`]), which
/// calls it for every line above ASCII: the call's register saves and the
/// returned struct cost some 20 instructions a line.
#[inline(always)]
pub fn scan_with_from(line: &str, by: Bytes, from: usize) -> Scan {
    let b = line.as_bytes();
    let ascii_clean = by.spacing_clean;
    if by.ascii {
        return Scan {
            mojibake: false,
            codepage: false,
            spacing_clean: ascii_clean,
            nfc: true,
            replacement: false,
            line_break: false,
            droppable: !ascii_clean,
        };
    }
    let m = codepage::masks();
    let mut mojibake = false;
    let (mut need1, mut need2) = (0u64, 0u64);
    let mut prev_a_tilde = false;
    let mut prev_cyr = false;
    let mut any = 0u64;
    let (mut latin1, mut odd, mut upper, mut lower) = (0usize, 0usize, 0usize, 0usize);
    let mut prev_lower = false;
    let mut replacement = false;
    // Pairs that [`mojibake::pair_may_fix`] rejected.
    let mut dead_pair = false;
    // A byte loop: ASCII bytes need only the spacing check and a reset of
    // the sequence state; other characters are decoded by hand (the input
    // is valid UTF-8) and looked up once in the mask table. The updates
    // are branch-free: in mixed text the branches would mispredict.
    let bit = |k: u64, flag: u64| usize::from(k & flag != 0);
    let mut i = if b.get(..from).is_some_and(<[u8]>::is_ascii) {
        from
    } else {
        0
    };
    while i < b.len() {
        let c = b[i];
        if c < 0x80 {
            mojibake |= prev_a_tilde & (c == b' ');
            (need1, need2, prev_a_tilde, prev_cyr, prev_lower) = (0, 0, false, false, false);
            // The rest of an ASCII run changes nothing.
            i = skip_ascii(b, i + 1);
            continue;
        }
        // A run of Cyrillic letters, the bulk of Cyrillic text, when the
        // character before cannot pair with the first into mojibake: its
        // continuation bits are masked after a plain Cyrillic letter, and
        // nothing pends after ASCII. Each letter then only counts its case
        // and sets the pending leads, so the run takes a range check per
        // letter and the last letter's leads (see the test
        // `cyrillic_run_premise`). Not `Ђ` (unmasked after `в`), nor `Р`
        // and `С` (after which the next letter is checked in full). A lone
        // ASCII byte between words resets the state as the ASCII branch
        // above does, so it stays in the run: a Cyrillic line leaves the
        // run only at punctuation, digits and other scripts, not at every
        // word end (each exit a likely branch miss).
        if c & 0xFE == 0xD0 && (prev_cyr || (need1 | need2) == 0) {
            let start = i;
            let mut pl = usize::from(prev_lower);
            let mut acc = 0u64;
            // One table lookup and one addition per letter: this loop is
            // most of the scan's time on Cyrillic text. It walks a slice
            // (one length test a step, no index to check).
            let from = b.get(i..).unwrap_or_default();
            let seg = from.get(..RUN_MAX).unwrap_or(from);
            let mut rest = seg;
            // Nothing read from the table feeds the next step's address:
            // the step comes from the first byte (one for the ASCII byte
            // between words, which is all the table lets through), and the
            // case of the letter before goes only into a sum.
            while let [b0, b1, ..] = *rest {
                let e = RUN[run_index(b0, b1)];
                if e == 0 {
                    break;
                }
                // Wrapping: the flag in bit 63 carries out of it, and
                // no count reaches it.
                acc = acc.wrapping_add(e);
                odd += ((e >> 21) as usize & 1) & pl;
                pl = (e & RUN_LO) as usize;
                rest = rest.get(2 - usize::from(b0 < 0x80)..).unwrap_or_default();
            }
            i += seg.len() - rest.len();
            let field = |shift: u32| (acc >> shift & ((1 << 21) - 1)) as usize;
            lower += field(0);
            upper += field(21);
            prev_lower = pl != 0;
            if i > start {
                // The run ended on the ASCII byte of a step of one, or on
                // the continuation byte of a letter.
                if b.get(i - 1).is_some_and(u8::is_ascii) {
                    (need1, need2, prev_cyr) = (0, 0, false);
                } else {
                    let hi = u32::from(b.get(i.saturating_sub(2)).copied().unwrap_or(0) & 0x1F);
                    let lo = u32::from(b.get(i - 1).copied().unwrap_or(0) & 0x3F);
                    let k = m.get_u32((hi << 6) | lo);
                    need1 = k & LEAD2;
                    need2 = (k & LEAD3) >> 16;
                    prev_cyr = true;
                }
                prev_a_tilde = false;
                continue;
            }
        }
        let cont = |k: usize| u32::from(b.get(i + k).copied().unwrap_or(0x80) & 0x3F);
        let (u, len) = match c {
            0xC0..=0xDF => ((u32::from(c & 0x1F) << 6) | cont(1), 2),
            0xE0..=0xEF => ((u32::from(c & 0x0F) << 12) | (cont(1) << 6) | cont(2), 3),
            _ => (
                (u32::from(c & 0x07) << 18) | (cont(1) << 12) | (cont(2) << 6) | cont(3),
                4,
            ),
        };
        i += len;
        let k = m.get_u32(u);
        // A character with no flag and no continuation bit (CJK, most
        // Greek and Latin letters beyond Latin-1, many signs) cannot
        // complete mojibake and counts for nothing: it only sets the
        // pending leads (see the test `light_premise`).
        if k & !LIGHT == 0 {
            need1 = k & LEAD2;
            need2 = (k & LEAD3) >> 16;
            (prev_cyr, prev_a_tilde, prev_lower) = (false, false, false);
            continue;
        }
        any |= k;
        replacement |= u == 0xFFFD;
        // Mojibake: a lead followed by enough continuations of one code
        // page (not a Cyrillic letter after another, but for `Ђ`).
        let after_cyr = u64::from(prev_cyr & (k & F_CYR_NOT_DJE != 0));
        let cont = (k >> CONT_SHIFT) & 0xFFFF & after_cyr.wrapping_sub(1);
        mojibake |= (u.wrapping_sub(0x80) < 0x20) | (prev_a_tilde & (u == 0xA0));
        // A lead and its continuation: rare, and then judged by what the
        // pair decodes to (see below).
        let hit = need1 & cont;
        if hit != 0 && !mojibake {
            if live_pair(line, i - len, u, hit) {
                mojibake = true;
            } else {
                dead_pair = true;
            }
        }
        need1 = (need2 & cont) | (k & LEAD2);
        need2 = (k & LEAD3) >> 16;
        prev_cyr = k & F_CYR_PLAIN != 0;
        prev_a_tilde = u == 0xC3;
        // Code page mix-ups (the four flags exclude each other).
        latin1 += bit(k, F_LATIN1);
        upper += bit(k, F_CYR_UP);
        odd += bit(k, F_CYR_UP) & usize::from(prev_lower);
        lower += bit(k, F_CYR_LOW);
        odd += bit(k, F_CYR_ODD);
        prev_lower = k & F_CYR_LOW != 0;
    }
    // ASCII letters matter only when there are Latin-1 letters to compare.
    let latin1_page = latin1 >= 3 && !ascii_letters_exceed(b, latin1);
    let cyr = upper + lower;
    Scan {
        // Pairs that decode to no character real text uses cannot be
        // repaired, unless a U+FFFD on the line lets [`mojibake::fix_line`]
        // read other sequences (with a lost byte) than the pairs found
        // here: the line then goes to it as before.
        mojibake: mojibake || (dead_pair && replacement),
        codepage: latin1_page
            || (cyr >= 3 && odd >= 2)
            || (lower > 0 && upper >= 4 && upper * 10 >= cyr * 6),
        spacing_clean: ascii_clean && any & F_WS == 0,
        nfc: any & F_NFC == 0,
        replacement,
        line_break: any & F_BREAK != 0,
        droppable: !ascii_clean || any & F_DROP != 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_lines() {
        for s in ["plain ascii.", "Grüße, мир — “ok” 中文", "Ελληνικά κείμενα"]
        {
            let sc = scan(s);
            assert!(!sc.mojibake && !sc.codepage && sc.spacing_clean, "{s}");
        }
        assert!(scan("Grüße").nfc);
    }

    #[test]
    fn byte_check_matches_a_plain_loop() {
        let plain = |b: &[u8]| Bytes {
            ascii: b.is_ascii(),
            spacing_clean: b.first() != Some(&b' ')
                && b.last() != Some(&b' ')
                && !b.iter().any(|&c| c < 0x20 || c == 0x7F)
                && !b.windows(2).any(|w| w == b"  "),
        };
        let alphabet = [
            b'a', b' ', b'\t', 0x7F, 0x1F, 0x20, 0x21, 0x80, 0xC3, 0xFF, b'A',
        ];
        // Every string of up to 4 of these bytes, at several offsets and
        // lengths around the 8-byte words.
        let mut cases: Vec<Vec<u8>> = vec![vec![]];
        let mut last = cases.clone();
        for _ in 0..4 {
            last = last
                .iter()
                .flat_map(|c| alphabet.iter().map(move |&a| [c.as_slice(), &[a]].concat()))
                .collect();
            cases.extend(last.iter().cloned());
        }
        for c in cases {
            for pad in [0, 3, 5, 6, 7, 8, 13] {
                for tail in [0, 1, 4, 9] {
                    let mut b = vec![b'x'; pad];
                    b.extend_from_slice(&c);
                    b.extend(std::iter::repeat_n(b'y', tail));
                    assert_eq!(bytes(&b), plain(&b), "{b:?}");
                }
            }
        }
    }

    #[test]
    fn long_lines_checked_like_short_ones() {
        // Every length around the 16-byte steps, with each special byte at
        // every place: the vector path against the SWAR one.
        for len in 0..70 {
            for at in 0..len {
                for (x, y) in [
                    (b' ', b' '),
                    (0x1F, b'a'),
                    (0x7F, b'a'),
                    (0xC3, 0xA9),
                    (b' ', b'b'),
                ] {
                    let mut v = vec![b'q'; len];
                    v[at] = x;
                    if at + 1 < len {
                        v[at + 1] = y;
                    }
                    assert_eq!(bytes(&v), bytes_swar(&v), "{v:?}");
                }
            }
        }
    }

    #[test]
    fn cyrillic_run_premise() {
        // What the run in `scan_with` assumes of these letters.
        let m = codepage::masks();
        let want = |c: char| {
            let case = if c >= '\u{430}' { F_CYR_LOW } else { F_CYR_UP };
            let not_dje = if c == 'Ђ' { 0 } else { F_CYR_NOT_DJE };
            let plain = if matches!(c, 'Р' | 'С') {
                0
            } else {
                F_CYR_PLAIN
            };
            case | not_dje | plain
        };
        let all = F_WS | F_NFC | F_CYR_UP | F_CYR_LOW | F_LATIN1 | F_CYR_ODD | F_CYR_PLAIN;
        for c in '\u{400}'..='\u{45F}' {
            assert_eq!(m.get(c) & (all | F_CYR_NOT_DJE), want(c), "{c}");
        }
        // Only these have their bytes in the ranges the run reads.
        for u in 0x80u32..0x800 {
            let Some(c) = char::from_u32(u) else { continue };
            let mut buf = [0; 4];
            let e = c.encode_utf8(&mut buf).as_bytes();
            let v = u16::from_be_bytes([e[0], e[1]]);
            let in_run = (0xD0B0..=0xD19F).contains(&v) || (0xD080..=0xD0AF).contains(&v);
            assert_eq!(in_run, ('\u{400}'..='\u{45F}').contains(&c), "{c}");
        }
    }

    #[test]
    fn run_table_matches_the_ranges() {
        // The pair tests the table replaced, on every pair valid UTF-8 can
        // have at a character boundary.
        for b0 in 0..=255u8 {
            for b1 in 0..=255u8 {
                if b0 & 0xFE == 0xD0 && b1 & 0xC0 != 0x80 {
                    continue;
                }
                let v = u16::from_be_bytes([b0, b1]);
                let lo = v.wrapping_sub(0xD0B0) <= 0xD19F - 0xD0B0;
                let up = v.wrapping_sub(0xD080) <= 0xD0AF - 0xD080
                    && !matches!(v, 0xD082 | 0xD0A0 | 0xD0A1);
                let sep = v & 0x8080 == 0x0080;
                let mut want = 0;
                if lo {
                    want += RUN_LO;
                }
                if up {
                    want += RUN_UP;
                }
                if sep {
                    want += RUN_SEP;
                }
                let e = RUN[run_index(b0, b1)];
                assert_eq!(e, want, "{b0:#x} {b1:#x}");
                // The loop steps by one exactly over an ASCII byte.
                if e != 0 {
                    assert_eq!(sep, b0 < 0x80, "{b0:#x} {b1:#x}");
                }
            }
        }
    }

    #[test]
    fn light_premise() {
        // A character that takes the short way has no flag the counts or
        // the later stages read, and none of the values the mojibake check
        // tests by value.
        let m = codepage::masks();
        for c in (0..=0x10FFFFu32)
            .filter_map(char::from_u32)
            .filter(|c| !c.is_ascii())
        {
            if m.get(c) & !LIGHT == 0 {
                let u = c as u32;
                assert!(
                    !(0x80..0xA0).contains(&u) && !matches!(u, 0xA0 | 0xC3 | 0xFFFD),
                    "{c:?}"
                );
            }
        }
        assert_ne!(m.get('\u{FFFD}') & !LIGHT, 0);
    }

    #[test]
    fn ascii_letters_counted_like_a_plain_loop() {
        let all: Vec<u8> = (0..=255u8).collect();
        for start in 0..8 {
            for len in [0, 1, 7, 8, 9, 64, 200, 248] {
                let b = &all[start..(start + len).min(256)];
                let plain = b.iter().filter(|c| c.is_ascii_alphabetic()).count();
                assert_eq!(count_ascii_letters(b), plain, "{start} {len}");
            }
        }
        let mixed = "Grüße aus München, ça va? ЁЖ zZaA@[`{".as_bytes();
        let plain = mixed.iter().filter(|c| c.is_ascii_alphabetic()).count();
        assert_eq!(count_ascii_letters(mixed), plain);
        // The early stop agrees with the full count at every bound.
        let long = "Grüße aus München, ça va? ".repeat(20);
        for b in [mixed, long.as_bytes(), &all[..]] {
            let plain = b.iter().filter(|c| c.is_ascii_alphabetic()).count();
            for n in 0..plain + 3 {
                assert_eq!(ascii_letters_exceed(b, n), plain > n, "{n}");
            }
        }
    }

    #[test]
    fn scan_from_an_ascii_prefix_is_the_same() {
        for line in [
            "plain ascii then Ã© here",
            "word Ã next",
            "abc Рё ок",
            "x Çàãîëîâîê and more",
            "für über schön, Grüße aus Köln",
            "a\u{FFFD}b",
            "tail Ã",
            "ab \u{2028} cd",
            "e\u{301}",
        ] {
            let whole = scan(line);
            let prefix = line.bytes().take_while(u8::is_ascii).count();
            for from in 0..=line.len() {
                let by = bytes(line.as_bytes());
                let got = scan_with_from(line, by, from);
                // Past the ASCII prefix it starts over (no other place is sure).
                assert_eq!(got, whole, "{line:?} {from} {prefix}");
            }
        }
    }

    /// What the mojibake flag must keep: a line it leaves out is one that
    /// [`mojibake::fix_line`] leaves as it is, logging nothing, and it
    /// flags no line that [`mojibake::suspicious`] does not.
    fn flag_keeps_every_repair(line: &str) -> Result<(), String> {
        let sc = scan(line);
        let mut log = crate::repair::RepairLog::default();
        let fixed = mojibake::fix_line(line, 1, &mut log);
        if sc.mojibake && !mojibake::suspicious(line) {
            return Err(format!("flagged, not suspicious: {line:?}"));
        }
        if !sc.mojibake && (fixed.is_some() || !log.items.is_empty()) {
            return Err(format!("not flagged, repaired: {line:?} -> {fixed:?}"));
        }
        Ok(())
    }

    #[test]
    fn every_two_byte_pair_keeps_its_repairs() {
        // Every lead and continuation of every code page, in contexts that
        // make it a whole word, part of one, or next to other sequences.
        for codec in codepage::codecs() {
            let high: Vec<char> = codec.high.to_vec();
            let leads = &high[0x42..0x60];
            let conts = &high[..0x40];
            for &l in leads {
                for &c in conts {
                    for line in [
                        format!("{l}{c}"),
                        format!("a{l}{c}b"),
                        format!("l{l}{c}vation d{l}{c}un"),
                        format!("{l}{c}{l}{c}"),
                        format!("x {l}{c} y"),
                        format!("\u{C3}\u{A9} {l}{c}"),
                        format!("{l}{c}\u{FFFD}x"),
                        format!("\u{E2}\u{80}{l}{c}"),
                    ] {
                        flag_keeps_every_repair(&line)
                            .unwrap_or_else(|e| panic!("{}: {e}", codec.name));
                    }
                }
            }
        }
    }

    const PAIR_PIECES: &[&str] = &[
        "l’é",
        "d’un",
        "’",
        "é",
        "ß",
        "\u{AD}",
        "Weiß\u{AD}wein",
        "Ã©",
        "Ã",
        " ",
        "a",
        "x",
        "â€™",
        "Рё",
        "СЃ",
        "ви",
        "\u{FFFD}",
        "?",
        "Â´",
        "“",
        "”",
        "«",
        "–",
        "ü",
        "ö",
        "Ð",
        "\u{85}",
        "В«",
        "╨",
        "┐",
        "Վ",
        "中",
        "ÃƒÂ¶",
    ];

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4000))]
        #[test]
        fn mojibake_flag_keeps_every_repair(
            parts in proptest::collection::vec(proptest::sample::select(PAIR_PIECES), 0..24),
        ) {
            let line = parts.concat();
            let r = flag_keeps_every_repair(&line);
            proptest::prop_assert!(r.is_ok(), "{:?}", r);
        }
    }

    #[test]
    fn elisions_and_soft_hyphens_are_not_mojibake() {
        for s in [
            "L’évaluation de la recherche, d’un côté",
            "Vor\u{AD}sor\u{AD}ge\u{AD}maß\u{AD}nah\u{AD}men",
            "Weiß\u{AD}wein",
        ] {
            assert!(!scan(s).mojibake, "{s}");
        }
        // With a U+FFFD the line goes to the repair as before.
        assert!(scan("l’é \u{FFFD}").mojibake);
    }

    const DROP_PIECES: &[&str] = &[
        "a",
        " ",
        "  ",
        "\t",
        "\u{1}",
        "\u{7F}",
        "\u{AD}",
        "\u{200B}",
        "\u{200E}",
        "\u{FEFF}",
        "\u{2060}",
        "\u{202A}",
        "\u{180E}",
        "\u{A0}",
        "é",
        "Ã©",
        "\u{85}",
        "Привет",
        "中",
    ];

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]
        #[test]
        fn not_droppable_means_nothing_dropped(
            parts in proptest::collection::vec(proptest::sample::select(DROP_PIECES), 0..16),
        ) {
            let line = parts.concat();
            let mut log = crate::repair::RepairLog::default();
            let out = super::super::whitespace::remove_invisible(&line, 1, &mut log);
            if !scan(&line).droppable {
                proptest::prop_assert!(matches!(out, std::borrow::Cow::Borrowed(_)), "{:?}", line);
                proptest::prop_assert!(log.items.is_empty());
            }
        }
    }

    #[test]
    fn flags_damage() {
        assert!(scan("cafÃ© now").mojibake);
        assert!(scan("Çàãîëîâîê").codepage);
        assert!(!scan("a\u{A0}b").spacing_clean);
        assert!(!scan("a  b").spacing_clean);
        assert!(!scan("e\u{301}").nfc);
        assert!(scan("a\u{FFFD}b").replacement);
        assert!(!scan("a b").replacement);
    }
}
