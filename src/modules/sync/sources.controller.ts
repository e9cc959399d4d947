import {
  BadRequestException,
  ConflictException,
  Controller,
  ForbiddenException,
  Get,
  HttpCode,
  HttpException,
  HttpStatus,
  Inject,
  Param,
  Post,
  Req,
  Res,
  ServiceUnavailableException,
} from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SourceDefinition } from '../../infra/adapters/source-adapter.port.js';
import { pushedFormatOf } from '../../infra/adapters/push/pushed-message.js';
import type { JobQueue } from '../../infra/queue/job-queue.port.js';
import { SyncStore } from '../../infra/store/sync-store.js';
import { JobName, QueueUnavailableError } from '../../infra/queue/job-queue.port.js';
import { Allow, Caller } from '../access/access.decorators.js';
import type { Principal } from '../access/roles.js';
import { FEEDERS, OVERSIGHT, mayFeed } from '../access/roles.js';
import { JOB_QUEUE } from '../core/core.tokens.js';
import { notFound } from '../shared/request-errors.js';
import { PUSH_MEDIA_TYPES, mediaTypeOf, pushedFormatOfMedia, readBody } from './push-body.js';
import { PushInProgressError, PushService } from './push.service.js';
import { DEFAULT_FRESH_WITHIN_HOURS } from '../../domain/freshness.js';
import { formatInstant } from '../../domain/time.js';
import { Clock } from '../core/clock.js';
import { FreshnessService } from '../evaluation/freshness.service.js';
import { SourceCatalog } from './source-catalog.service.js';
import { manualJobId } from './sync.jobs.js';
import { SourceBusyError } from './sync.service.js';
import { PushAnswerDto, SourceDto, SyncQueuedDto } from './sources.responses.js';

/** A push refused before it is read: the status, and why in Vietnamese and English. */
function refused(status: number, error: string, vi: string, en: string): HttpException {
  return new HttpException({ statusCode: status, error, message: `${vi} / ${en}` }, status);
}

