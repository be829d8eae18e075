//! The byte-level work of JSON Lines, done faster than the general tools
//! for the shape of a scraped corpus (one long text field per record):
//! splitting lines with memchr's vector search, validating UTF-8 once with
//! simdutf8, and escaping strings eight bytes at a time. Each gives exactly
//! the bytes of the general tool it stands in for (`BufRead::split`,
//! `serde_json::from_slice`, `serde_json::to_writer`); the tests check it.

use serde_json::Value;
use std::io::{self, BufRead, Read, Write};

/// The lines of `reader` without their `\n`, as `BufRead::split(b'\n')`
/// gives them; std's split finds the newline without vector search.
pub struct Lines<R> {
    reader: R,
}

impl<R: BufRead> Lines<R> {
    pub fn new(reader: R) -> Self {
        Lines { reader }
    }
}

impl<R: BufRead> Iterator for Lines<R> {
    type Item = io::Result<Vec<u8>>;

    fn next(&mut self) -> Option<Self::Item> {
        let mut line = Vec::new();
        loop {
            let buf = match self.reader.fill_buf() {
                Ok(b) => b,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Some(Err(e)),
            };
            if buf.is_empty() {
                return (!line.is_empty()).then_some(Ok(line));
            }
            match memchr::memchr(b'\n', buf) {
                Some(p) => {
                    line.extend_from_slice(&buf[..p]);
                    self.reader.consume(p + 1);
                    return Some(Ok(line));
                }
                None => {
                    let n = buf.len();
                    line.extend_from_slice(buf);
                    self.reader.consume(n);
                }
            }
        }
    }
}

/// A reader's bytes in blocks of whole lines, so the lines can be handed
/// out as slices of their block rather than copied one by one: the input
/// is read `size` bytes at a time, and each block ends just after the last
/// newline read (the rest starts the next one), or where the input ends.
pub struct Blocks<R> {
    reader: R,
    size: usize,
    /// The start of a line the last block cut off.
    carry: Vec<u8>,
    eof: bool,
}

impl<R: Read> Blocks<R> {
    pub fn new(reader: R, size: usize) -> Self {
        Blocks {
            reader,
            size: size.max(1),
            carry: Vec::new(),
            eof: false,
        }
    }

    /// The next block; `None` at the end.
    pub fn next_block(&mut self) -> Option<io::Result<Vec<u8>>> {
        let mut block = std::mem::take(&mut self.carry);
        while !self.eof {
            let before = block.len();
            // Room for the whole read up front: no growing and copying.
            block.reserve(self.size);
            let got = match (&mut self.reader)
                .take(self.size as u64)
                .read_to_end(&mut block)
            {
                Ok(n) => n,
                Err(e) => return Some(Err(e)),
            };
            self.eof = got < self.size;
            if let Some(p) = memchr::memrchr(b'\n', &block[before..]) {
                if !self.eof {
                    self.carry = block.split_off(before + p + 1);
                }
                break;
            }
        }
        (!block.is_empty()).then_some(Ok(block))
    }
}

/// The lines of a block from [`Blocks`], without their `\n`, as
/// `BufRead::split(b'\n')` gives them.
/// (`memchr` finds the newlines; slice `split` goes byte by byte.)
pub fn block_lines(block: &[u8]) -> impl Iterator<Item = &[u8]> {
    // An empty block has no line, a lone `\n` one empty line.
    let mut rest = (!block.is_empty()).then(|| block.strip_suffix(b"\n").unwrap_or(block));
    std::iter::from_fn(move || {
        let r = rest?;
        match memchr::memchr(b'\n', r) {
            Some(p) => {
                rest = r.get(p + 1..);
                r.get(..p)
            }
            None => rest.take(),
        }
    })
}

