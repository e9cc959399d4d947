import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, describe, expect, it } from '@jest/globals';
import { Queue } from 'bullmq';
import { BullMqJobQueue } from '../../../src/infra/queue/bullmq-job-queue.js';
import type { BullMqJobQueueOptions } from '../../../src/infra/queue/bullmq-job-queue.js';
import { jobIdFor, localDateOf, nightlyRunKey } from '../../../src/infra/queue/job-ids.js';
import { JobName, QueueName } from '../../../src/infra/queue/job-queue.port.js';
import type { RecurringJob, SyncSourcePayload } from '../../../src/infra/queue/job-queue.port.js';
import {
  deleteKeys,
  describeWithRedis,
  recordingLogger,
  REDIS_URL,
  sleep,
  syncPayload,
  uniquePrefix,
} from './queue-test.helpers.js';

const filePrefix = uniquePrefix();
let testNumber = 0;
const opened: { close(): Promise<void> }[] = [];

/** A fresh key prefix per test, so a scheduler or a failed job of one test never leaks into another. */
function nextPrefix(): string {
  testNumber += 1;
  return `${filePrefix}-${testNumber}`;
}

function openQueue(prefix: string, options: Partial<BullMqJobQueueOptions> = {}) {
  const logger = recordingLogger();
  const queue = new BullMqJobQueue({ redisUrl: REDIS_URL, prefix, backoffMs: 20, logger, ...options });
  opened.push(queue);
  return { queue, logger };
}

/** A plain BullMQ queue on the same keys, to look at what the driver left in Redis. */
function inspect(prefix: string): Queue {
  const { hostname, port } = new URL(REDIS_URL);
  const queue = new Queue(QueueName.Sync, {
    connection: { host: hostname, port: Number(port || 6379) },
    prefix,
  });
  opened.push(queue);
  return queue;
}

afterEach(async () => {
  await Promise.all(opened.splice(0).map((resource) => resource.close()));
});

afterAll(async () => {
  await deleteKeys(filePrefix);
});

