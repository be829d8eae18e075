//! Photo credits: `© REUTERS / Jim Bourg`, `Photo: AP`, `Фото: РИА Новости`,
//! `Name/Getty Images`, including credits glued to the caption after them.

use super::{Context, Rule};
use crate::document::Document;
use crate::lexicon::FamilyId;
use std::ops::Range;

pub struct Credit;

const MAX_WORDS: usize = 60;

impl Rule for Credit {
    fn name(&self) -> &'static str {
        "credit"
    }
    fn describe(&self) -> &'static str {
        "photo credits and captions: `© AGENCY / Name`, `Photo: ...`, `Figure 3: ...`, `Name/Getty Images`"
    }
    fn apply(&self, doc: &mut Document, ctx: &Context) {
        let labels = ctx.families(&["credit_label"]);
        let agencies = ctx.families(&["agency"]);
        let photo = ctx.families(&["photo_credit"]);
        // Every test below but the copyright ones needs a hit of one of
        // these families: one look at the line's hits spares the rest (most
        // lines have none) the six filtered walks over them.
        // (By id, one load per hit: no search of the lists.)
        let any = super::family_flags(&[(&labels, 1), (&agencies, 1), (&photo, 1)]);
        // What each line is dropped for, found first: a line's tests read
        // no verdict, and the document's joined lowercase can be held
        // meanwhile. Its bytes give each line's first byte without a deref
        // of `lower` (which checks its range): most lines need no more.
        let families = Families {
            labels: &labels,
            agencies: &agencies,
            photo: &photo,
        };
        let details = {
            let (joined, ranges) = doc.lower_joined();
            let hay = joined.as_bytes();
            // Both copyright tests need a `©` (lead byte 0xC2) or a `(`: the
            // lines that hold either are found once for the whole document.
            let maybe_copyright = holds_in(doc, hay, &ranges, &[0xC2, b'(']);
            let mut details = Vec::new();
            for (i, line) in doc.lines.iter().enumerate() {
                let words = line.words();
                if words > MAX_WORDS {
                    continue;
                }
                let maybe_copyright = maybe_copyright.get(i).copied().unwrap_or(true);
                // (Lines over CAPTION_MAX_WORDS pass no test below that needs
                // a hit; asking would search the long ones not searched yet.)
                let hit = words <= CAPTION_MAX_WORDS
                    && ctx
                        .line_hits(i)
                        .iter()
                        .any(|h| any.get(usize::from(h.family)).is_some_and(|&f| f != 0));
                // With no hit and neither `©` nor `(`, only `copyright ` at
                // the start is left (its `c` is told by the first byte).
                if !hit && !maybe_copyright {
                    let first = match ranges.get(i) {
                        Some(Some(r)) => hay.get(r.start).copied(),
                        _ => line.lower.as_bytes().first().copied(),
                    };
                    if first != Some(b'c') {
                        continue;
                    }
                }
                if let Some(d) = detail(ctx, &families, i, &line.lower, words, hit, maybe_copyright)
                {
                    details.push((i, d));
                }
            }
            details
        };
        for (i, d) in details {
            let words = doc.lines[i].words();
            doc.drop_line(i, self.name(), d);
            // A bare credit (`© Name`, `Foto: Name`) signs the caption
            // just above it: `Rust am Westufer des Sees.` / `© WSNA`.
            if i > 0
                && d != "caption ending with a photo credit"
                && words <= BARE_CREDIT_WORDS
                && doc.is_kept(i - 1)
                && doc.lines[i - 1].words() <= CAPTION_ABOVE_MAX_WORDS
                && !super::ends_sentence(&doc.lines[i - 1].text)
                // Before the body, the line above a lead photo's credit
                // is the article's title.
                && (ctx.inside_body(i - 1) || ctx.after_body(i - 1))
            {
                doc.drop_line(i - 1, self.name(), "caption above a photo credit");
            }
        }
    }
}

/// The families [`detail`] reads: credit labels, agencies, photo labels.
struct Families<'f> {
    labels: &'f [FamilyId],
    agencies: &'f [FamilyId],
    photo: &'f [FamilyId],
}

