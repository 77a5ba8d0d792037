// Bundles the studio (web/studio/src → web/studio/build/, git-ignored) with esbuild: Lit,
// CodeMirror, uPlot and idb-keyval go into studio.js, their CSS into studio.css. The JS API
// (web/leadqual.js) stays external, so the studio shares the one WebAssembly core with the
// widget it previews, and nothing of the studio enters the widget's payload.
// The framework presets (models/frameworks/presets.txt order) and the model JSON Schema are
// bundled as data, so the studio works from any static host, offline, without /models/.
import { build } from 'esbuild';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const frameworks = path.join(root, 'models/frameworks');

const presets = {
  name: 'presets',
  setup(b) {
    b.onResolve({ filter: /^studio:presets$/ }, () => ({ path: 'presets', namespace: 'studio' }));
    b.onLoad({ filter: /.*/, namespace: 'studio' }, async () => {
      const list = await readFile(path.join(frameworks, 'presets.txt'), 'utf8');
      const files = list
        .split('\n')
        .map((line) => line.trim())
        .filter((line) => line && !line.startsWith('#'));
      const models = await Promise.all(files.map((f) => readFile(path.join(frameworks, f), 'utf8')));
      const entries = files.map((file, i) => `{file: ${JSON.stringify(file)}, model: ${models[i].trim()}}`);
      return {
        contents: `export default [${entries.join(',\n')}];`,
        loader: 'js',
        watchFiles: [path.join(frameworks, 'presets.txt'), ...files.map((f) => path.join(frameworks, f))],
      };
    });
  },
};

await build({
  absWorkingDir: root,
  entryPoints: { studio: 'web/studio/src/main.js' },
  outdir: 'web/studio/build',
  bundle: true,
  minify: true,
  sourcemap: true,
  format: 'esm',
  target: 'es2022',
  // The JS API is the page's own module (one core for the studio and the preview widget).
  external: ['../../leadqual.js'],
  plugins: [presets],
  logLevel: 'warning',
  legalComments: 'linked',
});
