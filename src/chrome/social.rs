//! Lines that are only a social-media handle, like `(@FahadShabbir)`, only
//! a URL outside the article body, or a short line naming a web site after it.

use super::{Context, Rule};
use crate::document::Document;

pub struct Social;

/// `@name` (letters, digits, `_`, `.`), possibly in brackets, possibly
/// several separated by spaces or commas.
#[inline]
pub fn is_handle_line(text: &str) -> bool {
    // The first word's `@` comes after nothing but the chars trimmed below
    // and the separators: most lines fail at their first char, with no
    // search of the whole line for a `@` (and no call).
    handle_lead(text) == Some('@') && handle_words(text)
}

/// [`is_handle_line`] past its first char: every word a handle.
fn handle_words(text: &str) -> bool {
    let t = text.trim_matches(|c: char| {
        matches!(
            c,
            '(' | ')' | '[' | ']' | '|' | '-' | '\u{2013}' | '\u{2014}'
        ) || c.is_whitespace()
    });
    // Without a `@` no word is a handle. (A line of bare punctuation,
    // `(,)`, once passed as `all` of no words, and its drop then took the
    // paragraphs below it for a footer.)
    if memchr::memchr(b'@', t.as_bytes()).is_none() {
        return false;
    }
    !t.is_empty()
        && t.split(|c: char| c.is_whitespace() || c == ',')
            .filter(|w| !w.is_empty())
            .all(|w| {
                let w = w.trim_matches(|c: char| matches!(c, '(' | ')'));
                w.strip_prefix('@').is_some_and(|name| {
                    (1..=40).contains(&name.len())
                        && name
                            .chars()
                            .all(|c| c.is_alphanumeric() || c == '_' || c == '.')
                })
            })
}

/// The first char of `text` that is neither trimmed by [`is_handle_line`]
/// nor a word separator there (`,`, whitespace).
#[inline]
fn handle_lead(text: &str) -> Option<char> {
    // Most lines start with an ASCII char that is neither: it is the one.
    match text.as_bytes().first() {
        None => return None,
        Some(&b)
            if b < 0x80
                && !matches!(
                    b,
                    b'(' | b')' | b'[' | b']' | b'|' | b'-' | b',' | b'\t'..=b'\r' | b' '
                ) =>
        {
            return Some(char::from(b));
        }
        Some(_) => {}
    }
    handle_lead_chars(text)
}

/// [`handle_lead`] char by char.
fn handle_lead_chars(text: &str) -> Option<char> {
    text.chars().find(|&c| {
        !(matches!(
            c,
            '(' | ')' | '[' | ']' | '|' | '-' | '\u{2013}' | '\u{2014}' | ','
        ) || c.is_whitespace())
    })
}

/// What a line's first byte allows: [`is_handle_line`] needs `@`, a byte
/// its test trims or skips, or one of a wider char (which may be one of
/// those); [`is_url_line`] one of its prefixes' first bytes or a bracket.
const MAY_HANDLE: u8 = 1;
const MAY_URL: u8 = 2;
const FIRST_BYTE: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        let mut f = 0;
        if c >= 0x80
            || matches!(
                c,
                b'@' | b'(' | b')' | b'[' | b']' | b'|' | b'-' | b',' | b'\t'..=b'\r' | b' '
            )
        {
            f |= MAY_HANDLE;
        }
        if matches!(c, b'<' | b'>' | b'(' | b')' | b'h' | b'w') {
            f |= MAY_URL;
        }
        t[b] = f;
        b += 1;
    }
    t
};

/// A bare URL, with nothing else on the line.
// Inlined: its first byte test answers most lines without a call.
#[inline]
pub fn is_url_line(text: &str) -> bool {
    // Each prefix starts with `h` or `w`, after the trimmed brackets: one
    // byte test rejects most lines.
    if !matches!(
        text.as_bytes().first(),
        Some(b'<' | b'>' | b'(' | b')' | b'h' | b'w')
    ) {
        return false;
    }
    let t = text.trim_matches(|c: char| matches!(c, '<' | '>' | '(' | ')'));
    // The prefix first: most lines fail it at their first byte.
    (t.starts_with("http://") || t.starts_with("https://") || t.starts_with("www."))
        && !t.contains(char::is_whitespace)
}

/// Longest download link line, in words.
const DOWNLOAD_MAX_WORDS: usize = 20;

/// The file size units of [`is_download_link`].
const UNITS: &[&str] = &["kb", "mb", "gb", "kib", "mib", "ko", "mo", "kbyte", "mbyte"];

