/**
 * A frozen snapshot as the review meeting reads it: an XLSX workbook ready to print — units first,
 * then people, then the evidence, then the council's adjustments and exemptions; A4, one page
 * wide, the column headers repeated on every page, a title naming the phase, the version and
 * checksum under it, page numbers in the footer — the same sheets as CSV (UTF-8 with a BOM, which
 * is what makes Excel read the diacritics), and the whole snapshot as JSON.
 */
import ExcelJS from 'exceljs';
import { formatInstant } from '../../domain/time.js';
import type { StoredSnapshot } from '../../infra/store/snapshot-store.js';
import { fittingWidth, rowHeight, wrappedLines } from './print-width.js';
import { setZipTimes } from './zip-timestamps.js';
import type { ExportFrame } from '../../config/export-frame.js';
import { agencyRow, frameHeader, signatureRows } from './frame-lines.js';
import type { Cell, Column, Rate, Sheet, SheetKey, Table } from './snapshot-tables.js';
import {
  SHEET_KEYS,
  SHEET_NAMES,
  phaseLine,
  provenanceLine,
  snapshotSheets,
  snapshotTitle,
} from './snapshot-tables.js';

export { SHEET_KEYS, SHEET_NAMES, snapshotSheets, snapshotTitle } from './snapshot-tables.js';
export type { SheetKey } from './snapshot-tables.js';

export type ExportFormat = 'xlsx' | 'csv' | 'json';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['xlsx', 'csv', 'json'];

/** The rows above the tables: title, heading with the phase, provenance; then the first table. */
const XLSX_LAYOUT = { titleRow: 1, headingRow: 2, provenanceRow: 3, firstTableRow: 4 };
/** With a frame, the first sheet's header takes three rows and a blank one before the title. */
const FRAME_ROWS = 4;
/** The sheet that carries the frame: the units' ranking is what the minutes attach. */
const FRAMED_SHEET: SheetKey = 'units';
/** Rows left blank between a signer's title and name, to sign in. */
const SIGNING_ROWS = 4;

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
  decisions: 'landscape',
};
/**
 * What fits across an A4 page inside the margins, in column widths (5.25 pt each): a sheet holding
 * only a line of text is made that wide, so its title prints on one line like the others'.
 */
const PAGE_WIDTH = { landscape: 149, portrait: 102 } as const;
/** Rank, code and name stay in view while the rules scroll by (sheets of a single table). */
const FROZEN_COLUMNS: Record<SheetKey, number> = { units: 3, people: 3, evidence: 0, decisions: 0 };

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
const THIN: ExcelJS.Border = { style: 'thin', color: { argb: 'FF808080' } };
const BOX: Partial<ExcelJS.Borders> = { top: THIN, left: THIN, bottom: THIN, right: THIN };
const DASH = '—';

const percentText = (p: number) => `${(p * 100).toFixed(1)}%`;
/** Points added or taken: always signed, so "+2.00" never reads as a score. */
const pointsText = (p: number) => `${p > 0 ? '+' : ''}${p.toFixed(2)}`;
const POINTS_FORMAT = '+0.00;-0.00;0.00';

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
  if (column.kind === 'points' && typeof cell === 'number') return pointsText(cell);
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
  points: { horizontal: 'center', vertical: 'middle' },
  grade: { horizontal: 'center', vertical: 'middle', wrapText: true },
  rate: { horizontal: 'center', vertical: 'middle' },
  text: { horizontal: 'left', vertical: 'middle', wrapText: true },
};

/** `&` starts a code in a header or footer: a literal one is written twice. */
const footerText = (text: string) => text.replace(/&/g, '&&');

/** A column of a table where the sheet puts it: from sheet column `at` (1-based), `span` wide. */
interface Placed {
  column: Column;
  /** Its index in the table's rows. */
  index: number;
  at: number;
  span: number;
}

function placeColumns(table: Table): Placed[] {
  let at = 1;
  return table.columns.map((column, index) => {
    const span = column.span ?? 1;
    const placed = { column, index, at, span };
    at += span;
    return placed;
  });
}

/**
 * Each sheet column as wide as the widest of the tables' columns there; a column spanning several
 * widens the last of them if together they are too narrow.
 */
function sheetWidths(tables: Table[]): number[] {
  const placed = tables.map((t) => placeColumns(t).map((p) => ({ ...p, rows: t.rows })));
  const widths: number[] = [];
  for (const p of placed.flat().filter((x) => x.span === 1))
    widths[p.at - 1] = Math.max(widths[p.at - 1] ?? 0, columnWidth(p.column, p.rows, p.index));
  const count = Math.max(0, ...placed.map((list) => list.reduce((n, p) => n + p.span, 0)));
  const all = Array.from({ length: count }, (_, i) => widths[i] ?? 0);
  for (const p of placed.flat().filter((x) => x.span > 1)) {
    const have = all.slice(p.at - 1, p.at - 1 + p.span).reduce((a, b) => a + b, 0);
    const need = columnWidth(p.column, p.rows, p.index);
    if (need > have) all[p.at + p.span - 2] += need - have;
  }
  return all.map((w) => Math.ceil(w * 10) / 10);
}

