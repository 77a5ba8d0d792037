// The compiled model and the runtime module: compileModel() / `leadqual build` write the same
// bytes, the runtime module alone loads them and scores exactly as a model's JSON does, and the
// result built from the numbers the runtime leaves in memory is the one its canonical text says.
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import { compileModel, init, initRuntime, LeadqualError, loadQualifier } from '../../web/leadqual.js';
import { randomAnswers, randomModel, randomSignals, rng } from './support/generate.mjs';
import { modelFiles, nativeCli, root } from './support/project.mjs';

const now = Date.parse('2026-11-22T09:30:00Z');
const work = mkdtempSync(path.join(tmpdir(), 'leadqual-runtime-'));
test.after(() => rmSync(work, { recursive: true, force: true }));

// Answers that are not what the model asks for: every kind the runtime must report, not drop.
function oddAnswers(model, r) {
  const answers = randomAnswers(model, r);
  const ids = model.questions.map((q) => q.id);
  const junk = [
    null,
    '',
    'nope',
    -0,
    1e21,
    2.5,
    true,
    [],
    ['nope'],
    [1, null, [2]],
    { a: 1 },
    new Date(0),
    'x'.repeat(300),
  ];
  for (let i = 0; i < 2; ++i) answers[r.pick(ids)] = r.pick(junk);
  if (r.chance(0.2)) answers.not_a_question = 'x';
  return answers;
}

async function assertSame(file, seed, count) {
  const fromJson = await loadQualifier(file);
  const bytes = await compileModel(file);
  const compiled = await loadQualifier(bytes);
  try {
    assert.equal(compiled.hash, fromJson.hash);
    assert.deepEqual(compiled.model, fromJson.model);
    const r = rng(seed);
    const session = compiled.session({ now });
    for (let i = 0; i < count; ++i) {
      const answers = i % 3 === 0 ? oddAnswers(fromJson.model, r) : randomAnswers(fromJson.model, r);
      const signals = randomSignals(fromJson.model, r, now);
      const text = fromJson.scoreJSON(answers, { signals, now });
      assert.equal(compiled.scoreJSON(answers, { signals, now }), text, `lead ${i}`);
      assert.deepStrictEqual(compiled.score(answers, { signals, now }), JSON.parse(text), `lead ${i}`);
      // A session changes one answer at a time and agrees with scoring them all at once.
      for (const id of Object.keys(session.answers)) if (!(id in answers)) session.unset(id);
      for (const [id, value] of Object.entries(answers)) session.set(id, value);
      const state = fromJson.stateOf(answers, { now });
      assert.deepStrictEqual(session.state.result, state.result, `session ${i}`);
      assert.deepStrictEqual(session.state.visible, state.visible, `session ${i}`);
    }
  } finally {
    fromJson.dispose();
    compiled.dispose();
  }
}

test('every model in models/ scores the same compiled, from numbers and from text', async (t) => {
  for (const [index, file] of modelFiles().entries()) {
    await t.test(path.relative(root, file), () => assertSame(file, 500 + index, 150));
  }
});

test('generated models score the same compiled', async (t) => {
  for (let seed = 1; seed <= 15; ++seed) {
    const file = path.join(work, `generated-${seed}.json`);
    writeFileSync(file, JSON.stringify(randomModel(seed)));
    await t.test(`generated model ${seed}`, () => assertSame(file, seed, 100));
  }
});

test('leadqual build writes the bytes compileModel() makes, and loadQualifier takes the file', async () => {
  const file = path.join(root, 'models/frameworks/bant.json');
  const out = path.join(work, 'bant.lqc');
  const built = spawnSync(nativeCli(), ['build', file, '-o', out], { encoding: 'utf8' });
  assert.equal(built.status, 0, built.stderr);
  const bytes = readFileSync(out);
  assert.deepEqual(new Uint8Array(bytes), await compileModel(file));
  const q = await loadQualifier(out);
  const reference = await loadQualifier(file);
  assert.equal(q.scoreJSON({ budget: 'approved' }, { now }), reference.scoreJSON({ budget: 'approved' }, { now }));
  q.dispose();
  reference.dispose();
});

