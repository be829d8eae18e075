//! Lines that are only a social-media handle, like `(@FahadShabbir)`, or
//! only a URL outside the article body.

use super::{Context, Rule};
use crate::document::Document;

pub struct Social;

/// `@name` (letters, digits, `_`, `.`), possibly in brackets, possibly
/// several separated by spaces or commas.
pub fn is_handle_line(text: &str) -> bool {
    let t = text.trim_matches(|c: char| {
        matches!(
            c,
            '(' | ')' | '[' | ']' | '|' | '-' | '\u{2013}' | '\u{2014}'
        ) || c.is_whitespace()
    });
    !t.is_empty()
        && t.split(|c: char| c.is_whitespace() || c == ',')
            .filter(|w| !w.is_empty())
            .all(|w| {
                let w = w.trim_matches(|c: char| matches!(c, '(' | ')'));
                w.strip_prefix('@').is_some_and(|name| {
                    (1..=40).contains(&name.len())
                        && name
                            .chars()
                            .all(|c| c.is_alphanumeric() || c == '_' || c == '.')
                })
            })
}

/// A bare URL, with nothing else on the line.
pub fn is_url_line(text: &str) -> bool {
    let t = text.trim_matches(|c: char| matches!(c, '<' | '>' | '(' | ')'));
    !t.contains(char::is_whitespace)
        && (t.starts_with("http://") || t.starts_with("https://") || t.starts_with("www."))
}

impl Rule for Social {
    fn name(&self) -> &'static str {
        "social"
    }
    fn describe(&self) -> &'static str {
        "lines that are only a social handle (`(@Name)`), or only a URL outside the body"
    }
    fn apply(&self, doc: &mut Document, ctx: &Context) {
        for i in 0..doc.lines.len() {
            let t = &doc.lines[i].text;
            if is_handle_line(t) {
                doc.drop_line(i, self.name(), "social handle");
            } else if is_url_line(t) && ctx.outside_body(i) {
                // Inside the body a bare URL is content: a source, a DOI,
                // the website of each venue in a list.
                doc.drop_line(i, self.name(), "bare URL outside the body");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn handles() {
        assert!(is_handle_line("(@FahadShabbir)"));
        assert!(is_handle_line("@a_b @c.d"));
        assert!(!is_handle_line("@home we rest"));
        assert!(!is_handle_line("email me at x@y.com"));
        assert!(!is_handle_line("@"));
    }

    #[test]
    fn urls_inside_the_body_are_content() {
        let lex = crate::lexicon::Lexicon::build(&[]).expect("lexicon");
        let prose = "This is a long paragraph of the article, with enough words to count as prose: it goes on, and on, about the city council and its plans for the harbour.";
        let text = format!(
            "https://example.com/menu\n{prose}\nhttp://dx.doi.org/10.1000/xyz\n{prose}\n{prose}"
        );
        let mut doc = Document::from_text(&text);
        let ctx = Context::new(&lex, &doc);
        Social.apply(&mut doc, &ctx);
        let kept: Vec<bool> = doc.lines.iter().map(|l| l.is_kept()).collect();
        assert_eq!(kept, vec![false, true, true, true, true]);
    }

    #[test]
    fn urls() {
        assert!(is_url_line("https://example.com/a?b=c"));
        assert!(is_url_line("www.example.org"));
        assert!(!is_url_line("See https://example.com for more."));
    }
}
