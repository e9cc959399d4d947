/**
 * The three tables of a review snapshot as the council reads them — units, people, evidence — with
 * their Vietnamese titles. The XLSX and the CSV exports both print these, so the two never
 * disagree on a header, a column or a row.
 */
import type { RuleId } from '../../domain/rules/obligation.js';
import { RULES } from '../../domain/rules/obligation.js';
import type { SnapshotRow } from '../../domain/snapshots/snapshot-content.js';
import { evidenceRows } from '../../domain/snapshots/snapshot-content.js';
import { formatDayVi, formatInstant, localDay, parseDay } from '../../domain/time.js';
import type { Instant } from '../../domain/time.js';
import { GRADE_LABELS, RULE_LABELS } from '../../i18n/labels.js';
import type { StoredSnapshot } from '../store/snapshot-store.js';

export const SHEET_NAMES = { units: 'Đơn vị', people: 'Cá nhân', evidence: 'Căn cứ' } as const;
export type SheetKey = keyof typeof SHEET_NAMES;
export const SHEET_KEYS: readonly SheetKey[] = ['units', 'people', 'evidence'];

/** A rate: the share met, with the counts behind it ("91.2% (31/34)"). */
export interface Rate {
  percent: number;
  met?: number;
  judged?: number;
}

export type Cell = string | number | null | Rate;

/**
 * What a column holds decides how it prints: `score` with 2 decimals, `rate` as a percentage with
 * 1 decimal and its counts (a dash when nothing was judged), `name` and `grade` wrapped when long.
 */
export type ColumnKind = 'rank' | 'code' | 'name' | 'score' | 'grade' | 'rate' | 'text';

export interface Column {
  header: string;
  /** The rule's weight in the score, printed under its header. */
  weight?: number;
  kind: ColumnKind;
}

export interface Table {
  key: SheetKey;
  /** "Bảng 1. …": what the table is, printed under the title. */
  heading: string;
  columns: Column[];
  rows: Cell[][];
  /** How to read the numbers, printed below the table. */
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

const rate = (percent: number, met?: number, judged?: number): Rate => ({ percent, met, judged });

function ruleCells(row: SnapshotRow): Cell[] {
  return RULES.map((rule: RuleId) => {
    const t = row.rules[rule];
    return t === undefined ? null : rate(t.rate, t.met, t.judged);
  });
}

const grade = (g: SnapshotRow['grade']) => GRADE_LABELS.vi[g];

export function snapshotTables(snapshot: StoredSnapshot): Record<SheetKey, Table> {
  const { content } = snapshot;
  const ruleColumns: Column[] = RULES.map((r) => ({
    header: RULE_LABELS.vi[r],
    weight: content.weights[r],
    kind: 'rate',
  }));
  const unitNames = new Map(content.units.map((u) => [u.id, u.name]));
  const personNames = new Map(content.people.map((p) => [p.id, p.name]));
  const scoreNote =
    'Tỷ lệ của mỗi tiêu chí = số nghĩa vụ đạt / số nghĩa vụ đã chấm (ghi trong ngoặc); dấu “—”: không có ' +
    'nghĩa vụ nào được chấm. Điểm = Σ (trọng số × tỷ lệ) / Σ trọng số × 100, chỉ tính các tiêu chí có ' +
    'nghĩa vụ được chấm, làm tròn đến 2 chữ số thập phân; xếp loại theo điểm. Các nghĩa vụ được tính ' +
    `nằm ở bảng ${SHEET_NAMES.evidence}.`;
  return {
    units: {
      key: 'units',
      heading: 'Bảng 1. Kết quả và xếp hạng các đơn vị',
      columns: [
        { header: 'Hạng', kind: 'rank' },
        { header: 'Mã', kind: 'code' },
        { header: 'Tên đơn vị', kind: 'name' },
        { header: 'Điểm', kind: 'score' },
        { header: 'Xếp loại', kind: 'grade' },
        ...ruleColumns,
        { header: 'Tỷ lệ cán bộ xuất sắc', kind: 'rate' },
        { header: 'Chỉ tiêu', kind: 'rate' },
      ],
      rows: content.units.map((u) => [
        u.rank,
        u.id,
        u.name,
        u.score,
        grade(u.grade),
        ...ruleCells(u),
        u.excellentShare === null ? null : rate(u.excellentShare),
        rate(u.excellentTarget),
      ]),
      notes: [
        scoreNote,
        'Tỷ lệ cán bộ xuất sắc: tỷ lệ cán bộ của đơn vị có điểm trong đợt được xếp loại Hoàn thành ' +
          'xuất sắc, so với chỉ tiêu của phong trào.',
      ],
    },
    people: {
      key: 'people',
      heading: 'Bảng 2. Kết quả và xếp hạng cá nhân',
      columns: [
        { header: 'Hạng', kind: 'rank' },
        { header: 'Mã', kind: 'code' },
        { header: 'Họ và tên', kind: 'name' },
        { header: 'Đơn vị', kind: 'name' },
        { header: 'Điểm', kind: 'score' },
        { header: 'Xếp loại', kind: 'grade' },
        ...ruleColumns,
      ],
      rows: content.people.map((p) => [
        p.rank,
        p.id,
        p.name,
        p.unitId === null ? null : (unitNames.get(p.unitId) ?? p.unitId),
        p.score,
        grade(p.grade),
        ...ruleCells(p),
      ]),
      notes: [scoreNote],
    },
    evidence: {
      key: 'evidence',
      heading: 'Bảng 3. Căn cứ: các nghĩa vụ đã chấm trong từng tỷ lệ',
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
        e.level === 'unit' ? 'Đơn vị' : 'Cá nhân',
        e.id,
        (e.level === 'unit' ? unitNames : personNames).get(e.id) ?? null,
        RULE_LABELS.vi[e.rule],
        e.obligationId,
      ]),
      notes: [
        'Mỗi dòng là một nghĩa vụ đã chấm, tính vào tỷ lệ của tiêu chí đó cho đơn vị hoặc cá nhân ghi ở ' +
          'dòng: số dòng của một đơn vị (cá nhân) ở một tiêu chí bằng số đã chấm ghi trong ngoặc ở ' +
          `bảng ${SHEET_NAMES.units} (${SHEET_NAMES.people}).`,
      ],
    },
  };
}
