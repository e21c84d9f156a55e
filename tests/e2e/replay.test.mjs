// The trace replay view (issue 14 §1): it loads only when opened; a capture or a logger dump
// recorded from a real Asterisk 22.10.1 (crates/pjsip-trace/tests/fixtures, with the
// configuration that Asterisk ran) replays through the playground's configuration, one row per
// request with both answers and the simulator's steps; the trace goes into neither the saved work
// nor a share link.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { useServerAndBrowser, openPage, root, screenshot } from './harness.mjs';

const env = useServerAndBrowser({ before, after });
const fixtures = join(root, 'crates/pjsip-trace/tests/fixtures');
const CASE = JSON.parse(readFileSync(join(fixtures, 'auth-methods-001.json'), 'utf8'));
const LOG = readFileSync(join(fixtures, 'auth-methods-001.log'), 'utf8');
// A digest answer from the trace: it must not end up anywhere the app keeps or shares.
const RESPONSE = LOG.match(/response="([0-9a-f]+)"/)[1];

async function open() {
  const opened = await openPage(env().browser, env().server.url, {
    viewport: { width: 1440, height: 900 },
    text: CASE.files['pjsip.conf'],
  });
  await opened.page.locator('.cm-content').waitFor();
  await opened.page.getByTestId('diagnostic-summary').waitFor();
  return opened;
}

/** Each row: [our answer, the PBX's answer, mark]. */
async function rows(page) {
  return page.getByTestId('replay-row').evaluateAll((els) => els.map((el) => [
    el.querySelector('[data-testid="replay-ours"]').textContent,
    el.querySelector('[data-testid="replay-theirs"]').textContent,
    el.querySelector('[data-testid="replay-mark"]').textContent,
  ]));
}

function assertRows(found) {
  // Twenty requests (two ACKs belong to their INVITEs), each with both answers.
  assert.equal(found.length, 20);
  for (const [ours, theirs, mark] of found) {
    assert.match(ours, /^this configuration: \d{3} /);
    assert.match(theirs, /^your PBX: \d{3} /);
    const same = ours.split(': ')[1].slice(0, 3) === theirs.split(': ')[1].slice(0, 3);
    assert.equal(mark, same ? 'same' : 'differs');
  }
  // The configuration is the one that Asterisk ran: most answers agree.
  assert.ok(found.filter((r) => r[2] === 'same').length >= 16, JSON.stringify(found));
}

test('a capture and a logger dump replay through the configuration; the code loads only when opened', async () => {
  const { page, problems, context, requested } = await open();
  assert.equal(requested.filter((p) => p.includes('pjsip-lab-views')).length, 0, 'the first visit does not fetch the views module');
  await page.getByTestId('open-replay').click();
  await page.getByTestId('replay-view').waitFor();

  // A pcap written by `pjsip set logger pcap`.
  await page.getByTestId('replay-file').setInputFiles(join(fixtures, 'auth-methods-001.pcap'));
  await page.getByTestId('replay-results').waitFor();
  assert.match(await page.getByTestId('replay-summary').textContent(), /^20 request\(s\) replayed; \d+ of the 20/);
  assertRows(await rows(page));
  const first = await rows(page);

  // Each row opens the simulator's steps for that request.
  const row = page.getByTestId('replay-row').first();
  await row.locator('summary').click();
  assert.ok(await row.getByTestId('replay-steps').locator('li').count() >= 2);
  assert.match(await row.textContent(), /endpoint 6001/);
  await screenshot(page, 'replay-view');

  // The same exchange as `pjsip set logger on` prints it, pasted, gives the same rows.
  const run = await page.getByTestId('replay-results').getAttribute('data-run');
  await page.getByTestId('replay-text').fill(LOG);
  await page.getByTestId('replay-run').click();
  await page.waitForFunction((old) => document.querySelector('[data-testid="replay-results"]')?.dataset.run !== old, run);
  // A new replay is drawn afresh: its rows start closed.
  assert.equal(await page.locator('[data-testid="replay-row"] details[open]').count(), 0);
  assert.deepEqual(await rows(page), first);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a trace is neither saved with the work nor part of a share link', async () => {
  const { page, problems, context } = await open();
  await page.getByTestId('share-button').click();
  const before = await page.getByTestId('share-link').inputValue();
  await page.getByTestId('share-button').click();
  await page.getByTestId('open-replay').click();
  await page.getByTestId('replay-text').fill(LOG);
  await page.getByTestId('replay-run').click();
  await page.getByTestId('replay-results').waitFor();
  await page.getByTestId('close-replay').click();
  await page.getByTestId('share-button').click();
  await page.getByTestId('share-link').waitFor();
  await page.waitForTimeout(200);
  assert.equal(await page.getByTestId('share-link').inputValue(), before);
  const stored = await page.evaluate(() => Object.keys(localStorage).map((k) => localStorage.getItem(k)).join('\n'));
  assert.ok(!stored.includes(RESPONSE), 'the digest answer is not stored');
  assert.deepEqual(problems, []);
  await context.close();
});

test('text that holds no SIP message says so', async () => {
  const { page, problems, context } = await open();
  await page.getByTestId('open-replay').click();
  await page.getByTestId('replay-text').fill('just some words\nand no SIP at all\n');
  await page.getByTestId('replay-run').click();
  assert.match(await page.getByTestId('replay-problem').textContent(), /holds no SIP message/);
  assert.deepEqual(problems, []);
  await context.close();
});
