// Opening a whole configuration directory (issue 14 §2): a chosen folder or a .tar.gz of a
// FreePBX-style /etc/asterisk opens pjsip.conf with the files it includes (by a glob), the
// dialplan and acl.conf — the CLI's rule — and lists every file left out with its reason. The
// code loads only when the view is opened.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { useServerAndBrowser, openPage, screenshot } from './harness.mjs';

const env = useServerAndBrowser({ before, after });

const FILES = {
  'pjsip.conf': '#include pjsip.*.conf\n#include pjsip_custom.conf\n',
  'pjsip.transports.conf': '[0.0.0.0-udp]\ntype=transport\nprotocol=udp\nbind=0.0.0.0:5060\n',
  'pjsip.endpoint.conf': '[6001]\ntype=endpoint\ncontext=from-internal\ndisallow=all\nallow=ulaw\naors=6001\n',
  'pjsip.aor.conf': '[6001]\ntype=aor\nmax_contacts=1\n',
  'pjsip_custom.conf': '; nothing here yet\n',
  'extensions.conf': '[from-internal]\nexten => _X.,1,Answer()\n',
  'acl.conf': '[office]\npermit=192.0.2.0/24\n',
  'sip.conf': '[general]\ncontext=default\n',
  'manager.conf': '[general]\nenabled=no\n',
  'README': 'not a configuration file\n',
};
const KEPT = ['pjsip.conf', 'acl.conf', 'extensions.conf', 'pjsip.aor.conf', 'pjsip.endpoint.conf', 'pjsip.transports.conf', 'pjsip_custom.conf'];

/** A ustar archive of `files` (name → text), gzipped: what `tar czf` writes, minus owners. */
function tarGz(files, folder) {
  const blocks = [];
  for (const [name, text] of Object.entries(files)) {
    const body = Buffer.from(text);
    const header = Buffer.alloc(512);
    header.write(`${folder}/${name}`, 0);
    header.write('0000644\0', 100);
    header.write('0000000\0', 108);
    header.write('0000000\0', 116);
    header.write(body.length.toString(8).padStart(11, '0') + '\0', 124);
    header.write('00000000000\0', 136);
    header.write('        ', 148);
    header.write('0', 156);
    header.write('ustar\0' + '00', 257);
    const sum = header.reduce((a, b) => a + b, 0);
    header.write(sum.toString(8).padStart(6, '0') + '\0 ', 148);
    blocks.push(header, body, Buffer.alloc((512 - (body.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return gzipSync(Buffer.concat(blocks));
}

async function checkResult(page) {
  await page.getByTestId('directory-result').waitFor();
  assert.deepEqual(await page.getByTestId('directory-kept').locator('li').allTextContents(), KEPT);
  const left = await page.getByTestId('directory-left-out').locator('li').allTextContents();
  assert.equal(left.length, 3, left.join('\n'));
  assert.ok(left.some((l) => l.startsWith('README') && l.includes('not a .conf file')));
  assert.ok(left.some((l) => l.startsWith('sip.conf') && l.includes('not included')));
  assert.ok(left.some((l) => l.startsWith('manager.conf') && l.includes('not included')));
}

test('a chosen /etc/asterisk folder opens what loading reads and lists the rest; loaded on first use', async () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'pjsip-lab-dir-')), 'asterisk');
  mkdirSync(dir);
  for (const [name, text] of Object.entries(FILES)) writeFileSync(join(dir, name), text);
  const { page, problems, context, requested } = await openPage(env().browser, env().server.url);
  await page.locator('.cm-content').waitFor();
  assert.equal(requested.filter((p) => p.includes('pjsip-lab-views')).length, 0, 'the first visit does not fetch the views module');
  await page.getByTestId('open-directory').click();
  await page.getByTestId('directory-view').waitFor();
  await page.getByTestId('directory-folder').setInputFiles(dir);
  await checkResult(page);
  await screenshot(page, 'directory-view');
  await page.getByTestId('directory-open').click();
  await page.getByTestId('directory-dialog').waitFor({ state: 'hidden' });
  assert.deepEqual(await page.getByTestId('file-tab').allTextContents().then((t) => t.map((s) => s.trim())), KEPT);
  // The endpoint from an included file is in the analysis: its box is in the diagram.
  await page.getByTestId('diagram-node').filter({ hasText: '6001' }).first().waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});

test('a .tar.gz of the directory gives the same result', async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'pjsip-lab-tgz-')), 'asterisk.tar.gz');
  writeFileSync(file, tarGz(FILES, 'etc/asterisk'));
  const { page, problems, context } = await openPage(env().browser, env().server.url);
  await page.locator('.cm-content').waitFor();
  await page.getByTestId('open-directory').click();
  await page.getByTestId('directory-files').setInputFiles(file);
  await checkResult(page);
  assert.deepEqual(problems, []);
  await context.close();
});

test('files dropped on the view give the same result', async () => {
  const { page, problems, context } = await openPage(env().browser, env().server.url);
  await page.locator('.cm-content').waitFor();
  await page.getByTestId('open-directory').click();
  await page.getByTestId('directory-view').waitFor();
  // A real drop event carrying the files (Chromium cannot synthesise a dropped folder's
  // file-system entries, so the folder walk itself is exercised by hand, not here).
  const transfer = await page.evaluateHandle((files) => {
    const dt = new DataTransfer();
    for (const [name, text] of Object.entries(files)) dt.items.add(new File([text], name, { type: 'text/plain' }));
    return dt;
  }, FILES);
  await page.getByTestId('directory-view').dispatchEvent('drop', { dataTransfer: transfer });
  await checkResult(page);
  assert.deepEqual(problems, []);
  await context.close();
});
