//! Word-anchored phrase search for the lexicons.
//!
//! A phrase is found where it starts on a word start (or, for the few
//! phrases that open with punctuation like `¿`, at that char) and ends
//! before a char that is not alphanumeric. So the search looks at word
//! starts only: each word of the text is hashed once and looked up among
//! the phrases' first words, and only the phrases opening with that word
//! are compared byte for byte. A byte automaton over all ~2,500 phrases
//! instead stops inside most words (`ap` in `happy`) and was a fifth of
//! the cleaning time.

/// Is `c` (not ASCII) alphanumeric? The common chars without the
/// property tables (`is_alphanumeric` of a char outside its fast ranges is
/// an out-of-line binary search): Latin-1, Latin Extended and Cyrillic
/// letters, the General Punctuation block (dashes, quotes: no letter or
/// digit) and the CJK ideographs. A test checks every char.
#[inline]
fn wide_alnum(c: char) -> bool {
    match c as u32 {
        0xC0..=0xD6 | 0xD8..=0xF6 | 0xF8..=0x2AF | 0x400..=0x481 | 0x4E00..=0x9FFF => true,
        // Latin-1 punctuation but for the ordinal and number signs.
        0x80..=0xBF => matches!(
            c as u32,
            0xAA | 0xB2 | 0xB3 | 0xB5 | 0xB9 | 0xBA | 0xBC..=0xBE
        ),
        0x2000..=0x206F => false,
        _ => c.is_alphanumeric(),
    }
}

/// The char at byte `i` of `t` (a char boundary) and its length.
#[inline]
fn char_at(t: &str, i: usize) -> Option<(char, usize)> {
    let c = t.get(i..)?.chars().next()?;
    Some((c, c.len_utf8()))
}

/// The hash of a word of `len` bytes whose first eight bytes (zero past
/// the word) are `x`: the rest of a longer word is left out, so that every
/// word is hashed from one load (words that differ only past their eighth
/// byte share candidates, which are compared byte for byte anyway). The
/// length in the low bits keeps the hash of a word of up to eight bytes
/// one to one (a word has no zero byte). The tag is the low half, the slot
/// the top bits.
#[inline(always)]
fn word_hash(x: u64, len: usize) -> u64 {
    (x ^ len as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

/// The mask of the first `min(len, 8)` bytes of a word (`len >= 1`; a
/// word is never empty, so 0 needs no test of its own).
#[inline(always)]
fn head_mask(len: usize) -> u64 {
    u64::MAX >> ((64 - 8 * len.min(8)) & 63)
}

/// The first `min(run, 8)` bytes of the word of `run` bytes at `j` in a
/// block's window (0 past the window's end), as the phrase table keys them.
#[inline(always)]
fn word_head(win: &[u8], j: usize, run: usize) -> u64 {
    win.get(j..)
        .and_then(<[u8]>::first_chunk::<8>)
        .map_or(0, |c| u64::from_le_bytes(*c))
        & head_mask(run)
}

/// The hash a first word is looked up by.
fn token_hash(bytes: &[u8]) -> u64 {
    word_hash(load_padded(bytes, 0) & head_mask(bytes.len()), bytes.len())
}

/// The high bit of each byte lane.
const HIGH: u64 = 0x8080_8080_8080_8080;

/// `b` in every byte lane.
const fn splat(b: u8) -> u64 {
    u64::from_le_bytes([b; 8])
}

/// One bit per byte lane of `v` (whose set bits are lane high bits only),
/// lane 0 lowest: each lane's bit lands in the top byte by the multiply,
/// no two partial products meeting there.
#[inline(always)]
fn movemask(v: u64) -> u64 {
    ((v >> 7).wrapping_mul(0x0102_0408_1020_4080)) >> 56
}

/// [`chunk_classes`] of a 64-byte block in eight chunks, bit `8k + i`
/// for byte `i` of chunk `k`; an all-ASCII chunk, as most are, takes the
/// shorter ASCII test.
#[inline(always)]
fn mixed_classes(x: &[u64; 8]) -> (u64, u64) {
    let (mut alnum, mut high) = (0u64, 0u64);
    for (k, &x) in x.iter().enumerate() {
        if x & HIGH == 0 {
            alnum |= ascii_alnum(x) << (8 * k);
        } else {
            let (a, h) = chunk_classes(x);
            alnum |= a << (8 * k);
            high |= h << (8 * k);
        }
    }
    (alnum, high)
}

/// Of eight bytes (little-endian in `x`): which are ASCII alphanumerics,
/// and which are not ASCII, one bit per byte.
#[inline(always)]
fn chunk_classes(x: u64) -> (u64, u64) {
    (movemask(alnum_lanes(x & !HIGH) & !x), movemask(x & HIGH))
}

/// [`chunk_classes`] of eight ASCII bytes: which are alphanumerics.
#[inline(always)]
fn ascii_alnum(x: u64) -> u64 {
    movemask(alnum_lanes(x))
}

/// The high bit of each lane of `x` (bytes below 0x80) that is an ASCII
/// alphanumeric. Each bound test adds to the 7-bit lanes a constant that
/// carries into the lane's high bit exactly from the bound up (no lane
/// overflows into the next); letters are tested case-folded (setting 0x20
/// maps only `A-Z` onto `a-z` at or above `:`). The four sets are nested
/// (at least `0`, `:`, `a`, `{`), so a lane is in `0-9` or `a-z` exactly
/// when an odd number of them holds it: one xor each, no and-not.
#[inline(always)]
fn alnum_lanes(x: u64) -> u64 {
    let y = x | splat(0x20);
    (x.wrapping_add(splat(0x80 - b'0'))
        ^ x.wrapping_add(splat(0x80 - b':'))
        ^ y.wrapping_add(splat(0x80 - b'a'))
        ^ y.wrapping_add(splat(0x80 - b'{')))
        & HIGH
}

/// The 8x8 bit matrix `x` (row `r` in byte `r`) transposed: bit `8r + c`
/// moves to bit `8c + r`, by three swaps of ever larger blocks.
#[inline(always)]
fn transpose8(mut x: u64) -> u64 {
    let t = (x ^ (x >> 7)) & 0x00AA_00AA_00AA_00AA;
    x = x ^ t ^ (t << 7);
    let t = (x ^ (x >> 14)) & 0x0000_CCCC_0000_CCCC;
    x = x ^ t ^ (t << 14);
    let t = (x ^ (x >> 28)) & 0x0000_0000_F0F0_F0F0;
    x ^ t ^ (t << 28)
}

/// Bits `from..to` of a u64 (`from <= to <= 64`).
#[inline(always)]
fn bit_range(from: usize, to: usize) -> u64 {
    let below_to = if to >= 64 { u64::MAX } else { (1u64 << to) - 1 };
    let below_from = if from >= 64 {
        u64::MAX
    } else {
        (1u64 << from) - 1
    };
    below_to & !below_from
}

/// A block of 64 bytes of a text as the search reads it: which bytes are
/// in alphanumeric chars, and which open a char that opens a phrase that
/// opens with punctuation (one bit per byte, the block's first byte lowest).
#[derive(Clone, Copy)]
struct Block {
    base: usize,
    alnum: u64,
    punct: u64,
}

/// Bit `c` for each alphanumeric char `c` below U+0800 (the chars of two
/// bytes in UTF-8): [`wide_alnum`] as a table (a test checks each bit).
static ALNUM2: [u64; 32] = [
    0x0000000000000000,
    0x0000000000000000,
    0x762C040000000000,
    0xFF7FFFFFFF7FFFFF,
    0xFFFFFFFFFFFFFFFF,
    0xFFFFFFFFFFFFFFFF,
    0xFFFFFFFFFFFFFFFF,
    0xFFFFFFFFFFFFFFFF,
    0xFFFFFFFFFFFFFFFF,
    0xFFFFFFFFFFFFFFFF,
    0xFFFFFFFFFFFFFFFF,
    0x0000501F0003FFC3,
    0x0000000000000000,
    0xBCDFFFF800000020,
    0xFFFFFFFBFFFFD740,
    0xFFBFFFFFFFFFFFFF,
    0xFFFFFFFFFFFFFFFF,
    0xFFFFFFFFFFFFFFFF,
    0xFFFFFFFFFFFFFC03,
    0xFFFFFFFFFFFFFFFF,
    0xFFFEFFFFFFFFFFFF,
    0xFFFFFFFF027FFFFF,
    0xBFFF0000000001FF,
    0x000787FFFFFF00B6,
    0xFFFFFFFF07FF0000,
    0xFFFFC3FFFEFFFFFF,
    0xFFFFFFFFFFFFFFFF,
    0x9FFFE1FE1FEFFFFF,
    0xFFFFFFFFFFFF0000,
    0xFFFFFFFFFFFFE000,
    0x0003FFFFFFFFFFFF,
    0x043007FFFFFFFFFF,
];

/// `char::is_alphanumeric`, without the property tables for most chars.
#[inline]
fn is_alnum(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        wide_alnum(c)
    }
}

/// The first word of a phrase (its leading alphanumerics), or its first
/// char when it opens with another char.
fn first_token(p: &str) -> &str {
    let mut chars = p.char_indices();
    match chars.next() {
        None => p,
        Some((_, c)) if !is_alnum(c) => &p[..c.len_utf8()],
        Some(_) => {
            let end = chars
                .find(|&(_, c)| !is_alnum(c))
                .map_or(p.len(), |(i, _)| i);
            &p[..end]
        }
    }
}

/// A phrase found: its index (as given to [`PhraseIndex::new`]) and byte range.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Found {
    pub phrase: usize,
    pub start: usize,
    pub end: usize,
}