/// `serde_json::from_slice`, but with the UTF-8 of the whole line checked
/// at once (serde_json checks each string it reads on its own), and a
/// record of the usual shape (see [`flat_object`]) read without it. Bytes
/// that are not UTF-8 go to `from_slice`, for its error.
pub fn from_slice(bytes: &[u8]) -> serde_json::Result<Value> {
    match simdutf8::basic::from_utf8(bytes) {
        Ok(s) => flat_object(s).map_or_else(|| serde_json::from_str(s), Ok),
        Err(_) => serde_json::from_slice(bytes),
    }
}

/// A JSON object whose values are all strings, parsed to the `Value`
/// serde_json gives, or `None` for anything else (other values, bad JSON,
/// strings it would refuse or `$`-keys it reads as its own markers), which
/// is then left to serde_json. serde_json decodes a long string into a
/// buffer grown as it goes and then copies it; here each string is decoded
/// once into a buffer as large as the rest of the line.
fn flat_object(s: &str) -> Option<Value> {
    let b = s.as_bytes();
    let mut i = skip_ws(b, 0);
    if b.get(i) != Some(&b'{') {
        return None;
    }
    let few = Few::of(b);
    let mut map = serde_json::Map::new();
    i = skip_ws(b, i + 1);
    if b.get(i) == Some(&b'}') {
        i += 1;
    } else {
        loop {
            let (key, j) = string_at(s, i, few.as_ref())?;
            if key.starts_with('$') {
                return None;
            }
            i = skip_ws(b, j);
            if b.get(i) != Some(&b':') {
                return None;
            }
            let (value, j) = string_at(s, skip_ws(b, i + 1), few.as_ref())?;
            // As serde_json inserts: a repeated key keeps its place and
            // takes the last value.
            map.insert(key, Value::String(value));
            i = skip_ws(b, j);
            match b.get(i) {
                Some(b',') => i = skip_ws(b, i + 1),
                Some(b'}') => {
                    i += 1;
                    break;
                }
                _ => return None,
            }
        }
    }
    (skip_ws(b, i) == b.len()).then_some(Value::Object(map))
}

/// The index of the first byte from `i` on that is not JSON whitespace.
fn skip_ws(b: &[u8], mut i: usize) -> usize {
    while matches!(b.get(i), Some(b' ' | b'\t' | b'\n' | b'\r')) {
        i += 1;
    }
    i
}

/// The JSON string whose opening quote is at `i`, decoded, and the index
/// just past its closing quote; `None` where serde_json would refuse it
/// (control characters, bad escapes, lone surrogates).
fn string_at(s: &str, i: usize, few: Option<&Few>) -> Option<(String, usize)> {
    let b = s.as_bytes();
    if b.get(i) != Some(&b'"') {
        return None;
    }
    // Escapes only shrink: the rest of the line is enough.
    let mut out = String::with_capacity(b.len() - i);
    let mut done = i + 1;
    loop {
        let at = next_special(b, done, few)?;
        // `at` is an ASCII byte, so a char boundary.
        out.push_str(s.get(done..at)?);
        match b.get(at)? {
            b'"' => {
                // A short string (a key, a url) gives back the rest.
                if out.capacity() - out.len() > 64 {
                    out.shrink_to_fit();
                }
                return Some((out, at + 1));
            }
            b'\\' => {
                let (c, next) = unescape(b, at + 1)?;
                out.push(c);
                done = next;
            }
            _ => return None,
        }
    }
}

/// The character of the escape whose letter (after the `\`) is at `i`, and
/// the index past it; a `\u` high surrogate must be followed by a `\u` low
/// one, as serde_json requires of a string.
fn unescape(b: &[u8], i: usize) -> Option<(char, usize)> {
    let c = match b.get(i)? {
        b'"' => '"',
        b'\\' => '\\',
        b'/' => '/',
        b'b' => '\u{8}',
        b'f' => '\u{c}',
        b'n' => '\n',
        b'r' => '\r',
        b't' => '\t',
        b'u' => {
            let hi = hex4(b, i + 1)?;
            if !(0xD800..0xDC00).contains(&hi) {
                // A lone low surrogate is no char: `None`.
                return Some((char::from_u32(hi)?, i + 5));
            }
            if b.get(i + 5..i + 7)? != b"\\u" {
                return None;
            }
            let lo = hex4(b, i + 7)?;
            if !(0xDC00..0xE000).contains(&lo) {
                return None;
            }
            let c = char::from_u32(0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00))?;
            return Some((c, i + 11));
        }
        _ => return None,
    };
    Some((c, i + 1))
}

