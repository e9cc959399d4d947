/**
 * Reminders in Postgres: what the planner reads (stored obligations with the document number and
 * title of their task, the people and units) and the record of what was claimed and sent.
 *
 * ## Exactly once: claim, send, confirm
 *
 * Each reminder is a row of `reminders` whose primary key is (obligation, stage, due date) — a unique
 * key — pointing at the message that carries it; the message (`reminder_messages`, keyed by its
 * Message-ID) holds the state.
 *
 * 1. **Claim.** One run at a time holds a session advisory lock (`dunghan:remind`) on a dedicated
 *    connection for its whole duration. Under it, in one transaction, the run inserts every
 *    message of the slot as `claimed` and a row for each of its reminders. A key that already has
 *    a row — its message sent, claimed or refused — is never claimed again: re-running a slot, or
 *    a second replica, finds nothing to send. (If one key were taken meanwhile, the transaction
 *    rolls back whole.)
 * 2. **Send.** Each message goes to the mailer (retries with backoff inside it, the same
 *    Message-ID on every attempt).
 * 3. **Confirm.** When the server accepted the message, it becomes `sent` — confirmations are
 *    group-committed, and a sending lane waits for its own before it sends the next message.
 *
 * A worker killed between 1 and 3 leaves messages `claimed`. The advisory lock is released with
 * its session, so a run that holds the lock knows every `claimed` message it finds is an orphan.
 * The next run of the same day re-sends each with its *stored* Message-ID and the same reminders
 * (those still due; one since done, excused or moved to another due date is left out and marked
 * dropped); an orphan from an earlier day is dropped as stale, since the next stage's reminder
 * replaces it. A `sent` message is never sent again. The only case that can put a message in a mailbox twice is a
 * kill after the server's 250 and before the confirm — then the copy carries the same Message-ID,
 * which mail systems and clients recognise as the same message. We chose this over at-most-once
 * (never re-send a claimed row): a reminder lost to a crash is worse than a recognisable copy.
 */
import type { DataSource } from 'typeorm';
import type { Recipient } from '../../domain/recipient.js';
import { recipientKey } from '../../domain/recipient.js';
import type {
  Directory,
  DirectoryPerson,
  DirectoryUnit,
  ReminderCandidate,
} from '../../domain/reminders/reminder-planner.js';
import type { Stage } from '../../domain/reminders/reminder-policy.js';
import type { RuleId, Status } from '../../domain/rules/obligation.js';
import type { Day, Instant } from '../../domain/time.js';
import { formatDay, parseDay } from '../../domain/time.js';
import type { ReminderState, StoredRecipient } from '../database/entities/reminder.entities.js';
import type { Page } from './page.js';

const RUN_LOCK = 'dunghan:remind';

/** A message as claimed, with its reminders. */
export interface ClaimMessage {
  messageId: string;
  recipient: Recipient;
  cc: Recipient[];
  subject: string;
  items: {
    obligationId: string;
    rule: RuleId;
    stage: Stage;
    dueDate: Day;
    cc: Recipient[];
    label: string;
    why: string;
  }[];
}

/** A stored reminder row. */
export interface StoredReminder {
  obligationId: string;
  rule: string;
  stage: Stage;
  dueDate: string;
  slot: Instant;
  recipient: Recipient;
  cc: Recipient[];
  messageId: string;
  subject: string;
  state: ReminderState;
  label: string;
  why: string;
  claimedBy: string;
  claimedAt: Instant;
  sentAt: Instant | null;
  attempts: number;
  lastError: string | null;
  droppedReason: string | null;
}

export interface SentFilter {
  /** Slots in [from, to). */
  from?: Instant;
  to?: Instant;
  personId?: string;
  state?: ReminderState;
  limit: number;
  /** Rows to skip, newest first; default 0. */
  offset?: number;
}

export class ConcurrentClaimError extends Error {
  constructor(expected: number, claimed: number) {
    super(`claimed ${claimed} of ${expected} reminders: another run is claiming the same slot`);
  }
}

