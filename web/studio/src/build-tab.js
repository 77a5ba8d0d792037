// The Build tab: every part of the model as forms — basics, dimensions, questions (options,
// bands, points), computed values, rules, grade, stages, outcomes, submit, signals — beside
// the live preview. Expressions are CodeMirror fields; every message comes from the core.
import { html, nothing } from 'lit';
import * as ptr from './pointer.js';
import { questionTypes, computedFormats, submitFormats, forbiddenKeys, requiredKeys } from './schema.js';
import {
  textInput,
  numberInput,
  checkbox,
  select,
  localText,
  exprField,
  pointsGrid,
  itemActions,
  freshId,
  messages,
} from './fields.js';

const TYPE_NAMES = {
  choice: 'Choice (one answer)',
  multi: 'Multiple choice',
  number: 'Number',
  range: 'Slider',
  boolean: 'Yes / no',
  text: 'Text',
  email: 'Email',
  hidden: 'Hidden (set by the page)',
};

export const SECTIONS = [
  ['basics', 'Basics'],
  ['dimensions', 'Dimensions'],
  ['questions', 'Questions'],
  ['computed', 'Computed values'],
  ['rules', 'Rules'],
  ['grade', 'Grade'],
  ['stages', 'Stages'],
  ['outcomes', 'Outcome screens'],
  ['submit', 'Submit'],
  ['signals', 'Signals'],
];

function section(app, key, title, intro, body, { count = null } = {}) {
  const problems = app.diagnostics(`/${key}`, { deep: true });
  const errors = problems.filter((d) => d.severity === 'error').length;
  const warnings = problems.length - errors;
  return html`<section class="card section" id="sec-${key}" aria-labelledby="sec-${key}-h">
    <header class="section-head">
      <h2 id="sec-${key}-h">${title}${count !== null ? html` <span class="count">${count}</span>` : nothing}</h2>
      ${errors ? html`<span class="badge bad">${errors} error${errors > 1 ? 's' : ''}</span>` : nothing}
      ${warnings ? html`<span class="badge warn">${warnings} warning${warnings > 1 ? 's' : ''}</span>` : nothing}
    </header>
    ${intro ? html`<p class="intro">${intro}</p>` : nothing} ${messages(app, `/${key}`)} ${body}
  </section>`;
}

/** A button that adds to the model through `make(model)`: one undo step. */
function addButton(app, label, make) {
  return html`<button type="button" class="add" @click=${() => app.mutate(make)}>+ ${label}</button>`;
}

/**
 * The array at `pointer` as a list of items, then a button that adds one (`add`: [label, make]).
 * An item is `render(item, index, pointer)`, its messages and its move and remove buttons
 * (`name(item, index)` says which, to a screen reader); its element id is `${id}${index}`.
 * A plain string item is one field, which shows its own messages.
 */
function itemList(app, pointer, { id, render, name, add, listClass = '', itemClass = '' }) {
  const list = ptr.get(app.model, pointer) ?? [];
  return html`<ol class="items ${listClass}">
      ${list.map((item, i) => {
        const p = `${pointer}/${i}`;
        return html`<li class="item ${itemClass}" id="${id}${i}">
          ${render(item, i, p)} ${typeof item === 'string' ? nothing : messages(app, p)}
          ${itemActions(app, pointer, i, name(item, i))}
        </li>`;
      })}
    </ol>
    ${addButton(app, ...add)}`;
}

/** A section holding one top-level list of the model (dimensions, rules, stages…): see itemList. */
function listSection(app, key, title, help, list) {
  const count = (app.model[key] ?? []).length;
  return section(app, key, title, help, itemList(app, `/${key}`, { id: `item-${key}-`, ...list }), { count });
}

/** The id and label fields a named item of a list starts with (computed values, signals). */
function idAndLabel(app, p) {
  return html`${textInput(app, `${p}/id`, 'Id', { keepEmpty: true })} ${localText(app, `${p}/label`, 'Label')}`;
}

/** An "Add …" button's change: `item` with a fresh id (from `base`) at the end of the model's `key` list. */
function appendNamed(app, key, base, item) {
  return (m) => (m[key] = [...(m[key] ?? []), { id: freshId(base, app.allNames()), ...item }]);
}

// ---- basics ------------------------------------------------------------------------------------

