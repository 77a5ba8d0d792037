// Compiled by `tsc --noEmit` (web/tsconfig.json): the widget, enhanceForm and delivery types as a
// page author uses them. A wrong or missing declaration fails the type check.
import type { LeadQualifierElement } from '../../../web/widget.js';
import { enhanceForm, HIDDEN_FIELDS } from '../../../web/enhance-form.js';
import {
  encode,
  buildPayload,
  pageContext,
  outbox,
  destination,
  deliverPayload,
  type Payload,
} from '../../../web/delivery.js';

const el: LeadQualifierElement | null = document.querySelector('lead-qualifier');
el?.addEventListener('leadqual:complete', (event) => {
  const stage: string = event.detail.result.stage;
  const id: string = event.detail.id;
  if (stage === 'sql') event.preventDefault();
  console.log(id);
});
el?.addEventListener('leadqual:change', (event) => {
  const question: string = event.detail.question;
  const score: number = event.detail.result.score;
  console.log(question, score);
});
el?.addEventListener('leadqual:error', (event) =>
  console.log(event.detail.phase, event.detail.message, event.detail.deadLetter === true),
);
el?.addEventListener('leadqual:submitted', (event) =>
  console.log(event.detail.confirmed, event.detail.status ?? 'opaque'),
);
if (el?.result) console.log(el.result.percent, el.mode, el.language);

async function contact(form: HTMLFormElement): Promise<void> {
  const enhanced = await enhanceForm(form, {
    model: '/models/contact.json',
    endpoint: '/api/v1/results',
    format: 'salesforce',
    salesforce: { oid: '00D5e000000AbCd', fields: { score: '00N5e00000AbCdE' } },
    map: { email: 'work_email' },
  });
  console.log(enhanced.result.score, enhanced.state.visible, HIDDEN_FIELDS[0]);
  enhanced.refresh();
  enhanced.dispose();
}
void contact;

declare const payload: Payload;
const { body, headers } = encode(payload, 'hubspot', { pageName: 'Pricing' });
console.log(body, headers['Content-Type'], pageContext('ja').utm.source);
outbox().addEventListener('delivered', (event) => console.log(event.detail.status, event.detail.confirmed));
outbox().addEventListener('failed', (event) => console.log(event.detail.reason, outbox().deadLetters().length));
const target = destination({ submit: { format: 'hubspot' } } as never, { hubspot: { portalId: '1', formGuid: 'g' } });
if (target) deliverPayload(payload, target, { emit: (name, detail) => console.log(name, detail) });
void buildPayload;
