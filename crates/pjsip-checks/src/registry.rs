//! The registry: [`Rule`] names every diagnostic code of every layer — those of parsing and
//! loading (`pjsip_syntax::codes`), of the model's apply step (`pjsip_model::codes`) and of the
//! checks ([`crate::codes`]) — in the order `docs/diagnostics.md` lists them. Docs and tooling
//! read it; the table of `docs/diagnostics.md` is generated from it ([`docs_tables`]).

use std::fmt;

use pjsip_model::codes as model;
use pjsip_syntax::codes as syntax;
use pjsip_syntax::{Code, Family, Severity};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::codes as checks;

macro_rules! registry {
    ($($rule:ident => $code:path,)*) => {
        /// One diagnostic code of any layer. Its name, severity and documentation are those of
        /// its [`Code`]; the order is the documentation's.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Rule {
            $(
                #[doc = concat!("See [`", stringify!($code), "`].")]
                $rule,
            )*
        }

        impl Rule {
            /// Every rule, in documentation order.
            pub const ALL: &'static [Rule] = &[$(Rule::$rule),*];

            /// The code its diagnostics carry.
            pub const fn code(self) -> Code {
                match self {
                    $(Rule::$rule => $code,)*
                }
            }
        }
    };
}

registry! {
    SyntaxUnterminatedBlockComment => syntax::SYNTAX_UNTERMINATED_BLOCK_COMMENT,
    SyntaxLineTooLong => syntax::SYNTAX_LINE_TOO_LONG,
    SyntaxCommentNestingLimit => syntax::SYNTAX_COMMENT_NESTING_LIMIT,
    SyntaxStrayBlockCommentEnd => syntax::SYNTAX_STRAY_BLOCK_COMMENT_END,
    SyntaxUnclosedBracket => syntax::SYNTAX_UNCLOSED_BRACKET,
    SyntaxUnclosedParen => syntax::SYNTAX_UNCLOSED_PAREN,
    SyntaxSpaceBeforeHeaderOptions => syntax::SYNTAX_SPACE_BEFORE_HEADER_OPTIONS,
    SyntaxHeaderTrailingText => syntax::SYNTAX_HEADER_TRAILING_TEXT,
    SyntaxSectionNameSpaces => syntax::SYNTAX_SECTION_NAME_SPACES,
    SyntaxEmptySectionName => syntax::SYNTAX_EMPTY_SECTION_NAME,
    SyntaxUnknownDirective => syntax::SYNTAX_UNKNOWN_DIRECTIVE,
    SyntaxExecNotRun => syntax::SYNTAX_EXEC_NOT_RUN,
    SyntaxDirectiveNeedsArgument => syntax::SYNTAX_DIRECTIVE_NEEDS_ARGUMENT,
    SyntaxInvalidEscape => syntax::SYNTAX_INVALID_ESCAPE,
    SyntaxMissingEquals => syntax::SYNTAX_MISSING_EQUALS,
    SyntaxMissingName => syntax::SYNTAX_MISSING_NAME,
    ConfigLimit => syntax::CONFIG_LIMIT,
    ConfigNoSection => syntax::CONFIG_NO_SECTION,
    ConfigTryincludeNotFound => syntax::CONFIG_TRYINCLUDE_NOT_FOUND,
    ConfigIncludeNotFound => syntax::CONFIG_INCLUDE_NOT_FOUND,
    ConfigIncludeCycle => syntax::CONFIG_INCLUDE_CYCLE,
    ConfigIncludeTooDeep => syntax::CONFIG_INCLUDE_TOO_DEEP,
    ConfigBadFilter => syntax::CONFIG_BAD_FILTER,
    ConfigAdditionWithoutSection => syntax::CONFIG_ADDITION_WITHOUT_SECTION,
    ConfigMissingBaseSection => syntax::CONFIG_MISSING_BASE_SECTION,
    TypeMissing => checks::TYPE_MISSING,
    TypeUnknown => checks::TYPE_UNKNOWN,
    SectionDuplicate => checks::SECTION_DUPLICATE,
    SectionSingleton => checks::SECTION_SINGLETON,
    SectionSecondSingleton => checks::SECTION_SECOND_SINGLETON,
    OptionUnknown => checks::OPTION_UNKNOWN,
    OptionNotInVersion => checks::OPTION_NOT_IN_VERSION,
    OptionInvalidValue => model::OPTION_INVALID_VALUE,
    OptionBoolWord => checks::OPTION_BOOL_WORD,
    OptionCase => checks::OPTION_CASE,
    OptionIgnoredValue => checks::OPTION_IGNORED_VALUE,
    AuthMissingCredentials => model::AUTH_MISSING_CREDENTIALS,
    IdentifyIncomplete => model::IDENTIFY_INCOMPLETE,
    IdentifyBadRegex => model::IDENTIFY_BAD_REGEX,
    RegistrationBadUri => model::REGISTRATION_BAD_URI,
    RegistrationLine => model::REGISTRATION_LINE,
    RegistrationExpiration => model::REGISTRATION_EXPIRATION,
    TransportNoBind => model::TRANSPORT_NO_BIND,
    TransportBindConflict => model::TRANSPORT_BIND_CONFLICT,
    EndpointTimers => model::ENDPOINT_TIMERS,
    EndpointDtls => model::ENDPOINT_DTLS,
    EndpointRtpPorts => model::ENDPOINT_RTP_PORTS,
    EndpointCodecPrefs => model::ENDPOINT_CODEC_PREFS,
    EndpointNoAor => checks::ENDPOINT_NO_AOR,
    AorMaxContactsZero => checks::AOR_MAX_CONTACTS_ZERO,
    NatPartial => checks::NAT_PARTIAL,
    NatEndpointSettings => checks::NAT_ENDPOINT_SETTINGS,
    NatDirectMedia => checks::NAT_DIRECT_MEDIA,
    NatNoLocalNet => checks::NAT_NO_LOCAL_NET,
    EndpointNoCodecs => checks::ENDPOINT_NO_CODECS,
    AuthWrongDirection => checks::AUTH_WRONG_DIRECTION,
    IdentifyOverlap => checks::IDENTIFY_OVERLAP,
    IdentifyHostname => checks::IDENTIFY_HOSTNAME,
    TransportTlsOptions => checks::TRANSPORT_TLS_OPTIONS,
    TransportWebsocket => checks::TRANSPORT_WEBSOCKET,
    TransportRestart => checks::TRANSPORT_RESTART,
    RefMissing => model::REF_MISSING,
    RefWrongType => checks::REF_WRONG_TYPE,
    RefRejected => checks::REF_REJECTED,
    WizardCollision => checks::WIZARD_COLLISION,
    WizardIncomplete => model::WIZARD_INCOMPLETE,
    WizardUnknownKey => checks::WIZARD_UNKNOWN_KEY,
}

