// Types of web/enhance-form.js.
import type { Model, Qualifier, Result, SessionState } from './leadqual.js';
import type { AdapterConfig, SubmitFormat } from './delivery.js';

export const HIDDEN_FIELDS: ['lead_score', 'lead_grade', 'lead_stage', 'lead_reasons'];

export interface EnhanceFormOptions {
  /** The model: its URL or the model object. */
  model: string | Model | Record<string, unknown>;
  /** questionId → form field name, where they differ. */
  map?: Record<string, string>;
  /** Deliver the result here on submit (default: the model's submit.endpoint, else none). */
  endpoint?: string;
  format?: SubmitFormat;
  /** json: sign each request (Leadqual-Signature; see docs/widget.md "Signed webhooks"). */
  signingKey?: string;
  /** Report the visit funnel here (start, each question answered, completion; never an answer). */
  progressEndpoint?: string;
  /** HubSpot portalId / formGuid (and mapping), over the model's submit.hubspot. */
  hubspot?: AdapterConfig;
  /** Salesforce oid (and mapping), over the model's submit.salesforce. */
  salesforce?: AdapterConfig;
  /** Name of the checkbox that gives the model's consent (default "consent"). */
  consentField?: string;
  /** communication id → checkbox name, for the model's submit.consent.communications. */
  communicationFields?: Record<string, string>;
  /** Name of an existing honeypot input (default: one named lq_website is added). */
  honeypotField?: string;
  lang?: string;
}

export interface EnhancedForm {
  readonly qualifier: Qualifier;
  readonly state: SessionState;
  readonly result: Result;
  /** Re-reads every field (after the page changed values from script). */
  refresh(): SessionState;
  /** Stops listening and releases the model. */
  dispose(): void;
}

export function enhanceForm(form: HTMLFormElement, options: EnhanceFormOptions): Promise<EnhancedForm>;
