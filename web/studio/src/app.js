// <lq-studio>: the whole studio. It owns the project (through the Store), asks the core for
// the model's errors and warnings after every edit, keeps the last valid model loaded for the
// preview, the example leads and the test-lead table, and renders the tabs.
import { html, nothing } from 'lit';
import { LightElement } from './light.js';
import { Store, newProject, projectFrom, emptyModel } from './store.js';
import { checkModel, loadQualifier, functionNames } from './core.js';
import * as ptr from './pointer.js';
import { fieldId } from './fields.js';
import { localize } from '../../i18n.js';
import { buildTab } from './build-tab.js';
import { translateTab } from './translate-tab.js';
import { leadsTab, scoreLeadText } from './leads-tab.js';
import { backtestTab, runBacktest } from './backtest-tab.js';
import { exportTab, readModelFile, openFileButton } from './export-tab.js';
import presets from 'studio:presets';
import './code-field.js';
import './preview.js';
import './chart.js';

const TABS = [
  ['build', 'Build'],
  ['translate', 'Translate'],
  ['leads', 'Test leads'],
  ['backtest', 'Backtest'],
  ['export', 'Export'],
];

export class Studio extends LightElement {
  static properties = { ready: { state: true } };

  store = new Store();
  errors = [];
  warnings = [];
  norm = null; // the normalised last valid model (the core's), for labels and the preview
  valid = null; // the last model the core accepted
  qualifier = null;
  examples = []; // [{example, result}] for the saved example leads
  leads = null; // the test-lead table: {name, format, rows} | {error}
  backtest = null; // the Backtest tab: {name, csv (a Blob), outcome, positive, report, baseline, error}
  open = new Set(['/questions/0']);
  #seq = 0;
  #focusAfter = null;

  constructor() {
    super();
    this.ready = false;
    this.store.addEventListener('change', () => {
      this.requestUpdate();
      this.#check();
    });
    this.store.addEventListener('ui', () => this.requestUpdate());
  }

