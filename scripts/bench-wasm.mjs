#!/usr/bin/env node
// The JS step of `npm run bench`: in one node process, score() through the JS API against
// json-logic-js on the same rules and data (../shared/bench/model.jsonlogic.json), against
// json-logic-engine (interpreted, and compiled) and against hand-written JS (the floor); where a
// score()'s time goes (the wasm scoring call alone, the JS around it); plus cold start (import to
// first score) in fresh processes. Prints tables with the ratios, then issue 9's targets beside
// what was measured. Measurements only; nothing here asserts a time.
// Usage: node scripts/bench-wasm.mjs            every table (npm run bench)
//        node scripts/bench-wasm.mjs --cold     the cold start table only (COLD_RUNS, default 15)
//        BEFORE_API=<a built checkout>/web/leadqual.js ...   that revision's API beside this one
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import jsonLogic from 'json-logic-js';
import { LogicEngine } from 'json-logic-engine';

import { compileModel, initRuntime, loadQualifier } from '../web/leadqual.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const benchFile = path.join(
  process.env.LEADQUAL_SHARED_DIR ?? path.resolve(root, '../shared'),
  'bench/model.jsonlogic.json',
);
const bench = JSON.parse(readFileSync(benchFile, 'utf8'));

// The benchmark's fields and rules as a leadqual model: one question per field, one rule per
// rule adding its points to a single dimension, no caps — so score equals the rules' sum.
function toModel({ fields, rules }) {
  const questions = Object.entries(fields).map(([id, spec]) => {
    const [kind, values] = spec.split(' ');
    if (kind === 'enum' && values?.includes('|')) return { id, type: 'choice', options: values.split('|') };
    if (kind === 'int') return { id, type: 'number' };
    if (kind === 'bool') return { id, type: 'boolean' };
    return { id, type: 'text' };
  });
  return {
    leadqual: 1,
    id: 'bench',
    version: '1',
    dimensions: [{ id: 'fit' }],
    questions,
    rules: rules.map((rule) => ({ id: rule.id, if: rule.if, add: { fit: rule.points } })),
    stages: [{ id: 'all' }],
  };
}

// Deterministic, varied leads (seeded), so every engine sees the same data.
function leads(count) {
  let seed = 42;
  const next = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 4294967296;
  const pick = (items) => items[Math.floor(next() * items.length)];
  return Array.from({ length: count }, () => ({
    budget: pick(['approved', 'pending', 'none']),
    employees: Math.floor(next() * 5000),
    role: pick(['ceo', 'cto', 'vp', 'director', 'manager', 'engineer', 'student']),
    timeline_months: Math.floor(next() * 25),
    industry: pick(['saas', 'fintech', 'healthcare', 'retail', 'education']),
    pages_viewed: Math.floor(next() * 20),
    pricing_page_visited: next() < 0.5,
    email_domain: pick(['acme.example', 'gmail.com', 'big-corp.io', 'proton.me']),
    country: pick(['US', 'DE', 'JP', 'BR', 'SE']),
    demo_requested: next() < 0.3,
    current_tool: pick(['competitor_a', 'competitor_b', 'spreadsheet', 'none']),
    seats_needed: Math.floor(next() * 100),
  }));
}

// The floor: the same 20 rules as plain JavaScript.
const freeMail = new Set([
  'gmail.com',
  'yahoo.com',
  'hotmail.com',
  'outlook.com',
  'aol.com',
  'icloud.com',
  'proton.me',
  'gmx.de',
  'mail.ru',
  'yandex.ru',
]);
const countries = new Set(['US', 'CA', 'GB', 'DE', 'FR', 'NL', 'AU', 'SE']);
function handWritten(d) {
  let s = 0;
  if (d.budget === 'approved') s += 25;
  if (d.budget === 'pending') s += 10;
  if (d.budget === 'none') s -= 10;
  if (d.employees >= 1000) s += 20;
  if (d.employees >= 200 && d.employees < 1000) s += 12;
  if (d.employees < 10) s -= 5;
  if (d.role === 'ceo' || d.role === 'cto' || d.role === 'vp') s += 15;
  if (d.role === 'director' || d.role === 'manager') s += 8;
  if (d.role === 'student') s -= 20;
  if (d.timeline_months <= 3) s += 15;
  if (d.timeline_months > 3 && d.timeline_months <= 6) s += 8;
  if (d.timeline_months > 12) s -= 5;
  if (d.industry === 'saas' || d.industry === 'fintech' || d.industry === 'healthcare') s += 10;
  if (d.pages_viewed >= 10) s += 10;
  if (d.pages_viewed >= 3 && d.pages_viewed < 10) s += 4;
  if (d.pricing_page_visited === true) s += 12;
  if (freeMail.has(d.email_domain)) s -= 15;
  if (countries.has(d.country)) s += 6;
  if (d.demo_requested === true && d.pricing_page_visited === true && d.seats_needed >= 25) s += 10;
  if (d.current_tool === 'competitor_a' || d.current_tool === 'competitor_b') s += 7;
  return s;
}

