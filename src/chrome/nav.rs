//! Navigation: runs of menu items before or after the article body
//! (`Startseite`, `News`, `Sport`, `Kontakt`, one per line), and breadcrumb
//! or menu lines joined by separators (`Home | News | Politics`,
//! `Start » Ratgeber » Garten`).
//!
//! One short line alone proves nothing (a subheading, a list item); several
//! in a row outside the body are a menu. Inside the body span runs are left
//! alone: short lines there are lists, tables and subheadings.

use super::layout::is_menu_item;
use super::{ends_sentence, Context, Rule};
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
fn has_separator(text: &str) -> bool {
    let b = text.as_bytes();
    // First a pass without branches (it vectorizes) for a space before a
    // byte a separator's char can start with: most lines have none, and
    // are answered without the memchr calls, which cost more on short lines.
    let next = b.get(1..).unwrap_or_default();
    let maybe = b.iter().zip(next).fold(false, |acc, (&s, &c)| {
        acc | ((s == b' ') & ((c == b'|') | (c == b'>') | (c == b'/') | (c == 0xC2) | (c == 0xE2)))
    });
    if !maybe {
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

/// `Home | News | Politics`: at least `min_segments` short segments between
/// separators, none of them a sentence.
pub fn is_separator_line(text: &str, min_segments: usize) -> bool {
    // The cheapest tests first: a sentence's end rules out most of the
    // text's bytes (prose) before the scan for a separator, which rules
    // out most of the other lines.
    if text.starts_with('|') || ends_sentence(text) || !has_separator(text) {
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
            if !ctx.outside_loose(i) || !is_menu_item(&doc.lines[i].text, ITEM_MAX_WORDS) {
                i += 1;
                continue;
            }
            // Line `i` is known to be an item: the run goes on from `i + 1`.
            let mut j = i + 1;
            while j < n && ctx.outside_loose(j) && is_menu_item(&doc.lines[j].text, ITEM_MAX_WORDS)
            {
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
                for k in i..end {
                    doc.drop_line(k, self.name(), format!("menu run of {}", j - i));
                }
            }
            i = j;
        }
        for i in 0..n {
            // Two segments and the separator between them are three words
            // at least.
            if doc.lines[i].words() < SEPARATOR_LINE_MIN_WORDS {
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

    fn kept(text: &str) -> Vec<String> {
        crate::chrome::kept_after(&Nav, text)
    }

    const BODY: &str = "The first paragraph of the article is long enough to count as prose, \
        and it goes on for a while, as the first paragraphs of articles do.\n\
        Ingredients\n- 2 eggs\n- Salt\n- Pepper\n\
        The second paragraph of the article is also long enough to be prose here, \
        and it explains what to do with the eggs, the salt and the pepper.";

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
            assert_eq!(has_separator(t), want, "{t:?}");
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
