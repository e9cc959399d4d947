/**
 * One small agency in April 2024, for the digest tests. The digest reports week 2024-W15
 * (Mon 8 – Sun 14 April) and goes out at 07:30 on Mon 15 April; Thu 18 April is Giỗ Tổ Hùng
 * Vương, so "the next 5 working days" are 15, 16, 17, 19 and 22 April.
 *
 * VP (head TP Vũ Thị Lan, staff CV Ngô Minh Châu), KH (head TP2 Trần Văn Bình, staff CV2 with a
 * gmail address), and the leadership's unit BGD (GD, leader; PGD, deputy).
 */
import type { Dataset } from '../../../src/domain/model.js';
import type { Obligation } from '../../../src/domain/rules/obligation.js';
import type { DigestBasis } from '../../../src/domain/digests/digest-content.js';
import { digestBasis } from '../../../src/domain/digests/digest-content.js';
import { digestSlotFor } from '../../../src/domain/digests/digest-schedule.js';
import { calendar, config, dataset, run } from '../../factories/dataset.factory.js';

export const WEEK = { year: 2024, week: 15 };

export function scenarioDataset(): Dataset {
  const ds = dataset({
    units: [
      { id: 'KH', name: 'Phòng Kế hoạch - Tài chính', headId: 'TP2' },
      { id: 'BGD', name: 'Ban Giám đốc', headId: 'GD' },
    ],
    people: [
      { id: 'TP2', name: 'Trần Văn Bình', unitId: 'KH', role: 'unit_head', email: 'binhtv@hanam.gov.vn' },
      { id: 'CV2', name: 'Đỗ Thị Hằng', unitId: 'KH', role: 'staff', email: 'hangdt@gmail.com' },
      { id: 'GD', name: 'Hoàng Văn Nam', unitId: 'BGD', role: 'leader', email: 'namhv@hanam.gov.vn' },
      { id: 'PGD', name: 'Lê Thị Mai', unitId: 'BGD', role: 'deputy_head', email: 'mailt@hanam.gov.vn' },
    ],
    documents: [
      { id: 'e1', receivedAt: '2024-04-10 08:00', date: '2024-04-10', channel: 'electronic' },
      { id: 'p1', receivedAt: '2024-04-10 09:00', date: '2024-04-10', channel: 'paper' },
      { id: 'sec', confidentiality: 'secret', date: '2024-04-10' },
    ],
    tasks: [
      // plan due Mon 8/4, reported that day: met
      {
        id: 't1',
        assignedAt: '2024-04-03 10:00',
        plan: { reportedAt: '2024-04-08 09:00', targetDate: null },
      },
      // plan due Tue 9/4, never reported: overdue, 4 working days late on Mon 15/4
      { id: 't2', assignedAt: '2024-04-04 10:00' },
      // KH: plan due Wed 10/4, reported Thu 11/4: late
      {
        id: 't3',
        unitId: 'KH',
        assigneeId: 'CV2',
        assignedAt: '2024-04-05 10:00',
        plan: { reportedAt: '2024-04-11 09:00', targetDate: null },
      },
      // plan due Fri 12/4, reported on the day: met
      {
        id: 't4',
        assignedAt: '2024-04-09 10:00',
        plan: { reportedAt: '2024-04-12 16:00', targetDate: null },
      },
      // plan due Tue 16/4: pending, in the window
      { id: 't5', assignedAt: '2024-04-11 10:00' },
      // plan due Fri 19/4 (Thu 18 is a holiday): pending, in the window
      { id: 't6', assignedAt: '2024-04-15 06:00' },
      // deadline Wed 24/4: staff due Fri 19/4, unit due Mon 22/4 — both in the window
      { id: 't7', assignedAt: '2024-04-10 09:00', deadline: '2024-04-24' },
      // deadline Thu 25/4: staff due Mon 22/4 (in), unit due Tue 23/4 (out)
      { id: 't8', assignedAt: '2024-04-10 09:00', deadline: '2024-04-25' },
      // handles the secret document: outside every rule, never shown
      { id: 'ts', documentId: 'sec', assignedAt: '2024-04-10 09:00' },
    ],
    drafts: [
      { id: 'd5', taskId: 't7' },
      { id: 'd6', taskId: 't8' },
    ],
    schedules: [
      { unitId: 'VP', week: '2024-W15', publishedAt: '2024-04-04 15:00' },
      { unitId: 'VP', week: '2024-W16', publishedAt: '2024-04-11 15:00' },
      { unitId: 'KH', week: '2024-W15', publishedAt: '2024-04-05 10:00' },
      { unitId: 'BGD', week: '2024-W15', publishedAt: '2024-04-05 10:00' },
      { unitId: 'BGD', week: '2024-W16', publishedAt: '2024-04-12 10:00' },
    ],
  });
  ds.tasks.get('ts')!.title = 'Xử lý ZZZKIN';
  ds.tasks.get('t5')!.title = 'Báo cáo <b>sơ kết</b> & kiến nghị';
  return ds;
}

/** The slot's evaluation, and the basis the digests are built from. */
export function scenario(extra: (ds: Dataset, obligations: Obligation[]) => Obligation[] = (_, o) => o): {
  ds: Dataset;
  obligations: Obligation[];
  basis: DigestBasis;
} {
  const ds = scenarioDataset();
  const cal = calendar();
  const slot = digestSlotFor(WEEK, cal, 7 * 60 + 30)!;
  const evaluation = run(ds, { asOf: '2024-04-15 07:30', trackingStart: '2024-04-01', cal });
  if (slot.at !== evaluation.asOf) throw new Error('the scenario must be evaluated at the slot');
  const obligations = extra(ds, evaluation.obligations);
  const basis = digestBasis({
    week: WEEK,
    asOf: slot.at,
    obligations,
    dataset: ds,
    campaigns: config.campaigns,
    calendar: cal,
  });
  return { ds, obligations, basis };
}
