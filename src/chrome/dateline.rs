//! Date-only lines (`18. Oktober 2019 um 15:05 Uhr`, `23.10.2018`,
//! `Updated: March 3, 2021`) and bylines (`By Jane Doe`, `Von Max Muster ·
//! 18. Oktober 2019`, `Comment by Tim — 17.07.2011 @ 13:53`).
//!
//! A date line is made only of digits, month and weekday names and date
//! words (`Uhr`, `updated`, `veröffentlicht`) from the `month` and
//! `date_word` lexicons, and shows a date: a month name, or digits shaped
//! like a date or a time. A byline opens with a `byline` phrase, then has
//! only capitalized names, date words and separators, and is short. Prose
//! about a date (`Am 5. Mai wurde gewählt.`) has other words and stays.

use super::{ends_sentence, Context, Rule};
use crate::document::Document;

pub struct Dateline;

const DATE_MAX_WORDS: usize = 12;
const BYLINE_MAX_WORDS: usize = 12;
/// Longest contact line (`Tel. 030 123 45 - Fax 030 123 46`), in words.
const CONTACT_MAX_WORDS: usize = 12;
/// A date label alone on its line: a few words, one of them long enough to
/// say what it labels (`Published:`, not `On:` or `Am:`).
const DATE_LABEL_MAX_WORDS: usize = 3;
const DATE_LABEL_MIN_BYTES: usize = 6;
/// Names in a byline: a few people, with `and` between them.
const BYLINE_MAX_NAMES: usize = 7;

/// Digits shaped like a date or time: `23.10.2018`, `2021-10-16`, `3/4/21`, `15:05`.
fn has_date_digits(text: &str) -> bool {
    // Every shape needs a separator between two digits: most lines with
    // digits (counts, years, prices) have none, and skip the token walk.
    if !digit_sep_digit(text.as_bytes()) {
        return false;
    }
    date_shaped_run(text.as_bytes())
}

/// Is some run of digits and `.`, `/`, `-`, `:` in `b`, less the
/// separators at its ends, three or more groups of up to four digits split
/// by single separators, or two split by `:` among others? One pass over
/// the bytes, no split per run: `tok.split(seps)` of the run as it was
/// has only digit groups, and an empty one wherever two separators meet.
fn date_shaped_run(b: &[u8]) -> bool {
    // Of the run so far: digit groups, the current group's length,
    // separators since the last digit (and a `:` among them), whether a
    // `:` is between digits, whether a group was too long or empty.
    let (mut groups, mut len, mut seps, mut sep_colon, mut colon, mut bad) =
        (0usize, 0usize, 0usize, false, false, false);
    let done =
        |groups: usize, colon: bool, bad: bool| !bad && (groups >= 3 || (groups == 2 && colon));
    for &c in b {
        if c.is_ascii_digit() {
            if len == 0 {
                if groups > 0 {
                    // Separators between two groups: one, or an empty group.
                    bad |= seps > 1;
                    colon |= sep_colon;
                }
                groups += 1;
            }
            len += 1;
            bad |= len > 4;
            seps = 0;
            sep_colon = false;
        } else if matches!(c, b'.' | b'/' | b'-' | b':') {
            len = 0;
            seps += 1;
            sep_colon |= c == b':';
        } else if groups > 0 {
            // A run with digits ends.
            if done(groups, colon, bad) {
                return true;
            }
            (groups, len, seps, sep_colon, colon, bad) = (0, 0, 0, false, false, false);
        } else {
            // Separators before a run's first digit are trimmed off.
            seps = 0;
        }
    }
    done(groups, colon, bad)
}

const LO: u64 = 0x0101_0101_0101_0101;
const HI: u64 = 0x8080_8080_8080_8080;

/// The high bit of each byte of `x` in `lo..=hi` (both below 0x80). Adding
/// `0x80 - k` to a byte below 0x80 sets its high bit exactly when it is at
/// least `k`, with no carry into the next byte; bytes of 0x80 and above
/// are masked out first and cleared after.
fn bytes_in(x: u64, lo: u8, hi: u8) -> u64 {
    let low7 = x & !HI;
    let at_least = |k: u8| low7.wrapping_add(LO * u64::from(0x80 - k)) & HI;
    at_least(lo) & !at_least(hi + 1) & !x & HI
}

