//! Per-stage throughput of the cleaning core: decode, repair, document +
//! chrome rules, and the whole `Cleaner::clean` / `Cleaner::fix`.
//!
//! Self-contained: the input is built from `samples/raw/` plus generated
//! documents in several languages and scripts, shaped like scraped pages
//! (menus, prompts, credits, teasers around the article body), with a little
//! encoding damage (NBSP, zero-width spaces, decomposed accents, stray
//! windows-1252 bytes, one legacy-encoded document). Generation is
//! deterministic, so runs compare. `cargo bench --bench pipeline`.
//!
//! For the end-to-end figure over the real benchmark tree see `scripts/bench`.

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use dechaff::chrome::{self, Context};
use dechaff::decode;
use dechaff::document::Document;
use dechaff::lexicon::Lexicon;
use dechaff::repair::{self, RepairLog, RepairOptions};
use dechaff::{Cleaner, Config};
use std::path::Path;
use std::time::Duration;

/// A small deterministic generator (xorshift), so the corpus is the same on
/// every run without a dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.below(xs.len())]
    }
}

/// Words per language: enough variety that lines rarely repeat by chance.
const LANGS: &[&[&str]] = &[
    // German (the bulk of the real benchmark)
    &[
        "die",
        "Regierung",
        "hat",
        "am",
        "Montag",
        "über",
        "Straßenbahn",
        "Bürger",
        "größere",
        "Maßnahmen",
        "für",
        "Städte",
        "beschlossen",
        "und",
        "außerdem",
        "Förderung",
        "Grüße",
        "Öffentlichkeit",
        "Änderungen",
        "wurden",
        "erklärt",
        "Bundesländer",
        "zwischen",
        "Wähler",
    ],
    // English
    &[
        "the",
        "government",
        "said",
        "on",
        "Monday",
        "that",
        "talks",
        "would",
        "continue",
        "with",
        "officials",
        "from",
        "both",
        "countries",
        "despite",
        "concerns",
        "about",
        "security",
        "proposals",
        "and",
        "economic",
        "pressure",
        "analysts",
        "expect",
    ],
    // French / Spanish / Polish: Latin with diacritics
    &[
        "le",
        "gouvernement",
        "a",
        "annoncé",
        "été",
        "déjà",
        "très",
        "économie",
        "élèves",
        "où",
        "año",
        "señor",
        "información",
        "también",
        "política",
        "según",
        "już",
        "będzie",
        "żeby",
        "można",
        "się",
        "ważne",
        "miasto",
        "łódź",
    ],
    // Russian
    &[
        "правительство",
        "заявило",
        "в",
        "понедельник",
        "что",
        "переговоры",
        "будут",
        "продолжены",
        "с",
        "представителями",
        "обеих",
        "стран",
        "несмотря",
        "на",
        "опасения",
        "безопасности",
        "экономики",
        "аналитики",
        "ожидают",
        "решения",
        "Москва",
        "столица",
        "жители",
        "года",
    ],
    // Greek
    &[
        "η",
        "κυβέρνηση",
        "ανακοίνωσε",
        "τη",
        "Δευτέρα",
        "ότι",
        "οι",
        "συνομιλίες",
        "θα",
        "συνεχιστούν",
        "με",
        "αξιωματούχους",
        "και",
        "των",
        "δύο",
        "χωρών",
        "παρά",
        "ανησυχίες",
        "για",
        "ασφάλεια",
        "οικονομία",
        "αναλυτές",
        "αναμένουν",
        "Αθήνα",
    ],
    // Chinese / Japanese (no spaces between words in real text; kept short)
    &[
        "政府",
        "周一",
        "表示",
        "会谈",
        "将",
        "继续",
        "进行",
        "双方",
        "官员",
        "经济",
        "安全",
        "分析人士",
        "预计",
        "东京",
        "今日",
        "の",
        "ニュース",
        "発表",
        "した",
        "北京",
        "城市",
        "居民",
        "问题",
        "发展",
    ],
];

/// Chrome lines of the kinds the rules target, in several languages.
const CHROME: &[&str] = &[
    "Anmelden / Registrieren",
    "log in or register",
    "Melden Sie sich an",
    "Photo: John Smith",
    "Foto: dpa",
    "Фото: РИА Новости",
    "Jane Doe/Getty Images",
    "Read more: Markets Fall Again",
    "Lesen Sie auch",
    "Читайте также",
    "Subscribe to our newsletter",
    "We use cookies. Accept all cookies",
    "(@newsdesk)",
    "https://example.com/article?id=1",
    "A view of the harbour. - Example News, 1920, 06.01.2022",
    "Share on Facebook",
    "* Politik",
    "+ Kultur",
    "Zum Inhalt springen",
];

fn sentence(rng: &mut Rng, words: &[&str], cjk: bool) -> String {
    let n = 6 + rng.below(18);
    let sep = if cjk { "" } else { " " };
    let mut s = String::new();
    for i in 0..n {
        if i > 0 {
            s.push_str(sep);
        }
        s.push_str(rng.pick(words));
    }
    s.push_str(if cjk { "。" } else { "." });
    s
}

