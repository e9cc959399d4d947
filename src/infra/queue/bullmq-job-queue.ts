/**
 * The Redis driver of the job queue port: BullMQ queues, job schedulers and workers.
 *
 * Recurring jobs and replicas. A BullMQ job scheduler is one record in Redis keyed by its id, and
 * it produces one job per firing with a payload fixed at registration. Our recurring jobs need a
 * payload and an id computed from the firing instant (`runKey: nightly:2025-03-10`), so the
 * scheduler does not produce the real job: it produces a small "tick" job `{ schedulerId }`, and
 * the tick's handler (here, in the worker) calls `payload(firedAt)` and `jobId(firedAt)` of the
 * recurring job registered under that id and enqueues the real job with that deterministic id.
 * With N replicas each calling `schedule()`:
 * - the scheduler is upserted by id, so there is still one scheduler and one tick per firing;
 * - `firedAt` is the scheduled instant of the firing (not the clock of whoever runs the tick), so a
 *   retried or late tick computes the same id, and a duplicate enqueue of that id is a no-op.
 * One job per night per source therefore holds even if a tick were ever run twice.
 *
 * `schedule()` must be called in the processes that consume the queue (the worker), because the
 * payload and id functions live in code, not in Redis; a tick for a scheduler this process does
 * not know fails loudly and is retried (by another replica that does know it).
 */
import type { LoggerService } from '@nestjs/common';
import { Logger } from '@nestjs/common';
import { Queue, Worker } from 'bullmq';
import type { Job, JobsOptions, KeepJobs } from 'bullmq';
import { Redis } from 'ioredis';
import { assertJobId, JOB_ID_RETENTION } from './job-ids.js';
import { JobName, QUEUE_OF, QueueName, QueueUnavailableError } from './job-queue.port.js';
import type {
  QueueDepth,
  EnqueueOptions,
  JobHandler,
  JobOutcome,
  JobPayloads,
  JobQueue,
  RecurringJob,
} from './job-queue.port.js';

export interface BullMqJobQueueOptions {
  redisUrl: string;
  /** Redis key prefix; tests use a unique one per file. */
  prefix?: string;
  /** Tries per job, the first included (BullMQ `attempts`). */
  defaultAttempts?: number;
  /** First retry delay; doubles on each further retry. */
  backoffMs?: number;
  /**
   * How long a running job stays claimed without its worker renewing the claim, and how often
   * workers look for claims that lapsed (BullMQ `lockDuration` and `stalledInterval`, 30 s by
   * default): a job whose worker was killed is redelivered to another worker within about twice
   * this. Tests shorten it.
   */
  lockDurationMs?: number;
  /**
   * How long `enqueue` waits for Redis to take a job before failing with `QueueUnavailableError`
   * (1.5 s by default): an API request must not wait out the connection's retries.
   */
  enqueueTimeoutMs?: number;
  logger?: Pick<LoggerService, 'warn' | 'error'>;
}

export interface DrainOptions {
  /** Rejects after this long instead of waiting forever (e.g. no worker is running). */
  timeoutMs?: number;
  pollMs?: number;
}

const TIMEZONE = 'Asia/Ho_Chi_Minh';
/** Name of the scheduler-produced jobs; not a JobName, so no service can enqueue one by mistake. */
const TICK = 'scheduler-tick';
/**
 * Each connection attempt gives up after this; the connections then retry by design (a Redis
 * restart must not stop the worker), each attempt bounded, never one silent wait.
 */
const CONNECT_TIMEOUT_MS = 10_000;
/** How long closing waits for Redis to acknowledge before dropping the connection. */
const QUIT_TIMEOUT_MS = 2_000;

interface TickData {
  schedulerId: string;
}
type AnyPayload = JobPayloads[JobName];
type QueueData = AnyPayload | TickData;
type AnyHandler = (payload: AnyPayload) => Promise<JobOutcome>;

const secondsOf = (ms: number) => Math.ceil(ms / 1000);
const KEEP_COMPLETED: KeepJobs = { age: secondsOf(JOB_ID_RETENTION.completedMs) };
const KEEP_FAILED: KeepJobs = { age: secondsOf(JOB_ID_RETENTION.failedMs) };
// Tick ids are BullMQ's own (`repeat:<scheduler>:<millis>`), they need no dedupe window:
// keep only a day of them for "did it fire last night".
const KEEP_TICKS: KeepJobs = { age: 86_400, count: 1_000 };

