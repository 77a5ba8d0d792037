// "Done means" for the studio (issue 13): someone who has never seen the JSON format builds the
// ROI calculator demo (models/frameworks/roi-calculator.json) from an empty model, through the
// forms only, previews it, and exports a file that the widget loads and that scores every lead
// exactly as the preset does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { useServerAndBrowser, readModel, coreScore } from './harness.mjs';

const env = useServerAndBrowser({ csp: true });

// An expression goes in as one input (a paste), not key by key: every keystroke is a full check
// and re-render, which made this test slow on a loaded machine; typing itself is tested in
// studio.test.mjs.
async function expression(page, pointer, text) {
  await page.locator(`lq-code[data-pointer="${pointer}"] .cm-content`).click();
  await page.keyboard.press('Control+A');
  await page.keyboard.insertText(text);
}

async function points(item, dims) {
  for (const [dim, n] of Object.entries(dims)) await item.getByLabel(new RegExp(` for ${dim}$`)).fill(String(n));
}

test('the ROI calculator, built from an empty model in the forms, exported, loads in the widget and scores as the preset', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${env.server.url}/studio/`);
  await page
    .locator('dialog.start')
    .getByRole('button', { name: /Empty model/ })
    .click();

  const basics = page.locator('#sec-basics');
  await basics.getByLabel('Title').fill('What would automating this save you?');
  await basics.getByLabel('Model id').fill('roi-calculator');
  await basics.getByLabel('Version').fill('2026.11');
  await basics.getByLabel('Framework').fill('ROI');

  // Dimensions: the empty model's "fit" becomes "value"; two more.
  const dims = [
    ['value', 'Value', 60],
    ['scale', 'Scale', 20],
    ['intent', 'Intent', 20],
  ];
  for (const [i, [id, label, max]] of dims.entries()) {
    if (i > 0) await page.getByRole('button', { name: '+ Add dimension' }).click();
    const item = page.locator(`#item-dimensions-${i}`);
    await item.getByLabel('Id', { exact: true }).fill(id);
    await item.getByLabel('Label', { exact: true }).fill(label);
    await item.getByLabel('Min (cap)').fill('0');
    await item.getByLabel('Max (cap)').fill(String(max));
  }

  // Questions.
  const question = (i) => page.locator(`#item-questions-${i}`);
  await page.getByRole('button', { name: '+ Number' }).click();
  let q = question(0);
  await q.getByLabel('Id', { exact: true }).fill('team_size');
  await q.getByLabel('Question', { exact: true }).fill('How many people do this work?');
  await q.getByLabel('Required').check();
  await q.getByLabel('Min', { exact: true }).fill('1');
  await q.getByLabel('Max', { exact: true }).fill('100000');
  await q.getByLabel('Step').fill('1');
  for (const [bi, [min, label, n]] of [
    [50, '50 people or more', 20],
    [10, '10 to 49 people', 12],
    [1, '1 to 9 people', 4],
  ].entries()) {
    await q.getByRole('button', { name: '+ Add band' }).click();
    const band = page.locator(`#item-q0-b${bi}`);
    await band.getByLabel('From (min)').fill(String(min));
    await band.getByLabel('Label', { exact: true }).fill(label);
    await points(band, { Scale: n });
  }

  await page.getByRole('button', { name: '+ Slider' }).click();
  q = question(1);
  await q.getByLabel('Id', { exact: true }).fill('hours_per_week');
  await q.getByLabel('Question', { exact: true }).fill('Hours each of them spends on it a week');
  await q.getByLabel('Required').check();
  await q.getByLabel('Max', { exact: true }).fill('40');
  await q.getByLabel('Step').fill('1');
  await q.getByLabel('Unit').fill('hours');

  await page.getByRole('button', { name: '+ Number' }).click();
  q = question(2);
  await q.getByLabel('Id', { exact: true }).fill('hourly_cost');
  await q.getByLabel('Question', { exact: true }).fill('Loaded cost of one hour of their time');
  await q.getByLabel('Required').check();
  await q.getByLabel('Min', { exact: true }).fill('0');
  await q.getByLabel('Max', { exact: true }).fill('10000');
  await q.getByLabel('Unit').fill('currency');

  await page.getByRole('button', { name: '+ Choice (one answer)' }).click();
  q = question(3);
  await q.getByLabel('Id', { exact: true }).fill('timeline');
  await q.getByLabel('Question', { exact: true }).fill('When would you like to start?');
  await q.getByLabel('Required').check();
  for (const [oi, [value, label, n]] of [
    ['this_quarter', 'This quarter', 20],
    ['this_year', 'This year', 10],
    ['exploring', 'Just exploring', 0],
  ].entries()) {
    if (oi === 2) await q.getByRole('button', { name: '+ Add option' }).click();
    const option = page.locator(`#item-q3-o${oi}`);
    await option.getByLabel('Value', { exact: true }).fill(value);
    await option.getByLabel('Label', { exact: true }).fill(label);
    if (n) await points(option, { Intent: n });
  }

  await page.getByRole('button', { name: '+ Email' }).click();
  q = question(4);
  await q.getByLabel('Id', { exact: true }).fill('email');
  await q.getByLabel('Question', { exact: true }).fill('Work email');
  await q.getByLabel('Required').check();
  await q.getByLabel('Share the answer').check();

  // Computed values.
  const computed = [
    ['hours_saved_per_year', 'Hours saved a year', 'team_size * hours_per_week * 46 * 0.5', 'number'],
    ['annual_savings', 'Savings a year', 'hours_saved_per_year * hourly_cost', 'currency'],
    ['annual_cost', 'Cost a year', 'team_size * 50 * 12', 'currency'],
    ['net_annual_benefit', 'Net benefit a year', 'annual_savings - annual_cost', 'currency'],
    [
      'payback_months',
      'Months to pay back',
      'annual_savings > 0 ? round(annual_cost / annual_savings * 12, 1) : null',
      'number',
    ],
  ];
  for (const [i, [id, label, expr, format]] of computed.entries()) {
    await page.getByRole('button', { name: '+ Add computed value' }).click();
    const item = page.locator(`#item-computed-${i}`);
    await item.getByLabel('Id', { exact: true }).fill(id);
    await item.getByLabel('Label', { exact: true }).fill(label);
    await item.getByLabel('Format').selectOption(format);
    await expression(page, `/computed/${i}/expr`, expr);
  }

  // Rules.
  const rules = [
    ['payback-3-months', 'payback_months <= 3', 60, 'Pays back within 3 months'],
    ['payback-6-months', 'payback_months > 3 and payback_months <= 6', 40, 'Pays back within 6 months'],
    ['payback-12-months', 'payback_months > 6 and payback_months < 12', 20, 'Pays back within a year'],
  ];
  for (const [i, [id, cond, n, reason]] of rules.entries()) {
    await page.getByRole('button', { name: '+ Add rule' }).click();
    const item = page.locator(`#item-rules-${i}`);
    await item.getByLabel('Id', { exact: true }).fill(id);
    await expression(page, `/rules/${i}/if`, cond);
    await points(item, { Value: n });
    await item.getByLabel('Reason (shown to sales)').fill(reason);
  }
  await page.getByRole('button', { name: '+ Add rule' }).click();
  const dq = page.locator('#item-rules-3');
  await dq.getByLabel('Id', { exact: true }).fill('no-payback');
  await expression(page, '/rules/3/if', 'net_annual_benefit <= 0');
  await dq.getByLabel('disqualify').check();
  await dq.getByLabel('Reason for disqualifying').fill('Would cost more than it saves in a year');

  // Grade A/B/C/D.
  await page.getByRole('button', { name: '+ Add a grade' }).click();
  await page.getByRole('button', { name: '+ Add grade' }).click(); // A 40, B 20, X 0, C
  for (const [i, [grade, min]] of [
    ['A', 75],
    ['B', 50],
    ['C', 25],
    ['D', null],
  ].entries()) {
    const item = page.locator(`#item-grade-${i}`);
    await item.getByLabel('Grade', { exact: true }).fill(grade);
    if (min !== null) await item.getByLabel('From').fill(String(min));
  }

  // Stages: sql, mql, then the default.
  let stage = page.locator('#item-stages-0');
  await stage.getByLabel('Id', { exact: true }).fill('nurture');
  await stage.getByLabel('Label', { exact: true }).fill('Keep in touch');
  for (const [i, [id, label, cond]] of [
    ['sql', 'Sales-ready', 'score >= 70 and dimensions.value >= 40'],
    ['mql', 'Marketing-qualified', 'score >= 40'],
  ].entries()) {
    await page.getByRole('button', { name: '+ Add stage' }).click();
    stage = page.locator(`#item-stages-${i}`);
    await stage.getByLabel('Id', { exact: true }).fill(id);
    await stage.getByLabel('Label', { exact: true }).fill(label);
    await expression(page, `/stages/${i}/if`, cond);
  }

  // Outcome screens, their texts with the result's values filled in ({annual_savings}), and consent.
  const preset = await readModel('models/frameworks/roi-calculator.json');
  const outcomes = [
    ['sql', 'https://example.com/business-case'],
    ['mql', 'https://example.com/estimate'],
    ['nurture', 'https://example.com/estimate'],
    ['disqualified', 'https://example.com/templates'],
  ];
  for (const [id, href] of outcomes) {
    const item = page.locator(`#item-outcome-${id}`);
    await item.getByLabel('Title').fill(preset.outcomes[id].title.en);
    await item.getByLabel('Message').fill(preset.outcomes[id].body.en);
    await item.getByLabel('Button text').fill('Continue');
    await item.getByLabel('Button link').fill(href);
  }
  await page.getByLabel('Ask for consent').check();
  await page.getByLabel('Consent text').fill('I agree that you may store my answers’ result and contact me about it.');

  await page
    .getByTestId('status')
    .filter({ hasText: /^Valid/ })
    .waitFor();

  // Preview it as a calculator.
  await page.getByRole('button', { name: 'Calculator' }).click();
  const widget = page.locator('lq-preview lead-qualifier');
  await widget.getByLabel('How many people do this work?').fill('25');
  await widget.getByLabel(/Loaded cost/).fill('55');
  await widget.getByLabel('This quarter').check();
  await page.getByTestId('live-stage').filter({ hasText: 'Sales-ready' }).waitFor();

  // Export, load in the widget, and compare scores with the preset.
  await page.getByRole('tab', { name: 'Export' }).click();
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-model').click()]);
  const text = await readFile(await file.path(), 'utf8');
  const built = JSON.parse(text);
  for (const [id] of outcomes) {
    assert.equal(built.outcomes[id].title, preset.outcomes[id].title.en, id);
    assert.equal(built.outcomes[id].body, preset.outcomes[id].body.en, id);
  }
  assert.match(built.outcomes.sql.title, /\{annual_savings\}/, 'the title says what the visitor saves');
  const leads = [
    { team_size: 25, hours_per_week: 20, hourly_cost: 55, timeline: 'this_quarter', email: 'a@b.example' },
    { team_size: 3, hours_per_week: 2, hourly_cost: 20, timeline: 'exploring' },
    { team_size: 120, hours_per_week: 5, hourly_cost: 35, timeline: 'this_year' },
    { team_size: 12, hours_per_week: 8, hourly_cost: 70 },
    { team_size: 0, hourly_cost: -1 },
  ];
  const pick = (r) => ({
    score: r.score,
    percent: r.percent,
    grade: r.grade,
    stage: r.stage,
    dimensions: r.dimensions,
    computed: r.computed,
    complete: r.complete,
    disqualified: r.disqualified?.rule ?? null,
    errors: r.errors.map((e) => e.code),
  });
  for (const answers of leads) {
    assert.deepEqual(
      pick(await coreScore(built, answers)),
      pick(await coreScore(preset, answers)),
      JSON.stringify(answers),
    );
  }

  const page2 = await context.newPage();
  page2.on('pageerror', (e) => errors.push(e.message));
  await page2.route('**/exported/roi.json', (route) => route.fulfill({ body: text, contentType: 'application/json' }));
  await page2.goto(`${env.server.url}/test/preset.html?model=/exported/roi.json&mode=calculator`);
  // The widget renders in its shadow root, which getByLabel searches (textContent would not).
  await page2.locator('lead-qualifier').getByLabel('How many people do this work?').waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});
