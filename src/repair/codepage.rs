//! Single-byte code pages, as tables built once from encoding_rs's own
//! decoders (cp437, which encoding_rs lacks, from IBM's published chart).
//!
//! Mojibake repair needs the reverse direction too: which byte a character
//! came from in each code page. The tables are "sloppy" like a browser: a
//! byte a code page leaves undefined stands for the C1 character of the same
//! value, so text that went through such a decoder can be encoded back.

use encoding_rs::Encoding;
use std::collections::HashMap;
use std::sync::OnceLock;

/// The code pages that UTF-8 gets misread as, in the order they are tried.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cp {
    /// windows-1252 with the latin-1 C1 characters for its holes: covers
    /// both "read as latin-1" and "read as windows-1252" (and mixtures).
    Web = 0,
    W1251,
    W1250,
    W1253,
    W1254,
    W1257,
    Iso2,
    Mac,
    Cp437,
    Cp866,
    Koi8r,
}

pub const ALL: [Cp; 11] = [
    Cp::Web,
    Cp::W1251,
    Cp::W1250,
    Cp::W1253,
    Cp::W1254,
    Cp::W1257,
    Cp::Iso2,
    Cp::Mac,
    Cp::Cp437,
    Cp::Cp866,
    Cp::Koi8r,
];

/// IBM code page 437, bytes 0x80..=0xFF.
const CP437_HIGH: &str = "ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u{A0}";

pub struct Codec {
    pub cp: Cp,
    pub name: &'static str,
    /// Bytes 0x80..=0xFF decoded.
    pub high: [char; 128],
    /// Byte for each character below U+2600 (0: not in the code page).
    enc_low: Vec<u8>,
    enc: HashMap<char, u8>,
}

impl Codec {
    /// The byte this character is in this code page (ASCII maps to itself).
    #[inline]
    pub fn encode(&self, c: char) -> Option<u8> {
        if c.is_ascii() {
            Some(c as u8)
        } else if (c as usize) < LOW {
            Some(self.enc_low[c as usize]).filter(|&b| b != 0)
        } else {
            self.enc.get(&c).copied()
        }
    }

    pub fn decode(&self, b: u8) -> char {
        if b < 0x80 {
            char::from(b)
        } else {
            self.high[usize::from(b - 0x80)]
        }
    }

    fn from_encoding(cp: Cp, name: &'static str, enc: &'static Encoding) -> Codec {
        Codec::from_high(cp, name, high_chars(enc))
    }

    fn from_high(cp: Cp, name: &'static str, high: [char; 128]) -> Codec {
        let mut enc = HashMap::with_capacity(160);
        for (i, &c) in high.iter().enumerate() {
            enc.entry(c).or_insert(0x80 + i as u8);
        }
        let mut codec = Codec {
            cp,
            name,
            high,
            enc_low: Vec::new(),
            enc,
        };
        codec.fill_low();
        codec
    }

    fn fill_low(&mut self) {
        self.enc_low = vec![0u8; LOW];
        for (&c, &b) in &self.enc {
            if (c as usize) < LOW {
                self.enc_low[c as usize] = b;
            }
        }
    }
}

/// Bytes 0x80..=0xFF decoded in a single-byte encoding, an undefined byte
/// standing for its latin-1 C1 character. All 128 in one call: a
/// single-byte decoder gives one char per byte (U+FFFD for an undefined
/// one); byte by byte only if it did not.
fn high_chars(enc: &'static Encoding) -> [char; 128] {
    let bytes: [u8; 128] = std::array::from_fn(|i| 0x80 + i as u8);
    let (all, _) = enc.decode_without_bom_handling(&bytes);
    let mut high = ['\0'; 128];
    if all.chars().count() == 128 {
        for (slot, c) in high.iter_mut().zip(all.chars()) {
            *slot = c;
        }
    } else {
        for (slot, b) in high.iter_mut().zip(bytes.chunks(1)) {
            let (s, _) = enc.decode_without_bom_handling(b);
            *slot = s.chars().next().unwrap_or('\u{FFFD}');
        }
    }
    for (slot, &b) in high.iter_mut().zip(&bytes) {
        if *slot == '\u{FFFD}' {
            *slot = char::from(b);
        }
    }
    high
}

