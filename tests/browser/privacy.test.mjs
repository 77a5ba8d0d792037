// Private by default, in Chromium: for every delivery format, and for enhanceForm's fields, no
// answer that is not marked `share` — nor any text or number derived from one (an option label, a
// reason text, a computed value) — leaves the page. Every request the page makes is recorded
// (URL and body, no-cors ones too) and searched. A control run with a model that shares its
// reasons and computed values finds them, so the search would see a leak.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServerAndBrowser, waitForWidget, startReceiver, readModel } from './harness.mjs';
import { submitPrivacyProbe, PRIVATE_ANSWERS } from './flows.mjs';

const env = useServerAndBrowser();
const HOST = 'lead-qualifier';

// The unshared answers of submitPrivacyProbe and what the core derives from them.
const SECRETS = [
  PRIVATE_ANSWERS.role, // the chosen option's value
  'Zebra operations lead', // its label, the option reason's text
  String(PRIVATE_ANSWERS.fleet),
  'Fleet beyond a thousand', // the band's reason text
  'Fleet over four thousand', // a rule's reason text, fired by the answer
  String(PRIVATE_ANSWERS.fleet * 913), // the computed yearly_cost
  '3,945,073',
  PRIVATE_ANSWERS.notes,
];

// Every request's URL and body, as sent and decoded (form bodies are percent-encoded).
function record(page) {
  const sent = [];
  page.on('request', (request) => {
    const body = request.postData() || '';
    let decoded = body;
    try {
      decoded = decodeURIComponent(body.replaceAll('+', ' '));
    } catch {
      // not percent-encoded
    }
    sent.push({ url: request.url(), method: request.method(), body, text: `${decodeURI(request.url())}\n${decoded}` });
  });
  return sent;
}

// A number counts only as a whole token: a timestamp or an elapsed time may contain its digits.
const found = (text, secret) =>
  /^\d+$/.test(secret) ? new RegExp(`(?<![\\w.])${secret}(?![\\w.])`).test(text) : text.includes(secret);

function leaks(sent) {
  const list = [];
  for (const request of sent) {
    for (const secret of SECRETS)
      if (found(request.text, secret)) list.push(`${secret} in ${request.method} ${request.url}`);
  }
  return list;
}

let receiver;
test.before(async () => {
  receiver = await startReceiver((r) => {
    const cors = {
      'access-control-allow-origin': r.headers.origin || '*',
      'access-control-allow-headers': 'content-type',
    };
    if (r.method === 'OPTIONS') return { status: 204, headers: cors };
    if (r.path.startsWith('/submissions/'))
      return {
        status: 200,
        headers: { ...cors, 'content-type': 'application/json' },
        body: '{"inlineMessage":"Thanks"}',
      };
    return { status: 200, headers: { 'content-type': 'text/html' }, body: 'ok' };
  });
});
test.after(() => receiver?.close());

const WIDGET_CASES = [
  ['json', { endpoint: '/api/v1/results' }],
  ['json, signed', { endpoint: '/api/v1/results', 'signing-key': 'whsec_test' }],
  ['form', () => ({ 'submit-format': 'form', endpoint: `${receiver.url}/form` })],
  [
    'salesforce',
    () => ({
      'submit-format': 'salesforce',
      'salesforce-oid': '00D5e000000AbCd',
      endpoint: `${receiver.url}/servlet/servlet.WebToLead?encoding=UTF-8`,
    }),
  ],
  [
    'hubspot',
    () => ({
      'submit-format': 'hubspot',
      'hubspot-portal': '1234567',
      'hubspot-form': '0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b',
      endpoint: `${receiver.url}/submissions/v3/integration/submit/1234567/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b`,
    }),
  ],
];

async function submitWidget(attributes, { modelRoute } = {}) {
  const params = new URLSearchParams({ model: '/test/private.json', mode: 'form', datalayer: '', ...attributes });
  const context = await env.browser.newContext();
  const page = await context.newPage();
  if (modelRoute) await page.route('**/test/private.json', modelRoute);
  const sent = record(page);
  await page.goto(`${env.server.url}/test/delivery.html?${params}`);
  await waitForWidget(page, HOST);
  await submitPrivacyProbe(page, HOST);
  await page.waitForFunction(() =>
    [...document.querySelectorAll('lead-qualifier')].every((el) =>
      el.shadowRoot.querySelector('.status')?.textContent.startsWith('Thank you'),
    ),
  );
  const dataLayer = await page.evaluate(() => window.dataLayer);
  return { page, context, sent, dataLayer };
}

for (const [name, attributes] of WIDGET_CASES) {
  test(`widget, ${name}: no unshared answer or text derived from one leaves the page`, async () => {
    const { context, sent, dataLayer } = await submitWidget(
      typeof attributes === 'function' ? attributes() : attributes,
    );
    const posts = sent.filter((r) => r.method === 'POST');
    assert.equal(posts.length, 1, `one delivery: ${posts.map((r) => r.url).join(', ')}`);
    assert.ok(posts[0].text.includes('ada@example.org'), 'the shared answer is posted');
    assert.deepEqual(leaks(sent), []);
    // The tag-manager push carries the verdict only.
    assert.deepEqual(Object.keys(dataLayer[0].leadqual).sort(), ['grade', 'id', 'model', 'score', 'stage']);
    await context.close();
  });
}

test('enhanceForm: neither its delivery nor the lead_* fields it adds to the form carry an unshared answer', async () => {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  const sent = record(page);
  await page.goto(`${env.server.url}/test/private-form.html?endpoint=/api/v1/results`);
  await page.evaluate(() => window.__enhanced);
  await page.selectOption('select[name=role]', PRIVATE_ANSWERS.role);
  await page.fill('input[name=fleet]', String(PRIVATE_ANSWERS.fleet));
  await page.fill('input[name=notes]', PRIVATE_ANSWERS.notes);
  await page.fill('input[name=email]', 'ada@example.org');
  await page.fill('input[name=company]', 'Acme Fleet');
  await page.check('input[name=consent]');
  await Promise.all([page.waitForURL(/booked\.html/), page.click('button')]);
  // The page's own form carries its own fields; what leadqual added is only the lead_* verdict.
  const native = new URL(page.url()).searchParams;
  const added = Object.fromEntries([...native].filter(([name]) => name.startsWith('lead_')));
  assert.deepEqual(added, { lead_score: '60', lead_grade: '', lead_stage: 'sql', lead_reasons: '' });
  const delivery = sent.filter((r) => r.method === 'POST');
  assert.equal(delivery.length, 1);
  assert.deepEqual(leaks(delivery), []);
  assert.ok(delivery[0].text.includes('ada@example.org'));
  await context.close();
});

test('control: a model that shares reason texts and computed values does send them', async () => {
  const model = await readModel('tests/browser/fixtures/private.json');
  model.submit.result = { reasons: 'texts', computed: true, dimensions: true };
  const { context, sent } = await submitWidget(
    { endpoint: '/api/v1/results' },
    { modelRoute: (route) => route.fulfill({ json: model }) },
  );
  const seen = leaks(sent);
  for (const text of ['Zebra operations lead', 'Fleet beyond a thousand', String(PRIVATE_ANSWERS.fleet * 913)])
    assert.ok(
      seen.some((f) => f.startsWith(text)),
      `${text} should be found: ${seen.join(', ')}`,
    );
  assert.ok(!seen.some((f) => f.startsWith(PRIVATE_ANSWERS.notes)), 'an unshared text answer never leaves');
  await context.close();
});
