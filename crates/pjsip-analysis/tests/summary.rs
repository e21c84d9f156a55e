//! The plain-language summary of whole configurations (it needs the checks' diagnostics, so it
//! is tested through the facade).

use pjsip_analysis::explain::{Summary, SummaryTopic};
use pjsip_analysis::{Analysis, AsteriskVersion, Input, InputFile};

fn summary_of(text: &str) -> Summary {
    Analysis::new(&Input::new(vec![InputFile { name: "pjsip.conf".into(), text: text.into() }], AsteriskVersion::V22)).summary()
}

const OFFICE: &str = "\
[udp]
type=transport
protocol=udp
bind=0.0.0.0:5060
external_media_address=198.51.100.7
external_signaling_address=198.51.100.7
local_net=192.168.0.0/16

[phone](!)
type=endpoint
context=from-internal
disallow=all
allow=ulaw
rtp_symmetric=yes
rewrite_contact=yes

[6001](phone)
auth=6001
aors=6001
[6001]
type=auth
username=6001
password=a
[6001]
type=aor
max_contacts=1

[6002](phone)
auth=6002
aors=6002
[6002]
type=auth
username=6002
password=b
[6002]
type=aor
max_contacts=1

[provider]
type=endpoint
context=from-external
allow=ulaw
outbound_auth=provider
aors=provider
[provider]
type=aor
contact=sip:sip.example.net
[provider]
type=auth
username=acct
password=c
[provider]
type=identify
endpoint=provider
match=203.0.113.5
[provider]
type=registration
server_uri=sip:sip.example.net
client_uri=sip:acct@sip.example.net
outbound_auth=provider
";

#[test]
fn summary_classifies_phones_and_trunks() {
    let summary = summary_of(OFFICE);
    let text = summary.to_text();
    assert!(
        text.contains("2 phones (`6001`, `6002`) register with a password; calls from them land in context `from-internal`."),
        "{text}"
    );
    assert!(
        text.contains("Trunk `provider` is identified by IP 203.0.113.5, registers to sip:sip.example.net, is reached at sip:sip.example.net, and answers the provider's challenges with credentials; its incoming calls land in context `from-external`."),
        "{text}"
    );
    assert!(text.contains("Asterisk listens on 1 transport: `udp` (UDP on 0.0.0.0:5060)."), "{text}");
    assert!(text.contains("advertises 198.51.100.7 to peers outside 192.168.0.0/16"), "{text}");
    assert!(text.contains("All 2 registering endpoints are set for clients behind NAT"), "{text}");
    let trunk = summary.items.iter().find(|i| i.topic == SummaryTopic::Trunk).unwrap();
    assert!(trunk.objects.contains(&("identify", "provider".to_string())));
    assert_eq!(trunk.objects.len(), trunk.spans.len());
    let phones = summary.items.iter().find(|i| i.topic == SummaryTopic::Phones).unwrap();
    // The spans point at the sections of the objects named.
    let analysis = Analysis::new(&Input::new(vec![InputFile { name: "pjsip.conf".into(), text: OFFICE.into() }], AsteriskVersion::V22));
    let (_, source) = analysis.file(phones.spans[0].file);
    assert!(source[phones.spans[0].span.start as usize..].starts_with("[6001]"));
}

#[test]
fn summary_mentions_open_phones_dead_endpoints_and_problems() {
    let summary = summary_of(
        "[a]\ntype=endpoint\naors=a\n[a]\ntype=aor\nmax_contacts=2\n[b]\ntype=endpoint\n[c]\ntype=endpoint\nsecret=x\n[d]\ntype=friend\n",
    );
    let text = summary.to_text();
    assert!(text.contains("1 phone (`a`) registers without any password"), "{text}");
    assert!(text.contains("1 endpoint (`b`) has no usable AOR"), "{text}");
    assert!(text.contains("No transport is configured"), "{text}");
    assert!(text.contains("1 object that Asterisk would not create; 1 section that Asterisk silently ignores."), "{text}");
    assert!(text.contains("No registering endpoint sets `rtp_symmetric`"), "{text}");
}

#[test]
fn empty_config_says_so() {
    let summary = summary_of("");
    assert_eq!(summary.items[0].topic, SummaryTopic::Empty);
    assert!(summary.to_text().ends_with("The checks found no problems."));
}
