import type { DataSource } from 'typeorm';

/** Any constant: the advisory lock every process takes before migrating, so N replicas migrate once. */
const MIGRATION_LOCK = 72_120_250;

/**
 * Runs pending migrations. On a real server under a session advisory lock held on a dedicated
 * connection; on embedded PGlite (one connection, one process) without it, since the lock's
 * connection would be the only one.
 */
export async function migrate(
  dataSource: DataSource,
  options: { singleConnection: boolean },
): Promise<number> {
  if (options.singleConnection) return (await dataSource.runMigrations({ transaction: 'each' })).length;
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    return (await dataSource.runMigrations({ transaction: 'each' })).length;
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await runner.release();
  }
}
