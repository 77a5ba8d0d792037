// The payload and its wire formats (JSON webhook, form-encoded, Salesforce Web-to-Lead, HubSpot
// Forms), checked in node on web/delivery.js itself: what is shared, what never leaves, and the
// exact field names docs/collector.md and the CRMs expect. The same formats are checked over
// real HTTP from Chromium in crm-adapters.test.mjs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  buildPayload,
  encode,
  sharedFields,
  sharedResult,
  resultPolicy,
  pageContext,
  submissionId,
  destination,
  judge,
  hiddenFieldValues,
  signature,
  leadPayload,
  consentRecord,
} from '../../web/delivery.js';

const model = {
  questions: [
    { id: 'budget', type: 'choice', share: false },
    { id: 'email', type: 'email', share: true },
    { id: 'company', type: 'text', share: true },
    { id: 'notes', type: 'text', share: false },
    { id: 'phone', type: 'text', share: true },
  ],
  submit: {
    consent: { required: true, label: 'You may contact me' },
    result: { reasons: 'texts', computed: [], dimensions: true },
  },
};
const answers = { budget: 'approved', email: 'a@b.example', company: 'Acme', notes: 'secret plans', phone: '555' };
const result = {
  model: { id: 'm', version: '1', hash: 'sha256:ab' },
  score: 40,
  percent: 40,
  dimensions: { fit: 40 },
  grade: 'B',
  stage: 'mql',
  disqualified: null,
  reasons: [{ source: 'option', id: 'budget', dimension: 'fit', points: 40, text: 'Yes, approved' }],
  computed: { savings: 1234 },
  complete: true,
  errors: [{ path: '/notes', code: 'too_long', message: "'secret plans' is too long" }],
};

function payload(consentGiven, visible = ['budget', 'email', 'company', 'notes']) {
  return buildPayload({
    result,
    model,
    answers,
    visible,
    consent: { given: consentGiven, text: 'You may contact me' },
    antispam: { honeypot: '', elapsedMs: 5000 },
    context: { url: 'https://x.example/?utm_source=ads', referrer: '', utm: { source: 'ads' }, lang: 'en' },
    id: '0b9d7c3e-5a41-4f5e-9a57-1c8e2f0d6a11',
    now: Date.UTC(2026, 10, 22, 8, 41, 7, 512),
  });
}

test('only visible shared answers travel, and only after a required consent', () => {
  assert.deepEqual(payload(true).fields, { email: 'a@b.example', company: 'Acme' });
  assert.deepEqual(payload(false).fields, {});
  assert.deepEqual(sharedFields({ questions: model.questions }, answers, ['email', 'phone'], false), {
    email: 'a@b.example',
    phone: '555',
  });
  for (const p of [payload(true), payload(false)]) {
    const text = JSON.stringify(p);
    assert.ok(!text.includes('secret plans'), 'an error message quoting an unshared answer was posted');
    assert.ok(!text.includes('"approved"'));
  }
  assert.deepEqual(payload(true).result.errors, [{ path: '/notes', code: 'too_long' }]);
  assert.equal(payload(true).result.computed, undefined, 'a computed value the policy does not list');
  assert.equal(payload(true).submittedAt, '2026-11-22T08:41:07.512Z');
});

// What <lead-qualifier> and enhanceForm() both post: the consent recorded from the visitor's
// choices in their language, and the page's context.
test('leadPayload: buildPayload of the consent record and the page context', () => {
  const text = (t) => (typeof t === 'string' ? t.toUpperCase() : '');
  const parts = { result, model, answers, visible: ['email'], antispam: { honeypot: '', elapsedMs: 9 } };
  const lead = leadPayload({ ...parts, choices: { given: true }, text, lang: 'ja' });
  assert.deepEqual(lead.consent, consentRecord(model, { given: true }, text));
  assert.equal(lead.consent.text, 'YOU MAY CONTACT ME');
  assert.deepEqual(lead.context, pageContext('ja'));
  assert.deepEqual(lead.fields, { email: 'a@b.example' });
  const built = buildPayload({ ...parts, id: lead.id, consent: lead.consent, context: lead.context });
  assert.deepEqual({ ...lead, submittedAt: '' }, { ...built, submittedAt: '' });
  assert.equal(leadPayload({ ...parts, choices: {}, text, lang: 'en' }).consent.given, false);
});

