/**
 * The scheduled reminder run, registered by the worker (and by the API when it runs the jobs
 * itself). Cron only enqueues: every day at the configured `slotTime` of `config/reminders.json`
 * (08:00 as shipped) in Asia/Ho_Chi_Minh — Saturdays included, for make-up working days; the slot
 * logic itself sends nothing on a day that is not worked. The job id carries the local date, so
 * however many workers register and fire it, it runs once a day.
 *
 * The handler calls the same service as `dunghan remind`. It throws when the mail server did not
 * take everything, so the queue's retry with backoff is the "next run of the day" that sends what
 * stayed claimed; a slot already sent is a business no-op ('skipped').
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
import { ReminderService } from './reminder.service.js';

/** The id of the daily reminder scheduler in the queue. */
export const REMINDER_SCHEDULER_ID = 'remind';

/** `remind__2025-03-13`: one job per local day, however many schedulers fire. */
export function reminderJobId(firedAt: Date): string {
  return jobIdFor('remind', formatDay(localDay(firedAt.getTime())));
}

export async function handleReminderSlot(service: ReminderService, now: Instant): Promise<JobOutcome> {
  const result = await service.run(now);
  if (result.slot === null || result.busy) return 'skipped';
  const unsent = result.messages.filter((m) => m.state === 'pending').length + result.notClaimed;
  if (unsent > 0) throw new Error(`reminders: ${unsent} message(s) not sent yet; retrying`);
  return result.messages.length === 0 ? 'skipped' : 'done';
}

@Injectable()
export class ReminderJobs {
  constructor(
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    @Inject(ReminderService) private readonly reminders: ReminderService,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(REMINDER_SETTINGS) private readonly settings: ReminderSettings,
  ) {}

  async schedule(): Promise<void> {
    await this.queue.schedule({
      id: REMINDER_SCHEDULER_ID,
      name: JobName.ReminderSlot,
      cron: dailyCron(this.settings.policy.slotMinutes),
      payload: (firedAt) => ({ slot: firedAt.toISOString() }),
      jobId: reminderJobId,
    });
  }

  async consume(): Promise<void> {
    await this.queue.process(JobName.ReminderSlot, () =>
      handleReminderSlot(this.reminders, this.clock.now()),
    );
  }
}
