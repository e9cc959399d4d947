/**
 * Issue 13, freshness: a source whose sync fails for three nights (its export folder is gone)
 * against a real Postgres and a real SMTP server. The source `vpdt` last synced on Fri 10 May 2024
 * at 01:30; Sat 11, Sun 12 and Mon 13 fail. From Sun 12 (over its 36 hours) it is stale: the plans
 * due Fri 10 are judged "chưa đủ dữ liệu" (unknown), no escalation is mailed for them on Mon 13 —
 * while the plain reminder before a due date still goes out —, the weekly digest names the stale
 * source and how many verdicts wait on it, and the scores are those before the gap. On Tue 14 the
 * source recovers: one plan was reported on time (met), the other was not (overdue, and its
 * escalation, held back, is mailed late saying why); the history shows the gap.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { runDigest } from '../../../src/cli/digest.command.js';
import { runRemind } from '../../../src/cli/remind.command.js';
import { runSync } from '../../../src/cli/service.commands.js';
import { createToken } from '../../../src/cli/token.command.js';
import { bootstrapApi } from '../../../src/main.js';
import { configDir } from '../reminders/reminder-fixture.js';
import type { ReceivedMail } from '../reminders/smtp-test-server.js';
import { addresses, TestSmtpServer } from '../reminders/smtp-test-server.js';
import { capture } from '../support/cli-io.js';
import { createTestDatabase, query, type TestDatabase } from '../support/test-database.js';

const CV1 = 'chaunm@hanam.gov.vn';
const TP1 = 'lanvt@hanam.gov.vn'; // head of VP
const GD = 'namhv@hanam.gov.vn'; // the director

const plan = (id: string, assignedAt: string, title: string, reportedAt: string | null = null) => ({
  id,
  documentId: null,
  title,
  assignerId: 'GD',
  unitId: 'VP',
  assigneeId: 'CV1',
  assignedAt,
  deadline: null,
  deadlineChanges: [],
  plan: reportedAt === null ? null : { reportedAt, targetDate: '2024-06-28' },
  completedAt: null,
  cancelledAt: null,
});

/**
 * The office system's export. Plans are due WD(assigned, +3): t-done and t-late on Thu 9 May
 * (t-done reported Wed 8), t-gap and t-miss on Fri 10 (escalation Mon 13), t-soon on Tue 14
 * (reminded the day before, Mon 13). `recovered`: what the export says once the system is back —
 * t-gap's plan was reported on Fri 10 at 15:00, while the source was failing.
 */
function exportOf(recovered: boolean, exportedAt: string): object {
  return {
    format: 'dunghan.bundle.v1',
    source: { system: 'vpdt', exportedAt },
    units: [
      { id: 'BGD', name: 'Ban Giám đốc', parentId: null, headId: 'GD' },
      { id: 'VP', name: 'Văn phòng Sở', parentId: null, headId: 'TP1' },
    ],
    people: [
      { id: 'GD', name: 'Hoàng Văn Nam', unitId: 'BGD', role: 'leader', email: GD, active: true },
      { id: 'TP1', name: 'Vũ Thị Lan', unitId: 'VP', role: 'unit_head', email: TP1, active: true },
      { id: 'CV1', name: 'Ngô Minh Châu', unitId: 'VP', role: 'staff', email: CV1, active: true },
    ],
    documents: [],
    tasks: [
      plan('t-done', '2024-05-06T09:00:00+07:00', 'Báo cáo chuyển đổi số quý I', '2024-05-08T10:00:00+07:00'),
      plan('t-late', '2024-05-06T10:00:00+07:00', 'Rà soát quy chế văn thư'),
      plan(
        't-gap',
        '2024-05-07T09:00:00+07:00',
        'Kế hoạch kiểm tra an toàn thông tin',
        recovered ? '2024-05-10T15:00:00+07:00' : null,
      ),
      plan('t-miss', '2024-05-07T10:00:00+07:00', 'Tổng hợp số liệu hộp thư công vụ'),
      plan('t-soon', '2024-05-09T09:00:00+07:00', 'Góp ý dự thảo quy chế chi tiêu nội bộ'),
    ],
    drafts: [],
    weeklySchedules: [
      { unitId: 'VP', week: '2024-W20', publishedAt: '2024-05-09T15:00:00+07:00' },
      { unitId: 'BGD', week: '2024-W20', publishedAt: '2024-05-09T16:00:00+07:00' },
    ],
    mailboxes: [],
    deleted: [],
  };
}