@ApiTags('sources')
@ApiBearerAuth()
@Controller('api/sources')
export class SourcesController {
  constructor(
    @Inject(SyncStore) private readonly runs: SyncStore,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    @Inject(SourceCatalog) private readonly catalog: SourceCatalog,
    @Inject(PushService) private readonly pushes: PushService,
    @Inject(FreshnessService) private readonly freshness: FreshnessService,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  /**
   * The named source, if this caller may feed it: 403 for a token bound to another source (before
   * looking, so such a token cannot learn which sources exist), 404 when none is configured.
   */
  private feedable(caller: Principal, name: string): SourceDefinition {
    const shown = name.slice(0, 80);
    if (!mayFeed(caller, name)) {
      throw new ForbiddenException({
        statusCode: 403,
        error: 'Forbidden',
        message:
          `Mã truy cập này chỉ dùng cho nguồn "${caller.source}", không cho nguồn "${shown}" / ` +
          `This token is for source "${caller.source}", not "${shown}"`,
      });
    }
    const source = this.catalog.find(name);
    if (source === undefined) {
      throw notFound(`Không có nguồn "${shown}" trong cấu hình`, `No source "${shown}" is configured`);
    }
    return source;
  }

  /** The configured sources, each with its latest run (null before the first) and its freshness. */
  @Get()
  @Allow(...OVERSIGHT)
  @ApiOperation({ summary: 'The configured sources, each with its latest sync run' })
  @ApiOkResponse({ type: [SourceDto] })
  async list() {
    const sources = this.catalog.list();
    const lastRuns = await Promise.all(sources.map((s) => this.runs.runs(s.name, 1)));
    const fresh = new Map((await this.freshness.at(this.clock.now())).map((f) => [f.source, f]));
    return sources.map((s, i) => {
      const f = fresh.get(s.name);
      return {
        name: s.name,
        kind: s.kind,
        cron: s.cron,
        enabled: s.enabled,
        lastRun: lastRuns[i][0] ?? null,
        freshWithinHours: s.freshWithinHours ?? DEFAULT_FRESH_WITHIN_HOURS,
        lastGoodAt: f?.lastGoodAt == null ? null : formatInstant(f.lastGoodAt),
        stale: f?.stale ?? false,
      };
    });
  }

  /**
   * "Sync now": records the request, queues a run of the source and answers at once; the run shows
   * in /api/runs. Without the queue it answers 503 within two seconds, and the recorded request is
   * queued by the worker once Redis is back.
   */
  @Post(':name/sync')
  @Allow(...FEEDERS)
  @ApiOperation({
    summary: '"Sync now": queue a run of one source (administrator, integration)',
    description:
      'An integration token bound to a source (`dunghan token create --role integration --source NAME`) may sync only that one.',
  })
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiAcceptedResponse({ type: SyncQueuedDto })
  @ApiServiceUnavailableResponse({
    description: 'The job queue (Redis) does not answer; the request is recorded and queued once it does',
  })
  async syncNow(@Caller() caller: Principal, @Param('name') name: string) {
    const source = this.feedable(caller, name);
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

  /**
   * Same-day push (docs/push.md): a `dunghan.bundle.v1` document (application/json) to a
   * bundle-folder source, or an edXML message (application/xml) to an edxml source, read and judged
   * at once as a run of the source. 201 with the run's summary; the same bytes again 200 "already
   * received", changing nothing.
   */
  @Post(':name/push')
  @Allow(...FEEDERS)
  @ApiOperation({
    summary: 'Push a bundle or an edXML message to a source now (integration, administrator)',
    description:
      'The body is read by the source’s adapter and validated, stored and evaluated as a sync of the source would be; ' +
      'the run shows in /api/runs with trigger `push`. Idempotent by content: the SHA-256 of the body is kept per source, ' +
      'and the same bytes pushed again are answered 200 `already_received` with the first run. ' +
      'Size limit: the source’s `limits.maxFileBytes`.',
  })
  @ApiConsumes('application/json', 'application/xml')
  @ApiBody({
    description: 'A dunghan.bundle.v1 document (bundle-folder source) or an edXML message (edxml source)',
    schema: { type: 'string', format: 'binary' },
  })
  @ApiCreatedResponse({ type: PushAnswerDto, description: 'Received now: the run’s counts and rejections' })
  @ApiOkResponse({ type: PushAnswerDto, description: 'The same bytes were received before: nothing changed' })
  @ApiConflictResponse({
    description: 'The source is disabled, takes no push, or the same bytes are being received',
  })
  @ApiPayloadTooLargeResponse({ description: 'Over the source’s limits.maxFileBytes' })
  @ApiUnsupportedMediaTypeResponse({ description: 'Not the media type the source takes' })
  @ApiServiceUnavailableResponse({ description: 'A sync of the source is running; try again (Retry-After)' })
  async push(
    @Caller() caller: Principal,
    @Param('name') name: string,
    @Req() req: IncomingMessage,
    @Res({ passthrough: true }) res: ServerResponse,
  ) {
    const source = this.feedable(caller, name);
    if (!source.enabled) {
      throw new ConflictException({
        statusCode: 409,
        error: 'Conflict',
        message: `Nguồn "${source.name}" đang tắt (enabled: false) / Source "${source.name}" is disabled`,
      });
    }
    const format = pushedFormatOf(source.kind);
    if (format === null) {
      throw new ConflictException({
        statusCode: 409,
        error: 'Conflict',
        message:
          `Nguồn "${source.name}" (${source.kind}) không nhận dữ liệu đẩy; chỉ nguồn bundle-folder (JSON) và edxml (XML) nhận / ` +
          `Source "${source.name}" (${source.kind}) takes no push; only bundle-folder (JSON) and edxml (XML) sources do`,
      });
    }
    const media = mediaTypeOf(req);
    if (pushedFormatOfMedia(media) !== format) {
      throw refused(
        415,
        'Unsupported Media Type',
        `Content-Type: nguồn "${source.name}" nhận ${PUSH_MEDIA_TYPES[format]}, không nhận ${media ?? '(không có)'}`,
        `Content-Type: source "${source.name}" takes ${PUSH_MEDIA_TYPES[format]}, not ${media ?? '(none)'}`,
      );
    }
    const limit = source.limits.maxFileBytes;
    const body = await readBody(req, limit);
    if (body === 'too_large') {
      res.setHeader('Connection', 'close');
      throw refused(
        413,
        'Payload Too Large',
        `Nội dung vượt giới hạn ${limit} byte của nguồn "${source.name}" (limits.maxFileBytes)`,
        `The body is over source "${source.name}"’s limit of ${limit} bytes (limits.maxFileBytes)`,
      );
    }
    if (body.length === 0) {
      throw new BadRequestException({
        statusCode: 400,
        error: 'Bad Request',
        parameter: 'body',
        message: 'body: nội dung trống / body: the body is empty',
      });
    }
    try {
      const answer = await this.pushes.push(source, format, body);
      res.statusCode = answer.outcome === 'received' ? 201 : 200;
      return answer;
    } catch (error) {
      if (error instanceof SourceBusyError) {
        res.setHeader('Retry-After', '60');
        throw new ServiceUnavailableException({
          statusCode: 503,
          error: 'Service Unavailable',
          message:
            `Nguồn "${source.name}" đang được đồng bộ; xin gửi lại sau ít phút (chưa nhận gì) / ` +
            `Source "${source.name}" is being synced; push again in a few minutes (nothing was received)`,
        });
      }
      if (error instanceof PushInProgressError) {
        res.setHeader('Retry-After', '10');
        throw new ConflictException({
          statusCode: 409,
          error: 'Conflict',
          message:
            'Cùng nội dung này đang được nhận trong một yêu cầu khác; gửi lại sau giây lát sẽ được trả lời "đã nhận trước đó" / ' +
            'The same content is being received by another request; pushing again shortly answers "already received"',
        });
      }
      throw error;
    }
  }
}
