//! Mojibake: UTF-8 text that was decoded with a single-byte code page
//! (`donâ€™t`, `РњРѕСЃРєРІР°`, `╨┐╤Ç╨░`), possibly several times over.
//!
//! The repair encodes the text back to bytes with the code page it was
//! misread in and decodes those bytes as UTF-8. Deciding *when* to do it is
//! the whole difficulty, so every candidate is judged twice:
//! - the text before must look like mojibake: the characters that would
//!   become one UTF-8 sequence must be unlikely neighbours in real text (a
//!   letter followed by `©`, a C1 control, `Рѕ`, box drawing after a letter),
//!   scored by [`seq_weight`];
//! - the text after must look like real text: every decoded character is
//!   from a block that real text uses, and fits its neighbours
//!   ([`plausible`]).
//!
//! A whole line is tried first, each code page in turn; if no code page
//! decodes the whole line, runs of mojibake inside an otherwise good line
//! are fixed one by one, with a stricter score. Layers are peeled until
//! nothing changes. Lines that hold no lead character followed by a
//! continuation character of the same code page skip all of this (the fast
//! path: a table lookup per character).

use super::codepage::{self, Codec, Cp, ALL, CONT_SHIFT, F_CYR_NOT_DJE, F_CYR_PLAIN, LEAD2, LEAD3};
use super::props::{is_alnum, is_alpha, is_lower, is_upper};
use super::{RepairKind, RepairLog, Splice};
use std::borrow::Cow;

/// A token for a character that was U+FFFD: a byte that got lost.
const LOSSY: u16 = 0x100;
/// Score a whole line must reach before it is re-decoded.
const WHOLE_MIN: u32 = 2;
/// Score a run inside a line must reach (the rest of the line is evidence
/// against mojibake, so this is stricter).
const PART_MIN: u32 = 4;
/// Once one run of a line was fixed, the others of the same code page need
/// less evidence (`В«` fixed makes `В»` believable).
const PART_MIN_AFTER: u32 = 2;
/// Layers of mojibake peeled at most.
const MAX_LAYERS: usize = 4;

/// True when the line may hold mojibake: some character is a UTF-8 lead
/// byte in a code page and the next ones are enough continuation bytes in
/// the same code page (one for a 2-byte lead, two for longer ones), or a C1
/// control, or `Ã` before a space (a lost NBSP byte).
pub fn suspicious(line: &str) -> bool {
    candidates(line) != 0
}

/// The code pages (bit `k` for [`ALL`]`[k]`) in which the line has a
/// complete UTF-8 sequence; all of them for a C1 control or `Ã ` (the
/// sequence may need a lost byte put back). Zero: no mojibake possible.
pub fn candidates(line: &str) -> u16 {
    if line.is_ascii() {
        return 0;
    }
    let m = codepage::masks();
    // Code pages in which the previous character needs one more
    // continuation to complete a sequence, and in which it needs two.
    let (mut need1, mut need2) = (0u64, 0u64);
    let mut hits = 0u64;
    let mut prev_a_tilde = false;
    let mut prev_cyr = false;
    for c in line.chars() {
        if c.is_ascii() {
            if prev_a_tilde && c == ' ' {
                return 0xFFFF;
            }
            (need1, need2, prev_a_tilde, prev_cyr) = (0, 0, false, false);
            continue;
        }
        let k = m.get(c);
        // Two Cyrillic letters are a lead and a continuation in cp866 or
        // windows-1251 (`ро`, `Ві`), but mojibake only after `Р` or `С`
        // (`Рё`, `СЃ`) or as `вЂ` (`вЂ™`): other pairs take the fast path.
        let cont = if prev_cyr && k & F_CYR_NOT_DJE != 0 {
            0
        } else {
            (k >> CONT_SHIFT) & 0xFFFF
        };
        if is_c1(c) || (prev_a_tilde && c == '\u{A0}') {
            return 0xFFFF;
        }
        hits |= need1 & cont;
        need1 = (need2 & cont) | (k & LEAD2);
        need2 = (k & LEAD3) >> 16;
        prev_cyr = k & F_CYR_PLAIN != 0;
        prev_a_tilde = c == 'Ã';
    }
    hits as u16
}

/// Whether `lead` followed by `cont`, a lead and a continuation character
/// in the code pages `cps` (bits as in [`candidates`]), can be part of a
/// repair. Not when, in each of them, the two are a 2-byte sequence that
/// decodes to a character real text does not use (`l’é` in MacRoman is
/// D5 8E, Armenian `Վ`; `ß` and a soft hyphen are NKo in windows-1252):
/// [`whole_line`] fails on any line holding that sequence (it wants every
/// sequence [`plausible`]), and no run of [`partial`] holding it is ever
/// accepted. The line scan calls this only for the pairs it finds, so
/// that a line whose pairs all fail does not go to [`fix_line`] (see
/// `scan::scan_with_from` for why that line is then left as it is).
///
/// True, to be sure, for the code pages with Cyrillic letters (where the
/// scan does not look at every pair that [`partial`] may decode), and
/// for any pair that is not a whole 2-byte sequence in the code page
/// (the end of a longer one).
pub(crate) fn pair_may_fix(lead: char, cont: char, cps: u64) -> bool {
    if cps >> ALL.len() != 0 {
        return true;
    }
    ALL.iter().enumerate().any(|(k, &cp)| {
        if cps & (1 << k) == 0 {
            return false;
        }
        if matches!(cp, Cp::W1251 | Cp::Cp866 | Cp::Koi8r) {
            return true;
        }
        let codec = codepage::codec(cp);
        let (Some(l), Some(c)) = (codec.encode(lead), codec.encode(cont)) else {
            return true;
        };
        if !(0xC2..=0xDF).contains(&l) || !(0x80..=0xBF).contains(&c) {
            return true;
        }
        let u = (u32::from(l & 0x1F) << 6) | u32::from(c & 0x3F);
        char::from_u32(u).is_none_or(|d| is_c1(d) || common_char(d))
    })
}