describe('a source stale for three nights, then back (real Postgres, real SMTP)', () => {
  let db: TestDatabase;
  let smtp: TestSmtpServer;
  let env: NodeJS.ProcessEnv;
  let inbox: string;
  const at = (clock: string) => ({ ...env, DUNGHAN_CLOCK: clock });

  beforeAll(async () => {
    db = await createTestDatabase();
    smtp = await new TestSmtpServer().start();
    const cfg = configDir();
    inbox = join(cfg.dataDir, 'vpdt-export');
    mkdirSync(inbox, { recursive: true });
    // The default freshness (36 h) applies: the source does not set `freshWithinHours`.
    writeFileSync(
      join(cfg.configDir, 'sources.json'),
      JSON.stringify({
        sources: [{ name: 'vpdt', kind: 'bundle-folder', cron: '30 1 * * *', options: { folder: inbox } }],
      }),
    );
    env = {
      DATABASE_URL: db.url,
      DUNGHAN_CONFIG_DIR: cfg.configDir,
      DUNGHAN_DATA_DIR: cfg.dataDir,
      DUNGHAN_WORKER_NAME: 'freshness-test',
      SMTP_URL: smtp.url(),
    };
  });
  afterAll(async () => {
    await smtp.stop();
    await db.drop();
  });

  const sync = (clock: string) => capture((io) => runSync({ source: 'vpdt' }, io), at(clock));
  const statuses = async () =>
    Object.fromEntries(
      (
        await query<{ id: string; status: string }>(
          db.url,
          `SELECT id, status FROM obligations WHERE rule = 'plan' ORDER BY id`,
        )
      ).map((r) => [r.id, r.status]),
    );
  const scores = () =>
    query<{ level: string; subject_id: string; score: string; rules: unknown }>(
      db.url,
      `SELECT level, subject_id, score::text AS score, rules FROM scores ORDER BY level, subject_id`,
    );
  const history = async (id: string) =>
    (
      await query<{ status: string | null; cause: string }>(
        db.url,
        `SELECT status, cause FROM obligation_history WHERE obligation_id = $1 ORDER BY id`,
        [id],
      )
    ).map((h) => h.status);
  const mailTo = (address: string, mails: ReceivedMail[] = smtp.received) =>
    mails.filter((m) => addresses(m.parsed.to).includes(address));

  let before: Awaited<ReturnType<typeof scores>>;

  it('Fri 10 May 01:30: the nightly sync succeeds and judges the data', async () => {
    writeFileSync(
      join(inbox, 'export-0510.json'),
      JSON.stringify(exportOf(false, '2024-05-10T01:00:00+07:00')),
    );
    const run = await sync('2024-05-10T01:30:00+07:00');
    expect(run.code).toBe(0);
    expect(await statuses()).toEqual({
      'plan:t-done': 'met',
      'plan:t-gap': 'pending',
      'plan:t-late': 'overdue',
      'plan:t-miss': 'pending',
      'plan:t-soon': 'pending',
    });
    before = await scores();
    // VP: plans 1 met of 2 judged, its weekly schedule met: (10·0.5 + 10·1) / 20.
    expect(before.find((s) => s.level === 'unit' && s.subject_id === 'VP')?.score).toBe('75.00');
  });

  it('three nights the export folder is missing: each sync fails', async () => {
    renameSync(inbox, `${inbox}-gone`);
    for (const night of ['2024-05-11', '2024-05-12', '2024-05-13']) {
      // The run fails (thrown, so the queue would retry it) and is recorded as failed.
      await expect(sync(`${night}T01:30:00+07:00`)).rejects.toThrow(/ENOENT/);
    }
    const runs = await query<{ status: string }>(db.url, `SELECT status FROM sync_runs ORDER BY id`);
    expect(runs.map((r) => r.status)).toEqual(['succeeded', 'failed', 'failed', 'failed']);
    // Stale since Sat 11 13:30 (36 h): what turned overdue after the last good sync waits on it;
    // t-late was already overdue when the source last spoke, so it stays overdue.
    expect(await statuses()).toEqual({
      'plan:t-done': 'met',
      'plan:t-gap': 'unknown',
      'plan:t-late': 'overdue',
      'plan:t-miss': 'unknown',
      'plan:t-soon': 'pending',
    });
    const [detail] = await query<{ details: Record<string, unknown> }>(
      db.url,
      `SELECT details FROM obligations WHERE id = 'plan:t-gap'`,
    );
    expect(detail.details).toMatchObject({
      unknownStatus: 'overdue',
      staleSource: 'vpdt',
      staleSince: '2024-05-10T01:30:00+07:00',
    });
  });

  it('the scores are those before the gap: what waits on the source is not judged', async () => {
    expect(await scores()).toEqual(before);
  });

  it('Mon 13: /health names the stale source and stays 200; /metrics shows its gauges; the API says "chưa đủ dữ liệu"', async () => {
    const api = await bootstrapApi({
      env: { ...at('2024-05-13T08:00:00+07:00'), HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'error' },
      logStream: new PassThrough(),
    });
    try {
      const health = await fetch(`${api.url}/health`);
      expect(health.status).toBe(200);
      expect(((await health.json()) as { sources: unknown }).sources).toEqual({
        stale: ['vpdt'],
        list: [{ name: 'vpdt', stale: true, lastGoodAt: '2024-05-10T01:30:00+07:00', freshWithinHours: 36 }],
      });
      const metrics = await (await fetch(`${api.url}/metrics`)).text();
      expect(metrics).toContain('dunghan_source_stale{source="vpdt"} 1');
      expect(metrics).toContain('dunghan_source_unknown_verdicts{source="vpdt"} 2');
      // Fri 10 01:30 → Mon 13 08:00: 3 days 6 h 30 min.
      expect(metrics).toContain(
        `dunghan_source_seconds_since_last_good_sync{source="vpdt"} ${3 * 86400 + 6.5 * 3600}`,
      );
      expect(metrics).toContain('dunghan_obligations{rule="plan",status="unknown"} 2');
      // The API names the status in Vietnamese, and in English.
      const { token } = await createToken(api.app, { role: 'admin' });
      const res = await fetch(`${api.url}/api/obligations/${encodeURIComponent('plan:t-gap')}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(res.status).toBe(200);
      const body = (await res.json()) as {
        obligation: Record<string, unknown>;
        history: { status: string }[];
      };
      expect(body.obligation).toMatchObject({
        status: 'unknown',
        statusLabel: 'Chưa đủ dữ liệu',
        statusLabelEn: 'Not enough data',
        details: { staleSource: 'vpdt', staleSince: '2024-05-10T01:30:00+07:00', unknownStatus: 'overdue' },
      });
      expect(body.history.map((h) => h.status)).toEqual(['pending', 'overdue', 'unknown']);
      const sources = (await (
        await fetch(`${api.url}/api/sources`, { headers: { authorization: `Bearer ${token}` } })
      ).json()) as Record<string, unknown>[];
      expect(sources).toMatchObject([
        { name: 'vpdt', stale: true, lastGoodAt: '2024-05-10T01:30:00+07:00', freshWithinHours: 36 },
      ]);
    } finally {
      await api.close();
    }
  });

  it('Mon 13 07:30: the digest names the stale source, since when and what waits on it', async () => {
    const sent = await capture((io) => runDigest({ week: '2024-W19' }, io), at('2024-05-13T08:00:00+07:00'));
    expect(sent.code).toBe(0);
    const unit = mailTo(TP1);
    expect(unit).toHaveLength(1);
    expect(unit[0].parsed.text).toContain(
      'Nguồn dữ liệu «vpdt» chưa đồng bộ được từ 01:30 thứ Sáu, 10/05/2024: 2 nghĩa vụ chưa đủ dữ liệu để đánh giá',
    );
    expect(unit[0].parsed.html).toContain('Nguồn dữ liệu «vpdt»');
    const leadership = mailTo(GD);
    expect(leadership).toHaveLength(1);
    expect(leadership[0].parsed.text).toContain('«vpdt» chưa đồng bộ được từ');
    // Not reported overdue either: only t-late is.
    expect(unit[0].parsed.text).toContain('Rà soát quy chế văn thư');
    expect(unit[0].parsed.text).not.toContain('Tổng hợp số liệu hộp thư công vụ');
    smtp.clear();
  });

  it('Mon 13 08:00: no escalation for what waits on the stale source; the day-before reminder goes out', async () => {
    const run = await capture(
      (io) => runRemind({ asOf: '2024-05-13T08:00:00+07:00' }, io),
      at('2024-05-13T08:00:00+07:00'),
    );
    expect(run.code).toBe(0);
    const rows = await query<{ obligation_id: string; stage: string }>(
      db.url,
      `SELECT obligation_id, stage FROM reminders ORDER BY obligation_id, stage`,
    );
    expect(rows).toEqual([{ obligation_id: 'plan:t-soon', stage: 'before' }]);
    expect(run.stdout).toContain('Tạm giữ 2 nhắc quá hạn: nguồn dữ liệu chưa đồng bộ được');
    expect(smtp.received).toHaveLength(1);
    const [mail] = smtp.received;
    expect(addresses(mail.parsed.to)).toEqual([CV1]);
    expect(addresses(mail.parsed.cc)).toEqual([]);
    expect(mail.parsed.text).toContain('Góp ý dự thảo quy chế chi tiêu nội bộ');
    expect(mail.parsed.text).not.toContain('Kế hoạch kiểm tra an toàn thông tin');
    expect(mail.parsed.text).not.toContain('Tổng hợp số liệu hộp thư công vụ');
    smtp.clear();
  });

  it('Tue 14 01:30: the source is back; the plans are judged on the fresh data and the history shows the gap', async () => {
    renameSync(`${inbox}-gone`, inbox);
    writeFileSync(
      join(inbox, 'export-0514.json'),
      JSON.stringify(exportOf(true, '2024-05-14T01:00:00+07:00')),
    );
    const run = await sync('2024-05-14T01:30:00+07:00');
    expect(run.code).toBe(0);
    expect(await statuses()).toEqual({
      'plan:t-done': 'met',
      'plan:t-gap': 'met',
      'plan:t-late': 'overdue',
      'plan:t-miss': 'overdue',
      'plan:t-soon': 'pending',
    });
    // Sat 11 (24 h, not stale yet) judged them overdue; Sun 12 unknown; Tue 14 on the fresh data.
    expect(await history('plan:t-gap')).toEqual(['pending', 'overdue', 'unknown', 'met']);
    expect(await history('plan:t-miss')).toEqual(['pending', 'overdue', 'unknown', 'overdue']);
    const vp = (await scores()).find((s) => s.level === 'unit' && s.subject_id === 'VP');
    // Plans 2 met of 4 judged now, the schedule met: (10·0.5 + 10·1) / 20.
    expect(vp?.rules).toMatchObject({ plan: { judged: 4, met: 2 } });
  });

  it('Tue 14 08:00: the held-back escalation goes out, late and saying why; none for the plan done on time', async () => {
    const run = await capture(
      (io) => runRemind({ asOf: '2024-05-14T08:00:00+07:00' }, io),
      at('2024-05-14T08:00:00+07:00'),
    );
    expect(run.code).toBe(0);
    const rows = await query<{ obligation_id: string; stage: string }>(
      db.url,
      `SELECT obligation_id, stage FROM reminders ORDER BY obligation_id, stage`,
    );
    expect(rows).toEqual([
      { obligation_id: 'plan:t-miss', stage: 'escalation' },
      { obligation_id: 'plan:t-soon', stage: 'before' },
      { obligation_id: 'plan:t-soon', stage: 'due' },
    ]);
    expect(smtp.received).toHaveLength(1);
    const [mail] = smtp.received;
    expect(addresses(mail.parsed.to)).toEqual([CV1]);
    expect(addresses(mail.parsed.cc)).toEqual([TP1]);
    expect(mail.parsed.subject).toContain('Gửi muộn');
    expect(mail.parsed.text).toContain('nguồn dữ liệu chưa đồng bộ được');
    expect(mail.parsed.text).toContain('Tổng hợp số liệu hộp thư công vụ');
    expect(mail.parsed.text).not.toContain('Kế hoạch kiểm tra an toàn thông tin');
  });
});
