//! Navigation: runs of menu items before or after the article body
//! (`Startseite`, `News`, `Sport`, `Kontakt`, one per line), and breadcrumb
//! or menu lines joined by separators (`Home | News | Politics`,
//! `Start » Ratgeber » Garten`).
//!
//! One short line alone proves nothing (a subheading, a list item); several
//! in a row outside the body are a menu. Inside the body span runs are left
//! alone: short lines there are lists, tables and subheadings.

use super::layout::{ends_sentence_quick, is_menu_item_counted};
use super::{Context, Rule};
use crate::document::Document;

pub struct Nav;

/// Longest menu item, in words.
const ITEM_MAX_WORDS: usize = 4;
/// Shortest run of menu items that is a menu.
const MIN_RUN: usize = 3;
/// Longest segment of a separator line, in words.
const SEGMENT_MAX_WORDS: usize = 4;

/// Fewest words of a separator line: two segments of one word and the
/// separator's char, a word of its own between spaces.
const SEPARATOR_LINE_MIN_WORDS: usize = 3;

const SEPARATORS: &[&str] = &[
    " | ",
    " \u{BB} ",
    " \u{203A} ",
    " > ",
    " / ",
    " \u{2022} ",
    " \u{B7} ",
];

/// Does `text` hold one of [`SEPARATORS`] (each a space, one char, a
/// space)? Compares only where a separator's char can start (`|`, `>`,
/// `/`; `»` and `·` start with 0xC2, `›` and `•` with 0xE2), found with
/// `memchr`: cheaper than searching for each separator in turn.
fn has_separator(b: &[u8]) -> bool {
    // First a pass without branches (it vectorizes) for a space before a
    // byte a separator's char can start with: most lines have none, and
    // are answered without the memchr calls, which cost more on short lines.
    if !space_then_lead(b) {
        return false;
    }
    // Where a separator's char starts, one byte after the separator's start.
    // Every separator opens with a space: tested first, as the chars
    // found (`/` in URLs, 0xE2 of every `’` and `–`) mostly lack one.
    let at = |p: usize| {
        p > 0
            && b[p - 1] == b' '
            && SEPARATORS
                .iter()
                .any(|s| b.get(p - 1..).is_some_and(|r| r.starts_with(s.as_bytes())))
    };
    memchr::memchr3_iter(b'|', b'>', b'/', b).any(at) || memchr::memchr2_iter(0xC2, 0xE2, b).any(at)
}

/// Is some byte of `b` a space followed by `|`, `>`, `/`, 0xC2 or 0xE2?
/// Sixteen pairs at a time, in fixed blocks the compiler turns into vector
/// compares; the last pairs by a block that overlaps the one before (or,
/// on a line shorter than a block, a padded copy): the open-ended loop
/// this replaced finished most lines in a slow four-byte tail.
fn space_then_lead(b: &[u8]) -> bool {
    const BLOCK: usize = 16;
    /// The pairs `(w[k], w[k + 1])` of a block, without branches.
    #[inline(always)]
    fn block(w: &[u8; BLOCK + 1]) -> bool {
        let mut acc = 0u8;
        for k in 0..BLOCK {
            let (s, c) = (w[k], w[k + 1]);
            // 0xC2 and 0xE2 differ only in 0x20.
            let lead = (c == b'|') | (c == b'>') | (c == b'/') | (c | 0x20 == 0xE2);
            acc |= u8::from((s == b' ') & lead);
        }
        acc != 0
    }
    let n = b.len();
    if n <= BLOCK {
        // Padded with zeros: no pair with a zero matches.
        let mut w = [0u8; BLOCK + 1];
        for (d, &c) in w.iter_mut().zip(b) {
            *d = c;
        }
        return block(&w);
    }
    let mut i = 0;
    while let Some(w) = b.get(i..).and_then(<[u8]>::first_chunk::<{ BLOCK + 1 }>) {
        if block(w) {
            return true;
        }
        i += BLOCK;
    }
    // The pairs from `i` on, in the last block (pairs before `i` again
    // change no answer).
    match b.last_chunk::<{ BLOCK + 1 }>() {
        Some(w) if i + 1 < n => block(w),
        _ => false,
    }
}

