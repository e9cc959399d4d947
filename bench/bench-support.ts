/**
 * What the benchmarks share: the cached province-year file, how figures are printed, and the
 * scratch databases on the local Postgres they import it into.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { projectRoot } from '../src/config/project-root.js';
import { exportInstantOf, generateAgency } from '../src/demo/agency-generator.js';
import { writeBundle } from '../src/demo/bundle-writer.js';

/** Records in the generated province-year (BENCH_RECORDS runs it small). */
export const RECORDS = Number(process.env.BENCH_RECORDS ?? 1_000_000);

export const mb = (bytes: number) => bytes / 1_048_576;
export const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
export const seconds = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9;

/** The seeded province-year (240 units, 6,000 people), generated once and cached under bench/out/. */
export async function provinceFile(): Promise<string> {
  const file = join(projectRoot(), 'bench', 'out', `province-2025-${RECORDS}.bundle.json`);
  if (existsSync(file)) return file;
  await mkdir(dirname(file), { recursive: true });
  const start = process.hrtime.bigint();
  const summary = await writeBundle(
    file,
    generateAgency({
      seed: 20250101,
      units: 240,
      people: 6000,
      targetRecords: RECORDS,
      from: '2025-01-01',
      to: '2025-12-31',
    }),
    { system: 'dunghan-bench', exportedAt: exportInstantOf('2025-12-31') },
  );
  console.log(
    `generated ${fmt(summary.records)} records, ${fmt(mb(summary.bytes), 1)} MiB in ${fmt(seconds(start), 1)} s → ${file}`,
  );
  return file;
}

/** The local Postgres, reached as a superuser (BENCH_ADMIN_URL). */
export const ADMIN_URL = process.env.BENCH_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** The built CLI beside this file (dist/bench → dist/src). */
export const BUILT_CLI = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'cli.js');

/** A database on the server of ADMIN_URL. */
export function databaseUrl(name: string): string {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

/** One statement on its own connection. */
export async function sql<T>(url: string, text: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, params)).rows as T[];
  } finally {
    await client.end();
  }
}

/**
 * A benchmark's database (`env.DATABASE_URL`, named `database`): the bundle imported and evaluated
 * through the product's own `dunghan import`, once; a later run reuses it (BENCH_FRESH=1 imports again).
 */
export async function ensureImported(options: {
  database: string;
  env: NodeJS.ProcessEnv;
  bundle: () => Promise<string>;
  asOf: string;
  records: number;
  /** What the import prints: shown (default) or not. */
  importOutput?: 'inherit' | 'ignore';
}): Promise<void> {
  const { database, env } = options;
  const exists =
    (await sql(ADMIN_URL, 'SELECT 1 FROM pg_database WHERE datname = $1', [database])).length > 0;
  if (exists && process.env.BENCH_FRESH !== '1') {
    const [{ n }] = await sql<{ n: number }>(
      env.DATABASE_URL!,
      'SELECT count(*)::int AS n FROM scores',
    ).catch(() => [{ n: 0 }]);
    if (n > 0) {
      console.log(`reusing ${database} (BENCH_FRESH=1 imports again)`);
      return;
    }
  }
  await sql(ADMIN_URL, `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  await sql(ADMIN_URL, `CREATE DATABASE ${database}`);
  const file = await options.bundle();
  const start = process.hrtime.bigint();
  const result = spawnSync(
    process.execPath,
    [
      '--max-old-space-size=4096',
      BUILT_CLI,
      'import',
      '--bundle',
      file,
      '--as-of',
      options.asOf,
      '--lang',
      'en',
    ],
    { env, stdio: ['ignore', options.importOutput ?? 'inherit', 'inherit'] },
  );
  if (result.status !== 0) throw new Error(`dunghan import exited with ${result.status}`);
  console.log(`imported ${fmt(options.records)} records and evaluated them in ${fmt(seconds(start), 1)} s`);
}
