/**
 * A unit's page (the digest's figures, live, every number a link to its evidence), the evidence
 * list, one obligation's page, and leadership's view of all units with the rule × unit heat map.
 */
import type { WorkingCalendar } from '../../domain/calendar/calendar.js';
import type {
  LeadershipDigest,
  RuleFigures,
  Tally,
  TrendPoint,
  UnitDigest,
} from '../../domain/digests/digest-content.js';
import type { Dataset } from '../../domain/model.js';
import type { Obligation } from '../../domain/rules/obligation.js';
import { RULES } from '../../domain/rules/obligation.js';
import type { Instant } from '../../domain/time.js';
import { localDay, parseDay } from '../../domain/time.js';
import type { ExemptionRequestRecord } from '../../infra/store/exemption-request-store.js';
import type { HistoryView, StoredObligationView } from '../../infra/store/obligation-query.js';
import type { DigestListing } from '../../infra/store/web-read-store.js';
import {
  formatDateTime,
  formatRate,
  formatScore,
  formatWeekdayDate,
  formatWeekdayShort,
} from '../formats.js';
import { GRADE_LABELS, RULE_LABELS, STATUS_LABELS } from '../labels.js';
import { daysState, statusBadge, whyLine } from './drafter-page.js';
import type { Notice, PageContext } from './web-kit.js';
import {
  e,
  empty,
  form,
  hidden,
  href,
  input,
  link,
  obligationPath,
  page,
  section,
  subjectLabel,
  table,
  textOf,
  unitPath,
} from './web-kit.js';

export interface EvidenceLink {
  scope: 'week' | 'phase' | 'overdue' | 'soon';
  rule?: string;
  person?: string;
  met?: '1' | '0';
}

function evidenceHref(ctx: PageContext, unitId: string, q: EvidenceLink): string {
  return href(ctx, `${unitPath(unitId)}/bang-chung`, {
    pham_vi: q.scope,
    tieu_chi: q.rule,
    nguoi: q.person,
    dat: q.met,
  });
}

/** A count that opens the obligations it counts. */
function countLink(ctx: PageContext, unitId: string, n: number, q: EvidenceLink, label: string): string {
  return `<a href="${e(evidenceHref(ctx, unitId, q))}" aria-label="${e(`${label}: ${n}`)}">${n}</a>`;
}

/** A bar as wide as the rate (in tenths: classes, so no inline style is needed under the CSP). */
function bar(rate: number | null, ctx: PageContext): string {
  const tenth = rate === null ? 0 : Math.round(rate * 10);
  return `<span class="bar w${tenth}" aria-hidden="true"></span> ${e(formatRate(rate, ctx.lang))}`;
}

/** The weekly trend (judged, met, rate with its bar), as the unit and the leadership pages show it. */
function trendSection(trend: readonly TrendPoint[], ctx: PageContext): string {
  const t = textOf(ctx);
  return section(
    'trend',
    t.trend,
    table(
      t.trend,
      [t.week, t.judged, t.met, t.rate],
      trend.map((p) => [e(p.week), e(String(p.judged)), e(String(p.met)), bar(p.rate, ctx)]),
      [1, 2],
    ),
  );
}

function heat(rate: number | null): string {
  if (rate === null) return 'heat-none';
  if (rate >= 0.95) return 'heat-4';
  if (rate >= 0.8) return 'heat-3';
  if (rate >= 0.6) return 'heat-2';
  return 'heat-1';
}

export interface UnitView {
  digest: UnitDigest;
  asOf: Instant;
  digests: DigestListing[];
  requests: ExemptionRequestRecord[];
  obligations: Map<string, Obligation>;
  dataset: Dataset;
  canDecideAsHead: boolean;
}

