//! Related-article teasers.
//!
//! Two shapes: a caption line (site-suffixed image alt text) immediately
//! followed by a headline-shaped line, which is the linked article's title;
//! and a `Read more:` / `Читайте также:` label, with the headline after it
//! when the label stands alone on its line.

use super::caption::site_suffix;
use super::layout::single_cell;
use super::{ends_sentence, is_headline, Context, Rule};
use crate::document::Document;
use crate::lexicon::Hit;

pub struct Related;

const LABEL_LINE_MAX_WORDS: usize = 25;
/// Longest bare continuation link (`Lire la suite de l'article`), in words.
const MORE_LINK_MAX_WORDS: usize = 6;
/// Longest line ending with `... findest du hier` that is only a link.
const HERE_LINK_MAX_WORDS: usize = 12;
/// Longest `More on <topic>` heading inside the body.
const IN_BODY_HEADING_MAX_WORDS: usize = 8;

/// The next line after `i` with a letter or digit (a lone `-` between a
/// related heading and its headline is a list marker left by the scraper).
fn next_text_line(doc: &Document, i: usize) -> Option<usize> {
    (i + 1..doc.lines.len().min(i + 3))
        .find(|&j| doc.lines[j].text.chars().any(char::is_alphanumeric))
}

/// [`strip_bullet`](super::layout::strip_bullet), read from the bytes: its bullets (`* `, `+ `, `- `,
/// `o `, `> `, `• `, `– `, `· `) are told apart by their first bytes, with
/// no prefix comparison per bullet (a third of the lines start with one).
#[inline]
fn bullet(text: &str) -> Option<&str> {
    let n = match text.as_bytes() {
        [b'*' | b'+' | b'-' | b'o' | b'>', b' ', ..] => 2,
        // U+2022 and U+2013.
        [0xE2, 0x80, 0xA2 | 0x93, b' ', ..] => 4,
        // U+00B7.
        [0xC2, 0xB7, b' ', ..] => 3,
        _ => return None,
    };
    text.get(n..).map(str::trim_start)
}

/// [`single_cell`], for a line that starts with `|` only (the others are
/// no table row): no call for most lines.
#[inline]
fn table_cell(text: &str) -> Option<&str> {
    if text.starts_with('|') {
        single_cell(text)
    } else {
        None
    }
}

/// Can [`site_suffix`] find a suffix in `text`? It needs the text to end
/// with `, ` and a number (digits, `.`, `/`, `:`, `-`): read back from the
/// end over ASCII bytes, as `site_suffix` first reads the text, and `true`
/// (ask it) at a non-ASCII byte, which may belong to a space.
#[inline]
pub(super) fn may_end_site_suffix(text: &str) -> bool {
    let b = text.as_bytes();
    let is_space = |c: u8| matches!(c, b' ' | b'\t'..=b'\r');
    let numeric = |c: u8| c.is_ascii_digit() || matches!(c, b'.' | b'/' | b':' | b'-');
    // Most lines end with a word, or a word and a full stop: told by their
    // last two bytes (an ASCII byte that is neither space nor numeric
    // ends the number run, or its absence, before a `, ` could).
    if let [.., c0, c1] = b {
        let end = END_CLASS[usize::from(*c1)];
        if end & PLAIN != 0 || (end & NUMERIC != 0 && END_CLASS[usize::from(*c0)] & WORD != 0) {
            return false;
        }
    }
    let Some(mut e) = b.iter().rposition(|&c| !is_space(c)) else {
        return false;
    };
    if b.get(e).is_some_and(|&c| c >= 0x80) {
        return true;
    }
    e += 1;
    let end = e;
    while let Some(&c) = e.checked_sub(1).and_then(|p| b.get(p)) {
        if !numeric(c) {
            break;
        }
        e -= 1;
    }
    if e == end {
        return false;
    }
    let mut s = e;
    while let Some(&c) = s.checked_sub(1).and_then(|p| b.get(p)) {
        if !is_space(c) {
            break;
        }
        s -= 1;
    }
    match s.checked_sub(1).and_then(|p| b.get(p)) {
        Some(&c) if c >= 0x80 => true,
        Some(b',') => s < e && b.get(s) == Some(&b' '),
        _ => false,
    }
}

