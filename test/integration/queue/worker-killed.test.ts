/**
 * A worker process killed with SIGKILL in the middle of a sync job, under BullMQ: the job's claim
 * lapses, BullMQ redelivers it to the surviving worker, and that worker takes the dead run over and
 * finishes it from the last committed batch — no new trigger, nobody restarting anything. The
 * result is the data an uninterrupted run leaves. Needs the build (`dist/`).
 */
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { copyFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { openServices } from '../support/services.js';
import { projectRoot } from '../../../src/config/project-root.js';
import { generateAgency } from '../../../src/demo/agency-generator.js';
import { writeBundle } from '../../../src/demo/bundle-writer.js';
import { BullMqJobQueue } from '../../../src/infra/queue/bullmq-job-queue.js';
import { JobName } from '../../../src/infra/queue/job-queue.port.js';
import { manualJobId } from '../../../src/modules/sync/sync.jobs.js';
import type { RunningWorker } from '../../../src/worker.js';
import { bootstrapWorker } from '../../../src/worker.js';
import { folderSource, type FolderSource } from '../support/sync-fixture.js';
import { syncSnapshot } from '../support/sync-snapshot.js';
import { createTestDatabase, query, type TestDatabase } from '../support/test-database.js';
import { deleteKeys, describeWithRedis, REDIS_URL, sleep, uniquePrefix } from './queue-test.helpers.js';

const CLOCK = '2025-07-15T17:00:00+07:00';
const WORKER = pathToFileURL(join(projectRoot(), 'dist', 'src', 'worker.js')).href;
/** A killed worker's job goes to another within about twice this (BullMQ's default is 30 s). */
const QUEUE_LOCK_MS = 3000;
const RUN_KEY = 'manual:before-the-crash';

describeWithRedis('a BullMQ worker killed mid-sync', () => {
  const prefix = uniquePrefix();
  let reference: TestDatabase;
  let crashed: TestDatabase;
  let refFixture: FolderSource;
  let crashFixture: FolderSource;
  let producer: BullMqJobQueue;
  let survivor: RunningWorker | undefined;

  const env = (db: TestDatabase, fixture: FolderSource, name: string): NodeJS.ProcessEnv => ({
    PATH: process.env.PATH,
    DATABASE_URL: db.url,
    REDIS_URL,
    DUNGHAN_CONFIG_DIR: fixture.configDir,
    DUNGHAN_DATA_DIR: fixture.root,
    DUNGHAN_CLOCK: CLOCK,
    DUNGHAN_WORKER_NAME: name,
  });

  beforeAll(async () => {
    [reference, crashed] = await Promise.all([createTestDatabase(), createTestDatabase()]);
    refFixture = folderSource('big', { batchSize: 100 });
    crashFixture = folderSource('big', { batchSize: 100 });
    const file = join(refFixture.root, 'agency.json');
    await writeBundle(
      file,
      generateAgency({
        seed: 11,
        units: 8,
        people: 80,
        targetRecords: 8_000,
        from: '2025-01-01',
        to: '2025-06-30',
      }),
      { system: 'crash-test', exportedAt: '2025-06-30T18:00:00+07:00' },
    );
    copyFileSync(file, join(refFixture.inbox, 'agency.json'));
    copyFileSync(file, join(crashFixture.inbox, 'agency.json'));
    producer = new BullMqJobQueue({ redisUrl: REDIS_URL, prefix });
  }, 60_000);
  afterAll(async () => {
    await survivor?.close();
    await producer.close();
    await deleteKeys(prefix);
    await reference.drop();
    await crashed.drop();
  });

  it('is redelivered to the surviving worker, which finishes the run as an uninterrupted one would', async () => {
    const ctx = await openServices({ ...env(reference, refFixture, 'reference'), REDIS_URL: '' });
    await ctx.sync.run(ctx.sources[0], 'manual', RUN_KEY);
    await ctx.close();

    // The first worker, in its own process so it can die for real.
    const child = spawn(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `const { bootstrapWorker } = await import(${JSON.stringify(WORKER)});
         await bootstrapWorker({ env: process.env, queuePrefix: ${JSON.stringify(prefix)}, logger: false,
           queueLockMs: ${QUEUE_LOCK_MS} });`,
      ],
      { env: env(crashed, crashFixture, 'doomed'), stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const exited = once(child, 'exit');
    await producer.enqueue(
      JobName.SyncSource,
      { source: 'big', trigger: 'manual', runKey: RUN_KEY },
      { jobId: manualJobId('big', RUN_KEY) },
    );
    let batches = 0;
    for (let i = 0; i < 3000 && batches < 5; i++) {
      await sleep(20);
      const rows = await query<{ batches: number }>(crashed.url, 'SELECT batches FROM sync_runs').catch(
        () => [],
      );
      batches = rows[0]?.batches ?? 0;
    }
    child.kill('SIGKILL');
    const [, signal] = (await exited) as [number | null, string | null];
    expect({ signal, stderr }).toEqual({ signal: 'SIGKILL', stderr: '' });
    const [killed] = await query<{ status: string; batches: number }>(
      crashed.url,
      'SELECT status, batches FROM sync_runs',
    );
    expect(killed.status).toBe('running');
    expect(killed.batches).toBeGreaterThanOrEqual(5);

    // Another worker is running; nobody triggers anything again.
    survivor = await bootstrapWorker({
      env: env(crashed, crashFixture, 'survivor'),
      queuePrefix: prefix,
      logger: false,
      queueLockMs: QUEUE_LOCK_MS,
      backoffMs: 100,
    });
    const started = Date.now();
    // The claim lapses, then BullMQ's stalled check hands the job over: a few seconds.
    await sleep(QUEUE_LOCK_MS);
    await producer.drain({ timeoutMs: 60_000 });

    const runs = await query<{ run_key: string; status: string; worker: string; batches: number }>(
      crashed.url,
      'SELECT run_key, status, worker, batches FROM sync_runs ORDER BY id',
    );
    const [ref] = await query<{ batches: number }>(reference.url, 'SELECT batches FROM sync_runs');
    expect(runs).toEqual([
      { run_key: RUN_KEY, status: 'succeeded', worker: 'survivor', batches: ref.batches },
    ]);
    expect(Date.now() - started).toBeLessThan(60_000);
    expect(readdirSync(join(crashFixture.inbox, 'processed'))).toEqual(['agency.json']);
    expect(await syncSnapshot(crashed.url)).toEqual(await syncSnapshot(reference.url));
  }, 180_000);
});
