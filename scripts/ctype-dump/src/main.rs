use std::io::Write;
//! One line per code point with any of: alphabetic (1), alphanumeric (2), uppercase (4),
//! lowercase (8), whitespace (16), control (32).
fn main() {
    let mut out = std::io::BufWriter::new(std::io::stdout());
    for cp in 0u32..0x110000 {
        let Some(c) = char::from_u32(cp) else { continue };
        let bits = (c.is_alphabetic() as u8) | ((c.is_alphanumeric() as u8) << 1) | ((c.is_uppercase() as u8) << 2) | ((c.is_lowercase() as u8) << 3) | ((c.is_whitespace() as u8) << 4) | ((c.is_control() as u8) << 5);
        if bits != 0 { writeln!(out, "{cp} {bits}").unwrap(); }
    }
}
