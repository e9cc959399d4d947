import type { DynamicModule } from '@nestjs/common';
import { Controller, Get, Header, Inject, Module } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { JobQueue } from '../../infra/queue/job-queue.port.js';
import { MetricsReader } from '../../infra/store/metrics-reader.js';
import { Public } from '../access/access.decorators.js';
import { Clock } from '../core/clock.js';
import { JOB_QUEUE } from '../core/core.tokens.js';
import { FreshnessService } from '../evaluation/freshness.service.js';
import type { Metrics } from './metrics.js';
import { createMetrics } from './metrics.js';

export const METRICS = Symbol('Metrics');

/**
 * Public, like /health: Prometheus scrapes without a token. It shows counts only — no names, no
 * ids — and belongs on the internal network with the rest of the service.
 */
@ApiExcludeController()
@Public()
@Controller('metrics')
class MetricsController {
  constructor(@Inject(METRICS) private readonly metrics: Metrics) {}

  @Get()
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  @Header('cache-control', 'no-store')
  scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}

@Module({})
export class MonitoringModule {
  static forRoot(): DynamicModule {
    return {
      module: MonitoringModule,
      controllers: [MetricsController],
      providers: [
        {
          provide: METRICS,
          inject: [MetricsReader, JOB_QUEUE, FreshnessService, Clock],
          useFactory: (reader: MetricsReader, queue: JobQueue, freshness: FreshnessService, clock: Clock) =>
            createMetrics(reader, queue, () => freshness.at(clock.now())),
        },
      ],
      exports: [METRICS],
    };
  }
}
