// The leadqual JavaScript API: load a model into the WebAssembly core, score answers, drive a live
// session, evaluate one expression. Every score, visibility and computed value comes from the core;
// this file only converts values and errors. Works in browsers, Web Workers and node.
// Two WebAssembly modules (wasm/): the runtime, which loads compiled models and scores them (what
// a page with a compiled model downloads), and the core, compiler + runtime, which also loads a
// model's JSON, validates and evaluates. Each is fetched only when first needed.

/**
 * @import { Answers, Json, LocatedError, InitOptions, Model, Result, ScoreOptions, SessionState,
 *   EvaluateOptions, BacktestOptions, BacktestReport, CsvInput, CsvLead, ModelWarning, Vocabulary,
 *   ResultChecker } from './leadqual.js'
 */
/** @typedef {Model | Record<string, unknown> | string | URL} ModelInput a model object or its URL */
/** @typedef {ArrayBuffer | ArrayBufferView} Binary */
/**
 * One WebAssembly module (wasm/): its Emscripten glue (none for the runtime, which this file
 * instantiates itself), its .wasm, and the instance once loading.
 * @typedef {{glue: (() => Promise<{default: (settings: Record<string, unknown>) => Promise<any>}>) | null,
 *   wasm: URL, promise: Promise<any> | null}} WasmModule
 */
/**
 * The runtime's objects (wasm/runtime.cpp): a compiled model, a session of it — RuntimeModel and
 * RuntimeSession below, over the runtime's plain exports; what they return is typed where it is
 * read.
 * @typedef {any} ModelHandle
 * @typedef {any} SessionHandle
 * @typedef {{handles: Array<{delete(): void}>}} Owned
 */
/**
 * A model's tables, as the runtime gives them once (wasm/runtime.cpp): question id, type and
 * option values by cell; the ids and texts a result names.
 * @typedef {{questions: Array<[string, string, string[]]>, signals: string[], dimensions: string[],
 *   computed: string[], contributions: Array<[string, string, Reason['source'], string]>,
 *   rules: Array<[string, string]>, grades: string[], stages: string[],
 *   model: {hash: string, id: string, version: string}}} Tables
 * @typedef {import('./leadqual.js').Reason} Reason
 * @typedef {Tables & {questionCell: Map<string, number>, optionCodes: Array<Codes | null>,
 *   signalCell: Map<string, number>, dimensionOrder: Array<{id: string, index: number}>,
 *   computedOrder: Array<{id: string, index: number}>, computedAt: number, reasonsAt: number,
 *   reasonParts: Array<Omit<Reason, 'points'>>}} Layout
 */

/** A refused model, bad input or misuse. `errors` lists every problem as {pointer, message}. */
export class LeadqualError extends Error {
  /**
   * @param {string} message
   * @param {LocatedError[]} [errors]
   * @param {Record<string, unknown>} [details]
   */
  constructor(message, errors = [], details = {}) {
    super(message);
    /** @readonly */
    this.name = /** @type {const} */ ('LeadqualError');
    /** @readonly */
    this.errors = errors;
    const { type, ...others } = details;
    if (type !== undefined) {
      /** @readonly @type {string | undefined} For evaluate(): the run-time error type, e.g. "NaN". */
      this.type = /** @type {string} */ (type);
    }
    Object.assign(this, others);
    // Read-only, as leadqual.d.ts declares them: a write throws in strict mode.
    for (const key of ['name', 'errors', 'type'])
      if (Object.hasOwn(this, key)) Object.defineProperty(this, key, { writable: false });
  }
}

const isNode = typeof process === 'object' && typeof process.versions?.node === 'string';

// One instance of each module per page (or per node process), shared by every qualifier.
/** @type {{core: WasmModule, runtime: WasmModule}} */
const modules = {
  core: {
    glue: () => import('./build/leadqual-core.js'),
    wasm: new URL('./build/leadqual-core.wasm', import.meta.url),
    promise: null,
  },
  runtime: {
    glue: null, // no glue: instantiateRuntime() below
    wasm: new URL('./build/leadqual-runtime.wasm', import.meta.url),
    promise: null,
  },
};

/**
 * @param {WasmModule} module
 * @param {string | URL} [wasmUrl]
 * @param {Binary} [wasmBinary]
 * @param {Response | Promise<Response>} [wasmResponse]
 * @returns {Promise<any>} the module's instance
 */
function start(module, wasmUrl, wasmBinary, wasmResponse) {
  if (!module.promise) {
    const promise = instantiate(module, wasmUrl, wasmBinary, wasmResponse);
    module.promise = promise;
    // A failed load (offline, wrong URL) may be retried.
    promise.catch(() => {
      if (module.promise === promise) module.promise = null;
    });
  }
  return module.promise;
}

/**
 * Loads the core module (compiler + runtime) once. Called implicitly by loadQualifier (for a
 * model's JSON), validateModel, evaluate and compileModel; call it first to choose where the
 * .wasm comes from. Later options are ignored once loaded.
 * @param {InitOptions} [options]
 * @returns {Promise<any>} the module's instance (what its bindings are is this file's business)
 */
export function init({ wasmUrl, wasmBinary } = {}) {
  return start(modules.core, wasmUrl, wasmBinary);
}

/**
 * Loads the runtime module once: all a compiled model needs. Called implicitly by loadQualifier
 * for a compiled model; `runtimeUrl` / `runtimeBinary` choose where its .wasm comes from, and
 * `runtimeResponse` (a Response, or a promise of one) is a fetch of it the page started earlier.
 * @param {InitOptions} [options]
 * @returns {Promise<any>} the module's instance
 */
export function initRuntime({ runtimeUrl, runtimeBinary, runtimeResponse } = {}) {
  return start(modules.runtime, runtimeUrl, runtimeBinary, runtimeResponse);
}

/**
 * @param {WasmModule} module
 * @param {string | URL} [wasmUrl]
 * @param {Binary} [wasmBinary]
 * @param {Response | Promise<Response>} [wasmResponse]
 */
async function instantiate(module, wasmUrl, wasmBinary, wasmResponse) {
  /** @type {Record<string, unknown>} */
  const settings = {
    // The core reports every problem as a value; Emscripten's own console output is noise.
    print: () => {},
    printErr: () => {},
  };
  try {
    const glue = module.glue?.();
    let compiled = null;
    if (wasmBinary) {
      settings.wasmBinary = toBytes(wasmBinary);
    } else {
      const url = new URL(String(wasmUrl ?? module.wasm), baseUrl());
      if (isNode && url.protocol === 'file:') {
        // The web build's fetch() cannot read files; hand node the bytes instead.
        const { readFile } = await import('node:fs/promises');
        settings.wasmBinary = await readFile(url);
      } else {
        // The .wasm is fetched and compiled (streaming) while the glue loads, not after it.
        compiled = compileWasm(wasmResponse ?? fetch(url, { credentials: 'same-origin' }), url);
        compiled.catch(() => {}); // awaited below, with the glue
      }
    }
    if (!glue) {
      return adoptCodes(
        await instantiateRuntime(compiled ? await compiled : /** @type {Uint8Array} */ (settings.wasmBinary)),
      );
    }
    const [{ default: create }, wasmModule] = await Promise.all([glue, compiled]);
    if (!wasmModule) return adoptCodes(await create(settings));
    /** @type {(error: unknown) => void} */
    let refuse = () => {};
    const refused = new Promise((resolve, reject) => {
      refuse = reject;
    });
    settings.instantiateWasm = (
      /** @type {WebAssembly.Imports} */ imports,
      /** @type {(instance: WebAssembly.Instance, module: WebAssembly.Module) => void} */ receive,
    ) => {
      WebAssembly.instantiate(wasmModule, imports).then((instance) => receive(instance, wasmModule), refuse);
      return {};
    };
    return adoptCodes(await Promise.race([create(settings), refused]));
  } catch (cause) {
    if (cause instanceof LeadqualError) throw cause;
    throw new LeadqualError(`could not load the leadqual WebAssembly module: ${describe(cause)}`, [], {
      cause,
    });
  }
}

