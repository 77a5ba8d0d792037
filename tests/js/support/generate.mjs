// Seeded generators for the parity and bad-input tests: answer sets for any (normalised) model,
// and random valid models that exercise every section of the format. Deterministic for a seed,
// so a failure names a seed that reproduces it.

/** A small, fast, seeded PRNG (mulberry32). */
export function rng(seed) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: (items) => items[Math.floor(next() * items.length)],
    chance: (p) => next() < p,
  };
}

const words = [
  'alpha',
  'beta',
  'gamma',
  'delta',
  'Ωmega',
  'naïve',
  '東京',
  'emoji 🚀',
  'a"quote',
  'back\\slash',
  'tab\tnew\nline',
  '',
];
const domains = [
  'acme.example',
  'gmail.com',
  'yahoo.co.jp',
  'outlook.com',
  'mailinator.com',
  'big-corp.io',
  'proton.me',
];

function randomNumber(r, lo, hi) {
  switch (r.int(0, 9)) {
    case 0:
      return r.int(-5, 5);
    case 1:
      return Number((lo + r.next() * (hi - lo)).toFixed(r.int(0, 3)));
    case 2:
      return r.pick([0, -0, 1e21, -1e21, 1e-7, 2 ** 53, 2 ** 53 + 2, 0.1 + 0.2, 1 / 3, 5e-324]);
    default:
      return r.int(Math.floor(lo), Math.ceil(hi));
  }
}

function randomString(r) {
  if (r.chance(0.05)) return 'x'.repeat(r.int(9990, 10010));
  return r.pick(words) + (r.chance(0.5) ? String(r.int(0, 99)) : '');
}

function randomEmail(r) {
  switch (r.int(0, 5)) {
    case 0:
      return 'not-an-email';
    case 1:
      return `${r.pick(['Jane.Doe', 'x', 'sales+lead'])}@${r.pick(domains).toUpperCase()}`;
    default:
      return `${r.pick(['jane', 'bob', 'k.tanaka', 'li_wei'])}@${r.pick(domains)}`;
  }
}

function wrongTypeValue(r) {
  return r.pick([true, false, 42, -1.5, 'text', ['a'], { nested: 1 }, [], {}]);
}

/** One answer for a question of the normalised model: usually valid, sometimes not. */
function answerFor(question, r) {
  if (r.chance(0.04)) return wrongTypeValue(r);
  if (r.chance(0.04)) return r.pick([null, '']);
  const options = (question.options ?? []).map((o) => (typeof o === 'string' ? o : o.value));
  switch (question.type) {
    case 'choice':
      return r.chance(0.92) && options.length ? r.pick(options) : r.pick(['unknown', options[0]?.toUpperCase() ?? 'x']);
    case 'multi': {
      const picked = options.filter(() => r.chance(0.4));
      if (r.chance(0.1) && options.length) picked.push(options[0]); // duplicates count once
      if (r.chance(0.05)) picked.push('unknown');
      return picked;
    }
    case 'number':
    case 'range': {
      const lo = question.min ?? -100;
      const hi = question.max ?? (question.min ?? 0) + 5000;
      const margin = Math.max(1, (hi - lo) / 10);
      const n = randomNumber(r, lo - margin, hi + margin);
      if (r.chance(0.08)) return r.pick([String(n), '1e3', ' 42 ', 'abc', '0x10', '-']);
      return n;
    }
    case 'boolean':
      return r.chance(0.9) ? r.chance(0.5) : r.pick(['true', 'false', 'yes', 1, 0]);
    case 'text':
      return randomString(r);
    case 'email':
      return randomEmail(r);
    case 'hidden':
      return r.pick([randomString(r), r.int(0, 100), r.chance(0.5)]);
    default:
      return randomString(r);
  }
}

/** A random answers object for a normalised model. */
export function randomAnswers(model, r) {
  const answers = {};
  for (const question of model.questions ?? []) {
    if (r.chance(0.8)) answers[question.id] = answerFor(question, r);
  }
  if (r.chance(0.05)) answers[r.pick(['unknown_key', 'employes', 'Budget'])] = 1;
  return answers;
}

