//! Login, subscribe, share, follow, newsletter, comment, cookie,
//! advertisement and footer prompts, in any language the lexicons cover.
//!
//! A line is a prompt when prompt phrases cover most of its letters and it is
//! short. Prose that merely mentions logging in or subscribing has many other
//! words, so the phrases cover little of it and it is kept.

use super::{Context, Rule};
use crate::document::Document;

pub struct Prompt;

pub const FAMILIES: &[&str] = &[
    "login",
    "subscribe",
    "newsletter",
    "share",
    "follow",
    "comment",
    "cookie",
    "ads",
    "footer",
    "author",
];

/// `{family} prompt` of each of [`FAMILIES`], in its order: the detail of
/// a prompt line (a test checks).
const PROMPT_DETAILS: [&str; 10] = [
    "login prompt",
    "subscribe prompt",
    "newsletter prompt",
    "share prompt",
    "follow prompt",
    "comment prompt",
    "cookie prompt",
    "ads prompt",
    "footer prompt",
    "author prompt",
];

/// Longest line (in words) that can be dropped as a prompt.
const MAX_WORDS: usize = 40;
/// Longest line (in words) dropped for one boilerplate phrase: longer
/// paragraphs are article text that quotes one.
const BOILER_MAX_WORDS: usize = 60;
/// Longest `Name says:` comment header, in words.
const HEADER_MAX_WORDS: usize = 5;
/// Share of the line's alphanumeric characters the phrases must cover.
const MIN_COVERAGE: f32 = 0.5;
/// After the body, where prompts gather, a lower share is enough ...
const EDGE_COVERAGE: f32 = 0.2;
/// ... on a line this short (in words).
const EDGE_MAX_WORDS: usize = 25;

fn alnum(s: &str) -> usize {
    // ASCII text (most lines) is counted eight bytes at a time, without
    // decoding chars; other text by its lead bytes where they tell.
    ascii_alnum(s.as_bytes()).unwrap_or_else(|| alnum_utf8(s))
}

/// [`alnum`] of any text: ASCII bytes by a table, the two-byte chars of
/// Latin-1 letters, Latin Extended and basic Cyrillic (all letters but
/// `×` and `÷`) by their lead byte, other chars decoded and classed.
/// Out of line: inlined, it made every call of [`alnum`] (mostly ASCII)
/// save and restore more registers.
#[inline(never)]
fn alnum_utf8(s: &str) -> usize {
    let b = s.as_bytes();
    let mut n = 0;
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        match c {
            0..=0x7F => {
                n += usize::from(c.is_ascii_alphanumeric());
                i += 1;
            }
            // U+00C0..=U+00FF: `×` is C3 97, `÷` C3 B7.
            0xC3 => {
                n += usize::from(!matches!(b.get(i + 1), Some(0x97 | 0xB7)));
                i += 2;
            }
            // U+0100..=U+024F and U+0400..=U+047F.
            0xC4..=0xC9 | 0xD0 | 0xD1 => {
                n += 1;
                i += 2;
            }
            _ => {
                let Some(ch) = s.get(i..).and_then(|r| r.chars().next()) else {
                    break;
                };
                n += usize::from(crate::script::is_alphanumeric(ch));
                i += ch.len_utf8();
            }
        }
    }
    n
}

/// `covered as f32 >= need * alnum(text) as f32`, counting only as far as
/// needed: the product grows with the count (`need` is positive), so once
/// the letters of a prefix outweigh `covered` the line's do too. A long
/// line with a short phrase is answered from its first bytes.
fn covers(covered: usize, need: f32, text: &str) -> bool {
    /// Bytes counted between two comparisons.
    const STEP: usize = 32;
    let mut total = 0;
    let mut from = 0;
    while from < text.len() {
        // The next piece ends on a char boundary (at most three bytes on).
        let mut to = (from + STEP).min(text.len());
        while !text.is_char_boundary(to) {
            to += 1;
        }
        total += alnum(text.get(from..to).unwrap_or_default());
        if (covered as f32) < need * total as f32 {
            return false;
        }
        from = to;
    }
    covered as f32 >= need * total as f32
}