// The runtime module without Emscripten's glue (wasm/CMakeLists.txt): instantiated here with the
// two functions it imports, and given the shape the glue gives the core module — its exports as
// `_lq_*`, its memory as `HEAPU8` (a new view after each growth: the old one is detached) — so
// the rest of this file drives both modules alike.
/**
 * @param {WebAssembly.Module | Uint8Array} wasm
 * @returns {Promise<any>}
 */
async function instantiateRuntime(wasm) {
  /** @type {any} */
  const m = {};
  const page = 65536;
  const maxBytes = 2 ** 31; // Emscripten's default MAXIMUM_MEMORY, as the glue has it
  const env = {
    abort() {
      throw new WebAssembly.RuntimeError('abort');
    },
    // Called by malloc for more memory; grows as Emscripten's glue does (by a fifth at least,
    // at most 96 MB past the request, halving the extra once or twice if the engine refuses).
    /** @param {number} size the bytes needed in all */
    emscripten_resize_heap(size) {
      size >>>= 0;
      const memory = /** @type {WebAssembly.Memory} */ (m.memory);
      const old = memory.buffer.byteLength;
      for (let cut = 1; cut <= 4 && size <= maxBytes; cut *= 2) {
        const wanted = Math.max(size, Math.min(old * (1 + 0.2 / cut), size + 96 * 1024 * 1024));
        const bytes = Math.min(maxBytes, Math.ceil(wanted / page) * page);
        try {
          memory.grow((bytes - old) / page);
          m.HEAPU8 = new Uint8Array(memory.buffer);
          return 1;
        } catch {
          // try a smaller step
        }
      }
      return 0;
    },
    // JavaScript's own Number(), String() and %: the module imports them instead of carrying its
    // exact conversions (wasm/host_numbers.cpp).
    // (Addresses are below 2^31, maxBytes: positive as the i32 they arrive as.)
    /** @param {number} at @param {number} size */
    js_number: (at, size) => Number(utf8Decoder.decode(m.HEAPU8.subarray(at, at + size))),
    /** @param {number} value @param {number} at */
    js_string: (value, at) => utf8.encodeInto(String(value), m.HEAPU8.subarray(at, at + 32)).written,
    /** @param {number} x @param {number} y */
    js_remainder: (x, y) => x % y,
  };
  // An Instance from a compiled Module; {module, instance} from bytes.
  const made = /** @type {any} */ (await WebAssembly.instantiate(wasm, { env }));
  const { exports } = made.instance ?? made;
  for (const name in exports) m[`_${name}`] = exports[name];
  m.memory = exports.memory;
  m.HEAPU8 = new Uint8Array(m.memory.buffer);
  m.___wasm_call_ctors(); // the C++ constructors of globals, as the glue runs them
  return m;
}

// Compiles a fetched .wasm as its bytes arrive when the server says application/wasm, else once
// they are all in (a server without the type still works, only later).
/**
 * @param {Response | Promise<Response>} pending
 * @param {URL} url
 */
async function compileWasm(pending, url) {
  const response = await pending;
  if (!response.ok) throw new Error(`${url.href}: HTTP ${response.status}`);
  const type = (response.headers.get('content-type') || '').split(';')[0].trim().toLowerCase();
  if (type === 'application/wasm' && typeof WebAssembly.compileStreaming === 'function') {
    return WebAssembly.compileStreaming(response);
  }
  return WebAssembly.compile(await response.arrayBuffer());
}

/**
 * @param {Binary} binary
 * @returns {Uint8Array}
 */
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

/** @param {unknown} error */
function describe(error) {
  return error instanceof Error ? error.message : String(error);
}

// ---------------------------------------------------------------------------------------------
// Values into JSON text, refusing what JSON cannot carry (NaN, Infinity, BigInt, functions,
// Maps, cycles) with the JSON Pointer of the offending value instead of silently turning it
// into null or {}.

const maxNesting = 1000;
const maxJsonDepth = 64; // answers and signals, as the core parsed their JSON text

/** @param {string | number} key */
function escapePointer(key) {
  return String(key).replaceAll('~', '~0').replaceAll('/', '~1');
}

// Returns the first problem as {pointer, message} (pointer relative to `base`), or null when
// `value` is plain JSON data. The pointer is only built when there is a problem: this runs on
// every score.
// `levels`: how deep containers may nest (answers and signals: the core's JSON depth limit,
// docs/model.md "Limits"); `depth`: how deep `value` itself is.
/**
 * @param {unknown} value
 * @param {string} [base]
 * @param {number} [levels]
 * @param {number} [depth]
 * @returns {LocatedError | null}
 */
function findUnrepresentable(value, base = '', levels = maxNesting, depth = 0) {
  const problem = check(value, depth, levels);
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

/**
 * @param {unknown} value
 * @param {number} depth
 * @param {number} levels
 * @returns {{path: Array<string | number>, message: string} | null} the path from the problem up
 */
function check(value, depth, levels) {
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
  if (depth >= levels) {
    const hint = levels === maxNesting ? ' (a cycle?)' : '';
    return { path: [], message: `nested deeper than ${levels} levels${hint}` };
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; ++i) {
      const problem =
        value[i] === undefined
          ? { path: [], message: 'undefined is not JSON data' }
          : check(value[i], depth + 1, levels);
      if (problem) {
        problem.path.push(i);
        return problem;
      }
    }
    return null;
  }
  const object = /** @type {Record<string, unknown>} */ (value);
  if (typeof object.toJSON === 'function') return null; // Date and friends choose their JSON
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) {
    const kind = value.constructor?.name ?? 'object';
    return { path: [], message: `a ${kind} is not JSON data (use a plain object or array)` };
  }
  for (const key in object) {
    if (!Object.hasOwn(object, key)) continue;
    const problem = check(object[key], depth + 1, levels);
    if (problem) {
      problem.path.push(key);
      return problem;
    }
  }
  return null;
}

/**
 * @param {string} what
 * @param {LocatedError} problem
 */
function refuse(what, problem) {
  const where = problem.pointer ? `${problem.pointer}: ` : '';
  return new LeadqualError(`${what}: ${where}${problem.message}`, [problem]);
}

/**
 * @param {unknown} value
 * @param {string} what
 * @returns {string}
 */
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

/**
 * @param {unknown} value
 * @returns {value is Record<string, unknown>}
 */
