// The two ways round 1 lost leads, reproduced in Chromium:
// 1. a collector that does not know the page's model (a description changed, so did the hash)
//    answered 400 unknown_model, and the widget dropped the lead while telling the visitor it
//    would try again;
// 2. a form post to a receiver that accepts it but sends no CORS header (a form handler,
//    Web-to-Lead) looked like a failure, so the receiver got the same lead again and again.
// Both now deliver each lead exactly once; a refusal for good is dead-lettered, never dropped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServerAndBrowser, openPage, waitForWidget, events, startReceiver } from './harness.mjs';
import { submitPrivacyProbe } from './flows.mjs';

const env = useServerAndBrowser();
const HOST = 'lead-qualifier';
const outbox = (page) => page.evaluate(() => JSON.parse(localStorage.getItem('leadqual:outbox') || '[]'));
const deadLetters = (page) => page.evaluate(() => JSON.parse(localStorage.getItem('leadqual:dead-letter') || '[]'));
const status = (page) => page.locator(`${HOST} .status`).textContent();
const SENT = 'Thank you — your answers were sent.';

function pageUrl(params) {
  return `${env.server.url}/test/delivery.html?${new URLSearchParams({ model: '/test/private.json', mode: 'form', ...params })}`;
}

test('a collector that does not know the model yet: the lead stays queued and is stored once', async () => {
  const collector = env.server.collector;
  collector.stored.clear();
  const unknown = {
    error: {
      code: 'unknown_model',
      message: "/result/model/hash: 'sha256:…' is not the hash of model 'privacy-probe'",
    },
  };
  collector.failNext(2, 400, unknown);
  const { page, context, errors } = await openPage(env.browser, pageUrl({ endpoint: '/api/v1/results' }));
  await waitForWidget(page, HOST);
  await submitPrivacyProbe(page, HOST);
  // After the first refusal: still queued, and the visitor is told so.
  await page.waitForFunction(() => window.__events.some((e) => e.type === 'leadqual:error' && e.detail.retrying));
  assert.equal((await outbox(page)).length, 1, 'the lead must stay in the outbox');
  assert.match(await status(page), /saved in this browser and will be sent automatically/);

  const [stored] = await collector.waitForStored(1);
  await page.waitForFunction(() => window.__events.some((e) => e.type === 'leadqual:submitted'));
  const attempts = collector.requests.filter((r) => r.payload?.id === stored.id);
  assert.deepEqual(
    attempts.map((r) => r.status),
    [400, 400, 201],
  );
  assert.equal(new Set(attempts.map((r) => r.body)).size, 1, 'every attempt carries the same bytes');
  assert.deepEqual(await outbox(page), []);
  assert.deepEqual(await deadLetters(page), []);
  assert.equal(await status(page), SENT);
  const final = (await events(page, 'error')).filter((e) => !e.detail.retrying);
  assert.deepEqual(final, []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a form post to a receiver without CORS is sent once, and the visitor is told it was sent', async () => {
  // Accepts the post like a server-side form handler: 200, an HTML page, no CORS header.
  const receiver = await startReceiver(() => ({
    status: 200,
    headers: { 'content-type': 'text/html' },
    body: '<p>Thanks!</p>',
  }));
  try {
    const { page, context, errors } = await openPage(
      env.browser,
      pageUrl({ 'submit-format': 'form', endpoint: `${receiver.url}/lead` }),
    );
    await waitForWidget(page, HOST);
    await submitPrivacyProbe(page, HOST);
    await page.waitForFunction(() => window.__events.some((e) => e.type === 'leadqual:submitted'));
    const [submitted] = await events(page, 'submitted');
    assert.equal(submitted.detail.confirmed, false, 'a no-cors answer cannot be read: not a confirmation');
    assert.equal(await status(page), SENT);
    assert.deepEqual(await outbox(page), []);
    // Round 1 repeated it six times in 22 s; give retries (1 s, 2 s, …) the time to show up.
    await page.waitForTimeout(3500);
    await page.reload();
    await waitForWidget(page, HOST);
    await page.waitForTimeout(500);
    const posts = receiver.posts();
    assert.equal(posts.length, 1, `the receiver got ${posts.length} posts`);
    assert.equal(posts[0].headers['content-type'], 'application/x-www-form-urlencoded');
    assert.equal(new URLSearchParams(posts[0].body).get('email'), 'ada@example.org');
    assert.deepEqual(
      (await events(page, 'error')).map((e) => e.detail),
      [],
    );
    assert.deepEqual(errors, []);
    await context.close();
  } finally {
    await receiver.close();
  }
});

test('a refusal for good goes to the dead-letter list, with an event and a console message', async () => {
  const collector = env.server.collector;
  collector.stored.clear();
  collector.failNext(1, 400, { error: { code: 'invalid_payload', message: '/result/score: expected a number' } });
  const { page, context } = await openPage(env.browser, pageUrl({ endpoint: '/api/v1/results' }));
  const consoleErrors = [];
  page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
  await waitForWidget(page, HOST);
  const before = collector.requests.length;
  await submitPrivacyProbe(page, HOST);
  await page.waitForFunction(() => window.__events.some((e) => e.type === 'leadqual:error' && !e.detail.retrying));
  assert.equal(collector.requests.length, before + 1, 'not retried');
  assert.deepEqual(await outbox(page), []);
  const [letter] = await deadLetters(page);
  assert.equal(letter.status, 400);
  assert.match(letter.reason, /HTTP 400: \/result\/score: expected a number/);
  assert.equal(JSON.parse(letter.body).id, letter.id, 'the lead itself is kept');
  const [error] = (await events(page, 'error')).filter((e) => !e.detail.retrying);
  assert.equal(error.detail.deadLetter, true);
  assert.equal(error.detail.phase, 'submit');
  assert.equal(error.detail.id, letter.id);
  assert.ok(
    consoleErrors.some((m) => m.includes(letter.id) && m.includes('leadqual:dead-letter')),
    `console: ${consoleErrors.join(' | ')}`,
  );
  assert.equal(await status(page), 'We could not send your answers. Please contact us another way.');
  await context.close();
});
