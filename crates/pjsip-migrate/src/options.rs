//! Every chan_sip option: where chan_sip reads it, and what it becomes in PJSIP.
//!
//! [`classify`] sorts an option name into one [`Rule`]:
//!
//! * [`Rule::Plain`]: one line becomes one or more **endpoint** options on its own ([`plain`]);
//!   such lines can live in a PJSIP endpoint template exactly where they were written, because
//!   PJSIP copies template lines before a section's own lines just as chan_sip does;
//! * [`Rule::Structural`]: read together with the device's other settings (addresses,
//!   credentials, qualify, mailboxes …) to decide which objects exist (see `convert`);
//! * [`Rule::General`]: only meaningful in `[general]` (transports, globals, registrations);
//! * [`Rule::Unmapped`]: no PJSIP setting carries it, with the reason.
//!
//! [`Scope`] says where chan_sip reads the option: in a device, in `[general]` (where most device
//! options are defaults for every device), or both. Option names are compared in lower case,
//! as chan_sip compares them without case.

use serde::{Deserialize, Serialize};

use crate::words::{is_false, is_true, yes_no};

/// Why a setting has no PJSIP counterpart in the output.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Why {
    /// PJSIP has no such setting.
    NoEquivalent,
    /// PJSIP has a setting of that name or purpose, but it means something else.
    ChangedMeaning,
    /// A person must decide (security, or several possible translations).
    ManualDecision,
    /// PJSIP behaves this way already; nothing to write.
    NotNeeded,
    /// chan_sip itself ignores the line (unknown option, wrong section, refused value, skipped
    /// section).
    IgnoredByChanSip,
    /// Read by another module (users.conf is shared with voicemail, IAX2, the GUI …).
    OtherModule,
}

/// Where chan_sip reads an option.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    Device,
    General,
    /// In a device, and in `[general]` as the default for every device.
    Both,
}

/// What an option becomes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rule {
    Plain,
    Structural,
    General,
    Unmapped(Why, &'static str),
}

/// Endpoint options one line stands for, and what a reader should know about the translation.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Translated {
    pub options: Vec<(&'static str, String)>,
    pub note: Option<String>,
}

/// The outcome of translating one plain line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Plain {
    Mapped(Translated),
    Unmapped(Why, String),
}

/// What earlier lines of the same section left behind, for options whose lines add up in
/// chan_sip (`nat`, the caller ID pieces).
#[derive(Clone, Debug, Default)]
pub struct Fold {
    nat: Nat,
    cid_name: String,
    cid_num: String,
}

/// chan_sip's four NAT flags.
#[derive(Clone, Copy, Debug, Default)]
struct Nat {
    force_rport: bool,
    comedia: bool,
    auto_rport: bool,
    auto_comedia: bool,
}

use Rule::{General, Plain as P, Structural, Unmapped};
use Scope::{Both, Device, General as G};
use Why::*;

