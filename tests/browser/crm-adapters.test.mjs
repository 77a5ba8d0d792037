// The CRM adapters from Chromium to local receivers on another origin, each checking the wire
// format its CRM documents, field by field (the real services are not reachable here):
// - HubSpot Forms API v3: POST /submissions/v3/integration/submit/{portalId}/{formGuid}, JSON
//   {submittedAt (ms), fields: [{objectTypeId, name, value}], context: {hutk, pageUri, pageName},
//   legalConsentOptions: {consent: {consentToProcess, text, communications}}}, a CORS
//   preflight, and a 400 for a field the HubSpot form does not have;
// - Salesforce Web-to-Lead: a form post to /servlet/servlet.WebToLead?encoding=UTF-8 with oid,
//   lead_source, retURL, standard names and 00N… custom ids, UTF-8, no JSON text; answered
//   200 without CORS, like the real one;
// - the JSON webhook: Idempotency-Key and a Leadqual-Signature that the recipe of
//   docs/widget.md verifies, the same for the page's own post and the collector's forwarding.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  useServerAndBrowser,
  waitForWidget,
  events,
  startReceiver,
  startCollector,
  readModel,
  root,
} from './harness.mjs';
import { submitPrivacyProbe } from './flows.mjs';

const env = useServerAndBrowser();
const HOST = 'lead-qualifier';
const PORTAL = '1234567';
const GUID = '0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b';

// The verification recipe exactly as docs/widget.md prints it.
async function docsRecipe() {
  const doc = readFileSync(path.join(root, 'docs/widget.md'), 'utf8');
  const block = [...doc.matchAll(/^```js\n([\s\S]*?)^```$/gm)]
    .map((m) => m[1])
    .find((b) => b.includes('function verifyLeadqual'));
  assert.ok(block, 'docs/widget.md has the verification recipe');
  const source = `${block.split('\n// Example')[0]}\nexport { verifyLeadqual };`;
  return (await import(`data:text/javascript,${encodeURIComponent(source)}`)).verifyLeadqual;
}

// A receiver that also serves the test's model at /model.json (see openWith).
async function crmReceiver(handle) {
  const receiver = await startReceiver((r) =>
    r.method === 'GET' && r.path === '/model.json'
      ? {
          status: 200,
          headers: { 'content-type': 'application/json', 'access-control-allow-origin': '*' },
          body: JSON.stringify(receiver.model),
        }
      : handle(r),
  );
  return receiver;
}

// The model is served by the receiver itself (with CORS): routing it through page.route would
// make Playwright answer every CORS preflight itself, and the receiver would never see them.
async function openWith(receiver, model, attributes, { cookies = [], before = async () => {} } = {}) {
  receiver.model = model;
  const context = await env.browser.newContext();
  if (cookies.length) await context.addCookies(cookies);
  await before(context);
  const page = await context.newPage();
  await page.addInitScript(() => {
    window.__events = [];
    for (const name of ['submitted', 'error'])
      document.addEventListener(`leadqual:${name}`, (e) =>
        window.__events.push({
          type: e.type,
          detail: JSON.parse(JSON.stringify(e.detail, (k, v) => (v instanceof Error ? String(v) : v))),
        }),
      );
  });
  const params = new URLSearchParams({ model: `${receiver.url}/model.json`, mode: 'form', ...attributes });
  await page.goto(`${env.server.url}/test/delivery.html?${params}`);
  await waitForWidget(page, HOST);
  return { page, context };
}

// ---- HubSpot -------------------------------------------------------------------------------

// The HubSpot form's own fields: HubSpot refuses a submission naming any other.
const HUBSPOT_FORM_FIELDS = ['email', 'company', 'leadqual_score', 'leadqual_grade', 'lifecyclestage'];

