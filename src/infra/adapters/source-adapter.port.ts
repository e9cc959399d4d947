/**
 * The port every source adapter implements (SOURCES.md). An adapter only translates: it turns its
 * source into canonical bundle records (BUNDLE.md, raw JSON shape) and reports what it could not
 * read. Validation, storage and every compliance decision happen after it, the same way for all.
 */

/** A part of a `dunghan.bundle.v1` document, in its raw JSON shape, before validation. */
export interface BundlePart {
  units?: Record<string, unknown>[];
  people?: Record<string, unknown>[];
  documents?: Record<string, unknown>[];
  tasks?: Record<string, unknown>[];
  drafts?: Record<string, unknown>[];
  weeklySchedules?: Record<string, unknown>[];
  mailboxes?: Record<string, unknown>[];
  deleted?: { kind: string; id: string }[];
}

/** Something the adapter could not translate: where it is, which record, which field, why. */
export interface AdapterIssue {
  /** The file, URL or message the problem is in. */
  location: string;
  /** The record inside it (a row number, a document id), when known. */
  record: string | null;
  field: string | null;
  /** Vietnamese first (a clerk reads it). */
  reason: string;
  reasonEn: string;
}

/** One unit of work: committed in one transaction, after which the cursor may move to `cursor`. */
export interface SourceBatch {
  /** What this batch is, for the sync run's log: a file name, a page number. */
  label: string;
  part: BundlePart;
  issues: AdapterIssue[];
  /** The cursor to store once this batch is committed; resuming from it must not skip or repeat work. */
  cursor: string | null;
}

export interface SourceAdapter {
  /** The adapter kind, as named in the sources configuration (`bundle-folder`, `edxml`, …). */
  readonly kind: string;
  /** Batches after `cursor` (null: from the beginning), in order. */
  pull(cursor: string | null, signal?: AbortSignal): AsyncIterable<SourceBatch>;
  /**
   * Called once the batch whose cursor is `cursor` is committed, for an adapter that must act on
   * what is stored (the folder adapter moves fully committed files out of the folder). Acting
   * before the commit would lose the input if the commit failed.
   */
  settle?(cursor: string): Promise<unknown>;
}

/**
 * A source as the administrator configures it in `config/sources.json`: which adapter reads it
 * (`kind`) and with what options. The port owns it: the adapter factory builds from it and the
 * configuration loader reads into it.
 */
export interface SourceDefinition {
  name: string;
  kind: 'bundle-folder' | 'http-json' | 'edxml' | 'register' | 'mail-directory';
  /** Cron in Asia/Ho_Chi_Minh; default nightly at 01:30. */
  cron: string;
  enabled: boolean;
  /** The adapter's options; `${env:NAME}` strings are replaced from the environment at load. */
  options: Record<string, unknown>;
}

export const DEFAULT_SYNC_CRON = '30 1 * * *';