/// Lines longer than this (in bytes) are searched for a separator only
/// where their first segment can end.
const LONG_LINE_BYTES: usize = 256;

/// The bytes of `b` where the first separator of a separator line can be:
/// the first segment has at most [`SEGMENT_MAX_WORDS`] words, so its
/// separator starts before the next word, and only that prefix needs the
/// search (prose lines are long). Counted are only the word starts that
/// are sure ones, an ASCII non-space byte after an ASCII space: never more
/// than the words, so the prefix is never too short.
/// On lines of at most `long` bytes all of `b`: the search is cheaper
/// than counting words.
fn first_segment_bytes(b: &[u8], long: usize) -> &[u8] {
    if b.len() <= long {
        return b;
    }
    let is_space = |c: u8| matches!(c, b' ' | b'\t'..=b'\r');
    let mut starts = 0;
    let mut prev_space = true;
    for (i, &c) in b.iter().enumerate() {
        let space = is_space(c);
        if prev_space && !space && c < 0x80 {
            starts += 1;
            if starts > SEGMENT_MAX_WORDS {
                // The separator's space is before `i`, and a separator
                // takes at most five bytes.
                return b.get(..i + 4).unwrap_or(b);
            }
        }
        prev_space = space;
    }
    b
}

/// `Home | News | Politics`: at least `min_segments` short segments between
/// separators, none of them a sentence.
// Inlined: the first tests answer most lines without the call.
#[inline]
pub fn is_separator_line(text: &str, min_segments: usize) -> bool {
    // The cheapest tests first: a sentence's end rules out most of the
    // text's bytes (prose) before the scan for a separator, which rules
    // out most of the other lines.
    !text.starts_with('|') && !ends_sentence_quick(text) && separator_line_rest(text, min_segments)
}

/// [`is_separator_line`] past its first tests.
#[inline(never)]
fn separator_line_rest(text: &str, min_segments: usize) -> bool {
    if !has_separator(first_segment_bytes(text.as_bytes(), LONG_LINE_BYTES)) {
        return false;
    }
    let Some(sep) = SEPARATORS.iter().find(|s| text.contains(*s)) else {
        return false;
    };
    let mut n = 0;
    for seg in text.split(sep) {
        let w = seg.split_whitespace().count();
        if w == 0 || w > SEGMENT_MAX_WORDS {
            return false;
        }
        n += 1;
    }
    n >= min_segments
}

/// Can a line of `words` words be an [`is_menu_item`] of `max_words`? It
/// has a bullet and the item's words; or, with a wide char, a bullet and a
/// weight of at most `6 * max_words` chars, at most half of them words.
pub(super) fn may_be_menu_item(words: usize, max_words: usize) -> bool {
    words <= 1 + 6 * max_words / 2
}

/// [`is_menu_item`] of line `i`, answered from its word count for the
/// longer lines (its tests scan the whole line).
fn menu_item(doc: &Document, i: usize) -> bool {
    doc.lines.get(i).is_some_and(|l| {
        may_be_menu_item(l.words(), ITEM_MAX_WORDS)
            && is_menu_item_counted(&l.text, ITEM_MAX_WORDS, l.words())
    })
}