test('a compiled model loads with the runtime module alone', async () => {
  const api = pathToFileURL(path.join(root, 'web/leadqual.js')).href;
  const compiled = path.join(work, 'alone.lqc');
  writeFileSync(compiled, await compileModel(path.join(root, 'models/frameworks/bant.json')));
  // In a fresh process the core module is pointed nowhere: loading it would fail.
  const alone = spawnSync(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `
    import { init, loadQualifier } from ${JSON.stringify(api)};
    const q = await loadQualifier(${JSON.stringify(compiled)}, { wasmUrl: 'file:///nonexistent/leadqual-core.wasm' });
    const core = await init({ wasmUrl: 'file:///nonexistent/leadqual-core.wasm' }).then(() => 'loaded', () => 'not loaded');
    console.log(JSON.stringify([q.score({ budget: 'approved' }).reasons.length > 0, core]));`,
    ],
    { encoding: 'utf8' },
  );
  assert.equal(alone.status, 0, alone.stderr);
  assert.deepEqual(JSON.parse(alone.stdout), [true, 'not loaded']);
});

test('corrupt compiled bytes are refused with a LeadqualError, never a crash', async () => {
  const bytes = await compileModel(path.join(root, 'models/frameworks/bant.json'));
  const r = rng(7);
  for (let i = 0; i < 300; ++i) {
    const broken = bytes.slice(0, r.int(0, bytes.length));
    if (i % 2) for (let k = 0; k < 4; ++k) broken[r.int(0, broken.length - 1)] ^= r.int(1, 255);
    if (broken.length < 4) continue;
    broken.set([0x4c, 0x51, 0x43, 0x4d]); // still says it is compiled
    try {
      const q = await loadQualifier(broken);
      assert.equal(typeof q.score({}).score, 'number');
      q.dispose();
    } catch (error) {
      assert.ok(error instanceof LeadqualError, String(error));
      assert.match(error.message, /^invalid compiled model: /);
    }
  }
});

test('one-off scores send each short text once, and agree with sessions past the table bound', async () => {
  // Texts named by the rules, and texts in an array named by an error (no option of a multi);
  // more distinct ones than the runtime keeps interned (1,024), so the table starts over.
  const model = {
    leadqual: 1,
    id: 'texts',
    dimensions: [{ id: 'fit' }],
    questions: [
      { id: 'name', type: 'text' },
      { id: 'city', type: 'text' },
      { id: 'pick', type: 'multi', options: [{ value: 'a' }, { value: 'b' }] },
    ],
    rules: [
      { id: 'name', if: { '==': [{ var: 'name' }, 'n-700'] }, add: { fit: 5 } },
      { id: 'city', if: { '==': [{ var: 'city' }, 'c-900'] }, add: { fit: 3 } },
      { id: 'long', if: { '==': [{ var: 'name' }, 'l'.repeat(100)] }, add: { fit: 7 } },
    ],
    stages: [{ id: 'all' }],
  };
  const compiled = await loadQualifier(await compileModel(model));
  try {
    const session = compiled.session({ now });
    for (let i = 0; i < 2600; ++i) {
      const k = i % 1300;
      const name = i % 10 === 9 ? 'l'.repeat(100) : `n-${k}`;
      const answers = { name, city: `c-${(k * 7) % 1300}`, pick: ['b', `p-${k}`] };
      const result = compiled.score(answers, { now });
      const expected = (name === 'n-700' ? 5 : 0) + (name.length === 100 ? 7 : 0) + (answers.city === 'c-900' ? 3 : 0);
      assert.equal(result.score, expected, `lead ${i}`);
      assert.deepEqual(
        result.errors.map((error) => error.path + ' ' + error.message),
        [`/pick/1 'p-${k}' is not an option (one of: a, b)`],
      );
      session.set('name', name).set('city', answers.city).set('pick', answers.pick);
      assert.deepStrictEqual(session.state.result, result, `lead ${i}`);
    }
  } finally {
    compiled.dispose();
  }
});

