// The results page that ends every mode (web/results.js): the stage's outcome with its
// placeholders filled from the core's result, the computed values in their formats, one bar per
// dimension with its value as text, the calls to action, and no internal label (grade, stage)
// unless the model shows it — in English, Japanese and Chinese, left to right and right to left,
// with no axe-core violation and screenshots at 1280 and 375 px (test-artifacts/results-*.png).
// And the calm quiz: no step changes the widget's height, and the progress never goes back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import {
  useServerAndBrowser,
  openPage,
  waitForWidget,
  screenshot,
  events,
  readModel,
  root,
  artifacts,
} from './harness.mjs';
import { completeQuiz, normalizedModel, startQuiz, visibleField } from './flows.mjs';
import { fillPlaceholders, outcomeOf } from '../../web/results.js';
import { formatValue } from '../../web/format.js';
import { localize, uiText, loadLanguage } from '../../web/i18n.js';
import { takeScreenshots } from '../../scripts/docs-screenshots.mjs';

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const env = useServerAndBrowser();

const DEMOS = [
  { demo: 'index', selector: '#bant-quiz', mode: 'quiz' },
  { demo: 'roi', selector: '#roi-calculator', mode: 'calculator' },
  { demo: 'scorecard', selector: '#minda-scorecard', mode: 'form' },
];
const LANGUAGES = ['en', 'ja', 'zh'];
await Promise.all(LANGUAGES.map(loadLanguage)); // the UI strings the pages are compared with

async function axeViolations(page) {
  await page.addScriptTag({ path: axePath });
  const results = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

// A plausible prospect: the first option, a mid-market team and volume, a work email (the
// screenshots should show figures a prospect would believe).
const FIGURES = { team_size: 12, hourly_cost: 55, invoices: 1200 };
function plausible(q) {
  if (q.id in FIGURES) return FIGURES[q.id];
  if (q.type === 'email') return 'kim@initech.example';
  if (q.type === 'text') return 'Initech';
  if (q.type === 'boolean') return true;
  if (q.type === 'multi') return [0];
  if (q.type === 'number' || q.type === 'range') return Math.min(q.max ?? 2500, Math.max(q.min ?? 0, 2500));
  return 0;
}

async function answerField(page, selector, q, value) {
  const field = page.locator(`${selector} [data-question="${q.id}"]`);
  if (q.type === 'choice' || q.type === 'multi') {
    for (const i of [value].flat()) await field.locator('label.option').nth(i).click();
  } else if (q.type === 'boolean') {
    await field
      .locator('label.option')
      .nth(value ? 0 : 1)
      .click();
  } else {
    await field.locator('input').fill(String(value));
  }
}

// Fills every question on screen (form and calculator modes), ticks the consent, submits.
async function completeForm(page, selector) {
  const model = await normalizedModel(page, selector);
  for (const q of model.questions) {
    if (q.type === 'hidden' || q.type === 'range') continue; // sliders start on a value
    if (!(await page.locator(`${selector} [data-question="${q.id}"]:not([hidden])`).count())) continue;
    await answerField(page, selector, q, plausible(q));
  }
  // The normalised model always has a consent object; a box is shown when it says something.
  const consent = page.locator(`${selector} .consent label`);
  if (await consent.count()) await consent.click();
  await page.locator(`${selector} button[part~=next]`).click();
  await page.locator(`${selector} .outcome:not([hidden])`).waitFor();
}

async function finish(page, { selector, mode }) {
  await waitForWidget(page, selector);
  if (mode === 'quiz') await completeQuiz(page, selector, 'kim@initech.example');
  else await completeForm(page, selector);
  const [complete] = await events(page, 'complete');
  return complete.detail.result;
}

// What the results page shows, read from the shadow DOM.
function readResultsPage(page, selector) {
  return page.locator(selector).evaluate((host) => {
    const outcome = host.shadowRoot.querySelector('.outcome');
    const text = (el) => el?.textContent ?? null;
    return {
      title: text(outcome.querySelector('.outcome-title')),
      body: text(outcome.querySelector('.outcome-body')),
      all: outcome.textContent,
      chips: [...outcome.querySelectorAll('.chip')].map(text),
      gauge: text(outcome.querySelector('.gauge-value')),
      values: [...outcome.querySelectorAll('.highlight')].map((el) => ({
        id: el.dataset.computed,
        label: text(el.querySelector('dt')),
        value: text(el.querySelector('dd')),
      })),
      dimensions: [...outcome.querySelectorAll('.dimension')].map((el) => ({
        id: el.dataset.dimension,
        label: text(el.querySelector('.dimension-label')),
        spoken: text(el.querySelector('.dimension-value .visually-hidden')),
        share: Number(getComputedStyle(el.querySelector('.dimension-bar')).getPropertyValue('--lq-share')),
      })),
      ctas: [...outcome.querySelectorAll('a.cta')].map((a) => ({ label: text(a), href: a.getAttribute('href') })),
      focused: host.shadowRoot.activeElement === outcome,
    };
  });
}

for (const demo of DEMOS) {
  for (const lang of LANGUAGES) {
    test(`${demo.demo}.html (${demo.mode}, ${lang}): a results page with the breakdown and the computed values`, async () => {
      for (const width of [1280, 375]) {
        const { page, context, errors } = await openPage(
          env.browser,
          `${env.server.url}/demo/${demo.demo}.html?lang=${lang}`,
          {
            viewport: { width, height: 900 },
          },
        );
        const result = await finish(page, demo);
        const model = await normalizedModel(page, demo.selector);
        const shown = await readResultsPage(page, demo.selector);
        await screenshot(page, `results-${demo.demo}-${lang}-${width}`);
        if (width === 375) {
          assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 375), 'no horizontal scrolling');
          assert.deepEqual(errors, []);
          await context.close();
          continue;
        }
        const { outcome, show } = outcomeOf(model, result);
        const currency = model['x-currency'] || 'USD';
        const context_ = { model, result, lang, currency, text: (v) => localize(v, lang, model.lang) };

        // The stage's own words, every placeholder filled with the result's values.
        assert.equal(shown.title, fillPlaceholders(localize(outcome.title, lang, model.lang), context_));
        assert.equal(shown.body, fillPlaceholders(localize(outcome.body, lang, model.lang), context_));
        assert.ok(!/[{}]/.test(shown.title + shown.body), 'no placeholder left');
        assert.equal(shown.focused, true, 'the results page has the focus');

        // The computed values the model shows, each in its format; the breakdown by dimension.
        assert.ok(show.computed.length > 0 && show.dimensions.length > 0, 'the demo model shows values and bars');
        assert.deepEqual(
          shown.values,
          show.computed.map((id) => {
            const c = model.computed.find((x) => x.id === id);
            return {
              id,
              label: localize(c.label, lang, model.lang),
              value: formatValue(result.computed[id], { format: c.format, lang, currency }),
            };
          }),
        );
        assert.deepEqual(
          shown.dimensions,
          show.dimensions.map((id) => {
            const d = model.dimensions.find((x) => x.id === id);
            const value = formatValue(result.dimensions[id], { lang });
            return {
              id,
              label: localize(d.label, lang, model.lang),
              spoken: uiText(lang, 'outOf', { value, max: formatValue(d.max, { lang }) }),
              share: Math.max(0, Math.min(1, result.dimensions[id] / d.max)),
            };
          }),
        );
        if (show.score) assert.equal(shown.gauge, formatValue(result.percent, { format: 'percent', lang }));

        // The calls to action of the stage, in order.
        assert.deepEqual(
          shown.ctas,
          outcome.cta.map((cta) => ({
            label: fillPlaceholders(localize(cta.label, lang, model.lang), context_),
            href: cta.href,
          })),
        );

        // The team's words (grade, stage labels) only where the model shows them.
        for (const stage of model.stages) {
          const label = localize(stage.label, lang, model.lang);
          assert.equal(shown.all.includes(label), show.stage && stage.id === result.stage, `stage label '${label}'`);
        }
        assert.equal(
          shown.chips.some((c) => c.includes(uiText(lang, 'grade'))),
          show.grade && result.grade !== null,
        );

        assert.deepEqual(await axeViolations(page), []);
        assert.deepEqual(errors, []);
        await context.close();
      }
    });
  }
}

