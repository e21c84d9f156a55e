//! Links to the official module-configuration pages on docs.asterisk.org.
//!
//! The site (MkDocs, Python-Markdown `toc`) has one page per module, e.g.
//! `…/Asterisk_22_Documentation/API_Documentation/Module_Configuration/res_pjsip/`. Each object
//! type is a heading `[type]: Title`, so its anchor is the slug of that text; each option with a
//! long description is a heading named after the option, and the page's own option table links
//! to it as `#option` — we use the same anchor. Where two types of one page share an option name
//! the site numbers the later headings (`#outbound_proxy_1`), so such a link lands on the first
//! one; the type link is exact.

use pjsip_model::AsteriskVersion;

const SITE: &str = "https://docs.asterisk.org";

/// The heading title of each type on its module page (as published for Asterisk 16–23).
const TITLES: &[(&str, &str)] = &[
    ("endpoint", "Endpoint"),
    ("auth", "Authentication type"),
    ("domain_alias", "Domain Alias"),
    ("transport", "SIP Transport"),
    ("contact", "A way of creating an aliased name to a SIP URI"),
    ("aor", "The configuration for a location of an endpoint"),
    ("system", "Options that apply to the SIP stack as well as other system-wide settings"),
    ("global", "Options that apply globally to all SIP communications"),
    ("acl", "Access Control List"),
    ("identify", "Identifies endpoints via some criteria."),
    ("registration", "The configuration for outbound registration"),
    ("phoneprov", "Provides variables for each user."),
    ("outbound-publish", "The configuration for outbound publish"),
    ("inbound-publication", "The configuration for inbound publications"),
    ("asterisk-publication", "The configuration for inbound Asterisk event publication"),
    ("resource_list", "Resource list configuration parameters."),
    ("subscription_persistence", "Persists SIP subscriptions so they survive restarts."),
    ("wizard", "Provides config wizard."),
];

/// The module page that documents `type_name` for `version` (ends with `/`).
fn page(type_name: &str, version: AsteriskVersion) -> String {
    let module = super::module_of(type_name).unwrap_or("res_pjsip");
    format!("{SITE}/Asterisk_{}_Documentation/API_Documentation/Module_Configuration/{module}/", version.major())
}

/// The link to the type's section on its module page.
pub fn type_doc_url(type_name: &str, version: AsteriskVersion) -> String {
    let mut url = page(type_name, version);
    if let Some((_, title)) = TITLES.iter().find(|(t, _)| *t == type_name) {
        url.push('#');
        url.push_str(&slug(&format!("[{type_name}]: {title}")));
    }
    url
}

/// The link for `option` of `type_name` (the type's section when `option` is `None` or is a
/// pattern such as `endpoint/*` or `event_<event-package>`, which have no heading of their own).
pub fn doc_url(type_name: &str, option: Option<&str>, version: AsteriskVersion) -> String {
    match option {
        Some(name) if !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-') => {
            format!("{}#{}", page(type_name, version), slug(name))
        }
        _ => type_doc_url(type_name, version),
    }
}

/// Python-Markdown's default `toc` slug: drop characters other than word characters, spaces
/// and hyphens, lowercase, and turn runs of spaces and hyphens into one hyphen.
fn slug(text: &str) -> String {
    let kept: String = text.chars().filter(|c| c.is_alphanumeric() || *c == '_' || *c == '-' || c.is_whitespace()).collect();
    let mut out = String::new();
    let mut pending = false;
    for c in kept.trim().chars() {
        if c == '-' || c.is_whitespace() {
            pending = true;
        } else {
            if pending && !out.is_empty() {
                out.push('-');
            }
            pending = false;
            out.extend(c.to_lowercase());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_links_use_the_heading_slug() {
        assert_eq!(
            type_doc_url("endpoint", AsteriskVersion::V22),
            "https://docs.asterisk.org/Asterisk_22_Documentation/API_Documentation/Module_Configuration/res_pjsip/#endpoint-endpoint"
        );
        assert_eq!(
            type_doc_url("identify", AsteriskVersion::V20),
            "https://docs.asterisk.org/Asterisk_20_Documentation/API_Documentation/Module_Configuration/res_pjsip_endpoint_identifier_ip/#identify-identifies-endpoints-via-some-criteria"
        );
        assert!(type_doc_url("wizard", AsteriskVersion::V22).contains("/res_pjsip_config_wizard/#wizard-provides-config-wizard"));
        assert!(
            type_doc_url("outbound-publish", AsteriskVersion::V22).ends_with("#outbound-publish-the-configuration-for-outbound-publish")
        );
    }

    #[test]
    fn option_links_use_the_option_anchor_and_patterns_fall_back_to_the_type() {
        assert!(doc_url("aor", Some("max_contacts"), AsteriskVersion::V22).ends_with("/res_pjsip/#max_contacts"));
        assert!(doc_url("registration", Some("server_uri"), AsteriskVersion::V22).ends_with("/res_pjsip_outbound_registration/#server_uri"));
        assert_eq!(doc_url("wizard", Some("endpoint/*"), AsteriskVersion::V22), type_doc_url("wizard", AsteriskVersion::V22));
        assert_eq!(doc_url("endpoint", None, AsteriskVersion::V22), type_doc_url("endpoint", AsteriskVersion::V22));
    }

    #[test]
    fn every_type_has_a_title() {
        for ty in pjsip_model::schema::TYPES {
            assert!(TITLES.iter().any(|(t, _)| *t == ty.name), "{}", ty.name);
        }
    }
}
