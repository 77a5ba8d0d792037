// The studio's one door to the scoring core: every score, error, warning, compiled model and
// backtest comes from web/leadqual.js (the WebAssembly core). Nothing here decides anything;
// it only adapts to what the JS API offers in this build, so the rest of the studio does not
// change when the API grows (lint warnings, compileModel, backtest, the core's CSV reader).
import * as api from '../../leadqual.js';

export const { loadQualifier, LeadqualError } = api;

/**
 * Errors and lint warnings of a model: {errors: [{pointer, message}], warnings: [{pointer,
 * code, message}]}. Uses the core's checkModel when the build has it, else validateModel's
 * errors alone.
 */
export async function checkModel(model) {
  if (typeof api.checkModel === 'function') {
    const { errors = [], warnings = [] } = await api.checkModel(model);
    return { errors, warnings };
  }
  return { errors: await api.validateModel(model), warnings: [] };
}

export const features = {
  warnings: typeof api.checkModel === 'function',
  compile: typeof api.compileModel === 'function',
  backtest: typeof api.backtest === 'function',
  csv: typeof api.readLeads === 'function',
};

/** The compiled form of a model for export, or null when this build cannot compile. */
export async function compileModel(model) {
  return features.compile ? api.compileModel(model) : null;
}

/** The core's backtest of a CRM export (CSV text) with an outcome column. */
export async function backtest(model, csv, options) {
  if (!features.backtest) throw new api.LeadqualError('this build of the core has no backtest yet');
  return api.backtest(model, csv, options);
}

// Function names for completion in expression fields. The core knows them (function_names() in
// src/core/expr); until the core module exports that list, this is the table of
// docs/expressions.md "Functions".
const documentedFunctions = [
  'min',
  'max',
  'round',
  'floor',
  'ceil',
  'abs',
  'clamp',
  'lower',
  'upper',
  'len',
  'contains',
  'starts_with',
  'ends_with',
  'domain',
  'is_free_email',
  'is_disposable_email',
  'days_since',
  'coalesce',
];

export function functionNames() {
  return typeof api.functionNames === 'function' ? api.functionNames() : documentedFunctions;
}

const BOM = '\ufeff';

/** "jsonl" or "csv" for a dropped or pasted file, as `leadqual score` decides it. */
export function leadFormat(name, text) {
  if (/\.(jsonl|ndjson|json)$/i.test(name || '')) return 'jsonl';
  if (/\.csv$/i.test(name || '')) return 'csv';
  const first = text.replace(BOM, '').trimStart()[0];
  return first === '{' || first === '[' ? 'jsonl' : 'csv';
}

/**
 * Scores every lead of a JSON Lines or CSV text with the valid `model` (loaded as `qualifier`):
 * {rows: [{line, answers, result, json} | {line, error}], warnings}, one row per lead in order.
 * CSV is read by the core's streaming CSV reader, the one `leadqual score` uses (readLeads).
 */
export async function scoreLeads(model, qualifier, text, { format, now } = {}) {
  const options = { now: now ?? Date.now() };
  const scored = ({ line, answers }) => {
    try {
      const json = qualifier.scoreJSON(answers, options);
      return { line, answers, result: JSON.parse(json), json };
    } catch (error) {
      return { line, error: error.message };
    }
  };
  if (format === 'csv') {
    if (!features.csv) {
      throw new api.LeadqualError("CSV needs the core's CSV reader, which this build lacks: use JSON Lines");
    }
    const { leads, warnings } = await api.readLeads(model, text);
    return { rows: leads.map((lead) => (lead.error ? lead : scored(lead))), warnings };
  }
  const lines = text.replace(BOM, '').split('\n');
  if (lines[lines.length - 1] === '') lines.pop(); // the final line break ends the last line
  const rows = lines.map((raw, i) => {
    const line = i + 1;
    let answers;
    try {
      answers = JSON.parse(raw.endsWith('\r') ? raw.slice(0, -1) : raw);
    } catch (error) {
      return { line, error: error.message };
    }
    if (answers === null || typeof answers !== 'object' || Array.isArray(answers)) {
      return {
        line,
        error: `expected a JSON object of answers, got ${Array.isArray(answers) ? 'an array' : typeof answers}`,
      };
    }
    return scored({ line, answers });
  });
  return { rows, warnings: [] };
}
