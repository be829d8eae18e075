//! Phrase lexicons (data under `rules/`), found at word starts with a
//! [`PhraseIndex`].
//!
//! A lexicon source is TOML: one table per family, mapping a language code
//! to a list of phrases. The built-in sources are compiled into the binary;
//! a user's `--rules FILE.toml` uses the same format and adds to them.

use crate::phrases::PhraseIndex;
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::ops::Range;

/// The lexicon files shipped in the binary.
pub const BUILTIN: &[(&str, &str)] = &[
    ("rules/prompts.toml", include_str!("../rules/prompts.toml")),
    ("rules/labels.toml", include_str!("../rules/labels.toml")),
    ("rules/dates.toml", include_str!("../rules/dates.toml")),
    ("rules/boiler.toml", include_str!("../rules/boiler.toml")),
];

/// A family's index in a [`Lexicon`].
pub type FamilyId = u16;

/// One phrase found in a line, on word boundaries (byte offsets into the
/// lowercased line).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hit {
    pub family: FamilyId,
    pub start: usize,
    pub end: usize,
}

#[derive(Clone, Debug)]
pub struct Lexicon {
    index: PhraseIndex,
    /// Families of each pattern, by pattern index: `pattern_families[from..to]`
    /// for `family_spans[k] = (from, to)` (the same phrase may be in several
    /// families: `mai` a month, `di` a weekday and a byline). One flat list,
    /// not a `Vec` per phrase: built once with no allocation per phrase, and
    /// read per hit with no pointer to follow.
    family_spans: Vec<(u32, u32)>,
    pattern_families: Vec<FamilyId>,
    families: Vec<String>,
    /// `_line` families: (family, lowercased glob).
    line_patterns: Vec<(FamilyId, String)>,
}

/// The lexicons as read, before indexing. Phrases borrow from the sources
/// where they are already lowercase and trimmed (most built-in ones): no
/// string per phrase.
#[derive(Default)]
struct Builder<'a> {
    families: Vec<String>,
    /// Each phrase once, in the order first read.
    patterns: Vec<Cow<'a, str>>,
    /// (pattern, family) for each phrase read, in order.
    links: Vec<(u32, FamilyId)>,
    index: foldhash::HashMap<Cow<'a, str>, u32>,
    line_patterns: Vec<(FamilyId, String)>,
}

impl<'a> Builder<'a> {
    fn add(
        &mut self,
        source: &str,
        family: &str,
        phrases: impl Iterator<Item = Cow<'a, str>>,
    ) -> Result<(), String> {
        let id = match self.families.iter().position(|f| f == family) {
            Some(i) => i,
            None => {
                self.families.push(family.to_string());
                self.families.len() - 1
            }
        };
        let id = FamilyId::try_from(id).map_err(|_| format!("{source}: too many families"))?;
        let is_line = family
            .split('@')
            .next()
            .is_some_and(|f| f.ends_with(LINE_SUFFIX));
        for phrase in phrases {
            let p = lowercase_trimmed(phrase);
            if p.is_empty() {
                continue;
            }
            if is_line {
                self.line_patterns.push((id, p.into_owned()));
                continue;
            }
            let k = match self.index.get(&*p) {
                Some(&k) => k,
                None => {
                    let k = u32::try_from(self.patterns.len())
                        .map_err(|_| format!("{source}: too many phrases"))?;
                    self.index.insert(p.clone(), k);
                    self.patterns.push(p);
                    k
                }
            };
            self.links.push((k, id));
        }
        Ok(())
    }

    /// The families of each pattern, flat ([`Lexicon::family_spans`]):
    /// each family once, in the order first read.
    fn family_lists(&self) -> (Vec<(u32, u32)>, Vec<FamilyId>) {
        let n = self.patterns.len();
        // Counting sort of the links by pattern, stable.
        let mut at = vec![0u32; n + 1];
        for &(k, _) in &self.links {
            if let Some(c) = at.get_mut(k as usize + 1) {
                *c += 1;
            }
        }
        for i in 1..at.len() {
            at[i] += at[i - 1];
        }
        let mut sorted = vec![0 as FamilyId; self.links.len()];
        let mut fill = at.clone();
        for &(k, id) in &self.links {
            if let Some(f) = fill.get_mut(k as usize) {
                if let Some(d) = sorted.get_mut(*f as usize) {
                    *d = id;
                }
                *f += 1;
            }
        }
        // Each family once per pattern (a phrase may be listed twice).
        let mut spans = Vec::with_capacity(n);
        let mut out: Vec<FamilyId> = Vec::with_capacity(sorted.len());
        for w in at.windows(2) {
            let from = out.len();
            for &id in sorted.get(w[0] as usize..w[1] as usize).unwrap_or(&[]) {
                if !out[from..].contains(&id) {
                    out.push(id);
                }
            }
            spans.push((from as u32, out.len() as u32));
        }
        (spans, out)
    }
}