/** Random signals for a normalised model, around the fixed clock `now` (ms). */
export function randomSignals(model, r, now) {
  const signals = {};
  for (const signal of model.signals ?? []) {
    if (!r.chance(0.6)) continue;
    if (r.chance(0.5)) {
      signals[signal.id] = r.chance(0.95) ? r.int(0, 20) : -1;
    } else {
      const events = [];
      for (let i = r.int(0, 6); i > 0; --i) {
        const age = r.int(-2, 120) * 86400000 + r.int(0, 86399999);
        events.push(r.chance(0.5) ? now - age : new Date(now - age).toISOString());
      }
      if (r.chance(0.05)) events.push('not a date');
      signals[signal.id] = events;
    }
  }
  if (r.chance(0.03)) signals.unknown_signal = 1;
  return signals;
}

// ---------------------------------------------------------------------------------------------
// Random valid models.

function points(r, dimensions) {
  const out = {};
  for (const d of dimensions) if (r.chance(0.5)) out[d] = r.int(-10, 25) * (r.chance(0.2) ? 0.5 : 1);
  if (Object.keys(out).length === 0) out[r.pick(dimensions)] = r.int(1, 20);
  return out;
}

function label(r, text) {
  return r.chance(0.3) ? { en: text, ja: `${text}（日本語）` } : text;
}

/** A condition over earlier questions, as infix text or JsonLogic. */
function condition(r, questions, computedIds) {
  const numeric = questions.filter((q) => q.type === 'number' || q.type === 'range');
  const choices = questions.filter((q) => q.type === 'choice');
  const booleans = questions.filter((q) => q.type === 'boolean');
  const parts = [];
  const infix = r.chance(0.6);
  const count = r.int(1, 2);
  for (let i = 0; i < count; ++i) {
    const kind = r.int(0, 3);
    if (kind === 0 && numeric.length) {
      const q = r.pick(numeric);
      const limit = r.int(q.min ?? 0, q.max ?? 1000);
      const op = r.pick(['<', '<=', '>', '>=']);
      parts.push(infix ? `${q.id} ${op} ${limit}` : { [op]: [{ var: q.id }, limit] });
    } else if (kind === 1 && choices.length) {
      const q = r.pick(choices);
      const value = r.pick(q.options).value;
      if (r.chance(0.5)) parts.push(infix ? `${q.id} == '${value}'` : { '===': [{ var: q.id }, value] });
      else {
        const values = q.options.filter(() => r.chance(0.5)).map((o) => o.value);
        parts.push(infix ? `${q.id} in [${values.map((v) => `'${v}'`).join(', ')}]` : { in: [{ var: q.id }, values] });
      }
    } else if (kind === 2 && booleans.length) {
      const q = r.pick(booleans);
      parts.push(infix ? (r.chance(0.5) ? q.id : `not ${q.id}`) : { '==': [{ var: q.id }, true] });
    } else if (kind === 3 && computedIds.length) {
      const id = r.pick(computedIds);
      const limit = r.int(0, 5000);
      parts.push(infix ? `${id} > ${limit}` : { '>': [{ var: id }, limit] });
    } else {
      parts.push(infix ? 'true' : true);
    }
  }
  if (parts.length === 1) return parts[0];
  const op = r.pick(['and', 'or']);
  return infix ? parts.join(` ${op} `) : { [op]: parts };
}

