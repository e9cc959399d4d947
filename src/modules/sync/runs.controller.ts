import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { SyncStore } from '../../infra/store/sync-store.js';
import { Allow } from '../access/access.decorators.js';
import { OVERSIGHT } from '../access/roles.js';
import { badParameter, notFound } from '../shared/request-errors.js';
import { pageView } from '../shared/page-view.js';
import { RunsQuery } from './runs.requests.js';
import { RejectionDto, SyncRunPageDto } from './runs.responses.js';

/** Run ids are Postgres bigints, sent as strings. */
const RUN_ID = /^[1-9]\d{0,17}$/;

@ApiTags('sources')
@ApiBearerAuth()
@Allow(...OVERSIGHT)
@Controller('api/runs')
export class RunsController {
  constructor(@Inject(SyncStore) private readonly store: SyncStore) {}

  /** Sync runs newest first, a page of them, optionally of one source. */
  @Get()
  @ApiOperation({ summary: 'Sync runs, newest first, with their counts and duration' })
  @ApiOkResponse({ type: SyncRunPageDto })
  async list(@Query() q: RunsQuery) {
    const paging = q.paging;
    const found = await this.store.runPage(q.source ?? null, paging);
    return pageView(found, (r) => r, paging.pageSize);
  }

  /** What a run refused, and why, in both languages. */
  @Get(':id/rejections')
  @ApiOperation({ summary: 'What a run refused, and why (Vietnamese and English)' })
  @ApiOkResponse({ type: [RejectionDto] })
  async rejections(@Param('id') id: string) {
    if (!RUN_ID.test(id)) {
      throw badParameter(
        'id',
        `"${id.slice(0, 40)}" không phải mã lượt đồng bộ`,
        `"${id.slice(0, 40)}" is not a sync run id`,
      );
    }
    const rejections = await this.store.rejections(id);
    if (rejections.length === 0 && !(await this.store.hasRun(id))) {
      throw notFound(`Không có lượt đồng bộ ${id}`, `No sync run ${id}`);
    }
    return rejections;
  }
}
