import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | null = null;

/**
 * The folder holding the project's package.json, found by walking up from this file: the same
 * answer from `src/` under the test runner and from `dist/src/` in production.
 */
export function projectRoot(): string {
  if (cached !== null) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'dunghan') {
      return (cached = dir);
    }
    const parent = dirname(dir);
    if (parent === dir)
      throw new Error('cannot find the dunghan package root above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
}

export function defaultConfigDir(): string {
  return join(projectRoot(), 'config');
}
