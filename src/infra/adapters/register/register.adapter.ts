/**
 * The registers every clerk keeps under Decree 30/2020/NĐ-CP (Appendix IV, and the field names of
 * Appendix VI for electronic registers), exported as XLSX or CSV into a folder: the incoming
 * register, the outgoing register and the follow-up register of incoming documents. Each file
 * (each sheet of a workbook) says by its headers which register it is. Files are read in name
 * order; the cursor remembers what was read (shared/folder-cursor.ts), so a late export sorting
 * before the last one read, or one written again, is read.
 *
 * Bounded reading: a file over `maxFileBytes`, or a workbook whose zip directory expands past
 * `maxExpandedBytes`, is refused unread; rows are streamed, never a whole workbook in memory, and
 * a file is refused from the row past `maxRecordsPerFile` on; every `rowsPerBatch` rows are a
 * batch whose cursor resumes inside the file, so a three-million-row export is not one
 * transaction.
 *
 * The follow-up register of Appendix IV has no dates: its rows are joined to the incoming register
 * by (year, Số đến) — see register-joins.ts — whichever of the two is read first.
 */
import { stat } from 'node:fs/promises';
import type { Channel } from '../../../domain/model.js';
import {
  type AdapterIssue,
  DEFAULT_SOURCE_LIMITS,
  type SourceAdapter,
  type SourceBatch,
  type SourceLimits,
} from '../source-adapter.port.js';
import { adapterIssue } from '../shared/adapter-issue.js';
import { BundlePartBuilder } from '../shared/bundle-part.builder.js';
import { type UnreadFile, hasExtension, unreadFiles } from '../shared/file-folder.reader.js';
import { foldText } from '../shared/vietnamese-text.util.js';
import { REGISTER_HEADERS, REGISTER_NAMES, type RegisterLayout } from './register-columns.js';
import { RegisterJoins, joinedTask } from './register-joins.js';
import {
  type MappedRow,
  type RegisterMappingConfig,
  RegisterSheetMapper,
  asWarning,
} from './register-row.mapper.js';
import { TableReadError, isSystemError } from './register-table.reader.js';
import { type RegisterFileEvent, readRegisterFile } from './register-file.reader.js';

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
  /** Rows per batch inside a large file; default 5,000. */
  rowsPerBatch?: number;
  /** CSV delimiter; default: whichever of `,` `;` and tab reveals a register header. */
  csvDelimiter?: string;
}

export const REGISTER_EXTENSIONS = ['.xlsx', '.csv', '.xls'];

/** A batch ended inside a file: the folder cursor before the file and the last row committed. */
interface InsideFile {
  v: 'register-1';
  /** The folder cursor the file was planned from (null: from the beginning). */
  base: string | null;
  file: string;
  /** The file as it was (ctime ns, size): a file written again since is read from its start. */
  changed: string;
  size: number;
  sheet: number;
  row: number;
}

function parseCursor(cursor: string | null): { base: string | null; inside: InsideFile | null } {
  if (cursor !== null && cursor.startsWith('{"v":"register-1"')) {
    const inside = JSON.parse(cursor) as InsideFile;
    return { base: inside.base, inside };
  }
  return { base: cursor, inside: null };
}

export class RegisterAdapter implements SourceAdapter {
  readonly kind = 'register';
  private readonly config: RegisterMappingConfig;
  private readonly limits: SourceLimits;

  constructor(
    private readonly options: RegisterAdapterOptions,
    limits: Partial<SourceLimits> = {},
  ) {
    this.limits = { ...DEFAULT_SOURCE_LIMITS, ...limits };
    this.config = {
      idPrefix: options.idPrefix ?? 'register',
      channel: options.channel ?? 'paper',
      unitMap: new Map(Object.entries(options.unitMap ?? {}).map(([name, id]) => [foldText(name), id])),
      maxTextLength: this.limits.maxTextLength,
    };
  }

