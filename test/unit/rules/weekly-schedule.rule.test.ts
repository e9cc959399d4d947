import { describe, expect, it } from '@jest/globals';
import { dataset, find, run, summary } from '../../factories/dataset.factory.js';

/** §3.9: each unit publishes its weekly schedule by the last working day before the week. */
describe('weekly_schedule', () => {
  const rows: {
    name: string;
    week: string;
    publishedAt: string | null;
    asOf: string;
    want: ReturnType<typeof summary>;
  }[] = [
    {
      name: 'W11 2025 (Mon 10 Mar) published Fri 7 Mar: met',
      week: '2025-W11',
      publishedAt: '2025-03-07 16:00',
      asOf: '2025-03-20 17:00',
      want: { due: '2025-03-07', status: 'met', late: null, tight: false },
    },
    {
      name: 'published Saturday: late 1 (counted to Monday)',
      week: '2025-W11',
      publishedAt: '2025-03-08 09:00',
      asOf: '2025-03-20 17:00',
      want: { due: '2025-03-07', status: 'late', late: 1, tight: false },
    },
    {
      name: 'published Tuesday of the week: late 2',
      week: '2025-W11',
      publishedAt: '2025-03-11 09:00',
      asOf: '2025-03-20 17:00',
      want: { due: '2025-03-07', status: 'late', late: 2, tight: false },
    },
    {
      name: 'never published, as-of Wed 12 Mar: overdue 3',
      week: '2025-W11',
      publishedAt: null,
      asOf: '2025-03-12 17:00',
      want: { due: '2025-03-07', status: 'overdue', late: 3, tight: false },
    },
    {
      name: 'W19 2025 (Mon 5 May): 30/4–2/5 off, due Tue 29 Apr',
      week: '2025-W19',
      publishedAt: '2025-04-29 16:00',
      asOf: '2025-05-06 17:00',
      want: { due: '2025-04-29', status: 'met', late: null, tight: false },
    },
    {
      name: 'W06 2025 (Mon 3 Feb, after Tết): due Fri 24 Jan',
      week: '2025-W06',
      publishedAt: '2025-02-03 08:00',
      asOf: '2025-02-05 17:00',
      want: { due: '2025-01-24', status: 'late', late: 1, tight: false },
    },
    {
      name: 'W18 2025 (Mon 28 Apr): the make-up Saturday 26 Apr is the due date',
      week: '2025-W18',
      publishedAt: '2025-04-25 16:00',
      asOf: '2025-04-28 17:00',
      want: { due: '2025-04-26', status: 'met', late: null, tight: false },
    },
    {
      name: 'the week after the as-of week is expected, pending',
      week: '2025-W13',
      publishedAt: null,
      asOf: '2025-03-20 17:00',
      want: { due: '2025-03-21', status: 'pending', late: null, tight: false },
    },
    {
      name: 'published after as-of is not known yet',
      week: '2025-W12',
      publishedAt: '2025-03-18 09:00',
      asOf: '2025-03-17 17:00',
      want: { due: '2025-03-14', status: 'overdue', late: 1, tight: false },
    },
  ];
  it.each(rows)('$name', ({ week, publishedAt, asOf, want }) => {
    const schedules = publishedAt === null ? [] : [{ unitId: 'VP', week, publishedAt }];
    const result = run(dataset({ schedules }), { asOf });
    expect(summary(find(result, `weekly_schedule:VP:${week}`))).toEqual(want);
  });

  it('expects no schedule for the Tết week with no working day (W05 2025)', () => {
    const result = run(dataset(), { asOf: '2025-02-10 17:00' });
    expect(find(result, 'weekly_schedule:VP:2025-W05')).toBeUndefined();
    expect(find(result, 'weekly_schedule:VP:2025-W06')).toBeDefined();
  });

  it('runs from the first week due on or after trackingStart to the week after as-of', () => {
    const result = run(dataset(), { asOf: '2025-03-20 17:00', trackingStart: '2025-03-05' });
    const weeks = result.obligations
      .filter((o) => o.rule === 'weekly_schedule' && o.unitId === 'VP')
      .map((o) => o.subjectId)
      .sort();
    // W10's due date (Fri 28 Feb) is before trackingStart; W11 is due Fri 7 Mar; W13 is the week after as-of.
    expect(weeks).toEqual(['VP:2025-W11', 'VP:2025-W12', 'VP:2025-W13']);
  });

  it('expects none whose due date is outside every phase (November)', () => {
    const result = run(dataset(), { asOf: '2025-11-12 17:00', trackingStart: '2025-10-20' });
    const weeks = result.obligations
      .filter((o) => o.rule === 'weekly_schedule')
      .map((o) => o.subjectId)
      .sort();
    // W44 due Fri 24 Oct, W45 due Fri 31 Oct are in phase 2; W46 (due 7 Nov) and W47 are not.
    expect(weeks).toEqual(['VP:2025-W44', 'VP:2025-W45']);
  });

  it('is the unit’s, held by its head, for every unit including leadership', () => {
    const result = run(dataset({ units: [{ id: 'BGD', headId: 'GD' }] }), { asOf: '2025-03-20 17:00' });
    expect(find(result, 'weekly_schedule:BGD:2025-W12')).toMatchObject({
      unitId: 'BGD',
      personId: 'GD',
      subjectId: 'BGD:2025-W12',
    });
  });
});
