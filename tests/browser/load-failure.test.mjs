// Load failures a developer can see and a visitor can get past: the console names the element
// and the cause (HTTP status, JSON syntax, the model's first errors), the element's own children
// (a contact link) replace the widget, and no skeleton stays forever — neither when a file is
// missing, nor when the load hangs, nor when widget.js itself never runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServerAndBrowser, events } from './harness.mjs';

const env = useServerAndBrowser();
const HOST = 'lead-qualifier';

async function open(params, { route } = {}) {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  const consoleLines = [];
  page.on('console', (m) => consoleLines.push(`${m.type()}: ${m.text()}`));
  await page.addInitScript(() => {
    window.__events = [];
    document.addEventListener('leadqual:error', (e) =>
      window.__events.push({ type: e.type, detail: { phase: e.detail.phase, message: e.detail.message } }),
    );
    document.addEventListener('leadqual:ready', (e) => window.__events.push({ type: e.type, detail: e.detail }));
  });
  if (route) await page.route(route.url, route.handler);
  await page.goto(`${env.server.url}/test/delivery.html?${new URLSearchParams(params)}`);
  return { page, context, consoleLines };
}

const fallbackShown = (page) => page.locator(`${HOST} a.fallback-contact`).isVisible();
const skeleton = (page) => page.locator(`${HOST} .skeleton`).count();

test('a missing model: the console says which and why, the fallback content is shown', async () => {
  const { page, context, consoleLines } = await open({ model: '/test/no-such-model.json', fallback: 'Write to sales' });
  await page.waitForFunction(() => window.__events.some((e) => e.type === 'leadqual:error'));
  assert.equal(await fallbackShown(page), true);
  assert.equal(await skeleton(page), 0);
  const [error] = await events(page, 'error');
  assert.equal(error.detail.phase, 'load');
  assert.ok(
    consoleLines.some((l) =>
      /^error: leadqual: <lead-qualifier model="\/test\/no-such-model.json"> could not load: could not fetch the model http:\/\/.*\/test\/no-such-model\.json: HTTP 404$/.test(
        l,
      ),
    ),
    consoleLines.join('\n'),
  );
  await context.close();
});

test('an invalid model: its first errors by JSON Pointer in the console; without children, a message', async () => {
  const model = {
    leadqual: 1,
    id: 'broken',
    dimensions: [{ id: 'fit' }],
    questions: [{ id: 'size', type: 'number' }],
    rules: [{ id: 'r', if: 'sise > 10', add: { fit: 1 } }],
    stages: [{ id: 'all', if: 'scor > 1' }],
  };
  const { page, context, consoleLines } = await open(
    { model: '/test/broken-model.json' },
    { route: { url: '**/test/broken-model.json', handler: (r) => r.fulfill({ json: model }) } },
  );
  await page.waitForFunction(() => window.__events.some((e) => e.type === 'leadqual:error'));
  const line = consoleLines.find((l) => l.startsWith('error: leadqual:'));
  assert.match(line, /could not load: invalid model: /);
  assert.match(line, /\n {2}\/rules\/0\/if: .*'sise'.*did you mean 'size'/);
  assert.equal(
    await page.locator(`${HOST} .load-error`).textContent(),
    'This form could not be loaded. Please reload the page.',
  );
  assert.equal(await skeleton(page), 0);
  await context.close();
});

test('a model that is not JSON: the syntax error with its place', async () => {
  const { page, context, consoleLines } = await open(
    { model: '/test/not-json.json', fallback: 'Write to sales' },
    {
      route: {
        url: '**/test/not-json.json',
        handler: (r) => r.fulfill({ body: '{"leadqual": 1,\n "id": }', contentType: 'application/json' }),
      },
    },
  );
  await page.waitForFunction(() => window.__events.some((e) => e.type === 'leadqual:error'));
  assert.ok(
    consoleLines.some((l) => /could not load: .*line 2, column \d+/.test(l)),
    consoleLines.join('\n'),
  );
  assert.equal(await fallbackShown(page), true);
  await context.close();
});

test('a load that hangs shows the fallback after 10 s, and the widget once it arrives', async () => {
  let release;
  const held = new Promise((resolve) => (release = resolve));
  const { page, context, consoleLines } = await open(
    { model: '/models/frameworks/bant.json', fallback: 'Write to sales' },
    {
      route: {
        url: '**/models/frameworks/bant.json',
        handler: async (route) => {
          await held;
          await route.continue();
        },
      },
    },
  );
  await page.locator(`${HOST} .skeleton`).waitFor(); // drawn with the first frame of the load
  assert.equal(await skeleton(page), 1);
  await page.locator(`${HOST} a.fallback-contact`).waitFor({ timeout: 15000 });
  assert.ok(
    consoleLines.some((l) =>
      l.startsWith(
        'warning: leadqual: <lead-qualifier model="/models/frameworks/bant.json"> is still loading after 10 s',
      ),
    ),
  );
  release();
  await page.waitForFunction(() => window.__events.some((e) => e.type === 'leadqual:ready'));
  assert.equal(await fallbackShown(page), false);
  assert.ok(await page.locator(`${HOST} .field:not([hidden])`).count());
  await context.close();
});

test("when widget.js never runs, widget.css shows the element's children after a while", async () => {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  await page.route('**/test/no-script.html', (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><html lang="en"><head><title>No script</title>
        <link rel="stylesheet" href="/widget.css"><script type="module" src="/missing/widget.min.js"></script></head>
        <body><lead-qualifier model="/models/frameworks/bant.json"><a class="fallback-contact" href="mailto:sales@example.com">Write to sales</a></lead-qualifier></body></html>`,
    }),
  );
  await page.goto(`${env.server.url}/test/no-script.html`);
  const visibility = () =>
    page.evaluate(() => getComputedStyle(document.querySelector('a.fallback-contact')).visibility);
  assert.equal(await visibility(), 'hidden', 'hidden while the script may still come');
  await page.waitForFunction(
    () => getComputedStyle(document.querySelector('a.fallback-contact')).visibility === 'visible',
    null,
    { timeout: 15000 },
  );
  await context.close();
});
