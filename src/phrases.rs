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

/// `CLASS[b]`: 1 for ASCII alphanumerics, 2 for bytes of non-ASCII chars
/// (decoded to tell), 0 for the rest.
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

/// Is `c` (not ASCII) alphanumeric? The common letters without the
/// property tables: Latin-1 and Latin Extended letters, and Cyrillic.
#[inline]
fn wide_alnum(c: char) -> bool {
    match c as u32 {
        0xC0..=0xD6 | 0xD8..=0xF6 | 0xF8..=0x2AF | 0x400..=0x481 => true,
        _ => c.is_alphanumeric(),
    }
}

/// The char at byte `i` of `t` (a char boundary) and its length.
#[inline]
fn char_at(t: &str, i: usize) -> Option<(char, usize)> {
    let c = t.get(i..)?.chars().next()?;
    Some((c, c.len_utf8()))
}

/// A word's hash as it is scanned: each byte folded in with a rotate,
/// the whole mixed once at the end (a word's bytes themselves, for words
/// of up to eight bytes, so most words cost one multiply). Measured: two
/// instructions a byte; eight-byte chunks with a SWAR test of the word's
/// end cost more, words being short.
#[derive(Clone, Copy, Default)]
struct WordHash {
    acc: u64,
    len: usize,
}

impl WordHash {
    #[inline(always)]
    fn push(&mut self, b: u8) {
        self.acc = self.acc.rotate_left(8) ^ u64::from(b);
        self.len += 1;
    }

