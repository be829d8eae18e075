//! JSON Lines input for `fix --jsonl`: what to do with a line that
//! serde_json refuses only because of the very damage dechaff repairs.
//!
//! Scraped dumps written by Python carry lone UTF-16 surrogates as
//! `\ud800` escapes (`json.dumps` writes them, strict parsers refuse them)
//! and stray bytes that are not UTF-8. Refusing such a line would drop the
//! record from the output; instead the bytes are decoded as any document
//! is, and each lone surrogate becomes U+FFFD, which the repairs then
//! resolve by context or keep.

/// The line made parseable, or `None` if there was nothing to salvage.
pub fn salvage(line: &[u8]) -> Option<String> {
    let text = crate::decode::decode(line).text;
    let fixed = replace_lone_surrogates(&text);
    (fixed.as_bytes() != line).then_some(fixed)
}

/// Replaces `\uD800`-`\uDFFF` escapes that are not a high-low pair with
/// `\uFFFD`. Escaped backslashes are skipped, so `\\ud800` (a backslash
/// and the letters `ud800`) stays as it is.
fn replace_lone_surrogates(s: &str) -> String {
    let b = s.as_bytes();
    let unit = |i: usize| -> Option<u16> {
        let hex = b.get(i + 2..i + 6)?;
        if b.get(i..i + 2)? != b"\\u" {
            return None;
        }
        u16::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok()
    };
    let mut out = String::with_capacity(s.len());
    let mut done = 0;
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'\\' {
            i += 1;
            continue;
        }
        match unit(i) {
            Some(0xD800..=0xDBFF) if matches!(unit(i + 6), Some(0xDC00..=0xDFFF)) => {
                i += 12;
            }
            Some(0xD800..=0xDFFF) => {
                out.push_str(&s[done..i]);
                out.push_str("\\ufffd");
                i += 6;
                done = i;
            }
            // Any other escape, `\\` included: skip both characters.
            _ => i += 2,
        }
    }
    out.push_str(&s[done..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lone_surrogates_become_replacement_pairs_stay() {
        assert_eq!(
            replace_lone_surrogates(r#"{"text":"a\ud800b\udc00c\ud83d\ude00d\\ud800"}"#),
            r#"{"text":"a\ufffdb\ufffdc\ud83d\ude00d\\ud800"}"#
        );
        assert_eq!(replace_lone_surrogates(r"\ud83d"), r"\ufffd");
        assert_eq!(replace_lone_surrogates(r"x\u12"), r"x\u12");
    }

    #[test]
    fn nothing_to_salvage_in_plain_bad_json() {
        assert_eq!(salvage(b"not json"), None);
        assert!(salvage(b"{\"text\":\"caf\xe9\"}").is_some());
    }
}