fn build() -> Vec<Codec> {
    use encoding_rs::*;
    let mut web = Codec::from_encoding(Cp::Web, "windows-1252", WINDOWS_1252);
    // latin-1's C1 characters where windows-1252 has printable ones.
    for b in 0x80u8..=0x9F {
        web.enc.entry(char::from(b)).or_insert(b);
    }
    web.fill_low();
    let mut cp437 = ['\0'; 128];
    for (slot, c) in cp437.iter_mut().zip(CP437_HIGH.chars()) {
        *slot = c;
    }
    vec![
        web,
        Codec::from_encoding(Cp::W1251, "windows-1251", WINDOWS_1251),
        Codec::from_encoding(Cp::W1250, "windows-1250", WINDOWS_1250),
        Codec::from_encoding(Cp::W1253, "windows-1253", WINDOWS_1253),
        Codec::from_encoding(Cp::W1254, "windows-1254", WINDOWS_1254),
        Codec::from_encoding(Cp::W1257, "windows-1257", WINDOWS_1257),
        Codec::from_encoding(Cp::Iso2, "iso-8859-2", ISO_8859_2),
        Codec::from_encoding(Cp::Mac, "macintosh", MACINTOSH),
        Codec::from_high(Cp::Cp437, "cp437", cp437),
        Codec::from_encoding(Cp::Cp866, "ibm866", IBM866),
        Codec::from_encoding(Cp::Koi8r, "koi8-r", KOI8_R),
    ]
}

pub fn codecs() -> &'static [Codec] {
    static C: OnceLock<Vec<Codec>> = OnceLock::new();
    C.get_or_init(build)
}

pub fn codec(cp: Cp) -> &'static Codec {
    &codecs()[cp as usize]
}

/// Per character: bit `k` set if the character is a 2-byte UTF-8 lead
/// (0xC2..=0xDF) in code page `k`, bit `16 + k` if a 3- or 4-byte lead
/// (0xE0..=0xF4), bit `32 + k` if a continuation byte (0x80..=0xBF). The
/// mojibake fast path looks for a lead followed by enough continuations of
/// the same code page; clean text almost never has one.
pub struct Masks {
    low: Box<[u64; LOW]>,
    other: HashMap<char, u64>,
}

/// Characters below this have their masks in a flat table.
const LOW: usize = 0x2600;

impl Masks {
    /// [`Masks::get`] for a scalar value decoded by hand; the table covers
    /// the alphabets, everything else goes the slow way.
    #[inline(always)]
    pub fn get_u32(&self, u: u32) -> u64 {
        match self.low.get(u as usize) {
            Some(&k) => k,
            None => self.get(char::from_u32(u).unwrap_or('\u{FFFD}')),
        }
    }

    #[inline(always)]
    pub fn get(&self, c: char) -> u64 {
        let u = c as usize;
        if u < LOW {
            self.low[u]
        } else if u < 0xF000 {
            if matches!(u, 0x3001..=0x303F | 0x4E00..=0x9FFF | 0xAC00..=0xD7A3) {
                0
            } else {
                flags(c)
            }
        } else {
            self.other.get(&c).copied().unwrap_or(0) | flags(c)
        }
    }
}

/// Flags beyond the code-page bits, for the one-pass line scan.
/// A space-like, invisible or control character (whitespace work).
pub const F_WS: u64 = 1 << 48;
/// Not known to be NFC on its own (the normalization quick check runs).
pub const F_NFC: u64 = 1 << 49;
pub const F_CYR_UP: u64 = 1 << 50;
pub const F_CYR_LOW: u64 = 1 << 51;
/// A Latin-1 letter (`À`..`ÿ`), what windows-1251 read as 1252 is made of.
pub const F_LATIN1: u64 = 1 << 52;
/// Box drawing and signs that a Cyrillic code page mix-up produces.
pub const F_CYR_ODD: u64 = 1 << 53;
/// A Cyrillic letter that cannot start windows-1251 mojibake before
/// another Cyrillic letter: any but `Р` and `С` (the leads of U+04xx).
pub const F_CYR_PLAIN: u64 = 1 << 54;
/// A Cyrillic letter other than `Ђ` (which follows `в` in `вЂ™`).
pub const F_CYR_NOT_DJE: u64 = 1 << 55;
/// U+2028 or U+2029, which newline normalization makes LF: the scan finds
/// them, so that no whole-text search is needed for them.
pub const F_BREAK: u64 = 1 << 56;

