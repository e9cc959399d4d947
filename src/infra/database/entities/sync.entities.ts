/** Sources and their sync runs: the cursor, and every run's counts, duration and rejections. */
import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

@Entity('sources')
export class SourceEntity {
  @PrimaryColumn('text') name!: string;
  @Column('text') kind!: string;
  /** Where the next run resumes; moved in the same transaction as the batch it follows. */
  @Column('text', { nullable: true }) cursor!: string | null;
  @Column('timestamptz', { name: 'updated_at', default: () => 'now()' }) updatedAt!: Date;
}

export type SyncRunStatus = 'running' | 'succeeded' | 'failed' | 'abandoned';

@Entity('sync_runs')
@Index('sync_runs_source_idx', ['source', 'startedAt'])
@Index('sync_runs_once_key', ['source', 'runKey'], { unique: true })
export class SyncRunEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id!: string;
  @Column('text') source!: string;
  /** `nightly:2025-03-10` for a scheduled run (one per source per night), else a unique key. */
  @Column('text', { name: 'run_key' }) runKey!: string;
  @Column('text') trigger!: string;
  @Column('text') status!: SyncRunStatus;
  @Column('text', { nullable: true }) worker!: string | null;
  @Column('timestamptz', { name: 'started_at' }) startedAt!: Date;
  /**
   * The application clock when the run read its source (DUNGHAN_CLOCK in a replay, else the same
   * as started_at): what a source's freshness is measured by. Null for runs recorded before it.
   */
  @Column('timestamptz', { name: 'clock_at', nullable: true }) clockAt!: Date | null;
  @Column('timestamptz', { name: 'heartbeat_at' }) heartbeatAt!: Date;
  @Column('timestamptz', { name: 'finished_at', nullable: true }) finishedAt!: Date | null;
  @Column('int', { name: 'duration_ms', nullable: true }) durationMs!: number | null;
  @Column('int', { default: 0 }) batches!: number;
  @Column('int', { default: 0 }) seen!: number;
  @Column('int', { default: 0 }) inserted!: number;
  @Column('int', { default: 0 }) updated!: number;
  @Column('int', { default: 0 }) unchanged!: number;
  @Column('int', { default: 0 }) deleted!: number;
  @Column('int', { default: 0 }) rejected!: number;
  /** Issues of records kept all the same (stored without a unit, waiting for a register entry). */
  @Column('int', { default: 0 }) warnings!: number;
  @Column('text', { nullable: true }) error!: string | null;
}

@Entity('sync_rejections')
@Index('sync_rejections_run_idx', ['runId'])
export class SyncRejectionEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id!: string;
  @Column('bigint', { name: 'run_id' }) runId!: string;
  @Column('text') location!: string;
  @Column('text', { nullable: true }) kind!: string | null;
  @Column('text', { name: 'record_id', nullable: true }) recordId!: string | null;
  @Column('text', { nullable: true }) field!: string | null;
  @Column('text') severity!: string;
  @Column('text', { name: 'message_vi' }) messageVi!: string;
  @Column('text', { name: 'message_en' }) messageEn!: string;
}

/**
 * Subjects a committed batch touched and no evaluation has covered yet. Written in the batch's
 * transaction and removed in the evaluation's, so a worker that dies between the two leaves them
 * for the next evaluation instead of losing them.
 */
@Entity('sync_pending_subjects')
export class SyncPendingSubjectEntity {
  /** `task`, `document`, or `unit` (any unit change means a full evaluation). */
  @PrimaryColumn('text') kind!: string;
  @PrimaryColumn('text', { name: 'subject_id' }) subjectId!: string;
  @Column('bigint', { name: 'run_id' }) runId!: string;
}

/**
 * An administrator's "sync now", recorded before it is queued: the queue is not the source of
 * truth, so a request the queue lost (Redis down or emptied) is queued again by the worker until
 * a run under its key exists.
 */
@Entity('sync_requests')
export class SyncRequestEntity {
  /** The run key the run will carry (`manual:<uuid>`). */
  @PrimaryColumn('text', { name: 'run_key' }) runKey!: string;
  @Column('text') source!: string;
  @Column('timestamptz', { name: 'requested_at', default: () => 'now()' }) requestedAt!: Date;
}