/// Four hex digits (either case) at `i`.
fn hex4(b: &[u8], i: usize) -> Option<u32> {
    b.get(i..i + 4)?
        .iter()
        .try_fold(0, |n, &c| Some(n * 16 + char::from(c).to_digit(16)?))
}

/// Writes `value` as `serde_json::to_writer` does (compact), with the
/// strings of a record's top level (its text) escaped by [`write_str`].
pub fn write_record<W: Write>(w: &mut W, value: &Value) -> io::Result<()> {
    let Value::Object(map) = value else {
        return serde_json::to_writer(w, value).map_err(io::Error::from);
    };
    w.write_all(b"{")?;
    for (i, (key, v)) in map.iter().enumerate() {
        if i > 0 {
            w.write_all(b",")?;
        }
        write_str(w, key)?;
        w.write_all(b":")?;
        match v {
            Value::String(s) => write_str(w, s)?,
            v => serde_json::to_writer(&mut *w, v).map_err(io::Error::from)?,
        }
    }
    w.write_all(b"}")
}

const LOW: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// The high bit of each byte of `w` that is below 0x20, `"` or `\`. Only
/// the lowest set bit is sure to be one (a borrow can mark a byte above a
/// hit); that is the only one read.
fn escape_mask(w: u64) -> u64 {
    let below = |x: u64, n: u64| x.wrapping_sub(n * LOW) & !x & HIGH;
    below(w, 0x20) | below(w ^ (b'"' as u64 * LOW), 1) | below(w ^ (b'\\' as u64 * LOW), 1)
}

/// Writes `s` as a JSON string, escaped byte for byte as serde_json
/// escapes it: `\"`, `\\`, `\b \t \n \f \r`, other controls as `\u00xx`,
/// everything else as it is. Plain runs are found eight bytes at a time.
pub fn write_str<W: Write>(w: &mut W, s: &str) -> io::Result<()> {
    let b = s.as_bytes();
    w.write_all(b"\"")?;
    let few = Few::of(b);
    let mut done = 0;
    while let Some(at) = next_special(b, done, few.as_ref()) {
        w.write_all(&b[done..at])?;
        write_escape(w, b[at])?;
        done = at + 1;
    }
    w.write_all(&b[done..])?;
    w.write_all(b"\"")
}

/// Finds `"`, `\` or `\n`, what a scan of a JSON string's text must stop
/// at when it has no other byte below 0x20 (the usual case; see
/// [`Few::of`]). With AVX2, through a searcher made once per text:
/// `memchr3` makes one on each call, most of its cost on the short runs
/// between a text's escapes.
#[derive(Clone, Copy, Debug)]
struct Few {
    #[cfg(target_arch = "x86_64")]
    avx2: Option<memchr::arch::x86_64::avx2::memchr::Three>,
}

impl Few {
    fn new() -> Few {
        Few {
            #[cfg(target_arch = "x86_64")]
            avx2: memchr::arch::x86_64::avx2::memchr::Three::new(b'"', b'\\', b'\n'),
        }
    }

    /// A `Few` for `b`, or `None` if it has a byte below 0x20 besides `\n`
    /// (then every such byte stops the scan).
    fn of(b: &[u8]) -> Option<Few> {
        // No early exit, so the check runs a vector at a time.
        let odd = b
            .iter()
            .fold(false, |odd, &c| odd | ((c < 0x20) & (c != b'\n')));
        (!odd).then(Few::new)
    }

