// The type of an Emscripten glue file (web/build/leadqual-{runtime,core,cli}.js): scripts/build-wasm
// copies this file beside each one as its .d.ts, so type checks read it instead of the generated
// code. The default export is the module factory (-sMODULARIZE -sEXPORT_ES6); what the instance
// holds (the lq_* exports, Embind classes, HEAPU8) is typed by web/leadqual.js where it reads it.

/** What web/leadqual.js hands the factory (-sINCOMING_MODULE_JS_API lists the names kept). */
export interface ModuleSettings {
  locateFile?: (path: string, prefix: string) => string;
  wasmBinary?: ArrayBuffer | Uint8Array;
  print?: (text: string) => void;
  printErr?: (text: string) => void;
  instantiateWasm?: (
    imports: WebAssembly.Imports,
    receive: (instance: WebAssembly.Instance, module: WebAssembly.Module) => void,
  ) => object;
  [name: string]: unknown;
}

/** Instantiates the module; resolves once its runtime is ready. */
declare function createModule(settings?: ModuleSettings): Promise<any>;
export default createModule;
