// The `now` option is read by the core's one ISO 8601 parser (core/runtime/iso8601.hpp), not by
// Date.parse: the two differ on leap seconds (Date.parse: NaN) and on a date-time without a zone
// (Date.parse: local time; the core and docs/model.md#dates: UTC), so `leadqual --now` and the JS
// API's `now` gave different clocks for the same text.
import test from 'node:test';
import assert from 'node:assert/strict';

import { compileModel, evaluate, loadQualifier } from '../../web/leadqual.js';

// What docs/model.md#dates says each text means, as milliseconds since the epoch.
const cases = [
  ['2026-06-30T23:59:60Z', Date.UTC(2026, 6, 1)], // a leap second: the second after :59
  ['2026-06-30T23:59:60.500Z', Date.UTC(2026, 6, 1, 0, 0, 0, 500)],
  ['2026-06-30T12:00:00', Date.UTC(2026, 5, 30, 12)], // no zone: UTC
  ['2026-06-30 12:00', Date.UTC(2026, 5, 30, 12)],
  ['2026-06-30T17:30:00+0530', Date.UTC(2026, 5, 30, 12)],
  ['2026-06-30T17:30:00+05', Date.UTC(2026, 5, 30, 12, 30)],
];

// The clock is exactly `at` (ms) when days_since(at) is 0 and days_since(at + 1) is -1.
const isClock = 'days_since(at) == 0 and days_since(at + 1) == -1';
const model = {
  leadqual: 1,
  id: 'clock',
  dimensions: [{ id: 'd', max: 1 }],
  questions: [{ id: 'at', type: 'number' }],
  computed: [{ id: 'is_clock', expr: isClock }],
  stages: [{ id: 'all' }],
};

test('evaluate reads the `now` text as the core does', async (t) => {
  // A zone-less text is local time to Date.parse; make local time differ from UTC.
  const tz = process.env.TZ;
  process.env.TZ = 'Asia/Kolkata';
  t.after(() => {
    if (tz === undefined) delete process.env.TZ;
    else process.env.TZ = tz;
  });
  for (const [text, ms] of cases) {
    assert.equal(await evaluate(isClock, { at: ms }, { now: ms }), true, `${text} as a number`);
    assert.equal(await evaluate(isClock, { at: ms }, { now: text }), true, text);
  }
  await assert.rejects(evaluate(isClock, { at: 0 }, { now: '2026-02-29' }), /now: expected/);
});

test('a qualifier (core and runtime module) reads the `now` text as the core does', async (t) => {
  const tz = process.env.TZ;
  process.env.TZ = 'America/St_Johns';
  t.after(() => {
    if (tz === undefined) delete process.env.TZ;
    else process.env.TZ = tz;
  });
  const qualifiers = [await loadQualifier(model), await loadQualifier(await compileModel(model))];
  for (const qualifier of qualifiers) {
    for (const [text, ms] of cases) {
      assert.equal(qualifier.score({ at: ms }, { now: text }).computed.is_clock, true, text);
      assert.equal(qualifier.session({ now: text }).set('at', ms).state.computed.is_clock, true, text);
    }
    assert.throws(() => qualifier.score({}, { now: '2026-02-29' }), /now: expected/);
    qualifier.dispose();
  }
});
