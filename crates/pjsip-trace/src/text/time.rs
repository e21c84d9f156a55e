//! Times as logs write them, read into [`Timestamp`]s.
//!
//! Understood at the start of a string (anything may follow):
//! `2024-12-03 14:07:49[.123456]` (also with `T` or a tab between date and time, as SIPp and
//! Asterisk's `dateformat = %F %T.%3q` write it), `2024/12/03 14:07:49[.…]` (sngrep) and
//! `Dec  3 14:07:49[.…]` (Asterisk's default, no year). Nothing else is guessed.

use crate::model::{Clock, Timestamp};

/// Reads a time at the start of `text`. Returns the timestamp and how many bytes it used.
pub fn parse_time(text: &str) -> Option<(Timestamp, usize)> {
    let (date, clock, after_date) = parse_date(text)?;
    let rest = text.get(after_date..)?;
    let sep = rest.chars().next()?;
    if !matches!(sep, ' ' | 'T' | '\t') {
        return None;
    }
    let (nanos_of_day, used) = parse_clock_time(rest.get(1..)?)?;
    let end = after_date + 1 + used;
    let (year, month, day) = date;
    let days = days_from_civil(year, month, day);
    let nanos = days.checked_mul(86_400_000_000_000)?.checked_add(nanos_of_day)?;
    Some((Timestamp { nanos: Some(nanos), clock, text: Some(text.get(..end)?.to_string()) }, end))
}

const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// `(year, month, day)`, the clock it implies, and the bytes used.
fn parse_date(text: &str) -> Option<((i64, u32, u32), Clock, usize)> {
    let bytes = text.as_bytes();
    if bytes.first()?.is_ascii_digit() {
        let (year, a) = digits(text, 0, 4, 4)?;
        let sep = *bytes.get(a)?;
        if sep != b'-' && sep != b'/' {
            return None;
        }
        let (month, b) = digits(text, a + 1, 1, 2)?;
        if *bytes.get(b)? != sep {
            return None;
        }
        let (day, c) = digits(text, b + 1, 1, 2)?;
        let date = checked_date(year, month as u32, day as u32)?;
        return Some((date, Clock::Local, c));
    }
    let month = MONTHS.iter().position(|m| text.get(..3).is_some_and(|t| t.eq_ignore_ascii_case(m)))?;
    let mut at = 3;
    while bytes.get(at) == Some(&b' ') {
        at += 1;
    }
    if at == 3 {
        return None;
    }
    let (day, end) = digits(text, at, 1, 2)?;
    let date = checked_date(1970, month as u32 + 1, day as u32)?;
    Some((date, Clock::LocalWithoutYear, end))
}

fn checked_date(year: i64, month: u32, day: u32) -> Option<(i64, u32, u32)> {
    ((1..=12).contains(&month) && (1..=31).contains(&day)).then_some((year, month, day))
}

/// `HH:MM:SS[.fraction]` → nanoseconds since midnight, bytes used.
fn parse_clock_time(text: &str) -> Option<(i64, usize)> {
    let (h, a) = digits(text, 0, 1, 2)?;
    let (m, b) = digits(text, expect(text, a, b':')?, 2, 2)?;
    let (s, c) = digits(text, expect(text, b, b':')?, 2, 2)?;
    if h > 23 || m > 59 || s > 60 {
        return None;
    }
    let mut nanos = ((h * 60 + m) * 60 + s) * 1_000_000_000;
    let mut end = c;
    let bytes = text.as_bytes();
    if matches!(bytes.get(c), Some(b'.' | b',')) {
        let mut scale = 100_000_000;
        let mut at = c + 1;
        while let Some(d) = bytes.get(at).filter(|b| b.is_ascii_digit()) {
            nanos += i64::from(d - b'0') * scale;
            scale /= 10;
            at += 1;
        }
        if at > c + 1 {
            end = at;
        }
    }
    Some((nanos, end))
}

fn expect(text: &str, at: usize, byte: u8) -> Option<usize> {
    (text.as_bytes().get(at) == Some(&byte)).then_some(at + 1)
}

/// Between `min` and `max` ASCII digits from `at`: their value and the offset after them.
fn digits(text: &str, at: usize, min: usize, max: usize) -> Option<(i64, usize)> {
    let bytes = text.as_bytes();
    let mut value = 0i64;
    let mut end = at;
    while end - at < max {
        match bytes.get(end) {
            Some(d) if d.is_ascii_digit() => value = value * 10 + i64::from(d - b'0'),
            _ => break,
        }
        end += 1;
    }
    (end - at >= min).then_some((value, end))
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
pub fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nanos(text: &str) -> Option<i64> {
        parse_time(text).and_then(|(t, _)| t.nanos)
    }

    #[test]
    fn iso_and_slashed_dates_read_as_local_time() {
        let (t, used) = parse_time("2024-12-03 14:07:49.123456 rest").unwrap();
        assert_eq!(used, 26);
        assert_eq!(t.clock, Clock::Local);
        assert_eq!(t.nanos, Some(1_733_234_869_123_456_000));
        assert_eq!(t.text.as_deref(), Some("2024-12-03 14:07:49.123456"));
        assert_eq!(nanos("2024/12/03 14:07:49.123456"), Some(1_733_234_869_123_456_000));
        assert_eq!(nanos("2024-12-03T14:07:49"), Some(1_733_234_869_000_000_000));
        assert_eq!(nanos("2024-12-03\t14:07:49.5\t17"), Some(1_733_234_869_500_000_000));
    }

    #[test]
    fn asterisk_default_dates_have_no_year() {
        let (t, used) = parse_time("Dec  3 14:07:49] VERBOSE").unwrap();
        assert_eq!(used, 15);
        assert_eq!(t.clock, Clock::LocalWithoutYear);
        let jan1 = parse_time("Jan 1 00:00:00").unwrap().0;
        assert_eq!(jan1.nanos, Some(0));
        assert_eq!(t.millis_since(&jan1), Some(((336 * 24 + 14) * 3600 + 7 * 60 + 49) * 1000));
    }

    #[test]
    fn nonsense_is_not_a_time() {
        for text in ["", "Dec", "Dec 3", "2024-13-01 00:00:00", "12:00:00", "Foo  3 14:07:49", "2024-12-03 25:00:00"] {
            assert_eq!(parse_time(text), None, "{text:?}");
        }
    }
}
