/**
 * A fresh database per test file, cloned from a template migrated once (immich's medium tests):
 * migrating takes seconds, cloning a template milliseconds. The template's name carries a hash of
 * the migrations' source, so a new or edited migration makes a new template.
 */
import { createHash, randomBytes } from 'node:crypto';
import pg from 'pg';
import { MIGRATIONS } from '../../../migrations/index.js';
import { createDataSource } from '../../../src/infra/database/data-source.js';
import { migrate } from '../../../src/infra/database/migrate.js';
import { adminDatabaseUrl, PROBE_TIMEOUT_MS } from './test-services.js';

/** The configured server, or the one the global setup started when none answered there. */
const ADMIN_URL = adminDatabaseUrl();
/** Generous next to the global setup's probe: many test files connect at once on a busy machine. */
const CONNECT_TIMEOUT_MS = 10 * PROBE_TIMEOUT_MS;
const TEMPLATE = `dunghan_tpl_${createHash('sha1')
  .update(MIGRATIONS.map((m) => m.toString()).join('\n'))
  .digest('hex')
  .slice(0, 10)}`;

export function urlFor(database: string): string {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${database}`;
  return url.toString();
}

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function ensureTemplate(): Promise<void> {
  await admin(async (client) => {
    // Test files run in parallel workers: one builds the template, the others wait for it.
    await client.query('SELECT pg_advisory_lock(7212025)');
    try {
      const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [TEMPLATE]);
      if (exists.rowCount) return;
      await client.query(`CREATE DATABASE ${TEMPLATE}`);
      const ds = createDataSource({ url: urlFor(TEMPLATE), poolSize: 2 });
      await ds.initialize();
      await migrate(ds, { singleConnection: false });
      await ds.destroy();
    } finally {
      await client.query('SELECT pg_advisory_unlock(7212025)');
    }
  });
}

export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  await ensureTemplate();
  const name = `dunghan_t_${randomBytes(5).toString('hex')}`;
  await admin((client) => client.query(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE}`));
  return {
    name,
    url: urlFor(name),
    drop: () =>
      admin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

/** Runs a query on a database with a short-lived client. */
export async function query<T = Record<string, unknown>>(
  url: string,
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}
