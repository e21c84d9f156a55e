//! Digest authentication as the inbound authenticator does it: which challenges an endpoint
//! sends, and whether an answer computed from a username and password verifies against the
//! endpoint's auth objects (plain password, `md5_cred`, or `password_digest`).
use pjsip_model::ObjectType;

use pjsip_syntax::FileSpan;

use super::hash::{md5_hex, sha256_hex};
use super::index::{is_true, list, option_spans};
use super::types::{StepKind, Verdict};
use super::{step, Answer, Ctx, DigestResponse, Proof, Trace};
use pjsip_model::model::Object;

/// Algorithms the oracle's client can answer, in no particular preference: it takes the first
/// challenge that uses one of them.
const CLIENT_ALGORITHMS: [&str; 3] = ["MD5", "SHA-256", "SHA-512-256"];

/// One `WWW-Authenticate` challenge.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Challenge {
    pub realm: String,
    pub algorithm: String,
}

pub enum AuthResult {
    /// No authentication needed; the request goes on.
    NotRequired,
    /// 401 with these challenges.
    Challenge(Vec<Challenge>),
    Success,
    /// Credentials present but none verified: 401 again.
    Failed,
    /// An auth named on the endpoint does not exist: 500.
    MissingAuth(String),
}

/// The challenge the harness answers: the first with an algorithm it knows.
pub fn answerable(challenges: &[Challenge]) -> Option<&Challenge> {
    challenges.iter().find(|c| CLIENT_ALGORITHMS.iter().any(|a| a.eq_ignore_ascii_case(&c.algorithm)))
}

fn realm_of(ctx: &Ctx, auth: &Object) -> String {
    let realm = auth.value("realm");
    if realm.is_empty() {
        ctx.global("default_realm").0.to_string()
    } else {
        realm.to_string()
    }
}

fn algorithms_of<'a>(ctx: &Ctx<'a>, auth: &'a Object) -> Vec<&'a str> {
    // An unset option shows a description of its fallback as the default value.
    let own = auth.get("supported_algorithms_uas").filter(|v| !v.is_default()).map_or("", |v| v.value.as_str());
    let global = ctx.global("default_auth_algorithms_uas").0;
    let value = if !own.is_empty() {
        own
    } else if !global.starts_with('(') {
        global
    } else {
        ""
    };
    let algorithms: Vec<&str> = list(value).collect();
    if algorithms.is_empty() {
        vec!["MD5"]
    } else {
        algorithms
    }
}

/// The artificial endpoint's single challenge.
pub fn artificial_challenge(ctx: &Ctx) -> Vec<Challenge> {
    vec![Challenge { realm: ctx.global("default_realm").0.to_string(), algorithm: "MD5".into() }]
}

pub fn authenticate(ctx: &Ctx, endpoint: Option<&Object>, method: &str, answer: Option<&Answer>, trace: &mut Trace) -> AuthResult {
    let Some(endpoint) = endpoint else {
        let challenges = artificial_challenge(ctx);
        let (realm, spans) = ctx.global("default_realm");
        return match answer {
            None => {
                trace.push(step(
                    StepKind::Auth,
                    Verdict::Failed,
                    "Artificial endpoint challenges",
                    format!("Unidentified requests are challenged with realm `{realm}`; no answer can ever succeed."),
                    spans,
                ));
                AuthResult::Challenge(challenges)
            }
            Some(_) => {
                trace.push(step(
                    StepKind::Auth,
                    Verdict::Failed,
                    "Artificial endpoint refuses the answer",
                    "The artificial endpoint has no credentials to verify against: the answer fails.",
                    spans,
                ));
                AuthResult::Failed
            }
        };
    };
    let names: Vec<&str> = list(endpoint.value("auth")).collect();
    let auth_spans = option_spans(endpoint, "auth");
    if names.is_empty() {
        trace.push(step(
            StepKind::Auth,
            Verdict::Info,
            "No authentication",
            format!("Endpoint `{}` has no auth=, so nothing is checked.", endpoint.id),
            vec![endpoint.header_at],
        ));
        return AuthResult::NotRequired;
    }
    if method == "OPTIONS" && is_true(endpoint.value("allow_unauthenticated_options")) {
        trace.push(step(
            StepKind::Auth,
            Verdict::Info,
            "OPTIONS without authentication",
            "allow_unauthenticated_options=yes lets OPTIONS through unchallenged.",
            option_spans(endpoint, "allow_unauthenticated_options"),
        ));
        return AuthResult::NotRequired;
    }
    let mut auths = Vec::new();
    for name in &names {
        match ctx.object(ObjectType::Auth, name) {
            Some(auth) => auths.push(auth),
            None => {
                trace.push(step(
                    StepKind::Auth,
                    Verdict::Failed,
                    "Auth object missing",
                    format!(
                        "Endpoint `{}` names auth `{name}`, which was not loaded: Asterisk cannot authenticate and answers 500.",
                        endpoint.id
                    ),
                    auth_spans,
                ));
                return AuthResult::MissingAuth((*name).to_string());
            }
        }
    }
    let mut challenges: Vec<Challenge> = Vec::new();
    for auth in &auths {
        let realm = realm_of(ctx, auth);
        for algorithm in algorithms_of(ctx, auth) {
            let challenge = Challenge { realm: realm.clone(), algorithm: algorithm.to_string() };
            if !challenges.contains(&challenge) {
                challenges.push(challenge);
            }
        }
    }
    let Some(answer) = answer else {
        let offered: Vec<String> = challenges.iter().map(|c| format!("realm `{}` {}", c.realm, c.algorithm)).collect();
        trace.push(step(
            StepKind::Auth,
            Verdict::Failed,
            "Challenge sent",
            format!("The request carries no credentials; Asterisk answers 401 with {}.", offered.join(", ")),
            auth_spans,
        ));
        return AuthResult::Challenge(challenges);
    };
    let mut notes = Vec::new();
    for auth in &auths {
        let mut spans = vec![auth.header_at];
        if let Some(why) = verify(ctx, auth, answer, method, &mut spans, &mut notes) {
            trace.push(step(StepKind::Auth, Verdict::Matched, "Credentials accepted", format!("Auth `{}`: {why}.", auth.id), spans));
            return AuthResult::Success;
        }
    }
    trace.push(step(
        StepKind::Auth,
        Verdict::Failed,
        "Credentials refused",
        format!(
            "No auth of endpoint `{}` accepts username `{}` in realm `{}` ({}): Asterisk logs a failed authentication and answers 401.{}",
            endpoint.id,
            answer.username,
            answer.realm,
            answer.algorithm,
            notes.iter().map(|n| format!(" Note: {n}.")).collect::<String>()
        ),
        auths.iter().map(|a| a.header_at).collect(),
    ));
    AuthResult::Failed
}

