import { describe, expect, it } from '@jest/globals';
import {
  dataset,
  find,
  run,
  summary,
  type DocSpec,
  type DraftSpec,
  type TaskSpec,
} from '../../factories/dataset.factory.js';

/**
 * §3.2–§3.4: the drafter submits to the unit head 1 working day before the unit's deadline; the
 * unit submits to leadership 2 working days before the deadline D; a tight D means the next day.
 * Dates are March–April 2025 unless said otherwise (Mondays: 3, 10, 17, 24 Mar; 7 Apr is Hùng Kings).
 */
interface Row {
  name: string;
  doc?: Partial<DocSpec>;
  task?: Partial<TaskSpec>;
  draft?: Partial<DraftSpec>;
  asOf: string;
  staff: ReturnType<typeof summary>;
  unit: ReturnType<typeof summary>;
}

function evaluateRow(row: Row) {
  const doc: DocSpec = { id: 'd', receivedAt: '2025-03-03 08:00', deadline: '2025-03-14', ...row.doc };
  const task: TaskSpec = { id: 't', documentId: 'd', assignedAt: '2025-03-03 10:00', ...row.task };
  const draft: DraftSpec = { id: 'dr', taskId: 't', ...row.draft };
  return run(dataset({ documents: [doc], tasks: [task], drafts: [draft] }), { asOf: row.asOf });
}

