// Types of the leadqual JavaScript API (web/leadqual.js). The model and result formats are
// documented in docs/model.md; the API in docs/js-api.md.

/** Any JSON value. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A located problem: `pointer` is a JSON Pointer into the model (or input), "" for the whole. */
export interface LocatedError {
  pointer: string;
  message: string;
}

/** Thrown (or rejected with) for an invalid model, bad input, or use after dispose(). */
export class LeadqualError extends Error {
  constructor(message: string, errors?: LocatedError[], details?: Record<string, unknown>);
  readonly name: 'LeadqualError';
  /** Every located problem (may be empty for load/fetch failures). */
  readonly errors: LocatedError[];
  /** For evaluate(): the run-time error type, e.g. "NaN" or "Invalid Arguments". */
  readonly type?: string;
}

export interface InitOptions {
  /** Where to fetch leadqual-core.wasm (default: next to the API, ./build/leadqual-core.wasm). */
  wasmUrl?: string | URL;
  /** The core's .wasm bytes themselves (no fetch). */
  wasmBinary?: ArrayBuffer | ArrayBufferView;
  /** Where to fetch leadqual-runtime.wasm (default: ./build/leadqual-runtime.wasm beside the API). */
  runtimeUrl?: string | URL;
  /** The runtime's .wasm bytes themselves (no fetch). */
  runtimeBinary?: ArrayBuffer | ArrayBufferView;
  /** A fetch of leadqual-runtime.wasm the page started earlier (compiled as it streams in). */
  runtimeResponse?: Response | Promise<Response>;
}

/** A time: a Date, milliseconds since the epoch, an ISO 8601 string, or null for "no clock". */
export type Instant = Date | number | string | null;

/** A behavioural signal: a count/value, or the times of its events (ms or ISO 8601 strings). */
export type SignalValue = number | Array<number | string>;

export interface ScoreOptions {
  /** Behavioural signals by signal id. */
  signals?: Record<string, SignalValue>;
  /** The clock for signal decay and days_since(); default: the current time. */
  now?: Instant;
}

/** One answer: option value(s), number, boolean or string (null/"" mean "not answered"). */
export type Answer = string | number | boolean | null | string[];

/** Question id -> answer. */
export type Answers = Record<string, Answer | Json | undefined>;

export interface Reason {
  source: 'option' | 'band' | 'rule' | 'signal';
  id: string;
  dimension: string;
  points: number;
  text: string;
}

export interface AnswerError {
  /** JSON Pointer into the answers (`/employees`), the signals (`/signals/x`) or the model (eval_error). */
  path: string;
  code:
    | 'wrong_type'
    | 'not_a_number'
    | 'out_of_range'
    | 'unknown_option'
    | 'unknown_question'
    | 'unknown_signal'
    | 'too_long'
    | 'invalid_email'
    | 'invalid_date'
    | 'eval_error'
    | (string & {});
  message: string;
}

/** The result of scoring one set of answers (docs/model.md, "The result"). */
export interface Result {
  model: { id: string; version: string; hash: string };
  score: number;
  percent: number | null;
  dimensions: Record<string, number>;
  grade: string | null;
  stage: string;
  disqualified: { rule: string; reason: string } | null;
  reasons: Reason[];
  computed: Record<string, Json>;
  complete: boolean;
  errors: AnswerError[];
}

/** Localised text: a string or {language: string}. */
export type Text = string | Record<string, string>;

export interface ModelOption {
  value: string;
  label?: Text;
  points?: Record<string, number>;
  [key: string]: unknown;
}

/** The question types (the core's vocabulary; tests/js/vocabulary.test.mjs keeps them equal). */
export type QuestionType = 'choice' | 'multi' | 'number' | 'range' | 'boolean' | 'text' | 'email' | 'hidden';

/** How a renderer formats a computed value. */
export type ComputedFormat = 'number' | 'integer' | 'currency' | 'percent';

export interface ModelQuestion {
  id: string;
  type: QuestionType;
  label?: Text;
  help?: Text;
  placeholder?: Text;
  required?: boolean;
  showIf?: Json;
  share?: boolean;
  options?: ModelOption[];
  min?: number;
  max?: number;
  step?: number;
  unit?: string;
  /** number, range: the first band that holds counts. */
  bands?: Array<{ min?: number; max?: number; points?: Record<string, number>; label?: Text }>;
  /** boolean: points when the answer is true. */
  points?: Record<string, number>;
  /** text: at most this many characters. */
  maxLength?: number;
  [key: string]: unknown;
}

/** What a results page shows (docs/model.md "Outcomes and the results page"). */
export interface ResultsShow {
  score?: boolean;
  grade?: boolean;
  stage?: boolean;
  /** true: every dimension; false: none; or dimension ids in display order. Normalised to ids. */
  dimensions?: boolean | string[];
  /** true: every labelled computed value; false: none; or computed ids. Normalised to ids. */
  computed?: boolean | string[];
}

