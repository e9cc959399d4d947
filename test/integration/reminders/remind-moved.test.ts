/**
 * A due date that moves while its reminder is claimed but not sent (the mail server was down at
 * 08:00, a deadline extension — gia hạn — arrived at 09:00): the stale reminder is dropped, never
 * sent, and the reminder for the new due date is planned and sent on its own day.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { runRemind } from '../../../src/cli/remind.command.js';
import { capture } from '../support/cli-io.js';
import { createTestDatabase, query, type TestDatabase } from '../support/test-database.js';
import { configDir, importAsOf, reminderBundle } from './reminder-fixture.js';
import { addresses, TestSmtpServer } from './smtp-test-server.js';

describe('a due date that moves (real Postgres, real SMTP)', () => {
  let db: TestDatabase;
  let smtp: TestSmtpServer;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    db = await createTestDatabase();
    smtp = await new TestSmtpServer().start();
    const cfg = configDir();
    env = {
      DATABASE_URL: db.url,
      DUNGHAN_CONFIG_DIR: cfg.configDir,
      DUNGHAN_DATA_DIR: cfg.dataDir,
      DUNGHAN_WORKER_NAME: 'moved-test',
      SMTP_URL: smtp.url(),
    };
  });
  afterAll(async () => {
    await smtp.stop();
    await db.drop();
  });

  const rows = () =>
    query<{
      obligation_id: string;
      stage: string;
      due_date: string;
      state: string;
      dropped_reason: string | null;
    }>(
      db.url,
      `SELECT r.obligation_id, r.stage, r.due_date::text AS due_date,
              CASE WHEN r.dropped_reason IS NOT NULL THEN 'dropped' ELSE m.state END AS state, r.dropped_reason
       FROM reminders r JOIN reminder_messages m ON m.message_id = r.message_id
       WHERE r.obligation_id LIKE '%r-unitd' ORDER BY r.obligation_id, r.due_date`,
    );

  it('drops the claimed reminder for the old date, then sends the one for the new date', async () => {
    // r-unit: deadline Fri 17 May 2024 → the drafter is due Tue 14 May, the unit Wed 15 May.
    await importAsOf(reminderBundle(), '2024-05-14T01:30:00+07:00', env);
    const port = smtp.port;
    await smtp.stop();
    const down = await capture((io) => runRemind({ asOf: '2024-05-14T08:00:00+07:00' }, io), env);
    expect(down.code).toBe(1);
    expect(await rows()).toEqual([
      {
        obligation_id: 'staff_submission:r-unitd',
        stage: 'due',
        due_date: '2024-05-14',
        state: 'claimed',
        dropped_reason: null,
      },
      {
        obligation_id: 'unit_submission:r-unitd',
        stage: 'before',
        due_date: '2024-05-15',
        state: 'claimed',
        dropped_reason: null,
      },
    ]);

    // At 09:00 the deadline is extended to Fri 24 May: S moves to Tue 21, U to Wed 22.
    const extended = reminderBundle({
      extension: { deadline: '2024-05-24', at: '2024-05-14T09:00:00+07:00' },
    });
    await importAsOf(extended, '2024-05-14T09:30:00+07:00', env);
    await smtp.start(port);
    const later = await capture((io) => runRemind({ asOf: '2024-05-14T10:00:00+07:00' }, io), env);
    expect(later.code).toBe(0);
    expect(later.stdout).toContain('bỏ 2 nhắc hạn không còn đúng');
    expect(smtp.received).toEqual([]);
    expect((await rows()).map((r) => [r.obligation_id, r.state, r.dropped_reason])).toEqual([
      ['staff_submission:r-unitd', 'dropped', 'no_longer_due'],
      ['unit_submission:r-unitd', 'dropped', 'no_longer_due'],
    ]);

    // The reminder for the new date: the day before Tue 21 May, to the drafter.
    await importAsOf(extended, '2024-05-20T01:30:00+07:00', env);
    const monday = await capture((io) => runRemind({ asOf: '2024-05-20T08:00:00+07:00' }, io), env);
    expect(monday.code).toBe(0);
    const mail = smtp.received.find((m) => addresses(m.parsed.to).includes('chaunm@hanam.gov.vn'))!;
    expect(mail.parsed.text).toContain('Báo cáo kết quả thi đua 6 tháng');
    expect(mail.parsed.text).toContain('Hạn: thứ Ba 21/05/2024 — còn 1 ngày làm việc');
    expect(mail.parsed.text).toContain('tức 2 ngày làm việc trước hạn 24/05 (đã gia hạn, hạn cũ 17/05)');
    expect((await rows()).map((r) => [r.obligation_id, r.stage, r.due_date, r.state])).toEqual([
      ['staff_submission:r-unitd', 'due', '2024-05-14', 'dropped'],
      ['staff_submission:r-unitd', 'before', '2024-05-21', 'sent'],
      ['unit_submission:r-unitd', 'before', '2024-05-15', 'dropped'],
    ]);
  });
});
