// Types of web/delivery.js: the result payload, its wire formats and the persistent outbox.
// The payload schema is docs/collector.md's.
import type { Answers, Model, Result } from './leadqual.js';

export type SubmitFormat = 'json' | 'form' | 'hubspot';
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

export interface Payload {
  id: string;
  submittedAt: string;
  result: Result;
  fields: Answers;
  consent: { given: boolean; text: string };
  context: PageContext;
  antispam: AntispamEvidence;
}

export function submissionId(): string;
export function pageContext(
  lang: string,
  loc?: { href: string; search: string },
  doc?: { referrer: string },
): PageContext;
export function sharedFields(model: Model, answers: Answers, visible: string[], consentGiven: boolean): Answers;
export function buildPayload(parts: {
  result: Result;
  model: Model;
  answers: Answers;
  visible: string[];
  consent?: { given: boolean; text?: string };
  antispam: AntispamEvidence;
  context: PageContext;
  id?: string;
  now?: number;
}): Payload;
export function encode(
  payload: Payload,
  format?: SubmitFormat,
  options?: { objectTypeId?: string; pageName?: string },
): { body: string; headers: Record<string, string> };

export interface DeliveryEventMap {
  delivered: CustomEvent<{ id: string; status: number }>;
  retry: CustomEvent<{
    id: string;
    status: number;
    attempts: number;
    offline: boolean;
    delayMs: number | null;
    error: string | null;
  }>;
  failed: CustomEvent<{ id: string; status?: number; reason: string }>;
}

export class Outbox extends EventTarget {
  constructor(options?: {
    storage?: Storage;
    fetch?: typeof fetch;
    baseDelayMs?: number;
    maxDelayMs?: number;
    key?: string;
  });
  send(
    payload: Payload,
    target: { endpoint: string; format?: SubmitFormat; options?: { objectTypeId?: string; pageName?: string } },
  ): string;
  flush(): void;
  entries(): Array<{
    id: string;
    endpoint: string;
    body: string;
    headers: Record<string, string>;
    attempts: number;
    createdAt: number;
  }>;
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
