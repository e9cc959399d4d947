import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { storedView } from '../../presentation/reminder-view.js';
import { parseDay, startOfLocalDay } from '../../domain/time.js';
import type { ReminderState } from '../../infra/database/entities/reminder.entities.js';
import { Allow, Caller } from '../access/access.decorators.js';
import type { Principal } from '../access/roles.js';
import { EVERYONE } from '../access/roles.js';
import { badParameter, intParameter, single } from '../shared/request-errors.js';
import { ReminderService } from './reminder.service.js';
import { ReminderListDto } from './reminders.responses.js';

const STATES: ReminderState[] = ['claimed', 'sent', 'failed', 'dropped'];

@ApiTags('mail')
@ApiBearerAuth()
@Controller('api/reminders')
export class RemindersController {
  constructor(@Inject(ReminderService) private readonly reminders: ReminderService) {}

  /**
   * What was sent, to whom and why, newest slot first: `?date=YYYY-MM-DD` (one local day's slot),
   * `?person=<id>` (as addressee or in copy), `?state=sent|claimed|failed|dropped`, `?limit=`.
   */
  @Get()
  @Allow(...EVERYONE)
  @ApiOperation({
    summary: 'Reminders sent: to whom and why',
    description:
      'Staff and unit heads see the messages addressed or copied to themselves (a unit head is copied on her people’s escalations); leadership, the council and the administrator see all.',
  })
  @ApiOkResponse({ type: ReminderListDto })
  async list(
    @Caller() caller: Principal,
    @Query('date') dateParam: unknown,
    @Query('person') personParam: unknown,
    @Query('state') stateParam: unknown,
    @Query('limit') limitParam: unknown,
  ) {
    const date = single('date', dateParam);
    let person = single('person', personParam);
    if (caller.role === 'staff' || caller.role === 'unit_head') person = caller.personId ?? '';
    const state = single('state', stateParam);
    const limit = intParameter('limit', single('limit', limitParam), 200, 1, 10_000);
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
    const rows = await this.reminders.sent({
      ...(day !== null ? { from: startOfLocalDay(day), to: startOfLocalDay(day + 1) } : {}),
      ...(person !== undefined && person !== '' ? { personId: person } : {}),
      ...(state !== undefined && state !== '' ? { state: state as ReminderState } : {}),
      limit,
    });
    return { reminders: rows.map(storedView) };
  }
}
