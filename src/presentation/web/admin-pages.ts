/**
 * The administrator's preview pages (issue 14): what a calendar or campaign change would do —
 * how many obligations move, the first of them, each unit's score and rank before → after — with
 * the form that applies exactly the previewed change. Nothing here changes anything.
 */
import type { ChangePreview, ObligationMove } from '../../domain/change-preview.js';
import type { Dataset } from '../../domain/model.js';
import type { RuleId } from '../../domain/rules/obligation.js';
import { RULES } from '../../domain/rules/obligation.js';
import type { Instant } from '../../domain/time.js';
import { formatDay, parseDay } from '../../domain/time.js';
import type { WebAdminText } from '../../i18n/web-admin-messages.js';
import { WEB_ADMIN_TEXT } from '../../i18n/web-admin-messages.js';
import { formatDateTime, formatScore } from '../formats.js';
import { RULE_LABELS, STATUS_LABELS } from '../labels.js';
import type { Notice, PageContext } from './web-kit.js';
import { e, empty, form, hidden, input, link, page, section, table, textOf } from './web-kit.js';

/** More rows than this and the page lists the first ones and says how many there are. */
export const PREVIEW_ROWS = 50;

export const adminTextOf = (ctx: { lang: PageContext['lang'] }): WebAdminText => WEB_ADMIN_TEXT[ctx.lang];

function day(text: string | null | undefined): string {
  if (text === null || text === undefined) return '—';
  const d = parseDay(text.slice(0, 10));
  return d === null ? text : formatDay(d);
}

function movedRow(ctx: PageContext, m: ObligationMove, dataset: Dataset): string[] {
  const a = adminTextOf(ctx);
  const status = (x: ObligationMove['before']) =>
    x === null
      ? '—'
      : (STATUS_LABELS[ctx.lang][x.status as keyof (typeof STATUS_LABELS)['vi']] ?? x.status) +
        (x.workingDaysLate === null || x.workingDaysLate === 0 ? '' : ` (${a.late(x.workingDaysLate)})`);
  const who = m.personId === null ? null : (dataset.people.get(m.personId)?.name ?? m.personId);
  const unit = m.unitId === null ? '—' : (dataset.units.get(m.unitId)?.name ?? m.unitId);
  return [
    e(`${RULE_LABELS[ctx.lang][m.rule as keyof (typeof RULE_LABELS)['vi']] ?? m.rule} — ${m.subjectId}`) +
      (who === null ? '' : ` <span class="note">(${e(who)})</span>`),
    e(unit),
    e(`${day(m.before?.dueDate)} → ${day(m.after?.dueDate)}`),
    e(`${status(m.before)} → ${status(m.after)}`),
  ];
}

/** The consequences of a change, as sections: the moved obligations (capped) and the unit scores. */
export function previewBody(ctx: PageContext, preview: ChangePreview, dataset: Dataset): string {
  const a = adminTextOf(ctx);
  const shown = preview.moved.slice(0, PREVIEW_ROWS);
  const moved = section(
    'moved',
    a.movedTable,
    `<p class="summary">${e(a.movedSummary(preview.moved.length, preview.obligations))}</p>` +
      (shown.length === 0
        ? empty(a.noMoves)
        : (shown.length < preview.moved.length
            ? `<p class="note">${e(a.movedCapped(shown.length, preview.moved.length))}</p>`
            : '') +
          table(
            a.movedTable,
            [a.obligation, a.unit, a.due, a.status],
            shown.map((m) => movedRow(ctx, m, dataset)),
          )),
  );
  const units = preview.scores.filter((s) => s.level === 'unit');
  const mark = (x: { score: number; rank: number | null } | null, what: 'score' | 'rank') =>
    x === null
      ? '—'
      : what === 'score'
        ? formatScore(x.score, ctx.lang)
        : x.rank === null
          ? '—'
          : String(x.rank);
  const scores = section(
    'score-moves',
    a.scoresTable,
    units.length === 0
      ? empty(a.noScoreMoves)
      : table(
          a.scoresTable,
          [a.unit, a.phase, a.score, a.rank],
          units.map((s) => [
            e(dataset.units.get(s.subjectId)?.name ?? s.subjectId),
            e(s.phaseId),
            e(`${mark(s.before, 'score')} → ${mark(s.after, 'score')}`),
            e(`${mark(s.before, 'rank')} → ${mark(s.after, 'rank')}`),
          ]),
          [2, 3],
        ),
  );
  return moved + scores;
}

