/**
 * Sync runs and cursors in Postgres. A batch, its rejections, the run's counts and the source's
 * cursor are written in ONE transaction: a crash before the commit loses nothing and repeats
 * nothing, because the cursor still points before the batch.
 */
import type { DataSource, EntityManager } from 'typeorm';
import type { BundleIssue } from '../../domain/bundle/bundle-issue.js';
import { formatIssue } from '../../domain/bundle/bundle-issue.js';
import type { RecordBatch, ReferencedIds, StoredReferences } from '../../domain/bundle/record-batch.js';
import { referencedIds } from '../../domain/bundle/record-batch.js';
import type { Rejections } from '../../domain/bundle/reference-rules.js';
import { resolveReferences } from '../../domain/bundle/reference-rules.js';
import { isSecret } from '../../domain/model.js';
import type { Instant } from '../../domain/time.js';
import type { AdapterIssue, DocumentStatusFact } from '../adapters/source-adapter.port.js';
import { BinaryArray } from '../database/binary-format.js';
import type { Page } from './page.js';
import type { PreparedBatch } from './record-rows.js';
import type { Touched, WriteCounts } from './record-store.js';
import { RecordStore } from './record-store.js';
import { DocumentStatusStore } from './document-status-store.js';
import { rowsOf } from '../database/query-rows.js';

export interface RunCounts extends WriteCounts {
  seen: number;
  rejected: number;
  /** Issues of records that were kept all the same (a bundle's warnings, an adapter's `warning`s). */
  warnings: number;
  batches: number;
}

export interface SyncRunRow {
  id: string;
  source: string;
  runKey: string;
  trigger: string;
  status: string;
  worker: string | null;
  startedAt: string;
  finishedAt: string | null;
  durationMs: number | null;
  batches: number;
  seen: number;
  inserted: number;
  updated: number;
  unchanged: number;
  deleted: number;
  rejected: number;
  warnings: number;
  error: string | null;
}

export interface CommitInput {
  runId: string;
  source: string;
  label: string;
  batch: RecordBatch;
  /**
   * Every batch is judged by the reference rules at commit, against what is stored. `rejections`:
   * what validation said of its records, completed by that judgement and kept (a sync). `told`:
   * the issues of records judged already, whole, before the write (an import); judging them again
   * changes none of them and only guards what is stored — nothing of a secret, whoever calls — so
   * what it would say again is not kept twice.
   */
  judged: { rejections: Rejections } | { told: BundleIssue[] };
  adapterIssues: AdapterIssue[];
  /** Statuses the source reported in this batch: stored as facts with it (document-status-store.ts). */
  documentStatuses?: readonly DocumentStatusFact[];
  cursor: string | null;
  /** Elements the source delivered in this batch, valid or not. */
  seen: number;
  /**
   * What the batch marks for the next evaluation: each task and document it touched (default), or
   * `everything` — one row asking for a full evaluation — for a write that ends in one anyway
   * (`dunghan import`), where marking 700,000 subjects one by one cost a fifth of the write.
   */
  pending?: 'subjects' | 'everything';
}

/** A batch made ready before its transaction opens. */
export interface PreparedCommit {
  input: CommitInput;
  /** What the batch refers to without holding it: to be checked against storage. */
  references: ReferencedIds;
  rows: PreparedBatch;
}

/**
 * What one run's committed batches wrote, by id, with whether each document is confidential and
 * each task handles a confidential document: a later batch's references to them are answered here
 * rather than looked up (a province-year's 220,000 tasks refer to the documents the run wrote just
 * before them — two seconds of index probes). A record another process removes meanwhile passes the
 * check as it would have had it been removed a moment after the batch, which storage already
 * allows: no reference is a foreign key.
 */
export class CommittedReferences {
  private readonly units = new Set<string>();
  private readonly people = new Set<string>();
  /** Document or task id → confidential (or handling a confidential document). */
  private readonly documents = new Map<string, boolean>();
  private readonly tasks = new Map<string, boolean>();

