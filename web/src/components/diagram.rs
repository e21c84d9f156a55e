//! The live relationship diagram: the laid-out graph of `pjsip_analysis::diagram`, rendered as
//! SVG elements keyed by typed object id ([`NodeId`]), so a config change moves boxes (CSS
//! transitions) instead of redrawing. Hover highlights a neighbourhood, a click selects and
//! jumps to the section, the cursor's section is marked; pan (drag, scroll), zoom (buttons,
//! Ctrl+scroll, pinch), fit, focus mode, type filters, search, SVG/PNG export.
//!
//! Readability first: the boxes run in columns when the columns fit the panel with their text at
//! least [`READABLE_ZOOM`] of its size, else in rows wrapped to the panel's width (the narrow
//! middle panel, a phone). The diagram opens at a zoom between those bounds; one too big for the
//! panel at that zoom is panned or focused, not shrunk until nothing can be read.

use std::collections::HashMap;
use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use pjsip_analysis::diagram::{
    across_width, fixed, num, svg, Diagram, DiagramOptions, Direction, Graph, LayoutOptions, NodeId, NodeKind, NodeState,
};
use wasm_bindgen::prelude::*;

use crate::bindings;
use crate::state::{use_app, Notice};
use crate::view_model::{objects_at, Locator};

/// Above this many boxes the whole graph is not drawn at once: search or focus instead.
pub const MAX_DRAWN_NODES: usize = 1500;
/// The smallest zoom the diagram opens at. Box text is 12 units high, so at this zoom it is
/// drawn 11.5 px high (edge labels 11 units: 10.5 px).
pub const READABLE_ZOOM: f64 = 11.5 / 12.0;
/// The largest zoom "fit" picks for a small diagram in a big panel.
const LARGEST_FIT: f64 = 1.25;
/// The panel's size is followed in steps of this many pixels: a drag of a divider lays the
/// diagram out again every few steps, not on every pixel.
const SIZE_STEP: f64 = 24.0;

/// The full graph of the analysis, or only how many objects it would hold when that is more
/// than can be drawn and nothing narrows it (then it is not even built).
#[derive(Clone, Debug, PartialEq)]
enum Full {
    Graph(Arc<Graph>),
    TooBig(usize),
}

/// What the diagram panel shows, after focus, filters and search.
#[derive(Clone, Debug, PartialEq)]
struct Shown {
    diagram: Arc<Diagram>,
    /// Boxes in the whole (unfiltered) graph, when it is too big to draw.
    total: usize,
    too_big: bool,
}

#[derive(Clone, Copy, Debug, PartialEq)]
struct View {
    x: f64,
    y: f64,
    zoom: f64,
}

/// What decides whether the view is fitted again.
#[derive(Clone, Debug, PartialEq)]
struct Shape {
    boxes: usize,
    across: bool,
    focus: bool,
    search: String,
    panel: f64,
}

impl Shape {
    /// A few boxes more or less (typing a section) keep the view; anything else fits again.
    fn differs(&self, other: &Shape) -> bool {
        self.boxes.abs_diff(other.boxes) > 3 || Shape { boxes: other.boxes, ..self.clone() } != *other
    }
}

/// Columns when they fit the panel at a readable size; rows wrapped to the panel otherwise.
fn direction_for(graph: &Graph, panel_width: f64) -> Direction {
    if across_width(graph) * READABLE_ZOOM <= panel_width {
        Direction::Across
    } else {
        Direction::Down { width: panel_width.max(200.0) }
    }
}

/// The view that shows a `width` × `height` drawing in a `w` × `h` panel: all of it when that
/// keeps the text readable (centred), else its top left at a readable zoom; `any_zoom` fits
/// whatever the size (the Fit button).
fn fitted(width: f64, height: f64, w: f64, h: f64, any_zoom: bool) -> View {
    if width <= 0.0 || w <= 0.0 || h <= 0.0 {
        return View { x: 0.0, y: 0.0, zoom: 1.0 };
    }
    let fit = (w / width).min(h / height).min(LARGEST_FIT);
    let zoom = if any_zoom { fit.max(0.05) } else { fit.max(READABLE_ZOOM) };
    let x = ((w - width * zoom) / 2.0).max(0.0);
    let y = ((h - height * zoom) / 2.0).clamp(0.0, 8.0);
    View { x, y, zoom }
}

