/**
 * The figures `GET /metrics` reads from the database when Prometheus scrapes, so every API replica
 * reports the same truth: sync runs, obligations by status, mails sent. Also the health check's ping.
 */
import type { DataSource } from 'typeorm';

export class MetricsReader {
  constructor(private readonly dataSource: DataSource) {}

  /** Answers when the database does; throws otherwise (the health check). */
  async ping(): Promise<void> {
    await this.dataSource.query('SELECT 1');
  }

  async syncRunCounts(): Promise<{ source: string; status: string; n: number }[]> {
    return (await this.dataSource.query(
      'SELECT source, status, count(*)::int AS n FROM sync_runs GROUP BY source, status',
    )) as { source: string; status: string; n: number }[];
  }

  /** The last finished run of each source. */
  async lastRuns(): Promise<{ source: string; status: string; durationMs: number | null }[]> {
    return (await this.dataSource.query(
      `SELECT DISTINCT ON (source) source, status, duration_ms AS "durationMs" FROM sync_runs
       WHERE finished_at IS NOT NULL ORDER BY source, finished_at DESC`,
    )) as { source: string; status: string; durationMs: number | null }[];
  }

  /** When each source last synced successfully, in epoch seconds. */
  async lastSuccesses(): Promise<{ source: string; at: number }[]> {
    return (await this.dataSource.query(
      `SELECT source, extract(epoch FROM max(finished_at))::float8 AS at FROM sync_runs
       WHERE status = 'succeeded' GROUP BY source`,
    )) as { source: string; at: number }[];
  }

  /** Stored obligations judged `unknown`, by the stale source they wait on (docs/freshness.md). */
  async unknownBySource(): Promise<{ source: string; n: number }[]> {
    return (await this.dataSource.query(
      `SELECT details->>'staleSource' AS source, count(*)::int AS n FROM obligations
       WHERE status = 'unknown' GROUP BY details->>'staleSource'`,
    )) as { source: string; n: number }[];
  }

  async obligationCounts(): Promise<{ rule: string; status: string; n: number }[]> {
    return (await this.dataSource.query(
      'SELECT rule, status, count(*)::int AS n FROM obligations GROUP BY rule, status',
    )) as { rule: string; status: string; n: number }[];
  }

  /** Messages delivered to the mail server: reminders, and digests with their resends. */
  async mailsSent(): Promise<{ reminders: number; digests: number }> {
    const [row] = (await this.dataSource.query(
      `SELECT (SELECT count(*) FROM reminder_messages WHERE state = 'sent')::int AS reminders,
            (SELECT count(*) + coalesce(sum(resend_count), 0) FROM digests WHERE sent_at IS NOT NULL)::int AS digests`,
    )) as { reminders: number; digests: number }[];
    return row;
  }
}