  /** The ids only storage can answer for. */
  unknown(ids: ReferencedIds): ReferencedIds {
    return {
      units: ids.units.filter((id) => !this.units.has(id)),
      people: ids.people.filter((id) => !this.people.has(id)),
      documents: ids.documents.filter((id) => !this.documents.has(id)),
      tasks: ids.tasks.filter((id) => !this.tasks.has(id)),
    };
  }

  /** Storage's answer about the unknown ids, completed with what is known here. */
  complete(ids: ReferencedIds, stored: StoredReferences): StoredReferences {
    for (const id of ids.units) if (this.units.has(id)) stored.units.add(id);
    for (const id of ids.people) if (this.people.has(id)) stored.people.add(id);
    const known = (all: string[], map: Map<string, boolean>, existing: Set<string>, secret: Set<string>) => {
      for (const id of all) {
        const isSecret = map.get(id);
        if (isSecret === undefined) continue;
        existing.add(id);
        if (isSecret) secret.add(id);
      }
    };
    known(ids.documents, this.documents, stored.documents, stored.secretDocuments);
    known(ids.tasks, this.tasks, stored.tasks, stored.secretTasks);
    return stored;
  }

  /** Takes in a committed batch — what resolving kept — in the order record-store.ts writes it. */
  add(batch: RecordBatch): void {
    for (const u of batch.units) this.units.add(u.id);
    for (const p of batch.people) this.people.add(p.id);
    let classified = false;
    for (const d of batch.documents) {
      this.documents.set(d.id, isSecret(d));
      classified ||= isSecret(d);
    }
    // A confidential document makes the tasks stored for it secret too: what was known of tasks
    // may no longer hold, so storage answers again.
    if (classified) this.tasks.clear();
    for (const t of batch.tasks) this.tasks.set(t.id, t.secret === true);
    for (const t of batch.tombstones) {
      if (t.kind === 'unit') this.units.delete(t.id);
      else if (t.kind === 'person') this.people.delete(t.id);
      else if (t.kind === 'document') this.documents.delete(t.id);
      else if (t.kind === 'task') this.tasks.delete(t.id);
    }
  }
}

/**
 * The `sync_pending_subjects` rows of what a batch touched: each task and document, or one
 * `('unit', '*')` row — a full evaluation — when a unit changed (heads answer for everything) or the
 * write asks for `everything`.
 */
function pendingRows(touched: Touched, pending: 'subjects' | 'everything'): [string, string][] {
  const subjects = touched.taskIds.size + touched.documentIds.size > 0;
  if (touched.units || (pending === 'everything' && subjects)) return [['unit', '*']];
  return [
    ...[...touched.taskIds].map((id): [string, string] => ['task', id]),
    ...[...touched.documentIds].map((id): [string, string] => ['document', id]),
  ];
}

/**
 * Marks every subject for the next evaluation (a calendar or campaign change moves due dates
 * everywhere); called inside the change's transaction.
 */
export async function markEverythingPending(manager: EntityManager): Promise<void> {
  await manager.query(
    `INSERT INTO sync_pending_subjects (kind, subject_id, run_id) VALUES ('unit', '*', 0)
     ON CONFLICT (kind, subject_id) DO NOTHING`,
  );
}

/** A run as `SyncRunRow` names its fields. */
const RUN_COLUMNS = `id, source, run_key AS "runKey", trigger, status, worker, started_at AS "startedAt",
  finished_at AS "finishedAt", duration_ms AS "durationMs", batches, seen, inserted, updated, unchanged,
  deleted, rejected, warnings, error`;

function isAdapterWarning(issue: AdapterIssue): boolean {
  return issue.severity === 'warning';
}

export class SyncStore {
  private readonly records = new RecordStore();
  private readonly statuses = new DocumentStatusStore();

  constructor(private readonly dataSource: DataSource) {}

