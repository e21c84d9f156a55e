//! Where each box and each line of the diagram goes: a layered layout with fixed bands.
//!
//! The bands follow the way a request travels through the objects — identify, then endpoint,
//! then the AOR / auth / transport it uses, then registrations and other outbound objects beside
//! the credentials and transports they use (see [`column_rank`]). Within a band the order comes
//! from a few barycenter sweeps (each node moves towards the mean position of its neighbours in
//! other bands, which removes most crossings). Then, [`Direction::Across`] (columns, for wide
//! areas and the SVG file): vertical positions come from an order-preserving least-squares fit
//! to the neighbours' positions (pool-adjacent-violators), which keeps boxes apart by
//! construction. [`Direction::Down`] (rows, for narrow panels and phones): each band is a row
//! wrapped at a given width, so the text stays its size and the drawing grows downwards only.
//! Edges are cubic curves between ports spread along the facing sides of the boxes, ordered by
//! where the other end is, so parallel edges do not overlap.
//!
//! Promises: no two boxes overlap; the same graph and options always give the same layout (no
//! hash order is consulted, ties break by node index); `nodes[i]` and `edges[i]` match the
//! graph's; a `Down` layout is no wider than its width unless one box alone is.
//! Cost: O(E + N log N) per sweep, a fixed number of sweeps.

use pjsip_model::ObjectType;
use serde::Serialize;

use super::graph::Graph;
use super::id::NodeKind;

/// A point in diagram units (CSS pixels at scale 1).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Point {
    pub x: f64,
    pub y: f64,
}

/// The box of one node; `x`, `y` are its top-left corner.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct NodeBox {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
    /// Index into [`Layout::bands`].
    pub column: usize,
}

impl NodeBox {
    pub fn center(&self) -> Point {
        Point { x: self.x + self.width / 2.0, y: self.y + self.height / 2.0 }
    }

    /// Whether the two boxes share any interior point.
    pub fn overlaps(&self, other: &NodeBox) -> bool {
        self.x < other.x + other.width && other.x < self.x + self.width && self.y < other.y + other.height && other.y < self.y + self.height
    }
}

/// One edge as a cubic Bézier curve from the referring box to the referred one.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct EdgePath {
    /// On the side of the `from` box.
    pub start: Point,
    pub c1: Point,
    pub c2: Point,
    /// On the side of the `to` box.
    pub end: Point,
    /// The middle of the curve, where a label goes.
    pub middle: Point,
}

impl EdgePath {
    /// The SVG path data (`M … C …`).
    pub fn d(&self) -> String {
        format!(
            "M{} {} C{} {} {} {} {} {}",
            num(self.start.x),
            num(self.start.y),
            num(self.c1.x),
            num(self.c1.y),
            num(self.c2.x),
            num(self.c2.y),
            num(self.end.x),
            num(self.end.y)
        )
    }
}

/// A number with at most one decimal, for compact SVG.
pub fn num(value: f64) -> String {
    fixed(value, 1)
}

/// `value` with at most `decimals` decimals (trailing zeros dropped), formatted with integer
/// arithmetic only: the wasm build then carries no float-formatting code.
pub fn fixed(value: f64, decimals: u32) -> String {
    let scale = 10i64.pow(decimals);
    let scaled = (value * scale as f64).round() as i64;
    let (whole, mut frac) = (scaled.unsigned_abs() / scale as u64, scaled.unsigned_abs() % scale as u64);
    let sign = if scaled < 0 { "-" } else { "" };
    if frac == 0 {
        return format!("{sign}{whole}");
    }
    let mut width = decimals as usize;
    while frac % 10 == 0 {
        frac /= 10;
        width -= 1;
    }
    format!("{sign}{whole}.{frac:0width$}")
}

/// One band of boxes: a column of the [`Direction::Across`] layout, a (possibly wrapped) row of
/// the [`Direction::Down`] layout.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Band {
    /// The kinds of box in it, in legend order, e.g. `[aor, auth, transport]`.
    pub kinds: Vec<NodeKind>,
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

/// Which way the bands run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub enum Direction {
    /// Columns from left to right, the way a request travels (identify → endpoint → what it
    /// uses → outbound objects): for wide areas and the SVG file.
    #[default]
    Across,
    /// Rows from top to bottom in the same order, each row wrapped so that the drawing is at
    /// most `width` units wide (one box wider than that gets a line of its own): for narrow
    /// panels and phones, where the drawing then scrolls one way only and its text keeps its
    /// size.
    Down { width: f64 },
}

