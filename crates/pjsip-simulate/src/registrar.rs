//! The registrar (REGISTER after authentication): which AOR the To URI selects among the
//! endpoint's `aors`, `max_contacts`, `remove_existing`, expiry clamping, `Expires: 0` and
//! `Contact: *`. State lives in [`Registrar`]; time is the simulator's logical clock.
use pjsip_model::ObjectType;

use super::contact_header::{expires_header, expires_param, parse_element, Element, SipUri};
use super::contacts::{ContactKey, Registrar, Seq};
use super::index::{is_true, list, option_spans};
use super::types::{Binding, ContactRef, StepKind, Transport, Verdict};
use super::view::View;
use super::{step, Answer, Ctx, Trace};
use pjsip_model::model::Object;
use pjsip_model::values::parse_integer;

/// What the registrar answered.
#[derive(Debug, Default)]
pub struct Registered {
    pub status: u16,
    pub reason: &'static str,
    pub aor: Option<String>,
    pub added: Vec<ContactRef>,
    pub removed: Vec<ContactRef>,
    pub expires: Option<u32>,
    pub log: Option<String>,
}

fn refuse(status: u16, reason: &'static str, aor: Option<String>, log: String) -> Registered {
    Registered { status, reason, aor, log: Some(log), ..Registered::default() }
}

fn number(object: &Object, option: &str) -> i128 {
    parse_integer(object.value(option).trim()).unwrap_or(0)
}

/// The AOR name for this REGISTER: for each method of the endpoint's identify_by, candidates
/// `user@domain`, `user@<alias>`, `user`, the first listed in `aors` wins.
fn find_aor_name(ctx: &Ctx, view: &View, endpoint: &Object, answer: Option<&Answer>) -> Option<String> {
    let aors: Vec<&str> = list(endpoint.value("aors")).collect();
    // identify_by words are read without case (`USERNAME` is `username`).
    for method in list(endpoint.value("identify_by")).map(str::to_ascii_lowercase) {
        let (user, domain) = match method.as_str() {
            "username" => {
                let mut user = view.to.user.as_str();
                if is_true(ctx.global("ignore_uri_user_options").0) {
                    user = user.split(';').next().unwrap_or(user);
                }
                (user.to_string(), view.to.host.clone())
            }
            "auth_username" => match answer {
                Some(a) => (a.username.clone(), a.realm.clone()),
                None => continue,
            },
            _ => continue,
        };
        let mut candidates = vec![format!("{user}@{domain}")];
        if let Some(alias) = ctx.object(ObjectType::DomainAlias, &domain) {
            candidates.push(format!("{user}@{}", alias.value("domain")));
        }
        candidates.push(user);
        if let Some(found) = candidates.into_iter().find(|c| aors.contains(&c.as_str())) {
            return Some(found);
        }
    }
    None
}