function isPlainObject(value) {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

// The core reports every problem as a value and never aborts; should the instance still fail
// (a bug, memory exhausted), say so as a LeadqualError and give the next load a fresh instance.
/**
 * @template T
 * @param {() => T} call
 * @returns {T}
 */
function callCore(call) {
  try {
    return call();
  } catch (cause) {
    throw coreFailure(cause);
  }
}

/**
 * What callCore throws for `cause` (also for calls made without its closure, on the hot path).
 * @param {unknown} cause
 * @returns {LeadqualError}
 */
function coreFailure(cause) {
  if (cause instanceof LeadqualError) return cause;
  modules.core.promise = null;
  modules.runtime.promise = null;
  return new LeadqualError(`the leadqual WebAssembly core failed: ${describe(cause)}`, [], { cause });
}

/**
 * The `now` option as milliseconds; a text is read by the core's ISO 8601 parser (lq_parse_time),
 * as `leadqual --now` reads it, not by Date.parse (which differs on leap seconds and zone-less
 * times).
 * @param {unknown} now
 * @param {any} m either module (its `lq_*` exports)
 * @returns {number}
 */
function nowMs(now, m) {
  if (now === undefined) return Date.now();
  if (now === null) return NaN; // no clock: no decay, days_since() is null
  if (now instanceof Date) return now.getTime();
  if (typeof now === 'number' && Number.isFinite(now)) return now;
  if (typeof now === 'string') {
    const ms = m._lq_parse_time(putBytes(m, now));
    if (Number.isFinite(ms)) return ms;
  }
  throw new LeadqualError(
    `now: expected a Date, milliseconds since the epoch or an ISO 8601 string, got ${String(now)}`,
    [{ pointer: '', message: 'not a time' }],
  );
}

// ---------------------------------------------------------------------------------------------
// The runtime's plain exports (wasm/runtime.cpp, `lq_*`, in both modules; `m` is the module):
// handles are addresses; text and bytes go in through one buffer, text comes out as an address
// and a size (lq_size). RuntimeModel and RuntimeSession give them the shape of objects.

const utf8 = new TextEncoder();
const utf8Decoder = new TextDecoder();

/**
 * Copies text (as UTF-8) or bytes into the runtime's input buffer; returns how many bytes.
 * @param {any} m the module (its `lq_*` exports and `HEAPU8`)
 * @param {string | Uint8Array} value
 * @returns {number}
 */
function putBytes(m, value) {
  if (typeof value !== 'string') {
    const at = m._lq_buffer(value.length);
    m.HEAPU8.set(value, at);
    return value.length;
  }
  const room = value.length * 3; // UTF-8 takes at most 3 bytes per UTF-16 unit
  const at = m._lq_buffer(room);
  return utf8.encodeInto(value, m.HEAPU8.subarray(at, at + room)).written;
}

/**
 * The text a runtime call handed out at `address` (its size is lq_size()).
 * @param {any} m
 * @param {number} address
 * @returns {string}
 */
function textAt(m, address) {
  return utf8Decoder.decode(m.HEAPU8.subarray(address, address + m._lq_size()));
}

/** @internal A compiled model in the runtime. */
class RuntimeModel {
  /**
   * @param {any} m the module (its `lq_*` exports and `HEAPU8`)
   * @param {number} address the model's handle (lq_load, or the core's loadModel)
   */
  constructor(m, address) {
    this.m = m;
    this.address = address;
  }
  /**
   * @param {number} which 0 normalized JSON, 1 tables, 2 id, 3 version, 4 hash (lq_model_text)
   * @returns {string}
   */
  text(which) {
    return textAt(this.m, this.m._lq_model_text(this.address, which));
  }
  normalized() {
    return this.text(0);
  }
  tables() {
    return this.text(1);
  }
  id() {
    return this.text(2);
  }
  version() {
    return this.text(3);
  }
  hash() {
    return this.text(4);
  }
  /** @returns {RuntimeSession} */
  session() {
    return new RuntimeSession(this.m, this.m._lq_session(this.address));
  }
  delete() {
    if (this.address) this.m._lq_model_free(this.address);
    this.address = 0;
  }
}

/** @internal A runtime session: its cells and summary are views of wasm memory. */
class RuntimeSession {
  /**
   * @param {any} m the module (its `lq_*` exports and `HEAPU8`)
   * @param {number} address the session's handle (lq_session)
   */
  constructor(m, address) {
    this.m = m;
    this.address = address;
  }
  kinds() {
    return new Uint8Array(this.m.HEAPU8.buffer, this.m._lq_kinds(this.address), this.m._lq_cells(this.address));
  }
  numbers() {
    return new Float64Array(this.m.HEAPU8.buffer, this.m._lq_numbers(this.address), this.m._lq_cells(this.address));
  }
  summary() {
    const m = this.m;
    return new Float64Array(m.HEAPU8.buffer, m._lq_summary(this.address), m._lq_summary_size(this.address));
  }
  visible() {
    // One per question: the cells before the signals' (the layout's question count).
    return new Uint8Array(this.m.HEAPU8.buffer, this.m._lq_visible(this.address), this.m._lq_questions(this.address));
  }
  /**
   * @param {number} cell
   * @param {string} text
   */
  setText(cell, text) {
    this.m._lq_set_text(this.address, cell, putBytes(this.m, text));
  }
  /**
   * @param {number} cell
   * @param {number} count
   */
  setArray(cell, count) {
    this.m._lq_set_array(this.address, cell, count);
  }
  /**
   * @param {number} cell
   * @param {number} index
   * @param {number} kind
   * @param {number} number
   */
  setItem(cell, index, kind, number) {
    this.m._lq_set_item(this.address, cell, index, kind, number);
  }
  /**
   * @param {number} cell
   * @param {number} index
   * @param {string} text
   */
  setItemText(cell, index, text) {
    this.m._lq_set_item_text(this.address, cell, index, putBytes(this.m, text));
  }
  clearUnknown() {
    this.m._lq_clear_unknown(this.address);
  }
  /**
   * @param {boolean} signal a signal's key (else an answer's)
   * @param {string} key
   */
  addUnknown(signal, key) {
    this.m._lq_add_unknown(this.address, signal ? 1 : 0, putBytes(this.m, key));
  }
  clearTexts() {
    this.m._lq_clear_texts(this.address);
  }
  /**
   * @param {string} text
   * @returns {number} its index, for a cell of kind INTERNED
   */
  intern(text) {
    return this.m._lq_intern(this.address, putBytes(this.m, text));
  }
  clearInterned() {
    this.m._lq_clear_interned(this.address);
  }
  /** @param {number} now milliseconds since the epoch */
  score(now) {
    this.m._lq_score(this.address, now);
  }
  resultText() {
    return textAt(this.m, this.m._lq_result_text(this.address));
  }
  errorsText() {
    return textAt(this.m, this.m._lq_errors_text(this.address));
  }
  /**
   * @param {number} index
   * @returns {string}
   */
  computedText(index) {
    return textAt(this.m, this.m._lq_computed_text(this.address, index));
  }
  delete() {
    if (this.address) this.m._lq_session_free(this.address);
    this.address = 0;
  }
}

// Frees the runtime's objects (a model, its sessions) when their JS owner is garbage-collected
// without dispose(). `owned` is {handles: [...]}; handles added later are freed too.
const finalizer = typeof FinalizationRegistry === 'function' ? new FinalizationRegistry(releaseAll) : null;

/** @param {{delete(): void}} handle */
function release(handle) {
  try {
    handle.delete();
  } catch {
    // The instance itself failed (see callCore); its memory went with it.
  }
}

/** @param {Owned} owned */
function releaseAll(owned) {
  for (const handle of owned.handles) release(handle);
  owned.handles.length = 0;
}

/**
 * @template T
 * @param {T} value
 * @returns {T}
 */
function deepFreeze(value) {
  if (value !== null && typeof value === 'object') {
    Object.freeze(value);
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; ++i) deepFreeze(value[i]);
    } else {
      // (for-in: Object.values would allocate an array per object)
      for (const key in value) if (hasOwnProperty.call(value, key)) deepFreeze(/** @type {any} */ (value)[key]);
    }
  }
  return value;
}

// ---------------------------------------------------------------------------------------------
// Answers cross as numbers. The runtime gives a model's tables once (question id -> cell, option
// value -> code, the ids and texts a result names); a session's cells live in wasm memory, and JS
// writes a kind and a number per answer (wasm/runtime.cpp). Only strings that are no option of
// their question, and arrays, take a call of their own.

// Kinds of a cell (RawKind in src/core/runtime/score.hpp, then "an option by its code") and the
// size of the summary's head (score, percent, grade, stage, disqualified, complete, reasons,
// errors; then dimensions, computed numbers, (contribution, points) per reason): the runtime's
// own numbers, read by name from the first module loaded (lq_codes, wasm/runtime.cpp).
let [ABSENT, NULL, BOOL, NUMBER, ARRAY, OBJECT, OPTION, INTERNED, HEAD] = /** @type {number[]} */ ([]); // adoptCodes sets them
// One-off scores intern short strings (each sent once, then named by index), up to a bound that
// keeps the runtime's copy small; when it is full the next score starts the table again.
const internMaxUnits = 64;
const internMaxStrings = 1024;
const keyCacheSize = 256;
const hasOwnProperty = Object.prototype.hasOwnProperty;