test('the contact page ends on a results page too (<lead-results> after enhanceForm)', async () => {
  for (const lang of ['en', 'zh']) {
    const { page, context, errors } = await openPage(env.browser, `${env.server.url}/demo/contact.html?lang=${lang}`);
    await page.locator('#live-score:not(:empty)').waitFor();
    await page.fill('input[name=name]', 'Kim Lee');
    await page.fill('input[name=email]', 'kim@initech.example');
    await page.selectOption('select[name=company_size]', '200-999');
    await page.check('input[name=demo]');
    await page.check('input[name=consent]');
    await page.click('form button[type=submit]');
    const results = page.locator('#thanks lead-results');
    await results.locator('.outcome').waitFor();
    const model = await readModel('web/demo/models/contact.json');
    const shown = await readResultsPage(page, '#thanks lead-results');
    assert.equal(shown.values.length, 1);
    assert.equal(shown.values[0].value, formatValue(3600, { format: 'integer', lang }));
    assert.deepEqual(
      shown.dimensions.map((d) => d.label),
      model.dimensions.map((d) => localize(d.label, lang, model.lang)),
    );
    assert.equal(shown.focused, true);
    // The live score on the page says no stage id.
    assert.doesNotMatch(await page.textContent('#live-score'), /sql|mql|nurture/);
    await screenshot(page, `results-contact-${lang}-1280`);
    assert.deepEqual(await axeViolations(page), []);
    assert.deepEqual(errors, []);
    await context.close();
  }
});

