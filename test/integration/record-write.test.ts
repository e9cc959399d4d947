import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import type { TestServices } from './support/services.js';
import { openServices } from './support/services.js';
import { emptyBatch } from '../../src/domain/bundle/record-batch.js';
import type { Dataset, OpenDocument } from '../../src/domain/model.js';
import { CommittedReferences } from '../../src/infra/store/sync-store.js';
import { dataset } from '../factories/dataset.factory.js';
import { createTestDatabase, query, type TestDatabase } from './support/test-database.js';

/** A dataset whose values test the binary forms: text to escape, dates and instants before 2000, nulls. */
function awkward(): Dataset {
  return dataset({
    people: [{ id: 'NV', name: 'Nguyễn Văn "Bê" \\ Ư', email: null, role: null, active: false }],
    documents: [
      {
        id: 'D1',
        subject: 'V/v "báo cáo" \\ tổng kết năm — 💼',
        number: '12/BC-UBND',
        deadline: '1999-12-31',
      },
      { id: 'D2', direction: 'outgoing', date: '1998-02-03', issuedAt: '1999-12-31T23:59:59.123Z' },
      { id: 'D3', confidentiality: 'secret', date: '2025-01-02' },
      { id: 'D4', receivedAt: null, unitId: null },
    ],
    tasks: [
      {
        id: 'T1',
        documentId: 'D1',
        assignedAt: '1970-01-01T00:00:00.001Z',
        deadline: '2025-03-10',
        deadlineChanges: [
          { deadline: '2025-03-17', at: '2025-03-09 17:00' },
          { deadline: '2025-03-24', at: '2025-03-16 17:00' },
        ],
        plan: { reportedAt: null, targetDate: '2025-03-05' },
      },
      { id: 'T2', documentId: 'D3', assignedAt: '2025-01-03 08:00' },
      { id: 'T3', assignedAt: '2025-01-03 08:00', assigneeId: null, cancelledAt: '2025-02-01 10:00' },
    ],
    drafts: [
      {
        id: 'R1',
        taskId: 'T1',
        legalNormative: true,
        reviewRounds: ['2025-03-04 09:00', '2025-03-05 09:00'],
      },
      { id: 'R2', taskId: 'T3', submittedToUnitAt: '2025-01-10 10:00' },
    ],
    schedules: [{ unitId: 'VP', week: '2025-W02', publishedAt: '2025-01-03 16:00' }],
    mailboxes: [
      { personId: 'CV', address: 'chaunm@hanam.gov.vn', lastActiveAt: null },
      { personId: 'CV', address: 'chaunm@hanam.gov.vn', lastActiveAt: '2025-01-06 08:00' },
    ],
  });
}

