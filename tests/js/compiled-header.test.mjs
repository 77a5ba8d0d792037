// web/compiled-header.js: what <lead-qualifier> paints from before the runtime module is in. For
// every model of the project (models/ and the demo's), the header of the compiled model that
// `npm run build` wrote is exactly the normalised model and the initial state the runtime gives,
// and the file is what compileModel() makes of the model now.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

import { compileModel, loadQualifier } from '../../web/leadqual.js';
import { isCompiledModel, readCompiledHeader } from '../../web/compiled-header.js';
import { modelFiles, root } from './support/project.mjs';

const demo = path.join(root, 'web/demo/models');
const models = [
  ...modelFiles(),
  ...readdirSync(demo)
    .filter((name) => name.endsWith('.json'))
    .map((name) => path.join(demo, name)),
];

test('the compiled models of npm run build: their header is what the runtime renders from', async () => {
  assert.ok(models.length >= 12, `${models.length} models`);
  for (const file of models) {
    const name = path.relative(root, file);
    const built = new Uint8Array(readFileSync(file.replace(/\.json$/, '.lqc')));
    assert.deepEqual(built, await compileModel(file), `${name}: the .lqc is stale (npm run build)`);
    const header = readCompiledHeader(built);
    assert.ok(header, name);
    const qualifier = await loadQualifier(built);
    assert.deepEqual(header.model, qualifier.model, `${name}: normalised model`);
    // The whole session state, as <lead-qualifier>'s `state` is before the runtime is in (it had
    // only result and visible, where widget.d.ts promises a SessionState).
    const state = qualifier.session().state;
    assert.deepEqual(header.state, JSON.parse(JSON.stringify(state)), `${name}: initial state`);
    qualifier.dispose();
  }
});

test('bytes that are not a compiled model, or whose header cannot be read, give no header', async () => {
  const bytes = await compileModel(path.join(root, 'models/frameworks/bant.json'));
  assert.equal(isCompiledModel(bytes), true);
  assert.equal(isCompiledModel(new TextEncoder().encode('{"leadqual": 1}')), false);
  assert.equal(readCompiledHeader(new TextEncoder().encode('{"leadqual": 1}')), null);
  for (const length of [0, 3, 4, 8, 11, 12, 40, 200]) {
    assert.equal(readCompiledHeader(bytes.slice(0, length)), null, `cut at ${length}`);
  }
  const lying = bytes.slice();
  new DataView(lying.buffer).setUint32(8, 0xffffff00, true); // a section longer than the file
  assert.equal(readCompiledHeader(lying), null);
  const garbled = bytes.slice();
  garbled[13] = 0xff; // not UTF-8 inside the normalised model
  assert.equal(readCompiledHeader(garbled), null);
  const read = readCompiledHeader(bytes);
  assert.equal(typeof read.version, 'number');
  assert.equal(read.model.id, 'bant');
});
