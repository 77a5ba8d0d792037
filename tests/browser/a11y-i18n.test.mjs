// Accessibility (axe-core finds no violation on any demo page, before and after interaction),
// screenshots of every demo at 1280 px and 375 px (test-artifacts/), 320 px without horizontal
// scrolling, no layout shift while the WebAssembly loads, and the three UI languages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { useServerAndBrowser, openPage, waitForWidget, screenshot } from './harness.mjs';
import { completeQuiz, normalizedModel, startQuiz } from './flows.mjs';

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const DEMOS = { index: '#bant-quiz', roi: '#roi-calculator', scorecard: '#minda-scorecard', contact: null };
const env = useServerAndBrowser();

async function ready(page, selector) {
  if (selector) await waitForWidget(page, selector);
  else await page.locator('#live-score').filter({ hasText: 'Lead score' }).waitFor();
}

async function axeViolations(page) {
  await page.addScriptTag({ path: axePath });
  const results = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

for (const [demo, selector] of Object.entries(DEMOS)) {
  test(`${demo}.html: no axe violation; screenshots at 1280 and 375 px; fits 320 px`, async () => {
    for (const width of [1280, 375]) {
      const { page, context, errors } = await openPage(env.browser, `${env.server.url}/demo/${demo}.html`, {
        viewport: { width, height: 900 },
      });
      await ready(page, selector);
      await screenshot(page, `${demo}-${width}`);
      if (width === 1280) assert.deepEqual(await axeViolations(page), []);
      assert.deepEqual(errors, []);
      await context.close();
    }
    const { page, context } = await openPage(env.browser, `${env.server.url}/demo/${demo}.html`, {
      viewport: { width: 320, height: 800 },
    });
    await ready(page, selector);
    assert.ok(
      await page.evaluate(() => document.documentElement.scrollWidth <= 320),
      'no horizontal scrolling at 320 px',
    );
    await context.close();
  });
}

test('axe finds no violation with validation errors shown and on the outcome screen', async () => {
  const { page, context } = await openPage(env.browser, `${env.server.url}/demo/scorecard.html`);
  await waitForWidget(page, '#minda-scorecard');
  await page.locator('#minda-scorecard button[part~=next]').click();
  await page.locator('#minda-scorecard .field .error:not(:empty)').first().waitFor();
  await screenshot(page, 'scorecard-errors-1280');
  assert.deepEqual(await axeViolations(page), []);
  await context.close();

  const quiz = await openPage(env.browser, `${env.server.url}/demo/index.html`);
  await waitForWidget(quiz.page, '#bant-quiz');
  await completeQuiz(quiz.page, '#bant-quiz', 'axe@example.org');
  await screenshot(quiz.page, 'index-outcome-1280');
  assert.deepEqual(await axeViolations(quiz.page), []);
  await quiz.context.close();
});

test('the widget reserves its space: no layout shift while the model and WebAssembly load', async () => {
  for (const width of [1280, 375]) {
    const { page, context } = await openPage(env.browser, `${env.server.url}/demo/index.html`, {
      viewport: { width, height: 900 },
    });
    await page.evaluate(() => {
      window.__shift = 0;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__shift += entry.value;
      }).observe({ type: 'layout-shift', buffered: true });
    });
    await waitForWidget(page, '#bant-quiz');
    const shift = await page.evaluate(
      () => new Promise((resolve) => requestAnimationFrame(() => resolve(window.__shift))),
    );
    assert.ok(shift < 0.01, `${width} px: cumulative layout shift ${shift}`);
    await context.close();
  }
});

for (const [lang, next, progress] of [
  ['ja', '次へ', '0% 完了'],
  ['zh', '下一步', '已完成 0%'],
]) {
  test(`${lang}: model labels and UI strings in the page's language, kept answers on switching`, async () => {
    const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 }, reducedMotion: 'reduce' });
    const requests = [];
    context.on('request', (r) => requests.push(new URL(r.url()).pathname));
    const { page } = await openPage(env.browser, `${env.server.url}/demo/index.html?lang=${lang}`, { context });
    await waitForWidget(page, '#bant-quiz');
    const model = await normalizedModel(page, '#bant-quiz');
    // demo.js gives the page its language once its own imports are in, which may come after the
    // widget's first screen: the widget then renders again in that language.
    const start = page.locator('#bant-quiz button[part~=start]');
    await start.filter({ hasText: model.intro.start[lang] }).waitFor();
    // Only this language's UI strings are downloaded beside English's (web/i18n.js).
    assert.deepEqual(
      requests.filter((p) => p.includes('/i18n-')),
      [`/i18n-${lang}.min.js`],
    );
    assert.equal(await start.textContent(), model.intro.start[lang]);
    await startQuiz(page, '#bant-quiz');
    const first = model.questions[0];
    assert.equal(
      await page.locator('#bant-quiz [data-question]:not([hidden]) legend').textContent(),
      `${first.label[lang]} *`,
    );
    assert.equal(await page.locator('#bant-quiz label.option').first().textContent(), first.options[0].label[lang]);
    assert.equal(await page.locator('#bant-quiz button[part~=next]').textContent(), next);
    assert.equal(await page.locator('#bant-quiz .progress-text').textContent(), progress);
    await page.locator('#bant-quiz label.option').nth(1).click();
    await screenshot(page, `index-${lang}-1280`);
    // Switching to English re-renders the texts and keeps the answer.
    await page.locator('.langs button[data-lang=en]').click();
    assert.equal(await page.locator('#bant-quiz button[part~=next]').textContent(), 'Next');
    assert.equal(await page.locator('#bant-quiz label.option').first().textContent(), first.options[0].label.en);
    assert.equal(await page.locator('#bant-quiz label.option input').nth(1).isChecked(), true);
    await context.close();
  });
}

