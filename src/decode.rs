//! Bytes to text. Never fails and never panics, whatever the bytes.
//!
//! Order of decisions, cheapest first:
//! 1. a byte-order mark (UTF-8, UTF-16LE/BE) decides;
//! 2. UTF-16 without a BOM is recognised by its pattern of NUL bytes;
//! 3. valid UTF-8 is taken as is (the fast path: no copy of the checks);
//! 4. mostly-UTF-8 text with stray invalid bytes keeps its UTF-8 and reads
//!    each invalid byte as windows-1252 (what a stray 0x92 or 0xA0 almost
//!    always is in scraped text);
//! 5. anything else is a legacy encoding, guessed by chardetng and decoded by
//!    encoding_rs.

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1252};
use std::borrow::Cow;

/// The decoded text and how it was obtained.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    /// Name of the encoding the bytes were read in (WHATWG label).
    pub encoding: &'static str,
    /// Bytes that were not valid in that encoding and were read as
    /// windows-1252 (mixed UTF-8) or replaced by U+FFFD (legacy decoders).
    pub invalid_bytes: usize,
}

pub fn decode(bytes: &[u8]) -> Decoded {
    let DecodedCow {
        text,
        encoding,
        invalid_bytes,
    } = decode_cow(bytes);
    Decoded {
        text: text.into_owned(),
        encoding,
        invalid_bytes,
    }
}

/// [`Decoded`] whose text borrows the bytes when they are valid UTF-8.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecodedCow<'a> {
    pub text: Cow<'a, str>,
    pub encoding: &'static str,
    pub invalid_bytes: usize,
}

/// The same as [`decode`], without copying valid UTF-8 (the common case).
/// The check is simdutf8's, several times faster than the standard one.
pub fn decode_cow(bytes: &[u8]) -> DecodedCow<'_> {
    let owned = |d: Decoded| DecodedCow {
        text: Cow::Owned(d.text),
        encoding: d.encoding,
        invalid_bytes: d.invalid_bytes,
    };
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        return owned(with_encoding(enc, &bytes[bom_len..]));
    }
    if let Some(enc) = sniff_utf16(bytes) {
        return owned(with_encoding(enc, bytes));
    }
    match simdutf8::basic::from_utf8(bytes) {
        Ok(s) => DecodedCow {
            text: Cow::Borrowed(s),
            encoding: UTF_8.name(),
            invalid_bytes: 0,
        },
        Err(_) => owned(decode_non_utf8(bytes)),
    }
}

/// The same as [`decode`], without copying valid UTF-8 (the common case).
pub fn decode_owned(bytes: Vec<u8>) -> Decoded {
    if Encoding::for_bom(&bytes).is_some() || sniff_utf16(&bytes).is_some() {
        return decode(&bytes);
    }
    match String::from_utf8(bytes) {
        Ok(text) => Decoded {
            text,
            encoding: UTF_8.name(),
            invalid_bytes: 0,
        },
        Err(e) => decode_non_utf8(e.as_bytes()),
    }
}

fn with_encoding(enc: &'static Encoding, bytes: &[u8]) -> Decoded {
    let (text, had_errors) = enc.decode_without_bom_handling(bytes);
    let invalid_bytes = if had_errors {
        text.matches('\u{FFFD}').count()
    } else {
        0
    };
    Decoded {
        text: text.into_owned(),
        encoding: enc.name(),
        invalid_bytes,
    }
}

/// True for content that is not text in any encoding we read: NUL bytes
/// in the first 8 KiB without a BOM or a UTF-16 pattern (the heuristic git
/// and grep use). Such a file is reported, not "cleaned" into garbage.
pub fn looks_binary(bytes: &[u8]) -> bool {
    if Encoding::for_bom(bytes).is_some() || sniff_utf16(bytes).is_some() {
        return false;
    }
    bytes[..bytes.len().min(8192)].contains(&0)
}

