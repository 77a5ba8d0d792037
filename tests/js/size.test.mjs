// `npm run size` keeps printing its tables: every file a quiz page loads for the widget (with the
// runtime module, and with the core module) with its raw and gzip -9 size and the total beside
// the target, each wasm's sections and its biggest functions. (Sizes are reported, not asserted:
// docs/performance.md records them.)
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

import { root } from './support/project.mjs';

test('scripts/size prints the size of every file a page loads, the sections and the biggest functions', () => {
  const out = execFileSync(path.join(root, 'scripts/size'), { cwd: root, encoding: 'utf8' });
  for (const file of [
    'web/build/leadqual-runtime.wasm',
    'web/build/leadqual-core.wasm',
    'web/build/leadqual-core.js',
    'web/leadqual.min.js',
    'web/widget.min.js',
    'web/widget.css',
  ]) {
    const row = out.split('\n').find((line) => line.startsWith(file));
    assert.ok(row, `a row for ${file}`);
    const [, raw, packed] = row.trim().split(/\s+/).map(Number);
    assert.equal(raw, statSync(path.join(root, file)).size, `${file}: raw bytes`);
    const gzip9 = gzipSync(readFileSync(path.join(root, file)), { level: 9 }).length;
    // gzip and zlib pick slightly different matches at level 9; the figure must be gzip's own.
    assert.ok(
      Math.abs(packed - gzip9) < Math.max(32, gzip9 * 0.02),
      `${file}: gzip -9 bytes ${packed} (zlib says ${gzip9})`,
    );
  }
  // The widget's bundles (built by scripts/build, which npm test runs first).
  for (const file of [
    'web/widget.min.js',
    'web/enhance-form.min.js',
    'web/lead-results.min.js',
    'web/leadqual.min.js',
    'web/leadqual.js',
  ]) {
    const row = out.split('\n').find((line) => line.startsWith(file));
    assert.ok(row, `a row for ${file}`);
    assert.equal(Number(row.trim().split(/\s+/)[1]), statSync(path.join(root, file)).size, `${file}: raw bytes`);
  }
  assert.match(out, /^total \(target <= 49152\) +\d+ +\d+$/m);
  // Both the first screen and everything a visitor who submits downloads, beside the target.
  assert.match(out, /^first screen \(before the visitor acts\), English page +\d+ bytes gzip -9, \d+% of 49152$/m);
  assert.match(out, /^whole quiz \(what a visitor who submits downloads\) +\d+ bytes gzip -9, \d+% of 49152$/m);
  assert.match(out, /^a page in ja adds web\/i18n-ja\.min\.js +\+\d+ bytes gzip -9 more \(\d+ in all\)$/m);
  assert.match(out, /^Code +\d+$/m);
  assert.match(out, /^== leadqual-runtime\.wasm: biggest functions/m);
  assert.match(out, /^== leadqual-core\.wasm: biggest functions/m);
});
