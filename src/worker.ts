/**
 * The worker process: consumes the jobs the API produces and registers the nightly sync of every
 * enabled source. Run as many as you like: BullMQ gives each job to one of them, each source has
 * one scheduler however many workers register it, and a nightly run's key (`nightly:<date>`) lets
 * only one of them do the night's work even if a job were ever delivered twice.
 */
import type { INestApplicationContext, LoggerService, LogLevel } from '@nestjs/common';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { JsonNestLogger, createJsonLogger } from './modules/monitoring/json-logger.js';
import type { AppConfig } from './config/app-config.js';
import { loadAppConfig } from './config/app-config.js';
import type { JobQueue } from './infra/queue/job-queue.port.js';
import type { CoreOptions } from './modules/core/core.tokens.js';
import { APP_CONFIG, JOB_QUEUE } from './modules/core/core.tokens.js';
import { isEntryPoint, untilShutdownSignal } from './modules/core/process-signals.js';
import { DigestJobs } from './modules/digests/digest.jobs.js';
import { ReminderJobs } from './modules/reminders/reminder.jobs.js';
import { QueueGuard } from './modules/sync/queue-guard.js';
import { SyncJobs } from './modules/sync/sync.jobs.js';
import { WorkerModule } from './modules/worker.module.js';

export interface WorkerOptions extends CoreOptions {
  logger?: LoggerService | LogLevel[] | false;
  /** Sync jobs this process runs at once (default 1: a sync is database-bound). */
  concurrency?: number;
  /**
   * How often the worker checks that Redis still holds its job schedulers and the recorded "sync
   * now" requests (60 s by default); tests shorten it.
   */
  queueCheckMs?: number;
}

export interface RunningWorker {
  app: INestApplicationContext;
  /** The process settings in force. */
  config: AppConfig;
  queue: JobQueue;
  /** The sources whose nightly sync this worker registered. */
  scheduled: string[];
  close(): Promise<void>;
}

export async function bootstrapWorker(options: WorkerOptions = {}): Promise<RunningWorker> {
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(options), {
    abortOnError: false,
    // Without a logger given: JSON lines at LOG_LEVEL, like the API.
    logger:
      options.logger !== undefined
        ? options.logger
        : new JsonNestLogger(createJsonLogger(loadAppConfig(options.env ?? process.env).logLevel)),
  });
  try {
    const config = app.get<AppConfig>(APP_CONFIG);
    const queue = app.get<JobQueue>(JOB_QUEUE);
    const jobs = app.get(SyncJobs);
    await jobs.consume(options.concurrency ?? 1);
    const scheduled = await jobs.schedule();
    for (const mail of [app.get(ReminderJobs), app.get(DigestJobs)]) {
      await mail.consume();
      await mail.schedule();
    }
    await app.get(QueueGuard).start(options.queueCheckMs);
    return { app, config, queue, scheduled, close: () => app.close() };
  } catch (error) {
    await app.close();
    throw error;
  }
}

/** `node dist/src/worker.js` and `dunghan worker`: runs until SIGINT or SIGTERM. */
export async function runWorkerProcess(env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const logger = new Logger('Worker');
  try {
    if (loadAppConfig(env).redisUrl === null) {
      // Two processes on one embedded database would corrupt it, and without Redis no job from
      // the API could reach this process anyway: the API runs the jobs itself in that mode.
      logger.error(
        'REDIS_URL is not set: without it the API process runs the jobs itself (dunghan api); a separate worker needs Redis',
      );
      return 2;
    }
  } catch (error) {
    logger.error((error as Error).message);
    return 2;
  }
  let running: RunningWorker;
  try {
    running = await bootstrapWorker({ env });
  } catch (error) {
    logger.error(`Could not start the worker: ${(error as Error).message}`);
    return 1;
  }
  logger.log(`Consuming sync jobs; nightly sync registered for: ${running.scheduled.join(', ') || '—'}`);
  const signal = await untilShutdownSignal();
  logger.log(`${signal}: letting running jobs finish, then closing`);
  await running.close();
  return 0;
}

if (isEntryPoint(import.meta.url, process.argv[1])) process.exitCode = await runWorkerProcess();
