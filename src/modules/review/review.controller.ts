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
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { formatInstant } from '../../domain/time.js';
import type {
  AdjustmentRecord,
  AuditEntry,
  ExemptionRecord,
  StoredObligation,
} from '../../infra/store/review-store.js';
import { Allow, Caller } from '../access/access.decorators.js';
import type { Principal } from '../access/roles.js';
import { OVERSIGHT, REVIEWERS } from '../access/roles.js';
import { emptyPage, pageView, scoreView, unitInSight } from '../shared/page-view.js';
import {
  AdjustmentDecisionDto,
  AdjustmentPageDto,
  AuditPageDto,
  ExemptionDecisionDto,
  ExemptionPageDto,
} from './review.responses.js';
import {
  AdjustBody,
  AdjustmentsQuery,
  AuditQuery,
  ExemptBody,
  ExemptionsQuery,
  RevokeBody,
} from './review.requests.js';
import { ReviewService } from './review.service.js';

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

@ApiTags('scores')
@ApiBearerAuth()
@Controller('api')
export class ReviewController {
  constructor(@Inject(ReviewService) private readonly review: ReviewService) {}

  @Get('exemptions')
  @Allow(...OVERSIGHT, 'unit_head')
  @ApiOperation({ summary: 'Exemptions, standing and revoked (a unit head: her unit’s)' })
  @ApiOkResponse({ type: ExemptionPageDto })
  async exemptions(@Caller() caller: Principal, @Query() q: ExemptionsQuery) {
    const paging = q.paging;
    const unitId = unitInSight(caller, q.unit);
    if (unitId === null) return emptyPage(paging);
    const page = await this.review.exemptions({
      obligationId: q.obligation,
      unitId,
      phaseId: q.phase,
      ...(q.standing === undefined ? {} : { standing: q.standing === 'true' }),
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
  @ApiCreatedResponse({ type: ExemptionDecisionDto })
  async exempt(@Caller() caller: Principal, @Body() body: ExemptBody) {
    const outcome = await this.review.exempt({
      obligationId: body.obligationId,
      reason: body.reason,
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
  @ApiOkResponse({ type: ExemptionDecisionDto })
  async revoke(@Caller() caller: Principal, @Param('id') id: string, @Body() body: RevokeBody) {
    const outcome = await this.review.revokeExemption({
      exemptionId: id,
      reason: body.reason,
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
  @ApiOkResponse({ type: AdjustmentPageDto })
  async adjustments(@Caller() caller: Principal, @Query() q: AdjustmentsQuery) {
    const paging = q.paging;
    const unitId = unitInSight(caller, q.unit);
    if (unitId === null) return emptyPage(paging);
    const page = await this.review.adjustments({
      phaseId: q.phase,
      level: q.level,
      subjectId: q.subject,
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
  @ApiCreatedResponse({ type: AdjustmentDecisionDto })
  async adjust(@Caller() caller: Principal, @Body() body: AdjustBody) {
    const outcome = await this.review.adjust({
      phaseId: body.phaseId,
      level: body.level,
      subjectId: body.subjectId,
      points: body.points,
      reason: body.reason,
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
  @ApiOkResponse({ type: AuditPageDto })
  async audit(@Query() q: AuditQuery) {
    const paging = q.paging;
    const page = await this.review.audit({
      action: q.action,
      target: q.target,
      actor: q.actor,
      limit: paging.limit,
      offset: paging.offset,
    });
    return pageView(page, auditView, paging.pageSize);
  }
}
