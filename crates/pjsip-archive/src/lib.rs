//! Reads an archive of a configuration directory (`/etc/asterisk` zipped, or tarred and
//! gzipped) into named files, as the browser app receives it when someone drops one.
//!
//! Formats: zip (stored and deflated entries), tar (ustar and GNU long names), and either of
//! those inside gzip (`.tar.gz`, `.tgz`); a lone gzipped file is one file. Anything else is
//! reported, never a panic. Limits keep a hostile archive (a zip bomb, millions of entries)
//! from exhausting memory: see [`Limits`]; what is cut is said in a note.

use serde::Serialize;

/// One file of the archive.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ArchiveFile {
    /// The path inside the archive, `/`-separated, without a leading `./`.
    pub path: String,
    pub bytes: Vec<u8>,
}

/// What was read.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Archive {
    pub files: Vec<ArchiveFile>,
    /// Plain-words problems: an entry that could not be read, a limit reached, an unknown format.
    pub notes: Vec<String>,
}

/// Bounds on what one archive may expand to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    pub max_files: usize,
    pub max_file_bytes: usize,
    pub max_total_bytes: usize,
}

impl Default for Limits {
    /// An Asterisk configuration directory is a few hundred files of a few KB.
    fn default() -> Limits {
        Limits { max_files: 5_000, max_file_bytes: 16 << 20, max_total_bytes: 64 << 20 }
    }
}

/// Reads `bytes` with the default limits.
pub fn read(bytes: &[u8]) -> Archive {
    read_with(bytes, Limits::default())
}

pub fn read_with(bytes: &[u8], limits: Limits) -> Archive {
    let mut archive = Archive::default();
    let mut budget = Budget { limits, used: 0 };
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        zip(bytes, &mut budget, &mut archive);
    } else if bytes.starts_with(&[0x1f, 0x8b]) {
        match gunzip(bytes, limits.max_total_bytes) {
            Ok(inner) if is_tar(&inner) => tar(&inner, &mut budget, &mut archive),
            Ok(inner) => {
                let path = gzip_name(bytes).unwrap_or_else(|| "file".to_string());
                budget.add(&mut archive, &path, inner);
            }
            Err(why) => archive.notes.push(format!("the gzip stream cannot be read: {why}")),
        }
    } else if is_tar(bytes) {
        tar(bytes, &mut budget, &mut archive);
    } else {
        archive.notes.push("this is not a zip, tar or gzip archive".into());
    }
    archive
}

struct Budget {
    limits: Limits,
    used: usize,
}

