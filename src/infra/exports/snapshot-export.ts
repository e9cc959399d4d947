/**
 * A frozen snapshot as the review meeting reads it: an XLSX workbook with three print-ready sheets
 * ("Đơn vị", "Cá nhân", "Căn cứ"), the same three tables as CSV (UTF-8 with a BOM, which is what
 * makes Excel read the diacritics), and the whole snapshot as JSON. Every table starts with a
 * title naming the phase, the version and the checksum, so a printed page says what it is.
 */
import ExcelJS from 'exceljs';
import type { RuleId } from '../../domain/rules/obligation.js';
import { RULES } from '../../domain/rules/obligation.js';
import type { SnapshotRow } from '../../domain/snapshots/snapshot-content.js';
import { evidenceRows } from '../../domain/snapshots/snapshot-content.js';
import { formatInstant } from '../../domain/time.js';
import { GRADE_LABELS, RULE_LABELS } from '../../i18n/labels.js';
import type { StoredSnapshot } from '../store/snapshot-store.js';

export type ExportFormat = 'xlsx' | 'csv' | 'json';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['xlsx', 'csv', 'json'];

export const SHEET_NAMES = { units: 'Đơn vị', people: 'Cá nhân', evidence: 'Căn cứ' } as const;
export type SheetKey = keyof typeof SHEET_NAMES;

/** A cell: a number shown as a percentage with its counts ("66,67% (2/3)"), or plain text/number. */
type Cell = string | number | null | { percent: number; note?: string };

interface Table {
  headers: string[];
  widths: number[];
  rows: Cell[][];
}

const RULE_WIDTH = 18;

function ruleCells(row: SnapshotRow): Cell[] {
  return RULES.map((rule: RuleId) => {
    const t = row.rules[rule];
    return t === undefined ? null : { percent: t.rate, note: `${t.met}/${t.judged}` };
  });
}

const grade = (g: SnapshotRow['grade']) => GRADE_LABELS.vi[g];

export function snapshotTables(snapshot: StoredSnapshot): Record<SheetKey, Table> {
  const { content } = snapshot;
  const ruleHeaders = RULES.map((r) => RULE_LABELS.vi[r]);
  const unitNames = new Map(content.units.map((u) => [u.id, u.name]));
  return {
    units: {
      headers: ['Hạng', 'Mã', 'Tên đơn vị', 'Điểm', 'Xếp loại', ...ruleHeaders, 'Tỷ lệ xuất sắc', 'Chỉ tiêu'],
      widths: [7, 10, 34, 9, 20, ...RULES.map(() => RULE_WIDTH), 12, 10],
      rows: content.units.map((u) => [
        u.rank,
        u.id,
        u.name,
        u.score,
        grade(u.grade),
        ...ruleCells(u),
        u.excellentShare === null ? null : { percent: u.excellentShare },
        { percent: u.excellentTarget },
      ]),
    },
    people: {
      headers: ['Hạng', 'Mã', 'Họ và tên', 'Đơn vị', 'Điểm', 'Xếp loại', ...ruleHeaders],
      widths: [7, 10, 28, 28, 9, 20, ...RULES.map(() => RULE_WIDTH)],
      rows: content.people.map((p) => [
        p.rank,
        p.id,
        p.name,
        p.unitId === null ? null : (unitNames.get(p.unitId) ?? p.unitId),
        p.score,
        grade(p.grade),
        ...ruleCells(p),
      ]),
    },
    evidence: {
      headers: ['Đợt', 'Cấp', 'Mã', 'Tiêu chí', 'Mã nghĩa vụ'],
      widths: [10, 10, 10, 44, 40],
      rows: evidenceRows(content).map((e) => [
        e.phaseId,
        e.level === 'unit' ? 'Đơn vị' : 'Cá nhân',
        e.id,
        RULE_LABELS.vi[e.rule],
        e.obligationId,
      ]),
    },
  };
}