/// Can a byte end or start a word of [`is_download_link`]: one of its
/// ASCII separators, or a byte of a non-ASCII char (which may be a space)?
fn may_separate(b: u8) -> bool {
    b >= 0x80
        || matches!(
            b,
            b' ' | b'\t'..=b'\r' | b'(' | b')' | b'[' | b']' | b',' | b'|' | b';'
        )
}

/// Can `text` hold a size: a number word (digits and dots) and, after
/// separators, a unit word ([`UNITS`], ASCII, any case)? From each run of
/// digits and dots, found eight bytes at a time, the separators are
/// skipped (and every non-ASCII byte, which may belong to a space) and a
/// unit looked for: `mo` in `more` or `2 mit` is none.
fn may_hold_unit(text: &str) -> bool {
    let b = text.as_bytes();
    let mut from = 0;
    while let Some(d) = next_digit(b, from) {
        let mut k = d;
        while b.get(k).is_some_and(|&c| c.is_ascii_digit() || c == b'.') {
            k += 1;
        }
        let end = k;
        while b.get(k).is_some_and(|&c| may_separate(c)) {
            k += 1;
        }
        if k > end && unit_at(b, k) {
            return true;
        }
        from = end;
    }
    false
}

/// Is a whole word of [`UNITS`] at `i` (it ends at a separator or the end)?
fn unit_at(b: &[u8], i: usize) -> bool {
    // Each unit starts with `k`, `m` or `g`: most words after a number
    // (`Uhr`, `Prozent`, `and`) fail at once.
    matches!(b.get(i).map(|c| c | 0x20), Some(b'k' | b'm' | b'g'))
        && UNITS.iter().any(|u| {
            b.get(i..i + u.len())
                .is_some_and(|w| w.eq_ignore_ascii_case(u.as_bytes()))
                && b.get(i + u.len()).is_none_or(|&n| may_separate(n))
        })
}

/// The first ASCII digit in `b` at or after `from`: eight bytes at a time.
fn next_digit(b: &[u8], from: usize) -> Option<usize> {
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    // The high bit of each byte at least `k` (bytes below 0x80: no carry).
    let at_least = |v: u64, k: u8| v.wrapping_add(LO * u64::from(0x80 - k)) & HI;
    let mut i = from;
    while let Some(chunk) = b.get(i..i + 8).and_then(|c| <[u8; 8]>::try_from(c).ok()) {
        let x = u64::from_le_bytes(chunk);
        // Bytes of 0x80 and above are no digit: their high bit clears them.
        let y = x & !HI;
        let digits = at_least(y, b'0') & !at_least(y, b'9' + 1) & !x;
        if digits != 0 {
            return Some(i + (digits.trailing_zeros() / 8) as usize);
        }
        i += 8;
    }
    let rest = b.get(i..)?;
    rest.iter().position(u8::is_ascii_digit).map(|p| i + p)
}

/// `Annual report 2021 (PDF, 1.2 MB)`, `Merkblatt PDF | 38 KB`: a file type
/// and a file size make a link to a download, not a sentence.
pub fn is_download_link(text: &str) -> bool {
    // Most lines have no unit after a number: no word list is built for
    // them. (A unit after a number needs a digit: no test for one.)
    if !may_hold_unit(text) {
        return false;
    }
    download_words(text)
}

/// [`is_download_link`] past its prechecks: a file type word, and a unit
/// word after a number.
fn download_words(text: &str) -> bool {
    const TYPES: &[&str] = &[
        "pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "zip", "odt", "mp3", "epub",
    ];
    let is = |w: &str, set: &[&str]| set.iter().any(|s| w.eq_ignore_ascii_case(s));
    let words = text
        .split(|c: char| c.is_whitespace() || matches!(c, '(' | ')' | '[' | ']' | ',' | '|' | ';'))
        .filter(|w| !w.is_empty());
    let (mut typed, mut sized) = (false, false);
    let mut prev_number = false;
    for w in words {
        // `vom 14. Oktober 2021PDF`: the scraper glued the link text to
        // its type badge, which is printed in capitals.
        typed |= is(w.trim_start_matches('.'), TYPES) || glued_type(w, TYPES);
        sized |= prev_number && is(w, UNITS);
        prev_number = w.starts_with(|c: char| c.is_ascii_digit())
            && w.chars()
                .all(|c| c.is_ascii_digit() || c == '.' || c == ',');
    }
    typed && sized
}

