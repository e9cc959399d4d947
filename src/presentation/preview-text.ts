/**
 * A change's preview as the administrator reads it on the command line: what it would move, then
 * how scores, grades and ranks would change. Vietnamese first; nothing was stored, and it says so.
 */
import type { ChangePreview, ObligationMove, ScoreMove } from '../domain/change-preview.js';
import type { RuleId, Status } from '../domain/rules/obligation.js';
import type { Instant } from '../domain/time.js';
import { parseDay } from '../domain/time.js';
import type { Lang } from '../i18n/lang.js';
import { formatDate, formatInstantLocal, formatScore } from './formats.js';
import { GRADE_LABELS, RULE_LABELS, STATUS_LABELS } from './labels.js';

/** Obligations listed in the text; the JSON output has them all. */
const SHOWN = 30;

const T = {
  vi: {
    title: (change: string, at: string) => `Xem trước thay đổi ${change}, tính tại ${at}. Chưa lưu gì.`,
    none: 'Không nghĩa vụ nào đổi hạn hay trạng thái.',
    moved: (n: number, of: number) => `${n} trên ${of} nghĩa vụ đổi hạn hoặc trạng thái:`,
    more: (n: number) => `… và ${n} nghĩa vụ khác (--format json để xem hết).`,
    due: 'hạn',
    noDue: 'không hạn',
    created: 'mới có',
    removed: 'không còn',
    scoresNone: 'Không điểm, xếp loại hay thứ hạng nào thay đổi.',
    scores: 'Điểm thay đổi:',
    phase: 'Đợt',
    unit: 'Đơn vị',
    person: 'Người',
    rank: 'hạng',
  },
  en: {
    title: (change: string, at: string) => `Preview of ${change}, judged as of ${at}. Nothing was stored.`,
    none: 'No obligation changes its due date or status.',
    moved: (n: number, of: number) => `${n} of ${of} obligations change their due date or status:`,
    more: (n: number) => `… and ${n} more (--format json lists them all).`,
    due: 'due',
    noDue: 'no due date',
    created: 'new',
    removed: 'gone',
    scoresNone: 'No score, grade or rank changes.',
    scores: 'Scores that change:',
    phase: 'Phase',
    unit: 'Unit',
    person: 'Person',
    rank: 'rank',
  },
} as const;

export function previewText(p: ChangePreview & { change: string; asOf: Instant }, lang: Lang): string {
  const t = T[lang];
  const lines = [t.title(p.change, formatInstantLocal(p.asOf, lang)), ''];
  if (p.moved.length === 0) lines.push(t.none);
  else {
    lines.push(t.moved(p.moved.length, p.obligations));
    for (const m of p.moved.slice(0, SHOWN)) lines.push('  ' + moveLine(m, lang));
    if (p.moved.length > SHOWN) lines.push('  ' + t.more(p.moved.length - SHOWN));
  }
  lines.push('');
  if (p.scores.length === 0) lines.push(t.scoresNone);
  else {
    lines.push(t.scores);
    for (const s of p.scores) lines.push('  ' + scoreLine(s, lang));
  }
  return lines.join('\n') + '\n';
}

function moveLine(m: ObligationMove, lang: Lang): string {
  const t = T[lang];
  const rule = RULE_LABELS[lang][m.rule as RuleId] ?? m.rule;
  const who = [m.unitId, m.personId].filter((x) => x !== null).join(' / ');
  const side = (s: ObligationMove['before']) => {
    if (s === null) return null;
    const day = s.dueDate === null ? null : parseDay(s.dueDate);
    const due = day === null ? t.noDue : `${t.due} ${formatDate(day, lang)}`;
    return `${due}, ${STATUS_LABELS[lang][s.status as Status] ?? s.status}`;
  };
  const before = side(m.before) ?? t.created;
  const after = side(m.after) ?? t.removed;
  return `${m.id} — ${rule}${who === '' ? '' : ` (${who})`}: ${before} → ${after}`;
}

function scoreLine(s: ScoreMove, lang: Lang): string {
  const t = T[lang];
  const side = (m: ScoreMove['before']) =>
    m === null
      ? '—'
      : `${formatScore(m.score, lang)} (${GRADE_LABELS[lang][m.grade]}${m.rank === null ? '' : `, ${t.rank} ${m.rank}`})`;
  return `${t.phase} ${s.phaseId}, ${s.level === 'unit' ? t.unit : t.person} ${s.subjectId}: ${side(s.before)} → ${side(s.after)}`;
}
