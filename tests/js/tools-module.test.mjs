// The JS API's tools (compileModel, validateModel, evaluate, backtest, …) live in
// web/leadqual-tools.js, which the API imports on the first call of one: a page that only scores
// never downloads them (docs/performance.md, "The widget's size, sixth session"). The minified
// API (what pages load) works the same way; a tools file that cannot be loaded is a
// LeadqualError that says so, and the next call tries again.
import test from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import { root } from './support/project.mjs';

const web = path.join(root, 'web');
const built = existsSync(path.join(web, 'leadqual-tools.min.js'));

test(
  'leadqual.min.js leaves the tools to leadqual-tools.min.js, which it imports on first use',
  { skip: !built && 'npm run build' },
  async () => {
    const api = readFileSync(path.join(web, 'leadqual.min.js'), 'utf8');
    assert.match(api, /import\("\.\/leadqual-tools\.min\.js"\)/);
    for (const call of ['startBacktest', 'CoreLeadReader', 'ResultChecker', 'vocabulary()']) {
      assert.ok(!api.includes(call), `leadqual.min.js has no ${call}`);
    }
    const { evaluate, validateModel, compileModel, loadQualifier } = await import(
      pathToFileURL(path.join(web, 'leadqual.min.js')).href
    );
    assert.equal(await evaluate('employees * 2', { employees: 21 }), 42);
    const model = { leadqual: 1, id: 'm', dimensions: [{ id: 'fit' }], stages: [{ id: 'all' }] };
    assert.deepEqual(await validateModel(model), []);
    const q = await loadQualifier(await compileModel(model));
    assert.equal(q.score({}).stage, 'all');
    q.dispose();
  },
);

test(
  'a tools file that cannot be loaded is a LeadqualError naming it; the next call loads it',
  { skip: !built && 'npm run build' },
  async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'leadqual-tools-'));
    try {
      copyFileSync(path.join(web, 'leadqual.min.js'), path.join(dir, 'leadqual.min.js'));
      symlinkSync(path.join(web, 'build'), path.join(dir, 'build'));
      const { evaluate, LeadqualError } = await import(pathToFileURL(path.join(dir, 'leadqual.min.js')).href);
      await assert.rejects(evaluate('1 + 1'), (error) => {
        assert.ok(error instanceof LeadqualError);
        assert.match(error.message, /^could not load the leadqual tools \(leadqual-tools\.js\): /);
        return true;
      });
      copyFileSync(path.join(web, 'leadqual-tools.min.js'), path.join(dir, 'leadqual-tools.min.js'));
      assert.equal(await evaluate('1 + 1'), 2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
);
