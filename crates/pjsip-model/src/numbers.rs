//! How Asterisk's option handlers read numbers, groups, caller ids and DSCP names.
//!
//! Most numeric options go through `ast_parse_arg` (strict `strtoul`/`strtol`, see
//! [`crate::values::parse_integer`]), but a few custom handlers read with `sscanf`, which is
//! lenient in its own ways: a leading sign is allowed for unsigned numbers and wraps around,
//! reading stops at the first character that does not fit (`12abc` is 12, `0x10` is 0 for a
//! decimal read), and an overflow keeps the low bits. The display of those options, and
//! whether they are accepted at all, follow from these readings — so they live in one place.

/// A C `unsigned int` read by `sscanf("%u")`: optional blanks and sign, decimal digits, the rest
/// ignored. `None` when no digit is there (the handler then fails). Values wrap modulo 2³², a
/// negative number included (`-1` is 4294967295).
pub fn scan_u32(text: &str) -> Option<u32> {
    let (negative, digits) = leading_digits(text, 10)?;
    let magnitude = wrap_u64(digits, 10);
    let value = magnitude as u32;
    Some(if negative { value.wrapping_neg() } else { value })
}

/// A C `int` read by `sscanf("%i")`: like [`scan_u32`] but the base follows the prefix (`0x`
/// hexadecimal, a leading `0` octal) and the result is signed.
pub fn scan_int_auto(text: &str) -> Option<i64> {
    let trimmed = text.trim_start();
    let (sign_len, negative) = match trimmed.as_bytes().first() {
        Some(b'-') => (1, true),
        Some(b'+') => (1, false),
        _ => (0, false),
    };
    let body = &trimmed[sign_len..];
    let (radix, rest) = if (body.starts_with("0x") || body.starts_with("0X")) && body[2..].starts_with(|c: char| c.is_ascii_hexdigit()) {
        (16, &body[2..])
    } else if body.starts_with('0') {
        (8, body)
    } else {
        (10, body)
    };
    let (_, digits) = leading_digits(rest, radix)?;
    let value = wrap_u64(digits, radix) as u32 as i32;
    Some(if negative { i64::from(value.wrapping_neg()) } else { i64::from(value) })
}

/// A C `int` read by `sscanf("%d")`, `None` when there is no number (an empty text included).
pub fn scan_i32(text: &str) -> Option<i32> {
    let (negative, digits) = leading_digits(text, 10)?;
    let value = wrap_u64(digits, 10) as u32 as i32;
    Some(if negative { value.wrapping_neg() } else { value })
}

/// Skips blanks and a sign; the run of digits in `radix` after them, if any.
fn leading_digits(text: &str, radix: u32) -> Option<(bool, &str)> {
    let text = text.trim_start();
    let (negative, rest) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    let end = rest.find(|c: char| !c.is_digit(radix)).unwrap_or(rest.len());
    (end > 0).then(|| (negative, &rest[..end]))
}

/// The digits' value, saturating at `u64::MAX` as glibc's `strtoul` does on a 64-bit machine
/// (the caller then keeps the low 32 bits, as the store into an `int` does).
fn wrap_u64(digits: &str, radix: u32) -> u64 {
    digits
        .chars()
        .try_fold(0u64, |acc, c| acc.checked_mul(u64::from(radix))?.checked_add(u64::from(c.to_digit(radix)?)))
        .unwrap_or(u64::MAX)
}

