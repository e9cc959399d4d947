/**
 * The council's review over HTTP: exemptions, score adjustments and the audit log. Each decision
 * re-scores what it touches and is audited in the same transaction (ReviewService).
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
import {
  ApiBearerAuth,
  ApiBody,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import { formatInstant } from '../../domain/time.js';
import type {
  AdjustmentRecord,
  AuditEntry,
  ExemptionRecord,
  StoredObligation,
} from '../../infra/store/review-store.js';
import type { ScoreLevel } from '../../infra/store/score-store.js';
import { Allow, Caller } from '../access/access.decorators.js';
import type { Principal } from '../access/roles.js';
import { OVERSIGHT, REVIEWERS } from '../access/roles.js';
import {
  badParameter,
  bodyObject,
  enumParameter,
  idParameter,
  pageParameters,
} from '../shared/request-errors.js';
import { emptyPage, pageView, scoreView, unitInSight } from '../shared/page-view.js';
import {
  AdjustmentDecisionDto,
  AdjustmentPageDto,
  AuditPageDto,
  ExemptionDecisionDto,
  ExemptionPageDto,
} from './review.responses.js';
import { ReviewService } from './review.service.js';

const LEVELS: readonly ScoreLevel[] = ['unit', 'person'];
const MAX_PAGE_SIZE = 1000;

/** invalid → 400 naming the field, not_found → 404, conflict → 409; both languages. */
const at = (i: number | null) => (i === null ? null : formatInstant(i));

const exemptionView = (e: ExemptionRecord) => ({ ...e, at: at(e.at), revokedAt: at(e.revokedAt) });
const adjustmentView = (a: AdjustmentRecord) => ({ ...a, at: at(a.at) });
const auditView = (a: AuditEntry) => ({ ...a, at: at(a.at) });
const obligationView = (o: StoredObligation | null) => (o === null ? null : { ...o, doneAt: at(o.doneAt) });

export type ExemptionView = ReturnType<typeof exemptionView>;
export type AdjustmentView = ReturnType<typeof adjustmentView>;
export type AuditView = ReturnType<typeof auditView>;
export type ObligationView = ReturnType<typeof obligationView>;

/** A body field that must be a string (the service checks its content and length). */
function stringField(body: Record<string, unknown>, field: string): string {
  const value = body[field];
  if (typeof value !== 'string') throw badParameter(field, 'cần chuỗi ký tự', 'must be a string');
  return value;
}

@ApiTags('scores')
@ApiBearerAuth()
@Controller('api')
export class ReviewController {
  constructor(@Inject(ReviewService) private readonly review: ReviewService) {}

  @Get('exemptions')
  @Allow(...OVERSIGHT, 'unit_head')
  @ApiOperation({ summary: 'Exemptions, standing and revoked (a unit head: her unit’s)' })
  @ApiQuery({ name: 'obligation', required: false })
  @ApiQuery({ name: 'unit', required: false })
  @ApiQuery({ name: 'phase', required: false })
  @ApiQuery({ name: 'standing', required: false, enum: ['true', 'false'] })
  @ApiOkResponse({ type: ExemptionPageDto })
  async exemptions(@Caller() caller: Principal, @Query() q: Record<string, unknown>) {
    const paging = pageParameters(q, MAX_PAGE_SIZE);
    const unitId = unitInSight(caller, idParameter('unit', q.unit));
    if (unitId === null) return emptyPage(paging);
    const standing = enumParameter('standing', q.standing, ['true', 'false'] as const);
    const page = await this.review.exemptions({
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
  @ApiCreatedResponse({ type: ExemptionDecisionDto })
  async exempt(@Caller() caller: Principal, @Body() body: unknown) {
    const fields = bodyObject(body);
    const outcome = await this.review.exempt({
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
  @ApiOkResponse({ type: ExemptionDecisionDto })
  async revoke(@Caller() caller: Principal, @Param('id') id: string, @Body() body: unknown) {
    const fields = bodyObject(body);
    const outcome = await this.review.revokeExemption({
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
  @ApiOkResponse({ type: AdjustmentPageDto })
  async adjustments(@Caller() caller: Principal, @Query() q: Record<string, unknown>) {
    const paging = pageParameters(q, MAX_PAGE_SIZE);
    const unitId = unitInSight(caller, idParameter('unit', q.unit));
    if (unitId === null) return emptyPage(paging);
    const page = await this.review.adjustments({
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
  @ApiCreatedResponse({ type: AdjustmentDecisionDto })
  async adjust(@Caller() caller: Principal, @Body() body: unknown) {
    const fields = bodyObject(body);
    const points = fields.points;
    if (typeof points !== 'number' || !Number.isFinite(points))
      throw badParameter('points', 'cần một số, ví dụ 2.5 hoặc -5', 'must be a number, e.g. 2.5 or -5');
    const level = stringField(fields, 'level');
    if (!(LEVELS as readonly string[]).includes(level))
      throw badParameter('level', 'chỉ nhận unit, person', 'must be one of unit, person');
    const outcome = await this.review.adjust({
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
  @ApiOkResponse({ type: AuditPageDto })
  async audit(@Query() q: Record<string, unknown>) {
    const paging = pageParameters(q, MAX_PAGE_SIZE);
    const page = await this.review.audit({
      action: idParameter('action', q.action),
      target: idParameter('target', q.target),
      actor: idParameter('actor', q.actor),
      limit: paging.limit,
      offset: paging.offset,
    });
    return pageView(page, auditView, paging.pageSize);
  }
}
