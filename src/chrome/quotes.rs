//! A quotation the scraper split over two paragraphs is joined again.
//!
//! The first paragraph opens a quote and never closes it; the next one
//! closes a quote it never opened. Such a pair is one paragraph, joined with
//! one space. A paragraph that opens a new quote (the convention for quotes
//! running over several paragraphs) is left alone.

use crate::document::{Document, Verdict};
use crate::repair::{RepairKind, RepairLog};

/// (open, close) pairs; for the straight quote both are the same.
const PAIRS: &[(char, char)] = &[
    ('"', '"'),
    ('\u{201C}', '\u{201D}'),
    ('\u{AB}', '\u{BB}'),
    ('\u{201E}', '\u{201C}'),
];

fn is_word(c: Option<char>) -> bool {
    c.is_some_and(char::is_alphanumeric)
}

/// `text.matches(c).count()`, with memchr's vectorised search (`matches`
/// of a char runs the scalar `memchr` of the standard library). A longer
/// char is found by its lead byte and compared: building a `memmem`
/// searcher for each count cost more than the search (the encodings of
/// chars cannot overlap, so every match counts).
fn count(text: &str, c: char) -> usize {
    let mut buf = [0; 4];
    let needle = c.encode_utf8(&mut buf).as_bytes();
    let b = text.as_bytes();
    match needle {
        [one] => memchr::memchr_iter(*one, b).count(),
        [lead, ..] => memchr::memchr_iter(*lead, b)
            .filter(|&i| b.get(i..).is_some_and(|r| r.starts_with(needle)))
            .count(),
        [] => 0,
    }
}

#[cfg(test)]
/// Can the text open a quote (the test reference of [`open_pairs`]): does it hold `"`, `“`, `„` or `«`? Each pair's
/// [`leaves_open`] needs its opening mark. Found where one of their lead
/// bytes (`"`, 0xE2, 0xC2) is, which most paragraphs lack or hold rarely.
fn may_open(text: &str) -> bool {
    let b = text.as_bytes();
    // Short lines by the scan below; memchr's vector search wins on long
    // ones.
    if b.len() < 64 && !has_quote_lead(b) {
        return false;
    }
    memchr::memchr3_iter(b'"', 0xC2, 0xE2, b).any(|i| match b[i] {
        b'"' => true,
        0xC2 => b.get(i + 1) == Some(&0xAB),
        _ => b.get(i + 1) == Some(&0x80) && matches!(b.get(i + 2), Some(0x9C | 0x9E)),
    })
}

/// May `b` hold `"`, 0xC2 or 0xE2? Eight bytes at a time: with 0x20 set,
/// those are 0x22 or 0xE2 (and so is the control char 0x02), found as zero
/// bytes after an xor. Most lines are short: memchr's vector search costs
/// more to set up than this whole scan of a short line.
fn has_quote_lead(b: &[u8]) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let has_zero = |v: u64| v.wrapping_sub(ONES) & !v & HIGH != 0;
    let test = |x: u64| {
        let z = x | (ONES * 0x20);
        has_zero(z ^ (ONES * 0x22)) || has_zero(z ^ (ONES * 0xE2))
    };
    let mut chunks = b.chunks_exact(8);
    for c in chunks.by_ref() {
        let mut w = [0u8; 8];
        w.copy_from_slice(c);
        if test(u64::from_le_bytes(w)) {
            return true;
        }
    }
    let rest = chunks.remainder();
    if rest.is_empty() {
        return false;
    }
    // The tail: the last eight bytes (some tested again, which changes no
    // answer), or the few of a short line padded with a byte none of the
    // three is (shifted in, with no copy through memory).
    let w = match b.last_chunk::<8>() {
        Some(last) => u64::from_le_bytes(*last),
        None => rest
            .iter()
            .rev()
            .fold(ONES * u64::from(b' '), |w, &x| (w << 8) | u64::from(x)),
    };
    test(w)
}

/// Does the text leave a quote of this pair open at its end? (The test
/// reference of [`open_pairs`].)
#[cfg(test)]
fn leaves_open(text: &str, (open, close): (char, char)) -> bool {
    if open == close {
        let n = count(text, open);
        if n.is_multiple_of(2) {
            return false;
        }
        // The last straight quote must be an opening one: followed by a word.
        let i = text.rfind(open).unwrap_or(0);
        return is_word(text[i + 1..].chars().next());
    }
    count(text, open) > count(text, close)
}

