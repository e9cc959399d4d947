/**
 * Scores and ranks over HTTP. Scores are the stored ones, refreshed by every evaluation (after each
 * sync) and by the council's decisions, so a page costs an indexed read, not a re-score.
 */
import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ScorePageDto } from './scores.responses.js';
import { Allow, Caller } from '../access/access.decorators.js';
import type { Principal } from '../access/roles.js';
import { EVERYONE } from '../access/roles.js';
import { ReviewService } from '../review/review.service.js';
import { emptyPage, pageView, scoreView, unitInSight } from '../shared/page-view.js';
import { ScoresQuery } from './scores.requests.js';

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
  @ApiOkResponse({ type: ScorePageDto })
  async scores(@Caller() caller: Principal, @Query() q: ScoresQuery) {
    const paging = q.paging;
    const filter = { phaseId: q.phase, level: q.level, unitId: q.unit, subjectId: q.subject };
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
