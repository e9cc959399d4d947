/**
 * What the emulation council decides, and the audit log of who decided what: exemptions of
 * obligations (DOMAIN.md §3.10), score adjustments, and the append-only `audit_log` (its trigger
 * refuses UPDATE, DELETE and TRUNCATE). Writes take the caller's transaction, so a decision, its
 * audit row and the re-evaluation it causes commit together or not at all.
 */
import type { DataSource, EntityManager } from 'typeorm';
import type { Details, RuleId, Status } from '../../domain/rules/obligation.js';
import type { Instant } from '../../domain/time.js';
import type { AuditEntry } from './audit-store.js';
import type { Page, PageRequest } from './page.js';
import { pageOf } from './page.js';
import type { ScoreLevel } from './score-store.js';

export interface ExemptionRecord {
  id: string;
  obligationId: string;
  reason: string;
  by: string;
  at: Instant;
  revokedAt: Instant | null;
  revokedBy: string | null;
  revokeReason: string | null;
  /** Of the obligation as stored now; null when it is no longer stored. */
  rule: RuleId | null;
  unitId: string | null;
  personId: string | null;
  phaseId: string | null;
}

export interface AdjustmentRecord {
  id: string;
  phaseId: string;
  level: ScoreLevel;
  subjectId: string;
  /** The unit itself, or the person's unit (null for a person no longer stored). */
  unitId: string | null;
  points: number;
  reason: string;
  by: string;
  at: Instant;
}

/** An obligation as stored (the columns `GET /api/obligations`-style readers show). */
export interface StoredObligation {
  id: string;
  rule: RuleId;
  subjectId: string;
  taskId: string | null;
  unitId: string | null;
  personId: string | null;
  dueDate: string | null;
  status: Status;
  doneAt: Instant | null;
  workingDaysLate: number | null;
  tight: boolean;
  phaseId: string | null;
  details: Details;
}

export interface ExemptionFilter extends PageRequest {
  obligationId?: string;
  /** The obligation's unit. */
  unitId?: string;
  /** The obligation's phase. */
  phaseId?: string;
  /** true: only those in force; false: only revoked ones; absent: both. */
  standing?: boolean;
}

export interface AdjustmentFilter extends PageRequest {
  phaseId?: string;
  level?: ScoreLevel;
  subjectId?: string;
  /** Units: that unit; people: the people of that unit. */
  unitId?: string;
}

export interface AuditFilter extends PageRequest {
  action?: string;
  /** Exact, e.g. `obligation:plan:e2`; or a prefix ending in `*`, e.g. `score:2024-1/*`. */
  target?: string;
  actor?: string;
  /** Inclusive. */
  from?: Instant;
  /** Exclusive. */
  to?: Instant;
}

export type { AuditEntry } from './audit-store.js';

const epoch = (column: string, as: string) => `(extract(epoch from ${column}) * 1000)::float8 AS ${as}`;
const instant = (v: number | string | null) => (v === null ? null : Number(v));
const iso = (i: Instant) => new Date(i).toISOString();

const EXEMPTION_COLUMNS = `e.id::text AS id, e.obligation_id, e.reason, e.exempted_by, ${epoch('e.exempted_at', 'exempted_at')},
  ${epoch('e.revoked_at', 'revoked_at')}, e.revoked_by, e.revoke_reason, o.rule, o.unit_id, o.person_id, o.phase_id`;
const EXEMPTION_FROM = 'exemptions e LEFT JOIN obligations o ON o.id = e.obligation_id';

interface ExemptionRow {
  id: string;
  obligation_id: string;
  reason: string;
  exempted_by: string;
  exempted_at: number;
  revoked_at: number | null;
  revoked_by: string | null;
  revoke_reason: string | null;
  rule: RuleId | null;
  unit_id: string | null;
  person_id: string | null;
  phase_id: string | null;
}

function exemption(r: ExemptionRow): ExemptionRecord {
  return {
    id: r.id,
    obligationId: r.obligation_id,
    reason: r.reason,
    by: r.exempted_by,
    at: Number(r.exempted_at),
    revokedAt: instant(r.revoked_at),
    revokedBy: r.revoked_by,
    revokeReason: r.revoke_reason,
    rule: r.rule,
    unitId: r.unit_id,
    personId: r.person_id,
    phaseId: r.phase_id,
  };
}

const ADJUSTMENT_COLUMNS = `a.id::text AS id, a.phase_id, a.level, a.subject_id,
  CASE WHEN a.level = 'unit' THEN a.subject_id ELSE p.unit_id END AS unit_id, a.points::text AS points, a.reason, a.adjusted_by,
  ${epoch('a.adjusted_at', 'adjusted_at')}`;
const ADJUSTMENT_FROM = `score_adjustments a LEFT JOIN people p ON a.level = 'person' AND p.id = a.subject_id`;

interface AdjustmentRow {
  id: string;
  phase_id: string;
  level: ScoreLevel;
  subject_id: string;
  unit_id: string | null;
  points: string;
  reason: string;
  adjusted_by: string;
  adjusted_at: number;
}

