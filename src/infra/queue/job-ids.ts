/**
 * Deterministic job ids and run keys (STYLE.md "Jobs"). A job id names the work, not the attempt:
 * `sync__ioffice__2025-03-10` is "sync ioffice for the local night of 10 March", so however many
 * replicas, cron firings or retries ask for it, the queue holds one job.
 */
import { formatDay, localDay } from '../../domain/time.js';

/**
 * How long a finished job id keeps deduplicating. An id carries its local date, so a duplicate
 * can only come during that day (a replica restarting at 02:00, a tick retried, an operator
 * re-running the nightly command) or just after it (a firing at 23:59 processed after midnight).
 * Three days covers that with margin at a negligible memory cost; failed jobs stay a week so an
 * operator can still read why, and an exhausted id is not silently re-run by a late duplicate.
 * Both drivers use these so the embedded mode deduplicates like Redis does.
 */
export const JOB_ID_RETENTION = {
  completedMs: 3 * 86_400_000,
  failedMs: 7 * 86_400_000,
} as const;

const UNSAFE = /[^A-Za-z0-9._-]/g;

/** `YYYY-MM-DD` of the instant in Asia/Ho_Chi_Minh (UTC+7, no daylight saving). */
export function localDateOf(instant: Date): string {
  return formatDay(localDay(instant.getTime()));
}

/**
 * The run key of a scheduled nightly run: the LOCAL date of the firing, so the 00:30 firing on
 * 10 March (17:30 UTC on the 9th) belongs to the night of the 10th.
 */
export function nightlyRunKey(firedAt: Date): string {
  return `nightly:${localDateOf(firedAt)}`;
}

/**
 * Joins parts with `__` into an id BullMQ accepts: characters outside `[A-Za-z0-9._-]` (notably
 * `:`, which BullMQ uses in its keys) become `-`. Parts are meant to be slugs already (source ids,
 * dates); the replacement is a guard, and two parts differing only in unsafe characters would
 * collide. An all-digit id is prefixed because BullMQ reserves integer ids for its own counter.
 */
export function jobIdFor(...parts: string[]): string {
  if (parts.length === 0 || parts.some((part) => part.length === 0)) {
    // An empty part is almost always a missing value (a source without an id), which would
    // silently merge distinct jobs under one id.
    throw new Error(`jobIdFor needs non-empty parts, got ${JSON.stringify(parts)}`);
  }
  const id = parts.map((part) => part.replace(UNSAFE, '-')).join('__');
  return /^\d+$/.test(id) ? `job-${id}` : id;
}

/** Throws unless BullMQ would accept the id as a custom job id (same rule for both drivers). */
export function assertJobId(jobId: string): void {
  if (jobId.length === 0 || jobId.includes(':') || /^\d+$/.test(jobId)) {
    throw new Error(`Invalid job id '${jobId}': it must be non-empty, without ':', not all digits`);
  }
}