    fn find(&self, haystack: &[u8]) -> Option<usize> {
        #[cfg(target_arch = "x86_64")]
        if let Some(three) = &self.avx2 {
            return three.find(haystack);
        }
        memchr::memchr3(b'"', b'\\', b'\n', haystack)
    }
}

/// The index of the first byte from `i` on that is below 0x20, `"` or `\`
/// (what a JSON string escapes, and where its reading stops): with `few`
/// by it, else eight bytes at a time.
fn next_special(b: &[u8], mut i: usize, few: Option<&Few>) -> Option<usize> {
    if let Some(few) = few {
        return few.find(b.get(i..)?).map(|p| i + p);
    }
    while let Some(chunk) = b.get(i..i + 8) {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let m = escape_mask(u64::from_le_bytes(word));
        if m != 0 {
            return Some(i + (m.trailing_zeros() / 8) as usize);
        }
        i += 8;
    }
    // The last bytes, one at a time.
    let p = b
        .get(i..)?
        .iter()
        .position(|&c| c < 0x20 || c == b'"' || c == b'\\')?;
    Some(i + p)
}

fn write_escape<W: Write>(w: &mut W, c: u8) -> io::Result<()> {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    match c {
        b'"' => w.write_all(b"\\\""),
        b'\\' => w.write_all(b"\\\\"),
        0x08 => w.write_all(b"\\b"),
        b'\t' => w.write_all(b"\\t"),
        b'\n' => w.write_all(b"\\n"),
        0x0C => w.write_all(b"\\f"),
        b'\r' => w.write_all(b"\\r"),
        c => w.write_all(&[
            b'\\',
            b'u',
            b'0',
            b'0',
            HEX[(c >> 4) as usize],
            HEX[(c & 0xF) as usize],
        ]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::strategy::Strategy;

    fn ours(v: &Value) -> Vec<u8> {
        let mut out = Vec::new();
        write_record(&mut out, v).expect("write");
        out
    }

    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them() {
        // Every ASCII byte, at every offset within an 8-byte word, next to
        // plain, non-ASCII and other escaped bytes.
        for c in 0u8..0x80 {
            for pad in 0..10 {
                let s = format!("{}{}é\"x{}\\", "a".repeat(pad), c as char, "ü".repeat(pad));
                let v = serde_json::json!({ "text": s, "n": 1 });
                assert_eq!(ours(&v), serde_json::to_vec(&v).expect("json"), "{c} {pad}");
            }
        }
        for s in [
            "",
            "\n",
            "plain words only",
            "\u{7f}\u{80}\u{2028}\u{fffd}",
            "\"\"\\\\\n\n\t\r\u{1}\u{1f}",
        ] {
            let v = Value::String(s.into());
            let mut out = Vec::new();
            write_str(&mut out, s).expect("write");
            assert_eq!(out, serde_json::to_vec(&v).expect("json"), "{s:?}");
        }
    }

    #[test]
    fn records_of_any_shape_are_written_as_serde_json_writes_them() {
        let lines = [
            r#"{"url":"https://a.org/x?q=\"1\"","text":"Line one\nLine two\t\u0000end","id":12345678901234567890123,"f":1.50,"tags":["a\nb",{"k":"v\\"}],"n":null,"b":true}"#,
            r#"{}"#,
            r#"{"text":""}"#,
            r#"[1,"two\n",{"three":3}]"#,
            r#""just a string\n""#,
            r#"42"#,
            r#"{"z":1,"a":2,"m":"order kept"}"#,
        ];
        for line in lines {
            let v: Value = serde_json::from_str(line).expect("json");
            assert_eq!(ours(&v), serde_json::to_vec(&v).expect("json"), "{line}");
        }
    }

    #[test]
    fn parsing_agrees_with_from_slice_and_keeps_its_errors() {
        let good = "{\"text\":\"caf\\u00e9 café\",\"n\":1.0}".as_bytes();
        assert_eq!(
            from_slice(good).expect("json"),
            serde_json::from_slice::<Value>(good).expect("json")
        );
        for bad in [&b"{\"text\":\"a\xff\"}"[..], b"{\"text\":", b"{\"a\":1} x"] {
            assert_eq!(
                from_slice(bad).map_err(|e| e.to_string()),
                serde_json::from_slice::<Value>(bad).map_err(|e| e.to_string())
            );
        }
    }

    /// `flat_object` against serde_json: where it reads a line, the same
    /// value with the same key order; and it reads every line of its shape.
    fn check_flat(line: &str) {
        let want = serde_json::from_str::<Value>(line);
        match flat_object(line) {
            Some(got) => {
                let want = want.expect("serde_json reads what flat_object reads");
                assert_eq!(got.to_string(), want.to_string(), "{line:?}");
                assert_eq!(got, want, "{line:?}");
            }
            None => {
                let shaped = want
                    .as_ref()
                    .ok()
                    .and_then(Value::as_object)
                    .is_some_and(|m| m.iter().all(|(k, v)| v.is_string() && !k.starts_with('$')));
                assert!(!shaped, "flat_object left a flat record: {line:?}");
            }
        }
    }

    #[test]
    fn flat_records_read_as_serde_json_reads_them() {
        let long = "Zeile mit Umlauten äöü, \"Zitat\" und C:\\pfad\n".repeat(50_000);
        let lines = [
            r#"{"url":"https://a.org/x","text":"Line one\nLine two\t\u0000end"}"#.to_string(),
            r#"  { "a" : "1" , "b":"2" }  "#.to_string(),
            "{}".into(),
            " {\t}\r".into(),
            r#"{"text":""}"#.into(),
            r#"{"k":"v","k":"w","j":"x"}"#.into(),
            r#"{"e":"\" \\ \/ \b \f \n \r \t \u00e9 \u00E9 \u20ac \ud83d\ude00 \uD83D\uDE00 \uffff"}"#.into(),
            r#"{"e":"caf\u00e9 café 日本 \u65e5"}"#.into(),
            // Lone surrogates, bad escapes and raw controls: serde_json's.
            r#"{"t":"a\ud800b"}"#.into(),
            r#"{"t":"a\udc00b"}"#.into(),
            r#"{"t":"\ud800"}"#.into(),
            r#"{"t":"\ud800\n"}"#.into(),
            r#"{"t":"\ud800\u0041"}"#.into(),
            r#"{"t":"\ud800\ud800"}"#.into(),
            r#"{"t":"\u12"}"#.into(),
            r#"{"t":"\u+123"}"#.into(),
            r#"{"t":"\x"}"#.into(),
            "{\"t\":\"tab\there\"}".into(),
            "{\"t\":\"nl\nhere\"}".into(),
            // Not flat, or not JSON: serde_json's.
            r#"{"n":1,"t":"x"}"#.into(),
            r#"{"t":"x","m":{"a":"b"}}"#.into(),
            r#"{"$serde_json::private::Number":"12"}"#.into(),
            r#"{"t":"x"} x"#.into(),
            r#"{"t":"x",}"#.into(),
            r#"{"t":"x""#.into(),
            r#"{"t":"x"#.into(),
            r#"{"t" "x"}"#.into(),
            r#"{"t":"x"}}"#.into(),
            r#"["t"]"#.into(),
            r#""t""#.into(),
            "".into(),
            format!(
                r#"{{"url":"u","text":{}}}"#,
                serde_json::to_string(&long).expect("json")
            ),
        ];
        for line in &lines {
            check_flat(line);
        }
        let huge = flat_object(lines.last().expect("lines")).expect("flat");
        let text = huge["text"].as_str().expect("text");
        assert_eq!(text, long);
    }

    proptest::proptest! {
        #[test]
        fn both_scans_stop_at_the_same_bytes(
            s in proptest::string::string_regex("[a-z\"\\\\\n\t\u{1}\u{1f} é€😀]{0,80}").expect("regex"),
            from in 0usize..90,
        ) {
            let b = s.as_bytes();
            let few = Few::of(b).is_some();
            proptest::prop_assert_eq!(few, !b.iter().any(|&c| c < 0x20 && c != b'\n'));
            let slow = b.get(from..).and_then(|r| {
                r.iter().position(|&c| c < 0x20 || c == b'"' || c == b'\\').map(|p| from + p)
            });
            proptest::prop_assert_eq!(next_special(b, from, None), slow);
            if few {
                proptest::prop_assert_eq!(next_special(b, from, Some(&Few::new())), slow);
            }
        }
    }

    #[test]
    fn lines_not_utf8_keep_serde_json_errors() {
        for bad in [
            &b"{\"t\":\"caf\xe9\"}"[..],
            b"{\"t\":\"\xff\xfe\"}",
            b"{\"\xc3\":\"x\"}",
        ] {
            assert_eq!(
                from_slice(bad).map_err(|e| e.to_string()),
                serde_json::from_slice::<Value>(bad).map_err(|e| e.to_string())
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn flat_objects_of_any_pieces_read_as_serde_json_reads_them(
            pieces in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::string::string_regex("[ -~]{0,12}").expect("regex"),
                    proptest::string::string_regex("[\\u{80}-\\u{10ffff}]{0,3}").expect("regex"),
                    proptest::sample::select(vec![
                        "\\n", "\\\"", "\\\\", "\\/", "\\b", "\\f", "\\r", "\\t", "\\u00e9",
                        "\\uD83D", "\\ude00", "\\uDBFF\\uDFFF", "\\ud800\\u0041", "\\u", "\\q",
                        "\\", "\"", "\t", "\n", "\u{1f}", "\",\"", "\":\"", " , ", "}", "{", "$",
                    ]).prop_map(str::to_string),
                ],
                0..40,
            ),
        ) {
            let line = format!("{{\"url\":\"{}\"}}", pieces.concat());
            check_flat(&line);
        }
    }

    /// Inputs for the line splitters: blank lines, `\r\n`, no final newline.
    const SPLIT_CASES: [&[u8]; 9] = [
        b"",
        b"\n",
        b"\n\n",
        b"a",
        b"a\n",
        b"a\n\nb",
        b"\n\na\r\nb\n",
        b"x\ny\n\n",
        b"a long first line\nb\nanother long line without its newline",
    ];

    /// The lines `BufRead::split` gives, which the splitters must match.
    fn bufread_split(input: &[u8]) -> Vec<Vec<u8>> {
        io::BufRead::split(input, b'\n')
            .map(|l| l.expect("read"))
            .collect()
    }

    #[test]
    fn blocks_give_the_lines_bufread_split_gives() {
        for input in SPLIT_CASES {
            let want = bufread_split(input);
            for size in [1, 2, 3, 5, 8, 100] {
                let mut blocks = Blocks::new(input, size);
                let mut got: Vec<Vec<u8>> = Vec::new();
                while let Some(block) = blocks.next_block() {
                    let block = block.expect("read");
                    assert!(block.ends_with(b"\n") || blocks.eof, "{input:?} {size}");
                    got.extend(block_lines(&block).map(<[u8]>::to_vec));
                }
                assert_eq!(got, want, "{input:?} {size}");
            }
        }
    }

    #[test]
    fn lines_split_as_bufread_split_does() {
        for input in SPLIT_CASES {
            let want = bufread_split(input);
            let got: Vec<Vec<u8>> = Lines::new(input).map(|l| l.expect("read")).collect();
            assert_eq!(got, want, "{input:?}");
        }
        // Lines longer than the reader's buffer come out whole.
        let long = [b"x".repeat(100), b"y".repeat(3)].join(&b'\n');
        let r = io::BufReader::with_capacity(7, &long[..]);
        let got: Vec<Vec<u8>> = Lines::new(r).map(|l| l.expect("read")).collect();
        assert_eq!(got, vec![b"x".repeat(100), b"y".repeat(3)]);
    }
}
