/**
 * The follow-up register of Appendix IV (Sổ theo dõi giải quyết văn bản đến) has no arrival date
 * and no document date of its own: each row names a Số đến, and the task it describes belongs to
 * the incoming register's entry with that number in the register's year (SOURCES.md). Ids are the
 * incoming register's: the document `<prefix>:in:<hash(year, marker, Số đến)>`, the task
 * `<prefix>:task:<the same hash>`.
 *
 * The join is made whichever side is read second, so the order of exports does not matter: a
 * follow-up row looks its entry up among every incoming register in the folder, and an incoming
 * row looks up every follow-up register in the folder. A follow-up row whose entry no register has
 * yet is a warning (nothing is stored for it); the task appears when an incoming register with that
 * number is read — a new export, or the same one written again. The folder is indexed at most once
 * per run, and only the side a run needs.
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { AdapterIssue, SourceLimits } from '../source-adapter.port.js';
import { adapterIssue } from '../shared/adapter-issue.js';
import { compareNames, hasExtension } from '../shared/file-folder.reader.js';
import type { RegisterLayout } from './register-columns.js';
import { readRegisterFile } from './register-file.reader.js';
import {
  type FollowUpEntry,
  type IncomingEntry,
  type RegisterMappingConfig,
  RegisterSheetMapper,
  asWarning,
} from './register-row.mapper.js';
import { TableReadError } from './register-table.reader.js';

const EXTENSIONS = ['.xlsx', '.csv'];

export interface IndexedIncoming extends IncomingEntry {
  /** The file the entry is in: an entry of a file the run has yet to read is joined when it is read. */
  file: string;
}

export class RegisterJoins {
  private incomingIndex: Promise<Map<string, IndexedIncoming>> | null = null;
  private followUpIndex: Promise<Map<string, FollowUpEntry>> | null = null;

  constructor(
    private readonly folder: string,
    private readonly config: RegisterMappingConfig,
    private readonly limits: SourceLimits,
    private readonly csvDelimiter: string | undefined,
  ) {}

  /** Every incoming entry in the folder by join key (a self-contained follow-up register's too). */
  incoming(): Promise<Map<string, IndexedIncoming>> {
    this.incomingIndex ??= this.index(
      (layout) => layout.kind === 'incoming' || (layout.kind === 'follow_up' && !layout.joined),
      (map: Map<string, IndexedIncoming>, key, row, file) => {
        // Titles are left out: the index may hold a whole province's year of entries.
        if (row.incoming) map.set(key, { ...row.incoming, title: null, file });
      },
    );
    return this.incomingIndex;
  }

  /** Every follow-up row (of a register without dates) in the folder by join key. */
  followUps(): Promise<Map<string, FollowUpEntry>> {
    this.followUpIndex ??= this.index(
      (layout) => layout.joined,
      (map: Map<string, FollowUpEntry>, key, row) => {
        if (row.followUp) map.set(key, row.followUp);
      },
    );
    return this.followUpIndex;
  }

  private async index<T>(
    wanted: (layout: RegisterLayout) => boolean,
    keep: (
      map: Map<string, T>,
      key: string,
      row: { incoming: IncomingEntry | null; followUp: FollowUpEntry | null },
      file: string,
    ) => void,
  ): Promise<Map<string, T>> {
    const map = new Map<string, T>();
    const names = (await readdir(this.folder, { withFileTypes: true }))
      .filter((e) => e.isFile() && hasExtension(e.name, EXTENSIONS))
      .map((e) => e.name)
      .sort(compareNames);
    for (const name of names) {
      const path = join(this.folder, name);
      const size = Number((await stat(path)).size);
      try {
        // Headers first: most files are not the side wanted, and those are not read further.
        let any = false;
        for await (const event of readRegisterFile(path, name, size, this.limits, {
          csvDelimiter: this.csvDelimiter,
          from: null,
          headersOnly: true,
        })) {
          if (event.kind === 'sheet' && event.layout.missing.length === 0 && wanted(event.layout)) any = true;
        }
        if (!any) continue;
        let mapper: RegisterSheetMapper | null = null;
        for await (const event of readRegisterFile(path, name, size, this.limits, {
          csvDelimiter: this.csvDelimiter,
          from: null,
        })) {
          if (event.kind === 'sheet') {
            mapper =
              wanted(event.layout) && !(event.layout.joined && event.year === null)
                ? new RegisterSheetMapper(
                    event.layout,
                    { file: name, sheet: event.sheetName, year: event.year },
                    this.config,
                  )
                : null;
          } else if (event.kind === 'row' && mapper !== null) {
            const row = mapper.map(event.row);
            if (row !== null && row.key !== null) keep(map, row.key, row, name);
          }
        }
      } catch (error) {
        // The main pass reports what cannot be read, when it reads the file.
        if (error instanceof TableReadError) continue;
        throw error;
      }
    }
    return map;
  }
}

/**
 * The task of a follow-up row joined to its incoming entry: assigned when the document arrived
 * (the register records no other moment), to the unit the follow-up register names or else the
 * incoming register's recipient; only its id and link when the document is confidential.
 */
export function joinedTask(
  entry: IncomingEntry,
  followUp: FollowUpEntry,
): { task: (Record<string, unknown> & { id: string }) | null; issue: AdapterIssue | null } {
  if (entry.secret || followUp.secret)
    return { task: { id: followUp.taskId, documentId: entry.documentId }, issue: null };
  const unitId = followUp.unitId ?? entry.unitId;
  if (unitId === null) {
    const w = followUp.where;
    const record = w.sheet === null ? String(w.row) : `${w.sheet}!${w.row}`;
    const sheetVi = w.sheet === null ? '' : `, trang tính "${w.sheet}"`;
    const sheetEn = w.sheet === null ? '' : `, sheet "${w.sheet}"`;
    return {
      task: null,
      issue: asWarning(
        adapterIssue(
          w.file,
          record,
          w.unitHeader,
          `Tệp "${w.file}"${sheetVi}, dòng ${w.row}, cột "${w.unitHeader}": không biết đơn vị giải quyết (cần một đơn vị có trong bảng ánh xạ đơn vị, ở đây hoặc ở cột đơn vị nhận của sổ đến); văn bản vẫn được nhập, không tạo nhiệm vụ.`,
          `File "${w.file}"${sheetEn}, row ${w.row}, column "${w.unitHeader}": the handling unit is not known (expected a unit of the unit mapping, here or in the incoming register's recipient column); the document is kept, no task is created.`,
        ),
      ),
    };
  }
  return {
    task: {
      id: followUp.taskId,
      documentId: entry.documentId,
      title: followUp.title ?? entry.title,
      unitId,
      assigneeId: null,
      assignedAt: entry.receivedAt,
      deadline: followUp.deadline,
      completedAt: followUp.completedAt,
      cancelledAt: null,
    },
    issue: null,
  };
}
