// First paint without waiting for WebAssembly (issue 9, item 4): with a compiled model the widget
// shows the first question from the model's own header while the JS API and the runtime module
// are still on their way; the model's and the runtime's fetches start at once, not one after
// the other; what the visitor does meanwhile is kept and done when the runtime is in. And the
// files a static host needs for a compiled model are exactly those docs/widget.md lists.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { useServerAndBrowser, openPage, events, readModel, root } from './harness.mjs';

const env = useServerAndBrowser();
const HOST = 'lead-qualifier';
const field = (page) => page.locator(`${HOST} .field[data-question]:not([hidden])`);

// Holds every request matching `url` until release() (then lets it through).
async function hold(context, url) {
  let release;
  const held = new Promise((resolve) => (release = resolve));
  await context.route(url, async (route) => {
    await held;
    await route.continue();
  });
  return release;
}

async function newPage() {
  const context = await env.browser.newContext({ reducedMotion: 'reduce' });
  const requests = [];
  context.on('request', (r) => requests.push(new URL(r.url()).pathname));
  return { context, requests };
}

test('a compiled model is painted before the API and the runtime are in; an answer and a step given meanwhile are kept', async () => {
  const bant = await readModel('models/frameworks/bant.json');
  const { context, requests } = await newPage();
  const release = await hold(context, '**/leadqual.min.js'); // the JS API (and so the runtime) waits
  const { page, errors } = await openPage(
    env.browser,
    `${env.server.url}/test/delivery.html?model=/models/frameworks/bant.lqc`,
    { context },
  );
  await field(page).waitFor();
  assert.equal(await field(page).getAttribute('data-question'), bant.questions[0].id);
  assert.match(
    await field(page).locator('legend').textContent(),
    new RegExp(bant.questions[0].label.en.replace('?', '\\?')),
  );
  // The model and the runtime's .wasm were both requested without waiting for the API.
  assert.ok(requests.includes('/models/frameworks/bant.lqc'), requests.join(' '));
  assert.ok(requests.includes('/build/leadqual-runtime.wasm'), requests.join(' '));
  assert.ok(!requests.includes('/build/leadqual-runtime.js'), 'the runtime module has no glue file');
  assert.equal(await page.evaluate(() => document.querySelector('lead-qualifier').qualifier), null);
  assert.equal((await events(page, 'ready')).length, 0);

  await page.getByLabel(bant.questions[0].options[0].label.en).check();
  await page.getByRole('button', { name: 'Next' }).click();
  assert.equal(await field(page).getAttribute('data-question'), bant.questions[0].id, 'the step waits for the runtime');
  release();
  await page.waitForFunction(() => window.__events.some((e) => e.type === 'leadqual:ready'));
  await page.waitForFunction(
    (id) =>
      document.querySelector('lead-qualifier').shadowRoot.querySelector('.field:not([hidden])')?.dataset.question ===
      id,
    bant.questions[1].id,
  );
  const { live, scored } = await page.evaluate(
    (answers) => {
      const el = document.querySelector('lead-qualifier');
      return { live: el.result, scored: el.qualifier.score(answers) };
    },
    { [bant.questions[0].id]: bant.questions[0].options[0].value },
  );
  assert.deepEqual(live, scored);
  assert.ok(live.score > 0, 'the early answer scored');
  const changes = await events(page, 'change');
  assert.deepEqual(
    changes.map((e) => e.detail.question),
    [bant.questions[0].id],
    'the early answer is announced once, with the live result',
  );
  assert.deepEqual(changes[0].detail.result, live);
  assert.deepEqual(errors, []);
  await context.close();
});

