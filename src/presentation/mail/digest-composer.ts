/**
 * A digest as its reader sees it: an HTML e-mail (tables and inline styles, which every mail
 * client renders; the trend chart an inline image referenced as `cid:`) and the same content as
 * plain text for clients that show no HTML. Vietnamese unless the configuration says English.
 */
import { GRADE_LABELS, RULE_LABELS } from '../labels.js';
import type { Lang } from '../../i18n/lang.js';
import type { RuleId } from '../../domain/rules/obligation.js';
import { RULES } from '../../domain/rules/obligation.js';
import type {
  Digest,
  DigestItem,
  DigestPeriod,
  LeadershipDigest,
  RuleFigures,
  Tally,
  TrendPoint,
  UnitDigest,
} from '../../domain/digests/digest-content.js';
import { DIGEST_TARGET } from '../../domain/digests/digest-content.js';
import {
  formatInstantLocal,
  formatRange,
  formatRate,
  formatScore,
  formatShortDate,
  formatWeek,
  formatWeekdayShort,
} from '../formats.js';
import { escapeHtml } from '../html.js';
import type { DigestText } from './digest-labels.js';
import { DIGEST_TEXT, RULE_SHORT } from './digest-labels.js';

export interface ComposedDigest {
  subject: string;
  html: string;
  text: string;
}

export interface ComposeOptions {
  lang: Lang;
  /** The Content-ID of the inline trend chart; the HTML shows it as `cid:<chartCid>`. */
  chartCid: string;
  /** The chart's size in CSS pixels. */
  chartWidth?: number;
  chartHeight?: number;
  /**
   * PUBLIC_URL, the workspace's address: each item then links to its page (`/nghia-vu/<id>`) and a
   * unit's digest to the unit's page. Absent: no links (the digest reads the same, offline).
   */
  publicUrl?: string | null;
  /** A task's page in the office system (its source's `taskUrl`), or null; absent: no such links. */
  taskUrl?: (taskId: string) => string | null;
}

/** The page of an obligation, or of a unit, on the workspace. */
function pageUrl(publicUrl: string | null | undefined, path: string): string | null {
  return publicUrl === undefined || publicUrl === null ? null : `${publicUrl}${path}`;
}

/** The office-system link of an item's task, when its source configures one. */
function officeUrl(
  item: DigestItem,
  taskUrl: ((taskId: string) => string | null) | undefined,
): string | null {
  const s = item.subject;
  if (taskUrl === undefined || (s.kind !== 'task' && s.kind !== 'draft') || s.taskId === null) return null;
  return taskUrl(s.taskId);
}

const obligationUrl = (publicUrl: string | null | undefined, id: string) =>
  pageUrl(publicUrl, `/nghia-vu/${encodeURIComponent(id)}`);

/** Long lists are cut here; the rest are counted ("… and 12 more"). */
export const MAX_LISTED_ITEMS = 25;

const COLORS = {
  brand: '#123b63',
  ink: '#1f2933',
  muted: '#5b6675',
  line: '#e3e8ef',
  head: '#f3f5f8',
  page: '#eef1f5',
  good: ['#1b6e35', '#e3f3e8'],
  near: ['#8a5a00', '#fff3d6'],
  bad: ['#a52019', '#fde7e5'],
  none: ['#5b6675', '#f1f3f6'],
} as const;
const FONT = `'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'DejaVu Sans', sans-serif`;

function tone(rate: number | null): readonly [string, string] {
  if (rate === null) return COLORS.none;
  if (rate >= DIGEST_TARGET) return COLORS.good;
  return rate >= 0.9 ? COLORS.near : COLORS.bad;
}

// ---------------------------------------------------------------------------------------------
// Shared pieces

function weekTitle(period: DigestPeriod, lang: Lang): string {
  return `${formatWeek(period.week, lang)} (${formatRange(period.monday, period.sunday, lang)})`;
}

function phaseLine(period: DigestPeriod, t: DigestText, lang: Lang): string {
  const p = period.phase;
  if (p === null) return t.noPhase;
  return `${t.phaseLabel}: ${t.phase(p.name, formatRange(p.start, p.end, lang), p.review === 'final')}`;
}

/** "123/STTTT-VP — Báo cáo tình hình…", either part alone when the other is missing. */
const named = (number: string | null, title: string | null) =>
  [number, title].filter((x) => x !== null && x !== '').join(' — ');

