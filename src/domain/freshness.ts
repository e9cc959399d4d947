/**
 * Freshness (issue 13): a verdict of lateness must not rest on data that may be out of date. While
 * a source is stale (no successful sync or push within its `freshWithinHours`), an obligation whose
 * facts come from it and that turned late or overdue only after the source's last good sync is
 * judged `unknown` (chưa đủ dữ liệu): the completion may have happened and not reached us. Once
 * the source syncs again the obligation is judged on the fresh data. docs/freshness.md tells the
 * whole story; DOMAIN.md does not have this status.
 */
import type { Dataset, RecordKind } from './model.js';
import type { Obligation, RuleId } from './rules/obligation.js';
import type { Instant } from './time.js';
import { formatInstant, startOfLocalDay } from './time.js';

/** The default freshness window of a source (sources.json `freshWithinHours`). */
export const DEFAULT_FRESH_WITHIN_HOURS = 36;

export interface Staleness {
  /** Each stale source and the instant of its last good sync or push (null: none known). */
  sources: ReadonlyMap<string, Instant | null>;
  /**
   * The source that supplied a record (null: none known, e.g. an import). Absent — a bundle file
   * says nothing of its source — every record depends on every stale source given.
   */
  recordSource?: (kind: RecordKind, id: string) => string | null;
}

/** What a source's freshness is, as of an instant. */
export interface SourceFreshness {
  source: string;
  /** The last successful sync or push, as of the instant; null when there was none. */
  lastGoodAt: Instant | null;
  freshWithinHours: number;
  stale: boolean;
  /** The instant it is judged as of. */
  asOf: Instant;
}

/**
 * A source is stale when its last good sync is older than its window. One that never synced
 * successfully is not: none of the stored data came from it, so no verdict rests on it (`/health`
 * shows it as never synced).
 */
export function freshnessOf(
  source: string,
  lastGoodAt: Instant | null,
  freshWithinHours: number,
  asOf: Instant,
): SourceFreshness {
  const stale = lastGoodAt !== null && asOf - lastGoodAt > freshWithinHours * 3_600_000;
  return { source, lastGoodAt, freshWithinHours, stale, asOf };
}

/** The staleness input of an evaluation: the stale ones among these sources. */
export function staleSources(freshness: readonly SourceFreshness[]): Map<string, Instant | null> {
  return new Map(freshness.filter((f) => f.stale).map((f) => [f.source, f.lastGoodAt]));
}

/** Only a timed rule can turn late or overdue. */
const TIMED_RULES: ReadonlySet<RuleId> = new Set([
  'plan',
  'staff_submission',
  'unit_submission',
  'weekly_schedule',
]);

/** The records whose facts decide a timed obligation: where its completion would be reported. */
function recordsOf(ob: Obligation, dataset: Dataset): [RecordKind, string][] {
  switch (ob.rule) {
    case 'plan':
      return [['task', ob.subjectId]];
    case 'staff_submission':
    case 'unit_submission': {
      const taskId = dataset.drafts.get(ob.subjectId)?.taskId;
      return taskId === undefined
        ? [['draft', ob.subjectId]]
        : [
            ['draft', ob.subjectId],
            ['task', taskId],
          ];
    }
    case 'weekly_schedule': {
      // `VP:2025-W11`: the schedule when one is stored, else the unit (its source sends its schedules).
      const cut = ob.subjectId.lastIndexOf(':');
      const unitId = ob.subjectId.slice(0, cut);
      const key = `${unitId}|${ob.subjectId.slice(cut + 1)}`;
      return dataset.weeklySchedules.has(key)
        ? [
            ['weeklySchedule', key],
            ['unit', unitId],
          ]
        : [['unit', unitId]];
    }
    default:
      return [];
  }
}

/**
 * Turns into `unknown` every late or overdue obligation that depends on a stale source and turned
 * late or overdue (the start of the day after its due date) after that source's last good sync.
 * The verdict it would have had is kept in the details (`unknownStatus`), with the source and since
 * when it is stale; an exempt obligation stays exempt (the excuse is an authorised decision).
 */
export function applyStaleness(obligations: Obligation[], dataset: Dataset, staleness: Staleness): void {
  if (staleness.sources.size === 0) return;
  const all = [...staleness.sources.entries()];
  for (const ob of obligations) {
    if ((ob.status !== 'late' && ob.status !== 'overdue') || ob.dueDate === null || !TIMED_RULES.has(ob.rule))
      continue;
    const turnedAt = startOfLocalDay(ob.dueDate + 1);
    let cause: [string, Instant | null] | null = null;
    const candidates =
      staleness.recordSource === undefined
        ? all
        : recordsOf(ob, dataset).flatMap(([kind, id]) => {
            const source = staleness.recordSource!(kind, id);
            if (source === null || !staleness.sources.has(source)) return [];
            return [[source, staleness.sources.get(source)!] as [string, Instant | null]];
          });
    for (const [source, lastGood] of candidates) {
      if (lastGood !== null && lastGood >= turnedAt) continue;
      // The staler source answers: its gap is the longer one.
      if (cause === null || (lastGood ?? -Infinity) < (cause[1] ?? -Infinity)) cause = [source, lastGood];
    }
    if (cause === null) continue;
    ob.details = {
      ...ob.details,
      unknownStatus: ob.status,
      staleSource: cause[0],
      staleSince: cause[1] === null ? null : formatInstant(cause[1]),
    };
    ob.status = 'unknown';
    ob.workingDaysLate = null;
  }
}