  async *pull(cursor: string | null, signal?: AbortSignal): AsyncIterable<SourceBatch> {
    const { base, inside } = parseCursor(cursor);
    const files = await unreadFiles(this.options.folder, base, (name) =>
      hasExtension(name, REGISTER_EXTENSIONS),
    );
    const rowsPerBatch = Math.max(1, Math.floor(this.options.rowsPerBatch ?? 5_000));
    const filesPerBatch = Math.max(1, Math.floor(this.options.filesPerBatch ?? 1));
    const joins = new RegisterJoins(this.options.folder, this.config, this.limits, this.options.csvDelimiter);
    const pending = new Set(files.map((f) => f.name));

    let builder = new BundlePartBuilder();
    let issues: AdapterIssue[] = [];
    let rows = 0;
    let labels: string[] = [];
    let filesInBatch = 0;
    let before = base;
    const take = (label: string, batchCursor: string | null): SourceBatch => {
      const batch = { label, part: builder.build(), issues, cursor: batchCursor };
      builder = new BundlePartBuilder();
      issues = [];
      rows = 0;
      labels = [];
      filesInBatch = 0;
      return batch;
    };

    for (const file of files) {
      signal?.throwIfAborted();
      pending.delete(file.name);
      const info = await stat(file.path, { bigint: true });
      const resume =
        inside !== null &&
        inside.file === file.name &&
        inside.changed === String(info.ctimeNs) &&
        inside.size === Number(info.size)
          ? inside
          : null;
      let firstRow: number | null = null;
      for await (const event of this.readFile(file, Number(info.size), resume, joins, pending)) {
        issues.push(...event.issues);
        if (event.mapped === null) continue;
        if (event.mapped.document) builder.put('documents', event.mapped.document);
        if (event.mapped.task) builder.put('tasks', event.mapped.task);
        for (const task of event.tasks) builder.put('tasks', task);
        firstRow ??= event.row;
        if (++rows >= rowsPerBatch) {
          const at: InsideFile = {
            v: 'register-1',
            base: before,
            file: file.name,
            changed: String(info.ctimeNs),
            size: Number(info.size),
            sheet: event.sheet,
            row: event.row,
          };
          const sheet = event.sheetName === null ? '' : `${event.sheetName}!`;
          yield take(
            [...labels, `${file.name} (${sheet}${firstRow}–${sheet}${event.row})`].join(', '),
            JSON.stringify(at),
          );
          firstRow = null;
        }
      }
      labels.push(file.name);
      filesInBatch++;
      before = file.cursor;
      if (filesInBatch >= filesPerBatch) yield take(labels.join(', '), file.cursor);
    }
    if (filesInBatch > 0) yield take(labels.join(', '), before);
  }

  /**
   * One file's rows as records, and its refusals. A refusal of the whole file (too large, not a
   * workbook, no register) is an issue without a record; the rows read before a limit was reached
   * stay read.
   */
  private async *readFile(
    file: UnreadFile,
    size: number,
    resume: InsideFile | null,
    joins: RegisterJoins,
    pending: ReadonlySet<string>,
  ): AsyncGenerator<FileRow> {
    const fileIssue = (vi: string, en: string, field: string | null = null): AdapterIssue =>
      adapterIssue(file.name, null, field, `Tệp "${file.name}"${vi}`, `File "${file.name}"${en}`);
    let recognised = 0;
    try {
      for await (const event of readRegisterFile(file.path, file.name, size, this.limits, {
        csvDelimiter: this.options.csvDelimiter,
        from: resume === null ? null : { sheet: resume.sheet, row: resume.row },
      })) {
        const row = await this.rowOf(event, file, joins, pending, fileIssue, () => recognised++);
        if (row !== null) yield row;
      }
    } catch (error) {
      if (!(error instanceof TableReadError) || isSystemError(error)) throw error;
      yield {
        issues: [fileIssue(` không đọc được: ${error.reason}.`, ` could not be read: ${error.reasonEn}.`)],
        mapped: null,
        tasks: [],
        sheet: 0,
        sheetName: null,
        row: 0,
      };
      return;
    }
    if (recognised === 0 && resume === null) {
      yield {
        issues: [
          fileIssue(
            ': không nhận ra sổ nào (không có dòng tiêu đề của sổ đăng ký văn bản đến, văn bản đi hay sổ theo dõi giải quyết văn bản đến).',
            ': no register recognised (no header row of an incoming, outgoing or follow-up register).',
          ),
        ],
        mapped: null,
        tasks: [],
        sheet: 0,
        sheetName: null,
        row: 0,
      };
    }
  }

  private mappers = new WeakMap<RegisterLayout, RegisterSheetMapper>();

