// The calculator's live panel (<lead-qualifier mode="calculator">): the model's computed values,
// the score and the stage, updated as the visitor types. Only a calculator imports this module
// (web/widget.js, beside the UI strings its screens wait for), so a quiz's or a form's page never
// downloads it, nor its stylesheet. The widget hands it the helpers it already has (its bundle's
// `h`, formatValue, …), so that this file carries no copy of them.

import { calculatorSheet } from './widget-styles.js';

/** @import { Model, Result } from './leadqual.js' */
/**
 * What the panel takes from the widget: the model's texts and the UI strings in the visitor's
 * language, and the bundle's own helpers.
 * @typedef {object} PanelContext
 * @property {(value: unknown) => string} text a model text in the visitor's language
 * @property {(key: string) => string} t a UI string
 * @property {typeof import('./dom.js').h} h
 * @property {typeof import('./format.js').formatValue} formatValue
 * @property {typeof import('./results.js').stageOf} stageOf
 * @property {typeof import('./results.js').clampShare} clampShare
 */

/**
 * The panel of a normalised model: its element, its stylesheet (for the widget's shadow root)
 * and what shows a result in it.
 * @param {Readonly<Model> & {computed: NonNullable<Model['computed']>}} model
 * @param {PanelContext} context
 * @returns {{root: HTMLElement, sheet: CSSStyleSheet, update: (result: Partial<Result>, pending: boolean, lang: string, currency: string) => void}}
 */
export function calculatorPanel(model, { text, t, h, formatValue, stageOf, clampShare }) {
  /** @type {Array<{dd: HTMLElement, c: NonNullable<Model['computed']>[number]}>} */
  const outputs = [];
  const list = h('dl', { class: 'computed', part: 'computed' });
  const shown = /** @type {string[]} */ (model.results?.show?.computed ?? []); // normalised to ids
  for (const id of shown) {
    const c = model.computed.find((x) => x.id === id);
    if (!c) continue;
    const dd = h('dd', { part: 'computed-value' });
    outputs.push({ dd, c });
    list.append(h('div', { class: 'computed-item' }, h('dt', {}, text(c.label)), dd));
  }
  const scoreLabel = h('span', { class: 'score-label' }, t('score'));
  const scoreValue = h('strong', { class: 'score-value', part: 'score-value' });
  const stageValue = h('span', { class: 'stage-value', part: 'stage' });
  const bar = h('div', { class: 'bar' });
  const meter = h('div', { class: 'meter', 'aria-hidden': 'true' }, bar);
  const scoreBox = h(
    'div',
    { class: 'score', 'aria-live': 'polite', 'aria-atomic': 'true' },
    scoreLabel,
    ' ',
    scoreValue,
    ' ',
    stageValue,
  );
  const root = h(
    'aside',
    { class: 'results', part: 'results', 'aria-labelledby': 'lq-results-title' },
    h('h3', { id: 'lq-results-title' }, t('results')),
    list,
    scoreBox,
    meter,
  );
  return {
    root,
    sheet: calculatorSheet(),
    // `pending`: the answers are not scored yet (the runtime is not in); the panel shows "—".
    update(result, pending, lang, currency) {
      const show = model.results?.show ?? {};
      root.setAttribute('aria-busy', String(pending));
      scoreBox.hidden = !show.score && !show.stage;
      meter.hidden = !show.score;
      for (const { dd, c } of outputs)
        dd.textContent = formatValue(result.computed?.[c.id], { format: c.format, lang, currency });
      scoreValue.textContent = show.score ? formatValue(result.score, { format: 'integer', lang }) : '';
      scoreLabel.hidden = !show.score;
      const stage = show.stage ? stageOf(model, result) : null;
      stageValue.textContent = stage?.label ? text(stage.label) : '';
      bar.style.width = `${100 * clampShare(result.percent, 100)}%`;
    },
  };
}
