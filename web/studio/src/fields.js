// Form controls of the editor, each bound to one JSON Pointer of the model: it shows the value,
// writes edits through the store (one undo step per field) and shows the core's errors and
// warnings located at that pointer, tied to the control with aria-describedby.
import { html, nothing } from 'lit';
import { live } from 'lit/directives/live.js';
import * as ptr from './pointer.js';

export function fieldId(pointer) {
  return `f${pointer.replace(/[^A-Za-z0-9_-]/g, (c) => `_${c.charCodeAt(0).toString(16)}`)}`;
}

/** The messages list under a control; '' when there is none. */
export function messages(app, pointer, { deep = false } = {}) {
  const list = app.diagnostics(pointer, { deep });
  if (!list.length) return nothing;
  return html`<ul class="msgs" id="${fieldId(pointer)}-msg">
    ${list.map(
      (d) =>
        html`<li class=${d.severity}>
          <span class="tag">${d.severity === 'error' ? 'Error' : 'Warning'}</span>${
            d.pointer !== pointer ? html`<code>${d.pointer}</code> ` : nothing
          }${d.message}
        </li>`,
    )}
  </ul>`;
}

function describedBy(app, pointer, deep = false) {
  return app.diagnostics(pointer, { deep }).length ? `${fieldId(pointer)}-msg` : nothing;
}

function invalid(app, pointer, deep = false) {
  return app.diagnostics(pointer, { deep }).some((d) => d.severity === 'error') ? 'true' : nothing;
}

/** A plain string value (an id, a URL, a unit). Empty removes the key unless `keepEmpty`. */
export function textInput(app, pointer, label, { placeholder = '', hint = '', keepEmpty = false, wide = false } = {}) {
  const id = fieldId(pointer);
  const value = ptr.get(app.model, pointer);
  return html`<div class="field ${wide ? 'wide' : ''}">
    <label for=${id}>${label}</label>
    <input
      id=${id}
      type="text"
      .value=${live(value === undefined || value === null ? '' : String(value))}
      placeholder=${placeholder}
      aria-describedby=${describedBy(app, pointer, true)}
      aria-invalid=${invalid(app, pointer, true)}
      @input=${(e) => app.edit(pointer, e.target.value === '' && !keepEmpty ? undefined : e.target.value)}
    />
    ${hint ? html`<p class="hint">${hint}</p>` : nothing} ${messages(app, pointer, { deep: true })}
  </div>`;
}

/** A number; empty removes the key. */
export function numberInput(app, pointer, label, { placeholder = '', step = 'any' } = {}) {
  const id = fieldId(pointer);
  const value = ptr.get(app.model, pointer);
  return html`<div class="field num">
    <label for=${id}>${label}</label>
    <input
      id=${id}
      type="number"
      step=${step}
      inputmode="decimal"
      .value=${live(typeof value === 'number' ? String(value) : '')}
      placeholder=${placeholder}
      aria-describedby=${describedBy(app, pointer)}
      aria-invalid=${invalid(app, pointer)}
      @input=${(e) => {
        if (e.target.value === '') app.edit(pointer, undefined);
        else if (Number.isFinite(e.target.valueAsNumber)) app.edit(pointer, e.target.valueAsNumber);
      }}
    />
    ${messages(app, pointer)}
  </div>`;
}

export function checkbox(app, pointer, label, { hint = '' } = {}) {
  const id = fieldId(pointer);
  const value = ptr.get(app.model, pointer) === true;
  return html`<div class="field check">
    <input
      id=${id}
      type="checkbox"
      .checked=${live(value)}
      aria-describedby=${describedBy(app, pointer)}
      @change=${(e) => app.edit(pointer, e.target.checked ? true : undefined)}
    />
    <label for=${id}>${label}</label>
    ${hint ? html`<span class="hint">${hint}</span>` : nothing} ${messages(app, pointer)}
  </div>`;
}

export function select(app, pointer, label, choices, { blank = null, onChange = null } = {}) {
  const id = fieldId(pointer);
  const value = ptr.get(app.model, pointer);
  return html`<div class="field">
    <label for=${id}>${label}</label>
    <select
      id=${id}
      aria-describedby=${describedBy(app, pointer)}
      aria-invalid=${invalid(app, pointer)}
      @change=${(e) => {
        const v = e.target.value === '' ? undefined : e.target.value;
        if (onChange) onChange(v);
        else app.edit(pointer, v);
      }}
    >
      ${blank !== null ? html`<option value="" ?selected=${value === undefined}>${blank}</option>` : nothing}
      ${choices.map(([v, text]) => html`<option value=${v} ?selected=${value === v}>${text}</option>`)}
    </select>
    ${messages(app, pointer)}
  </div>`;
}

