// Delivery of results, the one place that defines what leaves the page and how:
// - what: the result as the model's `submit.result` allows (by default no reason texts, no
//   computed values, no per-dimension scores), the answers marked `share` (only with consent);
// - how: one adapter per destination (JSON webhook, form post, Salesforce Web-to-Lead, HubSpot
//   Forms), each with its wire format and its delivery guarantee;
// - until when: a persistent outbox that keeps an entry until the receiver acknowledged it, or
//   until its answer proves that a retry can never succeed (then it goes to a dead-letter list);
// - who hears of it: the element's events and the visitor's status message, for the widget and
//   enhanceForm() alike.
// This is the part the widget's and enhanceForm()'s bundles take; web/delivery.js, the module
// users import, is this with web/delivery-formats.js loaded from the start.

/** @import { Answers, Model, Result } from './leadqual.js' */
/**
 * @import { AdapterConfig, AntispamEvidence, ConsentRecord, DeadLetter, Destination, OutboxEntry,
 *   PageContext, Payload, ProgressReporter, ResultPolicy, SharedResult, SubmitConsent, SubmitFormat } from './delivery.js'
 */
/** @typedef {(t: unknown) => string} TextOf a model text in the visitor's language */
/**
 * `encodeWith`: the format's encoder was not loaded when it was queued; `body` is the payload's
 * JSON until it is encoded with this config, before it is sent.
 * @typedef {OutboxEntry & {signingKey?: string, endpoint?: string, encodeWith?: AdapterConfig}} QueuedEntry
 */

const OUTBOX_KEY = 'leadqual:outbox';
const DEAD_LETTER_KEY = 'leadqual:dead-letter';
const MAX_AGE_MS = 7 * 24 * 3600 * 1000; // an entry still undelivered after a week is dead-lettered
const DEAD_LETTERS_KEPT = 50;
// A request a closed page started may still be on its way (keepalive); until this long after it
// left, another page does not assume anything about it.
const IN_FLIGHT_MS = 2 * 60 * 1000;

// ---------------------------------------------------------------------------------------------
// What leaves the page

