//! Where the article is: the main body span, and the shapes of lines that
//! rules outside it look for (menu items, list bullets).
//!
//! The body of a page is its densest run of long, sentence-like lines. Each
//! line gets a score: long prose lines count for their length, every other
//! line costs a little; the body span is the run with the highest total (a
//! maximum-sum subarray, one pass). Chrome gathers before and after it, so
//! rules are stricter outside the span. The span is computed once, from the
//! text alone, before any rule runs.

use super::ends_sentence;
use crate::document::{count_words, Document};

/// Shortest line (in characters) that counts as prose when it ends a sentence.
const PROSE_MIN_CHARS: usize = 60;
/// Share of the penalty a line already dropped as chrome costs.
const DROPPED_SHARE: f32 = 0.5;
/// Lines this long count as prose even without a sentence end (run-on text).
const LONG_CHARS: usize = 150;
/// What a short or non-sentence line costs in the core span.
pub const PENALTY: f32 = 2.0;
/// ... and in the loose span, which bridges lists and short lines between
/// stretches of prose.
pub const LOOSE_PENALTY: f32 = 0.3;

/// Effective length of a line: CJK characters carry about three Latin
/// letters' worth of text each.
pub fn weight(text: &str) -> usize {
    // ASCII (most lines): one byte per char, none wide.
    if text.is_ascii() {
        return text.len();
    }
    // One comparison answers the chars below the first wide range (nearly
    // all chars of non-CJK text).
    text.chars()
        .map(|c| if c >= '\u{3040}' && is_wide(c) { 3 } else { 1 })
        .sum::<usize>()
}

pub fn is_wide(c: char) -> bool {
    matches!(c, '\u{3040}'..='\u{30FF}' | '\u{3400}'..='\u{9FFF}' | '\u{AC00}'..='\u{D7AF}')
}

/// A list bullet at the start of the line (`* `, `+ `, `- `, `• `, `o `), as
/// scrapers print `<li>`; returns the rest of the line.
pub fn strip_bullet(text: &str) -> Option<&str> {
    // Matched by their bytes, all at once: `•` is E2 80 A2, `–` E2 80 93,
    // `·` C2 B7 (no bullet is a prefix of another).
    let n = match text.as_bytes() {
        [b'*' | b'+' | b'-' | b'o' | b'>', b' ', ..] => 2,
        [0xE2, 0x80, 0xA2 | 0x93, b' ', ..] => 4,
        [0xC2, 0xB7, b' ', ..] => 3,
        _ => return None,
    };
    text.get(n..).map(str::trim_start)
}

/// The one filled cell of a table row (`| More on this topic | |`), as
/// layout tables print a lone heading or label; `None` for other lines.
pub fn single_cell(text: &str) -> Option<&str> {
    if !(text.starts_with('|') && text.ends_with('|')) {
        return None;
    }
    let mut cells = text.split('|').map(str::trim).filter(|c| !c.is_empty());
    let cell = cells.next()?;
    cells.next().is_none().then_some(cell)
}

/// Does the line start with a list number (`3.`, `12)`)?
pub fn starts_numbered(text: &str) -> bool {
    // Most lines start with no digit: answered by the first byte.
    if !text.as_bytes().first().is_some_and(u8::is_ascii_digit) {
        return false;
    }
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    digits > 0 && text[digits..].starts_with(['.', ')'])
}

/// [`ends_sentence`], answered by the last byte when it is ASCII and not
/// one of the closing chars the test trims (`"`, `'`, `)`, `]`, `*`):
/// nothing is trimmed then, and the only chars of the sentence ends that
/// end with such a byte are the ASCII ones (`.`, `!`, `?`, `:`, `;`).
/// Most lines end so; the others take the full test.
#[inline]
pub(super) fn ends_sentence_quick(text: &str) -> bool {
    match text.as_bytes().last() {
        Some(&c) if c < 0x80 && !matches!(c, b'"' | b'\'' | b')' | b']' | b'*') => {
            matches!(c, b'.' | b'!' | b'?' | b':' | b';')
        }
        _ => ends_sentence(text),
    }
}

/// A table row as scrapers print them: `| cell | cell |`.
pub fn is_table_row(text: &str) -> bool {
    text.starts_with('|') || text.ends_with(" |")
}

/// What a line adds to a span when it is prose, `None` when it is not (it
/// then costs the penalty). Computed once per line, in
/// [`Document::from_text`]: `body_span` runs several times per document.
pub fn prose_value(text: &str) -> Option<f32> {
    prose_value_with(text, weight(text))
}