/// Which pairs of [`PAIRS`] the text leaves open at its end (bit `k`:
/// pair `k`), from one walk over its quote marks: a paragraph that opens
/// a quote was counted eight times before (each pair's two marks), and
/// most have no mark at all (0 at once).
fn open_pairs(text: &str) -> u8 {
    let b = text.as_bytes();
    // Short lines by the scan; memchr's vector search wins on long ones.
    if b.len() < 64 && !has_quote_lead(b) {
        return 0;
    }
    // Counts of `"`, `“`, `”`, `«`, `»`, `„`, and the last `"`.
    let mut n = [0usize; 6];
    let mut last = 0;
    // 0xC2 and 0xE2 are lead bytes, never inside another char: each mark
    // is found once, as `count` finds it.
    for i in memchr::memchr3_iter(b'"', 0xC2, 0xE2, b) {
        let k = match (b.get(i), b.get(i + 1), b.get(i + 2)) {
            (Some(b'"'), ..) => {
                last = i;
                0
            }
            (Some(0xC2), Some(0xAB), _) => 3,
            (Some(0xC2), Some(0xBB), _) => 4,
            (Some(0xE2), Some(0x80), Some(0x9C)) => 1,
            (Some(0xE2), Some(0x80), Some(0x9D)) => 2,
            (Some(0xE2), Some(0x80), Some(0x9E)) => 5,
            _ => continue,
        };
        if let Some(c) = n.get_mut(k) {
            *c += 1;
        }
    }
    let [straight, ldq, rdq, lag, rag, low] = n;
    // The last straight quote must be an opening one: followed by a word.
    let straight_open =
        straight % 2 == 1 && is_word(text.get(last + 1..).and_then(|r| r.chars().next()));
    u8::from(straight_open)
        | u8::from(ldq > rdq) << 1
        | u8::from(lag > rag) << 2
        | u8::from(low > ldq) << 3
}

/// Does the text close a quote it never opened, as its first quote mark?
fn closes_unopened(text: &str, (open, close): (char, char)) -> bool {
    if open == close {
        let n = count(text, open);
        if n.is_multiple_of(2) {
            return false;
        }
        // The first straight quote must be a closing one: after a word or
        // punctuation, not at the start of the text.
        let i = text.find(open).unwrap_or(0);
        return i > 0 && !text[..i].ends_with(char::is_whitespace);
    }
    let first_close = text.find(close);
    let first_open = text.find(open);
    count(text, close) > count(text, open)
        && matches!((first_close, first_open), (Some(c), o) if o.is_none_or(|o| c < o))
}

pub fn join_split_quotes(doc: &mut Document, log: &mut RepairLog) {
    // Only a paragraph that leaves a quote open can be joined: each kept
    // line's open pairs are found first (most have none), and only those
    // with one look for the next kept line.
    let mut i = 0;
    while let Some(line) = doc.lines.get(i) {
        let open = if line.is_kept() {
            open_pairs(&line.text)
        } else {
            0
        };
        if open == 0 {
            i += 1;
            continue;
        }
        let Some(next) = doc.next_kept(i) else {
            break;
        };
        let a = &doc.lines[i].text;
        let b = &doc.lines[next].text;
        if PAIRS
            .iter()
            .enumerate()
            .any(|(k, &p)| open >> k & 1 == 1 && closes_unopened(b, p))
        {
            let joined = format!("{a} {b}");
            log.record(RepairKind::QuoteJoin, doc.lines[next].number, 1, "\n", " ");
            doc.lines[i].text = joined.into();
            doc.lines[next].verdict = Verdict::Joined;
            // `i` stays: the joined paragraph may still be open.
        } else {
            i = next;
        }
    }
}

