/**
 * The weekly digest job: its scheduler fires every day at the digest time (`digestTime` of
 * `config/reminders.json`, 07:30 as shipped) in Asia/Ho_Chi_Minh and the handler lets the slot
 * decide — digests go out only on the first working day of a week. Cron only enqueues; the job id
 * carries the local date, so however many workers register and fire it, it runs once a day. The
 * handler calls the same service as `dunghan digest`.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { ReminderSettings } from '../../config/reminders.loader.js';
import type { Instant } from '../../domain/time.js';
import { formatDay, localDay } from '../../domain/time.js';
import { jobIdFor } from '../../infra/queue/job-ids.js';
import type { JobOutcome, JobQueue } from '../../infra/queue/job-queue.port.js';
import { JobName } from '../../infra/queue/job-queue.port.js';
import { Clock } from '../core/clock.js';
import { JOB_QUEUE, REMINDER_SETTINGS } from '../core/core.tokens.js';
import { dailyCron } from '../shared/daily-cron.js';
import { DigestService } from './digest.service.js';

/** The id of the daily digest scheduler in the queue. */
export const DIGEST_SCHEDULER_ID = 'digest';

/** `digest__2025-03-17`: one digest run per local day. */
export function digestJobId(firedAt: Date): string {
  return jobIdFor('digest', formatDay(localDay(firedAt.getTime())));
}

/** Sends last week's digests when `now` is the digest slot; throws when the mail server refused. */
export async function handleDigestSlot(service: DigestService, now: Instant): Promise<JobOutcome> {
  const slot = service.slotAt(now);
  if (slot === null) return 'skipped';
  await service.send(slot.week);
  return 'done';
}

@Injectable()
export class DigestJobs {
  constructor(
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    @Inject(DigestService) private readonly digests: DigestService,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(REMINDER_SETTINGS) private readonly settings: ReminderSettings,
  ) {}

  async schedule(): Promise<void> {
    await this.queue.schedule({
      id: DIGEST_SCHEDULER_ID,
      name: JobName.DigestSlot,
      cron: dailyCron(this.settings.digestMinutes),
      payload: (firedAt) => ({ slot: firedAt.toISOString() }),
      jobId: digestJobId,
    });
  }

  async consume(): Promise<void> {
    await this.queue.process(JobName.DigestSlot, () => this.sendDigests());
  }

  /** Sends last week's digests when now is the digest slot; throws when the mail server refused. */
  sendDigests(): Promise<JobOutcome> {
    return handleDigestSlot(this.digests, this.clock.now());
  }
}
