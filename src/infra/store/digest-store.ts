/**
 * Stored weekly digests, each keyed by its unit and week (the unit null for the leadership's
 * digest of all units). Preparing inserts a digest unless its unit's is already there, so
 * however many replicas prepare the same week, one version is kept and every one of them sends
 * that. Sending holds the row's lock for the length of the send and records it in the same
 * transaction: a second sender skips the row while it is locked and finds it sent afterwards.
 */
import type { DataSource, EntityManager } from 'typeorm';
import type { Recipient } from '../../domain/recipient.js';
import type { Instant } from '../../domain/time.js';
import type { SentMail } from '../mail/mailer.port.js';

export interface NewDigest {
  /** The unit it reports; null for the leadership's digest of all units. */
  unitId: string | null;
  week: string;
  asOf: Instant;
  lang: string;
  recipients: Recipient[];
  subject: string;
  html: string;
  text: string;
  chartPng: Buffer;
  chartCid: string;
  contentHash: string;
  messageId: string;
  createdBy: string | null;
}

export interface StoredDigest extends NewDigest {
  id: string;
  createdAt: Instant;
  sentAt: Instant | null;
  resendCount: number;
  lastSentAt: Instant | null;
  lastDelivery: { messageId: string; accepted: string[]; rejected: string[] } | null;
}

export type SendOnceOutcome = 'sent' | 'already_sent' | 'busy';

interface Row {
  id: string;
  unit_id: string | null;
  week: string;
  as_of: Date;
  lang: string;
  recipients: Recipient[];
  subject: string;
  html: string;
  text: string;
  chart_png: Buffer;
  chart_cid: string;
  content_hash: string;
  message_id: string;
  created_at: Date;
  created_by: string | null;
  sent_at: Date | null;
  resend_count: number;
  last_sent_at: Date | null;
  last_delivery: StoredDigest['lastDelivery'];
}

const time = (d: Date | null) => (d === null ? null : d.getTime());

/**
 * The `scope` column (`unit:VP`, `leadership`) that the unique key (scope, week) was built on:
 * it is the unit said once more, written and matched here only.
 */
const scopeColumn = (unitId: string | null) => (unitId === null ? 'leadership' : `unit:${unitId}`);

/** A row's unit with the filter for it: `unit_id IS NULL` cannot be a parameter. */
const unitFilter = (unitId: string | null, param: number): [string, unknown[]] =>
  unitId === null ? ['unit_id IS NULL', []] : [`unit_id = $${param}`, [unitId]];

function fromRow(r: Row): StoredDigest {
  return {
    id: String(r.id),
    unitId: r.unit_id,
    week: r.week,
    asOf: r.as_of.getTime(),
    lang: r.lang,
    recipients: r.recipients,
    subject: r.subject,
    html: r.html,
    text: r.text,
    chartPng: r.chart_png,
    chartCid: r.chart_cid,
    contentHash: r.content_hash,
    messageId: r.message_id,
    createdAt: r.created_at.getTime(),
    createdBy: r.created_by,
    sentAt: time(r.sent_at),
    resendCount: r.resend_count,
    lastSentAt: time(r.last_sent_at),
    lastDelivery: r.last_delivery,
  };
}

const delivery = (sent: SentMail) =>
  JSON.stringify({ messageId: sent.messageId, accepted: sent.accepted, rejected: sent.rejected });

