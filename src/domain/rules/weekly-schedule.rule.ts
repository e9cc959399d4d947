import type { Unit } from '../model.js';
import type { Day } from '../time.js';
import { formatIsoWeek, isoWeekOf, mondayOfIsoWeek } from '../time.js';
import type { EvaluationContext } from './evaluation-context.js';
import { judgeTimed } from './judge.js';
import type { Obligation } from './obligation.js';
import { dayOrNull, noteDerivedYears, timedObligation, unitHeadOf } from './obligation-factory.js';

/** A week a schedule is expected for: its Monday and due date. */
export interface ScheduledWeek {
  week: string;
  monday: Day;
  due: Day;
}

/**
 * §3.9 — each unit publishes its weekly work schedule by the last working day before the week.
 * "Lên lịch công tác đầy đủ, chi tiết, rõ ràng, theo hàng tuần đúng thời gian quy định"
 */
export function weeklyScheduleRule(unit: Unit, week: ScheduledWeek, ctx: EvaluationContext): Obligation {
  const published = ctx.dataset.weeklySchedules.get(`${unit.id}|${week.week}`)?.publishedAt ?? null;
  const judgement = judgeTimed(week.due, published, ctx.asOf, ctx.asOfDay, ctx.calendar);
  return timedObligation(
    'weekly_schedule',
    `${unit.id}:${week.week}`,
    unit.id,
    unitHeadOf(ctx, unit.id),
    week.due,
    judgement,
    false,
    noteDerivedYears({ week: week.week, monday: dayOrNull(week.monday) }, ctx, week.due, week.monday),
  );
}

/**
 * The weeks that expect a schedule: from the first whose due date is on or after trackingStart to
 * the week after the as-of week; only weeks with a working day, and only with the due date inside
 * a campaign phase (the Tết week that is all holiday expects none).
 */
export function scheduledWeeks(ctx: EvaluationContext): ScheduledWeek[] {
  if (ctx.trackingStart === null) return [];
  const { calendar } = ctx;
  const first = isoWeekOf(ctx.trackingStart);
  const asOfWeek = isoWeekOf(ctx.asOfDay);
  const lastMonday = mondayOfIsoWeek(asOfWeek.year, asOfWeek.week) + 7;
  const weeks: ScheduledWeek[] = [];
  for (let monday = mondayOfIsoWeek(first.year, first.week); monday <= lastMonday; monday += 7) {
    const due = calendar.before(monday, 1);
    if (due < ctx.trackingStart) continue;
    if (calendar.nextWorkingDayOnOrAfter(monday) > monday + 6) continue;
    if (ctx.phaseAt(due) === null) continue;
    weeks.push({ week: formatIsoWeek(isoWeekOf(monday)), monday, due });
  }
  return weeks;
}

export function weeklyScheduleRules(ctx: EvaluationContext, out: Obligation[]): void {
  const weeks = scheduledWeeks(ctx);
  if (weeks.length === 0) return;
  for (const unit of ctx.dataset.units.values()) {
    for (const week of weeks) out.push(weeklyScheduleRule(unit, week, ctx));
  }
}
