//! The rules, one function each, in one module per family, and what they share: the
//! [`Checker`] (the loaded configuration plus indexes built once) and [`check`], which runs
//! them in a fixed order.

use std::cell::OnceCell;

use pjsip_syntax::fast_hash::FastMap;
use pjsip_syntax::{Config, Diagnostic, FileSpan, TextEdit};

use pjsip_model::model::{Context, Model, Object, Rejected, SettingOrigin};
use pjsip_model::{Files, Loaded, ObjectType};

mod aor;
mod auth;
mod endpoint;
mod identify;
mod ignored;
mod nat;
mod options;
mod refs;
pub use refs::{broken_references, BrokenReference, SUGGESTIONS as REFERENCE_SUGGESTIONS};
mod rejections;
mod transport;
mod types;
mod wizard;

/// Runs every rule. The final sort by position is stable, so this order is the order of
/// diagnostics at one place: families in this order, and within a family its rules in the
/// order its `check` (or this list) calls them.
pub(crate) fn check(cx: &Checker<'_>, out: &mut Vec<Diagnostic>) {
    // A pjsip.conf Asterisk refuses as a whole has no sections to speak of.
    if !cx.config().is_rejected() {
        types::check(cx, out);
        options::check(cx, out);
    }
    rejections::apply_failure(cx, out);
    wizard::check(cx, out);
    refs::check(cx, out);
    nat::nat_no_local_net(cx, out);
    endpoint::check(cx, out);
    aor::aor_max_contacts_zero(cx, out);
    auth::auth_wrong_direction(cx, out);
    identify::check(cx, out);
    transport::transport_tls_options(cx, out);
    transport::transport_websocket(cx, out);
    transport::transport_restart(cx, out);
    ignored::section_second_singleton(cx, out);
    ignored::option_ignored_value(cx, out);
}

/// What the rules read: the loaded configuration, the object index, and what several rules
/// need, built on first use.
pub(crate) struct Checker<'a> {
    pub(crate) loaded: &'a Loaded,
    pub(crate) index: Index<'a>,
    /// Section name spans by header span (built on first use).
    section_names: OnceCell<FastMap<FileSpan, FileSpan>>,
}

impl<'a> Checker<'a> {
    pub(crate) fn new(loaded: &'a Loaded) -> Checker<'a> {
        Checker { loaded, index: Index::new(&loaded.model), section_names: OnceCell::new() }
    }

    pub(crate) fn model(&self) -> &'a Model {
        &self.loaded.model
    }

    pub(crate) fn files(&self) -> &'a Files {
        &self.loaded.files
    }

    /// pjsip.conf as loaded.
    pub(crate) fn config(&self) -> &'a Config {
        &self.loaded.config
    }

    /// The release, the environment and the input files, for value checks.
    pub(crate) fn context(&self) -> Context<'a> {
        self.loaded.context()
    }

    /// The span of the name in the pjsip.conf section header at `header_at`. One map of every
    /// header: a scan per rejected section would be quadratic in a file of many duplicates.
    pub(crate) fn section_name_at(&self, header_at: FileSpan) -> Option<FileSpan> {
        let names = self.section_names.get_or_init(|| self.config().categories.iter().map(|c| (c.header_at, c.name_at)).collect());
        names.get(&header_at).copied()
    }
}

/// Loaded objects by (type, id) and by type, built once so that checks stay linear in the
/// size of the configuration ([`Model::find`] scans).
pub(crate) struct Index<'a> {
    by_key: FastMap<(ObjectType, &'a str), &'a Object>,
    /// The first object with each id, whatever its type.
    by_id: FastMap<&'a str, &'a Object>,
    /// Objects per type, by the type's position in [`pjsip_model::schema::TYPES`].
    by_type: Vec<Vec<&'a Object>>,
    /// The first rejected section of each type and id.
    rejected: FastMap<(ObjectType, &'a str), &'a Rejected>,
}

impl<'a> Index<'a> {
    pub(crate) fn new(model: &'a Model) -> Index<'a> {
        let mut index = Index {
            by_key: FastMap::with_capacity_and_hasher(model.objects.len(), Default::default()),
            by_id: FastMap::with_capacity_and_hasher(model.objects.len(), Default::default()),
            by_type: vec![Vec::new(); pjsip_model::schema::TYPES.len()],
            rejected: FastMap::default(),
        };
        for rejected in &model.rejected {
            index.rejected.entry((rejected.object_type, rejected.id.as_str())).or_insert(rejected);
        }
        for object in &model.objects {
            // The first object wins, as in `Model::find`.
            index.by_key.entry((object.object_type, object.id.as_str())).or_insert(object);
            index.by_id.entry(object.id.as_str()).or_insert(object);
            index.by_type[object.schema().index].push(object);
        }
        index
    }

    pub(crate) fn find(&self, object_type: ObjectType, id: &str) -> Option<&'a Object> {
        self.by_key.get(&(object_type, id)).copied()
    }

    /// The first section of this type and id that Asterisk does not load.
    pub(crate) fn rejected(&self, object_type: ObjectType, id: &str) -> Option<&'a Rejected> {
        self.rejected.get(&(object_type, id)).copied()
    }

    /// The first object (in model order) whose id is `id`, of any type.
    pub(crate) fn with_id(&self, id: &str) -> Option<&'a Object> {
        self.by_id.get(id).copied()
    }

    pub(crate) fn of_type(&self, object_type: ObjectType) -> &[&'a Object] {
        &self.by_type[object_type as usize]
    }
}

