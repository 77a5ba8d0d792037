#!/usr/bin/env node
// The first-paint bench (issue 9's target: within 1.15x of the floor), a measurement, not a
// test. In headless Chromium over fresh browser contexts (cold cache) on a loopback server, the
// time from navigation to the first frame with the first question of models/frameworks/bant on
// screen, for:
//   floor     tests/browser/fixtures/paint-floor.html: plain JS fetches the compiled model and
//             builds the question's DOM with the widget's stylesheet (no API, no WebAssembly);
//   compiled  paint-widget.html: <lead-qualifier> with the compiled model (bant.lqc), preload
//             hints for the model, and at low fetch priority for the API and the runtime's
//             .wasm (what docs/widget.md recommends);
//   lean      paint-widget-lean.html: the same with the model's preload hint only (the widget
//             starts the runtime's .wasm itself when it runs);
//   json      bench.html: <lead-qualifier> with the model's JSON (the core module compiles it);
//   before    with BEFORE=<git revision>: the compiled page with that revision's widget and API
//             (web/ and the page of the revision, bundled by its own scripts/build-widget; the
//             WebAssembly build is today's, or BEFORE_BUILD=<folder>'s: that revision's
//             web/build, for a revision whose API loads the modules another way);
//   before-lean  the same revision's lean page (where it has one).
//   nowasmpreload, nomodulepreload, highhints (the API's and the .wasm's hints at the default
//             priority), modelfirst: variants of the compiled page, when named in PAGES=.
// PAGES=floor,compiled,lean,before,before-lean picks some of them (default: those but the
// variants). The pages' order turns by one each round; each page's figure is the median of its
// rounds, beside the median of its ratios to the same round's floor ("paired") with that
// median's 95 % interval: a verdict on the 1.15x target only where the interval is on one side.
// REQUESTS=1 also prints when each page's files were asked for, began to arrive and were in.
// Frames are unthrottled (no vsync) so that a frame is not a 16.7 ms step.
// Usage: node scripts/bench-paint.mjs [rounds]   (default 15; after npm run build)
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforePages, hintVariants, paintServer } from './paint-before.mjs';
import { launchBrowser, root } from '../tests/browser/harness.mjs';

const rounds = Number(process.argv[2] || 15);
const before = process.env.BEFORE;
for (const file of [
  'models/frameworks/bant.lqc',
  'web/widget.min.js',
  'web/leadqual.min.js',
  'web/build/leadqual-runtime.wasm',
]) {
  if (!existsSync(path.join(root, file))) throw new Error(`bench-paint: ${file} is missing: run npm run build`);
}

const pages = [
  ['floor', '/test/paint-floor.html'],
  ['compiled', '/test/paint-widget.html'],
  ['lean', '/test/paint-widget-lean.html'],
  ['json', '/test/bench.html'],
];

// BEFORE=<revision>: its pages beside today's (scripts/paint-before.mjs).
const revision = before ? beforePages(before) : null;
if (revision) pages.push(...revision.pages);
// Variants of the page with every hint, named in PAGES= (scripts/paint-before.mjs).
const variants = hintVariants(process.env.PAGES?.split(',') ?? []);
pages.push(...variants.pages);
if (process.env.PAGES) {
  const wanted = process.env.PAGES.split(',');
  pages.splice(0, pages.length, ...pages.filter(([name]) => wanted.includes(name)));
  if (!pages.some(([name]) => name === 'floor')) throw new Error('bench-paint: PAGES must include floor');
}