const LO: u64 = 0x0101_0101_0101_0101;
const HI: u64 = 0x8080_8080_8080_8080;

/// The high bit of each byte of `v` (all below 0x80) that is at least `k`
/// (no carry between bytes: each sum stays below 0x100).
#[inline]
fn at_least(v: u64, k: u8) -> u64 {
    v.wrapping_add(LO * u64::from(0x80 - k)) & HI
}

/// How many bytes of `m` have their high bit set, `m` holding no other
/// bit: by one multiplication that adds the bits in the top byte.
/// (`count_ones` is a long bit-twiddling sequence on CPUs without a
/// population count instruction, which the build does not assume.)
#[inline]
fn count_high(m: u64) -> usize {
    ((m >> 7).wrapping_mul(LO) >> 56) as usize
}

/// The ASCII letters and digits of `b`, eight bytes at a time; `None`
/// when `b` is not all ASCII.
fn ascii_alnum(b: &[u8]) -> Option<usize> {
    // Zero bytes (the padding of a tail) are neither.
    let count = |x: u64| {
        // Letters of either case are `a..=z` once bit 5 is set.
        let folded = x | (LO * 0x20);
        let alpha = at_least(folded, b'a') & !at_least(folded, b'z' + 1);
        let digit = at_least(x, b'0') & !at_least(x, b'9' + 1);
        count_high(alpha | digit)
    };
    let mut n = 0;
    let mut chunks = b.chunks_exact(8);
    for c in chunks.by_ref() {
        let mut w = [0u8; 8];
        w.copy_from_slice(c);
        let x = u64::from_le_bytes(w);
        if x & HI != 0 {
            return None;
        }
        n += count(x);
    }
    let x = tail_word(b, chunks.remainder().len());
    if x & HI != 0 {
        return None;
    }
    Some(n + count(x))
}

/// The last `r` bytes of `b` (fewer than eight) as the low bytes of a
/// word, zeros above: from the last eight bytes shifted (the bytes before
/// the tail shifted out), or for a short `b` its bytes shifted in, with
/// no byte-by-byte loop after the chunks and no copy through memory.
#[inline]
fn tail_word(b: &[u8], r: usize) -> u64 {
    if r == 0 {
        return 0;
    }
    match b.last_chunk::<8>() {
        Some(last) => u64::from_le_bytes(*last) >> (8 * (8 - r)),
        None => b
            .iter()
            .rev()
            .take(r)
            .fold(0, |w, &x| (w << 8) | u64::from(x)),
    }
}

