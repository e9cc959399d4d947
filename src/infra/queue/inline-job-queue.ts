/**
 * The in-process driver of the job queue port, for the embedded mode without Redis: the same
 * handlers, the same deduplication by job id, the same attempts and exponential backoff, and cron
 * firings in Asia/Ho_Chi_Minh through `cron` (the library behind @nestjs/schedule). There is one
 * process, so a recurring job fires once per period by construction. Nothing is persisted: jobs
 * still queued when the process stops are lost, and the next firing or a manual run redoes them
 * (the database, not the queue, records what was done).
 */
import type { LoggerService } from '@nestjs/common';
import { Logger } from '@nestjs/common';
import { CronJob } from 'cron';
import { assertJobId, JOB_ID_RETENTION } from './job-ids.js';
import type {
  EnqueueOptions,
  JobHandler,
  JobName,
  JobOutcome,
  JobPayloads,
  JobQueue,
  QueueDepth,
  RecurringJob,
} from './job-queue.port.js';
import { QUEUE_OF, QueueName } from './job-queue.port.js';

export interface InlineJobQueueOptions {
  /** Tries per job, the first included. */
  defaultAttempts?: number;
  /** First retry delay; doubles on each further retry. Tests shorten it. */
  backoffMs?: number;
  logger?: Pick<LoggerService, 'warn' | 'error'>;
}

export interface InlineDrainOptions {
  /** Rejects after this long instead of waiting forever (e.g. no handler was registered). */
  timeoutMs?: number;
}

const TIMEZONE = 'Asia/Ho_Chi_Minh';

type AnyPayload = JobPayloads[JobName];
type AnyHandler = (payload: AnyPayload) => Promise<JobOutcome>;

interface InlineJob {
  name: JobName;
  jobId: string;
  payload: AnyPayload;
  attempts: number;
  attemptsMade: number;
}

interface Consumer {
  handler: AnyHandler;
  concurrency: number;
  running: number;
}

/** A job id still queued, running or waiting for its retry: deduplicated with no expiry. */
const IN_PROGRESS = Number.POSITIVE_INFINITY;

export class InlineJobQueue implements JobQueue {
  private readonly attempts: number;
  private readonly backoffMs: number;
  private readonly logger: Pick<LoggerService, 'warn' | 'error'>;
  /** Job id → the instant until which it deduplicates (Redis keeps finished jobs as long). */
  private readonly seenUntil = new Map<string, number>();
  private readonly waiting = new Map<JobName, InlineJob[]>();
  private readonly consumers = new Map<JobName, Consumer>();
  private readonly retryTimers = new Map<NodeJS.Timeout, InlineJob>();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly crons = new Map<string, CronJob>();
  /** Queued + running + waiting for a retry: what `drain()` waits for. */
  private pending = 0;
  private idleWaiters: (() => void)[] = [];
  private closed = false;
  private nextPruneAt = 0;

  constructor(options: InlineJobQueueOptions = {}) {
    this.attempts = options.defaultAttempts ?? 3;
    this.backoffMs = options.backoffMs ?? 30_000;
    this.logger = options.logger ?? new Logger('JobQueue');
  }

  async enqueue<N extends JobName>(name: N, payload: JobPayloads[N], options: EnqueueOptions): Promise<void> {
    if (this.closed) throw new Error('The job queue is closed');
    assertJobId(options.jobId);
    this.pruneSeen();
    if (this.seenUntil.has(options.jobId)) return;
    this.seenUntil.set(options.jobId, IN_PROGRESS);
    const job: InlineJob = {
      name,
      jobId: options.jobId,
      payload,
      attempts: options.attempts ?? this.attempts,
      attemptsMade: 0,
    };
    this.pending += 1;
    this.push(job);
  }

  /** Registering the same id again replaces its timer, as a BullMQ scheduler upsert does. */
  async schedule<N extends JobName>(job: RecurringJob<N>): Promise<void> {
    if (this.closed) throw new Error('The job queue is closed');
    await this.crons.get(job.id)?.stop();
    // The instant the next firing is planned for: the payload and id are computed from it, not
    // from the clock when the timer wakes, like BullMQ's scheduler does.
    let plannedFor: Date | undefined;
    const cron: CronJob = CronJob.from({
      cronTime: job.cron,
      timeZone: TIMEZONE,
      start: false,
      onTick: () => {
        const firedAt = plannedFor ?? new Date();
        // The library re-arms before calling us, so this is already the following firing.
        plannedFor = cron.nextDate().toJSDate();
        // Cron only enqueues; a failure to build the payload is logged, the next firing retries.
        return this.enqueue(job.name, job.payload(firedAt), { jobId: job.jobId(firedAt) });
      },
      errorHandler: (error) =>
        this.logger.error(`Recurring job ${job.id} could not enqueue: ${describe(error)}`),
    });
    plannedFor = cron.nextDate().toJSDate();
    cron.start();
    this.crons.set(job.id, cron);
  }

  /** The timers live in this process: nothing outside it can remove them. */
  async restoreSchedules(): Promise<string[]> {
    return [];
  }

  async scheduleIds(): Promise<string[]> {
    return [...this.crons.keys()];
  }

