/**
 * `dunghan import` of a full bundle, then of an incremental one (changed records plus `deleted`,
 * whose units and documents are in the first), ends with what a bundle-folder sync of the same two
 * files stores: the reference rules judge both against what is stored.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openServices } from './support/services.js';
import { runImport } from '../../src/cli/service.commands.js';
import { exampleBundle, writeBundle } from '../factories/bundle.factory.js';
import { capture } from './support/cli-io.js';
import { folderSource } from './support/sync-fixture.js';
import { createTestDatabase, query, type TestDatabase } from './support/test-database.js';

const AS_OF = '2024-05-08T17:00:00+07:00';

/** The day after the full export: a task finished, one re-planned, new work, two deletions, one bad task. */
function incremental() {
  const full = exampleBundle();
  const e2 = full.tasks.find((t) => t.id === 'e2')!;
  const e4d = full.drafts.find((d) => d.id === 'e4d')!;
  return {
    format: full.format,
    source: { system: 'example', exportedAt: '2024-05-09T18:00:00+07:00' },
    tasks: [
      { ...e2, completedAt: '2024-05-06T16:00:00+07:00' },
      {
        id: 'n1',
        documentId: 'e6p',
        title: 'Nhiệm vụ mới n1',
        assignerId: 'GD',
        unitId: 'VP',
        assigneeId: 'CV1',
        assignedAt: '2024-04-22T09:00:00+07:00',
        deadline: '2024-04-30',
      },
      // Handles the confidential document of the first bundle: kept as its id and link only.
      {
        id: 'n2',
        documentId: 'e6c',
        title: 'Xử lý văn bản mật',
        unitId: 'BCVT',
        assigneeId: 'CV2',
        assignedAt: '2024-04-22T09:00:00+07:00',
        deadline: '2024-04-25',
      },
      { id: 'bad', title: 'Đơn vị không có', unitId: 'NOPE', assignedAt: '2024-04-22T09:00:00+07:00' },
    ],
    drafts: [
      { ...e4d, submittedToLeadershipAt: '2024-04-22T08:00:00+07:00' },
      {
        id: 'n1d',
        taskId: 'n1',
        drafterId: 'CV1',
        unitId: 'VP',
        submittedToUnitAt: '2024-04-26T10:00:00+07:00',
      },
    ],
    weeklySchedules: [{ unitId: 'BCVT', week: '2024-W19', publishedAt: '2024-05-06T11:00:00+07:00' }],
    mailboxes: [
      { personId: 'CV2', address: 'dungtv.bcvt@gmail.com', lastActiveAt: '2024-05-08T08:00:00+07:00' },
    ],
    deleted: [
      { kind: 'task', id: 'e1' },
      { kind: 'draft', id: 'e5a' },
    ],
  };
}

/** Every stored record table, every column but the run that wrote it, and the obligations. */
async function stored(url: string) {
  const rows = (table: string, order: string) =>
    query(url, `SELECT to_jsonb(r) - 'run_id' AS row FROM ${table} r ORDER BY ${order}`);
  return {
    units: await rows('units', 'id'),
    people: await rows('people', 'id'),
    documents: await rows('documents', 'id'),
    tasks: await rows('tasks', 'id'),
    deadlineChanges: await rows('task_deadline_changes', 'task_id, seq'),
    drafts: await rows('drafts', 'id'),
    reviewRounds: await rows('review_rounds', 'draft_id, seq'),
    weeklySchedules: await rows('weekly_schedules', 'unit_id, week'),
    mailboxes: await rows('mailbox_observations', 'person_id, address, last_active_at'),
    obligations: await query(
      url,
      `SELECT id, rule, subject_id, unit_id, person_id, due_date::text, status, working_days_late, tight,
              phase_id, details, done_at
       FROM obligations ORDER BY id COLLATE "C"`,
    ),
  };
}

describe('dunghan import of an incremental bundle (real Postgres)', () => {
  let imported: TestDatabase;
  let synced: TestDatabase;
  beforeAll(async () => {
    [imported, synced] = await Promise.all([createTestDatabase(), createTestDatabase()]);
  });
  afterAll(async () => {
    await imported.drop();
    await synced.drop();
  });

  it('stores exactly what a bundle-folder sync of the same two files stores, and counts the rejected', async () => {
    const fullFile = writeBundle(exampleBundle(), 'full.json');
    const incrementalFile = writeBundle(incremental(), 'incremental.json');

    const env = { DATABASE_URL: imported.url, DUNGHAN_WORKER_NAME: 'test' };
    const first = await capture((io) => runImport({ bundle: [fullFile], asOf: AS_OF }, io), env);
    expect(first.code).toBe(0);
    const second = await capture(
      (io) => runImport({ bundle: [incrementalFile], asOf: AS_OF, lang: 'en' }, io),
      env,
    );
    expect(second.code).toBe(0);
    expect(second.stderr).toContain('task bad, field unitId: unit NOPE is not in the imported data');
    expect(second.stderr).not.toMatch(/task (e2|n1)|draft (e4d|n1d)|weeklySchedule/);
    expect(second.stdout).toMatch(/Imported \(run \d+\): .* 1 rejected\./);

    const fixture = folderSource('inbox');
    writeFileSync(join(fixture.inbox, '2024-05-08-full.json'), JSON.stringify(exampleBundle()));
    writeFileSync(join(fixture.inbox, '2024-05-09-incremental.json'), JSON.stringify(incremental()));
    const ctx = await openServices({
      DATABASE_URL: synced.url,
      DUNGHAN_CONFIG_DIR: fixture.configDir,
      DUNGHAN_DATA_DIR: fixture.root,
      DUNGHAN_CLOCK: AS_OF,
      DUNGHAN_WORKER_NAME: 'test',
    });
    try {
      const summary = await ctx.sync.run(ctx.sources[0], 'manual', 'manual:both');
      expect(summary!.counts).toMatchObject({ deleted: 2, rejected: 1 });
    } finally {
      await ctx.close();
    }

    const fromSync = await stored(synced.url);
    expect(fromSync.tasks.map((t) => (t.row as { id: string }).id)).toEqual(['e2', 'e3', 'e4', 'n1', 'n2']);
    expect(fromSync.tasks.find((t) => (t.row as { id: string }).id === 'n2')?.row).toMatchObject({
      secret: true,
      title: null,
      assignee_id: null,
    });
    expect(await stored(imported.url)).toEqual(fromSync);
  });

  it('counts a rejected record in its summary when nothing else of the bundle is kept', async () => {
    const file = writeBundle(
      {
        format: 'dunghan.bundle.v1',
        source: { system: 'example', exportedAt: '2024-05-09T18:00:00+07:00' },
        tasks: [{ id: 'lost', unitId: 'NOWHERE', assignedAt: '2024-04-22T09:00:00+07:00' }],
      },
      'only-bad.json',
    );
    const env = { DATABASE_URL: imported.url, DUNGHAN_WORKER_NAME: 'test' };
    const result = await capture((io) => runImport({ bundle: [file], asOf: AS_OF }, io), env);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Đã nhập \(lượt \d+\): thêm 0, cập nhật 0, không đổi 0, bị loại 1\./);
    const [run] = await query<{ rejected: number }>(
      imported.url,
      'SELECT rejected FROM sync_runs ORDER BY id DESC LIMIT 1',
    );
    expect(run.rejected).toBe(1);
  });
});
