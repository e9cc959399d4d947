/**
 * A frozen snapshot as the review meeting reads it: an XLSX workbook ready to print — units first,
 * then people, then the evidence; A4, one page wide, the column headers repeated on every page, a
 * title naming the phase, the version and checksum under it, page numbers in the footer — the same
 * three tables as CSV (UTF-8 with a BOM, which is what makes Excel read the diacritics), and the
 * whole snapshot as JSON.
 */
import ExcelJS from 'exceljs';
import { formatInstant } from '../../domain/time.js';
import type { StoredSnapshot } from '../store/snapshot-store.js';
import { fittingWidth, rowHeight, wrappedLines } from './print-width.js';
import { setZipTimes } from './zip-timestamps.js';
import type { Cell, Column, Rate, SheetKey, Table } from './snapshot-tables.js';
import {
  SHEET_KEYS,
  SHEET_NAMES,
  phaseLine,
  provenanceLine,
  snapshotTables,
  snapshotTitle,
} from './snapshot-tables.js';

export { SHEET_NAMES, snapshotTables, snapshotTitle } from './snapshot-tables.js';
export type { SheetKey } from './snapshot-tables.js';

export type ExportFormat = 'xlsx' | 'csv' | 'json';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['xlsx', 'csv', 'json'];

/** The rows above the table: title, heading with the phase, provenance; then the column headers. */
const XLSX_LAYOUT = { titleRow: 1, headingRow: 2, provenanceRow: 3, headerRow: 4, firstDataRow: 5 };

/** Administrative documents (văn bản hành chính) are set in Times New Roman (Nghị định 30/2020/NĐ-CP). */
const FONT = 'Times New Roman';
const SIZE = { title: 14, heading: 11, provenance: 9, header: 10, body: 10, note: 9 };
/** The longest a name column grows before its text wraps. */
const MAX_NAME_WIDTH = 22;
/** "Hoàn thành xuất sắc" takes two lines rather than a wide column. */
const MAX_GRADE_WIDTH = 12;
const MAX_TEXT_WIDTH = 40;
/** Rules' headers are long: the column is at least this wide, and the header wraps. */
const MIN_RATE_WIDTH = 11;
const ORIENTATION: Record<SheetKey, 'landscape' | 'portrait'> = {
  units: 'landscape',
  people: 'landscape',
  // Six narrow columns and thousands of rows: upright, a page holds twice the lines.
  evidence: 'portrait',
};
/** Rank, code and name stay in view while the rules scroll by. */
const FROZEN_COLUMNS: Record<SheetKey, number> = { units: 3, people: 3, evidence: 0 };

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
const THIN: ExcelJS.Border = { style: 'thin', color: { argb: 'FF808080' } };
const BOX: Partial<ExcelJS.Borders> = { top: THIN, left: THIN, bottom: THIN, right: THIN };
const DASH = '—';

const percentText = (p: number) => `${(p * 100).toFixed(1)}%`;

function rateText(r: Rate): string {
  return r.met === undefined ? percentText(r.percent) : `${percentText(r.percent)} (${r.met}/${r.judged})`;
}

const isRate = (c: Cell): c is Rate => c !== null && typeof c === 'object';

/** The header as printed in the sheet: a rule's weight on its own line. */
const sheetHeader = (c: Column) =>
  c.weight === undefined ? c.header : `${c.header}\n(trọng số ${c.weight})`;
/** The header as written in CSV: one line. */
const csvHeader = (c: Column) => (c.weight === undefined ? c.header : `${c.header} (trọng số ${c.weight})`);

/** What a cell shows, as text: for measuring, and for CSV. */
function cellText(column: Column, cell: Cell): string {
  if (cell === null) return '';
  if (isRate(cell)) return rateText(cell);
  if (column.kind === 'score' && typeof cell === 'number') return cell.toFixed(2);
  return String(cell);
}

