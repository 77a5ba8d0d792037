#!/usr/bin/env node
// Bundles and minifies what pages load (git-ignored build outputs in web/):
//   leadqual.min.js      the JS API (web/leadqual.js), which instantiates the runtime module's
//                        .wasm itself; the core module's glue stays a file of its own, loaded
//                        only for a model's JSON;
//   leadqual-tools.min.js
//                        the API's tools (web/leadqual-tools.js: compileModel, validateModel,
//                        evaluate, backtest, …), which leadqual.min.js imports on their first call;
//   widget.min.js, enhance-form.min.js, lead-results.min.js
//                        each one file that imports ./leadqual.min.js beside it (where the
//                        sources import ./leadqual.js);
//   delivery-formats.min.js
//                        the form, Salesforce and HubSpot encoders and the webhook's signature
//                        (web/delivery-formats.js), which the bundles import only for a
//                        destination that uses one;
//   calculator-panel.min.js
//                        the calculator's live panel (web/calculator-panel.js), which the widget
//                        imports only for mode="calculator";
//   i18n-ja.min.js, …    the UI strings of each language but English (web/i18n-*.js), which
//                        the bundles import only for a page in that language.
// The sources (web/widget.js, web/leadqual.js, …) stay loadable as they are for development.
// esbuild bundles and minifies; terser then minifies esbuild's output once more (its compressor
// and its names take 1.5-2 % more off each file's gzip bytes: docs/performance.md, "The
// widget's size, seventh session").
// Usage: node scripts/build-widget.mjs [web folder]   (default: web/ of this checkout)
import { parse } from 'acorn';
import { build, transform } from 'esbuild';
import { existsSync, readdirSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { minify } from 'terser';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const web = path.resolve(process.argv[2] ?? path.join(here, '../web'));
const common = { bundle: true, minify: true, format: 'esm', target: 'es2022', logLevel: 'warning', write: false };

// Each file esbuild wrote (in memory), minified again by terser and written.
/** @param {import('esbuild').BuildResult} result */
async function finish({ outputFiles = [] }) {
  for (const file of outputFiles) {
    const { code } = await minify(file.text, {
      module: true,
      ecma: 2020,
      compress: { passes: 2 },
      format: { comments: false, ascii_only: false },
    });
    if (code === undefined) throw new Error(`${file.path}: terser returned nothing`);
    await writeFile(file.path, code);
  }
}

// Every import of the API, its tools, the delivery formats, the calculator's panel or a language's
// strings becomes one of its minified form, left as an import (so a page downloads only what it
// uses).
const minifiedImports = {
  name: 'leadqual-min',
  setup(builder) {
    builder.onResolve(
      { filter: /^\.\/(leadqual|leadqual-tools|delivery-formats|calculator-panel|i18n-[a-z]+)\.js$/ },
      ({ path: file }) => ({
        path: file.replace(/\.js$/, '.min.js'),
        external: true,
      }),
    );
  },
};

// The widget's stylesheets (web/widget-styles.js, CSS texts written one rule a line) minified as
// CSS: the line breaks go (-45 bytes gzip).
const minifiedStyles = {
  name: 'leadqual-styles',
  setup(builder) {
    builder.onLoad({ filter: /[\\/]widget-styles\.js$/ }, async ({ path: file }) => {
      let contents = await readFile(file, 'utf8');
      const texts = [...contents.matchAll(/^export const (\w+Styles) = `([^`$\\]*)`;$/gm)];
      if (!texts.length) throw new Error(`${file}: no stylesheet text to minify`);
      for (const [whole, name, text] of texts) {
        const { code } = await transform(text, { loader: 'css', minify: true });
        contents = contents.replace(whole, `export const ${name} = ${JSON.stringify(code.trim())};`);
      }
      return { contents };
    });
  },
};

// Own members get short names in the bundles (esbuild mangleProps): in widget.min.js, the
// <lead-qualifier> element's (-376 bytes gzip); in leadqual.min.js, the API's internal classes'
// (RuntimeModel, RuntimeSession, Cells: -165). A member is a method or field a class defines
// (or assigns on `this`) that no code outside its scope uses as a property or an object's key,
// nor by a string (`x['name']`, `'name' in x`). The element's scope is its class, and only its
// own `this.name` counts there; the API's is web/leadqual.js, whose classes use each other's
// members, so there every name a host object could carry is kept too: those of node's built-in
// objects, of the Embind handles, and every quoted word of the C++ sources (the JSON texts the
// runtime writes). Kept everywhere: every word of the bundle's .d.ts (its API), the
// custom-element callbacks and what the tests read. Found at each build (acorn), so a new member
// is shortened or kept without a list to update.
const KEPT_MEMBERS = new Set([
  ...['constructor', 'connectedCallback', 'disconnectedCallback', 'adoptedCallback'],
  ...['attributeChangedCallback', 'observedAttributes', 'toJSON', 'then'],
  ...['current', 'visibleSteps', 'render'], // read by tests/browser (flows.mjs, a11y-i18n)
]);
// Every property name of node's built-in objects and their prototypes.
const BUILT_IN = new Set(
  Object.getOwnPropertyNames(globalThis).flatMap((global) => {
    const value = /** @type {any} */ (globalThis)[global];
    if (typeof value !== 'function' && (typeof value !== 'object' || value === null)) return [];
    return [value, value.prototype].flatMap((o) => (o ? Object.getOwnPropertyNames(o) : []));
  }),
);

/**
 * @param {string} file
 * @returns {Promise<any>}
 */
async function syntaxTree(file) {
  return parse(await readFile(file, 'utf8'), { ecmaVersion: 'latest', sourceType: 'module' });
}

/**
 * The own members (see above) of class `className`, or of every class of the bundle's entry
 * module when null, in the bundle built from `options`.
 * @param {import('esbuild').BuildOptions} options
 * @param {{className: string | null, api: string, outside?: string[]}} scope `api` a .d.ts whose
 *   every word is kept; `outside` more sources whose uses count (the other bundles')
 * @returns {Promise<string[]>}
 */
async function ownMembers(options, { className, api, outside = [] }) {
  const { metafile } = await build({ ...options, minify: false, metafile: true });
  const entry = path.resolve(/** @type {string[]} */ (options.entryPoints)[0]);
  const kept = new Set([...KEPT_MEMBERS, ...(await readFile(api, 'utf8')).match(/[\w$]+/g)]);
  if (className === null) {
    for (const name of BUILT_IN) kept.add(name);
    for (const name of ['delete', 'clone', 'isDeleted', 'deleteLater', 'isAliasOf']) kept.add(name); // Embind's
    // The C++ sources beside the web folder (those of this checkout for a folder elsewhere).
    const root = existsSync(path.join(web, '../src')) ? path.dirname(web) : path.join(here, '..');
    for (const dir of ['src', 'wasm']) {
      for (const file of readdirSync(path.join(root, dir), { recursive: true, encoding: 'utf8' })) {
        if (!/\.[ch]pp$/.test(file)) continue;
        const text = await readFile(path.join(root, dir, file), 'utf8');
        for (const [, word] of text.matchAll(/\\?"([\w$]+)\\?"/g)) kept.add(word);
      }
    }
  }
  /** @type {Set<string>} */
  const defined = new Set();
  /** @type {Set<string>} */
  const elsewhere = new Set();
  const name = (/** @type {any} */ key) => (key.type === 'Identifier' ? key.name : null);
  /**
   * @param {any} node
   * @param {boolean} inScope in the class (className), or in the entry module (null)
   */
  const walk = (node, inScope) => {
    if (className !== null && (node.type === 'ClassDeclaration' || node.type === 'ClassExpression'))
      inScope = node.id?.name === className;
    if (node.type === 'MemberExpression') {
      const key = node.computed
        ? typeof node.property.value === 'string'
          ? node.property.value
          : null
        : name(node.property);
      const onThis = node.object.type === 'ThisExpression';
      if (key === null) {
        // a computed property: nothing to learn
      } else if (inScope && !node.computed && (onThis || className === null)) {
        if (onThis && node.parentAssigns) defined.add(key);
      } else elsewhere.add(key);
    } else if (node.type === 'Property' && !node.computed && name(node.key)) elsewhere.add(name(node.key));
    else if (
      (node.type === 'MethodDefinition' || node.type === 'PropertyDefinition') &&
      !node.computed &&
      name(node.key)
    )
      (inScope ? defined : elsewhere).add(name(node.key));
    else if (node.type === 'BinaryExpression' && node.operator === 'in' && typeof node.left.value === 'string')
      elsewhere.add(node.left.value);
    if (node.type === 'AssignmentExpression' && node.left.type === 'MemberExpression') node.left.parentAssigns = true;
    for (const value of Object.values(node)) {
      for (const child of Array.isArray(value) ? value : [value])
        if (child && typeof child.type === 'string') walk(child, inScope);
    }
  };
  const inputs = Object.keys(metafile.inputs).map((input) => path.resolve(input));
  for (const file of new Set([...inputs, ...outside])) {
    walk(await syntaxTree(file), className === null && file === entry);
  }
  const members = [...defined].filter((member) => !elsewhere.has(member) && !kept.has(member)).sort();
  if (process.env.LEADQUAL_BUILD_VERBOSE) console.log(`${path.basename(entry)}: shortened ${members.join(' ')}`);
  return members;
}

// The API and its tools: node's modules (read only under node) and the core module's glue stay
// imports.
for (const entry of ['leadqual', 'leadqual-tools']) {
  /** @type {import('esbuild').BuildOptions} */
  const options = {
    ...common,
    entryPoints: [path.join(web, `${entry}.js`)],
    outfile: path.join(web, `${entry}.min.js`),
    external: ['node:*', './build/leadqual-core.js'],
    plugins: [minifiedImports],
  };
  if (entry === 'leadqual') {
    const outside = readdirSync(web)
      .filter((file) => file.endsWith('.js') && !file.endsWith('.min.js') && file !== 'leadqual.js')
      .map((file) => path.join(web, file));
    const members = await ownMembers(options, { className: null, api: path.join(web, 'leadqual.d.ts'), outside });
    if (members.length) options.mangleProps = new RegExp(`^(${members.join('|')})$`);
  }
  await finish(await build(options));
}

// The bundles, and the delivery formats (with their own copy of the few helpers of
// delivery-core.js they use).
for (const entry of ['widget', 'enhance-form', 'lead-results', 'delivery-formats', 'calculator-panel']) {
  /** @type {import('esbuild').BuildOptions} */
  const options = {
    ...common,
    entryPoints: [path.join(web, `${entry}.js`)],
    outfile: path.join(web, `${entry}.min.js`),
    plugins: [minifiedImports, minifiedStyles],
  };
  if (entry === 'widget') {
    const members = await ownMembers(options, {
      className: 'LeadQualifierElement',
      api: path.join(web, 'widget.d.ts'),
    });
    if (members.length) options.mangleProps = new RegExp(`^(${members.join('|')})$`);
  }
  await finish(await build(options));
}
const languages = readdirSync(web).filter((file) => /^i18n-[a-z]+\.js$/.test(file));
await finish(
  await build({
    ...common,
    entryPoints: languages.map((file) => path.join(web, file)),
    outdir: web,
    outExtension: { '.js': '.min.js' },
    charset: 'utf8', // module scripts are always decoded as UTF-8; \u escapes would be 1.7x the bytes
  }),
);
