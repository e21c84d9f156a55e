//! The entity graph: one node per object Asterisk would load (and per object it refuses, greyed,
//! with the reason), one edge per reference between them.
//!
//! Promises:
//! * node ids ([`NodeId`]: kind and name) are unique in a graph (a second section with the same
//!   type and name, which Asterisk refuses, is a later `copy`, shown as `#2`, `#3` …);
//! * nodes come in a stable order — loaded objects in model order, then refused ones, then
//!   derived and ghost nodes in the order references first reach them — so the same input
//!   always gives the same graph;
//! * every edge joins two nodes of the graph: a reference to nothing leads to a *ghost* node.
use pjsip_model::ObjectType;

use std::collections::HashMap;

use pjsip_syntax::{Config, FileSpan};
use serde::Serialize;

use super::id::{NodeId, NodeKind};
use super::notation::{relation, Cardinality, EdgeStyle};
use super::DiagramOptions;
use pjsip_model::model::{Model, Object, Rejected};
use pjsip_model::schema;
use pjsip_model::Loaded;

/// What a node stands for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "state", rename_all = "kebab-case")]
pub enum NodeState {
    /// An object Asterisk loads.
    Loaded,
    /// A section Asterisk refuses to turn into an object.
    Rejected { reason: String },
    /// Named by a reference but not there (or there with another type).
    Ghost { reason: String },
    /// Not an object of its own but something objects lead to: a static contact of an AOR,
    /// the domain of a domain alias, a template.
    Derived,
}

/// One box of the diagram.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Node {
    /// Kind and name (unique in the graph).
    pub id: NodeId,
    pub state: NodeState,
    /// The wizard section that generated the object, if any.
    pub wizard: Option<String>,
    /// Whether Asterisk picks this transport for objects that name none.
    pub default_transport: bool,
    /// The section header to jump to (none for ghosts).
    pub at: Option<FileSpan>,
    /// Text lines of the box: the name, the type, one detail.
    pub lines: Vec<String>,
}

impl Node {
    pub fn kind(&self) -> NodeKind {
        self.id.kind
    }

    /// The name as written in the configuration.
    pub fn name(&self) -> &str {
        &self.id.name
    }

    /// `endpoint`, `aor`, … or `contact`, `domain`, `template` for derived nodes.
    pub fn type_name(&self) -> &'static str {
        self.id.kind.name()
    }

    pub fn is_ghost(&self) -> bool {
        matches!(self.state, NodeState::Ghost { .. })
    }

    pub fn is_rejected(&self) -> bool {
        matches!(self.state, NodeState::Rejected { .. })
    }
}

/// One reference between two nodes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Edge {
    /// Index of the referring node in [`Graph::nodes`].
    pub from: usize,
    /// Index of the referred node.
    pub to: usize,
    /// The option that creates it (`aors`, `auth`, `outbound_auth`, `transport`, `endpoint`,
    /// `contact`, `domain`, …), or `default-transport` / `template`.
    pub kind: String,
    pub style: EdgeStyle,
    pub from_end: Cardinality,
    pub to_end: Cardinality,
    /// The value that creates it (none for implicit edges).
    pub at: Option<FileSpan>,
    /// Text drawn on the edge (implicit edges say why they exist).
    pub label: Option<String>,
}

/// Nodes and edges, with an index by id and the edges of each node.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Graph {
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
    #[serde(skip)]
    by_id: HashMap<NodeId, usize>,
    #[serde(skip)]
    incident: Vec<Vec<usize>>,
}

impl Graph {
    /// The index of the node with `id`.
    pub fn index_of(&self, id: &NodeId) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    pub fn node(&self, id: &NodeId) -> Option<&Node> {
        self.index_of(id).map(|i| &self.nodes[i])
    }

    /// The node an id written as text names (`type/name`, `type/name#2`), for the edges where
    /// ids arrive as text: a name that itself ends in `#n` is tried both ways.
    pub fn find_id(&self, text: &str) -> Option<usize> {
        let id: NodeId = text.parse().ok()?;
        self.index_of(&id).or_else(|| {
            let (kind, name) = text.split_once('/')?;
            self.index_of(&NodeId::new(NodeKind::from_name(kind)?, name))
        })
    }

