import { describe, expect, it } from '@jest/globals';
import type { MissedReminder, ReminderCandidate } from '../../../src/domain/reminders/reminder-planner.js';
import { planReminders } from '../../../src/domain/reminders/reminder-planner.js';
import type { ReminderPolicy } from '../../../src/domain/reminders/reminder-policy.js';
import { slotAt } from '../../../src/domain/reminders/reminder-slot.js';
import { formatDay, localDay, parseDay } from '../../../src/domain/time.js';
import { at, calendar, dataset, run, type Spec } from '../../factories/dataset.factory.js';
import { candidatesOf, directoryOf, policy } from './reminder-fixtures.js';

const cal = calendar();

/** The reminders planned for the slot at `slot`, from the obligations as evaluated at `evaluatedAt`. */
function plan(
  spec: Spec,
  evaluatedAt: string,
  slot: string,
  options: {
    policy?: ReminderPolicy;
    edit?: (c: ReminderCandidate[]) => void;
    missed?: MissedReminder[];
    stale?: Map<string, number | null>;
  } = {},
) {
  const ds = dataset(spec);
  const candidates = candidatesOf(run(ds, { asOf: evaluatedAt, trackingStart: '2024-01-01' }), ds).filter(
    (c) => c.rule !== 'weekly_schedule' || spec.units === undefined,
  );
  options.edit?.(candidates);
  const decision = slotAt(at(slot), options.policy ?? policy, cal);
  if (decision.slot === null) return { noSlot: decision.reason, items: [], skipped: [] };
  const result = planReminders({
    slot: decision.slot,
    candidates: candidates.filter((c) => c.rule !== 'weekly_schedule'),
    directory: directoryOf(ds),
    policy: options.policy ?? policy,
    calendar: cal,
    missed: options.missed,
    stale: options.stale,
  });
  return {
    noSlot: null,
    items: result.items.map((i) => ({
      id: i.obligationId,
      stage: i.stage,
      due: formatDay(i.dueDate),
      to: i.to.address,
      cc: i.cc.map((c) => c.address),
      left: i.workingDaysLeft,
      late: i.workingDaysLate,
      ...(i.lateFrom === undefined ? {} : { lateFrom: formatDay(i.lateFrom) }),
    })),
    skipped: result.skipped.map((s) => `${s.obligationId} ${s.stage} ${s.reason}`),
  };
}

const CV = 'chaunm@hanam.gov.vn';
const TP = 'lanvt@hanam.gov.vn';
const LEADERSHIP = 'lanhdaoso@hanam.gov.vn';

/**
 * A plan task assigned Thu 2 May 2024 is due WD(2/5, +3) = Mon 6 May (Fri 3, make-up Sat 4, Mon 6).
 * Its reminders: before on WD(6/5, −1) = Sat 4 May (làm bù), due on Mon 6, escalation on Tue 7.
 */
describe('planner: which reminders a slot holds (plan task due Mon 6 May 2024)', () => {
  const spec: Spec = { tasks: [{ id: 't1', assignedAt: '2024-05-02 10:00' }] };
  const rows: { name: string; slot: string; evaluatedAt?: string; want: ReturnType<typeof plan>['items'] }[] =
    [
      {
        name: 'Fri 3 May: nothing yet (a naive "weekday before" would remind today)',
        slot: '2024-05-03 08:00',
        want: [],
      },
      {
        name: 'make-up Sat 4 May: the reminder one working day before, to the assignee',
        slot: '2024-05-04 08:00',
        want: [{ id: 'plan:t1', stage: 'before', due: '2024-05-06', to: CV, cc: [], left: 1, late: null }],
      },
      {
        name: 'Mon 6 May: the due-day reminder',
        slot: '2024-05-06 08:00',
        evaluatedAt: '2024-05-06 01:30',
        want: [{ id: 'plan:t1', stage: 'due', due: '2024-05-06', to: CV, cc: [], left: 0, late: null }],
      },
      {
        name: 'Tue 7 May: the escalation, unit head in copy, 1 working day late',
        slot: '2024-05-07 08:00',
        evaluatedAt: '2024-05-07 01:30',
        want: [
          { id: 'plan:t1', stage: 'escalation', due: '2024-05-06', to: CV, cc: [TP], left: null, late: 1 },
        ],
      },
      {
        name: 'the escalation goes out even if the stored status is still pending (last sync before the due date)',
        slot: '2024-05-07 08:00',
        evaluatedAt: '2024-05-05 01:30',
        want: [
          { id: 'plan:t1', stage: 'escalation', due: '2024-05-06', to: CV, cc: [TP], left: null, late: 1 },
        ],
      },
      {
        name: 'Wed 8 May: nothing more',
        slot: '2024-05-08 08:00',
        evaluatedAt: '2024-05-08 01:30',
        want: [],
      },
    ];
  it.each(rows)('$name', ({ slot, evaluatedAt, want }) => {
    expect(plan(spec, evaluatedAt ?? '2024-05-03 01:30', slot).items).toEqual(want);
  });
});

