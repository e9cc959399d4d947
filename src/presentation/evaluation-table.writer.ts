import type { Evaluation } from '../domain/evaluate.js';
import type { Dataset } from '../domain/model.js';
import { sortObligations } from '../domain/report/evaluation-view.js';
import { RULES } from '../domain/rules/obligation.js';
import type { ScoreEntry } from '../domain/scoring/score.js';
import { formatDayVi } from '../domain/time.js';
import { GRADE_LABELS, RULE_LABELS, STATUS_LABELS } from './labels.js';
import { formatDateTime, formatNumber, formatPercent } from './formats.js';
import type { Lang } from '../i18n/lang.js';
import type { OutputWriter } from './output-writer.js';

const HEADINGS = {
  vi: {
    title: 'ĐÚNG HẠN — kết quả đánh giá tại thời điểm',
    trackingStart: 'Bắt đầu theo dõi',
    derived: 'Năm có lịch nghỉ suy ra theo luật (chưa có công bố)',
    none: 'không',
    obligations: 'NGHĨA VỤ',
    cols: ['Mã', 'Quy tắc', 'Đơn vị', 'Người', 'Hạn', 'Trạng thái', 'Trễ (ngày LV)', 'Hoàn thành', 'Đợt'],
    scores: 'ĐIỂM THI ĐUA',
    scoreCols: ['Đợt', 'Cấp', 'Mã', 'Tên', 'Điểm', 'Xếp loại', 'Tỷ lệ xuất sắc / chỉ tiêu'],
    unit: 'Đơn vị',
    person: 'Cá nhân',
    tight: ' (gấp)',
    rates: 'Tỷ lệ theo quy tắc',
  },
  en: {
    title: 'ĐÚNG HẠN — evaluation as of',
    trackingStart: 'Tracking starts',
    derived: 'Years with derived (unannounced) days off',
    none: 'none',
    obligations: 'OBLIGATIONS',
    cols: ['Id', 'Rule', 'Unit', 'Person', 'Due', 'Status', 'Late (w.d.)', 'Done', 'Phase'],
    scores: 'SCORES',
    scoreCols: ['Phase', 'Level', 'Id', 'Name', 'Score', 'Grade', 'Excellent share / target'],
    unit: 'Unit',
    person: 'Person',
    tight: ' (tight)',
    rates: 'Rate per rule',
  },
} as const;

/** Columns padded to their widest cell; strings are NFC so a Vietnamese letter is one column. */
function table(rows: string[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => [...r[c].normalize('NFC')].length)));
  return rows
    .map((r) =>
      r
        .map((cell, c) => cell.normalize('NFC') + ' '.repeat(widths[c] - [...cell.normalize('NFC')].length))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

export async function writeEvaluationTable(
  out: OutputWriter,
  evaluation: Evaluation,
  scores: ScoreEntry[],
  dataset: Dataset,
  lang: Lang,
): Promise<void> {
  const h = HEADINGS[lang];
  const fmtDay = (d: number | null) => (d === null ? '' : formatDayVi(d));
  const pct = (share: number) => formatPercent(share, lang);
  await out.write(`${h.title} ${formatDateTime(evaluation.asOf)}\n`);
  await out.write(`${h.trackingStart}: ${fmtDay(evaluation.trackingStart)}\n`);
  await out.write(
    `${h.derived}: ${evaluation.derivedYears.length ? evaluation.derivedYears.join(', ') : h.none}\n\n`,
  );

  const obligations = sortObligations(evaluation.obligations);
  await out.write(`${h.obligations} (${obligations.length})\n`);
  const rows: string[][] = [[...h.cols]];
  for (const ob of obligations) {
    rows.push([
      ob.id,
      RULE_LABELS[lang][ob.rule],
      ob.unitId ?? '',
      ob.personId ?? '',
      fmtDay(ob.dueDate),
      STATUS_LABELS[lang][ob.status] + (ob.tight ? h.tight : ''),
      ob.workingDaysLate === null ? '' : String(ob.workingDaysLate),
      ob.doneAt === null ? '' : formatDateTime(ob.doneAt),
      ob.phaseId ?? '',
    ]);
  }
  await out.write(table(rows) + '\n\n');

  await out.write(`${h.scores} (${scores.length})\n`);
  const scoreRows: string[][] = [[...h.scoreCols]];
  for (const s of scores) {
    const name = s.level === 'unit' ? dataset.units.get(s.id)?.name : dataset.people.get(s.id)?.name;
    scoreRows.push([
      s.phaseId,
      s.level === 'unit' ? h.unit : h.person,
      s.id,
      name ?? '',
      formatNumber(s.score, lang, 2),
      GRADE_LABELS[lang][s.grade],
      s.level === 'unit'
        ? `${s.excellentShare == null ? '—' : pct(s.excellentShare)} / ${pct(s.excellentTarget ?? 0)}`
        : '',
    ]);
  }
  await out.write(table(scoreRows) + '\n');

  const units = scores.filter((s) => s.level === 'unit');
  if (units.length > 0) {
    await out.write(`\n${h.rates}\n`);
    const rateRows: string[][] = [[h.scoreCols[0], h.unit, ...RULES.map((r) => RULE_LABELS[lang][r])]];
    for (const s of units) {
      rateRows.push([
        s.phaseId,
        s.id,
        ...RULES.map((r) =>
          s.rules[r] ? `${pct(s.rules[r]!.rate)} (${s.rules[r]!.met}/${s.rules[r]!.judged})` : '—',
        ),
      ]);
    }
    await out.write(table(rateRows) + '\n');
  }
}
