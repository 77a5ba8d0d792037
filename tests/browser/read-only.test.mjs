// What widget.d.ts and enhance-form.d.ts call `readonly` is read-only in the code too: assigning
// it throws in strict mode and changes nothing in sloppy mode. (qualifier, session and state were
// plain fields of <lead-qualifier>, and enhanceForm()'s `qualifier` a plain property: a page could
// replace the element's session with its own object.) tests/js/types/implementation.ts holds the
// same promise at the type level, so a writable member cannot come back unnoticed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServerAndBrowser, openPage, waitForWidget } from './harness.mjs';

const env = useServerAndBrowser();

// Tries each write twice, in a strict function and in a sloppy one, and reports what happened.
function tryWrites(target, names) {
  const outcome = {};
  for (const name of names) {
    const before = target[name];
    let strict;
    try {
      (function () {
        'use strict';
        target[name] = { replaced: true };
      })();
      strict = 'no error';
    } catch (error) {
      strict = error.constructor.name;
    }
    // A function outside strict mode, as a sloppy page script writes.
    new Function('target', 'name', 'target[name] = { replaced: true };')(target, name);
    outcome[name] = { strict, unchanged: target[name] === before };
  }
  return outcome;
}

test('<lead-qualifier>: mode, language, model, qualifier, session, state and result cannot be assigned', async () => {
  const { page, context, errors } = await openPage(
    env.browser,
    `${env.server.url}/test/preset.html?model=/models/frameworks/bant.json&mode=form`,
  );
  await waitForWidget(page);
  const names = ['mode', 'language', 'model', 'qualifier', 'session', 'state', 'result'];
  const outcome = await page.evaluate(
    ({ names, source }) => {
      const tryWrites = new Function(`return (${source})`)();
      return tryWrites(document.querySelector('lead-qualifier'), names);
    },
    { names, source: tryWrites.toString() },
  );
  for (const name of names) assert.deepEqual(outcome[name], { strict: 'TypeError', unchanged: true }, name);
  // The element still scores with its own session.
  const host = page.locator('lead-qualifier');
  await host.locator('label.option').first().click();
  assert.equal(await host.evaluate((el) => typeof el.session.set === 'function' && el.result.score >= 0), true);
  assert.deepEqual(errors, []);
  await context.close();
});

test('enhanceForm(): qualifier, state and result of what it returns cannot be assigned', async () => {
  const { page, context, errors } = await openPage(env.browser, `${env.server.url}/test/preset.html`);
  const outcome = await page.evaluate(async (source) => {
    const { enhanceForm } = await import('/enhance-form.js');
    const form = document.createElement('form');
    form.innerHTML = '<input name="email" type="email">';
    document.body.append(form);
    const enhanced = await enhanceForm(form, { model: '/models/frameworks/bant.json' });
    const tryWrites = new Function(`return (${source})`)();
    const result = tryWrites(enhanced, ['qualifier', 'state', 'result']);
    const scores = typeof enhanced.refresh().result.score === 'number';
    enhanced.dispose();
    return { result, scores };
  }, tryWrites.toString());
  for (const name of ['qualifier', 'state', 'result'])
    assert.deepEqual(outcome.result[name], { strict: 'TypeError', unchanged: true }, name);
  assert.equal(outcome.scores, true);
  assert.deepEqual(errors, []);
  await context.close();
});
