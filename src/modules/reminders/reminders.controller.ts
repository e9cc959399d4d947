import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { storedView } from '../../presentation/reminder-view.js';
import { parseDay, startOfLocalDay } from '../../domain/time.js';
import { Allow, Caller } from '../access/access.decorators.js';
import type { Principal } from '../access/roles.js';
import { EVERYONE } from '../access/roles.js';
import { pageView } from '../shared/page-view.js';
import { ReminderService } from './reminder.service.js';
import { RemindersQuery } from './reminders.requests.js';
import { ReminderPageDto } from './reminders.responses.js';

@ApiTags('mail')
@ApiBearerAuth()
@Controller('api/reminders')
export class RemindersController {
  constructor(@Inject(ReminderService) private readonly reminders: ReminderService) {}

  /**
   * What was sent, to whom and why, newest slot first: `?date=YYYY-MM-DD` (one local day's slot),
   * `?person=<id>` (as addressee or in copy), `?state=sent|claimed|failed|dropped`, `?page=&pageSize=`
   * (`?limit=`, deprecated, is read as `pageSize`).
   */
  @Get()
  @Allow(...EVERYONE)
  @ApiOperation({
    summary: 'Reminders sent: to whom and why',
    description:
      'Staff and unit heads see the messages addressed or copied to themselves (a unit head is copied on her people’s escalations); leadership, the council and the administrator see all.',
  })
  @ApiOkResponse({ type: ReminderPageDto })
  async list(@Caller() caller: Principal, @Query() q: RemindersQuery) {
    let person = q.person;
    if (caller.role === 'staff' || caller.role === 'unit_head') person = caller.personId ?? '';
    const paging = q.paging;
    // A date the DTO let through exists.
    const day = q.date === undefined ? null : parseDay(q.date);
    const found = await this.reminders.sentPage({
      ...(day !== null ? { from: startOfLocalDay(day), to: startOfLocalDay(day + 1) } : {}),
      ...(person !== undefined && person !== '' ? { personId: person } : {}),
      ...(q.state !== undefined ? { state: q.state } : {}),
      limit: paging.limit,
      offset: paging.offset,
    });
    return pageView(found, storedView, paging.pageSize);
  }
}
