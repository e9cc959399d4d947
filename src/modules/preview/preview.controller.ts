/**
 * Preview, then apply, over HTTP: each route takes the body its applying route takes, answers what
 * the change would do, and stores nothing. The administrator previews calendar and campaign
 * changes; the council campaign changes and exemptions (the changes each of them makes).
 */
import { Body, Controller, HttpCode, HttpStatus, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Allow, Caller } from '../access/access.decorators.js';
import type { AccessRole, Principal } from '../access/roles.js';
import { bodyObject, intParameter, single, textField } from '../shared/request-errors.js';
import { PreviewService } from './preview.service.js';
import { PreviewDto } from './preview.responses.js';
import { previewView } from './preview.view.js';

const CALENDAR: AccessRole[] = ['admin', 'council'];
const CAMPAIGN: AccessRole[] = ['admin', 'council'];
const EXEMPTION: AccessRole[] = ['admin', 'council'];

const limitOf = (value: unknown) => intParameter('limit', single('limit', value), 1000, 1, 100_000);

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
  @ApiQuery({ name: 'limit', required: false, description: 'Moved obligations listed (default 1000)' })
  @ApiBody({ schema: { type: 'object', required: ['kind', 'name'] } })
  @ApiOkResponse({ type: PreviewDto })
  async calendarDay(@Param('date') date: string, @Body() body: unknown, @Query('limit') limit: unknown) {
    const fields = bodyObject(body);
    const max = limitOf(limit);
    return previewView(await this.preview.calendarDay(date, { kind: fields.kind, name: fields.name }), max);
  }

  @Post('calendar/years/:year/preview')
  @Allow(...CALENDAR)
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'What loading a year’s announcement would change (nothing is stored)' })
  @ApiQuery({ name: 'limit', required: false })
  @ApiBody({ schema: { type: 'object', required: ['year', 'days'] } })
  @ApiOkResponse({ type: PreviewDto })
  async calendarYear(@Param('year') year: string, @Body() body: unknown, @Query('limit') limit: unknown) {
    const max = limitOf(limit);
    return previewView(await this.preview.calendarYear(year, body), max);
  }

  @Post('campaigns/:id/preview')
  @Allow(...CAMPAIGN)
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'What changing a campaign would change (nothing is stored)' })
  @ApiQuery({ name: 'limit', required: false })
  @ApiBody({ schema: { type: 'object' } })
  @ApiOkResponse({ type: PreviewDto })
  async campaign(@Param('id') id: string, @Body() body: unknown, @Query('limit') limit: unknown) {
    const max = limitOf(limit);
    return previewView(await this.preview.campaign(id, bodyObject(body)), max);
  }

  @Post('exemptions/preview')
  @Allow(...EXEMPTION)
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'What exempting an obligation would change (nothing is stored)' })
  @ApiQuery({ name: 'limit', required: false })
  @ApiBody({
    schema: {
      type: 'object',
      required: ['obligationId', 'reason'],
      properties: { obligationId: { type: 'string' }, reason: { type: 'string' } },
    },
  })
  @ApiOkResponse({ type: PreviewDto })
  async exemption(@Caller() caller: Principal, @Body() body: unknown, @Query('limit') limit: unknown) {
    const fields = bodyObject(body);
    const max = limitOf(limit);
    return previewView(
      await this.preview.exemption({
        obligationId: textField(fields, 'obligationId', 500),
        reason: textField(fields, 'reason', 2000),
        actor: caller.actor,
      }),
      max,
    );
  }
}