function adjustment(r: AdjustmentRow): AdjustmentRecord {
  return {
    id: r.id,
    phaseId: r.phase_id,
    level: r.level,
    subjectId: r.subject_id,
    unitId: r.unit_id,
    points: Number(r.points),
    reason: r.reason,
    by: r.adjusted_by,
    at: Number(r.adjusted_at),
  };
}

/** Builds `WHERE … AND …` with numbered parameters. */
class Where {
  readonly params: unknown[] = [];
  private readonly parts: string[] = [];

  add(sql: string, value: unknown): void {
    this.params.push(value);
    this.parts.push(sql.replaceAll('?', `$${this.params.length}`));
  }

  raw(sql: string): void {
    this.parts.push(sql);
  }

  toString(): string {
    return this.parts.length === 0 ? '' : `WHERE ${this.parts.join(' AND ')}`;
  }
}

async function paged<R, T>(
  db: DataSource | EntityManager,
  from: string,
  columns: string,
  where: Where,
  order: string,
  request: PageRequest,
  map: (row: R) => T,
): Promise<Page<T>> {
  const { limit, offset } = pageOf(request);
  const [{ total }] = (await db.query(
    `SELECT count(*)::int AS total FROM ${from} ${where}`,
    where.params,
  )) as {
    total: number;
  }[];
  const rows = (await db.query(
    `SELECT ${columns} FROM ${from} ${where} ORDER BY ${order} LIMIT ${limit} OFFSET ${offset}`,
    where.params,
  )) as R[];
  return { total, limit, offset, items: rows.map(map) };
}

export class ReviewStore {
  constructor(private readonly dataSource: DataSource) {}

  /** The stored obligation; `lock` holds its row until the transaction ends. */
  async obligation(manager: EntityManager, id: string, lock = false): Promise<StoredObligation | null> {
    const rows = (await manager.query(
      `SELECT id, rule, subject_id, task_id, unit_id, person_id, due_date, status, ${epoch('done_at', 'done_at')},
              working_days_late, tight, phase_id, details
       FROM obligations WHERE id = $1 ${lock ? 'FOR UPDATE' : ''}`,
      [id],
    )) as {
      id: string;
      rule: RuleId;
      subject_id: string;
      task_id: string | null;
      unit_id: string | null;
      person_id: string | null;
      due_date: string | null;
      status: Status;
      done_at: number | null;
      working_days_late: number | null;
      tight: boolean;
      phase_id: string | null;
      details: Details;
    }[];
    const r = rows[0];
    if (r === undefined) return null;
    return {
      id: r.id,
      rule: r.rule,
      subjectId: r.subject_id,
      taskId: r.task_id,
      unitId: r.unit_id,
      personId: r.person_id,
      dueDate: r.due_date,
      status: r.status,
      doneAt: instant(r.done_at),
      workingDaysLate: r.working_days_late,
      tight: r.tight,
      phaseId: r.phase_id,
      details: r.details,
    };
  }

  /** The exemption in force for this obligation, if any. */
  async standingExemption(manager: EntityManager, obligationId: string): Promise<ExemptionRecord | null> {
    const rows = (await manager.query(
      `SELECT ${EXEMPTION_COLUMNS} FROM ${EXEMPTION_FROM} WHERE e.obligation_id = $1 AND e.revoked_at IS NULL`,
      [obligationId],
    )) as ExemptionRow[];
    return rows.length === 0 ? null : exemption(rows[0]);
  }

  /** One exemption; `lock` holds its row until the transaction ends. */
  async exemption(manager: EntityManager, id: string, lock = false): Promise<ExemptionRecord | null> {
    const rows = (await manager.query(
      `SELECT ${EXEMPTION_COLUMNS} FROM ${EXEMPTION_FROM} WHERE e.id = $1::bigint ${lock ? 'FOR UPDATE OF e' : ''}`,
      [id],
    )) as ExemptionRow[];
    return rows.length === 0 ? null : exemption(rows[0]);
  }

  /** Inserts a standing exemption; the unique index refuses a second one for the same obligation. */
  async insertExemption(
    manager: EntityManager,
    e: { obligationId: string; reason: string; by: string; at: Instant },
  ): Promise<string> {
    const rows = (await manager.query(
      `INSERT INTO exemptions (obligation_id, reason, exempted_by, exempted_at) VALUES ($1, $2, $3, $4) RETURNING id::text AS id`,
      [e.obligationId, e.reason, e.by, iso(e.at)],
    )) as { id: string }[];
    return rows[0].id;
  }

  /** Revokes a standing exemption; the row stays as the record of it. */
  async revokeExemption(
    manager: EntityManager,
    id: string,
    r: { reason: string; by: string; at: Instant },
  ): Promise<void> {
    await manager.query(
      `UPDATE exemptions SET revoked_at = $2, revoked_by = $3, revoke_reason = $4 WHERE id = $1::bigint AND revoked_at IS NULL`,
      [id, iso(r.at), r.by, r.reason],
    );
  }

