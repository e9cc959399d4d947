/**
 * Official-mailbox use from the mail server's directory export (CSV or JSON: address, owner, last
 * activity) dropped in a folder. Each entry becomes a mailbox observation; observations
 * accumulate, so re-reading an export adds nothing and a later export hides nothing
 * (DOMAIN.md §3.8). Which addresses count as official is the rule's business, not this adapter's.
 *
 * Each file is read under the source's limits (shared/file-guard.ts): over `maxFileBytes` it is not
 * opened, over `maxRecordsPerFile` entries or failing in any way that is not the file system's it
 * is refused as a whole with an issue naming it, and the next file is read. The file stays in the
 * folder (this adapter never moves files) and the cursor counts it read, so it is not read again
 * until it is written anew. A value over `maxTextLength` skips its row, the column named.
 */
import { readFile } from 'node:fs/promises';
import { formatInstant } from '../../../domain/time.js';
import type { AdapterIssue, SourceAdapter, SourceBatch, SourceLimits } from '../source-adapter.port.js';
import { DEFAULT_SOURCE_LIMITS } from '../source-adapter.port.js';
import { adapterIssue } from '../shared/adapter-issue.js';
import { guardFile, tooManyRecords } from '../shared/file-guard.js';
import { BundlePartBuilder } from '../shared/bundle-part.builder.js';
import { type FolderFile, unreadFiles, hasExtension, inGroupsOf } from '../shared/file-folder.reader.js';
import { parseTimestampText } from '../shared/local-time.util.js';
import { foldText } from '../shared/vietnamese-text.util.js';
import {
  DEFAULT_FIELD_NAMES,
  type DirectoryField,
  type DirectoryReadResult,
  type FieldNames,
  REQUIRED_FIELDS,
  fieldNames,
  readCsvDirectory,
  readJsonDirectory,
} from './mail-directory-export.reader.js';

export interface MailDirectoryAdapterOptions {
  folder: string;
  /** Extra names of the export's fields, tried before the defaults (English and Vietnamese). */
  columns?: Partial<Record<DirectoryField, readonly string[]>>;
  /** Owner as the export writes it (name or account), or a mailbox address → person id. */
  ownerMap?: Readonly<Record<string, string>>;
  /** People known to the product: an address equal to a person's email is that person's. */
  people?: readonly { id: string; email: string | null }[];
  /** Files per batch; default 1. */
  filesPerBatch?: number;
  /**
   * Observations per batch (one transaction each); default 5000. A large export is committed in
   * several batches; only the last moves the cursor, so a crash reads the file again, which adds
   * nothing (observations accumulate).
   */
  batchSize?: number;
  /** CSV delimiter; default: whichever of `,` `;` and tab reveals the address column. */
  csvDelimiter?: string;
}

const EXTENSIONS = ['.csv', '.json'];
const DEFAULT_BATCH_SIZE = 5000;

const TEXT_FIELDS: readonly DirectoryField[] = ['address', 'owner', 'lastActive'];

type Observation = Parameters<BundlePartBuilder['observeMailbox']>[0];

/** What exports write for "never logged in": an observation without activity, not an error. */
const NEVER = new Set(['', 'never', 'chua', 'chua dang nhap', 'chua hoat dong', 'khong', 'null', 'none']);

export class MailDirectoryAdapter implements SourceAdapter {
  readonly kind = 'mail-directory';
  private readonly names: FieldNames;
  private readonly ownerMap: ReadonlyMap<string, string>;
  private readonly personByEmail: ReadonlyMap<string, string>;

  constructor(
    private readonly options: MailDirectoryAdapterOptions,
    private readonly limits: SourceLimits = DEFAULT_SOURCE_LIMITS,
  ) {
    this.names = fieldNames(options.columns);
    // Folded keys: "Trần Thị B" and "TRAN THI B" are the same owner.
    this.ownerMap = new Map(Object.entries(options.ownerMap ?? {}).map(([k, v]) => [foldText(k), v]));
    this.personByEmail = new Map(
      (options.people ?? []).flatMap((p) => (p.email ? [[p.email.trim().toLowerCase(), p.id] as const] : [])),
    );
  }

  async *pull(cursor: string | null, signal?: AbortSignal): AsyncIterable<SourceBatch> {
    const files = await unreadFiles(this.options.folder, cursor, (name) => hasExtension(name, EXTENSIONS));
    for (const group of inGroupsOf(files, this.options.filesPerBatch ?? 1)) {
      signal?.throwIfAborted();
      const builder = new BundlePartBuilder();
      const issues: AdapterIssue[] = [];
      for (const file of group) {
        // An unreadable file throws so the sync retries rather than moving the cursor past it.
        const read = await guardFile(file, this.limits, () => this.readExport(file));
        if (!read.ok) {
          issues.push(read.issue);
          continue;
        }
        issues.push(...read.value.issues);
        for (const observation of read.value.observations) builder.observeMailbox(observation);
      }
      const label = group.map((f) => f.name).join(', ');
      const cursor = group[group.length - 1].cursor;
      const mailboxes = builder.build().mailboxes ?? [];
      const size = Math.max(1, Math.floor(this.options.batchSize ?? DEFAULT_BATCH_SIZE));
      if (mailboxes.length <= size) {
        yield { label, part: mailboxes.length > 0 ? { mailboxes } : {}, issues, cursor };
        continue;
      }
      for (let from = 0; from < mailboxes.length; from += size) {
        const to = Math.min(from + size, mailboxes.length);
        yield {
          label: `${label} [${from + 1}–${to} / ${mailboxes.length}]`,
          part: { mailboxes: mailboxes.slice(from, to) },
          issues: from === 0 ? issues : [],
          cursor: to === mailboxes.length ? cursor : null,
        };
      }
    }
  }

