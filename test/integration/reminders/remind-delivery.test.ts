/**
 * Delivery: a server that refuses for a while, an outage, a permanent refusal, TLS with a
 * password, and the file outbox — each message delivered exactly once, recorded as it went.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import pg from 'pg';
import { openServices } from '../support/services.js';
import { runRemind } from '../../../src/cli/remind.command.js';
import { FileOutboxMailer, outboxFileName } from '../../../src/infra/mail/file-outbox.mailer.js';
import { handleReminderSlot, reminderJobId } from '../../../src/modules/reminders/reminder.jobs.js';
import { ReminderService } from '../../../src/modules/reminders/reminder.service.js';
import { capture } from '../support/cli-io.js';
import { createTestDatabase, query, type TestDatabase } from '../support/test-database.js';
import { configDir, importAsOf, reminderBundle } from './reminder-fixture.js';
import { TestSmtpServer } from './smtp-test-server.js';

/** Thu 9 May 2024 has four messages: CV1 (r-one-a/b due, r-weekend before) and the three unit heads (weekly schedule W20 due Fri 10). */
const SLOT = '2024-05-09T08:00:00+07:00';

interface Row {
  message_id: string;
  state: string;
  attempts: number;
  last_error: string | null;
}

async function rows(url: string, slot: string): Promise<Row[]> {
  return query<Row>(
    url,
    `SELECT m.message_id, m.state, m.attempts, m.last_error
     FROM reminders r JOIN reminder_messages m ON m.message_id = r.message_id
     WHERE m.slot = $1 ORDER BY m.message_id, r.obligation_id`,
    [slot],
  );
}

function perMessageId(mails: { messageId: string }[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const m of mails) counts.set(m.messageId, (counts.get(m.messageId) ?? 0) + 1);
  return counts;
}

