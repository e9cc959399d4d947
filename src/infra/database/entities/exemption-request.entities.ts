/**
 * A drafter's request to be excused from one obligation (issue 14): she asks with a reason, her
 * unit head forwards it (or refuses it), leadership or the council decides. An approval becomes an
 * exemption (`exemptions`, through the review service); the request keeps who did what and when.
 */
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

@Entity('exemption_requests')
@Index('exemption_requests_unit_idx', ['unitId', 'state'])
@Index('exemption_requests_person_idx', ['personId', 'id'])
/** At most one open request (asked or forwarded) per obligation. */
@Index('exemption_requests_open_key', ['obligationId'], {
  unique: true,
  where: `"state" IN ('asked', 'forwarded')`,
})
export class ExemptionRequestEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id!: string;
  @Column('text', { name: 'obligation_id' }) obligationId!: string;
  /** The drafter who asks (the obligation's person). */
  @Column('text', { name: 'person_id' }) personId!: string;
  /** The obligation's unit: whose head forwards. */
  @Column('text', { name: 'unit_id' }) unitId!: string;
  /** `asked`, `forwarded`, `approved`, `refused`. */
  @Column('text') state!: string;
  @Column('text') reason!: string;
  @Column('text', { name: 'asked_by' }) askedBy!: string;
  @Column('timestamptz', { name: 'asked_at' }) askedAt!: Date;
  @Column('text', { name: 'forwarded_by', nullable: true }) forwardedBy!: string | null;
  @Column('timestamptz', { name: 'forwarded_at', nullable: true }) forwardedAt!: Date | null;
  @Column('text', { name: 'forward_note', nullable: true }) forwardNote!: string | null;
  @Column('text', { name: 'decided_by', nullable: true }) decidedBy!: string | null;
  @Column('timestamptz', { name: 'decided_at', nullable: true }) decidedAt!: Date | null;
  @Column('text', { name: 'decision_reason', nullable: true }) decisionReason!: string | null;
  /** The exemption an approval made. */
  @Column('bigint', { name: 'exemption_id', nullable: true }) exemptionId!: string | null;
}
