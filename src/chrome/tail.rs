//! The end of the article: after the body span, a section label such as
//! `Comments`, `Related articles`, `Share this`, `Lesen Sie auch` or
//! `Newsletter` opens the page's footer; it and every line after it go.
//!
//! Only a short line made mostly of such phrases, and only after the body
//! span, counts: a mention of comments inside the article is not a label.

use super::{ends_sentence, Context, Rule};
use crate::document::{Document, Verdict};
use std::borrow::Cow;
use std::collections::HashSet;
use std::sync::{Mutex, OnceLock};

pub struct Tail;

/// Families whose labels open the footer of a page.
pub const FAMILIES: &[&str] = &[
    "related",
    "comment",
    "share",
    "follow",
    "newsletter",
    "login",
    "subscribe",
    "footer",
];

/// Longest label line, in words.
const MAX_WORDS: usize = 8;

/// Labels that end an article even inside the body span: comment sections.
const STRONG: &[&str] = &["comment"];
/// Longest strong label, in words.
const STRONG_MAX_WORDS: usize = 4;

fn starts_capital(text: &str) -> bool {
    text.chars()
        .find(|c| c.is_alphabetic())
        .is_some_and(char::is_uppercase)
}

fn alnum(s: &str) -> usize {
    s.chars().filter(|c| c.is_alphanumeric()).count()
}

impl Rule for Tail {
    fn name(&self) -> &'static str {
        "tail"
    }
    fn describe(&self) -> &'static str {
        "after the body, a section label (`Comments`, `Related`, `Share`) and everything below it"
    }
    fn uses_layout(&self) -> bool {
        true
    }
    fn apply(&self, doc: &mut Document, ctx: &Context) {
        let Some((start, end)) = ctx.body else {
            return;
        };
        let families = ctx.families(FAMILIES);
        let strong = ctx.families(STRONG);
        let n = doc.lines.len();
        // Comments are prose too, so the body span may run into them: in
        // its second half a comment-section label standing alone
        // (`Comments`, `3 Kommentare`, `Leave a Reply`) opens the footer as
        // well. Author boxes and read-more labels also sit mid-article, so
        // they only count after the span.
        let mid = start + (end - start) / 2;
        for i in mid + 1..n {
            // A count opens the line with an ASCII digit: a line with none
            // (most) is answered without reading its text.
            if doc.lines[i].has_digit() && comment_count(&doc.lines[i].text) {
                let detail = shared(format!(
                    "below the comment count at line {}",
                    doc.lines[i].number
                ));
                for k in i..n {
                    drop_kept(doc, k, self.name(), &detail);
                }
                return;
            }
        }
        for i in mid + 1..=end {
            let line = &doc.lines[i];
            if line.words() > STRONG_MAX_WORDS || !starts_capital(&line.text) {
                continue;
            }
            let covered: usize = ctx
                .hits_in(i, &strong)
                .map(|h| alnum(&line.lower[h.start..h.end]))
                .sum();
            let letters = line.lower.chars().filter(|c| c.is_alphabetic()).count();
            if covered > 0 && covered * 10 >= letters * 9 {
                let detail = shared(format!("below the section label at line {}", line.number));
                for k in i..n {
                    drop_kept(doc, k, self.name(), &detail);
                }
                return;
            }
        }
        for i in end + 1..n {
            let line = &doc.lines[i];
            if matches!(&line.verdict, Verdict::Drop(r) if r.rule == "related" && (r.detail == "read-more label" || r.detail == "read-more heading"))
            {
                // Article prose further down means the label was an inline
                // teaser (the `related` rule took it), not the footer's start.
                let prose_below = (i + 1..n).any(|k| {
                    doc.is_kept(k) && ends_sentence(&doc.lines[k].text) && doc.lines[k].words() >= 5
                });
                if prose_below {
                    continue;
                }
                let detail = shared(format!(
                    "below the related-articles label at line {}",
                    line.number
                ));
                for k in i + 1..n {
                    drop_kept(doc, k, self.name(), &detail);
                }
                return;
            }
            // A label is a capitalized button or heading; code and prose
            // fragments (`print x`) are not.
            if line.words() > MAX_WORDS || !starts_capital(&line.text) {
                continue;
            }
            let mut covered = 0;
            let mut fam = None;
            for h in ctx.hits_in(i, &families) {
                covered += alnum(&line.lower[h.start..h.end]);
                fam.get_or_insert(h.family);
            }
            let total = alnum(&line.lower);
            if covered == 0 || covered * 2 < total {
                continue;
            }
            let label = fam.map_or("?", |f| ctx.lexicon.family_name(f));
            let detail = shared(format!("below the `{label}` label at line {}", line.number));
            for k in i..n {
                drop_kept(doc, k, self.name(), &detail);
            }
            return;
        }
    }
}

/// Drops line `k` unless an earlier rule did. `detail` is borrowed (see
/// [`shared`]) but for a rare overflow, then copied for this line only.
// A `&Cow`, not a `&str`: a clone of it is the borrowed string, not a copy.
#[allow(clippy::ptr_arg)]
fn drop_kept(doc: &mut Document, k: usize, rule: &'static str, detail: &Cow<'static, str>) {
    if doc.is_kept(k) {
        doc.drop_line(k, rule, detail.clone());
    }
}

/// Most details [`shared`] keeps: its memory stays bounded (about a
/// megabyte) whatever the input.
const SHARED_MAX: usize = 1 << 14;