describe('delivery (real Postgres, real SMTP)', () => {
  let db: TestDatabase;
  let bundle: string;
  let cfg: ReturnType<typeof configDir>;
  const env = (extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv => ({
    DATABASE_URL: db.url,
    DUNGHAN_CONFIG_DIR: cfg.configDir,
    DUNGHAN_DATA_DIR: cfg.dataDir,
    DUNGHAN_WORKER_NAME: 'delivery-test',
    ...extra,
  });

  beforeAll(async () => {
    db = await createTestDatabase();
    cfg = configDir();
    bundle = reminderBundle();
  });
  afterAll(() => db.drop());

  /** A fresh start for a slot: the night's import, and no record of that slot's reminders. */
  async function prepare(slot: string): Promise<void> {
    await importAsOf(bundle, `${slot.slice(0, 10)}T01:30:00+07:00`, env({}));
    await query(db.url, 'DELETE FROM reminders WHERE slot = $1', [slot]);
    await query(db.url, 'DELETE FROM reminder_messages WHERE slot = $1', [slot]);
  }

  it('a server that refuses (451) for a while and then accepts gets each message exactly once', async () => {
    const smtp = await new TestSmtpServer().start();
    try {
      await prepare(SLOT);
      smtp.refuse(3);
      const result = await capture((io) => runRemind({ asOf: SLOT }, io), env({ SMTP_URL: smtp.url() }));
      expect(result.code).toBe(0);
      expect(smtp.refused).toBe(3);
      expect(result.stderr).toMatch(/attempt 1 failed \(.*451.*\); retrying/);
      const stored = await rows(db.url, SLOT);
      const ids = [...new Set(stored.map((r) => r.message_id))];
      expect(ids.length).toBeGreaterThanOrEqual(2);
      expect(stored.every((r) => r.state === 'sent' && r.last_error === null)).toBe(true);
      // Every claimed message arrived, once.
      expect([...perMessageId(smtp.received).entries()].sort()).toEqual(ids.map((id) => [id, 1]).sort());
    } finally {
      await smtp.stop();
    }
  });

  it('an outage: the run stops and says so; the next run that day delivers every message once, same Message-IDs', async () => {
    const slot = '2024-05-13T08:00:00+07:00';
    const smtp = await new TestSmtpServer().start();
    const port = smtp.port;
    await smtp.stop();
    try {
      await prepare(slot);
      const down = await capture((io) => runRemind({ asOf: slot }, io), env({ SMTP_URL: smtp.url() }));
      expect(down.code).toBe(1);
      expect(down.stdout).toContain(
        'Máy chủ thư chưa nhận thư; phần còn lại sẽ được gửi ở lượt sau trong ngày.',
      );
      const claimed = await rows(db.url, slot);
      expect(claimed.length).toBeGreaterThanOrEqual(2);
      expect(claimed.every((r) => r.state === 'claimed')).toBe(true);
      expect(claimed.some((r) => r.last_error !== null && /ECONNREFUSED|connect/i.test(r.last_error))).toBe(
        true,
      );

      await smtp.start(port);
      const later = '2024-05-13T09:15:00+07:00';
      const up = await capture((io) => runRemind({ asOf: later }, io), env({ SMTP_URL: smtp.url() }));
      expect(up.code).toBe(0);
      expect(up.stdout).toMatch(/gửi lại [1-9]/);
      const ids = [...new Set(claimed.map((r) => r.message_id))].sort();
      expect([...perMessageId(smtp.received).entries()].sort()).toEqual(ids.map((id) => [id, 1]));
      expect((await rows(db.url, slot)).every((r) => r.state === 'sent')).toBe(true);

      const again = await capture(
        (io) => runRemind({ asOf: '2024-05-13T10:00:00+07:00' }, io),
        env({ SMTP_URL: smtp.url() }),
      );
      expect(again.code).toBe(0);
      expect(smtp.received).toHaveLength(ids.length);
    } finally {
      await smtp.stop();
    }
  });

  it('an outage that outlasts the day: what was not sent goes out the next working day, marked late, unless that day reminds it anyway', async () => {
    // Mon 13 May: r-weekend's escalation (its last reminder) and others that Tuesday's supersede.
    const slot = '2024-05-13T08:00:00+07:00';
    const smtp = await new TestSmtpServer().start();
    const port = smtp.port;
    await smtp.stop();
    try {
      await prepare(slot);
      expect((await capture((io) => runRemind({ asOf: slot }, io), env({ SMTP_URL: smtp.url() }))).code).toBe(
        1,
      );
      const claimed = await query<{ message_id: string; obligation_id: string; stage: string }>(
        db.url,
        `SELECT r.message_id, r.obligation_id, r.stage FROM reminders r
         JOIN reminder_messages m ON m.message_id = r.message_id WHERE m.slot = $1 ORDER BY 2, 3`,
        [slot],
      );
      const escalation = claimed.find(
        (r) => r.obligation_id === 'plan:r-weekend' && r.stage === 'escalation',
      );
      expect(escalation).toBeDefined();

      await smtp.start(port);
      await importAsOf(bundle, '2024-05-14T01:30:00+07:00', env({}));
      const next = await capture(
        (io) => runRemind({ asOf: '2024-05-14T08:00:00+07:00' }, io),
        env({ SMTP_URL: smtp.url() }),
      );
      expect(next.code).toBe(0);
      const late = smtp.received.filter((m) => m.messageId === escalation!.message_id);
      expect(late).toHaveLength(1);
      expect(late[0].parsed.subject).toMatch(/^\[Đúng hạn\] \(Gửi muộn\) Nhắc hạn ngày 14\/05\/2024/);
      expect(late[0].parsed.text).toContain(
        'Thư nhắc này lẽ ra được gửi ngày thứ Hai 13/05/2024 nhưng khi đó chưa gửi được',
      );
      expect(late[0].parsed.text).toContain('Rà soát thủ tục hành chính quý II');
      // Nothing of Monday is lost: sent late, or superseded by Tuesday's reminder of the same obligation.
      const monday = await query<{ obligation_id: string; state: string; dropped_reason: string | null }>(
        db.url,
        `SELECT r.obligation_id, CASE WHEN r.dropped_reason IS NULL THEN m.state ELSE 'dropped' END AS state, r.dropped_reason
         FROM reminders r JOIN reminder_messages m ON m.message_id = r.message_id WHERE m.slot = $1`,
        [slot],
      );
      expect(monday.find((r) => r.obligation_id === 'plan:r-weekend')).toMatchObject({ state: 'sent' });
      const tuesday = await query<{ obligation_id: string }>(
        db.url,
        `SELECT r.obligation_id FROM reminders r JOIN reminder_messages m ON m.message_id = r.message_id WHERE m.slot = $1`,
        ['2024-05-14T08:00:00+07:00'],
      );
      for (const row of monday.filter((r) => r.state === 'dropped')) {
        expect(row.dropped_reason).toBe('superseded');
        expect(tuesday.map((r) => r.obligation_id)).toContain(row.obligation_id);
      }
      // The others went out as Tuesday's own reminders, not marked late.
      // Late means Monday's messages, under Monday's Message-IDs, each once; Tuesday's are not late.
      const mondayIds = new Set(claimed.map((r) => r.message_id));
      for (const m of smtp.received) {
        expect(m.parsed.subject?.includes('(Gửi muộn)')).toBe(mondayIds.has(m.messageId));
      }
      const lateIds = smtp.received.filter((m) => mondayIds.has(m.messageId)).map((m) => m.messageId);
      expect(new Set(lateIds).size).toBe(lateIds.length);
    } finally {
      await smtp.stop();
    }
  });

  it('a permanent refusal (550) is recorded and not retried', async () => {
    const smtp = await new TestSmtpServer().start();
    try {
      await prepare(SLOT);
      smtp.refuse(1, 550);
      const result = await capture(
        (io) => runRemind({ asOf: SLOT }, io),
        env({ SMTP_URL: smtp.url('maxConnections=1') }),
      );
      expect(result.code).toBe(1);
      expect(smtp.refused).toBe(1);
      const stored = await rows(db.url, SLOT);
      const failed = stored.filter((r) => r.state === 'failed');
      expect(failed.length).toBeGreaterThanOrEqual(1);
      expect(failed[0].last_error).toMatch(/550/);
      expect(stored.filter((r) => r.state === 'sent').length).toBe(stored.length - failed.length);
      // A later run does not try it again.
      const again = await capture(
        (io) => runRemind({ asOf: '2024-05-09T11:00:00+07:00' }, io),
        env({ SMTP_URL: smtp.url() }),
      );
      expect(again.stdout).toContain('không có gì phải nhắc');
    } finally {
      await smtp.stop();
    }
  });

  it('sends over implicit TLS with a password; a wrong password leaves the reminders for a later run', async () => {
    const smtp = await new TestSmtpServer({
      secure: true,
      auth: { user: 'dunghan@hanam.gov.vn', pass: 'mật khẩu:1' },
    }).start();
    try {
      await prepare(SLOT);
      const wrong = smtp.url().replace(encodeURIComponent('mật khẩu:1'), 'sai');
      const refused = await capture((io) => runRemind({ asOf: SLOT }, io), env({ SMTP_URL: wrong }));
      expect(refused.code).toBe(1);
      expect(smtp.received).toEqual([]);
      const claimed = await rows(db.url, SLOT);
      expect(claimed.every((r) => r.state === 'claimed')).toBe(true);
      expect(claimed[0].last_error).toMatch(/535|auth/i);

      const ok = await capture(
        (io) => runRemind({ asOf: '2024-05-09T08:30:00+07:00' }, io),
        env({ SMTP_URL: smtp.url() }),
      );
      expect(ok.code).toBe(0);
      expect(new Set(smtp.received.map((m) => m.messageId)).size).toBe(
        new Set(claimed.map((r) => r.message_id)).size,
      );
      expect((await rows(db.url, SLOT)).every((r) => r.state === 'sent')).toBe(true);
    } finally {
      await smtp.stop();
    }
  });

  it('the scheduled job: done, then a no-op for the same slot; it throws (so the queue retries) when mail does not go', async () => {
    const smtp = await new TestSmtpServer().start();
    const slot = '2024-05-16T08:00:00+07:00';
    const ctx = await openServices(env({ DUNGHAN_CLOCK: slot, SMTP_URL: smtp.url() }));
    try {
      await prepare(slot);
      const port = smtp.port;
      await smtp.stop();
      await expect(handleReminderSlot(ctx.nest.get(ReminderService), ctx.now())).rejects.toThrow(
        /not sent yet; retrying/,
      );
      await smtp.start(port);
      expect(await handleReminderSlot(ctx.nest.get(ReminderService), ctx.now())).toBe('done');
      expect(smtp.received.length).toBeGreaterThan(0);
      expect(await handleReminderSlot(ctx.nest.get(ReminderService), ctx.now())).toBe('skipped');
      expect(reminderJobId(new Date(slot))).toBe('remind__2024-05-16');
    } finally {
      await ctx.close();
      await smtp.stop();
    }
  });

  it('names what to fix: a bad --as-of, a bad SMTP_URL (exit 2, nothing sent)', async () => {
    const asOf = await capture((io) => runRemind({ asOf: '2024-05-09 08:00' }, io), env({}));
    expect(asOf).toMatchObject({ code: 2, stdout: '' });
    expect(asOf.stderr).toContain('--as-of 2024-05-09 08:00: không phải thời điểm hợp lệ');
    const url = await capture(
      (io) => runRemind({ asOf: SLOT }, io),
      env({ SMTP_URL: 'http://mail.hanam.gov.vn' }),
    );
    expect(url).toMatchObject({ code: 2, stdout: '' });
    expect(url.stderr).toBe(
      'Cấu hình không dùng được: SMTP_URL: phải bắt đầu bằng smtp:// hoặc smtps:// / must start with smtp:// or smtps://\n',
    );
  });

  it('a second run while one holds the reminder lock sends nothing and says so', async () => {
    const smtp = await new TestSmtpServer().start();
    const holder = new pg.Client({ connectionString: db.url });
    await holder.connect();
    try {
      await prepare(SLOT);
      await holder.query(`SELECT pg_advisory_lock(hashtext('dunghan:remind'))`);
      const busy = await capture((io) => runRemind({ asOf: SLOT }, io), env({ SMTP_URL: smtp.url() }));
      expect(busy.code).toBe(0);
      expect(busy.stdout).toBe('Một lượt nhắc hạn khác đang chạy; lượt này không gửi gì.\n');
      expect(smtp.received).toEqual([]);
      expect(await rows(db.url, SLOT)).toEqual([]);
    } finally {
      await holder.end();
      await smtp.stop();
    }
  });

  it('without SMTP_URL, writes each message as an .eml file in the outbox, one file per Message-ID', async () => {
    await prepare(SLOT);
    const result = await capture((io) => runRemind({ asOf: SLOT }, io), env({}));
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('vào hộp thư đi (tệp .eml)');
    const outbox = join(cfg.dataDir, 'outbox');
    const files = readdirSync(outbox).filter((f) => f.endsWith('.eml'));
    const stored = await rows(db.url, SLOT);
    const ids = [...new Set(stored.map((r) => r.message_id))];
    expect(files.sort()).toEqual(ids.map(outboxFileName).sort());
    const parsed = await simpleParser(readFileSync(join(outbox, files[0])));
    expect(ids).toContain(parsed.messageId);
    expect(parsed.subject).toMatch(/^\[Đúng hạn\] Nhắc hạn ngày 09\/05\/2024: /);
    expect(parsed.text).toContain('Kính gửi đồng chí');
    expect(parsed.html).toContain('<html lang="vi">');

    // Sending the same message again replaces its file.
    const mailer = new FileOutboxMailer(outbox, { name: 'Đúng hạn', address: 'dunghan@hanam.gov.vn' });
    const mail = {
      messageId: ids[0],
      to: [{ address: 'a@hanam.gov.vn' }],
      subject: 'x',
      text: 'x',
      html: '<p>x</p>',
    };
    await mailer.send(mail);
    await mailer.send(mail);
    expect(readdirSync(outbox).filter((f) => f.endsWith('.eml'))).toHaveLength(files.length);
    expect(readdirSync(outbox).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
