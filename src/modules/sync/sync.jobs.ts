/**
 * The sync jobs: one recurring job per enabled source (cron only enqueues) and the handler that
 * runs a source. The nightly job's run key is its local night, so however many replicas fire or
 * retry it, `SyncService.run` does the work once and the others are business no-ops ('skipped').
 */
import { Inject, Injectable, Logger } from '@nestjs/common';
import { jobIdFor, nightlyRunKey } from '../../infra/queue/job-ids.js';
import type { JobOutcome, JobQueue, SyncSourcePayload } from '../../infra/queue/job-queue.port.js';
import { JobName } from '../../infra/queue/job-queue.port.js';
import { SyncStore } from '../../infra/store/sync-store.js';
import { JOB_QUEUE } from '../core/core.tokens.js';
import { SourceCatalog } from './source-catalog.service.js';
import { SyncService } from './sync.service.js';

/** `sync__<source>__2025-03-10` for the night of 10 March (STYLE.md "Jobs"). */
export function nightlyJobId(source: string, firedAt: Date): string {
  return jobIdFor('sync', source, nightlyRunKey(firedAt).slice('nightly:'.length));
}

/** A manual run's job id follows from its unique run key, so enqueueing it twice is one job. */
export function manualJobId(source: string, runKey: string): string {
  return jobIdFor('sync', source, runKey);
}

/** The id of a source's nightly scheduler in the queue. */
export function syncSchedulerId(source: string): string {
  return `sync__${source}`;
}

@Injectable()
export class SyncJobs {
  private readonly logger = new Logger('SyncJobs');

  constructor(
    @Inject(SyncService) private readonly sync: SyncService,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    @Inject(SourceCatalog) private readonly catalog: SourceCatalog,
    @Inject(SyncStore) private readonly runs: SyncStore,
  ) {}

  /** Registers the nightly job of every enabled source, idempotently (a scheduler per source id). */
  async schedule(): Promise<string[]> {
    const scheduled: string[] = [];
    for (const { name, cron, enabled } of this.catalog.list()) {
      if (!enabled) continue;
      await this.queue.schedule({
        id: syncSchedulerId(name),
        name: JobName.SyncSource,
        cron,
        payload: (firedAt) => ({ source: name, trigger: 'schedule', runKey: nightlyRunKey(firedAt) }),
        jobId: (firedAt) => nightlyJobId(name, firedAt),
      });
      scheduled.push(name);
    }
    return scheduled;
  }

  /** The scheduler ids `schedule()` registers: one per enabled source. */
  schedulerIds(): string[] {
    return this.catalog
      .list()
      .filter((source) => source.enabled)
      .map((source) => syncSchedulerId(source.name));
  }

  /**
   * Queues again every recorded "sync now" that no run has started yet (the queue lost it, or
   * never took it while Redis was down); a request still queued is the same job id, a no-op.
   * Returns how many were queued.
   */
  async requeueRequests(): Promise<number> {
    const pending = await this.runs.pendingRequests();
    for (const { source, runKey } of pending) {
      await this.queue.enqueue(
        JobName.SyncSource,
        { source, trigger: 'manual', runKey },
        { jobId: manualJobId(source, runKey) },
      );
    }
    return pending.length;
  }

  /** Starts consuming sync jobs in this process. */
  async consume(concurrency = 1): Promise<void> {
    await this.queue.process(JobName.SyncSource, (payload) => this.handle(payload), { concurrency });
  }

  /** Errors are thrown so the queue retries; a retry resumes from the last committed cursor. */
  async handle(payload: SyncSourcePayload): Promise<JobOutcome> {
    const source = this.catalog.find(payload.source);
    if (source === undefined) {
      // Removed from the configuration since the job was enqueued: retrying cannot help.
      this.logger.warn(`Source "${payload.source}" is no longer configured; job skipped`);
      return 'skipped';
    }
    if (payload.trigger === 'schedule' && !source.enabled) return 'skipped';
    const summary = await this.sync.run(source, payload.trigger, payload.runKey);
    if (summary === null) return 'skipped';
    const c = summary.counts;
    const e = summary.evaluation;
    // Where an evaluation's time went, step by step: what an administrator needs when a night runs long.
    const evaluated =
      e === null
        ? ''
        : `; evaluated ${e.scope} (${e.subjects} subjects, ${e.changed} obligations changed) in ${e.ms} ms: ` +
          Object.entries(e.steps)
            .map(([step, ms]) => `${step} ${ms}`)
            .join(', ');
    this.logger.log(
      `${source.name} run ${summary.runId} (${payload.runKey}): ${c.batches} batches, ${c.seen} seen, ` +
        `${c.inserted} inserted, ${c.updated} updated, ${c.deleted} deleted, ${c.rejected} rejected, ${c.warnings} warnings${evaluated}`,
    );
    return 'done';
  }
}