/// A phrase as its first word's candidates hold it: what follows the
/// first word is first compared eight bytes at a time with one load, which
/// rejects most candidates (`die` opens several phrases, and is common).
#[derive(Clone, Copy, Debug)]
struct Cand {
    phrase: u32,
    len: u32,
    token_len: u32,
    /// Are the first word's first eight bytes and the eight after it all of
    /// the phrase? Then a candidate whose `head`, length and `next` match is
    /// the phrase byte for byte, and only its end is left to check.
    whole: bool,
    /// The first eight bytes of the first word (zero past it), compared
    /// with the word's before anything else.
    head: u64,
    /// Up to eight bytes of the phrase after its first word, little-endian,
    /// and the mask of those bytes.
    next: u64,
    next_mask: u64,
}

#[derive(Clone, Debug)]
pub struct PhraseIndex {
    /// The phrases, one after another: phrase `k` is `text[spans[k]]`
    /// (one string, not one per phrase).
    text: String,
    spans: Vec<(u32, u32)>,
    /// Open addressing by first-word hash, at most a quarter full so that
    /// most words (no phrase opens with them) miss at the first probe: the
    /// high half of the hash, 0 for an empty slot.
    tags: Vec<u32>,
    /// For each slot, the candidates of its first word: `cands[from..to]`.
    ranges: Vec<(u32, u32)>,
    /// Candidates grouped by first word, longest phrase first.
    cands: Vec<Cand>,
    /// ASCII bytes that open a phrase that opens with punctuation.
    punct_ascii: [bool; 128],
    /// Other chars that do.
    punct_wide: Vec<char>,
    /// Does any ASCII byte open a phrase (none of the built-in ones)?
    punct_ascii_any: bool,
    /// 64 less the log2 of the number of slots.
    shift: u32,
    /// No phrase holds a `\n` (see [`PhraseIndex::joins_lines`]); found
    /// once here, since every document asks.
    joins_lines: bool,
}

/// The first 64 bytes of `w` as eight little-endian words.
#[inline(always)]
fn chunks8(w: &[u8]) -> [u64; 8] {
    let mut x = [0u64; 8];
    for (d, c) in x.iter_mut().zip(w.chunks_exact(8)) {
        *d = u64::from_le_bytes(<[u8; 8]>::try_from(c).unwrap_or_default());
    }
    x
}

/// Up to eight bytes of `b` from `i`, little-endian, zero-padded.
#[inline(always)]
fn load_padded(b: &[u8], i: usize) -> u64 {
    match b.get(i..i + 8) {
        Some(c) => {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            u64::from_le_bytes(w)
        }
        None => {
            let mut w = [0u8; 8];
            for (d, &x) in w.iter_mut().zip(b.get(i..).unwrap_or_default()) {
                *d = x;
            }
            u64::from_le_bytes(w)
        }
    }
}

