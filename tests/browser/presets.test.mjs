// Every framework preset in models/frameworks renders in the widget: in form mode every visible
// question is on screen with no axe violation, and in quiz mode a visitor reaches the outcome.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { useServerAndBrowser, openPage, waitForWidget, root, corePosted, readModel } from './harness.mjs';
import { completeQuiz } from './flows.mjs';

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const presets = (await readFile(path.join(root, 'models/frameworks/presets.txt'), 'utf8'))
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l && !l.startsWith('#'));
const env = useServerAndBrowser();

for (const file of presets) {
  test(`preset ${file}: form mode shows every visible question without axe violation; the quiz reaches its outcome`, async () => {
    const url = `/models/frameworks/${file}`;
    const form = await openPage(env.browser, `${env.server.url}/test/preset.html?model=${url}&mode=form`);
    await waitForWidget(form.page);
    const visible = await form.page.evaluate(() => document.querySelector('lead-qualifier').state.visible.length);
    const hiddenType = await form.page.evaluate(
      () => document.querySelector('lead-qualifier').model.questions.filter((q) => q.type === 'hidden').length,
    );
    assert.ok(visible > 0);
    assert.equal(
      await form.page.locator('lead-qualifier .field[data-question]:not([hidden])').count(),
      visible - hiddenType,
    );
    await form.page.addScriptTag({ path: axePath });
    const violations = await form.page.evaluate(() =>
      window.axe
        .run(document, { resultTypes: ['violations'] })
        .then((r) => r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)),
    );
    assert.deepEqual(violations, []);
    assert.deepEqual(form.errors, []);
    await form.context.close();

    env.server.collector.stored.clear();
    const quiz = await openPage(env.browser, `${env.server.url}/test/preset.html?model=${url}&mode=quiz`);
    await waitForWidget(quiz.page);
    const { answers } = await completeQuiz(quiz.page, 'lead-qualifier', 'preset@example.org');
    // The results page is elements only: a part the model does not have (no computed values, no
    // call to action) was once passed to replaceChildren() as null, and showed as the text "null".
    const strayText = await quiz.page
      .locator('lead-qualifier .outcome')
      .evaluate((outcome) => [...outcome.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.data));
    assert.deepEqual(strayText, []);
    assert.doesNotMatch(await quiz.page.locator('lead-qualifier .outcome').innerText(), /\bnull\b/);
    const [payload] = await env.server.collector.waitForStored(1);
    const expected = await corePosted(await readModel(`models/frameworks/${file}`), {
      ...answers,
      ...(await quiz.page.evaluate(() => document.querySelector('lead-qualifier').session.answers)),
    });
    assert.deepEqual(payload.result, expected);
    assert.deepEqual(quiz.errors, []);
    await quiz.context.close();
  });
}

test('signals set by the page rescore at once and keep the answers (SLA preset)', async () => {
  const { page, context } = await openPage(
    env.browser,
    `${env.server.url}/test/preset.html?model=/models/frameworks/sla.json&mode=form`,
  );
  await waitForWidget(page);
  const host = page.locator('lead-qualifier');
  await host.locator('label.option').first().click();
  const before = await host.evaluate((el) => JSON.parse(JSON.stringify(el.result)));
  const answers = await host.evaluate((el) => el.session.answers);
  const after = await host.evaluate((el) => {
    el.signals = { pricing_views: 2, webinar_attended: 1 };
    return JSON.parse(JSON.stringify(el.result));
  });
  assert.deepEqual(await host.evaluate((el) => el.session.answers), answers);
  assert.deepEqual(
    after.reasons.filter((r) => r.source === 'signal').map((r) => r.id),
    ['pricing_views', 'webinar_attended'],
  );
  assert.ok(after.score > before.score);
  const { loadQualifier } = await import(new URL('../../web/leadqual.js', import.meta.url));
  const q = await loadQualifier(await readModel('models/frameworks/sla.json'));
  assert.deepEqual(after, q.score(answers, { signals: { pricing_views: 2, webinar_attended: 1 } }));
  q.dispose();
  await context.close();
});
