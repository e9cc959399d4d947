import type { Draft } from '../model.js';
import type { EvaluationContext } from './evaluation-context.js';
import { judgeTimed } from './judge.js';
import type { Details, Obligation } from './obligation.js';
import { timedObligation, unitHeadOf } from './obligation-factory.js';
import type { SubmissionSchedule } from './submission-schedule.js';

/**
 * §3.3 — the unit submits the draft to the department's leadership 2 working days before the
 * deadline on the document. "Đơn vị trình dự thảo văn bản trước 2 ngày cho lãnh đạo sở."
 */
export function unitSubmissionRule(
  draft: Draft,
  schedule: SubmissionSchedule,
  details: Details,
  ctx: EvaluationContext,
): Obligation | null {
  if (schedule.U === null) return null;
  const judgement = judgeTimed(
    schedule.U,
    draft.submittedToLeadershipAt,
    ctx.asOf,
    ctx.asOfDay,
    ctx.calendar,
  );
  return timedObligation(
    'unit_submission',
    draft.id,
    draft.unitId,
    unitHeadOf(ctx, draft.unitId),
    schedule.U,
    judgement,
    schedule.tight,
    details,
  );
}
