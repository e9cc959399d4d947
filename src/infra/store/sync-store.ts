/**
 * Sync runs and cursors in Postgres. A batch, its rejections, the run's counts and the source's
 * cursor are written in ONE transaction: a crash before the commit loses nothing and repeats
 * nothing, because the cursor still points before the batch.
 */
import type { DataSource, EntityManager } from 'typeorm';
import type { BundleIssue } from '../../domain/bundle/bundle-issue.js';
import { formatIssue } from '../../domain/bundle/bundle-issue.js';
import type { RecordBatch, StoredReferences } from '../../domain/bundle/record-batch.js';
import { batchSize, referencedIds, resolveBatch } from '../../domain/bundle/record-batch.js';
import type { AdapterIssue } from '../adapters/source-adapter.port.js';
import type { Touched, WriteCounts } from './record-store.js';
import { RecordStore } from './record-store.js';
import { rowsOf } from '../database/query-rows.js';

export interface RunCounts extends WriteCounts {
  seen: number;
  rejected: number;
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
  error: string | null;
}

export interface CommitInput {
  runId: string;
  source: string;
  label: string;
  batch: RecordBatch;
  /** Records that failed validation before the batch was formed. */
  rejected: BundleIssue[];
  adapterIssues: AdapterIssue[];
  cursor: string | null;
  /** Elements the source delivered in this batch, valid or not. */
  seen: number;
}

export class SyncStore {
  private readonly records = new RecordStore();

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
  ): Promise<T | 'busy'> {
    if (singleConnection) return work();
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      const [{ locked }] = (await runner.query(
        `SELECT pg_try_advisory_lock(hashtext('dunghan:sync:' || $1)) AS locked`,
        [source],
      )) as { locked: boolean }[];
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
   */
  async startRun(
    source: string,
    kind: string,
    runKey: string,
    trigger: string,
    worker: string,
  ): Promise<string | null> {
    await this.dataSource.query(
      `INSERT INTO sources (name, kind) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET kind = excluded.kind`,
      [source, kind],
    );
    const inserted = (await this.dataSource.query(
      `INSERT INTO sync_runs (source, run_key, trigger, status, worker, started_at, heartbeat_at)
       VALUES ($1, $2, $3, 'running', $4, now(), now())
       ON CONFLICT (source, run_key) DO NOTHING RETURNING id`,
      [source, runKey, trigger, worker],
    )) as { id: string }[];
    if (inserted.length > 0) return inserted[0].id;
    const rows = rowsOf<{ id: string }>(
      await this.dataSource.query(
        `UPDATE sync_runs SET status = 'running', worker = $3, started_at = now(), heartbeat_at = now(), finished_at = NULL,
         duration_ms = NULL, error = NULL, batches = 0, seen = 0, inserted = 0, updated = 0, unchanged = 0, deleted = 0, rejected = 0
       WHERE source = $1 AND run_key = $2 AND status IN ('failed', 'abandoned') RETURNING id`,
        [source, runKey, worker],
      ),
    );
    return rows.length > 0 ? rows[0].id : null;
  }

  async cursorOf(source: string): Promise<string | null> {
    const rows = (await this.dataSource.query('SELECT cursor FROM sources WHERE name = $1', [source])) as {
      cursor: string | null;
    }[];
    return rows[0]?.cursor ?? null;
  }

  /** Everything about one batch in one transaction: records, rejections, counts, cursor. */
  async commitBatch(input: CommitInput): Promise<{ counts: RunCounts }> {
    return this.dataSource.transaction(async (manager) => {
      const stored = await this.lookup(manager, input.batch);
      const resolved = resolveBatch(input.batch, stored, input.label);
      const { counts, touched } = await this.records.writeBatch(manager, resolved.batch, input.runId);
      await this.markPending(manager, input.runId, touched);
      const issues = [...input.rejected, ...resolved.issues];
      await this.insertRejections(manager, input.runId, issues, input.adapterIssues);
      const rejected =
        input.rejected.filter((i) => i.severity === 'error').length +
        resolved.issues.filter((i) => i.severity === 'error').length +
        input.adapterIssues.length;
      const runCounts: RunCounts = { ...counts, seen: input.seen, rejected, batches: 1 };
      await manager.query(
        `UPDATE sync_runs SET batches = batches + 1, seen = seen + $2, inserted = inserted + $3, updated = updated + $4,
           unchanged = unchanged + $5, deleted = deleted + $6, rejected = rejected + $7, heartbeat_at = now()
         WHERE id = $1`,
        [
          input.runId,
          input.seen,
          counts.inserted,
          counts.updated,
          counts.unchanged,
          counts.deleted,
          rejected,
        ],
      );
      if (input.cursor !== null) {
        await manager.query('UPDATE sources SET cursor = $2, updated_at = now() WHERE name = $1', [
          input.source,
          input.cursor,
        ]);
      }
      return { counts: runCounts };
    });
  }

  /** What this batch touched waits here, in the same transaction, until an evaluation covers it. */
  private async markPending(manager: EntityManager, runId: string, touched: Touched): Promise<void> {
    const rows: [string, string][] = [
      ...[...touched.taskIds].map((id): [string, string] => ['task', id]),
      ...[...touched.documentIds].map((id): [string, string] => ['document', id]),
      ...(touched.units ? [['unit', '*'] as [string, string]] : []),
    ];
    if (rows.length === 0) return;
    await manager.query(
      `INSERT INTO sync_pending_subjects (kind, subject_id, run_id) SELECT k, s, $3 FROM unnest($1::text[], $2::text[]) AS p(k, s)
       ON CONFLICT (kind, subject_id) DO UPDATE SET run_id = excluded.run_id`,
      [rows.map((r) => r[0]), rows.map((r) => r[1]), runId],
    );
  }

  private async lookup(manager: EntityManager, batch: RecordBatch): Promise<StoredReferences> {
    if (batchSize(batch) === 0) {
      return {
        units: new Set(),
        tasks: new Set(),
        documents: new Set(),
        people: new Set(),
        secretDocuments: new Set(),
        secretTasks: new Set(),
      };
    }
    const ids = referencedIds(batch);
    const taskIds = [...new Set([...ids.tasks, ...batch.tasks.map((t) => t.id)])];
    // Existence and confidentiality of documents, and of tasks, each in one query.
    const documents = await this.records.storedDocuments(manager, ids.documents);
    const tasks = await this.records.storedTasks(manager, taskIds);
    return {
      units: await this.records.existing(manager, 'units', ids.units),
      tasks: new Set(ids.tasks.filter((id) => tasks.existing.has(id))),
      documents: documents.existing,
      people: await this.records.existing(manager, 'people', ids.people),
      secretDocuments: documents.secret,
      secretTasks: tasks.secret,
    };
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
        'error',
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
    return (await this.dataSource.query(
      `SELECT id, source, run_key AS "runKey", trigger, status, worker, started_at AS "startedAt", finished_at AS "finishedAt",
              duration_ms AS "durationMs", batches, seen, inserted, updated, unchanged, deleted, rejected, error
       FROM sync_runs ${source ? 'WHERE source = $2' : ''} ORDER BY id DESC LIMIT $1`,
      source ? [limit, source] : [limit],
    )) as SyncRunRow[];
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

  async sources(): Promise<{ name: string; kind: string; cursor: string | null; updatedAt: string }[]> {
    return (await this.dataSource.query(
      'SELECT name, kind, cursor, updated_at AS "updatedAt" FROM sources ORDER BY name',
    )) as never;
  }
}
