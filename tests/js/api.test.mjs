// The JS API's behaviour on models/examples/acme-bant.json. Expected results are worked out by
// hand from that model (points, caps, bands, rules, grade and stage conditions), not recorded.
import test from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import { checkModel, evaluate, init, LeadqualError, loadQualifier, validateModel } from '../../web/leadqual.js';
import { root } from './support/project.mjs';

const modelPath = path.join(root, 'models/examples/acme-bant.json');
const modelDoc = JSON.parse(readFileSync(modelPath, 'utf8'));
const now = Date.parse('2026-11-22T12:00:00Z');
const day = 86400000;

// Canonical JSON as the core defines it (sorted keys, compact) — enough for this integer-only model.
function canonical(value) {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}
const expectedHash = `sha256:${createHash('sha256').update(canonical(modelDoc)).digest('hex')}`;

const bestLead = {
  budget: 'approved', // budget +25
  role: 'executive', // authority +25
  employees: 1500, // band ≥ 1000: need +10
  hours: 30, // band ≥ 20: need +15
  rate: 50,
  start: 'now', // timeline +15
  talk_to_sales: true, // rule "asked": timeline +10
  email: 'jane@acme.example',
};

test('loadQualifier compiles a model object and names it', async () => {
  const q = await loadQualifier(modelDoc);
  assert.equal(q.id, 'acme-bant');
  assert.equal(q.version, '2026.11');
  assert.equal(q.hash, expectedHash);
  q.dispose();
});

test('score gives the documented result for a best-case lead', async () => {
  const q = await loadQualifier(modelDoc);
  const result = q.score(bestLead, { now });
  assert.deepEqual(result, {
    model: { id: 'acme-bant', version: '2026.11', hash: expectedHash },
    // need 10 + 15 = 25 (max 25); timeline 15 + 10 = 25 (max 25)
    dimensions: { budget: 25, authority: 25, need: 25, timeline: 25 },
    score: 100,
    percent: 100,
    grade: 'A', // budget + authority = 50 ≥ 40
    stage: 'sql',
    disqualified: null,
    reasons: [
      { source: 'option', id: 'budget', dimension: 'budget', points: 25, text: 'Yes, approved' },
      { source: 'option', id: 'role', dimension: 'authority', points: 25, text: 'Executive / owner' },
      { source: 'band', id: 'employees', dimension: 'need', points: 10, text: '1000 employees or more' },
      { source: 'band', id: 'hours', dimension: 'need', points: 15, text: 'Loses 20+ hours a week' },
      { source: 'option', id: 'start', dimension: 'timeline', points: 15, text: 'This month' },
      { source: 'rule', id: 'asked', dimension: 'timeline', points: 10, text: 'Asked to talk to sales' },
    ],
    computed: { annual_savings: 30 * 50 * 46 },
    complete: true,
    errors: [],
  });
  q.dispose();
});

test('scoreJSON returns the canonical text of the same result', async () => {
  const q = await loadQualifier(modelDoc);
  const text = q.scoreJSON(bestLead, { now });
  assert.deepEqual(JSON.parse(text), q.score(bestLead, { now }));
  assert.equal(text, canonical(JSON.parse(text)), 'compact with sorted keys');
  q.dispose();
});

test('a disqualifying rule wins over the score; clamps apply at the lower bound', async () => {
  const q = await loadQualifier(modelDoc);
  const result = q.score({ budget: 'planned', role: 'student', employees: 50, email: 'kid@gmail.com' }, { now });
  // budget 15; employees 50: band ≤ 99 need −10 and rule too-small need −15 → clamped to 0;
  // gmail: authority −5 → clamped to 0.
  assert.deepEqual(result.dimensions, { budget: 15, authority: 0, need: 0, timeline: 0 });
  assert.equal(result.score, 15);
  assert.equal(result.percent, 15);
  assert.equal(result.stage, 'disqualified');
  assert.deepEqual(result.disqualified, { rule: 'student', reason: 'Students are not buyers' });
  assert.equal(result.grade, 'C');
  assert.deepEqual(
    result.reasons.map((r) => [r.id, r.dimension, r.points]),
    [
      ['budget', 'budget', 15],
      ['employees', 'need', -10],
      ['too-small', 'need', -15],
      ['free-mail', 'authority', -5],
    ],
  );
  q.dispose();
});