function rulesRows(
  ctx: PageContext,
  unitId: string,
  week: RuleFigures[],
  phase: RuleFigures[],
  weekTotal: Tally,
  phaseTotal: Tally,
): string[][] {
  const t = textOf(ctx);
  const rows = RULES.map((rule, i) => {
    const w = week[i];
    const p = phase[i];
    const name = RULE_LABELS[ctx.lang][rule];
    return [
      e(name),
      countLink(ctx, unitId, w.judged, { scope: 'week', rule }, `${name}, ${t.weekJudged}`),
      countLink(ctx, unitId, w.met, { scope: 'week', rule, met: '1' }, `${name}, ${t.met}`),
      e(formatRate(w.rate, ctx.lang)),
      countLink(ctx, unitId, p.judged, { scope: 'phase', rule }, `${name}, ${t.judged}`),
      countLink(ctx, unitId, p.met, { scope: 'phase', rule, met: '1' }, `${name}, ${t.met}`),
      `<span class="${heat(p.rate)}">${e(formatRate(p.rate, ctx.lang))}</span>`,
      e(formatRate(1, ctx.lang)),
    ];
  });
  rows.push([
    `<strong>${e(t.total)}</strong>`,
    countLink(ctx, unitId, weekTotal.judged, { scope: 'week' }, `${t.total}, ${t.weekJudged}`),
    countLink(ctx, unitId, weekTotal.met, { scope: 'week', met: '1' }, `${t.total}, ${t.met}`),
    e(formatRate(weekTotal.rate, ctx.lang)),
    countLink(ctx, unitId, phaseTotal.judged, { scope: 'phase' }, `${t.total}, ${t.judged}`),
    countLink(ctx, unitId, phaseTotal.met, { scope: 'phase', met: '1' }, `${t.total}, ${t.met}`),
    e(formatRate(phaseTotal.rate, ctx.lang)),
    e(formatRate(1, ctx.lang)),
  ]);
  return rows;
}

/** The forward / refuse (unit head) or approve / refuse (leadership, council) forms of one request. */
export function requestActions(ctx: PageContext, r: ExemptionRequestRecord): string {
  const t = textOf(ctx);
  const base = `/yeu-cau-mien-tru/${encodeURIComponent(r.id)}`;
  if (ctx.role === 'unit_head' && r.state === 'asked')
    return (
      form(ctx, `${base}/chuyen`, input(t.note, 'note', { required: false }), t.forward, 'inline') +
      form(ctx, `${base}/tu-choi`, input(t.refuseReason, 'reason'), t.refuse, 'inline')
    );
  if ((ctx.role === 'leader' || ctx.role === 'council') && r.state === 'forwarded')
    return (
      form(ctx, `${base}/duyet`, input(t.decisionReason, 'reason'), t.approve, 'inline') +
      form(ctx, `${base}/tu-choi`, input(t.refuseReason, 'reason'), t.refuse, 'inline')
    );
  return '';
}

export function requestsWithActions(
  ctx: PageContext,
  caption: string,
  requests: ExemptionRequestRecord[],
  dataset: Dataset,
): string {
  const t = textOf(ctx);
  if (requests.length === 0) return empty(t.noRequests);
  const rows = requests.map((r) => {
    const person = dataset.people.get(r.personId)?.name ?? r.personId;
    const ob = {
      rule: r.obligationId.split(':', 1)[0],
      subjectId: r.obligationId.slice(r.obligationId.indexOf(':') + 1),
      personId: r.personId,
      details: {},
    } as unknown as Obligation;
    const label =
      RULE_LABELS[ctx.lang][ob.rule] === undefined ? r.obligationId : subjectLabel(ob, dataset, ctx.lang);
    return [
      e(r.id),
      link(ctx, obligationPath(r.obligationId), label),
      e(person),
      e(r.reason),
      e(t.requestStates[r.state]) +
        (r.forwardNote === null ? '' : `<br><span class="note">${e(r.forwardNote)}</span>`) +
        (r.decisionReason === null ? '' : `<br><span class="note">${e(r.decisionReason)}</span>`),
      requestActions(ctx, r),
    ];
  });
  return table(caption, [t.requestNo, t.askFor, t.askedBy, t.reason, t.state, t.actions], rows);
}

function itemsTable(
  ctx: PageContext,
  caption: string,
  obligations: Obligation[],
  dataset: Dataset,
  calendar: WorkingCalendar | null,
  asOf: Instant,
): string {
  const t = textOf(ctx);
  const today = localDay(asOf);
  return table(
    caption,
    [t.item, t.rule, t.person, t.due, t.status, t.daysState],
    obligations.map((ob) => [
      link(ctx, obligationPath(ob.id), subjectLabel(ob, dataset, ctx.lang)),
      e(RULE_LABELS[ctx.lang][ob.rule]),
      e(ob.personId === null ? '—' : (dataset.people.get(ob.personId)?.name ?? ob.personId)),
      ob.dueDate === null ? '—' : e(formatWeekdayShort(ob.dueDate, ctx.lang)),
      statusBadge(ob.status, ctx),
      calendar === null ? '' : e(daysState(ob, today, calendar, ctx)),
    ]),
  );
}

