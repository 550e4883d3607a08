//! Any Markdown through PDF layout in each of the three layouts: a PDF or an error, never a
//! panic or a hang.
#![no_main]

use libfuzzer_sys::fuzz_target;
use noticegen::notice::{Layout, Notice, NoticeMeta};
use noticegen::render::Renderer;
use noticegen::render::pdf::{PageSetup, PdfRenderer};

fuzz_target!(|data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let layout = match first % 3 {
        0 => Layout::Document,
        1 => Layout::Letter,
        _ => Layout::Slides,
    };
    let notice = Notice {
        court: "fuzz".into(),
        kind: "letter".into(),
        meta: NoticeMeta {
            title: "Fuzz".into(),
            description: "Fuzzed Markdown".into(),
            author: "Clerk".into(),
            subject: "Fuzz".into(),
            keywords: Vec::new(),
            date: chrono::NaiveDate::from_ymd_opt(2020, 4, 20).expect("a date"),
            layout,
            lang: "en-US".into(),
            words: noticegen::lang::Strings::diagnostics(),
        },
        markdown: String::from_utf8_lossy(rest).into_owned(),
        footer: None,
        assets: None,
    };
    let _ = PdfRenderer::new(PageSetup::default()).render(&notice);
});