    /// Indices of the edges that touch node `index`, in edge order (for hover highlighting).
    pub fn edges_of(&self, index: usize) -> &[usize] {
        self.incident.get(index).map(Vec::as_slice).unwrap_or(&[])
    }

    /// Indices of the nodes one edge away from node `index`, ascending, without repeats.
    pub fn neighbours(&self, index: usize) -> Vec<usize> {
        let mut out: Vec<usize> = self
            .edges_of(index)
            .iter()
            .map(|&e| {
                let edge = &self.edges[e];
                if edge.from == index {
                    edge.to
                } else {
                    edge.from
                }
            })
            .filter(|&n| n != index)
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    /// A stable key for edge `index` (its two ends and the option), to match edges across two
    /// graphs when the configuration changes.
    pub fn edge_key(&self, index: usize) -> EdgeKey {
        let edge = &self.edges[index];
        EdgeKey { from: self.nodes[edge.from].id.clone(), kind: edge.kind.clone(), to: self.nodes[edge.to].id.clone() }
    }

    /// The index of the edge with `key` (the first, should the option name one object twice).
    pub fn edge_index(&self, key: &EdgeKey) -> Option<usize> {
        let from = self.index_of(&key.from)?;
        self.edges_of(from).iter().copied().find(|&e| {
            let edge = &self.edges[e];
            edge.from == from && edge.kind == key.kind && self.nodes[edge.to].id == key.to
        })
    }

    /// Adds a node, making its id unique; returns its index.
    pub(crate) fn push_node(&mut self, mut node: Node) -> usize {
        while self.by_id.contains_key(&node.id) {
            node.id.copy += 1;
        }
        let index = self.nodes.len();
        self.by_id.insert(node.id.clone(), index);
        self.nodes.push(node);
        self.incident.push(Vec::new());
        index
    }

    pub(crate) fn push_edge(&mut self, edge: Edge) {
        let index = self.edges.len();
        self.incident[edge.from].push(index);
        if edge.to != edge.from {
            self.incident[edge.to].push(index);
        }
        self.edges.push(edge);
    }

    /// The graph made of the nodes at `keep` (indices, any order, repeats allowed) and the edges
    /// between them; nodes keep their relative order.
    pub fn induced(&self, keep: &[usize]) -> Graph {
        let mut selected = vec![false; self.nodes.len()];
        for &i in keep {
            if let Some(s) = selected.get_mut(i) {
                *s = true;
            }
        }
        let mut new_index = vec![usize::MAX; self.nodes.len()];
        let mut out = Graph::default();
        for (i, node) in self.nodes.iter().enumerate().filter(|(i, _)| selected[*i]) {
            new_index[i] = out.push_node(node.clone());
        }
        for edge in &self.edges {
            if selected[edge.from] && selected[edge.to] {
                out.push_edge(Edge { from: new_index[edge.from], to: new_index[edge.to], ..edge.clone() });
            }
        }
        out
    }

    /// Focus mode: the node `id` and everything up to `depth` edges away from it (both
    /// directions). Empty when there is no such node. A node shared by more than
    /// [`HUB_DEGREE`] others (the one transport of an office, a shared auth) is shown but not
    /// walked through, so focusing on one phone does not pull in every other phone.
    pub fn neighbourhood(&self, id: &NodeId, depth: usize) -> Graph {
        let Some(start) = self.index_of(id) else { return Graph::default() };
        let mut seen = vec![false; self.nodes.len()];
        seen[start] = true;
        let mut frontier = vec![start];
        let mut keep = vec![start];
        for _ in 0..depth {
            let mut next = Vec::new();
            for &n in &frontier {
                if n != start && self.edges_of(n).len() > HUB_DEGREE {
                    continue;
                }
                for m in self.neighbours(n) {
                    if !seen[m] {
                        seen[m] = true;
                        next.push(m);
                    }
                }
            }
            keep.extend_from_slice(&next);
            frontier = next;
        }
        self.induced(&keep)
    }

    /// Only the nodes of the given kinds (and the edges between them).
    pub fn filter(&self, kinds: &[NodeKind]) -> Graph {
        let keep: Vec<usize> = (0..self.nodes.len()).filter(|&i| kinds.contains(&self.nodes[i].kind())).collect();
        self.induced(&keep)
    }

    /// Indices of the nodes whose `type/name` contains `text` (case-insensitive); all of them
    /// for an empty text.
    pub fn find(&self, text: &str) -> Vec<usize> {
        let needle = text.trim().to_lowercase();
        (0..self.nodes.len()).filter(|&i| self.nodes[i].id.to_string().to_lowercase().contains(&needle)).collect()
    }

    /// Search for big configurations: the nodes whose id contains `text` plus their direct
    /// neighbours, so each match is shown with what it points at.
    pub fn search(&self, text: &str) -> Graph {
        let matches = self.find(text);
        let mut keep = matches.clone();
        for &m in &matches {
            keep.extend(self.neighbours(m));
        }
        self.induced(&keep)
    }
}

/// Above this many edges a node counts as shared infrastructure for [`Graph::neighbourhood`].
pub const HUB_DEGREE: usize = 24;

/// The identity of one edge: its ends and the option that makes it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EdgeKey {
    pub from: NodeId,
    pub kind: String,
    pub to: NodeId,
}

