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
  /**
   * `warning`: the record was kept (stored without what the issue names, or deferred: a follow-up
   * register row waiting for its incoming entry); `rejection` (the default): it was left out. A
   * run counts them apart ("cảnh báo N" beside "bị loại M").
   */
  severity?: 'warning' | 'rejection';
}

/**
 * A status a document system reported about a document (edXML `StatusCode`: 01 arrived, 03
 * accepted, 13 recalled, …), kept as a fact whichever sync delivers it: the same status read again
 * (same document, code and instant) is the same fact. An incoming document dated by weaker
 * evidence than its own organ's arrival takes the own 01's instant as its receipt time
 * (SOURCES.md §3; docs/edxml.md, the dating order).
 */
export interface DocumentStatusFact {
  /** The record id of the document it answers (with the source's prefix), stored or not yet. */
  documentId: string;
  /** Two digits, `01`. */
  code: string;
  /** When the status was set, ISO 8601 with an offset. */
  at: string;
  /** The organ that sent it, as written. */
  fromOrganId: string | null;
  /** Sent by one of the source's own organs. */
  own: boolean;
}

/** One unit of work: committed in one transaction, after which the cursor may move to `cursor`. */
export interface SourceBatch {
  /** What this batch is, for the sync run's log: a file name, a page number. */
  label: string;
  part: BundlePart;
  /** Statuses read in this batch, stored with it (none for sources without statuses). */
  documentStatuses?: DocumentStatusFact[];
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
  /** What one file or response of this source may hold before it is refused unread (`limits` in sources.json). */
  limits: SourceLimits;
  /**
   * How fresh its data must be (`freshWithinHours` in sources.json, default 36): with no successful
   * sync or push for longer, the source is stale and the late or overdue verdicts resting on it are
   * judged `unknown` (docs/freshness.md).
   */
  freshWithinHours?: number;
  /** `taskUrl` in sources.json: the office system's page of a task (config/task-url.ts). */
  taskUrl?: TaskUrlTemplate | null;
}

/** Where the office system shows a task: a URL with one `{id}` (config/task-url.ts). */
export interface TaskUrlTemplate {
  /** The URL with one `{id}`. */
  template: string;
  /** Removed, with the colon after it, from the front of a stored id before it is put in. */
  idPrefix: string | null;
}

/**
 * Bounds checked before an input is loaded, so no file a source delivers can exhaust the worker's
 * memory or time. A file over a bound is refused as a whole (a named rejection, the source moves on
 * to the next file); a text over `maxTextLength` refuses its record.
 */
export interface SourceLimits {
  /** Bytes of one file (or HTTP response body) as delivered. */
  maxFileBytes: number;
  /** Records (rows of a sheet, elements of a bundle array) in one file. */
  maxRecordsPerFile: number;
  /** Characters of any one text value. */
  maxTextLength: number;
  /** Nesting depth of XML elements or JSON values. */
  maxDepth: number;
  /** Bytes of the replacement text of all internal XML entities of one file (external entities are never read). */
  maxEntityBytes: number;
  /** Bytes a compressed container (an XLSX) may expand to. */
  maxExpandedBytes: number;
}

export const DEFAULT_SOURCE_LIMITS: Readonly<SourceLimits> = {
  maxFileBytes: 64 * 1024 * 1024,
  maxRecordsPerFile: 200_000,
  maxTextLength: 100_000,
  maxDepth: 64,
  maxEntityBytes: 10 * 1024,
  maxExpandedBytes: 256 * 1024 * 1024,
};

export const DEFAULT_SYNC_CRON = '30 1 * * *';
