// The ROI calculator (results beside the inputs, recomputed on every input), the MINDA scorecard
// (web/demo/models/ledgerline-scorecard.json)
// in form mode (all questions at once, validation next to each field) and the enhanced plain
// HTML contact form (hidden lead_* fields, delivery without the unshared answers).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServerAndBrowser, openPage, waitForWidget, coreScore, corePosted, readModel } from './harness.mjs';
import { normalizedModel } from './flows.mjs';

const env = useServerAndBrowser();

const CALC = '#roi-calculator';

async function liveResult(page, selector) {
  return page.evaluate((sel) => JSON.parse(JSON.stringify(document.querySelector(sel).result)), selector);
}

test('calculator: every input recomputes the results panel from the core; submit posts once', async () => {
  env.server.collector.stored.clear();
  const { page, context, errors } = await openPage(env.browser, `${env.server.url}/demo/roi.html`);
  await waitForWidget(page, CALC);
  const model = await normalizedModel(page, CALC);
  // Inputs and results side by side at 1280 px.
  const inputs = await page.locator(`${CALC} .questions`).boundingBox();
  const results = await page.locator(`${CALC} .results`).boundingBox();
  assert.ok(results.x > inputs.x + inputs.width - 1, 'results panel is to the right of the inputs');

  const answers = {};
  for (const q of model.questions) {
    if (q.type === 'range')
      answers[q.id] = await page.locator(`${CALC} #lq-q-${q.id}`).evaluate((el) => el.valueAsNumber);
  }
  const savings = model.computed.find((c) => c.format === 'currency' && c.label);
  const savingsText = () =>
    page.locator(`${CALC} .computed-item`).filter({ hasText: savings.label.en }).locator('dd').textContent();
  const before1 = await savingsText();
  for (const q of model.questions.filter((x) => x.type === 'number')) {
    const value = q.min !== undefined ? Math.max(q.min, 1) * 40 : 40;
    await page.locator(`${CALC} #lq-q-${q.id}`).fill(String(value));
    answers[q.id] = value;
  }
  const range = model.questions.find((x) => x.type === 'range');
  await page.locator(`${CALC} #lq-q-${range.id}`).fill(String(range.max));
  answers[range.id] = range.max;
  for (const q of model.questions.filter((x) => x.type === 'choice')) {
    await page.locator(`${CALC} [data-question=${q.id}] label.option`).first().click();
    answers[q.id] = q.options[0].value;
  }
  const live = await liveResult(page, CALC);
  const expected = await coreScore(await readModel('models/frameworks/roi-calculator.json'), answers);
  assert.deepEqual(live.computed, expected.computed);
  assert.equal(live.score, expected.score);
  const shown = await savingsText();
  assert.notEqual(shown, before1);
  const amount = new Intl.NumberFormat('en-US', {
    style: 'currency',
    currency: 'USD',
    maximumFractionDigits: 0,
  }).format(expected.computed[savings.id]);
  assert.equal(shown, amount);
  assert.equal(await page.locator(`${CALC} .score-value`).textContent(), String(Math.round(expected.score)));

  // Submit: the required email and consent, then one delivery.
  const email = model.questions.find((q) => q.type === 'email');
  await page.locator(`${CALC} #lq-q-${email.id}`).fill('ops@ledger.example');
  answers[email.id] = 'ops@ledger.example';
  if (model.submit?.consent) await page.locator(`${CALC} .consent label[for=lq-consent]`).click();
  await page.locator(`${CALC} button[part~=next]`).click();
  const [payload] = await env.server.collector.waitForStored(1);
  assert.deepEqual(payload.result, await corePosted(await readModel('models/frameworks/roi-calculator.json'), answers));
  assert.deepEqual(payload.fields, { [email.id]: 'ops@ledger.example' });
  await page.locator(`${CALC} .outcome:not([hidden])`).waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});

test('calculator at 375 px stacks the results under the inputs without horizontal scrolling', async () => {
  const { page, context } = await openPage(env.browser, `${env.server.url}/demo/roi.html`, {
    viewport: { width: 375, height: 800 },
  });
  await waitForWidget(page, CALC);
  const inputs = await page.locator(`${CALC} .questions`).boundingBox();
  const results = await page.locator(`${CALC} .results`).boundingBox();
  assert.ok(results.y >= inputs.y + inputs.height - 1, 'results panel is below the inputs');
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth));
  await context.close();
});

const PANEL_MODULE = '/calculator-panel.min.js';