/// Repairs mojibake line by line; C1 controls left over are read as
/// windows-1252 (what they almost always were).
pub fn fix_text<'a>(text: &'a str, log: &mut RepairLog) -> Cow<'a, str> {
    let mut out = Splice::new(text);
    for (i, line) in text.split('\n').enumerate() {
        let fixed = if suspicious(line) {
            fix_line(line, i + 1, log)
        } else {
            None
        };
        if let Some(f) = fixed {
            out.replace_part(line, &f);
        }
    }
    out.finish()
}

/// Repairs one line (no newline in it); `None` if nothing changed.
pub fn fix_line(line: &str, lineno: usize, log: &mut RepairLog) -> Option<String> {
    let mut cur: Vec<char> = line.chars().collect();
    let mut changed = false;
    let mut mask = candidates(line);
    // Reading C1 controls as windows-1252 can complete a further layer
    // (`Р\u{85}` becomes `Р…`, which is `Ѕ`): a second round then.
    for _round in 0..2 {
        for _ in 0..MAX_LAYERS {
            if mask == 0 {
                break;
            }
            let Some((next, _codepage)) = step(&cur, mask) else {
                break;
            };
            let before: String = cur.iter().collect();
            let after: String = next.iter().collect();
            log.record(RepairKind::Mojibake, lineno, 1, &before, &after);
            mask = candidates(&after);
            cur = next;
            changed = true;
        }
        if !fix_c1(&mut cur, lineno, log) {
            break;
        }
        changed = true;
        let s: String = cur.iter().collect();
        mask = candidates(&s);
    }
    changed.then(|| cur.into_iter().collect())
}

/// Reads C1 controls as the characters they are in windows-1252 (or
/// MacRoman, see [`pick_c1_codec`]); true if any changed.
fn fix_c1(cur: &mut [char], lineno: usize, log: &mut RepairLog) -> bool {
    if !cur.iter().any(|&c| is_c1(c)) {
        return false;
    }
    let codec = pick_c1_codec(cur);
    let mut changed = false;
    for (col, c) in cur.iter_mut().enumerate() {
        if is_c1(*c) {
            let d = codec.decode(*c as u8);
            if d != *c {
                log.record(
                    RepairKind::C1Control,
                    lineno,
                    col + 1,
                    c.encode_utf8(&mut [0; 4]),
                    d.encode_utf8(&mut [0; 4]),
                );
                *c = d;
                changed = true;
            }
        }
    }
    changed
}

/// C1 controls are windows-1252 bytes, except in a line where one of them
/// is a sign inside a word in windows-1252 (`Coatl\u{87}n`, `‡`) and a
/// letter in MacRoman (`á`): then the line was MacRoman.
fn pick_c1_codec(line: &[char]) -> &'static Codec {
    let web = codepage::codec(Cp::Web);
    let mac = codepage::codec(Cp::Mac);
    let in_word = |i: usize| {
        let p = i.checked_sub(1).and_then(|p| line.get(p));
        let n = line.get(i + 1);
        p.is_some_and(|c| c.is_lowercase()) && n.is_some_and(|c| c.is_lowercase())
    };
    let mac_line = line.iter().enumerate().any(|(i, &c)| {
        if !is_c1(c) || !in_word(i) {
            return false;
        }
        let w = web.decode(c as u8);
        !w.is_alphabetic() && !matches!(w, '’' | '‘') && mac.decode(c as u8).is_alphabetic()
    });
    if mac_line {
        mac
    } else {
        web
    }
}

/// One layer: the whole line in the first code page that decodes it, else
/// the runs of one code page inside the line.
fn step(chars: &[char], mask: u16) -> Option<(Vec<char>, &'static str)> {
    let tried = || ALL.iter().filter(move |&&cp| mask & (1 << cp as u16) != 0);
    for &cp in tried() {
        let codec = codepage::codec(cp);
        if let Some(out) = whole_line(chars, codec) {
            return Some((out, codec.name));
        }
    }
    for &cp in tried() {
        let codec = codepage::codec(cp);
        if let Some(out) = partial(chars, codec) {
            return Some((out, codec.name));
        }
    }
    None
}

#[derive(Clone, Copy, Debug)]
struct Tok {
    b: u16,
    /// Index of the character the byte came from.
    at: usize,
    /// A space that was put back as the NBSP byte it had been.
    from_space: bool,
}

/// A decoded UTF-8 sequence: tokens `start..end` became `out[out_at]`.
#[derive(Clone, Copy, Debug)]
struct Seq {
    start: usize,
    end: usize,
    out_at: usize,
}

fn is_cont(b: u16) -> bool {
    (0x80..=0xBF).contains(&b)
}

