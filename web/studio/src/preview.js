// <lq-preview>: the real <lead-qualifier> (web/widget.js) on the model being edited, in quiz,
// form or calculator mode, any language, light or dark, phone or desktop width; beside it the
// live result the widget's core session computed (score, dimensions, grade, stage, reasons).
// The model goes in as the element's inline JSON child, so no request is made for it.
import { html, nothing } from 'lit';
import { ref } from 'lit/directives/ref.js';
import { LightElement } from './light.js';
import * as ptr from './pointer.js';
import { localize } from '../../i18n.js';
import { formatValue } from '../../format.js';

const MODES = ['quiz', 'form', 'calculator'];

export class Preview extends LightElement {
  static properties = {
    model: { attribute: false },
    normalized: { attribute: false },
    stale: { type: Boolean },
    mode: { type: String },
    lang: { type: String },
    theme: { type: String },
    width: { type: String },
    languages: { attribute: false },
    result: { state: true },
  };

  constructor() {
    super();
    this.model = null;
    this.mode = 'form';
    this.lang = 'en';
    this.theme = 'light';
    this.width = 'desktop';
    this.languages = ['en'];
    this.result = null;
    this.widget = null;
    this.shownModel = null;
  }

  #given = new Set(); // ids of the questions the visitor answered in the preview

  /** The answers given in the preview so far (the widget's own copy). */
  get answers() {
    return { ...(this.widget?.answers ?? {}) };
  }

  updated(changed) {
    const frame = this.querySelector('.frame');
    if (!frame) return;
    const text = this.model ? JSON.stringify(this.model) : null;
    if (text && (text !== this.shownModel || changed.has('mode'))) this.#mount(frame, text);
    if (this.widget) {
      this.widget.setAttribute('lang', this.lang);
      this.widget.setAttribute('theme', this.theme);
    }
  }

  #mount(frame, text) {
    // Only what the visitor gave is carried over: a slider they never moved starts where the
    // new model puts it (the old model's start may be outside the new range).
    const given = this.widget ? this.answers : {};
    const keep = Object.entries(given).filter(([id]) => this.#given.has(id));
    const questions = new Map((this.model.questions ?? []).map((q) => [q.id, q]));
    this.#given = new Set();
    const el = document.createElement('lead-qualifier');
    el.setAttribute('mode', this.mode);
    el.setAttribute('lang', this.lang);
    el.setAttribute('theme', this.theme);
    el.setAttribute('min-time', '0');
    const data = document.createElement('script');
    data.type = 'application/json';
    data.textContent = text;
    el.append(data);
    el.addEventListener('leadqual:ready', () => {
      // Answers given before the edit stay given, where the question still exists — except a
      // slider position the new model rejects: a slider cannot show it, so it starts afresh.
      for (const [id, value] of keep) {
        const q = questions.get(id);
        if (!q) continue;
        const start = el.answers[id];
        el.setAnswer(id, value);
        if (q.type === 'range' && el.result.errors.some((e) => e.path === `/${ptr.escape(id)}`)) {
          el.setAnswer(id, start);
          this.#given.delete(id);
        }
      }
      this.result = el.result;
    });
    el.addEventListener('leadqual:change', (event) => {
      this.#given.add(event.detail.question);
      this.result = event.detail.result;
    });
    el.addEventListener('leadqual:complete', (event) => {
      event.preventDefault(); // the preview never follows an outcome's redirect
      this.result = event.detail.result;
    });
    this.widget?.remove();
    this.widget = el;
    this.shownModel = text;
    frame.append(el);
  }

