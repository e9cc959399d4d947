/**
 * Weekly digests against a real Postgres and a real SMTP server: the worked example imported as
 * the nightly sync would have stored it, then the Monday 13 May 2024 07:30 slot, which reports
 * 2024-W19 (6–12 May). Each unit head gets one digest with the trend chart inline, leadership
 * gets all units side by side, a second send sends nothing, two services sending at once send
 * each digest once, a re-send is the stored mail again, and the CLI does the same.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ParsedMail } from 'mailparser';
import { simpleParser } from 'mailparser';
import type { TestServices } from '../support/services.js';
import { openServices } from '../support/services.js';
import { runDigest } from '../../../src/cli/digest.command.js';
import { runImport } from '../../../src/cli/service.commands.js';
import { loadReminderSettings } from '../../../src/config/reminders.loader.js';
import { mailerFromEnv } from '../../../src/infra/mail/mailer.factory.js';
import type { Mailer } from '../../../src/infra/mail/mailer.port.js';
import type { DigestSendResult } from '../../../src/modules/digests/digest.service.js';
import { DigestService } from '../../../src/modules/digests/digest.service.js';
import { exampleBundle, writeBundle } from '../../factories/bundle.factory.js';
import type { ReceivedMail } from '../reminders/smtp-test-server.js';
import { addresses, TestSmtpServer } from '../reminders/smtp-test-server.js';
import { capture } from '../support/cli-io.js';
import { createTestDatabase, query, type TestDatabase } from '../support/test-database.js';

const CLOCK = '2024-05-13T08:00:00+07:00';
const TP1 = 'lanvt@hanam.gov.vn'; // head of VP (Văn phòng Sở)
const TP2 = 'anhbd@hanam.gov.vn'; // head of BCVT (Phòng Bưu chính - Viễn thông)
const GD = 'namhv@hanam.gov.vn'; // the director: leadership
const SECRET_MARKS = /TUYETMAT|ZZZKIN|tmat|drmat/;
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** The example, with a secret document whose task and draft would be overdue were they not secret. */
function digestBundle(): string {
  const b = exampleBundle();
  const secret = b.documents.find((d) => d.id === 'e6c')!;
  secret.number = '99/TUYETMAT-QQQ';
  secret.subject = 'Phương án ZZZKIN';
  b.tasks.push({
    id: 'tmat',
    documentId: 'e6c',
    title: 'Xử lý ZZZKIN',
    assignerId: 'GD',
    unitId: 'VP',
    assigneeId: 'CV1',
    assignedAt: '2024-05-06T09:00:00+07:00',
    deadline: '2024-05-09',
    deadlineChanges: [],
    plan: null,
    completedAt: null,
    cancelledAt: null,
  });
  b.drafts.push({
    id: 'drmat',
    taskId: 'tmat',
    drafterId: 'CV1',
    unitId: 'VP',
    legalNormative: false,
    unitDeadline: null,
    submittedToUnitAt: null,
    submittedToLeadershipAt: null,
    reviewRounds: [],
    issuedAt: null,
    outgoingDocumentId: null,
  });
  return writeBundle(b, 'digest-example.json');
}

/** The message as a mail client sees it, `cid:` links kept so the test can follow them. */
const reparse = (m: ReceivedMail): Promise<ParsedMail> => simpleParser(m.raw, { keepCidLinks: true });

