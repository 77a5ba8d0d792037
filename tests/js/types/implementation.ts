// Compiled by `tsc -p web/tsconfig.js.json`: each module that has published types is held to them.
// `#impl/x` is web/x.js itself (a path mapping with the extension, so not the x.d.ts beside it),
// typed from its code and JSDoc; `../../../web/x.js` is what a user gets, the .d.ts. A drift
// either way fails the type check: an export the declaration promises and the code lacks or types
// differently, an export the code has and the declaration does not name, or a member the
// declaration calls read-only that the code leaves writable.
import * as leadqualCode from '#impl/leadqual';
import * as widgetCode from '#impl/widget';
import * as enhanceFormCode from '#impl/enhance-form';
import * as deliveryCode from '#impl/delivery';
import type * as leadqualTypes from '../../../web/leadqual.js';
import type * as widgetTypes from '../../../web/widget.js';
import type * as enhanceFormTypes from '../../../web/enhance-form.js';
import type * as deliveryTypes from '../../../web/delivery.js';

/** true when X and Y are the same type, readonly modifiers included. */
type Same<X, Y> = (<G>() => G extends X ? 1 : 2) extends <G>() => G extends Y ? 1 : 2 ? true : false;
/** The keys of T whose property is read-only (a getter without a setter, a readonly field). */
type ReadonlyKeys<T> = {
  [K in keyof T]-?: Same<{ [Q in K]: T[K] }, { -readonly [Q in K]: T[K] }> extends true ? never : K;
}[keyof T];
/** `true` is assignable to None<K> only when K is empty; otherwise the error names K. */
type None<K> = [K] extends [never] ? true : { names: K };

// The code's exports, as the declarations type them.
// Qualifier and Session have a private constructor in the declarations (users get them from
// loadQualifier and Qualifier.session()); their instances are compared below.
const leadqual: Omit<typeof leadqualTypes, 'Qualifier' | 'Session'> = leadqualCode;
const widget: typeof widgetTypes = widgetCode;
const enhanceForm: typeof enhanceFormTypes = enhanceFormCode;
const delivery: typeof deliveryTypes = deliveryCode;

// No export left out of the declarations.
const leadqualUndeclared: None<Exclude<keyof typeof leadqualCode, keyof typeof leadqualTypes>> = true;
const widgetUndeclared: None<Exclude<keyof typeof widgetCode, keyof typeof widgetTypes>> = true;
const enhanceFormUndeclared: None<Exclude<keyof typeof enhanceFormCode, keyof typeof enhanceFormTypes>> = true;
const deliveryUndeclared: None<Exclude<keyof typeof deliveryCode, keyof typeof deliveryTypes>> = true;

// What the declarations call read-only, the code does not let anyone replace.
type Element = InstanceType<typeof widgetCode.LeadQualifierElement>;
const widgetWritable: None<Exclude<ReadonlyKeys<widgetTypes.LeadQualifierElement>, ReadonlyKeys<Element>>> = true;
type Qualifier = InstanceType<typeof leadqualCode.Qualifier>;
declare const qualifierCode: Qualifier;
const qualifier: leadqualTypes.Qualifier = qualifierCode;
const qualifierWritable: None<Exclude<ReadonlyKeys<leadqualTypes.Qualifier>, ReadonlyKeys<Qualifier>>> = true;
type Session = InstanceType<typeof leadqualCode.Session>;
declare const sessionCode: Session;
const session: leadqualTypes.Session = sessionCode;
const sessionWritable: None<Exclude<ReadonlyKeys<leadqualTypes.Session>, ReadonlyKeys<Session>>> = true;
type LeadqualError = InstanceType<typeof leadqualCode.LeadqualError>;
const errorWritable: None<Exclude<ReadonlyKeys<leadqualTypes.LeadqualError>, ReadonlyKeys<LeadqualError>>> = true;

export {
  leadqual,
  qualifier,
  session,
  widget,
  enhanceForm,
  delivery,
  leadqualUndeclared,
  widgetUndeclared,
  enhanceFormUndeclared,
  deliveryUndeclared,
  widgetWritable,
  qualifierWritable,
  sessionWritable,
  errorWritable,
};