/// Does `b` hold a digit, one of `.`, `/`, `-`, `:`, and a digit in a row?
/// (A date token holds two digit groups split by one of those.) Eight
/// bytes at a time, overlapping by two so that no triple is missed.
fn digit_sep_digit(b: &[u8]) -> bool {
    let mut i = 0;
    while i + 2 < b.len() {
        let x = match b.get(i..i + 8).and_then(|c| <[u8; 8]>::try_from(c).ok()) {
            Some(c) => u64::from_le_bytes(c),
            None => {
                // The last bytes, padded with zeros (no digit, no
                // separator).
                let mut chunk = [0u8; 8];
                for (d, &c) in chunk.iter_mut().zip(b.get(i..).unwrap_or_default()) {
                    *d = c;
                }
                u64::from_le_bytes(chunk)
            }
        };
        // `-` `.` `/` are 0x2D-0x2F, `:` is 0x3A, digits 0x30-0x39.
        let digit = bytes_in(x, b'0', b'9');
        let sep = bytes_in(x, b'-', b'/') | bytes_in(x, b':', b':');
        // Little-endian: the byte after byte `k` is 8 bits higher.
        if digit & (sep >> 8) & (digit >> 16) != 0 {
            return true;
        }
        i += 6;
    }
    false
}

/// Where a date that ends a line starts: `... 4. November 2021`,
/// `... November 4, 2021`, `... 03.11.2021`. `months` are the month hits of
/// the line's `lower`, which must have the line's byte offsets.
pub(super) fn trailing_date(lower: &str, months: &[(usize, usize)]) -> Option<usize> {
    let t = lower.trim_end();
    let last_start = t.rfind(char::is_whitespace).map_or(0, |p| p + 1);
    let last = &t[last_start..];
    // Day, month and year: `2.7.1` is a version, not a date.
    let groups: Vec<&str> = last.split(['.', '-', '/']).collect();
    if groups.len() == 3
        && groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_digit()))
        && (groups[0].len() == 4 || groups[2].len() == 4 || groups.iter().all(|g| g.len() == 2))
        && groups.iter().all(|g| (1..=4).contains(&g.len()))
    {
        return Some(last_start);
    }
    let is_year = |w: &str| w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit());
    let is_day = |w: &str| {
        let d = w.trim_end_matches(['.', ',']);
        (1..=2).contains(&d.len()) && d.bytes().all(|b| b.is_ascii_digit())
    };
    if !is_year(last) {
        return None;
    }
    // The month: its hit must end before the year, with at most a day between.
    // (Two-letter weekday abbreviations such as `So` are not enough.)
    let &(ms, me) = months
        .iter()
        .rev()
        .find(|&&(s, e)| e <= last_start && e - s >= 3)?;
    let between: Vec<&str> = t[me..last_start].split_whitespace().collect();
    if !(between.is_empty() || (between.len() == 1 && is_day(between[0]))) {
        return None;
    }
    // A day may stand before the month (`4. November`).
    let before = t[..ms].trim_end();
    let day_start = before.rfind(char::is_whitespace).map_or(0, |p| p + 1);
    if between.is_empty() && is_day(&before[day_start..]) {
        return Some(day_start);
    }
    Some(ms)
}

/// Flags of the families the rule walks, in its table by family id.
const DATE: u8 = 1;
const MONTH: u8 = 2;
const BYLINE: u8 = 4;
const CONTACT: u8 = 8;

/// Longest post meta line, in words.
const META_MAX_WORDS: usize = 25;

