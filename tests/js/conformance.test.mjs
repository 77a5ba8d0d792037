// The shared JsonLogic suites and the peer engines' must-pass cases through the JS evaluate():
// every suite's tally must equal the native runner's (tests/conformance/jsonlogic_runner.cpp),
// case for case the same verdicts.
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { evaluate, LeadqualError } from '../../web/leadqual.js';
import { root, shared } from './support/project.mjs';

const suites = path.join(shared, 'conformance/jsonlogic');
const readJson = (file) => JSON.parse(readFileSync(path.join(suites, file), 'utf8'));

// As the native runner compares: JSON values, numbers numerically, object keys in any order.
function same(a, b) {
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => same(x, b[i]));
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a).sort();
    const kb = Object.keys(b).sort();
    return same(ka, kb) && ka.every((k) => same(a[k], b[k]));
  }
  return a === b;
}

// errorType '*': any failure (the source only asserts that it throws); truthy: only the
// result's truthiness is compared.
async function passes({ rule, data, result, errorType, truthy }) {
  let got;
  try {
    got = await evaluate(rule, data, { jsonlogic: true, now: null });
  } catch (error) {
    if (!(error instanceof LeadqualError)) throw error;
    return errorType === '*' || (errorType !== undefined && error.type === errorType);
  }
  if (errorType !== undefined) return false;
  return truthy ? isTruthy(got) === result : same(got, result);
}

// JsonLogic truthiness: false, null, 0, "", [] are false; objects (even {}) are true.
function isTruthy(value) {
  if (Array.isArray(value)) return value.length > 0;
  return Boolean(value);
}

function classicCases() {
  return readJson('classic/tests.json')
    .filter((entry) => Array.isArray(entry) && entry.length === 3)
    .map(([rule, data, result]) => ({ rule, data, result }));
}

function compatCases(file) {
  return readJson(`compat/suites/${file}`)
    .filter((entry) => entry && typeof entry === 'object' && !Array.isArray(entry))
    .map((entry) => ({
      rule: entry.rule ?? null,
      data: entry.data ?? null,
      result: entry.result ?? null,
      errorType: entry.error === undefined ? undefined : typeof entry.error?.type === 'string' ? entry.error.type : '?',
    }));
}

function peerCases() {
  const file = path.join(shared, 'conformance/jsonlogic-peers/must-pass.json');
  return JSON.parse(readFileSync(file, 'utf8')).cases.map((entry) => ({
    rule: entry.rule ?? null,
    data: entry.data ?? null,
    result: entry.expected_truthy ?? entry.expected ?? null,
    truthy: entry.expected_truthy !== undefined,
    errorType: entry.error === undefined ? undefined : typeof entry.error?.type === 'string' ? entry.error.type : '*',
  }));
}

function nativeTallies() {
  const runner = [
    process.env.LEADQUAL_CONFORMANCE,
    path.join(root, 'build/native/tests/conformance/jsonlogic_conformance'),
  ].find((file) => file && existsSync(file));
  assert.ok(runner, 'the native conformance runner is built (npm run build)');
  const run = spawnSync(runner, [shared, '0', '0'], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const tallies = {};
  for (const match of run.stdout.matchAll(/^(\S+): (\d+) passed, (\d+) failed$/gm)) {
    tallies[match[1]] = { passed: Number(match[2]), failed: Number(match[3]) };
  }
  return tallies;
}

test("JsonLogic suites through evaluate() give the native runner's tallies", async () => {
  const native = nativeTallies();
  const js = {};
  const tally = async (name, cases) => {
    const t = { passed: 0, failed: 0 };
    for (const c of cases) ++t[(await passes(c)) ? 'passed' : 'failed'];
    js[name] = t;
    return t;
  };
  const classic = await tally('classic', classicCases());
  assert.equal(classic.passed + classic.failed, 277);
  const compat = { passed: 0, failed: 0 };
  for (const file of readJson('compat/suites/index.json')) {
    const t = await tally(`compat/${file}`, compatCases(file));
    compat.passed += t.passed;
    compat.failed += t.failed;
  }
  js.compat = compat;
  js.jsonlogic = { passed: classic.passed + compat.passed, failed: classic.failed + compat.failed };
  assert.equal(js.compat.passed + js.compat.failed, 1138);
  const peers = await tally('peers/must-pass', peerCases());
  assert.equal(peers.passed + peers.failed, 578);
  assert.deepEqual(js, native);
});
