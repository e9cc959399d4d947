import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { formatInstant } from '../../domain/time.js';
import type { StoredDigest } from '../../infra/store/digest-store.js';
import { DigestStore } from '../../infra/store/digest-store.js';
import { Allow, Caller } from '../access/access.decorators.js';
import type { Principal } from '../access/roles.js';
import { notFound } from '../shared/request-errors.js';
import { LEADERSHIP } from './digest-rendering.js';
import { DigestsQuery } from './digests.requests.js';
import { DigestDetailDto, DigestListDto } from './digests.responses.js';

/** What the API tells about a digest: who got it and when, not its body (that is the e-mail). */
function summary(d: StoredDigest) {
  return {
    id: d.id,
    // The unit the digest reports; null for the leadership's digest of all units.
    unitId: d.unitId,
    week: d.week,
    subject: d.subject,
    recipients: d.recipients,
    createdAt: formatInstant(d.createdAt),
    sentAt: d.sentAt === null ? null : formatInstant(d.sentAt),
    resendCount: d.resendCount,
  };
}

export type DigestSummary = ReturnType<typeof summary>;

/** Weekly digests as stored and sent: a unit head sees her unit's, leadership and the council all. */
@ApiTags('mail')
@ApiBearerAuth()
@Allow('admin', 'council', 'leader', 'unit_head')
@Controller('api/digests')
export class DigestsController {
  constructor(@Inject(DigestStore) private readonly store: DigestStore) {}

  @Get()
  @ApiOperation({ summary: 'The digests of an ISO week, with recipients and when they were sent' })
  @ApiOkResponse({ type: DigestListDto })
  async list(@Caller() caller: Principal, @Query() q: DigestsQuery) {
    const { week, unit } = q;
    // A digest's unit is its `unitId`; `leadership` names the digest of all units (no unit).
    let unitId: string | null | undefined = unit === LEADERSHIP ? null : unit;
    if (caller.role === 'unit_head') {
      if (caller.unitId === null || (unitId !== undefined && unitId !== caller.unitId))
        return { digests: [] };
      unitId = caller.unitId;
    }
    const digests = await this.store.forWeek(week, unitId);
    return { digests: digests.map(summary) };
  }

  @Get(':id')
  @ApiOperation({ summary: 'One stored digest: its text as sent' })
  @ApiOkResponse({ type: DigestDetailDto })
  async get(@Caller() caller: Principal, @Param('id') id: string) {
    const d = /^[1-9]\d{0,17}$/.test(id) ? await this.store.byId(id) : null;
    if (d === null || (caller.role === 'unit_head' && (caller.unitId === null || d.unitId !== caller.unitId)))
      throw notFound(`Không có bản tổng hợp ${id.slice(0, 20)}`, `No digest ${id.slice(0, 20)}`);
    return { ...summary(d), text: d.text };
  }
}
