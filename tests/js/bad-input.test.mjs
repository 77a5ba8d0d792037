// Bad input never aborts the wasm instance, never leaks, and always says where and what:
// thousands of malformed models, answers, signals and rules, then a good score is still right;
// the wasm heap is the same before and after 100,000 scores.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { evaluate, init, LeadqualError, loadQualifier, validateModel } from '../../web/leadqual.js';
import { randomAnswers, rng } from './support/generate.mjs';
import { root } from './support/project.mjs';

const modelPath = path.join(root, 'models/examples/acme-bant.json');
const modelText = readFileSync(modelPath, 'utf8');
const modelDoc = JSON.parse(modelText);
const now = Date.parse('2026-11-22T12:00:00Z');
const goodLead = {
  budget: 'approved',
  role: 'executive',
  employees: 1500,
  hours: 30,
  rate: 50,
  start: 'now',
  talk_to_sales: true,
  email: 'jane@acme.example',
};

const dataUrl = (text) => `data:application/json;base64,${Buffer.from(text).toString('base64')}`;

/** Calls `fn`; it must either return or throw a LeadqualError that locates the problem. */
async function refusesCleanly(fn, what) {
  try {
    await fn();
    return false;
  } catch (error) {
    assert.ok(error instanceof LeadqualError, `${what}: threw ${error?.name}: ${error?.message}`);
    assert.ok(error.message.length > 0, `${what}: empty message`);
    return true;
  }
}

let reference;
test.before(async () => {
  const q = await loadQualifier(modelDoc);
  reference = q.scoreJSON(goodLead, { now });
  q.dispose();
});

test('malformed model text: every prefix and byte mutation is refused or loaded, never a crash', async () => {
  const r = rng(7);
  let refused = 0;
  const cases = [];
  for (let cut = 0; cut < modelText.length; cut += 13) cases.push(modelText.slice(0, cut));
  for (let i = 0; i < 1500; ++i) {
    const at = r.int(0, modelText.length - 1);
    const junk = r.pick(['{', '}', '[', ']', '"', ',', ':', '\\', '\u0000', 'null', '1e999', '-', '\u00ff', '\ud800']);
    cases.push(modelText.slice(0, at) + junk + modelText.slice(at + r.int(0, 3)));
  }
  for (const text of cases) {
    if (await refusesCleanly(async () => (await loadQualifier(dataUrl(text))).dispose(), 'model text')) ++refused;
  }
  assert.ok(refused > cases.length / 2, `${refused} of ${cases.length} refused`);
  await assert.rejects(loadQualifier(dataUrl('{"leadqual": 1,\n "id": "x",,}')), (e) =>
    /line 2, column/.test(e.message),
  );
});

test('structurally wrong models: mutated fields are refused with located errors', async () => {
  const r = rng(11);
  const paths = [];
  const walk = (value, at) => {
    paths.push(at);
    if (value && typeof value === 'object') for (const key of Object.keys(value)) walk(value[key], [...at, key]);
  };
  walk(modelDoc, []);
  const replacements = [null, 42, -1, 'text', true, [], {}, [1, 'a'], { x: 1 }, '', 1e308];
  let refused = 0;
  for (let i = 0; i < 2000; ++i) {
    const doc = structuredClone(modelDoc);
    const at = r.pick(paths.slice(1));
    let parent = doc;
    for (const key of at.slice(0, -1)) parent = parent[key];
    if (r.chance(0.3)) {
      if (Array.isArray(parent)) parent.splice(Number(at.at(-1)), 1);
      else delete parent[at.at(-1)];
    } else parent[at.at(-1)] = r.pick(replacements);
    let errors;
    try {
      errors = await validateModel(doc);
    } catch (error) {
      assert.fail(`validateModel threw ${error?.name}: ${error?.message}`);
    }
    if (errors.length) {
      ++refused;
      for (const error of errors) {
        assert.equal(typeof error.pointer, 'string');
        assert.ok(error.message.length > 0);
      }
    }
  }
  assert.ok(refused > 500, `${refused} refused`);
});