pub fn register(
    ctx: &Ctx,
    view: &View,
    endpoint: &Object,
    answer: Option<&Answer>,
    state: &mut Registrar,
    trace: &mut Trace,
) -> Registered {
    let aors_spans = option_spans(endpoint, "aors");
    if list(endpoint.value("aors")).next().is_none() {
        trace.push(step(
            StepKind::Registrar,
            Verdict::Failed,
            "No AORs",
            format!("Endpoint `{}` has no aors=, so it cannot register.", endpoint.id),
            aors_spans,
        ));
        return refuse(403, "Forbidden", None, format!("Endpoint '{}' has no configured AORs", endpoint.id));
    }
    if !view.to.is_sip() {
        trace.push(step(
            StepKind::Registrar,
            Verdict::Failed,
            "To is not a SIP URI",
            "A REGISTER must name a sip: or sips: AOR in To.",
            vec![],
        ));
        return refuse(416, "Unsupported URI Scheme", None, "attempted to register to an AOR with a non-SIP URI".into());
    }
    let Some(aor_name) = find_aor_name(ctx, view, endpoint, answer) else {
        trace.push(step(
            StepKind::Registrar,
            Verdict::Failed,
            "No AOR for this To",
            format!(
                "To user `{}` (domain `{}`) is not one of endpoint `{}`'s aors, nor is any other name its identify_by allows.",
                view.to.user, view.to.host, endpoint.id
            ),
            aors_spans,
        ));
        return refuse(404, "Not Found", None, format!("AOR '' not found for endpoint '{}'", endpoint.id));
    };
    let Some(aor) = ctx.object(ObjectType::Aor, &aor_name) else {
        trace.push(step(
            StepKind::Registrar,
            Verdict::Failed,
            "AOR not loaded",
            format!("Endpoint `{}` lists AOR `{aor_name}`, but no such AOR was loaded.", endpoint.id),
            aors_spans,
        ));
        return refuse(404, "Not Found", Some(aor_name.clone()), format!("AOR '{aor_name}' not found for endpoint '{}'", endpoint.id));
    };
    trace.push(step(StepKind::Registrar, Verdict::Matched, "AOR", format!("The REGISTER is for AOR `{aor_name}`."), vec![aor.header_at]));
    let max_contacts = number(aor, "max_contacts");
    if max_contacts <= 0 {
        trace.push(step(
            StepKind::Registrar,
            Verdict::Failed,
            "max_contacts is 0",
            format!("AOR `{aor_name}` accepts no registrations: max_contacts is 0 (the default)."),
            option_spans(aor, "max_contacts"),
        ));
        return refuse(403, "Forbidden", Some(aor_name.clone()), format!("AOR '{aor_name}' has no configured max_contacts"));
    }
    let max_contacts = max_contacts as usize;
    let expires_header = view.header("Expires").next().and_then(|v| expires_header(v).ok());
    let default_expiration = number(aor, "default_expiration").clamp(0, i128::from(u32::MAX)) as u32;
    let limits = Limits {
        minimum: number(aor, "minimum_expiration").clamp(0, i128::from(u32::MAX)) as u32,
        maximum: number(aor, "maximum_expiration").clamp(0, i128::from(u32::MAX)) as u32,
    };

    // The contacts of this request as the registrar stores them, with their granted expiry.
    let rewrite = is_true(endpoint.value("rewrite_contact"));
    let mut requested: Vec<(String, u64)> = Vec::new();
    let mut wildcard = false;
    let mut misplaced_wildcard = false;
    for (position, contact) in view.contacts.iter().enumerate() {
        let (mut uri, params) = match parse_element(contact) {
            Ok(Element::Star) => {
                misplaced_wildcard |= position > 0 || view.contacts.len() > 1;
                wildcard = true;
                continue;
            }
            Ok(Element::Sip { uri, params }) => (uri, params),
            // Other schemes were refused before identification; unparseable ones dropped.
            _ => continue,
        };
        if rewrite && position == 0 {
            rewrite_to_source(&mut uri, view, trace, endpoint);
        }
        let asked = expires_param(&params).or(expires_header).unwrap_or(default_expiration);
        requested.push((uri.stored(), u64::from(limits.grant(asked))));
    }
    let wildcard_expiry = expires_header.unwrap_or(default_expiration);
    if wildcard && (wildcard_expiry != 0 || misplaced_wildcard) {
        trace.push(step(
            StepKind::Registrar,
            Verdict::Failed,
            "Bad Contact: *",
            format!(
                "Contact: * must be the only contact and expire at 0 (the Expires header, else the AOR's default_expiration); \
                 here it would expire at {wildcard_expiry}{}.",
                if misplaced_wildcard { " and other contacts come with it" } else { "" }
            ),
            option_spans(aor, "default_expiration"),
        ));
        return refuse(400, "Bad Request", Some(aor_name.clone()), "Failed to validate contacts in REGISTER request".into());
    }
    if let Some(refused) = path_refusal(view, aor, &aor_name, trace) {
        return refused;
    }

    let existing = state.count(&aor_name);
    let mut outcome = Registered { status: 200, reason: "OK", aor: Some(aor_name.clone()), ..Registered::default() };
    // The 200's Expires header is the request's Expires header put through the same limits.
    let header_grant = expires_header.map(|e| limits.grant(e));
    if wildcard {
        let all = state.all_of(&aor_name);
        let removed: Vec<Binding> = state.remove(&aor_name, &all);
        outcome.removed = removed.into_iter().map(|b| ContactRef { aor: b.aor, uri: b.uri }).collect();
        outcome.expires = header_grant;
        trace.push(step(
            StepKind::Registrar,
            Verdict::Matched,
            "All contacts removed",
            "Contact: * with Expires: 0 removes every contact of the AOR.",
            vec![],
        ));
        return outcome;
    }
    // Sort the request's contacts into refreshes, removals and additions.
    let mut refresh: Vec<(Seq, u64)> = Vec::new();
    let mut remove: Vec<Seq> = Vec::new();
    let mut add: Vec<(String, u64)> = Vec::new();
    let mut added_keys: Vec<ContactKey> = Vec::new();
    for (uri, granted) in &requested {
        let key = ContactKey::of_text(uri);
        match (state.find(&aor_name, &key), *granted) {
            (Some(seq), 0) => remove.push(seq),
            (Some(seq), g) => refresh.push((seq, g)),
            (None, 0) => {}
            // The same new contact twice in one request is one binding.
            (None, _) if added_keys.contains(&key) => {}
            (None, g) => {
                added_keys.push(key);
                add.push((uri.clone(), g));
            }
        }
    }
    // The same binding named twice in one request counts once.
    remove.sort_unstable();
    remove.dedup();
    let remove_existing = is_true(aor.value("remove_existing"));
    let max_spans = option_spans(aor, "max_contacts");
    let mut existing = existing;
    let mut unavailable_removed = Vec::new();
    if !remove_existing && (existing + add.len()).saturating_sub(remove.len()) > max_contacts {
        let total = (existing + add.len()).saturating_sub(remove.len());
        unavailable_removed = remove_unavailable(aor, &aor_name, state, total - max_contacts, trace);
        existing -= unavailable_removed.len();
    }
    if !remove_existing && (existing + add.len()).saturating_sub(remove.len()) > max_contacts {
        trace.push(step(
            StepKind::Registrar,
            Verdict::Failed,
            "Too many contacts",
            format!(
                "AOR `{aor_name}` has {existing} contact(s); adding {} would exceed max_contacts={max_contacts} (remove_existing is off).",
                add.len()
            ),
            max_spans,
        ));
        return refuse(403, "Forbidden", Some(aor_name.clone()), format!("will exceed max contacts of {max_contacts}"));
    }
    if remove_existing && add.len() + refresh.len() > max_contacts {
        trace.push(step(
            StepKind::Registrar,
            Verdict::Failed,
            "Too many contacts in one REGISTER",
            format!("This REGISTER alone carries more than max_contacts={max_contacts}."),
            max_spans,
        ));
        return refuse(403, "Forbidden", Some(aor_name.clone()), format!("will exceed max contacts of {max_contacts}"));
    }
    let now = state.now_ms;
    for &(seq, granted) in &refresh {
        state.refresh(&aor_name, seq, now + granted * 1000);
    }
    // remove_existing: drop contacts this request did not refresh, soonest to expire first,
    // until the new ones fit.
    let mut dropped = remove.clone();
    if remove_existing {
        let total = (existing + add.len()).saturating_sub(remove.len());
        let excess = total.saturating_sub(max_contacts);
        let mut keep: Vec<Seq> = remove.clone();
        keep.extend(refresh.iter().map(|r| r.0));
        dropped.extend(state.soonest(&aor_name, &keep, excess));
    }
    let mut removed = unavailable_removed;
    removed.extend(state.remove(&aor_name, &dropped));
    outcome.removed = removed.into_iter().map(|b| ContactRef { aor: b.aor, uri: b.uri }).collect();
    let statics: Vec<&str> = list(aor.value("contact")).collect();
    for (uri, granted) in &add {
        state.add(Binding {
            aor: aor_name.clone(),
            uri: uri.clone(),
            endpoint: endpoint.id.clone(),
            expires_at_ms: now + granted * 1000,
            registered_at_ms: now,
        });
        if statics.contains(&uri.as_str()) {
            // The registrar never matches a REGISTER against static contacts, so this one is
            // stored too; the AOR's list then shows the URI twice, and nothing looks new.
            trace.push(step(
                StepKind::Registrar,
                Verdict::Info,
                "Same URI as a static contact",
                format!(
                    "`{uri}` is also the AOR's static contact=. Asterisk stores the registration beside it (it counts toward \
                     max_contacts), so the AOR lists this URI twice."
                ),
                option_spans(aor, "contact"),
            ));
            continue;
        }
        outcome.added.push(ContactRef { aor: aor_name.clone(), uri: uri.clone() });
    }
    outcome.expires = header_grant.or_else(|| requested.first().map(|r| r.1 as u32));
    let summary = if requested.is_empty() {
        "No Contact: the REGISTER only asks for the current bindings.".to_string()
    } else {
        let granted: Vec<String> = requested.iter().map(|(u, g)| format!("`{u}` for {g} s")).collect();
        format!(
            "Accepted: {} (expiry raised to minimum_expiration={}, else lowered to maximum_expiration={}). Added {}, removed {}.",
            granted.join(", "),
            limits.minimum,
            limits.maximum,
            outcome.added.len(),
            outcome.removed.len()
        )
    };
    let mut spans = option_spans(aor, "max_contacts");
    if remove_existing {
        spans.extend(option_spans(aor, "remove_existing"));
    }
    trace.push(step(StepKind::Registrar, Verdict::Matched, "Registered", summary, spans));
    outcome
}