test("a page whose language's UI strings cannot load is in English and works; the console says why", async () => {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 }, reducedMotion: 'reduce' });
  await context.route('**/i18n-ja.min.js', (route) => route.fulfill({ status: 404, body: 'gone' }));
  const warnings = [];
  context.on('console', (m) => warnings.push(m.text()));
  const { page, errors } = await openPage(env.browser, `${env.server.url}/demo/index.html?lang=ja`, { context });
  await waitForWidget(page, '#bant-quiz');
  const model = await normalizedModel(page, '#bant-quiz');
  assert.equal(await page.locator('#bant-quiz button[part~=start]').textContent(), model.intro.start.ja);
  await startQuiz(page, '#bant-quiz');
  assert.equal(await page.locator('#bant-quiz button[part~=next]').textContent(), 'Next');
  assert.equal(await page.locator('#bant-quiz .progress-text').textContent(), '0% complete');
  assert.equal(
    await page.locator('#bant-quiz label.option').first().textContent(),
    model.questions[0].options[0].label.ja,
  );
  assert.ok(
    warnings.some((w) => /the ja UI texts could not be loaded, English is shown/.test(w)),
    warnings.join('\n'),
  );
  assert.deepEqual(errors, []);
  await context.close();
});

test('dark colour scheme: no axe violation (contrast included) on the calculator and the quiz', async () => {
  for (const [demo, selector] of [
    ['roi', '#roi-calculator'],
    ['index', '#bant-quiz'],
  ]) {
    const context = await env.browser.newContext({ colorScheme: 'dark', viewport: { width: 1280, height: 900 } });
    const { page } = await openPage(env.browser, `${env.server.url}/demo/${demo}.html`, { context });
    await waitForWidget(page, selector);
    const background = await page.locator(`${selector} .lq`).evaluate((el) => getComputedStyle(el).backgroundColor);
    assert.equal(background, 'rgb(20, 24, 33)');
    await screenshot(page, `${demo}-dark-1280`);
    assert.deepEqual(await axeViolations(page), []);
    await context.close();
  }
});

test('zh: the enhanced contact form and its live score are in Chinese', async () => {
  const { page, context } = await openPage(env.browser, `${env.server.url}/demo/contact.html?lang=zh`);
  await page.locator('#live-score').filter({ hasText: '线索评分' }).waitFor();
  assert.equal(await page.locator('[data-t=f_name]').textContent(), '姓名');
  await page.selectOption('select[name=company_size]', '1000+');
  const result = await page.evaluate(
    () =>
      new Promise((resolve) => {
        document
          .querySelector('form')
          .addEventListener('leadqual:change', (e) => resolve(e.detail.result), { once: true });
        document.querySelector('input[name=demo]').click();
      }),
  );
  assert.equal(await page.textContent('#live-score'), `线索评分 ${result.score}`);
  await screenshot(page, 'contact-zh-1280');
  await context.close();
});

// A screen looks the UI language up once (the lookup walks the element's ancestors; a screen asks
// for it for each of its strings), and nothing keeps it after the screen: `el.language` and the
// next screen follow a changed lang attribute, the element's own or an ancestor's, at once.
test('the UI language is looked up once per screen; el.language and the next screen follow a changed lang', async () => {
  const { page, context, errors } = await openPage(
    env.browser,
    `${env.server.url}/test/delivery.html?model=/models/frameworks/bant.lqc`,
  );
  await waitForWidget(page);
  const seen = await page.evaluate(() => {
    const el = /** @type {HTMLElement & {language: string, render(): void}} */ (
      document.querySelector('lead-qualifier')
    );
    let lookups = 0;
    const closest = Element.prototype.closest;
    Element.prototype.closest = function (selector) {
      if (this === el && selector === '[lang]') lookups++;
      return closest.call(this, selector);
    };
    el.render();
    const perScreen = lookups;
    document.documentElement.lang = 'zh';
    const afterAncestor = el.language;
    el.setAttribute('lang', 'ja');
    const afterOwn = el.language;
    el.removeAttribute('lang');
    const afterRemoved = el.language;
    Element.prototype.closest = closest;
    return { perScreen, afterAncestor, afterOwn, afterRemoved };
  });
  assert.deepEqual(seen, { perScreen: 1, afterAncestor: 'zh', afterOwn: 'ja', afterRemoved: 'zh' });
  // The screen after the ancestor's change (the element's re-render on its own lang's removal)
  // is in that language once its strings are in.
  await page.locator('lead-qualifier button[part~=next]').filter({ hasText: '下一步' }).waitFor();
  assert.equal(await page.locator('lead-qualifier .lq').first().getAttribute('lang'), 'zh');
  assert.deepEqual(errors, []);
  await context.close();
});
