//! Writing-system detection by Unicode block, enough to tell which script a
//! document is mainly written in and which lines are in another one.

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Script {
    Latin,
    Cyrillic,
    Greek,
    Armenian,
    Hebrew,
    Arabic,
    Devanagari,
    Thai,
    Georgian,
    Hangul,
    /// Han ideographs and kana together: Chinese and Japanese mix them.
    Cjk,
    Other,
    /// No letters at all.
    None,
}

impl Script {
    pub fn name(self) -> &'static str {
        match self {
            Script::Latin => "Latin",
            Script::Cyrillic => "Cyrillic",
            Script::Greek => "Greek",
            Script::Armenian => "Armenian",
            Script::Hebrew => "Hebrew",
            Script::Arabic => "Arabic",
            Script::Devanagari => "Devanagari",
            Script::Thai => "Thai",
            Script::Georgian => "Georgian",
            Script::Hangul => "Hangul",
            Script::Cjk => "CJK",
            Script::Other => "other",
            Script::None => "none",
        }
    }

    const COUNTED: [Script; 12] = [
        Script::Latin,
        Script::Cyrillic,
        Script::Greek,
        Script::Armenian,
        Script::Hebrew,
        Script::Arabic,
        Script::Devanagari,
        Script::Thai,
        Script::Georgian,
        Script::Hangul,
        Script::Cjk,
        Script::Other,
    ];

    fn index(self) -> usize {
        Script::COUNTED
            .iter()
            .position(|&s| s == self)
            .unwrap_or(11)
    }
}

/// The script of one character; `None` for anything that is not a letter.
pub fn of_char(c: char) -> Script {
    if c.is_ascii() {
        return if c.is_ascii_alphabetic() {
            Script::Latin
        } else {
            Script::None
        };
    }
    // Every char of these blocks is a letter (a test checks): no lookup of
    // the Alphabetic property for the letters most text outside ASCII is in.
    match c as u32 {
        0x00C0..=0x00D6 | 0x00D8..=0x00F6 | 0x00F8..=0x024F => return Script::Latin,
        0x0410..=0x044F => return Script::Cyrillic,
        // CJK Unified Ideographs: all letters (a test checks).
        0x4E00..=0x9FFF => return Script::Cjk,
        // General Punctuation (dashes, quotes, spaces): no letters (a test
        // checks), and common in any text.
        0x2000..=0x206F => return Script::None,
        // Latin-1 punctuation and signs (soft hyphen, `«»`, `©`, `×÷`):
        // no letters but `ª`, `µ`, `º` (a test checks).
        0x0080..=0x00BF | 0x00D7 | 0x00F7 if !matches!(c, 'ª' | 'µ' | 'º') => {
            return Script::None
        }
        _ => {}
    }
    if !c.is_alphabetic() {
        return Script::None;
    }
    match c as u32 {
        0x00C0..=0x024F | 0x1E00..=0x1EFF | 0x2C60..=0x2C7F | 0xA720..=0xA7FF | 0xFF21..=0xFF5A => {
            Script::Latin
        }
        0x0370..=0x03FF | 0x1F00..=0x1FFF => Script::Greek,
        0x0400..=0x052F | 0x2DE0..=0x2DFF | 0xA640..=0xA69F | 0x1C80..=0x1C8F => Script::Cyrillic,
        0x0530..=0x058F => Script::Armenian,
        0x0590..=0x05FF => Script::Hebrew,
        0x0600..=0x06FF | 0x0750..=0x077F | 0x08A0..=0x08FF | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF => {
            Script::Arabic
        }
        0x0900..=0x097F => Script::Devanagari,
        0x0E00..=0x0E7F => Script::Thai,
        0x10A0..=0x10FF => Script::Georgian,
        0x1100..=0x11FF | 0x3130..=0x318F | 0xAC00..=0xD7AF => Script::Hangul,
        0x3040..=0x30FF
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xF900..=0xFAFF
        | 0x20000..=0x2FFFF => Script::Cjk,
        _ => Script::Other,
    }
}

/// `c.is_alphanumeric()`, without the Unicode tables for ASCII, Latin-1,
/// Latin Extended, most of Cyrillic, CJK ideographs and General
/// Punctuation, the chars nearly all text is made of (a test compares
/// every char).
#[inline]
pub fn is_alphanumeric(c: char) -> bool {
    match c as u32 {
        0..=0x7F => c.is_ascii_alphanumeric(),
        0x80..=0xBF => matches!(c, 'ª' | '²' | '³' | 'µ' | '¹' | 'º' | '¼' | '½' | '¾'),
        0xD7 | 0xF7 => false,
        0xC0..=0x024F | 0x0400..=0x0481 | 0x048A..=0x052F | 0x4E00..=0x9FFF => true,
        0x2000..=0x206F => false,
        _ => c.is_alphanumeric(),
    }
}

