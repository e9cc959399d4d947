import type { DynamicModule } from '@nestjs/common';
import { Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { RequestPipe } from './shared/request-dto.js';
import { RefusalFilter } from './shared/refusal.filter.js';
import { AccessModule } from './access/access.module.js';
import { CoreModule } from './core/core.module.js';
import { MonitoringModule } from './monitoring/monitoring.module.js';
import type { CoreOptions } from './core/core.tokens.js';
import { HealthModule } from './health/health.module.js';
import { ObligationsModule } from './evaluation/obligations.module.js';
import { RemindersModule } from './reminders/reminders.module.js';
import { RunsModule } from './sync/runs.module.js';
import { ScoresModule } from './scores/scores.module.js';
import { SettingsModule } from './settings/settings.module.js';
import { SnapshotsModule } from './snapshots/snapshots.module.js';
import { SourcesModule } from './sync/sources.module.js';
import { DigestJobsModule } from './digests/digest-jobs.module.js';
import { ReminderJobsModule } from './reminders/reminder-jobs.module.js';
import { SyncModule } from './sync/sync.module.js';
import { DigestsModule } from './digests/digests.module.js';
import { ReviewModule } from './review/review.module.js';
import { PreviewModule } from './preview/preview.module.js';
import { WebModule } from './web/web.module.js';

/** The HTTP process. SyncModule is here for the embedded mode, where the API also runs the jobs. */
@Module({})
export class ApiModule {
  static forRoot(options: CoreOptions = {}): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        CoreModule.forRoot(options),
        AccessModule,
        MonitoringModule.forRoot(),
        HealthModule,
        SourcesModule,
        RunsModule,
        ObligationsModule,
        RemindersModule,
        DigestsModule,
        ReviewModule,
        PreviewModule,
        SnapshotsModule,
        ScoresModule,
        SettingsModule,
        SyncModule,
        ReminderJobsModule,
        DigestJobsModule,
        WebModule,
      ],
      providers: [
        // A service's Refusal (bad field, unknown id, state conflict) answered as 400/404/409.
        { provide: APP_FILTER, useClass: RefusalFilter },
        // A query or body typed with a request DTO (`*.requests.ts`) is checked and parsed into it.
        { provide: APP_PIPE, useClass: RequestPipe },
      ],
    };
  }
}