impl Rule for Nav {
    fn name(&self) -> &'static str {
        "nav"
    }
    fn describe(&self) -> &'static str {
        "navigation: runs of menu items outside the body, breadcrumbs (`Home | News | Sport`)"
    }
    fn uses_layout(&self) -> bool {
        true
    }
    fn apply(&self, doc: &mut Document, ctx: &Context) {
        let n = doc.lines.len();
        let mut i = 0;
        while i < n {
            if !ctx.outside_loose(i) || !menu_item(doc, i) {
                i += 1;
                continue;
            }
            // Line `i` is known to be an item: the run goes on from `i + 1`.
            let mut j = i + 1;
            while j < n && ctx.outside_loose(j) && menu_item(doc, j) {
                j += 1;
            }
            // The line right before the body is its title more often than a
            // menu entry: a run that touches the body leaves it.
            let end = if ctx.loose.is_some_and(|(s, _)| s == j) {
                j - 1
            } else {
                j
            };
            if end - i >= MIN_RUN {
                // Formatted once per run; copied only for the lines kept
                // so far (`drop_line` leaves the others).
                let detail = format!("menu run of {}", j - i);
                for k in i..end {
                    if doc.is_kept(k) {
                        doc.drop_line(k, self.name(), detail.clone());
                    }
                }
            }
            i = j;
        }
        for i in 0..n {
            // Two segments and the separator between them are three words
            // at least.
            // A line dropped already (a third of them, after `tail`) is
            // only dropped here: no test.
            if doc.lines[i].words() < SEPARATOR_LINE_MIN_WORDS || !doc.lines[i].is_kept() {
                continue;
            }
            let min_segments = if ctx.outside_body(i) { 2 } else { 3 };
            if is_separator_line(&doc.lines[i].text, min_segments) {
                doc.drop_line(i, self.name(), "menu or breadcrumb line");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chrome::ends_sentence;
    use crate::chrome::layout::is_menu_item;

    fn kept(text: &str) -> Vec<String> {
        crate::chrome::kept_after(&Nav, text)
    }

    const BODY: &str = "The first paragraph of the article is long enough to count as prose, \
        and it goes on for a while, as the first paragraphs of articles do.\n\
        Ingredients\n- 2 eggs\n- Salt\n- Pepper\n\
        The second paragraph of the article is also long enough to be prose here, \
        and it explains what to do with the eggs, the salt and the pepper.";

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4000))]
        /// The block scan finds a space before a lead byte anywhere.
        #[test]
        fn space_then_lead_is_pair_scan(
            parts in proptest::collection::vec(
                proptest::sample::select(&["a", " ", "|", ">", "/", "\u{BB}", "\u{2022}", "\u{E9}", "\u{C2}", "\0", "xxxxxxx"][..]),
                0..40,
            ),
        ) {
            let t = parts.concat();
            let b = t.as_bytes();
            let want = b.windows(2).any(|w| w[0] == b' ' && matches!(w[1], b'|' | b'>' | b'/' | 0xC2 | 0xE2));
            proptest::prop_assert_eq!(space_then_lead(b), want, "{:?}", t);
        }
    }

    #[test]
    fn space_then_lead_at_every_offset() {
        for len in 0..60 {
            for at in 0..len.max(1) - 1 {
                for lead in [b'|', b'>', b'/', 0xC2, 0xE2] {
                    let mut b = vec![b'x'; len];
                    assert!(!space_then_lead(&b));
                    b[at] = b' ';
                    b[at + 1] = lead;
                    assert!(space_then_lead(&b), "{len} {at} {lead}");
                    // A lead byte's neighbours are none.
                    b[at + 1] = lead ^ 1;
                    assert!(!space_then_lead(&b), "{len} {at} {lead}");
                }
            }
        }
    }

    #[test]
    fn separator_precheck_matches_contains() {
        for t in [
            "",
            " ",
            "a | b",
            "a |b",
            "a  » b",
            "x \u{203A} y",
            "x \u{2022}y",
            "a / b / c",
            "a/b",
            "\u{B7} a \u{B7} ",
            "“quoted” — text",
            "end |",
            "end | ",
        ] {
            let want = SEPARATORS.iter().any(|s| t.contains(s));
            assert_eq!(has_separator(t.as_bytes()), want, "{t:?}");
        }
    }

    #[test]
    fn menus_outside_body_dropped_lists_inside_kept() {
        let out = kept(&format!(
            "* Home\n* News\n* Sport\nTitle Of The Piece\n{BODY}\nImprint\nContact\nPrivacy"
        ));
        assert_eq!(out[0], "Title Of The Piece");
        assert_eq!(out.len(), 7);
        assert!(out.contains(&"- Salt".to_string()));
    }

    #[test]
    fn two_short_lines_are_not_a_menu() {
        let out = kept(&format!("Home\nNews\n{BODY}"));
        assert_eq!(out.len(), 8);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4000))]
        /// `apply` skips lines of fewer than SEPARATOR_LINE_MIN_WORDS words.
        #[test]
        fn separator_lines_have_three_words(
            parts in proptest::collection::vec(
                proptest::sample::select(&["a", "B c", " ", " | ", " \u{BB} ", " / ", "|", "\u{A0}", "."][..]),
                0..12,
            ),
        ) {
            let t = parts.concat();
            if is_separator_line(&t, 2) {
                proptest::prop_assert!(t.split_whitespace().count() >= SEPARATOR_LINE_MIN_WORDS);
            }
        }
    }

    /// [`is_separator_line`] as it was, searching the whole line.
    fn is_separator_line_before(text: &str, min_segments: usize) -> bool {
        if text.starts_with('|') || ends_sentence(text) || !has_separator(text.as_bytes()) {
            return false;
        }
        let Some(sep) = SEPARATORS.iter().find(|s| text.contains(*s)) else {
            return false;
        };
        let mut n = 0;
        for seg in text.split(sep) {
            let w = seg.split_whitespace().count();
            if w == 0 || w > SEGMENT_MAX_WORDS {
                return false;
            }
            n += 1;
        }
        n >= min_segments
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4000))]
        /// Searching only where the first segment can end, on any line
        /// (short limits, so that the prefix search runs).
        #[test]
        fn prefix_search_is_whole_search(
            parts in proptest::collection::vec(
                proptest::sample::select(&["a", "B c", " ", " | ", " \u{BB} ", " \u{203A} ", " / ", "|", "\u{A0}", "\u{2009}", ".", "\u{C4}", "x\u{A0}y", "\u{A0}\u{A0}"][..]),
                0..16,
            ),
            long in 0usize..40,
        ) {
            let t = parts.concat();
            for min in [2, 3] {
                let want = is_separator_line_before(&t, min);
                let got = !(t.starts_with('|')
                    || ends_sentence(&t)
                    || !has_separator(first_segment_bytes(t.as_bytes(), long)))
                    && is_separator_line_before(&t, min);
                proptest::prop_assert_eq!(got, want, "{:?}", t);
                proptest::prop_assert_eq!(is_separator_line(&t, min), want, "{:?}", t);
            }
        }

        /// A menu item has no more words than `may_be_menu_item` allows.
        #[test]
        fn menu_items_are_short(
            parts in proptest::collection::vec(
                proptest::sample::select(&["* ", "- ", "o ", "\u{2022} ", "Ab", "\u{65E5}", "\u{AC00}\u{AC00}", " ", "\u{3000}", "\u{A0}", "x"][..]),
                0..80,
            ),
            max in 1usize..20,
        ) {
            let t = parts.concat();
            // Given the word count, the same answer.
            let words = crate::document::count_words(&t);
            proptest::prop_assert_eq!(is_menu_item_counted(&t, max, words), is_menu_item(&t, max), "{:?}", t);
            if is_menu_item(&t, max) {
                proptest::prop_assert!(may_be_menu_item(crate::document::count_words(&t), max), "{:?}", t);
            }
        }
    }

    #[test]
    fn separator_lines() {
        assert!(is_separator_line("Home | News | Politics", 3));
        assert!(is_separator_line("Start \u{BB} Ratgeber", 2));
        assert!(!is_separator_line("| a | b |", 2));
        assert!(!is_separator_line(
            "Prices rose 3 / 4 of the time, he said.",
            2
        ));
        assert!(!is_separator_line(
            "He won | the race by a large margin today | said",
            2
        ));
    }
}
