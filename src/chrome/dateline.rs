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
    date_runs(text).any(|tok| {
        let tok = tok.trim_matches(|c: char| !c.is_ascii_digit());
        let groups = tok
            .split(['.', '/', '-', ':'])
            .filter(|g| !g.is_empty())
            .count();
        let all_digit_groups = tok
            .split(['.', '/', '-', ':'])
            .all(|g| !g.is_empty() && g.bytes().all(|b| b.is_ascii_digit()) && g.len() <= 4);
        (groups >= 3 && all_digit_groups) || (groups == 2 && all_digit_groups && tok.contains(':'))
    })
}

/// The runs of digits and `.`, `/`, `-`, `:` in `text` that hold a digit:
/// `text.split(|c| !(digit or one of those))` without the empty pieces
/// and the digit-less ones, which cannot show a date. A byte scan, not a
/// split per char: every other char, ASCII or not, only separates runs.
fn date_runs(text: &str) -> impl Iterator<Item = &str> {
    let b = text.as_bytes();
    let in_run = |c: u8| c.is_ascii_digit() || matches!(c, b'.' | b'/' | b'-' | b':');
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < b.len() {
            while i < b.len() && !in_run(b[i]) {
                i += 1;
            }
            let start = i;
            let mut digit = false;
            while i < b.len() && in_run(b[i]) {
                digit |= b[i].is_ascii_digit();
                i += 1;
            }
            if digit {
                // Run ends are next to ASCII bytes or the text's ends:
                // char boundaries.
                return text.get(start..i);
            }
        }
        None
    })
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
/// at the first word that is not: the callers need no count.)
fn all_words_covered(lower: &str, covered: &[(usize, usize)]) -> bool {
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
        // The families read below for every line, walked once per line.
        let wanted: Vec<_> = date_words
            .iter()
            .chain(&bylines)
            .chain(&contacts)
            .copied()
            .collect();
        let mut covered: Vec<(usize, usize)> = Vec::new();
        for i in 0..doc.lines.len() {
            let line = &doc.lines[i];
            let words = line.words();
            if words > BYLINE_MAX_WORDS.max(DATE_MAX_WORDS).max(META_MAX_WORDS) {
                continue;
            }
            // Deref'd once: each deref of a line's text checks its range.
            // (`text` is read on few lines: left to them.)
            let lower: &str = &line.lower;
            covered.clear();
            // One walk over the hits (`date_words` holds the month
            // families): the date words, whether a month is among them,
            // and the first byline and any contact label at the start.
            let mut month = false;
            let mut contact_label = false;
            let mut byline_end = None;
            for h in ctx.hits_in(i, &wanted) {
                if date_words.contains(&h.family) {
                    covered.push((h.start, h.end));
                    month |= months.contains(&h.family);
                }
                if h.start == 0 {
                    contact_label |= contacts.contains(&h.family);
                    if byline_end.is_none() && bylines.contains(&h.family) {
                        byline_end = Some(h.end);
                    }
                }
            }
            let dated = month || (line.has_digit() && has_date_digits(&line.text));
            // `+81 158-23-2012` is a phone number, not a date.
            if words <= DATE_MAX_WORDS
                && dated
                && !line.text.starts_with('+')
                && all_words_covered(lower, &covered)
            {
                doc.drop_line(i, self.name(), "date only");
                continue;
            }
            if words <= META_MAX_WORDS
                && memchr::memchr(b'|', lower.as_bytes()).is_some()
                && meta_line(lower, &covered, &metas(i))
            {
                doc.drop_line(i, self.name(), "date and post meta");
                continue;
            }
            // `Release Date:` or `Veröffentlichung:` alone: a date's label
            // whose date stands on the next line or was lost.
            if words <= DATE_LABEL_MAX_WORDS
                && line.text.ends_with(':')
                && !line.has_digit()
                && covered.iter().any(|&(s, e)| e - s >= DATE_LABEL_MIN_BYTES)
                && all_words_covered(lower, &covered)
            {
                doc.drop_line(i, self.name(), "date label");
                continue;
            }
            if words <= CONTACT_MAX_WORDS
                && ctx.outside_body(i)
                && ((contact_label
                    && (line.has_digit() || line.text.contains('@')))
                    // The address has a house number: skip digit-less lines.
                    || (words <= ADDRESS_MAX_WORDS
                        && line.has_digit()
                        && postal_address(&line.text)))
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
            let timed = dated && line.text.contains(':');
            if (!ctx.inside_body(i) || timed)
                && is_byline(&line.text, lower, by_end, &covered, dated)
            {
                doc.drop_line(i, self.name(), "byline");
            }
        }
    }
}

/// Longest postal address line, in words.
const ADDRESS_MAX_WORDS: usize = 8;

/// `Hauptstraße 9, 32130 Enger`, `Rue Haute 4a, 1000 Bruxelles`: a
/// street, a house number and a comma, then a postal code and a capitalized
/// town. Counts and years in prose (`Seit 2019, 3000 Mitglieder`) lack the
/// street and the short house number.
fn postal_address(text: &str) -> bool {
    // Most lines lack the `, ` before a digit; no token list for them.
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
