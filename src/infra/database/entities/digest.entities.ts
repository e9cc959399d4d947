/**
 * Weekly digests as prepared and sent: the content exactly as mailed (so a re-send is the same
 * mail), who it went to, its hash, and when it was sent. One row per unit — or the leadership —
 * per reported ISO week: the unique key is what makes N replicas send it once.
 */
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { Recipient } from '../../../domain/recipient.js';

@Entity('digests')
@Index('digests_once_key', ['scope', 'week'], { unique: true })
@Index('digests_week_idx', ['week'])
export class DigestEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id!: string;
  /**
   * `unit:<unitId>` or `leadership`: the unit once more, kept because the unique key was built on
   * it (a NULL unit_id would not be unique). Written and matched by `DigestStore` only; the code
   * knows a digest by `unitId`.
   */
  @Column('text') scope!: string;
  /** The unit, for a unit digest; null for the leadership's. */
  @Column('text', { name: 'unit_id', nullable: true }) unitId!: string | null;
  /** The reported ISO week, `2025-W11`. */
  @Column('text') week!: string;
  /** The slot the figures are as of: the digest time on the first working day after the week. */
  @Column('timestamptz', { name: 'as_of' }) asOf!: Date;
  @Column('text') lang!: string;
  /** `[{ personId, name, address }]`. */
  @Column('jsonb') recipients!: Recipient[];
  @Column('text') subject!: string;
  @Column('text') html!: string;
  @Column('text') text!: string;
  /** The inline trend chart, referenced from the HTML as `cid:<chart_cid>`. */
  @Column('bytea', { name: 'chart_png' }) chartPng!: Buffer;
  @Column('text', { name: 'chart_cid' }) chartCid!: string;
  /** sha256 of subject, text, html, chart and recipients. */
  @Column('text', { name: 'content_hash' }) contentHash!: string;
  /** Deterministic per unit and week: a send retried after an ambiguous failure carries the same id. */
  @Column('text', { name: 'message_id' }) messageId!: string;
  @Column('timestamptz', { name: 'created_at', default: () => 'now()' }) createdAt!: Date;
  @Column('text', { name: 'created_by', nullable: true }) createdBy!: string | null;
  /** The first successful send; null until then. */
  @Column('timestamptz', { name: 'sent_at', nullable: true }) sentAt!: Date | null;
  /** Deliberate re-sends (each with its own Message-ID), and the latest send of any kind. */
  @Column('int', { name: 'resend_count', default: 0 }) resendCount!: number;
  @Column('timestamptz', { name: 'last_sent_at', nullable: true }) lastSentAt!: Date | null;
  /** What the mail server accepted and rejected at the latest send. */
  @Column('jsonb', { name: 'last_delivery', nullable: true }) lastDelivery!: {
    messageId: string;
    accepted: string[];
    rejected: string[];
  } | null;
}