/// The AOR's expiry limits (`registrar_get_expiration`): 0 stays 0 (a removal); below the
/// minimum is raised to it, else above the maximum is lowered to it — so when the minimum
/// exceeds the maximum, a short request gets the minimum.
#[derive(Clone, Copy)]
struct Limits {
    minimum: u32,
    maximum: u32,
}

impl Limits {
    fn grant(self, asked: u32) -> u32 {
        if asked == 0 {
            0
        } else if asked < self.minimum {
            self.minimum
        } else if asked > self.maximum {
            self.maximum
        } else {
            asked
        }
    }
}

/// `rewrite_contact=yes` (first Contact of a REGISTER): host and port become the packet's
/// source, the transport parameter goes (UDP) or names the transport, and when the host
/// differed the original `host:port` is kept in `x-ast-orig-host` (port 0 when none was written).
fn rewrite_to_source(uri: &mut SipUri, view: &View, trace: &mut Trace, endpoint: &Object) {
    let source = view.request.src_ip.trim().to_string();
    let before = uri.stored();
    if uri.host != source {
        let original = format!("{}:{}", uri.host, uri.port.unwrap_or(0));
        uri.params.push(("x-ast-orig-host".into(), Some(original)));
    }
    uri.host = source;
    uri.port = Some(view.src_port);
    match view.request.transport {
        Transport::Udp => uri.remove_param("transport"),
        Transport::Wss => {}
        other => {
            uri.remove_param("transport");
            uri.params.insert(0, ("transport".into(), Some(other.protocol().to_ascii_uppercase())));
        }
    }
    trace.push(step(
        StepKind::Registrar,
        Verdict::Info,
        "Contact rewritten",
        format!("rewrite_contact=yes: the Contact `{before}` is stored as `{}`, where the packet came from.", uri.stored()),
        option_spans(endpoint, "rewrite_contact"),
    ));
}