  async insertAdjustment(
    manager: EntityManager,
    a: {
      phaseId: string;
      level: ScoreLevel;
      subjectId: string;
      points: number;
      reason: string;
      by: string;
      at: Instant;
    },
  ): Promise<AdjustmentRecord> {
    const rows = (await manager.query(
      `INSERT INTO score_adjustments (phase_id, level, subject_id, points, reason, adjusted_by, adjusted_at)
       VALUES ($1, $2, $3, $4::numeric, $5, $6, $7) RETURNING id::text AS id`,
      [a.phaseId, a.level, a.subjectId, a.points.toFixed(2), a.reason, a.by, iso(a.at)],
    )) as { id: string }[];
    return (await this.adjustment(manager, rows[0].id))!;
  }

  async adjustment(db: EntityManager | undefined, id: string): Promise<AdjustmentRecord | null> {
    const rows = (await (db ?? this.dataSource).query(
      `SELECT ${ADJUSTMENT_COLUMNS} FROM ${ADJUSTMENT_FROM} WHERE a.id = $1::bigint`,
      [id],
    )) as AdjustmentRow[];
    return rows.length === 0 ? null : adjustment(rows[0]);
  }

  /** The adjustments' points already given to one subject in one phase, summed. */
  async adjustmentTotal(
    manager: EntityManager,
    key: { phaseId: string; level: ScoreLevel; subjectId: string },
  ): Promise<number> {
    const rows = (await manager.query(
      `SELECT coalesce(sum(points), 0)::text AS total FROM score_adjustments WHERE phase_id = $1 AND level = $2 AND subject_id = $3`,
      [key.phaseId, key.level, key.subjectId],
    )) as { total: string }[];
    return Number(rows[0].total);
  }

  /** Exemptions, newest first. */
  listExemptions(filter: ExemptionFilter = {}): Promise<Page<ExemptionRecord>> {
    const where = new Where();
    if (filter.obligationId !== undefined) where.add('e.obligation_id = ?', filter.obligationId);
    if (filter.unitId !== undefined) where.add('o.unit_id = ?', filter.unitId);
    if (filter.phaseId !== undefined) where.add('o.phase_id = ?', filter.phaseId);
    if (filter.standing === true) where.raw('e.revoked_at IS NULL');
    if (filter.standing === false) where.raw('e.revoked_at IS NOT NULL');
    return paged(this.dataSource, EXEMPTION_FROM, EXEMPTION_COLUMNS, where, 'e.id DESC', filter, exemption);
  }

  /** Adjustments, newest first. */
  listAdjustments(filter: AdjustmentFilter = {}): Promise<Page<AdjustmentRecord>> {
    const where = new Where();
    if (filter.phaseId !== undefined) where.add('a.phase_id = ?', filter.phaseId);
    if (filter.level !== undefined) where.add('a.level = ?', filter.level);
    if (filter.subjectId !== undefined) where.add('a.subject_id = ?', filter.subjectId);
    if (filter.unitId !== undefined)
      where.add(`(CASE WHEN a.level = 'unit' THEN a.subject_id ELSE p.unit_id END) = ?`, filter.unitId);
    return paged(
      this.dataSource,
      ADJUSTMENT_FROM,
      ADJUSTMENT_COLUMNS,
      where,
      'a.id DESC',
      filter,
      adjustment,
    );
  }

  /** Every adjustment of a phase, oldest first (for a snapshot). */
  async phaseAdjustments(phaseId: string): Promise<AdjustmentRecord[]> {
    const rows = (await this.dataSource.query(
      `SELECT ${ADJUSTMENT_COLUMNS} FROM ${ADJUSTMENT_FROM} WHERE a.phase_id = $1 ORDER BY a.adjusted_at, a.id`,
      [phaseId],
    )) as AdjustmentRow[];
    return rows.map(adjustment);
  }

  /** The audit log, newest first. */
  listAudit(filter: AuditFilter = {}): Promise<Page<AuditEntry>> {
    const where = new Where();
    if (filter.action !== undefined) where.add('action = ?', filter.action);
    if (filter.actor !== undefined) where.add('actor = ?', filter.actor);
    if (filter.target !== undefined) {
      if (filter.target.endsWith('*')) {
        // A prefix, matched as text: `%` and `_` in it are literal.
        where.add(`starts_with(target, ?)`, filter.target.slice(0, -1));
      } else where.add('target = ?', filter.target);
    }
    if (filter.from !== undefined) where.add('at >= ?', iso(filter.from));
    if (filter.to !== undefined) where.add('at < ?', iso(filter.to));
    return paged(
      this.dataSource,
      'audit_log',
      `id::text AS id, ${epoch('at', 'at')}, actor, action, target, reason, before, after`,
      where,
      // Qualified: the bare name would sort by the selected text.
      'audit_log.id DESC',
      filter,
      (r: {
        id: string;
        at: number;
        actor: string;
        action: string;
        target: string;
        reason: string | null;
        before: unknown;
        after: unknown;
      }) => ({
        ...r,
        at: Number(r.at),
      }),
    );
  }
}