#[component]
pub fn DiagramPanel() -> impl IntoView {
    let app = use_app();
    let (templates, set_templates) = signal(false);
    let (focus, set_focus) = signal(false);
    let (search, set_search) = signal(String::new());
    // Kinds switched off in the filters, one bit each (by legend order).
    let hidden_kinds = RwSignal::new(0_u32);
    let view = RwSignal::new(View { x: 0.0, y: 0.0, zoom: 1.0 });
    let svg_ref = NodeRef::<leptos::svg::Svg>::new();
    // The drawing area's width in CSS pixels (in steps), 0 until measured.
    let panel = RwSignal::new(0.0_f64);

    // The object(s) of the section under the cursor, in model order.
    let current = Memo::new(move |_| {
        let file = app.active_name();
        let cursor = app.cursor.get();
        app.analysis.with(|analysis| {
            let (objects, _) = objects_at(analysis, &file, cursor);
            objects.iter().map(|o| NodeId::object(o.object_type, o.id.as_str())).collect::<Vec<_>>()
        })
    });
    // What focus mode centres on: the selected object, else the cursor's.
    let focus_target = move || if focus.get() { app.selected.get().or_else(|| current.with(|c| c.first().cloned())) } else { None };

    let full = Memo::new(move |_| {
        let narrowed = focus_target().is_some() || search.with(|s| !s.trim().is_empty());
        let templates = templates.get();
        app.analysis.with(|analysis| {
            let objects = analysis.objects().len() + analysis.rejected().len();
            if objects > MAX_DRAWN_NODES && !narrowed {
                return Full::TooBig(objects);
            }
            Full::Graph(Arc::new(analysis.diagram_graph(&DiagramOptions { templates, ..DiagramOptions::default() })))
        })
    });
    let shown = Memo::new(move |_| {
        let width = panel.get();
        let full = match full.get() {
            Full::TooBig(total) => return Shown { diagram: Arc::new(Diagram::default()), total, too_big: true },
            // Nothing is drawn until the panel is measured: the first layout is the right one.
            Full::Graph(_) if width <= 0.0 => return Shown { diagram: Arc::new(Diagram::default()), total: 0, too_big: false },
            Full::Graph(graph) => graph,
        };
        let total = full.nodes.len();
        // Each step makes a smaller graph from the previous one; the full graph is only copied
        // when it is drawn as it is (and never when it is too big to draw).
        let mut narrowed: Option<Graph> = None;
        if let Some(id) = focus_target() {
            if full.index_of(&id).is_some() {
                narrowed = Some(full.neighbourhood(&id, 2));
            }
        }
        let hidden = hidden_kinds.get();
        if hidden != 0 {
            let keep: Vec<NodeKind> = NodeKind::ALL.into_iter().filter(|k| hidden & (1 << k.legend_order()) == 0).collect();
            narrowed = Some(narrowed.as_ref().unwrap_or(&full).filter(&keep));
        }
        let text = search.get();
        if !text.trim().is_empty() {
            narrowed = Some(narrowed.as_ref().unwrap_or(&full).search(text.trim()));
        }
        let graph = narrowed.unwrap_or_else(|| (*full).clone());
        if graph.nodes.len() > MAX_DRAWN_NODES {
            return Shown { diagram: Arc::new(Diagram::default()), total, too_big: true };
        }
        let direction = direction_for(&graph, width);
        Shown { diagram: Arc::new(Diagram::with(graph, &LayoutOptions { direction })), total, too_big: false }
    });

    // The DOM keys of boxes and lines (ids as text, the one place they are text) with their
    // index in the graph shown now. Boxes and lines are keyed elements that outlive a change of
    // the config: each finds its geometry through here, and CSS animates the move.
    let index = Memo::new(move |_| {
        shown.with(|s| {
            let graph = &s.diagram.graph;
            let nodes: HashMap<String, usize> = graph.nodes.iter().enumerate().map(|(i, n)| (n.id.to_string(), i)).collect();
            let edges: HashMap<String, usize> = (0..graph.edges.len()).map(|i| (edge_dom_key(graph, i), i)).collect();
            (nodes, edges)
        })
    });

    // Which boxes and lines stay bright while one box is hovered: ascending indices into the
    // shown graph.
    let hovered = RwSignal::new(None::<NodeId>);
    let lit = Memo::new(move |_| {
        let id = hovered.get()?;
        shown.with(|shown| {
            let graph = &shown.diagram.graph;
            let i = graph.index_of(&id)?;
            let mut nodes = graph.neighbours(i);
            if let Err(at) = nodes.binary_search(&i) {
                nodes.insert(at, i);
            }
            Some((nodes, graph.edges_of(i).to_vec()))
        })
    });

    let fit = move |any_zoom: bool| {
        let w = panel.get_untracked();
        let h = svg_ref.get_untracked().map_or(0.0, |e| e.client_height() as f64);
        let layout = &shown.get_untracked().diagram.layout;
        view.set(fitted(layout.width, layout.height, w, h, any_zoom));
    };
    // Follows the drawing area's width once it is mounted, and fits the view when what is shown
    // changes shape (a new example, focus, a filter, the panel's size or the direction), not
    // on every edit.
    let observer = StoredValue::new_local(None::<Observer>);
    on_cleanup(move || {
        if let Some((resize, _)) = observer.try_update_value(Option::take).flatten() {
            resize.disconnect();
        }
    });
    Effect::new(move |previous: Option<Shape>| {
        if let Some(element) = svg_ref.get() {
            if observer.with_value(Option::is_none) {
                observer.set_value(follow_width(&element.unchecked_into(), panel));
            }
        }
        let shape = Shape {
            boxes: shown.with(|s| s.diagram.graph.nodes.len()),
            across: shown.with(|s| s.diagram.layout.direction == Direction::Across),
            focus: focus.get(),
            search: search.get(),
            panel: panel.get(),
        };
        if previous.as_ref().is_none_or(|p| p.differs(&shape)) {
            fit(false);
        }
        shape
    });

    let zoom_by = move |factor: f64, cx: f64, cy: f64| {
        view.update(|v| {
            let zoom = (v.zoom * factor).clamp(0.05, 4.0);
            let k = zoom / v.zoom;
            v.x = cx - (cx - v.x) * k;
            v.y = cy - (cy - v.y) * k;
            v.zoom = zoom;
        });
    };
    // Scrolling moves the drawing (a tall one scrolls like a page); with Ctrl (and a pinch,
    // which browsers report as Ctrl+scroll) it zooms.
    let on_wheel = move |ev: leptos::ev::WheelEvent| {
        ev.prevent_default();
        if ev.ctrl_key() || ev.meta_key() {
            let factor = if ev.delta_y() < 0.0 { 1.15 } else { 1.0 / 1.15 };
            zoom_by(factor, ev.offset_x() as f64, ev.offset_y() as f64);
        } else {
            let unit = if ev.delta_mode() == 1 { 16.0 } else { 1.0 };
            view.update(|v| {
                v.x -= ev.delta_x() * unit;
                v.y -= ev.delta_y() * unit;
            });
        }
    };
    let drag = StoredValue::new(None::<(f64, f64, f64, f64)>);
    let on_down = move |ev: leptos::ev::PointerEvent| {
        let v = view.get_untracked();
        drag.set_value(Some((ev.client_x() as f64, ev.client_y() as f64, v.x, v.y)));
    };
    let on_move = move |ev: leptos::ev::PointerEvent| {
        if let Some((x0, y0, vx, vy)) = drag.get_value() {
            if ev.buttons() == 0 {
                drag.set_value(None);
                return;
            }
            view.update(|v| {
                v.x = vx + ev.client_x() as f64 - x0;
                v.y = vy + ev.client_y() as f64 - y0;
            });
        }
    };
    let on_up = move |_| drag.set_value(None);

    let select = move |id: &NodeId| {
        let shown = shown.get_untracked();
        let Some(node) = shown.diagram.graph.node(id) else { return };
        app.selected.set(Some(node.id.clone()));
        if let Some(at) = node.at {
            let analysis = app.analysis.get_untracked();
            let place = Locator::new(&analysis).place(at);
            app.go_to(&place);
        }
    };

    let export_svg = move |_| {
        let shown = shown.get_untracked();
        bindings::download_text("pjsip-diagram.svg", &shown.diagram.to_svg(), "image/svg+xml");
    };
    let export_png = move |_| {
        let shown = shown.get_untracked();
        let text = shown.diagram.to_svg();
        let (w, h) = (shown.diagram.layout.width + 300.0, shown.diagram.layout.height.max(400.0));
        spawn_local(async move {
            if let Err(e) = bindings::download_svg_as_png("pjsip-diagram.png", &text, w, h).await {
                app.notice.set(Some(Notice::Error(format!("The PNG could not be made: {}.", bindings::error_message(&e)))));
            }
        });
    };

    // In graph order, so the document order is stable.
    let node_keys = move || shown.with(|s| s.diagram.graph.nodes.iter().map(|n| n.id.to_string()).collect::<Vec<_>>());
    let edge_keys = move || shown.with(|s| (0..s.diagram.graph.edges.len()).map(|i| edge_dom_key(&s.diagram.graph, i)).collect::<Vec<_>>());
    let transform = move || {
        let v = view.get();
        format!("translate({} {}) scale({})", num(v.x), num(v.y), fixed(v.zoom, 4))
    };

    view! {
        <div class="diagram-panel" data-testid="diagram-panel">
            <style inner_html=svg::STYLE></style>
            <div class="diagram-toolbar" role="toolbar" aria-label="Diagram">
                <input type="search" placeholder="Find an object…" aria-label="Find an object in the diagram" data-testid="diagram-search"
                    prop:value=search on:input=move |ev| set_search.set(event_target_value(&ev)) />
                <button aria-pressed=move || focus.get().to_string() data-testid="diagram-focus"
                    title="Show only the selected object and what is within two references of it"
                    on:click=move |_| set_focus.update(|f| *f = !*f)>"Focus"</button>
                <label class="toggle"><input type="checkbox" prop:checked=templates on:change=move |ev| set_templates.set(event_target_checked(&ev)) />" Templates"</label>
                <button aria-label="Zoom in" on:click=move |_| zoom_by(1.25, 200.0, 150.0)>"+"</button>
                <button aria-label="Zoom out" on:click=move |_| zoom_by(0.8, 200.0, 150.0)>"−"</button>
                <button on:click=move |_| fit(true) data-testid="diagram-fit" title="Show the whole diagram, however small">"Fit"</button>
                {move || app.selected.with(|id| id.as_ref().and_then(|id| id.kind.object_type()))
                    .map(|t| {
                        let label = format!("What is a {t}?");
                        view! { <button data-testid="diagram-help" title=label.clone() aria-label=label on:click=move |_| app.show_reference(t.name())>"?"</button> }
                    })}
                <button on:click=export_svg data-testid="export-svg">"SVG"</button>
                <button on:click=export_png data-testid="export-png">"PNG"</button>
            </div>
            <details class="type-filters">
                <summary>"Types"</summary>
                {NodeKind::ALL.into_iter().map(|kind| view! {
                    <label class="toggle">
                        <input type="checkbox" prop:checked=move || hidden_kinds.get() & (1 << kind.legend_order()) == 0
                            on:change=move |ev| hidden_kinds.update(|h| { if event_target_checked(&ev) { *h &= !(1 << kind.legend_order()); } else { *h |= 1 << kind.legend_order(); } }) />
                        " " {kind.name()}
                    </label>
                }).collect_view()}
            </details>
            <Show when=move || shown.with(|s| s.too_big)>
                <p class="diagram-note" role="status" data-testid="diagram-too-big">
                    {move || shown.with(|s| format!("{} objects are too many to draw at once. Type a name in the search box, or put the cursor in a section and press Focus.", s.total))}
                </p>
            </Show>
            <svg class="pjsip-erd live" node_ref=svg_ref role="img" aria-label="Diagram of the objects and their references (scroll or drag to move, Ctrl+scroll to zoom)"
                data-direction=move || shown.with(|s| if s.diagram.layout.direction == Direction::Across { "across" } else { "down" })
                on:wheel=on_wheel on:pointerdown=on_down on:pointermove=on_move on:pointerup=on_up on:pointerleave=on_up>
                <defs inner_html=svg::marker_defs()></defs>
                <g transform=transform>
                    <g class="edges">
                        <For each=edge_keys key=|k| k.clone() let:key>
                            <DiagramEdge key=key shown=shown index=index lit=lit />
                        </For>
                    </g>
                    <g class="nodes">
                        <For each=node_keys key=|k| k.clone() let:key>
                            <DiagramNode key=key shown=shown index=index lit=lit hovered=hovered current=current
                                on_select=Callback::new(move |id: NodeId| select(&id)) />
                        </For>
                    </g>
                </g>
            </svg>
            <p class="legend-line muted">
                "Crow's feet: a bar is one, a circle zero, a fork many. Dashed: outbound auth. Dotted: the transport used by default. Red: names something missing. Grey: Asterisk refuses it."
            </p>
        </div>
    }
}