/// How to lay a graph out.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct LayoutOptions {
    pub direction: Direction,
}

impl Default for LayoutOptions {
    fn default() -> Self {
        LayoutOptions { direction: Direction::Across }
    }
}

/// Positions for a [`Graph`]: `nodes[i]` is the box of `graph.nodes[i]`, `edges[i]` the curve of
/// `graph.edges[i]`.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Layout {
    pub width: f64,
    pub height: f64,
    pub nodes: Vec<NodeBox>,
    pub edges: Vec<EdgePath>,
    pub bands: Vec<Band>,
    pub direction: Direction,
}

/// Space around the drawing.
pub const MARGIN: f64 = 20.0;
/// Room above the first box for the column titles (across).
pub const TITLE_HEIGHT: f64 = 28.0;
/// Height of one text line in a box.
pub const LINE_HEIGHT: f64 = 16.0;
/// Padding inside a box, above and below the text and left of it.
pub const PADDING: f64 = 8.0;
/// Estimated advance of one character at the box font size (12px sans-serif).
pub const CHAR_WIDTH: f64 = 7.6;
const MIN_WIDTH: f64 = 120.0;
const MAX_WIDTH: f64 = 260.0;
/// Across: between boxes of a column, and between columns (room for the crow's feet, labels).
const GAP_Y: f64 = 12.0;
const GAP_X: f64 = 100.0;
/// Down: between boxes of a row, between the wrapped lines of one band, and between bands
/// (two crow's feet of 17 units and a label fit in it).
const ROW_GAP_X: f64 = 16.0;
const LINE_GAP: f64 = 30.0;
const BAND_GAP: f64 = 52.0;
const SWEEPS: usize = 4;
const PLACEMENT_ROUNDS: usize = 4;

/// The fixed band of a kind of box: identify (and other objects that point at endpoints)
/// first, endpoints, then what endpoints use, then registrations and outbound objects beside
/// the auth and transport they use, then static contacts and domains; templates last.
pub fn column_rank(kind: NodeKind) -> u8 {
    use ObjectType as T;
    match kind {
        NodeKind::Object(T::Identify | T::InboundPublication | T::Phoneprov | T::Global | T::System | T::Acl | T::ResourceList) => 0,
        NodeKind::Object(T::Endpoint) => 1,
        NodeKind::Object(T::Aor | T::Auth | T::Transport | T::DomainAlias | T::AsteriskPublication) => 2,
        NodeKind::Object(T::Registration | T::OutboundPublish) | NodeKind::Contact | NodeKind::Domain => 3,
        NodeKind::Template => 4,
        NodeKind::Object(_) => 0,
    }
}

/// The most characters a box line shows; longer lines are cut by the renderer.
pub fn max_chars() -> usize {
    ((MAX_WIDTH - 2.0 * PADDING) / CHAR_WIDTH) as usize
}

/// Lays out `graph` in columns ([`Direction::Across`]).
pub fn layout(graph: &Graph) -> Layout {
    layout_with(graph, &LayoutOptions::default())
}

/// Lays out `graph` as `options` say.
pub fn layout_with(graph: &Graph, options: &LayoutOptions) -> Layout {
    let n = graph.nodes.len();
    if n == 0 {
        return Layout { width: 2.0 * MARGIN, height: 2.0 * MARGIN, direction: options.direction, ..Layout::default() };
    }
    // Bands: the ranks in use, in rank order.
    let ranks: Vec<u8> = graph.nodes.iter().map(|node| column_rank(node.kind())).collect();
    let mut used: Vec<u8> = ranks.clone();
    used.sort_unstable();
    used.dedup();
    let band_of: Vec<usize> = ranks.iter().map(|r| used.binary_search(r).unwrap_or(0)).collect();
    let mut layers: Vec<Vec<usize>> = vec![Vec::new(); used.len()];
    for (i, &c) in band_of.iter().enumerate() {
        layers[c].push(i);
    }

    let neighbours = Neighbours::new(graph, &band_of);
    let mut pos = vec![0.0; n];
    set_ranks(&layers, &mut pos);
    order(&mut layers, &neighbours, &mut pos);

    let heights: Vec<f64> = graph.nodes.iter().map(|node| 2.0 * PADDING + LINE_HEIGHT * node.lines.len().max(1) as f64).collect();
    let (boxes, bands) = match options.direction {
        Direction::Across => across(graph, &layers, &neighbours, &band_of, &heights),
        Direction::Down { width } => down(graph, &layers, &heights, width),
    };
    let edges = route(graph, &boxes, options.direction);
    let right = boxes.iter().map(|b| b.x + b.width).fold(0.0, f64::max);
    let bottom = boxes.iter().map(|b| b.y + b.height).fold(0.0, f64::max);
    Layout { width: right + MARGIN, height: bottom + MARGIN, nodes: boxes, edges, bands, direction: options.direction }
}