test('JSON: the payload as is, with the id as Idempotency-Key', () => {
  const p = payload(true);
  const { body, headers, cors, dedupes } = encode(p, 'json');
  assert.deepEqual(JSON.parse(body), p);
  assert.deepEqual(headers, { 'Content-Type': 'application/json', 'Idempotency-Key': p.id });
  assert.equal(cors, true);
  assert.equal(dedupes, true);
});

test('form-encoded: the reserved names of docs/collector.md plus the shared fields, no custom header', () => {
  const p = payload(true);
  const { body, headers, cors } = encode(p, 'form');
  assert.deepEqual(headers, { 'Content-Type': 'application/x-www-form-urlencoded' });
  assert.equal(cors, false, 'form receivers rarely speak CORS: sent no-cors');
  const form = Object.fromEntries(new URLSearchParams(body));
  assert.equal(form.id, p.id);
  assert.equal(form.submittedAt, p.submittedAt);
  assert.equal(form.email, 'a@b.example');
  assert.equal(form.company, 'Acme');
  assert.equal(form.lead_score, '40');
  assert.equal(form.lead_percent, '40');
  assert.equal(form.lead_grade, 'B');
  assert.equal(form.lead_stage, 'mql');
  assert.equal(form.lead_reasons, 'Yes, approved: +40');
  assert.equal(form.model_id, 'm');
  assert.equal(form.model_hash, 'sha256:ab');
  assert.equal(form.consent, 'true');
  assert.deepEqual(JSON.parse(form.result), p.result);
  assert.deepEqual(JSON.parse(form.context), p.context);
  assert.deepEqual(JSON.parse(form.antispam), p.antispam);
  assert.equal(form.notes, undefined);
  assert.equal(form.budget, undefined);
});

// Was Date.parse(submittedAt): "NaN" for a leap second (the collector and the core take it), and
// a zone-less time read as the browser's local time (the core reads UTC). The adapter now reads
// only the exact text buildPayload writes (toISOString's); any other text is not turned into a
// time by JS at all, and HubSpot stamps the time it receives the submission.
test('HubSpot Forms: submittedAt in ms only for the text buildPayload writes, never a second date parser', (t) => {
  const tz = process.env.TZ;
  process.env.TZ = 'Asia/Kolkata';
  t.after(() => {
    if (tz === undefined) delete process.env.TZ;
    else process.env.TZ = tz;
  });
  const written = payload(true);
  assert.equal(
    JSON.parse(encode(written, 'hubspot', {}).body).submittedAt,
    String(Date.UTC(2026, 10, 22, 8, 41, 7, 512)),
  );
  for (const submittedAt of ['2026-06-30T23:59:60Z', '2026-06-30T12:00:00', '2026-06-30T17:30:00+05:30', 'soon']) {
    const hs = JSON.parse(encode({ ...written, submittedAt }, 'hubspot', {}).body);
    assert.equal(Object.hasOwn(hs, 'submittedAt'), false, `${submittedAt}: ${hs.submittedAt}`);
  }
});