/// UTF-16 text of mostly Latin or ASCII characters has a NUL in every other
/// byte. Requires a clear majority so binary-ish junk is not misread.
fn sniff_utf16(bytes: &[u8]) -> Option<&'static Encoding> {
    let sample = &bytes[..bytes.len().min(4096) & !1];
    if sample.len() < 8 {
        return None;
    }
    let pairs = sample.len() / 2;
    // Every test below needs many bytes under 0x20 (a NUL in 40% of the
    // pairs, or 90% of one position below 0x20), and text has few (line
    // breaks, tabs): one count of them, a fast loop, rules out nearly
    // every input, where the pair counts and the histograms of
    // [`sniff_utf16_script`] took some 28,000 instructions a document.
    if count_small(sample) * 10 < pairs * 4 {
        return None;
    }
    let (mut even_nul, mut odd_nul) = (0usize, 0usize);
    for pair in sample.chunks_exact(2) {
        even_nul += usize::from(pair[0] == 0);
        odd_nul += usize::from(pair[1] == 0);
    }
    if odd_nul * 10 >= pairs * 4 && even_nul * 20 < pairs {
        Some(UTF_16LE)
    } else if even_nul * 10 >= pairs * 4 && odd_nul * 20 < pairs {
        Some(UTF_16BE)
    } else {
        sniff_utf16_script(sample)
    }
}

/// How many bytes are below 0x20, eight at a time (SWAR): a byte is
/// below 0x20 when its high bit is clear and adding 0x60 to its low seven
/// bits leaves that bit clear (no carry leaves a byte). The matches add
/// up in one-byte lanes, summed before one can overflow.
fn count_small(bytes: &[u8]) -> usize {
    const LO7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    const HI: u64 = 0x8080_8080_8080_8080;
    const ONES: u64 = 0x0101_0101_0101_0101;
    const EVEN: u64 = 0x00FF_00FF_00FF_00FF;
    let mut n = 0;
    for part in bytes.chunks(8 * 255) {
        let mut lanes = 0u64;
        let mut words = part.chunks_exact(8);
        for w in &mut words {
            let mut a = [0u8; 8];
            a.copy_from_slice(w);
            let x = u64::from_le_bytes(a);
            lanes += (!((x & LO7) + 0x60 * ONES) & !x & HI) >> 7;
        }
        // Pairs of lanes into 16-bit lanes (at most 510), then their sum
        // in the top one (at most 2040).
        let pairs = (lanes & EVEN) + ((lanes >> 8) & EVEN);
        n += (pairs.wrapping_mul(0x0001_0001_0001_0001) >> 48) as usize;
        n += words.remainder().iter().filter(|&&b| b < 0x20).count();
    }
    n
}

/// UTF-16 of a non-Latin alphabet has no NULs, but the high byte of most
/// characters is the same (0x04 for Cyrillic, 0x03 for Greek, 0x05 for
/// Hebrew...) while the low bytes vary. Taken only if the bytes then decode
/// without error.
fn sniff_utf16_script(sample: &[u8]) -> Option<&'static Encoding> {
    let pairs = sample.len() / 2;
    if pairs < 16 {
        return None;
    }
    // Per byte position: how many pairs have a high byte below 0x20
    // (alphabets below U+2000), how many of those are not ASCII, and the
    // count of the commonest byte (low bytes vary, so it stays small).
    let stats = |offset: usize| {
        let mut hist = [0usize; 256];
        for pair in sample.chunks_exact(2) {
            hist[usize::from(pair[offset])] += 1;
        }
        let small: usize = hist[..0x20].iter().sum();
        let script = small - hist[0];
        let top = hist.iter().copied().max().unwrap_or(0);
        (small, script, top)
    };
    let (odd, even) = (stats(1), stats(0));
    let looks_high = |(small, script, _): (usize, usize, usize),
                      (_, _, top_low): (usize, usize, usize)| {
        small * 10 >= pairs * 9 && script * 10 >= pairs * 3 && top_low * 4 < pairs
    };
    let enc = if looks_high(odd, even) {
        UTF_16LE
    } else if looks_high(even, odd) {
        UTF_16BE
    } else {
        return None;
    };
    let (_, had_errors) = enc.decode_without_bom_handling(sample);
    (!had_errors).then_some(enc)
}

