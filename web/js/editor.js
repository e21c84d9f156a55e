// The CodeMirror 6 editor and the browser-only helpers (compression for share links) that the
// Rust app imports. esbuild bundles this file into editor.bundle.js (scripts/bundle.mjs); the
// bundle is generated, never committed.
//
// Everything that knows PJSIP lives in Rust: the colours (from the Rust parser's tokens),
// completion, hover text, diagnostics and fixes come back through the callbacks below. The
// editor owns the text while typing and tells Rust about each change as edits, never as the
// whole document; Rust answers with the text's revision, a number both sides use to tell
// whether markers or fixes still fit the text on screen. Positions crossing this boundary are
// UTF-16 offsets (CodeMirror's own unit); Rust converts them to byte offsets.

import { EditorState, StateEffect, StateField, Compartment, RangeSetBuilder } from "@codemirror/state";
import {
  EditorView, ViewPlugin, Decoration, keymap, lineNumbers, highlightActiveLine, highlightActiveLineGutter,
  hoverTooltip,
} from "@codemirror/view";
import { standardKeymap, history, historyKeymap, indentWithTab, toggleComment, selectLine, copyLineDown, moveLineUp, moveLineDown } from "@codemirror/commands";
import { search, searchKeymap } from "@codemirror/search";
import { autocompletion, completionKeymap } from "@codemirror/autocomplete";
import { setDiagnostics, lintKeymap } from "@codemirror/lint";

// --- colours from the Rust syntax tree --------------------------------------------------------

// Asks Rust for the coloured pieces of the visible ranges only. After an edit the old colours
// are mapped through the change at once and the visible ranges asked for again before the next
// frame is painted, by when the app has analysed (and parsed) the new text: the highlighter
// then reuses that parse instead of making its own.
const refreshColours = StateEffect.define();

function colourPlugin(handle) {
  const marks = handle.callbacks.highlightClasses.map((name) => Decoration.mark({ class: `tok-${name}` }));
  const build = (view) => {
    const builder = new RangeSetBuilder();
    const len = view.state.doc.length;
    let last = 0;
    for (const { from, to } of view.visibleRanges) {
      // Rust answers for the text at this revision only (an empty list otherwise).
      const pieces = handle.callbacks.highlight(from, to, handle.revision);
      for (let i = 0; i + 2 < pieces.length; i += 3) {
        const [a, b] = [Math.max(pieces[i], last), Math.min(pieces[i + 1], len)];
        if (a < b && marks[pieces[i + 2]]) { builder.add(a, b, marks[pieces[i + 2]]); last = b; }
      }
    }
    return builder.finish();
  };
  return ViewPlugin.fromClass(class {
    constructor(view) { this.decorations = build(view); this.frame = 0; }
    update(u) {
      if (u.docChanged) {
        this.decorations = this.decorations.map(u.changes);
        if (!this.frame) {
          this.frame = requestAnimationFrame(() => {
            this.frame = 0;
            u.view.dispatch({ effects: refreshColours.of(null) });
          });
        }
      } else if (u.viewportChanged || u.transactions.some((t) => t.effects.some((e) => e.is(refreshColours)))) {
        this.decorations = build(u.view);
      }
    }
    destroy() { if (this.frame) cancelAnimationFrame(this.frame); }
  }, { decorations: (p) => p.decorations });
}

// --- highlighted ranges (simulator steps, diagram selections) ---------------------------------

const setMarks = StateEffect.define();
const marksField = StateField.define({
  create: () => Decoration.none,
  update(marks, tr) {
    marks = marks.map(tr.changes);
    for (const e of tr.effects) if (e.is(setMarks)) marks = e.value;
    return marks;
  },
  provide: (f) => EditorView.decorations.from(f),
});
const markLine = Decoration.line({ class: "cm-deciding-line" });

// --- the editor -------------------------------------------------------------------------------

/**
 * Creates the editor inside `parent`.
 * callbacks: { onChanges(positions, inserts) -> revision, onCursor(pos),
 *              complete(pos) -> JSON|"", hover(pos) -> JSON|"",
 *              highlight(from, to, revision) -> [from, to, class, …], highlightClasses: [name, …] }
 * `positions` holds [from, to] per change, in the text before the change.
 */
