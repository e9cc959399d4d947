/**
 * The TypeORM DataSource: entities, the reviewed migrations, never `synchronize`.
 */
import pg from 'pg';
import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../../../migrations/index.js';
import { ENTITIES } from './entities/index.js';

// A `date` is a local calendar date: keep it as 'YYYY-MM-DD' text, never a JS Date at some midnight.
pg.types.setTypeParser(pg.types.builtins.DATE, (text: string) => text);

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
    extra: { max: options.poolSize ?? 10, application_name: options.applicationName ?? 'dunghan' },
  });
}