export function snapshotTitle(snapshot: StoredSnapshot): string {
  const { phase } = snapshot.content;
  return (
    `Kết quả thi đua ${phase.campaignName} — ${phase.name} (${phase.id}, ${phase.start} đến ${phase.end}) — ` +
    `phiên bản ${snapshot.version}, chốt lúc ${formatInstant(snapshot.frozenAt)}, số liệu đến ${formatInstant(snapshot.asOf)} — ` +
    `mã kiểm tra ${snapshot.checksum}`
  );
}

export async function snapshotXlsx(snapshot: StoredSnapshot): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Đúng hạn';
  // A fixed date keeps two exports of the same version the same file.
  workbook.created = new Date(snapshot.frozenAt);
  workbook.modified = new Date(snapshot.frozenAt);
  const tables = snapshotTables(snapshot);
  const title = snapshotTitle(snapshot);
  for (const key of Object.keys(SHEET_NAMES) as SheetKey[]) {
    const table = tables[key];
    const sheet = workbook.addWorksheet(SHEET_NAMES[key], {
      views: [{ state: 'frozen', ySplit: 2, xSplit: 0 }],
      pageSetup: {
        paperSize: 9, // A4
        orientation: 'landscape',
        fitToPage: true,
        fitToWidth: 1,
        fitToHeight: 0,
        printTitlesRow: '1:2',
        margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.5, header: 0.3, footer: 0.3 },
      },
      headerFooter: { oddFooter: `&L${SHEET_NAMES[key]}&RTrang &P/&N` },
    });
    sheet.columns = table.widths.map((width) => ({ width }));
    const titleRow = sheet.addRow([title]);
    titleRow.font = { bold: true, size: 13 };
    sheet.mergeCells(1, 1, 1, table.headers.length);
    titleRow.alignment = { wrapText: true, vertical: 'middle' };
    titleRow.height = 36;
    const header = sheet.addRow(table.headers);
    header.font = { bold: true };
    header.alignment = { wrapText: true, vertical: 'middle', horizontal: 'center' };
    header.eachCell((cell) => {
      cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
      cell.border = { bottom: { style: 'thin' } };
    });
    for (const cells of table.rows) {
      const row = sheet.addRow(cells.map((c) => (c !== null && typeof c === 'object' ? c.percent : c)));
      cells.forEach((c, i) => {
        if (c === null || typeof c !== 'object') return;
        // The counts ride in the number format, so the cell stays a number Excel can sort and sum.
        row.getCell(i + 1).numFmt = c.note === undefined ? '0.00%' : `0.00%" (${c.note})"`;
      });
    }
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

const BOM = '\uFEFF';

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function csvCell(cell: Cell): string {
  if (cell === null) return '';
  if (typeof cell === 'object') {
    const percent = `${(cell.percent * 100).toFixed(2)}%`;
    return csvField(cell.note === undefined ? percent : `${percent} (${cell.note})`);
  }
  return csvField(String(cell));
}

/** One CSV per sheet, each with the title line first; CRLF line ends as RFC 4180 says. */
export function snapshotCsv(snapshot: StoredSnapshot): Record<SheetKey, Buffer> {
  const tables = snapshotTables(snapshot);
  const title = snapshotTitle(snapshot);
  const out = {} as Record<SheetKey, Buffer>;
  for (const key of Object.keys(SHEET_NAMES) as SheetKey[]) {
    const t = tables[key];
    const lines = [
      csvField(title),
      t.headers.map(csvField).join(','),
      ...t.rows.map((r) => r.map(csvCell).join(',')),
    ];
    out[key] = Buffer.from(BOM + lines.join('\r\n') + '\r\n', 'utf8');
  }
  return out;
}

export function snapshotJson(snapshot: StoredSnapshot): Buffer {
  const { id: _id, ...rest } = snapshot;
  return Buffer.from(
    JSON.stringify(
      { ...rest, frozenAt: formatInstant(snapshot.frozenAt), asOf: formatInstant(snapshot.asOf) },
      null,
      2,
    ) + '\n',
    'utf8',
  );
}