test("the calculator's panel is a module only a calculator fetches; unreachable, the inputs still work and the console says why", async () => {
  for (const [page, fetched] of [
    ['/demo/roi.html', true],
    ['/demo/index.html', false],
  ]) {
    const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const requests = [];
    context.on('request', (r) => requests.push(new URL(r.url()).pathname));
    const opened = await openPage(env.browser, `${env.server.url}${page}`, { context });
    await waitForWidget(opened.page, fetched ? CALC : 'lead-qualifier');
    assert.equal(requests.filter((r) => r === PANEL_MODULE).length, fetched ? 1 : 0, page);
    await context.close();
  }

  const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.route(`**${PANEL_MODULE}`, (route) => route.abort());
  const messages = [];
  context.on('console', (m) => messages.push(m.text()));
  const { page, errors } = await openPage(env.browser, `${env.server.url}/demo/roi.html`, { context });
  await waitForWidget(page, CALC);
  assert.equal(await page.locator(`${CALC} .results`).count(), 0);
  const range = page.locator(`${CALC} input[type=range]`).first();
  await range.fill('10');
  await page.waitForFunction(() => window.__events.some((e) => e.type === 'leadqual:change'));
  assert.ok(
    messages.some((m) => m.includes("the calculator's panel could not be loaded")),
    messages.join('\n'),
  );
  assert.deepEqual(errors, []);
  await context.close();
});

const CARD = '#minda-scorecard';

test('form mode: all questions at once; submit shows each missing answer next to its field, then posts once', async () => {
  env.server.collector.stored.clear();
  const before1 = env.server.collector.requests.length;
  const { page, context, errors } = await openPage(env.browser, `${env.server.url}/demo/scorecard.html`);
  await waitForWidget(page, CARD);
  const model = await normalizedModel(page, CARD);
  const visible = await page.locator(`${CARD} .field[data-question]:not([hidden])`).count();
  assert.equal(visible, model.questions.filter((q) => q.type !== 'hidden').length);

  await page.locator(`${CARD} button[part~=next]`).click();
  for (const q of model.questions.filter((x) => x.required)) {
    const field = page.locator(`${CARD} [data-question=${q.id}]`);
    assert.equal(await field.locator('.error').textContent(), 'Please answer this question.', q.id);
  }
  // The first invalid question has the focus.
  const focused = await page.evaluate(
    (sel) => document.querySelector(sel).shadowRoot.activeElement.closest('[data-question]').dataset.question,
    CARD,
  );
  assert.equal(focused, model.questions.find((q) => q.required).id);

  // A wrong email is refused by the core and worded by the widget.
  const email = model.questions.find((q) => q.type === 'email');
  await page.locator(`${CARD} #lq-q-${email.id}`).fill('not-an-address');
  await page.locator(`${CARD} #lq-q-${email.id}`).blur();
  assert.equal(
    await page.locator(`${CARD} [data-question=${email.id}] .error`).textContent(),
    'Please enter a valid email address.',
  );
  assert.equal(env.server.collector.requests.length, before1);

  const answers = {};
  for (const q of model.questions) {
    if (q.type === 'choice') {
      await page.locator(`${CARD} [data-question=${q.id}] label.option`).nth(1).click();
      answers[q.id] = q.options[1].value;
    }
  }
  await page.locator(`${CARD} #lq-q-invoices`).fill('1200');
  answers.invoices = 1200;
  await page.locator(`${CARD} #lq-q-${email.id}`).fill('ae@ledger.example');
  answers[email.id] = 'ae@ledger.example';
  if (model.submit?.consent) await page.locator(`${CARD} .consent label[for=lq-consent]`).click();
  await page.locator(`${CARD} button[part~=next]`).click();
  const [payload] = await env.server.collector.waitForStored(1);
  assert.deepEqual(
    payload.result,
    await corePosted(await readModel('web/demo/models/ledgerline-scorecard.json'), answers),
  );
  assert.deepEqual(payload.fields, { [email.id]: 'ae@ledger.example' });
  assert.equal(await page.locator(`${CARD} .field .error:not(:empty)`).count(), 0);
  assert.deepEqual(errors, []);
  await context.close();
});