/// Builds the graph of an analysis.
pub fn build(analysis: &Loaded, options: &DiagramOptions) -> Graph {
    let model = analysis.model();
    let mut builder = Builder { graph: Graph::default(), model, other_type: HashMap::new() };
    for object in &model.objects {
        builder.graph.push_node(loaded_node(object));
        builder.other_type.entry(object.id.as_str()).or_insert(object.object_type);
    }
    for rejected in &model.rejected {
        builder.graph.push_node(rejected_node(rejected, analysis.rejection_text(rejected)));
    }
    for (index, object) in model.objects.iter().enumerate() {
        builder.references(index, object);
    }
    if options.default_transport {
        builder.default_transports();
    }
    if options.templates && !analysis.config.is_rejected() {
        builder.templates(&analysis.config);
    }
    builder.graph
}

struct Builder<'a> {
    graph: Graph,
    model: &'a Model,
    /// The type of the first loaded object with a given name, to explain wrong-type ghosts.
    other_type: HashMap<&'a str, ObjectType>,
}

impl Builder<'_> {
    /// Edges for every option that names other objects, plus static contacts and domains.
    fn references(&mut self, from: usize, object: &Object) {
        let schema = object.object_type.schema();
        // Only the few options that can create an edge are looked at (an endpoint has ~150).
        let linking = schema.options.iter().filter(|o| {
            o.alias_of.is_none()
                && (o.references.is_some_and(|r| schema::type_schema(r.target).is_some_and(|t| t.loaded_from_config))
                    || matches!((object.object_type, o.name), (ObjectType::Aor, "contact") | (ObjectType::DomainAlias, "domain")))
        });
        for option in linking {
            let values: Vec<&pjsip_model::model::EffectiveValue> = match option.name_prefix {
                None => object.get(option.name).into_iter().collect(),
                Some(_) => object.set_values().filter(|v| option.matches(&v.name) && schema.option(&v.name) == Some(option)).collect(),
            };
            for value in values.into_iter().filter(|v| !v.value.is_empty()) {
                self.value_edges(from, object, option, value);
            }
        }
    }

    fn value_edges(&mut self, from: usize, object: &Object, option: &schema::OptionSchema, value: &pjsip_model::model::EffectiveValue) {
        let at = value.set_by.last().map(|s| s.value_at);
        match (object.object_type, option.name) {
            (ObjectType::Aor, "contact") => {
                let uris: Vec<&str> = value.value.split(',').map(str::trim).filter(|u| !u.is_empty()).collect();
                for (k, uri) in uris.iter().enumerate() {
                    // One setting per URI when each line held one; else the last line.
                    let at = if value.set_by.len() == uris.len() { Some(value.set_by[k].value_at) } else { at };
                    let to = self.derived(NodeKind::Contact, uri, at, vec![uri.to_string(), format!("static contact of {}", object.id)]);
                    self.edge(from, to, "contact", true, at, None);
                }
            }
            (ObjectType::DomainAlias, "domain") => {
                let domain = value.value.trim();
                let to = match self.graph.index_of(&NodeId::new(NodeKind::Domain, domain)) {
                    Some(i) => i,
                    None => self.derived(NodeKind::Domain, domain, None, vec![domain.to_string(), "domain".into()]),
                };
                self.edge(from, to, "domain", false, at, None);
            }
            _ => {
                let Some(target) = option.references.and_then(|r| ObjectType::from_name(r.target).map(|t| (t, r.many))) else { return };
                let (target, many) = target;
                let names: Vec<&str> =
                    if many { value.value.split(',').map(str::trim).filter(|n| !n.is_empty()).collect() } else { vec![value.value.trim()] };
                for name in names {
                    let to = self.target(target, name);
                    self.edge(from, to, &value.name.to_ascii_lowercase(), many, at, None);
                }
            }
        }
    }

    /// The node a reference to `type_name/name` leads to: the loaded object, else the refused
    /// one, else a ghost.
    fn target(&mut self, object_type: ObjectType, name: &str) -> usize {
        let id = NodeId::object(object_type, name);
        if let Some(i) = self.graph.index_of(&id) {
            return i;
        }
        let type_name = object_type.name();
        let reason = match self.other_type.get(name) {
            Some(other) => format!("'{name}' is a {other}, not a {type_name}"),
            None => format!("no {type_name} named '{name}' exists"),
        };
        self.graph.push_node(Node {
            id,
            state: NodeState::Ghost { reason },
            wizard: None,
            default_transport: false,
            at: None,
            lines: vec![name.to_string(), format!("{type_name} (missing)")],
        })
    }

    fn derived(&mut self, kind: NodeKind, name: &str, at: Option<FileSpan>, lines: Vec<String>) -> usize {
        self.graph.push_node(Node {
            id: NodeId::new(kind, name),
            state: NodeState::Derived,
            wizard: None,
            default_transport: false,
            at,
            lines,
        })
    }

    /// Adds an edge shaped by [`relation`]; `many` says whether the option takes a list.
    fn edge(&mut self, from: usize, to: usize, kind: &str, many: bool, at: Option<FileSpan>, label: Option<String>) {
        let shape = relation(self.graph.nodes[from].kind(), kind, many);
        let target = &self.graph.nodes[to];
        let style = if target.is_ghost() || target.is_rejected() { EdgeStyle::Error } else { shape.style };
        self.graph.push_edge(Edge { from, to, kind: kind.to_string(), style, from_end: shape.from_end, to_end: shape.to_end, at, label });
    }

    /// Endpoints and registrations that name no transport use the one pjproject selects: a
    /// listener of the protocol the target URI asks for (UDP unless it says otherwise), the
    /// first loaded one, IPv4 before IPv6.
    fn default_transports(&mut self) {
        let model = self.model;
        // One choice per protocol, computed once: configurations have thousands of endpoints.
        let mut chosen: Vec<(&str, Option<usize>)> = Vec::new();
        for (index, object) in model.objects.iter().enumerate() {
            if !matches!(object.object_type, ObjectType::Endpoint | ObjectType::Registration)
                || !object.value("transport").trim().is_empty()
            {
                continue;
            }
            let protocol = if object.object_type == ObjectType::Registration { uri_protocol(object.value("server_uri")) } else { "udp" };
            let transport = match chosen.iter().find(|(p, _)| *p == protocol) {
                Some(&(_, t)) => t,
                None => {
                    let t = default_transport(model, protocol);
                    chosen.push((protocol, t));
                    t
                }
            };
            let Some(transport) = transport else { continue };
            let to = self.graph.index_of(&NodeId::object(ObjectType::Transport, model.objects[transport].id.as_str())).unwrap_or(transport);
            // One label per transport is enough; thousands of them would hide the lines.
            let label = (!self.graph.nodes[to].default_transport).then(|| format!("default ({protocol})"));
            self.graph.nodes[to].default_transport = true;
            self.edge(index, to, "default-transport", false, None, label);
        }
    }

    /// Template inheritance: an edge from every pjsip.conf object to each base section named in
    /// its header; a base that is not itself an object becomes a `template` node, which in turn
    /// leads to its own bases. (Wizard sections' templates are not drawn: the wizard's objects
    /// share one header, and the edges would say nothing per object.)
    fn templates(&mut self, config: &Config) {
        let by_header: HashMap<FileSpan, usize> = config.categories.iter().enumerate().map(|(i, c)| (c.header_at, i)).collect();
        let mut of_header: HashMap<FileSpan, usize> = HashMap::new();
        for (i, node) in self.graph.nodes.iter().enumerate() {
            if let (Some(at), NodeState::Loaded | NodeState::Rejected { .. }, None) = (node.at, &node.state, &node.wizard) {
                of_header.entry(at).or_insert(i);
            }
        }
        // Template nodes are appended while walking, and walked in turn.
        let mut index = 0;
        while index < self.graph.nodes.len() {
            let node = &self.graph.nodes[index];
            let is_section = node.wizard.is_none()
                && (matches!(node.state, NodeState::Loaded | NodeState::Rejected { .. }) || node.kind() == NodeKind::Template);
            let category = node.at.filter(|_| is_section).and_then(|at| by_header.get(&at).copied());
            if let Some(category) = category {
                for base in &config.categories[category].bases {
                    let base = &config.categories[base.0 as usize];
                    let to = match of_header.get(&base.header_at) {
                        Some(&node) => node,
                        None => {
                            let lines = vec![base.name.clone(), "template".into()];
                            let node = self.derived(NodeKind::Template, &base.name, Some(base.header_at), lines);
                            of_header.insert(base.header_at, node);
                            node
                        }
                    };
                    self.edge(index, to, "template", true, Some(base.name_at), None);
                }
            }
            index += 1;
        }
    }
}