impl Rule for Prompt {
    fn name(&self) -> &'static str {
        "prompt"
    }
    fn describe(&self) -> &'static str {
        "login, subscribe, share, follow, newsletter, comment, cookie, ad, footer and author-box prompts; boilerplate sentences (disclosures, comment policies); `Name says:` comment headers; PHP errors; `Anzeige - ...` ad lines; `1-10 of 19` result counters"
    }
    fn apply(&self, doc: &mut Document, ctx: &Context) {
        let families = ctx.families(FAMILIES);
        let says = ctx.families(&["comment_header"]);
        let boiler = ctx.families(&["boiler"]);
        let ads = ctx.families(&["ads"]);
        // All the phrases the rule reads, in one walk over each line's
        // hits; what each family is for, looked up by its id (0: none of
        // the rule's), with no search of the family lists per hit.
        let roles = super::family_flags(&[
            (&boiler, BOILER),
            (&families, PROMPT),
            (&ads, AD),
            (&says, SAYS),
        ]);
        // The detail of each family of FAMILIES by its id (a site's own
        // families, named otherwise, are built as before).
        let mut details: Vec<Option<&'static str>> = Vec::new();
        for (name, detail) in FAMILIES.iter().zip(PROMPT_DETAILS) {
            if let Some(id) = ctx.lexicon.family(name) {
                let id = usize::from(id);
                if details.len() <= id {
                    details.resize(id + 1, None);
                }
                if let Some(d) = details.get_mut(id) {
                    *d = Some(detail);
                }
            }
        }
        for i in 0..doc.lines.len() {
            let line = &doc.lines[i];
            let words = line.words();
            // Every test below drops only this line: a line dropped before
            // needs none of them.
            if words > BOILER_MAX_WORDS || !line.is_kept() {
                continue;
            }
            // Deref'd once: each deref of a line's text checks its range.
            let lower: &str = &line.lower;
            let hits = ctx.line_hits(i);
            // Most lines have no phrase: of the tests below, only those
            // that read none can drop them (in the same order).
            if hits.is_empty() {
                if words > MAX_WORDS {
                    continue;
                }
                if let Some(detail) = unphrased(line, lower, words) {
                    doc.drop_line(i, self.name(), detail);
                }
                continue;
            }
            // The phrases' letters (and the first phrase's family) count
            // only on lines up to MAX_WORDS.
            let mut boilerplate = false;
            let mut covered = 0;
            let mut first_family = None;
            let mut ad_label = false;
            let mut header = false;
            for h in hits {
                let role = roles.get(usize::from(h.family)).copied().unwrap_or(0);
                boilerplate |= role & BOILER != 0;
                if words <= MAX_WORDS && role & PROMPT != 0 {
                    covered += alnum(lower.get(h.start..h.end).unwrap_or_default());
                    first_family.get_or_insert(h.family);
                }
                if role & AD != 0 && h.start == 0 && !ad_label {
                    ad_label = ad_label_ends(lower.get(h.end..).unwrap_or_default());
                }
                if role & SAYS != 0 && !header {
                    header = lower.get(h.end..).is_some_and(|r| r.trim() == ":");
                }
            }
            if boilerplate {
                doc.drop_line(i, self.name(), "boilerplate sentence");
                continue;
            }
            if words > MAX_WORDS {
                continue;
            }
            // A server error starts with one of six capitals, a count badge
            // with `(`: told by the first byte of `lower` (the lowercase of
            // each), with no deref of the text (each checks its range).
            if matches!(
                lower.as_bytes().first(),
                Some(b'w' | b'n' | b'd' | b'f' | b'p' | b's' | b'(')
            ) {
                let text: &str = &line.text;
                if server_error(text) {
                    doc.drop_line(i, self.name(), "server error message");
                    continue;
                }
                if count_badge(text) {
                    doc.drop_line(i, self.name(), "count badge");
                    continue;
                }
            }
            if words <= LABELLED_AD_MAX_WORDS && ad_label {
                doc.drop_line(i, self.name(), "labelled advertisement (`Anzeige - ...`)");
                continue;
            }
            if words <= COUNTER_MAX_WORDS && line.has_digit() && result_counter(lower) {
                doc.drop_line(i, self.name(), "result counter (`1 to 10 of 19`)");
                continue;
            }
            if words <= HEADER_MAX_WORDS && lower.ends_with(':') && header {
                doc.drop_line(i, self.name(), "comment header (`Name says:`)");
                continue;
            }
            // Lines with no prompt phrase (nearly all) need no letter count.
            if covered == 0 {
                continue;
            }
            let need = if ctx.after_body(i) && words <= EDGE_MAX_WORDS {
                EDGE_COVERAGE
            } else {
                MIN_COVERAGE
            };
            if covers(covered, need, lower) {
                // A family of FAMILIES has its detail written out: borrowed,
                // not built (and freed with the document) for each line.
                let fixed =
                    first_family.and_then(|f| details.get(usize::from(f)).copied().flatten());
                if let Some(detail) = fixed {
                    doc.drop_line(i, self.name(), detail);
                    continue;
                }
                let fam = first_family.map_or("?", |f| ctx.lexicon.family_name(f));
                // Not `format!`: its machinery costs several times more.
                let mut detail = String::with_capacity(fam.len() + 7);
                detail.push_str(fam);
                detail.push_str(" prompt");
                doc.drop_line(i, self.name(), detail);
            }
        }
    }
}