test('a hidden question counts for nothing', async () => {
  const q = await loadQualifier(modelDoc);
  // role is shown only when budget != 'none'
  const result = q.score({ budget: 'none', role: 'executive', email: 'a@acme.example' }, { now });
  assert.equal(result.dimensions.authority, 0);
  assert.ok(!result.reasons.some((r) => r.id === 'role'));
  assert.equal(result.stage, 'nurture');
  q.dispose();
});

test('answer errors come back in the result, located by JSON Pointer', async () => {
  const q = await loadQualifier(modelDoc);
  const result = q.score({ budget: 'maybe', employees: 'many', hours: 500, emal: 'x' }, { now });
  const codes = result.errors.map((e) => [e.path, e.code]);
  assert.deepEqual(codes, [
    ['/budget', 'unknown_option'],
    ['/employees', 'not_a_number'],
    ['/hours', 'out_of_range'],
    ['/emal', 'unknown_question'],
  ]);
  assert.match(result.errors[3].message, /did you mean 'email'/);
  assert.equal(result.complete, false);
  q.dispose();
});

test('signals add capped points, with half-life decay from `now`', async () => {
  const q = await loadQualifier(modelDoc);
  const base = { budget: 'none', email: 'a@acme.example' };
  // 2 points per view, capped at 6
  assert.equal(q.score(base, { now, signals: { pricing_views: 2 } }).dimensions.need, 4);
  assert.equal(q.score(base, { now, signals: { pricing_views: 10 } }).dimensions.need, 6);
  // one view 14 days ago (one half-life) weighs 0.5 → 1 point; one now weighs 1 → 2 points
  const events = [now - 14 * day, new Date(now).toISOString()];
  assert.equal(q.score(base, { now, signals: { pricing_views: events } }).dimensions.need, 3);
  // without a clock nothing decays
  assert.equal(q.score(base, { now: null, signals: { pricing_views: events } }).dimensions.need, 4);
  const reason = q.score(base, { now, signals: { pricing_views: 1 } }).reasons[0];
  assert.deepEqual(reason, {
    source: 'signal',
    id: 'pricing_views',
    dimension: 'need',
    points: 2,
    text: 'Viewed the pricing page',
  });
  q.dispose();
});

test('a session tracks answers, visibility and per-question errors', async () => {
  const q = await loadQualifier(modelDoc);
  const session = q.session({ now });
  const empty = session.state;
  assert.ok(empty.visible.includes('role'), 'role is visible while budget is unanswered');
  assert.equal(empty.result.score, 0);
  assert.equal(empty.result.complete, false);
  assert.equal(session.state, empty, 'state is cached until something changes');

  session.set('budget', 'none');
  assert.ok(!session.state.visible.includes('role'), "budget 'none' hides role");
  assert.deepEqual(session.state.visible, [
    'budget',
    'employees',
    'hours',
    'rate',
    'start',
    'talk_to_sales',
    'email',
    'utm_source',
  ]);

  session.set('budget', 'approved').set('hours', 10).set('rate', 40).set('employees', 'lots');
  const state = session.state;
  assert.equal(state.result.dimensions.budget, 25);
  assert.deepEqual(state.computed, { annual_savings: 10 * 40 * 46 });
  assert.deepEqual(Object.keys(state.errors), ['employees']);
  assert.equal(state.errors.employees[0].code, 'not_a_number');
  assert.ok(Object.isFrozen(state.result));

  session.unset('employees').set('hours', undefined);
  assert.deepEqual(session.answers, { budget: 'approved', rate: 40 });
  assert.deepEqual(session.state.errors, {});
  assert.deepEqual(session.state.computed, { annual_savings: null });
  assert.throws(() => session.set('', 1), LeadqualError);
  assert.throws(
    () => session.set('hours', NaN),
    (e) => e instanceof LeadqualError && e.errors[0].pointer === '/hours',
  );
  q.dispose();
});

