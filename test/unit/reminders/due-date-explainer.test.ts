import { describe, expect, it } from '@jest/globals';
import { explainDueDate } from '../../../src/presentation/due-date-explainer.js';
import { calendar, dataset, find, run, type Spec } from '../../factories/dataset.factory.js';

const cal = calendar();

/** The why-line of an obligation as the rules computed it. */
function why(spec: Spec, asOf: string, id: string, lang: 'vi' | 'en' = 'vi'): string {
  const ob = find(run(dataset(spec), { asOf, trackingStart: '2024-01-01' }), id);
  if (ob === undefined || ob.dueDate === null) throw new Error(`no timed obligation ${id}`);
  return explainDueDate(
    { rule: ob.rule, dueDate: ob.dueDate, tight: ob.tight, details: ob.details },
    cal,
    lang,
  );
}

/** One line per due date, naming the holidays in between, so a person can redo the arithmetic. */
describe('why the due date is what it is', () => {
  const rows: { name: string; spec: Spec; asOf: string; id: string; lang?: 'vi' | 'en'; want: string }[] = [
    {
      name: 'the issue’s example: unit due 2 working days before Tue 6 May 2025, across 30/4–2/5',
      spec: {
        documents: [{ id: 'cv', deadline: '2025-05-06', receivedAt: '2025-04-21 08:00' }],
        tasks: [{ id: 'k', documentId: 'cv', assignedAt: '2025-04-21 09:00' }],
        drafts: [{ id: 'kd', taskId: 'k' }],
      },
      asOf: '2025-04-25 01:00',
      id: 'unit_submission:kd',
      want: '2 ngày làm việc trước hạn 06/05, trừ nghỉ lễ 30/4–2/5 (Ngày Chiến thắng 30/4; Ngày Quốc tế Lao động 1/5; Hoán đổi ngày làm việc)',
    },
    {
      name: 'the drafter’s date is counted from the unit’s, itself from the deadline',
      spec: {
        documents: [{ id: 'cv', deadline: '2025-05-06', receivedAt: '2025-04-21 08:00' }],
        tasks: [{ id: 'k', documentId: 'cv', assignedAt: '2025-04-21 09:00' }],
        drafts: [{ id: 'kd', taskId: 'k' }],
      },
      asOf: '2025-04-25 01:00',
      id: 'staff_submission:kd',
      want:
        '1 ngày làm việc trước hạn đơn vị trình lãnh đạo sở 29/04, tức 2 ngày làm việc trước hạn 06/05, ' +
        'trừ nghỉ lễ 30/4–2/5 (Ngày Chiến thắng 30/4; Ngày Quốc tế Lao động 1/5; Hoán đổi ngày làm việc)',
    },
    {
      name: 'in English on request',
      spec: {
        documents: [{ id: 'cv', deadline: '2025-05-06', receivedAt: '2025-04-21 08:00' }],
        tasks: [{ id: 'k', documentId: 'cv', assignedAt: '2025-04-21 09:00' }],
        drafts: [{ id: 'kd', taskId: 'k' }],
      },
      asOf: '2025-04-25 01:00',
      id: 'unit_submission:kd',
      lang: 'en',
      want: '2 working days before the deadline 06/05, not counting the holidays 30/4–2/5 (Reunification Day; International Labour Day; Moved working day)',
    },
    {
      name: 'a plan across Tết 2025: the whole break named once',
      spec: { tasks: [{ id: 'p', assignedAt: '2025-01-24 10:00' }] },
      asOf: '2025-01-24 17:00',
      id: 'plan:p',
      want: '3 ngày làm việc sau ngày nhận nhiệm vụ 24/01 (nhiệm vụ không có thời hạn), trừ nghỉ lễ 27/1–31/1 (Tết Nguyên đán)',
    },
    {
      name: 'a plan across the 2024 Tết break that spans a weekend (8–14 Feb)',
      spec: { tasks: [{ id: 'p', assignedAt: '2024-02-07 10:00' }] },
      asOf: '2024-02-07 17:00',
      id: 'plan:p',
      want: '3 ngày làm việc sau ngày nhận nhiệm vụ 07/02 (nhiệm vụ không có thời hạn), trừ nghỉ lễ 8/2–14/2 (Tết Nguyên đán)',
    },
    {
      name: 'a make-up Saturday counts and is said to',
      spec: { tasks: [{ id: 'p', assignedAt: '2024-05-02 10:00' }] },
      asOf: '2024-05-02 17:00',
      id: 'plan:p',
      want: '3 ngày làm việc sau ngày nhận nhiệm vụ 02/05 (nhiệm vụ không có thời hạn), tính cả thứ Bảy 4/5 làm bù',
    },
    {
      name: 'a tight deadline (e4 of the worked example): the next working day after arrival',
      spec: {
        documents: [{ id: 'e4', deadline: '2024-04-19', receivedAt: '2024-04-16 08:00' }],
        tasks: [{ id: 'e4', documentId: 'e4', assignedAt: '2024-04-16 09:00' }],
        drafts: [{ id: 'e4d', taskId: 'e4' }],
      },
      asOf: '2024-04-16 17:00',
      id: 'unit_submission:e4d',
      want: 'hạn gấp: trình ngay ngày làm việc sau ngày văn bản đến 16/04 (hạn 19/04 không đủ thời gian trình trước theo quy định)',
    },
    {
      name: 'an extended deadline says so, with the old date',
      spec: {
        tasks: [
          {
            id: 'g',
            assignedAt: '2024-05-06 09:00',
            deadline: '2024-05-17',
            deadlineChanges: [{ deadline: '2024-05-24', at: '2024-05-13 16:00' }],
          },
        ],
        drafts: [{ id: 'gd', taskId: 'g' }],
      },
      asOf: '2024-05-14 01:00',
      id: 'unit_submission:gd',
      want: '2 ngày làm việc trước hạn 24/05 (đã gia hạn, hạn cũ 17/05)',
    },
    {
      name: 'the unit’s own earlier deadline for the drafter',
      spec: {
        tasks: [{ id: 'u', assignedAt: '2024-05-06 09:00', deadline: '2024-05-24' }],
        drafts: [{ id: 'ud', taskId: 'u', unitDeadline: '2024-05-20' }],
      },
      asOf: '2024-05-07 01:00',
      id: 'staff_submission:ud',
      want: '1 ngày làm việc trước hạn đơn vị yêu cầu 20/05',
    },
    {
      name: 'a weekly schedule whose due day is the make-up Saturday before the week',
      spec: {},
      asOf: '2024-05-02 17:00',
      id: 'weekly_schedule:VP:2024-W19',
      want: 'ngày làm việc cuối cùng trước tuần 2024-W19 (bắt đầu thứ Hai 06/05)',
    },
    {
      name: 'a year whose days off are derived, not announced, is flagged',
      spec: { tasks: [{ id: 'p', assignedAt: '2027-03-01 10:00' }] },
      asOf: '2027-03-01 17:00',
      id: 'plan:p',
      want: '3 ngày làm việc sau ngày nhận nhiệm vụ 01/03 (nhiệm vụ không có thời hạn) — lịch nghỉ năm 2027 suy ra theo quy định, chưa có công bố',
    },
  ];
  it.each(rows)('$name', ({ spec, asOf, id, lang, want }) => {
    expect(why(spec, asOf, id, lang)).toBe(want);
  });
});
