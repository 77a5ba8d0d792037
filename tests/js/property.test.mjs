// The one contract through WebAssembly (tests/core/property_test.cpp is the native half): models
// generated from a seed — every question type, dimensions with and without bounds (negative and
// zero maxima, weights 0), grades, stages on the verdict and on answers, rules that add or
// disqualify, computed values, signals, showIf, infix and JsonLogic — are loaded with
// loadQualifier (compiled by the core module, scored by the runtime), answered validly, oddly or
// not at all, and every result must pass the collector's consistency check, run by the core
// module (resultChecker): as scored, as the verdict alone, and as the flat fields of a form post.
// A failure names the seed; LEADQUAL_PROPERTY_SEED=<seed> LEADQUAL_PROPERTY_CASES=1 replays it.
import test from 'node:test';
import assert from 'node:assert/strict';

import { loadQualifier, resultChecker } from '../../web/leadqual.js';

const base = Number(process.env.LEADQUAL_PROPERTY_SEED ?? 20261202);
const cases = Number(process.env.LEADQUAL_PROPERTY_CASES ?? 600);
const answersPerModel = 6;

// mulberry32: a small seeded generator, the same sequence everywhere.
function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const below = (n) => Math.floor(next() * n);
  return {
    below,
    chance: (percent) => below(100) < percent,
    number: (lo, hi, per = 1) => lo + below((hi - lo) * per + 1) / per,
    pick: (items) => items[below(items.length)],
  };
}

const TYPES = ['choice', 'multi', 'number', 'range', 'boolean', 'text', 'email', 'hidden'];
const op = (name, ...args) => ({ [name]: args });
const v = (name) => ({ var: name });