/** What goes below the banners, row by row: a line of text, or a table from its header row on. */
type Block =
  | { kind: 'line'; row: number; text: string; style: 'caption' | 'note' }
  | { kind: 'table'; headerRow: number; table: Table };

/**
 * Tables one under the other, a blank row between them, each under its caption; a table without
 * rows prints its `none` line instead; a sheet none of whose tables has a row, its `empty` line.
 */
function layout(sheet: Sheet, top = 0): { blocks: Block[]; next: number } {
  const blocks: Block[] = [];
  let row = top + XLSX_LAYOUT.firstTableRow;
  if (sheet.empty !== undefined && sheet.tables.every((t) => t.rows.length === 0))
    return { blocks: [{ kind: 'line', row, text: sheet.empty, style: 'note' }], next: row + 1 };
  sheet.tables.forEach((table, k) => {
    if (k > 0) row++;
    if (table.caption !== undefined)
      blocks.push({ kind: 'line', row: row++, text: table.caption, style: 'caption' });
    if (table.rows.length === 0 && table.none !== undefined)
      blocks.push({ kind: 'line', row: row++, text: table.none, style: 'note' });
    else {
      blocks.push({ kind: 'table', headerRow: row, table });
      row += 1 + table.rows.length;
    }
  });
  return { blocks, next: row };
}

