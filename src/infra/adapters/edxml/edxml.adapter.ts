/**
 * edXML (QCVN 102:2016/BTTTT) messages dropped in a folder — by the national document axis
 * connector, an LGSP client or an export script — read in file-name order. One batch per file (or
 * per `filesPerBatch` files); the cursor remembers what was read (shared/folder-cursor.ts), so a
 * message delivered late is read even when its name sorts before the last one read.
 */
import { readFile } from 'node:fs/promises';
import type { Confidentiality } from '../../../domain/model.js';
import type { AdapterIssue, SourceAdapter, SourceBatch } from '../source-adapter.port.js';
import { adapterIssue } from '../shared/adapter-issue.js';
import { BundlePartBuilder } from '../shared/bundle-part.builder.js';
import { unreadFiles, hasExtension, inGroupsOf } from '../shared/file-folder.reader.js';
import { foldText } from '../shared/vietnamese-text.util.js';
import { parseEdxmlMessage } from './edxml-message.parser.js';
import { type EdxmlMappingConfig, translateEdxmlMessage } from './edxml-record.mapper.js';

export interface EdxmlAdapterOptions {
  /** The folder the messages are dropped in. */
  folder: string;
  /** The agency's organ id (mã định danh, e.g. `000.00.12.H40`), or several (a department and its sub-agencies). */
  ownOrganId: string | readonly string[];
  /** Files per batch; default 1. */
  filesPerBatch?: number;
  /** File extensions read; default `.edxml` and `.xml`. */
  extensions?: readonly string[];
  /**
   * Where a message states its secret level and what the values mean. The 2016 standard has no
   * such element; vendors that send one use `OtherInfo/Secret`, the default path. Values are
   * matched without case or diacritics. An unknown value skips the message with an issue rather
   * than guess: a wrong guess either leaks a secret document or drops a normal one.
   */
  secretLevel?: { path?: readonly string[]; values?: Readonly<Record<string, Confidentiality>> };
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

  constructor(private readonly options: EdxmlAdapterOptions) {
    const own = (typeof options.ownOrganId === 'string' ? [options.ownOrganId] : [...options.ownOrganId])
      .map((id) => id.trim().toUpperCase())
      .filter((id) => id !== '');
    if (own.length === 0) throw new Error('edXML adapter: ownOrganId is required');
    this.config = {
      ownOrganIds: new Set(own),
      secretLevelPath: options.secretLevel?.path ?? ['OtherInfo', 'Secret'],
      secretLevels: new Map(
        Object.entries(options.secretLevel?.values ?? DEFAULT_SECRET_LEVELS).map(([k, v]) => [
          foldText(k),
          v,
        ]),
      ),
      unitByOrganId: upperKeys(options.unitByOrganId),
      unitByNotationSuffix: upperKeys(options.unitByNotationSuffix),
    };
    this.extensions = (options.extensions ?? ['.edxml', '.xml']).map((e) => e.toLowerCase());
    this.filesPerBatch = options.filesPerBatch ?? 1;
  }

  async *pull(cursor: string | null, signal?: AbortSignal): AsyncIterable<EdxmlSourceBatch> {
    const files = await unreadFiles(this.options.folder, cursor, (name) =>
      hasExtension(name, this.extensions),
    );
    for (const group of inGroupsOf(files, this.filesPerBatch)) {
      signal?.throwIfAborted();
      const builder = new BundlePartBuilder();
      const issues: AdapterIssue[] = [];
      const notes: AdapterIssue[] = [];
      for (const file of group) {
        // An unreadable file (permissions, a vanished mount) throws: the sync retries instead of
        // moving the cursor past a message it never saw. Unparseable content is an issue.
        const xml = await readFile(file.path, 'utf8');
        const parsed = parseEdxmlMessage(xml, this.config.secretLevelPath);
        if (!parsed.ok) {
          issues.push(
            adapterIssue(
              file.name,
              null,
              null,
              `Tệp "${file.name}" không đọc được: ${parsed.reason}`,
              `File "${file.name}" could not be read: ${parsed.reasonEn}`,
            ),
          );
          continue;
        }
        const t = translateEdxmlMessage(parsed.message, file.name, this.config, builder);
        issues.push(...t.issues);
        notes.push(...t.notes);
      }
      yield {
        label: group.map((f) => f.name).join(', '),
        part: builder.build(),
        issues,
        notes,
        cursor: group[group.length - 1].cursor,
      };
    }
  }
}
