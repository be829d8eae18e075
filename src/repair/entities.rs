//! HTML character references (`&amp;`, `&eacute;`, `&#8217;`) left in plain
//! text by a scraper that unescaped once too few.
//!
//! Only complete references, terminated by `;`, are decoded, and only when
//! the text is not HTML itself (no `<tag`): in HTML they must stay escaped.
//! This runs before mojibake repair, since `Î&frac14;` is mojibake hidden
//! under an entity.

use super::{RepairKind, RepairLog, Splice};
use std::borrow::Cow;

/// True if the text has something that looks like an HTML tag.
pub(crate) fn looks_like_html(text: &str) -> bool {
    let b = text.as_bytes();
    memchr::memchr_iter(b'<', b).any(|i| {
        b.get(i + 1)
            .is_some_and(|&c| c.is_ascii_alphabetic() || c == b'/' || c == b'!')
    })
}

/// The length of a well-formed character reference at the start of `s`
/// (which begins with `&`), including the `;`.
fn reference_len(s: &[u8]) -> Option<usize> {
    let body = s.get(1..)?;
    let (digits_ok, start): (fn(&u8) -> bool, usize) = match body {
        [b'#', b'x' | b'X', ..] => (u8::is_ascii_hexdigit, 2),
        [b'#', ..] => (u8::is_ascii_digit, 1),
        [c, ..] if c.is_ascii_alphabetic() => (u8::is_ascii_alphanumeric, 0),
        _ => return None,
    };
    let run = body[start..]
        .iter()
        .take(32)
        .take_while(|c| digits_ok(c))
        .count();
    if run == 0 || body.get(start + run) != Some(&b';') {
        return None;
    }
    Some(1 + start + run + 1)
}

/// The character references that [`unescape`] decodes, in order, as
/// `(start, length, decoded)`.
fn references(text: &str) -> impl Iterator<Item = (usize, usize, Cow<'_, str>)> {
    let bytes = text.as_bytes();
    let mut done = 0;
    memchr::memchr_iter(b'&', bytes).filter_map(move |i| {
        if i < done {
            return None;
        }
        let len = reference_len(&bytes[i..])?;
        let reference = &text[i..i + len];
        let decoded = html_escape::decode_html_entities(reference);
        // Unknown names and references to NUL or surrogates stay as written.
        if decoded == reference || decoded.contains(['\0', '\u{FFFD}']) {
            return None;
        }
        done = i + len;
        Some((i, len, decoded))
    })
}

/// True if `text` (not itself HTML) holds a reference [`unescape`] decodes.
pub(crate) fn has_reference(text: &str) -> bool {
    references(text).next().is_some()
}

/// The references [`unescape`] decodes in a text.
pub(crate) struct References<'a> {
    /// `(start, end, decoded)`, in order.
    pub found: Vec<(usize, usize, Cow<'a, str>)>,
    /// The text held `&` and looked like HTML, so nothing was decoded.
    pub blocked: bool,
}

pub fn unescape<'a>(text: &'a str, log: &mut RepairLog) -> Cow<'a, str> {
    let refs = decode_references(text, log);
    let mut out = Splice::new(text);
    for (start, end, decoded) in &refs.found {
        out.replace(*start, *end, decoded);
    }
    out.finish()
}

/// The references [`unescape`] decodes, each logged, without building the
/// new text.
pub(crate) fn decode_references<'a>(text: &'a str, log: &mut RepairLog) -> References<'a> {
    let amp = memchr::memchr(b'&', text.as_bytes()).is_some();
    if !amp || looks_like_html(text) {
        return References {
            found: Vec::new(),
            blocked: amp,
        };
    }
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    // Line numbers are counted only up to references that are decoded, and
    // only for a log that keeps places: counting them reads the whole text.
    let (mut line, mut line_start, mut counted) = (1usize, 0usize, 0usize);
    for (i, len, decoded) in references(text) {
        let mut col = 0;
        if log.itemized() {
            // A counting fold (vectorized), then one search back for the start.
            let seg = &bytes[counted..i];
            let newlines = seg.iter().filter(|&&b| b == b'\n').count();
            if newlines > 0 {
                line += newlines;
                line_start = counted + seg.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
            }
            counted = i;
            col = text[line_start..i].chars().count() + 1;
        }
        log.record(RepairKind::Entity, line, col, &text[i..i + len], &decoded);
        found.push((i, i + len, decoded));
    }
    References {
        found,
        blocked: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn un(s: &str) -> String {
        unescape(s, &mut RepairLog::default()).into_owned()
    }

    #[test]
    fn decodes_references_in_plain_text() {
        assert_eq!(
            un("Fish &amp; chips &eacute;t&#233; &#x2019;"),
            "Fish & chips été ’"
        );
        assert_eq!(un("10Î&frac14;s"), "10Î¼s");
    }

    #[test]
    fn logs_line_and_column() {
        let mut log = RepairLog::default();
        unescape("a\nbb\n\nxy &amp; z &lt;", &mut log);
        let at: Vec<(usize, usize)> = log.items.iter().map(|r| (r.line, r.col)).collect();
        assert_eq!(at, vec![(4, 4), (4, 12)]);
    }

    #[test]
    fn references_are_found_in_order() {
        let text = "a &amp; b &eacute;\n&#10;x";
        let refs = decode_references(text, &mut RepairLog::default());
        let got: Vec<(&str, &str)> = refs
            .found
            .iter()
            .map(|(s, e, d)| (&text[*s..*e], d.as_ref()))
            .collect();
        assert_eq!(got, [("&amp;", "&"), ("&eacute;", "é"), ("&#10;", "\n")]);
        assert!(!refs.blocked);
        assert!(decode_references("<p>&amp;</p>", &mut RepairLog::default()).blocked);
        assert!(!decode_references("<p></p>", &mut RepairLog::default()).blocked);
        assert!(has_reference("x &lt; y") && !has_reference("AT&T &nosuch;"));
    }

    #[test]
    fn leaves_html_and_non_references() {
        assert_eq!(un("<p>a &amp; b</p>"), "<p>a &amp; b</p>");
        assert_eq!(
            un("AT&T, S&P, a & b, &amp no semicolon"),
            "AT&T, S&P, a & b, &amp no semicolon"
        );
        assert_eq!(un("&nosuchentity; &#0;"), "&nosuchentity; &#0;");
    }
}
