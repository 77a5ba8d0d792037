#!/usr/bin/env node
// The first-paint bench (issue 9's target: within 1.15x of the floor), a measurement, not a
// test. In headless Chromium over fresh browser contexts (cold cache) on a loopback server, the
// time from navigation to the first frame with the first question of models/frameworks/bant on
// screen, for:
//   floor     tests/browser/fixtures/paint-floor.html: plain JS fetches the compiled model and
//             builds the question's DOM with the widget's stylesheet (no API, no WebAssembly);
//   compiled  paint-widget.html: <lead-qualifier> with the compiled model (bant.lqc), preload
//             hints for the model, the API and the runtime module;
//   lean      paint-widget-lean.html: the same with the model's preload hint only (the widget
//             starts the runtime's .wasm itself when it runs);
//   json      bench.html: <lead-qualifier> with the model's JSON (the core module compiles it);
//   before    with BEFORE=<git revision>: the compiled page with that revision's widget and API
//             (web/ and the page of the revision, bundled by its own scripts/build-widget; the
//             WebAssembly build is today's, or BEFORE_BUILD=<folder>'s: that revision's
//             web/build, for a revision whose API loads the modules another way);
//   before-lean  the same revision's lean page (where it has one).
// PAGES=floor,compiled,lean,before,before-lean picks some of them (default: all).
// Rounds alternate the pages; each page's figure is the median of its rounds, and the ratios are
// of medians of one run.
// Frames are unthrottled (no vsync) so that a frame is not a 16.7 ms step.
// Usage: node scripts/bench-paint.mjs [rounds]   (default 15; after npm run build)
import { existsSync } from 'node:fs';
import path from 'node:path';
import { beforePages } from './paint-before.mjs';
import { startServer, launchBrowser, root } from '../tests/browser/harness.mjs';

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
if (process.env.PAGES) {
  const wanted = process.env.PAGES.split(',');
  pages.splice(0, pages.length, ...pages.filter(([name]) => wanted.includes(name)));
  if (!pages.some(([name]) => name === 'floor')) throw new Error('bench-paint: PAGES must include floor');
}

// Runs in every page before its own scripts: the time of the first animation frame at which a
// question (a .field not hidden, in the widget's or the floor's shadow root) is in the DOM.
function watchFirstQuestion() {
  window.__ready = new Promise((resolve, reject) => {
    document.addEventListener('leadqual:ready', () => resolve(performance.now()), { once: true });
    document.addEventListener('leadqual:error', ({ detail }) => {
      if (detail?.phase === 'load') reject(new Error(`leadqual:error while loading: ${detail.message}`));
    });
  });
  window.__ready.catch(() => {}); // read by the bench after the first question; not unhandled meanwhile
  window.__firstQuestion = new Promise((resolve) => {
    const shown = () =>
      [...document.querySelectorAll('lead-qualifier, #floor')].some((host) =>
        host.shadowRoot?.querySelector('.field:not([hidden])'),
      );
    const frame = () => (shown() ? resolve(performance.now()) : requestAnimationFrame(frame));
    requestAnimationFrame(frame);
  });
}

// A page that never shows its question or never fires leadqual:ready (a broken build, an old
// revision refusing today's compiled model) fails the bench with what it was waiting for and
// the page's first error, rather than waiting for ever; a widget's load error fails it at once.
const patienceMs = 30_000;
async function within(what, wait, firstError) {
  let timer;
  const late = new Promise((_, reject) => {
    timer = setTimeout(() => {
      const error = firstError() ? `; the page's first error: ${firstError()}` : '';
      reject(new Error(`bench-paint: ${what} not within ${patienceMs / 1000} s${error}`));
    }, patienceMs);
  });
  try {
    return await Promise.race([wait, late]);
  } finally {
    clearTimeout(timer);
  }
}

const server = await startServer();
const browser = await launchBrowser({ args: ['--disable-gpu-vsync', '--disable-frame-rate-limit'] });
const times = Object.fromEntries(pages.map(([name]) => [name, []]));
const readyTimes = {};
try {
  for (let round = 0; round <= rounds; round++) {
    for (const [name, url] of pages) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      await context.addInitScript(watchFirstQuestion);
      const page = await context.newPage();
      let firstError = '';
      page.on('pageerror', (error) => (firstError ||= error.message));
      await page.goto(`${server.url}${url}`);
      const ms = await within(
        `${name} (${url}): a question painted`,
        page.evaluate(() => window.__firstQuestion),
        () => firstError,
      );
      const ready =
        name === 'floor'
          ? null
          : await within(
              `${name} (${url}): leadqual:ready`,
              page.evaluate(() => window.__ready),
              () => firstError,
            );
      if (round > 0) {
        // round 0 warms Chromium itself
        times[name].push(ms);
        if (ready !== null) (readyTimes[name] ??= []).push(ready);
      }
      await context.close();
    }
  }
} finally {
  await browser.close();
  await server.close();
  revision?.remove();
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const floor = median(times.floor);
console.log(`first question painted (navigation → frame), ${rounds} cold loads each, median [min–max]:`);
for (const [name] of pages) {
  const xs = times[name];
  console.log(
    `  ${name.padEnd(11)} ${median(xs).toFixed(1).padStart(7)} ms  [${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)}]  ${(median(xs) / floor).toFixed(2)}× the floor` +
      // Each round's load over the floor's load of the same round, the median of those: a change of
      // the machine's load between rounds falls on both of a pair.
      `, ${median(xs.map((x, i) => x / times.floor[i])).toFixed(2)}× paired` +
      (readyTimes[name] ? `; runtime ready (leadqual:ready) ${median(readyTimes[name]).toFixed(1)} ms` : ''),
  );
}
console.log('  target: compiled within 1.15× the floor');