const KNOWN_LANGUAGES = [
  ['en', 'English'],
  ['ja', 'Japanese'],
  ['zh', 'Chinese (Simplified)'],
];

function basics(app) {
  const langs = app.languages;
  return section(
    app,
    'basics',
    'Basics',
    'What the visitor sees first, and the name every result carries.',
    html`<div class="grid">
        ${localText(app, '/title', 'Title', { placeholder: 'Is Acme right for your team?', wide: true })}
        ${localText(app, '/description', 'Description', { multiline: true })}
        ${textInput(app, '/id', 'Model id', { keepEmpty: true, hint: 'Names the model in every result (letters, digits, _ - .).' })}
        ${textInput(app, '/version', 'Version', { placeholder: '2026.11' })}
        ${textInput(app, '/framework', 'Framework', { placeholder: 'BANT, MEDDPICC…' })}
        ${textInput(app, '/x-currency', 'Currency', { placeholder: 'USD', hint: 'For currency units and values (ISO 4217).' })}
      </div>
      <fieldset class="langs">
        <legend>Languages</legend>
        ${select(app, '/lang', 'Main language', KNOWN_LANGUAGES, {
          onChange: (v) => app.edit('/lang', v ?? 'en'),
        })}
        <div class="lang-checks" role="group" aria-label="Translations">
          ${KNOWN_LANGUAGES.map(
            ([code, name]) =>
              html`<label class="check"
                ><input
                  type="checkbox"
                  .checked=${langs.includes(code)}
                  ?disabled=${code === app.primaryLang}
                  @change=${(e) => app.setLanguage(code, e.target.checked)}
                />
                ${name}</label
              >`,
          )}
        </div>
      </fieldset>`,
  );
}

// ---- dimensions --------------------------------------------------------------------------------

function dimensions(app) {
  return listSection(
    app,
    'dimensions',
    'Dimensions',
    'What the score is made of. Caps keep one dimension from running away (the lead score is the weighted sum).',
    {
      itemClass: 'row-item',
      render: (d, i, p) =>
        html`<div class="grid cols-5">
          ${textInput(app, `${p}/id`, 'Id', { keepEmpty: true })}
          ${localText(app, `${p}/label`, 'Label', { placeholder: d.id })} ${numberInput(app, `${p}/min`, 'Min (cap)')}
          ${numberInput(app, `${p}/max`, 'Max (cap)')}
          ${numberInput(app, `${p}/weight`, 'Weight', { placeholder: '1' })}
        </div>`,
      name: (d) => `dimension ${d.id}`,
      add: [
        'Add dimension',
        (m) => {
          m.dimensions = m.dimensions ?? [];
          m.dimensions.push({
            id: freshId(
              'dimension',
              m.dimensions.map((d) => d.id),
            ),
            max: 25,
          });
        },
      ],
    },
  );
}

// ---- questions ---------------------------------------------------------------------------------

function changeType(app, index, type) {
  app.mutate((m) => {
    const q = m.questions[index];
    q.type = type;
    for (const key of forbiddenKeys(type)) delete q[key];
    const needs = requiredKeys(type);
    if (needs.has('options') && !q.options)
      q.options = [
        { value: 'yes', label: 'Yes' },
        { value: 'no', label: 'No' },
      ];
    if (needs.has('min') && q.min === undefined) q.min = 0;
    if (needs.has('max') && q.max === undefined) q.max = 100;
  });
}

function optionObject(o) {
  return typeof o === 'string' ? { value: o } : o;
}

function options(app, qi) {
  return html`<div class="sub">
    <h3 class="sub-h">Options</h3>
    ${itemList(app, `/questions/${qi}/options`, {
      id: `item-q${qi}-o`,
      listClass: 'options',
      itemClass: 'option',
      // The shorthand "value" becomes {"value": …} as soon as it gets a label or points.
      render: (o, oi, p) =>
        typeof o === 'string'
          ? html`<div class="grid cols-2">
              ${textInput(app, p, 'Value', { keepEmpty: true })}
              <div class="field">
                <span class="label">Label and points</span>
                <button type="button" class="ghost" @click=${() => app.edit(p, optionObject(o))}>
                  Add label and points
                </button>
              </div>
            </div>`
          : html`<div class="grid cols-2">
                ${textInput(app, `${p}/value`, 'Value', { keepEmpty: true, hint: oi === 0 ? 'What rules compare with.' : '' })}
                ${localText(app, `${p}/label`, 'Label', { placeholder: o.value })}
              </div>
              ${pointsGrid(app, `${p}/points`)}`,
      name: (o) => `option ${optionObject(o).value}`,
      add: [
        'Add option',
        (m) => {
          const opts = (m.questions[qi].options = m.questions[qi].options ?? []);
          const value = freshId(
            'option',
            opts.map((o) => optionObject(o).value),
          );
          opts.push({ value, label: `Option ${opts.length + 1}` });
        },
      ],
    })}
  </div>`;
}

