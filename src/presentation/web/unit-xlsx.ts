/**
 * A unit's current standing as a workbook: the rules this week and this phase, the people, the
 * overdue items — the unit page's figures, for a unit head who files them. Frozen figures are the
 * council's review export (snapshot-export.ts).
 */
import ExcelJS from 'exceljs';
import type { UnitDigest } from '../../domain/digests/digest-content.js';
import type { Dataset } from '../../domain/model.js';
import type { Obligation } from '../../domain/rules/obligation.js';
import { RULES } from '../../domain/rules/obligation.js';
import { formatDay } from '../../domain/time.js';
import type { Lang } from '../../i18n/lang.js';
import { WEB_TEXT } from '../../i18n/web-messages.js';
import { formatDateTime } from '../formats.js';
import { GRADE_LABELS, RULE_LABELS, STATUS_LABELS } from '../labels.js';
import { subjectLabel } from './web-kit.js';

const rate = (r: number | null) => (r === null ? null : Math.round(r * 1000) / 1000);

export async function unitXlsx(
  d: UnitDigest,
  overdue: Obligation[],
  dataset: Dataset,
  lang: Lang,
): Promise<Buffer> {
  const t = WEB_TEXT[lang];
  const wb = new ExcelJS.Workbook();
  // Fixed, so the same figures give the same bytes.
  wb.created = new Date(d.period.asOf);
  wb.modified = new Date(d.period.asOf);
  const rules = wb.addWorksheet(t.rule.slice(0, 31));
  rules.addRow([t.unitTitle(d.unit.name)]);
  rules.addRow([t.asOf(formatDateTime(d.period.asOf))]);
  if (d.standing !== null)
    rules.addRow([
      t.score,
      d.standing.score,
      t.grade,
      GRADE_LABELS[lang][d.standing.grade],
      t.standing,
      t.rankOf(d.standing.rank, d.standing.of),
    ]);
  rules.addRow([]);
  rules.addRow([
    t.rule,
    `${t.week}: ${t.judged}`,
    `${t.week}: ${t.met}`,
    `${t.week}: ${t.rate}`,
    `${t.phase}: ${t.judged}`,
    `${t.phase}: ${t.met}`,
    `${t.phase}: ${t.rate}`,
  ]).font = { bold: true };
  RULES.forEach((rule, i) => {
    const w = d.lastWeek[i];
    const p = d.phaseToDate[i];
    rules.addRow([RULE_LABELS[lang][rule], w.judged, w.met, rate(w.rate), p.judged, p.met, rate(p.rate)]);
  });
  rules.addRow([
    t.total,
    d.lastWeekTotal.judged,
    d.lastWeekTotal.met,
    rate(d.lastWeekTotal.rate),
    d.phaseTotal.judged,
    d.phaseTotal.met,
    rate(d.phaseTotal.rate),
  ]).font = { bold: true };
  for (const c of [4, 7]) rules.getColumn(c).numFmt = '0.0%';
  rules.getColumn(1).width = 48;

  const people = wb.addWorksheet(t.people.slice(0, 31));
  people.addRow([t.person, t.weekJudged, t.met, t.score, t.grade, t.overdue, t.soon]).font = { bold: true };
  for (const p of d.people)
    people.addRow([
      p.name ?? p.personId,
      p.lastWeek.judged,
      p.lastWeek.met,
      p.phaseScore?.score ?? null,
      p.phaseScore === null ? null : GRADE_LABELS[lang][p.phaseScore.grade],
      p.overdue,
      p.dueSoon,
    ]);
  people.getColumn(1).width = 30;

  const late = wb.addWorksheet(t.overdueList.slice(0, 31));
  late.addRow([t.item, t.rule, t.person, t.due, t.status]).font = { bold: true };
  for (const ob of overdue)
    late.addRow([
      subjectLabel(ob, dataset, lang),
      RULE_LABELS[lang][ob.rule],
      ob.personId === null ? null : (dataset.people.get(ob.personId)?.name ?? ob.personId),
      ob.dueDate === null ? null : formatDay(ob.dueDate),
      STATUS_LABELS[lang][ob.status],
    ]);
  late.getColumn(1).width = 48;
  return Buffer.from(await wb.xlsx.writeBuffer());
}
