//! Single-byte code pages, as tables written out from encoding_rs's own
//! decoders (a test checks them against it; cp437, which encoding_rs
//! lacks, from IBM's published chart), so that the masks of the line scan
//! are built at compile time.
//!
//! Mojibake repair needs the reverse direction too: which byte a character
//! came from in each code page. The tables are "sloppy" like a browser: a
//! byte a code page leaves undefined stands for the C1 character of the same
//! value, so text that went through such a decoder can be encoded back.

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

/// Bytes 0x80..=0xFF of each code page, in the order of [`ALL`], as
/// encoding_rs decodes them one by one, a byte it leaves undefined as the
/// latin-1 C1 character of the same value.
const HIGH: [&str; 11] = [
    W1252_HIGH, W1251_HIGH, W1250_HIGH, W1253_HIGH, W1254_HIGH, W1257_HIGH, ISO2_HIGH, MAC_HIGH,
    CP437_HIGH, CP866_HIGH, KOI8R_HIGH,
];

const W1252_HIGH: &str = "€\u{81}‚ƒ„…†‡ˆ‰Š‹Œ\u{8D}Ž\u{8F}\u{90}‘’“”•–—˜™š›œ\u{9D}žŸ\u{A0}¡¢£¤¥¦§¨©ª«¬\u{AD}®¯°±²³´µ¶·¸¹º»¼½¾¿ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖ×ØÙÚÛÜÝÞßàáâãäåæçèéêëìíîïðñòóôõö÷øùúûüýþÿ";
const W1251_HIGH: &str = "ЂЃ‚ѓ„…†‡€‰Љ‹ЊЌЋЏђ‘’“”•–—\u{98}™љ›њќћџ\u{A0}ЎўЈ¤Ґ¦§Ё©Є«¬\u{AD}®Ї°±Ііґµ¶·ё№є»јЅѕїАБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯабвгдежзийклмнопрстуфхцчшщъыьэюя";
const W1250_HIGH: &str = "€\u{81}‚\u{83}„…†‡\u{88}‰Š‹ŚŤŽŹ\u{90}‘’“”•–—\u{98}™š›śťžź\u{A0}ˇ˘Ł¤Ą¦§¨©Ş«¬\u{AD}®Ż°±˛ł´µ¶·¸ąş»Ľ˝ľżŔÁÂĂÄĹĆÇČÉĘËĚÍÎĎĐŃŇÓÔŐÖ×ŘŮÚŰÜÝŢßŕáâăäĺćçčéęëěíîďđńňóôőö÷řůúűüýţ˙";
const W1253_HIGH: &str = "€\u{81}‚ƒ„…†‡\u{88}‰\u{8A}‹\u{8C}\u{8D}\u{8E}\u{8F}\u{90}‘’“”•–—\u{98}™\u{9A}›\u{9C}\u{9D}\u{9E}\u{9F}\u{A0}΅Ά£¤¥¦§¨©ª«¬\u{AD}®―°±²³΄µ¶·ΈΉΊ»Ό½ΎΏΐΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡÒΣΤΥΦΧΨΩΪΫάέήίΰαβγδεζηθικλμνξοπρςστυφχψωϊϋόύώÿ";
const W1254_HIGH: &str = "€\u{81}‚ƒ„…†‡ˆ‰Š‹Œ\u{8D}\u{8E}\u{8F}\u{90}‘’“”•–—˜™š›œ\u{9D}\u{9E}Ÿ\u{A0}¡¢£¤¥¦§¨©ª«¬\u{AD}®¯°±²³´µ¶·¸¹º»¼½¾¿ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏĞÑÒÓÔÕÖ×ØÙÚÛÜİŞßàáâãäåæçèéêëìíîïğñòóôõö÷øùúûüışÿ";
const W1257_HIGH: &str = "€\u{81}‚\u{83}„…†‡\u{88}‰\u{8A}‹\u{8C}¨ˇ¸\u{90}‘’“”•–—\u{98}™\u{9A}›\u{9C}¯˛\u{9F}\u{A0}¡¢£¤¥¦§Ø©Ŗ«¬\u{AD}®Æ°±²³´µ¶·ø¹ŗ»¼½¾æĄĮĀĆÄÅĘĒČÉŹĖĢĶĪĻŠŃŅÓŌÕÖ×ŲŁŚŪÜŻŽßąįāćäåęēčéźėģķīļšńņóōõö÷ųłśūüżž˙";
const ISO2_HIGH: &str = "\u{80}\u{81}\u{82}\u{83}\u{84}\u{85}\u{86}\u{87}\u{88}\u{89}\u{8A}\u{8B}\u{8C}\u{8D}\u{8E}\u{8F}\u{90}\u{91}\u{92}\u{93}\u{94}\u{95}\u{96}\u{97}\u{98}\u{99}\u{9A}\u{9B}\u{9C}\u{9D}\u{9E}\u{9F}\u{A0}Ą˘Ł¤ĽŚ§¨ŠŞŤŹ\u{AD}ŽŻ°ą˛ł´ľśˇ¸šşťź˝žżŔÁÂĂÄĹĆÇČÉĘËĚÍÎĎĐŃŇÓÔŐÖ×ŘŮÚŰÜÝŢßŕáâăäĺćçčéęëěíîďđńňóôőö÷řůúűüýţ˙";
const MAC_HIGH: &str = "ÄÅÇÉÑÖÜáàâäãåçéèêëíìîïñóòôöõúùûü†°¢£§•¶ß®©™´¨≠ÆØ∞±≤≥¥µ∂∑∏π∫ªºΩæø¿¡¬√ƒ≈∆«»…\u{A0}ÀÃÕŒœ–—“”‘’÷◊ÿŸ⁄€‹›ﬁﬂ‡·‚„‰ÂÊÁËÈÍÎÏÌÓÔ\u{F8FF}ÒÚÛÙıˆ˜¯˘˙˚¸˝˛ˇ";
const CP866_HIGH: &str = "АБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯабвгдежзийклмноп░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀рстуфхцчшщъыьэюяЁёЄєЇїЎў°∙·√№¤■\u{A0}";
const KOI8R_HIGH: &str = "─│┌┐└┘├┤┬┴┼▀▄█▌▐░▒▓⌠■∙√≈≤≥\u{A0}⌡°²·÷═║╒ё╓╔╕╖╗╘╙╚╛╜╝╞╟╠╡Ё╢╣╤╥╦╧╨╩╪╫╬©юабцдефгхийклмнопярстужвьызшэщчъЮАБЦДЕФГХИЙКЛМНОПЯРСТУЖВЬЫЗШЭЩЧЪ";

