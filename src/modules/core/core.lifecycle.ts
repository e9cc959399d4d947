import type { OnApplicationShutdown } from '@nestjs/common';
import { Inject, Injectable } from '@nestjs/common';
import type { AppContext } from '../../app/app-context.js';
import type { JobQueue } from '../../infra/queue/job-queue.port.js';
import { APP_CONTEXT, JOB_QUEUE } from './core.tokens.js';

/**
 * Closes what the core module opened, in order: the queue first, so running handlers finish while
 * the database is still there, then the context (the connection pool and any embedded Postgres).
 */
@Injectable()
export class CoreLifecycle implements OnApplicationShutdown {
  constructor(
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    @Inject(APP_CONTEXT) private readonly ctx: AppContext,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    try {
      await this.queue.close();
    } finally {
      await this.ctx.close();
    }
  }
}
