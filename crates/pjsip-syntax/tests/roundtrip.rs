//! Property tests: whatever the input, the parse is lossless and well-formed, and re-parsing
//! the printed tree gives the same tree.

mod common;

use pjsip_syntax::{load_text, parse, FileId};
use proptest::prelude::*;

fn check(text: &str) -> Result<(), TestCaseError> {
    let first = parse(FileId(0), text);
    common::check_invariants(text, &first).map_err(TestCaseError::fail)?;
    let printed = first.tree.print(text);
    let second = parse(FileId(0), &printed);
    prop_assert_eq!(&first.tree, &second.tree);
    // Loading must never panic either.
    let _ = load_text("pjsip.conf", text);
    Ok(())
}

/// Lines that look like configuration, with the tricky characters over-represented.
fn config_line() -> impl Strategy<Value = String> {
    let atom = prop_oneof![
        Just("[".to_string()),
        Just("]".to_string()),
        Just("(".to_string()),
        Just(")".to_string()),
        Just("!".to_string()),
        Just("+".to_string()),
        Just(",".to_string()),
        Just("=".to_string()),
        Just("=>".to_string()),
        Just("+=".to_string()),
        Just(";".to_string()),
        Just(";--".to_string()),
        Just("--;".to_string()),
        Just("\\".to_string()),
        Just("\\;".to_string()),
        Just("#include ".to_string()),
        Just("#tryinclude ".to_string()),
        Just("#exec ".to_string()),
        Just(" ".to_string()),
        Just("\t".to_string()),
        Just("\r".to_string()),
        Just("é".to_string()),
        Just("😀".to_string()),
        "[a-z_0-9]{1,8}",
    ];
    prop::collection::vec(atom, 0..12).prop_map(|atoms| atoms.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_strings_round_trip(text in any::<String>()) {
        check(&text)?;
    }

    #[test]
    fn config_like_lines_round_trip(lines in prop::collection::vec(config_line(), 0..20), crlf in any::<bool>()) {
        let text = lines.join(if crlf { "\r\n" } else { "\n" });
        check(&text)?;
    }
}

#[test]
fn very_long_and_odd_inputs() {
    check(&"x".repeat(100_000)).unwrap();
    check(&format!("[a]\nk={}\n", ";--".repeat(200))).unwrap();
    check(&"\n".repeat(10_000)).unwrap();
    check("\u{feff}[a]").unwrap();
    check("\u{feff}").unwrap();
    check("\\").unwrap();
    check("[").unwrap();
    check("[a](").unwrap();
}
