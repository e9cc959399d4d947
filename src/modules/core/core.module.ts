/**
 * The one composition of the process (API, worker, CLI): configuration, the database, every store
 * and every service, each built once here and injected where it is used. Stores and services are
 * plain classes (no Nest in `infra/` or in the services' constructors); this module is the only
 * place that calls their constructors. The queue is opened for the API and the worker only.
 */
import type { DynamicModule, Provider } from '@nestjs/common';
import { Logger, Module } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../../config/app-config.js';
import type { DomainConfig } from '../../config/domain-config.loader.js';
import type { ReminderSettings } from '../../config/reminders.loader.js';
import type { Settings } from '../../config/settings.js';
import { loadSettings } from '../../config/settings.js';
import { adapterFor } from '../../infra/adapters/adapter.factory.js';
import { Database, openDatabase } from '../../infra/database/database.js';
import { mailerFor } from '../../infra/mail/mailer.factory.js';
import type { Mailer } from '../../infra/mail/mailer.port.js';
import { InlineJobQueue } from '../../infra/queue/inline-job-queue.js';
import type { JobQueue } from '../../infra/queue/job-queue.port.js';
import { AuditStore } from '../../infra/store/audit-store.js';
import { DigestStore } from '../../infra/store/digest-store.js';
import { ExemptionRequestStore } from '../../infra/store/exemption-request-store.js';
import { MetricsReader } from '../../infra/store/metrics-reader.js';
import { ObligationQuery } from '../../infra/store/obligation-query.js';
import { ObligationStore } from '../../infra/store/obligation-store.js';
import { ReminderStore } from '../../infra/store/reminder-store.js';
import { ReviewStore } from '../../infra/store/review-store.js';
import { ScoreStore } from '../../infra/store/score-store.js';
import { SessionStore } from '../../infra/store/session-store.js';
import { SettingsStore } from '../../infra/store/settings-store.js';
import { SnapshotStore } from '../../infra/store/snapshot-store.js';
import { SyncStore } from '../../infra/store/sync-store.js';
import { TokenStore } from '../../infra/store/token-store.js';
import { SignInService } from '../access/sign-in.service.js';
import { WebReadStore } from '../../infra/store/web-read-store.js';
import { DigestService } from '../digests/digest.service.js';
import { EvaluationService } from '../evaluation/evaluation.service.js';
import { FreshnessService } from '../evaluation/freshness.service.js';
import { ReminderService } from '../reminders/reminder.service.js';
import { ReviewService } from '../review/review.service.js';
import { CalendarService } from '../settings/calendar.service.js';
import { CampaignService } from '../settings/campaign.service.js';
import { PreviewService } from '../preview/preview.service.js';
import { DomainState } from '../settings/domain-state.js';
import { Reevaluation } from '../settings/reevaluation.js';
import { SnapshotService } from '../snapshots/snapshot.service.js';
import { SourceCatalog } from '../sync/source-catalog.service.js';
import { SyncService } from '../sync/sync.service.js';
import { PushService } from '../sync/push.service.js';
import { ExemptionRequestService } from '../web/exemption-request.service.js';
import { WebFigures } from '../web/web-figures.service.js';
import { Clock } from './clock.js';
import { CoreLifecycle } from './core.lifecycle.js';
import type { CoreOptions } from './core.tokens.js';
import {
  APP_CONFIG,
  CORE_OPTIONS,
  DOMAIN_CONFIG,
  JOB_QUEUE,
  MAILER,
  REMINDER_SETTINGS,
  SETTINGS,
} from './core.tokens.js';

/** A store over the process's database. */
function store<T>(type: new (dataSource: DataSource) => T): Provider {
  return { provide: type, inject: [Database], useFactory: (db: Database) => new type(db.dataSource) };
}

/** The settings, validated once; the parts most consumers need are provided on their own too. */
function configuration(options: CoreOptions): Provider[] {
  const env = options.env!;
  return [
    { provide: CORE_OPTIONS, useValue: options },
    { provide: SETTINGS, useFactory: (): Settings => loadSettings(env, options.overrides) },
    { provide: APP_CONFIG, inject: [SETTINGS], useFactory: (s: Settings): AppConfig => s.app },
    { provide: DOMAIN_CONFIG, inject: [SETTINGS], useFactory: (s: Settings): DomainConfig => s.domain },
    {
      provide: REMINDER_SETTINGS,
      inject: [SETTINGS],
      useFactory: (s: Settings): ReminderSettings => s.reminders,
    },
    { provide: Clock, inject: [APP_CONFIG], useFactory: (app: AppConfig) => new Clock(app.clock) },
    {
      provide: SourceCatalog,
      inject: [APP_CONFIG],
      useFactory: (app: AppConfig) => new SourceCatalog(app.configDir, app.dataDir, env),
    },
  ];
}