// Runs in every page before its own scripts: the time of the first animation frame at which a
// question (a .field not hidden, in the widget's or the floor's shadow root) is in the DOM, and
// of leadqual:ready. The page reports them itself, on the console, once the first question's
// frame is out: the bench sends the page nothing while it loads (a page.evaluate() after the
// load event ran Playwright's own script on the main thread, 1–4 ms, before the first question
// of every page in the traces).
function watchFirstQuestion() {
  const report = (/** @type {string} */ what, /** @type {unknown} */ value) =>
    console.debug(`bench-paint ${what} ${value}`);
  /** @type {number | null} */
  let painted = null;
  /** @type {number | null} */
  let ready = null;
  document.addEventListener(
    'leadqual:ready',
    () => {
      ready = performance.now();
      if (painted !== null) report('ready', ready);
    },
    { once: true },
  );
  document.addEventListener('leadqual:error', (event) => {
    const { detail } = /** @type {CustomEvent} */ (event);
    if (detail?.phase === 'load') report('error', `leadqual:error while loading: ${detail.message}`);
  });
  const shown = () =>
    [...document.querySelectorAll('lead-qualifier, #floor')].some((host) =>
      host.shadowRoot?.querySelector('.field:not([hidden])'),
    );
  const frame = () => {
    if (!shown()) return requestAnimationFrame(frame);
    painted = performance.now();
    setTimeout(() => {
      // When each of the page's files was asked for, began to arrive and was in (Resource Timing),
      // for REQUESTS=1.
      const files = performance
        .getEntriesByType('resource')
        .map((e) => [e.name.split('/').pop(), e.requestStart, e.responseStart, e.responseEnd].join(','));
      report('files', files.join(';'));
      report('paint', painted);
      if (ready !== null) report('ready', ready);
    });
  };
  requestAnimationFrame(frame);
}

// A page that never shows its question or never fires leadqual:ready (a broken build, an old
// revision refusing today's compiled model) fails the bench with what it was waiting for and
// the page's first error, rather than waiting for ever; a widget's load error fails it at once.
const patienceMs = 30_000;
/**
 * @param {import('playwright-core').Page} page
 * @param {string} label the page's name and URL, for the errors
 * @param {boolean} needReady whether to wait for leadqual:ready too
 * @param {string[]} files where the page's Resource Timing report goes
 * @returns {Promise<{paint: number, ready: number | null}>}
 */
function pageTimes(page, label, needReady, files) {
  return new Promise((resolve, reject) => {
    let firstError = '';
    /** @type {{paint?: number, ready?: number}} */
    const got = {};
    const timer = setTimeout(() => {
      const what = got.paint === undefined ? 'a question painted' : 'leadqual:ready';
      const error = firstError ? `; the page's first error: ${firstError}` : '';
      reject(new Error(`bench-paint: ${label}: ${what} not within ${patienceMs / 1000} s${error}`));
    }, patienceMs);
    page.on('pageerror', (error) => (firstError ||= error.message));
    page.on('console', (message) => {
      const [tag, what, ...rest] = message.text().split(' ');
      if (tag !== 'bench-paint') return;
      if (what === 'files') {
        files.push(rest.join(' '));
        return;
      }
      if (what === 'error') {
        clearTimeout(timer);
        reject(new Error(`bench-paint: ${label}: ${rest.join(' ')}`));
        return;
      }
      got[/** @type {'paint' | 'ready'} */ (what)] = Number(rest[0]);
      if (got.paint !== undefined && (!needReady || got.ready !== undefined)) {
        clearTimeout(timer);
        resolve({ paint: got.paint, ready: needReady ? (got.ready ?? null) : null });
      }
    });
  });
}

