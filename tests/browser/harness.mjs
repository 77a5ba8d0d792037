// Shared by the browser tests: a loopback static server for web/ (the demo site, the widget, the
// WebAssembly build), models/ at /models/ and the test fixtures at /test/, with a collector
// double at /api/v1/results (and /api/v1/progress); and Debian's Chromium driven by playwright-core.
import http from 'node:http';
import { spawn, execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { readFile, mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { before, after } from 'node:test';
import { chromium } from 'playwright-core';

export const root = fileURLToPath(new URL('../../', import.meta.url));
export const artifacts = path.join(root, 'test-artifacts');
export const STRICT_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.lqc': 'application/vnd.leadqual.compiled',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

const MOUNTS = [
  ['/models/', path.join(root, 'models')],
  ['/test/', path.join(root, 'tests/browser/fixtures')],
  ['/', path.join(root, 'web')],
];

function resolveFile(urlPath) {
  for (const [prefix, dir] of MOUNTS) {
    if (!urlPath.startsWith(prefix)) continue;
    const file = path.normalize(path.join(dir, decodeURIComponent(urlPath.slice(prefix.length))));
    if (!file.startsWith(dir)) return null; // no way out of a mount
    return file.endsWith(path.sep) ? path.join(file, 'index.html') : file;
  }
  return null;
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

// The collector double records every POST; `failNext(n, status, body)` makes the next n answer
// with that status (a 500, say) and body before it accepts again. Ids are deduplicated like the
// real one.
export class Collector {
  constructor() {
    this.requests = [];
    this.progress = []; // funnel steps posted to /api/v1/progress
    this.stored = new Map();
    this.failures = [];
    this.waiters = [];
  }

  failNext(count, status = 500, body = null) {
    for (let i = 0; i < count; i++) this.failures.push({ status, body });
  }

  async handle(req, res) {
    const body = await readBody(req);
    const type = req.headers['content-type'] || '';
    let payload = null;
    if (type.startsWith('application/json')) payload = JSON.parse(body);
    else if (type.startsWith('application/x-www-form-urlencoded'))
      payload = Object.fromEntries(new URLSearchParams(body));
    const request = { headers: req.headers, body, payload, status: 0 };
    this.requests.push(request);
    const id = payload?.id;
    let failure = null;
    if (this.failures.length) {
      failure = this.failures.shift();
      request.status = failure.status;
    } else if (id && this.stored.has(id)) request.status = 200;
    else {
      request.status = 201;
      if (id) this.stored.set(id, payload);
    }
    res.writeHead(request.status, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify(
        failure?.body ?? {
          id,
          status: request.status === 201 ? 'stored' : request.status === 200 ? 'duplicate' : 'error',
        },
      ),
    );
    this.waiters = this.waiters.filter((w) => !w());
  }

  // Resolves once `count` submissions are stored; rejects after `patienceMs` so that a lost
  // submission fails the test instead of hanging it.
  waitForStored(count = 1, patienceMs = 30000) {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`collector: ${this.stored.size} of ${count} submissions stored`)),
        patienceMs,
      );
      const check = () => {
        if (this.stored.size < count) return false;
        clearTimeout(timer);
        resolve([...this.stored.values()]);
        return true;
      };
      if (!check()) this.waiters.push(check);
    });
  }
}

export async function startServer({ csp = false } = {}) {
  const collector = new Collector();
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url, 'http://localhost');
    try {
      if (url.pathname === '/api/v1/progress' && req.method === 'POST') {
        collector.progress.push({ headers: req.headers, body: await readBody(req) });
        res.writeHead(204).end();
        return;
      }
      if (url.pathname === '/api/v1/results') {
        if (req.method !== 'POST') {
          res.writeHead(405).end();
          return;
        }
        await collector.handle(req, res);
        return;
      }
      if (url.pathname === '/') {
        res.writeHead(302, { location: '/demo/' }).end();
        return;
      }
      const file = resolveFile(url.pathname);
      const data = file && (await readFile(file).catch(() => null));
      if (!data) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
        return;
      }
      const headers = {
        'content-type': TYPES[path.extname(file)] || 'application/octet-stream',
        'cache-control': 'no-store',
      };
      if (csp) headers['content-security-policy'] = STRICT_CSP;
      res.writeHead(200, headers).end(data);
    } catch (error) {
      res.writeHead(500, { 'content-type': 'text/plain' }).end(String(error));
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    collector,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(resolve);
      }),
  };
}

// A receiver on an origin of its own (another port than the pages): a CRM, a form handler, a
// webhook. `handle({method, path, query, headers, body})` returns {status, headers, body}
// (default 200, empty); every request is recorded in `requests`, preflights included.
export async function startReceiver(handle = () => ({})) {
  const requests = [];
  const waiters = [];
  const server = http.createServer(async (req, res) => {
    const body = await readBody(req);
    const url = new URL(req.url, 'http://localhost');
    const request = {
      method: req.method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: req.headers,
      body,
    };
    requests.push(request);
    let answer;
    try {
      answer = (await handle(request)) || {};
    } catch (error) {
      answer = { status: 500, body: String(error) };
    }
    res.writeHead(answer.status ?? 200, answer.headers ?? {});
    res.end(answer.body ?? '');
    for (const waiter of [...waiters]) waiter();
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const posts = () => requests.filter((r) => r.method === 'POST');
  return {
    // "localhost", not 127.0.0.1: another origin than the pages, as a CRM would be.
    url: `http://localhost:${server.address().port}`,
    requests,
    posts,
    // Resolves once `count` POSTs arrived; rejects after `patienceMs`.
    waitForPosts(count = 1, patienceMs = 20000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (posts().length < count) return;
          clearTimeout(timer);
          waiters.splice(waiters.indexOf(check), 1);
          resolve(posts());
        };
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(check), 1);
          reject(new Error(`receiver: ${posts().length} of ${count} posts arrived`));
        }, patienceMs);
        waiters.push(check);
        check();
      });
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(resolve);
      }),
  };
}

