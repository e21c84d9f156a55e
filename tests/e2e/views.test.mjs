// Journeys through the diagram, the simulator, the reference and the explanation views.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { useServerAndBrowser, openPage, screenshot } from './harness.mjs';

const env = useServerAndBrowser({ before, after });

async function ready(page) {
  await page.locator('.cm-content').waitFor();
  await page.getByTestId('diagram-node').first().waitFor();
}

const node = (page, type, name) => page.locator(`[data-testid="diagram-node"][data-type="${type}"][data-name="${name}"]`);

test('the diagram shows the objects and references; hover lights a neighbourhood, click jumps to the section', async () => {
  const { page, problems, context } = await openPage(env().browser, env().server.url);
  await page.setViewportSize({ width: 1600, height: 900 });
  await ready(page);
  // The trunk example: endpoint → aor, outbound_auth, default transport; identify → endpoint.
  for (const [type, name] of [['endpoint', 'mytrunk'], ['aor', 'mytrunk'], ['auth', 'mytrunk'], ['identify', 'mytrunk'], ['registration', 'mytrunk'], ['transport', 'transport-udp']]) {
    assert.equal(await node(page, type, name).count(), 1, `${type}/${name}`);
  }
  const edge = (from, to, kind) => page.locator(`path[data-from="${from}"][data-to="${to}"][data-kind="${kind}"]`);
  assert.equal(await edge('endpoint/mytrunk', 'aor/mytrunk', 'aors').count(), 1);
  assert.equal(await edge('endpoint/mytrunk', 'auth/mytrunk', 'outbound_auth').count(), 1);
  assert.equal(await edge('identify/mytrunk', 'endpoint/mytrunk', 'endpoint').count(), 1);

  await node(page, 'aor', 'mytrunk').hover();
  await page.waitForFunction(() => document.querySelectorAll('.pjsip-erd.live .node.dim').length > 0);
  assert.equal(await node(page, 'aor', 'mytrunk').evaluate((el) => el.classList.contains('dim')), false);
  assert.equal(await node(page, 'endpoint', 'mytrunk').evaluate((el) => el.classList.contains('dim')), false, 'a neighbour stays lit');
  assert.equal(await node(page, 'transport', 'transport-udp').evaluate((el) => el.classList.contains('dim')), true, 'others dim');
  await screenshot(page, 'diagram-hover');

  await node(page, 'identify', 'mytrunk').click();
  assert.equal(await node(page, 'identify', 'mytrunk').evaluate((el) => el.classList.contains('selected')), true);
  const line = await page.evaluate(() => {
    const sel = window.getSelection();
    return sel.anchorNode ? (sel.anchorNode.textContent || '') : '';
  });
  assert.match(line, /\[mytrunk\]/);
  // The cursor is in the identify section now: its node is marked as current.
  await page.waitForFunction(() => document.querySelector('[data-testid="diagram-node"][data-type="identify"]').classList.contains('current'));
  // The "?" opens the explainer of the selected type.
  await page.getByTestId('diagram-help').click();
  await page.getByTestId('type-explainer').waitFor();
  assert.match(await page.getByTestId('type-explainer').textContent(), /type=identify/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a missing reference is a ghost node; focus, search and export work', async () => {
  const { page, problems, context } = await openPage(env().browser, env().server.url);
  await page.setViewportSize({ width: 1600, height: 900 });
  await ready(page);
  await page.locator('.cm-content').click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type('\n[6001]\ntype=endpoint\naors=nowhere\n');
  await page.locator('[data-testid="diagram-node"][data-name="nowhere"][data-state="ghost"]').waitFor();
  assert.equal(await page.locator('path[data-from="endpoint/6001"][data-to="aor/nowhere"]').getAttribute('class'), 'edge edge-error');

  await page.getByTestId('diagram-search').fill('6001');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="diagram-node"]').length <= 3);
  await page.getByTestId('diagram-search').fill('');
  await node(page, 'endpoint', '6001').click();
  await page.getByTestId('diagram-focus').click();
  await page.waitForFunction(() => !document.querySelector('[data-testid="diagram-node"][data-type="identify"]'));
  await screenshot(page, 'diagram-focus');
  await page.getByTestId('diagram-focus').click();

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-svg').click()]);
  const svg = await readFile(await download.path(), 'utf8');
  assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  assert.match(svg, /data-type="endpoint" data-name="6001"/);
  const [png] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-png').click()]);
  const bytes = await readFile(await png.path());
  assert.equal(bytes.subarray(1, 4).toString(), 'PNG');
  assert.deepEqual(problems, []);
  await context.close();
});

