/**
 * Redis losing its keys or its answers (finding 6 of issue 11), on the real Redis and Postgres:
 * the loss is a deletion of this file's own key prefix (never a FLUSHALL of the shared Redis),
 * "Redis down" a closed port, "Redis frozen" a local server that accepts and never answers.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { once } from 'node:events';
import type { Server, Socket } from 'node:net';
import { connect, createServer } from 'node:net';
import { createToken } from '../../../src/cli/token.command.js';
import type { RunningApi } from '../../../src/main.js';
import { bootstrapApi } from '../../../src/main.js';
import type { RunningWorker } from '../../../src/worker.js';
import { bootstrapWorker } from '../../../src/worker.js';
import type { FolderSource } from '../support/sync-fixture.js';
import { folderSource } from '../support/sync-fixture.js';
import { createTestDatabase, query, type TestDatabase } from '../support/test-database.js';
import { REDIS_STATE_VARIABLE } from '../support/test-services.js';
import { deleteKeys, describeWithRedis, REDIS_URL, sleep, uniquePrefix } from './queue-test.helpers.js';

const SOURCE = 'office';

interface HealthBody {
  failed?: string[];
  checks: Record<string, { status: 'up' | 'down'; error?: string; missing?: string[] }>;
}

interface RefusedBody {
  message: string;
  runKey: string;
}
const SCHEDULERS = [`sync__${SOURCE}`, 'remind', 'digest'];

const envFor = (db: TestDatabase, fixture: FolderSource, redisUrl: string): NodeJS.ProcessEnv => ({
  DATABASE_URL: db.url,
  REDIS_URL: redisUrl,
  DUNGHAN_CONFIG_DIR: fixture.configDir,
  DUNGHAN_DATA_DIR: fixture.root,
  HOST: '127.0.0.1',
  PORT: '0',
});

async function until<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await sleep(100);
  }
}

describeWithRedis('a Redis that lost its keys', () => {
  const prefix = uniquePrefix();
  let db: TestDatabase;
  let fixture: FolderSource;
  let api: RunningApi;
  let worker: RunningWorker | undefined;

  beforeAll(async () => {
    db = await createTestDatabase();
    fixture = folderSource(SOURCE);
    api = await bootstrapApi({ env: envFor(db, fixture, REDIS_URL), queuePrefix: prefix, logger: false });
  });
  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await deleteKeys(prefix);
    await db?.drop();
  });

  const health = async () => {
    const res = await fetch(`${api.url}/health`);
    return { status: res.status, body: (await res.json()) as HealthBody };
  };

  it('/health answers 503 naming the schedulers Redis does not hold, 200 once a worker registered them', async () => {
    const before = await health();
    expect(before.status).toBe(503);
    expect(before.body.failed).toEqual(['schedules']);
    expect(before.body.checks.schedules.missing).toEqual(SCHEDULERS);

    // The default check period (60 s) is far beyond this test: only /health can notice the loss.
    worker = await bootstrapWorker({
      env: envFor(db, fixture, REDIS_URL),
      queuePrefix: prefix,
      logger: false,
    });
    const ok = await health();
    expect(ok.status).toBe(200);
    expect(ok.body.checks.schedules).toEqual({ status: 'up' });

    await deleteKeys(prefix);
    const lost = await health();
    expect(lost.status).toBe(503);
    expect(lost.body.checks.redis).toEqual({ status: 'up' });
    expect(lost.body.checks.schedules.missing).toEqual(SCHEDULERS);
    await worker.close();
    worker = undefined;
  });

  it('the worker registers its schedulers again within its check period after they are deleted', async () => {
    worker = await bootstrapWorker({
      env: envFor(db, fixture, REDIS_URL),
      queuePrefix: prefix,
      logger: false,
      queueCheckMs: 500,
    });
    expect((await worker.queue.scheduleIds()).sort()).toEqual([...SCHEDULERS].sort());
    await deleteKeys(prefix);
    expect(await worker.queue.scheduleIds()).toEqual([]);
    const started = Date.now();
    await until('schedulers restored', 3000, async () =>
      (await worker!.queue.scheduleIds()).length === SCHEDULERS.length ? true : undefined,
    );
    expect(Date.now() - started).toBeLessThan(1500);
    expect((await worker.queue.scheduleIds()).sort()).toEqual([...SCHEDULERS].sort());
    expect((await health()).status).toBe(200);
    await worker.close();
    worker = undefined;
  });

  it('the worker registers its schedulers again as soon as its connection to Redis comes back', async () => {
    const proxy = await cuttableProxy();
    // The check period (60 s by default) is far beyond this test: only the reconnect can restore.
    const through = await bootstrapWorker({
      env: envFor(db, fixture, proxy.url),
      queuePrefix: prefix,
      logger: false,
    });
    try {
      await deleteKeys(prefix);
      expect((await health()).body.checks.schedules.missing).toEqual(SCHEDULERS);
      proxy.cut();
      await until('schedulers restored after the reconnect', 5000, async () =>
        (await health()).status === 200 ? true : undefined,
      );
    } finally {
      await through.close();
      await proxy.close();
    }
  });
});

/** A TCP proxy to the real Redis whose connections the test can cut, as a Redis restart does. */
async function cuttableProxy(): Promise<{ url: string; cut(): void; close(): Promise<void> }> {
  const target = new URL(REDIS_URL);
  const sockets = new Set<Socket>();
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
  };
  const server: Server = createServer((client) => {
    const upstream = connect(Number(target.port || 6379), target.hostname);
    track(client);
    track(upstream);
    client.pipe(upstream).pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  const cut = () => {
    for (const socket of sockets) socket.destroy();
  };
  return {
    url: `redis://127.0.0.1:${port}`,
    cut,
    close: async () => {
      cut();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A TCP server that accepts connections and never answers: a frozen Redis. */
async function frozenServer(): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  return {
    url: `redis://127.0.0.1:${port}`,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A port nothing listens on: a Redis that is down. */
async function closedPort(): Promise<string> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `redis://127.0.0.1:${port}`;
}

describe('"sync now" without Redis', () => {
  let db: TestDatabase;
  let fixture: FolderSource;
  let frozen: { url: string; close(): Promise<void> };
  const runKeys: string[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    fixture = folderSource(SOURCE);
    frozen = await frozenServer();
  });
  afterAll(async () => {
    await frozen?.close();
    await db?.drop();
  });

  const syncNowWith = async (redisUrl: string) => {
    const api = await bootstrapApi({
      env: envFor(db, fixture, redisUrl),
      queuePrefix: uniquePrefix(),
      logger: false,
    });
    try {
      const { token } = await createToken(api.app, { role: 'admin' });
      const started = Date.now();
      const res = await fetch(`${api.url}/api/sources/${SOURCE}/sync`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
      });
      const elapsed = Date.now() - started;
      return { status: res.status, body: (await res.json()) as RefusedBody, elapsed };
    } finally {
      await api.close();
    }
  };

  for (const [state, url] of [
    ['down (closed port)', closedPort],
    ['frozen (accepts, never answers)', async () => frozen.url],
  ] as const) {
    it(`answers 503 within 2 s when Redis is ${state}, and keeps the request recorded`, async () => {
      const { status, body, elapsed } = await syncNowWith(await url());
      expect(status).toBe(503);
      expect(elapsed).toBeLessThan(2000);
      expect(body.message).toContain('Hàng đợi công việc (Redis) không trả lời');
      expect(body.message).toContain('The job queue (Redis) does not answer');
      const rows = await query<{ source: string }>(
        db.url,
        'SELECT source FROM sync_requests WHERE run_key = $1',
        [body.runKey],
      );
      expect(rows).toEqual([{ source: SOURCE }]);
      runKeys.push(body.runKey);
    });
  }

  (process.env[REDIS_STATE_VARIABLE] === 'skip' ? it.skip : it)(
    'runs the recorded requests once a worker reaches Redis again',
    async () => {
      expect(runKeys).toHaveLength(2);
      const prefix = uniquePrefix();
      const worker = await bootstrapWorker({
        env: envFor(db, fixture, REDIS_URL),
        queuePrefix: prefix,
        logger: false,
      });
      try {
        const runs = await until('both requests run', 20_000, async () => {
          const rows = await query<{ run_key: string; status: string }>(
            db.url,
            `SELECT run_key, status FROM sync_runs WHERE run_key = ANY($1) AND status = 'succeeded'`,
            [runKeys],
          );
          return rows.length === 2 ? rows : undefined;
        });
        expect(runs.map((r) => r.run_key).sort()).toEqual([...runKeys].sort());
      } finally {
        await worker.close();
        await deleteKeys(prefix);
      }
    },
  );
});
