import { Controller, Get, Header, Inject, ServiceUnavailableException } from '@nestjs/common';
import type { AppConfig } from '../../config/app-config.js';
import { Database } from '../../infra/database/database.js';
import { MetricsReader } from '../../infra/store/metrics-reader.js';
import { ApiOkResponse, ApiServiceUnavailableResponse } from '@nestjs/swagger';
import { Public } from '../access/access.decorators.js';
import { HealthDto } from './health.responses.js';
import { APP_CONFIG, JOB_QUEUE } from '../core/core.tokens.js';
import { pingRedis } from './redis.probe.js';
import type { JobQueue } from '../../infra/queue/job-queue.port.js';
import { DIGEST_SCHEDULER_ID } from '../digests/digest.jobs.js';
import { REMINDER_SCHEDULER_ID } from '../reminders/reminder.jobs.js';
import { SourceCatalog } from '../sync/source-catalog.service.js';
import { syncSchedulerId } from '../sync/sync.jobs.js';
import { formatInstant } from '../../domain/time.js';
import { Clock } from '../core/clock.js';
import { FreshnessService } from '../evaluation/freshness.service.js';

const TIMEOUT_MS = 3000;

type Check = { status: 'up' } | { status: 'down'; error: string; missing?: string[] };

/** Fails the check naming what is missing, in the body an orchestrator logs. */
class MissingSchedules extends Error {
  constructor(readonly missing: string[]) {
    super(`job schedulers missing from Redis: ${missing.join(', ')}`);
  }
}

async function check(work: () => Promise<unknown>): Promise<Check> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
  });
  try {
    await Promise.race([work(), timeout]);
    return { status: 'up' };
  } catch (error) {
    if (error instanceof MissingSchedules) {
      return { status: 'down', error: error.message, missing: error.missing };
    }
    return { status: 'down', error: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}

/** For load balancers and orchestrators: 200 when every dependency answers, else 503 naming it. */
@Public()
@Controller('health')
export class HealthController {
  constructor(
    @Inject(APP_CONFIG) private readonly app: AppConfig,
    @Inject(Database) private readonly database: Database,
    @Inject(MetricsReader) private readonly reader: MetricsReader,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    @Inject(SourceCatalog) private readonly catalog: SourceCatalog,
    @Inject(FreshnessService) private readonly freshness: FreshnessService,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  /**
   * Each enabled source's freshness (docs/freshness.md). A stale source does not make /health fail:
   * the API and the worker are fine, and a load balancer taking them out of rotation would hide the
   * pages that say which verdicts wait on it. It is reported here, in /metrics and in the digest.
   */
  private async sources(): Promise<object | null> {
    try {
      const all = await this.freshness.at(this.clock.now());
      return {
        stale: all.filter((f) => f.stale).map((f) => f.source),
        list: all.map((f) => ({
          name: f.source,
          stale: f.stale,
          lastGoodAt: f.lastGoodAt === null ? null : formatInstant(f.lastGoodAt),
          freshWithinHours: f.freshWithinHours,
        })),
      };
    } catch {
      // The database check reports the cause.
      return null;
    }
  }

  /**
   * The schedulers a worker registers (each enabled source's nightly sync, the reminders, the
   * digests) against those Redis holds: a Redis that lost its keys leaves the worker running and
   * nothing scheduled until the worker restores them.
   */
  private async schedules(): Promise<void> {
    const expected = [
      ...this.catalog
        .list()
        .filter((source) => source.enabled)
        .map((source) => syncSchedulerId(source.name)),
      REMINDER_SCHEDULER_ID,
      DIGEST_SCHEDULER_ID,
    ];
    const held = new Set(await this.queue.scheduleIds());
    const missing = expected.filter((id) => !held.has(id));
    if (missing.length > 0) throw new MissingSchedules(missing);
  }

  @Get()
  @Header('cache-control', 'no-store')
  @ApiOkResponse({ type: HealthDto })
  @ApiServiceUnavailableResponse({ type: HealthDto, description: 'A dependency does not answer' })
  async health(): Promise<object> {
    const redisUrl = this.app.redisUrl;
    const [database, redis, schedules, sources] = await Promise.all([
      check(() => this.reader.ping()),
      redisUrl === null ? null : check(() => pingRedis(redisUrl, TIMEOUT_MS)),
      // Without Redis the API runs the jobs and their timers itself: nothing can remove them.
      redisUrl === null ? null : check(() => this.schedules()),
      this.sources(),
    ]);
    const checks: Record<string, Check> = {
      database,
      ...(redis === null ? {} : { redis }),
      ...(schedules === null ? {} : { schedules }),
    };
    const failed = Object.keys(checks).filter((name) => checks[name].status === 'down');
    const body = {
      status: failed.length === 0 ? 'ok' : 'error',
      ...(failed.length > 0 ? { failed } : {}),
      mode: {
        database: this.database.embedded ? 'embedded' : 'postgres',
        queue: redisUrl === null ? 'inline' : 'redis',
      },
      checks,
      ...(sources === null ? {} : { sources }),
    };
    if (failed.length > 0) throw new ServiceUnavailableException(body);
    return body;
  }
}
