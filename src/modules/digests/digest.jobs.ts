/**
 * The weekly digest job's handler, registered by the recurring mail jobs (`reminders/mail.jobs.ts`,
 * which fires it daily and lets the slot decide). It calls the same service as `dunghan digest`.
 */
import type { Instant } from '../../domain/time.js';
import type { JobOutcome } from '../../infra/queue/job-queue.port.js';
import type { DigestService } from './digest.service.js';

/** Sends last week's digests when `now` is the digest slot; throws when the mail server refused. */
export async function handleDigestSlot(service: DigestService, now: Instant): Promise<JobOutcome> {
  const slot = service.slotAt(now);
  if (slot === null) return 'skipped';
  await service.send(slot.week);
  return 'done';
}
