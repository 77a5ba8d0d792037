// The leadqual JavaScript API: load a model into the WebAssembly core, score answers, drive a live
// session, evaluate one expression. Every score, visibility and computed value comes from the core;
// this file only converts values and errors. Works in browsers, Web Workers and node.
import createLeadqualCore from './build/leadqual-core.js';

/** A refused model, bad input or misuse. `errors` lists every problem as {pointer, message}. */
export class LeadqualError extends Error {
  constructor(message, errors = [], details = {}) {
    super(message);
    this.name = 'LeadqualError';
    this.errors = errors;
    Object.assign(this, details);
  }
}

const isNode = typeof process === 'object' && typeof process.versions?.node === 'string';
const defaultWasmUrl = new URL('./build/leadqual-core.wasm', import.meta.url);

// One module instance per page (or per node process), shared by every qualifier.
let corePromise = null;

/**
 * Loads the WebAssembly module once. Called implicitly by loadQualifier/evaluate/validateModel;
 * call it first to choose where the .wasm comes from. Later options are ignored once loaded.
 */
export function init({ wasmUrl, wasmBinary } = {}) {
  if (!corePromise) {
    corePromise = instantiate(wasmUrl, wasmBinary);
    // A failed load (offline, wrong URL) may be retried.
    corePromise.catch(() => {
      corePromise = null;
    });
  }
  return corePromise;
}

async function instantiate(wasmUrl, wasmBinary) {
  const settings = {
    // The core reports every problem as a value; Emscripten's own console output is noise.
    print: () => {},
    printErr: () => {},
  };
  try {
    if (wasmBinary) {
      settings.wasmBinary = toBytes(wasmBinary);
    } else {
      const url = new URL(String(wasmUrl ?? defaultWasmUrl), baseUrl());
      if (isNode && url.protocol === 'file:') {
        // The web build's fetch() cannot read files; hand node the bytes instead.
        const { readFile } = await import('node:fs/promises');
        settings.wasmBinary = await readFile(url);
      } else {
        settings.locateFile = () => url.href;
      }
    }
    return await createLeadqualCore(settings);
  } catch (cause) {
    if (cause instanceof LeadqualError) throw cause;
    throw new LeadqualError(`could not load the leadqual WebAssembly module: ${describe(cause)}`, [], {
      cause,
    });
  }
}

function toBytes(binary) {
  if (binary instanceof Uint8Array) return binary;
  if (binary instanceof ArrayBuffer) return new Uint8Array(binary);
  if (ArrayBuffer.isView(binary)) {
    return new Uint8Array(binary.buffer, binary.byteOffset, binary.byteLength);
  }
  throw new LeadqualError('wasmBinary must be an ArrayBuffer or a typed array');
}

function baseUrl() {
  if (typeof document === 'object' && document.baseURI) return document.baseURI;
  if (typeof location === 'object' && location.href) return location.href;
  if (isNode) return `file://${encodeURI(process.cwd()).replace(/[?#]/g, encodeURIComponent)}/`;
  return import.meta.url;
}

function describe(error) {
  return error instanceof Error ? error.message : String(error);
}

// ---------------------------------------------------------------------------------------------
// Values into JSON text, refusing what JSON cannot carry (NaN, Infinity, BigInt, functions,
// Maps, cycles) with the JSON Pointer of the offending value instead of silently turning it
// into null or {}.

const maxNesting = 1000;

function escapePointer(key) {
  return String(key).replaceAll('~', '~0').replaceAll('/', '~1');
}

// Returns the first problem as {pointer, message} (pointer relative to `base`), or null when
// `value` is plain JSON data. The pointer is only built when there is a problem: this runs on
// every score.
function findUnrepresentable(value, base = '') {
  const problem = check(value, 0);
  if (!problem) return null;
  return {
    pointer:
      base +
      problem.path
        .reverse()
        .map((key) => `/${escapePointer(key)}`)
        .join(''),
    message: problem.message,
  };
}