/// How wide the [`Direction::Across`] layout of `graph` is, found without laying it out (one
/// pass over the boxes): what a viewer needs to choose a direction for its area.
pub fn across_width(graph: &Graph) -> f64 {
    if graph.nodes.is_empty() {
        return 2.0 * MARGIN;
    }
    let mut widest = [0.0f64; 5];
    for i in 0..graph.nodes.len() {
        let rank = column_rank(graph.nodes[i].kind()) as usize;
        widest[rank] = widest[rank].max(text_width(graph, i));
    }
    let used: Vec<f64> = widest.into_iter().filter(|w| *w > 0.0).collect();
    2.0 * MARGIN + used.iter().sum::<f64>() + GAP_X * (used.len() - 1) as f64
}

/// The width a box's text asks for.
fn text_width(graph: &Graph, node: usize) -> f64 {
    let longest = graph.nodes[node].lines.iter().map(|l| l.chars().count()).max().unwrap_or(0);
    (longest as f64 * CHAR_WIDTH + 2.0 * PADDING).clamp(MIN_WIDTH, MAX_WIDTH)
}

/// The kinds in a band, in legend order.
fn band_kinds(graph: &Graph, layer: &[usize]) -> Vec<NodeKind> {
    let mut kinds: Vec<NodeKind> = layer.iter().map(|&i| graph.nodes[i].kind()).collect();
    kinds.sort_unstable_by_key(|k| k.legend_order());
    kinds.dedup();
    kinds
}

/// Columns, each as wide as its longest text, boxes placed level with their neighbours.
fn across(graph: &Graph, layers: &[Vec<usize>], neighbours: &Neighbours, band_of: &[usize], heights: &[f64]) -> (Vec<NodeBox>, Vec<Band>) {
    let tops = place(layers, neighbours, heights);
    let mut bands = Vec::with_capacity(layers.len());
    let mut x = MARGIN;
    for layer in layers {
        let width = layer.iter().map(|&i| text_width(graph, i)).fold(MIN_WIDTH, f64::max);
        let top = layer.iter().map(|&i| tops[i]).fold(f64::INFINITY, f64::min);
        let bottom = layer.iter().map(|&i| tops[i] + heights[i]).fold(0.0, f64::max);
        bands.push(Band { kinds: band_kinds(graph, layer), x, y: top, width, height: bottom - top });
        x += width + GAP_X;
    }
    let boxes = (0..heights.len())
        .map(|i| {
            let band = &bands[band_of[i]];
            NodeBox { x: band.x, y: tops[i], width: band.width, height: heights[i], column: band_of[i] }
        })
        .collect();
    (boxes, bands)
}