/// `phrase.trim().to_lowercase()`, borrowed when that is `phrase` or a
/// part of it (most are).
fn lowercase_trimmed(phrase: Cow<'_, str>) -> Cow<'_, str> {
    let t = phrase.trim();
    // Unchanged when each char lowercases to itself alone (the final sigma
    // rule of `to_lowercase` is for `Σ`, which does not). The lowercase
    // Latin-1 and Cyrillic letters and the General Punctuation block (the
    // non-ASCII chars of most phrases) without the case tables.
    let same = t.chars().all(|c| match c as u32 {
        0..=0x7F => !c.is_ascii_uppercase(),
        0xDF..=0xF6 | 0xF8..=0xFF | 0x430..=0x45F | 0x2000..=0x206F => true,
        _ => {
            let mut l = c.to_lowercase();
            l.next() == Some(c) && l.next().is_none()
        }
    });
    if !same {
        return Cow::Owned(t.to_lowercase());
    }
    match phrase {
        Cow::Borrowed(p) => Cow::Borrowed(p.trim()),
        Cow::Owned(p) if p.trim().len() == p.len() => Cow::Owned(p),
        Cow::Owned(p) => Cow::Owned(p.trim().to_string()),
    }
}

/// Does `text` match `pattern` as a whole, `*` standing for any text?
pub fn glob_match(pattern: &str, text: &str) -> bool {
    let mut parts = pattern.split('*');
    let first = parts.next().unwrap_or("");
    let Some(mut rest) = text.strip_prefix(first) else {
        return false;
    };
    let parts: Vec<&str> = parts.collect();
    let Some((last, middle)) = parts.split_last() else {
        return rest.is_empty();
    };
    for m in middle {
        match rest.find(m) {
            Some(i) => rest = &rest[i + m.len()..],
            None => return false,
        }
    }
    rest.len() >= last.len() && rest.ends_with(last)
}

type Langs = BTreeMap<String, Vec<String>>;

/// A table of a rules file as [`parse_plain`] reads it: its name and its
/// arrays by key, sorted by key, borrowed from the file.
type PlainTable<'a> = (&'a str, Vec<(&'a str, Vec<&'a str>)>);

/// The tables of a rules file in the plain shape of the built-in ones
/// (`[family]` headers, `lang = ["phrase", ...]` arrays of plain strings,
/// comments), in the order `toml` gives them (sorted: its tables are
/// `BTreeMap`s), or `None` for anything else, which `toml` then reads.
/// Parsing the built-in files with `toml` cost 7 M instructions of every
/// run; a test checks that both readings agree on them. The strings are
/// borrowed: a `String` and a map per phrase were most of what was left.
fn parse_plain(text: &str) -> Option<Vec<PlainTable<'_>>> {
    let mut tables: Vec<PlainTable<'_>> = Vec::new();
    // An array not closed on its line: its key, strings so far, and
    // whether a string was the last thing read (a `,` must come next). Its
    // table is the last one.
    let mut open: Option<(&str, Vec<&str>, bool)> = None;
    for line in text.split('\n') {
        let line = line.strip_suffix('\r').unwrap_or(line);
        let rest = if let Some((_, list, after_item)) = open.as_mut() {
            match scan_items(line, list, after_item)? {
                None => continue,
                Some(after) => after,
            }
        } else {
            let line = line.trim_matches([' ', '\t']);
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if let Some(rest) = line.strip_prefix('[') {
                let (name, after) = rest.split_once(']')?;
                // `site` holds per-site tables: `toml` reads those.
                if !is_bare_key(name)
                    || name == "site"
                    || !is_comment_or_empty(after)
                    || tables.iter().any(|&(n, _)| n == name)
                {
                    return None;
                }
                tables.push((name, Vec::new()));
                continue;
            }
            let (_, keys) = tables.last()?;
            let (key, value) = line.split_once('=')?;
            let key = key.trim_matches([' ', '\t']);
            if !is_bare_key(key) || keys.iter().any(|&(k, _)| k == key) {
                return None;
            }
            let value = value.trim_start_matches([' ', '\t']).strip_prefix('[')?;
            let (mut list, mut after_item) = (Vec::new(), false);
            let after = scan_items(value, &mut list, &mut after_item)?;
            open = Some((key, list, after_item));
            match after {
                None => continue,
                Some(after) => after,
            }
        };
        if !is_comment_or_empty(rest) {
            return None;
        }
        let (key, list, _) = open.take()?;
        tables.last_mut()?.1.push((key, list));
    }
    if open.is_some() {
        return None;
    }
    // Names are unique (checked above): the order is `BTreeMap`'s.
    tables.sort_unstable_by_key(|&(n, _)| n);
    for (_, keys) in &mut tables {
        keys.sort_unstable_by_key(|&(k, _)| k);
    }
    Some(tables)
}

