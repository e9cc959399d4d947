import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { storedView } from '../../presentation/reminder-view.js';
import { parseDay, startOfLocalDay } from '../../domain/time.js';
import type { ReminderState } from '../../infra/database/entities/reminder.entities.js';
import { Allow, Caller } from '../access/access.decorators.js';
import type { Principal } from '../access/roles.js';
import { EVERYONE } from '../access/roles.js';
import { LIMIT_DEPRECATED, pageView } from '../shared/page-view.js';
import { badParameter, pageOrLimitParameters, single } from '../shared/request-errors.js';
import { ReminderService } from './reminder.service.js';
import { ReminderPageDto } from './reminders.responses.js';

const STATES: ReminderState[] = ['claimed', 'sent', 'failed', 'dropped'];
const MAX_REMINDERS = 10_000;

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
  @ApiQuery({ name: 'date', required: false, example: '2025-03-20' })
  @ApiQuery({ name: 'person', required: false })
  @ApiQuery({ name: 'state', required: false, enum: STATES })
  @ApiQuery({ name: 'page', required: false, example: 1 })
  @ApiQuery({
    name: 'pageSize',
    required: false,
    example: 200,
    description: `1…${MAX_REMINDERS} (default 200)`,
  })
  @ApiQuery({ name: 'limit', required: false, deprecated: true, description: LIMIT_DEPRECATED })
  @ApiOkResponse({ type: ReminderPageDto })
  async list(@Caller() caller: Principal, @Query() q: Record<string, unknown>) {
    const date = single('date', q.date);
    let person = single('person', q.person);
    if (caller.role === 'staff' || caller.role === 'unit_head') person = caller.personId ?? '';
    const state = single('state', q.state);
    const paging = pageOrLimitParameters(q, MAX_REMINDERS, 200);
    let day: number | null = null;
    if (date !== undefined && date !== '') {
      day = parseDay(date);
      if (day === null)
        throw badParameter(
          'date',
          `"${date}" không phải ngày YYYY-MM-DD`,
          `"${date}" is not a date YYYY-MM-DD`,
        );
    }
    if (state !== undefined && state !== '' && !STATES.includes(state as ReminderState)) {
      throw badParameter('state', `chỉ nhận ${STATES.join(', ')}`, `must be one of ${STATES.join(', ')}`);
    }
    const found = await this.reminders.sentPage({
      ...(day !== null ? { from: startOfLocalDay(day), to: startOfLocalDay(day + 1) } : {}),
      ...(person !== undefined && person !== '' ? { personId: person } : {}),
      ...(state !== undefined && state !== '' ? { state: state as ReminderState } : {}),
      limit: paging.limit,
      offset: paging.offset,
    });
    return pageView(found, storedView, paging.pageSize);
  }
}