/// A decimal option as `ast_parse_arg` reads it with `strtod`: leading blanks, a sign, then a
/// decimal number with optional exponent, a hexadecimal one (`0x10`, `0x1.8p3`), `inf`,
/// `infinity` or `nan`; nothing may follow, and a value out of the double range is refused.
pub fn parse_double(text: &str) -> Option<f64> {
    let body = text.trim_start();
    let (negative, unsigned) = match body.as_bytes().first() {
        Some(b'-') => (true, &body[1..]),
        Some(b'+') => (false, &body[1..]),
        _ => (false, body),
    };
    let lower = unsigned.to_ascii_lowercase();
    let magnitude = if lower == "inf" || lower == "infinity" {
        f64::INFINITY
    } else if lower == "nan" || (lower.starts_with("nan(") && lower.ends_with(')')) {
        f64::NAN
    } else if let Some(hex) = lower.strip_prefix("0x") {
        parse_hex_double(hex)?
    } else {
        // Rust's grammar is strtod's decimal grammar, less the forms handled above.
        let decimal = unsigned.parse::<f64>().ok().filter(|_| unsigned.starts_with(|c: char| c.is_ascii_digit() || c == '.'))?;
        if decimal.is_infinite() {
            return None;
        }
        decimal
    };
    Some(if negative { -magnitude } else { magnitude })
}

/// The digits after `0x`: hexadecimal mantissa with an optional point and binary exponent.
fn parse_hex_double(hex: &str) -> Option<f64> {
    let (mantissa, exponent) = match hex.split_once('p') {
        Some((m, e)) => (m, e.parse::<i32>().ok()?),
        None => (hex, 0),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    if whole.is_empty() && fraction.is_empty() {
        return None;
    }
    let mut value = 0f64;
    for c in whole.chars() {
        value = value * 16.0 + f64::from(c.to_digit(16)?);
    }
    let mut scale = 1.0 / 16.0;
    for c in fraction.chars() {
        value += f64::from(c.to_digit(16)?) * scale;
        scale /= 16.0;
    }
    let value = value * 2f64.powi(exponent);
    value.is_finite().then_some(value)
}

/// An IPv4 address the way `inet_aton` reads one: one to four parts, each decimal, octal
/// (leading `0`) or hexadecimal (`0x`); the last part fills the remaining bytes (`127.1` is
/// 127.0.0.1, `0x7f000002` is 127.0.0.2, `127.000.000.002` is 127.0.0.2).
pub fn inet_aton(text: &str) -> Option<std::net::Ipv4Addr> {
    let parts: Vec<&str> = text.split('.').collect();
    if parts.is_empty() || parts.len() > 4 {
        return None;
    }
    let mut values = Vec::with_capacity(parts.len());
    for part in &parts {
        let (radix, digits) = match part.get(..2) {
            Some(p) if p.eq_ignore_ascii_case("0x") => (16, &part[2..]),
            _ if part.len() > 1 && part.starts_with('0') => (8, &part[1..]),
            _ => (10, *part),
        };
        if part.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
            return None;
        }
        values.push(if digits.is_empty() { 0 } else { u64::from_str_radix(digits, radix).ok()? });
    }
    let (last, leading) = values.split_last()?;
    if leading.iter().any(|v| *v > 255) {
        return None;
    }
    let last_bits = 8 * (5 - values.len() as u32);
    if last_bits < 64 && *last >= 1u64 << last_bits {
        return None;
    }
    let address = leading.iter().enumerate().fold(*last, |acc, (i, v)| acc | (v << (24 - 8 * i as u32)));
    Some(std::net::Ipv4Addr::from(address as u32))
}

/// The DSCP names Asterisk knows (`ast_str2tos`) and their code points.
const DSCP: &[(&str, u8)] = &[
    ("CS0", 0),
    ("CS1", 8),
    ("CS2", 16),
    ("CS3", 24),
    ("CS4", 32),
    ("CS5", 40),
    ("CS6", 48),
    ("CS7", 56),
    ("AF11", 10),
    ("AF12", 12),
    ("AF13", 14),
    ("AF21", 18),
    ("AF22", 20),
    ("AF23", 22),
    ("AF31", 26),
    ("AF32", 28),
    ("AF33", 30),
    ("AF41", 34),
    ("AF42", 36),
    ("AF43", 38),
    ("EF", 46),
];