function generate(r) {
  const dims = [];
  const dimensions = [];
  for (let i = 0; i < 1 + r.below(4); ++i) {
    const d = { id: `d${i}` };
    switch (r.below(6)) {
      case 0:
        break;
      case 1:
        d.max = r.number(-30, 40);
        break;
      case 2:
        d.min = r.number(-20, 10);
        break;
      case 3:
        d.min = r.number(-40, 20);
        d.max = d.min + r.number(0, 40);
        break;
      case 4:
        d.max = -r.number(1, 30);
        d.min = d.max - r.number(0, 20);
        break;
      default:
        d.min = 0;
        d.max = r.number(1, 50);
    }
    if (r.chance(40)) d.weight = r.pick([0, 0.5, 1, 2, 3.25]);
    dimensions.push(d);
    dims.push(d.id);
  }
  const points = () => {
    const out = {};
    for (const id of dims) if (r.chance(60)) out[id] = r.number(-20, 30, r.chance(30) ? 4 : 1);
    if (!Object.keys(out).length) out[r.pick(dims)] = r.number(-10, 20);
    return out;
  };
  const qs = [];
  const condition = () => {
    const q = r.pick(qs);
    const infix = r.chance(60);
    if (q.type === 'choice' || q.type === 'multi') {
      const value = r.pick(q.options.map((o) => o.value ?? o));
      if (q.type === 'multi') return infix ? `'${value}' in ${q.id}` : op('in', value, v(q.id));
      return infix ? `${q.id} == '${value}'` : op('==', v(q.id), value);
    }
    if (q.type === 'number' || q.type === 'range') {
      const t = r.number(-50, 150);
      return infix ? `${q.id} >= ${t}` : op('>=', v(q.id), t);
    }
    if (q.type === 'boolean') return infix ? q.id : op('!!', v(q.id));
    return infix ? `${q.id} != null` : op('!=', v(q.id), null);
  };
  const questions = [];
  for (let i = 0; i < r.below(7); ++i) {
    const q = { id: `q${i}`, type: r.pick(TYPES) };
    if (q.type === 'choice' || q.type === 'multi') {
      q.options = [];
      for (let k = 0; k < 1 + r.below(4); ++k) {
        const value = 'abcd'[k];
        q.options.push(r.chance(30) ? value : { value, ...(r.chance(80) ? { points: points() } : {}) });
      }
    } else if (q.type === 'number' || q.type === 'range') {
      const min = r.number(-50, 50);
      const max = min + r.number(0, 200, 2);
      if (q.type === 'range' || r.chance(50)) q.min = min;
      if (q.type === 'range' || r.chance(50)) q.max = max;
      if (r.chance(70)) {
        q.bands = [];
        for (let k = 0; k < 1 + r.below(3); ++k) {
          const band = { points: points() };
          const lo = r.number(-60, 150);
          if (r.chance(70)) band.min = lo;
          if (r.chance(70)) band.max = lo + r.number(0, 100);
          q.bands.push(band);
        }
      }
    } else if (q.type === 'boolean') {
      if (r.chance(80)) q.points = points();
    } else if (q.type === 'text' && r.chance(50)) {
      q.maxLength = 1 + r.below(20);
    }
    if (r.chance(30)) q.required = true;
    if (i > 0 && r.chance(35)) q.showIf = condition();
    questions.push(q);
    qs.push(q);
  }
  const numeric = qs.filter((q) => q.type === 'number' || q.type === 'range').map((q) => q.id);
  const computed = [];
  for (let i = 0; i < r.below(3); ++i) {
    const names = [...numeric, ...computed.map((c) => c.id)];
    const a = names.length ? r.pick(names) : null;
    const b = names.length ? r.pick(names) : null;
    const expr = !a
      ? '1 + 2'
      : r.pick([`${a} * ${r.number(-5, 5)} + ${b}`, `${a} / ${b}`, op('*', v(a), r.number(0, 10, 2))]);
    computed.push({ id: `c${i}`, expr });
  }
  const signals = [];
  for (let i = 0; i < r.below(3); ++i) {
    const s = { id: `s${i}`, points: points() };
    if (r.chance(40)) s.cap = r.number(0, 20);
    if (r.chance(40)) s.halfLife = r.number(1, 30);
    signals.push(s);
  }
  const ruleCondition = () => {
    const kind = r.below(4);
    if (kind === 0 && signals.length) return `signals.${r.pick(signals).id} > ${r.number(0, 5)}`;
    if (kind === 1 && computed.length) return op('>', v(r.pick(computed).id), r.number(-20, 100));
    return qs.length ? condition() : 'true';
  };
  const rules = [];
  for (let i = 0; i < r.below(4); ++i) {
    rules.push(
      r.chance(30)
        ? { id: `r-${i}`, if: ruleCondition(), disqualify: `Disqualified by r-${i}` }
        : { id: `r-${i}`, if: ruleCondition(), add: points() },
    );
  }
  const grades = [];
  let grade;
  if (r.chance(50)) {
    const bands = [];
    let min = r.number(-10, 60);
    const count = 1 + r.below(3);
    for (let k = 0; k < count; ++k) {
      grades.push('ABC'[k]);
      if (k === count - 1 && r.chance(50)) bands.push({ grade: 'ABC'[k] });
      else {
        bands.push({ grade: 'ABC'[k], min });
        min -= r.number(1, 30, 2);
      }
    }
    grade = { bands };
    if (r.chance(40)) {
      const from = dims.filter(() => r.chance(60));
      grade.from = from.length ? from : [dims[0]];
    }
  }
  const stages = [];
  for (let i = 0; i < r.below(4); ++i) {
    const d = r.pick(dims);
    const when = r.pick([
      () => `score >= ${r.number(-40, 80)}`,
      () => op('>=', v('score'), r.number(-40, 80)),
      () => `percent >= ${r.number(-50, 150)}`,
      () => `dimensions.${d} > ${r.number(-30, 40)}`,
      () => `complete and score > ${r.number(-20, 50)}`,
      () => (grades.length ? `grade == '${r.pick(grades)}'` : 'grade == null'),
      () => op('and', v('complete'), op('<', v('percent'), 50)),
      ruleCondition,
    ])();
    stages.push({ id: `st${i}`, if: when });
  }
  stages.push({ id: 'default' });
  const model = { leadqual: 1, id: 'property', dimensions, questions, stages };
  if (r.chance(70)) model.version = `v${r.below(9)}`;
  if (computed.length) model.computed = computed;
  if (signals.length) model.signals = signals;
  if (rules.length) model.rules = rules;
  if (grade) model.grade = grade;
  if (r.chance(30)) model.submit = { result: { dimensions: r.chance(50) } };
  return model;
}