export function unitPage(
  ctx: PageContext,
  v: UnitView & { calendar: WorkingCalendar },
  notice: Notice | null,
): string {
  const t = textOf(ctx);
  const d = v.digest;
  const unitId = d.unit.id;
  const standing =
    d.standing === null
      ? `<p>${e(t.noPhase)}</p>`
      : `<dl class="tiles"><div><dt>${e(t.score)}</dt><dd>${e(formatScore(d.standing.score, ctx.lang))}</dd></div>` +
        `<div><dt>${e(t.grade)}</dt><dd>${e(GRADE_LABELS[ctx.lang][d.standing.grade])}</dd></div>` +
        `<div><dt>${e(t.standing)}</dt><dd>${e(t.rankOf(d.standing.rank, d.standing.of))}</dd></div>` +
        `<div><dt>${e(t.overdue)}</dt><dd>${countLink(ctx, unitId, d.overdue.length, { scope: 'overdue' }, t.overdue)}</dd></div></dl>`;
  const intro =
    `<p class="asof">${e(t.head)}: ${e(d.head?.name ?? '—')} — ${e(t.asOf(formatDateTime(v.asOf)))}` +
    (d.period.phase === null ? '' : ` — ${e(d.period.phase.name)} (${e(d.period.phase.id)})`) +
    `</p>`;
  const rules = section(
    'rules',
    `${t.thisWeek(d.period.week)} · ${d.period.phase === null ? '' : t.phaseToDate(d.period.phase.name)}`,
    table(
      `${t.rule} — ${d.unit.name}`,
      [
        t.rule,
        `${t.week}: ${t.judged}`,
        `${t.week}: ${t.met}`,
        `${t.week}: ${t.rate}`,
        `${t.phase}: ${t.judged}`,
        `${t.phase}: ${t.met}`,
        `${t.phase}: ${t.rate}`,
        t.target,
      ],
      rulesRows(ctx, unitId, d.lastWeek, d.phaseToDate, d.lastWeekTotal, d.phaseTotal),
      [1, 2, 3, 4, 5, 6, 7],
    ),
  );
  const obs = (ids: string[]) =>
    ids.map((id) => v.obligations.get(id)).filter((o): o is Obligation => o !== undefined);
  const overdue = section(
    'overdue',
    t.overdueList,
    d.overdue.length === 0
      ? empty(t.noOverdue)
      : itemsTable(
          ctx,
          t.overdueList,
          obs(d.overdue.map((i) => i.obligationId)),
          v.dataset,
          v.calendar,
          v.asOf,
        ),
  );
  const soon = section(
    'soon',
    t.dueSoon,
    d.dueSoon.length === 0
      ? empty(t.noOpenItems)
      : itemsTable(ctx, t.dueSoon, obs(d.dueSoon.map((i) => i.obligationId)), v.dataset, v.calendar, v.asOf),
  );
  const people = section(
    'people',
    t.people,
    table(
      t.people,
      [t.person, t.weekJudged, t.met, t.score, t.grade, t.overdue, t.soon],
      d.people.map((p) => [
        e(p.name ?? p.personId),
        countLink(
          ctx,
          unitId,
          p.lastWeek.judged,
          { scope: 'week', person: p.personId },
          `${p.name ?? p.personId}, ${t.weekJudged}`,
        ),
        countLink(
          ctx,
          unitId,
          p.lastWeek.met,
          { scope: 'week', person: p.personId, met: '1' },
          `${p.name ?? p.personId}, ${t.met}`,
        ),
        e(p.phaseScore === null ? '—' : formatScore(p.phaseScore.score, ctx.lang)),
        e(p.phaseScore === null ? '—' : GRADE_LABELS[ctx.lang][p.phaseScore.grade]),
        countLink(
          ctx,
          unitId,
          p.overdue,
          { scope: 'overdue', person: p.personId },
          `${p.name ?? p.personId}, ${t.overdue}`,
        ),
        countLink(
          ctx,
          unitId,
          p.dueSoon,
          { scope: 'soon', person: p.personId },
          `${p.name ?? p.personId}, ${t.soon}`,
        ),
      ]),
      [1, 2, 3, 5, 6],
    ),
  );
  const trend = trendSection(d.trend, ctx);
  const requests = section(
    'requests',
    t.requests,
    requestsWithActions(ctx, t.requests, v.requests, v.dataset),
  );
  const digests = section(
    'digests',
    t.digests,
    (v.digests.length === 0
      ? empty(t.noDigests)
      : `<ul>${v.digests.map((g) => `<li>${link(ctx, `/ban-tin/${g.id}`, `${g.week}: ${g.subject}`)}${g.sentAt === null ? '' : ` <span class="note">(${e(formatDateTime(g.sentAt))})</span>`}</li>`).join('')}</ul>`) +
      `<p>${link(ctx, `${unitPath(unitId)}/xlsx`, t.xlsx)}</p>`,
  );
  return page(
    ctx,
    t.unitTitle(d.unit.name),
    intro + standing + rules + overdue + soon + people + requests + trend + digests,
    notice,
  );
}

