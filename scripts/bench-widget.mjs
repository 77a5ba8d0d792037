#!/usr/bin/env node
// Widget figures for docs/performance.md (a measurement, not a test):
// 1. gzip -9 size of what <lead-qualifier> adds to a page (its JS modules and CSS), next to the
//    JS API and WebAssembly module it loads;
// 2. time from the widget script's request to the first question painted, in headless Chromium,
//    over fresh browser contexts (cold cache) on a loopback server.
// Usage: node scripts/bench-widget.mjs [runs]   (default 15; after scripts/build)
import { readFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { startServer, launchBrowser, root } from '../tests/browser/harness.mjs';

const runs = Number(process.argv[2] || 15);
// What a page loads: the minified bundles of scripts/build-widget, and the sources for reference.
const WIDGET = ['widget.min.js', 'widget.css'];
const SOURCES = ['widget.js', 'widget-styles.js', 'delivery.js', 'i18n.js', 'format.js', 'dom.js', 'widget.css'];
const API = ['leadqual.js', 'build/leadqual-core.js', 'build/leadqual-core.wasm'];

async function gzipSize(files) {
  let raw = 0;
  let gz = 0;
  for (const file of files) {
    const data = await readFile(path.join(root, 'web', file));
    raw += data.length;
    gz += gzipSync(data, { level: 9 }).length;
  }
  return { raw, gz };
}

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const widget = await gzipSize(WIDGET);
const sources = await gzipSize(SOURCES);
const enhance = await gzipSize(['enhance-form.min.js']);
const api = await gzipSize(API);
console.log('| what | files | raw | gzip -9 |');
console.log('| --- | --- | --- | --- |');
console.log(`| widget (JS + CSS) | ${WIDGET.join(', ')} | ${kb(widget.raw)} | ${kb(widget.gz)} |`);
console.log(`| widget sources, unbundled | ${SOURCES.join(', ')} | ${kb(sources.raw)} | ${kb(sources.gz)} |`);
console.log(`| enhanceForm | enhance-form.min.js | ${kb(enhance.raw)} | ${kb(enhance.gz)} |`);
console.log(`| JS API + WebAssembly | ${API.join(', ')} | ${kb(api.raw)} | ${kb(api.gz)} |`);
console.log(`| everything the quiz page loads | | ${kb(widget.raw + api.raw)} | ${kb(widget.gz + api.gz)} |`);

const server = await startServer();
const browser = await launchBrowser();
const times = [];
try {
  for (let i = 0; i < runs; i++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${server.url}/test/bench.html`);
    const ms = await page.evaluate(
      () =>
        new Promise((resolve) => {
          const check = () => {
            const host = document.querySelector('lead-qualifier');
            if (host?.shadowRoot?.querySelector('.field:not([hidden])')) {
              // The next frame is the first one with the question painted.
              requestAnimationFrame(() => {
                const start = performance
                  .getEntriesByType('resource')
                  .find((e) => e.name.endsWith('/widget.min.js')).startTime;
                resolve(performance.now() - start);
              });
            } else requestAnimationFrame(check);
          };
          check();
        }),
    );
    if (i > 0) times.push(ms); // the first run also warms Chromium itself
    await context.close();
  }
} finally {
  await browser.close();
  await server.close();
}
times.sort((a, b) => a - b);
const at = (q) => times[Math.min(times.length - 1, Math.floor(q * times.length))];
console.log(
  `\nwidget.min.js request → first question painted, ${times.length} cold loads: median ${at(0.5).toFixed(0)} ms, p90 ${at(0.9).toFixed(0)} ms, min ${times[0].toFixed(0)} ms`,
);