/**
 * Takes the codes above from a module (both modules have the same ones); returns the module.
 * @param {any} m
 * @returns {any}
 */
function adoptCodes(m) {
  const codes = JSON.parse(textAt(m, m._lq_codes()));
  const names = ['absent', 'null', 'boolean', 'number', 'array', 'object', 'option', 'interned', 'head'];
  const missing = names.filter((name) => !Number.isInteger(codes[name]));
  if (missing.length) {
    throw new LeadqualError(`the leadqual WebAssembly module does not name the codes ${missing.join(', ')}`);
  }
  ({
    absent: ABSENT,
    null: NULL,
    boolean: BOOL,
    number: NUMBER,
    array: ARRAY,
    object: OBJECT,
    option: OPTION,
    interned: INTERNED,
    head: HEAD,
  } = codes);
  return m;
}

// Strings to codes (a question's option values, a session's interned texts): an object without
// a prototype, whose lookup by a string V8 makes cheaper than a Map's.
/** @typedef {Record<string, number>} Codes */
/**
 * @param {string[]} values
 * @returns {Codes}
 */
function codesOf(values) {
  /** @type {Codes} */
  const codes = Object.create(null);
  values.forEach((value, code) => {
    codes[value] = code;
  });
  return codes;
}

/**
 * @param {Tables} tables
 * @returns {Layout}
 */
function layoutOf(tables) {
  /** @type {Map<string, number>} */
  const questionCell = new Map();
  /** @type {Layout['optionCodes']} */
  const optionCodes = [];
  tables.questions.forEach(([id, , options], cell) => {
    questionCell.set(id, cell);
    optionCodes.push(options.length ? codesOf(options) : null);
  });
  const signalCell = new Map(tables.signals.map((id, i) => [id, tables.questions.length + i]));
  // Results list dimensions and computed values by id, in the canonical (byte) order the core
  // writes them; the runtime's own order is model order.
  const byId = (/** @type {string[]} */ ids) =>
    ids.map((id, index) => ({ id, index })).sort((a, b) => compareUtf8(a.id, b.id));
  return {
    ...tables,
    questionCell,
    optionCodes,
    signalCell,
    dimensionOrder: byId(tables.dimensions),
    computedOrder: byId(tables.computed),
    // Where the summary's parts start (wasm/runtime.cpp): dimensions at HEAD, then these.
    computedAt: HEAD + tables.dimensions.length,
    reasonsAt: HEAD + tables.dimensions.length + tables.computed.length,
    reasonParts: tables.contributions.map(([dimension, id, source, text]) => ({ dimension, id, source, text })),
  };
}

/**
 * The order of canonical JSON keys: UTF-8 bytes (UTF-16 code units differ past U+FFFF).
 * @param {string} a
 * @param {string} b
 * @returns {number} negative, 0 or positive, as a sort comparator
 */
function compareUtf8(a, b) {
  const x = utf8.encode(a);
  const y = utf8.encode(b);
  for (let i = 0; i < x.length && i < y.length; ++i) if (x[i] !== y[i]) return x[i] - y[i];
  return x.length - y.length;
}

// A number as the result's JSON text has it: no -0, and null for what is not finite. (An
// integer comes back as a small integer, which V8 stores in an object without allocating.)
/** @param {number} x */
function jsonNumber(x) {
  return (x | 0) === x ? x | 0 : Number.isFinite(x) ? x : null;
}

// What JSON.stringify would send for `value` (Date and friends choose their JSON).
/**
 * @param {unknown} value
 * @param {string} key
 * @returns {unknown}
 */
function jsonOf(value, key) {
  const json = /** @type {{toJSON?: unknown}} */ (value);
  return value !== null && typeof value === 'object' && typeof json.toJSON === 'function' ? json.toJSON(key) : value;
}

// One set of answers carries at most 1 MiB of text (docs/model.md "Limits"), as its JSON text did.
const maxTextBytes = 1 << 20;

/** @param {string} text */
function utf8Length(text) {
  let bytes = text.length;
  for (let i = 0; i < text.length; ++i) {
    const c = text.charCodeAt(i);
    if (c >= 0x800)
      bytes += c >= 0xd800 && c < 0xdc00 ? 0 : 2; // a surrogate pair is 4 bytes
    else if (c >= 0x80) bytes += 1;
  }
  return bytes;
}

/** @internal One runtime session's cells, written in place. */
class Cells {
  /** @type {Uint8Array} */ kinds;
  /** @type {Float64Array} */ numbers;
  /** @type {Float64Array} */ summary;
  /** @type {Uint8Array} */ visible;
  /** @type {Owned | undefined} */ owned; // a session's, freed with its owner

  /**
   * @param {Layout} layout
   * @param {SessionHandle} session
   */
  constructor(layout, session, intern = false) {
    this.layout = layout;
    this.session = session;
    /** @type {Codes | null} */
    this.interned = intern ? Object.create(null) : null; // text -> its index in the runtime (lq_intern)
    this.internedCount = 0;
    // The cells of the keys of the last answers, by position: the next answers most likely have
    // the same keys in the same order, and a string compare is cheaper than a lookup.
    /** @type {string[]} */
    this.keys = [];
    /** @type {number[]} */
    this.keyCells = []; // -1: the key names no question
    /** @type {Array<[boolean, string]> | null} */
    this.unknown = null; // [signal, key] pairs, when some keys name nothing
    this.texts = false; // some cell holds a string (freed after a one-off score)
    this.textLength = 0; // UTF-16 units of the strings of one set of answers
    /** @type {string | null} */
    this.overText = null; // why those strings are too many (checkText() throws it)
    this.views();
  }

  // Views of wasm memory; refreshed when memory grew (the old views are then detached: all at
  // once, so one says it). Memory grows only in a call that allocates: after each of those.
  views() {
    if (this.kinds === undefined || this.kinds.byteLength === 0) {
      this.kinds = this.session.kinds();
      this.numbers = this.session.numbers();
      this.summary = this.session.summary();
      this.visible = this.session.visible();
    }
  }

  clear() {
    this.views();
    const kinds = this.kinds;
    for (let c = 0, n = kinds.length, absent = ABSENT; c < n; ++c) kinds[c] = absent; // (fill() costs more at this size)
    this.textLength = 0;
    this.overText = null;
    this.release();
    if (this.interned && this.internedCount >= internMaxStrings) {
      // No cell names an interned string now: start the table again.
      this.interned = Object.create(null);
      this.internedCount = 0;
      this.session.clearInterned();
    }
  }

  /**
   * The index of `text` in the runtime's interned strings (sent now if new), or -1 when it is
   * not interned (a session's cells, a long text, a full table).
   * @param {string} text
   */
  internedRef(text) {
    const interned = this.interned;
    if (interned === null) return -1;
    const known = interned[text];
    if (known !== undefined) return known;
    if (text.length > internMaxUnits || this.internedCount >= internMaxStrings) return -1;
    const ref = this.session.intern(text);
    interned[text] = ref;
    ++this.internedCount;
    this.views();
    return ref;
  }

  // Frees the strings and unknown keys it was given (a one-off score is done with them).
  release() {
    if (this.texts) {
      this.session.clearTexts();
      this.texts = false;
    }
    if (this.unknown) {
      this.unknown = null;
      this.session.clearUnknown();
    }
  }

  /**
   * Whether `text` is within the limit; text past it is not copied into wasm memory, and
   * checkText() then refuses the answers (after what JSON cannot carry, which is refused first).
   * @param {string} text
   */
  countText(text) {
    this.textLength += text.length;
    // Only a long text can be over: UTF-8 takes at most 3 bytes per UTF-16 unit.
    if (this.textLength * 3 > maxTextBytes) {
      const bytes = this.textLength - text.length + utf8Length(text);
      if (bytes > maxTextBytes) {
        this.overText ??= `the answers carry ${bytes} bytes of text, at most ${maxTextBytes} are allowed`;
        return false;
      }
    }
    return true;
  }

