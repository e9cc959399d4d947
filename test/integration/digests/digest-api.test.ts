/**
 * The weekly digests over HTTP, as each reader meets them: the worked example's digests of
 * 2024-W19 prepared and sent through a real SMTP server at the Monday 13 May 2024 slot, then read
 * back through the API. A unit head lists and opens her unit's digest and no other; leadership,
 * the council and the administrator see every digest and can narrow the list to one unit.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runDigest } from '../../../src/cli/digest.command.js';
import { runImport } from '../../../src/cli/service.commands.js';
import { createToken } from '../../../src/cli/token.command.js';
import type { RunningApi } from '../../../src/main.js';
import { bootstrapApi } from '../../../src/main.js';
import { EXAMPLE_BUNDLE } from '../../factories/bundle.factory.js';
import { TestSmtpServer } from '../reminders/smtp-test-server.js';
import { capture } from '../support/cli-io.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

const CLOCK = '2024-05-13T08:00:00+07:00';
const WEEK = '2024-W19';
const TP1 = 'lanvt@hanam.gov.vn'; // head of VP (Văn phòng Sở)
const TP2 = 'anhbd@hanam.gov.vn'; // head of BCVT (Phòng Bưu chính - Viễn thông)
const GD = 'namhv@hanam.gov.vn'; // the director: leadership

type Reader = 'admin' | 'council' | 'leader' | 'headOfVP' | 'headOfBCVT' | 'staff';

interface DigestSummary {
  id: string;
  unitId: string | null;
  week: string;
  subject: string;
  recipients: { address: string }[];
  sentAt: string | null;
}

describe('weekly digests over HTTP: who reads which', () => {
  let db: TestDatabase;
  let smtp: TestSmtpServer;
  let api: RunningApi;
  const tokens = {} as Record<Reader, string>;

  beforeAll(async () => {
    db = await createTestDatabase();
    smtp = await new TestSmtpServer().start();
    const env: NodeJS.ProcessEnv = {
      DATABASE_URL: db.url,
      DUNGHAN_WORKER_NAME: 'digest-api-test',
      DUNGHAN_DATA_DIR: mkdtempSync(join(tmpdir(), 'dunghan-digest-api-')),
      DUNGHAN_CLOCK: CLOCK,
      SMTP_URL: smtp.url(),
      HOST: '127.0.0.1',
      PORT: '0',
    };
    const imported = await capture(
      (io) => runImport({ bundle: [EXAMPLE_BUNDLE], asOf: '2024-05-13T01:30:00+07:00' }, io),
      env,
    );
    expect(imported.code).toBe(0);
    const sent = await capture((io) => runDigest({ week: WEEK }, io), env);
    expect(sent.code).toBe(0);
    expect(smtp.received.map((m) => m.rcpt).sort()).toEqual([[GD], [TP2], [TP1]].sort());
    api = await bootstrapApi({ env, logger: false });
    tokens.admin = (await createToken(api.app, { role: 'admin', label: 'Quản trị' })).token;
    tokens.council = (await createToken(api.app, { role: 'council', label: 'Hội đồng thi đua' })).token;
    tokens.leader = (await createToken(api.app, { role: 'leader', person: 'GD' })).token;
    tokens.headOfVP = (await createToken(api.app, { role: 'unit_head', person: 'TP1' })).token;
    tokens.headOfBCVT = (await createToken(api.app, { role: 'unit_head', person: 'TP2' })).token;
    tokens.staff = (await createToken(api.app, { role: 'staff', person: 'CV1' })).token;
  });
  afterAll(async () => {
    await api?.close();
    await smtp?.stop();
    await db?.drop();
  });

  async function get(path: string, reader: Reader) {
    const res = await fetch(api.url + path, { headers: { authorization: `Bearer ${tokens[reader]}` } });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  }

  async function list(reader: Reader, unit?: string): Promise<DigestSummary[]> {
    const res = await get(`/api/digests?week=${WEEK}${unit === undefined ? '' : `&unit=${unit}`}`, reader);
    expect(res.status).toBe(200);
    return res.json.digests as DigestSummary[];
  }

  /** Each digest as a reader recognises it: its unit (null: leadership's) and who got it. */
  const seen = (digests: DigestSummary[]) =>
    digests.map((d) => [d.unitId, d.recipients.map((r) => r.address)]);

  it('shows the head of a unit her unit’s digest of the week, as sent, and no other', async () => {
    for (const [reader, unit, head, name] of [
      ['headOfVP', 'VP', TP1, 'Văn phòng Sở'],
      ['headOfBCVT', 'BCVT', TP2, 'Phòng Bưu chính - Viễn thông'],
    ] as const) {
      const digests = await list(reader);
      expect(seen(digests)).toEqual([[unit, [head]]]);
      expect(digests[0]).toMatchObject({ week: WEEK, unitId: unit });
      expect(digests[0].subject).toMatch(new RegExp(`^\\[Đúng hạn\\] Tuần 19/2024 — ${name}: `));
      expect(digests[0].sentAt).not.toBeNull();
      // Naming her own unit gives the same; another unit's, or the leadership's, nothing.
      expect(seen(await list(reader, unit))).toEqual([[unit, [head]]]);
      expect(await list(reader, unit === 'VP' ? 'BCVT' : 'VP')).toEqual([]);
      expect(await list(reader, 'leadership')).toEqual([]);
    }
  });

  it('opens her unit’s digest with its text; another unit’s or the leadership’s is not found', async () => {
    const all = await list('admin');
    const idOf = (unit: string | null) => all.find((d) => d.unitId === unit)!.id;
    const own = await get(`/api/digests/${idOf('VP')}`, 'headOfVP');
    expect(own.status).toBe(200);
    expect(own.json).toMatchObject({ id: idOf('VP'), unitId: 'VP', week: WEEK });
    expect(own.json.text).toContain('Tuần 19/2024 (06/05 – 12/05/2024)');
    expect(own.json.text).toContain('Văn phòng Sở');
    for (const other of [idOf('BCVT'), idOf(null)]) {
      const refused = await get(`/api/digests/${other}`, 'headOfVP');
      expect(refused.status).toBe(404);
      expect(refused.json.message).toBe(`Không có bản tổng hợp ${other} / No digest ${other}`);
    }
    expect((await get(`/api/digests/${idOf('BCVT')}`, 'headOfBCVT')).status).toBe(200);
  });

  it('shows leadership, the council and the administrator every digest, narrowed by ?unit=', async () => {
    for (const reader of ['admin', 'council', 'leader'] as const) {
      expect(seen(await list(reader))).toEqual([
        ['BCVT', [TP2]],
        ['VP', [TP1]],
        [null, [GD]],
      ]);
      expect(seen(await list(reader, 'VP'))).toEqual([['VP', [TP1]]]);
      expect(seen(await list(reader, 'BCVT'))).toEqual([['BCVT', [TP2]]]);
      expect(seen(await list(reader, 'leadership'))).toEqual([[null, [GD]]]);
      expect(await list(reader, 'KHONGCO')).toEqual([]);
      const leadership = (await list(reader, 'leadership'))[0];
      expect((await get(`/api/digests/${leadership.id}`, reader)).json.text).toContain(
        'Kính gửi Lãnh đạo Sở,',
      );
    }
  });

  it('refuses staff', async () => {
    expect((await get(`/api/digests?week=${WEEK}`, 'staff')).status).toBe(403);
  });
});