/// The transport pjproject would select for `protocol` when an object names none.
fn default_transport(model: &Model, protocol: &str) -> Option<usize> {
    let candidates: Vec<usize> = (0..model.objects.len())
        .filter(|&i| {
            model.objects[i].object_type == ObjectType::Transport && model.objects[i].value("protocol").eq_ignore_ascii_case(protocol)
        })
        .collect();
    let ipv6 = |i: &usize| model.objects[*i].value("bind").trim_start().starts_with('[');
    candidates.iter().copied().find(|i| !ipv6(i)).or(candidates.first().copied())
}

/// The transport protocol a SIP URI asks for: `sips:` means TLS, a `;transport=` parameter
/// names one, otherwise UDP.
fn uri_protocol(uri: &str) -> &'static str {
    let lower = uri.trim().to_ascii_lowercase();
    if lower.starts_with("sips:") {
        return "tls";
    }
    match lower.split(';').skip(1).find_map(|p| p.strip_prefix("transport=")) {
        Some(t) if t.starts_with("tcp") => "tcp",
        Some(t) if t.starts_with("tls") => "tls",
        Some(t) if t.starts_with("wss") => "wss",
        Some(t) if t.starts_with("ws") => "ws",
        _ => "udp",
    }
}

fn loaded_node(object: &Object) -> Node {
    let mut lines = vec![object.id.clone()];
    lines.push(match &object.wizard {
        Some(w) => format!("{} · wizard {w}", object.type_name()),
        None => object.type_name().to_string(),
    });
    if let Some(detail) = detail(object) {
        lines.push(detail);
    }
    Node {
        id: NodeId::object(object.object_type, object.id.as_str()),
        state: NodeState::Loaded,
        wizard: object.wizard.clone(),
        default_transport: false,
        at: Some(object.header_at),
        lines,
    }
}

