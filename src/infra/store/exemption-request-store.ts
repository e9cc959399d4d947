/**
 * Drafters' exemption requests (issue 14). Each step is one conditional UPDATE on the state it
 * expects, so two people acting on the same request at once cannot both succeed: the second
 * finds the state changed and is told so.
 */
import type { DataSource } from 'typeorm';
import type { Instant } from '../../domain/time.js';

export type RequestState = 'asked' | 'forwarded' | 'approved' | 'refused';

export interface ExemptionRequestRecord {
  id: string;
  obligationId: string;
  personId: string;
  unitId: string;
  state: RequestState;
  reason: string;
  askedBy: string;
  askedAt: Instant;
  forwardedBy: string | null;
  forwardedAt: Instant | null;
  forwardNote: string | null;
  decidedBy: string | null;
  decidedAt: Instant | null;
  decisionReason: string | null;
  exemptionId: string | null;
}

export interface RequestFilter {
  personId?: string;
  unitId?: string;
  obligationId?: string;
  states?: RequestState[];
  limit?: number;
}

interface Row {
  id: string;
  obligation_id: string;
  person_id: string;
  unit_id: string;
  state: RequestState;
  reason: string;
  asked_by: string;
  asked_at: Date;
  forwarded_by: string | null;
  forwarded_at: Date | null;
  forward_note: string | null;
  decided_by: string | null;
  decided_at: Date | null;
  decision_reason: string | null;
  exemption_id: string | null;
}

const COLUMNS = `id::text AS id, obligation_id, person_id, unit_id, state, reason, asked_by, asked_at, forwarded_by,
  forwarded_at, forward_note, decided_by, decided_at, decision_reason, exemption_id::text AS exemption_id`;

const instant = (d: Date | null) => (d === null ? null : d.getTime());

function record(r: Row): ExemptionRequestRecord {
  return {
    id: r.id,
    obligationId: r.obligation_id,
    personId: r.person_id,
    unitId: r.unit_id,
    state: r.state,
    reason: r.reason,
    askedBy: r.asked_by,
    askedAt: r.asked_at.getTime(),
    forwardedBy: r.forwarded_by,
    forwardedAt: instant(r.forwarded_at),
    forwardNote: r.forward_note,
    decidedBy: r.decided_by,
    decidedAt: instant(r.decided_at),
    decisionReason: r.decision_reason,
    exemptionId: r.exemption_id,
  };
}

const iso = (at: Instant) => new Date(at).toISOString();

/** TypeORM answers an UPDATE … RETURNING as [rows, affected]; an INSERT or SELECT as the rows. */
function returned(result: unknown): Row[] {
  const value = result as unknown[];
  return Array.isArray(value[0]) ? (value[0] as Row[]) : (value as Row[]);
}

export class ExemptionRequestStore {
  constructor(private readonly dataSource: DataSource) {}

  /** Inserts an asked request; a second open request for the same obligation fails with 23505. */
  async insert(input: {
    obligationId: string;
    personId: string;
    unitId: string;
    reason: string;
    by: string;
    at: Instant;
  }): Promise<ExemptionRequestRecord> {
    const rows = (await this.dataSource.query(
      `INSERT INTO exemption_requests (obligation_id, person_id, unit_id, state, reason, asked_by, asked_at)
       VALUES ($1, $2, $3, 'asked', $4, $5, $6) RETURNING ${COLUMNS}`,
      [input.obligationId, input.personId, input.unitId, input.reason, input.by, iso(input.at)],
    )) as Row[];
    return record(rows[0]);
  }

  async get(id: string): Promise<ExemptionRequestRecord | null> {
    const rows = (await this.dataSource.query(`SELECT ${COLUMNS} FROM exemption_requests WHERE id = $1`, [
      id,
    ])) as Row[];
    return rows.length === 0 ? null : record(rows[0]);
  }

  /** Newest first. */
  async list(filter: RequestFilter): Promise<ExemptionRequestRecord[]> {
    const clauses: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      clauses.push(sql.replace('?', `$${params.length}`));
    };
    if (filter.personId !== undefined) add('person_id = ?', filter.personId);
    if (filter.unitId !== undefined) add('unit_id = ?', filter.unitId);
    if (filter.obligationId !== undefined) add('obligation_id = ?', filter.obligationId);
    if (filter.states !== undefined) add('state = ANY(?)', filter.states);
    params.push(Math.min(1000, Math.max(1, filter.limit ?? 200)));
    const rows = (await this.dataSource.query(
      `SELECT ${COLUMNS} FROM exemption_requests ${clauses.length === 0 ? '' : `WHERE ${clauses.join(' AND ')}`}
       ORDER BY id DESC LIMIT $${params.length}`,
      params,
    )) as Row[];
    return rows.map(record);
  }

  /** asked → forwarded; null when the request was not asked (any more). */
  async forward(
    id: string,
    by: string,
    at: Instant,
    note: string | null,
  ): Promise<ExemptionRequestRecord | null> {
    const rows = returned(
      await this.dataSource.query(
        `UPDATE exemption_requests SET state = 'forwarded', forwarded_by = $2, forwarded_at = $3, forward_note = $4
       WHERE id = $1 AND state = 'asked' RETURNING ${COLUMNS}`,
        [id, by, iso(at), note],
      ),
    );
    return rows.length === 0 ? null : record(rows[0]);
  }

  /**
   * `from` → approved or refused, with who, when and why; null when the request is not in `from`.
   * An approval first claims the request (state approved, no exemption yet) and then links it.
   */
  async decide(
    id: string,
    from: RequestState[],
    to: 'approved' | 'refused',
    decision: { by: string; at: Instant; reason: string },
  ): Promise<ExemptionRequestRecord | null> {
    const rows = returned(
      await this.dataSource.query(
        `UPDATE exemption_requests SET state = $3, decided_by = $4, decided_at = $5, decision_reason = $6
       WHERE id = $1 AND state = ANY($2) RETURNING ${COLUMNS}`,
        [id, from, to, decision.by, iso(decision.at), decision.reason],
      ),
    );
    return rows.length === 0 ? null : record(rows[0]);
  }

  /** Puts a claimed approval back where it was, when the exemption could not be made. */
  async undoApproval(id: string, back: RequestState): Promise<void> {
    await this.dataSource.query(
      `UPDATE exemption_requests SET state = $2, decided_by = NULL, decided_at = NULL, decision_reason = NULL
       WHERE id = $1 AND state = 'approved' AND exemption_id IS NULL`,
      [id, back],
    );
  }

  async linkExemption(id: string, exemptionId: string): Promise<void> {
    await this.dataSource.query(`UPDATE exemption_requests SET exemption_id = $2 WHERE id = $1`, [
      id,
      exemptionId,
    ]);
  }
}