function bands(app, qi) {
  return html`<div class="sub">
    <h3 class="sub-h">
      Bands <span class="hint-inline">the first band that matches counts; bounds are inclusive</span>
    </h3>
    ${itemList(app, `/questions/${qi}/bands`, {
      id: `item-q${qi}-b`,
      itemClass: 'band',
      render: (b, bi, p) =>
        html`<div class="grid cols-3">
            ${numberInput(app, `${p}/min`, 'From (min)', { placeholder: 'open' })}
            ${numberInput(app, `${p}/max`, 'To (max)', { placeholder: 'open' })}
            ${localText(app, `${p}/label`, 'Label')}
          </div>
          ${pointsGrid(app, `${p}/points`)}`,
      name: (b, bi) => `band ${bi + 1}`,
      add: ['Add band', (m) => (m.questions[qi].bands = m.questions[qi].bands ?? []).push({ min: 0, points: {} })],
    })}
  </div>`;
}

function question(app, q, qi) {
  const p = `/questions/${qi}`;
  const problems = app.diagnostics(p, { deep: true });
  const label = app.textOf(q.label) || q.id;
  const open = app.isOpen(p);
  return html`<li
    class="item question ${problems.some((d) => d.severity === 'error') ? 'has-error' : ''}"
    id="item-questions-${qi}"
  >
    <details ?open=${open} @toggle=${(e) => app.setOpen(p, e.target.open)}>
      <summary>
        <span class="type-badge t-${q.type}">${q.type ?? '?'}</span>
        <span class="q-label">${label}</span>
        <code class="q-id">${q.id}</code>
        ${q.required ? html`<span class="flag">required</span>` : nothing}
        ${q.showIf !== undefined ? html`<span class="flag">conditional</span>` : nothing}
        ${problems.length ? html`<span class="badge ${problems.some((d) => d.severity === 'error') ? 'bad' : 'warn'}">${problems.length}</span>` : nothing}
      </summary>
      <div class="q-body">
        <div class="grid cols-3">
          ${textInput(app, `${p}/id`, 'Id', { keepEmpty: true, hint: 'The answer’s name in rules.' })}
          ${select(
            app,
            `${p}/type`,
            'Type',
            questionTypes.map((t) => [t, TYPE_NAMES[t] ?? t]),
            { onChange: (t) => changeType(app, qi, t) },
          )}
          <div class="field checks">
            ${checkbox(app, `${p}/required`, 'Required')}
            ${checkbox(app, `${p}/share`, 'Share the answer', { hint: 'sent with the result' })}
          </div>
        </div>
        <div class="grid">
          ${localText(app, `${p}/label`, 'Question', { placeholder: q.id })} ${localText(app, `${p}/help`, 'Help text')}
          ${['number', 'text', 'email'].includes(q.type) ? localText(app, `${p}/placeholder`, 'Placeholder') : nothing}
        </div>
        ${exprField(app, `${p}/showIf`, 'Show only if', {
          placeholder: "always shown — e.g. budget != 'none'",
          hint: 'Leave empty to always show the question.',
        })}
        ${q.type === 'choice' || q.type === 'multi' ? options(app, qi) : nothing}
        ${
          q.type === 'number' || q.type === 'range'
            ? html`<div class="grid cols-4">
                  ${numberInput(app, `${p}/min`, 'Min')} ${numberInput(app, `${p}/max`, 'Max')}
                  ${numberInput(app, `${p}/step`, 'Step')}
                  ${textInput(app, `${p}/unit`, 'Unit', { placeholder: 'currency, hours…' })}
                </div>
                ${bands(app, qi)}`
            : nothing
        }
        ${q.type === 'boolean' ? pointsGrid(app, `${p}/points`, { label: 'Points for “yes”' }) : nothing}
        ${q.type === 'text' ? numberInput(app, `${p}/maxLength`, 'Max length', { step: 1 }) : nothing}
        ${messages(app, p)}
        <div class="q-foot">
          ${itemActions(app, '/questions', qi, `question ${q.id}`)}
          <button
            type="button"
            class="ghost"
            @click=${() =>
              app.mutate((m) => {
                const copy = structuredClone(m.questions[qi]);
                copy.id = freshId(`${copy.id}_copy`, app.allNames());
                m.questions.splice(qi + 1, 0, copy);
              })}
          >
            Duplicate
          </button>
        </div>
      </div>
    </details>
  </li>`;
}