/// Rows in band order, each box as wide as its own text, wrapped at `width`; each wrapped line
/// is centred on the widest one.
fn down(graph: &Graph, layers: &[Vec<usize>], heights: &[f64], width: f64) -> (Vec<NodeBox>, Vec<Band>) {
    let widths: Vec<f64> = (0..heights.len()).map(|i| text_width(graph, i)).collect();
    let room = (width - 2.0 * MARGIN).max(MIN_WIDTH);
    // Lines of boxes: (band, members).
    let mut lines: Vec<(usize, Vec<usize>)> = Vec::new();
    for (band, layer) in layers.iter().enumerate() {
        let mut line: Vec<usize> = Vec::new();
        let mut used = 0.0;
        for &node in layer {
            let needed = if line.is_empty() { widths[node] } else { used + ROW_GAP_X + widths[node] };
            if !line.is_empty() && needed > room {
                lines.push((band, std::mem::take(&mut line)));
                used = widths[node];
            } else {
                used = needed;
            }
            line.push(node);
        }
        if !line.is_empty() {
            lines.push((band, line));
        }
    }
    let line_width = |members: &[usize]| members.iter().map(|&i| widths[i]).sum::<f64>() + ROW_GAP_X * (members.len() - 1) as f64;
    let content = lines.iter().map(|(_, m)| line_width(m)).fold(0.0, f64::max);
    let mut boxes = vec![NodeBox { x: 0.0, y: 0.0, width: 0.0, height: 0.0, column: 0 }; heights.len()];
    let mut bands: Vec<Band> = Vec::with_capacity(layers.len());
    let mut y = MARGIN;
    for (k, (band, members)) in lines.iter().enumerate() {
        let new_band = k == 0 || lines[k - 1].0 != *band;
        if new_band && k > 0 {
            y += BAND_GAP - LINE_GAP;
        }
        let mut x = MARGIN + (content - line_width(members)) / 2.0;
        let tallest = members.iter().map(|&i| heights[i]).fold(0.0, f64::max);
        for &node in members {
            boxes[node] = NodeBox { x, y, width: widths[node], height: heights[node], column: *band };
            x += widths[node] + ROW_GAP_X;
        }
        if new_band {
            bands.push(Band { kinds: band_kinds(graph, &layers[*band]), x: MARGIN, y, width: content, height: 0.0 });
        }
        y += tallest;
        if let Some(last) = bands.last_mut() {
            last.height = y - last.y;
        }
        y += LINE_GAP;
    }
    (boxes, bands)
}
/// Each node's neighbours in other columns with a weight: `1 / degree` of the neighbour, so a
/// transport shared by thousands of endpoints does not drag them all to the middle.
struct Neighbours {
    start: Vec<usize>,
    list: Vec<(usize, f64)>,
}

impl Neighbours {
    fn new(graph: &Graph, column_of: &[usize]) -> Neighbours {
        let n = graph.nodes.len();
        let crossing = |e: &&super::graph::Edge| column_of[e.from] != column_of[e.to];
        let mut degree = vec![0usize; n];
        for edge in graph.edges.iter().filter(crossing) {
            degree[edge.from] += 1;
            degree[edge.to] += 1;
        }
        let mut start = vec![0usize; n + 1];
        for i in 0..n {
            start[i + 1] = start[i] + degree[i];
        }
        let mut fill = start.clone();
        let mut list = vec![(0, 0.0); start[n]];
        for edge in graph.edges.iter().filter(crossing) {
            list[fill[edge.from]] = (edge.to, 1.0 / degree[edge.to] as f64);
            fill[edge.from] += 1;
            list[fill[edge.to]] = (edge.from, 1.0 / degree[edge.from] as f64);
            fill[edge.to] += 1;
        }
        Neighbours { start, list }
    }

    fn of(&self, node: usize) -> &[(usize, f64)] {
        &self.list[self.start[node]..self.start[node + 1]]
    }

    /// The weighted mean of `value` over the neighbours, if there are any.
    fn mean(&self, node: usize, value: &[f64]) -> Option<(f64, f64)> {
        let of = self.of(node);
        if of.is_empty() {
            return None;
        }
        let (sum, weight) = of.iter().fold((0.0, 0.0), |(s, w), &(m, wm)| (s + wm * value[m], w + wm));
        Some((sum / weight, weight))
    }
}

/// Positions within each column as fractions of the column, so columns of different sizes
/// compare.
fn set_ranks(layers: &[Vec<usize>], pos: &mut [f64]) {
    for layer in layers {
        let len = layer.len() as f64;
        for (r, &node) in layer.iter().enumerate() {
            pos[node] = (r as f64 + 0.5) / len;
        }
    }
}

/// Barycenter sweeps, alternately left to right and right to left.
fn order(layers: &mut [Vec<usize>], neighbours: &Neighbours, pos: &mut [f64]) {
    let count = layers.len();
    for sweep in 0..SWEEPS {
        for step in 0..count {
            let c = if sweep % 2 == 0 { step } else { count - 1 - step };
            let mut keyed: Vec<(f64, f64, usize)> =
                layers[c].iter().map(|&node| (neighbours.mean(node, pos).map_or(pos[node], |(m, _)| m), pos[node], node)).collect();
            keyed.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)).then(a.2.cmp(&b.2)));
            let len = keyed.len() as f64;
            for (r, &(_, _, node)) in keyed.iter().enumerate() {
                layers[c][r] = node;
                pos[node] = (r as f64 + 0.5) / len;
            }
        }
    }
}

