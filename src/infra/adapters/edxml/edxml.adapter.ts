/**
 * edXML (QCVN 102:2016/BTTTT) messages dropped in a folder — by the national document axis
 * connector, an LGSP client or an export script — read in file-name order. One batch per file (or
 * per `filesPerBatch` files); the cursor remembers what was read (shared/folder-cursor.ts), so a
 * message delivered late is read even when its name sorts before the last one read.
 */
import { stat } from 'node:fs/promises';
import type { Confidentiality } from '../../../domain/model.js';
import { formatInstant } from '../../../domain/time.js';
import type {
  AdapterIssue,
  DocumentStatusFact,
  SourceAdapter,
  SourceBatch,
  SourceLimits,
} from '../source-adapter.port.js';
import { DEFAULT_SOURCE_LIMITS } from '../source-adapter.port.js';
import { adapterIssue } from '../shared/adapter-issue.js';
import { BundlePartBuilder } from '../shared/bundle-part.builder.js';
import { unreadFiles, hasExtension, inGroupsOf } from '../shared/file-folder.reader.js';
import { formatLocalInstant, parseLocalDateText } from '../shared/local-time.util.js';
import { recordId } from '../shared/record-id.util.js';
import { foldText } from '../shared/vietnamese-text.util.js';
import { parseEdxmlSections } from './edxml-message.parser.js';
import {
  EDXML_ID_PREFIX,
  EdxmlPullMemory,
  type EdxmlMappingConfig,
  documentKey,
  translateEdxmlMessage,
} from './edxml-record.mapper.js';
import { readEdxmlFile } from './edxml-stream.reader.js';

export interface EdxmlAdapterOptions {
  /** The folder the messages are dropped in. */
  folder: string;
  /** The agency's organ id (mã định danh, e.g. `000.00.12.H40`), or several (a department and its sub-agencies). */
  ownOrganId: string | readonly string[];
  /**
   * The start of every record id (`<idPrefix>:<hash of the DocumentId>`); default the source's
   * name. Two sources (two agencies sharing a deployment, each holding its copy of one message)
   * never produce the same id. Changing it re-keys every document of the source.
   */
  idPrefix?: string;
  /**
   * How the axis connector writes its receive time into the file name, when it does: a regular
   * expression with the named groups `year`, `month`, `day`, `hour`, `minute` and optionally
   * `second`, local time. Used to date an incoming message that has neither a TraceHeader of the
   * own organ nor an own arrival status (docs/edxml.md, the dating order).
   */
  receivedTimeInFileName?: string;
  /** Files per batch; default 1. */
  filesPerBatch?: number;
  /** File extensions read; default `.edxml` and `.xml`. */
  extensions?: readonly string[];
  /**
   * A vendor's private secret-level element, if a sender adds one. QCVN 102 has no such element
   * and confidential documents (Mật, Tối mật, Tuyệt mật) do not travel on the axis, so by default
   * nothing is read as a secret level. When `path` (under MessageHeader, e.g. `['OtherInfo',
   * 'DoMat']`) is set, its values are matched without case or diacritics against `values`
   * (default: Thường, Không, Mật, Tối mật, Tuyệt mật); an unknown value skips the message with an
   * issue rather than guess: a wrong guess either leaks a secret document or drops a normal one.
   */
  secretLevel?: { path: readonly string[]; values?: Readonly<Record<string, Confidentiality>> };
  /** The agency's organ id that received (incoming) or sent (outgoing) a message → unit id. */
  unitByOrganId?: Readonly<Record<string, string>>;
  /** The last segment of an outgoing document's notation (its drafting unit, `TCBC`) → unit id. */
  unitByNotationSuffix?: Readonly<Record<string, string>>;
}

/** Status messages that change nothing still say something worth a line in the sync log. */
export interface EdxmlSourceBatch extends SourceBatch {
  notes: AdapterIssue[];
}

export const DEFAULT_SECRET_LEVELS: Readonly<Record<string, Confidentiality>> = {
  Thường: 'normal',
  Không: 'normal',
  Mật: 'confidential',
  'Tối mật': 'secret',
  'Tuyệt mật': 'top_secret',
};

const upperKeys = (map: Readonly<Record<string, string>> | undefined) =>
  new Map(Object.entries(map ?? {}).map(([k, v]) => [k.trim().toUpperCase(), v]));

export class EdxmlAdapter implements SourceAdapter {
  readonly kind = 'edxml';
  private readonly config: EdxmlMappingConfig;
  private readonly extensions: readonly string[];
  private readonly filesPerBatch: number;
  private readonly receivedTimeInName: RegExp | null;