/** A call to action of an outcome; `label` may hold placeholders such as {annual_savings}. */
export interface CallToAction {
  label: Text;
  href: string;
}

/** What the results page says for one stage; texts may hold placeholders ({annual_savings}). */
export interface Outcome {
  title?: Text;
  body?: Text;
  /** One, or up to three (the first is the main one); normalised to a list. */
  cta?: CallToAction | CallToAction[];
  redirect?: string;
  show?: ResultsShow;
  [key: string]: unknown;
}

/** A model document (docs/model.md). Only the commonly read keys are spelled out. */
export interface Model {
  leadqual: 1;
  /** For editors: the JSON Schema (models/model.schema.json); ignored by the core. */
  $schema?: string;
  id: string;
  version?: string;
  title?: Text;
  description?: Text;
  lang?: string;
  framework?: string;
  dimensions: Array<{ id: string; label?: Text; min?: number; max?: number; weight?: number; [key: string]: unknown }>;
  questions?: ModelQuestion[];
  computed?: Array<{ id: string; expr: Json; label?: Text; format?: ComputedFormat; [key: string]: unknown }>;
  signals?: Array<{ id: string; points: Record<string, number>; [key: string]: unknown }>;
  rules?: Array<{ id: string; if: Json; [key: string]: unknown }>;
  grade?: { [key: string]: unknown };
  stages: Array<{ id: string; if?: Json; label?: Text; [key: string]: unknown }>;
  /** A screen before the first question of a quiz. */
  intro?: { title?: Text; body?: Text; start?: Text };
  results?: { show?: ResultsShow };
  outcomes?: Record<string, Outcome>;
  submit?: { [key: string]: unknown };
  [key: string]: unknown;
}

export interface SessionState {
  /** Ids of the questions currently shown, in model order. */
  readonly visible: readonly string[];
  /** Computed values by id (null when one failed). */
  readonly computed: Readonly<Record<string, Json>>;
  /** The live (possibly partial) result. */
  readonly result: Readonly<Result>;
  /** The result's answer errors grouped by question id. */
  readonly errors: Readonly<Record<string, readonly AnswerError[]>>;
}

/** A visitor's answers as they change; `state` is recomputed once per change. */
export class Session {
  private constructor();
  /** Sets one answer (undefined unsets it). */
  set(id: string, value: Answer | Json | undefined): this;
  unset(id: string): this;
  /** A copy of the current answers. */
  readonly answers: Answers;
  readonly state: SessionState;
}

/** A loaded, compiled model. */
export class Qualifier {
  private constructor();
  readonly id: string;
  readonly version: string;
  /** "sha256:<hex>" of the model's canonical JSON. */
  readonly hash: string;
  /** The normalised model (defaults filled in), deeply frozen. */
  readonly model: Readonly<Model>;
  readonly disposed: boolean;
  score(answers: Answers, options?: ScoreOptions): Result;
  /** The result as canonical JSON text: the bytes `leadqual score` prints. */
  scoreJSON(answers: Answers, options?: ScoreOptions): string;
  session(options?: ScoreOptions): Session;
  /** Releases the model's memory in the core; later calls throw a LeadqualError. */
  dispose(): void;
}

/** Loads the core module (compiler + runtime) once (later options are ignored). Optional: the other functions call it. */
export function init(options?: InitOptions): Promise<unknown>;

/** Loads the runtime module once: all a compiled model needs. Optional: loadQualifier calls it. */
export function initRuntime(options?: InitOptions): Promise<unknown>;

/**
 * Loads a model: its compiled bytes (or the bytes of its JSON), an object, or a URL (relative to
 * the page; in node also a file path or file: URL) of its JSON or compiled form. A compiled model needs only the runtime
 * module. Rejects with a LeadqualError carrying every located error if it is invalid.
 */
export function loadQualifier(
  modelOrUrl: Model | Record<string, unknown> | string | URL | ArrayBuffer | ArrayBufferView,
  options?: InitOptions,
): Promise<Qualifier>;

/** Compiles a model (an object, or the URL of its JSON) into the bytes `leadqual build` writes. */
export function compileModel(
  modelOrUrl: Model | Record<string, unknown> | string | URL,
  options?: InitOptions,
): Promise<Uint8Array>;

/** The located errors of a model ([] when valid). */
export function validateModel(
  modelOrUrl: Model | Record<string, unknown> | string | URL,
  options?: InitOptions,
): Promise<LocatedError[]>;

/** A lint warning: what a valid model says that it probably does not mean (docs/model.md). */
export interface ModelWarning {
  pointer: string;
  /** "unreachable-stage", "unknown-option-value", "threshold-out-of-range", "rule-never-fires",
   * "unreachable-question" or "unused-dimension". */
  code: string;
  message: string;
}

/** The located errors of a model and, when it is valid, its lint warnings. */
export function checkModel(
  modelOrUrl: Model | Record<string, unknown> | string | URL,
  options?: InitOptions,
): Promise<{ errors: LocatedError[]; warnings: ModelWarning[] }>;

