/**
 * The composition a test or a benchmark works with: the same CoreModule the API, the worker and the CLI use
 * (`openApplicationContext`), with the stores and services tests reach for most named for brevity.
 * Anything else: `services.nest.get(SomeClass)`.
 */
import type { INestApplicationContext } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../../src/config/app-config.js';
import type { DomainConfig } from '../../src/config/domain-config.loader.js';
import { Database } from '../../src/infra/database/database.js';
import { ObligationStore } from '../../src/infra/store/obligation-store.js';
import { ReviewStore } from '../../src/infra/store/review-store.js';
import { ScoreStore } from '../../src/infra/store/score-store.js';
import { SyncStore } from '../../src/infra/store/sync-store.js';
import { openApplicationContext } from '../../src/modules/core/application-context.js';
import { Clock } from '../../src/modules/core/clock.js';
import { APP_CONFIG, DOMAIN_CONFIG } from '../../src/modules/core/core.tokens.js';
import { EvaluationService } from '../../src/modules/evaluation/evaluation.service.js';
import { ReviewService } from '../../src/modules/review/review.service.js';
import type { SourceDefinition } from '../../src/infra/adapters/source-adapter.port.js';
import { SourceCatalog } from '../../src/modules/sync/source-catalog.service.js';
import { SyncService } from '../../src/modules/sync/sync.service.js';

export interface TestServices {
  nest: INestApplicationContext;
  app: AppConfig;
  domain: DomainConfig;
  sources: SourceDefinition[];
  dataSource: DataSource;
  syncStore: SyncStore;
  obligationStore: ObligationStore;
  scoreStore: ScoreStore;
  reviewStore: ReviewStore;
  evaluation: EvaluationService;
  sync: SyncService;
  review: ReviewService;
  now(): number;
  close(): Promise<void>;
}

export async function openServices(
  env: NodeJS.ProcessEnv,
  overrides: Partial<AppConfig> = {},
): Promise<TestServices> {
  const nest = await openApplicationContext({ env, overrides });
  return {
    nest,
    app: nest.get<AppConfig>(APP_CONFIG),
    domain: nest.get<DomainConfig>(DOMAIN_CONFIG),
    sources: nest.get(SourceCatalog).list(),
    dataSource: nest.get(Database).dataSource,
    syncStore: nest.get(SyncStore),
    obligationStore: nest.get(ObligationStore),
    scoreStore: nest.get(ScoreStore),
    reviewStore: nest.get(ReviewStore),
    evaluation: nest.get(EvaluationService),
    sync: nest.get(SyncService),
    review: nest.get(ReviewService),
    now: () => nest.get(Clock).now(),
    close: () => nest.close(),
  };
}