impl Rule {
    /// The stable name (`type/unknown`).
    pub const fn name(self) -> &'static str {
        self.code().name()
    }

    pub const fn family(self) -> Family {
        self.code().family()
    }

    /// The severity its diagnostics get unless a site says otherwise.
    pub const fn severity(self) -> Severity {
        self.code().severity()
    }

    pub const fn summary(self) -> &'static str {
        self.code().summary()
    }

    /// The meaning, as `docs/diagnostics.md` shows it.
    pub const fn docs(self) -> &'static str {
        self.code().docs()
    }

    /// The rule of a code (`None` only for a code no layer defines, such as a test's own).
    pub fn of(code: Code) -> Option<Rule> {
        Rule::ALL.iter().copied().find(|r| r.code() == code)
    }

    /// The rule called `name` (`type/unknown`), if there is one.
    pub fn from_name(name: &str) -> Option<Rule> {
        Rule::ALL.iter().copied().find(|r| r.name() == name)
    }

    /// Whether it comes from parsing and loading the files (`syntax/*`, `config/*`).
    pub fn is_loading(self) -> bool {
        self.family().is_loading()
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for Rule {
    type Err = String;

    fn from_str(name: &str) -> Result<Rule, String> {
        Rule::from_name(name).ok_or_else(|| format!("`{name}` is not a diagnostic code"))
    }
}

impl From<Rule> for Code {
    fn from(rule: Rule) -> Code {
        rule.code()
    }
}

impl PartialEq<Rule> for Code {
    fn eq(&self, rule: &Rule) -> bool {
        *self == rule.code()
    }
}

impl PartialEq<Code> for Rule {
    fn eq(&self, code: &Code) -> bool {
        self.code() == *code
    }
}

/// Written as its name, like the code.
impl Serialize for Rule {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

/// Read from its name; an unknown name is an error that says so.
impl<'de> Deserialize<'de> for Rule {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Rule, D::Error> {
        let name = String::deserialize(deserializer)?;
        name.parse().map_err(serde::de::Error::custom)
    }
}

/// The tables of `docs/diagnostics.md` (Markdown): the codes of parsing and loading, then
/// those of the objects, each row `code | severity | meaning`.
pub fn docs_tables() -> String {
    let mut out = String::new();
    let groups = [("Parsing and loading (`pjsip-syntax`)", true), ("Objects (`pjsip-model`, `pjsip-checks`)", false)];
    for (n, (title, loading)) in groups.into_iter().enumerate() {
        if n > 0 {
            out.push('\n');
        }
        out.push_str(&format!("### {title}\n\n| code | severity | meaning |\n|---|---|---|\n"));
        for rule in Rule::ALL.iter().filter(|r| r.is_loading() == loading) {
            out.push_str(&format!("| `{}` | {} | {} |\n", rule.name(), rule.severity().as_str(), rule.docs()));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn the_registry_lists_every_code_of_every_layer_once() {
        let registry: Vec<Code> = Rule::ALL.iter().map(|r| r.code()).collect();
        let defined: Vec<Code> = syntax::ALL.iter().chain(model::ALL).chain(checks::ALL).copied().collect();
        let names = |codes: &[Code]| codes.iter().map(|c| c.name()).collect::<BTreeSet<_>>();
        assert_eq!(names(&registry).len(), registry.len(), "a code is listed twice");
        assert_eq!(names(&defined).len(), defined.len(), "two layers define the same name");
        assert_eq!(names(&registry), names(&defined));
    }

    #[test]
    fn a_rule_is_named_after_its_code() {
        for rule in Rule::ALL {
            let camel: String = rule.name().split(['/', '-']).map(|word| word[..1].to_ascii_uppercase() + &word[1..]).collect();
            assert_eq!(format!("{rule:?}"), camel);
            assert_eq!(Rule::from_name(rule.name()), Some(*rule));
            assert_eq!(Rule::of(rule.code()), Some(*rule));
            assert!(rule.code() == *rule && *rule == rule.code());
            assert_eq!(rule.to_string(), rule.name());
        }
        assert_eq!(Rule::from_name("type/unknwon"), None);
    }

    #[test]
    fn names_families_and_texts_are_well_formed() {
        for rule in Rule::ALL {
            let name = rule.name();
            let (family, rest) = name.split_once('/').expect("family/rule");
            assert_eq!(rule.family().name(), family, "{name}");
            assert!(!rest.is_empty() && name.bytes().all(|b| b.is_ascii_lowercase() || b == b'/' || b == b'-'), "{name}");
            assert!(!rule.summary().is_empty() && !rule.summary().contains('\n'), "{name}: one line of summary");
            assert!(rule.summary().ends_with('.') && rule.docs().ends_with('.'), "{name}: sentences end with a full stop");
            // The docs are a Markdown table cell.
            assert!(!rule.docs().contains('|') && !rule.docs().contains('\n'), "{name}");
        }
    }

    #[test]
    fn rules_read_and_write_their_names() {
        assert_eq!(serde_json::to_string(&Rule::TypeUnknown).unwrap(), "\"type/unknown\"");
        assert_eq!(serde_json::from_str::<Rule>("\"nat/partial\"").unwrap(), Rule::NatPartial);
        let error = serde_json::from_str::<Rule>("\"nat/partal\"").unwrap_err().to_string();
        assert!(error.contains("`nat/partal` is not a diagnostic code"), "{error}");
    }
}
