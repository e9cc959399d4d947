import type { Draft } from '../model.js';
import { localDay } from '../time.js';
import type { EvaluationContext } from './evaluation-context.js';
import { exists } from './evaluation-context.js';
import type { Obligation } from './obligation.js';
import { dayOrNull } from './obligation-factory.js';
import type { TaskFacts } from './task-facts.js';

/**
 * §3.5 — a draft gets one comment round; a legal normative document three.
 * "Văn bản dự thảo chỉ cần góp ý 1 lần, riêng văn bản quy phạm pháp luật được phép góp ý 3 lần."
 */
export function reviewRoundsRule(draft: Draft, facts: TaskFacts, ctx: EvaluationContext): Obligation {
  const legalNormative = draft.legalNormative ?? facts.document?.legalNormative ?? false;
  const allowed = legalNormative ? 3 : 1;
  const rounds = draft.reviewRounds
    .filter((r) => r.at <= ctx.asOf)
    .map((r) => r.at)
    .sort((a, b) => a - b);

  let status: Obligation['status'] = 'pending';
  let anchor: number | null = null;
  let doneAt: number | null = null;
  let brokenOn: number | null = null;
  if (rounds.length > allowed) {
    // Violated as soon as the allowance is exceeded; issuing the document later does not undo it.
    status = 'violated';
    brokenOn = localDay(rounds[allowed]);
    anchor = brokenOn;
  } else if (exists(draft.issuedAt, ctx.asOf)) {
    status = 'met';
    doneAt = draft.issuedAt;
    anchor = localDay(draft.issuedAt);
  }
  return {
    id: `review_rounds:${draft.id}`,
    rule: 'review_rounds',
    subjectId: draft.id,
    unitId: draft.unitId,
    personId: draft.drafterId,
    dueDate: null,
    status,
    doneAt,
    workingDaysLate: null,
    tight: false,
    anchor,
    phaseId: null,
    details: { rounds: rounds.length, allowed, legalNormative, exceededOn: dayOrNull(brokenOn) },
  };
}
