//! Generated configurations for the benchmarks of every crate (one generator, so the figures of
//! parse, analysis, simulation and diagram benches describe the same input). Not part of the API.

/// A UDP transport, a phone template, then per phone an endpoint, an aor and an auth
/// (`3 * count + 2` sections; 10,000 phones ≈ 5.9 MB).
pub fn phones(count: usize) -> String {
    let mut text = String::from(
        "[transport-udp]\ntype=transport\nprotocol=udp\nbind=0.0.0.0\n\n\
         [phone](!)\ntype=endpoint\ncontext=from-internal ; calls from phones\ndisallow=all\nallow=ulaw,alaw,g722\n\
         direct_media=no\nrtp_symmetric=yes\nforce_rport=yes\nrewrite_contact=yes\n\n",
    );
    for n in 0..count {
        push_phone(&mut text, 10000 + n);
    }
    text
}

/// The analysis benchmark's office: a NAT-aware transport, a phone template, `phones` phones
/// (endpoint + aor + auth) and `trunks` provider trunks (endpoint + aor + auth + registration +
/// identify). 10,000 phones + 50 trunks ≈ 30,250 sections, 2 MB.
pub fn office(phones: usize, trunks: usize) -> String {
    let mut text = String::from(
        "[transport-udp]\ntype=transport\nprotocol=udp\nbind=0.0.0.0\nlocal_net=10.0.0.0/8\nexternal_media_address=203.0.113.10\n\
         external_signaling_address=203.0.113.10\n\n\
         [phone](!)\ntype=endpoint\ncontext=from-internal ; calls from phones\ndisallow=all\nallow=ulaw,alaw,g722\n\
         direct_media=no\nrtp_symmetric=yes\nforce_rport=yes\nrewrite_contact=yes\ntransport=transport-udp\n\n",
    );
    for n in 0..phones {
        push_phone(&mut text, 10000 + n);
    }
    for n in 0..trunks {
        let host = format!("198.51.{}.{}", n / 200, n % 200 + 1);
        text.push_str(&format!(
            "[trunk{n}]\ntype=endpoint\ncontext=from-trunk\ndisallow=all\nallow=ulaw\noutbound_auth=trunk{n}-auth\naors=trunk{n}\n\
             direct_media=no\nrtp_symmetric=yes\nforce_rport=yes\nrewrite_contact=yes\ntransport=transport-udp\n\n\
             [trunk{n}]\ntype=aor\ncontact=sip:{host}\nqualify_frequency=60\n\n\
             [trunk{n}-auth]\ntype=auth\nusername=acct{n}\npassword=pw{n}\n\n\
             [trunk{n}-reg]\ntype=registration\nserver_uri=sip:{host}\nclient_uri=sip:acct{n}@{host}\noutbound_auth=trunk{n}-auth\n\
             transport=transport-udp\nretry_interval=60\n\n\
             [trunk{n}-identify]\ntype=identify\nendpoint=trunk{n}\nmatch={host}\n\n"
        ));
    }
    text
}

/// One phone made from the `[phone](!)` template: an endpoint, an aor and an auth named `ext`.
fn push_phone(text: &mut String, ext: usize) {
    text.push_str(&format!(
        "[{ext}](phone)\nauth={ext}\naors={ext}\ncallerid=\"Phone {ext}\" <{ext}>\n\n\
         [{ext}]\ntype=aor\nmax_contacts=1\nremove_existing=yes\n\n\
         [{ext}]\ntype=auth\nauth_type=userpass\nusername={ext}\npassword=secret-{ext}\n\n"
    ));
}
