//! Phrase lexicons (data under `rules/`), found at word starts with a
//! [`PhraseIndex`].
//!
//! A lexicon source is TOML: one table per family, mapping a language code
//! to a list of phrases. The built-in sources are compiled into the binary;
//! a user's `--rules FILE.toml` uses the same format and adds to them.

use crate::phrases::PhraseIndex;
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
    /// Families of each pattern, by pattern index: the same phrase may be
    /// in several families (`mai` a month, `di` a weekday and a byline).
    pattern_families: Vec<Vec<FamilyId>>,
    families: Vec<String>,
    /// `_line` families: (family, lowercased glob).
    line_patterns: Vec<(FamilyId, String)>,
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
        let index = PhraseIndex::new(b.patterns);
        Ok(Lexicon {
            index,
            pattern_families: b.pattern_families,
            families: b.families,
            line_patterns: b.line_patterns,
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
    pub fn hits_of_joined(
        &self,
        joined: &str,
        ranges: &[Option<Range<usize>>],
    ) -> (Vec<Hit>, Vec<usize>) {
        let mut hits = Vec::new();
        let mut starts = Vec::with_capacity(ranges.len() + 1);
        for r in ranges {
            starts.push(hits.len());
            if let Some(lower) = r.clone().and_then(|r| joined.get(r)) {
                self.push_hits(lower, usize::MAX, &mut hits);
            }
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
            for &family in self.pattern_families.get(m.phrase).into_iter().flatten() {
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