/// Splits the bytes into valid UTF-8 runs and invalid sequences.
fn utf8_runs(bytes: &[u8]) -> (usize, usize) {
    let (mut multibyte, mut invalid) = (0usize, 0usize);
    let mut rest = bytes;
    loop {
        match std::str::from_utf8(rest) {
            Ok(s) => {
                multibyte += s.bytes().filter(|&b| b >= 0xC0).count();
                return (multibyte, invalid);
            }
            Err(e) => {
                let valid = &rest[..e.valid_up_to()];
                multibyte += valid.iter().filter(|&&b| b >= 0xC0).count();
                let bad = e.error_len().unwrap_or(rest.len() - e.valid_up_to());
                invalid += 1;
                rest = &rest[e.valid_up_to() + bad..];
            }
        }
    }
}

fn decode_non_utf8(bytes: &[u8]) -> Decoded {
    let (multibyte, invalid) = utf8_runs(bytes);
    // Real UTF-8 with a few stray bytes has far more valid multi-byte
    // sequences than invalid ones; a legacy 8-bit text has almost none.
    if multibyte > 0 && multibyte >= invalid {
        return mixed_utf8(bytes);
    }
    let mut det = chardetng::EncodingDetector::new();
    det.feed(bytes, true);
    let enc = det.guess(None, true);
    if enc == UTF_8 {
        return mixed_utf8(bytes);
    }
    with_encoding(enc, bytes)
}

