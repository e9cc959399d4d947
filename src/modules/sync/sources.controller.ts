import {
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Inject,
  Param,
  Post,
  ServiceUnavailableException,
} from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import type { JobQueue } from '../../infra/queue/job-queue.port.js';
import { SyncStore } from '../../infra/store/sync-store.js';
import { JobName, QueueUnavailableError } from '../../infra/queue/job-queue.port.js';
import { Allow } from '../access/access.decorators.js';
import { ADMIN, OVERSIGHT } from '../access/roles.js';
import { JOB_QUEUE } from '../core/core.tokens.js';
import { notFound } from '../shared/request-errors.js';
import { SourceCatalog } from './source-catalog.service.js';
import { manualJobId } from './sync.jobs.js';
import { SourceDto, SyncQueuedDto } from './sources.responses.js';

@ApiTags('sources')
@ApiBearerAuth()
@Controller('api/sources')
export class SourcesController {
  constructor(
    @Inject(SyncStore) private readonly runs: SyncStore,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    @Inject(SourceCatalog) private readonly catalog: SourceCatalog,
  ) {}

  /** The configured sources, each with its latest run (null before the first). */
  @Get()
  @Allow(...OVERSIGHT)
  @ApiOperation({ summary: 'The configured sources, each with its latest sync run' })
  @ApiOkResponse({ type: [SourceDto] })
  async list() {
    const sources = this.catalog.list();
    const lastRuns = await Promise.all(sources.map((s) => this.runs.runs(s.name, 1)));
    return sources.map((s, i) => ({
      name: s.name,
      kind: s.kind,
      cron: s.cron,
      enabled: s.enabled,
      lastRun: lastRuns[i][0] ?? null,
    }));
  }

  /**
   * "Sync now": records the request, queues a run of the source and answers at once; the run shows
   * in /api/runs. Without the queue it answers 503 within two seconds, and the recorded request is
   * queued by the worker once Redis is back.
   */
  @Post(':name/sync')
  @Allow(...ADMIN)
  @ApiOperation({ summary: '"Sync now": queue a run of one source (administrator)' })
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiAcceptedResponse({ type: SyncQueuedDto })
  @ApiServiceUnavailableResponse({
    description: 'The job queue (Redis) does not answer; the request is recorded and queued once it does',
  })
  async syncNow(@Param('name') name: string) {
    const source = this.catalog.find(name);
    if (source === undefined) {
      throw notFound(
        `Không có nguồn "${name.slice(0, 80)}" trong cấu hình`,
        `No source "${name.slice(0, 80)}" is configured`,
      );
    }
    const runKey = `manual:${randomUUID()}`;
    const jobId = manualJobId(source.name, runKey);
    await this.runs.recordRequest(source.name, runKey);
    try {
      await this.queue.enqueue(
        JobName.SyncSource,
        { source: source.name, trigger: 'manual', runKey },
        { jobId },
      );
    } catch (error) {
      if (!(error instanceof QueueUnavailableError)) throw error;
      throw new ServiceUnavailableException({
        statusCode: 503,
        error: 'Service Unavailable',
        message:
          'Hàng đợi công việc (Redis) không trả lời; yêu cầu đồng bộ đã được ghi lại và sẽ chạy khi hàng đợi hoạt động trở lại / ' +
          'The job queue (Redis) does not answer; the sync request is recorded and will run once the queue is back',
        source: source.name,
        runKey,
      });
    }
    return { jobId, source: source.name, runKey };
  }
}
