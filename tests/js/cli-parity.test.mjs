// `npx leadqual` (bin/leadqual.js, the WebAssembly build of src/cli) against the native binary:
// for the same arguments, files and standard input, the same standard output, standard error
// and exit status, byte for byte. Only the verbs that need the machine (serve) differ, and say so.
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { nativeCli, root } from './support/project.mjs';

const bin = path.join(root, 'bin/leadqual.js');
const work = mkdtempSync(path.join(tmpdir(), 'leadqual-parity-'));
test.after(() => rmSync(work, { recursive: true, force: true }));

const file = (name, text) => {
  writeFileSync(path.join(work, name), text);
  return name;
};
const example = path.join(root, 'models/examples/acme-bant.json');
const small = path.join(root, 'tests/cli/data/small.json');
const leads = file(
  'leads.jsonl',
  '{"budget":"approved","employees":250,"channels":["email","ads"],"demo":true}\n[1]\n{"budget":\n{"budget":"maybe"}\n',
);
const csv = file('leads.csv', '\uFEFFbudget,employees,company\r\napproved,250,Initech\r\n"none",20,"A, B"\r\nx\r\n');
const curly = file('curly.json', '{"leadqual": 1, "id": "m", "title": {"en": \u201cHi\u201d}}');
const trailing = file('trailing.json', '{\n  "leadqual": 1,\n}\n');
const latin1 = file('latin1.json', Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x20, 0xe9, 0x7d]));
const data = file('data.json', '{"vip": true}');
const history = file(
  'history.csv',
  '\uFEFFbudget;employees;won\r\napproved;250;yes\r\nnone;"2\r\n0";no\r\nx\r\nplanned;;yes\r\n;12;no\r\n',
);

// [arguments, standard input]
const cases = [
  [[], ''],
  [['--help'], ''],
  [['help'], ''],
  [['--version'], ''],
  [['frobnicate'], ''],
  [['--frob'], ''],
  [['help', 'score'], ''],
  [['validate', '--help'], ''],
  [['validate'], ''],
  [['validate', '--strict', example], ''],
  [['validate', example, small], ''],
  [['validate', 'tests/cli/data/invalid.json', 'tests/cli/data/not-json.json', 'missing.json'], ''],
  [['validate', work], ''],
  [['validate', curly, trailing, latin1], ''],
  [['validate', '-'], '{"leadqual": 1, "id": "stdin", "dimensions": [{"id": "fit"}], "stages": [{"id": "all"}]}'],
  [['score', '--help'], ''],
  [['score', small, leads, '--now', '2026-11-22'], ''],
  [['score', small, '--now=2026-11-22T00:00:00Z', '--output', 'csv'], '{"budget":"approved"}\n{"employees":500}\n'],
  [['score', small, csv, '--now', '1795305600000'], ''],
  [['score', small, csv, '--output', 'jsonl', '--now', '2026-11-22'], ''],
  [['score', small, '--format', 'xml'], ''],
  [['score', small, '--now', 'yesterday'], ''],
  [['score', small, 'nope.jsonl'], ''],
  [['score', '-', '-'], ''],
  [['score', 'tests/cli/data/invalid.json', leads], ''],
  [['score', small, leads, 'extra'], ''],
  [
    ['score', small, '--signals-field', 'sig', '--now', '2026-11-22'],
    '{"budget":"approved","sig":{"pricing_views":3}}\n',
  ],
  [['eval', '--help'], ''],
  [['eval', 'round(hours * rate * 46 / 1000) * 1000', '{"hours": 10, "rate": 60}'], ''],
  [['eval', '{"in": [{"var": "budget"}, ["approved", "planned"]]}', '{"budget": "planned"}'], ''],
  [['eval', "days_since('2026-11-01')", '--now', '2026-11-22'], ''],
  [['eval', '{"if": [{"var": "vip"}, "yes", "no"]}', `@${data}`], ''],
  [['eval', 'employes >=', '{}'], ''],
  [['eval', '{"throw": "boom"}'], ''],
  [['eval', 'x', '{"x":'], ''],
  [['eval', '@-'], 'len("日本語")'],
  [['eval'], ''],
  [['new', '--help'], ''],
  [['new', '--list'], ''],
  [['new', '--framework', 'BANT'], ''],
  [['new', '--framework', 'minda', '--lang', 'ja'], ''],
  [['new', '--framework', 'bnat'], ''],
  [['new', '--list', '--lang', 'ja'], ''],
  [['new', '--from-csv', history, '--outcome', 'won'], ''],
  [['new', '--from-csv', history, '--outcome', 'Won'], ''],
  [['backtest', '--help'], ''],
  [['backtest', small, history, '--outcome', 'won'], ''],
  [['backtest', small, history, '--outcome', 'won', '--format', 'json', '--map', 'employees=employees'], ''],
  [['backtest', small, '-', '--outcome', 'won'], 'budget,won\napproved,1\nnone,0\n'],
  [['backtest', small, 'nope.csv', '--outcome', 'won'], ''],
  [['build', '--help'], ''],
  [['build', small], ''],
  [['build', '-'], '{"leadqual": 1, "id": "stdin", "dimensions": [{"id": "fit"}], "stages": [{"id": "all"}]}'],
  [['build', 'tests/cli/data/invalid.json', '-o', 'never.lqc'], ''],
  [['build', small, '-o', 'no-such-folder/small.lqc'], ''],
  [['build'], ''],
];

function run(command, args, input) {
  const result = spawnSync(command[0], [...command.slice(1), ...args], {
    cwd: work,
    input: Buffer.from(input),
  });
  return { status: result.status, stdout: result.stdout.toString('latin1'), stderr: result.stderr.toString('latin1') };
}

test('npx leadqual prints exactly what the native binary prints, with the same exit status', () => {
  const native = nativeCli();
  for (const [args, input] of cases) {
    // Paths are given relative to the scratch folder or as absolute paths: both see the same files.
    const resolved = args.map((arg) => (arg.startsWith('tests/') ? path.join(root, arg) : arg));
    const expected = run([native], resolved, input);
    const actual = run([process.execPath, bin], resolved, input);
    assert.deepEqual(actual, expected, `leadqual ${args.join(' ')}`);
  }
});

test('npx leadqual build -o writes the very bytes the native build writes', () => {
  const native = nativeCli();
  for (const model of [small, example]) {
    const a = run([native], ['build', model, '-o', 'native.lqc'], '');
    const b = run([process.execPath, bin], ['build', model, '-o', 'npx.lqc'], '');
    assert.deepEqual(b, a, model);
    assert.equal(a.status, 0);
    const written = readFileSync(path.join(work, 'npx.lqc'));
    assert.ok(written.length > 0);
    assert.deepEqual(written, readFileSync(path.join(work, 'native.lqc')), model);
    // And the same bytes as on standard output.
    assert.equal(run([native], ['build', model], '').stdout, written.toString('latin1'));
  }
});

test('the verbs that need the native build say so, with a usage status', () => {
  for (const args of [
    ['serve', '--port', '0'],
    ['calibrate', small, history, '--outcome', 'won'],
    ['migrate-store', '--from', 'leadqual.sqlite', '--to', 'postgres://leadqual:s3cret@db.internal/leads'],
  ]) {
    const { status, stdout, stderr } = run([process.execPath, bin], args, '');
    assert.equal(status, 2, args[0]);
    assert.equal(stdout, '');
    assert.equal(
      stderr,
      `leadqual ${args[0]}: needs the native leadqual command (see "Which verbs need the native build" in docs/cli.md)\n`,
    );
  }
});
