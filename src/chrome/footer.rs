//! The last few lines under a page's footer: once, after the body, two or
//! more lines in a row were found to be chrome (a share bar, a related
//! list, a newsletter box), the handful of lines still kept below them are
//! footer too: an author bio, a publisher blurb, a request for feedback.
//!
//! Only a few: a long run of kept lines below the chrome is more article
//! (the body span ended early), and is left alone. Anywhere after the body,
//! an author bio (`Anna Roe is a reporter for ...`) is footer too.

use super::{Context, Rule};
use crate::document::{Document, Verdict};

pub struct Footer;

/// Dropped lines in a row that open the footer.
const MIN_RUN: usize = 2;
/// Most kept lines below it that are taken as footer.
const MAX_LEFT: usize = 3;
/// A paragraph this long (in words) below a box is more article.
const MAX_WORDS: usize = 40;

/// Dropped as chrome (a repeated line or a joined quote says nothing).
fn chrome(doc: &Document, i: usize) -> bool {
    matches!(&doc.lines[i].verdict, Verdict::Drop(r) if r.rule != "duplicate")
}

impl Rule for Footer {
    fn name(&self) -> &'static str {
        "footer"
    }
    fn describe(&self) -> &'static str {
        "the last few lines below a run of chrome after the body (publisher blurbs); author bios after the body"
    }
    fn uses_layout(&self) -> bool {
        true
    }
    fn apply(&self, doc: &mut Document, ctx: &Context) {
        let Some((_, end)) = ctx.body else {
            return;
        };
        let n = doc.lines.len();
        let roles = ctx.families(&["role"]);
        // After the body, an author bio goes wherever it stands.
        for i in end + 1..n {
            // A bio has 4 to BIO_MAX_WORDS words (as `is_bio` tests): the
            // longer lines, which are searched for phrases only when a rule
            // asks, are not asked for.
            if doc.is_kept(i)
                && (BIO_MIN_WORDS..=BIO_MAX_WORDS).contains(&doc.lines[i].words())
                && is_bio(&doc.lines[i].text, ctx.hits_in(i, &roles).map(|h| h.start))
            {
                doc.drop_line(i, self.name(), "author bio");
            }
        }
        // A read-more label and its headline alone are an inline box: the
        // article may go on below it (`Read also` / a title / more text).
        let inline_box = |doc: &Document, i: usize| matches!(&doc.lines[i].verdict, Verdict::Drop(r) if r.rule == "related");
        let (mut run, mut boxed) = (0, 0);
        let mut start = None;
        for i in end + 1..n {
            if chrome(doc, i) {
                run += 1;
                boxed += usize::from(inline_box(doc, i));
                if run >= MIN_RUN && boxed < run {
                    start = Some(i + 1);
                    break;
                }
            } else {
                (run, boxed) = (0, 0);
            }
        }
        let Some(start) = start else {
            return;
        };
        let left: Vec<usize> = (start..n).filter(|&k| doc.is_kept(k)).collect();
        if left.is_empty() || left.len() > MAX_LEFT {
            return;
        }
        let left: Vec<usize> = left
            .into_iter()
            .filter(|&k| {
                // A lowercase start continues a paragraph the box cut.
                let first = doc.lines[k].text.chars().find(|c| c.is_alphabetic());
                doc.lines[k].words() < MAX_WORDS && !first.is_some_and(char::is_lowercase)
            })
            .collect();
        for k in left {
            doc.drop_line(
                k,
                self.name(),
                format!("below the chrome at line {}", doc.lines[start - 1].number),
            );
        }
    }
}

/// Shortest and longest author bio, in words.
const BIO_MIN_WORDS: usize = 4;
const BIO_MAX_WORDS: usize = 60;
/// The job title comes this early (in bytes) in a bio: `Anna Roe is a
/// senior writer for ...`.
const BIO_ROLE_WITHIN: usize = 60;
/// Verbs that join the name to the title.
const COPULAS: &[&str] = &[
    "is",
    "ist",
    "est",
    "es",
    "jest",
    "è",
    "é",
    "является",
    "war",
    "was",
];

