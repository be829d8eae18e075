//! Section labels: a line naming only the site section a page sits in
//! (`Pressemitteilungen`, `News`, `Nachrichten und Pressemeldungen`), above
//! the article as a breadcrumb's last step or below it as a link back.

use super::layout::strip_bullet;
use super::{Context, Rule};
use crate::document::Document;

pub struct Section;

/// A label line is a few words: the section names and what joins them.
const MAX_WORDS: usize = 5;

/// Words that join two section names (`News & Events`, `Presse und Medien`).
const JOINERS: &[&str] = &[
    "and", "und", "et", "y", "e", "i", "и", "&", "+", "/", "|", ",", "-",
];

impl Rule for Section {
    fn name(&self) -> &'static str {
        "section"
    }
    fn describe(&self) -> &'static str {
        "a site section's name alone on a line outside the body (`Pressemitteilungen`, `News`)"
    }
    fn uses_layout(&self) -> bool {
        true
    }
    fn apply(&self, doc: &mut Document, ctx: &Context) {
        let sections = ctx.families(&["section"]);
        if sections.is_empty() {
            return;
        }
        for i in 0..doc.lines.len() {
            let line = &doc.lines[i];
            if !line.is_kept() || line.words() > MAX_WORDS || !ctx.outside_body(i) {
                continue;
            }
            // Most short lines hold no section name: no copy for them.
            let mut hits = ctx
                .hits_in(i, &sections)
                .map(|h| (h.start, h.end))
                .peekable();
            if hits.peek().is_some() && is_label_only(&line.lower, hits) {
                doc.drop_line(i, self.name(), "section label");
            }
        }
    }
}

/// Is `lower` made only of the phrase spans `hits` and joining words?
/// Each stretch between two spans is read in place (the words never run
/// from one stretch into the next), with no copy of the rest.
fn is_label_only(lower: &str, hits: impl Iterator<Item = (usize, usize)>) -> bool {
    let text = strip_bullet(lower).unwrap_or(lower);
    let base = lower.len() - text.len();
    let joiners_only = |piece: Option<&str>| {
        piece
            .unwrap_or("")
            .split(|c: char| c.is_whitespace() || c == ':')
            .filter(|w| !w.is_empty())
            .all(|w| JOINERS.contains(&w))
    };
    let mut covered = 0;
    let mut any = false;
    for (s, e) in hits {
        if s < base || s < covered {
            continue;
        }
        if !joiners_only(lower.get(covered.max(base)..s)) {
            return false;
        }
        covered = e;
        any = true;
    }
    any && joiners_only(lower.get(covered.max(base)..))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kept(text: &str) -> Vec<String> {
        crate::chrome::kept_after(&Section, text)
    }

    const P: &str = "The body of the article is long enough to be counted as prose, it goes \
        on and on, as the paragraphs of a real article do, for a line or two.";

    /// `is_label_only` as it was, with its copy of the rest.
    fn is_label_only_as_was(lower: &str, hits: &[(usize, usize)]) -> bool {
        let text = strip_bullet(lower).unwrap_or(lower);
        let base = lower.len() - text.len();
        let mut covered = 0;
        let mut rest = String::with_capacity(text.len());
        let mut any = false;
        for &(s, e) in hits {
            if s < base || s < covered {
                continue;
            }
            rest.push_str(lower.get(covered.max(base)..s).unwrap_or(""));
            rest.push(' ');
            covered = e;
            any = true;
        }
        rest.push_str(lower.get(covered.max(base)..).unwrap_or(""));
        any && rest
            .split(|c: char| c.is_whitespace() || c == ':')
            .filter(|w| !w.is_empty())
            .all(|w| JOINERS.contains(&w))
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]
        #[test]
        fn label_only_as_before(
            lower in "(news|und|&|:| |-|• |\\* |x|é|и){0,8}",
            spans in proptest::collection::vec((0usize..24, 0usize..8), 0..4),
        ) {
            let hits: Vec<(usize, usize)> = spans.iter().map(|&(s, n)| (s, s + n)).collect();
            proptest::prop_assert_eq!(
                is_label_only(&lower, hits.iter().copied()),
                is_label_only_as_was(&lower, &hits),
                "{:?} {:?}", lower, hits
            );
        }
    }

    #[test]
    fn labels_outside_the_body() {
        let text = format!("Pressemitteilungen\nTitle of the Release\n{P}\n{P}\nNews & Events");
        assert_eq!(kept(&text), vec!["Title of the Release", P, P]);
    }

    #[test]
    fn other_words_or_inside_the_body_stay() {
        let text = format!("News from the Valley\nTitle\n{P}\nNews\n{P}");
        assert_eq!(
            kept(&text),
            vec!["News from the Valley", "Title", P, "News", P]
        );
    }
}
