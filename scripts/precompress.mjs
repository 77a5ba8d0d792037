#!/usr/bin/env node
// Writes FILE.gz (gzip -9) and FILE.br (brotli 11) beside every file a page loads under the
// given folders, so that `leadqual serve` sends them as they are instead of compressing on the
// first request (src/server/static_files.cpp; a copy older than its file is not used). Only
// what is missing or stale is written; all of it is git-ignored.
// Usage: node scripts/precompress.mjs DIR...
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';

// What the collector compresses (src/server/compress.cpp compressible()), by extension.
const EXTENSIONS = new Set(['.html', '.js', '.mjs', '.css', '.json', '.wasm', '.lqc', '.svg', '.txt', '.map']);
const SMALLEST = 256; // below this the collector sends files as they are
// Files with those extensions that no page loads: the type checker's configuration.
const NOT_SERVED = /^tsconfig(\..+)?\.json$/;

async function* files(dir) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* files(full);
    else if (entry.isFile() && EXTENSIONS.has(path.extname(entry.name)) && !NOT_SERVED.test(entry.name)) yield full;
  }
}

async function fresh(copy, source) {
  const info = await stat(copy).catch(() => null);
  return info !== null && info.mtimeMs >= source.mtimeMs;
}

let written = 0;
for (const dir of process.argv.slice(2)) {
  for await (const file of files(dir)) {
    const source = await stat(file);
    if (source.size < SMALLEST) continue;
    const compressors = [
      ['.gz', (data) => gzipSync(data, { level: 9 })],
      [
        '.br',
        (data) =>
          brotliCompressSync(data, {
            params: {
              [constants.BROTLI_PARAM_QUALITY]: 11,
              [constants.BROTLI_PARAM_SIZE_HINT]: data.length,
            },
          }),
      ],
    ];
    let data = null;
    for (const [suffix, compress] of compressors) {
      if (await fresh(file + suffix, source)) continue;
      data ??= await readFile(file);
      await writeFile(file + suffix, compress(data));
      written++;
    }
  }
}
console.log(`precompress: ${written} file(s) written`);
