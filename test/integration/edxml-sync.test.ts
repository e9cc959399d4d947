/**
 * The edXML adapter through the real pipeline: messages from a folder (our own samples, including
 * a broken file and a confidential document under a vendor's secret-level element) synced into
 * Postgres; and messages as the national axis delivers them (UUID ids, the sender's trace only,
 * statuses under MessageHeader) synced by a second source of their own.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { cpSync, mkdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestServices } from './support/services.js';
import { openServices } from './support/services.js';
import { projectRoot } from '../../src/config/project-root.js';
import { folderSource } from './support/sync-fixture.js';
import { createTestDatabase, query, type TestDatabase } from './support/test-database.js';

describe('an edXML folder synced into Postgres', () => {
  let db: TestDatabase;
  let ctx: TestServices;
  let inbox: string;
  let axisInbox: string;
  const axisFixture = (name: string) => join(projectRoot(), 'test', 'fixtures', 'edxml', 'axis', name);
  beforeAll(async () => {
    db = await createTestDatabase();
    const fixture = folderSource('lgsp');
    inbox = fixture.inbox;
    cpSync(join(projectRoot(), 'test', 'fixtures', 'edxml'), fixture.inbox, { recursive: true });
    axisInbox = join(fixture.root, 'axis-inbox');
    mkdirSync(axisInbox);
    for (const name of ['20250317-0815-incoming-axis.edxml', '20250317-0816-status-arrived.edxml']) {
      cpSync(axisFixture(name), join(axisInbox, name));
    }
    cpSync(
      axisFixture('20250320-1400-incoming-axis-invitation.edxml'),
      join(axisInbox, 'x-invitation.edxml'),
    );
    const written = new Date('2025-03-20T07:05:00Z'); // 14:05 in Vietnam
    utimesSync(join(axisInbox, 'x-invitation.edxml'), written, written);
    writeFileSync(
      join(fixture.configDir, 'sources.json'),
      JSON.stringify({
        sources: [
          {
            name: 'lgsp',
            kind: 'edxml',
            enabled: true,
            // The confidential sample carries a vendor's private element; QCVN 102 has none.
            options: {
              folder: fixture.inbox,
              ownOrganId: '000.00.12.H99',
              secretLevel: { path: ['OtherInfo', 'Secret'] },
            },
          },
          {
            name: 'truc',
            kind: 'edxml',
            enabled: true,
            options: { folder: axisInbox, ownOrganId: '000.00.12.H99' },
          },
        ],
      }),
    );
    ctx = await openServices({
      DATABASE_URL: db.url,
      DUNGHAN_CONFIG_DIR: fixture.configDir,
      DUNGHAN_DATA_DIR: fixture.root,
    });
  });
  afterAll(async () => {
    await ctx.close();
    await db.drop();
  });

  it('stores the documents, reports the broken file by name, and keeps no confidential text', async () => {
    const summary = await ctx.sync.run(ctx.sources[0], 'manual', 'manual:edxml');
    expect(summary!.counts.inserted).toBeGreaterThanOrEqual(2);
    const rejections = await ctx.syncStore.rejections(summary!.runId);
    expect(rejections.map((r) => r.messageVi).join('\n')).toContain('20250311-0900-broken.edxml');

    const documents = await query<{
      direction: string;
      confidentiality: string;
      number: string | null;
      subject: string | null;
    }>(db.url, 'SELECT direction, confidentiality, number, subject FROM documents ORDER BY id');
    expect(documents.some((d) => d.direction === 'outgoing' && d.number === '88/SNV-TCBC')).toBe(true);
    const secret = documents.filter((d) => d.confidentiality !== 'normal');
    expect(secret).toHaveLength(1);
    expect(secret[0]).toMatchObject({ number: null, subject: null });
    const leaks = await query(
      db.url,
      `SELECT 1 FROM documents WHERE coalesce(subject, '') ~ 'Zebra' OR coalesce(number, '') ~ 'NCXX'`,
    );
    expect(leaks).toEqual([]);

    // A second run resumes after the last file: nothing is read twice.
    const again = await ctx.sync.run(ctx.sources[0], 'manual', 'manual:edxml-again');
    expect(again!.counts.seen).toBe(0);
  });

  it('imports a message delivered after later-named ones were synced', async () => {
    // The axis connector delivers a message of 10 March after the one of 14 March was read.
    const late = readFileSync(join(inbox, '20250310-0805-incoming-new.edxml'), 'utf8').replaceAll(
      '215',
      '216',
    );
    writeFileSync(join(inbox, '20250310-0806-incoming-late.edxml'), late);
    const summary = await ctx.sync.run(ctx.sources[0], 'manual', 'manual:edxml-late');
    expect(summary!.counts).toMatchObject({ batches: 1, inserted: 1 });
    const stored = await query(db.url, `SELECT 1 FROM documents WHERE number = '216/UBND-KGVX'`);
    expect(stored).toHaveLength(1);
  });

  it('stores what the axis delivers under the source prefix, dated by the own arrival status, and applies a recall status', async () => {
    const truc = ctx.sources.find((s) => s.name === 'truc')!;
    const summary = await ctx.sync.run(truc, 'manual', 'manual:truc');
    expect(summary!.counts).toMatchObject({ inserted: 2 });
    expect(await ctx.syncStore.rejections(summary!.runId)).toEqual([]);
    const stored = await query<{ id: string; number: string; received: string }>(
      db.url,
      `SELECT id, number, to_char(received_at AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYYY-MM-DD HH24:MI:SS') AS received
         FROM documents WHERE id LIKE 'truc:%' ORDER BY number`,
    );
    expect(stored.map((d) => [d.number, d.received])).toEqual([
      ['301/UBND-KT', '2025-03-17 08:16:30'], // the own "arrived" status
      ['57/GM-UBND', '2025-03-20 14:05:00'], // no status: the file's time
    ]);

    cpSync(axisFixture('20250321-0800-status-recalled.edxml'), join(axisInbox, 'y-recalled.edxml'));
    await ctx.sync.run(truc, 'manual', 'manual:truc-recall');
    const left = await query<{ number: string }>(
      db.url,
      `SELECT number FROM documents WHERE id LIKE 'truc:%'`,
    );
    expect(left.map((d) => d.number)).toEqual(['301/UBND-KT']);
  });
});