export class DigestStore {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * unit → content hash of the digests stored for a week (null: the leadership's). A digest stored
   * is never prepared again; a dry run compares with it.
   */
  async storedHashes(week: string): Promise<Map<string | null, string>> {
    const rows = (await this.dataSource.query('SELECT unit_id, content_hash FROM digests WHERE week = $1', [
      week,
    ])) as { unit_id: string | null; content_hash: string }[];
    return new Map(rows.map((r) => [r.unit_id, r.content_hash]));
  }

  /** Stores the digest unless its unit's for the week exists; true when this one was stored. */
  async insertIfAbsent(d: NewDigest): Promise<boolean> {
    const rows = (await this.dataSource.query(
      `INSERT INTO digests (scope, unit_id, week, as_of, lang, recipients, subject, html, text, chart_png, chart_cid,
         content_hash, message_id, created_by)
       VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8, $9, $10, $11, $12, $13, $14)
       ON CONFLICT (scope, week) DO NOTHING RETURNING id`,
      [
        scopeColumn(d.unitId),
        d.unitId,
        d.week,
        new Date(d.asOf).toISOString(),
        d.lang,
        JSON.stringify(d.recipients),
        d.subject,
        d.html,
        d.text,
        d.chartPng,
        d.chartCid,
        d.contentHash,
        d.messageId,
        d.createdBy,
      ],
    )) as { id: string }[];
    return rows.length > 0;
  }

  /**
   * The digests of a week, unit digests first (by unit) and the leadership's last. `unitId` narrows
   * them to one unit's digest, or with null to the leadership's; left out, all of them.
   */
  async forWeek(week: string, unitId?: string | null): Promise<StoredDigest[]> {
    const [filter, params] = unitId === undefined ? ['TRUE', []] : unitFilter(unitId, 2);
    const rows = (await this.dataSource.query(
      `SELECT * FROM digests WHERE week = $1 AND ${filter} ORDER BY unit_id IS NULL, unit_id`,
      [week, ...params],
    )) as Row[];
    return rows.map(fromRow);
  }

  async byId(id: string): Promise<StoredDigest | null> {
    if (!/^\d+$/.test(id)) return null;
    const rows = (await this.dataSource.query('SELECT * FROM digests WHERE id = $1', [id])) as Row[];
    return rows.length === 0 ? null : fromRow(rows[0]);
  }

  /**
   * Sends a digest that has not been sent, once: the row stays locked while `send` runs and is
   * marked sent in the same transaction. Another process meanwhile skips it (`busy`) and later
   * finds it sent. If the send throws, nothing is recorded and a retry sends it again with the
   * same Message-ID.
   */
  sendOnce(id: string, send: (digest: StoredDigest) => Promise<SentMail>): Promise<SendOnceOutcome> {
    return this.dataSource.transaction(async (manager) => {
      const locked = (await manager.query(
        'SELECT * FROM digests WHERE id = $1 AND sent_at IS NULL FOR UPDATE SKIP LOCKED',
        [id],
      )) as Row[];
      if (locked.length === 0) {
        const [row] = (await manager.query('SELECT sent_at FROM digests WHERE id = $1', [id])) as {
          sent_at: Date | null;
        }[];
        return row?.sent_at ? 'already_sent' : 'busy';
      }
      const sent = await send(fromRow(locked[0]));
      await this.markSent(manager, id, sent, false);
      return 'sent';
    });
  }

  /**
   * Sends a stored digest again, as stored, waiting for any send in progress. `send` receives the
   * number of this re-send (1, 2, …), or 0 when the digest had never been sent, so each deliberate
   * re-send carries a Message-ID of its own.
   */
  resend(
    id: string,
    send: (digest: StoredDigest, resendNumber: number) => Promise<SentMail>,
  ): Promise<StoredDigest | null> {
    return this.dataSource.transaction(async (manager) => {
      const rows = (await manager.query('SELECT * FROM digests WHERE id = $1 FOR UPDATE', [id])) as Row[];
      if (rows.length === 0) return null;
      const digest = fromRow(rows[0]);
      const first = digest.sentAt === null;
      const sent = await send(digest, first ? 0 : digest.resendCount + 1);
      await this.markSent(manager, id, sent, !first);
      const [after] = (await manager.query('SELECT * FROM digests WHERE id = $1', [id])) as Row[];
      return fromRow(after);
    });
  }

  private async markSent(manager: EntityManager, id: string, sent: SentMail, resend: boolean): Promise<void> {
    await manager.query(
      `UPDATE digests SET sent_at = coalesce(sent_at, now()), last_sent_at = now(), last_delivery = $2::jsonb,
         resend_count = resend_count + $3 WHERE id = $1`,
      [id, delivery(sent), resend ? 1 : 0],
    );
  }
}
