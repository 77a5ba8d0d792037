// How a visitor goes through a <lead-qualifier>, by mouse or by keyboard. Each step reads the
// question on screen, answers it and records the answer, so a test can score the same answers
// with the core in node and compare.

export async function normalizedModel(page, selector) {
  return page.evaluate((sel) => JSON.parse(JSON.stringify(document.querySelector(sel).model)), selector);
}

export function visibleField(page, selector) {
  return page.locator(`${selector} .field[data-question]:not([hidden])`);
}

function optionValue(q, index) {
  return q.options[index].value;
}

// Answers whatever question is on screen by mouse. `choose(q)` gives the option index (choice),
// the value (number, range, text, email) or the boolean to use.
export async function answerByMouse(page, selector, model, answers, choose) {
  const field = visibleField(page, selector);
  const id = await field.first().getAttribute('data-question');
  const q = model.questions.find((x) => x.id === id);
  const pick = choose(q);
  if (q.type === 'choice') {
    // Long option lists are a drop-down whose first entry is the "Choose…" prompt.
    if (await field.locator('select').count()) await field.locator('select').selectOption({ index: pick + 1 });
    else await field.locator('label.option').nth(pick).click();
    answers[id] = optionValue(q, pick);
  } else if (q.type === 'multi') {
    for (const i of pick) await field.locator('label.option').nth(i).click();
    answers[id] = pick.map((i) => optionValue(q, i));
  } else if (q.type === 'boolean') {
    await field
      .locator('label.option')
      .nth(pick ? 0 : 1)
      .click();
    answers[id] = pick;
  } else if (q.type === 'range') {
    await field.locator('input').fill(String(pick));
    answers[id] = pick;
  } else {
    await field.locator('input').click();
    await field.locator('input').fill(String(pick));
    answers[id] = pick;
  }
  return id;
}

export async function activeInWidget(page, selector) {
  return page.evaluate((sel) => {
    const host = document.querySelector(sel);
    const active = host.shadowRoot.activeElement;
    if (!active) return null;
    return {
      tag: active.tagName,
      type: active.type || null,
      question: active.closest('[data-question]')?.dataset.question ?? null,
      id: active.id,
    };
  }, selector);
}

// Presses Tab until the focus is inside the widget (as a keyboard user arrives at it).
export async function tabInto(page, selector) {
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press('Tab');
    if (await activeInWidget(page, selector)) return;
  }
  throw new Error(`Tab never reached ${selector}`);
}

// Leaves the intro screen of a quiz (the model's `intro`) by its Start button, if it has one.
export async function startQuiz(page, selector) {
  const start = page.locator(`${selector} button[part~=start]`);
  if (await start.count()) await start.click();
}

// Takes a quiz to its end by mouse with the first option everywhere (or the option index that
// `picks` gives for a question id); returns the answers.
export async function completeQuiz(page, selector, email = 'lin@example.org', picks = {}) {
  const model = await normalizedModel(page, selector);
  await startQuiz(page, selector);
  const answers = {};
  const choose = (q) =>
    q.id in picks
      ? picks[q.id]
      : q.type === 'email'
        ? email
        : q.type === 'text'
          ? 'Acme'
          : q.type === 'boolean'
            ? true
            : q.type === 'number' || q.type === 'range'
              ? (q.min ?? 1)
              : q.type === 'multi'
                ? [0]
                : 0;
  const next = page.locator(`${selector} button[part~=next]`);
  for (let step = 0; step < 50; step++) {
    await answerByMouse(page, selector, model, answers, choose);
    const last = await page.evaluate((sel) => {
      const host = document.querySelector(sel);
      const steps = host.visibleSteps();
      return steps.indexOf(host.current) === steps.length - 1;
    }, selector);
    // The normalised model always has a consent object; a box is shown when it says something.
    const consent = page.locator(`${selector} .consent label[for=lq-consent]`);
    if (last && (await consent.count())) await consent.click();
    await next.click();
    if (last) break;
  }
  await page.locator(`${selector} .outcome:not([hidden])`).waitFor();
  return { model, answers };
}

// Fills and submits tests/browser/fixtures/private.json in form mode. The unshared answers are
// distinctive, so a test can search every request for them (privacy.test.mjs).
export const PRIVATE_ANSWERS = { role: 'ops_zebra', fleet: 4321, notes: 'pelican-secret-note' };
export async function submitPrivacyProbe(page, selector, { email = 'ada@example.org', company = 'Acme Fleet' } = {}) {
  const field = (id) => page.locator(`${selector} [data-question=${id}]`);
  await field('role').locator('label.option').first().click();
  await field('fleet').locator('input').fill(String(PRIVATE_ANSWERS.fleet));
  await field('notes').locator('input').fill(PRIVATE_ANSWERS.notes);
  await field('email').locator('input').fill(email);
  await field('company').locator('input').fill(company);
  await page.locator(`${selector} #lq-consent`).check();
  await page.locator(`${selector} button[part~=next]`).click();
}

// A CRM history for BANT (the studio test's backtest and the picture of docs/studio.md): the
// answers and whether the lead converted, more often for the stronger answers (a fixed
// pseudo-random sequence, so the file is the same every run).
export function bantHistory(rows) {
  const budget = ['approved', 'in_approval', 'exploring', 'none'];
  const authority = ['decision_maker', 'committee', 'recommender', 'researcher', 'student'];
  const need = ['critical', 'important', 'nice_to_have', 'none'];
  const timeline = ['within_3_months', 'within_6_months', 'within_12_months', 'no_timeline'];
  let seed = 42;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const pick = (list) => Math.floor(next() * list.length);
  const lines = ['budget,authority,need,timeline,email,converted'];
  for (let i = 0; i < rows; i++) {
    const [b, a, n, t] = [pick(budget), pick(authority), pick(need), pick(timeline)];
    const strength = 1 - (b / 3 + a / 4 + n / 3 + t / 3) / 4;
    const won = next() < strength * 0.8 ? 'won' : 'lost';
    lines.push(`${budget[b]},${authority[a]},${need[n]},${timeline[t]},lead${i}@example.com,${won}`);
  }
  return `${lines.join('\n')}\n`;
}
