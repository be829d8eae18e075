//! Headline lists after the article: teasers for other articles, "most
//! read" boxes, tag clouds. After the body span, two or more headline-shaped
//! lines in a row (a few words, no sentence end) are a list of links, not
//! the end of the article; an article ends with a sentence.

use super::dateline::trailing_date;
use super::layout::{
    is_menu_item_counted, is_table_row, looks_like_data, starts_numbered, strip_bullet,
};
use super::{ends_sentence, is_headline, Context, Rule};
use crate::document::{Document, Verdict};

pub struct Teaser;

/// Words of a sentence after a headline that make the headline a subheading.
const HEADS_PROSE_WORDS: usize = 12;

/// Longest teaser headline, in words.
const MAX_WORDS: usize = 16;
/// Shortest run of headlines that is a list.
const MIN_RUN: usize = 2;
/// Longest line dropped for sitting among the footer of a whole page.
const FULL_PAGE_MAX_WORDS: usize = 12;
/// Menu lines (dropped by `nav`) that show a page was scraped whole.
const FULL_PAGE_MENU_LINES: usize = 5;

impl Rule for Teaser {
    fn name(&self) -> &'static str {
        "teaser"
    }
    fn describe(&self) -> &'static str {
        "headline lists after the body: two or more short lines without a sentence end"
    }
    fn uses_layout(&self) -> bool {
        true
    }
    fn apply(&self, doc: &mut Document, ctx: &Context) {
        let n = doc.lines.len();
        // A page that shows its menu was scraped whole: after its body even a
        // single headline-shaped line is a link.
        // (Counted up to the threshold only: no walk over the rest.)
        let menu_lines = doc
            .lines
            .iter()
            .filter(|l| matches!(&l.verdict, Verdict::Drop(r) if r.rule == "nav"))
            .take(FULL_PAGE_MENU_LINES)
            .count();
        let min_run = if menu_lines >= FULL_PAGE_MENU_LINES {
            1
        } else {
            MIN_RUN
        };
        // Every test below but `dated_headline` reads only lines after the
        // body (none without a body): the loops start there.
        let after = ctx.body.map_or(n, |(_, end)| end + 1).min(n);
        // Whether each line after the body is shaped like a menu item,
        // asked once per line (the loops below ask up to four times): of
        // the lines kept now, as only they can be kept later.
        // (Held from `after` on: `menu[k]` is line `after + k`'s.)
        let menu: Vec<bool> = doc
            .lines
            .get(after..)
            .unwrap_or_default()
            .iter()
            .map(|l| {
                l.is_kept()
                    // Longer lines are no item: no scan of their text.
                    && super::nav::may_be_menu_item(l.words(), MAX_WORDS)
                    && is_menu_item_counted(&l.text, MAX_WORDS, l.words())
            })
            .collect();
        let shaped = |doc: &Document, i: usize| {
            ctx.after_body(i)
                && doc.is_kept(i)
                && i.checked_sub(after)
                    .and_then(|k| menu.get(k))
                    .copied()
                    .unwrap_or(false)
        };
        let mut i = after;
        while i < n {
            if !shaped(doc, i) {
                i += 1;
                continue;
            }
            // Line `i` is known to be shaped: the run goes on from `i + 1`.
            let mut j = i + 1;
            while j < n && shaped(doc, j) {
                j += 1;
            }
            if j - i >= min_run {
                // Formatted once per run, copied per line.
                let detail = format!("headline list of {}", j - i);
                for k in i..j {
                    doc.drop_line(k, self.name(), detail.clone());
                }
            }
            i = j;
        }
        // A single headline next to chrome already found is part of it.
        // A photo credit below says nothing: articles have images too, and
        // their last line may be a short slogan above one.
        let next_to_chrome = |doc: &Document, i: usize| {
            (i > 0 && !doc.is_kept(i - 1) && ctx.after_body(i - 1))
                || (i + 1 < n
                    && matches!(&doc.lines[i + 1].verdict,
                        Verdict::Drop(r) if r.rule != "credit" && r.rule != "caption"))
        };
        let full_page = menu_lines >= FULL_PAGE_MENU_LINES;
        // Only below chrome: the article's own last line (`She was wrong.`)
        // comes before the footer, never inside it.
        let follows_chrome =
            |doc: &Document, i: usize| i > 0 && !doc.is_kept(i - 1) && ctx.after_body(i - 1);
        // A headline that leads into prose or a list (`The plan has three
        // parts:`) is a subheading of the article, whatever surrounds it.
        let heads_text = |doc: &Document, i: usize| {
            i + 1 < n && doc.is_kept(i + 1) && {
                let next = &doc.lines[i + 1];
                next.text.ends_with(':')
                    || (ends_sentence(&next.text) && next.words() >= HEADS_PROSE_WORDS)
            }
        };
        // Inside the body too, a headline over a date line is another
        // article's teaser (`Hackers Offer a Discount` / `21 April 2022`);
        // the page's own title and date come before the body.
        let dated_headline = |doc: &Document, i: usize| {
            ctx.body.is_some_and(|(start, _)| i > start)
                && i + 1 < n
                && doc.is_kept(i)
                && matches!(&doc.lines[i + 1].verdict,
                    Verdict::Drop(r) if r.rule == "dateline" && r.detail == "date only")
                && is_headline(&doc.lines[i].text)
        };
        let after_start = ctx.body.map_or(n, |(start, _)| start + 1).min(n);
        for i in after_start..n {
            if dated_headline(doc, i) {
                doc.drop_line(i, self.name(), "headline over a date");
            }
        }
        // After the body, `Mazda Builds More Flexibly 4. November 2021` is a
        // list entry: a headline with its date on the same line.
        let months = ctx.families(&["month"]);
        for i in after..n {
            let line = &doc.lines[i];
            // A trailing date holds digits (a year at least).
            if !(ctx.after_body(i)
                && line.is_kept()
                && line.words() <= MAX_WORDS
                && line.has_digit())
                || line.text.len() != line.lower.len()
            {
                continue;
            }
            let spans: Vec<(usize, usize)> =
                ctx.hits_in(i, &months).map(|h| (h.start, h.end)).collect();
            let Some(start) = trailing_date(&line.lower, &spans) else {
                continue;
            };
            let head = line.text[..start].trim_end();
            if head.split_whitespace().count() >= 2
                && is_headline(head)
                && !head.ends_with('?')
                && !looks_like_data(head)
            {
                doc.drop_line(i, self.name(), "headline with a date");
            }
        }
        for i in (after..n).chain((after..n).rev()) {
            if shaped(doc, i) && next_to_chrome(doc, i) && !heads_text(doc, i) {
                doc.drop_line(i, self.name(), "headline next to chrome");
            } else if full_page
                && ctx.after_body(i)
                && doc.is_kept(i)
                && doc.lines[i].words() <= FULL_PAGE_MAX_WORDS
                && !is_table_row(&doc.lines[i].text)
                && !starts_numbered(&doc.lines[i].text)
                && !looks_like_data(strip_bullet(&doc.lines[i].text).unwrap_or(&doc.lines[i].text))
                && follows_chrome(doc, i)
            {
                // Teaser blurbs, bylines and service lines among a whole
                // page's footer.
                doc.drop_line(
                    i,
                    self.name(),
                    "short line among the footer of a whole page",
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::Lexicon;

    fn kept(text: &str) -> Vec<String> {
        crate::chrome::kept_after(&Teaser, text)
    }

    const BODY: &str =
        "A Title Line\nThe first paragraph of the article is long enough to count as prose.\n\
        A Subheading In The Body\n\
        The second paragraph of the article is also long enough to be prose here.";

    #[test]
    fn headline_list_after_body_dropped() {
        let out = kept(&format!(
            "{BODY}\nMarkets Fall Again As Rates Rise\nTen Gardens Worth a Visit This Spring"
        ));
        assert_eq!(out.len(), 4);
    }

    #[test]
    fn whole_page_footer_lines_dropped_data_kept() {
        let menu = "* Home\n* News\n* Sport\n* Travel\n* Food\n* Contact\n";
        let text = format!(
            "{menu}{BODY}\nSign up for our newsletter\nA weekend by the sea.\nNew hotels open soon.\n200 g sugar"
        );
        let lex = Lexicon::build(&[]).expect("lexicon");
        let mut doc = Document::from_text(&text);
        let ctx = Context::new(&lex, &doc);
        for i in 0..6 {
            doc.drop_line(i, "nav", "menu");
        }
        let n = doc.lines.len();
        doc.drop_line(n - 4, "prompt", "newsletter");
        Teaser.apply(&mut doc, &ctx);
        let kept: Vec<&str> = doc
            .lines
            .iter()
            .filter(|l| l.is_kept())
            .map(|l| l.text.as_str())
            .collect();
        assert_eq!(kept.len(), 5, "{kept:?}");
        assert_eq!(kept[4], "200 g sugar");
    }

    #[test]
    fn last_line_above_a_photo_credit_kept() {
        let text = format!("{BODY}\nNo Research Without Freedom\nImage: Jane Roe");
        let lex = Lexicon::build(&[]).expect("lexicon");
        let mut doc = Document::from_text(&text);
        let ctx = Context::new(&lex, &doc);
        let n = doc.lines.len();
        doc.drop_line(n - 1, "credit", "starts with a credit label");
        Teaser.apply(&mut doc, &ctx);
        assert!(doc.is_kept(n - 2));
        // Below other chrome it is a teaser.
        let mut doc = Document::from_text(&text);
        doc.drop_line(n - 1, "prompt", "share prompt");
        Teaser.apply(&mut doc, &ctx);
        assert!(!doc.is_kept(n - 2));
    }

    #[test]
    fn headline_over_a_date_inside_the_body_goes_title_stays() {
        let text = format!("Seaweed Farm Opens\n3 March 2021\n{BODY}\nHackers Offer a Discount\n21 April 2022\n{BODY}");
        let lex = Lexicon::build(&[]).expect("lexicon");
        let mut doc = Document::from_text(&text);
        let ctx = Context::new(&lex, &doc);
        for i in 0..doc.lines.len() {
            if doc.lines[i].text.ends_with("2021") || doc.lines[i].text.ends_with("2022") {
                doc.drop_line(i, "dateline", "date only");
            }
        }
        Teaser.apply(&mut doc, &ctx);
        assert!(doc.is_kept(0), "the page's own title");
        let hackers = doc.lines.iter().position(|l| l.text.starts_with("Hackers"));
        assert!(hackers.is_some_and(|i| !doc.is_kept(i)));
    }

    #[test]
    fn single_line_after_body_and_subheadings_kept() {
        let out = kept(&format!("{BODY}\nThe Editors"));
        assert_eq!(out.len(), 5);
    }
}
