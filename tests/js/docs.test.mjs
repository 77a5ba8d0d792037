// The docs stay true. docs/js-api.md and docs/widget.md: every ```js example followed by a ```text
// block is run with node (from docs/, `leadqual` resolving to web/leadqual.js) and must print
// exactly that text. docs/cli.md: every ```console block is a session — `$ COMMAND` lines, each
// followed by what it prints (its standard output, then its standard error) — run with `npx
// leadqual` (bin/leadqual.js) and with the native build as `leadqual`; `…` stands for any text,
// a line of `…` alone for any lines.
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import { nativeCli, root } from './support/project.mjs';

const api = pathToFileURL(path.join(root, 'web/leadqual.js')).href;

// Fenced blocks in order: {lang, body, start, end (offset just past the closing fence), line}.
function blocksOf(file) {
  const doc = readFileSync(path.join(root, file), 'utf8');
  return [...doc.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)].map((m) => ({
    lang: m[1],
    body: m[2],
    start: m.index,
    end: m.index + m[0].length,
    line: doc.slice(0, m.index).split('\n').length,
  }));
}

// Every ```js block directly followed by a ```text block is an example.
function examplesOf(file) {
  const blocks = blocksOf(file);
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

// ---- docs/cli.md ---------------------------------------------------------------------------------

// A ```console block as [{command, expected}]: each `$ ` line and the lines it prints.
function sessionsOf(file) {
  return blocksOf(file)
    .filter((block) => block.lang === 'console')
    .map(({ body, line }) => {
      const steps = [];
      for (const text of body.split('\n').slice(0, -1)) {
        if (text.startsWith('$ ')) steps.push({ command: text.slice(2), expected: [] });
        else steps.at(-1).expected.push(text);
      }
      return { line, steps };
    });
}

// What the page shows as a pattern: `…` is any text on one line, a line of `…` any lines.
function pattern(lines) {
  const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const body = lines.map((text) =>
    text === '…' ? '(?:[^\\n]*\\n)*?' : `${text.split('…').map(escape).join('[^\\n]*')}\\n`,
  );
  return new RegExp(`^${body.join('')}$`);
}

// A scratch folder like a project that installed leadqual from npm: `npx leadqual` finds the
// package's bin in node_modules and never asks the registry; models/ and tests/ are the repository's.
const work = mkdtempSync(path.join(tmpdir(), 'leadqual-cli-docs-'));
test.after(() => rmSync(work, { recursive: true, force: true }));
mkdirSync(path.join(work, 'node_modules/.bin'), { recursive: true });
mkdirSync(path.join(work, 'native'));
symlinkSync(root, path.join(work, 'node_modules/leadqual'));
symlinkSync('../leadqual/bin/leadqual.js', path.join(work, 'node_modules/.bin/leadqual'));
for (const dir of ['models', 'tests']) symlinkSync(path.join(root, dir), path.join(work, dir));
writeFileSync(path.join(work, 'package.json'), '{"private": true, "devDependencies": {"leadqual": "*"}}\n');

// `leadqual` on the PATH: the native build, or the npm package's bin.
const commands = {
  npx: path.join(work, 'node_modules/.bin'),
  native: () => {
    symlinkSync(nativeCli(), path.join(work, 'native/leadqual'));
    return path.join(work, 'native');
  },
};

const sessions = sessionsOf('docs/cli.md');
test('docs/cli.md has runnable sessions', () => {
  assert.ok(sessions.length >= 8, `${sessions.length} sessions`);
});

for (const [name, bin] of Object.entries(commands)) {
  test(`docs/cli.md: every session prints what the page says, with leadqual = ${name}`, () => {
    const env = {
      ...process.env,
      PATH: `${typeof bin === 'function' ? bin() : bin}:${process.env.PATH}`,
      npm_config_offline: 'true',
      npm_config_update_notifier: 'false',
    };
    for (const { line, steps } of sessions) {
      let status = 0;
      for (const { command, expected } of steps) {
        // `(exit N)` first so that `echo $?` sees the status of the command before.
        const run = spawnSync('bash', ['-c', `(exit ${status}); ${command}`], { cwd: work, env, encoding: 'utf8' });
        status = run.status;
        const printed = run.stdout + run.stderr;
        assert.match(printed, pattern(expected), `docs/cli.md line ${line}: $ ${command} printed:\n${printed}`);
      }
    }
  });
}
