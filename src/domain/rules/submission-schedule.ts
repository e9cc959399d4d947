import type { WorkingCalendar } from '../calendar/calendar.js';
import type { Draft } from '../model.js';
import type { Day, Instant } from '../time.js';
import type { TaskFacts } from './task-facts.js';

/**
 * The due dates of a draft's two submissions (DOMAIN.md §3.2–§3.4), computed once for both rules.
 */
export interface SubmissionSchedule {
  /** `D`: the task's deadline, else its reported plan's target date. */
  D: Day | null;
  DSource: 'change' | 'task' | 'document' | 'plan' | null;
  /** `R`: the arrival date. */
  R: Day;
  /** `U`: the unit's due date for submitting to leadership; null when there is no D. */
  U: Day | null;
  /** `S`: the drafter's due date for submitting to the unit head; null when nothing sets it. */
  S: Day | null;
  /** What S was counted back from: the draft's own unitDeadline, or U. */
  unitRequired: Day | null;
  /** The document's deadline leaves no room for the normal schedule: both are due the next day. */
  tight: boolean;
  /** S was raised to WD(R, +1) because the unit asked for the draft too early (§3.2). */
  staffRaised: boolean;
}

export function submissionSchedule(
  draft: Draft,
  facts: TaskFacts,
  asOf: Instant,
  calendar: WorkingCalendar,
): SubmissionSchedule {
  let D = facts.deadline;
  let DSource: SubmissionSchedule['DSource'] = facts.deadlineSource;
  const plan = facts.task.plan;
  if (
    D === null &&
    plan !== null &&
    plan.targetDate !== null &&
    plan.reportedAt !== null &&
    plan.reportedAt <= asOf
  ) {
    D = plan.targetDate;
    DSource = 'plan';
  }
  const R = facts.arrival;
  // "trình ngay ngày hôm sau so với ngày văn bản đến": the earliest anyone can be asked for a draft.
  const nextDay = calendar.after(R, 1);

  if (D !== null && calendar.before(calendar.before(D, 2), 1) < nextDay) {
    const due = Math.min(nextDay, D);
    return { D, DSource, R, U: due, S: due, unitRequired: null, tight: true, staffRaised: false };
  }

  const U = D === null ? null : calendar.before(D, 2);
  const unitRequired = draft.unitDeadline ?? U;
  if (unitRequired === null) {
    return { D, DSource, R, U, S: null, unitRequired: null, tight: false, staffRaised: false };
  }
  const normal = calendar.before(unitRequired, 1);
  const staffRaised = normal < nextDay;
  return { D, DSource, R, U, S: staffRaised ? nextDay : normal, unitRequired, tight: false, staffRaised };
}
