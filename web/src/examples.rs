//! The examples gallery: small, correct configurations for the common set-ups, each with a
//! two-line explanation. Their text lives in `public/examples/` (served beside the app) and is
//! fetched when one is opened, so it does not weigh on the first load; only the starting example
//! is compiled in.

use crate::bindings;
use crate::workspace::{FileTab, Workspace};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Example {
    pub id: &'static str,
    pub title: &'static str,
    /// Two short lines: what it is, and what to look at.
    pub summary: &'static str,
    /// (file name in the workspace, file under `examples/`).
    pub files: &'static [(&'static str, &'static str)],
}

/// The example a first visit starts with (an ITSP trunk), compiled in.
pub const STARTER: &str = include_str!("../../public/examples/trunk.conf");

pub fn starter() -> Workspace {
    Workspace::with_text(STARTER)
}

impl Example {
    /// Fetches the example's files.
    pub async fn load(&self) -> Result<Workspace, String> {
        let mut files = Vec::new();
        for (name, file) in self.files {
            let text = bindings::fetch_text(&format!("./examples/{file}")).await.map_err(|e| bindings::error_message(&e))?;
            files.push(FileTab { name: (*name).into(), text: text.as_string().unwrap_or_default() });
        }
        Ok(Workspace::with_files(files))
    }
}

pub const EXAMPLES: &[Example] = &[
    Example {
        id: "phone",
        title: "Phone extension",
        summary: "One desk phone, extension 6001: an endpoint, its password and the AOR it registers to.\n\
                  The smallest config a registering phone needs.",
        files: &[("pjsip.conf", "phone.conf")],
    },
    Example {
        id: "multi-device",
        title: "Several devices on one AOR",
        summary: "A desk phone and a softphone, each with its own login, both registering to the AOR \"alice\".\n\
                  A call to alice rings both; max_contacts=2 leaves room for the two of them.",
        files: &[("pjsip.conf", "multi-device.conf")],
    },
    Example {
        id: "trunk",
        title: "Trunk with outbound registration",
        summary: "An ITSP account: Asterisk registers to the provider and answers its digest challenges.\n\
                  Incoming calls are recognised by the provider's IP through the identify section.",
        files: &[("pjsip.conf", "trunk.conf")],
    },
    Example {
        id: "ip-trunk",
        title: "IP-authenticated trunk",
        summary: "A provider that trusts your IP and you trust theirs: no registration, no password.\n\
                  The identify's match lines decide which requests belong to the trunk.",
        files: &[("pjsip.conf", "ip-trunk.conf")],
    },
    Example {
        id: "wizard",
        title: "Wizard: phones and a trunk",
        summary: "pjsip_wizard.conf writes the endpoint, aor, auth, identify and registration sections for you.\n\
                  Open the diagram to see every object the wizard generates and its real name.",
        files: &[("pjsip.conf", "wizard.conf"), ("pjsip_wizard.conf", "wizard-wizard.conf")],
    },
    Example {
        id: "tls",
        title: "TLS transport",
        summary: "Signalling encrypted with TLS on port 5061 and media with SRTP (SDES).\n\
                  The endpoint picks the TLS transport explicitly.",
        files: &[("pjsip.conf", "tls.conf")],
    },
    Example {
        id: "webrtc",
        title: "WebRTC endpoint",
        summary: "A browser softphone over secure WebSocket; webrtc=yes switches on ICE, DTLS-SRTP and the rest.\n\
                  Several tabs may register at once, so the AOR allows 5 contacts.",
        files: &[("pjsip.conf", "webrtc.conf")],
    },
    Example {
        id: "nat",
        title: "Asterisk behind NAT",
        summary: "Asterisk on a private network advertises its public address to the outside (local_net, external_*).\n\
                  Remote phones get rtp_symmetric, force_rport and rewrite_contact so audio flows both ways.",
        files: &[("pjsip.conf", "nat.conf")],
    },
];

pub fn find(id: &str) -> Option<&'static Example> {
    EXAMPLES.iter().find(|e| e.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use pjsip_analysis::{Analysis, Severity};
    use wasm_bindgen_test::wasm_bindgen_test as test;

    /// The files as the server has them (the tests run without one).
    fn text_of(file: &str) -> &'static str {
        match file {
            "phone.conf" => include_str!("../../public/examples/phone.conf"),
            "multi-device.conf" => include_str!("../../public/examples/multi-device.conf"),
            "trunk.conf" => include_str!("../../public/examples/trunk.conf"),
            "ip-trunk.conf" => include_str!("../../public/examples/ip-trunk.conf"),
            "wizard.conf" => include_str!("../../public/examples/wizard.conf"),
            "wizard-wizard.conf" => include_str!("../../public/examples/wizard-wizard.conf"),
            "tls.conf" => include_str!("../../public/examples/tls.conf"),
            "webrtc.conf" => include_str!("../../public/examples/webrtc.conf"),
            "nat.conf" => include_str!("../../public/examples/nat.conf"),
            other => panic!("no example file {other}"),
        }
    }

    /// Every example is a config a person can copy: Asterisk loads all of it without complaint.
    #[test]
    fn every_example_loads_without_errors_or_warnings() {
        for example in EXAMPLES {
            let files = example.files.iter().map(|(name, file)| FileTab { name: (*name).into(), text: text_of(file).into() }).collect();
            let analysis = Analysis::new(&Workspace::with_files(files).input());
            let bad: Vec<_> = analysis
                .diagnostics()
                .iter()
                .filter(|d| d.severity != Severity::Hint)
                .map(|d| format!("{} {}", d.code, d.message))
                .collect();
            assert!(bad.is_empty(), "{}: {bad:?}", example.id);
            assert!(analysis.rejected().is_empty(), "{}", example.id);
            assert_eq!(example.summary.lines().count(), 2, "{}", example.id);
        }
    }
}