function addQuestion(app, type) {
  const id = freshId(type === 'email' ? 'email' : `${type}_question`, app.allNames());
  const q = { id, type, label: 'New question' };
  const needs = requiredKeys(type);
  if (needs.has('options'))
    q.options = [
      { value: 'yes', label: 'Yes' },
      { value: 'no', label: 'No' },
    ];
  if (needs.has('min')) q.min = 0;
  if (needs.has('max')) q.max = 100;
  app.mutate((m) => (m.questions = [...(m.questions ?? []), q]));
  app.setOpen(`/questions/${app.model.questions.length - 1}`, true);
  app.focusLater(`/questions/${app.model.questions.length - 1}/label`);
}

function questions(app) {
  const list = app.model.questions ?? [];
  return section(
    app,
    'questions',
    'Questions',
    'What the visitor answers, in order. Points per answer go to the dimensions.',
    html`<ol class="items questions">
        ${list.map((q, i) => question(app, q, i))}
      </ol>
      <div class="add-row" role="group" aria-label="Add a question">
        <span class="muted">Add a question:</span>
        ${questionTypes.map(
          (t) =>
            html`<button type="button" class="add" @click=${() => addQuestion(app, t)}>
              + ${TYPE_NAMES[t] ?? t}
            </button>`,
        )}
      </div>`,
    { count: list.length },
  );
}

// ---- computed ---------------------------------------------------------------------------------

function computed(app) {
  return listSection(
    app,
    'computed',
    'Computed values',
    'Formulas over answers (an ROI, a savings estimate). Labelled ones are shown in calculator mode.',
    {
      render: (c, i, p) =>
        html`<div class="grid cols-3">
            ${idAndLabel(app, p)}
            ${select(
              app,
              `${p}/format`,
              'Format',
              computedFormats.map((f) => [f, f]),
              { blank: 'number (default)' },
            )}
          </div>
          ${exprField(app, `${p}/expr`, 'Formula', { placeholder: 'hours * rate * 46' })}`,
      name: (c) => `computed value ${c.id}`,
      add: ['Add computed value', appendNamed(app, 'computed', 'value', { expr: '' })],
    },
  );
}

// ---- rules ------------------------------------------------------------------------------------

function rules(app) {
  const setKind = (i, kind) =>
    app.mutate((m) => {
      const rule = m.rules[i];
      if (kind === 'dq') {
        delete rule.add;
        delete rule.reason;
        rule.disqualify = rule.disqualify ?? 'Not a fit';
      } else {
        delete rule.disqualify;
        rule.add = rule.add ?? {};
      }
    });
  return listSection(
    app,
    'rules',
    'Rules',
    'Extra points when a condition holds, or a disqualifier that overrides the score.',
    {
      render: (r, i, p) => {
        const dq = r.disqualify !== undefined;
        return html`<div class="grid cols-2">
            ${textInput(app, `${p}/id`, 'Id', { keepEmpty: true })}
            <fieldset class="field radios">
              <legend>When it holds</legend>
              <label class="check"
                ><input type="radio" name="rk${i}" .checked=${!dq} @change=${() => setKind(i, 'add')} /> add
                points</label
              >
              <label class="check"
                ><input type="radio" name="rk${i}" .checked=${dq} @change=${() => setKind(i, 'dq')} /> disqualify</label
              >
            </fieldset>
          </div>
          ${exprField(app, `${p}/if`, 'If', { placeholder: "employees < 100 and role != 'student'" })}
          ${
            dq
              ? localText(app, `${p}/disqualify`, 'Reason for disqualifying')
              : html`${pointsGrid(app, `${p}/add`, { label: 'Add points' })}
                ${localText(app, `${p}/reason`, 'Reason (shown to sales)', { placeholder: r.id })}`
          }`;
      },
      name: (r) => `rule ${r.id}`,
      add: [
        'Add rule',
        (m) => {
          const id = freshId(
            'rule',
            (m.rules ?? []).map((r) => r.id),
          );
          m.rules = [...(m.rules ?? []), { id, if: '', add: {} }];
        },
      ],
    },
  );
}

