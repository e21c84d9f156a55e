//! Asterisk's message filter, which looks at a request before anyone is identified: a request
//! that can start a dialog (INVITE, SUBSCRIBE, REFER, NOTIFY, UPDATE) must carry a Contact
//! header, or it is answered `400 Missing Contact header` at once.

use super::types::{StepKind, Verdict};
use super::view::View;
use super::{identify, step, Ctx, Trace};

/// The methods pjproject counts as able to create a dialog.
const DIALOG_CREATING: &[&str] = &["INVITE", "SUBSCRIBE", "REFER", "NOTIFY", "UPDATE"];

/// A refusal by the filter: the answer and, for an INVITE, the endpoint its ACK identifies.
pub struct Refusal {
    pub status: u16,
    pub reason: &'static str,
    pub endpoint: Option<String>,
}

pub fn missing_contact(ctx: &Ctx, view: &View, trace: &mut Trace) -> Option<Refusal> {
    if !DIALOG_CREATING.contains(&view.method.as_str()) || !view.contacts.is_empty() {
        return None;
    }
    trace.push(step(
        StepKind::MessageFilter,
        Verdict::Failed,
        "No Contact",
        format!("A {} can start a dialog, so it must carry a Contact header; Asterisk answers 400 before identifying anyone.", view.method),
        vec![],
    ));
    // The client acknowledges a failed INVITE with an ACK, which needs no Contact: that ACK goes
    // through identification, so Asterisk does learn (and log) who sent the INVITE.
    let endpoint = (view.method == "INVITE")
        .then(|| identify::identify(ctx, view, None, &mut Vec::new()))
        .flatten()
        .map(|found| found.endpoint.id.clone());
    if let Some(id) = &endpoint {
        trace.push(step(
            StepKind::Identify,
            Verdict::Info,
            "ACK identified",
            format!("The ACK that completes the refused INVITE is identified as endpoint `{id}`."),
            vec![],
        ));
    }
    Some(Refusal { status: 400, reason: "Missing Contact header", endpoint })
}