export function createEditor(parent, callbacks) {
  const readOnly = new Compartment();
  // key/revision: the file on screen and the revision of its text; states: other files'
  // editor states (undo history) with the revision they hold.
  const handle = { view: null, states: new Map(), key: null, revision: -1, readOnly, callbacks };
  const listener = EditorView.updateListener.of((u) => {
    if (u.docChanged) {
      const positions = [];
      const inserts = [];
      u.changes.iterChanges((fromA, toA, _fromB, _toB, inserted) => {
        positions.push(fromA, toA);
        inserts.push(inserted.toString());
      });
      handle.revision = callbacks.onChanges(positions, inserts);
    }
    if (u.selectionSet || u.docChanged) callbacks.onCursor(u.state.selection.main.head);
  });
  handle.extensions = [
    lineNumbers(), highlightActiveLineGutter(), history(),
    highlightActiveLine(), search({ top: true }), colourPlugin(handle),
    EditorState.languageData.of(() => [{ commentTokens: { line: ";" } }]),
    autocompletion({ override: [(ctx) => complete(handle, ctx)], activateOnTyping: true }),
    hoverTooltip((view, pos) => hover(handle, pos), { hoverTime: 250 }),
    marksField, listener, readOnly.of([]),
    keymap.of([...completionKeymap, ...searchKeymap, ...historyKeymap, ...lintKeymap, ...standardKeymap, indentWithTab,
      // The everyday extras of CodeMirror's default keymap (the rest of it is not worth its size here).
      { key: "Mod-/", run: toggleComment }, { key: "Alt-l", run: selectLine },
      { key: "Shift-Alt-ArrowDown", run: copyLineDown }, { key: "Alt-ArrowUp", run: moveLineUp }, { key: "Alt-ArrowDown", run: moveLineDown }]),
    EditorView.contentAttributes.of({ "aria-label": "Configuration editor", "data-testid": "code-editor" }),
  ];
  handle.view = new EditorView({ parent, state: EditorState.create({ doc: "", extensions: handle.extensions }) });
  return handle;
}

function complete(handle, ctx) {
  const json = handle.callbacks.complete(ctx.pos);
  if (!json) return null;
  const r = JSON.parse(json);
  if (!r.options.length) return null;
  if (!ctx.explicit && r.from === ctx.pos && !r.eager) return null;
  return {
    from: r.from,
    to: r.to,
    options: r.options.map((o) => ({
      label: o.label, type: o.type, detail: o.detail || undefined,
      info: o.info || undefined, apply: o.apply || undefined, boost: o.boost || 0,
    })),
    validFor: /^[\w\-/.]*$/,
  };
}

function hover(handle, pos) {
  const json = handle.callbacks.hover(pos);
  if (!json) return null;
  const h = JSON.parse(json);
  return {
    pos: h.from, end: h.to, above: true,
    create() {
      const dom = document.createElement("div");
      dom.className = "cm-hover-doc";
      const title = document.createElement("div");
      title.className = "hover-title";
      title.textContent = h.title;
      dom.appendChild(title);
      for (const p of h.paragraphs) {
        const el = document.createElement("p");
        el.textContent = p;
        dom.appendChild(el);
      }
      if (h.link) {
        const a = document.createElement("a");
        a.href = h.link; a.textContent = "Asterisk documentation"; a.target = "_blank"; a.rel = "noopener noreferrer";
        dom.appendChild(a);
      }
      return { dom };
    },
  };
}

/**
 * Shows file `key` whose text is at `revision` (a tab switch). Each file keeps its own editor
 * state, so undo history survives tab switches, as long as nothing else changed its text.
 */
export function showFile(handle, key, text, revision) {
  const view = handle.view;
  if (handle.key === key && handle.revision === revision) return;
  if (handle.key !== null) handle.states.set(handle.key, { state: view.state, revision: handle.revision });
  const kept = handle.states.get(key);
  const state = kept && kept.revision === revision ? kept.state : EditorState.create({ doc: text, extensions: handle.extensions });
  handle.key = key;
  handle.revision = revision;
  view.setState(state);
}

/**
 * Applies edits (`[{from, to, insert}]`, positions in the text at `revision`) as one undoable
 * change. Returns false, changing nothing, when the text on screen is not at that revision.
 */
export function applyEdits(handle, revision, json) {
  const view = handle.view;
  if (handle.revision !== revision) return false;
  const len = view.state.doc.length;
  const clamp = (n) => Math.max(0, Math.min(len, n));
  view.dispatch({ changes: JSON.parse(json).map((e) => ({ from: clamp(e.from), to: clamp(e.to), insert: e.insert })) });
  return true;
}

/** Forgets a file's saved state (the tab was closed). */
export function forgetFile(handle, key) { handle.states.delete(key); }

/**
 * Replaces the lint markers of file `key`. `json`: [{from, to, severity, message, source, fixes:
 * [{title, edits: [{from, to, insert}]}]}], positions in the text at `revision`; markers for
 * another file or an older text are dropped (a newer analysis is on its way).
 */
export function setLint(handle, key, revision, json) {
  const view = handle.view;
  if (handle.key !== key || handle.revision !== revision) return;
  const len = view.state.doc.length;
  const clamp = (n) => Math.max(0, Math.min(len, n));
  const diagnostics = JSON.parse(json).map((d) => ({
    from: clamp(d.from), to: clamp(d.to), severity: d.severity === "hint" ? "info" : d.severity,
    message: d.message, source: d.source,
    actions: d.fixes.map((f) => ({
      name: f.title,
      apply() { applyEdits(handle, revision, JSON.stringify(f.edits)); },
    })),
  }));
  view.dispatch(setDiagnostics(view.state, diagnostics));
}