function itemLabel(item: DigestItem, t: DigestText, lang: Lang): string {
  const s = item.subject;
  switch (s.kind) {
    // The document's number and the task's subject; the id only when the source gave no text at all.
    case 'task':
      return s.title || s.number ? t.task(named(s.number, s.title)) : t.taskId(s.id);
    case 'draft':
      return s.title || s.number ? t.draft(named(s.number, s.title)) : t.draftId(s.id);
    case 'document':
      return s.number || s.subject ? [s.number, s.subject].filter(Boolean).join(': ') : t.documentId(s.id);
    case 'schedule':
      return t.schedule(formatWeek(s.week, lang));
    case 'mailbox':
      return t.mailbox(s.personName ?? '');
  }
}

function itemFlags(item: DigestItem, t: DigestText): string[] {
  const flags: string[] = [];
  if (item.tight) flags.push(t.tight);
  if (item.extended) flags.push(t.extended);
  return flags;
}

const figure = (f: Tally, lang: Lang) =>
  f.judged === 0 ? '—' : `${f.met}/${f.judged} · ${formatRate(f.rate, lang)}`;

const rulesWithFigures = (...lists: RuleFigures[][]): RuleId[] =>
  RULES.filter((_, i) => lists.some((l) => l[i].judged > 0));

function subjectRate(total: Tally, t: DigestText, lang: Lang): string {
  return total.judged === 0 ? t.subjectNothing : t.subjectRate(formatRate(total.rate, lang));
}

// ---------------------------------------------------------------------------------------------
// HTML

const cell = (content: string, style = '') =>
  `<td style="padding:7px 8px;border-bottom:1px solid ${COLORS.line};vertical-align:top;${style}">${content}</td>`;
const headCell = (content: string, style = '') =>
  `<th style="padding:7px 8px;background:${COLORS.head};border-bottom:1px solid ${COLORS.line};text-align:left;font-weight:600;color:${COLORS.muted};font-size:12px;${style}">${content}</th>`;
const num = 'text-align:right;white-space:nowrap;';

/** `numeric(i)`: column i holds numbers, so its heading is right-aligned like its cells. */
function table(head: string[], rows: string[], numeric: (column: number) => boolean = () => false): string {
  return (
    `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="border-collapse:collapse;font-size:13px;line-height:1.4;">` +
    `<tr>${head.map((h, i) => headCell(escapeHtml(h), numeric(i) ? num : '')).join('')}</tr>` +
    rows.join('') +
    `</table>`
  );
}

function badge(f: Tally, lang: Lang): string {
  if (f.judged === 0) return `<span style="color:${COLORS.muted};">—</span>`;
  const [fg, bg] = tone(f.rate);
  return (
    `<span style="color:${COLORS.muted};">${f.met}/${f.judged}</span>&nbsp;` +
    `<span style="display:inline-block;min-width:52px;text-align:center;padding:1px 6px;border-radius:10px;background:${bg};color:${fg};font-weight:600;">${escapeHtml(formatRate(f.rate, lang))}</span>`
  );
}

function section(title: string, body: string): string {
  return (
    `<tr><td style="padding:6px 28px 10px;">` +
    `<h2 style="font-size:16px;line-height:1.3;margin:18px 0 10px;color:${COLORS.brand};border-bottom:2px solid ${COLORS.line};padding-bottom:6px;">${escapeHtml(title)}</h2>` +
    body +
    `</td></tr>`
  );
}

function tiles(items: { label: string; value: string; note?: string; rate?: number | null }[]): string {
  const width = Math.floor(100 / items.length);
  const cells = items
    .map((it) => {
      const [fg, bg] = it.rate === undefined ? [COLORS.brand, '#f5f8fc'] : tone(it.rate);
      return (
        `<td width="${width}%" style="padding:4px;vertical-align:top;">` +
        `<div style="background:${bg};border-radius:6px;padding:10px 12px;min-height:64px;">` +
        `<div style="font-size:11px;color:${COLORS.muted};line-height:1.3;">${escapeHtml(it.label)}</div>` +
        `<div style="font-size:18px;font-weight:700;color:${fg};margin-top:4px;line-height:1.2;">${escapeHtml(it.value)}</div>` +
        (it.note
          ? `<div style="font-size:12px;color:${COLORS.muted};margin-top:2px;">${escapeHtml(it.note)}</div>`
          : '') +
        `</div></td>`
      );
    })
    .join('');
  return `<tr><td style="padding:8px 24px 4px;"><table role="presentation" width="100%" cellpadding="0" cellspacing="0"><tr>${cells}</tr></table></td></tr>`;
}