interface ReminderRow {
  obligation_id: string;
  rule: string;
  stage: Stage;
  due_date: string;
  slot: Date;
  recipient_key: string;
  recipient_id: string | null;
  recipient_name: string | null;
  recipient_address: string;
  cc: StoredRecipient[] | null;
  message_id: string;
  subject: string;
  state: ReminderState;
  label: string;
  why: string;
  claimed_by: string;
  claimed_at: Date;
  sent_at: Date | null;
  attempts: number;
  last_error: string | null;
  dropped_reason: string | null;
}

function toStored(r: ReminderRow): StoredReminder {
  return {
    obligationId: r.obligation_id,
    rule: r.rule,
    stage: r.stage,
    dueDate: r.due_date,
    slot: r.slot.getTime(),
    recipient: {
      personId: r.recipient_id,
      name: r.recipient_name,
      address: r.recipient_address,
    },
    cc: (r.cc ?? []).map((c) => ({
      personId: c.personId ?? null,
      name: c.name,
      address: c.address,
    })),
    messageId: r.message_id,
    subject: r.subject,
    state: r.state,
    label: r.label,
    why: r.why,
    claimedBy: r.claimed_by,
    claimedAt: r.claimed_at.getTime(),
    sentAt: r.sent_at === null ? null : r.sent_at.getTime(),
    attempts: r.attempts,
    lastError: r.last_error,
    droppedReason: r.dropped_reason,
  };
}

/** A reminder with its message's fields; a reminder left out of its message reads `dropped`. */
const JOINED = `SELECT r.obligation_id, r.rule, r.stage, r.due_date::text AS due_date, m.slot, m.recipient_key, m.recipient_id,
    m.recipient_name, m.recipient_address, r.cc, r.message_id, m.subject,
    CASE WHEN r.dropped_reason IS NOT NULL THEN 'dropped' ELSE m.state END AS state,
    r.label, r.why, m.claimed_by, m.claimed_at, m.sent_at, m.attempts, m.last_error, r.dropped_reason
  FROM reminders r JOIN reminder_messages m ON m.message_id = r.message_id`;

/** A copy as its row keeps it: with its reminder key, as the message's own recipient has. */
const stored = (rs: Recipient[]): StoredRecipient[] =>
  rs.map((c) => ({ key: recipientKey(c), personId: c.personId, name: c.name, address: c.address }));

export class ReminderStore {
  constructor(
    private readonly dataSource: DataSource,
    /** Embedded PGlite serves one connection to one process: no lock needed, none possible. */
    private readonly singleConnection: boolean,
  ) {}

