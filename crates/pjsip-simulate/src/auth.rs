//! Digest authentication as the inbound authenticator does it: which challenges an endpoint
//! sends, and whether an answer computed from a username and password verifies against the
//! endpoint's auth objects (plain password, `md5_cred`, or `password_digest`).
use pjsip_model::ObjectType;

use pjsip_syntax::FileSpan;

use super::hash::{md5_hex, sha256_hex};
use super::index::{is_true, list, option_spans};
use super::types::{StepKind, Verdict};
use super::{step, Answer, Ctx, Trace};
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
    for auth in &auths {
        let mut spans = vec![auth.header_at];
        if let Some(why) = verify(ctx, auth, answer, &mut spans) {
            trace.push(step(StepKind::Auth, Verdict::Matched, "Credentials accepted", format!("Auth `{}`: {why}.", auth.id), spans));
            return AuthResult::Success;
        }
    }
    trace.push(step(
        StepKind::Auth,
        Verdict::Failed,
        "Credentials refused",
        format!(
            "No auth of endpoint `{}` accepts username `{}` in realm `{}` ({}): Asterisk logs a failed authentication and answers 401.",
            endpoint.id, answer.username, answer.realm, answer.algorithm
        ),
        auths.iter().map(|a| a.header_at).collect(),
    ));
    AuthResult::Failed
}

/// Why `auth` accepts the answer, or `None`.
fn verify(ctx: &Ctx, auth: &Object, answer: &Answer, spans: &mut Vec<FileSpan>) -> Option<String> {
    if auth.value("username") != answer.username
        || realm_of(ctx, auth) != answer.realm
        || !algorithms_of(ctx, auth).iter().any(|a| a.eq_ignore_ascii_case(&answer.algorithm))
    {
        return None;
    }
    let ha1_input = format!("{}:{}:{}", answer.username, answer.realm, answer.password);
    let password = auth.value("password");
    if !password.is_empty() && password == answer.password {
        spans.extend(option_spans(auth, "password"));
        return Some("the password matches".into());
    }
    let md5_cred = auth.value("md5_cred");
    if !md5_cred.is_empty() && answer.algorithm.eq_ignore_ascii_case("MD5") && md5_cred.eq_ignore_ascii_case(&md5_hex(ha1_input.as_bytes()))
    {
        spans.extend(option_spans(auth, "md5_cred"));
        return Some("md5_cred equals MD5(username:realm:password)".into());
    }
    for digest in list(auth.value("password_digest")) {
        let Some((algorithm, hex)) = digest.split_once(':') else { continue };
        if !algorithm.trim().eq_ignore_ascii_case(&answer.algorithm) {
            continue;
        }
        let computed = match algorithm.trim().to_ascii_uppercase().as_str() {
            "MD5" => md5_hex(ha1_input.as_bytes()),
            "SHA-256" => sha256_hex(ha1_input.as_bytes()),
            // SHA-512-256 digests cannot be checked here (no hash implementation).
            _ => continue,
        };
        if hex.trim().eq_ignore_ascii_case(&computed) {
            spans.extend(option_spans(auth, "password_digest"));
            return Some(format!("password_digest equals {algorithm}(username:realm:password)"));
        }
    }
    None
}
