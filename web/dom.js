// The one way the widget builds DOM: elements, attributes and text nodes. Nothing here parses
// HTML, so a model label or an answer such as `<img src=x onerror=…>` is always shown as text.

/**
 * An element with attributes (false, null and undefined leave one out; true sets it empty) and
 * children (nodes, or anything else as text; nested lists are flattened).
 * @template {string} K
 * @param {K} tag
 * @param {Record<string, unknown>} [attrs]
 * @param {...unknown} children
 * @returns {K extends keyof HTMLElementTagNameMap ? HTMLElementTagNameMap[K] : HTMLElement}
 */
export function h(tag, attrs = {}, ...children) {
  const el = /** @type {K extends keyof HTMLElementTagNameMap ? HTMLElementTagNameMap[K] : HTMLElement} */ (
    document.createElement(tag)
  );
  for (const [name, value] of Object.entries(attrs)) {
    if (value === false || value === null || value === undefined) continue;
    el.setAttribute(name, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

/**
 * @template {Element} E
 * @param {E} el
 * @param {unknown[]} children
 * @returns {E}
 */
export function append(el, children) {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

// Links from a model (calls to action, redirects) may only go to web, mail or phone addresses:
// a `javascript:` URL in a model must not run.
/**
 * @param {unknown} href
 * @param {string} [base]
 * @returns {string | null}
 */
export function safeUrl(href, base = document.baseURI) {
  if (typeof href !== 'string' || !href) return null;
  try {
    const url = new URL(href, base);
    return ['http:', 'https:', 'mailto:', 'tel:'].includes(url.protocol) ? url.href : null;
  } catch {
    return null;
  }
}
