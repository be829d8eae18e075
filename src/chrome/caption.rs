//! Image alt-lines and captions that carry a site suffix:
//! `A view of the White House. - Sputnik International, 1920, 06.01.2022`.
//!
//! Content-management systems append `- <Site Name>, <width>, <date>` to
//! image alt text; scrapers keep it as a line. The shape (a dash, a short
//! capitalized name, then only numbers and dates) never ends a sentence of
//! prose, whatever the site or language.

use super::{Context, Rule};
use crate::document::Document;

pub struct Caption;

/// If `text` ends with a site suffix, returns `(caption, site)`; the caption
/// is empty for a bare `- Site Name, 1920` (a logo line).
// Always inlined: it runs on every line, and its first tests answer nearly
// all of them; a call per line costs more than they do (plain `#[inline]`
// was left out of line in some builds).
#[inline(always)]
pub fn site_suffix(text: &str) -> Option<(&str, &str)> {
    // Cheap necessary conditions first (this runs on every line, twice): a
    // suffix has `, ` before its numbers and ends with a number or date.
    // By the last byte: a non-ASCII char's is 0x80 or above, so no match.
    let numeric = |c: u8| c.is_ascii_digit() || matches!(c, b'.' | b'/' | b':' | b'-');
    let ends_numeric = match text.as_bytes().last() {
        // An ASCII byte other than whitespace (as `char::is_whitespace`)
        // ends the trimmed text too: no trim (lines come trimmed).
        Some(&c) if c < 0x80 && !matches!(c, b' ' | b'\t'..=b'\r') => numeric(c),
        _ => text
            .trim_end()
            .as_bytes()
            .last()
            .is_some_and(|&c| numeric(c)),
    };
    // The related rule's byte test of the suffix's end, cheaper than
    // `last_part_numeric`'s trims.
    if !ends_numeric || !super::related::may_end_site_suffix(text) || !last_part_numeric(text) {
        return None;
    }
    site_suffix_rest(text)
}

/// The rest of [`site_suffix`], for the few lines past its first tests:
/// out of line, so that the common early return stays cheap.
#[inline(never)]
fn site_suffix_rest(text: &str) -> Option<(&str, &str)> {
    let (caption, tail) = split_last_dash(text)?;
    let mut parts = tail.split(", ");
    let site = parts.next()?.trim();
    if !is_site_name(site) {
        return None;
    }
    let mut numeric = 0;
    for p in parts {
        let p = p.trim();
        if p.is_empty()
            || !p
                .chars()
                .all(|c| c.is_ascii_digit() || matches!(c, '.' | '/' | ':' | '-'))
        {
            return None;
        }
        numeric += 1;
    }
    (numeric > 0).then_some((caption.trim(), site))
}

/// Is the text after the last `, ` a number (digits, `.`, `/`, `:`, `-`,
/// with spaces around)? A site suffix's numbers are its parts after the
/// site, so its last part is one (a `, ` cannot straddle the dash), while
/// prose ends in words. Read from the end: only the last part is scanned.
fn last_part_numeric(text: &str) -> bool {
    let t = text.trim_end();
    let before =
        t.trim_end_matches(|c: char| c.is_ascii_digit() || matches!(c, '.' | '/' | ':' | '-'));
    let lead = before.trim_end();
    before.len() < t.len()
        && lead.ends_with(',')
        && before.get(lead.len()..).is_some_and(|s| s.starts_with(' '))
}

/// Splits at the last ` - ` (or en/em dash, or `|`), or at a leading dash.
fn split_last_dash(text: &str) -> Option<(&str, &str)> {
    for lead in ["- ", "\u{2013} ", "\u{2014} ", "| "] {
        if let Some(rest) = text.strip_prefix(lead) {
            return Some(("", rest));
        }
    }
    // The last of ` - `, ` – `, ` — `, ` | `: one scan back over the bytes
    // for the separator's closing space, instead of a substring search per
    // separator. Separators cannot overlap, so the last to end is the last
    // to start.
    let b = text.as_bytes();
    for j in (0..b.len()).rev().filter(|&j| b[j] == b' ') {
        if j >= 2 && matches!(b[j - 1], b'-' | b'|') && b[j - 2] == b' ' {
            return Some((&text[..j - 2], &text[j + 1..]));
        }
        // U+2013 and U+2014 are E2 80 93 and E2 80 94.
        if j >= 4
            && b[j - 4] == b' '
            && b[j - 3..j - 1] == [0xE2, 0x80]
            && matches!(b[j - 1], 0x93 | 0x94)
        {
            return Some((&text[..j - 4], &text[j + 1..]));
        }
    }
    None
}