function hubspotReceiver() {
  return crmReceiver((r) => {
    const cors = { 'access-control-allow-origin': r.headers.origin, vary: 'Origin' };
    if (r.method === 'OPTIONS')
      return {
        status: 204,
        headers: { ...cors, 'access-control-allow-headers': 'content-type', 'access-control-allow-methods': 'POST' },
      };
    const fields = JSON.parse(r.body).fields;
    const unknown = fields.filter((f) => !HUBSPOT_FORM_FIELDS.includes(f.name));
    if (unknown.length)
      return {
        status: 400,
        headers: { ...cors, 'content-type': 'application/json' },
        body: JSON.stringify({
          status: 'error',
          message: 'The request is not valid',
          errors: unknown.map((f) => ({
            message: `Error in 'fields.${f.name}'. Field does not exist on the form`,
            errorType: 'FIELD_NOT_IN_FORM_DEFINITION',
          })),
        }),
      };
    return {
      status: 200,
      headers: { ...cors, 'content-type': 'application/json' },
      body: '{"inlineMessage":"Thanks for submitting the form."}',
    };
  });
}

async function hubspotModel() {
  const model = await readModel('tests/browser/fixtures/private.json');
  model.submit.format = 'hubspot';
  model.submit.consent.communications = [{ id: 'newsletter', label: 'Send me the monthly fleet newsletter.' }];
  model.submit.hubspot = {
    portalId: PORTAL,
    formGuid: GUID,
    fields: { score: 'leadqual_score', grade: 'leadqual_grade', stage: 'lifecyclestage' },
    values: { stage: { sql: 'salesqualifiedlead', nurture: 'lead' } },
    subscriptionTypes: { newsletter: 9876543 },
  };
  return model;
}

test('HubSpot Forms API v3: the documented request, field by field', async () => {
  const receiver = await hubspotReceiver();
  try {
    const started = Date.now();
    const { page, context } = await openWith(
      receiver,
      await hubspotModel(),
      { endpoint: `${receiver.url}/submissions/v3/integration/submit/${PORTAL}/${GUID}` },
      { cookies: [{ name: 'hubspotutk', value: 'f1e2d3c4b5a69788', url: env.server.url }] },
    );
    await page.locator(`${HOST} #lq-communication-0`).check();
    await submitPrivacyProbe(page, HOST);
    await page.waitForFunction(() => window.__events.some((e) => e.type === 'leadqual:submitted'));
    const [preflight] = receiver.requests.filter((r) => r.method === 'OPTIONS');
    assert.equal(preflight.headers['access-control-request-method'], 'POST');
    assert.equal(preflight.headers['access-control-request-headers'], 'content-type');
    const [post] = receiver.posts();
    assert.equal(post.path, `/submissions/v3/integration/submit/${PORTAL}/${GUID}`);
    assert.equal(post.headers['content-type'], 'application/json');
    assert.equal(post.headers.cookie, undefined, 'credentials are omitted');
    const body = JSON.parse(post.body);
    assert.deepEqual(Object.keys(body), ['submittedAt', 'fields', 'context', 'legalConsentOptions']);
    assert.match(body.submittedAt, /^\d{13}$/);
    assert.ok(Number(body.submittedAt) >= started - 1000 && Number(body.submittedAt) <= Date.now());
    assert.deepEqual(body.fields, [
      { objectTypeId: '0-1', name: 'email', value: 'ada@example.org' },
      { objectTypeId: '0-1', name: 'company', value: 'Acme Fleet' },
      { objectTypeId: '0-1', name: 'leadqual_score', value: '60' },
      { objectTypeId: '0-1', name: 'lifecyclestage', value: 'salesqualifiedlead' },
    ]);
    assert.deepEqual(body.context, {
      pageUri: page.url(),
      pageName: 'Delivery',
      hutk: 'f1e2d3c4b5a69788',
    });
    assert.deepEqual(body.legalConsentOptions, {
      consent: {
        consentToProcess: true,
        text: `You may contact me. See our privacy policy (${env.server.url}/privacy).`,
        communications: [{ value: true, subscriptionTypeId: 9876543, text: 'Send me the monthly fleet newsletter.' }],
      },
    });
    const [submitted] = await events(page, 'submitted');
    assert.deepEqual(submitted.detail.status, 200);
    await context.close();
  } finally {
    await receiver.close();
  }
});

