/**
 * The canonical records as stored (BUNDLE.md), one table per kind. Relations are plain id columns:
 * references are checked at import and a record may arrive before what it points at.
 * `hash` is the content hash of the normalized record: re-importing the same data changes nothing.
 * Confidential documents keep only id, direction, confidentiality and date; tasks and drafts that
 * handle them only their ids and link (`secret`), per DOMAIN.md §4.
 */
import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

@Entity('units')
export class UnitEntity {
  @PrimaryColumn('text') id!: string;
  @Column('text') name!: string;
  @Column('text', { name: 'parent_id', nullable: true }) parentId!: string | null;
  @Column('text', { name: 'head_id', nullable: true }) headId!: string | null;
  @Column('text') hash!: string;
  @Column('bigint', { name: 'run_id', nullable: true }) runId!: string | null;
}

@Entity('people')
@Index('people_unit_idx', ['unitId'])
export class PersonEntity {
  @PrimaryColumn('text') id!: string;
  @Column('text', { nullable: true }) name!: string | null;
  @Column('text', { name: 'unit_id' }) unitId!: string;
  @Column('text', { nullable: true }) role!: string | null;
  @Column('text', { nullable: true }) email!: string | null;
  @Column('boolean') active!: boolean;
  @Column('text') hash!: string;
  @Column('bigint', { name: 'run_id', nullable: true }) runId!: string | null;
}

@Entity('documents')
@Index('documents_unit_idx', ['unitId'])
export class DocumentEntity {
  @PrimaryColumn('text') id!: string;
  @Column('text') direction!: string;
  @Column('text') confidentiality!: string;
  @Column('date') date!: string;
  @Column('text', { nullable: true }) number!: string | null;
  @Column('text', { nullable: true }) type!: string | null;
  @Column('text', { nullable: true }) subject!: string | null;
  @Column('boolean', { name: 'legal_normative', nullable: true }) legalNormative!: boolean | null;
  @Column('text', { nullable: true }) urgency!: string | null;
  @Column('timestamptz', { name: 'received_at', nullable: true }) receivedAt!: Date | null;
  @Column('timestamptz', { name: 'issued_at', nullable: true }) issuedAt!: Date | null;
  @Column('date', { nullable: true }) deadline!: string | null;
  @Column('text', { nullable: true }) channel!: string | null;
  @Column('boolean', { name: 'signature_agency', nullable: true }) signatureAgency!: boolean | null;
  @Column('boolean', { name: 'signature_signer', nullable: true }) signatureSigner!: boolean | null;
  @Column('text', { name: 'unit_id', nullable: true }) unitId!: string | null;
  /** What dated received_at (incoming) or issued_at (outgoing): trace | status | gateway | file; null: not said. */
  @Column('text', { name: 'time_basis', nullable: true }) timeBasis!: string | null;
  @Column('text') hash!: string;
  @Column('bigint', { name: 'run_id', nullable: true }) runId!: string | null;
}

/**
 * A status a document system reported about a document (edXML StatusCode: 01 arrived, 03
 * accepted, …), kept as a fact: the same status read again is the same row. A status may arrive
 * before its document, so `document_id` references nothing.
 */
@Entity('document_statuses')
export class DocumentStatusEntity {
  @PrimaryColumn('text', { name: 'document_id' }) documentId!: string;
  @PrimaryColumn('text') code!: string;
  @PrimaryColumn('timestamptz') at!: Date;
  /** The organ that sent it (mã định danh), as written. */
  @Column('text', { name: 'from_organ_id', nullable: true }) fromOrganId!: string | null;
  /** Sent by the agency itself (one of the source's own organs): its 01 dates an incoming document. */
  @Column('boolean') own!: boolean;
  @Column('bigint', { name: 'run_id', nullable: true }) runId!: string | null;
}

