//! `[general]` (transports, [global], [system], the contact ACL, the `sip-general` endpoint
//! template), `[authentication]` and the guests' endpoint.

use pjsip_syntax::FileSpan;

use super::*;

impl Converter<'_> {
    // ----------------------------------------------------------------------------------------
    // [general]

    pub(super) fn general_group(&mut self) -> Vec<Group> {
        let at = self.conf.general_at.map(|(at, _)| at);
        let mut blocks = Vec::new();
        blocks.push(self.global_block());
        if let Some(system) = self.system_block() {
            blocks.push(system);
        }
        blocks.extend(self.transport_blocks());
        if let Some(acl) = self.contact_acl_block() {
            blocks.push(acl);
        }
        // Reserve the template name against every device name.
        self.general_template = free_against_devices(self.conf, GENERAL_TEMPLATE, true);
        blocks.push(self.general_template_block());
        self.report_general_lines();
        vec![Group {
            kind: GroupKind::General,
            sip: "general".into(),
            title: "[general]: transports, global settings and the defaults every device starts from".into(),
            at,
            blocks,
            wizard: None,
        }]
    }

    fn global_block(&mut self) -> Block {
        let mut block = Block::new("global", "global", Vec::new());
        block.set("type", "global", Vec::new());
        let guests = self.general.allow_guest;
        let order = if guests { "username,ip,anonymous" } else { "username,ip" };
        let guest_source: Vec<FileSpan> = self.general.allow_guest_at.into_iter().collect();
        block.set_noted("endpoint_identifier_order", order, guest_source, "chan_sip matched callers by name first, then by address");
        let simple: [(&str, &str); 4] = [
            ("useragent", "user_agent"),
            ("realm", "default_realm"),
            ("legacy_useroption_parsing", "ignore_uri_user_options"),
            ("maxforwards", "max_forwards"),
        ];
        for (key, option) in simple {
            if let Some(s) = self.last_general(key).cloned() {
                let value = if key == "legacy_useroption_parsing" { yes_no(is_true(&s.value)).to_string() } else { s.value.clone() };
                block.set(option, value, vec![s.line]);
            }
        }
        if let Some(s) = self.last_general("sipdebug").cloned() {
            block.set("debug", yes_no(is_true(&s.value)), vec![s.line]);
        }
        if let Some(s) = self.last_general("regcontext").cloned() {
            let first = s.value.split('&').next().unwrap_or("").trim().to_string();
            if s.value.contains('&') {
                self.note_line(&s, "general", "PJSIP's regcontext takes one context; only the first is kept");
            }
            block.set("regcontext", first, vec![s.line]);
        }
        if let Some(s) = self.last_general("callerid").cloned() {
            let user = s.value.split('<').nth(1).and_then(|r| r.split('>').next()).unwrap_or(&s.value).trim().trim_matches('"').to_string();
            block.set("default_from_user", user, vec![s.line]);
            self.note_line(&s, "general", "chan_sip's default caller ID becomes the From user PJSIP uses when a call has none");
        }
        block
    }

    fn system_block(&mut self) -> Option<Block> {
        let mut block = Block::new("system", "system", Vec::new());
        block.set("type", "system", Vec::new());
        if let Some(s) = self.last_general("timert1").cloned() {
            block.set("timer_t1", s.value.trim(), vec![s.line]);
        }
        if let Some(s) = self.last_general("timerb").cloned() {
            block.set("timer_b", s.value.trim(), vec![s.line]);
        }
        if let Some(s) = self.last_general("compactheaders").cloned() {
            block.set("compact_headers", yes_no(is_true(&s.value)), vec![s.line]);
        }
        (block.options.len() > 1).then_some(block)
    }

    fn transport_blocks(&mut self) -> Vec<Block> {
        let general = self.general.clone();
        let mut blocks = Vec::new();
        let mut listeners = vec![general.udp.clone()];
        listeners.extend(general.tcp.clone());
        listeners.extend(general.tls.clone());
        for listener in listeners {
            let name = format!("transport-{}", listener.proto.word());
            let mut block = Block::new("transport", name, listener.sources.clone());
            block.set("type", "transport", Vec::new());
            block.set("protocol", listener.proto.word(), listener.sources.clone());
            let bind = host_port(&listener.host, Some(listener.port));
            if listener.sources.is_empty() {
                block.set_noted("bind", bind, Vec::new(), "chan_sip always listened on UDP 0.0.0.0:5060 unless told otherwise");
            } else {
                block.set("bind", bind, listener.sources.clone());
            }
            self.nat_addresses(&mut block, listener.proto);
            if listener.proto == Proto::Tls {
                self.tls_options(&mut block);
            }
            blocks.push(block);
        }
        // WebSocket transports share Asterisk's HTTP server; PJSIP still needs the objects.
        let enabled = self.last_general("websocket_enabled").is_none_or(|s| is_true(&s.value));
        let wanted: Vec<Proto> = [Proto::Ws, Proto::Wss]
            .into_iter()
            .filter(|p| {
                general.default_transports.contains(p)
                    || self.conf.devices.iter().any(|d| d.last("transport").is_some_and(|t| transport_words(&t.value).contains(p)))
            })
            .collect();
        for proto in wanted {
            let sources: Vec<FileSpan> = self
                .conf
                .devices
                .iter()
                .filter_map(|d| d.last("transport"))
                .filter(|t| transport_words(&t.value).contains(&proto))
                .map(|t| t.line)
                .take(1)
                .collect();
            if !enabled {
                continue;
            }
            let mut block = Block::new("transport", format!("transport-{}", proto.word()), sources.clone());
            block.set("type", "transport", Vec::new());
            block.set("protocol", proto.word(), sources);
            block.set_noted("bind", "0.0.0.0", Vec::new(), "WebSocket clients connect through Asterisk's HTTP server (http.conf)");
            if let Some(s) = self.last_general("websocket_write_timeout").cloned() {
                block.set("websocket_write_timeout", s.value.trim(), vec![s.line]);
            }
            blocks.push(block);
        }
        blocks
    }

    /// externaddr / externhost, their per-protocol ports, localnet, tos_sip and cos_sip: one
    /// chan_sip setting each, repeated on every PJSIP transport.
    fn nat_addresses(&mut self, block: &mut Block, proto: Proto) {
        let extern_line =
            self.conf.general.iter().rev().find(|s| matches!(s.key.as_str(), "externaddr" | "externip" | "externhost")).cloned();
        if let Some(s) = extern_line {
            let (host, port_text) = crate::words::split_host_port(&s.value);
            block.set("external_media_address", host, vec![s.line]);
            block.set("external_signaling_address", host, vec![s.line]);
            let port_key = match proto {
                Proto::Tcp => Some("externtcpport"),
                Proto::Tls => Some("externtlsport"),
                _ => None,
            };
            let explicit = port_key.and_then(|k| self.last_general(k).cloned());
            match (explicit, port_text.and_then(crate::words::port)) {
                (Some(p), _) => block.set("external_signaling_port", p.value.trim(), vec![p.line]),
                (None, Some(port)) if proto == Proto::Udp => block.set("external_signaling_port", port.to_string(), vec![s.line]),
                _ => {}
            }
        }
        let localnets: Vec<Setting> = self.conf.general.iter().filter(|s| s.key == "localnet").cloned().collect();
        for s in localnets {
            block.set("local_net", s.value.trim(), vec![s.line]);
        }
        for (key, option) in [("tos_sip", "tos"), ("cos_sip", "cos")] {
            if let Some(s) = self.last_general(key).cloned() {
                block.set(option, s.value.trim(), vec![s.line]);
            }
        }
    }

    fn tls_options(&mut self, block: &mut Block) {
        let pick = |c: &Self, keys: &[&str]| c.conf.general.iter().rev().find(|s| keys.contains(&s.key.as_str())).cloned();
        let cert = pick(self, &["tlscertfile", "sslcert", "tlscert"]);
        match &cert {
            Some(s) => block.set("cert_file", s.value.trim(), vec![s.line]),
            None => {
                block.set_noted("cert_file", "asterisk.pem", Vec::new(), "chan_sip's default certificate, relative to where Asterisk runs")
            }
        }
        match pick(self, &["tlsprivatekey", "sslprivatekey"]) {
            Some(s) => block.set("priv_key_file", s.value.trim(), vec![s.line]),
            None => {
                let sources: Vec<FileSpan> = cert.iter().map(|s| s.line).collect();
                let file = cert.as_ref().map_or("asterisk.pem".to_string(), |s| s.value.trim().to_string());
                block.set_noted("priv_key_file", file, sources, "chan_sip read the key from the certificate file");
            }
        }
        if let Some(s) = pick(self, &["tlscafile"]) {
            block.set("ca_list_file", s.value.trim(), vec![s.line]);
        }
        if let Some(s) = pick(self, &["tlscapath", "tlscadir"]) {
            block.set("ca_list_path", s.value.trim(), vec![s.line]);
        }
        if let Some(s) = pick(self, &["tlscipher", "sslcipher"]) {
            if s.value.trim().eq_ignore_ascii_case("all") {
                self.drop_line(&s, "general", Why::NotNeeded, "`ALL` is OpenSSL's default cipher list; PJSIP uses it without a setting");
            } else {
                block.set("cipher", s.value.trim(), vec![s.line]);
                self.note_line(&s, "general", "OpenSSL cipher names carry over, but check the list against PJSIP's `pjsip list ciphers`");
            }
        }
        match pick(self, &["tlsclientmethod", "sslclientmethod"]) {
            Some(s) => {
                block.set("method", s.value.trim().to_ascii_lowercase(), vec![s.line]);
                self.note_line(&s, "general", "chan_sip used this method only when it connected out; PJSIP uses it for both directions");
            }
            None => block.set_noted("method", "sslv23", Vec::new(), "chan_sip's default: every TLS version OpenSSL allows"),
        }
        match pick(self, &["tlsdontverifyserver"]) {
            Some(s) => block.set("verify_server", yes_no(!is_true(&s.value)), vec![s.line]),
            None => block.set_noted("verify_server", "yes", Vec::new(), "chan_sip verified server certificates by default"),
        }
    }

    fn contact_acl_block(&mut self) -> Option<Block> {
        let lines: Vec<Setting> = self
            .conf
            .general
            .iter()
            .filter(|s| matches!(s.key.as_str(), "contactpermit" | "contactdeny" | "contactacl"))
            .cloned()
            .collect();
        if lines.is_empty() {
            return None;
        }
        let mut block = Block::new("acl", "sip-contact-acl", Vec::new());
        block.set("type", "acl", Vec::new());
        for s in lines {
            let option = match s.key.as_str() {
                "contactpermit" => "contact_permit",
                "contactdeny" => "contact_deny",
                _ => "contact_acl",
            };
            block.set(option, s.value.trim(), vec![s.line]);
            self.note_line(
                &s,
                "general",
                "chan_sip checked it on registrations only; a PJSIP ACL object checks the Contact of every request",
            );
        }
        Some(block)
    }

    /// The endpoint template every device starts from: chan_sip's built-in defaults that PJSIP
    /// does not share, then the device options of `[general]`.
    fn general_template_block(&mut self) -> Block {
        let mut block = Block::new("endpoint", self.general_template.clone(), Vec::new());
        block.template = true;
        block.set("type", "endpoint", Vec::new());
        let codec_lines: Vec<FileSpan> =
            self.conf.general.iter().filter(|s| s.key == "allow" || s.key == "disallow").map(|s| s.line).collect();
        // The whole list is written, so the lines that made it are all behind `disallow=all`
        // too (an empty list is still their doing).
        block.set("disallow", "all", codec_lines.clone());
        let codecs = self.general.codecs.clone();
        let allow = codecs.allow_value();
        if codec_lines.is_empty() {
            block.set_noted("allow", allow, Vec::new(), "chan_sip's built-in codec list");
        } else if !allow.is_empty() {
            block.set("allow", allow, codec_lines.clone());
        }
        if let Some(removed) = codecs.removed_value() {
            block.set("disallow", removed, codec_lines);
        }
        let has_nat = self.conf.general.iter().any(|s| s.key == "nat");
        if !has_nat {
            let nat = crate::options::default_nat();
            for (name, value) in nat.options {
                block.set_noted(name, value, Vec::new(), "chan_sip's default nat=auto_force_rport");
            }
        }
        if self.last_general("auth_options_requests").is_none_or(|s| !is_true(&s.value)) {
            let sources: Vec<FileSpan> = self.last_general("auth_options_requests").map(|s| s.line).into_iter().collect();
            block.set_noted("allow_unauthenticated_options", "yes", sources, "chan_sip answered OPTIONS without a challenge");
        }
        let mut fold = Fold::default();
        let lines: Vec<Setting> = self.conf.general.clone();
        for s in &lines {
            if s.key == "allow" || s.key == "disallow" {
                continue;
            }
            if let Some((Scope::Both | Scope::General, Rule::Plain)) = classify_general(&s.key) {
                match plain(&s.key, &s.value, &mut fold) {
                    Plain::Mapped(t) => {
                        for (name, value) in t.options {
                            block.set(name, value, vec![s.line]);
                        }
                        if let Some(note) = t.note {
                            self.note_line(s, "general", note);
                        }
                    }
                    Plain::Unmapped(why, reason) => self.drop_line(s, "general", why, reason),
                }
            }
        }
        // Structural defaults that live on the endpoint.
        if let Some(s) = self.last_general("outboundproxy").cloned() {
            let (proxy, note) = outbound_proxy(&s.value);
            block.set("outbound_proxy", proxy, vec![s.line]);
            if let Some(note) = note {
                self.note_line(&s, "general", note);
            }
        }
        if let Some(s) = self.last_general("encryption").cloned() {
            block.set("media_encryption", if is_true(&s.value) { "sdes" } else { "no" }, vec![s.line]);
        }
        block
    }

    /// Reports every `[general]` line the blocks above did not carry.
    fn report_general_lines(&mut self) {
        let lines = self.conf.general.clone();
        for s in &lines {
            match classify_general(&s.key) {
                None => self.drop_line(s, "general", Why::IgnoredByChanSip, "chan_sip does not know this option"),
                Some((Scope::Device, _)) => {
                    self.drop_line(s, "general", Why::IgnoredByChanSip, "chan_sip reads this only in a device section, not in [general]")
                }
                Some((_, Rule::Unmapped(why, reason))) => {
                    if s.key == "srvlookup" && is_true(&s.value) {
                        self.drop_line(
                            s,
                            "general",
                            Why::NotNeeded,
                            "PJSIP looks up SRV records for a host without a port, as chan_sip did",
                        );
                    } else {
                        self.drop_line(s, "general", why, reason);
                    }
                }
                Some((_, Rule::Structural)) if s.key == "dtlsenable" => self.drop_line(
                    s,
                    "general",
                    Why::IgnoredByChanSip,
                    "chan_sip turns DTLS on per device only; in [general] it has no effect",
                ),
                _ => {}
            }
        }
    }

    // ----------------------------------------------------------------------------------------
    // [authentication]

    pub(super) fn authentication_group(&mut self) -> Vec<Group> {
        let lines = self.conf.authentication.clone();
        if lines.is_empty() {
            return Vec::new();
        }
        let mut blocks = Vec::new();
        let mut names = Names::default();
        for s in &lines {
            if s.key != "auth" {
                self.drop_line(s, "authentication", Why::IgnoredByChanSip, "chan_sip reads only `auth` lines in [authentication]");
                continue;
            }
            let Some(realm) = parse_realm_auth(&s.value) else {
                self.drop_line(s, "authentication", Why::IgnoredByChanSip, "chan_sip needs user[:secret]@realm (or user#md5secret@realm)");
                continue;
            };
            let name = names.claim("auth", &format!("auth-{}", crate::words::section_name(&realm.realm)));
            blocks.push(realm.block(&name, s.line));
            self.realm_auths.push(name);
        }
        if blocks.is_empty() {
            return Vec::new();
        }
        vec![Group {
            kind: GroupKind::Authentication,
            sip: "authentication".into(),
            title: "[authentication]: credentials chan_sip offered to any server that challenged it with these realms".into(),
            at: self.conf.authentication_at.map(|(at, _)| at),
            blocks,
            wizard: None,
        }]
    }

    // ----------------------------------------------------------------------------------------
    // Guests and skipped sections

    pub(super) fn guest_group(&mut self) -> Option<Group> {
        if !self.general.allow_guest {
            return None;
        }
        if self.conf.device("anonymous").is_some() {
            self.out.decisions.push(
                "A device named `anonymous` exists: PJSIP will hand it every unidentified call, as chan_sip gave them to guests".into(),
            );
            return None;
        }
        let sources: Vec<FileSpan> = self.general.allow_guest_at.into_iter().collect();
        let mut endpoint = Block::new("endpoint", "anonymous", sources.clone());
        endpoint.bases.push(self.general_template.clone());
        endpoint.set("type", "endpoint", sources.clone());
        if sources.is_empty() {
            self.out.decisions.push(
                "chan_sip accepted calls from unknown callers (allowguest=yes is its default) into the general context; the `anonymous` endpoint keeps that. Remove it (and `anonymous` from endpoint_identifier_order) to refuse them".into(),
            );
        }
        Some(Group {
            kind: GroupKind::Guests,
            sip: "allowguest".into(),
            title: "Guests: calls from unknown callers, which chan_sip accepted into the general context".into(),
            at: self.general.allow_guest_at,
            blocks: vec![endpoint],
            wizard: None,
        })
    }
}
