import type { OnApplicationShutdown } from '@nestjs/common';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { Database } from '../../infra/database/database.js';
import type { Mailer } from '../../infra/mail/mailer.port.js';
import type { JobQueue } from '../../infra/queue/job-queue.port.js';
import { JOB_QUEUE, MAILER } from './core.tokens.js';

/**
 * Closes what the core module opened, in order: the queue first, so running handlers finish while
 * the database is still there; then the mailer and the database (the connection pool and any
 * embedded Postgres).
 */
@Injectable()
export class CoreLifecycle implements OnApplicationShutdown {
  constructor(
    @Inject(Database) private readonly database: Database,
    @Inject(MAILER) private readonly mailer: Mailer,
    @Optional() @Inject(JOB_QUEUE) private readonly queue?: JobQueue,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    try {
      await this.queue?.close();
    } finally {
      try {
        await this.mailer.close();
      } finally {
        await this.database.close();
      }
    }
  }
}
