/**
 * Stored obligations and their history. An evaluation replaces the obligations of its scope: new
 * and changed ones are upserted, ones no longer produced (a cancelled task, a deleted document) are
 * removed, and every change of status or due date — appearance and removal included — gets a
 * history row naming the evaluation and what caused it.
 */
import type { ObligationState } from '../../domain/change-preview.js';
import type { DataSource, EntityManager } from 'typeorm';
import type { FutureSubjects } from '../../domain/future-subjects.js';
import { subjectOf } from '../../domain/future-subjects.js';
import type { Dataset, RecordKind } from '../../domain/model.js';
import type { Details, Exemption, Obligation, Status } from '../../domain/rules/obligation.js';
import { isJudged } from '../../domain/rules/obligation.js';
import type { Day, Instant } from '../../domain/time.js';
import { formatDay, localDay, parseDay } from '../../domain/time.js';
import type { Cell, ColumnType } from '../database/binary-format.js';
import { BinaryArray, CopyRows, textArray } from '../database/binary-format.js';
import { copyIn } from '../database/copy-in.js';
import { rowsOf } from '../database/query-rows.js';
import type { TallyRow } from './score-store.js';
import type { Touched } from './record-store.js';
import { RecordStore } from './record-store.js';
import { RECEIPT_FROM_OWN_ARRIVAL } from './document-status-store.js';

export interface PendingRow {
  kind: string;
  subject_id: string;
  run_id: string;
}

/** Which stored obligations an evaluation answers for. */
export type EvaluationScope =
  { kind: 'full' } | { kind: 'affected'; taskIds: string[]; documentIds: string[] };

export interface ReplaceResult {
  written: number;
  changed: number;
  removed: number;
  /**
   * What the changes did to the score tallies (an obligation's old count taken away, its new one
   * added); null after a full evaluation, whose scores are counted afresh.
   */
  tallyChanges: TallyRow[] | null;
}

/** A standing (not revoked) exemption, as evaluate() takes it; `at` is when it was made. */
export interface StandingExemption extends Exemption {
  id: string;
}

/** Which pending subject re-evaluates an obligation: its task, its document, or none (periodic ones always are). */
export type PendingSubject = { kind: 'task' | 'document'; id: string };

/** Marks made by a review action or an evaluation rather than a sync run (the column wants a run). */
const REVIEW_RUN_ID = '0';

const STANDING_EXEMPTIONS = `SELECT id::text, obligation_id, exempted_by, reason, (extract(epoch from exempted_at) * 1000)::float8 AS at
  FROM exemptions WHERE revoked_at IS NULL ORDER BY id`;

function standingExemptions(
  rows: { id: string; obligation_id: string; exempted_by: string; reason: string; at: number }[],
): StandingExemption[] {
  return rows.map((r) => ({
    id: r.id,
    obligationId: r.obligation_id,
    by: r.exempted_by,
    reason: r.reason,
    at: Number(r.at),
  }));
}

const DOCUMENT_RULES = ['document_channel', 'digital_signature'];
const PERIODIC_RULES = ['weekly_schedule', 'official_mailbox'];

/** The task an obligation comes from, so a later affected-subjects evaluation can find it. */
function taskIdOf(ob: Obligation, dataset: Dataset): string | null {
  const subject = subjectOf(ob, dataset);
  return subject?.kind === 'task' ? subject.id : null;
}

/** The upsert's columns, as binary arrays: id … details (as_of and evaluation_id are one value each). */
const UPSERT_COLUMNS: ColumnType[] = [
  'text',
  'text',
  'text',
  'text',
  'text',
  'text',
  'date',
  'text',
  'timestamptz',
  'int',
  'boolean',
  'text',
  'text',
];

/** COPY of a new obligation: the upsert's columns (details as jsonb), then as_of and evaluation_id. */
const COPY_COLUMNS: ColumnType[] = [...UPSERT_COLUMNS.slice(0, -1), 'jsonb', 'timestamptz', 'bigint'];
const COPY_COLUMN_NAMES =
  'id, rule, subject_id, task_id, unit_id, person_id, due_date, status, done_at, working_days_late, tight, phase_id, details, as_of, evaluation_id';
const COPY_SAVEPOINT = 'obligation_copy';
/** Below this many obligations an empty table is simply copied into, indexes and all. */
const BULK_LOAD_MIN = 1_000;