test('enhanceForm: scores as the visitor types, fills lead_* before submit, posts only shared fields', async () => {
  env.server.collector.stored.clear();
  const { page, context, errors } = await openPage(env.browser, `${env.server.url}/demo/contact.html`);
  await page.locator('#live-score').filter({ hasText: 'Lead score' }).waitFor();
  const secret = 'Our CFO is leaving in March — private note 7f3a';
  await page.fill('input[name=name]', 'Ada Lovelace');
  await page.fill('input[name=email]', 'ada@engines.example');
  await page.selectOption('select[name=company_size]', '1000+');
  await page.selectOption('select[name=erp]', 'SAP');
  await page.fill('textarea[name=message]', secret);
  await page.check('input[name=demo]');
  const answers = {
    name: 'Ada Lovelace',
    email: 'ada@engines.example',
    company_size: '1000+',
    erp: 'SAP',
    message: secret,
    demo: true,
  };
  const expected = await coreScore(await readModel('web/demo/models/contact.json'), answers);
  // The visitor sees the live score, never the stage id (the hidden lead_stage field has it).
  assert.equal(await page.textContent('#live-score'), `Lead score ${expected.score}`);
  assert.equal(await page.inputValue('input[name=lead_score]'), String(expected.score));
  assert.equal(await page.inputValue('input[name=lead_stage]'), expected.stage);

  await page.check('input[name=consent]');
  await page.click('form button[type=submit]');
  const [payload] = await env.server.collector.waitForStored(1);
  assert.deepEqual(payload.result, await corePosted(await readModel('web/demo/models/contact.json'), answers));
  assert.deepEqual(payload.fields, { name: 'Ada Lovelace', email: 'ada@engines.example' });
  assert.ok(!JSON.stringify(payload).includes('7f3a'), 'the unshared message left the page');
  assert.ok(!JSON.stringify(payload).includes('SAP'), 'the unshared ERP answer left the page');
  assert.equal(await page.inputValue('input[name=lead_grade]'), expected.grade ?? '');
  // The model does not share its reasons (the texts are the chosen options' labels).
  assert.equal(await page.inputValue('input[name=lead_reasons]'), '');
  await page.locator('#thanks').waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});

test('enhanceForm with a field map reads selects, radios, numbers, checkbox groups and lone checkboxes', async () => {
  const { page, context, errors } = await openPage(env.browser, `${env.server.url}/test/mapped-form.html`);
  const model = await readModel('tests/browser/fixtures/features.json');
  const map = {
    budget: 'Budget__c',
    role: 'Role__c',
    invoices: 'Invoices__c',
    pains: 'Pains__c',
    talk_to_sales: 'Callback__c',
    email: 'Email',
  };
  await page.evaluate(
    async ({ model, map }) => {
      const { enhanceForm } = await import('/enhance-form.min.js');
      window.__lead = await enhanceForm(document.getElementById('mkto'), { model, map });
    },
    { model, map },
  );
  await page.selectOption('select[name=Budget__c]', 'approved');
  await page.check('input[name=Role__c][value=me]');
  await page.fill('input[name=Invoices__c]', '2500');
  await page.check('input[name=Pains__c][value=late]');
  await page.check('input[name=Pains__c][value=fraud]');
  await page.check('input[name=Callback__c]');
  await page.fill('input[name=Email]', 'cfo@corp.example');
  const answers = {
    budget: 'approved',
    role: 'me',
    invoices: 2500,
    pains: ['late', 'fraud'],
    talk_to_sales: true,
    email: 'cfo@corp.example',
  };
  const expected = await coreScore(model, answers);
  assert.deepEqual(await page.evaluate(() => JSON.parse(JSON.stringify(window.__lead.result))), expected);
  assert.equal(await page.inputValue('input[name=lead_score]'), String(expected.score));
  assert.equal(await page.inputValue('input[name=lead_grade]'), expected.grade);
  assert.equal(await page.inputValue('input[name=lead_stage]'), expected.stage);
  // The form's own submission carries the lead_* fields to its action (a CRM, say).
  await Promise.all([page.waitForURL('**/test/booked.html?*'), page.click('form button')]);
  const sent = new URL(page.url()).searchParams;
  assert.equal(sent.get('lead_score'), String(expected.score));
  assert.equal(sent.get('lead_stage'), expected.stage);
  assert.deepEqual(errors, []);
  await context.close();
});

test('enhanceForm hands a number field to the core as typed: "0x10" is not a number, "1e3" is 1000', async () => {
  // Was 16 points of invoices: enhanceForm read the field with Number(), which takes hex,
  // "Infinity" and blanks the core refuses; the core alone coerces answers.
  const { page, context, errors } = await openPage(env.browser, `${env.server.url}/test/mapped-form.html`);
  const model = await readModel('tests/browser/fixtures/features.json');
  await page.evaluate(async (model) => {
    const { enhanceForm } = await import('/enhance-form.min.js');
    window.__lead = await enhanceForm(document.getElementById('mkto'), { model, map: { invoices: 'Invoices__c' } });
  }, model);
  for (const typed of ['0x10', ' 250', 'Infinity', '1e3', '250']) {
    await page.fill('input[name=Invoices__c]', typed);
    const expected = await coreScore(model, { invoices: typed });
    const live = await page.evaluate(() => JSON.parse(JSON.stringify(window.__lead.result)));
    assert.deepEqual(live, expected, `typed ${JSON.stringify(typed)}`);
    assert.equal(await page.inputValue('input[name=lead_score]'), String(expected.score));
  }
  const refused = await coreScore(model, { invoices: '0x10' });
  assert.deepEqual(
    refused.errors.map((e) => e.path),
    ['/invoices'],
    'the core refuses "0x10" (so the test compares against a refusal)',
  );
  assert.deepEqual(errors, []);
  await context.close();
});
