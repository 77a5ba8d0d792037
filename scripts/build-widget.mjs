#!/usr/bin/env node
// Bundles and minifies what pages load (git-ignored build outputs in web/):
//   leadqual.min.js      the JS API (web/leadqual.js), which instantiates the runtime module's
//                        .wasm itself; the core module's glue stays a file of its own, loaded
//                        only for a model's JSON;
//   widget.min.js, enhance-form.min.js, lead-results.min.js
//                        each one file that imports ./leadqual.min.js beside it (where the
//                        sources import ./leadqual.js).
// The sources (web/widget.js, web/leadqual.js, …) stay loadable as they are for development.
// Usage: node scripts/build-widget.mjs [web folder]   (default: web/ of this checkout)
import { build } from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const web = path.resolve(process.argv[2] ?? path.join(path.dirname(fileURLToPath(import.meta.url)), '../web'));
const common = { bundle: true, minify: true, format: 'esm', target: 'es2022', logLevel: 'warning' };

// The API: node's modules (read only under node) and the core module's glue stay imports.
await build({
  ...common,
  entryPoints: [path.join(web, 'leadqual.js')],
  outfile: path.join(web, 'leadqual.min.js'),
  external: ['node:*', './build/leadqual-core.js'],
});

// The bundles: every import of the API becomes one of its minified form, left as an import.
const minifiedApi = {
  name: 'leadqual-min',
  setup(builder) {
    builder.onResolve({ filter: /^\.\/leadqual\.js$/ }, () => ({ path: './leadqual.min.js', external: true }));
  },
};
for (const entry of ['widget', 'enhance-form', 'lead-results']) {
  await build({
    ...common,
    entryPoints: [path.join(web, `${entry}.js`)],
    outfile: path.join(web, `${entry}.min.js`),
    plugins: [minifiedApi],
  });
}
