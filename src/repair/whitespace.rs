//! Whitespace, invisible and control characters.
//!
//! Scraped text carries NBSPs, thin spaces, tabs, zero-width spaces, soft
//! hyphens, bidi marks and stray control characters. They are made plain
//! spaces or removed, runs of spaces collapse to one and lines are trimmed.
//! ZWJ and ZWNJ are kept: Persian, Indic scripts and emoji need them.

use super::{RepairKind, RepairLog};
use memchr::memmem;
use std::borrow::Cow;
use std::sync::OnceLock;

/// True if `text` holds a line break other than LF.
pub(crate) fn has_line_break(text: &str) -> bool {
    let b = text.as_bytes();
    if b.len() < SHORT {
        // One search for CR and 0xE2, the first byte of U+2028 and U+2029
        // (E2 80 A8/A9), checking the two bytes after each 0xE2: a line
        // has few, and this builds no searcher.
        memchr::memchr2_iter(b'\r', 0xE2, b).any(|i| {
            b.get(i) == Some(&b'\r')
                || (b.get(i + 1) == Some(&0x80) && matches!(b.get(i + 2), Some(0xA8 | 0xA9)))
        })
    } else {
        // A whole text has too many 0xE2 (quotes, dashes) for that: three
        // SIMD searches, with searchers built once.
        static FINDERS: OnceLock<[memmem::Finder<'static>; 2]> = OnceLock::new();
        let [ls, ps] = FINDERS.get_or_init(|| {
            [
                memmem::Finder::new("\u{2028}".as_bytes()),
                memmem::Finder::new("\u{2029}".as_bytes()),
            ]
        });
        memchr::memchr(b'\r', b).is_some() || ls.find(b).is_some() || ps.find(b).is_some()
    }
}

/// Texts shorter than this are searched for line breaks in one pass.
const SHORT: usize = 4096;

/// CRLF, CR and the Unicode line/paragraph separators become LF.
pub fn normalize_newlines<'a>(text: &'a str, log: &mut RepairLog) -> Cow<'a, str> {
    if !has_line_break(text) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut n = 0;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push('\n');
                n += 1;
            }
            '\u{2028}' | '\u{2029}' => {
                out.push('\n');
                n += 1;
            }
            _ => out.push(c),
        }
    }
    log.count(RepairKind::Spacing, n);
    Cow::Owned(out)
}

pub(crate) const fn is_space_like(c: char) -> bool {
    matches!(
        c,
        '\t' | '\u{A0}' | '\u{1680}' | '\u{2000}'
            ..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}'
    )
}

pub(crate) const fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{AD}'
            | '\u{180E}'
            | '\u{200B}'
            | '\u{200E}'
            | '\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}'
            | '\u{FEFF}'
    )
}

pub(crate) const fn is_control(c: char) -> bool {
    (c < ' ' && c != '\t') || matches!(c, '\u{7F}'..='\u{9F}')
}

/// True when the line needs no whitespace work: printable ASCII, no double
/// spaces, nothing to trim. Most lines of most files take this path.
fn is_clean_ascii(line: &str) -> bool {
    let b = line.as_bytes();
    if b.first() == Some(&b' ') || b.last() == Some(&b' ') {
        return false;
    }
    let mut prev_space = false;
    for &c in b {
        if !(0x20..0x7F).contains(&c) {
            return false;
        }
        let sp = c == b' ';
        if sp && prev_space {
            return false;
        }
        prev_space = sp;
    }
    true
}

/// Whether [`remove_invisible`] has something to drop, by bytes: the C0
/// controls but the tab, DEL, and the invisible characters, all of which
/// but the soft hyphen (kept) start with E1, E2 or EF; only those
/// characters are decoded.
fn has_droppable(line: &str) -> bool {
    let b = line.as_bytes();
    b.iter().enumerate().any(|(i, &x)| match x {
        b'\t' => false,
        0..=0x1F | 0x7F => true,
        0xE1 | 0xE2 | 0xEF => line
            .get(i..)
            .and_then(|s| s.chars().next())
            .is_some_and(is_invisible),
        _ => false,
    })
}