describe('planner: working days, not weekdays', () => {
  const rows: { name: string; spec: Spec; evaluatedAt: string; slot: string; want: string[] }[] = [
    {
      name: 'due Fri 26 Apr 2024: the escalation skips the weekend and 29/4 (moved), 30/4, 1/5 — Thu 2 May',
      spec: { tasks: [{ id: 'a', assignedAt: '2024-04-23 09:00' }] },
      evaluatedAt: '2024-04-29 01:30',
      slot: '2024-05-02 08:00',
      want: ['plan:a escalation 2024-04-26'],
    },
    {
      name: '… and nothing on Mon 29 Apr, the moved day off',
      spec: { tasks: [{ id: 'a', assignedAt: '2024-04-23 09:00' }] },
      evaluatedAt: '2024-04-29 01:30',
      slot: '2024-04-29 08:00',
      want: [],
    },
    {
      name: 'due Wed 7 Feb 2024: the escalation is Thu 15 Feb, after Tết (8–14 Feb)',
      spec: { tasks: [{ id: 'b', assignedAt: '2024-02-02 09:00' }] },
      evaluatedAt: '2024-02-15 01:30',
      slot: '2024-02-15 08:00',
      want: ['plan:b escalation 2024-02-07'],
    },
    {
      name: 'due Thu 15 Feb 2024 (assigned Mon 5 Feb): the reminder before is Wed 7 Feb, before Tết',
      spec: { tasks: [{ id: 'c', assignedAt: '2024-02-05 09:00' }] },
      evaluatedAt: '2024-02-07 01:30',
      slot: '2024-02-07 08:00',
      want: ['plan:c before 2024-02-15'],
    },
    {
      name: 'due Fri 10 May 2024: the escalation is Mon 13 May, not Sat 11',
      spec: { tasks: [{ id: 'd', assignedAt: '2024-05-07 09:00' }] },
      evaluatedAt: '2024-05-13 01:30',
      slot: '2024-05-13 08:00',
      want: ['plan:d escalation 2024-05-10'],
    },
  ];
  it.each(rows)('$name', ({ spec, evaluatedAt, slot, want }) => {
    expect(plan(spec, evaluatedAt, slot).items.map((i) => `${i.id} ${i.stage} ${i.due}`)).toEqual(want);
  });

  it('plans nothing for a slot on a day that is not worked, whatever the caller passes', () => {
    const ds = dataset({ tasks: [{ id: 'a', assignedAt: '2024-04-23 09:00' }] });
    const candidates = candidatesOf(run(ds, { asOf: '2024-04-25 17:00', trackingStart: '2024-01-01' }), ds);
    const result = planReminders({
      slot: { day: localDay(at('2024-04-29 08:00')), at: at('2024-04-29 08:00') },
      candidates,
      directory: directoryOf(ds),
      policy,
      calendar: cal,
    });
    expect(result.items).toEqual([]);
  });
});

/**
 * Submissions: task with deadline D = Fri 17 May 2024 and a draft. U = WD(D, −2) = Wed 15 May,
 * S = WD(U, −1) = Tue 14 May. The unit head (TP) answers for U.
 */
