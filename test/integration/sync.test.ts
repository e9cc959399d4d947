import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestServices } from './support/services.js';
import { openServices } from './support/services.js';
import { SourceBusyError } from '../../src/modules/sync/sync.service.js';
import { exampleBundle } from '../factories/bundle.factory.js';
import { storedAndRecomputed } from './support/stored-obligations.js';
import { folderSource, type FolderSource } from './support/sync-fixture.js';
import { createTestDatabase, query, type TestDatabase } from './support/test-database.js';

const CLOCK = '2024-05-08T17:00:00+07:00';

describe('sync from a bundle folder (real Postgres)', () => {
  let db: TestDatabase;
  let fixture: FolderSource;
  let ctx: TestServices;
  beforeAll(async () => {
    db = await createTestDatabase();
    fixture = folderSource('inbox', { batchSize: 7 });
    ctx = await openServices({
      DATABASE_URL: db.url,
      DUNGHAN_CONFIG_DIR: fixture.configDir,
      DUNGHAN_DATA_DIR: fixture.root,
      DUNGHAN_CLOCK: CLOCK,
      DUNGHAN_WORKER_NAME: 'test',
    });
  });
  afterAll(async () => {
    await ctx.close();
    await db.drop();
  });
  const source = () => ctx.sources[0];

  it('imports the folder’s bundles in order, in batches, keeps rejections, and moves the files', async () => {
    const b = exampleBundle();
    const organisation = {
      format: b.format,
      source: b.source,
      units: b.units,
      people: b.people,
      documents: b.documents,
    };
    const work = {
      format: b.format,
      source: b.source,
      tasks: [...b.tasks, { id: 'bad', unitId: 'VP', assignedAt: '2024-03-04T09:00:00' }],
      drafts: b.drafts,
      weeklySchedules: b.weeklySchedules,
      mailboxes: b.mailboxes,
    };
    writeFileSync(join(fixture.inbox, '2024-05-08-a.json'), JSON.stringify(organisation));
    writeFileSync(join(fixture.inbox, '2024-05-08-b.json'), JSON.stringify(work));

    const summary = await ctx.sync.run(source(), 'manual', 'manual:first');
    expect(summary!.counts).toMatchObject({ seen: 26, inserted: 25, updated: 0, rejected: 1 });
    expect(summary!.counts.batches).toBeGreaterThanOrEqual(4);
    expect(readdirSync(join(fixture.inbox, 'processed')).sort()).toEqual([
      '2024-05-08-a.json',
      '2024-05-08-b.json',
    ]);
    const rejections = await ctx.syncStore.rejections(summary!.runId);
    expect(rejections.map((r) => r.messageEn)).toEqual([
      expect.stringMatching(
        /2024-05-08-b\.json \[1–7 \/ 13\]: task bad, field assignedAt: timestamp 2024-03-04T09:00:00 has no UTC offset/,
      ),
    ]);
    const [run] = await ctx.syncStore.runs('inbox', 1);
    expect(run).toMatchObject({ status: 'succeeded', seen: 26, inserted: 25, rejected: 1 });
    expect(run.durationMs).not.toBeNull();
  });

  it('evaluates as of DUNGHAN_CLOCK when it is set', async () => {
    const [latest] = await query<{ as_of: Date }>(
      db.url,
      'SELECT as_of FROM evaluations ORDER BY id DESC LIMIT 1',
    );
    expect(latest.as_of.toISOString()).toBe('2024-05-08T10:00:00.000Z');
  });

  it('stores exactly what a full evaluation of the stored data gives', async () => {
    const { stored, recomputed } = await storedAndRecomputed(ctx);
    expect(stored.length).toBeGreaterThan(50);
    expect(stored).toEqual(recomputed);
  });

  it('does nothing on a second run with nothing new', async () => {
    const summary = await ctx.sync.run(source(), 'manual', 'manual:second');
    expect(summary!.counts).toMatchObject({ seen: 0, inserted: 0, updated: 0, deleted: 0 });
  });

  it('refuses to run a source another process is syncing (its cursor is not shared)', async () => {
    await ctx.syncStore.withSourceLock('inbox', false, async () => {
      await expect(ctx.sync.run(source(), 'manual', 'manual:concurrent')).rejects.toThrow(SourceBusyError);
    });
    expect(await ctx.sync.run(source(), 'manual', 'manual:after-lock')).not.toBeNull();
  });

  it('runs a key once: the same nightly key a second time is a no-op', async () => {
    expect(await ctx.sync.run(source(), 'schedule', 'nightly:2024-05-09')).not.toBeNull();
    expect(await ctx.sync.run(source(), 'schedule', 'nightly:2024-05-09')).toBeNull();
  });

  it('re-evaluates only the affected subjects, and the result equals a full evaluation', async () => {
    const b = exampleBundle();
    const e2 = {
      ...b.tasks.find((t) => t.id === 'e2'),
      plan: { reportedAt: '2024-05-06T10:00:00+07:00', targetDate: '2024-05-20' },
    };
    writeFileSync(
      join(fixture.inbox, '2024-05-08-c.json'),
      JSON.stringify({
        format: b.format,
        source: b.source,
        tasks: [e2],
        deleted: [{ kind: 'document', id: 'e6p' }],
      }),
    );
    const summary = await ctx.sync.run(source(), 'manual', 'manual:third');
    expect(summary!.counts).toMatchObject({ updated: 1, deleted: 1 });
    expect(summary!.evaluation).toMatchObject({ scope: 'affected', removed: 1 });
    const { stored, recomputed } = await storedAndRecomputed(ctx);
    expect(stored).toEqual(recomputed);
    const history = await query<{ previous_status: string; status: string }>(
      db.url,
      `SELECT previous_status, status FROM obligation_history WHERE obligation_id = 'plan:e2' ORDER BY id`,
    );
    expect(history).toEqual([
      { previous_status: null, status: 'overdue' },
      { previous_status: 'overdue', status: 'met' },
    ]);
  });

  it('rejects a file that is not JSON, moves it aside and says why', async () => {
    writeFileSync(join(fixture.inbox, '2024-05-08-d.json'), '{"format": "dunghan.bundle.v1", "tasks": [');
    const summary = await ctx.sync.run(source(), 'manual', 'manual:fourth');
    expect(existsSync(join(fixture.inbox, 'rejected', '2024-05-08-d.json'))).toBe(true);
    const rejections = await ctx.syncStore.rejections(summary!.runId);
    expect(rejections.map((r) => r.messageVi).join('\n')).toMatch(/2024-05-08-d\.json.*JSON/);
  });
});
