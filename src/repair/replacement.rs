//! U+FFFD REPLACEMENT CHARACTER, resolved by its context.
//!
//! A scraper that lost a byte leaves U+FFFD where a character was. Some of
//! them can be told back from the words around them:
//! - in a contraction or an elision (`don\u{FFFD}t`, `l\u{FFFD}homme`) it was
//!   an apostrophe, written in the style the document already uses;
//! - between two words (`the\u{FFFD}agenda`) it was a (no-break) space: the
//!   left word is a function word, or both halves are words the document
//!   uses on their own elsewhere;
//! - a run of them that touches no letter or digit is noise and is dropped;
//! - anything else (a lost letter inside a word) is kept, one U+FFFD for the
//!   run, since guessing would invent text.

use super::props::is_alpha;
use super::{RepairKind, RepairLog};
use std::borrow::Cow;
use std::cell::OnceCell;
use std::collections::HashSet;

const R: char = '\u{FFFD}';

/// Short words that never end a word glued to the next one. A lexicon of the
/// most frequent function words of common languages.
const FUNCTION_WORDS: &[&str] = &[
    // en
    "the", "a", "an", "of", "to", "in", "on", "at", "for", "and", "or", "but", "is", "was", "are",
    "be", "by", "with", "from", "as", "that", "this", "it", "not", "his", "her", "their", "its",
    "our", "has", "had", "have", "will", "would", "into", "than", "then", "we", "they",
    // de
    "der", "die", "das", "und", "zu", "den", "von", "mit", "ist", "im", "für", "auf", "nicht",
    "ein", "eine", "des", "dem", "sich", "auch", "es", "sie", "wir", // fr
    "le", "la", "les", "de", "des", "et", "en", "un", "une", "du", "pour", "dans", "sur", "est",
    "au", "aux", "par", "que", "qui", "pas", // es, it, pt
    "el", "los", "las", "y", "por", "para", "con", "del", "il", "di", "che", "per", "una", "da",
    "do", "os", "um", "em", "não", // pl
    "i", "w", "na", "nie", "się", "z", "że", "do", "jest", // ru
    "и", "в", "на", "с", "по", "не", "что", "как", "к", "из", "за", "о", "от", "у", "для", "это",
];

/// Right-hand parts of English contractions.
const CONTRACTION_SUFFIXES: &[&str] = &["t", "s", "d", "m", "ll", "re", "ve"];

/// Left-hand parts of French and Italian elisions.
const ELISION_PREFIXES: &[&str] = &[
    "l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu", "dell", "all",
    "nell", "sull", "dall", "un",
];

/// What the whole document says about its words and apostrophes. Both are
/// computed on first use: most U+FFFD are resolved without them, and on a
/// large input they cost a pass over all of its text.
///
/// The text comes as pieces that are whole lines (as a document under
/// repair is: its lines as they were, and the lines repairs changed), so
/// that it need not be copied into one string: no word and no letter,
/// apostrophe, letter sequence spans two pieces, since a newline stands at
/// every place where one piece meets the next.
pub(crate) struct Context<'t> {
    source: Box<dyn Fn() -> Vec<&'t str> + 't>,
    pieces: OnceCell<Vec<&'t str>>,
    apostrophe: OnceCell<char>,
    vocabulary: OnceCell<HashSet<String>>,
}

impl<'t> Context<'t> {
    pub(crate) fn of(text: &'t str) -> Context<'t> {
        Context::lazy(move || vec![text])
    }

    /// The context of the text made of the pieces `source` gives, if it is
    /// ever needed.
    pub(crate) fn lazy(source: impl Fn() -> Vec<&'t str> + 't) -> Context<'t> {
        Context {
            source: Box::new(source),
            pieces: OnceCell::new(),
            apostrophe: OnceCell::new(),
            vocabulary: OnceCell::new(),
        }
    }

    fn pieces(&self) -> &[&'t str] {
        self.pieces.get_or_init(|| (self.source)())
    }

    /// The apostrophe the document uses between letters (straight unless
    /// curly ones are in the majority).
    fn apostrophe(&self) -> char {
        *self.apostrophe.get_or_init(|| {
            let (mut straight, mut curly) = (0usize, 0usize);
            for piece in self.pieces() {
                straight += between_letters(piece, "'");
                curly += between_letters(piece, "\u{2019}");
            }
            if curly > straight {
                '\u{2019}'
            } else {
                '\''
            }
        })
    }

    /// Does the document use `word` (lowercased) on its own elsewhere?
    fn knows(&self, word: &str) -> bool {
        self.vocabulary
            .get_or_init(|| {
                let mut words = HashSet::new();
                for piece in self.pieces() {
                    add_words(piece, &mut words);
                }
                words
            })
            .contains(word)
    }
}

/// How many times `mark` stands between two letters in `text`.
fn between_letters(text: &str, mark: &str) -> usize {
    memchr::memmem::find_iter(text.as_bytes(), mark.as_bytes())
        .filter(|&i| {
            let before = text[..i].chars().next_back();
            let after = text[i + mark.len()..].chars().next();
            before.is_some_and(is_alpha) && after.is_some_and(is_alpha)
        })
        .count()
}

