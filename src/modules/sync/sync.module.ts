import { Module } from '@nestjs/common';
import { SourceCatalog } from './source-catalog.service.js';
import { SyncJobs } from './sync.jobs.js';

@Module({ providers: [SourceCatalog, SyncJobs], exports: [SourceCatalog, SyncJobs] })
export class SyncModule {}
