//! What the oracle tests share: how one of our effective values is compared with the text
//! Asterisk printed for it.

use pjsip_analysis::model::Object;
use pjsip_analysis::schema::{Kind, OptionSchema, Repeat};

/// Whether `pjsip show`'s `theirs` for `key` equals our display of it, verbatim. An
/// accumulating option or a list of references (Asterisk may print one line per entry, a
/// verdict keeps one line) agrees when that entry is one of ours. The default user agent names the running version, which
/// the model only knows as `<version>`: the reference Asterisk is 22.10.1.
pub fn same_display(option: &OptionSchema, object: &Object, key: &str, theirs: &str) -> bool {
    let ours = object.display(key).replace("<version>", "22.10.1");
    let per_entry = option.repeat == Repeat::Accumulates || option.kind == Kind::RefList;
    theirs == ours || (per_entry && ours.split(',').map(str::trim).any(|entry| entry == theirs))
}
