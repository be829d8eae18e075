//! Unicode NFC, with a fast path: ASCII and text that the quick check says is
//! already NFC (nearly all of it) is returned without a copy.

use super::{RepairKind, RepairLog};
use std::borrow::Cow;
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

pub fn nfc<'a>(line: &'a str, lineno: usize, log: &mut RepairLog) -> Cow<'a, str> {
    if line.is_ascii() || is_nfc_quick(line.chars()) == IsNormalized::Yes {
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
    fn composes() {
        let mut log = RepairLog::default();
        assert_eq!(nfc("e\u{301}te\u{301}", 1, &mut log), "été");
        assert_eq!(log.total(), 1);
        assert!(matches!(nfc("été", 1, &mut log), Cow::Borrowed(_)));
        assert_eq!(log.total(), 1);
    }
}