/// Removes zero-width and C0 control characters, and nothing else. Runs
/// before mojibake repair: one of them inside a mojibake sequence would
/// hide it (and removing it later would reveal it to a second run).
pub fn remove_invisible<'a>(line: &'a str, lineno: usize, log: &mut RepairLog) -> Cow<'a, str> {
    // Not the soft hyphen: 0xAD is a continuation byte that mojibake keeps
    // as U+00AD (`Ã\u{AD}` is `í`).
    let drop =
        |c: char| (is_invisible(c) && c != '\u{AD}') || (c < ' ' && c != '\t') || c == '\u{7F}';
    if !has_droppable(line) {
        return Cow::Borrowed(line);
    }
    let mut out = String::with_capacity(line.len());
    for (col, c) in line.chars().enumerate() {
        if drop(c) {
            let kind = if is_invisible(c) {
                RepairKind::Invisible
            } else {
                RepairKind::Control
            };
            log.record(kind, lineno, col + 1, c.encode_utf8(&mut [0; 4]), "");
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// True when a line with non-ASCII text needs no whitespace work either.
/// A byte scan: only the lead bytes C2 (NBSP, soft hyphen, C1 controls),
/// E1, E2, E3 and EF start a character that needs a closer look.
fn is_clean(line: &str) -> bool {
    let b = line.as_bytes();
    if b.first() == Some(&b' ') || b.last() == Some(&b' ') {
        return false;
    }
    let mut prev_space = false;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        match c {
            b' ' => {
                if prev_space {
                    return false;
                }
                prev_space = true;
                i += 1;
                continue;
            }
            0..=0x1F | 0x7F => return false,
            0xC2 if b.get(i + 1).is_some_and(|&n| n <= 0xA0 || n == 0xAD) => return false,
            0xE1 | 0xE2 | 0xE3 | 0xEF => {
                let ch = line[i..].chars().next().unwrap_or(' ');
                if is_space_like(ch) || is_invisible(ch) || is_control(ch) {
                    return false;
                }
            }
            _ => {}
        }
        prev_space = false;
        i += 1;
    }
    true
}

/// Cleans one line (without its newline); `lineno` is for the log.
pub fn clean_line<'a>(line: &'a str, lineno: usize, log: &mut RepairLog) -> Cow<'a, str> {
    if is_clean_ascii(line) || is_clean(line) {
        return Cow::Borrowed(line);
    }
    clean_line_dirty(line, lineno, log)
}

