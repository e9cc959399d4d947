import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { runEvaluate } from '../../src/cli/evaluate.command.js';
import { runImport, runObligations } from '../../src/cli/service.commands.js';
import { EXAMPLE_BUNDLE, exampleBundle, writeBundle } from '../factories/bundle.factory.js';
import { capture } from './support/cli-io.js';
import { createTestDatabase, query, type TestDatabase } from './support/test-database.js';

const ASOF = '2024-05-08T17:00:00+07:00';

describe('dunghan import, then dunghan obligations (real Postgres)', () => {
  let db: TestDatabase;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    db = await createTestDatabase();
    env = { DATABASE_URL: db.url, DUNGHAN_WORKER_NAME: 'test' };
  });
  afterAll(() => db.drop());

  it('prints the same obligations as dunghan evaluate on the same file', async () => {
    const imported = await capture((io) => runImport({ bundle: [EXAMPLE_BUNDLE], asOf: ASOF }, io), env);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toMatch(/Đã nhập \(lượt \d+\): thêm 25, cập nhật 0, không đổi 0, bị loại 0/);
    const stored = await capture((io) => runObligations({ asOf: ASOF }, io), env);
    const offline = await capture((io) => runEvaluate({ bundle: [EXAMPLE_BUNDLE], asOf: ASOF }, io), env);
    expect(stored.code).toBe(0);
    expect(stored.stdout).toBe(offline.stdout);
  });

  it('stores, after the import’s evaluation, exactly the obligations evaluate computes', async () => {
    const offline = JSON.parse(
      (await capture((io) => runEvaluate({ bundle: [EXAMPLE_BUNDLE], asOf: ASOF }, io), env)).stdout,
    ) as {
      obligations: Record<string, unknown>[];
    };
    const rows = await query<Record<string, unknown>>(
      db.url,
      `SELECT id, rule, subject_id AS "subjectId", unit_id AS "unitId", person_id AS "personId", due_date::text AS "dueDate", status,
              working_days_late AS "workingDaysLate", tight, phase_id AS "phaseId", details
       FROM obligations ORDER BY id COLLATE "C"`,
    );
    const pick = (o: Record<string, unknown>) => {
      const { doneAt: _d, ...rest } = o;
      return rest;
    };
    expect(rows).toEqual(offline.obligations.map(pick));
    const history = await query<{ n: string }>(
      db.url,
      `SELECT count(*)::text AS n FROM obligation_history WHERE previous_status IS NULL`,
    );
    expect(Number(history[0].n)).toBe(rows.length);
  });

  it('leaves the rewritten obligations vacuumed and analyzed, so the API reads them by index at once', async () => {
    const [stats] = await query<{ vacuumed: boolean; analyzed: boolean }>(
      db.url,
      `SELECT last_vacuum IS NOT NULL AS vacuumed, last_analyze IS NOT NULL AS analyzed
       FROM pg_stat_user_tables WHERE relname = 'obligations'`,
    );
    expect(stats).toEqual({ vacuumed: true, analyzed: true });
  });

  it('changes nothing when the same bundle is imported again', async () => {
    const before = await query(db.url, 'SELECT id, hash FROM tasks ORDER BY id');
    const again = await capture((io) => runImport({ bundle: [EXAMPLE_BUNDLE], asOf: ASOF }, io), env);
    expect(again.stdout).toMatch(/thêm 0, cập nhật 0, không đổi 25, bị loại 0.*0 thay đổi/s);
    expect(await query(db.url, 'SELECT id, hash FROM tasks ORDER BY id')).toEqual(before);
  });

  it('keeps a rejected record’s reason with the run and still imports the good ones', async () => {
    const bundle = exampleBundle();
    bundle.tasks.find((t) => t.id === 'e2')!.unitId = 'NOPE';
    const file = writeBundle(bundle, 'one-bad-task.json');
    const result = await capture((io) => runImport({ bundle: [file], asOf: ASOF, lang: 'en' }, io), env);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('task e2, field unitId: unit NOPE is not in the imported data');
    const [run] = await query<{ id: string; rejected: number }>(
      db.url,
      'SELECT id, rejected FROM sync_runs ORDER BY id DESC LIMIT 1',
    );
    expect(run.rejected).toBe(1);
    const messages = await query<{ message_vi: string }>(
      db.url,
      'SELECT message_vi FROM sync_rejections WHERE run_id = $1',
      [run.id],
    );
    expect(messages.map((m) => m.message_vi)).toEqual([
      expect.stringContaining(
        'công việc (task) e2, trường unitId: đơn vị NOPE không có trong dữ liệu đã nhập',
      ),
    ]);
  });

  it('never stores a confidential document’s number, subject, or its task’s title and people', async () => {
    const bundle = exampleBundle();
    const secret = bundle.documents.find((d) => d.id === 'e6c')!;
    secret.number = '99/TUYETMAT-QQQ';
    secret.subject = 'Phương án tác chiến ZZZKIN';
    bundle.tasks.push({
      id: 'tmat',
      documentId: 'e6c',
      title: 'Xử lý ZZZKIN',
      unitId: 'VP',
      assignerId: 'GD',
      assigneeId: 'CV1',
      assignedAt: '2024-03-05T11:00:00+07:00',
      deadline: '2024-03-08',
    });
    bundle.drafts.push({
      id: 'drmat',
      taskId: 'tmat',
      drafterId: 'CV1',
      unitId: 'VP',
      submittedToUnitAt: '2024-03-06T10:00:00+07:00',
    });
    const file = writeBundle(bundle, 'with-secret.json');
    expect((await capture((io) => runImport({ bundle: [file], asOf: ASOF }, io), env)).code).toBe(0);

    // Search every text and JSON column of every table.
    const columns = await query<{ table_name: string; column_name: string }>(
      db.url,
      `SELECT table_name, column_name FROM information_schema.columns
       WHERE table_schema = 'public' AND data_type IN ('text', 'jsonb', 'character varying')`,
    );
    for (const { table_name, column_name } of columns) {
      const hits = await query(
        db.url,
        `SELECT 1 FROM "${table_name}" WHERE "${column_name}"::text ~ '(TUYETMAT|ZZZKIN)' LIMIT 1`,
      );
      expect({ table_name, column_name, hits: hits.length }).toEqual({ table_name, column_name, hits: 0 });
    }
    const [doc] = await query(db.url, 'SELECT * FROM documents WHERE id = $1', ['e6c']);
    expect(
      Object.entries(doc)
        .filter(([k, v]) => v !== null && !['hash', 'run_id'].includes(k))
        .map(([k]) => k)
        .sort(),
    ).toEqual(['confidentiality', 'date', 'direction', 'id']);
    const [task] = await query(db.url, 'SELECT * FROM tasks WHERE id = $1', ['tmat']);
    expect(task).toMatchObject({
      secret: true,
      document_id: 'e6c',
      title: null,
      assignee_id: null,
      assigned_at: null,
      unit_id: null,
    });
    const [draft] = await query(db.url, 'SELECT * FROM drafts WHERE id = $1', ['drmat']);
    expect(draft).toMatchObject({
      secret: true,
      task_id: 'tmat',
      drafter_id: null,
      submitted_to_unit_at: null,
    });
    expect(
      await query(db.url, `SELECT id FROM obligations WHERE subject_id IN ('e6c', 'tmat', 'drmat')`),
    ).toEqual([]);
  });
});
