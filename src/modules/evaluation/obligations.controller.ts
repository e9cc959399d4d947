import { Controller, Get, HttpException, HttpStatus, Inject, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { ServerResponse } from 'node:http';
import type { DomainConfig } from '../../config/domain-config.loader.js';
import type { AppConfig } from '../../config/app-config.js';
import { Database } from '../../infra/database/database.js';
import type { Status } from '../../domain/rules/obligation.js';
import { STATUS_LABELS } from '../../presentation/labels.js';
import { ObligationQuery } from '../../infra/store/obligation-query.js';
import { ObligationStore } from '../../infra/store/obligation-store.js';
import { Allow, Caller } from '../access/access.decorators.js';
import type { Principal } from '../access/roles.js';
import { EVERYONE, readScope } from '../access/roles.js';
import { Clock } from '../core/clock.js';
import { APP_CONFIG, DOMAIN_CONFIG } from '../core/core.tokens.js';
import { notFound } from '../shared/request-errors.js';
import { pageView } from '../shared/page-view.js';
import { EvaluationQuery, ObligationsQuery } from './obligations.requests.js';
import { EvaluationDto, ObligationDetailDto, ObligationPageDto } from './obligations.responses.js';
import { streamEvaluation } from './evaluation-stream.js';

/** The status as people read it, Vietnamese first: `unknown` is "Chưa đủ dữ liệu" (a stale source). */
function labelled<T extends { status: Status }>(o: T): T & { statusLabel: string; statusLabelEn: string } {
  return { ...o, statusLabel: STATUS_LABELS.vi[o.status], statusLabelEn: STATUS_LABELS.en[o.status] };
}

@ApiTags('obligations')
@ApiBearerAuth()
@Controller('api')
export class ObligationsController {
  private evaluating = false;

  constructor(
    @Inject(ObligationQuery) private readonly query: ObligationQuery,
    @Inject(ObligationStore) private readonly obligationStore: ObligationStore,
    @Inject(DOMAIN_CONFIG) private readonly domain: DomainConfig,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(Database) private readonly database: Database,
    @Inject(APP_CONFIG) private readonly app: AppConfig,
  ) {}

  @Get('obligations')
  @Allow(...EVERYONE)
  @ApiOperation({
    summary: 'Stored obligations, filtered and paged',
    description:
      'As last evaluated (after each sync). Staff see their own, a unit head her unit, leadership, the council and the administrator everything. Ordered by due date, then id.',
  })
  @ApiOkResponse({ type: ObligationPageDto })
  async list(@Caller() caller: Principal, @Query() q: ObligationsQuery) {
    const filter = {
      unitId: q.unit,
      personId: q.person,
      rule: q.rule,
      status: q.status,
      phaseId: q.phase,
      dueFrom: q.dueFrom,
      dueTo: q.dueTo,
    };
    const paging = q.paging;
    const found = await this.query.list(filter, readScope(caller), paging);
    return pageView(found, labelled, paging.pageSize);
  }

  @Get('obligations/:id')
  @Allow(...EVERYONE)
  @ApiOperation({ summary: 'One obligation with every change of its status or due date' })
  @ApiParam({ name: 'id', example: 'unit_submission:D-2025-001' })
  @ApiOkResponse({ type: ObligationDetailDto })
  async get(@Caller() caller: Principal, @Param('id') id: string) {
    const found = id.length > 300 ? null : await this.query.get(id, readScope(caller));
    // Out of the caller's sight and unknown look the same: existence is not disclosed.
    if (found === null)
      throw notFound(`Không có nghĩa vụ "${id.slice(0, 80)}"`, `No obligation "${id.slice(0, 80)}"`);
    return { ...found, obligation: labelled(found.obligation) };
  }

  /**
   * EVALUATE.md's JSON for the stored records evaluated as of `asOf` (default now, or DUNGHAN_CLOCK; a
   * date alone is the end of that local day): what `dunghan evaluate` prints for the same data. A unit
   * head gets her unit's. Streamed: an agency-year does not sit in one string.
   */
  @Get('evaluation')
  @Allow('admin', 'council', 'leader', 'unit_head')
  @ApiOperation({ summary: 'EVALUATE.md JSON of the stored records as of an instant' })
  @ApiOkResponse({
    type: EvaluationDto,
    description:
      'Streamed as it is computed: one JSON object, each obligation and score on its own line (a reader may parse it whole or line by line). Cut short, not valid JSON, if the server fails mid-way.',
  })
  async evaluation(
    @Caller() caller: Principal,
    @Query() q: EvaluationQuery,
    @Res() res: ServerResponse,
  ): Promise<void> {
    let unit = q.unit;
    if (caller.role === 'unit_head') {
      if (unit !== undefined && unit !== caller.unitId)
        throw notFound(`Không có đơn vị "${unit}"`, `No unit "${unit}"`);
      unit = caller.unitId ?? '';
    }
    const asOf = q.asOf ?? this.clock.now();
    // The whole agency is loaded and judged per call (seconds and a gigabyte on a province-year):
    // one at a time per process, so a client cannot stack them up.
    if (this.evaluating) {
      res.setHeader('Retry-After', '30');
      throw new HttpException(
        {
          statusCode: 429,
          error: 'Too Many Requests',
          message:
            'Đang tính một bản đánh giá khác, xin thử lại sau ít phút / Another evaluation is running, try again shortly',
        },
        HttpStatus.TOO_MANY_REQUESTS,
      );
    }
    this.evaluating = true;
    try {
      // Off the event loop (evaluation-stream.ts): the API keeps answering while it is produced.
      await streamEvaluation(
        {
          obligationStore: this.obligationStore,
          domain: this.domain,
          databaseUrl: this.database.embedded ? null : this.app.databaseUrl,
        },
        res,
        asOf,
        unit,
      );
    } finally {
      this.evaluating = false;
    }
  }
}
