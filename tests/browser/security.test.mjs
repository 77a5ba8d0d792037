// Safety: a hostile model and hostile answers render as text, never as HTML; every demo page and
// a fixture page work under `default-src 'self'; script-src 'self' 'wasm-unsafe-eval';
// style-src 'self'` with no CSP violation.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, openPage, waitForWidget, STRICT_CSP } from './harness.mjs';
import { completeQuiz, normalizedModel } from './flows.mjs';

let open;
let strict;
let browser;

before(async () => {
  open = await startServer();
  strict = await startServer({ csp: true });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await open?.close();
  await strict?.close();
});

const IMG = '<img src=x onerror="window.__xss=(window.__xss||0)+1">';

test('model labels and answers with HTML are shown as text and never run', async () => {
  open.collector.stored.clear();
  const { page, context, errors } = await openPage(browser, `${open.url}/test/xss.html`);
  await waitForWidget(page, '#xss');
  const host = page.locator('#xss');
  assert.equal(await host.locator('.title').textContent(), `${IMG}Title`);
  assert.equal(await host.locator('[data-question=pick] legend').textContent(), `${IMG}Pick *`);
  assert.equal(await host.locator('[data-question=pick] label.option').first().textContent(), `${IMG}A`);
  await host.locator('[data-question=pick] label.option').first().click();
  await host.locator('button[part~=next]').click();
  const hostileAnswer = `${IMG}<script>window.__xss=1</script>`;
  await host.locator('#lq-q-company').fill(hostileAnswer);
  await host.locator('button[part~=next]').click();
  await host.locator('.outcome:not([hidden])').waitFor();
  assert.equal(await host.locator('.outcome-title').textContent(), `${IMG}Done`);
  // The call to action's label is text too. (A javascript: link never gets this far: the core
  // refuses such a model at load, tests/core/load_test.cpp OutcomeLinksAreWebAddresses.)
  assert.equal(await host.locator('.cta').textContent(), '<img src=x onerror="window.__xss=1">Go');
  assert.equal(await host.locator('.cta').getAttribute('href'), 'https://example.com/book');
  const [payload] = await open.collector.waitForStored(1);
  assert.equal(payload.fields.company, hostileAnswer);

  const injected = await page.evaluate(() => {
    const root = document.querySelector('#xss').shadowRoot;
    return root.querySelectorAll('img, script, svg, iframe, b, a[href^="javascript"]').length;
  });
  assert.equal(injected, 0);
  assert.equal(await page.evaluate(() => window.__xss), undefined);
  assert.deepEqual(errors, []);
  await context.close();
});

for (const demo of ['index', 'roi', 'scorecard', 'contact']) {
  test(`demo ${demo}.html runs under the strict CSP header without a violation`, async () => {
    const { page, context, errors } = await openPage(browser, `${strict.url}/demo/${demo}.html`);
    const response = await page.request.get(`${strict.url}/demo/${demo}.html`);
    assert.equal(response.headers()['content-security-policy'], STRICT_CSP);
    if (demo === 'contact') await page.locator('#live-score').filter({ hasText: 'Lead score' }).waitFor();
    else await waitForWidget(page);
    assert.deepEqual(await page.evaluate(() => window.__violations), []);
    assert.deepEqual(errors, []);
    await context.close();
  });
}