function page(
  lang: Lang,
  subject: string,
  preheader: string,
  kicker: string,
  title: string,
  subtitle: string[],
  body: string,
  footer: string[],
): string {
  return (
    `<!DOCTYPE html><html lang="${lang}"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(subject)}</title></head>` +
    `<body style="margin:0;padding:0;background:${COLORS.page};">` +
    `<div style="display:none;max-height:0;overflow:hidden;opacity:0;">${escapeHtml(preheader)}</div>` +
    `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:${COLORS.page};"><tr><td align="center" style="padding:20px 10px;">` +
    `<table role="presentation" width="760" cellpadding="0" cellspacing="0" style="width:100%;max-width:760px;background:#ffffff;border-radius:8px;font-family:${FONT};color:${COLORS.ink};">` +
    `<tr><td style="background:${COLORS.brand};color:#ffffff;padding:20px 28px;border-radius:8px 8px 0 0;">` +
    `<div style="font-size:12px;letter-spacing:0.08em;color:#c9d6e6;">${escapeHtml(kicker)}</div>` +
    `<div style="font-size:22px;font-weight:700;margin-top:6px;line-height:1.25;">${escapeHtml(title)}</div>` +
    subtitle
      .map((s) => `<div style="font-size:13px;margin-top:4px;color:#dbe5f0;">${escapeHtml(s)}</div>`)
      .join('') +
    `</td></tr>` +
    body +
    `<tr><td style="padding:18px 28px 24px;font-size:12px;line-height:1.5;color:${COLORS.muted};border-top:1px solid ${COLORS.line};">` +
    footer.map((f) => `<p style="margin:0 0 6px;">${escapeHtml(f)}</p>`).join('') +
    `</td></tr></table></td></tr></table></body></html>`
  );
}

/** One line per stale source (docs/freshness.md): the figures below leave its unknown verdicts out. */
function staleLines(d: Digest, t: DigestText, lang: Lang): string[] {
  return (d.staleSources ?? []).map((s) =>
    t.staleSource(s.source, s.since === null ? null : formatInstantLocal(s.since, lang), s.waiting),
  );
}

function staleHtml(d: Digest, t: DigestText, lang: Lang): string {
  const lines = staleLines(d, t, lang);
  if (lines.length === 0) return '';
  return (
    `<tr><td style="padding:8px 28px 4px;font-size:14px;line-height:1.5;">` +
    lines
      .map(
        (l) =>
          `<p style="margin:0 0 6px;padding:8px 12px;border-left:4px solid ${COLORS.bad[0]};background:${COLORS.bad[1]};">${escapeHtml(l)}</p>`,
      )
      .join('') +
    `</td></tr>`
  );
}

function intro(greeting: string, text: string, phase: string): string {
  return (
    `<tr><td style="padding:20px 28px 4px;font-size:14px;line-height:1.55;">` +
    `<p style="margin:0 0 8px;">${escapeHtml(greeting)}</p><p style="margin:0 0 6px;">${escapeHtml(text)}</p>` +
    `<p style="margin:0;color:${COLORS.muted};font-size:13px;">${escapeHtml(phase)}</p></td></tr>`
  );
}

function rulesTable(
  lastWeek: RuleFigures[],
  phase: RuleFigures[],
  totals: [Tally, Tally],
  t: DigestText,
  lang: Lang,
  hasPhase: boolean,
): string {
  const rules = rulesWithFigures(lastWeek, phase);
  const rows = rules.map((rule) => {
    const i = RULES.indexOf(rule);
    return `<tr>${cell(escapeHtml(RULE_LABELS[lang][rule]))}${cell(badge(lastWeek[i], lang), num)}${hasPhase ? cell(badge(phase[i], lang), num) : ''}${cell('100 %', num + `color:${COLORS.muted};`)}</tr>`;
  });
  rows.push(
    `<tr>${cell(`<strong>${escapeHtml(t.total)}</strong>`)}${cell(badge(totals[0], lang), num)}${hasPhase ? cell(badge(totals[1], lang), num) : ''}${cell('100 %', num + `color:${COLORS.muted};`)}</tr>`,
  );
  const head = [t.colRule, t.colLastWeek, ...(hasPhase ? [t.colPhase] : []), t.colTarget];
  return table(head, rows, (i) => i >= 1);
}

