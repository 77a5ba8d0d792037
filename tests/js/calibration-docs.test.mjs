// docs/calibration.md stays true: every ```console block is a session of `$ command` lines, each
// followed by what it prints (standard error, then standard output, as a terminal shows them
// here). The commands run as written with build/native on the PATH, from a scratch folder that
// sees the repository's models/ and, beside it, ../shared/data (the real CRM data sets). A line
// "…" in the expected text stands for any number of lines.
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, mkdirSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { root } from './support/project.mjs';

const doc = readFileSync(path.join(root, 'docs/calibration.md'), 'utf8');
const shared = process.env.LEADQUAL_SHARED_DIR ?? path.join(root, '..', 'shared');

// Sessions in order: [{line, steps: [{command, expected}]}].
const sessions = [...doc.matchAll(/^```console\n([\s\S]*?)^```$/gm)].map((match) => {
  const steps = [];
  for (const line of match[1].split('\n').slice(0, -1)) {
    if (line.startsWith('$ ')) {
      steps.push({ command: line.slice(2), expected: [] });
    } else {
      steps.at(-1).expected.push(line);
    }
  }
  return { line: doc.slice(0, match.index).split('\n').length, steps };
});

// Expected lines against actual ones; "…" matches any run of lines (shortest first).
function matches(expected, actual) {
  if (expected.length === 0) return actual.length === 0;
  if (expected[0] === '…') {
    for (let skip = 0; skip <= actual.length; ++skip) {
      if (matches(expected.slice(1), actual.slice(skip))) return true;
    }
    return false;
  }
  return actual.length > 0 && expected[0] === actual[0] && matches(expected.slice(1), actual.slice(1));
}

// One scratch tree for the whole page: sessions build on each other's files.
const scratch = mkdtempSync(path.join(os.tmpdir(), 'leadqual-calibration-'));
const work = path.join(scratch, 'work');
mkdirSync(work);
symlinkSync(path.join(root, 'models'), path.join(work, 'models'));
symlinkSync(path.resolve(shared), path.join(scratch, 'shared'));
const env = { ...process.env, PATH: `${path.join(root, 'build/native')}:${process.env.PATH}` };

test.after(() => rmSync(scratch, { recursive: true, force: true }));

test('docs/calibration.md has console sessions', () => {
  assert.ok(sessions.length >= 5, `${sessions.length} sessions`);
  assert.ok(existsSync(path.join(shared, 'data/bank-additional-full.csv')), 'the shared data sets');
});

for (const { line, steps } of sessions) {
  test(`docs/calibration.md session at line ${line} prints what the page says`, () => {
    for (const { command, expected } of steps) {
      const run = spawnSync('/bin/sh', ['-c', command], { cwd: work, env, encoding: 'utf8' });
      const actual = (run.stderr + run.stdout).split('\n');
      if (actual.at(-1) === '') actual.pop();
      // Each command of the walk-through succeeds as a reader would run it (a crash or a failure
      // whose printed prefix still matched would otherwise pass).
      assert.equal(run.status, 0, `$ ${command} exited ${run.status ?? run.signal}\n${run.stderr}`);
      assert.ok(
        matches(expected, actual),
        `$ ${command}\n--- expected\n${expected.join('\n')}\n--- actual\n${actual.join('\n')}`,
      );
    }
  });
}