/// [`prose_value`] with the line's [`weight`] already known.
pub fn prose_value_with(text: &str, n: usize) -> Option<f32> {
    // Most lines are short: neither branch below can hold, no need to
    // look at the text.
    const _: () = assert!(LONG_CHARS > PROSE_MIN_CHARS);
    if n < PROSE_MIN_CHARS {
        return None;
    }
    let sentence = ends_sentence_quick(text) || (n >= LONG_CHARS && text.contains(". "));
    if sentence && strip_bullet(text).is_none() {
        Some(n as f32 / 50.0)
    } else if n >= LONG_CHARS {
        Some(n as f32 / 80.0)
    } else {
        None
    }
}

/// First and last line index (inclusive) of the main body, or `None` when no
/// line looks like prose; `penalty` is what a non-prose line costs, half
/// that for a line already dropped as chrome.
// Not inlined: it runs four times per document, and a frame of its own
// shows its cost in a profile.
#[inline(never)]
pub fn body_span(doc: &Document, penalty: f32) -> Option<(usize, usize)> {
    // The best sum so far starts at 0: a span must sum above it, and every
    // later best is above the one before (sums are finite).
    let mut best_sum = 0.0f32;
    let mut best = None;
    let mut cur = 0.0f32;
    let mut start = 0;
    let dropped_cost = -penalty * DROPPED_SHARE;
    for (i, line) in doc.lines.iter().enumerate() {
        let kept = line.is_kept();
        if cur <= 0.0 {
            if !kept {
                continue;
            }
            cur = 0.0;
            start = i;
        }
        // Lines a rule already dropped (a caption, a read-more link inside
        // the article) cost less: alone they do not show the body ended.
        cur += if kept {
            line.prose().unwrap_or(-penalty)
        } else {
            dropped_cost
        };
        if cur > best_sum {
            best_sum = cur;
            best = Some((start, i));
        }
    }
    best
}

/// [`body_span`] of the strict and the loose penalty ([`PENALTY`],
/// [`LOOSE_PENALTY`]) in one walk over the lines: the spans are always
/// wanted together, and the walk (a load of each line's verdict and prose
/// value) is most of the cost. The same float operations in the same order
/// as two calls of [`body_span`].
#[inline(never)]
pub fn body_spans(doc: &Document) -> [Option<(usize, usize)>; 2] {
    let penalty = [PENALTY, LOOSE_PENALTY];
    let dropped_cost = [-PENALTY * DROPPED_SHARE, -LOOSE_PENALTY * DROPPED_SHARE];
    let mut best_sum = [0.0f32; 2];
    let mut best = [None; 2];
    let mut cur = [0.0f32; 2];
    let mut start = [0usize; 2];
    for (i, line) in doc.lines.iter().enumerate() {
        let kept = line.is_kept();
        // What the line adds to each span, chosen once for both.
        let add = match (kept, line.prose()) {
            (true, Some(p)) => [p, p],
            (true, None) => [-penalty[0], -penalty[1]],
            (false, _) => dropped_cost,
        };
        for k in 0..2 {
            if cur[k] <= 0.0 {
                if !kept {
                    continue;
                }
                cur[k] = 0.0;
                start[k] = i;
            }
            cur[k] += add[k];
            if cur[k] > best_sum[k] {
                best_sum[k] = cur[k];
                best[k] = Some((start[k], i));
            }
        }
    }
    best
}

/// A menu item: one to `max_words` words, short, no sentence punctuation,
/// not a numbered list entry or a table row (those are article content).
/// A leading bullet is allowed: menus are lists of links.
pub fn is_menu_item(text: &str, max_words: usize) -> bool {
    menu_item(text, max_words, None)
}

/// [`is_menu_item`] of a line whose word count (`count_words(text)`, as
/// [`crate::document::Line::words`] holds it) is known: a line without a
/// bullet is not counted again (menus are most of a heavy page's lines).
pub fn is_menu_item_counted(text: &str, max_words: usize, words: usize) -> bool {
    debug_assert_eq!(words, count_words(text));
    menu_item(text, max_words, Some(words))
}