test('the normalised model is exposed, frozen, with defaults filled in', async () => {
  const q = await loadQualifier(modelDoc);
  const model = q.model;
  assert.equal(model.id, 'acme-bant');
  assert.deepEqual(
    model.questions.map((x) => x.id),
    modelDoc.questions.map((x) => x.id),
  );
  assert.ok(Object.isFrozen(model) && Object.isFrozen(model.questions[0]));
  assert.equal(q.model, model, 'parsed once');
  q.dispose();
});

test('an invalid model is refused with every located error', async () => {
  const bad = structuredClone(modelDoc);
  bad.stage = bad.stages;
  bad.rules[0].if = 'employes < 100';
  await assert.rejects(loadQualifier(bad), (error) => {
    assert.ok(error instanceof LeadqualError);
    assert.equal(error.name, 'LeadqualError');
    const pointers = error.errors.map((e) => e.pointer);
    assert.ok(pointers.includes('/stage'), pointers.join());
    assert.ok(pointers.includes('/rules/0/if'), pointers.join());
    assert.match(error.errors.find((e) => e.pointer === '/stage').message, /did you mean 'stages'/);
    assert.match(error.errors.find((e) => e.pointer === '/rules/0/if').message, /did you mean 'employees'/);
    assert.match(error.message, /^invalid model: /);
    return true;
  });
  assert.deepEqual(await validateModel(modelDoc), []);
  const errors = await validateModel({
    leadqual: 1,
    id: 'x',
    dimensions: [{ id: 'd' }],
    stages: [{ id: 's', if: 'score > 1' }],
  });
  assert.ok(
    errors.some((e) => e.pointer === '/stages'),
    JSON.stringify(errors),
  );
});

test('checkModel gives the errors of an invalid model and the warnings of a valid one', async () => {
  assert.deepEqual(await checkModel(modelDoc), { errors: [], warnings: [] });
  const invalid = await checkModel({ leadqual: 1, id: 'x', dimensions: [{ id: 'd' }] });
  assert.deepEqual(invalid.warnings, []);
  assert.deepEqual(invalid.errors, await validateModel({ leadqual: 1, id: 'x', dimensions: [{ id: 'd' }] }));
  assert.ok(invalid.errors.length > 0);
  const { errors, warnings } = await checkModel({
    leadqual: 1,
    id: 'w',
    dimensions: [{ id: 'fit', max: 10 }],
    questions: [{ id: 'fit', type: 'boolean', points: { fit: 10 } }],
    stages: [{ id: 'big', if: 'score >= 50' }, { id: 'all' }],
  });
  assert.deepEqual(errors, []);
  assert.deepEqual(warnings, [
    {
      pointer: '/stages/0/if',
      code: 'threshold-out-of-range',
      message: "'score >= 50' never holds: the score is at most 10",
    },
  ]);
});