describe('weekly digests (real Postgres, real SMTP)', () => {
  let db: TestDatabase;
  let smtp: TestSmtpServer;
  let env: NodeJS.ProcessEnv;
  const contexts: TestServices[] = [];
  const mailers: Mailer[] = [];
  const everything: ReceivedMail[] = [];

  async function service(): Promise<DigestService> {
    const ctx = await openServices(env);
    const { mailer } = mailerFromEnv(env, ctx.app.dataDir, loadReminderSettings(ctx.app.configDir));
    contexts.push(ctx);
    mailers.push(mailer);
    return ctx.nest.get(DigestService).withMailer(mailer);
  }

  const drain = () => {
    const mails = [...smtp.received];
    everything.push(...mails);
    smtp.clear();
    return mails;
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    smtp = await new TestSmtpServer().start();
    env = {
      DATABASE_URL: db.url,
      DUNGHAN_DATA_DIR: mkdtempSync(join(tmpdir(), 'dunghan-digest-')),
      DUNGHAN_WORKER_NAME: 'digest-test',
      DUNGHAN_CLOCK: CLOCK,
      SMTP_URL: smtp.url(),
    };
    // The nightly import before the slot.
    const imported = await capture(
      (io) => runImport({ bundle: [digestBundle()], asOf: '2024-05-13T01:30:00+07:00' }, io),
      env,
    );
    expect(imported.code).toBe(0);
  });
  afterAll(async () => {
    for (const m of mailers) await m.close();
    for (const c of contexts) await c.close();
    await smtp.stop();
    await db.drop();
  });

  it('knows the slot: Monday 13 May 07:30 reports 2024-W19', async () => {
    const digests = await service();
    expect(digests.slotAt(Date.parse(CLOCK))?.week).toBe('2024-W19');
    expect(digests.slotAt(Date.parse('2024-05-14T08:00:00+07:00'))).toBeNull();
  });

  it('sends each unit head one digest, with the trend chart as an inline PNG', async () => {
    const digests = await service();
    const results = await digests.send('2024-W19');
    expect(results.map((r) => [r.unitId, r.outcome, r.recipients])).toEqual([
      ['BCVT', 'sent', [TP2]],
      ['VP', 'sent', [TP1]],
      [null, 'sent', [GD]],
    ]);
    const mails = drain();
    expect(mails.map((m) => m.rcpt).sort()).toEqual([[GD], [TP2], [TP1]].sort());

    for (const [address, unit] of [
      [TP1, 'Văn phòng Sở'],
      [TP2, 'Phòng Bưu chính - Viễn thông'],
    ]) {
      const [mail] = mails.filter((m) => m.rcpt.includes(address));
      const parsed = await reparse(mail);
      expect(parsed.subject).toMatch(new RegExp(`^\\[Đúng hạn\\] Tuần 19/2024 — ${unit}: .*việc quá hạn$`));
      expect(addresses(parsed.to)).toEqual([address]);
      expect(parsed.headers.get('auto-submitted')).toBe('auto-generated');
      expect(parsed.messageId).toMatch(/^<digest\.2024-W19\.unit-(VP|BCVT)@dunghan>$/);

      // The chart: one attachment, a PNG by its magic bytes, referenced from the HTML by its cid.
      expect(parsed.attachments).toHaveLength(1);
      const chart = parsed.attachments[0];
      expect(chart.contentType).toBe('image/png');
      expect(chart.content.subarray(0, 8)).toEqual(PNG);
      expect(chart.cid).toBe('trend-chart@dunghan');
      expect(chart.related).toBe(true);
      expect(parsed.html).toContain(`src="cid:${chart.cid}"`);

      // What the head reads, in Vietnamese with its diacritics, HTML and plain text alike.
      expect(parsed.text).toContain('Tuần 19/2024 (06/05 – 12/05/2024)');
      expect(parsed.text).toContain('Số liệu tính đến 07:30 thứ Hai, 13/05/2024');
      expect(parsed.text).toContain('1. Kết quả theo chỉ tiêu');
      expect(parsed.text).toContain('4. Đến hạn trong 5 ngày làm việc tới: 13/05 – 17/05/2024');
      expect(parsed.text).toContain(`Lịch công tác tuần 20/2024 — Lịch công tác tuần đúng hạn`);
      expect(parsed.html).toContain('Kính gửi đồng chí');
    }
    const bcvt = await reparse(mails.find((m) => m.rcpt.includes(TP2))!);
    // e2 (assigned Thu 2 May, no plan): due Mon 6 May, 5 working days late on Mon 13 May.
    expect(bcvt.text).toContain(
      '- T2 06/05: Nhiệm vụ e2 — Báo cáo kế hoạch thực hiện (3 ngày) — Trịnh Văn Dũng — trễ 5 ngày làm việc',
    );
    expect(bcvt.text).toMatch(/Trịnh Văn Dũng\s+0\/1 · 0 %/);
  });

  it('gives leadership all units side by side, in one message', async () => {
    const stored = await query<{ id: string; text: string; recipients: { address: string }[] }>(
      db.url,
      `SELECT id, text, recipients FROM digests WHERE scope = 'leadership' AND week = '2024-W19'`,
    );
    expect(stored).toHaveLength(1);
    expect(stored[0].recipients.map((r) => r.address)).toEqual([GD]);
    const text = stored[0].text;
    expect(text).toContain('Kính gửi Lãnh đạo Sở,');
    expect(text).toContain('1. Các đơn vị\n');
    for (const unit of [
      'Văn phòng Sở',
      'Phòng Bưu chính - Viễn thông',
      'Ban Giám đốc (lãnh đạo sở, không xếp hạng)',
    ]) {
      expect(text).toContain(unit);
    }
    expect(everything.filter((m) => m.rcpt.includes(GD))).toHaveLength(1);
  });

  it('stores each digest once, with its recipients, hash, Message-ID and send time', async () => {
    const rows = await query<Record<string, unknown>>(
      db.url,
      `SELECT scope, unit_id, week, as_of, content_hash, message_id, sent_at IS NOT NULL AS sent, length(chart_png) > 1000 AS chart
       FROM digests WHERE week = '2024-W19' ORDER BY scope`,
    );
    expect(rows).toEqual([
      expect.objectContaining({ scope: 'leadership', unit_id: null, sent: true, chart: true }),
      expect.objectContaining({
        scope: 'unit:BCVT',
        unit_id: 'BCVT',
        message_id: '<digest.2024-W19.unit-BCVT@dunghan>',
        sent: true,
      }),
      expect.objectContaining({
        scope: 'unit:VP',
        unit_id: 'VP',
        message_id: '<digest.2024-W19.unit-VP@dunghan>',
        sent: true,
      }),
    ]);
    for (const r of rows) {
      expect(r.content_hash).toMatch(/^[0-9a-f]{64}$/);
      expect((r.as_of as Date).toISOString()).toBe('2024-05-13T00:30:00.000Z');
    }
  });

  it('sends nothing new when the same week is sent again', async () => {
    const before = await query(db.url, `SELECT id, content_hash, sent_at FROM digests ORDER BY id`);
    const again = await (await service()).send('2024-W19');
    expect(again.map((r) => r.outcome)).toEqual(['already_sent', 'already_sent', 'already_sent']);
    expect(drain()).toHaveLength(0);
    expect(await query(db.url, `SELECT id, content_hash, sent_at FROM digests ORDER BY id`)).toEqual(before);
  });

  it('sends one digest per unit when two services send the same week at once', async () => {
    const [a, b] = [await service(), await service()];
    // The server takes its time over each message, so the two senders overlap.
    smtp.holdWith(() => new Promise((resolve) => setTimeout(() => resolve('accept'), 150)));
    let results: DigestSendResult[][];
    try {
      results = await Promise.all([a.send('2024-W18'), b.send('2024-W18')]);
    } finally {
      smtp.holdWith(null);
    }
    const mails = drain();
    expect(mails.map((m) => m.rcpt[0]).sort()).toEqual([GD, TP1, TP2].sort());
    expect(new Set(mails.map((m) => m.messageId)).size).toBe(3);
    const byUnit = new Map<string | null, string[]>();
    for (const r of results.flat()) byUnit.set(r.unitId, [...(byUnit.get(r.unitId) ?? []), r.outcome]);
    expect(byUnit.size).toBe(3);
    for (const [, outcomes] of byUnit) {
      expect(outcomes.filter((o) => o === 'sent')).toHaveLength(1);
      expect(outcomes.filter((o) => o !== 'sent').every((o) => o === 'already_sent' || o === 'busy')).toBe(
        true,
      );
    }
    const rows = await query(
      db.url,
      `SELECT scope FROM digests WHERE week = '2024-W18' AND sent_at IS NOT NULL`,
    );
    expect(rows).toHaveLength(3);
  });

  it('re-sends a stored digest as stored, under a Message-ID of its own', async () => {
    const [row] = await query<{ id: string; subject: string; html: string; sent_at: Date }>(
      db.url,
      `SELECT id, subject, html, sent_at FROM digests WHERE scope = 'unit:VP' AND week = '2024-W19'`,
    );
    const { sent } = await (await service()).resend(String(row.id));
    const [mail] = drain();
    expect(mail.rcpt).toEqual([TP1]);
    expect(mail.messageId).toBe('<digest.2024-W19.unit-VP.resend-1@dunghan>');
    expect(sent.accepted).toEqual([TP1]);
    const parsed = await reparse(mail);
    expect(parsed.subject).toBe(row.subject);
    expect(parsed.html).toBe(row.html);
    const [after] = await query<{ resend_count: number; sent_at: Date; last_sent_at: Date }>(
      db.url,
      `SELECT resend_count, sent_at, last_sent_at FROM digests WHERE id = $1`,
      [row.id],
    );
    expect(after.resend_count).toBe(1);
    expect(after.sent_at).toEqual(row.sent_at);
    expect(after.last_sent_at.getTime()).toBeGreaterThan(row.sent_at.getTime());
  });

  it('dunghan digest --dry-run prints the digests and stores and sends nothing', async () => {
    const result = await capture((io) => runDigest({ week: '2024-W17', dryRun: true }, io), env);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      'Tổng hợp tuần 17/2024, số liệu tính đến 07:30 thứ Năm, 02/05/2024 (chạy thử',
    );
    expect(result.stdout).toContain(`=== đơn vị VP — gửi ${TP1} — chưa lưu`);
    expect(result.stdout).toContain('Kính gửi đồng chí Vũ Thị Lan,');
    expect(await query(db.url, `SELECT id FROM digests WHERE week = '2024-W17'`)).toEqual([]);
    expect(drain()).toHaveLength(0);
  });

  it('rebuilds a stored week byte for byte: the digest is a function of the data as of its slot', async () => {
    const result = await capture((io) => runDigest({ week: '2024-W19', dryRun: true }, io), env);
    expect(result.code).toBe(0);
    for (const digest of ['đơn vị VP', 'đơn vị BCVT', 'lãnh đạo sở']) {
      expect(result.stdout).toMatch(new RegExp(`=== ${digest} — gửi \\S+ — đã lưu, trùng nội dung\n`));
    }
  });

  it('dunghan digest --week --unit sends that unit’s digest once; usage errors exit 2', async () => {
    const first = await capture((io) => runDigest({ week: '2024-W17', unit: 'VP' }, io), env);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(`đơn vị VP: đã gửi — gửi ${TP1}`);
    expect(drain().map((m) => m.rcpt)).toEqual([[TP1]]);
    const second = await capture((io) => runDigest({ week: '2024-W17', unit: 'VP' }, io), env);
    expect(second.stdout).toContain('đơn vị VP: đã gửi trước đó, không gửi lại');
    expect(drain()).toHaveLength(0);

    const cases: [Parameters<typeof runDigest>[0], RegExp][] = [
      [{ week: '2024-W20' }, /được gửi lúc 07:30 thứ Hai, 20\/05\/2024; chưa đến lúc gửi/],
      [{ week: '2024-20' }, /--week 2024-20: phải là một tuần ISO/],
      [{ week: '2024-W17', unit: 'BGD' }, /đơn vị của lãnh đạo sở.*--unit leadership/],
      [{ week: '2024-W17', unit: 'NOPE' }, /--unit NOPE: không có đơn vị này/],
      [{ week: '2025-W05', lang: 'en' }, /Week 2025-W05 has no working day/],
    ];
    for (const [options, message] of cases) {
      const r = await capture((io) => runDigest(options, io), env);
      expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 2, stderr: expect.stringMatching(message) });
    }
    expect(drain()).toHaveLength(0);
  });

  it('reports an exempted obligation as excused, not as late', async () => {
    // This week's digest as of now (08:00): an exemption counts from when it is made.
    const digests = await service();
    const before = (await digests.preview('2024-W20', 'VP')).digests[0].text;
    const [late] = await query<{ id: string }>(
      db.url,
      "SELECT id FROM obligations WHERE unit_id = 'VP' AND status IN ('overdue', 'late') ORDER BY id LIMIT 1",
    );
    expect(late).toBeDefined();
    const ctx = contexts[contexts.length - 1];
    await ctx.review.exempt({
      obligationId: late.id,
      reason: 'Công tác đột xuất theo quyết định',
      actor: 'test',
    });
    const after = (await digests.preview('2024-W20', 'VP')).digests[0].text;
    expect(after).not.toEqual(before);
    await ctx.review.revokeExemption({
      exemptionId: (await ctx.review.exemptions({ obligationId: late.id })).items[0].id,
      reason: 'hoàn tác',
      actor: 'test',
    });
    expect((await digests.preview('2024-W20', 'VP')).digests[0].text).toEqual(before);
  });

  it('never mails anything of the confidential document or its task', () => {
    expect(everything.length).toBeGreaterThanOrEqual(8);
    for (const m of everything) expect(m.raw).not.toMatch(SECRET_MARKS);
  });
});