/// Sorts an option name (lower case) into where chan_sip reads it and what it becomes.
/// `None`: chan_sip does not know the option at all.
pub fn classify(key: &str) -> Option<(Scope, Rule)> {
    let found = match key {
        // Endpoint options, one line each; in [general] they are every device's default.
        "context"
        | "trustrpid"
        | "sendrpid"
        | "rpid_update"
        | "rpid_immediate"
        | "trust_id_outbound"
        | "g726nonstandard"
        | "dtmfmode"
        | "nat"
        | "directmedia"
        | "canreinvite"
        | "progressinband"
        | "allowoverlap"
        | "allowsubscribe"
        | "faxdetect"
        | "rtcp_mux"
        | "t38pt_udptl"
        | "t38pt_usertpsource"
        | "recordonfeature"
        | "recordofffeature"
        | "outofcall_message_context"
        | "subscribecontext"
        | "fromdomain"
        | "usereqphone"
        | "tonezone"
        | "language"
        | "mohinterpret"
        | "mohsuggest"
        | "parkinglot"
        | "allowtransfer"
        | "allow"
        | "disallow"
        | "preferred_codec_only"
        | "autoframing"
        | "rtptimeout"
        | "rtpholdtimeout"
        | "rtpkeepalive"
        | "icesupport"
        | "dtlsverify"
        | "dtlsrekey"
        | "dtlscertfile"
        | "dtlsprivatekey"
        | "dtlscipher"
        | "dtlscafile"
        | "dtlscapath"
        | "dtlssetup"
        | "dtlsfingerprint"
        | "dtlsautogeneratecert"
        | "mwi_from"
        | "vmexten"
        | "session-timers" => (Both, P),
        // Endpoint options chan_sip reads only in a device.
        "callerid"
        | "fullname"
        | "cid_number"
        | "trunkname"
        | "callingpres"
        | "cid_tag"
        | "fromuser"
        | "permit"
        | "deny"
        | "acl"
        | "contactpermit"
        | "contactdeny"
        | "contactacl"
        | "accountcode"
        | "amaflags"
        | "rtp_engine"
        | "callgroup"
        | "pickupgroup"
        | "namedcallgroup"
        | "namedpickupgroup"
        | "setvar"
        | "unsolicited_mailbox"
        | "encryption_taglen"
        | "avpf"
        | "force_avp"
        | "busylevel" => (Device, P),
        "sdpsession" | "sdpowner" | "media_address" | "tos_audio" | "tos_video" | "cos_audio" | "cos_video" | "subminexpiry"
        | "subminexpirey" => (G, P),
        // Read with the rest of the device.
        "type" | "host" | "port" | "defaultip" | "secret" | "md5secret" | "remotesecret" | "auth" | "username" | "defaultuser"
        | "callbackextension" | "mailbox" | "hasvoicemail" | "subscribemwi" | "description" => (Device, Structural),
        "insecure" | "qualify" | "qualifyfreq" | "transport" | "outboundproxy" | "session-expires" | "session-minse" | "supportpath"
        | "encryption" | "dtlsenable" => (Both, Structural),
        // [general] only: transports, globals, registrations, guests.
        "bindaddr"
        | "udpbindaddr"
        | "bindport"
        | "tcpenable"
        | "tcpbindaddr"
        | "tlsenable"
        | "sslenable"
        | "tlsbindaddr"
        | "sslbindaddr"
        | "tlscertfile"
        | "sslcert"
        | "tlscert"
        | "tlsprivatekey"
        | "sslprivatekey"
        | "tlscipher"
        | "sslcipher"
        | "tlscafile"
        | "tlscapath"
        | "tlscadir"
        | "tlsclientmethod"
        | "sslclientmethod"
        | "tlsdontverifyserver"
        | "externip"
        | "externaddr"
        | "externhost"
        | "externtcpport"
        | "externtlsport"
        | "localnet"
        | "tos_sip"
        | "cos_sip"
        | "useragent"
        | "sipdebug"
        | "realm"
        | "legacy_useroption_parsing"
        | "regcontext"
        | "timert1_general"
        | "timerb_general"
        | "compactheaders"
        | "maxforwards_general"
        | "allowguest"
        | "maxexpiry"
        | "maxexpirey"
        | "minexpiry"
        | "minexpirey"
        | "defaultexpiry"
        | "defaultexpirey"
        | "registertimeout"
        | "registerattempts"
        | "register_retry_403"
        | "register"
        | "contactpermit_general"
        | "websocket_enabled"
        | "websocket_write_timeout"
        | "auth_options_requests"
        | "callerid_general" => (G, General),
        // Device options with no PJSIP counterpart.
        "useclientcode" => (Both, Unmapped(NoEquivalent, "PJSIP has no client-code (accountcode from the phone) support")),
        "promiscredir" => (
            Both,
            Unmapped(ManualDecision, "PJSIP hands 3xx redirects to the dialplan; see `redirect_method` and `follow_redirect_methods`"),
        ),
        "videosupport" => (Both, Unmapped(NoEquivalent, "PJSIP offers video when `allow` lists a video codec (and `max_video_streams`)")),
        "textsupport" => (Both, Unmapped(NoEquivalent, "PJSIP offers text streams from the codec list; there is no switch")),
        "ignoresdpversion" => (Both, Unmapped(NoEquivalent, "PJSIP has no option to ignore the SDP version")),
        "rfc2833compensate" => (Both, Unmapped(NoEquivalent, "PJSIP has no RFC 2833 compensation switch")),
        "buggymwi" => (Both, Unmapped(NoEquivalent, "PJSIP has no workaround for phones with broken MWI")),
        "directmediapermit" | "directmediadeny" | "directmediaacl" => {
            (Device, Unmapped(NoEquivalent, "PJSIP has no ACL for direct media; see `direct_media` and `disable_direct_media_on_nat`"))
        }
        "regexten" => (
            Device,
            Unmapped(NoEquivalent, "PJSIP adds the endpoint's name to `regcontext` (in [global]); there is no per-device extension"),
        ),
        "maxcallbitrate" => (Both, Unmapped(NoEquivalent, "PJSIP has no video bitrate limit")),
        "timert1" | "timerb" => (
            Device,
            Unmapped(
                ChangedMeaning,
                "PJSIP's SIP timers are system-wide (`timer_t1`, `timer_b` in [system]); there is no per-device value",
            ),
        ),
        "maxforwards" => (Device, Unmapped(ChangedMeaning, "PJSIP sets Max-Forwards for the whole system (`max_forwards` in [global])")),
        "keepalive" => (
            Both,
            Unmapped(
                ChangedMeaning,
                "PJSIP's keep-alives are for connections (`keep_alive_interval` in [global]); use qualify for devices",
            ),
        ),
        "callcounter" => (Both, Unmapped(NotNeeded, "PJSIP always counts calls for device state")),
        "call-limit" => (Device, Unmapped(NoEquivalent, "PJSIP has no call limit; use GROUP()/GROUP_COUNT() in the dialplan")),
        "session-refresher" => (Both, Unmapped(NoEquivalent, "PJSIP chooses the session refresher itself")),
        "disallowed_methods" => (Both, Unmapped(NoEquivalent, "PJSIP cannot refuse methods per device")),
        "use_q850_reason" => (
            Both,
            Unmapped(ChangedMeaning, "PJSIP reads Reason headers by default; `suppress_q850_reason_headers` only stops sending them"),
        ),
        "snom_aoc_enabled" => {
            (Both, Unmapped(NoEquivalent, "PJSIP has no Snom advice-of-charge support (`send_aoc` uses the standard format)"))
        }
        "ignore_requested_pref" => {
            (Device, Unmapped(NoEquivalent, "PJSIP orders codecs with `codec_prefs_*`; there is no direct counterpart"))
        }
        "discard_remote_hold_retrieval" => (Both, Unmapped(NoEquivalent, "PJSIP always passes hold and unhold on")),
        "header" => (
            Device,
            Unmapped(
                ManualDecision,
                "add the header with PJSIP_HEADER(add,…) in a pre-dial handler; set_var would set it on every channel",
            ),
        ),
        "cc_agent_policy"
        | "cc_monitor_policy"
        | "cc_offer_timer"
        | "ccnr_available_timer"
        | "ccbs_available_timer"
        | "cc_recall_timer"
        | "cc_max_agents"
        | "cc_max_monitors"
        | "cc_callback_macro"
        | "cc_callback_sub"
        | "cc_agent_dialstring" => (Device, Unmapped(NoEquivalent, "PJSIP has no call completion (CCSS) support")),
        // [general] options with no PJSIP counterpart.
        "srvlookup" => (G, Unmapped(ChangedMeaning, "PJSIP always looks up SRV records for a host without a port; there is no switch")),
        "pedantic" => (G, Unmapped(NotNeeded, "PJSIP always parses requests strictly")),
        "alwaysauthreject" => (G, Unmapped(NotNeeded, "PJSIP always answers unknown users as it answers a wrong password (a challenge)")),
        "autocreatepeer" => (G, Unmapped(NoEquivalent, "PJSIP cannot create devices on the fly")),
        "domain" => (
            G,
            Unmapped(
                ManualDecision,
                "chan_sip's local domain list has no PJSIP counterpart; `domain_alias` objects or `from_domain` may cover the need",
            ),
        ),
        "autodomain" | "allowexternaldomains" => (G, Unmapped(NoEquivalent, "PJSIP has no local domain list")),
        "notifyringing" | "notifyhold" | "notifycid" | "notifymimetype" => {
            (G, Unmapped(NoEquivalent, "PJSIP's presence notifications are not configured this way (see `notify_early_inuse_ringing`)"))
        }
        "qualifygap" | "qualifypeers" => {
            (G, Unmapped(NoEquivalent, "PJSIP spreads qualify requests itself (`max_initial_qualify_time` in [global])"))
        }
        "jbenable" | "jbforce" | "jbmaxsize" | "jbresyncthreshold" | "jbimpl" | "jblog" | "jbtargetextra" => {
            (G, Unmapped(NoEquivalent, "PJSIP has no jitterbuffer settings; use JITTERBUFFER() in the dialplan"))
        }
        "storesipcause" => (G, Unmapped(NoEquivalent, "use HANGUPCAUSE() in the dialplan")),
        "t1min" => (G, Unmapped(NoEquivalent, "PJSIP has no lower bound for T1")),
        "rtautoclear" | "rtcachefriends" | "rtsavesysname" | "rtsavepath" | "rtupdate" | "ignoreregexpire" => {
            (G, Unmapped(NoEquivalent, "realtime settings: PJSIP's realtime is configured in sorcery.conf"))
        }
        "prematuremedia"
        | "relaxdtmf"
        | "directrtpsetup"
        | "shrinkcallerid"
        | "refer_addheaders"
        | "matchexternaddrlocally"
        | "matchexterniplocally"
        | "subscribe_network_change_event"
        | "dynamic_exclude_static"
        | "dynamic_excludes_static"
        | "rtpbindaddr"
        | "tlsservercipherorder" => (G, Unmapped(NoEquivalent, "PJSIP has no such setting")),
        "submaxexpiry" | "submaxexpirey" | "mwiexpiry" | "mwiexpirey" => {
            (G, Unmapped(NoEquivalent, "PJSIP has no maximum subscription expiry"))
        }
        "mwi" => (G, Unmapped(NoEquivalent, "PJSIP cannot subscribe to a mailbox on another server")),
        "tcpauthtimeout" | "tcpauthlimit" => (G, Unmapped(NoEquivalent, "PJSIP has no limit on unauthenticated TCP sessions")),
        "authfailureevents" => (G, Unmapped(NotNeeded, "PJSIP always raises security events")),
        "recordhistory" | "dumphistory" => {
            (G, Unmapped(NoEquivalent, "debugging aid without PJSIP counterpart (use `pjsip set history on`)"))
        }
        "auth_message_requests" => (G, Unmapped(ChangedMeaning, "PJSIP authenticates MESSAGE like any other request")),
        "accept_outofcall_message" => {
            (G, Unmapped(ChangedMeaning, "PJSIP accepts out-of-call MESSAGE whenever res_pjsip_messaging is loaded"))
        }
        "match_auth_username" => (
            G,
            Unmapped(
                ManualDecision,
                "to match on the Authorization username, add `auth_username` to `identify_by` and to `endpoint_identifier_order`",
            ),
        ),
        "tlsverifyclient" => (G, Unmapped(IgnoredByChanSip, "chan_sip ignores it (\"Ignoring unsupported option 'tlsverifyclient'\")")),
        "externrefresh" => (G, Unmapped(NotNeeded, "PJSIP resolves external host names when the transport loads")),
        _ => return None,
    };
    Some(found)
}

