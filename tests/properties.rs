//! Properties of the cleaning core that must hold for any input:
//! - `clean` and `fix` never panic, whatever the bytes;
//! - their output is valid UTF-8 in NFC;
//! - `clean` output is empty or ends with exactly one newline, and never
//!   holds more than one blank line in a row;
//! - `clean` is deterministic (same input, same output and same removals);
//! - clean text in real alphabets (Latin with diacritics, Cyrillic, Greek,
//!   CJK) goes through `fix` unchanged: repairs never damage good text;
//! - the fast paths agree with what they replace (`document::lowercase`).
//!
//! Case counts are modest so `cargo test` stays fast.

use dechaff::{Cleaner, Config};
use proptest::prelude::*;
use std::sync::OnceLock;
use unicode_normalization::is_nfc;

/// 256 cases per property; `PROPTEST_CASES=N` for a longer hunt.
fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(256)
}

fn cleaner() -> &'static Cleaner {
    static CLEANER: OnceLock<Cleaner> = OnceLock::new();
    CLEANER.get_or_init(|| match Cleaner::new(Config::default()) {
        Ok(c) => c,
        Err(e) => panic!("default config must build: {e}"),
    })
}

/// Pieces that reach the interesting paths: encoding damage of every kind
/// the repairs handle, quote marks, chrome the rules know, several scripts.
const PIECES: &[&[u8]] = &[
    b"the ",
    b"agenda",
    b"don",
    b"'t ",
    b" ",
    b"  ",
    b"\t",
    b"\n",
    b"\n\n",
    b"\r\n",
    b"\r",
    b".",
    b"\"",
    b"\xEF\xBF\xBD",                     // U+FFFD
    b"\xC2\xA0",                         // NBSP
    b"\xE2\x80\x8B",                     // zero-width space
    b"\xE2\x80\xA8",                     // line separator
    b"\xE2\x80\x99",                     // right single quote
    b"\xE2\x80\x9C",                     // left double quote
    b"\xE2\x80\x9D",                     // right double quote
    b"\xE2\x80\x9E",                     // low double quote
    b"\xC2\xAB",                         // «
    b"\xC2\xBB",                         // »
    b"e\xCC\x81",                        // e + combining acute (NFD)
    b"\xCC\x81",                         // a lone combining acute
    b"\xC3\xA2\xE2\x82\xAC\xE2\x84\xA2", // mojibake of U+2019
    b"\xC3\x83\xC2\xA9",                 // mojibake of é
    b"\x92",                             // stray windows-1252 byte
    b"\xA0",
    b"\xFF",
    b"\x00",
    b"\xEF\xBB\xBF", // UTF-8 BOM
    b"\xFF\xFE",     // UTF-16LE BOM
    b"Photo: AP",
    b"\xC2\xA9 REUTERS / Jim Bourg",
    b"- Sputnik International, 1920, 06.01.2022",
    b"Read more: Markets Fall",
    b"log in or register",
    b"(@handle)",
    b"https://example.com/x",
    b"Title Of The Article",
    "Читайте также".as_bytes(),
    "Заголовок открываемого материала".as_bytes(),
    "Ελληνικά κείμενα".as_bytes(),
    "中文新闻".as_bytes(),
    "Grüße aus Köln".as_bytes(),
];

/// Arbitrary bytes, or a concatenation of interesting pieces and random
/// bytes (pure random bytes mostly exercise the legacy-encoding path).
fn input() -> impl Strategy<Value = Vec<u8>> {
    let piece = prop_oneof![
        3 => proptest::sample::select(PIECES).prop_map(<[u8]>::to_vec),
        1 => any::<u8>().prop_map(|b| vec![b]),
    ];
    prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..1024),
        proptest::collection::vec(piece, 0..120).prop_map(|v| v.concat()),
    ]
}

