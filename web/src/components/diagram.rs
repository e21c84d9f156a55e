//! The live relationship diagram: the laid-out graph of `pjsip_analysis::diagram`, rendered as
//! SVG elements keyed by object id, so a config change moves boxes (CSS transitions) instead of
//! redrawing. Hover highlights a neighbourhood, a click selects and jumps to the section, the
//! cursor's section is marked; pan, zoom, fit, focus mode, type filters, search, SVG/PNG export.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use pjsip_analysis::diagram::{fixed, num, svg, Diagram, DiagramOptions, Graph, NodeState, NODE_TYPES};

use crate::bindings;
use crate::state::{use_app, Notice};
use crate::view_model::{objects_at, Locator};

/// Above this many boxes the whole graph is not drawn at once: search or focus instead.
pub const MAX_DRAWN_NODES: usize = 1500;

/// What the diagram panel shows, after focus, filters and search.
#[derive(Clone, Debug, PartialEq)]
struct Shown {
    diagram: Arc<Diagram>,
    /// Boxes in the whole (unfiltered) graph.
    total: usize,
    too_big: bool,
}

#[derive(Clone, Copy, Debug, PartialEq)]
struct View {
    x: f64,
    y: f64,
    zoom: f64,
}

#[component]
pub fn DiagramPanel() -> impl IntoView {
    let app = use_app();
    let (templates, set_templates) = signal(false);
    let (focus, set_focus) = signal(false);
    let (search, set_search) = signal(String::new());
    let hidden_types = RwSignal::new(HashSet::<&'static str>::new());
    let view = RwSignal::new(View { x: 0.0, y: 0.0, zoom: 1.0 });
    let svg_ref = NodeRef::<leptos::svg::Svg>::new();

    let full = Memo::new(move |_| {
        let analysis = app.analysis.get();
        Arc::new(analysis.diagram_graph(&DiagramOptions { templates: templates.get(), ..DiagramOptions::default() }))
    });
    let shown = Memo::new(move |_| {
        let full = full.get();
        let total = full.nodes.len();
        // Each step makes a smaller graph from the previous one; the full graph is only copied
        // when it is drawn as it is (and never when it is too big to draw).
        let mut narrowed: Option<Graph> = None;
        if focus.get() {
            if let Some(id) = app.selected.get() {
                if full.index_of(&id).is_some() {
                    narrowed = Some(full.neighbourhood(&id, 2));
                }
            }
        }
        let hidden = hidden_types.get();
        if !hidden.is_empty() {
            let keep: Vec<&str> = NODE_TYPES.iter().copied().filter(|t| !hidden.contains(t)).collect();
            narrowed = Some(narrowed.as_ref().unwrap_or(&full).filter(&keep));
        }
        let text = search.get();
        if !text.trim().is_empty() {
            narrowed = Some(narrowed.as_ref().unwrap_or(&full).search(text.trim()));
        }
        let too_big = narrowed.as_ref().unwrap_or(&full).nodes.len() > MAX_DRAWN_NODES;
        let diagram = if too_big { Diagram::default() } else { Diagram::of(narrowed.unwrap_or_else(|| (*full).clone())) };
        Shown { diagram: Arc::new(diagram), total, too_big }
    });

    // The object(s) of the section under the cursor.
    let current = Memo::new(move |_| {
        let analysis = app.analysis.get();
        let file = app.active_name();
        let (objects, _) = objects_at(&analysis, &file, app.cursor.get());
        objects.iter().map(|o| format!("{}/{}", o.type_name(), o.id)).collect::<HashSet<String>>()
    });

    // Where each box and line is now, by id: the elements are keyed by id and outlive a change of
    // the config, so they read their geometry from here (and CSS animates the move).
    let index = Memo::new(move |_| {
        let shown = shown.get();
        let graph = &shown.diagram.graph;
        let nodes: HashMap<String, usize> = graph.nodes.iter().enumerate().map(|(i, n)| (n.id.clone(), i)).collect();
        let edges: HashMap<String, usize> = (0..graph.edges.len()).map(|i| (graph.edge_key(i), i)).collect();
        (nodes, edges)
    });

    // Which boxes and lines stay bright while one box is hovered (by id).
    let hovered = RwSignal::new(None::<String>);
    let lit = Memo::new(move |_| {
        let shown = shown.get();
        let id = hovered.get()?;
        let graph = &shown.diagram.graph;
        let i = graph.index_of(&id)?;
        let mut nodes: HashSet<String> = graph.neighbours(i).into_iter().map(|n| graph.nodes[n].id.clone()).collect();
        nodes.insert(id);
        let edges: HashSet<String> = graph.edges_of(i).iter().map(|&e| graph.edge_key(e)).collect();
        Some((nodes, edges))
    });

    let fit = move || {
        let Some(svg_el) = svg_ref.get_untracked() else { return };
        let (w, h) = (svg_el.client_width() as f64, svg_el.client_height() as f64);
        let layout = &shown.get_untracked().diagram.layout;
        if layout.width <= 0.0 || w <= 0.0 {
            view.set(View { x: 0.0, y: 0.0, zoom: 1.0 });
            return;
        }
        let zoom = (w / layout.width).min(h / layout.height).clamp(0.05, 1.5);
        view.set(View { x: (w - layout.width * zoom) / 2.0, y: 8.0, zoom });
    };
    // Fit when what is shown changes shape (a new example, focus, a filter), not on every edit.
    Effect::new(move |previous: Option<(usize, bool, String)>| {
        let key = (shown.with(|s| s.diagram.graph.nodes.len()), focus.get(), search.get());
        let changed = previous.as_ref().is_none_or(|p| p.0.abs_diff(key.0) > 3 || p.1 != key.1 || p.2 != key.2);
        if changed {
            request_animation_frame(fit);
        }
        key
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
    let on_wheel = move |ev: leptos::ev::WheelEvent| {
        ev.prevent_default();
        let factor = if ev.delta_y() < 0.0 { 1.15 } else { 1.0 / 1.15 };
        zoom_by(factor, ev.offset_x() as f64, ev.offset_y() as f64);
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

    let select = move |id: &str| {
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
    let node_ids = move || shown.with(|s| s.diagram.graph.nodes.iter().map(|n| n.id.clone()).collect::<Vec<_>>());
    let edge_ids = move || shown.with(|s| (0..s.diagram.graph.edges.len()).map(|i| s.diagram.graph.edge_key(i)).collect::<Vec<_>>());
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
                <button on:click=move |_| fit() data-testid="diagram-fit">"Fit"</button>
                {move || app.selected.get().and_then(|id| id.split_once('/').map(|(t, _)| t.to_string()))
                    .filter(|t| pjsip_analysis::schema::type_schema(t).is_some())
                    .map(|t| {
                        let label = format!("What is a {t}?");
                        view! { <button data-testid="diagram-help" title=label.clone() aria-label=label on:click=move |_| app.show_reference(&t)>"?"</button> }
                    })}
                <button on:click=export_svg data-testid="export-svg">"SVG"</button>
                <button on:click=export_png data-testid="export-png">"PNG"</button>
            </div>
            <details class="type-filters">
                <summary>"Types"</summary>
                {NODE_TYPES.iter().map(|&t| view! {
                    <label class="toggle">
                        <input type="checkbox" prop:checked=move || !hidden_types.with(|h| h.contains(t))
                            on:change=move |ev| hidden_types.update(|h| { if event_target_checked(&ev) { h.remove(t); } else { h.insert(t); } }) />
                        " " {t}
                    </label>
                }).collect_view()}
            </details>
            <Show when=move || shown.with(|s| s.too_big)>
                <p class="diagram-note" role="status" data-testid="diagram-too-big">
                    {move || shown.with(|s| format!("{} objects are too many to draw at once. Type a name in the search box, or put the cursor in a section and press Focus.", s.total))}
                </p>
            </Show>
            <svg class="pjsip-erd live" node_ref=svg_ref role="img" aria-label="Diagram of the objects and their references"
                on:wheel=on_wheel on:pointerdown=on_down on:pointermove=on_move on:pointerup=on_up on:pointerleave=on_up>
                <defs inner_html=svg::marker_defs()></defs>
                <g transform=transform>
                    <g class="edges">
                        <For each=edge_ids key=|k| k.clone() let:key>
                            <DiagramEdge key=key shown=shown index=index lit=lit />
                        </For>
                    </g>
                    <g class="nodes">
                        <For each=node_ids key=|k| k.clone() let:id>
                            <DiagramNode id=id shown=shown index=index lit=lit hovered=hovered current=current
                                on_select=Callback::new(move |id: String| select(&id)) />
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

type Lit = Option<(HashSet<String>, HashSet<String>)>;
type Index = (HashMap<String, usize>, HashMap<String, usize>);

/// One reference line, keyed by `Graph::edge_key`. The element stays while the key exists; its
/// path follows the layout (a CSS transition on `d` animates it).
#[component]
fn DiagramEdge(key: String, shown: Memo<Shown>, index: Memo<Index>, lit: Memo<Lit>) -> impl IntoView {
    let at = {
        let key = key.clone();
        Memo::new(move |_| index.with(|(_, e)| e.get(&key).copied()))
    };
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
                format!("{}/{}", from.type_name, from.name),
                format!("{}/{}", to.type_name, to.name),
                edge.kind.clone(),
                edge.label.clone(),
            ))
        })
    });
    let geometry =
        move || at.get().and_then(|i| shown.with(|s| s.diagram.layout.edges.get(i).map(|p| (p.d(), svg::label_position(p.middle)))));
    let dim = move || lit.with(|l| l.as_ref().is_some_and(|(_, e)| !e.contains(&key)));
    move || {
        let dim = dim.clone();
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
    id: String,
    shown: Memo<Shown>,
    index: Memo<Index>,
    lit: Memo<Lit>,
    hovered: RwSignal<Option<String>>,
    current: Memo<HashSet<String>>,
    on_select: Callback<String>,
) -> impl IntoView {
    let app = use_app();
    let at = {
        let id = id.clone();
        Memo::new(move |_| index.with(|(n, _)| n.get(&id).copied()))
    };
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
    let selected = {
        let id = id.clone();
        move || app.selected.with(|s| s.as_deref() == Some(id.as_str()))
    };
    let is_current = {
        let id = id.clone();
        move || current.with(|c| c.contains(&id))
    };
    let dim = {
        let id = id.clone();
        move || lit.with(|l| l.as_ref().is_some_and(|(n, _)| !n.contains(&id)))
    };
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
        let (enter, click, key) = (id.clone(), id.clone(), id.clone());
        Some(view! {
            <g class=svg::node_classes(&node) class:selected=selected.clone() class:current=is_current.clone() class:dim=dim.clone()
                data-type=node.type_name data-name=node.name.clone() data-state=state data-testid="diagram-node"
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