function columnWidth(column: Column, rows: Cell[][], index: number): number {
  let content = 0;
  for (const row of rows) content = Math.max(content, fittingWidth(cellText(column, row[index]), SIZE.body));
  const header = sheetHeader(column);
  // The longest word of the header must fit, or the spreadsheet breaks it mid-word.
  const word = Math.max(...header.split(/[\s\n]+/).map((w) => fittingWidth(w, SIZE.header, true)));
  switch (column.kind) {
    case 'name':
      return Math.max(word, Math.min(content, MAX_NAME_WIDTH));
    case 'text':
      return Math.max(word, Math.min(content, MAX_TEXT_WIDTH));
    case 'grade':
      return Math.max(word, Math.min(content, MAX_GRADE_WIDTH));
    case 'rate':
      return Math.max(word, content, MIN_RATE_WIDTH);
    default:
      return Math.max(word, content, fittingWidth(header, SIZE.header, true));
  }
}

const ALIGN: Record<Column['kind'], Partial<ExcelJS.Alignment>> = {
  rank: { horizontal: 'center', vertical: 'middle' },
  code: { horizontal: 'left', vertical: 'middle' },
  name: { horizontal: 'left', vertical: 'middle', wrapText: true },
  score: { horizontal: 'center', vertical: 'middle' },
  grade: { horizontal: 'center', vertical: 'middle', wrapText: true },
  rate: { horizontal: 'center', vertical: 'middle' },
  text: { horizontal: 'left', vertical: 'middle', wrapText: true },
};

/** `&` starts a code in a header or footer: a literal one is written twice. */
const footerText = (text: string) => text.replace(/&/g, '&&');

function addSheet(workbook: ExcelJS.Workbook, snapshot: StoredSnapshot, table: Table): void {
  const title = snapshotTitle(snapshot);
  const { columns, rows } = table;
  const widths = columns.map((c, i) => Math.ceil(columnWidth(c, rows, i) * 10) / 10);
  const totalWidth = widths.reduce((a, b) => a + b, 0);
  const frozen = FROZEN_COLUMNS[table.key];
  const L = XLSX_LAYOUT;
  const footerFont = `&"${FONT},Regular"&9`;
  const sheet = workbook.addWorksheet(SHEET_NAMES[table.key], {
    views: [
      {
        state: 'frozen',
        xSplit: frozen,
        ySplit: L.headerRow,
        topLeftCell: `${columnLetter(frozen + 1)}${L.firstDataRow}`,
      },
    ],
    pageSetup: {
      paperSize: 9, // A4
      orientation: ORIENTATION[table.key],
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      horizontalCentered: true,
      // The column headers repeat at the top of every printed page; the title is on the first.
      printTitlesRow: `${L.headerRow}:${L.headerRow}`,
      margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.7, header: 0.3, footer: 0.3 },
    },
    headerFooter: {
      oddFooter:
        `&L${footerFont}${footerText(`${title}, phiên bản ${snapshot.version} — ${SHEET_NAMES[table.key]}`)}` +
        `&R${footerFont}Trang &P / &N`,
    },
  });
  sheet.columns = widths.map((width) => ({ width }));
  const font = (size: number, extra: Partial<ExcelJS.Font> = {}): Partial<ExcelJS.Font> => ({
    name: FONT,
    size,
    ...extra,
  });

  const banner = (rowNumber: number, text: string, size: number, extra: Partial<ExcelJS.Font>) => {
    const row = sheet.getRow(rowNumber);
    row.getCell(1).value = text;
    sheet.mergeCells(rowNumber, 1, rowNumber, columns.length);
    const cell = row.getCell(1);
    cell.font = font(size, extra);
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    row.height = rowHeight(wrappedLines(text, totalWidth, size, extra.bold === true), size);
  };
  banner(L.titleRow, title, SIZE.title, { bold: true });
  banner(L.headingRow, `${table.heading} — ${phaseLine(snapshot)}`, SIZE.heading, { bold: true });
  banner(L.provenanceRow, provenanceLine(snapshot), SIZE.provenance, {
    italic: true,
    color: { argb: 'FF404040' },
  });

  const header = sheet.getRow(L.headerRow);
  let headerLines = 1;
  columns.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.value = sheetHeader(c);
    cell.font = font(SIZE.header, { bold: true });
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    cell.fill = HEADER_FILL;
    cell.border = BOX;
    headerLines = Math.max(headerLines, wrappedLines(sheetHeader(c), widths[i], SIZE.header, true));
  });
  header.height = rowHeight(headerLines, SIZE.header);

  rows.forEach((cells, r) => {
    const row = sheet.getRow(L.firstDataRow + r);
    let lines = 1;
    columns.forEach((c, i) => {
      const value = cells[i];
      const cell = row.getCell(i + 1);
      cell.font = font(SIZE.body);
      cell.border = BOX;
      cell.alignment = ALIGN[c.kind];
      if (isRate(value)) {
        cell.value = value.percent;
        // The counts ride in the number format, so the cell stays a number Excel can sort and sum.
        cell.numFmt = value.met === undefined ? '0.0%' : `0.0%" (${value.met}/${value.judged})"`;
      } else if (value === null && c.kind === 'rate') {
        cell.value = DASH;
        cell.alignment = { horizontal: 'center', vertical: 'middle' };
      } else {
        cell.value = value;
        if (c.kind === 'score') cell.numFmt = '0.00';
      }
      if (c.kind === 'name' || c.kind === 'text' || c.kind === 'grade')
        lines = Math.max(lines, wrappedLines(cellText(c, value), widths[i], SIZE.body));
    });
    row.height = rowHeight(lines, SIZE.body);
  });

  // One blank row, then how to read the numbers: outside the table, so sorting and filters skip it.
  let next = L.firstDataRow + rows.length + 1;
  for (const note of table.notes) {
    const row = sheet.getRow(next);
    row.getCell(1).value = note;
    sheet.mergeCells(next, 1, next, columns.length);
    row.getCell(1).font = font(SIZE.note, { italic: true });
    row.getCell(1).alignment = { horizontal: 'left', vertical: 'top', wrapText: true };
    row.height = rowHeight(wrappedLines(note, totalWidth, SIZE.note), SIZE.note);
    next++;
  }
}