/// The tag of a hash: never 0.
#[inline(always)]
fn tag(h: u64) -> u32 {
    (h as u32) | 1
}

/// The slot of a hash in a table of `1 << (64 - shift)` slots: the top
/// bits of the product, which all bytes of the word reach.
#[inline(always)]
fn slot(h: u64, shift: u32) -> usize {
    (h >> (shift & 63)) as usize
}

impl PhraseIndex {
    /// Indexes `phrases` (lowercase, trimmed, non-empty; others never match).
    pub fn new(phrases: Vec<String>) -> PhraseIndex {
        PhraseIndex::of(&phrases)
    }

    /// [`PhraseIndex::new`] of borrowed phrases.
    pub fn of<S: AsRef<str>>(phrases: &[S]) -> PhraseIndex {
        let phrases: Vec<&str> = phrases.iter().map(AsRef::as_ref).collect();
        let mut text = String::with_capacity(phrases.iter().map(|p| p.len()).sum());
        let mut spans = Vec::with_capacity(phrases.len());
        for p in &phrases {
            // (Past 4 GB of phrases, the rest never match.)
            let (Ok(from), Ok(to)) = (
                u32::try_from(text.len()),
                u32::try_from(text.len() + p.len()),
            ) else {
                break;
            };
            text.push_str(p);
            spans.push((from, to));
        }
        let mut punct_ascii = [false; 128];
        let mut punct_wide = Vec::new();
        // (first-word hash, then longest first and the index), sorted: each
        // first word's candidates together, the longest phrase first (it
        // wins at a start), then in the order given. One u64 pair per
        // phrase sorts faster than a tuple of four; the first word's length
        // is kept aside by index.
        let mut entries: Vec<(u64, u64)> = Vec::with_capacity(phrases.len());
        let mut token_lens: Vec<usize> = vec![0; phrases.len()];
        for (k, p) in phrases.iter().enumerate() {
            let Ok(k) = u32::try_from(k) else { break };
            let tok = first_token(p);
            if tok.is_empty() {
                continue;
            }
            if let Some(c) = tok.chars().next().filter(|&c| !is_alnum(c)) {
                match u8::try_from(c).ok().filter(u8::is_ascii) {
                    Some(b) => punct_ascii[usize::from(b)] = true,
                    None if !punct_wide.contains(&c) => punct_wide.push(c),
                    None => {}
                }
            }
            // (Past 4 GB the phrase never matches, as in `confirm`.)
            let Ok(len) = u32::try_from(p.len()) else {
                continue;
            };
            if let Some(t) = token_lens.get_mut(k as usize) {
                *t = tok.len();
            }
            entries.push((
                token_hash(tok.as_bytes()),
                (u64::from(u32::MAX - len) << 32) | u64::from(k),
            ));
        }
        entries.sort_unstable();
        let same = |x: &(u64, u64), y: &(u64, u64)| x.0 == y.0;
        // `ChunkBy` is `Clone` only from Rust 1.89: counted by a second one.
        let cap = (entries.chunk_by(same).count() * 4)
            .next_power_of_two()
            .max(16);
        let groups = entries.chunk_by(same);
        let shift = 64 - cap.trailing_zeros();
        let mut tags = vec![0u32; cap];
        let mut ranges = vec![(0u32, 0u32); cap];
        let mut cands = Vec::with_capacity(entries.len());
        for group in groups {
            let Some(&(h, ..)) = group.first() else {
                continue;
            };
            let from = cands.len() as u32;
            for &(_, order) in group {
                let k = order as u32;
                let token_len = token_lens.get(k as usize).copied().unwrap_or(0);
                let p = phrases.get(k as usize).map_or(&[][..], |p| p.as_bytes());
                let after = p.get(token_len..).unwrap_or_default();
                let n = after.len().min(8);
                let head = p.get(..token_len.min(8)).unwrap_or_default();
                cands.push(Cand {
                    phrase: k,
                    len: p.len() as u32,
                    token_len: token_len as u32,
                    whole: token_len <= 8 && after.len() <= 8,
                    head: load_padded(head, 0),
                    next: load_padded(&after[..n], 0),
                    next_mask: if n == 8 {
                        u64::MAX
                    } else {
                        (1u64 << (8 * n)) - 1
                    },
                });
            }
            let to = cands.len() as u32;
            // Colliding tags share a slot chain; candidates are checked
            // byte for byte, so a collision costs time, never a wrong hit.
            let mut s = slot(h, shift);
            while tags[s] != 0 {
                s = (s + 1) & (cap - 1);
            }
            tags[s] = tag(h);
            ranges[s] = (from, to);
        }
        PhraseIndex {
            joins_lines: !text.contains('\n'),
            text,
            spans,
            tags,
            ranges,
            cands,
            punct_ascii_any: punct_ascii.contains(&true),
            shift,
            punct_ascii,
            punct_wide,
        }
    }

    pub fn len(&self) -> usize {
        self.spans.len()
    }

    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    /// Phrase `k`.
    fn phrase(&self, k: usize) -> Option<&str> {
        let &(from, to) = self.spans.get(k)?;
        self.text.get(from as usize..to as usize)
    }

    /// The candidates of the first word whose hash is `h`, longest first.
    #[inline(always)]
    fn candidates(&self, h: u64) -> &[Cand] {
        let mask = self.tags.len().wrapping_sub(1);
        let want = tag(h);
        let mut s = slot(h, self.shift);
        loop {
            match self.tags.get(s) {
                Some(&t) if t == want => {
                    let (from, to) = self.ranges.get(s).copied().unwrap_or((0, 0));
                    return self.cands.get(from as usize..to as usize).unwrap_or(&[]);
                }
                Some(&0) | None => return &[],
                Some(_) => s = (s + 1) & mask,
            }
        }
    }

    /// The longest phrase that opens with the token `t[s..e]` (hash `h`)
    /// and ends before a non-alphanumeric char or at `to`, the end of the
    /// text searched (no further).
    #[inline(always)]
    fn longest_at(&self, t: &str, to: usize, s: usize, e: usize, h: u64) -> Option<Found> {
        let cands = self.candidates(h);
        if cands.is_empty() {
            return None;
        }
        let b = t.as_bytes();
        let next = match b.get(e..).and_then(<[u8]>::first_chunk::<8>) {
            Some(c) => u64::from_le_bytes(*c),
            None => load_padded(b, e),
        };
        for c in cands {
            if c.token_len as usize == e - s && next & c.next_mask == c.next {
                if let Some(m) = self.confirm(t, to, s, c) {
                    return Some(m);
                }
            }
        }
        None
    }

