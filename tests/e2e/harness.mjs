// Shared set-up for the end-to-end tests: a static server for dist/ and Debian's Chromium.
//
// The server is Node's own http module (no extra dependency); the browser is /usr/bin/chromium
// driven by playwright-core, which never downloads a browser of its own.
import { createServer } from 'node:http';
import { readFile, mkdir } from 'node:fs/promises';
import { extname, join, normalize, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
export const root = join(here, '..', '..');
export const dist = process.env.PJSIP_LAB_DIST ?? join(root, 'dist');
export const outputDir = join(here, 'output');

const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.conf': 'text/plain; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.webmanifest': 'application/manifest+json',
};

/** Serves dist/ on a free loopback port. Returns { url, close }. */
export async function serveDist() {
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    const file = normalize(join(dist, path.endsWith('/') ? path + 'index.html' : path));
    if (!file.startsWith(dist)) {
      res.writeHead(403).end();
      return;
    }
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((r) => server.close(r)) };
}

/** Launches Debian's Chromium headless with the flags this machine needs. */
export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * Makes the pages of `context` start with `text` as the saved `pjsip.conf` — once per tab, so a
 * reload keeps what the page saved since.
 */
export async function seedWorkspace(context, text) {
  await context.addInitScript((json) => {
    if (!sessionStorage.getItem('seeded')) {
      localStorage.setItem('pjsip-lab/v2/workspace', json);
      sessionStorage.setItem('seeded', '1');
    }
  }, JSON.stringify({ files: [{ name: 'pjsip.conf', text }] }));
}

/**
 * A fresh page at `url` that records console errors/warnings, page errors and the path of every
 * request from the first one on. `text`, when given, is the saved work it starts with.
 */
export async function openPage(browser, url, { viewport = { width: 1280, height: 800 }, text } = {}) {
  const context = await browser.newContext({ viewport });
  if (text !== undefined) await seedWorkspace(context, text);
  const page = await context.newPage();
  const problems = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error' || msg.type() === 'warning') problems.push(`${msg.type()}: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  const requested = [];
  page.on('request', (r) => requested.push(new URL(r.url()).pathname));
  await page.goto(url);
  return { context, page, problems, requested };
}

export async function screenshot(page, name) {
  await mkdir(outputDir, { recursive: true });
  const path = join(outputDir, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/**
 * Registers node:test `before`/`after` hooks that start the static server and the browser once
 * for a test file. Returns a getter: `const env = useServerAndBrowser(); … env().server.url`.
 */
export function useServerAndBrowser({ before, after }) {
  const env = {};
  before(async () => {
    env.server = await serveDist();
    env.browser = await launch();
  });
  after(async () => {
    await env.browser?.close();
    await env.server?.close();
  });
  return () => env;
}
