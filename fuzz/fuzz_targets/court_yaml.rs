//! Any bytes as a court file: parsing ends in a court or in errors, never a panic, and every
//! error renders as a report quoting the file.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use noticegen::court::Court;
use noticegen::diagnostic;

fuzz_target!(|data: &[u8]| {
    let file = Path::new("courts/fuzz.yaml");
    if let Err(error) = Court::parse_bytes(file, data) {
        let text = String::from_utf8_lossy(data).into_owned();
        let report = diagnostic::render_with_sources(&error, false, vec![(file.into(), text)]);
        assert!(report.contains("error"));
    }
});
