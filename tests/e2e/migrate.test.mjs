// The migration view (issue 15): it loads only when opened, converts a pasted sip.conf, ties each
// output line to the sip.conf lines it comes from, proves every device with the simulator, and
// opens the result in the playground.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { useServerAndBrowser, openPage, screenshot } from './harness.mjs';

const env = useServerAndBrowser({ before, after });

const SIP_CONF = `[general]
context=default
allowguest=no
register => 1234:secret@sip.provider.example/1234

[6001]
type=friend
host=dynamic
secret=pa55
context=internal
disallow=all
allow=ulaw
videosupport=yes

[trunk]
type=peer
host=203.0.113.10
context=from-trunk
insecure=port,invite
`;

test('sip.conf → convert → provenance → proof table → open in the playground; the code loads only when opened', async () => {
  const { page, problems, context, requested } = await openPage(env().browser, env().server.url);
  await page.locator('.cm-content').waitFor();
  await page.getByTestId('diagram-node').first().waitFor();
  assert.equal(requested.filter((p) => p.includes('pjsip-lab-views')).length, 0, 'the first visit does not fetch the migration module');

  await page.getByTestId('open-migrate').click();
  await page.getByTestId('migrate-view').waitFor();
  assert.ok(requested.some((p) => p.endsWith('pjsip-lab-views_bg.wasm')), 'opening the view fetches its module');

  await page.getByTestId('migrate-sip').fill(SIP_CONF);
  await page.getByTestId('migrate-convert').click();
  await page.getByTestId('migrate-results').waitFor();
  const summary = await page.getByTestId('migrate-summary').textContent();
  assert.match(summary, /4\/4 devices recognised by the simulator/, summary);
  assert.match(summary, /0 errors/, summary);

  // The proof: one row per device, verdicts written by the simulator.
  const rows = page.getByTestId('proof-row');
  assert.equal(await rows.count(), 4);
  const verdicts = (await rows.allTextContents()).join('\n');
  assert.match(verdicts, /recognised as endpoint 6001, authenticated, routed to context internal/);
  assert.match(verdicts, /recognised as endpoint trunk, routed to context from-trunk/);
  assert.equal(await page.locator('tr.proof-bad').count(), 0);

  // What is not carried over is listed with its reason.
  const unmapped = await page.getByTestId('unmapped-row').allTextContents();
  assert.ok(unmapped.some((r) => r.includes('videosupport')), unmapped.join('\n'));

  // Provenance: an output line lights the sip.conf line it comes from, and the reverse.
  const contextLine = page.getByTestId('output-line').filter({ hasText: 'context = internal' }).first();
  await contextLine.click();
  const lit = page.locator('[data-testid="input-line"].lit');
  await lit.first().waitFor();
  assert.deepEqual(await lit.locator('.mig-text').allTextContents(), ['context=internal']);
  await page.getByTestId('input-line').filter({ hasText: 'host=203.0.113.10' }).click();
  const litOut = (await page.locator('[data-testid="output-line"].lit .mig-text').allTextContents()).join('\n');
  assert.match(litOut, /203\.0\.113\.10/, litOut);
  await screenshot(page, 'migrate-view');

  // Open in the playground: the converted files replace the work (kept as a backup), the
  // dialog closes, and the editor shows pjsip.conf.
  await page.getByTestId('migrate-open').click();
  await page.getByTestId('migrate-dialog').waitFor({ state: 'hidden' });
  await page.waitForFunction(() => document.querySelector('.cm-content')?.textContent.includes('type = endpoint'));
  assert.ok(await page.getByTestId('restore-backup').isVisible(), 'the replaced work can be brought back');
  await page.getByTestId('diagram-node').filter({ hasText: 'trunk' }).first().waitFor();

  assert.deepEqual(problems, []);
  await context.close();
});
