#!/usr/bin/env node
// The pictures of docs/widget.md: the results page of the demo quiz, taken in Debian's Chromium as
// a visitor ends it (a plausible sales-ready prospect: budget in approval, 1,000–5,000 invoices a
// month, a buying committee, an important need, within six months), at 1280 and 375 px.
// `node scripts/docs-screenshots.mjs [folder]` writes results-page.png and results-page-375.png
// into the folder (default docs/); tests/browser/results.test.mjs runs it into test-artifacts/.
// Needs a built widget and WebAssembly module (npm run build).
import path from 'node:path';
import { mkdir } from 'node:fs/promises';
import { startServer, launchBrowser, openPage, waitForWidget, root } from '../tests/browser/harness.mjs';
import { completeQuiz } from '../tests/browser/flows.mjs';

const QUIZ = '#bant-quiz';
const PROSPECT = { budget: 1, invoices: 2, authority: 1, need: 1, timeline: 1 };
const SHOTS = [
  { width: 1280, file: 'results-page.png' },
  { width: 375, file: 'results-page-375.png' },
];

// Writes the pictures into `folder`; with `env` ({server, browser} of the browser tests) it uses
// those, else it starts its own. Returns the files written.
export async function takeScreenshots(folder = path.join(root, 'docs'), env = {}) {
  await mkdir(folder, { recursive: true });
  const server = env.server ?? (await startServer());
  const browser = env.browser ?? (await launchBrowser());
  const written = [];
  try {
    for (const { width, file } of SHOTS) {
      const { page, context, errors } = await openPage(browser, `${server.url}/demo/index.html`, {
        viewport: { width, height: 900 },
      });
      await waitForWidget(page, QUIZ);
      await completeQuiz(page, QUIZ, 'kim@initech.example', PROSPECT);
      await page.locator(`${QUIZ} .outcome:not([hidden])`).waitFor();
      // No focus ring in the picture: the page, not the keyboard state, is what it shows.
      await page.locator(QUIZ).evaluate((host) => host.shadowRoot.activeElement?.blur());
      const target = path.join(folder, file);
      await page.locator(QUIZ).screenshot({ path: target, animations: 'disabled' });
      if (errors.length) throw new Error(`the demo page failed: ${errors.join('; ')}`);
      written.push(target);
      await context.close();
    }
  } finally {
    if (!env.browser) await browser.close();
    if (!env.server) await server.close();
  }
  return written;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const written = await takeScreenshots(process.argv[2] ? path.resolve(process.argv[2]) : undefined);
  for (const file of written) console.log(file);
}
