/** "Việc của tôi": a drafter's open obligations, the next working days, her scores, her reminders, her requests. */
import type { WorkingCalendar } from '../../domain/calendar/calendar.js';
import type { HorizonDay } from '../../domain/digests/digest-content.js';
import type { Dataset } from '../../domain/model.js';
import type { Obligation } from '../../domain/rules/obligation.js';
import type { Day, Instant } from '../../domain/time.js';
import { localDay } from '../../domain/time.js';
import type { ExemptionRequestRecord } from '../../infra/store/exemption-request-store.js';
import type { StoredReminder } from '../../infra/store/reminder-store.js';
import type { StoredScore } from '../../infra/store/score-store.js';
import { explainDueDate } from '../due-date-explainer.js';
import {
  formatDateTime,
  formatScore,
  formatWeekdayDate,
  formatWeekdayShort,
  formatRate,
} from '../formats.js';
import { GRADE_LABELS, RULE_LABELS, STATUS_LABELS } from '../labels.js';
import type { Notice, PageContext } from './web-kit.js';
import {
  e,
  empty,
  form,
  hidden,
  input,
  link,
  obligationPath,
  page,
  section,
  select,
  subjectLabel,
  table,
  textOf,
} from './web-kit.js';

export interface DrafterView {
  asOf: Instant;
  name: string;
  /** Her obligations not yet judged or overdue, by due date. */
  open: Obligation[];
  dataset: Dataset;
  calendar: WorkingCalendar;
  horizon: { from: Day; to: Day; exceptions: HorizonDay[] };
  scores: StoredScore[];
  reminders: StoredReminder[];
  requests: ExemptionRequestRecord[];
}

/** "còn 2 ngày làm việc" / "trễ 3 ngày làm việc": from today to the due date, in working days. */
export function daysState(ob: Obligation, today: Day, calendar: WorkingCalendar, ctx: PageContext): string {
  const t = textOf(ctx);
  if (ob.dueDate === null) return '—';
  if (ob.status === 'overdue' || ob.dueDate < today)
    return t.late(ob.workingDaysLate ?? calendar.workingDaysLate(ob.dueDate, today));
  let n = 0;
  for (let d = today + 1; d <= ob.dueDate; d++) if (calendar.isWorkingDay(d)) n++;
  return t.left(n);
}

export function whyLine(ob: Obligation, calendar: WorkingCalendar, ctx: PageContext): string {
  if (ob.dueDate === null) return '';
  return explainDueDate(
    { rule: ob.rule, dueDate: ob.dueDate, tight: ob.tight, details: ob.details },
    calendar,
    ctx.lang,
  );
}

export function statusBadge(status: Obligation['status'], ctx: PageContext): string {
  return `<span class="status s-${status}">${e(STATUS_LABELS[ctx.lang][status])}</span>`;
}

export function requestsTable(
  ctx: PageContext,
  caption: string,
  requests: ExemptionRequestRecord[],
  dataset: Dataset | null,
): string {
  const t = textOf(ctx);
  return table(
    caption,
    [t.requestNo, t.askFor, t.askedAt, t.reason, t.state, t.decision],
    requests.map((r) => [
      e(r.id),
      link(
        ctx,
        obligationPath(r.obligationId),
        dataset === null ? r.obligationId : labelOfId(r.obligationId, dataset, ctx),
      ),
      e(formatDateTime(r.askedAt)),
      e(r.reason),
      e(t.requestStates[r.state]),
      e(r.decisionReason ?? r.forwardNote ?? ''),
    ]),
  );
}

/** A request's obligation named from the data: the rule and the subject ("Báo cáo kế hoạch — 12/UBND-VP — Nhiệm vụ e2"). */
function labelOfId(obligationId: string, dataset: Dataset, ctx: PageContext): string {
  const rule = obligationId.split(':', 1)[0];
  const subjectId = obligationId.slice(rule.length + 1);
  const known = RULE_LABELS[ctx.lang][rule as keyof (typeof RULE_LABELS)['vi']];
  if (known === undefined) return obligationId;
  const ob = { rule, subjectId, personId: null, details: {} } as unknown as Obligation;
  return `${known}: ${subjectLabel(ob, dataset, ctx.lang)}`;
}

