// docs/js-api.md and docs/widget.md stay true: every ```js example followed by a ```text block is
// run with node (from docs/, `leadqual` resolving to web/leadqual.js) and must print exactly that
// text.
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import { root } from './support/project.mjs';

const api = pathToFileURL(path.join(root, 'web/leadqual.js')).href;

// Fenced blocks in order: {lang, body, end (offset just past the closing fence), line}; every
// ```js block directly followed by a ```text block is an example.
function examplesOf(file) {
  const doc = readFileSync(path.join(root, file), 'utf8');
  const blocks = [...doc.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)].map((m) => ({
    lang: m[1],
    body: m[2],
    start: m.index,
    end: m.index + m[0].length,
    line: doc.slice(0, m.index).split('\n').length,
  }));
  return blocks
    .map((block, i) => ({ block, next: blocks[i + 1] }))
    .filter(({ block, next }) => block.lang === 'js' && next?.lang === 'text' && next.start === block.end + 1)
    .map(({ block, next }) => ({
      source: block.body.replaceAll("from 'leadqual'", `from ${JSON.stringify(api)}`),
      output: next.body,
      line: block.line,
    }));
}

// docs/widget.md: the webhook signature's verification recipe.
for (const [file, least] of [
  ['docs/js-api.md', 5],
  ['docs/widget.md', 1],
]) {
  const examples = examplesOf(file);
  test(`${file} has runnable examples`, () => {
    assert.ok(examples.length >= least, `${examples.length} examples`);
  });

  for (const { source, output, line } of examples) {
    test(`${file} example at line ${line} prints what the page says`, () => {
      const run = spawnSync(process.execPath, ['--input-type=module', '-e', source], {
        cwd: path.join(root, 'docs'),
        encoding: 'utf8',
      });
      assert.equal(run.stderr, '');
      assert.equal(run.stdout, output);
    });
  }
}