/// The one setting worth reading in the box, per type.
fn detail(object: &Object) -> Option<String> {
    let set = |option: &str| object.get(option).filter(|v| !v.value.is_empty()).map(|v| format!("{option}={}", v.value));
    match object.object_type {
        ObjectType::Endpoint => set("context"),
        ObjectType::Aor => set("max_contacts"),
        ObjectType::Auth => set("username"),
        ObjectType::Transport => Some(format!("{} {}", object.value("protocol"), object.value("bind"))),
        ObjectType::Identify => set("match"),
        ObjectType::Registration => set("server_uri"),
        ObjectType::DomainAlias => set("domain"),
        _ => None,
    }
}

fn rejected_node(rejected: &Rejected, reason: String) -> Node {
    let mut lines = vec![rejected.id.clone(), format!("{} · not loaded", rejected.type_name())];
    if let Some(w) = &rejected.wizard {
        lines[1] = format!("{} · wizard {w} · not loaded", rejected.type_name());
    }
    Node {
        id: NodeId::object(rejected.object_type, rejected.id.as_str()),
        state: NodeState::Rejected { reason },
        wizard: rejected.wizard.clone(),
        default_transport: false,
        at: Some(rejected.header_at),
        lines,
    }
}

#[cfg(test)]
mod tests {
    use super::super::{DiagramOptions, Graph};
    use super::NodeState;
    use crate::id::{NodeId, NodeKind};
    use crate::notation::Cardinality;
    use pjsip_model::{AsteriskVersion, Input, InputFile, Loaded, ObjectType};