/// One to five words, each starting with a capital letter or digit.
fn is_site_name(s: &str) -> bool {
    let words: Vec<&str> = s.split_whitespace().collect();
    !words.is_empty()
        && words.len() <= 5
        && s.chars().count() <= 50
        && words.iter().all(|w| {
            w.chars()
                .next()
                .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
        })
}

/// Shortest half of a doubled line, in words.
const DOUBLED_MIN_WORDS: usize = 3;

/// `A view of the bay A view of the bay`: the same words twice in a row,
/// as scrapers print an image's alt text glued to its caption or title.
pub fn is_doubled(text: &str) -> bool {
    is_doubled_with(text, text.split_whitespace().count())
}

/// [`is_doubled`] with the line's word count already known.
fn is_doubled_with(text: &str, n: usize) -> bool {
    if !n.is_multiple_of(2) || n / 2 < DOUBLED_MIN_WORDS {
        return false;
    }
    // The last word ends the first half too, so it occurs before itself,
    // between whitespace: one look for it spares most lines the walk to
    // the middle word. (Where its first byte is, not memmem: building a
    // searcher per line costs more than the search.)
    // The second half opens with the first word, after whitespace (an
    // ASCII one, or any byte of a wider char, which may be one). The first
    // byte, most often a capital, seldom follows whitespace again: one
    // search answers most lines, where the last word's final byte (a small
    // letter, a `.`) is found many times. (For a trimmed first word only.)
    let b = text.as_bytes();
    if let Some(&first) = b
        .first()
        .filter(|&&c| c < 0x80 && !c.is_ascii_whitespace() && c != 0x0B)
    {
        let rest = b.get(1..).unwrap_or_default();
        if !memchr::memchr_iter(first, rest).any(|p| {
            b.get(p)
                .is_some_and(|&c| c >= 0x80 || c.is_ascii_whitespace() || c == 0x0B)
        }) {
            return false;
        }
    }
    let Some(last_start) = last_word_start(text) else {
        return false;
    };
    let Some(last) = text.as_bytes().get(last_start..) else {
        return false;
    };
    let before = text.as_bytes().get(..last_start).unwrap_or_default();
    // Found by its final byte (often `.` or a letter that ends few words),
    // which occurs in fewer places than its first.
    let Some(&end) = last.last() else {
        return false;
    };
    // Whitespace after the first half's last word: an ASCII one, or any
    // byte of a wider char (which may be one).
    let space_at = |p: usize| {
        before
            .get(p)
            .is_some_and(|&c| c >= 0x80 || c.is_ascii_whitespace() || c == 0x0B)
    };
    if !memchr::memchr_iter(end, before).any(|p| {
        space_at(p + 1)
            && (p + 1)
                .checked_sub(last.len())
                .and_then(|s| before.get(s..=p))
                .is_some_and(|w| w == last)
    }) {
        return false;
    }
    let mut first = text.split_whitespace();
    let second = text.split_whitespace().skip(n / 2);
    second.zip(first.by_ref()).all(|(a, b)| a == b)
}

/// Where the last word of `text` (as `split_whitespace` ends) starts, for
/// a text that ends with a non-space char; read back over ASCII bytes,
/// other text is left to the standard split.
fn last_word_start(text: &str) -> Option<usize> {
    let b = text.as_bytes();
    for (i, &c) in b.iter().enumerate().rev() {
        if c >= 0x80 {
            break;
        }
        if matches!(c, b' ' | b'\t'..=b'\r') {
            // The word after the space; after trailing whitespace (lines
            // come trimmed) the standard split's.
            return (i + 1 < b.len())
                .then_some(i + 1)
                .or_else(|| split_last_start(text));
        }
        if i == 0 {
            return Some(0);
        }
    }
    split_last_start(text)
}

/// [`last_word_start`] by `split_whitespace`.
fn split_last_start(text: &str) -> Option<usize> {
    let last = text.split_whitespace().next_back()?;
    Some(last.as_ptr() as usize - text.as_ptr() as usize)
}

