/**
 * An own "arrived" status (01) delivered by a later sync than its document (SOURCES.md §3: the
 * receipt time comes from the receiver's own arrived status when it has one): the document, first
 * dated by the file's time, is dated by the status once it is stored, and the obligations that
 * count from the receipt move with it; the same status delivered again changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { cpSync, mkdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../src/config/project-root.js';
import { recordId } from '../../src/infra/adapters/shared/record-id.util.js';
import { ObligationQuery } from '../../src/infra/store/obligation-query.js';
import type { TestServices } from './support/services.js';
import { openServices } from './support/services.js';
import { folderSource } from './support/sync-fixture.js';
import { createTestDatabase, query, type TestDatabase } from './support/test-database.js';

const OWN = '000.00.12.H99';
const AXIS = join(projectRoot(), 'test', 'fixtures', 'edxml', 'axis');
/** 301/UBND-KT as the source `truc` keys it. */
const DOC = recordId('truc', '7c0e5b2a-91d4-4f6b-a3e8-2d5f60a1b9c4');
/** The invitation 57/GM-UBND. */
const INVITATION = recordId('truc', '0b6f3e1d-2c4a-4e8b-b7d9-1f2e3a4b5c6d');

/** A task on the document, due Monday 24 March, and its draft, not yet submitted. */
function taskBundle() {
  return {
    format: 'dunghan.bundle.v1',
    source: { system: 'qlvb', exportedAt: '2025-03-19T18:00:00+07:00' },
    units: [{ id: 'VP', name: 'Văn phòng Sở', parentId: null, headId: 'p1' }],
    people: [
      { id: 'p1', name: 'Nguyễn Văn A', unitId: 'VP', role: 'unit_head', email: 'a@snv.gov.vn' },
      { id: 'p2', name: 'Trần Thị B', unitId: 'VP', role: 'staff', email: 'b@snv.gov.vn' },
    ],
    tasks: [
      {
        id: 't1',
        documentId: DOC,
        title: 'Rà soát biên chế',
        assignerId: 'p1',
        unitId: 'VP',
        assigneeId: 'p2',
        assignedAt: '2025-03-19T10:00:00+07:00',
        deadline: '2025-03-24',
      },
    ],
    drafts: [{ id: 'dr1', taskId: 't1', drafterId: 'p2', unitId: 'VP' }],
  };
}

