//! Dialplan extension patterns (`_2XX`, `_X.`, `_[1-5]!`) matched against a dialed string.
//! (Identify regexes are POSIX expressions: `pjsip_syntax::regex`.)

/// How an extension relates to a dialed string.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExtenMatch {
    /// The extension matches the string.
    Full,
    /// More digits could still make it match (what overlap dialing answers 484 for).
    Partial,
    No,
}

#[derive(Clone, Debug)]
enum Tok {
    Set(Vec<(char, char)>),
    /// `.`: one or more of anything.
    OneOrMore,
    /// `!`: zero or more of anything.
    ZeroOrMore,
}

/// Matches a dialed string against an extension as written (`_` starts a pattern).
pub fn exten_match(extension: &str, dialed: &str) -> ExtenMatch {
    let Some(pattern) = extension.strip_prefix('_') else {
        return if extension == dialed {
            ExtenMatch::Full
        } else if extension.starts_with(dialed) {
            ExtenMatch::Partial
        } else {
            ExtenMatch::No
        };
    };
    let tokens = exten_tokens(pattern);
    let chars: Vec<char> = dialed.chars().collect();
    match_tokens(&tokens, &chars)
}

fn exten_tokens(pattern: &str) -> Vec<Tok> {
    let mut tokens = Vec::new();
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        let tok = match c.to_ascii_uppercase() {
            'X' => Tok::Set(vec![('0', '9')]),
            'Z' => Tok::Set(vec![('1', '9')]),
            'N' => Tok::Set(vec![('2', '9')]),
            '.' => Tok::OneOrMore,
            '!' => Tok::ZeroOrMore,
            // Dashes only make long patterns readable.
            '-' => continue,
            '[' => {
                let body: Vec<char> = chars.by_ref().take_while(|&c| c != ']').collect();
                Tok::Set(char_ranges(&body))
            }
            _ => Tok::Set(vec![(c, c)]),
        };
        tokens.push(tok);
    }
    tokens
}

/// One pass over tokens and characters together: each token is a single character class
/// except the two wildcards, which end the comparison. Linear, and no recursion (a pattern may
/// be thousands of characters long).
fn match_tokens(tokens: &[Tok], s: &[char]) -> ExtenMatch {
    let mut chars = s.iter();
    for token in tokens {
        let next = chars.next();
        match (token, next) {
            (Tok::ZeroOrMore, _) => return ExtenMatch::Full,
            (Tok::OneOrMore, None) => return ExtenMatch::Partial,
            (Tok::OneOrMore, Some(_)) => return ExtenMatch::Full,
            (Tok::Set(_), None) => return ExtenMatch::Partial,
            (Tok::Set(set), Some(&c)) => {
                if !set.iter().any(|&(lo, hi)| lo <= c && c <= hi) {
                    return ExtenMatch::No;
                }
            }
        }
    }
    if chars.next().is_none() {
        ExtenMatch::Full
    } else {
        ExtenMatch::No
    }
}

/// Asterisk's order of a context's extensions (`ext_cmp` in `main/pbx.c`): plain extensions
/// before patterns, plain ones by their characters (`-` ignored), patterns position by position,
/// the position matching fewer characters first (`.` and `!` last). A lookup takes the first
/// extension in this order that matches, so `100` wins over `_1XX`, and `_1XX` over `_X.`.
pub fn exten_cmp(left: &str, right: &str) -> std::cmp::Ordering {
    match (left.strip_prefix('_'), right.strip_prefix('_')) {
        (None, Some(_)) => std::cmp::Ordering::Less,
        (Some(_), None) => std::cmp::Ordering::Greater,
        (None, None) => {
            let plain = |s: &str| s.bytes().filter(|&b| b != b'-').collect::<Vec<u8>>();
            plain(left).cmp(&plain(right))
        }
        (Some(l), Some(r)) => {
            let (mut l, mut r) = (l.as_bytes(), r.as_bytes());
            loop {
                let (left_key, left_set, left_rest) = pattern_position(l);
                let (right_key, right_set, right_rest) = pattern_position(r);
                // More specific (smaller key) first; then the set with the higher characters.
                let order = left_key.cmp(&right_key).then_with(|| right_set.cmp(&left_set));
                if order != std::cmp::Ordering::Equal || (left_rest.is_empty() && right_rest.is_empty() && left_key == END) {
                    return order;
                }
                (l, r) = (left_rest, right_rest);
            }
        }
    }
}