// ---- grade ------------------------------------------------------------------------------------

function grade(app) {
  const g = app.model.grade;
  const dims = app.model.dimensions ?? [];
  const body = g
    ? html`<fieldset class="field">
          <legend>Graded from</legend>
          <div class="lang-checks">
            ${dims.map(
              (d) =>
                html`<label class="check"
                  ><input
                    type="checkbox"
                    .checked=${!g.from || g.from.includes(d.id)}
                    @change=${(e) =>
                      app.mutate((m) => {
                        const from = new Set(m.grade.from ?? dims.map((x) => x.id));
                        if (e.target.checked) from.add(d.id);
                        else from.delete(d.id);
                        const list = dims.map((x) => x.id).filter((id) => from.has(id));
                        if (list.length === dims.length) delete m.grade.from;
                        else m.grade.from = list;
                      })}
                  />
                  ${app.textOf(d.label) || d.id}</label
                >`,
            )}
          </div>
          ${messages(app, '/grade/from', { deep: true })}
        </fieldset>
        ${itemList(app, '/grade/bands', {
          id: 'item-grade-',
          itemClass: 'row-item',
          render: (b, i, p) =>
            html`<div class="grid cols-3">
              ${textInput(app, `${p}/grade`, 'Grade', { keepEmpty: true })}
              ${numberInput(app, `${p}/min`, 'From', { placeholder: 'default' })}
              ${localText(app, `${p}/label`, 'Label')}
            </div>`,
          name: (b) => `grade ${b.grade}`,
          add: [
            'Add grade',
            (m) => m.grade.bands.splice(Math.max(0, m.grade.bands.length - 1), 0, { grade: 'X', min: 0 }),
          ],
        })}
        <button type="button" class="ghost danger" @click=${() => app.edit('/grade', undefined)}>
          Remove the grade
        </button>`
    : addButton(
        app,
        'Add a grade',
        (m) => (m.grade = { bands: [{ grade: 'A', min: 40 }, { grade: 'B', min: 20 }, { grade: 'C' }] }),
      );
  return section(
    app,
    'grade',
    'Grade',
    'A letter from the sum of some dimensions: the first band whose “from” the sum reaches.',
    body,
  );
}

// ---- stages -----------------------------------------------------------------------------------

function stages(app) {
  const last = (app.model.stages ?? []).length - 1;
  return listSection(
    app,
    'stages',
    'Stages',
    'In order: a lead is in the first stage whose condition holds. The last one, without a condition, is the default.',
    {
      render: (s, i, p) =>
        html`<div class="grid cols-2">
            ${textInput(app, `${p}/id`, 'Id', { keepEmpty: true })}
            ${localText(app, `${p}/label`, 'Label', { placeholder: s.id })}
          </div>
          ${
            i === last && s.if === undefined
              ? html`<p class="hint">Default stage: leads that reach no stage above.</p>`
              : exprField(app, `${p}/if`, 'Condition', { stage: true, placeholder: "score >= 70 and grade <= 'B'" })
          }`,
      name: (s) => `stage ${s.id}`,
      add: [
        'Add stage',
        (m) => {
          const id = freshId(
            'stage',
            m.stages.map((s) => s.id),
          );
          m.stages.splice(Math.max(0, m.stages.length - 1), 0, { id, if: 'score >= 50', label: 'New stage' });
        },
      ],
    },
  );
}

// ---- outcomes ---------------------------------------------------------------------------------

