/**
 * The registers every clerk keeps under Decree 30/2020/NĐ-CP (Appendix IV), exported as XLSX or
 * CSV into a folder: the incoming register, the outgoing register and the follow-up register of
 * incoming documents. Each file (each sheet of a workbook) says by its headers which register it
 * is. Files are read in name order; the cursor remembers what was read (shared/folder-cursor.ts),
 * so a late export sorting before the last one read, or one written again, is read.
 */
import { readFile } from 'node:fs/promises';
import type { Channel } from '../../../domain/model.js';
import type { AdapterIssue, SourceAdapter, SourceBatch } from '../source-adapter.port.js';
import { adapterIssue } from '../shared/adapter-issue.js';
import { BundlePartBuilder } from '../shared/bundle-part.builder.js';
import { type FolderFile, unreadFiles, hasExtension, inGroupsOf } from '../shared/file-folder.reader.js';
import { foldText } from '../shared/vietnamese-text.util.js';
import { REGISTER_HEADERS, REGISTER_NAMES, detectRegisterLayout } from './register-columns.js';
import { type RegisterMappingConfig, mapRegisterRows } from './register-row.mapper.js';
import { type Cell, type TableReadResult, readCsvTable, readXlsxTables } from './register-table.reader.js';

export interface RegisterAdapterOptions {
  folder: string;
  /**
   * The channel of every document in these registers. Default `paper`: the Appendix IV registers
   * are the clerk's books for what is not handled in the document software; set `electronic`
   * when the files are exports of the software's own registers.
   */
  channel?: Channel;
  /** Unit names or abbreviations as clerks write them ("Phòng TCCB", "TCCB") → unit id; matched without case or diacritics. */
  unitMap?: Readonly<Record<string, string>>;
  /**
   * Prefix of the record ids; default `register`. Two sources whose registers number documents
   * independently (two agencies in one deployment) need different prefixes.
   */
  idPrefix?: string;
  /** Files per batch; default 1. */
  filesPerBatch?: number;
  /** CSV delimiter; default: whichever of `,` `;` and tab reveals a register header. */
  csvDelimiter?: string;
}

const EXTENSIONS = ['.xlsx', '.csv', '.xls'];

export class RegisterAdapter implements SourceAdapter {
  readonly kind = 'register';
  private readonly config: RegisterMappingConfig;

  constructor(private readonly options: RegisterAdapterOptions) {
    this.config = {
      idPrefix: options.idPrefix ?? 'register',
      channel: options.channel ?? 'paper',
      unitMap: new Map(Object.entries(options.unitMap ?? {}).map(([name, id]) => [foldText(name), id])),
    };
  }

  async *pull(cursor: string | null, signal?: AbortSignal): AsyncIterable<SourceBatch> {
    const files = await unreadFiles(this.options.folder, cursor, (name) => hasExtension(name, EXTENSIONS));
    for (const group of inGroupsOf(files, this.options.filesPerBatch ?? 1)) {
      signal?.throwIfAborted();
      const builder = new BundlePartBuilder();
      const issues: AdapterIssue[] = [];
      for (const file of group) issues.push(...(await this.readFile(file, builder)));
      yield {
        label: group.map((f) => f.name).join(', '),
        part: builder.build(),
        issues,
        cursor: group[group.length - 1].cursor,
      };
    }
  }

  private async readFile(file: FolderFile, out: BundlePartBuilder): Promise<AdapterIssue[]> {
    const fileIssue = (vi: string, en: string, field: string | null = null) =>
      adapterIssue(file.name, null, field, `Tệp "${file.name}"${vi}`, `File "${file.name}"${en}`);
    const lower = file.name.toLowerCase();
    if (lower.endsWith('.xls')) {
      return [
        fileIssue(
          ': định dạng Excel 97-2003 (.xls) không được hỗ trợ; hãy lưu lại dưới dạng .xlsx hoặc CSV UTF-8.',
          ': the Excel 97-2003 format (.xls) is not supported; save it again as .xlsx or CSV UTF-8.',
        ),
      ];
    }
    // An unreadable file throws so the sync retries rather than moving the cursor past it.
    const content = await readFile(file.path);
    const read: TableReadResult = lower.endsWith('.xlsx')
      ? await readXlsxTables(content)
      : readCsvTable(content, this.options.csvDelimiter);
    if (!read.ok)
      return [fileIssue(` không đọc được: ${read.reason}.`, ` could not be read: ${read.reasonEn}.`)];

    const issues: AdapterIssue[] = [];
    let recognised = 0;
    const multiSheet = read.tables.length > 1;
    for (const table of read.tables) {
      const layout = detectRegisterLayout(table.rows.map((r) => r.cells.map(headerText)));
      // A workbook may carry other sheets (a cover, a summary); only the file as a whole must
      // contain a register.
      if (layout === null) continue;
      recognised++;
      const sheetVi = multiSheet ? `, trang tính "${table.sheet}"` : '';
      const sheetEn = multiSheet ? `, sheet "${table.sheet}"` : '';
      if (layout.missing.length > 0) {
        const name = REGISTER_NAMES[layout.kind];
        for (const column of layout.missing) {
          const header = REGISTER_HEADERS[column][0];
          issues.push(
            adapterIssue(
              file.name,
              null,
              header,
              `Tệp "${file.name}"${sheetVi}: thiếu cột bắt buộc "${header}" của ${name.vi}; không nhập dòng nào.`,
              `File "${file.name}"${sheetEn}: the required column "${header}" of the ${name.en} is missing; no row imported.`,
            ),
          );
        }
        continue;
      }
      issues.push(
        ...mapRegisterRows(
          table.rows,
          layout,
          { file: file.name, sheet: multiSheet ? table.sheet : null },
          this.config,
          out,
        ),
      );
    }
    if (recognised === 0) {
      issues.push(
        fileIssue(
          ': không nhận ra sổ nào (không có dòng tiêu đề của sổ đăng ký văn bản đến, văn bản đi hay sổ theo dõi giải quyết văn bản đến).',
          ': no register recognised (no header row of an incoming, outgoing or follow-up register).',
        ),
      );
    }
    return issues;
  }
}

function headerText(cell: Cell): string {
  return typeof cell === 'string' ? cell : cell === null ? '' : String(cell);
}