/// `January 13, 2020 at 08:45 AM | categories: Python | View Comments`:
/// parts between `|` that are each a date, or open with a tag, comment,
/// share or byline label; one of them a date. `dates` are the spans of
/// date-word hits, `metas` those of the label hits, in `lower`.
fn meta_line(lower: &str, dates: &[(usize, usize)], metas: &[(usize, usize)]) -> bool {
    if lower.starts_with('|') || !lower.contains('|') {
        return false;
    }
    let base = lower.as_ptr() as usize;
    let mut parts = 0;
    let mut dated = false;
    for part in lower.split('|') {
        let part = part.trim();
        if part.is_empty() {
            continue;
        }
        parts += 1;
        let start = part.as_ptr() as usize - base;
        let end = start + part.len();
        let inside: Vec<(usize, usize)> = dates
            .iter()
            .filter(|&&(s, e)| s >= start && e <= end)
            .map(|&(s, e)| (s - start, e - start))
            .collect();
        let has_digits = part.bytes().any(|b| b.is_ascii_digit());
        if has_digits && all_words_covered(part, &inside) {
            dated = true;
        } else if !metas.iter().any(|&(s, _)| s == start) {
            return false;
        }
    }
    parts >= 2 && dated
}

/// Does a lexicon hit cover every word of `lower` without digits? (Stops
/// at the first word that is not: the callers need no count.) A word is a
/// run of alphanumeric chars; ASCII bytes are classed without decoding.
fn all_words_covered(lower: &str, covered: &[(usize, usize)]) -> bool {
    let b = lower.as_bytes();
    // A wider char at `i`: is it alphanumeric, and its length.
    let wide = |i: usize| match lower.get(i..).and_then(|r| r.chars().next()) {
        Some(c) => (c.is_alphanumeric(), c.len_utf8()),
        None => (false, 1),
    };
    let mut i = 0;
    loop {
        // To the next word's start (a tight loop per byte class, not one
        // state machine for both).
        let start = loop {
            match b.get(i) {
                None => return true,
                Some(&c) if c < 0x80 => {
                    if c.is_ascii_alphanumeric() {
                        break i;
                    }
                    i += 1;
                }
                Some(_) => match wide(i) {
                    (true, _) => break i,
                    (false, len) => i += len,
                },
            }
        };
        // To its end, noting an ASCII digit.
        let mut digit = false;
        loop {
            match b.get(i) {
                Some(&c) if c < 0x80 => {
                    if !c.is_ascii_alphanumeric() {
                        break;
                    }
                    digit |= c.is_ascii_digit();
                    i += 1;
                }
                Some(_) => match wide(i) {
                    (true, len) => i += len,
                    (false, _) => break,
                },
                None => break,
            }
        }
        if !digit && !covered.iter().any(|&(cs, ce)| start >= cs && start < ce) {
            return false;
        }
    }
}