describe('planner: recipients and copies per rule', () => {
  const spec: Spec = {
    tasks: [{ id: 'k', assignedAt: '2024-05-06 09:00', deadline: '2024-05-17' }],
    drafts: [{ id: 'kd', taskId: 'k' }],
  };
  it('the drafter’s escalation copies the unit head, on the unit’s own due day', () => {
    expect(plan(spec, '2024-05-15 01:30', '2024-05-15 08:00').items).toEqual([
      {
        id: 'staff_submission:kd',
        stage: 'escalation',
        due: '2024-05-14',
        to: CV,
        cc: [TP],
        left: null,
        late: 1,
      },
      { id: 'unit_submission:kd', stage: 'due', due: '2024-05-15', to: TP, cc: [], left: 0, late: null },
    ]);
  });

  it('the unit’s escalation copies leadership (the head, in copy too by policy, is already the addressee)', () => {
    expect(plan(spec, '2024-05-16 01:30', '2024-05-16 08:00').items).toEqual([
      {
        id: 'unit_submission:kd',
        stage: 'escalation',
        due: '2024-05-15',
        to: TP,
        cc: [LEADERSHIP],
        left: null,
        late: 1,
      },
    ]);
  });

  it('the same slot can hold one person’s reminder before one item and the due day of another', () => {
    expect(plan(spec, '2024-05-14 01:30', '2024-05-14 08:00').items).toEqual([
      { id: 'staff_submission:kd', stage: 'due', due: '2024-05-14', to: CV, cc: [], left: 0, late: null },
      { id: 'unit_submission:kd', stage: 'before', due: '2024-05-15', to: TP, cc: [], left: 1, late: null },
    ]);
  });

  it('a weekly schedule reminds the unit head', () => {
    const ds = dataset({ tasks: [] });
    const ev = run(ds, { asOf: '2024-05-09 01:30', trackingStart: '2024-05-01' });
    const decision = slotAt(at('2024-05-09 08:00'), policy, cal);
    const result = planReminders({
      slot: decision.slot!,
      candidates: candidatesOf(ev, ds),
      directory: directoryOf(ds),
      policy,
      calendar: cal,
    });
    // Week 2024-W20 starts Mon 13 May: due Fri 10 May, reminded on Thu 9 May.
    expect(result.items.map((i) => [i.obligationId, i.stage, i.to.address])).toEqual([
      ['weekly_schedule:VP:2024-W20', 'before', TP],
    ]);
  });

  it('a policy without cc and with the unit head as addressee is followed', () => {
    const custom: ReminderPolicy = {
      ...policy,
      rules: { staff_submission: [{ stage: 'before', workingDays: 2, to: 'unit_head', cc: ['leadership'] }] },
    };
    // WD(Tue 14 May, −2) = Fri 10 May.
    expect(plan(spec, '2024-05-10 01:30', '2024-05-10 08:00', { policy: custom }).items).toEqual([
      {
        id: 'staff_submission:kd',
        stage: 'before',
        due: '2024-05-14',
        to: TP,
        cc: [LEADERSHIP],
        left: 2,
        late: null,
      },
    ]);
  });
});

