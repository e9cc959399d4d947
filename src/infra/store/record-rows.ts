/**
 * The rows each kind of record becomes in Postgres, hashed and serialized in binary for the writes
 * of record-store.ts: pure CPU, no I/O, so a batch can be made ready while the one before it
 * commits.
 */
import { hash } from 'node:crypto';
import type {
  Document,
  Draft,
  MailboxObservation,
  Person,
  Task,
  Unit,
  WeeklySchedule,
} from '../../domain/model.js';
import { isSecret } from '../../domain/model.js';
import type { RecordBatch } from '../../domain/bundle/record-batch.js';
import type { Cell, ColumnType } from '../database/binary-format.js';
import { BinaryArray, CopyRows } from '../database/binary-format.js';

export type Column = [name: string, type: ColumnType];

// One-shot `hash`: a Hash object per record cost 4 times as much (5 s of a 1M-record import).
const hashOf = (value: unknown) => hash('sha1', JSON.stringify(value), 'base64url');
/** "Never active" (`-infinity`) in the unique key of mailbox observations: a NULL would not be unique. */
const NEVER = -Infinity;

/** A kind's table: its key, its columns, and how a record fills them. */
export interface TableSpec<T> {
  table: string;
  keys: string[];
  /** Every column but `run_id`, which is the same for a whole batch and sent once. */
  columns: Column[];
  /** The key as one string, `|` between its columns. */
  key(record: T): string;
  /** Every column's value, the `hash` last. */
  row(record: T): Cell[];
  /**
   * Whether two records make the same row: by default only the same record does. Resolving a batch
   * may replace a record by an equivalent one (a secret task's link, made again), whose prepared
   * row still holds.
   */
  sameRow?(a: T, b: T): boolean;
}

export const UNITS: TableSpec<Unit> = {
  table: 'units',
  keys: ['id'],
  columns: [
    ['id', 'text'],
    ['name', 'text'],
    ['parent_id', 'text'],
    ['head_id', 'text'],
    ['hash', 'text'],
  ],
  key: (r) => r.id,
  row: (r) => [r.id, r.name, r.parentId, r.headId, hashOf(r)],
};

export const PEOPLE: TableSpec<Person> = {
  table: 'people',
  keys: ['id'],
  columns: [
    ['id', 'text'],
    ['name', 'text'],
    ['unit_id', 'text'],
    ['role', 'text'],
    ['email', 'text'],
    ['active', 'boolean'],
    ['hash', 'text'],
  ],
  key: (r) => r.id,
  row: (r) => [r.id, r.name, r.unitId, r.role, r.email, r.active, hashOf(r)],
};

export const DOCUMENTS: TableSpec<Document> = {
  table: 'documents',
  keys: ['id'],
  columns: [
    ['id', 'text'],
    ['direction', 'text'],
    ['confidentiality', 'text'],
    ['date', 'date'],
    ['number', 'text'],
    ['type', 'text'],
    ['subject', 'text'],
    ['legal_normative', 'boolean'],
    ['urgency', 'text'],
    ['received_at', 'timestamptz'],
    ['issued_at', 'timestamptz'],
    ['deadline', 'date'],
    ['channel', 'text'],
    ['signature_agency', 'boolean'],
    ['signature_signer', 'boolean'],
    ['unit_id', 'text'],
    ['time_basis', 'text'],
    ['hash', 'text'],
  ],
  key: (r) => r.id,
  row: (r) =>
    isSecret(r)
      ? // Only what DOMAIN.md §4 lets us keep.
        [
          r.id,
          r.direction,
          r.confidentiality,
          r.date,
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          hashOf(r),
        ]
      : [
          r.id,
          r.direction,
          r.confidentiality,
          r.date,
          r.number,
          r.type,
          r.subject,
          r.legalNormative,
          r.urgency,
          r.receivedAt,
          r.issuedAt,
          r.deadline,
          r.channel,
          r.signatures.agency,
          r.signatures.signer,
          r.unitId,
          r.timeBasis ?? null,
          hashOf(r),
        ],
};