/// Classes of a byte in [`may_end_site_suffix`]'s first test: ASCII that
/// is neither space nor numeric (`PLAIN`; `WORD` too unless it is `,`),
/// numeric ASCII (digits, `.`, `/`, `:`, `-`).
const PLAIN: u8 = 1;
const WORD: u8 = 2;
const NUMERIC: u8 = 4;
const END_CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut c = 0;
    while c < 0x80 {
        let b = c as u8;
        t[c] = if b.is_ascii_digit() || matches!(b, b'.' | b'/' | b':' | b'-') {
            NUMERIC
        } else if matches!(b, b' ' | b'\t'..=b'\r') {
            0
        } else if b == b',' {
            PLAIN
        } else {
            PLAIN | WORD
        };
        c += 1;
    }
    t
};

impl Rule for Related {
    fn name(&self) -> &'static str {
        "related"
    }
    fn describe(&self) -> &'static str {
        "related-article teasers: a caption followed by a headline, `Read more:` and its kin, `More on X` over a headline, `>> links <<`"
    }
    fn apply(&self, doc: &mut Document, ctx: &Context) {
        let labels = ctx.families(&["related", "tags"]);
        let related = ctx.families(&["related"]);
        let more = ctx.families(&["more_link"]);
        let kinds = super::family_flags(&[(&labels, LABEL), (&more, MORE)]);
        let n = doc.lines.len();
        // What the later walks read of each line, read in this one: the
        // bare continuation links of `blurbs`, and the shapes the last walk
        // tests.
        let mut links = Vec::new();
        let mut shape = Vec::with_capacity(n);
        for i in 0..n {
            let next = i + 1;
            // All that is read of the line before its label is read from
            // `lower` (each deref of a text checks its range), and the text
            // only where `lower` shows it may be needed.
            let (teaser, label) = {
                let line = &doc.lines[i];
                let words = line.words();
                let lower: &str = &line.lower;
                let b = lower.as_bytes();
                let mut sh = 0u8;
                // An arrowed link starts with `>` or `»` (C2 BB), which are
                // their own lowercase.
                if matches!(b.first(), Some(b'>' | 0xC2))
                    && words <= ARROWED_MAX_WORDS
                    && is_arrowed_link(&line.text)
                {
                    sh |= ARROWED;
                }
                // Only `:` lowercases to a string that ends with `:` (a test
                // checks every char).
                // (`:` is ASCII: the last byte tells.)
                if b.last() == Some(&b':') {
                    sh |= COLON_END;
                }
                let teaser =
                    next < n && may_end_site_suffix(lower) && site_suffix(&line.text).is_some();
                // The hits of a line searched up front: most lines have
                // none, and then no label, link or `here` phrase, and need
                // no bullet or cell read (nor a second look at their hits).
                let hits = (words <= WALK_MAX_WORDS).then(|| ctx.line_hits(i));
                if hits.is_some_and(<[Hit]>::is_empty) {
                    shape.push(sh);
                    (teaser, None)
                } else {
                    sh |= HITS;
                    // The suffix's shape holds in `lower` too (a test checks).
                    shape.push(sh);
                    let bulleted = bullet(lower);
                    // A bare link is a few words; longer lines need no search.
                    let more_lead = (words <= MORE_LINK_MAX_WORDS && !more.is_empty())
                        .then(|| lower.len() - bulleted.map_or(lower.len(), str::len));
                    // A label may sit in a bullet or alone in a layout table's cell.
                    let rest = match table_cell(lower) {
                        Some(cell) => bullet(cell).unwrap_or(cell),
                        None => bulleted.unwrap_or(lower),
                    };
                    // Both are slices of `lower`: the label starts where `rest` does.
                    let lead = rest.as_ptr() as usize - lower.as_ptr() as usize;
                    let (more_hit, label_hit) = match hits {
                        Some(hits) => first_hits(hits, &kinds, lead, more_lead),
                        None => (
                            more_lead.and_then(|m| ctx.hit_at(i, &more, m)),
                            ctx.hit_at(i, &labels, lead),
                        ),
                    };
                    if more_hit.is_some_and(|hit| {
                        lower.get(hit.end..).is_some_and(|r| {
                            r.trim_matches(|c: char| !c.is_alphanumeric()).is_empty()
                        })
                    }) {
                        links.push(i);
                    }
                    (teaser, label_hit.map(|hit| (hit, lead)))
                }
            };
            if teaser && headline(&doc.lines[next]) {
                doc.drop_line(next, self.name(), "headline after a teaser image");
            }
            let Some((hit, lead)) = label else {
                continue;
            };
            let line = &doc.lines[i];
            let words = line.words();
            let lower: &str = &line.lower;
            let rest = lower[hit.end..].trim_start();
            let label_only = rest.trim_matches(|c: char| !c.is_alphanumeric()).is_empty();
            let is_related = ctx.hit_at(i, &related, lead).is_some();
            if label_only {
                let detail = if is_related {
                    "read-more label"
                } else {
                    "tag label"
                };
                doc.drop_line(i, self.name(), detail);
                if doc.lines.get(next).is_some_and(headline) {
                    doc.drop_line(next, self.name(), "headline after a read-more label");
                }
            } else if words <= LABEL_LINE_MAX_WORDS
                // Inside the body, `Label: a whole sentence.` is prose; a
                // teaser's headline has no full stop (a question is a headline
                // too after a read-more label).
                && (!ctx.inside_body(i)
                    || !ends_sentence(&line.text)
                    || (is_related && line.text.trim_end().ends_with('?')))
                && rest.starts_with([':', '|', '»', '>', '-', '\u{2013}', '\u{2014}'])
            {
                let detail = if is_related {
                    "read-more label with headline"
                } else {
                    "tag line"
                };
                doc.drop_line(i, self.name(), detail);
            } else if is_related
                && (!ends_sentence(&line.text) || line.text.ends_with(':'))
                && ctx.outside_body(i)
                && words <= LABEL_LINE_MAX_WORDS
            {
                // `More from Sports`, `Mehr aus Thüringen`: a section heading;
                // outside the body also a label glued to its headline.
                doc.drop_line(i, self.name(), "read-more heading");
            } else if is_related
                && words <= IN_BODY_HEADING_MAX_WORDS
                && !ends_sentence(&line.text)
                && !line.text.ends_with(':')
            {
                // Inside the body, `Mehr zu Klima und Konsum` is a related
                // box only when a linked headline follows it; a subheading
                // is followed by its paragraph.
                if let Some(h) = next_text_line(doc, i) {
                    if doc.lines[h].words() >= 3 && headline(&doc.lines[h]) {
                        doc.drop_line(i, self.name(), "read-more heading over a headline");
                        doc.drop_line(h, self.name(), "headline after a read-more heading");
                    }
                }
            }
        }
        self.blurbs(doc, ctx, &links);
        // `Alles über nachhaltige Wanderschuhe findest du hier.`: a short
        // line that ends by pointing elsewhere is a link.
        let here = ctx.families(&["here_link"]);
        for (i, &shape) in shape.iter().enumerate() {
            // A line with neither an arrow nor a phrase has nothing to test.
            if shape & (ARROWED | HITS) == 0 {
                continue;
            }
            let Some(line) = doc.lines.get(i) else {
                break;
            };
            // `>> Another Article's Headline <<`: arrows around a line mark
            // a link to somewhere else.
            if shape & ARROWED != 0 && doc.is_kept(i) {
                doc.drop_line(i, self.name(), "link between `>>` and `<<`");
                continue;
            }
            // `Das Konzeptpapier finden Sie hier:` introduces what follows.
            // (A line of this few words was searched up front: without
            // `HITS` it has no phrase.)
            if line.words() > HERE_LINK_MAX_WORDS
                || !line.is_kept()
                || shape & (COLON_END | HITS) != HITS
            {
                continue;
            }
            // Most lines have no `here` phrase: no trimming for them.
            let mut hits = ctx.hits_in(i, &here).peekable();
            if hits.peek().is_none() {
                continue;
            }
            let end = line
                .lower
                .trim_end_matches(|c: char| !c.is_alphanumeric())
                .len();
            if hits.any(|h| h.end == end) {
                doc.drop_line(i, self.name(), "link line ending with `here`");
            }
        }
    }
}

