// What a page can read from a compiled model without the WebAssembly runtime: its first two
// sections (src/core/runtime/format.hpp), the normalised model and the initial state
// ({result, visible}), each a u32 little-endian byte length and canonical JSON text, after the
// magic "LQCM" and the u32 format version. <lead-qualifier> paints its first screen from them
// while the runtime module is still being fetched and compiled; the rest of the file is the
// runtime's alone.

const MAGIC = [0x4c, 0x51, 0x43, 0x4d]; // "LQCM"
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Whether the bytes say they are a compiled model (rather than a model's JSON).
 * @param {Uint8Array} bytes
 */
export function isCompiledModel(bytes) {
  return bytes.length >= 4 && MAGIC.every((byte, i) => bytes[i] === byte);
}

/**
 * {version, model, state} of a compiled model (`state` is the session state before any answer,
 * shaped as Session.state: visible, computed, result, errors), or null when the bytes are not one or these
 * sections cannot be read (the runtime then has the last word on the bytes).
 * @param {Uint8Array} bytes
 * @returns {{version: number, model: import('./leadqual.js').Model & {questions: import('./leadqual.js').ModelQuestion[]}, state: import('./leadqual.js').SessionState} | null}
 */
export function readCompiledHeader(bytes) {
  if (!isCompiledModel(bytes) || bytes.length < 8) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 8;
  const section = () => {
    if (at + 4 > bytes.length) throw new RangeError('truncated');
    const length = view.getUint32(at, true);
    at += 4;
    if (at + length > bytes.length) throw new RangeError('truncated');
    const value = JSON.parse(utf8.decode(bytes.subarray(at, at + length)));
    at += length;
    return value;
  };
  try {
    const version = view.getUint32(4, true);
    const model = section();
    const state = section();
    if (!Array.isArray(model?.questions) || !Array.isArray(state?.visible) || typeof state.result !== 'object')
      return null;
    // The session state before any answer, as Session.state has it: no answer, so no answer errors.
    const { visible, result } = state;
    return { version, model, state: { visible, computed: result?.computed ?? {}, result, errors: {} } };
  } catch {
    return null;
  }
}