// web/leadqual.js looks option values and interned texts up by string in objects without a
// prototype: values named like Object.prototype's members, or like array indices, are only
// themselves; a text that names no option is still refused.
test("option values and texts named like an object's own members score as themselves", async () => {
  const names = ['__proto__', 'constructor', 'toString', '1', '-0', 'hasOwnProperty'];
  const model = {
    leadqual: 1,
    id: 'names',
    dimensions: [{ id: 'fit' }],
    questions: [
      {
        id: 'pick',
        type: 'choice',
        options: names.slice(0, 4).map((value, i) => ({ value, points: { fit: 10 ** i } })),
      },
      { id: 'note', type: 'text' },
    ],
    rules: names.map((name, i) => ({
      id: `note${i}`,
      if: { '==': [{ var: 'note' }, name] },
      add: { fit: 1000 * 2 ** i },
    })),
    stages: [{ id: 'all' }],
  };
  const compiled = await loadQualifier(await compileModel(model));
  try {
    const session = compiled.session({ now });
    // Twice over: the second round finds each text in the interned table.
    for (let round = 0; round < 2; ++round) {
      for (const [i, name] of names.entries()) {
        const answers = { pick: name, note: name };
        const result = compiled.score(answers, { now });
        const option = i < 4 ? 10 ** i : 0;
        assert.equal(result.score, option + 1000 * 2 ** i, `${name}, round ${round}`);
        assert.deepEqual(
          result.errors.map((error) => error.path),
          i < 4 ? [] : ['/pick'],
          name,
        );
        assert.deepStrictEqual(result, JSON.parse(compiled.scoreJSON(answers, { now })), name);
        session.set('pick', name).set('note', name);
        assert.deepStrictEqual(session.state.result, result, name);
      }
      assert.equal(compiled.score({ pick: 'valueOf', note: 'valueOf' }, { now }).score, 0);
    }
  } finally {
    compiled.dispose();
  }
});

// A session's states are deeply frozen; to freeze less, a state shares the frozen parts that
// equal the last state's (web/leadqual.js, FrozenParts). Each state must still be the one its
// own answers give, and stay so when later answers change what the session shares.
test("a session's states are deeply frozen, share unchanged parts, and each keeps its own", async () => {
  const model = {
    leadqual: 1,
    id: 'states',
    dimensions: [{ id: 'fit' }, { id: 'need' }],
    questions: [
      {
        id: 'size',
        type: 'number',
        bands: [
          { min: 100, points: { fit: 10 } },
          { max: 99, points: { fit: 2 } },
        ],
      },
      {
        id: 'plan',
        type: 'choice',
        options: [
          { value: 'a', points: { need: 5 } },
          { value: 'b', points: { need: 1 } },
        ],
      },
      { id: 'who', type: 'text' },
      { id: 'extra', type: 'text', showIf: { '==': [{ var: 'plan' }, 'b'] } },
    ],
    computed: [
      { id: 'double', expr: { '*': [{ var: 'size' }, 2] } },
      { id: 'label', expr: { cat: ['size ', { var: 'size' }] } },
    ],
    rules: [
      { id: 'student', if: { '==': [{ var: 'who' }, 'student'] }, disqualify: 'Students are not buyers' },
      { id: 'big', if: { '>=': [{ var: 'size' }, 1000] }, add: { need: 3 } },
    ],
    // A decaying signal: its reason's points change with the clock, its contribution does not.
    signals: [{ id: 'visits', points: { need: 4 }, halfLife: 1 }],
    stages: [{ id: 'all' }],
  };
  const compiled = await loadQualifier(await compileModel(model));
  const deeplyFrozen = (value, where = '') => {
    if (value === null || typeof value !== 'object') return;
    assert.ok(Object.isFrozen(value), `${where} is frozen`);
    for (const [key, member] of Object.entries(value)) deeplyFrozen(member, `${where}/${key}`);
  };
  try {
    let clock = now;
    const signals = { visits: [now] };
    // (the session reads its options' `now` for each state: the clock moves half a day a step)
    const session = compiled.session({
      signals,
      get now() {
        return clock;
      },
    });
    const steps = [
      ['size', 50],
      ['plan', 'a'],
      ['size', 50], // the same answer again: a new state, equal parts shared
      ['size', 5000],
      ['who', 'student'],
      ['plan', 'b'],
      ['who', 'buyer'],
      ['size', 'lots'], // an error
      ['size', 120],
      ['who', 'student'],
      ['size', undefined],
    ];
    const seen = [];
    for (const [id, value] of steps) {
      clock += 12 * 3600 * 1000;
      session.set(id, value);
      const state = session.state;
      deeplyFrozen(state, `after ${id}=${value}`);
      const expected = compiled.stateOf(session.answers, { signals, now: clock });
      assert.deepStrictEqual(state.result, expected.result, `after ${id}=${value}`);
      assert.deepStrictEqual(state.visible, expected.visible, `after ${id}=${value}`);
      assert.deepStrictEqual(state.computed, expected.result.computed);
      assert.equal(JSON.stringify(state.result), compiled.scoreJSON(session.answers, { signals, now: clock }));
      seen.push([state, JSON.stringify(state)]);
    }
    // Every earlier state is still what it was.
    for (const [state, text] of seen) assert.equal(JSON.stringify(state), text);
    const [first, , again] = seen.map(([state]) => state);
    assert.notEqual(again, first);
    assert.equal(again.result.reasons[0], seen[1][0].result.reasons[0], 'an unchanged reason is shared');
    assert.notEqual(again.result.reasons.at(-1).points, seen[1][0].result.reasons.at(-1).points, 'decayed');
    assert.equal(again.visible, seen[1][0].visible, 'unchanged visible ids are shared');
    assert.deepEqual(Object.keys(seen[7][0].errors), ['size']);
    assert.deepEqual(seen[8][0].errors, {});
    assert.equal(seen[4][0].result.disqualified.rule, 'student');
    assert.deepEqual(seen[9][0].result.disqualified, seen[4][0].result.disqualified);
    assert.equal(seen[9][0].result.model, first.result.model, "the model's ids are shared");
  } finally {
    compiled.dispose();
  }
});

