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

const MB = (bytes: number) => (bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, '');

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
      vi: `nặng ${MB(size)} MB, quá giới hạn ${MB(limits.maxFileBytes)} MB của nguồn (maxFileBytes); không đọc tệp này.`,
      en: `is ${MB(size)} MB, over the source's limit of ${MB(limits.maxFileBytes)} MB (maxFileBytes); not read.`,
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
        vi: `giải nén ra ${MB(directory.expandedBytes)} MB, quá giới hạn ${MB(limits.maxExpandedBytes)} MB của nguồn (maxExpandedBytes); không đọc tệp này.`,
        en: `expands to ${MB(directory.expandedBytes)} MB, over the source's limit of ${MB(limits.maxExpandedBytes)} MB (maxExpandedBytes); not read.`,
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
    for await (const row of sheet.rows) {
      if (++count > limits.maxRecordsPerFile) {
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
        const event = decide(rows);
        if (event === null) continue;
        yield event;
        if (options.headersOnly) {
          if (sheet.index + 1 >= sheetCount) return;
          continue;
        }
        if (!usable(layout!)) continue;
        for (const r of rows.slice(layout!.headerRow + 1))
          if (r.number > skipUpTo)
            yield { kind: 'row', sheet: sheet.index, sheetName, layout: layout!, row: r };
        continue;
      }
      if (layout === null || options.headersOnly || !usable(layout)) continue;
      if (row.number > skipUpTo) yield { kind: 'row', sheet: sheet.index, sheetName, layout, row };
    }
    if (head !== null) {
      const event = decide(head);
      if (event === null) continue;
      yield event;
      if (options.headersOnly || !usable(layout!)) continue;
      for (const r of head.slice(layout!.headerRow + 1))
        if (r.number > skipUpTo)
          yield { kind: 'row', sheet: sheet.index, sheetName, layout: layout!, row: r };
    }
  }
}