fn seq_len(lead: u16) -> usize {
    match lead {
        0xC2..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF4 => 4,
        _ => 0,
    }
}

/// Decodes one sequence of bytes that has the UTF-8 shape; `None` if it is
/// overlong, a surrogate or out of range.
fn decode_seq(bytes: &[u16]) -> Option<char> {
    let (&lead, rest) = bytes.split_first()?;
    let mut v = match bytes.len() {
        2 => u32::from(lead) & 0x1F,
        3 => u32::from(lead) & 0x0F,
        4 => u32::from(lead) & 0x07,
        _ => return None,
    };
    for &b in rest {
        v = (v << 6) | (u32::from(b) & 0x3F);
    }
    let min = match bytes.len() {
        2 => 0x80,
        3 => 0x800,
        _ => 0x10000,
    };
    if v < min {
        return None;
    }
    char::from_u32(v)
}

/// CESU-8: a surrogate pair written as two 3-byte sequences.
fn decode_cesu(b: &[u16]) -> Option<char> {
    if b.len() < 6 || b[0] != 0xED || b[3] != 0xED {
        return None;
    }
    if !(0xA0..=0xAF).contains(&b[1]) || !(0xB0..=0xBF).contains(&b[4]) {
        return None;
    }
    if !is_cont(b[2]) || !is_cont(b[5]) {
        return None;
    }
    let hi = 0xD000 | ((u32::from(b[1]) & 0x3F) << 6) | (u32::from(b[2]) & 0x3F);
    let lo = 0xD000 | ((u32::from(b[4]) & 0x3F) << 6) | (u32::from(b[5]) & 0x3F);
    char::from_u32(0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00))
}

/// Encodes the whole line; `None` if a character is not in the code page or
/// there is no byte above ASCII.
fn encode_all(chars: &[char], codec: &Codec) -> Option<Vec<Tok>> {
    let mut toks = Vec::with_capacity(chars.len() + 2);
    let mut high = false;
    for (at, &c) in chars.iter().enumerate() {
        let b = if c == '\u{FFFD}' {
            LOSSY
        } else {
            u16::from(codec.encode(c)?)
        };
        high |= b >= 0x80;
        toks.push(Tok {
            b,
            at,
            from_space: false,
        });
    }
    high.then_some(toks)
}

/// Leads whose 0xA0 continuation is often turned into a space by editors
/// and scrapers (NBSP, à, Š, Π, Р).
fn a0_lead(b: u16) -> bool {
    matches!(b, 0xC2 | 0xC3 | 0xC5 | 0xCE | 0xD0)
}

/// Puts back 0xA0 bytes that became spaces, where that completes a UTF-8
/// sequence. `Ã ` is `à` followed by a space unless a space follows anyway
/// or the Portuguese `às`/`àquele` is meant.
fn restore_a0(toks: &mut Vec<Tok>, chars: &[char]) {
    let mut i = 0;
    while i < toks.len() {
        let lead = toks[i].b;
        let n = seq_len(lead);
        if n == 0 || i + n > toks.len() {
            i += 1;
            continue;
        }
        let body = &toks[i + 1..i + n];
        let spaces = body.iter().filter(|t| t.b == 0x20).count();
        let others_ok = body.iter().all(|t| t.b == 0x20 || is_cont(t.b));
        let lead_char = chars.get(toks[i].at).copied().unwrap_or(' ');
        if spaces != 1 || !others_ok || (n == 2 && !a0_lead(lead)) || !lead_char.is_alphabetic() {
            i += 1;
            continue;
        }
        if n == 2 && lead == 0xC3 {
            let at = toks[i + 1].at;
            let next = chars.get(at + 1).copied();
            let next2 = chars.get(at + 2).copied();
            let rest: String = chars.iter().skip(at + 1).take(4).collect();
            if next.is_some_and(|c| c.is_uppercase()) {
                i += 1;
                continue;
            }
            // `Ã s` is Portuguese `às`, `Ă i,` Vietnamese `ài`: a lone
            // letter after it belongs to the word; `Ã l’` is French `à l’`.
            let lone_letter = next.is_some_and(char::is_alphabetic)
                && next2.is_none_or(|c| !c.is_alphabetic() && !matches!(c, '\'' | '’'));
            let punct = next.is_some_and(|c| matches!(c, '.' | ',' | ';' | ':' | '!' | '?' | ')'));
            let consume =
                next == Some(' ') || next.is_none() || punct || lone_letter || rest == "quel";
            if consume {
                toks[i + 1].b = 0xA0;
                toks[i + 1].from_space = true;
            } else {
                let t = Tok {
                    b: 0xA0,
                    at,
                    from_space: true,
                };
                toks.insert(i + 1, t);
            }
            i += 2;
            continue;
        }
        for t in &mut toks[i + 1..i + n] {
            if t.b == 0x20 {
                t.b = 0xA0;
                t.from_space = true;
            }
        }
        i += n;
    }
}

