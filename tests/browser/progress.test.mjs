// The visit funnel, opt-in with `progress-endpoint`: the widget reports that a visit started,
// which questions it answered (each once) and that it completed — never an answer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServerAndBrowser, openPage, waitForWidget } from './harness.mjs';
import { submitPrivacyProbe, PRIVATE_ANSWERS } from './flows.mjs';

const env = useServerAndBrowser();
const HOST = 'lead-qualifier';

// The privacy probe's widget (form mode, delivering to the test collector), no step posted yet.
async function openWidget(attributes = {}) {
  env.server.collector.progress.length = 0;
  const params = new URLSearchParams({
    model: '/test/private.json',
    mode: 'form',
    endpoint: '/api/v1/results',
    ...attributes,
  });
  const opened = await openPage(env.browser, `${env.server.url}/test/delivery.html?${params}`);
  await waitForWidget(opened.page, HOST);
  return opened;
}

test('progress-endpoint: start, each answered question once, completion; no answer in any step', async () => {
  const { page, context, errors } = await openWidget({ 'progress-endpoint': '/api/v1/progress' });
  assert.equal(env.server.collector.progress.length, 0, 'nothing before the visitor touches the form');
  // Change one answer twice: still one step for it.
  await page.locator(`${HOST} [data-question=fleet] input`).fill('12');
  await submitPrivacyProbe(page, HOST);
  await env.server.collector.waitForStored(1);
  await page.waitForFunction(() => window.__events.some((e) => e.type === 'leadqual:submitted'));
  const deadline = Date.now() + 5000;
  while (env.server.collector.progress.length < 7 && Date.now() < deadline) await page.waitForTimeout(100);
  const steps = env.server.collector.progress.map((p) => JSON.parse(p.body));
  assert.deepEqual(
    steps.map((s) => [s.event, s.question ?? null]),
    [
      ['start', null],
      ['answered', 'fleet'],
      ['answered', 'role'],
      ['answered', 'notes'],
      ['answered', 'email'],
      ['answered', 'company'],
      ['complete', null],
    ],
  );
  assert.equal(new Set(steps.map((s) => s.session)).size, 1, 'one visit, one session id');
  assert.match(steps[0].session, /^[0-9a-f-]{36}$/);
  assert.deepEqual(steps[0].model, { id: 'privacy-probe', version: '1' });
  for (const p of env.server.collector.progress) {
    assert.equal(p.headers['content-type'], 'text/plain', 'a simple request: no preflight');
    for (const secret of [PRIVATE_ANSWERS.role, PRIVATE_ANSWERS.notes, 'ada@example.org', '4321'])
      assert.ok(!p.body.includes(secret), `${secret} in a progress step`);
  }
  assert.deepEqual(errors, []);
  await context.close();
});

// Steps posted so far, once `count` arrived (or after a while: a step too many shows too).
async function steps(page, count) {
  const deadline = Date.now() + 3000;
  while (env.server.collector.progress.length < count && Date.now() < deadline) await page.waitForTimeout(100);
  await page.waitForTimeout(300);
  return env.server.collector.progress.map((p) => JSON.parse(p.body)).map((s) => [s.event, s.question ?? null]);
}

// A visit that gives up at the first question is a start without an answer: the dashboard's
// drop-off at the first question counts it (it used to be counted at the first answer, so that
// drop-off was always zero).
test('a visitor who touches the first question and leaves is a start, with no answer', async () => {
  const { page, context, errors } = await openWidget({ 'progress-endpoint': '/api/v1/progress' });
  await page.locator(`${HOST} [data-question=fleet] input`).focus();
  assert.deepEqual(await steps(page, 1), [['start', null]]);
  assert.deepEqual(errors, []);
  await context.close();

  // enhanceForm() the same way: a press on the page's own form starts the visit.
  env.server.collector.progress.length = 0;
  const form = await openPage(
    env.browser,
    `${env.server.url}/test/private-form.html?endpoint=/api/v1/results&progress-endpoint=/api/v1/progress`,
  );
  await form.page.evaluate(() => window.__enhanced);
  assert.equal(env.server.collector.progress.length, 0, 'nothing before the visitor touches the form');
  await form.page.click('select[name=role]');
  assert.deepEqual(await steps(form.page, 1), [['start', null]]);
  await form.page.fill('input[name=fleet]', '40');
  assert.deepEqual(await steps(form.page, 2), [
    ['start', null],
    ['answered', 'fleet'],
  ]);
  await form.context.close();
});

test('without progress-endpoint nothing is reported', async () => {
  const { page, context } = await openWidget();
  await submitPrivacyProbe(page, HOST);
  await page.waitForFunction(() => window.__events.some((e) => e.type === 'leadqual:submitted'));
  assert.equal(env.server.collector.progress.length, 0);
  await context.close();
});