const jsonLogicRules = (d) => {
  let s = 0;
  for (const rule of bench.rules) if (jsonLogic.truthy(jsonLogic.apply(rule.if, d))) s += rule.points;
  return s;
};

// json-logic-engine: its interpreter (run), and its compiled mode (build: new Function, which a
// strict Content-Security-Policy forbids; shown as a reference only).
const engine = new LogicEngine();
const engineRules = (d) => {
  let s = 0;
  for (const rule of bench.rules) if (engine.truthy(engine.run(rule.if, d))) s += rule.points;
  return s;
};
const built = bench.rules.map((rule) => ({ test: engine.build(rule.if), points: rule.points }));
const engineBuilt = (d) => {
  let s = 0;
  for (const rule of built) if (engine.truthy(rule.test(d))) s += rule.points;
  return s;
};

const rounds = 7;
let sink = 0;
const cpuNs = (since) => {
  const { user, system } = process.cpuUsage(since);
  return (user + system) * 1000;
};

// CPU ns per call of `fn` over the data in one slice of about `ms` of CPU time. CPU time (not
// wall time) so that other processes on a shared machine disturb the figures less.
function slice(fn, data, ms) {
  let calls = 0;
  const start = process.cpuUsage();
  while (cpuNs(start) < ms * 1e6) {
    for (let i = 0; i < 1000; ++i) sink += fn(data[(calls + i) % data.length]) ? 1 : 0;
    calls += 1000;
  }
  return cpuNs(start) / calls;
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/**
 * Median CPU ns per call of each function, after a warm-up, in `rounds` rounds that take every
 * function in turn (so a change of the machine's load falls on all of them alike).
 */
function measureAll(fns, data, ms = 45) {
  for (const fn of fns) for (let i = 0; i < 20000; ++i) sink += fn(data[i % data.length]) ? 1 : 0;
  const times = fns.map(() => []);
  for (let round = 0; round < rounds; ++round) fns.forEach((fn, i) => times[i].push(slice(fn, data, ms)));
  return times.map(median);
}

// One function alone, as measureAll measures each.
const measure = (fn, data) => measureAll([fn], data)[0];

// Import to first score in fresh node processes: each case's `load` is the source that loads the
// engine and scores once (with `t0`/`c0` taken before it). Runs every case in turn `runs` times
// (so a change of the machine's load falls on all of them alike); the median of each.
function coldStarts(loads, runs) {
  // Wall time, and the CPU time of all the process's threads (V8 compiles wasm in the background).
  const sources = loads.map(
    (load) => `
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    ${load}
    const { user, system } = process.cpuUsage(c0);
    console.log(performance.now() - t0, (user + system) / 1000);`,
  );
  const wall = loads.map(() => []);
  const cpu = loads.map(() => []);
  for (let i = 0; i < runs; ++i) {
    sources.forEach((source, k) => {
      const child = spawnSync(process.execPath, ['--input-type=module', '-e', source], {
        cwd: root,
        encoding: 'utf8',
      });
      if (child.status !== 0) throw new Error(child.stderr);
      const [ms, cpuMs] = child.stdout.trim().split(' ').map(Number);
      wall[k].push(ms);
      cpu[k].push(cpuMs);
    });
  }
  return loads.map((_, k) => ({ wall: median(wall[k]), cpu: median(cpu[k]) }));
}

// The cold start table: this tree's API (as node imports it, and minified as pages load it), with
// a compiled model and with the model's JSON, BEFORE_API's beside it when given (its
// leadqual.min.js too, when built; each revision with the model it compiles: the compiled format
// may differ between them), and json-logic-js. Returns the page's ratio (CPU).
async function coldStartTable(compiledBytes, runs = Number(process.env.COLD_RUNS || 15)) {
  const url = (file) => JSON.stringify(pathToFileURL(file).href);
  const api = url(path.join(root, 'web/leadqual.js'));
  // What pages load: the API minified (scripts/build-widget).
  const minifiedApi = url(path.join(root, 'web/leadqual.min.js'));
  const modelSource = JSON.stringify(toModel(bench));
  const firstLead = JSON.stringify({ budget: 'approved', employees: 1200 });
  const scoreCompiled = (from, bytes = compiledBytes) => `const { loadQualifier } = await import(${from});
    (await loadQualifier(new Uint8Array(${JSON.stringify(Array.from(bytes))}))).score(${firstLead});`;
  const cases = [
    ['leadqual, compiled model (runtime module)', scoreCompiled(api)],
    ['leadqual.min.js, compiled model (runtime)', scoreCompiled(minifiedApi)],
    [
      "leadqual, the model's JSON (core module)",
      `const { loadQualifier } = await import(${api});
    (await loadQualifier(${modelSource})).score(${firstLead});`,
    ],
    [
      'json-logic-js',
      `const { default: jsonLogic } = await import('json-logic-js');
    const rules = ${JSON.stringify(bench.rules)};
    let s = 0;
    for (const rule of rules) if (jsonLogic.truthy(jsonLogic.apply(rule.if, ${firstLead}))) s += rule.points;`,
    ],
  ];
  if (process.env.BEFORE_API) {
    const before = path.resolve(process.env.BEFORE_API);
    const beforeBytes = await (await import(pathToFileURL(before).href)).compileModel(toModel(bench));
    cases.push(['BEFORE_API, compiled model', scoreCompiled(url(before), beforeBytes)]);
    const minified = path.join(path.dirname(before), 'leadqual.min.js');
    if (existsSync(minified)) {
      cases.push(['BEFORE_API leadqual.min.js, compiled model', scoreCompiled(url(minified), beforeBytes)]);
    }
  }
  const colds = coldStarts(
    cases.map(([, load]) => load),
    runs,
  ).map((cold, k) => [cases[k][0], cold]);
  const reference = colds.find(([name]) => name === 'json-logic-js')[1];
  console.log(
    `== Cold start in node: import to first score (median of ${runs} fresh processes each, interleaved; ` +
      `load average ${loadavg()
        .map((n) => n.toFixed(1))
        .join(' ')})`,
  );
  for (const [name, cold] of colds) {
    console.log(
      `${name.padEnd(44)} ${cold.wall.toFixed(1).padStart(8)} ms wall, ${cold.cpu.toFixed(1).padStart(6)} ms CPU` +
        `   ${(cold.wall / reference.wall).toFixed(2)}x json-logic-js (wall), ${(cold.cpu / reference.cpu).toFixed(2)}x (CPU)`,
    );
  }
  return colds.find(([name]) => name.startsWith('leadqual.min.js'))[1].cpu / reference.cpu;
}

const data = leads(1000);
const q = await loadQualifier(toModel(bench));
const compiledBytes = await compileModel(toModel(bench));
const compiled = await loadQualifier(compiledBytes);
if (process.argv.includes('--cold')) {
  // Only the cold start table (COLD_RUNS processes per case; BEFORE_API's beside this tree's).
  const ratio = await coldStartTable(compiledBytes);
  console.log(
    `cold start <= 1.5x json-logic-js (CPU, page):  ${ratio.toFixed(2)}x  ${ratio <= 1.5 ? 'met' : 'MISSED'}`,
  );
  process.exit(0);
}
// The engines must agree before their times mean anything.
const mismatches = data.filter(
  (d) =>
    q.score(d, { now: null }).score !== jsonLogicRules(d) ||
    compiled.score(d, { now: null }).score !== jsonLogicRules(d) ||
    handWritten(d) !== jsonLogicRules(d) ||
    engineRules(d) !== jsonLogicRules(d) ||
    engineBuilt(d) !== jsonLogicRules(d),
);
if (mismatches.length) {
  console.error(`bench: ${mismatches.length} leads score differently, e.g. ${JSON.stringify(mismatches[0])}`);
  process.exit(1);
}

// Each API to measure: this tree's, and BEFORE_API's (another revision's web/leadqual.js, built;
// see docs/performance.md) beside it in the same run.
const apis = [{ label: 'leadqual', api: { initRuntime }, q: compiled }];
if (process.env.BEFORE_API) {
  const api = await import(pathToFileURL(path.resolve(process.env.BEFORE_API)).href);
  apis.push({ label: 'BEFORE_API', api, q: await api.loadQualifier(await api.compileModel(toModel(bench))) });
}
const named = [];
for (const { label, q: qualifier } of apis) {
  const session = qualifier.session({ now: null });
  named.push(
    [`${label} score() (result object)`, (d) => qualifier.score(d, { now: null }).score],
    [`${label} scoreJSON() (canonical text)`, (d) => qualifier.scoreJSON(d, { now: null }).length],
    [`${label} session: set 1 answer + state`, (d) => session.set('employees', d.employees).state.result.score],
  );
}
named.push(
  ['json-logic-js, 20 rules apply()', jsonLogicRules],
  ['json-logic-js, score_expression', (d) => jsonLogic.apply(bench.score_expression, d)],
  ['json-logic-engine interpreted, 20 rules', engineRules],
  ['json-logic-engine compiled (new Function)', engineBuilt],
  ['hand-written JS', handWritten],
);
const rows = measureAll(
  named.map(([, fn]) => fn),
  data,
).map((ns, i) => [named[i][0], ns]);
const byName = (prefix) => rows.find(([name]) => name.startsWith(prefix))[1];
const jsonLogicNs = byName('json-logic-js, 20');
const engineNs = byName('json-logic-engine interpreted');
const handNs = byName('hand-written');

// Where a score() goes: the runtime's scoring call alone (lq_score, on the one-off session
// score() uses, its cells holding a lead's answers, or none), and the JS around it (score()
// with that call made a no-op: coercing and writing the answers, building the result). Last,
// because replacing the call changes what V8 learnt about the call site.
const split = [];
for (const { label, api, q: qualifier } of apis) {
  const runtime = await api.initRuntime();
  const lqScore = runtime._lq_score;
  let address = 0;
  runtime._lq_score = (at, now) => {
    address = at;
    lqScore(at, now);
  };
  qualifier.score(data[0], { now: null });
  runtime._lq_score = lqScore;
  const alone = () => (lqScore(address, NaN), 1);
  split.push([`${label}: the wasm scoring call alone (lq_score), a lead`, measure(alone, data)]);
  qualifier.score({}, { now: null });
  split.push([`${label}: the wasm scoring call alone, no answers`, measure(alone, data)]);
  // The same call on 1,000 sessions in turn, each holding one lead's answers: the data changes
  // from one call to the next, as in score() (the rows above score one lead again and again).
  const addresses = data.map((d) => {
    const cells = qualifier.newCells(undefined, true);
    cells.putAnswers(d);
    return cells.session.address;
  });
  const varied = (/** @type {number} */ at) => (lqScore(at, NaN), 1);
  split.push([`${label}: the wasm scoring call alone, 1,000 leads in turn`, measure(varied, addresses)]);
  // score()'s steps where score() meets them: one session, the leads in turn (the data, and
  // what V8 and the caches hold, change from call to call as in score()). The answers written;
  // written and scored; score() whole, in the same rounds: the differences are lq_score as
  // score() calls it, and the result object with the rest of score()'s JS.
  const cells = qualifier.newCells(undefined, true);
  const at = cells.session.address;
  const [put, putScore, whole] = measureAll(
    [
      (d) => (cells.putAnswers(d), 1),
      (d) => (cells.putAnswers(d), lqScore(at, NaN), 1),
      (d) => qualifier.score(d, { now: null }).score,
    ],
    data,
  );
  split.push([`${label} score(), in situ: writing the answers`, put]);
  split.push([`${label} score(), in situ: lq_score (difference)`, putScore - put]);
  split.push([`${label} score(), in situ: the result and the rest (difference)`, whole - putScore]);
  runtime._lq_score = () => {};
  const js = (d) => qualifier.score(d, { now: null }).score;
  split.push([`${label} score(): the JS around the call (call stubbed)`, measure(js, data)]);
  const jsonJs = (d) => qualifier.scoreJSON(d, { now: null }).length;
  split.push([`${label} scoreJSON(): all but lq_score (call stubbed)`, measure(jsonJs, data)]);
  runtime._lq_score = lqScore;
}

const ratio = (reference, ns) => `${(reference / ns).toFixed(reference / ns < 0.1 ? 3 : 2).padStart(6)}x`;
console.log(
  `== JS API speed (${path.relative(root, benchFile)}: ${bench.rules.length} rules, ${data.length} leads; ` +
    `median CPU ns per score of ${rounds} rounds, interleaved; Nx = N times as fast as)`,
);
console.log(`${''.padEnd(64)} ${'ns'.padStart(8)}   json-logic-js   engine interpreted   hand-written JS`);
for (const [name, ns] of [...rows, ...split]) {
  console.log(
    `${name.padEnd(64)} ${ns.toFixed(0).padStart(8)}   ${ratio(jsonLogicNs, ns).padStart(13)}   ` +
      `${ratio(engineNs, ns).padStart(18)}   ${ratio(handNs, ns).padStart(15)}`,
  );
}

const coldCpu = await coldStartTable(compiledBytes);

// Issue 9's targets for the JS API, beside what this run measured.
const scoreNs = byName('leadqual score()');
apis.slice(1).forEach(({ q: qualifier }) => qualifier.dispose());
const verdict = (met) => (met ? 'met' : 'MISSED');
console.log('== Targets (issue 9), this run');
console.log(
  `score() >= 10x json-logic-js:                 ${(jsonLogicNs / scoreNs).toFixed(2)}x  ${verdict(jsonLogicNs / scoreNs >= 10)}`,
);
console.log(
  `score() faster than json-logic-engine interp.: ${(engineNs / scoreNs).toFixed(2)}x  ${verdict(engineNs / scoreNs > 1)}`,
);
console.log(`cold start <= 1.5x json-logic-js (CPU, page):  ${coldCpu.toFixed(2)}x  ${verdict(coldCpu <= 1.5)}`);
if (sink === 0.5) console.log(''); // keep the results alive
compiled.dispose();
q.dispose();
