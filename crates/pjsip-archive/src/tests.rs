use super::*;

/// A zip with the given (name, content, deflate?) entries, built by hand.
fn zip_of(entries: &[(&str, &[u8], bool)]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for (name, content, deflate) in entries {
        let data = if *deflate { miniz_oxide::deflate::compress_to_vec(content, 6) } else { content.to_vec() };
        let offset = out.len() as u32;
        let method: u16 = if *deflate { 8 } else { 0 };
        out.extend_from_slice(b"PK\x03\x04");
        out.extend_from_slice(&[20, 0, 0, 0]);
        out.extend_from_slice(&method.to_le_bytes());
        out.extend_from_slice(&[0; 8]);
        out.extend_from_slice(&(data.len() as u32).to_le_bytes());
        out.extend_from_slice(&(content.len() as u32).to_le_bytes());
        out.extend_from_slice(&(name.len() as u16).to_le_bytes());
        out.extend_from_slice(&0u16.to_le_bytes());
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(&data);
        central.extend_from_slice(b"PK\x01\x02");
        central.extend_from_slice(&[20, 0, 20, 0, 0, 0]);
        central.extend_from_slice(&method.to_le_bytes());
        central.extend_from_slice(&[0; 8]);
        central.extend_from_slice(&(data.len() as u32).to_le_bytes());
        central.extend_from_slice(&(content.len() as u32).to_le_bytes());
        central.extend_from_slice(&(name.len() as u16).to_le_bytes());
        central.extend_from_slice(&[0; 12]);
        central.extend_from_slice(&offset.to_le_bytes());
        central.extend_from_slice(name.as_bytes());
    }
    let central_at = out.len() as u32;
    out.extend_from_slice(&central);
    out.extend_from_slice(b"PK\x05\x06\0\0\0\0");
    out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
    out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
    out.extend_from_slice(&(central.len() as u32).to_le_bytes());
    out.extend_from_slice(&central_at.to_le_bytes());
    out.extend_from_slice(&[0, 0]);
    out
}

fn tar_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = Vec::new();
    for (name, content) in entries {
        let mut header = [0u8; 512];
        header[..name.len()].copy_from_slice(name.as_bytes());
        header[124..135].copy_from_slice(format!("{:011o}", content.len()).as_bytes());
        header[156] = b'0';
        header[257..262].copy_from_slice(b"ustar");
        out.extend_from_slice(&header);
        out.extend_from_slice(content);
        out.resize(out.len().div_ceil(512) * 512, 0);
    }
    out.extend_from_slice(&[0; 1024]);
    out
}

fn gzip_of(data: &[u8]) -> Vec<u8> {
    let mut out = vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3];
    out.extend(miniz_oxide::deflate::compress_to_vec(data, 6));
    out.extend_from_slice(&[0; 8]);
    out
}

#[test]
fn reads_zip_tar_and_tar_gz() {
    let zip =
        zip_of(&[("asterisk/", b"", false), ("asterisk/pjsip.conf", b"[a]\ntype=aor\n", true), ("asterisk/acl.conf", b"[x]\n", false)]);
    let archive = read(&zip);
    assert_eq!(archive.notes, Vec::<String>::new());
    assert_eq!(archive.files.iter().map(|f| f.path.as_str()).collect::<Vec<_>>(), ["asterisk/pjsip.conf", "asterisk/acl.conf"]);
    assert_eq!(archive.files[0].bytes, b"[a]\ntype=aor\n");
    let tar = tar_of(&[("./etc/asterisk/pjsip.conf", b"[b]\n"), ("./etc/asterisk/extensions.conf", b"[c]\n")]);
    assert_eq!(read(&tar).files.len(), 2);
    let tgz = read(&gzip_of(&tar));
    assert_eq!(tgz.files[0].path, "etc/asterisk/pjsip.conf");
    assert_eq!(tgz.files[1].bytes, b"[c]\n");
}

#[test]
fn hostile_archives_are_bounded_and_explained() {
    let bomb = vec![b'a'; 10 << 20];
    let limits = Limits { max_files: 3, max_file_bytes: 1 << 20, max_total_bytes: 2 << 20 };
    let archive = read_with(&zip_of(&[("big.conf", &bomb, true)]), limits);
    assert!(archive.files.is_empty());
    assert!(archive.notes[0].contains("expands past"), "{:?}", archive.notes);
    let many: Vec<(String, Vec<u8>)> = (0..10).map(|n| (format!("f{n}.conf"), b"x".to_vec())).collect();
    let refs: Vec<(&str, &[u8], bool)> = many.iter().map(|(n, b)| (n.as_str(), b.as_slice(), false)).collect();
    let archive = read_with(&zip_of(&refs), limits);
    assert_eq!(archive.files.len(), 3);
    assert!(archive.notes.iter().any(|n| n.contains("first 3 files")));
    assert!(read(b"hello").notes[0].contains("not a zip"));
    // Every prefix of a valid archive reads without a panic.
    let zip = zip_of(&[("pjsip.conf", b"[a]\ntype=aor\n", true)]);
    for end in 0..zip.len() {
        read(&zip[..end]);
    }
    let tgz = gzip_of(&tar_of(&[("pjsip.conf", b"[a]\n")]));
    for end in 0..tgz.len() {
        read(&tgz[..end]);
    }
}
