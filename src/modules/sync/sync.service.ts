/**
 * One sync run of one source: pull batches from its adapter, validate every record, commit each
 * batch with its rejections and the new cursor in one transaction, let the adapter settle what was
 * committed, then evaluate what the run touched. Errors are thrown so the queue retries the run;
 * a retry resumes from the last committed cursor.
 */
import type { BundleIssue } from '../../domain/bundle/bundle-issue.js';
import type { RecordBatch } from '../../domain/bundle/record-batch.js';
import type { Dataset, Tombstone } from '../../domain/model.js';
import { batchSize, emptyBatch, validateBatch } from '../../domain/bundle/record-batch.js';
import type { PlausibleDates } from '../../domain/bundle/plausible-dates.js';
import { DEFAULT_PLAUSIBLE_DATES, plausibleRange } from '../../domain/bundle/plausible-dates.js';
import type { Instant } from '../../domain/time.js';
import type {
  SourceAdapter,
  SourceBatch,
  SourceDefinition,
  SourceLimits,
} from '../../infra/adapters/source-adapter.port.js';
import type { PreparedCommit, RunCounts, SyncStore } from '../../infra/store/sync-store.js';
import { CommittedReferences } from '../../infra/store/sync-store.js';
import type { EvaluationService, EvaluationSummary } from '../evaluation/evaluation.service.js';

export interface SyncRunSummary {
  runId: string;
  source: string;
  counts: RunCounts;
  evaluation: EvaluationSummary | null;
}

export interface SyncServiceOptions {
  /** Who runs it (host:pid), for the run's record. */
  worker: string;
  now: () => Instant;
  /** The dates a record may carry (`plausibleDates` in dunghan.json); the upper end moves with `now`. */
  plausibleDates?: PlausibleDates;
  /** Runs without a heartbeat for this long are swept as abandoned. */
  staleAfterMs?: number;
  /** Embedded PGlite: one connection, so no per-source lock connection. */
  singleConnection?: boolean;
}

export class SourceBusyError extends Error {
  constructor(readonly source: string) {
    super(`source ${source} is being synced by another process; try again when that run ends`);
  }
}

function zeroCounts(): RunCounts {
  return { seen: 0, inserted: 0, updated: 0, unchanged: 0, deleted: 0, rejected: 0, warnings: 0, batches: 0 };
}

function addCounts(total: RunCounts, more: RunCounts): void {
  for (const key of Object.keys(total) as (keyof RunCounts)[]) total[key] += more[key];
}

export class SyncService {
  constructor(
    private readonly store: SyncStore,
    private readonly evaluation: EvaluationService,
    private readonly adapterFor: (source: SourceDefinition) => SourceAdapter,
    private readonly options: SyncServiceOptions,
  ) {}

  /**
   * A real server: batches overlap with their preparation, and new rows go by COPY. Embedded PGlite
   * runs in this process (nothing would overlap) and its socket does not speak COPY.
   */
  private get bulk(): boolean {
    return !(this.options.singleConnection ?? false);
  }

  /**
   * Runs `source` under `runKey`. Returns null (a business no-op) when a run with that key already
   * succeeded or is running elsewhere.
   */
  async run(source: SourceDefinition, trigger: string, runKey: string): Promise<SyncRunSummary | null> {
    const result = await this.store.withSourceLock(source.name, this.options.singleConnection ?? false, () =>
      this.runLocked(source, trigger, runKey),
    );
    // Thrown, not skipped: the queue retries it once the other run of this source is done.
    if (result === 'busy') throw new SourceBusyError(source.name);
    return result;
  }

