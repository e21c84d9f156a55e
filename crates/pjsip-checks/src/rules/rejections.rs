//! Objects the model's apply step refuses ([`Reason::Apply`]): `auth/missing-credentials`,
//! `identify/incomplete`, `identify/bad-regex`, `registration/bad-uri`, `registration/line`,
//! `transport/no-bind`, `transport/bind-conflict`, `endpoint/timers`, `endpoint/dtls`,
//! `endpoint/rtp-ports`, `endpoint/codec-prefs`, `option/invalid-value` (global options) and
//! `ref/missing` for geolocation profiles. The model decides these rules (its reasons carry
//! the code, `pjsip_model::codes`); one function here renders them all.

use pjsip_syntax::Diagnostic;

use super::{object_label, Checker};
use pjsip_model::model::Reason;

/// Every refusal of the apply step, with the code the model gave it.
pub(super) fn apply_failure(cx: &Checker<'_>, out: &mut Vec<Diagnostic>) {
    for rejected in &cx.model().rejected {
        if let Reason::Apply { code, message, log, at, related } = &rejected.reason {
            let mut d = Diagnostic::new(*code, *at, format!("{message}; Asterisk drops {}", object_label(rejected)))
                .with_note(format!("Asterisk logs: {log}"));
            if *at != rejected.header_at {
                d = d.with_label(rejected.header_at, "the object");
            }
            if let Some(related) = related {
                d = d.with_label(*related, "already bound here");
            }
            out.push(d);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::test_support::{check, check_with};
    use pjsip_model::AsteriskVersion;

    #[test]
    fn auth_needs_username_and_password_from_20() {
        let conf = "[a]\ntype=auth\nusername=a\n[b]\ntype=auth\npassword=x\n";
        check(
            conf,
            "auth/",
            "auth/missing-credentials error 1: the auth has neither a password nor a password digest; Asterisk drops auth 'a'
auth/missing-credentials error 4: the auth has no username; Asterisk drops auth 'b'",
        );
        check_with(
            conf,
            None,
            AsteriskVersion::V18,
            "auth/",
            "auth/missing-credentials error 4: the auth has no username; Asterisk drops auth 'b'",
        );
    }
}