    fn graph_of(files: &[(&str, &str)], options: &DiagramOptions) -> Graph {
        let files = files.iter().map(|(name, text)| InputFile { name: name.to_string(), text: text.to_string() }).collect();
        super::build(&Loaded::new(&Input::new(files, AsteriskVersion::V22)), options)
    }

    fn id(text: &str) -> NodeId {
        text.parse().expect("a node id")
    }

    /// Every edge as `from -kind-> to [style]`, in graph order.
    fn edges(graph: &Graph) -> Vec<String> {
        graph.edges.iter().map(|e| format!("{} -{}-> {} [{:?}]", graph.nodes[e.from].id, e.kind, graph.nodes[e.to].id, e.style)).collect()
    }

    const TRUNK: &str = "\
[udp]\ntype=transport\nprotocol=udp\nbind=0.0.0.0\n\
[tcp]\ntype=transport\nprotocol=tcp\nbind=0.0.0.0\n\
[itsp]\ntype=registration\noutbound_auth=itsp-out\nserver_uri=sip:sip.example.com\nclient_uri=sip:1@sip.example.com\n\
[itsp-out]\ntype=auth\nusername=1\npassword=x\n\
[itsp-in]\ntype=auth\nusername=2\npassword=y\n\
[itsp]\ntype=aor\ncontact=sip:sip.example.com\n\
[itsp]\ntype=endpoint\naors=itsp\nauth=itsp-in\noutbound_auth=itsp-out\ntransport=tcp\n\
[itsp]\ntype=identify\nendpoint=itsp\nmatch=203.0.113.5\n";

    #[test]
    fn trunk_edges() {
        let graph = graph_of(&[("pjsip.conf", TRUNK)], &DiagramOptions::default());
        assert_eq!(
            edges(&graph),
            [
                "registration/itsp -outbound_auth-> auth/itsp-out [Dashed]",
                "aor/itsp -contact-> contact/sip:sip.example.com [Solid]",
                "endpoint/itsp -transport-> transport/tcp [Solid]",
                "endpoint/itsp -auth-> auth/itsp-in [Solid]",
                "endpoint/itsp -outbound_auth-> auth/itsp-out [Dashed]",
                "endpoint/itsp -aors-> aor/itsp [Solid]",
                "identify/itsp -endpoint-> endpoint/itsp [Solid]",
                "registration/itsp -default-transport-> transport/udp [Dotted]",
            ]
        );
        let identify = graph.edges.iter().find(|e| e.kind == "endpoint").unwrap();
        assert_eq!((identify.from_end, identify.to_end), (Cardinality::ZeroOrMany, Cardinality::ExactlyOne));
        let aors = graph.edges.iter().find(|e| e.kind == "aors").unwrap();
        assert_eq!((aors.from_end, aors.to_end), (Cardinality::ZeroOrMany, Cardinality::ZeroOrMany));
        // The span of an edge is the value that creates it.
        let (_, text) = ("pjsip.conf", TRUNK);
        let at = graph.edges.iter().find(|e| e.kind == "transport").unwrap().at.unwrap();
        assert_eq!(&text[at.span.range()], "tcp");
        assert!(graph.node(&id("transport/udp")).unwrap().default_transport);
        assert!(!graph.node(&id("transport/tcp")).unwrap().default_transport);
        assert_eq!(graph.node(&id("endpoint/itsp")).unwrap().lines, ["itsp", "endpoint", "context=default"]);
    }

