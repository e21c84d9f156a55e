//! The entity-relationship diagram of a configuration: which objects exist and which refer to
//! which, laid out in columns and drawable as SVG.
//!
//! * [`graph`] builds a [`Graph`] from an analysis: nodes for loaded, refused, missing and
//!   derived objects; edges for references, with crow's-foot ends ([`notation`]).
//! * [`layout`] places it ([`Layout`]): deterministic, no overlaps, fast enough for tens of
//!   thousands of objects.
//! * [`svg`] writes a standalone SVG document; the web app renders the same layout itself.
//!
//! For big configurations, lay out a smaller graph: [`Graph::neighbourhood`] (focus mode),
//! [`Graph::filter`] (by type), [`Graph::search`] (by name).

pub mod graph;
pub mod layout;
pub mod notation;
pub mod svg;

use serde::{Deserialize, Serialize};

pub use graph::{Edge, Graph, Node, NodeState, NODE_TYPES};
pub use layout::{fixed, layout, num, Column, EdgePath, Layout, NodeBox, Point};
pub use notation::{Cardinality, EdgeStyle};

/// What the diagram shows besides the written references.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiagramOptions {
    /// Dotted edges to the transport Asterisk picks for objects that name none.
    pub default_transport: bool,
    /// Template inheritance edges and template nodes.
    pub templates: bool,
}

impl Default for DiagramOptions {
    fn default() -> Self {
        DiagramOptions { default_transport: true, templates: false }
    }
}

/// A graph with its layout (`layout.nodes[i]` belongs to `graph.nodes[i]`).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Diagram {
    pub graph: Graph,
    pub layout: Layout,
}

impl Diagram {
    /// Lays out `graph` (for instance a neighbourhood or a filtered graph).
    pub fn of(graph: Graph) -> Diagram {
        let layout = layout(&graph);
        Diagram { graph, layout }
    }

    /// The standalone SVG document.
    pub fn to_svg(&self) -> String {
        svg::render(&self.graph, &self.layout)
    }
}