/** An empty obligations table being loaded in bulk: the indexes to build after it. */
interface BulkLoad {
  /** Whether the history was empty too (and is loaded the same way). */
  history: boolean;
  /** What builds the dropped primary key and indexes again, in order. */
  indexes: string[];
}

/** A history row: obligation, previous status, status, previous due date, due date. */
type HistoryRow = [string, string | null, string | null, Day | null, Day | null];
const HISTORY_COLUMNS: ColumnType[] = ['text', 'text', 'text', 'date', 'date'];
/** COPY of a history row: obligation, evaluation, cause, as_of, then the history row's four. */
const HISTORY_COPY_COLUMNS: ColumnType[] = [
  'text',
  'bigint',
  'text',
  'timestamptz',
  'text',
  'text',
  'date',
  'date',
];

/** A stored obligation's compared columns (those of the upsert's `IS DISTINCT FROM`). */
interface StoredObligation {
  id: string;
  rule: string;
  status: Status;
  due_date: string | null;
  task_id: string | null;
  unit_id: string | null;
  person_id: string | null;
  done_at: number | null;
  working_days_late: number | null;
  tight: boolean;
  phase_id: string | null;
  /** `details::text`. */
  details: string;
}

/**
 * A JSON value as Postgres prints it as `jsonb` (object keys by length, then bytes; `", "` and
 * `": "`). For the details the rules make it is exactly the stored text; anything it would print
 * otherwise (an exotic number, a non-ASCII key) only makes an unchanged obligation look changed,
 * and the upsert's own comparison then leaves it alone.
 */
function jsonbText(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value))
    return `[${value.map((v) => (v === undefined || typeof v === 'function' ? 'null' : jsonbText(v))).join(', ')}]`;
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function')
    return jsonbText(JSON.parse(JSON.stringify(value)) as unknown);
  const object = value as Record<string, unknown>;
  const keys = Object.keys(object);
  // The rules make details of a few shapes: each shape's order is sorted once.
  const shape = keys.join('\u0000');
  let order = KEY_ORDERS.get(shape);
  if (order === undefined) {
    order = keys
      .sort((x, y) => x.length - y.length || (x < y ? -1 : x > y ? 1 : 0))
      .map((k) => [k, `${JSON.stringify(k)}: `]);
    if (KEY_ORDERS.size < 10_000) KEY_ORDERS.set(shape, order);
  }
  let text = '';
  for (const [key, prefix] of order) {
    const v = object[key];
    if (v === undefined || typeof v === 'function') continue;
    text += (text === '' ? '{' : ', ') + prefix + jsonbText(v);
  }
  return text === '' ? '{}' : `${text}}`;
}

/** Keys in `jsonb` order, with their printed prefix, by the object's own key order. */
const KEY_ORDERS = new Map<string, [key: string, prefix: string][]>();

/** Whether writing `ob` would leave the stored row as it is (the upsert would skip it). */
function unchanged(
  old: StoredObligation,
  ob: Obligation,
  taskId: string | null,
  due: string | null,
  jsonbOf: (details: Details) => string,
): boolean {
  return (
    old.status === ob.status &&
    old.due_date === due &&
    old.task_id === taskId &&
    old.unit_id === ob.unitId &&
    old.person_id === ob.personId &&
    old.done_at === ob.doneAt &&
    old.working_days_late === ob.workingDaysLate &&
    old.tight === ob.tight &&
    old.phase_id === ob.phaseId &&
    old.details === jsonbOf(ob.details)
  );
}

/** A task or a document (never both) an obligation belongs to, as the subject queries return them. */
interface SubjectRow {
  task_id: string | null;
  document_id: string | null;
}

function subjectsOf(rows: SubjectRow[]): FutureSubjects {
  return {
    taskIds: rows.flatMap((r) => (r.task_id === null ? [] : [r.task_id])),
    documentIds: rows.flatMap((r) => (r.document_id === null ? [] : [r.document_id])),
  };
}

const ROLLBACK = new Error('dunghan: rehearsal rolled back');

/** One transaction's worth of evaluation storage. */
export class ObligationTransaction {
  private readonly records = new RecordStore();

  /**
   * `manager` is public so other stores (scores, review) can write in the same transaction. `bulk`:
   * new obligations and history rows go by COPY (a real server; embedded PGlite does not speak it).
   */
  constructor(
    readonly manager: EntityManager,
    private readonly bulk = false,
  ) {}

