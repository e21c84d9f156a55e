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
        let ext = 10000 + n;
        text.push_str(&format!(
            "[{ext}](phone)\nauth={ext}\naors={ext}\ncallerid=\"Phone {ext}\" <{ext}>\n\n\
             [{ext}]\ntype=aor\nmax_contacts=1\nremove_existing=yes\n\n\
             [{ext}]\ntype=auth\nauth_type=userpass\nusername={ext}\npassword=secret-{ext}\n\n"
        ));
    }
    text
}