  checkText() {
    const message = this.overText;
    if (message !== null) throw new LeadqualError(`answers: ${message}`, [{ pointer: '', message }]);
  }

  /**
   * One answer (or signal) into its cell; `codes` maps the question's option values to codes.
   * @param {number} cell
   * @param {unknown} value
   * @param {Codes | null} codes
   */
  put(cell, value, codes) {
    value = jsonOf(value, '');
    if (this.putPlain(cell, value, codes)) return;
    if (value === undefined) {
      this.kinds[cell] = ABSENT;
      return;
    }
    if (typeof value === 'number') {
      // NaN, ±Infinity: where nothing refused them (answers with their own toJSON).
      this.kinds[cell] = NUMBER;
      this.numbers[cell] = value;
      return;
    }
    if (value === null) {
      this.kinds[cell] = NULL;
    } else if (Array.isArray(value)) {
      this.session.setArray(cell, value.length);
      for (let i = 0; i < value.length; ++i) this.putItem(cell, i, jsonOf(value[i], String(i)), codes);
      this.views();
    } else {
      this.kinds[cell] = OBJECT;
    }
  }

  /**
   * A finite number, a boolean or a string into its cell; false (nothing written) for any other
   * value.
   * @param {number} cell
   * @param {unknown} value
   * @param {Codes | null} codes
   */
  putPlain(cell, value, codes) {
    switch (typeof value) {
      case 'number':
        if (value - value !== 0) return false; // NaN, ±Infinity
        this.kinds[cell] = NUMBER;
        this.numbers[cell] = value + 0; // -0 is 0, as in JSON text
        return true;
      case 'boolean':
        this.kinds[cell] = BOOL;
        this.numbers[cell] = value ? 1 : 0;
        return true;
      case 'string':
        this.putText(cell, value, codes);
        return true;
      default:
        return false;
    }
  }

  /**
   * A string answer into its cell: an option by its code, else a text (interned or sent).
   * @param {number} cell
   * @param {string} value
   * @param {Codes | null} codes
   */
  putText(cell, value, codes) {
    const code = codes?.[value];
    if (code !== undefined) {
      this.kinds[cell] = OPTION;
      this.numbers[cell] = code;
      return;
    }
    if (!this.countText(value)) return;
    const ref = this.internedRef(value);
    if (ref >= 0) {
      this.kinds[cell] = INTERNED;
      this.numbers[cell] = ref;
    } else {
      this.session.setText(cell, value);
      this.texts = true;
      this.views();
    }
  }

  /**
   * @param {number} cell
   * @param {number} index
   * @param {unknown} value
   * @param {Codes | null} codes
   */
  putItem(cell, index, value, codes) {
    const session = this.session;
    switch (typeof value) {
      case 'boolean':
        return session.setItem(cell, index, BOOL, value ? 1 : 0);
      case 'number':
        return session.setItem(cell, index, NUMBER, value + 0);
      case 'string': {
        const code = codes?.[value];
        if (code !== undefined) return session.setItem(cell, index, OPTION, code);
        if (!this.countText(value)) return session.setItem(cell, index, NULL, 0);
        const ref = this.internedRef(value);
        if (ref >= 0) return session.setItem(cell, index, INTERNED, ref);
        this.texts = true;
        return session.setItemText(cell, index, value);
      }
      default:
        // JSON.stringify writes null for what it cannot write in an array.
        if (value === null || typeof value !== 'object') return session.setItem(cell, index, NULL, 0);
        return session.setItem(cell, index, Array.isArray(value) ? ARRAY : OBJECT, 0);
    }
  }

  /**
   * A whole set of answers, as score() takes them, into cleared cells; refuses what JSON cannot
   * carry as it goes, with the error findUnrepresentable() gives for the whole object.
   * @param {Record<string, unknown>} answers a plain object
   */
  putAnswers(answers) {
    const { questionCell, optionCodes } = this.layout;
    this.clear();
    // An object with its own toJSON chooses its JSON: the members are not checked (as before).
    const checked = typeof answers.toJSON !== 'function';
    const { keys, keyCells } = this;
    let n = 0; // the how-manieth key given (answers of one shape give the same keys in order)
    for (const key in answers) {
      if (!hasOwnProperty.call(answers, key)) continue; // (V8 drops this in for-in; Object.hasOwn it keeps)
      const value = answers[key];
      if (value === undefined) continue;
      let cell;
      if (keys[n] === key) {
        cell = keyCells[n];
      } else {
        cell = questionCell.get(key) ?? -1;
        if (n < keyCacheSize) {
          keys[n] = key;
          keyCells[n] = cell;
        }
      }
      ++n;
      // The common answers (a finite number, a boolean, a string) at once, the rest by put(),
      // after the check of what JSON cannot carry.
      if (cell >= 0 && this.putPlain(cell, value, optionCodes[cell])) continue;
      if (checked && !plainJson(value)) {
        const problem = findUnrepresentable(value, `/${escapePointer(key)}`, maxJsonDepth, 1);
        if (problem) throw refuse('answers', problem);
      }
      if (cell < 0) this.addUnknown(false, key);
      else this.put(cell, value, optionCodes[cell]);
    }
  }

  /**
   * Signals (checked by checkedOptions) into their cells, after putAnswers() or clear().
   * @param {Record<string, unknown>} signals
   */
  putSignals(signals) {
    const signalCell = this.layout.signalCell;
    for (const key in signals) {
      if (!Object.hasOwn(signals, key) || signals[key] === undefined) continue;
      const cell = signalCell.get(key);
      if (cell === undefined) this.addUnknown(true, key);
      else this.put(cell, signals[key], null);
    }
  }

  /**
   * @param {boolean} signal
   * @param {string} key
   */
  addUnknown(signal, key) {
    (this.unknown ??= []).push([signal, key]);
    this.session.addUnknown(signal, key);
    this.views();
  }

  /** @param {number} now */
  score(now) {
    try {
      this.session.score(now);
    } catch (cause) {
      throw coreFailure(cause); // (as callCore, without a closure per score)
    }
    this.views();
  }

  // The result object of the last score(), built from the summary (as JSON.parse of its
  // canonical text would build it: the parity tests hold the two equal). Every number is read
  // before any text is asked for: a text the runtime writes may grow its memory, which
  // detaches the summary's view.
  /**
   * @param {FrozenParts | null} [shared] a session's: the result deeply frozen, sharing the
   *   parts that equal its last state's
   * @returns {Result}
   */
  result(shared = null) {
    const s = this.summary;
    const t = this.layout;
    /** @type {Record<string, Json>} */
    const computed = {};
    let computedTexts = false; // a computed value that is no number (its text is asked below)
    for (let i = 0; i < t.computedOrder.length; ++i) {
      const { id, index } = t.computedOrder[i];
      const x = s[t.computedAt + index];
      if (Number.isNaN(x)) computedTexts = true;
      computed[id] = jsonNumber(x);
    }
    /** @type {Record<string, number>} */
    const dimensions = {};
    // A dimension's score is always finite (jsonNumber's null is for computed values).
    for (let i = 0; i < t.dimensionOrder.length; ++i) {
      const { id, index } = t.dimensionOrder[i];
      dimensions[id] = /** @type {number} */ (jsonNumber(s[HEAD + index]));
    }
    const count = s[6] | 0;
    /** @type {Reason[]} */
    const reasons = new Array(count);
    for (let i = 0, at = t.reasonsAt; i < count; ++i, at += 2) {
      const index = s[at] | 0; // (an integer index is faster)
      const points = /** @type {number} */ (jsonNumber(s[at + 1])); // finite
      if (shared !== null) {
        reasons[i] = shared.reason(index, points);
      } else {
        const { dimension, id, source, text } = t.reasonParts[index];
        reasons[i] = { dimension, id, points, source, text };
      }
    }
    const disqualifiedBy = s[4];
    const rule = disqualifiedBy < 0 ? null : t.rules[disqualifiedBy];
    const model = t.model;
    /** @type {Result} */
    const result = {
      complete: s[5] === 1,
      computed,
      dimensions,
      disqualified: rule === null ? null : { reason: rule[1], rule: rule[0] },
      errors: [],
      grade: s[2] < 0 ? null : t.grades[s[2]],
      model: { hash: model.hash, id: model.id, version: model.version },
      percent: jsonNumber(s[1]),
      reasons,
      // The score is finite, and a stage always holds (a model's last stage is its default).
      score: /** @type {number} */ (jsonNumber(s[0])),
      stage: /** @type {string} */ (rule !== null ? 'disqualified' : s[3] < 0 ? null : t.stages[s[3]]),
    };
    // The texts last (each call may grow memory: views() again before reading numbers).
    if (s[7] > 0) result.errors = JSON.parse(this.session.errorsText());
    if (computedTexts) {
      for (const { id, index } of t.computedOrder) {
        this.views();
        if (Number.isNaN(this.summary[t.computedAt + index])) {
          computed[id] = JSON.parse(this.session.computedText(index));
        }
      }
    }
    if (s[7] > 0 || computedTexts) this.views();
    if (shared !== null) shared.freeze(result);
    return result;
  }