  constructor(
    private readonly options: EdxmlAdapterOptions,
    private readonly limits: SourceLimits = DEFAULT_SOURCE_LIMITS,
    sourceName?: string,
  ) {
    const own = (typeof options.ownOrganId === 'string' ? [options.ownOrganId] : [...options.ownOrganId])
      .map((id) => id.trim().toUpperCase())
      .filter((id) => id !== '');
    if (own.length === 0) throw new Error('edXML adapter: ownOrganId is required');
    if (options.secretLevel !== undefined && !(options.secretLevel.path?.length > 0)) {
      throw new Error(
        'edXML adapter: secretLevel.path is required when secretLevel is set (QCVN 102 has no secret-level element)',
      );
    }
    const idPrefix = (options.idPrefix ?? sourceName ?? EDXML_ID_PREFIX).trim();
    if (idPrefix === '') throw new Error('edXML adapter: idPrefix must not be empty');
    this.config = {
      ownOrganIds: new Set(own),
      idPrefix,
      secretLevelPath: options.secretLevel?.path ?? null,
      secretLevels: new Map(
        Object.entries(options.secretLevel?.values ?? DEFAULT_SECRET_LEVELS).map(([k, v]) => [
          foldText(k),
          v,
        ]),
      ),
      unitByOrganId: upperKeys(options.unitByOrganId),
      unitByNotationSuffix: upperKeys(options.unitByNotationSuffix),
    };
    this.receivedTimeInName = options.receivedTimeInFileName
      ? new RegExp(options.receivedTimeInFileName)
      : null;
    this.extensions = (options.extensions ?? ['.edxml', '.xml']).map((e) => e.toLowerCase());
    this.filesPerBatch = options.filesPerBatch ?? 1;
  }

  async *pull(cursor: string | null, signal?: AbortSignal): AsyncIterable<EdxmlSourceBatch> {
    const files = await unreadFiles(this.options.folder, cursor, (name) =>
      hasExtension(name, this.extensions),
    );
    const memory = new EdxmlPullMemory();
    for (const group of inGroupsOf(files, this.filesPerBatch)) {
      signal?.throwIfAborted();
      const builder = new BundlePartBuilder();
      const issues: AdapterIssue[] = [];
      const notes: AdapterIssue[] = [];
      const documentStatuses: DocumentStatusFact[] = [];
      for (const file of group) {
        // An unreadable file (permissions, a vanished mount) throws: the sync retries instead of
        // moving the cursor past a message it never saw. Content over a limit or unparseable is
        // an issue naming the file, and the source moves on.
        const info = await stat(file.path);
        const refused = (vi: string, en: string, record: string | null = null, field: string | null = null) =>
          issues.push(
            adapterIssue(
              file.name,
              record,
              field,
              `Tệp "${file.name}" không đọc được: ${vi}`,
              `File "${file.name}" could not be read: ${en}`,
            ),
          );
        if (info.size > this.limits.maxFileBytes) {
          refused(
            `tệp ${info.size} byte, lớn hơn giới hạn ${this.limits.maxFileBytes} byte (limits.maxFileBytes)`,
            `the file is ${info.size} bytes, over the limit of ${this.limits.maxFileBytes} bytes (limits.maxFileBytes)`,
          );
          continue;
        }
        const read = await readEdxmlFile(file.path, this.limits);
        if (!read.ok) {
          // A text too long refuses the message, which is the file's one record: name it when known.
          const record =
            read.field !== null && read.documentId !== null
              ? recordId(this.config.idPrefix, documentKey(read.documentId))
              : null;
          refused(read.reason, read.reasonEn, record, read.field);
          continue;
        }
        const parsed = parseEdxmlSections(read.sections, this.config.secretLevelPath);
        if (!parsed.ok) {
          refused(parsed.reason, parsed.reasonEn);
          continue;
        }
        const t = translateEdxmlMessage(
          parsed.message,
          {
            file: file.name,
            fileTime: formatInstant(info.mtimeMs - (info.mtimeMs % 1000)),
            axisReceivedAt: this.receivedTimeFromName(file.name),
          },
          this.config,
          memory,
          builder,
        );
        issues.push(...t.issues);
        notes.push(...t.notes);
        documentStatuses.push(...t.statuses);
      }
      yield {
        label: group.map((f) => f.name).join(', '),
        part: builder.build(),
        documentStatuses,
        issues,
        notes,
        cursor: group[group.length - 1].cursor,
      };
    }
  }

  private receivedTimeFromName(name: string): string | null {
    const g = this.receivedTimeInName?.exec(name)?.groups;
    if (!g?.year || !g.month || !g.day || !g.hour || !g.minute) return null;
    // Through the date reader, so a name with day 31 of April dates nothing rather than May 1st.
    const parts = parseLocalDateText(
      `${g.year}-${g.month}-${g.day} ${g.hour}:${g.minute}:${g.second ?? '00'}`,
    );
    return parts ? formatLocalInstant(parts) : null;
  }
}