/// The key of a pattern's end (`ext_cmp_pattern_pos` returns it for the terminating NUL).
const END: u32 = 0x30000;

/// One position of a pattern as `ext_cmp_pattern_pos` scores it: (key, the set of characters,
/// the rest). The key's high part counts the characters the position matches, its low byte is
/// the lowest of them; wildcards and the end score above every set.
fn pattern_position(mut p: &[u8]) -> (u32, [u8; 32], &[u8]) {
    let mut set = [0u8; 32];
    loop {
        while p.first() == Some(&b'-') {
            p = &p[1..];
        }
        let Some((&c, rest)) = p.split_first() else { return (END, set, p) };
        p = rest;
        let bit = |set: &mut [u8; 32], c: u8| set[usize::from(c / 8)] |= 1 << (7 - c % 8);
        match c {
            b'n' | b'N' => {
                (b'2'..=b'9').for_each(|d| bit(&mut set, d));
                return (0x0800 | u32::from(b'2'), set, p);
            }
            b'x' | b'X' => {
                (b'0'..=b'9').for_each(|d| bit(&mut set, d));
                return (0x0A00 | u32::from(b'0'), set, p);
            }
            b'z' | b'Z' => {
                (b'1'..=b'9').for_each(|d| bit(&mut set, d));
                return (0x0900 | u32::from(b'1'), set, p);
            }
            b'.' => return (0x18000, set, p),
            b'!' => return (0x28000, set, p),
            b'[' => {
                let Some(end) = p.iter().position(|&b| b == b']') else { return (0x40000, set, &[]) };
                let (body, rest) = (&p[..end], &p[end + 1..]);
                p = rest;
                let mut count = 0u32;
                let mut lowest = 0xFFu8;
                let mut i = 0;
                while i < body.len() {
                    let range = i + 2 < body.len() && body[i + 1] == b'-';
                    let (first, last) = if range { (body[i], body[i + 2]) } else { (body[i], body[i]) };
                    i += if range { 3 } else { 1 };
                    lowest = lowest.min(first);
                    for c in first..=last {
                        if set[usize::from(c / 8)] & (1 << (7 - c % 8)) == 0 {
                            bit(&mut set, c);
                            count += 0x100;
                        }
                    }
                }
                // An empty set (`[]`) is skipped, as Asterisk does.
                if count > 0 {
                    return (count | u32::from(lowest), set, p);
                }
            }
            c => {
                bit(&mut set, c);
                return (0x0100 | u32::from(c), set, p);
            }
        }
    }
}

/// The members of a dialplan pattern's bracket set (`[1-5a]`) as inclusive
/// ranges: `x-y` is a range, any other character stands for itself.
fn char_ranges(body: &[char]) -> Vec<(char, char)> {
    let mut ranges = Vec::new();
    let mut i = 0;
    while i < body.len() {
        if i + 2 < body.len() && body[i + 1] == '-' {
            ranges.push((body[i], body[i + 2]));
            i += 3;
        } else {
            ranges.push((body[i], body[i]));
            i += 1;
        }
    }
    ranges
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extensions_sort_as_asterisk_sorts_them() {
        let mut list = vec!["_X.", "_!", "_1XX", "100", "_1[0-5]X", "_NXX", "_[a-c]"];
        list.sort_by(|a, b| exten_cmp(a, b));
        // A set of three letters matches fewer characters than N's eight digits: it sorts first.
        assert_eq!(list, ["100", "_1[0-5]X", "_1XX", "_[a-c]", "_NXX", "_X.", "_!"]);
    }

    #[test]
    fn extension_patterns() {
        assert_eq!(exten_match("_2XX", "250"), ExtenMatch::Full);
        assert_eq!(exten_match("_2XX", "2500"), ExtenMatch::No);
        assert_eq!(exten_match("_2XX", "25"), ExtenMatch::Partial);
        assert_eq!(exten_match("12345", "123"), ExtenMatch::Partial);
        assert_eq!(exten_match("_[!-~].", "*97"), ExtenMatch::Full);
        assert_eq!(exten_match("_[!-~].", "0"), ExtenMatch::Partial);
        assert_eq!(exten_match("_X!", "5"), ExtenMatch::Full);
    }
}
