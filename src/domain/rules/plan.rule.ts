import { localDay } from '../time.js';
import type { EvaluationContext } from './evaluation-context.js';
import { judgeTimed } from './judge.js';
import type { Obligation } from './obligation.js';
import { dayOrNull, noteDerivedYears, timedObligation, unitHeadOf } from './obligation-factory.js';
import type { TaskFacts } from './task-facts.js';

/**
 * §3.1 — a task received without a deadline gets an implementation plan within 3 working days.
 * "Khi nhận nhiệm vụ mà không có tiến độ chậm nhất là sau 3 ngày phải báo cáo kế hoạch thực hiện."
 */
export function planRule(facts: TaskFacts, ctx: EvaluationContext): Obligation | null {
  if (facts.deadline !== null) return null;
  const task = facts.task;
  const start = localDay(task.assignedAt);
  const due = ctx.calendar.after(start, 3);
  const judgement = judgeTimed(due, task.plan?.reportedAt ?? null, ctx.asOf, ctx.asOfDay, ctx.calendar);
  const details = noteDerivedYears(
    {
      assignedOn: dayOrNull(start),
      targetDate: judgement.doneAt !== null ? dayOrNull(task.plan?.targetDate ?? null) : null,
    },
    ctx,
    start,
    due,
  );
  return timedObligation(
    'plan',
    task.id,
    task.unitId,
    task.assigneeId ?? unitHeadOf(ctx, task.unitId),
    due,
    judgement,
    false,
    details,
  );
}
