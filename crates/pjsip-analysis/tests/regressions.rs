//! Every input that once crashed the analysis, replayed through the whole facade: the fuzz
//! targets' findings (`fuzz/regressions/analysis/*`, in the `analysis` target's layout) and
//! the ones found by hand. Each must now analyse and survive every service.

use pjsip_analysis::exercise::{every_service, Decoded, Extras};
use pjsip_analysis::Analysis;
use pjsip_testdata::{files_under, repository_root};

#[test]
fn every_recorded_crash_now_analyses() {
    let dir = repository_root().join("fuzz/regressions/analysis");
    let cases = files_under(&dir);
    for path in &cases {
        let data = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let decoded = Decoded::from_bytes(&data);
        let analysis = Analysis::new(&decoded.input());
        every_service(&analysis, &Extras { requests: &decoded.requests, offsets: &decoded.offsets });
    }
    println!("{} recorded crashes replayed", cases.len());
}

#[test]
fn a_plus_equals_extends_a_variable_inherited_from_the_including_file() {
    let data = std::fs::read(repository_root().join("fuzz/regressions/analysis/plus-equals-on-a-variable-from-the-including-file"))
        .expect("fixture");
    let decoded = Decoded::from_bytes(&data);
    let analysis = Analysis::new(&decoded.input());
    let inc = analysis.file_id("inc.conf").expect("the include is loaded");
    let s = analysis.config.categories.iter().find(|c| c.name == "s").expect("section s");
    assert_eq!(s.variables.len(), 1, "x inherited, then extended in place");
    assert_eq!(analysis.config.var_value(&s.variables[0]), "12");
    assert_ne!(s.variables[0].file, inc, "the variable still points at the template's line");
}
