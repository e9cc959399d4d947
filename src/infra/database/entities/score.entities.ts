/**
 * Scores per unit and per person per phase as of the latest evaluation (issue 5), refreshed in the
 * evaluation's transaction; the API reads them instead of re-scoring an agency-year per request.
 */
import { Column, Entity, Index } from 'typeorm';

@Entity('scores')
@Index('scores_unit_idx', ['phaseId', 'unitId'])
export class ScoreEntity {
  @Column('text', { name: 'phase_id', primary: true }) phaseId!: string;
  /** `unit` or `person`. */
  @Column('text', { primary: true }) level!: string;
  @Column('text', { name: 'subject_id', primary: true }) subjectId!: string;
  /** The unit itself, or the person's unit: what a unit head may see. */
  @Column('text', { name: 'unit_id', nullable: true }) unitId!: string | null;
  /** Computed score plus adjustments, clamped to 0…100. */
  @Column('numeric', { precision: 6, scale: 2 }) score!: string;
  @Column('numeric', { name: 'computed_score', precision: 6, scale: 2 }) computedScore!: string;
  @Column('numeric', { precision: 6, scale: 2 }) adjustment!: string;
  @Column('text') grade!: string;
  /** Units only: 1 for the best score of the phase; ties share a rank. */
  @Column('int', { nullable: true }) rank!: number | null;
  @Column('jsonb') rules!: Record<string, { judged: number; met: number; rate: number }>;
  @Column('double precision', { name: 'excellent_share', nullable: true }) excellentShare!: number | null;
  @Column('double precision', { name: 'excellent_target', nullable: true }) excellentTarget!: number | null;
  @Column('bigint', { name: 'evaluation_id' }) evaluationId!: string;
  @Column('timestamptz', { name: 'as_of' }) asOf!: Date;
}