test('score() reads the whole summary when a computed text grows wasm memory on the way', () => {
  // Computed texts of 2.3 MB each: writing one out grows the runtime's memory, which detaches
  // the views of it; the numbers read after that (dimensions, reasons, stage) must still be there.
  const api = pathToFileURL(path.join(root, 'web/leadqual.js')).href;
  const child = spawnSync(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `
    import { compileModel, initRuntime, loadQualifier } from ${JSON.stringify(api)};
    const cat = (id, n) => ({ cat: Array.from({ length: n }, () => ({ var: id })) });
    const computed = [{ id: 'a', expr: cat('note', 16) }];
    for (let i = 0; i < 3; ++i) computed.push({ id: 'b' + i, expr: cat('a', 16) });
    computed.push({ id: 'z', expr: { '+': [1, 2] } });
    const model = { leadqual: 1, id: 'big', dimensions: [{ id: 'fit' }], questions: [{ id: 'note', type: 'text' }],
      computed, rules: [{ id: 'any', if: { '!!': { var: 'note' } }, add: { fit: 4 } }], stages: [{ id: 'all' }] };
    const runtime = await initRuntime();
    const q = await loadQualifier(await compileModel(model));
    const answers = { note: 'x'.repeat(9000) };
    const memory = runtime.HEAPU8.length;
    const result = q.score(answers, { now: null });
    const grew = runtime.HEAPU8.length > memory;
    console.log(JSON.stringify([grew, JSON.stringify(result) === q.scoreJSON(answers, { now: null }), result.score]));`,
    ],
    { encoding: 'utf8' },
  );
  assert.equal(child.status, 0, child.stderr);
  assert.deepEqual(JSON.parse(child.stdout), [true, true, 4]);
});

// The page's runtime module has its own malloc (wasm/page_malloc.cpp: blocks by size class, freed
// ones taken again, never merged): loading, scoring and freeing over and over reuses the memory
// the first rounds took, it does not grow with every round.
test("the runtime module's memory is reused, not grown, round after round", async () => {
  const runtime = await initRuntime();
  const bytes = await compileModel(path.join(root, 'models/frameworks/bant.json'));
  const model = await loadQualifier(path.join(root, 'models/frameworks/bant.json'));
  const r = rng(7);
  const round = () => {
    runtime.HEAPU8.set(bytes, runtime._lq_buffer(bytes.length));
    const handle = runtime._lq_load(bytes.length);
    assert.ok(handle, 'loads');
    const sessions = [runtime._lq_session(handle), runtime._lq_session(handle)];
    runtime._lq_model_free(handle);
    for (const session of sessions) {
      for (let i = 0; i < 5; ++i) {
        const text = JSON.stringify(randomAnswers(model.model, r)).slice(0, 200 + 50 * i);
        const at = runtime._lq_buffer(text.length);
        runtime.HEAPU8.set(new TextEncoder().encode(text), at);
        runtime._lq_set_text(session, i, text.length);
        runtime._lq_score(session, NaN);
        runtime._lq_result_text(session);
      }
      runtime._lq_session_free(session);
    }
  };
  for (let i = 0; i < 10; ++i) round();
  const memory = runtime.HEAPU8.length;
  for (let i = 0; i < 300; ++i) round();
  assert.equal(runtime.HEAPU8.length, memory, 'the memory did not grow');
});