// The runtime's CPU work waits for the first screen (docs/performance.md, "Loading the runtime,
// fourth session"): the .wasm's fetch starts at once, the API's import and the compile only once
// the question painted from the compiled model is on screen.
test("a compiled model's runtime is imported and compiled only after the first question is painted", async () => {
  const { context, requests } = await newPage();
  const shown = () =>
    Boolean(document.querySelector('lead-qualifier')?.shadowRoot?.querySelector('.field:not([hidden])'));
  await context.addInitScript(() => {
    const painted = () =>
      Boolean(document.querySelector('lead-qualifier')?.shadowRoot?.querySelector('.field:not([hidden])'));
    window.__compiles = [];
    for (const name of ['compile', 'compileStreaming']) {
      const original = WebAssembly[name];
      WebAssembly[name] = (...args) => {
        window.__compiles.push(painted());
        return original.apply(WebAssembly, args);
      };
    }
  });
  // Whether the question was on screen when the API was asked for (checked as it is asked for).
  /** @type {boolean[]} */
  const apiAfterPaint = [];
  await context.route('**/leadqual.min.js', async (route) => {
    apiAfterPaint.push(await route.request().frame().evaluate(shown));
    await route.continue();
  });
  const { page, errors } = await openPage(
    env.browser,
    `${env.server.url}/test/delivery.html?model=/models/frameworks/bant.lqc`,
    { context },
  );
  await page.waitForFunction(() => window.__events.some((e) => e.type === 'leadqual:ready'));
  assert.deepEqual(apiAfterPaint, [true]);
  assert.deepEqual(await page.evaluate(() => window.__compiles), [true]);
  assert.ok(
    requests.indexOf('/build/leadqual-runtime.wasm') < requests.indexOf('/leadqual.min.js'),
    requests.join(' '),
  );
  assert.deepEqual(errors, []);
  await context.close();
});

// The first screen of a compiled quiz builds only the question on screen; the others are built
// in the task after its frame, in the model's order, with answers the page set meanwhile
// (docs/performance.md, "First paint, fifth session"). And the outbox of an earlier page is
// still flushed, once that frame is out.
test('a compiled quiz paints its first question alone, then builds the rest in order, keeping early answers', async () => {
  const bant = await readModel('models/frameworks/bant.json');
  const { context } = await newPage();
  await context.addInitScript(() => {
    // The fields in the DOM at the first frame with a question on screen.
    window.__firstFrame = new Promise((resolve) => {
      const frame = () => {
        const root = document.querySelector('lead-qualifier')?.shadowRoot;
        if (root?.querySelector('.field:not([hidden])'))
          resolve([...root.querySelectorAll('.field[data-question]')].map((f) => f.dataset.question));
        else requestAnimationFrame(frame);
      };
      requestAnimationFrame(frame);
    });
  });
  const release = await hold(context, '**/leadqual.min.js');
  const { page, errors } = await openPage(
    env.browser,
    `${env.server.url}/test/delivery.html?model=/models/frameworks/bant.lqc`,
    { context },
  );
  assert.deepEqual(await page.evaluate(() => window.__firstFrame), [bant.questions[0].id]);
  const ids = bant.questions.map((q) => q.id);
  const rendered = () =>
    page.evaluate(() =>
      [...document.querySelector('lead-qualifier').shadowRoot.querySelectorAll('.field[data-question]')].map(
        (f) => f.dataset.question,
      ),
    );
  await page.waitForFunction(
    (n) => document.querySelector('lead-qualifier').shadowRoot.querySelectorAll('.field[data-question]').length === n,
    ids.length,
  );
  assert.deepEqual(await rendered(), ids, 'every question, in the model order, before the runtime is in');
  release();
  await page.waitForFunction(() => window.__events.some((e) => e.type === 'leadqual:ready'));
  assert.deepEqual(await rendered(), ids);
  assert.deepEqual(errors, []);
  await context.close();

  // An answer the page sets before the other questions are built is in its input once they are.
  const second = await newPage();
  await second.context.addInitScript(() => {
    // setAnswer needs the model: it answers at the end of the first screen's render, before
    // the task after its frame builds the other questions.
    const attach = Element.prototype.attachShadow;
    Element.prototype.attachShadow = function (init) {
      const root = attach.call(this, init);
      const el = this;
      new MutationObserver((_, observer) => {
        if (!el.model) return;
        observer.disconnect();
        window.__builtWhenAnswered = root.querySelectorAll('.field[data-question]').length;
        el.setAnswer('email', 'early@example.com');
      }).observe(root, { childList: true, subtree: true });
      return root;
    };
  });
  const opened = await openPage(env.browser, `${env.server.url}/test/delivery.html?model=/models/frameworks/bant.lqc`, {
    context: second.context,
  });
  await opened.page.waitForFunction(() => window.__events.some((e) => e.type === 'leadqual:ready'));
  const email = opened.page.locator(`${HOST} [data-question=email] input`);
  assert.equal(await opened.page.evaluate(() => window.__builtWhenAnswered), 1);
  assert.equal(await email.inputValue(), 'early@example.com');
  assert.deepEqual(opened.errors, []);
  await second.context.close();
});

