// The JS API's tools: compiling, validating and checking a model, the format's vocabulary, the
// collector's result check, evaluate(), backtests and CSV leads, all run by the core module.
// web/leadqual.js exports them and imports this file on the first call of one, so a page that
// only scores (a quiz, a form) never downloads it; leadqual.js hands over what they share
// with it (`lq`). Their types for users are in leadqual.d.ts.

/**
 * @import { Json, LocatedError, InitOptions, EvaluateOptions, BacktestOptions, BacktestReport,
 *   CsvInput, CsvLead, Model, ModelWarning, Vocabulary, ResultChecker } from './leadqual.js'
 */
/** @typedef {Model | Record<string, unknown> | string | URL} ModelInput a model object or its URL */

/**
 * What web/leadqual.js shares with its tools.
 * @typedef {object} Internals
 * @property {(options?: InitOptions) => Promise<any>} init the core module's instance
 * @property {(modelOrUrl: unknown) => Promise<{bytes: Uint8Array, text?: undefined} | {text: string, bytes?: undefined}>} modelSource
 * @property {(core: any, text: string) => {handle?: {delete(): void}, errors?: LocatedError[]}} loadHandle
 * @property {<T>(call: () => T) => T} callCore
 * @property {(value: unknown, what: string) => string} toJSONText
 * @property {(now: unknown, m: any) => number} nowMs
 * @property {(value: unknown) => value is Record<string, unknown>} isPlainObject
 * @property {(binary: ArrayBuffer | ArrayBufferView) => Uint8Array} toBytes
 * @property {(errors: LocatedError[]) => Error} invalidModel the LeadqualError for a refused model
 * @property {typeof import('./leadqual.js').LeadqualError} LeadqualError
 * @property {Function} Qualifier
 */