  async connectedCallback() {
    super.connectedCallback();
    const restored = await this.store.restore().catch(() => false);
    if (!restored) this.store.replace(newProject(emptyModel()));
    this.ready = true;
    if (!restored) this.store.setUi('start', true);
    await this.#check();
    document.addEventListener('keydown', (e) => this.#shortcut(e));
    window.addEventListener('pagehide', () => this.store.flush());
  }

  // ---- state ------------------------------------------------------------------------------

  get model() {
    return this.store.model;
  }

  get primaryLang() {
    return this.model.lang || 'en';
  }

  get languages() {
    const list = this.store.project.languages ?? [this.primaryLang];
    return [this.primaryLang, ...list.filter((l) => l !== this.primaryLang)];
  }

  get editLang() {
    const lang = this.store.ui.editLang;
    return this.languages.includes(lang) ? lang : this.primaryLang;
  }

  get tab() {
    return this.store.ui.tab ?? 'build';
  }

  setLanguage(code, on) {
    this.store.change((p) => {
      const list = new Set(p.languages ?? [p.model.lang || 'en']);
      if (on) list.add(code);
      else list.delete(code);
      p.languages = [...list];
    });
  }

  edit(pointer, value, key) {
    this.store.edit(pointer, value, key);
  }

  mutate(fn, key) {
    this.store.update(fn, key);
  }

  /** A text of the model in the editing language (else the model's own). */
  textOf(value) {
    return localize(value, this.editLang, this.primaryLang) ?? '';
  }

  isOpen(pointer) {
    return this.open.has(pointer);
  }

  setOpen(pointer, on) {
    if (on) this.open.add(pointer);
    else this.open.delete(pointer);
  }

  /** Question, computed and signal ids: the names expressions can use. */
  allNames() {
    const m = this.model;
    return [...(m.questions ?? []), ...(m.computed ?? []), ...(m.signals ?? [])].map((x) => x.id);
  }

  /** What expression fields complete: ids, option values, functions (and result names in stages). */
  names(stage = false) {
    const m = this.model;
    return {
      stage,
      questions: (m.questions ?? []).map((q) => ({
        id: q.id,
        type: q.type,
        options: (q.options ?? []).map((o) =>
          typeof o === 'string' ? { value: o, label: o } : { value: o.value, label: this.textOf(o.label) },
        ),
      })),
      computed: (m.computed ?? []).map((c) => c.id),
      signals: (m.signals ?? []).map((s) => s.id),
      dimensions: (m.dimensions ?? []).map((d) => d.id),
      functions: functionNames(),
    };
  }

  /** The core's errors and warnings at `pointer` (and, with deep, inside it). */
  diagnostics(pointer, { deep = false } = {}) {
    const match = (d) => (deep ? ptr.within(d.pointer, pointer) : d.pointer === pointer);
    return [
      ...this.errors.filter(match).map((d) => ({ ...d, severity: 'error' })),
      ...this.warnings.filter(match).map((d) => ({ ...d, severity: 'warning' })),
    ];
  }

  async #check() {
    const seq = ++this.#seq;
    const model = this.model;
    let errors;
    let warnings;
    try {
      ({ errors, warnings } = await checkModel(model));
    } catch (error) {
      errors = [{ pointer: '', message: error.message }];
      warnings = [];
    }
    if (seq !== this.#seq) return;
    this.errors = errors;
    this.warnings = warnings;
    if (!errors.length) {
      try {
        const q = await loadQualifier(model);
        if (seq !== this.#seq) {
          q.dispose();
          return;
        }
        this.qualifier?.dispose();
        this.qualifier = q;
        this.norm = q.model;
        this.valid = model;
      } catch (error) {
        this.errors = error.errors?.length ? error.errors : [{ pointer: '', message: error.message }];
      }
    }
    this.rescore();
    this.requestUpdate();
    this.dispatchEvent(new Event('lq-checked'));
  }

  /** Scores the saved examples (and the test leads) again with the current valid model. */
  rescore() {
    const q = this.qualifier;
    this.examples = (this.store.project.examples ?? []).map((example) => ({
      example,
      result: q ? q.score(example.answers, { now: null }) : null,
    }));
    if (this.leads?.text && q) scoreLeadText(this, this.leads);
    if (this.backtest?.csv && q) runBacktest(this);
  }

  get movedExamples() {
    return this.examples.filter(({ example, result }) => result && result.stage !== example.stage);
  }

  saveExample(name, answers, stage) {
    this.store.change((p) => {
      p.examples = [...(p.examples ?? []), { name, answers, stage }];
    });
  }

  // ---- navigation ---------------------------------------------------------------------------

  setTab(tab) {
    this.store.setUi('tab', tab);
    this.updateComplete.then(() => this.querySelector(`#tab-${tab}`)?.focus());
  }

  jump(event, id) {
    event?.preventDefault();
    const el = document.getElementById(id);
    el?.scrollIntoView({ block: 'start' });
    el?.querySelector('h2, input, button')?.focus?.({ preventScroll: true });
  }

  /** Shows and focuses the control of `pointer` (or of its nearest ancestor that has one). */
  async goTo(pointer) {
    if (this.tab !== 'build') this.store.setUi('tab', 'build');
    const q = /^\/questions\/(\d+)/.exec(pointer);
    if (q) this.setOpen(`/questions/${q[1]}`, true);
    this.requestUpdate();
    await this.updateComplete;
    for (let p = pointer; ; p = p.slice(0, p.lastIndexOf('/'))) {
      const el =
        document.getElementById(fieldId(p)) ??
        document.querySelector(`[data-pointer="${CSS.escape(p)}"]`) ??
        document.getElementById(`item${p.replaceAll('/', '-')}`) ??
        (p.split('/').length === 2 ? document.getElementById(`sec-${p.slice(1)}`) : null);
      if (el) {
        el.closest('details')?.setAttribute('open', '');
        el.scrollIntoView({ block: 'center' });
        (el.matches('input, select, textarea, lq-code')
          ? el
          : el.querySelector('input, select, textarea, button')
        )?.focus();
        return;
      }
      if (!p) return;
    }
  }

  focusLater(pointer) {
    this.#focusAfter = pointer;
  }

  updated() {
    if (this.#focusAfter) {
      const el = document.getElementById(fieldId(this.#focusAfter));
      this.#focusAfter = null;
      el?.focus();
    }
    const dialog = this.querySelector('dialog.start');
    if (dialog && this.store.ui.start && !dialog.open) dialog.showModal();
  }

  #shortcut(e) {
    const mod = e.ctrlKey || e.metaKey;
    if (!mod) return;
    const key = e.key.toLowerCase();
    if (key === 'z' && !e.shiftKey) {
      e.preventDefault();
      this.store.undo();
    } else if ((key === 'z' && e.shiftKey) || key === 'y') {
      e.preventDefault();
      this.store.redo();
    }
  }

  // ---- starting, opening ----------------------------------------------------------------------

  start(project) {
    this.store.replace(project);
    this.store.setUi('start', false);
    this.open = new Set(['/questions/0']);
    this.querySelector('dialog.start')?.close();
  }

  async openFile(file) {
    try {
      this.start(projectFrom(await readModelFile(file)));
    } catch (error) {
      this.openError = `${file.name}: ${error.message}`;
      this.requestUpdate();
    }
  }

  // ---- pieces ---------------------------------------------------------------------------------

  problemsPanel() {
    const all = [
      ...this.errors.map((d) => ({ ...d, severity: 'error' })),
      ...this.warnings.map((d) => ({ ...d, severity: 'warning' })),
    ];
    if (!all.length) {
      return html`<p class="notice good" role="status" data-testid="model-ok">
        The core accepts this model${this.warnings.length === 0 ? '' : ''}.
      </p>`;
    }
    return html`<section class="card problems" aria-labelledby="problems-h" data-testid="problems">
      <h2 id="problems-h">
        ${this.errors.length ? html`${this.errors.length} error${this.errors.length > 1 ? 's' : ''}` : nothing}
        ${this.errors.length && this.warnings.length ? ' · ' : nothing}
        ${this.warnings.length ? html`${this.warnings.length} warning${this.warnings.length > 1 ? 's' : ''}` : nothing}
      </h2>
      <ul>
        ${all.map(
          (d) =>
            html`<li class=${d.severity}>
              <button type="button" class="link" @click=${() => this.goTo(d.pointer)}>
                <code>${d.pointer || '/'}</code>
              </button>
              ${d.message}
            </li>`,
        )}
      </ul>
    </section>`;
  }

  previewPane() {
    const ui = this.store.ui;
    return html`<lq-preview
        .model=${this.valid}
        .normalized=${this.norm}
        .languages=${this.languages}
        ?stale=${this.errors.length > 0}
        mode=${ui.previewMode ?? 'form'}
        lang=${this.languages.includes(ui.previewLang) ? ui.previewLang : this.primaryLang}
        theme=${ui.previewTheme ?? 'light'}
        width=${ui.previewWidth ?? 'desktop'}
        @lq-preview-setting=${(e) =>
          this.store.setUi(`preview${e.detail.key[0].toUpperCase()}${e.detail.key.slice(1)}`, e.detail.value)}
      ></lq-preview>
      <form
        class="save-example"
        @submit=${(e) => {
          e.preventDefault();
          const preview = this.querySelector('lq-preview');
          const name =
            e.target.elements.name.value.trim() || `Example ${(this.store.project.examples?.length ?? 0) + 1}`;
          const result = preview.result;
          if (!result) return;
          this.saveExample(name, preview.answers, result.stage);
          e.target.reset();
        }}
      >
        <label for="example-name">Save these answers as an example lead</label>
        <div class="row">
          <input id="example-name" name="name" type="text" placeholder="e.g. Mid-size team, this quarter" />
          <button type="submit" class="secondary">Save example</button>
        </div>
      </form>
      ${this.examplesList({ compact: true })}`;
  }

  examplesList({ compact = false } = {}) {
    if (!this.examples.length) return nothing;
    const label = (stage) => {
      const s = this.norm?.stages.find((x) => x.id === stage);
      return s ? this.textOf(s.label) || s.id : stage;
    };
    return html`<section
      class="card examples"
      aria-labelledby="examples-h${compact ? '-c' : ''}"
      data-testid="examples"
    >
      <h3 id="examples-h${compact ? '-c' : ''}">Example leads</h3>
      <table>
        <thead>
          <tr>
            <th scope="col">Lead</th>
            <th scope="col">Saved stage</th>
            <th scope="col">Now</th>
            <th scope="col">Score</th>
            <th scope="col"><span class="visually-hidden">Actions</span></th>
          </tr>
        </thead>
        <tbody>
          ${this.examples.map(({ example, result }, i) => {
            const moved = result && result.stage !== example.stage;
            return html`<tr class=${moved ? 'moved' : ''}>
              <th scope="row">${example.name}</th>
              <td>${label(example.stage)}</td>
              <td>
                ${result ? html`${moved ? html`<strong class="moved-tag">moved →</strong> ` : nothing}${label(result.stage)}` : '—'}
              </td>
              <td class="num">${result?.score ?? '—'}</td>
              <td class="actions">
                ${
                  moved
                    ? html`<button
                        type="button"
                        class="ghost"
                        @click=${() => this.store.change((p) => (p.examples[i].stage = result.stage))}
                      >
                        Accept
                      </button>`
                    : nothing
                }
                <button
                  type="button"
                  class="icon danger"
                  aria-label="Remove example ${example.name}"
                  @click=${() => this.store.change((p) => p.examples.splice(i, 1))}
                >
                  ×
                </button>
              </td>
            </tr>`;
          })}
        </tbody>
      </table>
    </section>`;
  }

  #startDialog() {
    return html`<dialog class="start" aria-labelledby="start-h" @close=${() => this.store.setUi('start', false)}>
      <form method="dialog" class="dialog-head">
        <h2 id="start-h">Start a qualifier</h2>
        <button class="icon" aria-label="Close">×</button>
      </form>
      <div class="start-grid">
        <button type="button" class="tile empty" @click=${() => this.start(newProject(emptyModel()))}>
          <strong>Empty model</strong><span>One dimension, one stage: add your own questions.</span>
        </button>
        ${presets.map(
          ({ file, model }) =>
            html`<button
              type="button"
              class="tile"
              data-preset=${file}
              @click=${() => this.start(newProject(structuredClone(model)))}
            >
              <strong>${model.framework ?? model.id}</strong
              ><span>${localize(model.title, 'en', model.lang) ?? ''}</span>
            </button>`,
        )}
      </div>
      <div class="open-row">
        ${openFileButton(this)}
        ${this.openError ? html`<p class="msgs error" role="alert">${this.openError}</p>` : nothing}
      </div>
    </dialog>`;
  }

  render() {
    if (!this.ready) return html`<p class="loading" role="status">Loading the studio…</p>`;
    const tab = this.tab;
    const title = this.textOf(this.model.title) || this.model.id;
    const moved = this.movedExamples.length;
    return html`
      <div class="masthead" data-testid="masthead">
      <header class="top">
        <div class="brand"><span class="logo" aria-hidden="true">◆</span> leadqual <span>studio</span></div>
        <h1 class="doc-title" title=${title}>${title}</h1>
        <div class="top-actions">
          ${
            moved
              ? html`<button
                  type="button"
                  class="badge-button warn"
                  @click=${() => this.setTab('leads')}
                  data-testid="moved-badge"
                >
                  ${moved} example${moved > 1 ? 's' : ''} moved stage
                </button>`
              : nothing
          }
          <span class="status ${this.errors.length ? 'bad' : 'good'}" role="status" data-testid="status"
            >${
              this.errors.length
                ? `${this.errors.length} error${this.errors.length > 1 ? 's' : ''}`
                : this.warnings.length
                  ? `Valid · ${this.warnings.length} warning${this.warnings.length > 1 ? 's' : ''}`
                  : 'Valid'
            }</span
          >
          <button
            type="button"
            class="icon-text"
            ?disabled=${!this.store.canUndo}
            @click=${() => this.store.undo()}
            aria-keyshortcuts="Control+Z"
          >
            ↶ Undo
          </button>
          <button
            type="button"
            class="icon-text"
            ?disabled=${!this.store.canRedo}
            @click=${() => this.store.redo()}
            aria-keyshortcuts="Control+Shift+Z"
          >
            ↷ Redo
          </button>
          <button type="button" class="secondary" @click=${() => this.store.setUi('start', true)}>New…</button>
        </div>
      </header>
      <nav class="tabs" aria-label="Studio">
        <div class="tablist" role="tablist" aria-label="Studio" @keydown=${(e) => this.#tabKeys(e)}>
        ${TABS.map(
          ([key, label]) =>
            html`<button
              type="button"
              role="tab"
              id="tab-${key}"
              aria-selected=${tab === key}
              aria-controls="panel"
              tabindex=${tab === key ? 0 : -1}
              @click=${() => this.setTab(key)}
            >
              ${label}
            </button>`,
        )}
        </div>
        ${
          tab === 'build' || tab === 'translate'
            ? html`<label class="edit-lang"
                >Editing in
                <select @change=${(e) => this.store.setUi('editLang', e.target.value)}>
                  ${this.languages.map((l) => html`<option value=${l} ?selected=${l === this.editLang}>${l}</option>`)}
                </select></label
              >`
            : nothing
        }
      </nav>
      </div>
      <main class="panel panel-${tab}">
        <div id="panel" role="tabpanel" aria-labelledby="tab-${tab}">
        ${
          tab === 'build'
            ? buildTab(this)
            : tab === 'translate'
              ? translateTab(this)
              : tab === 'leads'
                ? leadsTab(this)
                : tab === 'backtest'
                  ? backtestTab(this)
                  : exportTab(this)
        }
      </main>
      ${this.#startDialog()}
    `;
  }

  #tabKeys(e) {
    if (e.target.getAttribute('role') !== 'tab') return;
    const keys = TABS.map(([k]) => k);
    const i = keys.indexOf(this.tab);
    let next = null;
    if (e.key === 'ArrowRight') next = keys[(i + 1) % keys.length];
    else if (e.key === 'ArrowLeft') next = keys[(i - 1 + keys.length) % keys.length];
    else if (e.key === 'Home') next = keys[0];
    else if (e.key === 'End') next = keys[keys.length - 1];
    if (next) {
      e.preventDefault();
      this.setTab(next);
    }
  }
}

customElements.define('lq-studio', Studio);