  /**
   * One evaluation (or review change) at a time, until this transaction ends: two would both
   * rewrite the periodic obligations and the stored scores, and the second's scores insert would
   * collide with the first's.
   */
  async serialize(): Promise<void> {
    await this.manager.query(`SELECT pg_advisory_xact_lock(hashtext('dunghan:evaluation'))`);
  }

  /** The exemptions in force, for evaluate(). */
  async standingExemptions(): Promise<StandingExemption[]> {
    return standingExemptions(await this.manager.query(STANDING_EXEMPTIONS));
  }

  /** Every stored obligation's due date and status, as this transaction sees them (a preview's before and after). */
  async obligationStates(): Promise<ObligationState[]> {
    return (await this.manager.query(
      `SELECT id, rule, subject_id AS "subjectId", unit_id AS "unitId", person_id AS "personId",
              to_char(due_date, 'YYYY-MM-DD') AS "dueDate", status, working_days_late AS "workingDaysLate"
       FROM obligations ORDER BY id COLLATE "C"`,
    )) as ObligationState[];
  }

  /** Has the next pending evaluation re-judge this subject (as a sync's batch would). */
  async markPending(subject: PendingSubject): Promise<void> {
    await this.manager.query(
      `INSERT INTO sync_pending_subjects (kind, subject_id, run_id) VALUES ($1, $2, $3) ON CONFLICT (kind, subject_id) DO NOTHING`,
      [subject.kind, subject.id, REVIEW_RUN_ID],
    );
  }

  /** The latest as-of an evaluation was stored at, or null before the first. */
  async latestAsOf(): Promise<Instant | null> {
    const rows = (await this.manager.query(
      `SELECT (extract(epoch from max(as_of)) * 1000)::float8 AS at FROM evaluations WHERE finished_at IS NOT NULL`,
    )) as { at: number | null }[];
    return rows[0]?.at === null || rows[0]?.at === undefined ? null : Number(rows[0].at);
  }

  loadDataset(scope: EvaluationScope): Promise<Dataset> {
    return this.records.loadDataset(this.manager, scope.kind === 'full' ? undefined : scope);
  }

  /**
   * Which of these (stale) sources last changed each record a timed obligation rests on: a record
   * carries the run that wrote it (`run_id`), the run its source. Only the stale sources' records
   * are read, so a fresh agency pays nothing. Records of other sources, or of an import, are absent.
   */
  async recordSources(sources: string[]): Promise<(kind: RecordKind, id: string) => string | null> {
    const bySource = new Map<string, Map<string, string>>();
    if (sources.length === 0) return () => null;
    const read = async (kind: RecordKind, sql: string) => {
      const map = new Map<string, string>();
      for (const r of (await this.manager.query(sql, [sources])) as { id: string; source: string }[])
        map.set(r.id, r.source);
      bySource.set(kind, map);
    };
    const from = (table: string, id: string) =>
      `SELECT ${id} AS id, r.source FROM ${table} x JOIN sync_runs r ON r.id = x.run_id WHERE r.source = ANY($1)`;
    await read('task', from('tasks', 'x.id'));
    await read('draft', from('drafts', 'x.id'));
    await read('unit', from('units', 'x.id'));
    await read('weeklySchedule', from('weekly_schedules', `x.unit_id || '|' || x.week`));
    return (kind, id) => bySource.get(kind)?.get(id) ?? null;
  }

  /** The tasks whose obligations are stored `unknown`: judged again at every evaluation until known. */
  async unknownSubjects(): Promise<string[]> {
    const rows = (await this.manager.query(
      `SELECT DISTINCT task_id FROM obligations WHERE status = 'unknown' AND task_id IS NOT NULL`,
    )) as { task_id: string }[];
    return rows.map((r) => r.task_id);
  }

  /** What committed batches touched and no evaluation has covered yet (any run, crashed ones too). */
  async pendingSubjects(): Promise<{ touched: Touched; rows: PendingRow[] }> {
    const rows = (await this.manager.query(
      'SELECT kind, subject_id, run_id FROM sync_pending_subjects',
    )) as PendingRow[];
    const touched: Touched = { taskIds: new Set(), documentIds: new Set(), units: false };
    for (const r of rows) {
      if (r.kind === 'task') touched.taskIds.add(r.subject_id);
      else if (r.kind === 'document') touched.documentIds.add(r.subject_id);
      else touched.units = true;
    }
    return { touched, rows };
  }

