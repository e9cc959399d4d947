import { describe, expect, it } from '@jest/globals';
import { slotAt } from '../../../src/domain/reminders/reminder-slot.js';
import { formatInstant } from '../../../src/domain/time.js';
import { at, calendar } from '../../factories/dataset.factory.js';
import { policy } from './reminder-fixtures.js';

/** Reminders go out at 08:00 on working days, inside office hours (07:00–17:30), Asia/Ho_Chi_Minh. */
describe('the reminder slot of an instant', () => {
  const cal = calendar();
  const rows: { name: string; at: string; want: string }[] = [
    {
      name: 'Mon 6 May 2024 08:00: that day’s slot',
      at: '2024-05-06 08:00',
      want: '2024-05-06T08:00:00+07:00',
    },
    {
      name: 'a run at 14:00 (worker was down at 08:00) still sends the day’s slot',
      at: '2024-05-06 14:00',
      want: '2024-05-06T08:00:00+07:00',
    },
    {
      name: 'the same instant written in UTC',
      at: '2024-05-06T01:00:00Z',
      want: '2024-05-06T08:00:00+07:00',
    },
    {
      name: 'make-up Saturday 4 May 2024 (làm bù) is worked',
      at: '2024-05-04 08:00',
      want: '2024-05-04T08:00:00+07:00',
    },
    { name: '07:59: before the slot', at: '2024-05-06 07:59', want: 'before_slot' },
    { name: '06:30: before office hours', at: '2024-05-06 06:30', want: 'outside_office_hours' },
    { name: '17:30: after office hours', at: '2024-05-06 17:30', want: 'outside_office_hours' },
    {
      name: '01:00 UTC on Sunday is 08:00 Sunday local: no slot',
      at: '2024-05-12T01:00:00Z',
      want: 'not_working_day',
    },
    { name: 'Saturday 11 May 2024', at: '2024-05-11 08:00', want: 'not_working_day' },
    { name: 'Sunday 12 May 2024', at: '2024-05-12 08:00', want: 'not_working_day' },
    { name: 'Tết: Mon 12 Feb 2024 (mùng 3)', at: '2024-02-12 08:00', want: 'not_working_day' },
    { name: 'Tết: Wed 29 Jan 2025 (mùng 1)', at: '2025-01-29 09:00', want: 'not_working_day' },
    { name: 'moved day off: Mon 29 Apr 2024', at: '2024-04-29 08:00', want: 'not_working_day' },
    { name: 'moved day off: Fri 2 May 2025', at: '2025-05-02 08:00', want: 'not_working_day' },
    { name: 'make-up Saturday 26 Apr 2025', at: '2025-04-26 10:00', want: '2025-04-26T08:00:00+07:00' },
  ];
  it.each(rows)('$name', ({ at: instant, want }) => {
    const decision = slotAt(at(instant), policy, cal);
    expect(decision.slot === null ? decision.reason : formatInstant(decision.slot.at)).toBe(want);
  });
});