/// `remove_unavailable=yes` with qualify on: when a REGISTER would exceed max_contacts and
/// dropping the contacts that stopped answering OPTIONS makes room, `excess` of them go,
/// soonest to expire first. pjsip-lab's phones do not answer OPTIONS (neither does the client
/// of the recorded Asterisk), so a contact counts as unavailable once `qualify_timeout` has
/// passed since it registered. Returns the removed bindings (none when removing would not help).
fn remove_unavailable(aor: &Object, aor_name: &str, state: &mut Registrar, excess: usize, trace: &mut Trace) -> Vec<Binding> {
    let frequency = number(aor, "qualify_frequency");
    if !is_true(aor.value("remove_unavailable")) || frequency <= 0 {
        return Vec::new();
    }
    let timeout: f64 = aor.value("qualify_timeout").trim().parse().ok().filter(|t: &f64| t.is_finite() && *t >= 0.0).unwrap_or(3.0);
    // Contacts registered at or before this time have missed their first answer.
    let unavailable = match state.now_ms.checked_sub((timeout * 1000.0) as u64) {
        Some(missed_by) => state.registered_before(aor_name, missed_by),
        None => Vec::new(),
    };
    // Only when dropping every unavailable contact would make room.
    if unavailable.len() < excess {
        return Vec::new();
    }
    let removed = state.remove(aor_name, &unavailable[..excess]);
    let names: Vec<&str> = removed.iter().map(|b| b.uri.as_str()).collect();
    let mut spans = option_spans(aor, "remove_unavailable");
    spans.extend(option_spans(aor, "qualify_frequency"));
    trace.push(step(
        StepKind::Registrar,
        Verdict::Info,
        "Unavailable contacts removed",
        format!(
            "AOR `{aor_name}` qualifies its contacts every {frequency} s and none answered within qualify_timeout={timeout} s \
             (pjsip-lab's phones never answer OPTIONS): remove_unavailable=yes makes room by removing {}.",
            names.join(", ")
        ),
        spans,
    ));
    removed
}

/// `support_path=yes` and a Path header: the first Supported header must list `path`, or
/// Asterisk answers 420 Bad Extension.
fn path_refusal(view: &View, aor: &Object, aor_name: &str, trace: &mut Trace) -> Option<Registered> {
    if !is_true(aor.value("support_path")) || view.header("Path").next().is_none() {
        return None;
    }
    let supported = view.header("Supported").chain(view.header("k")).next();
    if supported.is_some_and(|s| s.split(',').any(|o| o.trim().eq_ignore_ascii_case("path"))) {
        return None;
    }
    trace.push(step(
        StepKind::Registrar,
        Verdict::Failed,
        "Path without Supported: path",
        format!(
            "AOR `{aor_name}` has support_path=yes and the REGISTER carries a Path header, but its first Supported header does not \
             list `path`: Asterisk answers 420 Bad Extension."
        ),
        option_spans(aor, "support_path"),
    ));
    Some(refuse(420, "Bad Extension", Some(aor_name.to_string()), "Invalid modifications made to REGISTER request".into()))
}
