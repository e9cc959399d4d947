/**
 * The TypeORM DataSource: entities, the reviewed migrations, never `synchronize`.
 */
import pg from 'pg';
import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../../../migrations/index.js';
import { ENTITIES } from './entities/index.js';

// A `date` is a local calendar date: keep it as 'YYYY-MM-DD' text, never a JS Date at some midnight.
pg.types.setTypeParser(pg.types.builtins.DATE, (text: string) => text);

/** A server that does not answer fails the connection instead of leaving it waiting (pg waits forever). */
const CONNECT_TIMEOUT_MS = 10_000;

/**
 * The timeout set on each connection, not on the pool: the pool's option of the same name would
 * also fail a query that merely waits for a busy pool (one connection under PGlite, during a long
 * evaluation).
 */
class TimedClient extends pg.Client {
  constructor(config?: string | pg.ClientConfig) {
    super({
      ...(typeof config === 'string' ? { connectionString: config } : config),
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    });
  }
}

export interface DataSourceOptions {
  url: string;
  /** Embedded PGlite serves one connection: the pool must be 1 there. */
  poolSize?: number;
  applicationName?: string;
}

export function createDataSource(options: DataSourceOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url: options.url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    synchronize: false,
    migrationsRun: false,
    logging: false,
    extra: {
      max: options.poolSize ?? 10,
      application_name: options.applicationName ?? 'dunghan',
      Client: TimedClient,
    },
  });
}
