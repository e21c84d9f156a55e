//! Templates and devices: the endpoint (with its templates), AOR, auths and identify of each
//! peer, user or friend.

use pjsip_syntax::FileSpan;

use super::*;

impl Converter<'_> {
    // ----------------------------------------------------------------------------------------
    // Templates

    pub(super) fn template_group(&mut self, template: &Template) -> Group {
        let name = free_against_devices(self.conf, &template.name, false);
        self.templates.push((template.name.clone(), name.clone()));
        let mut block = Block::new("endpoint", name, vec![template.header_at]);
        block.template = true;
        let templatable = template.bases.iter().all(|(_, is_template)| *is_template);
        if templatable {
            block.bases = template.bases.iter().filter_map(|(b, _)| self.template_name(b)).collect();
        }
        block.set("type", "endpoint", Vec::new());
        let mut fold = Fold::default();
        let settings = template.settings.clone();
        for s in &settings {
            let emit = s.is_own() || !templatable;
            self.translate_plain_line(&mut block, s, &template.name, &mut fold, emit);
        }
        Group {
            kind: GroupKind::Template,
            sip: template.name.clone(),
            title: format!(
                "[{}](!) from sip.conf line {}: a template; its endpoint settings, for the devices built on it",
                template.name, template.line_no
            ),
            at: Some(template.header_at),
            blocks: vec![block],
            wizard: None,
        }
    }

    fn template_name(&self, sip_name: &str) -> Option<String> {
        self.templates.iter().find(|(s, _)| s.eq_ignore_ascii_case(sip_name)).map(|(_, p)| p.clone())
    }

    /// Translates one line if it is a plain endpoint option (writing it when `emit`), reports
    /// it when chan_sip ignores it or nothing carries it; leaves structural lines alone.
    fn translate_plain_line(&mut self, block: &mut Block, s: &Setting, section: &str, fold: &mut Fold, emit: bool) {
        if s.key == "registersip" && s.source == Source::UsersConf {
            // The registration code cites it, or the last pass explains why nothing came of it.
            return;
        }
        if s.source == Source::UsersConf && users_conf_only(&s.key) {
            if emit && s.key == "hassip" {
                self.drop_line(s, section, Why::NotNeeded, "it made chan_sip create the users.conf devices converted here");
            } else if emit {
                self.drop_line(s, section, Why::OtherModule, "a users.conf setting for other modules; chan_sip does not read it");
            }
            return;
        }
        match classify(&s.key) {
            Some((Scope::Device | Scope::Both, Rule::Plain)) => match plain(&s.key, &s.value, fold) {
                Plain::Mapped(t) if emit => {
                    for (name, value) in t.options {
                        block.set(name, value, vec![s.line]);
                    }
                    if let Some(note) = t.note {
                        self.note_line(s, section, note);
                    }
                }
                Plain::Mapped(_) => {}
                Plain::Unmapped(why, reason) if emit => self.drop_line(s, section, why, reason),
                Plain::Unmapped(..) => {}
            },
            Some((Scope::Device | Scope::Both, Rule::Structural)) => {}
            Some((Scope::General, _)) if emit => self.drop_line(s, section, Why::IgnoredByChanSip, "chan_sip reads this only in [general]"),
            Some((_, Rule::Unmapped(why, reason))) if emit => self.drop_line(s, section, why, reason),
            None if emit => self.drop_line(s, section, Why::IgnoredByChanSip, "chan_sip does not know this option"),
            _ => {}
        }
    }

    // ----------------------------------------------------------------------------------------
    // Devices

    pub(super) fn device_group(&mut self, device: &Device, index: usize) -> Group {
        let facts = self.facts[index].clone();
        let name = device.name.clone();
        let kind = match (device.is_user, device.is_peer) {
            (true, true) => GroupKind::Friend,
            (true, false) => GroupKind::User,
            _ => GroupKind::Peer,
        };
        let type_lines: Vec<FileSpan> = device.settings.iter().filter(|s| s.key == "type").map(|s| s.line).collect();
        let mut header_sources = vec![device.header_at];
        header_sources.extend(device.merged.iter().copied());
        header_sources.extend(type_lines);
        let mut endpoint = Block::new("endpoint", name.clone(), header_sources.clone());
        let templatable = !device.bases.is_empty() && device.bases.iter().all(|(_, t)| *t) && device.source == Source::SipConf;
        endpoint.bases.push(self.general_template.clone());
        if templatable {
            endpoint.bases.extend(device.bases.iter().filter_map(|(b, _)| self.template_name(b)));
        }
        endpoint.set("type", "endpoint", header_sources.clone());
        let mut blocks = Vec::new();
        let secret_lines: Vec<FileSpan> = [&facts.secret, &facts.md5secret].into_iter().flatten().map(|v| v.at).collect();
        let has_secret = !secret_lines.is_empty();
        let dynamic_peer = device.is_peer && facts.is_dynamic();
        let inbound_auth = has_secret && (dynamic_peer || !facts.insecure_invite);
        let insecure_line = device.last("insecure").cloned().or_else(|| self.conf.general("insecure").cloned());
        let invite_effect = has_secret && facts.insecure_invite && !dynamic_peer;
        let port_effect =
            device.is_peer && facts.fixed_host().is_some() && facts.insecure_port && facts.transports.iter().all(|&p| p == Proto::Udp);
        if let Some(line) = device.last("insecure").cloned().filter(|_| !invite_effect && !port_effect) {
            let reason = if !has_secret && facts.insecure_invite {
                "the device has no secret, so chan_sip never challenged it anyway"
            } else {
                "it only changes how chan_sip matched a device at a fixed address over UDP, and this one is not"
            };
            if !(has_secret && facts.insecure_invite && dynamic_peer) {
                self.drop_line(&line, &name, Why::NotNeeded, reason);
            }
        }
        if has_secret && facts.insecure_invite && dynamic_peer {
            if let Some(s) = device.last("insecure").cloned().or_else(|| self.conf.general("insecure").cloned()) {
                self.drop_line(
                    &s,
                    &name,
                    Why::ManualDecision,
                    "chan_sip let this registering device call in without a password; a PJSIP endpoint challenges every request when it has `auth`, so calls will be challenged",
                );
            }
        }
        if device.is_peer {
            endpoint.set("aors", name.clone(), facts.host_at.into_iter().chain(header_sources.iter().copied().take(1)).collect());
        }
        if inbound_auth {
            endpoint.set("auth", name.clone(), secret_lines.clone());
        } else if invite_effect {
            let sources = insecure_line.iter().map(|l| l.line).collect();
            endpoint.comment("no `auth`: chan_sip did not challenge calls from this device (insecure=invite)", sources);
        }
        let outbound = self.outbound_auths(device, &facts, inbound_auth, &mut blocks);
        if !outbound.0.is_empty() {
            endpoint.set("outbound_auth", outbound.0.join(","), outbound.1.clone());
        }
        let (identify_by, by_note) = match (device.is_user, device.is_peer, &facts.host) {
            (true, false, _) => ("username", None),
            (_, true, Host::Dynamic) if !device.is_user => (
                "username",
                Some("chan_sip found this registering peer by the address it registered from; PJSIP finds it by the user in From"),
            ),
            (_, true, Host::Dynamic) => ("username", None),
            (true, true, _) => ("username,ip", None),
            (false, _, _) => ("ip", None),
        };
        // The kind of device (its `type` lines) decides how it is identified.
        let type_sources: Vec<FileSpan> = header_sources.iter().skip(1 + device.merged.len()).copied().collect();
        endpoint.set("identify_by", identify_by, type_sources);
        if let (Some(note), Some(host)) = (by_note, device.last("host").cloned()) {
            self.note_line(&host, &name, note);
        }
        // Transport, when chan_sip would call it over something other than UDP.
        let primary = facts.primary_transport();
        if primary != Proto::Udp {
            endpoint.set(
                "transport",
                format!("transport-{}", primary.word()),
                facts.transport_at.or(self.last_general("transport").map(|s| s.line)).into_iter().collect(),
            );
        }
        if let Some(t) = device.last("transport").cloned() {
            if facts.transport_at == Some(t.line) && primary == Proto::Udp {
                endpoint.set("transport", "transport-udp", vec![t.line]);
            }
            let written = transport_words(&t.value);
            let dropped: Vec<&str> = written.iter().filter(|p| !facts.transports.contains(p)).map(|p| p.word()).collect();
            if !dropped.is_empty() {
                self.note_line(&t, &name, format!("{} is not enabled in [general]; chan_sip ignored it", dropped.join(", ")));
            } else if facts.transports.len() > 1 {
                self.note_line(&t, &name, "PJSIP accepts requests on every transport; `transport` only chooses how Asterisk calls out");
            }
        }
        if let Some(s) = device.last("outboundproxy").cloned() {
            let (proxy, note) = outbound_proxy(&s.value);
            endpoint.set("outbound_proxy", proxy, vec![s.line]);
            if let Some(note) = note {
                self.note_line(&s, &name, note);
            }
        }
        self.media_encryption(device, &mut endpoint);
        self.session_timers(device, &mut endpoint);
        let subscribe_mwi = device.last("subscribemwi").cloned();
        let (mailboxes, mailbox_lines) = mailboxes(device);
        if device.is_peer && !mailboxes.is_empty() && subscribe_mwi.as_ref().is_none_or(|s| !is_true(&s.value)) {
            let mut sources = mailbox_lines.clone();
            sources.extend(subscribe_mwi.as_ref().map(|s| s.line));
            endpoint.set("mailboxes", mailboxes.clone(), sources);
        }
        // The device's own plain lines, in order (inherited ones come through the templates).
        let mut fold = Fold::default();
        let settings = device.settings.clone();
        for s in &settings {
            let emit = s.is_own() || !templatable;
            self.translate_plain_line(&mut endpoint, s, &name, &mut fold, emit);
        }
        let outbound_user = facts.default_user.as_ref().is_some_and(|u| outbound.1.contains(&u.at));
        self.report_structural(device, &facts, inbound_auth, outbound_user);
        let mut group_blocks = vec![endpoint];
        if device.is_peer {
            group_blocks.push(self.aor_block(device, &facts, subscribe_mwi.as_ref(), &mailboxes, &mailbox_lines, &header_sources));
        }
        if inbound_auth || outbound.2 {
            let mut auth = Block::new("auth", name.clone(), secret_lines.clone());
            auth.set("type", "auth", Vec::new());
            self.fill_credentials(&mut auth, &name, &facts, device);
            group_blocks.push(auth);
        }
        group_blocks.extend(blocks);
        if let (true, Some(host)) = (device.is_peer, facts.fixed_host()) {
            let mut identify = Block::new("identify", name.clone(), facts.host_at.into_iter().collect());
            identify.set("type", "identify", Vec::new());
            identify.set("endpoint", name.clone(), Vec::new());
            let mut sources: Vec<FileSpan> = facts.host_at.into_iter().collect();
            let port = facts.matches_port().then(|| facts.effective_port());
            if port.is_some() {
                sources.extend(facts.port.as_ref().map(|p| p.at));
            }
            if port_effect {
                sources.extend(facts.insecure_at);
            }
            identify.set("match", host_port(host, port), sources);
            group_blocks.push(identify);
        }
        if let Some(cb) = device.last("callbackextension").cloned() {
            self.callbacks.push((name.clone(), cb));
        }
        if !device.merged.is_empty() {
            self.out.decisions.push(format!(
                "[{name}] appears {} times; chan_sip applied the later sections' lines on top of the first, and so does the conversion",
                device.merged.len() + 1
            ));
        }
        let wizard = device.is_peer.then(|| WizardShape {
            accepts_registrations: facts.is_dynamic(),
            remote_hosts: facts.fixed_host().map(|h| host_port(h, facts.port.as_ref().map(|p| p.value))),
        });
        Group { kind, sip: name.clone(), title: device_title(device, &facts), at: Some(device.header_at), blocks: group_blocks, wizard }
    }

    /// The outbound auth names of a device and their source lines; new auth blocks go to
    /// `blocks`. The flag says whether the device's own auth block is used for it.
    fn outbound_auths(
        &mut self,
        device: &Device,
        facts: &Facts,
        inbound_auth: bool,
        blocks: &mut Vec<Block>,
    ) -> (Vec<String>, Vec<FileSpan>, bool) {
        let mut names = Vec::new();
        let mut sources = Vec::new();
        let mut uses_own = false;
        // Per-device realm credentials (`auth = user:secret@realm`), tried first by chan_sip.
        let realm_lines: Vec<Setting> = device.settings.iter().filter(|s| s.key == "auth").cloned().collect();
        for s in &realm_lines {
            match parse_realm_auth(&s.value) {
                Some(realm) => {
                    let auth_name = format!("{}-{}", device.name, crate::words::section_name(&realm.realm));
                    blocks.push(realm.block(&auth_name, s.line));
                    names.push(auth_name);
                    sources.push(s.line);
                }
                None => {
                    self.drop_line(s, &device.name, Why::IgnoredByChanSip, "chan_sip needs user[:secret]@realm (or user#md5secret@realm)")
                }
            }
        }
        // chan_sip answers a challenge from the device with `defaultuser` and its secret.
        if device.is_peer {
            let password = facts.remote_secret.as_ref().or(facts.secret.as_ref());
            let usable = facts.default_user.as_ref().filter(|_| password.is_some() || facts.md5secret.is_some());
            if let Some(user) = usable {
                let same = user.value == device.name && facts.remote_secret.is_none();
                if same && inbound_auth {
                    names.push(device.name.clone());
                    uses_own = true;
                } else {
                    let auth_name = format!("{}-outbound", device.name);
                    let mut auth = Block::new("auth", auth_name.clone(), vec![user.at]);
                    auth.set("type", "auth", Vec::new());
                    auth.set("username", user.value.clone(), vec![user.at]);
                    match (password, &facts.md5secret) {
                        (Some(p), _) => auth.set("password", p.value.clone(), vec![p.at]),
                        (None, Some(md5)) => {
                            auth.set("auth_type", "md5", vec![md5.at]);
                            auth.set("md5_cred", md5.value.clone(), vec![md5.at]);
                        }
                        (None, None) => {}
                    }
                    blocks.push(auth);
                    names.push(auth_name);
                }
                sources.push(user.at);
                sources.extend(password.map(|p| p.at));
            }
            // Global realm credentials, for devices chan_sip calls at a fixed address.
            if facts.fixed_host().is_some() {
                names.extend(self.realm_auths.iter().cloned());
            }
        }
        (names, sources, uses_own)
    }

    fn fill_credentials(&mut self, auth: &mut Block, name: &str, facts: &Facts, device: &Device) {
        auth.set("username", name, vec![device.header_at]);
        match (&facts.md5secret, &facts.secret) {
            (Some(md5), secret) => {
                auth.set("auth_type", "md5", vec![md5.at]);
                auth.set("md5_cred", md5.value.clone(), vec![md5.at]);
                if let Some(secret) = secret {
                    if let Some(line) = device.settings.iter().rev().find(|s| s.line == secret.at).cloned() {
                        self.drop_line(
                            &line,
                            name,
                            Why::NotNeeded,
                            "chan_sip checked the md5secret and ignored the secret; so does PJSIP with auth_type=md5",
                        );
                    }
                }
            }
            (None, Some(secret)) => auth.set("password", secret.value.clone(), vec![secret.at]),
            (None, None) => {}
        }
    }

    fn aor_block(
        &mut self,
        device: &Device,
        facts: &Facts,
        subscribe_mwi: Option<&Setting>,
        mailboxes: &str,
        mailbox_lines: &[FileSpan],
        header_sources: &[FileSpan],
    ) -> Block {
        let name = &device.name;
        let mut aor = Block::new("aor", name.clone(), header_sources.iter().copied().take(1).chain(facts.host_at).collect());
        aor.set("type", "aor", Vec::new());
        let user = facts.default_user.as_ref().map(|u| format!("{}@", u.value)).unwrap_or_default();
        let user_sources: Vec<FileSpan> = facts.default_user.iter().map(|u| u.at).collect();
        match &facts.host {
            Host::Dynamic => {
                let at: Vec<FileSpan> = facts.host_at.into_iter().collect();
                aor.set_noted("max_contacts", "1", at.clone(), "a chan_sip peer had one address");
                aor.set("remove_existing", "yes", at);
                if let Some(ip) = &facts.default_ip {
                    let port = facts.port.as_ref();
                    let mut sources = vec![ip.at];
                    sources.extend(port.map(|p| p.at));
                    sources.extend(user_sources.iter().copied());
                    aor.set_noted(
                        "contact",
                        format!("sip:{user}{}", host_port(&ip.value, port.map(|p| p.value))),
                        sources,
                        "defaultip: used until the device registers",
                    );
                }
                for (keys, option) in [
                    (&["maxexpiry", "maxexpirey"][..], "maximum_expiration"),
                    (&["minexpiry", "minexpirey"][..], "minimum_expiration"),
                    (&["defaultexpiry", "defaultexpirey"][..], "default_expiration"),
                ] {
                    if let Some(s) = self.conf.general.iter().rev().find(|s| keys.contains(&s.key.as_str())) {
                        aor.set(option, s.value.trim(), vec![s.line]);
                    }
                }
            }
            Host::Fixed(host) => {
                let mut sources: Vec<FileSpan> = facts.host_at.into_iter().collect();
                sources.extend(facts.port.as_ref().map(|p| p.at));
                sources.extend(user_sources.iter().copied());
                let transport = match facts.primary_transport() {
                    Proto::Tcp => ";transport=tcp",
                    Proto::Tls => ";transport=tls",
                    _ => "",
                };
                aor.set("contact", format!("sip:{user}{}{transport}", host_port(host, facts.port.as_ref().map(|p| p.value))), sources);
            }
            Host::None => {}
        }
        self.qualify(device, &mut aor);
        if let (false, Some(s)) = (mailboxes.is_empty(), subscribe_mwi.filter(|s| is_true(&s.value))) {
            let mut sources = mailbox_lines.to_vec();
            sources.push(s.line);
            aor.set("mailboxes", mailboxes, sources);
        }
        if let Some(s) = device.last("supportpath").or_else(|| self.conf.general("supportpath")).cloned() {
            aor.set("support_path", yes_no(is_true(&s.value)), vec![s.line]);
        }
        if let Some(s) = device.last("outboundproxy").or_else(|| self.conf.general("outboundproxy")).cloned() {
            aor.set("outbound_proxy", outbound_proxy(&s.value).0, vec![s.line]);
        }
        aor
    }

    /// `qualify` (yes, no or milliseconds) and `qualifyfreq` (seconds), device over general.
    fn qualify(&mut self, device: &Device, aor: &mut Block) {
        let line = device.last("qualify").or_else(|| self.conf.general("qualify")).cloned();
        let Some(line) = line else { return };
        let value = line.value.trim().to_ascii_lowercase();
        let millis = match value.as_str() {
            "no" => None,
            "yes" => {
                Some(self.conf.general("qualify").and_then(|g| g.value.trim().parse::<u32>().ok()).filter(|&ms| ms > 0).unwrap_or(2000))
            }
            other => other.parse::<u32>().ok().filter(|&ms| ms > 0),
        };
        let Some(millis) = millis else {
            let general_on = self.conf.general("qualify").is_some_and(|g| g.line != line.line && !is_false(&g.value));
            if general_on {
                aor.set("qualify_frequency", "0", vec![line.line]);
            } else {
                self.drop_line(&line, &device.name, Why::NotNeeded, "PJSIP does not qualify unless told to");
            }
            return;
        };
        let freq = device.last("qualifyfreq").or_else(|| self.conf.general("qualifyfreq")).cloned();
        let seconds = freq.as_ref().and_then(|f| f.value.trim().parse::<u32>().ok()).unwrap_or(60);
        let mut sources = vec![line.line];
        sources.extend(freq.map(|f| f.line));
        aor.set("qualify_frequency", seconds.to_string(), sources);
        aor.set("qualify_timeout", format_seconds(millis), vec![line.line]);
    }

    fn media_encryption(&mut self, device: &Device, endpoint: &mut Block) {
        let dtls = device.last("dtlsenable").cloned();
        let srtp = device.last("encryption").cloned();
        if let Some(d) = dtls.as_ref().filter(|d| is_true(&d.value)) {
            let mut sources = vec![d.line];
            sources.extend(srtp.as_ref().map(|s| s.line));
            endpoint.set("media_encryption", "dtls", sources);
        } else if let Some(s) = &srtp {
            let mut sources = vec![s.line];
            sources.extend(dtls.as_ref().map(|d| d.line));
            endpoint.set("media_encryption", if is_true(&s.value) { "sdes" } else { "no" }, sources);
        } else if let Some(d) = dtls {
            endpoint.set("media_encryption", "no", vec![d.line]);
        }
    }

    /// `session-expires` and `session-minse`, device over general, with PJSIP's rules: the
    /// minimum must be at least 90 (chan_sip refused less too) and below the expiry.
    fn session_timers(&mut self, device: &Device, endpoint: &mut Block) {
        let minse = device.last("session-minse").or_else(|| self.conf.general("session-minse")).cloned();
        let expires = device.last("session-expires").or_else(|| self.conf.general("session-expires")).cloned();
        let min_value = minse.as_ref().and_then(|m| m.value.trim().parse::<i64>().ok());
        let mut effective_min = 90;
        if let (Some(line), Some(value)) = (&minse, min_value) {
            if value >= 90 {
                endpoint.set("timers_min_se", value.to_string(), vec![line.line]);
                effective_min = value;
            } else {
                self.drop_line(line, &device.name, Why::IgnoredByChanSip, "below 90 seconds: chan_sip used its default instead");
            }
        } else if let Some(line) = &minse {
            self.drop_line(line, &device.name, Why::IgnoredByChanSip, "not a number: chan_sip used its default");
        }
        if let Some(line) = &expires {
            match line.value.trim().parse::<i64>() {
                Ok(value) if value >= effective_min => endpoint.set("timers_sess_expires", value.to_string(), vec![line.line]),
                Ok(_) => self.drop_line(
                    line,
                    &device.name,
                    Why::ManualDecision,
                    "below the minimum session expiry: PJSIP would refuse the endpoint",
                ),
                Err(_) => self.drop_line(line, &device.name, Why::IgnoredByChanSip, "not a number: chan_sip used its default"),
            }
        }
    }

    /// Reports structural lines that end up in no output line.
    /// Reports the device's own structural lines that no output line carries, with the reason.
    fn report_structural(&mut self, device: &Device, facts: &Facts, inbound_auth: bool, outbound_user: bool) {
        let name = device.name.clone();
        let flattened = device.source == Source::UsersConf || !device.bases.iter().all(|(_, t)| *t);
        let has_mailbox = device.settings.iter().any(|m| m.key == "mailbox" || m.key == "hasvoicemail");
        let qualify_on = device.last("qualify").or_else(|| self.conf.general("qualify")).is_some_and(|q| {
            let value = q.value.trim();
            value.eq_ignore_ascii_case("yes") || value.parse::<u32>().is_ok_and(|ms| ms > 0)
        });
        for s in device.settings.iter().filter(|s| s.is_own() || flattened) {
            let reason: Option<(Why, &str)> = match s.key.as_str() {
                "description" => {
                    Some((Why::NoEquivalent, "PJSIP endpoints have no description; it is kept in the comment above the section"))
                }
                "host" | "port" | "defaultip" | "defaultuser" | "username" | "remotesecret" | "callbackextension"
                | "supportpath" | "qualify" | "qualifyfreq" | "mailbox" | "hasvoicemail" | "subscribemwi"
                    if !device.is_peer =>
                {
                    Some((Why::NotNeeded, "chan_sip never calls a type=user (it has no address); it only knows its calls by name"))
                }
                "secret" | "md5secret" if !inbound_auth && facts.default_user.is_none() => Some((
                    Why::NotNeeded,
                    "with insecure=invite and a fixed address chan_sip never checked it, and without defaultuser it never sent it",
                )),
                "remotesecret" if facts.default_user.is_none() => {
                    Some((Why::IgnoredByChanSip, "chan_sip sends credentials to a device only when it has a defaultuser"))
                }
                "port" if facts.host == Host::None => Some((Why::IgnoredByChanSip, "without a host chan_sip never used the port")),
                "port" if facts.port.is_none() => Some((Why::IgnoredByChanSip, "not a valid port: chan_sip warned and used the default")),
                "port" if facts.is_dynamic() && facts.default_ip.is_none() => {
                    Some((Why::NotNeeded, "a registering device's port comes from its registration"))
                }
                "defaultuser" | "username" if facts.host == Host::None => {
                    Some((Why::IgnoredByChanSip, "without a host chan_sip never called this device"))
                }
                "defaultuser" | "username" if facts.is_dynamic() && facts.default_ip.is_none() && !outbound_user => Some((
                    Why::NotNeeded,
                    "a registering device is called at the contact it registers; defaultuser would only answer its challenges, and it has no secret",
                )),
                "defaultip" if !facts.is_dynamic() => Some((Why::IgnoredByChanSip, "chan_sip uses defaultip only for host=dynamic")),
                "subscribemwi" if !has_mailbox => Some((Why::NotNeeded, "the device has no mailbox")),
                "qualifyfreq" if !qualify_on => Some((Why::NotNeeded, "qualify is off for this device")),
                _ => None,
            };
            if let Some((why, reason)) = reason {
                self.drop_line(s, &name, why, reason);
            }
        }
    }
}

fn device_title(device: &Device, facts: &Facts) -> String {
    let kind = device.kind_word();
    let file = if device.source == Source::UsersConf { "users.conf" } else { "sip.conf" };
    let where_ = match &facts.host {
        Host::Dynamic => "registers".to_string(),
        Host::Fixed(host) => format!("at {}", host_port(host, facts.port.as_ref().map(|p| p.value))),
        Host::None => "no host".to_string(),
    };
    let description = device.last("description").map(|d| format!(" — {}", d.value.trim())).unwrap_or_default();
    format!("[{}] from {file} line {}: type={kind}, {where_}{description}", device.name, device.line_no)
}
