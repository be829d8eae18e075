//! Phrase lexicons (data under `rules/`), matched all at once with
//! aho-corasick.
//!
//! A lexicon source is TOML: one table per family, mapping a language code
//! to a list of phrases. The built-in sources are compiled into the binary;
//! a user's `--rules FILE.toml` uses the same format and adds to them.

use aho_corasick::{AhoCorasick, MatchKind};
use std::collections::BTreeMap;

/// The lexicon files shipped in the binary.
pub const BUILTIN: &[(&str, &str)] = &[
    ("rules/prompts.toml", include_str!("../rules/prompts.toml")),
    ("rules/labels.toml", include_str!("../rules/labels.toml")),
    ("rules/dates.toml", include_str!("../rules/dates.toml")),
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
}

type Source = BTreeMap<String, BTreeMap<String, Vec<String>>>;

impl Lexicon {
    /// The built-in lexicons plus the given user sources `(name, toml)`.
    pub fn build(extra: &[(String, String)]) -> Result<Lexicon, String> {
        let mut sources: Vec<(String, String)> = BUILTIN
            .iter()
            .map(|(n, t)| (n.to_string(), t.to_string()))
            .collect();
        sources.extend(extra.iter().cloned());
        let mut families: Vec<String> = Vec::new();
        let mut patterns: Vec<String> = Vec::new();
        let mut pattern_families: Vec<Vec<FamilyId>> = Vec::new();
        let mut index: std::collections::HashMap<String, usize> = Default::default();
        for (name, text) in &sources {
            let parsed: Source =
                toml::from_str(text).map_err(|e| format!("{name}: not a valid rules file: {e}"))?;
            for (family, langs) in parsed {
                let id = match families.iter().position(|f| *f == family) {
                    Some(i) => i,
                    None => {
                        families.push(family.clone());
                        families.len() - 1
                    }
                };
                let id =
                    FamilyId::try_from(id).map_err(|_| format!("{name}: too many families"))?;
                for phrase in langs.into_values().flatten() {
                    let p = phrase.trim().to_lowercase();
                    if p.is_empty() {
                        continue;
                    }
                    match index.get(&p) {
                        Some(&k) => {
                            if !pattern_families[k].contains(&id) {
                                pattern_families[k].push(id);
                            }
                        }
                        None => {
                            index.insert(p.clone(), patterns.len());
                            patterns.push(p);
                            pattern_families.push(vec![id]);
                        }
                    }
                }
            }
        }
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&patterns)
            .map_err(|e| format!("cannot compile lexicons: {e}"))?;
        Ok(Lexicon {
            ac,
            pattern_families,
            families,
        })
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
        let b = lower.as_bytes();
        let mut out = Vec::new();
        for m in self.ac.find_iter(lower).filter(|m| {
            let before = lower[..m.start()].chars().next_back();
            let after = lower[m.end()..].chars().next();
            let boundary = |c: Option<char>| !c.is_some_and(char::is_alphanumeric);
            // A pattern ending in a non-word char (like "fot.") is bounded already.
            (m.start() == 0 || boundary(before) || !b[m.start()].is_ascii_alphanumeric())
                && boundary(after)
        }) {
            for &family in &self.pattern_families[m.pattern().as_usize()] {
                out.push(Hit {
                    family,
                    start: m.start(),
                    end: m.end(),
                });
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn user_rules_add_phrases_and_bad_toml_is_an_error() {
        let extra = vec![(
            "mine.toml".to_string(),
            "[login]\nxx = [\"beam me up\"]\n".to_string(),
        )];
        let lex = Lexicon::build(&extra).expect("valid extra rules");
        assert_eq!(lex.hits("beam me up").len(), 1);
        let bad = vec![("bad.toml".to_string(), "[login\n".to_string())];
        let err = Lexicon::build(&bad).expect_err("invalid toml");
        assert!(err.starts_with("bad.toml: not a valid rules file"));
    }
}