function check(value, depth) {
  switch (typeof value) {
    case 'string':
    case 'boolean':
    case 'undefined': // an object member left undefined is absent, as in JSON.stringify
      return null;
    case 'number':
      return Number.isFinite(value) ? null : { path: [], message: `${value} is not a JSON number` };
    case 'object':
      break;
    default:
      return { path: [], message: `a ${typeof value} is not JSON data` };
  }
  if (value === null) return null;
  if (depth > maxNesting) return { path: [], message: `nested deeper than ${maxNesting} levels (a cycle?)` };
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; ++i) {
      const problem =
        value[i] === undefined ? { path: [], message: 'undefined is not JSON data' } : check(value[i], depth + 1);
      if (problem) {
        problem.path.push(i);
        return problem;
      }
    }
    return null;
  }
  if (typeof value.toJSON === 'function') return null; // Date and friends choose their JSON
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) {
    const kind = value.constructor?.name ?? 'object';
    return { path: [], message: `a ${kind} is not JSON data (use a plain object or array)` };
  }
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    const problem = check(value[key], depth + 1);
    if (problem) {
      problem.path.push(key);
      return problem;
    }
  }
  return null;
}

function refuse(what, problem) {
  const where = problem.pointer ? `${problem.pointer}: ` : '';
  return new LeadqualError(`${what}: ${where}${problem.message}`, [problem]);
}

function toJSONText(value, what) {
  const problem = findUnrepresentable(value);
  if (problem) throw refuse(what, problem);
  try {
    return JSON.stringify(value);
  } catch (cause) {
    // A throwing toJSON() or getter, or a string too long for the engine.
    throw new LeadqualError(`${what}: ${describe(cause)}`, [{ pointer: '', message: describe(cause) }], { cause });
  }
}

