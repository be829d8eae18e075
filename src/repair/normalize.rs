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

pub(crate) const fn trivially_nfc_char(c: char) -> bool {
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
        // Symbols and dingbats (`♥`, `❯`), kana without the voicing marks
        // (which compose with the kana before them), private use (icon
        // fonts), variation selectors: web text has them in many lines,
        // and each is NFC with class 0 (a test checks every one).
        | '\u{2600}'..='\u{27BF}'
        | '\u{3000}'..='\u{303F}'
        | '\u{3041}'..='\u{3096}'
        | '\u{30A1}'..='\u{30FA}'
        | '\u{30FC}'..='\u{30FF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{AC00}'..='\u{D7A3}'
        | '\u{E000}'..='\u{F8FF}'
        | '\u{FE00}'..='\u{FE0F}'
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
    if trivially_nfc_bytes(line) || trivially_nfc(line) {
        return Cow::Borrowed(line);
    }
    match nfc_by_segments(line) {
        None => Cow::Borrowed(line),
        Some(out) => {
            log.record(RepairKind::Nfc, lineno, 1, "", "");
            Cow::Owned(out)
        }
    }
}

/// A character that is NFC on its own (quick check yes) with combining
/// class 0: a run of them is NFC, and nothing after one reorders with it.
/// The trivial ranges but the ideographic tone marks (class 218..232).
fn stable(c: char) -> bool {
    trivially_nfc_char(c) && !('\u{302A}'..='\u{302F}').contains(&c)
}

/// The byte index of the first character from `i` on that is not
/// [`stable`].
fn next_unstable(line: &str, i: usize) -> Option<usize> {
    let rest = line.get(i..)?;
    rest.char_indices()
        .find(|&(_, c)| !c.is_ascii() && !stable(c))
        .map(|(k, _)| i + k)
}

/// `line` in NFC, or `None` if it is already. NFC is taken piece by
/// piece, each piece starting at an ASCII character: an ASCII character
/// has class 0, is NFC and never composes with what comes before it, so
/// nothing before it changes what becomes of it or of what follows. Only
/// the pieces around the characters that are not [`stable`] are checked
/// (the rest is NFC as it is), and only those that the quick check does
/// not pass are normalized: a word with a combining mark costs as much as
/// that word, not the line.
fn nfc_by_segments(line: &str) -> Option<String> {
    let b = line.as_bytes();
    let mut out: Option<String> = None;
    // Bytes of `line` up to which `out` is written.
    let mut done = 0;
    let mut i = 0;
    while let Some(k) = next_unstable(line, i) {
        let start = b
            .get(i..k)
            .and_then(|s| s.iter().rposition(u8::is_ascii))
            .map_or(i, |p| i + p);
        let end = b
            .get(k..)
            .and_then(|s| s.iter().position(u8::is_ascii))
            .map_or(b.len(), |p| k + p);
        let seg = line.get(start..end).unwrap_or_default();
        if is_nfc_quick(seg.chars()) != IsNormalized::Yes {
            let norm: String = seg.nfc().collect();
            if norm != seg {
                let o = out.get_or_insert_with(|| String::with_capacity(line.len() + 8));
                o.push_str(line.get(done..start).unwrap_or_default());
                o.push_str(&norm);
                done = end;
            }
        }
        if end <= i {
            break;
        }
        i = end;
    }
    out.map(|mut o| {
        o.push_str(line.get(done..).unwrap_or_default());
        o
    })
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

    /// [`nfc`] as it was: the whole line through the quick check, then
    /// normalized whole.
    fn nfc_whole(line: &str) -> Option<String> {
        if trivially_nfc_bytes(line)
            || trivially_nfc(line)
            || is_nfc_quick(line.chars()) == IsNormalized::Yes
        {
            return None;
        }
        let out: String = line.nfc().collect();
        (out != line).then_some(out)
    }

    const NFC_PIECES: &[&str] = &[
        "a",
        "e",
        " ",
        "word",
        "\u{301}",
        "\u{308}",
        "\u{316}",
        "\u{327}",
        "u\u{308}",
        "é",
        "ü",
        "Å",
        "\u{212B}",
        "\u{2126}",
        "\u{302A}",
        "\u{302B}",
        "\u{302E}",
        "中",
        "い",
        "\u{3099}",
        "か",
        "\u{1100}",
        "\u{1161}",
        "\u{11A8}",
        "가",
        "←",
        "\u{338}",
        "=",
        "<",
        "\u{387}",
        "Ω",
        "\u{345}",
        "α",
        "ά",
        "\u{E838}",
        "❯",
        "\u{FE0F}",
        "♥",
        "\u{F900}",
        "\u{1D15E}",
        "\u{0CCB}",
        "\u{0CC6}",
        "\u{0CD5}",
        "\u{0B47}",
        "\u{0B3E}",
    ];

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(5000))]
        #[test]
        fn segments_match_whole_line(
            parts in proptest::collection::vec(proptest::sample::select(NFC_PIECES), 0..24),
        ) {
            let line = parts.concat();
            let mut log = RepairLog::default();
            let got = match nfc(&line, 1, &mut log) {
                Cow::Borrowed(_) => None,
                Cow::Owned(s) => Some(s),
            };
            proptest::prop_assert_eq!(&got, &nfc_whole(&line));
            proptest::prop_assert_eq!(log.total(), usize::from(got.is_some()));
        }
    }

    #[test]
    fn stable_chars_are_nfc_with_class_zero() {
        use unicode_normalization::char::canonical_combining_class;
        for c in (0..=0x10FFFFu32)
            .filter_map(char::from_u32)
            .filter(|&c| stable(c))
        {
            assert_eq!(canonical_combining_class(c), 0, "{c:?}");
            assert_eq!(is_nfc_quick(std::iter::once(c)), IsNormalized::Yes, "{c:?}");
        }
        for c in (0..0x80u8).map(char::from) {
            assert!(stable(c));
        }
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