fn menu_item(text: &str, max_words: usize, words: Option<usize>) -> bool {
    if is_table_row(text) || starts_numbered(text) {
        return false;
    }
    let (t, words) = match strip_bullet(text) {
        Some(rest) => {
            // A bullet is one char and a space, a word of its own: the
            // rest has one word fewer than the line, no count needed.
            let words = words.map(|w| w.saturating_sub(1));
            if text.starts_with("- ") && words.unwrap_or_else(|| count_words(rest)) > 2 {
                // `- ` lists with several words are article lists more often.
                return false;
            }
            (rest, words)
        }
        None => (text, words),
    };
    // A char takes at most four bytes and weighs at least one: a longer
    // line (teaser and nav ask about paragraphs too) weighs over 120
    // without counting its chars, or its words. A wide char weighs three
    // and takes three bytes, any other weighs one: a line of up to 120
    // bytes weighs no more, uncounted.
    if t.len() > 4 * 120 || (t.len() > 120 && weight(t) > 120) {
        return false;
    }
    // The tests below only narrow, so the cheapest go first. An ASCII
    // line has no wide char: its known word count decides at once (nav
    // asks about lines of up to three times its items' words).
    let in_range = |w: usize| (1..=max_words).contains(&w);
    if words.is_some_and(|w| !in_range(w)) && t.is_ascii() {
        return false;
    }
    if ends_sentence_quick(t) || first_letter_lowercase(t) {
        return false;
    }
    // One pass over the bytes for the data chars, a `:` and the lead
    // bytes of wide chars.
    let classes = byte_classes(t.as_bytes());
    if data_classes(t, classes) {
        return false;
    }
    if classes & WIDE_LEAD != 0 && t.chars().any(is_wide) {
        return weight(t) <= max_words * 6;
    }
    in_range(words.unwrap_or_else(|| count_words(t)))
}

/// Digits, code and `key: value` shapes are article content (recipes,
/// specifications, tables, listings), never menu entries; a menu entry
/// starts with a capital letter.
pub fn looks_like_data(t: &str) -> bool {
    first_letter_lowercase(t) || data_classes(t, byte_classes(t.as_bytes()))
}

/// [`looks_like_data`] past the first letter, from the [`byte_classes`]
/// of `t`: a digit or code char, or a `:` before the trailing ones.
fn data_classes(t: &str, classes: u8) -> bool {
    classes & DATA != 0
        || (classes & COLON != 0
            && memchr::memchr(b':', t.as_bytes())
                .is_some_and(|f| f < t.trim_end_matches(':').len()))
}

/// ASCII digits and `= $ { } ( ) _ # @ / \ < [`, as bits of a 128-bit set.
const DATA_BYTES: u128 = {
    let mut set = 0u128;
    let chars = b"0123456789=${}()_#@/\\<[";
    let mut i = 0;
    while i < chars.len() {
        set |= 1u128 << chars[i];
        i += 1;
    }
    set
};

/// Classes of [`BYTE_CLASSES`]: a [`DATA_BYTES`] byte, a `:`, and a lead
/// byte of the three-byte chars every [`is_wide`] char is among (U+3000
/// to U+DFFF: 0xE3 to 0xED).
const DATA: u8 = 1;
const COLON: u8 = 2;
const WIDE_LEAD: u8 = 4;

/// The classes of each byte value: one load per byte and no branch,
/// where a test per byte with an early exit took several.
const BYTE_CLASSES: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let mut c = 0;
        if b < 128 && (DATA_BYTES >> b) & 1 == 1 {
            c |= DATA;
        }
        if b == b':' as usize {
            c |= COLON;
        }
        if b >= 0xE3 && b <= 0xED {
            c |= WIDE_LEAD;
        }
        table[b] = c;
        b += 1;
    }
    table
};

/// The union of the [`BYTE_CLASSES`] of the bytes of `b`.
fn byte_classes(b: &[u8]) -> u8 {
    b.iter()
        .fold(0, |acc, &c| acc | BYTE_CLASSES[usize::from(c)])
}