/// The TOS byte of a `tos`, `tos_audio` or `tos_video` value: a number in any C base (only its
/// low 8 bits count), or a DSCP name shifted into the TOS position (`ef` is 184). `None` when it
/// is neither: the handler refuses it. A transport's value is then rounded down to a multiple
/// of 4 ([`transport_tos`]).
pub fn tos(text: &str) -> Option<u8> {
    if let Some(n) = scan_int_auto(text) {
        return Some((n & 0xff) as u8);
    }
    DSCP.iter().find(|(name, _)| name.eq_ignore_ascii_case(text)).map(|(_, dscp)| dscp << 2)
}

/// A transport's TOS: as [`tos`], with the two low (ECN) bits cleared, as its handler does.
pub fn transport_tos(text: &str) -> Option<u8> {
    tos(text).map(|t| t & !3)
}

/// The call or pickup groups of a `call_group`/`pickup_group` value, as `ast_get_group`
/// reads it: comma-separated numbers and `a-b` ranges; numbers outside 0..=63 and unreadable
/// pieces are ignored (Asterisk logs them). An empty piece repeats the last start number read
/// (group 0 when it comes first), as the C code does.
pub fn groups(text: &str) -> u64 {
    let mut set = 0u64;
    if text.is_empty() {
        return 0;
    }
    let mut start: i32 = 0;
    for piece in text.split(',') {
        let finish;
        match range(piece) {
            Some((a, b)) => {
                start = a;
                finish = b;
            }
            None => match scan_i32(piece) {
                Some(a) => {
                    start = a;
                    finish = a;
                }
                // sscanf returns EOF on a blank piece, which the handler takes as a match.
                None if piece.trim().is_empty() => finish = start,
                None => continue,
            },
        }
        for group in start.max(0)..=finish.min(63) {
            set |= 1 << group;
        }
    }
    set
}

/// `a-b` read as `sscanf("%d-%d")`.
fn range(piece: &str) -> Option<(i32, i32)> {
    let (negative, digits) = leading_digits(piece, 10)?;
    let start_len = piece.len() - piece.trim_start().len() + usize::from(piece.trim_start().starts_with(['-', '+'])) + digits.len();
    let rest = piece[start_len..].strip_prefix('-')?;
    let finish = scan_i32(rest)?;
    let start = wrap_u64(digits, 10) as u32 as i32;
    Some((if negative { start.wrapping_neg() } else { start }, finish))
}

/// Groups as `pjsip show endpoint` prints them: `1, 2, 3`, cut to the 127 characters its
/// buffer holds.
pub fn print_groups(set: u64) -> String {
    let mut out = String::new();
    for group in (0..64).filter(|g| set & (1 << g) != 0) {
        if !out.is_empty() {
            out.push_str(", ");
        }
        out.push_str(&group.to_string());
    }
    out.truncate(127);
    out
}

/// Named groups the way Asterisk keeps them: blanks around names trimmed, empty names skipped, a
/// repeated name moved to its last place, and the set listed in the order of its hash table
/// (19 buckets by the names' string hash), which is the order `pjsip show endpoint` prints.
pub fn named_groups(text: &str) -> Vec<&str> {
    let mut names: Vec<&str> = Vec::new();
    for name in text.split(',').map(str::trim).filter(|n| !n.is_empty()) {
        names.retain(|n| *n != name);
        names.push(name);
    }
    names.sort_by_key(|name| string_hash(name) % 19);
    names
}

/// Asterisk's string hash (`ast_str_hash`: Bernstein's, the sign bit dropped).
fn string_hash(text: &str) -> u32 {
    let hash = text.bytes().fold(5381u32, |hash, b| hash.wrapping_mul(33) ^ u32::from(b));
    hash & i32::MAX as u32
}