describe('planner: what is never reminded', () => {
  const spec: Spec = {
    tasks: [{ id: 'k', assignedAt: '2024-05-06 09:00', deadline: '2024-05-17' }],
    drafts: [{ id: 'kd', taskId: 'k', submittedToUnitAt: '2024-05-13 10:00' }],
  };
  it('a met item (the drafter submitted), an exempt one, an excluded (confidential or cancelled) one', () => {
    const result = plan(spec, '2024-05-14 01:30', '2024-05-14 08:00', {
      edit: (cs) => {
        const unit = cs.find((c) => c.obligationId === 'unit_submission:kd')!;
        cs.push({ ...unit, obligationId: 'unit_submission:exempt', status: 'exempt' });
        cs.push({ ...unit, obligationId: 'unit_submission:secret', excluded: true });
      },
    });
    expect(result.items.map((i) => `${i.id} ${i.stage}`)).toEqual(['unit_submission:kd before']);
    expect(result.skipped).toEqual([
      'staff_submission:kd due closed',
      'unit_submission:exempt before closed',
      'unit_submission:secret before excluded',
    ]);
  });

  it('a late (done) item gets no escalation', () => {
    const late: Spec = {
      tasks: [{ id: 'k', assignedAt: '2024-05-06 09:00', deadline: '2024-05-17' }],
      drafts: [
        {
          id: 'kd',
          taskId: 'k',
          submittedToUnitAt: '2024-05-15 10:00',
          submittedToLeadershipAt: '2024-05-15 11:00',
        },
      ],
    };
    expect(plan(late, '2024-05-16 01:30', '2024-05-16 08:00').items).toEqual([]);
  });

  it('an assignee without a mail address: the unit head gets it in their place', () => {
    const ds = dataset({
      people: [{ id: 'NV', name: 'Lê Văn Bình', email: null }],
      tasks: [{ id: 'n', assignedAt: '2024-05-02 10:00', assigneeId: 'NV' }],
    });
    const decision = slotAt(at('2024-05-04 08:00'), policy, cal);
    const result = planReminders({
      slot: decision.slot!,
      candidates: candidatesOf(run(ds, { asOf: '2024-05-03 01:30', trackingStart: '2024-05-01' }), ds).filter(
        (c) => c.rule === 'plan',
      ),
      directory: directoryOf(ds),
      policy,
      calendar: cal,
    });
    expect(result.items.map((i) => [i.to.address, i.insteadOf])).toEqual([[TP, 'Lê Văn Bình']]);
  });

  it('nobody to write to: skipped, and said so', () => {
    const ds = dataset({
      units: [{ id: 'X', name: 'Phòng X', headId: null }],
      people: [{ id: 'NV', unitId: 'X', email: null }],
      tasks: [{ id: 'n', unitId: 'X', assignedAt: '2024-05-02 10:00', assigneeId: 'NV' }],
    });
    const decision = slotAt(at('2024-05-04 08:00'), policy, cal);
    const result = planReminders({
      slot: decision.slot!,
      candidates: candidatesOf(run(ds, { asOf: '2024-05-03 01:30', trackingStart: '2024-05-01' }), ds).filter(
        (c) => c.rule === 'plan',
      ),
      directory: directoryOf(ds),
      policy,
      calendar: cal,
    });
    expect(result.items).toEqual([]);
    expect(result.skipped).toEqual([{ obligationId: 'plan:n', stage: 'before', reason: 'no_recipient' }]);
  });
});

describe('planner: a due date that moves', () => {
  /** Deadline Fri 17 May, extended on Mon 13 May to Fri 24 May: U moves from Wed 15 to Wed 22. */
  const spec: Spec = {
    tasks: [
      {
        id: 'g',
        assignedAt: '2024-05-06 09:00',
        deadline: '2024-05-17',
        deadlineChanges: [{ deadline: '2024-05-24', at: '2024-05-13 16:00' }],
      },
    ],
    drafts: [{ id: 'gd', taskId: 'g' }],
  };
  it('before the extension is known, the unit is reminded on Tue 14 May for Wed 15', () => {
    expect(
      plan(spec, '2024-05-13 01:30', '2024-05-14 08:00').items.map((i) => `${i.id} ${i.stage} ${i.due}`),
    ).toContain('unit_submission:gd before 2024-05-15');
  });
  it('after it, the old reminder is gone and the new one planned for Tue 21 May', () => {
    expect(plan(spec, '2024-05-14 01:30', '2024-05-14 08:00').items).toEqual([]);
    expect(
      plan(spec, '2024-05-21 01:30', '2024-05-21 08:00').items.map((i) => `${i.id} ${i.stage} ${i.due}`),
    ).toEqual(['staff_submission:gd due 2024-05-21', 'unit_submission:gd before 2024-05-22']);
  });
});

/**
 * A reminder recorded for an earlier day and never sent (the mail server down all day) is planned
 * again in the next slot, late, while it still holds and no reminder of that slot covers it.
 */