/// The tests of [`Prompt`] that read no phrase, for a line of at most
/// [`MAX_WORDS`] words with none (most lines): a server error, a count
/// badge, a result counter; the detail to drop it with.
#[inline]
fn unphrased(line: &crate::document::Line, lower: &str, words: usize) -> Option<&'static str> {
    // A server error starts with one of six capitals, a count badge with
    // `(`: told by the first byte of `lower` (the lowercase of each).
    if matches!(
        lower.as_bytes().first(),
        Some(b'w' | b'n' | b'd' | b'f' | b'p' | b's' | b'(')
    ) {
        let text: &str = &line.text;
        if server_error(text) {
            return Some("server error message");
        }
        if count_badge(text) {
            return Some("count badge");
        }
    }
    (words <= COUNTER_MAX_WORDS && line.has_digit() && result_counter(lower))
        .then_some("result counter (`1 to 10 of 19`)")
}

/// What a family is for in [`Prompt`], as bits: a boilerplate phrase, a
/// prompt phrase, an advertisement label, a comment header's verb.
const BOILER: u8 = 1;
const PROMPT: u8 = 2;
const AD: u8 = 4;
const SAYS: u8 = 8;

/// Longest line opened by an advertisement label, in words.
const LABELLED_AD_MAX_WORDS: usize = 25;

/// Does an advertisement label end here, as `Anzeige - `, `Advertisement: `
/// or `Werbung | ` do, before the advertisement's own text?
fn ad_label_ends(rest: &str) -> bool {
    let rest = rest.trim_start();
    ["- ", "\u{2013} ", "\u{2014} ", ": ", "| "]
        .iter()
        .any(|sep| rest.starts_with(sep))
}

/// Longest `Showing 1–10 of 19 results` line, in words.
const COUNTER_MAX_WORDS: usize = 14;

/// `Showing 1–10 of 19 results`, `Es werden die Artikel 1 bis 10 von
/// insgesamt 19 angezeigt`, `Affichage de 1 à 10 sur 19`: a list's pager
/// counting its entries, `a (to) b (of) c` with a ≤ b ≤ c.
fn result_counter(lower: &str) -> bool {
    const TO: &[&str] = &[
        "-", "\u{2013}", "\u{2014}", "to", "bis", "à", "a", "al", "até", "do", "по",
    ];
    const OF: &[&str] = &["of", "von", "aus", "sur", "de", "di", "da", "z", "ze", "из"];
    const TOTAL: &[&str] = &["insgesamt", "total", "totale", "en", "un", "ogółem"];
    // Three numbers are needed: most lines with a digit have fewer, and
    // need no word list.
    if number_words(lower.as_bytes(), 3) < 3 {
        return false;
    }
    let words = counter_words(lower);
    words.windows(5).enumerate().any(|(k, w)| {
        let (Some(a), Some(b)) = (counter_number(w[0]), counter_number(w[2])) else {
            return false;
        };
        if !TO.contains(&w[1]) || !OF.contains(&w[3]) || a > b {
            return false;
        }
        // `von insgesamt 19`: one word of `total` may come before the count.
        let c = counter_number(w[4]).or_else(|| {
            if TOTAL.contains(&w[4]) {
                words.get(k + 5).and_then(|x| counter_number(x))
            } else {
                None
            }
        });
        c.is_some_and(|c| b <= c && c > 1)
    })
}

/// How many words of `b` may be a [`counter_number`], counting up to
/// `enough`: runs of ASCII digits and dots with a digit, maybe with
/// trailing `,.!:`, between separators. Any non-ASCII byte counts as a
/// separator, so [`counter_words`] never finds more (its words split at
/// whitespace, brackets and dashes, and a number is ASCII).
///
/// Such a word's first run of digits starts after a separator (or the
/// start), maybe with dots between: only those starts, found eight bytes
/// at a time, have their word read (most bytes are letters, and most
/// digit runs are parts of dates and times). A test compares the
/// byte-by-byte walk this replaced.
fn number_words(b: &[u8], enough: usize) -> usize {
    let mut n = 0;
    // The digit bits of the chunk before (its last byte's in bit 63).
    let mut prev = 0u64;
    let mut i = 0;
    loop {
        let (x, last) = match b.get(i..i + 8) {
            Some(c) => {
                let mut w = [0u8; 8];
                w.copy_from_slice(c);
                (u64::from_le_bytes(w), i + 8 == b.len())
            }
            // The tail as one more chunk, zeros (no digit) after it.
            None => (tail_word(b, b.len().saturating_sub(i)), true),
        };
        // Bytes of 0x80 and above are no digit: their high bit clears them.
        let y = x & !HI;
        let d = at_least(y, b'0') & !at_least(y, b'9' + 1) & !x;
        let mut starts = d & !((d << 8) | (prev >> 56));
        while starts != 0 {
            let p = i + (starts.trailing_zeros() / 8) as usize;
            starts &= starts - 1;
            n += usize::from(number_word_at(b, p));
            if n >= enough {
                return n;
            }
        }
        if last {
            return n;
        }
        prev = d;
        i += 8;
    }
}

