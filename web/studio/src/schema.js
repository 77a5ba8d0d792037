// The model's vocabulary as models/model.schema.json states it (question types, formats, which
// keys each question type takes, which values are localised texts), so the studio's menus and
// its translation table follow the format instead of repeating it.
import schema from '../../../models/model.schema.json';
import * as ptr from './pointer.js';

const defs = schema.$defs;

function resolve(node) {
  let n = node;
  while (n && n.$ref) n = defs[n.$ref.replace('#/$defs/', '')];
  return n;
}

export const questionTypes = defs.question.properties.type.enum;
export const computedFormats = defs.computed.properties.format.enum;
export const submitFormats = defs.submit.properties.format.enum;
export const reservedNames = defs.name.allOf.find((s) => s.not)?.not.enum ?? [];

// A question type's branch of an `if: {properties: {type: …}}` condition of the schema.
function typeMatches(condition, type) {
  const t = condition?.properties?.type;
  if (!t) return false;
  return t.const !== undefined ? t.const === type : (t.enum ?? []).includes(type);
}

/** Keys a question of `type` may not have (e.g. `options` on a number). */
export function forbiddenKeys(type) {
  const out = new Set();
  for (const rule of defs.question.allOf ?? []) {
    const branch = typeMatches(rule.if, type) ? rule.then : rule.else;
    for (const [key, sub] of Object.entries(branch?.properties ?? {})) if (sub === false) out.add(key);
  }
  return out;
}

/** Keys a question of `type` must have beyond id and type (e.g. `options` on a choice). */
export function requiredKeys(type) {
  const out = new Set();
  for (const rule of defs.question.allOf ?? []) {
    const branch = typeMatches(rule.if, type) ? rule.then : rule.else;
    for (const key of branch?.required ?? []) out.add(key);
  }
  return out;
}

function isText(node) {
  return node === defs.text || node?.$ref === '#/$defs/text';
}

function walk(node, value, pointer, out) {
  const n = resolve(node);
  if (!n || value === undefined) return;
  if (isText(node) || n === defs.text) {
    out.push(pointer);
    return;
  }
  for (const sub of [...(n.allOf ?? []), ...(n.anyOf ?? []), ...(n.oneOf ?? [])]) {
    const s = resolve(sub);
    if (s?.properties || s?.items || s?.additionalProperties) walk(sub, value, pointer, out);
  }
  if (Array.isArray(value) && n.items) {
    value.forEach((v, i) => walk(n.items, v, `${pointer}/${i}`, out));
  } else if (value && typeof value === 'object' && !Array.isArray(value) && (n.properties || n.additionalProperties)) {
    for (const [key, v] of Object.entries(value)) {
      const sub = n.properties?.[key] ?? (typeof n.additionalProperties === 'object' ? n.additionalProperties : null);
      if (sub) walk(sub, v, `${pointer}/${ptr.escape(key)}`, out);
    }
  }
}

/** JSON Pointers of every localised text in the model, in document order. */
export function textPointers(model) {
  const out = [];
  walk(schema, model, '', out);
  return [...new Set(out)];
}
