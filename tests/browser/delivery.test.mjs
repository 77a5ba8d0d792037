// Delivery through flaky networks, in the browser: offline then online gives exactly one
// delivery; a submission left in the outbox by a closed page goes out on the next page load;
// a 500 is retried with the same submission id until the endpoint accepts it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServerAndBrowser, openPage, waitForWidget, events } from './harness.mjs';
import { completeQuiz } from './flows.mjs';

const QUIZ = '#bant-quiz';
const env = useServerAndBrowser();

const outboxEntries = (page) => page.evaluate(() => JSON.parse(localStorage.getItem('leadqual:outbox') || '[]'));
const requestsFor = (id) => env.server.collector.requests.filter((r) => r.payload?.id === id);

test('offline submit is queued in localStorage and delivered exactly once when back online', async () => {
  env.server.collector.stored.clear();
  const { page, context, errors } = await openPage(env.browser, `${env.server.url}/demo/index.html`);
  await waitForWidget(page, QUIZ);
  await context.setOffline(true);
  await completeQuiz(page, QUIZ, 'offline@example.org');
  await page.waitForFunction(() => window.__events.some((e) => e.type === 'leadqual:error' && e.detail.retrying));
  const queued = await outboxEntries(page);
  assert.equal(queued.length, 1);
  const id = queued[0].id;
  assert.equal(
    await page.locator(`${QUIZ} .status`).textContent(),
    'You seem to be offline. We will send your answers as soon as you are back online.',
  );
  assert.equal(requestsFor(id).length, 0);

  await context.setOffline(false);
  await env.server.collector.waitForStored(1);
  await page.waitForFunction(() => window.__events.some((e) => e.type === 'leadqual:submitted'));
  assert.deepEqual(
    (await events(page, 'submitted')).map((e) => e.detail),
    [{ id, status: 201, confirmed: true }],
  );
  assert.deepEqual(await outboxEntries(page), []);
  assert.equal(await page.locator(`${QUIZ} .status`).textContent(), 'Thank you — your answers were sent.');
  // A new page load flushes the outbox again: nothing is left to send twice.
  await page.reload();
  await waitForWidget(page, QUIZ);
  assert.equal(requestsFor(id).length, 1);
  assert.equal(env.server.collector.stored.size, 1);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a submission queued by a page closed while offline is sent by the next page load', async () => {
  env.server.collector.stored.clear();
  const context = await env.browser.newContext();
  const first = await openPage(env.browser, `${env.server.url}/demo/index.html`, { context });
  await waitForWidget(first.page, QUIZ);
  await context.setOffline(true);
  await completeQuiz(first.page, QUIZ, 'later@example.org');
  const [entry] = await outboxEntries(first.page);
  await first.page.close();
  await context.setOffline(false);
  assert.equal(requestsFor(entry.id).length, 0);

  const second = await openPage(env.browser, `${env.server.url}/demo/roi.html`, { context });
  const [stored] = await env.server.collector.waitForStored(1);
  assert.equal(stored.id, entry.id);
  assert.equal(stored.fields.email, 'later@example.org');
  await second.page.waitForFunction(() => localStorage.getItem('leadqual:outbox') === '[]');
  assert.equal(requestsFor(entry.id).length, 1);
  await context.close();
});

test('a 500 is retried with the same id and Idempotency-Key until a 201', async () => {
  env.server.collector.stored.clear();
  env.server.collector.failNext(1, 500);
  const { page, context } = await openPage(env.browser, `${env.server.url}/demo/index.html`);
  await waitForWidget(page, QUIZ);
  await completeQuiz(page, QUIZ, 'retry@example.org');
  const [payload] = await env.server.collector.waitForStored(1);
  await page.waitForFunction(() => window.__events.some((e) => e.type === 'leadqual:submitted'));
  const attempts = requestsFor(payload.id);
  assert.deepEqual(
    attempts.map((r) => r.status),
    [500, 201],
  );
  assert.deepEqual(
    attempts.map((r) => r.headers['idempotency-key']),
    [payload.id, payload.id],
  );
  assert.equal(attempts[0].body, attempts[1].body);
  const retried = (await events(page, 'error')).filter((e) => e.detail.retrying);
  assert.equal(retried.length, 1);
  assert.equal(retried[0].detail.status, 500);
  assert.deepEqual(
    (await events(page, 'submitted')).map((e) => e.detail),
    [{ id: payload.id, status: 201, confirmed: true }],
  );
  assert.deepEqual(await outboxEntries(page), []);
  await context.close();
});

test('a 4xx refusal is not retried: the entry leaves the outbox and leadqual:error says why', async () => {
  env.server.collector.stored.clear();
  env.server.collector.failNext(1, 400);
  const { page, context } = await openPage(env.browser, `${env.server.url}/demo/index.html`);
  await waitForWidget(page, QUIZ);
  const before1 = env.server.collector.requests.length;
  await completeQuiz(page, QUIZ, 'refused@example.org');
  await page.waitForFunction(() => window.__events.some((e) => e.type === 'leadqual:error' && !e.detail.retrying));
  assert.equal(env.server.collector.requests.length, before1 + 1);
  assert.deepEqual(await outboxEntries(page), []);
  const [error] = (await events(page, 'error')).filter((e) => !e.detail.retrying);
  assert.match(error.detail.message, /HTTP 400/);
  assert.equal(error.detail.phase, 'submit');
  await context.close();
});