    /// Is candidate `c` at `s`: all of it byte for byte (past the eight
    /// bytes after the first word, and the word itself: different words
    /// share a hash), then a word end or `to`? Out of line: most words
    /// have no candidate that gets this far.
    #[inline(never)]
    fn confirm(&self, t: &str, to: usize, s: usize, c: &Cand) -> Option<Found> {
        let end = s + c.len as usize;
        let p = self.phrase(c.phrase as usize)?;
        if end <= to
            && t.as_bytes().get(s..end) == Some(p.as_bytes())
            && (end == to || ends_word(t, end))
        {
            return Some(Found {
                phrase: c.phrase as usize,
                start: s,
                end,
            });
        }
        None
    }

    /// Is `c` (not alphanumeric) the first char of a phrase?
    #[inline]
    fn opens_phrase(&self, c: char) -> bool {
        match u8::try_from(c) {
            Ok(b) if b.is_ascii() => self
                .punct_ascii
                .get(usize::from(b))
                .copied()
                .unwrap_or(false),
            _ => self.punct_wide.contains(&c) && !c.is_whitespace(),
        }
    }

    /// The block of `t` from byte `base` (below `to`), the bytes from `to`
    /// on left out. ASCII bytes are classed eight at a time; each non-ASCII
    /// char is decoded once, from its lead byte (or, for a char that began
    /// in the block before, from its start).
    fn block(&self, t: &str, base: usize, to: usize) -> Block {
        let b = t.as_bytes();
        let keep = bit_range(0, to.saturating_sub(base).min(64));
        let (mut alnum, mut high) = (0u64, 0u64);
        match b.get(base..).and_then(<[u8]>::first_chunk::<64>) {
            Some(w) => {
                let mut x = [0u64; 8];
                for (d, c) in x.iter_mut().zip(w.chunks_exact(8)) {
                    *d = u64::from_le_bytes(<[u8; 8]>::try_from(c).unwrap_or_default());
                }
                if x.iter().fold(0, |a, &v| a | v) & HIGH == 0 {
                    // All 64 bytes ASCII, as most blocks are: each chunk's
                    // lane bits shifted into bit k of their lane, then one
                    // transpose instead of a gather per chunk.
                    let mut acc = 0u64;
                    for (k, &v) in x.iter().enumerate() {
                        acc |= alnum_lanes(v) >> (7 - k);
                    }
                    alnum = transpose8(acc);
                } else {
                    (alnum, high) = mixed_classes(&x);
                }
            }
            None => {
                let mut j = 0;
                while base + j < to {
                    // Past the end of `t` the padding is zero bytes: no class.
                    let (a, h) = chunk_classes(load_padded(b, base + j));
                    alnum |= a << j;
                    high |= h << j;
                    j += 8;
                }
            }
        }
        alnum &= keep;
        high &= keep;
        let mut punct = 0u64;
        if self.punct_ascii_any {
            let end = to.min(base + 64);
            for (j, &x) in b.get(base..end).unwrap_or_default().iter().enumerate() {
                if self
                    .punct_ascii
                    .get(usize::from(x))
                    .copied()
                    .unwrap_or(false)
                {
                    punct |= 1 << j;
                }
            }
        }
        self.wide_chars(t, base, keep, high, &mut alnum, &mut punct);
        Block { base, alnum, punct }
    }

    /// [`PhraseIndex::block`] of a block of 64 bytes before `to`, when no
    /// ASCII byte opens a phrase (none of the built-in ones does), its eight
    /// bytes little-endian in `x`: inline, for the blocks all ASCII (half of
    /// them), without the call, the tests of the block's end and the masks
    /// of the general case.
    #[inline(always)]
    fn full_block(&self, t: &str, base: usize, x: &[u64; 8]) -> Block {
        if x.iter().fold(0, |a, &v| a | v) & HIGH == 0 {
            let mut acc = 0u64;
            for (k, &v) in x.iter().enumerate() {
                acc |= alnum_lanes(v) >> (7 - k);
            }
            return Block {
                base,
                alnum: transpose8(acc),
                punct: 0,
            };
        }
        self.mixed_block(t, base, x)
    }

    /// [`PhraseIndex::full_block`] of a block that holds non-ASCII bytes.
    #[inline(never)]
    fn mixed_block(&self, t: &str, base: usize, x: &[u64; 8]) -> Block {
        let (mut alnum, high) = mixed_classes(x);
        let mut punct = 0u64;
        self.wide_chars(t, base, u64::MAX, high, &mut alnum, &mut punct);
        Block { base, alnum, punct }
    }

    /// Classes the non-ASCII chars of the block at `base` (bits `high`):
    /// sets the bits of the alphanumeric ones in `alnum` (those in `keep`)
    /// and the lead bit of those that open a phrase in `punct`. Each char
    /// is decoded once, from its lead byte (or, for a char that began in
    /// the block before, from its start).
    #[inline(always)]
    fn wide_chars(
        &self,
        t: &str,
        base: usize,
        keep: u64,
        mut high: u64,
        alnum: &mut u64,
        punct: &mut u64,
    ) {
        let b = t.as_bytes();
        while high != 0 {
            let j = high.trailing_zeros() as usize;
            let p = base + j;
            let lead = b.get(p).copied().unwrap_or(0);
            if lead & 0xE0 == 0xC0 {
                // A two-byte char (most non-ASCII letters): decoded here,
                // classed by the table. Its second byte in the next block,
                // if there, is that block's to class (from its start).
                let cont = b.get(p + 1).copied().unwrap_or(0);
                let cp = (usize::from(lead & 0x1F) << 6) | usize::from(cont & 0x3F);
                let bits = 3u64 << j;
                high &= !bits;
                if ALNUM2
                    .get(cp >> 6)
                    .is_some_and(|w| (w >> (cp & 63)) & 1 == 1)
                {
                    *alnum |= bits & keep;
                } else if char::from_u32(cp as u32).is_some_and(|c| self.opens_phrase(c)) {
                    *punct |= 1 << j;
                }
                continue;
            }
            if lead & 0xF0 == 0xE0 {
                // A three-byte char (quotes and dashes, CJK): decoded here
                // too, without looking for its start.
                let c1 = b.get(p + 1).copied().unwrap_or(0);
                let c2 = b.get(p + 2).copied().unwrap_or(0);
                let cp = (u32::from(lead & 0x0F) << 12)
                    | (u32::from(c1 & 0x3F) << 6)
                    | u32::from(c2 & 0x3F);
                let bits = 7u64 << j;
                high &= !bits;
                match char::from_u32(cp) {
                    Some(c) if wide_alnum(c) => *alnum |= bits & keep,
                    Some(c) if self.opens_phrase(c) => *punct |= 1 << j,
                    _ => {}
                }
                continue;
            }
            let mut s = p;
            while !t.is_char_boundary(s) {
                s -= 1;
            }
            let Some((c, n)) = char_at(t, s) else {
                break;
            };
            let bits = bit_range(j, (s + n - base).min(64));
            high &= !bits;
            if wide_alnum(c) {
                *alnum |= bits & keep;
            } else if s == p && self.opens_phrase(c) {
                *punct |= 1 << j;
            }
        }
    }

