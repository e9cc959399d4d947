/**
 * The sheets of a review snapshot as the council reads them — units, people, evidence, and the
 * council's own decisions (exemptions and score adjustments) — with their Vietnamese titles. The
 * XLSX and the CSV exports both print these, so the two never disagree on a header, a column or a
 * row.
 */
import type { RuleId, Status } from '../../domain/rules/obligation.js';
import { RULES } from '../../domain/rules/obligation.js';
import type { SnapshotContent, SnapshotRow } from '../../domain/snapshots/snapshot-content.js';
import { evidenceRows } from '../../domain/snapshots/snapshot-content.js';
import { formatDayVi, formatInstant, localDay, parseDay, parseInstant } from '../../domain/time.js';
import type { Instant } from '../../domain/time.js';
import { GRADE_LABELS, RULE_LABELS, STATUS_LABELS } from '../labels.js';
import type { StoredSnapshot } from '../../infra/store/snapshot-store.js';

export const SHEET_NAMES = {
  units: 'Đơn vị',
  people: 'Cá nhân',
  evidence: 'Căn cứ',
  decisions: 'Miễn trừ, điều chỉnh',
} as const;
export type SheetKey = keyof typeof SHEET_NAMES;
export const SHEET_KEYS: readonly SheetKey[] = ['units', 'people', 'evidence', 'decisions'];

/** A rate: the share met, with the counts behind it ("91.2% (31/34)"). */
export interface Rate {
  percent: number;
  met?: number;
  judged?: number;
}

export type Cell = string | number | null | Rate;

/**
 * What a column holds decides how it prints: `score` with 2 decimals, `points` signed with 2
 * decimals ("+2.00", "-1.50"), `rate` as a percentage with 1 decimal and its counts (a dash when
 * nothing was judged), `name`, `text` and `grade` (or any short label: a status) wrapped when long.
 */
export type ColumnKind = 'rank' | 'code' | 'name' | 'score' | 'points' | 'grade' | 'rate' | 'text';

export interface Column {
  header: string;
  /** The rule's weight in the score, printed under its header. */
  weight?: number;
  kind: ColumnKind;
  /**
   * How many of the sheet's columns it takes (1 unless said): lets a second table on a sheet keep
   * its last columns under the first table's, so the two share widths instead of widening the page.
   */
  span?: number;
}

export interface Table {
  /** Above the table's header, when a sheet holds more than one. */
  caption?: string;
  columns: Column[];
  rows: Cell[][];
  /** Printed under the caption, instead of the header, when the table has no row. */
  none?: string;
}

export interface Sheet {
  key: SheetKey;
  /** "Bảng 1. …": what the sheet is, printed under the title. */
  heading: string;
  tables: Table[];
  /** Printed instead of the tables when none of them has a row. */
  empty?: string;
  /** How to read the numbers, printed below the tables. */
  notes: string[];
}

const REVIEW_NAMES = { preliminary: 'Sơ kết', final: 'Tổng kết' } as const;

/** "Kết quả thi đua — Sơ kết 2025-1": what every page of the export is about. */
export function snapshotTitle(snapshot: StoredSnapshot): string {
  const { phase } = snapshot.content;
  return `Kết quả thi đua — ${REVIEW_NAMES[phase.review] ?? 'Đợt'} ${phase.id}`;
}

/** "Phong trào thi đua năm 2025, Đợt 1 (từ 01/01/2025 đến 31/05/2025)". */
export function phaseLine(snapshot: StoredSnapshot): string {
  const { phase } = snapshot.content;
  return `${phase.campaignName}, ${phase.name} (từ ${dayVi(phase.start)} đến ${dayVi(phase.end)})`;
}

/** Which frozen version the numbers come from, and how to check that nobody changed them. */
export function provenanceLine(snapshot: StoredSnapshot): string {
  return (
    `Số liệu tính đến ${instantVi(snapshot.asOf)}; phiên bản ${snapshot.version}, ` +
    `chốt lúc ${instantVi(snapshot.frozenAt)} bởi ${snapshot.frozenBy}; mã kiểm tra ${snapshot.checksum}`
  );
}

function dayVi(iso: string): string {
  const day = parseDay(iso);
  return day === null ? iso : formatDayVi(day);
}

/** "23:59 ngày 31/05/2025", local time. */
function instantVi(instant: Instant): string {
  return `${formatInstant(instant).slice(11, 16)} ngày ${formatDayVi(localDay(instant))}`;
}

/** "10/06/2025 09:00", local time; a text that is not an instant prints as it is. */
function minuteVi(at: string): string {
  const instant = parseInstant(at);
  return instant === null ? at : `${formatDayVi(localDay(instant))} ${formatInstant(instant).slice(11, 16)}`;
}

const rate = (percent: number, met?: number, judged?: number): Rate => ({ percent, met, judged });

function ruleCells(row: SnapshotRow): Cell[] {
  return RULES.map((rule: RuleId) => {
    const t = row.rules[rule];
    return t === undefined ? null : rate(t.rate, t.met, t.judged);
  });
}

