//! "Explain this config": a few plain sentences on what a configuration sets up — which
//! endpoints are phones and which are trunks, where their calls land, what listens where, the
//! NAT settings and how many problems the checks found.
//!
//! Each sentence carries the spans of the objects it talks about, so a front end can highlight
//! them. The classification is a reading aid, not a rule of Asterisk: it follows what the
//! objects are wired to (an AOR that accepts registrations, an `identify`, a `registration`,
//! outbound credentials, a static contact).
use pjsip_model::ObjectType;

use pjsip_syntax::FileSpan;

use pjsip_model::{Diagnostic, Loaded, Object, Severity};

/// What one summary sentence is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SummaryTopic {
    /// Endpoints that register to Asterisk (phones, softphones).
    Phones,
    /// An endpoint towards a provider or another PBX.
    Trunk,
    /// Endpoints that fit neither pattern.
    OtherEndpoints,
    /// Transports: what Asterisk listens on.
    Transports,
    /// NAT-related settings.
    Nat,
    /// Outbound registrations not tied to any endpoint.
    Registrations,
    /// Diagnostics, rejected and ignored sections.
    Problems,
    /// Nothing is configured.
    Empty,
}

/// One sentence of the summary.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SummaryItem {
    pub topic: SummaryTopic,
    /// The sentence, plain text (names in backticks).
    pub text: String,
    /// The `(type, id)` of every object the sentence names.
    pub objects: Vec<(&'static str, String)>,
    /// The section headers of those objects (wizard objects: the wizard's header).
    pub spans: Vec<FileSpan>,
}

/// The whole summary, sentences in reading order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub items: Vec<SummaryItem>,
}

impl Summary {
    /// The sentences as one text, one per line.
    pub fn to_text(&self) -> String {
        self.items.iter().map(|i| i.text.as_str()).collect::<Vec<_>>().join("\n")
    }
}

/// How an endpoint is wired, as far as the summary cares.
struct EndpointShape<'a> {
    endpoint: &'a Object,
    /// AORs it lists that exist.
    aors: Vec<&'a Object>,
    registers: bool,
    inbound_auth: bool,
    /// `identify` objects pointing at it.
    identifies: Vec<&'a Object>,
    /// Outbound registrations that belong to it.
    registrations: Vec<&'a Object>,
    static_contacts: Vec<String>,
    outbound_auth: bool,
}

impl EndpointShape<'_> {
    fn is_trunk(&self) -> bool {
        !self.identifies.is_empty()
            || !self.registrations.is_empty()
            || (!self.registers && (self.outbound_auth || !self.static_contacts.is_empty()))
    }
}

