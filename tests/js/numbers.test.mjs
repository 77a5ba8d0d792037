// The WebAssembly core converts numbers as JavaScript does: String(number) through `cat` and
// Number(string) through `+`, checked against this very JavaScript engine on many doubles
// (random bit patterns, subnormals, every power of two) and literals.
import test from 'node:test';
import assert from 'node:assert/strict';

import { evaluate } from '../../web/leadqual.js';

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
