// Types of web/delivery.js: what leaves the page (the payload, shaped by the model's
// submit.result), the wire formats of every destination, and the persistent outbox.
// The payload schema is docs/collector.md's.
import type { Answers, Model, Result } from './leadqual.js';

export type SubmitFormat = 'json' | 'form' | 'salesforce' | 'hubspot';
export const FORMATS: SubmitFormat[];

export interface PageContext {
  url: string;
  referrer: string;
  utm: Partial<Record<'source' | 'medium' | 'campaign' | 'term' | 'content', string>>;
  lang: string;
}

export interface AntispamEvidence {
  honeypot: string;
  elapsedMs: number;
  [more: string]: unknown;
}

/** The model's submit.result, normalised (docs/model.md "What the result shares"). */
export interface ResultPolicy {
  reasons: 'none' | 'ids' | 'texts';
  computed: string[];
  dimensions: boolean;
}

/** The result as it may leave the page: the verdict, and what the policy adds. */
export type SharedResult = Pick<Result, 'model' | 'score' | 'percent' | 'grade' | 'stage' | 'complete'> & {
  disqualified: { rule: string; reason?: string } | null;
  dimensions?: Record<string, number>;
  reasons?: Array<{ source: string; id: string; dimension: string; points: number; text?: string }>;
  computed?: Record<string, number | null>;
  errors: Array<{ path: string; code: string }>;
};

/** The model's submit.consent, as the core normalised it (docs/model.md "Consent"). */
export interface SubmitConsent {
  label?: unknown;
  required?: boolean;
  link?: { label?: unknown; href: string };
  communications?: Array<{ id: string; label?: unknown; [key: string]: unknown }>;
  [key: string]: unknown;
}

export interface ConsentRecord {
  given: boolean;
  text: string;
  communications?: Array<{ id: string; given: boolean; text: string }>;
}

export interface Payload {
  id: string;
  submittedAt: string;
  result: SharedResult;
  fields: Answers;
  consent: ConsentRecord;
  context: PageContext;
  antispam: AntispamEvidence;
}

/** A CRM section of the model's submit (hubspot, salesforce), or its override. */
export interface AdapterConfig {
  fields?: Record<string, string | null>;
  values?: Record<string, Record<string, string | number>>;
  [setting: string]: unknown;
}

export interface Destination {
  format: SubmitFormat;
  url: string;
  config: AdapterConfig;
  signingKey: string | null;
}

export function submissionId(): string;
export function pageContext(
  lang: string,
  loc?: { href: string; search: string },
  doc?: { referrer: string },
): PageContext;
export function sharedFields(
  model: Model,
  answers: Answers,
  visible: readonly string[],
  consentGiven: boolean,
): Answers;
export function resultPolicy(model: Model | null): ResultPolicy;
export function sharedResult(result: Result, policy?: ResultPolicy): SharedResult;
export function consentRecord(
  model: Model,
  state?: { given?: boolean; communications?: Record<string, boolean> },
  text?: (t: unknown) => string,
): ConsentRecord;
export function consentParts(
  consent: SubmitConsent | null | undefined,
  text?: (t: unknown) => string,
): [string, { label: string; href: string } | null, string];
export function buildPayload(parts: {
  result: Result;
  model: Model;
  answers: Answers;
  visible: readonly string[];
  consent?: ConsentRecord;
  antispam: AntispamEvidence;
  context: PageContext;
  id?: string;
  now?: number;
}): Payload;
/** buildPayload for a lead completed on this page: consentRecord of the choices, pageContext of lang. */
export function leadPayload(parts: {
  result: Result;
  model: Model;
  answers: Answers;
  visible: readonly string[];
  choices: { given?: boolean; communications?: Record<string, boolean> };
  text: (t: unknown) => string;
  lang: string;
  antispam: AntispamEvidence;
}): Payload;
export function reasonsText(result: { reasons?: Array<{ id: string; text?: string; points: number }> }): string;
export const HIDDEN_FIELDS: ['lead_score', 'lead_grade', 'lead_stage', 'lead_reasons'];
export function hiddenFieldValues(result: Result, model: Model): Record<(typeof HIDDEN_FIELDS)[number], string>;
/** The model's destination, overridden by attributes or options; null when nothing is posted. */
export function destination(
  model: Model,
  overrides?: {
    format?: SubmitFormat;
    endpoint?: string;
    signingKey?: string;
    hubspot?: AdapterConfig;
    salesforce?: AdapterConfig;
  },
  base?: string,
): Destination | null;
export function encode(
  payload: Payload,
  format?: SubmitFormat,
  config?: AdapterConfig,
): { body: string; headers: Record<string, string>; cors: boolean; dedupes: boolean };
/** Leadqual-Signature header value: t=<seconds>,v1=<hex HMAC-SHA256 of "t.body">. */
export function signature(key: string, body: string, seconds?: number): Promise<string>;
/** What an answer means for an outbox entry. */
export function judge(status: number, code?: string | null): 'delivered' | 'retry' | 'refused';

export interface DeliveryEventMap {
  delivered: CustomEvent<{ id: string; status: number | null; confirmed: boolean }>;
  retry: CustomEvent<{
    id: string;
    status: number;
    attempts: number;
    offline: boolean;
    delayMs: number | null;
    error: string | null;
  }>;
  failed: CustomEvent<{ id: string; status: number | null; reason: string; deadLetter: true }>;
}

export interface OutboxEntry {
  id: string;
  url: string;
  format: SubmitFormat;
  body: string;
  headers: Record<string, string>;
  cors: boolean;
  dedupes: boolean;
  attempts: number;
  createdAt: number;
  sentAt?: number | null;
}

export interface DeadLetter {
  id: string;
  url: string;
  format: SubmitFormat;
  status: number | null;
  reason: string;
  failedAt: number;
  body: string;
}

export class Outbox extends EventTarget {
  constructor(options?: {
    storage?: Storage;
    fetch?: typeof fetch;
    baseDelayMs?: number;
    maxDelayMs?: number;
    key?: string;
    deadLetterKey?: string;
    console?: Pick<Console, 'error' | 'info'>;
  });
  send(payload: Payload, target: Destination): string;
  flush(options?: { direct?: boolean }): void;
  entries(): OutboxEntry[];
  deadLetters(): DeadLetter[];
  addEventListener<K extends keyof DeliveryEventMap>(
    type: K,
    listener: (event: DeliveryEventMap[K]) => void,
    options?: boolean | AddEventListenerOptions,
  ): void;
  addEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject | null,
    options?: boolean | AddEventListenerOptions,
  ): void;
}

/** The page's one outbox (flushed on load, on `online` and on page exit). */
export function outbox(): Outbox;

/** The visit funnel of one visit (docs/widget.md "progress-endpoint"): never an answer. */
export interface ProgressReporter {
  /** Reports the start when the visitor first touches `element`; returns what stops watching. */
  startOn(element: EventTarget): () => void;
  answered(question: string): void;
  completed(): void;
}
/** null without an endpoint or a model id. */
export function progressReporter(
  endpoint: string | null | undefined,
  model: { id?: string; version?: string } | null | undefined,
  base?: string,
): ProgressReporter | null;

/** Sends one payload and reports it: the element's events, and the visitor's status key. */
export function deliverPayload(
  payload: Payload,
  target: Destination,
  report: {
    emit: (name: 'submitted' | 'error', detail: object) => void;
    show?: (key: 'sending' | 'sent' | 'retrying' | 'queued' | 'sendFailed') => void;
    box?: Outbox;
  },
): void;
