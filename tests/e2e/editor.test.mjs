// The editor's colours come from the Rust parser's tokens (pjsip_ide::highlight), so they agree
// with what Asterisk reads: a generated file's dashed banner is a plain comment and the lines
// after it keep their colours; edits recolour as the user types; lines scrolled into view are
// coloured when they appear.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { useServerAndBrowser, openPage, screenshot } from './harness.mjs';

const env = useServerAndBrowser({ before, after });

/** A page whose saved work is `text` (as pjsip.conf), with console problems recorded. */
async function openWith(text, viewport = { width: 1280, height: 800 }) {
  const opened = await openPage(env().browser, env().server.url, { viewport, text });
  await opened.page.locator('.cm-content').waitFor();
  await opened.page.getByTestId('diagnostic-summary').waitFor();
  return opened;
}

/** Each coloured piece of the editor line holding `text`: [class without tok-, text]. */
async function colours(page, text) {
  return page.evaluate((wanted) => {
    const line = [...document.querySelectorAll('.cm-line')].find((l) => l.textContent === wanted);
    if (!line) return null;
    return [...line.querySelectorAll('[class^="tok-"]')].map((el) => [el.className.replace(/^tok-/, ''), el.textContent]);
  }, text);
}

const BANNER = ';--------------------------------------------------------------------------------;';
const GENERATED = [
  BANNER,
  '; This file is written by a configuration generator; edit the generator instead.',
  BANNER,
  '',
  '[transport-udp]',
  'type=transport',
  'protocol=udp',
  'bind=0.0.0.0 ; all interfaces',
  '',
  '[6001](!)',
  'type=endpoint',
  'context=from-internal',
  '#include "extra.conf"',
  '',
].join('\n');

test("a generated file's dashed banner is a comment and the lines after it keep their colours", async () => {
  const { page, problems, context } = await openWith(GENERATED);
  await page.locator('.cm-line .tok-section').first().waitFor();
  assert.deepEqual(await colours(page, BANNER), [['comment', BANNER]]);
  assert.deepEqual(await colours(page, '[transport-udp]'), [['section', '[transport-udp]']]);
  assert.deepEqual(await colours(page, 'type=transport'), [['key', 'type'], ['operator', '='], ['value', 'transport']]);
  assert.deepEqual(await colours(page, 'bind=0.0.0.0 ; all interfaces'),
    [['key', 'bind'], ['operator', '='], ['value', '0.0.0.0'], ['comment', '; all interfaces']]);
  assert.deepEqual(await colours(page, '[6001](!)'), [['section', '[6001]'], ['template', '(!)']]);
  assert.deepEqual(await colours(page, '#include "extra.conf"'), [['directive', '#include'], ['directive-argument', '"extra.conf"']]);
  // Nothing after the banner is greyed out as a comment.
  const commented = await page.evaluate(() => [...document.querySelectorAll('.cm-line')].slice(3)
    .filter((l) => l.textContent.trim() && l.querySelector('.tok-comment')?.textContent === l.textContent).map((l) => l.textContent));
  assert.deepEqual(commented, []);
  await screenshot(page, 'editor-banner-colours');
  assert.deepEqual(problems, []);
  await context.close();
});

test('colours follow each edit: a line commented out, nested block comments opened and closed', async () => {
  const { page, problems, context } = await openWith(GENERATED);
  await page.locator('.cm-line .tok-section').first().waitFor();
  // Comment out `protocol=udp` by typing `;` at its start.
  await page.locator('.cm-line', { hasText: /^protocol=udp$/ }).click();
  await page.keyboard.press('Home');
  await page.keyboard.type(';');
  await page.waitForFunction(() => [...document.querySelectorAll('.cm-line')].some((l) => l.textContent === ';protocol=udp' && l.querySelector('.tok-comment')?.textContent === ';protocol=udp'));
  // After a line comment, `;--` is part of the comment and opens nothing, as in Asterisk.
  await page.locator('.cm-line', { hasText: 'bind=0.0.0.0' }).click();
  await page.keyboard.press('End');
  await page.keyboard.type(' ;--');
  await page.waitForFunction(() => [...document.querySelectorAll('.cm-line')].some((l) => l.textContent.endsWith('interfaces ;--')));
  await page.waitForTimeout(100);
  assert.deepEqual(await colours(page, 'type=endpoint'), [['key', 'type'], ['operator', '='], ['value', 'endpoint']]);
  // Opened after code, it comments out the lines below up to where it is closed.
  await page.locator('.cm-line', { hasText: /^type=transport$/ }).click();
  await page.keyboard.press('End');
  await page.keyboard.type(' ;--');
  await page.waitForFunction(() => [...document.querySelectorAll('.cm-line')].find((l) => l.textContent === 'type=endpoint')?.querySelector('.tok-comment'));
  assert.deepEqual(await colours(page, 'context=from-internal'), [['comment', 'context=from-internal']]);
  // Block comments nest: the `;--` left on the bind line opened a second level inside the
  // first, so one `--;` is not enough.
  await page.locator('.cm-line', { hasText: 'type=endpoint' }).click();
  await page.keyboard.press('End');
  await page.keyboard.type(' --;');
  await page.waitForFunction(() => [...document.querySelectorAll('.cm-line')].some((l) => l.textContent === 'type=endpoint --;'));
  await page.waitForTimeout(100);
  assert.deepEqual(await colours(page, 'context=from-internal'), [['comment', 'context=from-internal']]);
  await page.keyboard.type(' --;');
  await page.waitForFunction(() => [...document.querySelectorAll('.cm-line')].find((l) => l.textContent === 'context=from-internal')?.querySelector('.tok-key'));
  assert.deepEqual(await colours(page, 'context=from-internal'), [['key', 'context'], ['operator', '='], ['value', 'from-internal']]);
  assert.deepEqual(problems, []);
  await context.close();
});

test('lines scrolled into view are coloured', async () => {
  let text = BANNER + '\n';
  for (let n = 0; n < 2000; n++) text += `[${7000 + n}]\ntype=aor\nmax_contacts=1\n\n`;
  const { page, problems, context } = await openWith(text);
  await page.locator('.cm-line .tok-section').first().waitFor();
  await page.locator('.cm-content').click();
  await page.keyboard.press('Control+End');
  await page.waitForFunction(() => [...document.querySelectorAll('.cm-line')].some((l) => l.textContent === '[8999]' && l.querySelector('.tok-section')));
  assert.deepEqual(await colours(page, '[8999]'), [['section', '[8999]']]);
  assert.deepEqual(await colours(page, 'max_contacts=1'), [['key', 'max_contacts'], ['operator', '='], ['value', '1']]);
  assert.deepEqual(problems, []);
  await context.close();
});