test('the runtime is compiled while it streams in, and still loads from a server without application/wasm', async () => {
  for (const [type, streamed] of [
    ['application/wasm', true],
    ['application/octet-stream', false],
  ]) {
    const { context } = await newPage();
    await context.addInitScript(() => {
      window.__streamed = 0;
      const compile = WebAssembly.compileStreaming;
      WebAssembly.compileStreaming = (...args) => {
        window.__streamed++;
        return compile.apply(WebAssembly, args);
      };
    });
    await context.route('**/build/leadqual-runtime.wasm', async (route) => {
      const response = await route.fetch();
      await route.fulfill({ response, headers: { ...response.headers(), 'content-type': type } });
    });
    const { page, errors } = await openPage(
      env.browser,
      `${env.server.url}/test/delivery.html?model=/models/frameworks/bant.lqc`,
      { context },
    );
    await page.waitForFunction(() => window.__events.some((e) => e.type === 'leadqual:ready'));
    assert.equal((await page.evaluate(() => window.__streamed)) > 0, streamed, type);
    assert.deepEqual(errors, []);
    await context.close();
  }
});

test('a compiled model whose runtime cannot load: the painted question gives way to the fallback, the console says why', async () => {
  const { context } = await newPage();
  let release;
  const held = new Promise((resolve) => (release = resolve));
  await context.route('**/build/leadqual-runtime.wasm', async (route) => {
    await held; // until the question is on screen
    await route.fulfill({ status: 404, body: 'gone' });
  });
  const lines = [];
  const { page } = await openPage(
    env.browser,
    `${env.server.url}/test/delivery.html?model=/models/frameworks/bant.lqc&fallback=Write+to+sales`,
    { context },
  );
  page.on('console', (m) => lines.push(m.text()));
  await field(page).waitFor();
  release();
  await page.locator(`${HOST} a.fallback-contact`).waitFor();
  await page.waitForFunction(() => window.__events.some((e) => e.type === 'leadqual:error'));
  assert.ok(
    lines.some((l) =>
      /could not load: could not load the leadqual WebAssembly module: .*leadqual-runtime\.wasm: HTTP 404/.test(l),
    ),
    lines.join('\n'),
  );
  await context.close();
});