/// Why line `i` (of `words` words, lowercase `lower`) is a credit, if it is.
/// `hit`: it has a hit of one of the families; `maybe_copyright`: it holds
/// a `©` or a `(`.
fn detail(
    ctx: &Context,
    f: &Families,
    i: usize,
    lower: &str,
    words: usize,
    hit: bool,
    maybe_copyright: bool,
) -> Option<&'static str> {
    let Families {
        labels,
        agencies,
        photo,
    } = *f;
    let copyright = || maybe_copyright && trailing_copyright(lower);
    // `©` opens with 0xC2: one byte test spares most lines the three
    // prefix compares.
    if matches!(lower.as_bytes().first(), Some(0xC2 | b'(' | b'c'))
        && (lower.starts_with('©') || lower.starts_with("(c) ") || lower.starts_with("copyright "))
    {
        Some("starts with a copyright sign")
    } else if !hit {
        (words <= CAPTION_MAX_WORDS && copyright()).then_some("caption ending with a photo credit")
    } else if words <= 30
        && ctx
            .hits_in(i, labels)
            .any(|h| h.start == 0 && label_ends(&lower[h.end..]))
    {
        Some("starts with a credit label")
    } else if words <= 15
        && ctx
            .hits_in(i, agencies)
            .any(|h| ends_credit(lower, h.start, h.end))
    {
        Some("ends with an agency credit")
    } else if words <= 2
        && ctx
            .hits_in(i, agencies)
            .any(|h| agency_alone(lower, h.start, h.end))
    {
        Some("an agency alone")
    } else if words <= AGENCY_NAME_MAX_WORDS
        && ctx
            .hits_in(i, agencies)
            .any(|h| h.start == 0 && agency_then_name(&lower[h.end..]))
    {
        Some("agency and photographer (`dpa/Name`)")
    } else if words <= CAPTION_MAX_WORDS
        && (copyright()
            || ctx
                .hits_in(i, agencies)
                .any(|h| agency_in_closing_brackets(lower, h.start))
            || labelled_agency_brackets(
                lower,
                ctx.hits_in(i, labels).map(|h| (h.start, h.end)),
                ctx.hits_in(i, agencies).map(|h| h.start),
            )
            || ctx
                .hits_in(i, photo)
                .any(|h| h.start > 0 && trailing_label(lower, h.start, h.end)))
    {
        Some("caption ending with a photo credit")
    } else {
        None
    }
}

/// For each line, does its `lower` hold one of the bytes `needles`? A
/// vectorised search of the document's joined lowercase text, not a scan
/// per line (most lines are short and hold none: per line, the setup costs
/// more than the search); past a line found to hold one, the search goes
/// on from the next line. A line whose `lower` is not in that text (it was
/// replaced) is searched alone.
pub(super) fn lower_holds(doc: &Document, needles: &[u8]) -> Vec<bool> {
    let (joined, ranges) = doc.lower_joined();
    holds_in(doc, joined.as_bytes(), &ranges, needles)
}

/// [`lower_holds`] with the document's [`Document::lower_joined`] at hand.
fn holds_in(
    doc: &Document,
    hay: &[u8],
    ranges: &[Option<Range<usize>>],
    needles: &[u8],
) -> Vec<bool> {
    let mut found = vec![false; ranges.len()];
    let find = |set: &[u8], from: usize| -> Option<usize> {
        let rest = hay.get(from..)?;
        let p = match *set {
            [a] => memchr::memchr(a, rest),
            [a, b] => memchr::memchr2(a, b, rest),
            [a, b, c] => memchr::memchr3(a, b, c, rest),
            _ => None,
        }?;
        Some(from + p)
    };
    // Replaced lines are rare. (A fold with no early exit: it unrolls,
    // where `any` tests and branches per line.)
    let replaced = ranges.iter().fold(false, |acc, r| acc | r.is_none());
    for set in needles.chunks(3) {
        // The lines' ranges come in order: one cursor walks them as the
        // positions found grow.
        let mut k = 0;
        let mut from = 0;
        while let Some(p) = find(set, from) {
            from = p + 1;
            if replaced {
                while ranges
                    .get(k)
                    .is_some_and(|r| r.as_ref().is_none_or(|r| r.end <= p))
                {
                    k += 1;
                }
            } else {
                k = first_ending_after(ranges, k, p);
            }
            if let (Some(Some(r)), Some(f)) = (ranges.get(k), found.get_mut(k)) {
                if r.contains(&p) {
                    *f = true;
                    from = r.end;
                }
            }
        }
    }
    if replaced {
        for ((f, r), line) in found.iter_mut().zip(ranges).zip(&doc.lines) {
            if r.is_none() {
                *f = line.lower.bytes().any(|b| needles.contains(&b));
            }
        }
    }
    found
}