function outcomes(app) {
  const ids = [...(app.model.stages ?? []).map((s) => s.id), 'disqualified'];
  const present = app.model.outcomes ?? {};
  const extra = Object.keys(present).filter((k) => !ids.includes(k));
  return section(
    app,
    'outcomes',
    'Outcome screens',
    'What the visitor sees at the end, per stage: a title, a message and a call to action.',
    html`<div class="outcomes">
      ${[...ids, ...extra].map((id) => {
        const p = `/outcomes/${ptr.escape(id)}`;
        const stage = (app.model.stages ?? []).find((s) => s.id === id);
        return html`<div class="item outcome" id="item-outcome-${id}">
          <h3>
            ${stage ? app.textOf(stage.label) || id : id === 'disqualified' ? 'Disqualified' : id} <code>${id}</code>
          </h3>
          <div class="grid">
            ${localText(app, `${p}/title`, 'Title')} ${localText(app, `${p}/body`, 'Message', { multiline: true })}
            ${localText(app, `${p}/cta/label`, 'Button text')}
            ${textInput(app, `${p}/cta/href`, 'Button link', { placeholder: 'https://example.com/book' })}
            ${textInput(app, `${p}/redirect`, 'Redirect to', { placeholder: 'none — stay on the outcome screen' })}
          </div>
          ${messages(app, p)}
        </div>`;
      })}
    </div>`,
  );
}

// ---- submit -----------------------------------------------------------------------------------

function submit(app) {
  const consent = app.model.submit?.consent;
  const shared = (app.model.questions ?? []).filter((q) => q.share || app.model.submit?.include?.includes(q.id));
  return section(
    app,
    'submit',
    'Submit',
    'Only the result leaves the page, plus the answers you mark as shared.',
    html`<div class="grid">
        ${textInput(app, '/submit/endpoint', 'Endpoint', { placeholder: '/api/v1/results (or set it on the page)' })}
        ${select(
          app,
          '/submit/format',
          'Format',
          submitFormats.map((f) => [f, f]),
          { blank: 'json (default)' },
        )}
      </div>
      <div class="field check">
        <input
          id="consent-on"
          type="checkbox"
          .checked=${Boolean(consent)}
          @change=${(e) => app.edit('/submit/consent', e.target.checked ? { required: true, label: 'I agree that you may contact me.' } : undefined)}
        />
        <label for="consent-on">Ask for consent</label>
      </div>
      ${
        consent
          ? html`${checkbox(app, '/submit/consent/required', 'Consent is required to submit')}
            ${localText(app, '/submit/consent/label', 'Consent text', { multiline: true })}`
          : nothing
      }
      <p class="hint">
        Shared answers:
        ${shared.length ? shared.map((q) => html`<code>${q.id}</code> `) : 'none (mark a question “Share the answer”).'}
      </p>`,
  );
}

// ---- signals ----------------------------------------------------------------------------------

function signals(app) {
  return listSection(
    app,
    'signals',
    'Signals',
    'Behaviour the page reports (pricing page views, webinar visits): points per unit, capped, optionally decaying.',
    {
      render: (s, i, p) =>
        html`<div class="grid cols-4">
            ${idAndLabel(app, p)} ${numberInput(app, `${p}/cap`, 'Cap')}
            ${numberInput(app, `${p}/halfLife`, 'Half-life (days)')}
          </div>
          ${pointsGrid(app, `${p}/points`, { label: 'Points per unit' })}`,
      name: (s) => `signal ${s.id}`,
      add: ['Add signal', appendNamed(app, 'signals', 'signal', { points: {} })],
    },
  );
}

export function buildTab(app) {
  const view = app.store.ui.buildView === 'preview' ? 'preview' : 'edit';
  return html`<div class="build-switch seg" role="group" aria-label="Show">
      ${[
        ['edit', 'Edit'],
        ['preview', 'Preview'],
      ].map(
        ([key, label]) =>
          html`<button type="button" aria-pressed=${view === key} @click=${() => app.store.setUi('buildView', key)}>
            ${label}
          </button>`,
      )}
    </div>
    <div class="build view-${view}">
      <div class="editor-col">
        <nav class="jump" aria-label="Model sections">
          ${SECTIONS.map(([key, title]) => html`<a href="#sec-${key}" @click=${(e) => app.jump(e, `sec-${key}`)}>${title}</a>`)}
        </nav>
        ${app.problemsPanel()} ${basics(app)} ${dimensions(app)} ${questions(app)} ${computed(app)} ${rules(app)}
        ${grade(app)} ${stages(app)} ${outcomes(app)} ${submit(app)} ${signals(app)}
      </div>
      <aside class="preview-col" aria-label="Preview">${app.previewPane()}</aside>
    </div>`;
}