function itemsTable(
  items: DigestItem[],
  t: DigestText,
  lang: Lang,
  overdue: boolean,
  publicUrl?: string | null,
  taskUrl?: (taskId: string) => string | null,
): string {
  const shown = items.slice(0, MAX_LISTED_ITEMS);
  const rows = shown.map((item) => {
    const flags = itemFlags(item, t);
    const url = obligationUrl(publicUrl, item.obligationId);
    const office = officeUrl(item, taskUrl);
    const name = escapeHtml(itemLabel(item, t, lang));
    const label =
      (url === null ? name : `<a href="${escapeHtml(url)}" style="color:#0b4f9c;">${name}</a>`) +
      (office === null
        ? ''
        : ` <a href="${escapeHtml(office)}" style="color:#0b4f9c;font-size:12px;">${escapeHtml(t.office)}</a>`) +
      (flags.length
        ? ` <span style="color:${COLORS.muted};font-size:12px;">(${escapeHtml(flags.join(', '))})</span>`
        : '');
    return (
      `<tr>${cell(escapeHtml(formatWeekdayShort(item.dueDate, lang)), 'white-space:nowrap;')}${cell(label)}` +
      `${cell(escapeHtml(RULE_LABELS[lang][item.rule]), `color:${COLORS.muted};font-size:12px;`)}` +
      `${cell(escapeHtml(item.personName ?? '—'), 'white-space:nowrap;')}` +
      (overdue
        ? cell(`<strong style="color:${COLORS.bad[0]};">${item.workingDaysLate ?? ''}</strong>`, num)
        : '') +
      `</tr>`
    );
  });
  const head = [t.colDue, t.colItem, t.colRule, t.colPerson, ...(overdue ? [t.colLate] : [])];
  const more =
    items.length > shown.length
      ? `<p style="margin:8px 0 0;font-size:13px;color:${COLORS.muted};">${escapeHtml(t.more(items.length - shown.length))}</p>`
      : '';
  return table(head, rows, (i) => i >= 4) + more;
}

function chartImage(options: ComposeOptions, alt: string): string {
  const w = options.chartWidth ?? 704;
  const h = options.chartHeight ?? 260;
  return `<img src="cid:${escapeHtml(options.chartCid)}" width="${w}" height="${h}" alt="${escapeHtml(alt)}" style="display:block;width:100%;max-width:${w}px;height:auto;border:0;">`;
}

function horizonNote(period: DigestPeriod, t: DigestText, lang: Lang): string {
  const ex = period.horizon.exceptions;
  if (ex.length === 0) return '';
  const parts = ex.map((d) => {
    const reason = (lang === 'en' ? (d.reasonEn ?? d.reason) : d.reason) ?? '';
    return `${formatShortDate(d.day, lang)} ${d.working ? t.makeUpDay : t.dayOff}${reason ? ` – ${reason}` : ''}`;
  });
  return `${t.horizonNote}: ${parts.join('; ')}.`;
}