/**
 * Counts the work still to do in one queue by state, atomically (a job moving from active to
 * delayed between two separate reads would otherwise be missed or counted twice): waiting
 * (including prioritized and parents waiting for children), active, and delayed. Delayed jobs
 * count, since they are retries waiting for their backoff, except the scheduler's next firing
 * while it is not due: that is future work, and counting it would make `drain()` wait until
 * tomorrow's 01:30 and `depth()` show a backlog of one job per scheduler all day.
 * KEYS: wait, active, prioritized, waiting-children, delayed. ARGV: job key prefix, now (ms).
 * Delayed scores are `timestamp * 0x1000 + counter`; `rjk` is the job's scheduler id; `atm`
 * its attempts made (a scheduler job being retried is pending work).
 */
const COUNTS_SCRIPT = `
local waiting = redis.call('LLEN', KEYS[1]) + redis.call('ZCARD', KEYS[3]) + redis.call('ZCARD', KEYS[4])
local active = redis.call('LLEN', KEYS[2])
local delayedCount = 0
local now = tonumber(ARGV[2])
local delayed = redis.call('ZRANGE', KEYS[5], 0, -1, 'WITHSCORES')
for i = 1, #delayed, 2 do
  local jobKey = ARGV[1] .. delayed[i]
  local fromScheduler = redis.call('HEXISTS', jobKey, 'rjk') == 1
  local due = math.floor(tonumber(delayed[i + 1]) / 4096) <= now
  local retried = tonumber(redis.call('HGET', jobKey, 'atm') or '0') > 0
  if (not fromScheduler) or due or retried then
    delayedCount = delayedCount + 1
  end
end
return { waiting, active, delayedCount }
`;

interface RunningWorker {
  worker: Worker<QueueData, JobOutcome, string>;
  connection: Redis;
}

export class BullMqJobQueue implements JobQueue {
  private readonly redisUrl: string;
  private readonly prefix: string;
  private readonly attempts: number;
  private readonly backoffMs: number;
  private readonly lockDurationMs: number;
  private readonly enqueueTimeoutMs: number;
  private readonly logger: Pick<LoggerService, 'warn' | 'error'>;
  /** Producers share one connection; BullMQ leaves a caller's connection open, we quit it. */
  private readonly connection: Redis;
  private readonly queues = new Map<QueueName, Queue<QueueData, JobOutcome, string>>();
  private readonly workers = new Map<QueueName, RunningWorker>();
  private readonly handlers = new Map<JobName, AnyHandler>();
  /** Recurring jobs registered by this process, by `queue/schedulerId`, for their ticks. */
  private readonly recurring = new Map<string, RecurringJob<JobName>>();
  private closing: Promise<void> | undefined;

  constructor(options: BullMqJobQueueOptions) {
    this.redisUrl = options.redisUrl;
    this.prefix = options.prefix ?? 'dunghan';
    this.attempts = options.defaultAttempts ?? 3;
    // 30 s then 60 s: long enough for a document system's restart, short enough for the night.
    this.backoffMs = options.backoffMs ?? 30_000;
    this.lockDurationMs = options.lockDurationMs ?? 30_000;
    this.enqueueTimeoutMs = options.enqueueTimeoutMs ?? 1_500;
    this.logger = options.logger ?? new Logger('JobQueue');
    this.connection = new Redis(this.redisUrl, { connectTimeout: CONNECT_TIMEOUT_MS });
    // A reconnect may reach a Redis that lost its keys (restarted without persistence, failed
    // over to an empty replica): register again any recurring job it no longer holds.
    let connectedBefore = false;
    this.connection.on('ready', () => {
      if (connectedBefore && this.closing === undefined) {
        this.restoreSchedules().catch((error: Error) =>
          this.logger.error(`Could not restore the job schedulers after a reconnect: ${error.message}`),
        );
      }
      connectedBefore = true;
    });
    for (const name of Object.values(QueueName)) {
      const queue = new Queue<QueueData, JobOutcome, string>(name, {
        connection: this.connection,
        prefix: this.prefix,
      });
      // Without a listener a Redis hiccup would surface as an unhandled 'error' event.
      queue.on('error', (error) => this.logger.error(`Queue ${name}: ${error.message}`));
      this.queues.set(name, queue);
    }
  }

