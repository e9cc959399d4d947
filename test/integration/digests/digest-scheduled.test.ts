/**
 * The digest scheduler follows the configured digest time. With `digestTime` 07:45 in
 * `config/reminders.json`, the worker (the same Nest wiring as production, real Redis and
 * Postgres) registers its digest scheduler for 07:45 Asia/Ho_Chi_Minh — not the shipped 07:30 —
 * and keeps the reminders at their own `slotTime`.
 */
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { Queue } from 'bullmq';
import { QueueName } from '../../../src/infra/queue/job-queue.port.js';
import type { RunningWorker } from '../../../src/worker.js';
import { bootstrapWorker } from '../../../src/worker.js';
import { deleteKeys, describeWithRedis, REDIS_URL, uniquePrefix } from '../queue/queue-test.helpers.js';
import { configDir } from '../reminders/reminder-fixture.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

/** `HH:MM` in Asia/Ho_Chi_Minh (UTC+7, no daylight saving). */
const localTime = (millis: number) => new Date(millis + 7 * 3_600_000).toISOString().slice(11, 16);

describeWithRedis('the digest scheduler at a configured 07:45', () => {
  const prefix = uniquePrefix();
  let db: TestDatabase;
  let worker: RunningWorker;
  let mailQueue: Queue;

  beforeAll(async () => {
    db = await createTestDatabase();
    const cfg = configDir({ digestTime: '07:45' });
    worker = await bootstrapWorker({
      env: {
        DATABASE_URL: db.url,
        REDIS_URL,
        DUNGHAN_CONFIG_DIR: cfg.configDir,
        DUNGHAN_DATA_DIR: cfg.dataDir,
        DUNGHAN_WORKER_NAME: 'digest-scheduled-test',
        DUNGHAN_CLOCK: '2024-05-13T06:00:00+07:00',
      },
      queuePrefix: prefix,
      logger: false,
    });
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
    await db?.drop();
  });

  it('registers the digests for 07:45 and the reminders for 08:00, in Asia/Ho_Chi_Minh', async () => {
    const digest = await mailQueue.getJobScheduler('digest');
    expect(digest?.tz).toBe('Asia/Ho_Chi_Minh');
    expect(localTime(digest?.next ?? 0)).toBe('07:45');
    const ticks = (await mailQueue.getDelayed()).filter(
      (job) => (job.data as { schedulerId?: string }).schedulerId === 'digest',
    );
    expect(ticks).toHaveLength(1);
    expect(localTime(ticks[0].timestamp + ticks[0].delay)).toBe('07:45');
    const remind = await mailQueue.getJobScheduler('remind');
    expect(localTime(remind?.next ?? 0)).toBe('08:00');
  });
});