/// Classes of a byte in [`number_word_at`]: a separator (whitespace,
/// brackets, `-`, any non-ASCII byte), a digit, a dot, the punctuation
/// that may trail a number (`,.!:`; a dot is both).
const NUM_SEP: u8 = 1;
const NUM_DIGIT: u8 = 2;
const NUM_DOT: u8 = 4;
const NUM_TRAIL: u8 = 8;
const NUM_CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut c = 0;
    while c < 256 {
        let b = c as u8;
        t[c] = if b >= 0x80 || matches!(b, b' ' | b'\t'..=b'\r' | b'(' | b')' | b'-') {
            NUM_SEP
        } else if b.is_ascii_digit() {
            NUM_DIGIT
        } else if b == b'.' {
            NUM_DOT | NUM_TRAIL
        } else if matches!(b, b',' | b'!' | b':') {
            NUM_TRAIL
        } else {
            0
        };
        c += 1;
    }
    t
};

/// Is the word whose first run of digits starts at `p` a number of
/// [`number_words`]? (`false` too when the run is not the word's first.)
#[inline]
fn number_word_at(b: &[u8], p: usize) -> bool {
    let class = |i: usize| b.get(i).map_or(NUM_SEP, |&c| NUM_CLASS[usize::from(c)]);
    // Back over the dots before the digits to the word's start: anything
    // else before it is in the word, and no number has it there (a digit
    // there: this is not the word's first run, counted at that one).
    let mut s = p;
    while s > 0 && class(s - 1) == NUM_DOT | NUM_TRAIL {
        s -= 1;
    }
    if s > 0 && class(s - 1) != NUM_SEP {
        return false;
    }
    // Digits and dots, then maybe trailing punctuation, then the word's
    // end (a separator or the end of `b`, read as one).
    let mut e = p;
    while class(e) & (NUM_DIGIT | NUM_DOT) != 0 {
        e += 1;
    }
    while class(e) & NUM_TRAIL != 0 {
        e += 1;
    }
    class(e) == NUM_SEP
}

/// The words of a result counter: split at whitespace and brackets, with
/// each dash a word of its own (`1–10` is `1 – 10`). Slices of `lower`,
/// not of a copy with spaces put around the dashes.
fn counter_words(lower: &str) -> Vec<&str> {
    // Room for a short line's words: one allocation.
    let mut words = Vec::with_capacity(32);
    let mut start = None;
    for (i, c) in lower.char_indices() {
        let dash = matches!(c, '-' | '\u{2013}' | '\u{2014}');
        if dash || c.is_whitespace() || c == '(' || c == ')' {
            if let Some(s) = start.take() {
                words.extend(lower.get(s..i));
            }
            if dash {
                words.extend(lower.get(i..i + c.len_utf8()));
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        words.extend(lower.get(s..));
    }
    words
}

/// A counter's number: digits with `.` as thousands separators, maybe
/// with trailing punctuation (as `str::parse` of it with the dots taken
/// out, without the copy).
fn counter_number(w: &str) -> Option<u64> {
    let w = w.trim_end_matches([',', '.', '!', ':']);
    if w.is_empty() || !w.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        return None;
    }
    let mut n: Option<u64> = None;
    for b in w.bytes().filter(u8::is_ascii_digit) {
        n = n
            .unwrap_or(0)
            .checked_mul(10)?
            .checked_add(u64::from(b - b'0'));
        n?;
    }
    n
}

/// `Warning: Undefined variable $x in /var/www/page.php on line 12`: a
/// PHP message printed into the page, not text of it.
fn server_error(text: &str) -> bool {
    const LEVELS: &[&str] = &[
        "Warning: ",
        "Notice: ",
        "Deprecated: ",
        "Fatal error: ",
        "Parse error: ",
        "Strict Standards: ",
    ];
    // Each level starts with one of these capitals: one byte test spares
    // most lines the six prefix comparisons.
    matches!(
        text.as_bytes().first(),
        Some(b'W' | b'N' | b'D' | b'F' | b'P' | b'S')
    ) && LEVELS.iter().any(|l| text.starts_with(l))
        && text.contains('/')
        && text.rsplit_once(" on line ").is_some_and(|(_, n)| {
            let n = n.trim_end_matches(['.', ' ']);
            !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())
        })
}

