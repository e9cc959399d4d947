/**
 * Two workers, each registering the nightly schedule of the same source, with a schedule that
 * fires every second: however often it fires and however many workers take the jobs, the source
 * syncs once per (local) night.
 */
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { nightlyRunKey } from '../../src/infra/queue/job-ids.js';
import type { RunningWorker } from '../../src/worker.js';
import { bootstrapWorker } from '../../src/worker.js';
import { exampleBundle } from '../factories/bundle.factory.js';
import { deleteKeys, describeWithRedis, REDIS_URL, uniquePrefix } from './queue/queue-test.helpers.js';
import { folderSource, type FolderSource } from './support/sync-fixture.js';
import { createTestDatabase, query, type TestDatabase } from './support/test-database.js';

describeWithRedis('the nightly sync with two workers and two schedulers', () => {
  const prefix = uniquePrefix();
  let db: TestDatabase;
  let fixture: FolderSource;
  const workers: RunningWorker[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    fixture = folderSource('office');
    writeFileSync(
      join(fixture.configDir, 'sources.json'),
      JSON.stringify({
        sources: [
          {
            name: 'office',
            kind: 'bundle-folder',
            cron: '* * * * * *',
            enabled: true,
            options: { folder: fixture.inbox },
          },
        ],
      }),
    );
    writeFileSync(join(fixture.inbox, 'export.json'), JSON.stringify(exampleBundle()));
  });
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.close()));
    await deleteKeys(prefix);
    await db.drop();
  });

  it('syncs each source once per night however many workers fire', async () => {
    const nightsBefore = nightlyRunKey(new Date());
    for (const name of ['worker-a', 'worker-b']) {
      workers.push(
        await bootstrapWorker({
          env: {
            DATABASE_URL: db.url,
            REDIS_URL,
            DUNGHAN_CONFIG_DIR: fixture.configDir,
            DUNGHAN_DATA_DIR: fixture.root,
            DUNGHAN_WORKER_NAME: name,
          },
          queuePrefix: prefix,
          logger: false,
          backoffMs: 100,
        }),
      );
    }
    expect(workers.map((w) => w.scheduled)).toEqual([['office'], ['office']]);
    // Several firings, each seen by both workers' schedulers.
    await new Promise((r) => setTimeout(r, 4500));
    await Promise.all(workers.map((w) => w.queue.drain()));
    const nightsAfter = nightlyRunKey(new Date());

    const runs = await query<{ run_key: string; status: string; inserted: number }>(
      db.url,
      `SELECT run_key, status, inserted FROM sync_runs WHERE source = 'office' AND trigger = 'schedule' ORDER BY id`,
    );
    const nights = new Set([nightsBefore, nightsAfter]);
    expect(runs.length).toBe(nights.size);
    expect(runs.map((r) => r.run_key)).toEqual([...nights]);
    expect(runs[0]).toMatchObject({ status: 'succeeded', inserted: 25 });
  }, 60_000);
});