/// Does `word` end with a file type in capitals glued to what came before
/// (`2021PDF`, `BerichtDOCX`)?
fn glued_type(word: &str, types: &[&str]) -> bool {
    types.iter().any(|t| {
        word.len() > t.len()
            && word.get(word.len() - t.len()..).is_some_and(|end| {
                end.bytes()
                    .zip(t.bytes())
                    .all(|(a, b)| a == b.to_ascii_uppercase())
            })
    })
}

/// Longest line after the body dropped for naming a web address.
const PROMO_MAX_WORDS: usize = 12;

/// Top-level domains common enough to tell `example.de` from `z.B.`.
const TLDS: &[&str] = &[
    "com", "org", "net", "info", "biz", "io", "tv", "eu", "de", "at", "ch", "fr", "be", "nl", "es",
    "it", "pt", "br", "pl", "cz", "ru", "ua", "uk", "us", "ca", "au", "mx", "ar", "cl", "pe", "co",
    "uy", "ve",
];

/// Does a word of `text` (split at whitespace) pass [`is_web_address`]?
/// Each kind of address holds a `.` before a letter or digit (`name.tld`),
/// a `www.`, or a `:` (`http://`), and a sentence's full stops are
/// followed by a space or nothing: only the words around such a place are
/// tested, each once, with no walk over the other words.
fn holds_web_address(text: &str) -> bool {
    let b = text.as_bytes();
    let mut from = 0;
    while let Some(i) = b
        .get(from..)
        .and_then(|r| memchr::memchr2(b'.', b':', r))
        .map(|p| from + p)
    {
        let may = b.get(i) == Some(&b':')
            || b.get(..i).is_some_and(|h| h.ends_with(b"www"))
            || b.get(i + 1)
                .is_some_and(|&c| c.is_ascii_alphanumeric() || c >= 0x80);
        if !may {
            from = i + 1;
            continue;
        }
        // The word around `i` (a `.` or `:` is no whitespace).
        let start = text.get(..i).map_or(0, |h| {
            h.char_indices()
                .rev()
                .find(|(_, c)| c.is_whitespace())
                .map_or(0, |(s, c)| s + c.len_utf8())
        });
        let end = text
            .get(i..)
            .and_then(|r| r.find(char::is_whitespace))
            .map_or(text.len(), |e| i + e);
        if text.get(start..end).is_some_and(is_web_address) {
            return true;
        }
        from = end.max(i + 1);
    }
    false
}

/// Does a word name a web site: `www.…`, `http…`, or `name.tld`?
pub fn is_web_address(word: &str) -> bool {
    let w = word.trim_matches(|c: char| !c.is_alphanumeric());
    if w.starts_with("www.") || w.starts_with("http://") || w.starts_with("https://") {
        return true;
    }
    // Compared without case, not on a lowercased copy: no allocation per
    // word (the host test below is the same in either case).
    let Some((name, tld)) = w.rsplit_once('.') else {
        return false;
    };
    let host = name.rsplit('.').next().unwrap_or(name);
    host.len() >= 3 && is_tld(tld) && host.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}

/// A name of [`TLDS`], without case: `tld`'s bytes, lowercased, and its
/// length packed into one number and compared with theirs (no string
/// compare per name).
fn is_tld(tld: &str) -> bool {
    let b = tld.as_bytes();
    if !(2..=4).contains(&b.len()) {
        return false;
    }
    let mut key = [0u8; 4];
    for (k, &c) in key.iter_mut().zip(b) {
        *k = c.to_ascii_lowercase();
    }
    TLD_KEYS.contains(&tld_key(key, b.len()))
}

/// The number [`is_tld`] compares: four bytes (zeros past the end) and the
/// length, so that `de` and `de\0` differ.
const fn tld_key(bytes: [u8; 4], len: usize) -> u64 {
    u32::from_le_bytes(bytes) as u64 | (len as u64) << 32
}

/// [`TLDS`] as [`tld_key`]s (every name is two to four ASCII letters).
const TLD_KEYS: [u64; TLDS.len()] = {
    let mut keys = [0u64; TLDS.len()];
    let mut i = 0;
    while i < TLDS.len() {
        let name = TLDS[i].as_bytes();
        assert!(name.len() >= 2 && name.len() <= 4);
        let mut bytes = [0u8; 4];
        let mut j = 0;
        while j < name.len() {
            bytes[j] = name[j];
            j += 1;
        }
        keys[i] = tld_key(bytes, name.len());
        i += 1;
    }
    keys
};