  /** Clears the pending subjects this evaluation covered (all of them after a full one). */
  async clearPending(rows: PendingRow[] | 'all'): Promise<void> {
    if (rows === 'all') {
      await this.manager.query('DELETE FROM sync_pending_subjects');
      return;
    }
    if (rows.length === 0) return;
    // Only the versions read: a batch that touched a subject again since keeps its row.
    await this.manager.query(
      `DELETE FROM sync_pending_subjects p USING unnest($1::text[], $2::text[], $3::bigint[]) AS r(kind, subject_id, run_id)
       WHERE p.kind = r.kind AND p.subject_id = r.subject_id AND p.run_id = r.run_id`,
      [rows.map((r) => r.kind), rows.map((r) => r.subject_id), rows.map((r) => r.run_id)],
    );
  }

  /**
   * The subjects whose stored obligations can be judged differently as of `asOf`'s day with no new
   * data: `movesWithTime` (domain/future-subjects.ts) in SQL. An exempt one goes by its would-be
   * status, so the evidence it keeps stays current.
   */
  async timeMovedSubjects(asOf: Instant): Promise<FutureSubjects> {
    const rows = (await this.manager.query(
      `SELECT DISTINCT task_id, CASE WHEN task_id IS NULL THEN subject_id END AS document_id
       FROM (SELECT task_id, subject_id, rule, due_date,
                    CASE WHEN status = 'exempt' THEN details->>'exemptedStatus' ELSE status END AS judged_as
             FROM obligations) o
       WHERE (task_id IS NOT NULL OR rule = ANY($2))
         AND (judged_as = 'overdue' OR (judged_as = 'pending' AND due_date < $1))`,
      [formatDay(localDay(asOf)), DOCUMENT_RULES],
    )) as SubjectRow[];
    return subjectsOf(rows);
  }

  /**
   * The subjects of obligations exempted after `asOf`: the exemption applies from its own time on
   * (evaluate's `exemptionsUntil`), so a later evaluation must judge them again.
   */
  async laterExemptionSubjects(asOf: Instant): Promise<FutureSubjects> {
    const rows = (await this.manager.query(
      `SELECT DISTINCT o.task_id, CASE WHEN o.rule = ANY($2) THEN o.subject_id END AS document_id
       FROM exemptions e JOIN obligations o ON o.id = e.obligation_id
       WHERE e.revoked_at IS NULL AND e.exempted_at > $1`,
      [new Date(asOf).toISOString(), DOCUMENT_RULES],
    )) as SubjectRow[];
    return subjectsOf(rows);
  }

  /** Has the next pending evaluation judge these subjects again (see `futureSubjects`). */
  async markFuture(subjects: FutureSubjects): Promise<void> {
    const kinds = [...subjects.taskIds.map(() => 'task'), ...subjects.documentIds.map(() => 'document')];
    if (kinds.length === 0) return;
    await this.manager.query(
      `INSERT INTO sync_pending_subjects (kind, subject_id, run_id)
       SELECT k, s, $3 FROM unnest($1::text[], $2::text[]) AS p(k, s) ON CONFLICT (kind, subject_id) DO NOTHING`,
      [kinds, [...subjects.taskIds, ...subjects.documentIds], REVIEW_RUN_ID],
    );
  }

  async tasksOfDocuments(documentIds: string[]): Promise<string[]> {
    if (documentIds.length === 0) return [];
    const rows = (await this.manager.query('SELECT id FROM tasks WHERE document_id = ANY($1)', [
      documentIds,
    ])) as { id: string }[];
    return rows.map((r) => r.id);
  }

  /**
   * DOMAIN.md §2's derived trackingStart, over everything stored. The tasks of confidential
   * documents are left out by an anti-join with those few documents (a join with all of them
   * took twice as long). A receipt is the one the evaluation reads (an own arrival status may
   * date it: document-status-store.ts).
   */
  async derivedTrackingStart(asOf: Instant): Promise<Day | null> {
    const rows = (await this.manager.query(
      `SELECT (extract(epoch from least(
          (SELECT min(t.assigned_at) FROM tasks t
            WHERE NOT t.secret AND t.assigned_at <= $1
              AND NOT EXISTS (SELECT 1 FROM documents d WHERE d.id = t.document_id AND d.confidentiality <> 'normal')),
          (SELECT min(r.at) FROM documents d CROSS JOIN LATERAL (SELECT ${RECEIPT_FROM_OWN_ARRIVAL} AS at) r
            WHERE d.confidentiality = 'normal' AND d.direction = 'incoming' AND r.at <= $1),
          (SELECT min(issued_at) FROM documents WHERE confidentiality = 'normal' AND direction = 'outgoing' AND issued_at <= $1),
          (SELECT min(published_at) FROM weekly_schedules WHERE published_at <= $1))) * 1000)::float8 AS earliest`,
      [new Date(asOf).toISOString()],
    )) as { earliest: number | null }[];
    const earliest = rows[0]?.earliest;
    return earliest === null || earliest === undefined ? null : localDay(Number(earliest));
  }

