// The BANT quiz of the demo landing page (web/demo/models/ledgerline-quiz.json), taken as a
// visitor would: by mouse, then by keyboard only. The collector double receives exactly one payload per completion, its result is the
// core's own result for the same answers, and no unshared answer is in it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServerAndBrowser, openPage, waitForWidget, events, corePosted, readModel } from './harness.mjs';
import { normalizedModel, visibleField, answerByMouse, activeInWidget, tabInto, startQuiz } from './flows.mjs';
import { formatValue } from '../../web/format.js';
import { quizProgress } from '../../web/progress.js';

const QUIZ = '#bant-quiz';
const env = useServerAndBrowser();

function assertOnlySharedFields(payload, model, answers) {
  const shared = model.questions.filter((q) => q.share).map((q) => q.id);
  assert.deepEqual(Object.keys(payload.fields).sort(), shared.filter((id) => id in answers).sort());
  const text = JSON.stringify(payload);
  for (const [id, value] of Object.entries(answers)) {
    if (!shared.includes(id)) assert.ok(!(id in payload.fields), `unshared answer ${id} posted`);
    // Raw choice values (not their labels, which reasons quote) never travel.
    if (!shared.includes(id) && typeof value === 'string')
      assert.ok(!text.includes(`"${value}"`), `value of ${id} found in the payload`);
  }
}

test('mouse: every step, the outcome, one delivery with the core result and only the shared email', async () => {
  const { page, context, errors } = await openPage(env.browser, `${env.server.url}/demo/index.html`);
  await waitForWidget(page, QUIZ);
  const model = await normalizedModel(page, QUIZ);
  await startQuiz(page, QUIZ);
  const answers = {};
  const progress = [];
  const visited = [];
  // Best case: the first option of every choice.
  const choose = (q) => (q.type === 'email' ? 'ada@analytical-engines.example' : 0);
  for (let step = 0; step < 20; step++) {
    progress.push(await page.locator(`${QUIZ} .progress-text`).textContent());
    const id = await answerByMouse(page, QUIZ, model, answers, choose);
    visited.push(id);
    const q = model.questions.find((x) => x.id === id);
    const submitLabel = await page.locator(`${QUIZ} button[part~=next]`).textContent();
    if (submitLabel === 'Submit') {
      if (model.submit?.consent) await page.locator(`${QUIZ} .consent label[for=lq-consent]`).click();
      await page.locator(`${QUIZ} button[part~=next]`).click();
      break;
    }
    assert.notEqual(q, undefined);
    await page.locator(`${QUIZ} button[part~=next]`).click();
  }
  // The progress is the share of the model's questions before the one on screen: the question
  // the first answers skip (erp) counts as done, and nothing ever goes back or jumps.
  assert.ok(!visited.includes('erp'));
  assert.deepEqual(
    progress,
    visited.map((id) => `${quizProgress(model, id)}% complete`),
  );
  assert.deepEqual(
    progress.map((text) => parseInt(text, 10)),
    [0, 14, 43, 57, 71, 86],
  );

  await page.locator(`${QUIZ} .outcome:not([hidden])`).waitFor();
  const [payload] = await env.server.collector.waitForStored(1);
  await page.waitForFunction(() => window.__events.some((e) => e.type === 'leadqual:submitted'));

  const expected = await corePosted(await readModel('web/demo/models/ledgerline-quiz.json'), answers);
  assert.deepEqual(payload.result, expected);
  assert.equal(payload.result.stage, 'sql');
  assertOnlySharedFields(payload, model, answers);
  assert.deepEqual(payload.fields, { email: 'ada@analytical-engines.example' });
  assert.equal(payload.consent.given, true);
  assert.equal(payload.context.lang, 'en');
  assert.match(payload.context.url, /\/demo\/index\.html$/);
  assert.equal(payload.antispam.honeypot, '');
  assert.ok(payload.antispam.elapsedMs >= 0);
  assert.match(payload.id, /^[0-9a-f-]{36}$/);
  assert.ok(!Number.isNaN(Date.parse(payload.submittedAt)));

  const request = env.server.collector.requests.find((r) => r.payload?.id === payload.id);
  assert.equal(request.headers['idempotency-key'], payload.id);
  assert.equal(env.server.collector.requests.filter((r) => r.payload?.id === payload.id).length, 1);

  // The outcome screen of the stage, its title filled from the result, with its calls to action,
  // has the focus.
  const outcome = model.outcomes.sql;
  // (The posted result keeps the computed values private; the page shows them from its own.)
  const shown = await page.locator(QUIZ).evaluate((el) => el.result.computed.annual_savings);
  const savings = formatValue(shown, { format: 'currency', lang: 'en' });
  assert.equal(
    await page.locator(`${QUIZ} .outcome-title`).textContent(),
    outcome.title.en.replace('{annual_savings}', savings),
  );
  assert.deepEqual(
    await page.locator(`${QUIZ} .cta`).allTextContents(),
    outcome.cta.map((cta) => cta.label.en),
  );
  assert.equal((await activeInWidget(page, QUIZ)).tag, 'SECTION');

  const complete = await events(page, 'complete');
  assert.equal(complete.length, 1);
  assert.equal(complete[0].detail.id, payload.id);
  assert.deepEqual(
    (await events(page, 'submitted')).map((e) => e.detail),
    [{ id: payload.id, status: 201, confirmed: true }],
  );
  assert.equal((await events(page, 'ready')).length, 1);
  assert.ok((await events(page, 'change')).length >= Object.keys(answers).length);
  for (const e of await events(page, 'change')) assert.ok(!('value' in e.detail), 'change events carry no raw answer');
  const dataLayer = await page.evaluate(() => window.dataLayer);
  assert.deepEqual(
    dataLayer.map((d) => d.event),
    ['leadqual_complete'],
  );
  assert.equal(dataLayer[0].leadqual.stage, 'sql');
  assert.deepEqual(errors, []);
  await context.close();
});