/// Decodes all tokens as UTF-8 (with CESU-8 pairs and lost bytes); `None`
/// as soon as something is not UTF-8.
fn decode_all(toks: &[Tok], chars: &[char]) -> Option<(Vec<char>, Vec<Seq>)> {
    let mut out = Vec::with_capacity(toks.len());
    let mut seqs = Vec::new();
    let mut i = 0;
    let bytes: Vec<u16> = toks.iter().map(|t| t.b).collect();
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            out.push(char::from(b as u8));
            i += 1;
            continue;
        }
        if b == LOSSY {
            out.push('\u{FFFD}');
            i += 1;
            continue;
        }
        if let Some(c) = decode_cesu(&bytes[i..]) {
            seqs.push(Seq {
                start: i,
                end: i + 6,
                out_at: out.len(),
            });
            out.push(c);
            i += 6;
            continue;
        }
        let n = seq_len(b);
        if n == 0 {
            return None;
        }
        // A lost byte, or an ASCII `?` that a lossy decoder left in its
        // place, makes the whole sequence one U+FFFD.
        let body = bytes.get(i + 1..i + n)?;
        let real = body.iter().filter(|&&t| is_cont(t)).count();
        let lost = body.iter().filter(|&&t| t == LOSSY).count();
        let question = body.iter().filter(|&&t| t == u16::from(b'?')).count();
        if real + lost + question != n - 1 {
            return None;
        }
        if question > 0 && !question_is_lossy(toks, chars, i, n, real) {
            return None;
        }
        let lossy = lost + question > 0;
        let c = if lossy {
            '\u{FFFD}'
        } else {
            decode_seq(&bytes[i..i + n])?
        };
        seqs.push(Seq {
            start: i,
            end: i + n,
            out_at: out.len(),
        });
        out.push(c);
        i += n;
    }
    Some((out, seqs))
}

/// A `?` inside a sequence is a lost byte when the sequence also has a
/// real continuation byte, or it sits inside a word.
fn question_is_lossy(toks: &[Tok], chars: &[char], i: usize, n: usize, real: usize) -> bool {
    if n >= 3 && real >= 1 {
        return true;
    }
    let at = toks[i].at;
    let before = at.checked_sub(1).and_then(|p| chars.get(p));
    let after = toks.get(i + n).map(|t| t.b);
    before.is_some_and(|c| c.is_alphabetic()) && after.is_some_and(|b| b != 0x20)
}

/// False when [`whole_line`] is sure to fail in `codec`, found without
/// building its tokens: most lines that may hold mojibake somewhere are
/// not mojibake as a whole, and show it at their first character above
/// ASCII (`für` in windows-1252 is `f`, 0xFC, `r`). The bytes are walked
/// as [`decode_all`] walks them: a sequence needs its continuation bytes
/// (or lost bytes, or `?`); the first place where one is missing, or a
/// byte that starts no sequence, or a character not in the code page,
/// fails it. A space where a continuation byte is wanted may be a lost
/// NBSP byte that [`restore_a0`] puts back (or inserts), which moves what
/// follows: true then, to be sure.
fn may_decode(chars: &[char], codec: &Codec) -> bool {
    let mut need = 0;
    let mut high = false;
    for &c in chars {
        let b = if c == '\u{FFFD}' {
            LOSSY
        } else {
            match codec.encode(c) {
                Some(b) => u16::from(b),
                None => return false,
            }
        };
        high |= b >= 0x80;
        if need > 0 {
            if is_cont(b) || b == LOSSY || b == u16::from(b'?') {
                need -= 1;
                continue;
            }
            return b == 0x20;
        }
        if b < 0x80 || b == LOSSY {
            continue;
        }
        match seq_len(b) {
            0 => return false,
            n => need = n - 1,
        }
    }
    need == 0 && high
}

fn whole_line(chars: &[char], codec: &Codec) -> Option<Vec<char>> {
    if !may_decode(chars, codec) {
        return None;
    }
    whole_line_built(chars, codec)
}

/// [`whole_line`] without the check [`may_decode`] makes first.
fn whole_line_built(chars: &[char], codec: &Codec) -> Option<Vec<char>> {
    let mut toks = encode_all(chars, codec)?;
    restore_a0(&mut toks, chars);
    let (out, seqs) = decode_all(&toks, chars)?;
    if seqs.is_empty() {
        return None;
    }
    // Weights are never negative: once the score is reached, the rest of
    // the sequences cannot change the verdict (most lines have dozens).
    let mut score = 0;
    for s in &seqs {
        score += seq_weight(chars, &toks[s.start..s.end], false);
        if score >= WHOLE_MIN {
            break;
        }
    }
    if score < WHOLE_MIN {
        return None;
    }
    if !seqs.iter().all(|s| plausible(&out, s.out_at, false)) {
        return None;
    }
    (out != chars).then_some(out)
}

