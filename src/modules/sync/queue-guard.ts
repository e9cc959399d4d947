/**
 * The worker's guard against a Redis that lost its keys (restarted without persistence, flushed,
 * failed over to an empty replica): every `intervalMs` it registers again the job schedulers this
 * worker registered and Redis no longer holds, and queues again the recorded "sync now" requests no
 * run has started. The queue also restores its schedulers as soon as its connection comes back
 * (`BullMqJobQueue`); this check covers a loss without a reconnect (FLUSHALL) and the requests.
 *
 * The interval lives in @nestjs/schedule's `SchedulerRegistry` (not `@Interval`, whose period is
 * fixed when the class is declared: `bootstrapWorker({ queueCheckMs })` chooses it at start, tests
 * shorten it).
 */
import type { OnModuleDestroy } from '@nestjs/common';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import type { JobQueue } from '../../infra/queue/job-queue.port.js';
import { JOB_QUEUE } from '../core/core.tokens.js';
import { SyncJobs } from './sync.jobs.js';

const INTERVAL_NAME = 'queue-guard';

export interface GuardCheck {
  /** Scheduler ids registered again. */
  restored: string[];
  /** Recorded "sync now" requests queued again. */
  requeued: number;
}

@Injectable()
export class QueueGuard implements OnModuleDestroy {
  private readonly logger = new Logger('QueueGuard');
  private running: Promise<unknown> | undefined;
  private stopped = false;

  constructor(
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    @Inject(SyncJobs) private readonly sync: SyncJobs,
    @Inject(SchedulerRegistry) private readonly registry: SchedulerRegistry,
  ) {}

  /**
   * Checks now (requests recorded while no worker ran) and then every `intervalMs` (60 s by
   * default); one check at a time, failures logged. Resolves when the first check is done.
   */
  async start(intervalMs = 60_000): Promise<void> {
    const tick = async () => {
      if (this.stopped || this.running !== undefined) return;
      this.running = this.check()
        .catch((error: Error) => this.logger.error(`Queue check failed: ${error.message}`))
        .finally(() => (this.running = undefined));
      await this.running;
    };
    const timer = setInterval(() => void tick(), intervalMs);
    timer.unref();
    this.registry.addInterval(INTERVAL_NAME, timer);
    await tick();
  }

  async check(): Promise<GuardCheck> {
    const restored = await this.queue.restoreSchedules();
    const requeued = await this.sync.requeueRequests();
    if (requeued > 0) this.logger.warn(`Queued again ${requeued} "sync now" request(s) no run has started`);
    return { restored, requeued };
  }

  /** Before the queue and the database close: no check starts after this, a running one ends. */
  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.registry.doesExist('interval', INTERVAL_NAME)) this.registry.deleteInterval(INTERVAL_NAME);
    await this.running;
  }
}
