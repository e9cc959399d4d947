/**
 * Bundle files for tests: a valid base (the specification's 2024 worked example, copied under
 * test/fixtures/examples) with records changed or added.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../../src/config/project-root.js';

export const EXAMPLE_BUNDLE = join(
  projectRoot(),
  'test',
  'fixtures',
  'examples',
  '2024-basic',
  'bundle.json',
);
export const EXAMPLE_EXPECTED = join(
  projectRoot(),
  'test',
  'fixtures',
  'examples',
  '2024-basic',
  'expected.json',
);

export type RawBundle = Record<string, unknown> & {
  units: Record<string, unknown>[];
  people: Record<string, unknown>[];
  documents: Record<string, unknown>[];
  tasks: Record<string, unknown>[];
  drafts: Record<string, unknown>[];
  weeklySchedules: Record<string, unknown>[];
  mailboxes: Record<string, unknown>[];
  deleted: Record<string, unknown>[];
};

export function exampleBundle(): RawBundle {
  return JSON.parse(readFileSync(EXAMPLE_BUNDLE, 'utf8')) as RawBundle;
}

const dir = mkdtempSync(join(tmpdir(), 'dunghan-test-'));
let n = 0;

/** Writes a bundle (an object, or raw text for broken files) and returns its path. */
export function writeBundle(content: object | string, name = `bundle-${++n}.json`): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}
