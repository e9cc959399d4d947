/**
 * Stored review snapshots. Only inserts: the table's trigger refuses any change to a row. Freezing
 * takes a per-phase transaction lock, so two freezes of the same phase cannot both read "latest is
 * v1" and race for v2; the unique (phase_id, version) key stands behind it.
 */
import type { DataSource } from 'typeorm';
import type { SnapshotContent } from '../../domain/snapshots/snapshot-content.js';
import type { Instant } from '../../domain/time.js';
import { rowsOf } from '../database/query-rows.js';

export interface StoredSnapshot {
  id: string;
  phaseId: string;
  version: number;
  frozenAt: Instant;
  asOf: Instant;
  frozenBy: string;
  checksum: string;
  content: SnapshotContent;
}

export type SnapshotSummary = Omit<StoredSnapshot, 'content'>;

export interface NewSnapshot {
  phaseId: string;
  frozenAt: Instant;
  asOf: Instant;
  frozenBy: string;
  checksum: string;
  content: SnapshotContent;
}

interface Row {
  id: string;
  phase_id: string;
  version: number;
  frozen_at: Date;
  as_of: Date;
  frozen_by: string;
  checksum: string;
  content?: SnapshotContent;
}

const SUMMARY_COLUMNS = 'id, phase_id, version, frozen_at, as_of, frozen_by, checksum';

function summary(row: Row): SnapshotSummary {
  return {
    id: String(row.id),
    phaseId: row.phase_id,
    version: row.version,
    frozenAt: row.frozen_at.getTime(),
    asOf: row.as_of.getTime(),
    frozenBy: row.frozen_by,
    checksum: row.checksum,
  };
}

export interface FrozenPhaseSettings {
  phaseId: string;
  phase: SnapshotContent['phase'];
  weights: SnapshotContent['weights'];
  grades: SnapshotContent['grades'] | null;
  excellentTarget: number | null;
}

export class SnapshotStore {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Inserts `snapshot` as the phase's next version unless the latest version has the same
   * checksum; answers the version that holds this content and whether it was made now.
   */
  async insertIfChanged(snapshot: NewSnapshot): Promise<{ version: number; created: boolean }> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext('review_snapshots'), hashtext($1))`, [
        snapshot.phaseId,
      ]);
      const [latest] = rowsOf<{ version: number; checksum: string }>(
        await manager.query(
          'SELECT version, checksum FROM review_snapshots WHERE phase_id = $1 ORDER BY version DESC LIMIT 1',
          [snapshot.phaseId],
        ),
      );
      if (latest !== undefined && latest.checksum === snapshot.checksum)
        return { version: latest.version, created: false };
      const version = (latest?.version ?? 0) + 1;
      await manager.query(
        `INSERT INTO review_snapshots (phase_id, version, frozen_at, as_of, frozen_by, checksum, content)
         VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb)`,
        [
          snapshot.phaseId,
          version,
          new Date(snapshot.frozenAt),
          new Date(snapshot.asOf),
          snapshot.frozenBy,
          snapshot.checksum,
          JSON.stringify(snapshot.content),
        ],
      );
      return { version, created: true };
    });
  }

  /** The id of the latest snapshot of any phase, as text; null when none was taken. */
  async latestId(): Promise<string | null> {
    const [{ last }] = (await this.dataSource.query(
      'SELECT max(id)::text AS last FROM review_snapshots',
    )) as {
      last: string | null;
    }[];
    return last;
  }

  /** Each frozen phase's settings from its latest version: what closed phases are scored with. */
  async latestPhaseSettings(): Promise<FrozenPhaseSettings[]> {
    return (await this.dataSource.query(
      `SELECT DISTINCT ON (phase_id) phase_id AS "phaseId", content->'phase' AS phase, content->'weights' AS weights,
              content->'grades' AS grades, content->'excellentTarget' AS "excellentTarget"
       FROM review_snapshots ORDER BY phase_id, version DESC`,
    )) as FrozenPhaseSettings[];
  }

  async list(phaseId: string): Promise<SnapshotSummary[]> {
    const rows = rowsOf<Row>(
      await this.dataSource.query(
        `SELECT ${SUMMARY_COLUMNS} FROM review_snapshots WHERE phase_id = $1 ORDER BY version`,
        [phaseId],
      ),
    );
    return rows.map(summary);
  }

  /** One version, or the latest when `version` is omitted; null when there is none. */
  async get(phaseId: string, version?: number): Promise<StoredSnapshot | null> {
    const rows = rowsOf<Row>(
      await this.dataSource.query(
        version === undefined
          ? `SELECT ${SUMMARY_COLUMNS}, content FROM review_snapshots WHERE phase_id = $1 ORDER BY version DESC LIMIT 1`
          : `SELECT ${SUMMARY_COLUMNS}, content FROM review_snapshots WHERE phase_id = $1 AND version = $2`,
        version === undefined ? [phaseId] : [phaseId, version],
      ),
    );
    const row = rows[0];
    if (row === undefined) return null;
    return { ...summary(row), content: row.content! };
  }
}