describeWithRedis('BullMqJobQueue', () => {
  it('runs a job id once however often it is enqueued, also after it finished', async () => {
    const { queue } = openQueue(nextPrefix());
    const runs: string[] = [];
    await queue.enqueue(JobName.SyncSource, syncPayload('first'), { jobId: 'sync__ioffice__2025-03-10' });
    await queue.enqueue(JobName.SyncSource, syncPayload('second'), { jobId: 'sync__ioffice__2025-03-10' });
    await queue.process(JobName.SyncSource, async (payload) => {
      runs.push(payload.runKey);
      return 'done';
    });
    await queue.drain({ timeoutMs: 5_000 });
    expect(runs).toEqual(['first']);

    // A replica re-enqueueing the finished nightly job the same day is still a no-op...
    await queue.enqueue(JobName.SyncSource, syncPayload('third'), { jobId: 'sync__ioffice__2025-03-10' });
    // ...while another id is another job.
    await queue.enqueue(JobName.SyncSource, syncPayload('next night'), {
      jobId: 'sync__ioffice__2025-03-11',
    });
    await queue.drain({ timeoutMs: 5_000 });
    expect(runs).toEqual(['first', 'next night']);
  });

  it('rejects job ids BullMQ cannot take before they reach Redis', async () => {
    const { queue } = openQueue(nextPrefix());
    await expect(
      queue.enqueue(JobName.SyncSource, syncPayload('x'), { jobId: 'sync:ioffice' }),
    ).rejects.toThrow(/Invalid job id/);
    await expect(queue.enqueue(JobName.SyncSource, syncPayload('x'), { jobId: '20250310' })).rejects.toThrow(
      /Invalid job id/,
    );
  });

  it('retries a handler that throws, with exponential backoff, until it succeeds', async () => {
    const prefix = nextPrefix();
    const { queue, logger } = openQueue(prefix, { defaultAttempts: 3, backoffMs: 100 });
    const calls: number[] = [];
    await queue.process(JobName.SyncSource, async () => {
      calls.push(Date.now());
      if (calls.length <= 2) throw new Error(`source unreachable (${calls.length})`);
      return 'done';
    });
    await queue.enqueue(JobName.SyncSource, syncPayload('r'), { jobId: 'sync__flaky__2025-03-10' });
    await queue.drain({ timeoutMs: 5_000 });

    expect(calls).toHaveLength(3);
    expect(calls[1] - calls[0]).toBeGreaterThanOrEqual(100);
    expect(calls[2] - calls[1]).toBeGreaterThanOrEqual(200);
    const job = await inspect(prefix).getJob('sync__flaky__2025-03-10');
    expect(await job?.getState()).toBe('completed');
    expect(job?.returnvalue).toBe('done');
    expect(logger.warnings).toHaveLength(2);
    expect(logger.errors).toEqual([]);
  });

  it('fails a job after its attempts are used up and does not run it again', async () => {
    const prefix = nextPrefix();
    const { queue, logger } = openQueue(prefix);
    let calls = 0;
    await queue.process(JobName.SyncSource, async () => {
      calls += 1;
      throw new Error('credentials rejected');
    });
    await queue.enqueue(JobName.SyncSource, syncPayload('f'), {
      jobId: 'sync__broken__2025-03-10',
      attempts: 2,
    });
    await queue.drain({ timeoutMs: 5_000 });
    await queue.enqueue(JobName.SyncSource, syncPayload('f'), {
      jobId: 'sync__broken__2025-03-10',
      attempts: 2,
    });
    await queue.drain({ timeoutMs: 5_000 });

    expect(calls).toBe(2);
    const job = await inspect(prefix).getJob('sync__broken__2025-03-10');
    expect(await job?.getState()).toBe('failed');
    expect(job?.failedReason).toBe('credentials rejected');
    expect(logger.errors).toEqual([expect.stringContaining('giving up')]);
  });

  it("completes a 'skipped' job without retrying it", async () => {
    const prefix = nextPrefix();
    const { queue } = openQueue(prefix, { defaultAttempts: 3 });
    let calls = 0;
    await queue.process(JobName.SyncSource, async () => {
      calls += 1;
      return 'skipped';
    });
    await queue.enqueue(JobName.SyncSource, syncPayload('s'), { jobId: 'sync__unchanged__2025-03-10' });
    await queue.drain({ timeoutMs: 5_000 });

    expect(calls).toBe(1);
    const job = await inspect(prefix).getJob('sync__unchanged__2025-03-10');
    expect(await job?.getState()).toBe('completed');
    expect(job?.returnvalue).toBe('skipped');
  });

  it('reports its depth per queue: waiting, active, delayed for a retry — not the next scheduled firing', async () => {
    const prefix = nextPrefix();
    // Another replica's nightly scheduler: its next firing sits in BullMQ's delayed set until 01:30,
    // but it is not work waiting to be done, so it must not read as a backlog.
    const { queue: scheduling } = openQueue(prefix);
    await scheduling.schedule({
      id: 'sync-ioffice-nightly',
      name: JobName.SyncSource,
      cron: '30 1 * * *',
      payload: (firedAt) => ({ source: 'ioffice', trigger: 'schedule', runKey: nightlyRunKey(firedAt) }),
      jobId: (firedAt) => jobIdFor('sync', 'ioffice', localDateOf(firedAt)),
    });
    const { queue } = openQueue(prefix, { defaultAttempts: 2, backoffMs: 60_000 });
    await queue.enqueue(JobName.SyncSource, syncPayload('a'), { jobId: 'sync__a__2025-03-10' });
    await queue.enqueue(JobName.SyncSource, syncPayload('b'), { jobId: 'sync__b__2025-03-10' });
    await queue.enqueue(JobName.ReminderSlot, { slot: '2025-03-10T08:00' }, { jobId: 'remind__2025-03-10' });
    expect(await queue.depth()).toEqual([
      { queue: 'sync', waiting: 2, active: 0, delayed: 0 },
      { queue: 'mail', waiting: 1, active: 0, delayed: 0 },
    ]);

    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const started: string[] = [];
    await queue.process(JobName.SyncSource, async (payload) => {
      started.push(payload.runKey);
      if (payload.runKey === 'a') throw new Error('source unreachable');
      await held;
      return 'done';
    });
    // 'a' failed its first attempt and waits a minute for its retry; 'b' is running.
    for (let i = 0; i < 100 && started.length < 2; i++) await sleep(20);
    await sleep(50);
    expect((await queue.depth())[0]).toEqual({ queue: 'sync', waiting: 0, active: 1, delayed: 1 });
    release();
  });

  it('registers the scheduler in Asia/Ho_Chi_Minh, so 01:30 is 18:30 UTC the day before', async () => {
    const prefix = nextPrefix();
    const { queue } = openQueue(prefix);
    await queue.schedule({
      id: 'sync-ioffice-nightly',
      name: JobName.SyncSource,
      cron: '30 1 * * *',
      payload: (firedAt) => ({ source: 'ioffice', trigger: 'schedule', runKey: nightlyRunKey(firedAt) }),
      jobId: (firedAt) => jobIdFor('sync', 'ioffice', localDateOf(firedAt)),
    });
    const scheduler = await inspect(prefix).getJobScheduler('sync-ioffice-nightly');
    expect(scheduler?.tz).toBe('Asia/Ho_Chi_Minh');
    const next = new Date(scheduler?.next ?? 0);
    expect([next.getUTCHours(), next.getUTCMinutes()]).toEqual([18, 30]);
    expect(next.getTime() - Date.now()).toBeLessThanOrEqual(86_400_000);
  });

  describe('recurring jobs on two replicas', () => {
    /** Two drivers on one Redis, each registering the same recurring job and a worker. */
    async function twoReplicas(prefix: string, recurring: RecurringJob<JobName.SyncSource>) {
      const runs: { replica: string; payload: SyncSourcePayload }[] = [];
      const replicas: BullMqJobQueue[] = [];
      for (const replica of ['a', 'b']) {
        const { queue } = openQueue(prefix);
        replicas.push(queue);
        await queue.schedule(recurring);
        await queue.process(JobName.SyncSource, async (payload) => {
          runs.push({ replica, payload });
          return 'done';
        });
      }
      return { runs, first: replicas[0] };
    }

    async function stopScheduler(prefix: string, first: BullMqJobQueue, schedulerId: string) {
      const raw = inspect(prefix);
      expect(await raw.getJobSchedulersCount()).toBe(1);
      await raw.removeJobScheduler(schedulerId);
      await first.drain({ timeoutMs: 5_000 });
      return raw;
    }

    it('fires the scheduler once per period, not once per replica', async () => {
      const prefix = nextPrefix();
      const { runs, first } = await twoReplicas(prefix, {
        id: 'probe-every-second',
        name: JobName.SyncSource,
        cron: '* * * * * *',
        payload: (firedAt) => ({ source: 'probe', trigger: 'schedule', runKey: firedAt.toISOString() }),
        // A fresh id per firing, so every firing shows up as a run: duplicates would be visible.
        jobId: () => jobIdFor('probe', randomUUID()),
      });
      await sleep(3_300);
      await stopScheduler(prefix, first, 'probe-every-second');

      const firings = runs.map((run) => Date.parse(run.payload.runKey)).sort((a, b) => a - b);
      expect(firings.length).toBeGreaterThanOrEqual(2);
      expect(firings.length).toBeLessThanOrEqual(5);
      // One firing per whole second, each second once.
      expect(firings.every((ms) => ms % 1_000 === 0)).toBe(true);
      expect(firings.slice(1).map((ms, i) => ms - firings[i])).toEqual(firings.slice(1).map(() => 1_000));
    });

    it('runs the real job once per window even though the scheduler fires more often', async () => {
      const prefix = nextPrefix();
      const window = (firedAt: Date) => String(Math.floor(firedAt.getTime() / 2_000));
      const { runs, first } = await twoReplicas(prefix, {
        id: 'sync-every-second',
        name: JobName.SyncSource,
        cron: '* * * * * *',
        payload: (firedAt) => ({ source: 'ioffice', trigger: 'schedule', runKey: `w${window(firedAt)}` }),
        jobId: (firedAt) => jobIdFor('sync', 'ioffice', window(firedAt)),
      });
      await sleep(4_300);
      const raw = await stopScheduler(prefix, first, 'sync-every-second');

      const windows = runs.map((run) => run.payload.runKey);
      expect(new Set(windows).size).toBe(windows.length);
      expect(windows.length).toBeGreaterThanOrEqual(2);
      // The scheduler did fire more often than the job ran: the deterministic id absorbed the rest.
      const ticks = (await raw.getJobs(['completed'])).filter((job) => job.name !== JobName.SyncSource);
      expect(ticks.length).toBeGreaterThan(windows.length);
    });
  });
});
