// scripts/precompress.mjs writes .gz/.br copies of what pages load, and only that: it wrote
// web/tsconfig.json.br and .gz (the type checker's configuration, which no page loads).
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { root } from './support/project.mjs';

test('precompress writes copies of the files pages load, not of build configuration', (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'leadqual-precompress-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(path.join(dir, 'models'));
  const big = JSON.stringify({ text: 'x'.repeat(1000) });
  const served = ['page.js', 'page.html', 'widget.css', 'models/a.json', 'core.wasm'];
  const notServed = ['tsconfig.json', 'tsconfig.js.json', 'page.d.ts', 'small.js'];
  for (const name of [...served, ...notServed]) writeFileSync(path.join(dir, name), name === 'small.js' ? '1' : big);
  const run = spawnSync(process.execPath, [path.join(root, 'scripts/precompress.mjs'), dir], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  for (const name of served) {
    for (const suffix of ['.gz', '.br'])
      assert.ok(existsSync(path.join(dir, name + suffix)), `${name}${suffix} missing`);
  }
  for (const name of notServed) {
    for (const suffix of ['.gz', '.br'])
      assert.ok(!existsSync(path.join(dir, name + suffix)), `${name}${suffix} written`);
  }
});