/// "`endpoint 'alice'`" for messages.
pub(crate) fn object_label(rejected: &Rejected) -> String {
    format!("{} '{}'", rejected.type_name(), rejected.id)
}

/// Edits that make `object` hold `value` for each option: a line the object's own section (or
/// its wizard) wrote is rewritten in place, otherwise a line is added under the header (after
/// the template lines, so it wins). Wizard objects get the wizard's `type/` prefix.
pub(crate) fn set_options(object: &Object, settings: &[(&str, &str)]) -> Vec<TextEdit> {
    let prefix = match (&object.wizard, object.type_name()) {
        (None, _) => String::new(),
        (Some(_), "auth") => return Vec::new(),
        (Some(_), t) => format!("{t}/"),
    };
    let mut edits = Vec::new();
    let mut added = String::new();
    for (option, value) in settings {
        let own = object
            .get(option)
            .and_then(|v| v.set_by.last())
            .filter(|s| matches!(s.origin, SettingOrigin::Own | SettingOrigin::Wizard(_)) && s.value_at != object.header_at);
        match own {
            Some(setting) => edits.push(TextEdit { at: setting.value_at, insert: (*value).to_string() }),
            None => added.push_str(&format!("\n{prefix}{option}={value}")),
        }
    }
    if !added.is_empty() {
        // After the last line the section itself wrote (templates' lines come before those).
        let last_own = object
            .set_values()
            .flat_map(|v| &v.set_by)
            .filter(|s| {
                s.origin == SettingOrigin::Own && s.at.file == object.header_at.file && s.at.span.start > object.header_at.span.start
            })
            .map(|s| s.at)
            .max_by_key(|at| at.span.end);
        edits.push(TextEdit { at: at_end(last_own.unwrap_or(object.header_at)), insert: added });
    }
    edits.sort_by_key(|e| (e.at.file, e.at.span.start));
    edits
}

/// A span covering nothing at `at`'s end.
pub(crate) fn at_end(at: FileSpan) -> FileSpan {
    FileSpan::new(at.file, pjsip_syntax::Span::empty(at.span.end as usize))
}

#[cfg(test)]
mod tests {
    use crate::test_support::check;

    #[test]
    fn diagnostics_at_one_place_keep_the_order_of_their_items() {
        // Each name of a reference list, each entry of a `match`, is one item: the rules that
        // classify it report at the same span, in the order the items are written.
        check(
            "[e]\ntype=endpoint\naors=gone,a-auth,x1,e\n[a-auth]\ntype=auth\nusername=u\npassword=p\n",
            "ref/",
            "ref/missing error 3: endpoint 'e' `aors` names aor 'gone', which does not exist
ref/wrong-type error 3: endpoint 'e' `aors` needs a aor, but 'a-auth' is a auth
ref/missing error 3: endpoint 'e' `aors` names aor 'x1', which does not exist
ref/wrong-type error 3: endpoint 'e' `aors` needs a aor, but 'e' is a endpoint",
        );
        check(
            "[a-id]\ntype=identify\nendpoint=a\nmatch=10.0.0.1\n[b-id]\ntype=identify\nendpoint=b\nmatch=host.example.com,10.0.0.1\n[a]\ntype=endpoint\n[b]\ntype=endpoint\n",
            "identify/",
            "identify/hostname hint 8: identify 'b-id' matches host name `host.example.com`: Asterisk resolves it with DNS when it loads
identify/overlap warning 8: identify 'b-id' matches `10.0.0.1` for endpoint 'b', but identify 'a-id' matches the same for endpoint 'a' and wins",
        );
    }
}
