//! Unicode NFC, with a fast path: ASCII and text that the quick check says is
//! already NFC (nearly all of it) is returned without a copy.

use super::{RepairKind, RepairLog};
use std::borrow::Cow;
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// True if every character is in a range known to be NFC on its own and
/// never to combine with its neighbour: Latin below the combining marks,
/// Greek and Cyrillic letters, Latin Extended Additional (Vietnamese),
/// general punctuation (not the two quads, which decompose), arrows and
/// math operators, box drawing, CJK ideographs, Hangul syllables, width
/// forms. Plain range checks, much cheaper than the table lookups of the
/// quick check, which runs only if this says no.
fn trivially_nfc(line: &str) -> bool {
    line.chars().all(trivially_nfc_char)
}

pub(crate) fn trivially_nfc_char(c: char) -> bool {
    matches!(c,
        '\0'..='\u{2FF}'
        | '\u{386}'
        | '\u{388}'..='\u{3CE}'
        | '\u{400}'..='\u{482}'
        | '\u{48A}'..='\u{52F}'
        | '\u{1E00}'..='\u{1EFF}'
        | '\u{2002}'..='\u{206F}'
        | '\u{20A0}'..='\u{20BF}'
        // `№` and `™` (common in Russian and product text): only
        // compatibility decompositions, no composition with a neighbour.
        | '\u{2116}'
        | '\u{2122}'
        | '\u{2190}'..='\u{22FF}'
        | '\u{2500}'..='\u{25FF}'
        | '\u{3000}'..='\u{303F}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{AC00}'..='\u{D7A3}'
        | '\u{FF00}'..='\u{FFEF}')
}

/// The same for the commonest text, by lead bytes alone: Latin below
/// U+0300, Cyrillic U+0400..U+047F, general punctuation except the quads,
/// CJK ideographs.
fn trivially_nfc_bytes(line: &str) -> bool {
    let b = line.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            0..=0xBF | 0xC2..=0xCB | 0xD0 | 0xD1 | 0xE4..=0xE9 => {}
            0xE2 => match (b.get(i + 1), b.get(i + 2)) {
                (Some(0x80), Some(0x82..=0xBF)) | (Some(0x81), _) => {}
                _ => return false,
            },
            _ => return false,
        }
        i += 1;
    }
    true
}

pub fn nfc<'a>(line: &'a str, lineno: usize, log: &mut RepairLog) -> Cow<'a, str> {
    if trivially_nfc_bytes(line)
        || trivially_nfc(line)
        || is_nfc_quick(line.chars()) == IsNormalized::Yes
    {
        return Cow::Borrowed(line);
    }
    let out: String = line.nfc().collect();
    if out == line {
        return Cow::Borrowed(line);
    }
    log.record(RepairKind::Nfc, lineno, 1, "", "");
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trivial_check_is_right() {
        assert!(trivially_nfc("Grüße, Привет, ёжик"));
        assert!(!trivially_nfc("e\u{301}"));
        assert!(trivially_nfc("Ελληνικά, Tiếng Việt, 中文 “—”"));
        assert!(!trivially_nfc("\u{387}"));
        assert!(trivially_nfc_bytes("Grüße, Привет, ёжик “—” 中文"));
        assert!(!trivially_nfc_bytes("e\u{301}"));
        assert!(!trivially_nfc_bytes("\u{2000}"));
        assert!(!trivially_nfc("\u{2000}"));
        for s in ["№ 7", "Brand™"] {
            assert!(trivially_nfc(s), "{s}");
            assert_eq!(is_nfc_quick(s.chars()), IsNormalized::Yes, "{s}");
        }
        assert!(!trivially_nfc("№\u{301}"));
    }

    #[test]
    fn composes() {
        let mut log = RepairLog::default();
        assert_eq!(nfc("e\u{301}te\u{301}", 1, &mut log), "été");
        assert_eq!(log.total(), 1);
        assert!(matches!(nfc("été", 1, &mut log), Cow::Borrowed(_)));
        assert_eq!(log.total(), 1);
    }
}