test('HubSpot Forms: fields as {objectTypeId, name, value}, page context and legal consent', () => {
  const p = payload(true);
  const { body, headers } = encode(p, 'hubspot', { pageName: 'Pricing', hutk: '' });
  assert.deepEqual(headers, { 'Content-Type': 'application/json' });
  const hs = JSON.parse(body);
  assert.equal(hs.submittedAt, String(Date.UTC(2026, 10, 22, 8, 41, 7, 512)));
  assert.deepEqual(hs.fields, [
    { objectTypeId: '0-1', name: 'email', value: 'a@b.example' },
    { objectTypeId: '0-1', name: 'company', value: 'Acme' },
    { objectTypeId: '0-1', name: 'lead_score', value: '40' },
    { objectTypeId: '0-1', name: 'lead_grade', value: 'B' },
    { objectTypeId: '0-1', name: 'lead_stage', value: 'mql' },
    { objectTypeId: '0-1', name: 'lead_reasons', value: 'Yes, approved: +40' },
  ]);
  assert.deepEqual(hs.context, { pageUri: 'https://x.example/?utm_source=ads', pageName: 'Pricing' });
  assert.deepEqual(hs.legalConsentOptions, { consent: { consentToProcess: true, text: 'You may contact me' } });
  assert.equal(JSON.parse(encode(payload(false), 'hubspot', { pageName: '' }).body).legalConsentOptions, undefined);
  const mapped = JSON.parse(
    encode(p, 'hubspot', {
      pageName: '',
      hutk: 'abc123',
      fields: { stage: 'lifecyclestage', score: 'leadqual_score', reasons: null, company: 'company_name' },
      values: { stage: { mql: 'marketingqualifiedlead' } },
    }).body,
  );
  assert.deepEqual(mapped.fields, [
    { objectTypeId: '0-1', name: 'email', value: 'a@b.example' },
    { objectTypeId: '0-1', name: 'company_name', value: 'Acme' },
    { objectTypeId: '0-1', name: 'leadqual_score', value: '40' },
    { objectTypeId: '0-1', name: 'lead_grade', value: 'B' },
    { objectTypeId: '0-1', name: 'lifecyclestage', value: 'marketingqualifiedlead' },
  ]);
  assert.equal(mapped.context.hutk, 'abc123');
});

test('Salesforce Web-to-Lead: oid, lead_source, retURL, standard names and 00N ids, no JSON', () => {
  const p = payload(true);
  const { body, headers, cors, dedupes } = encode(p, 'salesforce', {
    oid: '00D5e000000AbCd',
    leadSource: 'Web quiz',
    retURL: 'https://x.example/thanks',
    fields: { company: 'company', score: '00N5e00000AbCdE', stage: '00N5e00000AbCdF', consent: '00N5e00000AbCdG' },
    values: { stage: { mql: 'Warm' } },
  });
  assert.deepEqual(headers, { 'Content-Type': 'application/x-www-form-urlencoded' });
  assert.equal(cors, false);
  assert.equal(dedupes, false);
  assert.deepEqual(
    [...new URLSearchParams(body)],
    [
      ['oid', '00D5e000000AbCd'],
      ['lead_source', 'Web quiz'],
      ['retURL', 'https://x.example/thanks'],
      ['email', 'a@b.example'],
      ['company', 'Acme'],
      ['00N5e00000AbCdE', '40'],
      ['00N5e00000AbCdF', 'Warm'],
      ['00N5e00000AbCdG', '1'],
    ],
  );
  assert.ok(!/[{}[\]]/.test(decodeURIComponent(body)), 'no JSON text in a Web-to-Lead post');
});

test('destinations: the model, overridden by attributes; missing CRM ids are named', () => {
  const base = 'https://site.example/page';
  assert.equal(destination({ submit: {} }, {}, base), null);
  assert.deepEqual(destination({ submit: { endpoint: '/api/v1/results' } }, {}, base), {
    format: 'json',
    url: 'https://site.example/api/v1/results',
    config: {},
    signingKey: null,
  });
  const hs = destination(
    { submit: { format: 'hubspot', hubspot: { portalId: '123', formGuid: 'g-1' } } },
    { hubspot: { formGuid: 'g-2' } },
    base,
  );
  assert.equal(hs.url, 'https://api.hsforms.com/submissions/v3/integration/submit/123/g-2');
  assert.throws(() => destination({ submit: { format: 'hubspot' } }, {}, base), /hubspot: portalId and formGuid/);
  assert.equal(
    destination({ submit: { format: 'salesforce', salesforce: { oid: '00D5e000000AbCd' } } }, {}, base).url,
    'https://webto.salesforce.com/servlet/servlet.WebToLead?encoding=UTF-8',
  );
  assert.throws(() => destination({ submit: { format: 'salesforce' } }, {}, base), /salesforce: the organization id/);
});

