// Where the tests find the project's files, the native command and the shared test data.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const root = fileURLToPath(new URL('../../../', import.meta.url));
export const shared = path.resolve(root, '..', 'shared');

/** The native `leadqual` built by `npm run build` (override with LEADQUAL_CLI). */
export function nativeCli() {
  const candidates = [process.env.LEADQUAL_CLI, path.join(root, 'build/native/leadqual')].filter(Boolean);
  const found = candidates.find((file) => existsSync(file));
  if (!found) {
    throw new Error(`the native leadqual command is not built (looked at ${candidates.join(', ')}); run npm run build`);
  }
  return found;
}

/** Every model file in models/ (recursively), schema files excepted, sorted. */
export function modelFiles() {
  const files = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir).sort()) {
      const file = path.join(dir, name);
      if (statSync(file).isDirectory()) walk(file);
      else if (name.endsWith('.json') && !name.endsWith('.schema.json')) files.push(file);
    }
  };
  walk(path.join(root, 'models'));
  return files;
}
