// <lead-qualifier>: a leadqual model as a quiz, a form or a calculator, scored live by the core
// (WebAssembly) and delivered as a result. The element never decides a score, a visibility or a
// computed value itself: it renders what the core's session state says. With a compiled model
// the first screen is painted from the model's own first sections (web/compiled-header.js) while
// the runtime module loads; answers given meanwhile are kept and scored once it is in.
import { outbox, leadPayload, destination, deliverPayload, consentParts, progressReporter } from './delivery-core.js';
import { elementLanguage, uiText, localize, loadLanguage } from './i18n.js';
import { formatValue, unitLabel } from './format.js';
import { h, safeUrl } from './dom.js';
import { widgetSheet } from './widget-styles.js';
import { renderResults, outcomeOf, stageOf, clampShare } from './results.js';
import { quizProgress } from './progress.js';
import { questionControl } from './question-controls.js';
import { readCompiledHeader } from './compiled-header.js';

/**
 * @import { Model, ModelQuestion, Qualifier, Session, SessionState, Answers, Result } from './leadqual.js'
 * @import { WidgetMode } from './widget.js'
 * @import { ProgressReporter, SubmitConsent } from './delivery.js'
 */
/**
 * The normalised model on screen (the core fills in every list).
 * @typedef {Readonly<Model> & {questions: ModelQuestion[], stages: NonNullable<Model['stages']>,
 *   computed: NonNullable<Model['computed']>}} ShownModel
 */
/**
 * One question on screen: its root (with the option values, for choices), its inputs (a
 * <select> is read through the same value/type members), its error and a slider's output.
 * @typedef {{q: ModelQuestion, root: HTMLElement & {optionValues?: unknown[]}, inputs: HTMLInputElement[],
 *   error: HTMLElement, output: HTMLElement | null}} Field
 */

/** @type {readonly WidgetMode[]} */
const MODES = ['quiz', 'form', 'calculator'];
const SELECT_THRESHOLD = 8; // more options than this render as a drop-down instead of radios
// A load still running after this long shows the fallback content (it replaces it if it ends).
const LOAD_PATIENCE_MS = 10000;
// A load still running after this long shows the skeleton (skeletonAtFrame).
const SKELETON_DELAY_MS = 300;

// The JS API and its WebAssembly modules are loaded on first use, not before the widget runs: the
// model's fetch does not wait for them, nor the first paint of a compiled model.
/** @type {Promise<typeof import('./leadqual.js')> | null} */
let api = null;
function leadqualApi() {
  api ??= import('./leadqual.js');
  return api;
}

// The calculator's live panel (web/calculator-panel.js) is a module of its own that only a
// calculator imports, beside its UI strings: a quiz's or a form's page never downloads it. If it
// cannot be loaded, the calculator is shown without it (and the console says why).
/** @type {typeof import('./calculator-panel.js') | null} */
let calculator = null;
/** @type {Promise<void> | null} */
let calculatorLoad = null;
/** @returns {Promise<void> | null} null once it is in */
function loadCalculator() {
  if (calculator) return null;
  calculatorLoad ??= import('./calculator-panel.js').then(
    (module) => {
      calculator = module;
    },
    (error) => {
      calculatorLoad = null; // the next render asks again
      console.error(`leadqual: the calculator's panel could not be loaded: ${errorMessage(error)}`);
    },
  );
  return calculatorLoad;
}

// Starts the module a model needs at once: for a model's JSON the API and the core; for a
// compiled model only the fetch of the runtime's .wasm (beside the API, as leadqual.js finds it).
// The runtime's CPU work — the API's import, the .wasm's compile — starts in startRuntime(),
// once the first screen is out (or at once when there is none to paint), not to delay it.
const RUNTIME_WASM = new URL('./build/leadqual-runtime.wasm', import.meta.url);
/** @type {Promise<Response> | null} */
let runtimeWasm = null;
/** @type {Promise<unknown> | null} */
let runtimeStart = null;
/** @param {boolean} compiled */
function startModule(compiled) {
  if (!compiled) {
    leadqualApi()
      .then((m) => m.init())
      .catch(() => {}); // loadQualifier says what went wrong
    return;
  }
  if (runtimeWasm || runtimeStart) return;
  runtimeWasm = fetch(RUNTIME_WASM, { credentials: 'same-origin' });
  runtimeWasm.catch(() => {});
}
function startRuntime() {
  if (runtimeStart) return;
  const wasm = runtimeWasm ?? undefined;
  runtimeWasm = null; // a response is read once
  runtimeStart = leadqualApi().then((m) => m.initRuntime({ runtimeResponse: wasm }));
  runtimeStart.catch(() => {
    runtimeStart = null; // loadQualifier tries again and says what went wrong
  });
}
// What an earlier page left in the outbox (closed while offline, say) goes out once an element's
// first screen is out (or its load has ended), or at the page's load without one: opening the
// storage (a synchronous round trip to the browser on a page's first use) is then not on the way
// to the first question. Entries stay stored until then.
let outboxOpened = false;
function openOutbox() {
  if (outboxOpened) return;
  outboxOpened = true;
  outbox();
}

// Resolves once a frame with what is on screen now has been produced (the task after the next
// animation frame); at once in a hidden page, which draws no frames.
function afterFrame() {
  return new Promise((resolve) => {
    if (document.visibilityState === 'hidden') resolve(undefined);
    else requestAnimationFrame(() => setTimeout(resolve, 0));
  });
}

/** @param {unknown} value */
function isEmpty(value) {
  return value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);
}

/**
 * The element render() put under `root`.
 * @param {ParentNode} root
 * @param {string} selector
 */
function part(root, selector) {
  return /** @type {HTMLElement} */ (root.querySelector(selector));
}

/** @param {unknown} error */
function errorMessage(error) {
  return String((error instanceof Error && error.message) || error);
}

export class LeadQualifierElement extends HTMLElement {
  static get observedAttributes() {
    return ['model', 'lang', 'mode'];
  }

  // Read-only from outside (widget.d.ts): the element alone replaces them.
  /** @type {Qualifier | null} */
  #qualifier = null;
  /** @type {Session | null} */
  #session = null;
  /** @type {SessionState | null} */
  #state = null;
  /** @type {ShadowRoot} */
  #root;

