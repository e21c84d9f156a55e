//! Compact header names and their full forms.
//!
//! RFC 3261 §7.3.3 and the extensions that registered a one-letter form (RFC 3265/6665 `o`/`u`,
//! RFC 3515 `r`, RFC 3892 `b`, RFC 4028 `x`, RFC 8224 `y`, RFC 3841 `a`/`j`/`d`).

const COMPACT: &[(u8, &str)] = &[
    (b'a', "Accept-Contact"),
    (b'b', "Referred-By"),
    (b'c', "Content-Type"),
    (b'd', "Request-Disposition"),
    (b'e', "Content-Encoding"),
    (b'f', "From"),
    (b'i', "Call-ID"),
    (b'j', "Reject-Contact"),
    (b'k', "Supported"),
    (b'l', "Content-Length"),
    (b'm', "Contact"),
    (b'o', "Event"),
    (b'r', "Refer-To"),
    (b's', "Subject"),
    (b't', "To"),
    (b'u', "Allow-Events"),
    (b'v', "Via"),
    (b'x', "Session-Expires"),
    (b'y', "Identity"),
];

/// The full name of a compact header name (`v` → `Via`, any case); other names unchanged.
pub fn full_name(name: &str) -> &str {
    match name.as_bytes() {
        [letter] => COMPACT.iter().find(|(c, _)| *c == letter.to_ascii_lowercase()).map_or(name, |(_, full)| full),
        _ => name,
    }
}

#[cfg(test)]
mod tests {
    use super::full_name;

    #[test]
    fn compact_forms_map_to_full_names_in_any_case() {
        assert_eq!(full_name("v"), "Via");
        assert_eq!(full_name("I"), "Call-ID");
        assert_eq!(full_name("l"), "Content-Length");
        assert_eq!(full_name("y"), "Identity");
        assert_eq!(full_name("q"), "q");
        assert_eq!(full_name("Via"), "Via");
        assert_eq!(full_name(""), "");
    }
}
