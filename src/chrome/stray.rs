//! Stray marks: a lone dash, bullet or dot left on its own line, where the
//! scraper emptied a list item or a separator (`-` between a related
//! heading and its headline). It carries no text.

use super::{Context, Rule};
use crate::document::Document;

pub struct Stray;

/// Marks that alone on a line are leftovers. Not `*`: `*` and `* * *` can
/// be a story's section break.
const MARKS: &[char] = &[
    '-', '\u{2013}', '\u{2014}', '\u{2022}', '\u{B7}', '|', '.', '\u{3002}', ',', ';', '/', '>',
    '<', '\u{BB}', '\u{AB}',
];

/// The longest of [`MARKS`] in UTF-8.
const MARK_MAX_BYTES: usize = 3;

impl Rule for Stray {
    fn name(&self) -> &'static str {
        "stray"
    }
    fn describe(&self) -> &'static str {
        "a lone dash, bullet or dot on its own line (an emptied list item or separator)"
    }
    fn apply(&self, doc: &mut Document, _ctx: &Context) {
        for i in 0..doc.lines.len() {
            // A mark alone is one word; a line dropped already is only
            // dropped here. Both are known without reading the text.
            if doc.lines[i].words() != 1 || !doc.lines[i].is_kept() {
                continue;
            }
            let text: &str = &doc.lines[i].text;
            // Every mark takes at most three bytes: longer lines (nearly
            // all) are answered by their length.
            if text.len() > MARK_MAX_BYTES {
                continue;
            }
            // One character only: cheap to test, and nothing longer is
            // certain to be empty (`...` may end a quoted pause).
            let mut chars = text.chars();
            if let (Some(c), None) = (chars.next(), chars.next()) {
                if MARKS.contains(&c) {
                    doc.drop_line(i, self.name(), "lone punctuation mark");
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kept(text: &str) -> Vec<String> {
        crate::chrome::kept_after(&Stray, text)
    }

    #[test]
    fn marks_fit_the_byte_bound() {
        assert!(MARKS.iter().all(|c| c.len_utf8() <= MARK_MAX_BYTES));
        // A mark alone on its line is one word (`apply` skips other lines).
        assert!(MARKS.iter().all(|c| !c.is_whitespace()));
    }

    #[test]
    fn lone_marks_go() {
        assert_eq!(
            kept("Heading\n-\nA line.\n\u{2022}\n|\nEnd."),
            vec!["Heading", "A line.", "End."]
        );
    }

    #[test]
    fn breaks_and_words_stay() {
        assert_eq!(
            kept("Part one.\n*\n* * *\n...\nI\n5\nPart two."),
            vec!["Part one.", "*", "* * *", "...", "I", "5", "Part two."]
        );
    }
}
