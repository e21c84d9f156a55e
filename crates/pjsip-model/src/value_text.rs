//! [`ValueText`]: the text of an effective value, without a copy when it is written verbatim in
//! a file.
//!
//! Nearly every value an object holds is exactly the text after `=` on some line. Copying each
//! into its own `String` was the largest source of allocations of an analysis (and of the time
//! spent freeing the previous one): a 10,000-phone office holds about 80,000 such values. A
//! `ValueText` instead points into the file's shared text (an `Arc<str>` the loaded config
//! already holds) with a byte range; only values Asterisk builds from several lines (codec
//! lists, accumulated lists, apply-time adjustments) own their text.

use std::fmt;
use std::ops::Deref;
use std::sync::Arc;

/// See the module documentation. Reads as a `&str` (it dereferences to one).
#[derive(Clone)]
pub struct ValueText(Repr);

#[derive(Clone)]
enum Repr {
    /// `text[start..end]`, on character boundaries.
    Shared {
        text: Arc<str>,
        start: u32,
        end: u32,
    },
    Owned(String),
}

impl ValueText {
    /// The part `range` of a file's shared text; owned instead when `range` is not a valid
    /// slice of it (never the case for spans the parser produced).
    pub fn shared(text: &Arc<str>, start: usize, end: usize) -> ValueText {
        match (text.get(start..end), u32::try_from(start), u32::try_from(end)) {
            (Some(_), Ok(start), Ok(end)) => ValueText(Repr::Shared { text: Arc::clone(text), start, end }),
            (slice, _, _) => ValueText(Repr::Owned(slice.unwrap_or_default().to_string())),
        }
    }

    /// `value` sharing `text` when it is a slice of it (what the parser hands out for a value
    /// written verbatim), else an owned copy (a value rebuilt from an escape, a `+=`, a wizard).
    pub fn within(text: &Arc<str>, value: &str) -> ValueText {
        let offset = (value.as_ptr() as usize).wrapping_sub(text.as_ptr() as usize);
        if offset <= text.len() && text.len() - offset >= value.len() {
            ValueText::shared(text, offset, offset + value.len())
        } else {
            ValueText::from(value)
        }
    }

    pub const fn new() -> ValueText {
        ValueText(Repr::Owned(String::new()))
    }

    pub fn as_str(&self) -> &str {
        match &self.0 {
            Repr::Shared { text, start, end } => text.get(*start as usize..*end as usize).unwrap_or_default(),
            Repr::Owned(text) => text,
        }
    }

    /// The text to change in place (an owned copy from now on).
    pub fn to_mut(&mut self) -> &mut String {
        if let Repr::Shared { .. } = self.0 {
            self.0 = Repr::Owned(self.as_str().to_string());
        }
        match &mut self.0 {
            Repr::Owned(text) => text,
            Repr::Shared { .. } => unreachable!("made owned above"),
        }
    }

    pub fn push(&mut self, c: char) {
        self.to_mut().push(c);
    }

    pub fn push_str(&mut self, text: &str) {
        self.to_mut().push_str(text);
    }
}

impl Default for ValueText {
    fn default() -> ValueText {
        ValueText::new()
    }
}

impl Deref for ValueText {
    type Target = str;

    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for ValueText {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl std::borrow::Borrow<str> for ValueText {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl From<String> for ValueText {
    fn from(text: String) -> ValueText {
        ValueText(Repr::Owned(text))
    }
}

impl From<&str> for ValueText {
    fn from(text: &str) -> ValueText {
        ValueText(Repr::Owned(text.to_string()))
    }
}

impl From<ValueText> for String {
    fn from(text: ValueText) -> String {
        match text.0 {
            Repr::Owned(text) => text,
            Repr::Shared { .. } => text.as_str().to_string(),
        }
    }
}

impl PartialEq for ValueText {
    fn eq(&self, other: &ValueText) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for ValueText {}

impl PartialEq<str> for ValueText {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for ValueText {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for ValueText {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<ValueText> for str {
    fn eq(&self, other: &ValueText) -> bool {
        self == other.as_str()
    }
}

impl PartialEq<ValueText> for &str {
    fn eq(&self, other: &ValueText) -> bool {
        *self == other.as_str()
    }
}

impl PartialEq<ValueText> for String {
    fn eq(&self, other: &ValueText) -> bool {
        self == other.as_str()
    }
}

impl fmt::Debug for ValueText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for ValueText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl serde::Serialize for ValueText {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_a_slice_until_changed() {
        let file: Arc<str> = "name=value\nother=é\n".into();
        let mut value = ValueText::shared(&file, 5, 10);
        assert_eq!(value, "value");
        assert_eq!(Arc::strong_count(&file), 2, "no copy: the file text is shared");
        value.push_str(",more");
        assert_eq!(value.as_str(), "value,more");
        assert_eq!(Arc::strong_count(&file), 1, "changed text is its own");
        // A range off a character boundary (or past the end) falls back to an owned empty text.
        assert_eq!(ValueText::shared(&file, 18, 19), "");
        assert_eq!(ValueText::shared(&file, 5, 99), "");
        assert_eq!(String::from(ValueText::shared(&file, 0, 4)), "name");
        let inside = ValueText::within(&file, &file[11..16]);
        assert_eq!((inside.as_str(), Arc::strong_count(&file)), ("other", 2));
        let elsewhere = String::from("other");
        let copied = ValueText::within(&file, &elsewhere);
        assert_eq!((copied.as_str(), Arc::strong_count(&file)), ("other", 2), "a foreign string is copied");
    }
}
