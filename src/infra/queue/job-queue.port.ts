/**
 * The job queue port (STYLE.md "Jobs"). Services enqueue and handle jobs through this; only the
 * drivers know BullMQ. Payloads carry ids; handlers load fresh state. Cron only enqueues.
 */

export enum QueueName {
  Sync = 'sync',
  Mail = 'mail',
}

export enum JobName {
  /** Sync one source: `{ source, trigger, runKey }`. */
  SyncSource = 'sync-source',
  /** Send the reminders of a day's slot (`slotTime`, 08:00 as shipped): `{ slot }`. */
  ReminderSlot = 'reminder-slot',
  /** Send last week's digests at 07:30 on the week's first working day: `{ slot }`. */
  DigestSlot = 'digest-slot',
}

/** When the scheduler fired (ISO instant); the handler decides from "now" whether it is a slot. */
/** Which queue each job goes to: long syncs do not hold up the mail. */
export const QUEUE_OF: Record<JobName, QueueName> = {
  [JobName.SyncSource]: QueueName.Sync,
  [JobName.ReminderSlot]: QueueName.Mail,
  [JobName.DigestSlot]: QueueName.Mail,
};

export interface SlotPayload {
  slot: string;
}

export interface SyncSourcePayload {
  source: string;
  trigger: 'schedule' | 'manual' | 'cli';
  /** `nightly:YYYY-MM-DD` for the scheduled run of that local night; unique per manual run. */
  runKey: string;
}

export interface JobPayloads {
  [JobName.SyncSource]: SyncSourcePayload;
  [JobName.ReminderSlot]: SlotPayload;
  [JobName.DigestSlot]: SlotPayload;
}

export interface EnqueueOptions {
  /** Deterministic id: a second enqueue with the same id is a no-op (BullMQ forbids ':' in ids). */
  jobId: string;
  attempts?: number;
}

/** The queue did not take a job within its bounded wait (Redis down, unreachable or frozen). */
export class QueueUnavailableError extends Error {
  constructor(cause: string) {
    super(`The job queue is unavailable: ${cause}`);
    this.name = 'QueueUnavailableError';
  }
}

/** What a handler returns: done, or a business no-op (nothing to do) — errors are thrown, to retry. */
export type JobOutcome = 'done' | 'skipped';

export type JobHandler<N extends JobName> = (payload: JobPayloads[N]) => Promise<JobOutcome>;

export interface RecurringJob<N extends JobName> {
  /** Stable scheduler id: registering it again updates it instead of adding a second one. */
  id: string;
  name: N;
  /** Cron in Asia/Ho_Chi_Minh, e.g. `30 1 * * *`. */
  cron: string;
  /**
   * The payload for one firing at `firedAt` (the scheduler's instant). Lets a nightly job carry a
   * `runKey` of its local night, so however many schedulers fire, the run happens once.
   */
  payload: (firedAt: Date) => JobPayloads[N];
  /** The job id for that firing (deterministic, no ':'). */
  jobId: (firedAt: Date) => string;
}

/** Jobs of one queue by state, for monitoring. */
export interface QueueDepth {
  queue: QueueName;
  waiting: number;
  active: number;
  delayed: number;
}

export interface JobQueue {
  enqueue<N extends JobName>(name: N, payload: JobPayloads[N], options: EnqueueOptions): Promise<void>;
  /** Registers (idempotently) a recurring job. */
  schedule<N extends JobName>(job: RecurringJob<N>): Promise<void>;
  /**
   * Registers again every recurring job this process registered and the queue no longer holds
   * (Redis restarted without persistence, flushed, failed over to an empty replica); returns
   * their ids. Idempotent.
   */
  restoreSchedules(): Promise<string[]>;
  /** The ids of the recurring jobs the queue holds now (every process's registrations). */
  scheduleIds(): Promise<string[]>;
  /** Starts consuming jobs of this name with the handler (worker processes only). */
  process<N extends JobName>(
    name: N,
    handler: JobHandler<N>,
    options?: { concurrency?: number },
  ): Promise<void>;
  /** How many jobs wait, run and wait for a retry, per queue (all producers' and workers' together on Redis). */
  depth(): Promise<QueueDepth[]>;
  /** Resolves when nothing is waiting or running (tests, `--once` runs). */
  drain(): Promise<void>;
  close(): Promise<void>;
}