export const TASKS: TableSpec<Task> = {
  table: 'tasks',
  keys: ['id'],
  columns: [
    ['id', 'text'],
    ['document_id', 'text'],
    ['secret', 'boolean'],
    ['title', 'text'],
    ['assigner_id', 'text'],
    ['unit_id', 'text'],
    ['assignee_id', 'text'],
    ['assigned_at', 'timestamptz'],
    ['deadline', 'date'],
    ['plan_reported_at', 'timestamptz'],
    ['plan_target_date', 'date'],
    ['has_plan', 'boolean'],
    ['completed_at', 'timestamptz'],
    ['cancelled_at', 'timestamptz'],
    ['hash', 'text'],
  ],
  key: (r) => r.id,
  row: (r) =>
    r.secret === true
      ? [
          r.id,
          r.documentId,
          true,
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          false,
          null,
          null,
          hashOf({ id: r.id, documentId: r.documentId }),
        ]
      : [
          r.id,
          r.documentId,
          false,
          r.title,
          r.assignerId,
          r.unitId,
          r.assigneeId,
          r.assignedAt,
          r.deadline,
          r.plan?.reportedAt ?? null,
          r.plan?.targetDate ?? null,
          r.plan !== null,
          r.completedAt,
          r.cancelledAt,
          hashOf(r),
        ],
  // A secret task's row holds its id and link, nothing else.
  sameRow: (a, b) =>
    a === b || (a.secret === true && b.secret === true && a.id === b.id && a.documentId === b.documentId),
};

export const DRAFTS: TableSpec<Draft> = {
  table: 'drafts',
  keys: ['id'],
  columns: [
    ['id', 'text'],
    ['task_id', 'text'],
    ['secret', 'boolean'],
    ['drafter_id', 'text'],
    ['unit_id', 'text'],
    ['legal_normative', 'boolean'],
    ['unit_deadline', 'date'],
    ['submitted_to_unit_at', 'timestamptz'],
    ['submitted_to_leadership_at', 'timestamptz'],
    ['issued_at', 'timestamptz'],
    ['outgoing_document_id', 'text'],
    ['hash', 'text'],
  ],
  key: (r) => r.id,
  row: (r) =>
    r.secret === true
      ? [
          r.id,
          r.taskId,
          true,
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          hashOf({ id: r.id, taskId: r.taskId }),
        ]
      : [
          r.id,
          r.taskId,
          false,
          r.drafterId,
          r.unitId,
          r.legalNormative,
          r.unitDeadline,
          r.submittedToUnitAt,
          r.submittedToLeadershipAt,
          r.issuedAt,
          r.outgoingDocumentId,
          hashOf(r),
        ],
  // A secret draft's row holds its id and task, nothing else.
  sameRow: (a, b) =>
    a === b || (a.secret === true && b.secret === true && a.id === b.id && a.taskId === b.taskId),
};

export const WEEKLY_SCHEDULES: TableSpec<WeeklySchedule> = {
  table: 'weekly_schedules',
  keys: ['unit_id', 'week'],
  columns: [
    ['unit_id', 'text'],
    ['week', 'text'],
    ['published_at', 'timestamptz'],
    ['hash', 'text'],
  ],
  key: (r) => `${r.unitId}|${r.week}`,
  row: (r) => [r.unitId, r.week, r.publishedAt, hashOf(r)],
};

/** Observations accumulate (none replaces another): no hash, every one is offered. */
export const MAILBOX_COLUMNS: Column[] = [
  ['person_id', 'text'],
  ['address', 'text'],
  ['last_active_at', 'timestamptz'],
];
export const mailboxRow = (m: MailboxObservation): Cell[] => [m.personId, m.address, m.lastActiveAt ?? NEVER];

/** A task's deadline changes and a draft's review rounds: rows of their own tables. */
export interface ChildSpec<T> {
  table: string;
  parent: string;
  columns: Column[];
  rows(record: T): Cell[][];
}

export const DEADLINE_CHANGES: ChildSpec<Task> = {
  table: 'task_deadline_changes',
  parent: 'task_id',
  columns: [
    ['task_id', 'text'],
    ['seq', 'int'],
    ['deadline', 'date'],
    ['at', 'timestamptz'],
  ],
  rows: (t) => t.deadlineChanges.map((c, seq) => [t.id, seq, c.deadline, c.at]),
};

export const REVIEW_ROUNDS: ChildSpec<Draft> = {
  table: 'review_rounds',
  parent: 'draft_id',
  columns: [
    ['draft_id', 'text'],
    ['seq', 'int'],
    ['at', 'timestamptz'],
    ['reviewer_id', 'text'],
  ],
  rows: (d) => d.reviewRounds.map((r, seq) => [d.id, seq, r.at, r.reviewerId]),
};

/** Column-wise binary arrays of `rows`, for `unnest($1::type[], …)`. */
export function arraysOf(columns: Column[], rows: Cell[][]): Buffer[] {
  return columns.map(([, type], c) => {
    const array = new BinaryArray(type, rows.length);
    for (const row of rows) array.add(row[c]);
    return array.done();
  });
}

