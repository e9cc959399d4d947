/**
 * A run left `running` by a worker that died (SIGKILL, OOM, a redeploy): its source lock died with
 * it, so whoever holds the lock next knows the row is dead. The job redelivered under the same key
 * takes the run over and finishes it; it used to complete as `skipped`, leaving the night undone.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestServices } from './support/services.js';
import { openServices } from './support/services.js';
import { exampleBundle } from '../factories/bundle.factory.js';
import { folderSource, type FolderSource } from './support/sync-fixture.js';
import { createTestDatabase, query, type TestDatabase } from './support/test-database.js';

describe('a run whose worker died', () => {
  let db: TestDatabase;
  let fixture: FolderSource;
  let ctx: TestServices;
  beforeAll(async () => {
    db = await createTestDatabase();
    fixture = folderSource('office', { batchSize: 7 });
    ctx = await openServices({
      DATABASE_URL: db.url,
      DUNGHAN_CONFIG_DIR: fixture.configDir,
      DUNGHAN_DATA_DIR: fixture.root,
      DUNGHAN_CLOCK: '2024-05-08T17:00:00+07:00',
      DUNGHAN_WORKER_NAME: 'survivor',
    });
  });
  afterAll(async () => {
    await ctx.close();
    await db.drop();
  });

  const runs = () =>
    query<{ id: string; run_key: string; status: string; worker: string; error: string | null }>(
      db.url,
      `SELECT id, run_key, status, worker, error FROM sync_runs WHERE source = 'office' ORDER BY id`,
    );

  it('is taken over by startRun when the caller holds the source lock, and only then', async () => {
    const store = ctx.syncStore;
    const dead = await store.startRun('office', 'bundle-folder', 'nightly:2024-05-07', 'schedule', 'killed');
    const other = await store.startRun('office', 'bundle-folder', 'manual:old', 'manual', 'killed');
    expect(dead).not.toBeNull();

    // Without the lock a `running` row may be alive: still a no-op, as before.
    expect(
      await store.startRun('office', 'bundle-folder', 'nightly:2024-05-07', 'schedule', 'survivor'),
    ).toBeNull();

    const taken = await store.withSourceLock('office', false, () =>
      store.startRun('office', 'bundle-folder', 'nightly:2024-05-07', 'schedule', 'survivor', {
        holdsSourceLock: true,
      }),
    );
    expect(taken).toBe(dead);
    expect(await runs()).toEqual([
      { id: dead, run_key: 'nightly:2024-05-07', status: 'running', worker: 'survivor', error: null },
      {
        id: other,
        run_key: 'manual:old',
        status: 'abandoned',
        worker: 'killed',
        error:
          'the worker stopped without finishing (its source was free when survivor started run nightly:2024-05-07)',
      },
    ]);
    await store.finishRun(dead!, 'succeeded', null);
  });

  it('lets the redelivered job finish the night’s sync instead of skipping it', async () => {
    writeFileSync(join(fixture.inbox, 'export.json'), JSON.stringify(exampleBundle()));
    const dead = await ctx.syncStore.startRun(
      'office',
      'bundle-folder',
      'nightly:2024-05-08',
      'schedule',
      'killed',
    );

    const summary = await ctx.sync.run(ctx.sources[0], 'schedule', 'nightly:2024-05-08');

    expect(summary).not.toBeNull();
    expect(summary!.runId).toBe(dead);
    expect(summary!.counts).toMatchObject({ seen: 25, inserted: 25 });
    const [run] = (await runs()).filter((r) => r.run_key === 'nightly:2024-05-08');
    expect(run).toMatchObject({ status: 'succeeded', worker: 'survivor' });
    const [{ n }] = await query<{ n: number }>(db.url, 'SELECT count(*)::int AS n FROM tasks');
    expect(n).toBeGreaterThan(0);
  });
});
