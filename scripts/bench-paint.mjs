#!/usr/bin/env node
// The first-paint bench (issue 9's target: within 1.15x of the floor), a measurement, not a
// test. In headless Chromium over fresh browser contexts (cold cache) on a loopback server, the
// time from navigation to the first frame with the first question of models/frameworks/bant on
// screen, for:
//   floor     tests/browser/fixtures/paint-floor.html: plain JS fetches the compiled model and
//             builds the question's DOM with the widget's stylesheet (no API, no WebAssembly);
//   compiled  paint-widget.html: <lead-qualifier> with the compiled model (bant.lqc);
//   json      bench.html: <lead-qualifier> with the model's JSON (the core module compiles it);
//   before    with BEFORE=<git revision>: the compiled page with that revision's widget and API
//             (web/ of the revision, bundled here; the WebAssembly build is today's).
// Every page has the preload hints docs/widget.md recommends. Rounds alternate the pages; each
// page's figure is the median of its rounds, and the ratios are of medians of one run.
// Frames are unthrottled (no vsync) so that a frame is not a 16.7 ms step.
// Usage: node scripts/bench-paint.mjs [rounds]   (default 15; after npm run build)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer, launchBrowser, root } from '../tests/browser/harness.mjs';

const rounds = Number(process.argv[2] || 15);
const before = process.env.BEFORE;
for (const file of ['models/frameworks/bant.lqc', 'web/widget.min.js', 'web/build/leadqual-runtime.wasm']) {
  if (!existsSync(path.join(root, file))) throw new Error(`bench-paint: ${file} is missing: run npm run build`);
}

const pages = [
  ['floor', '/test/paint-floor.html'],
  ['compiled', '/test/paint-widget.html'],
  ['json', '/test/bench.html'],
];

// The revision's web/ in a temporary folder, its widget bundled as scripts/build-widget does,
// served at /before/ (its build/ is today's WebAssembly build).
let beforeDir = null;
if (before) {
  beforeDir = mkdtempSync(path.join(tmpdir(), 'leadqual-paint-'));
  execFileSync('sh', ['-c', `git archive ${before} web | tar -x -C ${beforeDir}`], { cwd: root });
  execFileSync(
    path.join(root, 'node_modules/.bin/esbuild'),
    [
      'web/widget.js',
      '--bundle',
      '--minify',
      '--format=esm',
      '--target=es2022',
      '--external:./leadqual.js',
      '--outfile=web/widget.min.js',
      '--log-level=warning',
    ],
    { cwd: beforeDir },
  );
  symlinkSync(path.join(root, 'web/build'), path.join(beforeDir, 'web/build'));
  pages.push(['before', '/test/paint-widget.html?before']);
}

// Runs in every page before its own scripts: the time of the first animation frame at which a
// question (a .field not hidden, in the widget's or the floor's shadow root) is in the DOM.
function watchFirstQuestion() {
  window.__firstQuestion = new Promise((resolve) => {
    const shown = () =>
      [...document.querySelectorAll('lead-qualifier, #floor')].some((host) =>
        host.shadowRoot?.querySelector('.field:not([hidden])'),
      );
    const frame = () => (shown() ? resolve(performance.now()) : requestAnimationFrame(frame));
    requestAnimationFrame(frame);
  });
}

const server = await startServer();
const browser = await launchBrowser({ args: ['--disable-gpu-vsync', '--disable-frame-rate-limit'] });
const times = Object.fromEntries(pages.map(([name]) => [name, []]));
try {
  for (let round = 0; round <= rounds; round++) {
    for (const [name, url] of pages) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      await context.addInitScript(watchFirstQuestion);
      if (name === 'before') {
        const html = readFileSync(path.join(root, 'tests/browser/fixtures/paint-widget.html'), 'utf8')
          .replaceAll('"/widget.min.js"', '"/before/widget.min.js"')
          .replaceAll('"/leadqual.js"', '"/before/leadqual.js"')
          .replaceAll('"/build/', '"/before/build/');
        await context.route('**/test/paint-widget.html?before', (r) =>
          r.fulfill({ body: html, contentType: 'text/html' }),
        );
        await context.route('**/before/**', (r) => {
          const file = path.join(beforeDir, 'web', new URL(r.request().url()).pathname.slice('/before/'.length));
          const type = file.endsWith('.wasm') ? 'application/wasm' : 'text/javascript';
          return r.fulfill({ body: readFileSync(file), contentType: type });
        });
      }
      const page = await context.newPage();
      await page.goto(`${server.url}${url}`);
      const ms = await page.evaluate(() => window.__firstQuestion);
      if (round > 0) times[name].push(ms); // round 0 warms Chromium itself
      await context.close();
    }
  }
} finally {
  await browser.close();
  await server.close();
  if (beforeDir) rmSync(beforeDir, { recursive: true, force: true });
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
    `  ${name.padEnd(9)} ${median(xs).toFixed(1).padStart(7)} ms  [${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)}]  ${(median(xs) / floor).toFixed(2)}× the floor`,
  );
}
console.log('  target: compiled within 1.15× the floor');