/// Runs of mojibake inside a line that does not decode as a whole.
fn partial(chars: &[char], codec: &Codec) -> Option<Vec<char>> {
    let toks: Vec<Tok> = chars
        .iter()
        .enumerate()
        .map(|(at, &c)| Tok {
            b: if c == '\u{FFFD}' {
                LOSSY
            } else {
                codec.encode(c).map_or(0xFFFF, u16::from)
            },
            at,
            from_space: false,
        })
        .collect();
    // Sequences: (first char, chars consumed, decoded text).
    let mut seqs: Vec<(usize, usize, Vec<char>, u32)> = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        let b = toks[i].b;
        if !(0xC2..=0xF4).contains(&b) {
            i += 1;
            continue;
        }
        // `Ã ` before a lowercase word is `à` whose NBSP became a space.
        // With two spaces, one of them was the NBSP.
        if codec.cp == Cp::Web && chars[i] == 'Ã' && chars.get(i + 1) == Some(&' ') {
            let spaces = chars[i + 1..].iter().take_while(|&&c| c == ' ').count();
            let prev = i.checked_sub(1).map(|p| chars[p]);
            let next = chars.get(i + 1 + spaces).copied();
            let prev_ok = prev.is_none_or(|c| !c.is_alphanumeric() || c.is_lowercase());
            if prev_ok && next.is_some_and(char::is_lowercase) {
                let len = if spaces >= 2 { 2 } else { 1 };
                seqs.push((i, len, vec!['à'], PART_MIN));
                i += len;
                continue;
            }
        }
        if let Some(c) = toks.get(i..i + 6).and_then(|t| {
            let b: Vec<u16> = t.iter().map(|t| t.b).collect();
            decode_cesu(&b)
        }) {
            seqs.push((i, 6, vec![c], PART_MIN + 2));
            i += 6;
            continue;
        }
        let n = seq_len(b);
        let Some(body) = toks.get(i + 1..i + n) else {
            i += 1;
            continue;
        };
        // A U+FFFD next to a letter is only a lost byte if the sequence
        // has real continuation bytes too.
        if !body.iter().all(|t| is_cont(t.b) || t.b == LOSSY) || !body.iter().any(|t| is_cont(t.b))
        {
            i += 1;
            continue;
        }
        let lossy = body.iter().any(|t| t.b == LOSSY);
        if lossy {
            // `р�к` after a good layer is a lost letter, not a lost byte.
            let lead = chars[i];
            let letters_only = body.iter().filter(|t| t.b != LOSSY).all(|t| {
                let c = chars[t.at];
                c.is_alphabetic() && script(c) == script(lead)
            });
            if lead.is_alphabetic() && letters_only {
                i += 1;
                continue;
            }
        }
        let bytes: Vec<u16> = toks[i..i + n].iter().map(|t| t.b).collect();
        let c = if lossy {
            Some('\u{FFFD}')
        } else {
            decode_seq(&bytes)
        };
        match c {
            Some(c) => {
                let w = seq_weight(chars, &toks[i..i + n], true);
                seqs.push((i, n, vec![c], w));
                i += n;
            }
            None => i += 1,
        }
    }
    if seqs.is_empty() {
        return None;
    }
    // Merge adjacent sequences into runs.
    let mut runs: Vec<(usize, usize, Vec<char>, u32)> = Vec::new();
    for (start, len, dec, w) in seqs {
        if let Some(last) = runs.last_mut() {
            if last.0 + last.1 == start {
                last.1 += len;
                last.2.extend(dec);
                last.3 += w;
                continue;
            }
        }
        runs.push((start, len, dec, w));
    }
    // A run that is a whole word (`Рё`, `СЃ` between spaces) is stronger
    // evidence than one glued to real letters.
    for (start, len, _, w) in &mut runs {
        let before = start.checked_sub(1).map(|p| chars[p]);
        let after = chars.get(*start + *len).copied();
        if *len >= 2
            && before.is_none_or(|c| !c.is_alphanumeric())
            && after.is_none_or(|c| !c.is_alphanumeric())
        {
            *w += 2;
        }
    }
    let mut accepted = vec![false; runs.len()];
    for min in [PART_MIN, PART_MIN_AFTER] {
        for (k, (start, len, dec, w)) in runs.iter().enumerate() {
            if accepted[k] || *w < min {
                continue;
            }
            let prev = start.checked_sub(1).map(|p| chars[p]);
            // Broken mojibake right next to the run: too tangled to trust.
            if prev.is_some_and(is_odd) {
                continue;
            }
            let lo = start.saturating_sub(2);
            let hi = (start + len + 2).min(chars.len());
            let mut ctx: Vec<char> = Vec::with_capacity(dec.len() + 4);
            ctx.extend_from_slice(&chars[lo..*start]);
            ctx.extend(dec.iter().copied());
            ctx.extend_from_slice(&chars[start + len..hi]);
            let off = start - lo;
            if (off..off + dec.len()).all(|p| plausible(&ctx, p, true)) {
                accepted[k] = true;
            }
        }
        if !accepted.iter().any(|&a| a) {
            return None;
        }
    }
    let mut out = Vec::with_capacity(chars.len());
    let mut pos = 0;
    for (k, (start, len, dec, _)) in runs.iter().enumerate() {
        if !accepted[k] {
            continue;
        }
        out.extend_from_slice(&chars[pos..*start]);
        out.extend(dec.iter().copied());
        pos = start + len;
    }
    out.extend_from_slice(&chars[pos..]);
    Some(out)
}

fn is_russian(c: char) -> bool {
    matches!(c, 'А'..='я' | 'ё' | 'Ё')
}

fn is_c1(c: char) -> bool {
    ('\u{80}'..='\u{9F}').contains(&c)
}

