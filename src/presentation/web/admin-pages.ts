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
import type { Notice, PageContext, WebRole } from './web-kit.js';
import { e, empty, form, hidden, input, link, page, section, select, table, textOf } from './web-kit.js';

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

/** A person as the access page lists her: her post, the role she signs in with, what was granted. */
export interface AccessPersonRow {
  id: string;
  name: string | null;
  unitName: string;
  jobRole: string | null;
  /** Null: she cannot sign in (not active). */
  role: WebRole | 'integration' | null;
  grants: string[];
}

export interface AccessTokenRow {
  id: string;
  label: string;
  role: string;
  personId: string | null;
  source: string | null;
  expiresAt: string | null;
  lastUsedAt: string | null;
  state: 'live' | 'expired' | 'revoked';
}

export interface AccessView {
  people: AccessPersonRow[];
  tokens: AccessTokenRow[];
  grantable: readonly string[];
  roles: readonly string[];
  sources: string[];
  /** A sign-in link or token secret just made: shown this once. */
  secret: { text: string; value: string } | null;
  values: Record<string, string>;
}

export function accessPage(ctx: PageContext, v: AccessView, notice: Notice | null): string {
  const a = adminTextOf(ctx);
  const t = textOf(ctx);
  const roleName = (r: string) => (t.roles as Record<string, string>)[r] ?? a.grantableRoles[r] ?? r;
  const shown =
    v.secret === null
      ? ''
      : `<section aria-labelledby="secret" class="notice ok"><h2 id="secret">${e(a.secret)}</h2><p>${e(v.secret.text)}</p><p><code>${e(v.secret.value)}</code></p></section>`;
  const who = (p: AccessPersonRow) => (p.name === null ? p.id : `${p.name} (${p.id})`);
  const people = section(
    'people',
    a.people,
    table(
      a.people,
      [a.person, a.unit, a.post, a.derivedRole, a.grants, t.actions],
      v.people.map((p) => [
        e(who(p)),
        e(p.unitName),
        e(p.jobRole ?? '—'),
        e(p.role === null ? a.inactive : `${roleName(p.role)} [${p.role}]`),
        e(p.grants.length === 0 ? a.noGrants : p.grants.map(roleName).join(', ')),
        form(
          ctx,
          '/quan-tri/truy-cap/cap-quyen',
          hidden('person', p.id) +
            select(
              `${a.grantRole} — ${who(p)}`,
              'role',
              v.grantable.map((r): [string, string] => [r, roleName(r)]),
            ),
          a.grantButton(who(p)),
          'inline',
        ) +
          p.grants
            .map((g) =>
              form(
                ctx,
                '/quan-tri/truy-cap/thu-hoi',
                hidden('person', p.id) + hidden('role', g),
                a.revokeButton(roleName(g), who(p)),
                'inline',
              ),
            )
            .join('') +
          (p.role === null
            ? ''
            : form(
                ctx,
                '/quan-tri/truy-cap/lien-ket',
                hidden('person', p.id),
                a.linkButton(who(p)),
                'inline',
              )),
      ]),
    ),
  );
  const stored = (x: string | null, none: string) => (x === null ? none : formatDateTime(Date.parse(x)));
  const tokens = section(
    'tokens',
    a.tokens,
    (v.tokens.length === 0
      ? empty(a.noTokens)
      : table(
          a.tokens,
          [
            a.tokenId,
            a.label,
            a.role,
            a.person,
            a.tokenSource,
            a.expires,
            a.lastUsed,
            a.tokenState,
            t.actions,
          ],
          v.tokens.map((k) => [
            e(k.id),
            e(k.label),
            e(k.role),
            e(k.personId ?? '—'),
            e(k.source ?? '—'),
            e(stored(k.expiresAt, a.noExpiry)),
            e(stored(k.lastUsedAt, a.never)),
            e(a.tokenStates[k.state]),
            k.state === 'revoked'
              ? ''
              : form(
                  ctx,
                  `/quan-tri/truy-cap/ma-truy-cap/${encodeURIComponent(k.id)}/thu-hoi`,
                  '',
                  a.revokeToken(k.id, k.label),
                  'inline',
                ),
          ]),
        )) +
      `<h3>${e(a.createToken)}</h3>` +
      form(
        ctx,
        '/quan-tri/truy-cap/ma-truy-cap',
        select(
          a.role,
          'role',
          v.roles.map((r): [string, string] => [r, `${roleName(r)} [${r}]`]),
          v.values.role,
        ) +
          select(
            a.tokenPerson,
            'person',
            [['', a.anyone], ...v.people.map((p): [string, string] => [p.id, who(p)])],
            v.values.person,
          ) +
          select(
            a.tokenSource,
            'source',
            [['', a.anyone], ...v.sources.map((s): [string, string] => [s, s])],
            v.values.source,
          ) +
          input(a.tokenDays, 'days', { type: 'number', value: v.values.days ?? '90' }) +
          input(a.label, 'label', { value: v.values.label ?? '', required: false }),
        a.createTokenButton,
        'stack',
      ),
  );
  return page(ctx, a.accessTitle, shown + people + tokens, notice);
}