export interface EvidenceView {
  unitId: string;
  unitName: string;
  q: EvidenceLink;
  obligations: Obligation[];
  dataset: Dataset;
  calendar: WorkingCalendar;
  asOf: Instant;
}

export function evidencePage(ctx: PageContext, v: EvidenceView): string {
  const t = textOf(ctx);
  const parts = [t.scopes[v.q.scope]];
  if (v.q.rule !== undefined) parts.push(RULE_LABELS[ctx.lang][v.q.rule as keyof (typeof RULE_LABELS)['vi']]);
  if (v.q.person !== undefined) parts.push(v.dataset.people.get(v.q.person)?.name ?? v.q.person);
  if (v.q.met === '1') parts.push(t.onlyMet);
  if (v.q.met === '0') parts.push(t.onlyNotMet);
  const title = `${t.evidenceTitle}: ${t.evidenceOf(parts.join(', '), v.unitName)}`;
  const body =
    `<p>${link(ctx, unitPath(v.unitId), t.unitTitle(v.unitName))} — ${e(t.count(v.obligations.length))}</p>` +
    (v.obligations.length === 0
      ? empty(t.noEvidence)
      : itemsTable(ctx, title, v.obligations, v.dataset, v.calendar, v.asOf));
  return page(ctx, title, body);
}

export interface ObligationPageView {
  stored: StoredObligationView;
  history: HistoryView[];
  /** As evaluated now (null when the live evaluation no longer has it). */
  live: Obligation | null;
  dataset: Dataset;
  calendar: WorkingCalendar;
  asOf: Instant;
  requests: ExemptionRequestRecord[];
  canAsk: boolean;
  /** The task's page in the office system (its source's `taskUrl`); null: none configured. */
  officeUrl?: string | null;
}

export function obligationPage(
  ctx: PageContext,
  v: ObligationPageView,
  notice: Notice | null,
  reasonValue = '',
): string {
  const t = textOf(ctx);
  const s = v.stored;
  const ob: Obligation =
    v.live ??
    ({
      id: s.id,
      rule: s.rule,
      subjectId: s.subjectId,
      unitId: s.unitId,
      personId: s.personId,
      dueDate: s.dueDate === null ? null : parseDay(s.dueDate),
      status: s.status,
      doneAt: null,
      workingDaysLate: s.workingDaysLate,
      tight: s.tight,
      anchor: null,
      phaseId: s.phaseId,
      details: s.details,
    } as Obligation);
  const title = `${RULE_LABELS[ctx.lang][ob.rule]}: ${subjectLabel(ob, v.dataset, ctx.lang)}`;
  const unitName = ob.unitId === null ? '—' : (v.dataset.units.get(ob.unitId)?.name ?? ob.unitId);
  const personName = ob.personId === null ? '—' : (v.dataset.people.get(ob.personId)?.name ?? ob.personId);
  const unitLink =
    ob.unitId !== null && ctx.role !== 'staff' ? link(ctx, unitPath(ob.unitId), unitName) : e(unitName);
  const row = (k: string, val: string) => `<div><dt>${e(k)}</dt><dd>${val}</dd></div>`;
  const facts =
    `<dl class="facts">` +
    row(t.rule, e(RULE_LABELS[ctx.lang][ob.rule])) +
    row(t.unit, unitLink) +
    row(t.person, e(personName)) +
    row(t.due, ob.dueDate === null ? '—' : e(formatWeekdayDate(ob.dueDate, ctx.lang))) +
    row(t.status, statusBadge(ob.status, ctx)) +
    row(t.daysState, e(daysState(ob, localDay(v.asOf), v.calendar, ctx))) +
    row(
      t.why,
      e(whyLine(ob, v.calendar, ctx)) + (ob.tight ? ` <span class="note">(${e(t.tight)})</span>` : ''),
    ) +
    row(t.doneAt, e(s.doneAt ?? t.notDone)) +
    row(t.phase, e(ob.phaseId ?? '—')) +
    (v.officeUrl ? row(t.officeSystem, `<a href="${e(v.officeUrl)}">${e(t.openInOffice)}</a>`) : '') +
    `</dl>`;
  const status = (x: string | null) =>
    x === null ? '—' : (STATUS_LABELS[ctx.lang][x as keyof (typeof STATUS_LABELS)['vi']] ?? x);
  const history = section(
    'history',
    t.history,
    v.history.length === 0
      ? empty(t.noHistory)
      : table(
          t.history,
          [t.at, t.cause, t.status, t.due],
          v.history.map((h) => [
            e(h.at),
            e(h.cause),
            e(`${status(h.previousStatus)} → ${status(h.status)}`),
            e(
              h.previousDueDate === h.dueDate
                ? (h.dueDate ?? '—')
                : `${h.previousDueDate ?? '—'} → ${h.dueDate ?? '—'}`,
            ),
          ]),
        ),
  );
  const requests = section(
    'requests',
    t.requestsOf,
    v.requests.length === 0
      ? empty(t.noRequests)
      : requestsWithActions(ctx, t.requestsOf, v.requests, v.dataset),
  );
  const ask = v.canAsk
    ? section(
        'ask',
        t.askTitle,
        form(
          ctx,
          '/yeu-cau-mien-tru',
          hidden('from', 'obligation') +
            hidden('obligationId', s.id) +
            input(t.reason, 'reason', { multiline: true, value: reasonValue }),
          t.send,
          'stack',
        ),
      )
    : '';
  return page(ctx, title, facts + ask + requests + history, notice);
}

