// Round 1's first lost lead, against the real collector (`leadqual serve`, built by scripts/build):
// the page's model changed on the static host (one word of a description, so its hash changed)
// and the collector, which had read its models at start, refused the result and the lead was
// gone. Now the collector stores it flagged `unverified` (once), and picks up the changed model
// file without a restart, so the next visit's result is checked again.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  root,
  collectorBinary,
  startCollector,
  collectorDb,
  useServerAndBrowser,
  openPage,
  waitForWidget,
  events,
} from './harness.mjs';
import { submitPrivacyProbe } from './flows.mjs';

const TOKEN = 'browser-models-token';
const HOST = 'lead-qualifier';
const SENT = 'Thank you — your answers were sent.';
const env = useServerAndBrowser();
let stopCollector;
let collectorUrl;
let dir;
let modelFile;
let pageModel;

before(async () => {
  assert.ok(existsSync(collectorBinary), `${collectorBinary} is missing: run scripts/build (or set LEADQUAL_BIN)`);
  dir = await mkdtemp(path.join(tmpdir(), 'leadqual-models-'));
  await mkdir(path.join(dir, 'models'));
  pageModel = await readFile(path.join(root, 'tests/browser/fixtures/private.json'), 'utf8');
  // The collector's copy is the model as it was before someone edited a word on the static host.
  const before = JSON.parse(pageModel);
  before.title = 'Fleet check (old wording)';
  modelFile = path.join(dir, 'models', 'private.json');
  await writeFile(modelFile, JSON.stringify(before));
  const args = ['--models', path.join(dir, 'models'), '--allow-origin', env.server.url];
  ({ stop: stopCollector, url: collectorUrl } = await startCollector([...args, '--db', await collectorDb(dir)], TOKEN));
});
after(async () => {
  await stopCollector?.();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function stored() {
  const response = await fetch(`${collectorUrl}/api/v1/results`, { headers: { authorization: `Bearer ${TOKEN}` } });
  assert.equal(response.status, 200);
  return (await response.json()).results;
}

async function submitOnce() {
  const query = new URLSearchParams({
    model: '/test/private.json',
    mode: 'form',
    endpoint: `${collectorUrl}/api/v1/results`,
  });
  const { page, context, errors } = await openPage(env.browser, `${env.server.url}/test/delivery.html?${query}`);
  await waitForWidget(page, HOST);
  await submitPrivacyProbe(page, HOST);
  await page.waitForFunction(() =>
    window.__events.some((e) => e.type === 'leadqual:submitted' || (e.type === 'leadqual:error' && !e.detail.retrying)),
  );
  const [submitted] = await events(page, 'submitted');
  assert.ok(submitted, `not submitted: ${JSON.stringify(await events(page, 'error'))}`);
  assert.equal(submitted.detail.status, 201);
  assert.equal(await page.locator(`${HOST} .status`).textContent(), SENT);
  assert.equal(await page.evaluate(() => localStorage.getItem('leadqual:dead-letter')), null);
  assert.deepEqual(errors, []);
  await context.close();
  return submitted.detail.id;
}

test('a result for a changed model is stored once, flagged unverified, and the new file is used without a restart', async () => {
  const first = await submitOnce();
  let rows = await stored();
  assert.deepEqual(
    rows.map((r) => r.id),
    [first],
  );
  assert.match(rows[0].unverified, /is not the hash of model 'privacy-probe' version '1'/);

  // The static host's model is published to the collector's folder too: no restart. The collector
  // looks at its folders at most once a second (kRescanMs, src/server/models.cpp), and the first
  // result's miss just made it look: a page that loads and submits within that second (the
  // runtime starts faster now) would still be checked against the old file.
  await writeFile(modelFile, pageModel);
  await new Promise((resolve) => setTimeout(resolve, 1100));
  const second = await submitOnce();
  rows = await stored();
  assert.deepEqual(
    rows.map((r) => r.id),
    [first, second],
  );
  assert.equal(rows[1].unverified, null, 'checked against the model file written while running');
  assert.equal(rows[0].unverified === null, false, 'the first stays flagged');
});
