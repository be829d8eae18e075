//! Phrase lexicons (data under `rules/`), matched all at once with
//! aho-corasick.
//!
//! A lexicon source is TOML: one table per family, mapping a language code
//! to a list of phrases. The built-in sources are compiled into the binary;
//! a user's `--rules FILE.toml` uses the same format and adds to them.

use aho_corasick::{AhoCorasick, MatchKind};
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
    ac: AhoCorasick,
    /// Families of each pattern, by pattern index: the same phrase may be
    /// in several families (`mai` a month, `di` a weekday and a byline).
    pattern_families: Vec<Vec<FamilyId>>,
    families: Vec<String>,
    /// `_line` families: (family, lowercased glob).
    line_patterns: Vec<(FamilyId, String)>,
    /// Some phrase holds a `\n` (only a user's rules can): lines must then
    /// be searched one by one, not as one `\n`-joined text.
    phrase_has_newline: bool,
}

#[derive(Default)]
struct Builder {
    families: Vec<String>,
    patterns: Vec<String>,
    pattern_families: Vec<Vec<FamilyId>>,
    index: std::collections::HashMap<String, usize>,
    line_patterns: Vec<(FamilyId, String)>,
}

impl Builder {
    fn add(&mut self, source: &str, family: &str, langs: Langs) -> Result<(), String> {
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
        for phrase in langs.into_values().flatten() {
            let p = phrase.trim().to_lowercase();
            if p.is_empty() {
                continue;
            }
            if is_line {
                self.line_patterns.push((id, p));
                continue;
            }
            match self.index.get(&p) {
                Some(&k) => {
                    if !self.pattern_families[k].contains(&id) {
                        self.pattern_families[k].push(id);
                    }
                }
                None => {
                    self.index.insert(p.clone(), self.patterns.len());
                    self.patterns.push(p);
                    self.pattern_families.push(vec![id]);
                }
            }
        }
        Ok(())
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
        let mut sources: Vec<(String, String)> = BUILTIN
            .iter()
            .map(|(n, t)| (n.to_string(), t.to_string()))
            .collect();
        sources.extend(extra.iter().cloned());
        let mut b = Builder::default();
        for (name, text) in &sources {
            let parsed: toml::Table =
                toml::from_str(text).map_err(|e| format!("{name}: not a valid rules file: {e}"))?;
            for (key, value) in parsed {
                if key == "site" {
                    let sites: BTreeMap<String, BTreeMap<String, Langs>> = value
                        .try_into()
                        .map_err(|e| format!("{name}: bad [site] table: {e}"))?;
                    for (site, fams) in sites {
                        for (family, langs) in fams {
                            b.add(name, &site_family(&family, &site.to_lowercase()), langs)?;
                        }
                    }
                } else {
                    let langs: Langs = value
                        .try_into()
                        .map_err(|e| format!("{name}: bad table [{key}]: {e}"))?;
                    b.add(name, &key, langs)?;
                }
            }
        }
        let phrase_has_newline = b.patterns.iter().any(|p| p.contains('\n'));
        // Left to the automatic choice (a contiguous NFA for this many
        // phrases). A DFA runs ~30% fewer instructions per byte but costs
        // ~265M to build and, measured on 39 MB, was still ~5% slower in
        // time (its larger table misses cache).
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&b.patterns)
            .map_err(|e| format!("cannot compile lexicons: {e}"))?;
        Ok(Lexicon {
            ac,
            pattern_families: b.pattern_families,
            families: b.families,
            line_patterns: b.line_patterns,
            phrase_has_newline,
        })
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

    /// Phrases found in `lower` (an already lowercased line), each bounded by
    /// non-alphanumeric characters or the ends of the line.
    pub fn hits(&self, lower: &str) -> Vec<Hit> {
        let mut out = Vec::new();
        for m in self.ac.find_iter(lower) {
            self.push_hit(lower, m.start(), m.end(), m.pattern().as_usize(), &mut out);
        }
        out
    }

