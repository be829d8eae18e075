//! Property tests for the repairs: no panic and NFC output whatever the
//! bytes, repairs are idempotent, and clean text from real alphabets passes
//! through unchanged. Case counts are kept modest so `cargo test` stays fast.

use dechaff::repair::RepairOptions;
use dechaff::{Cleaner, Config};
use proptest::prelude::*;
use std::sync::LazyLock;
use unicode_normalization::is_nfc;

/// Built once: building a cleaner compiles the lexicons.
fn cleaner() -> &'static Cleaner {
    static C: LazyLock<Cleaner> =
        LazyLock::new(|| Cleaner::new(Config::default()).expect("default config is valid"));
    &C
}

fn ftfy_like() -> &'static Cleaner {
    static C: LazyLock<Cleaner> = LazyLock::new(|| {
        let repair = RepairOptions {
            keep_spacing: true,
            fold: true,
            keep_replacement: true,
            itemize: false,
        };
        Cleaner::new(Config {
            repair,
            ..Config::default()
        })
        .expect("valid config")
    });
    &C
}

fn fix_str(s: &str) -> String {
    cleaner().fix_str(s).0
}

/// Characters that mojibake and damaged text are made of, mixed with
/// ordinary ones.
fn damaged_char() -> impl Strategy<Value = char> {
    prop_oneof![
        4 => prop::char::range('a', 'z'),
        2 => Just(' '),
        1 => Just('\n'),
        2 => prop::sample::select(vec![
            'Ã', 'Â', 'Ð', 'Ñ', 'Î', 'â', '€', '™', '©', '¢', '\u{A0}', '\u{FFFD}', '\u{85}', '\u{92}',
            'Р', 'С', 'В', '«', '»', 'ѓ', 'ё', '╨', '╤', '├', '┐', 'é', 'ü', '’', '“', '?', '&', ';',
            'п', 'я', '─', 'Γ', 'ß', '√', '∑',
        ]),
        2 => prop::char::range('\u{400}', '\u{44F}'),
        1 => any::<char>(),
    ]
}

fn word(alphabet: &'static [char], min: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(alphabet), min..9)
        .prop_map(|v| v.into_iter().collect())
        // No language spells a word of three letters or more almost only
        // with Latin-1's accented letters; such a word (`Èàà`, `Çàãîëîâîê`)
        // is windows-1251 text read as windows-1252, and is repaired on
        // purpose.
        .prop_filter("a word of mostly Latin-1 accents", |w: &String| {
            let n = w.chars().count();
            let accents = w
                .chars()
                .filter(|c| ('\u{C0}'..='\u{FF}').contains(c))
                .count();
            n < 3 || accents * 10 < n * 7
        })
}

const LATIN: &[char] = &[
    'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'k', 'l', 'm', 'n', 'o', 'p', 'r', 's', 't', 'u',
    'v', 'z', 'à', 'á', 'ä', 'ç', 'è', 'é', 'ê', 'ë', 'í', 'ó', 'ô', 'ö', 'ú', 'ü', 'ß', 'ą', 'ć',
    'č', 'ď', 'ę', 'ě', 'ğ', 'ı', 'ł', 'ń', 'ň', 'ő', 'ř', 'ś', 'ş', 'š', 'ť', 'ů', 'ű', 'ź', 'ż',
    'ž', 'ơ', 'ư', 'ạ', 'ế', 'ệ', 'ộ',
];
const CYRILLIC: &[char] = &[
    'а', 'б', 'в', 'г', 'д', 'е', 'ё', 'ж', 'з', 'и', 'й', 'к', 'л', 'м', 'н', 'о', 'п', 'р', 'с',
    'т', 'у', 'ф', 'х', 'ц', 'ч', 'ш', 'щ', 'ъ', 'ы', 'ь', 'э', 'ю', 'я', 'і', 'ї', 'є', 'ґ', 'ђ',
    'ј', 'љ', 'њ', 'ћ', 'џ',
];
const GREEK: &[char] = &[
    'α', 'β', 'γ', 'δ', 'ε', 'ζ', 'η', 'θ', 'ι', 'κ', 'λ', 'μ', 'ν', 'ξ', 'ο', 'π', 'ρ', 'σ', 'ς',
    'τ', 'υ', 'φ', 'χ', 'ψ', 'ω', 'ά', 'έ', 'ή', 'ί', 'ό', 'ύ', 'ώ',
];
const CJK: &[char] = &[
    '的', '是', '在', '中', '国', '人', '大', '年', '日', '本', '語', '한', '국', 'の',
];

/// (`â ã î ï ñ` are left out of `LATIN`: capitalized at the start of a
/// line, `Â Ã Î Ï Ñ` followed by `š` or `ł` are exactly what mojibake looks
/// like (`Ðš` is `К`), and no real word starts that way.)
///
/// A sentence of words from one alphabet, the first capitalized, single
/// spaces, a final full stop: text that needs no repair at all.
fn sentence() -> impl Strategy<Value = String> {
    let words = prop_oneof![
        prop::collection::vec(word(LATIN, 1), 1..12),
        // A line that is only `Рі` (or `Сѓ`) is windows-1251 mojibake of `г`
        // (`у`) and is repaired on purpose: Cyrillic words here have three
        // letters or more.
        prop::collection::vec(word(CYRILLIC, 3), 1..12),
        prop::collection::vec(word(GREEK, 1), 1..12),
        prop::collection::vec(word(CJK, 1), 1..6),
    ];
    words.prop_map(|ws| {
        let mut s = ws.join(" ");
        if let Some(first) = s.chars().next() {
            let upper: String = first.to_uppercase().collect();
            // Capitals that are two characters (ß) would not be plain text.
            if upper.chars().count() == 1 {
                s.replace_range(..first.len_utf8(), &upper);
            }
        }
        s.push('.');
        s
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn any_bytes_give_nfc_text(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
        let fixed = cleaner().fix(&bytes);
        prop_assert!(is_nfc(&fixed.text));
        let cleaned = cleaner().clean(&bytes);
        prop_assert!(is_nfc(&cleaned.text));
    }

    #[test]
    fn damaged_text_gives_nfc_text(s in prop::collection::vec(damaged_char(), 0..120)) {
        let s: String = s.into_iter().collect();
        prop_assert!(is_nfc(&cleaner().fix_str(&s).0));
        prop_assert!(is_nfc(&ftfy_like().fix_str(&s).0));
    }

    #[test]
    fn fix_is_idempotent(s in prop::collection::vec(damaged_char(), 0..80)) {
        let s: String = s.into_iter().collect();
        let once = fix_str(&s);
        let twice = fix_str(&once);
        prop_assert_eq!(&twice, &once, "input {:?}", s);
    }

    #[test]
    fn clean_text_is_unchanged(lines in prop::collection::vec(sentence(), 1..6)) {
        let text = lines.join("\n") + "\n";
        prop_assert_eq!(fix_str(&text), text.clone());
        let fixed = cleaner().fix(text.as_bytes());
        prop_assert_eq!(fixed.text, text);
    }
}
