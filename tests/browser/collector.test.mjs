// The demo site against the real collector (`leadqual serve`, built by scripts/build): every demo
// completed in Chromium is accepted (201) — the posted result passes the collector's schema and
// model-consistency checks — and stored exactly once; the form-encoded format is accepted too.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { collectorBinary, collectorDb, startCollector, launchBrowser, openPage, waitForWidget } from './harness.mjs';
import { completeQuiz } from './flows.mjs';

const TOKEN = 'browser-test-token';
let stopServer;
let url;
let dir;
let browser;

before(async () => {
  assert.ok(existsSync(collectorBinary), `${collectorBinary} is missing: run scripts/build (or set LEADQUAL_BIN)`);
  dir = await mkdtemp(path.join(tmpdir(), 'leadqual-widget-'));
  // The demo site (web/) and its models, as `npm start` serves them.
  const site = ['--root', 'web', '--models', 'models', '--models', 'web/demo/models'];
  ({ stop: stopServer, url } = await startCollector([...site, '--db', await collectorDb(dir)], TOKEN));
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await stopServer?.();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function stored() {
  const response = await fetch(`${url}/api/v1/results`, { headers: { authorization: `Bearer ${TOKEN}` } });
  assert.equal(response.status, 200);
  return (await response.json()).results;
}

async function submittedStatus(page) {
  await page.waitForFunction(() =>
    window.__events.some((e) => e.type === 'leadqual:submitted' || (e.type === 'leadqual:error' && !e.detail.retrying)),
  );
  const events = await page.evaluate(() =>
    window.__events.filter((e) => e.type === 'leadqual:submitted' || e.type === 'leadqual:error'),
  );
  return events.map((e) => (e.type === 'leadqual:submitted' ? e.detail.status : `error: ${e.detail.message}`));
}

test('the BANT quiz, the ROI calculator and the MINDA scorecard are each stored once by leadqual serve', async () => {
  const ids = [];
  for (const [demo, selector, mode] of [
    ['index', '#bant-quiz', 'quiz'],
    ['roi', '#roi-calculator', 'calculator'],
    ['scorecard', '#minda-scorecard', 'form'],
  ]) {
    const { page, context, errors } = await openPage(browser, `${url}/demo/${demo}.html`);
    await waitForWidget(page, selector);
    if (mode === 'quiz') await completeQuiz(page, selector, `${demo}@example.org`);
    else {
      // Every visible question answered with its first option, its minimum or an address.
      const model = await page.evaluate(
        (sel) => JSON.parse(JSON.stringify(document.querySelector(sel).model)),
        selector,
      );
      for (const q of model.questions) {
        const field = page.locator(`${selector} [data-question=${q.id}]`);
        if (q.type === 'choice') await field.locator('label.option').first().click();
        else if (q.type === 'number') await field.locator('input').fill(String(Math.max(q.min ?? 1, 1) * 10));
        else if (q.type === 'email') await field.locator('input').fill(`${demo}@example.org`);
      }
      if (model.submit?.consent) await page.locator(`${selector} .consent label[for=lq-consent]`).click();
      await page.locator(`${selector} button[part~=next]`).click();
    }
    assert.deepEqual(await submittedStatus(page), [201], demo);
    ids.push(await page.evaluate(() => window.__events.find((e) => e.type === 'leadqual:complete').detail.id));
    assert.deepEqual(errors, []);
    await context.close();
  }
  const results = await stored();
  for (const id of ids) assert.equal(results.filter((r) => r.id === id).length, 1, id);
});

test('the enhanced contact form and the form-encoded format are accepted by leadqual serve', async () => {
  const { page, context } = await openPage(browser, `${url}/demo/contact.html`);
  await page.locator('#live-score').filter({ hasText: 'Lead score' }).waitFor();
  await page.fill('input[name=name]', 'Grace Hopper');
  await page.fill('input[name=email]', 'grace@navy.example');
  await page.selectOption('select[name=company_size]', '200-999');
  await page.check('input[name=consent]');
  await page.click('form button[type=submit]');
  await page.waitForFunction(() => window.__events.some((e) => e.type === 'leadqual:submitted'));
  const formId = await page.evaluate(() => window.__events.find((e) => e.type === 'leadqual:complete').detail.id);
  await context.close();

  const quiz = await openPage(browser, `${url}/demo/index.html`);
  await waitForWidget(quiz.page, '#bant-quiz');
  await quiz.page.locator('#bant-quiz').evaluate((el) => el.setAttribute('submit-format', 'form'));
  await completeQuiz(quiz.page, '#bant-quiz', 'form-encoded@example.org');
  // The form format is sent no-cors (form receivers rarely answer CORS): the status stays hidden.
  assert.deepEqual(await submittedStatus(quiz.page), [null]);
  const quizId = await quiz.page.evaluate(() => window.__events.find((e) => e.type === 'leadqual:complete').detail.id);
  await quiz.context.close();

  const results = await stored();
  const contact = results.find((r) => r.id === formId);
  assert.deepEqual(contact.fields, { name: 'Grace Hopper', email: 'grace@navy.example' });
  const encoded = results.find((r) => r.id === quizId);
  assert.equal(encoded.fields.email, 'form-encoded@example.org');
  assert.equal(encoded.result.stage, 'sql');
});