    #[test]
    fn registration_line_and_protocol_of_default_transport() {
        let text = "[udp]\ntype=transport\nprotocol=udp\nbind=0.0.0.0\n[tls]\ntype=transport\nprotocol=tls\nbind=0.0.0.0:5061\n\
[ep]\ntype=endpoint\n\
[reg]\ntype=registration\nserver_uri=sips:x.example.com\nclient_uri=sips:1@x.example.com\nline=yes\nendpoint=ep\n";
        let graph = graph_of(&[("pjsip.conf", text)], &DiagramOptions::default());
        assert_eq!(
            edges(&graph),
            [
                "registration/reg -endpoint-> endpoint/ep [Solid]",
                "endpoint/ep -default-transport-> transport/udp [Dotted]",
                "registration/reg -default-transport-> transport/tls [Dotted]",
            ]
        );
        assert_eq!(graph.edges[1].label.as_deref(), Some("default (udp)"));
        // Switched off, the implicit edges are gone.
        let graph = graph_of(&[("pjsip.conf", text)], &DiagramOptions { default_transport: false, ..DiagramOptions::default() });
        assert_eq!(edges(&graph), ["registration/reg -endpoint-> endpoint/ep [Solid]"]);
    }

    #[test]
    fn ghosts_and_refused_targets() {
        let text = "[a]\ntype=endpoint\naors=a,missing\nauth=b\ntransport=bad\n\
[b]\ntype=aor\n\
[bad]\ntype=transport\nprotocol=udp\n";
        let graph = graph_of(&[("pjsip.conf", text)], &DiagramOptions::default());
        assert_eq!(
            edges(&graph),
            [
                "endpoint/a -transport-> transport/bad [Error]",
                "endpoint/a -auth-> auth/b [Error]",
                "endpoint/a -aors-> aor/a [Error]",
                "endpoint/a -aors-> aor/missing [Error]",
            ]
        );
        assert!(matches!(&graph.node(&id("transport/bad")).unwrap().state, NodeState::Rejected { reason } if reason.contains("bind")));
        assert_eq!(graph.node(&id("auth/b")).unwrap().state, NodeState::Ghost { reason: "'b' is a aor, not a auth".into() });
        assert_eq!(graph.node(&id("aor/missing")).unwrap().state, NodeState::Ghost { reason: "no aor named 'missing' exists".into() });
        assert!(graph.node(&id("aor/missing")).unwrap().at.is_none());
    }

    #[test]
    fn wizard_objects_are_marked() {
        let wizard = "[trunk]\ntype=wizard\nsends_auth=yes\nsends_registrations=yes\nremote_hosts=sip.example.com\n\
outbound_auth/username=u\noutbound_auth/password=p\n";
        let graph = graph_of(&[("pjsip.conf", ""), ("pjsip_wizard.conf", wizard)], &DiagramOptions::default());
        let wizard_nodes: Vec<String> =
            graph.nodes.iter().filter(|n| n.wizard.as_deref() == Some("trunk")).map(|n| n.id.to_string()).collect();
        assert_eq!(
            wizard_nodes,
            ["auth/trunk-oauth", "aor/trunk", "endpoint/trunk", "identify/trunk-identify", "registration/trunk-reg-0"]
        );
        assert_eq!(graph.node(&id("endpoint/trunk")).unwrap().lines[1], "endpoint · wizard trunk");
        assert!(edges(&graph).contains(&"registration/trunk-reg-0 -outbound_auth-> auth/trunk-oauth [Dashed]".to_string()));
    }