/// Why `auth` accepts the answer, or `None`.
fn verify(ctx: &Ctx, auth: &Object, answer: &Answer, method: &str, spans: &mut Vec<FileSpan>, notes: &mut Vec<String>) -> Option<String> {
    if auth.value("username") != answer.username
        || realm_of(ctx, auth) != answer.realm
        || !algorithms_of(ctx, auth).iter().any(|a| a.eq_ignore_ascii_case(&answer.algorithm))
    {
        return None;
    }
    // The harness's client knows the password itself: a plain password compares as text (this
    // works for every algorithm, SHA-512-256 included).
    if let Proof::Password(password) = &answer.proof {
        if !auth.value("password").is_empty() && auth.value("password") == password {
            spans.extend(option_spans(auth, "password"));
            return Some("the password matches".into());
        }
    }
    // Each credential of the auth gives the digest's first half, HA1 = H(username:realm:password).
    for (option, ha1) in secrets(auth, answer) {
        if matches!(answer.proof, Proof::Password(_)) && option == "password" {
            continue;
        }
        let accepted = match &answer.proof {
            Proof::Password(password) => {
                let computed = digest(&answer.algorithm, &format!("{}:{}:{password}", answer.username, answer.realm));
                if computed.as_ref().is_some_and(|c| *c != ha1 && c.eq_ignore_ascii_case(&ha1)) {
                    notes.push(format!(
                        "auth `{}`: `{option}` is the right digest but in upper case; Asterisk uses it as written and \
                         compares it with lower-case hex, so it never verifies",
                        auth.id
                    ));
                }
                computed.is_some_and(|c| c == ha1)
            }
            Proof::Digest(response) => expected_response(&answer.algorithm, &ha1, method, response)
                .is_some_and(|expected| expected.eq_ignore_ascii_case(&response.response)),
        };
        if accepted {
            spans.extend(option_spans(auth, option));
            return Some(match (&answer.proof, option) {
                (Proof::Password(_), "md5_cred") => "md5_cred equals MD5(username:realm:password)".into(),
                (Proof::Password(_), _) => format!("password_digest equals {}(username:realm:password)", answer.algorithm),
                (Proof::Digest(_), _) => format!("the digest response is the one `{option}` gives for this nonce"),
            });
        }
    }
    None
}

/// The HA1 values `auth` can verify an answer of `answer.algorithm` with, and the option each
/// comes from: the plain password (hashed here), `md5_cred` (an MD5 HA1), and every
/// `password_digest` entry of that algorithm.
fn secrets(auth: &Object, answer: &Answer) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    let password = auth.value("password");
    if !password.is_empty() {
        if let Some(ha1) = digest(&answer.algorithm, &format!("{}:{}:{password}", answer.username, answer.realm)) {
            out.push(("password", ha1));
        }
    }
    // A stored digest enters the response computation as text, exactly as written: an
    // upper-case one never equals the lower-case hex a client's password gives.
    let md5_cred = auth.value("md5_cred");
    if !md5_cred.is_empty() && answer.algorithm.eq_ignore_ascii_case("MD5") {
        out.push(("md5_cred", md5_cred.trim().to_string()));
    }
    for entry in list(auth.value("password_digest")) {
        // An entry without an algorithm prefix is an MD5 digest.
        let (algorithm, hex) = entry.split_once(':').unwrap_or(("MD5", entry));
        if algorithm.trim().eq_ignore_ascii_case(&answer.algorithm) {
            out.push(("password_digest", hex.trim().to_string()));
        }
    }
    out
}

/// The hex digest of `text` under a digest algorithm name; `None` for one pjsip-lab cannot
/// compute.
fn digest(algorithm: &str, text: &str) -> Option<String> {
    match algorithm.trim().to_ascii_uppercase().as_str() {
        "MD5" => Some(md5_hex(text.as_bytes())),
        "SHA-256" => Some(sha256_hex(text.as_bytes())),
        _ => None,
    }
}

/// The response a device knowing `ha1` sends (RFC 2617/7616): `H(HA1:nonce:HA2)`, or with
/// `qop=auth`, `H(HA1:nonce:nc:cnonce:qop:HA2)`, where `HA2 = H(method:uri)`.
fn expected_response(algorithm: &str, ha1: &str, method: &str, response: &DigestResponse) -> Option<String> {
    let ha2 = digest(algorithm, &format!("{method}:{}", response.uri))?;
    match response.qop.as_deref() {
        Some(qop) if !qop.is_empty() => {
            digest(algorithm, &format!("{ha1}:{}:{}:{}:{qop}:{ha2}", response.nonce, response.nc, response.cnonce))
        }
        _ => digest(algorithm, &format!("{ha1}:{}:{ha2}", response.nonce)),
    }
}