  /**
   * Runs a pushed message (`POST /api/sources/:name/push`) as a run of `source` under `runKey`
   * (`push:<sha256>`): its batches are validated, committed, rejected and evaluated exactly as a
   * sync's, without moving the source's cursor (they carry none). Waits up to `waitMs` for a run of
   * the source to end, then throws SourceBusyError; null when a run under `runKey` already succeeded
   * or is running.
   */
  async push(
    source: SourceDefinition,
    runKey: string,
    batches: () => AsyncIterable<SourceBatch>,
    { waitMs = 0 }: { waitMs?: number } = {},
  ): Promise<SyncRunSummary | null> {
    const result = await this.store.withSourceLock(
      source.name,
      this.options.singleConnection ?? false,
      () =>
        this.runLocked(source, 'push', runKey, (runId) =>
          this.applyBatches(runId, source.name, batches(), undefined, source.limits),
        ),
      { waitMs },
    );
    if (result === 'busy') throw new SourceBusyError(source.name);
    return result;
  }

  private async runLocked(
    source: SourceDefinition,
    trigger: string,
    runKey: string,
    work: (runId: string) => Promise<{ counts: RunCounts }> = async (runId) => {
      const adapter = this.adapterFor(source);
      return this.applyBatches(
        runId,
        source.name,
        adapter.pull(await this.store.cursorOf(source.name)),
        adapter,
        source.limits,
      );
    },
  ): Promise<SyncRunSummary | null> {
    await this.store.sweepStale(this.options.staleAfterMs ?? 10 * 60_000);
    const startedAt = this.options.now();
    const runId = await this.store.startRun(source.name, source.kind, runKey, trigger, this.options.worker, {
      holdsSourceLock: !(this.options.singleConnection ?? false),
      clockAt: startedAt,
    });
    if (runId === null) return null;
    try {
      const { counts } = await work(runId);
      await this.store.heartbeat(runId);
      const evaluation = await this.evaluation.evaluate(this.options.now(), `sync_run:${runId}`, 'pending', {
        justSynced: { source: source.name, at: startedAt },
      });
      await this.store.finishRun(runId, 'succeeded', null);
      return { runId, source: source.name, counts, evaluation };
    } catch (error) {
      await this.store.finishRun(runId, 'failed', (error as Error).message ?? String(error));
      // What the batches before the failure committed is judged, and, once the source is stale,
      // the verdicts resting on it turn unknown now rather than at its next good run (issue 13).
      // The run's own error is what the queue must see; a failing evaluation here is retried with it.
      await this.evaluation
        .evaluate(this.options.now(), `sync_failed:${runId}`, 'pending')
        .catch(() => undefined);
      throw error;
    }
  }

  /** Commits each batch in its own transaction; the adapter settles only what is committed. */
  async applyBatches(
    runId: string,
    sourceName: string,
    batches: AsyncIterable<SourceBatch>,
    adapter?: Pick<SourceAdapter, 'settle'>,
    /** The source's limits: a text over `maxTextLength` refuses its record, the field named. */
    limits?: Pick<SourceLimits, 'maxTextLength'>,
  ): Promise<{ counts: RunCounts }> {
    const counts = zeroCounts();
    const range = plausibleRange(this.options.plausibleDates ?? DEFAULT_PLAUSIBLE_DATES, this.options.now());
    await this.commitInOrder(
      batches,
      (source) => {
        const { batch, rejections, seen } = validateBatch(
          source.part,
          source.label,
          range,
          limits?.maxTextLength,
        );
        return this.store.prepare(
          {
            runId,
            source: sourceName,
            label: source.label,
            batch,
            judged: { rejections },
            adapterIssues: source.issues,
            documentStatuses: source.documentStatuses,
            cursor: source.cursor,
            seen,
          },
          this.bulk,
        );
      },
      async (source, committed) => {
        addCounts(counts, committed);
        if (source.cursor !== null && adapter?.settle) await adapter.settle(source.cursor);
      },
    );
    return { counts };
  }

