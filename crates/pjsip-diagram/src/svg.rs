//! The diagram as one standalone SVG document (for `pjsip-lab erd` and for documentation).
//!
//! The look lives in CSS classes inside a `<style>` element, so a page can restyle it; the web
//! app renders the same [`Layout`] as live elements and can reuse [`STYLE`] and
//! [`marker_defs`]. For machine checks every node carries `data-type`, `data-name` and
//! `data-state`, every edge `data-from`, `data-to` (`type/name`) and `data-kind` (the option
//! that creates it). Plain string building; all text is XML-escaped.

use std::fmt::Write;

use super::graph::{Graph, Node, NodeState};
use super::layout::{max_chars, num, Direction, Layout, Point, CHAR_WIDTH, LINE_HEIGHT, MARGIN, PADDING};
use super::notation::{Cardinality, EdgeStyle};

/// The stylesheet of the diagram: one class per node type, state and edge style.
pub const STYLE: &str = "\
.pjsip-erd{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;font-size:12px}
.pjsip-erd .node rect{fill:#fff;stroke:#4a5568;stroke-width:1.2}
.pjsip-erd .node .name{font-weight:600;fill:#1a202c}
.pjsip-erd .node .sub{fill:#4a5568}
.pjsip-erd .type-endpoint rect{fill:#ebf4ff}
.pjsip-erd .type-aor rect{fill:#f0fff4}
.pjsip-erd .type-auth rect{fill:#fffaf0}
.pjsip-erd .type-transport rect{fill:#faf5ff}
.pjsip-erd .type-identify rect{fill:#e6fffa}
.pjsip-erd .type-registration rect{fill:#fff5f7}
.pjsip-erd .type-contact rect,.pjsip-erd .type-domain rect{fill:#f7fafc;stroke-dasharray:3 2}
.pjsip-erd .type-template rect{fill:#f7fafc;stroke:#a0aec0}
.pjsip-erd .wizard rect{stroke:#6b46c1;stroke-width:2}
.pjsip-erd .default-transport rect{stroke-width:2.5}
.pjsip-erd .rejected{opacity:.55}
.pjsip-erd .rejected rect{fill:#edf2f7;stroke:#718096;stroke-dasharray:5 3}
.pjsip-erd .ghost rect{fill:#fff5f5;stroke:#c53030;stroke-dasharray:5 3}
.pjsip-erd .ghost .name,.pjsip-erd .ghost .sub{fill:#c53030}
.pjsip-erd .edge{fill:none;stroke:#4a5568;stroke-width:1.2}
.pjsip-erd .edge-dashed{stroke-dasharray:7 4}
.pjsip-erd .edge-dotted{stroke-dasharray:2 3}
.pjsip-erd .edge-error{stroke:#c53030}
.pjsip-erd .edge-inherit{stroke:#a0aec0;stroke-dasharray:1 4}
.pjsip-erd .edge-label{fill:#4a5568;font-size:11px;text-anchor:middle}
.pjsip-erd .marker{fill:#fff;stroke:#4a5568;stroke-width:1.2}
.pjsip-erd .column-title{fill:#718096;font-size:11px;text-transform:uppercase;letter-spacing:.05em}
.pjsip-erd .legend rect.frame{fill:#fff;stroke:#cbd5e0}
.pjsip-erd .legend .heading{font-weight:600;fill:#2d3748}
.pjsip-erd .legend text{fill:#2d3748}
";

/// Width reserved on the right for the legend.
const LEGEND_WIDTH: f64 = 300.0;

/// `<marker>` elements for the four crow's-foot ends, ids from [`Cardinality::marker_id`].
/// They are drawn with `orient="auto-start-reverse"`, so one marker serves both ends of a line:
/// the box side is at the marker's tip, the line comes from its left.
pub fn marker_defs() -> String {
    let mut out = String::new();
    for cardinality in Cardinality::ALL {
        // Nearest the box: the maximum (bar = one, crow's foot = many); further out the
        // minimum (circle = zero, bar = one).
        let shape = match cardinality {
            Cardinality::ExactlyOne => "<path d=\"M12 -5V5M8 -5V5\"/>",
            Cardinality::ZeroOrOne => "<path d=\"M12 -5V5\"/><circle cx=\"6\" cy=\"0\" r=\"3\"/>",
            Cardinality::ZeroOrMany => "<path d=\"M9 0L16 -5M9 0L16 0M9 0L16 5\"/><circle cx=\"5\" cy=\"0\" r=\"3\"/>",
            Cardinality::OneOrMany => "<path d=\"M9 0L16 -5M9 0L16 0M9 0L16 5M6 -5V5\"/>",
        };
        let _ = write!(
            out,
            "<marker id=\"{}\" class=\"marker\" viewBox=\"0 -7 17 14\" refX=\"16\" refY=\"0\" markerWidth=\"17\" markerHeight=\"14\" markerUnits=\"userSpaceOnUse\" orient=\"auto-start-reverse\">{shape}</marker>",
            cardinality.marker_id()
        );
    }
    out
}

/// The standalone SVG document for a laid-out graph.
pub fn render(graph: &Graph, layout: &Layout) -> String {
    let width = layout.width + LEGEND_WIDTH;
    let height = layout.height.max(legend_height() + 2.0 * MARGIN);
    let mut out = String::with_capacity(256 + graph.nodes.len() * 400 + graph.edges.len() * 250);
    let _ = writeln!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"pjsip-erd\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\">",
        w = num(width),
        h = num(height)
    );
    out.push_str("<title>pjsip objects and their references</title>\n<style>\n");
    out.push_str(STYLE);
    out.push_str("</style>\n<defs>");
    out.push_str(&marker_defs());
    out.push_str("</defs>\n<g class=\"columns\">\n");
    // Column titles (a row layout has no room kept for them).
    if layout.direction == Direction::Across {
        for band in &layout.bands {
            let kinds: Vec<&str> = band.kinds.iter().map(|k| k.name()).collect();
            let _ = writeln!(
                out,
                "<text class=\"column-title\" x=\"{}\" y=\"{}\">{}</text>",
                num(band.x),
                num(MARGIN + 10.0),
                escape(&kinds.join(" · "))
            );
        }
    }
    out.push_str("</g>\n<g class=\"edges\">\n");
    for (edge, path) in graph.edges.iter().zip(&layout.edges) {
        let (from, to) = (&graph.nodes[edge.from], &graph.nodes[edge.to]);
        let _ = writeln!(
            out,
            "<path class=\"edge {}\" d=\"{}\" marker-start=\"url(#{})\" marker-end=\"url(#{})\" data-from=\"{}\" data-to=\"{}\" data-kind=\"{}\"/>",
            edge.style.class(),
            path.d(),
            edge.from_end.marker_id(),
            edge.to_end.marker_id(),
            escape(&from.id.reference()),
            escape(&to.id.reference()),
            escape(&edge.kind)
        );
        if let Some(label) = &edge.label {
            let at = label_position(path.middle);
            let _ = writeln!(out, "<text class=\"edge-label\" x=\"{}\" y=\"{}\">{}</text>", num(at.x), num(at.y), escape(label));
        }
    }
    out.push_str("</g>\n<g class=\"nodes\">\n");
    for (node, b) in graph.nodes.iter().zip(&layout.nodes) {
        let _ = write!(
            out,
            "<g class=\"{}\" data-type=\"{}\" data-name=\"{}\" data-state=\"{}\" transform=\"translate({} {})\">",
            node_classes(node),
            escape(node.type_name()),
            escape(node.name()),
            state_word(&node.state),
            num(b.x),
            num(b.y)
        );
        let _ = write!(out, "<title>{}</title>", escape(&tooltip(node)));
        let _ = write!(out, "<rect width=\"{}\" height=\"{}\" rx=\"4\"/>", num(b.width), num(b.height));
        let fits = ((b.width - 2.0 * PADDING) / CHAR_WIDTH) as usize;
        for (k, line) in node.lines.iter().enumerate() {
            let class = if k == 0 { "name" } else { "sub" };
            let y = PADDING + LINE_HEIGHT * (k as f64 + 1.0) - 4.0;
            let _ = write!(
                out,
                "<text class=\"{class}\" x=\"{}\" y=\"{}\">{}</text>",
                num(PADDING),
                num(y),
                escape(&cut(line, fits.min(max_chars())))
            );
        }
        out.push_str("</g>\n");
    }
    out.push_str("</g>\n");
    legend(&mut out, layout.width);
    out.push_str("</svg>\n");
    out
}

fn state_word(state: &NodeState) -> &'static str {
    match state {
        NodeState::Loaded => "loaded",
        NodeState::Rejected { .. } => "rejected",
        NodeState::Ghost { .. } => "ghost",
        NodeState::Derived => "derived",
    }
}

/// CSS classes of a node group; type names are already class-safe (letters, `_`, `-`).
pub fn node_classes(node: &Node) -> String {
    let mut classes = format!("node type-{}", node.type_name());
    match node.state {
        NodeState::Rejected { .. } => classes.push_str(" rejected"),
        NodeState::Ghost { .. } => classes.push_str(" ghost"),
        _ => {}
    }
    if node.wizard.is_some() {
        classes.push_str(" wizard");
    }
    if node.default_transport {
        classes.push_str(" default-transport");
    }
    classes
}

/// The hover text of a node: its id, then why it is greyed or missing.
pub fn tooltip(node: &Node) -> String {
    let mut text = node.id.to_string();
    match &node.state {
        NodeState::Rejected { reason } => {
            text.push_str(" — not loaded: ");
            text.push_str(reason);
        }
        NodeState::Ghost { reason } => {
            text.push_str(" — missing: ");
            text.push_str(reason);
        }
        _ => {}
    }
    if let Some(w) = &node.wizard {
        text.push_str(&format!(" (generated by wizard {w})"));
    }
    if node.default_transport {
        text.push_str(" (used by objects that name no transport)");
    }
    text
}

fn cut(line: &str, max: usize) -> String {
    if line.chars().count() <= max {
        return line.to_string();
    }
    let mut out: String = line.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// Text safe inside an element or a double- or single-quoted attribute.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Control characters are not allowed in XML 1.0 at all.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

const LEGEND_ROW: f64 = 20.0;

fn legend_height() -> f64 {
    // Three headings, the rows, padding.
    (3 + Cardinality::ALL.len() + EdgeStyle::ALL.len() + 5) as f64 * LEGEND_ROW + 24.0
}

/// The key: crow's-foot ends, edge styles, box kinds.
fn legend(out: &mut String, x: f64) {
    let x = x + 10.0;
    let _ = writeln!(out, "<g class=\"legend\" transform=\"translate({} {})\">", num(x), num(MARGIN));
    let _ = writeln!(out, "<rect class=\"frame\" width=\"{}\" height=\"{}\" rx=\"6\"/>", num(LEGEND_WIDTH - 20.0), num(legend_height()));
    let mut y = 22.0;
    let line = |out: &mut String, y: f64, class: &str, end: Option<Cardinality>, text: &str| {
        let marker = end.map(|c| format!(" marker-end=\"url(#{})\"", c.marker_id())).unwrap_or_default();
        let _ = writeln!(
            out,
            "<path class=\"edge {class}\" d=\"M12 {y} H62\"{marker}/><text x=\"72\" y=\"{}\">{}</text>",
            num(y + 4.0),
            escape(text)
        );
    };
    let heading = |out: &mut String, y: f64, text: &str| {
        let _ = writeln!(out, "<text class=\"heading\" x=\"12\" y=\"{}\">{}</text>", num(y + 4.0), escape(text));
    };
    heading(out, y, "How many at this end (crow's foot)");
    y += LEGEND_ROW;
    for c in Cardinality::ALL {
        line(out, y, "edge-solid", Some(c), c.text());
        y += LEGEND_ROW;
    }
    heading(out, y, "Lines");
    y += LEGEND_ROW;
    for style in EdgeStyle::ALL {
        line(out, y, style.class(), None, style.text());
        y += LEGEND_ROW;
    }
    heading(out, y, "Boxes");
    y += LEGEND_ROW;
    let boxes: [(&str, &str); 5] = [
        ("node type-endpoint", "object Asterisk loads"),
        ("node type-endpoint wizard", "generated by pjsip_wizard.conf"),
        ("node type-endpoint default-transport", "transport used by default"),
        ("node rejected", "refused by Asterisk (hover: why)"),
        ("node ghost", "named but missing"),
    ];
    for (class, text) in boxes {
        let _ = writeln!(
            out,
            "<g class=\"{class}\"><rect x=\"12\" y=\"{}\" width=\"50\" height=\"14\" rx=\"3\"/></g><text x=\"72\" y=\"{}\">{}</text>",
            num(y - 7.0),
            num(y + 4.0),
            escape(text)
        );
        y += LEGEND_ROW;
    }
    out.push_str("</g>\n");
}

/// A label position helper for renderers that draw edge labels themselves.
pub fn label_position(middle: Point) -> Point {
    Point { x: middle.x, y: middle.y - 3.0 }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup() {
        assert_eq!(escape("a<b>&\"c'\u{1}"), "a&lt;b&gt;&amp;&quot;c&apos;\u{FFFD}");
    }

    #[test]
    fn cuts_long_lines() {
        assert_eq!(cut("abcdef", 4), "abc…");
        assert_eq!(cut("abc", 4), "abc");
    }
}