/** A random valid model exercising every section. */
export function randomModel(seed) {
  const r = rng(seed);
  const dimensionIds = ['fit', 'intent', 'budget', 'reach'].slice(0, r.int(1, 4));
  const dimensions = dimensionIds.map((id) => {
    const d = { id, label: label(r, `Dimension ${id}`) };
    if (r.chance(0.7)) d.max = r.int(20, 60);
    if (r.chance(0.5)) d.min = r.chance(0.5) ? 0 : -r.int(1, 20);
    if (r.chance(0.3)) d.weight = r.pick([0, 0.5, 1, 2, 3]);
    return d;
  });
  const questions = [];
  const types = ['choice', 'multi', 'number', 'range', 'boolean', 'text', 'email', 'hidden'];
  const questionCount = r.int(2, 10);
  for (let i = 0; i < questionCount; ++i) {
    const type = r.pick(types);
    const q = { id: `q${i}_${type}`, type, label: label(r, `Question ${i}?`) };
    if (r.chance(0.3)) q.required = true;
    if (type === 'choice' || type === 'multi') {
      const n = r.int(1, 5);
      q.options = [];
      for (let k = 0; k < n; ++k) {
        const option = { value: `v${k}`, label: label(r, `Option ${k}`) };
        if (r.chance(0.7)) option.points = points(r, dimensionIds);
        q.options.push(option);
      }
    } else if (type === 'number' || type === 'range') {
      if (type === 'range' || r.chance(0.5)) {
        q.min = r.int(-10, 10);
        q.max = q.min + r.int(10, 2000);
      }
      if (r.chance(0.7)) {
        q.bands = [];
        const top = q.max ?? 1000;
        const bottom = q.min ?? 0;
        q.bands.push({ min: Math.floor((top + bottom) / 2), points: points(r, dimensionIds) });
        if (r.chance(0.5))
          q.bands.push({
            min: bottom,
            max: Math.floor((top + bottom) / 2),
            points: points(r, dimensionIds),
            label: 'middle',
          });
        if (r.chance(0.5)) q.bands.push({ max: bottom + 1, points: points(r, dimensionIds) });
      }
    } else if (type === 'boolean' && r.chance(0.6)) {
      q.points = points(r, dimensionIds);
    } else if (type === 'text' && r.chance(0.5)) {
      q.maxLength = r.int(5, 200);
    }
    if (i > 0 && r.chance(0.25)) q.showIf = condition(r, questions, []);
    if (r.chance(0.1)) q.share = true;
    questions.push(q);
  }
  const numeric = questions.filter((q) => q.type === 'number' || q.type === 'range');
  const computed = [];
  if (numeric.length && r.chance(0.7)) {
    const a = r.pick(numeric).id;
    const b = r.pick(numeric).id;
    computed.push({
      id: 'total',
      expr: r.pick([`${a} * ${b} * 46`, `${a} + ${b}`, `round(${a} / 3, 2)`, `max(${a}, ${b})`]),
    });
    if (r.chance(0.5)) computed.push({ id: 'half', expr: 'total / 2', format: 'currency' });
  }
  const computedIds = computed.map((c) => c.id);
  const signals = [];
  if (r.chance(0.5)) {
    for (let i = r.int(1, 3); i > 0; --i) {
      const s = { id: `sig${i}`, points: points(r, dimensionIds) };
      if (r.chance(0.6)) s.cap = r.int(0, 30);
      if (r.chance(0.6)) s.halfLife = r.pick([1, 7, 14, 30.5]);
      signals.push(s);
    }
  }
  const rules = [];
  for (let i = r.int(0, 8); i > 0; --i) {
    const rule = { id: `rule-${i}`, if: condition(r, questions, computedIds) };
    if (r.chance(0.15)) rule.disqualify = label(r, `Disqualified by rule ${i}`);
    else {
      rule.add = points(r, dimensionIds);
      if (r.chance(0.7)) rule.reason = label(r, `Rule ${i} fired`);
    }
    rules.push(rule);
  }
  const model = { leadqual: 1, id: `generated-${seed}`, version: String(seed), dimensions, questions, stages: [] };
  if (computed.length) model.computed = computed;
  if (signals.length) model.signals = signals;
  if (rules.length) model.rules = rules;
  if (r.chance(0.7)) {
    model.grade = {
      bands: [
        { grade: 'A', min: 40 },
        { grade: 'B', min: 15 },
      ],
    };
    if (r.chance(0.7)) model.grade.bands.push({ grade: 'C' });
    if (r.chance(0.5))
      model.grade.from = dimensionIds
        .filter(() => r.chance(0.6))
        .concat(dimensionIds[0])
        .filter((d, k, all) => all.indexOf(d) === k);
  }
  const stages = [];
  if (model.grade) stages.push({ id: 'sql', if: "score >= 40 and grade == 'A'" });
  stages.push({ id: 'mql', if: r.chance(0.5) ? 'score >= 20' : { '>=': [{ var: 'score' }, 20] } });
  if (r.chance(0.5)) stages.push({ id: 'engaged', if: `dimensions.${dimensionIds[0]} > 5 or complete` });
  stages.push({ id: 'nurture' });
  model.stages = stages;
  return model;
}
