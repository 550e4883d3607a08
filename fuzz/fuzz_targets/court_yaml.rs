//! Any bytes as a court file: parsing ends in a court or in errors, never a panic, and every
//! error renders as a report quoting the file.
#![no_main]

use std::path::Path;
use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use noticegen::court::Court;
use noticegen::court::CourtSchema;
use noticegen::diagnostic;
use noticegen::template::Catalog;

/// Court files are checked against the court dates of the built-in kinds manifest.
static SCHEMA: LazyLock<CourtSchema> =
    LazyLock::new(|| Catalog::load(None).expect("built-ins load").court_schema());

fuzz_target!(|data: &[u8]| {
    let file = Path::new("courts/fuzz.yaml");
    if let Err(error) = Court::parse_bytes(file, data, &SCHEMA) {
        let text = String::from_utf8_lossy(data).into_owned();
        let report = diagnostic::render_with_sources(&error, false, vec![(file.into(), text)]);
        assert!(report.contains("error"));
    }
});
