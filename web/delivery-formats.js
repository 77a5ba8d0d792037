// The wire formats of web/delivery-core.js that have a module of their own: the form post, Salesforce
// Web-to-Lead and HubSpot Forms (each one's encoder; delivery-core.js keeps what each says about its
// receiver, its endpoint and its checks), and the JSON webhook's signature. A page loads this file
// only for a destination that uses one of them (delivery-core.js, loadFormats()); web/delivery.js,
// the module users import, has it from the start.

/** @import { AdapterConfig, Payload } from './delivery.js' */
import { reasonsText } from './delivery-core.js';

// The value a mapping source names in a payload: a result member, a shared field, the
// submission id, the consent, or a computed value / dimension when the policy shares it.
/**
 * @param {Payload} payload
 * @param {string} source
 * @returns {unknown}
 */
function sourceValue(payload, source) {
  const r = payload.result || {};
  switch (source) {
    case 'score':
    case 'percent':
    case 'grade':
    case 'stage':
      return r[/** @type {'score' | 'percent' | 'grade' | 'stage'} */ (source)];
    case 'reasons':
      return r.reasons ? reasonsText(r) : undefined;
    case 'model':
      return r.model ? `${r.model.id}@${r.model.version}` : undefined;
    case 'submission_id':
      return payload.id;
    case 'submitted_at':
      return payload.submittedAt;
    case 'consent':
      return payload.consent?.given;
    default:
      break;
  }
  if (source.startsWith('dimensions.')) return r.dimensions?.[source.slice(11)];
  if (source.startsWith('computed.')) return r.computed?.[source.slice(9)];
  if (source.startsWith('consent.'))
    return payload.consent?.communications?.find((c) => c.id === source.slice(8))?.given;
  return payload.fields?.[source];
}

// [name, value] pairs of a CRM mapping: the shared fields by their own name unless mapped, then
// every mapped result item; `values` translates a source's values (stage → lifecyclestage).
/**
 * @param {Payload} payload
 * @param {AdapterConfig} config
 * @param {Record<string, string>} defaults
 * @returns {Array<[string, unknown]>}
 */
function mappedFields(payload, config, defaults) {
  /** @type {Record<string, string | null>} */
  const map = { ...defaults, ...(config.fields || {}) };
  /** @type {Array<[string, unknown]>} */
  const pairs = [];
  const seen = new Set();
  const add = (/** @type {string} */ source, /** @type {string | null} */ name) => {
    if (!name || seen.has(source)) return;
    seen.add(source);
    let value = sourceValue(payload, source);
    if (value === undefined || value === null || value === '') return;
    const translated = config.values?.[source];
    if (translated && !Array.isArray(value) && Object.hasOwn(translated, String(value)))
      value = translated[String(value)];
    pairs.push([name, value]);
  };
  for (const id of Object.keys(payload.fields || {})) add(id, id in map ? map[id] : id);
  for (const [source, name] of Object.entries(map)) add(source, name);
  return pairs;
}

const scalar = (/** @type {unknown} */ value) => (Array.isArray(value) ? value.join(';') : String(value));

// The collector's form format (docs/collector.md "Form-encoded") and what generic form backends
// take: flat names, and the result / context / anti-spam evidence as JSON text.
/**
 * @param {Payload} payload
 * @returns {{body: string, headers: Record<string, string>}}
 */
