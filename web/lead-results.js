// <lead-results>: the results page of <lead-qualifier> on its own, for a page that has a result
// from elsewhere — a form scored by enhanceForm(), a result posted back. Same look, parts,
// custom properties and languages; the values come from the result, as always.
//
//   const page = document.createElement('lead-results');
//   page.show({ model: lead.qualifier.model, result: lead.result });
import { renderResults } from './results.js';
import { elementLanguage, uiText, localize, loadLanguage } from './i18n.js';
import { h } from './dom.js';
import { widgetSheet } from './widget-styles.js';

/** @import { Model, Result } from './leadqual.js' */

export class LeadResultsElement extends HTMLElement {
  /** @type {ShadowRoot} */
  #root;

  static get observedAttributes() {
    return ['lang'];
  }

  constructor() {
    super();
    this.#root = this.attachShadow({ mode: 'open' });
    this.#root.adoptedStyleSheets = [widgetSheet()];
    /** @type {{model: Readonly<Model>, result: Readonly<Result>} | null} */
    this.shown = null;
    /** @type {FocusOptions | null} */
    this.focusWanted = null; // focus() before the page was rendered: given to it when it is
  }

  get language() {
    return elementLanguage(this);
  }

  /**
   * Shows the results page of `result` for the normalised `model` (a Qualifier's `model`).
   * @param {{model: Readonly<Model>, result: Readonly<Result>}} shown
   */
  show({ model, result }) {
    this.shown = { model, result };
    this.render();
  }

  attributeChangedCallback() {
    if (this.shown) this.render();
  }

  render() {
    if (!this.shown) return;
    const { model, result } = this.shown;
    const lang = this.language;
    const strings = loadLanguage(lang);
    if (strings) {
      // The language's UI strings are loading (web/i18n.js): the page is shown once they are in.
      strings.then(() => this.render());
      return;
    }
    const content = renderResults({
      model,
      result,
      lang,
      currency: this.getAttribute('currency') || /** @type {string | undefined} */ (model['x-currency']) || 'USD',
      text: (value) => localize(value, lang, model.lang),
      t: (key, params) => uiText(lang, key, params),
    });
    const section = h(
      'section',
      { class: 'outcome', part: 'outcome', tabindex: '-1', 'aria-labelledby': 'lq-outcome-title' },
      content,
    );
    section.dataset.stage = result.stage;
    this.#root.replaceChildren(h('div', { class: 'lq results-page', part: 'container', lang }, section));
    if (this.focusWanted) section.focus(this.focusWanted);
    this.focusWanted = null;
  }

  /**
   * Moves the focus to the page (after it replaced a form the visitor just sent).
   * @param {FocusOptions} [options]
   */
  focus(options) {
    const page = /** @type {HTMLElement | null} */ (this.#root.querySelector('.outcome'));
    if (page) page.focus(options);
    else if (this.shown) this.focusWanted = options ?? {};
  }
}

if (!customElements.get('lead-results')) customElements.define('lead-results', LeadResultsElement);
