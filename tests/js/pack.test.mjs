// The published package as a user gets it: `npm pack`, install the tarball into an empty folder
// without network, import it from node by its name, and score a model; and `npx leadqual` runs
// from it with nothing but node (no C++ toolchain, no native build).
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { root } from './support/project.mjs';

const npm = (args, cwd) =>
  execFileSync('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });

test('the packed tarball installs offline and scores a model from node', async () => {
  const work = mkdtempSync(path.join(tmpdir(), 'leadqual-pack-'));
  try {
    const [packed] = JSON.parse(npm(['pack', '--json', '--pack-destination', work], root));
    const files = packed.files.map((f) => f.path);
    for (const needed of [
      'web/leadqual.js',
      'web/leadqual-tools.js',
      'web/leadqual.d.ts',
      'web/build/leadqual-core.js',
      'web/build/leadqual-core.wasm',
      'web/build/leadqual-runtime.wasm',
      'bin/leadqual.js',
      'web/build/leadqual-cli.js',
      'web/build/leadqual-cli.wasm',
      'models/frameworks/presets.txt',
      'models/examples/acme-bant.json',
      'package.json',
    ]) {
      assert.ok(files.includes(needed), `the tarball has ${needed}`);
    }
    for (const file of files) {
      assert.ok(!/^(src|tests|wasm|build|scripts|node_modules)\//.test(file), `the tarball leaves out ${file}`);
    }

    const app = path.join(work, 'app');
    execFileSync('mkdir', [app]);
    writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
    npm(['install', '--offline', path.join(work, packed.filename)], app);
    writeFileSync(
      path.join(app, 'main.mjs'),
      `import { evaluate, loadQualifier, LeadqualError } from 'leadqual';
       const model = new URL(import.meta.resolve('leadqual/models/examples/acme-bant.json'));
       const q = await loadQualifier(model);
       const result = q.score({ budget: 'approved', role: 'manager' }, { now: null });
       console.log(JSON.stringify([q.id, result.dimensions.budget, result.dimensions.authority, result.stage]));
       console.log(import.meta.resolve('leadqual/leadqual-core.wasm').endsWith('/web/build/leadqual-core.wasm'));
       console.log(typeof LeadqualError);
       console.log(await evaluate('employees * 2', { employees: 21 })); // the tools, leadqual-tools.js`,
    );
    const out = execFileSync(process.execPath, ['main.mjs'], { cwd: app, encoding: 'utf8' }).trim().split('\n');
    // budget 'approved' +25; role 'manager' authority +15; score 40 → mql
    assert.deepEqual(out, ['["acme-bant",25,15,"mql"]', 'true', 'function', '42']);

    // `npx leadqual`, resolved from the installed package only (--no-install: nothing fetched).
    const npx = (args) => {
      const run = spawnSync('npx', ['--no-install', 'leadqual', ...args], { cwd: app, encoding: 'utf8' });
      return { status: run.status, stdout: run.stdout, stderr: run.stderr };
    };
    writeFileSync(
      path.join(app, 'model.json'),
      '{"leadqual": 1, "id": "m", "dimensions": [{"id": "fit"}],\n "stages": [{"id": "all"}],}',
    );
    assert.deepEqual(npx(['validate', 'model.json']), {
      status: 1,
      stdout: '',
      stderr: "model.json: line 2, column 27: syntax error: trailing comma before '}' (remove this ',')\n",
    });
    const created = npx(['new', '--framework', 'champ', '--lang', 'zh']);
    assert.equal(created.status, 0, created.stderr);
    writeFileSync(path.join(app, 'champ.json'), created.stdout);
    const checked = npx(['validate', 'champ.json']);
    assert.equal(checked.status, 0, checked.stderr);
    assert.match(checked.stdout, /^champ\.json: valid \(champ [^,]+, \d+ questions, sha256:[0-9a-f]{64}\)\n$/);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});