function unitHtml(
  d: UnitDigest,
  subject: string,
  preheader: string,
  t: DigestText,
  lang: Lang,
  options: ComposeOptions,
): string {
  const p = d.period;
  const hasPhase = p.phase !== null;
  let body = intro(
    d.head?.name ? t.greetingUnit(d.head.name) : t.greetingUnitNoName,
    t.introUnit(formatWeek(p.week, lang), d.unit.name),
    phaseLine(p, t, lang),
  );
  body += staleHtml(d, t, lang);
  const unitUrl = pageUrl(options.publicUrl, `/don-vi/${encodeURIComponent(d.unit.id)}`);
  if (unitUrl !== null)
    body += `<p style="margin:0 0 12px;"><a href="${escapeHtml(unitUrl)}" style="color:#0b4f9c;">${escapeHtml(t.openUnitPage)}</a></p>`;
  body += tiles([
    {
      label: t.tileLastWeek,
      value: formatRate(d.lastWeekTotal.rate, lang),
      note: d.lastWeekTotal.judged ? t.metOf(d.lastWeekTotal.met, d.lastWeekTotal.judged) : undefined,
      rate: d.lastWeekTotal.rate,
    },
    {
      label: t.tilePhase,
      value: d.standing ? formatScore(d.standing.score, lang) : '—',
      note: d.standing ? GRADE_LABELS[lang][d.standing.grade] : hasPhase ? t.noScore : undefined,
    },
    {
      label: t.tileRank,
      value: d.standing && d.standing.rank > 0 ? t.rankOf(d.standing.rank, d.standing.of) : '—',
    },
    { label: t.tileOverdue, value: t.items(d.overdue.length), rate: d.overdue.length === 0 ? 1 : 0 },
    { label: t.tileDueSoon, value: t.items(d.dueSoon.length) },
  ]);
  body += section(
    `1. ${t.sectionRules}`,
    rulesTable(d.lastWeek, d.phaseToDate, [d.lastWeekTotal, d.phaseTotal], t, lang, hasPhase),
  );
  body += section(`2. ${t.sectionTrend(d.trend.length)}`, chartImage(options, t.chartAlt(d.trend.length)));
  body += section(
    `3. ${t.sectionOverdue} (${d.overdue.length})`,
    d.overdue.length === 0
      ? `<p style="margin:0;font-size:14px;">${escapeHtml(t.noneOverdue)}</p>`
      : itemsTable(d.overdue, t, lang, true, options.publicUrl, options.taskUrl),
  );
  const note = horizonNote(p, t, lang);
  body += section(
    `4. ${t.sectionDueSoon}: ${formatRange(p.horizon.from, p.horizon.to, lang)} (${d.dueSoon.length})`,
    (note ? `<p style="margin:0 0 8px;font-size:13px;color:${COLORS.muted};">${escapeHtml(note)}</p>` : '') +
      (d.dueSoon.length === 0
        ? `<p style="margin:0;font-size:14px;">${escapeHtml(t.noneDueSoon)}</p>`
        : itemsTable(d.dueSoon, t, lang, false, options.publicUrl, options.taskUrl)),
  );
  const peopleRows = d.people.map(
    (r) =>
      `<tr>${cell(escapeHtml(r.name ?? r.personId) + (r.isHead ? ` <span style="color:${COLORS.muted};font-size:12px;">(${escapeHtml(t.head)})</span>` : ''))}` +
      `${cell(badge(r.lastWeek, lang), num)}` +
      (hasPhase
        ? `${cell(r.phaseScore ? formatScore(r.phaseScore.score, lang) : '—', num)}${cell(r.phaseScore ? escapeHtml(GRADE_LABELS[lang][r.phaseScore.grade]) : '—', 'font-size:12px;white-space:nowrap;')}`
        : '') +
      `${cell(r.overdue ? `<strong style="color:${COLORS.bad[0]};">${r.overdue}</strong>` : '0', num)}${cell(String(r.dueSoon), num)}</tr>`,
  );
  body += section(
    `5. ${t.sectionPeople} (${d.people.length})`,
    table(
      [t.colName, t.colLastWeek, ...(hasPhase ? [t.colScore, t.colGrade] : []), t.colOverdue, t.colDueSoon],
      peopleRows,
      (i) => i >= 1 && !(hasPhase && i === 3),
    ),
  );
  return page(
    lang,
    subject,
    preheader,
    `${t.brand} · ${t.unitKicker}`,
    d.unit.name,
    [`${weekTitle(p, lang)} · ${t.asOf} ${formatInstantLocal(p.asOf, lang)}`],
    body,
    [t.howRead, t.confidential, t.automatic],
  );
}

