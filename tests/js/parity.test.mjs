// Parity: the WebAssembly build and the native `leadqual score` must produce byte-identical
// canonical JSON for every model in models/ and for generated models, on thousands of generated
// answer sets (with signals and a fixed clock). Fails on the first differing line.
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { loadQualifier } from '../../web/leadqual.js';
import { randomAnswers, randomModel, randomSignals, rng } from './support/generate.mjs';
import { modelFiles, nativeCli, root } from './support/project.mjs';

const now = Date.parse('2026-11-22T09:30:00Z');
const signalsField = '__signals';
const work = mkdtempSync(path.join(tmpdir(), 'leadqual-parity-'));
test.after(() => rmSync(work, { recursive: true, force: true }));

function firstDifference(a, b) {
  let i = 0;
  while (i < a.length && a[i] === b[i]) ++i;
  return i;
}

/** Scores `count` generated leads through both builds and compares them line by line. */
async function assertParity(modelPath, seed, count) {
  const q = await loadQualifier(modelPath);
  try {
    const r = rng(seed);
    const leads = [];
    for (let i = 0; i < count; ++i) {
      const answers = randomAnswers(q.model, r);
      const signals = randomSignals(q.model, r, now);
      leads.push({ answers, signals });
    }
    const input = path.join(work, `leads-${seed}.jsonl`);
    writeFileSync(
      input,
      leads.map(({ answers, signals }) => JSON.stringify({ ...answers, [signalsField]: signals })).join('\n') + '\n',
    );
    const native = spawnSync(
      nativeCli(),
      ['score', modelPath, input, '--now', String(now), '--signals-field', signalsField],
      {
        encoding: 'utf8',
        maxBuffer: 1 << 30,
      },
    );
    assert.equal(native.status, 0, `leadqual score failed: ${native.stderr}`);
    const lines = native.stdout.split('\n');
    assert.equal(lines.pop(), '', 'output ends with a newline');
    assert.equal(lines.length, count, 'one native result per lead');
    for (let i = 0; i < count; ++i) {
      const wasm = q.scoreJSON(leads[i].answers, { signals: leads[i].signals, now });
      if (wasm !== lines[i]) {
        const at = firstDifference(wasm, lines[i]);
        assert.fail(
          `${path.relative(root, modelPath)} lead ${i + 1} (seed ${seed}) differs at byte ${at}:\n` +
            `  native: …${lines[i].slice(Math.max(0, at - 60), at + 60)}\n` +
            `  wasm:   …${wasm.slice(Math.max(0, at - 60), at + 60)}\n` +
            `  lead:   ${JSON.stringify(leads[i]).slice(0, 500)}`,
        );
      }
    }
  } finally {
    q.dispose();
  }
}

test('every model in models/ scores identically natively and in WebAssembly', async (t) => {
  const files = modelFiles();
  assert.ok(files.length > 0, 'models/ holds models');
  for (const [index, file] of files.entries()) {
    await t.test(path.relative(root, file), () => assertParity(file, 1000 + index, 2000));
  }
});

test('generated models score identically natively and in WebAssembly', async (t) => {
  for (let seed = 1; seed <= 40; ++seed) {
    const file = path.join(work, `generated-${seed}.json`);
    writeFileSync(file, JSON.stringify(randomModel(seed), null, 1));
    await t.test(`generated model ${seed}`, () => assertParity(file, seed, 300));
  }
});