/// The loop [`join_split_quotes`] replaced, as it was: the reference of a
/// test.
#[cfg(test)]
fn join_split_quotes_as_was(doc: &mut Document, log: &mut RepairLog) {
    let mut cur = (0..doc.lines.len()).find(|&i| doc.is_kept(i));
    while let Some(i) = cur {
        let Some(next) = doc.next_kept(i) else {
            break;
        };
        let a = &doc.lines[i].text;
        let b = &doc.lines[next].text;
        if may_open(a)
            && PAIRS
                .iter()
                .any(|&p| leaves_open(a, p) && closes_unopened(b, p))
        {
            let joined = format!("{a} {b}");
            log.record(RepairKind::QuoteJoin, doc.lines[next].number, 1, "\n", " ");
            doc.lines[i].text = joined.into();
            doc.lines[next].verdict = Verdict::Joined;
        } else {
            cur = Some(next);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn joined(text: &str) -> String {
        let mut doc = Document::from_text(text);
        let mut log = RepairLog::default();
        join_split_quotes(&mut doc, &mut log);
        doc.render()
    }

    #[test]
    fn count_is_matches_count() {
        for t in [
            "",
            "\"a\" b \"",
            "“x” „y“ «z» – — ‘’ “““",
            "\u{E2}\u{80}",
            "«««»»» \u{AB}",
        ] {
            for &(o, c) in PAIRS {
                assert_eq!(count(t, o), t.matches(o).count(), "{t:?} {o:?}");
                assert_eq!(count(t, c), t.matches(c).count(), "{t:?} {c:?}");
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        #[test]
        fn count_is_matches_count_on_any_text(t in "[a \"“”„«»–—‘’\u{80}-\u{FF}]{0,30}") {
            for &(o, c) in PAIRS {
                proptest::prop_assert_eq!(count(&t, o), t.matches(o).count());
                proptest::prop_assert_eq!(count(&t, c), t.matches(c).count());
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(1000))]
        #[test]
        fn quote_lead_prefilter_misses_nothing(t in "[a \"“”„«»–—‘’\u{2}\u{80}-\u{FF}]{0,40}") {
            let b = t.as_bytes();
            let any = b.iter().any(|&x| matches!(x, b'"' | 0xC2 | 0xE2));
            proptest::prop_assert!(!any || has_quote_lead(b));
            // And finds nothing where the three and 0x02 are none.
            let lead = b.iter().any(|&x| matches!(x, b'"' | 0xC2 | 0xE2 | 0x02));
            proptest::prop_assert_eq!(has_quote_lead(b), lead, "{:?}", t);
        }

        /// `open_pairs` is each pair's `leaves_open`, for a text that may open one.
        #[test]
        fn open_pairs_is_leaves_open(
            t in "[a .\"“”„«»–—‘’\u{2}\u{80}-\u{FF}]{0,40}|[a \"“”„«»]{60,90}|\\PC{0,80}"
        ) {
            let mut want = 0u8;
            if may_open(&t) {
                for (k, &p) in PAIRS.iter().enumerate() {
                    want |= u8::from(leaves_open(&t, p)) << k;
                }
            }
            proptest::prop_assert_eq!(open_pairs(&t), want, "{:?}", t);
        }

        #[test]
        fn joins_as_the_old_loop(
            lines in proptest::collection::vec("[a \"“”„«».]{0,12}", 0..12),
            drop in proptest::collection::vec(proptest::bool::ANY, 12),
        ) {
            let text = lines.join("\n");
            let mut want = Document::from_text(&text);
            for (i, &d) in drop.iter().enumerate() {
                if d && i % 3 == 0 {
                    want.drop_line(i, "test", "");
                }
            }
            let mut got = Document::from_text(&text);
            for (g, w) in got.lines.iter_mut().zip(&want.lines) {
                g.verdict = w.verdict.clone();
            }
            let (mut lw, mut lg) = (RepairLog::default(), RepairLog::default());
            join_split_quotes_as_was(&mut want, &mut lw);
            join_split_quotes(&mut got, &mut lg);
            proptest::prop_assert_eq!(got.render(), want.render());
            let verdicts = |d: &Document| d.lines.iter().map(|l| format!("{:?}", l.verdict)).collect::<Vec<_>>();
            proptest::prop_assert_eq!(verdicts(&got), verdicts(&want));
        }
    }

    #[test]
    fn split_quote_joined() {
        assert_eq!(
            joined("\"Non-enlargement will remain on the agenda.\n\nRussia will not take it off the table,\" he said."),
            "\"Non-enlargement will remain on the agenda. Russia will not take it off the table,\" he said.\n"
        );
        assert_eq!(
            joined("«Первая часть.\nВторая часть», сказал он."),
            "«Первая часть. Вторая часть», сказал он.\n"
        );
    }

    #[test]
    fn balanced_and_multi_paragraph_quotes_left_alone() {
        let t = "\"One,\" he said.\n\nAnother \"two\" here.\n";
        assert_eq!(joined(t), "\"One,\" he said.\n\nAnother \"two\" here.\n");
        // Multi-paragraph quote convention: the next paragraph opens again.
        let t = "\"First paragraph of a long quote.\n\n\"Second and last.\"\n";
        assert_eq!(
            joined(t),
            "\"First paragraph of a long quote.\n\n\"Second and last.\"\n"
        );
    }
}
