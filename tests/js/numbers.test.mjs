// The WebAssembly core converts numbers as JavaScript does: String(number) through `cat` and
// Number(string) through `+`, checked against this very JavaScript engine on many doubles
// (random bit patterns, subnormals, every power of two) and literals. The core module (and native
// code) computes them itself (src/core/runtime/js_numbers.cpp); the page's runtime module has
// JavaScript compute them (wasm/host_numbers.cpp): both are held to the engine, and to each other.
import test from 'node:test';
import assert from 'node:assert/strict';

import { compileModel, evaluate, loadQualifier } from '../../web/leadqual.js';

// A fixed-seed generator (xorshift64*), so a failure names the same doubles every run.
function doubles(count, seed) {
  const view = new DataView(new ArrayBuffer(8));
  let state = BigInt(seed);
  const out = [];
  while (out.length < count) {
    state ^= state >> 12n;
    state ^= (state << 25n) & 0xffffffffffffffffn;
    state ^= state >> 27n;
    const bits = (state * 0x2545f4914f6cdd1dn) & 0xffffffffffffffffn;
    view.setBigUint64(0, out.length % 4 === 0 ? bits & 0x800fffffffffffffn : bits); // subnormals too
    const d = view.getFloat64(0);
    if (Number.isFinite(d)) out.push(d);
  }
  return out;
}

const cat = { map: [{ var: 'xs' }, { cat: [{ var: '' }] }] };
const plus = { map: [{ var: 'xs' }, { '+': [{ var: '' }] }] };

test('numbers print as String(number) does', async () => {
  const xs = [...doubles(3000, 0x9e3779b97f4a7c15n), 0.1 + 0.2, 1e21, 1e-7, 123e-20, -1.5e300];
  for (let k = -1074; k < 1024; k++) xs.push(2 ** k);
  const printed = await evaluate(cat, { xs });
  const wrong = xs.filter((x, i) => printed[i] !== String(x));
  assert.deepEqual(
    wrong.map((x) => `${String(x)} printed as ${printed[xs.indexOf(x)]}`),
    [],
  );
});

test('strings read as Number(string) does', async () => {
  const literals = doubles(2000, 12345n).flatMap((x, i) => [
    x.toExponential(i % 21),
    x.toPrecision(1 + (i % 21)),
    String(x),
  ]);
  literals.push(' 1e5 ', '0x10', '0b101', '0o17', '1.', '.5', '+3', '9007199254740993', '2.4703282292062328e-324');
  literals.push('0.' + '0'.repeat(300) + '1234567890123456789', '1' + '0'.repeat(308), '');
  literals.push(...spacedAndRadix.filter((literal) => Number.isFinite(Number(literal)))); // JSON: no NaN, no Infinity
  const read = await evaluate(plus, { xs: literals });
  const wrong = literals.filter((s, i) => {
    const expected = Number(s);
    return read[i] !== expected && !(expected === 0 && read[i] === 0); // JSON has no -0
  });
  assert.deepEqual(
    wrong.map((s) => `${JSON.stringify(s)} read as ${read[literals.indexOf(s)]}, not ${Number(s)}`),
    [],
  );
});

// JavaScript trims every white space and line terminator around a number (not only ASCII's), and
// reads 0x/0o/0b digits beyond 2^53 correctly rounded, not digit by digit.
const spacedAndRadix = [
  '\u00a05',
  '5\u00a0',
  '\ufeff7\u3000',
  '\u2028 1e3 \u2029',
  '\u1680\u2000\u200a\u202f\u205f-2.5\t\v\f\r\n',
  '\u180e1', // not white space since Unicode 6.3: NaN
  '\u00855', // NEL: NaN
  '\u00a0',
  '\u00a0\u00a0Infinity\u00a0',
  '0x200000000000011',
  '0x1fffffffffffff8',
  '0x20000000000001000000001',
  '0b' + '1'.repeat(54) + '0'.repeat(10) + '1',
  '0o' + '7'.repeat(30),
  '0x' + 'f'.repeat(256),
  '0x' + 'f'.repeat(300),
  '0x' + '0'.repeat(40) + '1f',
];

// The page's runtime module (a compiled model) against the core (the model's JSON) and the engine:
// String(number) through `cat`, Number(string) through `+`, % and round() on the shortest decimal.
test("the page's runtime converts numbers as JavaScript and the core do", async () => {
  const model = {
    leadqual: 1,
    id: 'numbers',
    version: '1',
    dimensions: [{ id: 'fit' }],
    questions: [
      { id: 'n', type: 'number' },
      { id: 't', type: 'text', maxLength: 2000 },
    ],
    computed: [
      { id: 'printed', expr: { cat: [{ var: 'n' }] } },
      { id: 'read', expr: { '+': [{ var: 't' }] } },
      { id: 'rest', expr: { '%': [{ var: 'n' }, 7.25] } },
      { id: 'rounded', expr: { round: [{ var: 'n' }, 3] } },
      { id: 'tens', expr: { round: [{ var: 'n' }, -1] } },
    ],
    stages: [{ id: 'all' }],
  };
  const core = await loadQualifier(model);
  const page = await loadQualifier(await compileModel(model));
  const xs = [...doubles(1500, 0xc0ffeen), 0.1 + 0.2, 1e21, 1e-7, 2.345, 1234.5678, -0.0005, 5e-324];
  const literals = [...spacedAndRadix, ...doubles(500, 777n).map((x, i) => x.toPrecision(1 + (i % 21))), ' ', '1_0'];
  const wrong = [];
  for (let i = 0; i < xs.length; ++i) {
    const answers = { n: xs[i], t: literals[i % literals.length] };
    const text = page.scoreJSON(answers);
    const { computed } = JSON.parse(text);
    if (text !== core.scoreJSON(answers)) {
      const { computed: fromCore } = JSON.parse(core.scoreJSON(answers));
      wrong.push(`${JSON.stringify(answers)}: ${JSON.stringify(computed)}, the core ${JSON.stringify(fromCore)}`);
    }
    const read = Number(answers.t);
    const expected = {
      printed: String(answers.n),
      read: Number.isFinite(read) ? read : null,
      rest: answers.n % 7.25,
    };
    for (const [id, value] of Object.entries(expected)) {
      if (computed[id] !== value && !(value === 0 && computed[id] === 0)) {
        wrong.push(`${id} of ${JSON.stringify(answers)} is ${computed[id]}, not ${value}`);
      }
    }
  }
  assert.deepEqual(wrong.slice(0, 10), []);
});
