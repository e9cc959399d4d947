/** The request queue, the council's page (queue, freeze, exports) and the administrator's page. */
import type { Dataset } from '../../domain/model.js';
import type { Phase } from '../../domain/scoring/campaign.js';
import type { Instant } from '../../domain/time.js';
import { formatDay, parseDay } from '../../domain/time.js';
import type { AuditEntry } from '../../infra/store/audit-store.js';
import type { ExemptionRequestRecord } from '../../infra/store/exemption-request-store.js';
import type { AdjustmentRecord } from '../../infra/store/review-store.js';
import type { SnapshotDiff } from '../../domain/snapshots/snapshot-diff.js';
import { formatScore } from '../formats.js';
import { GRADE_LABELS, RULE_LABELS } from '../labels.js';
import type { SnapshotSummary } from '../../infra/store/snapshot-store.js';
import type { SyncRunRow } from '../../infra/store/sync-store.js';
import type { EvaluationListing } from '../../infra/store/web-read-store.js';
import { formatDateTime, formatWeekdayDate } from '../formats.js';
import { WEB_ADMIN_TEXT } from '../../i18n/web-admin-messages.js';
import { requestsWithActions } from './unit-pages.js';
import type { Notice, PageContext } from './web-kit.js';
import { e, empty, form, hidden, input, link, page, section, select, table, textOf } from './web-kit.js';

export function requestsPage(
  ctx: PageContext,
  requests: ExemptionRequestRecord[],
  dataset: Dataset,
  notice: Notice | null,
): string {
  const t = textOf(ctx);
  return page(ctx, t.requests, requestsWithActions(ctx, t.requests, requests, dataset), notice);
}

export interface CouncilView {
  adjustments: AdjustmentRecord[];
  /** What a form typed, shown again when it was refused. */
  values?: Record<string, string>;
  requests: ExemptionRequestRecord[];
  dataset: Dataset;
  phases: (Phase & { campaignName: string })[];
  snapshots: Map<string, Omit<SnapshotSummary, 'content'>[]>;
  asOf: Instant;
}

export function councilPage(ctx: PageContext, v: CouncilView, notice: Notice | null): string {
  const t = textOf(ctx);
  const queue = section('queue', t.queue, requestsWithActions(ctx, t.queue, v.requests, v.dataset));
  const freeze = section(
    'freeze',
    t.freeze,
    form(
      ctx,
      '/hoi-dong/chot',
      select(
        t.phase,
        'phase',
        v.phases.map((p) => [
          p.id,
          `${p.campaignName} — ${p.name} (${formatDay(p.start)} – ${formatDay(p.end)})`,
        ]),
      ),
      t.freezeButton,
      'stack',
    ),
  );
  const values = v.values ?? {};
  const subjects: [string, string][] = [
    ...[...v.dataset.units.values()].map((u): [string, string] => [u.id, `${t.levels.unit}: ${u.name}`]),
    ...[...v.dataset.people.values()].map((p): [string, string] => [
      p.id,
      `${t.levels.person}: ${p.name ?? p.id}`,
    ]),
  ];
  const adjust = section(
    'adjust',
    t.adjustTitle,
    form(
      ctx,
      '/hoi-dong/dieu-chinh',
      select(
        t.phase,
        'phase',
        v.phases.map((p) => [p.id, `${p.campaignName} — ${p.name}`]),
        values.phase,
      ) +
        select(
          t.level,
          'level',
          [
            ['unit', t.levels.unit],
            ['person', t.levels.person],
          ],
          values.level,
        ) +
        select(t.subjectOf, 'subject', subjects, values.subject) +
        input(t.points, 'points', { value: values.points ?? '' }) +
        input(t.reason, 'reason', { multiline: true, value: values.reason ?? '' }),
      t.adjustButton,
      'stack',
    ) +
      (v.adjustments.length === 0
        ? empty(t.noAdjustments)
        : table(
            t.adjustments,
            [t.at, t.phase, t.level, t.subjectOf, t.score, t.reason, t.actor],
            v.adjustments.map((a) => [
              e(formatDateTime(a.at)),
              e(a.phaseId),
              e(t.levels[a.level]),
              e(
                a.level === 'unit'
                  ? (v.dataset.units.get(a.subjectId)?.name ?? a.subjectId)
                  : (v.dataset.people.get(a.subjectId)?.name ?? a.subjectId),
              ),
              e((a.points > 0 ? '+' : '') + formatScore(a.points, ctx.lang)),
              e(a.reason),
              e(a.by),
            ]),
            [4],
          )),
  );
  const rows: string[][] = [];
  for (const p of v.phases)
    for (const s of v.snapshots.get(p.id) ?? [])
      rows.push([
        e(`${p.name} (${p.id})`),
        e(String(s.version)),
        e(formatDateTime(s.frozenAt)),
        e(s.frozenBy),
        link(
          ctx,
          `/hoi-dong/xuat/${encodeURIComponent(p.id)}/${s.version}`,
          `${t.download} — ${p.id} v${s.version}`,
        ) +
          (s.version > 1
            ? `<br>${link(
                ctx,
                `/hoi-dong/so-sanh/${encodeURIComponent(p.id)}`,
                `${t.compare} — v${s.version}`,
                {
                  tu: String(s.version - 1),
                  den: String(s.version),
                },
              )}`
            : ''),
      ]);
  const versions = section(
    'versions',
    t.versions,
    rows.length === 0
      ? empty(t.noVersions)
      : table(t.versions, [t.phase, t.version, t.frozenAt, t.frozenBy, t.download], rows),
  );
  return page(
    ctx,
    t.council,
    `<p class="asof">${e(t.asOf(formatDateTime(v.asOf)))}</p>` + queue + adjust + freeze + versions,
    notice,
  );
}

