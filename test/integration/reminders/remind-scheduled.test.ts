/**
 * The reminder scheduler follows the configured slot. With `slotTime` 09:00 in
 * `config/reminders.json`, the worker (the same Nest wiring as production, real Redis, Postgres
 * and SMTP) registers its reminder scheduler for 09:00 Asia/Ho_Chi_Minh — not a fixed 08:00 that
 * would wake "before the slot" and send nothing all day — and when that firing comes on a working
 * day (Wed 8 May 2024, clock at 09:00) the reminders go out. The digest scheduler keeps 07:30.
 */
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { Queue } from 'bullmq';
import { QueueName } from '../../../src/infra/queue/job-queue.port.js';
import type { RunningWorker } from '../../../src/worker.js';
import { bootstrapWorker } from '../../../src/worker.js';
import { deleteKeys, describeWithRedis, REDIS_URL, uniquePrefix } from '../queue/queue-test.helpers.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { configDir, importAsOf, reminderBundle } from './reminder-fixture.js';
import { addresses, TestSmtpServer } from './smtp-test-server.js';

const CV1 = 'chaunm@hanam.gov.vn';
const SLOT = '2024-05-08T09:00:00+07:00';

/** `HH:MM` in Asia/Ho_Chi_Minh (UTC+7, no daylight saving). */
const localTime = (millis: number) => new Date(millis + 7 * 3_600_000).toISOString().slice(11, 16);

describeWithRedis('the reminder scheduler at a configured 09:00 slot', () => {
  const prefix = uniquePrefix();
  let db: TestDatabase;
  let smtp: TestSmtpServer;
  let worker: RunningWorker;
  let mailQueue: Queue;

  beforeAll(async () => {
    db = await createTestDatabase();
    smtp = await new TestSmtpServer().start();
    const cfg = configDir({ slotTime: '09:00' });
    const env = {
      DATABASE_URL: db.url,
      REDIS_URL,
      DUNGHAN_CONFIG_DIR: cfg.configDir,
      DUNGHAN_DATA_DIR: cfg.dataDir,
      DUNGHAN_WORKER_NAME: 'remind-scheduled-test',
      SMTP_URL: smtp.url(),
      DUNGHAN_CLOCK: SLOT,
    };
    // What the nightly sync stored before the slot.
    await importAsOf(reminderBundle(), '2024-05-08T01:30:00+07:00', env);
    worker = await bootstrapWorker({ env, queuePrefix: prefix, logger: false });
    const { hostname, port } = new URL(REDIS_URL);
    mailQueue = new Queue(QueueName.Mail, {
      connection: { host: hostname, port: Number(port || 6379) },
      prefix,
    });
  });
  afterAll(async () => {
    await mailQueue?.close();
    await worker?.close();
    await deleteKeys(prefix);
    await smtp?.stop();
    await db?.drop();
  });

  it('registers the reminders for 09:00 and the digests for 07:30, in Asia/Ho_Chi_Minh', async () => {
    const remind = await mailQueue.getJobScheduler('remind');
    expect(remind?.tz).toBe('Asia/Ho_Chi_Minh');
    expect(localTime(remind?.next ?? 0)).toBe('09:00');
    const digest = await mailQueue.getJobScheduler('digest');
    expect(digest?.tz).toBe('Asia/Ho_Chi_Minh');
    expect(localTime(digest?.next ?? 0)).toBe('07:30');
  });

  it('sends the day’s reminders when the 09:00 firing comes', async () => {
    // The scheduler's next firing waits in the delayed set; promoting it is that firing arriving.
    const ticks = (await mailQueue.getDelayed()).filter(
      (job) => (job.data as { schedulerId?: string }).schedulerId === 'remind',
    );
    expect(ticks).toHaveLength(1);
    expect(localTime(ticks[0].timestamp + ticks[0].delay)).toBe('09:00');
    smtp.clear();
    await ticks[0].promote();
    for (let i = 0; i < 200 && smtp.received.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
    await worker.queue.drain();

    const toCv1 = smtp.received.filter((m) => addresses(m.parsed.to).includes(CV1));
    expect(toCv1).toHaveLength(1);
    expect(toCv1[0].parsed.subject).toMatch(/^\[Đúng hạn\] Nhắc hạn ngày 08\/05\/2024: /);
    expect(toCv1[0].parsed.text).toContain('Góp ý dự thảo quy chế văn thư');
    expect(toCv1[0].messageId).toMatch(/^<reminder\.20240508T0900\.[0-9a-f]{24}@dunghan>$/);
  });
});
