/**
 * Scores and ranks, exemptions, adjustments and the audit log over HTTP. Scores are the stored ones,
 * refreshed by every evaluation (after each sync), so a page costs an indexed read, not a re-score.
 */
import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Inject,
  Param,
  Post,
  Query,
} from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { AppContext } from '../../app/app-context.js';
import { formatInstant } from '../../domain/time.js';
import type { Page } from '../../infra/store/page.js';
import type {
  AdjustmentRecord,
  AuditEntry,
  ExemptionRecord,
  StoredObligation,
} from '../../infra/store/review-store.js';
import type { ScoreLevel, StoredScore } from '../../infra/store/score-store.js';
import { Allow, Caller } from '../access/access.decorators.js';
import type { Principal } from '../access/roles.js';
import { EVERYONE, OVERSIGHT, REVIEWERS } from '../access/roles.js';
import { APP_CONTEXT } from '../core/core.tokens.js';
import {
  badParameter,
  bodyObject,
  enumParameter,
  idParameter,
  pageParameters,
} from '../shared/request-errors.js';
import { ScorePageDto } from './scores.responses.js';

const LEVELS: readonly ScoreLevel[] = ['unit', 'person'];
const MAX_PAGE_SIZE = 1000;

/** invalid → 400 naming the field, not_found → 404, conflict → 409; both languages. */
const at = (i: number | null) => (i === null ? null : formatInstant(i));

function pageView<T, V>(page: Page<T>, view: (t: T) => V, pageSize: number) {
  return { items: page.items.map(view), page: page.offset / pageSize + 1, pageSize, total: page.total };
}

const scoreView = (s: StoredScore) => ({ ...s, asOf: formatInstant(s.asOf) });
const exemptionView = (e: ExemptionRecord) => ({ ...e, at: at(e.at), revokedAt: at(e.revokedAt) });
const adjustmentView = (a: AdjustmentRecord) => ({ ...a, at: at(a.at) });
const auditView = (a: AuditEntry) => ({ ...a, at: at(a.at) });
const obligationView = (o: StoredObligation | null) => (o === null ? null : { ...o, doneAt: at(o.doneAt) });

/** A body field that must be a string (the service checks its content and length). */
function stringField(body: Record<string, unknown>, field: string): string {
  const value = body[field];
  if (typeof value !== 'string') throw badParameter(field, 'cần chuỗi ký tự', 'must be a string');
  return value;
}

/**
 * The unit filter a caller may use: a unit head always her own unit (null — nothing to show — when
 * she asked for another); anyone else what they asked for.
 */
function unitInSight(caller: Principal, asked: string | undefined): string | undefined | null {
  if (caller.role !== 'unit_head') return asked;
  return asked === undefined || asked === caller.unitId ? (caller.unitId ?? '') : null;
}

const emptyPage = (paging: { page: number; pageSize: number }) => ({
  items: [],
  page: paging.page,
  pageSize: paging.pageSize,
  total: 0,
});