function infrastructure(): Provider[] {
  return [
    { provide: Database, inject: [APP_CONFIG], useFactory: (app: AppConfig) => openDatabase(app) },
    {
      provide: MAILER,
      inject: [SETTINGS],
      useFactory: (s: Settings): Mailer => mailerFor(s.mail, s.reminders).mailer,
    },
    store(SyncStore),
    {
      provide: ObligationStore,
      inject: [Database],
      useFactory: (db: Database) => new ObligationStore(db.dataSource, !db.embedded),
    },
    store(ObligationQuery),
    store(ScoreStore),
    store(ReviewStore),
    store(AuditStore),
    store(SettingsStore),
    store(SnapshotStore),
    store(DigestStore),
    store(TokenStore),
    store(SessionStore),
    store(MetricsReader),
    store(ExemptionRequestStore),
    store(WebReadStore),
    {
      provide: ReminderStore,
      inject: [Database],
      useFactory: (db: Database) => new ReminderStore(db.dataSource, db.embedded),
    },
  ];
}

function services(): Provider[] {
  return [
    {
      provide: DomainState,
      inject: [SettingsStore, SnapshotStore, DOMAIN_CONFIG],
      useFactory: async (settings: SettingsStore, snapshots: SnapshotStore, domain: DomainConfig) => {
        const state = new DomainState(settings, snapshots, domain);
        await state.refresh();
        return state;
      },
    },
    {
      provide: FreshnessService,
      inject: [SyncStore, SourceCatalog],
      useFactory: (runs: SyncStore, catalog: SourceCatalog) => new FreshnessService(runs, catalog),
    },
    {
      provide: EvaluationService,
      inject: [ObligationStore, DOMAIN_CONFIG, ScoreStore, DomainState, FreshnessService],
      useFactory: (
        obligations: ObligationStore,
        domain: DomainConfig,
        scores: ScoreStore,
        state: DomainState,
        freshness: FreshnessService,
      ) => new EvaluationService(obligations, domain, scores, () => state.refresh(), freshness),
    },
    {
      provide: SyncService,
      inject: [SyncStore, EvaluationService, SETTINGS, Clock, Database],
      useFactory: (
        store: SyncStore,
        evaluation: EvaluationService,
        settings: Settings,
        clock: Clock,
        db: Database,
      ) =>
        new SyncService(store, evaluation, adapterFor, {
          worker: settings.app.worker,
          now: () => clock.now(),
          plausibleDates: settings.domain.settings.plausibleDates,
          singleConnection: db.embedded,
        }),
    },
    {
      provide: PushService,
      inject: [SyncService, SyncStore, Clock],
      useFactory: (sync: SyncService, store: SyncStore, clock: Clock) =>
        new PushService(sync, store, () => clock.now()),
    },
    {
      provide: ReviewService,
      inject: [ObligationStore, ReviewStore, AuditStore, ScoreStore, EvaluationService, DOMAIN_CONFIG, Clock],
      useFactory: (
        obligations: ObligationStore,
        store: ReviewStore,
        audit: AuditStore,
        scores: ScoreStore,
        evaluation: EvaluationService,
        domain: DomainConfig,
        clock: Clock,
      ) =>
        new ReviewService({ obligations, store, audit, scores, evaluation, domain, now: () => clock.now() }),
    },
    {
      provide: SnapshotService,
      inject: [SnapshotStore, ReviewStore, ObligationStore, DOMAIN_CONFIG, Clock, DomainState],
      useFactory: (
        store: SnapshotStore,
        review: ReviewStore,
        obligationStore: ObligationStore,
        domain: DomainConfig,
        clock: Clock,
        state: DomainState,
      ) =>
        new SnapshotService({
          store,
          review,
          evaluationContext: { obligationStore, domain },
          domain,
          now: () => clock.now(),
          refreshDomain: () => state.refresh(),
        }),
    },
    {
      provide: DigestService,
      inject: [
        DigestStore,
        ObligationStore,
        DOMAIN_CONFIG,
        MAILER,
        Clock,
        APP_CONFIG,
        FreshnessService,
        REMINDER_SETTINGS,
        SourceCatalog,
      ],
      useFactory: (
        store: DigestStore,
        obligationStore: ObligationStore,
        domain: DomainConfig,
        mailer: Mailer,
        clock: Clock,
        app: AppConfig,
        freshness: FreshnessService,
        settings: ReminderSettings,
        catalog: SourceCatalog,
      ) =>
        new DigestService({
          store,
          obligationStore,
          domain,
          mailer,
          now: () => clock.now(),
          worker: app.worker,
          freshness,
          digestMinutes: settings.digestMinutes,
          publicUrl: app.publicUrl,
          sources: () => catalog.list(),
        }),
    },
    {
      provide: ReminderService,
      inject: [
        ReminderStore,
        MAILER,
        DOMAIN_CONFIG,
        REMINDER_SETTINGS,
        APP_CONFIG,
        FreshnessService,
        SourceCatalog,
      ],
      useFactory: (
        store: ReminderStore,
        mailer: Mailer,
        domain: DomainConfig,
        settings: ReminderSettings,
        app: AppConfig,
        freshness: FreshnessService,
        catalog: SourceCatalog,
      ) =>
        new ReminderService({
          store,
          mailer,
          domain,
          settings,
          lang: settings.language ?? domain.settings.language,
          worker: app.worker,
          freshness,
          publicUrl: app.publicUrl,
          sources: () => catalog.list(),
        }),
    },
    {
      provide: SignInService,
      inject: [SessionStore, AuditStore, MAILER, SETTINGS, Clock],
      useFactory: (
        store: SessionStore,
        audit: AuditStore,
        mailer: Mailer,
        settings: Settings,
        clock: Clock,
      ) =>
        new SignInService({
          store,
          audit,
          mailer,
          settings: settings.signIn,
          officialDomain: settings.domain.settings.officialDomain,
          now: () => clock.now(),
          warn: (message) => new Logger('SignIn').warn(message),
        }),
    },
    {
      provide: WebFigures,
      inject: [ObligationStore, DOMAIN_CONFIG, Clock, DomainState, WebReadStore],
      useFactory: (
        obligationStore: ObligationStore,
        domain: DomainConfig,
        clock: Clock,
        state: DomainState,
        reads: WebReadStore,
      ) =>
        new WebFigures({
          obligationStore,
          domain,
          now: () => clock.now(),
          refreshDomain: () => state.refresh(),
          version: () => reads.figuresVersion(),
        }),
    },
    {
      provide: ExemptionRequestService,
      inject: [ExemptionRequestStore, ObligationQuery, ReviewService, Clock],
      useFactory: (
        store: ExemptionRequestStore,
        obligations: ObligationQuery,
        review: ReviewService,
        clock: Clock,
      ) => new ExemptionRequestService({ store, obligations, review, now: () => clock.now() }),
    },
    {
      provide: Reevaluation,
      inject: [EvaluationService, Clock],
      useFactory: (evaluation: EvaluationService, clock: Clock) => new Reevaluation(evaluation, clock),
    },
    {
      provide: CalendarService,
      inject: [SettingsStore, DomainState, DOMAIN_CONFIG, Reevaluation, Clock],
      useFactory: (
        store: SettingsStore,
        state: DomainState,
        domain: DomainConfig,
        reevaluation: Reevaluation,
        clock: Clock,
      ) => new CalendarService(store, state, domain, reevaluation, clock),
    },
    {
      provide: CampaignService,
      inject: [SettingsStore, DomainState, Reevaluation, Clock],
      useFactory: (store: SettingsStore, state: DomainState, reevaluation: Reevaluation, clock: Clock) =>
        new CampaignService(store, state, reevaluation, clock),
    },
    {
      provide: PreviewService,
      inject: [
        ObligationStore,
        ScoreStore,
        EvaluationService,
        DomainState,
        CalendarService,
        CampaignService,
        ReviewService,
        Clock,
      ],
      useFactory: (
        obligations: ObligationStore,
        scores: ScoreStore,
        evaluation: EvaluationService,
        state: DomainState,
        calendar: CalendarService,
        campaigns: CampaignService,
        review: ReviewService,
        clock: Clock,
      ) => new PreviewService({ obligations, scores, evaluation, state, calendar, campaigns, review, clock }),
    },
  ];
}