impl Rule for Dateline {
    fn name(&self) -> &'static str {
        "dateline"
    }
    fn describe(&self) -> &'static str {
        "lines that are only a date or time, bylines (`By Jane Doe`, `Von Max Muster, 18.10.2019`), contact and address lines outside the body"
    }
    fn apply(&self, doc: &mut Document, ctx: &Context) {
        let months = ctx.families(&["month"]);
        let date_words = ctx.families(&["month", "date_word"]);
        let bylines = ctx.families(&["byline"]);
        let contacts = ctx.families(&["contact_label"]);
        let meta_families = ctx.families(&["tags", "comment", "share", "byline"]);
        let metas = |i: usize| -> Vec<(usize, usize)> {
            ctx.hits_in(i, &meta_families)
                .map(|h| (h.start, h.end))
                .collect()
        };
        // What each family read below for every line is, by id (0: none of
        // them; months are date words): one walk over each line's hits, one
        // load per hit instead of a search of each family list.
        let kind = super::family_flags(&[
            (&date_words, DATE),
            (&months, MONTH),
            (&bylines, BYLINE),
            (&contacts, CONTACT),
        ]);
        let mut covered: Vec<(usize, usize)> = Vec::new();
        for i in 0..doc.lines.len() {
            let line = &doc.lines[i];
            let words = line.words();
            // Every test drops only this line: a line dropped already
            // needs none.
            if words > BYLINE_MAX_WORDS.max(DATE_MAX_WORDS).max(META_MAX_WORDS) || !line.is_kept() {
                continue;
            }
            covered.clear();
            // One walk over the hits (`date_words` holds the month
            // families): the date words, whether a month is among them,
            // and the first byline and any contact label at the start.
            let mut month = false;
            let mut contact_label = false;
            let mut byline_end = None;
            for h in ctx.line_hits(i) {
                let k = kind.get(usize::from(h.family)).copied().unwrap_or(0);
                if k & DATE != 0 {
                    covered.push((h.start, h.end));
                    month |= k & MONTH != 0;
                }
                if h.start == 0 {
                    contact_label |= k & CONTACT != 0;
                    if byline_end.is_none() && k & BYLINE != 0 {
                        byline_end = Some(h.end);
                    }
                }
            }
            let digit = line.has_digit();
            // Every test below needs a digit, a date word (months are
            // date words), a contact label or a byline: most lines have
            // none of them.
            if !digit && covered.is_empty() && !contact_label && byline_end.is_none() {
                continue;
            }
            // Deref'd once: each deref of a line's text checks its range.
            // The text is read by the rarer tests only (most lines here
            // have a digit and nothing else), each deref'ing it.
            let lower: &str = &line.lower;
            let text = || line.text.as_str();
            // Read only by the tests of lines up to DATE_MAX_WORDS (=
            // BYLINE_MAX_WORDS) words. (Of `lower`: lowercasing keeps the
            // runs of digits and `.`, `/`, `-`, `:` as they are.)
            let dated = words <= DATE_MAX_WORDS && (month || (digit && has_date_digits(lower)));
            // `+81 158-23-2012` is a phone number, not a date.
            if words <= DATE_MAX_WORDS
                && dated
                && !text().starts_with('+')
                && all_words_covered(lower, &covered)
            {
                doc.drop_line(i, self.name(), "date only");
                continue;
            }
            // A post meta line shows a date with digits.
            if words <= META_MAX_WORDS
                && digit
                && memchr::memchr(b'|', lower.as_bytes()).is_some()
                && meta_line(lower, &covered, &metas(i))
            {
                doc.drop_line(i, self.name(), "date and post meta");
                continue;
            }
            // `Release Date:` or `Veröffentlichung:` alone: a date's label
            // whose date stands on the next line or was lost.
            if words <= DATE_LABEL_MAX_WORDS
                && !digit
                && covered.iter().any(|&(s, e)| e - s >= DATE_LABEL_MIN_BYTES)
                && text().ends_with(':')
                && all_words_covered(lower, &covered)
            {
                doc.drop_line(i, self.name(), "date label");
                continue;
            }
            if words <= CONTACT_MAX_WORDS
                && ((contact_label && (digit || text().contains('@')))
                    // The address has a house number: skip digit-less lines.
                    || ((ADDRESS_MIN_WORDS..=ADDRESS_MAX_WORDS).contains(&words)
                        && digit
                        && postal_address(text())))
                && ctx.outside_body(i)
            {
                doc.drop_line(i, self.name(), "contact line");
                continue;
            }
            if words > BYLINE_MAX_WORDS {
                continue;
            }
            let Some(by_end) = byline_end else {
                continue;
            };
            // Inside the body a short capitalized line opening with `Von`
            // or `By` is a subheading (`Von Kindern und Katzen`); one with a
            // date and a time is a comment's header (`Comment by Ann —
            // 17.07, 2011 @ 13:04`).
            let text = text();
            let timed = dated && text.contains(':');
            if (!ctx.inside_body(i) || timed) && is_byline(text, lower, by_end, &covered, dated) {
                doc.drop_line(i, self.name(), "byline");
            }
        }
    }
}

/// Longest postal address line, in words.
const ADDRESS_MAX_WORDS: usize = 8;
/// Street, house number, postal code and town: [`postal_address`] looks
/// for four words in a row.
const ADDRESS_MIN_WORDS: usize = 4;

