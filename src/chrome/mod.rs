//! Chrome rules: each family marks lines `Drop(Reason)` and never deletes.
//!
//! A rule sees the whole [`Document`], so it can use position (chrome
//! gathers at the top and bottom) and neighbours (a caption followed by a
//! headline is a teaser), not just the line itself. Rules run in the order
//! of [`all`]; the first rule to drop a line names it.

pub mod caption;
pub mod corpus;
pub mod credit;
pub mod dateline;
pub mod duplicate;
pub mod footer;
pub mod layout;
pub mod masthead;
pub mod nav;
pub mod prompt;
pub mod quotes;
pub mod related;
pub mod script;
pub mod section;
pub mod social;
pub mod stray;
pub mod tail;
pub mod teaser;
pub mod user;

use crate::document::{Document, Text};
use crate::lexicon::{FamilyId, Hit, Lexicon};
use std::cell::OnceCell;

/// Lines of up to this many words are searched for lexicon phrases before
/// the rules run, in one pass; every rule that reads the phrases of a line
/// skips longer lines (prompt's limit for boilerplate sentences, 60, is the
/// highest), or asks only for a phrase at its start ([`Context::hit_at`]).
/// A longer line is searched when a rule asks, so this limit only decides
/// what is searched up front (longer lines are a third of the benchmark
/// text); below prompt's limit, its lines were searched one by one later.
const SEARCH_MAX_WORDS: usize = 60;

/// In [`Context`]'s spans, marks a line not searched up front.
const LATE: usize = usize::MAX;

/// Is `f` in `families`? An inlined loop: `slice::contains` on these short
/// lists is an out-of-line call per hit, hundreds of thousands of times.
#[inline(always)]
fn has_family(families: &[FamilyId], f: FamilyId) -> bool {
    for &x in families {
        if x == f {
            return true;
        }
    }
    false
}

/// Flags by family id: `table[id]` is the union of the flags of the lists
/// that hold `id`. A rule that walks a line's hits once and asks what each
/// is for reads one byte per hit instead of searching its family lists.
pub fn family_flags(lists: &[(&[FamilyId], u8)]) -> Vec<u8> {
    let len = lists
        .iter()
        .flat_map(|(l, _)| l.iter())
        .map(|&f| usize::from(f) + 1)
        .max()
        .unwrap_or(0);
    let mut table = vec![0u8; len];
    for (list, flag) in lists {
        for &f in *list {
            if let Some(t) = table.get_mut(usize::from(f)) {
                *t |= flag;
            }
        }
    }
    table
}

/// What every rule can read besides the document.
pub struct Context<'a> {
    pub lexicon: &'a Lexicon,
    /// Lexicon hits of the lines searched up front, flat (one allocation,
    /// not one per line).
    hits: Vec<Hit>,
    /// Where line `i`'s hits are, read with one load (rules ask hundreds
    /// of thousands of times): `hits[s..e]` for a line searched up front;
    /// `(LATE, k)` for a line that is `late[k]`.
    spans: Vec<(usize, usize)>,
    /// The other lines, with their hits once a rule asked.
    late: Vec<(Text, OnceCell<Vec<Hit>>)>,
    /// Line counts of the document's site, when the run learned them
    /// (the `corpus` rule); `None` for a lone document.
    pub corpus: Option<corpus::CorpusView<'a>>,
    /// The main body span (first and last line), see [`layout::body_span`].
    pub body: Option<(usize, usize)>,
    /// The loose body span: prose with the lists and short lines between.
    pub loose: Option<(usize, usize)>,
    /// The site the document comes from, when known (for per-site rules).
    pub site: Option<&'a str>,
}

