//! The byte-level work of JSON Lines, done faster than the general tools
//! for the shape of a scraped corpus (one long text field per record):
//! splitting lines with memchr's vector search, validating UTF-8 once with
//! simdutf8, and escaping strings eight bytes at a time. Each gives exactly
//! the bytes of the general tool it stands in for (`BufRead::split`,
//! `serde_json::from_slice`, `serde_json::to_writer`); the tests check it.

use serde_json::Value;
use std::io::{self, BufRead, Write};

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

/// `serde_json::from_slice`, but with the UTF-8 of the whole line checked
/// at once (serde_json checks each string it reads on its own). Bytes that
/// are not UTF-8 go to `from_slice`, for its error.
pub fn from_slice(bytes: &[u8]) -> serde_json::Result<Value> {
    match simdutf8::basic::from_utf8(bytes) {
        Ok(s) => serde_json::from_str(s),
        Err(_) => serde_json::from_slice(bytes),
    }
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
    let (mut done, mut i) = (0, 0);
    while i < b.len() {
        let at = match b.get(i..i + 8) {
            Some(chunk) => {
                let mut word = [0u8; 8];
                word.copy_from_slice(chunk);
                let m = escape_mask(u64::from_le_bytes(word));
                if m == 0 {
                    i += 8;
                    continue;
                }
                i + (m.trailing_zeros() / 8) as usize
            }
            // The last bytes, one at a time.
            None => match b[i..]
                .iter()
                .position(|&c| c < 0x20 || c == b'"' || c == b'\\')
            {
                Some(p) => i + p,
                None => break,
            },
        };
        w.write_all(&b[done..at])?;
        write_escape(w, b[at])?;
        i = at + 1;
        done = i;
    }
    w.write_all(&b[done..])?;
    w.write_all(b"\"")
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

    #[test]
    fn lines_split_as_bufread_split_does() {
        let inputs: [&[u8]; 7] = [
            b"",
            b"\n",
            b"a",
            b"a\n",
            b"a\n\nb",
            b"\n\na\r\nb\n",
            b"x\ny\n\n",
        ];
        for input in inputs {
            let want: Vec<Vec<u8>> = io::BufRead::split(input, b'\n')
                .map(|l| l.expect("read"))
                .collect();
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