export function drafterPage(ctx: PageContext, v: DrafterView, notice: Notice | null): string {
  const t = textOf(ctx);
  const today = localDay(v.asOf);
  const rows = v.open.map((ob) => [
    link(ctx, obligationPath(ob.id), subjectLabel(ob, v.dataset, ctx.lang)),
    e(RULE_LABELS[ctx.lang][ob.rule]),
    ob.dueDate === null ? '—' : e(formatWeekdayShort(ob.dueDate, ctx.lang)),
    statusBadge(ob.status, ctx),
    e(daysState(ob, today, v.calendar, ctx)),
    `<span class="why">${e(whyLine(ob, v.calendar, ctx))}</span>`,
  ]);
  const openSection = section(
    'open',
    t.openItems,
    rows.length === 0
      ? empty(t.noOpenItems)
      : table(t.openItems, [t.item, t.rule, t.due, t.status, t.daysState, t.why], rows),
  );

  const exceptions = new Map(v.horizon.exceptions.map((x) => [x.day, x]));
  const days: string[] = [];
  for (let d = v.horizon.from; d <= v.horizon.to; d++) {
    const x = exceptions.get(d);
    const working = x?.working ?? v.calendar.isWorkingDay(d);
    if (!working && x === undefined) continue;
    const due = v.open.filter((ob) => ob.dueDate === d);
    const note =
      x === undefined
        ? ''
        : ` <span class="note">(${e(working ? t.makeup : t.dayOff)}${x.reason === null ? '' : `: ${e((ctx.lang === 'en' ? (x.reasonEn ?? x.reason) : x.reason) ?? '')}`})</span>`;
    const items =
      due.length === 0
        ? ''
        : `<ul>${due.map((ob) => `<li>${link(ctx, obligationPath(ob.id), subjectLabel(ob, v.dataset, ctx.lang))}</li>`).join('')}</ul>`;
    days.push(`<li><strong>${e(formatWeekdayDate(d, ctx.lang))}</strong>${note}${items}</li>`);
  }
  const horizon = section('next', t.nextDays, `<ul class="days">${days.join('')}</ul>`);

  const scoreRows = v.scores.map((s) => [
    e(s.phaseId),
    e(formatScore(s.score, ctx.lang)),
    e(GRADE_LABELS[ctx.lang][s.grade]),
    e(
      Object.entries(s.rules)
        .map(
          ([rule, tally]) =>
            `${RULE_LABELS[ctx.lang][rule as keyof (typeof RULE_LABELS)['vi']]}: ${tally!.met}/${tally!.judged} (${formatRate(tally!.judged === 0 ? null : tally!.met / tally!.judged, ctx.lang)})`,
        )
        .join('; '),
    ),
  ]);
  const scores = section(
    'scores',
    t.myScores,
    scoreRows.length === 0
      ? empty(t.noScores)
      : table(t.myScores, [t.phase, t.score, t.grade, t.rulesBehind], scoreRows, [1]),
  );

  const reminders = section(
    'reminders',
    t.myReminders,
    v.reminders.length === 0
      ? empty(t.noReminders)
      : table(
          t.myReminders,
          [t.sentAt, t.item, t.due, t.why],
          v.reminders.map((r) => [
            e(formatDateTime(r.sentAt ?? r.slot)),
            link(ctx, obligationPath(r.obligationId), r.label),
            e(r.dueDate),
            `<span class="why">${e(r.why)}</span>`,
          ]),
        ),
  );

  const askable = v.open.filter(
    (ob) =>
      !v.requests.some((r) => r.obligationId === ob.id && (r.state === 'asked' || r.state === 'forwarded')),
  );
  const ask = section(
    'ask',
    t.askTitle,
    askable.length === 0
      ? empty(v.open.length === 0 ? t.noOpenItems : t.nothingToAsk)
      : form(
          ctx,
          '/yeu-cau-mien-tru',
          hidden('from', 'home') +
            select(
              t.askFor,
              'obligationId',
              askable.map((ob) => [
                ob.id,
                `${subjectLabel(ob, v.dataset, ctx.lang)} (${RULE_LABELS[ctx.lang][ob.rule]})`,
              ]),
            ) +
            input(t.reason, 'reason', { multiline: true }),
          t.send,
          'stack',
        ),
  );
  const requests = section(
    'requests',
    t.myRequests,
    v.requests.length === 0 ? empty(t.noRequests) : requestsTable(ctx, t.myRequests, v.requests, v.dataset),
  );
  const intro = `<p class="asof">${e(v.name)} — ${e(t.asOf(formatDateTime(v.asOf)))}</p>`;
  return page(ctx, t.myWork, intro + openSection + horizon + ask + requests + scores + reminders, notice);
}