    /// Every phrase in `t` that starts at a word start (or opens with
    /// punctuation) and ends before a non-alphanumeric char, left to right,
    /// not overlapping, the longest at each start; only those starting at
    /// or before `upto`.
    pub fn find_upto(&self, t: &str, upto: usize, mut f: impl FnMut(Found)) {
        self.search(t, 0, t.len(), upto, &mut f);
    }

    /// [`PhraseIndex::find_upto`] over all of `t`.
    pub fn find(&self, t: &str, f: impl FnMut(Found)) {
        self.find_upto(t, usize::MAX, f);
    }

    /// Can [`PhraseIndex::find_lines`] search lines joined by `\n` at once:
    /// does no phrase hold a `\n` (that could match across two lines)?
    pub fn joins_lines(&self) -> bool {
        self.joins_lines
    }

    /// [`PhraseIndex::find`] of `t[from..to]` as if it were the whole text,
    /// with the byte positions of `t`. For lines joined by `\n` (see
    /// [`PhraseIndex::joins_lines`]) this is the search of each line.
    pub fn find_lines(&self, t: &str, from: usize, to: usize, mut f: impl FnMut(Found)) {
        if t.is_char_boundary(from) && t.is_char_boundary(to) && from <= to {
            self.search(t, from, to, usize::MAX, &mut f);
        }
    }

    /// The search of `t[from..to]` (char boundaries), the anchors up to
    /// `upto`.
    ///
    /// The text is read in blocks of 64 bytes, each first turned into bit
    /// masks (which bytes are in alphanumeric chars, which open a
    /// punctuation phrase), so that word starts and ends are found by bit
    /// tricks, not byte by byte; a word of up to eight bytes is hashed from
    /// one load. A word running over its block's end is ended in the next
    /// block, read then and kept for the next round.
    fn search(&self, t: &str, from: usize, to: usize, upto: usize, f: &mut impl FnMut(Found)) {
        let b = t.as_bytes();
        // The block after the one searched, once a word ran into it.
        let mut ahead: Option<Block> = None;
        // Anchors before this byte are inside a word or phrase already read.
        let mut resume = from;
        // Is the byte before the block alphanumeric (1) or not (0)? Exact
        // for the block after the one before; after a jump the bits before
        // `resume` are dropped and the byte at `resume` is none (a word or
        // phrase ends before it, or it is a punctuation char's), so bit 0
        // is no word start either way.
        let mut carry = 0u64;
        let mut base = from;
        while base < to && base <= upto {
            // Every anchor's first eight bytes, read without a bounds check
            // (zero past the end of the text, as `load_padded` reads).
            let padded: [u8; 72];
            let win: &[u8; 72] = match b.get(base..).and_then(<[u8]>::first_chunk::<72>) {
                Some(w) => w,
                None => {
                    let mut w = [0u8; 72];
                    for (d, &x) in w.iter_mut().zip(b.get(base..).unwrap_or_default()) {
                        *d = x;
                    }
                    padded = w;
                    &padded
                }
            };
            let blk = match ahead.take() {
                Some(a) if a.base == base => a,
                _ if to - base >= 64 && !self.punct_ascii_any => {
                    self.full_block(t, base, &chunks8(win))
                }
                _ => self.block(t, base, to),
            };
            let starts = blk.alnum & !((blk.alnum << 1) | carry);
            carry = blk.alnum >> 63;
            let mut anchors =
                (starts | blk.punct) & !bit_range(0, resume.saturating_sub(base).min(64));
            if upto - base < 63 {
                anchors &= bit_range(0, upto - base + 1);
            }
            let mut next = base + 64;
            // The word that runs over the block's end, if it starts here:
            // its start bit (the top `tail` bits are its bytes).
            let tail = (!blk.alnum).leading_zeros();
            let cross = if tail == 0 {
                0
            } else {
                starts & (1u64 << ((64 - tail) & 63))
            };
            if blk.punct == 0 {
                // The words that end in the block, as most are: no word
                // runs past the block and no anchor is punctuation, so
                // none of the tests below.
                let mut words = anchors & !cross;
                while words != 0 {
                    let j = words.trailing_zeros() as usize;
                    let run = (!(blk.alnum >> j)).trailing_zeros() as usize;
                    let head = word_head(win, j, run);
                    let cands = self.candidates(word_hash(head, run));
                    if cands.is_empty() {
                        words &= words - 1;
                        continue;
                    }
                    let s = base + j;
                    let Some(m) = self.word_at(t, to, &blk, s, s + run, head, cands) else {
                        words &= words - 1;
                        continue;
                    };
                    f(m);
                    resume = m.end;
                    let r = resume - base;
                    if r >= 64 {
                        next = base + r / 64 * 64;
                        // Past the word running over the block's end too.
                        anchors = 0;
                        break;
                    }
                    words &= u64::MAX << r;
                }
                anchors &= cross & !bit_range(0, resume.saturating_sub(base).min(64));
                if anchors != 0 {
                    // The word running over the block's end, ended in the
                    // next block: read here, and kept for the next round.
                    let j = anchors.trailing_zeros() as usize;
                    let nb = base + 64;
                    let n = if nb < to {
                        self.block(t, nb, to)
                    } else {
                        Block {
                            base: nb,
                            alnum: 0,
                            punct: 0,
                        }
                    };
                    ahead = Some(n);
                    let over = (!n.alnum).trailing_zeros() as usize;
                    if over < 64 {
                        let s = base + j;
                        let e = nb + over;
                        let run = e - s;
                        let head = word_head(win, j, run);
                        let cands = self.candidates(word_hash(head, run));
                        resume = e;
                        if !cands.is_empty() {
                            if let Some(m) = self.word_at(t, to, &blk, s, e, head, cands) {
                                f(m);
                                resume = e.max(m.end);
                            }
                        }
                        next = base + (resume - base) / 64 * 64;
                        anchors = 0;
                    }
                    // A word longer than the next block: read on below.
                }
            }
            while anchors != 0 {
                let j = anchors.trailing_zeros() as usize;
                // The alphanumerics from the anchor: 0 at a punctuation one.
                let run = (!(blk.alnum >> j)).trailing_zeros() as usize;
                let (e, found) = if run != 0 && j + run < 64 {
                    // Most anchors: a word ending in the block, most of
                    // them no phrase's first word.
                    let head = word_head(win, j, run);
                    let cands = self.candidates(word_hash(head, run));
                    if cands.is_empty() {
                        // No anchor lies inside a word: the next is after
                        // it (`resume` matters past this block only, which
                        // the word does not reach).
                        anchors &= anchors - 1;
                        continue;
                    }
                    let s = base + j;
                    match self.word_at(t, to, &blk, s, s + run, head, cands) {
                        None => {
                            anchors &= anchors - 1;
                            continue;
                        }
                        found => (s + run, found),
                    }
                } else {
                    self.edge_anchor(t, to, &blk, j, &mut ahead)
                };
                resume = e;
                if let Some(m) = found {
                    f(m);
                    resume = e.max(m.end);
                }
                let r = resume - base;
                if r >= 64 {
                    next = base + r / 64 * 64;
                    break;
                }
                anchors &= u64::MAX << r;
            }
            base = next;
        }
    }