const grade = (g: SnapshotRow['grade']) => GRADE_LABELS.vi[g];

/** Versions frozen before adjustments existed have neither field: computed is final, nothing added. */
const computedOf = (row: SnapshotRow) => row.computedScore ?? row.score;
const adjustmentOf = (row: SnapshotRow) => row.adjustment ?? 0;
const isAdjusted = (rows: SnapshotRow[]) => rows.some((r) => adjustmentOf(r) !== 0);

/**
 * The score columns of a units or people sheet: the final score alone, or — when the council
 * moved any row's score — the computed score and the adjustment before it, so the sum reads left
 * to right.
 */
function scoreColumns(adjusted: boolean): Column[] {
  const final: Column = { header: 'Điểm', kind: 'score' };
  return adjusted
    ? [{ header: 'Điểm tính', kind: 'score' }, { header: 'Điều chỉnh', kind: 'points' }, final]
    : [final];
}

function scoreCells(row: SnapshotRow, adjusted: boolean): Cell[] {
  return adjusted ? [computedOf(row), adjustmentOf(row), row.score] : [row.score];
}

/** What the obligation would have counted as; "met" reads as the campaign's on-time wording here. */
const EXEMPTED_STATUS_LABELS: Record<Status, string> = { ...STATUS_LABELS.vi, met: 'Đúng hạn' };

const LEVEL_LABELS = { unit: 'Đơn vị', person: 'Cá nhân' } as const;

export function snapshotSheets(snapshot: StoredSnapshot): Record<SheetKey, Sheet> {
  const { content } = snapshot;
  const ruleColumns: Column[] = RULES.map((r) => ({
    header: RULE_LABELS.vi[r],
    weight: content.weights[r],
    kind: 'rate',
  }));
  const unitNames = new Map(content.units.map((u) => [u.id, u.name]));
  const personNames = new Map(content.people.map((p) => [p.id, p.name]));
  const scoreNote = (adjusted: boolean) =>
    'Tỷ lệ của mỗi tiêu chí = số nghĩa vụ đạt / số nghĩa vụ đã chấm (ghi trong ngoặc); dấu “—”: không có ' +
    `nghĩa vụ nào được chấm. ${adjusted ? 'Điểm tính' : 'Điểm'} = Σ (trọng số × tỷ lệ) / Σ trọng số × 100, ` +
    'chỉ tính các tiêu chí có nghĩa vụ được chấm, làm tròn đến 2 chữ số thập phân; ' +
    (adjusted
      ? 'Điểm = Điểm tính + Điều chỉnh (điểm Hội đồng cộng hoặc trừ, từng quyết định ghi ở bảng ' +
        `${SHEET_NAMES.decisions}), giữ trong khoảng 0–100; xếp loại và xếp hạng theo Điểm. `
      : 'xếp loại theo điểm. ') +
    `Các nghĩa vụ được tính nằm ở bảng ${SHEET_NAMES.evidence}.`;
  const unitsAdjusted = isAdjusted(content.units);
  const peopleAdjusted = isAdjusted(content.people);
  return {
    units: {
      key: 'units',
      heading: 'Bảng 1. Kết quả và xếp hạng các đơn vị',
      tables: [
        {
          columns: [
            { header: 'Hạng', kind: 'rank' },
            { header: 'Mã', kind: 'code' },
            { header: 'Tên đơn vị', kind: 'name' },
            ...scoreColumns(unitsAdjusted),
            { header: 'Xếp loại', kind: 'grade' },
            ...ruleColumns,
            { header: 'Tỷ lệ cán bộ xuất sắc', kind: 'rate' },
            { header: 'Chỉ tiêu', kind: 'rate' },
          ],
          rows: content.units.map((u) => [
            u.rank,
            u.id,
            u.name,
            ...scoreCells(u, unitsAdjusted),
            grade(u.grade),
            ...ruleCells(u),
            u.excellentShare === null ? null : rate(u.excellentShare),
            rate(u.excellentTarget),
          ]),
        },
      ],
      notes: [
        scoreNote(unitsAdjusted),
        'Tỷ lệ cán bộ xuất sắc: tỷ lệ cán bộ của đơn vị có điểm trong đợt được xếp loại Hoàn thành ' +
          'xuất sắc, so với chỉ tiêu của phong trào.',
      ],
    },
    people: {
      key: 'people',
      heading: 'Bảng 2. Kết quả và xếp hạng cá nhân',
      tables: [
        {
          columns: [
            { header: 'Hạng', kind: 'rank' },
            { header: 'Mã', kind: 'code' },
            { header: 'Họ và tên', kind: 'name' },
            { header: 'Đơn vị', kind: 'name' },
            ...scoreColumns(peopleAdjusted),
            { header: 'Xếp loại', kind: 'grade' },
            ...ruleColumns,
          ],
          rows: content.people.map((p) => [
            p.rank,
            p.id,
            p.name,
            p.unitId === null ? null : (unitNames.get(p.unitId) ?? p.unitId),
            ...scoreCells(p, peopleAdjusted),
            grade(p.grade),
            ...ruleCells(p),
          ]),
        },
      ],
      notes: [scoreNote(peopleAdjusted)],
    },
    evidence: {
      key: 'evidence',
      heading: 'Bảng 3. Căn cứ: các nghĩa vụ đã chấm trong từng tỷ lệ',
      tables: [
        {
          columns: [
            { header: 'Đợt', kind: 'code' },
            { header: 'Cấp', kind: 'text' },
            { header: 'Mã', kind: 'code' },
            { header: 'Tên', kind: 'name' },
            { header: 'Tiêu chí', kind: 'text' },
            { header: 'Mã nghĩa vụ', kind: 'code' },
          ],
          rows: evidenceRows(content).map((e) => [
            e.phaseId,
            LEVEL_LABELS[e.level],
            e.id,
            (e.level === 'unit' ? unitNames : personNames).get(e.id) ?? null,
            RULE_LABELS.vi[e.rule],
            e.obligationId,
          ]),
        },
      ],
      notes: [
        'Mỗi dòng là một nghĩa vụ đã chấm, tính vào tỷ lệ của tiêu chí đó cho đơn vị hoặc cá nhân ghi ở ' +
          'dòng: số dòng của một đơn vị (cá nhân) ở một tiêu chí bằng số đã chấm ghi trong ngoặc ở ' +
          `bảng ${SHEET_NAMES.units} (${SHEET_NAMES.people}).`,
      ],
    },
    decisions: decisionsSheet(content, unitNames, personNames),
  };
}

