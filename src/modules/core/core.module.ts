/**
 * The process's one AppContext (configuration, database, stores, services) and its job queue,
 * shared by every module. Redis when REDIS_URL is set, else the in-process queue.
 */
import type { DynamicModule } from '@nestjs/common';
import { Module } from '@nestjs/common';
import type { AppContext } from '../../app/app-context.js';
import { createAppContext } from '../../app/app-context.js';
import { BullMqJobQueue } from '../../infra/queue/bullmq-job-queue.js';
import { InlineJobQueue } from '../../infra/queue/inline-job-queue.js';
import type { JobQueue } from '../../infra/queue/job-queue.port.js';
import { CoreLifecycle } from './core.lifecycle.js';
import type { CoreOptions } from './core.tokens.js';
import { APP_CONTEXT, CORE_OPTIONS, JOB_QUEUE } from './core.tokens.js';

@Module({})
export class CoreModule {
  static forRoot(given: CoreOptions = {}): DynamicModule {
    // The one place the process environment is taken when none was given (STYLE.md "Configuration").
    const options: CoreOptions = { ...given, env: given.env ?? process.env };
    return {
      module: CoreModule,
      global: true,
      providers: [
        { provide: CORE_OPTIONS, useValue: options },
        {
          provide: APP_CONTEXT,
          useFactory: () => createAppContext(options.env, options.overrides),
        },
        {
          provide: JOB_QUEUE,
          inject: [APP_CONTEXT],
          useFactory: (ctx: AppContext): JobQueue =>
            ctx.app.redisUrl !== null
              ? new BullMqJobQueue({
                  redisUrl: ctx.app.redisUrl,
                  prefix: options.queuePrefix,
                  backoffMs: options.backoffMs,
                  lockDurationMs: options.queueLockMs,
                })
              : new InlineJobQueue({ backoffMs: options.backoffMs }),
        },
        CoreLifecycle,
      ],
      exports: [CORE_OPTIONS, APP_CONTEXT, JOB_QUEUE],
    };
  }
}