#[cold]
fn flags(c: char) -> u64 {
    use super::{normalize, whitespace};
    let mut f = 0;
    if !c.is_ascii()
        && (whitespace::is_space_like(c)
            || whitespace::is_invisible(c)
            || whitespace::is_control(c))
    {
        f |= F_WS;
    }
    if !normalize::trivially_nfc_char(c) {
        f |= F_NFC;
    }
    f |= match c {
        '\u{C0}'..='\u{FF}' if c != '×' && c != '÷' => F_LATIN1,
        'А'..='Я' | 'Ѐ'..='Џ' => F_CYR_UP,
        'а'..='я' | 'ѐ'..='џ' => F_CYR_LOW,
        '\u{2500}'..='\u{25A0}' | '®' | '¬' | '‡' | 'Ґ' => F_CYR_ODD,
        '\u{2028}' | '\u{2029}' => F_BREAK,
        _ => 0,
    };
    if ('\u{400}'..='\u{4FF}').contains(&c) && c.is_alphabetic() {
        if c != 'Р' && c != 'С' {
            f |= F_CYR_PLAIN;
        }
        if c != 'Ђ' {
            f |= F_CYR_NOT_DJE;
        }
    }
    f
}

pub const LEAD2: u64 = 0xFFFF;
pub const LEAD3: u64 = 0xFFFF << 16;
pub const CONT_SHIFT: u32 = 32;

fn build_masks() -> Masks {
    let mut low: Box<[u64; LOW]> = Box::new([0; LOW]);
    for (u, slot) in low.iter_mut().enumerate() {
        *slot = char::from_u32(u as u32).map_or(0, flags);
    }
    let mut other = HashMap::new();
    for (k, codec) in codecs().iter().enumerate() {
        for (i, &c) in codec.high.iter().enumerate() {
            let b = 0x80 + i as u8;
            let bit = if (0xC2..=0xDF).contains(&b) {
                1u64 << k
            } else if (0xE0..=0xF4).contains(&b) {
                1u64 << (16 + k)
            } else if b <= 0xBF {
                1u64 << (32 + k)
            } else {
                0
            };
            if (c as usize) < LOW {
                low[c as usize] |= bit;
            } else {
                *other.entry(c).or_insert(0) |= bit;
            }
        }
    }
    // A U+FFFD may stand for a lost continuation byte in any code page.
    other.insert('\u{FFFD}', 0xFFFF << 32);
    Masks { low, other }
}

pub fn masks() -> &'static Masks {
    static M: OnceLock<Masks> = OnceLock::new();
    M.get_or_init(build_masks)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_round_trip() {
        for codec in codecs() {
            for b in 0x80u8..=0xFF {
                let c = codec.decode(b);
                assert_eq!(codec.encode(c), Some(b), "{} {b:#x}", codec.name);
            }
        }
    }

    #[test]
    fn high_chars_as_byte_by_byte() {
        use encoding_rs::*;
        for enc in [
            WINDOWS_1252,
            WINDOWS_1251,
            WINDOWS_1250,
            WINDOWS_1253,
            WINDOWS_1254,
            WINDOWS_1257,
            ISO_8859_2,
            MACINTOSH,
            IBM866,
            KOI8_R,
        ] {
            let high = high_chars(enc);
            for (i, &got) in high.iter().enumerate() {
                let b = 0x80 + i as u8;
                let byte = [b];
                let (s, _) = enc.decode_without_bom_handling(&byte);
                let c = s.chars().next().unwrap_or('\u{FFFD}');
                let want = if c == '\u{FFFD}' { char::from(b) } else { c };
                assert_eq!(got, want, "{} {b:#x}", enc.name());
            }
        }
    }

    #[test]
    fn known_bytes() {
        assert_eq!(codec(Cp::Web).encode('€'), Some(0x80));
        assert_eq!(codec(Cp::Web).encode('\u{81}'), Some(0x81));
        assert_eq!(codec(Cp::Web).encode('\u{80}'), Some(0x80));
        assert_eq!(codec(Cp::W1251).encode('Р'), Some(0xD0));
        assert_eq!(codec(Cp::Cp437).encode('╨'), Some(0xD0));
        assert_eq!(codec(Cp::Mac).encode('√'), Some(0xC3));
        assert_eq!(codec(Cp::Koi8r).encode('п'), Some(0xD0));
    }

    #[test]
    fn masks_mark_leads_and_continuations() {
        let m = masks();
        assert_ne!(m.get('Ã') & LEAD2, 0);
        assert_ne!(m.get('â') & LEAD3, 0);
        assert_ne!(m.get('©') >> CONT_SHIFT, 0);
        assert_eq!(m.get('a'), 0);
    }
}
