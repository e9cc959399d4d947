import { afterEach, describe, expect, it } from '@jest/globals';
import { InlineJobQueue } from '../../../src/infra/queue/inline-job-queue.js';
import type { InlineJobQueueOptions } from '../../../src/infra/queue/inline-job-queue.js';
import { jobIdFor } from '../../../src/infra/queue/job-ids.js';
import { JobName } from '../../../src/infra/queue/job-queue.port.js';
import { recordingLogger, sleep, syncPayload } from './queue-test.helpers.js';

const opened: InlineJobQueue[] = [];

function openQueue(options: InlineJobQueueOptions = {}) {
  const logger = recordingLogger();
  const queue = new InlineJobQueue({ backoffMs: 20, logger, ...options });
  opened.push(queue);
  return { queue, logger };
}

afterEach(async () => {
  await Promise.all(opened.splice(0).map((queue) => queue.close()));
});

describe('InlineJobQueue', () => {
  it('runs a job id once, whether the duplicate comes while pending or after completion', async () => {
    const { queue } = openQueue();
    const runs: string[] = [];
    await queue.enqueue(JobName.SyncSource, syncPayload('first'), { jobId: 'sync__ioffice__2025-03-10' });
    await queue.enqueue(JobName.SyncSource, syncPayload('second'), { jobId: 'sync__ioffice__2025-03-10' });
    // Jobs wait for a handler, as they would in Redis before a worker starts.
    expect(runs).toEqual([]);
    await queue.process(JobName.SyncSource, async (payload) => {
      runs.push(payload.runKey);
      return 'done';
    });
    await queue.drain({ timeoutMs: 2_000 });
    expect(runs).toEqual(['first']);

    await queue.enqueue(JobName.SyncSource, syncPayload('third'), { jobId: 'sync__ioffice__2025-03-10' });
    await queue.enqueue(JobName.SyncSource, syncPayload('next night'), {
      jobId: 'sync__ioffice__2025-03-11',
    });
    await queue.drain({ timeoutMs: 2_000 });
    expect(runs).toEqual(['first', 'next night']);
  });

  it('reports its depth per queue: waiting before a handler, active while it runs, none after', async () => {
    const { queue } = openQueue();
    await queue.enqueue(JobName.SyncSource, syncPayload('a'), { jobId: 'sync__a__2025-03-10' });
    await queue.enqueue(JobName.SyncSource, syncPayload('b'), { jobId: 'sync__b__2025-03-10' });
    expect(await queue.depth()).toEqual([
      { queue: 'sync', waiting: 2, active: 0, delayed: 0 },
      { queue: 'mail', waiting: 0, active: 0, delayed: 0 },
    ]);
    let release!: () => void;
    const running = new Promise<void>((resolve) => (release = resolve));
    await queue.process(JobName.SyncSource, async () => {
      await running;
      return 'done';
    });
    expect((await queue.depth())[0]).toEqual({ queue: 'sync', waiting: 1, active: 1, delayed: 0 });
    release();
    await queue.drain({ timeoutMs: 2_000 });
    await sleep(0); // the handler's slot is given back just after the job is marked finished
    expect((await queue.depth())[0]).toEqual({ queue: 'sync', waiting: 0, active: 0, delayed: 0 });
  });

  it('counts a job waiting for its retry as delayed, and a cron firing not at all', async () => {
    const { queue } = openQueue({ defaultAttempts: 2, backoffMs: 60_000 });
    await queue.schedule({
      id: 'sync-ioffice-nightly',
      name: JobName.SyncSource,
      cron: '30 1 * * *',
      payload: () => syncPayload('nightly'),
      jobId: () => jobIdFor('sync', 'ioffice', 'nightly'),
    });
    let tries = 0;
    await queue.process(JobName.SyncSource, async () => {
      tries += 1;
      throw new Error('source unreachable');
    });
    await queue.enqueue(JobName.SyncSource, syncPayload('a'), { jobId: 'sync__a__2025-03-10' });
    for (let i = 0; i < 100 && tries === 0; i++) await sleep(5);
    await sleep(0);
    expect((await queue.depth())[0]).toEqual({ queue: 'sync', waiting: 0, active: 0, delayed: 1 });
  });

  it('returns from enqueue before the handler runs', async () => {
    const { queue } = openQueue();
    let ran = false;
    await queue.process(JobName.SyncSource, async () => {
      ran = true;
      return 'done';
    });
    await queue.enqueue(JobName.SyncSource, syncPayload('a'), { jobId: 'sync__a__2025-03-10' });
    expect(ran).toBe(false);
    await queue.drain({ timeoutMs: 2_000 });
    expect(ran).toBe(true);
  });

  it('retries with exponential backoff, and drain waits through the backoff', async () => {
    const { queue, logger } = openQueue({ defaultAttempts: 3, backoffMs: 100 });
    const calls: number[] = [];
    await queue.process(JobName.SyncSource, async () => {
      calls.push(Date.now());
      if (calls.length <= 2) throw new Error(`source unreachable (${calls.length})`);
      return 'done';
    });
    await queue.enqueue(JobName.SyncSource, syncPayload('r'), { jobId: 'sync__flaky__2025-03-10' });
    await queue.drain({ timeoutMs: 2_000 });

    expect(calls).toHaveLength(3);
    expect(calls[1] - calls[0]).toBeGreaterThanOrEqual(95);
    expect(calls[2] - calls[1]).toBeGreaterThanOrEqual(195);
    expect(logger.warnings).toHaveLength(2);
    expect(logger.errors).toEqual([]);
  });

  it('gives up after the attempts and keeps deduplicating the failed id', async () => {
    const { queue, logger } = openQueue();
    let calls = 0;
    await queue.process(JobName.SyncSource, async () => {
      calls += 1;
      throw new Error('credentials rejected');
    });
    await queue.enqueue(JobName.SyncSource, syncPayload('f'), {
      jobId: 'sync__broken__2025-03-10',
      attempts: 2,
    });
    await queue.drain({ timeoutMs: 2_000 });
    await queue.enqueue(JobName.SyncSource, syncPayload('f'), {
      jobId: 'sync__broken__2025-03-10',
      attempts: 2,
    });
    await queue.drain({ timeoutMs: 2_000 });

    expect(calls).toBe(2);
    expect(logger.errors).toEqual([expect.stringContaining('credentials rejected; giving up')]);
  });

  it("completes a 'skipped' job without retrying it", async () => {
    const { queue, logger } = openQueue({ defaultAttempts: 3 });
    let calls = 0;
    await queue.process(JobName.SyncSource, async () => {
      calls += 1;
      return 'skipped';
    });
    await queue.enqueue(JobName.SyncSource, syncPayload('s'), { jobId: 'sync__unchanged__2025-03-10' });
    await queue.drain({ timeoutMs: 2_000 });
    expect(calls).toBe(1);
    expect(logger.warnings).toEqual([]);
  });

  it('runs up to the requested concurrency at once', async () => {
    const { queue } = openQueue();
    let running = 0;
    let peak = 0;
    await queue.process(
      JobName.SyncSource,
      async () => {
        running += 1;
        peak = Math.max(peak, running);
        await sleep(30);
        running -= 1;
        return 'done';
      },
      { concurrency: 2 },
    );
    for (const source of ['a', 'b', 'c', 'd']) {
      await queue.enqueue(JobName.SyncSource, syncPayload('c', source), {
        jobId: jobIdFor('sync', source, 'x'),
      });
    }
    await queue.drain({ timeoutMs: 2_000 });
    expect(peak).toBe(2);
  });

  it('rejects a drain that cannot finish within its timeout', async () => {
    const { queue } = openQueue();
    // No handler for the job: nothing will ever take it.
    await queue.enqueue(JobName.SyncSource, syncPayload('orphan'), { jobId: 'sync__orphan__2025-03-10' });
    await expect(queue.drain({ timeoutMs: 50 })).rejects.toThrow(/not drained after 50 ms \(1 pending\)/);
  });

  it('fires a recurring job once per period, re-registering replaces it, close stops it', async () => {
    const { queue } = openQueue();
    const firings: string[] = [];
    await queue.process(JobName.SyncSource, async (payload) => {
      firings.push(payload.runKey);
      return 'done';
    });
    const recurring = {
      id: 'sync-every-second',
      name: JobName.SyncSource,
      cron: '* * * * * *',
      payload: (firedAt: Date) => ({
        source: 'ioffice',
        trigger: 'schedule' as const,
        runKey: firedAt.toISOString(),
      }),
      jobId: (firedAt: Date) => jobIdFor('sync', 'ioffice', String(firedAt.getTime())),
    };
    // Registering twice replaces the timer instead of adding a second one.
    await queue.schedule(recurring);
    await queue.schedule(recurring);
    await sleep(2_300);
    await queue.drain({ timeoutMs: 2_000 });

    const instants = firings.map((iso) => Date.parse(iso));
    expect(instants.length).toBeGreaterThanOrEqual(2);
    expect(instants.length).toBeLessThanOrEqual(3);
    expect(instants.every((ms) => ms % 1_000 === 0)).toBe(true);
    expect(instants.slice(1).map((ms, i) => ms - instants[i])).toEqual(instants.slice(1).map(() => 1_000));

    await queue.close();
    const count = firings.length;
    await sleep(1_200);
    expect(firings).toHaveLength(count);
    await expect(
      queue.enqueue(JobName.SyncSource, syncPayload('late'), { jobId: 'sync__late__2025-03-10' }),
    ).rejects.toThrow(/closed/);
  });

  it('reads the cron in Asia/Ho_Chi_Minh, not in UTC nor the machine zone', async () => {
    const { queue } = openQueue();
    const runs: string[] = [];
    await queue.process(JobName.SyncSource, async (payload) => {
      runs.push(payload.runKey);
      return 'done';
    });
    // Every second, but only during this local (UTC+7) hour and the next: read in UTC, those
    // hours are 7-8 hours away and the job would not fire during the test.
    const localHour = (new Date().getUTCHours() + 7) % 24;
    await queue.schedule({
      id: 'local-hour',
      name: JobName.SyncSource,
      cron: `* * ${localHour},${(localHour + 1) % 24} * * *`,
      payload: (firedAt) => ({ source: 'ioffice', trigger: 'schedule', runKey: firedAt.toISOString() }),
      jobId: (firedAt) => jobIdFor('sync', 'ioffice', String(firedAt.getTime())),
    });
    await sleep(1_300);
    await queue.drain({ timeoutMs: 2_000 });
    expect(runs.length).toBeGreaterThanOrEqual(1);
  });
});
