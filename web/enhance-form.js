// enhanceForm(): scores a form that is already on the page (plain HTML or rendered by a marketing
// platform) as the visitor types, writes lead_score / lead_grade / lead_stage / lead_reasons
// hidden inputs before it submits, and can deliver the result like <lead-qualifier> does.
import { loadQualifier } from './leadqual.js';
import {
  outbox,
  leadPayload,
  destination,
  deliverPayload,
  hiddenFieldValues,
  progressReporter,
  HIDDEN_FIELDS,
} from './delivery-core.js';
import { pickLanguage, localize } from './i18n.js';

export { HIDDEN_FIELDS };

/** @import { Answers, ModelQuestion } from './leadqual.js' */
/** @import { EnhanceFormOptions, EnhancedForm } from './enhance-form.js' */
/** @typedef {HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement} Control */

// What an earlier page left in the outbox goes out now.
outbox();

/**
 * @param {HTMLFormElement} form
 * @param {string} name
 * @returns {Control[]}
 */
function controls(form, name) {
  return /** @type {Control[]} */ ([...form.elements]).filter((el) => el.name === name && !el.disabled);
}

// A form control's value as an answer of the question's type; undefined means "not answered".
/**
 * @param {ModelQuestion} question
 * @param {Control[]} controls
 * @returns {string | string[] | boolean | undefined}
 */
function readAnswer(question, controls) {
  if (!controls.length) return undefined;
  // Read as inputs: a <select>'s or <textarea>'s type is never radio or checkbox.
  const elements = /** @type {HTMLInputElement[]} */ (controls);
  const first = elements[0];
  if (question.type === 'multi') {
    const values =
      first.tagName === 'SELECT'
        ? [.../** @type {HTMLSelectElement} */ (controls[0]).selectedOptions].map((o) => o.value)
        : elements.filter((el) => el.checked).map((el) => el.value);
    return values.length ? values : undefined;
  }
  if (first.type === 'checkbox' && elements.length === 1) {
    // A lone checkbox is a yes/no question, or one option's value when checked.
    if (question.type === 'boolean') return first.checked;
    return first.checked ? first.value : undefined;
  }
  const chosen = first.type === 'radio' || first.type === 'checkbox' ? elements.find((el) => el.checked) : first;
  const value = chosen ? chosen.value : '';
  // As typed: the core alone reads a number from text ("42", "1e3") and refuses the rest ("0x10").
  return value === '' ? undefined : value;
}

/**
 * @param {HTMLFormElement} form
 * @param {EnhanceFormOptions} options
 * @returns {Promise<EnhancedForm>}
 *   model: a model URL or object (required); map: {questionId: fieldName} where names differ;
 *   endpoint, format ('json' | 'form' | 'salesforce' | 'hubspot'), signingKey, hubspot: {…},
 *   salesforce: {…}: deliver the result on submit (see docs/widget.md "Destinations");
 *   consentField: name of the checkbox that gives the model's consent (default "consent");
 *   communicationFields: {communicationId: checkbox name} for the model's extra consents;
 *   honeypotField: name of an existing honeypot input (default: one is added); lang.
 */
