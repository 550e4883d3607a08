//! Times setting a paragraph that holds one unbreakable run of 1 KB, 10 KB and 100 KB (a
//! clerk's name or a recipient's address pasted without a space): the line breaker must
//! break it between clusters in time linear in its length, so each figure should be about
//! ten times the one before. `cargo bench --bench typeset`.

use std::hint::black_box;

use chrono::NaiveDate;
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use noticegen::notice::{Layout, Notice, NoticeMeta};
use noticegen::render::pdf::{PageSetup, PdfRenderer};

/// A letter whose one paragraph holds a run of `bytes` bytes with nowhere to break: letters
/// (which the hyphenation patterns see as one word), a combining accent, an emoji and a
/// joiner now and then, as pasted text has them.
fn notice(bytes: usize) -> Notice {
    let piece = "Smithsonian\u{301}Administrative\u{1f468}\u{200d}\u{1f469}Office";
    let mut run = String::with_capacity(bytes + piece.len());
    while run.len() < bytes {
        run.push_str(piece);
    }
    Notice {
        court: "bench".into(),
        kind: "letter".into(),
        meta: NoticeMeta {
            title: "Unbreakable run".into(),
            description: String::new(),
            author: String::new(),
            subject: String::new(),
            keywords: Vec::new(),
            date: NaiveDate::from_ymd_opt(2020, 2, 20).unwrap_or_default(),
            layout: Layout::Letter,
            lang: "en-US".into(),
            words: noticegen::lang::Strings::diagnostics(),
        },
        markdown: format!("Clerk of Court: {run} signs this notice.\n"),
        footer: None,
        assets: None,
    }
}

fn unbreakable_runs(c: &mut Criterion) {
    let renderer = PdfRenderer::new(PageSetup::default());
    let mut group = c.benchmark_group("paragraph with an unbreakable run");
    group.sample_size(10);
    for bytes in [1_000, 10_000, 100_000] {
        let notice = notice(bytes);
        group.throughput(Throughput::Bytes(bytes as u64));
        group.bench_with_input(BenchmarkId::from_parameter(bytes), &notice, |b, notice| {
            b.iter(|| {
                renderer.forget_set_paragraphs();
                black_box(renderer.layout(notice))
            })
        });
    }
    group.finish();
}

criterion_group!(benches, unbreakable_runs);
criterion_main!(benches);
