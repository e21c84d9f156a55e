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

/// Hostile shapes for the worst-case benchmarks and the bound tests: inputs that make a naive
/// loader or analysis quadratic or worse. Each is a list of files (name, text), `pjsip.conf`
/// first.
pub mod hostile {
    /// A chain of `depth` templates, each naming the one before, each adding one line, and an
    /// endpoint built from the last: Asterisk copies `depth²/2` variables.
    pub fn template_chain(depth: usize) -> Vec<(String, String)> {
        let mut text = String::from("[t0](!)\ntype=endpoint\ncontext=c0\n");
        for n in 1..depth {
            text.push_str(&format!("[t{n}](!,t{})\nset_var=v{n}=x\n", n - 1));
        }
        text.push_str(&format!("[phone](t{})\n", depth.saturating_sub(1)));
        vec![("pjsip.conf".into(), text)]
    }

    /// `files` files, each including the next one `fanout` times (ten levels of nesting read
    /// `fanout^10` copies of the last one).
    pub fn include_fanout(files: usize, fanout: usize) -> Vec<(String, String)> {
        (0..files)
            .map(|n| {
                let name = if n == 0 { "pjsip.conf".to_string() } else { format!("f{n}.conf") };
                let mut text = format!("[s{n}]\ntype=endpoint\n");
                if n + 1 < files {
                    for _ in 0..fanout {
                        text.push_str(&format!("#include f{}.conf\n", n + 1));
                    }
                }
                (name, text)
            })
            .collect()
    }

    /// `count` sections of `line_len`-byte values (the 8 KiB line limit is 8192).
    pub fn long_lines(count: usize, line_len: usize) -> Vec<(String, String)> {
        let value = "a".repeat(line_len.saturating_sub(20));
        let mut text = String::new();
        for n in 0..count {
            text.push_str(&format!("[e{n}]\ntype=endpoint\ncallerid={value}\nset_var=x={value}\n"));
        }
        vec![("pjsip.conf".into(), text)]
    }

    /// One section with `count` `+=` lines extending one value (and as many other lines).
    pub fn plus_equals(count: usize) -> Vec<(String, String)> {
        let mut text = String::from("[e]\ntype=endpoint\nallow=ulaw\n");
        for n in 0..count {
            text.push_str(&format!("set_var=v{n}=x\nallow+=,alaw\n"));
        }
        vec![("pjsip.conf".into(), text)]
    }

    /// `count` sections named `a`, then `count` `(+filter)` additions that must search them.
    pub fn filters(count: usize) -> Vec<(String, String)> {
        let mut text = String::new();
        for n in 0..count {
            text.push_str(&format!("[a]\ntype=aor\nmailboxes=m{n}\n"));
        }
        for _ in 0..count {
            text.push_str("[a](+type=^endpoint$&context=(x*)*y)\nmax_contacts=1\n");
        }
        vec![("pjsip.conf".into(), text)]
    }

    /// `count` endpoints with identifies matching by header with a catastrophic expression for
    /// a backtracking matcher.
    pub fn header_regexes(count: usize) -> Vec<(String, String)> {
        let mut text = String::new();
        for n in 0..count {
            text.push_str(&format!(
                "[e{n}]\ntype=endpoint\ncontext=c\n[i{n}]\ntype=identify\nendpoint=e{n}\nmatch_header=X-Tenant: /^(a+)+(b|c)*{n}$/\n"
            ));
        }
        vec![("pjsip.conf".into(), text)]
    }

    /// `count` sections of one name (and type): a duplicate of each other.
    pub fn duplicates(count: usize) -> Vec<(String, String)> {
        let mut text = String::new();
        for _ in 0..count {
            text.push_str("[same]\ntype=endpoint\naors=missing\n");
        }
        vec![("pjsip.conf".into(), text)]
    }

    /// One endpoint naming `count` missing AORs (each a `ref/missing` with suggestions), and
    /// `count` AORs with names close to them.
    pub fn broken_references(count: usize) -> Vec<(String, String)> {
        let mut text = String::from("[e]\ntype=endpoint\naors=");
        text.push_str(&(0..count).map(|n| format!("aor-{n}x")).collect::<Vec<_>>().join(","));
        text.push('\n');
        for n in 0..count {
            text.push_str(&format!("[aor-{n}]\ntype=aor\n"));
        }
        vec![("pjsip.conf".into(), text)]
    }
}