    /// The longest of `cands` (the candidates of the word `t[s..e]`, whose
    /// first eight bytes are `head`) at `s`: checked against the word, the
    /// eight bytes after it and, for most phrases, then only the char
    /// after the phrase, read from the block where it can.
    #[inline(always)]
    #[allow(clippy::too_many_arguments)]
    fn word_at(
        &self,
        t: &str,
        to: usize,
        blk: &Block,
        s: usize,
        e: usize,
        head: u64,
        cands: &[Cand],
    ) -> Option<Found> {
        let len = e - s;
        let b = t.as_bytes();
        let next = match b.get(e..).and_then(<[u8]>::first_chunk::<8>) {
            Some(c) => u64::from_le_bytes(*c),
            None => load_padded(b, e),
        };
        for c in cands {
            if c.token_len as usize != len || c.head != head || next & c.next_mask != c.next {
                continue;
            }
            if !c.whole {
                if let Some(m) = self.confirm(t, to, s, c) {
                    return Some(m);
                }
                continue;
            }
            let end = s + c.len as usize;
            // Past `to` the block's bits are clear: the end of the text
            // searched ends a word too.
            let ends = match end.checked_sub(blk.base) {
                Some(k) if k < 64 => (blk.alnum >> k) & 1 == 0,
                _ => end == to || ends_word(t, end),
            };
            if end <= to && ends {
                return Some(Found {
                    phrase: c.phrase as usize,
                    start: s,
                    end,
                });
            }
        }
        None
    }

    /// A punctuation anchor, or a word running past its block (bit `j` of
    /// `blk`): its end and the phrase found there. A word running into the
    /// next blocks reads them, and leaves the last one read in `ahead`.
    #[inline(never)]
    fn edge_anchor(
        &self,
        t: &str,
        to: usize,
        blk: &Block,
        j: usize,
        ahead: &mut Option<Block>,
    ) -> (usize, Option<Found>) {
        let b = t.as_bytes();
        let s = blk.base + j;
        if (blk.punct >> j) & 1 == 1 {
            let e = s + char_at(t, s).map_or(1, |(_, n)| n);
            let h = token_hash(b.get(s..e).unwrap_or_default());
            return (e, self.longest_at(t, to, s, e, h));
        }
        let mut e = to;
        let mut base = blk.base + 64;
        while base < to {
            let next = self.block(t, base, to);
            *ahead = Some(next);
            let run = (!next.alnum).trailing_zeros() as usize;
            if run < 64 {
                e = base + run;
                break;
            }
            base += 64;
        }
        let len = e - s;
        let head = load_padded(b, s) & head_mask(len);
        let cands = self.candidates(word_hash(head, len));
        if cands.is_empty() {
            return (e, None);
        }
        (e, self.word_at(t, to, blk, s, e, head, cands))
    }
}

