import { describe, expect, it } from '@jest/globals';
import { formatDay } from '../../../src/domain/time.js';
import { at, dataset, find, run } from '../../factories/dataset.factory.js';

describe('an evaluation as of an instant', () => {
  it('derives trackingStart from the earliest own time of non-confidential records', () => {
    const ds = dataset({
      documents: [
        { id: 'secret', confidentiality: 'secret', date: '2025-01-02' },
        { id: 'late', receivedAt: '2025-02-10 08:00' },
        { id: 'future', receivedAt: '2025-04-01 08:00' },
      ],
      tasks: [
        { id: 'secretTask', documentId: 'secret', assignedAt: '2025-01-03 08:00' },
        { id: 't', assignedAt: '2025-02-12 09:00' },
      ],
      schedules: [{ unitId: 'VP', week: '2025-W07', publishedAt: '2025-02-07 16:00' }],
    });
    const result = run(ds, { asOf: '2025-03-20 17:00', trackingStart: null });
    expect(formatDay(result.trackingStart!)).toBe('2025-02-07');
    // Nothing is expected before it: no schedule for the weeks due before 7 Feb.
    expect(find(result, 'weekly_schedule:VP:2025-W06')).toBeUndefined();
    expect(find(result, 'weekly_schedule:VP:2025-W07')).toBeDefined();
  });

  it('has no trackingStart and no periodic obligations when nothing exists yet', () => {
    const result = run(dataset({ tasks: [{ id: 't', assignedAt: '2025-04-01 09:00' }] }), {
      asOf: '2025-03-20 17:00',
      trackingStart: null,
    });
    expect(result.trackingStart).toBeNull();
    expect(result.obligations).toEqual([]);
  });

  it('reproduces what was known then: evaluating as of a past instant ignores later facts', () => {
    const spec = {
      documents: [{ id: 'd', receivedAt: '2025-03-03 08:00', deadline: '2025-03-14' }],
      tasks: [{ id: 't', documentId: 'd', assignedAt: '2025-03-03 10:00' }],
      drafts: [
        {
          id: 'dr',
          taskId: 't',
          submittedToUnitAt: '2025-03-11 09:00',
          submittedToLeadershipAt: '2025-03-13 09:00',
        },
      ],
    };
    const then = run(dataset(spec), { asOf: '2025-03-11 08:00' });
    const later = run(dataset(spec), { asOf: '2025-03-20 17:00' });
    expect(find(then, 'staff_submission:dr')?.status).toBe('pending');
    expect(find(then, 'unit_submission:dr')?.status).toBe('pending');
    expect(find(later, 'staff_submission:dr')?.status).toBe('met');
    expect(find(later, 'unit_submission:dr')?.status).toBe('late');
  });

  it('an exemption made by an authorised person excuses the obligation and keeps the evidence', () => {
    const ds = dataset({ tasks: [{ id: 't', assignedAt: '2025-03-03 10:00' }] });
    const exemption = {
      obligationId: 'plan:t',
      by: 'GD',
      reason: 'Nhiệm vụ đột xuất của UBND tỉnh',
      at: at('2025-03-12 09:00'),
    };
    const before = run(ds, { asOf: '2025-03-11 17:00', exemptions: [exemption] });
    expect(find(before, 'plan:t')?.status).toBe('overdue');
    const after = run(ds, { asOf: '2025-03-12 17:00', exemptions: [exemption] });
    expect(find(after, 'plan:t')).toMatchObject({
      status: 'exempt',
      workingDaysLate: null,
      details: {
        exemptedStatus: 'overdue',
        exemptedBy: 'GD',
        exemptionReason: 'Nhiệm vụ đột xuất của UBND tỉnh',
      },
    });
  });

  it('names the derived calendar year behind a due date', () => {
    const result = run(dataset({ tasks: [{ id: 't', assignedAt: '2027-03-01 10:00' }] }), {
      asOf: '2027-03-02 17:00',
      trackingStart: '2027-03-01',
    });
    expect(result.derivedYears).toContain(2027);
    expect(find(result, 'plan:t')?.details.derivedYears).toEqual([2027]);
  });
});