/// `detail` as a string kept for the rest of the process, shared by every
/// line it is given to (in this and later documents): each line below a
/// label carries the label's detail, and a copy per line, allocated here
/// and freed with the document, was most of this rule's cost (a footer
/// runs to hundreds of lines). The details differ by line number and
/// label only, so few are ever made; past [`SHARED_MAX`] (or should the
/// lock be poisoned) the detail is an owned copy, as before.
fn shared(detail: String) -> Cow<'static, str> {
    static DETAILS: OnceLock<Mutex<HashSet<&'static str>>> = OnceLock::new();
    let Ok(mut kept) = DETAILS.get_or_init(Mutex::default).lock() else {
        return Cow::Owned(detail);
    };
    if let Some(&s) = kept.get(detail.as_str()) {
        return Cow::Borrowed(s);
    }
    if kept.len() >= SHARED_MAX {
        return Cow::Owned(detail);
    }
    let s: &'static str = Box::leak(detail.into_boxed_str());
    kept.insert(s);
    Cow::Borrowed(s)
}

/// Nouns of a comment count (`11 responses to “Title”`, `3 Kommentare zu`).
const COUNTED: &[&str] = &[
    "responses",
    "replies",
    "comments",
    "thoughts",
    "antworten",
    "kommentare",
    "ergänzungen",
    "reaktionen",
    "réponses",
    "commentaires",
    "réactions",
    "respuestas",
    "comentarios",
    "respostas",
    "comentários",
    "risposte",
    "commenti",
    "odpowiedzi",
    "komentarze",
    "komentarzy",
    "ответов",
    "ответа",
    "комментариев",
    "комментария",
];
/// Words after the count noun that lead to the article's title.
const COUNT_TO: &[&str] = &[
    "to", "on", "zu", "zum", "zur", "auf", "à", "sur", "a", "en", "para", "em", "na", "do", "на",
    "к",
];

/// The header of a comment section that counts its comments and names the
/// article: `11 responses to “The Loneliest Woman”`, `142 Antworten zu ...`.
fn comment_count(text: &str) -> bool {
    // The count opens the line: most lines are answered by their first byte.
    if !text.trim_start().starts_with(|c: char| c.is_ascii_digit()) {
        return false;
    }
    let mut words = text.split_whitespace();
    let (Some(n), Some(noun), Some(to)) = (words.next(), words.next(), words.next()) else {
        return false;
    };
    let title = words.next().unwrap_or("");
    n.bytes().all(|b| b.is_ascii_digit())
        && n.len() <= 5
        && COUNTED.contains(&noun.to_lowercase().as_str())
        && COUNT_TO.contains(&to.to_lowercase().as_str())
        // The title follows, quoted or capitalized; prose goes on in lowercase.
        && title
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || !c.is_alphanumeric())
        && text.split_whitespace().count() <= 25
        && !text.trim_end().ends_with('.')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kept(text: &str) -> Vec<String> {
        crate::chrome::kept_after(&Tail, text)
    }

    const BODY: &str = "The first paragraph of the article is long enough to count as prose.\n\
        Read the comments below, the author says, and leave one of your own today.\n\
        The second paragraph of the article is also long enough to be prose here.";

    #[test]
    fn footer_below_label_dropped() {
        let out = kept(&format!(
            "{BODY}\nComments\nAnna: I think this is a great idea and I will try it soon.\nReply"
        ));
        assert_eq!(out.len(), 3);
    }

    #[test]
    fn comment_section_inside_prose_span_dropped() {
        let comment =
            "Anna: I think this is a great idea and I will try it myself this spring, thanks.";
        let out = kept(&format!(
            "{BODY}\n12 Comments\n{comment}\n{comment} Really.\nReply"
        ));
        assert_eq!(out.len(), 3);
    }

    #[test]
    fn comment_count_opens_the_footer() {
        let out = kept(&format!(
            "{BODY}\n11 responses to “The Loneliest Woman”\nAnna: Great piece, thank you for writing it."
        ));
        assert_eq!(out.len(), 3);
        assert!(comment_count("142 Antworten zu Würde des Lebens"));
        assert!(!comment_count("3 responses to the crisis were considered."));
        assert!(!comment_count("12 comments on climate policy came in"));
    }

    #[test]
    fn shared_details_are_the_text_once() {
        let a = shared(format!("below the `x` label at line {}", 12));
        let b = shared(String::from("below the `x` label at line 12"));
        assert_eq!(a, "below the `x` label at line 12");
        assert_eq!(a, b);
        match (&a, &b) {
            (Cow::Borrowed(x), Cow::Borrowed(y)) => assert!(std::ptr::eq(*x, *y)),
            _ => panic!("not shared: {a:?} {b:?}"),
        }
    }

    #[test]
    fn details_name_the_label_line() {
        let doc = crate::chrome::after_rule(
            &Tail,
            &format!(
                "{BODY}\n11 responses to “The Loneliest Woman”\nAnna: Great piece, thank you.\nBob: Agreed."
            ),
        );
        let details: Vec<String> = doc
            .lines
            .iter()
            .filter_map(|l| match &l.verdict {
                Verdict::Drop(r) => Some(format!("{}: {}", r.rule, r.detail)),
                _ => None,
            })
            .collect();
        assert_eq!(details, vec!["tail: below the comment count at line 4"; 3]);
    }

    #[test]
    fn mention_inside_body_kept() {
        let out = kept(&format!("Comments\n{BODY}"));
        assert_eq!(out.len(), 4);
    }
}
