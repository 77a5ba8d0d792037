// Delivery of results: the payload (only the result and the fields the visitor agreed to share),
// its wire formats, and a persistent outbox that retries until the receiver acknowledges.
// Shared by <lead-qualifier> and enhanceForm().

export const FORMATS = ['json', 'form', 'hubspot'];
const OUTBOX_KEY = 'leadqual:outbox';
const MAX_AGE_MS = 7 * 24 * 3600 * 1000; // an undeliverable entry is dropped after a week

// RFC 4122 v4; crypto.randomUUID exists only in secure contexts, getRandomValues everywhere.
export function submissionId() {
  if (globalThis.crypto?.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

const UTM_KEYS = ['source', 'medium', 'campaign', 'term', 'content'];

// Where the visitor came from: page URL, referrer, utm_* parameters and the UI language.
export function pageContext(lang, loc = globalThis.location, doc = globalThis.document) {
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
export function sharedFields(model, answers, visible, consentGiven) {
  const consent = model?.submit?.consent;
  if (consent && consent.required && !consentGiven) return {};
  const shown = new Set(visible);
  const fields = {};
  for (const q of model?.questions || []) {
    if (q.share !== true || !shown.has(q.id)) continue;
    const value = answers[q.id];
    if (value === undefined || value === null || value === '') continue;
    fields[q.id] = value;
  }
  return fields;
}

// Errors can quote the offending answer; only their location and code travel.
function withoutAnswerEcho(result) {
  if (!Array.isArray(result?.errors) || !result.errors.length) return result;
  const errors = result.errors.map((e) => {
    const kept = {};
    for (const key of ['path', 'code']) if (e && e[key] !== undefined) kept[key] = e[key];
    return kept;
  });
  return { ...result, errors };
}

export function buildPayload({ result, model, answers, visible, consent, antispam, context, id, now }) {
  const given = Boolean(consent?.given);
  return {
    id: id || submissionId(),
    submittedAt: new Date(now ?? Date.now()).toISOString(),
    result: withoutAnswerEcho(result),
    fields: sharedFields(model, answers, visible, given),
    consent: { given, text: consent?.text || '' },
    context,
    antispam,
  };
}

function reasonsText(result) {
  return (result?.reasons || []).map((r) => `${r.text || r.id}: ${r.points > 0 ? '+' : ''}${r.points}`).join('; ');
}

function flatScalar(value) {
  return Array.isArray(value) ? value.join(';') : String(value);
}

// The wire form of a payload. JSON carries the submission id in an Idempotency-Key header too;
// the other two stay CORS "simple" requests (no custom header, no preflight), which CRM
// endpoints such as Web-to-Lead and HubSpot's form API accept cross-origin.
export function encode(payload, format = 'json', options = {}) {
  const r = payload.result || {};
  if (format === 'json') {
    return {
      body: JSON.stringify(payload),
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': payload.id },
    };
  }
  if (format === 'form') {
    const p = new URLSearchParams();
    p.set('id', payload.id);
    p.set('submittedAt', payload.submittedAt);
    for (const [name, value] of Object.entries(payload.fields)) p.set(name, flatScalar(value));
    p.set('lead_score', String(r.score ?? ''));
    p.set('lead_percent', String(r.percent ?? ''));
    p.set('lead_grade', r.grade ?? '');
    p.set('lead_stage', r.stage ?? '');
    p.set('lead_reasons', reasonsText(r));
    p.set('model_id', r.model?.id ?? '');
    p.set('model_version', r.model?.version ?? '');
    p.set('model_hash', r.model?.hash ?? '');
    p.set('consent', payload.consent.given ? 'true' : 'false');
    p.set('result', JSON.stringify(payload.result));
    p.set('context', JSON.stringify(payload.context));
    p.set('antispam', JSON.stringify(payload.antispam));
    return { body: p.toString(), headers: { 'Content-Type': 'application/x-www-form-urlencoded' } };
  }
  if (format === 'hubspot') {
    const objectTypeId = options.objectTypeId || '0-1'; // HubSpot's contact object
    const fields = Object.entries(payload.fields).map(([name, value]) => ({
      objectTypeId,
      name,
      value: flatScalar(value),
    }));
    for (const [name, value] of [
      ['lead_score', r.score],
      ['lead_grade', r.grade],
      ['lead_stage', r.stage],
      ['lead_reasons', reasonsText(r)],
    ]) {
      if (value !== undefined && value !== null) fields.push({ objectTypeId, name, value: String(value) });
    }
    const body = {
      submittedAt: String(Date.parse(payload.submittedAt)),
      fields,
      context: { pageUri: payload.context?.url || '', pageName: options.pageName || globalThis.document?.title || '' },
    };
    if (payload.consent.given)
      body.legalConsentOptions = { consent: { consentToProcess: true, text: payload.consent.text } };
    return { body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } };
  }
  throw new RangeError(`submit-format: unknown format '${format}' (expected one of ${FORMATS.join(', ')})`);
}

// localStorage, or memory where storage is blocked (private modes, sandboxed frames).
function openStorage(storage) {
  try {
    const probe = `${OUTBOX_KEY}:probe`;
    storage.setItem(probe, '1');
    storage.removeItem(probe);
    return storage;
  } catch {
    const memory = new Map();
    return {
      getItem: (k) => memory.get(k) ?? null,
      setItem: (k, v) => memory.set(k, v),
      removeItem: (k) => memory.delete(k),
    };
  }
}

function retryable(status) {
  return status === 408 || status === 425 || status === 429 || status >= 500;
}

// The outbox: every submission is written to storage before the first attempt and removed only
// when the endpoint answers 2xx (or refuses it for good with another 4xx). Network errors and
// 5xx are retried with exponential backoff and jitter; the outbox is flushed again when the
// browser comes back online, on page exit and on the next page load; every request is sent
// with `keepalive` so that leaving the page does not cancel it. Receivers deduplicate by the
// submission id, so a repeat is harmless.
export class Outbox extends EventTarget {
  constructor({
    storage = globalThis.localStorage,
    fetch = globalThis.fetch?.bind(globalThis),
    baseDelayMs = 1000,
    maxDelayMs = 5 * 60 * 1000,
    key = OUTBOX_KEY,
  } = {}) {
    super();
    this.storage = openStorage(storage);
    this.fetch = fetch;
    this.baseDelayMs = baseDelayMs;
    this.maxDelayMs = maxDelayMs;
    this.key = key;
    this.inFlight = new Set();
    this.timers = new Map();
  }

  entries() {
    try {
      const list = JSON.parse(this.storage.getItem(this.key) || '[]');
      return Array.isArray(list) ? list : [];
    } catch {
      return [];
    }
  }

  save(list) {
    this.storage.setItem(this.key, JSON.stringify(list));
  }

  update(id, change) {
    const list = this.entries();
    const i = list.findIndex((e) => e.id === id);
    if (i < 0) return;
    if (change) list[i] = { ...list[i], ...change };
    else list.splice(i, 1);
    this.save(list);
  }

  // Queue one payload for one endpoint and try to send it now.
  send(payload, { endpoint, format = 'json', options } = {}) {
    if (!endpoint) throw new TypeError('delivery: no endpoint to send the result to');
    const { body, headers } = encode(payload, format, options);
    const entry = { id: payload.id, endpoint, body, headers, attempts: 0, createdAt: Date.now() };
    this.save([...this.entries().filter((e) => e.id !== entry.id), entry]);
    // The request must leave in this task: a redirect right after submit would otherwise unload
    // the page before a lock is granted. A new entry has no other sender yet.
    this.attempt(entry.id, { direct: true });
    return entry.id;
  }

  // Send every queued entry now (page load, `online`); `direct` skips the cross-tab lock, whose
  // callback may come too late on page exit (a repeat is harmless).
  flush({ direct = false } = {}) {
    const now = Date.now();
    for (const entry of this.entries()) {
      if (now - entry.createdAt > MAX_AGE_MS) {
        this.update(entry.id, null);
        this.emit('failed', { id: entry.id, reason: 'expired' });
      } else {
        this.attempt(entry.id, { direct });
      }
    }
  }

  emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }

  // One sender per submission: within the page (inFlight) and across tabs and bundles sharing
  // this storage (a Web Lock per id, where the browser has them). The entry is read inside the
  // lock, so one that another sender just delivered is not sent again.
  async attempt(id, { direct = false } = {}) {
    if (this.inFlight.has(id)) return;
    this.inFlight.add(id);
    try {
      const locks = globalThis.navigator?.locks;
      if (locks && !direct)
        await locks.request(`${this.key}:${id}`, { ifAvailable: true }, (lock) => (lock ? this.deliver(id) : null));
      else await this.deliver(id);
    } finally {
      this.inFlight.delete(id);
    }
  }

  async deliver(id) {
    const entry = this.entries().find((e) => e.id === id);
    if (!entry) return;
    clearTimeout(this.timers.get(id));
    this.timers.delete(id);
    let status = 0;
    let error = null;
    try {
      const response = await this.fetch(entry.endpoint, {
        method: 'POST',
        headers: entry.headers,
        body: entry.body,
        // keepalive lets the request outlive the page (browsers cap such bodies at 64 KiB).
        keepalive: entry.body.length < 60000,
        credentials: 'omit',
      });
      status = response.status;
    } catch (e) {
      error = e; // offline, DNS, CORS or connection reset: all worth another try
    }
    if (status >= 200 && status < 300) {
      this.update(id, null);
      this.emit('delivered', { id, status });
      return;
    }
    if (status && !retryable(status)) {
      this.update(id, null);
      this.emit('failed', { id, status, reason: `HTTP ${status}` });
      return;
    }
    const attempts = entry.attempts + 1;
    this.update(id, { attempts });
    const offline = globalThis.navigator?.onLine === false;
    const delay = Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** (attempts - 1)) * (0.5 + Math.random() / 2);
    this.emit('retry', {
      id,
      status,
      attempts,
      offline,
      delayMs: offline ? null : delay,
      error: error ? String(error.message || error) : null,
    });
    // Offline, the `online` event brings the next attempt; a timer would only fail again.
    if (!offline)
      this.timers.set(
        id,
        setTimeout(() => this.attempt(id), delay),
      );
  }
}

let pageOutbox = null;

// The page's one outbox, flushed now (what an earlier page left), on `online` and on page exit.
export function outbox() {
  if (pageOutbox) return pageOutbox;
  pageOutbox = new Outbox();
  if (typeof window !== 'undefined') {
    window.addEventListener('online', () => pageOutbox.flush());
    // Entries waiting for a retry timer get one last try; every request is sent with keepalive.
    // Offline, they stay queued for the next page: a keepalive request started now may still
    // reach the receiver once the network is back, beside the next page's own flush.
    window.addEventListener('pagehide', () => {
      if (globalThis.navigator?.onLine !== false) pageOutbox.flush({ direct: true });
    });
  }
  queueMicrotask(() => pageOutbox.flush());
  return pageOutbox;
}
