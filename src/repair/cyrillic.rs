//! Russian text in one single-byte code page read as another: windows-1251
//! read as windows-1252 (`Çàãîëîâîê`), KOI8-R read as windows-1251
//! (`рТЙЧЕФ`) and back (`оПХБЕР`), windows-1251 shown by a DOS console in
//! cp866 (`╧ЁштхЄ`) and back (`ЏаЁўҐв`). ftfy leaves all of these alone.
//!
//! No UTF-8 is involved, so the mojibake module's byte patterns do not
//! apply. Instead a line is judged by the shape of its words: real text has
//! no lowercase-then-uppercase flips inside words, no symbols or box drawing
//! between letters, and no words made almost only of accented Latin-1
//! letters. A line that has several of these is re-read in each plausible
//! pair of code pages; a reading is taken only if its words are clean
//! Cyrillic.

use super::codepage::{self, Cp};
use super::props::{props, ALNUM, ALPHA, LOWER, SPACE, UPPER};
use super::{RepairKind, RepairLog, Splice};
use std::borrow::Cow;

/// (code page the text was shown in, code page it really is).
const MIXUPS: [(Cp, Cp); 8] = [
    (Cp::Web, Cp::W1251),
    (Cp::Web, Cp::Koi8r),
    (Cp::W1251, Cp::Koi8r),
    (Cp::Koi8r, Cp::W1251),
    (Cp::Cp866, Cp::W1251),
    (Cp::W1251, Cp::Cp866),
    (Cp::Cp866, Cp::Koi8r),
    (Cp::Koi8r, Cp::Cp866),
];

fn is_latin1_letter(c: char) -> bool {
    ('\u{C0}'..='\u{FF}').contains(&c) && c != '×' && c != '÷'
}

fn is_cyrillic(c: char) -> bool {
    ('\u{400}'..='\u{4FF}').contains(&c)
}

/// Evidence that a line is not real text, and how many letters it has.
struct Shape {
    bad: usize,
    words: usize,
    letters: usize,
    cyrillic: usize,
}

fn shape(line: &str) -> Shape {
    let mut s = Shape {
        bad: 0,
        words: 0,
        letters: 0,
        cyrillic: 0,
    };
    let (mut upper, mut lower) = (0usize, 0usize);
    // Each word's characters with their properties, in one reused buffer.
    let mut chars: Vec<(char, u8)> = Vec::new();
    let is = |p: u8, flag: u8| p & flag != 0;
    let split = |c: char| is(props(c), SPACE) || (c.is_ascii_punctuation() && c != '\'');
    for word in line.split(split) {
        chars.clear();
        chars.extend(word.chars().map(|c| (c, props(c))));
        let n_letters = chars.iter().filter(|c| is(c.1, ALPHA)).count();
        if n_letters == 0 {
            continue;
        }
        s.words += 1;
        s.letters += n_letters;
        s.cyrillic += chars.iter().filter(|c| is_cyrillic(c.0)).count();
        upper += chars.iter().filter(|c| is(c.1, UPPER)).count();
        lower += chars.iter().filter(|c| is(c.1, LOWER)).count();
        for w in chars.windows(2) {
            if is(w[0].1, LOWER) && is(w[1].1, UPPER) {
                s.bad += 1;
            }
        }
        // Symbols or box drawing between two letters.
        for w in chars.windows(3) {
            if is(w[0].1, ALPHA) && !is(w[1].1, ALNUM) && is(w[2].1, ALPHA) {
                s.bad += 1;
            }
        }
        for (i, &(c, p)) in chars.iter().enumerate() {
            if !is(p, ALNUM)
                && !c.is_ascii()
                && !matches!(c, '«' | '»' | '“' | '”' | '„' | '—' | '–' | '…' | '’')
                && (i == 0 || i + 1 == chars.len())
            {
                s.bad += 1;
            }
        }
        // Box drawing and other signs inside a word are never real text.
        s.bad += chars
            .iter()
            .filter(|&&(c, p)| {
                !is(p, ALNUM)
                    && !c.is_ascii()
                    && !matches!(c, '«' | '»' | '“' | '”' | '„' | '—' | '–' | '…' | '’' | '№')
            })
            .count();
        let latin1 = chars.iter().filter(|c| is_latin1_letter(c.0)).count();
        if n_letters >= 3 && latin1 * 10 >= n_letters * 7 {
            s.bad += 2;
        }
    }
    // Mostly uppercase with some lowercase: KOI8-R read as windows-1251.
    if lower > 0 && upper >= 4 && upper * 10 >= (upper + lower) * 6 {
        s.bad += s.words;
    }
    s
}