impl Rule for Caption {
    fn name(&self) -> &'static str {
        "caption"
    }
    fn describe(&self) -> &'static str {
        "image captions and alt-lines ending with a site suffix and a date (`... - Site Name, 1920, 06.01.2022`), or printed twice; logo alt text (`Logo des ...`)"
    }
    fn apply(&self, doc: &mut Document, _ctx: &Context) {
        for i in 0..doc.lines.len() {
            // One deref of the line's text (each checks its range again).
            let text: &str = &doc.lines[i].text;
            if let Some((_, site)) = site_suffix(text) {
                let detail = format!("site suffix `{site}`");
                doc.drop_line(i, self.name(), detail);
            } else if doc.lines[i].words() <= LOGO_MAX_WORDS && is_logo_text(text) {
                doc.drop_line(i, self.name(), "logo image text (`Logo des ...`)");
            } else if is_doubled_with(text, doc.lines[i].words()) {
                doc.drop_line(
                    i,
                    self.name(),
                    "image text printed twice (alt text and caption)",
                );
            }
        }
    }
}

/// Longest `Logo des Verbands (Archiv)` line, in words.
const LOGO_MAX_WORDS: usize = 8;

/// `Logo des Zentralkomitees (Archiv)`, `Logo of the Example Award`: an
/// image's alt text naming a logo. The word opens the line, capitalised as
/// alt text is, and no sentence follows it.
fn is_logo_text(text: &str) -> bool {
    const WORDS: &[&str] = &[
        "Logo",
        "Logos",
        "Logotipo",
        "Logotyp",
        "Logotype",
        "Логотип",
    ];
    // Every word opens with `L` or `Л` (D0 9B): most lines are answered
    // by their first bytes, without splitting off a word.
    // An ASCII first byte other than whitespace starts the trimmed text
    // too: one compare, no trim.
    if text
        .as_bytes()
        .first()
        .is_some_and(|&b| b < 0x80 && b != b'L' && !matches!(b, b' ' | b'\t'..=b'\r'))
    {
        return false;
    }
    let t = text.trim_start();
    if !(t.starts_with('L') || t.starts_with('\u{41B}')) {
        return false;
    }
    let first = t.split_whitespace().next().unwrap_or("");
    WORDS.contains(&first.trim_end_matches(':')) && !text.trim_end().ends_with(['.', '!', '?', ':'])
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn logo_text() {
        assert!(is_logo_text("Logo des Zentralkomitees (Archiv)"));
        assert!(is_logo_text("Logo of the Example Award"));
        assert!(is_logo_text("Logo"));
        // A sentence about a logo, or the word later in the line: text.
        assert!(!is_logo_text("Logo und Name wurden 1998 geändert."));
        assert!(!is_logo_text("Das neue Logo der Stadt"));
        assert!(!is_logo_text("Logotherapy and meaning"));
    }

    #[test]
    fn suffixes() {
        assert_eq!(
            site_suffix("A view of the White House. - Sputnik International, 1920, 06.01.2022"),
            Some(("A view of the White House.", "Sputnik International"))
        );
        assert_eq!(
            site_suffix("- Sputnik International, 1920"),
            Some(("", "Sputnik International"))
        );
        assert_eq!(
            site_suffix("Flags \u{2013} Example News, 2048"),
            Some(("Flags", "Example News"))
        );
    }

    /// The versions the faster ones replaced, kept as references.
    fn site_suffix_reference(text: &str) -> Option<(&str, &str)> {
        let ends_numeric = text
            .trim_end()
            .as_bytes()
            .last()
            .is_some_and(|&c| c.is_ascii_digit() || matches!(c, b'.' | b'/' | b':' | b'-'));
        if !ends_numeric || !last_part_numeric(text) {
            return None;
        }
        site_suffix_rest(text)
    }

    fn is_doubled_reference(text: &str) -> bool {
        let n = text.split_whitespace().count();
        if !n.is_multiple_of(2) || n / 2 < DOUBLED_MIN_WORDS {
            return false;
        }
        let mut first = text.split_whitespace();
        let second = text.split_whitespace().skip(n / 2);
        second.zip(first.by_ref()).all(|(a, b)| a == b)
    }

    fn is_logo_text_reference(text: &str) -> bool {
        const WORDS: &[&str] = &[
            "Logo",
            "Logos",
            "Logotipo",
            "Logotyp",
            "Logotype",
            "Логотип",
        ];
        let first = text.split_whitespace().next().unwrap_or("");
        WORDS.contains(&first.trim_end_matches(':'))
            && !text.trim_end().ends_with(['.', '!', '?', ':'])
    }

    const PIECES: &[&str] = &[
        "a",
        "b",
        "a.",
        "A",
        " ",
        "  ",
        "\t",
        "\u{A0}",
        "\u{3000}",
        "- ",
        " - ",
        " | ",
        " \u{2013} ",
        ", ",
        "1920",
        "06.01.2022",
        "Site",
        "News",
        "Logo",
        "Logo:",
        "Логотип",
        "é",
        ".",
        ":",
        "/",
        "-",
        "x y",
        "\u{2028}",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]
        #[test]
        fn rewritten_tests_match_references(
            parts in prop::collection::vec(prop::sample::select(PIECES), 0..16),
            twice in any::<bool>(),
        ) {
            let mut text = parts.concat();
            if twice {
                text = format!("{text} {text}");
            }
            prop_assert_eq!(site_suffix(&text), site_suffix_reference(&text));
            prop_assert_eq!(is_doubled(&text), is_doubled_reference(&text));
            prop_assert_eq!(is_logo_text(&text), is_logo_text_reference(&text));
        }
    }

    /// The substring-search version `split_last_dash` replaced.
    fn split_last_dash_reference(text: &str) -> Option<(&str, &str)> {
        for lead in ["- ", "\u{2013} ", "\u{2014} ", "| "] {
            if let Some(rest) = text.strip_prefix(lead) {
                return Some(("", rest));
            }
        }
        [" - ", " \u{2013} ", " \u{2014} ", " | "]
            .iter()
            .filter_map(|sep| text.rfind(sep).map(|i| (i, sep.len())))
            .max_by_key(|&(i, _)| i)
            .map(|(i, len)| (&text[..i], &text[i + len..]))
    }

    #[test]
    fn last_part_numeric_matches_reference() {
        let reference = |text: &str| {
            text.rsplit_once(", ").is_some_and(|(_, p)| {
                let p = p.trim();
                !p.is_empty()
                    && p.chars()
                        .all(|c| c.is_ascii_digit() || matches!(c, '.' | '/' | ':' | '-'))
            })
        };
        for t in [
            "",
            ",",
            ", ",
            ", 1",
            "a, 2021",
            "a,  2021",
            "a , 2021 ",
            "a,\u{A0}2021",
            "a, \u{A0}2021\u{3000}",
            "a,2021",
            "x, 12, y",
            "x, 12,",
            "x, ,12",
            "x, 12 13",
            "x, 1, 2",
            "x,, 1",
            "Site, 1920, 06.01.2022",
            "He said, however, that it would pass.",
            "- 12:30",
        ] {
            assert_eq!(last_part_numeric(t), reference(t), "{t:?}");
        }
    }

    #[test]
    fn split_last_dash_matches_reference() {
        for t in [
            "",
            " ",
            "a - b",
            "a - b - c",
            "a - - b",
            "a \u{2013} b | c",
            "a | b \u{2014} c",
            "a \u{2014} \u{2013} b",
            "a -- b",
            "a \u{2012} b",
            "x  -  y",
            "- lead - tail",
            "\u{2013} lead",
            "no separator here",
            "Grüße \u{2013} Köln, 2021",
        ] {
            assert_eq!(split_last_dash(t), split_last_dash_reference(t), "{t:?}");
        }
    }

    #[test]
    fn doubled_lines() {
        assert!(is_doubled("A view of the bay A view of the bay"));
        assert!(!is_doubled("Yes yes"));
        assert!(!is_doubled("He said no and she said no again"));
    }

    #[test]
    fn prose_with_dashes_is_not_a_suffix() {
        assert_eq!(
            site_suffix("Prices rose - Analysts said, however, that it would pass."),
            None
        );
        assert_eq!(site_suffix("Berlin - The city, 2021"), None);
        assert_eq!(site_suffix("The score was 3 - 1, 2 - 0"), None);
        assert_eq!(site_suffix("Meeting - Friday"), None);
    }
}
