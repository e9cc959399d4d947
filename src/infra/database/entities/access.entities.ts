/**
 * Who may call the API, and what authorised people did (issue 5). Tokens are kept as a SHA-256 of
 * the secret, never the secret itself: it is shown once, when it is made. The audit log is
 * append-only — a trigger in the migration refuses UPDATE, DELETE and TRUNCATE.
 */
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

@Entity('api_tokens')
@Index('api_tokens_hash_key', ['tokenHash'], { unique: true })
export class ApiTokenEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id!: string;
  /** `sha256:<hex>` of the whole token. */
  @Column('text', { name: 'token_hash' }) tokenHash!: string;
  /** The token's first characters, to tell tokens apart in a list (not enough to use one). */
  @Column('text') prefix!: string;
  /** `admin`, `council`, `leader`, `unit_head`, `staff`, `integration`. */
  @Column('text') role!: string;
  /** The person the token speaks for: required for `unit_head` and `staff`. */
  @Column('text', { name: 'person_id', nullable: true }) personId!: string | null;
  /** For `unit_head`: the unit it sees, fixed when the token is made. */
  @Column('text', { name: 'unit_id', nullable: true }) unitId!: string | null;
  @Column('text') label!: string;
  @Column('timestamptz', { name: 'created_at' }) createdAt!: Date;
  @Column('timestamptz', { name: 'last_used_at', nullable: true }) lastUsedAt!: Date | null;
  @Column('timestamptz', { name: 'revoked_at', nullable: true }) revokedAt!: Date | null;
  /** After this instant the token is refused (401, "expired"); null: never (no new token is made so). */
  @Column('timestamptz', { name: 'expires_at', nullable: true }) expiresAt!: Date | null;
  /** For an `integration` token: the one source it may push to and sync; null: any. */
  @Column('text', { name: 'source', nullable: true }) source!: string | null;
}

@Entity('audit_log')
@Index('audit_log_target_idx', ['target', 'id'])
export class AuditEntryEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id!: string;
  @Column('timestamptz') at!: Date;
  /** `token:<id> (<role>[, <person>])` or `cli:<user>`. */
  @Column('text') actor!: string;
  /** `exemption.create`, `exemption.revoke`, `adjustment.create`, `calendar.override`, … */
  @Column('text') action!: string;
  /** What it was done to: `obligation:<id>`, `score:<phase>/<level>/<id>`, `calendar:<date>`, … */
  @Column('text') target!: string;
  @Column('text', { nullable: true }) reason!: string | null;
  @Column('jsonb', { nullable: true }) before!: unknown;
  @Column('jsonb', { nullable: true }) after!: unknown;
}

/** An obligation excused by an authorised person (DOMAIN.md §3.10); revoking keeps the row. */
@Entity('exemptions')
@Index('exemptions_obligation_idx', ['obligationId'])
/** At most one standing exemption per obligation; a revoked one stays as a record. */
@Index('exemptions_active_key', ['obligationId'], { unique: true, where: '"revoked_at" IS NULL' })
export class ExemptionEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id!: string;
  @Column('text', { name: 'obligation_id' }) obligationId!: string;
  @Column('text') reason!: string;
  @Column('text', { name: 'exempted_by' }) exemptedBy!: string;
  @Column('timestamptz', { name: 'exempted_at' }) exemptedAt!: Date;
  @Column('timestamptz', { name: 'revoked_at', nullable: true }) revokedAt!: Date | null;
  @Column('text', { name: 'revoked_by', nullable: true }) revokedBy!: string | null;
  @Column('text', { name: 'revoke_reason', nullable: true }) revokeReason!: string | null;
}

/** Points added to (or taken from) a computed score by the council, with the reason. */
@Entity('score_adjustments')
@Index('score_adjustments_subject_idx', ['phaseId', 'level', 'subjectId'])
export class ScoreAdjustmentEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id!: string;
  @Column('text', { name: 'phase_id' }) phaseId!: string;
  /** `unit` or `person`. */
  @Column('text') level!: string;
  @Column('text', { name: 'subject_id' }) subjectId!: string;
  /** Signed points, 2 decimals. */
  @Column('numeric', { precision: 6, scale: 2 }) points!: string;
  @Column('text') reason!: string;
  @Column('text', { name: 'adjusted_by' }) adjustedBy!: string;
  @Column('timestamptz', { name: 'adjusted_at' }) adjustedAt!: Date;
}

/** A day an administrator declared off or working, on top of the shipped calendars. */
@Entity('calendar_overrides')
export class CalendarOverrideEntity {
  @Column('date', { primary: true }) day!: string;
  /** `off` or `working`. */
  @Column('text') kind!: string;
  @Column('text') name!: string;
  @Column('text', { name: 'set_by' }) setBy!: string;
  @Column('timestamptz', { name: 'set_at' }) setAt!: Date;
}

/**
 * A year's announcement an administrator loaded (the shape of `config/calendars/<year>.json`,
 * checked when it was stored); replaces the shipped or derived year.
 */
@Entity('calendar_years')
export class CalendarYearEntity {
  @Column('integer', { primary: true }) year!: number;
  /** Where the days come from (the decision, the press report). */
  @Column('text', { nullable: true }) source!: string | null;
  /** The days, as CalendarDayEntry[]. */
  @Column('jsonb') days!: unknown;
  @Column('text', { name: 'loaded_by' }) loadedBy!: string;
  @Column('timestamptz', { name: 'loaded_at' }) loadedAt!: Date;
}

/** A campaign as an administrator last changed it; wins over config/campaigns.json for its id. */
@Entity('campaign_overrides')
export class CampaignOverrideEntity {
  @Column('text', { primary: true }) id!: string;
  @Column('jsonb') definition!: unknown;
  @Column('text', { name: 'set_by' }) setBy!: string;
  @Column('timestamptz', { name: 'set_at' }) setAt!: Date;
}
