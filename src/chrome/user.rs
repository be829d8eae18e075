//! The user's own rules, from `--rules FILE.toml`: phrases in a `drop`
//! family (a short line made mostly of them is dropped, like a prompt) and
//! whole-line patterns in `drop_line` (`Foto: *`, `* | Example News`), for
//! every document or, under `[site."example.com"]`, for one site's
//! documents only. They run first: the user knows their dump best.

use super::{Context, Rule};
use crate::document::Document;
use crate::lexicon::{glob_match, site_family};

pub struct User;

/// Longest line a `drop` phrase can remove, in words.
const MAX_WORDS: usize = 40;

fn alnum(s: &str) -> usize {
    s.chars().filter(|c| c.is_alphanumeric()).count()
}

impl Rule for User {
    fn name(&self) -> &'static str {
        "user"
    }
    fn describe(&self) -> &'static str {
        "your phrases (`[drop]`) and line patterns (`[drop_line]`, `*` = any text) from --rules, also per site"
    }
    fn apply(&self, doc: &mut Document, ctx: &Context) {
        let mut phrase_names = vec!["drop".to_string()];
        let mut line_names = vec!["drop_line".to_string()];
        if let Some(site) = ctx.site {
            let site = site.to_lowercase();
            phrase_names.push(site_family("drop", &site));
            line_names.push(site_family("drop_line", &site));
        }
        let lookup = |names: &[String]| -> Vec<_> {
            names.iter().filter_map(|n| ctx.lexicon.family(n)).collect()
        };
        let phrases = lookup(&phrase_names);
        let lines = lookup(&line_names);
        if phrases.is_empty() && lines.is_empty() {
            return;
        }
        let globs: Vec<&str> = lines
            .iter()
            .flat_map(|&f| ctx.lexicon.line_patterns(f))
            .collect();
        for i in 0..doc.lines.len() {
            let line = &doc.lines[i];
            if let Some(g) = globs.iter().find(|g| glob_match(g, &line.lower)) {
                let detail = format!("matches `{g}`");
                doc.drop_line(i, self.name(), detail);
                continue;
            }
            if phrases.is_empty() || line.words() > MAX_WORDS {
                continue;
            }
            let covered: usize = ctx
                .hits_in(i, &phrases)
                .map(|h| alnum(&line.lower[h.start..h.end]))
                .sum();
            if covered > 0 && covered * 2 >= alnum(&line.lower) {
                doc.drop_line(i, self.name(), "user phrase");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::Lexicon;

    fn kept(rules: &str, site: Option<&str>, text: &str) -> Vec<String> {
        let lex = Lexicon::build(&[("mine.toml".into(), rules.into())]).expect("rules");
        let mut doc = Document::from_text(text);
        let mut ctx = Context::new(&lex, &doc);
        ctx.site = site;
        User.apply(&mut doc, &ctx);
        doc.lines
            .iter()
            .filter(|l| l.is_kept())
            .map(|l| l.text.to_string())
            .collect()
    }

    const RULES: &str =
        "[drop]\nde = [\"mehr vom kiez\"]\n[drop_line]\nany = [\"* | example news\"]\n\
        [site.\"example.com\".drop_line]\nany = [\"anzeige*\"]\n";

    #[test]
    fn phrases_and_patterns() {
        let text =
            "Mehr vom Kiez\nA headline | Example News\nAnzeige: Kaufen Sie\nBody text stays here.";
        assert_eq!(
            kept(RULES, None, text),
            vec!["Anzeige: Kaufen Sie", "Body text stays here."]
        );
        assert_eq!(
            kept(RULES, Some("Example.com"), text),
            vec!["Body text stays here."]
        );
    }

    #[test]
    fn site_tables_extend_built_in_families() {
        let rules = "[site.\"example.com\".related]\nany = [\"auch bei example\"]\n";
        let lex = Lexicon::build(&[("mine.toml".into(), rules.into())]).expect("rules");
        let doc = Document::from_text("x");
        let mut ctx = Context::new(&lex, &doc);
        let without = ctx.families(&["related"]).len();
        ctx.site = Some("Example.com");
        assert_eq!(ctx.families(&["related"]).len(), without + 1);
    }

    #[test]
    fn prose_with_a_phrase_stays() {
        let s = "Die Reihe Mehr vom Kiez läuft seit Jahren jeden Samstag im Lokalteil.";
        assert_eq!(kept(RULES, None, s), vec![s]);
    }
}
