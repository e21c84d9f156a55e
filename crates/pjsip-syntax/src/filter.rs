//! Category filters: the `filter` of a `[name](+filter)` header, which picks the earlier section
//! of that name to add the block to, read as `main/config.c` reads it (`does_category_match`).
//!
//! A filter is `name=value` expressions joined by `&`, both sides POSIX regular expressions
//! matched (unanchored) against a variable's name and value; a section matches when every
//! expression finds a variable, plus the `TEMPLATES=include|restrict` switch for templates.
//! Splitting follows Asterisk's `ast_strsep` (quotes and backslashes protect separators, quotes
//! around a part are stripped). Expressions are compiled once per header, not once per section
//! tried, and each match runs in linear time ([`crate::regex`]).

use crate::regex::{Regex, RegexError};

/// One `&`-separated part of a filter.
#[derive(Clone, Debug)]
pub enum Expression {
    /// `TEMPLATES=include`: templates may match too.
    IncludeTemplates,
    /// `TEMPLATES=restrict`: only templates match.
    OnlyTemplates,
    /// `TEMPLATES=` anything else: Asterisk counts the expression but never satisfies it.
    Unsatisfiable,
    /// A variable whose name matches `name` and value matches `value`.
    Variable { name: Regex, value: Regex },
}

/// A compiled filter, or why it can never match.
#[derive(Clone, Debug)]
pub enum Filter {
    /// `(+)`: any ordinary (non-template) section of the name.
    Any,
    Expressions(Vec<Expression>),
    /// A part has no `=` (Asterisk stops reading there): no section matches.
    Broken,
    /// A part does not compile (Asterisk logs an ERROR for each section it tries): no match.
    BadRegex {
        pattern: String,
        error: RegexError,
    },
}

impl Filter {
    /// Reads the text after `+` in a header option.
    pub fn new(filter: &str) -> Filter {
        if filter.is_empty() {
            return Filter::Any;
        }
        let mut expressions = Vec::new();
        let mut rest = Some(filter);
        while let Some(part) = strsep(&mut rest, '&') {
            let mut inner = Some(part);
            let name = strsep(&mut inner, '=');
            let Some(value) = strsep(&mut inner, '=') else { return Filter::Broken };
            let name = name.unwrap_or("");
            if name == "TEMPLATES" {
                expressions.push(if value.eq_ignore_ascii_case("include") {
                    Expression::IncludeTemplates
                } else if value.eq_ignore_ascii_case("restrict") {
                    Expression::OnlyTemplates
                } else {
                    Expression::Unsatisfiable
                });
                continue;
            }
            let compile = |pattern: &str| Regex::new(pattern).map_err(|error| Filter::BadRegex { pattern: pattern.to_string(), error });
            let name = match compile(name) {
                Ok(re) => re,
                Err(broken) => return broken,
            };
            let value = match compile(value) {
                Ok(re) => re,
                Err(broken) => return broken,
            };
            expressions.push(Expression::Variable { name, value });
        }
        Filter::Expressions(expressions)
    }

    /// Whether a section with these variables matches. `variables` yields name and value
    /// pairs; `budget` is decreased by the work done and the answer is `None` once it is spent.
    pub fn matches<'v>(
        &self,
        is_template: bool,
        variables: impl Fn() -> Box<dyn Iterator<Item = (&'v str, &'v str)> + 'v>,
        budget: &mut u64,
    ) -> Option<bool> {
        // Every section tried costs something, even one the first expression rules out.
        *budget = budget.checked_sub(16)?;
        let expressions = match self {
            Filter::Any => return Some(!is_template),
            Filter::Broken | Filter::BadRegex { .. } => return Some(false),
            Filter::Expressions(expressions) => expressions,
        };
        let mut template_ok = false;
        for expression in expressions {
            match expression {
                Expression::IncludeTemplates => template_ok |= is_template,
                Expression::OnlyTemplates if is_template => template_ok = true,
                Expression::OnlyTemplates | Expression::Unsatisfiable => return Some(false),
                Expression::Variable { name: name_re, value: value_re } => {
                    let mut found = false;
                    for (name, value) in variables() {
                        // The regex steps, plus a fixed charge for looking at the variable at all.
                        let cost = name_re.cost(name.len()) + value_re.cost(value.len()) + 8;
                        *budget = budget.checked_sub(cost)?;
                        if name_re.is_match(name) && value_re.is_match(value) {
                            found = true;
                            break;
                        }
                    }
                    if !found {
                        return Some(false);
                    }
                }
            }
        }
        Some(!is_template || template_ok)
    }
}

