/**
 * One register file as a stream of events: each sheet's layout once its header is found, then
 * its rows; a refusal of the whole file when it is over a source limit. The limits are checked
 * before anything is loaded: the file's size, a workbook's expanded size (its zip directory), and,
 * as rows stream by, their number.
 */
import { foldText } from '../shared/vietnamese-text.util.js';
import type { SourceLimits } from '../source-adapter.port.js';
import { HEADER_SEARCH_ROWS, type RegisterLayout, detectRegisterLayout } from './register-columns.js';
import {
  type SheetRows,
  type TableRow,
  csvSheets,
  inflatedBytes,
  xlsxSheets,
  zipDirectory,
} from './register-table.reader.js';

export type RegisterFileEvent =
  | { kind: 'refused'; vi: string; en: string }
  | {
      kind: 'sheet';
      sheet: number;
      sheetName: string | null;
      layout: RegisterLayout;
      /** The register's year from its title, sheet or file name (for a follow-up register without dates). */
      year: number | null;
      /** A sheet before the one a resumed batch stopped in: its refusals were reported already. */
      quiet: boolean;
    }
  | { kind: 'row'; sheet: number; sheetName: string | null; layout: RegisterLayout; row: TableRow };

export interface RegisterFileOptions {
  csvDelimiter?: string;
  /** Resume after this row of this sheet (rows before are streamed past, not yielded). */
  from: { sheet: number; row: number } | null;
  /** Only the sheets' layouts, no rows: stops as soon as the last sheet's header is known. */
  headersOnly?: boolean;
}

/** "64 MB", "1,9 MB", "300 byte": sizes as a clerk reads them (vi) or as an administrator does (en). */
function sizeVi(bytes: number): string {
  if (bytes < 1024 * 1024) return `${bytes} byte`;
  return `${(bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, '').replace('.', ',')} MB`;
}
function sizeEn(bytes: number): string {
  if (bytes < 1024 * 1024) return `${bytes} bytes`;
  return `${(bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')} MB`;
}

function cellHeader(cell: unknown): string {
  return typeof cell === 'string' ? cell : cell === null || cell === undefined ? '' : String(cell);
}

/** "NĂM 2025" in a title row, else a year in the sheet's or the file's name. */
export function registerYear(
  titleRows: readonly TableRow[],
  sheet: string | null,
  file: string,
): number | null {
  for (const row of titleRows) {
    const found = /(?:^| )nam (\d{4})(?: |$)/.exec(foldText(row.cells.map(cellHeader).join(' ')));
    if (found) return Number(found[1]);
  }
  for (const name of [sheet ?? '', file]) {
    const found = /(?:^|\D)((?:19|20)\d{2})(?:\D|$)/.exec(name);
    if (found) return Number(found[1]);
  }
  return null;
}