/// `Hauptstraße 9, 32130 Enger`, `Rue Haute 4a, 1000 Bruxelles`: a
/// street, a house number and a comma, then a postal code and a capitalized
/// town. Counts and years in prose (`Seit 2019, 3000 Mitglieder`) lack the
/// street and the short house number.
fn postal_address(text: &str) -> bool {
    // Most lines lack the `, ` before a digit; no token list for them.
    // (The `,` found by memchr, not a substring searcher set up per
    // line.) The house number's comma has a digit one or two bytes before
    // it (`9,`, `4a,`): most lines with a comma have none.
    let b = text.as_bytes();
    let (mut comma_space, mut house) = (false, false);
    for p in memchr::memchr_iter(b',', b) {
        comma_space |= b.get(p + 1) == Some(&b' ');
        house |= p
            .checked_sub(1)
            .and_then(|q| b.get(q))
            .is_some_and(u8::is_ascii_digit)
            || p.checked_sub(2)
                .and_then(|q| b.get(q))
                .is_some_and(u8::is_ascii_digit);
    }
    if !comma_space || !house || !b.iter().any(u8::is_ascii_digit) {
        return false;
    }
    let tokens: Vec<&str> = text.split_whitespace().collect();
    tokens.windows(4).any(|w| {
        let Some(house) = w[1].strip_suffix(',') else {
            return false;
        };
        let digits = house.bytes().take_while(u8::is_ascii_digit).count();
        let code = w[2]
            .trim_start_matches(|c: char| c.is_ascii_uppercase())
            .trim_start_matches('-');
        w[0].chars().all(char::is_alphabetic)
            && (1..=3).contains(&digits)
            && house.len() - digits <= 1
            && (4..=5).contains(&code.len())
            && code.bytes().all(|b| b.is_ascii_digit())
            && w[3].chars().next().is_some_and(char::is_uppercase)
    })
}

