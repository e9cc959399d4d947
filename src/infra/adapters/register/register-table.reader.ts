/**
 * Reads a register file (XLSX or CSV) into plain tables of cells. Nothing here knows about
 * registers; it only hides the two formats' differences from the row mapper.
 */
import { parse as parseCsv } from 'csv-parse/sync';
import { decodeExportText } from '../shared/text-decoding.util.js';
import { detectRegisterLayout } from './register-columns.js';

export type Cell = string | number | boolean | Date | null;

export interface TableRow {
  /** The row number a person sees when opening the file (1-based). */
  number: number;
  cells: Cell[];
}

export interface Table {
  /** Worksheet name, or null for a CSV file. */
  sheet: string | null;
  rows: TableRow[];
}

export type TableReadResult = { ok: true; tables: Table[] } | { ok: false; reason: string; reasonEn: string };

/** exceljs cell values come in several wrappers (rich text, formulas, hyperlinks); unwrap them. */
function xlsxCell(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof Date) return value;
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if (Array.isArray(v.richText)) return v.richText.map((r: { text?: string }) => r.text ?? '').join('');
    if ('result' in v) return xlsxCell(v.result);
    if ('text' in v) return xlsxCell(v.text);
    if ('error' in v) return String(v.error);
  }
  return String(value);
}

export async function readXlsxTables(content: Buffer): Promise<TableReadResult> {
  // Loaded on first use: exceljs takes a quarter of a second to load, and most runs read no XLSX.
  const { default: excel } = await import('exceljs');
  const workbook = new excel.Workbook();
  try {
    await workbook.xlsx.load(content as unknown as ArrayBuffer);
  } catch (error) {
    return {
      ok: false,
      reason: 'không phải tệp Excel (.xlsx) hợp lệ',
      reasonEn: `not a valid Excel (.xlsx) file (${(error as Error).message})`,
    };
  }
  return {
    ok: true,
    tables: workbook.worksheets.map((sheet) => {
      const rows: TableRow[] = [];
      sheet.eachRow({ includeEmpty: false }, (row, number) => {
        const cells: Cell[] = [];
        for (let c = 1; c <= row.cellCount; c++) cells.push(xlsxCell(row.getCell(c).value));
        rows.push({ number, cells });
      });
      return { sheet: sheet.name, rows };
    }),
  };
}

/**
 * CSV exported from Excel uses a comma or, under a Vietnamese locale, a semicolon (or a tab for
 * "Unicode text"). The delimiter under which a register header is found wins.
 */
export function readCsvTable(content: Buffer, delimiter?: string): TableReadResult {
  const text = decodeExportText(content);
  if (text === null) {
    return {
      ok: false,
      reason: 'không phải văn bản UTF-8; hãy lưu lại dưới dạng "CSV UTF-8"',
      reasonEn: 'not UTF-8 text; save it again as "CSV UTF-8"',
    };
  }
  const candidates = delimiter ? [delimiter] : [',', ';', '\t'];
  let firstError: Error | null = null;
  let firstTable: Table | null = null;
  for (const d of candidates) {
    let records: string[][];
    try {
      records = parseCsv(text, {
        delimiter: d,
        bom: true,
        relax_column_count: true,
        relax_quotes: true,
      }) as string[][];
    } catch (error) {
      firstError ??= error as Error;
      continue;
    }
    // Row numbers are record ordinals: what Excel shows, even when a cell spans several lines.
    const table: Table = { sheet: null, rows: records.map((cells, i) => ({ number: i + 1, cells })) };
    firstTable ??= table;
    if (detectRegisterLayout(records) !== null) return { ok: true, tables: [table] };
  }
  if (firstTable) return { ok: true, tables: [firstTable] };
  return {
    ok: false,
    reason: `CSV không hợp lệ (${firstError?.message ?? ''})`,
    reasonEn: `invalid CSV (${firstError?.message ?? ''})`,
  };
}