/// The rule for `key` as a line of `[general]`, with the names chan_sip gives a different
/// meaning there.
pub fn classify_general(key: &str) -> Option<(Scope, Rule)> {
    let general = match key {
        "timert1" => "timert1_general",
        "timerb" => "timerb_general",
        "maxforwards" => "maxforwards_general",
        "contactpermit" | "contactdeny" | "contactacl" => "contactpermit_general",
        "callerid" => "callerid_general",
        other => other,
    };
    classify(general)
}

fn mapped(options: Vec<(&'static str, String)>) -> Plain {
    Plain::Mapped(Translated { options, note: None })
}

fn noted(options: Vec<(&'static str, String)>, note: impl Into<String>) -> Plain {
    Plain::Mapped(Translated { options, note: Some(note.into()) })
}

fn one(name: &'static str, value: &str) -> Plain {
    mapped(vec![(name, value.to_string())])
}

fn boolean(name: &'static str, value: &str) -> Plain {
    mapped(vec![(name, yes_no(is_true(value)).to_string())])
}

/// Translates one plain line (`key` in lower case) into endpoint options. `fold` carries what
/// the section's earlier lines left for options that add up.
pub fn plain(key: &str, value: &str, fold: &mut Fold) -> Plain {
    let v = value.trim();
    match key {
        "context" => one("context", v),
        "callerid" => {
            let (name, num) = split_callerid(v);
            (fold.cid_name, fold.cid_num) = (name, num);
            one("callerid", v)
        }
        "fullname" => {
            fold.cid_name = v.to_string();
            one("callerid", &fold.callerid())
        }
        "cid_number" => {
            fold.cid_num = v.to_string();
            one("callerid", &fold.callerid())
        }
        "trunkname" => {
            fold.cid_name.clear();
            one("callerid", &fold.callerid())
        }
        "callingpres" => match presentation(v) {
            Some(word) => one("callerid_privacy", word),
            None => Plain::Unmapped(IgnoredByChanSip, format!("`{v}` is not a presentation chan_sip knows")),
        },
        "cid_tag" => one("callerid_tag", v),
        "trustrpid" => boolean("trust_id_inbound", v),
        "sendrpid" => {
            let lower = v.to_ascii_lowercase();
            let (rpid, pai) = match lower.as_str() {
                "pai" => (false, true),
                "rpid" => (true, false),
                _ => (is_true(v), false),
            };
            mapped(vec![("send_rpid", yes_no(rpid).into()), ("send_pai", yes_no(pai).into())])
        }
        "rpid_update" => noted(
            vec![("connected_line_method", if is_true(v) { "update" } else { "invite" }.into())],
            "chan_sip's rpid_update chose UPDATE for caller ID changes; PJSIP's connected_line_method does the same",
        ),
        "rpid_immediate" => boolean("rpid_immediate", v),
        "trust_id_outbound" => {
            if v.eq_ignore_ascii_case("legacy") || (!is_true(v) && !is_false(v)) {
                noted(
                    vec![("trust_id_outbound", "no".into())],
                    "`legacy` sent private identity only in chan_sip's old way; PJSIP knows yes or no, and no is the closer",
                )
            } else {
                boolean("trust_id_outbound", v)
            }
        }
        "g726nonstandard" => boolean("g726_non_standard", v),
        "dtmfmode" => dtmf(v),
        "nat" => {
            fold.nat.apply(v);
            fold.nat.options()
        }
        "directmedia" | "canreinvite" => direct_media(v),
        "progressinband" => noted(
            vec![("inband_progress", yes_no(is_true(v)).into())],
            "chan_sip's `no` still sent in-band ringing in some cases; PJSIP's `no` never does",
        ),
        "allowoverlap" => {
            if v.eq_ignore_ascii_case("dtmf") {
                noted(vec![("allow_overlap", "no".into())], "overlap dialing by DTMF is not available in PJSIP")
            } else {
                boolean("allow_overlap", v)
            }
        }
        "allowsubscribe" => boolean("allow_subscribe", v),
        "faxdetect" => boolean("fax_detect", if is_false(v) { "no" } else { "yes" }),
        "rtcp_mux" => boolean("rtcp_mux", v),
        "t38pt_udptl" => t38(v),
        "t38pt_usertpsource" => boolean("t38_udptl_nat", v),
        "recordonfeature" => mapped(vec![("record_on_feature", v.into()), ("one_touch_recording", "yes".into())]),
        "recordofffeature" => mapped(vec![("record_off_feature", v.into()), ("one_touch_recording", "yes".into())]),
        "outofcall_message_context" => one("message_context", v),
        "subscribecontext" => one("subscribe_context", v),
        "fromdomain" => match v.split_once(':') {
            Some((host, port)) => {
                noted(vec![("from_domain", host.into())], format!("PJSIP's from_domain has no port; `:{port}` is dropped"))
            }
            None => one("from_domain", v),
        },
        "usereqphone" => boolean("user_eq_phone", v),
        "fromuser" => one("from_user", v),
        "permit" => one("permit", v),
        "deny" => one("deny", v),
        "acl" => one("acl", v),
        "contactpermit" => one("contact_permit", v),
        "contactdeny" => one("contact_deny", v),
        "contactacl" => one("contact_acl", v),
        "tonezone" => one("tone_zone", v),
        "language" => one("language", v),
        "accountcode" => one("accountcode", v),
        "amaflags" => noted(
            vec![("set_var", format!("CHANNEL(amaflags)={v}"))],
            "PJSIP has no amaflags option; the channel function sets the same thing",
        ),
        "mohinterpret" => {
            if v.eq_ignore_ascii_case("passthrough") {
                one("moh_passthrough", "yes")
            } else {
                noted(
                    vec![("set_var", format!("CHANNEL(musicclass)={v}"))],
                    "PJSIP has no mohinterpret; the channel's music class does the same",
                )
            }
        }
        "mohsuggest" => one("moh_suggest", v),
        "parkinglot" => {
            noted(vec![("set_var", format!("CHANNEL(parkinglot)={v}"))], "PJSIP has no parkinglot option; the channel function sets it")
        }
        "rtp_engine" => one("rtp_engine", v),
        "callgroup" => one("call_group", v),
        "pickupgroup" => one("pickup_group", v),
        "namedcallgroup" => one("named_call_group", v),
        "namedpickupgroup" => one("named_pickup_group", v),
        "allowtransfer" => boolean("allow_transfer", v),
        "allow" => one("allow", v),
        "disallow" => one("disallow", v),
        "preferred_codec_only" => boolean("preferred_codec_only", v),
        "autoframing" => boolean("use_ptime", v),
        "rtptimeout" => seconds("rtp_timeout", v),
        "rtpholdtimeout" => seconds("rtp_timeout_hold", v),
        "rtpkeepalive" => seconds("rtp_keepalive", v),
        "setvar" => {
            if v.contains('=') {
                one("set_var", v)
            } else {
                Plain::Unmapped(IgnoredByChanSip, "chan_sip needs `name=value`".into())
            }
        }
        "unsolicited_mailbox" => one("incoming_mwi_mailbox", v),
        "encryption_taglen" => one("srtp_tag_32", yes_no(v == "32")),
        "avpf" => boolean("use_avpf", v),
        "icesupport" => boolean("ice_support", v),
        "force_avp" => boolean("force_avp", v),
        "dtlsverify" => one("dtls_verify", v),
        "dtlsrekey" => one("dtls_rekey", v),
        "dtlscertfile" => one("dtls_cert_file", v),
        "dtlsprivatekey" => one("dtls_private_key", v),
        "dtlscipher" => one("dtls_cipher", v),
        "dtlscafile" => one("dtls_ca_file", v),
        "dtlscapath" => one("dtls_ca_path", v),
        "dtlssetup" => one("dtls_setup", v),
        "dtlsfingerprint" => one("dtls_fingerprint", v),
        "dtlsautogeneratecert" => boolean("dtls_auto_generate_cert", v),
        "busylevel" => match v.parse::<i64>() {
            Ok(n) => one("device_state_busy_at", &n.max(0).to_string()),
            Err(_) => one("device_state_busy_at", "0"),
        },
        "mwi_from" => one("mwi_from_user", v),
        "vmexten" => one("voicemail_extension", v),
        "session-timers" => match v.to_ascii_lowercase().as_str() {
            "accept" => one("timers", "yes"),
            "originate" => one("timers", "always"),
            "refuse" => one("timers", "no"),
            _ => Plain::Unmapped(IgnoredByChanSip, format!("`{v}` is not accept, originate or refuse; chan_sip kept its default")),
        },
        "sdpsession" => one("sdp_session", v),
        "sdpowner" => {
            if v.contains(' ') {
                Plain::Unmapped(IgnoredByChanSip, "chan_sip refuses an SDP owner with spaces".into())
            } else {
                one("sdp_owner", v)
            }
        }
        "media_address" => one("media_address", v),
        "tos_audio" => one("tos_audio", v),
        "tos_video" => one("tos_video", v),
        "cos_audio" => one("cos_audio", v),
        "cos_video" => one("cos_video", v),
        "subminexpiry" | "subminexpirey" => one("sub_min_expiry", v),
        _ => Plain::Unmapped(NoEquivalent, "no translation".into()),
    }
}

impl Fold {
    fn callerid(&self) -> String {
        match (self.cid_name.is_empty(), self.cid_num.is_empty()) {
            (true, true) => String::new(),
            (false, true) => format!("\"{}\"", self.cid_name),
            (true, false) => format!("<{}>", self.cid_num),
            (false, false) => format!("\"{}\" <{}>", self.cid_name, self.cid_num),
        }
    }
}

/// `Name <number>`, `"Name" <number>`, a bare number or a bare name, as `ast_callerid_split`
/// reads them.
fn split_callerid(value: &str) -> (String, String) {
    let value = value.trim();
    if let Some(open) = value.find('<') {
        let name = value[..open].trim().trim_matches('"').trim().to_string();
        let num = value[open + 1..].split('>').next().unwrap_or("").trim().to_string();
        return (name, num);
    }
    if !value.is_empty() && value.chars().all(|c| c.is_ascii_digit() || "+*#-() ".contains(c)) {
        return (String::new(), value.to_string());
    }
    (value.trim_matches('"').to_string(), String::new())
}

/// A presentation word or number, as `ast_parse_caller_presentation` (and chan_sip's `atoi`
/// fallback) read it, in the word PJSIP accepts.
fn presentation(value: &str) -> Option<&'static str> {
    const WORDS: [(&str, u32); 9] = [
        ("allowed_not_screened", 0x00),
        ("allowed_passed_screen", 0x01),
        ("allowed_failed_screen", 0x02),
        ("allowed", 0x03),
        ("prohib_not_screened", 0x20),
        ("prohib_passed_screen", 0x21),
        ("prohib_failed_screen", 0x22),
        ("prohib", 0x23),
        ("unavailable", 0x43),
    ];
    if let Some((word, _)) = WORDS.iter().find(|(w, _)| w.eq_ignore_ascii_case(value)) {
        return Some(word);
    }
    let number: u32 = value.parse().ok()?;
    WORDS.iter().find(|(_, n)| *n == number).map(|(w, _)| *w)
}

fn dtmf(value: &str) -> Plain {
    match value.to_ascii_lowercase().as_str() {
        "rfc2833" => one("dtmf_mode", "rfc4733"),
        "inband" => one("dtmf_mode", "inband"),
        "info" => one("dtmf_mode", "info"),
        "auto" => one("dtmf_mode", "auto"),
        "shortinfo" => noted(vec![("dtmf_mode", "info".into())], "PJSIP sends SIP INFO with a duration; chan_sip's shortinfo left it out"),
        _ => noted(vec![("dtmf_mode", "rfc4733".into())], format!("chan_sip did not know `{value}` and used rfc2833")),
    }
}

impl Nat {
    /// One `nat` line, as `sip_parse_nat_option` applies it.
    fn apply(&mut self, value: &str) {
        for word in value.split(',') {
            if is_false(word) {
                *self = Nat::default();
                break;
            }
            match word.to_ascii_lowercase().as_str() {
                "yes" => {
                    *self = Nat { force_rport: true, comedia: true, auto_rport: false, auto_comedia: false };
                    break;
                }
                "force_rport" if !self.auto_rport => self.force_rport = true,
                "comedia" if !self.auto_comedia => self.comedia = true,
                "auto_force_rport" => (self.auto_rport, self.force_rport) = (true, false),
                "auto_comedia" => (self.auto_comedia, self.comedia) = (true, false),
                _ => {}
            }
        }
    }

    /// The PJSIP options for the whole state (a `nat` line replaces every flag in chan_sip).
    fn options(self) -> Plain {
        let rport = self.force_rport || self.auto_rport;
        let symmetric = self.comedia || self.auto_comedia;
        let options = vec![
            ("force_rport", yes_no(rport).to_string()),
            ("rewrite_contact", yes_no(rport).to_string()),
            ("rtp_symmetric", yes_no(symmetric).to_string()),
        ];
        if self.auto_rport || self.auto_comedia {
            noted(options, "chan_sip applied the auto_ forms only when it saw NAT; PJSIP applies them always")
        } else {
            mapped(options)
        }
    }
}

/// chan_sip's default `nat` (auto_force_rport) in PJSIP words, for the `[general]` template.
pub fn default_nat() -> Translated {
    let auto = Nat { auto_rport: true, ..Nat::default() };
    match auto.options() {
        Plain::Mapped(translated) => Translated { options: translated.options[..2].to_vec(), note: translated.note },
        Plain::Unmapped(..) => Translated::default(),
    }
}

fn direct_media(value: &str) -> Plain {
    if is_true(value) {
        return mapped(vec![
            ("direct_media", "yes".into()),
            ("direct_media_method", "invite".into()),
            ("disable_direct_media_on_nat", "no".into()),
        ]);
    }
    if is_false(value) {
        return mapped(vec![("direct_media", "no".into())]);
    }
    let (mut update, mut nonat, mut outgoing, mut unknown) = (false, false, false, Vec::new());
    for word in value.split(',') {
        match word.trim().to_ascii_lowercase().as_str() {
            "update" => update = true,
            "nonat" => nonat = true,
            "outgoing" => outgoing = true,
            other => unknown.push(other.to_string()),
        }
    }
    let mut options = vec![
        ("direct_media", yes_no(update || nonat || outgoing).to_string()),
        ("direct_media_method", if update { "update" } else { "invite" }.to_string()),
        ("disable_direct_media_on_nat", yes_no(nonat).to_string()),
    ];
    if outgoing {
        options.push(("direct_media_glare_mitigation", "outgoing".into()));
    }
    if unknown.is_empty() {
        mapped(options)
    } else {
        noted(options, format!("chan_sip ignored `{}`", unknown.join(",")))
    }
}

/// `t38pt_udptl = yes|no|fec|redundancy|none[,maxdatagram=N]`: chan_sip's `yes` means FEC.
fn t38(value: &str) -> Plain {
    let mut enabled = None;
    let mut maxdatagram = None;
    for word in value.split(',').map(str::trim) {
        let lower = word.to_ascii_lowercase();
        if is_true(word) || lower == "fec" {
            enabled = Some("fec");
        } else if lower == "redundancy" {
            enabled = Some("redundancy");
        } else if lower == "none" {
            enabled = Some("none");
        } else if let Some(n) = lower.strip_prefix("maxdatagram=") {
            maxdatagram = n.parse::<u32>().ok();
        }
    }
    let mut options = match enabled {
        Some(ec) => vec![("t38_udptl", "yes".to_string()), ("t38_udptl_ec", ec.to_string())],
        None => vec![("t38_udptl", "no".to_string())],
    };
    if let Some(n) = maxdatagram {
        options.push(("t38_udptl_maxdatagram", n.to_string()));
    }
    mapped(options)
}

fn seconds(name: &'static str, value: &str) -> Plain {
    match value.trim().parse::<i64>() {
        Ok(n) if n >= 0 => one(name, &n.to_string()),
        _ => Plain::Unmapped(IgnoredByChanSip, format!("`{value}` is not a number of seconds; chan_sip used its default")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options(key: &str, value: &str) -> Vec<(&'static str, String)> {
        match plain(key, value, &mut Fold::default()) {
            Plain::Mapped(t) => t.options,
            Plain::Unmapped(why, text) => panic!("{key}={value}: {why:?} {text}"),
        }
    }

    fn pairs(list: &[(&'static str, &str)]) -> Vec<(&'static str, String)> {
        list.iter().map(|(k, v)| (*k, v.to_string())).collect()
    }

    #[test]
    fn nat_words() {
        assert_eq!(options("nat", "yes"), pairs(&[("force_rport", "yes"), ("rewrite_contact", "yes"), ("rtp_symmetric", "yes")]));
        assert_eq!(options("nat", "no"), pairs(&[("force_rport", "no"), ("rewrite_contact", "no"), ("rtp_symmetric", "no")]));
        assert_eq!(options("nat", "force_rport,comedia"), options("nat", "yes"));
        assert_eq!(options("nat", "comedia"), pairs(&[("force_rport", "no"), ("rewrite_contact", "no"), ("rtp_symmetric", "yes")]));
        // Lines add up within a section.
        let mut fold = Fold::default();
        plain("nat", "force_rport", &mut fold);
        let Plain::Mapped(t) = plain("nat", "comedia", &mut fold) else { panic!() };
        assert_eq!(t.options, options("nat", "yes"));
    }

    #[test]
    fn direct_media_words() {
        assert_eq!(options("canreinvite", "no"), pairs(&[("direct_media", "no")]));
        assert_eq!(
            options("directmedia", "update,nonat"),
            pairs(&[("direct_media", "yes"), ("direct_media_method", "update"), ("disable_direct_media_on_nat", "yes")])
        );
    }

    #[test]
    fn caller_id_pieces_add_up() {
        let mut fold = Fold::default();
        plain("callerid", "Alice <100>", &mut fold);
        let Plain::Mapped(t) = plain("cid_number", "200", &mut fold) else { panic!() };
        assert_eq!(t.options, pairs(&[("callerid", "\"Alice\" <200>")]));
        let Plain::Mapped(t) = plain("trunkname", "x", &mut fold) else { panic!() };
        assert_eq!(t.options, pairs(&[("callerid", "<200>")]));
    }

    #[test]
    fn small_words() {
        assert_eq!(options("dtmfmode", "RFC2833"), pairs(&[("dtmf_mode", "rfc4733")]));
        assert_eq!(options("sendrpid", "pai"), pairs(&[("send_rpid", "no"), ("send_pai", "yes")]));
        assert_eq!(options("t38pt_udptl", "yes"), pairs(&[("t38_udptl", "yes"), ("t38_udptl_ec", "fec")]));
        assert_eq!(options("t38pt_udptl", "yes,redundancy,maxdatagram=400").len(), 3);
        assert_eq!(options("callingpres", "33"), pairs(&[("callerid_privacy", "prohib_passed_screen")]));
        assert_eq!(options("session-timers", "Originate"), pairs(&[("timers", "always")]));
    }

    #[test]
    fn every_plain_option_translates() {
        for key in PLAIN_KEYS {
            assert!(matches!(classify(key), Some((_, Rule::Plain))), "{key}");
            let value = if key.contains("pres") { "allowed" } else { "1" };
            let result = plain(key, value, &mut Fold::default());
            assert!(
                !matches!(&result, Plain::Unmapped(NoEquivalent, text) if text == "no translation"),
                "{key} is plain but has no translation"
            );
        }
    }

    /// Every name [`classify`] calls plain (kept in step by the test above).
    const PLAIN_KEYS: &[&str] = &[
        "context",
        "callerid",
        "fullname",
        "cid_number",
        "trunkname",
        "callingpres",
        "cid_tag",
        "trustrpid",
        "sendrpid",
        "rpid_update",
        "rpid_immediate",
        "trust_id_outbound",
        "g726nonstandard",
        "dtmfmode",
        "nat",
        "directmedia",
        "canreinvite",
        "progressinband",
        "allowoverlap",
        "allowsubscribe",
        "faxdetect",
        "rtcp_mux",
        "t38pt_udptl",
        "t38pt_usertpsource",
        "recordonfeature",
        "recordofffeature",
        "outofcall_message_context",
        "subscribecontext",
        "fromdomain",
        "usereqphone",
        "fromuser",
        "permit",
        "deny",
        "acl",
        "contactpermit",
        "contactdeny",
        "contactacl",
        "tonezone",
        "language",
        "accountcode",
        "amaflags",
        "mohinterpret",
        "mohsuggest",
        "parkinglot",
        "rtp_engine",
        "callgroup",
        "pickupgroup",
        "namedcallgroup",
        "namedpickupgroup",
        "allowtransfer",
        "allow",
        "disallow",
        "preferred_codec_only",
        "autoframing",
        "rtptimeout",
        "rtpholdtimeout",
        "rtpkeepalive",
        "setvar",
        "unsolicited_mailbox",
        "encryption_taglen",
        "avpf",
        "icesupport",
        "force_avp",
        "dtlsverify",
        "dtlsrekey",
        "dtlscertfile",
        "dtlsprivatekey",
        "dtlscipher",
        "dtlscafile",
        "dtlscapath",
        "dtlssetup",
        "dtlsfingerprint",
        "dtlsautogeneratecert",
        "busylevel",
        "mwi_from",
        "vmexten",
        "session-timers",
        "sdpsession",
        "sdpowner",
        "media_address",
        "tos_audio",
        "tos_video",
        "cos_audio",
        "cos_video",
        "subminexpiry",
    ];
}
