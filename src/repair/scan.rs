//! One pass over a line that tells which repairs can apply to it, so that
//! a clean line (nearly all of them) costs one table lookup per character
//! instead of one pass per repair stage.

use super::codepage::{
    self, CONT_SHIFT, F_CYR_LOW, F_CYR_NOT_DJE, F_CYR_ODD, F_CYR_PLAIN, F_CYR_UP, F_LATIN1, F_NFC,
    F_WS, LEAD2, LEAD3,
};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Scan {
    /// May hold UTF-8 mojibake (see [`super::mojibake::suspicious`]).
    pub mojibake: bool,
    /// May be a single-byte code page read as another (see [`super::cyrillic`]).
    pub codepage: bool,
    /// Needs no whitespace work.
    pub spacing_clean: bool,
    /// Known to be NFC without the quick check.
    pub nfc: bool,
}

pub fn scan(line: &str) -> Scan {
    let b = line.as_bytes();
    let edge_space = b.first() == Some(&b' ') || b.last() == Some(&b' ');
    // Branch-free folds over the bytes, which the compiler vectorizes:
    // controls and double spaces anywhere in the line.
    let ctrl = b.iter().fold(false, |a, &c| a | (c < 0x20) | (c == 0x7F));
    let double = b
        .windows(2)
        .fold(false, |a, w| a | ((w[0] == b' ') & (w[1] == b' ')));
    let ascii_clean = !edge_space && !ctrl && !double;
    if line.is_ascii() {
        return Scan {
            mojibake: false,
            codepage: false,
            spacing_clean: ascii_clean,
            nfc: true,
        };
    }
    let m = codepage::masks();
    let mut mojibake = false;
    let (mut need1, mut need2) = (0u64, 0u64);
    let mut prev_a_tilde = false;
    let mut prev_cyr = false;
    let mut any = 0u64;
    let (mut latin1, mut odd, mut upper, mut lower) = (0usize, 0usize, 0usize, 0usize);
    let mut prev_lower = false;
    // A byte loop: ASCII bytes need only the spacing check and a reset of
    // the sequence state; other characters are decoded by hand (the input
    // is valid UTF-8) and looked up once in the mask table.
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c < 0x80 {
            mojibake |= prev_a_tilde & (c == b' ');
            (need1, need2, prev_a_tilde, prev_cyr, prev_lower) = (0, 0, false, false, false);
            // The rest of an ASCII run changes nothing.
            i += 1;
            while i < b.len() && b[i] < 0x80 {
                i += 1;
            }
            continue;
        }
        let cont = |k: usize| u32::from(b.get(i + k).copied().unwrap_or(0x80) & 0x3F);
        let (u, len) = match c {
            0xC0..=0xDF => ((u32::from(c & 0x1F) << 6) | cont(1), 2),
            0xE0..=0xEF => ((u32::from(c & 0x0F) << 12) | (cont(1) << 6) | cont(2), 3),
            _ => (
                (u32::from(c & 0x07) << 18) | (cont(1) << 12) | (cont(2) << 6) | cont(3),
                4,
            ),
        };
        i += len;
        let k = m.get_u32(u);
        any |= k;
        // Mojibake: a lead followed by enough continuations of one code page.
        let cont = if prev_cyr && k & F_CYR_NOT_DJE != 0 {
            0
        } else {
            (k >> CONT_SHIFT) & 0xFFFF
        };
        if need1 & cont != 0 || (0x80..=0x9F).contains(&u) || (prev_a_tilde && u == 0xA0) {
            mojibake = true;
        }
        need1 = (need2 & cont) | (k & LEAD2);
        need2 = (k & LEAD3) >> 16;
        prev_cyr = k & F_CYR_PLAIN != 0;
        prev_a_tilde = u == 0xC3;
        // Code page mix-ups.
        if k & F_LATIN1 != 0 {
            latin1 += 1;
        } else if k & F_CYR_UP != 0 {
            upper += 1;
            odd += usize::from(prev_lower);
        } else if k & F_CYR_LOW != 0 {
            lower += 1;
        } else if k & F_CYR_ODD != 0 {
            odd += 1;
        }
        prev_lower = k & F_CYR_LOW != 0;
    }
    // ASCII letters matter only when there are Latin-1 letters to compare.
    let ascii_letters = if latin1 >= 3 {
        b.iter().filter(|c| c.is_ascii_alphabetic()).count()
    } else {
        0
    };
    let cyr = upper + lower;
    Scan {
        mojibake,
        codepage: (latin1 >= 3 && latin1 >= ascii_letters)
            || (cyr >= 3 && odd >= 2)
            || (lower > 0 && upper >= 4 && upper * 10 >= cyr * 6),
        spacing_clean: ascii_clean && any & F_WS == 0,
        nfc: any & F_NFC == 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_lines() {
        for s in ["plain ascii.", "Grüße, мир — “ok” 中文", "Ελληνικά κείμενα"]
        {
            let sc = scan(s);
            assert!(!sc.mojibake && !sc.codepage && sc.spacing_clean, "{s}");
        }
        assert!(scan("Grüße").nfc);
    }

    #[test]
    fn flags_damage() {
        assert!(scan("cafÃ© now").mojibake);
        assert!(scan("Çàãîëîâîê").codepage);
        assert!(!scan("a\u{A0}b").spacing_clean);
        assert!(!scan("a  b").spacing_clean);
        assert!(!scan("e\u{301}").nfc);
    }
}