  /**
   * Runs `work` holding this source's advisory lock, so two runs of one source (a manual one and
   * the nightly one) never race on its cursor; returns `busy` when another process holds it. The
   * lock lives on its own connection for the run's length, so on embedded PGlite (one connection,
   * one process) there is none to take and the work runs directly.
   */
  async withSourceLock<T>(
    source: string,
    singleConnection: boolean,
    work: () => Promise<T>,
    { waitMs = 0 }: { waitMs?: number } = {},
  ): Promise<T | 'busy'> {
    if (singleConnection) return work();
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      // A push waits a little for a run of its source to end; a queued run gives up at once (the
      // queue retries it). Polled rather than a blocking lock, so the wait has a bound.
      const until = Date.now() + waitMs;
      let locked = false;
      for (;;) {
        [{ locked }] = (await runner.query(
          `SELECT pg_try_advisory_lock(hashtext('dunghan:sync:' || $1)) AS locked`,
          [source],
        )) as { locked: boolean }[];
        if (locked || Date.now() >= until) break;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      if (!locked) return 'busy';
      try {
        return await work();
      } finally {
        await runner.query(`SELECT pg_advisory_unlock(hashtext('dunghan:sync:' || $1))`, [source]);
      }
    } finally {
      await runner.release();
    }
  }

  /** Marks runs whose worker stopped sending heartbeats as abandoned, so they can run again. */
  async sweepStale(staleAfterMs: number): Promise<number> {
    const rows = rowsOf(
      await this.dataSource.query(
        `UPDATE sync_runs SET status = 'abandoned', finished_at = now(),
         error = 'the worker stopped without finishing (no heartbeat for ' || $1::int / 1000 || ' s)'
       WHERE status = 'running' AND heartbeat_at < now() - make_interval(secs => $1::int / 1000.0) RETURNING id`,
        [staleAfterMs],
      ),
    );
    return rows.length;
  }

  /**
   * Starts a run, or returns null when a run with this key already succeeded or is running: a
   * nightly run happens once per source per night however many workers are asked to do it. A
   * failed or abandoned run with the same key is taken over and retried.
   *
   * With `holdsSourceLock` (the caller is inside `withSourceLock`), a `running` row of this source
   * is a dead run: a live one would hold the lock. A redelivered job (its worker was killed) takes
   * its own run over, counts kept, and goes on from the cursor of the last committed batch; a dead
   * run under another key is closed as abandoned.
   */
  async startRun(
    source: string,
    kind: string,
    runKey: string,
    trigger: string,
    worker: string,
    { holdsSourceLock = false, clockAt }: { holdsSourceLock?: boolean; clockAt?: Instant } = {},
  ): Promise<string | null> {
    const clock = clockAt === undefined ? null : new Date(clockAt).toISOString();
    await this.dataSource.query(
      `INSERT INTO sources (name, kind) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET kind = excluded.kind`,
      [source, kind],
    );
    if (holdsSourceLock) {
      const taken = await this.takeOverDeadRuns(source, runKey, worker);
      if (taken !== null) return taken;
    }
    const inserted = (await this.dataSource.query(
      `INSERT INTO sync_runs (source, run_key, trigger, status, worker, started_at, heartbeat_at, clock_at)
       VALUES ($1, $2, $3, 'running', $4, now(), now(), coalesce($5::timestamptz, now()))
       ON CONFLICT (source, run_key) DO NOTHING RETURNING id`,
      [source, runKey, trigger, worker, clock],
    )) as { id: string }[];
    if (inserted.length > 0) return inserted[0].id;
    const rows = rowsOf<{ id: string }>(
      await this.dataSource.query(
        `UPDATE sync_runs SET status = 'running', worker = $3, started_at = now(), heartbeat_at = now(), finished_at = NULL,
         duration_ms = NULL, error = NULL, batches = 0, seen = 0, inserted = 0, updated = 0, unchanged = 0, deleted = 0, rejected = 0, warnings = 0,
         clock_at = coalesce($4::timestamptz, now())
       WHERE source = $1 AND run_key = $2 AND status IN ('failed', 'abandoned') RETURNING id`,
        [source, runKey, worker, clock],
      ),
    );
    return rows.length > 0 ? rows[0].id : null;
  }

