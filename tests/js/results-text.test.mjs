// The results page's texts and the quiz's progress, without a browser: placeholders filled from
// a result in the visitor's language (web/results.js), and a progress that never goes back when
// a question appears (web/progress.js). Expected values are written out, not recomputed.
import test from 'node:test';
import assert from 'node:assert/strict';

import { fillPlaceholders, outcomeOf } from '../../web/results.js';
import { quizProgress } from '../../web/progress.js';

const model = {
  computed: [
    { id: 'annual_savings', format: 'currency' },
    { id: 'hours_back', format: 'integer' },
  ],
  questions: [
    { id: 'budget', type: 'choice' },
    { id: 'invoices', type: 'choice' },
    { id: 'erp', type: 'choice', showIf: "invoices == 'many'" },
    { id: 'utm_source', type: 'hidden' },
    { id: 'email', type: 'email' },
  ],
  results: { show: { score: true, dimensions: ['need'] } },
  outcomes: { sql: { title: 'Save {annual_savings}', show: { score: false, dimensions: [] } } },
};
const result = {
  score: 71,
  percent: 71,
  grade: 'B',
  stage: 'sql',
  dimensions: { need: 23 },
  computed: { annual_savings: 245300, hours_back: 4785.4 },
};
const fill = (text, lang = 'en') => fillPlaceholders(text, { model, result, lang, currency: 'USD' });

test('placeholders: computed values in their format, dimensions, score, percent, grade', () => {
  assert.equal(fill('Save {annual_savings} a year'), 'Save $245,300 a year');
  assert.equal(fill('{hours_back} hours'), '4,785 hours');
  assert.equal(fill('Need {dimensions.need}, also {dimension.need}'), 'Need 23, also 23');
  assert.equal(fill('{score} points, {percent}, grade {grade}'), '71 points, 71%, grade B');
});

test('placeholders: in the visitor language, braces doubled are literal, null is a dash', () => {
  assert.equal(fill('{annual_savings}', 'ja'), '$245,300');
  assert.equal(fill('{hours_back} 時間', 'ja'), '4,785 時間');
  assert.equal(fill('{{annual_savings}} is {annual_savings}'), '{annual_savings} is $245,300');
  assert.equal(
    fillPlaceholders('{annual_savings}', {
      model,
      result: { ...result, computed: { annual_savings: null } },
      lang: 'en',
    }),
    '—',
  );
});

test("an outcome's show replaces results.show; a stage without an outcome gets results.show", () => {
  assert.deepEqual(outcomeOf(model, result).show, { score: false, dimensions: [] });
  assert.deepEqual(outcomeOf(model, { ...result, stage: 'nurture' }), {
    outcome: {},
    show: { score: true, dimensions: ['need'] },
  });
});

test('progress: the share of visible-type questions before the current one, fixed by the model', () => {
  // Four shown questions (the hidden one never is): 0, 25, 50, 75 % whatever showIf decides.
  assert.deepEqual(
    ['budget', 'invoices', 'erp', 'email'].map((id) => quizProgress(model, id)),
    [0, 25, 50, 75],
  );
  // Skipping erp (its showIf false) goes from 25 % straight to 75 %: forward, never back.
  assert.ok(quizProgress(model, 'email') > quizProgress(model, 'invoices'));
  assert.equal(quizProgress({ questions: [] }, 'x'), 0);
});