/// The 128 characters of a table of [`HIGH`] (a compile-time error if
/// there are not 128).
const fn high_of(s: &str) -> [char; 128] {
    let b = s.as_bytes();
    let mut out = ['\0'; 128];
    let (mut i, mut n) = (0, 0);
    while i < b.len() {
        let c = b[i] as u32;
        let (u, len) = if c < 0x80 {
            (c, 1)
        } else if c < 0xE0 {
            (((c & 0x1F) << 6) | (b[i + 1] as u32 & 0x3F), 2)
        } else if c < 0xF0 {
            let u = ((c & 0x0F) << 12) | ((b[i + 1] as u32 & 0x3F) << 6);
            (u | (b[i + 2] as u32 & 0x3F), 3)
        } else {
            let u = ((c & 0x07) << 18) | ((b[i + 1] as u32 & 0x3F) << 12);
            (
                u | ((b[i + 2] as u32 & 0x3F) << 6) | (b[i + 3] as u32 & 0x3F),
                4,
            )
        };
        match char::from_u32(u) {
            Some(ch) => out[n] = ch,
            None => panic!("not a char"),
        }
        i += len;
        n += 1;
    }
    assert!(n == 128, "a code page table has 128 characters");
    out
}

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

fn build() -> Vec<Codec> {
    let names = [
        "windows-1252",
        "windows-1251",
        "windows-1250",
        "windows-1253",
        "windows-1254",
        "windows-1257",
        "iso-8859-2",
        "macintosh",
        "cp437",
        "ibm866",
        "koi8-r",
    ];
    let mut all: Vec<Codec> = ALL
        .iter()
        .zip(names)
        .zip(HIGH)
        .map(|((&cp, name), high)| Codec::from_high(cp, name, high_of(high)))
        .collect();
    // latin-1's C1 characters where windows-1252 has printable ones.
    if let Some(web) = all.first_mut() {
        for b in 0x80u8..=0x9F {
            web.enc.entry(char::from(b)).or_insert(b);
        }
        web.fill_low();
    }
    all
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
    low: &'static [u64; LOW],
    /// Characters from [`LOW`] on in some code page, with U+FFFD: the
    /// first `other_len` entries.
    other: &'static [(char, u64); OTHER_MAX],
    other_len: usize,
}

