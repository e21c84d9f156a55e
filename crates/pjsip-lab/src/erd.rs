//! `pjsip-lab erd FILE... [-o diagram.svg]`: the entity diagram of a configuration as one
//! standalone SVG document — the same graph and layout the web app draws.
//!
//! Files form one input as for `check`. Exit status 0 when the diagram was written (problems
//! in the configuration are drawn, not reported; run `check` for them), 2 for unusable input.

use pjsip_analysis::diagram::{Diagram, DiagramOptions, NodeId};

use crate::args::Args;

pub fn run(args: &Args) -> u8 {
    let Some(analysis) = crate::check::analyse(args, "erd") else { return 2 };
    let options = DiagramOptions { templates: args.templates, ..DiagramOptions::default() };
    let mut diagram = analysis.diagram(&options);
    if let Some(focus) = &args.focus {
        // The id arrives as text (`type/name`); the graph reads it back into a typed id.
        let Some(index) = diagram.graph.find_id(focus) else {
            let why = match focus.parse::<NodeId>() {
                Err(e) => e.to_string(),
                Ok(_) => "write it as type/name, e.g. endpoint/alice".to_string(),
            };
            eprintln!("pjsip-lab: erd: no object `{focus}` in the diagram ({why})");
            return 2;
        };
        let id = diagram.graph.nodes[index].id.clone();
        diagram = Diagram::of(diagram.graph.neighbourhood(&id, 2));
    }
    let svg = diagram.to_svg();
    match &args.output {
        Some(path) if path != "-" => match std::fs::write(path, svg) {
            Ok(()) => 0,
            Err(e) => {
                eprintln!("pjsip-lab: {path}: {e}");
                2
            }
        },
        _ => {
            crate::stdout::out!("{svg}");
            0
        }
    }
}
