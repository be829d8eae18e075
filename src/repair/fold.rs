//! Optional typography folding, like ftfy's defaults: curly quotes become
//! straight, ligatures and digraph letters are spelled out, fullwidth and
//! halfwidth forms become ordinary ones. Off by default: dechaff keeps the
//! document's typography.
//!
//! With it come ftfy's control-character removal (C0 controls other than
//! tab and newlines, deprecated format characters, interlinear annotation,
//! tag characters), so `--keep-spacing --fold` behaves as `ftfy.fix_text`.

use super::{RepairKind, RepairLog};
use std::borrow::Cow;
use unicode_normalization::UnicodeNormalization;

fn fold_char(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2BC}' => "'",
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' => "\"",
        'ﬀ' => "ff",
        'ﬁ' => "fi",
        'ﬂ' => "fl",
        'ﬃ' => "ffi",
        'ﬄ' => "ffl",
        'ﬅ' | 'ﬆ' => "st",
        'Ĳ' => "IJ",
        'ĳ' => "ij",
        'ŉ' => "'n",
        'Ǆ' => "DŽ",
        'ǅ' => "Dž",
        'ǆ' => "dž",
        'Ǉ' => "LJ",
        'ǈ' => "Lj",
        'ǉ' => "lj",
        'Ǌ' => "NJ",
        'ǋ' => "Nj",
        'ǌ' => "nj",
        'Ǳ' => "DZ",
        'ǲ' => "Dz",
        'ǳ' => "dz",
        '\u{3000}' => " ",
        _ => return None,
    })
}

fn is_ftfy_control(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{8}' | '\u{B}' | '\u{E}'..='\u{1F}' | '\u{7F}'
        | '\u{206A}'..='\u{206F}' | '\u{FFF9}'..='\u{FFFC}'
        | '\u{1D173}'..='\u{1D17A}' | '\u{E0000}'..='\u{E007F}')
}

/// Fullwidth ASCII and halfwidth katakana/hangul have ordinary forms.
fn is_width_form(c: char) -> bool {
    ('\u{FF01}'..='\u{FFEE}').contains(&c)
}

pub fn fold_line<'a>(line: &'a str, lineno: usize, log: &mut RepairLog) -> Cow<'a, str> {
    if line.is_ascii() && !line.bytes().any(|b| is_ftfy_control(char::from(b))) {
        return Cow::Borrowed(line);
    }
    if !line
        .chars()
        .any(|c| fold_char(c).is_some() || is_ftfy_control(c) || is_width_form(c))
    {
        return Cow::Borrowed(line);
    }
    let mut out = String::with_capacity(line.len());
    for (col, c) in line.chars().enumerate() {
        if let Some(s) = fold_char(c) {
            out.push_str(s);
            log.record(
                RepairKind::Typography,
                lineno,
                col + 1,
                c.encode_utf8(&mut [0; 4]),
                s,
            );
        } else if is_ftfy_control(c) {
            log.record(
                RepairKind::Control,
                lineno,
                col + 1,
                c.encode_utf8(&mut [0; 4]),
                "",
            );
        } else if is_width_form(c) {
            let s: String = std::iter::once(c).nfkc().collect();
            log.record(
                RepairKind::Typography,
                lineno,
                col + 1,
                c.encode_utf8(&mut [0; 4]),
                &s,
            );
            out.push_str(&s);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds() {
        let mut log = RepairLog::default();
        assert_eq!(
            fold_line("“It’s” ﬁne，ǌ ŉ ｶ\u{1A}", 1, &mut log),
            "\"It's\" fine,nj 'n カ"
        );
        assert!(matches!(
            fold_line("plain «ok» — ё", 1, &mut log),
            Cow::Borrowed(_)
        ));
    }
}
