// readLeads() in the WebAssembly core module reads a CSV of test leads as the native
// `leadqual score` reads it (the core's streaming CSV reader and column mapping): every lead,
// scored by the JS API, is the line `leadqual score --output jsonl` prints, and every bad row is
// its error at the same line number; text, bytes split anywhere, Blobs and compiled models alike.
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { nativeCli } from './support/project.mjs';
import { compileModel, loadQualifier, readLeads, LeadqualError } from '../../web/leadqual.js';

const scratch = mkdtempSync(path.join(os.tmpdir(), 'leadqual-read-leads-'));
test.after(() => rmSync(scratch, { recursive: true, force: true }));

const model = {
  leadqual: 1,
  id: 'rl',
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
    { id: 'channels', type: 'multi', options: [{ value: 'email', points: { fit: 2 } }, 'ads'] },
    { id: 'agency', type: 'boolean', points: { fit: 3 } },
  ],
  rules: [{ id: 'student', if: "plan == 'free' and seats < 2", disqualify: 'Students' }],
  stages: [{ id: 'sql', if: 'score >= 10' }, { id: 'nurture' }],
};

// A BOM, ';', a header by label, quotes, a line break inside a quoted note, empty cells, a
// multi with ';' inside quotes, a column no question takes, a row with too many fields and one
// with a value the question does not offer.
const leads =
  '\uFEFF"Plan é";seats;channels;agency;notes\r\n' +
  'pro;20;"email;ads";yes;"big ""deal"""\r\n' +
  'free;1;;no;\r\n' +
  'trial;;ads;;"two\r\nlines"\r\n' +
  'pro;5;email;1;x;extra\r\n' +
  ';;;;\r\n' +
  'gold;12;;TRUE;\r\n';

function nativeScore(csv) {
  const modelPath = path.join(scratch, 'model.json');
  const csvPath = path.join(scratch, 'leads.csv');
  writeFileSync(modelPath, JSON.stringify(model));
  writeFileSync(csvPath, csv);
  const run = spawnSync(nativeCli(), ['score', modelPath, csvPath, '--output', 'jsonl', '--now', '2026-11-22'], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  assert.ok(run.status === 0 || run.status === 1, run.stderr);
  return { lines: run.stdout.trimEnd().split('\n'), stderr: run.stderr };
}

async function scoredLines(source, csv) {
  const qualifier = await loadQualifier(model);
  try {
    const { leads: read, warnings } = await readLeads(source, csv);
    const lines = read.map((lead) =>
      lead.error
        ? JSON.stringify({ error: lead.error, line: lead.line })
        : qualifier.scoreJSON(lead.answers, { now: '2026-11-22' }),
    );
    return { read, lines, warnings };
  } finally {
    qualifier.dispose();
  }
}

test('readLeads() gives the leads `leadqual score` scores, bad rows at their line numbers', async () => {
  const expected = nativeScore(leads);
  const { read, lines, warnings } = await scoredLines(model, leads);
  assert.deepEqual(lines, expected.lines);
  assert.deepEqual(
    read.map((lead) => lead.line),
    [2, 3, 4, 6, 7, 8],
  );
  assert.deepEqual(read[0].answers, { plan: 'pro', seats: 20, channels: ['email', 'ads'], agency: true });
  assert.deepEqual(read[1].answers, { plan: 'free', seats: 1, agency: false }, 'an empty cell is no answer');
  assert.match(read[3].error, /^line 6: /);
  assert.deepEqual(read[4].answers, { plan: '' }, 'an empty choice cell stays text, as in `leadqual score`');
  // The column no question takes is named, as `leadqual score` names it on standard error.
  assert.equal(warnings.length, 1);
  assert.match(warnings[0], /notes/);
  assert.ok(expected.stderr.includes(warnings[0]), expected.stderr);
});

test('readLeads() reads bytes split anywhere, Blobs and compiled models alike', async () => {
  const expected = await readLeads(model, leads);
  const bytes = new TextEncoder().encode(leads);
  for (const size of [1, 2, 3, 7]) {
    const chunks = [];
    for (let at = 0; at < bytes.length; at += size) chunks.push(bytes.subarray(at, at + size));
    assert.deepEqual(await readLeads(model, chunks), expected, `chunks of ${size}`);
  }
  assert.deepEqual(await readLeads(model, new Blob([bytes])), expected);
  assert.deepEqual(await readLeads(await compileModel(model), leads), expected);
});

test('readLeads() of many leads: every row, in order, as the native scores them', async () => {
  const rows = ['plan,seats,channels,agency'];
  const plans = ['pro', 'free', 'trial', ''];
  for (let i = 0; i < 5000; i++) {
    rows.push(`${plans[i % 4]},${i % 37},${i % 3 ? 'email' : '"email;ads"'},${i % 2 ? 'yes' : ''}`);
  }
  const csv = `${rows.join('\n')}\n`;
  const { lines } = await scoredLines(model, csv);
  assert.equal(lines.length, 5000);
  assert.deepEqual(lines, nativeScore(csv).lines);
});

test('readLeads() refuses what it cannot read with a LeadqualError that says where', async () => {
  await assert.rejects(readLeads(model, 'plan,Plan é\npro,free\n'), (error) => {
    assert.ok(error instanceof LeadqualError);
    assert.match(error.message, /^readLeads: csv: .*plan/);
    return true;
  });
  await assert.rejects(readLeads(model, '"plan\n'), /readLeads: csv: the header row cannot be read: line 1: /);
  await assert.rejects(readLeads(model, ''), /readLeads: csv: no header row/);
  await assert.rejects(readLeads({ leadqual: 1 }, leads), /readLeads: /);
  await assert.rejects(readLeads(model, 42), /readLeads: expected the CSV as text/);
  const qualifier = await loadQualifier(model);
  await assert.rejects(readLeads(qualifier, leads), /not a Qualifier/);
  qualifier.dispose();
  assert.deepEqual(await readLeads(model, 'plan,seats\n'), { leads: [], warnings: [] });
});
