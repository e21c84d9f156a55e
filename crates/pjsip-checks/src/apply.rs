//! Objects the apply step refuses: `auth/missing-credentials`, `identify/incomplete`,
//! `registration/bad-uri`, `registration/line`, `transport/no-bind`, `transport/bind-conflict`,
//! `endpoint/timers`, `endpoint/dtls`, `endpoint/rtp-ports`, `endpoint/codec-prefs`, and
//! `ref/missing` for geolocation profiles. The codes come from the model's reasons.

use pjsip_syntax::Diagnostic;

use super::object_label;
use pjsip_model::model::{Model, Reason};

pub(crate) fn check(model: &Model, out: &mut Vec<Diagnostic>) {
    for rejected in &model.rejected {
        if let Reason::Apply { code, message, log, at, related } = &rejected.reason {
            let mut d = Diagnostic::error(code, *at, format!("{message}; Asterisk drops {}", object_label(rejected)))
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

    #[test]
    fn identify_registration_transport() {
        check(
            "[i]\ntype=identify\nendpoint=x\n[r]\ntype=registration\nserver_uri=pbx.example.com\nclient_uri=sip:me@x\n[t]\ntype=transport\nprotocol=udp\n[u1]\ntype=transport\nbind=0.0.0.0\n[u2]\ntype=transport\nbind=0.0.0.0:5060\n",
            "",
            "identify/incomplete error 1: the identify matches nothing; Asterisk drops identify 'i'
registration/bad-uri error 6: server_uri `pbx.example.com` is not a sip: or sips: URI; Asterisk drops registration 'r'
transport/no-bind error 8: the transport has no bind address; Asterisk drops transport 't'
transport/restart hint 11: changes to transport 'u1' take effect only when Asterisk restarts, not on `pjsip reload`
transport/bind-conflict error 16: another transport already listens on this address and port; Asterisk drops transport 'u2'",
        );
    }

    #[test]
    fn endpoint_timers() {
        check(
            "[e]\ntype=endpoint\ntimers_min_se=60\n",
            "endpoint/",
            "endpoint/timers error 3: timers_min_se is 60; it must be at least 90; Asterisk drops endpoint 'e'",
        );
    }
}