// ---- localised texts ------------------------------------------------------------------------

/** The text of `value` (a string or a language map) in `lang`, '' when it has none. */
export function textIn(value, lang, primary) {
  if (typeof value === 'string') return lang === primary ? value : '';
  if (value && typeof value === 'object') return typeof value[lang] === 'string' ? value[lang] : '';
  return '';
}

/** `value` with its text in `lang` replaced; a map collapses to a string when only the model's language is left. */
export function withText(value, lang, primary, text) {
  const map = typeof value === 'string' ? { [primary]: value } : value && typeof value === 'object' ? { ...value } : {};
  if (text === '') delete map[lang];
  else map[lang] = text;
  const keys = Object.keys(map);
  if (!keys.length) return undefined;
  if (keys.length === 1 && keys[0] === primary) return map[primary];
  return map;
}

/** A localised text, edited in one language (`lang`, default the editing language). */
export function localText(
  app,
  pointer,
  label,
  { multiline = false, placeholder = '', lang = null, hideLabel = false, wide = false } = {},
) {
  const editLang = lang ?? app.editLang;
  const primary = app.primaryLang;
  const id = lang ? `${fieldId(pointer)}-${lang}` : fieldId(pointer);
  const value = ptr.get(app.model, pointer);
  const shown = textIn(value, editLang, primary);
  const fallback = editLang !== primary ? textIn(value, primary, primary) : '';
  const onInput = (e) =>
    app.edit(
      pointer,
      withText(ptr.get(app.model, pointer), editLang, primary, e.target.value),
      `${pointer}@${editLang}`,
    );
  const attrs = {
    placeholder: fallback || placeholder,
  };
  return html`<div class="field text ${multiline || wide ? 'wide' : ''}">
    <label for=${id} class=${hideLabel ? 'visually-hidden' : ''}
      >${label}${editLang !== primary || lang ? html` <span class="lang-tag">${editLang}</span>` : nothing}</label
    >
    ${
      multiline
        ? html`<textarea
            id=${id}
            rows="3"
            lang=${editLang}
            .value=${live(shown)}
            placeholder=${attrs.placeholder}
            aria-describedby=${describedBy(app, pointer)}
            @input=${onInput}
          ></textarea>`
        : html`<input
            id=${id}
            type="text"
            lang=${editLang}
            .value=${live(shown)}
            placeholder=${attrs.placeholder}
            aria-describedby=${describedBy(app, pointer)}
            @input=${onInput}
          />`
    }
    ${lang ? nothing : messages(app, pointer)}
  </div>`;
}

// ---- expressions -----------------------------------------------------------------------------

/** An expression (infix text or JsonLogic) in CodeMirror, checked by the core as one types. */
export function exprField(app, pointer, label, { stage = false, placeholder = '', hint = '' } = {}) {
  const id = fieldId(pointer);
  const list = app.diagnostics(pointer, { deep: true }).map((d) => ({
    severity: d.severity,
    message: d.pointer === pointer ? d.message : `${d.pointer.slice(pointer.length)}: ${d.message}`,
  }));
  return html`<div class="field expr wide">
    <span
      class="label"
      id="${id}-label"
      @click=${(e) => e.currentTarget.parentElement.querySelector('lq-code')?.focus()}
      >${label}</span
    >
    <lq-code
      id=${id}
      data-pointer=${pointer}
      .label=${label}
      .placeholderText=${placeholder}
      .value=${ptr.get(app.model, pointer)}
      .names=${app.names(stage)}
      .diagnostics=${list}
      @lq-change=${(e) => app.edit(pointer, e.detail.value)}
    ></lq-code>
    ${hint ? html`<p class="hint">${hint}</p>` : nothing}
  </div>`;
}

// ---- points ----------------------------------------------------------------------------------