// The paragraph of docs/widget.md that names them: every `file` in it.
async function documentedFiles(start) {
  const doc = await readFile(path.join(root, 'docs/widget.md'), 'utf8');
  const at = doc.indexOf(start);
  assert.ok(at >= 0, `docs/widget.md: "${start}"`);
  const paragraph = doc.slice(at, doc.indexOf('\n\n', at));
  return [...paragraph.matchAll(/`([^`]+\.(?:js|css|wasm))`/g)].map((m) => m[1]);
}

test('a page with a compiled model fetches exactly the files docs/widget.md lists for a static host', async () => {
  for (const [page, model, start] of [
    ['/test/paint-widget.html', '/models/frameworks/bant.lqc', 'With a compiled model, a static host needs exactly'],
    ['/test/bench.html', '/models/frameworks/bant.json', "With a model's JSON instead, it needs"],
  ]) {
    const { context, requests } = await newPage();
    const { page: tab } = await openPage(env.browser, `${env.server.url}${page}`, { context });
    await tab.waitForFunction(() => window.__events.some((e) => e.type === 'leadqual:ready'));
    await tab.getByRole('radio').first().check(); // an answer scores, and loads nothing more
    const fetched = [...new Set(requests)].filter((p) => p !== page && p !== model).sort();
    assert.deepEqual(fetched, (await documentedFiles(start)).map((f) => `/${f}`).sort(), page);
    await context.close();
  }
});

// A load that puts its first screen up before the next frame never draws the skeleton; a slower
// one shows the widget's empty box from that frame and the skeleton (bones, "Loading…") after
// 0.3 s (docs/performance.md, "First paint, sixth session"). The page's clock (animation frames
// and timers) is Playwright's and stands still until the test moves it, so neither depends on
// how fast this machine is.
test('a compiled model comes up without a skeleton; a slow load shows the box at the next frame, the skeleton after 0.3 s', async () => {
  const watchSkeleton = () => {
    window.__skeleton = [];
    const attach = Element.prototype.attachShadow;
    Element.prototype.attachShadow = function (init) {
      const root = attach.call(this, init);
      new MutationObserver(() => {
        const box = root.querySelector('.skeleton');
        if (box) window.__skeleton.push(box.querySelectorAll('.bone').length);
      }).observe(root, { childList: true, subtree: true });
      return root;
    };
  };
  const url = `${env.server.url}/test/delivery.html?model=/models/frameworks/bant.lqc`;

  const fast = await newPage();
  await fast.context.clock.install();
  await fast.context.clock.pauseAt(Date.now() + 1000);
  await fast.context.addInitScript(watchSkeleton);
  const { page, errors } = await openPage(env.browser, url, { context: fast.context });
  await field(page).waitFor();
  assert.deepEqual(await page.evaluate(() => window.__skeleton), [], 'no skeleton before the first question');
  await fast.context.clock.runFor(1000); // the frame, and past the skeleton's delay
  assert.deepEqual(await page.evaluate(() => window.__skeleton), [], 'nor after it');
  assert.deepEqual(errors, []);
  await fast.context.close();

  const slow = await newPage();
  await slow.context.clock.install();
  await slow.context.clock.pauseAt(Date.now() + 1000);
  await slow.context.addInitScript(watchSkeleton);
  const release = await hold(slow.context, (/** @type {URL} */ u) => u.pathname.endsWith('/bant.lqc'));
  const held = await openPage(env.browser, url, { context: slow.context });
  const skeleton = held.page.locator(`${HOST} .skeleton`);
  assert.equal(await skeleton.count(), 0, 'nothing before the frame');
  await slow.context.clock.runFor(20); // the next frame
  assert.equal(await skeleton.count(), 1, 'the box');
  assert.equal(await skeleton.locator('.bone, [role=status]').count(), 0);
  await slow.context.clock.runFor(300);
  assert.equal(await skeleton.locator('.bone').count(), 4, 'the skeleton after 0.3 s');
  assert.equal(await skeleton.locator('[role=status]').textContent(), 'Loading…');
  release();
  await slow.context.clock.resume();
  await field(held.page).waitFor();
  assert.equal(await skeleton.count(), 0);
  assert.deepEqual(held.errors, []);
  await slow.context.close();
});

// The models of the elements already in the page are asked for as widget.min.js runs, before
// define() upgrades them: a fetch() from a custom element's reaction costs the main thread about
// twice what it does from the module's own code (docs/performance.md, "First paint, seventh
// session"). Each element's load takes its model's response once: a second element with the
// same model fetches its own and is painted as early.
test("the models of the page's elements are requested before their upgrade; two elements with one model both paint early", async () => {
  const { context, requests } = await newPage();
  await context.addInitScript(() => {
    const fetchNow = window.fetch;
    window.__fetches = [];
    window.fetch = function (...args) {
      window.__fetches.push({
        url: new URL(String(args[0]), document.baseURI).pathname,
        defined: customElements.get('lead-qualifier') !== undefined,
      });
      return fetchNow.apply(this, args);
    };
  });
  const { page, errors } = await openPage(env.browser, `${env.server.url}/test/paint-widget-lean.html`, { context });
  await page.waitForFunction(() => window.__events.some((e) => e.type === 'leadqual:ready'));
  const model = '/models/frameworks/bant.lqc';
  assert.deepEqual(
    (await page.evaluate(() => window.__fetches)).filter((f) => f.url === model),
    [{ url: model, defined: false }],
    'one request for the model, before the element is defined',
  );
  assert.equal(requests.filter((r) => r === model).length, 1);
  assert.deepEqual(errors, []);
  await context.close();

  const two = await newPage();
  const release = await hold(two.context, '**/leadqual.min.js'); // the first screens come without the API
  await two.context.route('**/test/two-widgets.html', (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><html lang="en"><head><meta charset="utf-8">
<script type="module" src="/widget.min.js"></script></head><body>
<lead-qualifier id="a" model="${model}"></lead-qualifier>
<lead-qualifier id="b" model="${model}"></lead-qualifier></body></html>`,
    }),
  );
  const held = await openPage(env.browser, `${env.server.url}/test/two-widgets.html`, { context: two.context });
  for (const id of ['a', 'b']) await held.page.locator(`#${id} .field[data-question]:not([hidden])`).waitFor();
  release();
  await held.page.waitForFunction(() => window.__events.filter((e) => e.type === 'leadqual:ready').length === 2);
  assert.deepEqual(held.errors, []);
  await two.context.close();
});