/// Reads the strings of an array from `rest` (part of one line) into
/// `list`: `Some(None)` when the line ends with the array still open,
/// `Some(Some(after))` with what follows its `]`, `None` for anything but
/// plain strings, commas, blanks and comments.
fn scan_items<'a>(
    mut rest: &'a str,
    list: &mut Vec<&'a str>,
    after_item: &mut bool,
) -> Option<Option<&'a str>> {
    loop {
        rest = rest.trim_start_matches([' ', '\t']);
        if rest.is_empty() || rest.starts_with('#') {
            return is_comment_or_empty(rest).then_some(None);
        }
        if let Some(after) = rest.strip_prefix(']') {
            return Some(Some(after));
        }
        if *after_item {
            rest = rest.strip_prefix(',')?;
            *after_item = false;
            continue;
        }
        let body = rest.strip_prefix('"')?;
        // The closing quote, in the same walk as the test for escapes and
        // control chars, which are left to `toml`.
        let end = body
            .bytes()
            .position(|b| b == b'"' || b == b'\\' || (b < 0x20 && b != b'\t') || b == 0x7F)?;
        if body.as_bytes().get(end) != Some(&b'"') {
            return None;
        }
        let s = body.get(..end)?;
        list.push(s);
        *after_item = true;
        rest = body.get(end + 1..)?;
    }
}