  /** The canonical text of the last score(). */
  resultText() {
    const session = this.session;
    const text = callCore(() => /** @type {string} */ (session.resultText()));
    this.views();
    return text;
  }

  /**
   * @param {FrozenParts | null} [shared] a session's: the ids frozen, its last ones when equal
   * @returns {string[]}
   */
  visibleIds(shared = null) {
    const ids = [];
    const questions = this.layout.questions;
    for (let q = 0; q < questions.length; ++q) if (this.visible[q]) ids.push(questions[q][0]);
    return shared === null ? ids : (shared.visible = sameItems(shared.visible, ids) ?? frozen(ids));
  }
}

/**
 * A session's states are deeply frozen, and Object.freeze costs more than building an object:
 * the parts of a state (reasons, dimensions, the model's ids, visible ids…) that equal the last
 * state's are that state's own frozen objects, shared (they cannot change).
 * @internal
 */
class FrozenParts {
  /** @param {Layout} layout */
  constructor(layout) {
    this.layout = layout;
    /** @type {Array<Reason | undefined>} */
    this.reasons = []; // the last frozen reason of each contribution
    /** @type {Reason[] | null} */
    this.list = null; // the last state's reasons
    /** @type {string[] | null} */
    this.visible = null;
    const { hash, id, version } = layout.model;
    this.model = Object.freeze({ hash, id, version });
  }

  /**
   * @param {number} index the contribution's
   * @param {number} points
   * @returns {Reason}
   */
  reason(index, points) {
    const known = this.reasons[index];
    if (known !== undefined && known.points === points) return known;
    const { dimension, id, source, text } = this.layout.reasonParts[index];
    return (this.reasons[index] = Object.freeze({ dimension, id, points, source, text }));
  }

  /**
   * Freezes a result built with reason(), in place (its reasons, model and errors may become
   * equal frozen ones).
   * @param {Result} result
   */
  freeze(result) {
    result.reasons = this.list = sameItems(this.list, result.reasons) ?? frozen(result.reasons);
    result.model = this.model;
    result.errors = result.errors.length === 0 ? noErrors : deepFreeze(result.errors);
    Object.freeze(result.dimensions);
    deepFreeze(result.computed);
    if (result.disqualified !== null) Object.freeze(result.disqualified);
    Object.freeze(result);
  }
}

/**
 * An array frozen (typed as the array it was: nothing writes a state's arrays).
 * @template T
 * @param {T[]} items
 * @returns {T[]}
 */
function frozen(items) {
  Object.freeze(items);
  return items;
}

/** @type {never[]} */
const noErrors = frozen([]);

/**
 * `last` when its items are `next`'s (by ===), else null.
 * @template T
 * @param {readonly T[] | null} last
 * @param {T[]} next
 * @returns {T[] | null}
 */
function sameItems(last, next) {
  if (last === null || last.length !== next.length) return null;
  for (let i = 0; i < next.length; ++i) if (last[i] !== next[i]) return null;
  return /** @type {T[]} */ (last);
}

/**
 * A value check() takes at once (nothing to walk): a string, a boolean, a finite number, null.
 * @param {unknown} value
 */
function plainJson(value) {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value);
    default:
      return value === null;
  }
}

/**
 * Refuses answers that are no plain object (their members are checked as they are written).
 * @param {unknown} answers
 * @returns {Record<string, unknown>}
 */
function checkedAnswers(answers) {
  if (!isPlainObject(answers)) {
    const got = answers === null ? 'null' : Array.isArray(answers) ? 'an array' : typeof answers;
    throw new LeadqualError(`answers: expected an object of question id -> answer, got ${got}`, [
      { pointer: '', message: `expected an object, got ${got}` },
    ]);
  }
  return answers;
}

/**
 * @param {unknown} options
 * @param {any} m the module that reads `now` (nowMs)
 * @returns {{signals: Record<string, unknown> | null, now: number}}
 */
function checkedOptions(options, m) {
  if (options === undefined || options === null) return { signals: null, now: Date.now() };
  if (typeof options !== 'object') {
    throw new LeadqualError('options: expected an object {signals?, now?}');
  }
  const { signals, now } = /** @type {{signals?: unknown, now?: unknown}} */ (options);
  if (signals !== undefined && signals !== null) {
    if (!isPlainObject(signals)) {
      throw new LeadqualError('signals: expected an object of signal id -> count or event times', [
        { pointer: '', message: 'not an object' },
      ]);
    }
    const problem = findUnrepresentable(signals, '', maxJsonDepth);
    if (problem) throw refuse('signals', problem);
  }
  return { signals: signals ?? null, now: nowMs(now, m) };
}

/** A loaded model. Create with loadQualifier(); release with dispose(). */
export class Qualifier {
  /** @type {ModelHandle | null} */
  #handle;
  /** @type {Owned} */
  #owned;
  /** @type {Layout} */
  #layout;
  /** @type {Cells | null} */
  #cells = null; // for one-off scores
  /** @type {Readonly<Model> | null} */
  #model = null;
  /** @type {string} */
  #id;
  /** @type {string} */
  #version;
  /** @type {string} */
  #hash;

