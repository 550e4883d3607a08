//! Times each stage for all bundled notices (every kind of every court in courts/): merging
//! the templates, HTML rendering, and PDF layout plus writing. Pages are counted once so the
//! PDF figure can be read per page: `cargo bench --bench render`.

use std::hint::black_box;
use std::path::PathBuf;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use noticegen::notice::Notice;
use noticegen::plan::{Plan, Request};
use noticegen::render::Renderer;
use noticegen::render::html::HtmlRenderer;
use noticegen::render::pdf::{PageSetup, PdfRenderer};

fn bundled_plan() -> Plan {
    let request = Request {
        courts_dir: PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("courts"),
        ..Request::default()
    };
    Plan::load(&request).expect("the bundled courts and templates load")
}

fn all_notices(plan: &Plan) -> Vec<Notice> {
    plan.courts
        .iter()
        .flat_map(|court| plan.kinds.iter().map(move |kind| (court, kind)))
        .map(|(court, kind)| plan.notice(court, kind).expect("every notice merges"))
        .collect()
}

/// Pages in a PDF written by noticegen: one `/Type /Page` object each (not `/Pages`).
fn page_count(pdf: &[u8]) -> usize {
    let needle = b"/Type /Page";
    pdf.windows(needle.len() + 1)
        .filter(|w| &w[..needle.len()] == needle && w[needle.len()] != b's')
        .count()
}

fn stages(c: &mut Criterion) {
    let plan = bundled_plan();
    let notices = all_notices(&plan);
    let pdf = PdfRenderer::new(PageSetup::default());
    let html = HtmlRenderer::default();
    let pages: usize = notices
        .iter()
        .map(|n| page_count(&pdf.render(n).expect("renders")))
        .sum();
    eprintln!("{} notices, {pages} PDF pages", notices.len());

    let mut group = c.benchmark_group("all bundled notices");
    group.sample_size(30);
    group.bench_function("merge templates", |b| {
        b.iter(|| black_box(all_notices(&plan)))
    });
    group.bench_function("html", |b| {
        b.iter(|| {
            for notice in &notices {
                black_box(html.render(notice).unwrap());
            }
        })
    });
    group.throughput(Throughput::Elements(pages as u64));
    group.bench_function("pdf layout and write", |b| {
        b.iter(|| {
            for notice in &notices {
                black_box(pdf.render(notice).unwrap());
            }
        })
    });
    group.finish();
}

criterion_group!(benches, stages);
criterion_main!(benches);
