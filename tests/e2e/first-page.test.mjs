// The first page: the trunk example is loaded, its sections are listed, and typing updates the
// section list and the diagnostics live.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch, openPage, screenshot } from './harness.mjs';

let server;
let browser;

before(async () => {
  server = await serveDist();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test('shows the trunk example and its sections', async () => {
  const { page, problems, context } = await openPage(browser, server.url);
  const rows = page.getByTestId('section-row');
  await rows.first().waitFor();
  assert.equal(await rows.count(), 6);
  const types = await page.locator('[data-testid="section-row"] td.type').allTextContents();
  assert.deepEqual(types, ['transport', 'registration', 'auth', 'aor', 'endpoint', 'identify']);
  assert.match(await page.getByTestId('editor').inputValue(), /type=registration/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('typing updates sections and diagnostics, and a reload keeps the text', async () => {
  const { page, problems, context } = await openPage(browser, server.url);
  const editor = page.getByTestId('editor');
  await page.getByTestId('section-row').first().waitFor();
  const summaryBefore = await page.getByTestId('diagnostic-summary').textContent();

  // Append a new section, typed key by key like a person would.
  await editor.click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type('\n[6001]\ntype=endpoint\n');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="section-row"]').length === 7);
  const last = page.getByTestId('section-row').last();
  assert.equal(await last.locator('td.name').textContent(), '6001');
  assert.equal(await last.locator('td.type').textContent(), 'endpoint');

  // Now break it: a header that inherits from a template that does not exist.
  await page.keyboard.type('[6002](missing-template)\n');
  const error = page.getByTestId('diagnostic-row').filter({ hasText: 'missing-template' });
  await error.first().waitFor();
  assert.match(await error.first().textContent(), /config\/missing-base-section/);
  assert.notEqual(await page.getByTestId('diagnostic-summary').textContent(), summaryBefore);
  await screenshot(page, 'first-page-with-error');

  // Clicking the diagnostic selects the offending text in the editor.
  await error.first().click();
  const selected = await editor.evaluate((el) => el.value.slice(el.selectionStart, el.selectionEnd));
  assert.equal(selected, 'missing-template');

  // Autosave: a reload restores exactly what was typed.
  const typed = await editor.inputValue();
  await page.reload();
  await page.getByTestId('section-row').first().waitFor();
  assert.equal(await page.getByTestId('editor').inputValue(), typed);
  assert.deepEqual(problems, []);
  await context.close();
});