  /**
   * Closes the source's dead runs (see `startRun`) as abandoned, except the one under `runKey`,
   * which `worker` takes over: its id, or null when there is none.
   */
  private async takeOverDeadRuns(source: string, runKey: string, worker: string): Promise<string | null> {
    await this.dataSource.query(
      `UPDATE sync_runs SET status = 'abandoned', finished_at = now(),
         duration_ms = (extract(epoch from now() - started_at) * 1000)::int,
         error = 'the worker stopped without finishing (its source was free when ' || $3 || ' started run ' || $2 || ')'
       WHERE source = $1 AND run_key <> $2 AND status = 'running'`,
      [source, runKey, worker],
    );
    const taken = rowsOf<{ id: string }>(
      await this.dataSource.query(
        `UPDATE sync_runs SET worker = $3, heartbeat_at = now()
         WHERE source = $1 AND run_key = $2 AND status = 'running' RETURNING id`,
        [source, runKey, worker],
      ),
    );
    return taken.length > 0 ? taken[0].id : null;
  }

  /** The run of `source` under `runKey` (a push's is `push:<sha256 of the body>`), or null. */
  async runByKey(source: string, runKey: string): Promise<SyncRunRow | null> {
    const rows = (await this.dataSource.query(
      `SELECT ${RUN_COLUMNS} FROM sync_runs WHERE source = $1 AND run_key = $2`,
      [source, runKey],
    )) as SyncRunRow[];
    return rows[0] ?? null;
  }

  async cursorOf(source: string): Promise<string | null> {
    const rows = (await this.dataSource.query('SELECT cursor FROM sources WHERE name = $1', [source])) as {
      cursor: string | null;
    }[];
    return rows[0]?.cursor ?? null;
  }

  /**
   * Makes a batch ready for its transaction: its rows hashed and, with `copy` (a server, not
   * embedded PGlite), serialized for COPY. CPU only, no query, so it may run while the batch before
   * it commits.
   */
  async prepare(input: CommitInput, copy: boolean): Promise<PreparedCommit> {
    return {
      input,
      references: referencedIds(
        input.batch,
        'rejections' in input.judged ? input.judged.rejections : undefined,
      ),
      rows: await this.records.prepare(input.batch, input.runId, copy),
    };
  }

  /** Which of `ids` are stored, and which stored documents and tasks are confidential. */
  async storedReferences(ids: ReferencedIds): Promise<StoredReferences> {
    return this.records.storedIds(this.dataSource.manager, ids);
  }

  /**
   * Everything about one prepared batch in one transaction: records, rejections, counts, cursor.
   * `committed` holds what the run's earlier batches wrote: references to those are not looked up
   * again, and once this batch commits it is added.
   */
  async commitPrepared(
    { input, references, rows }: PreparedCommit,
    committed: CommittedReferences,
  ): Promise<{ counts: RunCounts }> {
    const { counts, kept } = await this.dataSource.transaction(async (manager) => {
      const { judged } = input;
      const resolved = resolveReferences(input.batch, {
        stored: committed.complete(
          references,
          await this.records.storedIds(manager, committed.unknown(references)),
        ),
        rejections: 'rejections' in judged ? judged.rejections : undefined,
        fileOf: () => input.label,
      });
      if ('told' in judged) resolved.issues = judged.told;
      const { counts, touched } = await this.records.writeBatch(manager, rows, resolved.records, input.runId);
      // A new status may re-date its document (an own arrival): the document is evaluated again.
      for (const id of await this.statuses.write(manager, input.documentStatuses ?? [], input.runId))
        touched.documentIds.add(id);
      await this.insertRejections(manager, input.runId, resolved.issues, input.adapterIssues);
      const adapterWarnings = input.adapterIssues.filter(isAdapterWarning).length;
      const bundleErrors = resolved.issues.filter((i) => i.severity === 'error').length;
      const rejected = bundleErrors + input.adapterIssues.length - adapterWarnings;
      const warnings = resolved.issues.length - bundleErrors + adapterWarnings;
      const runCounts: RunCounts = { ...counts, seen: input.seen, rejected, warnings, batches: 1 };
      await this.record(manager, input, runCounts, pendingRows(touched, input.pending ?? 'subjects'));
      return { counts: runCounts, kept: resolved.records };
    });
    committed.add(kept);
    return { counts };
  }

