// The JS API where pages run it: in Chromium on a page and in a module Web Worker, under a strict
// Content-Security-Policy (no 'unsafe-eval', only 'wasm-unsafe-eval'), with the .wasm fetched
// from its default location. Both must give the native-identical bytes node gives.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import path from 'node:path';
import { chromium } from 'playwright-core';

import { loadQualifier } from '../../web/leadqual.js';
import { root } from './support/project.mjs';

const csp = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";
const answers = { budget: 'approved', role: 'manager', employees: 250, hours: 12, rate: 80, email: 'ann@acme.example' };
const now = Date.parse('2026-11-22T12:00:00Z');

// What the page and the worker run: load the model by URL, score, report the canonical text.
const probe = `
  import { loadQualifier, evaluate } from '/leadqual.js';
  export async function run() {
    const q = await loadQualifier('/models/examples/acme-bant.json');
    const text = q.scoreJSON(${JSON.stringify(answers)}, { now: ${now} });
    const infix = await evaluate('employees * 2', { employees: 21 });
    q.dispose();
    return { text, infix };
  }`;

const routes = {
  '/test/probe.js': probe,
  '/test/page.js': `import { run } from '/test/probe.js';
    run().then((r) => { window.pageResult = r; }, (e) => { window.pageResult = { error: String(e) }; });
    const worker = new Worker('/test/worker.js', { type: 'module' });
    worker.onmessage = (event) => { window.workerResult = event.data; };
    worker.onerror = (event) => { window.workerResult = { error: event.message }; };`,
  '/test/worker.js': `import { run } from '/test/probe.js';
    run().then((r) => postMessage(r), (e) => postMessage({ error: String(e) }));`,
  '/test/page.html': '<!doctype html><title>leadqual API</title><script type="module" src="/test/page.js"></script>',
  '/favicon.ico': '',
};
const types = {
  '.js': 'text/javascript',
  '.html': 'text/html',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
};

function serve() {
  const server = createServer((request, response) => {
    const url = new URL(request.url, 'http://localhost');
    let body = routes[url.pathname];
    if (body === undefined) {
      // web/ is the site root (as under `leadqual serve`); /models/ maps to models/.
      const base = url.pathname.startsWith('/models/') ? root : path.join(root, 'web');
      const file = path.join(base, path.normalize(url.pathname));
      try {
        body = readFileSync(file);
      } catch {
        response.statusCode = 404;
        response.end();
        return;
      }
    }
    response.setHeader('Content-Type', types[path.extname(url.pathname)] ?? 'application/octet-stream');
    response.setHeader('Content-Security-Policy', csp);
    response.end(body);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

test('a page and a module Worker score in Chromium under a strict CSP, byte-identical to node', async () => {
  const q = await loadQualifier(path.join(root, 'models/examples/acme-bant.json'));
  const expected = q.scoreJSON(answers, { now });
  q.dispose();

  const server = await serve();
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
  try {
    const page = await browser.newPage();
    const problems = [];
    page.on('console', (message) => message.type() === 'error' && problems.push(message.text()));
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(`http://127.0.0.1:${server.address().port}/test/page.html`);
    await page.waitForFunction(() => window.pageResult && window.workerResult, null, { timeout: 30000 });
    const { pageResult, workerResult } = await page.evaluate(() => ({
      pageResult: window.pageResult,
      workerResult: window.workerResult,
    }));
    assert.deepEqual(problems, [], 'no CSP violation or error');
    assert.deepEqual(pageResult, { text: expected, infix: 42 });
    assert.deepEqual(workerResult, { text: expected, infix: 42 });
  } finally {
    await browser.close();
    server.close();
  }
});