test('models load from a path, a file: URL and over HTTP; failures are LeadqualErrors', async () => {
  const fromPath = await loadQualifier(path.relative(process.cwd(), modelPath));
  const fromUrl = await loadQualifier(pathToFileURL(modelPath));
  assert.equal(fromPath.hash, expectedHash);
  assert.equal(fromUrl.hash, expectedHash);
  fromPath.dispose();
  fromUrl.dispose();

  const server = createServer((request, response) => {
    if (request.url === '/model.json') response.end(readFileSync(modelPath));
    else if (request.url === '/broken.json') response.end('{"leadqual": 1,\n  "id": }');
    else {
      response.statusCode = 404;
      response.end();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${server.address().port}`;
  try {
    const overHttp = await loadQualifier(`${base}/model.json`);
    assert.equal(overHttp.hash, expectedHash);
    overHttp.dispose();
    await assert.rejects(
      loadQualifier(`${base}/missing.json`),
      (e) => e instanceof LeadqualError && /HTTP 404/.test(e.message),
    );
    await assert.rejects(
      loadQualifier(`${base}/broken.json`),
      (e) => e instanceof LeadqualError && /line 2, column/.test(e.message),
    );
  } finally {
    server.close();
  }
  await assert.rejects(
    loadQualifier(path.join(root, 'no/such/model.json')),
    (e) => e instanceof LeadqualError && /could not read/.test(e.message),
  );
  await assert.rejects(loadQualifier(42), LeadqualError);
});

test('evaluate runs infix text and JsonLogic, and reports errors', async () => {
  assert.equal(
    await evaluate('employees >= 100 and budget in ["approved", "planned"]', { employees: 250, budget: 'planned' }),
    true,
  );
  assert.equal(await evaluate({ '+': [1, { var: 'a.b' }] }, { a: { b: 41 } }), 42);
  assert.deepEqual(await evaluate({ map: [{ var: 'xs' }, { '*': [{ var: '' }, 2] }] }, { xs: [1, 2, 3] }), [2, 4, 6]);
  assert.equal(await evaluate('domain(email)', { email: 'Jane@ACME.example' }), 'acme.example');
  assert.equal(await evaluate('days_since("2026-11-12")', {}, { now }), 10);
  await assert.rejects(evaluate('1 +', {}), (e) => e instanceof LeadqualError && e.errors.length > 0);
  await assert.rejects(
    evaluate({ no_such_operator: [1] }, {}),
    (e) => e instanceof LeadqualError && /no_such_operator/.test(e.message),
  );
  await assert.rejects(evaluate({ throw: 'Oops' }, {}), (e) => e instanceof LeadqualError && e.type === 'Oops');
});

test("evaluate returns a user's data shaped like a failure as a value, and throws a real failure with the core's message", async () => {
  // Was thrown as a failure: the core replied a failure as the value {"error": {...}}, so data of
  // that shape could not be told from one.
  const mine = { error: { type: 'NaN', message: 'mine' } };
  assert.deepEqual(await evaluate({ var: 'x' }, { x: mine }), mine);
  assert.deepEqual(await evaluate('x', { x: mine }), mine);
  // The plainest such data: the whole data object, and one member of it.
  assert.deepEqual(await evaluate({ var: '' }, { error: 'x' }), { error: 'x' });
  assert.deepEqual(await evaluate('error', { error: 'x' }), 'x');
  assert.deepEqual(await evaluate({ var: 'a' }, { a: { error: 'x' } }, { jsonlogic: true }), { error: 'x' });
  await assert.rejects(
    evaluate({ throw: 'Oops' }, {}),
    (e) => e instanceof LeadqualError && e.type === 'Oops' && e.message.startsWith('evaluate: '),
  );
  await assert.rejects(
    evaluate({ '+': [1, 'x'] }, {}, { jsonlogic: true }).then((v) => {
      // json-logic-js gives NaN here; the core reports it as a failure of type "NaN".
      throw new Error(`expected a failure, got ${JSON.stringify(v)}`);
    }),
    (e) => e instanceof LeadqualError && e.type === 'NaN' && e.errors[0].message.length > 0,
  );
});

test("what leadqual.d.ts calls readonly cannot be assigned: a LeadqualError's name, errors and type, a Qualifier's and a Session's members", async () => {
  // Were plain fields of LeadqualError: `error.errors = []` took effect. (This module is strict,
  // so a write to a read-only member throws.)
  const error = await evaluate({ throw: 'Oops' }, {}).catch((e) => e);
  assert.ok(error instanceof LeadqualError);
  const { errors } = error;
  for (const key of ['name', 'errors', 'type']) {
    assert.throws(() => {
      error[key] = 'changed';
    }, TypeError);
  }
  assert.equal(error.name, 'LeadqualError');
  assert.equal(error.type, 'Oops');
  assert.equal(error.errors, errors);
  // A page may still annotate an error (error trackers do).
  error.reported = true;
  assert.equal(error.reported, true);
  assert.equal(new LeadqualError('plain').type, undefined);
  assert.equal('type' in new LeadqualError('plain'), false);

  const q = await loadQualifier(modelDoc);
  const session = q.session();
  for (const [object, keys] of [
    [q, ['id', 'version', 'hash', 'model', 'disposed']],
    [session, ['answers', 'state']],
  ]) {
    for (const key of keys) {
      const before = object[key];
      assert.throws(() => {
        object[key] = null;
      }, TypeError);
      assert.deepEqual(object[key], before, key);
    }
  }
  q.dispose();
});

test('dispose releases the model; later calls throw', async () => {
  const q = await loadQualifier(modelDoc);
  const session = q.session();
  q.dispose();
  q.dispose();
  assert.equal(q.disposed, true);
  assert.throws(
    () => q.score({}),
    (e) => e instanceof LeadqualError && /disposed/.test(e.message),
  );
  assert.throws(() => session.state, LeadqualError);
});

test('a qualifier dropped without dispose() is freed when garbage-collected', () => {
  const api = pathToFileURL(path.join(root, 'web/leadqual.js')).href;
  const child = spawnSync(
    process.execPath,
    [
      '--expose-gc',
      '--input-type=module',
      '-e',
      `
    import { init, loadQualifier } from ${JSON.stringify(api)};
    const core = await init();
    const model = ${JSON.stringify(modelDoc)};
    (await loadQualifier(model)).dispose();
    const before = core.heapBytesInUse();
    for (let i = 0; i < 20; ++i) await loadQualifier(model);
    const loaded = core.heapBytesInUse() - before;
    for (let i = 0; i < 20 && core.heapBytesInUse() > before + 1024; ++i) {
      globalThis.gc();
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    console.log(JSON.stringify({ loaded, left: core.heapBytesInUse() - before }));`,
    ],
    { encoding: 'utf8' },
  );
  assert.equal(child.status, 0, child.stderr);
  const { loaded, left } = JSON.parse(child.stdout);
  assert.ok(loaded > 20 * 1000, `20 models hold memory (${loaded} bytes)`);
  assert.ok(left < 1024, `freed after collection (${left} bytes left)`);
});

test('a failing WebAssembly instance surfaces as a LeadqualError and is replaced', () => {
  const api = pathToFileURL(path.join(root, 'web/leadqual.js')).href;
  // The core cannot be made to fail on purpose, so the fault is injected into the instance.
  const child = spawnSync(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `
    import { init, loadQualifier, LeadqualError } from ${JSON.stringify(api)};
    const broken = await init();
    broken.loadModel = () => { throw new WebAssembly.RuntimeError('unreachable'); };
    const model = ${JSON.stringify(modelDoc)};
    const failure = await loadQualifier(model).catch((e) => e);
    const q = await loadQualifier(model);
    console.log(JSON.stringify([failure instanceof LeadqualError, failure.message, (await init()) !== broken, q.score({ budget: 'approved' }).score]));`,
    ],
    { encoding: 'utf8' },
  );
  assert.equal(child.status, 0, child.stderr);
  assert.deepEqual(JSON.parse(child.stdout), [true, 'the leadqual WebAssembly core failed: unreachable', true, 25]);
});

test('one module instance serves every qualifier', async () => {
  assert.equal(await init(), await init({ wasmUrl: 'https://example.invalid/ignored.wasm' }));
});

// Each child process gets a fresh module, so the loading options themselves are exercised.
function runChild(source) {
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', source], { cwd: root, encoding: 'utf8' });
  return { status: child.status, out: child.stdout.trim(), err: child.stderr.trim() };
}

test('the .wasm can be handed over as bytes or located by URL', () => {
  const api = pathToFileURL(path.join(root, 'web/leadqual.js')).href;
  const wasm = pathToFileURL(path.join(root, 'web/build/leadqual-core.wasm')).href;
  const model = JSON.stringify(modelDoc);
  const bytes = runChild(`
    import { readFileSync } from 'node:fs';
    import { loadQualifier } from ${JSON.stringify(api)};
    const q = await loadQualifier(${model}, { wasmBinary: readFileSync(new URL(${JSON.stringify(wasm)})).buffer });
    console.log(q.score({ budget: 'approved' }).dimensions.budget);`);
  assert.deepEqual(bytes, { status: 0, out: '25', err: '' });
  const byUrl = runChild(`
    import { loadQualifier } from ${JSON.stringify(api)};
    const q = await loadQualifier(${model}, { wasmUrl: ${JSON.stringify(wasm)} });
    console.log(q.score({ budget: 'planned' }).dimensions.budget);`);
  assert.deepEqual(byUrl, { status: 0, out: '15', err: '' });
  const missing = runChild(`
    import { loadQualifier, LeadqualError } from ${JSON.stringify(api)};
    try { await loadQualifier(${model}, { wasmUrl: 'file:///no/such/leadqual-core.wasm' }); }
    catch (e) { console.log(e instanceof LeadqualError, /could not load the leadqual WebAssembly module/.test(e.message)); }`);
  assert.deepEqual(missing, { status: 0, out: 'true true', err: '' });
});
