/**
 * The process's database: a real server (DATABASE_URL), or embedded PGlite under the data folder,
 * migrated before anything reads it. Closing it stops the embedded server too.
 */
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../../config/app-config.js';
import { createDataSource } from './data-source.js';
import type { EmbeddedPostgres } from './embedded-postgres.js';
import { startEmbeddedPostgres } from './embedded-postgres.js';
import { migrate } from './migrate.js';

export class Database {
  constructor(
    readonly dataSource: DataSource,
    private readonly embeddedServer: EmbeddedPostgres | null,
  ) {}

  /** Embedded PGlite answers one connection at a time: some writes take a slower path for it. */
  get embedded(): boolean {
    return this.embeddedServer !== null;
  }

  async close(): Promise<void> {
    try {
      if (this.dataSource.isInitialized) await this.dataSource.destroy();
    } finally {
      await this.embeddedServer?.stop();
    }
  }
}

export async function openDatabase(app: AppConfig): Promise<Database> {
  let embedded: EmbeddedPostgres | null = null;
  let url = app.databaseUrl;
  if (url === null) {
    embedded = await startEmbeddedPostgres(join(app.dataDir, 'pglite'));
    url = embedded.url;
  }
  const dataSource = createDataSource({
    url,
    poolSize: embedded ? 1 : app.dbPoolSize,
    applicationName: `dunghan-${app.worker}`,
  });
  try {
    await dataSource.initialize();
    await migrate(dataSource, { singleConnection: embedded !== null });
  } catch (e) {
    if (dataSource.isInitialized) await dataSource.destroy();
    await embedded?.stop();
    throw e;
  }
  return new Database(dataSource, embedded);
}
