import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { copyFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { openServices } from './support/services.js';
import { projectRoot } from '../../src/config/project-root.js';
import { generateAgency } from '../../src/demo/agency-generator.js';
import { writeBundle } from '../../src/demo/bundle-writer.js';
import { folderSource, type FolderSource } from './support/sync-fixture.js';
import { syncSnapshot as snapshot } from './support/sync-snapshot.js';
import { createTestDatabase, query, type TestDatabase } from './support/test-database.js';

const CLOCK = '2025-07-15T17:00:00+07:00';
const CLI = join(projectRoot(), 'dist', 'src', 'cli.js');

function env(db: TestDatabase, fixture: FolderSource): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    DATABASE_URL: db.url,
    DUNGHAN_CONFIG_DIR: fixture.configDir,
    DUNGHAN_DATA_DIR: fixture.root,
    DUNGHAN_CLOCK: CLOCK,
    DUNGHAN_WORKER_NAME: 'crash-test',
  };
}

describe('a worker killed in the middle of a sync', () => {
  let reference: TestDatabase;
  let crashed: TestDatabase;
  let refFixture: FolderSource;
  let crashFixture: FolderSource;
  beforeAll(async () => {
    [reference, crashed] = await Promise.all([createTestDatabase(), createTestDatabase()]);
    refFixture = folderSource('big', { batchSize: 100 });
    crashFixture = folderSource('big', { batchSize: 100 });
    const file = join(refFixture.root, 'agency.json');
    await writeBundle(
      file,
      generateAgency({
        seed: 7,
        units: 8,
        people: 80,
        targetRecords: 15_000,
        from: '2025-01-01',
        to: '2025-06-30',
      }),
      { system: 'crash-test', exportedAt: '2025-06-30T18:00:00+07:00' },
    );
    copyFileSync(file, join(refFixture.inbox, 'agency.json'));
    copyFileSync(file, join(crashFixture.inbox, 'agency.json'));
  });
  afterAll(async () => {
    await reference.drop();
    await crashed.drop();
  });

  it('resumes from the last committed batch and ends exactly as an uninterrupted run', async () => {
    // The uninterrupted run.
    const ctx = await openServices(env(reference, refFixture));
    await ctx.sync.run(ctx.sources[0], 'manual', 'manual:reference');
    await ctx.close();

    // The same sync in a worker process, killed with SIGKILL once a few batches are committed.
    const child = spawn(process.execPath, [CLI, 'sync', '--source', 'big'], {
      env: env(crashed, crashFixture),
      stdio: 'ignore',
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on('exit', (_code, signal) => resolve(signal)),
    );
    let batches = 0;
    for (let i = 0; i < 1500 && batches < 5; i++) {
      await new Promise((r) => setTimeout(r, 20));
      const rows = await query<{ batches: number }>(crashed.url, 'SELECT batches FROM sync_runs').catch(
        () => [],
      );
      batches = rows[0]?.batches ?? 0;
    }
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    const [killed] = await query<{ status: string; batches: number }>(
      crashed.url,
      'SELECT status, batches FROM sync_runs',
    );
    // It really died mid-file: the run never finished and the file was not moved.
    expect(killed.status).toBe('running');
    expect(killed.batches).toBeGreaterThanOrEqual(5);
    expect(readdirSync(crashFixture.inbox)).toContain('agency.json');

    // Restarted, it picks up from the stored cursor.
    const again = await openServices(env(crashed, crashFixture));
    const resumed = await again.sync.run(again.sources[0], 'manual', 'manual:after-crash');
    await again.close();
    const [ref] = await query<{ seen: number }>(reference.url, 'SELECT seen FROM sync_runs');
    // Nothing read twice: the two runs together saw exactly what the uninterrupted one saw.
    expect(killed.batches * 100 + resumed!.counts.seen).toBeLessThanOrEqual(ref.seen + 100);
    expect(killed.batches * 100 + resumed!.counts.seen).toBeGreaterThanOrEqual(ref.seen);
    expect(readdirSync(join(crashFixture.inbox, 'processed'))).toEqual(['agency.json']);
    expect(await snapshot(crashed.url)).toEqual(await snapshot(reference.url));
  }, 120_000);
});