/// Lines of up to this many words have their hits at hand (searched up
/// front, see `chrome::SEARCH_MAX_WORDS`): one walk over them answers both
/// questions of [`first_hits`]. A longer line is asked with
/// [`Context::hit_at`], which searches only its start. (Either way the
/// answer is the same; this only decides the cost.)
const WALK_MAX_WORDS: usize = 60;

/// What a family is for in [`first_hits`]: a label (`related`, `tags`),
/// a bare continuation link (`more_link`).
const LABEL: u8 = 1;
const MORE: u8 = 2;

/// `(hit_at(more, more_lead), hit_at(labels, lead))` from a line's hits
/// (in the order of their starts), in one walk: for each question the
/// first hit that starts there, of a family with its flag in `kinds`,
/// looking no further than a hit that starts past it, as `hit_at` does.
fn first_hits(
    hits: &[Hit],
    kinds: &[u8],
    lead: usize,
    more_lead: Option<usize>,
) -> (Option<Hit>, Option<Hit>) {
    let (mut more, mut label) = (None, None);
    let (mut more_open, mut label_open) = (more_lead.is_some(), true);
    let more_lead = more_lead.unwrap_or(0);
    for h in hits {
        let k = kinds.get(usize::from(h.family)).copied().unwrap_or(0);
        if label_open {
            if h.start > lead {
                label_open = false;
            } else if h.start == lead && k & LABEL != 0 {
                label = Some(*h);
                label_open = false;
            }
        }
        if more_open {
            if h.start > more_lead {
                more_open = false;
            } else if h.start == more_lead && k & MORE != 0 {
                more = Some(*h);
                more_open = false;
            }
        }
        if !label_open && !more_open {
            break;
        }
    }
    (more, label)
}