export interface ChangePreviewView {
  /** What is previewed, in words (`2024-05-07 thành Ngày nghỉ "Nghỉ bù"`). */
  what: string;
  preview: ChangePreview;
  asOf: Instant;
  dataset: Dataset;
  /** Where "Áp dụng" posts, with the previewed values as hidden fields. */
  apply: { action: string; values: Record<string, string> };
  /** Where "back" leads. */
  back: string;
}

export function changePreviewPage(ctx: PageContext, v: ChangePreviewView): string {
  const a = adminTextOf(ctx);
  const t = textOf(ctx);
  const applyForm = form(
    ctx,
    v.apply.action,
    Object.entries(v.apply.values)
      .map(([k, val]) => hidden(k, val))
      .join(''),
    a.applyButton,
    'inline',
  );
  return page(
    ctx,
    a.previewTitle(v.what),
    `<p class="asof">${e(t.asOf(formatDateTime(v.asOf)))}</p>` +
      `<p class="note">${e(a.previewNote)}</p>` +
      previewBody(ctx, v.preview, v.dataset) +
      `<p>${applyForm} ${link(ctx, v.back, a.back)}</p>`,
  );
}

/** A campaign as the campaigns page lists it (modules/settings CampaignView, the parts shown). */
export interface CampaignRow {
  id: string;
  name: string;
  weights: Record<RuleId, number>;
  phases: { id: string; name: string; start: string; end: string; state: 'open' | 'closed' }[];
  changedBy: string | null;
  changedAt: string | null;
}

/** The weight fields of a campaign's form: `w_<rule>`, one per rule, with what was typed. */
export function weightFields(ctx: PageContext, weights: Record<string, string>): string {
  const a = adminTextOf(ctx);
  return RULES.map((r) =>
    input(a.weight(RULE_LABELS[ctx.lang][r]), `w_${r}`, { value: weights[r] ?? '', type: 'text' }),
  ).join('');
}

const decimal = (n: number, lang: PageContext['lang']) =>
  lang === 'vi' ? String(n).replace('.', ',') : String(n);

export function campaignsPage(
  ctx: PageContext,
  campaigns: CampaignRow[],
  notice: Notice | null,
  /** What a refused form typed, by campaign id. */
  typed: { id: string; weights: Record<string, string> } | null = null,
): string {
  const a = adminTextOf(ctx);
  const body =
    campaigns.length === 0
      ? empty(a.noCampaigns)
      : `<p class="note">${e(a.weightsNote)}</p>` +
        campaigns
          .map((c) => {
            const weights =
              typed !== null && typed.id === c.id
                ? typed.weights
                : Object.fromEntries(RULES.map((r) => [r, decimal(c.weights[r], ctx.lang)]));
            const phases = `<ul>${c.phases
              .map(
                (p) =>
                  `<li>${e(`${p.name} (${p.id}): ${p.start} – ${p.end}, ${a.phaseState[p.state]}`)}</li>`,
              )
              .join('')}</ul>`;
            const changed =
              c.changedBy === null || c.changedAt === null
                ? a.fromFile
                : a.changedBy(c.changedBy, formatDateTime(Date.parse(c.changedAt)));
            return section(
              `campaign-${c.id.replace(/[^A-Za-z0-9_-]/g, '_')}`,
              a.campaignOf(c.name, c.id),
              `<p class="note">${e(changed)}</p><h3>${e(a.phases)}</h3>${phases}` +
                `<h3>${e(a.weightsOf(c.name))}</h3>` +
                form(
                  ctx,
                  `/quan-tri/phong-trao/${encodeURIComponent(c.id)}/xem-truoc`,
                  weightFields(ctx, weights),
                  a.previewButton,
                  'stack',
                ),
            );
          })
          .join('');
  return page(ctx, a.campaignsTitle, body, notice);
}
