//! `pjsip-lab replay TRACE FILE...`: every request the PBX received in a SIP trace (Asterisk's
//! `pjsip set logger` text, a pcap/pcapng capture, a SIPp or sngrep export, or pasted SIP),
//! replayed through the configuration FILE... (files or a directory, as for `check`), beside
//! what the PBX answered in the trace.
//!
//! JSON: `{"results": [{<the simulate fields>, "request": {method, transport, src_ip, src_port,
//! request_uri}, "observed_status": <the PBX's final status or null>, "observed_reason",
//! "agrees", "remarks": [...]}], "skipped": [...], "notes": [...]}`.

use pjsip_analysis::Analysis;
use serde::Serialize;

use crate::args::{Args, Format};
use crate::output::Locator;
use crate::simulate::{json_outcome, JsonOutcome};

#[derive(Serialize)]
struct Report<'a> {
    results: Vec<JsonReplayed<'a>>,
    skipped: &'a [String],
    /// What the trace reader noticed (unreadable traffic, truncation, assumptions).
    notes: Vec<&'a str>,
}

#[derive(Serialize)]
struct JsonReplayed<'a> {
    #[serde(flatten)]
    outcome: JsonOutcome<'a>,
    request: &'a pjsip_analysis::replay::RequestSummary,
    observed_status: Option<u16>,
    observed_reason: Option<&'a str>,
    agrees: Option<bool>,
    remarks: &'a [String],
}

pub fn run(args: &Args) -> u8 {
    let Some((trace_path, config)) = args.files.split_first() else {
        eprintln!("pjsip-lab replay: give a trace file, then the configuration (files or a directory)");
        return 2;
    };
    if config.is_empty() {
        eprintln!("pjsip-lab replay: give the configuration after the trace (pjsip.conf, more files, or a directory)");
        return 2;
    }
    let bytes = match std::fs::read(trace_path) {
        Ok(bytes) => bytes,
        Err(error) => {
            eprintln!("pjsip-lab replay: cannot read {trace_path}: {error}");
            return 2;
        }
    };
    let trace = pjsip_analysis::trace::read(&bytes);
    if trace.messages.is_empty() {
        eprintln!("pjsip-lab replay: {trace_path} holds no SIP message pjsip-lab can read");
        for note in &trace.notes {
            eprintln!("  {}", note.text);
        }
        return 2;
    }
    let config_args = Args { files: config.to_vec(), ..args.clone() };
    let Some(analysis) = crate::check::analyse(&config_args, "replay") else { return 2 };
    let replay = analysis.replay(&trace);
    match args.format {
        Format::Json => print_json(&analysis, &trace, &replay),
        Format::Human => print_human(&trace, &replay),
    }
    0
}

fn print_json(analysis: &Analysis, trace: &pjsip_analysis::trace::Trace, replay: &pjsip_analysis::replay::Replay) {
    let locator = Locator::new(analysis);
    let results = replay
        .results
        .iter()
        .map(|r| JsonReplayed {
            outcome: json_outcome(&r.outcome, &locator),
            request: &r.request,
            observed_status: r.observed.as_ref().map(|o| o.status),
            observed_reason: r.observed.as_ref().map(|o| o.reason.as_str()),
            agrees: r.agrees,
            remarks: &r.remarks,
        })
        .collect();
    let report = Report { results, skipped: &replay.skipped, notes: trace.notes.iter().map(|n| n.text.as_str()).collect() };
    crate::stdout::outln!("{}", serde_json::to_string_pretty(&report).expect("the report serialises"));
}

fn print_human(trace: &pjsip_analysis::trace::Trace, replay: &pjsip_analysis::replay::Replay) {
    for note in &trace.notes {
        crate::stdout::outln!("note: {}", note.text);
    }
    for (n, r) in replay.results.iter().enumerate() {
        let (ours, theirs) = (r.our_answer(), r.their_answer());
        let mark = match r.agrees {
            Some(true) => "same",
            Some(false) => "DIFFERS",
            None => "",
        };
        crate::stdout::outln!("{:>3}. {} — this configuration: {ours}; your PBX: {theirs} {mark}", n + 1, r.request);
        if let Some(endpoint) = &r.outcome.endpoint {
            crate::stdout::outln!("     endpoint {endpoint}{}", r.outcome.aor.as_ref().map(|a| format!(", AOR {a}")).unwrap_or_default());
        }
        for remark in &r.remarks {
            crate::stdout::outln!("     {remark}");
        }
    }
    for skipped in &replay.skipped {
        crate::stdout::outln!("skipped {skipped}");
    }
    let (observed, agreeing) = replay.agreement();
    crate::stdout::outln!(
        "{} request(s) replayed; {agreeing} of the {observed} with an answer in the trace got the same status",
        replay.results.len()
    );
}
