//! Prints what `pjsip_trace::read` makes of a file: one line per message, then the notes.
//! `cargo run -p pjsip-trace --example dump -- FILE [--json]`

use pjsip_trace::{read, Direction};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(path) = args.iter().find(|a| !a.starts_with("--")) else {
        eprintln!("usage: dump FILE [--json]");
        std::process::exit(2);
    };
    let bytes = std::fs::read(path).unwrap_or_else(|e| {
        eprintln!("{path}: {e}");
        std::process::exit(1);
    });
    let trace = read(&bytes);
    if args.iter().any(|a| a == "--json") {
        println!("{}", serde_json::to_string_pretty(&trace).unwrap_or_default());
        return;
    }
    println!("{:?}, {} messages, PBX {:?}", trace.format, trace.messages.len(), trace.pbx);
    for m in &trace.messages {
        let arrow = match m.direction {
            Direction::Received => "→PBX",
            Direction::Transmitted => "PBX→",
            Direction::Unknown => " ?  ",
        };
        let peer = match m.direction {
            Direction::Transmitted => m.destination,
            _ => m.source,
        };
        let peer = peer.map(|p| p.to_string()).unwrap_or_default();
        let exchange = &m.exchange;
        let mut tie = String::new();
        if let Some(r) = exchange.request {
            tie += &format!(" (answers #{r})");
        }
        if let Some(s) = exchange.final_status {
            tie += &format!(" final {s}");
        }
        if let Some(r) = exchange.retry_of {
            tie += &format!(" retries #{r}");
        }
        if let Some(r) = exchange.retransmission_of {
            tie += &format!(" repeats #{r}");
        }
        println!("#{:<4} {arrow} {:?} {peer:<22} {}{tie}", m.index, m.transport, m.sip.summary());
    }
    for note in &trace.notes {
        println!("note [{:?}] {}", note.kind, note.text);
    }
    println!("{:?}", trace.stats);
}
