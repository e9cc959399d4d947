import type { Draft } from '../model.js';
import type { EvaluationContext } from './evaluation-context.js';
import { judgeTimed } from './judge.js';
import type { Details, Obligation } from './obligation.js';
import { timedObligation } from './obligation-factory.js';
import type { SubmissionSchedule } from './submission-schedule.js';

/**
 * §3.2 — the drafter submits to the unit head 1 working day before the unit's deadline.
 * "Nhân viên dự thảo văn bản phải trình trước 1 ngày cho lãnh đạo đơn vị so với thời hạn yêu cầu của đơn vị."
 */
export function staffSubmissionRule(
  draft: Draft,
  schedule: SubmissionSchedule,
  details: Details,
  ctx: EvaluationContext,
): Obligation | null {
  if (schedule.S === null) return null;
  const judgement = judgeTimed(schedule.S, draft.submittedToUnitAt, ctx.asOf, ctx.asOfDay, ctx.calendar);
  return timedObligation(
    'staff_submission',
    draft.id,
    draft.unitId,
    draft.drafterId,
    schedule.S,
    judgement,
    schedule.tight || schedule.staffRaised,
    details,
  );
}
