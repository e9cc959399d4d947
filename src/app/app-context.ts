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
import { DomainState } from './domain-state.js';
import { loadDomainConfig } from '../config/domain-config.loader.js';
import { loadSources } from '../config/sources.loader.js';
import { adapterFor } from '../infra/adapters/adapter.factory.js';
import { createDataSource } from '../infra/database/data-source.js';
import type { EmbeddedPostgres } from '../infra/database/embedded-postgres.js';
import { startEmbeddedPostgres } from '../infra/database/embedded-postgres.js';
import { migrate } from '../infra/database/migrate.js';
import { ObligationStore } from '../infra/store/obligation-store.js';
import { ReviewStore } from '../infra/store/review-store.js';
import { ScoreStore } from '../infra/store/score-store.js';
import { SyncStore } from '../infra/store/sync-store.js';
import { EvaluationService } from '../modules/obligations/evaluation.service.js';
import { ReviewService } from '../modules/review/review.service.js';
import type { SourceDefinition } from '../infra/adapters/source-adapter.port.js';
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
  /** Stored scores per phase, unit and person (refreshed by every evaluation). */
  scoreStore: ScoreStore;
  reviewStore: ReviewStore;
  /** The council's exemptions and adjustments, and the audit log. */
  review: ReviewService;
  /** The current instant: DUNGHAN_CLOCK when set, else the real clock. */
  /** The configuration in force: files plus administrators' calendar and campaign changes. */
  domainState: DomainState;
  refreshDomain(): Promise<void>;
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
  const scoreStore = new ScoreStore(dataSource);
  const reviewStore = new ReviewStore(dataSource);
  const domainState = new DomainState(dataSource, domain);
  try {
    await domainState.refresh();
  } catch (e) {
    await dataSource.destroy();
    await embedded?.stop();
    throw e;
  }
  const refreshDomain = () => domainState.refresh();
  const evaluation = new EvaluationService(obligationStore, domain, scoreStore, refreshDomain);
  const now = () => app.clock ?? Date.now();
  const review = new ReviewService({
    obligations: obligationStore,
    store: reviewStore,
    scores: scoreStore,
    evaluation,
    domain,
    now,
  });
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
    scoreStore,
    reviewStore,
    review,
    domainState,
    refreshDomain,
    now,
    async close() {
      await dataSource.destroy();
      await embedded?.stop();
    },
  };
}
