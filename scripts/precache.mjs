// Trunk post_build hook: writes sw.js into the staging directory with the list of every file
// of the build (so the first visit caches the whole app) and a version hash of their contents.
import { readFileSync, writeFileSync, readdirSync, statSync } from "node:fs";
import { createHash } from "node:crypto";
import { join, relative, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) throw new Error("TRUNK_STAGING_DIR is not set: run this as a Trunk post_build hook");

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

// The views that load on first use (pjsip-lab-views*) are cached when first fetched, not
// precached: a first visit must not download them.
const files = walk(staging).filter((p) => !p.endsWith("sw.js") && !relative(staging, p).startsWith("pjsip-lab-views")).sort();
const hash = createHash("sha256");
for (const f of files) hash.update(relative(staging, f)).update(readFileSync(f));
const urls = ["./", ...files.map((f) => "./" + relative(staging, f).split("\\").join("/"))];
const template = readFileSync(join(root, "web/sw.js"), "utf8");
const sw = template.replace("__VERSION__", hash.digest("hex").slice(0, 16)).replace("__PRECACHE__", JSON.stringify(urls));
writeFileSync(join(staging, "sw.js"), sw);
console.log(`[precache] sw.js lists ${urls.length} files`);