test("HubSpot refuses a field its form lacks: dead-lettered with HubSpot's message, not retried", async () => {
  const receiver = await hubspotReceiver();
  try {
    const model = await hubspotModel();
    model.submit.hubspot.fields.percent = 'leadqual_percent'; // not a field of the HubSpot form
    const { page, context } = await openWith(receiver, model, {
      endpoint: `${receiver.url}/submissions/v3/integration/submit/${PORTAL}/${GUID}`,
    });
    await submitPrivacyProbe(page, HOST);
    await page.waitForFunction(() => window.__events.some((e) => e.type === 'leadqual:error' && e.detail.deadLetter));
    const [error] = await events(page, 'error');
    assert.match(error.detail.message, /HTTP 400: The request is not valid Error in 'fields.leadqual_percent'/);
    await page.waitForTimeout(1500);
    assert.equal(receiver.posts().length, 1);
    const letters = await page.evaluate(() => JSON.parse(localStorage.getItem('leadqual:dead-letter')));
    assert.equal(letters.length, 1);
    await context.close();
  } finally {
    await receiver.close();
  }
});

// ---- Salesforce ----------------------------------------------------------------------------

// The names of a form Salesforce generates (Setup → Web-to-Lead); custom fields go by their id.
const WEB_TO_LEAD_NAMES = new Set([
  'oid',
  'retURL',
  'lead_source',
  'debug',
  'debugEmail',
  'first_name',
  'last_name',
  'email',
  'company',
  'title',
  'phone',
  'mobile',
  'fax',
  'URL',
  'street',
  'city',
  'state',
  'zip',
  'country',
  'description',
  'industry',
  'rating',
  'revenue',
  'employees',
  'salutation',
  'Campaign_ID',
  'member_status',
  'emailOptOut',
  'recordType',
]);
const CUSTOM_FIELD = /^00N[0-9A-Za-z]{12}$/;

