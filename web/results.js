// The results page: what a model's outcome says about one result, as DOM. Every value comes from
// the core's result and every choice of what to show from the normalised model (`results.show`,
// `outcomes[stage].show`, checked and completed by the core): this module fills and renders.
import { formatValue } from './format.js';
import { h, safeUrl } from './dom.js';

/** @import { Model, Result, Outcome, CallToAction } from './leadqual.js' */
/**
 * What the results page shows, as the core normalised it: lists of ids.
 * @typedef {{score?: boolean, grade?: boolean, stage?: boolean, dimensions?: string[], computed?: string[]}} Show
 */
/**
 * @typedef {object} ResultsContext
 * @property {Readonly<Model>} model the normalised model
 * @property {Readonly<Result>} result
 * @property {string} lang
 * @property {string} [currency]
 * @property {(value: unknown) => string} text a model text in the visitor's language
 * @property {(key: string, params?: Record<string, unknown>) => string} t a UI string
 */

// The outcome of a result's stage ({} when the model has none for it) and what its page shows.
/**
 * @param {Readonly<Model>} model the normalised model
 * @param {Readonly<Result>} result
 * @returns {{outcome: Outcome & {cta?: CallToAction[]}, show: Show}}
 */
export function outcomeOf(model, result) {
  const outcome = model.outcomes?.[result.stage] ?? {};
  const show = outcome.show ?? model.results?.show ?? {};
  return { outcome: /** @type {Outcome & {cta?: CallToAction[]}} */ (outcome), show: /** @type {Show} */ (show) };
}

// The value a placeholder names (docs/model.md "Placeholders"), formatted for the visitor.
/**
 * @param {string} name
 * @param {ResultsContext} context
 */
function placeholderValue(name, { model, result, lang, currency }) {
  const dimension = /^dimensions?\.(.+)$/.exec(name);
  if (dimension) return formatValue(result.dimensions?.[dimension[1]], { lang });
  if (name === 'percent') return formatValue(result.percent, { format: 'percent', lang });
  if (name === 'score') return formatValue(result.score, { lang });
  if (name === 'grade') return result.grade ?? '—';
  const computed = model.computed?.find((c) => c.id === name);
  return formatValue(result.computed?.[name], { format: computed?.format, lang, currency });
}

// "Save {annual_savings} a year" → "Save $52,440 a year"; "{{" and "}}" are literal braces.
// The core has checked every name when the model loaded.
/**
 * @param {string} text
 * @param {ResultsContext} context
 * @returns {string}
 */
export function fillPlaceholders(text, context) {
  return text.replace(
    /\{\{|\}\}|\{([^{}]+)\}/g,
    (/** @type {string} */ whole, /** @type {string | undefined} */ name) =>
      name === undefined ? whole[0] : placeholderValue(name, context),
  );
}

// The score as the visitor reads it: the percent when the model has one, else the points.
/**
 * @param {Readonly<Result>} result
 * @param {string} lang
 */
function scoreText(result, lang) {
  return typeof result.percent === 'number'
    ? formatValue(result.percent, { format: 'percent', lang })
    : formatValue(result.score, { lang });
}

// The share of `max` a bar shows for `value`, 0 to 1 (0 without a number or a maximum): the
// dimensions' bars, the gauge and the calculator's meter (web/widget.js).
/**
 * @param {unknown} value
 * @param {number | undefined} max
 */
export function clampShare(value, max) {
  if (typeof value !== 'number' || max === undefined || !(max > 0)) return 0;
  return Math.max(0, Math.min(1, value / max));
}

// One bar per dimension: label, value (as text, for everyone) and its share of the maximum.
/**
 * @param {string[]} ids
 * @param {ResultsContext} context
 */
function renderBreakdown(ids, { model, result, lang, text, t }) {
  const items = [];
  for (const id of ids) {
    const dimension = model.dimensions.find((d) => d.id === id);
    if (!dimension) continue;
    const value = result.dimensions?.[id];
    const shown = formatValue(value, { lang });
    const hasMax = typeof dimension.max === 'number' && dimension.max > 0;
    const max = hasMax ? formatValue(dimension.max, { lang }) : null;
    const bar = h('div', { class: 'dimension-bar', part: 'dimension-bar' });
    bar.style.setProperty('--lq-share', String(clampShare(value, dimension.max)));
    items.push(
      h(
        'li',
        { class: 'dimension', part: 'dimension', 'data-dimension': id },
        h('span', { class: 'dimension-label' }, text(dimension.label) || id),
        hasMax
          ? h(
              'span',
              { class: 'dimension-value' },
              h('span', { 'aria-hidden': 'true' }, `${shown} / ${max}`),
              h('span', { class: 'visually-hidden' }, t('outOf', { value: shown, max })),
            )
          : h('span', { class: 'dimension-value' }, shown),
        hasMax ? h('div', { class: 'dimension-track', 'aria-hidden': 'true' }, bar) : null,
      ),
    );
  }
  if (!items.length) return null;
  return h(
    'section',
    { class: 'breakdown', part: 'breakdown', 'aria-labelledby': 'lq-breakdown-title' },
    h('h3', { class: 'section-title', id: 'lq-breakdown-title' }, t('breakdown')),
    h('ul', { class: 'dimensions' }, items),
  );
}

