//! The masthead: a site-name (logo) line at the very top and the tagline
//! that follows it (`- Sputnik International, 1920` then `The latest news
//! and stories from Russia...`).
//!
//! A page whose first line is a bare site name opens with its masthead; the
//! short lines in the same block after it, before the first blank line, are
//! its tagline. Elsewhere a tagline is recognised by its phrases
//! (`latest news`, `breaking news`), only among the first lines.

use super::caption::site_suffix;
use super::{Context, Rule};
use crate::document::Document;

pub struct Masthead;

/// How many lines at the top a tagline may be found in.
const TOP: usize = 3;
const TAGLINE_MAX_WORDS: usize = 30;

impl Rule for Masthead {
    fn name(&self) -> &'static str {
        "masthead"
    }
    fn describe(&self) -> &'static str {
        "site logo line and tagline at the top of the page"
    }
    fn apply(&self, doc: &mut Document, ctx: &Context) {
        let Some(first) = doc.lines.first() else {
            return;
        };
        let multi_block = doc.lines.last().is_some_and(|l| l.block > first.block);
        if let Some(("", site)) = site_suffix(&first.text) {
            let block = first.block;
            doc.drop_line(0, self.name(), format!("site name `{site}`"));
            if multi_block {
                for i in 1..=TOP.min(doc.lines.len().saturating_sub(1)) {
                    if doc.lines[i].block != block || doc.lines[i].words() > TAGLINE_MAX_WORDS {
                        break;
                    }
                    doc.drop_line(i, self.name(), "tagline after the site name");
                }
            }
        }
        let taglines = ctx.families(&["tagline"]);
        for i in 0..TOP.min(doc.lines.len()) {
            if doc.lines[i].words() <= TAGLINE_MAX_WORDS
                && ctx.hits_in(i, &taglines).next().is_some()
            {
                doc.drop_line(i, self.name(), "tagline phrase at the top");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kept(text: &str) -> Vec<String> {
        crate::chrome::kept_after(&Masthead, text)
    }

    #[test]
    fn logo_and_tagline_block() {
        assert_eq!(
            kept("- Daily Example, 2048\nNews you can use, every day.\n\nTitle Here\nBody text."),
            vec!["Title Here", "Body text."]
        );
    }

    #[test]
    fn single_block_keeps_following_lines() {
        assert_eq!(
            kept("- Daily Example, 2048\nFirst sentence of the article.\nSecond."),
            vec!["First sentence of the article.", "Second."]
        );
    }

    #[test]
    fn tagline_phrase_only_at_top() {
        assert_eq!(
            kept("All the latest news from the valley\nTitle\n\nBody.\nBody.\nWe read the latest news daily."),
            vec!["Title", "Body.", "Body.", "We read the latest news daily."]
        );
    }
}