test('an unknown format is refused by name', () => {
  assert.throws(
    () => encode(payload(true), 'xml'),
    /submit-format: unknown format 'xml' \(expected one of json, form, salesforce, hubspot\)/,
  );
});

test("a format named like an Object member is unknown too, not the object's own property", () => {
  // Was looked up as ADAPTERS[format]: 'toString' found Object.prototype.toString (encode threw
  // "adapter.encode is not a function"), and destination() took 'constructor' for an adapter and
  // returned a destination that no request could be encoded for.
  const base = 'https://site.example/';
  for (const format of ['toString', 'constructor', '__proto__', 'hasOwnProperty']) {
    assert.throws(() => encode(payload(true), format), RangeError, format);
    assert.throws(
      () => destination({ submit: {} }, { format, endpoint: '/hook' }, base),
      new RegExp(`submit-format: unknown format '${format}'`),
      format,
    );
  }
});

test('the result policy: private by default, ids or texts, listed computed values, dimensions', () => {
  const defaults = sharedResult(result, resultPolicy({ submit: {} }));
  assert.deepEqual(Object.keys(defaults), [
    'model',
    'score',
    'percent',
    'grade',
    'stage',
    'disqualified',
    'complete',
    'errors',
  ]);
  const ids = sharedResult(result, { reasons: 'ids', computed: ['savings'], dimensions: false });
  assert.deepEqual(ids.reasons, [{ source: 'option', id: 'budget', dimension: 'fit', points: 40 }]);
  assert.deepEqual(ids.computed, { savings: 1234 });
  const dq = { ...result, stage: 'disqualified', disqualified: { rule: 'tiny', reason: 'Fewer than 50 employees' } };
  assert.deepEqual(sharedResult(dq, resultPolicy({})).disqualified, { rule: 'tiny' });
  assert.deepEqual(
    sharedResult(dq, { reasons: 'texts', computed: [], dimensions: false }).disqualified,
    dq.disqualified,
  );
  assert.deepEqual(hiddenFieldValues(result, { submit: {} }), {
    lead_score: '40',
    lead_grade: 'B',
    lead_stage: 'mql',
    lead_reasons: '',
  });
  assert.equal(hiddenFieldValues(result, model).lead_reasons, 'Yes, approved: +40');
});

test('what an answer means: delivered, retried, or refused for good', () => {
  assert.equal(judge(201), 'delivered');
  assert.equal(judge(200), 'delivered');
  for (const status of [408, 425, 429, 500, 502, 503, 401, 403, 404]) assert.equal(judge(status), 'retry', status);
  for (const status of [400, 410, 413, 415, 422]) assert.equal(judge(status), 'refused', status);
  assert.equal(judge(400, 'unknown_model'), 'retry', 'the collector may load the model later');
  assert.equal(judge(400, 'inconsistent_result'), 'refused');
});

test('the webhook signature: HMAC-SHA256 over "<seconds>.<body>", hex', async () => {
  // RFC 4231 test case 2 ("Jefe"), with the timestamp and dot in front of the message.
  const { createHmac } = await import('node:crypto');
  const body = '{"id":"x"}';
  const expected = createHmac('sha256', 'Jefe').update(`1700000000.${body}`).digest('hex');
  assert.equal(await signature('Jefe', body, 1700000000), `t=1700000000,v1=${expected}`);
});

test('page context: UTM parameters, referrer and language', () => {
  const ctx = pageContext(
    'ja',
    {
      href: 'https://x.example/p?utm_source=news&utm_campaign=fall&x=1',
      search: '?utm_source=news&utm_campaign=fall&x=1',
    },
    { referrer: 'https://ref.example/' },
  );
  assert.deepEqual(ctx, {
    url: 'https://x.example/p?utm_source=news&utm_campaign=fall&x=1',
    referrer: 'https://ref.example/',
    utm: { source: 'news', campaign: 'fall' },
    lang: 'ja',
  });
});

test('submission ids are RFC 4122 v4 and distinct', () => {
  const ids = new Set(Array.from({ length: 1000 }, submissionId));
  assert.equal(ids.size, 1000);
  for (const id of ids) assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
});
