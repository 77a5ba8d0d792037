// The Translate tab: every text of the model (found through the model's JSON Schema) in each
// of the project's languages side by side, with what is missing counted and highlighted.
import { html, nothing } from 'lit';
import { textPointers } from './schema.js';
import { localText, textIn } from './fields.js';
import * as ptr from './pointer.js';

const NAMES = { en: 'English', ja: 'Japanese', zh: 'Chinese (Simplified)' };

/** "Question email · label" for /questions/4/label: ids instead of indices where there are ids. */
export function placeOf(model, pointer) {
  const keys = ptr.parts(pointer);
  const words = [];
  let node = model;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    const next = node?.[key];
    if (Array.isArray(node)) {
      const id = next?.id ?? next?.value ?? next?.grade;
      words.push(id !== undefined ? String(id) : `#${Number(key) + 1}`);
    } else if (keys[i - 1] === 'outcomes') {
      words.push(key);
    } else {
      words.push(
        {
          questions: 'question',
          options: 'option',
          bands: 'band',
          dimensions: 'dimension',
          computed: 'computed',
          rules: 'rule',
          stages: 'stage',
          signals: 'signal',
          outcomes: 'outcome',
          cta: 'button',
        }[key] ?? key,
      );
    }
    node = next;
  }
  return words.join(' · ');
}

export function missingTexts(app) {
  const model = app.model;
  const primary = app.primaryLang;
  const pointers = textPointers(model);
  const missing = {};
  for (const lang of app.languages) {
    missing[lang] = pointers.filter((p) => textIn(ptr.get(model, p), lang, primary) === '');
  }
  return { pointers, missing };
}

export function translateTab(app) {
  const langs = app.languages;
  const { pointers, missing } = missingTexts(app);
  const onlyMissing = app.store.ui.onlyMissing === true;
  const rows = onlyMissing ? pointers.filter((p) => langs.some((l) => missing[l].includes(p))) : pointers;
  return html`<section class="card translate" aria-labelledby="tr-h">
    <header class="section-head">
      <h2 id="tr-h">Translations</h2>
      <div class="summary">
        ${langs.map(
          (l) =>
            html`<span class="badge ${missing[l].length ? 'warn' : 'good'}" data-testid="missing-${l}"
              >${NAMES[l] ?? l}: ${missing[l].length ? `${missing[l].length} missing` : 'complete'}</span
            >`,
        )}
      </div>
    </header>
    ${
      langs.length < 2
        ? html`<p class="intro">Add languages under Build → Basics → Languages to translate the texts side by side.</p>`
        : nothing
    }
    <div class="field check">
      <input
        id="only-missing"
        type="checkbox"
        .checked=${onlyMissing}
        @change=${(e) => app.store.setUi('onlyMissing', e.target.checked)}
      />
      <label for="only-missing">Show only texts with a missing translation</label>
    </div>
    <div class="table-wrap">
      <table class="tr-table">
        <thead>
          <tr>
            <th scope="col">Text</th>
            ${langs.map((l) => html`<th scope="col" lang=${l}>${NAMES[l] ?? l}</th>`)}
          </tr>
        </thead>
        <tbody>
          ${rows.map(
            (p) =>
              html`<tr>
                <th scope="row"><span class="place">${placeOf(app.model, p)}</span></th>
                ${langs.map(
                  (l) =>
                    html`<td class=${missing[l].includes(p) ? 'missing' : ''}>
                      ${localText(app, p, `${placeOf(app.model, p)} (${NAMES[l] ?? l})`, {
                        lang: l,
                        hideLabel: true,
                        multiline: /\/(body|description)$/.test(p),
                      })}
                    </td>`,
                )}
              </tr>`,
          )}
        </tbody>
      </table>
    </div>
  </section>`;
}
