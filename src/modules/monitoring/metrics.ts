/**
 * Prometheus metrics (`GET /metrics`): what an administrator watches. The figures that live in the
 * database — sync runs, obligations by status, mails sent — are read when Prometheus scrapes, so
 * every API replica reports the same truth and nothing is counted twice; queue depth comes from the
 * queue; request latency is measured here. Each app has its own registry (tests start several).
 */
import { Logger } from '@nestjs/common';
import { Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { SourceFreshness } from '../../domain/freshness.js';
import type { JobQueue } from '../../infra/queue/job-queue.port.js';
import type { MetricsReader } from '../../infra/store/metrics-reader.js';

export interface Metrics {
  registry: Registry;
  httpDuration: Histogram<'method' | 'route' | 'status'>;
}

const logger = new Logger('Metrics');

/** A gauge whose values are read at scrape time; a failed read is logged and leaves it empty. */
function scraped<L extends string>(
  registry: Registry,
  name: string,
  help: string,
  labelNames: L[],
  read: (set: (labels: Record<L, string>, value: number) => void) => Promise<void>,
): void {
  new Gauge<L>({
    name,
    help,
    labelNames,
    registers: [registry],
    async collect() {
      this.reset();
      try {
        await read((labels, value) => this.set(labels, value));
      } catch (error) {
        logger.warn(`${name}: ${(error as Error).message}`);
      }
    },
  });
}

/** Each enabled source's freshness now (docs/freshness.md). */
export type FreshnessNow = () => Promise<SourceFreshness[]>;

export function createMetrics(reader: MetricsReader, queue: JobQueue, freshness?: FreshnessNow): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'dunghan_' });

  if (freshness !== undefined) {
    scraped(
      registry,
      'dunghan_source_seconds_since_last_good_sync',
      'Seconds since each source last synced or was pushed successfully (absent: never)',
      ['source'],
      async (set) => {
        for (const f of await freshness())
          if (f.lastGoodAt !== null) set({ source: f.source }, Math.max(0, f.asOf - f.lastGoodAt) / 1000);
      },
    );
    scraped(
      registry,
      'dunghan_source_stale',
      'Whether each source is stale (1): no good sync within its freshWithinHours',
      ['source'],
      async (set) => {
        for (const f of await freshness()) set({ source: f.source }, f.stale ? 1 : 0);
      },
    );
    scraped(
      registry,
      'dunghan_source_unknown_verdicts',
      'Stored obligations judged unknown ("chưa đủ dữ liệu") while waiting on each source',
      ['source'],
      async (set) => {
        const waiting = new Map((await reader.unknownBySource()).map((r) => [r.source, r.n]));
        for (const f of await freshness()) set({ source: f.source }, waiting.get(f.source) ?? 0);
      },
    );
  }

  scraped(
    registry,
    'dunghan_sync_runs',
    'Sync runs stored, by source and status',
    ['source', 'status'],
    async (set) => {
      for (const r of await reader.syncRunCounts()) set({ source: r.source, status: r.status }, r.n);
    },
  );
  scraped(
    registry,
    'dunghan_sync_last_run_seconds',
    'Duration of the last finished sync run of each source',
    ['source', 'status'],
    async (set) => {
      for (const r of await reader.lastRuns())
        set({ source: r.source, status: r.status }, (r.durationMs ?? 0) / 1000);
    },
  );
  scraped(
    registry,
    'dunghan_sync_last_success_timestamp_seconds',
    'When each source last synced successfully (alert when it is more than a day old)',
    ['source'],
    async (set) => {
      for (const r of await reader.lastSuccesses()) set({ source: r.source }, r.at);
    },
  );
  scraped(
    registry,
    'dunghan_obligations',
    'Stored obligations by rule and status',
    ['rule', 'status'],
    async (set) => {
      for (const r of await reader.obligationCounts()) set({ rule: r.rule, status: r.status }, r.n);
    },
  );
  scraped(
    registry,
    'dunghan_mails_sent',
    'Messages delivered to the mail server, by kind',
    ['kind'],
    async (set) => {
      const row = await reader.mailsSent();
      set({ kind: 'reminder' }, row.reminders);
      set({ kind: 'digest' }, row.digests);
    },
  );
  scraped(registry, 'dunghan_queue_jobs', 'Jobs in the queues by state', ['queue', 'state'], async (set) => {
    for (const d of await queue.depth()) {
      set({ queue: d.queue, state: 'waiting' }, d.waiting);
      set({ queue: d.queue, state: 'active' }, d.active);
      set({ queue: d.queue, state: 'delayed' }, d.delayed);
    }
  });

  const httpDuration = new Histogram<'method' | 'route' | 'status'>({
    name: 'dunghan_http_request_duration_seconds',
    help: 'API requests by route pattern (never the raw URL) and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
    registers: [registry],
  });
  return { registry, httpDuration };
}
