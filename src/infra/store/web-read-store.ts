/** Small reads the web pages need beside the other stores: a unit's mailed digests, the latest evaluations. */
import type { DataSource } from 'typeorm';
import type { Instant } from '../../domain/time.js';

export interface DigestListing {
  id: string;
  week: string;
  subject: string;
  sentAt: Instant | null;
}

export interface EvaluationListing {
  id: string;
  asOf: Instant;
  cause: string;
  scope: string;
  obligations: number;
  changed: number;
  finishedAt: Instant | null;
}

export class WebReadStore {
  constructor(private readonly dataSource: DataSource) {}

  /** A unit's digests as stored (null: the leadership's), newest week first. */
  async digestsOf(unitId: string | null, limit = 20): Promise<DigestListing[]> {
    const rows = (await this.dataSource.query(
      `SELECT id::text AS id, week, subject, sent_at FROM digests
       WHERE ${unitId === null ? 'unit_id IS NULL' : 'unit_id = $2'} ORDER BY week DESC, id DESC LIMIT $1`,
      unitId === null ? [limit] : [limit, unitId],
    )) as { id: string; week: string; subject: string; sent_at: Date | null }[];
    return rows.map((r) => ({
      id: r.id,
      week: r.week,
      subject: r.subject,
      sentAt: r.sent_at?.getTime() ?? null,
    }));
  }

  /**
   * What the live figures depend on besides the clock and the configuration: the latest
   * evaluation (every sync ends in one) and the standing exemptions. Equal answers, equal figures.
   */
  async figuresVersion(): Promise<string> {
    const rows = (await this.dataSource.query(
      `SELECT (SELECT coalesce(max(id), 0)::text FROM evaluations) AS evaluation,
              (SELECT count(*)::text || ':' || coalesce(max(id), 0)::text FROM exemptions WHERE revoked_at IS NULL) AS exemptions`,
    )) as { evaluation: string; exemptions: string }[];
    return `${rows[0].evaluation}|${rows[0].exemptions}`;
  }

  /** The source a task was last synced from (for its office-system link); null when unknown. */
  async taskSource(taskId: string): Promise<string | null> {
    const rows = (await this.dataSource.query(
      `SELECT r.source FROM tasks t JOIN sync_runs r ON r.id = t.run_id WHERE t.id = $1`,
      [taskId],
    )) as { source: string | null }[];
    return rows[0]?.source ?? null;
  }

  async recentEvaluations(limit = 10): Promise<EvaluationListing[]> {
    const rows = (await this.dataSource.query(
      `SELECT id::text AS id, as_of, cause, scope, obligations, changed, finished_at FROM evaluations ORDER BY id DESC LIMIT $1`,
      [limit],
    )) as {
      id: string;
      as_of: Date;
      cause: string;
      scope: string;
      obligations: number;
      changed: number;
      finished_at: Date | null;
    }[];
    return rows.map((r) => ({
      id: r.id,
      asOf: r.as_of.getTime(),
      cause: r.cause,
      scope: r.scope,
      obligations: r.obligations,
      changed: r.changed,
      finishedAt: r.finished_at?.getTime() ?? null,
    }));
  }
}
