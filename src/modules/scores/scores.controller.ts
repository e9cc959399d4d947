/**
 * Scores and ranks over HTTP. Scores are the stored ones, refreshed by every evaluation (after each
 * sync) and by the council's decisions, so a page costs an indexed read, not a re-score.
 */
import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ScorePageDto } from './scores.responses.js';
import type { ScoreLevel } from '../../infra/store/score-store.js';
import { Allow, Caller } from '../access/access.decorators.js';
import type { Principal } from '../access/roles.js';
import { EVERYONE } from '../access/roles.js';
import { ReviewService } from '../review/review.service.js';
import { emptyPage, pageView, scoreView, unitInSight } from '../shared/page-view.js';
import { enumParameter, idParameter, pageParameters } from '../shared/request-errors.js';

const LEVELS: readonly ScoreLevel[] = ['unit', 'person'];
const MAX_PAGE_SIZE = 1000;

@ApiTags('scores')
@ApiBearerAuth()
@Controller('api')
export class ScoresController {
  constructor(@Inject(ReviewService) private readonly review: ReviewService) {}

  @Get('scores')
  @Allow(...EVERYONE)
  @ApiOperation({
    summary: 'Scores and ranks per phase, unit and person',
    description:
      'Units in rank order, then people, best first. Staff get their own score, a unit head her unit’s and her people’s. `score` is final (computed + the council’s adjustments); `computedScore` and `adjustment` show both parts.',
  })
  @ApiQuery({ name: 'phase', required: false, example: '2025-1' })
  @ApiQuery({ name: 'level', required: false, enum: LEVELS })
  @ApiQuery({ name: 'unit', required: false })
  @ApiQuery({ name: 'subject', required: false, description: 'a unit or person id' })
  @ApiQuery({ name: 'page', required: false })
  @ApiQuery({ name: 'pageSize', required: false, description: `1…${MAX_PAGE_SIZE}` })
  @ApiOkResponse({ type: ScorePageDto })
  async scores(@Caller() caller: Principal, @Query() q: Record<string, unknown>) {
    const paging = pageParameters(q, MAX_PAGE_SIZE);
    const filter = {
      phaseId: idParameter('phase', q.phase),
      level: enumParameter('level', q.level, LEVELS),
      unitId: idParameter('unit', q.unit),
      subjectId: idParameter('subject', q.subject),
    };
    if (caller.role === 'staff') {
      if (
        (filter.level ?? 'person') !== 'person' ||
        (filter.subjectId ?? caller.personId) !== caller.personId
      )
        return emptyPage(paging);
      filter.level = 'person';
      filter.subjectId = caller.personId ?? '';
    }
    const unitId = unitInSight(caller, filter.unitId);
    if (unitId === null) return emptyPage(paging);
    filter.unitId = unitId;
    const page = await this.review.scores({ ...filter, limit: paging.limit, offset: paging.offset });
    return pageView(page, scoreView, paging.pageSize);
  }
}