  /**
   * @internal Use loadQualifier().
   * @param {ModelHandle} handle
   */
  constructor(handle) {
    this.#handle = handle;
    this.#owned = { handles: [handle] };
    this.#id = handle.id();
    this.#version = handle.version();
    this.#hash = handle.hash();
    this.#layout = layoutOf(JSON.parse(handle.tables()));
    finalizer?.register(this, this.#owned, this);
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

  /**
   * The normalised model (defaults filled in), frozen; what renderers read.
   * @returns {Readonly<Model>}
   */
  get model() {
    if (this.#model === null) {
      const handle = this.#live();
      this.#model = deepFreeze(JSON.parse(callCore(() => handle.normalized())));
    }
    return /** @type {Readonly<Model>} */ (this.#model);
  }

  /**
   * Scores one set of answers; returns the result object (see docs/model.md).
   * @param {Answers} answers
   * @param {ScoreOptions} [options]
   * @returns {Result}
   */
  score(answers, options) {
    const cells = this.#run(answers, options);
    const result = cells.result();
    cells.release();
    return result;
  }

  /**
   * The result as canonical JSON text: the exact bytes `leadqual score` prints for the same
   * answers (handy to post or hash without re-serialising).
   * @param {Answers} answers
   * @param {ScoreOptions} [options]
   * @returns {string}
   */
  scoreJSON(answers, options) {
    const cells = this.#run(answers, options);
    const text = cells.resultText();
    cells.release();
    return text;
  }

  /**
   * @internal {visible, result} for the answers, as a session's state has them.
   * @param {Answers} answers
   * @param {ScoreOptions} [options]
   */
  stateOf(answers, options) {
    const cells = this.#run(answers, options);
    const state = { visible: cells.visibleIds(), result: cells.result() };
    cells.release();
    return state;
  }

  // Writes the answers and signals into the one-off cells and scores them: the caller reads
  // the result, then release()s the cells. Refusals come in the order they always did: what
  // JSON cannot carry in the answers, then the options, then too much text.
  /**
   * @param {unknown} answers
   * @param {unknown} options
   */
  #run(answers, options) {
    const checked = checkedAnswers(answers);
    if (this.#handle === null) {
      // Disposed: bad answers are still refused first, as they always were.
      const problem = findUnrepresentable(checked, '', maxJsonDepth);
      if (problem) throw refuse('answers', problem);
      this.#live();
    }
    const cells = this.#oneOff();
    cells.putAnswers(checked);
    const { signals, now } = this.checkedOptions(options);
    if (signals) cells.putSignals(signals);
    cells.checkText();
    cells.score(now);
    return cells;
  }

  /**
   * @internal The score options, checked, `now` read by this qualifier's module.
   * @param {unknown} options
   */
  checkedOptions(options) {
    return checkedOptions(options, this.#live().m);
  }

  #oneOff() {
    this.#cells ??= this.newCells(undefined, true);
    return this.#cells;
  }

  /**
   * @internal Cells of a new runtime session on this model, freed with the qualifier.
   * @param {object} [owner] frees them when it is garbage-collected instead
   * @param {boolean} [intern] intern short strings (one-off scores: texts recur across leads)
   */
  newCells(owner, intern = false) {
    const handle = this.#live();
    const session = callCore(() => handle.session());
    const cells = new Cells(this.#layout, session, intern);
    if (owner) {
      const owned = { handles: [session] };
      finalizer?.register(owner, owned, owner);
      cells.owned = owned;
    } else {
      this.#owned.handles.push(session);
    }
    return cells;
  }

  /**
   * Incremental use for live UIs; see Session.
   * @param {ScoreOptions} [options]
   */
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
    releaseAll(this.#owned);
    this.#handle = null;
    this.#cells = null;
  }

  #live() {
    if (this.#handle === null) throw new LeadqualError(`qualifier ${this.#id} was disposed`);
    return this.#handle;
  }
}

/** @type {Record<string, never>} */
const noQuestionErrors = Object.freeze({});

/** @param {unknown} path */
function questionOf(path) {
  // "/employees" or "/skills/2" -> "employees"; other paths (signals) name no question.
  if (typeof path !== 'string' || !path.startsWith('/')) return null;
  const segment = path.slice(1).split('/')[0];
  return segment.replaceAll('~1', '/').replaceAll('~0', '~');
}

/**
 * A visitor's answers as they change. set()/unset() write one answer into the runtime's memory
 * (the others stay where they are); `state` scores once per change (and caches until the next).
 */
export class Session {
  /** @type {Qualifier} */
  #qualifier;
  /** @type {Cells} */
  #cells;
  /** @type {Answers} */
  #answers = Object.create(null);
  /** @type {Set<string>} */
  #unknown = new Set();
  /** @type {ScoreOptions | undefined} */
  #options;
  /** @type {SessionState | null} */
  #state = null;
  /** @type {FrozenParts | null} */
  #shared = null;

  /**
   * @internal Use Qualifier.session().
   * @param {Qualifier} qualifier
   * @param {ScoreOptions} [options]
   */
  constructor(qualifier, options) {
    this.#qualifier = qualifier;
    const { signals } = qualifier.checkedOptions(options); // refuse bad options now, not at the first `state`
    this.#options = options;
    this.#cells = qualifier.newCells(this);
    this.#cells.clear();
    if (signals) this.#cells.putSignals(signals);
    this.#cells.checkText();
  }

  /**
   * Answers a question (undefined unsets it). Returns the session for chaining.
   * @param {string} id
   * @param {Answers[string]} value
   * @returns {this}
   */
  set(id, value) {
    if (typeof id !== 'string' || id === '') {
      throw new LeadqualError(`set: question id must be a non-empty string, got ${String(id)}`);
    }
    if (value === undefined) return this.unset(id);
    if (!plainJson(value)) {
      // (Only what may hold a problem: the pointer is not built for every answer.)
      const problem = findUnrepresentable(value, `/${escapePointer(id)}`, maxJsonDepth, 1);
      if (problem) throw refuse('set', problem);
    }
    this.#live();
    this.#answers[id] = value;
    const cells = this.#cells;
    const cell = cells.layout.questionCell.get(id);
    if (cell === undefined) {
      this.#unknown.add(id);
      this.#putUnknown();
    } else {
      cells.views();
      cells.textLength = 0; // the limit holds for each answer of a session
      cells.overText = null;
      cells.put(cell, value, cells.layout.optionCodes[cell]);
      cells.checkText();
    }
    this.#state = null;
    return this;
  }

  /**
   * @param {string} id
   * @returns {this}
   */
  unset(id) {
    if (id in this.#answers) {
      delete this.#answers[id];
      const cells = this.#cells;
      const cell = cells.layout.questionCell.get(id);
      if (cell === undefined) {
        this.#unknown.delete(id);
        this.#putUnknown();
      } else {
        cells.views();
        cells.put(cell, undefined, null);
      }
      this.#state = null;
    }
    return this;
  }

  // Keys that name no question are sent again as a whole (they are rare: a typo, an old form).
  #putUnknown() {
    const cells = this.#cells;
    cells.session.clearUnknown();
    const signals = (cells.unknown ?? []).filter(([signal]) => signal);
    cells.unknown = null;
    for (const [, key] of signals) cells.addUnknown(true, key);
    for (const key of this.#unknown) cells.addUnknown(false, key);
  }

  /**
   * A copy of the current answers.
   * @returns {Answers}
   */
  get answers() {
    return { ...this.#answers };
  }

  /**
   * {visible: question ids in model order, computed, result, errors: {questionId: [error...]}}.
   * @returns {SessionState}
   */
  get state() {
    if (this.#state === null) {
      this.#live();
      const { now } = this.#qualifier.checkedOptions(this.#options);
      const cells = this.#cells;
      cells.score(now);
      const shared = (this.#shared ??= new FrozenParts(cells.layout));
      const result = cells.result(shared); // deeply frozen
      /** @type {Record<string, import('./leadqual.js').AnswerError[]>} */
      let errors = noQuestionErrors;
      if (result.errors.length > 0) {
        errors = {};
        for (const error of result.errors) {
          const id = questionOf(error.path);
          if (id !== null) (errors[id] ??= []).push(error);
        }
        deepFreeze(errors);
      }
      this.#state = Object.freeze({ visible: cells.visibleIds(shared), computed: result.computed, result, errors });
    }
    return this.#state;
  }

  #live() {
    if (this.#qualifier.disposed) throw new LeadqualError(`qualifier ${this.#qualifier.id} was disposed`);
  }
}

// ---------------------------------------------------------------------------------------------

/**
 * A compiled model (what `leadqual build` and compileModel() write) starts with "LQCM".
 * @param {Uint8Array} bytes
 */
function isCompiled(bytes) {
  return bytes.length >= 4 && bytes[0] === 0x4c && bytes[1] === 0x51 && bytes[2] === 0x43 && bytes[3] === 0x4d;
}

/**
 * Whether a model is likely compiled before it is read, so the right module loads meanwhile.
 * @param {unknown} modelOrUrl
 */
function looksCompiled(modelOrUrl) {
  if (modelOrUrl instanceof ArrayBuffer || ArrayBuffer.isView(modelOrUrl)) return isCompiled(toBytes(modelOrUrl));
  if (typeof modelOrUrl === 'string' || modelOrUrl instanceof URL) {
    return /\.lqc$/i.test(new URL(String(modelOrUrl), baseUrl()).pathname);
  }
  return false;
}

// The model as {bytes} (compiled) or {text} (its JSON, parsed by the core, which locates syntax
// errors by line and column).
/**
 * @param {unknown} modelOrUrl
 * @returns {Promise<{bytes: Uint8Array, text?: undefined} | {text: string, bytes?: undefined}>}
 */
async function modelSource(modelOrUrl) {
  if (modelOrUrl instanceof ArrayBuffer || ArrayBuffer.isView(modelOrUrl)) {
    // Compiled bytes, or the bytes of a model's JSON (a page that fetched the file itself).
    const bytes = toBytes(modelOrUrl);
    return isCompiled(bytes) ? { bytes } : { text: new TextDecoder().decode(bytes) };
  }
  if (typeof modelOrUrl === 'string' || modelOrUrl instanceof URL) {
    const url = new URL(String(modelOrUrl), baseUrl());
    if (url.protocol === 'file:' && isNode) {
      const { readFile } = await import('node:fs/promises');
      let file;
      try {
        file = await readFile(url);
      } catch (cause) {
        throw new LeadqualError(`could not read the model ${url.pathname}: ${describe(cause)}`, [], { cause });
      }
      return isCompiled(file) ? { bytes: file } : { text: file.toString('utf8') };
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
    const bytes = new Uint8Array(await response.arrayBuffer());
    return isCompiled(bytes) ? { bytes } : { text: new TextDecoder().decode(bytes) };
  }
  if (!isPlainObject(modelOrUrl)) {
    throw new LeadqualError('loadQualifier: expected a model object, its URL or its compiled bytes', [
      { pointer: '', message: 'not a model object' },
    ]);
  }
  return { text: toJSONText(modelOrUrl, 'model') };
}

/**
 * Reads the model while the module it needs loads; a compiled model needs the runtime only.
 * @param {unknown} modelOrUrl
 * @param {InitOptions} options
 */
async function loadSource(modelOrUrl, options) {
  const pending = looksCompiled(modelOrUrl) ? initRuntime(options) : init(options);
  let source;
  try {
    source = await modelSource(modelOrUrl);
  } catch (error) {
    await pending;
    throw error;
  }
  const module = await (source.bytes ? initRuntime(options) : init(options));
  return { module, source };
}

/**
 * @param {any} core the core module's instance
 * @param {string} text the model's JSON
 * @returns {{handle?: ModelHandle, errors?: LocatedError[], message?: string}}
 */
function loadHandle(core, text) {
  return callCore(() => {
    const outcome = core.loadModel(text);
    try {
      if (!outcome.ok()) return { errors: JSON.parse(outcome.errors()) };
      return { handle: new RuntimeModel(core, outcome.model()) };
    } finally {
      outcome.delete();
    }
  });
}

/**
 * @param {any} runtime either module's instance
 * @param {Uint8Array} bytes the compiled model
 * @returns {{handle?: ModelHandle, errors?: LocatedError[], message?: string}}
 */
function loadCompiledHandle(runtime, bytes) {
  return callCore(() => {
    const address = runtime._lq_load(putBytes(runtime, bytes));
    if (!address) {
      const message = textAt(runtime, runtime._lq_load_error());
      return { errors: [{ pointer: '', message }], message: `invalid compiled model: ${message}` };
    }
    return { handle: new RuntimeModel(runtime, address) };
  });
}

/**
 * Loads a model — its compiled bytes (`leadqual build`, compileModel()) or its JSON's bytes, an
 * object, or a URL /
 * file path to fetch (a compiled model or JSON) — into the runtime. A model's JSON is compiled
 * by the core module first; a compiled model needs only the smaller runtime module. Rejects with
 * a LeadqualError listing every located error when the model is invalid.
 * @param {ModelInput | Binary} modelOrUrl
 * @param {InitOptions} [options]
 * @returns {Promise<Qualifier>}
 */
export async function loadQualifier(modelOrUrl, options = {}) {
  const { module, source } = await loadSource(modelOrUrl, options);
  const { handle, errors, message } =
    source.bytes !== undefined ? loadCompiledHandle(module, source.bytes) : loadHandle(module, source.text);
  if (errors) throw message ? new LeadqualError(message, errors) : invalidModel(errors);
  return new Qualifier(handle);
}

/**
 * "invalid model: POINTER: MESSAGE (and N more)", for every problem of a refused model.
 * @param {LocatedError[]} errors
 */
function invalidModel(errors) {
  const first = errors[0];
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
  return new LeadqualError(`invalid model: ${first.pointer || '/'}: ${first.message}${more}`, errors);
}

// ---------------------------------------------------------------------------------------------
// The tools (web/leadqual-tools.js, documented there): compiling, validating and checking a
// model, the vocabulary, result checks, evaluate(), backtests and CSV leads. They run on the core
// module and a page that only scores never calls them, so that file is imported on the first call
// of one, and given what it shares with this one.

/** @typedef {ReturnType<typeof import('./leadqual-tools.js').tools>} Tools */
/** @type {Promise<Tools> | null} */
let toolsLoading = null;

/** @returns {Promise<Tools>} */
function tools() {
  toolsLoading ??= import('./leadqual-tools.js').then(
    ({ tools: make }) =>
      make({
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
      }),
    (cause) => {
      toolsLoading = null; // (offline, say) the next call tries again
      throw new LeadqualError(`could not load the leadqual tools (leadqual-tools.js): ${describe(cause)}`, [], {
        cause,
      });
    },
  );
  return toolsLoading;
}

/**
 * Compiles a model's JSON into the bytes `leadqual build` writes.
 * @param {ModelInput} modelOrUrl
 * @param {InitOptions} [options]
 * @returns {Promise<Uint8Array>}
 */
export async function compileModel(modelOrUrl, options) {
  return (await tools()).compileModel(modelOrUrl, options);
}

/**
 * The located errors of a model ([] when it is valid).
 * @param {ModelInput} modelOrUrl
 * @param {InitOptions} [options]
 * @returns {Promise<LocatedError[]>}
 */
export async function validateModel(modelOrUrl, options) {
  return (await tools()).validateModel(modelOrUrl, options);
}

/**
 * A model's located errors and, when it is valid, its lint warnings.
 * @param {ModelInput} modelOrUrl
 * @param {InitOptions} [options]
 * @returns {Promise<{errors: LocatedError[], warnings: ModelWarning[]}>}
 */
export async function checkModel(modelOrUrl, options) {
  return (await tools()).checkModel(modelOrUrl, options);
}

/**
 * The words of the model format as the core defines them.
 * @param {InitOptions} [options]
 * @returns {Promise<Vocabulary>}
 */
export async function vocabulary(options) {
  return (await tools()).vocabulary(options);
}

/**
 * The collector's consistency check for the results of one model.
 * @param {ModelInput} modelOrUrl
 * @param {InitOptions} [options]
 * @returns {Promise<ResultChecker>}
 */
export async function resultChecker(modelOrUrl, options) {
  return (await tools()).resultChecker(modelOrUrl, options);
}

/**
 * Evaluates one expression — infix text or JsonLogic — on a data object.
 * @param {Json} rule
 * @param {Json} [data]
 * @param {EvaluateOptions} [options]
 * @returns {Promise<Json>}
 */
export async function evaluate(rule, data, options) {
  return (await tools()).evaluate(rule, data, options);
}

/**
 * Backtests a model on a CRM history (docs/calibration.md).
 * @param {ModelInput | Uint8Array | ArrayBuffer} model
 * @param {CsvInput} csv
 * @param {BacktestOptions} options
 * @returns {Promise<BacktestReport>}
 */
export async function backtest(model, csv, options) {
  return (await tools()).backtest(model, csv, options);
}

/**
 * Reads test leads from a CSV as `leadqual score` reads them.
 * @param {ModelInput | Uint8Array | ArrayBuffer} model
 * @param {CsvInput} csv
 * @param {InitOptions} [options]
 * @returns {Promise<{leads: CsvLead[], warnings: string[]}>}
 */
export async function readLeads(model, csv, options) {
  return (await tools()).readLeads(model, csv, options);
}
