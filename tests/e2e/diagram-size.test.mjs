// The diagram must be readable where it is drawn: at the default window size (1440×900) and on
// a phone, the text of its boxes is drawn at least 11 px high for configurations of up to 50
// objects (bigger ones are panned or focused rather than shrunk). The size measured is the
// font size times the scale the SVG is drawn at, and the height of the drawn text.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { useServerAndBrowser, openPage, screenshot } from './harness.mjs';
import { config } from '../../scripts/bench-browser.mjs';

const env = useServerAndBrowser({ before, after });

async function open(viewport, text) {
  const opened = await openPage(env().browser, env().server.url, { viewport, text });
  await opened.page.getByTestId('diagram-node').first().waitFor();
  // Boxes move into place with a short transition.
  await opened.page.waitForTimeout(600);
  return opened;
}

/** Every box text: its drawn font size (px) and the height of its box on screen (px). */
async function labels(page) {
  return page.evaluate(() => [...document.querySelectorAll('.pjsip-erd.live [data-testid="diagram-node"] text')].map((t) => ({
    text: t.textContent,
    size: parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a,
    height: t.getBoundingClientRect().height,
  })));
}

/** How many boxes lie wholly inside the drawing area. */
async function boxesInView(page) {
  return page.evaluate(() => {
    const area = document.querySelector('.pjsip-erd.live').getBoundingClientRect();
    return [...document.querySelectorAll('[data-testid="diagram-node"] rect')].filter((r) => {
      const b = r.getBoundingClientRect();
      return b.left >= area.left - 1 && b.right <= area.right + 1 && b.top >= area.top - 1 && b.bottom <= area.bottom + 1;
    }).length;
  });
}

function assertReadable(found, where) {
  assert.ok(found.length > 0, `${where}: no box text`);
  const small = found.filter((l) => l.size < 11 || l.height < 11);
  assert.deepEqual(small, [], `${where}: text under 11 px`);
}

test('the trunk example is readable at the default window size, and whole', async () => {
  const { page, problems, context } = await open({ width: 1440, height: 900 });
  const found = await labels(page);
  assertReadable(found, '1440×900');
  console.log(`1440×900, trunk example: box text ${Math.min(...found.map((l) => l.size)).toFixed(1)} px`);
  // All seven boxes are on screen without panning.
  assert.equal(await boxesInView(page), await page.getByTestId('diagram-node').count());
  await screenshot(page, 'diagram-default-size');
  assert.deepEqual(problems, []);
  await context.close();
});

test('on a phone the diagram is readable too', async () => {
  const { page, problems, context } = await open({ width: 390, height: 844 });
  await page.getByTestId('diagram-panel').scrollIntoViewIfNeeded();
  const found = await labels(page);
  assertReadable(found, '390×844');
  console.log(`390×844, trunk example: box text ${Math.min(...found.map((l) => l.size)).toFixed(1)} px`);
  assert.equal(await page.locator('.pjsip-erd.live').getAttribute('data-direction'), 'down');
  // The drawing area is a real part of the screen, and the boxes are in it.
  const area = await page.locator('.pjsip-erd.live').boundingBox();
  assert.ok(area.height >= 300, `drawing area ${area.height} px high`);
  assert.ok(await boxesInView(page) >= 4, 'boxes on screen');
  await screenshot(page, 'diagram-phone');
  assert.deepEqual(problems, []);
  await context.close();
});

test('fifty objects stay readable at the default size; Fit still shows them all', async () => {
  // 16 phones (endpoint, aor, auth each) and the transport: 49 objects, plus derived boxes.
  const { page, problems, context } = await open({ width: 1440, height: 900 }, config(16));
  const count = await page.getByTestId('diagram-node').count();
  assert.ok(count >= 49 && count <= 52, `${count} boxes`);
  const found = await labels(page);
  assertReadable(found, '1440×900, 49 objects');
  console.log(`1440×900, ${count} boxes: box text ${Math.min(...found.map((l) => l.size)).toFixed(1)} px`);
  assert.ok(await boxesInView(page) > 0, 'the first boxes are on screen');
  await screenshot(page, 'diagram-fifty');
  // Fit is the way to see everything at once, however small.
  await page.getByTestId('diagram-fit').click();
  await page.waitForTimeout(100);
  assert.equal(await boxesInView(page), count);
  assert.deepEqual(problems, []);
  await context.close();
});
