// Browser benchmark of the release build (run `trunk build --release` first, or use
// scripts/bench.sh). In Debian's Chromium, it measures:
//   * full analysis (parse + resolve + check + the page's rows) inside the real wasm engine,
//     for configs of 100, 1,000 and 10,000 sections and for 10,000 phones + 50 trunks;
//   * keystroke → updated diagnostics latency in the running app (a key that changes the
//     diagnostics, timed from the keydown event to the problems summary changing, then a frame);
//   * the diagram layout in wasm when the app exports it.
// Prints a table and writes target/bench-browser.json. Timings are medians; nothing here is a
// test assertion.
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { serveDist, launch, root, seedWorkspace } from '../tests/e2e/harness.mjs';

/** `phones` phones (endpoint + aor + auth each) and `trunks` trunks (endpoint, aor, auth, registration, identify). */
export function config(phones, trunks = 0) {
  let text = '[transport-udp]\ntype=transport\nprotocol=udp\nbind=0.0.0.0\n\n' +
    '[phone](!)\ntype=endpoint\ncontext=from-internal\ndisallow=all\nallow=ulaw,alaw,g722\n' +
    'direct_media=no\nrtp_symmetric=yes\nforce_rport=yes\nrewrite_contact=yes\n\n';
  for (let n = 0; n < phones; n++) {
    const ext = 10000 + n;
    text += `[${ext}](phone)\nauth=${ext}\naors=${ext}\ncallerid="Phone ${ext}" <${ext}>\n\n` +
      `[${ext}]\ntype=aor\nmax_contacts=1\nremove_existing=yes\n\n` +
      `[${ext}]\ntype=auth\nauth_type=userpass\nusername=${ext}\npassword=secret-${ext}\n\n`;
  }
  for (let n = 0; n < trunks; n++) {
    const t = `trunk${n}`;
    const ip = `198.51.${100 + Math.floor(n / 200)}.${(n % 200) + 1}`;
    text += `[${t}]\ntype=endpoint\ncontext=from-${t}\ndisallow=all\nallow=ulaw\noutbound_auth=${t}\naors=${t}\n\n` +
      `[${t}]\ntype=aor\ncontact=sip:${ip}:5060\n\n` +
      `[${t}]\ntype=auth\nauth_type=userpass\nusername=${t}\npassword=pw-${t}\n\n` +
      `[${t}]\ntype=registration\noutbound_auth=${t}\nserver_uri=sip:${ip}\nclient_uri=sip:${t}@${ip}\n\n` +
      `[${t}]\ntype=identify\nendpoint=${t}\nmatch=${ip}\n\n`;
  }
  return text;
}

/** A config of about `sections` sections (3 per phone). */
const bySections = (sections) => config(Math.max(1, Math.round((sections - 2) / 3)));

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// BENCH_KEYS sets how many keys each keystroke measurement presses (more: steadier medians on
// a busy machine); BENCH_ONLY=keystroke skips the in-wasm timings.
const KEYS = Number(process.env.BENCH_KEYS ?? 12);
const ONLY = process.env.BENCH_ONLY ?? '';

async function keystrokeLatency(browser, url, text, keys = KEYS) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await seedWorkspace(context, text);
  const page = await context.newPage();
  await page.goto(url);
  await page.locator('.cm-content').waitFor();
  await page.getByTestId('diagnostic-summary').waitFor();
  await page.locator('.cm-content').click();
  await page.keyboard.press('Control+End');
  const times = [];
  // "x" on its own line is a syntax error; Backspace removes it again: every key changes the
  // diagnostics. The page starts waiting for the change, then the key is pressed.
  for (let i = 0; i < keys; i++) {
    const key = i % 2 === 0 ? 'x' : 'Backspace';
    const pending = page.evaluateHandle(() => new Promise((resolve) => {
      const summary = document.querySelector('[data-testid="diagnostic-summary"]');
      let start = 0;
      window.addEventListener('keydown', () => { start = performance.now(); }, { capture: true, once: true });
      const observer = new MutationObserver(() => {
        observer.disconnect();
        const updated = performance.now() - start;
        requestAnimationFrame(() => resolve([updated, performance.now() - start]));
      });
      observer.observe(summary, { childList: true, characterData: true, subtree: true });
    }));
    await page.waitForTimeout(30);
    await page.keyboard.press(key);
    times.push(await (await pending).jsonValue());
  }
  // The app puts its last analysis time on <html> (absent in older builds).
  const analysis = Number(await page.evaluate(() => document.documentElement.dataset.analysisMs ?? NaN));
  await context.close();
  return { updated: median(times.map((t) => t[0])), painted: median(times.map((t) => t[1])), analysis };
}

/** Analysis, diagram and simulation timed inside the wasm engine (the `bench` feature's exports). */
async function inWasm(browser, url, results) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForFunction(() => window.wasmBindings?.bench_analysis);
  for (const sections of [100, 1000, 10000]) {
    const text = bySections(sections);
    results.analysis_ms[`${sections} sections`] = await page.evaluate(([t]) => window.wasmBindings.bench_analysis(t, 7), [text]);
  }
  const big = config(10000, 50);
  results.analysis_ms['10,000 phones + 50 trunks'] = await page.evaluate(([t]) => window.wasmBindings.bench_analysis(t, 5), [big]);
  const hasDiagram = await page.evaluate(() => typeof window.wasmBindings.bench_diagram === 'function');
  if (hasDiagram) {
    for (const objects of [100, 1000, 10000]) {
      const text = config(Math.max(1, Math.round(objects / 3)));
      results.diagram_ms[`${objects} objects`] = await page.evaluate(([t]) => window.wasmBindings.bench_diagram(t, 5), [text]);
    }
  }
  results.simulate_ms = {
    'REGISTER on 10,000 phones': await page.evaluate(([t]) => window.wasmBindings.bench_simulate(t, '15000', 21), [config(10000)]),
  };
  await context.close();
}

/** Runs every measurement, prints the table and writes target/bench-browser.json. */
async function main() {
  const server = await serveDist();
  const browser = await launch();
  const results = { date: new Date().toISOString(), analysis_ms: {}, keystroke_ms: {}, diagram_ms: {} };
  try {
    if (ONLY !== 'keystroke') await inWasm(browser, server.url, results);
    for (const sections of [100, 1000, 10000]) {
      const { updated, painted, analysis } = await keystrokeLatency(browser, server.url, bySections(sections));
      results.keystroke_ms[`${sections} sections, DOM updated`] = updated;
      results.keystroke_ms[`${sections} sections, next frame`] = painted;
      if (!Number.isNaN(analysis)) results.keystroke_ms[`${sections} sections, last analysis`] = analysis;
    }
  } finally {
    await browser.close();
    await server.close();
  }
  const fmt = (o) => Object.entries(o).map(([k, v]) => `  ${k.padEnd(34)} ${v < 0.1 ? '< 0.1' : v.toFixed(1)} ms`).join('\n');
  console.log(`analysis in wasm (median):\n${fmt(results.analysis_ms)}`);
  console.log(`keystroke → diagnostics (median):\n${fmt(results.keystroke_ms)}`);
  if (results.simulate_ms) console.log(`simulation in wasm (median):\n${fmt(results.simulate_ms)}`);
  if (Object.keys(results.diagram_ms).length) console.log(`diagram layout in wasm (median):\n${fmt(results.diagram_ms)}`);
  mkdirSync(join(root, 'target'), { recursive: true });
  writeFileSync(join(root, 'target', 'bench-browser.json'), JSON.stringify(results, null, 2));
}

// Run when executed; importing the module (the end-to-end tests use `config`) runs nothing.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
