// The parts of node that web/leadqual.js uses when it runs there (it checks `process` first and
// imports node:fs/promises only then), for `tsc -p web/tsconfig.js.json`. Declared here rather
// than through @types/node so the browser code is not typed as if node's globals were everywhere.

// As @types/node has it: always there (the code tests `typeof process` before it reads it).
declare var process: { versions: { node?: string }; cwd(): string };

declare module 'node:fs/promises' {
  /** The file's bytes (a node Buffer: a Uint8Array with toString(encoding)). */
  export function readFile(path: URL | string): Promise<Uint8Array & { toString(encoding: 'utf8'): string }>;
}
