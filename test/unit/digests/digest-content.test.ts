import { describe, expect, it } from '@jest/globals';
import type { RuleFigures, Tally, UnitDigest } from '../../../src/domain/digests/digest-content.js';
import {
  digestUnitIds,
  leadershipDigest,
  leadershipRecipients,
  unitDigest,
  unitDigestRecipients,
} from '../../../src/domain/digests/digest-content.js';
import type { Obligation } from '../../../src/domain/rules/obligation.js';
import { formatDay, formatInstant } from '../../../src/domain/time.js';
import { day } from '../../factories/dataset.factory.js';
import { scenario, scenarioDataset } from './digest-scenario.js';

/** Only the rules with something judged, as `met/judged`: how a person reads the table. */
const judgedRules = (figures: RuleFigures[]) =>
  Object.fromEntries(figures.filter((f) => f.judged > 0).map((f) => [f.rule, `${f.met}/${f.judged}`]));
const short = (t: Tally) => `${t.met}/${t.judged}`;
const items = (list: UnitDigest['overdue']) =>
  list.map(
    (i) => `${formatDay(i.dueDate)} ${i.obligationId}${i.workingDaysLate ? ` +${i.workingDaysLate}` : ''}`,
  );

describe('weekly digest content', () => {
  const { basis } = scenario();
  const vp = unitDigest(basis, 'VP');
  const kh = unitDigest(basis, 'KH');

  it('reports week 2024-W15 as of its slot, in phase 2024-1', () => {
    expect(formatDay(vp.period.monday)).toBe('2024-04-08');
    expect(formatDay(vp.period.sunday)).toBe('2024-04-14');
    expect(formatInstant(vp.period.asOf)).toBe('2024-04-15T07:30:00+07:00');
    expect(vp.period.phase?.id).toBe('2024-1');
  });

  const lastWeek: { unit: string; rules: Record<string, string>; total: string }[] = [
    // t1 met, t2 overdue, t4 met; the 2024-W16 schedule (due Fri 12/4) met; e1 electronic, p1 paper
    { unit: 'VP', rules: { plan: '2/3', document_channel: '1/2', weekly_schedule: '1/1' }, total: '4/6' },
    // t3 reported a day late; no 2024-W16 schedule
    { unit: 'KH', rules: { plan: '0/1', weekly_schedule: '0/1' }, total: '0/2' },
  ];
  it.each(lastWeek)('last week’s figures per rule: $unit $total', ({ unit, rules, total }) => {
    const d = unitDigest(basis, unit);
    expect(judgedRules(d.lastWeek)).toEqual(rules);
    expect(short(d.lastWeekTotal)).toBe(total);
    // Every rule is listed, in DOMAIN.md's order, even with nothing judged.
    expect(d.lastWeek.map((f) => f.rule)).toEqual([
      'plan',
      'staff_submission',
      'unit_submission',
      'review_rounds',
      'document_channel',
      'digital_signature',
      'official_mailbox',
      'weekly_schedule',
    ]);
  });

  it('phase-to-date figures add the weeks before and the per-phase mailbox rule', () => {
    // VP: schedules 2024-W15 and W16 met; the mailboxes are still open (pending) in the phase.
    expect(judgedRules(vp.phaseToDate)).toEqual({
      plan: '2/3',
      document_channel: '1/2',
      weekly_schedule: '2/2',
    });
    // KH: CV2 has only a gmail address: violated for the phase.
    expect(judgedRules(kh.phaseToDate)).toEqual({
      plan: '0/1',
      official_mailbox: '0/1',
      weekly_schedule: '1/2',
    });
  });

  it('scores and ranks the units of the phase, the leadership’s unit not among them', () => {
    // VP: (10·2/3 + 15·1/2 + 10·1) / 35 = 69.05; KH: (10·0 + 10·0 + 10·1/2) / 30 = 16.67.
    expect(vp.standing).toEqual({ score: 69.05, grade: 'pass', rank: 1, of: 2 });
    expect(kh.standing).toEqual({ score: 16.67, grade: 'fail', rank: 2, of: 2 });
  });

  it('ties share a rank; a unit with nothing judged has none', () => {
    // Only the 2024-W15 schedules: every unit published on time, so VP and KH tie at 100.
    const { basis: tied } = scenario((_, obligations) =>
      obligations.filter((o) => o.id.startsWith('weekly_schedule:') && o.id.endsWith(':2024-W15')),
    );
    expect([unitDigest(tied, 'VP').standing, unitDigest(tied, 'KH').standing]).toEqual([
      { score: 100, grade: 'excellent', rank: 1, of: 2 },
      { score: 100, grade: 'excellent', rank: 1, of: 2 },
    ]);
    // Only the plans that were met: VP 100; KH has nothing judged, so no score and no rank.
    const { basis: one } = scenario((_, obligations) =>
      obligations.filter((o) => o.rule === 'plan' && o.status === 'met'),
    );
    expect(unitDigest(one, 'VP').standing).toEqual({ score: 100, grade: 'excellent', rank: 1, of: 1 });
    expect(unitDigest(one, 'KH').standing).toBeNull();
  });

  it('lists what is overdue, oldest first, with working days late', () => {
    expect(items(vp.overdue)).toEqual(['2024-04-09 plan:t2 +4']);
    expect(items(kh.overdue)).toEqual(['2024-04-12 weekly_schedule:KH:2024-W16 +1']);
    expect(vp.overdue[0]).toMatchObject({
      personName: 'Ngô Minh Châu',
      subject: { kind: 'task', title: 'Nhiệm vụ t2' },
    });
  });

  it('lists what falls due in the next 5 working days, across Giỗ Tổ (Thu 18/4)', () => {
    expect(formatDay(vp.period.horizon.from)).toBe('2024-04-15');
    expect(formatDay(vp.period.horizon.to)).toBe('2024-04-22');
    expect(vp.period.horizon.exceptions.map((e) => [formatDay(e.day), e.working, e.reason])).toEqual([
      ['2024-04-18', false, 'Giỗ Tổ Hùng Vương (10/3 âm lịch)'],
    ]);
    expect(items(vp.dueSoon)).toEqual([
      '2024-04-16 plan:t5',
      '2024-04-19 plan:t6',
      '2024-04-19 staff_submission:d5',
      '2024-04-19 weekly_schedule:VP:2024-W17',
      '2024-04-22 staff_submission:d6',
      '2024-04-22 unit_submission:d5',
    ]);
    // Due Tue 23/4, the 6th working day: not yet.
    expect(vp.dueSoon.map((i) => i.obligationId)).not.toContain('unit_submission:d6');
  });

  it('has a row per person: the head first, then by name', () => {
    expect(
      vp.people.map((p) => [
        p.name,
        p.isHead,
        short(p.lastWeek),
        p.phaseScore?.score ?? null,
        p.overdue,
        p.dueSoon,
      ]),
    ).toEqual([
      // TP answers for the unit's schedules and submissions.
      ['Vũ Thị Lan', true, '1/1', 100, 0, 2],
      ['Ngô Minh Châu', false, '2/3', 66.67, 1, 4],
    ]);
    expect(kh.people.map((p) => [p.name, short(p.lastWeek), p.overdue])).toEqual([
      ['Trần Văn Bình', '0/1', 1],
      ['Đỗ Thị Hằng', '0/1', 0],
    ]);
  });

  it('has a trend per week over the last 8 weeks; weeks before tracking are empty', () => {
    expect(vp.trend.map((w) => `${w.week} ${w.judged ? short(w) : '—'}`)).toEqual([
      '2024-W08 —',
      '2024-W09 —',
      '2024-W10 —',
      '2024-W11 —',
      '2024-W12 —',
      '2024-W13 —',
      // the 2024-W15 schedule, due Fri 5/4
      '2024-W14 1/1',
      '2024-W15 4/6',
    ]);
    expect(vp.trend.at(-1)!.rate).toBeCloseTo(4 / 6);
  });

  it('puts all units side by side for leadership: ranked ones first, the leadership’s own last', () => {
    const lead = leadershipDigest(basis);
    expect(
      lead.units.map((u) => [
        u.unit.id,
        u.standing?.rank ?? null,
        short(u.lastWeek),
        u.overdue,
        u.dueSoon,
        u.leadership,
      ]),
    ).toEqual([
      ['VP', 1, '4/6', 1, 6, false],
      ['KH', 2, '0/2', 1, 1, false],
      ['BGD', 0, '1/1', 0, 1, true],
    ]);
    expect(short(lead.lastWeekTotal)).toBe('5/9');
    expect(judgedRules(lead.lastWeek)).toEqual({
      plan: '2/4',
      document_channel: '1/2',
      weekly_schedule: '2/3',
    });
    expect([lead.overdue, lead.dueSoon]).toEqual([2, 8]);
    expect(lead.trend.at(-1)).toMatchObject({ week: '2024-W15', judged: 9, met: 5 });
  });

  it('sends unit digests to heads and the leadership digest to the leaders, never to staff', () => {
    const ds = scenarioDataset();
    expect(digestUnitIds(ds)).toEqual(['KH', 'VP']);
    expect(unitDigestRecipients(ds, 'VP')).toEqual([
      { personId: 'TP', name: 'Vũ Thị Lan', address: 'lanvt@hanam.gov.vn' },
    ]);
    expect(leadershipRecipients(ds).map((r) => r.address)).toEqual([
      'namhv@hanam.gov.vn',
      'mailt@hanam.gov.vn',
    ]);
    ds.people.get('TP')!.active = false;
    expect(unitDigestRecipients(ds, 'VP')).toEqual([]);
  });

  it('never lets a confidential subject in, even if an obligation for one slipped through', () => {
    const leaked = (
      base: Obligation,
      id: string,
      rule: Obligation['rule'],
      subjectId: string,
    ): Obligation => ({
      ...base,
      id,
      rule,
      subjectId,
      unitId: 'VP',
      status: 'overdue',
      dueDate: day('2024-04-10'),
      anchor: day('2024-04-10'),
    });
    const { basis: guarded } = scenario((_, obligations) => {
      const base = obligations.find((o) => o.id === 'plan:t2')!;
      return [
        ...obligations,
        leaked(base, 'plan:ts', 'plan', 'ts'),
        leaked(base, 'document_channel:sec', 'document_channel', 'sec'),
        leaked(base, 'plan:gone', 'plan', 'gone'),
      ];
    });
    const d = unitDigest(guarded, 'VP');
    expect(d.overdue.map((i) => i.obligationId)).toEqual(['plan:t2']);
    expect(short(d.lastWeekTotal)).toBe('4/6');
    expect(JSON.stringify(d)).not.toMatch(/ZZZKIN|document_channel:sec|plan:ts|plan:gone/);
  });
});