impl Budget {
    /// Adds a file if the limits allow it; says so (once per kind) when they do not.
    fn add(&mut self, archive: &mut Archive, path: &str, bytes: Vec<u8>) -> bool {
        if archive.files.len() >= self.limits.max_files {
            archive.notes.push(format!("only the first {} files are read", self.limits.max_files));
            return false;
        }
        if bytes.len() > self.limits.max_file_bytes {
            archive.notes.push(format!("{path} is larger than {} MB and is left out", self.limits.max_file_bytes >> 20));
            return true;
        }
        if self.used + bytes.len() > self.limits.max_total_bytes {
            archive.notes.push(format!("the archive expands to more than {} MB; the rest is left out", self.limits.max_total_bytes >> 20));
            return false;
        }
        self.used += bytes.len();
        let path = path.trim_start_matches("./").trim_start_matches('/').to_string();
        archive.files.push(ArchiveFile { path, bytes });
        true
    }
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

/// Zip: the central directory names every entry and where its data starts; entries are read
/// from their local headers. Encrypted and zip64 archives are named, not read.
fn zip(bytes: &[u8], budget: &mut Budget, archive: &mut Archive) {
    // The end-of-central-directory record is in the last 64 KB + 22 bytes.
    let search_from = bytes.len().saturating_sub(65_557);
    let Some(end) = (search_from..bytes.len().saturating_sub(21)).rev().find(|&i| bytes[i..].starts_with(b"PK\x05\x06")) else {
        archive.notes.push("the zip has no central directory (truncated?)".into());
        return;
    };
    let (Some(count), Some(offset)) = (u16_at(bytes, end + 10), u32_at(bytes, end + 16)) else { return };
    if offset == u32::MAX || count == u16::MAX {
        archive.notes.push("zip64 archives are not read; zip it again without zip64".into());
        return;
    }
    let mut at = offset as usize;
    for _ in 0..count {
        if !bytes.get(at..).is_some_and(|b| b.starts_with(b"PK\x01\x02")) {
            archive.notes.push("the zip's central directory is damaged; the rest is left out".into());
            return;
        }
        let fields = (u16_at(bytes, at + 8), u16_at(bytes, at + 10), u32_at(bytes, at + 20), u32_at(bytes, at + 24));
        let names = (u16_at(bytes, at + 28), u16_at(bytes, at + 30), u16_at(bytes, at + 32), u32_at(bytes, at + 42));
        let ((Some(flags), Some(method), Some(compressed), Some(size)), (Some(name_len), Some(extra_len), Some(comment_len), Some(local))) =
            (fields, names)
        else {
            archive.notes.push("the zip's central directory is truncated".into());
            return;
        };
        let name_start = at + 46;
        let name = String::from_utf8_lossy(bytes.get(name_start..name_start + name_len as usize).unwrap_or_default()).into_owned();
        at = name_start + name_len as usize + extra_len as usize + comment_len as usize;
        if name.ends_with('/') {
            continue;
        }
        if flags & 1 != 0 {
            archive.notes.push(format!("{name} is encrypted and cannot be read"));
            continue;
        }
        let local = local as usize;
        let (Some(local_name), Some(local_extra)) = (u16_at(bytes, local + 26), u16_at(bytes, local + 28)) else {
            archive.notes.push(format!("{name}: its data is outside the archive"));
            continue;
        };
        let data_start = local + 30 + local_name as usize + local_extra as usize;
        let Some(data) = bytes.get(data_start..data_start.saturating_add(compressed as usize)) else {
            archive.notes.push(format!("{name}: the archive is truncated"));
            continue;
        };
        let content = match method {
            0 => Ok(data.to_vec()),
            8 => inflate(data, (size as usize).min(budget.limits.max_file_bytes + 1)),
            other => Err(format!("compression method {other} is not supported")),
        };
        match content {
            Ok(content) => {
                if !budget.add(archive, &name, content) {
                    return;
                }
            }
            Err(why) => archive.notes.push(format!("{name}: {why}")),
        }
    }
}

/// Raw deflate, stopping (with an error) past `limit` bytes of output.
fn inflate(data: &[u8], limit: usize) -> Result<Vec<u8>, String> {
    miniz_oxide::inflate::decompress_to_vec_with_limit(data, limit).map_err(|e| match e.status {
        miniz_oxide::inflate::TINFLStatus::HasMoreOutput => format!("it expands past {} MB", limit >> 20),
        _ => "its compressed data is damaged".to_string(),
    })
}

/// A gzip stream's content (header fields skipped; the CRC is not checked).
fn gunzip(bytes: &[u8], limit: usize) -> Result<Vec<u8>, String> {
    let flags = *bytes.get(3).ok_or("too short")?;
    let mut at = 10;
    if flags & 4 != 0 {
        at += 2 + u16_at(bytes, at).ok_or("too short")? as usize;
    }
    for flag in [8u8, 16] {
        if flags & flag != 0 {
            at += bytes.get(at..).ok_or("too short")?.iter().position(|&b| b == 0).ok_or("a header field is not terminated")? + 1;
        }
    }
    if flags & 2 != 0 {
        at += 2;
    }
    inflate(bytes.get(at..).ok_or("too short")?, limit)
}

/// The original file name a gzip header may carry.
fn gzip_name(bytes: &[u8]) -> Option<String> {
    let flags = *bytes.get(3)?;
    if flags & 8 == 0 {
        return None;
    }
    let mut at = 10;
    if flags & 4 != 0 {
        at += 2 + u16_at(bytes, at)? as usize;
    }
    let rest = bytes.get(at..)?;
    let end = rest.iter().position(|&b| b == 0)?;
    Some(String::from_utf8_lossy(&rest[..end]).into_owned())
}

fn is_tar(bytes: &[u8]) -> bool {
    bytes.get(257..262) == Some(b"ustar")
}

/// Tar: 512-byte headers, each followed by the file rounded up to 512 bytes. GNU long names
/// (`L` entries) name the next entry; only regular files are kept.
fn tar(bytes: &[u8], budget: &mut Budget, archive: &mut Archive) {
    let mut at = 0;
    let mut long_name: Option<String> = None;
    while let Some(header) = bytes.get(at..at + 512) {
        if header.iter().all(|&b| b == 0) {
            break;
        }
        let field = |from: usize, len: usize| {
            let raw = &header[from..from + len];
            String::from_utf8_lossy(&raw[..raw.iter().position(|&b| b == 0).unwrap_or(len)]).into_owned()
        };
        let size = usize::from_str_radix(field(124, 12).trim(), 8).unwrap_or(0);
        let kind = header[156];
        let data_start = at + 512;
        let Some(data) = bytes.get(data_start..data_start.saturating_add(size)) else {
            archive.notes.push("the tar archive is truncated".into());
            return;
        };
        let prefix = field(345, 155);
        let name =
            long_name.take().unwrap_or_else(|| if prefix.is_empty() { field(0, 100) } else { format!("{prefix}/{}", field(0, 100)) });
        match kind {
            b'L' => long_name = Some(String::from_utf8_lossy(data).trim_end_matches('\0').to_string()),
            b'0' | 0 if !budget.add(archive, &name, data.to_vec()) => return,
            _ => {}
        }
        at = data_start + size.div_ceil(512) * 512;
    }
}

#[cfg(test)]
mod tests;
