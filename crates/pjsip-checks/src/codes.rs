//! The codes the checks add to those of loading: sections Asterisk ignores or refuses, option
//! lines, references, and lints for what Asterisk accepts silently but breaks at run time.
//! [`crate::Rule`] lists them together with the codes of `pjsip-syntax` and `pjsip-model`.

pjsip_syntax::define_codes! {
    TYPE_MISSING = "type/missing", Warning,
        "A section without `type=`: ignored.",
        "A section has no `type=` (and is not a valid `[global]`/`[system]`): Asterisk ignores it without a word.";
    TYPE_UNKNOWN = "type/unknown", Warning,
        "`type=` names no PJSIP object type: the section is ignored.",
        "`type=` names no PJSIP type (wrong case such as `Endpoint`, a typo, chan_sip's `friend`/`peer`/`user`, an AstDB-only type, or `phoneprov` with its module absent): the section is ignored. Fix offered for case and typos.";
    SECTION_DUPLICATE = "section/duplicate", Error,
        "Two sections of one type share a name: the whole type fails to load.",
        "Two sections of the same type share one name: the **whole type** fails to load (every object of it). Secondary label at the other definition.";
    SECTION_SINGLETON = "section/singleton", Error,
        "Three or more `type=global` (or `system`) sections: none is used.",
        "Three or more `type=global` (or `system`) sections: that type is not loaded, defaults apply. Asterisk sizes its table so that two still load: see `section/second-singleton`.";
    SECTION_SECOND_SINGLETON = "section/second-singleton", Warning,
        "Two `type=global` (or `system`) sections: only one of them is in force.",
        "Exactly two `type=global` or `type=system` sections: Asterisk loads both, but only the last global (applied last) and the first system are in force; the other section's lines do nothing.";
    OPTION_IGNORED_VALUE = "option/ignored-value", Warning,
        "Asterisk accepts the value but does not use it as written.",
        "A value Asterisk takes without complaint but then does not use as written: an `endpoint_identifier_order` item that names no identifier (skipped; items are not trimmed), `default_auth_algorithms_uac`/`_uas` naming an unknown algorithm (the whole list falls back to the default), a transport `async_operations` other than 1 (always 1), a transport `tos` that is not a multiple of 4 (its two low bits are cleared).";
    OPTION_UNKNOWN = "option/unknown", Error,
        "The type has no such option: the object is dropped.",
        "The type has no such option: object dropped. Notes explain chan_sip names (`secret`, `host`, `nat`, `insecure`, `qualify`, `register`, `allowguest`, `tls*` …); fixes rename typos and plain chan_sip renames (`dtmfmode` → `dtmf_mode`, `session-timers` → `timers`).";
    OPTION_NOT_IN_VERSION = "option/not-in-version", Error,
        "The option does not exist in the chosen release: the object is dropped there.",
        "The option exists, but not in the chosen Asterisk release: object dropped there.";
    OPTION_BOOL_WORD = "option/bool-word", Warning,
        "A yes/no option written with a word Asterisk reads as `no`.",
        "A boolean written with a word Asterisk does not know: it silently means `no`. Fix writes `yes` for words that mean it (`enabled`, `yse`, `on`-like), else `no`. A template's line is reported once, not once per section using it.";
    OPTION_CASE = "option/case", Warning,
        "An option name not in lower case.",
        "Option name not in lower case; some handlers compare names case-sensitively. Once per line, like `option/bool-word`.";
    ENDPOINT_NO_AOR = "endpoint/no-aor", Warning,
        "An endpoint without `aors=`: it cannot register or be called.",
        "Loaded endpoint without `aors=`: cannot register, cannot be called.";
    AOR_MAX_CONTACTS_ZERO = "aor/max-contacts-zero", Warning,
        "An AOR an endpoint uses accepts no registrations.",
        "An AOR used by an endpoint accepts no registrations (`max_contacts=0`, no static contact). Fix adds `max_contacts=1`.";
    NAT_PARTIAL = "nat/partial", Hint,
        "Some, not all, of the three NAT options are set.",
        "Some but not all of `rtp_symmetric`, `force_rport`, `rewrite_contact` set (quiet when `nat/endpoint-settings` already covers the endpoint). Fix sets the missing ones.";
    NAT_ENDPOINT_SETTINGS = "nat/endpoint-settings", Warning,
        "An endpoint on a NAT transport lacks the NAT options.",
        "An endpoint on a NAT transport (`local_net`/`external_*`; named by `transport=`, or the only kind of transport there is) lacks `rtp_symmetric`, `force_rport` or `rewrite_contact`. Label at the transport; fix sets them (rewriting the endpoint's own line, else adding one).";
    NAT_DIRECT_MEDIA = "nat/direct-media", Warning,
        "Direct media on an endpoint of a NAT transport.",
        "`direct_media=yes` (the default) on an endpoint of a NAT transport. Fix sets `direct_media=no`.";
    NAT_NO_LOCAL_NET = "nat/no-local-net", Warning,
        "External addresses without `local_net`.",
        "A transport sets `external_media_address`/`external_signaling_address` without `local_net`: every peer, LAN phones included, gets the public address.";
    ENDPOINT_NO_CODECS = "endpoint/no-codecs", Warning,
        "An endpoint ends up with no codecs: its calls fail.",
        "The endpoint's effective codec list is empty (no `allow`, or `disallow=all` last): calls fail with 488 (`No joint capabilities`). Fix adds `allow=ulaw,alaw` when nothing was written.";
    AUTH_WRONG_DIRECTION = "auth/wrong-direction", Warning,
        "`auth` and `outbound_auth` swapped.",
        "`auth` vs `outbound_auth` swapped: an endpoint demands (`auth=`) credentials a registration sends to a provider (its `outbound_auth`) — label at the registration, fix renames to `outbound_auth`; or an endpoint whose AOR accepts registrations has only `outbound_auth` naming credentials no registration sends, so its phones are never challenged — fix renames to `auth`. An endpoint using one auth both ways is left alone (two PBXes may do that).";
    IDENTIFY_OVERLAP = "identify/overlap", Warning,
        "Two identifies match the same address for different endpoints.",
        "Two identifies for different endpoints match the same address rule; identifies are tried in byte order of their names, so the first wins. Both sites labelled.";
    IDENTIFY_HOSTNAME = "identify/hostname", Hint,
        "An identify matches a host name, resolved by DNS at load.",
        "A `match` entry is a host name: resolved by DNS when Asterisk loads (`did not resolve to any address` when it does not); pjsip-lab cannot resolve it.";
    TRANSPORT_TLS_OPTIONS = "transport/tls-options", Warning,
        "A TLS-only option on a transport that is not TLS: ignored.",
        "A TLS-only option (`cert_file`, `method`, `verify_server`, `cipher` …) on a udp/tcp/ws transport: ignored.";
    TRANSPORT_WEBSOCKET = "transport/websocket", Hint,
        "A WebSocket transport listens where the HTTP server does.",
        "ws/wss transports are served by the HTTP server (http.conf, not modelled); their `bind` is required but not where they listen; TLS files and tos/cos on them are ignored (`ignored for websocket transport`).";
    TRANSPORT_RESTART = "transport/restart", Hint,
        "Transport changes need an Asterisk restart.",
        "One per pjsip.conf transport without `allow_reload=yes`: edits take effect only after an Asterisk restart (`is not fully reloadable` on reload).";
    REF_WRONG_TYPE = "ref/wrong-type", Error,
        "A reference names an object of another type.",
        "The reference names an object of another type (`aors=` naming an auth). Label at that object.";
    REF_REJECTED = "ref/rejected", Warning,
        "A reference names an object Asterisk does not load.",
        "The reference names an object Asterisk does not load (see its own error).";
    WIZARD_COLLISION = "wizard/collision", Warning,
        "A wizard generates an object pjsip.conf already defines.",
        "A wizard generates an object whose id pjsip.conf already defines; pjsip.conf wins.";
    WIZARD_UNKNOWN_KEY = "wizard/unknown-key", Warning,
        "A wizard key without a known prefix: ignored.",
        "A wizard key without a known prefix; the wizard ignores it.";
}