const loadAtStart = os.loadavg()[0];
const server = await paintServer();
const browser = await launchBrowser({ args: ['--disable-gpu-vsync', '--disable-frame-rate-limit'] });
/** @type {Record<string, number[]>} */
const times = Object.fromEntries(pages.map(([name]) => [name, []]));
/** @type {Record<string, number[]>} */
const readyTimes = {};
/** @type {Record<string, number[][]>} */
const requests = {};
try {
  for (let round = 0; round <= rounds; round++) {
    // The pages' order turns by one each round, so that none is always the one after the floor
    // (or after a context's close); each page is paired with the same round's floor.
    const order = pages.map((_, i) => pages[(i + round) % pages.length]);
    for (const [name, url] of order) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      await context.addInitScript(watchFirstQuestion);
      const page = await context.newPage();
      const files = [];
      const measured = pageTimes(page, `${name} (${url})`, name !== 'floor', files);
      measured.catch(() => {}); // awaited below, after the navigation
      await page.goto(`${server.url}${url}`, { waitUntil: 'commit' });
      const { paint, ready } = await measured;
      if (round > 0) {
        // round 0 warms Chromium itself
        times[name].push(paint);
        if (ready !== null) (readyTimes[name] ??= []).push(ready);
        for (const entry of files.join(';').split(';').filter(Boolean)) {
          const [file, ...at] = entry.split(',');
          const key = `${name} ${file}`;
          (requests[key] ??= []).push(at.map(Number));
        }
      }
      await context.close();
    }
  }
} finally {
  await browser.close();
  await server.close();
  revision?.remove();
  variants.remove();
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
// A distribution-free 95 % interval for the median of n values (sorted): the k-th smallest to
// the k-th largest, k the largest with P(Binomial(n, 1/2) < k) ≤ 2.5 %.
const medianInterval = (/** @type {number[]} */ xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  let k = 0;
  let below = 0; // P(Binomial(n, 1/2) < k + 1)
  let term = 0.5 ** n; // P(Binomial(n, 1/2) = k)
  while (k < n / 2) {
    below += term;
    if (below > 0.025) break;
    term = (term * (n - k)) / (k + 1);
    k++;
  }
  // Under 6 values even the smallest and largest cover the median less often than that: none.
  return k === 0 ? null : [s[k - 1], s[n - k]];
};
const TARGET = 1.15;
const floor = median(times.floor);
const loadNow = os.loadavg()[0];
console.log(
  `first question painted (navigation → frame), ${rounds} cold loads each, median [min–max]; load average ${loadAtStart.toFixed(1)} → ${loadNow.toFixed(1)}:`,
);
for (const [name] of pages) {
  const xs = times[name];
  // Each round's load over the floor's load of the same round: a change of the machine's load
  // between rounds falls on both of a pair. Their median, with its 95 % interval.
  const paired = xs.map((x, i) => x / times.floor[i]);
  const interval = medianInterval(paired);
  const [low, high] = interval ?? [NaN, NaN];
  const verdict =
    name === 'floor'
      ? ''
      : !interval
        ? ', too few loads for a verdict'
        : high <= TARGET
          ? `, within ${TARGET}×`
          : low > TARGET
            ? `, over ${TARGET}×`
            : `, not shown within or over ${TARGET}×`;
  console.log(
    `  ${name.padEnd(15)} ${median(xs).toFixed(1).padStart(7)} ms  [${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)}]  ${(median(xs) / floor).toFixed(2)}× the floor` +
      (name === 'floor'
        ? ''
        : `, ${median(paired).toFixed(2)}× paired (${interval ? `95 % ${low.toFixed(2)}–${high.toFixed(2)}; ` : ''}${paired.filter((r) => r > TARGET).length} of ${paired.length} over)${verdict}`) +
      (readyTimes[name] ? `; runtime ready (leadqual:ready) ${median(readyTimes[name]).toFixed(1)} ms` : ''),
  );
}
console.log(
  `  target: compiled within ${TARGET}× the floor (by the paired median; "within" when its 95 % interval is)`,
);
if (process.env.REQUESTS) {
  console.log("each page's files (Resource Timing), ms from navigation, median: asked for, first byte, in");
  for (const [key, loads] of Object.entries(requests))
    console.log(
      `  ${key.padEnd(40)} ${[0, 1, 2]
        .map((i) =>
          median(loads.map((l) => l[i]))
            .toFixed(1)
            .padStart(7),
        )
        .join(' ')}`,
    );
}