test('the simulator runs presets and explains each answer, pointing at the deciding lines', async () => {
  const { page, problems, context } = await openPage(env().browser, env().server.url);
  await page.setViewportSize({ width: 1600, height: 900 });
  await ready(page);
  await page.getByTestId('examples-button').click();
  await page.getByTestId('open-example-phone').click();
  await page.getByTestId('view-simulator').click();
  const presets = page.getByTestId('preset');
  await presets.first().waitFor();
  await presets.filter({ hasText: 'registers' }).click();
  await presets.filter({ hasText: 'Second phone' }).click();
  await presets.filter({ hasText: 'Unknown caller' }).click();
  const status = page.getByTestId('outcome-status');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="outcome-status"]').length === 3);
  const statuses = await status.allTextContents();
  assert.match(statuses[0], /^200/, 'the phone registers');
  assert.match(statuses[1], /^200/, 'remove_existing=yes replaces the first contact');
  assert.match(statuses[2], /^401/, 'an unknown caller is challenged');
  assert.match(await page.getByTestId('outcome').nth(2).textContent(), /No matching endpoint found/);
  // Open the trace of the first request and click its registrar step.
  await page.getByTestId('outcome').first().locator('summary').click();
  const step = page.getByTestId('outcome').first().getByTestId('trace-step').filter({ hasText: /AOR|registrar|contact/i }).first();
  await step.locator('button').click();
  await page.locator('.cm-deciding-line').first().waitFor();
  await screenshot(page, 'simulator-trace');
  // The requests are part of the saved (and shared) state.
  const saved = await page.evaluate(() => JSON.parse(localStorage.getItem('pjsip-lab/v2/workspace')));
  assert.equal(saved.requests.length, 3);
  assert.equal(saved.requests[0].method, 'REGISTER');
  assert.deepEqual(problems, []);
  await context.close();
});

test('the reference explains every option and the explanation view summarises the config', async () => {
  const { page, problems, context } = await openPage(env().browser, env().server.url);
  await ready(page);
  await page.getByTestId('view-reference').click();
  await page.getByTestId('reference-type').selectOption('aor');
  await page.getByTestId('reference-search').fill('max_contacts');
  const option = page.getByTestId('reference-option').filter({ hasText: /^max_contacts$/ });
  await option.waitFor();
  await page.getByTestId('view-summary').click();
  const items = page.getByTestId('summary-item');
  await items.first().waitFor();
  assert.match((await items.allTextContents()).join(' '), /trunk/i);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a lesson reproduces a failure, and its one-click fix makes the simulator succeed', async () => {
  const { page, problems, context } = await openPage(env().browser, env().server.url);
  await page.setViewportSize({ width: 1600, height: 900 });
  await ready(page);
  await page.getByTestId('view-lessons').click();
  await page.getByTestId('open-lesson-aor-no-max-contacts').click();
  const outcomes = page.getByTestId('lesson-outcomes');
  await outcomes.locator('.status').first().waitFor();
  assert.match(await outcomes.textContent(), /403.*has no configured max_contacts/s);
  // The Problems tab counts the validator's warning about it.
  assert.notEqual(await page.getByTestId('view-problems').locator('.badge').textContent(), '0');
  await screenshot(page, 'lesson-before');
  await page.getByTestId('apply-lesson-fix').click();
  await page.getByTestId('lesson-fixed').waitFor();
  await page.waitForFunction(() => document.querySelector('[data-testid="lesson-outcomes"] .status')?.textContent.startsWith('200'));
  await page.waitForFunction(() => document.querySelector('[data-testid="view-problems"] .badge').textContent === '0');
  await screenshot(page, 'lesson-after');
  assert.deepEqual(problems, []);
  await context.close();
});
