#!/usr/bin/env node
// `npx leadqual`: the leadqual command without a C++ build. It runs the native binary's own
// command line (src/cli: arguments, help texts, messages, exit codes), compiled to WebAssembly,
// and hands it node's files and standard streams. Verbs that need the machine (serve) say so.
import { closeSync, openSync, readFileSync, readSync, writeFileSync, writeSync } from 'node:fs';

import createLeadqualCli from '../web/build/leadqual-cli.js';

const packageDir = new URL('../', import.meta.url);

// Non-blocking pipes answer EAGAIN when they are momentarily empty or full: wait a little.
const pause = new Int32Array(new SharedArrayBuffer(4));
function retrying(call) {
  for (;;) {
    try {
      return call();
    } catch (error) {
      if (error.code !== 'EAGAIN') throw error;
      Atomics.wait(pause, 0, 0, 5);
    }
  }
}

// What src/cli/host.hpp asks of a host; failures are node's error codes ("ENOENT").
const io = {
  open(path) {
    if (path === '-') return 0;
    try {
      return openSync(path, 'r');
    } catch (error) {
      return error.code ?? String(error.message);
    }
  },
  // Fills `view` unless the input ends first, as fread does.
  read(fd, view) {
    let got = 0;
    try {
      while (got < view.length) {
        const n = retrying(() => readSync(fd, view, got, view.length - got, null));
        if (n === 0) break;
        got += n;
      }
    } catch (error) {
      if (error.code === 'EOF') return got; // standard input closed (Windows)
      return error.code ?? String(error.message);
    }
    return got;
  },
  close(fd) {
    if (fd !== 0) closeSync(fd);
  },
  write(fd, view) {
    try {
      for (let done = 0; done < view.length;) done += retrying(() => writeSync(fd, view, done, view.length - done));
      return true;
    } catch (error) {
      return error.code ?? String(error.message);
    }
  },
  // A file written whole (`leadqual build -o FILE`), created or replaced.
  save(path, view) {
    try {
      writeFileSync(path, view);
      return true;
    } catch (error) {
      return error.code ?? String(error.message);
    }
  },
  // The framework presets of `leadqual new`, as the package ships them.
  presets() {
    const dir = new URL('models/frameworks/', packageDir);
    return readFileSync(new URL('presets.txt', dir), 'utf8')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith('#'))
      .map((file) => [file.replace(/\.json$/, ''), readFileSync(new URL(file, dir), 'utf8')]);
  },
};

const cli = await createLeadqualCli({
  wasmBinary: readFileSync(new URL('web/build/leadqual-cli.wasm', packageDir)),
  print: () => {},
  printErr: () => {},
});
process.exitCode = cli.runCli(process.argv.slice(2), io);