/// A `callerid` value split the way Asterisk splits it (`ast_callerid_split`): `"Name" <number>`,
/// `Name <number>`, a bare number, or a bare name. Each part is `None` when absent or empty; a
/// number loses its formatting characters (blanks, parentheses, dashes and dots not at the end).
pub fn split_callerid(text: &str) -> (Option<String>, Option<String>) {
    let whole = text.trim();
    let (inner, quotes_stripped) = match strip_quotes(whole) {
        Some(inner) => (inner, true),
        None => (whole, false),
    };
    let (name, number) = match inner.rfind('<') {
        Some(open) => {
            let after = &inner[open + 1..];
            let number = after.rfind('>').map_or(after, |close| &after[..close]);
            let before = inner[..open].trim();
            (Some(unescape_quoted(strip_quotes(before).unwrap_or(before))), Some(shrink_number(number)))
        }
        None => {
            let shrunk = shrink_number(inner);
            let is_number = !shrunk.is_empty() && shrunk.chars().all(|c| c.is_ascii_digit() || matches!(c, '*' | '#' | '+'));
            if !quotes_stripped && is_number {
                (None, Some(shrunk))
            } else {
                let trimmed = inner.trim();
                (Some(unescape_quoted(strip_quotes(trimmed).unwrap_or(trimmed))), None)
            }
        }
    };
    // The handler copies each part into an 80-byte buffer.
    let keep = |part: Option<String>| part.filter(|p| !p.is_empty()).map(|p| truncate_bytes(p, 79));
    (keep(name), keep(number))
}

/// The caller id as `pjsip show endpoint` prints it (`ast_callerid_merge`).
pub fn print_callerid(text: &str) -> String {
    match split_callerid(text) {
        (Some(name), Some(number)) => {
            let escaped: String = name.chars().flat_map(|c| if matches!(c, '"' | '\\') { vec!['\\', c] } else { vec![c] }).collect();
            format!("\"{escaped}\" <{number}>")
        }
        (Some(name), None) => name,
        (None, Some(number)) => number,
        (None, None) => "<unknown>".into(),
    }
}

/// The text inside a pair of double quotes around it, if it is so quoted.
fn strip_quotes(text: &str) -> Option<&str> {
    text.strip_prefix('"')?.strip_suffix('"')
}

/// Backslash escapes removed (`\"` is `"`).
fn unescape_quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.extend(chars.next()),
            c => out.push(c),
        }
    }
    out
}

/// A phone number without its formatting: blanks and parentheses dropped, dashes kept only
/// inside `[...]`, dots kept only at the very end.
fn shrink_number(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut bracketed = 0i32;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '[' => {
                bracketed += 1;
                out.push(c);
            }
            ']' => {
                bracketed -= 1;
                out.push(c);
            }
            '-' if bracketed != 0 => out.push(c),
            '-' => {}
            '.' if chars.peek().is_none() => out.push(c),
            '.' | '(' | ')' | ' ' => {}
            c => out.push(c),
        }
    }
    out
}