  /**
   * Writes loaded bundles under `runId` (`dunghan import`): the records the reference rules kept,
   * judged whole against what is stored (load-bundles.ts), in storage-sized batches in reference
   * order, then the tombstones, committed as a sync's are (and so judged again, as a guard). The
   * loader's `issues` are kept and counted with the first batch — there is one even when nothing
   * was kept. An import ends in a full evaluation, so its batches mark that one is due rather than
   * every subject they touched (a crash before it leaves the mark for the next sync's evaluation).
   */
  async importDataset(
    runId: string,
    dataset: Dataset,
    label: string,
    issues: BundleIssue[],
    onBatch?: (batch: RecordBatch, counts: RunCounts) => void,
    tombstones: readonly Tombstone[] = [],
  ): Promise<RunCounts> {
    const counts = zeroCounts();
    let first = true;
    await this.commitInOrder(
      datasetBatches(dataset, tombstones),
      (batch) => {
        const input = {
          runId,
          source: 'import',
          label,
          batch,
          judged: { told: first ? issues : [] },
          adapterIssues: [],
          cursor: null,
          seen: batchSize(batch),
          pending: 'everything' as const,
        };
        first = false;
        return this.store.prepare(input, this.bulk);
      },
      (batch, committed) => {
        addCounts(counts, committed);
        onBatch?.(batch, committed);
      },
    );
    return counts;
  }

  /**
   * Commits batches in order, one transaction each. On a real server the next batch is pulled,
   * validated, hashed and serialized while the one before it commits, so Node and Postgres work at
   * once instead of taking turns (a province-year's import keeps both busy for most of its run). A
   * batch's transaction still opens only once the previous one has committed and `committed` (the
   * adapter settling its files) has run: the cursor never passes a batch that is not stored. On
   * embedded PGlite the database runs in this process, so nothing would overlap: one at a time.
   */
  private async commitInOrder<T>(
    items: AsyncIterable<T> | Iterable<T>,
    prepare: (item: T) => Promise<PreparedCommit>,
    committed: (item: T, counts: RunCounts) => Promise<void> | void,
  ): Promise<void> {
    const overlap = this.bulk;
    const committedSoFar = new CommittedReferences();
    let inFlight: Promise<void> | null = null;
    try {
      for await (const item of items) {
        const prepared = await prepare(item);
        if (inFlight !== null) await inFlight;
        inFlight = this.store
          .commitPrepared(prepared, committedSoFar)
          .then(({ counts }) => committed(item, counts));
        // Awaited before the next commit; until then its failure must not count as unhandled.
        inFlight.catch(() => undefined);
        if (!overlap) await inFlight;
      }
      if (inFlight !== null) await inFlight;
    } catch (error) {
      // The pull or a preparation failed while a batch commits: let it end before the run is failed.
      await inFlight?.catch(() => undefined);
      throw error;
    }
  }
}

/** Records per transaction when a loaded dataset is written. */
const IMPORT_BATCH = 10_000;

/**
 * The dataset in storage-sized batches, in reference order (units before people before …), then
 * the tombstones, which apply after every record; at least one batch, which may be empty.
 */
export function* datasetBatches(
  dataset: Dataset,
  tombstones: readonly Tombstone[] = [],
): Generator<RecordBatch> {
  let any = false;
  const sections: [keyof RecordBatch, readonly unknown[]][] = [
    ['units', [...dataset.units.values()]],
    ['people', [...dataset.people.values()]],
    ['documents', [...dataset.documents.values()]],
    ['tasks', [...dataset.tasks.values()]],
    ['drafts', [...dataset.drafts.values()]],
    ['weeklySchedules', [...dataset.weeklySchedules.values()]],
    ['mailboxes', dataset.mailboxes],
  ];
  for (const [key, rows] of sections) {
    for (let i = 0; i < rows.length; i += IMPORT_BATCH) {
      const batch = emptyBatch();
      (batch[key] as unknown[]) = rows.slice(i, i + IMPORT_BATCH);
      any = true;
      yield batch;
    }
  }
  if (tombstones.length > 0 || !any) yield { ...emptyBatch(), tombstones: [...tombstones] };
}