/// One scraped page: navigation and prompts at the top, a title, body
/// paragraphs with chrome between them, footer chrome.
fn page(rng: &mut Rng, lang: usize) -> String {
    let words = LANGS[lang];
    let cjk = lang == 5;
    let mut lines: Vec<String> = Vec::new();
    for _ in 0..3 + rng.below(10) {
        lines.push(rng.pick(CHROME).to_string());
    }
    let title = sentence(rng, words, cjk);
    let title = title.trim_end_matches(['.', '。']).to_string();
    lines.push(String::new());
    lines.push(title.clone());
    lines.push(String::new());
    for p in 0..8 + rng.below(12) {
        let mut para = String::new();
        for s in 0..1 + rng.below(4) {
            if s > 0 && !cjk {
                para.push(' ');
            }
            para.push_str(&sentence(rng, words, cjk));
        }
        // A little whitespace damage, as scraped text has.
        match rng.below(12) {
            0 => para = para.replacen(' ', "\u{A0}", 2),
            1 => para.push_str("\u{200B} "),
            2 => para = para.replacen(' ', "  ", 1),
            _ => {}
        }
        lines.push(para);
        if p % 4 == 3 {
            lines.push(rng.pick(CHROME).to_string());
        }
        lines.push(String::new());
    }
    if rng.below(3) == 0 {
        lines.push(title.to_uppercase());
    }
    for _ in 0..2 + rng.below(8) {
        lines.push(rng.pick(CHROME).to_string());
    }
    lines.join("\n")
}

/// The documents the benches clean, one `Vec<u8>` per document.
fn corpus() -> Vec<Vec<u8>> {
    let mut docs = Vec::new();
    let raw = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/raw");
    let mut stack = vec![raw];
    let mut paths = Vec::new();
    while let Some(dir) = stack.pop() {
        if let Ok(rd) = std::fs::read_dir(&dir) {
            for e in rd.flatten() {
                let p = e.path();
                if p.is_dir() {
                    stack.push(p);
                } else {
                    paths.push(p);
                }
            }
        }
    }
    paths.sort();
    for p in &paths {
        if let Ok(b) = std::fs::read(p) {
            docs.push(b);
        }
    }
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    // Language mix roughly like the real benchmark: mostly German, then
    // English and other Latin-script languages, a few others.
    let mix = [0, 0, 0, 0, 1, 1, 2, 2, 3, 4, 5];
    for i in 0..240 {
        let lang = mix[i % mix.len()];
        let text = page(&mut rng, lang);
        let bytes = match i % 40 {
            // Stray windows-1252 bytes in UTF-8 (a curly apostrophe, an NBSP).
            7 => {
                let mut b = text.into_bytes();
                b.extend_from_slice(b"\nWe don\x92t\xA0stop here.");
                b
            }
            // Decomposed accents (NFD), from a Mac clipboard.
            13 => text.replace('é', "e\u{301}").into_bytes(),
            _ => text.into_bytes(),
        };
        docs.push(bytes);
    }
    // One legacy-encoded (windows-1251) Russian page.
    let ru = page(&mut rng, 3);
    let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode(&ru);
    docs.push(bytes.into_owned());
    docs
}

fn total(docs: &[Vec<u8>]) -> u64 {
    docs.iter().map(|d| d.len() as u64).sum()
}

fn stages(c: &mut Criterion) {
    let docs = corpus();
    let bytes = total(&docs);
    let texts: Vec<String> = docs.iter().map(|d| decode::decode(d).text).collect();
    let opts = RepairOptions::default();
    let repaired: Vec<String> = texts
        .iter()
        .map(|t| repair::repair(t, &opts, &mut RepairLog::default()))
        .collect();
    let lexicon = match Lexicon::build(&[]) {
        Ok(l) => l,
        Err(e) => panic!("built-in lexicons: {e}"),
    };
    let rules = chrome::all();
    let cleaner = match Cleaner::new(Config::default()) {
        Ok(c) => c,
        Err(e) => panic!("default config: {e}"),
    };

    let mut g = c.benchmark_group("pipeline");
    g.throughput(Throughput::Bytes(bytes));
    g.bench_function("decode", |b| {
        b.iter(|| {
            for d in &docs {
                black_box(decode::decode(black_box(d)));
            }
        })
    });
    g.bench_function("repair", |b| {
        b.iter(|| {
            for t in &texts {
                let mut log = RepairLog::default();
                black_box(repair::repair(black_box(t), &opts, &mut log));
            }
        })
    });
    g.bench_function("document", |b| {
        b.iter(|| {
            for t in &repaired {
                black_box(Document::from_text(black_box(t)));
            }
        })
    });
    g.bench_function("document+chrome", |b| {
        b.iter(|| {
            for t in &repaired {
                let mut doc = Document::from_text(black_box(t));
                let ctx = Context::new(&lexicon, &doc);
                for r in &rules {
                    r.apply(&mut doc, &ctx);
                }
                black_box(doc);
            }
        })
    });
    g.bench_function("fix", |b| {
        b.iter(|| {
            for d in &docs {
                black_box(cleaner.fix(black_box(d)));
            }
        })
    });
    g.bench_function("clean", |b| {
        b.iter(|| {
            for d in &docs {
                black_box(cleaner.clean(black_box(d)));
            }
        })
    });
    g.finish();
}

criterion_group! {
    name = benches;
    // Short runs: `cargo bench` should finish in a few minutes on 2 cores.
    config = Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    targets = stages
}
criterion_main!(benches);