/// Cheap test: the line has letters outside ASCII and either many Latin-1
/// letters, or case flips, symbols or box drawing next to Cyrillic letters,
/// or mostly uppercase Cyrillic with some lowercase. Plain range matches, no
/// Unicode tables: this runs on every non-ASCII line.
pub fn candidate(line: &str) -> bool {
    if line.is_ascii() {
        return false;
    }
    let (mut latin1, mut ascii_letters, mut odd) = (0usize, 0usize, 0usize);
    let (mut upper, mut lower) = (0usize, 0usize);
    let mut prev_lower = false;
    for c in line.chars() {
        let mut is_lower = false;
        match c {
            'a'..='z' => {
                ascii_letters += 1;
                is_lower = true;
            }
            'A'..='Z' => ascii_letters += 1,
            '\u{C0}'..='\u{FF}' if c != '×' && c != '÷' => latin1 += 1,
            'А'..='Я' | 'Ѐ'..='Џ' => {
                upper += 1;
                odd += usize::from(prev_lower);
            }
            'а'..='я' | 'ѐ'..='џ' => {
                lower += 1;
                is_lower = true;
            }
            '\u{2500}'..='\u{25A0}' | '®' | '¬' | '‡' | 'Ґ' => odd += 1,
            _ => {}
        }
        prev_lower = is_lower;
    }
    let cyr = upper + lower;
    (latin1 >= 3 && latin1 >= ascii_letters)
        || (cyr >= 3 && odd >= 2)
        || (lower > 0 && upper >= 4 && upper * 10 >= cyr * 6)
}

/// Letter frequencies of Russian text, per mille (а..я, then ё).
const FREQ: [u16; 33] = [
    80, 16, 45, 17, 30, 85, 9, 17, 74, 12, 35, 44, 32, 67, 110, 28, 47, 55, 63, 26, 3, 10, 5, 14,
    7, 4, 1, 19, 17, 3, 6, 20, 1,
];

/// Mean log-frequency of the Cyrillic letters: real Russian scores about
/// 3.6, a wrong code page's letters far less.
fn russian_score(s: &str) -> f64 {
    let (mut sum, mut n) = (0.0f64, 0usize);
    for c in s.chars().flat_map(char::to_lowercase) {
        let f = match c {
            'а'..='я' => FREQ[(c as u32 - 'а' as u32) as usize],
            'ё' => FREQ[32],
            c if is_cyrillic(c) => 0,
            _ => continue,
        };
        sum += f64::from(f.max(1)).ln();
        n += 1;
    }
    if n == 0 {
        0.0
    } else {
        sum / n as f64
    }
}

fn transcode(line: &str, from: Cp, to: Cp) -> Option<String> {
    let (src, dst) = (codepage::codec(from), codepage::codec(to));
    let mut out = String::with_capacity(line.len() + 8);
    for c in line.chars() {
        let b = src.encode(c)?;
        out.push(dst.decode(b));
    }
    Some(out)
}

pub fn fix_line(line: &str) -> Option<String> {
    if !candidate(line) {
        return None;
    }
    let before = shape(line);
    if before.bad < 2 || before.bad * 5 < before.words {
        return None;
    }
    let base = russian_score(line);
    let mut best: Option<(f64, String)> = None;
    for (from, to) in MIXUPS {
        let Some(cand) = transcode(line, from, to) else {
            continue;
        };
        let after = shape(&cand);
        if after.letters == 0 || after.cyrillic * 10 < after.letters * 8 {
            continue;
        }
        if after.bad * 4 > before.bad || after.bad > 1 {
            continue;
        }
        let score = russian_score(&cand);
        if score < 3.0 || score < base + 0.3 {
            continue;
        }
        if best.as_ref().is_none_or(|(b, _)| score > *b) {
            best = Some((score, cand));
        }
    }
    best.map(|(_, s)| s)
}

pub fn fix_text<'a>(text: &'a str, log: &mut RepairLog) -> Cow<'a, str> {
    let mut out = Splice::new(text);
    for (i, line) in text.split('\n').enumerate() {
        let Some(fixed) = fix_line(line) else {
            continue;
        };
        log.record(RepairKind::Codepage, i + 1, 1, line, &fixed);
        out.replace_part(line, &fixed);
    }
    out.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fix(s: &str) -> String {
        fix_text(s, &mut RepairLog::default()).into_owned()
    }

    const RU: &str = "Привет, мир! Заголовок открываемого материала";

    #[test]
    fn mixups() {
        for (from, to) in MIXUPS {
            let Some(bytes) = transcode(RU, to, from) else {
                continue;
            };
            let _ = bytes;
        }
        assert_eq!(fix("Ïðèâåò, ìèð! Çàãîëîâîê îòêðûâàåìîãî ìàòåðèàëà"), RU);
        assert_eq!(fix("рТЙЧЕФ, НЙТ! ъБЗПМПЧПЛ ПФЛТЩЧБЕНПЗП НБФЕТЙБМБ"), RU);
        assert_eq!(fix("оПХБЕР, ЛХП! гЮЦНКНБНЙ НРЙПШБЮЕЛНЦН ЛЮРЕПХЮКЮ"), RU);
        assert_eq!(fix("╧ЁштхЄ, ьшЁ! ╟руюыютюъ юЄъЁ√трхьюую ьрЄхЁшрыр"), RU);
    }

    #[test]
    fn good_text_untouched() {
        for s in [
            RU,
            "ВІКІ — ЗАГОЛОВОК ВСЕ ПРОПИСНЫЕ",
            "Ça va très bien, à bientôt, où êtes-vous?",
            "Þjóðhátíð í Eyjum",
            "┌──┬──┐ таблица │ ячейка │",
            "Україна: їжак, ґанок, є",
            "iPhone и МакДональдс",
        ] {
            assert_eq!(fix(s), s);
        }
    }
}
