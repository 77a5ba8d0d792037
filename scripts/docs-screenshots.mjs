#!/usr/bin/env node
// The pictures of the docs, taken in Debian's Chromium. `node scripts/docs-screenshots.mjs
// [folder]` writes them all into the folder (default docs/); needs a built widget, studio and
// WebAssembly module (npm run build).
// - docs/widget.md: the results page of the demo quiz as a visitor ends it (a plausible
//   sales-ready prospect: budget in approval, 1,000–5,000 invoices a month, a buying committee,
//   an important need, within six months), at 1280 and 375 px (takeScreenshots;
//   tests/browser/results.test.mjs runs it into test-artifacts/).
// - docs/studio.md: the studio on the ROI calculator preset, its calculator preview filled in as a
//   prospect would (12 people, 4 hours a week each, at 45 an hour, starting this quarter) with the
//   widget's results and the live result beside it, on a desktop and a phone, the preview light
//   and dark, the Test leads tab, and the Backtest tab on BANT with a CRM history of 300 leads
//   (takeStudioScreenshots; tests/browser/studio.test.mjs runs it).
import path from 'node:path';
import { mkdir } from 'node:fs/promises';
import { startServer, launchBrowser, openPage, waitForWidget, root } from '../tests/browser/harness.mjs';
import { completeQuiz, bantHistory } from '../tests/browser/flows.mjs';

const QUIZ = '#bant-quiz';
const PROSPECT = { budget: 1, invoices: 2, authority: 1, need: 1, timeline: 1 };
// docs/widget.md.
const WIDGET_SHOTS = [
  { width: 1280, file: 'results-page.png' },
  { width: 375, file: 'results-page-375.png' },
];

// Runs `take(server, browser)` with the server and browser of `env` (the browser tests'), or with
// its own, started with `serverOptions` and closed after.
async function withBrowser(env, serverOptions, take) {
  const server = env.server ?? (await startServer(serverOptions));
  const browser = env.browser ?? (await launchBrowser());
  try {
    return await take(server, browser);
  } finally {
    if (!env.browser) await browser.close();
    if (!env.server) await server.close();
  }
}