/**
 * The council's decisions behind the numbers: score adjustments, then exemptions. Exemptions go
 * last because they can run to pages (a source down for a week excuses every obligation it held),
 * and a sheet repeats one header row on its printed pages: the last table's.
 */
function decisionsSheet(
  content: SnapshotContent,
  unitNames: ReadonlyMap<string, string | null>,
  personNames: ReadonlyMap<string, string | null>,
): Sheet {
  const adjustments = content.adjustments ?? [];
  const exemptions = content.exemptions ?? [];
  const decidedBy: Column[] = [
    { header: 'Người quyết định', kind: 'name' },
    { header: 'Thời điểm', kind: 'code' },
    { header: 'Lý do', kind: 'text' },
  ];
  return {
    key: 'decisions',
    heading: 'Bảng 4. Quyết định điều chỉnh điểm và miễn trừ nghĩa vụ',
    tables: [
      {
        caption: '1. Điều chỉnh điểm',
        // The name spans the two name columns of the exemptions, so the decision's columns align.
        columns: [
          { header: 'Cấp', kind: 'text' },
          { header: 'Mã', kind: 'code' },
          { header: 'Tên', kind: 'name', span: 2 },
          { header: 'Điểm cộng/trừ', kind: 'points' },
          ...decidedBy,
        ],
        rows: adjustments.map((a) => [
          LEVEL_LABELS[a.level],
          a.subjectId,
          a.name ?? (a.level === 'unit' ? unitNames : personNames).get(a.subjectId) ?? null,
          a.points,
          a.by,
          minuteVi(a.at),
          a.reason,
        ]),
        none: 'Không có điều chỉnh điểm trong đợt này.',
      },
      {
        caption: '2. Miễn trừ nghĩa vụ',
        columns: [
          { header: 'Mã nghĩa vụ', kind: 'code' },
          { header: 'Tiêu chí', kind: 'text' },
          { header: 'Đơn vị', kind: 'name' },
          { header: 'Cá nhân', kind: 'name' },
          { header: 'Kết quả nếu không miễn trừ', kind: 'grade' },
          ...decidedBy,
        ],
        rows: exemptions.map((e) => [
          e.obligationId,
          RULE_LABELS.vi[e.rule] ?? e.rule,
          e.unitId === null ? null : (unitNames.get(e.unitId) ?? e.unitId),
          e.personId === null ? null : (personNames.get(e.personId) ?? e.personId),
          e.exemptedStatus === null ? null : (EXEMPTED_STATUS_LABELS[e.exemptedStatus] ?? e.exemptedStatus),
          e.by,
          minuteVi(e.at),
          e.reason,
        ]),
        none: 'Không có nghĩa vụ được miễn trừ trong đợt này.',
      },
    ],
    empty: 'Không có miễn trừ hoặc điều chỉnh điểm trong đợt này.',
    notes:
      adjustments.length + exemptions.length === 0
        ? []
        : [
            'Điểm cộng/trừ: điểm Hội đồng cộng (+) hoặc trừ (-) vào điểm tính của đơn vị hoặc cá nhân; ' +
              'các điều chỉnh của cùng một đơn vị (cá nhân) được cộng dồn; điểm sau điều chỉnh giữ trong ' +
              'khoảng 0–100.',
            'Nghĩa vụ được miễn trừ không được chấm: không tính vào tỷ lệ nào và không có ở bảng ' +
              `${SHEET_NAMES.evidence}; cột Kết quả nếu không miễn trừ ghi kết quả nghĩa vụ lẽ ra có.`,
          ],
  };
}