/** What storage gives back, in the engine's shape, in a stable order. */
async function stored(ctx: TestServices) {
  const ds = await ctx.obligationStore.loadDataset();
  const sorted = <T extends { id: string }>(m: Map<string, T>) =>
    [...m.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
  return {
    units: sorted(ds.units),
    people: sorted(ds.people),
    documents: sorted(ds.documents),
    tasks: sorted(ds.tasks),
    drafts: sorted(ds.drafts),
    weeklySchedules: [...ds.weeklySchedules.values()],
    mailboxes: ds.mailboxes,
  };
}

/** What the import was given, as storage keeps it: a secret document's tasks as id and link only. */
function expected(ds: Dataset) {
  const sorted = <T extends { id: string }>(m: Map<string, T>) =>
    [...m.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
  return {
    units: sorted(ds.units),
    people: sorted(ds.people),
    documents: sorted(ds.documents),
    tasks: sorted(ds.tasks).map((t) =>
      t.documentId === 'D3'
        ? {
            id: t.id,
            documentId: 'D3',
            title: null,
            assignerId: null,
            unitId: '',
            assigneeId: null,
            assignedAt: 0,
            deadline: null,
            deadlineChanges: [],
            plan: null,
            completedAt: null,
            cancelledAt: null,
            secret: true,
          }
        : t,
    ),
    drafts: sorted(ds.drafts),
    weeklySchedules: [...ds.weeklySchedules.values()],
    mailboxes: ds.mailboxes,
  };
}

describe('writing records to Postgres: new rows by COPY, the rest by upsert', () => {
  let db: TestDatabase;
  let ctx: TestServices;
  beforeAll(async () => {
    db = await createTestDatabase();
    ctx = await openServices({ DATABASE_URL: db.url, DUNGHAN_WORKER_NAME: 'test' });
  });
  afterAll(async () => {
    await ctx.close();
    await db.drop();
  });

  const importRun = async (ds: Dataset) => {
    const runId = await ctx.syncStore.startRun('import', 'bundle-file', `t:${Math.random()}`, 'test', 'w');
    return ctx.sync.importDataset(runId!, ds, 'test', []);
  };

  it('gives back every value it was given, whether the row was new or changed', async () => {
    const first = awkward();
    const counts = await importRun(first);
    expect(counts).toMatchObject({ inserted: 16, updated: 0, unchanged: 0 });
    expect(await stored(ctx)).toEqual(expected(first));

    const second = awkward();
    const d1 = second.documents.get('D1') as OpenDocument;
    second.documents.set('D1', { ...d1, subject: 'Đã sửa: "trích yếu" \\ mới', channel: 'paper' });
    const t1 = second.tasks.get('T1')!;
    second.tasks.set('T1', {
      ...t1,
      deadlineChanges: [...t1.deadlineChanges, { deadline: t1.deadline! + 21, at: t1.assignedAt + 1 }],
    });
    second.drafts.set('R3', { ...second.drafts.get('R2')!, id: 'R3' });
    const again = await importRun(second);
    expect(again).toMatchObject({ inserted: 1, updated: 2, unchanged: 14 });
    expect(await stored(ctx)).toEqual(expected(second));
  });

  it('leaves one mark asking for a full evaluation, so an import that stops before its own still gets one', async () => {
    expect(await query(db.url, 'SELECT kind, subject_id FROM sync_pending_subjects')).toEqual([
      { kind: 'unit', subject_id: '*' },
    ]);
    const evaluation = await ctx.evaluation.evaluate(ctx.now(), 'test', 'pending');
    expect(evaluation.scope).toBe('full');
    expect(await query(db.url, 'SELECT kind FROM sync_pending_subjects')).toEqual([]);
  });

  it('updates a row another writer inserts while the batch is written, instead of failing it', async () => {
    const runId = (await ctx.syncStore.startRun('import', 'bundle-file', 'race', 'test', 'w'))!;
    const doc = { ...(awkward().documents.get('D1') as OpenDocument), id: 'RACE' };
    const batch = emptyBatch();
    batch.documents.push(doc);
    const prepared = await ctx.syncStore.prepare(
      {
        runId,
        source: 'import',
        label: 'race',
        batch,
        judged: { told: [] },
        adapterIssues: [],
        cursor: null,
        seen: 1,
      },
      true,
    );
    // Another writer inserts the same key and holds it uncommitted: the COPY waits for it.
    const other = new pg.Client({ connectionString: db.url });
    await other.connect();
    await other.query('BEGIN');
    await other.query(
      `INSERT INTO documents (id, direction, confidentiality, date, hash) VALUES ('RACE', 'incoming', 'normal', '2025-01-01', 'other')`,
    );
    const commit = ctx.syncStore.commitPrepared(prepared, new CommittedReferences());
    for (let i = 0; i < 200; i++) {
      const [{ waiting }] = await query<{ waiting: number }>(
        db.url,
        `SELECT count(*)::int AS waiting FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
      );
      if (waiting > 0) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    await other.query('COMMIT');
    await other.end();
    const { counts } = await commit;
    expect(counts).toMatchObject({ inserted: 0, updated: 1 });
    const [row] = await query<{ subject: string; hash: string }>(
      db.url,
      `SELECT subject, hash FROM documents WHERE id = 'RACE'`,
    );
    expect(row.subject).toBe(doc.subject);
    expect(row.hash).not.toBe('other');
  });
});