  async startEvaluation(asOf: Instant, cause: string, scope: EvaluationScope): Promise<string> {
    const rows = (await this.manager.query(
      `INSERT INTO evaluations (as_of, cause, scope, subjects, derived_years, started_at) VALUES ($1, $2, $3, $4, '[]'::jsonb, now()) RETURNING id`,
      [
        new Date(asOf).toISOString(),
        cause,
        scope.kind,
        scope.kind === 'full' ? 0 : scope.taskIds.length + scope.documentIds.length,
      ],
    )) as { id: string }[];
    return rows[0].id;
  }

  async finishEvaluation(
    id: string,
    result: ReplaceResult,
    derivedYears: number[],
    trackingStart: Day | null,
  ): Promise<void> {
    await this.manager.query(
      `UPDATE evaluations SET obligations = $2, changed = $3, removed = $4, derived_years = $5::jsonb, tracking_start = $6,
         finished_at = now() WHERE id = $1`,
      [
        id,
        result.written,
        result.changed,
        result.removed,
        JSON.stringify(derivedYears),
        trackingStart === null ? null : formatDay(trackingStart),
      ],
    );
  }

  async replace(
    evaluationId: string,
    asOf: Instant,
    cause: string,
    scope: EvaluationScope,
    obligations: Obligation[],
    dataset: Dataset,
  ): Promise<ReplaceResult> {
    const where =
      scope.kind === 'full'
        ? 'TRUE'
        : `task_id = ANY($1) OR (rule = ANY($3) AND subject_id = ANY($2)) OR rule = ANY($4)`;
    const params =
      scope.kind === 'full'
        ? []
        : // The touched documents too: a deleted one is no longer in the dataset, but its obligations must go.
          [
            textArray(scope.taskIds),
            textArray([...new Set([...scope.documentIds, ...dataset.documents.keys()])]),
            DOCUMENT_RULES,
            PERIODIC_RULES,
          ];
    // What is stored, with every column the upsert compares: an obligation that comes out the same
    // is not sent at all. Sending it cost as much as a change (its share of the statement and its
    // parameters, a row lock), and after a nightly sync nearly all of the affected scope is unchanged.
    const before = new Map<string, StoredObligation>();
    for (const r of (await this.manager.query(
      `SELECT id, rule, status, due_date, task_id, unit_id, person_id, (extract(epoch from done_at) * 1000)::float8 AS done_at,
              working_days_late, tight, phase_id, details::text AS details
       FROM obligations WHERE ${where}`,
      params,
    )) as StoredObligation[]) {
      before.set(r.id, r);
    }
    // A full evaluation over an empty table (the first after an import) loads it in bulk.
    const load =
      this.bulk && scope.kind === 'full' && before.size === 0 && obligations.length >= BULK_LOAD_MIN
        ? await this.startBulkLoad()
        : null;

    const asOfText = new Date(asOf).toISOString();
    const evaluation = Number(evaluationId);
    let changed = 0;
    // Chunks are built while the previous one executes, and never all held at once.
    const CHUNK = 20_000;
    let inFlight: Promise<void> = Promise.resolve();
    const submit = async (work: () => Promise<void>) => {
      await inFlight;
      inFlight = work();
      inFlight.catch(() => undefined); // awaited (and rethrown) before the next submit or at the end
      // Let the query reach the server (TypeORM awaits a little before sending) before building on.
      await new Promise<void>((resolve) => setImmediate(resolve));
    };
    // Columns go as binary arrays (binary-format.ts); the details as text, read as jsonb by the server.
    const upsert = (rows: Cell[][]) => async () => {
      const cols = UPSERT_COLUMNS.map((type) => new BinaryArray(type, rows.length));
      for (const row of rows) for (let c = 0; c < cols.length; c++) cols[c].add(row[c]);
      const written = (await this.manager.query(
        `INSERT INTO obligations (id, rule, subject_id, task_id, unit_id, person_id, due_date, status, done_at,
           working_days_late, tight, phase_id, details, as_of, evaluation_id)
         SELECT id, rule, subject_id, task_id, unit_id, person_id, due_date, status, done_at, working_days_late, tight,
           phase_id, details::jsonb, $14, $15
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::date[], $8::text[],
           $9::timestamptz[], $10::int[], $11::boolean[], $12::text[], $13::text[])
           AS r(id, rule, subject_id, task_id, unit_id, person_id, due_date, status, done_at, working_days_late, tight,
             phase_id, details)
         ON CONFLICT (id) DO UPDATE SET rule = excluded.rule, subject_id = excluded.subject_id, task_id = excluded.task_id,
           unit_id = excluded.unit_id, person_id = excluded.person_id, due_date = excluded.due_date, status = excluded.status,
           done_at = excluded.done_at, working_days_late = excluded.working_days_late, tight = excluded.tight,
           phase_id = excluded.phase_id, details = excluded.details, as_of = excluded.as_of, evaluation_id = excluded.evaluation_id
         WHERE (obligations.task_id, obligations.unit_id, obligations.person_id, obligations.due_date, obligations.status,
                obligations.done_at, obligations.working_days_late, obligations.tight, obligations.phase_id, obligations.details)
           IS DISTINCT FROM (excluded.task_id, excluded.unit_id, excluded.person_id, excluded.due_date, excluded.status,
                excluded.done_at, excluded.working_days_late, excluded.tight, excluded.phase_id, excluded.details)
         RETURNING id`,
        [...cols.map((c) => c.done()), asOfText, evaluationId],
      )) as unknown[];
      changed += written.length;
    };
    // Obligations not stored before go by COPY, at about half the server's cost of the upsert (no
    // speculative insertion, several rows a page and WAL record). One stored meanwhile would fail
    // it: the chunk then goes back to its savepoint and is upserted instead.
    const copyNew = (rows: Cell[][]) => async () => {
      const data = new CopyRows(COPY_COLUMNS, rows.length);
      for (const row of rows) data.add(row);
      const sql = `COPY obligations (${COPY_COLUMN_NAMES}) FROM STDIN (FORMAT binary${load ? ', FREEZE' : ''})`;
      if (load !== null) {
        changed += await copyIn(this.manager, sql, data.stream());
        return;
      }
      await this.manager.query(`SAVEPOINT ${COPY_SAVEPOINT}`);
      try {
        changed += await copyIn(this.manager, sql, data.stream());
        await this.manager.query(`RELEASE SAVEPOINT ${COPY_SAVEPOINT}`);
      } catch (error) {
        if ((error as { code?: string }).code !== '23505') throw error;
        await this.manager.query(`ROLLBACK TO SAVEPOINT ${COPY_SAVEPOINT}`);
        await upsert(rows)();
      }
    };
    const record = (history: HistoryRow[]) => async () => {
      if (this.bulk) {
        const data = new CopyRows(HISTORY_COPY_COLUMNS, history.length);
        for (const h of history) data.add([h[0], evaluation, cause, asOf, h[1], h[2], h[3], h[4]]);
        await copyIn(
          this.manager,
          `COPY obligation_history (obligation_id, evaluation_id, cause, as_of, previous_status, status, previous_due_date, due_date)
           FROM STDIN (FORMAT binary${load?.history ? ', FREEZE' : ''})`,
          data.stream(),
        );
        return;
      }
      const cols = HISTORY_COLUMNS.map((type) => new BinaryArray(type, history.length));
      for (const h of history) for (let c = 0; c < cols.length; c++) cols[c].add(h[c]);
      await this.manager.query(
        `INSERT INTO obligation_history (obligation_id, evaluation_id, cause, as_of, previous_status, status, previous_due_date, due_date)
         SELECT o, $1, $2, $3, ps, s, pd, d FROM unnest($4::text[], $5::text[], $6::text[], $7::date[], $8::date[]) AS h(o, ps, s, pd, d)`,
        [evaluationId, cause, asOfText, ...cols.map((c) => c.done())],
      );
    };

    // A full evaluation's scores are counted afresh; a partial one's tallies are changed by these.
    const tallyChanges: TallyRow[] | null = scope.kind === 'full' ? null : [];
    const count = (
      ob: {
        rule: string;
        status: Status;
        phaseId: string | null;
        unitId: string | null;
        personId: string | null;
      },
      sign: 1 | -1,
    ) => {
      if (tallyChanges === null || ob.phaseId === null || !isJudged(ob.status)) return;
      tallyChanges.push({
        phase_id: ob.phaseId,
        rule: ob.rule,
        unit_id: ob.unitId,
        person_id: ob.personId,
        judged: sign,
        met: ob.status === 'met' ? sign : 0,
      });
    };
    const counted = (old: StoredObligation) => ({
      rule: old.rule,
      status: old.status,
      phaseId: old.phase_id,
      unitId: old.unit_id,
      personId: old.person_id,
    });

    // A draft's two submissions, made one after the other, share one details object: serialised
    // once. (A WeakMap of every details object cost more in garbage collection than it saved.)
    const cached = (serialise: (details: Details) => string) => {
      let last: Details | null = null;
      let text = '';
      return (details: Details) => {
        if (details !== last) {
          text = serialise(details);
          last = details;
        }
        return text;
      };
    };
    const textOf = cached((details) => JSON.stringify(details));
    const jsonbOf = cached(jsonbText);
    let updates: Cell[][] = [];
    let inserts: Cell[][] = [];
    let history: HistoryRow[] = [];
    const dayOf = (text: string | null) => (text === null ? null : parseDay(text));
    for (const ob of obligations) {
      const due = ob.dueDate === null ? null : formatDay(ob.dueDate);
      const old = before.get(ob.id);
      // What is left in `before` at the end was not produced again: removed.
      if (old !== undefined) before.delete(ob.id);
      if (old === undefined || old.status !== ob.status || old.due_date !== due) {
        history.push([ob.id, old?.status ?? null, ob.status, dayOf(old?.due_date ?? null), ob.dueDate]);
        if (history.length === CHUNK) {
          await submit(record(history));
          history = [];
        }
      }
      const taskId = taskIdOf(ob, dataset);
      if (old !== undefined && unchanged(old, ob, taskId, due, jsonbOf)) continue;
      if (old !== undefined) count(counted(old), -1);
      count(ob, 1);
      const row: Cell[] = [
        ob.id,
        ob.rule,
        ob.subjectId,
        taskId,
        ob.unitId,
        ob.personId,
        ob.dueDate,
        ob.status,
        ob.doneAt,
        ob.workingDaysLate,
        ob.tight,
        ob.phaseId,
        textOf(ob.details),
        // COPY's two more (the upsert takes them as one parameter each, and reads only the above).
        asOf,
        evaluation,
      ];
      if (old === undefined && this.bulk) {
        inserts.push(row);
        if (inserts.length === CHUNK) {
          await submit(copyNew(inserts));
          inserts = [];
        }
      } else {
        updates.push(row);
        if (updates.length === CHUNK) {
          await submit(upsert(updates));
          updates = [];
        }
      }
    }
    if (inserts.length > 0) await submit(copyNew(inserts));
    if (updates.length > 0) await submit(upsert(updates));

    const gone = [...before.keys()];
    for (const old of before.values()) {
      history.push([old.id, old.status, null, dayOf(old.due_date), null]);
      count(counted(old), -1);
    }
    if (gone.length > 0)
      await submit(async () => {
        rowsOf(await this.manager.query('DELETE FROM obligations WHERE id = ANY($1)', [textArray(gone)]));
      });
    for (let i = 0; i < history.length; i += CHUNK) await submit(record(history.slice(i, i + CHUNK)));
    await inFlight;
    if (load !== null) await this.finishBulkLoad(load);
    return { written: obligations.length, changed, removed: gone.length, tallyChanges };
  }