/// Does a word end at byte `end` of `t`: the end of `t`, or a char that is
/// not alphanumeric?
#[inline]
fn ends_word(t: &str, end: usize) -> bool {
    match t.as_bytes().get(end) {
        None => true,
        Some(&x) if x < 0x80 => !x.is_ascii_alphanumeric(),
        Some(_) => !char_at(t, end).is_some_and(|(c, _)| wide_alnum(c)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`token_hash`] of the word `b[s..s + len]` (`len >= 1`).
    #[inline(always)]
    fn hash_at(b: &[u8], s: usize, len: usize) -> u64 {
        let x = match b.get(s..).and_then(<[u8]>::first_chunk::<8>) {
            Some(c) => u64::from_le_bytes(*c),
            None => load_padded(b, s),
        };
        word_hash(x & head_mask(len), len)
    }

    fn index(ps: &[&str]) -> PhraseIndex {
        PhraseIndex::new(ps.iter().map(|p| p.to_string()).collect())
    }

    /// Lines are searched joined only when no phrase can span two.
    #[test]
    fn joins_lines_unless_a_phrase_holds_a_newline() {
        assert!(index(&["read more", "photo"]).joins_lines());
        assert!(!index(&["read more", "share\nthis"]).joins_lines());
        assert!(index(&[]).joins_lines());
    }

    fn found(ix: &PhraseIndex, t: &str) -> Vec<(usize, usize, usize)> {
        let mut v = Vec::new();
        ix.find(t, |m| v.push((m.phrase, m.start, m.end)));
        v
    }

    #[test]
    fn words_only_on_both_ends() {
        let ix = index(&["ap", "photo", "photo by", "read more"]);
        assert_eq!(found(&ix, "happy"), vec![]);
        assert_eq!(found(&ix, "jim/ ap"), vec![(0, 5, 7)]);
        assert_eq!(found(&ix, "apple"), vec![]);
        // The longest phrase that ends on a word end wins.
        assert_eq!(found(&ix, "photo by jane"), vec![(2, 0, 8)]);
        assert_eq!(found(&ix, "photo byline"), vec![(1, 0, 5)]);
        assert_eq!(found(&ix, "read more: x read moreover"), vec![(3, 0, 9)]);
    }

    #[test]
    fn non_ascii_words_and_punctuation() {
        let ix = index(&["фото", "écrit par", "¿qué opinas?", "e-mail", "24/7"]);
        assert_eq!(found(&ix, "фото: иван"), vec![(0, 0, 8)]);
        // Not inside a word, even when the word's first byte is not ASCII.
        assert_eq!(found(&ix, "автофото"), vec![]);
        assert_eq!(found(&ix, "il a décrit par"), vec![]);
        assert_eq!(found(&ix, "déjà écrit par x"), vec![(1, 7, 17)]);
        assert_eq!(found(&ix, "x ¿qué opinas? y"), vec![(2, 2, 16)]);
        assert_eq!(
            found(&ix, "send e-mail now, 24/7"),
            vec![(3, 5, 11), (4, 17, 21)]
        );
        assert_eq!(found(&ix, "e-mails"), vec![]);
    }

    #[test]
    fn upto_stops_at_the_start() {
        let ix = index(&["a b", "c"]);
        let mut v = Vec::new();
        ix.find_upto("a b c", 3, |m| v.push(m.start));
        assert_eq!(v, vec![0]);
        v.clear();
        ix.find_upto("a b c", 4, |m| v.push(m.start));
        assert_eq!(v, vec![0, 4]);
    }

    /// The plain definition: at each word start or punctuation char, left
    /// to right, the longest phrase that is a prefix there and ends a word.
    fn reference(ps: &[&str], t: &str) -> Vec<(usize, usize, usize)> {
        let mut out = Vec::new();
        let mut i = 0;
        let chars: Vec<(usize, char)> = t.char_indices().collect();
        let alnum_before = |i: usize| {
            t[..i]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric)
        };
        while i < t.len() {
            let c = t[i..].chars().next().unwrap();
            let anchor = if c.is_alphanumeric() {
                !alnum_before(i)
            } else {
                !c.is_whitespace()
            };
            if anchor {
                let best = ps
                    .iter()
                    .enumerate()
                    .filter(|(_, p)| t[i..].starts_with(*p))
                    .filter(|(_, p)| {
                        !t[i + p.len()..]
                            .chars()
                            .next()
                            .is_some_and(char::is_alphanumeric)
                    })
                    .filter(|(_, p)| {
                        first_token(p)
                            .chars()
                            .next()
                            .is_some_and(|f| f.is_alphanumeric())
                            == c.is_alphanumeric()
                    })
                    .max_by_key(|(k, p)| (p.len(), std::cmp::Reverse(*k)));
                if let Some((k, p)) = best {
                    out.push((k, i, i + p.len()));
                    i += p.len();
                    continue;
                }
            }
            i += c.len_utf8();
        }
        let _ = chars;
        out
    }

    /// `CLASS[b]` of the byte loop the block search replaced: 1 for ASCII
    /// alphanumerics, 2 for bytes of non-ASCII chars, 0 for the rest.
    static CLASS: [u8; 256] = {
        let mut t = [0u8; 256];
        let mut i = 0;
        while i < 256 {
            let b = i as u8;
            t[i] = if b.is_ascii_alphanumeric() {
                1
            } else if b >= 0x80 {
                2
            } else {
                0
            };
            i += 1;
        }
        t
    };

    /// The byte-at-a-time search the block search replaced, as it was.
    /// Every phrase in `t` that starts at a word start (or opens with
    /// punctuation) and ends before a non-alphanumeric char, left to right,
    /// not overlapping, the longest at each start; only those starting at
    /// or before `upto`.
    fn old_find_upto(ix: &PhraseIndex, t: &str, upto: usize, mut f: impl FnMut(Found)) {
        let b = t.as_bytes();
        let n = b.len();
        let mut i = 0;
        while i < n && i <= upto {
            let c = b[i];
            let class = CLASS[usize::from(c)];
            if class == 0 {
                if ix.punct_ascii.get(usize::from(c)).copied().unwrap_or(false) {
                    if let Some(m) = ix.longest_at(t, t.len(), i, i + 1, token_hash(&[c])) {
                        f(m);
                        i = m.end;
                        continue;
                    }
                }
                i += 1;
                continue;
            }
            let s = i;
            if class == 2 {
                let Some((ch, len)) = char_at(t, i) else {
                    break;
                };
                if !wide_alnum(ch) {
                    if !ch.is_whitespace() && ix.punct_wide.contains(&ch) {
                        let h = token_hash(b.get(i..i + len).unwrap_or_default());
                        if let Some(m) = ix.longest_at(t, t.len(), i, i + len, h) {
                            f(m);
                            i = m.end;
                            continue;
                        }
                    }
                    i += len;
                    continue;
                }
            } else {
                i += 1;
            }
            // The word, hashed on the way.
            while let Some(&c) = b.get(i) {
                match CLASS[usize::from(c)] {
                    1 => {
                        i += 1;
                    }
                    0 => break,
                    _ => match char_at(t, i) {
                        Some((ch, len)) if wide_alnum(ch) => {
                            i += len;
                        }
                        _ => break,
                    },
                }
            }
            if let Some(m) = ix.longest_at(t, t.len(), s, i, hash_at(b, s, i - s)) {
                f(m);
                i = i.max(m.end);
            }
        }
    }

    #[test]
    fn wide_alnum_is_is_alphanumeric() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            assert_eq!(is_alnum(c), c.is_alphanumeric(), "{c:?}");
            if !c.is_ascii() {
                assert_eq!(wide_alnum(c), c.is_alphanumeric(), "{c:?}");
            }
            let cp = c as usize;
            if (0x80..0x800).contains(&cp) {
                let bit = (ALNUM2[cp >> 6] >> (cp & 63)) & 1 == 1;
                assert_eq!(bit, c.is_alphanumeric(), "{c:?}");
            }
        }
    }

    /// The range tests `alnum_lanes` replaced, as they were.
    fn old_chunk_classes(x: u64) -> (u64, u64) {
        let x7 = x & !HIGH;
        let y = x7 | splat(0x20);
        let letter = y.wrapping_add(splat(0x80 - b'a')) & !y.wrapping_add(splat(0x7F - b'z'));
        let digit = x7.wrapping_add(splat(0x80 - b'0')) & !x7.wrapping_add(splat(0x7F - b'9'));
        (movemask((letter | digit) & !x & HIGH), movemask(x & HIGH))
    }

    proptest::proptest! {
        #[test]
        fn chunk_classes_are_the_old_range_tests(x in proptest::prelude::any::<u64>()) {
            proptest::prop_assert_eq!(chunk_classes(x), old_chunk_classes(x));
            let a = x & !HIGH;
            proptest::prop_assert_eq!(ascii_alnum(a), old_chunk_classes(a).0);
        }
    }

    proptest::proptest! {
        #[test]
        fn transpose8_moves_each_bit(x in proptest::prelude::any::<u64>()) {
            let y = transpose8(x);
            for r in 0..8 {
                for c in 0..8 {
                    proptest::prop_assert_eq!((x >> (8 * r + c)) & 1, (y >> (8 * c + r)) & 1);
                }
            }
        }

        /// The all-ASCII path of `block` is the chunk by chunk one.
        #[test]
        fn ascii_block_is_chunk_by_chunk(t in "[ -~]{64,80}", cut in 0usize..16) {
            let ix = index(&["a"]);
            let to = t.len() - cut;
            let blk = ix.block(&t, 0, to);
            let mut want = 0u64;
            for (k, c) in t.as_bytes()[..64].chunks_exact(8).enumerate() {
                want |= ascii_alnum(u64::from_le_bytes(c.try_into().unwrap())) << (8 * k);
            }
            proptest::prop_assert_eq!(blk.alnum, want & bit_range(0, to.min(64)));
        }
    }

    #[test]
    fn chunk_classes_of_every_byte_in_every_lane() {
        for v in 0..256u64 {
            let spread = (0..8).fold(0u64, |a, k| a | (((v >> k) & 1) << (8 * k + 7)));
            assert_eq!(movemask(spread), v);
        }
        for x in 0..=255u8 {
            for lane in 0..8 {
                let mut bytes = [b' '; 8];
                bytes[lane] = x;
                let (a, h) = chunk_classes(u64::from_le_bytes(bytes));
                let bit = 1u64 << lane;
                assert_eq!(a, if x.is_ascii_alphanumeric() { bit } else { 0 }, "{x}");
                assert_eq!(h, if x >= 0x80 { bit } else { 0 }, "{x}");
            }
        }
    }

    fn long_phrases() -> Vec<String> {
        let mut ps: Vec<String> = [
            "a",
            "ab",
            "a b",
            "b",
            "é",
            "éa",
            "¿a",
            "-",
            "ф",
            "a-b",
            "ba b",
            "abababab",
            "abababab ab",
            "ababababa",
            "a0",
            "ééééééééé",
            "abababababababababab",
        ]
        .iter()
        .map(|p| p.to_string())
        .collect();
        // Phrases and first words longer than a block.
        ps.push("ab ".repeat(30).trim_end().to_string());
        ps.push("ab".repeat(40));
        ps.push(format!("{} é", "b".repeat(70)));
        ps
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]
        #[test]
        fn block_search_is_the_byte_search(
            t in "([ab]{1,3}|[ab]{60,90}|(ab ){5,30}|[ \\-,.¿ф€é0x\u{2019}\u{AD}]|b{70} é){0,40}",
            upto in 0usize..400,
        ) {
            let ps = long_phrases();
            let ix = PhraseIndex::new(ps.clone());
            for upto in [upto, usize::MAX] {
                let mut got = Vec::new();
                ix.find_upto(&t, upto, |m| got.push(m));
                let mut want = Vec::new();
                old_find_upto(&ix, &t, upto, |m| want.push(m));
                proptest::prop_assert_eq!(&got, &want);
            }
            let refs: Vec<&str> = ps.iter().map(String::as_str).collect();
            let got: Vec<_> = found(&ix, &t);
            proptest::prop_assert_eq!(got, reference(&refs, &t));
        }
    }

    /// The block search finds what the byte search found with the real
    /// phrases: every built-in phrase, next to others with and without a
    /// word end between, at every offset in a block.
    #[test]
    fn builtin_phrases_block_search_is_the_byte_search() {
        let lex = crate::lexicon::Lexicon::build(&[]).expect("builtin lexicons");
        let ix = lex.index();
        let seps = [" ", ", ", "x", "-", "é", "", " the ", "\u{2019}", "ф"];
        let mut text = String::new();
        for (k, p) in (0..ix.len()).filter_map(|k| ix.phrase(k)).enumerate() {
            text.push_str(p);
            text.push_str(seps[k % seps.len()]);
        }
        for pad in 0..9 {
            let t = format!("{}{}", "a ".repeat(pad / 2) + &" ".repeat(pad % 2), text);
            for upto in [usize::MAX, t.len() / 3] {
                let mut got = Vec::new();
                ix.find_upto(&t, upto, |m| got.push(m));
                let mut want = Vec::new();
                old_find_upto(ix, &t, upto, |m| want.push(m));
                assert!(!want.is_empty());
                assert_eq!(got, want, "pad {pad}");
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn matches_the_plain_definition(t in "[abAé ,¿.\\-ф0]{0,40}") {
            let ps = ["a", "ab", "a b", "b", "é", "éa", "¿a", "-", "ф", "a-b", "ba b", "abababab", "abababab ab", "ababababa", "a0"];
            let ix = index(&ps);
            proptest::prop_assert_eq!(found(&ix, &t), reference(&ps, &t));
        }
    }
}
