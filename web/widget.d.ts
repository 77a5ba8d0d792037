// Types of web/widget.js: the <lead-qualifier> custom element and its events.
import type { Model, Qualifier, Result, Session, SessionState } from './leadqual.js';

export type WidgetMode = 'quiz' | 'form' | 'calculator';

export interface LeadqualEventDetails {
  'leadqual:ready': { model: { id: string; version: string } };
  /** Which question changed and the live result; never the raw answer. */
  'leadqual:change': { question: string; result: Result };
  /** Cancelable: preventDefault() stops the outcome's redirect. */
  'leadqual:complete': { id: string; result: Result };
  /** Acknowledged (confirmed, a 2xx status), or a no-cors receiver answered (status null). */
  'leadqual:submitted': { id: string; status: number | null; confirmed: boolean };
  'leadqual:error': {
    phase: 'load' | 'submit';
    message: string;
    id?: string;
    /** true: this attempt failed and the submission will be sent again. */
    retrying?: boolean;
    /** true: refused for good; kept in the dead-letter list (outbox().deadLetters()). */
    deadLetter?: boolean;
    status?: number | null;
    error?: unknown;
  };
}

export class LeadQualifierElement extends HTMLElement {
  readonly mode: WidgetMode;
  /** The UI language in use: en, ja or zh. */
  readonly language: 'en' | 'ja' | 'zh';
  readonly model: Model | null;
  readonly qualifier: Qualifier | null;
  readonly session: Session | null;
  readonly state: SessionState | null;
  /** The live result from the core, or null before the model loads. */
  readonly result: Result | null;
  /** Behavioural signals the page supplies (see docs/model.md); setting them rescores at once. */
  signals: Record<string, number | Array<number | string>> | null;
  /** Sets an answer from page code (hidden questions, prefills). Throws before leadqual:ready. */
  setAnswer(id: string, value: unknown): void;
  /** Starts a fresh visit: no answers, first step. */
  reset(): void;
}

declare global {
  interface HTMLElementTagNameMap {
    'lead-qualifier': LeadQualifierElement;
  }
  interface HTMLElementEventMap {
    'leadqual:ready': CustomEvent<LeadqualEventDetails['leadqual:ready']>;
    'leadqual:change': CustomEvent<LeadqualEventDetails['leadqual:change']>;
    'leadqual:complete': CustomEvent<LeadqualEventDetails['leadqual:complete']>;
    'leadqual:submitted': CustomEvent<LeadqualEventDetails['leadqual:submitted']>;
    'leadqual:error': CustomEvent<LeadqualEventDetails['leadqual:error']>;
  }
}