  /**
   * Before loading an empty obligations table: empties it (and the history, when that is empty
   * too) in this transaction, so COPY may write the rows frozen — visible to all once committed,
   * nothing for the vacuum after it to do — and drops its indexes, primary key included, built
   * again after the load from their own definitions: on the 1M-record year, 1.38M rows went into a
   * copy of the table with its eight indexes in 29 s, without them in 1.4 s, and the eight were
   * built in 11 s. The table is locked for the rest of the transaction; readers wait for it rather
   * than see it empty.
   */
  private async startBulkLoad(): Promise<BulkLoad> {
    const [{ empty }] = (await this.manager.query(
      'SELECT NOT EXISTS (SELECT 1 FROM obligation_history) AS empty',
    )) as { empty: boolean }[];
    await this.manager.query(`TRUNCATE obligations${empty ? ', obligation_history' : ''}`);
    const indexes: string[] = [];
    for (const table of empty ? ['obligations', 'obligation_history'] : ['obligations']) {
      // The obligations' primary key too (the history's, a sequence, costs little to keep): the
      // evaluation's ids are distinct, as the upsert before it already required.
      const rows = (await this.manager.query(
        `SELECT format('ALTER TABLE %s DROP CONSTRAINT %I', c.conrelid::regclass, c.conname) AS drop,
                format('ALTER TABLE %s ADD CONSTRAINT %I %s', c.conrelid::regclass, c.conname, pg_get_constraintdef(c.oid)) AS definition
         FROM pg_constraint c WHERE c.conrelid = $1::text::regclass AND c.contype = 'p' AND $1::text = 'obligations'
         UNION ALL
         SELECT format('DROP INDEX %s', i.indexrelid::regclass), pg_get_indexdef(i.indexrelid)
         FROM pg_index i WHERE i.indrelid = $1::text::regclass AND NOT i.indisprimary`,
        [table],
      )) as { drop: string; definition: string }[];
      for (const r of rows) {
        await this.manager.query(r.drop);
        indexes.push(r.definition);
      }
    }
    return { history: empty, indexes };
  }