function isPlainObject(value) {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

// The core reports every problem as a value and never aborts; should the instance still fail
// (a bug, memory exhausted), say so as a LeadqualError and give the next load a fresh instance.
function callCore(call) {
  try {
    return call();
  } catch (cause) {
    if (cause instanceof LeadqualError) throw cause;
    corePromise = null;
    throw new LeadqualError(`the leadqual WebAssembly core failed: ${describe(cause)}`, [], { cause });
  }
}

// Reply convention of the bindings (wasm/bindings.cpp): a JSON array is a list of errors.
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

function nowMs(now) {
  if (now === undefined) return Date.now();
  if (now === null) return NaN; // no clock: no decay, days_since() is null
  if (now instanceof Date) return now.getTime();
  if (typeof now === 'number' && Number.isFinite(now)) return now;
  if (typeof now === 'string') {
    const ms = Date.parse(now);
    if (Number.isFinite(ms)) return ms;
  }
  throw new LeadqualError(
    `now: expected a Date, milliseconds since the epoch or an ISO 8601 string, got ${String(now)}`,
    [{ pointer: '', message: 'not a time' }],
  );
}

function optionsText(options) {
  if (options === undefined || options === null) return { signals: '', now: Date.now() };
  if (typeof options !== 'object') {
    throw new LeadqualError('options: expected an object {signals?, now?}');
  }
  const { signals, now } = options;
  let signalsText = '';
  if (signals !== undefined && signals !== null) {
    if (!isPlainObject(signals)) {
      throw new LeadqualError('signals: expected an object of signal id -> count or event times', [
        { pointer: '', message: 'not an object' },
      ]);
    }
    signalsText = toJSONText(signals, 'signals');
  }
  return { signals: signalsText, now: nowMs(now) };
}

function answersText(answers) {
  if (!isPlainObject(answers)) {
    const got = answers === null ? 'null' : Array.isArray(answers) ? 'an array' : typeof answers;
    throw new LeadqualError(`answers: expected an object of question id -> answer, got ${got}`, [
      { pointer: '', message: `expected an object, got ${got}` },
    ]);
  }
  return toJSONText(answers, 'answers');
}

// ---------------------------------------------------------------------------------------------

// Frees the core's copy of a model when its Qualifier is garbage-collected without dispose().
const finalizer = typeof FinalizationRegistry === 'function' ? new FinalizationRegistry(release) : null;

function release(handle) {
  try {
    handle.delete();
  } catch {
    // The instance itself failed (see callCore); its memory went with it.
  }
}

function deepFreeze(value) {
  if (value && typeof value === 'object') {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze(value[key]);
  }
  return value;
}

/** A loaded model. Create with loadQualifier(); release with dispose(). */
export class Qualifier {
  #handle;
  #model = null;
  #id;
  #version;
  #hash;

  /** @internal Use loadQualifier(). */
  constructor(handle) {
    this.#handle = handle;
    this.#id = handle.id();
    this.#version = handle.version();
    this.#hash = handle.hash();
    finalizer?.register(this, handle, this);
  }

  get id() {
    return this.#id;
  }
  get version() {
    return this.#version;
  }
  get hash() {
    return this.#hash;
  }

  /** The normalised model (defaults filled in), frozen; what renderers read. */
  get model() {
    if (this.#model === null) {
      const handle = this.#live();
      this.#model = deepFreeze(JSON.parse(callCore(() => handle.normalized())));
    }
    return this.#model;
  }

  /** Scores one set of answers; returns the result object (see docs/model.md). */
  score(answers, options) {
    return JSON.parse(this.scoreJSON(answers, options));
  }

  /**
   * The result as canonical JSON text: the exact bytes `leadqual score` prints for the same
   * answers (handy to post or hash without re-serialising).
   */
  scoreJSON(answers, options) {
    const text = answersText(answers);
    const { signals, now } = optionsText(options);
    const handle = this.#live();
    return unwrap(
      callCore(() => handle.score(text, signals, now)),
      'score',
    );
  }

  /** @internal The core's state() reply for a session. */
  stateOf(answers, options) {
    const { signals, now } = optionsText(options);
    const text = answersText(answers);
    const handle = this.#live();
    return JSON.parse(
      unwrap(
        callCore(() => handle.state(text, signals, now)),
        'state',
      ),
    );
  }

  /** Incremental use for live UIs; see Session. */
  session(options) {
    return new Session(this, options);
  }

  get disposed() {
    return this.#handle === null;
  }

  /** Releases the core's copy of the model. Further calls throw. Safe to call twice. */
  dispose() {
    if (this.#handle === null) return;
    finalizer?.unregister(this);
    release(this.#handle);
    this.#handle = null;
  }

  #live() {
    if (this.#handle === null) throw new LeadqualError(`qualifier ${this.#id} was disposed`);
    return this.#handle;
  }
}

function questionOf(path) {
  // "/employees" or "/skills/2" -> "employees"; other paths (signals) name no question.
  if (typeof path !== 'string' || !path.startsWith('/')) return null;
  const segment = path.slice(1).split('/')[0];
  return segment.replaceAll('~1', '/').replaceAll('~0', '~');
}

/**
 * A visitor's answers as they change. set()/unset() are cheap; `state` asks the core once per
 * change (and caches until the next change).
 */
export class Session {
  #qualifier;
  #answers = Object.create(null);
  #options;
  #state = null;

  constructor(qualifier, options) {
    this.#qualifier = qualifier;
    optionsText(options); // refuse bad options now rather than at the first `state`
    this.#options = options;
  }

  /** Answers a question (undefined unsets it). Returns the session for chaining. */
  set(id, value) {
    if (typeof id !== 'string' || id === '') {
      throw new LeadqualError(`set: question id must be a non-empty string, got ${String(id)}`);
    }
    if (value === undefined) return this.unset(id);
    const problem = findUnrepresentable(value, `/${escapePointer(id)}`);
    if (problem) throw refuse('set', problem);
    this.#answers[id] = value;
    this.#state = null;
    return this;
  }

  unset(id) {
    if (id in this.#answers) {
      delete this.#answers[id];
      this.#state = null;
    }
    return this;
  }

  /** A copy of the current answers. */
  get answers() {
    return { ...this.#answers };
  }

  /**
   * {visible: question ids in model order, computed, result, errors: {questionId: [error...]}}.
   */
  get state() {
    if (this.#state === null) {
      const { visible, result } = this.#qualifier.stateOf({ ...this.#answers }, this.#options);
      const errors = {};
      for (const error of result.errors) {
        const id = questionOf(error.path);
        if (id !== null) (errors[id] ??= []).push(error);
      }
      this.#state = deepFreeze({ visible, computed: result.computed, result, errors });
    }
    return this.#state;
  }
}

// ---------------------------------------------------------------------------------------------

async function modelText(modelOrUrl) {
  if (typeof modelOrUrl === 'string' || modelOrUrl instanceof URL) {
    const url = new URL(String(modelOrUrl), baseUrl());
    if (url.protocol === 'file:' && isNode) {
      const { readFile } = await import('node:fs/promises');
      try {
        return await readFile(url, 'utf8');
      } catch (cause) {
        throw new LeadqualError(`could not read the model ${url.pathname}: ${describe(cause)}`, [], { cause });
      }
    }
    let response;
    try {
      response = await fetch(url, { credentials: 'same-origin' });
    } catch (cause) {
      throw new LeadqualError(`could not fetch the model ${url.href}: ${describe(cause)}`, [], { cause });
    }
    if (!response.ok) {
      throw new LeadqualError(`could not fetch the model ${url.href}: HTTP ${response.status}`);
    }
    return response.text(); // parsed by the core, which locates syntax errors by line and column
  }
  if (!isPlainObject(modelOrUrl)) {
    throw new LeadqualError('loadQualifier: expected a model object or its URL', [
      { pointer: '', message: 'not a model object' },
    ]);
  }
  return toJSONText(modelOrUrl, 'model');
}

function loadHandle(core, text) {
  return callCore(() => {
    const outcome = core.loadModel(text);
    try {
      if (!outcome.ok()) return { errors: JSON.parse(outcome.errors()) };
      return { handle: outcome.model() };
    } finally {
      outcome.delete();
    }
  });
}

/**
 * Loads a model (an object, or a URL / file path to fetch) and compiles it in the core.
 * Rejects with a LeadqualError listing every located error when the model is invalid.
 */
export async function loadQualifier(modelOrUrl, options = {}) {
  const core = await init(options);
  const text = await modelText(modelOrUrl);
  const { handle, errors } = loadHandle(core, text);
  if (errors) {
    const first = errors[0];
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
    throw new LeadqualError(`invalid model: ${first.pointer || '/'}: ${first.message}${more}`, errors);
  }
  return new Qualifier(handle);
}

/** The located errors of a model ([] when it is valid). */
export async function validateModel(modelOrUrl, options = {}) {
  const core = await init(options);
  const text = await modelText(modelOrUrl);
  const { handle, errors } = loadHandle(core, text);
  handle?.delete();
  return errors ?? [];
}

/**
 * A model's located errors and, when it is valid, its lint warnings (what it says that it
 * probably does not mean; docs/model.md, "Warnings"): {errors: [{pointer, message}],
 * warnings: [{pointer, code, message}]}. Never throws for a bad model.
 */
export async function checkModel(modelOrUrl, options = {}) {
  const core = await init(options);
  const text = await modelText(modelOrUrl);
  return JSON.parse(callCore(() => core.checkModel(text)));
}

/**
 * Evaluates one expression — infix text ("employees >= 100") or JsonLogic — on a data object.
 * Throws a LeadqualError when it does not compile (`errors`) or fails while running
 * (`type`, e.g. "NaN", as in the JsonLogic suites). With {jsonlogic: true} a string rule is a
 * JsonLogic literal (as in json-logic-js) instead of infix text.
 */
export async function evaluate(rule, data = {}, options = {}) {
  const core = await init(options);
  const ruleText = toJSONText(rule, 'rule');
  const dataText = toJSONText(data, 'data');
  const now = nowMs(options.now);
  const reply = callCore(() => core.evaluate(ruleText, dataText, now, options.jsonlogic === true));
  const { value } = JSON.parse(unwrap(reply, 'evaluate'));
  // The core reports a run-time failure as the value {"error": {"type", "message"}}.
  if (
    isPlainObject(value) &&
    Object.keys(value).length === 1 &&
    isPlainObject(value.error) &&
    typeof value.error.type === 'string'
  ) {
    const { type, message } = value.error;
    throw new LeadqualError(`evaluate: ${message || type}`, [{ pointer: '', message: message || type }], {
      type,
    });
  }
  return value;
}
