//! `register =>` lines (and devices' `callbackextension`, and users.conf's `registersip`):
//! registrations, their auths, and the provider's endpoint when no device stands for it.

use pjsip_syntax::FileSpan;

use super::*;

impl Converter<'_> {
    // ----------------------------------------------------------------------------------------
    // Registrations

    pub(super) fn registration_groups(&mut self) -> Vec<Group> {
        let mut lines: Vec<(Setting, String, Option<String>)> = Vec::new();
        for s in self.conf.general.clone() {
            if s.key == "register" {
                lines.push((s.clone(), s.value.clone(), None));
            }
        }
        for (device, s) in self.callbacks.clone() {
            let Some(index) = self.conf.device_index(&device) else {
                continue;
            };
            let (d, f) = (&self.conf.devices[index], self.facts[index].clone());
            let user = d.last("fromuser").map(|u| u.value.clone()).or(f.default_user.as_ref().map(|u| u.value.clone())).unwrap_or_default();
            let secret = f.remote_secret.as_ref().or(f.secret.as_ref()).map(|p| p.value.clone()).unwrap_or_default();
            let auth_user = f.default_user.as_ref().map(|u| u.value.clone()).unwrap_or_default();
            let Some(host) = f.fixed_host() else {
                self.drop_line(&s, &device, Why::IgnoredByChanSip, "chan_sip registers a callbackextension only to a fixed host");
                continue;
            };
            let text = format!("{device}?{user}:{secret}:{auth_user}@{host}/{}", s.value.trim());
            lines.push((s.clone(), text, Some(device)));
        }
        self.users_registrations(&mut lines);
        let mut groups = Vec::new();
        let mut names = Names::of(&self.out.plan.groups);
        for (line, text, section) in lines {
            let section_name = section.clone().unwrap_or_else(|| "general".into());
            match register::parse(&text) {
                Ok(reg) => {
                    for warning in &reg.warnings {
                        self.note_line(&line, &section_name, warning.clone());
                    }
                    if reg.user.is_empty() {
                        self.drop_line(&line, &section_name, Why::IgnoredByChanSip, "no user to register");
                        continue;
                    }
                    let group = self.registration_group(&line, &reg, &mut names);
                    groups.push(group);
                }
                Err(why) => self.drop_line(&line, &section_name, Why::IgnoredByChanSip, why),
            }
        }
        groups
    }

    /// users.conf entries with `registersip`: chan_sip builds a register line from them.
    fn users_registrations(&mut self, lines: &mut Vec<(Setting, String, Option<String>)>) {
        let general = self.conf.users_general.clone();
        let general_value = |key: &str| general.iter().find(|s| s.key == key).map(|s| s.value.clone());
        let general_register = general_value("registersip").is_some_and(|v| is_true(&v));
        for device in self.conf.devices.clone().iter().filter(|d| d.source == Source::UsersConf) {
            let own = |key: &str| {
                device
                    .settings
                    .iter()
                    .filter(|s| s.is_own() || s.inherited_from.as_deref() != Some("general"))
                    .find(|s| s.key == key)
                    .cloned()
            };
            let register = own("registersip");
            let wanted = register.as_ref().map_or(general_register, |s| is_true(&s.value));
            if !wanted {
                continue;
            }
            let value = |key: &str| own(key).map(|s| s.value).or_else(|| general_value(key)).unwrap_or_default();
            let (host, username, secret, authuser) =
                (value("host"), value("username"), value("secret"), own("authuser").map(|s| s.value).unwrap_or_default());
            let contact = own("contact").map(|s| s.value).unwrap_or_else(|| "s".into());
            if username.is_empty() || host.is_empty() {
                continue;
            }
            let text = match (secret.is_empty(), authuser.is_empty()) {
                (false, false) => format!("{}?{username}:{secret}:{authuser}@{host}/{contact}", device.name),
                (false, true) => format!("{}?{username}:{secret}@{host}/{contact}", device.name),
                (true, false) => format!("{}?{username}::{authuser}@{host}/{contact}", device.name),
                (true, true) => format!("{}?{username}@{host}/{contact}", device.name),
            };
            let anchor = register.unwrap_or_else(|| {
                device.settings.iter().find(|s| s.key == "registersip").cloned().unwrap_or_else(|| device.settings[0].clone())
            });
            lines.push((anchor, text, Some(device.name.clone())));
        }
    }

    fn registration_group(&mut self, line: &Setting, reg: &RegisterLine, names: &mut Names) -> Group {
        // The device the registration belongs to: named with `peer?`, named as the host (chan_sip
        // then sends to that device's address), or at the host's address.
        let named = reg.peer.as_deref().and_then(|p| self.conf.device(p));
        let by_name_index = self.conf.device_index(&reg.host).filter(|&i| self.conf.devices[i].is_peer);
        let by_name = by_name_index.map(|i| &self.conf.devices[i]);
        let by_address = self
            .conf
            .devices
            .iter()
            .zip(&self.facts)
            .find(|(d, f)| d.is_peer && f.fixed_host().is_some_and(|h| h.eq_ignore_ascii_case(&reg.host)))
            .map(|(d, _)| d);
        let linked = named.or(by_name).or(by_address).cloned();
        let (server_host, server_port) = match by_name_index {
            Some(index) => {
                let f = &self.facts[index];
                (f.fixed_host().unwrap_or(&reg.host).to_string(), f.port.as_ref().map(|p| p.value).or(reg.port))
            }
            None => (reg.host.clone(), reg.port),
        };
        let base = match &linked {
            Some(device) => device.name.clone(),
            None => format!("reg-{}", crate::words::section_name(&reg.host)),
        };
        let name = names.claim("registration", &base);
        let src = vec![line.line];
        let mut blocks = Vec::new();
        let mut registration = Block::new("registration", name.clone(), src.clone());
        registration.set("type", "registration", Vec::new());
        let transport_param = match reg.protocol {
            Protocol::Udp => "",
            Protocol::Tcp => ";transport=tcp",
            Protocol::Tls => ";transport=tls",
        };
        // chan_sip sent the REGISTER to the host, with the domain (when written) in the
        // Request-URI, From and To: in PJSIP the domain is the server URI and the host a proxy.
        let destination = format!("sip:{}{transport_param}", host_port(&server_host, server_port));
        match &reg.domain {
            Some(domain) => {
                registration.set("server_uri", format!("sip:{}{transport_param}", host_port(domain, reg.domain_port)), src.clone());
                registration.set_noted(
                    "outbound_proxy",
                    format!("{destination};lr"),
                    src.clone(),
                    "chan_sip sent it to the host, not to the domain",
                );
            }
            None => registration.set("server_uri", destination, src.clone()),
        }
        let client_host = uri_host(reg.domain.as_deref().unwrap_or(&server_host));
        registration.set("client_uri", format!("sip:{}@{client_host}", reg.user), src.clone());
        if reg.extension != "s" {
            registration.set("contact_user", reg.extension.clone(), src.clone());
        }
        let wanted_transport = match reg.protocol {
            Protocol::Udp => Proto::Udp,
            Protocol::Tcp => Proto::Tcp,
            Protocol::Tls => Proto::Tls,
        };
        let enabled = match wanted_transport {
            Proto::Tcp => self.general.tcp.is_some(),
            Proto::Tls => self.general.tls.is_some(),
            _ => true,
        };
        if enabled && wanted_transport != Proto::Udp {
            registration.set("transport", format!("transport-{}", wanted_transport.word()), src.clone());
        } else if !enabled {
            self.note_line(
                line,
                "general",
                format!("{} is not enabled in [general]; chan_sip could not send this registration", wanted_transport.word()),
            );
        }
        let expiry_line = self
            .conf
            .general
            .iter()
            .take_while(|s| s.line != line.line)
            .filter(|s| matches!(s.key.as_str(), "defaultexpiry" | "defaultexpirey"))
            .last()
            .cloned();
        match (reg.expiry, &expiry_line) {
            (Some(e), _) => registration.set("expiration", e.to_string(), src.clone()),
            (None, Some(d)) => registration.set("expiration", d.value.trim(), vec![d.line]),
            (None, None) => registration.set_noted("expiration", "120", src.clone(), "chan_sip's default registration expiry"),
        }
        match self.last_general("registertimeout").cloned() {
            Some(t) => registration.set("retry_interval", t.value.trim(), vec![t.line]),
            None => registration.set_noted("retry_interval", "20", Vec::new(), "chan_sip's default registertimeout"),
        }
        match self.last_general("registerattempts").cloned() {
            Some(a) if a.value.trim().parse::<u32>().is_ok_and(|n| n > 0) => registration.set("max_retries", a.value.trim(), vec![a.line]),
            other => registration.set_noted(
                "max_retries",
                "10000",
                other.map(|a| a.line).into_iter().collect(),
                "chan_sip retried without limit (registerattempts=0, its default)",
            ),
        }
        let retry_403 = self.last_general("register_retry_403").cloned();
        if let Some(r) = retry_403 {
            registration.set("auth_rejection_permanent", yes_no(!is_true(&r.value)), vec![r.line]);
        }
        if let Some(proxy) = self.last_general("outboundproxy").cloned().filter(|_| reg.domain.is_none()) {
            registration.set("outbound_proxy", outbound_proxy(&proxy.value).0, vec![proxy.line]);
        }
        if let Some(path) = self.last_general("supportpath").cloned() {
            registration.set("support_path", yes_no(is_true(&path.value)), vec![path.line]);
        }
        let mut outbound: Vec<String> = Vec::new();
        if let Some(secret) = &reg.secret {
            let auth_name = names.claim("auth", &format!("{name}-registration"));
            let mut auth = Block::new("auth", auth_name.clone(), src.clone());
            auth.set("type", "auth", Vec::new());
            auth.set("username", reg.auth_user.clone().unwrap_or_else(|| reg.user.clone()), src.clone());
            auth.set("password", secret.clone(), src.clone());
            blocks.push(auth);
            outbound.push(auth_name);
        }
        outbound.extend(self.realm_auths.iter().cloned());
        if !outbound.is_empty() {
            registration.set("outbound_auth", outbound.join(","), src.clone());
        }
        blocks.insert(0, registration);
        let title;
        match &linked {
            Some(device) => {
                title = format!("register => {} (for [{}])", line.value.trim(), device.name);
            }
            None if self.general.allow_guest => {
                title = format!("register => {}: the provider's calls, which chan_sip took as guest calls", line.value.trim());
                self.provider_blocks(&name, &server_host, server_port, reg, &outbound, &src, &mut blocks, names);
            }
            None => {
                title = format!("register => {}", line.value.trim());
                self.out.decisions.push(format!(
                    "Calls from {} (register => line {}) were refused by chan_sip (allowguest=no, and no device sits at that address); add an endpoint and identify if they should be accepted",
                    reg.host, line.line_no
                ));
            }
        }
        Group {
            kind: GroupKind::Register,
            sip: format!("register => {}", line.value.trim()),
            title,
            at: Some(line.line),
            blocks,
            wizard: None,
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn provider_blocks(
        &mut self,
        name: &str,
        host: &str,
        port: Option<u16>,
        reg: &RegisterLine,
        outbound: &[String],
        src: &[FileSpan],
        blocks: &mut Vec<Block>,
        names: &mut Names,
    ) {
        let endpoint_name = names.claim("endpoint", name);
        let mut endpoint = Block::new("endpoint", endpoint_name.clone(), src.to_vec());
        endpoint.bases.push(self.general_template.clone());
        endpoint.set("type", "endpoint", src.to_vec());
        let aor_name = names.claim("aor", name);
        endpoint.set("aors", aor_name.clone(), src.to_vec());
        if !outbound.is_empty() {
            endpoint.set("outbound_auth", outbound.join(","), src.to_vec());
        }
        endpoint.set("identify_by", "ip", src.to_vec());
        if reg.protocol != Protocol::Udp {
            let proto = if reg.protocol == Protocol::Tcp { "tcp" } else { "tls" };
            endpoint.set("transport", format!("transport-{proto}"), src.to_vec());
        }
        let mut aor = Block::new("aor", aor_name, src.to_vec());
        aor.set("type", "aor", Vec::new());
        aor.set("contact", format!("sip:{}", host_port(host, port)), src.to_vec());
        let mut identify = Block::new("identify", names.claim("identify", name), src.to_vec());
        identify.set("type", "identify", Vec::new());
        identify.set("endpoint", endpoint_name, src.to_vec());
        identify.set_noted("match", uri_host(host), src.to_vec(), "chan_sip took calls from here as guest calls");
        blocks.push(endpoint);
        blocks.push(aor);
        blocks.push(identify);
    }
}