impl<'a> Context<'a> {
    pub fn new(lexicon: &'a Lexicon, doc: &Document) -> Context<'a> {
        let (joined, ranges) = doc.lower_joined_where(|l| l.words() <= SEARCH_MAX_WORDS);
        let (hits, hit_starts) = lexicon.hits_of_joined(joined, &ranges);
        let mut late = Vec::new();
        let spans = ranges
            .iter()
            .zip(&doc.lines)
            .zip(hit_starts.windows(2))
            .map(|((r, line), w)| match (r, w) {
                (Some(_), &[s, e]) => (s, e),
                _ => {
                    late.push((line.lower.clone(), OnceCell::new()));
                    (LATE, late.len() - 1)
                }
            })
            .collect();
        let [body, loose] = layout::body_spans(doc);
        Context {
            lexicon,
            hits,
            spans,
            late,
            body,
            loose,
            site: None,
            corpus: None,
        }
    }

    /// Is line `i` before or after the main body span? With no span (no
    /// prose at all) nothing is outside it.
    pub fn outside_body(&self, i: usize) -> bool {
        self.body.is_some_and(|(s, e)| i < s || i > e)
    }

    /// Computes the body spans again from the document as marked so far.
    pub fn relayout(&mut self, doc: &Document) {
        [self.body, self.loose] = layout::body_spans(doc);
    }

    /// Is line `i` outside the loose body span (see [`Context::loose`])?
    pub fn outside_loose(&self, i: usize) -> bool {
        self.loose.is_some_and(|(s, e)| i < s || i > e)
    }

    /// Is line `i` inside the main body span?
    pub fn inside_body(&self, i: usize) -> bool {
        self.body.is_some_and(|(s, e)| (s..=e).contains(&i))
    }

    /// Is line `i` after the main body span?
    pub fn after_body(&self, i: usize) -> bool {
        self.body.is_some_and(|(_, e)| i > e)
    }

    /// Hits of line `i`, searched now if it was not up front.
    #[inline]
    pub(crate) fn line_hits(&self, i: usize) -> &[Hit] {
        match self.spans.get(i) {
            Some(&(LATE, k)) => match self.late.get(k) {
                Some((lower, hits)) => hits.get_or_init(|| self.lexicon.hits(lower)),
                None => &[],
            },
            Some(&(s, e)) => self.hits.get(s..e).unwrap_or(&[]),
            None => &[],
        }
    }

    /// Hits of line `i` in any of the given families.
    #[inline]
    pub fn hits_in<'s>(
        &'s self,
        i: usize,
        families: &'s [FamilyId],
    ) -> impl Iterator<Item = &'s Hit> + 's {
        self.line_hits(i)
            .iter()
            .filter(move |h| has_family(families, h.family))
    }

    /// The first hit of line `i` in the given families that starts at byte
    /// `start`: `hits_in(i, families).find(|h| h.start == start)`, without
    /// searching all of a long line for a phrase near its start.
    pub fn hit_at(&self, i: usize, families: &[FamilyId], start: usize) -> Option<Hit> {
        let Some(&(LATE, k)) = self.spans.get(i) else {
            // Hits come in the order of their starts: stop past `start`,
            // and test the start before the family.
            return self
                .line_hits(i)
                .iter()
                .take_while(|h| h.start <= start)
                .find(|h| h.start == start && has_family(families, h.family))
                .copied();
        };
        let (lower, hits) = self.late.get(k)?;
        match hits.get() {
            Some(hits) => hits
                .iter()
                .find(|h| h.start == start && has_family(families, h.family))
                .copied(),
            None => self
                .lexicon
                .hits_up_to(lower, start)
                .into_iter()
                .find(|h| h.start == start && has_family(families, h.family)),
        }
    }

    /// Family ids for names; unknown names (a family with no phrases) are
    /// skipped. With a known site, the site's own tables of the same names
    /// (`[site."NAME".family]` in a rules file) come too.
    pub fn families(&self, names: &[&str]) -> Vec<FamilyId> {
        let mut ids: Vec<FamilyId> = names
            .iter()
            .filter_map(|n| self.lexicon.family(n))
            .collect();
        if let Some(site) = self.site {
            let site = site.to_lowercase();
            ids.extend(
                names
                    .iter()
                    .filter_map(|n| self.lexicon.family(&crate::lexicon::site_family(n, &site))),
            );
        }
        ids
    }
}

pub trait Rule: Send + Sync {
    /// The name a user sees in `explain`, the report and `--disable`.
    fn name(&self) -> &'static str;
    /// One line for `dechaff rules`.
    fn describe(&self) -> &'static str;
    fn apply(&self, doc: &mut Document, ctx: &Context);
    /// Does the rule read the body span? Before the first such rule the
    /// span is computed again, with the chrome found so far as neutral.
    fn uses_layout(&self) -> bool {
        false
    }
}

/// Every rule family, in the order they run.
pub fn all() -> Vec<Box<dyn Rule>> {
    vec![
        Box::new(user::User),
        Box::new(masthead::Masthead),
        Box::new(credit::Credit),
        Box::new(caption::Caption),
        Box::new(related::Related),
        Box::new(prompt::Prompt),
        Box::new(social::Social),
        Box::new(dateline::Dateline),
        Box::new(tail::Tail),
        Box::new(nav::Nav),
        Box::new(section::Section),
        Box::new(teaser::Teaser),
        Box::new(footer::Footer),
        Box::new(duplicate::Duplicate),
        Box::new(script::ForeignScript),
        Box::new(stray::Stray),
        // Last: the specific rules name the lines they know.
        Box::new(corpus::Corpus),
    ]
}