/// UTF-8 with invalid bytes read one by one as windows-1252.
fn mixed_utf8(bytes: &[u8]) -> Decoded {
    let mut text = String::with_capacity(bytes.len() + 16);
    let mut invalid_bytes = 0;
    let mut rest = bytes;
    loop {
        match std::str::from_utf8(rest) {
            Ok(s) => {
                text.push_str(s);
                break;
            }
            Err(e) => {
                let (valid, after) = rest.split_at(e.valid_up_to());
                // SAFETY-free: from_utf8 just told us this prefix is valid.
                text.push_str(std::str::from_utf8(valid).unwrap_or_default());
                let bad = e.error_len().unwrap_or(after.len());
                let (bad_bytes, tail) = after.split_at(bad);
                let (s, _) = WINDOWS_1252.decode_without_bom_handling(bad_bytes);
                text.push_str(&s);
                invalid_bytes += bad;
                rest = tail;
            }
        }
    }
    Decoded {
        text,
        encoding: "UTF-8+windows-1252",
        invalid_bytes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_fast_path() {
        let d = decode("Grüße, мир".as_bytes());
        assert_eq!(d.text, "Grüße, мир");
        assert_eq!(d.encoding, "UTF-8");
        assert_eq!(d.invalid_bytes, 0);
    }

    #[test]
    fn owned_matches_borrowed() {
        for b in [&b"caf\xC3\xA9"[..], b"\xFF\xFEh\x00i\x00", b"don\x92t", b""] {
            assert_eq!(decode_owned(b.to_vec()), decode(b));
        }
    }

    #[test]
    fn boms() {
        let d = decode(b"\xEF\xBB\xBFhi");
        assert_eq!((d.text.as_str(), d.encoding), ("hi", "UTF-8"));
        let d = decode(b"\xFF\xFEh\x00i\x00");
        assert_eq!((d.text.as_str(), d.encoding), ("hi", "UTF-16LE"));
        let d = decode(b"\xFE\xFF\x00h\x00i");
        assert_eq!((d.text.as_str(), d.encoding), ("hi", "UTF-16BE"));
    }

    #[test]
    fn utf16_without_bom() {
        let bytes: Vec<u8> = "Hello, world. Привет"
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes())
            .collect();
        let d = decode(&bytes);
        assert_eq!(d.encoding, "UTF-16LE");
        assert_eq!(d.text, "Hello, world. Привет");
    }

    #[test]
    fn utf16_cyrillic_and_greek_without_bom() {
        let text = "Привет, мир! Москва — столица России. Ελληνικά κείμενα εδώ.";
        for be in [false, true] {
            let bytes: Vec<u8> = text
                .encode_utf16()
                .flat_map(|u| if be { u.to_be_bytes() } else { u.to_le_bytes() })
                .collect();
            let d = decode(&bytes);
            assert_eq!(d.text, text);
            assert_eq!(d.encoding, if be { "UTF-16BE" } else { "UTF-16LE" });
        }
        // Windows-1251 text is not mistaken for it.
        let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode(text);
        assert_ne!(decode(&bytes).encoding, "UTF-16LE");
    }

    #[test]
    fn stray_cp1252_bytes_in_utf8() {
        let d = decode(b"caf\xC3\xA9 don\x92t\xA0stop \xC3\xBC");
        assert_eq!(d.text, "café don\u{2019}t\u{A0}stop ü");
        assert_eq!(d.encoding, "UTF-8+windows-1252");
        assert_eq!(d.invalid_bytes, 2);
    }

    #[test]
    fn legacy_cyrillic() {
        let text = "Заголовок открываемого материала. Москва - столица России, в ней живут миллионы людей.";
        let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode(text);
        let d = decode(&bytes);
        assert_eq!(d.encoding, "windows-1251");
        assert_eq!(d.text, text);
        let (bytes, _, _) = encoding_rs::KOI8_R.encode(text);
        let d = decode(&bytes);
        // KOI8-U is a superset of KOI8-R for Russian text.
        assert!(d.encoding.starts_with("KOI8"), "{}", d.encoding);
        assert_eq!(d.text, text);
    }

    /// [`sniff_utf16`] as it was before its count of small bytes.
    fn sniff_utf16_old(bytes: &[u8]) -> Option<&'static Encoding> {
        let sample = &bytes[..bytes.len().min(4096) & !1];
        if sample.len() < 8 {
            return None;
        }
        let pairs = sample.len() / 2;
        let (mut even_nul, mut odd_nul) = (0usize, 0usize);
        for pair in sample.chunks_exact(2) {
            even_nul += usize::from(pair[0] == 0);
            odd_nul += usize::from(pair[1] == 0);
        }
        if odd_nul * 10 >= pairs * 4 && even_nul * 20 < pairs {
            Some(UTF_16LE)
        } else if even_nul * 10 >= pairs * 4 && odd_nul * 20 < pairs {
            Some(UTF_16BE)
        } else {
            sniff_utf16_script(sample)
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]
        #[test]
        fn sniff_matches_the_old_one(
            parts in proptest::collection::vec(proptest::sample::select(SNIFF_PIECES), 0..400),
            cut in 0usize..5000,
            be in proptest::prelude::any::<bool>(),
            utf16 in proptest::prelude::any::<bool>(),
        ) {
            let text = parts.concat();
            let mut bytes: Vec<u8> = if utf16 {
                text.encode_utf16()
                    .flat_map(|u| if be { u.to_be_bytes() } else { u.to_le_bytes() })
                    .collect()
            } else {
                text.into_bytes()
            };
            bytes.truncate(cut.max(bytes.len() / 2));
            proptest::prop_assert_eq!(sniff_utf16(&bytes), sniff_utf16_old(&bytes));
        }
    }

    #[test]
    fn count_small_counts() {
        for len in [0, 1, 15, 16, 17, 4079, 4080, 4081, 4096, 9000] {
            let bytes: Vec<u8> = (0..len).map(|i| ((i * 7919) % 61) as u8).collect();
            let want = bytes.iter().filter(|&&b| b < 0x20).count();
            assert_eq!(count_small(&bytes), want, "{len}");
            let zeros = vec![0u8; len];
            assert_eq!(count_small(&zeros), len);
        }
    }

    const SNIFF_PIECES: &[&str] = &[
        "a",
        "word ",
        "\n",
        "\t",
        "\0",
        "\u{1}\u{1F}",
        "Привет ",
        "Ελλάδα",
        "中文",
        "é",
        "\u{400}\u{401}",
        "\u{300}",
        "\u{1E00}",
        "\0\0\0\0",
    ];

    #[test]
    fn binary_is_recognised_but_utf16_is_not_binary() {
        assert!(looks_binary(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"));
        assert!(!looks_binary(b"plain text"));
        assert!(!looks_binary(b"\xFF\xFEh\x00i\x00"));
        let utf16: Vec<u8> = "no bom here, still text"
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes())
            .collect();
        assert!(!looks_binary(&utf16));
    }

    #[test]
    fn truncated_utf8_at_end_never_panics() {
        let d = decode(b"abc\xE2\x80");
        assert!(d.text.starts_with("abc"));
        for b in [&b"\xFF"[..], b"\x00", b"\xC0\x80", b"\xF4\x90\x80\x80"] {
            let _ = decode(b);
        }
    }
}
