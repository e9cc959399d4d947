import { Module } from '@nestjs/common';
import { DigestJobs } from './digest.jobs.js';

/** The weekly digest job, for the process that runs jobs (the worker, or the API without Redis). */
@Module({ providers: [DigestJobs], exports: [DigestJobs] })
export class DigestJobsModule {}