/// After the byline phrase ending at `label_end`: only capitalized names,
/// date words, digits and separators.
fn is_byline(
    text: &str,
    lower: &str,
    label_end: usize,
    covered: &[(usize, usize)],
    dated: bool,
) -> bool {
    if ends_sentence(text) && !dated && !text.ends_with(':') {
        // `By the way, this is prose.`; a trailing initial (`Jane D.`) is rare.
        return false;
    }
    let rest = &text[label_end.min(text.len())..];
    if !rest.starts_with(|c: char| c.is_whitespace() || matches!(c, ':' | ',' | '-')) {
        return false;
    }
    let mut names = 0;
    let mut offset = label_end;
    for word in rest.split_inclusive(char::is_whitespace) {
        let start = offset;
        offset += word.len();
        let w = word.trim_matches(|c: char| !c.is_alphanumeric());
        if w.is_empty()
            || !w.chars().any(char::is_alphabetic)
            || w.chars().any(|c| c.is_ascii_digit())
        {
            continue;
        }
        let pos = start + word.find(w).unwrap_or(0);
        if covered.iter().any(|&(s, e)| pos >= s && pos < e) {
            continue;
        }
        let lw = &lower[pos.min(lower.len())..];
        if ["and ", "und ", "et ", "y ", "e ", "i ", "и "]
            .iter()
            .any(|c| lw.starts_with(c))
        {
            continue;
        }
        if !w.starts_with(char::is_uppercase) {
            return false;
        }
        names += 1;
    }
    (1..=BYLINE_MAX_NAMES).contains(&names)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The versions the faster ones replaced, kept as references.
    fn has_date_digits_reference(text: &str) -> bool {
        text.split(|c: char| !(c.is_ascii_digit() || matches!(c, '.' | '/' | '-' | ':')))
            .any(|tok| {
                let tok = tok.trim_matches(|c: char| !c.is_ascii_digit());
                let groups = tok
                    .split(['.', '/', '-', ':'])
                    .filter(|g| !g.is_empty())
                    .count();
                let all_digit_groups = tok.split(['.', '/', '-', ':']).all(|g| {
                    !g.is_empty() && g.bytes().all(|b| b.is_ascii_digit()) && g.len() <= 4
                });
                (groups >= 3 && all_digit_groups)
                    || (groups == 2 && all_digit_groups && tok.contains(':'))
            })
    }

    fn all_words_covered_reference(lower: &str, covered: &[(usize, usize)]) -> bool {
        let mut start = None;
        for (p, c) in lower
            .char_indices()
            .chain(std::iter::once((lower.len(), ' ')))
        {
            if c.is_alphanumeric() {
                start.get_or_insert(p);
            } else if let Some(s) = start.take() {
                let tok = &lower[s..p];
                if !tok.bytes().any(|b| b.is_ascii_digit())
                    && !covered.iter().any(|&(cs, ce)| s >= cs && s < ce)
                {
                    return false;
                }
            }
        }
        true
    }

    fn postal_address_reference(text: &str) -> bool {
        if !text.contains(", ") || !text.bytes().any(|b| b.is_ascii_digit()) {
            return false;
        }
        let tokens: Vec<&str> = text.split_whitespace().collect();
        tokens.windows(4).any(|w| {
            let Some(house) = w[1].strip_suffix(',') else {
                return false;
            };
            let digits = house.bytes().take_while(u8::is_ascii_digit).count();
            let code = w[2]
                .trim_start_matches(|c: char| c.is_ascii_uppercase())
                .trim_start_matches('-');
            w[0].chars().all(char::is_alphabetic)
                && (1..=3).contains(&digits)
                && house.len() - digits <= 1
                && (4..=5).contains(&code.len())
                && code.bytes().all(|b| b.is_ascii_digit())
                && w[3].chars().next().is_some_and(char::is_uppercase)
        })
    }

    const PIECES: &[&str] = &[
        "1", "12", "2021", "12345", ".", "/", "-", ":", ",", ", ", " ", "\t", "a", "Mai", "mai",
        "é", "\u{A0}", "\u{2013}", "x9", "9a", "Straße", "D-", "Köln", "٣", "²", "|", "\u{3000}",
        "+",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]
        #[test]
        fn rewritten_helpers_match_references(
            parts in prop::collection::vec(prop::sample::select(PIECES), 0..24),
            spans in prop::collection::vec((0usize..40, 0usize..8), 0..4),
        ) {
            let text = parts.concat();
            prop_assert_eq!(has_date_digits(&text), has_date_digits_reference(&text));
            prop_assert_eq!(postal_address(&text), postal_address_reference(&text));
            let covered: Vec<(usize, usize)> = spans.iter().map(|&(s, l)| (s, s + l)).collect();
            prop_assert_eq!(
                all_words_covered(&text, &covered),
                all_words_covered_reference(&text, &covered)
            );
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]
        /// `apply` asks `has_date_digits` of a line's lowercase, for its text.
        #[test]
        fn date_digits_of_lowercase_are_of_text(
            parts in prop::collection::vec(prop::sample::select(&[
                "1", "12", "2021", ".", "/", "-", ":", " ", "A", "Mai", "\u{130}", "\u{212A}",
                "\u{3A3}", "\u{C4}", "\u{1E9E}", "\u{2160}", "\u{24B6}", "\u{FF21}", "\u{FF11}",
            ][..]), 0..16),
        ) {
            let text = parts.concat();
            let lower = crate::document::lowercase(&text);
            prop_assert_eq!(has_date_digits(&lower), has_date_digits(&text), "{:?}", text);
        }
    }

    #[test]
    fn digit_sep_digit_at_every_offset() {
        for pad in 0..20 {
            for tail in 0..4 {
                let text = format!("{}1.2{}", "x".repeat(pad), "y".repeat(tail));
                assert!(digit_sep_digit(text.as_bytes()), "{text:?}");
                let text = format!("{}1.x2{}", "é".repeat(pad), "y".repeat(tail));
                assert!(!digit_sep_digit(text.as_bytes()), "{text:?}");
            }
        }
        // Bytes of 0x80 and above are no digits, whatever their low bits.
        assert!(!digit_sep_digit(&[0xB1, 0xAE, 0xB2]));
    }

    fn dropped(text: &str) -> Vec<bool> {
        crate::chrome::dropped_by(&Dateline, text)
    }

    #[test]
    fn dates_dropped() {
        for t in [
            "23.10.2018",
            "18. Oktober 2019 um 15:05 Uhr",
            "Updated: March 3, 2021, 10:15 am",
            "2021-10-16",
            "Publié le 3 mars 2020 à 14h00",
            "12 января 2022",
        ] {
            assert_eq!(dropped(t), vec![true], "{t}");
        }
    }

    #[test]
    fn bylines_dropped() {
        for t in [
            "By Jane Doe",
            "Von Max Muster · 18. Oktober 2019",
            "By Jane Doe and John Roe, March 3, 2021",
            "Comment by Tim — 17.07.2011 @ 13:53",
        ] {
            assert_eq!(dropped(t), vec![true], "{t}");
        }
    }

    #[test]
    fn contact_lines_outside_body_dropped() {
        let body = "The body of the article is long enough to be counted as prose, it goes on.";
        let text =
            format!("{body}\nTel. 030 123 45 - Fax 030 123 46\nTelefonieren Sie mit 3 Leuten");
        assert_eq!(dropped(&text), vec![false, true, false]);
        let text = format!(
            "{body}\nHauptstraße 9, D-32130 Enger\nAm 9. Mai kamen 12000 Besucher\nSeit 2019, 3000 Mitglieder"
        );
        assert_eq!(dropped(&text), vec![false, true, false, false]);
    }

    #[test]
    fn byline_shaped_subheading_inside_body_kept() {
        let p = "The body of the article is long enough to be counted as prose, it goes on \
            and on, as the paragraphs of a real article do, for a line or two.";
        let text = format!("{p}\nVon Kindern und Katzen\n{p} Again.");
        assert_eq!(dropped(&text), vec![false, false, false]);
    }

    #[test]
    fn prose_and_headings_kept() {
        for t in [
            "Am 5. Mai wurde gewählt.",
            "Von Anfang an war klar, dass es schwer wird",
            "By the end of the year prices had doubled.",
            "2019",
            "4",
            "March Madness Returns",
            "Termin: 29.02.2020, 19 Uhr",
            "+81 158-23-2012",
        ] {
            assert_eq!(dropped(t), vec![false], "{t}");
        }
    }

    #[test]
    fn post_meta_lines_dropped() {
        assert_eq!(
            dropped(
                "January 13, 2020 at 08:45 AM | categories: Python, Mercurial | View Comments\n\
                12.03.2021 | Kommentare\n\
                Berlin | 12.03.2021"
            ),
            vec![true, true, false]
        );
    }

    #[test]
    fn timed_bylines_dropped_inside_the_body() {
        let p = "The body of the article is long enough to be counted as prose, it goes on \
            and on, as the paragraphs of a real article do, for a line or two.";
        let text = format!("{p}\nComment by Mirko Lange — 17.07.2011 @ 13:04\n{p}");
        assert_eq!(dropped(&text), vec![false, true, false]);
    }

    #[test]
    fn date_labels_dropped() {
        assert_eq!(
            dropped("Release Date:\nVeröffentlichung:\nHeute:\nAm:\nPublished: a look back"),
            vec![true, true, false, false, false]
        );
    }

    #[test]
    fn trailing_dates() {
        let lex = crate::lexicon::Lexicon::build(&[]).expect("lexicon");
        let months = lex.family("month").expect("month family");
        let start = |lower: &str| {
            let spans: Vec<(usize, usize)> = lex
                .hits(lower)
                .iter()
                .filter(|h| h.family == months)
                .map(|h| (h.start, h.end))
                .collect();
            trailing_date(lower, &spans)
        };
        assert_eq!(start("mazda fertigt flexibler 4. november 2021"), Some(24));
        assert_eq!(start("markets fall again november 4, 2021"), Some(19));
        assert_eq!(start("gesundheit schlaf 27/10/23"), Some(18));
        assert_eq!(start("bericht zur coronalage vom 6.08.2021"), Some(27));
        assert_eq!(start("urlaub, termine und wp-upgrade 2.7.1"), None);
        assert_eq!(start("the class of 2021"), None);
        assert_eq!(start("just say so 2011"), None);
    }
}