/// [`clean_line`] without its check for a clean line, for a line known to
/// need work (a clean one comes back as it is, with nothing logged).
pub(crate) fn clean_line_dirty<'a>(
    line: &'a str,
    lineno: usize,
    log: &mut RepairLog,
) -> Cow<'a, str> {
    let b = line.as_bytes();
    let mut out = String::with_capacity(line.len());
    let mut collapsed = 0;
    let mut pending_space = false;
    // Characters before `i`, for the log.
    let mut col = 0;
    let mut i = 0;
    while i < b.len() {
        // Printable ASCII that starts with a char other than the space and
        // holds no space but single ones between two such chars stays as
        // it is: a run of it is copied at once, as the loop below would
        // copy it char by char (the spaces in it pend, then go out as they
        // were; none collapses).
        let printable = |j: usize| b.get(j).is_some_and(|x| (0x21..0x7F).contains(x));
        let mut j = i;
        while j < b.len() {
            if printable(j) {
                j += 1;
            } else if b.get(j) == Some(&b' ') && j > i && printable(j + 1) {
                j += 2;
            } else {
                break;
            }
        }
        let run = j - i;
        if run > 0 {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.push_str(line.get(i..i + run).unwrap_or_default());
            i += run;
            col += run;
            continue;
        }
        let Some(c) = line.get(i..).and_then(|s| s.chars().next()) else {
            break;
        };
        i += c.len_utf8();
        col += 1;
        let c = if c == ' ' {
            ' '
        } else if is_space_like(c) {
            log.record(
                RepairKind::Space,
                lineno,
                col,
                c.encode_utf8(&mut [0; 4]),
                " ",
            );
            ' '
        } else if is_invisible(c) {
            log.record(
                RepairKind::Invisible,
                lineno,
                col,
                c.encode_utf8(&mut [0; 4]),
                "",
            );
            continue;
        } else if is_control(c) {
            log.record(
                RepairKind::Control,
                lineno,
                col,
                c.encode_utf8(&mut [0; 4]),
                "",
            );
            continue;
        } else {
            c
        };
        if c == ' ' {
            if pending_space || out.is_empty() {
                collapsed += 1;
            }
            pending_space = true;
            continue;
        }
        if pending_space && !out.is_empty() {
            out.push(' ');
        }
        pending_space = false;
        out.push(c);
    }
    if pending_space {
        collapsed += 1;
    }
    log.count(RepairKind::Spacing, collapsed);
    if out == line {
        Cow::Borrowed(line)
    } else {
        Cow::Owned(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clean(s: &str) -> String {
        clean_line(s, 1, &mut RepairLog::default()).into_owned()
    }

    /// [`clean_line`]'s loop as it was, char by char: the reference for
    /// [`clean_line_dirty`].
    fn clean_line_chars(line: &str, lineno: usize, log: &mut RepairLog) -> String {
        let mut out = String::with_capacity(line.len());
        let mut collapsed = 0;
        let mut pending_space = false;
        for (col, c) in line.chars().enumerate() {
            let c = if c == ' ' {
                ' '
            } else if is_space_like(c) {
                log.record(
                    RepairKind::Space,
                    lineno,
                    col + 1,
                    c.encode_utf8(&mut [0; 4]),
                    " ",
                );
                ' '
            } else if is_invisible(c) {
                log.record(
                    RepairKind::Invisible,
                    lineno,
                    col + 1,
                    c.encode_utf8(&mut [0; 4]),
                    "",
                );
                continue;
            } else if is_control(c) {
                log.record(
                    RepairKind::Control,
                    lineno,
                    col + 1,
                    c.encode_utf8(&mut [0; 4]),
                    "",
                );
                continue;
            } else {
                c
            };
            if c == ' ' {
                if pending_space || out.is_empty() {
                    collapsed += 1;
                }
                pending_space = true;
                continue;
            }
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.push(c);
        }
        if pending_space {
            collapsed += 1;
        }
        log.count(RepairKind::Spacing, collapsed);
        out
    }

    const WS_PIECES: &[&str] = &[
        "a", "word", " ", "  ", "\t", "\u{A0}", "\u{AD}", "\u{200B}", "\u{200C}", "\u{2009}",
        "\u{202F}", "\u{3000}", "\u{FEFF}", "\u{180E}", "\u{2066}", "\u{1}", "\u{7F}", "\u{85}",
        "é", "—", "“", "中", "\r", "!~", "\u{1680}",
    ];

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]
        #[test]
        fn dirty_clean_matches_char_loop(
            parts in proptest::collection::vec(proptest::sample::select(WS_PIECES), 0..30),
        ) {
            let line = parts.concat();
            let (mut a, mut b) = (RepairLog::default(), RepairLog::default());
            let got = clean_line_dirty(&line, 3, &mut a);
            let want = clean_line_chars(&line, 3, &mut b);
            proptest::prop_assert_eq!(&*got, want.as_str());
            proptest::prop_assert_eq!(matches!(got, Cow::Borrowed(_)), want == line);
            proptest::prop_assert_eq!(a.items, b.items);
            proptest::prop_assert_eq!(a.counts, b.counts);
            // And the check before it, against the chars it stands for.
            let drop = |c: char| {
                (is_invisible(c) && c != '\u{AD}') || (c < ' ' && c != '\t') || c == '\u{7F}'
            };
            proptest::prop_assert_eq!(has_droppable(&line), line.chars().any(drop));
        }
    }

    #[test]
    fn droppable_found_in_every_char() {
        for u in 0..0x11000u32 {
            let Some(c) = char::from_u32(u) else { continue };
            let s = format!("a{c}b");
            let drop =
                (is_invisible(c) && c != '\u{AD}') || (c < ' ' && c != '\t') || c == '\u{7F}';
            assert_eq!(has_droppable(&s), drop, "{u:#x}");
        }
        assert!(has_droppable("x\u{FEFF}"));
    }

    #[test]
    fn spaces_invisible_controls() {
        assert_eq!(clean("  a\u{A0}\u{A0}b\tc  "), "a b c");
        assert_eq!(clean("in\u{AD}visi\u{200B}ble\u{7}"), "invisible");
        assert_eq!(clean("a\u{2009}–\u{202F}b"), "a – b");
        // ZWNJ carries meaning in Persian: kept.
        assert_eq!(clean("می\u{200C}خواهم"), "می\u{200C}خواهم");
    }

    #[test]
    fn clean_non_ascii_is_borrowed() {
        let mut log = RepairLog::default();
        for s in [
            "Grüße, мир — “ok” 中文",
            "a\u{A0}b",
            "a\u{200B}b",
            "a\u{85}b",
            "x  ü",
        ] {
            let borrowed = matches!(clean_line(s, 1, &mut log), Cow::Borrowed(_));
            assert_eq!(borrowed, s.starts_with('G'), "{s:?}");
        }
    }

    #[test]
    fn clean_ascii_is_borrowed() {
        let mut log = RepairLog::default();
        assert!(matches!(
            clean_line("plain text.", 1, &mut log),
            Cow::Borrowed(_)
        ));
        assert_eq!(log.total(), 0);
    }

    #[test]
    fn newlines() {
        let mut log = RepairLog::default();
        assert_eq!(
            normalize_newlines("a\r\nb\rc\u{2028}d", &mut log),
            "a\nb\nc\nd"
        );
        assert_eq!(log.counts.get(&RepairKind::Spacing), Some(&3));
    }

    #[test]
    fn line_breaks_found_among_typography() {
        for (s, want) in [
            ("“a” — b…", false),
            ("\u{2027}\u{202A}\u{2018}", false),
            ("“a”\u{2028}", true),
            ("—\u{2029}—", true),
            ("…\r", true),
            ("\u{E2}\u{80}\u{A8}", false),
            ("", false),
            ("\n", false),
            (&"“a” — b…".repeat(500), false),
            (&("“a” — b…".repeat(500) + "\u{2028}"), true),
            (&("“a” — b…".repeat(500) + "\u{2029}"), true),
            (&("“a” — b…".repeat(500) + "\r"), true),
        ] {
            assert_eq!(has_line_break(s), want, "{s:?}");
            let plain = s.contains(['\r', '\u{2028}', '\u{2029}']);
            assert_eq!(has_line_break(s), plain, "{s:?}");
        }
    }
}
