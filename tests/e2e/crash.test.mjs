// An internal error (a Rust panic) in the running app: the page must say so in plain words,
// offer the details for a bug report, and lose nothing — the work typed just before is back
// after the reload. The error is raised through a test-only export, the only way to cause one
// on purpose (nothing a user types or shares reaches it).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { useServerAndBrowser, openPage, screenshot } from './harness.mjs';

const env = useServerAndBrowser({ before, after });

test('an internal error shows a message, keeps the work, and a reload recovers', async () => {
  const { page, problems, context } = await openPage(env().browser, env().server.url);
  await page.locator('.cm-content').waitFor();
  await page.getByTestId('diagnostic-summary').waitFor();
  await page.locator('.cm-content').click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type('\n; typed just before the crash 4242\n');
  await page.waitForFunction(() => window.wasmBindings?.pjsip_lab_test_internal_error);
  // The export panics; with panic=abort the call then traps, which the page sees as an error.
  const thrown = await page.evaluate(() => {
    try {
      window.wasmBindings.pjsip_lab_test_internal_error();
      return null;
    } catch (e) {
      return String(e);
    }
  });
  assert.ok(thrown, 'the wasm call must fail');
  const message = page.getByTestId('internal-error-message');
  await message.waitFor();
  assert.match(await message.textContent(), /pjsip-lab hit an internal error; your work is saved — reload/);
  assert.match(await page.getByTestId('internal-error-details').textContent(), /deliberate internal error/);
  await screenshot(page, 'internal-error');
  const before = problems.length;
  assert.ok(before > 0, 'the panic is also logged to the console');
  await page.getByTestId('internal-error-reload').click();
  await page.locator('.cm-content').waitFor();
  await page.getByTestId('diagnostic-summary').waitFor();
  await page.waitForFunction(() => document.querySelector('.cm-content').textContent.includes('typed just before the crash 4242'));
  assert.equal(await page.getByTestId('internal-error').count(), 0);
  assert.deepEqual(problems.slice(before), [], 'the reloaded page is healthy');
  await context.close();
});