/** A kind's records of one batch, ready for the write. */
export interface PreparedRows<T> {
  /** The records written: the last of each key, as BUNDLE.md says for a bundle. */
  records: T[];
  /** Their rows, then the run, as COPY tuples; null when rows are only ever upserted (embedded PGlite). */
  copy: CopyRows | null;
}

/** The last record of each key wins inside a batch, as BUNDLE.md says for a bundle. */
export function lastByKey<T>(rows: T[], key: (r: T) => string): T[] {
  const map = new Map<string, T>();
  for (const r of rows) map.set(key(r), r);
  return map.size === rows.length ? rows : [...map.values()];
}

/** Records between pauses: a fraction of a millisecond, so a reply to the commit in flight waits no longer. */
const SLICE = 25;

/** Lets the event loop run: replies to the commit in flight are handled between slices. */
const pause = () => new Promise<void>((resolve) => setImmediate(resolve));

/** `records` as COPY tuples, each adding its rows; between slices the event loop runs. */
async function copyRows<T>(
  records: T[],
  types: ColumnType[],
  rows: (record: T) => Cell[][],
): Promise<CopyRows> {
  const out = new CopyRows(types, records.length);
  for (let i = 0; i < records.length; i++) {
    for (const row of rows(records[i])) out.add(row);
    if (i % SLICE === SLICE - 1) await pause();
  }
  return out;
}

/** The rows of `records` (the last of each key), and — when `copy` — their COPY tuples, carrying `runId`. */
export async function prepareRows<T>(
  spec: TableSpec<T>,
  records: T[],
  runId: string | null,
  copy: boolean,
): Promise<PreparedRows<T>> {
  const unique = lastByKey(records, spec.key);
  if (!copy) return { records: unique, copy: null };
  const run = runId === null ? null : Number(runId);
  const types: ColumnType[] = [...spec.columns.map(([, type]) => type), 'bigint'];
  const rowWithRun = (r: T) => {
    const row = spec.row(r);
    row.push(run);
    return [row];
  };
  return { records: unique, copy: await copyRows(unique, types, rowWithRun) };
}

/** The child rows of every record, as COPY tuples. */
const prepareChildren = <T>(spec: ChildSpec<T>, records: T[]) =>
  copyRows(
    records,
    spec.columns.map(([, type]) => type),
    spec.rows,
  );

/** Everything a batch writes, hashed and serialized, before its transaction opens. */
export interface PreparedBatch {
  units: PreparedRows<Unit>;
  people: PreparedRows<Person>;
  documents: PreparedRows<Document>;
  tasks: PreparedRows<Task>;
  deadlineChanges: CopyRows | null;
  drafts: PreparedRows<Draft>;
  reviewRounds: CopyRows | null;
  weeklySchedules: PreparedRows<WeeklySchedule>;
}

/**
 * Everything a batch writes, made ready before its transaction opens: with `copy`, hashed and
 * serialized for COPY; without, only reduced to the last record of each key, to be upserted.
 */
export async function prepareBatch(
  batch: RecordBatch,
  runId: string | null,
  copy: boolean,
): Promise<PreparedBatch> {
  const tasks = await prepareRows(TASKS, batch.tasks, runId, copy);
  const drafts = await prepareRows(DRAFTS, batch.drafts, runId, copy);
  return {
    units: await prepareRows(UNITS, batch.units, runId, copy),
    people: await prepareRows(PEOPLE, batch.people, runId, copy),
    documents: await prepareRows(DOCUMENTS, batch.documents, runId, copy),
    tasks,
    deadlineChanges: copy ? await prepareChildren(DEADLINE_CHANGES, tasks.records) : null,
    drafts,
    reviewRounds: copy ? await prepareChildren(REVIEW_ROUNDS, drafts.records) : null,
    weeklySchedules: await prepareRows(WEEKLY_SCHEDULES, batch.weeklySchedules, runId, copy),
  };
}

/**
 * The prepared rows of a kind if resolving the batch left its records as they were (the usual
 * case), else the records it kept (the last of each key), to be upserted.
 */
export function keptAfterResolve<T>(
  spec: TableSpec<T>,
  prepared: PreparedRows<T>,
  resolved: T[],
): PreparedRows<T> | T[] {
  const same = spec.sameRow ?? ((a: T, b: T) => a === b);
  const unchanged = (records: T[]) =>
    records.length === prepared.records.length && records.every((r, i) => same(prepared.records[i], r));
  if (unchanged(resolved)) return prepared;
  const unique = lastByKey(resolved, spec.key);
  return unchanged(unique) ? prepared : unique;
}