/// Room for the characters of [`Masks::other`] (a compile-time error if
/// the tables hold more).
const OTHER_MAX: usize = 16;

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
            let other = self.other.get(..self.other_len).unwrap_or_default();
            let k = other.iter().find(|e| e.0 == c).map_or(0, |e| e.1);
            k | flags(c)
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
/// An invisible character that [`super::whitespace::remove_invisible`]
/// drops (all but the soft hyphen, which it keeps).
pub const F_DROP: u64 = 1 << 57;

#[cold]
const fn flags(c: char) -> u64 {
    use super::{normalize, whitespace};
    let mut f = 0;
    if !c.is_ascii()
        && (whitespace::is_space_like(c)
            || whitespace::is_invisible(c)
            || whitespace::is_control(c))
    {
        f |= F_WS;
    }
    if !c.is_ascii() && whitespace::is_invisible(c) && c != '\u{AD}' {
        f |= F_DROP;
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
    if cyrillic_alphabetic(c) {
        if c != 'Р' && c != 'С' {
            f |= F_CYR_PLAIN;
        }
        if c != 'Ђ' {
            f |= F_CYR_NOT_DJE;
        }
    }
    f
}

/// `c.is_alphabetic()` for U+0400..=U+04FF (a test checks it), and false
/// outside: all but the thousands sign and the combining marks.
const fn cyrillic_alphabetic(c: char) -> bool {
    matches!(c, '\u{400}'..='\u{481}' | '\u{48A}'..='\u{4FF}')
}

pub const LEAD2: u64 = 0xFFFF;
pub const LEAD3: u64 = 0xFFFF << 16;
pub const CONT_SHIFT: u32 = 32;

/// The code page bit of byte `b` of code page `k` (see [`Masks`]).
const fn cp_bit(k: usize, b: usize) -> u64 {
    if matches!(b, 0xC2..=0xDF) {
        1 << k
    } else if matches!(b, 0xE0..=0xF4) {
        1 << (16 + k)
    } else if b <= 0xBF {
        1 << (32 + k)
    } else {
        0
    }
}

/// The flat table of [`Masks`], at compile time.
const fn low_masks() -> [u64; LOW] {
    let mut low = [0u64; LOW];
    let mut u = 0;
    while u < LOW {
        if let Some(c) = char::from_u32(u as u32) {
            low[u] = flags(c);
        }
        u += 1;
    }
    let mut k = 0;
    while k < HIGH.len() {
        let high = high_of(HIGH[k]);
        let mut i = 0;
        while i < 128 {
            let c = high[i] as usize;
            if c < LOW {
                low[c] |= cp_bit(k, 0x80 + i);
            }
            i += 1;
        }
        k += 1;
    }
    low
}

/// [`Masks::other`] at compile time, and how many entries it has.
const fn other_masks() -> ([(char, u64); OTHER_MAX], usize) {
    let mut other = [('\0', 0u64); OTHER_MAX];
    let mut n = 0;
    let mut k = 0;
    while k < HIGH.len() {
        let high = high_of(HIGH[k]);
        let mut i = 0;
        while i < 128 {
            let c = high[i];
            if c as usize >= LOW {
                let mut j = 0;
                while j < n && other[j].0 != c {
                    j += 1;
                }
                if j == n {
                    assert!(n < OTHER_MAX, "room for the characters above LOW");
                    other[n] = (c, 0);
                    n += 1;
                }
                other[j].1 |= cp_bit(k, 0x80 + i);
            }
            i += 1;
        }
        k += 1;
    }
    // A U+FFFD may stand for a lost continuation byte in any code page
    // (in no table: an undefined byte is its C1 character there).
    assert!(n < OTHER_MAX, "room for U+FFFD");
    other[n] = ('\u{FFFD}', 0xFFFF << 32);
    (other, n + 1)
}

static LOW_MASKS: [u64; LOW] = low_masks();
const OTHER: ([(char, u64); OTHER_MAX], usize) = other_masks();

/// The masks, built at compile time: building them at run time took
/// some 1.8 M instructions a process, a Unicode property lookup for each
/// of 9,728 characters and every code page's tables.
pub fn masks() -> &'static Masks {
    static M: Masks = Masks {
        low: &LOW_MASKS,
        other: &OTHER.0,
        other_len: OTHER.1,
    };
    &M
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
    fn tables_as_encoding_rs_decodes() {
        use encoding_rs::*;
        let encs = [
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
        ];
        let tables = [
            HIGH[0], HIGH[1], HIGH[2], HIGH[3], HIGH[4], HIGH[5], HIGH[6], HIGH[7], HIGH[9],
            HIGH[10],
        ];
        for (enc, table) in encs.into_iter().zip(tables) {
            let high = high_chars(enc);
            assert_eq!(high_of(table), high, "{}", enc.name());
            for (i, &got) in high.iter().enumerate() {
                let b = 0x80 + i as u8;
                let byte = [b];
                let (s, _) = enc.decode_without_bom_handling(&byte);
                let c = s.chars().next().unwrap_or('\u{FFFD}');
                let want = if c == '\u{FFFD}' { char::from(b) } else { c };
                assert_eq!(got, want, "{} {b:#x}", enc.name());
            }
        }
        assert_eq!(codec(Cp::Cp437).high, high_of(CP437_HIGH));
    }

    /// Bytes 0x80..=0xFF decoded in a single-byte encoding, an undefined byte
    /// standing for its latin-1 C1 character. All 128 in one call: a
    /// single-byte decoder gives one char per byte (U+FFFD for an undefined
    /// one); byte by byte only if it did not.
    fn high_chars(enc: &'static encoding_rs::Encoding) -> [char; 128] {
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

    /// The masks as they were built at run time, from the codecs.
    fn masks_at_run_time() -> (Vec<u64>, HashMap<char, u64>) {
        let flags_rt = |c: char| {
            let cyr = ('\u{400}'..='\u{4FF}').contains(&c) && c.is_alphabetic();
            assert_eq!(cyrillic_alphabetic(c), cyr, "{c:?}");
            flags(c)
        };
        let mut low: Vec<u64> = (0..LOW as u32)
            .map(|u| char::from_u32(u).map_or(0, flags_rt))
            .collect();
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
        other.insert('\u{FFFD}', 0xFFFF << 32);
        (low, other)
    }

    #[test]
    fn compile_time_masks_as_built_at_run_time() {
        let (low, other) = masks_at_run_time();
        let m = masks();
        assert_eq!(&m.low[..], &low[..]);
        let got: HashMap<char, u64> = m.other[..m.other_len].iter().copied().collect();
        assert_eq!(got.len(), m.other_len);
        assert_eq!(got, other);
        for c in ('\u{400}'..='\u{4FF}').chain(['a', 'Я', '\u{2600}']) {
            assert_eq!(
                cyrillic_alphabetic(c),
                c.is_alphabetic() && ('\u{400}'..='\u{4FF}').contains(&c)
            );
        }
        // Every character the way `get` reads it.
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            let u = c as usize;
            let want = if u < LOW {
                low[u]
            } else if u < 0xF000 {
                if matches!(u, 0x3001..=0x303F | 0x4E00..=0x9FFF | 0xAC00..=0xD7A3) {
                    0
                } else {
                    flags(c)
                }
            } else {
                other.get(&c).copied().unwrap_or(0) | flags(c)
            };
            assert_eq!(m.get(c), want, "{c:?}");
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