/// The first index from `k` on whose range ends after `p` (`ranges.len()`
/// if none), for ranges that are all there and in order: by steps that
/// double, then halve (most found bytes are a few lines on; a step per
/// line cost more).
fn first_ending_after(ranges: &[Option<Range<usize>>], k: usize, p: usize) -> usize {
    let ends_by_p = |j: usize| {
        ranges
            .get(j)
            .is_some_and(|r| r.as_ref().is_none_or(|r| r.end <= p))
    };
    if !ends_by_p(k) {
        return k;
    }
    // `lo` ends by `p`; the answer is in `lo + 1..=hi`.
    let mut lo = k;
    let mut step = 1;
    let mut hi = k + 1;
    while hi < ranges.len() && ends_by_p(hi) {
        lo = hi;
        step *= 2;
        hi = lo + step;
    }
    let hi = hi.min(ranges.len());
    lo + 1
        + ranges.get(lo + 1..hi).map_or(0, |r| {
            r.partition_point(|r| r.as_ref().is_none_or(|r| r.end <= p))
        })
}

/// Longest credit line, in words, that signs the caption above it.
const BARE_CREDIT_WORDS: usize = 6;
/// Longest caption above a bare credit, in words.
const CAPTION_ABOVE_MAX_WORDS: usize = 20;

/// Longest caption that ends with a credit, in words.
const CAPTION_MAX_WORDS: usize = 50;
/// Longest credit after the label at the end of a caption, in words.
const TAIL_MAX_WORDS: usize = 8;

/// `... © Name Surname` (or `/ (C) Name`) at the end of a line.
fn trailing_copyright(lower: &str) -> bool {
    // Both tests need a 0xC2 (the lead byte of `©`) or a `(`: one scan
    // answers most lines, which hold neither.
    // (Eight bytes at a time: memchr2's setup costs more on the short
    // lines most are.)
    if !has_either(lower.as_bytes(), 0xC2, b'(') {
        return false;
    }
    let short = |i: usize| lower[i..].split_whitespace().count() <= TAIL_MAX_WORDS;
    rfind_copyright(lower).is_some_and(|i| i > 0 && short(i))
        // Most lines hold no `(` at all: memchr answers them without
        // setting up a substring search.
        || rfind_c_in_brackets(lower)
            .is_some_and(|i| i > 0 && lower[..i].ends_with([' ', '/']) && short(i))
}

const LO: u64 = 0x0101_0101_0101_0101;
const HI: u64 = 0x8080_8080_8080_8080;

/// Does `b` hold the byte `x` or the byte `y`? Eight bytes at a time: a
/// byte equal to `x` xors to zero, and `(v - LO) & !v & HI` is nonzero
/// exactly when some byte of `v` is zero.
fn has_either(b: &[u8], x: u8, y: u8) -> bool {
    let zero = |v: u64| v.wrapping_sub(LO) & !v & HI != 0;
    let mut chunks = b.chunks_exact(8);
    for c in chunks.by_ref() {
        let mut w = [0u8; 8];
        w.copy_from_slice(c);
        let v = u64::from_le_bytes(w);
        if zero(v ^ (LO * u64::from(x))) || zero(v ^ (LO * u64::from(y))) {
            return true;
        }
    }
    chunks.remainder().iter().any(|&c| c == x || c == y)
}

/// `lower.rfind("(c) ")`, without setting up a substring searcher: each
/// `(` from the end (memchr's vectorised `memrchr`) is compared in place.
fn rfind_c_in_brackets(lower: &str) -> Option<usize> {
    let b = lower.as_bytes();
    memchr::memrchr_iter(b'(', b).find(|&i| b.get(i..i + 4) == Some(b"(c) ".as_slice()))
}