/// Asterisk's `ast_strsep(…, AST_STRSEP_STRIP)`: the next part of `rest` up to `sep`, where a
/// backslash protects the next character and quotes protect separators; the part is trimmed
/// and one pair of surrounding quotes removed. An empty remainder still yields one empty part
/// (and then `None`), as in C. More than seven nested quotes make Asterisk give up: `None`.
fn strsep<'a>(rest: &mut Option<&'a str>, sep: char) -> Option<&'a str> {
    let text = (*rest)?;
    if text.is_empty() {
        *rest = None;
        return Some(text);
    }
    let bytes = text.as_bytes();
    let mut quotes: Vec<u8> = Vec::new();
    let mut i = 0;
    let mut end = None;
    while i < bytes.len() {
        let mut b = bytes[i];
        if b == b'\\' {
            i += 1;
            if i >= bytes.len() {
                break;
            }
            i += 1;
            if i >= bytes.len() {
                break;
            }
            b = bytes[i];
        }
        if b == b'\'' || b == b'"' {
            if quotes.last() == Some(&b) {
                quotes.pop();
            } else {
                if quotes.len() + 1 >= 8 {
                    return None;
                }
                quotes.push(b);
            }
        }
        if b == sep as u8 && quotes.is_empty() {
            end = Some(i);
            break;
        }
        i += 1;
    }
    let part = match end {
        Some(at) => {
            *rest = Some(&text[at + 1..]);
            &text[..at]
        }
        None => {
            *rest = None;
            text
        }
    };
    Some(strip_quoted(part))
}

/// `ast_strip_quoted(s, "'\"", "'\"")`: trims white space, then drops a leading quote together
/// with a trailing one of the same kind.
fn strip_quoted(part: &str) -> &str {
    let part = part.trim_matches(|c: char| c.is_ascii_whitespace() || c == '\x0b');
    let bytes = part.as_bytes();
    match bytes.first() {
        Some(&q @ (b'\'' | b'"')) if bytes.last() == Some(&q) => {
            // A lone quote is both first and last: C empties it.
            if part.len() == 1 {
                ""
            } else {
                &part[1..part.len() - 1]
            }
        }
        _ => part,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(filter: &str, is_template: bool, vars: &[(&'static str, &'static str)]) -> bool {
        let vars = vars.to_vec();
        let mut budget = u64::MAX;
        Filter::new(filter).matches(is_template, || Box::new(vars.clone().into_iter()), &mut budget).unwrap()
    }

    #[test]
    fn splits_like_ast_strsep() {
        let mut rest = Some(r#"a=1 & "b=2&3" &c\&d"#);
        assert_eq!(strsep(&mut rest, '&'), Some("a=1"));
        assert_eq!(strsep(&mut rest, '&'), Some("b=2&3"));
        assert_eq!(strsep(&mut rest, '&'), Some(r"c\&d"));
        assert_eq!(strsep(&mut rest, '&'), None);
        let mut trailing = Some("a=1&");
        assert_eq!(strsep(&mut trailing, '&'), Some("a=1"));
        assert_eq!(strsep(&mut trailing, '&'), Some(""));
        assert_eq!(strsep(&mut trailing, '&'), None);
    }

    #[test]
    fn filters_as_asterisk_does() {
        let endpoint = [("type", "endpoint"), ("context", "from-internal")];
        assert!(check("", false, &endpoint));
        assert!(!check("", true, &endpoint));
        assert!(check("type=endpoint", false, &endpoint));
        assert!(check("type=^end", false, &endpoint));
        assert!(!check("type=^point", false, &endpoint));
        // The name is a regex too, unanchored: `ty` finds `type`.
        assert!(check("ty=endpoint", false, &endpoint));
        assert!(check("type=endpoint&context=internal$", false, &endpoint));
        assert!(!check("type=endpoint&context=^internal", false, &endpoint));
        assert!(!check("type", false, &endpoint), "a part without `=` never matches");
        assert!(!check("type=endpoint&", false, &endpoint), "a trailing `&` adds an empty part");
        assert!(check("type=", false, &endpoint), "an empty value matches any value");
        assert!(!check("type=(", false, &endpoint), "a bad regex matches nothing");
        assert!(check("TEMPLATES=include", true, &endpoint));
        assert!(check("TEMPLATES=restrict", true, &endpoint));
        assert!(!check("TEMPLATES=restrict", false, &endpoint));
        assert!(!check("TEMPLATES=maybe", false, &endpoint));
        assert!(!check("templates=include", true, &endpoint), "TEMPLATES is compared case-sensitively");
    }

    #[test]
    fn budget_stops_the_work() {
        let vars = vec![("type", "endpoint"); 100];
        let mut budget = 50;
        let result = Filter::new("nomatch=x").matches(false, || Box::new(vars.clone().into_iter()), &mut budget);
        assert_eq!(result, None);
    }
}