/// The boxes and lines lit around a hovered box: ascending indices into the shown graph.
type Lit = Option<(Vec<usize>, Vec<usize>)>;
/// Box and line indices by DOM key.
type Index = (HashMap<String, usize>, HashMap<String, usize>);

/// The DOM key of edge `i`: its ends and option as text.
fn edge_dom_key(graph: &Graph, i: usize) -> String {
    let key = graph.edge_key(i);
    format!("{} {} {}", key.from, key.kind, key.to)
}

/// One reference line, keyed by its ends and option. The element stays while the key exists;
/// its path follows the layout (a CSS transition on `d` animates it).
#[component]
fn DiagramEdge(key: String, shown: Memo<Shown>, index: Memo<Index>, lit: Memo<Lit>) -> impl IntoView {
    let at = Memo::new(move |_| index.with(|(_, e)| e.get(&key).copied()));
    // What the line is (changes rarely) apart from where it runs (changes on every layout).
    let content = Memo::new(move |_| {
        let i = at.get()?;
        shown.with(|s| {
            let graph = &s.diagram.graph;
            let edge = &graph.edges[i];
            let (from, to) = (&graph.nodes[edge.from], &graph.nodes[edge.to]);
            Some((
                format!("edge {}", edge.style.class()),
                edge.from_end.marker_id(),
                edge.to_end.marker_id(),
                from.id.reference(),
                to.id.reference(),
                edge.kind.clone(),
                edge.label.clone(),
            ))
        })
    });
    let geometry =
        move || at.get().and_then(|i| shown.with(|s| s.diagram.layout.edges.get(i).map(|p| (p.d(), svg::label_position(p.middle)))));
    let dim = move || lit.with(|l| l.as_ref().is_some_and(|(_, e)| at.get().is_none_or(|i| e.binary_search(&i).is_err())));
    move || {
        content.get().map(move |(class, start, end, from, to, kind, label)| {
            let label = label.map(|text| {
                view! {
                    <text class="edge-label" x=move || geometry().map(|g| num(g.1.x)) y=move || geometry().map(|g| num(g.1.y))>{text}</text>
                }
            });
            view! {
                <path class=class class:dim=dim style=move || geometry().map(|g| format!("d: path('{}')", g.0))
                    marker-start=format!("url(#{start})") marker-end=format!("url(#{end})")
                    data-from=from data-to=to data-kind=kind></path>
                {label}
            }
        })
    }
}