/// Vertical positions (tops): each column stacked in its order, then moved, column by column,
/// as close as the order and the gaps allow to the centres of each node's neighbours.
fn place(layers: &[Vec<usize>], neighbours: &Neighbours, heights: &[f64]) -> Vec<f64> {
    let mut center = vec![0.0; heights.len()];
    for layer in layers {
        let mut y = 0.0;
        for &node in layer {
            center[node] = y + heights[node] / 2.0;
            y += heights[node] + GAP_Y;
        }
    }
    let count = layers.len();
    for round in 0..PLACEMENT_ROUNDS {
        for step in 0..count {
            let c = if round % 2 == 0 { step } else { count - 1 - step };
            let layer = &layers[c];
            // Offsets make "top[i+1] >= top[i] + height[i] + gap" a plain "z[i+1] >= z[i]".
            let mut offset = 0.0;
            let mut targets = Vec::with_capacity(layer.len());
            let mut weights = Vec::with_capacity(layer.len());
            let mut offsets = Vec::with_capacity(layer.len());
            for &node in layer {
                let (want, weight) = neighbours.mean(node, &center).unwrap_or((center[node], 0.01));
                targets.push(want - heights[node] / 2.0 - offset);
                weights.push(weight);
                offsets.push(offset);
                offset += heights[node] + GAP_Y;
            }
            let z = isotonic(&targets, &weights);
            for (k, &node) in layer.iter().enumerate() {
                center[node] = z[k] + offsets[k] + heights[node] / 2.0;
            }
        }
    }
    let top_most = (0..heights.len()).map(|i| center[i] - heights[i] / 2.0).fold(f64::INFINITY, f64::min);
    (0..heights.len()).map(|i| center[i] - heights[i] / 2.0 - top_most + MARGIN + TITLE_HEIGHT).collect()
}

/// The non-decreasing sequence closest to `targets` in weighted least squares
/// (pool-adjacent-violators, linear time).
fn isotonic(targets: &[f64], weights: &[f64]) -> Vec<f64> {
    // Blocks of pooled values: (weighted sum, weight, count).
    let mut blocks: Vec<(f64, f64, usize)> = Vec::with_capacity(targets.len());
    for (&t, &w) in targets.iter().zip(weights) {
        blocks.push((t * w, w, 1));
        while blocks.len() >= 2 {
            let (s2, w2, n2) = blocks[blocks.len() - 1];
            let (s1, w1, n1) = blocks[blocks.len() - 2];
            if s1 / w1 <= s2 / w2 {
                break;
            }
            blocks.pop();
            *blocks.last_mut().expect("two blocks") = (s1 + s2, w1 + w2, n1 + n2);
        }
    }
    blocks.iter().flat_map(|&(s, w, count)| std::iter::repeat_n(s / w, count)).collect()
}

/// Which side of a box an edge leaves or enters by.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Side {
    Left,
    Right,
    Top,
    Bottom,
}

impl Side {
    /// The outward direction of the side.
    fn normal(self) -> (f64, f64) {
        match self {
            Side::Left => (-1.0, 0.0),
            Side::Right => (1.0, 0.0),
            Side::Top => (0.0, -1.0),
            Side::Bottom => (0.0, 1.0),
        }
    }
}

/// The sides an edge leaves `from` and enters `to` by: facing sides between bands, one shared
/// side (right across, bottom down) when both boxes sit side by side.
fn sides(from: &NodeBox, to: &NodeBox, direction: Direction) -> (Side, Side) {
    match direction {
        Direction::Across => match from.column.cmp(&to.column) {
            std::cmp::Ordering::Less => (Side::Right, Side::Left),
            std::cmp::Ordering::Greater => (Side::Left, Side::Right),
            std::cmp::Ordering::Equal => (Side::Right, Side::Right),
        },
        Direction::Down { .. } => {
            if from.y + from.height <= to.y {
                (Side::Bottom, Side::Top)
            } else if to.y + to.height <= from.y {
                (Side::Top, Side::Bottom)
            } else {
                (Side::Bottom, Side::Bottom)
            }
        }
    }
}

