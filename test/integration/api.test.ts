/**
 * The API and a worker as deployed: real Postgres (a fresh database for this file), real Redis
 * (a key prefix of its own), the API producing jobs and a separate worker consuming them. Requests
 * go over HTTP with `fetch` to the listening server.
 */
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunningApi } from '../../src/main.js';
import { bootstrapApi } from '../../src/main.js';
import { createToken } from '../../src/cli/token.command.js';
import type { RunningWorker } from '../../src/worker.js';
import { bootstrapWorker } from '../../src/worker.js';
import { exampleBundle } from '../factories/bundle.factory.js';
import { deleteKeys, describeWithRedis, REDIS_URL, uniquePrefix } from './queue/queue-test.helpers.js';
import type { FolderSource } from './support/sync-fixture.js';
import { folderSource } from './support/sync-fixture.js';
import type { TestDatabase } from './support/test-database.js';
import { createTestDatabase } from './support/test-database.js';

const SOURCE = 'office';

interface RunRow {
  id: string;
  source: string;
  runKey: string;
  trigger: string;
  status: string;
  worker: string | null;
  inserted: number;
}

describeWithRedis('API and worker over Postgres and Redis', () => {
  const prefix = uniquePrefix();
  let db: TestDatabase;
  let fixture: FolderSource;
  let api: RunningApi;
  let worker: RunningWorker;
  let admin: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    fixture = folderSource(SOURCE);
    writeFileSync(join(fixture.inbox, 'export-2024-05.json'), JSON.stringify(exampleBundle()));
    const env = (name: string): NodeJS.ProcessEnv => ({
      DATABASE_URL: db.url,
      REDIS_URL,
      DUNGHAN_CONFIG_DIR: fixture.configDir,
      DUNGHAN_DATA_DIR: fixture.root,
      DUNGHAN_WORKER_NAME: name,
      HOST: '127.0.0.1',
      PORT: '0',
    });
    api = await bootstrapApi({ env: env('api'), queuePrefix: prefix, logger: false });
    admin = (await createToken(api.app, { role: 'admin' })).token;
    worker = await bootstrapWorker({
      env: env('worker-1'),
      queuePrefix: prefix,
      logger: false,
      backoffMs: 100,
    });
  });

  afterAll(async () => {
    await api?.close();
    await worker?.close();
    await deleteKeys(prefix);
    await db?.drop();
  });

  const auth = () => ({ authorization: `Bearer ${admin}` });
  const get = (path: string) => fetch(api.url + path, { headers: auth() });

  it('reports itself healthy when Postgres and Redis answer and Redis holds the worker’s schedulers', async () => {
    const res = await get('/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      status: 'ok',
      mode: { database: 'postgres', queue: 'redis' },
      checks: { database: { status: 'up' }, redis: { status: 'up' }, schedules: { status: 'up' } },
      // Never synced yet: not stale (nothing stored rests on it), and a stale one would not fail /health.
      sources: { stale: [], list: [{ name: SOURCE, stale: false, lastGoodAt: null, freshWithinHours: 36 }] },
    });
  });

  it('leaves the jobs to the worker, which registered the nightly sync of the source', () => {
    expect(api.runsJobs).toBe(false);
    expect(worker.scheduled).toEqual([SOURCE]);
  });

  it('"sync now" answers 202 with the job id; the worker runs it and the run shows in /api/runs', async () => {
    const res = await fetch(`${api.url}/api/sources/${SOURCE}/sync`, { method: 'POST', headers: auth() });
    expect(res.status).toBe(202);
    const accepted = (await res.json()) as { jobId: string; runKey: string; source: string };
    expect(accepted.source).toBe(SOURCE);
    expect(accepted.runKey).toMatch(/^manual:[0-9a-f-]{36}$/);
    expect(accepted.jobId).toBe(`sync__${SOURCE}__${accepted.runKey.replace(':', '-')}`);

    await worker.queue.drain();

    const runs = ((await (await get(`/api/runs?source=${SOURCE}`)).json()) as { items: RunRow[] }).items;
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({
      source: SOURCE,
      runKey: accepted.runKey,
      trigger: 'manual',
      status: 'succeeded',
      worker: 'worker-1',
    });
    expect(runs[0].inserted).toBeGreaterThan(0);

    const sources = (await (await get('/api/sources')).json()) as { name: string; lastRun: RunRow | null }[];
    expect(sources.map((s) => [s.name, s.lastRun?.id])).toEqual([[SOURCE, runs[0].id]]);

    const rejections = await get(`/api/runs/${runs[0].id}/rejections`);
    expect(rejections.status).toBe(200);
    expect(await rejections.json()).toEqual([]);

    const obligations = await get('/api/evaluation?asOf=2024-05-08T17:00:00%2B07:00');
    expect(obligations.status).toBe(200);
    const body = (await obligations.json()) as { asOf: string; obligations: { id: string }[] };
    expect(body.asOf).toBe('2024-05-08T17:00:00+07:00');
    expect(body.obligations.length).toBeGreaterThan(0);
  });

  it('answers 404 with a Vietnamese and English message for a source that is not configured', async () => {
    const res = await fetch(`${api.url}/api/sources/khong-co/sync`, { method: 'POST', headers: auth() });
    expect(res.status).toBe(404);
    const body = (await res.json()) as { message: string };
    expect(body.message).toBe(
      'Không có nguồn "khong-co" trong cấu hình / No source "khong-co" is configured',
    );
  });

  it('answers 400 naming the parameter for a bad limit or as-of', async () => {
    for (const limit of ['abc', '0', '1001', '2.5']) {
      const res = await get(`/api/runs?limit=${limit}`);
      expect(res.status).toBe(400);
      const body = (await res.json()) as { parameter: string; message: string };
      expect(body.parameter).toBe('limit');
      expect(body.message).toMatch(/^limit: /);
    }
    const res = await get('/api/evaluation?asOf=2024-05-08T17:00:00');
    expect(res.status).toBe(400);
    expect(((await res.json()) as { parameter: string }).parameter).toBe('asOf');
  });
});