test('Salesforce Web-to-Lead: the documented form post, field by field, sent once', async () => {
  const receiver = await crmReceiver(() => ({
    status: 200,
    headers: { 'content-type': 'text/html' },
    body: '<html></html>',
  }));
  try {
    const model = await readModel('tests/browser/fixtures/private.json');
    model.questions.push({ id: 'last_name', type: 'text', label: 'Last name', share: true });
    model.submit.format = 'salesforce';
    model.submit.salesforce = {
      oid: '00D5e000000AbCd',
      leadSource: 'Fleet quiz',
      retURL: 'https://fleet.example/thanks',
      fields: { score: '00N5e00000AbCdE', stage: '00N5e00000AbCdF', consent: '00N5e00000AbCdG' },
      values: { stage: { sql: 'Hot', nurture: 'Cold' } },
    };
    const { page, context } = await openWith(receiver, model, {
      endpoint: `${receiver.url}/servlet/servlet.WebToLead?encoding=UTF-8`,
    });
    await page.locator(`${HOST} [data-question=last_name] input`).fill('Lovelace-Nakamura 中村');
    await submitPrivacyProbe(page, HOST, { company: 'Ääkköset Oy' });
    await page.waitForFunction(() => window.__events.some((e) => e.type === 'leadqual:submitted'));
    await page.waitForTimeout(2500); // no retry may follow
    assert.deepEqual(
      receiver.requests.filter((r) => r.path !== '/model.json').map((r) => r.method),
      ['POST'],
      'a simple request: no preflight, and never repeated',
    );
    const [post] = receiver.posts();
    assert.equal(post.path, '/servlet/servlet.WebToLead');
    assert.deepEqual(post.query, { encoding: 'UTF-8' });
    assert.equal(post.headers['content-type'], 'application/x-www-form-urlencoded');
    const form = [...new URLSearchParams(post.body)];
    for (const [name, value] of form) {
      assert.ok(WEB_TO_LEAD_NAMES.has(name) || CUSTOM_FIELD.test(name), `'${name}' is no Web-to-Lead name`);
      assert.ok(!/^[[{]/.test(value), `${name} carries JSON: ${value}`);
    }
    assert.deepEqual(form, [
      ['oid', '00D5e000000AbCd'],
      ['lead_source', 'Fleet quiz'],
      ['retURL', 'https://fleet.example/thanks'],
      ['email', 'ada@example.org'],
      ['company', 'Ääkköset Oy'],
      ['last_name', 'Lovelace-Nakamura 中村'],
      // Mapped result items in the order of the normalised model (sorted by source).
      ['00N5e00000AbCdG', '1'],
      ['00N5e00000AbCdE', '60'],
      ['00N5e00000AbCdF', 'Hot'],
    ]);
    assert.match(post.body, /company=%C3%84%C3%A4kk%C3%B6set\+Oy/, 'UTF-8, percent-encoded');
    await context.close();
  } finally {
    await receiver.close();
  }
});

// ---- The formats' own module -----------------------------------------------------------------

// The form, Salesforce and HubSpot encoders and the webhook's signature are a module of their
// own (web/delivery-formats.js): a page fetches it only for a destination that needs it, as soon
// as its widget is ready, not at the submit.
async function salesforceModel() {
  const model = await readModel('tests/browser/fixtures/private.json');
  model.submit.format = 'salesforce';
  model.submit.salesforce = { oid: '00D5e000000AbCd', fields: { score: '00N5e00000AbCdE' } };
  return model;
}
// 200 to every post (with CORS, which Web-to-Lead does not send and the webhook needs).
const answered = (r) =>
  r.method === 'OPTIONS'
    ? { status: 204, headers: { 'access-control-allow-origin': '*', 'access-control-allow-headers': '*' } }
    : {
        status: 200,
        headers: { 'content-type': 'text/html', 'access-control-allow-origin': '*' },
        body: '<html></html>',
      };
const FORMATS_MODULE = '/delivery-formats.min.js';

test("the formats' module is fetched once the widget is ready for a CRM destination, never for JSON", async () => {
  const receiver = await crmReceiver(answered);
  try {
    for (const [model, attributes, fetched] of [
      [await salesforceModel(), { endpoint: `${receiver.url}/servlet/servlet.WebToLead?encoding=UTF-8` }, true],
      [await readModel('tests/browser/fixtures/private.json'), { endpoint: `${receiver.url}/hooks/leads` }, false],
    ]) {
      const requests = [];
      let requested = () => {};
      const formatsRequested = new Promise((resolve) => (requested = resolve));
      const { page, context } = await openWith(receiver, model, attributes, {
        before: async (c) =>
          c.on('request', (r) => {
            requests.push(new URL(r.url()).pathname);
            if (requests.at(-1) === FORMATS_MODULE) requested();
          }),
      });
      if (fetched) await formatsRequested;
      assert.equal(requests.includes(FORMATS_MODULE), fetched, `${model.submit.format}, before the submit`);
      await submitPrivacyProbe(page, HOST);
      await page.waitForFunction(() => window.__events.some((e) => e.type === 'leadqual:submitted'));
      assert.equal(requests.filter((r) => r === FORMATS_MODULE).length, fetched ? 1 : 0, model.submit.format);
      await context.close();
    }
  } finally {
    await receiver.close();
  }
});

test("a submit before the formats' module is in: the lead waits in the outbox, then goes out encoded; a page closed meanwhile leaves it to the next", async () => {
  const receiver = await crmReceiver(answered);
  try {
    const endpoint = `${receiver.url}/servlet/servlet.WebToLead?encoding=UTF-8`;
    const queued = (page) => page.evaluate(() => JSON.parse(localStorage.getItem('leadqual:outbox') || '[]'));
    // Held: the lead is stored at the submit as its payload, and posted once the module is in.
    let release;
    const held = new Promise((resolve) => (release = resolve));
    const { page, context } = await openWith(
      receiver,
      await salesforceModel(),
      { endpoint },
      {
        before: (c) =>
          c.route(`**${FORMATS_MODULE}`, async (route) => {
            await held;
            await route.continue();
          }),
      },
    );
    await submitPrivacyProbe(page, HOST);
    const [entry] = await queued(page);
    assert.deepEqual(entry.encodeWith, { oid: '00D5e000000AbCd', fields: { score: '00N5e00000AbCdE' } });
    assert.equal(JSON.parse(entry.body).fields.email, 'ada@example.org');
    assert.equal(receiver.posts().length, 0);
    release();
    await page.waitForFunction(() => window.__events.some((e) => e.type === 'leadqual:submitted'));
    const [post] = receiver.posts();
    assert.equal(post.headers['content-type'], 'application/x-www-form-urlencoded');
    assert.deepEqual(new URLSearchParams(post.body).getAll('oid'), ['00D5e000000AbCd']);
    assert.equal(new URLSearchParams(post.body).get('email'), 'ada@example.org');
    assert.deepEqual(await queued(page), []);
    await context.close();

    // Unreachable: retried (the error says why); the page closes; the next page sends it.
    const second = await openWith(
      receiver,
      await salesforceModel(),
      { endpoint },
      {
        before: (c) => c.route(`**${FORMATS_MODULE}`, (route) => route.abort()),
      },
    );
    await submitPrivacyProbe(second.page, HOST);
    await second.page.waitForFunction(() => window.__events.some((e) => e.type === 'leadqual:error'));
    const [error] = await events(second.page, 'error');
    assert.equal(error.detail.retrying, true);
    assert.match(error.detail.message, /could not load delivery-formats\.js/);
    const url = second.page.url();
    await second.page.close();
    await second.context.unroute(`**${FORMATS_MODULE}`);
    const next = await second.context.newPage();
    await next.goto(url);
    const [, later] = await receiver.waitForPosts(2);
    assert.equal(new URLSearchParams(later.body).get('oid'), '00D5e000000AbCd');
    assert.equal(new URLSearchParams(later.body).get('email'), 'ada@example.org');
    await next.waitForFunction(() => JSON.parse(localStorage.getItem('leadqual:outbox') || '[]').length === 0);
    await second.context.close();
  } finally {
    await receiver.close();
  }
});

// ---- JSON webhook --------------------------------------------------------------------------

test('JSON webhook: Idempotency-Key and a signature the documented recipe verifies', async () => {
  const verify = await docsRecipe();
  const receiver = await crmReceiver((r) => {
    const cors = { 'access-control-allow-origin': r.headers.origin };
    if (r.method === 'OPTIONS')
      return {
        status: 204,
        headers: { ...cors, 'access-control-allow-headers': 'content-type, idempotency-key, leadqual-signature' },
      };
    const ok = verify(r.headers['leadqual-signature'], r.body, 'whsec_5f3e');
    return { status: ok ? 201 : 401, headers: cors };
  });
  try {
    const model = await readModel('tests/browser/fixtures/private.json');
    const { page, context } = await openWith(receiver, model, {
      endpoint: `${receiver.url}/hooks/leads`,
      'signing-key': 'whsec_5f3e',
    });
    await submitPrivacyProbe(page, HOST);
    await page.waitForFunction(() => window.__events.some((e) => e.type === 'leadqual:submitted'));
    const [preflight] = receiver.requests.filter((r) => r.method === 'OPTIONS');
    assert.equal(
      preflight.headers['access-control-request-headers'],
      'content-type,idempotency-key,leadqual-signature',
    );
    const [post] = receiver.posts();
    const body = JSON.parse(post.body);
    assert.equal(post.headers['content-type'], 'application/json');
    assert.equal(post.headers['idempotency-key'], body.id);
    const signatureHeader = post.headers['leadqual-signature'];
    assert.match(signatureHeader, /^t=\d{10},v1=[0-9a-f]{64}$/);
    assert.equal(verify(signatureHeader, post.body, 'whsec_5f3e'), true);
    assert.equal(verify(signatureHeader, `${post.body} `, 'whsec_5f3e'), false, 'a changed body fails');
    assert.equal(verify(signatureHeader, post.body, 'another key'), false);
    assert.deepEqual(
      (await events(page, 'submitted')).map((e) => e.detail.status),
      [201],
    );
    await context.close();
  } finally {
    await receiver.close();
  }
});

// ---- The collector's forwarding --------------------------------------------------------------

// The signature is written twice (web/delivery-formats.js with crypto.subtle, the collector with the
// core's HMAC-SHA256): the same submission, once posted by the page to the webhook and once
// posted to the collector (unsigned) and forwarded by it, must pass the one documented recipe.
test("the collector forwards the widget's webhook body, signed the same way: one recipe verifies both", async () => {
  const verify = await docsRecipe();
  const key = 'whsec_5f3e';
  const receiver = await crmReceiver((r) => {
    const cors = { 'access-control-allow-origin': r.headers.origin ?? '*' };
    if (r.method === 'OPTIONS')
      return {
        status: 204,
        headers: { ...cors, 'access-control-allow-headers': 'content-type, idempotency-key, leadqual-signature' },
      };
    return { status: verify(r.headers['leadqual-signature'] ?? '', r.body, key) ? 201 : 401, headers: cors };
  });
  const dir = await mkdtemp(path.join(tmpdir(), 'leadqual-forward-'));
  const hook = `${receiver.url}/hooks/leads`;
  const forward = ['--forward', hook, '--forward-secret', key, '--forward-retry-ms', '100'];
  const collector = await startCollector(
    ['--db', path.join(dir, 'results.sqlite'), '--allow-origin', env.server.url, ...forward],
    'forward-token',
  );
  try {
    const model = await readModel('tests/browser/fixtures/private.json');
    // The same answers, once straight from the page to the webhook, once through the collector.
    for (const attributes of [
      { endpoint: hook, 'signing-key': key },
      { endpoint: `${collector.url}/api/v1/results` },
    ]) {
      const { page, context } = await openWith(receiver, model, attributes);
      await submitPrivacyProbe(page, HOST);
      await page.waitForFunction(() => window.__events.some((e) => e.type === 'leadqual:submitted'));
      await context.close();
    }
    const [direct, forwarded] = await receiver.waitForPosts(2);
    assert.equal(forwarded.headers['user-agent'], 'leadqual-collector');
    for (const post of [direct, forwarded]) {
      assert.equal(post.headers['content-type'], 'application/json');
      assert.equal(post.headers['idempotency-key'], JSON.parse(post.body).id);
      const signature = post.headers['leadqual-signature'];
      assert.match(signature, /^t=\d{10},v1=[0-9a-f]{64}$/);
      assert.equal(verify(signature, post.body, key), true, post.headers['user-agent']);
      assert.equal(verify(signature, post.body, 'another key'), false, post.headers['user-agent']);
    }
    // One mapping: the forwarded body is the widget's json payload, member for member.
    const [sent, passed] = [JSON.parse(direct.body), JSON.parse(forwarded.body)];
    assert.deepEqual(Object.keys(passed).sort(), Object.keys(sent).sort());
    for (const member of ['result', 'fields', 'consent']) assert.deepEqual(passed[member], sent[member], member);
    assert.deepEqual(
      receiver.posts().map((p) => p.headers['user-agent'] === 'leadqual-collector'),
      [false, true],
      'each delivered once',
    );
  } finally {
    await collector.stop();
    await receiver.close();
    await rm(dir, { recursive: true, force: true });
  }
});
