//! Properties of the diagram on random configurations: boxes never overlap, the same input
//! gives the same layout and SVG, every edge joins placed nodes and starts and ends on the
//! sides of their boxes; subgraphs (focus, filter, search) keep those properties.

use pjsip_analysis::diagram::{Diagram, DiagramOptions, Layout, NodeId, NodeKind};
use pjsip_analysis::{Analysis, AsteriskVersion, Input, InputFile};
use proptest::prelude::*;

const NAMES: &[&str] = &["a", "b", "c", "d", "e&f", "g<h>"];
const TYPES: &[&str] = &["endpoint", "aor", "auth", "transport", "identify", "registration", "domain_alias"];

/// One section: type, name, whether it inherits the template, references (option index, name).
type Section = (usize, usize, bool, Vec<(usize, usize)>);

fn section_text(&(type_index, name, templated, ref refs): &Section, port: usize) -> String {
    let type_name = TYPES[type_index];
    let name = NAMES[name];
    let header = if templated { format!("[{name}](tpl)\n") } else { format!("[{name}]\n") };
    let mut text = format!("{header}type={type_name}\n");
    for &(option, target) in refs {
        let target = NAMES[target];
        let line = match (type_name, option % 4) {
            ("endpoint", 0) => format!("aors={target}"),
            ("endpoint", 1) => format!("auth={target}"),
            ("endpoint", 2) => format!("outbound_auth={target}"),
            ("endpoint", _) => format!("transport={target}"),
            ("aor", _) => format!("contact=sip:{target}@example.com"),
            ("auth", 0) => "password=p".into(),
            ("auth", _) => format!("username={target}"),
            ("transport", 0) => "protocol=tcp".into(),
            ("transport", _) => format!("bind=0.0.0.0:{}", 5060 + port % 3),
            ("identify", 0) => "match=192.0.2.1".into(),
            ("identify", _) => format!("endpoint={target}"),
            ("registration", 0) => format!("outbound_auth={target}"),
            ("registration", 1) => format!("transport={target}"),
            ("registration", 2) => "server_uri=sip:x.example.com\nclient_uri=sip:u@x.example.com".into(),
            ("registration", _) => format!("line=yes\nendpoint={target}"),
            (_, _) => format!("domain={target}.example.com"),
        };
        text.push_str(&line);
        text.push('\n');
    }
    text
}

fn config() -> impl Strategy<Value = Vec<Section>> {
    let section = (0..TYPES.len(), 0..NAMES.len(), any::<bool>(), prop::collection::vec((0..4usize, 0..NAMES.len()), 0..5));
    prop::collection::vec(section, 0..24)
}

fn diagram(sections: &[Section], options: &DiagramOptions) -> (Diagram, String) {
    let mut text = String::from("[tpl](!)\ncontext=x\n");
    for (i, section) in sections.iter().enumerate() {
        text.push_str(&section_text(section, i));
    }
    let input = Input::new(vec![InputFile { name: "pjsip.conf".into(), text }], AsteriskVersion::V22);
    let diagram = Analysis::new(&input).diagram(options);
    let svg = diagram.to_svg();
    (diagram, svg)
}

fn check_layout(diagram: &Diagram) -> Result<(), TestCaseError> {
    let Diagram { graph, layout } = diagram;
    let Layout { nodes, edges, .. } = layout;
    prop_assert_eq!(nodes.len(), graph.nodes.len());
    prop_assert_eq!(edges.len(), graph.edges.len());
    for (i, a) in nodes.iter().enumerate() {
        prop_assert!(a.width > 0.0 && a.height > 0.0);
        prop_assert!(a.x >= 0.0 && a.y >= 0.0 && a.x + a.width <= layout.width && a.y + a.height <= layout.height);
        for (j, b) in nodes.iter().enumerate().skip(i + 1) {
            prop_assert!(!a.overlaps(b), "{} {:?} overlaps {} {:?}", graph.nodes[i].id, a, graph.nodes[j].id, b);
        }
    }
    for (edge, path) in graph.edges.iter().zip(edges) {
        prop_assert!(edge.from < nodes.len() && edge.to < nodes.len());
        for (point, b) in [(path.start, &nodes[edge.from]), (path.end, &nodes[edge.to])] {
            let on_side = point.x == b.x || point.x == b.x + b.width;
            prop_assert!(on_side && point.y > b.y && point.y < b.y + b.height, "{:?} not on a side of {:?}", point, b);
        }
    }
    let mut ids: Vec<&NodeId> = graph.nodes.iter().map(|n| &n.id).collect();
    ids.sort_unstable();
    let count = ids.len();
    ids.dedup();
    prop_assert_eq!(ids.len(), count, "node ids are unique");
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn layout_properties(sections in config(), templates in any::<bool>(), default_transport in any::<bool>()) {
        let options = DiagramOptions { templates, default_transport };
        let (first, svg) = diagram(&sections, &options);
        check_layout(&first)?;
        // Deterministic: the same text gives the same graph, layout and document.
        let (second, svg_again) = diagram(&sections, &options);
        prop_assert_eq!(&first, &second);
        prop_assert_eq!(svg, svg_again);

        // Subgraphs lay out just as well.
        if let Some(node) = first.graph.nodes.first() {
            let focus = Diagram::of(first.graph.neighbourhood(&node.id, 2));
            prop_assert!(focus.graph.index_of(&node.id).is_some());
            check_layout(&focus)?;
        }
        check_layout(&Diagram::of(first.graph.filter(&["endpoint", "aor", "auth"].map(|t| NodeKind::from_name(t).expect("a kind")))))?;
        check_layout(&Diagram::of(first.graph.search("a")))?;
    }
}
