// Bundles web/js/editor.js (CodeMirror + browser helpers) into web/js/editor.bundle.js, the ES
// module the Rust app imports with #[wasm_bindgen(module = ...)]. Run by setup.sh and by Trunk's
// pre_build hook. Writes the file only when its content changed: an unconditional write would
// make `trunk serve` see a change and rebuild forever.
import { build } from "esbuild";
import { readFileSync, writeFileSync, existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "web/js/editor.bundle.js");
const result = await build({
  entryPoints: [join(root, "web/js/editor.js")],
  bundle: true,
  format: "esm",
  minify: true,
  target: "es2022",
  legalComments: "none",
  write: false,
  logLevel: "warning",
});
const code = result.outputFiles[0].text;
if (!existsSync(out) || readFileSync(out, "utf8") !== code) {
  writeFileSync(out, code);
  console.log(`[bundle] wrote web/js/editor.bundle.js (${code.length} bytes)`);
}