@ApiTags('scores')
@ApiBearerAuth()
@Controller('api')
export class ScoresController {
  constructor(@Inject(APP_CONTEXT) private readonly ctx: AppContext) {}

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
    const page = await this.ctx.review.scores({ ...filter, limit: paging.limit, offset: paging.offset });
    return pageView(page, scoreView, paging.pageSize);
  }

  @Get('exemptions')
  @Allow(...OVERSIGHT, 'unit_head')
  @ApiOperation({ summary: 'Exemptions, standing and revoked (a unit head: her unit’s)' })
  @ApiQuery({ name: 'obligation', required: false })
  @ApiQuery({ name: 'unit', required: false })
  @ApiQuery({ name: 'phase', required: false })
  @ApiQuery({ name: 'standing', required: false, enum: ['true', 'false'] })
  async exemptions(@Caller() caller: Principal, @Query() q: Record<string, unknown>) {
    const paging = pageParameters(q, MAX_PAGE_SIZE);
    const unitId = unitInSight(caller, idParameter('unit', q.unit));
    if (unitId === null) return emptyPage(paging);
    const standing = enumParameter('standing', q.standing, ['true', 'false'] as const);
    const page = await this.ctx.review.exemptions({
      obligationId: idParameter('obligation', q.obligation),
      unitId,
      phaseId: idParameter('phase', q.phase),
      ...(standing === undefined ? {} : { standing: standing === 'true' }),
      limit: paging.limit,
      offset: paging.offset,
    });
    return pageView(page, exemptionView, paging.pageSize);
  }

  @Post('exemptions')
  @Allow(...REVIEWERS)
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({
    summary: 'Exempt an obligation, with the reason (council, leadership); audited, re-evaluated at once',
  })
  @ApiBody({
    schema: {
      type: 'object',
      required: ['obligationId', 'reason'],
      properties: { obligationId: { type: 'string' }, reason: { type: 'string', maxLength: 2000 } },
    },
  })
  async exempt(@Caller() caller: Principal, @Body() body: unknown) {
    const fields = bodyObject(body);
    const outcome = await this.ctx.review.exempt({
      obligationId: stringField(fields, 'obligationId'),
      reason: stringField(fields, 'reason'),
      actor: caller.actor,
    });
    return {
      exemption: exemptionView(outcome.exemption),
      obligation: obligationView(outcome.obligation),
      audit: auditView(outcome.audit),
    };
  }

  @Delete('exemptions/:id')
  @Allow(...REVIEWERS)
  @ApiOperation({ summary: 'Revoke an exemption, with the reason; the record stays, audited' })
  @ApiBody({ schema: { type: 'object', required: ['reason'], properties: { reason: { type: 'string' } } } })
  async revoke(@Caller() caller: Principal, @Param('id') id: string, @Body() body: unknown) {
    const fields = bodyObject(body);
    const outcome = await this.ctx.review.revokeExemption({
      exemptionId: id,
      reason: stringField(fields, 'reason'),
      actor: caller.actor,
    });
    return {
      exemption: exemptionView(outcome.exemption),
      obligation: obligationView(outcome.obligation),
      audit: auditView(outcome.audit),
    };
  }

  @Get('adjustments')
  @Allow(...OVERSIGHT, 'unit_head')
  @ApiOperation({ summary: 'The council’s score adjustments (a unit head: her unit’s)' })
  @ApiQuery({ name: 'phase', required: false })
  @ApiQuery({ name: 'level', required: false, enum: LEVELS })
  @ApiQuery({ name: 'subject', required: false })
  @ApiQuery({ name: 'unit', required: false })
  async adjustments(@Caller() caller: Principal, @Query() q: Record<string, unknown>) {
    const paging = pageParameters(q, MAX_PAGE_SIZE);
    const unitId = unitInSight(caller, idParameter('unit', q.unit));
    if (unitId === null) return emptyPage(paging);
    const page = await this.ctx.review.adjustments({
      phaseId: idParameter('phase', q.phase),
      level: enumParameter('level', q.level, LEVELS),
      subjectId: idParameter('subject', q.subject),
      unitId,
      limit: paging.limit,
      offset: paging.offset,
    });
    return pageView(page, adjustmentView, paging.pageSize);
  }

  @Post('adjustments')
  @Allow('council')
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({ summary: 'Add or take points from a score, with the reason (council); audited' })
  @ApiBody({
    schema: {
      type: 'object',
      required: ['phaseId', 'level', 'subjectId', 'points', 'reason'],
      properties: {
        phaseId: { type: 'string', example: '2025-1' },
        level: { type: 'string', enum: [...LEVELS] },
        subjectId: { type: 'string' },
        points: { type: 'number', example: 2.5, description: '−100…100, at most 2 decimals' },
        reason: { type: 'string', maxLength: 2000 },
      },
    },
  })
  async adjust(@Caller() caller: Principal, @Body() body: unknown) {
    const fields = bodyObject(body);
    const points = fields.points;
    if (typeof points !== 'number' || !Number.isFinite(points))
      throw badParameter('points', 'cần một số, ví dụ 2.5 hoặc -5', 'must be a number, e.g. 2.5 or -5');
    const level = stringField(fields, 'level');
    if (!(LEVELS as readonly string[]).includes(level))
      throw badParameter('level', 'chỉ nhận unit, person', 'must be one of unit, person');
    const outcome = await this.ctx.review.adjust({
      phaseId: stringField(fields, 'phaseId'),
      level: level as ScoreLevel,
      subjectId: stringField(fields, 'subjectId'),
      points,
      reason: stringField(fields, 'reason'),
      actor: caller.actor,
    });
    return {
      adjustment: adjustmentView(outcome.adjustment),
      score: scoreView(outcome.score),
      audit: auditView(outcome.audit),
    };
  }

  @Get('audit')
  @Allow(...OVERSIGHT)
  @ApiOperation({ summary: 'The audit log: who did what, when, why, before and after (newest first)' })
  @ApiQuery({ name: 'action', required: false, example: 'exemption.create' })
  @ApiQuery({ name: 'target', required: false, example: 'score:2025-1/*' })
  @ApiQuery({ name: 'actor', required: false })
  async audit(@Query() q: Record<string, unknown>) {
    const paging = pageParameters(q, MAX_PAGE_SIZE);
    const page = await this.ctx.review.audit({
      action: idParameter('action', q.action),
      target: idParameter('target', q.target),
      actor: idParameter('actor', q.actor),
      limit: paging.limit,
      offset: paging.offset,
    });
    return pageView(page, auditView, paging.pageSize);
  }
}
