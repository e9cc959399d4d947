import { describe, expect, it } from '@jest/globals';
import type { Staleness } from '../../../src/domain/freshness.js';
import { freshnessOf } from '../../../src/domain/freshness.js';
import type { RecordKind } from '../../../src/domain/model.js';
import { at, dataset, find, run, summary } from '../../factories/dataset.factory.js';

/**
 * Issue 13: while a source is stale, a late or overdue verdict that rests on it and turned so after
 * its last good sync is `unknown`; everything else is judged as DOMAIN.md says.
 */
describe('freshness: verdicts resting on a stale source', () => {
  // Plan due Thu 6 Mar 2025 (assigned Mon 3 Mar); the draft's submissions are due from D Fri 21 Mar.
  const ds = () =>
    dataset({
      tasks: [
        { id: 't', assignedAt: '2025-03-03 10:00' },
        {
          id: 'late',
          assignedAt: '2025-03-03 10:00',
          plan: { reportedAt: '2025-03-10 09:00', targetDate: null },
        },
        {
          id: 'done',
          assignedAt: '2025-03-03 10:00',
          plan: { reportedAt: '2025-03-05 09:00', targetDate: null },
        },
      ],
    });
  const stale = (lastGood: string | null, recordSource?: Staleness['recordSource']): Staleness => ({
    sources: new Map([['vpdt', lastGood === null ? null : at(lastGood)]]),
    ...(recordSource === undefined ? {} : { recordSource }),
  });
  const asOf = '2025-03-11 17:00';

  const rows: { name: string; id: string; staleness: Staleness; want: ReturnType<typeof summary> }[] = [
    {
      name: 'overdue since Fri 7 00:00, last good sync Thu 6 01:30: unknown',
      id: 'plan:t',
      staleness: stale('2025-03-06 01:30'),
      want: { due: '2025-03-06', status: 'unknown', late: null, tight: false },
    },
    {
      name: 'last good sync Fri 7 01:30, after it turned overdue: still overdue',
      id: 'plan:t',
      staleness: stale('2025-03-07 01:30'),
      want: { due: '2025-03-06', status: 'overdue', late: 3, tight: false },
    },
    {
      name: 'last good sync exactly when it turned overdue (Fri 7 00:00): overdue',
      id: 'plan:t',
      staleness: stale('2025-03-07 00:00'),
      want: { due: '2025-03-06', status: 'overdue', late: 3, tight: false },
    },
    {
      name: 'late (reported Mon 10) with the source stale since Thu 6: unknown',
      id: 'plan:late',
      staleness: stale('2025-03-06 01:30'),
      want: { due: '2025-03-06', status: 'unknown', late: null, tight: false },
    },
    {
      name: 'met stays met, stale or not',
      id: 'plan:done',
      staleness: stale('2025-03-04 01:30'),
      want: { due: '2025-03-06', status: 'met', late: null, tight: false },
    },
    {
      name: 'no last good sync known: unknown',
      id: 'plan:t',
      staleness: stale(null),
      want: { due: '2025-03-06', status: 'unknown', late: null, tight: false },
    },
    {
      name: 'the record came from another source: overdue',
      id: 'plan:t',
      staleness: stale('2025-03-06 01:30', () => 'mail-directory'),
      want: { due: '2025-03-06', status: 'overdue', late: 3, tight: false },
    },
    {
      name: 'the task came from the stale source: unknown',
      id: 'plan:t',
      staleness: stale('2025-03-06 01:30', (kind: RecordKind, id) =>
        kind === 'task' && id === 't' ? 'vpdt' : null,
      ),
      want: { due: '2025-03-06', status: 'unknown', late: null, tight: false },
    },
    {
      name: 'no source known for the record (an import): overdue',
      id: 'plan:t',
      staleness: stale('2025-03-06 01:30', () => null),
      want: { due: '2025-03-06', status: 'overdue', late: 3, tight: false },
    },
  ];
  it.each(rows)('$name', ({ id, staleness, want }) => {
    expect(summary(find(run(ds(), { asOf, staleness }), id))).toEqual(want);
  });

  it('keeps the verdict it would have had, the source and since when', () => {
    const ob = find(run(ds(), { asOf, staleness: stale('2025-03-06 01:30') }), 'plan:t');
    expect(ob?.details).toMatchObject({
      unknownStatus: 'overdue',
      staleSource: 'vpdt',
      staleSince: '2025-03-06T01:30:00+07:00',
    });
  });

  it('without staleness input, or with no stale source, the evaluation is unchanged', () => {
    const plain = run(ds(), { asOf });
    expect(run(ds(), { asOf, staleness: { sources: new Map() } })).toEqual(plain);
    expect(plain.obligations.some((o) => o.status === 'unknown')).toBe(false);
  });

  it('an exempt obligation stays exempt', () => {
    const exemptions = [
      { obligationId: 'plan:t', by: 'GD', reason: 'Nghỉ phép', at: at('2025-03-05 09:00') },
    ];
    const ob = find(run(ds(), { asOf, exemptions, staleness: stale('2025-03-06 01:30') }), 'plan:t');
    expect(ob?.status).toBe('exempt');
  });

  it.each([
    ['synced 30 h before, window 36 h: fresh', '2025-03-10 11:00', 36, false],
    ['synced 37 h before, window 36 h: stale', '2025-03-10 04:00', 36, true],
    ['synced 30 h before, window 24 h: stale', '2025-03-10 11:00', 24, true],
  ])('%s', (_, lastGood, hours, isStale) => {
    expect(freshnessOf('vpdt', at(lastGood), hours, at(asOf)).stale).toBe(isStale);
  });

  it('a source that never synced successfully is not stale: nothing stored rests on it', () => {
    expect(freshnessOf('vpdt', null, 36, at(asOf)).stale).toBe(false);
  });
});