/// Symbols that real text seldom puts right after a letter, and mojibake
/// puts there all the time.
fn is_odd(c: char) -> bool {
    matches!(
        c,
        '¤' | '¦'
            | '¨'
            | '¬'
            | '¯'
            | '¸'
            | '¶'
            | 'ƒ'
            | 'ˆ'
            | '˜'
            | '‰'
            | '†'
            | '‡'
            | '‹'
            | '›'
            | 'Œ'
            | 'œ'
            | 'Ÿ'
            | '©'
            | 'ª'
            | '«'
            | 'º'
            | '±'
            | '¼'
            | '½'
            | '¾'
            | 'µ'
            | '§'
            | '€'
            | '¢'
            | '£'
            | '•'
            | '‚'
            | '„'
            | '“'
            | '‘'
            | 'ˇ'
            | '˘'
            | '˛'
            | '˝'
            | '˙'
            | '΅'
            | '΄'
            | '≠'
            | '∞'
            | '≤'
            | '≥'
            | '∂'
            | '∑'
            | '∏'
            | '∫'
            | '≈'
            | '√'
            | '◊'
            | '÷'
            | '⌐'
            | '₧'
            | '∙'
            | '№'
            | '■'
            | '⌠'
            | '⌡'
            | '¿'
            | '¡'
            | '\u{F8FF}'
    )
}

/// Punctuation and signs that do follow letters in real text.
fn is_soft(c: char) -> bool {
    matches!(
        c,
        '…' | '’'
            | '”'
            | '—'
            | '–'
            | '»'
            | '®'
            | '™'
            | '°'
            | '´'
            | '·'
            | '²'
            | '³'
            | '¹'
            | '¥'
            | '\u{A0}'
            | '\u{AD}'
            | 'π'
            | 'Ω'
    )
}

fn is_quote_or_dash(c: char) -> bool {
    matches!(
        c,
        '«' | '»' | '“' | '”' | '‘' | '’' | '„' | '‹' | '›' | '–' | '—' | '…'
    )
}

fn is_box(c: char) -> bool {
    ('\u{2500}'..='\u{259F}').contains(&c)
}

#[derive(PartialEq, Eq, Clone, Copy)]
enum Script {
    Latin,
    Greek,
    Cyrillic,
    Other,
}

fn script(c: char) -> Script {
    match c {
        'A'..='Z' | 'a'..='z' | '\u{C0}'..='\u{24F}' | '\u{1E00}'..='\u{1EFF}' => Script::Latin,
        '\u{370}'..='\u{3FF}' | '\u{1F00}'..='\u{1FFF}' => Script::Greek,
        '\u{400}'..='\u{52F}' => Script::Cyrillic,
        _ => Script::Other,
    }
}

/// Leads that begin most mojibake and little real text: `Â Ã` (Latin-1
/// letters and signs), `Î Ï` (Greek), `Ð Ñ` and `Р С` (Cyrillic read as
/// latin-1 and as windows-1251), and their box-drawing twins in cp437/866.
fn is_strong_lead(c: char) -> bool {
    matches!(
        c,
        'Â' | 'Ã' | 'Î' | 'Ï' | 'Ð' | 'Ñ' | 'Р' | 'С' | '╨' | '╤' | '├' | '┬'
    )
}

/// How much a lead character and the characters after it that would form
/// one UTF-8 sequence look like mojibake rather than real text.
fn seq_weight(chars: &[char], toks: &[Tok], partial: bool) -> u32 {
    let Some(first) = toks.first() else {
        return 0;
    };
    let lead = chars.get(first.at).copied().unwrap_or(' ');
    let prev = first.at.checked_sub(1).and_then(|p| chars.get(p)).copied();
    let last_at = toks.last().map_or(first.at, |t| t.at);
    let next = chars.get(last_at + 1).copied();
    // The continuation characters, read where they are needed rather than
    // collected: this runs for every sequence of every suspicious line.
    let cont_char = |t: &Tok| {
        if t.b == LOSSY {
            '\u{FFFD}'
        } else {
            chars.get(t.at).copied().unwrap_or(' ')
        }
    };
    let rest = toks.get(1..).unwrap_or_default();
    let mut w = 0;
    for (c, from_space) in rest.iter().map(|t| (cont_char(t), t.from_space)) {
        w += if from_space {
            0
        } else if is_c1(c) {
            6
        } else if script(lead) == Script::Cyrillic && matches!(c, '“' | '„' | '‘') {
            // Closing quotes in Serbian and Ukrainian (`„љубав“`).
            0
        } else if c == '\u{FFFD}' || c == '?' || is_odd(c) {
            4
        } else if is_soft(c) {
            0
        } else if is_box(c) {
            if is_box(lead) {
                1
            } else {
                4
            }
        } else if is_alpha(c) {
            if is_quote_or_dash(lead) {
                // `«ö`, `—и`: typography before a word (MacRoman leads).
                0
            } else if is_alpha(lead) && script(lead) == script(c) {
                // `ÅØ` is Norwegian, `ро` Russian, `жіі` Ukrainian; `Рі`
                // (a capital, then a non-Russian letter) is likely mojibake.
                u32::from(script(c) == Script::Cyrillic && !is_russian(c) && is_upper(lead))
            } else {
                4
            }
        } else {
            2
        };
    }
    // Those that were not spaces put back as NBSP.
    let real_conts = || rest.iter().filter(|t| !t.from_space).map(cont_char);
    let real_len = real_conts().count();
    let real_first = real_conts().next();
    let real_last = real_conts().next_back();
    let only_apostrophe = real_len == 1 && matches!(real_first, Some('’' | '‘'));
    let strong = is_strong_lead(lead) || (lead == '√' && prev.is_some_and(is_alpha));
    // `MISUTÂ\u{A0}AJIKKO`: in capitals, `Â` before an NBSP can be real.
    let caps_nbsp = real_len == 1
        && real_first == Some('\u{A0}')
        && prev.is_some_and(is_upper)
        && next.is_some_and(is_upper);
    if strong && !only_apostrophe && !caps_nbsp && real_len != 0 {
        w += 2;
    }
    // An uppercase lead inside a lowercase word (`LietuviÅ³`). Inside a
    // line run this alone is weak evidence for Latin (`DrÃ¥ber`), strong for
    // Cyrillic (`приветВ»`).
    // A sign inside a word that is not a currency sign (`DrÃ¥ber` next to
    // a real dash stays, as ftfy's cases want).
    let sign_in_word = real_last.is_some_and(|last| {
        !is_alpha(last)
            && !matches!(
                last,
                '’' | '\'' | '\u{A0}' | '\u{AD}' | '¥' | '£' | '¢' | '€' | '$'
            )
            && is_alpha(lead)
            && next.is_some_and(is_alpha)
    });
    if is_upper(lead)
        && prev.is_some_and(is_lower)
        && (!partial || script(lead) != Script::Latin || sign_in_word)
    {
        w += 2;
    }
    // `Ä°stanbul`: a capital and a sign opening a lowercase word.
    if partial
        && sign_in_word
        && is_upper(lead)
        && prev.is_none_or(|c| !is_alnum(c))
        && next.is_some_and(is_lower)
    {
        w += 2;
    }
    // `siÄ™ `, `oÃ¹.`: a capital and a sign closing a lowercase word.
    if partial
        && is_upper(lead)
        && prev.is_some_and(is_lower)
        && real_len == 1
        && matches!(
            real_first,
            Some('™' | '¹' | '²' | '³' | '°' | '®' | '©' | 'ª' | 'º')
        )
        && next.is_none_or(|c| !is_alnum(c))
    {
        w += 4;
    }
    if is_lower(lead) && real_conts().any(is_upper) {
        w += 2;
    }
    if sign_in_word
        || (!partial
            && real_last.is_some_and(|c| matches!(c, '¥' | '£' | '¢' | '€'))
            && is_alpha(lead)
            && next.is_some_and(is_alpha))
    {
        w += 2;
    }
    // A lead with two or three continuation characters is rare in real
    // text, unless they are all ordinary letters of the lead's script.
    let same_script = real_conts().all(|c| {
        (is_alpha(c) && is_alpha(lead) && script(c) == script(lead))
            || (is_alpha(lead) && is_quote_or_dash(c))
    });
    if toks.len() >= 3 && !same_script {
        w += 2;
    }
    w
}

