/**
 * A document re-sent as confidential after a reminder named it (issue 11, finding 9): its number,
 * subject and its task's title must then be found nowhere — not in any table of the database, not
 * in `dunghan sent`. Real Postgres; the reminder goes to the file outbox.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runImport, runSync } from '../../../src/cli/service.commands.js';
import { runDigest } from '../../../src/cli/digest.command.js';
import { runRemind, runSent } from '../../../src/cli/remind.command.js';
import { exampleBundle, writeBundle } from '../../factories/bundle.factory.js';
import { capture } from '../support/cli-io.js';
import { folderSource, type FolderSource } from '../support/sync-fixture.js';
import { createTestDatabase, query, type TestDatabase } from '../support/test-database.js';

/** Wed 8 May 2024: task rc-task (assigned Mon 6 May) has its plan due Thu 9 May — reminded today. */
const SLOT = '2024-05-08T08:00:00+07:00';
const MARKS = ['88/QQQSOON-UBND', 'Đề án QQQSUBJ & <bảo vệ>', 'Góp ý đề án QQQTITLE & "số liệu"'];
/** A mark as it stands in HTML. */
const escaped = (m: string) =>
  m.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Every row of every table of the public schema, as text, with the table's name. */
async function everyRow(url: string): Promise<{ table: string; row: string }[]> {
  const tables = await query<{ tablename: string }>(
    url,
    "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename",
  );
  const out: { table: string; row: string }[] = [];
  for (const { tablename } of tables) {
    const rows = await query<{ row: string }>(url, `SELECT t::text AS row FROM "${tablename}" t`);
    for (const r of rows) out.push({ table: tablename, row: r.row });
  }
  return out;
}

const mentions = (rows: { table: string; row: string }[]) =>
  rows.filter((r) =>
    MARKS.some((m) => r.row.includes(m) || r.row.includes(escaped(m)) || r.row.includes('QQQ')),
  );

describe('a document reclassified as confidential after a reminder named it', () => {
  let db: TestDatabase;
  let fixture: FolderSource;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    db = await createTestDatabase();
    fixture = folderSource('kho');
    env = {
      DATABASE_URL: db.url,
      DUNGHAN_CONFIG_DIR: fixture.configDir,
      DUNGHAN_DATA_DIR: join(fixture.root, 'var'),
      DUNGHAN_WORKER_NAME: 'reclassify-test',
    };
    const b = exampleBundle();
    const base = b.documents.find((d) => d.id === 'e3')!;
    b.documents.push({ ...base, id: 'rc-doc', number: MARKS[0], subject: MARKS[1], deadline: null });
    b.tasks.push({
      ...b.tasks.find((t) => t.id === 'e2')!,
      id: 'rc-task',
      documentId: 'rc-doc',
      title: MARKS[2],
      unitId: 'VP',
      assignerId: 'GD',
      assigneeId: 'CV1',
      assignedAt: '2024-05-06T09:00:00+07:00',
      deadline: null,
      deadlineChanges: [],
      plan: null,
      completedAt: null,
      cancelledAt: null,
    });
    const imported = await capture(
      (io) => runImport({ bundle: [writeBundle(b)], asOf: '2024-05-08T01:30:00+07:00' }, io),
      env,
    );
    expect(imported.code).toBe(0);
    const reminded = await capture((io) => runRemind({ asOf: SLOT }, io), env);
    expect(reminded.stderr).toBe('');
    expect(reminded.code).toBe(0);
    // The Monday digest of week 19 lists the task as overdue (its plan was due Thu 9 May).
    const digested = await capture((io) => runDigest({ week: '2024-W19', unit: 'VP' }, io), {
      ...env,
      DUNGHAN_CLOCK: '2024-05-13T07:30:00+07:00',
    });
    expect(digested.code).toBe(0);
  });
  afterAll(async () => {
    await db.drop();
  });

  it('named the task in the reminder while the document was open', async () => {
    const labels = await query<{ label: string }>(
      db.url,
      "SELECT label FROM reminders WHERE obligation_id LIKE '%rc-task%'",
    );
    expect(labels).toEqual([{ label: `${MARKS[0]} — ${MARKS[2]}` }]);
    const sent = await capture((io) => runSent({ date: '2024-05-08', format: 'json' }, io), env);
    expect(sent.stdout).toContain('QQQTITLE');
    const digests = await query<{ html: string; text: string }>(db.url, 'SELECT html, text FROM digests');
    expect(digests).toHaveLength(1);
    expect(digests[0].text).toContain(MARKS[2]);
    expect(digests[0].html).toContain(escaped(MARKS[2]));
  });

  it('finds its number, subject and task title nowhere once it is re-sent as secret', async () => {
    const b = exampleBundle();
    writeFileSync(
      join(fixture.inbox, '2024-05-08-reclassified.json'),
      JSON.stringify({
        format: b.format,
        source: b.source,
        documents: [{ id: 'rc-doc', direction: 'incoming', confidentiality: 'secret', date: '2024-03-04' }],
      }),
    );
    const synced = await capture((io) => runSync({ source: 'kho' }, io), {
      ...env,
      DUNGHAN_CLOCK: '2024-05-08T17:00:00+07:00',
    });
    expect(synced.code).toBe(0);

    expect(mentions(await everyRow(db.url))).toEqual([]);
    const sent = await capture((io) => runSent({ date: '2024-05-08', format: 'json' }, io), env);
    expect(sent.code).toBe(0);
    expect(sent.stdout).not.toContain('QQQ');
    // The reminder is still on record as sent: only what it said of the document is gone.
    const [row] = await query<{ label: string; state: string }>(
      db.url,
      `SELECT r.label, m.state FROM reminders r JOIN reminder_messages m ON m.message_id = r.message_id
       WHERE r.obligation_id LIKE '%rc-task%'`,
    );
    expect(row.state).toBe('sent');
    expect(row.label).toMatch(/^Văn bản đã chuyển sang mật/);
  });
});