/// Curves for every edge, with ports spread along the box sides in the order of the far ends.
fn route(graph: &Graph, boxes: &[NodeBox], direction: Direction) -> Vec<EdgePath> {
    let sides: Vec<(Side, Side)> = graph.edges.iter().map(|e| sides(&boxes[e.from], &boxes[e.to], direction)).collect();
    // Where along a side the far end lies: across, its height; down, its x.
    let along = |b: &NodeBox| match direction {
        Direction::Across => b.center().y,
        Direction::Down { .. } => b.center().x,
    };
    // Every attachment: (node, side, where the far end lies, edge, is the `to` end).
    let mut ports: Vec<(usize, Side, f64, usize, bool)> = Vec::with_capacity(graph.edges.len() * 2);
    for (e, edge) in graph.edges.iter().enumerate() {
        ports.push((edge.from, sides[e].0, along(&boxes[edge.to]), e, false));
        ports.push((edge.to, sides[e].1, along(&boxes[edge.from]), e, true));
    }
    ports.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)).then(a.2.total_cmp(&b.2)).then(a.3.cmp(&b.3)).then(a.4.cmp(&b.4)));
    let mut ends = vec![(Point::default(), Point::default()); graph.edges.len()];
    let mut k = 0;
    while k < ports.len() {
        let (node, side) = (ports[k].0, ports[k].1);
        let group = ports[k..].iter().take_while(|p| p.0 == node && p.1 == side).count();
        let b = &boxes[node];
        for (j, port) in ports[k..k + group].iter().enumerate() {
            let t = (j + 1) as f64 / (group + 1) as f64;
            let point = match side {
                Side::Left => Point { x: b.x, y: b.y + b.height * t },
                Side::Right => Point { x: b.x + b.width, y: b.y + b.height * t },
                Side::Top => Point { x: b.x + b.width * t, y: b.y },
                Side::Bottom => Point { x: b.x + b.width * t, y: b.y + b.height },
            };
            if port.4 {
                ends[port.3].1 = point;
            } else {
                ends[port.3].0 = point;
            }
        }
        k += group;
    }
    let gap = match direction {
        Direction::Across => GAP_X,
        Direction::Down { .. } => BAND_GAP,
    };
    ends.iter()
        .zip(&sides)
        .map(|(&(start, end), &(from_side, to_side))| {
            let (n1, n2) = (from_side.normal(), to_side.normal());
            let reach = if from_side == to_side {
                // Both ends on one side: bulge outwards, more for distant boxes.
                let apart = (end.x - start.x).abs().max((end.y - start.y).abs());
                (40.0 + 0.1 * apart).min(gap * 0.6)
            } else {
                // Half the way across the gap, along the sides' normal.
                ((end.x - start.x) * n1.0 + (end.y - start.y) * n1.1).abs() / 2.0
            };
            let c1 = Point { x: start.x + n1.0 * reach, y: start.y + n1.1 * reach };
            let c2 = Point { x: end.x + n2.0 * reach, y: end.y + n2.1 * reach };
            let middle =
                Point { x: (start.x + 3.0 * c1.x + 3.0 * c2.x + end.x) / 8.0, y: (start.y + 3.0 * c1.y + 3.0 * c2.y + end.y) / 8.0 };
            EdgePath { start, c1, c2, end, middle }
        })
        .collect()
}

#[cfg(test)]
mod number_tests {
    use super::{fixed, num};

    #[test]
    fn formats_like_a_person_would() {
        assert_eq!(num(12.0), "12");
        assert_eq!(num(12.34), "12.3");
        assert_eq!(num(-0.06), "-0.1");
        assert_eq!(num(-0.04), "0");
        assert_eq!(fixed(0.25, 4), "0.25");
        assert_eq!(fixed(1.00005, 4), "1.0001");
        assert_eq!(fixed(3.05, 2), "3.05");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn isotonic_pools_violators() {
        assert_eq!(isotonic(&[1.0, 3.0, 2.0, 4.0], &[1.0; 4]), [1.0, 2.5, 2.5, 4.0]);
        assert_eq!(isotonic(&[5.0, 1.0], &[3.0, 1.0]), [4.0, 4.0]);
        assert_eq!(isotonic(&[], &[]), Vec::<f64>::new());
    }

    #[test]
    fn numbers_are_compact() {
        assert_eq!(num(12.0), "12");
        assert_eq!(num(12.345), "12.3");
        assert_eq!(num(-0.04), "0");
    }
}
