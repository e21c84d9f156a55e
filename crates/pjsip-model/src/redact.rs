//! Removing secrets before a configuration leaves the user's hands (share links, downloads).

use pjsip_syntax::tree::LineKind;
use pjsip_syntax::FileId;

/// What replaces a secret value.
pub const SECRET_PLACEHOLDER: &str = "REDACTED";

/// Whether an option name holds a secret: auth `password`, `md5_cred`, `password_digest`, and
/// the wizard's `inbound_auth/…` and `outbound_auth/…` forms of them.
pub fn is_secret_option(key: &str) -> bool {
    let option = key.rsplit('/').next().unwrap_or(key);
    ["password", "md5_cred", "password_digest"].iter().any(|s| option.eq_ignore_ascii_case(s))
}

/// `text` with the value of every secret option replaced by [`SECRET_PLACEHOLDER`], and how many
/// values were replaced. Everything else (comments, spacing, line structure) is kept byte for byte.
/// A `password_digest` keeps its `algorithm:` prefix so the redacted config still reads well.
pub fn strip_secrets(text: &str) -> (String, usize) {
    let parsed = pjsip_syntax::parse(FileId(0), text);
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    let mut count = 0;
    for line in &parsed.tree.lines {
        let LineKind::Assignment(assignment) = &line.kind else { continue };
        if !is_secret_option(assignment.key.as_str(text)) || assignment.value.span.is_empty() {
            continue;
        }
        let span = assignment.value.span.range();
        let value = &text[span.clone()];
        let keep = match value.split_once(':') {
            Some((algorithm, _)) if assignment.key.as_str(text).ends_with("digest") => algorithm.len() + 1,
            _ => 0,
        };
        out.push_str(&text[copied..span.start + keep]);
        out.push_str(SECRET_PLACEHOLDER);
        copied = span.end;
        count += 1;
    }
    out.push_str(&text[copied..]);
    (out, count)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_only_secret_values() {
        let text = "[a]\ntype=auth\nusername=6001\npassword = s3cret ; keep me\nmd5_cred=abc\n\
                    password_digest=SHA-256:ffee\n[w]\ntype=wizard\ninbound_auth/password=x\n";
        let (out, n) = strip_secrets(text);
        assert_eq!(n, 4);
        assert_eq!(
            out,
            "[a]\ntype=auth\nusername=6001\npassword = REDACTED ; keep me\nmd5_cred=REDACTED\n\
             password_digest=SHA-256:REDACTED\n[w]\ntype=wizard\ninbound_auth/password=REDACTED\n"
        );
    }

    #[test]
    fn leaves_other_text_alone() {
        let text = "[x]\ntype=endpoint\n; password=in a comment\ncontext=password\npassword=\n";
        assert_eq!(strip_secrets(text), (text.to_string(), 0));
    }
}