// A session holds its model (wasm/runtime.cpp, RuntimeModel's count): with the model's handle
// freed first (and its memory free to be reused by another load), the session still scores as
// before; the memory of both goes with the last of them, whichever order they are freed in.
test('a session keeps its model until the last of them is freed', async () => {
  const core = await init();
  const bytes = await compileModel(path.join(root, 'models/frameworks/bant.json'));
  const load = () => {
    core.HEAPU8.set(bytes, core._lq_buffer(bytes.length));
    const model = core._lq_load(bytes.length);
    assert.ok(model, 'loads');
    return model;
  };
  const text = (address) => new TextDecoder().decode(core.HEAPU8.subarray(address, address + core._lq_size()));
  const scored = (session) => {
    core._lq_score(session, NaN);
    return text(core._lq_result_text(session));
  };
  const first = load();
  const reference = core._lq_session(first);
  const expected = scored(reference);
  core._lq_session_free(reference);
  core._lq_model_free(first);
  const before = core.heapBytesInUse();
  for (let i = 0; i < 40; ++i) {
    const model = load();
    const session = core._lq_session(model);
    if (i % 2 === 0) {
      core._lq_model_free(model);
      core._lq_model_free(load()); // reuses what a freed model would have left
    }
    assert.equal(scored(session), expected, `round ${i}`);
    core._lq_session_free(session);
    if (i % 2 === 1) core._lq_model_free(model);
  }
  assert.ok(Math.abs(core.heapBytesInUse() - before) < 1024, `heap ${before} → ${core.heapBytesInUse()} bytes`);
});

// The runtime module has no Emscripten glue (wasm/CMakeLists.txt): web/leadqual.js instantiates
// it with the functions it imports (the glue's two, and JavaScript's own number conversions:
// wasm/host_numbers.cpp) and calls its exports by their names, so the module must import nothing
// else and export every lq_* function the API calls, its memory and its constructors.
test('the runtime module imports only what web/leadqual.js hands it and exports what it calls', () => {
  const module = new WebAssembly.Module(readFileSync(path.join(root, 'web/build/leadqual-runtime.wasm')));
  assert.deepEqual(
    WebAssembly.Module.imports(module)
      .map(({ module: from, name, kind }) => `${from}.${name} ${kind}`)
      .sort(),
    [
      'env.abort function',
      'env.emscripten_resize_heap function',
      'env.js_number function',
      'env.js_remainder function',
      'env.js_string function',
    ],
  );
  const exported = new Set(WebAssembly.Module.exports(module).map(({ name }) => name));
  const api = readFileSync(path.join(root, 'web/leadqual.js'), 'utf8');
  const called = new Set([...api.matchAll(/\._(lq_\w+)\(/g)].map((match) => match[1]));
  assert.ok(called.size > 20, `the API calls ${called.size} lq_* functions`);
  for (const name of [...called, 'memory', '__wasm_call_ctors']) assert.ok(exported.has(name), `exports ${name}`);
  assert.ok(!existsSync(path.join(root, 'web/build/leadqual-runtime.js')), 'no glue file is built');
});

// web/leadqual.js writes a cell's kind as the runtime's own numbers, taken by name from the
// module (lq_codes) instead of being written out again in JS: both modules name the same codes,
// and they are RawKind's (src/core/runtime/score.hpp) in its order, then the option kind.
test("the kind codes JS writes are the runtime's RawKind, from the module itself", async () => {
  const header = readFileSync(path.join(root, 'src/core/runtime/score.hpp'), 'utf8');
  const declared = /enum class RawKind : std::uint8_t \{([^}]*)\}/.exec(header);
  assert.ok(declared, 'RawKind is declared in score.hpp');
  const kinds = declared[1].split(',').map((name) => name.trim().toLowerCase());
  const spelled = { bool: 'boolean' };
  const codesOf = (m) =>
    JSON.parse(new TextDecoder().decode(m.HEAPU8.subarray(m._lq_codes()).subarray(0, m._lq_size())));
  const [core, runtime] = [codesOf(await init()), codesOf(await initRuntime())];
  assert.deepEqual(runtime, core);
  const expected = Object.fromEntries(kinds.map((kind, code) => [spelled[kind] ?? kind, code]));
  assert.deepEqual(
    Object.fromEntries(Object.entries(core).filter(([name]) => !['option', 'interned', 'head'].includes(name))),
    expected,
  );
  assert.equal(core.option, kinds.length);
  assert.equal(core.interned, kinds.length + 1);
  assert.ok(Number.isInteger(core.head) && core.head > 0);
});