function addSheet(
  workbook: ExcelJS.Workbook,
  snapshot: StoredSnapshot,
  content: Sheet,
  frame: ExportFrame | null,
): void {
  const title = snapshotTitle(snapshot);
  const top = frame === null ? 0 : FRAME_ROWS;
  const { blocks, next: afterTables } = layout(content, top);
  const headerRows = blocks.flatMap((b) => (b.kind === 'table' ? [b.headerRow] : []));
  const widths = sheetWidths(content.tables);
  const unused = PAGE_WIDTH[ORIENTATION[content.key]] - widths.reduce((a, b) => a + b, 0);
  if (headerRows.length === 0 && unused > 0 && widths.length > 0)
    widths[widths.length - 1] = Math.round((widths[widths.length - 1] + unused) * 10) / 10;
  const totalWidth = widths.reduce((a, b) => a + b, 0);
  const spanWidth = (p: Placed) => widths.slice(p.at - 1, p.at - 1 + p.span).reduce((a, b) => a + b, 0);
  // One header row repeats on every printed page: the last table's, the one that runs long.
  const printTitles = headerRows.length === 0 ? undefined : headerRows[headerRows.length - 1];
  // Frozen panes hold a single table's header in view; with more tables there is no one header.
  const freeze = content.tables.length === 1 ? printTitles : undefined;
  const frozen = FROZEN_COLUMNS[content.key];
  const L = XLSX_LAYOUT;
  const footerFont = `&"${FONT},Regular"&9`;
  const sheet = workbook.addWorksheet(SHEET_NAMES[content.key], {
    ...(freeze === undefined
      ? {}
      : {
          views: [
            {
              state: 'frozen',
              xSplit: frozen,
              ySplit: freeze,
              topLeftCell: `${columnLetter(frozen + 1)}${freeze + 1}`,
            },
          ],
        }),
    pageSetup: {
      paperSize: 9, // A4
      orientation: ORIENTATION[content.key],
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      horizontalCentered: true,
      // The column headers repeat at the top of every printed page; the title is on the first.
      ...(printTitles === undefined ? {} : { printTitlesRow: `${printTitles}:${printTitles}` }),
      margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.7, header: 0.3, footer: 0.3 },
    },
    headerFooter: {
      oddFooter:
        `&L${footerFont}${footerText(`${title}, phiên bản ${snapshot.version} — ${SHEET_NAMES[content.key]}`)}` +
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
    sheet.mergeCells(rowNumber, 1, rowNumber, widths.length);
    const cell = row.getCell(1);
    cell.font = font(size, extra);
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    row.height = rowHeight(wrappedLines(text, totalWidth, size, extra.bold === true), size);
  };
  /** Text centred across sheet columns `from`..`to` (1-based) of a row, outside any table. */
  const block = (rowNumber: number, from: number, to: number, text: string, extra: Partial<ExcelJS.Font>) => {
    const row = sheet.getRow(rowNumber);
    if (to > from) sheet.mergeCells(rowNumber, from, rowNumber, to);
    const cell = row.getCell(from);
    if (text !== '') cell.value = text;
    cell.font = font(SIZE.heading, extra);
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    const width = widths.slice(from - 1, to).reduce((a, b) => a + b, 0);
    const height = rowHeight(wrappedLines(text, width, SIZE.heading, extra.bold === true), SIZE.heading);
    row.height = Math.max(row.height ?? 0, height);
  };
  // The agency on the left, the motto and the date line on the right, as a decree-30 document opens.
  const split = frameSplit(widths);
  if (frame !== null) {
    frameHeader(frame, snapshot.frozenAt).forEach(([left, right], i) => {
      block(i + 1, 1, split, left, { bold: i === agencyRow(frame) });
      block(i + 1, split + 1, widths.length, right, i < 2 ? { bold: true } : { italic: true });
    });
  }

  banner(top + L.titleRow, title, SIZE.title, { bold: true });
  banner(top + L.headingRow, `${content.heading} — ${phaseLine(snapshot)}`, SIZE.heading, { bold: true });
  banner(top + L.provenanceRow, provenanceLine(snapshot), SIZE.provenance, {
    italic: true,
    color: { argb: 'FF404040' },
  });

  /** A line across the sheet, outside any table, so sorting and filters skip it. */
  const line = (rowNumber: number, text: string, size: number, extra: Partial<ExcelJS.Font>) => {
    const row = sheet.getRow(rowNumber);
    row.getCell(1).value = text;
    sheet.mergeCells(rowNumber, 1, rowNumber, widths.length);
    row.getCell(1).font = font(size, extra);
    row.getCell(1).alignment = { horizontal: 'left', vertical: 'top', wrapText: true };
    row.height = rowHeight(wrappedLines(text, totalWidth, size, extra.bold === true), size);
  };

  /** A table cell, styled on every sheet column it spans so the borders close around it. */
  const cellsOf = (row: ExcelJS.Row, p: Placed) => {
    if (p.span > 1) sheet.mergeCells(row.number, p.at, row.number, p.at + p.span - 1);
    return Array.from({ length: p.span }, (_, k) => row.getCell(p.at + k));
  };

  const addTable = (headerRow: number, table: Table) => {
    const placed = placeColumns(table);
    const header = sheet.getRow(headerRow);
    let headerLines = 1;
    for (const p of placed) {
      const cells = cellsOf(header, p);
      cells[0].value = sheetHeader(p.column);
      for (const cell of cells) {
        cell.font = font(SIZE.header, { bold: true });
        cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
        cell.fill = HEADER_FILL;
        cell.border = BOX;
      }
      headerLines = Math.max(
        headerLines,
        wrappedLines(sheetHeader(p.column), spanWidth(p), SIZE.header, true),
      );
    }
    header.height = rowHeight(headerLines, SIZE.header);

    table.rows.forEach((values, r) => {
      const row = sheet.getRow(headerRow + 1 + r);
      let lines = 1;
      for (const p of placed) {
        const c = p.column;
        const value = values[p.index];
        const cells = cellsOf(row, p);
        for (const cell of cells) {
          cell.font = font(SIZE.body);
          cell.border = BOX;
          cell.alignment = ALIGN[c.kind];
        }
        const cell = cells[0];
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
          if (c.kind === 'points') cell.numFmt = POINTS_FORMAT;
        }
        if (c.kind === 'name' || c.kind === 'text' || c.kind === 'grade')
          lines = Math.max(lines, wrappedLines(cellText(c, value), spanWidth(p), SIZE.body));
      }
      row.height = rowHeight(lines, SIZE.body);
    });
  };

  for (const block of blocks) {
    if (block.kind === 'table') addTable(block.headerRow, block.table);
    else if (block.style === 'caption') line(block.row, block.text, SIZE.header, { bold: true });
    else line(block.row, block.text, SIZE.body, { italic: true });
  }

  // One blank row, then how to read the numbers.
  let next = afterTables + 1;
  for (const note of content.notes) {
    line(next, note, SIZE.note, { italic: true });
    next++;
  }

  // The signers under the notes: one on the right, as the decree places it, or side by side.
  if (frame !== null) {
    const groups = signerColumns(widths, split, frame.signers.length);
    next++;
    for (const { texts, role } of signatureRows(frame, SIGNING_ROWS)) {
      texts.forEach((text, i) =>
        block(next, groups[i][0], groups[i][1], text, role === 'blank' ? {} : { bold: true }),
      );
      next++;
    }
  }
}