describe('staff_submission and unit_submission', () => {
  const rows: Row[] = [
    {
      name: 'D Fri 14 Mar: U = Wed 12, S = Tue 11, both on time',
      draft: { submittedToUnitAt: '2025-03-11 17:00', submittedToLeadershipAt: '2025-03-12 09:00' },
      asOf: '2025-03-20 17:00',
      staff: { due: '2025-03-11', status: 'met', late: null, tight: false },
      unit: { due: '2025-03-12', status: 'met', late: null, tight: false },
    },
    {
      name: 'drafter a day late, unit on the deadline itself: late 1 and late 2',
      draft: { submittedToUnitAt: '2025-03-12 08:00', submittedToLeadershipAt: '2025-03-14 08:00' },
      asOf: '2025-03-20 17:00',
      staff: { due: '2025-03-11', status: 'late', late: 1, tight: false },
      unit: { due: '2025-03-12', status: 'late', late: 2, tight: false },
    },
    {
      name: 'nothing submitted as of Thu 13: overdue 2 and 1',
      asOf: '2025-03-13 17:00',
      staff: { due: '2025-03-11', status: 'overdue', late: 2, tight: false },
      unit: { due: '2025-03-12', status: 'overdue', late: 1, tight: false },
    },
    {
      name: 'nothing submitted, as-of Mon 10: both pending',
      asOf: '2025-03-10 17:00',
      staff: { due: '2025-03-11', status: 'pending', late: null, tight: false },
      unit: { due: '2025-03-12', status: 'pending', late: null, tight: false },
    },
    {
      name: 'the unit asks for the draft by Mon 10: S = Fri 7',
      draft: { unitDeadline: '2025-03-10' },
      asOf: '2025-03-07 12:00',
      staff: { due: '2025-03-07', status: 'pending', late: null, tight: false },
      unit: { due: '2025-03-12', status: 'pending', late: null, tight: false },
    },
    {
      name: 'the unit asks too early (Tue 4): S is raised to the next working day after arrival, tight',
      draft: { unitDeadline: '2025-03-04' },
      asOf: '2025-03-04 12:00',
      staff: { due: '2025-03-04', status: 'pending', late: null, tight: true },
      unit: { due: '2025-03-12', status: 'pending', late: null, tight: false },
    },
    {
      name: 'tight: received Mon 10, D Thu 13; normal S would be Mon 10 < Tue 11: both due Tue 11',
      doc: { receivedAt: '2025-03-10 08:00', deadline: '2025-03-13' },
      task: { assignedAt: '2025-03-10 09:00' },
      draft: { submittedToUnitAt: '2025-03-11 10:00', submittedToLeadershipAt: '2025-03-12 10:00' },
      asOf: '2025-03-20 17:00',
      staff: { due: '2025-03-11', status: 'met', late: null, tight: true },
      unit: { due: '2025-03-11', status: 'late', late: 1, tight: true },
    },
    {
      name: 'boundary: received Mon 10, D Fri 14; normal S = Tue 11 = next day, so not tight',
      doc: { receivedAt: '2025-03-10 08:00', deadline: '2025-03-14' },
      task: { assignedAt: '2025-03-10 09:00' },
      asOf: '2025-03-10 17:00',
      staff: { due: '2025-03-11', status: 'pending', late: null, tight: false },
      unit: { due: '2025-03-12', status: 'pending', late: null, tight: false },
    },
    {
      name: 'tight with a deadline on the day of arrival: due on D itself',
      doc: { receivedAt: '2025-03-10 08:00', deadline: '2025-03-10' },
      task: { assignedAt: '2025-03-10 09:00' },
      asOf: '2025-03-10 17:00',
      staff: { due: '2025-03-10', status: 'pending', late: null, tight: true },
      unit: { due: '2025-03-10', status: 'pending', late: null, tight: true },
    },
    {
      name: 'tight over Hùng Kings: received Fri 4 Apr, D Wed 9 Apr; Mon 7 off; both due Tue 8',
      doc: { receivedAt: '2025-04-04 08:00', deadline: '2025-04-09' },
      task: { assignedAt: '2025-04-04 09:00' },
      asOf: '2025-04-04 17:00',
      staff: { due: '2025-04-08', status: 'pending', late: null, tight: true },
      unit: { due: '2025-04-08', status: 'pending', late: null, tight: true },
    },
    {
      name: 'a tight D overrides the unit’s own earlier deadline',
      doc: { receivedAt: '2025-03-10 08:00', deadline: '2025-03-13' },
      task: { assignedAt: '2025-03-10 09:00' },
      draft: { unitDeadline: '2025-03-12' },
      asOf: '2025-03-10 17:00',
      staff: { due: '2025-03-11', status: 'pending', late: null, tight: true },
      unit: { due: '2025-03-11', status: 'pending', late: null, tight: true },
    },
    {
      name: 'across 30/4–2/5 2025: D Wed 7 May, U = Mon 5 May, S = Tue 29 Apr',
      doc: { receivedAt: '2025-04-21 08:00', deadline: '2025-05-07' },
      task: { assignedAt: '2025-04-21 09:00' },
      asOf: '2025-04-21 17:00',
      staff: { due: '2025-04-29', status: 'pending', late: null, tight: false },
      unit: { due: '2025-05-05', status: 'pending', late: null, tight: false },
    },
    {
      name: 'extension known at as-of: D moves from Fri 14 to Fri 21 Mar, U = Wed 19, S = Tue 18',
      task: { deadline: '2025-03-14', deadlineChanges: [{ deadline: '2025-03-21', at: '2025-03-11 09:00' }] },
      asOf: '2025-03-12 17:00',
      staff: { due: '2025-03-18', status: 'pending', late: null, tight: false },
      unit: { due: '2025-03-19', status: 'pending', late: null, tight: false },
    },
    {
      name: 'extension not yet known at as-of: the old deadline rules',
      task: { deadline: '2025-03-14', deadlineChanges: [{ deadline: '2025-03-21', at: '2025-03-13 09:00' }] },
      asOf: '2025-03-12 17:00',
      staff: { due: '2025-03-11', status: 'overdue', late: 1, tight: false },
      unit: { due: '2025-03-12', status: 'pending', late: null, tight: false },
    },
    {
      name: 'extension granted after the old due date passed re-judges against the new date',
      task: { deadline: '2025-03-14', deadlineChanges: [{ deadline: '2025-03-21', at: '2025-03-17 09:00' }] },
      draft: { submittedToUnitAt: '2025-03-17 15:00', submittedToLeadershipAt: '2025-03-19 09:00' },
      asOf: '2025-03-20 17:00',
      staff: { due: '2025-03-18', status: 'met', late: null, tight: false },
      unit: { due: '2025-03-19', status: 'met', late: null, tight: false },
    },
    {
      name: 'the latest change wins, whatever its position in the list',
      task: {
        deadline: '2025-03-14',
        deadlineChanges: [
          { deadline: '2025-03-28', at: '2025-03-12 09:00' },
          { deadline: '2025-03-21', at: '2025-03-11 09:00' },
        ],
      },
      asOf: '2025-03-12 17:00',
      staff: { due: '2025-03-25', status: 'pending', late: null, tight: false },
      unit: { due: '2025-03-26', status: 'pending', late: null, tight: false },
    },
    {
      name: 'the task’s own deadline wins over the document’s',
      task: { deadline: '2025-03-21' },
      asOf: '2025-03-12 17:00',
      staff: { due: '2025-03-18', status: 'pending', late: null, tight: false },
      unit: { due: '2025-03-19', status: 'pending', late: null, tight: false },
    },
    {
      name: 'no deadline anywhere: D is the reported plan’s target date',
      doc: { deadline: null },
      task: { plan: { reportedAt: '2025-03-05 10:00', targetDate: '2025-03-14' } },
      asOf: '2025-03-10 17:00',
      staff: { due: '2025-03-11', status: 'pending', late: null, tight: false },
      unit: { due: '2025-03-12', status: 'pending', late: null, tight: false },
    },
    {
      name: 'a submission after as-of is not known yet',
      draft: { submittedToUnitAt: '2025-03-11 09:00', submittedToLeadershipAt: '2025-03-12 09:00' },
      asOf: '2025-03-10 17:00',
      staff: { due: '2025-03-11', status: 'pending', late: null, tight: false },
      unit: { due: '2025-03-12', status: 'pending', late: null, tight: false },
    },
    {
      name: 'R is the assignment date when the task has no incoming document',
      doc: { direction: 'outgoing', issuedAt: '2025-03-01 08:00', deadline: null },
      task: { assignedAt: '2025-03-10 09:00', deadline: '2025-03-13' },
      asOf: '2025-03-10 17:00',
      staff: { due: '2025-03-11', status: 'pending', late: null, tight: true },
      unit: { due: '2025-03-11', status: 'pending', late: null, tight: true },
    },
  ];
  it.each(rows)('$name', (row) => {
    const result = evaluateRow(row);
    expect(summary(find(result, 'staff_submission:dr'))).toEqual(row.staff);
    expect(summary(find(result, 'unit_submission:dr'))).toEqual(row.unit);
  });

  it('shows why: D, U, S, R and whether the deadline was extended', () => {
    const result = evaluateRow({
      name: '',
      task: { deadline: '2025-03-14', deadlineChanges: [{ deadline: '2025-03-21', at: '2025-03-11 09:00' }] },
      asOf: '2025-03-12 17:00',
      staff: undefined,
      unit: undefined,
    });
    expect(find(result, 'unit_submission:dr')?.details).toMatchObject({
      D: '2025-03-21',
      U: '2025-03-19',
      S: '2025-03-18',
      R: '2025-03-03',
      extended: true,
      originalDeadline: '2025-03-14',
    });
  });

  it('holds the drafter and the unit head to account', () => {
    const result = evaluateRow({ name: '', asOf: '2025-03-10 17:00', staff: undefined, unit: undefined });
    expect(find(result, 'staff_submission:dr')).toMatchObject({ unitId: 'VP', personId: 'CV' });
    expect(find(result, 'unit_submission:dr')).toMatchObject({ unitId: 'VP', personId: 'TP' });
  });

  const none: { name: string; row: Row; absent: string[]; present: string[] }[] = [
    {
      name: 'no deadline and no unit deadline: neither submission',
      row: { name: '', doc: { deadline: null }, asOf: '2025-03-20 17:00', staff: undefined, unit: undefined },
      absent: ['staff_submission:dr', 'unit_submission:dr'],
      present: ['review_rounds:dr', 'plan:t'],
    },
    {
      name: 'a plan reported after as-of gives no D yet',
      row: {
        name: '',
        doc: { deadline: null },
        task: { plan: { reportedAt: '2025-03-21 10:00', targetDate: '2025-03-28' } },
        asOf: '2025-03-20 17:00',
        staff: undefined,
        unit: undefined,
      },
      absent: ['staff_submission:dr', 'unit_submission:dr'],
      present: ['plan:t'],
    },
    {
      name: 'a unit deadline without D: only the drafter’s submission',
      row: {
        name: '',
        doc: { deadline: null },
        draft: { unitDeadline: '2025-03-14' },
        asOf: '2025-03-20 17:00',
        staff: undefined,
        unit: undefined,
      },
      absent: ['unit_submission:dr'],
      present: ['staff_submission:dr'],
    },
    {
      name: 'a cancelled task takes its drafts’ judged obligations with it',
      row: {
        name: '',
        task: { cancelledAt: '2025-03-19 10:00' },
        draft: { submittedToUnitAt: '2025-03-12 08:00' },
        asOf: '2025-03-20 17:00',
        staff: undefined,
        unit: undefined,
      },
      absent: ['staff_submission:dr', 'unit_submission:dr', 'review_rounds:dr'],
      present: [],
    },
    {
      name: 'a draft of a task assigned after as-of does not exist yet',
      row: {
        name: '',
        task: { assignedAt: '2025-03-21 09:00' },
        asOf: '2025-03-20 17:00',
        staff: undefined,
        unit: undefined,
      },
      absent: ['staff_submission:dr', 'unit_submission:dr', 'review_rounds:dr'],
      present: [],
    },
    {
      name: 'a draft answering a confidential document is outside every rule',
      row: {
        name: '',
        doc: { confidentiality: 'top_secret' },
        asOf: '2025-03-20 17:00',
        staff: undefined,
        unit: undefined,
      },
      absent: ['staff_submission:dr', 'unit_submission:dr', 'review_rounds:dr', 'document_channel:d'],
      present: [],
    },
  ];
  it.each(none)('$name', ({ row, absent, present }) => {
    const result = evaluateRow(row);
    for (const id of absent) expect(find(result, id)).toBeUndefined();
    for (const id of present) expect(find(result, id)).toBeDefined();
  });
});
