/**
 * Properties of the calendar arithmetic, and agreement with a day-by-day reference walk over the
 * layers (weekly rule, derived or announced year, overrides) stated independently in the fixtures.
 */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { CalendarDayEntry } from '../../../src/domain/calendar/calendar.js';
import { buildCalendar } from '../../../src/domain/calendar/working-calendar.js';
import { formatDay, type Day } from '../../../src/domain/time.js';
import {
  day,
  referenceWorkingDay,
  shippedOptions,
  walkAfter,
  walkBefore,
  walkLate,
} from './calendar-fixtures.js';

const RUNS = { numRuns: 500 };

const options = shippedOptions();
const cal = buildCalendar(options);
const calendarMode = buildCalendar({ ...options, mode: 'calendar' });
const isWorking = referenceWorkingDay(options);

/** A day in [from, to]. */
const dayIn = (from: string, to: string) => fc.integer({ min: day(from), max: day(to) });
const recent = dayIn('2023-01-01', '2030-12-31');
/** Derived years far apart, including the ones where Vietnamese and Chinese Tết differ. */
const derivedEra = fc.oneof(
  dayIn('1984-10-01', '1986-03-31'),
  dayIn('2006-10-01', '2008-03-31'),
  dayIn('2031-01-01', '2032-12-31'),
  dayIn('2150-01-01', '2190-12-31'),
);
const count = fc.integer({ min: 1, max: 60 });

describe('working mode', () => {
  it('WD(d, +n) agrees with a day-by-day walk', () => {
    fc.assert(
      fc.property(fc.oneof(recent, derivedEra), count, (d, n) => {
        expect(cal.after(d, n)).toBe(walkAfter(isWorking, d, n));
      }),
      RUNS,
    );
  });

  it('WD(d, −n) agrees with a day-by-day walk', () => {
    fc.assert(
      fc.property(fc.oneof(recent, derivedEra), count, (d, n) => {
        expect(cal.before(d, n)).toBe(walkBefore(isWorking, d, n));
      }),
      RUNS,
    );
  });

  it('workingDaysLate agrees with a day-by-day count', () => {
    fc.assert(
      fc.property(fc.oneof(recent, derivedEra), fc.integer({ min: -30, max: 120 }), (due, offset) => {
        expect(cal.workingDaysLate(due, due + offset)).toBe(walkLate(isWorking, due, due + offset));
      }),
      RUNS,
    );
  });

  it('the first working day on or after d agrees with a walk', () => {
    fc.assert(
      fc.property(fc.oneof(recent, derivedEra), (d) => {
        let x = d;
        while (!isWorking(x)) x++;
        expect(cal.nextWorkingDayOnOrAfter(d)).toBe(x);
        expect(cal.isWorkingDay(d)).toBe(isWorking(d));
      }),
      RUNS,
    );
  });

  it('before(after(d, n), n) ≤ d, equal when d is a working day', () => {
    fc.assert(
      fc.property(recent, count, (d, n) => {
        const back = cal.before(cal.after(d, n), n);
        expect(back).toBeLessThanOrEqual(d);
        if (cal.isWorkingDay(d)) expect(back).toBe(d);
      }),
      RUNS,
    );
  });

  it('after and before are monotonic in d', () => {
    fc.assert(
      fc.property(recent, fc.integer({ min: 0, max: 40 }), count, (d, gap, n) => {
        expect(cal.after(d, n)).toBeLessThanOrEqual(cal.after(d + gap, n));
        expect(cal.before(d, n)).toBeLessThanOrEqual(cal.before(d + gap, n));
      }),
      RUNS,
    );
  });

  it('a late action is at least 1 working day late', () => {
    fc.assert(
      fc.property(recent, fc.integer({ min: 1, max: 90 }), (due, offset) => {
        expect(cal.workingDaysLate(due, due + offset)).toBeGreaterThanOrEqual(1);
      }),
      RUNS,
    );
  });

  it('an action on WD(due, +k) is k working days late when due is a working day', () => {
    fc.assert(
      fc.property(recent, count, (d, k) => {
        const due = cal.nextWorkingDayOnOrAfter(d);
        expect(cal.workingDaysLate(due, cal.after(due, k))).toBe(k);
      }),
      RUNS,
    );
  });

  it('random overrides are honoured by every query', () => {
    const override = fc.record({
      date: dayIn('2024-01-01', '2025-12-31').map((d: Day) => formatDay(d)),
      kind: fc.constantFrom('off' as const, 'working' as const),
      reason: fc.constant('kiểm thử'),
    });
    fc.assert(
      fc.property(
        fc.uniqueArray(override, { selector: (e: CalendarDayEntry) => e.date, maxLength: 25 }),
        dayIn('2023-10-01', '2026-03-31'),
        count,
        (overrides, d, n) => {
          const withOverrides = { ...options, overrides };
          const c = buildCalendar(withOverrides);
          const ref = referenceWorkingDay(withOverrides);
          expect(c.after(d, n)).toBe(walkAfter(ref, d, n));
          expect(c.before(d, n)).toBe(walkBefore(ref, d, n));
          expect(c.workingDaysLate(d, d + n)).toBe(walkLate(ref, d, d + n));
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('calendar mode', () => {
  it('after(d, n) is the first working day on or after d + n', () => {
    fc.assert(
      fc.property(fc.oneof(recent, derivedEra), count, (d, n) => {
        const r = calendarMode.after(d, n);
        expect(isWorking(r)).toBe(true);
        for (let x = d + n; x < r; x++) expect(isWorking(x)).toBe(false);
      }),
      RUNS,
    );
  });

  it('before(d, n) is the last working day on or before d − n', () => {
    fc.assert(
      fc.property(fc.oneof(recent, derivedEra), count, (d, n) => {
        const r = calendarMode.before(d, n);
        expect(isWorking(r)).toBe(true);
        for (let x = d - n; x > r; x--) expect(isWorking(x)).toBe(false);
      }),
      RUNS,
    );
  });

  it('after and before are monotonic in d, and lateness is still counted in working days', () => {
    fc.assert(
      fc.property(recent, fc.integer({ min: 0, max: 40 }), count, (d, gap, n) => {
        expect(calendarMode.after(d, n)).toBeLessThanOrEqual(calendarMode.after(d + gap, n));
        expect(calendarMode.before(d, n)).toBeLessThanOrEqual(calendarMode.before(d + gap, n));
        expect(calendarMode.workingDaysLate(d, d + gap)).toBe(cal.workingDaysLate(d, d + gap));
      }),
      RUNS,
    );
  });
});