  async process<N extends JobName>(
    name: N,
    handler: JobHandler<N>,
    options?: { concurrency?: number },
  ): Promise<void> {
    if (this.consumers.has(name)) throw new Error(`A handler for job '${name}' is already registered`);
    // Keyed by name, so the handler only ever receives its own payload type.
    this.consumers.set(name, {
      handler: handler as unknown as AnyHandler,
      concurrency: Math.max(1, options?.concurrency ?? 1),
      running: 0,
    });
    // Jobs enqueued before a handler existed wait for it, as they would in Redis.
    this.pump(name);
  }

  async depth(): Promise<QueueDepth[]> {
    const depth = new Map<QueueName, QueueDepth>(
      Object.values(QueueName).map((queue) => [queue, { queue, waiting: 0, active: 0, delayed: 0 }]),
    );
    for (const [name, jobs] of this.waiting) depth.get(QUEUE_OF[name])!.waiting += jobs.length;
    for (const [name, consumer] of this.consumers) depth.get(QUEUE_OF[name])!.active += consumer.running;
    for (const job of this.retryTimers.values()) depth.get(QUEUE_OF[job.name])!.delayed += 1;
    return [...depth.values()];
  }

  /** Resolves when no job is queued, running or waiting for a retry (cron firings are not). */
  drain(options: InlineDrainOptions = {}): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const done = () => {
        clearTimeout(timer);
        resolve();
      };
      this.idleWaiters.push(done);
      if (options.timeoutMs !== undefined) {
        timer = setTimeout(() => {
          this.idleWaiters = this.idleWaiters.filter((waiter) => waiter !== done);
          reject(
            new Error(`Inline job queue not drained after ${options.timeoutMs} ms (${this.pending} pending)`),
          );
        }, options.timeoutMs);
      }
    });
  }

  /** Stops the cron timers and pending retries, then lets running handlers finish. */
  async close(): Promise<void> {
    if (!this.closed) {
      this.closed = true;
      await Promise.all([...this.crons.values()].map((cron) => cron.stop()));
      this.crons.clear();
      let dropped = 0;
      for (const timer of this.retryTimers.keys()) clearTimeout(timer);
      dropped += this.retryTimers.size;
      this.retryTimers.clear();
      for (const jobs of this.waiting.values()) dropped += jobs.length;
      this.waiting.clear();
      if (dropped > 0) this.logger.warn(`Closing the inline job queue dropped ${dropped} unfinished job(s)`);
      this.pending -= dropped;
    }
    await Promise.all([...this.inFlight]);
    this.settle();
  }

  private push(job: InlineJob): void {
    const jobs = this.waiting.get(job.name) ?? [];
    jobs.push(job);
    this.waiting.set(job.name, jobs);
    this.pump(job.name);
  }

  private pump(name: JobName): void {
    const consumer = this.consumers.get(name);
    const jobs = this.waiting.get(name);
    if (!consumer || !jobs) return;
    while (!this.closed && consumer.running < consumer.concurrency && jobs.length > 0) {
      const job = jobs.shift() as InlineJob;
      consumer.running += 1;
      // Started on a later turn of the event loop, so the caller of `enqueue` carries on (commits
      // its transaction, say) before the handler runs, as it would with Redis.
      const run: Promise<void> = new Promise<void>((resolve) => setImmediate(resolve))
        .then(() => this.attempt(job, consumer))
        .finally(() => {
          consumer.running -= 1;
          this.inFlight.delete(run);
          this.pump(name);
        });
      this.inFlight.add(run);
    }
  }

  /** One try; a thrown error schedules the next try with exponential backoff, like BullMQ. */
  private async attempt(job: InlineJob, consumer: Consumer): Promise<void> {
    try {
      await consumer.handler(job.payload);
      this.finish(job, JOB_ID_RETENTION.completedMs);
    } catch (error) {
      job.attemptsMade += 1;
      const message = `Job ${job.name} ${job.jobId} failed (attempt ${job.attemptsMade}): ${describe(error)}`;
      if (job.attemptsMade >= job.attempts || this.closed) {
        this.logger.error(`${message}; giving up`);
        this.finish(job, JOB_ID_RETENTION.failedMs);
        return;
      }
      this.logger.warn(`${message}; will retry`);
      const delay = this.backoffMs * 2 ** (job.attemptsMade - 1);
      const timer = setTimeout(() => {
        this.retryTimers.delete(timer);
        this.push(job);
      }, delay);
      this.retryTimers.set(timer, job);
    }
  }

  private finish(job: InlineJob, retentionMs: number): void {
    this.seenUntil.set(job.jobId, Date.now() + retentionMs);
    this.pending -= 1;
    this.settle();
  }

  private settle(): void {
    if (this.pending > 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  /** Forgets expired ids, at most once a minute, so a long-running embedded server stays small. */
  private pruneSeen(): void {
    const now = Date.now();
    if (now < this.nextPruneAt) return;
    this.nextPruneAt = now + 60_000;
    for (const [jobId, until] of this.seenUntil) if (until <= now) this.seenUntil.delete(jobId);
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