test('huge, deep and unrepresentable inputs give clear errors', async () => {
  // A model of more than 1 MiB, and one nested far deeper than 64 levels.
  const big = { ...modelDoc, description: 'x'.repeat(2 << 20) };
  await assert.rejects(loadQualifier(big), (e) => e instanceof LeadqualError && e.errors.length > 0);
  await assert.rejects(
    loadQualifier(dataUrl('['.repeat(100000) + ']'.repeat(100000))),
    (e) => e instanceof LeadqualError && e.errors.length > 0,
  );
  let deep = {};
  for (let i = 0; i < 200; ++i) deep = { deep };
  await assert.rejects(loadQualifier({ ...modelDoc, 'x-deep': deep }), LeadqualError);
  const cyclic = { a: 1 };
  cyclic.self = cyclic;
  await assert.rejects(loadQualifier({ ...modelDoc, 'x-cycle': cyclic }), LeadqualError);

  const q = await loadQualifier(modelDoc);
  for (const answers of [null, 42, 'budget', [], [goodLead], new Map(), undefined]) {
    assert.throws(() => q.score(answers), LeadqualError, `answers ${String(answers)}`);
  }
  for (const bad of [NaN, Infinity, -Infinity]) {
    assert.throws(
      () => q.score({ employees: bad }),
      (e) => e instanceof LeadqualError && e.errors[0].pointer === '/employees',
    );
    assert.throws(
      () => q.score({ budget: [1, bad] }),
      (e) => e.errors[0].pointer === '/budget/1',
    );
  }
  assert.throws(
    () => q.score({ employees: 10n }),
    (e) => e instanceof LeadqualError && /bigint/.test(e.message),
  );
  assert.throws(() => q.score({ employees: () => 1 }), LeadqualError);
  assert.throws(() => q.score(goodLead, { signals: [1] }), LeadqualError);
  assert.throws(() => q.score(goodLead, { now: 'yesterday' }), LeadqualError);
  assert.throws(() => q.score(goodLead, { signals: { pricing_views: NaN } }), LeadqualError);

  // Megabyte strings pass the answers' size limit (1 MiB of JSON text) and are refused whole;
  // strings past the 10,000-character limit within it are result errors.
  assert.throws(
    () => q.score({ email: `${'a'.repeat(4 << 20)}@acme.example` }),
    (e) => e instanceof LeadqualError && /1048576/.test(e.message),
  );
  const long = q.score({ email: `${'a'.repeat(20000)}@acme.example`, utm_source: 'é'.repeat(10001) }, { now });
  assert.deepEqual(
    long.errors.map((e) => [e.path, e.code]),
    [
      ['/email', 'too_long'],
      ['/utm_source', 'too_long'],
    ],
  );
  let deepAnswer = [];
  for (let i = 0; i < 100; ++i) deepAnswer = [deepAnswer];
  assert.throws(
    () => q.score({ budget: deepAnswer }),
    (e) => e instanceof LeadqualError && /deep|depth|nest/i.test(e.message),
  );
  // Several problems at once: what JSON cannot carry in the answers is refused first (wherever
  // it is, and by a disposed qualifier too), then bad options (or a disposed qualifier), then
  // too much text.
  const huge = 'a'.repeat(4 << 20);
  const disposed = await loadQualifier(modelDoc);
  disposed.dispose();
  for (const qualifier of [q, disposed]) {
    assert.throws(
      () => qualifier.score({ email: huge, employees: NaN }, { now: 'yesterday' }),
      (e) => e instanceof LeadqualError && e.errors[0].pointer === '/employees',
    );
  }
  assert.throws(
    () => q.score({ email: huge }, { now: 'yesterday' }),
    (e) => e instanceof LeadqualError && /^now: /.test(e.message),
  );
  assert.throws(() => disposed.score({ email: huge }, { now: 'yesterday' }), /was disposed/);
  assert.throws(
    () => q.score({ email: huge, rate: 1 }, { signals: { pricing_views: 1 } }),
    (e) => e instanceof LeadqualError && /1048576/.test(e.message),
  );
  assert.equal(q.score(goodLead, { now }).score, 100); // the refusals left nothing behind
  const unknown = q.score({ nope: 1, '': 2, 'a/b~c': 3 }, { now });
  assert.deepEqual(
    unknown.errors.map((e) => [e.path, e.code]),
    [
      ['/', 'unknown_question'],
      ['/a~1b~0c', 'unknown_question'],
      ['/nope', 'unknown_question'],
    ],
  );
  q.dispose();
});