// The computed values, each a labelled figure in its format ($52,440; 4.5).
/**
 * @param {string[]} ids
 * @param {ResultsContext} context
 */
function renderValues(ids, { model, result, lang, currency, text }) {
  const items = [];
  for (const id of ids) {
    const computed = model.computed?.find((c) => c.id === id);
    if (!computed) continue;
    items.push(
      h(
        'div',
        { class: 'highlight', part: 'outcome-value', 'data-computed': id },
        h('dt', {}, text(computed.label) || id),
        h(
          'dd',
          { part: 'outcome-figure' },
          formatValue(result.computed?.[id], { format: computed.format, lang, currency }),
        ),
      ),
    );
  }
  return items.length ? h('dl', { class: 'highlights', part: 'outcome-values' }, items) : null;
}

// The score as a gauge (with its text for screen readers), when the model shows it.
/**
 * @param {Show} show
 * @param {ResultsContext} context
 */
function renderGauge(show, { result, lang, t }) {
  if (!show.score || result.stage === 'disqualified') return null;
  const gauge = h(
    'div',
    { class: 'gauge', 'aria-hidden': 'true' },
    h('span', { class: 'gauge-value' }, scoreText(result, lang)),
    h('span', { class: 'gauge-label' }, t('score')),
  );
  if (typeof result.percent === 'number') {
    gauge.style.setProperty('--lq-share', String(clampShare(result.percent, 100)));
  } else {
    gauge.classList.add('no-scale');
  }
  return h(
    'div',
    { class: 'outcome-score', part: 'outcome-score' },
    gauge,
    h('p', { class: 'visually-hidden' }, `${t('score')}: ${scoreText(result, lang)}`),
  );
}

// The stage of the model a result is in (none for a disqualified result), for its label.
/**
 * @param {Readonly<Model>} model the normalised model
 * @param {Partial<Result>} result
 */
export function stageOf(model, result) {
  return result.stage === 'disqualified' ? undefined : model.stages.find((s) => s.id === result.stage);
}

// The grade and the stage's label, only when the model shows them.
/**
 * @param {Show} show
 * @param {ResultsContext} context
 */
function renderChips(show, { model, result, text, t }) {
  const chips = [];
  if (show.grade && result.grade !== null && result.grade !== undefined) {
    chips.push(h('span', { class: 'chip', part: 'outcome-grade' }, `${t('grade')} ${result.grade}`));
  }
  const stage = show.stage && stageOf(model, result);
  if (stage) chips.push(h('span', { class: 'chip', part: 'stage' }, text(stage.label)));
  return chips.length ? h('p', { class: 'chips' }, chips) : null;
}

// The calls to action: the first is the main one, the others secondary. Only web, mail and
// phone links (the core refused anything else already; safeUrl guards a hand-made model too).
/**
 * @param {{cta?: CallToAction[]}} outcome
 * @param {ResultsContext} context
 */
function renderActions(outcome, context) {
  const links = [];
  for (const [i, cta] of (outcome.cta ?? []).entries()) {
    const href = safeUrl(cta.href);
    if (!href) continue;
    links.push(
      h(
        'a',
        { class: i === 0 ? 'cta' : 'cta secondary', part: i === 0 ? 'cta' : 'cta cta-secondary', href },
        fillPlaceholders(context.text(cta.label), context),
      ),
    );
  }
  return links;
}

/**
 * The results page's content for `result`: the score gauge beside the title and body, the
 * computed values, the calls to action, the breakdown by dimension, then `extra` (a restart
 * button). `context`: {model, result, lang, currency, text(localised) → string, t(key, params)}.
 * @param {ResultsContext} context
 * @param {unknown[]} [extra]
 * @returns {HTMLElement[]} (without the parts the page does not have: a null would be the text "null")
 */
export function renderResults(context, extra = []) {
  const { model, result, text, t } = context;
  const { outcome, show } = outcomeOf(model, result);
  const fill = (/** @type {unknown} */ value) => fillPlaceholders(text(value), context);
  const title = outcome.title ? fill(outcome.title) : t('results');
  const actions = renderActions(outcome, context);
  const parts = [
    h(
      'div',
      { class: 'outcome-hero' },
      renderGauge(show, context),
      h(
        'div',
        { class: 'outcome-text' },
        h('p', { class: 'eyebrow', part: 'outcome-eyebrow' }, t('results')),
        h('h2', { class: 'outcome-title', part: 'outcome-title', id: 'lq-outcome-title' }, title),
        renderChips(show, context),
        outcome.body ? h('p', { class: 'outcome-body', part: 'outcome-body' }, fill(outcome.body)) : null,
      ),
    ),
    renderValues(show.computed ?? [], context),
    actions.length ? h('div', { class: 'actions outcome-actions' }, actions) : null,
    renderBreakdown(show.dimensions ?? [], context),
    h('div', { class: 'outcome-footer' }, extra),
  ];
  return parts.filter((part) => part !== null);
}
