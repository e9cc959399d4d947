import type { Day } from '../time.js';
import { formatDay, yearOf } from '../time.js';
import type { EvaluationContext } from './evaluation-context.js';
import type { TimedJudgement } from './judge.js';
import type { Details, Obligation, RuleId } from './obligation.js';

/** A judged timed obligation; the evaluator fills in `phaseId` from `anchor`. */
export function timedObligation(
  rule: RuleId,
  subjectId: string,
  unitId: string | null,
  personId: string | null,
  due: Day,
  judgement: TimedJudgement,
  tight: boolean,
  details: Details,
): Obligation {
  return {
    id: `${rule}:${subjectId}`,
    rule,
    subjectId,
    unitId,
    personId,
    dueDate: due,
    status: judgement.status,
    doneAt: judgement.doneAt,
    workingDaysLate: judgement.workingDaysLate,
    tight,
    anchor: due,
    phaseId: null,
    details,
  };
}

export function dayOrNull(day: Day | null): string | null {
  return day === null ? null : formatDay(day);
}

/**
 * Adds `derivedYears` to the details when any of these dates lies in a year whose days off were
 * derived from the statutory rules rather than announced: the reader should know the due date
 * rests on a calendar nobody has confirmed.
 */
export function noteDerivedYears(details: Details, ctx: EvaluationContext, ...days: (Day | null)[]): Details {
  let years: number[] | null = null;
  for (const day of days) {
    if (day === null) continue;
    const year = yearOf(day);
    if (ctx.calendar.isDerivedYear(year) && !(years ??= []).includes(year)) years.push(year);
  }
  if (years !== null) details.derivedYears = years.sort((a, b) => a - b);
  return details;
}

/** The person answerable for a unit: its head (`headId`), when it has one. */
export function unitHeadOf(ctx: EvaluationContext, unitId: string | null): string | null {
  if (unitId === null) return null;
  return ctx.dataset.units.get(unitId)?.headId ?? null;
}
