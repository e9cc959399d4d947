/** The calendar and the campaigns over HTTP: everyone reads them; only the administrator changes them. */
import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Inject,
  Param,
  Put,
  Query,
} from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { localDay, yearOf } from '../../domain/time.js';
import { Allow, Caller } from '../access/access.decorators.js';
import type { Principal } from '../access/roles.js';
import { ADMIN, EVERYONE } from '../access/roles.js';
import { Clock } from '../core/clock.js';
import { CalendarService } from './calendar.service.js';
import { CampaignService } from './campaign.service.js';
import { CalendarDayBody, CalendarQuery, CalendarYearBody, CampaignBody } from './settings.requests.js';
import {
  CalendarChangeDto,
  CalendarLoadDto,
  CalendarYearDto,
  CampaignChangeDto,
  CampaignDto,
} from './settings.responses.js';

@ApiTags('settings')
@ApiBearerAuth()
@Controller('api')
export class SettingsController {
  constructor(
    @Inject(CalendarService) private readonly calendar: CalendarService,
    @Inject(CampaignService) private readonly campaigns: CampaignService,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  @Get('calendar')
  @Allow(...EVERYONE)
  @ApiOperation({
    summary: 'A year’s days that are not ordinary: holidays, moved days off, make-up working Saturdays',
  })
  @ApiOkResponse({ type: CalendarYearDto })
  calendarYear(@Query() q: CalendarQuery) {
    return this.calendar.year(q.year ?? yearOf(localDay(this.clock.now())));
  }

  @Put('calendar/years/:year')
  @Allow(...ADMIN)
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary: 'Load a year’s announced days off (administrator): replaces the derived year; re-evaluates',
    description:
      'The body has the shape of config/calendars/<year>.json: {year, source, days: [{date, kind, reason, reasonEn?, confirmed?}]}. Checked as the shipped files are (400 names the day and the field); the year then counts as announced. An administrator’s day override still wins over it.',
  })
  @ApiAcceptedResponse({ type: CalendarLoadDto })
  loadYear(@Caller() caller: Principal, @Param('year') year: string, @Body() body: CalendarYearBody) {
    return this.calendar.loadYear(year, { ...body }, caller.actor);
  }

  @Put('calendar/:date')
  @Allow(...ADMIN)
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'Declare a day off or working, with its name (administrator); re-evaluates' })
  @ApiAcceptedResponse({ type: CalendarChangeDto })
  override(@Caller() caller: Principal, @Param('date') date: string, @Body() body: CalendarDayBody) {
    return this.calendar.override(date, { kind: body.kind, name: body.name }, caller.actor);
  }

  @Delete('calendar/:date')
  @Allow(...ADMIN)
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'Remove an administrator’s override of a day; re-evaluates' })
  @ApiAcceptedResponse({ type: CalendarChangeDto })
  removeOverride(@Caller() caller: Principal, @Param('date') date: string) {
    return this.calendar.remove(date, caller.actor);
  }

  @Get('campaigns')
  @Allow(...EVERYONE)
  @ApiOperation({ summary: 'The campaigns: phases (open or closed), weights, grades, target' })
  @ApiOkResponse({ type: [CampaignDto] })
  listCampaigns() {
    return this.campaigns.list();
  }

  @Get('campaigns/:id')
  @Allow(...EVERYONE)
  @ApiOperation({ summary: 'One campaign' })
  @ApiOkResponse({ type: CampaignDto })
  getCampaign(@Param('id') id: string) {
    return this.campaigns.get(id);
  }

  @Put('campaigns/:id')
  @Allow(...ADMIN)
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary: 'Change or add a campaign (administrator): validated; applies to open phases only; re-evaluates',
    description:
      'The body has the shape of an entry of config/campaigns.json: name, phases [{id, name, start, end, review}], weights, grades, excellentTarget. A closed phase (frozen at its review) cannot be moved or removed (409) and keeps its frozen weights, grades and target.',
  })
  @ApiAcceptedResponse({ type: CampaignChangeDto })
  updateCampaign(@Caller() caller: Principal, @Param('id') id: string, @Body() body: CampaignBody) {
    return this.campaigns.update(id, { ...body }, caller.actor);
  }
}
