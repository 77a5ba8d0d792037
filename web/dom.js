// The one way the widget builds DOM: elements, attributes and text nodes. Nothing here parses
// HTML, so a model label or an answer such as `<img src=x onerror=…>` is always shown as text.

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === false || value === null || value === undefined) continue;
    el.setAttribute(name, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

// Links from a model (calls to action, redirects) may only go to web, mail or phone addresses:
// a `javascript:` URL in a model must not run.
export function safeUrl(href, base = document.baseURI) {
  if (typeof href !== 'string' || !href) return null;
  try {
    const url = new URL(href, base);
    return ['http:', 'https:', 'mailto:', 'tel:'].includes(url.protocol) ? url.href : null;
  } catch {
    return null;
  }
}
