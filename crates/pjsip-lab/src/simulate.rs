//! `pjsip-lab simulate CASE.json`: runs the requests of an oracle-format case (files plus
//! requests) through the simulator and prints one result per request, in order, as JSON:
//! `{"results": [{"status", "reason", "endpoint", "aor", "contacts_added", "contacts_removed",
//! "trace", …}]}`. Trace spans are printed as file name, byte range and 1-based line.

use pjsip_analysis::simulate::{Case, Outcome, Scenario, Step};
use pjsip_analysis::Analysis;
use serde::Serialize;

use crate::args::Args;
use crate::output::Locator;

#[derive(Serialize)]
struct Report<'a> {
    results: Vec<JsonOutcome<'a>>,
}

#[derive(Serialize)]
pub struct JsonOutcome<'a> {
    #[serde(flatten)]
    outcome: OutcomeFields<'a>,
    trace: Vec<JsonStep<'a>>,
}

/// Every field of an [`Outcome`] but its trace, which is printed with located spans.
#[derive(Serialize)]
struct OutcomeFields<'a> {
    status: Option<u16>,
    reason: &'a str,
    endpoint: Option<&'a str>,
    aor: Option<&'a str>,
    contacts_added: &'a [pjsip_analysis::simulate::ContactRef],
    contacts_removed: &'a [pjsip_analysis::simulate::ContactRef],
    artificial_endpoint: bool,
    acl_rejected: Option<&'a str>,
    dialplan: Option<&'a pjsip_analysis::simulate::DialplanTarget>,
    expires: Option<u32>,
    log: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonStep<'a> {
    kind: pjsip_analysis::simulate::StepKind,
    title: &'a str,
    text: &'a str,
    verdict: pjsip_analysis::simulate::Verdict,
    spans: Vec<JsonSpan<'a>>,
}

#[derive(Serialize)]
struct JsonSpan<'a> {
    file: &'a str,
    start: u32,
    end: u32,
    line: u32,
}

fn json_step<'a>(step: &'a Step, locator: &Locator<'a>) -> JsonStep<'a> {
    let spans = step
        .spans
        .iter()
        .map(|at| {
            let (file, line) = crate::output::file_line(locator, *at);
            JsonSpan { file, start: at.span.start, end: at.span.end, line }
        })
        .collect();
    JsonStep { kind: step.kind, title: &step.title, text: &step.text, verdict: step.verdict, spans }
}

pub fn json_outcome<'a>(outcome: &'a Outcome, locator: &Locator<'a>) -> JsonOutcome<'a> {
    JsonOutcome {
        outcome: OutcomeFields {
            status: outcome.status,
            reason: &outcome.reason,
            endpoint: outcome.endpoint.as_deref(),
            aor: outcome.aor.as_deref(),
            contacts_added: &outcome.contacts_added,
            contacts_removed: &outcome.contacts_removed,
            artificial_endpoint: outcome.artificial_endpoint,
            acl_rejected: outcome.acl_rejected.as_deref(),
            dialplan: outcome.dialplan.as_ref(),
            expires: outcome.expires,
            log: outcome.log.as_deref(),
        },
        trace: outcome.trace.iter().map(|s| json_step(s, locator)).collect(),
    }
}

pub fn run(args: &Args) -> u8 {
    let Some((path, config)) = args.files.split_first() else {
        eprintln!("pjsip-lab simulate: give a case file (oracle case format), optionally followed by the configuration files or directory to use instead of its own");
        return 2;
    };
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(error) => {
            eprintln!("pjsip-lab simulate: cannot read {path}: {error}");
            return 2;
        }
    };
    let case: Case = match serde_json::from_str(&text) {
        Ok(case) => case,
        Err(error) => {
            eprintln!("pjsip-lab simulate: {path} is not a case file: {error}");
            return 2;
        }
    };
    let analysis = if config.is_empty() {
        let mut input = case.input();
        input.version = args.version;
        Analysis::new(&input)
    } else {
        let config_args = Args { files: config.to_vec(), ..args.clone() };
        let Some(analysis) = crate::check::analyse(&config_args, "simulate") else { return 2 };
        analysis
    };
    let outcomes = analysis.simulate(&Scenario { requests: case.requests.clone(), ..Scenario::default() });
    let locator = Locator::new(&analysis);
    let report = Report { results: outcomes.iter().map(|o| json_outcome(o, &locator)).collect() };
    let json = serde_json::to_string_pretty(&report).expect("results serialise");
    match &args.output {
        Some(out) => {
            if let Err(error) = std::fs::write(out, json + "\n") {
                eprintln!("pjsip-lab simulate: cannot write {out}: {error}");
                return 2;
            }
        }
        None => crate::stdout::outln!("{json}"),
    }
    0
}