/** Points per dimension at `pointer` ({dimension: number}); the key goes when all are empty. */
export function pointsGrid(app, pointer, { label = 'Points' } = {}) {
  const points = ptr.get(app.model, pointer) ?? {};
  const dims = app.model.dimensions ?? [];
  const set = (dim, raw, number) => {
    const next = { ...(ptr.get(app.model, pointer) ?? {}) };
    if (raw === '') delete next[dim];
    else if (Number.isFinite(number)) next[dim] = number;
    else return;
    app.edit(pointer, Object.keys(next).length ? next : undefined, `${pointer}/${dim}`);
  };
  const unknown = Object.keys(points).filter((k) => !dims.some((d) => d.id === k));
  return html`<fieldset class="points">
    <legend>${label}</legend>
    ${dims.map((d) => {
      const id = fieldId(`${pointer}/${d.id}`);
      const p = `${pointer}/${ptr.escape(d.id)}`;
      return html`<div class="point">
        <label for=${id}><span class="visually-hidden">${label} for </span>${app.textOf(d.label) || d.id}</label>
        <input
          id=${id}
          type="number"
          step="any"
          inputmode="decimal"
          .value=${live(typeof points[d.id] === 'number' ? String(points[d.id]) : '')}
          placeholder="0"
          aria-describedby=${describedBy(app, p)}
          aria-invalid=${invalid(app, p)}
          @input=${(e) => set(d.id, e.target.value, e.target.valueAsNumber)}
        />
        ${messages(app, p)}
      </div>`;
    })}
    ${unknown.map(
      (k) =>
        html`<div class="point unknown">
          <span>${k}</span><span>${points[k]}</span>
          <button type="button" class="icon" aria-label="Remove points for ${k}" @click=${() => set(k, '', NaN)}>
            ×
          </button>
          ${messages(app, `${pointer}/${ptr.escape(k)}`)}
        </div>`,
    )}
  </fieldset>`;
}

// ---- lists -----------------------------------------------------------------------------------

/** Move up / move down / remove buttons for item `index` of the array at `pointer`. */
export function itemActions(app, pointer, index, what) {
  const list = ptr.get(app.model, pointer) ?? [];
  const move = (to) =>
    app.mutate((m) => {
      const arr = ptr.get(m, pointer);
      const [item] = arr.splice(index, 1);
      arr.splice(to, 0, item);
    });
  return html`<div class="item-actions">
    <button
      type="button"
      class="icon"
      aria-label="Move ${what} up"
      ?disabled=${index === 0}
      @click=${() => move(index - 1)}
    >
      ↑
    </button>
    <button
      type="button"
      class="icon"
      aria-label="Move ${what} down"
      ?disabled=${index === list.length - 1}
      @click=${() => move(index + 1)}
    >
      ↓
    </button>
    <button
      type="button"
      class="icon danger"
      aria-label="Remove ${what}"
      @click=${() => app.mutate((m) => ptr.get(m, pointer).splice(index, 1))}
    >
      ×
    </button>
  </div>`;
}

/** An id not yet used in `taken`: base, base_2, base_3… */
export function freshId(base, taken) {
  const used = new Set(taken);
  if (!used.has(base)) return base;
  for (let n = 2; ; n++) if (!used.has(`${base}_${n}`)) return `${base}_${n}`;
}

/**
 * A zone to drop a file on, with a "Choose a file…" button: `onFile(file)` gets the File (read
 * in this browser; nothing is uploaded).
 */
export function fileDrop({ title, detail = '', accept, testid, onFile }) {
  const onDrop = (e) => {
    e.preventDefault();
    e.currentTarget.classList.remove('over');
    const file = e.dataTransfer?.files?.[0];
    if (file) onFile(file);
  };
  return html`<div
    class="drop"
    @dragover=${(e) => {
      e.preventDefault();
      e.currentTarget.classList.add('over');
    }}
    @dragleave=${(e) => e.currentTarget.classList.remove('over')}
    @drop=${onDrop}
    data-testid="${testid}-drop"
  >
    <p><strong>${title}</strong>${detail ? ` — ${detail}` : ''}</p>
    <label class="file-button secondary"
      >Choose a file…
      <input
        type="file"
        accept=${accept}
        data-testid="${testid}-file"
        @change=${(e) => e.target.files[0] && onFile(e.target.files[0])}
    /></label>
    <p class="hint">The file is read and scored in this browser; nothing is uploaded.</p>
  </div>`;
}