/// Splits a comma list value, trimming names and dropping empty ones.
fn list(value: &str) -> Vec<&str> {
    value.split(',').map(str::trim).filter(|s| !s.is_empty()).collect()
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn names(objects: &[&Object]) -> String {
    const SHOWN: usize = 5;
    let mut shown: Vec<String> = objects.iter().take(SHOWN).map(|o| format!("`{}`", o.id)).collect();
    if objects.len() > SHOWN {
        shown.push(format!("{} more", objects.len() - SHOWN));
    }
    shown.join(", ")
}

/// Builds the summary of a loaded configuration; `diagnostics` are what the checks found.
pub fn summarize(analysis: &Loaded, diagnostics: &[Diagnostic]) -> Summary {
    let model = analysis.model();
    let mut items = Vec::new();
    let shapes: Vec<EndpointShape<'_>> = model
        .of_type(ObjectType::Endpoint)
        .map(|endpoint| {
            let aors: Vec<&Object> =
                list(endpoint.value("aors")).into_iter().filter_map(|name| model.find(ObjectType::Aor, name)).collect();
            let registers = aors.iter().any(|a| a.value("max_contacts").trim().parse::<u64>().is_ok_and(|n| n > 0));
            let static_contacts = aors.iter().flat_map(|a| list(a.value("contact")).into_iter().map(str::to_string)).collect();
            let identifies = model.of_type(ObjectType::Identify).filter(|i| i.value("endpoint").trim() == endpoint.id).collect();
            let outbound_auths = list(endpoint.value("outbound_auth"));
            let registrations = model
                .of_type(ObjectType::Registration)
                .filter(|r| {
                    r.value("endpoint").trim() == endpoint.id
                        || r.id == endpoint.id
                        || (endpoint.wizard.is_some() && r.wizard == endpoint.wizard)
                        || list(r.value("outbound_auth")).iter().any(|a| outbound_auths.contains(a))
                })
                .collect();
            EndpointShape {
                endpoint,
                aors,
                registers,
                inbound_auth: !list(endpoint.value("auth")).is_empty(),
                identifies,
                registrations,
                static_contacts,
                outbound_auth: !outbound_auths.is_empty(),
            }
        })
        .collect();

    phones(&shapes, &mut items);
    for shape in shapes.iter().filter(|s| s.is_trunk()) {
        items.push(trunk(shape));
    }
    others(&shapes, &mut items);
    loose_registrations(analysis, &shapes, &mut items);
    transports(analysis, &mut items);
    nat(analysis, &shapes, &mut items);
    problems(analysis, diagnostics, &mut items);
    if items.iter().all(|i| i.topic == SummaryTopic::Problems) && model.objects.is_empty() {
        items.insert(
            0,
            SummaryItem { topic: SummaryTopic::Empty, text: "No PJSIP object is configured yet.".into(), objects: vec![], spans: vec![] },
        );
    }
    Summary { items }
}

fn item(topic: SummaryTopic, text: String, objects: &[&Object]) -> SummaryItem {
    SummaryItem {
        topic,
        text,
        objects: objects.iter().map(|o| (o.type_name(), o.id.clone())).collect(),
        spans: objects.iter().map(|o| o.header_at).collect(),
    }
}

/// Phones grouped by (password or not, context), one sentence per group.
fn phones(shapes: &[EndpointShape<'_>], items: &mut Vec<SummaryItem>) {
    let mut groups: Vec<((bool, &str), Vec<&EndpointShape<'_>>)> = Vec::new();
    for shape in shapes.iter().filter(|s| s.registers && !s.is_trunk()) {
        let key = (shape.inbound_auth, shape.endpoint.value("context"));
        match groups.iter_mut().find(|(k, _)| *k == key) {
            Some((_, members)) => members.push(shape),
            None => groups.push((key, vec![shape])),
        }
    }
    for ((auth, context), members) in groups {
        let endpoints: Vec<&Object> = members.iter().map(|s| s.endpoint).collect();
        let how = if auth { "with a password" } else { "without any password (anyone who knows the name can register)" };
        let text = format!(
            "{} ({}) {} {how}; calls from {} land in context `{context}`.",
            plural(members.len(), "phone", "phones"),
            names(&endpoints),
            if members.len() == 1 { "registers" } else { "register" },
            if members.len() == 1 { "it" } else { "them" },
        );
        let mut objects = endpoints.clone();
        objects.extend(members.iter().flat_map(|s| s.aors.iter().copied()));
        items.push(item(SummaryTopic::Phones, text, &objects));
    }
}

fn trunk(shape: &EndpointShape<'_>) -> SummaryItem {
    let mut parts: Vec<String> = Vec::new();
    let matches: Vec<&str> = shape.identifies.iter().flat_map(|i| list(i.value("match"))).collect();
    if !matches.is_empty() {
        parts.push(format!("is identified by IP {}", matches.join(", ")));
    } else if !shape.identifies.is_empty() {
        parts.push("is identified by a header or request URI".into());
    }
    let servers: Vec<&str> = shape.registrations.iter().map(|r| r.value("server_uri")).filter(|s| !s.is_empty()).collect();
    if !servers.is_empty() {
        parts.push(format!("registers to {}", servers.join(", ")));
    }
    if !shape.static_contacts.is_empty() {
        parts.push(format!("is reached at {}", shape.static_contacts.join(", ")));
    }
    if shape.outbound_auth {
        parts.push("answers the provider's challenges with credentials".into());
    }
    if shape.inbound_auth {
        parts.push("must itself authenticate".into());
    }
    if shape.identifies.is_empty() && !shape.inbound_auth {
        parts.push("is found for incoming calls only if the caller's From user matches its name".into());
    }
    let text = format!(
        "Trunk `{}` {}; its incoming calls land in context `{}`.",
        shape.endpoint.id,
        join_parts(&parts),
        shape.endpoint.value("context")
    );
    let mut objects = vec![shape.endpoint];
    objects.extend(shape.aors.iter().copied());
    objects.extend(shape.identifies.iter().copied());
    objects.extend(shape.registrations.iter().copied());
    item(SummaryTopic::Trunk, text, &objects)
}

fn join_parts(parts: &[String]) -> String {
    match parts {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{}, and {last}", init.join(", ")),
    }
}

fn others(shapes: &[EndpointShape<'_>], items: &mut Vec<SummaryItem>) {
    let no_aor: Vec<&Object> = shapes.iter().filter(|s| !s.registers && !s.is_trunk() && s.aors.is_empty()).map(|s| s.endpoint).collect();
    if !no_aor.is_empty() {
        items.push(item(
            SummaryTopic::OtherEndpoints,
            format!(
                "{} ({}) {} no usable AOR: {} cannot register and cannot be called.",
                plural(no_aor.len(), "endpoint", "endpoints"),
                names(&no_aor),
                if no_aor.len() == 1 { "has" } else { "have" },
                if no_aor.len() == 1 { "it" } else { "they" },
            ),
            &no_aor,
        ));
    }
    let closed: Vec<&Object> = shapes.iter().filter(|s| !s.registers && !s.is_trunk() && !s.aors.is_empty()).map(|s| s.endpoint).collect();
    if !closed.is_empty() {
        items.push(item(
            SummaryTopic::OtherEndpoints,
            format!(
                "{} ({}) {} an AOR with `max_contacts` 0 and no static contact: registrations are refused and there is nothing to call.",
                plural(closed.len(), "endpoint", "endpoints"),
                names(&closed),
                if closed.len() == 1 { "has" } else { "have" },
            ),
            &closed,
        ));
    }
}

fn loose_registrations(analysis: &Loaded, shapes: &[EndpointShape<'_>], items: &mut Vec<SummaryItem>) {
    let loose: Vec<&Object> = analysis
        .model()
        .of_type(ObjectType::Registration)
        .filter(|r| !shapes.iter().any(|s| s.registrations.iter().any(|x| x.id == r.id)))
        .collect();
    if !loose.is_empty() {
        let servers: Vec<String> = loose.iter().map(|r| format!("`{}` to {}", r.id, r.value("server_uri"))).collect();
        items.push(item(
            SummaryTopic::Registrations,
            format!(
                "{} not tied to any endpoint: {}.",
                plural(loose.len(), "outbound registration", "outbound registrations"),
                servers.join(", ")
            ),
            &loose,
        ));
    }
}

fn transports(analysis: &Loaded, items: &mut Vec<SummaryItem>) {
    let transports: Vec<&Object> = analysis.model().of_type(ObjectType::Transport).collect();
    if transports.is_empty() {
        if analysis.model().of_type(ObjectType::Endpoint).next().is_some() {
            items.push(SummaryItem {
                topic: SummaryTopic::Transports,
                text: "No transport is configured: Asterisk will not listen for SIP at all.".into(),
                objects: vec![],
                spans: vec![],
            });
        }
        return;
    }
    let described: Vec<String> = transports
        .iter()
        .map(|t| {
            let bind = t.value("bind");
            let protocol = t.value("protocol").to_ascii_uppercase();
            if bind.is_empty() {
                format!("`{}` ({protocol})", t.id)
            } else {
                format!("`{}` ({protocol} on {bind})", t.id)
            }
        })
        .collect();
    items.push(item(
        SummaryTopic::Transports,
        format!("Asterisk listens on {}: {}.", plural(transports.len(), "transport", "transports"), described.join(", ")),
        &transports,
    ));
}

fn nat(analysis: &Loaded, shapes: &[EndpointShape<'_>], items: &mut Vec<SummaryItem>) {
    let model = analysis.model();
    let external: Vec<&Object> = model
        .of_type(ObjectType::Transport)
        .filter(|t| !t.value("external_media_address").is_empty() || !t.value("external_signaling_address").is_empty())
        .collect();
    if !external.is_empty() {
        let described: Vec<String> = external
            .iter()
            .map(|t| {
                let address = if t.value("external_signaling_address").is_empty() {
                    t.value("external_media_address")
                } else {
                    t.value("external_signaling_address")
                };
                let local = t.value("local_net");
                if local.is_empty() {
                    format!("`{}` advertises {address} but sets no `local_net`, so it does so to every peer", t.id)
                } else {
                    format!("`{}` advertises {address} to peers outside {local}", t.id)
                }
            })
            .collect();
        items.push(item(SummaryTopic::Nat, format!("Asterisk sits behind NAT: transport {}.", described.join("; ")), &external));
    }
    let is_yes = |o: &Object, name: &str| pjsip_model::schema::is_true_word(o.value(name));
    let phones: Vec<&EndpointShape<'_>> = shapes.iter().filter(|s| s.registers).collect();
    if phones.is_empty() {
        return;
    }
    let nat_ready: Vec<&Object> = phones
        .iter()
        .filter(|s| is_yes(s.endpoint, "rtp_symmetric") && is_yes(s.endpoint, "rewrite_contact") && is_yes(s.endpoint, "force_rport"))
        .map(|s| s.endpoint)
        .collect();
    let text = if nat_ready.len() == phones.len() {
        format!(
            "All {} registering endpoints are set for clients behind NAT (`rtp_symmetric`, `rewrite_contact`, `force_rport`).",
            phones.len()
        )
    } else if nat_ready.is_empty() {
        "No registering endpoint sets `rtp_symmetric` and `rewrite_contact`: phones behind a home router may register but get one-way or no audio.".to_string()
    } else {
        format!("{} of {} registering endpoints are set for clients behind NAT ({}).", nat_ready.len(), phones.len(), names(&nat_ready))
    };
    items.push(item(SummaryTopic::Nat, text, &nat_ready));
}

fn problems(analysis: &Loaded, diagnostics: &[Diagnostic], items: &mut Vec<SummaryItem>) {
    let errors = diagnostics.iter().filter(|d| d.severity == Severity::Error).count();
    let warnings = diagnostics.iter().filter(|d| d.severity == Severity::Warning).count();
    let rejected = analysis.rejected().len();
    let ignored = analysis.ignored().len();
    let mut parts = Vec::new();
    if errors > 0 {
        parts.push(plural(errors, "error", "errors"));
    }
    if warnings > 0 {
        parts.push(plural(warnings, "warning", "warnings"));
    }
    let mut text =
        if parts.is_empty() { "The checks found no problems".to_string() } else { format!("The checks found {}", parts.join(" and ")) };
    if rejected > 0 {
        text.push_str(&format!("; {} that Asterisk would not create", plural(rejected, "object", "objects")));
    }
    if ignored > 0 {
        text.push_str(&format!("; {} that Asterisk silently ignores", plural(ignored, "section", "sections")));
    }
    text.push('.');
    let mut spans: Vec<FileSpan> = analysis.rejected().iter().map(|r| r.header_at).collect();
    spans.extend(analysis.ignored().iter().map(|i| i.header_at));
    let objects = analysis.rejected().iter().map(|r| (r.type_name(), r.id.clone())).collect();
    items.push(SummaryItem { topic: SummaryTopic::Problems, text, objects, spans });
}
