/**
 * Review snapshots (issue 5): a phase's scores frozen at a review, one row per version. Rows are
 * never changed or removed — a trigger in the migration refuses UPDATE, DELETE and TRUNCATE — so a
 * recomputation is a new version.
 */
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { SnapshotContent } from '../../../domain/snapshots/snapshot-content.js';

@Entity('review_snapshots')
@Index('review_snapshots_phase_version_key', ['phaseId', 'version'], { unique: true })
export class ReviewSnapshotEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id!: string;
  @Column('text', { name: 'phase_id' }) phaseId!: string;
  @Column('int') version!: number;
  @Column('timestamptz', { name: 'frozen_at' }) frozenAt!: Date;
  /** The instant the stored records were evaluated as of. */
  @Column('timestamptz', { name: 'as_of' }) asOf!: Date;
  @Column('text', { name: 'frozen_by' }) frozenBy!: string;
  /** `sha256:<hex>` of the content's canonical JSON; checked on every read. */
  @Column('text') checksum!: string;
  @Column('jsonb') content!: SnapshotContent;
}