export function form(payload) {
  const r = payload.result || {};
  const p = new URLSearchParams();
  p.set('id', payload.id);
  p.set('submittedAt', payload.submittedAt);
  for (const [name, value] of Object.entries(payload.fields)) p.set(name, scalar(value));
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

// Salesforce Web-to-Lead: the names of the form Salesforce generates (Setup → Web-to-Lead):
// `oid`, `lead_source`, `retURL`, standard lead fields by name (`first_name`, `last_name`,
// `email`, `company`, …) and custom fields by their `00N…` id. A multi-select value repeats its
// name (as a <select multiple> posts it), a checkbox is "1" when ticked and absent otherwise.
// Web-to-Lead answers every post with 200 and no CORS header, and keeps no submission id.
/**
 * @param {Payload} payload
 * @param {AdapterConfig} config
 * @returns {{body: string, headers: Record<string, string>}}
 */
export function salesforce(payload, config) {
  const p = new URLSearchParams();
  p.set('oid', String(config.oid));
  if (config.leadSource) p.set('lead_source', String(config.leadSource));
  if (config.retURL) p.set('retURL', String(config.retURL));
  if (config.debug) {
    p.set('debug', '1');
    if (config.debugEmail) p.set('debugEmail', String(config.debugEmail));
  }
  for (const [name, value] of mappedFields(payload, config, {})) {
    if (Array.isArray(value)) for (const item of value) p.append(name, String(item));
    else if (value === true) p.set(name, '1');
    else if (value !== false) p.set(name, String(value));
  }
  return { body: p.toString(), headers: { 'Content-Type': 'application/x-www-form-urlencoded' } };
}

// HubSpot Forms API v3 (POST /submissions/v3/integration/submit/{portalId}/{formGuid}): fields as
// {objectTypeId, name, value} strings, submittedAt in ms, the `hubspotutk` cookie as
// context.hutk, consent as legalConsentOptions.consent with its communications. HubSpot refuses
// fields its form does not have, so every mapped name must be a field of that form.
/**
 * @param {Payload} payload
 * @param {AdapterConfig} config
 * @returns {{body: string, headers: Record<string, string>}}
 */
export function hubspot(payload, config) {
  const objectTypeId = config.objectTypeId || '0-1'; // HubSpot's contact object
  const defaults = { score: 'lead_score', grade: 'lead_grade', stage: 'lead_stage', reasons: 'lead_reasons' };
  const fields = mappedFields(payload, config, defaults).map(([name, value]) => ({
    objectTypeId,
    name,
    value: typeof value === 'boolean' ? String(value) : scalar(value),
  }));
  /** @type {{pageUri: string, pageName: unknown, hutk?: unknown}} */
  const context = {
    pageUri: payload.context?.url || '',
    pageName: config.pageName ?? globalThis.document?.title ?? '',
  };
  const hutk = config.hutk ?? hubspotCookie();
  if (hutk) context.hutk = hutk;
  // Without submittedAt, HubSpot stamps the time it receives the submission.
  const submitted = writtenMs(payload.submittedAt);
  /** @type {Record<string, unknown>} */
  const body = { ...(submitted === null ? {} : { submittedAt: String(submitted) }), fields, context };
  if (payload.consent.given) {
    /** @type {Record<string, unknown>} */
    const consent = { consentToProcess: true, text: payload.consent.text };
    const types = /** @type {Record<string, unknown>} */ (config.subscriptionTypes || {});
    const communications = (payload.consent.communications || [])
      .filter((c) => types[c.id] !== undefined)
      .map((c) => ({ value: c.given, subscriptionTypeId: Number(types[c.id]), text: c.text }));
    if (communications.length) consent.communications = communications;
    body.legalConsentOptions = { consent };
  }
  return { body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } };
}

// The milliseconds of a submittedAt exactly as buildPayload writes it (toISOString: UTC, "Z",
// milliseconds), else null. Only the inverse of that one formatter: every other date-time text
// (a leap second, an offset, no zone) means what the core's ISO 8601 parser says, which JS does
// not second-guess (docs/model.md#dates).
/**
 * @param {string} text
 * @returns {number | null}
 */
function writtenMs(text) {
  const ms = new Date(text).getTime();
  return Number.isFinite(ms) && new Date(ms).toISOString() === text ? ms : null;
}

/** @param {{cookie: string}} [doc] */
function hubspotCookie(doc = globalThis.document) {
  try {
    const match = /(?:^|;\s*)hubspotutk=([^;]*)/.exec(doc?.cookie || '');
    return match ? decodeURIComponent(match[1]) : '';
  } catch {
    return '';
  }
}

// The JSON webhook's signature, as Stripe and Typeform sign theirs: HMAC-SHA256 with the shared
// key over "<unix seconds>.<body>", sent as `Leadqual-Signature: t=<seconds>,v1=<hex>`. The
// collector's forwarder signs the same way (docs/collector.md "Forwarding").
/**
 * @param {string} key
 * @param {string} body
 * @param {number} [seconds]
 * @returns {Promise<string>}
 */
export async function signature(key, body, seconds = Math.floor(Date.now() / 1000)) {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) throw new Error('signing needs crypto.subtle, which browsers offer only on https:// pages');
  const bytes = new TextEncoder();
  const hmac = await subtle.importKey('raw', bytes.encode(key), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const mac = new Uint8Array(await subtle.sign('HMAC', hmac, bytes.encode(`${seconds}.${body}`)));
  return `t=${seconds},v1=${[...mac].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
}
