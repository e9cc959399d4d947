/**
 * Same-day data (issue 12): the office system or the axis gateway pushes a bundle or an edXML
 * message to a source the moment it has one, instead of waiting for the nightly pull. A push is a
 * run of that source like any other — the source's adapter translates it, the same validation
 * refuses what it refuses, the batches commit the same way, the affected obligations are evaluated
 * before the answer — recorded in `sync_runs` with trigger `push`, so it shows in `dunghan runs`
 * and `/api/runs` and counts as the source's latest successful run.
 *
 * Idempotent by content: the run's key is `push:<SHA-256 of the body>`, unique per source in
 * Postgres (`sync_runs_once_key`). The same bytes pushed again are answered "already received" with
 * the first run's summary and change nothing; a push whose run failed may be pushed again.
 */
import { createHash } from 'node:crypto';
import type { SourceDefinition } from '../../infra/adapters/source-adapter.port.js';
import type { PushedFormat } from '../../infra/adapters/push/pushed-message.js';
import { pushedBatches } from '../../infra/adapters/push/pushed-message.js';
import type { SyncRunRow, SyncStore } from '../../infra/store/sync-store.js';
import type { Instant } from '../../domain/time.js';
import { formatStoredTime } from '../../presentation/formats.js';
import type { SyncService } from './sync.service.js';

export type PushRejection = Awaited<ReturnType<SyncStore['rejections']>>[number];

export interface PushAnswer {
  /** `received`: this push was read now; `already_received`: the same bytes were, before. */
  outcome: 'received' | 'already_received';
  source: string;
  /** SHA-256 of the body, hex: what makes a push the same as another. */
  sha256: string;
  /** Vietnamese first, then English. */
  message: string;
  /** The run that read these bytes (for `already_received`, the first one). */
  run: SyncRunRow;
  /** What the run refused or warned about, each naming the record and field. */
  rejections: PushRejection[];
}

/** The same bytes are being read by another request right now. */
export class PushInProgressError extends Error {
  constructor(readonly source: string) {
    super(`the same content is being received for source ${source} right now`);
  }
}

/** How long a push waits for a sync of its source to end before it is answered "busy". */
export const PUSH_WAIT_MS = 20_000;

export class PushService {
  constructor(
    private readonly sync: SyncService,
    private readonly store: SyncStore,
    private readonly now: () => Instant,
    private readonly waitMs: number = PUSH_WAIT_MS,
  ) {}

  async push(source: SourceDefinition, format: PushedFormat, body: Buffer): Promise<PushAnswer> {
    const sha256 = createHash('sha256').update(body).digest('hex');
    const runKey = `push:${sha256}`;
    const before = await this.store.runByKey(source.name, runKey);
    if (before?.status === 'succeeded') return this.answer('already_received', source, sha256, before);
    // A run of these bytes still `running` is either live — it holds the source's lock, so this push
    // waits for it and then finds it succeeded — or dead, and this push takes it over.

    const message = {
      format,
      body,
      name: `push-${sha256.slice(0, 16)}`,
      receivedAt: new Date(this.now()),
    };
    const summary = await this.sync.push(source, runKey, () => pushedBatches(source, message), {
      waitMs: this.waitMs,
    });
    const run = await this.store.runByKey(source.name, runKey);
    // No summary: another request with the same bytes ran first; still running only on embedded
    // PGlite, which has no source lock to wait on.
    if (run === null || (summary === null && run.status !== 'succeeded'))
      throw new PushInProgressError(source.name);
    return this.answer(summary === null ? 'already_received' : 'received', source, sha256, run);
  }

  private async answer(
    outcome: PushAnswer['outcome'],
    source: SourceDefinition,
    sha256: string,
    run: SyncRunRow,
  ): Promise<PushAnswer> {
    const rejections = await this.store.rejections(run.id);
    const errors = rejections.filter((r) => r.severity === 'error').length;
    const counts = `thêm ${run.inserted}, cập nhật ${run.updated}, không đổi ${run.unchanged}, xoá ${run.deleted}, bị loại ${errors}`;
    const countsEn = `added ${run.inserted}, updated ${run.updated}, unchanged ${run.unchanged}, deleted ${run.deleted}, rejected ${errors}`;
    const at = formatStoredTime(run.finishedAt ?? run.startedAt);
    const message =
      outcome === 'received'
        ? `Đã nhận và xử lý (lượt ${run.id}): ${counts} / Received and processed (run ${run.id}): ${countsEn}`
        : `Đã nhận trước đó (lượt ${run.id}, ${at}); không có gì thay đổi / ` +
          `Already received (run ${run.id}, ${at}); nothing changed`;
    return { outcome, source: source.name, sha256, message, run, rejections };
  }
}