describe('planner: reminders missed on an earlier day (plan task due Mon 6 May 2024)', () => {
  const spec: Spec = { tasks: [{ id: 't1', assignedAt: '2024-05-02 10:00' }] };
  const missed = (
    stage: 'before' | 'due' | 'escalation',
    day: string,
    due = '2024-05-06',
  ): MissedReminder => ({
    obligationId: 'plan:t1',
    stage,
    dueDate: parseDay(due)!,
    day: parseDay(day)!,
  });
  const rows: {
    name: string;
    slot: string;
    spec?: Spec;
    missed: MissedReminder;
    want: ReturnType<typeof plan>['items'];
  }[] = [
    {
      name: 'the escalation of Tue 7 May, not sent: on Wed 8 May, late, counted as of Wed',
      slot: '2024-05-08 08:00',
      missed: missed('escalation', '2024-05-07'),
      want: [
        {
          id: 'plan:t1',
          stage: 'escalation',
          due: '2024-05-06',
          to: CV,
          cc: [TP],
          left: null,
          late: 2,
          lateFrom: '2024-05-07',
        },
      ],
    },
    {
      name: 'the reminder of Sat 4 May, not sent: Mon 6 May’s due-day reminder says it, once',
      slot: '2024-05-06 08:00',
      missed: missed('before', '2024-05-04'),
      want: [{ id: 'plan:t1', stage: 'due', due: '2024-05-06', to: CV, cc: [], left: 0, late: null }],
    },
    {
      name: 'the plan reported since: nothing',
      slot: '2024-05-08 08:00',
      spec: {
        tasks: [
          {
            id: 't1',
            assignedAt: '2024-05-02 10:00',
            plan: { reportedAt: '2024-05-07 16:00', targetDate: '2024-05-20' },
          },
        ],
      },
      missed: missed('escalation', '2024-05-07'),
      want: [],
    },
    {
      name: 'the due date moved since: what it said no longer holds',
      slot: '2024-05-08 08:00',
      missed: missed('escalation', '2024-05-07', '2024-05-03'),
      want: [],
    },
  ];
  it.each(rows)('$name', (row) => {
    expect(plan(row.spec ?? spec, '2024-05-08 01:30', row.slot, { missed: [row.missed] }).items).toEqual(
      row.want,
    );
  });
});

/**
 * Freshness (docs/freshness.md): the plan task due Mon 6 May 2024 comes from source `vpdt`, whose
 * last good sync was Fri 3 May 01:30. No item may say it is late; the ones before it still go.
 */
describe('planner: an obligation waiting on a stale source', () => {
  const spec: Spec = { tasks: [{ id: 't1', assignedAt: '2024-05-02 10:00' }] };
  const fromVpdt = (c: ReminderCandidate[]) => c.forEach((x) => (x.sources = ['vpdt']));
  const stale = (lastGood: string | null) => new Map([['vpdt', lastGood === null ? null : at(lastGood)]]);

  it.each([
    ['the escalation Tue 7, stale since Fri 3: held back', '2024-05-07 08:00', stale('2024-05-03 01:30'), []],
    [
      'the escalation Tue 7, last good sync Tue 7 01:30 (after it turned overdue): sent',
      '2024-05-07 08:00',
      stale('2024-05-07 01:30'),
      ['plan:t1 escalation'],
    ],
    [
      'the due-day reminder Mon 6, stale: still sent',
      '2024-05-06 08:00',
      stale('2024-05-03 01:30'),
      ['plan:t1 due'],
    ],
    [
      'the escalation Tue 7, another source stale: sent',
      '2024-05-07 08:00',
      new Map([['mail', null]]),
      ['plan:t1 escalation'],
    ],
  ])('%s', (_, slot, staleness, want) => {
    const result = plan(spec, slot, slot, { edit: fromVpdt, stale: staleness as Map<string, number | null> });
    expect(result.items.map((i) => `${i.id} ${i.stage}`)).toEqual(want);
    if (want.length === 0) expect(result.skipped).toEqual(['plan:t1 escalation unknown']);
  });

  it('an obligation stored unknown gets no escalation, whatever the staleness input', () => {
    const result = plan(spec, '2024-05-07 08:00', '2024-05-07 08:00', {
      edit: (c) => c.forEach((x) => (x.status = 'unknown')),
    });
    expect(result.items).toEqual([]);
    expect(result.skipped).toEqual(['plan:t1 escalation unknown']);
  });

  it('a held-back escalation, planned again once the data is fresh, says why', () => {
    const ds = dataset(spec);
    const candidates = candidatesOf(run(ds, { asOf: '2024-05-08 01:30', trackingStart: '2024-01-01' }), ds);
    const decision = slotAt(at('2024-05-08 08:00'), policy, cal);
    const result = planReminders({
      slot: decision.slot!,
      candidates: candidates.filter((c) => c.rule === 'plan'),
      directory: directoryOf(ds),
      policy,
      calendar: cal,
      missed: [
        {
          obligationId: 'plan:t1',
          stage: 'escalation',
          dueDate: parseDay('2024-05-06')!,
          day: parseDay('2024-05-07')!,
          reason: 'stale',
        },
      ],
    });
    expect(
      result.items.map((i) => [i.obligationId, i.stage, i.lateFrom && formatDay(i.lateFrom), i.heldFor]),
    ).toEqual([['plan:t1', 'escalation', '2024-05-07', 'stale']]);
  });
});