// Each take… writes its pictures into `folder` (default docs/) and returns the files written.
export async function takeScreenshots(folder = path.join(root, 'docs'), env = {}) {
  await mkdir(folder, { recursive: true });
  return withBrowser(env, {}, async (server, browser) => {
    const written = [];
    for (const { width, file } of WIDGET_SHOTS) {
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
    return written;
  });
}

// docs/studio.md. `results`: the preview scrolled to the widget's results (else the page's top;
// on a phone, the editor).
export const STUDIO_SHOTS = [
  { file: 'studio-desktop.png', width: 1120, height: 600, theme: 'Light', results: true },
  { file: 'studio-desktop-dark.png', width: 1120, height: 600, theme: 'Dark', results: true },
  { file: 'studio-375.png', width: 375, height: 720, theme: 'Light' },
  { file: 'studio-375-dark.png', width: 375, height: 720, theme: 'Dark', results: true },
  { file: 'studio-leads.png', width: 1120, height: 600, tab: 'Test leads' },
  { file: 'studio-backtest.png', width: 1120, height: 720, tab: 'Backtest', preset: 'bant.json' },
];

const ROI_PROSPECT = [
  ['How many people do this work?', '12'],
  [/Loaded cost/, '45'],
];
const HOURS = 4; // the slider, moved with the keyboard as a visitor would
const LEADS =
  '{"team_size": 40, "hours_per_week": 10, "hourly_cost": 60, "timeline": "this_quarter"}\n' +
  '{"team_size": 12, "hours_per_week": 8, "hourly_cost": 55, "timeline": "this_year"}\n' +
  '{"team_size": 3, "hours_per_week": 2, "hourly_cost": 30}';

// One picture: a fresh profile (the start dialog), the preset, then the shot's tab or preview.
async function takeStudio(browser, url, shot, target) {
  const context = await browser.newContext({
    viewport: { width: shot.width, height: shot.height },
    reducedMotion: 'reduce',
  });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  try {
    await page.goto(url);
    await page.locator(`dialog.start [data-preset="${shot.preset ?? 'roi-calculator.json'}"]`).click();
    await page.getByTestId('status').filter({ hasText: 'Valid' }).waitFor();
    if (shot.tab === 'Backtest') {
      await page.getByRole('tab', { name: shot.tab }).click();
      const history = { name: 'crm-export.csv', mimeType: 'text/csv', buffer: Buffer.from(bantHistory(300)) };
      await page.getByTestId('backtest-file').setInputFiles(history);
      await page.getByLabel('Outcome column').fill('converted');
      await page.getByRole('button', { name: 'Run backtest' }).click();
      const report = page.getByTestId('backtest-report');
      await report.getByTestId('auc').waitFor();
      await report.evaluate((el) => window.scrollBy(0, el.getBoundingClientRect().top - 120));
    } else if (shot.tab) {
      await page.getByRole('tab', { name: shot.tab }).click();
      await page.getByLabel('…or paste leads').fill(LEADS);
      await page.getByRole('button', { name: 'Score the pasted leads' }).click();
      await page.getByTestId('stage-counts').waitFor();
    } else {
      // On a phone the editor and the preview take turns: the shot shows one of them.
      const phone = shot.width < 1000;
      if (phone) await page.getByRole('button', { name: 'Preview', exact: true }).click();
      await page.getByRole('button', { name: 'Calculator' }).click();
      await page.getByRole('button', { name: shot.theme }).click();
      const widget = page.locator('lq-preview lead-qualifier');
      for (const [label, value] of ROI_PROSPECT) await widget.getByLabel(label).fill(value);
      await widget.getByLabel('Hours each of them spends on it a week').press('Home');
      for (let i = 0; i < HOURS; i++)
        await widget.getByLabel('Hours each of them spends on it a week').press('ArrowRight');
      await widget.getByLabel('This quarter').check();
      await page.getByTestId('live-stage').filter({ hasText: 'Sales-ready' }).waitFor();
      if (phone && !shot.results) await page.getByRole('button', { name: 'Edit', exact: true }).click();
      if (shot.results)
        await widget.locator('.results').evaluate((el, phone) => {
          // Only what scrolls the preview moves: its column, or on a phone the page.
          const column = phone ? document.scrollingElement : document.querySelector('.preview-col');
          const top = phone ? 0 : column.getBoundingClientRect().top;
          column.scrollTop += el.getBoundingClientRect().top - top - 16;
        }, phone);
    }
    // No focus ring or caret in the picture: it shows the page, not the keyboard state.
    await page.evaluate(() => {
      let focused = document.activeElement;
      while (focused?.shadowRoot?.activeElement) focused = focused.shadowRoot.activeElement;
      focused?.blur();
    });
    await page.mouse.move(0, 0);
    await page.waitForTimeout(300);
    await page.screenshot({ path: target, animations: 'disabled', caret: 'hide' });
    if (errors.length) throw new Error(`the studio failed: ${errors.join('; ')}`);
  } finally {
    await context.close();
  }
}

export async function takeStudioScreenshots(folder = path.join(root, 'docs'), env = {}) {
  await mkdir(folder, { recursive: true });
  return withBrowser(env, { csp: true }, async (server, browser) => {
    const written = [];
    for (const shot of STUDIO_SHOTS) {
      const target = path.join(folder, shot.file);
      await takeStudio(browser, `${server.url}/studio/`, shot, target);
      written.push(target);
    }
    return written;
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const folder = process.argv[2] ? path.resolve(process.argv[2]) : undefined;
  for (const file of [...(await takeScreenshots(folder)), ...(await takeStudioScreenshots(folder))]) console.log(file);
}
