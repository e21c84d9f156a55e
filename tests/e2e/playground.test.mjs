// Journeys through the playground in Debian's Chromium: examples, editing with live
// diagnostics, quick fixes, completion, hover docs, share links (and hostile ones), autosave,
// offline use and the network rule (nothing but our own files is ever requested).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { deflateRawSync } from 'node:zlib';
import { useServerAndBrowser, openPage, screenshot } from './harness.mjs';

const env = useServerAndBrowser({ before, after });

/** The saved workspace, as the app autosaves it (the editor's own DOM is virtualised). */
async function saved(page) {
  return page.evaluate(() => JSON.parse(localStorage.getItem('pjsip-lab/v2/workspace')));
}

async function ready(page) {
  await page.locator('.cm-content').waitFor();
  await page.getByTestId('diagnostic-summary').waitFor();
}

/** Types at the end of the editor like a person would. */
async function typeAtEnd(page, text) {
  await page.locator('.cm-content').click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type(text);
}

test('opens an example from the gallery', async () => {
  const { page, problems, context } = await openPage(env().browser, env().server.url);
  await ready(page);
  await page.getByTestId('examples-button').click();
  const gallery = page.getByTestId('examples-gallery');
  assert.equal(await gallery.locator('.example-card').count(), 8);
  await screenshot(page, 'examples-gallery');
  await page.getByTestId('open-example-nat').click();
  await page.waitForFunction(() => document.querySelector('.cm-content').textContent.includes('local_net'));
  assert.match(await page.getByTestId('notice').textContent(), /Opened the example/);
  // Only hints (a transport edit needs a restart): no errors, no warnings.
  assert.match(await page.getByTestId('diagnostic-summary').textContent(), /^(No problems found|0 errors, 0 warnings, \d+ hints?)$/);
  assert.match((await saved(page)).files[0].text, /external_media_address=203\.0\.113\.20/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('typing shows diagnostics inline and in the list; a quick fix repairs the config', async () => {
  const { page, problems, context } = await openPage(env().browser, env().server.url);
  await ready(page);
  await typeAtEnd(page, '\n[6001]\ntype=Endpoint\n');
  const row = page.getByTestId('diagnostic-row').filter({ hasText: 'type/unknown' });
  await row.first().waitFor();
  await page.locator('.cm-lintRange-warning, .cm-lintRange-error').first().waitFor();
  await screenshot(page, 'diagnostic-inline');
  await row.first().getByTestId('quick-fix').click();
  await page.waitForFunction(() => JSON.parse(localStorage.getItem('pjsip-lab/v2/workspace')).files[0].text.includes('type=endpoint'));
  await page.waitForFunction(() => ![...document.querySelectorAll('[data-testid="diagnostic-row"]')].some((r) => r.textContent.includes('type/unknown')));
  // The fix is one undoable editor change.
  await page.keyboard.press('Control+z');
  await page.waitForFunction(() => JSON.parse(localStorage.getItem('pjsip-lab/v2/workspace')).files[0].text.includes('type=Endpoint'));
  assert.deepEqual(problems, []);
  await context.close();
});

test('clicking a diagnostic moves the editor to it', async () => {
  const { page, problems, context } = await openPage(env().browser, env().server.url);
  await ready(page);
  await typeAtEnd(page, '\n[6002](missing-template)\n');
  const row = page.getByTestId('diagnostic-row').filter({ hasText: 'missing-template' });
  await row.first().waitFor();
  await page.locator('.cm-content').click({ position: { x: 5, y: 5 } });
  await row.first().click();
  const selected = await page.evaluate(() => window.getSelection().toString());
  assert.equal(selected, 'missing-template');
  assert.deepEqual(problems, []);
  await context.close();
});

test('completion offers the options of the section type, and hover explains them', async () => {
  const { page, problems, context } = await openPage(env().browser, env().server.url);
  await ready(page);
  await typeAtEnd(page, '\n[office]\ntype=aor\nmax_con');
  const popup = page.locator('.cm-tooltip-autocomplete');
  await popup.waitFor();
  assert.match(await popup.textContent(), /max_contacts/);
  // CodeMirror ignores Enter for a moment after the list opens (so fast typists don't accept by accident).
  await page.waitForTimeout(200);
  await page.keyboard.press('Enter');
  await page.keyboard.type('2');
  await page.waitForFunction(() => JSON.parse(localStorage.getItem('pjsip-lab/v2/workspace')).files[0].text.endsWith('max_contacts=2'));
  // Hover over an option name of the example.
  const key = page.locator('.cm-line', { hasText: 'retry_interval=60' }).locator('.tok-key');
  await key.hover();
  const doc = page.locator('.cm-hover-doc');
  await doc.waitFor();
  assert.match(await doc.textContent(), /registration\.retry_interval/);
  await screenshot(page, 'hover-doc');
  assert.deepEqual(problems, []);
  await context.close();
});

test('a share link restores the same state in a fresh browser, secrets stripped by default', async () => {
  const { page, problems, context } = await openPage(env().browser, env().server.url);
  await ready(page);
  await page.getByTestId('version-select').selectOption('20');
  await typeAtEnd(page, '\n; shared ünïcode ✓\n');
  // A simulator request and the selected view are part of the shared state too.
  await page.getByTestId('view-simulator').click();
  await page.getByTestId('preset').first().click();
  await page.getByTestId('request').first().waitFor();
  await page.getByTestId('share-button').click();
  const strip = page.getByTestId('strip-secrets');
  assert.equal(await strip.isChecked(), true);
  const link = page.getByTestId('share-link');
  await link.waitFor();
  const stripped = await link.inputValue();
  assert.match(stripped, /#v1[A-Za-z0-9_-]+$/);
  assert.match(await page.getByTestId('share-length').textContent(), /secret value/);
  await strip.uncheck();
  await page.waitForFunction((old) => document.querySelector('[data-testid="share-link"]')?.value !== old, stripped);
  const full = await link.inputValue();
  const mine = await saved(page);
  await screenshot(page, 'share-panel');

  const fresh = await openPage(env().browser, full);
  await fresh.page.locator('.cm-content').waitFor();
  await fresh.page.waitForFunction(() => localStorage.getItem('pjsip-lab/v2/workspace')?.includes('shared ünïcode'));
  assert.deepEqual(await saved(fresh.page), mine);
  assert.equal(await fresh.page.getByTestId('version-select').inputValue(), '20');
  assert.equal((await saved(fresh.page)).requests.length, 1);
  assert.equal(await fresh.page.getByTestId('view-simulator').getAttribute('aria-selected'), 'true');
  await fresh.page.getByTestId('outcome-status').first().waitFor();
  assert.equal(new URL(fresh.page.url()).hash, '', 'the fragment is cleared once opened');
  await fresh.context.close();

  const other = await openPage(env().browser, stripped);
  await other.page.locator('.cm-content').waitFor();
  await other.page.waitForFunction(() => localStorage.getItem('pjsip-lab/v2/workspace')?.includes('shared ünïcode'));
  const text = (await saved(other.page)).files[0].text;
  assert.match(text, /password=REDACTED/);
  assert.doesNotMatch(text, /password=1234567890/);
  await other.context.close();
  assert.deepEqual(problems, []);
  assert.deepEqual(fresh.problems, []);
  await context.close();
});

test('opening a link never silently overwrites unsaved work', async () => {
  const { page, problems, context } = await openPage(env().browser, env().server.url);
  await ready(page);
  await typeAtEnd(page, '\n; my own work\n');
  await page.getByTestId('examples-button').click();
  await page.getByTestId('open-example-phone').click();
  await page.getByTestId('share-button').click();
  const link = await page.getByTestId('share-link').inputValue();
  await page.keyboard.press('Escape');
  await page.getByTestId('restore-backup').click();
  await page.waitForFunction(() => localStorage.getItem('pjsip-lab/v2/workspace').includes('my own work'));

  await page.goto(link);
  await ready(page);
  await page.getByTestId('open-shared').waitFor();
  await page.getByTestId('keep-mine').click();
  assert.match((await saved(page)).files[0].text, /my own work/);

  await page.goto(link);
  await page.getByTestId('open-shared').click();
  await page.waitForFunction(() => localStorage.getItem('pjsip-lab/v2/workspace').includes('ChangeMe-6001') || localStorage.getItem('pjsip-lab/v2/workspace').includes('REDACTED'));
  assert.doesNotMatch((await saved(page)).files[0].text, /my own work/);
  await page.getByTestId('restore-backup').click();
  await page.waitForFunction(() => localStorage.getItem('pjsip-lab/v2/workspace').includes('my own work'));
  assert.deepEqual(problems, []);
  await context.close();
});

test('hostile links get a clear message and never break the page', async () => {
  const bomb = deflateRawSync(Buffer.alloc(64 * 1024 * 1024, 0x61), { level: 9 }).toString('base64url');
  const notJson = deflateRawSync(Buffer.from('this is not json')).toString('base64url');
  const cases = [
    ['#v1!!!', /base64url/],
    ['#v1AAAA', /damaged|not a pjsip-lab state/],
    [`#v1${bomb}`, /expands to more than/],
    [`#v1${notJson}`, /not a pjsip-lab state/],
    ['#v9abc', /not made by this version/],
    [`#v1${'A'.repeat(1600 * 1024)}`, /more than this page accepts/],
  ];
  for (const [fragment, message] of cases) {
    const { page, problems, context } = await openPage(env().browser, env().server.url + fragment);
    await ready(page);
    const notice = page.getByTestId('notice');
    await notice.waitFor();
    assert.match(await notice.textContent(), message, fragment.slice(0, 20));
    // The page still works: the example is there and typing still analyses.
    await typeAtEnd(page, '\n[x]\ntype=nonsense\n');
    await page.getByTestId('diagnostic-row').filter({ hasText: 'type/unknown' }).first().waitFor();
    if (fragment === '#v1!!!') await screenshot(page, 'hostile-link');
    assert.deepEqual(problems, []);
    await context.close();
  }
});

test('a reload keeps the work, and reset asks first', async () => {
  const { page, problems, context } = await openPage(env().browser, env().server.url);
  await ready(page);
  await typeAtEnd(page, '\n; keep me\n');
  await page.waitForFunction(() => localStorage.getItem('pjsip-lab/v2/workspace').includes('keep me'));
  await page.reload();
  await ready(page);
  await page.waitForFunction(() => document.querySelector('.cm-content').textContent.includes('keep me'));
  page.once('dialog', (d) => d.dismiss());
  await page.getByTestId('reset-button').click();
  assert.match((await saved(page)).files[0].text, /keep me/);
  page.once('dialog', (d) => d.accept());
  await page.getByTestId('reset-button').click();
  await page.waitForFunction(() => !localStorage.getItem('pjsip-lab/v2/workspace').includes('keep me'));
  assert.deepEqual(problems, []);
  await context.close();
});

test('only its own files are requested, and it works offline after the first visit', async () => {
  const context = await env().browser.newContext();
  const page = await context.newPage();
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(env().server.url);
  await ready(page);
  await page.evaluate(() => navigator.serviceWorker.ready);
  for (const url of requests) assert.ok(url.startsWith(env().server.url), `unexpected request to ${url}`);
  await context.setOffline(true);
  await page.reload();
  await ready(page);
  assert.match(await page.getByTestId('diagnostic-summary').textContent(), /problem|error|warning|hint/);
  await context.close();
});

test('fits a phone screen and every control is reachable by keyboard', async () => {
  const context = await env().browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  await page.goto(env().server.url);
  await ready(page);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `page is ${overflow}px wider than the screen`);
  await screenshot(page, 'phone-screen');
  // Every button and form control has an accessible name.
  const unnamed = await page.evaluate(() =>
    [...document.querySelectorAll('button, select, input, [role=separator]')]
      .filter((el) => !(el.getAttribute('aria-label') || el.textContent.trim() || el.closest('label')))
      .map((el) => el.outerHTML.slice(0, 80)));
  assert.deepEqual(unnamed, []);
  await context.close();
});

test('the divider between editor and panels resizes with the keyboard', async () => {
  const { page, problems, context } = await openPage(env().browser, env().server.url);
  await ready(page);
  const splitter = page.getByRole('separator', { name: 'Resize the editor' });
  const before = Number(await splitter.getAttribute('aria-valuenow'));
  await splitter.focus();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  assert.equal(Number(await splitter.getAttribute('aria-valuenow')), before + 4);
  assert.deepEqual(problems, []);
  await context.close();
});

test('an #include of a missing file offers a tab for it, and the included file is analysed', async () => {
  const { page, problems, context } = await openPage(env().browser, env().server.url);
  await ready(page);
  await typeAtEnd(page, '\n#include "phones.conf"\n');
  await page.getByTestId('create-included').click();
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="file-tab"]')].some((t) => t.textContent === 'phones.conf'));
  await page.locator('.cm-content').click();
  await page.keyboard.type('[7001]\ntype=endpoint\naors=missing-aor\n');
  const row = page.getByTestId('diagnostic-row').filter({ hasText: 'missing-aor' });
  await row.first().waitFor();
  assert.match(await row.first().textContent(), /phones\.conf:3/);
  const saved = await page.evaluate(() => JSON.parse(localStorage.getItem('pjsip-lab/v2/workspace')));
  assert.deepEqual(saved.files.map((f) => f.name), ['pjsip.conf', 'phones.conf']);
  assert.deepEqual(problems, []);
  await context.close();
});
