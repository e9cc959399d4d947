/**
 * The composition root shared by the CLI, the API and the worker: configuration, the database
 * (a real server, or embedded PGlite), migrations, stores and services. Nest modules wrap this
 * rather than build a second graph.
 */
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app-config.js';
import { loadAppConfig } from '../config/app-config.js';
import type { DomainConfig } from '../config/domain-config.loader.js';
import { loadDomainConfig } from '../config/domain-config.loader.js';
import { loadSources } from '../config/sources.loader.js';
import { adapterFor } from '../infra/adapters/adapter.factory.js';
import { createDataSource } from '../infra/database/data-source.js';
import type { EmbeddedPostgres } from '../infra/database/embedded-postgres.js';
import { startEmbeddedPostgres } from '../infra/database/embedded-postgres.js';
import { migrate } from '../infra/database/migrate.js';
import { ObligationStore } from '../infra/store/obligation-store.js';
import { SyncStore } from '../infra/store/sync-store.js';
import { EvaluationService } from '../modules/obligations/evaluation.service.js';
import type { SourceDefinition } from '../modules/sync/source-definition.js';
import { SyncService } from '../modules/sync/sync.service.js';

export interface AppContext {
  app: AppConfig;
  domain: DomainConfig;
  sources: SourceDefinition[];
  dataSource: DataSource;
  embedded: boolean;
  syncStore: SyncStore;
  obligationStore: ObligationStore;
  evaluation: EvaluationService;
  sync: SyncService;
  /** The current instant: DUNGHAN_CLOCK when set, else the real clock. */
  now(): number;
  close(): Promise<void>;
}

export async function createAppContext(
  env: NodeJS.ProcessEnv = process.env,
  overrides: Partial<AppConfig> = {},
): Promise<AppContext> {
  const app = { ...loadAppConfig(env), ...overrides };
  const domain = loadDomainConfig(app.configDir);
  const sources = loadSources(app.configDir, app.dataDir, env);

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
    await embedded?.stop();
    throw e;
  }
  const syncStore = new SyncStore(dataSource);
  const obligationStore = new ObligationStore(dataSource);
  const evaluation = new EvaluationService(obligationStore, domain);
  const now = () => app.clock ?? Date.now();
  const sync = new SyncService(syncStore, evaluation, adapterFor, {
    worker: app.worker,
    now,
    singleConnection: embedded !== null,
  });
  return {
    app,
    domain,
    sources,
    dataSource,
    embedded: embedded !== null,
    syncStore,
    obligationStore,
    evaluation,
    sync,
    now,
    async close() {
      await dataSource.destroy();
      await embedded?.stop();
    },
  };
}
