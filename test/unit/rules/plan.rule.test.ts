import { describe, expect, it } from '@jest/globals';
import { dataset, find, run, summary, type TaskSpec } from '../../factories/dataset.factory.js';

/** §3.1: a task received without a deadline gets a plan within 3 working days. */
describe('plan rule', () => {
  const rows: { name: string; task: Omit<TaskSpec, 'id'>; asOf: string; want: ReturnType<typeof summary> }[] =
    [
      {
        name: 'assigned Mon 3 Mar, reported on the 3rd working day: met',
        task: {
          assignedAt: '2025-03-03 10:00',
          plan: { reportedAt: '2025-03-06 16:00', targetDate: '2025-03-20' },
        },
        asOf: '2025-03-20 17:00',
        want: { due: '2025-03-06', status: 'met', late: null, tight: false },
      },
      {
        name: 'reported one working day after the due date: late 1',
        task: {
          assignedAt: '2025-03-03 10:00',
          plan: { reportedAt: '2025-03-07 09:00', targetDate: '2025-03-20' },
        },
        asOf: '2025-03-20 17:00',
        want: { due: '2025-03-06', status: 'late', late: 1, tight: false },
      },
      {
        name: 'not reported, as-of before the due date: pending',
        task: { assignedAt: '2025-03-03 10:00' },
        asOf: '2025-03-05 17:00',
        want: { due: '2025-03-06', status: 'pending', late: null, tight: false },
      },
      {
        name: 'not reported, as-of on the due date itself: still pending',
        task: { assignedAt: '2025-03-03 10:00' },
        asOf: '2025-03-06 23:59',
        want: { due: '2025-03-06', status: 'pending', late: null, tight: false },
      },
      {
        name: 'not reported, as-of Mon 10 Mar: overdue by Fri 7 and Mon 10',
        task: { assignedAt: '2025-03-03 10:00' },
        asOf: '2025-03-10 17:00',
        want: { due: '2025-03-06', status: 'overdue', late: 2, tight: false },
      },
      {
        name: 'as-of on a Sunday counts to the next working day',
        task: { assignedAt: '2025-03-03 10:00' },
        asOf: '2025-03-09 12:00',
        want: { due: '2025-03-06', status: 'overdue', late: 2, tight: false },
      },
      {
        name: 'reported after as-of is not known yet: overdue',
        task: { assignedAt: '2025-03-03 10:00', plan: { reportedAt: '2025-03-12 09:00', targetDate: null } },
        asOf: '2025-03-10 17:00',
        want: { due: '2025-03-06', status: 'overdue', late: 2, tight: false },
      },
      {
        name: 'assigned Fri 24 Jan 2025 before Tết (27–31 Jan): due Wed 5 Feb',
        task: { assignedAt: '2025-01-24 10:00' },
        asOf: '2025-02-05 17:00',
        want: { due: '2025-02-05', status: 'pending', late: null, tight: false },
      },
      {
        name: 'assigned Thu 24 Apr 2025: the make-up Saturday 26 Apr counts, due Mon 28 Apr',
        task: { assignedAt: '2025-04-24 10:00' },
        asOf: '2025-04-28 17:00',
        want: { due: '2025-04-28', status: 'pending', late: null, tight: false },
      },
      {
        name: 'assigned Mon 28 Apr 2025: 30/4, 1/5 and the moved 2/5 are off, due Tue 6 May',
        task: { assignedAt: '2025-04-28 10:00' },
        asOf: '2025-05-07 17:00',
        want: { due: '2025-05-06', status: 'overdue', late: 1, tight: false },
      },
      {
        name: 'Hùng Kings Mon 7 Apr 2025 is skipped: assigned Fri 4 Apr, due Thu 10 Apr',
        task: { assignedAt: '2025-04-04 10:00' },
        asOf: '2025-04-10 17:00',
        want: { due: '2025-04-10', status: 'pending', late: null, tight: false },
      },
      {
        name: 'the local date decides: 20:00 UTC on Sun 2 Mar is Mon 3 Mar in Hà Nội',
        task: { assignedAt: '2025-03-02T20:00:00Z' },
        asOf: '2025-03-05 17:00',
        want: { due: '2025-03-06', status: 'pending', late: null, tight: false },
      },
    ];
  it.each(rows)('$name', ({ task, asOf, want }) => {
    const result = run(dataset({ tasks: [{ id: 't', ...task }] }), { asOf });
    expect(summary(find(result, 'plan:t'))).toEqual(want);
  });

  const absent: { name: string; spec: Parameters<typeof dataset>[0]; asOf: string }[] = [
    {
      name: 'a task with its own deadline',
      spec: { tasks: [{ id: 't', assignedAt: '2025-03-03 10:00', deadline: '2025-03-14' }] },
      asOf: '2025-03-20 17:00',
    },
    {
      name: 'a task whose deadline comes from its document',
      spec: {
        documents: [{ id: 'd', receivedAt: '2025-03-03 08:00', deadline: '2025-03-14' }],
        tasks: [{ id: 't', documentId: 'd', assignedAt: '2025-03-03 10:00' }],
      },
      asOf: '2025-03-20 17:00',
    },
    {
      name: 'a task given a deadline by a known change',
      spec: {
        tasks: [
          {
            id: 't',
            assignedAt: '2025-03-03 10:00',
            deadlineChanges: [{ deadline: '2025-03-21', at: '2025-03-04 09:00' }],
          },
        ],
      },
      asOf: '2025-03-20 17:00',
    },
    {
      name: 'a task assigned after as-of',
      spec: { tasks: [{ id: 't', assignedAt: '2025-03-21 10:00' }] },
      asOf: '2025-03-20 17:00',
    },
    {
      name: 'a cancelled task, even once judged',
      spec: { tasks: [{ id: 't', assignedAt: '2025-03-03 10:00', cancelledAt: '2025-03-18 10:00' }] },
      asOf: '2025-03-20 17:00',
    },
    {
      name: 'a task handling a secret document',
      spec: {
        documents: [{ id: 'd', confidentiality: 'secret' }],
        tasks: [{ id: 't', documentId: 'd', assignedAt: '2025-03-03 10:00' }],
      },
      asOf: '2025-03-20 17:00',
    },
  ];
  it.each(absent)('no plan obligation for $name', ({ spec, asOf }) => {
    expect(find(run(dataset(spec), { asOf }), 'plan:t')).toBeUndefined();
  });

  it('a deadline change not yet known leaves the plan obligation in place', () => {
    const spec = {
      tasks: [
        {
          id: 't',
          assignedAt: '2025-03-03 10:00',
          deadlineChanges: [{ deadline: '2025-03-21', at: '2025-03-11 09:00' }],
        },
      ],
    };
    expect(find(run(dataset(spec), { asOf: '2025-03-10 17:00' }), 'plan:t')?.status).toBe('overdue');
    expect(find(run(dataset(spec), { asOf: '2025-03-11 17:00' }), 'plan:t')).toBeUndefined();
  });

  it('a cancellation after as-of does not remove it yet', () => {
    const spec = { tasks: [{ id: 't', assignedAt: '2025-03-03 10:00', cancelledAt: '2025-03-21 10:00' }] };
    expect(find(run(dataset(spec), { asOf: '2025-03-20 17:00' }), 'plan:t')?.status).toBe('overdue');
  });

  it('is the assignee’s, else the unit head’s', () => {
    const withAssignee = run(dataset({ tasks: [{ id: 't', assignedAt: '2025-03-03 10:00' }] }), {
      asOf: '2025-03-05 17:00',
    });
    expect(find(withAssignee, 'plan:t')).toMatchObject({ unitId: 'VP', personId: 'CV' });
    const without = run(dataset({ tasks: [{ id: 't', assignedAt: '2025-03-03 10:00', assigneeId: null }] }), {
      asOf: '2025-03-05 17:00',
    });
    expect(find(without, 'plan:t')).toMatchObject({ unitId: 'VP', personId: 'TP' });
  });
});