/// One object box, keyed by its id. The element stays while the object exists and moves when the
/// layout changes (a CSS transition on `transform` animates it).
#[component]
fn DiagramNode(
    key: String,
    shown: Memo<Shown>,
    index: Memo<Index>,
    lit: Memo<Lit>,
    hovered: RwSignal<Option<NodeId>>,
    current: Memo<Vec<NodeId>>,
    on_select: Callback<NodeId>,
) -> impl IntoView {
    let app = use_app();
    let at = Memo::new(move |_| index.with(|(n, _)| n.get(&key).copied()));
    // The box's content and size; its position is read separately.
    let content = Memo::new(move |_| {
        let i = at.get()?;
        shown.with(|s| {
            let b = s.diagram.layout.nodes[i];
            Some((s.diagram.graph.nodes[i].clone(), (b.width * 10.0).round() as i64, (b.height * 10.0).round() as i64))
        })
    });
    let position = move || {
        at.get().and_then(|i| {
            shown.with(|s| s.diagram.layout.nodes.get(i).map(|b| format!("transform: translate({}px, {}px)", num(b.x), num(b.y))))
        })
    };
    let selected = move || content.with(|c| c.as_ref().is_some_and(|(node, _, _)| app.selected.with(|s| s.as_ref() == Some(&node.id))));
    let is_current = move || content.with(|c| c.as_ref().is_some_and(|(node, _, _)| current.with(|c| c.contains(&node.id))));
    let dim = move || lit.with(|l| l.as_ref().is_some_and(|(n, _)| at.get().is_none_or(|i| n.binary_search(&i).is_err())));
    move || {
        let (node, w, h) = content.get()?;
        let title = svg::tooltip(&node);
        let label = title.clone();
        let state = match node.state {
            NodeState::Loaded => "loaded",
            NodeState::Rejected { .. } => "rejected",
            NodeState::Ghost { .. } => "ghost",
            NodeState::Derived => "derived",
        };
        let lines = node
            .lines
            .iter()
            .enumerate()
            .map(|(k, line)| {
                let class = if k == 0 { "name" } else { "sub" };
                let y = (16 * (k + 1) + 2).to_string();
                view! { <text class=class x="8" y=y>{line.clone()}</text> }
            })
            .collect_view();
        let (enter, click, key) = (node.id.clone(), node.id.clone(), node.id.clone());
        Some(view! {
            <g class=svg::node_classes(&node) class:selected=selected class:current=is_current class:dim=dim
                data-type=node.type_name() data-name=node.name().to_string() data-state=state data-testid="diagram-node"
                style=position
                tabindex="0" role="button" aria-label=label
                on:mouseenter=move |_| hovered.set(Some(enter.clone())) on:mouseleave=move |_| hovered.set(None)
                on:pointerdown=|ev| ev.stop_propagation()
                on:click=move |_| on_select.run(click.clone())
                on:keydown=move |ev| if ev.key() == "Enter" { on_select.run(key.clone()) }>
                <title>{title}</title>
                <rect width=num(w as f64 / 10.0) height=num(h as f64 / 10.0) rx="4"></rect>
                {lines}
            </g>
        })
    }
}

/// A resize observer with its callback.
type Observer = (web_sys::ResizeObserver, Closure<dyn Fn(js_sys::Array)>);

/// Keeps `panel` at the element's width (in [`SIZE_STEP`] steps); the observer and its callback
/// live as long as the returned pair.
fn follow_width(element: &web_sys::Element, panel: RwSignal<f64>) -> Option<Observer> {
    let measure = {
        let element = element.clone();
        move || {
            let width = (element.client_width() as f64 / SIZE_STEP).floor() * SIZE_STEP;
            if panel.get_untracked() != width {
                panel.set(width);
            }
        }
    };
    measure();
    let callback = Closure::<dyn Fn(js_sys::Array)>::new(move |_entries: js_sys::Array| measure());
    let resize = web_sys::ResizeObserver::new(callback.as_ref().unchecked_ref()).ok()?;
    resize.observe(element);
    Some((resize, callback))
}