  #restart() {
    this.#given = new Set();
    this.widget?.reset();
  }

  #set(key, value) {
    this.dispatchEvent(new CustomEvent('lq-preview-setting', { detail: { key, value }, bubbles: true }));
  }

  render() {
    return html`
      <div class="preview-bar" role="toolbar" aria-label="Preview settings">
        <div class="seg" role="group" aria-label="Mode">
          ${MODES.map(
            (m) =>
              html`<button type="button" aria-pressed=${this.mode === m} @click=${() => this.#set('mode', m)}>
                ${m[0].toUpperCase() + m.slice(1)}
              </button>`,
          )}
        </div>
        <label class="inline"
          >Language
          <select @change=${(e) => this.#set('lang', e.target.value)}>
            ${this.languages.map((l) => html`<option value=${l} ?selected=${l === this.lang}>${l}</option>`)}
          </select>
        </label>
        <div class="seg" role="group" aria-label="Theme">
          ${['light', 'dark'].map(
            (t) =>
              html`<button type="button" aria-pressed=${this.theme === t} @click=${() => this.#set('theme', t)}>
                ${t === 'light' ? 'Light' : 'Dark'}
              </button>`,
          )}
        </div>
        <div class="seg width-switch" role="group" aria-label="Width">
          ${[
            ['phone', '375 px'],
            ['desktop', 'Desktop'],
          ].map(
            ([w, label]) =>
              html`<button type="button" aria-pressed=${this.width === w} @click=${() => this.#set('width', w)}>
                ${label}
              </button>`,
          )}
        </div>
        <button type="button" class="ghost" @click=${() => this.#restart()}>Restart</button>
      </div>
      ${
        this.stale
          ? html`<p class="notice warn" role="status">
              The model has errors: the preview shows the last version the core accepted.
            </p>`
          : nothing
      }
      ${this.#kpis()}
      <div class="stage-area theme-${this.theme}">
        <div class="frame width-${this.width}" data-testid="preview-frame"></div>
      </div>
      ${this.#resultPanel()}
    `;
  }

  #text(value) {
    return localize(value, this.lang, this.normalized?.lang);
  }

  #kpis() {
    const r = this.result;
    const m = this.normalized;
    if (!r || !m) return nothing;
    const stage = r.stage === 'disqualified' ? null : m.stages.find((s) => s.id === r.stage);
    return html`<div class="kpis live-kpis" aria-live="polite" aria-atomic="true" aria-label="Live result">
      <div class="kpi"><span>Score</span><strong data-testid="live-score">${formatValue(r.score)}</strong></div>
      <div class="kpi">
        <span>Percent</span><strong>${r.percent === null ? '—' : `${formatValue(r.percent)} %`}</strong>
      </div>
      <div class="kpi"><span>Grade</span><strong>${r.grade ?? '—'}</strong></div>
      <div class="kpi">
        <span>Stage</span
        ><strong data-testid="live-stage" class=${r.stage === 'disqualified' ? 'dq' : ''}
          >${stage ? this.#text(stage.label) || stage.id : r.stage}</strong
        >
      </div>
    </div>`;
  }

  #resultPanel() {
    const r = this.result;
    const m = this.normalized;
    if (!r || !m)
      return html`<section class="live-result" aria-label="Live result">
        <p>Answer a question to see the result.</p>
      </section>`;
    const dims = m.dimensions.map((d) => {
      const value = r.dimensions[d.id] ?? 0;
      const share = typeof d.max === 'number' && d.max > 0 ? Math.max(0, Math.min(1, value / d.max)) : null;
      return { d, value, share };
    });
    return html`
      <section class="live-result" aria-labelledby="live-result-title" data-testid="live-result">
        <h3 id="live-result-title">Live result</h3>
        ${r.disqualified ? html`<p class="notice bad">Disqualified by ${r.disqualified.rule}: ${r.disqualified.reason}</p>` : nothing}
        <table class="dims">
          <caption class="visually-hidden">
            Dimensions
          </caption>
          <tbody>
            ${dims.map(
              ({ d, value, share }) =>
                html`<tr>
                  <th scope="row">${this.#text(d.label) || d.id}</th>
                  <td class="bar-cell">
                    ${
                      share === null
                        ? nothing
                        : html`<div class="bar" aria-hidden="true">
                            <div class="fill" ${ref((el) => el?.style.setProperty('width', `${share * 100}%`))}></div>
                          </div>`
                    }
                  </td>
                  <td class="num">
                    ${formatValue(value)}${typeof d.max === 'number' ? html` / ${formatValue(d.max)}` : nothing}
                  </td>
                </tr>`,
            )}
          </tbody>
        </table>
        <h4>Reasons</h4>
        ${
          r.reasons.length
            ? html`<ol class="reasons">
                ${r.reasons.map(
                  (x) =>
                    html`<li>
                      <span class="pts ${x.points < 0 ? 'neg' : ''}"
                        >${x.points > 0 ? '+' : ''}${formatValue(x.points)}</span
                      >
                      <span>${x.text}</span> <span class="muted">${x.dimension} · ${x.source}</span>
                    </li>`,
                )}
              </ol>`
            : html`<p class="muted">No points yet.</p>`
        }
        ${
          Object.keys(r.computed).length
            ? html`<h4>Computed</h4>
                <dl class="computed">
                  ${Object.entries(r.computed).map(
                    ([k, v]) =>
                      html`<dt>${k}</dt>
                        <dd>${formatValue(v)}</dd>`,
                  )}
                </dl>`
            : nothing
        }
        ${
          r.errors.length
            ? html`<h4>Answer errors</h4>
                <ul class="answer-errors">
                  ${r.errors.map((e) => html`<li><code>${e.path}</code> ${e.message}</li>`)}
                </ul>`
            : nothing
        }
        <p class="muted small">
          ${r.complete ? 'Complete: every required question is answered.' : 'Partial result: some required questions are unanswered.'}
        </p>
      </section>
    `;
  }
}

customElements.define('lq-preview', Preview);