/// Shapes of a line's text read in the first walk of [`Related::apply`]:
/// an [`is_arrowed_link`] of at most [`ARROWED_MAX_WORDS`]; a text that
/// ends with `:`.
const ARROWED: u8 = 1;
const COLON_END: u8 = 2;
/// The line has hits, or was not searched up front (more than
/// [`WALK_MAX_WORDS`] words).
const HITS: u8 = 4;

/// [`is_headline`] of the line's text, with its word count (the first
/// thing `is_headline` counts) read from the line: a paragraph after a
/// label is not walked.
fn headline(line: &crate::document::Line) -> bool {
    (2..=25).contains(&line.words()) && is_headline(&line.text)
}

/// Longest `>> Headline <<` link, in words.
const ARROWED_MAX_WORDS: usize = 25;

/// `>> Headline <<`, `>>> Jetzt bestellen! <<<`: a line wrapped in
/// double arrows (ASCII or guillemets), with words between them.
fn is_arrowed_link(text: &str) -> bool {
    let inner = match (
        text.strip_prefix(">>")
            .or_else(|| text.strip_prefix('\u{BB}')),
        text.ends_with("<<") || text.ends_with('\u{AB}'),
    ) {
        (Some(rest), true) => rest
            .trim_start_matches('>')
            .trim_end_matches(['<', '\u{AB}']),
        _ => return false,
    };
    inner.starts_with(' ') && inner.ends_with(' ') && inner.chars().any(char::is_alphanumeric)
}

