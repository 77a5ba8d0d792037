// The framework presets' hand-worked example leads (tests/presets/<name>.cases.json), scored
// through the WebAssembly build and the JS API. The native build runs the same files in
// tests/presets (preset_tests); both must give exactly the values written in the cases.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { loadQualifier } from '../../web/leadqual.js';
import { root } from './support/project.mjs';

// The same explicit list as tests/presets/CMakeLists.txt.
const presets = ['bant', 'champ', 'anum', 'meddpicc', 'gpctba-ci', 'minda', 'sla', 'pql', 'roi-calculator'];

/** Compares like preset_tests: numbers within 1e-9, objects by the keys the case names, arrays in full. */
function assertMatches(actual, expected, where) {
  if (typeof expected === 'number') {
    assert.equal(typeof actual, 'number', `${where}: expected ${expected}, got ${JSON.stringify(actual)}`);
    assert.ok(Math.abs(actual - expected) <= 1e-9, `${where}: expected ${expected}, got ${actual}`);
  } else if (Array.isArray(expected)) {
    assert.ok(Array.isArray(actual), `${where}: expected an array, got ${JSON.stringify(actual)}`);
    assert.equal(
      actual.length,
      expected.length,
      `${where}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`,
    );
    expected.forEach((item, i) => assertMatches(actual[i], item, `${where}/${i}`));
  } else if (expected !== null && typeof expected === 'object') {
    assert.ok(
      actual !== null && typeof actual === 'object',
      `${where}: expected an object, got ${JSON.stringify(actual)}`,
    );
    for (const key of Object.keys(expected)) {
      assert.ok(key in actual, `${where}/${key}: missing in the result`);
      assertMatches(actual[key], expected[key], `${where}/${key}`);
    }
  } else {
    assert.equal(actual, expected, where);
  }
}

for (const name of presets) {
  const model = JSON.parse(readFileSync(path.join(root, 'models/frameworks', `${name}.json`), 'utf8'));
  const cases = JSON.parse(readFileSync(path.join(root, 'tests/presets', `${name}.cases.json`), 'utf8'));

  test(`preset ${name}: every hand-worked lead scores as written`, async (t) => {
    const q = await loadQualifier(model);
    t.after(() => q.dispose());
    for (const example of cases) {
      await t.test(example.name, () => {
        const options = {};
        if (example.signals !== undefined) options.signals = example.signals;
        if (example.now !== undefined) options.now = example.now;
        const result = q.score(example.answers, options);
        assertMatches(result, example.expect, '');
        if (example.expect.dimensions) {
          assert.deepEqual(Object.keys(result.dimensions).sort(), Object.keys(example.expect.dimensions).sort());
        }
        if (!('errors' in example.expect)) assert.deepEqual(result.errors, [], 'unexpected answer errors');
      });
    }
  });
}
