//! Parse, print, re-parse: the tree must be lossless and stable, and loading must not panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pjsip_syntax::{load_text, parse, FileId};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let first = parse(FileId(0), text);
    let printed = first.tree.print(text);
    assert_eq!(printed, text, "tree is not lossless");
    let second = parse(FileId(0), &printed);
    assert_eq!(first.tree, second.tree, "re-parse differs");
    let _ = load_text("pjsip.conf", text);
});
