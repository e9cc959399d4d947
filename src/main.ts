/**
 * The API process: HTTP in, jobs out. With REDIS_URL it only produces jobs and the worker
 * processes consume them; without it (the embedded mode) there is no worker, so this process runs
 * the job handlers and the nightly schedule itself — one process does it all.
 */
import type { INestApplication, LoggerService, LogLevel } from '@nestjs/common';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { AddressInfo } from 'node:net';
import type { AppConfig } from './config/app-config.js';
import { Database } from './infra/database/database.js';
import type { JobQueue } from './infra/queue/job-queue.port.js';
import { loadAppConfig } from './config/app-config.js';
import { mountApiDocs } from './modules/api-docs.js';
import { JsonNestLogger, createJsonLogger } from './modules/monitoring/json-logger.js';
import type { Metrics } from './modules/monitoring/metrics.js';
import { METRICS } from './modules/monitoring/monitoring.module.js';
import { requestLog } from './modules/monitoring/request-log.js';
import { securityHeaders } from './modules/shared/security-headers.js';
import { ApiModule } from './modules/api.module.js';
import type { CoreOptions } from './modules/core/core.tokens.js';
import { APP_CONFIG, JOB_QUEUE } from './modules/core/core.tokens.js';
import { isEntryPoint, untilShutdownSignal } from './modules/core/process-signals.js';
import { DigestJobs } from './modules/digests/digest.jobs.js';
import { ReminderJobs } from './modules/reminders/reminder.jobs.js';
import { SyncJobs } from './modules/sync/sync.jobs.js';
import { parsedUnlessPush } from './modules/sync/push-body.js';

export interface ApiOptions extends CoreOptions {
  /**
   * Nest's logger; `false` silences it (the demo prints its own summary). When omitted: JSON lines
   * (pino) at LOG_LEVEL, with one line per request.
   */
  logger?: LoggerService | LogLevel[] | false;
  /** Where the JSON logs go (default stdout); tests read them. */
  logStream?: NodeJS.WritableStream;
}

export interface RunningApi {
  app: INestApplication;
  /** The process settings in force. */
  config: AppConfig;
  /** Whether the database is embedded PGlite (no DATABASE_URL). */
  embedded: boolean;
  queue: JobQueue;
  /** Where it listens, e.g. `http://127.0.0.1:3000` (the real port when PORT is 0). */
  url: string;
  /** Whether this process also runs the jobs (no REDIS_URL). */
  runsJobs: boolean;
  close(): Promise<void>;
}

function urlOf(address: AddressInfo | string | null, host: string): string {
  if (address === null || typeof address === 'string') return `http://${host}`;
  const shown = address.address === '0.0.0.0' || address.address === '::' ? '127.0.0.1' : address.address;
  return `http://${shown.includes(':') ? `[${shown}]` : shown}:${address.port}`;
}

export async function bootstrapApi(options: ApiOptions = {}): Promise<RunningApi> {
  const pino =
    options.logger === undefined
      ? createJsonLogger(loadAppConfig(options.env ?? process.env).logLevel, options.logStream)
      : null;
  const app = await NestFactory.create<NestExpressApplication>(ApiModule.forRoot(options), {
    // Fail with an error the caller can report, not by aborting the process.
    abortOnError: false,
    // Registered below, so that they leave a push's body to its route (push-body.ts).
    bodyParser: false,
    logger: pino === null ? options.logger! : new JsonNestLogger(pino),
  });
  try {
    app.use(requestLog(pino, app.get<Metrics>(METRICS)));
    // Nest's own parsers (JSON up to 100 KB, extended forms), except on a push: its route reads the
    // bytes itself, after the access guard, up to the source's limit.
    app.useBodyParser('json', { type: parsedUnlessPush('application/json') });
    app.useBodyParser('urlencoded', {
      extended: true,
      type: parsedUnlessPush('application/x-www-form-urlencoded'),
    });
    // Nothing says which framework answers; every answer carries the security headers.
    app.disable('x-powered-by');
    app.use(securityHeaders());
    const config = app.get<AppConfig>(APP_CONFIG);
    // Who the client is (the rate limit counts by address): X-Forwarded-For only from TRUST_PROXY.
    app.set('trust proxy', config.trustProxy);
    const queue = app.get<JobQueue>(JOB_QUEUE);
    const runsJobs = config.redisUrl === null;
    if (runsJobs) {
      const jobs = app.get(SyncJobs);
      await jobs.consume();
      await jobs.schedule();
      for (const mail of [app.get(ReminderJobs), app.get(DigestJobs)]) {
        await mail.consume();
        await mail.schedule();
      }
    }
    mountApiDocs(app);
    await app.listen(config.port, config.host);
    const url = urlOf(app.getHttpServer().address() as AddressInfo | string | null, config.host);
    return {
      app,
      config,
      embedded: app.get(Database).embedded,
      queue,
      url,
      runsJobs,
      close: () => app.close(),
    };
  } catch (error) {
    await app.close();
    throw error;
  }
}

/** `node dist/src/main.js` and `dunghan api`: runs until SIGINT or SIGTERM. */
export async function runApiProcess(env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const logger = new Logger('Api');
  let running: RunningApi;
  try {
    running = await bootstrapApi({ env });
  } catch (error) {
    logger.error(`Could not start the API: ${(error as Error).message}`);
    return 1;
  }
  logger.log(
    `Listening at ${running.url} (${running.embedded ? 'embedded database' : 'Postgres'}, ` +
      `${running.runsJobs ? 'jobs run in this process' : 'jobs go to the workers through Redis'})`,
  );
  const signal = await untilShutdownSignal();
  logger.log(`${signal}: closing`);
  await running.close();
  return 0;
}

if (isEntryPoint(import.meta.url, process.argv[1])) process.exitCode = await runApiProcess();