function leadershipHtml(
  d: LeadershipDigest,
  subject: string,
  preheader: string,
  t: DigestText,
  lang: Lang,
  options: ComposeOptions,
): string {
  const p = d.period;
  const hasPhase = p.phase !== null;
  const ranked = d.units.filter((u) => !u.leadership);
  const full = ranked.filter((u) => u.lastWeek.judged > 0 && u.lastWeek.rate === 1).length;
  const withFigures = ranked.filter((u) => u.lastWeek.judged > 0).length;
  let body = intro(
    t.greetingLeadership,
    t.introLeadership(formatWeek(p.week, lang), ranked.length),
    phaseLine(p, t, lang),
  );
  body += staleHtml(d, t, lang);
  body += tiles([
    {
      label: t.tileLastWeek,
      value: formatRate(d.lastWeekTotal.rate, lang),
      note: d.lastWeekTotal.judged ? t.metOf(d.lastWeekTotal.met, d.lastWeekTotal.judged) : undefined,
      rate: d.lastWeekTotal.rate,
    },
    { label: t.tileUnitsFull, value: `${full}/${withFigures}` },
    { label: t.tileOverdue, value: t.items(d.overdue), rate: d.overdue === 0 ? 1 : 0 },
    { label: t.tileDueSoon, value: t.items(d.dueSoon) },
  ]);
  const unitRows = d.units.map((u) => {
    const rank = u.leadership ? '—' : u.standing ? String(u.standing.rank) : '—';
    const name =
      escapeHtml(u.unit.name) +
      (u.leadership
        ? ` <span style="color:${COLORS.muted};font-size:12px;">(${escapeHtml(t.leadershipUnit)})</span>`
        : '');
    return (
      `<tr>${cell(rank, 'text-align:center;font-weight:700;')}${cell(name)}${cell(badge(u.lastWeek, lang), num)}` +
      (hasPhase
        ? `${cell(u.standing ? `<strong>${formatScore(u.standing.score, lang)}</strong>` : '—', num)}${cell(u.standing ? escapeHtml(GRADE_LABELS[lang][u.standing.grade]) : '—', 'font-size:12px;white-space:nowrap;')}`
        : '') +
      `${cell(u.overdue ? `<strong style="color:${COLORS.bad[0]};">${u.overdue}</strong>` : '0', num)}${cell(String(u.dueSoon), num)}</tr>`
    );
  });
  body += section(
    `1. ${t.sectionUnits}`,
    table(
      [
        t.colRank,
        t.colUnit,
        t.colLastWeek,
        ...(hasPhase ? [t.colScore, t.colGrade] : []),
        t.colOverdue,
        t.colDueSoon,
      ],
      unitRows,
      (i) => i >= 2 && !(hasPhase && i === 4),
    ),
  );
  body += section(
    `2. ${t.sectionTrend(d.trend.length)} — ${t.wholeDepartment}`,
    chartImage(options, t.chartAlt(d.trend.length)),
  );
  body += section(
    `3. ${t.sectionDepartmentRules}`,
    rulesTable(d.lastWeek, d.phaseToDate, [d.lastWeekTotal, d.phaseTotal], t, lang, hasPhase),
  );
  if (hasPhase) {
    const rules = rulesWithFigures(...d.units.map((u) => u.phaseToDate));
    const rows = d.units.map((u) => {
      const cells = rules.map((rule) => {
        const f = u.phaseToDate[RULES.indexOf(rule)];
        if (f.judged === 0) return cell('—', `text-align:center;color:${COLORS.muted};`);
        const [fg, bg] = tone(f.rate);
        return cell(
          escapeHtml(formatRate(f.rate, lang)),
          `text-align:center;white-space:nowrap;background:${bg};color:${fg};font-weight:600;`,
        );
      });
      return `<tr>${cell(escapeHtml(u.unit.name), 'font-size:12px;')}${cells.join('')}</tr>`;
    });
    const legend = rules.map((r) => `${RULE_SHORT[lang][r]}: ${RULE_LABELS[lang][r]}`).join('; ');
    body += section(
      `4. ${t.sectionMatrix}`,
      table([t.colUnit, ...rules.map((r) => RULE_SHORT[lang][r])], rows) +
        `<p style="margin:8px 0 0;font-size:12px;color:${COLORS.muted};">${escapeHtml(`${t.legend}: ${legend}.`)}</p>`,
    );
  }
  return page(
    lang,
    subject,
    preheader,
    `${t.brand} · ${t.leadershipKicker}`,
    t.wholeDepartment,
    [`${weekTitle(p, lang)} · ${t.asOf} ${formatInstantLocal(p.asOf, lang)}`],
    body,
    [t.howRead, t.confidential, t.automatic],
  );
}

// ---------------------------------------------------------------------------------------------
// Plain text

