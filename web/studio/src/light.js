// Lit elements of the studio render into the light DOM, so the one stylesheet (studio.css)
// styles them and tests and assistive technology see one document.
import { LitElement } from 'lit';

export class LightElement extends LitElement {
  createRenderRoot() {
    return this;
  }
}

let counter = 0;
/** A document-unique id for labels and descriptions. */
export function uid(prefix = 'st') {
  counter += 1;
  return `${prefix}-${counter}`;
}
