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
//   i18n-ja.min.js, …    the UI strings of each language but English (web/i18n-*.js), which
//                        the bundles import only for a page in that language.
// The sources (web/widget.js, web/leadqual.js, …) stay loadable as they are for development.
// esbuild bundles and minifies; terser then minifies esbuild's output once more (its compressor
// and its names take 1.5-2 % more off each file's gzip bytes: docs/performance.md, "The
// widget's size, seventh session").
// Usage: node scripts/build-widget.mjs [web folder]   (default: web/ of this checkout)
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

// Every import of the API, its tools, the delivery formats or a language's strings becomes one of
// its minified form, left as an import (so a page downloads only what it uses).
const minifiedImports = {
  name: 'leadqual-min',
  setup(builder) {
    builder.onResolve(
      { filter: /^\.\/(leadqual|leadqual-tools|delivery-formats|i18n-[a-z]+)\.js$/ },
      ({ path: file }) => ({
        path: file.replace(/\.js$/, '.min.js'),
        external: true,
      }),
    );
  },
};

// The widget's stylesheet (web/widget-styles.js, CSS text written one rule a line) minified as
// CSS: the line breaks go (-45 bytes gzip).
const minifiedStyles = {
  name: 'leadqual-styles',
  setup(builder) {
    builder.onLoad({ filter: /[\\/]widget-styles\.js$/ }, async ({ path: file }) => {
      const source = await readFile(file, 'utf8');
      const text = /^export const widgetStyles = `([^`$\\]*)`;$/m.exec(source);
      if (!text) throw new Error(`${file}: no widgetStyles text to minify`);
      const { code } = await transform(text[1], { loader: 'css', minify: true });
      return { contents: source.replace(text[0], `export const widgetStyles = ${JSON.stringify(code.trim())};`) };
    });
  },
};

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
for (const entry of ['widget', 'enhance-form', 'lead-results', 'delivery-formats']) {
  await finish(
    await build({
      ...common,
      entryPoints: [path.join(web, `${entry}.js`)],
      outfile: path.join(web, `${entry}.min.js`),
      plugins: [minifiedImports, minifiedStyles],
    }),
  );
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
