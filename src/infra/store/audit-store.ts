/**
 * The one writer of the append-only `audit_log` (its trigger refuses UPDATE and DELETE): the
 * council's decisions, administrators' calendar and campaign changes, and API tokens. A decision
 * passes its transaction's manager so the audit row commits with the change or not at all.
 */
import type { DataSource, EntityManager } from 'typeorm';
import type { Instant } from '../../domain/time.js';

export type AuditAction =
  | 'exemption.create'
  | 'exemption.revoke'
  | 'adjustment.create'
  | 'calendar.override'
  | 'calendar.remove'
  | 'calendar.load'
  | 'campaign.update'
  | 'token.create'
  | 'token.revoke'
  | 'access.grant'
  | 'access.revoke'
  | 'sign-in-link.create';

export interface NewAuditEntry {
  at: Instant;
  actor: string;
  action: AuditAction;
  target: string;
  reason: string | null;
  before?: unknown;
  after?: unknown;
}

export interface AuditEntry {
  id: string;
  at: Instant;
  actor: string;
  action: string;
  target: string;
  reason: string | null;
  before: unknown;
  after: unknown;
}

/** Appends one entry through `db` (a transaction's manager, or the data source outside one). */
export async function appendAudit(db: EntityManager | DataSource, entry: NewAuditEntry): Promise<AuditEntry> {
  const rows = (await db.query(
    `INSERT INTO audit_log (at, actor, action, target, reason, before, after) VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb)
     RETURNING id::text AS id`,
    [
      new Date(entry.at).toISOString(),
      entry.actor,
      entry.action,
      entry.target,
      entry.reason,
      entry.before === undefined ? null : JSON.stringify(entry.before),
      entry.after === undefined ? null : JSON.stringify(entry.after),
    ],
  )) as { id: string }[];
  return { id: rows[0].id, ...entry, before: entry.before ?? null, after: entry.after ?? null };
}

export class AuditStore {
  constructor(private readonly dataSource: DataSource) {}

  /** Appends one entry, inside `manager`'s transaction when given. */
  append(entry: NewAuditEntry, manager?: EntityManager): Promise<AuditEntry> {
    return appendAudit(manager ?? this.dataSource, entry);
  }
}