test('thousands of bad answers, signals and rules, then a good score is still exactly right', async () => {
  const q = await loadQualifier(modelDoc);
  const r = rng(3);
  const junk = () =>
    r.pick([
      null,
      NaN,
      1e308,
      -0,
      '',
      '\u0000',
      'x'.repeat(r.int(0, 20000)),
      [],
      {},
      [[[[]]]],
      { a: { b: 1 } },
      true,
      10n,
      Symbol('s'),
      () => 0,
      new Date(0),
      '\ud800',
    ]);
  for (let i = 0; i < 5000; ++i) {
    const answers = randomAnswers(q.model, r);
    answers[r.pick(Object.keys(goodLead))] = junk();
    const signals = r.chance(0.3) ? { pricing_views: junk(), [r.pick(['x', 'pricing_views'])]: junk() } : undefined;
    try {
      const result = q.score(answers, { now, signals });
      assert.equal(typeof result.score, 'number');
    } catch (error) {
      assert.ok(error instanceof LeadqualError, `${error?.name}: ${error?.message}`);
    }
  }
  for (let i = 0; i < 1000; ++i) {
    const rule = r.pick([
      junk(),
      '(((',
      'a +* b',
      { var: junk() },
      { [r.pick(['+', 'map', 'reduce', 'if', 'substr', 'in'])]: [junk(), junk()] },
      'x'.repeat(5000),
      '1/0',
    ]);
    try {
      await evaluate(rule, r.chance(0.5) ? { a: junk() } : junk());
    } catch (error) {
      assert.ok(error instanceof LeadqualError, `${error?.name}: ${error?.message}`);
    }
  }
  assert.equal(q.scoreJSON(goodLead, { now }), reference);
  assert.equal(q.score(goodLead, { now }).score, 100); // worked out in api.test.mjs
  q.dispose();
});

test('the wasm heap does not grow over 100,000 scores (good and bad) and loads', async () => {
  const core = await init();
  const q = await loadQualifier(modelDoc);
  const r = rng(5);
  const leads = [];
  for (let i = 0; i < 200; ++i) leads.push(randomAnswers(q.model, r));
  leads.push(goodLead);
  const run = (n) => {
    for (let i = 0; i < n; ++i) {
      try {
        q.scoreJSON(leads[i % leads.length], { now, signals: { pricing_views: i % 7 } });
      } catch (error) {
        assert.ok(error instanceof LeadqualError);
      }
    }
  };
  const loadAndValidate = async () => {
    (await loadQualifier(modelDoc)).dispose();
    await validateModel({ leadqual: 1 });
  };
  // Warm up one-time allocations (function-local statics) before measuring.
  run(2000);
  await loadAndValidate();
  // The allocator's count includes block headers, so it may shift by a few bytes as free blocks
  // split and merge; a leak of even one byte per call would add 100 KB over 100,000 calls.
  const slack = 1024;
  const heapBefore = core.heapBytesInUse();
  const memoryBefore = core.HEAPU8.length;
  run(100000);
  const heapAfterScores = core.heapBytesInUse();
  assert.ok(
    Math.abs(heapAfterScores - heapBefore) < slack,
    `heap ${heapBefore} → ${heapAfterScores} bytes after 100,000 scores`,
  );
  for (let i = 0; i < 200; ++i) await loadAndValidate();
  const heapAfterLoads = core.heapBytesInUse();
  assert.ok(
    Math.abs(heapAfterLoads - heapBefore) < slack,
    `heap ${heapBefore} → ${heapAfterLoads} bytes after 200 loads`,
  );
  assert.equal(core.HEAPU8.length, memoryBefore, 'wasm memory size');
  assert.equal(q.scoreJSON(goodLead, { now }), reference);
  q.dispose();
});
