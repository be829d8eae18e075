//! Throughput of each repair stage on mostly clean multilingual text (the
//! common case, which the fast paths are for) and on damaged text.
//! `cargo bench --bench repair`

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use dechaff::repair::{self, RepairLog, RepairOptions};
use std::hint::black_box;

const CLEAN: &[&str] = &[
    "The government said on Monday that prices rose 5% in the second quarter.",
    "“We don’t expect a change,” the minister said — and the market agreed…",
    "Правительство России заявило о новых мерах поддержки экономики.",
    "Die Straße ist gesperrt, sagte der Bürgermeister am Montag.",
    "Le marché français a progressé cette année, a déclaré le ministre.",
    "Η κυβέρνηση ανακοίνωσε νέα μέτρα για την αγορά.",
    "İstanbul’da hava bugün güneşli olacak.",
    "Україна: їжак, ґанок, є, Київ.",
    "中国人民在这个年大会上发言。",
    "Tiếng Việt có dấu: người, được, những.",
];

const DAMAGED: &[&str] = &[
    "â€œWe donâ€™t expect a change,â€\u{9d} the minister said.",
    "РџСЂР°РІРёС‚РµР»СЊСЃС‚РІРѕ Р РѕСЃСЃРёРё",
    "ÐŸÑ€Ð°Ð²Ð¸Ñ‚ÐµÐ»ÑŒÑÑ‚Ð²Ð¾ Ð Ð¾ÑÑÐ¸Ð¸",
    "Ïðàâèòåëüñòâî Ðîññèè çàÿâèëî",
    "╨Я╤А╨░╨▓╨╕╤В╨╡╨╗╤М╤Б╤В╨▓╨╛",
    "Fish &amp; chips &mdash; caf&eacute;",
    "the\u{FFFD}agenda, don\u{FFFD}t",
    "a\u{A0}\u{A0}b\u{200B}  c\t",
];

fn text(lines: &[&str], bytes: usize) -> String {
    let mut s = String::new();
    let mut i = 0;
    while s.len() < bytes {
        s.push_str(lines[i % lines.len()]);
        s.push('\n');
        i += 1;
    }
    s
}

fn stages(c: &mut Criterion) {
    for (name, t) in [
        ("clean", text(CLEAN, 1 << 20)),
        ("damaged", text(DAMAGED, 1 << 18)),
    ] {
        let mut g = c.benchmark_group(format!("repair/{name}"));
        g.throughput(Throughput::Bytes(t.len() as u64));
        g.sample_size(20);
        g.bench_function("scan", |b| {
            b.iter(|| {
                t.split('\n')
                    .filter(|l| repair::scan::scan(l).mojibake)
                    .count()
            })
        });
        g.bench_function("entities", |b| {
            b.iter(|| repair::entities::unescape(black_box(&t), &mut RepairLog::default()).len())
        });
        g.bench_function("mojibake", |b| {
            b.iter(|| repair::mojibake::fix_text(black_box(&t), &mut RepairLog::default()).len())
        });
        g.bench_function("codepage", |b| {
            b.iter(|| repair::cyrillic::fix_text(black_box(&t), &mut RepairLog::default()).len())
        });
        g.bench_function("replacement", |b| {
            b.iter(|| repair::replacement::resolve(black_box(&t), &mut RepairLog::default()).len())
        });
        g.bench_function("whitespace", |b| {
            b.iter(|| {
                let mut log = RepairLog::default();
                t.split('\n')
                    .map(|l| repair::whitespace::clean_line(l, 1, &mut log).len())
                    .sum::<usize>()
            })
        });
        g.bench_function("nfc", |b| {
            b.iter(|| {
                let mut log = RepairLog::default();
                t.split('\n')
                    .map(|l| repair::normalize::nfc(l, 1, &mut log).len())
                    .sum::<usize>()
            })
        });
        g.bench_function("all", |b| {
            b.iter(|| {
                repair::repair(
                    black_box(&t),
                    &RepairOptions::default(),
                    &mut RepairLog::default(),
                )
                .len()
            })
        });
        g.finish();
    }
}

criterion_group!(benches, stages);
criterion_main!(benches);