/// `(24 Rezepte)`, `(3 comments)`: a number and a word or two in brackets,
/// alone on a line, is a counter a link or tab shows.
fn count_badge(text: &str) -> bool {
    let Some(inner) = text.strip_prefix('(').and_then(|t| t.strip_suffix(')')) else {
        return false;
    };
    let mut words = inner.split_whitespace();
    let number = words
        .next()
        .is_some_and(|w| !w.is_empty() && w.bytes().all(|b| b.is_ascii_digit() || b == b'.'));
    let rest: Vec<&str> = words.collect();
    number
        && (1..=2).contains(&rest.len())
        && rest.iter().all(|w| w.chars().all(char::is_alphabetic))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kept(text: &str) -> Vec<String> {
        crate::chrome::kept_after(&Prompt, text)
    }

    #[test]
    fn prompt_details_are_the_families() {
        assert_eq!(FAMILIES.len(), PROMPT_DETAILS.len());
        for (f, d) in FAMILIES.iter().zip(PROMPT_DETAILS) {
            assert_eq!(format!("{f} prompt"), d);
        }
    }

    #[test]
    fn ad_labels() {
        let p = "The body of the article is long enough to be counted as prose, it goes \
            on and on, as the paragraphs of a real article do, for a line or two.";
        assert_eq!(
            kept(&format!(
                "{p}\nANZEIGE - Heute schon gekocht? Probieren Sie unser Menü\n{p}"
            )),
            vec![p, p]
        );
        assert_eq!(
            kept(&format!("{p}\nAdvertisement: Try the new plan today\n{p}")),
            vec![p, p]
        );
        // The word inside a sentence, or a label with no separator, stays.
        let s = "Anzeige bei der Polizei: Der Nachbar hat den Vorfall gemeldet.";
        assert_eq!(kept(&format!("{p}\n{s}\n{p}")), vec![p, s, p]);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]
        /// The word-parallel counts are the byte and char counts they replaced.
        #[test]
        fn counts_match_the_plain_ones(
            t in "[a-zA-Z0-9 @\\[`{/:.,\u{7F}]{0,40}|[a-z0-9 .äöüßÄ\u{400}-\u{52F}\u{2013}\u{4E00}²µ×]{0,30}|\\PC{0,30}"
        ) {
            let plain = t.chars().filter(|c| c.is_alphanumeric()).count();
            proptest::prop_assert_eq!(alnum(&t), plain);
        }

        /// `number_words` counts as the byte-by-byte walk it replaced.
        #[test]
        fn number_words_as_the_byte_walk(
            t in "([0-9]{1,3}|[0-9.,:!]{1,4}|[a-z]{1,3}|[ ()\u{2013}\u{A0}\t-]|\u{E9}|\\.){0,24}|\\PC{0,40}",
        ) {
            let b = t.as_bytes();
            let want = number_words_bytewise(b);
            proptest::prop_assert_eq!(number_words(b, usize::MAX), want, "{:?}", t);
            for enough in 1..5 {
                proptest::prop_assert_eq!(number_words(b, enough) >= enough, want >= enough, "{:?}", t);
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]
        /// The early answer of `covers` is the whole count's.
        #[test]
        fn covers_is_the_whole_comparison(
            t in "[a-zA-Z0-9 .,äöüßÄ\u{400}-\u{44F}\u{2013}\u{4E00}]{0,120}|\\PC{0,80}",
            covered in 0usize..80,
            edge in proptest::bool::ANY,
        ) {
            let need = if edge { EDGE_COVERAGE } else { MIN_COVERAGE };
            let want = covered as f32 >= need * alnum(&t) as f32;
            proptest::prop_assert_eq!(covers(covered, need, &t), want);
        }

        /// `counter_words` never finds more numbers than `number_words` counts.
        #[test]
        fn number_words_bound_the_numbers(
            t in "([0-9]{1,3}|[0-9.,:!]{1,4}|[a-z]{1,3}|[ ()\u{2013}\u{A0}-]|\u{E9}){0,16}|\\PC{0,40}",
        ) {
            let exact = counter_words(&t).iter().filter(|w| counter_number(w).is_some()).count();
            proptest::prop_assert!(number_words(t.as_bytes(), usize::MAX) >= exact, "{:?}", t);
            proptest::prop_assert!(number_words(t.as_bytes(), 3) >= exact.min(3), "{:?}", t);
        }
    }

    /// `number_words` as it was: a walk over every byte.
    fn number_words_bytewise(b: &[u8]) -> usize {
        let mut n = 0;
        let (mut state, mut digit, mut in_word) = (0u8, false, false);
        for &c in b {
            if c >= 0x80 || matches!(c, b' ' | b'\t'..=b'\r' | b'(' | b')' | b'-') {
                n += usize::from(in_word && state < 2 && digit);
                (state, digit, in_word) = (0, false, false);
                continue;
            }
            in_word = true;
            state = match (state, c) {
                (0, b'0'..=b'9') => {
                    digit = true;
                    0
                }
                (0, b'.') => 0,
                (0 | 1, b',' | b'.' | b'!' | b':') => 1,
                _ => 2,
            };
        }
        n + usize::from(in_word && state < 2 && digit)
    }

    #[test]
    fn number_words_examples() {
        for (t, n) in [
            ("", 0),
            ("1 2 3", 3),
            (".5 ..6 x7 7x 1.2.3 1,5 2,. 3:!", 5),
            ("12345678 12345678", 2),
            ("1234567", 1),
            ("a 1-2-3", 3),
            ("\u{E9}1\u{E9}2", 2),
            ("2021-05-05 08:31:44", 3),
        ] {
            assert_eq!(number_words(t.as_bytes(), usize::MAX), n, "{t:?}");
            assert_eq!(number_words_bytewise(t.as_bytes()), n, "{t:?}");
        }
    }

    /// `result_counter` as it was, with its copies, for comparison.
    fn result_counter_before(lower: &str) -> bool {
        const TO: &[&str] = &[
            "-", "\u{2013}", "\u{2014}", "to", "bis", "à", "a", "al", "até", "do", "по",
        ];
        const OF: &[&str] = &["of", "von", "aus", "sur", "de", "di", "da", "z", "ze", "из"];
        const TOTAL: &[&str] = &["insgesamt", "total", "totale", "en", "un", "ogółem"];
        let runs = lower
            .as_bytes()
            .windows(2)
            .filter(|w| w[1].is_ascii_digit() && !w[0].is_ascii_digit())
            .count()
            + usize::from(lower.starts_with(|c: char| c.is_ascii_digit()));
        if runs < 3 {
            return false;
        }
        let spaced = lower
            .replace('\u{2013}', " \u{2013} ")
            .replace('\u{2014}', " \u{2014} ")
            .replace('-', " - ");
        let words: Vec<&str> = spaced
            .split(|c: char| c.is_whitespace() || c == '(' || c == ')')
            .filter(|w| !w.is_empty())
            .collect();
        let num = |w: &str| -> Option<u64> {
            let w = w.trim_end_matches([',', '.', '!', ':']);
            if w.is_empty() || !w.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
                return None;
            }
            w.replace('.', "").parse().ok()
        };
        words.windows(5).enumerate().any(|(k, w)| {
            let (Some(a), Some(b)) = (num(w[0]), num(w[2])) else {
                return false;
            };
            if !TO.contains(&w[1]) || !OF.contains(&w[3]) || a > b {
                return false;
            }
            let c = num(w[4]).or_else(|| {
                if TOTAL.contains(&w[4]) {
                    words.get(k + 5).and_then(|x| num(x))
                } else {
                    None
                }
            });
            c.is_some_and(|c| b <= c && c > 1)
        })
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4000))]
        #[test]
        fn result_counter_as_before(
            t in "(([0-9.,!:]{1,4}|[0-9]{18,22}|\\.|to|of|von|insgesamt|de|sur|à|из|x|-|\u{2013}|\u{2014}|\\(|\\)| |  |\u{A0}|\t)){0,14}"
        ) {
            proptest::prop_assert_eq!(result_counter(&t), result_counter_before(&t), "{:?}", t);
        }

        #[test]
        fn counter_number_as_parse(t in "[0-9.,!:]{0,25}") {
            let w = t.trim_end_matches([',', '.', '!', ':']);
            let want = if w.is_empty() || !w.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
                None
            } else {
                w.replace('.', "").parse::<u64>().ok()
            };
            proptest::prop_assert_eq!(counter_number(&t), want, "{:?}", t);
        }
    }

    #[test]
    fn result_counters() {
        assert!(result_counter("showing 1–10 of 19 results"));
        assert!(result_counter(
            "es werden die artikel 1 bis 10 von insgesamt 19 angezeigt!"
        ));
        assert!(result_counter("affichage de 1 à 10 sur 19"));
        assert!(result_counter("mostrando 11-20 de 345 resultados"));
        assert!(result_counter("показано 1–10 из 19"));
        // Scores, ranges in prose, dates: not a counter.
        assert!(!result_counter("the vote was 10 to 5 of 300 members"));
        assert!(!result_counter("from 1 to 10"));
        assert!(!result_counter("die kinder von 6 bis 10 jahren"));
        assert!(!result_counter("am 3. bis 5. mai 2022"));
    }

    #[test]
    fn prompts_in_several_languages() {
        let text = "To participate in the discussion\nlog in or register\nMelden Sie sich an\nПоделиться\nWe use cookies. Accept all cookies\nBody.";
        assert_eq!(kept(text), vec!["Body."]);
        assert_eq!(kept("Anna Muster sagt:\nBody."), vec!["Body."]);
        assert_eq!(
            kept("Er sagt: Das wird nichts.\nBody."),
            vec!["Er sagt: Das wird nichts.", "Body."]
        );
    }

    #[test]
    fn weaker_prompts_after_the_body() {
        let body = "The body of the article is long enough to be counted as prose, it goes on.";
        let promo = "For more stories download our app from the app store today";
        assert_eq!(
            kept(&format!("{promo}\n{body}\n{promo}")),
            vec![promo, body]
        );
    }

    #[test]
    fn one_boilerplate_phrase_is_enough() {
        let body = "The body of the article is long enough to be counted as prose, it goes on.";
        let disclosure = "This post contains affiliate links, and we may earn a commission when you buy through them at no extra cost to you.";
        let policy = "Bitte beachten Sie: Kommentare werden moderiert und erscheinen erst nach einer Prüfung durch die Redaktion.";
        assert_eq!(kept(&format!("{body}\n{disclosure}\n{policy}")), vec![body]);
        // The same topics in the article's own words are kept.
        let prose = "The regulator said that affiliate marketing now pays for a third of the sites it examined.";
        assert_eq!(kept(&format!("{body}\n{prose}")), vec![body, prose]);
    }

    #[test]
    fn server_errors_dropped() {
        let e = "Warning: Undefined variable $title in /var/www/html/page.php on line 407";
        assert_eq!(kept(&format!("{e}\nBody.")), vec!["Body."]);
        let s = "Warning: the road on line 4 of the map is closed.";
        assert_eq!(kept(s), vec![s]);
    }

    #[test]
    fn prose_mentioning_login_survives() {
        let s =
            "Users had to log in or register before they could vote, which angered many members.";
        assert_eq!(kept(s), vec![s]);
        let s = "Share prices fell sharply on Monday.";
        assert_eq!(kept(s), vec![s]);
    }

    #[test]
    fn count_badges() {
        assert!(count_badge("(24 Rezepte)"));
        assert!(count_badge("(3 comments)"));
        assert!(!count_badge("(2 Esslöffel Zucker, fein)"));
        assert!(!count_badge("(24)"));
        assert!(!count_badge("Rezepte (24)"));
    }
}