// `args`: more Chromium flags (the first-paint bench unthrottles frames with them).
export function launchBrowser({ args = [] } = {}) {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      ...args,
    ],
  });
}

// One static server and one Chromium for a test file: `env.server` and `env.browser` once the
// file's tests run, closed after them.
// The real collector: `leadqual serve --port 0 --token <token> …args` (build/native/leadqual, or
// LEADQUAL_BIN), resolved once it listens with {child, url, stop()}.
export const collectorBinary = process.env.LEADQUAL_BIN || path.join(root, 'build/native/leadqual');
export function startCollector(args, token) {
  return new Promise((resolve, reject) => {
    const child = spawn(collectorBinary, ['serve', '--port', '0', '--token', token, ...args], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const match = out.match(/listening on (http:\/\/[^/\s]+)\//);
      if (match) {
        const exited = new Promise((done) => child.once('exit', done));
        const stop = () => {
          child.kill('SIGTERM');
          return exited;
        };
        resolve({ child, url: match[1], stop });
      }
    });
    child.stderr.resume();
    child.on('exit', (code) => reject(new Error(`leadqual serve exited with ${code} before listening:\n${out}`)));
    child.on('error', reject);
  });
}

// The collector's --db for a test: a SQLite file in `dir`, or, when LEADQUAL_TEST_POSTGRES names a
// running private cluster (the state file tests/server/pg_cluster writes; scripts/test sets it to
// run the collector's browser tests a second time, on PostgreSQL), a fresh schema of it.
export async function collectorDb(dir) {
  const state = process.env.LEADQUAL_TEST_POSTGRES;
  if (!state) return path.join(dir, 'results.sqlite');
  const values = Object.fromEntries(
    (await readFile(state, 'utf8'))
      .split('\n')
      .filter((line) => line.includes('='))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
  if (!values.url)
    throw new Error(`LEADQUAL_TEST_POSTGRES: no running cluster in ${state} (${values.skip ?? 'no url'})`);
  const schema = `browser_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  await promisify(execFile)(path.join(values.bindir, 'psql'), [
    '-qX',
    '-v',
    'ON_ERROR_STOP=1',
    '-d',
    values.url,
    '-c',
    `CREATE SCHEMA ${schema}`,
  ]);
  return `${values.url}?options=-csearch_path%3D${schema}`;
}

export function useServerAndBrowser(options) {
  const env = { server: null, browser: null };
  before(async () => {
    env.server = await startServer(options);
    env.browser = await launchBrowser();
  });
  after(async () => {
    await env.browser?.close();
    await env.server?.close();
  });
  return env;
}

// A page that records the widget's events and any uncaught error, for the test to read.
export async function openPage(browser, url, { viewport = { width: 1280, height: 900 }, context: ctx } = {}) {
  const context = ctx || (await browser.newContext({ viewport, reducedMotion: 'reduce' }));
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error));
  await page.addInitScript(() => {
    window.__events = [];
    window.__violations = [];
    for (const name of ['ready', 'change', 'complete', 'submitted', 'error']) {
      document.addEventListener(`leadqual:${name}`, (event) => {
        window.__events.push({
          type: event.type,
          detail: JSON.parse(JSON.stringify(event.detail, (k, v) => (v instanceof Error ? String(v) : v))),
        });
      });
    }
    document.addEventListener('securitypolicyviolation', (e) =>
      window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  await page.goto(url);
  return { page, context, errors };
}

// Resolves when the element's model is loaded and its first screen is shown: the first question,
// or the intro screen's Start button (the intro comes first in the DOM). A compiled model is on
// screen before the runtime is in (first-paint.test.mjs); this waits for the runtime too.
export async function waitForWidget(page, selector = 'lead-qualifier') {
  await page.locator(`${selector} .field:not([hidden]), ${selector} [part~=start]`).first().waitFor();
  await page.waitForFunction((s) => {
    const element = document.querySelector(s);
    return !element || !('qualifier' in element) || element.qualifier !== null;
  }, selector);
}

export async function events(page, type) {
  const all = await page.evaluate(() => window.__events);
  return type ? all.filter((e) => e.type === `leadqual:${type}`) : all;
}

export async function screenshot(page, name) {
  await mkdir(artifacts, { recursive: true });
  await page.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage: true });
}

export async function readModel(relative) {
  return JSON.parse(await readFile(path.join(root, relative), 'utf8'));
}

// The core itself (the WebAssembly build through the JS API, in node): the reference the page's
// live result is compared with.
export async function coreScore(model, answers) {
  const { loadQualifier } = await import(new URL('../../web/leadqual.js', import.meta.url));
  const q = await loadQualifier(model);
  try {
    return q.score(answers);
  } finally {
    q.dispose();
  }
}

// What the page posts for those answers: the core's result as the model's submit.result lets it
// leave the page (web/delivery.js sharedResult).
export async function corePosted(model, answers) {
  const { loadQualifier } = await import(new URL('../../web/leadqual.js', import.meta.url));
  const { sharedResult, resultPolicy } = await import(new URL('../../web/delivery.js', import.meta.url));
  const q = await loadQualifier(model);
  try {
    return sharedResult(q.score(answers), resultPolicy(q.model));
  } finally {
    q.dispose();
  }
}