export function leadershipPage(
  ctx: PageContext,
  d: LeadershipDigest,
  asOf: Instant,
  notice: Notice | null,
): string {
  const t = textOf(ctx);
  const intro =
    `<p class="asof">${e(t.asOf(formatDateTime(asOf)))}` +
    (d.period.phase === null ? '' : ` — ${e(d.period.phase.name)} (${e(d.period.phase.id)})`) +
    `</p>`;
  const ranking = section(
    'ranking',
    t.ranking,
    table(
      t.ranking,
      [t.unit, t.rank, t.score, t.grade, `${t.phase}: ${t.rate}`, t.overdue, t.head],
      d.units.map((u) => [
        link(ctx, unitPath(u.unit.id), u.unit.name),
        e(u.standing === null ? '—' : u.standing.rank === 0 ? '—' : String(u.standing.rank)),
        e(u.standing === null ? '—' : formatScore(u.standing.score, ctx.lang)),
        e(u.standing === null ? '—' : GRADE_LABELS[ctx.lang][u.standing.grade]),
        e(formatRate(u.phaseTotal.rate, ctx.lang)),
        `<a href="${e(href(ctx, `${unitPath(u.unit.id)}/bang-chung`, { pham_vi: 'overdue' }))}" aria-label="${e(`${u.unit.name}, ${t.overdue}: ${u.overdue}`)}">${u.overdue}</a>`,
        e(u.headName ?? '—'),
      ]),
      [1, 2, 4, 5],
    ),
  );
  const heatmap = section(
    'heatmap',
    t.heatmap,
    table(
      t.heatmap,
      [t.unit, ...RULES.map((r) => RULE_LABELS[ctx.lang][r])],
      d.units.map((u) => [
        link(ctx, unitPath(u.unit.id), u.unit.name),
        ...u.phaseToDate.map((f) => {
          const rate = formatRate(f.rate, ctx.lang);
          const label = t.heatCell(u.unit.name, RULE_LABELS[ctx.lang][f.rule], rate);
          return f.judged === 0
            ? `<span class="heat-none" title="${e(label)}">${e(rate)}</span>`
            : `<a class="${heat(f.rate)}" href="${e(href(ctx, `${unitPath(u.unit.id)}/bang-chung`, { pham_vi: 'phase', tieu_chi: f.rule }))}" aria-label="${e(label)}">${e(rate)}</a>`;
        }),
      ]),
      RULES.map((_, i) => i + 1),
    ),
  );
  const trend = trendSection(d.trend, ctx);
  return page(ctx, t.units, intro + ranking + heatmap + trend, notice);
}
