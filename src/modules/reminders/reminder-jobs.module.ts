import { Module } from '@nestjs/common';
import { ReminderJobs } from './reminder.jobs.js';

/** The daily reminder job, for the process that runs jobs (the worker, or the API without Redis). */
@Module({ providers: [ReminderJobs], exports: [ReminderJobs] })
export class ReminderJobsModule {}