    #[test]
    fn duplicates_get_unique_ids() {
        let text = "[a]\ntype=aor\n[a]\ntype=aor\n";
        let graph = graph_of(&[("pjsip.conf", text)], &DiagramOptions::default());
        let ids: Vec<String> = graph.nodes.iter().map(|n| n.id.to_string()).collect();
        assert_eq!(ids, ["aor/a", "aor/a#2"]);
        assert!(graph.nodes.iter().all(|n| n.is_rejected()));
    }

    #[test]
    fn template_layer() {
        let text = "[base](!)\ncontext=x\n[phone](!,base)\ntype=endpoint\n[100](phone)\n[101](phone)\n";
        let options = DiagramOptions { templates: true, ..DiagramOptions::default() };
        let graph = graph_of(&[("pjsip.conf", text)], &options);
        let mut got = edges(&graph);
        got.sort();
        assert_eq!(
            got,
            [
                "endpoint/100 -template-> template/phone [Inherit]",
                "endpoint/101 -template-> template/phone [Inherit]",
                "template/phone -template-> template/base [Inherit]",
            ]
        );
        assert!(edges(&graph_of(&[("pjsip.conf", text)], &DiagramOptions::default())).is_empty());
    }

    #[test]
    fn subgraphs() {
        let graph = graph_of(&[("pjsip.conf", TRUNK)], &DiagramOptions::default());
        let focus = graph.neighbourhood(&id("identify/itsp"), 1);
        let ids: Vec<String> = focus.nodes.iter().map(|n| n.id.to_string()).collect();
        assert_eq!(ids, ["endpoint/itsp", "identify/itsp"]);
        assert_eq!(focus.edges.len(), 1);
        assert_eq!(graph.neighbourhood(&id("identify/itsp"), 2).nodes.len(), 6);
        assert!(graph.neighbourhood(&NodeId::new(NodeKind::Template, "x"), 3).nodes.is_empty());
        assert_eq!(graph.find_id("endpoint/itsp"), graph.index_of(&id("endpoint/itsp")));
        assert_eq!(graph.find_id("nope/x"), None);
        let only = graph.filter(&[NodeKind::Object(ObjectType::Endpoint), NodeKind::Object(ObjectType::Aor)]);
        assert_eq!(edges(&only), ["endpoint/itsp -aors-> aor/itsp [Solid]"]);
        assert_eq!(graph.find("ITSP-").len(), 2);
        let found = graph.search("itsp-in");
        let ids: Vec<String> = found.nodes.iter().map(|n| n.id.to_string()).collect();
        assert_eq!(ids, ["auth/itsp-in", "endpoint/itsp"]);
        assert_eq!(found.index_of(&id("endpoint/itsp")), Some(1));
        for e in 0..graph.edges.len() {
            assert_eq!(graph.edge_index(&graph.edge_key(e)), Some(e));
        }
        assert_eq!(found.neighbours(0), [1]);
    }

    #[test]
    fn focus_does_not_walk_through_shared_transports() {
        let mut text = String::from("[udp]\ntype=transport\nprotocol=udp\nbind=0.0.0.0\n");
        for n in 0..=super::HUB_DEGREE {
            text.push_str(&format!("[{n}]\ntype=endpoint\naors={n}\n[{n}]\ntype=aor\n"));
        }
        let graph = graph_of(&[("pjsip.conf", &text)], &DiagramOptions::default());
        let ids = |g: &Graph| g.nodes.iter().map(|n| n.id.to_string()).collect::<Vec<_>>();
        assert_eq!(ids(&graph.neighbourhood(&id("aor/3"), 3)), ["transport/udp", "endpoint/3", "aor/3"]);
        // Focused on the hub itself, all of it shows.
        assert_eq!(graph.neighbourhood(&id("transport/udp"), 1).nodes.len(), super::HUB_DEGREE + 2);
    }
}