/// `lower.rfind('©')`, faster: `str::rfind` looks for the sign's last
/// byte (0xA9), which is common in other letters (`é` is C3 A9), with a
/// scalar `memrchr`. The lead byte 0xC2 is rare, and memchr's is vectorised.
fn rfind_copyright(lower: &str) -> Option<usize> {
    let b = lower.as_bytes();
    let mut end = b.len();
    while let Some(i) = memchr::memrchr(0xC2, &b[..end]) {
        if b.get(i + 1) == Some(&0xA9) {
            return Some(i);
        }
        end = i;
    }
    None
}

/// `... (Quelle: Hume/Unsplash/DJV)`: closing brackets that open with a
/// credit label and name a photo agency. (A source in brackets without an
/// agency, `(Quelle: Statistisches Bundesamt)`, ends sentences of prose.)
fn labelled_agency_brackets(
    lower: &str,
    labels: impl Iterator<Item = (usize, usize)>,
    agencies: impl Iterator<Item = usize>,
) -> bool {
    // memchr's vectorised `memrchr`, not the scalar one of `str::rfind`.
    let Some(open) = memchr::memrchr(b'(', lower.as_bytes()) else {
        return false;
    };
    if open == 0 || !lower.trim_end().ends_with(')') || lower[open..].matches(')').count() != 1 {
        return false;
    }
    let mut labels = labels;
    let labelled = labels.any(|(s, e)| s == open + 1 && lower[e..].trim_start().starts_with(':'));
    let mut agencies = agencies;
    labelled
        && agencies.any(|a| a > open)
        && lower[open..].split_whitespace().count() <= TAIL_MAX_WORDS
}

/// `... (REUTERS/Jane Roe)`: a bracketed credit that opens with an agency
/// and closes the line.
fn agency_in_closing_brackets(lower: &str, start: usize) -> bool {
    lower[..start].ends_with('(')
        && lower.trim_end().ends_with(')')
        && lower[start..].starts_with(|c: char| c.is_alphanumeric())
        && lower[start..].contains('/')
        && lower[start..].split_whitespace().count() <= TAIL_MAX_WORDS
        && !lower[start..].contains('(')
}

/// `... Foto: Name` or `... (Symbolbild)` ending a caption: a photo label
/// followed by `:` and a short credit, or alone in the closing brackets.
fn trailing_label(lower: &str, start: usize, end: usize) -> bool {
    let rest = lower[end..].trim_start();
    // `..., Bild via`: the credit's link text was lost with its link.
    if rest.trim_end() == "via" {
        return true;
    }
    if let Some(credit) = rest.strip_prefix(':') {
        let w = credit.split_whitespace().count();
        return w > 0 && w <= TAIL_MAX_WORDS;
    }
    let before = lower[..start].trim_end();
    before.ends_with('(')
        && rest.trim_end().ends_with(')')
        && rest.split_whitespace().count() <= TAIL_MAX_WORDS
}

/// A label is followed by `:` (or `/`, `.`, `|`), not by running text;
/// figure labels may carry a number first (`Figure 3:`, `Abb. 2.`).
fn label_ends(rest: &str) -> bool {
    let rest = rest.trim_start_matches('.').trim_start();
    let rest = rest
        .trim_start_matches(|c: char| c.is_ascii_digit())
        .trim_start();
    rest.starts_with([':', '/', '|', '.']) || rest.starts_with("by ")
}

/// The agency ends the line (after optional punctuation) and is introduced
/// by `/`, `©`, `(`, or a credit word, as credits are.
fn ends_credit(lower: &str, start: usize, end: usize) -> bool {
    let tail =
        lower[end..].trim_matches(|c: char| c.is_whitespace() || matches!(c, ')' | ']' | '.'));
    if !tail.is_empty() {
        return false;
    }
    let head = lower[..start].trim_end();
    head.ends_with(['/', '©', '(', '[', '|']) || head.ends_with("photo") || head.ends_with("foto")
}

/// Longest `dpa/Michael Kappeler` line, in words.
const AGENCY_NAME_MAX_WORDS: usize = 5;

/// What follows the agency in `APA/Georg Hochmuth`, `PAP/ Anna Nowak`: a
/// slash and a name of one to three words, with no sentence after it.
fn agency_then_name(rest: &str) -> bool {
    let Some(name) = rest.trim_start().strip_prefix('/') else {
        return false;
    };
    let name = name.trim();
    let n = name.split_whitespace().count();
    (1..=3).contains(&n)
        && name.chars().any(char::is_alphabetic)
        && !name.ends_with(['.', ':', '!', '?'])
}