/** @param {Internals} lq */
export function tools(lq) {
  const {
    init,
    modelSource,
    loadHandle,
    callCore,
    toJSONText,
    nowMs,
    isPlainObject,
    toBytes,
    invalidModel,
    LeadqualError,
    Qualifier,
  } = lq;

  // Reply convention of the bindings (wasm/bindings.cpp): a JSON array is a list of errors.
  /**
   * @param {string} reply
   * @param {string} what
   * @returns {string}
   */
  function unwrap(reply, what) {
    if (reply.charCodeAt(0) === 0x5b /* [ */) {
      const errors = JSON.parse(reply);
      const first = errors[0];
      const where = first.pointer ? `${first.pointer}: ` : '';
      const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
      throw new LeadqualError(`${what}: ${where}${first.message}${more}`, errors);
    }
    return reply;
  }

  /**
   * Compiles a model (an object, or a URL / file path to its JSON) with the core module: the bytes
   * `leadqual build` writes, for loadQualifier() and the runtime module. Rejects like loadQualifier.
   * @param {ModelInput} modelOrUrl
   * @param {InitOptions} [options]
   * @returns {Promise<Uint8Array>}
   */
  async function compileModel(modelOrUrl, options = {}) {
    const core = await init(options);
    const { text } = await modelSource(modelOrUrl);
    if (text === undefined) throw new LeadqualError('compileModel: the model is compiled already');
    return callCore(() => {
      const outcome = core.loadModel(text);
      try {
        if (!outcome.ok()) throw invalidModel(JSON.parse(outcome.errors()));
        return outcome.bytes().slice();
      } finally {
        outcome.delete();
      }
    });
  }

  /**
   * The located errors of a model ([] when it is valid).
   * @param {ModelInput} modelOrUrl
   * @param {InitOptions} [options]
   * @returns {Promise<LocatedError[]>}
   */
  async function validateModel(modelOrUrl, options = {}) {
    const core = await init(options);
    const { text } = await modelSource(modelOrUrl);
    if (text === undefined) throw new LeadqualError("validateModel: expected a model's JSON, not a compiled model");
    const { handle, errors } = loadHandle(core, text);
    handle?.delete();
    return errors ?? [];
  }

  /**
   * A model's located errors and, when it is valid, its lint warnings (what it says that it
   * probably does not mean; docs/model.md, "Warnings"): {errors: [{pointer, message}],
   * warnings: [{pointer, code, message}]}. Never throws for a bad model.
   * @param {ModelInput} modelOrUrl
   * @param {InitOptions} [options]
   * @returns {Promise<{errors: LocatedError[], warnings: ModelWarning[]}>}
   */
  async function checkModel(modelOrUrl, options = {}) {
    const core = await init(options);
    const { text } = await modelSource(modelOrUrl);
    if (text === undefined) throw new LeadqualError("checkModel: expected a model's JSON, not a compiled model");
    return JSON.parse(callCore(() => core.checkModel(text)));
  }

  /**
   * The words of the model format as the core defines them (src/core/compiler/vocabulary.cpp):
   * the question types (each one's keys, required keys and answer), every object's keys, the
   * computed and submit formats, the reason policies, the reserved names. The JSON Schema, the
   * published types, the widget's controls and delivery.js follow it.
   * @param {InitOptions} [options]
   * @returns {Promise<Vocabulary>}
   */
  async function vocabulary(options = {}) {
    const core = await init(options);
    return JSON.parse(callCore(() => core.vocabulary()));
  }

  /**
   * The collector's consistency check for the results of one model (docs/collector.md, "Checks"),
   * run by the core: `check(result, {flat})` lists every way `result` is not one this model could
   * have produced ([] when it is consistent), `flat` for the flat fields of a form post. Rejects
   * like loadQualifier for an invalid model; call dispose() when done.
   * @param {ModelInput} modelOrUrl
   * @param {InitOptions} [options]
   * @returns {Promise<ResultChecker>}
   */
  async function resultChecker(modelOrUrl, options = {}) {
    const core = await init(options);
    const { text } = await modelSource(modelOrUrl);
    if (text === undefined) throw new LeadqualError("resultChecker: expected a model's JSON, not a compiled model");
    const checker = callCore(() => new core.ResultChecker(text));
    if (!checker.ok()) {
      const errors = JSON.parse(checker.errors());
      checker.delete();
      throw invalidModel(errors);
    }
    let disposed = false;
    return {
      /**
       * @param {unknown} result
       * @param {{flat?: boolean}} [options]
       * @returns {LocatedError[]}
       */
      check(result, { flat = false } = {}) {
        if (disposed) throw new LeadqualError('resultChecker: used after dispose()');
        const resultText = toJSONText(result, 'result');
        return JSON.parse(callCore(() => checker.check(resultText, flat === true)));
      },
      dispose() {
        if (!disposed) checker.delete();
        disposed = true;
      },
    };
  }

  /**
   * Evaluates one expression — infix text ("employees >= 100") or JsonLogic — on a data object.
   * Throws a LeadqualError when it does not compile (`errors`) or fails while running
   * (`type`, e.g. "NaN", as in the JsonLogic suites). With {jsonlogic: true} a string rule is a
   * JsonLogic literal (as in json-logic-js) instead of infix text.
   * @param {Json} rule
   * @param {Json} [data]
   * @param {EvaluateOptions} [options]
   * @returns {Promise<Json>}
   */
  async function evaluate(rule, data = {}, options = {}) {
    const core = await init(options);
    const ruleText = toJSONText(rule, 'rule');
    const dataText = toJSONText(data, 'data');
    const now = nowMs(options.now, core);
    const reply = callCore(() => core.evaluate(ruleText, dataText, now, options.jsonlogic === true));
    const { value, failure } = JSON.parse(unwrap(reply, 'evaluate'));
    // A run-time failure comes apart from any value, so data shaped like one is still a value.
    if (failure) {
      const { type, message } = failure;
      throw new LeadqualError(`evaluate: ${message || type}`, [{ pointer: '', message: message || type }], {
        type,
      });
    }
    return value;
  }

  // ---------------------------------------------------------------------------------------------

  /**
   * @param {unknown} options
   * @param {any} core the core module (reads `now`)
   * @returns {string} the options as the core reads them (JSON text)
   */
  function backtestOptions(options, core) {
    if (!isPlainObject(options) || typeof options.outcome !== 'string' || options.outcome === '') {
      throw new LeadqualError('backtest: options.outcome must name the outcome column', [
        { pointer: '/outcome', message: 'expected a column name' },
      ]);
    }
    const { outcome, positive, map, now } = options;
    /** @type {{outcome: string, positive?: string[], map?: Record<string, unknown>, now?: number}} */
    const spelled = { outcome };
    if (positive !== undefined) {
      const values = Array.isArray(positive) ? positive : [positive];
      if (!values.every((value) => typeof value === 'string')) {
        throw new LeadqualError('backtest: options.positive must be a string or strings', [
          { pointer: '/positive', message: 'expected strings' },
        ]);
      }
      spelled.positive = values;
    }
    if (map !== undefined) {
      if (!isPlainObject(map) || !Object.values(map).every((value) => typeof value === 'string')) {
        throw new LeadqualError('backtest: options.map must be an object of column -> question id', [
          { pointer: '/map', message: 'expected an object of strings' },
        ]);
      }
      spelled.map = map;
    }
    const ms = nowMs(now, core);
    if (Number.isFinite(ms)) spelled.now = ms;
    return JSON.stringify(spelled);
  }

  // The CSV as strings: text itself, or each chunk of an iterable / async iterable (a File's
  // stream(), a fetch body, an array) of strings or bytes (decoded as UTF-8 across chunk ends).
  /**
   * @param {any} csv duck-typed, as below: text, a Blob, a stream, an (async) iterable
   * @param {string} what
   * @returns {AsyncGenerator<string>}
   */
  async function* csvChunks(csv, what) {
    if (typeof csv === 'string') {
      yield csv;
      return;
    }
    if (typeof Blob === 'function' && csv instanceof Blob) csv = csv.stream();
    if (csv && typeof csv.getReader === 'function' && typeof csv[Symbol.asyncIterator] !== 'function') {
      const reader = csv.getReader();
      csv = {
        async *[Symbol.asyncIterator]() {
          for (;;) {
            const { done, value } = await reader.read();
            if (done) return;
            yield value;
          }
        },
      };
    }
    if (!csv || (typeof csv[Symbol.asyncIterator] !== 'function' && typeof csv[Symbol.iterator] !== 'function')) {
      throw new LeadqualError(`${what}: expected the CSV as text, a Blob, a stream or an iterable of chunks`);
    }
    const decoder = new TextDecoder('utf-8');
    for await (const chunk of csv) {
      if (typeof chunk === 'string') {
        yield chunk;
      } else if (chunk instanceof Uint8Array || chunk instanceof ArrayBuffer || ArrayBuffer.isView(chunk)) {
        const text = decoder.decode(toBytes(chunk), { stream: true });
        if (text) yield text;
      } else {
        throw new LeadqualError(`${what}: a chunk of the CSV is neither text nor bytes`);
      }
    }
    const rest = decoder.decode();
    if (rest) yield rest;
  }

  /**
   * Backtests a model on a CRM history: scores every row of the CSV (text, a File/Blob, a stream
   * or an iterable of text or byte chunks) in the core module, here in the page (no row leaves it),
   * and returns the report of docs/calibration.md: {auc, lift, deciles, bands, stages, reasons,
   * wrong, leakage, rows, positives, rate, columns, skipped, problems, answer_errors, model,
   * outcome}. `model` is a model object, its URL, or its compiled bytes. Options: {outcome (the
   * column, required), positive (values meaning converted), map ({column: question id}), now}.
   * @param {ModelInput | Uint8Array | ArrayBuffer} model
   * @param {CsvInput} csv
   * @param {BacktestOptions} options
   * @returns {Promise<BacktestReport>}
   */
  async function backtest(model, csv, options = /** @type {BacktestOptions} */ ({})) {
    if (model instanceof Qualifier) {
      throw new LeadqualError('backtest: expected a model object, its URL or its compiled bytes, not a Qualifier');
    }
    const core = await init(options);
    const optionsJSON = backtestOptions(options, core);
    const { text, bytes } = await modelSource(model);
    const run = callCore(() => core.startBacktest(text ?? bytes, text === undefined, optionsJSON));
    try {
      const error = run.error();
      if (error) unwrap(error, 'backtest');
      for await (const chunk of csvChunks(csv, 'backtest')) callCore(() => run.feed(chunk));
      return JSON.parse(
        unwrap(
          callCore(() => run.finish()),
          'backtest',
        ),
      );
    } finally {
      run.delete();
    }
  }

  /**
   * Reads test leads from a CSV (text, a File/Blob, a stream or an iterable of chunks) as
   * `leadqual score` reads them, with the core's streaming CSV reader, in the page: a header row
   * of question ids or labels, then one lead per row, each cell converted by its question's type.
   * Returns {leads: [{line, answers} | {line, error}], warnings}: a row that cannot be read is an
   * error at its line, and the rest go on; `warnings` name the columns that answer no question.
   * Rejects when the model is invalid or the header cannot be read or mapped.
   * @param {ModelInput | Uint8Array | ArrayBuffer} model
   * @param {CsvInput} csv
   * @param {InitOptions} [options]
   * @returns {Promise<{leads: CsvLead[], warnings: string[]}>}
   */
  async function readLeads(model, csv, options = {}) {
    if (model instanceof Qualifier) {
      throw new LeadqualError('readLeads: expected a model object, its URL or its compiled bytes, not a Qualifier');
    }
    const core = await init(options);
    const { text, bytes } = await modelSource(model);
    const reader = callCore(() => new core.CoreLeadReader(text ?? bytes, text === undefined));
    try {
      /** @type {CsvLead[]} */
      const leads = [];
      const take = (/** @type {string} */ reply) => {
        const read = JSON.parse(unwrap(reply, 'readLeads'));
        for (const lead of read.leads) leads.push(lead);
        return read;
      };
      for await (const chunk of csvChunks(csv, 'readLeads')) take(callCore(() => reader.feed(chunk)));
      const { warnings } = take(callCore(() => reader.finish()));
      return { leads, warnings };
    } finally {
      reader.delete();
    }
  }

  return { compileModel, validateModel, checkModel, vocabulary, resultChecker, evaluate, backtest, readLeads };
}