/** A calendar day as the calendar service shows it (modules/settings CalendarDayView). */
export interface CalendarDayRow {
  date: string;
  working: boolean;
  reason: string | null;
  reasonEn: string | null;
  source: string;
  announcement: string | null;
}

export interface CalendarYearRows {
  year: number;
  announcement: string | null;
  days: CalendarDayRow[];
}

/** What changed between two frozen versions of a phase: per unit and person, and the exemptions. */
export function comparePage(ctx: PageContext, diff: SnapshotDiff): string {
  const t = textOf(ctx);
  const pair = (x: { before: number | null; after: number | null }, score = false) =>
    e(
      `${x.before === null ? '—' : score ? formatScore(x.before, ctx.lang) : String(x.before)} → ${x.after === null ? '—' : score ? formatScore(x.after, ctx.lang) : String(x.after)}`,
    );
  const grade = (g: string | null) =>
    g === null ? '—' : (GRADE_LABELS[ctx.lang][g as keyof (typeof GRADE_LABELS)['vi']] ?? g);
  const rows = diff.changes.map((c) => [
    e(`${t.levels[c.level]}: ${c.name ?? c.id}`),
    pair(c.score, true),
    e(`${grade(c.grade.before)} → ${grade(c.grade.after)}`),
    pair(c.rank),
    e(c.rules.map((r) => RULE_LABELS[ctx.lang][r.rule]).join('; ')),
  ]);
  const exemptions = (list: { obligationId: string }[]) =>
    list.length === 0 ? '—' : list.map((x) => x.obligationId).join(', ');
  const body =
    (rows.length === 0
      ? empty(t.noChanges)
      : table(
          t.compareTitle(diff.phaseId, diff.from, diff.to),
          [t.subjectOf, t.score, t.grade, t.rank, t.rulesBehind],
          rows,
        )) +
    `<dl class="facts"><div><dt>${e(t.exemptionsAdded)}</dt><dd>${e(exemptions(diff.exemptions.added))}</dd></div>` +
    `<div><dt>${e(t.exemptionsRemoved)}</dt><dd>${e(exemptions(diff.exemptions.removed))}</dd></div></dl>` +
    `<p>${link(ctx, '/hoi-dong', t.council)}</p>`;
  return page(ctx, t.compareTitle(diff.phaseId, diff.from, diff.to), body);
}

export interface SourceRow {
  name: string;
  kind: string;
  enabled: boolean;
  lastRun: SyncRunRow | null;
  rejections: {
    location: string;
    recordId: string | null;
    field: string | null;
    messageVi: string;
    messageEn: string;
  }[];
}

export interface AdminView {
  sources: SourceRow[];
  calendar: CalendarYearRows;
  audit: AuditEntry[];
  evaluations: EvaluationListing[];
  asOf: Instant;
}

