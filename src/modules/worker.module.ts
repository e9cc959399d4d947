import type { DynamicModule } from '@nestjs/common';
import { Module } from '@nestjs/common';
import { CoreModule } from './core/core.module.js';
import type { CoreOptions } from './core/core.tokens.js';
import { DigestJobsModule } from './digests/digest-jobs.module.js';
import { ReminderJobsModule } from './reminders/reminder-jobs.module.js';
import { QueueGuardModule } from './sync/queue-guard.module.js';
import { SyncModule } from './sync/sync.module.js';

/** The worker process: no HTTP, only the context, the queue and the job handlers. */
@Module({})
export class WorkerModule {
  static forRoot(options: CoreOptions = {}): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        CoreModule.forRoot(options),
        SyncModule,
        ReminderJobsModule,
        DigestJobsModule,
        QueueGuardModule,
      ],
    };
  }
}
