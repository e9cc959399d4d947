/**
 * The reminder slot an instant falls in. Reminders go out once a day at the slot time (08:00) on
 * working days, inside office hours, in Asia/Ho_Chi_Minh: a run at 08:00 sends that day's slot; a
 * run later in the working day (a worker that was down at 08:00) still sends it; a run before the
 * slot, after office hours, or on a day that is not worked — a weekend, a holiday, a moved day
 * off — sends nothing. A make-up Saturday (ngày làm bù) is a working day and has a slot.
 */
import type { WorkingCalendar } from '../calendar/calendar.js';
import type { Day, Instant } from '../time.js';
import { localDay, startOfLocalDay } from '../time.js';
import type { ReminderPolicy } from './reminder-policy.js';

export interface Slot {
  /** The local date. */
  day: Day;
  /** The slot's instant: the day at the slot time. */
  at: Instant;
}

export type NoSlotReason = 'not_working_day' | 'before_slot' | 'outside_office_hours';

export type SlotDecision = { slot: Slot } | { slot: null; day: Day; reason: NoSlotReason };

const MINUTE = 60_000;

export function slotAt(asOf: Instant, policy: ReminderPolicy, calendar: WorkingCalendar): SlotDecision {
  const day = localDay(asOf);
  if (!calendar.isWorkingDay(day)) return { slot: null, day, reason: 'not_working_day' };
  const midnight = startOfLocalDay(day);
  const minutes = Math.floor((asOf - midnight) / MINUTE);
  const { startMinutes, endMinutes } = policy.officeHours;
  if (minutes < startMinutes || minutes >= endMinutes) {
    return { slot: null, day, reason: 'outside_office_hours' };
  }
  if (minutes < policy.slotMinutes) return { slot: null, day, reason: 'before_slot' };
  return { slot: { day, at: midnight + policy.slotMinutes * MINUTE } };
}