/// At most `max` bytes, cut at a character boundary.
fn truncate_bytes(mut text: String, max: usize) -> String {
    if text.len() > max {
        text.truncate(pjsip_syntax::floor_char_boundary(&text, max));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scanf_readings() {
        assert_eq!(scan_u32("-1"), Some(4294967295));
        assert_eq!(scan_u32("+5"), Some(5));
        assert_eq!(scan_u32("0x10"), Some(0));
        assert_eq!(scan_u32("010"), Some(10));
        assert_eq!(scan_u32("4294967296"), Some(0));
        assert_eq!(scan_u32("99999999999"), Some(1215752191));
        assert_eq!(scan_u32("12abc"), Some(12));
        assert_eq!(scan_u32("1 2"), Some(1));
        assert_eq!(scan_u32("abc"), None);
        assert_eq!(scan_u32(""), None);
        assert_eq!(scan_int_auto("0x10"), Some(16));
        assert_eq!(scan_int_auto("010"), Some(8));
        assert_eq!(scan_int_auto("-1"), Some(-1));
    }

    #[test]
    fn doubles_like_strtod() {
        assert_eq!(parse_double("1.5"), Some(1.5));
        assert_eq!(parse_double("1e3"), Some(1000.0));
        assert_eq!(parse_double("0x10"), Some(16.0));
        assert_eq!(parse_double(".5"), Some(0.5));
        assert_eq!(parse_double("-1"), Some(-1.0));
        assert_eq!(parse_double("inf"), Some(f64::INFINITY));
        assert!(parse_double("nan").is_some_and(f64::is_nan));
        assert_eq!(parse_double("abc"), None);
        assert_eq!(parse_double(""), None);
        assert_eq!(parse_double("1,5"), None);
        assert_eq!(parse_double("1e999"), None);
    }

    #[test]
    fn inet_aton_forms() {
        let ip = |t: &str| inet_aton(t).map(|a| a.to_string());
        assert_eq!(ip("127.0.0.2").as_deref(), Some("127.0.0.2"));
        assert_eq!(ip("127.1").as_deref(), Some("127.0.0.1"));
        assert_eq!(ip("127.0.0").as_deref(), Some("127.0.0.0"));
        assert_eq!(ip("0x7f000002").as_deref(), Some("127.0.0.2"));
        assert_eq!(ip("127.000.000.002").as_deref(), Some("127.0.0.2"));
        assert_eq!(ip("999.1.1.1"), None);
        assert_eq!(ip("1.2.3.4.5"), None);
        assert_eq!(ip("localhost"), None);
        assert_eq!(ip(""), None);
    }

    #[test]
    fn tos_values() {
        assert_eq!(tos("ef"), Some(184));
        assert_eq!(tos("AF41"), Some(136));
        assert_eq!(tos("cs3"), Some(96));
        assert_eq!(tos("0x10"), Some(16));
        assert_eq!(tos("256"), Some(0));
        assert_eq!(tos("-1"), Some(255));
        assert_eq!(tos("foo"), None);
        assert_eq!(tos(""), None);
        assert_eq!(transport_tos("46"), Some(44));
        assert_eq!(transport_tos("-1"), Some(252));
    }

    #[test]
    fn groups_like_asterisk() {
        let shown = |text: &str| print_groups(groups(text));
        assert_eq!(shown("1,2"), "1, 2");
        assert_eq!(shown("1-3"), "1, 2, 3");
        assert_eq!(shown("1, 2"), "1, 2");
        assert_eq!(shown("64"), "");
        assert_eq!(shown("-1"), "");
        assert_eq!(shown("a"), "");
        assert_eq!(shown("1-"), "1");
        assert_eq!(shown("3-1"), "");
        assert_eq!(shown(",5"), "0, 5");
        assert_eq!(shown("0-63").len(), 127);
    }

    #[test]
    fn named_groups_in_table_order() {
        assert_eq!(named_groups("a , b"), ["a", "b"]);
        assert_eq!(named_groups("a,,b,a"), ["a", "b"]);
        assert!(named_groups(" , ").is_empty());
    }

    #[test]
    fn caller_ids() {
        assert_eq!(print_callerid("\"Name\" <100>"), "\"Name\" <100>");
        assert_eq!(print_callerid("Name <100>"), "\"Name\" <100>");
        assert_eq!(print_callerid("100"), "100");
        assert_eq!(print_callerid("<100>"), "100");
        assert_eq!(print_callerid("\"a\""), "a");
        assert_eq!(print_callerid("Name"), "Name");
        assert_eq!(print_callerid(""), "<unknown>");
        assert_eq!(print_callerid("\"Bob\" <sip:100@127.0.0.1>"), "\"Bob\" <sip:100@127001>");
        assert_eq!(print_callerid("\"unterminated <100>"), "\"\\\"unterminated\" <100>");
        assert_eq!(print_callerid("(555) 123-4567"), "5551234567");
    }
}