export function adminPage(
  ctx: PageContext,
  v: AdminView,
  notice: Notice | null,
  values: Record<string, string> = {},
): string {
  const t = textOf(ctx);
  const sources = section(
    'sources',
    t.sources,
    table(
      t.sources,
      [t.source, t.kind, t.lastRun, t.rejections, t.actions],
      v.sources.map((s) => [
        e(s.name),
        e(s.kind),
        e(
          s.lastRun === null
            ? t.never
            : `${t.runState(s.lastRun.status, s.lastRun.startedAt)} — ${s.lastRun.batches} / ${s.lastRun.seen} / +${s.lastRun.inserted} ~${s.lastRun.updated} −${s.lastRun.deleted} ✗${s.lastRun.rejected}` +
                (s.lastRun.error === null ? '' : ` — ${s.lastRun.error}`),
        ),
        s.rejections.length === 0
          ? e(t.noRejections)
          : `<ul>${s.rejections
              .slice(0, 20)
              .map(
                (r) =>
                  `<li>${e(`${r.location}${r.recordId === null ? '' : ` ${r.recordId}`}${r.field === null ? '' : ` (${r.field})`}: ${ctx.lang === 'en' ? r.messageEn : r.messageVi}`)}</li>`,
              )
              .join('')}</ul>`,
        form(
          ctx,
          `/quan-tri/nguon/${encodeURIComponent(s.name)}/dong-bo`,
          '',
          `${t.syncNow}: ${s.name}`,
          'inline',
        ),
      ]),
    ),
  );
  const day = (d: CalendarDayRow) => [
    e(formatWeekdayDate(parseDay(d.date)!, ctx.lang)),
    e(d.working ? t.dayKinds.working : t.dayKinds.off),
    e((ctx.lang === 'en' ? (d.reasonEn ?? d.reason) : d.reason) ?? '—'),
    e(`${d.source}${d.announcement === null ? '' : ` — ${d.announcement}`}`),
  ];
  const yearForm = `<form method="get" action="/quan-tri" class="inline">${ctx.lang === 'en' ? hidden('lang', 'en') : ''}${input(t.year, 'nam', { type: 'number', value: String(v.calendar.year) })}<button type="submit">${e(t.show)}</button></form>`;
  const calendar = section(
    'calendar',
    t.calendarTitle(v.calendar.year),
    yearForm +
      (v.calendar.announcement === null ? '' : `<p class="note">${e(v.calendar.announcement)}</p>`) +
      table(t.calendarTitle(v.calendar.year), [t.date, t.kind, t.name, t.origin], v.calendar.days.map(day)) +
      `<h3>${e(t.overrideTitle)}</h3>` +
      form(
        ctx,
        '/quan-tri/lich/xem-truoc',
        input(t.date, 'date', { type: 'date', value: values.date ?? '' }) +
          select(
            t.kind,
            'kind',
            [
              ['off', t.dayKinds.off],
              ['working', t.dayKinds.working],
            ],
            values.kind,
          ) +
          input(t.name, 'name', { value: values.name ?? '' }),
        WEB_ADMIN_TEXT[ctx.lang].previewButton,
        'stack',
      ),
  );
  const evaluations = section(
    'evaluations',
    t.evaluations,
    table(
      t.evaluations,
      [t.at, t.cause, t.scope, t.changed, t.finished],
      v.evaluations.map((x) => [
        e(formatDateTime(x.asOf)),
        e(x.cause),
        e(x.scope),
        e(`${x.changed} / ${x.obligations}`),
        e(x.finishedAt === null ? t.running : formatDateTime(x.finishedAt)),
      ]),
    ),
  );
  const audit = section(
    'audit',
    t.audit,
    v.audit.length === 0
      ? empty('—')
      : table(
          t.audit,
          [t.at, t.actor, t.action, t.auditTarget, t.reason],
          v.audit.map((a) => [
            e(formatDateTime(a.at)),
            e(a.actor),
            e(a.action),
            e(a.target),
            e(a.reason ?? ''),
          ]),
        ),
  );
  return page(
    ctx,
    t.admin,
    `<p class="asof">${e(t.asOf(formatDateTime(v.asOf)))}</p>` + sources + calendar + evaluations + audit,
    notice,
  );
}