export async function* readRegisterFile(
  path: string,
  name: string,
  size: number,
  limits: SourceLimits,
  options: RegisterFileOptions,
): AsyncGenerator<RegisterFileEvent> {
  if (size > limits.maxFileBytes) {
    yield {
      kind: 'refused',
      vi: `nặng ${sizeVi(size)}, quá giới hạn ${sizeVi(limits.maxFileBytes)} của nguồn (maxFileBytes); không đọc tệp này.`,
      en: `is ${sizeEn(size)}, over the source's limit of ${sizeEn(limits.maxFileBytes)} (maxFileBytes); not read.`,
    };
    return;
  }
  const lower = name.toLowerCase();
  if (lower.endsWith('.xls')) {
    yield {
      kind: 'refused',
      vi: 'có định dạng Excel 97-2003 (.xls), không được hỗ trợ; hãy lưu lại dưới dạng .xlsx hoặc CSV UTF-8.',
      en: 'is in the Excel 97-2003 format (.xls), which is not supported; save it again as .xlsx or CSV UTF-8.',
    };
    return;
  }
  let sheets: AsyncIterable<SheetRows>;
  let sheetCount = 1;
  if (lower.endsWith('.xlsx')) {
    const directory = await zipDirectory(path, size);
    if (directory.expandedBytes > limits.maxExpandedBytes) {
      yield {
        kind: 'refused',
        vi: `giải nén ra ${sizeVi(directory.expandedBytes)}, quá giới hạn ${sizeVi(limits.maxExpandedBytes)} của nguồn (maxExpandedBytes); không đọc tệp này.`,
        en: `expands to ${sizeEn(directory.expandedBytes)}, over the source's limit of ${sizeEn(limits.maxExpandedBytes)} (maxExpandedBytes); not read.`,
      };
      return;
    }
    // The directory may understate: what the entries really inflate to is counted, nothing kept.
    const inflated = await inflatedBytes(path, directory.entries, limits.maxExpandedBytes);
    if (inflated > limits.maxExpandedBytes) {
      yield {
        kind: 'refused',
        vi: `giải nén ra hơn ${sizeVi(limits.maxExpandedBytes)}, quá giới hạn của nguồn (maxExpandedBytes), dù thư mục zip chỉ khai ${sizeVi(directory.expandedBytes)}; không đọc tệp này.`,
        en: `expands to more than ${sizeEn(limits.maxExpandedBytes)}, over the source's limit (maxExpandedBytes), though its zip directory declares ${sizeEn(directory.expandedBytes)}; not read.`,
      };
      return;
    }
    sheetCount = directory.sheets;
    sheets = xlsxSheets(path);
  } else {
    sheets = csvSheets(path, options.csvDelimiter);
  }

  const from = options.from;
  let count = 0;
  for await (const sheet of sheets) {
    const sheetName = sheet.sheet;
    const skipUpTo =
      from === null ? 0 : sheet.index < from.sheet ? Infinity : sheet.index === from.sheet ? from.row : 0;
    const quiet = from !== null && sheet.index < from.sheet;
    let head: TableRow[] | null = [];
    let layout: RegisterLayout | null = null;
    let last: TableRow | null = null;
    const decide = (rows: TableRow[]): RegisterFileEvent | null => {
      layout = detectRegisterLayout(rows.map((r) => r.cells.map(cellHeader)));
      if (layout === null) return null;
      return {
        kind: 'sheet',
        sheet: sheet.index,
        sheetName,
        layout,
        year: registerYear(rows.slice(0, layout.headerRow), sheetName, name),
        quiet,
      };
    };
    const usable = (l: RegisterLayout) => l.missing.length === 0;
    /** The sheet's layout from its first rows, then those of them after the header. */
    function* settle(rows: TableRow[]): Generator<RegisterFileEvent> {
      const event = decide(rows);
      if (event === null) return;
      yield event;
      if (options.headersOnly || !usable(layout!)) return;
      for (const r of rows.slice(layout!.headerRow + 1))
        if (r.number > skipUpTo)
          yield { kind: 'row', sheet: sheet.index, sheetName, layout: layout!, row: r };
    }
    for await (const row of sheet.rows) {
      if (++count > limits.maxRecordsPerFile) {
        if (head !== null) yield* settle(head);
        const where =
          last === null
            ? ''
            : sheetName === null
              ? ` ${last.number}`
              : ` ${last.number} của trang tính "${sheetName}"`;
        const whereEn =
          last === null
            ? ''
            : sheetName === null
              ? ` ${last.number}`
              : ` ${last.number} of sheet "${sheetName}"`;
        yield {
          kind: 'refused',
          vi: `có hơn ${limits.maxRecordsPerFile} dòng, quá giới hạn của nguồn (maxRecordsPerFile); các dòng sau dòng${where} không được đọc.`,
          en: `has more than ${limits.maxRecordsPerFile} rows, over the source's limit (maxRecordsPerFile); the rows after row${whereEn} were not read.`,
        };
        return;
      }
      last = row;
      if (head !== null) {
        head.push(row);
        if (head.length < HEADER_SEARCH_ROWS) continue;
        const rows: TableRow[] = head;
        head = null;
        yield* settle(rows);
        if (options.headersOnly && sheet.index + 1 >= sheetCount) return;
        continue;
      }
      if (layout === null || options.headersOnly || !usable(layout)) continue;
      if (row.number > skipUpTo) yield { kind: 'row', sheet: sheet.index, sheetName, layout, row };
    }
    if (head !== null) yield* settle(head);
  }
}