impl Rule for Social {
    fn name(&self) -> &'static str {
        "social"
    }
    fn describe(&self) -> &'static str {
        "a social handle alone (`(@Name)`), a URL alone outside the body, a short line naming a web site after it, download links (`PDF, 38 KB`)"
    }
    fn apply(&self, doc: &mut Document, ctx: &Context) {
        for i in 0..doc.lines.len() {
            // Every test drops only this line: a line dropped already
            // needs none.
            if !doc.lines[i].is_kept() {
                continue;
            }
            // Deref'd once: each deref of a line's text checks its range.
            let t: &str = &doc.lines[i].text;
            // Both first tests by one load of what the first byte allows.
            let first = t
                .as_bytes()
                .first()
                .map_or(0, |&b| FIRST_BYTE[usize::from(b)]);
            if first & MAY_HANDLE != 0 && is_handle_line(t) {
                doc.drop_line(i, self.name(), "social handle");
            } else if first & MAY_URL != 0 && is_url_line(t) && ctx.outside_body(i) {
                // Inside the body a bare URL is content: a source, a DOI,
                // the website of each venue in a list.
                doc.drop_line(i, self.name(), "bare URL outside the body");
            // A line of two or more words holds whitespace: only one-word
            // lines need the char scan.
            } else if doc.lines[i].words() <= 1
                // The `.` first: a search for one ASCII byte, and most
                // one-word lines have none (no char walk for them).
                && t.contains('.')
                && !t.contains(char::is_whitespace)
                && !t.contains('/')
                && !t.chars().any(char::is_lowercase)
                && is_web_address(t)
            {
                // `BVINEWS.COM` alone, in capitals: a site's name as its logo
                // prints it. (`www.theater.de` in a list of venues inside
                // the body is content.)
                doc.drop_line(i, self.name(), "site name alone");
            } else if doc.lines[i].words() <= DOWNLOAD_MAX_WORDS
                // A size needs a digit: no scan of digit-less lines.
                && doc.lines[i].has_digit()
                && is_download_link(t)
            {
                doc.drop_line(i, self.name(), "download link (file type and size)");
            } else if ctx.after_body(i)
                && doc.lines[i].words() <= PROMO_MAX_WORDS
                && !t.starts_with('[')
                && !super::layout::starts_numbered(t)
                && holds_web_address(t)
            {
                // `More at www.example.org.`, `Also on example.de`: the site
                // pointing at itself or a partner below the article. Notes
                // (`[1] http://...`) are the article's references.
                doc.drop_line(i, self.name(), "web address after the body");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The test `holds_web_address` replaced: a scan for a place an
    /// address can be, then every word with a `.` or `:`.
    fn holds_web_address_before(text: &str) -> bool {
        let b = text.as_bytes();
        let may = memchr::memchr2_iter(b'.', b':', b).any(|i| {
            b[i] == b':'
                || b[..i].ends_with(b"www")
                || b.get(i + 1)
                    .is_some_and(|&c| c.is_ascii_alphanumeric() || c >= 0x80)
        });
        may && text
            .split_whitespace()
            .any(|w| w.bytes().any(|b| b == b'.' || b == b':') && is_web_address(w))
    }

    #[test]
    fn tld_keys_are_the_list() {
        let mut names: Vec<String> = TLDS.iter().map(|t| t.to_string()).collect();
        names.extend(TLDS.iter().map(|t| t.to_ascii_uppercase()));
        names.extend(TLDS.iter().map(|t| format!("{t}\0")));
        names.extend(TLDS.iter().map(|t| format!("{t}x")));
        names.extend(TLDS.iter().map(|t| t[1..].to_string()));
        names.extend(
            [
                "", "d", "dé", "de\0", "DE", "Info", "infos", "c\u{f6}m", "\u{17f}",
            ]
            .map(String::from),
        );
        for n in &names {
            assert_eq!(
                is_tld(n),
                TLDS.iter().any(|t| t.eq_ignore_ascii_case(n)),
                "{n:?}"
            );
        }
    }

    #[test]
    fn first_byte_table_rules_out_only_lines_the_tests_reject() {
        for b in 0..=255u8 {
            let f = FIRST_BYTE[usize::from(b)];
            let mut texts = vec![
                vec![b],
                vec![b, b'@', b'a'],
                vec![b, b'w', b'w', b'w', b'.', b'x'],
            ];
            texts.push([&[b][..], b"ttp://x.de"].concat());
            texts.push([&[b][..], b"(@name)"].concat());
            for t in &texts {
                let Ok(t) = std::str::from_utf8(t) else {
                    continue;
                };
                if f & MAY_HANDLE == 0 {
                    assert!(!is_handle_line(t), "{t:?}");
                }
                if f & MAY_URL == 0 {
                    assert!(!is_url_line(t), "{t:?}");
                }
            }
        }
        for t in ["\u{A0}@name", "\u{2013} @name", "– (@a)"] {
            let f = t
                .as_bytes()
                .first()
                .map_or(0, |&b| FIRST_BYTE[usize::from(b)]);
            assert!(f & MAY_HANDLE != 0, "{t:?}");
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4000))]
        #[test]
        fn web_address_search_is_the_word_walk(
            parts in proptest::collection::vec(
                proptest::sample::select(&["www", ".", ":", "//", "http", "https", "example", "de", "com", "Ab", "z.B", " ", "\u{A0}", "\u{2009}", "\u{E9}", "(", ")", "-", "1"][..]),
                0..14,
            ),
        ) {
            let t = parts.concat();
            proptest::prop_assert_eq!(holds_web_address(&t), holds_web_address_before(&t), "{:?}", t);
        }
    }
    use crate::document::Verdict;

    #[test]
    fn handles() {
        assert!(is_handle_line("(@FahadShabbir)"));
        assert!(is_handle_line("@a_b @c.d"));
        assert!(!is_handle_line("@home we rest"));
        assert!(!is_handle_line("email me at x@y.com"));
        assert!(!is_handle_line("@"));
        // Punctuation alone names no account.
        assert!(is_web_address("BVINEWS.COM"));
        assert!(!is_handle_line("(,)"));
        assert!(!is_handle_line(", , ,"));
        assert!(!is_handle_line("()"));
    }

    #[test]
    fn download_links() {
        assert!(is_download_link("Jahresbericht 2021 (PDF, 1,2 MB)"));
        assert!(is_download_link(
            "Merkblatt vom 3. Mai PDF | 38 KB | barrierefrei"
        ));
        assert!(is_download_link(
            "Informationsschreiben vom 2. Mai 2022PDF | 38 KB | nicht barrierefrei"
        ));
        assert!(!is_download_link("Der Upload von 2022pdf mit 38 KB"));
        assert!(!is_download_link("The archive was 38 MB in size."));
        assert!(!is_download_link("The report (PDF) explains the plan."));
    }

    #[test]
    fn web_addresses() {
        assert!(is_web_address("www.example.org."));
        assert!(is_web_address("example.de"));
        assert!(is_web_address("(https://x.io/a)"));
        assert!(!is_web_address("z.B."));
        assert!(!is_web_address("e.V."));
        assert!(!is_web_address("3.5"));
        let lex = crate::lexicon::Lexicon::build(&[]).expect("lexicon");
        let prose = "This is a long paragraph of the article, with enough words to count as prose: it goes on, and on, about the city council and its plans for the harbour.";
        let text = format!(
            "{prose}\nThe plan is online at harbour.example.org, the council said.\n{prose}\n{prose}\nMore news at www.example.org\n[1] http://example.org/plan.pdf"
        );
        let mut doc = Document::from_text(&text);
        let ctx = Context::new(&lex, &doc);
        Social.apply(&mut doc, &ctx);
        let kept: Vec<bool> = doc.lines.iter().map(|l| l.is_kept()).collect();
        assert_eq!(kept, vec![true, true, true, true, false, true]);
    }

    #[test]
    fn urls_inside_the_body_are_content() {
        let lex = crate::lexicon::Lexicon::build(&[]).expect("lexicon");
        let prose = "This is a long paragraph of the article, with enough words to count as prose: it goes on, and on, about the city council and its plans for the harbour.";
        let text = format!(
            "https://example.com/menu\n{prose}\nhttp://dx.doi.org/10.1000/xyz\n{prose}\n{prose}"
        );
        let mut doc = Document::from_text(&text);
        let ctx = Context::new(&lex, &doc);
        Social.apply(&mut doc, &ctx);
        let kept: Vec<bool> = doc.lines.iter().map(|l| l.is_kept()).collect();
        assert_eq!(kept, vec![false, true, true, true, true]);
    }

    #[test]
    fn capitalised_site_name_alone_dropped() {
        let lex = crate::lexicon::Lexicon::build(&[]).expect("lexicon");
        let prose = "This is a long paragraph of the article, with enough words to count as prose: it goes on, and on, about the city council and its plans for the harbour.";
        let text = format!("{prose}\nBVINEWS.COM\ntheater-koeln.de\n{prose}");
        let mut doc = Document::from_text(&text);
        let ctx = Context::new(&lex, &doc);
        Social.apply(&mut doc, &ctx);
        // Only the name in capitals, as a logo prints it, is taken as one.
        let logo: Vec<bool> = doc
            .lines
            .iter()
            .map(|l| matches!(&l.verdict, Verdict::Drop(r) if r.detail == "site name alone"))
            .collect();
        assert_eq!(logo, vec![false, true, false, false]);
    }

    /// The tests as they were before their prechecks, for comparison.
    mod before {
        pub fn is_handle_line(text: &str) -> bool {
            if memchr::memchr(b'@', text.as_bytes()).is_none() {
                return false;
            }
            let t = text.trim_matches(|c: char| {
                matches!(
                    c,
                    '(' | ')' | '[' | ']' | '|' | '-' | '\u{2013}' | '\u{2014}'
                ) || c.is_whitespace()
            });
            if memchr::memchr(b'@', t.as_bytes()).is_none() {
                return false;
            }
            !t.is_empty()
                && t.split(|c: char| c.is_whitespace() || c == ',')
                    .filter(|w| !w.is_empty())
                    .all(|w| {
                        let w = w.trim_matches(|c: char| matches!(c, '(' | ')'));
                        w.strip_prefix('@').is_some_and(|name| {
                            (1..=40).contains(&name.len())
                                && name
                                    .chars()
                                    .all(|c| c.is_alphanumeric() || c == '_' || c == '.')
                        })
                    })
        }

        pub fn is_url_line(text: &str) -> bool {
            let t = text.trim_matches(|c: char| matches!(c, '<' | '>' | '(' | ')'));
            (t.starts_with("http://") || t.starts_with("https://") || t.starts_with("www."))
                && !t.contains(char::is_whitespace)
        }

        fn may_hold_unit(text: &str) -> bool {
            text.as_bytes().windows(2).any(|w| {
                matches!(w[0] | 0x20, b'k' | b'm' | b'g')
                    && matches!(w[1] | 0x20, b'b' | b'o' | b'i')
            })
        }

        pub fn is_download_link(text: &str) -> bool {
            if !text.bytes().any(|b| b.is_ascii_digit()) || !may_hold_unit(text) {
                return false;
            }
            // What follows the precheck is unchanged.
            super::super::download_words(text)
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]
        #[test]
        fn prechecks_change_no_answer(
            t in "[ (),|;\\[\\]@a-zA-Z0-9._<>/:\u{A0}\u{2009}\u{2013}\u{2014}-]{0,40}|([ (\u{A0}]{0,2}(@?[a-z_.]{0,5}|[0-9.,]{1,4}|KB|mb|MiB|kbyte|Ko|mo|mit|PDF|pdf|docx|2021PDF|https?://x.y|www.a.b|[-,|()\u{2013}]){0,2}){0,6}"
        ) {
            proptest::prop_assert_eq!(is_handle_line(&t), before::is_handle_line(&t), "{:?}", t);
            proptest::prop_assert_eq!(is_url_line(&t), before::is_url_line(&t), "{:?}", t);
            proptest::prop_assert_eq!(is_download_link(&t), before::is_download_link(&t), "{:?}", t);
        }
    }

    #[test]
    fn units_are_whole_words() {
        assert!(is_download_link("Bericht (PDF,\u{A0}38\u{A0}KB)"));
        assert!(is_download_link("Plan PDF 1.2 MiB"));
        assert!(!is_download_link("The PDF had 38 more pages"));
        assert!(!may_hold_unit("mit mehr Kosten"));
        assert!(may_hold_unit("12 mo"));
        assert!(may_hold_unit("1.2\u{A0}MB"));
        assert!(!may_hold_unit("12 more"));
        assert!(!may_hold_unit("MB 12"));
        assert_eq!(next_digit(b"abcdefghij7", 0), Some(10));
        assert_eq!(next_digit("äöüß\u{B9}\u{B5}abc4".as_bytes(), 0), Some(15));
        assert_eq!(next_digit(b"12", 2), None);
    }

    #[test]
    fn urls() {
        assert!(is_url_line("https://example.com/a?b=c"));
        assert!(is_url_line("www.example.org"));
        assert!(!is_url_line("See https://example.com for more."));
    }
}
