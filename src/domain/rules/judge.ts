import type { WorkingCalendar } from '../calendar/calendar.js';
import type { Day, Instant } from '../time.js';
import { localDay } from '../time.js';
import type { Status } from './obligation.js';

export interface TimedJudgement {
  status: Status;
  /** The completion, when it is known as of as-of. */
  doneAt: Instant | null;
  workingDaysLate: number | null;
}

/**
 * DOMAIN.md §2–§3 for a timed obligation: on time when the local date it was done is ≤ the due
 * date; late or overdue items count the working days in (due, x], x moved forward to a working day.
 * A completion after as-of is not known yet.
 */
export function judgeTimed(
  due: Day,
  done: Instant | null,
  asOf: Instant,
  asOfDay: Day,
  calendar: WorkingCalendar,
): TimedJudgement {
  if (done !== null && done <= asOf) {
    const doneDay = localDay(done);
    if (doneDay <= due) return { status: 'met', doneAt: done, workingDaysLate: null };
    return { status: 'late', doneAt: done, workingDaysLate: calendar.workingDaysLate(due, doneDay) };
  }
  if (asOfDay <= due) return { status: 'pending', doneAt: null, workingDaysLate: null };
  return { status: 'overdue', doneAt: null, workingDaysLate: calendar.workingDaysLate(due, asOfDay) };
}