/** The last sheet column of the header's left side: about two fifths of the width. */
function frameSplit(widths: number[]): number {
  const total = widths.reduce((a, b) => a + b, 0);
  let sum = 0;
  for (let i = 0; i < widths.length; i++) {
    sum += widths[i];
    if (sum >= total * 0.4) return Math.min(Math.max(i + 1, 1), Math.max(widths.length - 1, 1));
  }
  return Math.max(widths.length - 1, 1);
}

/** Each signer's sheet columns [from, to]: a lone signer under the motto, several side by side. */
function signerColumns(widths: number[], split: number, count: number): [number, number][] {
  if (count === 1) return [[Math.min(split + 1, widths.length), widths.length]];
  const total = widths.reduce((a, b) => a + b, 0);
  const groups: [number, number][] = [];
  let from = 1;
  let sum = 0;
  for (let i = 0; i < widths.length && groups.length < count - 1; i++) {
    sum += widths[i];
    const left = widths.length - (i + 1);
    if (sum >= (total * (groups.length + 1)) / count || left === count - 1 - groups.length) {
      groups.push([from, i + 1]);
      from = i + 2;
    }
  }
  groups.push([from, widths.length]);
  return groups;
}

function columnLetter(n: number): string {
  let s = '';
  for (; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/**
 * The workbook; with a frame (`exportFrame` in dunghan.json) the first sheet opens with the agency,
 * the national motto and the date line and closes with the signature block.
 */
export async function snapshotXlsx(
  snapshot: StoredSnapshot,
  frame: ExportFrame | null = null,
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Đúng hạn';
  workbook.title = snapshotTitle(snapshot);
  workbook.subject = `${phaseLine(snapshot)} — phiên bản ${snapshot.version}`;
  // Fixed dates, inside and on the zip's entries, keep two exports of a version the same file.
  workbook.created = new Date(snapshot.frozenAt);
  workbook.modified = new Date(snapshot.frozenAt);
  const sheets = snapshotSheets(snapshot);
  for (const key of SHEET_KEYS)
    addSheet(workbook, snapshot, sheets[key], key === FRAMED_SHEET ? frame : null);
  return setZipTimes(Buffer.from(await workbook.xlsx.writeBuffer()), snapshot.frozenAt);
}

const BOM = '\uFEFF';

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * A text cell a spreadsheet could take for a formula (OWASP's CSV injection: it starts with `=`,
 * `+`, `-`, `@`, a tab or a carriage return) is written as text: a single quote before it, and
 * the cell quoted. Names, ids and the council's reasons come from people; numbers never pass here.
 */
function csvText(value: string): string {
  if (!/^[=+\-@\t\r]/.test(value)) return csvField(value);
  return `"'${value.replace(/"/g, '""')}"`;
}

/** A cell of a table: text cells neutralised, numbers (a negative adjustment too) as they print. */
function csvCell(column: Column, cell: Cell): string {
  return typeof cell === 'string' ? csvText(cell) : csvField(cellText(column, cell));
}

/**
 * One CSV per sheet: a line saying what it is (title, table, phase, version, checksum), the
 * headers, the rows — the XLSX's cells as it shows them; a sheet of several tables gives each its
 * caption line, a blank line between them. CRLF line ends as RFC 4180 says.
 */
export function snapshotCsv(
  snapshot: StoredSnapshot,
  frame: ExportFrame | null = null,
): Record<SheetKey, Buffer> {
  const sheets = snapshotSheets(snapshot);
  const out = {} as Record<SheetKey, Buffer>;
  for (const key of SHEET_KEYS) {
    const s = sheets[key];
    const framed = key === FRAMED_SHEET ? frame : null;
    const about = `${snapshotTitle(snapshot)}. ${s.heading} — ${phaseLine(snapshot)}. ${provenanceLine(snapshot)}`;
    // The frame's two columns as two fields, then a blank line, as the sheet has them.
    const head =
      framed === null
        ? []
        : [...frameHeader(framed, snapshot.frozenAt).map((pair) => pair.map(csvText).join(',')), ''];
    const lines = [...head, csvText(about)];
    for (const block of layout(s).blocks) {
      if (block.kind === 'line') {
        // Between tables, the blank row the sheet has.
        if (block.style === 'caption' && lines.length > 1) lines.push('');
        lines.push(csvText(block.text));
        continue;
      }
      const t = block.table;
      lines.push(
        t.columns.map((c) => csvField(csvHeader(c))).join(','),
        ...t.rows.map((r) => r.map((cell, i) => csvCell(t.columns[i], cell)).join(',')),
      );
    }
    // The signers side by side, one field each, after a blank line; no blank rows to sign in.
    if (framed !== null)
      lines.push('', ...signatureRows(framed, 0).map(({ texts }) => texts.map(csvText).join(',')));
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
