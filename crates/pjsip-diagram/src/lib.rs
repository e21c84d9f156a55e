//! The entity-relationship diagram of a configuration: which objects exist and which refer to
//! which, laid out in columns and drawable as SVG.
//!
//! * [`graph`] builds a [`Graph`] from an analysis: nodes for loaded, refused, missing and
//!   derived objects, identified by a typed [`NodeId`] ([`id`]); edges for references, with
//!   crow's-foot ends ([`notation`]).
//! * [`layout`] places it ([`Layout`]): deterministic, no overlaps, fast enough for tens of
//!   thousands of objects.
//! * [`svg`] writes a standalone SVG document; the web app renders the same layout itself.
//!
//! For big configurations, lay out a smaller graph: [`Graph::neighbourhood`] (focus mode),
//! [`Graph::filter`] (by type), [`Graph::search`] (by name).

pub mod graph;
pub mod id;
pub mod layout;
pub mod notation;
pub mod svg;

use serde::{Deserialize, Serialize};

pub use graph::{Edge, EdgeKey, Graph, Node, NodeState};
pub use id::{NodeId, NodeIdError, NodeKind};
pub use layout::{across_width, fixed, layout, layout_with, num, Band, Direction, EdgePath, Layout, LayoutOptions, NodeBox, Point};
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
    /// Lays out `graph` (for instance a neighbourhood or a filtered graph) in columns.
    pub fn of(graph: Graph) -> Diagram {
        Diagram::with(graph, &LayoutOptions::default())
    }

    /// Lays out `graph` as `options` say.
    pub fn with(graph: Graph, options: &LayoutOptions) -> Diagram {
        let layout = layout_with(&graph, options);
        Diagram { graph, layout }
    }

    /// The standalone SVG document.
    pub fn to_svg(&self) -> String {
        svg::render(&self.graph, &self.layout)
    }
}