  // The model and the state on screen, for the methods that run only once there is a model.
  get #shown() {
    return /** @type {ShownModel} */ (this.modelData);
  }

  get #view() {
    return /** @type {SessionState} */ (this.#state);
  }

  // Built by render(), read by the methods that update the screen.
  /** @type {Map<string, Field>} */ fields;
  /** @type {HTMLElement} */ progress;
  /** @type {ReturnType<typeof import('./calculator-panel.js').calculatorPanel> | null} */ resultsPanel;
  /** @type {HTMLInputElement | null} */ consentBox;
  /** @type {Map<string, HTMLInputElement> | null} */ communicationBoxes;
  /** @type {HTMLInputElement} */ honeypot;
  /** @type {HTMLElement} */ formError;
  /** @type {HTMLButtonElement} */ backButton;
  /** @type {HTMLButtonElement} */ nextButton;
  /** @type {HTMLFormElement} */ form;
  /** @type {HTMLElement} */ outcome;
  /** @type {HTMLElement} */ status;
  /** @type {HTMLElement | null} */ introScreen;
  // Set by reset() for each visit.
  /** @type {Set<string>} */ answeredEarly = new Set();
  /** @type {boolean} */ introDone;
  /** @type {number} */ interactions;
  /** @type {string | null} */ current;
  /** @type {ProgressReporter | null} */ funnel;
  /** @type {number} */ startedAt;
  /** @type {SessionState | null} */ initialState = null;
  /** @type {Record<string, number | Array<number | string>> | null | undefined} */ signalValues;
  // The first screen of a compiled model (paintFirst) builds only the quiz's first step; the
  // other questions are built in the task after its frame (renderRest), before the runtime.
  /** @type {boolean} */ firstStepOnly = false;
  /** @type {HTMLElement | null} */ questionsBox = null;

  constructor() {
    super();
    this.#root = this.attachShadow({ mode: 'open' });
    this.#root.adoptedStyleSheets = [widgetSheet()];
    /** @type {Answers} */
    this.answers = {};
    /** @type {Set<string>} */
    this.touched = new Set();
    /** @type {{id: string, result: Readonly<Result>} | null} */
    this.submitted = null;
    /** @type {object | null} */
    this.loading = null;
    /** @type {ShownModel | null} */
    this.modelData = null; // the normalised model on screen: the compiled model's, then the runtime's
    /** @type {Array<() => void>} */
    this.waiting = []; // what the visitor did before the runtime was in (steps, submit)
  }

  /** @returns {Qualifier | null} */
  get qualifier() {
    return this.#qualifier;
  }

  /** @returns {Session | null} */
  get session() {
    return this.#session;
  }

  /** @returns {SessionState | null} */
  get state() {
    return this.#state;
  }

  /** @returns {WidgetMode} */
  get mode() {
    const mode = this.getAttribute('mode');
    return MODES.find((m) => m === mode) ?? 'quiz';
  }

  // The UI language of the screen being built: looked up once for it (a screen asks for it for
  // each of its strings and numbers; the lookup walks the element's ancestors), not kept after
  // it, so that `el.language` follows a changed lang attribute at once, as it always did.
  /** @type {import('./i18n.js').Language | null} */
  #screenLanguage = null;

  get language() {
    return this.#screenLanguage ?? elementLanguage(this);
  }

  /**
   * Runs `build` with the UI language looked up once (by the outermost of nested calls).
   * @template T
   * @param {() => T} build
   * @returns {T}
   */
  #inLanguage(build) {
    if (this.#screenLanguage !== null) return build();
    this.#screenLanguage = elementLanguage(this);
    try {
      return build();
    } finally {
      this.#screenLanguage = null;
    }
  }

  get model() {
    return this.modelData;
  }

  // Painted from the compiled model while the runtime loads: no session to score with yet.
  get scoring() {
    return this.#session !== null;
  }

  // The live result of the core (score, stage, computed…), or null before the model loads.
  get result() {
    return this.#state?.result ?? null;
  }

  connectedCallback() {
    if (!this.loading) this.load();
  }

  /**
   * @param {string} name
   * @param {string | null} oldValue
   * @param {string | null} newValue
   */
  attributeChangedCallback(name, oldValue, newValue) {
    if (oldValue === newValue || !this.loading) return;
    if (name === 'model') this.load();
    else this.rerender();
  }

  // What the screens wait for: the UI strings of the element's language (web/i18n.js; English
  // is always in) and a calculator's panel (loadCalculator); null when they are in.
  /** @returns {Promise<unknown> | null} */
  #screensNeed() {
    const strings = loadLanguage(this.language);
    const panel = this.mode === 'calculator' ? loadCalculator() : null;
    return strings && panel ? Promise.all([strings, panel]) : (strings ?? panel);
  }

  // Renders the model on screen again once what its screens need is in (at once when it is).
  rerender() {
    const needed = this.#screensNeed();
    if (needed) needed.then(() => this.rerender());
    else if (this.modelData) this.render();
  }

  /**
   * @param {string} key
   * @param {Record<string, unknown>} [params]
   */
  t(key, params) {
    return uiText(this.language, key, params);
  }

  /** @param {unknown} value */
  text(value) {
    return localize(value, this.language, this.#shown?.lang);
  }

  /**
   * @param {string} name
   * @param {object} detail
   */
  emit(name, detail) {
    this.dispatchEvent(new CustomEvent(`leadqual:${name}`, { detail, bubbles: true, composed: true }));
  }

  /**
   * @param {'load' | 'submit'} phase
   * @param {unknown} error
   */
  fail(phase, error) {
    this.emit('error', { phase, error, message: errorMessage(error) });
  }

  modelSource() {
    const url = this.getAttribute('model');
    if (url) return new URL(url, document.baseURI).href;
    const inline = this.querySelector('script[type="application/json"]');
    if (!inline)
      throw new Error('<lead-qualifier>: give a model="URL" attribute or a <script type="application/json"> child');
    return JSON.parse(inline.textContent);
  }

  async load() {
    const ticket = {};
    this.loading = ticket;
    this.skeletonAtFrame(ticket);
    // The UI strings of a language other than English (and a calculator's panel) load beside the
    // model; the screens after the skeleton wait for them (#screensNeed; each resolves, English or
    // no panel, if it cannot be loaded).
    const strings = this.#screensNeed();
    const slow = setTimeout(() => {
      if (this.loading !== ticket || this.#qualifier) return;
      console.warn(`leadqual: ${this.describeSelf()} is still loading after ${LOAD_PATIENCE_MS / 1000} s`);
      openOutbox(); // an earlier page's leads do not wait for a load that may never end
      // A first screen painted from the compiled model stays: the visitor may be answering.
      if (!this.modelData) this.renderFallback();
    }, LOAD_PATIENCE_MS);
    try {
      const qualifier = await this.loadQualifier(ticket, strings);
      await strings;
      if (this.loading !== ticket) return; // a newer model attribute won
      this.attach(qualifier);
      this.emit('ready', { model: { id: qualifier.model.id, version: qualifier.model.version } });
    } catch (error) {
      await strings;
      if (this.loading !== ticket) return;
      this.detach();
      this.reportLoadFailure(error);
      this.renderFallback();
      this.fail('load', error);
    } finally {
      clearTimeout(slow);
      openOutbox();
    }
  }

  // Fetches the model itself, so that its fetch and the WebAssembly module's start together; a
  // compiled model is painted as soon as its bytes are in (paintFirst).
  /**
   * @param {object} ticket this load's; a newer load replaces this.loading
   * @param {Promise<unknown> | null} strings what the screens need (#screensNeed), awaited before the first paint
   * @returns {Promise<Qualifier>}
   */
  async loadQualifier(ticket, strings) {
    const source = this.modelSource();
    if (typeof source !== 'string') return (await leadqualApi()).loadQualifier(source);
    // The model's request first: on the way to the first screen, the .wasm's is not.
    const modelResponse = earlyModels.get(source) ?? fetch(source, { credentials: 'same-origin' });
    earlyModels.delete(source); // a response is read once
    startModule(/\.lqc$/i.test(new URL(source).pathname));
    let bytes = null;
    try {
      const response = await modelResponse;
      if (response.ok) bytes = new Uint8Array(await response.arrayBuffer());
    } catch {
      // loadQualifier below fetches it again and says why it failed
    }
    const header = bytes && readCompiledHeader(bytes);
    if (header && this.loading === ticket) {
      startModule(true);
      await strings;
      if (this.loading === ticket) {
        this.paintFirst(header);
        // The first screen goes out before the runtime's CPU work competes with it; then the
        // questions after the first step are built, before that work starts.
        await afterFrame();
        if (this.loading === ticket) this.renderRest();
      }
    }
    openOutbox();
    if (header || runtimeWasm) startRuntime();
    const { loadQualifier } = await leadqualApi();
    return loadQualifier(bytes ?? source);
  }

  // The first screen from the compiled model's normalised model and initial state, before the
  // runtime can score: answers are kept (this.answers) and steps wait in this.waiting.
  /** @param {{model: Readonly<Model>, state: SessionState}} header */
  paintFirst({ model, state }) {
    this.detach();
    this.modelData = /** @type {ShownModel} */ (model);
    this.initialState = state;
    this.firstStepOnly = true;
    this.reset();
  }

  // The runtime is in: the session takes over what is on screen (the same model), with every
  // answer given meanwhile, then whatever the visitor asked for meanwhile is done.
  /** @param {Qualifier} qualifier */
  attach(qualifier) {
    const painted = this.modelData !== null && this.#qualifier === null && this.#session === null;
    this.#qualifier?.dispose?.();
    this.#qualifier = qualifier;
    this.modelData = /** @type {ShownModel} */ (qualifier.model);
    try {
      this.destination(); // starts loading what its format needs (web/delivery-formats.js) now
    } catch {
      // a destination that cannot be made is reported at the submit
    }
    if (!painted) {
      this.reset();
      return;
    }
    this.renderRest();
    this.#session = this.newSession();
    for (const [id, value] of Object.entries(this.answers)) this.#session.set(id, value);
    this.#state = this.#session.state;
    this.update();
    this.showErrors([...this.touched]);
    for (const id of this.answeredEarly) this.emit('change', { question: id, result: this.#view.result });
    this.answeredEarly.clear();
    const waiting = this.waiting;
    this.waiting = [];
    for (const action of waiting) action();
  }

  detach() {
    this.#qualifier?.dispose?.();
    this.#qualifier = null;
    this.#session = null;
    this.modelData = null;
    this.waiting = [];
  }

  describeSelf() {
    const url = this.getAttribute('model');
    return url ? `<lead-qualifier model="${url}">` : '<lead-qualifier> (inline model)';
  }

  // The developer's view of a failed load: the cause (HTTP status, invalid JSON, the model's
  // first errors by JSON Pointer) in the console.
  /** @param {unknown} error */
  reportLoadFailure(error) {
    const errors = /** @type {{errors?: Array<{pointer?: string, message: string}>} | null} */ (error)?.errors || [];
    const located = errors
      .slice(0, 5)
      .map((e) => `\n  ${e.pointer || '/'}: ${e.message}`)
      .join('');
    const more = errors.length > 5 ? `\n  … and ${errors.length - 5} more` : '';
    console.error(`leadqual: ${this.describeSelf()} could not load: ${errorMessage(error)}${located}${more}`);
  }

  // Behavioural signals the page supplies (docs/model.md "Signals"): {pricing_views: 3,
  // webinar_attended: ["2026-11-02"]}. Setting them rescores at once, answers kept.
  get signals() {
    return this.signalValues ?? null;
  }

  /** @param {Record<string, number | Array<number | string>> | null} value */
  set signals(value) {
    this.signalValues = value;
    if (!this.scoring) return; // the runtime's session starts with them
    const session = this.newSession();
    this.#session = session;
    for (const [id, answer] of Object.entries(this.answers)) session.set(id, answer);
    this.#state = session.state;
    this.update();
  }

  newSession() {
    return /** @type {Qualifier} */ (this.#qualifier).session(
      this.signalValues ? { signals: this.signalValues } : undefined,
    );
  }

  // A fresh visit: no answers, first step, new timer for the anti-spam evidence.
  reset({ intro = true } = {}) {
    this.introDone = !intro;
    this.#session = this.#qualifier ? this.newSession() : null;
    this.answers = {};
    this.answeredEarly = new Set();
    this.touched = new Set();
    this.submitted = null;
    this.interactions = 0;
    const params = new URLSearchParams(location.search);
    for (const q of this.#shown.questions) {
      // Hidden questions carry page facts: taken from a URL parameter of the same name.
      if (q.type === 'hidden' && params.has(q.id)) this.answers[q.id] = params.get(q.id);
      // A slider always shows a value, so what the visitor sees is what is scored.
      if (q.type === 'range') this.answers[q.id] = this.sliderStart(q);
    }
    for (const [id, value] of Object.entries(this.answers)) this.#session?.set(id, value);
    this.#state = this.#session ? this.#session.state : this.initialState;
    this.current = null;
    this.funnel = progressReporter(this.getAttribute('progress-endpoint'), this.#shown);
    this.render();
    this.startedAt = performance.now();
  }

  /** @param {ModelQuestion} q */
  sliderStart(q) {
    const step = q.step || 1;
    const [min, max] = /** @type {[number, number]} */ ([q.min, q.max]); // a range has both
    return min + Math.round((max - min) / 2 / step) * step;
  }

  // Sets an answer from the page's own code (hidden questions, prefilled values).
  /**
   * @param {string} id
   * @param {unknown} value
   */
  setAnswer(id, value) {
    if (!this.modelData) throw new Error('<lead-qualifier>: the model is not loaded yet (wait for leadqual:ready)');
    this.change(id, value);
    this.syncInputs(id);
  }

  // While a load runs the visitor sees the widget's empty box from the next frame on (unless the
  // load has put its first screen or its fallback on screen before that frame), and the
  // skeleton's bones and "Loading…" only once the load has taken SKELETON_DELAY_MS: a compiled
  // model's first screen usually comes sooner, and a skeleton built, laid out, painted and
  // animated only to be replaced is work on the way to the first question (docs/performance.md,
  // "First paint, sixth session"). A hidden page draws the box when it is shown.
  /** @param {object} ticket the load's */
  skeletonAtFrame(ticket) {
    const before = this.#root.firstChild;
    requestAnimationFrame(() => {
      if (this.loading !== ticket || this.#root.firstChild !== before) return;
      const box = h('div', { class: 'lq skeleton', part: 'container', 'aria-busy': 'true' });
      this.#root.replaceChildren(box);
      setTimeout(() => {
        if (this.loading === ticket && this.#root.firstChild === box) this.renderSkeleton();
      }, SKELETON_DELAY_MS);
    });
  }

  renderSkeleton() {
    this.#root.replaceChildren(
      h(
        'div',
        { class: 'lq skeleton', part: 'container', 'aria-busy': 'true' },
        h('p', { class: 'visually-hidden', role: 'status' }, this.t('loading')),
        h('div', { class: 'bone title' }),
        h('div', { class: 'bone' }),
        h('div', { class: 'bone' }),
        h('div', { class: 'bone short' }),
      ),
    );
  }

  // What the visitor sees instead of a widget that cannot load: the element's own children
  // (e.g. a contact link), or else a short message. Never an endless skeleton.
  renderFallback() {
    const own = [...this.childNodes].some((n) =>
      n instanceof Element ? n.localName !== 'script' : n.nodeType === Node.TEXT_NODE && n.textContent?.trim(),
    );
    this.#root.replaceChildren(
      own
        ? h('div', { class: 'lq fallback', part: 'container fallback' }, h('slot'))
        : h(
            'div',
            { class: 'lq', part: 'container' },
            h('p', { class: 'load-error', part: 'error', role: 'alert' }, this.t('loadFailed')),
          ),
    );
  }

  // Builds the whole UI from the model and the current answers (on load, language or mode change).
  render() {
    return this.#inLanguage(() => this.#renderScreen());
  }

  #renderScreen() {
    const model = this.#shown;
    const mode = this.mode;
    this.fields = new Map();
    // A quiz shows one question at a time: the first paint builds only that one (renderRest).
    const only = this.firstStepOnly && mode === 'quiz' ? this.visibleSteps()[0] : undefined;
    this.firstStepOnly = false;
    const title = model.title
      ? h('h2', { class: 'title', part: 'title', id: 'lq-title' }, this.text(model.title))
      : null;
    const description = model.description
      ? h('p', { class: 'description', part: 'description' }, this.text(model.description))
      : null;

    const questions = h('div', { class: 'questions' });
    this.questionsBox = questions;
    for (const q of model.questions) {
      if (questionControl(q.type) === 'none' || (only !== undefined && q.id !== only)) continue;
      const field = this.renderQuestion(q);
      this.fields.set(q.id, field);
      questions.append(field.root);
    }

    this.progress = h(
      'div',
      { class: 'progress', part: 'progress' },
      h('p', { class: 'progress-text', 'aria-hidden': 'true' }),
      h('div', { class: 'track', role: 'progressbar', 'aria-valuemin': 0 }, h('div', { class: 'bar' })),
    );
    this.progress.hidden = mode !== 'quiz';

    this.resultsPanel =
      mode === 'calculator' && calculator
        ? calculator.calculatorPanel(model, {
            text: (value) => this.text(value),
            t: (key) => this.t(key),
            h,
            formatValue,
            stageOf,
            clampShare,
          })
        : null;

    const consent = /** @type {SubmitConsent | undefined} */ (model.submit?.consent);
    this.consentBox = null;
    this.communicationBoxes = null;
    let consentField = null;
    // The normalised model always has a consent object; a box is shown when it says something.
    if (consent && (consent.label || consent.required || consent.communications?.length)) {
      this.consentBox = h('input', {
        type: 'checkbox',
        id: 'lq-consent',
        'aria-describedby': 'lq-consent-error',
        required: Boolean(consent.required),
      });
      consentField = this.renderConsent(consent);
      this.consentBox.addEventListener('change', () => this.showConsentError(false));
    }

    // Humans never see or fill this field; form-filling bots usually do.
    this.honeypot = h('input', {
      type: 'text',
      name: 'website',
      tabindex: '-1',
      autocomplete: 'off',
      id: 'lq-website',
    });
    const honeypot = h(
      'div',
      { class: 'hp', 'aria-hidden': 'true' },
      h('label', { for: 'lq-website' }, this.t('honeypot')),
      this.honeypot,
    );

    this.formError = h('p', { class: 'form-error', part: 'error', role: 'alert' });
    this.backButton = h('button', { type: 'button', class: 'secondary', part: 'button back' }, this.t('back'));
    this.backButton.addEventListener('click', () => this.step(-1));
    this.nextButton = h('button', { type: 'submit', class: 'primary', part: 'button next' }, this.t('next'));
    const actions = h(
      'div',
      { class: 'actions', part: 'actions' },
      mode === 'quiz' ? this.backButton : null,
      this.nextButton,
    );

    this.form = h(
      'form',
      { class: `form mode-${mode}`, part: 'form', novalidate: true, 'aria-labelledby': title ? 'lq-title' : null },
      h('div', { class: 'body' }, questions, this.resultsPanel?.root),
      consentField,
      honeypot,
      this.formError,
      actions,
    );
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      if (this.mode === 'quiz') this.step(1);
      else this.submit();
    });
    this.form.addEventListener('keydown', (event) => this.onKeydown(event));
    this.form.addEventListener('input', () => this.interactions++);
    this.funnel?.startOn(this.form);

    this.outcome = h('section', {
      class: 'outcome',
      part: 'outcome',
      tabindex: '-1',
      hidden: true,
      'aria-labelledby': 'lq-outcome-title',
    });
    this.status = h('p', { class: 'status', part: 'status', role: 'status' });
    this.introScreen = this.renderIntro();
    this.form.hidden = Boolean(this.introScreen);
    // The intro, the questions and the results share one grid cell, so the widget is as tall as
    // the tallest of them from the start and moving between them moves nothing below it.
    const container = h(
      'div',
      { class: `lq mode-${mode}`, part: 'container', lang: this.language },
      h('header', { class: 'header', part: 'header' }, title, description),
      this.progress,
      h('div', { class: 'screens' }, this.introScreen, this.form, this.outcome),
      this.status,
    );
    this.#root.adoptedStyleSheets = this.resultsPanel ? [widgetSheet(), this.resultsPanel.sheet] : [widgetSheet()];
    this.#root.replaceChildren(container);
    if (this.submitted) this.showOutcome();
    this.update();
  }

  // The questions render() left out of the first screen, each built and put in its place in the
  // model's order (the one on screen is not moved: its focus stays); nothing when none was.
  renderRest() {
    return this.#inLanguage(() => this.#renderRestScreen());
  }

  #renderRestScreen() {
    const box = this.questionsBox;
    if (!box || !this.fields) return;
    const missing = this.#shown.questions.filter((q) => questionControl(q.type) !== 'none' && !this.fields.has(q.id));
    if (!missing.length) return;
    /** @type {Element | null} */
    let next = box.firstElementChild; // the first rendered field after the current position
    for (const q of this.#shown.questions) {
      const built = this.fields.get(q.id);
      if (built) {
        next = built.root.nextElementSibling;
        continue;
      }
      if (!missing.includes(q)) continue;
      const field = this.renderQuestion(q);
      this.fields.set(q.id, field);
      box.insertBefore(field.root, next);
    }
    this.update();
  }

  // The consent box (its label may carry a link, e.g. the privacy policy) and one box per extra
  // communication the model asks about (HubSpot subscription types, say).
  /** @param {SubmitConsent} consent */
  renderConsent(consent) {
    const [before, link, after] = consentParts(consent, (t) => this.text(t));
    const href = link && safeUrl(link.href);
    const label = h(
      'span',
      {},
      before || (link ? '' : this.t('submit')),
      link
        ? href
          ? h('a', { href, target: '_blank', rel: 'noopener', part: 'consent-link' }, link.label)
          : link.label
        : null,
      after,
    );
    const boxes = new Map();
    this.communicationBoxes = boxes;
    const communications = (consent.communications || []).map((c, i) => {
      const box = h('input', { type: 'checkbox', id: `lq-communication-${i}` });
      boxes.set(c.id, box);
      return h('label', { class: 'check', for: box.id }, box, h('span', {}, this.text(c.label)));
    });
    return h(
      'div',
      { class: 'field consent', part: 'field consent' },
      h('label', { class: 'check', for: 'lq-consent' }, this.consentBox, label),
      communications,
      h('p', { class: 'error', id: 'lq-consent-error', part: 'error', 'aria-live': 'polite' }),
    );
  }

  /**
   * @param {ModelQuestion} q
   * @returns {Field}
   */
  renderQuestion(q) {
    const id = `lq-q-${q.id}`;
    const help = q.help ? h('p', { class: 'help', id: `${id}-help`, part: 'help' }, this.text(q.help)) : null;
    const error = h('p', { class: 'error', id: `${id}-error`, part: 'error', 'aria-live': 'polite' });
    const describedBy = [help && `${id}-help`, `${id}-error`].filter(Boolean).join(' ');
    const label = this.text(q.label) || q.id;
    const required = q.required ? h('span', { class: 'req', 'aria-hidden': 'true' }, ' *') : null;
    const choices = q.options ?? []; // choice and multi: the core requires them
    /** @type {Field['root']} */
    let root;
    /** @type {HTMLInputElement[]} */
    let inputs;
    /** @type {HTMLElement | null} */
    let output = null;

    if (q.type === 'choice' && choices.length > SELECT_THRESHOLD) {
      const select = h(
        'select',
        { id, 'aria-describedby': describedBy, 'aria-required': q.required ? 'true' : null },
        h('option', { value: '' }, this.t('choose')),
        choices.map((o, i) => h('option', { value: String(i) }, this.text(o.label) || o.value)),
      );
      inputs = [/** @type {HTMLInputElement} */ (/** @type {unknown} */ (select))]; // read by value
      root = h(
        'div',
        { class: 'field', part: 'field' },
        h('label', { for: id, class: 'label', part: 'label' }, label, required),
        help,
        select,
        error,
      );
    } else if (questionControl(q.type) === 'options') {
      const kind = q.type === 'multi' ? 'checkbox' : 'radio';
      /** @type {Array<{value: string | boolean, label: string}>} */
      const options =
        q.type === 'boolean'
          ? [
              { value: true, label: this.t('yes') },
              { value: false, label: this.t('no') },
            ]
          : choices.map((o) => ({ value: o.value, label: this.text(o.label) || o.value }));
      const boxes = options.map((_, i) =>
        h('input', { type: kind, name: id, id: `${id}-${i}`, value: String(i), 'aria-describedby': describedBy }),
      );
      const legend = h('legend', { class: 'label', part: 'label' }, label, required);
      // A radiogroup (not a plain group) is what may carry aria-required.
      root = h(
        'fieldset',
        {
          class: `field choices ${kind}`,
          part: 'field',
          role: kind === 'radio' ? 'radiogroup' : null,
          'aria-required': q.required && kind === 'radio' ? 'true' : null,
        },
        legend,
        help,
        h(
          'div',
          { class: 'options', part: 'options' },
          options.map((o, i) =>
            h('label', { class: 'option', part: 'option', for: `${id}-${i}` }, boxes[i], h('span', {}, o.label)),
          ),
        ),
        error,
      );
      inputs = boxes;
      root.optionValues = options.map((o) => o.value);
    } else {
      /** @type {Record<string, unknown>} */
      const attrs = { id, 'aria-describedby': describedBy, 'aria-required': q.required ? 'true' : null };
      let input;
      if (q.type === 'number' || q.type === 'range') {
        Object.assign(attrs, {
          type: q.type === 'range' ? 'range' : 'number',
          min: q.min,
          max: q.max,
          step: q.step ?? 'any',
        });
        if (q.type === 'number') attrs.inputmode = 'decimal';
        if (q.placeholder) attrs.placeholder = this.text(q.placeholder);
        input = h('input', attrs);
      } else {
        Object.assign(attrs, {
          type: q.type === 'email' ? 'email' : 'text',
          maxlength: q.maxLength,
          placeholder: q.placeholder ? this.text(q.placeholder) : null,
        });
        if (q.type === 'email') attrs.autocomplete = 'email';
        input = h('input', attrs);
      }
      inputs = [input];
      const unit = unitLabel(q.unit, { lang: this.language, currency: this.currency });
      /** @type {HTMLElement} */
      let control = input;
      if (q.type === 'range') {
        output = h('output', { for: id, class: 'range-value', part: 'range-value' });
        control = h('div', { class: 'range' }, input, output);
      } else if (unit) {
        control = h(
          'div',
          { class: `affix ${q.unit === 'currency' ? 'prefix' : 'suffix'}` },
          q.unit === 'currency' ? h('span', { class: 'unit', 'aria-hidden': 'true' }, unit) : null,
          input,
          q.unit === 'currency' ? null : h('span', { class: 'unit', 'aria-hidden': 'true' }, unit),
        );
      }
      const labelText =
        unit && q.type !== 'range' ? [label, h('span', { class: 'visually-hidden' }, ` (${unit})`)] : [label];
      root = h(
        'div',
        { class: 'field', part: 'field' },
        h('label', { for: id, class: 'label', part: 'label' }, labelText, required),
        help,
        control,
        error,
      );
    }
    root.dataset.question = q.id;
    const field = { q, root, inputs, error, output };
    for (const input of inputs) {
      const on = input.type === 'radio' || input.type === 'checkbox' || input.tagName === 'SELECT' ? 'change' : 'input';
      input.addEventListener(on, () => this.onInput(field));
      input.addEventListener('blur', () => {
        if (!isEmpty(this.answers[q.id])) {
          this.touched.add(q.id);
          this.showErrors([q.id]);
        }
      });
    }
    this.fillInputs(field);
    return field;
  }

  get currency() {
    return this.getAttribute('currency') || /** @type {string | undefined} */ (this.modelData?.['x-currency']) || 'USD';
  }

  /**
   * Reads the visitor's input back into an answer of the question's type.
   * @param {Field} field
   * @returns {unknown}
   */
  readField(field) {
    const { q, inputs, root } = field;
    const first = inputs[0];
    const optionValues = root.optionValues ?? [];
    if (first.tagName === 'SELECT') return first.value === '' ? undefined : q.options?.[Number(first.value)].value;
    if (first.type === 'radio') {
      const checked = inputs.find((i) => i.checked);
      return checked ? optionValues[Number(checked.value)] : undefined;
    }
    if (first.type === 'checkbox') {
      const values = inputs.filter((i) => i.checked).map((i) => optionValues[Number(i.value)]);
      return values.length ? values : undefined;
    }
    if (first.type === 'number' || first.type === 'range') {
      if (first.validity.badInput) return first.value; // the core reports it as not_a_number
      return first.value === '' ? undefined : first.valueAsNumber;
    }
    return first.value === '' ? undefined : first.value;
  }

  /**
   * Puts an answer into the inputs (after a re-render or setAnswer).
   * @param {Field} field
   */
  fillInputs(field) {
    const value = this.answers[field.q.id];
    const first = field.inputs[0];
    if (first.tagName === 'SELECT') {
      const i = (field.q.options ?? []).findIndex((o) => o.value === value);
      first.value = i < 0 ? '' : String(i);
    } else if (first.type === 'radio' || first.type === 'checkbox') {
      const chosen = Array.isArray(value) ? value : [value];
      const optionValues = field.root.optionValues ?? [];
      field.inputs.forEach((input, i) => {
        input.checked = /** @type {unknown[]} */ (chosen).includes(optionValues[i]);
      });
    } else {
      first.value = isEmpty(value) ? '' : String(value);
    }
  }

  /** @param {string} id */
  syncInputs(id) {
    const field = this.fields?.get(id);
    if (field) this.fillInputs(field);
  }

  /** @param {Field} field */
  onInput(field) {
    const value = this.readField(field);
    this.change(field.q.id, value);
    // Choices are complete when made; typed answers are judged once the visitor leaves the field.
    if (field.inputs[0].type === 'radio' || field.inputs[0].type === 'checkbox' || field.inputs[0].tagName === 'SELECT')
      this.touched.add(field.q.id);
    if (this.touched.has(field.q.id)) this.showErrors([field.q.id]);
  }

  /**
   * @param {string} id
   * @param {unknown} value
   */
  change(id, value) {
    const session = this.#session;
    if (isEmpty(value)) {
      delete this.answers[id];
      session?.unset(id);
    } else {
      const answer = /** @type {Answers[string]} */ (value); // the core judges it
      this.answers[id] = answer;
      session?.set(id, answer);
    }
    if (!isEmpty(value)) this.funnel?.answered(id);
    if (!session) {
      this.answeredEarly.add(id); // scored, and announced, when the runtime is in (attach)
      this.update();
      return;
    }
    this.#state = session.state;
    this.update();
    const r = this.#view.result;
    // Analytics get the question id and the live result, never the raw answer.
    this.emit('change', { question: id, result: r });
  }

  visibleSteps() {
    const shown = new Set(this.#view.visible);
    return this.#shown.questions.filter((q) => q.type !== 'hidden' && shown.has(q.id)).map((q) => q.id);
  }

  // Applies the core's latest state to the screen: visibility, steps, computed values, score.
  update() {
    return this.#inLanguage(() => this.#updateScreen());
  }

  #updateScreen() {
    if (!this.fields) return;
    const visible = new Set(this.#view.visible);
    const steps = this.visibleSteps();
    const quiz = this.mode === 'quiz';
    if (quiz && (!this.current || !steps.includes(this.current))) {
      // The current question was hidden by an earlier answer: stay at the same position.
      const order = this.#shown.questions.map((q) => q.id);
      const before = this.current === null ? -1 : order.indexOf(this.current);
      this.current = steps.find((id) => order.indexOf(id) >= before) ?? steps[steps.length - 1] ?? null;
    }
    for (const [id, field] of this.fields) {
      field.root.hidden = !visible.has(id) || (quiz && id !== this.current);
      if (field.output)
        field.output.textContent = formatValue(this.answers[id], {
          unit: field.q.unit,
          lang: this.language,
          currency: this.currency,
        });
    }
    const index = this.current === null ? -1 : steps.indexOf(this.current);
    const last = !quiz || index === steps.length - 1;
    if (quiz) {
      this.updateProgress();
      this.backButton.hidden = index <= 0;
    }
    this.nextButton.textContent = last ? this.t('submit') : this.t('next');
    const consentField = this.consentBox?.closest('.field');
    // In a quiz the consent box keeps its place on every step (shown on the last), so the
    // actions below it never move.
    if (consentField) consentField.classList.toggle('later', !last);
    if (this.resultsPanel) this.updateResults();
  }

  // The quiz's progress: the share of the model's questions before the one on screen, so it
  // never jumps back when an answer shows more questions (web/progress.js).
  updateProgress() {
    const percent = quizProgress(this.#shown, this.current);
    const text = this.t('progress', { percent });
    part(this.progress, '.progress-text').textContent = text;
    const track = part(this.progress, '.track');
    track.setAttribute('aria-valuemax', '100');
    track.setAttribute('aria-valuenow', String(percent));
    track.setAttribute('aria-valuetext', text);
    track.setAttribute('aria-label', this.t('progressLabel'));
    part(this.progress, '.bar').style.width = `${percent}%`;
  }

  // The intro screen of a quiz (the model's `intro`), before the first question; null without one.
  renderIntro() {
    const intro = this.#shown.intro;
    if (this.mode !== 'quiz' || !intro || this.introDone || this.submitted) return null;
    const start = h(
      'button',
      { type: 'button', class: 'primary', part: 'button start' },
      this.text(intro.start) || this.t('start'),
    );
    start.addEventListener('click', () => this.startQuiz());
    return h(
      'section',
      { class: 'intro', part: 'intro', 'aria-labelledby': intro.title ? 'lq-intro-title' : null },
      intro.title
        ? h('h3', { class: 'intro-title', part: 'intro-title', id: 'lq-intro-title' }, this.text(intro.title))
        : null,
      intro.body ? h('p', { class: 'intro-body', part: 'intro-body' }, this.text(intro.body)) : null,
      h('div', { class: 'actions' }, start),
    );
  }

  startQuiz() {
    this.introDone = true;
    if (this.introScreen) this.introScreen.hidden = true; // keeps its space: nothing moves
    this.form.hidden = false;
    this.startedAt = performance.now();
    this.focusQuestion(this.current ?? this.visibleSteps()[0]);
  }

  updateResults() {
    // Before the runtime is in, the initial state's figures hold for no answers only: with
    // answers (a slider's start) the panel shows "—" until they are scored.
    const pending = !this.scoring && Object.keys(this.answers).length > 0;
    this.resultsPanel?.update(pending ? {} : this.#view.result, pending, this.language, this.currency);
  }

  // The message for each listed question: "required" for a missing answer, else the core's
  // error for it, worded in the UI language from its code.
  /** @param {string} id */
  questionError(id) {
    const q = /** @type {ModelQuestion} */ (this.#shown.questions.find((x) => x.id === id)); // a field's
    const error = this.#view.errors?.[id]?.[0];
    if (error) {
      switch (error.code) {
        case 'not_a_number':
          return this.t('number');
        case 'invalid_email':
          return this.t('email');
        case 'out_of_range':
          if (q.min !== undefined && q.max !== undefined) return this.t('between', { min: q.min, max: q.max });
          return q.min !== undefined ? this.t('atLeast', { min: q.min }) : this.t('atMost', { max: q.max });
        default:
          return this.t('invalid');
      }
    }
    if (q.required && isEmpty(this.answers[id])) return this.t('required');
    return '';
  }

  /**
   * @param {string[]} ids
   * @returns {Field | null} the first field with an error
   */
  showErrors(ids) {
    return this.#inLanguage(() => this.#showErrorsOf(ids));
  }

  /**
   * @param {string[]} ids
   * @returns {Field | null}
   */
  #showErrorsOf(ids) {
    let first = null;
    for (const id of ids) {
      const field = this.fields.get(id);
      if (!field) continue;
      const message = this.questionError(id);
      field.error.textContent = message;
      field.root.classList.toggle('invalid', Boolean(message));
      for (const input of field.inputs) {
        if (message) input.setAttribute('aria-invalid', 'true');
        else input.removeAttribute('aria-invalid');
      }
      if (message && !first) first = field;
    }
    return first;
  }

  /** @param {boolean} show */
  showConsentError(show) {
    const error = this.#root.getElementById('lq-consent-error');
    if (!error || !this.consentBox) return; // the error is the consent box's
    error.textContent = show ? this.t('consentRequired') : '';
    if (show) this.consentBox.setAttribute('aria-invalid', 'true');
    else this.consentBox.removeAttribute('aria-invalid');
  }

  consentMissing() {
    const consent = /** @type {SubmitConsent | undefined} */ (this.#shown.submit?.consent);
    return Boolean(consent?.required && !this.consentBox?.checked);
  }

  /**
   * Validates the listed questions; on a problem focuses the first one and says so.
   * @param {string[]} ids
   */
  check(ids) {
    ids.forEach((id) => this.touched.add(id));
    const invalid = this.showErrors(ids);
    if (invalid) {
      this.formError.textContent = this.t('fixErrors');
      invalid.inputs[0].focus();
      return false;
    }
    this.formError.textContent = '';
    return true;
  }

  /** @param {string | null | undefined} id */
  focusQuestion(id) {
    const field = id == null ? undefined : this.fields.get(id);
    if (!field) return;
    const target = field.inputs.find((i) => i.checked) || field.inputs[0];
    target.focus();
  }

  /** @param {number} direction */
  step(direction) {
    if (this.submitted) return;
    if (!this.scoring) {
      this.waiting.push(() => this.step(direction)); // which step is next depends on the answers
      return;
    }
    const steps = this.visibleSteps();
    const current = /** @type {string} */ (this.current); // a quiz always has a step on screen
    const index = steps.indexOf(current);
    if (direction > 0) {
      if (!this.check([current])) return;
      if (index === steps.length - 1) {
        this.submit();
        return;
      }
    }
    const next = steps[Math.max(0, Math.min(steps.length - 1, index + direction))];
    this.formError.textContent = '';
    this.current = next;
    this.update();
    this.focusQuestion(next);
  }

  /** @param {KeyboardEvent} event */
  onKeydown(event) {
    // Enter advances from a choice too (text inputs submit the form natively).
    if (event.key !== 'Enter' || event.isComposing) return;
    const target = /** @type {HTMLInputElement | undefined} */ (event.composedPath()[0]);
    if (target?.type === 'radio' || target?.type === 'checkbox') {
      event.preventDefault();
      this.form.requestSubmit();
    }
  }

  submit() {
    if (this.submitted) return;
    if (!this.scoring) {
      this.waiting.push(() => this.submit());
      return;
    }
    if (!this.check(this.visibleSteps())) return;
    if (this.consentMissing()) {
      this.showConsentError(true);
      this.formError.textContent = this.t('fixErrors');
      this.consentBox?.focus();
      return;
    }
    const result = this.#view.result;
    /** @type {Record<string, boolean>} */
    const communications = {};
    for (const [id, box] of this.communicationBoxes || []) communications[id] = box.checked;
    const payload = leadPayload({
      result,
      model: this.#shown,
      answers: this.answers,
      visible: this.#view.visible,
      choices: { given: this.consentBox ? this.consentBox.checked : true, communications },
      text: (t) => this.text(t),
      lang: this.language,
      antispam: {
        honeypot: this.honeypot.value,
        elapsedMs: Math.round(performance.now() - this.startedAt),
        minTimeMs: Number(this.getAttribute('min-time') || 3000),
        interactions: this.interactions,
      },
    });
    payload.antispam.tooFast = payload.antispam.elapsedMs < Number(payload.antispam.minTimeMs);
    this.submitted = { id: payload.id, result };
    const complete = new CustomEvent('leadqual:complete', {
      detail: { id: payload.id, result },
      bubbles: true,
      composed: true,
      cancelable: true,
    });
    const redirectAllowed = this.dispatchEvent(complete);
    if (this.hasAttribute('datalayer')) {
      const page = /** @type {{dataLayer?: object[]}} */ (/** @type {unknown} */ (window));
      (page.dataLayer = page.dataLayer || []).push({
        event: 'leadqual_complete',
        leadqual: {
          id: payload.id,
          model: result.model.id,
          score: result.score,
          grade: result.grade,
          stage: result.stage,
        },
      });
    }
    this.funnel?.completed();
    this.deliver(payload);
    this.showOutcome();
    const redirect = this.outcomeFor(result)?.redirect;
    const url = safeUrl(redirect);
    if (url && redirectAllowed) location.assign(url); // the outbox request is sent with keepalive
  }

  // Where the result goes: the model's submit section, overridden by the element's attributes.
  destination() {
    const attr = (/** @type {string} */ name) => this.getAttribute(name) || undefined;
    return destination(this.#shown, {
      // destination() refuses a format it does not know
      format: /** @type {import('./delivery.js').SubmitFormat | undefined} */ (attr('submit-format')),
      endpoint: attr('endpoint'),
      signingKey: attr('signing-key'),
      hubspot: Object.fromEntries(
        [
          ['portalId', attr('hubspot-portal')],
          ['formGuid', attr('hubspot-form')],
        ].filter(([, v]) => v),
      ),
      salesforce: attr('salesforce-oid') ? { oid: attr('salesforce-oid') } : {},
    });
  }

  /** @param {import('./delivery.js').Payload} payload */
  deliver(payload) {
    let target;
    try {
      target = this.destination();
    } catch (error) {
      console.error(`leadqual: ${this.describeSelf()}: ${errorMessage(error)}`);
      this.fail('submit', error);
      return;
    }
    if (!target) return;
    deliverPayload(payload, target, {
      emit: (name, detail) => this.emit(name, detail),
      show: (key) => {
        this.status.textContent = this.t(key);
      },
    });
  }

  /** @param {Readonly<Result>} result */
  outcomeFor(result) {
    return outcomeOf(this.#shown, result).outcome;
  }

  // The results page (web/results.js) in place of the questions; the focus moves to it.
  showOutcome() {
    return this.#inLanguage(() => this.#showOutcomeScreen());
  }

  #showOutcomeScreen() {
    if (!this.submitted) return;
    const result = this.submitted.result;
    const restart = h('button', { type: 'button', class: 'secondary', part: 'button restart' }, this.t('restart'));
    restart.addEventListener('click', () => {
      this.reset({ intro: false });
      this.focusQuestion(this.current ?? this.visibleSteps()[0]);
    });
    this.outcome.replaceChildren(
      ...renderResults(
        {
          model: this.#shown,
          result,
          lang: this.language,
          currency: this.currency,
          text: (value) => this.text(value),
          t: (key, params) => this.t(key, params),
        },
        [restart],
      ),
    );
    this.outcome.dataset.stage = result.stage;
    this.form.hidden = true;
    this.progress.hidden = true;
    this.introScreen?.remove();
    this.outcome.hidden = false;
    this.outcome.focus();
  }
}

// The models of the elements already in the page are asked for as the module runs, before
// define() upgrades and connects them: a fetch() from a custom element's reaction costs the main
// thread about twice what it does from the module's own code (docs/performance.md, "First paint,
// seventh session"). Each element's load takes its model's response (once; a second element with
// the same model fetches its own), and what no upgrade took is dropped after define().
/** @type {Map<string, Promise<Response>>} */
const earlyModels = new Map();
if (!customElements.get('lead-qualifier')) {
  for (const element of document.querySelectorAll('lead-qualifier[model]')) {
    const model = element.getAttribute('model');
    const url = model && new URL(model, document.baseURI).href;
    if (!url || earlyModels.has(url)) continue;
    const response = fetch(url, { credentials: 'same-origin' });
    response.catch(() => {}); // the element's load says what went wrong
    earlyModels.set(url, response);
  }
  customElements.define('lead-qualifier', LeadQualifierElement);
  earlyModels.clear();
}
// The outbox's flush on a page without an element (each element's load opens it, openOutbox).
const openUnlessLoading = () => {
  if (!document.querySelector('lead-qualifier')) openOutbox();
};
if (document.readyState === 'complete') afterFrame().then(openUnlessLoading);
else window.addEventListener('load', openUnlessLoading, { once: true });