function columnLetter(n: number): string {
  let s = '';
  for (; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

export async function snapshotXlsx(snapshot: StoredSnapshot): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Đúng hạn';
  workbook.title = snapshotTitle(snapshot);
  workbook.subject = `${phaseLine(snapshot)} — phiên bản ${snapshot.version}`;
  // Fixed dates, inside and on the zip's entries, keep two exports of a version the same file.
  workbook.created = new Date(snapshot.frozenAt);
  workbook.modified = new Date(snapshot.frozenAt);
  const tables = snapshotTables(snapshot);
  for (const key of SHEET_KEYS) addSheet(workbook, snapshot, tables[key]);
  return setZipTimes(Buffer.from(await workbook.xlsx.writeBuffer()), snapshot.frozenAt);
}

const BOM = '\uFEFF';

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * One CSV per sheet: a line saying what it is (title, table, phase, version, checksum), the
 * headers, the rows — the XLSX's cells as it shows them. CRLF line ends as RFC 4180 says.
 */
export function snapshotCsv(snapshot: StoredSnapshot): Record<SheetKey, Buffer> {
  const tables = snapshotTables(snapshot);
  const out = {} as Record<SheetKey, Buffer>;
  for (const key of SHEET_KEYS) {
    const t = tables[key];
    const about = `${snapshotTitle(snapshot)}. ${t.heading} — ${phaseLine(snapshot)}. ${provenanceLine(snapshot)}`;
    const lines = [
      csvField(about),
      t.columns.map((c) => csvField(csvHeader(c))).join(','),
      ...t.rows.map((r) => r.map((cell, i) => csvField(cellText(t.columns[i], cell))).join(',')),
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
