/**
 * Reminders as claimed and sent (issue 4), in two tables:
 *
 * - `reminders`: one row per (obligation, stage, due date), ever — that key, the primary key, is
 *   what makes a reminder happen once, whatever retries, re-runs or replicas do — with the recipient, the slot,
 *   the Message-ID of the message that carries it, and the line on why;
 * - `reminder_messages`: one row per message (a recipient's reminders in a slot) with its state,
 *   `claimed` → `sent`. A reminder's state is its message's, so confirming a message of five
 *   reminders writes one row, not five.
 *
 * See ReminderStore for the claim → send → confirm protocol. Confidential work never gets here.
 */
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { Recipient } from '../../../domain/recipient.js';

/** `claimed` → `sent`; `failed`: the server refused it for good; `dropped`: nothing left to send. */
export type ReminderState = 'claimed' | 'sent' | 'failed' | 'dropped';

/** A copy as the `cc` column keeps it: the recipient and its reminder key (`recipientKey`). */
export interface StoredRecipient extends Recipient {
  key: string;
}

@Entity('reminder_messages')
@Index('reminder_messages_state_idx', ['state', 'slot'])
@Index('reminder_messages_slot_idx', ['slot', 'recipientAddress'])
export class ReminderMessageEntity {
  /** The `<…@dunghan>` Message-ID: a re-send after a crash reuses it. */
  @PrimaryColumn('text', { name: 'message_id' }) messageId!: string;
  /** The slot (08:00 of a working day) the message belongs to. */
  @Column('timestamptz') slot!: Date;
  /** `person:<id>` or `leadership`. */
  @Column('text', { name: 'recipient_key' }) recipientKey!: string;
  @Column('text', { name: 'recipient_id', nullable: true }) recipientId!: string | null;
  @Column('text', { name: 'recipient_name', nullable: true }) recipientName!: string | null;
  @Column('text', { name: 'recipient_address' }) recipientAddress!: string;
  /** Everyone in copy of the message. */
  @Column('jsonb') cc!: StoredRecipient[];
  @Column('text') subject!: string;
  @Column('text') state!: ReminderState;
  @Column('text', { name: 'claimed_by' }) claimedBy!: string;
  @Column('timestamptz', { name: 'claimed_at' }) claimedAt!: Date;
  @Column('timestamptz', { name: 'sent_at', nullable: true }) sentAt!: Date | null;
  /** Sends handed to the mailer (each with its own retries). */
  @Column('int', { default: 0 }) attempts!: number;
  /** The last failure; once sent, recipients the server refused, if any. */
  @Column('text', { name: 'last_error', nullable: true }) lastError!: string | null;
}

@Entity('reminders')
@Index('reminders_message_idx', ['messageId'])
export class ReminderEntity {
  /** The key (obligation, stage, due date) is the primary key: a reminder exists once, ever. */
  @PrimaryColumn('text', { name: 'obligation_id' }) obligationId!: string;
  /** `before`, `due` or `escalation`. */
  @PrimaryColumn('text') stage!: string;
  /** The due date the reminder was about: a moved due date is another reminder. */
  @PrimaryColumn('date', { name: 'due_date' }) dueDate!: string;
  @Column('text') rule!: string;
  @Column('timestamptz') slot!: Date;
  @Column('text', { name: 'recipient_id', nullable: true }) recipientId!: string | null;
  @Column('text', { name: 'recipient_address' }) recipientAddress!: string;
  /** Who was in copy for this reminder (an escalation's unit head, leadership); null: nobody. */
  @Column('jsonb', { nullable: true }) cc!: StoredRecipient[] | null;
  /** The message that carries it (`reminder_messages`). */
  @Column('text', { name: 'message_id' }) messageId!: string;
  /** Document number and title as the message showed them. */
  @Column('text') label!: string;
  /** The line on why the due date is what it is, as sent. */
  @Column('text') why!: string;
  /** Set when a claimed reminder was no longer due at a re-send, and left out of it. */
  @Column('text', { name: 'dropped_reason', nullable: true }) droppedReason!: string | null;
}
