// The payload and its three wire formats (JSON webhook, form-encoded, HubSpot Forms), checked in
// node on web/delivery.js itself: what is shared, what never leaves, and the exact field names
// docs/collector.md and HubSpot's submission API expect.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildPayload, encode, sharedFields, pageContext, submissionId } from '../../web/delivery.js';

const model = {
  questions: [
    { id: 'budget', type: 'choice', share: false },
    { id: 'email', type: 'email', share: true },
    { id: 'company', type: 'text', share: true },
    { id: 'notes', type: 'text', share: false },
    { id: 'phone', type: 'text', share: true },
  ],
  submit: { consent: { required: true, label: 'You may contact me' } },
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
  computed: {},
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
  assert.equal(payload(true).submittedAt, '2026-11-22T08:41:07.512Z');
});

test('JSON: the payload as is, with the id as Idempotency-Key', () => {
  const p = payload(true);
  const { body, headers } = encode(p, 'json');
  assert.deepEqual(JSON.parse(body), p);
  assert.deepEqual(headers, { 'Content-Type': 'application/json', 'Idempotency-Key': p.id });
});

test('form-encoded: the reserved names of docs/collector.md plus the shared fields, no custom header', () => {
  const p = payload(true);
  const { body, headers } = encode(p, 'form');
  assert.deepEqual(headers, { 'Content-Type': 'application/x-www-form-urlencoded' });
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

test('HubSpot Forms: fields as {objectTypeId, name, value}, page context and legal consent', () => {
  const p = payload(true);
  const { body, headers } = encode(p, 'hubspot', { pageName: 'Pricing' });
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
});

test('an unknown format is refused by name', () => {
  assert.throws(
    () => encode(payload(true), 'xml'),
    /submit-format: unknown format 'xml' \(expected one of json, form, hubspot\)/,
  );
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