  private async finishBulkLoad(load: BulkLoad): Promise<void> {
    await this.manager.query(`SET LOCAL maintenance_work_mem = '256MB'`);
    for (const definition of load.indexes) await this.manager.query(definition);
  }
}

export class ObligationStore {
  /** `bulk`: a real server, which takes COPY (embedded PGlite's socket does not). */
  constructor(
    private readonly dataSource: DataSource,
    private readonly bulk = true,
  ) {}

  transaction<T>(work: (tx: ObligationTransaction) => Promise<T>): Promise<T> {
    return this.dataSource.transaction((manager) => work(new ObligationTransaction(manager, this.bulk)));
  }

  /**
   * Runs `work` in a transaction that is always rolled back: a preview applies a change and
   * evaluates exactly as applying it would, reads the result, and leaves the database as it was.
   */
  async rehearse<T>(work: (tx: ObligationTransaction) => Promise<T>): Promise<T> {
    const outcome: { value?: T } = {};
    try {
      await this.dataSource.transaction(async (manager) => {
        outcome.value = await work(new ObligationTransaction(manager, this.bulk));
        throw ROLLBACK;
      });
    } catch (error) {
      if (error !== ROLLBACK) throw error;
    }
    return outcome.value as T;
  }

  /**
   * After a full evaluation rewrote every obligation: marks their pages all-visible and refreshes
   * the planner's statistics, as autovacuum would — but now, not minutes later. Until then the
   * API's obligation pages read the table for every index entry (measured on the 1M-record year:
   * p99 190–210 ms before, 45–50 ms after; it takes about 3 s). Outside any transaction.
   */
  async tidyAfterRewrite(): Promise<void> {
    await this.dataSource.query('VACUUM (ANALYZE) obligations, scores');
  }