test('keyboard only: Tab in, choose with arrows and Space, Enter to advance, consent, submit', async () => {
  env.server.collector.stored.clear();
  const { page, context, errors } = await openPage(env.browser, `${env.server.url}/demo/index.html`);
  await waitForWidget(page, QUIZ);
  const model = await normalizedModel(page, QUIZ);
  await tabInto(page, QUIZ);
  // The intro screen's Start button comes first; Enter on it puts the focus on the first question.
  assert.equal((await activeInWidget(page, QUIZ)).tag, 'BUTTON');
  await page.keyboard.press('Enter');
  const answers = {};

  // Enter without an answer: the error is shown next to the question, the step stays.
  const first = await activeInWidget(page, QUIZ);
  await page.keyboard.press('Enter');
  const field = visibleField(page, QUIZ);
  assert.equal(await field.getAttribute('data-question'), first.question);
  assert.equal(await field.locator('.error').textContent(), 'Please answer this question.');
  assert.equal(await field.locator('input').first().getAttribute('aria-invalid'), 'true');

  for (let step = 0; step < 20; step++) {
    const active = await activeInWidget(page, QUIZ);
    const q = model.questions.find((x) => x.id === active.question);
    assert.ok(q, `focus is on a question (${JSON.stringify(active)})`);
    if (q.type === 'choice') {
      // Arrow keys move the choice (ArrowDown from the first option selects the second).
      await page.keyboard.press('Space');
      await page.keyboard.press('ArrowDown');
      answers[q.id] = q.options[1].value;
      await page.keyboard.press('Enter');
    } else {
      await page.keyboard.type('grace@cobol.example');
      answers[q.id] = 'grace@cobol.example';
      await page.keyboard.press('Enter');
      break;
    }
  }
  // The consent is missing: focus lands on it with its message; Space ticks it, Enter submits.
  const onConsent = await activeInWidget(page, QUIZ);
  assert.equal(onConsent.id, 'lq-consent');
  assert.equal(
    await page.locator(`${QUIZ} #lq-consent-error`).textContent(),
    'Please give your consent to send your details.',
  );
  assert.equal(
    env.server.collector.requests.filter((r) => r.payload?.fields?.email === 'grace@cobol.example').length,
    0,
  );
  await page.keyboard.press('Space');
  await page.keyboard.press('Enter');

  await page.locator(`${QUIZ} .outcome:not([hidden])`).waitFor();
  const [payload] = await env.server.collector.waitForStored(1);
  const expected = await corePosted(await readModel('web/demo/models/ledgerline-quiz.json'), answers);
  assert.deepEqual(payload.result, expected);
  assert.deepEqual(payload.fields, { email: 'grace@cobol.example' });
  assertOnlySharedFields(payload, model, answers);
  assert.equal((await activeInWidget(page, QUIZ)).tag, 'SECTION');
  assert.deepEqual(errors, []);
  await context.close();
});

test('Back returns to the previous question with its answer kept', async () => {
  const { page, context } = await openPage(env.browser, `${env.server.url}/demo/index.html`);
  await waitForWidget(page, QUIZ);
  const model = await normalizedModel(page, QUIZ);
  await startQuiz(page, QUIZ);
  const answers = {};
  const firstId = await answerByMouse(page, QUIZ, model, answers, () => 2);
  await page.locator(`${QUIZ} button[part~=next]`).click();
  assert.notEqual(await visibleField(page, QUIZ).getAttribute('data-question'), firstId);
  await page.locator(`${QUIZ} button[part~=back]`).click();
  assert.equal(await visibleField(page, QUIZ).getAttribute('data-question'), firstId);
  assert.equal(await visibleField(page, QUIZ).locator('input').nth(2).isChecked(), true);
  assert.equal((await activeInWidget(page, QUIZ)).question, firstId);
  assert.equal(await page.locator(`${QUIZ} button[part~=back]`).isHidden(), true);
  await context.close();
});

test("a stage's redirect is followed after the result is queued, and the result still arrives", async () => {
  env.server.collector.stored.clear();
  const { page, context } = await openPage(env.browser, `${env.server.url}/test/redirect.html`);
  await waitForWidget(page, '#redirect');
  await page.locator('#redirect label.option').first().click();
  await page.locator('#redirect button[part~=next]').click();
  await page.locator('#redirect #lq-q-email').fill('book@example.org');
  await Promise.all([page.waitForURL('**/test/booked.html'), page.locator('#redirect button[part~=next]').click()]);
  const [payload] = await env.server.collector.waitForStored(1);
  assert.equal(payload.result.stage, 'sql');
  assert.deepEqual(payload.fields, { email: 'book@example.org' });
  await context.close();
});

test('preventDefault() on leadqual:complete keeps the visitor on the outcome screen', async () => {
  const { page, context } = await openPage(env.browser, `${env.server.url}/test/redirect.html`);
  await waitForWidget(page, '#redirect');
  await page.evaluate(() => document.addEventListener('leadqual:complete', (event) => event.preventDefault()));
  await page.locator('#redirect label.option').first().click();
  await page.locator('#redirect button[part~=next]').click();
  await page.locator('#redirect #lq-q-email').fill('stay@example.org');
  await page.locator('#redirect button[part~=next]').click();
  await page.locator('#redirect .outcome:not([hidden])').waitFor();
  await page.waitForFunction(() => window.__events.some((e) => e.type === 'leadqual:submitted'));
  assert.match(page.url(), /\/test\/redirect\.html$/);
  assert.equal(await page.locator('#redirect .outcome-title').textContent(), 'Pick a time');
  await context.close();
});