function queue(options: CoreOptions): Provider[] {
  if (options.queue === false) return [];
  return [
    {
      provide: JOB_QUEUE,
      inject: [APP_CONFIG],
      useFactory: async (app: AppConfig): Promise<JobQueue> => {
        if (app.redisUrl === null) return new InlineJobQueue({ backoffMs: options.backoffMs });
        // Loaded only where a queue is opened: BullMQ alone takes half a second to import.
        const { BullMqJobQueue } = await import('../../infra/queue/bullmq-job-queue.js');
        return new BullMqJobQueue({
          redisUrl: app.redisUrl,
          prefix: options.queuePrefix,
          backoffMs: options.backoffMs,
          lockDurationMs: options.queueLockMs,
        });
      },
    },
  ];
}

@Module({})
export class CoreModule {
  static forRoot(given: CoreOptions = {}): DynamicModule {
    // The one place the process environment is taken when none was given (STYLE.md "Configuration").
    const options: CoreOptions = { ...given, env: given.env ?? process.env };
    const providers = [
      ...configuration(options),
      ...infrastructure(),
      ...services(),
      ...queue(options),
      CoreLifecycle,
    ];
    return {
      module: CoreModule,
      global: true,
      providers,
      exports: providers
        .filter((p) => p !== CoreLifecycle)
        .map((p) => (p as { provide: unknown }).provide as never),
    };
  }
}
