/**
 * The recurring mail jobs: reminders every day at the configured slot (`slotTime` of
 * `config/reminders.json`, 08:00 as shipped; Saturdays included, for make-up working days — the
 * slot logic sends nothing on a day that is not worked) and the weekly digests at the digest slot
 * (07:30, sent only on the first working day of a week). The crons are derived from those slot
 * times, so a scheduler never fires before the slot it serves. Cron only enqueues; job ids carry
 * the local date, so however many workers register and fire them, each runs once a day.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { ReminderSettings } from '../../config/reminders.loader.js';
import { DIGEST_MINUTE_OF_DAY } from '../../domain/digests/digest-schedule.js';
import { formatDay, localDay } from '../../domain/time.js';
import { jobIdFor } from '../../infra/queue/job-ids.js';
import type { JobOutcome, JobQueue } from '../../infra/queue/job-queue.port.js';
import { JobName } from '../../infra/queue/job-queue.port.js';
import { Clock } from '../core/clock.js';
import { JOB_QUEUE, REMINDER_SETTINGS } from '../core/core.tokens.js';
import { handleDigestSlot } from '../digests/digest.jobs.js';
import { DigestService } from '../digests/digest.service.js';
import { handleReminderSlot, reminderJobId } from './reminder.jobs.js';
import { ReminderService } from './reminder.service.js';

/** `30 7 * * *`: every day at that many minutes after local midnight (schedulers run in Asia/Ho_Chi_Minh). */
export function dailyCron(minuteOfDay: number): string {
  return `${minuteOfDay % 60} ${Math.floor(minuteOfDay / 60)} * * *`;
}

/** `digest__2025-03-17`: one digest run per local day. */
export function digestJobId(firedAt: Date): string {
  return jobIdFor('digest', formatDay(localDay(firedAt.getTime())));
}

/** The ids of the mail schedulers in the queue: the daily reminder slot and the digest slot. */
export const MAIL_SCHEDULER_IDS = { reminders: 'remind', digests: 'digest' } as const;

@Injectable()
export class MailJobs {
  constructor(
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    @Inject(ReminderService) private readonly reminders: ReminderService,
    @Inject(DigestService) private readonly digests: DigestService,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(REMINDER_SETTINGS) private readonly settings: ReminderSettings,
  ) {}

  async schedule(): Promise<void> {
    await this.queue.schedule({
      id: MAIL_SCHEDULER_IDS.reminders,
      name: JobName.ReminderSlot,
      cron: dailyCron(this.settings.policy.slotMinutes),
      payload: (firedAt) => ({ slot: firedAt.toISOString() }),
      jobId: reminderJobId,
    });
    await this.queue.schedule({
      id: MAIL_SCHEDULER_IDS.digests,
      name: JobName.DigestSlot,
      cron: dailyCron(DIGEST_MINUTE_OF_DAY),
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