const ODD = ['0x10', '1e400', ' 5', '+5', 'NaN', 'Infinity', '', null, [], {}, [1, 2], true, -1e300, 'zz', 'TRUE'];
ODD.push('not-an-email', ['a', 'a'], ['zz'], 0.1, -0);

function answer(r, q) {
  if (r.chance(25)) return undefined;
  if (r.chance(25)) return r.pick(ODD);
  const values = (q.options || []).map((o) => o.value ?? o);
  switch (q.type) {
    case 'choice':
      return r.pick(values);
    case 'multi': {
      const picked = values.filter(() => r.chance(50));
      return picked.length ? picked : [values[values.length - 1]];
    }
    case 'number':
    case 'range': {
      const lo = q.min ?? -100;
      const hi = q.max ?? lo + 300;
      const x = lo + ((hi - lo) * r.below(1001)) / 1000;
      return r.chance(20) ? String(x) : x;
    }
    case 'boolean':
      return r.chance(20) ? String(r.chance(50)) : r.chance(50);
    case 'text':
      return 'x'.repeat(1 + r.below(q.maxLength ? q.maxLength + 2 : 8));
    case 'email':
      return r.pick(['ana@example.com', 'b.c+d@mail.example.org']);
    default:
      return r.pick(['newsletter', 42, true]);
  }
}

function signalValues(r, model) {
  const out = {};
  for (const s of model.signals || []) {
    const roll = r.below(5);
    if (roll === 1 || roll === 2) out[s.id] = r.number(0, 12, 4);
    else if (roll === 3) out[s.id] = [1.7e12, '2026-11-20', '2026-11-20T10:00:00.5+01:00', 1.8e12];
    else if (roll === 4) out[s.id] = [1.69e12];
  }
  return out;
}

test('every result the core produces through WebAssembly passes the collector check', async () => {
  let results = 0;
  let withPercent = 0;
  let disqualified = 0;
  for (let n = 0; n < cases; ++n) {
    const seed = base + n;
    const r = rng(seed);
    const model = generate(r);
    const qualifier = await loadQualifier(model);
    const checker = await resultChecker(model);
    try {
      for (let k = 0; k < answersPerModel; ++k) {
        const answers = {};
        for (const q of model.questions) {
          const a = answer(r, q);
          if (a !== undefined) answers[q.id] = a;
        }
        const signals = signalValues(r, model);
        const result = qualifier.score(answers, { signals, now: r.chance(50) ? 1.8e12 : null });
        ++results;
        if (typeof result.percent === 'number') ++withPercent;
        if (result.stage === 'disqualified') ++disqualified;
        const forms = [['the result as scored', result, false]];
        const verdict = {
          model: result.model,
          score: result.score,
          percent: result.percent,
          grade: result.grade,
          stage: result.stage,
          complete: result.complete,
          disqualified: result.disqualified && { rule: result.disqualified.rule },
        };
        if (model.submit?.result?.dimensions !== true) forms.push(['the verdict alone', verdict, false]);
        const flat = { score: result.score, percent: result.percent, grade: result.grade, stage: result.stage };
        if (result.stage !== 'disqualified') forms.push(['the flat fields', flat, true]);
        for (const [form, posted, isFlat] of forms) {
          const problems = checker.check(posted, { flat: isFlat });
          assert.deepEqual(
            problems,
            [],
            `seed ${seed} (replay: LEADQUAL_PROPERTY_SEED=${seed} LEADQUAL_PROPERTY_CASES=1), answers #${k}: ` +
              `${form} fails the check\nmodel   ${JSON.stringify(model)}\nanswers ${JSON.stringify(answers)}\n` +
              `signals ${JSON.stringify(signals)}\nresult  ${JSON.stringify(result)}`,
          );
        }
      }
    } finally {
      qualifier.dispose();
      checker.dispose();
    }
  }
  if (cases >= 300) {
    assert.ok(withPercent > results / 10, `${withPercent} of ${results} results have a percent`);
    assert.ok(disqualified > results / 50, `${disqualified} of ${results} results are disqualified`);
  }
});
