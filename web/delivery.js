// Delivery of results (web/delivery-core.js, the one place that defines what leaves the page and
// how) with every wire format's encoder and the webhook's signature (web/delivery-formats.js)
// in from the start: the module users import, with the types of delivery.d.ts. The widget's and
// enhanceForm()'s bundles take delivery-core.js alone, which loads the formats only for a
// destination that needs them.
import { adoptFormats } from './delivery-core.js';
import * as formats from './delivery-formats.js';

adoptFormats(formats);

export {
  submissionId,
  pageContext,
  sharedFields,
  resultPolicy,
  sharedResult,
  consentRecord,
  consentParts,
  buildPayload,
  leadPayload,
  reasonsText,
  HIDDEN_FIELDS,
  hiddenFieldValues,
  FORMATS,
  destination,
  encode,
  judge,
  Outbox,
  outbox,
  progressReporter,
  deliverPayload,
} from './delivery-core.js';
export { signature } from './delivery-formats.js';