  /** Runs `work` holding the reminder run lock, or returns 'busy' when another run holds it. */
  async withRunLock<T>(work: () => Promise<T>): Promise<T | 'busy'> {
    if (this.singleConnection) return work();
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      const [{ locked }] = (await runner.query('SELECT pg_try_advisory_lock(hashtext($1)) AS locked', [
        RUN_LOCK,
      ])) as { locked: boolean }[];
      if (!locked) return 'busy';
      try {
        return await work();
      } finally {
        await runner.query('SELECT pg_advisory_unlock(hashtext($1))', [RUN_LOCK]).catch(() => undefined);
      }
    } finally {
      await runner.release();
    }
  }

  /**
   * The stored obligations of these rules due in [from, to], with the number and title a person
   * knows them by. Work that handles a confidential document, or a cancelled task, is flagged
   * `excluded` and its text is never read (it is not stored either: DOMAIN.md §4).
   */
  async loadCandidates(
    rules: readonly string[],
    from: Day,
    to: Day,
    asOf: Instant,
  ): Promise<ReminderCandidate[]> {
    const rows = (await this.dataSource.query(
      `SELECT q.*, CASE WHEN q.excluded THEN NULL ELSE q.t_title END AS title,
              CASE WHEN q.excluded THEN NULL ELSE q.d_number END AS document_number,
              CASE WHEN q.excluded THEN NULL ELSE q.d_subject END AS document_subject,
              CASE WHEN q.excluded THEN NULL ELSE q.task_id END AS link_task_id,
              CASE WHEN q.excluded THEN NULL ELSE q.task_source END AS link_task_source
       FROM (
         SELECT o.id, o.rule, o.task_id, rt.source AS task_source, o.unit_id, o.person_id, o.due_date::text AS due_date, o.status, o.tight, o.details,
                u.name AS unit_name, t.title AS t_title, d.number AS d_number, d.subject AS d_subject,
                (COALESCE(t.secret, false) OR COALESCE(dr.secret, false)
                  OR COALESCE(d.confidentiality <> 'normal', false)
                  OR COALESCE(t.cancelled_at <= $4, false)) AS excluded,
                array_remove(ARRAY[rd.source, rt.source, CASE WHEN o.rule = 'weekly_schedule' THEN ru.source END], NULL)
                  AS sources
         FROM obligations o
         LEFT JOIN drafts dr ON o.rule IN ('staff_submission', 'unit_submission') AND dr.id = o.subject_id
         LEFT JOIN tasks t ON t.id = o.task_id
         LEFT JOIN documents d ON d.id = t.document_id
         LEFT JOIN units u ON u.id = o.unit_id
         LEFT JOIN sync_runs rd ON rd.id = dr.run_id
         LEFT JOIN sync_runs rt ON rt.id = t.run_id
         LEFT JOIN sync_runs ru ON ru.id = u.run_id
         WHERE o.rule = ANY($1) AND o.due_date BETWEEN $2::date AND $3::date
       ) q
       ORDER BY q.id`,
      [rules, formatDay(from), formatDay(to), new Date(asOf).toISOString()],
    )) as {
      id: string;
      rule: RuleId;
      unit_id: string | null;
      person_id: string | null;
      due_date: string;
      status: Status;
      tight: boolean;
      details: ReminderCandidate['details'];
      unit_name: string | null;
      excluded: boolean;
      title: string | null;
      document_number: string | null;
      document_subject: string | null;
      link_task_id: string | null;
      link_task_source: string | null;
      sources: string[];
    }[];
    return rows.map((r) => ({
      obligationId: r.id,
      rule: r.rule,
      unitId: r.unit_id,
      personId: r.person_id,
      dueDate: parseDay(r.due_date),
      status: r.status,
      tight: r.tight,
      details: r.details,
      documentNumber: r.document_number,
      title: r.title ?? r.document_subject,
      unitName: r.unit_name,
      excluded: r.excluded,
      sources: r.sources,
      task: r.link_task_id === null ? null : { id: r.link_task_id, source: r.link_task_source },
    }));
  }

  /**
   * Overdue obligations due in [from, to] that were judged `unknown` before (their source was
   * stale): their escalation may have been held back, and is owed now that the data is fresh.
   */
  async onceUnknown(from: Day, to: Day): Promise<{ obligationId: string; rule: RuleId; dueDate: Day }[]> {
    const rows = (await this.dataSource.query(
      `SELECT o.id, o.rule, o.due_date::text AS due_date FROM obligations o
       WHERE o.status = 'overdue' AND o.due_date BETWEEN $1::date AND $2::date
         AND EXISTS (SELECT 1 FROM obligation_history h WHERE h.obligation_id = o.id AND h.status = 'unknown')
       ORDER BY o.id`,
      [formatDay(from), formatDay(to)],
    )) as { id: string; rule: RuleId; due_date: string }[];
    return rows.map((r) => ({ obligationId: r.id, rule: r.rule, dueDate: parseDay(r.due_date)! }));
  }

  async loadDirectory(): Promise<Directory> {
    const people = (await this.dataSource.query('SELECT id, name, email, active, unit_id FROM people')) as {
      id: string;
      name: string | null;
      email: string | null;
      active: boolean;
      unit_id: string;
    }[];
    const units = (await this.dataSource.query('SELECT id, name, head_id FROM units')) as {
      id: string;
      name: string;
      head_id: string | null;
    }[];
    return {
      people: new Map<string, DirectoryPerson>(
        people.map((p) => [
          p.id,
          { id: p.id, name: p.name, email: p.email, active: p.active, unitId: p.unit_id },
        ]),
      ),
      units: new Map<string, DirectoryUnit>(
        units.map((u) => [u.id, { id: u.id, name: u.name, headId: u.head_id }]),
      ),
    };
  }

  /** The state of every reminder already recorded for these obligations, by key. */
  async recordedStates(obligationIds: string[]): Promise<Map<string, ReminderState>> {
    const states = new Map<string, ReminderState>();
    if (obligationIds.length === 0) return states;
    const rows = (await this.dataSource.query(
      `SELECT r.obligation_id, r.stage, r.due_date::text AS due_date,
              CASE WHEN r.dropped_reason IS NOT NULL THEN 'dropped' ELSE m.state END AS state
       FROM reminders r JOIN reminder_messages m ON m.message_id = r.message_id
       WHERE r.obligation_id = ANY($1)`,
      [obligationIds],
    )) as { obligation_id: string; stage: string; due_date: string; state: ReminderState }[];
    for (const r of rows) states.set(`${r.obligation_id}|${r.stage}|${r.due_date}`, r.state);
    return states;
  }

  /** The reminders of messages a run claimed and never confirmed. Only meaningful under the run lock. */
  async orphans(): Promise<StoredReminder[]> {
    const rows = (await this.dataSource.query(
      `${JOINED} WHERE m.state = 'claimed' AND r.dropped_reason IS NULL ORDER BY r.message_id, r.obligation_id, r.stage`,
    )) as ReminderRow[];
    return rows.map(toStored);
  }

  /**
   * Claims the messages and their reminders in one transaction. A key with a row already is left
   * alone, except one that was dropped (no longer due then, due again now); if any key is taken,
   * nothing is claimed (the run lock makes that a bug, not a race).
   */
  async claim(slot: Instant, messages: ClaimMessage[], worker: string): Promise<void> {
    if (messages.length === 0) return;
    const slotText = new Date(slot).toISOString();
    // The rows travel as one JSON document each way: Postgres parses it in C, where pg would
    // escape thousands of array elements in JavaScript.
    const messageRows = JSON.stringify(
      messages.map((m) => ({
        mid: m.messageId,
        rk: recipientKey(m.recipient),
        rid: m.recipient.personId,
        rn: m.recipient.name,
        ra: m.recipient.address,
        cc: stored(m.cc),
        subj: m.subject,
      })),
    );
    const itemRows = messages.flatMap((m) =>
      m.items.map((i) => ({
        o: i.obligationId,
        r: i.rule,
        s: i.stage,
        d: formatDay(i.dueDate),
        rid: m.recipient.personId,
        ra: m.recipient.address,
        cc: i.cc.length === 0 ? null : stored(i.cc),
        mid: m.messageId,
        lbl: i.label,
        why: i.why,
      })),
    );
    await this.dataSource.transaction(async (manager) => {
      await manager.query(
        `INSERT INTO reminder_messages (message_id, slot, recipient_key, recipient_id, recipient_name, recipient_address,
           cc, subject, state, claimed_by, claimed_at, attempts)
         SELECT mid, $2, rk, rid, rn, ra, cc, subj, 'claimed', $3, now(), 0
         FROM jsonb_to_recordset($1::jsonb) AS x(mid text, rk text, rid text, rn text, ra text, cc jsonb, subj text)
         ON CONFLICT (message_id) DO UPDATE SET slot = excluded.slot, state = 'claimed', claimed_by = excluded.claimed_by,
           claimed_at = excluded.claimed_at, sent_at = NULL, attempts = 0, last_error = NULL
         WHERE reminder_messages.state = 'dropped'`,
        [messageRows, slotText, worker],
      );
      const claimed = (await manager.query(
        `INSERT INTO reminders (obligation_id, rule, stage, due_date, slot, recipient_id, recipient_address, cc, message_id,
           label, why)
         SELECT o, r, s, d, $2, rid, ra, cc, mid, lbl, why
         FROM jsonb_to_recordset($1::jsonb)
           AS x(o text, r text, s text, d date, rid text, ra text, cc jsonb, mid text, lbl text, why text)
         ON CONFLICT (obligation_id, stage, due_date) DO UPDATE SET rule = excluded.rule, slot = excluded.slot,
           recipient_id = excluded.recipient_id, recipient_address = excluded.recipient_address, cc = excluded.cc,
           message_id = excluded.message_id, label = excluded.label, why = excluded.why, dropped_reason = NULL
         WHERE reminders.dropped_reason IS NOT NULL
         RETURNING obligation_id`,
        [JSON.stringify(itemRows), slotText],
      )) as unknown[];
      if (claimed.length !== itemRows.length) throw new ConcurrentClaimError(itemRows.length, claimed.length);
    });
  }

  /**
   * The server accepted these messages: they are sent (`note` keeps recipients it refused).
   * One statement for many messages: one commit per batch, not per message.
   */
  async markSent(sent: { messageId: string; note: string | null }[]): Promise<void> {
    if (sent.length === 0) return;
    await this.dataSource.query(
      `UPDATE reminder_messages m SET state = 'sent', sent_at = now(), attempts = m.attempts + 1, last_error = s.note
       FROM unnest($1::text[], $2::text[]) AS s(message_id, note)
       WHERE m.message_id = s.message_id AND m.state = 'claimed'`,
      [sent.map((x) => x.messageId), sent.map((x) => x.note)],
    );
  }

  /**
   * The message was not sent. A permanent refusal ends it (`failed`, never retried); any other
   * failure leaves it `claimed`, for the next run of the day to send.
   */
  async markFailed(messageId: string, error: string, permanent: boolean): Promise<void> {
    await this.dataSource.query(
      `UPDATE reminder_messages SET attempts = attempts + 1, last_error = $2,
         state = CASE WHEN $3::boolean THEN 'failed' ELSE state END
       WHERE message_id = $1 AND state = 'claimed'`,
      [messageId, error.slice(0, 2000), permanent],
    );
  }

  /**
   * Claimed reminders that are no longer due: left out of their message's re-send; a message with
   * none left is dropped.
   */
  async drop(
    rows: Pick<StoredReminder, 'obligationId' | 'stage' | 'dueDate' | 'messageId'>[],
    reason: string,
  ): Promise<void> {
    if (rows.length === 0) return;
    await this.dataSource.transaction(async (manager) => {
      await manager.query(
        `UPDATE reminders r SET dropped_reason = $4
         FROM unnest($1::text[], $2::text[], $3::date[]) AS k(o, s, d)
         WHERE r.obligation_id = k.o AND r.stage = k.s AND r.due_date = k.d AND r.dropped_reason IS NULL`,
        [rows.map((r) => r.obligationId), rows.map((r) => r.stage), rows.map((r) => r.dueDate), reason],
      );
      await manager.query(
        `UPDATE reminder_messages m SET state = 'dropped', last_error = $2
         WHERE m.message_id = ANY($1) AND m.state = 'claimed'
           AND NOT EXISTS (SELECT 1 FROM reminders r WHERE r.message_id = m.message_id AND r.dropped_reason IS NULL)`,
        [[...new Set(rows.map((r) => r.messageId))], reason],
      );
    });
  }

  /** What was sent (or claimed, failed, dropped), newest slot first. */
  async list(filter: SentFilter): Promise<StoredReminder[]> {
    return (await this.page(filter)).items;
  }

  /** Newest slot first, a page of them (`offset`, default 0), with how many match the filter. */
  async page(filter: SentFilter): Promise<Page<StoredReminder>> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.from !== undefined) {
      params.push(new Date(filter.from).toISOString());
      where.push(`m.slot >= $${params.length}`);
    }
    if (filter.to !== undefined) {
      params.push(new Date(filter.to).toISOString());
      where.push(`m.slot < $${params.length}`);
    }
    if (filter.personId !== undefined) {
      params.push(filter.personId);
      where.push(
        `(m.recipient_id = $${params.length} OR r.cc @> jsonb_build_array(jsonb_build_object('personId', $${params.length}::text)))`,
      );
    }
    if (filter.state !== undefined) {
      params.push(filter.state);
      where.push(
        `(CASE WHEN r.dropped_reason IS NOT NULL THEN 'dropped' ELSE m.state END) = $${params.length}`,
      );
    }
    const whereSql = where.length > 0 ? 'WHERE ' + where.join(' AND ') : '';
    const offset = filter.offset ?? 0;
    const [rows, counted] = await Promise.all([
      this.dataSource.query(
        `${JOINED} ${whereSql}
         ORDER BY m.slot DESC, m.recipient_address, r.message_id, r.stage, r.obligation_id
         LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
        [...params, filter.limit, offset],
      ) as Promise<ReminderRow[]>,
      this.dataSource.query(
        `SELECT count(*)::int AS total FROM (${JOINED} ${whereSql}) AS matching`,
        params,
      ) as Promise<{ total: number }[]>,
    ]);
    return { items: rows.map(toStored), total: counted[0].total, limit: filter.limit, offset };
  }
}
