import { Module } from '@nestjs/common';
import { MailJobs } from './mail.jobs.js';

@Module({ providers: [MailJobs], exports: [MailJobs] })
export class MailJobsModule {}