  /**
   * The batch's bookkeeping, in one statement: what it touched waits in `sync_pending_subjects`
   * until an evaluation covers it, the run's counts grow, and the source's cursor moves past it.
   */
  private async record(
    manager: EntityManager,
    input: CommitInput,
    counts: RunCounts,
    pending: [kind: string, id: string][],
  ): Promise<void> {
    const kinds = new BinaryArray('text', pending.length);
    const ids = new BinaryArray('text', pending.length);
    for (const [kind, id] of pending) {
      kinds.add(kind);
      ids.add(id);
    }
    await manager.query(
      `WITH pending AS (
         INSERT INTO sync_pending_subjects (kind, subject_id, run_id)
         SELECT k, s, $1::bigint FROM unnest($8::text[], $9::text[]) AS p(k, s)
         ON CONFLICT (kind, subject_id) DO UPDATE SET run_id = excluded.run_id
       ), moved AS (
         UPDATE sources SET cursor = $11::text, updated_at = now() WHERE name = $10::text AND $11::text IS NOT NULL
       )
       UPDATE sync_runs SET batches = batches + 1, seen = seen + $2, inserted = inserted + $3, updated = updated + $4,
         unchanged = unchanged + $5, deleted = deleted + $6, rejected = rejected + $7, warnings = warnings + $12,
         heartbeat_at = now()
       WHERE id = $1::bigint`,
      [
        input.runId,
        counts.seen,
        counts.inserted,
        counts.updated,
        counts.unchanged,
        counts.deleted,
        counts.rejected,
        kinds.done(),
        ids.done(),
        input.source,
        input.cursor,
        counts.warnings,
      ],
    );
  }

  private async insertRejections(
    manager: EntityManager,
    runId: string,
    issues: BundleIssue[],
    adapterIssues: AdapterIssue[],
  ): Promise<void> {
    const rows = [
      ...issues.map((i) => [
        i.file,
        i.kind,
        i.id,
        i.field,
        i.severity,
        formatIssue(i, 'vi'),
        formatIssue(i, 'en'),
      ]),
      ...adapterIssues.map((i) => [
        i.location,
        null,
        i.record,
        i.field,
        isAdapterWarning(i) ? 'warning' : 'error',
        `${i.location}${i.record ? `, ${i.record}` : ''}${i.field ? `, ${i.field}` : ''}: ${i.reason}`,
        `${i.location}${i.record ? `, ${i.record}` : ''}${i.field ? `, ${i.field}` : ''}: ${i.reasonEn}`,
      ]),
    ];
    if (rows.length === 0) return;
    await manager.query(
      `INSERT INTO sync_rejections (run_id, location, kind, record_id, field, severity, message_vi, message_en)
       SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])`,
      [runId, ...[0, 1, 2, 3, 4, 5, 6].map((c) => rows.map((r) => r[c]))],
    );
  }

  async finishRun(runId: string, status: 'succeeded' | 'failed', error: string | null): Promise<void> {
    await this.dataSource.query(
      `UPDATE sync_runs SET status = $2, error = $3, finished_at = now(),
         duration_ms = (extract(epoch from now() - started_at) * 1000)::int WHERE id = $1`,
      [runId, status, error],
    );
  }

  async heartbeat(runId: string): Promise<void> {
    await this.dataSource.query('UPDATE sync_runs SET heartbeat_at = now() WHERE id = $1', [runId]);
  }

  async runs(source: string | null, limit: number): Promise<SyncRunRow[]> {
    return (await this.runPage(source, { limit, offset: 0 })).items;
  }