test('dark colour scheme: the results page passes axe, contrast of the gauge, figures and bars included', async () => {
  const context = await env.browser.newContext({ colorScheme: 'dark', viewport: { width: 1280, height: 900 } });
  const { page, errors } = await openPage(env.browser, `${env.server.url}/demo/index.html`, { context });
  await finish(page, DEMOS[0]);
  const background = await page.locator('#bant-quiz .lq').evaluate((el) => getComputedStyle(el).backgroundColor);
  assert.equal(background, 'rgb(20, 24, 33)');
  await screenshot(page, 'results-index-dark-1280');
  assert.deepEqual(await axeViolations(page), []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('right to left: the bars grow from the right, the page mirrors, nothing overflows', async () => {
  const { page, context, errors } = await openPage(env.browser, `${env.server.url}/test/results-rtl.html`);
  await waitForWidget(page, '#rtl');
  await completeForm(page, '#rtl');
  const geometry = await page.locator('#rtl').evaluate((host) => {
    const box = (el) => el.getBoundingClientRect();
    const bars = [...host.shadowRoot.querySelectorAll('.dimension')].map((el) => ({
      track: box(el.querySelector('.dimension-track')),
      bar: box(el.querySelector('.dimension-bar')),
      label: box(el.querySelector('.dimension-label')),
      value: box(el.querySelector('.dimension-value')),
    }));
    return { bars, direction: getComputedStyle(host.shadowRoot.querySelector('.outcome')).direction };
  });
  assert.equal(geometry.direction, 'rtl');
  assert.ok(geometry.bars.length > 0);
  for (const { track, bar, label, value } of geometry.bars) {
    assert.ok(
      Math.abs(bar.right - (track.right - 1)) < 1.5,
      `bar starts at the right edge (${bar.right} vs ${track.right})`,
    );
    assert.ok(bar.width < track.width, 'a partial bar');
    assert.ok(label.left > value.left, 'the label is on the right, the value on the left');
  }
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth), 'no horizontal scrolling');
  await screenshot(page, 'results-rtl-1280');
  assert.deepEqual(await axeViolations(page), []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('calm quiz: no step changes the widget height, the progress never goes back, Start focuses without a shift', async () => {
  for (const width of [1280, 375]) {
    const { page, context, errors } = await openPage(env.browser, `${env.server.url}/demo/index.html`, {
      viewport: { width, height: 900 },
    });
    const QUIZ = '#bant-quiz';
    await waitForWidget(page, QUIZ);
    const model = await normalizedModel(page, QUIZ);
    const measure = () =>
      page.evaluate((sel) => {
        const host = document.querySelector(sel);
        return {
          height: host.getBoundingClientRect().height,
          below: document.querySelector('#product').getBoundingClientRect().top + scrollY,
          progress: host.shadowRoot.querySelector('.progress-text').textContent,
        };
      }, QUIZ);
    const heights = [];
    const record = async (what) => {
      const m = await measure();
      heights.push({ what, ...m });
      return m;
    };
    await record('intro');
    await startQuiz(page, QUIZ);
    // The first question has the focus, and nothing moved to give it.
    const active = await page
      .locator(QUIZ)
      .evaluate((host) => host.shadowRoot.activeElement?.closest('[data-question]')?.dataset.question);
    assert.equal(active, model.questions[0].id);
    await record('first question');
    // Next without an answer: the message takes space reserved for it.
    await page.locator(`${QUIZ} button[part~=next]`).click();
    await visibleField(page, QUIZ).locator('.error:not(:empty)').waitFor();
    await record('validation error');
    const percents = [];
    for (let step = 0; step < 20; step++) {
      const field = visibleField(page, QUIZ);
      const id = await field.getAttribute('data-question');
      const q = model.questions.find((x) => x.id === id);
      percents.push(parseInt((await measure()).progress, 10));
      if (q.type === 'email') break;
      // The largest invoice volume makes the ERP question appear: the count must not jump.
      await field
        .locator('label.option')
        .nth(id === 'invoices' ? 3 : 0)
        .click();
      await record(`answered ${id}`);
      await page.locator(`${QUIZ} button[part~=next]`).click();
      await record(`after ${id}`);
    }
    assert.ok(
      heights.some((h) => h.what === 'answered erp'),
      'the question that appears was asked',
    );
    for (const h of heights) {
      assert.equal(h.height, heights[0].height, `${width} px: height at '${h.what}'`);
      assert.equal(h.below, heights[0].below, `${width} px: the section below did not move at '${h.what}'`);
    }
    for (let i = 1; i < percents.length; i++) assert.ok(percents[i] > percents[i - 1], `progress ${percents}`);
    assert.deepEqual(errors, []);
    await context.close();
  }
});

test('the pictures of docs/widget.md: the script takes them, the one in docs/ is small', async () => {
  const written = await takeScreenshots(path.join(artifacts, 'docs'), env);
  for (const file of written) {
    const bytes = await readFile(file);
    assert.equal(bytes.subarray(1, 4).toString(), 'PNG', file);
  }
  const docs = await readFile(path.join(root, 'docs/widget.md'), 'utf8');
  for (const [, name] of docs.matchAll(/\]\(([\w-]+\.png)\)/g)) {
    const size = (await stat(path.join(root, 'docs', name))).size;
    assert.ok(size < 100_000, `docs/${name} is ${size} bytes (keep pictures under 100 kB)`);
  }
});
