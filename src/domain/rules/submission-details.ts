import type { EvaluationContext } from './evaluation-context.js';
import type { Details } from './obligation.js';
import { dayOrNull, noteDerivedYears } from './obligation-factory.js';
import type { SubmissionSchedule } from './submission-schedule.js';
import type { TaskFacts } from './task-facts.js';

/** The dates behind both submission rules, so a person can redo the arithmetic. */
export function submissionDetails(
  schedule: SubmissionSchedule,
  facts: TaskFacts,
  ctx: EvaluationContext,
): Details {
  const details: Details = {
    D: dayOrNull(schedule.D),
    DSource: schedule.DSource,
    U: dayOrNull(schedule.U),
    S: dayOrNull(schedule.S),
    R: dayOrNull(schedule.R),
    unitDeadline: dayOrNull(schedule.unitRequired !== schedule.U ? schedule.unitRequired : null),
    extended: facts.extended,
  };
  if (facts.extended) details.originalDeadline = dayOrNull(facts.originalDeadline);
  if (schedule.staffRaised) details.raisedToNextWorkingDay = true;
  return noteDerivedYears(details, ctx, schedule.R, schedule.S, schedule.U, schedule.D);
}
