// A page has one outbox, however many bundles carry web/delivery-core.js: the widget's and
// enhanceForm()'s bundles each hold a copy of the module. Two outboxes raced for the same stored
// entries when the browser came back online, and only the one that delivered an entry told its
// listeners: a widget whose lead the other copy sent kept saying "offline" (the browser test
// "offline submit is queued …" failed 2 runs of 9 so).
import { test } from 'node:test';
import assert from 'node:assert/strict';

test("every copy of the delivery module gives the page's one outbox", async () => {
  const stored = new Map();
  globalThis.localStorage = {
    getItem: (key) => stored.get(key) ?? null,
    setItem: (key, value) => void stored.set(key, String(value)),
    removeItem: (key) => void stored.delete(key),
  };
  try {
    const widgetCopy = await import('../../web/delivery-core.js?bundle=widget');
    const formCopy = await import('../../web/delivery-core.js?bundle=enhance-form');
    assert.notEqual(widgetCopy, formCopy, 'two module instances, as two bundles are');
    const box = widgetCopy.outbox();
    assert.equal(formCopy.outbox(), box);
    assert.equal(widgetCopy.outbox(), box);
    // A delivery either copy's sender makes is heard by listeners added through the other.
    const heard = [];
    formCopy.outbox().addEventListener('delivered', (event) => heard.push(event.detail.id));
    box.dispatchEvent(new CustomEvent('delivered', { detail: { id: 'lead-1', status: 201, confirmed: true } }));
    assert.deepEqual(heard, ['lead-1']);
  } finally {
    delete globalThis.localStorage;
  }
});
