/**
 * The scheduled reminder run, for the worker to register (the lead wires it: a `JobName` and a
 * recurring job in `src/infra/queue/job-queue.port.ts` / the worker module). Cron only enqueues:
 * every day at the configured `slotTime` in Asia/Ho_Chi_Minh (`mail.jobs.ts`) — Saturdays
 * included, for make-up working days; the slot logic itself sends nothing on a day that is not worked.
 *
 * The handler calls the same service as `dunghan remind`. It throws when the mail server did not
 * take everything, so the queue's retry with backoff is the "next run of the day" that sends what
 * stayed claimed; a slot already sent is a business no-op ('skipped').
 */
import type { Instant } from '../../domain/time.js';
import { formatDay, localDay } from '../../domain/time.js';
import { jobIdFor } from '../../infra/queue/job-ids.js';
import type { JobOutcome } from '../../infra/queue/job-queue.port.js';
import type { ReminderService } from './reminder.service.js';

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