  private async rowOf(
    event: RegisterFileEvent,
    file: UnreadFile,
    joins: RegisterJoins,
    pending: ReadonlySet<string>,
    fileIssue: (vi: string, en: string, field?: string | null) => AdapterIssue,
    recognise: () => void,
  ): Promise<FileRow | null> {
    const none = (issues: AdapterIssue[]): FileRow => ({
      issues,
      mapped: null,
      tasks: [],
      sheet: 'sheet' in event ? event.sheet : 0,
      sheetName: 'sheetName' in event ? event.sheetName : null,
      row: 0,
    });
    switch (event.kind) {
      case 'refused':
        recognise();
        return none([fileIssue(` ${event.vi}`, ` ${event.en}`)]);
      case 'sheet': {
        recognise();
        const { layout, sheetName, quiet } = event;
        const sheetVi = sheetName === null ? '' : `, trang tính "${sheetName}"`;
        const sheetEn = sheetName === null ? '' : `, sheet "${sheetName}"`;
        const name = REGISTER_NAMES[layout.kind];
        if (layout.missing.length > 0) {
          if (quiet) return null;
          return none(
            layout.missing.map((column) => {
              const header = REGISTER_HEADERS[column][0];
              return adapterIssue(
                file.name,
                null,
                header,
                `Tệp "${file.name}"${sheetVi}: thiếu cột bắt buộc "${header}" của ${name.vi}; không nhập dòng nào.`,
                `File "${file.name}"${sheetEn}: the required column "${header}" of the ${name.en} is missing; no row imported.`,
              );
            }),
          );
        }
        if (layout.joined && event.year === null) {
          if (quiet) return null;
          return none([
            adapterIssue(
              file.name,
              null,
              null,
              `Tệp "${file.name}"${sheetVi}: không biết năm của ${name.vi} (cần "Năm 2025" ở dòng tiêu đề, hoặc năm trong tên trang tính hay tên tệp) để ghép với sổ đăng ký văn bản đến; không nhập dòng nào.`,
              `File "${file.name}"${sheetEn}: the year of the ${name.en} is not known (expected "Năm 2025" in the title rows, or a year in the sheet or file name) to join it to the incoming register; no row imported.`,
            ),
          ]);
        }
        this.mappers.set(
          layout,
          new RegisterSheetMapper(
            layout,
            { file: file.name, sheet: sheetName, year: event.year },
            this.config,
          ),
        );
        return null;
      }
      case 'row': {
        const mapper = this.mappers.get(event.layout);
        if (mapper === undefined) return null;
        const mapped = mapper.map(event.row);
        if (mapped === null) return null;
        const tasks: (Record<string, unknown> & { id: string })[] = [];
        const issues = [...mapped.issues];
        if (mapped.key !== null && mapped.incoming !== null && event.layout.kind === 'incoming') {
          const followUp = (await joins.followUps()).get(mapped.key);
          if (followUp !== undefined) {
            const joined = joinedTask(mapped.incoming, followUp);
            if (joined.task) tasks.push(joined.task);
            // A follow-up register still to be read in this run says it itself, once.
            if (joined.issue && !pending.has(followUp.where.file)) issues.push(joined.issue);
          }
        }
        if (mapped.key !== null && mapped.followUp !== null) {
          const entry = (await joins.incoming()).get(mapped.key);
          if (entry === undefined) {
            const f = mapped.followUp.where;
            const sheetVi = f.sheet === null ? '' : `, trang tính "${f.sheet}"`;
            const sheetEn = f.sheet === null ? '' : `, sheet "${f.sheet}"`;
            const [year, , number] = mapped.key.split('|');
            const header = event.layout.columns.get('arrivalNumber')?.header ?? 'Số đến';
            issues.push(
              asWarning(
                adapterIssue(
                  file.name,
                  f.sheet === null ? String(f.row) : `${f.sheet}!${f.row}`,
                  header,
                  `Tệp "${file.name}"${sheetVi}, dòng ${f.row}, cột "${header}": số đến ${number} năm ${year} chưa có trong sổ đăng ký văn bản đến của nguồn này; nhiệm vụ sẽ được tạo khi sổ đến ghi số này.`,
                  `File "${file.name}"${sheetEn}, row ${f.row}, column "${header}": arrival number ${number} of ${year} is not in this source's incoming register yet; the task is created once the incoming register records it.`,
                ),
              ),
            );
          } else if (!pending.has(entry.file)) {
            // An entry of a file still to be read in this run is joined when that file is read, in
            // the batch that stores its document.
            const joined = joinedTask(entry, mapped.followUp);
            if (joined.task) tasks.push(joined.task);
            if (joined.issue) issues.push(joined.issue);
          }
        }
        return {
          issues,
          mapped,
          tasks,
          sheet: event.sheet,
          sheetName: event.sheetName,
          row: event.row.number,
        };
      }
    }
  }
}

interface FileRow {
  issues: AdapterIssue[];
  mapped: MappedRow | null;
  tasks: (Record<string, unknown> & { id: string })[];
  sheet: number;
  sheetName: string | null;
  row: number;
}