/// Real words per alphabet, NFC, without the characters the repairs are
/// meant to change (no curly quotes, no unusual spaces).
const WORDS: &[&[&str]] = &[
    &[
        "café",
        "déjà",
        "über",
        "Grüße",
        "Straße",
        "façade",
        "niño",
        "año",
        "łódź",
        "źródło",
        "żółw",
        "Ørsted",
        "smørrebrød",
        "ångström",
        "Čech",
        "příliš",
        "žluťoučký",
        "kůň",
        "Őrség",
        "tűzoltó",
        "ăn",
        "și",
        "naïve",
        "coöperate",
        "Ærø",
        "élève",
        "où",
        "São",
        "coração",
        "the",
        "and",
        "a",
        "of",
    ],
    &[
        "Москва",
        "столица",
        "России",
        "жители",
        "ёлка",
        "объявил",
        "правительство",
        "в",
        "и",
        "на",
        "Київ",
        "їжак",
        "ґанок",
        "Беларусь",
        "ўсё",
        "Србија",
        "њега",
        "ђак",
    ],
    &[
        "Αθήνα",
        "ελληνικά",
        "κείμενο",
        "Δευτέρα",
        "ανακοίνωσε",
        "ότι",
        "οι",
        "συνομιλίες",
        "θα",
        "ψυχή",
        "ΰ",
        "ΐ",
        "ώρα",
        "άλλος",
        "και",
    ],
    &[
        "中文",
        "新闻",
        "政府",
        "表示",
        "北京",
        "东京",
        "ニュース",
        "ひらがな",
        "カタカナ",
        "한국어",
        "서울",
        "日本語",
        "漢字",
    ],
];

const PUNCT: &[&str] = &[
    "", "", "", ",", ".", "!", "?", ":", ";", " -", " (1990)", " 42",
];

/// Lines of words from one or more alphabets, single-spaced, trimmed.
fn good_text() -> impl Strategy<Value = String> {
    let word = (0..WORDS.len()).prop_flat_map(|a| proptest::sample::select(WORDS[a]));
    let token = (word, proptest::sample::select(PUNCT)).prop_map(|(w, p)| format!("{w}{p}"));
    let line = proptest::collection::vec(token, 1..12).prop_map(|ws| ws.join(" "));
    let sep = proptest::sample::select(&["\n", "\n\n"][..]);
    proptest::collection::vec((line, sep), 1..8).prop_map(|ls| {
        let mut s = String::new();
        for (i, (l, sep)) in ls.iter().enumerate() {
            if i > 0 {
                s.push_str(sep);
            }
            s.push_str(l);
        }
        s
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases()))]

    #[test]
    fn clean_output_is_well_formed_and_deterministic(bytes in input()) {
        let c = cleaner().clean(&bytes);
        prop_assert!(std::str::from_utf8(c.text.as_bytes()).is_ok());
        prop_assert!(is_nfc(&c.text), "not NFC: {:?}", c.text);
        prop_assert!(
            c.text.is_empty() || (c.text.ends_with('\n') && !c.text.ends_with("\n\n")),
            "bad ending: {:?}", c.text
        );
        prop_assert!(!c.text.contains("\n\n\n"), "two blank lines: {:?}", c.text);
        let again = cleaner().clean(&bytes);
        prop_assert_eq!(&c.text, &again.text);
        prop_assert_eq!(&c.removed, &again.removed);
    }

    #[test]
    fn fix_output_is_nfc(bytes in input()) {
        let f = cleaner().fix(&bytes);
        prop_assert!(std::str::from_utf8(f.text.as_bytes()).is_ok());
        prop_assert!(is_nfc(&f.text), "not NFC: {:?}", f.text);
    }

    #[test]
    fn fast_lowercase_is_std_lowercase(s in any::<String>(), t in good_text()) {
        prop_assert_eq!(dechaff::document::lowercase(&s), s.to_lowercase());
        prop_assert_eq!(dechaff::document::lowercase(&t), t.to_lowercase());
        let upper = t.to_uppercase();
        prop_assert_eq!(dechaff::document::lowercase(&upper), upper.to_lowercase());
    }

    #[test]
    fn good_text_survives_fix(text in good_text()) {
        prop_assert!(is_nfc(&text));
        let f = cleaner().fix(text.as_bytes());
        prop_assert_eq!(&f.text, &text);
        prop_assert_eq!(f.encoding, "UTF-8");
        let (s, _) = cleaner().fix_str(&text);
        prop_assert_eq!(&s, &text);
    }
}