    /// Never 0 (an empty slot).
    #[inline(always)]
    fn finish(self) -> u64 {
        let h = (self.acc ^ ((self.len as u64) << 59)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        (h ^ (h >> 29)) | 1
    }
}

/// The hash a first word is looked up by.
fn token_hash(bytes: &[u8]) -> u64 {
    let mut w = WordHash::default();
    for &b in bytes {
        w.push(b);
    }
    w.finish()
}

/// The first word of a phrase (its leading alphanumerics), or its first
/// char when it opens with another char.
fn first_token(p: &str) -> &str {
    let mut chars = p.char_indices();
    match chars.next() {
        None => p,
        Some((_, c)) if !c.is_alphanumeric() => &p[..c.len_utf8()],
        Some(_) => {
            let end = chars
                .find(|&(_, c)| !c.is_alphanumeric())
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
    /// Up to eight bytes of the phrase after its first word, little-endian,
    /// and the mask of those bytes.
    next: u64,
    next_mask: u64,
}

#[derive(Clone, Debug)]
pub struct PhraseIndex {
    phrases: Vec<String>,
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
    ((h >> 32) as u32) | 1
}

impl PhraseIndex {
    /// Indexes `phrases` (lowercase, trimmed, non-empty; others never match).
    pub fn new(phrases: Vec<String>) -> PhraseIndex {
        let mut groups: std::collections::HashMap<u64, Vec<u32>> = Default::default();
        let mut punct_ascii = [false; 128];
        let mut punct_wide = Vec::new();
        for (k, p) in phrases.iter().enumerate() {
            let Ok(k) = u32::try_from(k) else { break };
            let tok = first_token(p);
            if tok.is_empty() {
                continue;
            }
            if let Some(c) = tok.chars().next().filter(|c| !c.is_alphanumeric()) {
                match u8::try_from(c).ok().filter(u8::is_ascii) {
                    Some(b) => punct_ascii[usize::from(b)] = true,
                    None if !punct_wide.contains(&c) => punct_wide.push(c),
                    None => {}
                }
            }
            groups
                .entry(token_hash(tok.as_bytes()))
                .or_default()
                .push(k);
        }
        let cap = (groups.len() * 4).next_power_of_two().max(16);
        let mut tags = vec![0u32; cap];
        let mut ranges = vec![(0u32, 0u32); cap];
        let mut cands = Vec::new();
        let mut keys: Vec<u64> = groups.keys().copied().collect();
        keys.sort_unstable();
        for h in keys {
            let Some(mut ids) = groups.remove(&h) else {
                continue;
            };
            // Longest first: the longest phrase at a start wins.
            ids.sort_by_key(|&k| std::cmp::Reverse(phrases[k as usize].len()));
            let from = cands.len() as u32;
            for k in ids {
                let p = phrases[k as usize].as_bytes();
                let token_len = first_token(&phrases[k as usize]).len();
                let after = &p[token_len..];
                let n = after.len().min(8);
                cands.push(Cand {
                    phrase: k,
                    len: p.len() as u32,
                    token_len: token_len as u32,
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
            let mut s = (h as usize) & (cap - 1);
            while tags[s] != 0 {
                s = (s + 1) & (cap - 1);
            }
            tags[s] = tag(h);
            ranges[s] = (from, to);
        }
        PhraseIndex {
            phrases,
            tags,
            ranges,
            cands,
            punct_ascii,
            punct_wide,
        }
    }

    pub fn len(&self) -> usize {
        self.phrases.len()
    }

    pub fn is_empty(&self) -> bool {
        self.phrases.is_empty()
    }

    /// The candidates of the first word whose hash is `h`, longest first.
    #[inline(always)]
    fn candidates(&self, h: u64) -> &[Cand] {
        let mask = self.tags.len().wrapping_sub(1);
        let want = tag(h);
        let mut s = (h as usize) & mask;
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
    /// and ends before a non-alphanumeric char (or the end of `t`).
    #[inline(always)]
    fn longest_at(&self, t: &str, s: usize, e: usize, h: u64) -> Option<Found> {
        let cands = self.candidates(h);
        if cands.is_empty() {
            return None;
        }
        let b = t.as_bytes();
        let next = load_padded(b, e);
        for c in cands {
            if c.token_len as usize != e - s || next & c.next_mask != c.next {
                continue;
            }
            let end = s + c.len as usize;
            // All of it byte for byte: past the eight bytes, and the word
            // itself (different words can share a hash).
            let Some(p) = self.phrases.get(c.phrase as usize) else {
                continue;
            };
            if b.get(s..end) == Some(p.as_bytes()) && ends_word(t, end) {
                return Some(Found {
                    phrase: c.phrase as usize,
                    start: s,
                    end,
                });
            }
        }
        None
    }

    /// Every phrase in `t` that starts at a word start (or opens with
    /// punctuation) and ends before a non-alphanumeric char, left to right,
    /// not overlapping, the longest at each start; only those starting at
    /// or before `upto`.
    pub fn find_upto(&self, t: &str, upto: usize, mut f: impl FnMut(Found)) {
        let b = t.as_bytes();
        let n = b.len();
        let mut i = 0;
        while i < n && i <= upto {
            let c = b[i];
            let class = CLASS[usize::from(c)];
            if class == 0 {
                if self
                    .punct_ascii
                    .get(usize::from(c))
                    .copied()
                    .unwrap_or(false)
                {
                    if let Some(m) = self.longest_at(t, i, i + 1, token_hash(&[c])) {
                        f(m);
                        i = m.end;
                        continue;
                    }
                }
                i += 1;
                continue;
            }
            let s = i;
            let mut w = WordHash::default();
            if class == 2 {
                let Some((ch, len)) = char_at(t, i) else {
                    break;
                };
                if !wide_alnum(ch) {
                    if !ch.is_whitespace() && self.punct_wide.contains(&ch) {
                        let h = token_hash(b.get(i..i + len).unwrap_or_default());
                        if let Some(m) = self.longest_at(t, i, i + len, h) {
                            f(m);
                            i = m.end;
                            continue;
                        }
                    }
                    i += len;
                    continue;
                }
            } else {
                w.push(c);
                i += 1;
            }
            // The word, hashed on the way.
            while let Some(&c) = b.get(i) {
                match CLASS[usize::from(c)] {
                    1 => {
                        w.push(c);
                        i += 1;
                    }
                    0 => break,
                    _ => match char_at(t, i) {
                        Some((ch, len)) if wide_alnum(ch) => {
                            for &x in b.get(i..i + len).unwrap_or_default() {
                                w.push(x);
                            }
                            i += len;
                        }
                        _ => break,
                    },
                }
            }
            if let Some(m) = self.longest_at(t, s, i, w.finish()) {
                f(m);
                i = i.max(m.end);
            }
        }
    }

    /// [`PhraseIndex::find_upto`] over all of `t`.
    pub fn find(&self, t: &str, f: impl FnMut(Found)) {
        self.find_upto(t, usize::MAX, f);
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

    fn index(ps: &[&str]) -> PhraseIndex {
        PhraseIndex::new(ps.iter().map(|p| p.to_string()).collect())
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

    proptest::proptest! {
        #[test]
        fn matches_the_plain_definition(t in "[abAé ,¿.\\-ф0]{0,40}") {
            let ps = ["a", "ab", "a b", "b", "é", "éa", "¿a", "-", "ф", "a-b", "ba b", "abababab", "abababab ab", "ababababa", "a0"];
            let ix = index(&ps);
            proptest::prop_assert_eq!(found(&ix, &t), reference(&ps, &t));
        }
    }
}
