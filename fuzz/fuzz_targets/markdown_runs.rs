//! Any text parsed from remembered runs of blocks gives the events of a parse of the whole
//! text: where a cut could join or split a construct, the text must not be cut.
#![no_main]

use libfuzzer_sys::fuzz_target;
use noticegen::markdown::{Remembered, parse};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let whole: Vec<_> = parse(&text).collect();
    let remembered = Remembered::of(&text);
    let runs: Vec<_> = remembered.events().collect();
    assert_eq!(runs, whole, "{text:?}");
});
