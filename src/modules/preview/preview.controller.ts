/**
 * Preview, then apply, over HTTP: each route takes the body its applying route takes, answers what
 * the change would do, and stores nothing. The administrator previews calendar and campaign
 * changes; the council campaign changes and exemptions (the changes each of them makes).
 */
import { Body, Controller, HttpCode, HttpStatus, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow, Caller } from '../access/access.decorators.js';
import type { AccessRole, Principal } from '../access/roles.js';
import { ExemptBody } from '../review/review.requests.js';
import { CalendarDayBody, CalendarYearBody, CampaignBody } from '../settings/settings.requests.js';
import { PreviewQuery } from './preview.requests.js';
import { PreviewService } from './preview.service.js';
import { PreviewDto } from './preview.responses.js';
import { previewView } from './preview.view.js';

const CALENDAR: AccessRole[] = ['admin', 'council'];
const CAMPAIGN: AccessRole[] = ['admin', 'council'];
const EXEMPTION: AccessRole[] = ['admin', 'council'];

@ApiTags('preview')
@ApiBearerAuth()
@Controller('api')
export class PreviewController {
  constructor(@Inject(PreviewService) private readonly preview: PreviewService) {}

  @Post('calendar/:date/preview')
  @Allow(...CALENDAR)
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'What declaring a day off or working would change (nothing is stored)',
    description:
      'The body of PUT /api/calendar/:date. Answers the obligations whose due date or status would move and every score, grade and rank that would change.',
  })
  @ApiOkResponse({ type: PreviewDto })
  async calendarDay(@Param('date') date: string, @Body() body: CalendarDayBody, @Query() q: PreviewQuery) {
    return previewView(await this.preview.calendarDay(date, { kind: body.kind, name: body.name }), q.limit);
  }

  @Post('calendar/years/:year/preview')
  @Allow(...CALENDAR)
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'What loading a year’s announcement would change (nothing is stored)' })
  @ApiOkResponse({ type: PreviewDto })
  async calendarYear(@Param('year') year: string, @Body() body: CalendarYearBody, @Query() q: PreviewQuery) {
    return previewView(await this.preview.calendarYear(year, body), q.limit);
  }

  @Post('campaigns/:id/preview')
  @Allow(...CAMPAIGN)
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'What changing a campaign would change (nothing is stored)' })
  @ApiOkResponse({ type: PreviewDto })
  async campaign(@Param('id') id: string, @Body() body: CampaignBody, @Query() q: PreviewQuery) {
    return previewView(await this.preview.campaign(id, body), q.limit);
  }

  @Post('exemptions/preview')
  @Allow(...EXEMPTION)
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'What exempting an obligation would change (nothing is stored)' })
  @ApiOkResponse({ type: PreviewDto })
  async exemption(@Caller() caller: Principal, @Body() body: ExemptBody, @Query() q: PreviewQuery) {
    return previewView(
      await this.preview.exemption({
        obligationId: body.obligationId,
        reason: body.reason,
        actor: caller.actor,
      }),
      q.limit,
    );
  }
}