/// Letter counts per script.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Counts([usize; 12]);

impl Counts {
    pub fn of(text: &str) -> Counts {
        let mut c = Counts::default();
        c.add(text);
        c
    }

    pub fn add(&mut self, text: &str) {
        if text.is_ascii() {
            // Every ASCII letter is Latin; counting bytes is several times
            // faster than classifying chars.
            self.0[Script::Latin.index()] += text.bytes().filter(u8::is_ascii_alphabetic).count();
            return;
        }
        for ch in text.chars() {
            self.add_char(ch);
        }
    }

    /// Counts one char (nothing when it is not a letter).
    pub fn add_char(&mut self, ch: char) {
        let s = of_char(ch);
        if s != Script::None {
            self.0[s.index()] += 1;
        }
    }

    /// Counts `n` Latin letters.
    pub fn add_latin(&mut self, n: usize) {
        self.0[Script::Latin.index()] += n;
    }

    pub fn total(&self) -> usize {
        self.0.iter().sum()
    }

    pub fn get(&self, s: Script) -> usize {
        if s == Script::None {
            0
        } else {
            self.0[s.index()]
        }
    }

    /// The script with most letters, `None` when there are no letters.
    pub fn dominant(&self) -> Script {
        let (i, &n) = self
            .0
            .iter()
            .enumerate()
            .max_by_key(|&(i, &n)| (n, std::cmp::Reverse(i)))
            .unwrap_or((0, &0));
        if n == 0 {
            Script::None
        } else {
            Script::COUNTED[i]
        }
    }
}

/// The dominant script over many lines.
pub fn dominant<'a>(lines: impl Iterator<Item = &'a str>) -> Script {
    let mut c = Counts::default();
    for l in lines {
        c.add(l);
    }
    c.dominant()
}

#[cfg(test)]
mod tests {

    #[test]
    fn fast_alphanumeric_is_alphanumeric() {
        for c in '\0'..=char::MAX {
            assert_eq!(is_alphanumeric(c), c.is_alphanumeric(), "{c:?}");
        }
    }

    use super::*;

    #[test]
    fn classifies_common_scripts() {
        assert_eq!(of_char('a'), Script::Latin);
        assert_eq!(of_char('é'), Script::Latin);
        assert_eq!(of_char('Ж'), Script::Cyrillic);
        assert_eq!(of_char('λ'), Script::Greek);
        assert_eq!(of_char('中'), Script::Cjk);
        assert_eq!(of_char('7'), Script::None);
        assert_eq!(of_char('«'), Script::None);
    }

    #[test]
    fn fast_blocks_are_all_letters() {
        for c in ('\u{C0}'..='\u{24F}').chain('\u{410}'..='\u{44F}') {
            if c != '\u{D7}' && c != '\u{F7}' {
                assert!(c.is_alphabetic(), "{c:?}");
            }
        }
        assert_eq!(of_char('\u{D7}'), Script::None);
        assert_eq!(of_char('\u{F7}'), Script::None);
    }

    #[test]
    fn latin1_signs_have_no_letters_but_three() {
        for c in '\u{80}'..='\u{BF}' {
            let letter = matches!(c, 'ª' | 'µ' | 'º');
            assert_eq!(c.is_alphabetic(), letter, "{c:?}");
            if !letter {
                assert_eq!(of_char(c), Script::None, "{c:?}");
            }
        }
        assert_eq!(of_char('µ'), Script::Other);
    }

    #[test]
    fn cjk_ideographs_are_letters() {
        for c in '\u{4E00}'..='\u{9FFF}' {
            assert!(c.is_alphabetic(), "{c:?}");
        }
    }

    #[test]
    fn general_punctuation_has_no_letters() {
        for c in '\u{2000}'..='\u{206F}' {
            assert!(!c.is_alphabetic(), "{c:?}");
            assert_eq!(of_char(c), Script::None, "{c:?}");
        }
    }

    #[test]
    fn dominant_script() {
        assert_eq!(Counts::of("Привет, мир! Hi").dominant(), Script::Cyrillic);
        assert_eq!(Counts::of("Hello Мир").dominant(), Script::Latin);
        assert_eq!(Counts::of("1234 !!").dominant(), Script::None);
    }
}
