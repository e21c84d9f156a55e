//! `Analysis::recheck` (re-checking only the edited section's neighbourhood) against the full
//! analysis: whenever it answers, its diagnostics must be exactly `Analysis::new`'s. Random
//! edits over the office sample, the corpus and hand-written shapes (templates, duplicates,
//! broken references, singletons, ACLs, NAT), some accumulated on a base that is not analysed
//! again (as the language server does while a full analysis waits).

use pjsip_analysis::syntax::sample::office;
use pjsip_analysis::{Analysis, AsteriskVersion, Input, InputFile};

fn input(text: &str) -> Input {
    let mut files = vec![InputFile { name: "pjsip.conf".into(), text: text.into() }];
    SIDE_FILES.with(|side| files.extend(side.borrow().iter().map(|(name, text)| InputFile { name: name.clone(), text: text.clone() })));
    Input::new(files, AsteriskVersion::V22)
}

thread_local! {
    /// Files given beside `pjsip.conf` (the dialplan, named ACLs) in this test thread.
    static SIDE_FILES: std::cell::RefCell<Vec<(String, String)>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// For a longer soak than CI's: `SOAK=400 SEED=7 cargo test --release -p pjsip-analysis --test
/// local` (edits per text, and a seed mixed into every generator).
fn soak(default: usize) -> usize {
    std::env::var("SOAK").ok().and_then(|s| s.parse().ok()).unwrap_or(default)
}

fn seed() -> u64 {
    std::env::var("SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(0)
}

/// A small deterministic generator (xorshift), so that a failure names its seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const SNIPPETS: &[&str] = &[
    "x",
    "=",
    ",",
    " ",
    ";",
    "\n",
    "\n\n",
    "aors=",
    "auth=",
    "outbound_auth=",
    "max_contacts=0",
    "max_contacts=",
    "direct_media=no",
    "direct_media=yes",
    "\nallow=ulaw",
    "\ndisallow=all",
    "transport=nope",
    "transport=transport-udp",
    "context=",
    "password=",
    "username=",
    "auth_type=md5",
    "md5_cred=0123",
    "rtp_symmetric=yes",
    "force_rport=",
    "callerid=",
    "dtmf_mode=info",
    "qualify_frequency=-1",
    "\nidentify_by=ip",
    "context=from-internal",
    "context=nowhere",
    "acl=office",
    "acl=elsewhere",
    "=>",
    "+=",
    "type=aor",
    "[",
    "#include x",
    ";--",
    "é",
];

/// A name that is already a section of `text`, so that edits make references work and break.
fn some_name(text: &str, rng: &mut Rng) -> String {
    let names: Vec<&str> =
        text.lines().filter_map(|l| l.strip_prefix('[')).filter_map(|l| l.split(']').next()).filter(|n| !n.is_empty()).collect();
    if names.is_empty() {
        return "x".into();
    }
    names[rng.below(names.len())].to_string()
}

fn edit(text: &str, rng: &mut Rng) -> String {
    let lines: Vec<(usize, &str)> = text.split_inclusive('\n').scan(0, |at, l| Some((std::mem::replace(at, *at + l.len()), l))).collect();
    if lines.is_empty() {
        return "x".into();
    }
    let (start, line) = lines[rng.below(lines.len())];
    let boundaries: Vec<usize> = line.char_indices().map(|(i, _)| i).chain([line.trim_end_matches('\n').len()]).collect();
    let at = start + boundaries[rng.below(boundaries.len())];
    let mut out = text.to_string();
    match rng.below(4) {
        0 => {
            // Delete up to 12 bytes (on character boundaries).
            let mut end = (at + 1 + rng.below(12)).min(text.len());
            while !text.is_char_boundary(end) {
                end += 1;
            }
            out.replace_range(at..end, "");
        }
        1 => {
            let name = some_name(text, rng);
            out.insert_str(at, &name);
        }
        _ => out.insert_str(at, SNIPPETS[rng.below(SNIPPETS.len())]),
    }
    out
}

/// Random edits on `text`; returns how many `recheck` answered. Panics on a difference.
fn check(label: &str, text: &str, edits: usize, seed: u64, why: &mut std::collections::BTreeMap<&'static str, usize>) -> (usize, usize) {
    let mut rng = Rng(seed);
    let mut base_text = text.to_string();
    let mut base = Analysis::new(&input(&base_text));
    let mut current = base_text.clone();
    let (mut answered, mut tried) = (0, 0);
    let original = Analysis::new(&input(text));
    let mut original = Some(original);
    for n in 0..edits {
        // Every few edits, start again from the original text (damage piles up otherwise: one
        // `;--` comments out the rest of the file).
        if n % 4 == 0 && n > 0 {
            current = text.to_string();
            base_text = text.to_string();
            base = original.take().unwrap_or_else(|| Analysis::new(&input(text)));
        }
        current = edit(&current, &mut rng);
        let full = Analysis::new(&input(&current));
        if current != base_text {
            tried += 1;
            let answer = base.recheck(&input(&current)).map(|r| r.diagnostics);
            if let Err(reason) = answer {
                *why.entry(reason).or_default() += 1;
            }
            if let Ok(quick) = answer {
                answered += 1;
                if quick != full.diagnostics() {
                    let first =
                        quick.iter().zip(full.diagnostics()).position(|(a, b)| a != b).unwrap_or(quick.len().min(full.diagnostics().len()));
                    panic!(
                        "{label} seed {seed} edit {n}: recheck differs from the full analysis at diagnostic {first}\n\
                         quick: {:#?}\nfull: {:#?}\n--- base ---\n{base_text}\n--- now ---\n{current}",
                        quick.get(first),
                        full.diagnostics().get(first)
                    );
                }
            }
        }
        // Sometimes the base is analysed again (a full analysis caught up), sometimes edits
        // pile up on it.
        if rng.below(3) == 0 {
            base_text = current.clone();
            base = full;
        }
    }
    (answered, tried)
}

/// [`check`] over labelled texts, each with its own seed; prints why edits were not answered.
fn check_all(texts: &[(String, String)], edits: usize, seed: u64) -> (usize, usize) {
    let (mut answered, mut tried) = (0, 0);
    let mut why = std::collections::BTreeMap::new();
    for (i, (label, text)) in texts.iter().enumerate() {
        let (a, t) = check(label, text, edits, seed ^ (i as u64 + 1), &mut why);
        answered += a;
        tried += t;
    }
    println!("answered {answered} of {tried}; not answered: {why:#?}");
    (answered, tried)
}

const SHAPES: &[&str] = &[
    // Templates, a duplicate name across types, a broken reference, a second transport.
    "[global]\ntype=global\nuser_agent=pbx\n\n[t1](!)\ntype=endpoint\ncontext=default\nallow=ulaw\n\n\
     [udp]\ntype=transport\nprotocol=udp\nbind=0.0.0.0\n\n[tcp]\ntype=transport\nprotocol=tcp\nbind=0.0.0.0:5061\n\n\
     [alice](t1)\nauth=alice\naors=alice\n\n[alice]\ntype=auth\nusername=alice\npassword=a\n\n[alice]\ntype=aor\nmax_contacts=1\n\n\
     [bob](t1)\nauth=bob-auth\naors=bob,missing\ndirect_media=no\n\n[bob]\ntype=aor\n\n\
     [carol]\ntype=endpoint\naors=carol\noutbound_auth=alice\n\n[carol]\ntype=aor\nmax_contacts=0\n",
    // NAT settings, an ACL, an identify and a registration naming an auth.
    "[transport-udp]\ntype=transport\nprotocol=udp\nbind=0.0.0.0\nexternal_media_address=203.0.113.1\n\n\
     [office]\ntype=acl\ndeny=0.0.0.0/0\npermit=10.0.0.0/8\n\n\
     [6001]\ntype=endpoint\ncontext=from-internal\ndisallow=all\nallow=ulaw\nauth=6001\naors=6001\nacl=office\n\n\
     [6001]\ntype=auth\nauth_type=userpass\npassword=6001\nusername=6001\n\n[6001]\ntype=aor\nmax_contacts=1\n\n\
     [6002]\ntype=endpoint\ncontext=from-internal\nallow=ulaw\nauth=6002\naors=6002\nrtp_symmetric=yes\n\n\
     [6002]\ntype=auth\npassword=6002\nusername=6002\n\n[6002]\ntype=aor\nmax_contacts=2\nremove_existing=yes\n\n\
     [trunk]\ntype=endpoint\naors=trunk\noutbound_auth=trunk-auth\n\n[trunk]\ntype=aor\ncontact=sip:198.51.100.1\n\n\
     [trunk-auth]\ntype=auth\nusername=u\npassword=p\n\n[trunk-reg]\ntype=registration\nserver_uri=sip:198.51.100.1\n\
     client_uri=sip:u@198.51.100.1\noutbound_auth=trunk-auth\n\n[trunk-id]\ntype=identify\nendpoint=trunk\nmatch=198.51.100.1\n",
    // Broken values, duplicates of one type, sections without a type, `+=`.
    "[a]\ntype=endpoint\nallow=ulaw\nallow+=,alaw\ntimers=maybe\n\n[a]\ntype=aor\n\n[b]\ntype=aor\nmax_contacts=x\n\n\
     [c]\nfoo=bar\n\n[d]\ntype=auth\nusername=d\n\n[e]\ntype=endpoint\nauth=d\naors=b\n",
];

#[test]
fn random_edits_give_the_full_analysis() {
    let mut texts: Vec<(String, String)> = vec![("office".into(), office(40, 4))];
    texts.extend(SHAPES.iter().enumerate().map(|(i, s)| (format!("shape {i}"), s.to_string())));
    let corpus = pjsip_testdata::shared_path("corpus");
    for path in pjsip_testdata::files_under(&corpus) {
        let name = path.to_string_lossy().to_string();
        if name.contains("/sip/") || !name.contains("pjsip") || name.contains("wizard") || name.contains("notify") {
            continue;
        }
        texts.push((name, pjsip_testdata::read(&path)));
    }
    assert!(texts.len() > 10, "the corpus is there");
    let (answered, tried) = check_all(
        &texts,
        std::env::var("SOAK").ok().and_then(|s| s.parse().ok()).unwrap_or(60),
        0x9e37_79b9_7f4a_7c15 ^ std::env::var("SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(0),
    );
    // Not a vacuous test. (Most random edits are not local: they touch headers and `type=`
    // lines, or pile up across sections on a base that is not analysed again.)
    assert!(answered >= 1000, "recheck answered {answered} of {tried} edits");
}

#[test]
fn random_edits_with_a_dialplan_and_named_acls_beside() {
    // `context=` is checked against extensions.conf, `acl=` against acl.conf.
    SIDE_FILES.with(|side| {
        *side.borrow_mut() = vec![
            (
                "extensions.conf".into(),
                "[from-internal]\nexten => _1XXXX,1,Dial(PJSIP/${EXTEN})\n[default]\nexten => s,1,Hangup()\n".into(),
            ),
            ("acl.conf".into(), "[office]\ndeny=0.0.0.0/0\npermit=10.0.0.0/8\n".into()),
        ]
    });
    let texts = [office(20, 2), SHAPES[0].to_string(), SHAPES[1].replace("acl=office", "acl=office\ncontext=default")];
    let labelled: Vec<(String, String)> = texts.into_iter().enumerate().map(|(i, t)| (format!("with side files {i}"), t)).collect();
    let (answered, tried) = check_all(&labelled, soak(150), 0x2545_f491_4f6c_dd1d ^ seed());
    assert!(answered >= 50, "recheck answered {answered} of {tried} edits");
}

#[test]
fn typing_an_option_into_a_phone_is_answered_locally_every_keystroke() {
    let mut text = office(200, 5);
    let base = Analysis::new(&input(&text));
    let at = text.find("[10100]\ntype=aor").expect("phone 10100's aor");
    let at = text[..at].rfind("callerid").expect("phone 10100's endpoint");
    for (n, c) in "direct_media=no\n".char_indices() {
        text.insert(at + n, c);
        let quick = base.recheck(&input(&text)).unwrap_or_else(|why| panic!("keystroke {n} was not answered locally: {why}")).diagnostics;
        assert_eq!(quick, Analysis::new(&input(&text)).diagnostics(), "keystroke {n}");
    }
}

/// `pjsip.conf` with the transport, the template and an `#include` of `phones.conf` at the end
/// of the template's block (the usual layout), and a few phones of its own after it.
fn two_files(phones: usize) -> [String; 2] {
    let office = office(phones, 3);
    let first_phone = office.find("[10000](phone)").expect("the phones");
    let mut root = office[..first_phone].to_string();
    root.push_str("#include phones.conf\n\n[20000](phone)\nauth=20000\naors=20000\n\n[20000]\ntype=aor\nmax_contacts=1\n\n");
    root.push_str("[20000]\ntype=auth\nusername=20000\npassword=x\n");
    [root, office[first_phone..].to_string()]
}

fn input_with_include(texts: &[String; 2]) -> Input {
    let phones = texts[1].clone();
    Input::new(vec![InputFile { name: "pjsip.conf".into(), text: texts[0].clone() }], AsteriskVersion::V22)
        .with_reader(Box::new(move |name: &str| name.ends_with("phones.conf").then(|| phones.clone())))
}

#[test]
fn random_edits_across_an_included_file() {
    let (mut answered, mut tried) = (0, 0);
    let mut why = std::collections::BTreeMap::new();
    for seed in 1..=40u64 {
        let original = two_files(15);
        let mut rng = Rng(0x5851_f42d_4c95_7f2d ^ seed ^ self::seed());
        let mut texts = original.clone();
        let mut base_texts = original.clone();
        let mut base = Analysis::new(&input_with_include(&base_texts));
        let mut which = 1;
        for n in 0..80 {
            if n % 5 == 0 {
                // A few edits in one file, mostly the included one (that is where the phones
                // are), then back to the original texts.
                texts = original.clone();
                which = usize::from(rng.below(4) != 0);
            }
            texts[which] = edit(&texts[which], &mut rng);
            let full = Analysis::new(&input_with_include(&texts));
            if texts != base_texts {
                tried += 1;
                match base.recheck(&input_with_include(&texts)).map(|r| r.diagnostics) {
                    Ok(quick) => {
                        answered += 1;
                        assert_eq!(
                            quick,
                            full.diagnostics(),
                            "seed {seed} edit {n}\n--- base ---\n{}\n{}\n--- now ---\n{}\n{}",
                            base_texts[0],
                            base_texts[1],
                            texts[0],
                            texts[1]
                        );
                    }
                    Err(reason) => *why.entry(reason).or_insert(0) += 1,
                }
            }
            if rng.below(3) == 0 {
                base_texts = texts.clone();
                base = full;
            }
        }
    }
    println!("answered {answered} of {tried}; not answered: {why:#?}");
    assert!(answered >= 150, "recheck answered {answered} of {tried} edits");
}

#[test]
fn typing_in_a_phone_of_an_included_file_is_answered_locally() {
    let mut texts = two_files(100);
    let base = Analysis::new(&input_with_include(&texts));
    let at = texts[1].find("[10050](phone)\n").expect("phone 10050") + "[10050](phone)\n".len();
    for (n, c) in "direct_media=no\n".char_indices() {
        texts[1].insert(at + n, c);
        let quick = base
            .recheck(&input_with_include(&texts))
            .map(|r| r.diagnostics)
            .unwrap_or_else(|why| panic!("keystroke {n} was not answered locally: {why}"));
        assert_eq!(quick, Analysis::new(&input_with_include(&texts)).diagnostics(), "keystroke {n}");
    }
    // And in the root file, in the phone after the `#include`.
    let mut texts = two_files(100);
    let at = texts[0].find("[20000](phone)\n").expect("phone 20000") + "[20000](phone)\n".len();
    texts[0].insert_str(at, "direct_media=no\n");
    let quick = base.recheck(&input_with_include(&texts)).map(|r| r.diagnostics).expect("answered locally");
    assert_eq!(quick, Analysis::new(&input_with_include(&texts)).diagnostics());
}

/// Shapes that would make a re-check quadratic are refused early with their reason (a full
/// analysis, linear, answers them). Nothing here is timed.
#[test]
fn hostile_neighbourhoods_are_refused() {
    // Asterisk skips lines over 8,190 bytes: long lists are written 400 names a line with `+=`.
    let list = |names: Vec<String>| {
        let lines: Vec<String> = names.chunks(400).map(|c| c.join(",")).collect();
        format!("aors={}\n", lines.join("\naors+=,"))
    };
    let refused = |text: &str, edited: &str, reason: &str| {
        let base = Analysis::new(&input(text));
        let why = base.recheck(&input(edited)).map(|r| r.diagnostics).expect_err("refused");
        assert_eq!(why, reason);
    };
    // An endpoint naming 3,000 existing aors: its neighbourhood is the whole file.
    let mut text = String::from("[e]\ntype=endpoint\n");
    text.push_str(&list((0..3_000).map(|n| format!("a{n}")).collect()));
    text.push_str("context=x\n");
    for n in 0..3_000 {
        text.push_str(&format!("[a{n}]\ntype=aor\n"));
    }
    refused(&text, &text.replacen("context=x", "context=xy", 1), "the neighbourhood is too large");
    // … naming 3,000 aors that do not exist: each would look for its did-you-mean everywhere.
    let mut text = String::from("[e]\ntype=endpoint\n");
    text.push_str(&list((0..3_000).map(|n| format!("missing{n}")).collect()));
    text.push_str("context=x\n[a]\ntype=aor\n");
    refused(&text, &text.replacen("context=x", "context=xy", 1), "too many broken references in the touched sections");
    // A template naming the edited aor, behind 3,000 endpoints: T would be all of them.
    let mut text = String::from("[t](!)\ntype=endpoint\naors=shared\n[shared]\ntype=aor\nmax_contacts=1\n");
    for n in 0..3_000 {
        text.push_str(&format!("[p{n}](t)\n"));
    }
    refused(&text, &text.replacen("max_contacts=1", "max_contacts=2", 1), "too many touched sections or sections of other types");
}
