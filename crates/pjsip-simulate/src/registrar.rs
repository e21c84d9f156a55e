//! The registrar (REGISTER after authentication): which AOR the To URI selects among the
//! endpoint's `aors`, `max_contacts`, `remove_existing`, expiry clamping, `Expires: 0` and
//! `Contact: *`. State lives in [`Registrar`]; time is the simulator's logical clock.
use pjsip_model::ObjectType;

use super::contacts::{ContactKey, Registrar, Seq};
use super::index::{is_true, list, option_spans};
use super::sip::{header_uri, parse_uri};
use super::types::{Binding, ContactRef, StepKind, Verdict};
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
    let expires_header = view.header("Expires").next().and_then(|v| v.trim().parse::<u64>().ok());
    let default_expiration = number(aor, "default_expiration").max(0) as u64;
    let (minimum, maximum) = (number(aor, "minimum_expiration").max(0) as u64, number(aor, "maximum_expiration").max(0) as u64);

    // The contacts of this request with their granted expiry.
    let mut requested: Vec<(String, u64)> = Vec::new();
    let mut wildcard = false;
    for contact in &view.contacts {
        if contact.trim() == "*" {
            wildcard = true;
            continue;
        }
        let uri = header_uri(contact);
        if !uri.is_sip() {
            continue;
        }
        let asked = uri.param("expires").and_then(|e| e.parse().ok()).or(expires_header).unwrap_or(default_expiration);
        let mut granted = asked;
        if granted > 0 {
            if granted < minimum {
                granted = minimum;
            }
            if granted > maximum {
                granted = maximum;
            }
        }
        let mut text = contact_uri_text(contact);
        if is_true(endpoint.value("rewrite_contact")) {
            text = rewritten(&text, view);
        }
        requested.push((text, granted));
    }
    if wildcard && (expires_header != Some(0) || !requested.is_empty()) {
        trace.push(step(
            StepKind::Registrar,
            Verdict::Failed,
            "Bad Contact: *",
            "Contact: * is only allowed alone and with Expires: 0.",
            vec![],
        ));
        return refuse(400, "Bad Request", Some(aor_name.clone()), "Failed to validate contacts in REGISTER request".into());
    }

    let existing = state.count(&aor_name);
    let mut outcome = Registered { status: 200, reason: "OK", aor: Some(aor_name.clone()), ..Registered::default() };
    if wildcard {
        let all = state.all_of(&aor_name);
        let removed: Vec<Binding> = state.remove(&aor_name, &all);
        outcome.removed = removed.into_iter().map(|b| ContactRef { aor: b.aor, uri: b.uri }).collect();
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
    let removed = state.remove(&aor_name, &dropped);
    outcome.removed = removed.into_iter().map(|b| ContactRef { aor: b.aor, uri: b.uri }).collect();
    for (uri, granted) in &add {
        state.add(Binding { aor: aor_name.clone(), uri: uri.clone(), endpoint: endpoint.id.clone(), expires_at_ms: now + granted * 1000 });
        outcome.added.push(ContactRef { aor: aor_name.clone(), uri: uri.clone() });
    }
    outcome.expires = requested.first().map(|r| r.1 as u32);
    let summary = if requested.is_empty() {
        "No Contact: the REGISTER only asks for the current bindings.".to_string()
    } else {
        let granted: Vec<String> = requested.iter().map(|(u, g)| format!("`{u}` for {g} s")).collect();
        format!(
            "Accepted: {} (expiry clamped to {minimum}–{maximum} s). Added {}, removed {}.",
            granted.join(", "),
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

/// The URI of a Contact value as Asterisk stores it (no display name, no `<>`, no header params).
fn contact_uri_text(contact: &str) -> String {
    let contact = contact.trim();
    match contact.find('<') {
        Some(start) => {
            let rest = &contact[start + 1..];
            rest[..rest.find('>').unwrap_or(rest.len())].trim().to_string()
        }
        None => contact.split(';').next().unwrap_or(contact).trim().to_string(),
    }
}

/// `rewrite_contact=yes`: the Contact's host and port become the packet's source.
fn rewritten(uri: &str, view: &View) -> String {
    let parsed = parse_uri(uri);
    let user = if parsed.user.is_empty() { String::new() } else { format!("{}@", parsed.user) };
    let host = match view.src_ip {
        Some(std::net::IpAddr::V6(v6)) => format!("[{v6}]"),
        _ => view.request.src_ip.trim().to_string(),
    };
    let params = if parsed.params.is_empty() { String::new() } else { format!(";{}", parsed.params) };
    format!("{}:{user}{host}:{}{params}", parsed.scheme, view.src_port)
}