/** Columns padded to their widest cell, counted in NFC code points so a Vietnamese letter is one. */
function textTable(rows: string[][], numericFrom = Infinity): string {
  const len = (s: string) => [...s.normalize('NFC')].length;
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => len(r[c]))));
  return rows
    .map((r) =>
      r
        .map((cellText, c) => {
          const pad = ' '.repeat(widths[c] - len(cellText));
          return c >= numericFrom ? pad + cellText : cellText + pad;
        })
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

function trendText(trend: TrendPoint[], lang: Lang): string {
  return textTable(
    trend.map((w) => [
      `${formatWeek(w.week, lang)}`,
      formatRange(w.monday, w.monday + 6, lang),
      figure(w, lang),
    ]),
  );
}

function textSection(title: string, body: string): string {
  return `\n${title}\n${'-'.repeat([...title].length)}\n${body}\n`;
}

function rulesText(
  lastWeek: RuleFigures[],
  phase: RuleFigures[],
  totals: [Tally, Tally],
  t: DigestText,
  lang: Lang,
  hasPhase: boolean,
): string {
  const rules = rulesWithFigures(lastWeek, phase);
  const rows = [[t.colRule, t.colLastWeek, ...(hasPhase ? [t.colPhase] : []), t.colTarget]];
  for (const rule of rules) {
    const i = RULES.indexOf(rule);
    rows.push([
      RULE_LABELS[lang][rule],
      figure(lastWeek[i], lang),
      ...(hasPhase ? [figure(phase[i], lang)] : []),
      '100 %',
    ]);
  }
  rows.push([t.total, figure(totals[0], lang), ...(hasPhase ? [figure(totals[1], lang)] : []), '100 %']);
  return textTable(rows, 1);
}

function itemsText(
  items: DigestItem[],
  t: DigestText,
  lang: Lang,
  overdue: boolean,
  empty: string,
  publicUrl?: string | null,
  taskUrl?: (taskId: string) => string | null,
): string {
  if (items.length === 0) return empty;
  const shown = items.slice(0, MAX_LISTED_ITEMS);
  const lines = shown.map((item) => {
    const flags = itemFlags(item, t);
    const late = overdue && item.workingDaysLate !== null ? ` — ${t.lateDays(item.workingDaysLate)}` : '';
    const url = obligationUrl(publicUrl, item.obligationId);
    const office = officeUrl(item, taskUrl);
    return (
      `- ${formatWeekdayShort(item.dueDate, lang)}: ${itemLabel(item, t, lang)}${flags.length ? ` (${flags.join(', ')})` : ''}` +
      ` — ${RULE_LABELS[lang][item.rule]} — ${item.personName ?? '—'}${late}` +
      (url === null ? '' : `\n  ${url}`) +
      (office === null ? '' : `\n  ${t.office}: ${office}`)
    );
  });
  if (items.length > shown.length) lines.push(t.more(items.length - shown.length));
  return lines.join('\n');
}

function unitText(
  d: UnitDigest,
  t: DigestText,
  lang: Lang,
  publicUrl?: string | null,
  taskUrl?: (taskId: string) => string | null,
): string {
  const p = d.period;
  const hasPhase = p.phase !== null;
  const out: string[] = [];
  out.push(
    `${t.brand} — ${t.unitKicker}`,
    d.unit.name,
    `${weekTitle(p, lang)}`,
    `${t.asOf} ${formatInstantLocal(p.asOf, lang)}`,
    '',
  );
  out.push(
    d.head?.name ? t.greetingUnit(d.head.name) : t.greetingUnitNoName,
    '',
    t.introUnit(formatWeek(p.week, lang), d.unit.name),
    phaseLine(p, t, lang),
    '',
  );
  for (const line of staleLines(d, t, lang)) out.push(line, '');
  const unitUrl = pageUrl(publicUrl, `/don-vi/${encodeURIComponent(d.unit.id)}`);
  if (unitUrl !== null) out.push(`${t.openUnitPage}: ${unitUrl}`, '');
  out.push(`${t.tileLastWeek}: ${figure(d.lastWeekTotal, lang)}`);
  if (d.standing)
    out.push(
      `${t.tilePhase}: ${formatScore(d.standing.score, lang)} — ${GRADE_LABELS[lang][d.standing.grade]}`,
    );
  if (d.standing && d.standing.rank > 0)
    out.push(`${t.tileRank}: ${t.rankOf(d.standing.rank, d.standing.of)}`);
  out.push(
    `${t.tileOverdue}: ${t.items(d.overdue.length)}`,
    `${t.tileDueSoon}: ${t.items(d.dueSoon.length)}`,
  );
  out.push(
    textSection(
      `1. ${t.sectionRules}`,
      rulesText(d.lastWeek, d.phaseToDate, [d.lastWeekTotal, d.phaseTotal], t, lang, hasPhase),
    ),
  );
  out.push(textSection(`2. ${t.sectionTrend(d.trend.length)}`, trendText(d.trend, lang)));
  out.push(
    textSection(
      `3. ${t.sectionOverdue} (${d.overdue.length})`,
      itemsText(d.overdue, t, lang, true, t.noneOverdue, publicUrl, taskUrl),
    ),
  );
  const note = horizonNote(p, t, lang);
  out.push(
    textSection(
      `4. ${t.sectionDueSoon}: ${formatRange(p.horizon.from, p.horizon.to, lang)} (${d.dueSoon.length})`,
      (note ? note + '\n' : '') + itemsText(d.dueSoon, t, lang, false, t.noneDueSoon, publicUrl, taskUrl),
    ),
  );
  const rows = [
    [t.colName, t.colLastWeek, ...(hasPhase ? [t.colScore, t.colGrade] : []), t.colOverdue, t.colDueSoon],
  ];
  for (const r of d.people) {
    rows.push([
      (r.name ?? r.personId) + (r.isHead ? ` (${t.head})` : ''),
      figure(r.lastWeek, lang),
      ...(hasPhase
        ? [
            r.phaseScore ? formatScore(r.phaseScore.score, lang) : '—',
            r.phaseScore ? GRADE_LABELS[lang][r.phaseScore.grade] : '—',
          ]
        : []),
      String(r.overdue),
      String(r.dueSoon),
    ]);
  }
  out.push(textSection(`5. ${t.sectionPeople} (${d.people.length})`, textTable(rows)));
  out.push('', t.howRead, t.confidential, t.automatic, '');
  return out.join('\n');
}

function leadershipText(d: LeadershipDigest, t: DigestText, lang: Lang): string {
  const p = d.period;
  const hasPhase = p.phase !== null;
  const ranked = d.units.filter((u) => !u.leadership);
  const out: string[] = [];
  out.push(
    `${t.brand} — ${t.leadershipKicker}`,
    t.wholeDepartment,
    weekTitle(p, lang),
    `${t.asOf} ${formatInstantLocal(p.asOf, lang)}`,
    '',
  );
  out.push(
    t.greetingLeadership,
    '',
    t.introLeadership(formatWeek(p.week, lang), ranked.length),
    phaseLine(p, t, lang),
    '',
  );
  for (const line of staleLines(d, t, lang)) out.push(line, '');
  out.push(
    `${t.tileLastWeek}: ${figure(d.lastWeekTotal, lang)}`,
    `${t.tileOverdue}: ${t.items(d.overdue)}`,
    `${t.tileDueSoon}: ${t.items(d.dueSoon)}`,
  );
  const rows = [
    [
      t.colRank,
      t.colUnit,
      t.colLastWeek,
      ...(hasPhase ? [t.colScore, t.colGrade] : []),
      t.colOverdue,
      t.colDueSoon,
    ],
  ];
  for (const u of d.units) {
    rows.push([
      u.leadership || !u.standing ? '—' : String(u.standing.rank),
      u.unit.name + (u.leadership ? ` (${t.leadershipUnit})` : ''),
      figure(u.lastWeek, lang),
      ...(hasPhase
        ? [
            u.standing ? formatScore(u.standing.score, lang) : '—',
            u.standing ? GRADE_LABELS[lang][u.standing.grade] : '—',
          ]
        : []),
      String(u.overdue),
      String(u.dueSoon),
    ]);
  }
  out.push(textSection(`1. ${t.sectionUnits}`, textTable(rows)));
  out.push(
    textSection(`2. ${t.sectionTrend(d.trend.length)} — ${t.wholeDepartment}`, trendText(d.trend, lang)),
  );
  out.push(
    textSection(
      `3. ${t.sectionDepartmentRules}`,
      rulesText(d.lastWeek, d.phaseToDate, [d.lastWeekTotal, d.phaseTotal], t, lang, hasPhase),
    ),
  );
  if (hasPhase) {
    const rules = rulesWithFigures(...d.units.map((u) => u.phaseToDate));
    const matrix = [[t.colUnit, ...rules.map((r) => RULE_SHORT[lang][r])]];
    for (const u of d.units)
      matrix.push([u.unit.name, ...rules.map((r) => formatRate(u.phaseToDate[RULES.indexOf(r)].rate, lang))]);
    const legend = rules.map((r) => `${RULE_SHORT[lang][r]}: ${RULE_LABELS[lang][r]}`).join('; ');
    out.push(textSection(`4. ${t.sectionMatrix}`, `${textTable(matrix, 1)}\n${t.legend}: ${legend}.`));
  }
  out.push('', t.howRead, t.confidential, t.automatic, '');
  return out.join('\n');
}

// ---------------------------------------------------------------------------------------------

export function composeDigest(digest: Digest, options: ComposeOptions): ComposedDigest {
  const lang = options.lang;
  const t: DigestText = DIGEST_TEXT[lang];
  const week = formatWeek(digest.period.week, lang);
  if (digest.kind === 'unit') {
    const subject = t.subjectUnit(
      week,
      digest.unit.name,
      subjectRate(digest.lastWeekTotal, t, lang),
      digest.overdue.length,
    );
    const preheader = `${t.tileLastWeek}: ${figure(digest.lastWeekTotal, lang)} · ${t.tileOverdue}: ${digest.overdue.length} · ${t.tileDueSoon}: ${digest.dueSoon.length}`;
    return {
      subject,
      html: unitHtml(digest, subject, preheader, t, lang, options),
      text: unitText(digest, t, lang, options.publicUrl, options.taskUrl),
    };
  }
  const units = digest.units.filter((u) => !u.leadership).length;
  const subject = t.subjectLeadership(
    week,
    units,
    subjectRate(digest.lastWeekTotal, t, lang),
    digest.overdue,
  );
  const preheader = `${t.tileLastWeek}: ${figure(digest.lastWeekTotal, lang)} · ${t.tileOverdue}: ${digest.overdue} · ${t.tileDueSoon}: ${digest.dueSoon}`;
  return {
    subject,
    html: leadershipHtml(digest, subject, preheader, t, lang, options),
    text: leadershipText(digest, t, lang),
  };
}