describe('an own arrival status delivered after its document', () => {
  let db: TestDatabase;
  let ctx: TestServices;
  let axisInbox: string;
  let tasksInbox: string;
  const source = (name: string) => ctx.sources.find((s) => s.name === name)!;
  const obligation = async (id: string) => (await ctx.nest.get(ObligationQuery).get(id, { kind: 'all' }))!;
  const stored = async () =>
    (
      await query<{ received: string; basis: string | null }>(
        db.url,
        `SELECT to_char(received_at AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYYY-MM-DD HH24:MI:SS') AS received,
                time_basis AS basis FROM documents WHERE id = $1`,
        [DOC],
      )
    )[0];

  beforeAll(async () => {
    db = await createTestDatabase();
    const fixture = folderSource('qlvb');
    tasksInbox = fixture.inbox;
    axisInbox = join(fixture.root, 'axis-inbox');
    mkdirSync(axisInbox);
    writeFileSync(
      join(fixture.configDir, 'sources.json'),
      JSON.stringify({
        sources: [
          { name: 'truc', kind: 'edxml', enabled: true, options: { folder: axisInbox, ownOrganId: OWN } },
          { name: 'qlvb', kind: 'bundle-folder', enabled: true, options: { folder: tasksInbox } },
        ],
      }),
    );
    ctx = await openServices({
      DATABASE_URL: db.url,
      DUNGHAN_CONFIG_DIR: fixture.configDir,
      DUNGHAN_DATA_DIR: fixture.root,
      DUNGHAN_CLOCK: '2025-03-21T17:00:00+07:00',
    });
  });
  afterAll(async () => {
    await ctx.close();
    await db.drop();
  });

  it('dates the document by the file until the status comes, then by the status, and moves what counts from the receipt', async () => {
    // Sync 1: the document alone, written into the folder on Wednesday 19 March at 09:40.
    const incoming = join(axisInbox, '20250319-0940-incoming-axis.edxml');
    cpSync(join(AXIS, '20250317-0815-incoming-axis.edxml'), incoming);
    const written = new Date('2025-03-19T02:40:00Z');
    utimesSync(incoming, written, written);
    const first = await ctx.sync.run(source('truc'), 'manual', 'manual:truc-1');
    expect(first!.counts).toMatchObject({ inserted: 1, rejected: 0 });
    expect(await stored()).toEqual({ received: '2025-03-19 09:40:00', basis: 'file' });

    writeFileSync(join(tasksInbox, '0001-tasks.json'), JSON.stringify(taskBundle()));
    const tasks = await ctx.sync.run(source('qlvb'), 'manual', 'manual:qlvb-1');
    expect(tasks!.counts).toMatchObject({ rejected: 0 });

    const channelBefore = (await obligation(`document_channel:${DOC}`)).obligation;
    expect(channelBefore).toMatchObject({
      doneAt: '2025-03-19T09:40:00+07:00',
      details: { direction: 'incoming', channel: 'electronic', timeBasis: 'file' },
    });
    // Received Wednesday, due Monday: too tight for the normal schedule (DOMAIN.md §3.4), so the
    // draft is due the next working day, Thursday 20th.
    expect((await obligation('staff_submission:dr1')).obligation).toMatchObject({
      dueDate: '2025-03-20',
      tight: true,
    });

    // Sync 2: the agency's own "arrived" status, Monday 17 March at 08:16:30.
    cpSync(join(AXIS, '20250317-0816-status-arrived.edxml'), join(axisInbox, '20250320-0800-status.edxml'));
    const second = await ctx.sync.run(source('truc'), 'manual', 'manual:truc-2');
    expect(second!.counts).toMatchObject({ rejected: 0 });
    expect(second!.evaluation!.subjects).toBeGreaterThan(0);
    const statuses = await query<{ code: string; own: boolean }>(
      db.url,
      'SELECT code, own FROM document_statuses WHERE document_id = $1',
      [DOC],
    );
    expect(statuses).toEqual([{ code: '01', own: true }]);

    const channelAfter = await obligation(`document_channel:${DOC}`);
    expect(channelAfter.obligation).toMatchObject({
      doneAt: '2025-03-17T08:16:30+07:00',
      details: { direction: 'incoming', channel: 'electronic', timeBasis: 'status' },
    });
    // Received Monday: the normal schedule holds, the draft is due to the unit on Wednesday 19th.
    const submission = await obligation('staff_submission:dr1');
    expect(submission.obligation).toMatchObject({ dueDate: '2025-03-19', tight: false });
    expect(submission.history.map((h) => [h.previousDueDate, h.dueDate])).toContainEqual([
      '2025-03-20',
      '2025-03-19',
    ]);

    // Sync 3: the same status delivered again (the connector re-sent it): nothing moves.
    const historyBefore = (await query(db.url, 'SELECT id FROM obligation_history')).length;
    cpSync(
      join(AXIS, '20250317-0816-status-arrived.edxml'),
      join(axisInbox, '20250321-0800-status-again.edxml'),
    );
    const third = await ctx.sync.run(source('truc'), 'manual', 'manual:truc-3');
    expect(third!.counts).toMatchObject({ seen: 0, rejected: 0 });
    expect(third!.evaluation).toMatchObject({ subjects: 0, changed: 0 });
    expect(await query(db.url, 'SELECT 1 FROM document_statuses')).toHaveLength(1);
    expect((await query(db.url, 'SELECT id FROM obligation_history')).length).toBe(historyBefore);
    expect((await obligation(`document_channel:${DOC}`)).obligation.doneAt).toBe('2025-03-17T08:16:30+07:00');
  });

  it('dates a document by its own arrival status stored by an earlier sync', async () => {
    // The connector delivers the 01 for the invitation first (a status of 20 March, 14:02) …
    const status = readFileSync(join(AXIS, '20250317-0816-status-arrived.edxml'), 'utf8')
      .replace('{7c0e5b2a-91d4-4f6b-a3e8-2d5f60a1b9c4}', '0b6f3e1d-2c4a-4e8b-b7d9-1f2e3a4b5c6d')
      .replace('2025/03/17 08:16:30', '2025/03/20 14:02:00');
    writeFileSync(join(axisInbox, '20250320-1402-status.edxml'), status);
    await ctx.sync.run(source('truc'), 'manual', 'manual:truc-4');
    expect(await query(db.url, 'SELECT 1 FROM documents WHERE id = $1', [INVITATION])).toEqual([]);

    // … and the invitation itself in the next sync, written into the folder at 15:30.
    const file = join(axisInbox, '20250320-1530-invitation.edxml');
    cpSync(join(AXIS, '20250320-1400-incoming-axis-invitation.edxml'), file);
    const written = new Date('2025-03-20T08:30:00Z');
    utimesSync(file, written, written);
    await ctx.sync.run(source('truc'), 'manual', 'manual:truc-5');
    expect(
      (await query(db.url, 'SELECT time_basis AS basis FROM documents WHERE id = $1', [INVITATION]))[0],
    ).toEqual({ basis: 'file' });
    expect((await obligation(`document_channel:${INVITATION}`)).obligation).toMatchObject({
      doneAt: '2025-03-20T14:02:00+07:00',
      details: { timeBasis: 'status' },
    });
  });
});
