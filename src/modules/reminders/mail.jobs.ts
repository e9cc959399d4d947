/**
 * The recurring mail jobs: reminders at 08:00 every day (Saturdays included, for make-up working
 * days — the slot logic sends nothing on a day that is not worked) and the weekly digests at 07:30
 * (sent only on the first working day of a week). Cron only enqueues; job ids carry the local
 * date, so however many workers register and fire them, each runs once a day.
 */
import { Inject, Injectable } from '@nestjs/common';
import { formatDay, localDay } from '../../domain/time.js';
import { jobIdFor } from '../../infra/queue/job-ids.js';
import type { JobOutcome, JobQueue } from '../../infra/queue/job-queue.port.js';
import { JobName } from '../../infra/queue/job-queue.port.js';
import { Clock } from '../core/clock.js';
import { JOB_QUEUE } from '../core/core.tokens.js';
import { handleDigestSlot } from '../digests/digest.jobs.js';
import { DigestService } from '../digests/digest.service.js';
import { handleReminderSlot, reminderJobId } from './reminder.jobs.js';
import { ReminderService } from './reminder.service.js';

export const REMINDER_CRON = '0 8 * * *';
export const DIGEST_CRON = '30 7 * * *';

/** `digest__2025-03-17`: one digest run per local day. */
export function digestJobId(firedAt: Date): string {
  return jobIdFor('digest', formatDay(localDay(firedAt.getTime())));
}

@Injectable()
export class MailJobs {
  constructor(
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    @Inject(ReminderService) private readonly reminders: ReminderService,
    @Inject(DigestService) private readonly digests: DigestService,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async schedule(): Promise<void> {
    await this.queue.schedule({
      id: 'remind',
      name: JobName.ReminderSlot,
      cron: REMINDER_CRON,
      payload: (firedAt) => ({ slot: firedAt.toISOString() }),
      jobId: reminderJobId,
    });
    await this.queue.schedule({
      id: 'digest',
      name: JobName.DigestSlot,
      cron: DIGEST_CRON,
      payload: (firedAt) => ({ slot: firedAt.toISOString() }),
      jobId: digestJobId,
    });
  }

  async consume(): Promise<void> {
    await this.queue.process(JobName.ReminderSlot, () =>
      handleReminderSlot(this.reminders, this.clock.now()),
    );
    await this.queue.process(JobName.DigestSlot, () => this.sendDigests());
  }

  /** Sends last week's digests when now is the digest slot; throws when the mail server refused. */
  sendDigests(): Promise<JobOutcome> {
    return handleDigestSlot(this.digests, this.clock.now());
  }
}
