//! The codes of the model: objects the apply step or the wizard refuses
//! ([`Reason::Apply`](crate::Reason::Apply), [`Reason::Wizard`](crate::Reason::Wizard)).
//! The checks render them; their registry lists them with every other layer's codes.

pjsip_syntax::define_codes! {
    OPTION_INVALID_VALUE = "option/invalid-value", Error,
        "The option's handler refuses the value: the object is dropped.",
        "The option's handler refuses the value (number syntax/range, enum word, codec name, empty where not allowed, ACL entry, non-sip contact, missing key file …): object dropped. A file option (TLS `cert_file`/`priv_key_file`, DTLS files) naming a file that is not available under the environment assumption below says so, with Asterisk's log phrase (`is either missing or not readable` / `does not exist or is not readable`).";
    AUTH_MISSING_CREDENTIALS = "auth/missing-credentials", Error,
        "An auth without the credentials it needs: dropped.",
        "Auth without username, or (from 20.12/21.7/22.2) without password or digest, or (older) `auth_type=md5` without `md5_cred`: dropped.";
    IDENTIFY_INCOMPLETE = "identify/incomplete", Error,
        "An identify without an endpoint or anything valid to match: dropped.",
        "Identify without `endpoint`, matching nothing, with a bad `match` entry (entries are `addr`, `addr:port`, `[v6]:port`, each optionally `/cidr` or `/netmask`, or a host name): dropped. A `match_header` without `:` is refused before that, as `option/invalid-value`.";
    IDENTIFY_BAD_REGEX = "identify/bad-regex", Error,
        "An identify's header or request-URI expression does not compile: dropped.",
        "A `match_header` or `match_request_uri` written as `/regex/` that does not compile: dropped (Asterisk's log phrase names the other option).";
    REGISTRATION_BAD_URI = "registration/bad-uri", Error,
        "A registration without usable server or client URI: dropped.",
        "Registration without `server_uri`/`client_uri`, or with a non-sip(s) one: dropped.";
    REGISTRATION_LINE = "registration/line", Error,
        "`line` and `endpoint` of a registration do not go together: dropped.",
        "`line=yes` without `endpoint`, or `endpoint` without `line=yes`: dropped.";
    REGISTRATION_EXPIRATION = "registration/expiration", Error,
        "A registration that would expire at once: dropped.",
        "`expiration=0`: pjproject refuses to build a REGISTER without a lifetime, so Asterisk fails to create the registration: dropped.";
    TRANSPORT_NO_BIND = "transport/no-bind", Error,
        "A transport without `bind`: dropped.",
        "Transport (other than `flow`) without `bind`: dropped.";
    TRANSPORT_BIND_CONFLICT = "transport/bind-conflict", Error,
        "A second transport on the same address and port: dropped.",
        "A second transport on the same protocol family, address and port cannot open its socket: dropped.";
    ENDPOINT_TIMERS = "endpoint/timers", Error,
        "Session timer values Asterisk refuses: the endpoint is dropped.",
        "`timers_min_se` below 90 or `timers_sess_expires` below it: dropped.";
    ENDPOINT_DTLS = "endpoint/dtls", Error,
        "Generated and configured DTLS certificates together: the endpoint is dropped.",
        "`dtls_auto_generate_cert` together with `dtls_cert_file`: dropped.";
    ENDPOINT_RTP_PORTS = "endpoint/rtp-ports", Error,
        "An endpoint's RTP port range Asterisk refuses: dropped.",
        "`rtp_port_start`/`rtp_port_end` not both set, below 1024, or end not above start: dropped.";
    ENDPOINT_CODEC_PREFS = "endpoint/codec-prefs", Error,
        "`preferred_codec_only` with an incoming offer preference: the endpoint is dropped.",
        "`preferred_codec_only=yes` with a non-default `incoming_call_offer_pref`: dropped.";
    REF_MISSING = "ref/missing", Error,
        "A reference names no object.",
        "A reference (`aors`, `auth`, `outbound_auth`, `transport`, identify `endpoint` …) names nothing; also a geolocation profile that does not exist (endpoint dropped; the built-in `<prefer_config>`, `<discard_config>`, `<prefer_incoming>`, `<discard_incoming>` always exist). Label at the closest name of the right type; fix writes it (for the first 500 broken references of a config: each suggestion compares the name with every object of the type).";
    WIZARD_INCOMPLETE = "wizard/incomplete", Error,
        "A wizard requirement is missing: that generated object is not created.",
        "Wizard requirement missing (`inbound_auth/username`, `outbound_auth/username`, `remote_hosts`): that generated object is not created.";
}