  /** Loads everything stored, outside any evaluation (the `obligations` command evaluates it). */
  loadDataset(): Promise<Dataset> {
    return this.dataSource.transaction((manager) => new RecordStore().loadDataset(manager));
  }

  /** The exemptions in force, for evaluate(). */
  async standingExemptions(): Promise<StandingExemption[]> {
    return standingExemptions(await this.dataSource.query(STANDING_EXEMPTIONS));
  }

  /** `ObligationTransaction.recordSources`, outside any evaluation. */
  recordSources(sources: string[]): Promise<(kind: RecordKind, id: string) => string | null> {
    return this.dataSource.transaction((manager) =>
      new ObligationTransaction(manager).recordSources(sources),
    );
  }

  /** Whether a person is among the stored records (a person's id typed on the command line). */
  async hasPerson(personId: string): Promise<boolean> {
    return (
      ((await this.dataSource.query('SELECT 1 FROM people WHERE id = $1', [personId])) as unknown[]).length >
      0
    );
  }

  async stored(filter: { unitId?: string }): Promise<Record<string, unknown>[]> {
    return (await this.dataSource.query(
      `SELECT id, rule, subject_id AS "subjectId", unit_id AS "unitId", person_id AS "personId", due_date AS "dueDate", status,
              done_at AS "doneAt", working_days_late AS "workingDaysLate", tight, phase_id AS "phaseId", details
       FROM obligations ${filter.unitId ? 'WHERE unit_id = $1' : ''} ORDER BY id`,
      filter.unitId ? [filter.unitId] : [],
    )) as Record<string, unknown>[];
  }
}