/// Scripts written on their own: a letter of theirs glued to a Latin letter
/// or a digit is not something real text does.
fn is_isolated_script(c: char) -> bool {
    matches!(c,
        '\u{530}'..='\u{8FF}'
        | '\u{900}'..='\u{DFF}'
        | '\u{E00}'..='\u{E7F}'
        | '\u{10A0}'..='\u{10FF}'
        | '\u{3040}'..='\u{9FFF}'
        | '\u{AC00}'..='\u{D7AF}'
        | '\u{20000}'..='\u{3FFFF}')
}

/// Characters that UTF-8 decoding of mojibake should produce: letters of
/// living scripts, punctuation, symbols, emoji. Not IPA, not historic
/// scripts, not private use.
fn common_char(c: char) -> bool {
    let u = c as u32;
    match u {
        0x80..=0x9F => true, // fixed by the C1 step or a later layer
        0xA0..=0x17E => true,
        0x17F => false, // long s
        0x180..=0x24F => matches!(
            u,
            0x18F | 0x192 | 0x1A0 | 0x1A1 | 0x1AF | 0x1B0 | 0x1C4..=0x1DC | 0x1F1..=0x1F3 | 0x218..=0x21B
        ),
        0x250..=0x2AF => u == 0x259,
        0x2B0..=0x2FF => matches!(u, 0x2BC | 0x2C6 | 0x2C7 | 0x2D8..=0x2DD),
        0x300..=0x36F => true,
        0x370..=0x3FF => !(0x370..=0x385).contains(&u),
        0x400..=0x45F => true,
        0x460..=0x48F => false,
        0x490..=0x4FF => true,
        0x500..=0x52F => false,
        0x530..=0x58F => false,
        0x590..=0x6FF => true,
        0x700..=0x8FF => false,
        0x900..=0xDFF => true,
        0xE00..=0xE7F => true,
        0xE80..=0x109F => false,
        0x10A0..=0x10FF => true,
        0x1100..=0x1DBF => false,
        0x1DC0..=0x1DFF => true,
        0x1E00..=0x1FFF => true,
        0x2460..=0x24FF => false, // enclosed alphanumerics: `в“…` is not `Ⓟ`
        0x2000..=0x2BFF => true,
        0x2C00..=0x2DFF => false,
        0x2E00..=0x2E7F => true,
        0x2E80..=0x9FFF => true,
        0xA000..=0xABFF => false,
        0xAC00..=0xD7AF => true,
        0xE000..=0xF8FF => false,
        0xF900..=0xFAFF => true,
        0xFB00..=0xFB06 => true,
        0xFE00..=0xFE0F | 0xFE30..=0xFE4F => true,
        0xFF00..=0xFFEF => true,
        0xFFFD => true,
        0x1F000..=0x1FAFF => true,
        0x20000..=0x3FFFF => true,
        _ => false,
    }
}

