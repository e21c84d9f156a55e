//! The `--wizard` layout: devices whose objects fit the configuration wizard's shape are
//! written as one `type=wizard` section each in `pjsip_wizard.conf`; everything else stays in
//! `pjsip.conf`.
//!
//! A device fits when it is a peer or friend whose objects are exactly an endpoint and an AOR of
//! its name, at most one inbound and one outbound auth, and an identify — what the wizard
//! generates from `accepts_registrations`/`remote_hosts`, `accepts_auth` and `sends_auth`.
//! Options go under their prefixes (`endpoint/`, `aor/`, `inbound_auth/`, `outbound_auth/`,
//! `identify/`); an AOR contact or identify match the wizard would not generate itself is
//! written out. The endpoint templates are repeated as wizard templates (`endpoint/` options)
//! so that the devices keep naming them. Provenance is kept line by line.

use crate::emit::{self, Writer};
use crate::plan::{Block, Group, Plan};

/// pjsip.conf without the wizard-shaped devices, and pjsip_wizard.conf with them (`None` when
/// no device fits).
pub fn split(plan: &Plan, header: &[String]) -> (Writer, Option<Writer>) {
    let fits: Vec<bool> = plan.groups.iter().map(fits).collect();
    let kept: Vec<&Group> = plan.groups.iter().zip(&fits).filter(|(_, f)| !**f).map(|(g, _)| g).collect();
    let pjsip = emit::pjsip_conf(&kept, header);
    if !fits.iter().any(|f| *f) {
        return (pjsip, None);
    }
    let mut w = Writer::default();
    for line in header {
        w.comment(line, Vec::new());
    }
    // Wizard versions of the endpoint templates, for the devices to inherit.
    for group in &plan.groups {
        for block in group.blocks.iter().filter(|b| b.template && b.type_name == "endpoint") {
            w.blank();
            w.comment(&format!("---- {}", group.title), group.at.into_iter().collect());
            template(&mut w, block);
        }
    }
    for (group, _) in plan.groups.iter().zip(&fits).filter(|(_, f)| **f) {
        w.blank();
        w.comment(&format!("---- {}", group.title), group.at.into_iter().collect());
        device(&mut w, group);
    }
    (pjsip, Some(w))
}

fn find<'g>(group: &'g Group, type_name: &str, name: &str) -> Option<&'g Block> {
    group.blocks.iter().find(|b| b.type_name == type_name && b.name == name)
}

fn fits(group: &Group) -> bool {
    let Some(_) = &group.wizard else { return false };
    let name = &group.sip;
    let (Some(endpoint), Some(_)) = (find(group, "endpoint", name), find(group, "aor", name)) else {
        return false;
    };
    let outbound: Vec<&str> = endpoint.get("outbound_auth").map(|v| v.split(',').collect()).unwrap_or_default();
    if outbound.len() > 1 {
        return false;
    }
    let known = |b: &Block| match b.type_name {
        "endpoint" | "aor" | "identify" => b.name == *name,
        "auth" => b.name == *name || outbound.contains(&b.name.as_str()),
        _ => false,
    };
    group.blocks.iter().all(known) && group.blocks.len() <= 5
}

fn header(w: &mut Writer, block: &Block, template: bool) {
    let mut items: Vec<&str> = Vec::new();
    if template {
        items.push("!");
    }
    items.extend(block.bases.iter().map(String::as_str));
    let bases = if items.is_empty() { String::new() } else { format!("({})", items.join(",")) };
    w.blank();
    w.line(&format!("[{}]{bases}", block.name), block.sources.clone());
}

fn option(w: &mut Writer, prefix: &str, name: &str, value: &str, sources: &[pjsip_syntax::FileSpan], comment: Option<&str>) {
    if name.is_empty() {
        w.comment(comment.unwrap_or(""), sources.to_vec());
        return;
    }
    let mut line = format!("{prefix}{name} = {}", emit::escape(value));
    if let Some(comment) = comment {
        line.push_str(&format!(" ; {}", emit::safe_comment(comment)));
    }
    w.line(&line, sources.to_vec());
}

fn template(w: &mut Writer, block: &Block) {
    header(w, block, true);
    w.line("type = wizard", Vec::new());
    for opt in block.options.iter().filter(|o| o.name != "type") {
        option(w, "endpoint/", &opt.name, &opt.value, &opt.sources, opt.comment.as_deref());
    }
}

fn device(w: &mut Writer, group: &Group) {
    let name = &group.sip;
    let shape = group.wizard.clone().unwrap_or(crate::plan::WizardShape { accepts_registrations: false, remote_hosts: None });
    let endpoint = find(group, "endpoint", name).expect("fits() checked the endpoint");
    let aor = find(group, "aor", name).expect("fits() checked the AOR");
    header(w, endpoint, false);
    w.line("type = wizard", endpoint.sources.clone());
    if shape.accepts_registrations {
        let sources = aor.options.iter().find(|o| o.name == "max_contacts").map(|o| o.sources.clone()).unwrap_or_default();
        w.line("accepts_registrations = yes", sources);
    }
    let identify = find(group, "identify", name);
    let hosts = shape.remote_hosts.clone().filter(|_| !shape.accepts_registrations);
    if let Some(hosts) = &hosts {
        let sources = identify.map(|i| i.sources.clone()).unwrap_or_default();
        w.line(&format!("remote_hosts = {hosts}"), sources);
    }
    let inbound = endpoint.get("auth").and_then(|a| find(group, "auth", a));
    if let Some(auth) = inbound {
        w.line("accepts_auth = yes", auth.sources.clone());
        for opt in auth.options.iter().filter(|o| o.name != "type") {
            option(w, "inbound_auth/", &opt.name, &opt.value, &opt.sources, opt.comment.as_deref());
        }
    }
    let outbound = endpoint.get("outbound_auth").and_then(|a| find(group, "auth", a));
    if let Some(auth) = outbound {
        w.line("sends_auth = yes", auth.sources.clone());
        for opt in auth.options.iter().filter(|o| o.name != "type") {
            option(w, "outbound_auth/", &opt.name, &opt.value, &opt.sources, opt.comment.as_deref());
        }
    }
    for opt in endpoint.options.iter().filter(|o| !matches!(o.name.as_str(), "type" | "aors" | "auth" | "outbound_auth")) {
        option(w, "endpoint/", &opt.name, &opt.value, &opt.sources, opt.comment.as_deref());
    }
    let generated_contact = hosts.as_ref().map(|h| format!("sip:{h}"));
    for opt in aor.options.iter().filter(|o| o.name != "type") {
        if opt.name == "contact" && Some(&opt.value) == generated_contact.as_ref() {
            continue;
        }
        option(w, "aor/", &opt.name, &opt.value, &opt.sources, opt.comment.as_deref());
    }
    if let Some(identify) = identify {
        for opt in identify.options.iter().filter(|o| !matches!(o.name.as_str(), "type" | "endpoint")) {
            if opt.name == "match" && hosts.as_deref() == Some(opt.value.as_str()) {
                continue;
            }
            option(w, "identify/", &opt.name, &opt.value, &opt.sources, opt.comment.as_deref());
        }
    }
}