  /** Runs newest first, a page of them, with how many there are (of the source, when named). */
  async runPage(
    source: string | null,
    request: { limit: number; offset: number },
  ): Promise<Page<SyncRunRow>> {
    const where = source ? 'WHERE source = $3' : '';
    const params: unknown[] = source
      ? [request.limit, request.offset, source]
      : [request.limit, request.offset];
    const [items, counted] = await Promise.all([
      this.dataSource.query(
        `SELECT ${RUN_COLUMNS} FROM sync_runs ${where} ORDER BY id DESC LIMIT $1 OFFSET $2`,
        params,
      ) as Promise<SyncRunRow[]>,
      this.dataSource.query(
        `SELECT count(*)::int AS total FROM sync_runs ${source ? 'WHERE source = $1' : ''}`,
        source ? [source] : [],
      ) as Promise<{ total: number }[]>,
    ]);
    return { items, total: counted[0].total, limit: request.limit, offset: request.offset };
  }

  /** Records an administrator's "sync now" before it is queued (the queue may lose it). */
  async recordRequest(source: string, runKey: string): Promise<void> {
    await this.dataSource.query(
      'INSERT INTO sync_requests (run_key, source) VALUES ($1, $2) ON CONFLICT (run_key) DO NOTHING',
      [runKey, source],
    );
  }

  /**
   * "Sync now" requests of the last `days` days that no run has started under their key yet,
   * oldest first: the worker queues them again (a duplicate of a queued one is the same job id).
   */
  async pendingRequests(days = 7): Promise<{ source: string; runKey: string }[]> {
    return (await this.dataSource.query(
      `SELECT q.source, q.run_key AS "runKey" FROM sync_requests q
       WHERE q.requested_at > now() - make_interval(days => $1)
         AND NOT EXISTS (SELECT 1 FROM sync_runs r WHERE r.source = q.source AND r.run_key = q.run_key)
       ORDER BY q.requested_at`,
      [days],
    )) as { source: string; runKey: string }[];
  }

  async hasRun(runId: string): Promise<boolean> {
    const rows = (await this.dataSource.query('SELECT 1 FROM sync_runs WHERE id = $1', [runId])) as unknown[];
    return rows.length > 0;
  }

  async rejections(runId: string): Promise<
    {
      location: string;
      kind: string | null;
      recordId: string | null;
      field: string | null;
      severity: string;
      messageVi: string;
      messageEn: string;
    }[]
  > {
    return (await this.dataSource.query(
      `SELECT location, kind, record_id AS "recordId", field, severity, message_vi AS "messageVi", message_en AS "messageEn"
       FROM sync_rejections WHERE run_id = $1 ORDER BY id`,
      [runId],
    )) as never;
  }

  /**
   * Each source's last good sync as of `asOf`: the start (on the application clock) of its latest
   * successful run of any trigger — a nightly, a manual "sync now", a push — started by then; the
   * start, since a run brings what the source said when it was asked. `later` tells that the
   * source also has a good run after `asOf` (what is stored was read after the instant judged).
   * Sources with no successful run are absent.
   */
  /** `manager`: read in the caller's transaction (an evaluation: the embedded database has one connection). */
  async lastGoodRuns(
    asOf: Instant,
    manager?: EntityManager,
  ): Promise<Map<string, { at: Instant | null; later: boolean }>> {
    const rows = (await (manager ?? this.dataSource).query(
      `SELECT source, (extract(epoch from max(coalesce(clock_at, started_at)) FILTER (WHERE coalesce(clock_at, started_at) <= $1)) * 1000)::float8 AS at,
              bool_or(coalesce(clock_at, started_at) > $1) AS later
       FROM sync_runs WHERE status = 'succeeded' GROUP BY source`,
      [new Date(asOf).toISOString()],
    )) as { source: string; at: number | null; later: boolean }[];
    return new Map(rows.map((r) => [r.source, { at: r.at === null ? null : Number(r.at), later: r.later }]));
  }

  async sources(): Promise<{ name: string; kind: string; cursor: string | null; updatedAt: string }[]> {
    return (await this.dataSource.query(
      'SELECT name, kind, cursor, updated_at AS "updatedAt" FROM sources ORDER BY name',
    )) as never;
  }
}
