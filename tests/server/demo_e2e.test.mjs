// End to end: the demo site served by the real `leadqual serve`, a visitor completing the BANT
// quiz and the ROI calculator in Chromium, and the collector storing each completion once
// (checked against the models it loaded). Run by ctest, directly (under `node --test` its skip
// would be a failed file); skipped (exit 77) when the WebAssembly build, Chromium or
// playwright-core is not there.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const binary = process.env.LEADQUAL_BIN;
const chromium = process.env.CHROMIUM || '/usr/bin/chromium';
const missing = [
  [binary && existsSync(binary), 'LEADQUAL_BIN'],
  [existsSync(path.join(root, 'web/build/leadqual-core.wasm')), 'web/build (scripts/build-wasm)'],
  [existsSync(chromium), chromium],
  [existsSync(path.join(root, 'node_modules/playwright-core')), 'node_modules/playwright-core'],
]
  .filter(([ok]) => !ok)
  .map(([, what]) => what);
if (missing.length) {
  console.log(`skipped: missing ${missing.join(', ')}`);
  process.exit(77);
}
const { launchBrowser, openPage, waitForWidget, events, screenshot } = await import('../browser/harness.mjs');
const { completeQuiz } = await import('../browser/flows.mjs');

const TOKEN = 'e2e-token';
let server;
let base;
let browser;
let workdir;

function startCollector() {
  workdir = mkdtempSync(path.join(tmpdir(), 'leadqual-e2e-'));
  const child = spawn(
    binary,
    [
      'serve',
      '--port',
      '0',
      '--root',
      'web',
      '--models',
      'models',
      '--models',
      'web/demo/models',
      '--token',
      TOKEN,
      '--db',
      path.join(workdir, 'e2e.sqlite'),
    ],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stderr.resume();
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const match = out.match(/listening on (http:\/\/127\.0\.0\.1:\d+)\//);
      if (match) resolve({ child, url: match[1] });
    });
    child.on('exit', (code) => reject(new Error(`leadqual serve exited with ${code}: ${out}`)));
  });
}

async function stored(query = '') {
  const response = await fetch(`${base}/api/v1/results${query}`, { headers: { Authorization: `Bearer ${TOKEN}` } });
  assert.equal(response.status, 200);
  return (await response.json()).results;
}

// Polls (bounded) until the collector holds `count` results.
async function waitForStored(count) {
  for (let i = 0; i < 200; i++) {
    const results = await stored();
    if (results.length >= count) return results;
    await new Promise((r) => setTimeout(r, 50));
  }
  return stored();
}

before(async () => {
  server = await startCollector();
  base = server.url;
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  server?.child.kill('SIGTERM');
  rmSync(workdir, { recursive: true, force: true });
});

test('a completed quiz is stored once, exactly as the page scored it', async () => {
  const { page, errors } = await openPage(browser, `${base}/`);
  assert.equal(new URL(page.url()).pathname, '/demo/');
  await waitForWidget(page, '#bant-quiz');
  await completeQuiz(page, '#bant-quiz');
  await page.waitForFunction(() => window.__events.some((e) => e.type === 'leadqual:submitted'));
  const [submitted] = await events(page, 'submitted');
  assert.equal(submitted.detail.status, 201);
  const [complete] = await events(page, 'complete');
  const results = await waitForStored(1);
  assert.equal(results.length, 1);
  assert.equal(results[0].id, submitted.detail.id);
  assert.deepEqual(results[0].result.model, complete.detail.result.model);
  assert.equal(results[0].result.score, complete.detail.result.score);
  assert.equal(results[0].result.stage, complete.detail.result.stage);
  assert.equal(results[0].fields.email, 'lin@example.org');
  // A reload flushes the page's outbox again: nothing is left to send, nothing is stored twice.
  await page.reload();
  await waitForWidget(page, '#bant-quiz');
  assert.equal((await stored()).length, 1);
  assert.deepEqual(errors, []);
  await page.context().close();
});

test('the enhanced contact form posts a result the collector checks against the demo model', async () => {
  const { page, errors } = await openPage(browser, `${base}/demo/contact.html`);
  await page.waitForFunction(() => window.__events.some((e) => e.type === 'leadqual:ready'));
  await page.fill('input[name=name]', 'Ada Lovelace');
  await page.fill('input[name=email]', 'ada@example.com');
  await page.selectOption('select[name=company_size]', '1000+');
  await page.check('input[name=demo]');
  await page.check('input[name=consent]');
  await page.click('button[type=submit]');
  await page.waitForFunction(() => window.__events.some((e) => e.type === 'leadqual:submitted'));
  const [submitted] = await events(page, 'submitted');
  assert.equal(submitted.detail.status, 201);
  const [row] = await stored(`?model=ledgerline-contact`);
  assert.equal(row.id, submitted.detail.id);
  assert.equal(row.result.stage, 'sql');
  assert.equal(row.result.score, 100);
  assert.equal(row.fields.email, 'ada@example.com');
  assert.deepEqual(errors, []);
  await page.context().close();
});

test('the dashboard shows the stored completions', async () => {
  const { page, errors } = await openPage(browser, `${base}/dashboard?token=${TOKEN}`);
  await page.locator('#recent tr').first().waitFor();
  assert.equal(await page.locator('#recent tr').count(), 2);
  assert.match(await page.locator('#recent').innerText(), /ledgerline-quiz/);
  assert.match(await page.locator('#recent').innerText(), /ledgerline-contact/);
  assert.match(await page.locator('#totals').innerText(), /Results\s+2/);
  // A scripted visitor answers faster than a person can read, so results may be flagged; the
  // funnel counts only those that are not.
  const results = await stored();
  const funnel = await page.locator('#funnels').innerText();
  for (const result of results.filter((r) => !r.suspect)) {
    assert.match(funnel, new RegExp(`${result.result.model.id} — 1 results`));
  }
  // Stage labels beside the ids, and the quiz's visit funnel (the demo quiz reports progress).
  assert.match(funnel, /Sales-ready \(sql\)/);
  assert.match(funnel, /Visits: started, answered, completed/);
  assert.match(funnel, /Started\s+1/);
  assert.match(funnel, /Completed\s+1/);
  await screenshot(page, 'dashboard');
  // The token left the address bar.
  assert.equal(new URL(page.url()).search, '');
  assert.deepEqual(errors, []);
  await page.context().close();
});