/// Does the text end like a sentence (., !, ?, …, or a closing quote or
/// bracket after one)?
pub fn ends_sentence(text: &str) -> bool {
    let t = text.trim_end_matches(['"', '\'', '\u{201D}', '\u{2019}', '\u{BB}', ')', ']', '*']);
    t.ends_with([
        '.', '!', '?', '\u{2026}', ':', ';', '\u{3002}', '\u{FF01}', '\u{FF1F}',
    ])
}

/// Is the line shaped like a headline: a few words, no sentence-final
/// punctuation (a question mark is allowed), starting with a capital.
pub fn is_headline(text: &str) -> bool {
    let words = text.split_whitespace().count();
    if !(2..=25).contains(&words) || text.chars().count() > 200 {
        return false;
    }
    let first = text.chars().find(|c| c.is_alphanumeric());
    if !first.is_some_and(|c| c.is_uppercase() || c.is_numeric()) {
        return false;
    }
    let t = text.trim_end_matches(['"', '\'', '\u{201D}', '\u{BB}']);
    !t.ends_with(['.', '!', ':', ';', ',']) || t.ends_with("...")
}

/// Test helper: `text` after one rule ran, with the built-in lexicons.
#[cfg(test)]
fn after_rule(rule: &dyn Rule, text: &str) -> Document {
    let lex = Lexicon::build(&[]).expect("lexicon");
    let mut doc = Document::from_text(text);
    let ctx = Context::new(&lex, &doc);
    rule.apply(&mut doc, &ctx);
    doc
}

/// Test helper: the lines one rule keeps of `text`.
#[cfg(test)]
pub(crate) fn kept_after(rule: &dyn Rule, text: &str) -> Vec<String> {
    let doc = after_rule(rule, text);
    doc.lines
        .iter()
        .filter(|l| l.is_kept())
        .map(|l| l.text.to_string())
        .collect()
}

/// Test helper: for each line of `text`, whether one rule dropped it.
#[cfg(test)]
pub(crate) fn dropped_by(rule: &dyn Rule, text: &str) -> Vec<bool> {
    after_rule(rule, text)
        .lines
        .iter()
        .map(|l| !l.is_kept())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headline_shape() {
        assert!(is_headline(
            "Putin Says Russia Has Different Options in Response to NATO Eastward Expansion"
        ));
        assert!(is_headline("Warum Trump jetzt Syrien um die Ohren fliegt"));
        assert!(is_headline("Is this the end?"));
        assert!(!is_headline("He said it was over."));
        assert!(!is_headline("lowercase start here"));
        assert!(!is_headline("Word"));
    }

    #[test]
    fn long_lines_are_searched_when_asked() {
        let lex = Lexicon::build(&[]).expect("lexicon");
        let long = format!("- Read more: {}", "word ".repeat(SEARCH_MAX_WORDS));
        let doc = Document::from_text(&format!("Read more: short\n{long}\nFoto: dpa"));
        let ctx = Context::new(&lex, &doc);
        let related = ctx.families(&["related"]);
        for (i, line) in doc.lines.iter().enumerate() {
            let all: Vec<Hit> = lex.hits(&line.lower);
            assert_eq!(ctx.line_hits(i), all.as_slice(), "line {i}");
            for start in [0, 2] {
                let want = all
                    .iter()
                    .find(|h| h.start == start && related.contains(&h.family))
                    .copied();
                assert_eq!(ctx.hit_at(i, &related, start), want, "line {i} at {start}");
            }
        }
        assert!(ctx.hit_at(1, &related, 2).is_some());
        // Asked before the whole line was searched, then after.
        let fresh = Context::new(&lex, &doc);
        assert!(fresh.hit_at(1, &related, 2).is_some());
        assert!(fresh.hits_in(1, &related).next().is_some());
        assert!(fresh.hit_at(1, &related, 2).is_some());
    }

    #[test]
    fn family_flags_join_the_lists_of_an_id() {
        let t = family_flags(&[(&[2, 5], 1), (&[5], 4), (&[], 8)]);
        assert_eq!(t, vec![0, 0, 1, 0, 0, 5]);
        assert!(family_flags(&[]).is_empty());
    }

    #[test]
    fn sentence_end() {
        assert!(ends_sentence("It ended.\""));
        assert!(ends_sentence("Really?"));
        assert!(!ends_sentence("Menu"));
    }
}