// RFC 4122 v4; crypto.randomUUID exists only in secure contexts, getRandomValues everywhere.
/** @returns {string} */
export function submissionId() {
  if (typeof globalThis.crypto?.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** @type {Array<keyof PageContext['utm']>} */
const UTM_KEYS = ['source', 'medium', 'campaign', 'term', 'content'];

// Where the visitor came from: page URL, referrer, utm_* parameters and the UI language.
/**
 * @param {string} lang
 * @param {{href: string, search: string}} [loc]
 * @param {{referrer: string}} [doc]
 * @returns {PageContext}
 */
export function pageContext(lang, loc = globalThis.location, doc = globalThis.document) {
  /** @type {PageContext['utm']} */
  const utm = {};
  const params = new URLSearchParams(loc?.search || '');
  for (const key of UTM_KEYS) {
    const value = params.get(`utm_${key}`);
    if (value) utm[key] = value;
  }
  return { url: loc?.href || '', referrer: doc?.referrer || '', utm, lang };
}

// The answers that may leave the page: questions marked `share: true` that are visible and
// answered, and only when the model's consent (if it asks for one) was given.
/**
 * @param {Model} model
 * @param {Answers} answers
 * @param {readonly string[]} visible
 * @param {boolean} consentGiven
 * @returns {Answers}
 */
export function sharedFields(model, answers, visible, consentGiven) {
  const consent = submitSection(model).consent;
  if (consent && consent.required && !consentGiven) return {};
  const shown = new Set(visible);
  /** @type {Answers} */
  const fields = {};
  for (const q of model?.questions || []) {
    if (q.share !== true || !shown.has(q.id)) continue;
    const value = answers[q.id];
    if (value === undefined || value === null || value === '') continue;
    fields[q.id] = value;
  }
  return fields;
}

// The model's `submit.result` (normalised by the core, docs/model.md "What the result shares");
// a model from before the policy existed gets the private default.
/**
 * @param {Model | null} model
 * @returns {ResultPolicy}
 */
export function resultPolicy(model) {
  const policy = submitSection(model).result || {};
  return {
    reasons: policy.reasons === 'ids' || policy.reasons === 'texts' ? policy.reasons : 'none',
    computed: Array.isArray(policy.computed) ? policy.computed : [],
    dimensions: policy.dimensions === true,
  };
}

// The result as it may leave the page. Always: the model's identity and its verdict (score,
// percent, grade, stage, which rule disqualified, complete) and the answer errors' path and code
// (a message could quote an answer). Only where the policy says so: per-dimension scores,
// reasons (ids, or ids and texts), the listed computed values.
/**
 * @param {Result} result
 * @param {ResultPolicy} [policy]
 * @returns {SharedResult}
 */
export function sharedResult(result, policy) {
  const p = policy || resultPolicy(null);
  /** @type {SharedResult} */
  const out = /** @type {SharedResult} */ ({
    model: result.model,
    score: result.score,
    percent: result.percent ?? null,
  });
  if (p.dimensions && result.dimensions) out.dimensions = result.dimensions;
  out.grade = result.grade ?? null;
  out.stage = result.stage;
  const dq = result.disqualified;
  out.disqualified = dq ? (p.reasons === 'texts' ? { rule: dq.rule, reason: dq.reason } : { rule: dq.rule }) : null;
  if (p.reasons !== 'none') {
    out.reasons = (result.reasons || []).map((r) =>
      p.reasons === 'texts' ? r : { source: r.source, id: r.id, dimension: r.dimension, points: r.points },
    );
  }
  if (p.computed.length) {
    /** @type {Record<string, number | null>} */
    const computed = {};
    for (const id of p.computed)
      if (result.computed && id in result.computed) computed[id] = /** @type {number | null} */ (result.computed[id]);
    out.computed = computed;
  }
  if (result.complete !== undefined) out.complete = result.complete;
  out.errors = (result.errors || []).map((e) => {
    /** @type {Record<string, string>} */
    const kept = {};
    for (const key of /** @type {const} */ (['path', 'code'])) if (e && e[key] !== undefined) kept[key] = e[key];
    return /** @type {{path: string, code: string}} */ (kept);
  });
  return out;
}

// The consent as given: the label's plain text (a link in it written as "label (URL)"), and one
// entry per extra communication checkbox the model asks about.
/**
 * @param {Model} model
 * @param {{given?: boolean, communications?: Record<string, boolean>}} [state]
 * @param {TextOf} [text]
 * @returns {ConsentRecord}
 */
export function consentRecord(
  model,
  { given = false, communications = {} } = {},
  text = (t) => /** @type {string} */ (t),
) {
  const consent = submitSection(model).consent;
  if (!consent || (!consent.label && !consent.required && !consent.communications?.length))
    return { given: Boolean(given), text: '' };
  /** @type {ConsentRecord} */
  const record = { given: Boolean(given), text: consentText(consent, text) };
  if (consent.communications?.length) {
    record.communications = consent.communications.map((c) => ({
      id: c.id,
      given: Boolean(communications[c.id]),
      text: text(c.label),
    }));
  }
  return record;
}

// The consent label split around its link (for rendering): [before, link, after]; the link is
// null when the model has none, and follows the label when its words are not in the label.
/**
 * @param {SubmitConsent | null | undefined} consent
 * @param {TextOf} [text]
 * @returns {[string, {label: string, href: string} | null, string]}
 */
export function consentParts(consent, text = (t) => /** @type {string} */ (t)) {
  const { label: labelText, link } = consent ?? {};
  const label = text(labelText) || '';
  if (!link) return [label, null, ''];
  const words = text(link.label) || link.href;
  const at = words ? label.indexOf(words) : -1;
  if (at < 0) return [label ? `${label} ` : '', { label: words, href: link.href }, ''];
  return [label.slice(0, at), { label: words, href: link.href }, label.slice(at + words.length)];
}

/**
 * @param {SubmitConsent} consent
 * @param {TextOf} text
 */
function consentText(consent, text) {
  const [before, link, after] = consentParts(consent, text);
  if (!link) return before;
  let href = link.href;
  try {
    href = new URL(link.href, globalThis.document?.baseURI).href;
  } catch {
    // keep it as written
  }
  return `${before}${link.label} (${href})${after}`;
}

/**
 * @param {{result: Result, model: Model, answers: Answers, visible: readonly string[], consent?: ConsentRecord,
 *   antispam: AntispamEvidence, context: PageContext, id?: string, now?: number}} parts
 * @returns {Payload}
 */
export function buildPayload({ result, model, answers, visible, consent, antispam, context, id, now }) {
  const given = Boolean(consent?.given);
  return {
    id: id || submissionId(),
    submittedAt: new Date(now ?? Date.now()).toISOString(),
    result: sharedResult(result, resultPolicy(model)),
    fields: sharedFields(model, answers, visible, given),
    consent: {
      given,
      text: consent?.text || '',
      ...(consent?.communications ? { communications: consent.communications } : {}),
    },
    context,
    antispam,
  };
}

/**
 * The payload of a lead the visitor just completed on this page, as <lead-qualifier> and
 * enhanceForm() send it: the consent recorded from the visitor's choices (consentRecord, texts in
 * their language) and the page's context (pageContext).
 * @param {{result: Result, model: Model, answers: Answers, visible: readonly string[],
 *   choices: {given?: boolean, communications?: Record<string, boolean>}, text: TextOf, lang: string,
 *   antispam: AntispamEvidence}} parts
 * @returns {Payload}
 */
export function leadPayload({ choices, text, lang, ...parts }) {
  return buildPayload({ ...parts, consent: consentRecord(parts.model, choices, text), context: pageContext(lang) });
}

// "text: +points; …" when the result carries reason texts, "id: +points; …" when only ids, ""
// when no reasons leave the page.
/**
 * @param {{reasons?: Array<{id: string, text?: string, points: number}>}} result
 * @returns {string}
 */
export function reasonsText(result) {
  return (result?.reasons || []).map((r) => `${r.text ?? r.id}: ${r.points > 0 ? '+' : ''}${r.points}`).join('; ');
}

// The lead_* fields enhanceForm() writes into a form before it submits (they leave with the
// form's own post, so they follow the same policy as every other format).
/** @type {['lead_score', 'lead_grade', 'lead_stage', 'lead_reasons']} */
export const HIDDEN_FIELDS = ['lead_score', 'lead_grade', 'lead_stage', 'lead_reasons'];
/**
 * @param {Result} result
 * @param {Model} model
 * @returns {Record<(typeof HIDDEN_FIELDS)[number], string>}
 */
export function hiddenFieldValues(result, model) {
  const shared = sharedResult(result, resultPolicy(model));
  return {
    lead_score: String(shared.score),
    lead_grade: shared.grade ?? '',
    lead_stage: shared.stage,
    lead_reasons: reasonsText(shared),
  };
}

// ---------------------------------------------------------------------------------------------
// Wire formats. Each adapter says how its receiver is reached (`cors`: the answer can be read;
// else the request is sent `no-cors` and any answer counts as received), whether the receiver
// deduplicates by submission id (`dedupes`), and builds the request from the payload alone, so
// nothing the payload does not carry can leave. The JSON webhook's encoder is here; the others
// and the webhook's signature are in web/delivery-formats.js, which a page loads only for a
// destination that uses one (loadFormats(): destination() starts it, Outbox waits for it).

/**
 * One destination's wire format (see above); `encode` is null until delivery-formats.js is in.
 * @typedef {object} Adapter
 * @property {boolean} cors
 * @property {boolean} dedupes
 * @property {(config: AdapterConfig) => string | null} [endpoint]
 * @property {(config: AdapterConfig, endpoint: string | null) => void} [check]
 * @property {((payload: Payload, config: AdapterConfig) => {body: string, headers: Record<string, string>}) | null} encode
 */
/** @typedef {typeof import('./delivery-formats.js')} Formats */

/** @type {Record<SubmitFormat, Adapter>} */
const ADAPTERS = {
  json: {
    cors: true,
    dedupes: true,
    encode: (payload) => ({
      body: JSON.stringify(payload),
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': payload.id },
    }),
  },
  // The collector's form format (docs/collector.md "Form-encoded") and generic form backends.
  form: { cors: false, dedupes: false, encode: null },
  // Salesforce Web-to-Lead answers every post with 200 and no CORS header, and keeps no
  // submission id.
  salesforce: {
    cors: false,
    dedupes: false,
    endpoint: () => 'https://webto.salesforce.com/servlet/servlet.WebToLead?encoding=UTF-8',
    check(config) {
      if (!config.oid)
        throw new TypeError(
          'salesforce: the organization id is missing (submit.salesforce.oid in the model, or the salesforce-oid attribute)',
        );
    },
    encode: null,
  },
  // HubSpot Forms API v3 (POST /submissions/v3/integration/submit/{portalId}/{formGuid}).
  hubspot: {
    cors: true,
    dedupes: false,
    endpoint: (config) =>
      config.portalId && config.formGuid
        ? `https://api.hsforms.com/submissions/v3/integration/submit/${encodeURIComponent(String(config.portalId))}/${encodeURIComponent(String(config.formGuid))}`
        : null,
    check(config, endpoint) {
      if (!endpoint)
        throw new TypeError(
          'hubspot: portalId and formGuid are missing (submit.hubspot in the model, or the hubspot-portal and hubspot-form attributes)',
        );
    },
    encode: null,
  },
};
/** @type {SubmitFormat[]} */
// (pure: the formats module, which takes a few helpers of this file, leaves the table out)
export const FORMATS = /** @type {SubmitFormat[]} */ (/* @__PURE__ */ Object.keys(ADAPTERS));

/** @type {Formats | null} */
let formats = null;
/** @type {Promise<Formats> | null} */
let formatsLoading = null;

/**
 * Takes the encoders and the signature of delivery-formats.js (web/delivery.js gives them at
 * once; a page that needs them gets them from loadFormats()).
 * @param {Formats} module
 */
export function adoptFormats(module) {
  formats = module;
  ADAPTERS.form.encode = module.form;
  ADAPTERS.salesforce.encode = module.salesforce;
  ADAPTERS.hubspot.encode = module.hubspot;
}

/**
 * delivery-formats.js, imported once (again after a failed load).
 * @returns {Promise<Formats>}
 */
export function loadFormats() {
  if (formats) return Promise.resolve(formats);
  formatsLoading ??= import('./delivery-formats.js').then(
    (module) => {
      adoptFormats(module);
      return module;
    },
    (cause) => {
      formatsLoading = null;
      throw new Error(`could not load delivery-formats.js: ${errorMessage(cause)}`, { cause });
    },
  );
  return formatsLoading;
}

/**
 * @param {unknown} format
 * @returns {Adapter}
 */
function adapterFor(format) {
  const adapter = Object.hasOwn(ADAPTERS, String(format)) ? ADAPTERS[/** @type {SubmitFormat} */ (format)] : undefined;
  if (!adapter)
    throw new RangeError(`submit-format: unknown format '${format}' (expected one of ${FORMATS.join(', ')})`);
  return adapter;
}

/**
 * The model's submit section as the core normalised it (docs/model.md "Submit").
 * @typedef {{format?: SubmitFormat, endpoint?: string, consent?: SubmitConsent,
 *   result?: {reasons?: ResultPolicy['reasons'], computed?: string[], dimensions?: boolean},
 *   [adapter: string]: unknown}} Submit
 */

/**
 * @param {Model | null | undefined} model
 * @returns {Submit}
 */
function submitSection(model) {
  return /** @type {Submit} */ (model?.submit) || {};
}

// Where and how one submission goes: the model's `submit` (format, endpoint, the adapter's own
// section) overridden by the element's attributes or enhanceForm()'s options. null when there
// is nowhere to post (events still fire). Throws a TypeError/RangeError saying what is missing.
/**
 * @param {Model} model
 * @param {{format?: SubmitFormat, endpoint?: string, signingKey?: string, hubspot?: AdapterConfig,
 *   salesforce?: AdapterConfig}} [overrides]
 * @param {string} [base]
 * @returns {Destination | null}
 */
export function destination(model, overrides = {}, base = globalThis.document?.baseURI) {
  const submit = submitSection(model);
  const format = overrides.format || submit.format || 'json';
  const adapter = adapterFor(format);
  /** @type {AdapterConfig} */
  const config = {
    .../** @type {AdapterConfig | undefined} */ (submit[format]),
    .../** @type {Record<string, AdapterConfig | undefined>} */ (overrides)[format],
  };
  const endpoint = overrides.endpoint || submit.endpoint || adapter.endpoint?.(config) || null;
  adapter.check?.(config, endpoint);
  if (!endpoint) return null;
  const signingKey = format === 'json' ? overrides.signingKey || null : null;
  // What the submission will need from delivery-formats.js starts loading now (a failure is
  // the outbox's to report).
  if (!adapter.encode || signingKey) loadFormats().catch(() => {});
  return { format, url: new URL(endpoint, base).href, config, signingKey };
}

// The request for one payload: {url, body, headers, cors, dedupes}.
/**
 * @param {Payload} payload
 * @param {SubmitFormat} [format]
 * @param {AdapterConfig} [config]
 * @returns {{body: string, headers: Record<string, string>, cors: boolean, dedupes: boolean}}
 */
export function encode(payload, format = 'json', config = {}) {
  const adapter = adapterFor(format);
  if (!adapter.encode) throw new Error(`${format}: the format's encoder is not loaded (loadFormats())`);
  return { ...adapter.encode(payload, config), cors: adapter.cors, dedupes: adapter.dedupes };
}

// The webhook's signature (delivery-formats.js).
/**
 * @param {string} key
 * @param {string} body
 */
async function signature(key, body) {
  return (await loadFormats()).signature(key, body);
}

// ---------------------------------------------------------------------------------------------
// The outbox

// localStorage, or memory where storage is blocked (private modes, sandboxed frames).
/**
 * @param {Storage | undefined} storage
 * @returns {Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>}
 */
function openStorage(storage) {
  try {
    const probe = `${OUTBOX_KEY}:probe`;
    if (!storage) throw new TypeError('no storage');
    storage.setItem(probe, '1');
    storage.removeItem(probe);
    return storage;
  } catch {
    /** @type {Map<string, string>} */
    const memory = new Map();
    return {
      getItem: (k) => memory.get(k) ?? null,
      setItem: (k, v) => void memory.set(k, v),
      removeItem: (k) => void memory.delete(k),
    };
  }
}

// What an answer means for the entry: 'delivered', 'retry' or 'refused' (a retry can never
// succeed: the receiver judged the content itself). A leadqual collector's unknown_model is not
// final: the collector may load that model later (it reloads its model folder).
/**
 * @param {number} status
 * @param {string | null} [code]
 * @returns {'delivered' | 'retry' | 'refused'}
 */
export function judge(status, code) {
  if (status >= 200 && status < 300) return 'delivered';
  if (status === 400 && code === 'unknown_model') return 'retry';
  if ([400, 410, 413, 415, 422].includes(status)) return 'refused';
  return 'retry';
}

/**
 * @template T
 * @param {Pick<Storage, 'getItem'>} storage
 * @param {string} key
 * @returns {T[]}
 */
function readList(storage, key) {
  try {
    const list = JSON.parse(storage.getItem(key) || '[]');
    return Array.isArray(list) ? list : [];
  } catch {
    return [];
  }
}

// What a refusal said: the collector's {"error": {"code", "message"}}, HubSpot's
// {"message", "errors": [{"message"}]}, or the start of the text.
/**
 * @param {Response} response
 * @returns {Promise<{code: string | null, message: string}>}
 */
async function refusal(response) {
  let text;
  try {
    text = await response.text();
  } catch {
    return { code: null, message: '' };
  }
  try {
    const body = JSON.parse(text);
    const error = body?.error && typeof body.error === 'object' ? body.error : body;
    const detail = Array.isArray(body?.errors)
      ? body.errors.map((/** @type {{message?: unknown}} */ e) => e?.message).filter(Boolean)
      : [];
    return {
      code: typeof error?.code === 'string' ? error.code : null,
      message: [error?.message, ...detail].filter((m) => typeof m === 'string').join(' ') || text.slice(0, 300),
    };
  } catch {
    return { code: null, message: text.slice(0, 300) };
  }
}

// Every submission is written to storage before the first attempt. It leaves the outbox when
// the receiver acknowledged it (2xx; for a no-cors receiver, any answer), or when the answer
// proves a retry can never succeed: then it moves to the dead-letter list, with a `failed`
// event and a console message. Network errors, 5xx, 408, 425, 429 (and the collector's
// unknown_model) are retried with exponential backoff and jitter; the outbox is flushed again
// when the browser comes back online, on page exit and on the next page load, and every request
// is sent with `keepalive`. A request to a receiver that cannot deduplicate is never repeated
// once it may have arrived (see docs/widget.md "Guarantees").
export class Outbox extends EventTarget {
  // Private (#): the bundles' minifier shortens these names, and no caller can depend on them.
  /** @type {Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>} */ #storage;
  /** @type {typeof globalThis.fetch | undefined} */ #fetch;
  /** @type {number} */ #baseDelayMs;
  /** @type {number} */ #maxDelayMs;
  /** @type {string} */ #key;
  /** @type {string} */ #deadLetterKey;
  /** @type {Pick<Console, 'error' | 'info'> | undefined} */ #console;
  /** @type {Set<string>} */ #inFlight = new Set();
  /** @type {Map<string, ReturnType<typeof setTimeout>>} */ #timers = new Map();

  /**
   * @param {{storage?: Storage, fetch?: typeof globalThis.fetch, baseDelayMs?: number, maxDelayMs?: number, key?: string,
   *   deadLetterKey?: string, console?: Pick<Console, 'error' | 'info'>}} [options]
   */
  constructor({
    storage = globalThis.localStorage,
    fetch = globalThis.fetch?.bind(globalThis),
    baseDelayMs = 1000,
    maxDelayMs = 5 * 60 * 1000,
    key = OUTBOX_KEY,
    deadLetterKey = DEAD_LETTER_KEY,
    console: log = globalThis.console,
  } = {}) {
    super();
    this.#storage = openStorage(storage);
    this.#fetch = fetch;
    this.#baseDelayMs = baseDelayMs;
    this.#maxDelayMs = maxDelayMs;
    this.#key = key;
    this.#deadLetterKey = deadLetterKey;
    this.#console = log;
  }

  /** @returns {QueuedEntry[]} */
  entries() {
    return readList(this.#storage, this.#key);
  }

  // Entries that can never be delivered as they are, newest last: {id, url, format, status,
  // reason, failedAt, body}. Kept so that no lead disappears unseen.
  /** @returns {DeadLetter[]} */
  deadLetters() {
    return readList(this.#storage, this.#deadLetterKey);
  }

  /** @param {QueuedEntry[]} list */
  #save(list) {
    this.#storage.setItem(this.#key, JSON.stringify(list));
  }

  /**
   * @param {string} id
   * @param {Partial<QueuedEntry> | null} change the fields to change, or null to remove the entry
   */
  #update(id, change) {
    const list = this.entries();
    const i = list.findIndex((e) => e.id === id);
    if (i < 0) return;
    if (change) list[i] = { ...list[i], ...change };
    else list.splice(i, 1);
    this.#save(list);
  }

  // Queue one payload for one destination (see destination()) and try to send it now.
  /**
   * @param {Payload} payload
   * @param {Destination} target
   * @returns {string}
   */
  send(payload, target) {
    if (!target?.url) throw new TypeError('delivery: no endpoint to send the result to');
    const { cors, dedupes, encode: ready } = adapterFor(target.format);
    const request = ready
      ? encode(payload, target.format, target.config)
      : { body: JSON.stringify(payload), headers: {}, cors, dedupes };
    /** @type {QueuedEntry} */
    const entry = {
      id: payload.id,
      url: target.url,
      format: target.format,
      body: request.body,
      headers: request.headers,
      cors: request.cors,
      dedupes: request.dedupes,
      attempts: 0,
      createdAt: Date.now(),
    };
    if (target.signingKey) entry.signingKey = target.signingKey;
    if (!ready) entry.encodeWith = target.config || {};
    this.#save([...this.entries().filter((e) => e.id !== entry.id), entry]);
    // The request must leave in this task: a redirect right after submit would otherwise unload
    // the page before a lock is granted. A new entry has no other sender yet.
    this.#attempt(entry.id, { direct: true });
    return entry.id;
  }

  // Send every queued entry now (page load, `online`); `direct` skips the cross-tab lock, whose
  // callback may come too late on page exit.
  /** @param {{direct?: boolean}} [options] */
  flush({ direct = false } = {}) {
    const now = Date.now();
    for (const entry of this.entries()) {
      if (now - entry.createdAt > MAX_AGE_MS) this.#deadLetter(entry, { reason: 'not delivered within 7 days' });
      else this.#attempt(entry.id, { direct });
    }
  }

  /**
   * @param {string} type
   * @param {object} detail
   */
  #emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }

  /**
   * @param {QueuedEntry} entry
   * @param {{status?: number | null, reason: string}} why
   */
  #deadLetter(entry, { status = null, reason }) {
    this.#update(entry.id, null);
    clearTimeout(this.#timers.get(entry.id));
    this.#timers.delete(entry.id);
    const letter = {
      id: entry.id,
      url: entry.url,
      format: entry.format,
      status,
      reason,
      failedAt: Date.now(),
      body: entry.body,
    };
    const kept = [...this.deadLetters().filter((e) => e.id !== entry.id), letter].slice(-DEAD_LETTERS_KEPT);
    try {
      this.#storage.setItem(this.#deadLetterKey, JSON.stringify(kept));
    } catch {
      // storage full: the console message below still names the submission
    }
    this.#console?.error?.(
      `leadqual: submission ${entry.id} to ${entry.url} cannot be delivered (${reason}); ` +
        `it is kept in localStorage '${this.#deadLetterKey}' (outbox().deadLetters())`,
    );
    this.#emit('failed', { id: entry.id, status, reason, deadLetter: true });
  }

  // One sender per submission: within the page (inFlight) and across tabs and bundles sharing
  // this storage (a Web Lock per id, where the browser has them). The entry is read inside the
  // lock, so one that another sender just delivered is not sent again.
  /**
   * @param {string} id
   * @param {{direct?: boolean}} [options]
   */
  async #attempt(id, { direct = false } = {}) {
    if (this.#inFlight.has(id)) return;
    this.#inFlight.add(id);
    try {
      const locks = globalThis.navigator?.locks;
      if (locks && !direct)
        await locks.request(`${this.#key}:${id}`, { ifAvailable: true }, (lock) => (lock ? this.#deliver(id) : null));
      else await this.#deliver(id);
    } finally {
      this.#inFlight.delete(id);
    }
  }

  /** @param {string} id */
  async #deliver(id) {
    const entry = this.entries().find((e) => e.id === id);
    if (!entry) return;
    clearTimeout(this.#timers.get(id));
    this.#timers.delete(id);
    const dedupes = entry.dedupes !== false; // entries queued before the field existed: JSON
    if (entry.sentAt && !dedupes) {
      // A request a page started and did not see answered: another page (closed since, or still
      // open) may have delivered it. This receiver cannot deduplicate, so it is not repeated.
      if (Date.now() - entry.sentAt < IN_FLIGHT_MS) return;
      this.#update(id, null);
      this.#console?.info?.(
        `leadqual: submission ${id} to ${entry.url} was sent by a page that closed before the answer; ` +
          'not repeated, since this receiver cannot deduplicate (at most once)',
      );
      this.#emit('delivered', { id, status: null, confirmed: false });
      return;
    }
    if (globalThis.navigator?.onLine === false) {
      this.#scheduleRetry(entry, { status: 0, offline: true, error: 'offline' });
      return;
    }
    if (entry.encodeWith) {
      try {
        await loadFormats();
        const { body, headers } = encode(JSON.parse(entry.body), entry.format, entry.encodeWith);
        this.#update(id, { body, headers, encodeWith: undefined });
        Object.assign(entry, { body, headers, encodeWith: undefined });
      } catch (e) {
        this.#scheduleRetry(entry, { status: 0, error: errorMessage(e) });
        return;
      }
    }
    /** @type {Response | null} */
    let response = null;
    /** @type {unknown} */
    let error = null;
    try {
      /** @type {Record<string, string>} */
      const headers = { ...entry.headers };
      if (entry.signingKey) headers['Leadqual-Signature'] = await signature(entry.signingKey, entry.body);
      if (!dedupes) this.#update(id, { sentAt: Date.now() });
      if (!this.#fetch) throw new TypeError('no fetch');
      response = await this.#fetch(entry.url || entry.endpoint || '', {
        method: 'POST',
        mode: entry.cors === false ? 'no-cors' : 'cors',
        headers,
        body: entry.body,
        // keepalive lets the request outlive the page (browsers cap such bodies at 64 KiB).
        keepalive: entry.body.length < 60000,
        credentials: 'omit',
      });
    } catch (e) {
      error = e; // offline, DNS, refused or reset connection, a CORS refusal: nothing was answered
      if (!dedupes) this.#update(id, { sentAt: null });
    }
    if (response && (response.type === 'opaque' || entry.cors === false)) {
      // A no-cors answer hides its status: the receiver answered, which is all we can know.
      this.#update(id, null);
      this.#emit('delivered', { id, status: null, confirmed: false });
      return;
    }
    if (response) {
      const { code, message } = response.ok ? { code: null, message: '' } : await refusal(response);
      const verdict = judge(response.status, code);
      if (verdict === 'delivered') {
        this.#update(id, null);
        this.#emit('delivered', { id, status: response.status, confirmed: true });
        return;
      }
      const reason = `HTTP ${response.status}${message ? `: ${message}` : ''}`;
      if (verdict === 'refused') {
        this.#deadLetter(entry, { status: response.status, reason });
        return;
      }
      const retryAfter = Number(response.headers?.get?.('Retry-After'));
      this.#scheduleRetry(entry, { status: response.status, error: reason, retryAfterMs: retryAfter * 1000 || 0 });
      return;
    }
    this.#scheduleRetry(entry, { status: 0, error: errorMessage(error) });
  }

  /**
   * @param {QueuedEntry} entry
   * @param {{status: number, error: string, offline?: boolean, retryAfterMs?: number}} why
   */
  #scheduleRetry(entry, { status, error, offline = false, retryAfterMs = 0 }) {
    const attempts = (entry.attempts || 0) + (offline ? 0 : 1);
    this.#update(entry.id, { attempts });
    const backoff =
      Math.min(this.#maxDelayMs, this.#baseDelayMs * 2 ** Math.max(0, attempts - 1)) * (0.5 + Math.random() / 2);
    const delay = Math.max(backoff, retryAfterMs);
    this.#emit('retry', { id: entry.id, status, attempts, offline, delayMs: offline ? null : delay, error });
    // Offline, the `online` event brings the next attempt; a timer would only fail again.
    if (!offline)
      this.#timers.set(
        entry.id,
        setTimeout(() => this.#attempt(entry.id), delay),
      );
  }
}

/** @param {unknown} error */
function errorMessage(error) {
  return String((error instanceof Error && error.message) || error);
}

// The page's one outbox, kept on the global object: every bundle that carries this module (the
// widget's, enhanceForm()'s) has a copy of it, and two outboxes would race for the same stored
// entries on `online`, where only the one that delivers an entry tells its listeners.
const PAGE_OUTBOX = Symbol.for('leadqual.outbox');

// The page's one outbox, flushed now (what an earlier page left), on `online` and on page exit.
/** @returns {Outbox} */
export function outbox() {
  const page = /** @type {{[PAGE_OUTBOX]?: Outbox}} */ (globalThis);
  const open = page[PAGE_OUTBOX];
  if (open) return open;
  const box = new Outbox();
  page[PAGE_OUTBOX] = box;
  if (typeof window !== 'undefined') {
    window.addEventListener('online', () => box.flush());
    // Entries waiting for a retry timer get one last try; every request is sent with keepalive.
    // Offline, they stay queued for the next page: a keepalive request started now may still
    // reach the receiver once the network is back, beside the next page's own flush.
    window.addEventListener('pagehide', () => {
      if (globalThis.navigator?.onLine !== false) box.flush({ direct: true });
    });
  }
  queueMicrotask(() => box.flush());
  return box;
}

// ---------------------------------------------------------------------------------------------
// The visit funnel (opt-in: `progress-endpoint`): that a visit started (touched a question),
// which questions it answered, never an answer, so a collector can count starts, completions and
// the drop-off per question, the first question's included. Best effort: one small no-cors
// request per step, not queued (a lost step skews a count, no lead is lost). A question that only some answers show reveals, by being answered, that it was shown.
const STARTS = ['focusin', 'pointerdown'];

/**
 * @param {string | null | undefined} endpoint
 * @param {{id?: string, version?: string} | null | undefined} model
 * @param {string} [base]
 * @returns {ProgressReporter | null}
 */
export function progressReporter(endpoint, model, base = globalThis.document?.baseURI) {
  if (!endpoint || !model?.id) return null;
  const url = new URL(endpoint, base).href;
  const session = submissionId(); // one per visit; nothing is stored in the browser
  const sent = new Set();
  const send = (/** @type {string} */ event, /** @type {string} */ question = '') => {
    const key = question ? `${event}:${question}` : event;
    if (sent.has(key)) return;
    sent.add(key);
    /** @type {Record<string, unknown>} */
    const body = { session, model: { id: model.id, version: model.version }, event };
    if (question) body.question = question;
    globalThis
      .fetch?.(url, {
        method: 'POST',
        mode: 'no-cors',
        keepalive: true,
        credentials: 'omit',
        headers: { 'Content-Type': 'text/plain' },
        body: JSON.stringify(body),
      })
      .catch(() => {});
  };
  return {
    // The visit starts when the visitor first touches `element` (the form): focus, or a press
    // (Safari does not focus a radio it clicks). Returns what stops watching.
    /** @param {EventTarget} element */
    startOn(element) {
      const start = () => send('start');
      for (const type of STARTS) element.addEventListener(type, start);
      return () => {
        for (const type of STARTS) element.removeEventListener(type, start);
      };
    },
    /** @param {string} question */
    answered(question) {
      send('start');
      send('answered', question);
    },
    completed() {
      send('start');
      send('complete');
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Reporting: one submission's delivery told to the page (events) and to the visitor (a status
// message key of i18n.js), the same way for <lead-qualifier> and enhanceForm().
//
// Status keys: sending → sent (acknowledged, or a no-cors receiver answered) | retrying (saved
// in this browser; tried again now and on later visits) | queued (offline) | sendFailed (the
// receiver refused it for good).
/**
 * @param {Payload} payload
 * @param {Destination} target
 * @param {{emit: (name: 'submitted' | 'error', detail: object) => void,
 *   show?: (key: 'sending' | 'sent' | 'retrying' | 'queued' | 'sendFailed') => void,
 *   box?: import('./delivery.js').Outbox}} report any outbox as delivery.d.ts declares it
 */
export function deliverPayload(payload, target, { emit, show = () => {}, box = outbox() }) {
  const id = payload.id;
  /** @type {Record<string, (detail: any) => void>} */
  const listeners = {
    delivered: (d) => {
      show('sent');
      emit('submitted', { id, status: d.status, confirmed: d.confirmed });
      stop();
    },
    retry: (d) => {
      show(d.offline ? 'queued' : 'retrying');
      emit('error', { phase: 'submit', id, retrying: true, status: d.status, message: d.error || `HTTP ${d.status}` });
    },
    failed: (d) => {
      show('sendFailed');
      emit('error', { phase: 'submit', id, retrying: false, deadLetter: true, status: d.status, message: d.reason });
      stop();
    },
  };
  /** @type {Record<string, (event: Event) => void>} */
  const bound = {};
  for (const [type, handler] of Object.entries(listeners)) {
    bound[type] = (event) => {
      const { detail } = /** @type {CustomEvent<{id: string}>} */ (event);
      if (detail.id === id) handler(detail);
    };
    box.addEventListener(type, bound[type]);
  }
  function stop() {
    for (const [type, listener] of Object.entries(bound)) box.removeEventListener(type, listener);
  }
  show('sending');
  try {
    box.send(payload, target);
  } catch (error) {
    stop();
    show('sendFailed');
    emit('error', { phase: 'submit', id, error, message: errorMessage(error) });
  }
}
