// enhanceForm(): scores a form that is already on the page (plain HTML or rendered by a marketing
// platform) as the visitor types, writes lead_score / lead_grade / lead_stage / lead_reasons
// hidden inputs before it submits, and can deliver the result like <lead-qualifier> does.
import { loadQualifier } from './leadqual.js';
import {
  outbox,
  buildPayload,
  pageContext,
  destination,
  deliverPayload,
  consentRecord,
  hiddenFieldValues,
  progressReporter,
  HIDDEN_FIELDS,
} from './delivery.js';
import { pickLanguage, localize } from './i18n.js';

export { HIDDEN_FIELDS };

// What an earlier page left in the outbox goes out now.
outbox();

function controls(form, name) {
  return [...form.elements].filter((el) => el.name === name && !el.disabled);
}

// A form control's value as an answer of the question's type; undefined means "not answered".
function readAnswer(question, elements) {
  if (!elements.length) return undefined;
  const first = elements[0];
  if (question.type === 'multi') {
    const values =
      first.tagName === 'SELECT'
        ? [...first.selectedOptions].map((o) => o.value)
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
 * @param {object} options
 *   model: a model URL or object (required); map: {questionId: fieldName} where names differ;
 *   endpoint, format ('json' | 'form' | 'salesforce' | 'hubspot'), signingKey, hubspot: {…},
 *   salesforce: {…}: deliver the result on submit (see docs/widget.md "Destinations");
 *   consentField: name of the checkbox that gives the model's consent (default "consent");
 *   communicationFields: {communicationId: checkbox name} for the model's extra consents;
 *   honeypotField: name of an existing honeypot input (default: one is added); lang.
 */
export async function enhanceForm(form, options = {}) {
  if (!(form instanceof HTMLFormElement))
    throw new TypeError('enhanceForm: the first argument must be a <form> element');
  if (!options.model) throw new TypeError('enhanceForm: options.model (a model URL or object) is required');
  const emit = (name, detail) => form.dispatchEvent(new CustomEvent(`leadqual:${name}`, { detail, bubbles: true }));
  let qualifier;
  try {
    const source = typeof options.model === 'string' ? new URL(options.model, document.baseURI).href : options.model;
    qualifier = await loadQualifier(source);
  } catch (error) {
    emit('error', { phase: 'load', error, message: String(error?.message || error) });
    throw error;
  }
  const model = qualifier.model;
  const map = options.map || {};
  const fieldName = (q) => map[q.id] || q.id;
  const lang = pickLanguage(options.lang, form.closest('[lang]')?.getAttribute('lang'), navigator.language);
  const session = qualifier.session();
  const startedAt = performance.now();
  const progress = progressReporter(options.progressEndpoint, model);
  let answers = {};

  const hidden = {};
  for (const name of HIDDEN_FIELDS) {
    hidden[name] =
      form.elements.namedItem(name) ||
      form.appendChild(Object.assign(document.createElement('input'), { type: 'hidden', name }));
  }
  let honeypot = options.honeypotField ? form.elements.namedItem(options.honeypotField) : null;
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
    for (const q of model.questions) {
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

  const onInput = (event) => {
    if (Object.values(hidden).includes(event.target) || event.target === honeypot) return;
    const state = refresh();
    const question = model.questions.find((q) => fieldName(q) === event.target.name);
    if (question && answers[question.id] !== undefined) progress?.answered(question.id);
    // Analytics see which field changed and the live result, never the raw answer.
    emit('change', { question: event.target.name, result: state.result });
  };

  const onSubmit = () => {
    const state = refresh();
    const consent = model.submit?.consent;
    const box = (name) => form.elements.namedItem(name);
    const communications = {};
    for (const [id, name] of Object.entries(options.communicationFields || {}))
      communications[id] = Boolean(box(name)?.checked);
    const needsConsent = Boolean(consent && (consent.label || consent.required));
    const payload = buildPayload({
      result: state.result,
      model,
      answers,
      visible: state.visible,
      consent: consentRecord(
        model,
        { given: needsConsent ? Boolean(box(options.consentField || 'consent')?.checked) : true, communications },
        (t) => localize(t, lang, model.lang),
      ),
      antispam: { honeypot: honeypot.value, elapsedMs: Math.round(performance.now() - startedAt) },
      context: pageContext(lang),
    });
    emit('complete', { id: payload.id, result: state.result });
    progress?.completed();
    let target;
    try {
      target = destination(model, {
        format: options.format,
        endpoint: options.endpoint,
        signingKey: options.signingKey,
        hubspot: options.hubspot,
        salesforce: options.salesforce,
      });
    } catch (error) {
      console.error(`leadqual: enhanceForm: ${error.message}`);
      emit('error', { phase: 'submit', id: payload.id, error, message: error.message });
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

  return {
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
  };
}