@Entity('tasks')
@Index('tasks_document_idx', ['documentId'])
export class TaskEntity {
  @PrimaryColumn('text') id!: string;
  @Column('text', { name: 'document_id', nullable: true }) documentId!: string | null;
  @Column('boolean', { default: false }) secret!: boolean;
  @Column('text', { nullable: true }) title!: string | null;
  @Column('text', { name: 'assigner_id', nullable: true }) assignerId!: string | null;
  @Column('text', { name: 'unit_id', nullable: true }) unitId!: string | null;
  @Column('text', { name: 'assignee_id', nullable: true }) assigneeId!: string | null;
  @Column('timestamptz', { name: 'assigned_at', nullable: true }) assignedAt!: Date | null;
  @Column('date', { nullable: true }) deadline!: string | null;
  @Column('timestamptz', { name: 'plan_reported_at', nullable: true }) planReportedAt!: Date | null;
  @Column('date', { name: 'plan_target_date', nullable: true }) planTargetDate!: string | null;
  @Column('boolean', { name: 'has_plan', default: false }) hasPlan!: boolean;
  @Column('timestamptz', { name: 'completed_at', nullable: true }) completedAt!: Date | null;
  @Column('timestamptz', { name: 'cancelled_at', nullable: true }) cancelledAt!: Date | null;
  @Column('text') hash!: string;
  @Column('bigint', { name: 'run_id', nullable: true }) runId!: string | null;
}

/** A task's deadline history (gia hạn): every change kept, in the order the source gave them. */
@Entity('task_deadline_changes')
export class TaskDeadlineChangeEntity {
  @PrimaryColumn('text', { name: 'task_id' }) taskId!: string;
  @PrimaryColumn('int') seq!: number;
  @Column('date') deadline!: string;
  @Column('timestamptz') at!: Date;
}

@Entity('drafts')
@Index('drafts_task_idx', ['taskId'])
export class DraftEntity {
  @PrimaryColumn('text') id!: string;
  @Column('text', { name: 'task_id' }) taskId!: string;
  @Column('boolean', { default: false }) secret!: boolean;
  @Column('text', { name: 'drafter_id', nullable: true }) drafterId!: string | null;
  @Column('text', { name: 'unit_id', nullable: true }) unitId!: string | null;
  @Column('boolean', { name: 'legal_normative', nullable: true }) legalNormative!: boolean | null;
  @Column('date', { name: 'unit_deadline', nullable: true }) unitDeadline!: string | null;
  @Column('timestamptz', { name: 'submitted_to_unit_at', nullable: true }) submittedToUnitAt!: Date | null;
  @Column('timestamptz', { name: 'submitted_to_leadership_at', nullable: true })
  submittedToLeadershipAt!: Date | null;
  @Column('timestamptz', { name: 'issued_at', nullable: true }) issuedAt!: Date | null;
  @Column('text', { name: 'outgoing_document_id', nullable: true }) outgoingDocumentId!: string | null;
  @Column('text') hash!: string;
  @Column('bigint', { name: 'run_id', nullable: true }) runId!: string | null;
}

@Entity('review_rounds')
export class ReviewRoundEntity {
  @PrimaryColumn('text', { name: 'draft_id' }) draftId!: string;
  @PrimaryColumn('int') seq!: number;
  @Column('timestamptz') at!: Date;
  @Column('text', { name: 'reviewer_id', nullable: true }) reviewerId!: string | null;
}

@Entity('weekly_schedules')
export class WeeklyScheduleEntity {
  @PrimaryColumn('text', { name: 'unit_id' }) unitId!: string;
  @PrimaryColumn('text') week!: string;
  @Column('timestamptz', { name: 'published_at' }) publishedAt!: Date;
  @Column('text') hash!: string;
  @Column('bigint', { name: 'run_id', nullable: true }) runId!: string | null;
}

/** Mailbox activity is a history: every observation is kept, none replaces another (DOMAIN.md §3.8). */
@Entity('mailbox_observations')
@Index('mailbox_observations_key', ['personId', 'address', 'lastActiveAt'], { unique: true })
export class MailboxObservationEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id!: string;
  @Column('text', { name: 'person_id' }) personId!: string;
  @Column('text') address!: string;
  /** -infinity stands for "never active", so the unique key holds without NULLs. */
  @Column('timestamptz', { name: 'last_active_at' }) lastActiveAt!: Date;
  @Column('bigint', { name: 'run_id', nullable: true }) runId!: string | null;
}
