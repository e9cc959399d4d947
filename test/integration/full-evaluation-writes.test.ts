/**
 * What a full evaluation writes (issue 13): the first, over an empty table, loads it in bulk and
 * leaves the schema as the entities describe it; a second with nothing changed rewrites no
 * obligation and adds no history; a day off rewrites exactly the obligations it moves, with a
 * history row for each whose due date or status moved. Checked by each row's `xmin` (the
 * transaction that last wrote it) and the history table, on a generated agency in real Postgres.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestServices } from './support/services.js';
import { openServices } from './support/services.js';
import { runImport } from '../../src/cli/service.commands.js';
import { exportInstantOf, generateAgency } from '../../src/demo/agency-generator.js';
import { writeBundle } from '../../src/demo/bundle-writer.js';
import { parseInstant } from '../../src/domain/time.js';
import { CalendarService } from '../../src/modules/settings/calendar.service.js';
import { Reevaluation } from '../../src/modules/settings/reevaluation.js';
import { capture } from './support/cli-io.js';
import { storedAndRecomputed } from './support/stored-obligations.js';
import { createTestDatabase, query, type TestDatabase } from './support/test-database.js';

/** Friday 16 May 2025, late afternoon: much is due in the weeks after. */
const AS_OF = '2025-05-16T17:00:00+07:00';

interface StoredRow {
  id: string;
  xmin: string;
  /** Every column but as_of and evaluation_id, as text. */
  content: string;
  due: string | null;
  status: string;
}

describe('what a full evaluation writes (real Postgres)', () => {
  let db: TestDatabase;
  let dir: string;
  let ctx: TestServices;

  const rows = async () =>
    new Map(
      (
        await query<StoredRow>(
          db.url,
          `SELECT id, xmin::text AS xmin, due_date::text AS due, status,
                  concat_ws('|', rule, subject_id, task_id, unit_id, person_id, due_date, status, done_at,
                            working_days_late, tight, phase_id, details::text) AS content
           FROM obligations`,
        )
      ).map((r) => [r.id, r]),
    );
  const historyCount = async () =>
    (await query<{ n: number }>(db.url, 'SELECT count(*)::int AS n FROM obligation_history'))[0].n;

  beforeAll(async () => {
    db = await createTestDatabase();
    dir = await mkdtemp(join(tmpdir(), 'dunghan-full-writes-'));
    const file = join(dir, 'agency.bundle.json');
    await writeBundle(
      file,
      generateAgency({
        seed: 'full-writes',
        units: 6,
        people: 40,
        targetRecords: 2500,
        from: '2025-03-01',
        to: '2025-05-16',
      }),
      { system: 'generated', exportedAt: exportInstantOf('2025-05-16') },
    );
    const env = { DATABASE_URL: db.url, DUNGHAN_CLOCK: AS_OF, DUNGHAN_WORKER_NAME: 'test' };
    const imported = await capture((io) => runImport({ bundle: [file], asOf: AS_OF }, io), env);
    expect(imported.code).toBe(0);
    ctx = await openServices(env);
  }, 120_000);
  afterAll(async () => {
    await ctx?.close();
    await db?.drop();
    await rm(dir, { recursive: true, force: true });
  });

  it('loads the first evaluation whole: every obligation and its appearance stored, the indexes as the entities describe them', async () => {
    const stored = await rows();
    // Enough for the bulk load (obligation-store.ts, BULK_LOAD_MIN).
    expect(stored.size).toBeGreaterThan(1000);
    expect(await historyCount()).toBe(stored.size);
    const { stored: obligations, recomputed } = await storedAndRecomputed(ctx);
    expect(obligations).toEqual(recomputed);
    const pending = await ctx.dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
    const [{ visible }] = await query<{ visible: boolean }>(
      db.url,
      `SELECT (SELECT relallvisible FROM pg_class WHERE relname = 'obligations') > 0 AS visible`,
    );
    expect(visible).toBe(true);
  });

  it('a second full evaluation with nothing changed rewrites no obligation and adds no history', async () => {
    const before = await rows();
    const history = await historyCount();
    const summary = await ctx.evaluation.evaluate(parseInstant(AS_OF)!, 'test', 'full');
    expect(summary).toMatchObject({ scope: 'full', changed: 0, removed: 0 });
    expect(summary.obligations).toBe(before.size);
    const after = await rows();
    expect([...after.values()].filter((r) => before.get(r.id)?.xmin !== r.xmin)).toEqual([]);
    expect(after.size).toBe(before.size);
    expect(await historyCount()).toBe(history);
  });

  it('a day off rewrites exactly the obligations it moves, and records those whose due date or status moved', async () => {
    const before = await rows();
    const history = await historyCount();
    await ctx.nest
      .get(CalendarService)
      .override('2025-05-20', { kind: 'off', name: 'Nghỉ bù (kiểm thử)' }, 'test-admin');
    await ctx.nest.get(Reevaluation).settled();
    const after = await rows();
    expect(after.size).toBe(before.size);
    const rewritten = [...after.values()].filter((r) => before.get(r.id)!.xmin !== r.xmin).map((r) => r.id);
    const differ = [...after.values()]
      .filter((r) => before.get(r.id)!.content !== r.content)
      .map((r) => r.id);
    expect(differ.length).toBeGreaterThan(0);
    expect(rewritten.sort()).toEqual(differ.sort());
    const moved = [...after.values()]
      .filter((r) => before.get(r.id)!.due !== r.due || before.get(r.id)!.status !== r.status)
      .map((r) => r.id);
    expect(moved.length).toBeGreaterThan(0);
    const recorded = await query<{ obligation_id: string }>(
      db.url,
      `SELECT obligation_id FROM obligation_history
       WHERE evaluation_id = (SELECT max(id) FROM evaluations) ORDER BY obligation_id`,
    );
    expect(recorded.map((r) => r.obligation_id).sort()).toEqual(moved.sort());
    expect(await historyCount()).toBe(history + moved.length);
    const { stored, recomputed } = await storedAndRecomputed(ctx);
    expect(stored).toEqual(recomputed);
  });

  it('loads an emptied table in bulk while keeping the history: each obligation appears again, once', async () => {
    const count = (await rows()).size;
    const history = await historyCount();
    await query(db.url, 'DELETE FROM obligations');
    const summary = await ctx.evaluation.evaluate(parseInstant(AS_OF)!, 'test', 'full');
    expect(summary).toMatchObject({ scope: 'full', changed: count, removed: 0 });
    expect(await historyCount()).toBe(history + count);
    const [{ appeared }] = await query<{ appeared: number }>(
      db.url,
      `SELECT count(*)::int AS appeared FROM obligation_history
       WHERE evaluation_id = (SELECT max(id) FROM evaluations) AND previous_status IS NULL AND status IS NOT NULL`,
    );
    expect(appeared).toBe(count);
    const { stored, recomputed } = await storedAndRecomputed(ctx);
    expect(stored).toEqual(recomputed);
    const pending = await ctx.dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });
});