/** Selects a range, scrolls it into view and focuses the editor. */
export function selectRange(handle, from, to) {
  const view = handle.view;
  const len = view.state.doc.length;
  from = Math.min(from, len); to = Math.min(to, len);
  view.dispatch({ selection: { anchor: from, head: to }, effects: EditorView.scrollIntoView(from, { y: "center" }) });
  view.focus();
}

/** Highlights whole lines covering the given ranges (`[[from, to], ...]`); `[]` clears. */
export function markRanges(handle, json) {
  const view = handle.view;
  const len = view.state.doc.length;
  const lines = new Set();
  for (const [from, to] of JSON.parse(json)) {
    const a = view.state.doc.lineAt(Math.min(from, len)).number;
    const b = view.state.doc.lineAt(Math.min(Math.max(from, to - 1), len)).number;
    for (let n = a; n <= b; n++) lines.add(n);
  }
  const ranges = [...lines].sort((x, y) => x - y).map((n) => markLine.range(view.state.doc.line(n).from));
  view.dispatch({ effects: setMarks.of(Decoration.set(ranges)) });
}

export function destroyEditor(handle) { handle.view.destroy(); }

// --- share links ------------------------------------------------------------------------------

function toBase64Url(bytes) {
  let s = "";
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(text) {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new Error("the link contains characters that are not base64url");
  const b64 = text.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((text.length + 3) % 4);
  let raw;
  try { raw = atob(b64); } catch { throw new Error("the link is not valid base64url"); }
  const bytes = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
  return bytes;
}

/** Compresses `text` (UTF-8) with raw deflate and returns base64url. */
export async function deflateToBase64Url(text) {
  const stream = new Blob([new TextEncoder().encode(text)]).stream().pipeThrough(new CompressionStream("deflate-raw"));
  return toBase64Url(new Uint8Array(await new Response(stream).arrayBuffer()));
}

/**
 * The inverse of `deflateToBase64Url`. Stops with an error as soon as the inflated size passes
 * `maxBytes`, so a decompression bomb costs at most that much memory and time.
 */
export async function inflateFromBase64Url(text, maxBytes) {
  const bytes = fromBase64Url(text);
  const reader = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate-raw")).getReader();
  const chunks = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.length;
      if (total > maxBytes) {
        reader.cancel().catch(() => {});
        throw new Error(`the link expands to more than ${Math.round(maxBytes / 1048576)} MB`);
      }
      chunks.push(value);
    }
  } catch (e) {
    if (e instanceof Error && e.message.startsWith("the link")) throw e;
    throw new Error("the link is damaged (its compressed data does not decode)");
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) { out.set(c, at); at += c.length; }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(out);
  } catch {
    throw new Error("the link does not decode to text");
  }
}

/** Offers `text` as a file download named `name`. */
export function downloadText(name, text, mime) {
  const url = URL.createObjectURL(new Blob([text], { type: mime || "text/plain" }));
  const a = document.createElement("a");
  a.href = url; a.download = name;
  document.body.appendChild(a); a.click(); a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Copies text to the clipboard; resolves to false when the browser refuses. */
export async function copyText(text) {
  try { await navigator.clipboard.writeText(text); return true; } catch { return false; }
}

/** Renders an SVG string to a PNG and downloads it. */
export async function downloadSvgAsPng(name, svgText, width, height) {
  const scale = Math.min(2, 16000 / Math.max(width, height, 1));
  const img = new Image();
  const url = URL.createObjectURL(new Blob([svgText], { type: "image/svg+xml" }));
  try {
    await new Promise((ok, fail) => { img.onload = ok; img.onerror = () => fail(new Error("the diagram could not be rendered")); img.src = url; });
    const canvas = document.createElement("canvas");
    canvas.width = Math.max(1, Math.round(width * scale)); canvas.height = Math.max(1, Math.round(height * scale));
    const ctx = canvas.getContext("2d");
    ctx.fillStyle = getComputedStyle(document.body).backgroundColor || "#fff";
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
    const blob = await new Promise((ok) => canvas.toBlob(ok, "image/png"));
    const a = document.createElement("a");
    a.href = URL.createObjectURL(blob); a.download = name;
    document.body.appendChild(a); a.click(); a.remove();
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** Fetches a file of the site as text (the text bundle); rejects on any failure. */
export async function fetchText(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.text();
}

/** Registers the service worker (offline support) when the page is served over http(s). */
export function registerServiceWorker(url) {
  if ("serviceWorker" in navigator && location.protocol.startsWith("http")) {
    navigator.serviceWorker.register(url).catch(() => {});
  }
}
