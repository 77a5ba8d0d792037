// Another revision's widget beside today's, for the first-paint bench and its traces
// (scripts/bench-paint.mjs, scripts/trace-paint.mjs): the revision's web/ in a temporary folder,
// bundled by the revision's own scripts/build-widget (with today's node_modules and WebAssembly
// build, or BEFORE_BUILD=<folder>'s: that revision's web/build, for a revision whose API loads
// the modules another way), served by the same test server as today's pages (a link in the
// fixtures, /test/.paint-before/) so that both are fetched alike. Its pages are the revision's
// own paint-widget.html ("before") and paint-widget-lean.html ("before-lean", where it has one),
// their hints and scripts naming its files.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { root, startServer } from '../tests/browser/harness.mjs';

/**
 * @param {string} revision
 * @returns {{pages: Array<[string, string]>, remove: () => void}}
 */
export function beforePages(revision) {
  const dir = mkdtempSync(path.join(tmpdir(), 'leadqual-paint-'));
  const link = path.join(root, 'tests/browser/fixtures/.paint-before');
  execFileSync('sh', ['-c', `git archive ${revision} web scripts tests/browser/fixtures | tar -x -C ${dir}`], {
    cwd: root,
  });
  symlinkSync(path.resolve(process.env.BEFORE_BUILD ?? path.join(root, 'web/build')), path.join(dir, 'web/build'));
  symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'));
  execFileSync(path.join(dir, 'scripts/build-widget'), { cwd: dir, stdio: 'inherit' });
  rmSync(link, { force: true });
  symlinkSync(dir, link);
  /** @type {Array<[string, string]>} */
  const pages = [];
  for (const [name, file] of [
    ['before', 'paint-widget.html'],
    ['before-lean', 'paint-widget-lean.html'],
  ]) {
    const source = path.join(dir, 'tests/browser/fixtures', file);
    if (!existsSync(source)) continue;
    const html = readFileSync(source, 'utf8').replace(
      /"\/(widget\.min\.js|widget\.css|leadqual\.min\.js|leadqual\.js|build\/)/g,
      '"/test/.paint-before/web/$1',
    );
    writeFileSync(path.join(dir, file), html);
    pages.push([name, `/test/.paint-before/${file}`]);
  }
  return {
    pages,
    remove() {
      rmSync(link, { force: true });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// Variants of today's page with every hint, written beside it for a run (dot files in the
// fixtures): which hint costs the first paint what. Each is [name, url]; remove() deletes them.
const HINT_VARIANTS = {
  // without the .wasm's preload
  nowasmpreload: (html) => html.replace(/<link rel="preload" href="\/build\/[^>]*>\n/, ''),
  // without the API's modulepreload
  nomodulepreload: (html) => html.replace(/<link rel="modulepreload"[^>]*>\n/, ''),
  // the API's and the .wasm's hints at the default (high) fetch priority, as before the seventh session
  highhints: (html) => html.replaceAll(' fetchpriority="low"', ''),
  // the model's hint before the widget's script, the API's and the .wasm's after it
  modelfirst: (html) => {
    const model = /<link rel="preload" href="\/models\/[^>]*>\n/.exec(html)?.[0] ?? '';
    return html.replace(model, '').replace('<script type="module"', `${model}<script type="module"`);
  },
};

/**
 * @param {string[]} wanted the variants' names (others are ignored)
 * @returns {{pages: Array<[string, string]>, remove: () => void}}
 */
export function hintVariants(wanted) {
  const fixtures = path.join(root, 'tests/browser/fixtures');
  const allHints = readFileSync(path.join(fixtures, 'paint-widget.html'), 'utf8');
  /** @type {Array<[string, string]>} */
  const pages = [];
  const files = [];
  for (const [name, vary] of Object.entries(HINT_VARIANTS)) {
    if (!wanted.includes(name)) continue;
    const html = vary(allHints);
    if (html === allHints) throw new Error(`paint variants: ${name} changes nothing`);
    const file = path.join(fixtures, `.paint-${name}.html`);
    writeFileSync(file, html);
    files.push(file);
    pages.push([name, `/test/.paint-${name}.html`]);
  }
  return {
    pages,
    remove() {
      for (const file of files) rmSync(file, { force: true });
    },
  };
}

// The test server (tests/browser/harness.mjs) in a process of its own, for the benches: in the
// bench's process its requests wait behind Playwright's own messages on the one event loop
// (SERVER=inline keeps it there). Resolves to {url, close()}.
export function paintServer() {
  if (process.env.SERVER === 'inline') return startServer();
  const child = spawn(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `import { startServer } from ${JSON.stringify(path.join(root, 'tests/browser/harness.mjs'))};
       const server = await startServer();
       console.log(server.url);
       process.stdin.on('end', () => server.close().then(() => process.exit(0)));
       process.stdin.resume();`,
    ],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`paint server: exited with ${code}`)));
    child.stdout.once('data', (data) => {
      child.removeAllListeners('exit');
      resolve({
        url: String(data).trim(),
        close: () =>
          new Promise((done) => {
            child.once('exit', done);
            child.stdin.end();
          }),
      });
    });
  });
}
