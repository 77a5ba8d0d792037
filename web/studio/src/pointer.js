// JSON Pointers (RFC 6901) into the model being edited: the core locates every error and
// warning by one, and every field of the studio knows its own.

export function escape(key) {
  return String(key).replaceAll('~', '~0').replaceAll('/', '~1');
}

export function parts(pointer) {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((p) => p.replaceAll('~1', '/').replaceAll('~0', '~'));
}

export function join(...keys) {
  return keys.map((k) => `/${escape(k)}`).join('');
}

export function get(doc, pointer) {
  let value = doc;
  for (const key of parts(pointer)) {
    if (value === null || typeof value !== 'object') return undefined;
    value = value[key];
  }
  return value;
}

/** Sets (or with `undefined` deletes) the value at `pointer`, creating objects on the way. */
export function set(doc, pointer, value) {
  const keys = parts(pointer);
  const last = keys.pop();
  let parent = doc;
  for (const key of keys) {
    if (parent[key] === null || typeof parent[key] !== 'object') parent[key] = {};
    parent = parent[key];
  }
  if (value === undefined) {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last];
  } else {
    parent[last] = value;
  }
}

/** True when `pointer` is `base` or inside it. */
export function within(pointer, base) {
  return pointer === base || pointer.startsWith(`${base}/`);
}
