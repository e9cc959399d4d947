/** What `/api/reminders` accepts, declared once: each field's check and its OpenAPI description. */
import type { ReminderState } from '../../infra/database/entities/reminder.entities.js';
import { pageOrLimitQuery } from '../shared/page.requests.js';
import { DateQuery, EnumQuery, TextQuery } from '../shared/request-dto.js';

const STATES: ReminderState[] = ['claimed', 'sent', 'failed', 'dropped'];
const MAX_REMINDERS = 10_000;

export class RemindersQuery extends pageOrLimitQuery(MAX_REMINDERS, 200) {
  @DateQuery({ example: '2025-03-20', description: 'One local day’s slot' })
  date?: string;
  @TextQuery({ description: 'As addressee or in copy (staff and unit heads: always themselves)' })
  person?: string;
  @EnumQuery(STATES)
  state?: ReminderState;
}
