//! Properties of both layout directions on random configurations: boxes never overlap, lines
//! start and end on the facing sides of their boxes, the same graph and options give the same
//! layout, and a row layout keeps to its width. (`pjsip-analysis`'s `diagram_props` holds the
//! column layout through the facade; these cover the rows as well.)

use pjsip_diagram::{graph, Diagram, DiagramOptions, Direction, LayoutOptions, NodeKind};
use pjsip_model::{AsteriskVersion, Input, InputFile, Loaded, ObjectType};
use proptest::prelude::*;

const NAMES: &[&str] = &["a", "b", "c", "d", "trunk-with-a-long-name", "e"];
const TYPES: &[&str] = &["endpoint", "aor", "auth", "transport", "identify", "registration"];

/// One section: type, name, references (option index, name).
type Section = (usize, usize, Vec<(usize, usize)>);

fn text(sections: &[Section]) -> String {
    let mut text = String::from("[tpl](!)\ncontext=x\n");
    for (i, (t, name, refs)) in sections.iter().enumerate() {
        let header = if i % 3 == 0 { format!("[{}](tpl)\n", NAMES[*name]) } else { format!("[{}]\n", NAMES[*name]) };
        text.push_str(&header);
        text.push_str(&format!("type={}\n", TYPES[*t]));
        for &(option, target) in refs {
            let target = NAMES[target];
            let line = match (TYPES[*t], option % 3) {
                ("endpoint", 0) => format!("aors={target}"),
                ("endpoint", 1) => format!("auth={target}"),
                ("endpoint", _) => format!("transport={target}"),
                ("aor", _) => format!("contact=sip:{target}@example.com"),
                ("identify", _) => format!("endpoint={target}\nmatch=192.0.2.1"),
                ("registration", 0) => format!("outbound_auth={target}"),
                ("registration", 1) => "server_uri=sip:x.example.com\nclient_uri=sip:u@x.example.com".into(),
                ("registration", _) => format!("line=yes\nendpoint={target}"),
                ("transport", _) => format!("bind=0.0.0.0:{}", 5060 + i % 3),
                _ => "username=u".into(),
            };
            text.push_str(&line);
            text.push('\n');
        }
    }
    text
}

fn config() -> impl Strategy<Value = Vec<Section>> {
    let section = (0..TYPES.len(), 0..NAMES.len(), prop::collection::vec((0..3usize, 0..NAMES.len()), 0..4));
    prop::collection::vec(section, 0..30)
}

fn graph_of(sections: &[Section], templates: bool) -> pjsip_diagram::Graph {
    let input = Input::new(vec![InputFile { name: "pjsip.conf".into(), text: text(sections) }], AsteriskVersion::V22);
    graph::build(&Loaded::new(&input), &DiagramOptions { templates, ..DiagramOptions::default() })
}

fn check(diagram: &Diagram) -> Result<(), TestCaseError> {
    let (graph, layout) = (&diagram.graph, &diagram.layout);
    prop_assert_eq!(layout.nodes.len(), graph.nodes.len());
    prop_assert_eq!(layout.edges.len(), graph.edges.len());
    for (i, a) in layout.nodes.iter().enumerate() {
        prop_assert!(a.width > 0.0 && a.height > 0.0);
        prop_assert!(a.x >= 0.0 && a.y >= 0.0 && a.x + a.width <= layout.width && a.y + a.height <= layout.height);
        for b in &layout.nodes[i + 1..] {
            prop_assert!(!a.overlaps(b), "{:?} overlaps {:?}", a, b);
        }
    }
    let down = matches!(layout.direction, Direction::Down { .. });
    for (edge, path) in graph.edges.iter().zip(&layout.edges) {
        for (point, b) in [(path.start, &layout.nodes[edge.from]), (path.end, &layout.nodes[edge.to])] {
            let on_side = if down {
                (point.y == b.y || point.y == b.y + b.height) && point.x > b.x && point.x < b.x + b.width
            } else {
                (point.x == b.x || point.x == b.x + b.width) && point.y > b.y && point.y < b.y + b.height
            };
            prop_assert!(on_side, "{:?} is not on a side of {:?}", point, b);
        }
    }
    if let Direction::Down { width } = layout.direction {
        let widest = layout.nodes.iter().map(|b| b.width).fold(0.0, f64::max);
        prop_assert!(layout.width <= width.max(widest + 40.0) + 1e-9, "{} wider than {}", layout.width, width);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn both_directions_lay_out_cleanly(sections in config(), templates in any::<bool>(), width in 200.0f64..1200.0) {
        let graph = graph_of(&sections, templates);
        // The same sum in another order: equal up to rounding.
        let (predicted, laid_out) = (pjsip_diagram::across_width(&graph), Diagram::of(graph.clone()).layout.width);
        prop_assert!((predicted - laid_out).abs() < 1e-6, "{} predicted, {} laid out", predicted, laid_out);
        for options in [LayoutOptions::default(), LayoutOptions { direction: Direction::Down { width } }] {
            let first = Diagram::with(graph.clone(), &options);
            check(&first)?;
            prop_assert_eq!(&first, &Diagram::with(graph_of(&sections, templates), &options));
            let narrowed = graph.filter(&[NodeKind::Object(ObjectType::Endpoint), NodeKind::Object(ObjectType::Aor)]);
            check(&Diagram::with(narrowed, &options))?;
            // Rendering never fails, whichever way the bands run.
            prop_assert!(first.to_svg().starts_with("<svg"));
        }
    }
}

/// The starting example (an ITSP trunk) in the width of the app's middle panel at 1440×900:
/// every box fits across, so the text is drawn at its own size.
#[test]
fn the_trunk_example_fits_a_narrow_panel_unscaled() {
    let trunk = include_str!("../../../public/examples/trunk.conf");
    let input = Input::new(vec![InputFile { name: "pjsip.conf".into(), text: trunk.into() }], AsteriskVersion::V22);
    let graph = graph::build(&Loaded::new(&input), &DiagramOptions::default());
    let down = Diagram::with(graph.clone(), &LayoutOptions { direction: Direction::Down { width: 420.0 } });
    assert!(down.layout.width <= 420.0, "{}", down.layout.width);
    assert!(down.layout.height <= 700.0, "{}", down.layout.height);
    // In columns, the same graph is more than twice as wide.
    assert!(Diagram::of(graph).layout.width > 2.0 * 420.0);
}
