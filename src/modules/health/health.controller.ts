import { Controller, Get, Header, Inject, ServiceUnavailableException } from '@nestjs/common';
import type { AppConfig } from '../../config/app-config.js';
import { Database } from '../../infra/database/database.js';
import { MetricsReader } from '../../infra/store/metrics-reader.js';
import { ApiOkResponse, ApiServiceUnavailableResponse } from '@nestjs/swagger';
import { Public } from '../access/access.decorators.js';
import { HealthDto } from './health.responses.js';
import { APP_CONFIG } from '../core/core.tokens.js';
import { pingRedis } from './redis.probe.js';

const TIMEOUT_MS = 3000;

type Check = { status: 'up' } | { status: 'down'; error: string };

async function check(work: () => Promise<unknown>): Promise<Check> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
  });
  try {
    await Promise.race([work(), timeout]);
    return { status: 'up' };
  } catch (error) {
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
  ) {}

  @Get()
  @Header('cache-control', 'no-store')
  @ApiOkResponse({ type: HealthDto })
  @ApiServiceUnavailableResponse({ type: HealthDto, description: 'A dependency does not answer' })
  async health(): Promise<object> {
    const redisUrl = this.app.redisUrl;
    const [database, redis] = await Promise.all([
      check(() => this.reader.ping()),
      redisUrl === null ? null : check(() => pingRedis(redisUrl, TIMEOUT_MS)),
    ]);
    const checks: Record<string, Check> = { database, ...(redis === null ? {} : { redis }) };
    const failed = Object.keys(checks).filter((name) => checks[name].status === 'down');
    const body = {
      status: failed.length === 0 ? 'ok' : 'error',
      ...(failed.length > 0 ? { failed } : {}),
      mode: {
        database: this.database.embedded ? 'embedded' : 'postgres',
        queue: redisUrl === null ? 'inline' : 'redis',
      },
      checks,
    };
    if (failed.length > 0) throw new ServiceUnavailableException(body);
    return body;
  }
}