  async enqueue<N extends JobName>(name: N, payload: JobPayloads[N], options: EnqueueOptions): Promise<void> {
    assertJobId(options.jobId);
    // A duplicate id returns the existing job (waiting, running or finished within the retention),
    // which is what makes the id the deduplication key. The wait is bounded: without Redis the
    // connection keeps the command and retries, so a late add may still land, under the same id.
    const adding = this.queueOf(name).add(name, payload, this.jobOptions(options.attempts, options.jobId));
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new QueueUnavailableError(`Redis did not answer within ${this.enqueueTimeoutMs} ms`)),
        this.enqueueTimeoutMs,
      );
    });
    adding.catch(() => undefined);
    try {
      await Promise.race([adding, timeout]);
    } catch (error) {
      if (error instanceof QueueUnavailableError) throw error;
      throw new QueueUnavailableError((error as Error).message);
    } finally {
      clearTimeout(timer);
    }
  }

  async schedule<N extends JobName>(job: RecurringJob<N>): Promise<void> {
    const queue = this.queueOf(job.name);
    this.recurring.set(recurringKey(queue.name, job.id), job);
    await this.upsert(queue, job);
  }

  async restoreSchedules(): Promise<string[]> {
    const restored: string[] = [];
    for (const job of this.recurring.values()) {
      const queue = this.queueOf(job.name);
      if ((await queue.getJobScheduler(job.id)) !== undefined) continue;
      await this.upsert(queue, job);
      restored.push(job.id);
    }
    if (restored.length > 0) {
      this.logger.warn(`Job schedulers missing from Redis, registered again: ${restored.join(', ')}`);
    }
    return restored;
  }

  async scheduleIds(): Promise<string[]> {
    const ids = await Promise.all(
      [...this.queues.values()].map(async (queue) =>
        (await queue.getJobSchedulers()).map((scheduler) => scheduler.key),
      ),
    );
    return ids.flat();
  }

  private async upsert(
    queue: Queue<QueueData, JobOutcome, string>,
    job: RecurringJob<JobName>,
  ): Promise<void> {
    await queue.upsertJobScheduler(
      job.id,
      { pattern: job.cron, tz: TIMEZONE },
      {
        name: TICK,
        data: { schedulerId: job.id },
        opts: {
          ...this.retryOptions(this.attempts),
          removeOnComplete: KEEP_TICKS,
          removeOnFail: KEEP_FAILED,
        },
      },
    );
  }

  async process<N extends JobName>(
    name: N,
    handler: JobHandler<N>,
    options?: { concurrency?: number },
  ): Promise<void> {
    if (this.handlers.has(name)) throw new Error(`A handler for job '${name}' is already registered`);
    // Keyed by name, so the handler only ever receives its own payload type.
    this.handlers.set(name, handler as unknown as AnyHandler);
    const queueName = QUEUE_OF[name];
    const concurrency = options?.concurrency ?? 1;
    const running = this.workers.get(queueName);
    if (running) {
      // One worker per queue serves every job name of it; the largest concurrency asked wins.
      running.worker.concurrency = Math.max(running.worker.concurrency, concurrency);
      return;
    }
    // Workers block on Redis, so BullMQ requires `maxRetriesPerRequest: null` on their connection.
    const connection = new Redis(this.redisUrl, {
      maxRetriesPerRequest: null,
      connectTimeout: CONNECT_TIMEOUT_MS,
    });
    const worker = new Worker<QueueData, JobOutcome, string>(queueName, (job) => this.run(queueName, job), {
      connection,
      prefix: this.prefix,
      concurrency,
      lockDuration: this.lockDurationMs,
      stalledInterval: this.lockDurationMs,
    });
    worker.on('error', (error) => this.logger.error(`Worker ${queueName}: ${error.message}`));
    worker.on('failed', (job, error) => {
      if (!job) return;
      const final = job.attemptsMade >= (job.opts.attempts ?? 1);
      const message = `Job ${job.name} ${job.id} failed (attempt ${job.attemptsMade}): ${error.message}`;
      if (final) this.logger.error(`${message}; giving up`);
      else this.logger.warn(`${message}; will retry`);
    });
    this.workers.set(queueName, { worker, connection });
    await worker.waitUntilReady();
  }

  /**
   * Resolves when no queue has a job waiting, running, or delayed for a retry; the scheduler's
   * next firing is not pending work unless it is already due. Needs a worker somewhere.
   */
  async drain(options: DrainOptions = {}): Promise<void> {
    const deadline = Date.now() + (options.timeoutMs ?? Number.POSITIVE_INFINITY);
    const pollMs = options.pollMs ?? 50;
    for (;;) {
      const counts = await Promise.all(
        [...this.queues.values()].map(async (queue) => {
          const { waiting, active, delayed } = await this.countsIn(queue);
          return waiting + active + delayed;
        }),
      );
      if (counts.every((count) => count === 0)) return;
      if (Date.now() >= deadline) {
        throw new Error(
          `Job queues not drained after ${options.timeoutMs} ms (${counts.join(', ')} pending)`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
  }

  /** Lets running jobs finish, then closes workers, queues and every connection; idempotent. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      await Promise.all(
        [...this.workers.values()].map(async ({ worker, connection }) => {
          await worker.close();
          await quitWithin(connection, QUIT_TIMEOUT_MS);
        }),
      );
      // A frozen Redis (it accepts, never answers) would hold a graceful close forever.
      const closed = await within(
        Promise.all([...this.queues.values()].map((queue) => queue.close())),
        QUIT_TIMEOUT_MS,
      );
      if (!closed) this.connection.disconnect();
      else await quitWithin(this.connection, QUIT_TIMEOUT_MS);
    })();
    return this.closing;
  }

  private queueOf(name: JobName): Queue<QueueData, JobOutcome, string> {
    const queue = this.queues.get(QUEUE_OF[name]);
    if (!queue) throw new Error(`No queue for job '${name}'`);
    return queue;
  }

  private retryOptions(attempts: number): Pick<JobsOptions, 'attempts' | 'backoff'> {
    return { attempts, backoff: { type: 'exponential', delay: this.backoffMs } };
  }

  private jobOptions(attempts: number | undefined, jobId: string): JobsOptions {
    return {
      jobId,
      ...this.retryOptions(attempts ?? this.attempts),
      removeOnComplete: KEEP_COMPLETED,
      removeOnFail: KEEP_FAILED,
    };
  }

  /** The processor: a thrown error fails the attempt, so BullMQ retries it; 'skipped' completes. */
  private async run(queueName: QueueName, job: Job<QueueData, JobOutcome, string>): Promise<JobOutcome> {
    if (job.name === TICK) return this.fire(queueName, job.data as TickData, job);
    const handler = this.handlers.get(job.name as JobName);
    if (!handler) throw new Error(`No handler for job '${job.name}' in this process`);
    return handler(job.data as AnyPayload);
  }

  /** A scheduler firing: enqueue the real job for that instant (cron only enqueues). */
  private async fire(queueName: QueueName, tick: TickData, job: Job<QueueData, JobOutcome, string>) {
    const recurring = this.recurring.get(recurringKey(queueName, tick.schedulerId));
    if (!recurring) {
      throw new Error(
        `Scheduler '${tick.schedulerId}' fired in a process that never registered it with schedule()`,
      );
    }
    // `prevMillis` is the instant the scheduler planned this firing for: the same for whoever
    // runs the tick and however late, unlike the clock at processing time.
    const firedAt = new Date(job.opts.prevMillis ?? job.timestamp);
    await this.enqueue(recurring.name, recurring.payload(firedAt), { jobId: recurring.jobId(firedAt) });
    return 'done' as const;
  }

  /** Per queue, as BullMQ holds them in Redis: every producer's and every worker's jobs together. */
  async depth(): Promise<QueueDepth[]> {
    return Promise.all(
      [...this.queues].map(async ([name, queue]) => ({ queue: name, ...(await this.countsIn(queue)) })),
    );
  }

  private async countsIn(queue: Queue<QueueData, JobOutcome, string>): Promise<Omit<QueueDepth, 'queue'>> {
    const keys = queue.keys;
    const [waiting, active, delayed] = (await this.connection.eval(
      COUNTS_SCRIPT,
      5,
      keys.wait,
      keys.active,
      keys.prioritized,
      keys['waiting-children'],
      keys.delayed,
      queue.toKey(''),
      Date.now(),
    )) as [number, number, number];
    return { waiting: Number(waiting), active: Number(active), delayed: Number(delayed) };
  }
}

/** Whether `work` settled within `ms` (its rejection is swallowed: closing goes on regardless). */
async function within(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([
      work.then(
        () => true,
        () => true,
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** QUIT, or a plain disconnect when Redis does not answer it in time. */
async function quitWithin(connection: Redis, ms: number): Promise<void> {
  if (!(await within(connection.quit(), ms))) connection.disconnect();
}

function recurringKey(queueName: string, schedulerId: string): string {
  return `${queueName}/${schedulerId}`;
}