/// `Anna Roe is a reporter for the paper.`, `Max Muster ist Redakteur im
/// Ressort Wirtschaft.`: a name, a copula, then a job title near the start
/// of the line.
fn is_bio(text: &str, mut role_starts: impl Iterator<Item = usize>) -> bool {
    // The title first: nearly every line has none.
    let Some(role) = role_starts.find(|&s| s <= BIO_ROLE_WITHIN) else {
        return false;
    };
    let words = text.split_whitespace().count();
    if !(BIO_MIN_WORDS..=BIO_MAX_WORDS).contains(&words) || !text.starts_with(char::is_uppercase) {
        return false;
    }
    // Positions are in the lowercase text; a copula among the words before
    // the title, after at least one capitalized name word.
    let head = text.get(..role).unwrap_or("");
    let mut tokens = head.split_whitespace();
    let name = tokens
        .next()
        .is_some_and(|t| t.starts_with(char::is_uppercase));
    name && tokens.any(|t| COPULAS.contains(&t))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::Lexicon;

    const P: &str = "The body of the article is long enough to be counted as prose, it goes on \
        and on, as the paragraphs of a real article do, for a line or two.";

    fn run(text: &str, dropped: &[usize]) -> Vec<bool> {
        let lex = Lexicon::build(&[]).expect("lexicon");
        let mut doc = Document::from_text(text);
        let ctx = Context::new(&lex, &doc);
        for &i in dropped {
            doc.drop_line(i, "prompt", "test");
        }
        Footer.apply(&mut doc, &ctx);
        doc.lines.iter().map(|l| !l.is_kept()).collect()
    }

    #[test]
    fn bio_below_the_share_bar_goes() {
        let text =
            format!("{P}\n{P}\n{P}\nShare\nTweet\nAnna Roe writes about cities for the paper.");
        assert_eq!(
            run(&text, &[3, 4]),
            vec![false, false, false, true, true, true]
        );
    }

    #[test]
    fn one_chrome_line_or_much_text_below_is_not_a_footer() {
        let text = format!("{P}\n{P}\n{P}\nShare\nAnna Roe writes about cities for the paper.");
        assert_eq!(run(&text, &[3]), vec![false, false, false, true, false]);
        let text = format!("{P}\n{P}\nShare\nTweet\nOne.\nTwo.\nThree.\nFour.");
        let out = run(&text, &[2, 3]);
        assert_eq!(out.iter().filter(|&&d| d).count(), 2);
    }

    #[test]
    fn author_bios() {
        let lex = Lexicon::build(&[]).expect("lexicon");
        let bio = "Anna Roe is a senior writer for the paper and covers cities.";
        let doc = Document::from_text(bio);
        let ctx = Context::new(&lex, &doc);
        let roles = ctx.families(&["role"]);
        assert!(is_bio(bio, ctx.hits_in(0, &roles).map(|h| h.start)));
        assert!(is_bio(
            "Max Muster ist Redakteur im Ressort Wirtschaft.",
            [18].into_iter()
        ));
        // A title without a copula before it, or prose about a journalist.
        assert!(!is_bio(
            "Reporters Without Borders said the editor was arrested.",
            [0].into_iter()
        ));
        assert!(!is_bio(
            "She said that the reporter is a friend of hers.",
            [18].into_iter()
        ));
    }

    #[test]
    fn article_below_an_inline_read_more_box_stays() {
        let lex = Lexicon::build(&[]).expect("lexicon");
        let text = format!("{P}\n{P}\nRead also\nA Title Elsewhere\nThe last sentence.");
        let mut doc = Document::from_text(&text);
        let ctx = Context::new(&lex, &doc);
        doc.drop_line(2, "related", "read-more label");
        doc.drop_line(3, "related", "headline after a read-more label");
        Footer.apply(&mut doc, &ctx);
        assert!(doc.is_kept(4));
    }

    #[test]
    fn cut_paragraphs_and_long_ones_below_a_box_stay() {
        let text = format!("{P}\n{P}\nShare\nTweet\nand so the plan went ahead.\n{P} {P}");
        assert_eq!(
            run(&text, &[2, 3]),
            vec![false, false, true, true, false, false]
        );
    }
}