/// Whether the decoded character `out[i]` looks like real text where it is.
/// `strict` is for a run inside a line, which must also fit the letters
/// around it; a whole line may be an intermediate layer, so only the
/// characters themselves are judged there.
fn plausible(out: &[char], i: usize, strict: bool) -> bool {
    let Some(&c) = out.get(i) else {
        return false;
    };
    let prev = i.checked_sub(1).and_then(|p| out.get(p)).copied();
    let next = out.get(i + 1).copied();
    if is_c1(c) {
        // Only as the continuation of a further layer of mojibake.
        return !strict && prev.is_some_and(|p| !p.is_ascii());
    }
    if !common_char(c) {
        return false;
    }
    if is_isolated_script(c) && c.is_alphabetic() {
        let foreign = |x: char| {
            x.is_ascii_alphanumeric() || (strict && x.is_alphanumeric() && !is_isolated_script(x))
        };
        if prev.is_some_and(foreign) || next.is_some_and(foreign) {
            return false;
        }
    }
    // Hebrew and Arabic marks only on letters of their script (`֘` from
    // `÷ò` is not Hebrew).
    if strict
        && matches!(c, '\u{591}'..='\u{5C7}' | '\u{610}'..='\u{61A}' | '\u{64B}'..='\u{65F}')
        && !prev.is_some_and(|p| ('\u{5D0}'..='\u{6FF}').contains(&p))
    {
        return false;
    }
    if strict && c.is_lowercase() {
        let prev2 = i.checked_sub(2).and_then(|p| out.get(p)).copied();
        let up = |x: Option<char>| x.is_some_and(char::is_uppercase);
        if up(prev) && (up(next) || up(prev2)) {
            return false;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    const MOJI_PIECES: &[&str] = &[
        "Ã©",
        "Ã",
        " ",
        "  ",
        "â€™",
        "â€",
        "Ð",
        "Ñ",
        "Ð\u{A0}",
        "a",
        "word",
        "?",
        "\u{FFFD}",
        "ü",
        "é",
        "€",
        "Р",
        "С",
        "ё",
        "Рё",
        "СЃ",
        "╨",
        "┐",
        "╤Ç",
        "\u{85}",
        "í",
        "Ã ",
        "В«",
        "ð",
        "Ÿ",
        "˜",
        "í ½",
        "í¾",
        "í\u{A0}½",
        "\u{ED}\u{A0}\u{BD}\u{ED}\u{B8}\u{80}",
        "中",
        "Ã s",
        "Ã\u{A0}",
        "ÅŸ",
        "Ä",
        "Â",
        "Â·",
        "â",
    ];

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4000))]
        #[test]
        fn precheck_never_drops_a_whole_line(
            parts in proptest::collection::vec(proptest::sample::select(MOJI_PIECES), 0..16),
        ) {
            let chars: Vec<char> = parts.concat().chars().collect();
            for codec in codepage::codecs() {
                let built = whole_line_built(&chars, codec);
                if !may_decode(&chars, codec) {
                    proptest::prop_assert!(built.is_none(), "{}", codec.name);
                }
                proptest::prop_assert_eq!(whole_line(&chars, codec), built);
            }
        }
    }

    fn fix(s: &str) -> String {
        fix_text(s, &mut RepairLog::default()).into_owned()
    }

    #[test]
    fn latin1_and_cp1252() {
        assert_eq!(fix("donâ€™t stop"), "don’t stop");
        assert_eq!(fix("cafÃ© au lait"), "café au lait");
        assert_eq!(
            fix("Iggy Pop (nÃƒÂ© Jim Osterberg)"),
            "Iggy Pop (né Jim Osterberg)"
        );
    }

    #[test]
    fn cyrillic_layers() {
        assert_eq!(fix("РњРѕСЃРєРІР°"), "Москва");
        assert_eq!(fix("ÐœÐ¾Ñ\u{81}ÐºÐ²Ð°"), "Москва");
        assert_eq!(fix("#╨┐╤Ç╨░╨▓╨╕╨╗╤î╨╜╨╛╨╡"), "#правильное");
    }

    #[test]
    fn partial_and_c1() {
        assert_eq!(fix("Привет РјРёСЂ и всё"), "Привет мир и всё");
        assert_eq!(
            fix("Он сказал В«приветВ» и ушёл"),
            "Он сказал «привет» и ушёл"
        );
        assert_eq!(fix("parlé\u{85} Tu"), "parlé… Tu");
    }

    #[test]
    fn lossy_and_nbsp() {
        assert_eq!(fix("SlovenÄ\u{FFFD}ina"), "Sloven\u{FFFD}ina");
        assert_eq!(fix("voilÃ le travail"), "voilà le travail");
        assert_eq!(fix("C O N C L U S Ã O"), "C O N C L U S Ã O");
    }

    #[test]
    fn good_text_untouched() {
        for s in [
            "ВІКІ is Ukrainian for WIKI",
            "Україна, Київ, ґанок, їжак",
            "Србија, Ђорђе, Љубљана, Његош",
            "Ελληνικά κείμενα με τόνους",
            "İstanbul'da ılık bir gün, Ağrı",
            "Tiếng Việt có dấu",
            "4288×… and 5×£35, √π, ∆°, 2012—∞",
            "┌──┬──┐\n│a │b │\n├──┼──┤",
            "NESTLÉ® VOCÊ… SÓ… ZZAJÉ’s",
            "СССР» и «ВОТ»",
        ] {
            assert_eq!(fix(s), s);
        }
    }
}