/** The words of the model format as the core defines them (src/core/compiler/vocabulary.cpp). */
export interface Vocabulary {
  questionTypes: Record<QuestionType, { keys: string[]; required: string[]; answer: string }>;
  questionTypeOrder: QuestionType[];
  commonQuestionKeys: string[];
  /** The keys of each object of a model, by object ("model" is the top level). */
  keys: Record<string, string[]>;
  computedFormats: ComputedFormat[];
  submitFormats: string[];
  reasonPolicies: string[];
  resultSources: string[];
  reservedNames: string[];
}
export function vocabulary(options?: InitOptions): Promise<Vocabulary>;

/** The collector's consistency check for the results of one model. */
export interface ResultChecker {
  /** Every inconsistency, located by JSON Pointer into `result` ([] when consistent). */
  check(result: Partial<Result> | Record<string, unknown>, options?: { flat?: boolean }): LocatedError[];
  dispose(): void;
}
export function resultChecker(
  modelOrUrl: Model | Record<string, unknown> | string | URL,
  options?: InitOptions,
): Promise<ResultChecker>;

/**
 * Evaluates one expression (infix text or JsonLogic) on a data object. Rejects with a
 * LeadqualError carrying `errors` when it does not compile, and `type` when it fails while running.
 */
export function evaluate(rule: Json, data?: Json, options?: EvaluateOptions): Promise<Json>;

export interface EvaluateOptions extends InitOptions {
  /** The clock for days_since(); default: the current time. */
  now?: Instant;
  /** Treat a string rule as a JsonLogic literal (as json-logic-js does) instead of infix text. */
  jsonlogic?: boolean;
}

export interface BacktestOptions extends InitOptions {
  /** The CSV column that says whether the lead converted (required). */
  outcome: string;
  /** Outcome values that mean converted (default: 1, true, yes, y, won, converted, closed won). */
  positive?: string | string[];
  /** Column name -> question id, where the header does not name the question. */
  map?: Record<string, string>;
  /** The clock for days_since() in rules; default: the current time. */
  now?: Instant;
}

/** How the leads of one group converted. `positives` may be fractional in deciles (ties shared). */
export interface ConversionRow {
  rows: number;
  positives: number;
  rate: number | null;
  lift: number | null;
}

/** The backtest report (docs/calibration.md, "The backtest report"). */
export interface BacktestReport {
  model: { id: string; version: string; hash: string };
  outcome: { column: string; positive: string | string[] };
  rows: number;
  positives: number;
  rate: number | null;
  /** ROC AUC of the scores; null without both converted and other leads. */
  auc: number | null;
  /** Top-decile lift. */
  lift: number | null;
  deciles: Array<ConversionRow & { decile: number; min_score: number; max_score: number; captured: number | null }>;
  bands: Array<ConversionRow & { min: number; max: number }>;
  stages: Array<ConversionRow & { id: string; label: string; share: number | null }>;
  reasons: Array<
    ConversionRow & {
      pointer: string;
      source: 'option' | 'band' | 'rule' | 'disqualify';
      id: string;
      text: string;
      points: number;
      looks_wrong: boolean;
    }
  >;
  wrong: Array<Record<string, Json>>;
  unscored: Array<Record<string, Json>>;
  leakage: Array<{ column: string; question: string; auc: number; levels: Json[]; note: string; text: string }>;
  columns: {
    matched: Array<{ column: string; question: string; answered: number }>;
    unanswered: string[];
    warnings: string[];
  };
  skipped: { bad: number; no_outcome: number; unknown_outcome: number };
  problems: Array<{ line: number; message: string }>;
  answer_errors: Array<{ question: string | null; column: string; code: string; rows: number; example: string }>;
}

/** CSV text, a Blob/File, a ReadableStream, or an (async) iterable of text or byte chunks. */
export type CsvInput =
  | string
  | Blob
  | ReadableStream<Uint8Array | string>
  | Iterable<string | ArrayBufferView | ArrayBuffer>
  | AsyncIterable<string | ArrayBufferView | ArrayBuffer>;

/** Scores every row of a CRM history in the page and reports how well the model ranks them. */
export function backtest(
  model: Model | Record<string, unknown> | string | URL | Uint8Array | ArrayBuffer,
  csv: CsvInput,
  options: BacktestOptions,
): Promise<BacktestReport>;

/** One row of a CSV of test leads: its answers, or why it could not be read. */
export type CsvLead = { line: number; answers: Answers } | { line: number; error: string };

/**
 * Reads test leads from a CSV as `leadqual score` reads them, with the core's streaming CSV
 * reader, in the page: a bad row is an error at its line number and the rest go on; `warnings`
 * name the columns that answer no question.
 */
export function readLeads(
  model: Model | Record<string, unknown> | string | URL | Uint8Array | ArrayBuffer,
  csv: CsvInput,
  options?: InitOptions,
): Promise<{ leads: CsvLead[]; warnings: string[] }>;
