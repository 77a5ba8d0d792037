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
import { readdirSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { minify } from 'terser';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const web = path.resolve(process.argv[2] ?? path.join(path.dirname(fileURLToPath(import.meta.url)), '../web'));
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

// The custom element's own members get short names in widget.min.js (-392 bytes gzip): each
// method or field the element's class defines that no code of the bundle reads or writes on
// anything but the element itself (`this.name` in the class), nor as an object's key, nor by a
// string. Its API (every name in widget.d.ts), the custom-element callbacks and what the tests
// read stay as they are; so does everything it inherits (never defined in the class).
const KEPT_MEMBERS = new Set([
  ...['constructor', 'connectedCallback', 'disconnectedCallback', 'adoptedCallback'],
  ...['attributeChangedCallback', 'observedAttributes'],
  ...['current', 'visibleSteps', 'render'], // read by tests/browser (flows.mjs, a11y-i18n)
]);

/**
 * The members of class `className` (in the bundle built from `options`) that only the class uses.
 * @param {import('esbuild').BuildOptions} options
 * @param {string} className
 * @param {string} api a .d.ts whose every word is kept
 * @returns {Promise<string[]>}
 */
async function ownMembers(options, className, api) {
  const { metafile } = await build({ ...options, minify: false, metafile: true });
  const kept = new Set([...KEPT_MEMBERS, ...(await readFile(api, 'utf8')).match(/[\w$]+/g)]);
  /** @type {Set<string>} */
  const defined = new Set();
  /** @type {Set<string>} */
  const elsewhere = new Set();
  /**
   * @param {any} node
   * @param {boolean} inClass
   */
  const walk = (node, inClass) => {
    if (node.type === 'ClassDeclaration' || node.type === 'ClassExpression') inClass = node.id?.name === className;
    const name = (/** @type {any} */ key) => (key.type === 'Identifier' ? key.name : null);
    if (node.type === 'MemberExpression') {
      const key = node.computed
        ? typeof node.property.value === 'string'
          ? node.property.value
          : null
        : name(node.property);
      if (key !== null) {
        if (inClass && !node.computed && node.object.type === 'ThisExpression') {
          if (node.parentAssigns) defined.add(key);
        } else elsewhere.add(key);
      }
    } else if (node.type === 'Property' && !node.computed && name(node.key)) elsewhere.add(name(node.key));
    else if (
      (node.type === 'MethodDefinition' || node.type === 'PropertyDefinition') &&
      !node.computed &&
      name(node.key)
    )
      (inClass ? defined : elsewhere).add(name(node.key));
    else if (node.type === 'BinaryExpression' && node.operator === 'in' && typeof node.left.value === 'string')
      elsewhere.add(node.left.value);
    if (node.type === 'AssignmentExpression' && node.left.type === 'MemberExpression') node.left.parentAssigns = true;
    for (const value of Object.values(node)) {
      for (const child of Array.isArray(value) ? value : [value])
        if (child && typeof child.type === 'string') walk(child, inClass);
    }
  };
  for (const input of Object.keys(metafile.inputs)) {
    walk(parse(await readFile(input, 'utf8'), { ecmaVersion: 'latest', sourceType: 'module' }), false);
  }
  return [...defined].filter((member) => !elsewhere.has(member) && !kept.has(member)).sort();
}

// The API and its tools: node's modules (read only under node) and the core module's glue stay
// imports.
for (const entry of ['leadqual', 'leadqual-tools']) {
  await finish(
    await build({
      ...common,
      entryPoints: [path.join(web, `${entry}.js`)],
      outfile: path.join(web, `${entry}.min.js`),
      external: ['node:*', './build/leadqual-core.js'],
      plugins: [minifiedImports],
    }),
  );
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
    const members = await ownMembers(options, 'LeadQualifierElement', path.join(web, 'widget.d.ts'));
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