/// `iStock.com)` or `Getty Images` alone on a line: the tail of a credit
/// that the scraper split over several lines.
fn agency_alone(lower: &str, start: usize, end: usize) -> bool {
    let head = lower[..start].trim_matches(|c: char| c.is_whitespace() || matches!(c, '(' | '['));
    let tail = lower[end..].trim_end_matches(|c: char| c.is_whitespace() || matches!(c, ')' | ']'));
    let domain = tail
        .strip_prefix('.')
        .is_some_and(|d| (2..=3).contains(&d.len()) && d.bytes().all(|b| b.is_ascii_lowercase()));
    head.is_empty() && (tail.is_empty() || domain)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfind_c_in_brackets_is_rfind() {
        for t in [
            "",
            "(c) ",
            "(c)",
            "a (c) b (c) c",
            "x (c)  (c",
            "((c) (",
            "é(c) ü",
            "(c) x (cc) ",
        ] {
            assert_eq!(rfind_c_in_brackets(t), t.rfind("(c) "), "{t:?}");
        }
    }

    #[test]
    fn has_either_matches_contains() {
        for len in 0..40 {
            for at in 0..len {
                for (x, y) in [(0xC2, b'('), (b'(', 0xC2), (b'a', b'a')] {
                    let mut b = vec![b'z'; len];
                    assert!(!has_either(&b, x, y), "{len} {at}");
                    b[at] = x;
                    assert!(has_either(&b, x, y), "{len} {at}");
                    b[at] = y;
                    assert!(has_either(&b, x, y), "{len} {at}");
                    // Neighbours of the bytes (borrows of the subtraction).
                    b[at] = x.wrapping_add(1);
                    if x.wrapping_add(1) != y {
                        assert!(!has_either(&b, x, y), "{len} {at}");
                    }
                }
            }
        }
        assert!(has_either("Foto © dpa".as_bytes(), 0xC2, b'('));
        assert!(!has_either(
            "Köln ist schön, sagt er".as_bytes(),
            0xC2,
            b'('
        ));
    }

    fn dropped(text: &str) -> Vec<bool> {
        crate::chrome::dropped_by(&Credit, text)
    }

    /// [`lower_holds`] the slow way: each line's `lower` searched alone.
    fn holds_by_line(doc: &Document, needles: &[u8]) -> Vec<bool> {
        doc.lines
            .iter()
            .map(|l| l.lower.bytes().any(|b| needles.contains(&b)))
            .collect()
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        /// `lower_holds` is the per-line search, whatever the lines.
        #[test]
        fn lower_holds_is_per_line_search(
            lines in proptest::collection::vec("[a-zA-Z( \u{A9}\u{C4}\u{130}\u{2022}\u{410}\u{4C0}\n]{0,12}", 0..8),
        ) {
            let doc = Document::from_text(&lines.concat());
            for needles in [&[0xC2, b'('][..], &[b'('][..], &[0xD0, 0xD1, 0xD2, 0xD3][..]] {
                proptest::prop_assert_eq!(lower_holds(&doc, needles), holds_by_line(&doc, needles));
            }
        }

        /// The same with lines whose `lower` was replaced (the cursor then
        /// steps line by line).
        #[test]
        fn lower_holds_with_replaced_lines(
            lines in proptest::collection::vec("[a-z( \u{A9}\u{410}]{1,12}\n", 1..10),
            replaced in proptest::collection::vec((0usize..10, "[a-z( \u{A9}]{0,6}"), 0..3),
        ) {
            let mut doc = Document::from_text(&lines.concat());
            for (j, lower) in replaced {
                if let Some(line) = doc.lines.get_mut(j) {
                    line.lower = crate::document::Text::from(lower);
                }
            }
            for needles in [&[0xC2, b'('][..], &[0xD0, 0xD1, 0xD2, 0xD3][..]] {
                proptest::prop_assert_eq!(lower_holds(&doc, needles), holds_by_line(&doc, needles));
            }
        }
    }

    #[test]
    fn first_ending_after_is_linear_walk() {
        let ranges: Vec<Option<Range<usize>>> = (0..40).map(|i| Some(i * 3..i * 3 + 2)).collect();
        for k in 0..=ranges.len() {
            for p in 0..130 {
                let mut want = k;
                while ranges
                    .get(want)
                    .is_some_and(|r| r.as_ref().is_none_or(|r| r.end <= p))
                {
                    want += 1;
                }
                assert_eq!(first_ending_after(&ranges, k, p), want, "{k} {p}");
            }
        }
    }

    #[test]
    fn credits_dropped() {
        assert_eq!(
            dropped("© REUTERS / Jim BourgA view of the White House."),
            vec![true]
        );
        assert_eq!(dropped("Photo: John Smith"), vec![true]);
        assert_eq!(dropped("Фото: РИА Новости"), vec![true]);
        assert_eq!(dropped("Jane Doe/Getty Images"), vec![true]);
        assert_eq!(dropped("dpa/Michael Kappeler"), vec![true]);
        assert_eq!(dropped("PAP/ Anna Nowak"), vec![true]);
        // A sentence naming an agency and a slash is not a credit.
        assert_eq!(
            dropped("AFP/Reuters reported the talks had ended."),
            vec![false]
        );
        assert_eq!(dropped("Protesters in Paris (AFP)"), vec![true]);
        assert_eq!(
            dropped("Striking members at a rally last year. Photograph: Jane Roe/Example"),
            vec![true]
        );
        assert_eq!(dropped("Ein Waldweg im Winter (Symbolbild)"), vec![true]);
        assert_eq!(
            dropped("Leaders meet in Geneva, on Monday (REUTERS/Jane Roe)"),
            vec![true]
        );
        assert_eq!(dropped("Blick auf den Hafen. © Max Muster"), vec![true]);
        assert_eq!(dropped("Abbildung 4: Die Schneedecke im März"), vec![true]);
        assert_eq!(dropped("Fig. 2. Sea ice extent, 1979 to 2020"), vec![true]);
        assert_eq!(dropped("Le piquet de grève / (C) Kab Niang"), vec![true]);
        assert_eq!(dropped("iStock.com)"), vec![true]);
        assert_eq!(
            dropped("Paris Haute Couture, Serkan Cura, Bild via"),
            vec![true]
        );
        assert_eq!(
            dropped("Neue Seminare starten im März. (Quelle: Hume/Unsplash/DJV)"),
            vec![true]
        );
    }

    const BODY: &str = "The body of the article is long enough to be counted as prose, it goes on \
        and on, as the paragraphs of a real article do, for a line or two.";

    #[test]
    fn caption_above_a_bare_credit() {
        assert_eq!(
            dropped(&format!(
                "{BODY}\nThe harbour at dawn, from the north pier\n© Jane Roe\n{BODY}"
            )),
            vec![false, true, true, false]
        );
        // A sentence above a credit is the article's; the image sits between.
        assert_eq!(
            dropped(&format!(
                "{BODY}\nThe pier was built in 1890.\nFoto: Jane Roe\n{BODY}"
            )),
            vec![false, false, true, false]
        );
        // Before the body it is the title above the lead photo.
        assert_eq!(
            dropped(&format!(
                "A New Pier for the Harbour\n© Jane Roe\n{BODY}\n{BODY}"
            )),
            vec![false, true, false, false]
        );
    }

    #[test]
    fn prose_kept() {
        assert_eq!(
            dropped("Photos of the event were shared widely, she said."),
            vec![false]
        );
        assert_eq!(
            dropped("The AP reported the news first, citing officials in Kyiv."),
            vec![false]
        );
        assert_eq!(dropped("He worked for Reuters"), vec![false]);
        assert_eq!(
            dropped("Figure skating returns to the city in May."),
            vec![false]
        );
        assert_eq!(
            dropped("Abbildungen zeigen, wie es war: kalt."),
            vec![false]
        );
        assert_eq!(
            dropped("Das Bild zeigt, wie groß der Schaden war: gewaltig, sagen Experten."),
            vec![false]
        );
        assert_eq!(
            dropped("Die Preise stiegen um vier Prozent. (Quelle: Statistisches Bundesamt)"),
            vec![false]
        );
        assert_eq!(dropped("Reuters und AP berichten"), vec![false]);
        assert_eq!(dropped("Sie schickte ein Foto via WhatsApp"), vec![false]);
    }
}
