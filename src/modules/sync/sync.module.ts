import { Module } from '@nestjs/common';
import { SyncJobs } from './sync.jobs.js';

@Module({ providers: [SyncJobs], exports: [SyncJobs] })
export class SyncModule {}