    /// [`Lexicon::hits`] of every line, flat: the hits of line `i` are
    /// `hits[starts[i]..starts[i + 1]]`. One search over the lines joined by
    /// `\n` instead of one per line: a search has a fixed cost, and lines
    /// are short. No phrase holds a `\n`, so no match crosses a line end,
    /// and leftmost-longest matching restarts at each line as it would alone.
    pub fn hits_of_lines<'l>(
        &self,
        lines: impl ExactSizeIterator<Item = &'l str> + Clone,
    ) -> (Vec<Hit>, Vec<usize>) {
        let mut hits = Vec::new();
        let mut starts = Vec::with_capacity(lines.len() + 1);
        if self.phrase_has_newline {
            for lower in lines {
                starts.push(hits.len());
                for m in self.ac.find_iter(lower) {
                    self.push_hit(lower, m.start(), m.end(), m.pattern().as_usize(), &mut hits);
                }
            }
            starts.push(hits.len());
            return (hits, starts);
        }
        let total: usize = lines.clone().map(|l| l.len() + 1).sum();
        let mut joined = String::with_capacity(total);
        // Byte offset of each line in `joined`, and the line texts again.
        let mut offsets = Vec::with_capacity(lines.len() + 1);
        for l in lines.clone() {
            offsets.push(joined.len());
            joined.push_str(l);
            joined.push('\n');
        }
        offsets.push(joined.len());
        let texts: Vec<&str> = lines.collect();
        let mut line = 0;
        starts.push(0);
        for m in self.ac.find_iter(&joined) {
            // Matches come in order; move to the line this one is in.
            while offsets.get(line + 1).is_some_and(|&o| m.start() >= o) {
                line += 1;
                starts.push(hits.len());
            }
            let (Some(&base), Some(lower)) = (offsets.get(line), texts.get(line)) else {
                break;
            };
            let (s, e) = (m.start() - base, m.end() - base);
            self.push_hit(lower, s, e, m.pattern().as_usize(), &mut hits);
        }
        while starts.len() < texts.len() + 1 {
            starts.push(hits.len());
        }
        (hits, starts)
    }

    /// [`Lexicon::hits_of_lines`] of lines already laid out in `joined`,
    /// each followed by `\n`: line `i` is `joined[ranges[i]]`. Consecutive
    /// lines are searched as one text without copying them. A line whose
    /// range is `None` is not searched here and gets no hits.
    pub fn hits_of_joined(
        &self,
        joined: &str,
        ranges: &[Option<Range<usize>>],
    ) -> (Vec<Hit>, Vec<usize>) {
        let n = ranges.len();
        let mut hits = Vec::new();
        let mut starts = Vec::with_capacity(n + 1);
        let mut i = 0;
        while i < n {
            let Some(first) = ranges[i].clone() else {
                starts.push(hits.len());
                i += 1;
                continue;
            };
            // The run of lines i..j that follow each other in `joined`.
            let mut j = i + 1;
            let mut end = first.end;
            if !self.phrase_has_newline {
                while let Some(Some(r)) = ranges.get(j) {
                    if r.start != end + 1 {
                        break;
                    }
                    end = r.end;
                    j += 1;
                }
            }
            starts.push(hits.len());
            let mut line = i;
            // The offset of the line the last hit was in.
            let mut base = first.start;
            let haystack = joined.get(first.start..end).unwrap_or_default();
            for m in self.ac.find_iter(haystack) {
                // Most matches (`ap` in `happy`) are not on word boundaries:
                // test them in the run of lines, where a line end is a `\n`
                // (no word char) just as the end of the line alone would be,
                // and find the line only for the few that are.
                if !bounded(haystack, m.start(), m.end()) {
                    continue;
                }
                let (s, e) = (first.start + m.start(), first.start + m.end());
                // Matches come in order and never cross a line end.
                while line + 1 < j {
                    match &ranges[line + 1] {
                        Some(r) if r.start <= s => {
                            line += 1;
                            base = r.start;
                            starts.push(hits.len());
                        }
                        _ => break,
                    }
                }
                self.push_families(m.pattern().as_usize(), s - base, e - base, &mut hits);
            }
            while starts.len() < j {
                starts.push(hits.len());
            }
            i = j;
        }
        starts.push(hits.len());
        (hits, starts)
    }

    /// The hits of `lower` that start at or before byte `upto`, found by
    /// searching only as far as a phrase starting there can reach:
    /// leftmost-longest matches that start that early are the same in the
    /// cut text as in the whole line.
    pub fn hits_up_to(&self, lower: &str, upto: usize) -> Vec<Hit> {
        let mut cut = upto
            .saturating_add(self.ac.max_pattern_len())
            .min(lower.len());
        while !lower.is_char_boundary(cut) {
            cut += 1;
        }
        let mut out = Vec::new();
        for m in self.ac.find_iter(lower.get(..cut).unwrap_or(lower)) {
            if m.start() > upto {
                break;
            }
            self.push_hit(lower, m.start(), m.end(), m.pattern().as_usize(), &mut out);
        }
        out
    }

    /// Records the phrase match `start..end` of `lower` if it sits on word
    /// boundaries, once per family of the phrase.
    fn push_hit(&self, lower: &str, start: usize, end: usize, pattern: usize, out: &mut Vec<Hit>) {
        if bounded(lower, start, end) {
            self.push_families(pattern, start, end, out);
        }
    }

    /// Records the hit `start..end` once per family of the phrase.
    fn push_families(&self, pattern: usize, start: usize, end: usize, out: &mut Vec<Hit>) {
        for &family in self.pattern_families.get(pattern).into_iter().flatten() {
            out.push(Hit { family, start, end });
        }
    }
}

/// Is the match `start..end` of `text` bounded by non-alphanumeric chars or
/// the ends of `text`? Most matches fail one of these: test the byte itself
/// when it is ASCII, decode a char only when it is not.
#[inline(always)]
fn bounded(text: &str, start: usize, end: usize) -> bool {
    let b = text.as_bytes();
    let after = match b.get(end) {
        None => true,
        Some(&x) if x < 0x80 => !x.is_ascii_alphanumeric(),
        Some(_) => !text
            .get(end..)
            .and_then(|r| r.chars().next())
            .is_some_and(char::is_alphanumeric),
    };
    // A pattern starting with a non-word char (like "(c)") is bounded
    // already at its start.
    after
        && (start == 0
            || b.get(start).is_none_or(|c| !c.is_ascii_alphanumeric())
            || match b.get(start - 1) {
                Some(&x) if x < 0x80 => !x.is_ascii_alphanumeric(),
                _ => !text
                    .get(..start)
                    .and_then(|r| r.chars().next_back())
                    .is_some_and(char::is_alphanumeric),
            })
}

#[cfg(test)]
mod tests {
    use super::*;

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
