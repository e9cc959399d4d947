/** Obligations as last evaluated, and every change of their status or due date. */
import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

@Entity('evaluations')
export class EvaluationEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id!: string;
  @Column('timestamptz', { name: 'as_of' }) asOf!: Date;
  /** `sync_run:<id>`, `recompute`, `import`. */
  @Column('text') cause!: string;
  /** `full`, or `affected` with the number of subjects. */
  @Column('text') scope!: string;
  @Column('int', { default: 0 }) subjects!: number;
  @Column('int', { default: 0 }) obligations!: number;
  @Column('int', { default: 0 }) changed!: number;
  @Column('int', { default: 0 }) removed!: number;
  @Column('timestamptz', { name: 'started_at' }) startedAt!: Date;
  @Column('timestamptz', { name: 'finished_at', nullable: true }) finishedAt!: Date | null;
  @Column('jsonb', { name: 'derived_years' }) derivedYears!: number[];
  @Column('date', { name: 'tracking_start', nullable: true }) trackingStart!: string | null;
}

@Entity('obligations')
@Index('obligations_unit_idx', ['unitId', 'phaseId'])
@Index('obligations_person_idx', ['personId', 'phaseId'])
@Index('obligations_due_idx', ['status', 'dueDate'])
@Index('obligations_task_idx', ['taskId'])
/** The API's pages: a unit's or a person's obligations in due-date order, read from the index. */
@Index('obligations_unit_due_idx', ['unitId', 'dueDate', 'id'])
@Index('obligations_person_due_idx', ['personId', 'dueDate', 'id'])
/** "What is overdue in my unit": a unit's obligations of one status, in due-date order. */
@Index('obligations_unit_status_due_idx', ['unitId', 'status', 'dueDate', 'id'])
export class ObligationEntity {
  @PrimaryColumn('text') id!: string;
  @Column('text') rule!: string;
  @Column('text', { name: 'subject_id' }) subjectId!: string;
  /** The task a task or draft obligation comes from: what an affected-subjects evaluation replaces. */
  @Column('text', { name: 'task_id', nullable: true }) taskId!: string | null;
  @Column('text', { name: 'unit_id', nullable: true }) unitId!: string | null;
  @Column('text', { name: 'person_id', nullable: true }) personId!: string | null;
  @Column('date', { name: 'due_date', nullable: true }) dueDate!: string | null;
  @Column('text') status!: string;
  @Column('timestamptz', { name: 'done_at', nullable: true }) doneAt!: Date | null;
  @Column('int', { name: 'working_days_late', nullable: true }) workingDaysLate!: number | null;
  @Column('boolean') tight!: boolean;
  @Column('text', { name: 'phase_id', nullable: true }) phaseId!: string | null;
  @Column('jsonb') details!: Record<string, unknown>;
  @Column('timestamptz', { name: 'as_of' }) asOf!: Date;
  @Column('bigint', { name: 'evaluation_id' }) evaluationId!: string;
}

@Entity('obligation_history')
@Index('obligation_history_obligation_idx', ['obligationId', 'id'])
export class ObligationHistoryEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id!: string;
  @Column('text', { name: 'obligation_id' }) obligationId!: string;
  @Column('bigint', { name: 'evaluation_id' }) evaluationId!: string;
  /** What caused the evaluation: `sync_run:<id>`, `recompute`, `import`. */
  @Column('text') cause!: string;
  @Column('timestamptz', { name: 'as_of' }) asOf!: Date;
  @Column('text', { name: 'previous_status', nullable: true }) previousStatus!: string | null;
  @Column('text', { nullable: true }) status!: string | null;
  @Column('date', { name: 'previous_due_date', nullable: true }) previousDueDate!: string | null;
  @Column('date', { name: 'due_date', nullable: true }) dueDate!: string | null;
}
