// Another revision's widget beside today's, for the first-paint bench and its traces
// (scripts/bench-paint.mjs, scripts/trace-paint.mjs): the revision's web/ in a temporary folder,
// bundled by the revision's own scripts/build-widget (with today's node_modules and WebAssembly
// build, or BEFORE_BUILD=<folder>'s: that revision's web/build, for a revision whose API loads
// the modules another way), served by the same test server as today's pages (a link in the
// fixtures, /test/.paint-before/) so that both are fetched alike. Its pages are the revision's
// own paint-widget.html ("before") and paint-widget-lean.html ("before-lean", where it has one),
// their hints and scripts naming its files.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { root } from '../tests/browser/harness.mjs';

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