/// Adds the words of `text`, lowercased. Words around a U+FFFD are not
/// evidence for themselves. Each distinct word is allocated once, and
/// letters below U+0800 come from a table ([`is_alpha`]): on a large text
/// this runs once per pass.
fn add_words(text: &str, words: &mut HashSet<String>) {
    let mut lower = String::new();
    for w in text.split(|c: char| !is_alpha(c) && c != R) {
        if w.is_empty() || w.contains(R) {
            continue;
        }
        if w.is_ascii() {
            lower.clear();
            lower.push_str(w);
            lower.make_ascii_lowercase();
        } else {
            lower = w.to_lowercase();
        }
        if !words.contains(lower.as_str()) {
            words.insert(lower.clone());
        }
    }
}

/// The word (letters only) ending just before `chars[end]`.
fn word_before(chars: &[char], end: usize) -> String {
    let start = chars[..end]
        .iter()
        .rposition(|c| !c.is_alphabetic())
        .map_or(0, |p| p + 1);
    chars[start..end].iter().collect::<String>().to_lowercase()
}

/// The word (letters only) starting at `chars[start]`.
fn word_after(chars: &[char], start: usize) -> String {
    let end = chars[start..]
        .iter()
        .position(|c| !c.is_alphabetic())
        .map_or(chars.len(), |p| start + p);
    chars[start..end].iter().collect::<String>().to_lowercase()
}

/// True if `text` holds U+FFFD. A substring search: `str::contains(char)`
/// stops at every 0xBD byte, and Cyrillic `н` ends in one.
pub(crate) fn has_replacement(text: &str) -> bool {
    memchr::memmem::find(text.as_bytes(), "\u{FFFD}".as_bytes()).is_some()
}

pub fn resolve<'a>(text: &'a str, log: &mut RepairLog) -> Cow<'a, str> {
    if !has_replacement(text) {
        return Cow::Borrowed(text);
    }
    let ctx = Context::of(text);
    let mut out = String::with_capacity(text.len());
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        if has_replacement(line) {
            resolve_line(line, i + 1, &ctx, &mut out, log);
        } else {
            out.push_str(line);
        }
    }
    Cow::Owned(out)
}

/// Resolves the U+FFFD of one line into `out`, with the context of the
/// whole document.
pub(crate) fn resolve_line(
    line: &str,
    lineno: usize,
    ctx: &Context,
    out: &mut String,
    log: &mut RepairLog,
) {
    let chars: Vec<char> = line.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if chars[i] != R {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && chars[i] == R {
            i += 1;
        }
        let run = i - start;
        let left = start.checked_sub(1).map(|p| chars[p]);
        let right = chars.get(i).copied();
        let is_letter = |c: Option<char>| c.is_some_and(char::is_alphabetic);
        let is_alnum = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
        let before: String = chars[start..i].iter().collect();

        let replacement: Option<String> = if is_letter(left) && is_letter(right) {
            let lw = word_before(&chars, start);
            let rw = word_after(&chars, i);
            if run == 1
                && (CONTRACTION_SUFFIXES.contains(&rw.as_str())
                    || ELISION_PREFIXES.contains(&lw.as_str()))
            {
                Some(ctx.apostrophe().to_string())
            } else if FUNCTION_WORDS.contains(&lw.as_str()) || (ctx.knows(&lw) && ctx.knows(&rw)) {
                Some(" ".to_string())
            } else {
                None
            }
        } else if !is_alnum(left) && !is_alnum(right) {
            Some(String::new())
        } else {
            None
        };
        match replacement {
            Some(r) => {
                log.record(RepairKind::Replacement, lineno, start + 1, &before, &r);
                out.push_str(&r);
            }
            None => {
                if run > 1 {
                    log.record(
                        RepairKind::Replacement,
                        lineno,
                        start + 1,
                        &before,
                        "\u{FFFD}",
                    );
                }
                out.push(R);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fix(s: &str) -> String {
        resolve(s, &mut RepairLog::default()).into_owned()
    }

    #[test]
    fn space_between_words() {
        assert_eq!(
            fix("remain on the\u{FFFD}agenda now"),
            "remain on the agenda now"
        );
        assert_eq!(fix("big cat and\nbig\u{FFFD}cat"), "big cat and\nbig cat");
    }

    #[test]
    fn apostrophes_in_document_style() {
        assert_eq!(fix("I don\u{FFFD}t know"), "I don't know");
        assert_eq!(
            fix("it\u{2019}s here, don\u{FFFD}t"),
            "it\u{2019}s here, don\u{2019}t"
        );
        assert_eq!(fix("pour l\u{FFFD}homme"), "pour l'homme");
    }

    #[test]
    fn lost_letters_are_kept() {
        assert_eq!(fix("Stra\u{FFFD}enbahn"), "Stra\u{FFFD}enbahn");
        assert_eq!(fix("gr\u{FFFD}\u{FFFD}e Stadt"), "gr\u{FFFD}e Stadt");
        assert_eq!(fix("caf\u{FFFD} au lait"), "caf\u{FFFD} au lait");
        assert_eq!(fix("5\u{FFFD} per kg"), "5\u{FFFD} per kg");
    }

    #[test]
    fn noise_runs_dropped() {
        assert_eq!(fix("\u{FFFD}\u{FFFD}\u{FFFD} item"), " item");
        assert_eq!(fix("end. \u{FFFD} next"), "end.  next");
    }
}
