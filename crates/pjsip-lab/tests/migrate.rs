//! `pjsip-lab migrate` end to end: the files it writes, the summary, the JSON report, the
//! wizard layout, includes read from disk, `--prove` against another file, exit statuses.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_pjsip-lab");

/// A directory of test files, removed when the test is done with it.
struct TempDir(PathBuf);

impl std::ops::Deref for TempDir {
    type Target = Path;

    fn deref(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn dir(files: &[(&str, &str)]) -> TempDir {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!("pjsip-lab-migrate-{}-{}", std::process::id(), NEXT.fetch_add(1, Ordering::Relaxed)));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for (path, text) in files {
        let path = dir.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    TempDir(dir)
}

fn run_in(cwd: &Path, args: &[&str]) -> Output {
    Command::new(BIN).args(args).current_dir(cwd).output().expect("pjsip-lab runs")
}

fn status(output: &Output) -> i32 {
    output.status.code().expect("exited normally")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

fn json_of(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| panic!("stdout is JSON ({e}):\n{}", stdout(output)))
}

const SIP_CONF: &str = "\
[general]
context = from-phones
allowguest = no
register => 4000:secret@sip.example.com
videosupport = yes

[phone](!)
type = friend
host = dynamic
dtmfmode = rfc2833

[alice](phone)
secret = alicepw

[trunk]
type = peer
host = 198.51.100.9
insecure = port,invite
context = from-trunk
";

#[test]
fn writes_the_files_and_prints_the_summary() {
    let d = dir(&[("sip.conf", SIP_CONF)]);
    let out = run_in(&d, &["migrate", "sip.conf", "-o", "out"]);
    assert_eq!(status(&out), 0, "{}{}", stdout(&out), stderr(&out));
    let pjsip = std::fs::read_to_string(d.join("out/pjsip.conf")).unwrap();
    assert!(pjsip.contains("[alice](sip-general,phone)\ntype = endpoint\n"), "{pjsip}");
    let report: Value = serde_json::from_str(&std::fs::read_to_string(d.join("out/migration.json")).unwrap()).unwrap();
    assert!(report["files"]["pjsip.conf"].as_str().unwrap() == pjsip);
    let summary = stdout(&out);
    assert!(summary.contains("Check of the output: 0 error(s)"), "{summary}");
    assert!(summary.contains("[general] videosupport — PJSIP offers video"), "{summary}");
    assert!(summary.contains("ok   alice"), "{summary}");
    assert!(summary.contains("recognised as endpoint trunk, routed to context from-trunk"), "{summary}");
    // The written file passes the validator on its own.
    let check = run_in(&d.join("out"), &["check", "pjsip.conf"]);
    assert_eq!(status(&check), 0, "{}", stdout(&check));
}

#[test]
fn without_an_output_directory_pjsip_conf_goes_to_stdout() {
    let d = dir(&[("sip.conf", SIP_CONF)]);
    let out = run_in(&d, &["migrate", "sip.conf"]);
    assert_eq!(status(&out), 0);
    assert!(stdout(&out).starts_with("; Written by pjsip-lab migrate"));
    assert!(!stdout(&out).contains("Proof with the simulator"));
    assert!(stderr(&out).contains("Proof with the simulator: 4 of 4 recognised"), "{}", stderr(&out));
}

#[test]
fn the_json_report_has_the_issue_shape() {
    let d = dir(&[("sip.conf", SIP_CONF)]);
    let out = run_in(&d, &["migrate", "sip.conf", "--format", "json"]);
    assert_eq!(status(&out), 0);
    let json = json_of(&out);
    assert!(json["files"]["pjsip.conf"].is_string());
    let alice = json["sections"].as_array().unwrap().iter().find(|s| s["sip"] == "alice").expect("a section for alice");
    let objects: Vec<(String, String)> = alice["objects"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| (o["type"].as_str().unwrap().to_string(), o["name"].as_str().unwrap().to_string()))
        .collect();
    assert_eq!(objects, [("endpoint", "alice"), ("aor", "alice"), ("auth", "alice")].map(|(t, n)| (t.to_string(), n.to_string())));
    let video = json["unmapped"].as_array().unwrap().iter().find(|u| u["option"] == "videosupport").unwrap();
    assert_eq!((video["file"].as_str(), video["line"].as_u64(), video["section"].as_str()), (Some("sip.conf"), Some(5), Some("general")));
    assert!(video["reason"].as_str().unwrap().contains("video"));
    assert_eq!(json["proof"]["subjects"].as_array().unwrap().len(), 4);
}

#[test]
fn wizard_layout_and_users_conf() {
    let users = "[general]\nhassip = yes\n[6001]\nsecret = u6001\nhost = dynamic\n";
    let d = dir(&[("sip.conf", SIP_CONF), ("users.conf", users)]);
    let out = run_in(&d, &["migrate", "sip.conf", "users.conf", "--wizard", "-o", "out"]);
    assert_eq!(status(&out), 0, "{}", stdout(&out));
    let wizard = std::fs::read_to_string(d.join("out/pjsip_wizard.conf")).unwrap();
    assert!(wizard.contains("[alice](sip-general,phone)\ntype = wizard\naccepts_registrations = yes\n"), "{wizard}");
    assert!(wizard.contains("[6001](sip-general)\n"), "{wizard}");
    assert!(stdout(&out).contains("ok   6001"), "{}", stdout(&out));
}

#[test]
fn includes_are_read_next_to_sip_conf() {
    let d = dir(&[("conf/sip.conf", "[general]\n#include peers.conf\n"), ("conf/peers.conf", "[bob]\ntype=friend\nhost=dynamic\n")]);
    let out = run_in(&d, &["migrate", "conf/sip.conf", "--format", "json"]);
    let json = json_of(&out);
    assert!(json["refused"].is_null(), "{}", json["refused"]);
    assert!(json["files"]["pjsip.conf"].as_str().unwrap().contains("[bob](sip-general)"));
    // Provenance names the included file.
    let cites_include = json["provenance"]
        .as_array()
        .unwrap()
        .iter()
        .any(|l| l["sources"].as_array().unwrap().iter().any(|s| s["file"] == "conf/peers.conf"));
    assert!(cites_include);
}

#[test]
fn prove_runs_the_same_requests_against_another_file() {
    let other = "[transport-udp]\ntype=transport\nprotocol=udp\nbind=0.0.0.0\n[alice]\ntype=endpoint\naors=alice\nauth=alice\n[alice]\ntype=aor\nmax_contacts=1\n[alice]\ntype=auth\nusername=alice\npassword=alicepw\n";
    let d = dir(&[("sip.conf", SIP_CONF), ("other/pjsip.conf", other)]);
    let out = run_in(&d, &["migrate", "sip.conf", "--prove", "other/pjsip.conf"]);
    assert_eq!(status(&out), 1, "devices are not recognised: exit 1");
    let text = stdout(&out);
    assert!(text.contains("FAIL alice"), "{text}");
    assert!(text.contains("488"), "no codec in the other file: {text}");
    assert!(text.contains("FAIL trunk"), "{text}");
    let out = run_in(&d, &["migrate", "sip.conf", "--prove", "other/pjsip.conf", "--format", "json"]);
    let json = json_of(&out);
    assert_eq!(json["proof"]["subjects"].as_array().unwrap().len(), 4);
    assert!(json["check"].is_array());
}

#[test]
fn usage_errors() {
    let d = dir(&[("sip.conf", SIP_CONF)]);
    assert_eq!(status(&run_in(&d, &["migrate"])), 2);
    assert_eq!(status(&run_in(&d, &["migrate", "sip.conf", "--bogus"])), 2);
    assert_eq!(status(&run_in(&d, &["migrate", "missing.conf"])), 2);
    assert_eq!(status(&run_in(&d, &["migrate", "a", "b", "c"])), 2);
    assert!(stdout(&run_in(&d, &["--help"])).contains("pjsip-lab migrate SIP.CONF"));
}
