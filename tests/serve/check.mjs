// The README's serve command, checked the way a new user meets it: the page `trunk serve`
// answers (a debug build) is opened in Debian's Chromium and used — editing, every view, the
// diagram — and must log no warning or error. Debug builds print Leptos' own warnings (a
// signal read outside a reactive context, …) that release builds compile out, so this is
// also the no-console-warnings journey for the debug build.
//
//   node tests/serve/check.mjs http://127.0.0.1:8080/
import assert from 'node:assert/strict';
import { launch, openPage } from '../e2e/harness.mjs';

const url = process.argv[2] ?? 'http://127.0.0.1:8080/';
const browser = await launch();
try {
  const { page, problems, context } = await openPage(browser, url);
  page.setDefaultTimeout(60_000);
  await page.locator('.cm-content').waitFor();
  await page.getByTestId('diagnostic-summary').waitFor();
  await page.getByTestId('diagram-panel').waitFor();
  // Edit: a typo the validator reports, which also changes the diagram.
  await page.locator('.cm-content').click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type('\n[6001]\ntype=Endpoint\naors=6001\n');
  await page.getByTestId('diagnostic-row').filter({ hasText: 'type/unknown' }).first().waitFor();
  // Every view once.
  for (const view of ['effective', 'simulator', 'lessons', 'reference', 'summary', 'problems']) {
    await page.getByTestId(`view-${view}`).click();
    await page.waitForTimeout(300);
  }
  // The diagram: hover and click a box, then focus.
  const box = page.locator('[data-testid="diagram-panel"] g.node').first();
  await box.waitFor();
  await box.hover();
  await box.click();
  await page.getByTestId('diagram-focus').click();
  await page.waitForTimeout(500);
  assert.deepEqual(problems, [], 'the debug build logged warnings or errors');
  await context.close();
  console.log(`serve check: ${url} answered with the app; no console warnings`);
} finally {
  await browser.close();
}