export async function enhanceForm(form, options = /** @type {EnhanceFormOptions} */ ({})) {
  if (!(form instanceof HTMLFormElement))
    throw new TypeError('enhanceForm: the first argument must be a <form> element');
  if (!options.model) throw new TypeError('enhanceForm: options.model (a model URL or object) is required');
  const emit = (/** @type {string} */ name, /** @type {object} */ detail) =>
    form.dispatchEvent(new CustomEvent(`leadqual:${name}`, { detail, bubbles: true }));
  let qualifier;
  try {
    const source = typeof options.model === 'string' ? new URL(options.model, document.baseURI).href : options.model;
    qualifier = await loadQualifier(source);
  } catch (error) {
    emit('error', { phase: 'load', error, message: String((error instanceof Error && error.message) || error) });
    throw error;
  }
  const model = qualifier.model;
  const questions = model.questions ?? [];
  const map = options.map || {};
  const fieldName = (/** @type {ModelQuestion} */ q) => map[q.id] || q.id;
  const lang = pickLanguage(options.lang, form.closest('[lang]')?.getAttribute('lang'), navigator.language);
  const session = qualifier.session();
  const startedAt = performance.now();
  const progress = progressReporter(options.progressEndpoint, model);
  // Where the result goes; made once now too, so that what its format needs
  // (web/delivery-formats.js) loads before the submit (which reports a destination that fails).
  const where = () =>
    destination(model, {
      format: options.format,
      endpoint: options.endpoint,
      signingKey: options.signingKey,
      hubspot: options.hubspot,
      salesforce: options.salesforce,
    });
  try {
    where();
  } catch {
    // said at the submit
  }
  /** @type {Answers} */
  let answers = {};
  const field = (/** @type {string} */ name) => /** @type {HTMLInputElement | null} */ (form.elements.namedItem(name));

  /** @type {Record<string, HTMLInputElement>} */
  const hidden = {};
  for (const name of HIDDEN_FIELDS) {
    hidden[name] =
      field(name) || form.appendChild(Object.assign(document.createElement('input'), { type: 'hidden', name }));
  }
  let honeypot = options.honeypotField ? field(options.honeypotField) : null;
  if (!honeypot) {
    // Off-screen through the CSSOM (allowed under a strict style-src), out of the tab order.
    honeypot = Object.assign(document.createElement('input'), {
      type: 'text',
      name: 'lq_website',
      tabIndex: -1,
      autocomplete: 'off',
    });
    honeypot.setAttribute('aria-hidden', 'true');
    Object.assign(honeypot.style, {
      position: 'absolute',
      left: '-10000px',
      width: '1px',
      height: '1px',
      opacity: '0',
    });
    form.appendChild(honeypot);
  }

  function refresh() {
    answers = {};
    for (const q of questions) {
      const value = readAnswer(q, controls(form, fieldName(q)));
      if (value === undefined) session.unset(q.id);
      else {
        answers[q.id] = value;
        session.set(q.id, value);
      }
    }
    // These leave with the form's own post: only what the model's submit.result shares.
    const values = hiddenFieldValues(session.state.result, model);
    for (const name of HIDDEN_FIELDS) hidden[name].value = values[name];
    return session.state;
  }

  const onInput = (/** @type {Event} */ event) => {
    const target = /** @type {HTMLInputElement} */ (event.target);
    if (Object.values(hidden).includes(target) || target === honeypot) return;
    const state = refresh();
    const question = questions.find((q) => fieldName(q) === target.name);
    if (question && answers[question.id] !== undefined) progress?.answered(question.id);
    // Analytics see which field changed and the live result, never the raw answer.
    emit('change', { question: target.name, result: state.result });
  };

  const onSubmit = () => {
    const state = refresh();
    const consent = /** @type {{label?: unknown, required?: boolean} | undefined} */ (model.submit?.consent);
    const box = field;
    /** @type {Record<string, boolean>} */
    const communications = {};
    for (const [id, name] of Object.entries(options.communicationFields || {}))
      communications[id] = Boolean(box(name)?.checked);
    const needsConsent = Boolean(consent && (consent.label || consent.required));
    const payload = leadPayload({
      result: state.result,
      model,
      answers,
      visible: state.visible,
      choices: {
        given: needsConsent ? Boolean(box(options.consentField || 'consent')?.checked) : true,
        communications,
      },
      text: (t) => localize(t, lang, model.lang),
      lang,
      antispam: { honeypot: honeypot.value, elapsedMs: Math.round(performance.now() - startedAt) },
    });
    emit('complete', { id: payload.id, result: state.result });
    progress?.completed();
    let target;
    try {
      target = where();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      console.error(`leadqual: enhanceForm: ${message}`);
      emit('error', { phase: 'submit', id: payload.id, error, message });
      return;
    }
    if (!target) return;
    deliverPayload(payload, target, {
      emit,
      // The form is the page's own: the delivery state is left on it for the page to style or read.
      show: (key) => {
        form.dataset.leadqualDelivery = key;
      },
    });
  };

  const unwatch = progress?.startOn(form);
  form.addEventListener('input', onInput);
  form.addEventListener('change', onInput);
  // Capture phase: the hidden fields are filled before any other submit handler reads the form.
  form.addEventListener('submit', onSubmit, true);
  refresh();
  emit('ready', { model: { id: model.id, version: model.version } });

  // Frozen: what the types call read-only cannot be replaced (a write throws in strict mode).
  return Object.freeze({
    qualifier,
    get state() {
      return session.state;
    },
    get result() {
      return session.state.result;
    },
    refresh,
    dispose() {
      unwatch?.();
      form.removeEventListener('input', onInput);
      form.removeEventListener('change', onInput);
      form.removeEventListener('submit', onSubmit, true);
      qualifier.dispose();
    },
  });
}