  private resolveOwner(owner: string, address: string): string | null {
    const viaOwner = owner === '' ? undefined : this.ownerMap.get(foldText(owner));
    const viaAddress = this.ownerMap.get(foldText(address));
    const viaOwnerEmail = owner.includes('@') ? this.personByEmail.get(owner.toLowerCase()) : undefined;
    return viaOwner ?? viaAddress ?? this.personByEmail.get(address) ?? viaOwnerEmail ?? null;
  }

  private missingColumnIssues(file: string, missing: readonly DirectoryField[]): AdapterIssue[] {
    return missing.map((field) => {
      const configured = this.options.columns?.[field]?.[0];
      const vi = configured ?? DEFAULT_FIELD_NAMES[field].find((n) => /[^\u0020-\u007e]/.test(n)) ?? field;
      const en = configured ?? DEFAULT_FIELD_NAMES[field][0];
      return adapterIssue(
        file,
        null,
        field,
        `Tệp "${file}": thiếu cột bắt buộc "${vi}"; không nhập dòng nào.`,
        `File "${file}": the required column "${en}" is missing; no row imported.`,
      );
    });
  }

  /** What one export says; nothing of it reaches the batch unless all of it was read. */
  private async readExport(
    file: FolderFile,
  ): Promise<{ issues: AdapterIssue[]; observations: Observation[] }> {
    const observations: Observation[] = [];
    const content = await readFile(file.path);
    const read: DirectoryReadResult = file.name.toLowerCase().endsWith('.json')
      ? readJsonDirectory(content, this.names)
      : readCsvDirectory(content, this.names, this.options.csvDelimiter);
    if (!read.ok) {
      return {
        observations,
        issues: [
          adapterIssue(
            file.name,
            null,
            null,
            `Tệp "${file.name}" không đọc được: ${read.reason}.`,
            `File "${file.name}" could not be read: ${read.reasonEn}.`,
          ),
        ],
      };
    }
    const missing = REQUIRED_FIELDS.filter((f) => read.headers[f] === null);
    if (missing.length > 0) return { observations, issues: this.missingColumnIssues(file.name, missing) };
    if (read.entries.length > this.limits.maxRecordsPerFile)
      throw tooManyRecords(this.limits.maxRecordsPerFile);
    const maxText = this.limits.maxTextLength;

    const issues: AdapterIssue[] = [];
    const unit = read.format === 'csv' ? { vi: 'dòng', en: 'row' } : { vi: 'mục', en: 'item' };
    for (const entry of read.entries) {
      const skip = (field: DirectoryField, vi: string, en: string) => {
        // Without an owner column the address is what names the owner.
        const column = read.headers[field] ?? read.headers.address ?? field;
        issues.push(
          adapterIssue(
            file.name,
            String(entry.number),
            column,
            `Tệp "${file.name}", ${unit.vi} ${entry.number}, cột "${column}": ${vi}; bỏ qua ${unit.vi} này.`,
            `File "${file.name}", ${unit.en} ${entry.number}, column "${column}": ${en}; ${unit.en} skipped.`,
          ),
        );
      };

      const long = TEXT_FIELDS.find(
        (f) => typeof entry.values[f] === 'string' && (entry.values[f] as string).length > maxText,
      );
      if (long !== undefined) {
        const length = (entry.values[long] as string).length;
        skip(
          long,
          `dài ${length} ký tự, vượt giới hạn maxTextLength = ${maxText} của nguồn`,
          `${length} characters long, over the source's limit maxTextLength = ${maxText}`,
        );
        continue;
      }
      const address = String(entry.values.address ?? '')
        .trim()
        .toLowerCase();
      if (!/^[^@\s]+@[^@\s]+$/.test(address)) {
        skip('address', `"${address}" không phải địa chỉ thư`, `"${address}" is not a mail address`);
        continue;
      }
      const lastActiveAt = timestampOf(entry.values.lastActive);
      if (lastActiveAt === undefined) {
        const shown = String(entry.values.lastActive);
        skip(
          'lastActive',
          `thời điểm "${shown}" không hợp lệ (cần dd/mm/yyyy HH:mm hoặc ISO 8601)`,
          `time "${shown}" is not valid (expected dd/mm/yyyy HH:mm or ISO 8601)`,
        );
        continue;
      }
      const owner = String(entry.values.owner ?? '').trim();
      const personId = this.resolveOwner(owner, address);
      if (personId === null) {
        skip(
          'owner',
          `không xác định được cán bộ sở hữu hộp thư "${address}"${owner === '' ? '' : ` (chủ sở hữu "${owner}")`}`,
          `the person owning mailbox "${address}"${owner === '' ? '' : ` (owner "${owner}")`} is unknown`,
        );
        continue;
      }
      observations.push({ personId, address, lastActiveAt });
    }
    return { issues, observations };
  }
}

/** An ISO string with offset; null for "never"; undefined when unreadable. */
function timestampOf(value: unknown): string | null | undefined {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') {
    // Epoch numbers: seconds from Unix tools, milliseconds from JavaScript ones.
    if (!Number.isFinite(value) || value <= 0) return undefined;
    return formatInstant(value < 1e11 ? value * 1000 : value);
  }
  const text = String(value).trim();
  if (NEVER.has(foldText(text))) return null;
  return parseTimestampText(text) ?? undefined;
}