test('under the strict CSP a visitor completes the quiz and one result is delivered', async () => {
  strict.collector.stored.clear();
  const { page, context, errors } = await openPage(browser, `${strict.url}/demo/index.html`);
  await waitForWidget(page, '#bant-quiz');
  await completeQuiz(page, '#bant-quiz', 'csp@example.org');
  const [payload] = await strict.collector.waitForStored(1);
  assert.equal(payload.fields.email, 'csp@example.org');
  // Styles applied by the constructed stylesheet, not blocked by style-src.
  const accent = await page
    .locator('#bant-quiz .cta, #bant-quiz button.secondary')
    .first()
    .evaluate((el) => getComputedStyle(el).borderTopLeftRadius);
  assert.notEqual(accent, '0px');
  assert.deepEqual(await page.evaluate(() => window.__violations), []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a CSP given by <meta> (Japanese page, form mode): showIf, multi answers and validation work', async () => {
  const { page, context, errors } = await openPage(browser, `${open.url}/test/csp.html?utm_source=newsletter`);
  const host = '#strict';
  await waitForWidget(page, host);
  const model = await normalizedModel(page, host);
  // A hidden question takes the URL parameter of its name.
  assert.equal(
    await page.evaluate((sel) => document.querySelector(sel).session.answers.utm_source, host),
    'newsletter',
  );
  assert.equal(await page.locator(`${host} [data-question=utm_source]`).count(), 0);
  // The role question is shown while the budget is not "none" (decided by the core's showIf).
  assert.equal(await page.locator(`${host} [data-question=role]`).isVisible(), true);
  await page.locator(`${host} [data-question=budget] label.option`).nth(2).click();
  assert.equal(await page.locator(`${host} [data-question=role]`).isHidden(), true);
  await page.locator(`${host} [data-question=budget] label.option`).first().click();
  assert.equal(await page.locator(`${host} [data-question=role]`).isVisible(), true);

  // Several choices of a multi question are one answer: an array of option values.
  await page.locator(`${host} [data-question=pains] label.option`).nth(0).click();
  await page.locator(`${host} [data-question=pains] label.option`).nth(2).click();
  const state = await page.evaluate((sel) => JSON.parse(JSON.stringify(document.querySelector(sel).state)), host);
  assert.deepEqual(
    state.result.reasons.filter((r) => r.id === 'pains').map((r) => r.points),
    [5, 5],
  );
  assert.deepEqual(await page.evaluate((sel) => document.querySelector(sel).session.answers.pains, host), [
    'late',
    'fraud',
  ]);

  // More than eight options: a drop-down, labelled in the page's language.
  await page.locator(`${host} select#lq-q-industry`).selectOption({ label: '物流' });
  assert.equal(await page.evaluate((sel) => document.querySelector(sel).session.answers.industry, host), 'logistics');

  // Out of range: the core refuses it, the widget words it in Japanese next to the field.
  const invoices = model.questions.find((q) => q.id === 'invoices');
  await page.locator(`${host} #lq-q-invoices`).fill(String(invoices.max + 1));
  await page.locator(`${host} #lq-q-invoices`).blur();
  assert.equal(
    await page.locator(`${host} [data-question=invoices] .error`).textContent(),
    `${invoices.min}〜${invoices.max} の値を入力してください。`,
  );
  await page.locator(`${host} button[part~=next]`).click();
  assert.equal(
    await page.locator(`${host} [data-question=start] .error`).textContent(),
    'この質問に回答してください。',
  );
  assert.equal(await page.locator(`${host} button[part~=next]`).textContent(), '送信');
  assert.equal(
    await page.locator(`${host} [data-question=budget] legend`).textContent(),
    `${model.questions[0].label.ja} *`,
  );
  assert.deepEqual(await page.evaluate(() => window.__violations), []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a model that cannot be fetched or is invalid: a message in the widget and leadqual:error saying where', async () => {
  const { page, context, errors } = await openPage(browser, `${open.url}/test/broken.html`);
  await page.waitForFunction(() => window.__events.filter((e) => e.type === 'leadqual:error').length === 2);
  const failures = await page.evaluate(() =>
    window.__events.filter((e) => e.type === 'leadqual:error').map((e) => e.detail),
  );
  const messages = failures.map((f) => f.message).sort();
  assert.match(messages[0], /^could not fetch the model .*\/test\/no-such-model\.json: HTTP 404$/);
  assert.match(messages[1], /^invalid model: \/rules\/0\/if: .*'sise'.*did you mean 'size'/);
  assert.deepEqual(
    failures.map((f) => f.phase),
    ['load', 'load'],
  );
  for (const id of ['#missing', '#invalid']) {
    assert.equal(
      await page.locator(`${id} .load-error`).textContent(),
      'This form could not be loaded. Please reload the page.',
    );
  }
  assert.deepEqual(errors, []);
  await context.close();
});