/// A TOML bare key: ASCII letters, digits, `_` and `-`, not empty.
fn is_bare_key(k: &str) -> bool {
    !k.is_empty()
        && k.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// What may follow a value or header on its line: blanks, then a comment.
fn is_comment_or_empty(rest: &str) -> bool {
    let rest = rest.trim_start_matches([' ', '\t']);
    rest.is_empty() || (rest.starts_with('#') && !rest.bytes().any(|b| b < 0x20 && b != b'\t'))
}

/// Families whose name ends with this hold whole-line patterns (`*` for any
/// text), not phrases.
pub const LINE_SUFFIX: &str = "_line";

/// The name a family gets inside a `[site."NAME"]` table.
pub fn site_family(family: &str, site: &str) -> String {
    format!("{family}@{site}")
}

impl Lexicon {
    /// The built-in lexicons plus the given user sources `(name, toml)`.
    ///
    /// A source maps family -> language -> list. A `[site."example.com"]`
    /// table holds families that apply to that site only (named
    /// `family@example.com`); a family whose name ends in `_line` holds
    /// whole-line patterns instead of phrases.
    pub fn build(extra: &[(String, String)]) -> Result<Lexicon, String> {
        let sources = BUILTIN
            .iter()
            .map(|&(n, t)| (n, t, true))
            .chain(extra.iter().map(|(n, t)| (n.as_str(), t.as_str(), false)));
        let mut b = Builder::default();
        b.index.reserve(4096);
        for (name, text, builtin) in sources {
            if builtin {
                if let Some(tables) = parse_plain(text) {
                    for (key, langs) in tables {
                        let phrases = langs.into_iter().flat_map(|(_, l)| l);
                        b.add(name, key, phrases.map(Cow::Borrowed))?;
                    }
                    continue;
                }
            }
            let parsed: toml::Table =
                toml::from_str(text).map_err(|e| format!("{name}: not a valid rules file: {e}"))?;
            for (key, value) in parsed {
                if key == "site" {
                    let sites: BTreeMap<String, BTreeMap<String, Langs>> = value
                        .try_into()
                        .map_err(|e| format!("{name}: bad [site] table: {e}"))?;
                    for (site, fams) in sites {
                        for (family, langs) in fams {
                            let family = site_family(&family, &site.to_lowercase());
                            let phrases = langs.into_values().flatten();
                            b.add(name, &family, phrases.map(Cow::Owned))?;
                        }
                    }
                } else {
                    let langs: Langs = value
                        .try_into()
                        .map_err(|e| format!("{name}: bad table [{key}]: {e}"))?;
                    let phrases = langs.into_values().flatten();
                    b.add(name, &key, phrases.map(Cow::Owned))?;
                }
            }
        }
        let (family_spans, pattern_families) = b.family_lists();
        let index = PhraseIndex::of(&b.patterns);
        Ok(Lexicon {
            index,
            family_spans,
            pattern_families,
            families: b.families,
            line_patterns: b.line_patterns,
        })
    }

    /// The families of pattern `k`.
    #[inline(always)]
    fn families_of(&self, k: usize) -> &[FamilyId] {
        self.family_spans
            .get(k)
            .and_then(|&(from, to)| self.pattern_families.get(from as usize..to as usize))
            .unwrap_or(&[])
    }

    /// The phrase index, for the search's tests.
    #[cfg(test)]
    pub(crate) fn index(&self) -> &PhraseIndex {
        &self.index
    }

    /// Whole-line patterns of a family (lowercased; `*` is any text).
    pub fn line_patterns(&self, family: FamilyId) -> impl Iterator<Item = &str> {
        self.line_patterns
            .iter()
            .filter(move |(f, _)| *f == family)
            .map(|(_, p)| p.as_str())
    }

    pub fn family(&self, name: &str) -> Option<FamilyId> {
        self.families
            .iter()
            .position(|f| f == name)
            .and_then(|i| FamilyId::try_from(i).ok())
    }

    pub fn family_name(&self, id: FamilyId) -> &str {
        self.families
            .get(usize::from(id))
            .map_or("?", String::as_str)
    }

    /// Phrases found in `lower` (an already lowercased line) that start at
    /// a word start and end before a non-alphanumeric char or the end of
    /// the line; at each start the longest, none overlapping.
    pub fn hits(&self, lower: &str) -> Vec<Hit> {
        self.hits_up_to(lower, usize::MAX)
    }

    /// [`Lexicon::hits`] of every line, flat: the hits of line `i` are
    /// `hits[starts[i]..starts[i + 1]]`.
    pub fn hits_of_lines<'l>(
        &self,
        lines: impl ExactSizeIterator<Item = &'l str>,
    ) -> (Vec<Hit>, Vec<usize>) {
        let mut hits = Vec::new();
        let mut starts = Vec::with_capacity(lines.len() + 1);
        for lower in lines {
            starts.push(hits.len());
            self.push_hits(lower, usize::MAX, &mut hits);
        }
        starts.push(hits.len());
        (hits, starts)
    }

    /// [`Lexicon::hits_of_lines`] of lines laid out in `joined`: line `i`
    /// is `joined[ranges[i]]`. A line whose range is `None` is not searched
    /// here and gets no hits.
    ///
    /// Lines next to each other in `joined` (one `\n` between) are searched
    /// as one text: a phrase cannot run over a `\n`, and one search per run
    /// of lines spares the set-up of a search per line.
    pub fn hits_of_joined(
        &self,
        joined: &str,
        ranges: &[Option<Range<usize>>],
    ) -> (Vec<Hit>, Vec<usize>) {
        let mut hits = Vec::new();
        let mut starts = Vec::with_capacity(ranges.len() + 1);
        if !self.index.joins_lines() {
            for r in ranges {
                starts.push(hits.len());
                if let Some(lower) = r.clone().and_then(|r| joined.get(r)) {
                    self.push_hits(lower, usize::MAX, &mut hits);
                }
            }
            starts.push(hits.len());
            return (hits, starts);
        }
        let b = joined.as_bytes();
        let mut i = 0;
        while i < ranges.len() {
            let Some(first) = ranges
                .get(i)
                .cloned()
                .flatten()
                .filter(|r| joined.get(r.clone()).is_some())
            else {
                starts.push(hits.len());
                i += 1;
                continue;
            };
            // The run of lines i..k, each after the one before and a `\n`.
            // A line after a `\n` starts on a char boundary, and ends on
            // one when the next line's `\n` follows it: only the run's end
            // is checked (not every line's range, as `str::get` would).
            let mut k = i + 1;
            let mut end = first.end;
            // The run's end without its last line.
            let mut before = end;
            while let Some(Some(r)) = ranges.get(k) {
                if r.start != end + 1 || b.get(end) != Some(&b'\n') || r.end < r.start {
                    break;
                }
                before = end;
                end = r.end;
                k += 1;
            }
            if k > i + 1 && !joined.is_char_boundary(end) {
                // The last line is not in the text: not in the run.
                k -= 1;
                end = before;
            }
            starts.push(hits.len());
            let mut line = i;
            let mut line_start = first.start;
            // Where the line after `line` starts (past the run: never).
            let next_start = |l: usize| {
                if l + 1 < k {
                    ranges
                        .get(l + 1)
                        .cloned()
                        .flatten()
                        .map_or(usize::MAX, |r| r.start)
                } else {
                    usize::MAX
                }
            };
            let mut next = next_start(line);
            self.index.find_lines(joined, first.start, end, |m| {
                while m.start >= next {
                    line += 1;
                    starts.push(hits.len());
                    line_start = next;
                    next = next_start(line);
                }
                for &family in self.families_of(m.phrase) {
                    hits.push(Hit {
                        family,
                        start: m.start - line_start,
                        end: m.end - line_start,
                    });
                }
            });
            while line + 1 < k {
                line += 1;
                starts.push(hits.len());
            }
            i = k;
        }
        starts.push(hits.len());
        (hits, starts)
    }

    /// The hits of `lower` that start at or before byte `upto`, searching
    /// no further than needed.
    pub fn hits_up_to(&self, lower: &str, upto: usize) -> Vec<Hit> {
        let mut out = Vec::new();
        self.push_hits(lower, upto, &mut out);
        out
    }

    /// Appends the hits of `lower` starting at or before `upto`, once per
    /// family of each phrase.
    fn push_hits(&self, lower: &str, upto: usize, out: &mut Vec<Hit>) {
        self.index.find_upto(lower, upto, |m| {
            for &family in self.families_of(m.phrase) {
                out.push(Hit {
                    family,
                    start: m.start,
                    end: m.end,
                });
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`parse_plain`]'s tables as `toml` gives them.
    fn owned(tables: Vec<PlainTable<'_>>) -> Vec<(String, Langs)> {
        tables
            .into_iter()
            .map(|(n, keys)| {
                let langs = keys
                    .into_iter()
                    .map(|(k, l)| (k.to_string(), l.into_iter().map(str::to_string).collect()))
                    .collect();
                (n.to_string(), langs)
            })
            .collect()
    }

    #[test]
    fn plain_reading_of_the_builtin_files_is_toml_s() {
        for (name, text) in BUILTIN {
            let plain = owned(parse_plain(text).expect(name));
            let parsed: toml::Table = toml::from_str(text).expect(name);
            let want: Vec<(String, Langs)> = parsed
                .into_iter()
                .map(|(k, v)| (k, v.try_into().expect(name)))
                .collect();
            assert_eq!(plain, want, "{name}");
        }
        // Anything else is left to `toml`.
        for odd in [
            "x = [\"a\"]\n",
            "[a]\nen = [\"a\\\"b\"]\n",
            "[a]\nen = [\"a\"\n\"b\"]\n",
            "[a]\nen = [\"a\",\n",
            "[a]\nen = [\"a\"]\nen = [\"b\"]\n",
            "[a]\n[a]\n",
            "[site]\nen = []\n",
            "[a.b]\nen = []\n",
            "[a]\nen = [1]\n",
            "[a]\nen = [\"a\"] x\n",
        ] {
            assert_eq!(parse_plain(odd), None, "{odd:?}");
        }
        let t = "# c\n[b]\nde = [\"x\", \"y\",] # z\n[a]\nen = [ # q\n  \"p\", # r\n\n  \"s\"\n]\nfr = []\n";
        let plain = owned(parse_plain(t).expect("plain"));
        let parsed: toml::Table = toml::from_str(t).expect("toml");
        let want: Vec<(String, Langs)> = parsed
            .into_iter()
            .map(|(k, v)| (k, v.try_into().expect("langs")))
            .collect();
        assert_eq!(plain, want);
    }

    #[test]
    fn lowercase_trimmed_is_trim_to_lowercase() {
        let odd = [
            " Log In ",
            "x",
            "",
            "  ",
            "ÉCRIT Par",
            "\u{A0}İx ",
            "ABC\t",
            "écrit",
            " ΟΔΟΣ",
            "οδος",
            "ǅ",
            "ǆx",
            "ß",
            "ﬁ",
            " ф ",
        ];
        for p in odd {
            let want = p.trim().to_lowercase();
            assert_eq!(lowercase_trimmed(Cow::Borrowed(p)), want, "{p:?}");
            assert_eq!(lowercase_trimmed(Cow::Owned(p.to_string())), want, "{p:?}");
        }
    }

    #[test]
    fn lowercase_trimmed_of_every_char() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            let p = format!("a{c}");
            assert_eq!(
                lowercase_trimmed(Cow::Borrowed(&p)),
                p.trim().to_lowercase(),
                "{c:?}"
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn lowercase_trimmed_of_any_text(p in "\\PC{0,12}") {
            let want = p.trim().to_lowercase();
            proptest::prop_assert_eq!(lowercase_trimmed(Cow::Borrowed(&p)), want.as_str());
        }
    }

    /// The flat family lists are the per-phrase lists `add` kept before:
    /// each family once, in the order first read.
    #[test]
    fn family_lists_are_the_per_phrase_lists() {
        let mut b = Builder::default();
        let links = [
            (0u32, 3u16),
            (1, 2),
            (0, 1),
            (0, 3),
            (2, 0),
            (1, 2),
            (0, 0),
            (1, 5),
        ];
        b.patterns = (0..3).map(|k| Cow::Owned(k.to_string())).collect();
        b.links = links.to_vec();
        let mut want: Vec<Vec<FamilyId>> = vec![Vec::new(); 3];
        for (k, id) in links {
            if !want[k as usize].contains(&id) {
                want[k as usize].push(id);
            }
        }
        let (spans, list) = b.family_lists();
        let got: Vec<Vec<FamilyId>> = spans
            .iter()
            .map(|&(f, t)| list[f as usize..t as usize].to_vec())
            .collect();
        assert_eq!(got, want);
    }

    #[test]
    fn globs() {
        assert!(glob_match("foto: *", "foto: jane doe"));
        assert!(glob_match("* | example news", "a headline | example news"));
        assert!(glob_match("a*b*c", "a-x-b-y-c"));
        assert!(glob_match("exact", "exact"));
        assert!(!glob_match("exact", "exactly"));
        assert!(!glob_match("a*bc", "abc-x"));
        assert!(!glob_match("ab*ba", "aba"));
    }

    #[test]
    fn builtin_compiles_and_matches_on_word_boundaries() {
        let lex = Lexicon::build(&[]).expect("builtin lexicons");
        let login = lex.family("login").expect("login family");
        let hits = lex.hits("log in or register");
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].family, login);
        assert_eq!((hits[0].start, hits[0].end), (0, 18));
        // "ap" must not match inside "happy".
        let agency = lex.family("agency").expect("agency family");
        assert!(lex.hits("happy").iter().all(|h| h.family != agency));
        assert!(lex.hits("jim bourg/ ap").iter().any(|h| h.family == agency));
    }

    const LINES: &[&str] = &[
        "foto: reuters",
        "log in or register to comment",
        "",
        "catalog in or register, mai 2021 dpa",
        "read more: the story (c) ap",
        "montag, 3. mai 2021 von jane doe",
        "tags: x | share on facebook",
    ];

    #[test]
    fn joined_search_finds_what_lines_alone_find() {
        let lex = Lexicon::build(&[]).expect("builtin lexicons");
        let (want, want_starts) = lex.hits_of_lines(LINES.iter().copied());
        let mut joined = String::new();
        let mut ranges = Vec::new();
        for l in LINES {
            ranges.push(Some(joined.len()..joined.len() + l.len()));
            joined.push_str(l);
            joined.push('\n');
        }
        assert_eq!(
            lex.hits_of_joined(&joined, &ranges),
            (want.clone(), want_starts.clone())
        );
        // Lines left out get no hits; the others keep theirs.
        let mut partial = ranges.clone();
        partial[1] = None;
        partial[4] = None;
        let (hits, starts) = lex.hits_of_joined(&joined, &partial);
        for (i, l) in LINES.iter().enumerate() {
            let got = &hits[starts[i]..starts[i + 1]];
            if partial[i].is_none() {
                assert!(got.is_empty());
            } else {
                assert_eq!(got, lex.hits(l).as_slice(), "{l:?}");
            }
        }
    }

    /// Ranges that are not lines of the text (past its end, off a char
    /// boundary, reversed, not ending at a `\n`) get no hits or their
    /// own; the valid lines around them keep theirs.
    #[test]
    fn joined_search_takes_bad_ranges() {
        let lex = Lexicon::build(&[]).expect("builtin lexicons");
        let joined = "foto: reuters\nüber foto: dpa\nread more: x\n";
        let u_at = joined.find('ü').expect("ü");
        let cases: Vec<Vec<Option<Range<usize>>>> = vec![
            vec![
                Some(0..13),
                Some(14..u_at + 15),
                Some(joined.len()..joined.len() + 3),
            ],
            vec![Some(0..13), Some(14..u_at + 1), Some(30..40)],
            vec![Some(0..13), Some(14..28), Some(29..joined.len() + 1)],
            // A reversed range.
            vec![
                Some(0..13),
                Some(Range { start: 14, end: 13 }),
                Some(29..41),
            ],
            vec![Some(0..13), Some(14..u_at + 1)],
            vec![Some(0..13), Some(14..joined.len() + 9)],
            vec![Some(5..13), Some(14..20), Some(u_at + 1..28), Some(29..41)],
        ];
        for ranges in cases {
            let (hits, starts) = lex.hits_of_joined(joined, &ranges);
            for (i, r) in ranges.iter().enumerate() {
                let want = r.clone().and_then(|r| joined.get(r)).map(|l| lex.hits(l));
                let got = &hits[starts[i]..starts[i + 1]];
                assert_eq!(got, want.unwrap_or_default().as_slice(), "{ranges:?} {i}");
            }
        }
    }

    #[test]
    fn hits_up_to_match_the_whole_line_search() {
        let lex = Lexicon::build(&[]).expect("builtin lexicons");
        for l in LINES {
            let all = lex.hits(l);
            for upto in 0..=l.len() {
                let want: Vec<Hit> = all.iter().filter(|h| h.start <= upto).copied().collect();
                assert_eq!(lex.hits_up_to(l, upto), want, "{l:?} up to {upto}");
            }
        }
    }

    #[test]
    fn user_rules_add_phrases_and_bad_toml_is_an_error() {
        let extra = vec![(
            "mine.toml".to_string(),
            "[login]\nxx = [\"beam me up\"]\n".to_string(),
        )];
        let lex = Lexicon::build(&extra).expect("valid extra rules");
        assert_eq!(lex.hits("beam me up").len(), 1);
        let site = vec![(
            "site.toml".to_string(),
            "[drop_line]\nany = [\"Foto: *\"]\n[site.\"Example.com\".drop]\nany = [\"our weekly letter\"]\n"
                .to_string(),
        )];
        let lex = Lexicon::build(&site).expect("site rules");
        let fam = lex.family("drop@example.com").expect("site family");
        assert!(lex
            .hits("get our weekly letter")
            .iter()
            .any(|h| h.family == fam));
        let lines = lex.family("drop_line").expect("line family");
        assert_eq!(
            lex.line_patterns(lines).collect::<Vec<_>>(),
            vec!["foto: *"]
        );
        let bad = vec![("bad.toml".to_string(), "[login\n".to_string())];
        let err = Lexicon::build(&bad).expect_err("invalid toml");
        assert!(err.starts_with("bad.toml: not a valid rules file"));
    }
}
