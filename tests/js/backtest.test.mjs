// backtest() in the WebAssembly core module gives the native `leadqual backtest` report, for CSV
// text, bytes in awkward chunks, Blobs and streams; a model calibrated natively (LIBLINEAR)
// validates and scores every lead of the history identically here and natively.
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { root } from './support/project.mjs';
import { backtest, compileModel, loadQualifier, validateModel, LeadqualError } from '../../web/leadqual.js';

const leadqual = path.join(root, 'build/native/leadqual');
const shared = process.env.LEADQUAL_SHARED_DIR ?? path.join(root, '..', 'shared');
const bankCsv = path.join(shared, 'data/bank-additional-full.csv');
const scratch = mkdtempSync(path.join(os.tmpdir(), 'leadqual-backtest-'));
test.after(() => rmSync(scratch, { recursive: true, force: true }));

function native(...args) {
  const run = spawnSync(leadqual, args, { encoding: 'utf8', maxBuffer: 1 << 28 });
  return run;
}

const model = {
  leadqual: 1,
  id: 'bt',
  version: '1',
  dimensions: [{ id: 'fit' }],
  questions: [
    {
      id: 'plan',
      type: 'choice',
      label: 'Plan é',
      options: [{ value: 'pro', points: { fit: 10 } }, { value: 'free', points: { fit: -5 } }, 'trial'],
    },
    { id: 'seats', type: 'number', bands: [{ min: 10, points: { fit: 5 } }] },
  ],
  rules: [{ id: 'student', if: "plan == 'free' and seats < 2", disqualify: 'Students' }],
  stages: [{ id: 'sql', if: 'score >= 10' }, { id: 'nurture' }],
};

// A small history with a BOM, ';', quotes, a line break inside a quoted note, accents, a bad row.
const history =
  '\uFEFF"Plan é";seats;notes;won\r\n' +
  'pro;20;"big ""deal""";yes\r\n' +
  'pro;1;;no\r\n' +
  'free;50;"two\r\nlines";yes\r\n' +
  'free;1;café;no\r\n' +
  'trial;;;no\r\n' +
  ';5;x"y;yes\r\n' +
  ';5;;YES\r\n';

function nativeReport(modelPath, csvPath, outcome) {
  const run = native('backtest', modelPath, csvPath, '--outcome', outcome, '--format', 'json');
  assert.ok(run.status === 0 || run.status === 1, run.stderr);
  return JSON.parse(run.stdout);
}

test('backtest() of CSV text is the native report', async () => {
  const modelPath = path.join(scratch, 'model.json');
  const csvPath = path.join(scratch, 'history.csv');
  writeFileSync(modelPath, JSON.stringify(model));
  writeFileSync(csvPath, history);
  const expected = nativeReport(modelPath, csvPath, 'won');
  assert.equal(expected.rows, 6);
  assert.equal(expected.skipped.bad, 1);
  const report = await backtest(model, history, { outcome: 'won' });
  assert.deepEqual(report, expected);
});

test('backtest() reads bytes split anywhere, Blobs and streams', async () => {
  const expected = await backtest(model, history, { outcome: 'won' });
  const bytes = new TextEncoder().encode(history);
  for (const size of [1, 2, 3, 7]) {
    const chunks = [];
    for (let at = 0; at < bytes.length; at += size) chunks.push(bytes.subarray(at, at + size));
    assert.deepEqual(await backtest(model, chunks, { outcome: 'won' }), expected, `chunks of ${size}`);
  }
  assert.deepEqual(await backtest(model, new Blob([bytes]), { outcome: 'won' }), expected);
  const stream = new ReadableStream({
    start(controller) {
      controller.enqueue(bytes.subarray(0, 10));
      controller.enqueue(bytes.subarray(10));
      controller.close();
    },
  });
  assert.deepEqual(await backtest(model, stream, { outcome: 'won' }), expected);
  // The compiled model (what `leadqual build` writes) backtests the same: same id, version, hash.
  assert.deepEqual(await backtest(await compileModel(model), history, { outcome: 'won' }), expected);
  // A Qualifier is the runtime's: the backtest needs the model itself.
  const qualifier = await loadQualifier(model);
  await assert.rejects(backtest(qualifier, history, { outcome: 'won' }), /not a Qualifier/);
  qualifier.dispose();
});

test('backtest() refuses what it cannot use with a LeadqualError', async () => {
  await assert.rejects(backtest(model, history, {}), LeadqualError);
  await assert.rejects(backtest(model, history, { outcome: 'wonn' }), (error) => {
    assert.ok(error instanceof LeadqualError);
    assert.match(error.message, /no outcome column 'wonn' in the header — did you mean 'won'\?/);
    return true;
  });
  await assert.rejects(backtest(model, history, { outcome: 'won', map: { Tier: 'plna' } }), /no question 'plna'/);
  await assert.rejects(backtest(model, 42, { outcome: 'won' }), LeadqualError);
  const empty = await backtest(model, 'plan,won\n', { outcome: 'won' });
  assert.equal(empty.rows, 0);
  assert.equal(empty.auc, null);
});

test('a model calibrated natively validates and scores identically in WebAssembly', async () => {
  const starter = path.join(root, 'models/examples/bank-marketing-starter.json');
  const calibrated = path.join(scratch, 'bank-calibrated.json');
  const run = native('calibrate', starter, bankCsv, '--outcome', 'y', '--exclude', 'duration');
  assert.equal(run.status, 0, run.stderr);
  writeFileSync(calibrated, run.stdout);
  assert.equal(native('validate', calibrated).status, 0);
  assert.deepEqual(await validateModel(JSON.parse(run.stdout)), []);

  // The whole history, backtested in both.
  const text = readFileSync(bankCsv, 'utf8');
  const report = await backtest(JSON.parse(run.stdout), text, { outcome: 'y' });
  assert.deepEqual(report, nativeReport(calibrated, bankCsv, 'y'));

  // Lead by lead: the result `leadqual score` prints against the JS API's, byte for byte.
  const qualifier = await loadQualifier(JSON.parse(run.stdout));
  const questions = new Map(qualifier.model.questions.map((q) => [q.label, q]));
  const lines = text.trimEnd().split('\r\n');
  const header = lines[0].split(';').map((name) => name.replaceAll('"', ''));
  const sample = lines.slice(1, 3001);
  const sampleCsv = path.join(scratch, 'bank-sample.csv');
  writeFileSync(sampleCsv, [lines[0], ...sample].join('\r\n') + '\r\n');
  const scored = native('score', calibrated, sampleCsv, '--output', 'jsonl', '--now', '2026-11-22');
  const expected = scored.stdout.trimEnd().split('\n');
  assert.equal(expected.length, sample.length);
  sample.forEach((line, i) => {
    const answers = {};
    line.split(';').forEach((cell, c) => {
      const question = questions.get(header[c]);
      if (!question) return;
      const value = cell.replaceAll('"', '');
      answers[question.id] = question.type === 'number' ? Number(value) : value;
    });
    assert.equal(qualifier.scoreJSON(answers, { now: '2026-11-22' }), expected[i], `line ${i + 2}`);
  });
  qualifier.dispose();
});