impl Related {
    /// A paragraph followed by a bare continuation link (`Read more`,
    /// `Weiterlesen`, `Czytaj więcej`) is the blurb of another article's
    /// teaser when it lies outside the body, when blurbs and links alternate,
    /// or when it trails off (`...`). One link after the lead of the body
    /// alone is an article cut short, and its text stays.
    /// `links`: the bare continuation links, in order (a line of at most
    /// [`MORE_LINK_MAX_WORDS`] words, a `more_link` phrase after its bullet
    /// and nothing alphanumeric after it).
    fn blurbs(&self, doc: &mut Document, ctx: &Context, links: &[usize]) {
        for &i in links {
            doc.drop_line(i, self.name(), "read-more link");
            let Some(p) = i.checked_sub(1) else {
                continue;
            };
            if !doc.is_kept(p) || links.contains(&p) {
                continue;
            }
            let text = doc.lines[p].text.trim_end();
            let trails = text.ends_with('\u{2026}') || text.ends_with("...");
            // Blurb, link, blurb, link: a list of teasers.
            let alternating = links.contains(&(i + 2)) || (i >= 2 && links.contains(&(i - 2)));
            if ctx.outside_body(p) || trails || alternating {
                doc.drop_line(p, self.name(), "teaser blurb above a read-more link");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chrome::layout::strip_bullet;

    fn kept(text: &str) -> Vec<String> {
        crate::chrome::kept_after(&Related, text)
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]
        /// `first_hits` answers as the two `hit_at` walks it replaced.
        #[test]
        fn first_hits_is_two_hit_at_walks(
            raw in proptest::collection::vec((0u16..5, 0usize..8, 1usize..6), 0..10),
            sorted in proptest::bool::ANY,
            lead in 0usize..8,
            more_lead in proptest::option::of(0usize..8),
        ) {
            let mut hits: Vec<Hit> = raw
                .iter()
                .map(|&(family, start, len)| Hit { family, start, end: start + len })
                .collect();
            if sorted {
                hits.sort_by_key(|h| h.start);
            }
            let labels: &[u16] = &[1, 3];
            let more: &[u16] = &[2, 3];
            let kinds = crate::chrome::family_flags(&[(labels, LABEL), (more, MORE)]);
            let hit_at = |families: &[u16], start: usize| {
                hits.iter()
                    .take_while(|h| h.start <= start)
                    .find(|h| h.start == start && families.contains(&h.family))
                    .copied()
            };
            let want = (more_lead.and_then(|m| hit_at(more, m)), hit_at(labels, lead));
            proptest::prop_assert_eq!(first_hits(&hits, &kinds, lead, more_lead), want);
        }

        #[test]
        fn prechecks_are_necessary(
            t in "[ a-zA-Z0-9,.:/|*+o>\u{B7}\u{2022}\u{2013}\u{2014}\u{A0}\u{2009}-]{0,30}|([*+o>|\u{B7}\u{2022}\u{2013}\u{2014}-] ?){1,3}[ a-z|]{0,6}|(([A-Z][a-z]{0,3}|[0-9./:-]{1,5}|, | - | \u{2013} |\u{A0}|  |\t){0,8})"
        ) {
            if site_suffix(&t).is_some() {
                proptest::prop_assert!(may_end_site_suffix(&t), "{:?}", t);
                let lower = crate::document::lowercase(&t);
                proptest::prop_assert!(may_end_site_suffix(&lower), "{:?}", t);
            }
            proptest::prop_assert_eq!(bullet(&t), strip_bullet(&t), "{:?}", t);
            proptest::prop_assert_eq!(table_cell(&t), single_cell(&t), "{:?}", t);
        }
    }

    /// `may_end_site_suffix` as it was, before its test of the last two
    /// bytes: the reference of a test.
    fn may_end_site_suffix_as_was(text: &str) -> bool {
        let b = text.as_bytes();
        let is_space = |c: u8| matches!(c, b' ' | b'\t'..=b'\r');
        let Some(mut e) = b.iter().rposition(|&c| !is_space(c)) else {
            return false;
        };
        if b.get(e).is_some_and(|&c| c >= 0x80) {
            return true;
        }
        e += 1;
        let end = e;
        while let Some(&c) = e.checked_sub(1).and_then(|p| b.get(p)) {
            if !(c.is_ascii_digit() || matches!(c, b'.' | b'/' | b':' | b'-')) {
                break;
            }
            e -= 1;
        }
        if e == end {
            return false;
        }
        let mut s = e;
        while let Some(&c) = s.checked_sub(1).and_then(|p| b.get(p)) {
            if !is_space(c) {
                break;
            }
            s -= 1;
        }
        match s.checked_sub(1).and_then(|p| b.get(p)) {
            Some(&c) if c >= 0x80 => true,
            Some(b',') => s < e && b.get(s) == Some(&b' '),
            _ => false,
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(5000))]
        #[test]
        fn may_end_site_suffix_as_before(
            t in "[a-z0-9 ,.:/\t\u{B}\u{C}\r-]{0,12}|[a-z ,.é\u{A0}]{0,6}[0-9./:-]{0,4}[ \u{A0}]{0,2}|\\PC{0,12}"
        ) {
            proptest::prop_assert_eq!(may_end_site_suffix(&t), may_end_site_suffix_as_was(&t), "{:?}", t);
        }
    }

    #[test]
    fn only_a_colon_lowercases_to_a_colon_end() {
        for c in '\0'..=char::MAX {
            let l = crate::document::lowercase(&c.to_string());
            assert_eq!(l.ends_with(':'), c == ':', "{c:?}");
            if l.starts_with('>') || l.starts_with('\u{BB}') {
                assert!(c == '>' || c == '\u{BB}', "{c:?}");
            }
        }
    }

    #[test]
    fn site_suffix_precheck() {
        for t in [
            "Flags on a pole - Example News, 1920, 21.12.2021",
            "Flags - Example News, 1920, 21.12.2021 ",
            "Flags - Example News,\u{A0}1920",
            "Flags - Example News, 1920\u{2009}",
        ] {
            assert!(may_end_site_suffix(t), "{t:?}");
        }
        for t in ["A sentence.", "Tags: 2021", "1920", "x, y 12", ""] {
            assert!(!may_end_site_suffix(t), "{t:?}");
        }
    }

    #[test]
    fn teaser_after_caption() {
        let out = kept("Body one.\nFlags on a pole - Example News, 1920, 21.12.2021\nLeaders Meet in Geneva for Talks\nBody two.");
        // The caption itself is the caption rule's; this rule takes the headline.
        assert_eq!(
            out,
            vec![
                "Body one.",
                "Flags on a pole - Example News, 1920, 21.12.2021",
                "Body two."
            ]
        );
    }

    #[test]
    fn label_with_a_sentence_inside_body_kept() {
        let p = "The body of the article is long enough to be counted as prose, it goes on \
            and on, as the paragraphs of a real article do, for a line or two.";
        let s =
            "Empfehlungen: Die Kommission rät allen Eltern, ihren Kindern mehr Wasser zu geben.";
        let out = kept(&format!(
            "{p}\n{s}\nLesen Sie auch: Warum die Brücke saniert wird\n{p}"
        ));
        assert_eq!(out, vec![p, s, p]);
    }

    #[test]
    fn heading_over_a_headline_inside_body() {
        let p = "The body of the article is long enough to be counted as prose, it goes on \
            and on, as the paragraphs of a real article do, for a line or two.";
        let q = "A second paragraph follows the first one, and it too reads as prose, with \
            its commas, its clauses and a full stop at the end of it.";
        // A related box in the middle of the body: heading, marker, headline.
        let out = kept(&format!(
            "{p}\n{q}\n{p}\n{q}\nMore on Climate and Consumption\n-\nPlastic Waste Piles Up on the Coast\n{p}\n{q}\n{p}\n{q}"
        ));
        assert_eq!(out, vec![p, q, p, q, "-", p, q, p, q]);
        // A subheading followed by its paragraph stays.
        let out = kept(&format!(
            "{p}\n{q}\n{p}\n{q}\nMehr zu den Kosten\n{p}\n{q}\n{p}\n{q}"
        ));
        assert_eq!(out, vec![p, q, p, q, "Mehr zu den Kosten", p, q, p, q]);
    }

    #[test]
    fn arrowed_links() {
        assert!(is_arrowed_link(
            ">> Wegen Regen: Das Stadtfest fällt aus <<"
        ));
        assert!(is_arrowed_link(">>> Jetzt die neue Ausgabe bestellen! <<<"));
        assert!(is_arrowed_link("\u{BB} Mehr Bilder vom Fest \u{AB}"));
        assert!(!is_arrowed_link(">> quoted reply text"));
        assert!(!is_arrowed_link("a >> b << c"));
        assert!(!is_arrowed_link(">><<"));
        // German quotation marks (`»Zitat«`) hug their words.
        assert!(!is_arrowed_link("\u{BB}Das war knapp\u{AB}"));
    }

    #[test]
    fn labels() {
        assert_eq!(
            kept("Body.\nRead more: Markets Fall Again\nMore body."),
            vec!["Body.", "More body."]
        );
        assert_eq!(
            kept("Body.\nЧитайте также\nРынки снова падают\nEnd."),
            vec!["Body.", "End."]
        );
        assert_eq!(
            kept("Body.\nAuch lesen: Wie viel Schlaf braucht ein Kind?\nEnd."),
            vec!["Body.", "End."]
        );
        assert_eq!(
            kept("Body.\nTags: Politik, Wahl\nEnd."),
            vec!["Body.", "End."]
        );
        assert_eq!(
            kept("Read more about the plan in the report, which was published on Monday."),
            vec!["Read more about the plan in the report, which was published on Monday."]
        );
    }

    #[test]
    fn link_lines_ending_with_here() {
        assert_eq!(
            kept("Body.\nAlles über nachhaltige Wanderschuhe findest du hier.\nThe full report can be found here, the ministry said on Monday after weeks of talks with unions.\nEnd."),
            vec!["Body.", "The full report can be found here, the ministry said on Monday after weeks of talks with unions.", "End."]
        );
        assert_eq!(
            kept("Body.\nDas Konzeptpapier finden Sie hier:\nEnd."),
            vec!["Body.", "Das Konzeptpapier finden Sie hier:", "End."]
        );
    }

    #[test]
    fn label_alone_in_a_table_cell() {
        assert_eq!(
            kept("Body.\n| Rang | Weitere Artikel |\n| Weitere Artikel zum Thema |\n| Kommentierte Artikel | |\nEnd."),
            vec!["Body.", "| Rang | Weitere Artikel |", "End."]
        );
    }

    #[test]
    fn blurbs_above_read_more_links() {
        let p = "The body of the article is long enough to be counted as prose, it goes on \
            and on, as the paragraphs of a real article do, for a line or two.";
        // Two links: each paragraph above one is a teaser's blurb.
        let out = kept(&format!(
            "{p}\n{p}\nA short blurb about another story.\nWeiterlesen\nAnd one more blurb.\nWeiterlesen"
        ));
        assert_eq!(out, vec![p, p]);
        // A blurb that trails off goes even alone.
        let out = kept(&format!(
            "{p}\n{p}\nSixty years of pop history told us that …\nRead more"
        ));
        assert_eq!(out, vec![p, p]);
        // One link after the lead: the article is cut short, its lead stays.
        let out = kept(&format!("{p}\n{p}\nRead more"));
        assert_eq!(out, vec![p, p]);
        // `More` opening a sentence is not a link.
        let out = kept(&format!(
            "{p}\nMore than half of the voters stayed home.\n{p}"
        ));
        assert_eq!(out, vec![p, "More than half of the voters stayed home.", p]);
    }
}
