import { Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { QueueGuard } from './queue-guard.js';
import { SyncModule } from './sync.module.js';

/** The worker's periodic check of the queue's schedulers and recorded requests (worker only). */
@Module({ imports: [ScheduleModule.forRoot(), SyncModule], providers: [QueueGuard], exports: [QueueGuard] })
export class QueueGuardModule {}