/// `t.chars().find(|c| c.is_alphabetic()).is_some_and(char::is_lowercase)`,
/// with ASCII bytes classed without decoding or the Unicode tables.
fn first_letter_lowercase(t: &str) -> bool {
    for (i, &b) in t.as_bytes().iter().enumerate() {
        if b.is_ascii_alphabetic() {
            return b.is_ascii_lowercase();
        }
        if b >= 0x80 {
            // From the first non-ASCII char on (`i` is its start), as before.
            return t
                .get(i..)
                .and_then(|r| r.chars().find(|c| c.is_alphabetic()))
                .is_some_and(char::is_lowercase);
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The versions the faster ones replaced, kept as references.
    fn looks_like_data_reference(t: &str) -> bool {
        let first_letter = t.chars().find(|c| c.is_alphabetic());
        if first_letter.is_some_and(char::is_lowercase) {
            return true;
        }
        let inner = t.trim_end_matches(':');
        t.bytes().any(|b| {
            b.is_ascii_digit()
                || matches!(
                    b,
                    b'=' | b'$'
                        | b'{'
                        | b'}'
                        | b'('
                        | b')'
                        | b'_'
                        | b'#'
                        | b'@'
                        | b'/'
                        | b'\\'
                        | b'<'
                        | b'['
                )
        }) || inner.contains(':')
    }

    fn starts_numbered_reference(text: &str) -> bool {
        let digits = text.bytes().take_while(u8::is_ascii_digit).count();
        digits > 0 && text[digits..].starts_with(['.', ')'])
    }

    fn strip_bullet_reference(text: &str) -> Option<&str> {
        for b in [
            "* ",
            "+ ",
            "- ",
            "\u{2022} ",
            "\u{B7} ",
            "o ",
            "\u{2013} ",
            "> ",
        ] {
            if let Some(rest) = text.strip_prefix(b) {
                return Some(rest.trim_start());
            }
        }
        None
    }

    fn is_menu_item_reference(text: &str, max_words: usize) -> bool {
        if is_table_row(text) || starts_numbered(text) {
            return false;
        }
        let t = match strip_bullet(text) {
            Some(rest) if text.starts_with("- ") && rest.split_whitespace().count() > 2 => {
                return false;
            }
            Some(rest) => rest,
            None => text,
        };
        if t.len() > 4 * 120 || weight(t) > 120 || ends_sentence(t) || looks_like_data_reference(t)
        {
            return false;
        }
        if !t.is_ascii() && t.chars().any(is_wide) {
            return weight(t) <= max_words * 6;
        }
        (1..=max_words).contains(&t.split_whitespace().count())
    }

    fn body_span_reference(doc: &Document, penalty: f32) -> Option<(usize, usize)> {
        let mut best: Option<(f32, usize, usize)> = None;
        let mut cur = 0.0f32;
        let mut start = 0;
        for (i, line) in doc.lines.iter().enumerate() {
            if cur <= 0.0 {
                if !line.is_kept() {
                    continue;
                }
                cur = 0.0;
                start = i;
            }
            cur += if line.is_kept() {
                line.prose().unwrap_or(-penalty)
            } else {
                -penalty * DROPPED_SHARE
            };
            if cur > 0.0 && best.is_none_or(|(b, _, _)| cur > b) {
                best = Some((cur, start, i));
            }
        }
        best.map(|(_, s, e)| (s, e))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        #[test]
        fn body_span_matches_reference(
            lines in prop::collection::vec((0usize..4, any::<bool>()), 0..30),
        ) {
            let kinds = [
                "Menu",
                "A line of prose that is long enough to count as prose, and it ends here.",
                "A run-on line without an end that goes on and on and on and on and on and on and on and on and on and on and on and on and on and on on",
                "Short.",
            ];
            let text: Vec<&str> = lines.iter().map(|&(k, _)| kinds[k]).collect();
            let mut doc = Document::from_text(&text.join("\n"));
            for (i, &(_, drop)) in lines.iter().enumerate() {
                if drop {
                    doc.drop_line(i, "test", "");
                }
            }
            for penalty in [PENALTY, LOOSE_PENALTY] {
                prop_assert_eq!(body_span(&doc, penalty), body_span_reference(&doc, penalty));
            }
            prop_assert_eq!(
                body_spans(&doc),
                [body_span(&doc, PENALTY), body_span(&doc, LOOSE_PENALTY)]
            );
        }
    }

    #[test]
    fn weight_is_at_most_the_length() {
        for c in ['a', 'é', '\u{3040}', '日', '\u{D7AF}', '\u{FFFF}', '😀'] {
            let s = c.to_string().repeat(50);
            assert!(weight(&s) <= s.len(), "{c:?}");
        }
    }

    const PIECES: &[&str] = &[
        "a",
        "B",
        "é",
        "É",
        "ß",
        "Ω",
        "ω",
        "日",
        "1",
        "1.",
        "2)",
        ":",
        "::",
        " ",
        "* ",
        "- ",
        "o ",
        "> ",
        "\u{2022} ",
        "\u{B7} ",
        "\u{2013} ",
        "+ ",
        "=",
        "$",
        "{",
        "}",
        "(",
        ")",
        "_",
        "#",
        "@",
        "/",
        "\\",
        "<",
        "[",
        "]",
        ".",
        "x",
        "Menu",
        "|",
        "\u{A0}",
        "ǅ",
        "\u{3000}",
        "\u{E000}",
        "\u{AC00}",
        "\u{2013} ",
        "ã",
    ];

    #[test]
    fn ends_sentence_quick_on_every_last_char() {
        let mut ends: Vec<String> = (0u8..0x80).map(|b| char::from(b).to_string()).collect();
        ends.extend(
            [
                "\u{201D}", "\u{2019}", "\u{BB}", "\u{2026}", "\u{3002}", "\u{FF01}", "\u{FF1F}",
                "é",
            ]
            .map(String::from),
        );
        for end in &ends {
            for before in [
                "",
                "Word",
                "Word.",
                "Word!",
                "Word?",
                "Word:",
                "Word;",
                "x \u{2026}",
            ] {
                for closer in ["", "\"", "'", ")", "]", "*", "\u{201D}", "\u{BB}"] {
                    let t = format!("{before}{closer}{end}");
                    assert_eq!(ends_sentence_quick(&t), ends_sentence(&t), "{t:?}");
                    let t = format!("{before}{end}{closer}");
                    assert_eq!(ends_sentence_quick(&t), ends_sentence(&t), "{t:?}");
                }
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]
        #[test]
        fn rewritten_shapes_match_references(
            parts in prop::collection::vec(prop::sample::select(PIECES), 0..12),
        ) {
            let t = parts.concat();
            prop_assert_eq!(looks_like_data(&t), looks_like_data_reference(&t));
            prop_assert_eq!(strip_bullet(&t), strip_bullet_reference(&t));
            prop_assert_eq!(ends_sentence_quick(&t), ends_sentence(&t));
            prop_assert_eq!(starts_numbered(&t), starts_numbered_reference(&t));
            for max in [1, 4, 16] {
                prop_assert_eq!(is_menu_item(&t, max), is_menu_item_reference(&t, max));
                prop_assert_eq!(
                    is_menu_item_counted(&t, max, count_words(&t)),
                    is_menu_item_reference(&t, max)
                );
            }
        }

        #[test]
        fn menu_items_of_long_lines_match_reference(
            parts in prop::collection::vec(prop::sample::select(PIECES), 20..140),
        ) {
            let t = parts.concat();
            for max in [4, 16] {
                prop_assert_eq!(is_menu_item(&t, max), is_menu_item_reference(&t, max));
                prop_assert_eq!(
                    is_menu_item_counted(&t, max, count_words(&t)),
                    is_menu_item_reference(&t, max)
                );
            }
        }
    }

    #[test]
    fn span_skips_menus_and_footers() {
        let text = "Home\nNews\nSport\nWeather\n\nA Headline Here\n\
            The first paragraph of the article is long enough to count as prose for sure, \
            and it goes on for a while, as the first paragraphs of articles do.\n\
            The second paragraph of the article is also long enough to be counted as prose.\n\
            A Subheading\n\
            The third paragraph closes the article with yet another long sentence here, \
            and then one more clause, so that it weighs as much as a real paragraph.\n\
            Imprint\nContact\nPrivacy";
        let doc = Document::from_text(text);
        assert_eq!(body_span(&doc, PENALTY), Some((5, 8)));
    }

    #[test]
    fn dropped_lines_cost_less() {
        let para = "A paragraph of the article that is long enough to count as prose, \
            and then some more words to give it the weight of a real one.";
        let mut doc = Document::from_text(&format!("{para}\nPhoto: A. Name\nRead more: X\n{para}"));
        assert_eq!(body_span(&doc, PENALTY), Some((0, 0)));
        doc.drop_line(1, "credit", "");
        doc.drop_line(2, "related", "");
        assert_eq!(body_span(&doc, PENALTY), Some((0, 3)));
    }

    #[test]
    fn no_prose_no_span() {
        let doc = Document::from_text("Home\nNews\nSport");
        assert_eq!(body_span(&doc, PENALTY), None);
    }

    #[test]
    fn shapes() {
        assert!(is_menu_item("* Startseite", 4));
        assert!(is_menu_item("Kontakt", 4));
        assert!(!is_menu_item("- Salz, Pfeffer und Kümmel", 4));
        assert!(!is_menu_item("3. Platz", 4));
        assert!(!is_menu_item("| a | b |", 4));
        assert!(!is_menu_item("Das ist gut.", 4));
        assert!(!is_menu_item("200 g Zucker", 4));
        assert!(!is_menu_item("Farbe: Blau", 4));
        assert!(!is_menu_item("from django import x", 4));
        assert!(starts_numbered("12) item"));
        assert_eq!(strip_bullet("* a b"), Some("a b"));
    }

    #[test]
    fn single_cells() {
        assert_eq!(single_cell("| Weitere Artikel |"), Some("Weitere Artikel"));
        assert_eq!(
            single_cell("| | Kommentierte Artikel | |"),
            Some("Kommentierte Artikel")
        );
        assert_eq!(single_cell("| Rang | Tabelle |"), None);
        assert_eq!(single_cell("| |"), None);
        assert_eq!(single_cell("Weitere Artikel"), None);
    }
}
